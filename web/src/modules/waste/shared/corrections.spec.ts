import { describe, expect, it } from 'vitest';
import { agreements, awaitsViewer, canBeCorrected, correctionBody, partiesOf, versionHistory, type FormLine } from './corrections';

const manifest = {
  generator: { organisationId: 'ent' },
  carrier: { organisationId: 'col' },
  receiver: { organisationId: 'dis' },
};

describe('partiesOf', () => {
  it('names the parts the viewer plays, as the server counts them', () => {
    expect(partiesOf({ organisationId: 'ent', roles: ['EnterpriseAdmin'] }, manifest)).toEqual(['generator']);
    expect(partiesOf({ organisationId: 'col', roles: ['CollectorDispatcher'] }, manifest)).toEqual(['carrier']);
    expect(partiesOf({ organisationId: 'dis', roles: ['DisposalOperator'] }, manifest)).toEqual(['receiver']);
  });

  it('gives no part to staff, drivers, regulators or strangers', () => {
    expect(partiesOf({ organisationId: 'ent', roles: ['EnterpriseStaff'] }, manifest)).toEqual([]);
    expect(partiesOf({ organisationId: 'col', roles: ['Driver'] }, manifest)).toEqual([]);
    expect(partiesOf({ organisationId: 'reg', roles: ['Regulator'] }, manifest)).toEqual([]);
    expect(partiesOf({ organisationId: 'other', roles: ['EnterpriseAdmin'] }, manifest)).toEqual([]);
  });

  it('gives a collector shipping from its own warehouse every part it holds', () => {
    const shipment = { generator: { organisationId: 'col' }, carrier: { organisationId: 'col' }, receiver: { organisationId: 'dis' } };
    expect(partiesOf({ organisationId: 'col', roles: ['CollectorDispatcher'] }, shipment)).toEqual(['generator', 'carrier']);
  });
});

describe('canBeCorrected', () => {
  it('takes signed manifests only', () => {
    expect(canBeCorrected('Draft')).toBe(false);
    expect(canBeCorrected('Cancelled')).toBe(false);
    expect(canBeCorrected('Received')).toBe(true);
    expect(canBeCorrected('Disposed')).toBe(true);
  });
});

describe('agreements and awaitsViewer', () => {
  const pending = { status: 'Pending', fromVersion: 1, generatorAgreedAt: null, carrierAgreedAt: null, receiverAgreedAt: '2026-11-20T02:00:00Z' };

  it('lists each party with its agreement or null', () => {
    expect(agreements(pending)).toEqual([
      { party: 'generator', at: null },
      { party: 'carrier', at: null },
      { party: 'receiver', at: '2026-11-20T02:00:00Z' },
    ]);
  });

  it('awaits the parties that have not agreed, on the current version only', () => {
    expect(awaitsViewer(pending, ['generator'], 1)).toBe(true);
    expect(awaitsViewer(pending, ['receiver'], 1)).toBe(false);
    expect(awaitsViewer(pending, ['generator'], 2)).toBe(false);
    expect(awaitsViewer({ ...pending, status: 'Applied' }, ['generator'], 1)).toBe(false);
    expect(awaitsViewer(pending, [], 1)).toBe(false);
  });
});

describe('correctionBody', () => {
  const lines = (overrides: Partial<FormLine>[] = []): FormLine[] => [
    { lineNo: 1, currentQuantityKg: 100, currentReceivedKg: 93, quantityKg: '100', receivedKg: '93', ...overrides[0] },
    { lineNo: 2, currentQuantityKg: '20.5', currentReceivedKg: null, quantityKg: '20.5', receivedKg: '', ...overrides[1] },
  ];

  it('sends only the changed lines, with canonical decimal weights and the trimmed reason', () => {
    const result = correctionBody('  地磅复核：装车时少称一桶 ', lines([{ quantityKg: '９４,５' }]));
    expect(result).toEqual({ ok: true, body: { reason: '地磅复核：装车时少称一桶', lines: [{ lineNo: 1, quantityKg: '94.5', receivedKg: '93' }] } });
  });

  it('sends no received weight for a line not yet received', () => {
    const result = correctionBody('复核', lines([{}, { quantityKg: '21' }]));
    expect(result).toEqual({ ok: true, body: { reason: '复核', lines: [{ lineNo: 2, quantityKg: '21', receivedKg: null }] } });
  });

  it('names the fields at fault: a bad weight, a missing reason, nothing changed', () => {
    expect(correctionBody('', lines([{ quantityKg: '0' }, { quantityKg: '1.2345' }]))).toEqual({
      ok: false,
      errors: { 'lines.1.quantityKg': 'notPositive', 'lines.2.quantityKg': 'tooPrecise', reason: 'required' },
    });
    expect(correctionBody('复核', lines([{ receivedKg: 'abc' }]))).toEqual({ ok: false, errors: { 'lines.1.receivedKg': 'notANumber' } });
    expect(correctionBody('复核', lines())).toEqual({ ok: false, errors: { lines: 'required' } });
  });
});

describe('versionHistory', () => {
  it('lists version 1 and each applied correction with what changed, newest first', () => {
    const history = versionHistory([
      { version: 1, type: 'Drawn', at: '2026-11-18T01:00:00Z', actor: 'user:dispatcher' },
      { version: 1, type: 'Received', at: '2026-11-18T06:00:00Z', actor: 'user:disposal' },
      {
        version: 2,
        type: 'Corrected',
        at: '2026-11-19T02:00:00Z',
        actor: 'user:ent.admin',
        actorName: '李经理',
        payload: {
          version: 2,
          reason: '地磅复核',
          before: [
            { lineNo: 1, wasteCode: '900-041-49', quantityKg: 100, receivedKg: 93 },
            { lineNo: 2, wasteCode: '900-249-08', quantityKg: 20, receivedKg: 20 },
          ],
          after: [
            { lineNo: 1, wasteCode: '900-041-49', quantityKg: 94, receivedKg: 93 },
            { lineNo: 2, wasteCode: '900-249-08', quantityKg: 20, receivedKg: 20 },
          ],
        },
      },
    ]);
    expect(history.map((h) => h.version)).toEqual([2, 1]);
    expect(history[0]).toEqual({
      version: 2,
      at: '2026-11-19T02:00:00Z',
      actor: '李经理',
      reason: '地磅复核',
      changes: [{ lineNo: 1, wasteCode: '900-041-49', field: 'quantityKg', before: 100, after: 94 }],
    });
    expect(history[1]).toMatchObject({ version: 1, actor: 'user:dispatcher', reason: null, changes: [] });
  });
});
