import type { ApiError } from '../bindings/ApiError';
import type { AppEvent } from '../bindings/AppEvent';
import type { Venue } from '../bindings/Venue';
import type { VenueBudget } from '../bindings/VenueBudget';
import * as api from './api';
import { toApiError } from './errors';
import type { LoadState } from './loadable.svelte';

/** What a venue lets us do right now; a ban (418) outranks a pause (429). */
export type BudgetStatus =
  | { kind: 'ok' }
  | { kind: 'paused'; until: string }
  | { kind: 'banned'; until: string };

/** Longest delay `setTimeout` takes without firing at once. */
const MAX_TIMER_MS = 2_147_483_647;

function until(rfc3339: string | null, now: number): string | null {
  if (rfc3339 === null) return null;
  const at = new Date(rfc3339).getTime();
  // A time that cannot be read is shown as it came rather than dropped.
  return Number.isNaN(at) || at > now ? rfc3339 : null;
}

/** The venue's status at `now`: a pause or ban that has run out is over. */
export function budgetStatus(budget: VenueBudget, now: number = Date.now()): BudgetStatus {
  const banned = until(budget.banned_until, now);
  if (banned !== null) return { kind: 'banned', until: banned };
  const paused = until(budget.paused_until, now);
  if (paused !== null) return { kind: 'paused', until: paused };
  return { kind: 'ok' };
}

/** Share of the limit as a percentage in 0..100 (0 when there is no limit). */
export function share(weight: number, limit: number): number {
  if (limit <= 0) return 0;
  return Math.min(100, Math.max(0, (weight / limit) * 100));
}

/** One budget per venue and host (production and a testnet are budgeted apart). */
export function budgetKey(b: VenueBudget): string {
  return `${b.venue} ${b.host}`;
}

/** Binance first, paper last, as the venues are usually read. */
const DISPLAY_ORDER: readonly Venue[] = ['binance-spot', 'binance-usdm', 'paper'];

function sortRows(rows: VenueBudget[]): VenueBudget[] {
  const rank = (v: Venue): number => {
    const i = DISPLAY_ORDER.indexOf(v);
    return i === -1 ? DISPLAY_ORDER.length : i;
  };
  return [...rows].sort((a, b) => rank(a.venue) - rank(b.venue) || a.host.localeCompare(b.host));
}

/**
 * The Overview's view of the per-venue request budgets: loaded once, then kept current by
 * `budgets_changed` events. Nothing here asks the backend again; a timer only notices when a
 * pause or ban the backend reported runs out.
 */
export class BudgetsOverview {
  rows = $state.raw<VenueBudget[]>([]);
  state = $state<LoadState>('idle');
  error = $state<ApiError | null>(null);
  /** The clock the statuses are read against; moved on when a pause or ban expires. */
  now = $state(Date.now());

  #generation = 0;
  /** Budgets (by `budgetKey`) an event reported since the current load began: newer than its answer. */
  #fresh = new Set<string>();
  #timer: ReturnType<typeof setTimeout> | undefined;

  /** Loads from scratch, showing the loading state (also the Retry action). */
  async load(): Promise<void> {
    const generation = ++this.#generation;
    this.#fresh = new Set();
    this.state = 'loading';
    this.error = null;
    try {
      const budgets = await api.venueBudgets();
      if (generation !== this.#generation) return;
      const kept = this.rows.filter((r) => this.#fresh.has(budgetKey(r)));
      this.#apply([...kept, ...budgets.filter((b) => !this.#fresh.has(budgetKey(b)))]);
      this.state = 'ready';
    } catch (err) {
      if (generation !== this.#generation) return;
      this.error = toApiError(err);
      this.state = 'error';
    }
  }

  /** Takes each budget from a `budgets_changed` event; others stay as they were. */
  handle(event: AppEvent): void {
    if (event.kind !== 'budgets_changed') return;
    const changed = new Set(event.budgets.map(budgetKey));
    for (const key of changed) this.#fresh.add(key);
    this.#apply([...this.rows.filter((r) => !changed.has(budgetKey(r))), ...event.budgets]);
    if (this.state !== 'loading') {
      this.state = 'ready';
      this.error = null;
    }
  }

  dispose(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#generation++;
  }

  #apply(rows: VenueBudget[]): void {
    this.rows = sortRows(rows);
    this.#tick();
  }

  /** Moves `now` on at the next expiry still ahead, so the status changes without a reload. */
  #tick(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const now = Date.now();
    this.now = now;
    const ends = this.rows
      .flatMap((r) => [r.paused_until, r.banned_until])
      .map((t) => (t === null ? Number.NaN : new Date(t).getTime()))
      .filter((t) => !Number.isNaN(t) && t > now);
    if (ends.length === 0) return;
    const delay = Math.min(MAX_TIMER_MS, Math.min(...ends) - now + 50);
    this.#timer = setTimeout(() => this.#tick(), delay);
  }
}
