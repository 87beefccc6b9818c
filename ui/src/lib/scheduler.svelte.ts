import type { AppEvent } from '../bindings/AppEvent';
import type { MissedSummary } from '../bindings/MissedSummary';
import type { SchedulerStatus } from '../bindings/SchedulerStatus';
import * as api from './api';
import { Debounced, Loadable } from './loadable.svelte';
import { REFRESH_DEBOUNCE_MS } from './schedules.svelte';

/** The Overview's view of the scheduler: its status and what it missed while Pilothouse was away. */
export class SchedulerOverview {
  readonly status = new Loadable<SchedulerStatus>(api.schedulerStatus);
  readonly missed = new Loadable<MissedSummary[]>(api.missedRuns);

  readonly #statusSoon = new Debounced(() => void this.status.refresh(), REFRESH_DEBOUNCE_MS);
  readonly #missedSoon = new Debounced(() => void this.missed.refresh(), REFRESH_DEBOUNCE_MS);

  async load(): Promise<void> {
    await Promise.all([this.status.load(), this.missed.load()]);
  }

  /** Keeps both current from events; nothing here polls. */
  handle(event: AppEvent): void {
    if (event.kind === 'schedules_changed') {
      void this.status.refresh();
      void this.missed.refresh();
    } else if (event.kind === 'run_changed') {
      this.#statusSoon.call();
      if (event.run.status === 'missed' || event.run.trigger === 'catch_up') this.#missedSoon.call();
    }
  }

  dispose(): void {
    this.#statusSoon.cancel();
    this.#missedSoon.cancel();
  }
}
