import { describe, expect, it } from 'vitest';
import { copyToWeekdays, describeDay, errorsByWeekday, toRequest, toWeek, type DayHours } from './openingHours';

const response = {
  days: [
    { weekday: 1, intervals: ['08:00-11:30', '13:00-17:00'], closed: false },
    { weekday: 6, intervals: ['08:00-12:00'], closed: false },
    { weekday: 7, intervals: [], closed: true },
  ],
};

describe('opening hours from the API', () => {
  it('gives all seven days, Monday first: listed days open or closed, unlisted days any time', () => {
    const week = toWeek(response);
    expect(week.map((d) => [d.weekday, d.mode])).toEqual([
      [1, 'open'],
      [2, 'any'],
      [3, 'any'],
      [4, 'any'],
      [5, 'any'],
      [6, 'open'],
      [7, 'closed'],
    ]);
    expect(week[0]!.intervals).toEqual([
      { open: '08:00', close: '11:30' },
      { open: '13:00', close: '17:00' },
    ]);
  });

  it('reads a site with nothing recorded as any time every day', () => {
    expect(toWeek({ days: [] }).every((d) => d.mode === 'any')).toBe(true);
    expect(toWeek(null)).toHaveLength(7);
  });

  it('round-trips: what was read is what is sent back', () => {
    expect(toRequest(toWeek(response))).toEqual({
      days: [
        { weekday: 1, intervals: ['08:00-11:30', '13:00-17:00'] },
        { weekday: 6, intervals: ['08:00-12:00'] },
        { weekday: 7, intervals: [] },
      ],
    });
  });
});

describe('the request body', () => {
  it('leaves out any-time days, sends closed days with no interval and open days as typed', () => {
    const week: DayHours[] = [
      { weekday: 2, mode: 'open', intervals: [{ open: '13:00', close: '12:00' }] },
      { weekday: 3, mode: 'closed', intervals: [{ open: '08:00', close: '09:00' }] },
      { weekday: 4, mode: 'any', intervals: [{ open: '08:00', close: '09:00' }] },
    ];
    expect(toRequest(week)).toEqual({ days: [{ weekday: 2, intervals: ['13:00-12:00'] }, { weekday: 3, intervals: [] }] });
  });

  it('never turns an open day without hours into a closed one', () => {
    expect(toRequest([{ weekday: 5, mode: 'open', intervals: [] }]).days[0]!.intervals).toEqual(['-']);
  });
});

describe('server errors next to their day', () => {
  // Stands in for vue-i18n's t: the key and its named values, so the test sees which message was chosen.
  const t = (key: string, named?: Record<string, unknown>) => (named ? `${key}(${JSON.stringify(named)})` : key);

  it('maps days[i] to the weekday that was sent at index i, as translated messages', () => {
    const request = { days: [{ weekday: 1, intervals: ['08:00-11:30'] }, { weekday: 3, intervals: ['13:00-12:00'] }, { weekday: 3, intervals: [] }] };
    const problem = {
      errors: {
        'days[1].intervals': ["'13:00-12:00' is not an interval like 08:00-11:30."],
        'days[2].weekday': ['Give each ISO weekday (1 = Monday ... 7 = Sunday) once.'],
        days: ['List the weekdays.'],
      },
    };
    expect(errorsByWeekday(problem, request, t)).toEqual({
      3: 'waste.hours.errors.interval({"text":"13:00-12:00"}) waste.hours.errors.weekday',
      0: 'waste.hours.errors.days',
    });
  });

  it('names the badly written interval, or else says the intervals overlap', () => {
    const request = {
      days: [
        { weekday: 2, intervals: ['08:00-12:00', '11:00-14:00'] },
        { weekday: 4, intervals: ['08:00-12:00', '14:00-'] },
        { weekday: 5, intervals: ['8-12'] },
      ],
    };
    const problem = {
      errors: {
        'days[0].intervals': ['Intervals must be in order and must not overlap.'],
        'days[1].intervals': ["'14:00-' is not an interval like 08:00-11:30."],
        'days[2].intervals': ["'8-12' is not an interval like 08:00-11:30."],
      },
    };
    expect(errorsByWeekday(problem, request, t)).toEqual({
      2: 'waste.hours.errors.overlap',
      4: 'waste.hours.errors.interval({"text":"14:00-"})',
      5: 'waste.hours.errors.interval({"text":"8-12"})',
    });
  });

  it('never shows the server\'s English sentence', () => {
    const request = { days: [{ weekday: 1, intervals: ['25:00-26:00'] }] };
    const problem = { errors: { 'days[0].intervals': ["'25:00-26:00' is not an interval like 08:00-11:30."] } };
    expect(errorsByWeekday(problem, request, t)[1]).not.toContain('is not an interval');
  });

  it('is empty without a problem', () => {
    expect(errorsByWeekday(null, { days: [] }, t)).toEqual({});
  });
});

describe('editing helpers', () => {
  it('copies a day to the other working days only, as a copy', () => {
    const week = toWeek(response);
    const copied = copyToWeekdays(week, 1);
    expect(copied.slice(0, 5).every((d) => d.mode === 'open' && d.intervals.length === 2)).toBe(true);
    expect(copied[5]).toBe(week[5]);
    expect(copied[6]).toBe(week[6]);
    copied[1]!.intervals[0]!.open = '07:00';
    expect(copied[0]!.intervals[0]!.open).toBe('08:00');
  });

  it('describes a day', () => {
    const words = { closed: '不收运', any: '不限' };
    const week = toWeek(response);
    expect(describeDay(week[0]!, words)).toBe('08:00-11:30, 13:00-17:00');
    expect(describeDay(week[1]!, words)).toBe('不限');
    expect(describeDay(week[6]!, words)).toBe('不收运');
  });
});
