/**
 * The stored runs, newest first, a page at a time (paged by id), kept current by
 * `backtest_runs_changed` and by the runs this window finishes; with Remove per run.
 */
import type { ApiError } from '../../bindings/ApiError';
import type { BacktestRunSummary } from '../../bindings/BacktestRunSummary';
import { toApiError } from '../../lib/errors';
import { PagedView, type Page } from '../../lib/paged.svelte';
import * as api from './api';

export const RUNS_PAGE = 50;
/** Largest page `backtest_runs` accepts. */
const MAX_RUNS_PAGE = 1000;

function page(rows: BacktestRunSummary[], limit: number): Page<BacktestRunSummary> {
  const last = rows[rows.length - 1];
  return { rows, next_before: rows.length === limit && last !== undefined ? last.id : null };
}

export class StoredRuns extends PagedView<BacktestRunSummary> {
  removing = $state<ReadonlySet<number>>(new Set());
  removeError = $state<{ id: number; error: ApiError } | null>(null);
  /** Why the last quiet refresh failed (the rows shown are from before it). */
  refreshError = $state<ApiError | null>(null);

  protected async fetchPage(before: number | null): Promise<Page<BacktestRunSummary>> {
    return page(await api.backtestRuns(before, RUNS_PAGE), RUNS_PAGE);
  }

  /** Puts runs this window just finished at the top, before the list is asked again. */
  protected applyLive(rows: BacktestRunSummary[]): void {
    const fresh = new Set(rows.map((r) => r.id));
    this.rows = [...rows, ...this.rows.filter((r) => !fresh.has(r.id))].sort((a, b) => b.id - a.id);
  }

  /** A run this window kept. */
  added(run: BacktestRunSummary): void {
    if (this.takesLive([run])) this.applyLive([run]);
  }

  /** Asks again for every row on screen (after `backtest_runs_changed`), keeping them shown meanwhile. */
  async refresh(): Promise<void> {
    if (this.state !== 'ready') {
      if (this.state !== 'loading') await this.reload();
      return;
    }
    const limit = Math.min(MAX_RUNS_PAGE, Math.max(RUNS_PAGE, this.rows.length));
    try {
      this.showFirst(page(await api.backtestRuns(null, limit), limit));
      this.refreshError = null;
    } catch (err) {
      this.refreshError = toApiError(err);
    }
  }

  async remove(id: number): Promise<boolean> {
    this.removing = new Set([...this.removing, id]);
    this.removeError = null;
    try {
      await api.backtestRemove(id);
      this.rows = this.rows.filter((r) => r.id !== id);
      return true;
    } catch (err) {
      this.removeError = { id, error: toApiError(err) };
      return false;
    } finally {
      this.removing = new Set([...this.removing].filter((r) => r !== id));
    }
  }
}
