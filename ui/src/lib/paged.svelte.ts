import type { ApiError } from '../bindings/ApiError';
import { toApiError } from './errors';
import type { LoadState } from './loadable.svelte';

/** One page of a newest-first list and the cursor for the next older page (`null`: there is none). */
export interface Page<T> {
  rows: T[];
  next_before: number | null;
}

/**
 * A newest-first list read a page at a time with a `before` cursor: the first page (also the
 * Retry action), older pages on demand, and live rows that arrive while the first page loads,
 * applied once it is on screen. Every reload bumps a generation, so answers for an older query
 * are dropped. Subclasses fetch pages and apply live rows; they may change how a page joins.
 */
export abstract class PagedView<T extends { id: number }> {
  rows = $state.raw<T[]>([]);
  /** Cursor for the next older page; `null` once the oldest row is on screen. */
  nextBefore = $state<number | null>(null);
  state = $state<LoadState>('idle');
  error = $state<ApiError | null>(null);
  loadingOlder = $state(false);
  olderError = $state<ApiError | null>(null);

  #generation = 0;
  /** Live rows that arrived while the first page was loading. */
  #early: T[] = [];

  /** The page of rows older than `before`; the newest page when `before` is `null`. */
  protected abstract fetchPage(before: number | null): Promise<Page<T>>;

  /** Applies live rows, including those held back while the first page loaded. */
  protected abstract applyLive(rows: T[]): void;

  get canLoadOlder(): boolean {
    return this.state === 'ready' && this.nextBefore !== null && !this.loadingOlder;
  }

  /** Loads the first page again (also the Retry action). */
  async reload(): Promise<void> {
    const generation = ++this.#generation;
    this.state = 'loading';
    this.error = null;
    this.olderError = null;
    this.loadingOlder = false;
    this.#early = [];
    try {
      const page = await this.fetchPage(null);
      if (generation !== this.#generation) return;
      this.showFirst(page);
      this.state = 'ready';
      const early = this.#early;
      this.#early = [];
      if (early.length > 0) this.applyLive(early);
    } catch (err) {
      if (generation !== this.#generation) return;
      this.showFirst({ rows: [], next_before: null });
      this.error = toApiError(err);
      this.state = 'error';
    }
  }

  /** Appends the next older page. */
  async loadOlder(): Promise<void> {
    const before = this.nextBefore;
    if (!this.canLoadOlder || before === null) return;
    const generation = this.#generation;
    this.loadingOlder = true;
    this.olderError = null;
    try {
      const page = await this.fetchPage(before);
      if (generation !== this.#generation) return;
      this.showOlder(page, before);
    } catch (err) {
      if (generation !== this.#generation) return;
      this.olderError = toApiError(err);
    } finally {
      if (generation === this.#generation) this.loadingOlder = false;
    }
  }

  /**
   * Whether live `rows` can be applied now. While the first page loads they are held back for
   * it (and applied through `applyLive` once it is shown); before the first load or after a
   * failed one they are dropped.
   */
  protected takesLive(rows: readonly T[]): boolean {
    if (this.state === 'loading') this.#early.push(...rows);
    return this.state === 'ready';
  }

  /** Shows a first page (an empty one after a failure). */
  protected showFirst(page: Page<T>): void {
    this.rows = page.rows;
    this.nextBefore = page.next_before;
  }

  /** Appends an older page (asked for with `_before`), leaving out rows already shown. */
  protected showOlder(page: Page<T>, _before: number): void {
    const known = new Set(this.rows.map((r) => r.id));
    this.rows = [...this.rows, ...page.rows.filter((r) => !known.has(r.id))];
    this.nextBefore = page.next_before;
  }
}
