import { markRaw } from 'vue';
import { Monitor } from '@element-plus/icons-vue';
import type { Role } from '@/api/models';
import type { AppModule } from '@/modules/types';

/** Who may watch devices: the tenancy of every Telemetry query is enforced by the API. */
export const TELEMETRY_READERS: readonly Role[] = ['PlatformAdmin', 'Regulator', 'EnterpriseAdmin', 'EnterpriseStaff'];

export const telemetryModule: AppModule = {
  id: 'telemetry',
  routes: [
    {
      path: 'telemetry/devices',
      name: 'telemetry-devices',
      component: () => import('./TelemetryDevicesView.vue'),
      meta: { roles: TELEMETRY_READERS, titleKey: 'telemetry.nav' },
    },
    {
      path: 'telemetry/devices/:id',
      name: 'telemetry-device',
      component: () => import('./TelemetryDeviceView.vue'),
      meta: { roles: TELEMETRY_READERS, titleKey: 'telemetry.nav' },
    },
  ],
  nav: [
    {
      key: 'telemetry',
      labelKey: 'telemetry.nav',
      to: { name: 'telemetry-devices' },
      icon: markRaw(Monitor),
      roles: TELEMETRY_READERS,
      order: 60,
    },
  ],
};
