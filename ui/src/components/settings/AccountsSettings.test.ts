import { emit } from '@tauri-apps/api/event';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import type { Account } from '../../bindings/Account';
import type { ConnectionReport } from '../../bindings/ConnectionReport';
import type { PaperSetup } from '../../bindings/PaperSetup';
import { apiError, callsOf, deferred, mockBackend, resetBackend, type Handler } from '../../test/fixtures';
import { APP_EVENT } from '../../lib/events';
import AccountsSettings from './AccountsSettings.svelte';

afterEach(() => {
  resetBackend();
});

function account(id: number, overrides: Partial<Account> = {}): Account {
  return {
    id,
    name: `account ${id}`,
    venue: 'binance-spot',
    base_url: null,
    live: false,
    has_keys: false,
    created_at: '2026-11-20T10:00:00Z',
    updated_at: '2026-11-20T10:00:00Z',
    ...overrides,
  };
}

function report(overrides: Partial<ConnectionReport> = {}): ConnectionReport {
  return {
    server_time_offset_ms: -42,
    permissions: { can_trade: true, can_withdraw: false, ip_restricted: false },
    warnings: [],
    ...overrides,
  };
}

function setup(handlers: Record<string, Handler>): ReturnType<typeof mockBackend> {
  const calls = mockBackend(handlers);
  render(AccountsSettings);
  return calls;
}

async function rowOf(name: string): Promise<HTMLElement> {
  return waitFor(() => {
    const row = screen.getAllByTestId('account-row').find((r) => r.dataset['name'] === name);
    if (row === undefined) throw new Error(`no row for ${name}`);
    return row;
  });
}

const SPOT_SETUP: PaperSetup = {
  mode: 'spot',
  balances: [
    { asset: 'USDT', amount: '10000' },
    { asset: 'BTC', amount: '1' },
  ],
  maker_fee_bps: '10',
  taker_fee_bps: '10',
  slippage_bps: '5',
  market: { source: 'binance' },
};

const type = (el: HTMLElement, value: string): Promise<boolean> => fireEvent.input(el, { target: { value } });

describe('Accounts: list', () => {
  it('shows loading, then the empty state that explains paper needs no account', async () => {
    const reply = deferred<Account[]>();
    setup({ accounts_list: () => reply.promise });
    expect(screen.getByTestId('accounts-loading')).toBeTruthy();
    reply.resolve([]);
    const empty = await screen.findByTestId('accounts-empty');
    expect(empty.textContent).toContain('No accounts yet. Paper trading needs none');
  });

  it('shows each account with its venue, URL, mode badge and key state', async () => {
    setup({
      accounts_list: () => [
        account(1, { name: 'paper desk', venue: 'paper' }),
        account(2, { name: 'spot', has_keys: true }),
        account(3, { name: 'futures', venue: 'binance-usdm', base_url: 'https://testnet.binancefuture.com', live: true, has_keys: true }),
      ],
    });
    const paper = await rowOf('paper desk');
    const spot = await rowOf('spot');
    const futures = await rowOf('futures');
    // Paper has no URL, no keys and nothing to test.
    expect(paper.textContent).toContain('—');
    expect(paper.textContent).toContain('PAPER');
    expect(within(paper).queryByTestId('account-keys-open')).toBeNull();
    expect(within(paper).queryByTestId('account-live-open')).toBeNull();
    // No base URL on a Binance account means its production endpoint.
    expect(spot.textContent).toContain('Binance production');
    expect(spot.textContent).toContain('Keys: stored in the OS keyring');
    expect(spot.dataset['live']).toBe('false');
    expect(futures.textContent).toContain('https://testnet.binancefuture.com');
    expect(futures.textContent).toContain('LIVE');
    expect(futures.dataset['live']).toBe('true');
    expect(within(futures).getByTestId('account-paper')).toBeTruthy();
  });

  it('says when the keyring could not tell whether an account has keys', async () => {
    setup({ accounts_list: () => [account(1, { name: 'spot', keys_unknown: 'keyring unavailable: no Secret Service on this session' })] });
    const spot = await rowOf('spot');
    expect(within(spot).getByTestId('account-keys').textContent, 'the unknown state is said, not shown as "No keys"').toContain(
      'Keys: keyring unavailable: no Secret Service',
    );
  });

  it('shows a load error and retries on request', async () => {
    let fail = true;
    const calls = setup({
      accounts_list: () => {
        if (fail) throw apiError('store is not open');
        return [account(1)];
      },
    });
    const error = await screen.findByTestId('accounts-error');
    expect(error.textContent).toContain('store is not open');
    fail = false;
    await fireEvent.click(screen.getByTestId('accounts-retry'));
    await rowOf('account 1');
    expect(callsOf(calls, 'accounts_list')).toHaveLength(2);
  });
});

