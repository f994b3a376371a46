import { describe, expect, it } from 'vitest';
import { hasData, hasIntensity, intensityChart, locationVsMarket, monthlyTrend, renewablesChart, roundTo, scopeByMonth, total, trendRange, yearlyTrend } from './charts';

// The shape of GET /api/carbon/inventories/{id}/charts for 100 / 200 / 50 MWh in Jiangsu 2022 (0.5978 tCO2/MWh),
// 100 certificates retired in February, outputs 10 t, 20 t, 5 t (see the integration tests).
const charts = {
  months: ['2022-01', '2022-02', '2022-03', '2022-04'],
  scope1Tco2e: [0, 1.25, 0, 0],
  scope2LocationTco2e: [59.78, 119.56, 29.89, 0],
  scope2MarketTco2e: [58.56, 58.56, 29.28, 0],
  output: [10, 20, 5, null],
  intensityLocation: [5.978, 6.0405, 5.978, null],
  intensityMarket: [5.856, 2.9905, 5.856, null],
};

describe('enterprise carbon charts', () => {
  it('stacks Scope 1 and location-based Scope 2 per month', () => {
    const chart = scopeByMonth(charts, { scope1: '范围一', scope2Location: '范围二（基于位置）' });

    expect(chart.categories).toEqual(['2022-01', '2022-02', '2022-03', '2022-04']);
    expect(chart.series.map((s) => [s.name, s.stack, s.kind])).toEqual([
      ['范围一', 'total', 'bar'],
      ['范围二（基于位置）', 'total', 'bar'],
    ]);
    expect(chart.series[1]?.values).toEqual([59.78, 119.56, 29.89, 0]);
  });

  it('puts location- and market-based Scope 2 side by side', () => {
    const chart = locationVsMarket(charts, { location: 'L', market: 'M' });

    expect(chart.series.map((s) => s.stack)).toEqual([undefined, undefined]);
    expect(chart.series[1]?.values).toEqual([58.56, 58.56, 29.28, 0]);
  });

  it('keeps months without output as gaps in the intensity, never zeros', () => {
    const chart = intensityChart(charts, { output: 'O', location: 'L', market: 'M' });

    expect(chart.series[0]).toMatchObject({ kind: 'bar', axis: 1, values: [10, 20, 5, null] });
    expect(chart.series[1]?.values).toEqual([5.978, 6.0405, 5.978, null]);
    expect(chart.series[2]).toMatchObject({ dashed: true, values: [5.856, 2.9905, 5.856, null] });
    expect(hasIntensity(charts)).toBe(true);
    expect(hasIntensity({ ...charts, intensityLocation: [null], intensityMarket: [null] })).toBe(false);
  });

  it('rounds for display only and leaves missing values missing', () => {
    expect(roundTo(174.7088266, 3)).toBe(174.709);
    expect(roundTo(null, 3)).toBeNull();
    expect(roundTo(Number.NaN, 3)).toBeNull();
    expect(total([1.5, null, 2])).toBe(3.5);
  });
});

describe('regulator carbon charts', () => {
  const years = [
    { year: 2022, scope1Tco2e: 10, scope2LocationTco2e: 896.7, scope2MarketTco2e: 878.4 },
    { year: 2023, scope1Tco2e: 0, scope2LocationTco2e: 58.27, scope2MarketTco2e: 60.96 },
  ];

  it('stacks the yearly district totals and draws the market-based total as a line', () => {
    const chart = yearlyTrend(years, { scope1: 'S1', scope2Location: 'S2L', marketTotal: 'M' });

    expect(chart.categories).toEqual(['2022', '2023']);
    expect(chart.series[2]).toMatchObject({ kind: 'line', values: [888.4, 60.96] });
  });

  it('limits the monthly trend to the chosen year', () => {
    const months = [
      { month: '2022-12', scope1Tco2e: 1, scope2LocationTco2e: 2, scope2MarketTco2e: 3 },
      { month: '2023-01', scope1Tco2e: 1, scope2LocationTco2e: 5, scope2MarketTco2e: 4 },
    ];

    const chart = monthlyTrend(months, { location: 'L', market: 'M' }, 2023);

    expect(chart.categories).toEqual(['2023-01']);
    expect(chart.series.map((s) => s.values)).toEqual([[6], [5]]);
    expect(monthlyTrend(months, { location: 'L', market: 'M' }).categories).toHaveLength(2);
  });

  it('shows PV and green power in MWh and certificates on the second axis', () => {
    const chart = renewablesChart(
      [
        { month: '2022-06', selfConsumedPvMwh: 120, greenPowerMwh: 200, certificatesRetired: 100, pvCertificatesSold: 0 },
        { month: '2022-07', selfConsumedPvMwh: 80, greenPowerMwh: 0, certificatesRetired: 0, pvCertificatesSold: 50 },
      ],
      { pv: 'PV', greenPower: 'G', retired: 'R', sold: 'S' },
    );

    expect(chart.series.map((s) => [s.name, s.axis ?? 0])).toEqual([['PV', 0], ['G', 0], ['R', 1], ['S', 1]]);
    expect(chart.series[3]?.values).toEqual([0, 50]);
    expect(hasData(chart)).toBe(true);
    expect(hasData(renewablesChart([{ month: '2022-01', selfConsumedPvMwh: 0, greenPowerMwh: 0, certificatesRetired: 0, pvCertificatesSold: 0 }], { pv: 'PV', greenPower: 'G', retired: 'R', sold: 'S' }))).toBe(false);
  });

  it('defaults the trend to the five years up to the chosen year', () => {
    expect(trendRange(2024)).toEqual({ fromYear: 2020, toYear: 2024 });
  });
});
