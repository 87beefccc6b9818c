import type { ApiError } from '../bindings/ApiError';
import type { CronPreview } from '../bindings/CronPreview';
import * as api from './api';
import { toApiError } from './errors';
import type { LoadState } from './loadable.svelte';

/** Typing pauses this long before the expression is previewed. */
export const PREVIEW_DEBOUNCE_MS = 250;
/** Fires listed under the expression. */
export const PREVIEW_COUNT = 10;

/**
 * The live preview under the cron input: the expression in words and its next fires, asked for
 * once typing pauses. Answers for an expression or zone that changed meanwhile are dropped.
 */
export class CronPreviewer {
  state = $state<LoadState>('idle');
  preview = $state.raw<CronPreview | null>(null);
  error = $state<ApiError | null>(null);

  #timer: ReturnType<typeof setTimeout> | undefined;
  #generation = 0;
  #last = '';

  constructor(private readonly delayMs: number = PREVIEW_DEBOUNCE_MS, private readonly count: number = PREVIEW_COUNT) {}

  /** Previews `expr` in `zone` after the debounce; a blank expression clears the preview. */
  request(expr: string, zone: string): void {
    const key = JSON.stringify([expr.trim(), zone.trim()]);
    if (key === this.#last && this.state !== 'idle') return;
    this.#last = key;
    clearTimeout(this.#timer);
    this.#generation++;
    if (expr.trim() === '') {
      this.clear();
      return;
    }
    this.state = 'loading';
    this.#timer = setTimeout(() => void this.#fetch(expr.trim(), zone.trim()), this.delayMs);
  }

  /** Forgets the preview (and any request waiting). */
  clear(): void {
    clearTimeout(this.#timer);
    this.#generation++;
    this.#last = '';
    this.state = 'idle';
    this.preview = null;
    this.error = null;
  }

  async #fetch(expr: string, zone: string): Promise<void> {
    const generation = this.#generation;
    try {
      const preview = await api.cronPreview(expr, zone, this.count);
      if (generation !== this.#generation) return;
      this.preview = preview;
      this.error = null;
      this.state = 'ready';
    } catch (err) {
      if (generation !== this.#generation) return;
      this.preview = null;
      this.error = toApiError(err);
      this.state = 'error';
    }
  }
}
