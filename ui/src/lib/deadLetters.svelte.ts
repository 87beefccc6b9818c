import { SvelteMap } from 'svelte/reactivity';
import type { DeadLetterAction } from '../bindings/DeadLetterAction';
import type { ScheduleRun } from '../bindings/ScheduleRun';
import * as api from './api';
import { toApiError } from './errors';
import { Debounced, Loadable } from './loadable.svelte';
import { REFRESH_DEBOUNCE_MS } from './schedules.svelte';

/**
 * Runs whose last attempt failed and that wait for the trader: retry or dismiss each.
 *
 * A `run_changed` event for a dead run cannot say whether it just died or was just settled
 * (elsewhere, e.g. by the CLI): `ScheduleRun` carries no settled flag. So such an event reloads
 * the list; a run shown here that changes to any other status leaves it at once.
 */
export class DeadLettersStore {
  readonly list = new Loadable<ScheduleRun[]>(api.deadLetters);
  /** The settle request in flight per run id. */
  readonly busy = new SvelteMap<number, DeadLetterAction>();
  /** Why settling a run failed, per run id. */
  readonly rowErrors = new SvelteMap<number, string>();

  readonly #soon = new Debounced(() => void this.list.refresh(), REFRESH_DEBOUNCE_MS);

  get rows(): ScheduleRun[] {
    return this.list.value ?? [];
  }

  load(): Promise<void> {
    return this.list.load();
  }

  /** Retries (resolving to the new run) or dismisses a dead letter; `null` when it failed. */
  async settle(id: number, action: DeadLetterAction): Promise<ScheduleRun | null> {
    if (this.busy.has(id)) return null;
    this.busy.set(id, action);
    this.rowErrors.delete(id);
    try {
      const run = await api.deadLetterSettle(id, action);
      this.#drop(id);
      return run;
    } catch (err) {
      this.rowErrors.set(id, toApiError(err).message);
      return null;
    } finally {
      this.busy.delete(id);
    }
  }

  runChanged(run: ScheduleRun): void {
    if (run.status === 'dead') this.#soon.call();
    else if (this.rows.some((r) => r.id === run.id)) this.#drop(run.id);
  }

  /** Dead letters of deleted schedules went with them. */
  retainSchedules(ids: ReadonlySet<number>): void {
    const rows = this.list.value;
    if (rows !== null && rows.some((r) => !ids.has(r.schedule_id))) {
      this.list.set(rows.filter((r) => ids.has(r.schedule_id)));
    }
  }

  dispose(): void {
    this.#soon.cancel();
  }

  #drop(id: number): void {
    const rows = this.list.value;
    if (rows !== null) this.list.set(rows.filter((r) => r.id !== id));
    this.rowErrors.delete(id);
  }
}
