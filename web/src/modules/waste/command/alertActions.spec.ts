import { describe, expect, it } from 'vitest';
import { alertActions, applyHandled, closeReason, closerName, prependClosed } from './alertActions';
import type { AlertOverview, ClosedAlert } from './commandApi';

const overview = (): AlertOverview => ({
  byKind: [
    { kind: 'IncompatibleDeposit', count: 2 },
    { kind: 'CabinetOffline', count: 1 },
  ],
  latest: [
    { id: 'a', kind: 'IncompatibleDeposit', status: 'Open', message: 'x', cabinetId: 'c1', cabinetName: '1号柜', organisationId: 'o', raisedAt: '2026-11-21T01:00:00Z', acknowledgedAt: null, acknowledgedBy: null, acknowledgedByName: null },
    { id: 'b', kind: 'IncompatibleDeposit', status: 'Acknowledged', message: 'y', cabinetId: 'c1', cabinetName: '1号柜', organisationId: 'o', raisedAt: '2026-11-21T00:00:00Z', acknowledgedAt: '2026-11-21T02:00:00Z', acknowledgedBy: 'user:wang', acknowledgedByName: '王调度' },
    { id: 'c', kind: 'CabinetOffline', status: 'Open', message: 'z', cabinetId: 'c2', cabinetName: '2号柜', organisationId: 'o', raisedAt: '2026-11-20T00:00:00Z', acknowledgedAt: null, acknowledgedBy: null, acknowledgedByName: null },
  ],
});

describe('closeReason', () => {
  it('trims the reason and refuses a blank one', () => {
    expect(closeReason('  现场核查已整改 ')).toBe('现场核查已整改');
    expect(closeReason('   ')).toBeNull();
    expect(closeReason(undefined)).toBeNull();
  });
});

describe('applyHandled', () => {
  it('shows an acknowledged alert with who acknowledged it and when, leaving the counts', () => {
    const next = applyHandled(overview(), { id: 'a', kind: 'IncompatibleDeposit', status: 'Acknowledged', acknowledgedAt: '2026-11-21T03:00:00Z', acknowledgedBy: 'user:reg', acknowledgedByName: '李监管' });
    expect(next.latest.find((a) => a.id === 'a')).toMatchObject({ status: 'Acknowledged', acknowledgedBy: 'user:reg', acknowledgedByName: '李监管', acknowledgedAt: '2026-11-21T03:00:00Z' });
    expect(next.byKind).toEqual(overview().byKind);
  });

  it('removes a closed alert and lowers its kind, dropping a kind that reaches zero', () => {
    const once = applyHandled(overview(), { id: 'b', kind: 'IncompatibleDeposit', status: 'Closed' });
    expect(once.latest.map((a) => a.id)).toEqual(['a', 'c']);
    expect(once.byKind).toEqual([
      { kind: 'IncompatibleDeposit', count: 1 },
      { kind: 'CabinetOffline', count: 1 },
    ]);
    const twice = applyHandled(once, { id: 'c', kind: 'CabinetOffline', status: 'Closed' });
    expect(twice.byKind).toEqual([{ kind: 'IncompatibleDeposit', count: 1 }]);
    expect(twice.latest.map((a) => a.id)).toEqual(['a']);
  });
});

describe('alertActions', () => {
  it('acknowledges only open alerts and closes anything not closed', () => {
    expect(alertActions({ status: 'Open' })).toEqual({ acknowledge: true, close: true });
    expect(alertActions({ status: 'Acknowledged' })).toEqual({ acknowledge: false, close: true });
    expect(alertActions({ status: 'Closed' })).toEqual({ acknowledge: false, close: false });
  });
});

describe('prependClosed', () => {
  const earlier: ClosedAlert = {
    id: 'z', kind: 'CabinetOffline', message: 'm', cabinetId: 'c2', cabinetName: '2号柜', organisationId: 'o', raisedAt: '2026-11-20T00:00:00Z',
    acknowledgedAt: null, acknowledgedBy: null, acknowledgedByName: null, closedAt: '2026-11-20T05:00:00Z', closedBy: 'user:wang', closedByName: '王调度', closeReason: '已恢复在线',
  };

  it('puts a just-closed alert first with who closed it, when and why, and the cabinet it was shown with', () => {
    const list = prependClosed([earlier], {
      id: 'a', kind: 'IncompatibleDeposit', status: 'Closed', message: 'x', cabinetId: 'c1', organisationId: 'o', raisedAt: '2026-11-21T01:00:00Z',
      acknowledgedAt: '2026-11-21T02:00:00Z', acknowledgedBy: 'user:wang', acknowledgedByName: '王调度',
      closedAt: '2026-11-21T03:00:00Z', closedBy: 'user:li', closedByName: '李监管', closeReason: '现场核查已整改',
    }, '1号柜');
    expect(list.map((a) => a.id)).toEqual(['a', 'z']);
    expect(list[0]).toMatchObject({ cabinetName: '1号柜', closedByName: '李监管', closeReason: '现场核查已整改', closedAt: '2026-11-21T03:00:00Z', acknowledgedByName: '王调度' });
  });

  it('keeps one row per alert and ignores an alert that is not closed', () => {
    const again = prependClosed([earlier], { ...earlier, status: 'Closed', closeReason: '再次确认' });
    expect(again).toHaveLength(1);
    expect(again[0]!.closeReason).toBe('再次确认');
    expect(prependClosed([earlier], { id: 'b', kind: 'CabinetOffline', status: 'Acknowledged' })).toEqual([earlier]);
  });

  it('names the rules, not their technical id, as the closer of an alert they closed themselves', () => {
    expect(closerName({ closedBy: 'system:waste-rules', closedByName: 'system:waste-rules' }, '系统规则')).toBe('系统规则');
    expect(closerName({ closedBy: 'user:li', closedByName: '李监管' }, '系统规则')).toBe('李监管');
    expect(closerName({ closedBy: 'user:gone', closedByName: null }, '系统规则')).toBe('user:gone');
  });
});
