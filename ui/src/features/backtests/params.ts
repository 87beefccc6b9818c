/**
 * A strategy's parameters as the form holds them: text for numbers (so a half-typed value stays
 * on screen), a switch for flags. Checked here against the typed `ParamInfo` so a wrong value is
 * marked beside its field before anything is sent; the backend checks again and has the last word.
 */
import type { ParamInfo } from '../../bindings/ParamInfo';
import type { ParamValue } from '../../bindings/ParamValue';

/** What the trader entered for one parameter. */
export type ParamDraft = string | boolean;

/** The field name the backend uses for parameter `name` in a refusal. */
export function paramField(name: string): string {
  return `params.${name}`;
}

/** The form's starting value for `info`: its default. */
export function draftOf(info: ParamInfo, value: ParamValue = info.default): ParamDraft {
  if (info.kind === 'bool') return typeof value === 'boolean' ? value : value !== 0;
  return typeof value === 'number' ? String(value) : '';
}

/** Every parameter of a strategy at its default. */
export function defaultDrafts(params: readonly ParamInfo[]): Record<string, ParamDraft> {
  return Object.fromEntries(params.map((p) => [p.name, draftOf(p)]));
}

/** The range a numeric parameter accepts, in words (`1 to 10000`); `null` when unbounded. */
export function rangeText(info: ParamInfo): string | null {
  if (info.min === null && info.max === null) return null;
  if (info.min === null) return `at most ${info.max}`;
  if (info.max === null) return `at least ${info.min}`;
  return `${info.min} to ${info.max}`;
}

/** `draft` as the value `info` takes, or what is wrong with it (as the backend would word it). */
export function checkParam(info: ParamInfo, draft: ParamDraft): { value: ParamValue } | { problem: string } {
  if (info.kind === 'bool') {
    return typeof draft === 'boolean' ? { value: draft } : { problem: 'give true or false' };
  }
  const text = typeof draft === 'string' ? draft.trim() : '';
  if (text === '') return { problem: 'is empty; give a number' };
  const n = Number(text);
  if (!Number.isFinite(n)) return { problem: `is \`${text}\`; give a number` };
  if (info.kind === 'integer' && !Number.isInteger(n)) return { problem: `is ${n}; give a whole number` };
  if ((info.min !== null && n < info.min) || (info.max !== null && n > info.max)) {
    return { problem: `is ${n}; give a value from ${rangeText(info) ?? ''}` };
  }
  return { value: n };
}

/**
 * The parameters to send and the problems found, by backend field name (`params.fast`).
 * Parameters in `skip` (the swept ones) are left out of both.
 */
export function buildParams(
  infos: readonly ParamInfo[],
  drafts: Record<string, ParamDraft>,
  skip: ReadonlySet<string> = new Set(),
): { params: Record<string, ParamValue>; problems: Record<string, string> } {
  const params: Record<string, ParamValue> = {};
  const problems: Record<string, string> = {};
  for (const info of infos) {
    if (skip.has(info.name)) continue;
    const checked = checkParam(info, drafts[info.name] ?? draftOf(info));
    if ('value' in checked) params[info.name] = checked.value;
    else problems[paramField(info.name)] = checked.problem;
  }
  return { params, problems };
}

/** A run's parameters in one line, `fast=10 slow=30`, in the strategy's order when known. */
export function paramsText(params: Record<string, ParamValue>, order: readonly ParamInfo[] = []): string {
  const known = order.map((p) => p.name).filter((n) => n in params);
  const rest = Object.keys(params).filter((n) => !known.includes(n)).sort();
  return [...known, ...rest].map((n) => `${n}=${String(params[n])}`).join(' ');
}
