import { markRaw } from 'vue';
import { Cpu, HomeFilled, Link, OfficeBuilding, Location, User } from '@element-plus/icons-vue';
import type { Role } from '@/api/models';
import type { AppModule } from '@/modules/types';

export const ORG_READERS: readonly Role[] = ['PlatformAdmin', 'Regulator'];
export const ORG_EDITORS: readonly Role[] = ['PlatformAdmin'];
export const OWN_ORG_ROLES: readonly Role[] = [
  'EnterpriseAdmin',
  'EnterpriseStaff',
  'CollectorDispatcher',
  'Driver',
  'DisposalOperator',
];
export const SITE_READERS: readonly Role[] = ['PlatformAdmin', 'Regulator', 'EnterpriseAdmin', 'EnterpriseStaff'];
export const SITE_EDITORS: readonly Role[] = ['PlatformAdmin', 'EnterpriseAdmin'];
export const USER_ADMINS: readonly Role[] = ['PlatformAdmin', 'EnterpriseAdmin'];
export const DEVICE_ADMINS: readonly Role[] = ['PlatformAdmin', 'EnterpriseAdmin'];
export const LEDGER_READERS: readonly Role[] = ['PlatformAdmin', 'Regulator'];

export const platformModule: AppModule = {
  id: 'platform',
  routes: [
    { path: '', name: 'home', component: () => import('@/views/HomeView.vue'), meta: { titleKey: 'nav.home' } },
    {
      path: 'organisations',
      name: 'organisations',
      component: () => import('@/views/organisations/OrganisationsView.vue'),
      meta: { roles: ORG_READERS, titleKey: 'nav.organisations' },
    },
    {
      path: 'my-organisation',
      name: 'my-organisation',
      component: () => import('@/views/organisations/MyOrganisationView.vue'),
      meta: { roles: OWN_ORG_ROLES, titleKey: 'nav.myOrganisation' },
    },
    {
      path: 'sites',
      name: 'sites',
      component: () => import('@/views/sites/SitesView.vue'),
      meta: { roles: SITE_READERS, titleKey: 'nav.sites' },
    },
    {
      path: 'users',
      name: 'users',
      component: () => import('@/views/users/UsersView.vue'),
      meta: { roles: USER_ADMINS, titleKey: 'nav.users' },
    },
    {
      path: 'devices',
      name: 'devices',
      component: () => import('@/views/devices/DevicesView.vue'),
      meta: { roles: DEVICE_ADMINS, titleKey: 'nav.devices' },
    },
    {
      path: 'ledger',
      name: 'ledger',
      component: () => import('@/views/LedgerView.vue'),
      meta: { roles: LEDGER_READERS, titleKey: 'nav.ledger' },
    },
  ],
  nav: [
    { key: 'home', labelKey: 'nav.home', to: { name: 'home' }, icon: markRaw(HomeFilled), order: 0 },
    {
      key: 'organisations',
      labelKey: 'nav.organisations',
      to: { name: 'organisations' },
      icon: markRaw(OfficeBuilding),
      roles: ORG_READERS,
      order: 10,
    },
    {
      key: 'my-organisation',
      labelKey: 'nav.myOrganisation',
      to: { name: 'my-organisation' },
      icon: markRaw(OfficeBuilding),
      roles: OWN_ORG_ROLES,
      order: 11,
    },
    { key: 'sites', labelKey: 'nav.sites', to: { name: 'sites' }, icon: markRaw(Location), roles: SITE_READERS, order: 20 },
    { key: 'users', labelKey: 'nav.users', to: { name: 'users' }, icon: markRaw(User), roles: USER_ADMINS, order: 30 },
    { key: 'devices', labelKey: 'nav.devices', to: { name: 'devices' }, icon: markRaw(Cpu), roles: DEVICE_ADMINS, order: 40 },
    { key: 'ledger', labelKey: 'nav.ledger', to: { name: 'ledger' }, icon: markRaw(Link), roles: LEDGER_READERS, order: 90 },
  ],
};
