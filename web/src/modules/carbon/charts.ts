/**
 * Pure shaping of the Carbon API's series into chart models (unit-tested). The API sends exact decimals as JSON
 * numbers; charts show them rounded, and a missing value (a month without output) stays a gap, never a zero.
 */

export interface ChartSeries {
  name: string;
  kind: 'bar' | 'line';
  values: (number | null)[];
  /** Series with the same stack key are stacked. */
  stack?: string;
  /** 0: left axis, 1: right axis. */
  axis?: 0 | 1;
  dashed?: boolean;
}

export interface CategoryChart {
  categories: string[];
  series: ChartSeries[];
}

export function roundTo(value: number | null | undefined, digits: number): number | null {
  if (value === null || value === undefined || !Number.isFinite(value)) return null;
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

const tonnes = (values: readonly (number | null)[]) => values.map((v) => roundTo(v, 3));

export interface ScopeSeriesSource {
  months: string[];
  scope1Tco2e: number[];
  scope2LocationTco2e: number[];
  scope2MarketTco2e: number[];
}

/** Emissions by scope and month: Scope 1 and location-based Scope 2 stacked (the total the inventory reports first). */
export function scopeByMonth(source: ScopeSeriesSource, names: { scope1: string; scope2Location: string }): CategoryChart {
  return {
    categories: [...source.months],
    series: [
      { name: names.scope1, kind: 'bar', stack: 'total', values: tonnes(source.scope1Tco2e) },
      { name: names.scope2Location, kind: 'bar', stack: 'total', values: tonnes(source.scope2LocationTco2e) },
    ],
  };
}

/** Scope 2 location- vs market-based side by side, month by month. */
export function locationVsMarket(source: ScopeSeriesSource, names: { location: string; market: string }): CategoryChart {
  return {
    categories: [...source.months],
    series: [
      { name: names.location, kind: 'bar', values: tonnes(source.scope2LocationTco2e) },
      { name: names.market, kind: 'bar', values: tonnes(source.scope2MarketTco2e) },
    ],
  };
}

export interface IntensitySource {
  months: string[];
  output: (number | null)[];
  intensityLocation: (number | null)[];
  intensityMarket: (number | null)[];
}

/** Intensity lines (left axis) over the output bars (right axis); months without output are gaps. */
export function intensityChart(source: IntensitySource, names: { output: string; location: string; market: string }): CategoryChart {
  return {
    categories: [...source.months],
    series: [
      { name: names.output, kind: 'bar', axis: 1, values: source.output.map((v) => roundTo(v, 3)) },
      { name: names.location, kind: 'line', values: source.intensityLocation.map((v) => roundTo(v, 4)) },
      { name: names.market, kind: 'line', dashed: true, values: source.intensityMarket.map((v) => roundTo(v, 4)) },
    ],
  };
}

/** Whether there is any intensity to draw. */
export function hasIntensity(source: IntensitySource): boolean {
  return source.intensityLocation.some((v) => v !== null) || source.intensityMarket.some((v) => v !== null);
}

export interface YearRow {
  year: number;
  scope1Tco2e: number;
  scope2LocationTco2e: number;
  scope2MarketTco2e: number;
}

/** District totals per year: Scope 1 and Scope 2 (location) stacked, market-based total as a line. */
export function yearlyTrend(years: readonly YearRow[], names: { scope1: string; scope2Location: string; marketTotal: string }): CategoryChart {
  return {
    categories: years.map((y) => String(y.year)),
    series: [
      { name: names.scope1, kind: 'bar', stack: 'total', values: tonnes(years.map((y) => y.scope1Tco2e)) },
      { name: names.scope2Location, kind: 'bar', stack: 'total', values: tonnes(years.map((y) => y.scope2LocationTco2e)) },
      { name: names.marketTotal, kind: 'line', values: tonnes(years.map((y) => y.scope1Tco2e + y.scope2MarketTco2e)) },
    ],
  };
}

export interface MonthRow {
  month: string;
  scope1Tco2e: number;
  scope2LocationTco2e: number;
  scope2MarketTco2e: number;
}

/** Monthly district totals (location- and market-based), optionally limited to one year. */
export function monthlyTrend(months: readonly MonthRow[], names: { location: string; market: string }, year?: number): CategoryChart {
  const rows = year === undefined ? months : months.filter((m) => m.month.startsWith(`${year}-`));
  return {
    categories: rows.map((m) => m.month),
    series: [
      { name: names.location, kind: 'line', values: tonnes(rows.map((m) => m.scope1Tco2e + m.scope2LocationTco2e)) },
      { name: names.market, kind: 'line', dashed: true, values: tonnes(rows.map((m) => m.scope1Tco2e + m.scope2MarketTco2e)) },
    ],
  };
}

export interface RenewablesMonth {
  month: string;
  selfConsumedPvMwh: number;
  greenPowerMwh: number;
  certificatesRetired: number;
  pvCertificatesSold: number;
}

/** PV and green power in MWh (bars, left axis); certificates retired and sold (lines, right axis, count). */
export function renewablesChart(
  months: readonly RenewablesMonth[],
  names: { pv: string; greenPower: string; retired: string; sold: string },
): CategoryChart {
  return {
    categories: months.map((m) => m.month),
    series: [
      { name: names.pv, kind: 'bar', values: months.map((m) => roundTo(m.selfConsumedPvMwh, 3)) },
      { name: names.greenPower, kind: 'bar', values: months.map((m) => roundTo(m.greenPowerMwh, 3)) },
      { name: names.retired, kind: 'line', axis: 1, values: months.map((m) => m.certificatesRetired) },
      { name: names.sold, kind: 'line', axis: 1, dashed: true, values: months.map((m) => m.pvCertificatesSold) },
    ],
  };
}

/** Whether a chart has anything but zeros and gaps. */
export function hasData(chart: CategoryChart): boolean {
  return chart.series.some((s) => s.values.some((v) => v !== null && v !== 0));
}

/** Sum of the non-null values (for annual figures shown beside a chart). */
export function total(values: readonly (number | null)[]): number {
  return values.reduce<number>((sum, v) => sum + (v ?? 0), 0);
}

/** The default year range of the regulator's trend chart: the five years up to `year`. */
export function trendRange(year: number, span = 5): { fromYear: number; toYear: number } {
  return { fromYear: year - span + 1, toYear: year };
}
