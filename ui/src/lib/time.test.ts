import { describe, expect, it } from 'vitest';
import { formatDateTime, formatWithZone, formatWithZoneName, zoneAbbreviation, zoneLabel } from './time';

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
