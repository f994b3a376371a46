import { markRaw } from 'vue';
import { Guide, Monitor, Van } from '@element-plus/icons-vue';
import type { Role } from '@/api/models';
import type { AppModule } from '@/modules/types';

/** Who opens which waste pages; what each may see and change is enforced by the API. */
export const WASTE_DRIVERS: readonly Role[] = ['Driver'];
export const WASTE_DISPATCHERS: readonly Role[] = ['CollectorDispatcher'];
export const WASTE_COMMAND: readonly Role[] = ['PlatformAdmin', 'Regulator', 'CollectorDispatcher'];

export const wasteModule: AppModule = {
  id: 'waste',
  routes: [
    {
      path: 'waste/driver',
      name: 'waste-driver',
      component: () => import('./driver/DriverTripsView.vue'),
      meta: { roles: WASTE_DRIVERS, titleKey: 'waste.nav.driver' },
    },
    {
      path: 'waste/driver/trips/:tripId/stops/:stopId',
      name: 'waste-driver-stop',
      component: () => import('./driver/DriverStopView.vue'),
      meta: { roles: WASTE_DRIVERS, titleKey: 'waste.nav.driver' },
    },
    {
      path: 'waste/command',
      name: 'waste-command',
      component: () => import('./command/CommandCentreView.vue'),
      meta: { roles: WASTE_COMMAND, titleKey: 'waste.nav.command' },
    },
    {
      path: 'waste/dispatch',
      name: 'waste-dispatch',
      component: () => import('./dispatch/DispatchView.vue'),
      meta: { roles: WASTE_DISPATCHERS, titleKey: 'waste.nav.dispatch' },
    },
  ],
  nav: [
    { key: 'waste-driver', labelKey: 'waste.nav.driver', to: { name: 'waste-driver' }, icon: markRaw(Van), roles: WASTE_DRIVERS, order: 12 },
    { key: 'waste-command', labelKey: 'waste.nav.command', to: { name: 'waste-command' }, icon: markRaw(Monitor), roles: WASTE_COMMAND, order: 13 },
    { key: 'waste-dispatch', labelKey: 'waste.nav.dispatch', to: { name: 'waste-dispatch' }, icon: markRaw(Guide), roles: WASTE_DISPATCHERS, order: 14 },
  ],
};
