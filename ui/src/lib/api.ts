/**
 * Every call to the Rust backend goes through here, typed with the ts-rs bindings.
 * Components never call `invoke` directly. Each function rejects with an `ApiError`.
 */
import { invoke } from '@tauri-apps/api/core';
import type { AppStatus } from '../bindings/AppStatus';
import type { ExportFormat } from '../bindings/ExportFormat';
import type { ExportSummary } from '../bindings/ExportSummary';
import type { LogFilter } from '../bindings/LogFilter';
import type { LogPage } from '../bindings/LogPage';
import type { PauseState } from '../bindings/PauseState';
import { toApiError } from './errors';

/** The reason recorded when the trader hits the emergency button in this app. */
export const DESKTOP_PAUSE_REASON = 'Paused from the desktop app';

/** Largest page `logs_page` accepts. */
export const MAX_PAGE = 1000;

async function call<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(cmd, args);
  } catch (err) {
    throw toApiError(err);
  }
}

export function status(): Promise<AppStatus> {
  return call<AppStatus>('status');
}

export function pauseAll(reason: string): Promise<PauseState> {
  return call<PauseState>('pause_all', { reason });
}

export function resumeAll(): Promise<PauseState> {
  return call<PauseState>('resume_all');
}

export function logsPage(filter: LogFilter, before: number | null, limit: number): Promise<LogPage> {
  return call<LogPage>('logs_page', { filter, before, limit });
}

export function exportLogs(filter: LogFilter, format: ExportFormat): Promise<ExportSummary> {
  return call<ExportSummary>('export_logs', { filter, format });
}

let readySent = false;

/** Tells the backend the first screen is on display (cold-start measurement). Sent once. */
export async function uiReady(): Promise<void> {
  if (readySent) return;
  readySent = true;
  await call<null>('ui_ready');
}
