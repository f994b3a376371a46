import { createApp } from 'vue';
import { createPinia } from 'pinia';
import ElementPlus from 'element-plus';
import 'element-plus/dist/index.css';
import 'element-plus/theme-chalk/dark/css-vars.css';
import './styles/main.css';
import App from './App.vue';
import { i18n } from './i18n';
import { createAppRouter } from './router';
import { sessionExpiredHandler } from './router/session';
import { setUnauthorizedHandler } from './api/client';
import { useAuthStore } from './stores/auth';

const app = createApp(App);
const pinia = createPinia();
app.use(pinia);
app.use(i18n);
app.use(ElementPlus);
const router = createAppRouter();
app.use(router);

setUnauthorizedHandler(sessionExpiredHandler(router, () => useAuthStore(pinia)));

document.documentElement.lang = i18n.global.locale.value;
app.mount('#app');
