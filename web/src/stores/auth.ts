import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { authApi, http } from '@/api/endpoints';
import { ApiError } from '@/api/problem';
import type { LoginRequest, Me } from '@/api/models';
import { errorText } from '@/composables/useAsyncData';

export const useAuthStore = defineStore('auth', () => {
  const me = ref<Me | null>(null);
  const loaded = ref(false);
  /** Why the session could not be checked (server down, ...); the login page shows it. */
  const loadError = ref<string | null>(null);

  const isAuthenticated = computed(() => me.value !== null);
  const roles = computed<readonly string[]>(() => me.value?.roles ?? []);

  function hasAnyRole(required: readonly string[]): boolean {
    return required.some((role) => roles.value.includes(role));
  }

  /** Asks the server who we are; a 401 simply means "signed out", other failures are kept in `loadError`. */
  async function load(): Promise<void> {
    loadError.value = null;
    try {
      me.value = await authApi.me();
    } catch (error) {
      me.value = null;
      if (!(error instanceof ApiError) || error.status !== 401) loadError.value = errorText(error);
    } finally {
      loaded.value = true;
    }
  }

  async function ensureLoaded(): Promise<void> {
    if (!loaded.value) await load();
  }

  async function login(request: LoginRequest): Promise<Me> {
    const result = await authApi.login(request);
    // The antiforgery token is bound to the identity; the anonymous one is no longer valid.
    http.resetAntiforgery();
    me.value = result;
    loaded.value = true;
    return result;
  }

  async function logout(): Promise<void> {
    try {
      await authApi.logout();
    } finally {
      forget();
    }
  }

  /** Local sign-out without a server call (after a 401). */
  function forget(): void {
    http.resetAntiforgery();
    me.value = null;
    loaded.value = true;
  }

  function passwordChanged(): void {
    http.resetAntiforgery();
    if (me.value) me.value = { ...me.value, mustChangePassword: false };
  }

  return { me, loaded, loadError, isAuthenticated, roles, hasAnyRole, load, ensureLoaded, login, logout, forget, passwordChanged };
});
