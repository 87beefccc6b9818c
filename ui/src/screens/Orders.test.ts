import { emit } from '@tauri-apps/api/event';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import type { AppEvent } from '../bindings/AppEvent';
import type { OrderRecord } from '../bindings/OrderRecord';
import { APP_EVENT } from '../lib/events';
import { ORDER_PAGE } from '../lib/orderJournal.svelte';
import { apiError, callsOf, deferred, mockBackend, resetBackend, type Handler } from '../test/fixtures';
import { account, order, outage, paperOverview, report } from '../test/orderFixtures';
import Orders from './Orders.svelte';

afterEach(resetBackend);

const PAPER = account(1, { name: 'paper' });
const LIVE = account(2, { name: 'main', venue: 'binance-spot', live: true, has_keys: true });

function backend(overrides: Record<string, Handler> = {}): Record<string, Handler> {
  return {
    accounts_list: () => [PAPER, LIVE],
    orders_list: () => [],
    orders_reconciled: () => [],
    market_outages: () => [],
    paper_overview: () => paperOverview(),
    ...overrides,
  };
}

function setup(overrides: Record<string, Handler> = {}): ReturnType<typeof mockBackend> {
  const calls = mockBackend(backend(overrides), { events: true });
  render(Orders);
  return calls;
}

const type = (id: string, value: string): Promise<boolean> => fireEvent.input(screen.getByTestId(id), { target: { value } });
const rowsShown = (): HTMLElement[] => screen.queryAllByTestId('order-row');

async function send(event: AppEvent): Promise<void> {
  await emit(APP_EVENT, event);
}

describe('Orders: banners', () => {
  it('shows the market outage sentence and follows market_outages_changed', async () => {
    setup({ market_outages: () => [outage()] });
    const banner = await screen.findByTestId('market-outage');
    expect(banner.textContent).toContain("Binance's market data at https://api.binance.com has not answered since 2026-11-24");
    expect(banner.textContent).toContain('(connection timed out)');
    expect(banner.textContent).toContain('trade the built-in replay of BTCUSDT 1m (2024-03) until it does — next attempt');

    await send({ kind: 'market_outages_changed', outages: [] });
    await waitFor(() => expect(screen.queryByTestId('market-outage')).toBeNull());
  });

  it('lists what changed while the app was closed until dismissed', async () => {
    setup({
      orders_reconciled: () => [
        { client_order_id: 'ph-9', account: 'paper', symbol: 'ETHBTC', before: 'acknowledged', after: 'filled', message: 'filled while closed' },
      ],
    });
    const panel = await screen.findByTestId('reconciled');
    expect(panel.textContent).toContain('While Pilothouse was closed');
    expect(panel.textContent).toContain('filled while closed');
    await fireEvent.click(screen.getByTestId('reconciled-dismiss'));
    expect(screen.queryByTestId('reconciled')).toBeNull();
  });

  it('shows no panel when nothing changed', async () => {
    setup();
    await screen.findByTestId('orders-empty');
    expect(screen.queryByTestId('reconciled')).toBeNull();
    expect(screen.queryByTestId('market-outage')).toBeNull();
  });
});

