/**
 * The trades table's order and pages: a run can hold thousands of trades, so they are sorted by
 * the column the trader clicked (ties keep the run's order) and shown a page at a time.
 */
import type { Trade } from '../../bindings/Trade';

export type TradeColumn =
  | 'entry_time'
  | 'exit_time'
  | 'side'
  | 'entry_price'
  | 'exit_price'
  | 'quantity'
  | 'pnl'
  | 'return_pct'
  | 'duration'
  | 'exit_reason';

export interface TradeSort {
  column: TradeColumn;
  descending: boolean;
}

/** The run's own order: by entry, oldest first. */
export const RUN_ORDER: TradeSort = { column: 'entry_time', descending: false };

export const TRADES_PAGE = 25;

/** A trade with its place in the run (1-based), which the table shows as `#`. */
export interface NumberedTrade {
  n: number;
  trade: Trade;
}

function key(trade: Trade, column: TradeColumn): number | string {
  return column === 'duration' ? trade.exit_time - trade.entry_time : trade[column];
}

/** `trades` numbered in run order, then sorted by `sort` (stable). */
export function sortTrades(trades: readonly Trade[], sort: TradeSort): NumberedTrade[] {
  const numbered = trades.map((trade, i) => ({ n: i + 1, trade }));
  const sign = sort.descending ? -1 : 1;
  return numbered.sort((a, b) => {
    const x = key(a.trade, sort.column);
    const y = key(b.trade, sort.column);
    const order = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
    return order === 0 ? a.n - b.n : sign * order;
  });
}

/** Clicking a column: sort by it (numbers biggest first), or flip it if it is the sort already. */
export function nextSort(current: TradeSort, column: TradeColumn): TradeSort {
  if (current.column === column) return { column, descending: !current.descending };
  const textual = column === 'side' || column === 'exit_reason' || column === 'entry_time' || column === 'exit_time';
  return { column, descending: !textual };
}

export interface TradePage {
  rows: NumberedTrade[];
  /** 0-based, clamped into range. */
  page: number;
  pages: number;
  /** 1-based positions of the first and last row shown (0 and 0 when there are none). */
  first: number;
  last: number;
}

/** Page `page` (clamped) of `rows`, `size` to a page. */
export function pageOf(rows: readonly NumberedTrade[], page: number, size = TRADES_PAGE): TradePage {
  const pages = Math.max(1, Math.ceil(rows.length / size));
  const at = Math.min(Math.max(0, Math.floor(page)), pages - 1);
  const slice = rows.slice(at * size, at * size + size);
  return { rows: slice, page: at, pages, first: slice.length === 0 ? 0 : at * size + 1, last: at * size + slice.length };
}

/** A quantity to 8 significant digits, grouped, without trailing zeros: `104,020.37`, `0.5`. */
export function quantityText(quantity: number): string {
  return Number(quantity.toPrecision(8)).toLocaleString('en-US', { maximumFractionDigits: 8 });
}
