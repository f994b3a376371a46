import { describe, expect, it } from 'vitest';
import { missingMeasures, planLineProblems, reminderView } from './plansApi';

describe('management-plan reminder', () => {
  it('is calm for a filed plan and notes a late one', () => {
    expect(reminderView({ state: 'Filed', daysLeft: -40 })).toMatchObject({ type: 'success', key: 'filed', actionNeeded: false });
    expect(reminderView({ state: 'FiledLate', daysLeft: -40 })).toMatchObject({ type: 'info', key: 'filedLate', actionNeeded: false });
  });

  it('informs well before 31 March and warns within 30 days', () => {
    expect(reminderView({ state: 'NotStarted', daysLeft: 80 })).toMatchObject({ type: 'info', key: 'notStarted', days: 80 });
    expect(reminderView({ state: 'Draft', daysLeft: 31 })).toMatchObject({ type: 'info', key: 'draft' });
    expect(reminderView({ state: 'Draft', daysLeft: 30 })).toMatchObject({ type: 'warning', key: 'dueSoon', days: 30 });
    expect(reminderView({ state: 'NotStarted', daysLeft: 0 })).toMatchObject({ type: 'warning', key: 'dueToday' });
  });

  it('reports how many days overdue once 31 March has passed', () => {
    expect(reminderView({ state: 'Overdue', daysLeft: -3 })).toEqual({ type: 'error', key: 'overdue', days: 3, actionNeeded: true });
  });
});

describe('plan line checks', () => {
  it('accepts a well-formed line', () => {
    expect(planLineProblems([{ wasteCode: '900-041-49', wasteName: '废矿物油', expectedKg: '1200.5' }])).toEqual([]);
  });

  it('names each bad field and duplicates', () => {
    const problems = planLineProblems([
      { wasteCode: '900-041-49', wasteName: 'a', expectedKg: '1' },
      { wasteCode: '900-041-49', wasteName: ' ', expectedKg: '0' },
      { wasteCode: '90004149', wasteName: 'b', expectedKg: '1.2345' },
    ]);
    expect(problems).toEqual([
      { index: 1, field: 'wasteCode', problem: 'duplicate' },
      { index: 1, field: 'wasteName', problem: 'required' },
      { index: 1, field: 'expectedKg', problem: 'kg' },
      { index: 2, field: 'wasteCode', problem: 'code' },
      { index: 2, field: 'expectedKg', problem: 'kg' },
    ]);
    expect(planLineProblems([])).toEqual([{ index: -1, field: 'lines', problem: 'atLeastOne' }]);
  });
});

describe('missingMeasures', () => {
  it('names the empty or blank measure texts in the form order', () => {
    expect(missingMeasures({ reductionMeasures: '  ', storageMeasures: '分区存放，防渗托盘', transferPlan: '' })).toEqual(['reductionMeasures', 'transferPlan']);
    expect(missingMeasures({ reductionMeasures: null, storageMeasures: undefined, transferPlan: '委托绿岛清运' })).toEqual(['reductionMeasures', 'storageMeasures']);
  });

  it('is empty when all three are written', () => {
    expect(missingMeasures({ reductionMeasures: '更换水性漆', storageMeasures: '分区存放', transferPlan: '每季度转移' })).toEqual([]);
  });
});
