import { SvelteMap } from 'svelte/reactivity';
import type { AppEvent } from '../bindings/AppEvent';
import type { Schedule } from '../bindings/Schedule';
import type { ScheduleRun } from '../bindings/ScheduleRun';
import type { SchedulerStatus } from '../bindings/SchedulerStatus';
import type { ScheduleSummary } from '../bindings/ScheduleSummary';
import * as api from './api';
import { toApiError } from './errors';
import { Debounced, Loadable } from './loadable.svelte';
import { supersedes } from './runs.svelte';

/** A burst of `run_changed` events refreshes the list once, this long after the last. */
export const REFRESH_DEBOUNCE_MS = 250;

export type RowAction = 'run' | 'toggle' | 'delete';

/** A `schedule_alert` event: a schedule failed too often in a row. */
export type ScheduleAlert = Omit<Extract<AppEvent, { kind: 'schedule_alert' }>, 'kind'>;

/** Most alert banners kept on screen, newest first. */
export const MAX_ALERTS = 5;

/** `alerts` with `alert` first; an older alert for the same schedule is replaced. */
export function withAlert(alerts: readonly ScheduleAlert[], alert: ScheduleAlert): ScheduleAlert[] {
  return [alert, ...alerts.filter((a) => a.schedule_id !== alert.schedule_id)].slice(0, MAX_ALERTS);
}

/**
 * Alerts raised this session, kept by the app shell so one raised while another screen is open
 * still shows when the trader opens Schedules; gone once dismissed.
 */
export class ScheduleAlerts {
  items = $state.raw<ScheduleAlert[]>([]);

  raised(alert: ScheduleAlert): void {
    const { schedule_id, schedule_name, failures, error } = alert;
    this.items = withAlert(this.items, { schedule_id, schedule_name, failures, error });
  }

  dismiss(scheduleId: number): void {
    this.items = this.items.filter((a) => a.schedule_id !== scheduleId);
  }
}

/**
 * The schedules with their next fire and last run, plus the scheduler's status, and the row
 * actions (run now, enable/disable, delete) with their progress and errors per schedule.
 */
export class SchedulesStore {
  readonly list = new Loadable<ScheduleSummary[]>(api.schedulesList);
  readonly status = new Loadable<SchedulerStatus>(api.schedulerStatus);
  /** The action in flight per schedule id. */
  readonly busy = new SvelteMap<number, RowAction>();
  /** The last failed action per schedule id, shown in its row. */
  readonly rowErrors = new SvelteMap<number, string>();

  readonly #soon = new Debounced(() => void this.refresh(), REFRESH_DEBOUNCE_MS);

  get rows(): ScheduleSummary[] {
    return this.list.value ?? [];
  }

  /** First load (and Retry): list and status. */
  async load(): Promise<void> {
    await Promise.all([this.list.load(), this.status.load()]);
  }

  /** Reloads both behind what is on screen (`schedules_changed`, or after a command). */
  async refresh(): Promise<void> {
    await Promise.all([this.list.refresh(), this.status.refresh()]);
  }

  /**
   * A `run_changed` event: the schedule's last run is replaced at once; its failure streak and
   * next fire are the backend's to compute, so a quiet refresh follows the burst.
   */
  runChanged(run: ScheduleRun): void {
    const rows = this.list.value;
    if (rows !== null) {
      this.list.set(
        rows.map((s) => {
          if (s.schedule.id !== run.schedule_id) return s;
          if (s.last_run !== null && s.last_run.id > run.id) return s;
          if (s.last_run !== null && s.last_run.id === run.id && !supersedes(s.last_run, run)) return s;
          return { ...s, last_run: run, failure_streak: run.status === 'succeeded' ? 0 : s.failure_streak };
        }),
      );
    }
    this.#soon.call();
  }

  /** A command returned the schedule as stored now. */
  replaced(schedule: Schedule): void {
    const rows = this.list.value;
    if (rows !== null) {
      this.list.set(rows.map((s) => (s.schedule.id === schedule.id ? { ...s, schedule } : s)));
    }
  }

  /** Starts a run now; returns it (it goes on in the background) or `null` if refused. */
  async runNow(id: number): Promise<ScheduleRun | null> {
    const run = await this.#act(id, 'run', () => api.scheduleRunNow(id));
    if (run !== null) this.runChanged(run);
    return run;
  }

  async setEnabled(id: number, enabled: boolean): Promise<void> {
    const schedule = await this.#act(id, 'toggle', () => api.scheduleSetEnabled(id, enabled));
    if (schedule === null) return;
    this.replaced(schedule);
    // The next fire appears or disappears with the switch: the backend says which.
    void this.refresh();
  }

  /** Deletes a schedule (the trader confirmed); its runs go with it. */
  async remove(id: number): Promise<boolean> {
    const done = await this.#act(id, 'delete', async () => {
      await api.scheduleDelete(id);
      return true;
    });
    if (done === null) return false;
    const rows = this.list.value;
    if (rows !== null) this.list.set(rows.filter((s) => s.schedule.id !== id));
    this.rowErrors.delete(id);
    void this.status.refresh();
    return true;
  }

  dispose(): void {
    this.#soon.cancel();
  }

  async #act<T>(id: number, action: RowAction, command: () => Promise<T>): Promise<T | null> {
    if (this.busy.has(id)) return null;
    this.busy.set(id, action);
    this.rowErrors.delete(id);
    try {
      return await command();
    } catch (err) {
      this.rowErrors.set(id, toApiError(err).message);
      return null;
    } finally {
      this.busy.delete(id);
    }
  }
}