describe('Orders: paper overview', () => {
  it('shows mode, price source, balances and refreshes when an order of this account changes', async () => {
    const calls = setup();
    const card = await screen.findByTestId('paper-overview');
    await waitFor(() => expect(screen.getByTestId('paper-mode').textContent).toBe('Spot'));
    expect(screen.getByTestId('paper-source').textContent).toBe('Binance public market data');
    const balances = screen.getByTestId('paper-balances');
    expect(balances.textContent).toContain('USDT');
    expect(balances.textContent).toContain('1000');
    // Spot accounts have no positions table.
    expect(within(card).queryByTestId('paper-positions')).toBeNull();
    expect(callsOf(calls, 'paper_overview')).toEqual([{ account: 'paper' }]);

    await send({ kind: 'orders_changed', orders: [order(3, { account_id: 2 })] });
    await send({ kind: 'orders_changed', orders: [order(4, { account_id: 1 })] });
    // Only the change on this account asks again.
    await waitFor(() => expect(callsOf(calls, 'paper_overview')).toHaveLength(2));
  });

  it('shows futures positions, a replay source and open orders with Cancel', async () => {
    const calls = setup({
      paper_overview: () =>
        paperOverview({
          mode: 'futures',
          market: { source: 'replay', dataset: 'btcusdt-1m', speed: 60 },
          positions: [{ symbol: 'BTCUSDT', quantity: '-0.1', entry_price: '60000', leverage: 5, liquidation_price: '71000', unrealized_pnl: '-12.5' }],
          open_orders: [
            {
              request: { client_order_id: 'ph-7', symbol: 'BTCUSDT', side: 'BUY', kind: { type: 'limit', price: '59000' }, quantity: '0.1', reduce_only: false },
              status: 'acknowledged',
              placed_at: '2026-11-24T08:00:00Z',
            },
          ],
        }),
      order_cancel: () => report({ client_order_id: 'ph-7', status: 'cancelled' }),
    });
    await waitFor(() => expect(screen.getByTestId('paper-mode').textContent).toBe('USD-M futures'));
    expect(screen.getByTestId('paper-source').textContent).toMatch(/^Replay of btcusdt-1m at 60× since 2026-11-20/);
    const positions = screen.getByTestId('paper-positions');
    expect(positions.textContent).toContain('71000');
    expect(positions.textContent).toContain('5×');
    const open = screen.getByTestId('paper-open-order').textContent ?? '';
    expect(open).toContain('BUY 0.1 BTCUSDT');
    expect(open).toContain('59000');
    await fireEvent.click(screen.getByTestId('paper-open-cancel'));
    await waitFor(() => expect(callsOf(calls, 'order_cancel')).toEqual([{ clientOrderId: 'ph-7' }]));
  });

  it('has no paper overview for a Binance account', async () => {
    setup();
    await screen.findByTestId('paper-overview');
    await fireEvent.change(screen.getByTestId('orders-account'), { target: { value: 'main' } });
    await waitFor(() => expect(screen.queryByTestId('paper-overview')).toBeNull());
  });
});

describe('Orders: order form', () => {
  it('places a limit order and says what happened', async () => {
    const calls = setup({ order_place: () => report({ status: 'acknowledged', executed_quantity: '0', fills: [] }) });
    await screen.findByTestId('order-form');
    await type('order-symbol', 'ethbtc');
    await fireEvent.click(screen.getByTestId('order-side-SELL'));
    await fireEvent.change(screen.getByTestId('order-type'), { target: { value: 'limit' } });
    await type('order-quantity', '0.5');
    await type('order-price', '0.09');
    await fireEvent.click(screen.getByTestId('order-place'));
    const result = await screen.findByTestId('order-result');
    expect(callsOf(calls, 'order_place')).toEqual([
      { input: { account: 'paper', symbol: 'ETHBTC', side: 'SELL', kind: { type: 'limit', price: '0.09' }, quantity: '0.5' } },
    ]);
    expect(result.textContent).toBe('Resting: limit SELL 0.5 ETHBTC at 0.09');
  });

  it('shows a fill with its average price', async () => {
    setup({ order_place: () => report() });
    await screen.findByTestId('order-form');
    await type('order-symbol', 'ETHBTC');
    await type('order-quantity', '0.5');
    await fireEvent.click(screen.getByTestId('order-place'));
    expect((await screen.findByTestId('order-result')).textContent).toBe('Filled 0.5 ETHBTC at 0.0905');
  });

  it('shows a refusal beside the field it names, and the pause prominently', async () => {
    let refusal = apiError('must be above the minimum 0.001', 'quantity');
    setup({
      order_place: () => {
        throw refusal;
      },
    });
    await screen.findByTestId('order-form');
    await fireEvent.click(screen.getByTestId('order-place'));
    const error = await screen.findByTestId('account-field-error-quantity');
    expect(error.textContent).toBe('must be above the minimum 0.001');
    expect(screen.getByTestId('order-quantity').getAttribute('aria-invalid')).toBe('true');
    expect(screen.queryByTestId('order-error')).toBeNull();

    refusal = { code: 'paused', message: 'trading is paused: market crash', field: null };
    await fireEvent.click(screen.getByTestId('order-place'));
    const paused = await screen.findByTestId('order-paused');
    expect(paused.textContent).toContain('Order not sent.');
    expect(paused.textContent).toContain('trading is paused: market crash');
    // The pause is not a field problem: the quantity is no longer marked.
    expect(screen.queryByTestId('account-field-error-quantity')).toBeNull();
  });

  it('asks to confirm an order on a live account, naming it, before sending', async () => {
    const calls = setup({ order_place: () => report() });
    await screen.findByTestId('order-form');
    await fireEvent.change(screen.getByTestId('orders-account'), { target: { value: 'main' } });
    await waitFor(() => expect(screen.getByTestId('order-form').textContent).toContain('main — real money'));
    await type('order-symbol', 'ETHBTC');
    await type('order-quantity', '0.5');
    await fireEvent.click(screen.getByTestId('order-place'));
    const confirm = await screen.findByTestId('order-confirm');
    expect(confirm.textContent).toContain('live account main');
    expect(callsOf(calls, 'order_place')).toHaveLength(0);

    await fireEvent.click(screen.getByTestId('order-confirm-cancel'));
    expect(screen.queryByTestId('order-confirm')).toBeNull();
    expect(callsOf(calls, 'order_place')).toHaveLength(0);

    await fireEvent.click(screen.getByTestId('order-place'));
    await fireEvent.click(await screen.findByTestId('order-confirm-send'));
    await screen.findByTestId('order-result');
    expect(callsOf(calls, 'order_place')).toHaveLength(1);
    expect(callsOf(calls, 'order_place')[0]).toMatchObject({ input: { account: 'main' } });
  });
});

