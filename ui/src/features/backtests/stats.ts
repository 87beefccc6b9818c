/**
 * The headline figures of a run as a trader reads them: which ones, their labels, how each is
 * written (`—` where a figure is undefined, e.g. a profit factor without a losing trade) and
 * which way is better, shared by the stats panel, the stored runs list and the comparison.
 */
import type { BacktestHeadline } from '../../bindings/BacktestHeadline';
import type { BacktestReport } from '../../bindings/BacktestReport';
import type { BacktestRunSummary } from '../../bindings/BacktestRunSummary';
import type { StoredBacktest } from '../../bindings/StoredBacktest';

export type StatKey = keyof BacktestHeadline;

export interface Stat {
  key: StatKey;
  label: string;
  /** `higher` or `lower` is better; `null` where neither is (exposure, trade count). */
  better: 'higher' | 'lower' | null;
  format: (value: number) => string;
}

/** `12.34 %`, signed where a sign means gain or loss. */
export function pct(value: number, signed = true): string {
  const text = `${value.toFixed(2)} %`;
  return signed && value > 0 ? `+${text}` : text;
}

/** A figure with `digits` decimals and thousands separated (`10,234.50`). */
export function amount(value: number, digits = 2): string {
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

const UNITS: readonly [number, string][] = [
  [86_400, 'd'],
  [3_600, 'h'],
  [60, 'm'],
  [1, 's'],
];

/** A span of time in its largest unit and the next one: `3d 4h`, `2h 35m`, `45m`, `30s`. */
export function duration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  const first = UNITS.findIndex(([size]) => seconds >= size);
  if (first === -1) return '0s';
  const [size, unit] = UNITS[first] ?? [1, 's'];
  const text = `${Math.floor(seconds / size)}${unit}`;
  const next = UNITS[first + 1];
  if (next === undefined) return text;
  const rest = Math.floor((seconds % size) / next[0]);
  return rest === 0 ? text : `${text} ${rest}${next[1]}`;
}

const fixed2 = (v: number): string => v.toFixed(2);

export const STATS: readonly Stat[] = [
  { key: 'final_equity', label: 'Final equity', better: 'higher', format: (v) => amount(v) },
  { key: 'total_return_pct', label: 'Return', better: 'higher', format: (v) => pct(v) },
  { key: 'buy_hold_return_pct', label: 'Buy & hold', better: 'higher', format: (v) => pct(v) },
  { key: 'max_drawdown_pct', label: 'Max drawdown', better: 'lower', format: (v) => pct(-v, false) },
  { key: 'trades_count', label: 'Trades', better: null, format: (v) => String(v) },
  { key: 'win_rate_pct', label: 'Win rate', better: 'higher', format: (v) => pct(v, false) },
  { key: 'exposure_pct', label: 'Exposure', better: null, format: (v) => pct(v, false) },
  { key: 'profit_factor', label: 'Profit factor', better: 'higher', format: fixed2 },
  { key: 'sharpe', label: 'Sharpe', better: 'higher', format: fixed2 },
  { key: 'sortino', label: 'Sortino', better: 'higher', format: fixed2 },
  { key: 'avg_trade_pct', label: 'Avg. trade', better: 'higher', format: (v) => pct(v) },
  { key: 'avg_trade_duration_ms', label: 'Avg. duration', better: null, format: duration },
  { key: 'best_trade_pct', label: 'Best trade', better: 'higher', format: (v) => pct(v) },
  { key: 'worst_trade_pct', label: 'Worst trade', better: 'higher', format: (v) => pct(v) },
];

/** One figure as shown: `—` when it is undefined (no trades, no losing trade). */
export function statText(stat: Stat, headline: BacktestHeadline): string {
  const value = headline[stat.key];
  return value === null || !Number.isFinite(value) ? '—' : stat.format(value);
}

/** The headline figures of a full report. */
export function headlineOf(report: BacktestReport): BacktestHeadline {
  const { trades: _trades, equity: _equity, ...headline } = report;
  return headline;
}

/** A stored run as the runs list shows it (what `backtest_runs` would answer for it). */
export function summaryOf(run: StoredBacktest & { id: number }): BacktestRunSummary {
  const { report, ...rest } = run;
  return { ...rest, headline: headlineOf(report) };
}
