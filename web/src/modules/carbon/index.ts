import { markRaw } from 'vue';
import { Collection, DataAnalysis, DataLine, Tickets, TrendCharts } from '@element-plus/icons-vue';
import type { Role } from '@/api/models';
import type { AppModule } from '@/modules/types';

/** Who may open carbon pages; what each sees and may change is enforced by the API. */
export const CARBON_READERS: readonly Role[] = ['PlatformAdmin', 'Regulator', 'EnterpriseAdmin', 'EnterpriseStaff'];
export const CARBON_EDITORS: readonly Role[] = ['EnterpriseAdmin', 'EnterpriseStaff'];
export const CARBON_SUPERVISORS: readonly Role[] = ['PlatformAdmin', 'Regulator'];

export const carbonModule: AppModule = {
  id: 'carbon',
  routes: [
    {
      path: 'carbon/inventories',
      name: 'carbon-inventories',
      component: () => import('./CarbonInventoriesView.vue'),
      meta: { roles: CARBON_READERS, titleKey: 'carbon.nav' },
    },
    {
      path: 'carbon/activities',
      name: 'carbon-activities',
      component: () => import('./CarbonActivitiesView.vue'),
      meta: { roles: CARBON_EDITORS, titleKey: 'carbon.activities.title' },
    },
    {
      path: 'carbon/charts',
      name: 'carbon-charts',
      component: () => import('./CarbonChartsView.vue'),
      meta: { roles: CARBON_READERS, titleKey: 'carbon.charts.title' },
    },
    {
      path: 'carbon/supervision',
      name: 'carbon-supervision',
      component: () => import('./CarbonSupervisionView.vue'),
      meta: { roles: CARBON_SUPERVISORS, titleKey: 'carbon.supervision.title' },
    },
    {
      path: 'carbon/factor-libraries',
      name: 'carbon-factor-libraries',
      component: () => import('./FactorLibrariesView.vue'),
      meta: { roles: CARBON_READERS, titleKey: 'carbon.libraries.title' },
    },
  ],
  nav: [
    {
      key: 'carbon',
      labelKey: 'carbon.nav',
      to: { name: 'carbon-inventories' },
      icon: markRaw(DataAnalysis),
      roles: CARBON_READERS,
      order: 70,
    },
    {
      key: 'carbon-activities',
      labelKey: 'carbon.activities.nav',
      to: { name: 'carbon-activities' },
      icon: markRaw(Tickets),
      roles: CARBON_EDITORS,
      order: 70.2,
    },
    {
      key: 'carbon-charts',
      labelKey: 'carbon.charts.nav',
      to: { name: 'carbon-charts' },
      icon: markRaw(TrendCharts),
      roles: CARBON_READERS,
      order: 70.5,
    },
    {
      key: 'carbon-supervision',
      labelKey: 'carbon.supervision.nav',
      to: { name: 'carbon-supervision' },
      icon: markRaw(DataLine),
      roles: CARBON_SUPERVISORS,
      order: 69.5,
    },
    {
      key: 'carbon-libraries',
      labelKey: 'carbon.libraries.nav',
      to: { name: 'carbon-factor-libraries' },
      icon: markRaw(Collection),
      roles: CARBON_READERS,
      order: 71,
    },
  ],
};
