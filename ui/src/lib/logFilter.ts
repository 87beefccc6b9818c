/**
 * The client-side twin of the backend's `LogFilter::matches`, used to decide whether an entry
 * that arrives live belongs in the list on screen. It must apply the same rules as the store:
 *
 * - `types` / `severities`: any-of; an empty list means "any".
 * - `source` / `bot_id`: exact match; `null` means "any".
 * - `since` / `until`: inclusive bounds on `time`.
 * - `text`: every query word must be a prefix of some word of message + action + source, where
 *   words are runs of letters and digits, compared lower-case (any order, any case).
 */
import type { LogEntry } from '../bindings/LogEntry';
import type { LogFilter } from '../bindings/LogFilter';
import type { LogType } from '../bindings/LogType';
import type { Severity } from '../bindings/Severity';

export const LOG_TYPES: readonly LogType[] = ['TRADE', 'ERROR', 'ANALYSIS', 'SAFETY', 'SYSTEM'];
export const SEVERITIES: readonly Severity[] = ['INFO', 'WARNING', 'ERROR', 'CRITICAL'];

/** A filter that lets everything through. */
export function emptyFilter(): LogFilter {
  return { types: [], severities: [], source: null, bot_id: null, text: null, since: null, until: null };
}

const NON_WORD = /[^\p{Alphabetic}\p{Number}]+/u;

/** Lower-case words of letters and digits; punctuation and underscores separate words. */
export function words(text: string): string[] {
  return text
    .split(NON_WORD)
    .filter((w) => w !== '')
    .map((w) => w.toLowerCase());
}

function instant(rfc3339: string): number {
  return Date.parse(rfc3339);
}

function matchesText(query: string | null, entry: LogEntry): boolean {
  const wanted = query === null ? [] : words(query);
  if (wanted.length === 0) return true;
  const haystack = [...words(entry.message), ...words(entry.action), ...words(entry.source)];
  return wanted.every((w) => haystack.some((h) => h.startsWith(w)));
}

/** Whether `entry` passes `filter`, by the same rules the backend applies. */
export function matchesFilter(filter: LogFilter, entry: LogEntry): boolean {
  if (filter.types.length > 0 && !filter.types.includes(entry.log_type)) return false;
  if (filter.severities.length > 0 && !filter.severities.includes(entry.severity)) return false;
  if (filter.source !== null && filter.source !== entry.source) return false;
  if (filter.bot_id !== null && filter.bot_id !== entry.bot_id) return false;
  if (filter.since !== null && instant(entry.time) < instant(filter.since)) return false;
  if (filter.until !== null && instant(entry.time) > instant(filter.until)) return false;
  return matchesText(filter.text, entry);
}

/** What the trader typed and toggled in the filter bar. */
export interface FilterForm {
  types: LogType[];
  severities: Severity[];
  source: string;
  bot: string;
  text: string;
}

export function emptyForm(): FilterForm {
  return { types: [], severities: [], source: '', bot: '', text: '' };
}

function orNull(value: string): string | null {
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

/** The backend filter for a filter-bar state: blank inputs mean "any", lists keep a fixed order. */
export function formToFilter(form: FilterForm): LogFilter {
  return {
    types: LOG_TYPES.filter((t) => form.types.includes(t)),
    severities: SEVERITIES.filter((s) => form.severities.includes(s)),
    source: orNull(form.source),
    bot_id: orNull(form.bot),
    text: orNull(form.text),
    since: null,
    until: null,
  };
}

/** Whether a filter narrows anything down. */
export function isFiltering(filter: LogFilter): boolean {
  return (
    filter.types.length > 0 ||
    filter.severities.length > 0 ||
    filter.source !== null ||
    filter.bot_id !== null ||
    filter.text !== null ||
    filter.since !== null ||
    filter.until !== null
  );
}

/** Adds or removes `item` from `list`, returning a new list. */
export function toggle<T>(list: readonly T[], item: T): T[] {
  return list.includes(item) ? list.filter((x) => x !== item) : [...list, item];
}
