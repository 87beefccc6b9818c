/**
 * What the charts draw, computed from a run: equity and drawdown over time, candles with the
 * strategy's indicator lines, and a marker at each trade's entry and exit. Times are seconds
 * (lightweight-charts' unit); labels are written in the trader's zone by `chartTimeText`.
 */
import type { BacktestChart } from '../../bindings/BacktestChart';
import type { Interval } from '../../bindings/Interval';
import type { Trade } from '../../bindings/Trade';
import { formatDateTime } from '../../lib/time';

export interface Point {
  time: number;
  value: number;
}

export interface Bar {
  time: number;
  open: number;
  high: number;
  low: number;
  close: number;
}

export interface Line {
  name: string;
  points: Point[];
}

export interface TradeMarker {
  time: number;
  position: 'aboveBar' | 'belowBar';
  shape: 'arrowUp' | 'arrowDown' | 'circle';
  color: string;
  text: string;
}

const MINUTE = 60_000;
const INTERVAL_MS: Record<Interval, number> = {
  '1m': MINUTE,
  '3m': 3 * MINUTE,
  '5m': 5 * MINUTE,
  '15m': 15 * MINUTE,
  '30m': 30 * MINUTE,
  '1h': 60 * MINUTE,
  '2h': 120 * MINUTE,
  '4h': 240 * MINUTE,
  '6h': 360 * MINUTE,
  '8h': 480 * MINUTE,
  '12h': 720 * MINUTE,
  '1d': 1440 * MINUTE,
  '3d': 3 * 1440 * MINUTE,
  '1w': 7 * 1440 * MINUTE,
};

export const GAIN = '#3fb950';
export const LOSS = '#e5484d';

const seconds = (ms: number): number => Math.floor(ms / 1000);

/** The equity curve: one point per candle, the first at the run's first open time `from`. */
export function equityPoints(equity: readonly number[], from: string, interval: Interval): Point[] {
  const start = new Date(from).getTime();
  return equity.map((value, i) => ({ time: seconds(start + i * INTERVAL_MS[interval]), value }));
}

/** The most points a line is drawn with; more are thinned, as the candles are. */
export const MAX_LINE_POINTS = 10_000;

/**
 * `points` in at most `max` points, one per group of consecutive points: the group's last
 * (`last`, for equity) or its lowest (`min`, for drawdown, so the deepest fall stays on screen).
 */
export function thin(points: readonly Point[], pick: 'last' | 'min', max = MAX_LINE_POINTS): Point[] {
  const size = Math.max(1, Math.ceil(points.length / Math.max(1, max)));
  if (size === 1) return [...points];
  const out: Point[] = [];
  for (let start = 0; start < points.length; start += size) {
    const group = points.slice(start, start + size);
    const last = group[group.length - 1];
    if (last === undefined) continue;
    const chosen = pick === 'last' ? last : group.reduce((low, p) => (p.value < low.value ? p : low), last);
    out.push({ time: last.time, value: chosen.value });
  }
  return out;
}

/** The fall from the running peak at each point, in % (0 at a new high, negative below it). */
export function drawdownPoints(equity: readonly Point[]): Point[] {
  let peak = Number.NEGATIVE_INFINITY;
  return equity.map(({ time, value }) => {
    peak = Math.max(peak, value);
    return { time, value: peak > 0 ? (value / peak - 1) * 100 : 0 };
  });
}

/** The chart's candles and indicator lines (a line skips the candles it is undefined on). */
export function candleSeries(chart: BacktestChart): { bars: Bar[]; lines: Line[] } {
  const times = chart.candles.map((c) => seconds(new Date(c.open_time).getTime()));
  const bars = chart.candles.map((c, i) => ({
    time: times[i] ?? 0,
    open: Number(c.open),
    high: Number(c.high),
    low: Number(c.low),
    close: Number(c.close),
  }));
  const lines = chart.overlays.map((o) => ({
    name: o.name,
    points: o.values.flatMap((value, i) => (value === null || times[i] === undefined ? [] : [{ time: times[i], value }])),
  }));
  return { bars, lines };
}

/** Above this many trades the markers carry no words: the shapes and colours say enough. */
export const LABELLED_TRADES = 40;

/**
 * An entry and an exit marker per trade, in time order (a position still open has no exit).
 * With few trades, entries say Long or Short and exits their return.
 */
export function tradeMarkers(trades: readonly Trade[], barTimes: readonly number[] = []): TradeMarker[] {
  const words = trades.length <= LABELLED_TRADES;
  const onBar = (ms: number): number => barOf(barTimes, seconds(ms));
  const markers: TradeMarker[] = [];
  for (const t of trades) {
    const long = t.side === 'long';
    markers.push({
      time: onBar(t.entry_time),
      position: long ? 'belowBar' : 'aboveBar',
      shape: long ? 'arrowUp' : 'arrowDown',
      color: long ? GAIN : LOSS,
      text: words ? (long ? 'Long' : 'Short') : '',
    });
    if (t.exit_reason !== 'open') {
      markers.push({
        time: onBar(t.exit_time),
        position: long ? 'aboveBar' : 'belowBar',
        shape: 'circle',
        color: t.pnl >= 0 ? GAIN : LOSS,
        text: words ? `${t.return_pct >= 0 ? '+' : ''}${t.return_pct.toFixed(2)}%` : '',
      });
    }
  }
  return markers.sort((a, b) => a.time - b.time);
}

/**
 * The time of the bar holding instant `time` (seconds): the last bar opening at or before it.
 * Merged bars (a long run) start at their first candle, so a trade inside one lands on it.
 * Without bars, `time` itself.
 */
export function barOf(barTimes: readonly number[], time: number): number {
  let lo = 0;
  let hi = barTimes.length - 1;
  let found = barTimes[0] ?? time;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const t = barTimes[mid] ?? time;
    if (t <= time) {
      found = t;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return barTimes.length === 0 ? time : found;
}

/** A chart time (seconds) in the trader's zone, `2026-11-24 09:40:00`. */
export function chartTimeText(time: number, timeZone?: string): string {
  return formatDateTime(new Date(time * 1000).toISOString(), timeZone);
}

/** Decimals the prices are written with (2 to 8), so ETHBTC's 0.05123 is not shown as 0.05. */
export function pricePrecision(candles: BacktestChart['candles']): number {
  let most = 2;
  for (const c of candles.slice(0, 200)) {
    for (const price of [c.open, c.close]) {
      const decimals = price.includes('.') ? price.replace(/0+$/, '').split('.')[1]?.length ?? 0 : 0;
      most = Math.max(most, decimals);
    }
  }
  return Math.min(8, most);
}
