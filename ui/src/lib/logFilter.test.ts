import { describe, expect, it } from 'vitest';
import type { LogFilter } from '../bindings/LogFilter';
import { logEntry } from '../test/fixtures';
import { emptyFilter, emptyForm, formToFilter, isFiltering, matchesFilter, toggle, words } from './logFilter';

const f = (overrides: Partial<LogFilter>): LogFilter => ({ ...emptyFilter(), ...overrides });

describe('words', () => {
  it('splits on anything but letters and digits and lower-cases', () => {
    expect(words('Emergency pause: market_crash!! BTC-USD 42x')).toEqual([
      'emergency',
      'pause',
      'market',
      'crash',
      'btc',
      'usd',
      '42x',
    ]);
    expect(words('  ,;  ')).toEqual([]);
  });

  it('keeps non-ASCII letters inside words', () => {
    expect(words('Größe über Ölpreis')).toEqual(['größe', 'über', 'ölpreis']);
  });
});

describe('matchesFilter', () => {
  const e = logEntry(7, {
    log_type: 'SYSTEM',
    severity: 'CRITICAL',
    source: 'system',
    bot_id: 'btc-momentum',
    action: 'pause_all',
    message: 'Emergency pause: market crash',
    time: '2026-01-02T03:04:05Z',
  });

  it('lets everything through an empty filter', () => {
    expect(matchesFilter(emptyFilter(), e)).toBe(true);
  });

  it('treats type and severity lists as any-of', () => {
    expect(matchesFilter(f({ types: ['SAFETY', 'SYSTEM'] }), e)).toBe(true);
    expect(matchesFilter(f({ types: ['TRADE'] }), e)).toBe(false);
    expect(matchesFilter(f({ severities: ['ERROR', 'CRITICAL'] }), e)).toBe(true);
    expect(matchesFilter(f({ severities: ['INFO', 'WARNING'] }), e)).toBe(false);
    expect(matchesFilter(f({ types: ['SYSTEM'], severities: ['INFO'] }), e)).toBe(false);
  });

  it('matches source and bot exactly', () => {
    expect(matchesFilter(f({ source: 'system' }), e)).toBe(true);
    expect(matchesFilter(f({ source: 'sys' }), e)).toBe(false);
    expect(matchesFilter(f({ source: 'System' }), e)).toBe(false);
    expect(matchesFilter(f({ bot_id: 'btc-momentum' }), e)).toBe(true);
    expect(matchesFilter(f({ bot_id: 'btc' }), e)).toBe(false);
    expect(matchesFilter(f({ bot_id: 'btc-momentum' }), { ...e, bot_id: null })).toBe(false);
  });

  it('matches text as word prefixes across message, action and source, any order and case', () => {
    const text = (t: string): boolean => matchesFilter(f({ text: t }), e);
    expect(text('emerg')).toBe(true);
    expect(text('CRASH market')).toBe(true);
    expect(text('pause_all')).toBe(true);
    expect(text('all')).toBe(true);
    expect(text('syst')).toBe(true);
    expect(text('rash')).toBe(false);
    expect(text('market boom')).toBe(false);
    expect(text('btc')).toBe(false);
    expect(text('  ;; ')).toBe(true);
  });

  it('bounds time inclusively with since and until', () => {
    expect(matchesFilter(f({ since: '2026-01-02T03:04:05Z' }), e)).toBe(true);
    expect(matchesFilter(f({ since: '2026-01-02T03:04:06Z' }), e)).toBe(false);
    expect(matchesFilter(f({ until: '2026-01-02T03:04:05Z' }), e)).toBe(true);
    expect(matchesFilter(f({ until: '2026-01-02T03:04:04Z' }), e)).toBe(false);
    expect(matchesFilter(f({ since: '2026-01-02T04:00:00+01:00', until: '2026-01-02T04:04:05+01:00' }), e)).toBe(true);
  });
});

describe('formToFilter', () => {
  it('turns blank inputs into null, trims, and keeps chip order canonical', () => {
    const filter = formToFilter({
      ...emptyForm(),
      types: ['SYSTEM', 'TRADE'],
      severities: ['CRITICAL', 'INFO'],
      source: '  risk ',
      bot: '   ',
      text: ' crash ',
    });
    expect(filter).toEqual({
      types: ['TRADE', 'SYSTEM'],
      severities: ['INFO', 'CRITICAL'],
      source: 'risk',
      bot_id: null,
      text: 'crash',
      since: null,
      until: null,
    });
    expect(isFiltering(filter)).toBe(true);
    expect(isFiltering(formToFilter(emptyForm()))).toBe(false);
  });

  it('toggles chips on and off', () => {
    expect(toggle(['INFO'], 'ERROR')).toEqual(['INFO', 'ERROR']);
    expect(toggle(['INFO', 'ERROR'], 'INFO')).toEqual(['ERROR']);
  });
});
