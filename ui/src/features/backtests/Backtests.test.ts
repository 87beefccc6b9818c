import { emit } from '@tauri-apps/api/event';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AppEvent } from '../../bindings/AppEvent';
import type { BacktestRequest } from '../../bindings/BacktestRequest';
import type { StoredBacktest } from '../../bindings/StoredBacktest';
import type { SweepRequest } from '../../bindings/SweepRequest';
import { APP_EVENT } from '../../lib/events';
import { ETHBTC, SAFE, SMA_CROSS, chart, storedRun, sweepOutcome } from '../../test/backtestFixtures';
import { apiError, callsOf, deferred, mockBackend, resetBackend, type Handler } from '../../test/fixtures';
import { account } from '../../test/orderFixtures';
import Backtests from './Backtests.svelte';
import { summaryOf } from './stats';

/** What the fake chart library was given, per chart: the series' data and the trade markers. */
const drawn = vi.hoisted(() => ({ series: [] as { type: string; data: unknown[] }[], markers: [] as unknown[][] }));

vi.mock('lightweight-charts', () => {
  const series = (type: string) => {
    const entry = { type, data: [] as unknown[] };
    drawn.series.push(entry);
    return { setData: (data: unknown[]) => (entry.data = data) };
  };
  return {
    ColorType: { Solid: 'solid' },
    TickMarkType: { Year: 0, Month: 1, DayOfMonth: 2, Time: 3, TimeWithSeconds: 4 },
    LineSeries: 'line',
    AreaSeries: 'area',
    CandlestickSeries: 'candles',
    createChart: () => ({
      addSeries: (type: string) => series(type),
      timeScale: () => ({ fitContent: () => undefined }),
      panes: () => [{ setStretchFactor: () => undefined }, { setStretchFactor: () => undefined }],
      remove: () => undefined,
    }),
    createSeriesMarkers: (_series: unknown, markers: unknown[]) => drawn.markers.push(markers),
  };
});

afterEach(() => {
  resetBackend();
  drawn.series = [];
  drawn.markers = [];
});

function backend(overrides: Record<string, Handler> = {}): Record<string, Handler> {
  return {
    strategies_list: () => [SMA_CROSS, SAFE],
    replay_datasets: () => [ETHBTC],
    accounts_list: () => [account(1, { name: 'demo' })],
    backtest_runs: () => [],
    backtest_show: ({ id }) => storedRun(Number(id)),
    backtest_chart: () => chart(),
    ...overrides,
  };
}

function setup(overrides: Record<string, Handler> = {}): ReturnType<typeof mockBackend> {
  const calls = mockBackend(backend(overrides), { events: true });
  render(Backtests);
  return calls;
}

const type = (id: string, value: string): Promise<boolean> => fireEvent.input(screen.getByTestId(id), { target: { value } });
const send = (event: AppEvent): Promise<void> => emit(APP_EVENT, event);
const stat = (key: string): string => screen.getByTestId('bt-stats').querySelector(`[data-stat=${key}] dd`)?.textContent ?? '';

