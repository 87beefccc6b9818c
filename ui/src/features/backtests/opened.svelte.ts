/**
 * The stored run on screen: its full result (trades, equity curve), the candles and indicator
 * lines it ran on (asked for separately: a large run's candles take longer than its figures),
 * and its exports to CSV or JSON with the path written.
 */
import type { ApiError } from '../../bindings/ApiError';
import type { BacktestChart } from '../../bindings/BacktestChart';
import type { ExportFormat } from '../../bindings/ExportFormat';
import type { ExportSummary } from '../../bindings/ExportSummary';
import type { StoredBacktest } from '../../bindings/StoredBacktest';
import { toApiError } from '../../lib/errors';
import { Loadable } from '../../lib/loadable.svelte';
import * as api from './api';

export class OpenedRun {
  id = $state<number | null>(null);
  readonly run = new Loadable<StoredBacktest>(() => api.backtestShow(this.#current()));
  readonly chart = new Loadable<BacktestChart>(() => api.backtestChart(this.#current()));
  exporting = $state<ExportFormat | null>(null);
  exported = $state.raw<ExportSummary | null>(null);
  exportError = $state<ApiError | null>(null);

  /** Opens stored run `id`. */
  async open(id: number): Promise<void> {
    this.#reset(id);
    await Promise.all([this.run.load(), this.chart.load()]);
  }

  /** Shows a run this window just finished (and kept), without asking for it again. */
  async show(run: StoredBacktest & { id: number }): Promise<void> {
    this.#reset(run.id);
    this.run.show(run);
    await this.chart.load();
  }

  /** Closes the run (it was removed). */
  close(): void {
    this.id = null;
  }

  async export(format: ExportFormat): Promise<void> {
    const id = this.id;
    if (id === null || this.exporting !== null) return;
    this.exporting = format;
    this.exported = null;
    this.exportError = null;
    try {
      const summary = await api.backtestExport(id, format);
      if (this.id === id) this.exported = summary;
    } catch (err) {
      if (this.id === id) this.exportError = toApiError(err);
    } finally {
      this.exporting = null;
    }
  }

  #reset(id: number): void {
    this.id = id;
    this.exported = null;
    this.exportError = null;
  }

  #current(): number {
    if (this.id === null) throw new Error('no backtest run is open');
    return this.id;
  }
}
