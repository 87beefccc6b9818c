import type { ApiError } from '../bindings/ApiError';
import type { LogEntry } from '../bindings/LogEntry';
import type { LogFilter } from '../bindings/LogFilter';
import * as api from './api';
import { toApiError } from './errors';
import { emptyFilter, matchesFilter } from './logFilter';

/** Entries asked for per page. */
export const PAGE_SIZE = 200;
/** Most rows kept in memory; older ones stay reachable through export or narrower filters. */
export const MAX_ROWS = 5000;

export type LoadState = 'idle' | 'loading' | 'ready' | 'error';

/**
 * A newest-first window onto the log for one filter: first page, cursor paging to older entries,
 * and live entries from `logs_appended` events. While `holdLive` is set (the trader scrolled
 * away from the top), new entries wait in `held` instead of shifting the rows under the pointer.
 */
export class LogsView {
  filter = $state.raw<LogFilter>(emptyFilter());
  rows = $state.raw<LogEntry[]>([]);
  /** Cursor for the next older page; `null` once the oldest entry is on screen. */
  nextBefore = $state<number | null>(null);
  state = $state<LoadState>('idle');
  error = $state<ApiError | null>(null);
  loadingOlder = $state(false);
  olderError = $state<ApiError | null>(null);
  /** Live entries waiting behind the "N new entries" pill, newest first. */
  held = $state.raw<LogEntry[]>([]);
  holdLive = false;

  /** Bumped on every reload so answers for an older filter are dropped. */
  #generation = 0;
  #ids = new Set<number>();
  /** Live entries that arrived while the first page was loading. */
  #early: LogEntry[] = [];

  constructor(private readonly pageSize: number = PAGE_SIZE, private readonly maxRows: number = MAX_ROWS) {}

  /** The oldest entry is on screen. */
  get atEnd(): boolean {
    return this.state === 'ready' && this.nextBefore === null;
  }

  /** Older entries exist but the in-memory limit is reached. */
  get capped(): boolean {
    return this.nextBefore !== null && this.rows.length >= this.maxRows;
  }

  get canLoadOlder(): boolean {
    return this.state === 'ready' && this.nextBefore !== null && !this.loadingOlder && !this.capped;
  }

  /** Shows `filter` from its newest entry. */
  async setFilter(filter: LogFilter): Promise<void> {
    this.filter = filter;
    await this.reload();
  }

  /** Loads the first page again (also the Retry action). */
  async reload(): Promise<void> {
    const generation = ++this.#generation;
    const filter = this.filter;
    this.state = 'loading';
    this.error = null;
    this.olderError = null;
    this.loadingOlder = false;
    this.held = [];
    this.#early = [];
    try {
      const page = await api.logsPage(filter, null, this.pageSize);
      if (generation !== this.#generation) return;
      this.#ids = new Set(page.entries.map((e) => e.id));
      this.rows = page.entries;
      this.nextBefore = page.next_before;
      this.state = 'ready';
      const early = this.#early;
      this.#early = [];
      if (early.length > 0) this.appended(early);
    } catch (err) {
      if (generation !== this.#generation) return;
      this.rows = [];
      this.#ids = new Set();
      this.nextBefore = null;
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
      const page = await api.logsPage(this.filter, before, this.pageSize);
      if (generation !== this.#generation) return;
      const room = Math.max(0, this.maxRows - this.rows.length);
      const fresh = page.entries.filter((e) => !this.#ids.has(e.id));
      const kept = fresh.slice(0, room);
      for (const e of kept) this.#ids.add(e.id);
      this.rows = [...this.rows, ...kept];
      // Past the in-memory limit the cursor stays at the oldest row kept, so nothing is skipped.
      this.nextBefore = kept.length < fresh.length ? (kept[kept.length - 1]?.id ?? before) : page.next_before;
    } catch (err) {
      if (generation !== this.#generation) return;
      this.olderError = toApiError(err);
    } finally {
      if (generation === this.#generation) this.loadingOlder = false;
    }
  }

  /** Entries from a `logs_appended` event (oldest first). Keeps the ones this filter shows. */
  appended(entries: readonly LogEntry[]): void {
    if (this.state === 'loading') {
      this.#early.push(...entries);
      return;
    }
    if (this.state !== 'ready') return;
    const newest = Math.max(this.rows[0]?.id ?? -Infinity, this.held[0]?.id ?? -Infinity);
    const fresh: LogEntry[] = [];
    for (const e of entries) {
      if (e.id > newest && !this.#ids.has(e.id) && matchesFilter(this.filter, e)) {
        this.#ids.add(e.id);
        fresh.push(e);
      }
    }
    if (fresh.length === 0) return;
    fresh.sort((a, b) => b.id - a.id);
    if (this.holdLive) {
      this.held = [...fresh, ...this.held].slice(0, this.maxRows);
    } else {
      this.#prepend(fresh);
    }
  }

  /** Puts the held live entries on screen (the pill was clicked or the trader scrolled up). */
  releaseHeld(): void {
    if (this.held.length === 0) return;
    const held = this.held;
    this.held = [];
    this.#prepend(held);
  }

  #prepend(newestFirst: LogEntry[]): void {
    const rows = [...newestFirst, ...this.rows];
    if (rows.length > this.maxRows) {
      const kept = rows.slice(0, this.maxRows);
      for (const e of rows.slice(this.maxRows)) this.#ids.delete(e.id);
      // The dropped tail is still in the log: page to it from the oldest row we keep.
      this.nextBefore = kept[kept.length - 1]?.id ?? this.nextBefore;
      this.rows = kept;
    } else {
      this.rows = rows;
    }
  }
}
