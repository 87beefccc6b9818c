/** How schedules and runs read on screen: labels, durations, summaries, fire times. */
import type { DstNote } from '../bindings/DstNote';
import type { FireTime } from '../bindings/FireTime';
import type { MissedPolicy } from '../bindings/MissedPolicy';
import type { OverlapPolicy } from '../bindings/OverlapPolicy';
import type { RunStatus } from '../bindings/RunStatus';
import type { RunTrigger } from '../bindings/RunTrigger';
import type { Schedule } from '../bindings/Schedule';
import type { ScheduleRun } from '../bindings/ScheduleRun';
import { formatWithZone, localZone, zoneAbbreviation } from './time';

/** Every run status, in the order the backend lists them. */
export const RUN_STATUSES: readonly RunStatus[] = [
  'queued',
  'running',
  'succeeded',
  'failed',
  'timed_out',
  'skipped',
  'missed',
  'dead',
];

export function statusLabel(status: RunStatus): string {
  return status === 'timed_out' ? 'timed out' : status;
}

const TRIGGERS: Record<RunTrigger, string> = {
  schedule: 'scheduled',
  run_now: 'run now',
  catch_up: 'catch-up',
  retry: 'retry',
  dead_letter_retry: 'dead-letter retry',
};

export function triggerLabel(trigger: RunTrigger): string {
  return TRIGGERS[trigger];
}

const DST: Record<DstNote, string> = {
  shifted_from_gap: 'DST: shifted, the wall time was skipped',
  repeated_hour_first: 'DST: first of the repeated hour',
  repeated_hour_second: 'DST: second of the repeated hour',
};

/** What a daylight-saving transition did to a fire, in words. */
export function dstLabel(note: DstNote): string {
  return DST[note];
}

export const MISSED_POLICIES: readonly { value: MissedPolicy; label: string }[] = [
  { value: 'run_once', label: 'Run once for all missed fires' },
  { value: 'catch_up', label: 'Catch up every missed fire within a grace window' },
  { value: 'skip', label: 'Skip missed fires' },
];

export const OVERLAP_POLICIES: readonly { value: OverlapPolicy; label: string }[] = [
  { value: 'skip', label: 'Skip the new fire' },
  { value: 'queue', label: 'Queue it until the previous run ends' },
];

/** `850 ms`, `4.2 s`, `3 min 05 s`, `1 h 02 min`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const secs = Math.round(ms / 1000);
  if (secs < 3600) return `${Math.floor(secs / 60)} min ${String(secs % 60).padStart(2, '0')} s`;
  const mins = Math.round(secs / 60);
  return `${Math.floor(mins / 60)} h ${String(mins % 60).padStart(2, '0')} min`;
}

/** Longest run outcome shown in a table cell; the cell's tooltip holds the whole text. */
export const SUMMARY_CHARS = 120;

/** Longest response body quoted after an HTTP status. */
export const RESPONSE_CHARS = 40;

/** Longest single value in a `key: value` list. */
export const VALUE_CHARS = 40;

/** `text` cut to `max` characters, the last one an ellipsis when anything was cut. */
export function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, Math.max(0, max - 1))}…` : text;
}

/** Runs of whitespace (line breaks included) as single spaces. */
function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const PLAIN_KEY = /^[A-Za-z_$][\w$]*$/;

/** JSON on one line without quotes around plain keys: `{received:1,ids:[3,4],note:"ok"}`. */
export function compactJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(compactJson).join(',')}]`;
  if (isRecord(value)) {
    const fields = Object.entries(value).map(([k, v]) => `${PLAIN_KEY.test(k) ? k : JSON.stringify(k)}:${compactJson(v)}`);
    return `{${fields.join(',')}}`;
  }
  // `undefined`, functions and symbols have no JSON text; they never come from the backend.
  const text: string | undefined = JSON.stringify(value);
  return text ?? String(value);
}

/** A response body in short: JSON compacted, other text on one line. */
function bodyText(body: unknown): string {
  if (body === null || body === undefined) return '';
  if (typeof body !== 'string') return compactJson(body);
  const text = body.trim();
  if (text === '') return '';
  try {
    const parsed: unknown = JSON.parse(text);
    return compactJson(parsed);
  } catch {
    return oneLine(text);
  }
}