describe('Backtests: states', () => {
  it('says there are no kept runs and nothing is opened on a fresh install', async () => {
    setup();
    expect(await screen.findByTestId('bt-runs-empty'), 'a fresh install has no kept runs to list').toBeTruthy();
    expect(screen.getByTestId('bt-pane-empty').textContent, 'the result pane says what to do first').toContain('Run a backtest above');
    await screen.findByTestId('bt-strategy');
    expect((screen.getByTestId('bt-dataset') as HTMLSelectElement).value, 'the built-in ETHBTC recording is the default data').toBe('ETHBTC-5m');
  });

  it('shows loading, then the error with Retry, for the kept runs', async () => {
    const answer = deferred<unknown>();
    let fail = true;
    setup({ backtest_runs: () => (fail ? answer.promise : []) });
    expect(await screen.findByTestId('bt-runs-loading'), 'the list says it is loading before the answer').toBeTruthy();
    answer.reject(apiError('database is busy'));
    expect((await screen.findByTestId('bt-runs-error')).textContent, 'the failure is shown with its reason').toContain('database is busy');
    fail = false;
    await fireEvent.click(screen.getByTestId('bt-runs-retry'));
    expect(await screen.findByTestId('bt-runs-empty'), 'Retry asks again and shows the answer').toBeTruthy();
  });

  it('opens the newest kept run at start: figures, equity and drawdown, candles with markers, trades', async () => {
    const runs = [summaryOf(storedRun(7)), summaryOf(storedRun(3))];
    const calls = setup({ backtest_runs: () => runs });
    await screen.findByTestId('bt-stats');
    expect(callsOf(calls, 'backtest_show'), 'the newest run (7) is opened').toEqual([{ id: 7 }]);
    expect(stat('total_return_pct'), 'the return is signed').toBe('+2.10 %');
    expect(stat('max_drawdown_pct'), 'the drawdown reads as a fall').toBe('-1.98 %');
    expect(stat('profit_factor'), 'an undefined figure is a dash, not 0').toBe('—');
    expect(stat('avg_trade_duration_ms'), 'durations are in words').toBe('50m');
    expect(screen.getAllByTestId('bt-trade-row'), 'one row per trade').toHaveLength(3);
    await waitFor(() => expect(drawn.series.map((s) => s.type), 'equity, drawdown, candles and both SMAs are drawn').toEqual(['line', 'area', 'candles', 'line', 'line']));
    expect(drawn.series[0]?.data, 'the equity curve has one point per candle').toHaveLength(5);
    expect(drawn.markers[0], 'each closed trade has an entry and an exit marker').toHaveLength(6);
    expect(screen.getAllByTestId('bt-run-open').map((b) => b.getAttribute('aria-current')), 'the opened run is marked in the list').toEqual(['true', 'false']);
  });
});

