import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Schedule } from '../../bindings/Schedule';
import { EditorOptions } from '../../lib/editorOptions.svelte';
import { apiError, callsOf, deferred, fireTime, mockBackend, resetBackend, schedule, schedulesBackend, type Handler } from '../../test/fixtures';
import ScheduleEditor from './ScheduleEditor.svelte';

afterEach(resetBackend);

function open(handlers: Record<string, Handler> = {}, editing: Schedule | null = null) {
  const calls = mockBackend(schedulesBackend(handlers));
  const onsaved = vi.fn<(s: Schedule) => void>();
  const oncancel = vi.fn<() => void>();
  render(ScheduleEditor, { props: { options: new EditorOptions(), editing, onsaved, oncancel } });
  return { calls, onsaved, oncancel };
}

const input = (id: string): HTMLInputElement => screen.getByTestId<HTMLInputElement>(id);

/** New York, spring forward and fall back: every DST note the backend sends. */
const DST_PREVIEW = {
  description: 'At 02:30, every day',
  fires: [
    fireTime('2026-03-07T07:30:00Z', '2026-03-07T02:30:00-05:00'),
    fireTime('2026-03-08T07:30:00Z', '2026-03-08T03:30:00-04:00', 'shifted_from_gap'),
    fireTime('2026-11-01T05:30:00Z', '2026-11-01T01:30:00-04:00', 'repeated_hour_first'),
    fireTime('2026-11-01T06:30:00Z', '2026-11-01T01:30:00-05:00', 'repeated_hour_second'),
  ],
};

