import { emit } from '@tauri-apps/api/event';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import type { AppEvent } from '../bindings/AppEvent';
import type { VenueBudget } from '../bindings/VenueBudget';
import { APP_EVENT } from '../lib/events';
import { emptyFilter } from '../lib/logFilter';
import { PauseStore } from '../lib/pause.svelte';
import { StatusStore } from '../lib/status.svelte';
import {
  apiError,
  appStatus,
  callsOf,
  fireTime,
  logEntry,
  logPage,
  mockBackend,
  pausedState,
  resetBackend,
  run,
  schedulerStatus,
  type Handler,
} from '../test/fixtures';
import { outage } from '../test/orderFixtures';
import Overview from './Overview.svelte';

afterEach(resetBackend);

function setup(): { pause: PauseStore; status: StatusStore } {
  const pause = new PauseStore();
  const status = new StatusStore(pause);
  render(Overview, { props: { pause, status } });
  void status.load();
  return { pause, status };
}

describe('Overview', () => {
  it('asks for the 10 latest critical events and adds new critical ones live', async () => {
    const calls = mockBackend(
      { status: () => appStatus(pausedState('drawdown limit', 'cli')), logs_page: () => logPage([]), venue_budgets: () => [] },
      { events: true },
    );
    setup();

    await screen.findByTestId('overview-critical-empty');
    expect(callsOf(calls, 'logs_page')).toEqual([
      { filter: { ...emptyFilter(), severities: ['CRITICAL'] }, before: null, limit: 10 },
    ]);
    await waitFor(() => expect(screen.getByTestId('overview-pause-card').textContent).toContain('drawdown limit'));
    expect(screen.getByTestId('overview-pause-card').textContent).toContain('Paused');
    expect(screen.getByTestId('overview-pause-card').textContent).toContain('cli');

    const event: AppEvent = {
      kind: 'logs_appended',
      entries: [
        logEntry(5, { severity: 'WARNING', message: 'slippage high' }),
        logEntry(6, { severity: 'CRITICAL', message: 'Exchange connection lost' }),
      ],
    };
    await emit(APP_EVENT, event);

    const list = screen.getByTestId('overview-critical');
    await waitFor(() => expect(list.querySelectorAll('li')).toHaveLength(1));
    expect(list.textContent).toContain('Exchange connection lost');
    expect(list.textContent).not.toContain('slippage high');
    expect(screen.queryByTestId('overview-critical-empty')).toBeNull();
  });

  it('keeps only the 10 newest critical events', async () => {
    const ten = Array.from({ length: 10 }, (_, i) => logEntry(20 - i, { severity: 'CRITICAL' }));
    mockBackend({ status: () => appStatus(), logs_page: () => logPage(ten, 11), venue_budgets: () => [] }, { events: true });
    setup();
    const list = screen.getByTestId('overview-critical');
    await waitFor(() => expect(list.querySelectorAll('li')).toHaveLength(10));

    const event: AppEvent = { kind: 'logs_appended', entries: [logEntry(21, { severity: 'CRITICAL', message: 'newest' })] };
    await emit(APP_EVENT, event);

    await waitFor(() => expect(list.querySelector('li')?.textContent).toContain('newest'));
    expect(list.querySelectorAll('li')).toHaveLength(10);
    expect(list.textContent).not.toContain('entry 11');
  });

  it('shows an error with retry when critical events cannot be loaded', async () => {
    mockBackend({
      status: () => appStatus(),
      logs_page: () => {
        throw apiError('disk I/O error');
      },
      venue_budgets: () => [],
    });
    setup();
    const error = await screen.findByTestId('overview-critical-error');
    expect(error.textContent).toContain('disk I/O error');
    await waitFor(() => expect(screen.getByTestId('overview-status').textContent).toContain('pilothouse.db'));
  });
});

