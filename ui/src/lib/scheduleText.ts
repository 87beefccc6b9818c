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

/** Longest result summary shown in a table cell. */
export const SUMMARY_CHARS = 160;

/** The run's error, or what it reported, in one short line. */
export function runSummary(run: ScheduleRun): string {
  if (run.error !== null && run.error !== '') return run.error;
  if (run.result === null || run.result === undefined) return '';
  const text = typeof run.result === 'string' ? run.result : JSON.stringify(run.result);
  return text.length > SUMMARY_CHARS ? `${text.slice(0, SUMMARY_CHARS - 1)}…` : text;
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
