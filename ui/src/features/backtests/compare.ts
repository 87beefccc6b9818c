/**
 * Two stored runs side by side: each headline figure for both, and which run did better on it
 * (`null` where neither is better, the figure is undefined for one, or they are equal).
 */
import type { BacktestHeadline } from '../../bindings/BacktestHeadline';
import { STATS, statText, type Stat } from './stats';

export interface ComparedStat {
  stat: Stat;
  a: string;
  b: string;
  better: 'a' | 'b' | null;
}

function winner(stat: Stat, a: BacktestHeadline, b: BacktestHeadline): 'a' | 'b' | null {
  const x = a[stat.key];
  const y = b[stat.key];
  if (stat.better === null || x === null || y === null || x === y) return null;
  const aHigher = x > y;
  return aHigher === (stat.better === 'higher') ? 'a' : 'b';
}

export function compareStats(a: BacktestHeadline, b: BacktestHeadline): ComparedStat[] {
  return STATS.map((stat) => ({ stat, a: statText(stat, a), b: statText(stat, b), better: winner(stat, a, b) }));
}

/**
 * The two runs the trader ticked, in the order ticked, after ticking `id`: a third tick drops
 * the oldest pick, a tick on a picked run unpicks it.
 */
export function togglePick(picked: readonly number[], id: number): number[] {
  if (picked.includes(id)) return picked.filter((p) => p !== id);
  return [...picked, id].slice(-2);
}
