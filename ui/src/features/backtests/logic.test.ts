import { describe, expect, it } from 'vitest';
import { SAFE, SMA_CROSS, T0, headline, trade } from '../../test/backtestFixtures';
import { barOf, drawdownPoints, equityPoints, pricePrecision, thin, tradeMarkers } from './chartData';
import { compareStats, togglePick } from './compare';
import { heatMap } from './heatmap';
import { progressText } from './job.svelte';
import { buildParams, checkParam, paramsText } from './params';
import { sweepCount } from './request';
import { duration, statText, STATS } from './stats';
import { nextSort, pageOf, quantityText, sortTrades } from './trades';

const [FAST] = SMA_CROSS.params;
const [, OVERSOLD, TRAILING] = SAFE.params;

describe('parameters', () => {
  it('checks numbers against the kind and range the strategy declares', () => {
    if (FAST === undefined || OVERSOLD === undefined || TRAILING === undefined) throw new Error('fixtures define these params');
    expect(checkParam(FAST, ' 12 '), 'a whole number in range is taken, trimmed').toEqual({ value: 12 });
    expect(checkParam(FAST, '1.5'), 'an integer parameter refuses fractions').toEqual({ problem: 'is 1.5; give a whole number' });
    expect(checkParam(FAST, '0'), 'below the minimum is named with the range').toEqual({ problem: 'is 0; give a value from 1 to 1000' });
    expect(checkParam(FAST, 'ten'), 'text is not a number').toEqual({ problem: 'is `ten`; give a number' });
    expect(checkParam(FAST, ''), 'an empty field says so').toEqual({ problem: 'is empty; give a number' });
    expect(checkParam(OVERSOLD, '22.5'), 'a number parameter takes fractions').toEqual({ value: 22.5 });
    expect(checkParam(TRAILING, true), 'a switch is a boolean').toEqual({ value: true });
  });

  it('builds the params to send, leaving out the swept ones, with problems by backend field name', () => {
    const built = buildParams(SMA_CROSS.params, { fast: 'x', slow: '30' }, new Set(['slow']));
    expect(built, 'fast is wrong, slow is swept so neither sent nor checked').toEqual({ params: {}, problems: { 'params.fast': 'is `x`; give a number' } });
    expect(paramsText({ slow: 30, fast: 10, extra: true }, SMA_CROSS.params), "the strategy's order first, the rest by name").toBe('fast=10 slow=30 extra=true');
  });

  it('counts the values of a sweep range or list, and names what is wrong', () => {
    expect(sweepCount('5..50:5'), 'both ends are included').toEqual({ count: 10 });
    expect(sweepCount('0.1..0.3:0.1'), 'fractional steps do not lose the last value to rounding').toEqual({ count: 3 });
    expect(sweepCount('10,20,30'), 'a list counts its items').toEqual({ count: 3 });
    expect(sweepCount('50..5:5'), 'a range that ends before it starts is refused').toEqual({ problem: 'the range ends before it starts' });
    expect(sweepCount('5..50:0'), 'a zero step would never end').toEqual({ problem: 'the step must be above 0' });
    expect(sweepCount('10,,30'), 'an empty item is refused').toEqual({ problem: 'write numbers separated by commas, e.g. 10,20,30' });
  });
});

describe('figures', () => {
  it('writes each figure as a trader reads it, with a dash where it is undefined', () => {
    const h = headline({ profit_factor: null, win_rate_pct: 50, avg_trade_duration_ms: 90_061_000 });
    const text = Object.fromEntries(STATS.map((s) => [s.key, statText(s, h)]));
    expect(text['profit_factor'], 'no losing trade: no profit factor').toBe('—');
    expect(text['win_rate_pct'], 'a rate is not signed').toBe('50.00 %');
    expect(text['final_equity'], 'cash has thousands separated').toBe('10,210.00');
    expect(duration(90_061_000), 'a duration is its two largest units').toBe('1d 1h');
    expect(duration(0), 'no time at all').toBe('0s');
  });

  it('compares two runs, the better side by which way each figure is better', () => {
    const rows = compareStats(headline({ total_return_pct: 1, max_drawdown_pct: 5, sharpe: null }), headline({ total_return_pct: 2, max_drawdown_pct: 4, sharpe: 1 }));
    const better = Object.fromEntries(rows.map((r) => [r.stat.key, r.better]));
    expect(better['total_return_pct'], 'more return is better').toBe('b');
    expect(better['max_drawdown_pct'], 'a smaller drawdown is better').toBe('b');
    expect(better['sharpe'], 'undefined on one side: no winner').toBeNull();
    expect(better['trades_count'], 'trade counts are neither').toBeNull();
    expect(togglePick(togglePick(togglePick([], 1), 2), 3), 'a third pick drops the first').toEqual([2, 3]);
    expect(togglePick([2, 3], 2), 'ticking a picked run unpicks it').toEqual([3]);
  });

  it('says what a job is doing', () => {
    expect(progressText(null, 'sweep'), 'before the first event').toBe('Starting the sweep…');
    expect(progressText({ phase: 'sweeping', done: 12, total: 1400 }, 'sweep')).toBe('Sweeping: 12 of 1,400 combinations');
    expect(progressText({ phase: 'running', done: 1, total: 3 }, 'run'), 'a share of the candles').toBe('Running over the candles: 33 %');
  });
});