describe('Accounts: add', () => {
  it('sends the typed account, never live, and lists the answer', async () => {
    const reply = deferred<Account>();
    const calls = setup({ accounts_list: () => [], account_add: () => reply.promise });
    await screen.findByTestId('accounts-empty');
    await type(screen.getByTestId('account-add-name'), ' testnet ');
    await fireEvent.change(screen.getByTestId('account-add-venue'), { target: { value: 'binance-usdm' } });
    await type(screen.getByTestId('account-add-base-url'), 'https://testnet.binancefuture.com');
    await fireEvent.click(screen.getByTestId('account-add-save'));

    // Add is disabled while the command runs, so a double press cannot add twice.
    await waitFor(() => expect(screen.getByTestId<HTMLButtonElement>('account-add-save').disabled).toBe(true));
    expect(callsOf(calls, 'account_add')).toEqual([
      { input: { name: 'testnet', venue: 'binance-usdm', base_url: 'https://testnet.binancefuture.com', live: false, paper: null } },
    ]);

    reply.resolve(account(7, { name: 'testnet', venue: 'binance-usdm', base_url: 'https://testnet.binancefuture.com' }));
    await rowOf('testnet');
    expect(screen.queryByTestId('accounts-empty')).toBeNull();
    expect(screen.getByTestId<HTMLInputElement>('account-add-name').value).toBe('');
  });

  it('sends no base URL for paper or a blank one', async () => {
    const calls = setup({ accounts_list: () => [], account_add: () => account(8, { name: 'p', venue: 'paper' }) });
    await screen.findByTestId('accounts-empty');
    await type(screen.getByTestId('account-add-name'), 'p');
    await fireEvent.click(screen.getByTestId('account-add-save'));
    await rowOf('p');
    // A paper account untouched gets the spot defaults, prices from Binance public data.
    expect(callsOf(calls, 'account_add')).toEqual([{ input: { name: 'p', venue: 'paper', base_url: null, live: false, paper: SPOT_SETUP } }]);
  });

  it('shows a refusal beside the field it names and keeps what was typed', async () => {
    setup({
      accounts_list: () => [],
      account_add: () => {
        throw apiError('must start with https://', 'base_url');
      },
    });
    await screen.findByTestId('accounts-empty');
    await type(screen.getByTestId('account-add-name'), 'spot');
    await fireEvent.change(screen.getByTestId('account-add-venue'), { target: { value: 'binance-spot' } });
    await type(screen.getByTestId('account-add-base-url'), 'http://plain');
    await fireEvent.click(screen.getByTestId('account-add-save'));

    const error = await screen.findByTestId('account-field-error-base_url');
    expect(error.textContent).toBe('must start with https://');
    expect(screen.getByTestId('account-add-base-url').getAttribute('aria-invalid')).toBe('true');
    // The trader fixes the URL instead of typing everything again.
    expect(screen.getByTestId<HTMLInputElement>('account-add-name').value).toBe('spot');
    expect(screen.getByTestId<HTMLInputElement>('account-add-base-url').value).toBe('http://plain');
    expect(screen.getByTestId<HTMLButtonElement>('account-add-save').disabled).toBe(false);
  });
});

