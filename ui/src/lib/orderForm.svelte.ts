/**
 * The manual order form: what the trader typed, the order it makes, the confirmation a live
 * (real money) account needs, and what the backend answered.
 */
import type { Account } from '../bindings/Account';
import type { ApiError } from '../bindings/ApiError';
import type { OrderInput } from '../bindings/OrderInput';
import type { OrderKind } from '../bindings/OrderKind';
import type { Side } from '../bindings/Side';
import * as api from './api';
import { toApiError } from './errors';
import { reportSummary, type OrderType } from './orders';

/** The fields `order_place` may name in a refusal. */
export const ORDER_FIELDS = ['account', 'symbol', 'quantity', 'price', 'order'] as const;

export interface OrderFields {
  symbol: string;
  side: Side;
  type: OrderType;
  quantity: string;
  price: string;
  stop: string;
}

/** The order the fields describe, for `account`. Values are sent as typed (trimmed); the backend checks them. */
export function buildOrderInput(account: string, fields: OrderFields): OrderInput {
  let kind: OrderKind;
  if (fields.type === 'limit') kind = { type: 'limit', price: fields.price.trim() };
  else if (fields.type === 'stop_market') kind = { type: 'stop_market', stop: fields.stop.trim() };
  else kind = { type: 'market' };
  return { account, symbol: fields.symbol.trim().toUpperCase(), side: fields.side, kind, quantity: fields.quantity.trim() };
}

export class OrderForm {
  symbol = $state('');
  side = $state<Side>('BUY');
  type = $state<OrderType>('market');
  quantity = $state('');
  price = $state('');
  stop = $state('');
  placing = $state(false);
  error = $state<ApiError | null>(null);
  /** The last placed order's outcome, in one line. */
  result = $state<string | null>(null);
  /** The order waiting for the trader to confirm it on a live account. */
  pending = $state.raw<{ account: string; input: OrderInput } | null>(null);

  get fields(): OrderFields {
    return { symbol: this.symbol, side: this.side, type: this.type, quantity: this.quantity, price: this.price, stop: this.stop };
  }

  /** Clears a stale refusal, result and confirmation once the trader edits the form. */
  edited(): void {
    this.error = null;
    this.result = null;
    this.pending = null;
  }

  /** Places the order, or for a live account first asks to confirm it. */
  async submit(account: Account): Promise<void> {
    const input = buildOrderInput(account.name, this.fields);
    this.result = null;
    this.error = null;
    if (account.live) {
      this.pending = { account: account.name, input };
      return;
    }
    await this.#place(input);
  }

  /** The trader confirmed the live order. */
  async confirm(): Promise<void> {
    const pending = this.pending;
    if (pending === null) return;
    await this.#place(pending.input);
    this.pending = null;
  }

  cancelConfirm(): void {
    this.pending = null;
  }

  async #place(input: OrderInput): Promise<void> {
    if (this.placing) return;
    this.placing = true;
    try {
      const report = await api.orderPlace(input);
      this.result = reportSummary(report, input);
    } catch (err) {
      this.error = toApiError(err);
    } finally {
      this.placing = false;
    }
  }
}
