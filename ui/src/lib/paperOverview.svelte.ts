/**
 * One paper account's overview on the Orders screen: loaded when the account is chosen and
 * refreshed behind the screen when an `orders_changed` event touches that account.
 */
import type { Account } from '../bindings/Account';
import type { OrderRecord } from '../bindings/OrderRecord';
import type { PaperOverview } from '../bindings/PaperOverview';
import * as api from './api';
import { Loadable } from './loadable.svelte';

export class PaperAccountView {
  account = $state.raw<Account | null>(null);
  overview = $state.raw<Loadable<PaperOverview> | null>(null);

  /** Shows `account`'s overview (none for a Binance account). */
  show(account: Account | null): Promise<void> {
    this.account = account;
    if (account === null || account.venue !== 'paper') {
      this.overview = null;
      return Promise.resolve();
    }
    const name = account.name;
    const overview = new Loadable<PaperOverview>(() => api.paperOverview(name));
    this.overview = overview;
    return overview.load();
  }

  /** An `orders_changed` event: refresh when one of the rows is this account's. */
  changed(rows: readonly OrderRecord[]): Promise<void> {
    const account = this.account;
    if (this.overview === null || account === null || !rows.some((r) => r.account_id === account.id)) return Promise.resolve();
    return this.overview.refresh();
  }
}