describe('Orders: journal', () => {
  it('shows loading, then rows with average price, fee, an unknown badge that stands out, and Cancel only for open orders', async () => {
    const reply = deferred<OrderRecord[]>();
    setup({ orders_list: () => reply.promise });
    await screen.findByTestId('orders-loading');
    reply.resolve([
      order(3, { status: 'unknown', fills: [], executed_quantity: '0', error: 'timed out' }),
      order(2, { kind: { type: 'limit', price: '0.09' } }),
    ]);
    await waitFor(() => expect(rowsShown()).toHaveLength(2));
    const [unknown, filled] = rowsShown();
    if (unknown === undefined || filled === undefined) throw new Error('two rows');
    expect(within(unknown).getByTestId('order-status').textContent).toBe('? Unknown');
    expect(within(unknown).getByTestId('order-status').closest('[title]')?.getAttribute('title')).toContain('never sends it again');
    expect(unknown.textContent).toContain('timed out');
    expect(within(unknown).queryByTestId('order-cancel')).not.toBeNull();
    expect(within(filled).queryByTestId('order-cancel')).toBeNull();
    expect(filled.textContent).toContain('Limit 0.09');
    expect(filled.textContent).toContain('paper');
    expect(within(filled).getByTestId('order-avg').textContent).toBe('0.0905');
    expect(within(filled).getByTestId('order-fee').textContent).toBe('0.0005 ETH');
    expect(screen.getByTestId('orders-zone').textContent).toContain('Times in');
  });

  it('asks for the chosen account and status, and pages older from the smallest id', async () => {
    const full = Array.from({ length: ORDER_PAGE }, (_, i) => order(200 - i));
    const calls = setup({ orders_list: (args) => ((args['query'] as { before_id: number | null }).before_id === null ? full : [order(10)]) });
    await waitFor(() => expect(rowsShown()).toHaveLength(ORDER_PAGE));
    expect(callsOf(calls, 'orders_list')[0]).toEqual({ query: { account: 'paper', status: null, before_id: null, limit: ORDER_PAGE } });
    await fireEvent.click(screen.getByTestId('orders-load-more'));
    await waitFor(() => expect(rowsShown()).toHaveLength(ORDER_PAGE + 1));
    expect(callsOf(calls, 'orders_list')[1]).toEqual({ query: { account: 'paper', status: null, before_id: 151, limit: ORDER_PAGE } });
    expect(screen.getByTestId('orders-end')).toBeTruthy();

    await fireEvent.change(screen.getByTestId('orders-status-filter'), { target: { value: 'unknown' } });
    await waitFor(() => expect(callsOf(calls, 'orders_list')).toHaveLength(3));
    expect(callsOf(calls, 'orders_list')[2]).toEqual({ query: { account: 'paper', status: 'unknown', before_id: null, limit: ORDER_PAGE } });
  });

  it('merges orders_changed rows: updates in place, new ones of this account on top', async () => {
    setup({ orders_list: () => [order(5, { status: 'acknowledged', fills: [], executed_quantity: '0' })] });
    await waitFor(() => expect(rowsShown()).toHaveLength(1));
    await send({ kind: 'orders_changed', orders: [order(5), order(6, { symbol: 'BNBBTC' }), order(7, { account_id: 2 })] });
    await waitFor(() => expect(rowsShown().map((r) => r.dataset['id'])).toEqual(['6', '5']));
    expect(rowsShown()[1]?.dataset['status']).toBe('filled');
  });

  it('cancels an open order by its client order id and shows a refusal', async () => {
    const calls = setup({
      orders_list: () => [order(5, { status: 'acknowledged', fills: [] })],
      order_cancel: () => {
        throw apiError('the venue no longer has it');
      },
    });
    await waitFor(() => expect(rowsShown()).toHaveLength(1));
    await fireEvent.click(screen.getByTestId('order-cancel'));
    await waitFor(() => expect(rowsShown()[0]?.textContent).toContain('Could not cancel: the venue no longer has it'));
    expect(callsOf(calls, 'order_cancel')).toEqual([{ clientOrderId: 'ph-5' }]);
  });

  it('shows the error state with Retry', async () => {
    let fail = true;
    setup({
      orders_list: () => {
        if (fail) throw apiError('database is locked');
        return [];
      },
    });
    const error = await screen.findByTestId('orders-error');
    expect(error.textContent).toContain('database is locked');
    fail = false;
    await fireEvent.click(screen.getByTestId('orders-retry'));
    await screen.findByTestId('orders-empty');
  });

  it('says where to add an account when there is none', async () => {
    setup({ accounts_list: () => [] });
    expect((await screen.findByTestId('orders-no-accounts')).textContent).toContain('Settings → Accounts');
  });
});

