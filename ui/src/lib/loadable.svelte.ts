import type { ApiError } from '../bindings/ApiError';
import { toApiError } from './errors';

export type LoadState = 'idle' | 'loading' | 'ready' | 'error';

/**
 * One value fetched from the backend, with the states every list on screen shows: loading,
 * error (with retry) and ready. A quiet refresh keeps the value on screen while it reloads and,
 * if it fails, keeps the old value and reports the failure in `refreshError`.
 */
export class Loadable<T> {
  value = $state.raw<T | null>(null);
  state = $state<LoadState>('idle');
  error = $state<ApiError | null>(null);
  refreshError = $state<ApiError | null>(null);

  /** Bumped on every load so an older, slower answer never overwrites a newer one. */
  #generation = 0;

  constructor(private readonly fetch: () => Promise<T>) {}

  /** Loads from scratch, showing the loading state (also the Retry action). */
  load(): Promise<void> {
    return this.#run(false);
  }

  /** Reloads behind the value on screen; a first load when there is none yet. */
  refresh(): Promise<void> {
    return this.#run(this.state === 'ready');
  }

  /** Replaces the value locally (after a command returned the new state). */
  set(value: T): void {
    this.value = value;
  }

  /** Shows `value` as loaded (another command answered it), dropping any load in flight. */
  show(value: T): void {
    ++this.#generation;
    this.value = value;
    this.state = 'ready';
    this.error = null;
    this.refreshError = null;
  }

  async #run(quiet: boolean): Promise<void> {
    const generation = ++this.#generation;
    if (!quiet) {
      this.state = 'loading';
      this.error = null;
    }
    try {
      const value = await this.fetch();
      if (generation !== this.#generation) return;
      this.value = value;
      this.state = 'ready';
      this.error = null;
      this.refreshError = null;
    } catch (err) {
      if (generation !== this.#generation) return;
      if (quiet) {
        this.refreshError = toApiError(err);
      } else {
        this.value = null;
        this.error = toApiError(err);
        this.state = 'error';
      }
    }
  }
}

/** Calls `fn` once, `ms` after the last of a burst of calls. */
export class Debounced {
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly fn: () => void, private readonly ms: number) {}

  call(): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.fn();
    }, this.ms);
  }

  cancel(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
