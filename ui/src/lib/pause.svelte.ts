import type { ApiError } from '../bindings/ApiError';
import type { PauseState } from '../bindings/PauseState';
import * as api from './api';
import { toApiError } from './errors';

/**
 * The global pause switch as this window knows it: seeded from `status()` at start, then kept
 * current by `pause_changed` events (from this app, the tray or the CLI) and command results.
 */
export class PauseStore {
  /** `null` until the backend has told us. */
  state = $state<PauseState | null>(null);
  /** A pause or resume request is in flight. */
  busy = $state(false);
  /** The last pause/resume failure, shown until the next attempt. */
  error = $state<ApiError | null>(null);
  /** Which request `error` belongs to. */
  failed = $state<'pause' | 'resume' | null>(null);

  /** Whether trading is known to be paused. */
  get paused(): boolean {
    return this.state?.paused === true;
  }

  /**
   * The state from the start-up `status()` call. Ignored if an event or command already told us
   * something newer while that call was in flight.
   */
  seed(state: PauseState): void {
    if (this.state === null) this.state = state;
  }

  /** A `pause_changed` event: the backend's word is final. */
  changed(state: PauseState): void {
    this.state = state;
  }

  /** Emergency pause. Never asks; idempotent on the backend. */
  async pause(reason: string = api.DESKTOP_PAUSE_REASON): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    this.error = null;
    this.failed = null;
    try {
      this.state = await api.pauseAll(reason);
    } catch (err) {
      this.error = toApiError(err);
      this.failed = 'pause';
    } finally {
      this.busy = false;
    }
  }

  /** Hides the last error (the trader dismissed it). */
  dismissError(): void {
    this.error = null;
    this.failed = null;
  }

  /** Resumes all trading. Callers must have had the trader confirm first. */
  async resume(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    this.error = null;
    this.failed = null;
    try {
      this.state = await api.resumeAll();
    } catch (err) {
      this.error = toApiError(err);
      this.failed = 'resume';
    } finally {
      this.busy = false;
    }
  }
}
