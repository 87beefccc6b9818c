import { emit } from '@tauri-apps/api/event';
import { render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import type { AppEvent } from '../bindings/AppEvent';
import { APP_EVENT } from '../lib/events';
import { emptyFilter } from '../lib/logFilter';
import { PauseStore } from '../lib/pause.svelte';
import { StatusStore } from '../lib/status.svelte';
import { apiError, appStatus, callsOf, logEntry, logPage, mockBackend, pausedState, resetBackend } from '../test/fixtures';
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
      { status: () => appStatus(pausedState('drawdown limit', 'cli')), logs_page: () => logPage([]) },
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
    mockBackend({ status: () => appStatus(), logs_page: () => logPage(ten, 11) }, { events: true });
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
    });
    setup();
    const error = await screen.findByTestId('overview-critical-error');
    expect(error.textContent).toContain('disk I/O error');
    await waitFor(() => expect(screen.getByTestId('overview-status').textContent).toContain('pilothouse.db'));
  });
});
