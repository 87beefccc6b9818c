import type { ApiError } from '../bindings/ApiError';
import type { RunStatus } from '../bindings/RunStatus';
import type { ScheduleRun } from '../bindings/ScheduleRun';
import * as api from './api';
import { toApiError } from './errors';
import type { LoadState } from './loadable.svelte';

/** Runs asked for per history page. */
export const RUN_PAGE_SIZE = 100;

/** Which runs the history shows; the page cursor and size are the view's. */
export interface RunQuery {
  schedule_id: number | null;
  statuses: RunStatus[];
}

export function allRuns(): RunQuery {
  return { schedule_id: null, statuses: [] };
}

/** Whether `run` belongs in a history filtered by `query`, by the backend's rules. */
export function matchesRunQuery(query: RunQuery, run: ScheduleRun): boolean {
  if (query.schedule_id !== null && query.schedule_id !== run.schedule_id) return false;
  return query.statuses.length === 0 || query.statuses.includes(run.status);
}

/** Newest first by id, without duplicates. */
function insertRun(rows: readonly ScheduleRun[], run: ScheduleRun): ScheduleRun[] {
  const at = rows.findIndex((r) => r.id < run.id);
  return at === -1 ? [...rows, run] : [...rows.slice(0, at), run, ...rows.slice(at)];
}

/**
 * The run history for one query, newest first, paged with `next_before`, and kept current by
 * `run_changed` events: a run already shown is updated in place (or leaves the list when it no
 * longer matches), a new one is put where its id belongs.
 */
export class RunsView {
  query = $state.raw<RunQuery>(allRuns());
  rows = $state.raw<ScheduleRun[]>([]);
  /** Cursor for the next older page; `null` once the oldest run is on screen. */
  nextBefore = $state<number | null>(null);
  state = $state<LoadState>('idle');
  error = $state<ApiError | null>(null);
  loadingOlder = $state(false);
  olderError = $state<ApiError | null>(null);

  #generation = 0;
  /** Runs that changed while the first page was loading. */
  #early: ScheduleRun[] = [];

  constructor(private readonly pageSize: number = RUN_PAGE_SIZE) {}

  get canLoadOlder(): boolean {
    return this.state === 'ready' && this.nextBefore !== null && !this.loadingOlder;
  }

  async setQuery(query: RunQuery): Promise<void> {
    this.query = query;
    await this.reload();
  }

  /** Loads the newest page again (also the Retry action). */
  async reload(): Promise<void> {
    const generation = ++this.#generation;
    this.state = 'loading';
    this.error = null;
    this.olderError = null;
    this.loadingOlder = false;
    this.#early = [];
    try {
      const page = await api.scheduleRuns({ ...this.query, before: null, limit: this.pageSize });
      if (generation !== this.#generation) return;
      this.rows = page.runs;
      this.nextBefore = page.next_before;
      this.state = 'ready';
      const early = this.#early;
      this.#early = [];
      for (const run of early) this.upsert(run);
    } catch (err) {
      if (generation !== this.#generation) return;
      this.rows = [];
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
      const page = await api.scheduleRuns({ ...this.query, before, limit: this.pageSize });
      if (generation !== this.#generation) return;
      const known = new Set(this.rows.map((r) => r.id));
      this.rows = [...this.rows, ...page.runs.filter((r) => !known.has(r.id))];
      this.nextBefore = page.next_before;
    } catch (err) {
      if (generation !== this.#generation) return;
      this.olderError = toApiError(err);
    } finally {
      if (generation === this.#generation) this.loadingOlder = false;
    }
  }

  /** A run as it stands now (`run_changed`, or the answer to a command). */
  upsert(run: ScheduleRun): void {
    if (this.state === 'loading') {
      this.#early.push(run);
      return;
    }
    if (this.state !== 'ready') return;
    const matches = matchesRunQuery(this.query, run);
    const index = this.rows.findIndex((r) => r.id === run.id);
    if (index !== -1) {
      this.rows = matches ? this.rows.map((r) => (r.id === run.id ? run : r)) : this.rows.filter((r) => r.id !== run.id);
      return;
    }
    if (!matches) return;
    // Older than the last row while older pages remain: it arrives with its page.
    const oldest = this.rows[this.rows.length - 1];
    if (this.nextBefore !== null && oldest !== undefined && run.id < oldest.id) return;
    this.rows = insertRun(this.rows, run);
  }

  /** Drops runs of schedules that no longer exist (their runs were deleted with them). */
  retainSchedules(ids: ReadonlySet<number>): void {
    if (this.rows.some((r) => !ids.has(r.schedule_id))) {
      this.rows = this.rows.filter((r) => ids.has(r.schedule_id));
    }
  }
}
