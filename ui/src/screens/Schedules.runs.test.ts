import { emit } from '@tauri-apps/api/event';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import type { AppEvent } from '../bindings/AppEvent';
import type { RunFilter } from '../bindings/RunFilter';
import type { ScheduleRun } from '../bindings/ScheduleRun';
import { APP_EVENT } from '../lib/events';
import { apiError, callsOf, mockBackend, resetBackend, run, runPage, schedule, schedulesBackend, summary } from '../test/fixtures';
import Schedules from './Schedules.svelte';

afterEach(resetBackend);

const runRows = (): HTMLElement[] => screen.queryAllByTestId('run-row');
const runIds = (): string[] => runRows().map((r) => r.dataset['id'] ?? '');
const filterOf = (args: Record<string, unknown> | undefined): RunFilter => args?.['filter'] as RunFilter;

async function changed(r: ScheduleRun): Promise<void> {
  const event: AppEvent = { kind: 'run_changed', run: r };
  await emit(APP_EVENT, event);
}

describe('Run history', () => {
  it('lists runs newest first with their details and pages older ones with next_before', async () => {
    const calls = mockBackend(
      schedulesBackend({
        schedule_runs: (args) =>
          filterOf(args).before === null
            ? runPage(
                [
                  run(12, { status: 'failed', error: 'HTTP 502 from hook', attempt: 2, trigger: 'retry', retry_at: '2026-11-24T09:20:00Z' }),
                  run(11, { result: { status: 200, response: '{"received":1}' } }),
                ],
                11,
              )
            : runPage([run(10, { status: 'missed', started_at: null, duration_ms: null, result: null })], null),
      }),
    );
    render(Schedules);
    await waitFor(() => expect(runRows()).toHaveLength(2));
    expect(filterOf(callsOf(calls, 'schedule_runs')[0])).toEqual({ schedule_id: null, statuses: [], before: null, limit: 100 });

    const [failed, ok] = runRows();
    expect(failed?.dataset['status']).toBe('failed');
    expect(failed?.dataset['schedule']).toBe('schedule 1');
    expect(failed?.textContent).toContain('HTTP 502 from hook');
    expect(failed?.textContent).toContain('retry');
    expect(failed?.textContent).toContain('2026-11-24 09:12:00');
    expect(failed?.textContent).toContain('Retry at 2026-11-24 09:20:00');
    expect(ok?.textContent).toContain('1.2 s');
    // A webhook answer reads as its status and response, not as raw JSON; the tooltip has it all.
    const outcome = within(ok as HTMLElement).getByTestId('run-outcome');
    expect(outcome.textContent?.trim()).toBe('HTTP 200 · {received:1}');
    expect(outcome.getAttribute('title')).toBe('HTTP 200\n{"received":1}');
    // The zone is named once, above the table, not squeezed into a column header.
    expect(screen.getByTestId('runs-zone').textContent).toBe('Times in UTC');
    expect(screen.getByTestId('runs-table').querySelector('thead')?.textContent).not.toContain('UTC');

    await fireEvent.click(screen.getByTestId('runs-load-more'));
    await waitFor(() => expect(runIds()).toEqual(['12', '11', '10']));
    expect(filterOf(callsOf(calls, 'schedule_runs')[1])).toEqual({ schedule_id: null, statuses: [], before: 11, limit: 100 });
    expect(screen.queryByTestId('runs-load-more')).toBeNull();
    expect(screen.getByTestId('runs-end')).toBeTruthy();
  });

  it('filters by schedule and by status chips', async () => {
    const calls = mockBackend(
      schedulesBackend({
        schedules_list: () => [summary(schedule(1, { name: 'Open bell' })), summary(schedule(2, { name: 'Nightly sync' }))],
        schedule_runs: () => runPage([run(5)]),
      }),
    );
    render(Schedules);
    await waitFor(() => expect(runRows()).toHaveLength(1));
    await waitFor(() => expect(screen.getAllByTestId('schedule-row')).toHaveLength(2));

    await fireEvent.change(screen.getByTestId('runs-filter-schedule'), { target: { value: '2' } });
    await waitFor(() => expect(callsOf(calls, 'schedule_runs')).toHaveLength(2));
    expect(filterOf(callsOf(calls, 'schedule_runs')[1])).toMatchObject({ schedule_id: 2, statuses: [], before: null });

    const dead = screen.getByTestId('runs-status-dead');
    await fireEvent.click(screen.getByTestId('runs-status-failed'));
    await fireEvent.click(dead);
    await waitFor(() => expect(callsOf(calls, 'schedule_runs')).toHaveLength(4));
    // Chips go out in the backend's status order, whatever order they were pressed in.
    expect(filterOf(callsOf(calls, 'schedule_runs')[3])).toMatchObject({ schedule_id: 2, statuses: ['failed', 'dead'] });
    expect(dead.getAttribute('aria-pressed')).toBe('true');
  });

  it('updates from run_changed without asking for the history again', async () => {
    const calls = mockBackend(schedulesBackend({ schedule_runs: () => runPage([run(20)]) }), { events: true });
    render(Schedules);
    await waitFor(() => expect(runRows()).toHaveLength(1));

    await changed(run(21, { status: 'running', finished_at: null, duration_ms: null, result: null }));
    await waitFor(() => expect(runIds()).toEqual(['21', '20']));
    expect(runRows()[0]?.dataset['status']).toBe('running');

    await changed(run(21, { status: 'succeeded' }));
    await waitFor(() => expect(runRows()[0]?.dataset['status']).toBe('succeeded'));
    expect(runIds()).toEqual(['21', '20']);
    expect(callsOf(calls, 'schedule_runs')).toHaveLength(1);
  });

  it('shows empty, and error with retry', async () => {
    let fail = true;
    mockBackend(
      schedulesBackend({
        schedule_runs: () => {
          if (fail) throw apiError('no such table: schedule_runs');
          return runPage([]);
        },
      }),
    );
    render(Schedules);
    const error = await screen.findByTestId('runs-error');
    expect(error.textContent).toContain('no such table');
    fail = false;
    await fireEvent.click(screen.getByTestId('runs-retry'));
    expect((await screen.findByTestId('runs-empty')).textContent).toContain('No runs yet');
  });
});

