import { emit } from '@tauri-apps/api/event';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import type { AppEvent } from '../bindings/AppEvent';
import type { LogFilter } from '../bindings/LogFilter';
import { APP_EVENT } from '../lib/events';
import { emptyFilter } from '../lib/logFilter';
import { apiError, callsOf, logEntry, logPage, mockBackend, resetBackend } from '../test/fixtures';
import Logs from './Logs.svelte';

afterEach(resetBackend);

const rows = (): HTMLElement[] => screen.queryAllByTestId('log-row');
const rowIds = (): string[] => rows().map((r) => r.dataset['id'] ?? '');

function filterOf(args: Record<string, unknown> | undefined): unknown {
  return args?.['filter'];
}

describe('Logs screen', () => {
  it('renders the first page newest first with severity and type on each row', async () => {
    const calls = mockBackend({
      logs_page: () =>
        logPage([
          logEntry(3, { severity: 'CRITICAL', log_type: 'SAFETY', message: 'Emergency pause', bot_id: 'eth-grid' }),
          logEntry(2, { severity: 'WARNING', log_type: 'TRADE' }),
          logEntry(1),
        ]),
    });
    render(Logs);

    await waitFor(() => expect(rows()).toHaveLength(3));
    expect(callsOf(calls, 'logs_page')).toEqual([{ filter: emptyFilter(), before: null, limit: 200 }]);
    const [first] = rows();
    expect(first?.dataset['severity']).toBe('CRITICAL');
    expect(first?.dataset['type']).toBe('SAFETY');
    expect(first?.textContent).toContain('Emergency pause');
    expect(first?.textContent).toContain('eth-grid');
    expect(first?.textContent).toContain('2026-11-24 08:03:07');
    expect(screen.getByTestId('logs-table').querySelector('th')?.textContent).toContain('Time (UTC)');
    expect(screen.getByTestId('logs-end')).toBeTruthy();
    expect(screen.queryByTestId('logs-load-more')).toBeNull();
  });

  it('shows the loading state until the first page arrives', async () => {
    let release: () => void = () => undefined;
    const calls = mockBackend({
      logs_page: () =>
        new Promise((resolve) => {
          release = () => resolve(logPage([logEntry(1)]));
        }),
    });
    render(Logs);
    expect(screen.getByTestId('logs-loading')).toBeTruthy();
    expect(screen.queryByTestId('logs-table')).toBeNull();
    await waitFor(() => expect(callsOf(calls, 'logs_page')).toHaveLength(1));
    release();
    await waitFor(() => expect(rows()).toHaveLength(1));
    expect(screen.queryByTestId('logs-loading')).toBeNull();
  });

  it('re-queries with the severity chip applied, and clears it again', async () => {
    const calls = mockBackend({
      logs_page: (args) => {
        const filter = filterOf(args) as LogFilter;
        return filter.severities.includes('CRITICAL')
          ? logPage([logEntry(9, { severity: 'CRITICAL' })])
          : logPage([logEntry(9, { severity: 'CRITICAL' }), logEntry(8), logEntry(7)]);
      },
    });
    render(Logs);
    await waitFor(() => expect(rows()).toHaveLength(3));

    const chip = screen.getByTestId('logs-severity-CRITICAL');
    expect(chip.getAttribute('aria-pressed')).toBe('false');
    await fireEvent.click(chip);

    await waitFor(() => expect(rows()).toHaveLength(1));
    expect(chip.getAttribute('aria-pressed')).toBe('true');
    const pages = callsOf(calls, 'logs_page');
    expect(pages).toHaveLength(2);
    expect(pages[1]).toEqual({ filter: { ...emptyFilter(), severities: ['CRITICAL'] }, before: null, limit: 200 });

    await fireEvent.click(screen.getByTestId('logs-clear-filters'));
    await waitFor(() => expect(rows()).toHaveLength(3));
    expect(filterOf(callsOf(calls, 'logs_page')[2])).toEqual(emptyFilter());
    expect(chip.getAttribute('aria-pressed')).toBe('false');
  });

  it('debounces free text and sends type, source and bot filters', async () => {
    const calls = mockBackend({ logs_page: () => logPage([logEntry(1)]) });
    render(Logs);
    await waitFor(() => expect(rows()).toHaveLength(1));

    await fireEvent.click(screen.getByTestId('logs-type-TRADE'));
    await waitFor(() => expect(callsOf(calls, 'logs_page')).toHaveLength(2));

    await fireEvent.input(screen.getByTestId('logs-filter-text'), { target: { value: 'emerg cra' } });
    await fireEvent.input(screen.getByTestId('logs-filter-source'), { target: { value: ' risk ' } });
    await fireEvent.input(screen.getByTestId('logs-filter-bot'), { target: { value: 'btc-1' } });
    expect(callsOf(calls, 'logs_page')).toHaveLength(2);

    await waitFor(() => expect(callsOf(calls, 'logs_page')).toHaveLength(3), { timeout: 1000 });
    expect(filterOf(callsOf(calls, 'logs_page')[2])).toEqual({
      ...emptyFilter(),
      types: ['TRADE'],
      source: 'risk',
      bot_id: 'btc-1',
      text: 'emerg cra',
    });
  });

  it('says so when no entries match', async () => {
    mockBackend({ logs_page: () => logPage([]) });
    render(Logs);
    const empty = await screen.findByTestId('logs-empty');
    expect(empty.textContent).toContain('No log entries match these filters');
    expect(screen.queryByTestId('logs-table')).toBeNull();
  });

  it('shows the error and retries on request', async () => {
    let fail = true;
    const calls = mockBackend({
      logs_page: () => {
        if (fail) throw apiError('database is locked');
        return logPage([logEntry(5), logEntry(4)]);
      },
    });
    render(Logs);
    const error = await screen.findByTestId('logs-error');
    expect(error.textContent).toContain('database is locked');
    expect(rows()).toHaveLength(0);

    fail = false;
    await fireEvent.click(screen.getByTestId('logs-retry'));

    await waitFor(() => expect(rows()).toHaveLength(2));
    expect(screen.queryByTestId('logs-error')).toBeNull();
    expect(callsOf(calls, 'logs_page')).toHaveLength(2);
  });

  it('shows an invalid_input message beside the field it names', async () => {
    mockBackend({
      logs_page: (args) => {
        const filter = filterOf(args) as LogFilter;
        if (filter.source !== null) throw apiError('is 300 bytes long; at most 128', 'source');
        return logPage([logEntry(1)]);
      },
    });
    render(Logs);
    await waitFor(() => expect(rows()).toHaveLength(1));
    const source = screen.getByTestId('logs-filter-source');
    await fireEvent.input(source, { target: { value: 'x'.repeat(300) } });
    await fireEvent.keyDown(source, { key: 'Enter' });

    await screen.findByTestId('logs-error');
    expect(source.getAttribute('aria-invalid')).toBe('true');
    const described = source.getAttribute('aria-describedby');
    expect(described).toBe('err-source');
    expect(document.getElementById('err-source')?.textContent).toContain('at most 128');
    expect(screen.getByTestId('logs-filter-bot').getAttribute('aria-invalid')).toBe('false');
  });

  it('loads older entries with before = next_before until the end of the log', async () => {
    const calls = mockBackend({
      logs_page: (args) =>
        args['before'] === null
          ? logPage([logEntry(50), logEntry(42)], 42)
          : logPage([logEntry(41), logEntry(40)], null),
    });
    render(Logs);
    await waitFor(() => expect(rows()).toHaveLength(2));
    expect(screen.queryByTestId('logs-end')).toBeNull();

    await fireEvent.click(screen.getByTestId('logs-load-more'));

    await waitFor(() => expect(rows()).toHaveLength(4));
    const pages = callsOf(calls, 'logs_page');
    expect(pages[1]).toEqual({ filter: emptyFilter(), before: 42, limit: 200 });
    expect(rowIds()).toEqual(['50', '42', '41', '40']);
    expect(screen.getByTestId('logs-end').textContent).toContain('End of log');
    expect(screen.queryByTestId('logs-load-more')).toBeNull();
  });

  it('expands a row to show its data as pretty JSON', async () => {
    mockBackend({
      logs_page: () => logPage([logEntry(3, { data: { symbol: 'BTC-USD', qty: 0.5, tags: ['x'] } })]),
    });
    render(Logs);
    await waitFor(() => expect(rows()).toHaveLength(1));
    expect(screen.queryByTestId('log-data')).toBeNull();

    const [row] = rows();
    if (!row) throw new Error('no row');
    await fireEvent.click(row);

    const data = screen.getByTestId('log-data');
    expect(data.textContent).toBe(JSON.stringify({ symbol: 'BTC-USD', qty: 0.5, tags: ['x'] }, null, 2));
    expect(within(row).getByRole('button').getAttribute('aria-expanded')).toBe('true');

    await fireEvent.click(row);
    expect(screen.queryByTestId('log-data')).toBeNull();
  });

  it('exports the current filter and reports where the file went', async () => {
    const calls = mockBackend({
      logs_page: () => logPage([logEntry(1, { severity: 'ERROR' })]),
      export_logs: () => ({ path: '/home/trader/Downloads/pilothouse-logs.csv', rows: 12 }),
    });
    render(Logs);
    await waitFor(() => expect(rows()).toHaveLength(1));
    await fireEvent.click(screen.getByTestId('logs-severity-ERROR'));
    await waitFor(() => expect(callsOf(calls, 'logs_page')).toHaveLength(2));

    await fireEvent.click(screen.getByTestId('logs-export-csv'));

    const result = await screen.findByTestId('logs-export-result');
    expect(result.textContent?.replace(/\s+/g, ' ').trim()).toBe(
      'Exported 12 entries to /home/trader/Downloads/pilothouse-logs.csv',
    );
    expect(callsOf(calls, 'export_logs')).toEqual([
      { filter: { ...emptyFilter(), severities: ['ERROR'] }, format: 'csv' },
    ]);
  });

  it('shows a failed export', async () => {
    mockBackend({
      logs_page: () => logPage([logEntry(1)]),
      export_logs: () => {
        throw apiError('Downloads folder is not writable');
      },
    });
    render(Logs);
    await waitFor(() => expect(rows()).toHaveLength(1));
    await fireEvent.click(screen.getByTestId('logs-export-json'));
    const error = await screen.findByTestId('logs-export-error');
    expect(error.textContent).toContain('Downloads folder is not writable');
    expect(screen.queryByTestId('logs-export-result')).toBeNull();
  });
});