describe('Overview scheduler card', () => {
  const base: Record<string, Handler> = {
    status: () => appStatus(),
    logs_page: () => logPage([]),
    missed_runs: () => [],
    venue_budgets: () => [],
  };
  const upcoming = Array.from({ length: 7 }, (_, i) => ({
    schedule_id: i + 1,
    schedule_name: `job ${i + 1}`,
    kind: 'webhook' as const,
    fire: fireTime(`2026-11-25T1${i}:00:00Z`),
  }));

  it('shows state, counts, the next five runs, the last error and dead letters; no missed section when none', async () => {
    mockBackend({
      ...base,
      scheduler_status: () =>
        schedulerStatus({
          schedules: 7,
          enabled: 6,
          next: upcoming,
          last_error: run(9, { schedule_name: 'Open bell', status: 'failed', error: 'HTTP 502 from hook' }),
          dead_letters: 2,
        }),
    });
    setup();
    const card = screen.getByTestId('overview-scheduler');
    await waitFor(() => expect(card.textContent).toContain('Running'));
    expect(screen.getByTestId('overview-scheduler-count').textContent).toBe('6 enabled of 7');
    expect(screen.getByTestId('overview-dead-letters').textContent).toBe('2');
    expect(card.textContent).toContain('Open bell: HTTP 502 from hook');
    const next = screen.getByTestId('overview-next-runs').querySelectorAll('li');
    expect(next).toHaveLength(5);
    expect(next[0]?.textContent).toContain('2026-11-25 10:00:00 UTC');
    expect(next[0]?.textContent).toContain('job 1');
    await waitFor(() => expect(screen.queryByTestId('overview-missed-loading')).toBeNull());
    expect(screen.queryByTestId('overview-missed')).toBeNull();
  });

  it('lists what was missed while away', async () => {
    mockBackend({
      ...base,
      scheduler_status: () => schedulerStatus(),
      missed_runs: () => [
        { schedule_id: 3, schedule_name: 'Nightly sync', missed: 4, caught_up: 1, first: '2026-11-24T01:00:00Z', last: '2026-11-24T05:00:00Z' },
      ],
    });
    setup();
    const missed = await screen.findByTestId('overview-missed');
    expect(missed.textContent).toContain('Nightly sync');
    expect(missed.textContent).toContain('4 missed, 1 caught up');
    expect(missed.textContent).toContain('2026-11-24 01:00:00 – 2026-11-24 05:00:00');
  });

  it('shows errors with retry for the status and the missed runs', async () => {
    let fail = true;
    mockBackend({
      ...base,
      scheduler_status: () => {
        if (fail) throw apiError('scheduler store unavailable');
        return schedulerStatus({ schedules: 1, enabled: 1 });
      },
      missed_runs: () => {
        throw apiError('missed query failed');
      },
    });
    setup();
    const error = await screen.findByTestId('overview-scheduler-error');
    expect(error.textContent).toContain('scheduler store unavailable');
    expect((await screen.findByTestId('overview-missed-error')).textContent).toContain('missed query failed');
    fail = false;
    await fireEvent.click(within(error).getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(screen.getByTestId('overview-scheduler-count').textContent).toBe('1 enabled of 1'));
  });

  it('refreshes the status when a run changes instead of polling', async () => {
    let dead = 0;
    const calls = mockBackend({ ...base, scheduler_status: () => schedulerStatus({ dead_letters: dead }) }, { events: true });
    setup();
    await waitFor(() => expect(screen.getByTestId('overview-dead-letters').textContent).toBe('0'));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(callsOf(calls, 'scheduler_status')).toHaveLength(1);

    dead = 1;
    const event: AppEvent = { kind: 'run_changed', run: run(5, { status: 'dead' }) };
    await emit(APP_EVENT, event);
    await waitFor(() => expect(screen.getByTestId('overview-dead-letters').textContent).toBe('1'));
    expect(callsOf(calls, 'scheduler_status')).toHaveLength(2);
  });
});

