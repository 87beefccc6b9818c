/**
 * A sweep's results laid out over two swept parameters: one column per value of `x`, one row per
 * value of `y`, each cell the rank metric of that combination. With more than two parameters
 * swept, a cell shows the best combination for its pair (rows arrive best first). Colour runs
 * from the worst to the best value seen, whichever way the metric is better.
 */
import type { BacktestHeadline } from '../../bindings/BacktestHeadline';
import type { ParamValue } from '../../bindings/ParamValue';
import type { RankBy } from '../../bindings/RankBy';
import type { SweepRow } from '../../bindings/SweepRow';
import { pct } from './stats';

export const RANKINGS: readonly { value: RankBy; label: string }[] = [
  { value: 'return', label: 'Return' },
  { value: 'sharpe', label: 'Sharpe' },
  { value: 'profit-factor', label: 'Profit factor' },
  { value: 'drawdown', label: 'Max drawdown (smallest)' },
];

/** The figure `rank` ranks by, `null` where it is undefined. */
export function metricOf(headline: BacktestHeadline, rank: RankBy): number | null {
  switch (rank) {
    case 'return':
      return headline.total_return_pct;
    case 'sharpe':
      return headline.sharpe;
    case 'profit-factor':
      return headline.profit_factor;
    case 'drawdown':
      return headline.max_drawdown_pct;
  }
}

/** The metric as a cell shows it. */
export function metricText(value: number | null, rank: RankBy): string {
  if (value === null || !Number.isFinite(value)) return '—';
  if (rank === 'return') return pct(value);
  if (rank === 'drawdown') return pct(-value, false);
  return value.toFixed(2);
}

export interface HeatCell {
  row: SweepRow;
  value: number | null;
  /** 0 (worst seen) to 1 (best seen); `null` without a value. */
  score: number | null;
}

export interface HeatMap {
  x: string;
  y: string | null;
  xs: number[];
  /** `[null]` when only one parameter was swept. */
  ys: (number | null)[];
  /** `cells[yi][xi]`; `null` where the combination was skipped (e.g. fast ≥ slow). */
  cells: (HeatCell | null)[][];
}

function numberOf(value: ParamValue | undefined): number | null {
  return typeof value === 'number' ? value : null;
}

function distinct(rows: readonly SweepRow[], name: string): number[] {
  const seen = new Set<number>();
  for (const row of rows) {
    const v = numberOf(row.params[name]);
    if (v !== null) seen.add(v);
  }
  return [...seen].sort((a, b) => a - b);
}

/** The heat map of `rows` over `x` (columns) and `y` (rows; `null`: one row). */
export function heatMap(rows: readonly SweepRow[], x: string, y: string | null, rank: RankBy): HeatMap {
  const xs = distinct(rows, x);
  const ys: (number | null)[] = y === null ? [null] : distinct(rows, y);
  const cells: (HeatCell | null)[][] = ys.map(() => xs.map(() => null));
  const values = rows.map((r) => metricOf(r.headline, rank)).filter((v): v is number => v !== null && Number.isFinite(v));
  const low = Math.min(...values);
  const high = Math.max(...values);
  const score = (v: number | null): number | null => {
    if (v === null || !Number.isFinite(v)) return null;
    const t = high === low ? 1 : (v - low) / (high - low);
    return rank === 'drawdown' ? 1 - t : t;
  };
  for (const row of rows) {
    const xi = xs.indexOf(numberOf(row.params[x]) ?? Number.NaN);
    const yi = y === null ? 0 : ys.indexOf(numberOf(row.params[y]) ?? Number.NaN);
    const line = cells[yi];
    // Best first: the first row seen for a cell is its best.
    if (xi === -1 || line === undefined || line[xi] !== null) continue;
    const value = metricOf(row.headline, rank);
    line[xi] = { row, value, score: score(value) };
  }
  return { x, y, xs, ys, cells };
}

/** A cell's colour: red (worst) through amber to green (best); grey without a value. */
export function heatColour(score: number | null): string {
  if (score === null) return 'hsl(215 12% 30%)';
  return `hsl(${Math.round(score * 120)} 55% 36%)`;
}