describe('Orders: leverage', () => {
  it('offers leverage on a paper futures account, sets it, and refreshes the account', async () => {
    const calls = setup({
      paper_overview: () => paperOverview({ mode: 'futures' }),
      leverage_set: (args) => args['leverage'],
    });
    const card = await screen.findByTestId('leverage-card');
    await fireEvent.input(within(card).getByTestId('leverage-symbol'), { target: { value: 'xrpusdt' } });
    await fireEvent.input(within(card).getByTestId('leverage-value'), { target: { value: '5' } });
    await fireEvent.click(within(card).getByTestId('leverage-set'));
    await waitFor(() => expect(screen.getByTestId('leverage-done').textContent).toBe('XRPUSDT trades at 5×'));
    expect(callsOf(calls, 'leverage_set')).toEqual([{ account: 'paper', symbol: 'XRPUSDT', leverage: 5 }]);
    await waitFor(() => expect(callsOf(calls, 'paper_overview').length).toBeGreaterThan(1));
  });

  it('refuses a leverage out of range beside the field, without asking the backend', async () => {
    const calls = setup({ paper_overview: () => paperOverview({ mode: 'futures' }) });
    const card = await screen.findByTestId('leverage-card');
    await fireEvent.input(within(card).getByTestId('leverage-value'), { target: { value: '500' } });
    await fireEvent.click(within(card).getByTestId('leverage-set'));
    await within(card).findByTestId('account-field-error-leverage');
    expect(callsOf(calls, 'leverage_set')).toEqual([]);
  });

  it('has no leverage on a spot account', async () => {
    setup();
    await screen.findByTestId('paper-overview');
    expect(screen.queryByTestId('leverage-card')).toBeNull();
  });
});