describe('Backtests: running', () => {
  it('sends the typed request, shows progress from events, then opens and lists the kept run', async () => {
    const answer = deferred<StoredBacktest>();
    const calls = setup({ backtest_run: () => answer.promise });
    await screen.findByTestId('bt-strategy');
    await type('bt-param-fast', '12');
    await type('bt-cash', ' 5000 ');
    await fireEvent.click(screen.getByTestId('bt-run'));

    const request = callsOf(calls, 'backtest_run')[0]?.request as BacktestRequest;
    expect(request, 'the request carries typed params, the recording and the settings as typed (trimmed)').toMatchObject({
      strategy: 'sma-cross',
      params: { fast: 12, slow: 30 },
      data: { kind: 'recording', dataset: 'ETHBTC-5m' },
      settings: { cash: '5000', commission: '0.001', whole_units: false, allow_short: false },
      save: true,
    });
    expect(await screen.findByTestId('bt-progress'), 'progress shows as soon as the job starts').toBeTruthy();
    await send({ kind: 'backtest_progress', job: 'someone-else', phase: 'running', done: 9, total: 10 });
    await send({ kind: 'backtest_progress', job: request.job, phase: 'fetching', done: 300, total: 1200 });
    await waitFor(() => expect(screen.getByTestId('bt-progress').textContent, "only this job's events move the bar").toContain('300 of 1,200'));

    answer.resolve(storedRun(9, { params: { fast: 12, slow: 30 } }));
    expect(await screen.findByTestId('bt-stats'), 'the finished run opens').toBeTruthy();
    expect(screen.queryByTestId('bt-progress'), 'the progress bar goes once the run is done').toBeNull();
    const row = screen.getAllByTestId('bt-run-row')[0];
    expect(row?.getAttribute('data-id'), 'the kept run is listed first without asking the list again').toBe('9');
    expect(callsOf(calls, 'backtest_show'), 'the answer is shown as it came, not fetched again').toEqual([]);
  });

  it('marks a wrong parameter beside its field before sending, and the backend refusal beside the field it names', async () => {
    const calls = setup({ backtest_run: () => Promise.reject(apiError('must be below slow (30)', 'params.fast')) });
    await screen.findByTestId('bt-strategy');
    await type('bt-param-fast', '2.5');
    await fireEvent.click(screen.getByTestId('bt-run'));
    expect(screen.getByTestId('bt-problem-params.fast').textContent, 'a fraction is refused for an integer parameter').toContain('give a whole number');
    expect(callsOf(calls, 'backtest_run'), 'nothing is sent while the form has a problem').toHaveLength(0);

    await type('bt-param-fast', '40');
    await fireEvent.click(screen.getByTestId('bt-run'));
    expect((await screen.findByTestId('bt-problem-params.fast')).textContent, "the backend's words are shown beside fast").toContain('must be below slow (30)');
  });

  it('cancels the running job by its id and says it was cancelled', async () => {
    const answer = deferred<StoredBacktest>();
    const calls = setup({
      backtest_run: () => answer.promise,
      backtest_cancel: () => {
        answer.reject({ code: 'cancelled', message: 'the backtest was cancelled', field: null });
        return true;
      },
    });
    await screen.findByTestId('bt-strategy');
    await fireEvent.click(screen.getByTestId('bt-run'));
    await fireEvent.click(await screen.findByTestId('bt-cancel'));
    const job = (callsOf(calls, 'backtest_run')[0]?.request as BacktestRequest).job;
    expect(callsOf(calls, 'backtest_cancel'), 'Cancel names the job that runs').toEqual([{ job }]);
    expect((await screen.findByTestId('bt-error')).textContent, 'the trader reads that it was cancelled').toContain('Cancelled');
    expect(screen.getByTestId('bt-run'), 'Run is offered again').toBeTruthy();
  });

  it('takes a CSV path or an account history as the data, with the dates in the named zone', async () => {
    const calls = setup({ backtest_run: () => storedRun(4) });
    await screen.findByTestId('bt-strategy');
    await fireEvent.change(screen.getByTestId('bt-data-kind'), { target: { value: 'csv' } });
    await fireEvent.click(screen.getByTestId('bt-run'));
    expect(screen.getByTestId('bt-problem-data.path').textContent, 'an empty path is named').toContain('is empty');
    await type('bt-csv-path', '/tmp/candles.csv');
    await fireEvent.click(screen.getByTestId('bt-run'));
    await waitFor(() => expect((callsOf(calls, 'backtest_run')[0]?.request as BacktestRequest).data).toEqual({ kind: 'csv', path: '/tmp/candles.csv' }));

    await fireEvent.change(screen.getByTestId('bt-data-kind'), { target: { value: 'history' } });
    expect(screen.getByText(/^From \(/).textContent, 'the date fields name their zone').toContain('UTC');
    await type('bt-symbol', 'btcusdt');
    await type('bt-from', '2024-03-01T00:00');
    await type('bt-to', '2024-02-01T00:00');
    await fireEvent.click(screen.getByTestId('bt-run'));
    expect(screen.getByTestId('bt-problem-to').textContent, 'an end before the start is refused').toContain('before from');
    await type('bt-to', '2024-03-02T00:00');
    await fireEvent.click(screen.getByTestId('bt-run'));
    await waitFor(() =>
      expect((callsOf(calls, 'backtest_run')[1]?.request as BacktestRequest).data, 'the history request carries the zone offset and the symbol upper-cased').toEqual({
        kind: 'history',
        account: 'demo',
        symbol: 'BTCUSDT',
        interval: '1h',
        from: '2024-03-01T00:00:00+00:00',
        to: '2024-03-02T00:00:00+00:00',
      }),
    );
  });
});

describe('Backtests: sweeps, comparing, removing, exporting', () => {
  it('sweeps the ticked parameters and lays the results out as a heat map whose cells fill the form', async () => {
    const calls = setup({ backtest_sweep: () => sweepOutcome() });
    await screen.findByTestId('bt-strategy');
    await fireEvent.click(screen.getByTestId('bt-mode-sweep'));
    await fireEvent.click(screen.getByTestId('bt-sweep-tick-fast'));
    await fireEvent.click(screen.getByTestId('bt-sweep-tick-slow'));
    await type('bt-sweep-fast', '5..10:5');
    await type('bt-sweep-slow', '30,40');
    expect(screen.getByTestId('bt-run').textContent, 'the button says how many combinations will run').toContain('4 combinations');
    await fireEvent.click(screen.getByTestId('bt-run'));
    const request = callsOf(calls, 'backtest_sweep')[0]?.request as SweepRequest;
    expect(request, 'swept params go as ranges, the others as values').toMatchObject({ sweeps: ['fast=5..10:5', 'slow=30,40'], params: {}, rank_by: 'return' });

    const map = await screen.findByTestId('bt-sweep-heatmap');
    const cells = within(map).getAllByTestId('bt-sweep-cell');
    expect(cells.map((c) => c.textContent), 'rows are slow (30, 40), columns fast (5, 10)').toEqual(['-3.00 %', '-1.00 %', '+2.00 %', '+5.00 %']);
    expect(screen.getByTestId('bt-sweep-skipped').textContent, 'refused combinations are counted').toContain('1 combinations');

    await fireEvent.click(cells[3] as HTMLElement);
    expect((screen.getByTestId('bt-param-fast') as HTMLInputElement).value, 'the best cell fills fast').toBe('10');
    expect((screen.getByTestId('bt-param-slow') as HTMLInputElement).value, 'and slow, back in one-run mode').toBe('40');
  });

  it('compares two ticked runs figure by figure and marks the better one', async () => {
    const a = storedRun(5);
    const b = storedRun(6, { report: { ...storedRun(6).report, total_return_pct: 4.5, max_drawdown_pct: 3 } });
    setup({ backtest_runs: () => [summaryOf(b), summaryOf(a)], backtest_show: ({ id }) => (Number(id) === 5 ? a : b) });
    const picks = await screen.findAllByTestId('bt-compare-pick');
    await fireEvent.click(picks[1] as HTMLElement);
    await fireEvent.click(picks[0] as HTMLElement);
    const table = await screen.findByTestId('bt-compare-table');
    const cell = (key: string, side: string) => table.querySelector(`[data-stat=${key}] [data-side=${side}]`);
    expect(cell('total_return_pct', 'b')?.classList.contains('better'), 'run 6 returned more').toBe(true);
    expect(cell('max_drawdown_pct', 'a')?.classList.contains('better'), 'run 5 fell less').toBe(true);
    expect(cell('trades_count', 'a')?.classList.contains('better'), 'a trade count is neither better nor worse').toBe(false);
  });

  it('removes a run from the list and closes it, and exports the open run', async () => {
    let kept = [summaryOf(storedRun(2))];
    const calls = setup({
      backtest_runs: () => kept,
      backtest_export: ({ format }) => ({ path: `/home/trader/Downloads/backtest-2.${String(format)}`, rows: 3 }),
      backtest_remove: () => {
        kept = [];
        return null;
      },
    });
    await fireEvent.click(await screen.findByTestId('bt-export-csv'));
    expect((await screen.findByTestId('bt-export-done')).textContent, 'the path written is shown').toContain('backtest-2.csv (3 rows)');
    expect(callsOf(calls, 'backtest_export'), 'the open run is exported').toEqual([{ id: 2, format: 'csv' }]);

    await fireEvent.click(screen.getByTestId('bt-run-remove'));
    expect(await screen.findByTestId('bt-runs-empty'), 'the removed run leaves the list').toBeTruthy();
    expect(screen.getByTestId('bt-pane-empty'), 'and its detail closes').toBeTruthy();
  });

  it('refreshes the list when another process keeps a run', async () => {
    let kept = [summaryOf(storedRun(2))];
    setup({ backtest_runs: () => kept });
    await screen.findByTestId('bt-stats');
    kept = [summaryOf(storedRun(8)), ...kept];
    await send({ kind: 'backtest_runs_changed' });
    await waitFor(() => expect(screen.getAllByTestId('bt-run-row').map((r) => r.getAttribute('data-id')), 'the CLI run appears on top').toEqual(['8', '2']));
  });
});
