import type { LogEntry } from '../bindings/LogEntry';
import type { LogFilter } from '../bindings/LogFilter';
import * as api from './api';
import { emptyFilter, matchesFilter } from './logFilter';
import { PagedView, type Page } from './paged.svelte';

/** Entries asked for per page. */
export const PAGE_SIZE = 200;
/** Most rows kept in memory; older ones stay reachable through export or narrower filters. */
export const MAX_ROWS = 5000;

/**
 * A newest-first window onto the log for one filter: first page, cursor paging to older entries,
 * and live entries from `logs_appended` events. While `holdLive` is set (the trader scrolled
 * away from the top), new entries wait in `held` instead of shifting the rows under the pointer.
 */
export class LogsView extends PagedView<LogEntry> {
  filter = $state.raw<LogFilter>(emptyFilter());
  /** Live entries waiting behind the "N new entries" pill, newest first. */
  held = $state.raw<LogEntry[]>([]);
  holdLive = false;

  #ids = new Set<number>();

  constructor(private readonly pageSize: number = PAGE_SIZE, private readonly maxRows: number = MAX_ROWS) {
    super();
  }

  /** The oldest entry is on screen. */
  get atEnd(): boolean {
    return this.state === 'ready' && this.nextBefore === null;
  }

  /** Older entries exist but the in-memory limit is reached. */
  get capped(): boolean {
    return this.nextBefore !== null && this.rows.length >= this.maxRows;
  }

  override get canLoadOlder(): boolean {
    return super.canLoadOlder && !this.capped;
  }

  /** Shows `filter` from its newest entry. */
  async setFilter(filter: LogFilter): Promise<void> {
    this.filter = filter;
    await this.reload();
  }

  override async reload(): Promise<void> {
    this.held = [];
    await super.reload();
  }

  protected async fetchPage(before: number | null): Promise<Page<LogEntry>> {
    const page = await api.logsPage(this.filter, before, this.pageSize);
    return { rows: page.entries, next_before: page.next_before };
  }

  protected applyLive(entries: LogEntry[]): void {
    this.appended(entries);
  }

  protected override showFirst(page: Page<LogEntry>): void {
    this.#ids = new Set(page.rows.map((e) => e.id));
    super.showFirst(page);
  }

  /** Keeps at most `maxRows` rows, with the cursor at the oldest one kept. */
  protected override showOlder(page: Page<LogEntry>, before: number): void {
    const room = Math.max(0, this.maxRows - this.rows.length);
    const fresh = page.rows.filter((e) => !this.#ids.has(e.id));
    const kept = fresh.slice(0, room);
    for (const e of kept) this.#ids.add(e.id);
    this.rows = [...this.rows, ...kept];
    // Past the in-memory limit the cursor stays at the oldest row kept, so nothing is skipped.
    this.nextBefore = kept.length < fresh.length ? (kept[kept.length - 1]?.id ?? before) : page.next_before;
  }

  /** Entries from a `logs_appended` event (oldest first). Keeps the ones this filter shows. */
  appended(entries: readonly LogEntry[]): void {
    if (!this.takesLive(entries)) return;
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
