import { markRaw } from 'vue';
import { Collection, DataAnalysis } from '@element-plus/icons-vue';
import type { Role } from '@/api/models';
import type { AppModule } from '@/modules/types';

/** Who may open carbon pages; what each sees and may change is enforced by the API. */
export const CARBON_READERS: readonly Role[] = ['PlatformAdmin', 'Regulator', 'EnterpriseAdmin', 'EnterpriseStaff'];

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
      key: 'carbon-libraries',
      labelKey: 'carbon.libraries.nav',
      to: { name: 'carbon-factor-libraries' },
      icon: markRaw(Collection),
      roles: CARBON_READERS,
      order: 71,
    },
  ],
};