describe('Overview request budget card', () => {
  const base: Record<string, Handler> = {
    status: () => appStatus(),
    logs_page: () => logPage([]),
    missed_runs: () => [],
    scheduler_status: () => schedulerStatus(),
  };

  function budget(venue: VenueBudget['venue'], over: Partial<VenueBudget> = {}): VenueBudget {
    return {
      venue,
      host: 'api.binance.com',
      used: 0,
      in_flight: 0,
      limit: 6000,
      window_start: '2026-11-25T10:00:00Z',
      paused_until: null,
      banned_until: null,
      ...over,
    };
  }

  it('shows one row per venue and host, each with its own figures', async () => {
    const production = budget('binance-spot', { used: 12 });
    const testnet = budget('binance-spot', { host: 'testnet.binance.vision', used: 340 });
    mockBackend({ ...base, venue_budgets: () => [testnet, production] });
    setup();
    await waitFor(() => expect(screen.getAllByTestId('budget-row')).toHaveLength(2));
    const hosts = screen.getAllByTestId('budget-row').map((r) => r.dataset['host']);
    expect(hosts).toEqual(['api.binance.com', 'testnet.binance.vision']);
    expect(screen.getAllByTestId('budget-row')[1]?.textContent).toContain('340');
  });

  function row(venue: string): HTMLElement {
    const found = screen.getAllByTestId('budget-row').find((r) => r.dataset['venue'] === venue);
    if (found === undefined) throw new Error(`no budget row for ${venue}`);
    return found;
  }

  it('says so when no exchange requests were made yet, and explains the shared budget', async () => {
    const calls = mockBackend({ ...base, venue_budgets: () => [] });
    setup();
    await screen.findByTestId('budgets-empty');
    expect(screen.getByTestId('budgets-empty').textContent).toBe('No exchange requests yet.');
    expect(screen.getByTestId('overview-budgets').textContent).toContain('shares one request budget per venue');
    expect(callsOf(calls, 'venue_budgets')).toEqual([{}]);
    expect(screen.queryAllByTestId('budget-row')).toHaveLength(0);
  });

  it('lists each venue with weight used of the limit, in flight, and OK', async () => {
    mockBackend({
      ...base,
      venue_budgets: () => [budget('paper', { used: 0, limit: 1200 }), budget('binance-spot', { used: 1250, in_flight: 15 }), budget('binance-usdm', { used: 40, limit: 2400 })],
    });
    setup();
    await waitFor(() => expect(screen.getAllByTestId('budget-row')).toHaveLength(3));
    expect(screen.getAllByTestId('budget-row').map((r) => r.dataset['venue'])).toEqual(['binance-spot', 'binance-usdm', 'paper']);
    const spot = row('binance-spot');
    expect(spot.textContent).toContain('Binance spot');
    expect(within(spot).getByTestId('budget-used').textContent?.trim()).toBe('1250 / 6000 +15 in flight');
    expect(within(spot).getByTestId('budget-status').textContent?.trim()).toBe('OK');
    expect(within(row('binance-usdm')).getByTestId('budget-used').textContent?.trim()).toBe('40 / 2400');
    expect(row('binance-usdm').textContent).toContain('Binance USD-M futures');
    expect(within(row('paper')).getByTestId('budget-used').textContent?.trim()).toBe('0 / 1200');
  });

  it('follows budgets_changed events without asking again', async () => {
    const calls = mockBackend({ ...base, venue_budgets: () => [budget('binance-spot', { used: 10 })] }, { events: true });
    setup();
    await waitFor(() => expect(within(row('binance-spot')).getByTestId('budget-used').textContent?.trim()).toBe('10 / 6000'));

    const event: AppEvent = {
      kind: 'budgets_changed',
      budgets: [budget('binance-spot', { used: 4800, paused_until: '2099-01-02T03:04:05Z' }), budget('binance-usdm', { used: 7 })],
    };
    await emit(APP_EVENT, event);

    await waitFor(() => expect(within(row('binance-spot')).getByTestId('budget-used').textContent?.trim()).toBe('4800 / 6000'));
    const status = within(row('binance-spot')).getByTestId('budget-status');
    expect(status.textContent).toContain('Paused by the venue until 2099-01-02 03:04:05 UTC');
    expect(status.classList.contains('bad')).toBe(false);
    expect(within(row('binance-usdm')).getByTestId('budget-used').textContent?.trim()).toBe('7 / 6000');
    expect(callsOf(calls, 'venue_budgets')).toHaveLength(1);
  });

  it('shows a ban in red with when it ends, in the named zone', async () => {
    mockBackend({
      ...base,
      venue_budgets: () => [
        budget('binance-usdm', { used: 2400, limit: 2400, paused_until: '2099-01-01T00:00:00Z', banned_until: '2099-06-30T12:30:00Z' }),
      ],
    });
    setup();
    const status = await waitFor(() => within(row('binance-usdm')).getByTestId('budget-status'));
    expect(status.textContent).toContain('BANNED by the venue until 2099-06-30 12:30:00 UTC');
    expect(status.textContent).not.toContain('Paused by the venue');
    expect(status.classList.contains('bad')).toBe(true);
  });

  it('treats a pause that already ended as OK', async () => {
    mockBackend({ ...base, venue_budgets: () => [budget('binance-spot', { paused_until: '2020-01-01T00:00:00Z' })] });
    setup();
    await waitFor(() => expect(within(row('binance-spot')).getByTestId('budget-status').textContent?.trim()).toBe('OK'));
  });

  it('shows an error with retry', async () => {
    let fail = true;
    mockBackend({
      ...base,
      venue_budgets: () => {
        if (fail) throw apiError('limiter unavailable');
        return [];
      },
    });
    setup();
    const error = await screen.findByTestId('budgets-error');
    expect(error.textContent).toContain('limiter unavailable');
    fail = false;
    await fireEvent.click(within(error).getByRole('button', { name: 'Retry' }));
    await screen.findByTestId('budgets-empty');
    expect(screen.queryByTestId('budgets-error')).toBeNull();
  });
});

describe('Overview market outage', () => {
  it('shows a compact outage banner linking to Orders, and hides it when the outage ends', async () => {
    mockBackend(
      {
        status: () => appStatus(),
        logs_page: () => logPage([]),
        venue_budgets: () => [],
        market_outages: () => [outage()],
      },
      { events: true },
    );
    setup();
    const banner = await screen.findByTestId('market-outage');
    expect(banner.textContent).toContain('Binance market data is not answering');
    expect(banner.textContent).toContain('BTCUSDT 1m (2024-03)');
    expect(within(banner).getByRole('link').getAttribute('href')).toBe('#/orders');
    const event: AppEvent = { kind: 'market_outages_changed', outages: [] };
    await emit(APP_EVENT, event);
    await waitFor(() => expect(screen.queryByTestId('market-outage')).toBeNull());
  });
});
