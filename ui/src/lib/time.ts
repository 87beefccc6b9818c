/** Times arrive as RFC3339 UTC strings and are shown in the trader's local zone. */

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string | undefined): Intl.DateTimeFormat {
  const key = timeZone ?? '';
  let f = formatters.get(key);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(key, f);
  }
  return f;
}

/** `2026-11-24 09:41:07` in the local (or given) zone; the input unchanged if it is no time. */
export function formatDateTime(rfc3339: string, timeZone?: string): string {
  const date = new Date(rfc3339);
  if (Number.isNaN(date.getTime())) return rfc3339;
  const parts: Record<string, string> = {};
  for (const p of formatter(timeZone).formatToParts(date)) parts[p.type] = p.value;
  const year = parts['year'] ?? pad(date.getFullYear(), 4);
  return `${year}-${parts['month']}-${parts['day']} ${parts['hour']}:${parts['minute']}:${parts['second']}`;
}

/**
 * `formatDateTime` in two parts, `{date: '2026-11-24', time: '09:41:07'}`, for narrow columns
 * that show the date over the time. Text that is no time comes back whole as `date`.
 */
export function dateAndTime(rfc3339: string, timeZone?: string): { date: string; time: string } {
  const text = formatDateTime(rfc3339, timeZone);
  const space = text.indexOf(' ');
  return space === -1 || Number.isNaN(new Date(rfc3339).getTime())
    ? { date: text, time: '' }
    : { date: text.slice(0, space), time: text.slice(space + 1) };
}

/** The IANA name of the local zone, e.g. `Europe/Berlin`. */
export function localZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** A short zone name such as `CET` or `EST`, falling back to `GMT+9` where none is common. */
export function zoneAbbreviation(timeZone: string = localZone(), at: Date = new Date()): string {
  const name = (locale: string): string =>
    new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: 'short' })
      .formatToParts(at)
      .find((p) => p.type === 'timeZoneName')?.value ?? '';
  const us = name('en-US');
  if (!us.startsWith('GMT')) return us;
  const gb = name('en-GB');
  return gb !== '' && !gb.startsWith('GMT') ? gb : us;
}

/** `Europe/Berlin, CET` (or just `UTC` when both are the same). */
export function zoneLabel(timeZone: string = localZone(), at: Date = new Date()): string {
  const abbr = zoneAbbreviation(timeZone, at);
  return abbr === '' || abbr === timeZone ? timeZone : `${timeZone}, ${abbr}`;
}

/** `2026-11-24 09:41:07 CET`: a time with its zone, for places that show a single time. */
export function formatWithZone(rfc3339: string, timeZone?: string): string {
  const date = new Date(rfc3339);
  if (Number.isNaN(date.getTime())) return rfc3339;
  return `${formatDateTime(rfc3339, timeZone)} ${zoneAbbreviation(timeZone ?? localZone(), date)}`;
}

/** `2026-11-24 09:41:07 CET (Europe/Berlin)`: a time with both zone names, without repeating `UTC`. */
export function formatWithZoneName(rfc3339: string, timeZone: string = localZone()): string {
  const date = new Date(rfc3339);
  if (Number.isNaN(date.getTime())) return rfc3339;
  const abbr = zoneAbbreviation(timeZone, date);
  const time = formatDateTime(rfc3339, timeZone);
  return abbr === timeZone ? `${time} ${abbr}` : `${time} ${abbr} (${timeZone})`;
}

function wallParts(date: Date, timeZone: string): { y: number; mo: number; d: number; h: number; mi: number; s: number } {
  const parts: Record<string, string> = {};
  for (const p of formatter(timeZone).formatToParts(date)) parts[p.type] = p.value;
  const num = (key: string): number => Number(parts[key] ?? '0');
  return { y: num('year'), mo: num('month'), d: num('day'), h: num('hour') % 24, mi: num('minute'), s: num('second') };
}

/** Minutes `timeZone` is ahead of UTC at the instant `ms` (negative west of Greenwich). */
export function zoneOffsetMinutes(ms: number, timeZone: string): number {
  const at = Math.floor(ms / 1000) * 1000;
  const w = wallParts(new Date(at), timeZone);
  return Math.round((Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi, w.s) - at) / 60_000);
}

function offsetText(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

const WALL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * A wall-clock time as a `datetime-local` input gives it (`2026-12-01T09:00`), read in
 * `timeZone`, as RFC 3339 with that zone's offset then (`2026-12-01T09:00:00-05:00`). A time
 * the clocks skipped (DST gap) moves forward by the gap, as clocks do; a repeated time is read
 * as its first occurrence. `null` when the text is no such time.
 */
export function wallTimeToRfc3339(wall: string, timeZone: string): string | null {
  try {
    return wallToRfc3339(wall, timeZone);
  } catch {
    return null; // not a zone this browser knows
  }
}

function wallToRfc3339(wall: string, timeZone: string): string | null {
  const m = WALL.exec(wall.trim());
  if (m === null) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map((v) => Number(v ?? '0')) as [number, number, number, number, number, number];
  const wallMs = Date.UTC(y, mo - 1, d, h, mi, s);
  const check = new Date(wallMs);
  if (check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return null;
  const DAY = 86_400_000;
  const earlier = zoneOffsetMinutes(wallMs - DAY, timeZone);
  const offsets = new Set([earlier, zoneOffsetMinutes(wallMs, timeZone), zoneOffsetMinutes(wallMs + DAY, timeZone)]);
  // Each offset the zone uses around then gives a candidate; it is real if the zone has that
  // offset at the candidate. Two real ones: the repeated hour, take the first. None: a gap.
  const real = [...offsets].map((o) => wallMs - o * 60_000).filter((t) => wallMs - zoneOffsetMinutes(t, timeZone) * 60_000 === t);
  const at = real.length > 0 ? Math.min(...real) : wallMs - earlier * 60_000;
  const offset = zoneOffsetMinutes(at, timeZone);
  const w = wallParts(new Date(at), timeZone);
  return `${pad(w.y, 4)}-${pad(w.mo)}-${pad(w.d)}T${pad(w.h)}:${pad(w.mi)}:${pad(w.s)}${offsetText(offset)}`;
}

/** An instant as a `datetime-local` value in `timeZone` (`2026-12-01T09:00`); `''` if it is no time. */
export function rfc3339ToWallTime(rfc3339: string, timeZone: string): string {
  const date = new Date(rfc3339);
  if (Number.isNaN(date.getTime())) return '';
  const w = wallParts(date, timeZone);
  const base = `${pad(w.y, 4)}-${pad(w.mo)}-${pad(w.d)}T${pad(w.h)}:${pad(w.mi)}`;
  return w.s === 0 ? base : `${base}:${pad(w.s)}`;
}
