/** Test data and a recording IPC mock, typed with the generated bindings. */
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { cleanup } from '@testing-library/svelte';
import type { ApiError } from '../bindings/ApiError';
import type { AppStatus } from '../bindings/AppStatus';
import type { DstNote } from '../bindings/DstNote';
import type { FireTime } from '../bindings/FireTime';
import type { JobKindInfo } from '../bindings/JobKindInfo';
import type { LogEntry } from '../bindings/LogEntry';
import type { LogPage } from '../bindings/LogPage';
import type { PauseState } from '../bindings/PauseState';
import type { RunPage } from '../bindings/RunPage';
import type { Schedule } from '../bindings/Schedule';
import type { ScheduleInput } from '../bindings/ScheduleInput';
import type { ScheduleRun } from '../bindings/ScheduleRun';
import type { SchedulerStatus } from '../bindings/SchedulerStatus';
import type { ScheduleSummary } from '../bindings/ScheduleSummary';

export const RUNNING: PauseState = { paused: false, reason: null, changed_by: null, changed_at: null };

export function pausedState(reason = 'Paused from the desktop app', by = 'desktop'): PauseState {
  return { paused: true, reason, changed_by: by, changed_at: '2026-11-24T08:41:07Z' };
}

export function appStatus(pause: PauseState = RUNNING): AppStatus {
  return {
    version: '0.3.1',
    pause,
    data_dir: '/home/trader/.local/share/pilothouse',
    database: '/home/trader/.local/share/pilothouse/pilothouse.db',
    mode: 'paper',
    live_accounts: [],
    last_log_id: 0,
  };
}

export function logEntry(id: number, overrides: Partial<LogEntry> = {}): LogEntry {
  return {
    id,
    time: `2026-11-24T08:${String(id % 60).padStart(2, '0')}:07Z`,
    log_type: 'SYSTEM',
    severity: 'INFO',
    source: 'system',
    bot_id: null,
    action: 'heartbeat',
    message: `entry ${id}`,
    data: { id },
    ...overrides,
  };
}

export function logPage(entries: LogEntry[], nextBefore: number | null = null): LogPage {
  return { entries, next_before: nextBefore };
}

/** The settings a new schedule gets unless the trader changes them: the backend's defaults. */
export const SCHEDULE_DEFAULTS = {
  enabled: true,
  requires_approval: false,
  missed_policy: 'run_once',
  catch_up_grace_secs: 3600,
  max_attempts: 3,
  backoff_base_secs: 60,
  timeout_secs: 270,
  overlap: 'skip',
  alert_after_failures: 3,
} satisfies Partial<ScheduleInput>;

export function schedule(id: number, overrides: Partial<Schedule> = {}): Schedule {
  return {
    id,
    created_at: '2026-11-20T10:00:00Z',
    updated_at: '2026-11-20T10:00:00Z',
    name: `schedule ${id}`,
    kind: 'webhook',
    params: { url: 'https://example.com/hook', payload: null },
    timing: { type: 'cron', expr: '0 9 * * MON-FRI' },
    time_zone: 'UTC',
    ...SCHEDULE_DEFAULTS,
    ...overrides,
  };
}

/** What the editor sends for a webhook schedule on a cron expression with the default settings. */
export function scheduleInput(overrides: Partial<ScheduleInput> = {}): ScheduleInput {
  return {
    name: 'schedule',
    kind: 'webhook',
    params: { url: 'https://example.com/hook', payload: null },
    cron: '0 9 * * MON-FRI',
    run_at: null,
    time_zone: 'UTC',
    ...SCHEDULE_DEFAULTS,
    ...overrides,
  };
}

export function fireTime(at: string, local: string = at.replace('Z', '+00:00'), dst: DstNote | null = null): FireTime {
  return { at, local, dst };
}

export function summary(s: Schedule, overrides: Partial<ScheduleSummary> = {}): ScheduleSummary {
  return {
    schedule: s,
    next_fire: s.enabled ? fireTime('2026-11-25T09:00:00Z') : null,
    last_run: null,
    failure_streak: 0,
    ...overrides,
  };
}