describe('ScheduleEditor', () => {
  it('previews the expression in the schedule zone and the trader zone, flagging DST fires in words', async () => {
    const { calls } = open({ cron_preview: () => DST_PREVIEW });
    await fireEvent.input(input('schedule-zone'), { target: { value: 'America/New_York' } });
    await fireEvent.input(input('schedule-cron'), { target: { value: '30 2 * * *' } });
    // Debounced: nothing is asked while the trader is typing.
    expect(callsOf(calls, 'cron_preview')).toHaveLength(0);

    const description = await screen.findByTestId('schedule-description');
    expect(description.textContent).toContain('At 02:30, every day');
    expect(callsOf(calls, 'cron_preview')).toEqual([{ expr: '30 2 * * *', zone: 'America/New_York', count: 10 }]);

    const rows = within(screen.getByTestId('schedule-preview')).getAllByTestId('preview-row');
    expect(rows.map((r) => r.dataset['dst'])).toEqual(['none', 'shifted_from_gap', 'repeated_hour_first', 'repeated_hour_second']);
    expect(rows[0]?.textContent).not.toContain('DST');
    expect(rows[1]?.textContent).toContain('2026-03-08 03:30:00 EDT');
    expect(rows[1]?.textContent).toContain('2026-03-08 07:30:00 UTC');
    expect(rows[1]?.textContent).toContain('DST: shifted, the wall time was skipped');
    expect(rows[2]?.textContent).toContain('DST: first of the repeated hour');
    expect(rows[3]?.textContent).toContain('2026-11-01 01:30:00 EST');
    expect(rows[3]?.textContent).toContain('DST: second of the repeated hour');
  });

  it('shows a preview refusal beside the cron input', async () => {
    open({
      cron_preview: () => {
        throw apiError('`61` is not a minute (0-59)', 'cron');
      },
    });
    await fireEvent.input(input('schedule-cron'), { target: { value: '61 * * * *' } });
    const error = await screen.findByTestId('field-error-cron');
    expect(error.textContent).toContain('is not a minute');
    expect(input('schedule-cron').getAttribute('aria-invalid')).toBe('true');
    expect(screen.queryByTestId('schedule-preview')).toBeNull();
  });

  it('offers only available kinds, naming the others "not available yet"', async () => {
    open();
    const select = screen.getByTestId<HTMLSelectElement>('schedule-kind');
    await waitFor(() => expect(select.options).toHaveLength(3));
    const runBots = [...select.options].find((o) => o.value === 'run-bots');
    expect(runBots?.disabled).toBe(true);
    expect(runBots?.textContent).toContain('not available yet');
    expect([...select.options].find((o) => o.value === 'webhook')?.disabled).toBe(false);
    expect(select.value).toBe('webhook');
  });

  it('shows a refused save beside the field it names and keeps everything typed', async () => {
    const { calls, onsaved } = open({
      schedule_create: () => {
        throw apiError('must start with http:// or https://, not `ftp:`', 'params.url');
      },
    });
    await fireEvent.input(input('schedule-name'), { target: { value: 'Close bell' } });
    await fireEvent.input(input('schedule-url'), { target: { value: 'ftp://example.com' } });
    await fireEvent.input(screen.getByTestId('schedule-payload'), { target: { value: '{"a": 1}' } });
    await fireEvent.input(input('schedule-cron'), { target: { value: '0 16 * * MON-FRI' } });
    await fireEvent.click(screen.getByTestId('schedule-save'));

    const error = await screen.findByTestId('field-error-params.url');
    expect(error.textContent).toContain('must start with http://');
    expect(input('schedule-url').getAttribute('aria-invalid')).toBe('true');
    expect(input('schedule-name').value).toBe('Close bell');
    expect(input('schedule-url').value).toBe('ftp://example.com');
    expect(screen.getByTestId<HTMLTextAreaElement>('schedule-payload').value).toBe('{"a": 1}');
    expect(input('schedule-cron').value).toBe('0 16 * * MON-FRI');
    expect(screen.getByTestId<HTMLButtonElement>('schedule-save').disabled).toBe(false);
    expect(onsaved).not.toHaveBeenCalled();
    expect(callsOf(calls, 'schedule_create')).toHaveLength(1);

    // Fixing the field takes the stale message away.
    await fireEvent.input(input('schedule-url'), { target: { value: 'https://example.com' } });
    expect(screen.queryByTestId('field-error-params.url')).toBeNull();
  });

  it('opens the advanced section when the refusal is about one of its fields', async () => {
    open({
      schedule_create: () => {
        throw apiError('is 25; must be between 1 and 20 attempts', 'max_attempts');
      },
    });
    const details = screen.getByTestId('schedule-max-attempts').closest('details');
    expect(details?.open).toBe(false);
    await fireEvent.input(input('schedule-max-attempts'), { target: { value: '25' } });
    await fireEvent.click(screen.getByTestId('schedule-save'));
    const error = await screen.findByTestId('field-error-max_attempts');
    expect(error.textContent).toContain('between 1 and 20');
    expect(details?.open).toBe(true);
    expect(input('schedule-max-attempts').value).toBe('25');
  });

  it('refuses a payload that is no JSON without asking the backend', async () => {
    const { calls } = open();
    await fireEvent.input(screen.getByTestId('schedule-payload'), { target: { value: '{oops' } });
    await fireEvent.click(screen.getByTestId('schedule-save'));
    expect((await screen.findByTestId('field-error-params.payload')).textContent).toContain('is not valid JSON');
    expect(callsOf(calls, 'schedule_create')).toHaveLength(0);
  });

  it('disables Save and shows progress while saving, then reports the saved schedule', async () => {
    const reply = deferred<Schedule>();
    const { onsaved } = open({ schedule_create: () => reply.promise });
    await fireEvent.click(screen.getByTestId('schedule-save'));
    const save = screen.getByTestId<HTMLButtonElement>('schedule-save');
    await waitFor(() => expect(save.disabled).toBe(true));
    expect(save.textContent).toContain('Saving…');
    reply.resolve(schedule(9));
    await waitFor(() => expect(onsaved).toHaveBeenCalledWith(schedule(9)));
  });

  it('sends a one-time job as run_at with the trader offset, and no cron', async () => {
    const { calls } = open({ schedule_create: () => schedule(3) });
    await fireEvent.input(input('schedule-name'), { target: { value: 'Deadline' } });
    await fireEvent.input(input('schedule-url'), { target: { value: 'https://example.com/d' } });
    await fireEvent.click(screen.getByTestId('schedule-timing-once'));
    await fireEvent.input(input('schedule-run-at'), { target: { value: '2026-12-01T09:00' } });
    await fireEvent.click(screen.getByTestId('schedule-save'));
    await waitFor(() => expect(callsOf(calls, 'schedule_create')).toHaveLength(1));
    expect(callsOf(calls, 'schedule_create')[0]?.['input']).toMatchObject({ cron: null, run_at: '2026-12-01T09:00:00+00:00' });
    expect(callsOf(calls, 'cron_preview')).toHaveLength(0);
  });

  it('cancels without saving', async () => {
    const { calls, oncancel } = open();
    await fireEvent.click(screen.getByTestId('schedule-cancel'));
    expect(oncancel).toHaveBeenCalledOnce();
    expect(calls.filter((c) => c.cmd.startsWith('schedule_'))).toHaveLength(0);
  });
});
