import { describe, expect, it } from 'vitest';
import { balanceView, gramsToKg, stockTotals, toGrams, type StockItem } from './warehouseApi';

const zero = { openingStockKg: 0, collectedKg: 0, closingStockKg: 0, deliveredKg: 0, lossesKg: 0, unexplainedKg: 0 };

describe('warehouse kg arithmetic', () => {
  it('reads decimal strings and numbers exactly, in grams', () => {
    expect(toGrams('12.345')).toBe(12345n);
    expect(toGrams(0.1)).toBe(100n);
    expect(toGrams('-1.5')).toBe(-1500n);
    expect(toGrams('abc')).toBeNull();
    expect(gramsToKg(12340n)).toBe('12.34');
    expect(gramsToKg(-500n)).toBe('-0.5');
  });
});

describe('mass balance display', () => {
  it('shows both sides and a zero gap when the balance holds', () => {
    const v = balanceView({ ...zero, openingStockKg: 10, collectedKg: 100.1, closingStockKg: 20, deliveredKg: 88.9, lossesKg: 1.2, holds: true });
    expect(v).toEqual({ inKg: '110.1', outKg: '110.1', gapKg: '0', state: 'holds' });
  });

  it('reports the unexplained gap when it does not hold', () => {
    const v = balanceView({ ...zero, collectedKg: 50, deliveredKg: 49.5, unexplainedKg: 0.5, holds: false });
    expect(v.state).toBe('unexplained');
    expect(v.gapKg).toBe('0.5');
  });

  it('flags a server verdict the figures contradict instead of hiding it', () => {
    expect(balanceView({ ...zero, collectedKg: 5, holds: true }).state).toBe('mismatch');
    expect(balanceView({ ...zero, collectedKg: 5, deliveredKg: 5, holds: false }).state).toBe('mismatch');
  });
});

describe('stock totals', () => {
  it('splits containers between the warehouse and vehicles', () => {
    const item = (inWarehouse: boolean, weightKg: number): StockItem => ({ containerId: 'c', containerCode: 'X', generatorId: 'g', weightKg, inWarehouse, since: '2026-01-01T00:00:00Z',
      wasteCode: null, wasteName: null, category: null, shipmentManifestId: null, shipmentNumber: null, shipmentStatus: null });
    expect(stockTotals([item(true, 1.1), item(true, 2.2), item(false, 0.7)])).toEqual({
      warehouse: { count: 2, kg: '3.3' },
      vehicles: { count: 1, kg: '0.7' },
    });
  });
});
