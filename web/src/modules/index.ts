import type { NavItem } from '@/nav/registry';
import type { RouteRecordRaw } from 'vue-router';
import { carbonModule } from './carbon';
import { platformModule } from './platform';
import { telemetryModule } from './telemetry';
import { wasteModule } from './waste';
import type { AppModule } from './types';

/** Every feature module of the UI, in menu order. Add new modules here. */
export const appModules: readonly AppModule[] = [platformModule, telemetryModule, wasteModule, carbonModule];

export const moduleRoutes: RouteRecordRaw[] = appModules.flatMap((module) => module.routes);
export const moduleNav: NavItem[] = appModules.flatMap((module) => module.nav);
