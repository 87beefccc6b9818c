import { afterEach, describe, expect, it } from 'vitest';
import type { LogEntry } from '../bindings/LogEntry';
import type { LogPage } from '../bindings/LogPage';
import { callsOf, deferred, logEntry, logPage, mockBackend, resetBackend } from '../test/fixtures';
import { emptyFilter } from './logFilter';
import { LogsView } from './logs.svelte';

afterEach(resetBackend);

const ids = (entries: readonly LogEntry[]): number[] => entries.map((e) => e.id);

describe('LogsView', () => {
  it('holds live entries while the trader is scrolled away and releases them on request', async () => {
    mockBackend({ logs_page: () => logPage([logEntry(2), logEntry(1)]) });
    const view = new LogsView();
    await view.setFilter(emptyFilter());

    view.holdLive = true;
    view.appended([logEntry(3), logEntry(4)]);
    expect(ids(view.rows)).toEqual([2, 1]);
    expect(ids(view.held)).toEqual([4, 3]);

    view.appended([logEntry(5)]);
    expect(ids(view.held)).toEqual([5, 4, 3]);

    view.releaseHeld();
    expect(ids(view.rows)).toEqual([5, 4, 3, 2, 1]);
    expect(view.held).toEqual([]);
  });

  it('keeps at most maxRows, moving the cursor to the oldest row kept', async () => {
    mockBackend({ logs_page: () => logPage([logEntry(3), logEntry(2), logEntry(1)], null) });
    const view = new LogsView(200, 4);
    await view.setFilter(emptyFilter());
    expect(view.atEnd).toBe(true);

    view.appended([logEntry(4), logEntry(5)]);

    expect(ids(view.rows)).toEqual([5, 4, 3, 2]);
    expect(view.nextBefore).toBe(2);
    expect(view.atEnd).toBe(false);
    expect(view.capped).toBe(true);
    expect(view.canLoadOlder).toBe(false);
  });

  it('stops paging older at maxRows without skipping entries', async () => {
    const calls = mockBackend({
      logs_page: (args) =>
        args['before'] === null
          ? logPage([logEntry(10), logEntry(9), logEntry(8)], 8)
          : logPage([logEntry(7), logEntry(6), logEntry(5)], 5),
    });
    const view = new LogsView(3, 5);
    await view.setFilter(emptyFilter());
    await view.loadOlder();

    expect(callsOf(calls, 'logs_page')[1]).toEqual({ filter: emptyFilter(), before: 8, limit: 3 });
    expect(ids(view.rows)).toEqual([10, 9, 8, 7, 6]);
    expect(view.nextBefore).toBe(6);
    expect(view.capped).toBe(true);
  });

  it('keeps entries that arrive while the first page loads, without duplicates', async () => {
    const reply = deferred<LogPage>();
    mockBackend({ logs_page: () => reply.promise });
    const view = new LogsView();
    const loading = view.setFilter({ ...emptyFilter(), severities: ['ERROR'] });

    view.appended([logEntry(6, { severity: 'ERROR' }), logEntry(7, { severity: 'ERROR' }), logEntry(8)]);
    reply.resolve(logPage([logEntry(6, { severity: 'ERROR' }), logEntry(2, { severity: 'ERROR' })]));
    await loading;

    expect(ids(view.rows)).toEqual([7, 6, 2]);
  });

  it('drops the answer for a filter that was replaced meanwhile', async () => {
    const first = deferred<LogPage>();
    const second = deferred<LogPage>();
    let n = 0;
    mockBackend({ logs_page: () => (n++ === 0 ? first.promise : second.promise) });
    const view = new LogsView();

    const a = view.setFilter({ ...emptyFilter(), types: ['TRADE'] });
    const b = view.setFilter({ ...emptyFilter(), types: ['SAFETY'] });
    second.resolve(logPage([logEntry(9, { log_type: 'SAFETY' })]));
    await b;
    first.resolve(logPage([logEntry(1, { log_type: 'TRADE' })]));
    await a;

    expect(ids(view.rows)).toEqual([9]);
    expect(view.filter.types).toEqual(['SAFETY']);
    expect(view.state).toBe('ready');
  });
});
