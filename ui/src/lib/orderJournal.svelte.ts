/**
 * The order journal as the Orders screen lists it: one account's orders (optionally one status),
 * newest first, a page at a time, kept current by `orders_changed` events; and cancelling.
 */
import { SvelteMap } from 'svelte/reactivity';
import type { ApiError } from '../bindings/ApiError';
import type { OrderRecord } from '../bindings/OrderRecord';
import type { OrderStatus } from '../bindings/OrderStatus';
import * as api from './api';
import { toApiError } from './errors';
import { mergeOrders } from './orders';
import { PagedView, type Page } from './paged.svelte';

/** Rows the journal asks for at a time. */
export const ORDER_PAGE = 50;

export interface JournalQuery {
  /** The account's id (to match live rows) and name (to ask the backend); `null`: every account. */
  account: { id: number; name: string } | null;
  status: OrderStatus | null;
}

export class OrderJournal extends PagedView<OrderRecord> {
  query = $state.raw<JournalQuery>({ account: null, status: null });

  constructor(private readonly pageSize = ORDER_PAGE) {
    super();
  }

  setQuery(query: JournalQuery): Promise<void> {
    this.query = query;
    return this.reload();
  }

  /** Whether a row belongs in this list. */
  matches(row: OrderRecord): boolean {
    const { account, status } = this.query;
    return (account === null || row.account_id === account.id) && (status === null || row.status === status);
  }

  /** An `orders_changed` event: rows as they now are. */
  changed(rows: readonly OrderRecord[]): void {
    if (this.takesLive(rows)) this.applyLive([...rows]);
  }

  protected async fetchPage(before: number | null): Promise<Page<OrderRecord>> {
    const rows = await api.ordersList({
      account: this.query.account?.name ?? null,
      status: this.query.status,
      before_id: before,
      limit: this.pageSize,
    });
    // A short page is the last one; otherwise the next page starts below the smallest id seen.
    const next = rows.length < this.pageSize ? null : Math.min(...rows.map((r) => r.id));
    return { rows, next_before: next };
  }

  protected applyLive(rows: OrderRecord[]): void {
    this.rows = mergeOrders(this.rows, rows, (r) => this.matches(r));
  }
}

/**
 * Cancels orders by client order id, one request per order at a time, remembering which are in
 * flight and why the last attempt for each failed. The result arrives as an `orders_changed` event.
 */
export class OrderCancels {
  busy = new SvelteMap<string, true>();
  errors = new SvelteMap<string, ApiError>();

  async cancel(clientOrderId: string): Promise<void> {
    if (this.busy.has(clientOrderId)) return;
    this.busy.set(clientOrderId, true);
    this.errors.delete(clientOrderId);
    try {
      await api.orderCancel(clientOrderId);
    } catch (err) {
      this.errors.set(clientOrderId, toApiError(err));
    } finally {
      this.busy.delete(clientOrderId);
    }
  }
}
