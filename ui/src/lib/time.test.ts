import { describe, expect, it } from 'vitest';
import {
  dateAndTime,
  formatDateTime,
  formatWithZone,
  formatWithZoneName,
  rfc3339ToWallTime,
  wallTimeToRfc3339,
  zoneAbbreviation,
  zoneLabel,
} from './time';

describe('time formatting', () => {
  it('shows an RFC3339 UTC time in the given zone as YYYY-MM-DD HH:MM:SS', () => {
    expect(formatDateTime('2026-11-24T08:41:07Z', 'Europe/Berlin')).toBe('2026-11-24 09:41:07');
    expect(formatDateTime('2026-07-01T23:05:00Z', 'Europe/Berlin')).toBe('2026-07-02 01:05:00');
    expect(formatDateTime('2026-11-24T08:41:07.123456Z', 'UTC')).toBe('2026-11-24 08:41:07');
  });

  it('uses the local zone by default (UTC in tests)', () => {
    expect(formatDateTime('2026-11-24T00:00:00Z')).toBe('2026-11-24 00:00:00');
  });

  it('passes through text that is no time', () => {
    expect(formatDateTime('not a time')).toBe('not a time');
    expect(dateAndTime('not a time')).toEqual({ date: 'not a time', time: '' });
  });

  it('splits a time into its date and clock time in the zone, for stacking in narrow columns', () => {
    // 23:05 UTC is already the next day in Berlin: the date part follows the zone too.
    expect(dateAndTime('2026-07-01T23:05:00Z', 'Europe/Berlin')).toEqual({ date: '2026-07-02', time: '01:05:00' });
  });

  it('names zones with a common abbreviation', () => {
    const winter = new Date('2026-01-15T12:00:00Z');
    expect(zoneAbbreviation('Europe/Berlin', winter)).toBe('CET');
    expect(zoneAbbreviation('America/New_York', winter)).toBe('EST');
    expect(zoneLabel('Europe/Berlin', winter)).toBe('Europe/Berlin, CET');
    expect(zoneLabel('UTC', winter)).toBe('UTC');
    expect(formatWithZone('2026-11-24T08:41:07Z', 'Europe/Berlin')).toBe('2026-11-24 09:41:07 CET');
    expect(formatWithZoneName('2026-07-01T08:41:07Z', 'Europe/Berlin')).toBe('2026-07-01 10:41:07 CEST (Europe/Berlin)');
    expect(formatWithZoneName('2026-07-01T08:41:07Z', 'UTC')).toBe('2026-07-01 08:41:07 UTC');
  });
});

describe('wall times in a zone', () => {
  it('reads a datetime-local value in the given zone, with that zone offset then', () => {
    expect(wallTimeToRfc3339('2026-12-01T09:00', 'America/New_York')).toBe('2026-12-01T09:00:00-05:00');
    expect(wallTimeToRfc3339('2026-07-01T09:00', 'America/New_York')).toBe('2026-07-01T09:00:00-04:00');
    expect(wallTimeToRfc3339('2026-07-01T09:00:30', 'Asia/Kolkata')).toBe('2026-07-01T09:00:30+05:30');
    expect(wallTimeToRfc3339('2026-07-01T09:00', 'UTC')).toBe('2026-07-01T09:00:00+00:00');
  });

  it('moves a skipped wall time forward by the gap, as clocks do', () => {
    // 2026-03-08 02:30 does not exist in New York: clocks jump from 02:00 EST to 03:00 EDT.
    expect(wallTimeToRfc3339('2026-03-08T02:30', 'America/New_York')).toBe('2026-03-08T03:30:00-04:00');
    expect(wallTimeToRfc3339('2026-03-29T02:30', 'Europe/Berlin')).toBe('2026-03-29T03:30:00+02:00');
  });

  it('reads a repeated wall time as its first occurrence, west and east of Greenwich', () => {
    expect(wallTimeToRfc3339('2026-11-01T01:30', 'America/New_York')).toBe('2026-11-01T01:30:00-04:00');
    expect(wallTimeToRfc3339('2026-10-25T02:30', 'Europe/Berlin')).toBe('2026-10-25T02:30:00+02:00');
  });

  it('refuses text that is no wall time, and zones this browser does not know', () => {
    expect(wallTimeToRfc3339('', 'UTC')).toBeNull();
    expect(wallTimeToRfc3339('2026-02-30T09:00', 'UTC')).toBeNull();
    expect(wallTimeToRfc3339('2026-12-01 09:00', 'UTC')).toBeNull();
    expect(wallTimeToRfc3339('2026-12-01T09:00', 'Mars/Olympus')).toBeNull();
  });

  it('shows an instant as a datetime-local value, seconds only when set', () => {
    expect(rfc3339ToWallTime('2026-12-01T14:00:00Z', 'America/New_York')).toBe('2026-12-01T09:00');
    expect(rfc3339ToWallTime('2026-12-01T14:00:05Z', 'Europe/Berlin')).toBe('2026-12-01T15:00:05');
    expect(rfc3339ToWallTime('nonsense', 'UTC')).toBe('');
  });
});
