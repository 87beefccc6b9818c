/** Orders, paper overviews and outages for tests, typed with the generated bindings. */
import type { Account } from '../bindings/Account';
import type { MarketOutage } from '../bindings/MarketOutage';
import type { OrderRecord } from '../bindings/OrderRecord';
import type { OrderReport } from '../bindings/OrderReport';
import type { PaperOverview } from '../bindings/PaperOverview';

export function account(id: number, overrides: Partial<Account> = {}): Account {
  return {
    id,
    name: `account ${id}`,
    venue: 'paper',
    base_url: null,
    live: false,
    has_keys: false,
    created_at: '2026-11-20T10:00:00Z',
    updated_at: '2026-11-20T10:00:00Z',
    ...overrides,
  };
}

export function order(id: number, overrides: Partial<OrderRecord> = {}): OrderRecord {
  return {
    id,
    client_order_id: `ph-${id}`,
    account_id: 1,
    symbol: 'ETHBTC',
    side: 'BUY',
    kind: { type: 'market' },
    quantity: '0.5',
    reduce_only: false,
    origin: 'manual',
    status: 'filled',
    venue_order_id: `v${id}`,
    executed_quantity: '0.5',
    error: null,
    note: null,
    fills: [{ price: '0.0905', quantity: '0.5', fee: '0.0005', fee_asset: 'ETH' }],
    created_at: `2026-11-24T09:${String(id % 60).padStart(2, '0')}:00Z`,
    updated_at: `2026-11-24T09:${String(id % 60).padStart(2, '0')}:00Z`,
    ...overrides,
  };
}

export function report(overrides: Partial<OrderReport> = {}): OrderReport {
  return {
    client_order_id: 'ph-1',
    venue_order_id: 'v1',
    symbol: 'ETHBTC',
    side: 'BUY',
    status: 'filled',
    executed_quantity: '0.5',
    fills: [{ price: '0.0905', quantity: '0.5', fee: '0.0005', fee_asset: 'ETH' }],
    note: null,
    ...overrides,
  };
}

export function paperOverview(overrides: Partial<PaperOverview> = {}): PaperOverview {
  return {
    account: 'account 1',
    mode: 'spot',
    market: { source: 'binance' },
    market_since: '2026-11-20T10:00:00Z',
    starting_balances: [{ asset: 'USDT', amount: '10000' }],
    balances: [
      { asset: 'USDT', free: '9000', locked: '1000' },
      { asset: 'BTC', free: '1', locked: '0' },
    ],
    positions: [],
    open_orders: [],
    maker_fee_bps: '10',
    taker_fee_bps: '10',
    slippage_bps: '5',
    ...overrides,
  };
}

export function outage(overrides: Partial<MarketOutage> = {}): MarketOutage {
  return {
    base_url: 'https://api.binance.com',
    since: '2026-11-24T08:00:00Z',
    reason: 'connection timed out',
    stand_in: 'BTCUSDT 1m (2024-03)',
    next_attempt: '2026-11-24T08:05:00Z',
    ...overrides,
  };
}
