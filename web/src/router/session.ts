import type { Router } from 'vue-router';

interface SessionState {
  readonly isAuthenticated: boolean;
  forget(): void;
}

/**
 * What to do when the server answers 401 to a signed-in user (session expired, signed out elsewhere, user disabled):
 * drop the local session and go to the login page, coming back to the same page afterwards.
 */
export function sessionExpiredHandler(router: Router, session: () => SessionState): () => void {
  return () => {
    const auth = session();
    if (!auth.isAuthenticated) return;
    auth.forget();
    const current = router.currentRoute.value;
    if (current.name === 'login') return;
    void router.replace({ name: 'login', query: { redirect: current.fullPath, expired: '1' } });
  };
}
