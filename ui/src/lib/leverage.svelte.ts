/**
 * Setting a futures symbol's leverage from the Orders screen (USD-M accounts and paper futures
 * accounts). A refusal keeps what was typed and names the field; success says what is in force.
 */
import type { ApiError } from '../bindings/ApiError';
import * as api from './api';
import { toApiError } from './errors';

/** Whether `account` trades futures: a USD-M account, or a paper account in futures mode. */
export function tradesFutures(venue: string, paperMode: string | null): boolean {
  return venue === 'binance-usdm' || (venue === 'paper' && paperMode === 'futures');
}

export class LeverageForm {
  symbol = $state('');
  leverage = $state('1');
  busy = $state(false);
  error = $state<ApiError | null>(null);
  /** What the last successful change left in force, e.g. "XRPUSDT trades at 5×". */
  done = $state<string | null>(null);

  /** Sends the change for `account`; `onset` hears of success (to refresh what shows it). */
  async submit(account: string, onset: () => void = () => undefined): Promise<void> {
    if (this.busy) return;
    this.error = null;
    this.done = null;
    const leverage = Number(this.leverage.trim());
    if (!Number.isInteger(leverage) || leverage < 1 || leverage > 125) {
      this.error = { code: 'invalid_input', message: 'leverage: use a whole number from 1 to 125', field: 'leverage' };
      return;
    }
    this.busy = true;
    try {
      const symbol = this.symbol.trim().toUpperCase();
      const set = await api.leverageSet(account, symbol, leverage);
      this.done = `${symbol} trades at ${set}×`;
      onset();
    } catch (err) {
      this.error = toApiError(err);
    } finally {
      this.busy = false;
    }
  }
}
