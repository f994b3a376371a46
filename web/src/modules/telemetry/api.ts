import { api } from '@/api/client';
import type { paths } from '@/api/schema';
import type { ResponseOf } from '@/api/typed';

export type TelemetryDevice = ResponseOf<paths, '/api/telemetry/devices/{deviceId}', 'get'>;
export type TelemetrySeries = ResponseOf<paths, '/api/telemetry/devices/{deviceId}/series', 'get'>;
export type TelemetryRollups = ResponseOf<paths, '/api/telemetry/rollups', 'get'>;
export type RollupGrain = 'hour' | 'day' | 'month';

export const telemetryApi = {
  devices: (query: { siteId?: string; status?: string } = {}) => api.get('/api/telemetry/devices', { query }),
  device: (deviceId: string) => api.get('/api/telemetry/devices/{deviceId}', { path: { deviceId } }),
  series: (deviceId: string, metric: string, from: Date, to: Date) =>
    api.get('/api/telemetry/devices/{deviceId}/series', {
      path: { deviceId },
      query: { metric, from: from.toISOString(), to: to.toISOString() },
    }),
  rollups: (deviceId: string, metric: string, grain: RollupGrain, from: Date, to: Date) =>
    api.get('/api/telemetry/rollups', {
      query: { deviceId, metric, grain, from: from.toISOString(), to: to.toISOString() },
    }),
};
