import { parseWeightKg, type WeightProblem } from './quantities';

/**
 * Correcting a signed manifest (e-Manifest's "under correction"): a party proposes new quantities for some lines with a
 * reason; every party (generator, carrier, receiver) agrees, and the last agreement makes a new version. These
 * functions decide who may do what on the page (mirroring the server's rules, which stay the authority) and turn
 * the form and the manifest's events into what is sent and shown.
 */

export type Party = 'generator' | 'carrier' | 'receiver';

export interface PartyIds {
  generator: { organisationId?: string | null };
  carrier: { organisationId?: string | null };
  receiver: { organisationId?: string | null };
}

export interface Viewer {
  organisationId: string;
  roles: readonly string[];
}

/**
 * The parts the viewer plays on the manifest, as the server counts them: the generator's enterprise admin (or its
 * dispatcher when a collector ships from its warehouse), the carrier's dispatcher, the receiver's disposal operator
 * (or the collector's dispatcher for its transfer warehouse). Regulators and everyone else: none (read-only).
 */
export function partiesOf(viewer: Viewer, manifest: PartyIds): Party[] {
  const has = (role: string) => viewer.roles.includes(role);
  const parts: Party[] = [];
  if (manifest.generator.organisationId === viewer.organisationId && (has('EnterpriseAdmin') || has('CollectorDispatcher'))) parts.push('generator');
  if (manifest.carrier.organisationId === viewer.organisationId && has('CollectorDispatcher')) parts.push('carrier');
  if (manifest.receiver.organisationId === viewer.organisationId && (has('DisposalOperator') || has('CollectorDispatcher'))) parts.push('receiver');
  return parts;
}

/** Only signed manifests are corrected: a draft is edited, a cancelled one is closed. */
export function canBeCorrected(status: string): boolean {
  return status !== 'Draft' && status !== 'Cancelled';
}

export interface CorrectionLike {
  status: string;
  fromVersion: number;
  generatorAgreedAt?: string | null;
  carrierAgreedAt?: string | null;
  receiverAgreedAt?: string | null;
}

const AGREED: Record<Party, keyof CorrectionLike> = { generator: 'generatorAgreedAt', carrier: 'carrierAgreedAt', receiver: 'receiverAgreedAt' };

/** Each party's agreement so far (an instant) or null while it is awaited. */
export function agreements(c: CorrectionLike): Array<{ party: Party; at: string | null }> {
  return (['generator', 'carrier', 'receiver'] as const).map((party) => ({ party, at: (c[AGREED[party]] as string | null | undefined) ?? null }));
}

/**
 * Whether the viewer can still agree: the correction is pending, starts from the manifest's current version (an older
 * one is void), and one of the viewer's parts has not agreed yet.
 */
export function awaitsViewer(c: CorrectionLike, parts: readonly Party[], manifestVersion: number): boolean {
  if (c.status !== 'Pending' || c.fromVersion !== manifestVersion) return false;
  return parts.some((p) => !c[AGREED[p]]);
}

export interface FormLine {
  lineNo: number;
  /** What the manifest says now (kg as the server sent it). */
  currentQuantityKg: number | string;
  currentReceivedKg?: number | string | null;
  /** What the party typed. */
  quantityKg: string;
  receivedKg: string;
}

export type LineErrors = Record<string, WeightProblem>;

export interface CorrectionBody {
  reason: string;
  lines: Array<{ lineNo: number; quantityKg: string; receivedKg: string | null }>;
}

// A manifest line sums many containers; a typing slip is still caught well above any small-enterprise load.
const MAX_LINE_KG = 100_000;

const same = (typed: string, current: number | string | null | undefined) =>
  current !== null && current !== undefined && current !== '' && Number(typed) === Number(current);

/**
 * The request body from the form: only the lines that change, each with both weights (the server takes the shipped
 * quantity on every corrected line, and the received weight only where the line was received). Problems come back per
 * field (`lines.<lineNo>.quantityKg`, `reason`, `lines` when nothing changes).
 */
export function correctionBody(reason: string, lines: readonly FormLine[]): { ok: true; body: CorrectionBody } | { ok: false; errors: LineErrors } {
  const errors: LineErrors = {};
  const changed: CorrectionBody['lines'] = [];
  for (const line of lines) {
    const quantity = parseWeightKg(line.quantityKg, MAX_LINE_KG);
    if (!quantity.ok) errors[`lines.${line.lineNo}.quantityKg`] = quantity.problem;
    const wasReceived = line.currentReceivedKg !== null && line.currentReceivedKg !== undefined && line.currentReceivedKg !== '';
    const received = wasReceived ? parseWeightKg(line.receivedKg, MAX_LINE_KG) : null;
    if (received && !received.ok) errors[`lines.${line.lineNo}.receivedKg`] = received.problem;
    if (!quantity.ok || (received && !received.ok)) continue;
    const receivedKg = received?.ok ? received.kg : null;
    if (same(quantity.kg, line.currentQuantityKg) && (receivedKg === null || same(receivedKg, line.currentReceivedKg))) continue;
    changed.push({ lineNo: line.lineNo, quantityKg: quantity.kg, receivedKg });
  }
  if (reason.trim() === '') errors.reason = 'required';
  if (Object.keys(errors).length === 0 && changed.length === 0) errors.lines = 'required';
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, body: { reason: reason.trim(), lines: changed } };
}

export interface EventLike {
  version: number;
  type: string;
  at: string;
  actor: string;
  actorName?: string | null;
  payload?: unknown;
}

export interface LineChange {
  lineNo: number;
  wasteCode: string;
  field: 'quantityKg' | 'receivedKg';
  before: number | null;
  after: number | null;
}

export interface VersionEntry {
  version: number;
  at: string;
  actor: string;
  reason: string | null;
  changes: LineChange[];
}

type PayloadLine = { lineNo: number; wasteCode?: string; quantityKg?: number | string | null; receivedKg?: number | string | null };

const num = (v: number | string | null | undefined) => (v === null || v === undefined || v === '' ? null : Number(v));

/**
 * The manifest's versions, newest first: version 1 when it was drawn, then one entry per applied correction with the
 * reason and each line weight that changed (from the Corrected event's before/after).
 */
export function versionHistory(events: readonly EventLike[]): VersionEntry[] {
  const entries: VersionEntry[] = [];
  const drawn = events.find((e) => e.type === 'Drawn');
  if (drawn) entries.push({ version: 1, at: drawn.at, actor: drawn.actorName ?? drawn.actor, reason: null, changes: [] });
  for (const e of events) {
    if (e.type !== 'Corrected') continue;
    const p = (e.payload ?? {}) as { version?: number; reason?: string; before?: PayloadLine[]; after?: PayloadLine[] };
    const changes: LineChange[] = [];
    for (const after of p.after ?? []) {
      const before = (p.before ?? []).find((b) => b.lineNo === after.lineNo);
      for (const field of ['quantityKg', 'receivedKg'] as const) {
        const b = num(before?.[field]);
        const a = num(after[field]);
        if (b !== a) changes.push({ lineNo: after.lineNo, wasteCode: after.wasteCode ?? before?.wasteCode ?? '', field, before: b, after: a });
      }
    }
    entries.push({ version: p.version ?? e.version, at: e.at, actor: e.actorName ?? e.actor, reason: p.reason ?? null, changes });
  }
  return entries.sort((a, b) => b.version - a.version);
}
