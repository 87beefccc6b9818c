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
