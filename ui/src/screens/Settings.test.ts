import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Account } from '../bindings/Account';
import { PauseStore } from '../lib/pause.svelte';
import { StatusStore } from '../lib/status.svelte';
import { apiError, appStatus, callsOf, deferred, mockBackend, resetBackend, type Handler } from '../test/fixtures';
import Settings from './Settings.svelte';

afterEach(() => {
  resetBackend();
  vi.useRealTimers();
});

function settingsBackend(overrides: Record<string, Handler> = {}): Record<string, Handler> {
  return {
    status: () => appStatus(),
    run_retention_days: () => 90,
    set_run_retention_days: (args) => args['days'],
    rotate_webhook_signing_key: () => null,
    accounts_list: () => [],
    ...overrides,
  };
}

function setup(): void {
  render(Settings, { props: { status: new StatusStore(new PauseStore()) } });
}

const input = (): HTMLInputElement => screen.getByTestId<HTMLInputElement>('settings-retention');
const saveButton = (): HTMLButtonElement => screen.getByTestId<HTMLButtonElement>('settings-retention-save');

async function loaded(): Promise<HTMLInputElement> {
  await screen.findByTestId('settings-retention');
  return input();
}

describe('Settings: run history retention', () => {
  it('shows loading, then the days kept, with nothing to save until they change', async () => {
    const reply = deferred<number>();
    const calls = mockBackend(settingsBackend({ run_retention_days: () => reply.promise }));
    setup();
    expect(screen.getByTestId('settings-retention-loading')).toBeTruthy();
    expect(screen.queryByTestId('settings-retention')).toBeNull();

    reply.resolve(45);
    expect((await loaded()).value).toBe('45');
    expect(callsOf(calls, 'run_retention_days')).toEqual([{}]);
    expect(saveButton().disabled).toBe(true);

    await fireEvent.input(input(), { target: { value: '60' } });
    expect(saveButton().disabled).toBe(false);
    // Back to the stored value: unchanged again, so nothing to save.
    await fireEvent.input(input(), { target: { value: '45' } });
    expect(saveButton().disabled).toBe(true);
  });

  it('saves the typed days, disabling Save while the command runs, then confirms', async () => {
    const reply = deferred<number>();
    const calls = mockBackend(settingsBackend({ set_run_retention_days: () => reply.promise }));
    setup();
    await fireEvent.input(await loaded(), { target: { value: '30' } });
    await fireEvent.click(saveButton());

    await waitFor(() => expect(saveButton().disabled).toBe(true));
    expect(saveButton().getAttribute('aria-busy')).toBe('true');
    expect(input().disabled).toBe(true);
    // A second press while saving sends nothing more.
    await fireEvent.submit(input().form as HTMLFormElement);
    expect(callsOf(calls, 'set_run_retention_days')).toEqual([{ days: 30 }]);

    reply.resolve(30);
    const saved = await screen.findByTestId('settings-retention-saved');
    expect(saved.textContent).toContain('30 days');
    expect(input().value).toBe('30');
    expect(input().disabled).toBe(false);
    // 30 is now what is kept: Save has nothing left to do.
    expect(saveButton().disabled).toBe(true);

    // Editing again drops the stale confirmation.
    await fireEvent.input(input(), { target: { value: '31' } });
    expect(screen.queryByTestId('settings-retention-saved')).toBeNull();
  });

  it('shows a refusal beside the input and keeps what was typed', async () => {
    const calls = mockBackend(
      settingsBackend({
        set_run_retention_days: (args) => {
          throw apiError(`is ${String(args['days'])}; keep between 1 and 3650 days of history`, 'days');
        },
      }),
    );
    setup();
    await fireEvent.input(await loaded(), { target: { value: '5000' } });
    await fireEvent.click(saveButton());

    const error = await screen.findByTestId('settings-retention-error');
    expect(error.textContent).toBe('Days is 5000; keep between 1 and 3650 days of history');
    expect(callsOf(calls, 'set_run_retention_days')).toEqual([{ days: 5000 }]);
    expect(input().value).toBe('5000');
    expect(input().getAttribute('aria-invalid')).toBe('true');
    expect(screen.queryByTestId('settings-retention-saved')).toBeNull();
    // The trader can fix the value and try again at once.
    expect(saveButton().disabled).toBe(false);
    await fireEvent.input(input(), { target: { value: '365' } });
    expect(screen.queryByTestId('settings-retention-error')).toBeNull();
    expect(input().getAttribute('aria-invalid')).toBe('false');
  });

  it('says what is wrong with an empty value without asking the backend', async () => {
    const calls = mockBackend(settingsBackend());
    setup();
    await fireEvent.input(await loaded(), { target: { value: '' } });
    await fireEvent.click(saveButton());
    const error = await screen.findByTestId('settings-retention-error');
    expect(error.textContent).toContain('Days is empty');
    expect(callsOf(calls, 'set_run_retention_days')).toEqual([]);
  });

  it('shows a failed save that names no field as a general error', async () => {
    mockBackend(
      settingsBackend({
        set_run_retention_days: () => {
          throw apiError('database is locked');
        },
      }),
    );
    setup();
    await fireEvent.input(await loaded(), { target: { value: '10' } });
    await fireEvent.click(saveButton());
    const error = await screen.findByTestId('settings-retention-error');
    expect(error.textContent).toBe('Could not save: database is locked');
    // Not the input's fault, so it is not marked invalid.
    expect(input().getAttribute('aria-invalid')).toBe('false');
    expect(input().value).toBe('10');
  });

  it('shows a load error and retries on request', async () => {
    let fail = true;
    const calls = mockBackend(
      settingsBackend({
        run_retention_days: () => {
          if (fail) throw apiError('store is not open');
          return 120;
        },
      }),
    );
    setup();
    const error = await screen.findByTestId('settings-retention-load-error');
    expect(error.textContent).toContain('store is not open');
    expect(screen.queryByTestId('settings-retention')).toBeNull();

    fail = false;
    await fireEvent.click(screen.getByTestId('settings-retention-retry'));
    expect((await loaded()).value).toBe('120');
    expect(callsOf(calls, 'run_retention_days')).toHaveLength(2);
  });
});

