import type { ApiError } from '../bindings/ApiError';
import * as api from './api';
import { toApiError } from './errors';
import { Loadable } from './loadable.svelte';

/** Fewest and most days of run history the backend keeps (it checks; the input hints). */
export const MIN_RETENTION_DAYS = 1;
export const MAX_RETENTION_DAYS = 3650;

/** The field the backend names when it refuses a retention. */
export const RETENTION_FIELD = 'days';

/**
 * The days typed, as a whole number; `null` for text that is none (empty, a fraction, a sign).
 * The range is the backend's to check, so its refusal is the one the trader reads.
 */
export function parseDays(text: string): number | null {
  const trimmed = text.trim();
  return /^\d{1,9}$/.test(trimmed) ? Number(trimmed) : null;
}

/**
 * How long run history is kept: loaded from the backend, edited as text, saved. A refused save
 * keeps what the trader typed and says why, naming the field as the backend does.
 */
export class RetentionSetting {
  readonly current = new Loadable<number>(() => api.runRetentionDays());
  /** What the input shows. */
  draft = $state('');
  saving = $state(false);
  error = $state<ApiError | null>(null);
  /** The days the last save confirmed, until the draft is edited again. */
  saved = $state<number | null>(null);

  /** Whether the draft differs from the days kept now (text that is no number counts as changed). */
  get changed(): boolean {
    const kept = this.current.value;
    return kept !== null && parseDays(this.draft) !== kept;
  }

  async load(): Promise<void> {
    this.error = null;
    this.saved = null;
    await this.current.load();
    if (this.current.value !== null) this.draft = String(this.current.value);
  }

  edit(text: string): void {
    this.draft = text;
    this.error = null;
    this.saved = null;
  }

  async save(): Promise<void> {
    if (this.saving || !this.changed) return;
    const days = parseDays(this.draft);
    if (days === null) {
      const typed = this.draft.trim();
      this.error = {
        code: 'invalid_input',
        field: RETENTION_FIELD,
        message: `${typed === '' ? 'is empty' : `is ${typed}`}; enter a whole number of days from ${MIN_RETENTION_DAYS} to ${MAX_RETENTION_DAYS}`,
      };
      return;
    }
    this.saving = true;
    this.error = null;
    this.saved = null;
    try {
      const kept = await api.setRunRetentionDays(days);
      this.current.set(kept);
      this.draft = String(kept);
      this.saved = kept;
    } catch (err) {
      this.error = toApiError(err);
    } finally {
      this.saving = false;
    }
  }
}

export type RotationStep = 'idle' | 'confirming' | 'rotating';

/** Rotating the webhook signing key, behind an explicit confirmation. */
export class KeyRotation {
  step = $state<RotationStep>('idle');
  error = $state<ApiError | null>(null);
  /** When this window last rotated the key (RFC 3339). */
  rotatedAt = $state<string | null>(null);

  /** First step: ask before rotating. */
  ask(): void {
    if (this.step !== 'idle') return;
    this.step = 'confirming';
    this.error = null;
  }

  cancel(): void {
    if (this.step === 'confirming') this.step = 'idle';
  }

  /** Second step: rotates once, however often it is pressed. */
  async confirm(): Promise<void> {
    if (this.step !== 'confirming') return;
    this.step = 'rotating';
    this.error = null;
    try {
      await api.rotateWebhookSigningKey();
      this.rotatedAt = new Date().toISOString();
    } catch (err) {
      this.error = toApiError(err);
    } finally {
      this.step = 'idle';
    }
  }
}
