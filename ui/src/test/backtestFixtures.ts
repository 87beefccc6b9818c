/** Backtests test data, typed with the generated bindings: a strategy, runs, a chart and a sweep. */
import type { BacktestChart } from '../bindings/BacktestChart';
import type { BacktestHeadline } from '../bindings/BacktestHeadline';
import type { ReplayDataset } from '../bindings/ReplayDataset';
import type { StoredBacktest } from '../bindings/StoredBacktest';
import type { StrategyInfo } from '../bindings/StrategyInfo';
import type { SweepOutcome } from '../bindings/SweepOutcome';
import type { Trade } from '../bindings/Trade';
import { headlineOf } from '../features/backtests/stats';

export const SMA_CROSS: StrategyInfo = {
  name: 'sma-cross',
  title: 'SMA crossover',
  description: 'Long when the fast SMA crosses above the slow one; out when it crosses back.',
  params: [
    { name: 'fast', description: 'Fast SMA period', kind: 'integer', default: 10, min: 1, max: 1000 },
    { name: 'slow', description: 'Slow SMA period', kind: 'integer', default: 30, min: 2, max: 1000 },
  ],
};

export const SAFE: StrategyInfo = {
  name: 'safe',
  title: 'Safe',
  description: 'Buys deep RSI dips only.',
  params: [
    { name: 'rsi_period', description: 'RSI period', kind: 'integer', default: 14, min: 2, max: 100 },
    { name: 'oversold', description: 'RSI level that counts as oversold', kind: 'number', default: 25, min: 1, max: 50 },
    { name: 'trailing', description: 'Trail the stop', kind: 'bool', default: false, min: null, max: null },
  ],
};

export const ETHBTC: ReplayDataset = {
  name: 'ETHBTC-5m',
  symbol: 'ETHBTC',
  interval: '5m',
  futures: false,
  first_open: '2024-03-01T00:00:00Z',
  last_open: '2024-03-07T23:55:00Z',
};

/** 2024-03-01T00:00:00Z in ms. */
export const T0 = Date.UTC(2024, 2, 1);
const FIVE_MIN = 300_000;

export function trade(i: number, overrides: Partial<Trade> = {}): Trade {
  return {
    side: 'long',
    entry_time: T0 + (10 + i * 20) * FIVE_MIN,
    exit_time: T0 + (20 + i * 20) * FIVE_MIN,
    entry_price: 0.05 + i * 0.0001,
    exit_price: 0.0502 + i * 0.0001,
    quantity: 1000,
    pnl: i % 2 === 0 ? 0.2 : -0.1,
    return_pct: i % 2 === 0 ? 0.4 : -0.2,
    exit_reason: 'signal',
    ...overrides,
  };
}

export function storedRun(id: number, overrides: Partial<StoredBacktest> = {}): StoredBacktest & { id: number } {
  const trades = [trade(0), trade(1), trade(2)];
  const base: StoredBacktest = {
    id,
    created_at: '2026-12-04T09:30:00Z',
    strategy: 'sma-cross',
    params: { fast: 10, slow: 30 },
    data: { kind: 'recording', dataset: 'ETHBTC-5m' },
    symbol: 'ETHBTC',
    interval: '5m',
    from: '2024-03-01T00:00:00Z',
    to: '2024-03-01T00:20:00Z',
    candle_count: 5,
    candles_sha256: 'ab'.repeat(32),
    settings: { cash: '10000', commission: '0.001', whole_units: false, allow_short: false },
    report: {
      trades,
      equity: [10000, 10100, 9900, 10050, 10210],
      final_equity: 10210,
      total_return_pct: 2.1,
      trades_count: 3,
      win_rate_pct: 66.67,
      max_drawdown_pct: 1.98,
      buy_hold_return_pct: 1.2,
      exposure_pct: 40,
      profit_factor: null,
      sharpe: 1.25,
      sortino: 1.8,
      avg_trade_pct: 0.2,
      avg_trade_duration_ms: 3_000_000,
      best_trade_pct: 0.4,
      worst_trade_pct: -0.2,
    },
  };
  return { ...base, ...overrides, id };
}

export function headline(overrides: Partial<BacktestHeadline> = {}): BacktestHeadline {
  return { ...headlineOf(storedRun(1).report), ...overrides };
}

export function chart(): BacktestChart {
  const candle = (i: number, close: string) => ({
    open_time: new Date(T0 + i * FIVE_MIN).toISOString(),
    close_time: new Date(T0 + (i + 1) * FIVE_MIN - 1).toISOString(),
    open: '0.05000',
    high: '0.05100',
    low: '0.04900',
    close,
    volume: '12.5',
  });
  return {
    candles: [candle(0, '0.05010'), candle(1, '0.05020'), candle(2, '0.04990')],
    overlays: [
      { name: 'SMA 10', values: [null, 0.05015, 0.05007] },
      { name: 'SMA 30', values: [null, null, 0.05006] },
    ],
    candles_per_bar: 1,
  };
}

/** A 2×2 sweep of fast × slow, best first by return. */
export function sweepOutcome(): SweepOutcome {
  return {
    rows: [
      { params: { fast: 10, slow: 40 }, headline: headline({ total_return_pct: 5 }) },
      { params: { fast: 5, slow: 40 }, headline: headline({ total_return_pct: 2 }) },
      { params: { fast: 10, slow: 30 }, headline: headline({ total_return_pct: -1 }) },
      { params: { fast: 5, slow: 30 }, headline: headline({ total_return_pct: -3 }) },
    ],
    skipped_invalid: 1,
    candle_count: 2016,
  };
}
