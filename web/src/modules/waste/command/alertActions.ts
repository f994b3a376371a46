import type { AlertOverview, ClosedAlert, OpenAlert } from './commandApi';

/** The alert as the server answered an acknowledge or close (the fields the command centre shows). */
export interface HandledAlert {
  id: string;
  kind: string;
  status: string;
  acknowledgedAt?: string | null;
  acknowledgedByName?: string | null;
  acknowledgedBy?: string | null;
  message?: string | null;
  cabinetId?: string | null;
  organisationId?: string;
  raisedAt?: string;
  closedAt?: string | null;
  closedBy?: string | null;
  closedByName?: string | null;
  closeReason?: string | null;
}

/**
 * Who closed an alert, for display: the rules themselves (server actors `system:…`, e.g. `system:waste-rules` when the
 * pickup was collected or the temperature is back in range) are named in the user's language, people by their name.
 */
export function closerName(alert: { closedBy?: string | null; closedByName?: string | null }, byRules: string): string {
  if (alert.closedBy?.startsWith('system:')) return byRules;
  return alert.closedByName ?? alert.closedBy ?? '';
}

/** The close reason as it will be sent, or null when there is none (blank or only spaces). */
export function closeReason(text: string | null | undefined): string | null {
  const trimmed = (text ?? '').trim();
  return trimmed.length > 0 ? trimmed : null;
}

/**
 * Applies the server's answer to the overview at once, before the reload: a closed alert leaves the open list and its
 * kind's count (the kind disappears at zero); an acknowledged one shows its new state and who acknowledged it.
 */
export function applyHandled(overview: AlertOverview, handled: HandledAlert): AlertOverview {
  const before = overview.latest.find((a) => a.id === handled.id);
  if (handled.status === 'Closed') {
    const wasOpen = before !== undefined || overview.byKind.some((k) => k.kind === handled.kind);
    return {
      byKind: wasOpen
        ? overview.byKind.map((k) => (k.kind === handled.kind ? { ...k, count: k.count - 1 } : k)).filter((k) => k.count > 0)
        : overview.byKind,
      latest: overview.latest.filter((a) => a.id !== handled.id),
    };
  }

  return {
    byKind: overview.byKind,
    latest: overview.latest.map(
      (a): OpenAlert =>
        a.id === handled.id
          ? {
              ...a,
              status: handled.status,
              acknowledgedAt: handled.acknowledgedAt ?? null,
              acknowledgedBy: handled.acknowledgedBy ?? null,
              acknowledgedByName: handled.acknowledgedByName ?? null,
            }
          : a,
    ),
  };
}

/** Which actions an alert offers: acknowledge only while open; close until closed. */
export function alertActions(alert: Pick<OpenAlert, 'status'>): { acknowledge: boolean; close: boolean } {
  return { acknowledge: alert.status === 'Open', close: alert.status !== 'Closed' };
}

/**
 * Puts an alert the user has just closed at the top of the recently-closed list at once (before the reload), with the
 * cabinet's name from the open list it left; anything not closed leaves the list as it is.
 */
export function prependClosed(closed: readonly ClosedAlert[], handled: HandledAlert, cabinetName: string | null = null): ClosedAlert[] {
  if (handled.status !== 'Closed' || !handled.closedAt) return [...closed];
  const row: ClosedAlert = {
    id: handled.id,
    kind: handled.kind,
    message: handled.message ?? null,
    cabinetId: handled.cabinetId ?? null,
    cabinetName,
    organisationId: handled.organisationId ?? '',
    raisedAt: handled.raisedAt ?? handled.closedAt,
    acknowledgedAt: handled.acknowledgedAt ?? null,
    acknowledgedBy: handled.acknowledgedBy ?? null,
    acknowledgedByName: handled.acknowledgedByName ?? null,
    closedAt: handled.closedAt,
    closedBy: handled.closedBy ?? null,
    closedByName: handled.closedByName ?? null,
    closeReason: handled.closeReason ?? null,
  };
  return [row, ...closed.filter((a) => a.id !== handled.id)];
}
