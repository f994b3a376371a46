import { describe, expect, it } from 'vitest';
import { countByStatus, rangePoints, rollupPoints, statusTagType } from './presentation';

describe('telemetry presentation', () => {
  it('maps liveness to tag colours', () => {
    expect(statusTagType('online')).toBe('success');
    expect(statusTagType('offline')).toBe('danger');
    expect(statusTagType('pending')).toBe('info');
  });

  it('counts devices per status and ignores unknown values', () => {
    expect(countByStatus([{ status: 'online' }, { status: 'offline' }, { status: 'online' }, { status: 'weird' }])).toEqual({
      online: 2,
      offline: 1,
      pending: 0,
    });
  });

  const buckets = [
    { bucketStart: '2026-11-20T16:00:00Z', count: 4, sum: 10, min: 1, max: 4 },
    { bucketStart: '2026-11-21T16:00:00Z', count: 0, sum: 7.5, min: 0, max: 0 },
  ];

  it('shows the mean for instantaneous metrics and skips empty buckets', () => {
    expect(rollupPoints(buckets, false)).toEqual([{ ts: Date.parse('2026-11-20T16:00:00Z'), value: 2.5 }]);
  });

  it('shows the consumption for cumulative metrics', () => {
    expect(rollupPoints(buckets, true).map((p) => p.value)).toEqual([10, 7.5]);
  });

  it('gives min and max only for buckets with readings', () => {
    expect(rangePoints(buckets)).toEqual({
      min: [{ ts: Date.parse('2026-11-20T16:00:00Z'), value: 1 }],
      max: [{ ts: Date.parse('2026-11-20T16:00:00Z'), value: 4 }],
    });
  });
});
