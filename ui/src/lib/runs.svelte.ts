import type { RunStatus } from '../bindings/RunStatus';
import type { ScheduleRun } from '../bindings/ScheduleRun';
import * as api from './api';
import { PagedView, type Page } from './paged.svelte';

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

/** Whether a run may still change: queued or running. A run never goes back to these. */
export function isActiveRun(status: RunStatus): boolean {
  return status === 'queued' || status === 'running';
}

/**
 * Whether `incoming` is not older than `shown` (the same run): a command's answer can arrive
 * after the event that already said how the run ended, and must not bring it back to life.
 */
export function supersedes(shown: ScheduleRun, incoming: ScheduleRun): boolean {
  return !(isActiveRun(incoming.status) && !isActiveRun(shown.status));
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
export class RunsView extends PagedView<ScheduleRun> {
  query = $state.raw<RunQuery>(allRuns());

  constructor(private readonly pageSize: number = RUN_PAGE_SIZE) {
    super();
  }

  async setQuery(query: RunQuery): Promise<void> {
    this.query = query;
    await this.reload();
  }

  protected async fetchPage(before: number | null): Promise<Page<ScheduleRun>> {
    const page = await api.scheduleRuns({ ...this.query, before, limit: this.pageSize });
    return { rows: page.runs, next_before: page.next_before };
  }

  protected applyLive(runs: ScheduleRun[]): void {
    for (const run of runs) this.upsert(run);
  }

  /** A run as it stands now (`run_changed`, or the answer to a command). */
  upsert(run: ScheduleRun): void {
    if (!this.takesLive([run])) return;
    const matches = matchesRunQuery(this.query, run);
    const index = this.rows.findIndex((r) => r.id === run.id);
    const shown = this.rows[index];
    if (shown !== undefined && !supersedes(shown, run)) return;
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
