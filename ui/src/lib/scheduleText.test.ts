import { describe, expect, it } from 'vitest';
import { run, schedule } from '../test/fixtures';
import { dstLabel, fireInZone, formatDuration, runSummary, SUMMARY_CHARS, timingText } from './scheduleText';

describe('schedule text', () => {
  it('names each DST note in words', () => {
    expect(dstLabel('shifted_from_gap')).toBe('DST: shifted, the wall time was skipped');
    expect(dstLabel('repeated_hour_first')).toBe('DST: first of the repeated hour');
    expect(dstLabel('repeated_hour_second')).toBe('DST: second of the repeated hour');
  });

  it('formats durations at a useful precision', () => {
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(4_230)).toBe('4.2 s');
    expect(formatDuration(185_000)).toBe('3 min 05 s');
    expect(formatDuration(3_725_000)).toBe('1 h 02 min');
  });

  it('summarises a run by its error first, else its result, cut to one line', () => {
    expect(runSummary(run(1, { error: 'HTTP 500 from hook', result: { status: 500 } }))).toBe('HTTP 500 from hook');
    expect(runSummary(run(2, { result: { status: 200 } }))).toBe('{"status":200}');
    expect(runSummary(run(3, { result: null }))).toBe('');
    const long = runSummary(run(4, { result: 'x'.repeat(500) }));
    expect(long).toHaveLength(SUMMARY_CHARS);
    expect(long.endsWith('…')).toBe(true);
  });

  it('shows a fire at the wall time the backend computed, with the zone abbreviation then', () => {
    const fire = { at: '2026-03-08T07:00:00Z', local: '2026-03-08T03:00:00-04:00', dst: 'shifted_from_gap' as const };
    expect(fireInZone(fire, 'America/New_York')).toBe('2026-03-08 03:00:00 EDT');
  });

  it('describes cron timing by its expression and one-time timing in the schedule zone', () => {
    expect(timingText(schedule(1, { timing: { type: 'cron', expr: '*/5 * * * *' } }))).toBe('*/5 * * * *');
    const once = schedule(2, { timing: { type: 'once', at: '2026-12-01T14:00:00Z' }, time_zone: 'America/New_York' });
    expect(timingText(once)).toBe('once at 2026-12-01 09:00:00 EST');
  });
});
