/** Test data and a recording IPC mock, typed with the generated bindings. */
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { cleanup } from '@testing-library/svelte';
import type { ApiError } from '../bindings/ApiError';
import type { AppStatus } from '../bindings/AppStatus';
import type { LogEntry } from '../bindings/LogEntry';
import type { LogPage } from '../bindings/LogPage';
import type { PauseState } from '../bindings/PauseState';

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