describe('Logs screen live updates', () => {
  async function append(...entries: Parameters<typeof logEntry>[]): Promise<void> {
    const event: AppEvent = { kind: 'logs_appended', entries: entries.map(([id, o]) => logEntry(id, o)) };
    await emit(APP_EVENT, event);
  }

  it('prepends appended entries that match the filter and ignores the rest', async () => {
    const calls = mockBackend({ logs_page: () => logPage([logEntry(10, { severity: 'CRITICAL' })]) }, { events: true });
    render(Logs);
    await waitFor(() => expect(rows()).toHaveLength(1));
    await fireEvent.click(screen.getByTestId('logs-severity-CRITICAL'));
    await waitFor(() => expect(callsOf(calls, 'logs_page')).toHaveLength(2));
    await waitFor(() => expect(rows()).toHaveLength(1));

    await append([11, { severity: 'INFO', message: 'routine' }], [12, { severity: 'CRITICAL', message: 'Kill switch hit' }]);

    await waitFor(() => expect(rows()).toHaveLength(2));
    expect(rowIds()).toEqual(['12', '10']);
    expect(rows()[0]?.textContent).toContain('Kill switch hit');
    expect(screen.queryByText('routine')).toBeNull();
  });

  it('puts several appended entries newest first and does not duplicate known ones', async () => {
    mockBackend({ logs_page: () => logPage([logEntry(20), logEntry(19)]) }, { events: true });
    render(Logs);
    await waitFor(() => expect(rows()).toHaveLength(2));

    await append([20, {}], [21, {}], [22, {}]);

    await waitFor(() => expect(rows()).toHaveLength(4));
    expect(rowIds()).toEqual(['22', '21', '20', '19']);
  });

  it('applies the free-text rule to live entries', async () => {
    mockBackend({ logs_page: () => logPage([]) }, { events: true });
    render(Logs);
    await screen.findByTestId('logs-empty');
    const text = screen.getByTestId('logs-filter-text');
    await fireEvent.input(text, { target: { value: 'CRASH emerg' } });
    await fireEvent.keyDown(text, { key: 'Enter' });
    await screen.findByTestId('logs-empty');

    await append(
      [30, { message: 'Emergency pause: market crash' }],
      [31, { message: 'market crashed, no emergency' }],
      [32, { message: 'scheduled rash check' }],
    );

    await waitFor(() => expect(rows()).toHaveLength(2));
    expect(rowIds()).toEqual(['31', '30']);
  });

  it('shows a pill instead of jumping when the trader has scrolled down', async () => {
    mockBackend({ logs_page: () => logPage([logEntry(40), logEntry(39)]) }, { events: true });
    render(Logs);
    await waitFor(() => expect(rows()).toHaveLength(2));
    const scroller = screen.getByTestId('logs-table').parentElement;
    if (!scroller) throw new Error('no scroller');
    scroller.scrollTop = 400;
    await fireEvent.scroll(scroller);

    await append([41, { message: 'first new' }], [42, { message: 'second new' }]);

    const pill = await screen.findByTestId('logs-new-pill');
    expect(pill.textContent).toContain('2 new entries');
    expect(rowIds()).toEqual(['40', '39']);

    await fireEvent.click(pill);

    await waitFor(() => expect(rowIds()).toEqual(['42', '41', '40', '39']));
    expect(scroller.scrollTop).toBe(0);
    expect(screen.queryByTestId('logs-new-pill')).toBeNull();
  });
});
