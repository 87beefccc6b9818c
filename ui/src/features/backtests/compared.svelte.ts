/**
 * The two kept runs being compared, loaded in full (their equity curves are not in the list's
 * summaries). Picking another pair drops the answer for the old one.
 */
import type { StoredBacktest } from '../../bindings/StoredBacktest';
import { Loadable } from '../../lib/loadable.svelte';
import * as api from './api';

export class ComparedRuns {
  ids = $state<readonly [number, number] | null>(null);
  readonly pair = new Loadable<[StoredBacktest, StoredBacktest]>(() => {
    const ids = this.ids;
    if (ids === null) return Promise.reject(new Error('no runs are picked to compare'));
    return Promise.all([api.backtestShow(ids[0]), api.backtestShow(ids[1])]);
  });

  /** Compares runs `a` and `b` (in that order). */
  async compare(a: number, b: number): Promise<void> {
    if (this.ids?.[0] === a && this.ids[1] === b && this.pair.state !== 'error') return;
    this.ids = [a, b];
    await this.pair.load();
  }

  close(): void {
    this.ids = null;
  }
}
