import { describe, expect, it } from 'vitest';
import type { OrderInput } from '../bindings/OrderInput';
import { order, outage, report } from '../test/orderFixtures';
import { decimalSum, weightedAverage } from './decimal';
import { buildOrderInput } from './orderForm.svelte';
import {
  ORDER_STATUSES,
  averageFillPrice,
  isFinal,
  isPauseError,
  kindText,
  mergeOrders,
  outageText,
  priceSourceText,
  reportSummary,
  totalFee,
} from './orders';

const LIMIT_BUY: OrderInput = { account: 'paper', symbol: 'ETHBTC', side: 'BUY', kind: { type: 'limit', price: '0.09' }, quantity: '0.5' };

describe('decimal money', () => {
  it('averages fill prices exactly, without binary floating-point noise', () => {
    // 0.1 × 0.3 + 0.2 × 0.3 in floats is 0.09000000000000001; the average must read 0.15.
    expect(weightedAverage([{ value: '0.1', weight: '0.3' }, { value: '0.2', weight: '0.3' }])).toBe('0.15');
    expect(weightedAverage([{ value: '100', weight: '1' }, { value: '200', weight: '2' }])).toBe('166.66666667');
    expect(weightedAverage([])).toBeNull();
    expect(weightedAverage([{ value: 'x', weight: '1' }])).toBeNull();
  });

  it('sums fees exactly and keeps signs', () => {
    expect(decimalSum(['0.1', '0.2'])).toBe('0.3');
    expect(decimalSum(['1.50', '-2'])).toBe('-0.5');
    expect(decimalSum(['abc'])).toBeNull();
  });
});

describe('order helpers', () => {
  it('treats only filled, cancelled and rejected as final: unknown can still be cancelled', () => {
    expect(ORDER_STATUSES.filter(isFinal)).toEqual(['filled', 'cancelled', 'rejected']);
    expect(isFinal('unknown')).toBe(false);
    expect(isFinal('partially_filled')).toBe(false);
  });

  it('names each order kind with its price', () => {
    expect(kindText({ type: 'market' })).toBe('Market');
    expect(kindText({ type: 'limit', price: '0.0905' })).toBe('Limit 0.0905');
    expect(kindText({ type: 'stop_market', stop: '0.08' })).toBe('Stop-market 0.08');
  });

  it('gives the volume-weighted fill price and fees per asset', () => {
    const fills = [
      { price: '0.09', quantity: '0.25', fee: '0.0002', fee_asset: 'ETH' },
      { price: '0.091', quantity: '0.25', fee: '0.0003', fee_asset: 'ETH' },
      { price: '0.092', quantity: '0', fee: '0.01', fee_asset: 'BNB' },
    ];
    expect(averageFillPrice(fills)).toBe('0.0905');
    expect(totalFee(fills)).toBe('0.0005 ETH + 0.01 BNB');
    expect(averageFillPrice([])).toBeNull();
    expect(totalFee([])).toBeNull();
  });

  it('summarises a filled report with its average price, and a resting one with its kind', () => {
    expect(reportSummary(report(), { ...LIMIT_BUY, kind: { type: 'market' } })).toBe('Filled 0.5 ETHBTC at 0.0905');
    expect(reportSummary(report({ status: 'acknowledged', executed_quantity: '0', fills: [] }), LIMIT_BUY)).toBe(
      'Resting: limit BUY 0.5 ETHBTC at 0.09',
    );
    const stop = { ...LIMIT_BUY, side: 'SELL', kind: { type: 'stop_market', stop: '0.08' } } satisfies OrderInput;
    expect(reportSummary(report({ status: 'new', fills: [] }), stop)).toBe('Resting: stop-market SELL 0.5 ETHBTC, triggers at 0.08');
    expect(reportSummary(report({ note: 'Filled at the candle open' }), LIMIT_BUY)).toBe('Filled 0.5 ETHBTC at 0.0905. Filled at the candle open');
    expect(reportSummary(report({ status: 'unknown', fills: [] }), LIMIT_BUY)).toContain('never sends it again');
  });

  it('merges live rows: known ids in place, new matching rows on top, newest first', () => {
    const rows = [order(5), order(4, { status: 'acknowledged' })];
    const merged = mergeOrders(rows, [order(4, { status: 'filled' }), order(6), order(7), order(8, { account_id: 2 })], (r) => r.account_id === 1);
    expect(merged.map((r) => [r.id, r.status])).toEqual([
      [7, 'filled'],
      [6, 'filled'],
      [5, 'filled'],
      [4, 'filled'],
    ]);
  });

  it('recognises the emergency pause refusal but not field refusals', () => {
    expect(isPauseError({ code: 'paused', message: 'trading is paused (emergency pause: market crash)', field: null })).toBe(true);
    expect(isPauseError({ code: 'internal', message: 'trading is paused', field: null })).toBe(false);
    expect(isPauseError(null)).toBe(false);
  });

  it('words the price source and the outage with the zone named', () => {
    expect(priceSourceText({ source: 'binance' }, '2026-11-24T08:00:00Z')).toBe('Binance public market data');
    const replay = priceSourceText({ source: 'replay', dataset: 'btc-1m', speed: 60 }, '2026-11-24T08:00:00Z');
    expect(replay).toMatch(/^Replay of btc-1m at 60× since 2026-11-24 \d\d:00:00 /);
    const text = outageText(outage());
    expect(text).toContain("Binance's market data at https://api.binance.com has not answered since 2026-11-24");
    expect(text).toContain('(connection timed out). Paper accounts trade the built-in replay of BTCUSDT 1m (2024-03) until it does — next attempt 2026-11-24');
  });

  it('builds the order as typed: trimmed, symbol upper-case, the price only for its kind', () => {
    const fields = { symbol: ' ethbtc ', side: 'SELL', type: 'limit', quantity: ' 0.5 ', price: '0.09 ', stop: '0.07' } as const;
    expect(buildOrderInput('paper', fields)).toEqual({ account: 'paper', symbol: 'ETHBTC', side: 'SELL', kind: { type: 'limit', price: '0.09' }, quantity: '0.5' });
    expect(buildOrderInput('paper', { ...fields, type: 'stop_market' }).kind).toEqual({ type: 'stop_market', stop: '0.07' });
    expect(buildOrderInput('paper', { ...fields, type: 'market' }).kind).toEqual({ type: 'market' });
  });
});
