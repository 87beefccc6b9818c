import { emit } from '@tauri-apps/api/event';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import type { AppEvent } from './bindings/AppEvent';
import App from './App.svelte';
import { APP_EVENT } from './lib/events';
import { appStatus, callsOf, logPage, mockBackend, pausedState, resetBackend, schedulesBackend } from './test/fixtures';

afterEach(() => {
  resetBackend();
  window.location.hash = '';
});

describe('App', () => {
  it('starts from status(), reports ui_ready once, and follows pause_changed events', async () => {
    const calls = mockBackend(
      { status: () => appStatus(), ui_ready: () => null, logs_page: () => logPage([]) },
      { events: true },
    );
    render(App);

    const state = screen.getByTestId('pause-state');
    await waitFor(() => expect(state.dataset['paused']).toBe('false'));
    await waitFor(() => expect(callsOf(calls, 'ui_ready')).toHaveLength(1));
    expect(screen.getByTestId('screen-overview')).toBeTruthy();
    await waitFor(() => expect(screen.getByTestId('overview-status').textContent).toContain('0.3.1'));

    const event: AppEvent = { kind: 'pause_changed', state: pausedState('volatility spike', 'tray') };
    await emit(APP_EVENT, event);

    await waitFor(() => expect(state.dataset['paused']).toBe('true'));
    expect(state.textContent).toContain('ALL TRADING PAUSED');
    expect(state.textContent).toContain('volatility spike');
    expect(state.textContent).toContain('by tray');
    expect(screen.getByTestId('overview-pause-card').textContent).toContain('volatility spike');
    // The state came from the event: nothing polled for it, and ui_ready went out only once.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(callsOf(calls, 'status')).toHaveLength(1);
    expect(callsOf(calls, 'ui_ready')).toHaveLength(1);
  });

  it('lists the screens in order and switches between them', async () => {
    mockBackend({ status: () => appStatus(), ui_ready: () => null, logs_page: () => logPage([]), run_retention_days: () => 90 });
    render(App);

    const order = ['overview', 'bots', 'approvals', 'schedules', 'orders', 'logs', 'backtests', 'signals', 'patterns', 'settings'];
    const links = within(screen.getByRole('navigation', { name: 'Screens' })).getAllByRole('link');
    expect(links.map((a) => a.dataset['testid'])).toEqual(order.map((id) => `nav-${id}`));

    for (const id of order) {
      await fireEvent.click(screen.getByTestId(`nav-${id}`));
      await waitFor(() => expect(screen.getByTestId(`screen-${id}`)).toBeTruthy());
      expect(screen.getByTestId(`nav-${id}`).getAttribute('aria-current')).toBe('page');
    }

    const settings = screen.getByTestId('screen-settings');
    await waitFor(() => expect(settings.textContent).toContain('/home/trader/.local/share/pilothouse/pilothouse.db'));
    expect(settings.textContent).toContain('PAPER');
    expect(settings.textContent).toContain('Follows your OS (light/dark)');
    await waitFor(() => expect(screen.getByTestId<HTMLInputElement>('settings-retention').value).toBe('90'));

    await fireEvent.click(screen.getByTestId('nav-bots'));
    const bots = await screen.findByTestId('screen-bots');
    expect(bots.textContent).toContain('Arrives with the trading engine');
    expect(bots.querySelector('table, input')).toBeNull();
  });

  it('shows the status error when the backend cannot be reached', async () => {
    mockBackend({
      status: () => {
        throw { code: 'internal', message: 'store is not open', field: null };
      },
      ui_ready: () => null,
      logs_page: () => logPage([]),
    });
    render(App);
    await waitFor(() => expect(screen.getByTestId('overview-status').textContent).toContain('store is not open'));
    const state = screen.getByTestId('pause-state');
    expect(state.dataset['paused']).toBeUndefined();
    expect(state.textContent).toContain('Trading state unknown');
    // Pausing stays possible: it is idempotent and the safe direction.
    expect(screen.getByTestId<HTMLButtonElement>('pause-toggle').disabled).toBe(false);
  });

  it('keeps a schedule alert raised on another screen and shows it on Schedules', async () => {
    mockBackend(
      schedulesBackend({ status: () => appStatus(), ui_ready: () => null, logs_page: () => logPage([]), missed_runs: () => [] }),
      { events: true },
    );
    render(App);
    await screen.findByTestId('screen-overview');
    const event: AppEvent = { kind: 'schedule_alert', schedule_id: 4, schedule_name: 'Open bell', failures: 3, error: 'HTTP 502' };
    await emit(APP_EVENT, event);
    await new Promise((resolve) => setTimeout(resolve, 50));

    await fireEvent.click(screen.getByTestId('nav-schedules'));
    const banner = await screen.findByTestId('schedule-alert');
    expect(banner.textContent).toContain('“Open bell” failed 3 times in a row.');
  });
});
