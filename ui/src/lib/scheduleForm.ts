/**
 * The schedule editor's state and its translation to and from the backend's `ScheduleInput`.
 * Pure functions: the editor keeps exactly what the trader typed (numbers as typed, the payload
 * as text, the one-time instant as a `datetime-local` value in the trader's zone), and only
 * `formToInput` turns it into what the backend checks.
 */
import type { ApiError } from '../bindings/ApiError';
import type { JobKind } from '../bindings/JobKind';
import type { MissedPolicy } from '../bindings/MissedPolicy';
import type { OverlapPolicy } from '../bindings/OverlapPolicy';
import type { Schedule } from '../bindings/Schedule';
import type { ScheduleInput } from '../bindings/ScheduleInput';
import type { WebhookParams } from '../bindings/WebhookParams';
import { rfc3339ToWallTime, wallTimeToRfc3339 } from './time';

/** The backend's defaults for a new schedule. */
export const DEFAULTS = {
  enabled: true,
  requiresApproval: false,
  missedPolicy: 'run_once',
  catchUpGraceSecs: 3600,
  maxAttempts: 3,
  backoffBaseSecs: 60,
  timeoutSecs: 270,
  overlap: 'skip',
  alertAfterFailures: 3,
} as const;

export type TimingChoice = 'cron' | 'once';

/** What the editor holds. `null` numbers are inputs left empty. */
export interface ScheduleForm {
  name: string;
  kind: JobKind;
  url: string;
  /** JSON text; blank for no payload. */
  payload: string;
  timing: TimingChoice;
  cron: string;
  /** `datetime-local` value, read in the trader's own zone. */
  runAt: string;
  timeZone: string;
  enabled: boolean;
  requiresApproval: boolean;
  missedPolicy: MissedPolicy;
  catchUpGraceSecs: number | null;
  maxAttempts: number | null;
  backoffBaseSecs: number | null;
  timeoutSecs: number | null;
  overlap: OverlapPolicy;
  alertAfterFailures: number | null;
}

/** Fields whose inputs sit in the editor's collapsed "Advanced" section. */
export const ADVANCED_FIELDS: readonly string[] = [
  'missed_policy',
  'catch_up_grace_secs',
  'overlap',
  'timeout_secs',
  'max_attempts',
  'backoff_base_secs',
  'alert_after_failures',
  'requires_approval',
  'enabled',
];

/** A blank form: every setting at its default, times read in `timeZone`. */
export function newForm(timeZone: string, kind: JobKind = 'webhook'): ScheduleForm {
  return {
    name: '',
    kind,
    url: '',
    payload: '',
    timing: 'cron',
    cron: '',
    runAt: '',
    timeZone,
    enabled: DEFAULTS.enabled,
    requiresApproval: DEFAULTS.requiresApproval,
    missedPolicy: DEFAULTS.missedPolicy,
    catchUpGraceSecs: DEFAULTS.catchUpGraceSecs,
    maxAttempts: DEFAULTS.maxAttempts,
    backoffBaseSecs: DEFAULTS.backoffBaseSecs,
    timeoutSecs: DEFAULTS.timeoutSecs,
    overlap: DEFAULTS.overlap,
    alertAfterFailures: DEFAULTS.alertAfterFailures,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A webhook's parameters if `params` has their shape. */
export function webhookParamsOf(params: unknown): WebhookParams | null {
  if (!isRecord(params) || typeof params['url'] !== 'string') return null;
  return { url: params['url'], payload: params['payload'] ?? null };
}

/** The form that edits `schedule`; a one-time instant is shown in `userZone`. */
export function formFromSchedule(schedule: Schedule, userZone: string): ScheduleForm {
  const webhook = schedule.kind === 'webhook' ? webhookParamsOf(schedule.params) : null;
  const payload = webhook?.payload;
  return {
    name: schedule.name,
    kind: schedule.kind,
    url: webhook?.url ?? '',
    payload: payload === null || payload === undefined ? '' : JSON.stringify(payload, null, 2),
    timing: schedule.timing.type,
    cron: schedule.timing.type === 'cron' ? schedule.timing.expr : '',
    runAt: schedule.timing.type === 'once' ? rfc3339ToWallTime(schedule.timing.at, userZone) : '',
    timeZone: schedule.time_zone,
    enabled: schedule.enabled,
    requiresApproval: schedule.requires_approval,
    missedPolicy: schedule.missed_policy,
    catchUpGraceSecs: schedule.catch_up_grace_secs,
    maxAttempts: schedule.max_attempts,
    backoffBaseSecs: schedule.backoff_base_secs,
    timeoutSecs: schedule.timeout_secs,
    overlap: schedule.overlap,
    alertAfterFailures: schedule.alert_after_failures,
  };
}

export type FormResult = { ok: true; input: ScheduleInput } | { ok: false; error: ApiError };

const U32_MAX = 4_294_967_295;

class FormProblem extends Error {
  constructor(readonly field: string, message: string) {
    super(message);
  }
}

function whole(value: number | null, field: string): number {
  if (value === null || !Number.isFinite(value)) throw new FormProblem(field, 'is empty; enter a whole number');
  if (!Number.isInteger(value) || value < 0 || value > U32_MAX) {
    throw new FormProblem(field, `is ${value}; enter a whole number, 0 or more`);
  }
  return value;
}

function payloadOf(text: string): unknown {
  if (text.trim() === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new FormProblem('params.payload', `is not valid JSON: ${why}`);
  }
}

function paramsOf(form: ScheduleForm): unknown {
  if (form.kind !== 'webhook') return {};
  const params: WebhookParams = { url: form.url.trim(), payload: payloadOf(form.payload) };
  return params;
}

function runAtOf(form: ScheduleForm, userZone: string): string {
  if (form.runAt.trim() === '') throw new FormProblem('run_at', 'is empty; pick the date and time to run at');
  const at = wallTimeToRfc3339(form.runAt, userZone);
  if (at === null) throw new FormProblem('run_at', `\`${form.runAt}\` is not a date and time`);
  return at;
}

/**
 * The input to send for `form`, or the first thing the backend could not even be asked about
 * (a payload that is no JSON, an empty number, a missing one-time instant) as an `invalid_input`
 * error naming its field, just as the backend names its own. Everything else the backend checks.
 */
export function formToInput(form: ScheduleForm, userZone: string): FormResult {
  try {
    const once = form.timing === 'once';
    const input: ScheduleInput = {
      name: form.name,
      kind: form.kind,
      params: paramsOf(form),
      cron: once ? null : form.cron.trim(),
      run_at: once ? runAtOf(form, userZone) : null,
      time_zone: form.timeZone.trim(),
      enabled: form.enabled,
      requires_approval: form.requiresApproval,
      missed_policy: form.missedPolicy,
      catch_up_grace_secs: whole(form.catchUpGraceSecs, 'catch_up_grace_secs'),
      max_attempts: whole(form.maxAttempts, 'max_attempts'),
      backoff_base_secs: whole(form.backoffBaseSecs, 'backoff_base_secs'),
      timeout_secs: whole(form.timeoutSecs, 'timeout_secs'),
      overlap: form.overlap,
      alert_after_failures: whole(form.alertAfterFailures, 'alert_after_failures'),
    };
    return { ok: true, input };
  } catch (err) {
    if (err instanceof FormProblem) {
      return { ok: false, error: { code: 'invalid_input', field: err.field, message: err.message } };
    }
    throw err;
  }
}
