import { gramsToKg, toGrams, type StockItem } from './warehouseApi';

/**
 * Shipping from the transfer warehouse to a disposal facility: which containers can go, how the operator narrows
 * them down, what the selection weighs, and which signatures a drawn shipment manifest still needs.
 */

/** In the warehouse (received there) and not already drawn onto a shipment manifest. */
export function isShippable(item: Pick<StockItem, 'inWarehouse' | 'shipmentManifestId'>): boolean {
  return item.inWarehouse && !item.shipmentManifestId;
}

export interface StockFilter {
  /** Part of the container code, the waste code or the waste name (case and surrounding spaces ignored). */
  text: string;
  /** HW category (e.g. `HW49`); empty = all. */
  category: string;
}

export function filterStock<T extends Pick<StockItem, 'containerCode' | 'wasteCode' | 'wasteName' | 'category'>>(items: readonly T[], filter: StockFilter): T[] {
  const text = filter.text.trim().toLowerCase();
  return items.filter(
    (item) =>
      (!filter.category || item.category === filter.category) &&
      (!text ||
        item.containerCode.toLowerCase().includes(text) ||
        (item.wasteCode ?? '').toLowerCase().includes(text) ||
        (item.wasteName ?? '').toLowerCase().includes(text)),
  );
}

/** The categories present, in code order (HW08 before HW49). */
export function categoriesOf(items: readonly Pick<StockItem, 'category'>[]): string[] {
  return [...new Set(items.map((i) => i.category).filter((c): c is string => !!c))].sort();
}

export interface SelectionTotal {
  count: number;
  /** Exact decimal kg (summed in grams). */
  kg: string;
  /** Per waste code, as the manifest will have one line per code. */
  lines: Array<{ wasteCode: string; wasteName: string; count: number; kg: string }>;
}

export function selectionTotal(items: readonly Pick<StockItem, 'weightKg' | 'wasteCode' | 'wasteName'>[]): SelectionTotal {
  let grams = 0n;
  const byCode = new Map<string, { wasteName: string; count: number; grams: bigint }>();
  for (const item of items) {
    const g = toGrams(item.weightKg) ?? 0n;
    grams += g;
    const code = item.wasteCode ?? '';
    const line = byCode.get(code) ?? { wasteName: item.wasteName ?? '', count: 0, grams: 0n };
    line.count++;
    line.grams += g;
    byCode.set(code, line);
  }
  const lines = [...byCode.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([wasteCode, l]) => ({ wasteCode, wasteName: l.wasteName, count: l.count, kg: gramsToKg(l.grams) }));
  return { count: items.length, kg: gramsToKg(grams), lines };
}

/**
 * A fresh key for one shipment attempt. The dialog keeps it while nothing changes, so pressing confirm again after a
 * lost answer replays the first shipment; any change of receiver, vehicle or containers takes a new one (a refused
 * attempt is not stored by the server, so dropping its key loses nothing).
 */
export function newShipmentKey(random: () => string = () => crypto.randomUUID()): string {
  return `shipment:${random()}`;
}

export type Signature = 'sign-generator' | 'sign-carrier';

/**
 * The signatures a shipment manifest drawn up before shipping was one request still needs, in order: as the consignor
 * (the warehouse hands the containers over) and as the carrier (the vehicle leaves). Draft needs both; signed by the
 * consignor needs the carrier's; from in transit on it is the facility's turn.
 */
export function pendingSignatures(status: string | null | undefined): Signature[] {
  if (status === 'Draft') return ['sign-generator', 'sign-carrier'];
  if (status === 'SignedByGenerator') return ['sign-carrier'];
  return [];
}

/**
 * Gives the signatures a shipment still needs, in order, each with a key derived from the manifest and the
 * signature: a retry after a lost answer is a replay the server recognises, never a second signature. Stops at
 * the first refusal (the caller shows it; the row offers to continue).
 */
export async function signPending(
  manifestId: string,
  status: string | null | undefined,
  sign: (manifestId: string, signature: Signature, idempotencyKey: string) => Promise<unknown>,
): Promise<Signature[]> {
  const given: Signature[] = [];
  for (const signature of pendingSignatures(status)) {
    await sign(manifestId, signature, `${manifestId}:${signature}`);
    given.push(signature);
  }
  return given;
}

/** The i18n keys of the shipment's field errors (under `waste.warehouse.ship.errors`). */
export type ShipmentErrorKey = 'receiver' | 'vehicle' | 'notInWarehouse' | 'alreadyShipped';

/**
 * Which translated message shows a field error the server gave the shipment (its messages are English): by field,
 * and for the containers by what was wrong. Null for a field the page does not know (the server's text is kept).
 */
export function shipmentErrorKey(field: string, message: string): ShipmentErrorKey | null {
  if (field === 'receiverId') return 'receiver';
  if (field === 'vehicleId') return 'vehicle';
  if (field === 'containerIds') return /already on a shipment/i.test(message) ? 'alreadyShipped' : 'notInWarehouse';
  return null;
}