export function run(id: number, overrides: Partial<ScheduleRun> = {}): ScheduleRun {
  return {
    id,
    schedule_id: 1,
    schedule_name: 'schedule 1',
    kind: 'webhook',
    scheduled_for: `2026-11-24T09:${String(id % 60).padStart(2, '0')}:00Z`,
    trigger: 'schedule',
    attempt: 1,
    status: 'succeeded',
    started_at: `2026-11-24T09:${String(id % 60).padStart(2, '0')}:01Z`,
    finished_at: `2026-11-24T09:${String(id % 60).padStart(2, '0')}:02Z`,
    duration_ms: 1200,
    retry_at: null,
    result: { status: 200 },
    error: null,
    host: 'desktop',
    ...overrides,
  };
}

export function runPage(runs: ScheduleRun[], nextBefore: number | null = null): RunPage {
  return { runs, next_before: nextBefore };
}

export function schedulerStatus(overrides: Partial<SchedulerStatus> = {}): SchedulerStatus {
  return { running: true, paused: false, schedules: 0, enabled: 0, next: [], last_error: null, dead_letters: 0, ...overrides };
}

export const JOB_KINDS: JobKindInfo[] = [
  { kind: 'run-bots', summary: 'Runs one cycle of every active bot.', available: false, trading: true },
  { kind: 'sync-patterns', summary: 'Turns backtest and signal results into learning patterns.', available: false, trading: false },
  { kind: 'webhook', summary: 'POSTs a signed JSON body to a URL of yours.', available: true, trading: false },
];

export const ZONES = ['America/New_York', 'Asia/Tokyo', 'Europe/Berlin', 'UTC'];

export function apiError(message: string, field: string | null = null): ApiError {
  return { code: field === null ? 'internal' : 'invalid_input', message, field };
}

export interface Call {
  cmd: string;
  args: Record<string, unknown>;
}

export type Handler = (args: Record<string, unknown>) => unknown;

/**
 * Installs `mockIPC` with one handler per command and records every app command invoked
 * (event-plugin traffic is left out). An unknown command fails the call loudly.
 */
export function mockBackend(handlers: Record<string, Handler>, options: { events?: boolean } = {}): Call[] {
  const calls: Call[] = [];
  mockIPC(
    (cmd, payload) => {
      const args: Record<string, unknown> =
        payload !== undefined && !Array.isArray(payload) && !(payload instanceof ArrayBuffer) && !(payload instanceof Uint8Array)
          ? payload
          : {};
      calls.push({ cmd, args });
      const handler = handlers[cmd];
      if (handler === undefined) throw apiError(`test backend has no command ${cmd}`);
      return handler(args);
    },
    { shouldMockEvents: options.events ?? false },
  );
  return calls;
}

export function callsOf(calls: Call[], cmd: string): Record<string, unknown>[] {
  return calls.filter((c) => c.cmd === cmd).map((c) => c.args);
}

/** A promise with its settle functions exposed, to hold a mocked command in flight. */
export function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void; reject: (reason: unknown) => void } {
  let resolve: (value: T) => void = () => undefined;
  let reject: (reason: unknown) => void = () => undefined;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Unmounts rendered components (so they unlisten while IPC is still mocked), then drops the mocks. */
export function resetBackend(): void {
  cleanup();
  clearMocks();
}

/** Handlers for every command the Schedules screen uses, answering "nothing yet"; override per test. */
export function schedulesBackend(overrides: Record<string, Handler> = {}): Record<string, Handler> {
  return {
    schedules_list: () => [],
    scheduler_status: () => schedulerStatus(),
    schedule_runs: () => runPage([]),
    dead_letters: () => [],
    job_kinds: () => JOB_KINDS,
    time_zones: () => ZONES,
    cron_preview: () => ({ description: 'At 09:00', fires: [] }),
    ...overrides,
  };
}
