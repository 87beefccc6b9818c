import { describe, expect, it } from 'vitest';
import { run, schedule } from '../test/fixtures';
import {
  compactJson,
  dstLabel,
  fireInZone,
  formatDuration,
  RESPONSE_CHARS,
  resultSummary,
  runOutcome,
  SUMMARY_CHARS,
  timingText,
  VALUE_CHARS,
} from './scheduleText';

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

  it('summarises a run by its error first, whole in the tooltip, else by what it reported', () => {
    const failed = runOutcome(run(1, { error: 'HTTP 500 from hook', result: { status: 500 } }));
    expect(failed).toEqual({ text: 'HTTP 500 from hook', title: 'HTTP 500 from hook', failed: true });

    const ok = runOutcome(run(2, { result: { status: 200, response: '{"received":1}' } }));
    expect(ok.failed).toBe(false);
    expect(ok.text).toBe('HTTP 200 · {received:1}');
    // The tooltip has the response exactly as the receiver sent it.
    expect(ok.title).toBe('HTTP 200\n{"received":1}');

    expect(runOutcome(run(3, { result: null }))).toEqual({ text: '', title: '', failed: false });
  });

  it('cuts a long error to one short line but keeps all of it in the tooltip', () => {
    const error = `connection refused\n${'x'.repeat(500)}`;
    const outcome = runOutcome(run(4, { error, result: null }));
    expect(outcome.text).toHaveLength(SUMMARY_CHARS);
    expect(outcome.text.startsWith('connection refused x')).toBe(true);
    expect(outcome.text.endsWith('…')).toBe(true);
    expect(outcome.title).toBe(error);
  });

  it('reads a webhook answer as its HTTP status and a short, compact response', () => {
    expect(resultSummary({ status: 200 })).toBe('HTTP 200');
    expect(resultSummary({ status: 204, response: '' })).toBe('HTTP 204');
    expect(resultSummary({ status: 200, response: 'OK\n' })).toBe('HTTP 200 · OK');
    expect(resultSummary({ response: '{"received":1}', status: 200 })).toBe('HTTP 200 · {received:1}');

    const long = resultSummary({ status: 202, response: JSON.stringify({ queued: true, ids: Array.from({ length: 40 }, (_, i) => i) }) });
    const body = long.slice('HTTP 202 · '.length);
    expect(long.startsWith('HTTP 202 · {queued:true,ids:[0,1,2')).toBe(true);
    expect(body).toHaveLength(RESPONSE_CHARS);
    expect(body.endsWith('…')).toBe(true);
  });

  it('lists the scalar fields of any other result as key: value', () => {
    // Not a webhook answer: a status that is no HTTP code, or fields beyond status and response.
    expect(resultSummary({ status: 'done', synced: 12, dry_run: false, note: null, rows: [1, 2] })).toBe(
      'status: done, synced: 12, dry_run: false, note: null',
    );
    expect(resultSummary({ status: 200, response: 'ok', bots: 3 })).toBe('status: 200, response: ok, bots: 3');
    const value = resultSummary({ message: 'y'.repeat(100) }).slice('message: '.length);
    expect(value).toHaveLength(VALUE_CHARS);
    // With no scalar field there is nothing to list: the object itself, compacted.
    expect(resultSummary({ rows: [1, 2], by: { a: 1 } })).toBe('{rows:[1,2],by:{a:1}}');
  });

  it('shows text, numbers and lists as they are, on one line and cut to the cell', () => {
    expect(resultSummary('all\n  done')).toBe('all done');
    expect(resultSummary(42)).toBe('42');
    expect(resultSummary([1, 'a'])).toBe('[1,"a"]');
    expect(resultSummary(null)).toBe('');
    const long = resultSummary('x'.repeat(500));
    expect(long).toHaveLength(SUMMARY_CHARS);
    expect(long.endsWith('…')).toBe(true);
  });

  it('writes JSON compactly, quoting only keys that are no plain names', () => {
    expect(compactJson({ a: 1, 'x-id': 'v', nested: { ok: true } })).toBe('{a:1,"x-id":"v",nested:{ok:true}}');
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
