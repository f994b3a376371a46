/** Pure presentation helpers of the Telemetry pages (unit-tested). */

export type LivenessStatus = 'online' | 'offline' | 'pending';

export function statusTagType(status: string): 'success' | 'danger' | 'info' {
  if (status === 'online') return 'success';
  if (status === 'offline') return 'danger';
  return 'info';
}

export interface StatusCounts {
  online: number;
  offline: number;
  pending: number;
}

export function countByStatus(devices: readonly { status: string }[]): StatusCounts {
  const counts: StatusCounts = { online: 0, offline: 0, pending: 0 };
  for (const device of devices) {
    if (device.status === 'online' || device.status === 'offline' || device.status === 'pending') counts[device.status] += 1;
  }
  return counts;
}

export interface RollupBucket {
  bucketStart: string;
  count: number;
  sum: number;
  min: number;
  max: number;
}

export interface ChartPoint {
  ts: number;
  value: number;
}

/**
 * What a rollup bar shows: for cumulative metrics (energy registers) the consumption in the bucket (`sum`),
 * otherwise the mean of the readings (`sum / count`). Buckets without readings are skipped.
 */
export function rollupPoints(buckets: readonly RollupBucket[], cumulative: boolean): ChartPoint[] {
  return buckets
    .filter((b) => cumulative || b.count > 0)
    .map((b) => ({ ts: Date.parse(b.bucketStart), value: cumulative ? round(b.sum) : round(b.sum / b.count) }));
}

export function rangePoints(buckets: readonly RollupBucket[]): { min: ChartPoint[]; max: ChartPoint[] } {
  const withReadings = buckets.filter((b) => b.count > 0);
  return {
    min: withReadings.map((b) => ({ ts: Date.parse(b.bucketStart), value: b.min })),
    max: withReadings.map((b) => ({ ts: Date.parse(b.bucketStart), value: b.max })),
  };
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
