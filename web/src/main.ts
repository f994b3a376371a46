import { createApp } from 'vue';
import { createPinia } from 'pinia';
import ElementPlus from 'element-plus';
import 'element-plus/dist/index.css';
import 'element-plus/theme-chalk/dark/css-vars.css';
import './styles/main.css';
import App from './App.vue';
import { i18n } from './i18n';
import { createAppRouter } from './router';
import { setUnauthorizedHandler } from './api/client';
import { useAuthStore } from './stores/auth';

const app = createApp(App);
const pinia = createPinia();
app.use(pinia);
app.use(i18n);
app.use(ElementPlus);
const router = createAppRouter();
app.use(router);

setUnauthorizedHandler(() => {
  const auth = useAuthStore(pinia);
  if (!auth.isAuthenticated) return;
  auth.forget();
  const current = router.currentRoute.value;
  void router.replace({ name: 'login', query: { redirect: current.fullPath, expired: '1' } });
});

document.documentElement.lang = i18n.global.locale.value;
app.mount('#app');
