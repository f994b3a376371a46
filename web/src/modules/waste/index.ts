import { markRaw } from 'vue';
import { Van } from '@element-plus/icons-vue';
import type { Role } from '@/api/models';
import type { AppModule } from '@/modules/types';

/** Who opens which waste pages; what each may see and change is enforced by the API. */
export const WASTE_DRIVERS: readonly Role[] = ['Driver'];

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
  ],
  nav: [
    { key: 'waste-driver', labelKey: 'waste.nav.driver', to: { name: 'waste-driver' }, icon: markRaw(Van), roles: WASTE_DRIVERS, order: 12 },
  ],
};
