/**
 * Binance public market data endpoints not answering, asked once and then kept current by
 * `market_outages_changed` events. The banner is a notice: if the first read fails it stays away.
 */
import type { MarketOutage } from '../bindings/MarketOutage';
import * as api from './api';
import { toApiError } from './errors';

export class MarketOutages {
  outages = $state.raw<MarketOutage[]>([]);
  /** Why the first read failed, if it did. */
  error = $state<string | null>(null);
  /** Set once an event arrived: an answer to an earlier request must not overwrite it. */
  #heard = false;

  async load(): Promise<void> {
    try {
      const outages = await api.marketOutages();
      if (!this.#heard) this.outages = outages;
    } catch (err) {
      this.error = toApiError(err).message;
    }
  }

  changed(outages: MarketOutage[]): void {
    this.#heard = true;
    this.error = null;
    this.outages = outages;
  }
}
