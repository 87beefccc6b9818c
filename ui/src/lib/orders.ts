/**
 * How orders read on screen, shared by the order form, the journal and the paper overview:
 * which statuses are final, average fill price and fees, order kinds and report summaries.
 */
import type { ApiError } from '../bindings/ApiError';
import type { Fill } from '../bindings/Fill';
import type { MarketOutage } from '../bindings/MarketOutage';
import type { OrderInput } from '../bindings/OrderInput';
import type { OrderKind } from '../bindings/OrderKind';
import type { OrderRecord } from '../bindings/OrderRecord';
import type { OrderReport } from '../bindings/OrderReport';
import type { OrderStatus } from '../bindings/OrderStatus';
import type { PaperMarket } from '../bindings/PaperMarket';
import type { PaperMode } from '../bindings/PaperMode';
import { decimalSum, weightedAverage } from './decimal';
import { formatWithZone, formatWithZoneName } from './time';

export type OrderType = OrderKind['type'];

/** The order types the form offers, in its order. */
export const ORDER_TYPES: readonly { value: OrderType; label: string }[] = [
  { value: 'market', label: 'Market' },
  { value: 'limit', label: 'Limit' },
  { value: 'stop_market', label: 'Stop-market' },
];

/** Every status, in the order the journal's filter lists them. */
export const ORDER_STATUSES: readonly OrderStatus[] = [
  'new',
  'sent',
  'acknowledged',
  'partially_filled',
  'filled',
  'cancelled',
  'rejected',
  'unknown',
];

const FINAL: ReadonlySet<OrderStatus> = new Set<OrderStatus>(['filled', 'cancelled', 'rejected']);

/** Whether nothing more can happen to an order. Every other status can still be cancelled. */
export function isFinal(status: OrderStatus): boolean {
  return FINAL.has(status);
}

const STATUS_LABELS: Record<OrderStatus, string> = {
  new: 'New',
  sent: 'Sent',
  acknowledged: 'Open',
  partially_filled: 'Partly filled',
  filled: 'Filled',
  cancelled: 'Cancelled',
  rejected: 'Rejected',
  unknown: 'Unknown',
};

export function statusLabel(status: OrderStatus): string {
  return STATUS_LABELS[status];
}

/** What the badge's tooltip says about `unknown`, the one status the trader must not guess at. */
export const UNKNOWN_HINT =
  'The venue may or may not have this order. Pilothouse looks it up by its client order id and never sends it again.';

export function typeLabel(type: OrderType): string {
  return ORDER_TYPES.find((t) => t.value === type)?.label ?? type;
}

/** `Market`, `Limit 0.0905`, `Stop-market 0.08`. */
export function kindText(kind: OrderKind): string {
  switch (kind.type) {
    case 'market':
      return 'Market';
    case 'limit':
      return `Limit ${kind.price}`;
    case 'stop_market':
      return `Stop-market ${kind.stop}`;
  }
}

/** The volume-weighted average price of the fills; `null` before the first fill. */
export function averageFillPrice(fills: readonly Fill[]): string | null {
  return weightedAverage(fills.map((f) => ({ value: f.price, weight: f.quantity })));
}

/** Fees per asset, `0.0001 BNB + 0.5 USDT`; `null` when nothing was charged. */
export function totalFee(fills: readonly Fill[]): string | null {
  const byAsset = new Map<string, string[]>();
  for (const f of fills) byAsset.set(f.fee_asset, [...(byAsset.get(f.fee_asset) ?? []), f.fee]);
  const parts = [...byAsset].map(([asset, fees]) => `${decimalSum(fees) ?? fees.join('+')} ${asset}`);
  return parts.length === 0 ? null : parts.join(' + ');
}

function restingText(input: OrderInput): string {
  const { kind } = input;
  const what = `${input.side} ${input.quantity} ${input.symbol}`;
  if (kind.type === 'limit') return `limit ${what} at ${kind.price}`;
  if (kind.type === 'stop_market') return `stop-market ${what}, triggers at ${kind.stop}`;
  return `market ${what}`;
}

/** What happened to an order just placed, in one line: `Filled 0.5 ETHBTC at 0.0905`. */
export function reportSummary(report: OrderReport, input: OrderInput): string {
  const avg = averageFillPrice(report.fills);
  const at = avg === null ? '' : ` at ${avg}`;
  let text: string;
  switch (report.status) {
    case 'filled':
      text = `Filled ${report.executed_quantity} ${report.symbol}${at}`;
      break;
    case 'partially_filled':
      text = `Partly filled ${report.executed_quantity} of ${input.quantity} ${report.symbol}${at}; the rest is resting`;
      break;
    case 'new':
    case 'sent':
    case 'acknowledged':
      text = `Resting: ${restingText(input)}`;
      break;
    case 'cancelled':
      text = `Cancelled: ${restingText(input)}`;
      break;
    case 'rejected':
      text = `Rejected by the venue: ${restingText(input)}`;
      break;
    case 'unknown':
      text = `Outcome unknown: ${UNKNOWN_HINT} (client order id ${report.client_order_id})`;
      break;
  }
  return report.note === null ? text : `${text}. ${report.note}`;
}

/**
 * Live rows merged into a newest-first list: known ids are replaced where they stand, new rows
 * that `accept` go on top (newest first).
 */
export function mergeOrders(rows: readonly OrderRecord[], incoming: readonly OrderRecord[], accept: (row: OrderRecord) => boolean): OrderRecord[] {
  const byId = new Map(incoming.map((r) => [r.id, r]));
  const merged = rows.map((r) => byId.get(r.id) ?? r);
  const known = new Set(rows.map((r) => r.id));
  const fresh = [...byId.values()].filter((r) => !known.has(r.id) && accept(r)).sort((a, b) => b.id - a.id);
  return [...fresh, ...merged];
}

/** Whether the refusal is the emergency pause (shown prominently, not beside a field). */
export function isPauseError(error: ApiError | null): boolean {
  return error !== null && error.code === 'paused';
}

export function paperModeLabel(mode: PaperMode): string {
  return mode === 'spot' ? 'Spot' : 'USD-M futures';
}

/** Where a paper account's prices come from, in words. */
export function priceSourceText(market: PaperMarket, since: string): string {
  if (market.source === 'binance') return 'Binance public market data';
  return `Replay of ${market.dataset} at ${market.speed}× since ${formatWithZoneName(since)}`;
}

/** The outage banner's sentence. */
export function outageText(outage: MarketOutage): string {
  return (
    `Binance's market data at ${outage.base_url} has not answered since ${formatWithZoneName(outage.since)} (${outage.reason}). ` +
    `Paper accounts trade the built-in replay of ${outage.stand_in} until it does — next attempt ${formatWithZone(outage.next_attempt)}.`
  );
}