describe('Settings: webhook signing key', () => {
  it('explains how receivers verify deliveries and where the key is read, without showing it', async () => {
    const calls = mockBackend(settingsBackend());
    setup();
    const card = screen.getByTestId('settings-scheduler');
    for (const header of ['X-Pilothouse-Signature', 'X-Pilothouse-Timestamp', 'X-Pilothouse-Delivery', 'X-Pilothouse-Attempt']) {
      expect(card.textContent).toContain(header);
    }
    expect(card.textContent).toContain('pilothouse webhook-key show');
    await loaded();
    // The window asks only for the retention (and the accounts card its list, listening for
    // account changes): nothing that could hand it the key.
    expect(calls.map((c) => c.cmd).sort()).toEqual(['accounts_list', 'plugin:event|listen', 'run_retention_days']);
    expect(card.textContent).not.toMatch(/whsec_\w/);
  });

  it('rotates only after confirmation, and calls the command once', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-25T18:12:03Z'));
    const reply = deferred<null>();
    const calls = mockBackend(settingsBackend({ rotate_webhook_signing_key: () => reply.promise }));
    setup();

    await fireEvent.click(screen.getByTestId('settings-webhook-rotate'));
    expect(screen.getByTestId('settings-scheduler').textContent).toContain('Receivers must be given the new key. Rotate?');
    expect(callsOf(calls, 'rotate_webhook_signing_key')).toEqual([]);
    // The safe answer has the focus.
    expect(document.activeElement).toBe(screen.getByTestId('settings-webhook-rotate-cancel'));

    await fireEvent.click(screen.getByTestId('settings-webhook-rotate-cancel'));
    expect(screen.queryByTestId('settings-webhook-rotate-confirm')).toBeNull();
    expect(callsOf(calls, 'rotate_webhook_signing_key')).toEqual([]);

    await fireEvent.click(screen.getByTestId('settings-webhook-rotate'));
    const confirm = screen.getByTestId<HTMLButtonElement>('settings-webhook-rotate-confirm');
    await fireEvent.click(confirm);
    await fireEvent.click(confirm);
    expect(confirm.disabled).toBe(true);
    expect(screen.getByTestId<HTMLButtonElement>('settings-webhook-rotate-cancel').disabled).toBe(true);

    reply.resolve(null);
    const rotated = await screen.findByTestId('settings-webhook-rotated');
    expect(rotated.textContent).toContain('Key rotated at 2026-11-25 18:12:03 UTC');
    expect(callsOf(calls, 'rotate_webhook_signing_key')).toEqual([{}]);
    expect(screen.queryByTestId('settings-webhook-rotate-confirm')).toBeNull();
    expect(document.activeElement).toBe(screen.getByTestId('settings-webhook-rotate'));
  });

  it('cancels the confirmation with Escape', async () => {
    const calls = mockBackend(settingsBackend());
    setup();
    await fireEvent.click(screen.getByTestId('settings-webhook-rotate'));
    await fireEvent.keyDown(screen.getByTestId('settings-webhook-rotate-cancel'), { key: 'Escape' });
    expect(screen.queryByTestId('settings-webhook-rotate-confirm')).toBeNull();
    expect(callsOf(calls, 'rotate_webhook_signing_key')).toEqual([]);
  });

  it('shows a failed rotation inline and lets the trader try again', async () => {
    let fail = true;
    const calls = mockBackend(
      settingsBackend({
        rotate_webhook_signing_key: () => {
          if (fail) throw apiError('the OS keyring is locked');
          return null;
        },
      }),
    );
    setup();
    await fireEvent.click(screen.getByTestId('settings-webhook-rotate'));
    await fireEvent.click(screen.getByTestId('settings-webhook-rotate-confirm'));

    const error = await screen.findByTestId('settings-webhook-error');
    expect(error.textContent).toContain('the OS keyring is locked');
    expect(screen.queryByTestId('settings-webhook-rotated')).toBeNull();

    fail = false;
    await fireEvent.click(screen.getByTestId('settings-webhook-rotate'));
    // Asking again clears the old error; the second try needs its own confirmation.
    expect(screen.queryByTestId('settings-webhook-error')).toBeNull();
    await fireEvent.click(screen.getByTestId('settings-webhook-rotate-confirm'));
    await screen.findByTestId('settings-webhook-rotated');
    expect(callsOf(calls, 'rotate_webhook_signing_key')).toHaveLength(2);
  });
});

