/**
 * The Backtests form as the trader fills it: a strategy with its parameters (generated from the
 * typed `ParamInfo`, defaults filled in), the data, the simulated account, and in sweep mode the
 * parameters to sweep. It checks what it can before sending, keeps the backend's refusal beside
 * the field it names, and builds the run or sweep request.
 */
import type { Account } from '../../bindings/Account';
import type { ApiError } from '../../bindings/ApiError';
import type { BacktestRequest } from '../../bindings/BacktestRequest';
import type { Interval } from '../../bindings/Interval';
import type { ParamValue } from '../../bindings/ParamValue';
import type { RankBy } from '../../bindings/RankBy';
import type { ReplayDataset } from '../../bindings/ReplayDataset';
import type { StrategyInfo } from '../../bindings/StrategyInfo';
import type { SweepRequest } from '../../bindings/SweepRequest';
import { accountsList, replayDatasets } from '../../lib/api';
import { Loadable } from '../../lib/loadable.svelte';
import { localZone } from '../../lib/time';
import * as api from './api';
import { buildParams, defaultDrafts, draftOf, paramField, type ParamDraft } from './params';
import { buildDataSource, buildSettings, buildSweeps, sweepCount, type DataKind, type Problems } from './request';

export type FormMode = 'run' | 'sweep';

/** The recording a fresh form starts on, when it is built in. */
export const DEFAULT_DATASET = 'ETHBTC-5m';

export class BacktestForm {
  readonly strategies = new Loadable<StrategyInfo[]>(() => api.strategiesList());
  readonly datasets = new Loadable<ReplayDataset[]>(() => replayDatasets());
  readonly accounts = new Loadable<Account[]>(() => accountsList());
  readonly timeZone = localZone();

  mode = $state<FormMode>('run');
  strategyName = $state('');
  drafts = $state<Record<string, ParamDraft>>({});
  /** Sweep mode: the range or list typed for each parameter ticked to sweep. */
  sweeps = $state<Record<string, string>>({});
  rankBy = $state<RankBy>('return');
  dataKind = $state<DataKind>('recording');
  dataset = $state('');
  csvPath = $state('');
  account = $state('');
  symbol = $state('');
  interval = $state<Interval>('1h');
  from = $state('');
  to = $state('');
  cash = $state('10000');
  commission = $state('0.001');
  wholeUnits = $state(false);
  allowShort = $state(false);
  /** Problems by the backend's field name (`params.fast`, `cash`, `data.path`, `sweep`…). */
  problems = $state<Problems>({});
  /** A refusal that names no field of this form, or a failure. */
  error = $state<ApiError | null>(null);

  readonly strategy: StrategyInfo | null = $derived(this.strategies.value?.find((s) => s.name === this.strategyName) ?? null);

  /** Loads the strategies, recordings and accounts, and picks the first of each. */
  async load(): Promise<void> {
    await Promise.all([this.strategies.load(), this.datasets.load(), this.accounts.load()]);
    const first = this.strategies.value?.[0];
    if (this.strategyName === '' && first !== undefined) this.choose(first.name);
    const sets = this.datasets.value ?? [];
    if (this.dataset === '') this.dataset = (sets.find((d) => d.name === DEFAULT_DATASET) ?? sets[0])?.name ?? '';
    if (this.account === '') this.account = this.accounts.value?.[0]?.name ?? '';
  }

  /** Switches to strategy `name` with its defaults. */
  choose(name: string): void {
    this.strategyName = name;
    const info = this.strategies.value?.find((s) => s.name === name);
    this.drafts = info === undefined ? {} : defaultDrafts(info.params);
    this.sweeps = {};
    this.edited();
  }

  /** Fills the parameters with `params` (a sweep's combination), ready to run it in full. */
  use(params: Record<string, ParamValue>): void {
    const info = this.strategy;
    if (info === null) return;
    this.drafts = Object.fromEntries(info.params.map((p) => [p.name, draftOf(p, params[p.name] ?? p.default)]));
    this.sweeps = {};
    this.mode = 'run';
    this.edited();
  }

  /** Ticks parameter `name` to sweep (starting from its current value) or unticks it. */
  toggleSweep(name: string): void {
    if (name in this.sweeps) {
      const { [name]: _dropped, ...rest } = this.sweeps;
      this.sweeps = rest;
    } else {
      this.sweeps = { ...this.sweeps, [name]: String(this.drafts[name] ?? '') };
    }
    this.edited();
  }

  /** How many combinations the sweep would try (before invalid ones are skipped); `null` if unknown. */
  get combinations(): number | null {
    let total = 1;
    for (const text of Object.values(this.sweeps)) {
      const c = sweepCount(text);
      if (!('count' in c)) return null;
      total *= c.count;
    }
    return Object.keys(this.sweeps).length === 0 ? null : total;
  }

  /** Clears stale refusals once the trader edits. */
  edited(): void {
    this.problems = {};
    this.error = null;
  }

  /** Shows a backend refusal beside its field, or as the form's error when it names none here. */
  refused(error: ApiError): void {
    const field = error.code === 'invalid_input' ? error.field : null;
    if (field !== null && this.#knows(field)) {
      this.problems = { [field]: error.message };
      this.error = null;
    } else {
      this.problems = {};
      this.error = error;
    }
  }

  /** The run request, or `null` with `problems` set. */
  runRequest(job: string): BacktestRequest | null {
    const parts = this.#parts(new Set());
    return parts === null ? null : { job, ...parts, save: true };
  }

  /** The sweep request, or `null` with `problems` set. */
  sweepRequest(job: string): SweepRequest | null {
    const swept = new Set(Object.keys(this.sweeps));
    const problems: Problems = {};
    if (swept.size === 0) problems['sweep'] = 'tick at least one parameter to sweep';
    for (const [name, text] of Object.entries(this.sweeps)) {
      const c = sweepCount(text);
      if ('problem' in c) problems[`sweep.${name}`] = c.problem;
    }
    const parts = this.#parts(swept, problems);
    return parts === null ? null : { job, ...parts, sweeps: buildSweeps(this.sweeps), rank_by: this.rankBy };
  }

  #parts(skip: ReadonlySet<string>, found: Problems = {}): Omit<BacktestRequest, 'job' | 'save'> | null {
    const info = this.strategy;
    const problems: Problems = { ...found };
    if (info === null) problems['strategy'] = 'choose a strategy';
    const { params, problems: paramProblems } = buildParams(info?.params ?? [], this.drafts, skip);
    const data = buildDataSource({
      kind: this.dataKind,
      dataset: this.dataset,
      csvPath: this.csvPath,
      account: this.account,
      symbol: this.symbol,
      interval: this.interval,
      from: this.from,
      to: this.to,
      timeZone: this.timeZone,
    });
    Object.assign(problems, paramProblems, 'problems' in data ? data.problems : {});
    this.problems = problems;
    this.error = null;
    if (info === null || 'problems' in data || Object.keys(problems).length > 0) return null;
    return { strategy: info.name, params, data: data.data, settings: buildSettings(this.cash, this.commission, this.wholeUnits, this.allowShort) };
  }

  /** Whether the form has a place to show a refusal of `field`. */
  #knows(field: string): boolean {
    const params = this.strategy?.params.map((p) => paramField(p.name)) ?? [];
    const data = { recording: ['data.dataset'], csv: ['data.path'], history: ['account', 'symbol', 'from', 'to'] }[this.dataKind];
    data.push('data');
    const sweep = this.mode === 'sweep' ? ['sweep', 'rank_by'] : [];
    return ['strategy', 'cash', 'commission', ...params, ...data, ...sweep].includes(field);
  }
}