describe('Dead letters', () => {
  const deadRun = (id: number): ScheduleRun =>
    run(id, { status: 'dead', attempt: 3, error: `connection refused (${id})`, result: null });

  it('retries a dead letter: it leaves the list and its new run joins the history', async () => {
    const calls = mockBackend(
      schedulesBackend({
        dead_letters: () => [deadRun(30), deadRun(29)],
        dead_letter_settle: () => run(31, { status: 'running', trigger: 'dead_letter_retry' }),
      }),
    );
    render(Schedules);
    await waitFor(() => expect(screen.getAllByTestId('dead-letter-row')).toHaveLength(2));
    expect(screen.getAllByTestId('dead-letter-row')[0]?.textContent).toContain('connection refused (30)');
    await screen.findByTestId('runs-empty');

    await fireEvent.click(within(screen.getAllByTestId('dead-letter-row')[0] as HTMLElement).getByTestId('dead-letter-retry'));

    await waitFor(() => expect(screen.getAllByTestId('dead-letter-row')).toHaveLength(1));
    expect(callsOf(calls, 'dead_letter_settle')).toEqual([{ id: 30, action: 'retry' }]);
    expect(screen.getByTestId('dead-letter-row').dataset['id']).toBe('29');
    await waitFor(() => expect(runIds()).toEqual(['31']));
    expect(runRows()[0]?.textContent).toContain('dead-letter retry');
  });

  it('dismisses a dead letter down to the empty state', async () => {
    const calls = mockBackend(schedulesBackend({ dead_letters: () => [deadRun(30)], dead_letter_settle: () => null }));
    render(Schedules);
    await fireEvent.click(await screen.findByTestId('dead-letter-dismiss'));
    const empty = await screen.findByTestId('dead-letters-empty');
    expect(empty.textContent).toContain('No dead letters');
    expect(callsOf(calls, 'dead_letter_settle')).toEqual([{ id: 30, action: 'dismiss' }]);
  });

  it('keeps a dead letter whose settling failed and says why', async () => {
    mockBackend(
      schedulesBackend({
        dead_letters: () => [deadRun(30)],
        dead_letter_settle: () => {
          throw apiError('run 30 was already settled by cli');
        },
      }),
    );
    render(Schedules);
    await fireEvent.click(await screen.findByTestId('dead-letter-retry'));
    const row = screen.getByTestId('dead-letter-row');
    await waitFor(() => expect(row.textContent).toContain('already settled by cli'));
    expect(screen.getByTestId<HTMLButtonElement>('dead-letter-retry').disabled).toBe(false);
  });

  it('reloads the list when a run dies', async () => {
    let letters: ScheduleRun[] = [];
    const calls = mockBackend(schedulesBackend({ dead_letters: () => letters }), { events: true });
    render(Schedules);
    await screen.findByTestId('dead-letters-empty');

    letters = [deadRun(40)];
    await changed(deadRun(40));
    await waitFor(() => expect(screen.getAllByTestId('dead-letter-row')).toHaveLength(1));
    expect(callsOf(calls, 'dead_letters')).toHaveLength(2);
  });
});
