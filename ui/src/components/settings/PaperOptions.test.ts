import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import type { AccountInput } from '../../bindings/AccountInput';
import type { ReplayDataset } from '../../bindings/ReplayDataset';
import { apiError, callsOf, mockBackend, resetBackend, type Handler } from '../../test/fixtures';
import { account } from '../../test/orderFixtures';
import AccountsSettings from './AccountsSettings.svelte';

afterEach(resetBackend);

const DATASET: ReplayDataset = {
  name: 'btcusdt-1m-2024-03',
  symbol: 'BTCUSDT',
  interval: '1m',
  futures: false,
  first_open: '2024-03-01T00:00:00Z',
  last_open: '2024-03-31T23:59:00Z',
};

function setup(handlers: Record<string, Handler> = {}, onchanged?: () => void): ReturnType<typeof mockBackend> {
  const calls = mockBackend({ accounts_list: () => [], account_add: () => account(9, { name: 'p' }), ...handlers });
  render(AccountsSettings, { props: { onchanged } });
  return calls;
}

const type = (el: HTMLElement, value: string): Promise<boolean> => fireEvent.input(el, { target: { value } });
const amounts = (): string[] => screen.getAllByTestId<HTMLInputElement>('paper-balance-amount').map((i) => i.value);
const sent = (calls: ReturnType<typeof mockBackend>): AccountInput | undefined => callsOf(calls, 'account_add')[0]?.['input'] as AccountInput | undefined;

describe('Accounts: paper options', () => {
  it('shows paper options only for the paper venue, with the spot defaults', async () => {
    setup();
    await screen.findByTestId('accounts-empty');
    expect(screen.getByTestId('paper-options')).toBeTruthy();
    expect(amounts()).toEqual(['10000', '1']);
    await fireEvent.change(screen.getByTestId('account-add-venue'), { target: { value: 'binance-spot' } });
    expect(screen.queryByTestId('paper-options')).toBeNull();
  });

  it('switches to the futures defaults unless the balances were edited', async () => {
    const calls = setup();
    await screen.findByTestId('accounts-empty');
    await fireEvent.click(screen.getByTestId('paper-mode-futures'));
    expect(amounts()).toEqual(['10000']);
    expect(screen.getByTestId<HTMLInputElement>('paper-taker').value).toBe('5');

    await type(screen.getAllByTestId('paper-balance-amount')[0] as HTMLElement, '2500');
    await fireEvent.click(screen.getByTestId('paper-mode-spot'));
    // The edited balance stays; the untouched fees follow the mode.
    expect(amounts()).toEqual(['2500']);
    expect(screen.getByTestId<HTMLInputElement>('paper-taker').value).toBe('10');

    await fireEvent.click(screen.getByTestId('paper-balance-add'));
    const rows = screen.getAllByTestId('paper-balance');
    await type(within(rows[1] as HTMLElement).getByTestId('paper-balance-asset'), 'eth');
    await type(within(rows[1] as HTMLElement).getByTestId('paper-balance-amount'), '3');
    await type(screen.getByTestId('account-add-name'), 'p');
    await fireEvent.click(screen.getByTestId('account-add-save'));
    await waitFor(() => expect(callsOf(calls, 'account_add')).toHaveLength(1));
    expect(sent(calls)?.paper).toEqual({
      mode: 'spot',
      balances: [
        { asset: 'USDT', amount: '2500' },
        { asset: 'ETH', amount: '3' },
      ],
      maker_fee_bps: '10',
      taker_fee_bps: '10',
      slippage_bps: '5',
      market: { source: 'binance' },
    });
  });

  it('replays a built-in dataset at the chosen speed, listing each with symbol, interval and period', async () => {
    const calls = setup({ replay_datasets: () => [DATASET] });
    await screen.findByTestId('accounts-empty');
    expect(callsOf(calls, 'replay_datasets')).toHaveLength(0);
    await fireEvent.change(screen.getByTestId('paper-source'), { target: { value: 'replay' } });
    const select = await screen.findByTestId<HTMLSelectElement>('paper-dataset');
    expect(select.textContent).toContain('btcusdt-1m-2024-03 — BTCUSDT 1m, 2024-03-');
    await fireEvent.change(select, { target: { value: DATASET.name } });
    await type(screen.getByTestId('paper-speed'), '60');
    await type(screen.getByTestId('account-add-name'), 'p');
    await fireEvent.click(screen.getByTestId('account-add-save'));
    await waitFor(() => expect(callsOf(calls, 'account_add')).toHaveLength(1));
    expect(sent(calls)?.paper?.market).toEqual({ source: 'replay', dataset: DATASET.name, speed: 60 });
  });

  it('refuses a speed outside 1–1000 beside the speed, and shows backend refusals beside their inputs', async () => {
    const calls = setup({
      replay_datasets: () => [DATASET],
      account_add: () => {
        throw apiError('a fee must be between 0 and 1000 bps', 'paper.maker_fee_bps');
      },
    });
    await screen.findByTestId('accounts-empty');
    await fireEvent.change(screen.getByTestId('paper-source'), { target: { value: 'replay' } });
    await fireEvent.change(screen.getByTestId('paper-dataset-choice'), { target: { value: 'file' } });
    await type(screen.getByTestId('paper-csv'), '/data/candles.csv');
    await type(screen.getByTestId('paper-speed'), '5000');
    await fireEvent.click(screen.getByTestId('account-add-save'));
    expect((await screen.findByTestId('account-field-error-paper.market.speed')).textContent).toContain('1 to 1000');
    expect(callsOf(calls, 'account_add')).toHaveLength(0);

    await type(screen.getByTestId('paper-speed'), '10');
    await fireEvent.click(screen.getByTestId('account-add-save'));
    const error = await screen.findByTestId('account-field-error-paper.maker_fee_bps');
    expect(error.textContent).toBe('a fee must be between 0 and 1000 bps');
    expect(screen.getByTestId('paper-maker').getAttribute('aria-invalid')).toBe('true');
    expect(screen.queryByTestId('account-add-error')).toBeNull();
  });

  it('tells the app when accounts change, so the header mode follows', async () => {
    let changes = 0;
    setup({}, () => (changes += 1));
    await screen.findByTestId('accounts-empty');
    await type(screen.getByTestId('account-add-name'), 'p');
    await fireEvent.click(screen.getByTestId('account-add-save'));
    await waitFor(() => expect(changes).toBe(1));
  });
});