/** A webhook's answer, `{status, response}`, with `status` an HTTP status code. */
function isHttpResult(value: Record<string, unknown>): value is { status: number; response?: unknown } {
  const status = value['status'];
  return (
    typeof status === 'number' &&
    Number.isInteger(status) &&
    status >= 100 &&
    status <= 599 &&
    Object.keys(value).every((k) => k === 'status' || k === 'response')
  );
}

function scalarText(value: string | number | boolean | null): string {
  return value === null ? 'null' : truncate(oneLine(String(value)), VALUE_CHARS);
}

/**
 * What a job reported, in one short line for a table cell:
 *
 * - a webhook answer `{status: 200, response: '{"received":1}'}` → `HTTP 200 · {received:1}`,
 *   the response cut to `RESPONSE_CHARS`;
 * - another object → its scalar fields as `key: value, key: value` (compact JSON when it has
 *   none);
 * - text on one line; numbers and booleans as they are; nothing for `null`.
 *
 * The whole line is cut to `SUMMARY_CHARS`.
 */
export function resultSummary(result: unknown): string {
  let text: string;
  if (result === null || result === undefined) {
    text = '';
  } else if (typeof result === 'string') {
    text = oneLine(result);
  } else if (isRecord(result)) {
    if (isHttpResult(result)) {
      const body = truncate(bodyText(result.response), RESPONSE_CHARS);
      text = body === '' ? `HTTP ${result.status}` : `HTTP ${result.status} · ${body}`;
    } else {
      const scalars = Object.entries(result).flatMap(([k, v]) =>
        v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? [`${k}: ${scalarText(v)}`] : [],
      );
      text = scalars.length > 0 ? scalars.join(', ') : compactJson(result);
    }
  } else {
    text = compactJson(result);
  }
  return truncate(text, SUMMARY_CHARS);
}

/** How a run ended, for its history row: the short `text` in the cell, the whole `title` on hover. */
export interface RunOutcome {
  text: string;
  title: string;
  failed: boolean;
}

/** The run's error (cut on one line, whole in the title), else a summary of what it reported. */
export function runOutcome(run: ScheduleRun): RunOutcome {
  if (run.error !== null && run.error !== '') {
    return { text: truncate(oneLine(run.error), SUMMARY_CHARS), title: run.error, failed: true };
  }
  return { text: resultSummary(run.result), title: resultDetail(run.result), failed: false };
}

/** All of what a job reported, for a tooltip: a webhook's status then its response as received. */
function resultDetail(result: unknown): string {
  if (result === null || result === undefined) return '';
  if (typeof result === 'string') return result;
  if (isRecord(result) && isHttpResult(result)) {
    const body = result.response === null || result.response === undefined ? '' : typeof result.response === 'string' ? result.response : JSON.stringify(result.response);
    return body === '' ? `HTTP ${result.status}` : `HTTP ${result.status}\n${body}`;
  }
  return JSON.stringify(result, null, 2);
}

/** `time` in `timeZone`, or in UTC with the zone's name when this browser does not know the zone. */
export function formatInZone(rfc3339: string, timeZone: string): string {
  try {
    return formatWithZone(rfc3339, timeZone);
  } catch {
    return `${formatWithZone(rfc3339, 'UTC')} (${timeZone} unknown here)`;
  }
}

/**
 * The wall time of a fire as the backend computed it in the schedule's zone, with the zone's
 * abbreviation then: `2026-03-08 03:00:00 EDT`.
 */
export function fireInZone(fire: FireTime, timeZone: string): string {
  const wall = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})/.exec(fire.local);
  if (wall === null) return formatInZone(fire.at, timeZone);
  let abbr: string;
  try {
    abbr = zoneAbbreviation(timeZone, new Date(fire.at));
  } catch {
    abbr = timeZone;
  }
  return `${wall[1]} ${wall[2]} ${abbr}`;
}

/** The cron expression, or `once at 2026-12-01 09:00:00 EST` in the schedule's zone. */
export function timingText(schedule: Schedule): string {
  return schedule.timing.type === 'cron'
    ? schedule.timing.expr
    : `once at ${formatInZone(schedule.timing.at, schedule.time_zone)}`;
}

/** Whether times in `timeZone` read differently from the trader's own. */
export function differsFromLocal(timeZone: string): boolean {
  return timeZone !== localZone();
}
