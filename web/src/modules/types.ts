import type { RouteRecordRaw } from 'vue-router';
import type { NavItem } from '@/nav/registry';

/**
 * A feature module of the UI. Later modules (Telemetry, Waste, Carbon, Energy) add one file
 * exporting an `AppModule` and list it in `modules/index.ts`; the shell needs no other change.
 */
export interface AppModule {
  id: string;
  /** Child routes of the signed-in layout. */
  routes: RouteRecordRaw[];
  nav: NavItem[];
}
