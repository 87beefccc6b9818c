/**
 * The one backtest job the screen runs at a time (a run or a sweep): its id, made before the
 * request goes out so `backtest_progress` events can be matched and Cancel works at once; its
 * progress as those events tell it; and how it ended (done, failed, or cancelled by the trader).
 */
import type { ApiError } from '../../bindings/ApiError';
import type { AppEvent } from '../../bindings/AppEvent';
import type { BacktestPhase } from '../../bindings/BacktestPhase';
import { toApiError } from '../../lib/errors';
import * as api from './api';

export type JobKind = 'run' | 'sweep';

export interface Progress {
  phase: BacktestPhase;
  done: number;
  total: number;
}

type ProgressEvent = Extract<AppEvent, { kind: 'backtest_progress' }>;

/** How far along, 0–100 (nothing to do counts as done). */
export function progressPercent(p: Progress): number {
  if (p.total <= 0) return 100;
  return Math.min(100, Math.max(0, (p.done / p.total) * 100));
}

/** The progress in words: `Fetching candles: 300 of 1,200`, `Sweeping: 12 of 40 combinations`. */
export function progressText(p: Progress | null, kind: JobKind): string {
  if (p === null) return kind === 'sweep' ? 'Starting the sweep…' : 'Starting the backtest…';
  const n = (v: number): string => v.toLocaleString('en-US');
  switch (p.phase) {
    case 'fetching':
      return `Fetching candles from the venue: ${n(p.done)} of ${n(p.total)}`;
    case 'running':
      return `Running over the candles: ${Math.floor(progressPercent(p))} %`;
    case 'sweeping':
      return `Sweeping: ${n(p.done)} of ${n(p.total)} combinations`;
  }
}

let made = 0;

/** A job id unique to this window. */
export function newJobId(kind: JobKind): string {
  made += 1;
  return `ui-${kind}-${Date.now().toString(36)}-${made}`;
}

export type JobOutcome<T> = { ok: true; value: T } | { ok: false; cancelled: boolean; error: ApiError };

export class BacktestJob {
  /** The running job's id; `null` when none runs. */
  id = $state<string | null>(null);
  kind = $state<JobKind>('run');
  progress = $state.raw<Progress | null>(null);
  cancelling = $state(false);
  /** Why Cancel did not work (the request failed); the job goes on. */
  cancelError = $state<ApiError | null>(null);

  get running(): boolean {
    return this.id !== null;
  }

  /** Follows a progress event when it is this job's. */
  progressed(event: ProgressEvent): void {
    if (event.job !== this.id) return;
    this.progress = { phase: event.phase, done: event.done, total: event.total };
  }

  /**
   * Sends `send` as job `id` (made with `newJobId`, and named in the request it sends); refuses
   * to start while another job runs.
   */
  async start<T>(kind: JobKind, id: string, send: () => Promise<T>): Promise<JobOutcome<T> | null> {
    if (this.id !== null) return null;
    this.id = id;
    this.kind = kind;
    this.progress = null;
    this.cancelling = false;
    this.cancelError = null;
    try {
      return { ok: true, value: await send() };
    } catch (err) {
      const error = toApiError(err);
      return { ok: false, cancelled: error.code === 'cancelled', error };
    } finally {
      this.id = null;
      this.cancelling = false;
    }
  }

  /** Asks the backend to stop the running job; its request then fails as `cancelled`. */
  async cancel(): Promise<void> {
    const id = this.id;
    if (id === null || this.cancelling) return;
    this.cancelling = true;
    this.cancelError = null;
    try {
      await api.backtestCancel(id);
    } catch (err) {
      if (this.id === id) {
        this.cancelError = toApiError(err);
        this.cancelling = false;
      }
    }
  }
}
