import { http } from '@/api/client';
import type { components } from '@/api/schema';

type Schemas = components['schemas'];

/** The collector's transfer warehouse (generated types from the host's OpenAPI document). */
export type StockItem = Schemas['StockItem'];
export type Movement = Schemas['MovementResponse'];
export type Balance = Schemas['BalanceResponse'];
export type ContainerBalance = Schemas['ContainerBalanceResponse'];
export type LossKind = 'Loss' | 'WeighingDifference';
export type ShipmentReceiver = Schemas['ShipmentReceiverResponse'];
export type ShipmentManifest = Schemas['ManifestResponse'];

/** Unchosen fields go as null: the server's field errors say what is missing. */
export interface ShipmentRequest {
  receiverId: string | null;
  vehicleId: string | null;
  containerIds: string[];
}

export interface Period {
  from?: string;
  to?: string;
}

export const warehouseApi = {
  stock: () => http.get<StockItem[]>('/api/waste/warehouse/stock'),
  movements: (period: Period) => http.get<Movement[]>('/api/waste/warehouse/movements', { ...period }),
  balance: (period: Period) => http.get<Balance>('/api/waste/warehouse/balance', { ...period }),
  recordLoss: (body: { containerId: string; weightKg: string; kind: LossKind; reason: string; at: string }) =>
    http.post<Movement>('/api/waste/warehouse/losses', body),
  receivers: () => http.get<ShipmentReceiver[]>('/api/waste/warehouse/receivers'),
  /**
   * Ships in one request (warehouse -> disposal facility): the server draws up the manifest and signs it as consignor
   * and carrier at its own time, all or nothing. The same key on a retry returns the first answer (never a second manifest).
   */
  ship: (body: ShipmentRequest, idempotencyKey: string) =>
    http.request<ShipmentManifest>('POST', '/api/waste/warehouse/shipments', { body, headers: { 'Idempotency-Key': idempotencyKey } }),
  /**
   * Finishes a shipment drawn up before shipping was one request (or by another client): the dispatcher signs as
   * consignor or carrier; no instant is sent, so the server's clock dates it. The key makes a retry harmless.
   */
  sign: (manifestId: string, signature: 'sign-generator' | 'sign-carrier', idempotencyKey: string) =>
    http.request<ShipmentManifest>('POST', `/api/waste/manifests/${encodeURIComponent(manifestId)}/${signature}`, {
      body: {},
      headers: { 'Idempotency-Key': idempotencyKey },
    }),
};

/** Exact grams from a decimal kg value as the API sends it (number or decimal string); null when unreadable. */
export function toGrams(value: string | number | null | undefined): bigint | null {
  if (value === null || value === undefined) return null;
  const text = typeof value === 'number' ? value.toFixed(3) : value.trim();
  const match = /^(-)?(\d+)(?:\.(\d*))?$/.exec(text);
  if (!match) return null;
  const grams = BigInt(match[2]!) * 1000n + BigInt(((match[3] ?? '') + '000').slice(0, 3));
  return match[1] ? -grams : grams;
}

export function gramsToKg(grams: bigint): string {
  const negative = grams < 0n;
  const abs = negative ? -grams : grams;
  const fraction = (abs % 1000n).toString().padStart(3, '0').replace(/0+$/, '');
  return `${negative ? '-' : ''}${abs / 1000n}${fraction ? `.${fraction}` : ''}`;
}

export type BalanceTerm = 'openingStockKg' | 'collectedKg' | 'closingStockKg' | 'deliveredKg' | 'lossesKg' | 'unexplainedKg';

export interface BalanceView {
  /** Opening stock + collected in the period. */
  inKg: string;
  /** Stock at the end + delivered + recorded losses. */
  outKg: string;
  /** In − out (what no recorded movement explains), as the page computes it from the terms. */
  gapKg: string;
  /** `holds` from the API; `mismatch` when the server's flag and the terms disagree (shown, never hidden). */
  state: 'holds' | 'unexplained' | 'mismatch';
}

/**
 * The mass-balance equation of a period: opening + collected = closing + delivered + losses. The server decides
 * whether it holds; the page recomputes the two sides in grams so that the figures it shows add up, and says so
 * when they don't agree with the server's verdict.
 */
export function balanceView(balance: Pick<Balance, BalanceTerm | 'holds'>): BalanceView {
  const g = (term: BalanceTerm) => toGrams(balance[term]) ?? 0n;
  const inG = g('openingStockKg') + g('collectedKg');
  const outG = g('closingStockKg') + g('deliveredKg') + g('lossesKg');
  const gap = inG - outG;
  const computedHolds = gap === 0n;
  const state = computedHolds !== balance.holds ? 'mismatch' : balance.holds ? 'holds' : 'unexplained';
  return { inKg: gramsToKg(inG), outKg: gramsToKg(outG), gapKg: gramsToKg(gap), state };
}

/** Stock totals: containers and kg on vehicles vs. in the warehouse. */
export function stockTotals(stock: readonly StockItem[]): { warehouse: { count: number; kg: string }; vehicles: { count: number; kg: string } } {
  let wG = 0n;
  let vG = 0n;
  let wN = 0;
  let vN = 0;
  for (const item of stock) {
    const grams = toGrams(item.weightKg) ?? 0n;
    if (item.inWarehouse) {
      wG += grams;
      wN++;
    } else {
      vG += grams;
      vN++;
    }
  }
  return { warehouse: { count: wN, kg: gramsToKg(wG) }, vehicles: { count: vN, kg: gramsToKg(vG) } };
}
