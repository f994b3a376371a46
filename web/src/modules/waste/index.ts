import { markRaw } from 'vue';
import { AlarmClock, Box, Calendar, DataLine, Document, Finished, Guide, House, Monitor, Notebook, Van } from '@element-plus/icons-vue';
import type { Role } from '@/api/models';
import type { AppModule } from '@/modules/types';

/** Who opens which waste pages; what each may see and change is enforced by the API. */
export const WASTE_DRIVERS: readonly Role[] = ['Driver'];
export const WASTE_DISPATCHERS: readonly Role[] = ['CollectorDispatcher'];
export const WASTE_GENERATORS: readonly Role[] = ['EnterpriseAdmin', 'EnterpriseStaff'];
export const WASTE_DISPOSAL: readonly Role[] = ['DisposalOperator'];
export const WASTE_MANIFEST_READERS: readonly Role[] = ['PlatformAdmin', 'Regulator', 'CollectorDispatcher'];
export const WASTE_EVALUATION_READERS: readonly Role[] = ['PlatformAdmin', 'Regulator'];
export const WASTE_CATALOGUE_READERS: readonly Role[] = ['PlatformAdmin', 'Regulator', 'EnterpriseAdmin', 'EnterpriseStaff'];
export const WASTE_COMMAND: readonly Role[] = ['PlatformAdmin', 'Regulator', 'CollectorDispatcher'];
/** Pickup hours: the generator's own users and the operator may set them (the API's rule). */
export const WASTE_HOURS_EDITORS: readonly Role[] = ['EnterpriseAdmin', 'EnterpriseStaff', 'PlatformAdmin'];

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
    {
      path: 'waste/warehouse',
      name: 'waste-warehouse',
      component: () => import('./warehouse/WarehouseView.vue'),
      meta: { roles: WASTE_DISPATCHERS, titleKey: 'waste.nav.warehouse' },
    },
    {
      path: 'waste/plans',
      name: 'waste-plans',
      component: () => import('./plans/ManagementPlanView.vue'),
      meta: { roles: WASTE_GENERATORS, titleKey: 'waste.nav.plans' },
    },
    {
      path: 'waste/opening-hours',
      name: 'waste-opening-hours',
      component: () => import('./hours/OpeningHoursView.vue'),
      meta: { roles: WASTE_HOURS_EDITORS, titleKey: 'waste.nav.hours' },
    },
    {
      path: 'waste/enterprise',
      name: 'waste-enterprise',
      component: () => import('./enterprise/EnterpriseWasteView.vue'),
      meta: { roles: WASTE_GENERATORS, titleKey: 'waste.nav.enterprise' },
    },
    {
      path: 'waste/disposal',
      name: 'waste-disposal',
      component: () => import('./disposal/DisposalView.vue'),
      meta: { roles: WASTE_DISPOSAL, titleKey: 'waste.nav.disposal' },
    },
    {
      path: 'waste/manifests',
      name: 'waste-manifests',
      component: () => import('./oversight/ManifestsView.vue'),
      meta: { roles: WASTE_MANIFEST_READERS, titleKey: 'waste.nav.manifests' },
    },
    {
      path: 'waste/evaluation',
      name: 'waste-evaluation',
      component: () => import('./oversight/EvaluationRankingView.vue'),
      meta: { roles: WASTE_EVALUATION_READERS, titleKey: 'waste.nav.evaluation' },
    },
    {
      path: 'waste/catalogue',
      name: 'waste-catalogue',
      component: () => import('./catalogue/CatalogueView.vue'),
      meta: { roles: WASTE_CATALOGUE_READERS, titleKey: 'waste.nav.catalogue' },
    },
  ],
  nav: [
    { key: 'waste-driver', labelKey: 'waste.nav.driver', to: { name: 'waste-driver' }, icon: markRaw(Van), roles: WASTE_DRIVERS, order: 12 },
    { key: 'waste-command', labelKey: 'waste.nav.command', to: { name: 'waste-command' }, icon: markRaw(Monitor), roles: WASTE_COMMAND, order: 13 },
    { key: 'waste-dispatch', labelKey: 'waste.nav.dispatch', to: { name: 'waste-dispatch' }, icon: markRaw(Guide), roles: WASTE_DISPATCHERS, order: 14 },
    { key: 'waste-warehouse', labelKey: 'waste.nav.warehouse', to: { name: 'waste-warehouse' }, icon: markRaw(House), roles: WASTE_DISPATCHERS, order: 14.5 },
    { key: 'waste-manifests', labelKey: 'waste.nav.manifests', to: { name: 'waste-manifests' }, icon: markRaw(Document), roles: WASTE_MANIFEST_READERS, order: 15 },
    { key: 'waste-evaluation', labelKey: 'waste.nav.evaluation', to: { name: 'waste-evaluation' }, icon: markRaw(DataLine), roles: WASTE_EVALUATION_READERS, order: 16 },
    { key: 'waste-enterprise', labelKey: 'waste.nav.enterprise', to: { name: 'waste-enterprise' }, icon: markRaw(Box), roles: WASTE_GENERATORS, order: 17 },
    { key: 'waste-plans', labelKey: 'waste.nav.plans', to: { name: 'waste-plans' }, icon: markRaw(Calendar), roles: WASTE_GENERATORS, order: 17.5 },
    { key: 'waste-opening-hours', labelKey: 'waste.nav.hours', to: { name: 'waste-opening-hours' }, icon: markRaw(AlarmClock), roles: WASTE_HOURS_EDITORS, order: 17.6 },
    { key: 'waste-disposal', labelKey: 'waste.nav.disposal', to: { name: 'waste-disposal' }, icon: markRaw(Finished), roles: WASTE_DISPOSAL, order: 18 },
    { key: 'waste-catalogue', labelKey: 'waste.nav.catalogue', to: { name: 'waste-catalogue' }, icon: markRaw(Notebook), roles: WASTE_CATALOGUE_READERS, order: 19 },
  ],
};
