import { describe, expect, it } from 'vitest';
import type { ScheduleInput } from '../bindings/ScheduleInput';
import { schedule, scheduleInput } from '../test/fixtures';
import { formFromSchedule, formToInput, newForm, webhookParamsOf, type FormResult } from './scheduleForm';

function inputOf(result: FormResult): ScheduleInput {
  if (!result.ok) throw new Error(`expected an input, got ${result.error.field}: ${result.error.message}`);
  return result.input;
}

function errorOf(result: FormResult): { field: string | null; message: string } {
  if (result.ok) throw new Error('expected a refusal');
  return { field: result.error.field, message: result.error.message };
}

describe('schedule form', () => {
  it('turns a new webhook form into the backend defaults, with the zone it was given', () => {
    const form = { ...newForm('Europe/Berlin'), name: 'Open bell', url: ' https://example.com/h ', cron: ' 0 9 * * MON-FRI ' };
    expect(inputOf(formToInput(form, 'Europe/Berlin'))).toEqual(
      scheduleInput({
        name: 'Open bell',
        params: { url: 'https://example.com/h', payload: null },
        cron: '0 9 * * MON-FRI',
        time_zone: 'Europe/Berlin',
      }),
    );
  });

  it('parses the payload as JSON and names params.payload when it is not', () => {
    const form = { ...newForm('UTC'), url: 'https://x.io', cron: '* * * * *', payload: '{"symbol": "BTC-USD", "qty": 2}' };
    expect(inputOf(formToInput(form, 'UTC')).params).toEqual({ url: 'https://x.io', payload: { symbol: 'BTC-USD', qty: 2 } });

    const bad = errorOf(formToInput({ ...form, payload: '{symbol: BTC}' }, 'UTC'));
    expect(bad.field).toBe('params.payload');
    expect(bad.message).toContain('is not valid JSON');
  });

  it('sends {} for kinds that take no parameters, whatever the webhook inputs hold', () => {
    const form = { ...newForm('UTC', 'check-signals'), url: 'https://left.over', payload: '[1]', cron: '*/5 * * * *' };
    expect(inputOf(formToInput(form, 'UTC')).params).toEqual({});
  });

  it('sends exactly one of cron and run_at, reading run_at in the trader zone', () => {
    const form = { ...newForm('Asia/Tokyo'), cron: '0 9 * * *', timing: 'once' as const, runAt: '2026-12-01T09:00' };
    const input = inputOf(formToInput(form, 'America/New_York'));
    expect(input.cron).toBeNull();
    expect(input.run_at).toBe('2026-12-01T09:00:00-05:00');
    expect(input.time_zone).toBe('Asia/Tokyo');

    const cron = inputOf(formToInput({ ...form, timing: 'cron' }, 'America/New_York'));
    expect(cron.run_at).toBeNull();
    expect(cron.cron).toBe('0 9 * * *');
  });

  it('refuses an empty one-time instant on run_at, not on cron', () => {
    const err = errorOf(formToInput({ ...newForm('UTC'), timing: 'once', runAt: '' }, 'UTC'));
    expect(err.field).toBe('run_at');
  });

  it('refuses empty or fractional numbers, naming the field', () => {
    expect(errorOf(formToInput({ ...newForm('UTC'), timeoutSecs: null }, 'UTC')).field).toBe('timeout_secs');
    expect(errorOf(formToInput({ ...newForm('UTC'), maxAttempts: 2.5 }, 'UTC')).field).toBe('max_attempts');
    expect(errorOf(formToInput({ ...newForm('UTC'), alertAfterFailures: -1 }, 'UTC')).field).toBe('alert_after_failures');
    // Out-of-range whole numbers are the backend's to refuse, with its own limits.
    expect(inputOf(formToInput({ ...newForm('UTC'), maxAttempts: 99 }, 'UTC')).max_attempts).toBe(99);
  });

  it('edits a stored schedule: webhook payload as pretty JSON, a one-time instant in the trader zone', () => {
    const stored = schedule(4, {
      name: 'Deadline',
      params: { url: 'https://example.com/d', payload: { a: 1 } },
      timing: { type: 'once', at: '2026-12-01T14:00:00Z' },
      time_zone: 'Europe/Berlin',
      max_attempts: 5,
      missed_policy: 'catch_up',
    });
    const form = formFromSchedule(stored, 'America/New_York');
    expect(form).toMatchObject({
      name: 'Deadline',
      url: 'https://example.com/d',
      payload: '{\n  "a": 1\n}',
      timing: 'once',
      cron: '',
      runAt: '2026-12-01T09:00',
      timeZone: 'Europe/Berlin',
      maxAttempts: 5,
      missedPolicy: 'catch_up',
    });
    // Saving unchanged gives back the same instant and parameters.
    const input = inputOf(formToInput(form, 'America/New_York'));
    expect(new Date(input.run_at ?? '').toISOString()).toBe('2026-12-01T14:00:00.000Z');
    expect(input.params).toEqual({ url: 'https://example.com/d', payload: { a: 1 } });
  });

  it('reads webhook parameters only from the right shape', () => {
    expect(webhookParamsOf({ url: 'https://a.b' })).toEqual({ url: 'https://a.b', payload: null });
    expect(webhookParamsOf({})).toBeNull();
    expect(webhookParamsOf(['https://a.b'])).toBeNull();
    expect(webhookParamsOf(null)).toBeNull();
  });
});
