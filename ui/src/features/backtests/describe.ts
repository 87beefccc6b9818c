/** A stored run in words, for list rows and headings: its data source and the span it covers. */
import type { BacktestRunSummary } from '../../bindings/BacktestRunSummary';
import type { DataSource } from '../../bindings/DataSource';
import { formatDateTime } from '../../lib/time';

export function dataText(data: DataSource): string {
  switch (data.kind) {
    case 'recording':
      return `Recording ${data.dataset}`;
    case 'csv':
      return `CSV ${data.path}`;
    case 'history':
      return `${data.account} history`;
  }
}

/** `2024-03-01 00:00 → 2024-03-07 23:55` in the trader's zone (minutes are enough for a span). */
export function spanText(run: Pick<BacktestRunSummary, 'from' | 'to'>): string {
  const short = (t: string): string => formatDateTime(t).slice(0, 16);
  return `${short(run.from)} → ${short(run.to)}`;
}
