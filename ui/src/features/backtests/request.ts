/**
 * The form's fields turned into what the backend takes: the data source, the simulated
 * account, and the swept parameters (`fast=5..50:5`, `slow=20,30,50`). Problems found on the
 * way are keyed by the field name the backend itself uses, so one map marks both.
 */
import type { BacktestSettingsInput } from '../../bindings/BacktestSettingsInput';
import type { DataSource } from '../../bindings/DataSource';
import type { Interval } from '../../bindings/Interval';
import { wallTimeToRfc3339 } from '../../lib/time';

export type DataKind = DataSource['kind'];

export const DATA_KINDS: readonly { value: DataKind; label: string }[] = [
  { value: 'recording', label: 'Built-in recording' },
  { value: 'csv', label: 'CSV file' },
  { value: 'history', label: "An account's history" },
];

export const INTERVALS: readonly Interval[] = ['1m', '3m', '5m', '15m', '30m', '1h', '2h', '4h', '6h', '8h', '12h', '1d', '3d', '1w'];

export interface DataFields {
  kind: DataKind;
  dataset: string;
  csvPath: string;
  account: string;
  symbol: string;
  interval: Interval;
  /** `datetime-local` values in `timeZone`. */
  from: string;
  to: string;
  timeZone: string;
}

export type Problems = Record<string, string>;

/** The data source the fields describe, or the problems that keep it from being one. */
export function buildDataSource(f: DataFields): { data: DataSource } | { problems: Problems } {
  if (f.kind === 'recording') {
    return f.dataset === '' ? { problems: { 'data.dataset': 'choose a recording' } } : { data: { kind: 'recording', dataset: f.dataset } };
  }
  if (f.kind === 'csv') {
    const path = f.csvPath.trim();
    return path === '' ? { problems: { 'data.path': "is empty; give a CSV file's path" } } : { data: { kind: 'csv', path } };
  }
  const problems: Problems = {};
  if (f.account === '') problems['account'] = 'choose an account';
  const symbol = f.symbol.trim().toUpperCase();
  if (symbol === '') problems['symbol'] = 'is empty; give a symbol such as BTCUSDT';
  const from = wallTimeToRfc3339(f.from, f.timeZone);
  const to = wallTimeToRfc3339(f.to, f.timeZone);
  if (from === null) problems['from'] = 'give the first candle’s date and time';
  if (to === null) problems['to'] = 'give the last candle’s date and time';
  if (from !== null && to !== null && new Date(to) < new Date(from)) problems['to'] = 'is before from';
  if (Object.keys(problems).length > 0 || from === null || to === null) return { problems };
  return { data: { kind: 'history', account: f.account, symbol, interval: f.interval, from, to } };
}

/** The simulated account as typed (trimmed); the backend checks the numbers. */
export function buildSettings(cash: string, commission: string, wholeUnits: boolean, allowShort: boolean): BacktestSettingsInput {
  return { cash: cash.trim(), commission: commission.trim(), whole_units: wholeUnits, allow_short: allowShort };
}

/** How many values a sweep range or list gives, or what is wrong with it. */
export function sweepCount(text: string): { count: number } | { problem: string } {
  const t = text.trim();
  if (t === '') return { problem: 'give a range such as 5..50:5 or a list such as 10,20,30' };
  const num = (s: string): number | null => {
    const n = s.trim() === '' ? Number.NaN : Number(s);
    return Number.isFinite(n) ? n : null;
  };
  const range = t.split('..');
  if (range.length === 2) {
    const [start, rest = ''] = range;
    const [end, step = '1'] = rest.split(':');
    const a = num(start ?? '');
    const b = num(end ?? '');
    const s = num(step);
    if (a === null || b === null || s === null) return { problem: 'write start..end:step, e.g. 5..50:5' };
    if (s <= 0) return { problem: 'the step must be above 0' };
    if (b < a) return { problem: 'the range ends before it starts' };
    return { count: Math.floor((b - a) / s + 1e-9) + 1 };
  }
  const items = t.split(',').map(num);
  if (items.some((v) => v === null)) return { problem: 'write numbers separated by commas, e.g. 10,20,30' };
  return { count: items.length };
}

/** The `sweeps` of a sweep request, one `name=values` per swept parameter. */
export function buildSweeps(swept: Record<string, string>): string[] {
  return Object.entries(swept).map(([name, text]) => `${name}=${text.trim()}`);
}