describe('charts', () => {
  it('puts equity on candle times and drawdown below the running peak', () => {
    const points = equityPoints([100, 110, 99, 121], '2024-03-01T00:00:00Z', '5m');
    expect(points.map((p) => p.time), 'one point per 5-minute candle, in seconds').toEqual([0, 300, 600, 900].map((s) => T0 / 1000 + s));
    expect(drawdownPoints(points).map((p) => Number(p.value.toFixed(6))), 'a fall of 11 from a peak of 110 is -10 %').toEqual([0, 0, -10, 0]);
  });

  it('marks entries and exits in time order, none for the exit of an open position', () => {
    const markers = tradeMarkers([trade(1, { side: 'short' }), trade(0), trade(2, { exit_reason: 'open' })]);
    expect(markers.map((m) => m.text), 'short and long entries, exits with their return').toEqual(['Long', '+0.40%', 'Short', '-0.20%', 'Long']);
    expect(markers.every((m, i) => i === 0 || (markers[i - 1]?.time ?? 0) <= m.time), 'sorted by time for the library').toBe(true);
  });

  it('thins long lines without hiding the deepest drawdown, and puts trades on merged bars', () => {
    const points = [5, 3, 9, -7, 2, 4, 1].map((value, time) => ({ time, value }));
    expect(thin(points, 'last', 3), 'equity keeps each group of three its last value').toEqual([
      { time: 2, value: 9 },
      { time: 5, value: 4 },
      { time: 6, value: 1 },
    ]);
    expect(thin(points, 'min', 3).map((p) => p.value), "drawdown keeps each group's lowest, -7 included").toEqual([3, -7, 1]);
    expect(thin(points, 'min').length, 'under the limit every point is drawn').toBe(7);
    expect([50, 100, 149, 150, 10].map((t) => barOf([100, 150], t)), 'the last bar opening at or before; before the first, the first').toEqual([100, 100, 100, 150, 100]);
    const onBars = tradeMarkers([trade(0)], [T0 / 1000, T0 / 1000 + 3600 * 24]);
    expect(onBars.map((m) => m.time), 'both marks of a trade on the first day land on its bar').toEqual([T0 / 1000, T0 / 1000]);
  });

  it('writes prices with the decimals the candles have', () => {
    const candle = (close: string) => ({ open_time: '', close_time: '', open: '0.05', high: '', low: '', close, volume: '' });
    expect(pricePrecision([candle('0.051234')]), "ETHBTC's six decimals are kept").toBe(6);
    expect(pricePrecision([candle('64000.10')]), 'trailing zeros do not count; at least two').toBe(2);
  });

  it('lays a sweep out by two parameters, the best combination per cell, coloured worst to best', () => {
    const row = (fast: number, slow: number, ret: number) => ({ params: { fast, slow, atr: 1 }, headline: headline({ total_return_pct: ret }) });
    // Best first, as the backend sends them; (5, 30) twice: the first is the best one.
    const map = heatMap([row(10, 30, 4), row(5, 30, 3), row(5, 30, -9), row(5, 40, 1)], 'fast', 'slow', 'return');
    expect(map.xs, 'columns are the distinct fast values in order').toEqual([5, 10]);
    expect(map.ys, 'rows are the distinct slow values').toEqual([30, 40]);
    expect(map.cells.map((r) => r.map((c) => c?.value ?? null)), 'best per cell; (10, 40) was not run').toEqual([
      [3, 4],
      [1, null],
    ]);
    expect(map.cells[0]?.[1]?.score, 'the best value seen scores 1').toBe(1);
    const drawdown = heatMap([row(5, 30, 0), row(10, 30, 0)].map((r, i) => ({ ...r, headline: headline({ max_drawdown_pct: i === 0 ? 2 : 8 }) })), 'fast', null, 'drawdown');
    expect(drawdown.cells[0]?.map((c) => c?.score), 'for drawdown, smaller is better').toEqual([1, 0]);
  });
});

describe('trades table', () => {
  const trades = [trade(0, { pnl: 5 }), trade(1, { pnl: -2 }), trade(2, { pnl: 5 }), trade(3, { pnl: 9 })];

  it('sorts by the clicked column, ties in run order, and flips on a second click', () => {
    const byPnl = nextSort({ column: 'entry_time', descending: false }, 'pnl');
    expect(byPnl, 'numbers sort biggest first').toEqual({ column: 'pnl', descending: true });
    expect(sortTrades(trades, byPnl).map((t) => t.n), 'equal P&L keeps the run order').toEqual([4, 1, 3, 2]);
    expect(nextSort(byPnl, 'pnl').descending, 'a second click flips it').toBe(false);
  });

  it('writes quantities without losing the zeros of whole numbers', () => {
    expect(quantityText(104020), 'a whole quantity keeps its zeros').toBe('104,020');
    expect(quantityText(0.5), 'a fraction drops trailing zeros').toBe('0.5');
    expect(quantityText(99056.712345678), 'eight significant digits').toBe('99,056.712');
  });

  it('pages the rows and clamps a page out of range', () => {
    const rows = sortTrades(trades, { column: 'entry_time', descending: false });
    expect(pageOf(rows, 1, 3), 'the second page holds the fourth trade').toMatchObject({ page: 1, pages: 2, first: 4, last: 4 });
    expect(pageOf(rows, 9, 3).page, 'past the end shows the last page').toBe(1);
    expect(pageOf([], 0), 'no trades: one empty page').toMatchObject({ pages: 1, first: 0, last: 0 });
  });
});
