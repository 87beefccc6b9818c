import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import type { PauseState } from '../bindings/PauseState';
import { DESKTOP_PAUSE_REASON } from '../lib/api';
import { PauseStore } from '../lib/pause.svelte';
import { RUNNING, apiError, callsOf, deferred, mockBackend, pausedState, resetBackend } from '../test/fixtures';
import Header from './Header.svelte';

afterEach(resetBackend);

function setup(initial: PauseState): PauseStore {
  const pause = new PauseStore();
  pause.seed(initial);
  render(Header, { props: { pause, mode: 'paper' } });
  return pause;
}

const stateEl = (): HTMLElement => screen.getByTestId('pause-state');
const toggleEl = (): HTMLButtonElement => screen.getByTestId<HTMLButtonElement>('pause-toggle');

describe('emergency pause button', () => {
  it('pauses at once with the desktop reason and shows PAUSED from the returned state', async () => {
    const calls = mockBackend({ pause_all: () => pausedState(DESKTOP_PAUSE_REASON, 'desktop') });
    setup(RUNNING);
    expect(stateEl().textContent).toContain('RUNNING');
    expect(stateEl().dataset['paused']).toBe('false');
    expect(toggleEl().textContent).toContain('Emergency pause');

    await fireEvent.click(toggleEl());

    await waitFor(() => expect(stateEl().dataset['paused']).toBe('true'));
    expect(callsOf(calls, 'pause_all')).toEqual([{ reason: 'Paused from the desktop app' }]);
    expect(stateEl().textContent).toContain('ALL TRADING PAUSED');
    expect(stateEl().textContent).toContain('Paused from the desktop app');
    expect(stateEl().textContent).toContain('by desktop');
    expect(toggleEl().textContent).toContain('Resume trading');
    expect(screen.queryByTestId('resume-confirm')).toBeNull();
  });

  it('is busy and disabled while the pause is in flight', async () => {
    const reply = deferred<PauseState>();
    const calls = mockBackend({ pause_all: () => reply.promise });
    setup(RUNNING);

    await fireEvent.click(toggleEl());
    await waitFor(() => expect(toggleEl().disabled).toBe(true));
    expect(toggleEl().getAttribute('aria-busy')).toBe('true');
    await fireEvent.click(toggleEl());
    expect(callsOf(calls, 'pause_all')).toHaveLength(1);

    reply.resolve(pausedState());
    await waitFor(() => expect(toggleEl().disabled).toBe(false));
    expect(stateEl().dataset['paused']).toBe('true');
  });

  it('asks before resuming and only the confirm button resumes', async () => {
    const calls = mockBackend({ resume_all: () => ({ ...RUNNING, changed_by: 'desktop', changed_at: '2026-11-24T09:00:00Z' }) });
    setup(pausedState('market crash', 'cli'));
    expect(stateEl().textContent).toContain('market crash');
    expect(stateEl().textContent).toContain('by cli');

    await fireEvent.click(toggleEl());
    expect(screen.getByText('Resume all trading?')).toBeTruthy();
    expect(callsOf(calls, 'resume_all')).toHaveLength(0);

    await fireEvent.click(screen.getByTestId('resume-cancel'));
    expect(screen.queryByTestId('resume-confirm')).toBeNull();
    expect(callsOf(calls, 'resume_all')).toHaveLength(0);
    expect(stateEl().dataset['paused']).toBe('true');

    await fireEvent.click(toggleEl());
    await fireEvent.click(screen.getByTestId('resume-confirm'));

    await waitFor(() => expect(stateEl().dataset['paused']).toBe('false'));
    expect(callsOf(calls, 'resume_all')).toEqual([{}]);
    expect(stateEl().textContent).toContain('RUNNING');
    expect(screen.queryByTestId('resume-confirm')).toBeNull();
    expect(toggleEl().textContent).toContain('Emergency pause');
  });

  it('shows an ApiError from the backend in pause-error and stays running', async () => {
    const calls = mockBackend({
      pause_all: () => {
        throw apiError('database is locked');
      },
    });
    setup(RUNNING);

    await fireEvent.click(toggleEl());

    const alert = await screen.findByTestId('pause-error');
    expect(alert.textContent).toContain('database is locked');
    expect(alert.getAttribute('role')).toBe('alert');
    expect(callsOf(calls, 'pause_all')).toHaveLength(1);
    expect(stateEl().dataset['paused']).toBe('false');
    expect(toggleEl().disabled).toBe(false);
  });

  it('shows a failed resume in pause-error too', async () => {
    mockBackend({
      resume_all: () => {
        throw apiError('pause store unavailable');
      },
    });
    setup(pausedState());
    await fireEvent.click(toggleEl());
    await fireEvent.click(screen.getByTestId('resume-confirm'));
    const alert = await screen.findByTestId('pause-error');
    expect(alert.textContent).toContain('Resume failed');
    expect(alert.textContent).toContain('pause store unavailable');
    expect(stateEl().dataset['paused']).toBe('true');
  });

  it('Ctrl+Shift+P pauses when running but only opens the confirmation when paused', async () => {
    const calls = mockBackend({ pause_all: () => pausedState() });
    const pause = setup(RUNNING);
    expect(toggleEl().title).toContain('Ctrl+Shift+P');

    await fireEvent.keyDown(window, { key: 'P', ctrlKey: true, shiftKey: true });
    await waitFor(() => expect(pause.paused).toBe(true));
    expect(callsOf(calls, 'pause_all')).toHaveLength(1);

    await fireEvent.keyDown(window, { key: 'P', metaKey: true, shiftKey: true });
    expect(screen.getByTestId('resume-confirm')).toBeTruthy();
    expect(callsOf(calls, 'resume_all')).toHaveLength(0);
    expect(pause.paused).toBe(true);
  });

  it('closes the confirmation when trading is resumed elsewhere', async () => {
    mockBackend({});
    const pause = setup(pausedState());
    await fireEvent.click(toggleEl());
    expect(screen.getByTestId('resume-confirm')).toBeTruthy();

    pause.changed({ ...RUNNING, changed_by: 'cli', changed_at: '2026-11-24T09:00:00Z' });

    await waitFor(() => expect(screen.queryByTestId('resume-confirm')).toBeNull());
    expect(stateEl().textContent).toContain('RUNNING');
  });
});

describe('trading mode badge', () => {
  it('reads LIVE in red and names the live accounts', () => {
    const pause = new PauseStore();
    pause.seed(RUNNING);
    render(Header, { props: { pause, mode: 'live', liveAccounts: ['main', 'futures'] } });
    const badge = screen.getByTestId('mode-badge');
    expect(badge.textContent).toBe('LIVE');
    expect(badge.dataset['mode']).toBe('live');
    expect(badge.classList.contains('live')).toBe(true);
    expect(badge.getAttribute('title')).toContain('main, futures');
  });

  it('reads PAPER otherwise', () => {
    const pause = new PauseStore();
    pause.seed(RUNNING);
    render(Header, { props: { pause, mode: 'paper' } });
    expect(screen.getByTestId('mode-badge').textContent).toBe('PAPER');
    expect(screen.getByTestId('mode-badge').classList.contains('live')).toBe(false);
  });
});
