/**
 * Every call to the Rust backend goes through here, typed with the ts-rs bindings.
 * Components never call `invoke` directly. Each function rejects with an `ApiError`.
 */
import { invoke } from '@tauri-apps/api/core';
import type { Account } from '../bindings/Account';
import type { AccountInput } from '../bindings/AccountInput';
import type { AppStatus } from '../bindings/AppStatus';
import type { ConnectionReport } from '../bindings/ConnectionReport';
import type { CronPreview } from '../bindings/CronPreview';
import type { DeadLetterAction } from '../bindings/DeadLetterAction';
import type { ExportFormat } from '../bindings/ExportFormat';
import type { ExportSummary } from '../bindings/ExportSummary';
import type { JobKindInfo } from '../bindings/JobKindInfo';
import type { LogFilter } from '../bindings/LogFilter';
import type { LogPage } from '../bindings/LogPage';
import type { MarketOutage } from '../bindings/MarketOutage';
import type { MissedSummary } from '../bindings/MissedSummary';
import type { OrderInput } from '../bindings/OrderInput';
import type { OrderQuery } from '../bindings/OrderQuery';
import type { OrderRecord } from '../bindings/OrderRecord';
import type { OrderReport } from '../bindings/OrderReport';
import type { PaperOverview } from '../bindings/PaperOverview';
import type { PauseState } from '../bindings/PauseState';
import type { ReconcileChange } from '../bindings/ReconcileChange';
import type { ReplayDataset } from '../bindings/ReplayDataset';
import type { RunFilter } from '../bindings/RunFilter';
import type { RunPage } from '../bindings/RunPage';
import type { Schedule } from '../bindings/Schedule';
import type { ScheduleInput } from '../bindings/ScheduleInput';
import type { ScheduleRun } from '../bindings/ScheduleRun';
import type { SchedulerStatus } from '../bindings/SchedulerStatus';
import type { ScheduleSummary } from '../bindings/ScheduleSummary';
import type { VenueBudget } from '../bindings/VenueBudget';
import { toApiError } from './errors';

/** The reason recorded when the trader hits the emergency button in this app. */
export const DESKTOP_PAUSE_REASON = 'Paused from the desktop app';

/** Largest page `logs_page` accepts. */
export const MAX_PAGE = 1000;

/** Largest page `schedule_runs` accepts. */
export const MAX_RUN_PAGE = 500;

/** Invokes backend command `cmd`, rejecting with an `ApiError` (feature folders build on this). */
export async function call<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
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

export function schedulesList(): Promise<ScheduleSummary[]> {
  return call<ScheduleSummary[]>('schedules_list');
}

export function scheduleCreate(input: ScheduleInput): Promise<Schedule> {
  return call<Schedule>('schedule_create', { input });
}

export function scheduleUpdate(id: number, input: ScheduleInput): Promise<Schedule> {
  return call<Schedule>('schedule_update', { id, input });
}

export function scheduleDelete(id: number): Promise<null> {
  return call<null>('schedule_delete', { id });
}

export function scheduleSetEnabled(id: number, enabled: boolean): Promise<Schedule> {
  return call<Schedule>('schedule_set_enabled', { id, enabled });
}

/** Claims a run at once and returns it; the run goes on in the background (see `run_changed`). */
export function scheduleRunNow(id: number): Promise<ScheduleRun> {
  return call<ScheduleRun>('schedule_run_now', { id });
}

/** One page of run history, newest first. */
export function scheduleRuns(filter: RunFilter): Promise<RunPage> {
  return call<RunPage>('schedule_runs', { filter });
}

/** Dead runs not yet retried or dismissed. */
export function deadLetters(): Promise<ScheduleRun[]> {
  return call<ScheduleRun[]>('dead_letters');
}

/** Retries (returning the new run) or dismisses a dead letter. */
/** Retry returns the new attempt; dismiss returns the dead run, now settled. */
export function deadLetterSettle(id: number, action: DeadLetterAction): Promise<ScheduleRun> {
  return call<ScheduleRun>('dead_letter_settle', { id, action });
}

/** Per schedule, fires missed or caught up during the last 24 hours. */
export function missedRuns(): Promise<MissedSummary[]> {
  return call<MissedSummary[]>('missed_runs');
}

export function schedulerStatus(): Promise<SchedulerStatus> {
  return call<SchedulerStatus>('scheduler_status');
}

export function jobKinds(): Promise<JobKindInfo[]> {
  return call<JobKindInfo[]>('job_kinds');
}

