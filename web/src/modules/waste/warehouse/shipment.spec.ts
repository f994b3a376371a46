import { describe, expect, it, vi } from 'vitest';
import { categoriesOf, filterStock, isShippable, newShipmentKey, pendingSignatures, selectionTotal, shipmentErrorKey, signPending } from './shipment';

const item = (containerCode: string, wasteCode: string | null, wasteName: string | null, category: string | null, weightKg: number | string) => ({
  containerCode,
  wasteCode,
  wasteName,
  category,
  weightKg: weightKg as number,
});

const stock = [
  item('GI-2026-000101', '900-041-49', '废弃的含油抹布', 'HW49', 12.5),
  item('GI-2026-000102', '900-249-08', '废矿物油', 'HW08', '30.125'),
  item('GI-2026-000203', '900-041-49', '废弃的含油抹布', 'HW49', 0.1),
  item('GI-2026-000304', null, null, null, 4),
];

describe('which containers can be shipped', () => {
  it('takes only containers received into the warehouse and not yet on a shipment', () => {
    expect(isShippable({ inWarehouse: true, shipmentManifestId: null })).toBe(true);
    expect(isShippable({ inWarehouse: false, shipmentManifestId: null })).toBe(false);
    expect(isShippable({ inWarehouse: true, shipmentManifestId: '0197-ship' })).toBe(false);
  });
});

describe('narrowing the stock down', () => {
  it('matches part of the container code, ignoring case and spaces', () => {
    expect(filterStock(stock, { text: ' gi-2026-0001 ', category: '' }).map((s) => s.containerCode)).toEqual(['GI-2026-000101', 'GI-2026-000102']);
  });

  it('matches the waste code or name', () => {
    expect(filterStock(stock, { text: '249-08', category: '' }).map((s) => s.containerCode)).toEqual(['GI-2026-000102']);
    expect(filterStock(stock, { text: '抹布', category: '' })).toHaveLength(2);
  });

  it('keeps one category, combined with the text', () => {
    expect(filterStock(stock, { text: '', category: 'HW49' })).toHaveLength(2);
    expect(filterStock(stock, { text: '000203', category: 'HW49' }).map((s) => s.containerCode)).toEqual(['GI-2026-000203']);
    expect(filterStock(stock, { text: '000102', category: 'HW49' })).toEqual([]);
  });

  it('offers the categories present, in code order, without blanks', () => {
    expect(categoriesOf(stock)).toEqual(['HW08', 'HW49']);
  });
});

describe('what a selection weighs', () => {
  it('sums exactly in grams (no floating-point drift) and groups by waste code like the manifest lines', () => {
    const total = selectionTotal(stock.slice(0, 3));
    expect(total.count).toBe(3);
    expect(total.kg).toBe('42.725');
    expect(total.lines).toEqual([
      { wasteCode: '900-041-49', wasteName: '废弃的含油抹布', count: 2, kg: '12.6' },
      { wasteCode: '900-249-08', wasteName: '废矿物油', count: 1, kg: '30.125' },
    ]);
  });

  it('is zero for nothing selected', () => {
    expect(selectionTotal([])).toEqual({ count: 0, kg: '0', lines: [] });
  });
});

describe('the key of a shipment attempt', () => {
  it('is new for every attempt and stays within the server limit of 100 characters', () => {
    const a = newShipmentKey();
    const b = newShipmentKey();
    expect(a).not.toBe(b);
    expect(a).toMatch(/^shipment:[0-9a-f-]{36}$/);
    expect(a.length).toBeLessThanOrEqual(100);
    expect(newShipmentKey(() => 'fixed')).toBe('shipment:fixed');
  });
});

describe('signatures a shipment manifest still needs', () => {
  it('asks for the consignor then the carrier, and nothing once in transit', () => {
    expect(pendingSignatures('Draft')).toEqual(['sign-generator', 'sign-carrier']);
    expect(pendingSignatures('SignedByGenerator')).toEqual(['sign-carrier']);
    expect(pendingSignatures('InTransit')).toEqual([]);
    expect(pendingSignatures('Cancelled')).toEqual([]);
    expect(pendingSignatures(null)).toEqual([]);
  });
});

describe('signing a drawn shipment', () => {
  it('signs as consignor then carrier, each with a key that is the same on a retry', async () => {
    const sign = vi.fn().mockResolvedValue({});
    expect(await signPending('m-1', 'Draft', sign)).toEqual(['sign-generator', 'sign-carrier']);
    expect(sign.mock.calls).toEqual([
      ['m-1', 'sign-generator', 'm-1:sign-generator'],
      ['m-1', 'sign-carrier', 'm-1:sign-carrier'],
    ]);
  });

  it('continues where it stopped, and stops at a refusal', async () => {
    const sign = vi.fn().mockResolvedValue({});
    expect(await signPending('m-2', 'SignedByGenerator', sign)).toEqual(['sign-carrier']);
    const refused = vi.fn().mockRejectedValueOnce(new Error('signedAt: before the previous signature'));
    await expect(signPending('m-3', 'Draft', refused)).rejects.toThrow('signedAt');
    expect(refused).toHaveBeenCalledTimes(1);
  });
});

describe('the server\'s field errors of a shipment, in the page\'s language', () => {
  it('maps each field to its message, the containers by what was wrong', () => {
    expect(shipmentErrorKey('receiverId', 'Name the disposal facility the containers go to.')).toBe('receiver');
    expect(shipmentErrorKey('vehicleId', 'Name one of your vehicles.')).toBe('vehicle');
    expect(shipmentErrorKey('containerIds', 'List containers that are in your transfer warehouse.')).toBe('notInWarehouse');
    expect(shipmentErrorKey('containerIds', 'A container is already on a shipment manifest.')).toBe('alreadyShipped');
    expect(shipmentErrorKey('Idempotency-Key', 'Send an Idempotency-Key header')).toBeNull();
  });
});