describe('Settings: accounts and the trading mode', () => {
  it('asks for the status again after an account goes live, so the header reads LIVE', async () => {
    const spot: Account = {
      id: 1,
      name: 'spot',
      venue: 'binance-spot',
      base_url: null,
      live: false,
      has_keys: true,
      created_at: '2026-11-20T10:00:00Z',
      updated_at: '2026-11-20T10:00:00Z',
    };
    let live = false;
    const calls = mockBackend(
      settingsBackend({
        status: () => ({ ...appStatus(), mode: live ? 'live' : 'paper', live_accounts: live ? ['spot'] : [] }),
        accounts_list: () => [spot],
        account_set_live: () => {
          live = true;
          return { ...spot, live: true };
        },
      }),
    );
    const status = new StatusStore(new PauseStore());
    render(Settings, { props: { status } });
    await screen.findByTestId('account-live-open');
    await fireEvent.click(screen.getByTestId('account-live-open'));
    await fireEvent.input(screen.getByTestId('account-live-confirm-name'), { target: { value: 'spot' } });
    await fireEvent.click(screen.getByTestId('account-live-confirm'));
    await waitFor(() => expect(status.status?.mode).toBe('live'));
    expect(status.status?.live_accounts).toEqual(['spot']);
    expect(callsOf(calls, 'status')).toHaveLength(1);
  });
});
