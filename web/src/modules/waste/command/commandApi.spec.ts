import { describe, expect, it, vi } from 'vitest';
import { loadAllCabinets, type CabinetMapPage } from './commandApi';

const point = (id: string) => ({ cabinetId: id, name: id, organisationName: null, longitude: 120, latitude: 31.7, fillRatio: 0.5, online: true, openAlerts: 0 });

describe('loadAllCabinets', () => {
  it('follows the cursor until the last page and keeps the order', async () => {
    const pages: Record<string, CabinetMapPage> = {
      first: { cabinets: [point('a'), point('b')], next: 'b' },
      b: { cabinets: [point('c')], next: null },
    };
    const fetchPage = vi.fn((after?: string) => Promise.resolve(pages[after ?? 'first']!));
    const all = await loadAllCabinets(fetchPage);
    expect(all.map((c) => c.cabinetId)).toEqual(['a', 'b', 'c']);
    expect(fetchPage.mock.calls.map((c) => c[0])).toEqual([undefined, 'b']);
  });

  it('stops after maxPages when a server keeps answering with a cursor', async () => {
    const fetchPage = vi.fn(() => Promise.resolve<CabinetMapPage>({ cabinets: [point('x')], next: 'x' }));
    const all = await loadAllCabinets(fetchPage, 3);
    expect(all).toHaveLength(3);
    expect(fetchPage).toHaveBeenCalledTimes(3);
  });
});
