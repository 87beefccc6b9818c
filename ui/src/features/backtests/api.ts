/**
 * The Backtests screen's backend commands, typed with the ts-rs bindings. Runs and sweeps take
 * a job id the screen makes up front, so it can follow `backtest_progress` and cancel the job
 * before the answer arrives.
 */
import type { BacktestChart } from '../../bindings/BacktestChart';
import type { BacktestRequest } from '../../bindings/BacktestRequest';
import type { BacktestRunSummary } from '../../bindings/BacktestRunSummary';
import type { ExportFormat } from '../../bindings/ExportFormat';
import type { ExportSummary } from '../../bindings/ExportSummary';
import type { StoredBacktest } from '../../bindings/StoredBacktest';
import type { StrategyInfo } from '../../bindings/StrategyInfo';
import type { SweepOutcome } from '../../bindings/SweepOutcome';
import type { SweepRequest } from '../../bindings/SweepRequest';
import { call } from '../../lib/api';

export function strategiesList(): Promise<StrategyInfo[]> {
  return call<StrategyInfo[]>('strategies_list');
}

/** Runs and (with `save`) keeps a backtest; a cancelled job rejects with code `cancelled`. */
export function backtestRun(request: BacktestRequest): Promise<StoredBacktest> {
  return call<StoredBacktest>('backtest_run', { request });
}

export function backtestSweep(request: SweepRequest): Promise<SweepOutcome> {
  return call<SweepOutcome>('backtest_sweep', { request });
}

/** Asks job `job` to stop; whether it was still running. */
export function backtestCancel(job: string): Promise<boolean> {
  return call<boolean>('backtest_cancel', { job });
}

/** Kept runs, newest first, older than run `before` when given. */
export function backtestRuns(before: number | null, limit: number): Promise<BacktestRunSummary[]> {
  return call<BacktestRunSummary[]>('backtest_runs', { before, limit });
}

export function backtestShow(id: number): Promise<StoredBacktest> {
  return call<StoredBacktest>('backtest_show', { id });
}

export function backtestChart(id: number): Promise<BacktestChart> {
  return call<BacktestChart>('backtest_chart', { id });
}

export function backtestRemove(id: number): Promise<null> {
  return call<null>('backtest_remove', { id });
}

export function backtestExport(id: number, format: ExportFormat): Promise<ExportSummary> {
  return call<ExportSummary>('backtest_export', { id, format });
}