describe('Accounts: keys', () => {
  it('sends apiKey and secret, clears both after success and never shows the secret', async () => {
    const calls = setup({
      accounts_list: () => [account(1, { name: 'spot' })],
      keys_set: () => account(1, { name: 'spot', has_keys: true }),
    });
    const row = await rowOf('spot');
    expect(row.textContent).toContain('No keys');
    // Without keys there is nothing to test.
    expect(within(row).getByTestId<HTMLButtonElement>('account-test').disabled).toBe(true);

    await fireEvent.click(within(row).getByTestId('account-keys-open'));
    const key = within(row).getByTestId<HTMLInputElement>('account-api-key');
    const secret = within(row).getByTestId<HTMLInputElement>('account-secret');
    // Masked, and kept out of autofill and spellchecking services.
    for (const input of [key, secret]) {
      expect(input.type).toBe('password');
      expect(input.getAttribute('autocomplete')).toBe('off');
      expect(input.getAttribute('spellcheck')).toBe('false');
    }
    await type(key, 'KEY-abc');
    await type(secret, 'SECRET-xyz');
    await fireEvent.click(within(row).getByTestId('account-keys-save'));

    await waitFor(() => expect(within(row).getByTestId('account-keys-status').textContent).toContain('Keys saved'));
    // camelCase apiKey: Tauri maps it to the Rust api_key parameter.
    expect(callsOf(calls, 'keys_set')).toEqual([{ account: 'spot', apiKey: 'KEY-abc', secret: 'SECRET-xyz' }]);
    expect(key.value).toBe('');
    expect(secret.value).toBe('');
    expect(document.body.innerHTML).not.toContain('SECRET-xyz');
    expect(document.body.innerHTML).not.toContain('KEY-abc');
    expect(row.textContent).toContain('Keys: stored in the OS keyring');
    expect(within(row).getByTestId<HTMLButtonElement>('account-test').disabled).toBe(false);
  });

  it('shows a refused key beside its field and keeps the inputs to fix', async () => {
    setup({
      accounts_list: () => [account(1, { name: 'spot' })],
      keys_set: () => {
        throw apiError('is empty', 'secret');
      },
    });
    const row = await rowOf('spot');
    await fireEvent.click(within(row).getByTestId('account-keys-open'));
    await type(within(row).getByTestId('account-api-key'), 'KEY');
    await fireEvent.click(within(row).getByTestId('account-keys-save'));
    const error = await within(row).findByTestId('account-field-error-secret');
    expect(error.textContent).toBe('is empty');
    expect(within(row).getByTestId<HTMLInputElement>('account-api-key').value).toBe('KEY');
  });

  it('removes keys and the account only after confirmation', async () => {
    const calls = setup({
      accounts_list: () => [account(1, { name: 'spot', has_keys: true })],
      keys_remove: () => account(1, { name: 'spot', has_keys: false }),
      account_remove: () => account(1, { name: 'spot' }),
    });
    const row = await rowOf('spot');
    await fireEvent.click(within(row).getByTestId('account-keys-remove'));
    await waitFor(() => expect(row.textContent).toContain('No keys'));
    expect(callsOf(calls, 'keys_remove')).toEqual([{ account: 'spot' }]);

    await fireEvent.click(within(row).getByTestId('account-remove'));
    expect(callsOf(calls, 'account_remove')).toEqual([]);
    await fireEvent.click(within(row).getByTestId('account-remove-confirm'));
    await screen.findByTestId('accounts-empty');
    expect(callsOf(calls, 'account_remove')).toEqual([{ account: 'spot' }]);
  });
});