/** Every IANA zone name, sorted. */
export function timeZones(): Promise<string[]> {
  return call<string[]>('time_zones');
}

export function cronPreview(expr: string, zone: string, count: number): Promise<CronPreview> {
  return call<CronPreview>('cron_preview', { expr, zone, count });
}

/** Days of run history kept (older finished runs are deleted). */
export function runRetentionDays(): Promise<number> {
  return call<number>('run_retention_days');
}

/** Keeps `days` (1–3650) of run history; answers the days now kept. Refusals name field `days`. */
export function setRunRetentionDays(days: number): Promise<number> {
  return call<number>('set_run_retention_days', { days });
}

/**
 * Replaces the webhook signing key in the OS keyring. The key itself never crosses IPC: the
 * trader reads it with `pilothouse webhook-key show`.
 */
export function rotateWebhookSigningKey(): Promise<null> {
  return call<null>('rotate_webhook_signing_key');
}

/** Every stored account, with whether keys are in the keyring (never the keys). */
export function accountsList(): Promise<Account[]> {
  return call<Account[]>('accounts_list');
}

/** Adds an account; refusals name `name`, `venue`, `base_url` or `live`. */
export function accountAdd(input: AccountInput): Promise<Account> {
  return call<Account>('account_add', { input });
}

/** Removes the account named `account`, answering it as it was. */
export function accountRemove(account: string): Promise<Account> {
  return call<Account>('account_remove', { account });
}

/** Switches an account to live (refused with field `live` without keys) or back to paper. */
export function accountSetLive(id: number, live: boolean): Promise<Account> {
  return call<Account>('account_set_live', { id, live });
}

/**
 * Stores an API key and secret in the OS keyring for `account`. `apiKey` is camelCase: Tauri maps
 * it to the Rust `api_key` parameter. Nothing here keeps the keys after the call.
 */
export function keysSet(account: string, apiKey: string, secret: string): Promise<Account> {
  return call<Account>('keys_set', { account, apiKey, secret });
}

export function keysRemove(account: string): Promise<Account> {
  return call<Account>('keys_remove', { account });
}

/** Checks the stored keys against the venue: clock offset, permissions, warnings. */
export function keysTest(account: string): Promise<ConnectionReport> {
  return call<ConnectionReport>('keys_test', { account });
}

/** Each venue's shared request-weight budget right now; `budgets_changed` events follow it. */
export function venueBudgets(): Promise<VenueBudget[]> {
  return call<VenueBudget[]>('venue_budgets', {});
}

/** Journaled orders, newest first; page with `before_id` = the smallest id already shown. */
export function ordersList(query: OrderQuery): Promise<OrderRecord[]> {
  return call<OrderRecord[]>('orders_list', { query });
}

/**
 * Places a manual order through the order gate. Refusals name `account`, `symbol`, `quantity`,
 * `price` or `order`; the emergency pause refuses without a field.
 */
export function orderPlace(input: OrderInput): Promise<OrderReport> {
  return call<OrderReport>('order_place', { input });
}

/** Cancels an order by its client order id. `clientOrderId` is camelCase for Rust's `client_order_id`. */
export function orderCancel(clientOrderId: string): Promise<OrderReport> {
  return call<OrderReport>('order_cancel', { clientOrderId });
}

/** Sets a futures symbol's leverage on an account; resolves to the leverage in force. */
export function leverageSet(account: string, symbol: string, leverage: number): Promise<number> {
  return call<number>('leverage_set', { account, symbol, leverage });
}

/** What reconciling the journal with the venues changed while the app was closed. */
export function ordersReconciled(): Promise<ReconcileChange[]> {
  return call<ReconcileChange[]>('orders_reconciled');
}

/** A paper account now: mode, price source, balances, positions and open orders. */
export function paperOverview(account: string): Promise<PaperOverview> {
  return call<PaperOverview>('paper_overview', { account });
}

/** The built-in recordings a paper account can replay. */
export function replayDatasets(): Promise<ReplayDataset[]> {
  return call<ReplayDataset[]>('replay_datasets');
}

/** Binance public market data endpoints not answering right now; `market_outages_changed` follows. */
export function marketOutages(): Promise<MarketOutage[]> {
  return call<MarketOutage[]>('market_outages');
}

let readySent = false;

/** Tells the backend the first screen is on display (cold-start measurement). Sent once. */
export async function uiReady(): Promise<void> {
  if (readySent) return;
  readySent = true;
  await call<null>('ui_ready');
}
