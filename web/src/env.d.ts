/// <reference types="vite/client" />
import 'vue-router';
import type { Role } from '@/api/models';

declare module 'vue-router' {
  interface RouteMeta {
    /** Reachable without signing in. */
    public?: boolean;
    /** Only these roles may open the route; absent means any signed-in user. */
    roles?: readonly Role[];
    /** i18n key of the page title. */
    titleKey?: string;
  }
}