describe('Accounts: test connection', () => {
  it('shows progress, then the clock offset, permissions and every warning', async () => {
    const reply = deferred<ConnectionReport>();
    const calls = setup({ accounts_list: () => [account(1, { name: 'spot', has_keys: true })], keys_test: () => reply.promise });
    const row = await rowOf('spot');
    const button = within(row).getByTestId<HTMLButtonElement>('account-test');
    await fireEvent.click(button);
    await waitFor(() => expect(button.textContent).toContain('Testing…'));
    expect(button.disabled).toBe(true);

    reply.resolve(report({ warnings: ['The key has no IP restriction.', 'Clock is 42 ms behind.'] }));
    const shown = await within(row).findByTestId('account-test-report');
    expect(callsOf(calls, 'keys_test')).toEqual([{ account: 'spot' }]);
    expect(within(shown).getByTestId('account-test-offset').textContent).toBe('-42 ms');
    expect(within(shown).getByTestId('account-test-trade').textContent).toBe('yes');
    expect(within(shown).getByTestId('account-test-withdraw').textContent).toBe('disabled');
    expect(within(shown).getByTestId('account-test-ip').textContent).toBe('no');
    expect(within(shown).getAllByTestId('account-test-warning').map((w) => w.textContent)).toEqual([
      'The key has no IP restriction.',
      'Clock is 42 ms behind.',
    ]);
  });

  it('shows a key that can withdraw as refused, prominently', async () => {
    setup({
      accounts_list: () => [account(1, { name: 'spot', has_keys: true })],
      keys_test: () => {
        throw apiError('this key can withdraw funds; create one without withdrawals', 'keys');
      },
    });
    const row = await rowOf('spot');
    await fireEvent.click(within(row).getByTestId('account-test'));
    const error = await within(row).findByTestId('account-test-error');
    expect(error.getAttribute('role')).toBe('alert');
    expect(within(error).getByTestId('account-field-error-keys').textContent).toContain('can withdraw');
    expect(within(row).queryByTestId('account-test-report')).toBeNull();
  });
});

describe('Accounts: live switch', () => {
  it('needs the account name typed, and shows the backend refusing live without keys', async () => {
    const calls = setup({
      accounts_list: () => [account(1, { name: 'spot' })],
      account_set_live: () => {
        throw apiError('needs API keys; set them first', 'live');
      },
    });
    const row = await rowOf('spot');
    await fireEvent.click(within(row).getByTestId('account-live-open'));
    expect(row.textContent).toContain('Type spot to trade real money with this account');
    expect(within(row).getByTestId('account-live-needs-keys')).toBeTruthy();
    const confirm = within(row).getByTestId<HTMLButtonElement>('account-live-confirm');
    // A wrong or partial name does not arm the switch.
    expect(confirm.disabled).toBe(true);
    await type(within(row).getByTestId('account-live-confirm-name'), 'spo');
    expect(confirm.disabled).toBe(true);
    await fireEvent.click(confirm);
    expect(callsOf(calls, 'account_set_live')).toEqual([]);

    await type(within(row).getByTestId('account-live-confirm-name'), 'spot');
    expect(confirm.disabled).toBe(false);
    await fireEvent.click(confirm);
    const error = await within(row).findByTestId('account-live-error');
    expect(within(error).getByTestId('account-field-error-live').textContent).toBe('needs API keys; set them first');
    expect(callsOf(calls, 'account_set_live')).toEqual([{ id: 1, live: true }]);
    expect(row.dataset['live']).toBe('false');
  });

  it('goes live after confirmation and back to paper without one', async () => {
    let live = false;
    const calls = setup({
      accounts_list: () => [account(1, { name: 'spot', has_keys: true })],
      account_set_live: (args) => {
        live = args['live'] === true;
        return account(1, { name: 'spot', has_keys: true, live });
      },
    });
    const row = await rowOf('spot');
    await fireEvent.click(within(row).getByTestId('account-live-open'));
    await type(within(row).getByTestId('account-live-confirm-name'), 'spot');
    await fireEvent.click(within(row).getByTestId('account-live-confirm'));
    await waitFor(() => expect(row.dataset['live']).toBe('true'));
    expect(row.textContent).toContain('LIVE');

    await fireEvent.click(within(row).getByTestId('account-paper'));
    await waitFor(() => expect(row.dataset['live']).toBe('false'));
    expect(callsOf(calls, 'account_set_live')).toEqual([
      { id: 1, live: true },
      { id: 1, live: false },
    ]);
  });
});

describe('Accounts: changes made elsewhere', () => {
  it('shows an account added by another process when accounts_changed arrives', async () => {
    let accounts: Account[] = [];
    mockBackend({ accounts_list: () => accounts }, { events: true });
    render(AccountsSettings);
    await screen.findByTestId('accounts-empty');
    accounts = [account(1, { name: 'from the CLI' })];
    await emit(APP_EVENT, { kind: 'accounts_changed' });
    await rowOf('from the CLI');
  });
});
