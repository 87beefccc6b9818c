import { emit } from '@tauri-apps/api/event';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import type { AppEvent } from '../bindings/AppEvent';
import type { ScheduleSummary } from '../bindings/ScheduleSummary';
import { APP_EVENT } from '../lib/events';
import { ScheduleAlerts } from '../lib/schedules.svelte';
import {
  apiError,
  callsOf,
  deferred,
  fireTime,
  mockBackend,
  resetBackend,
  run,
  schedule,
  scheduleInput,
  schedulerStatus,
  schedulesBackend,
  summary,
} from '../test/fixtures';
import Schedules from './Schedules.svelte';

afterEach(resetBackend);

const rowNamed = (name: string): HTMLElement => {
  const row = screen.getAllByTestId('schedule-row').find((r) => r.dataset['name'] === name);
  if (!row) throw new Error(`no row ${name}`);
  return row;
};

const nyOpen = summary(schedule(1, { name: 'Open bell', time_zone: 'America/New_York' }), {
  next_fire: fireTime('2026-11-25T14:30:00Z', '2026-11-25T09:30:00-05:00'),
  last_run: run(7, { status: 'failed', error: 'HTTP 502' }),
  failure_streak: 2,
});
const utcSync = summary(schedule(2, { name: 'Nightly sync', timing: { type: 'cron', expr: '0 2 * * *' } }), {
  next_fire: fireTime('2026-11-26T02:00:00Z'),
});

describe('Schedules list', () => {
  it('shows the loading state until the list arrives', async () => {
    const reply = deferred<ScheduleSummary[]>();
    mockBackend(schedulesBackend({ schedules_list: () => reply.promise }));
    render(Schedules);
    expect(screen.getByTestId('screen-schedules')).toBeTruthy();
    expect(screen.getByTestId('schedules-loading')).toBeTruthy();
    reply.resolve([utcSync]);
    await waitFor(() => expect(screen.getAllByTestId('schedule-row')).toHaveLength(1));
    expect(screen.queryByTestId('schedules-loading')).toBeNull();
  });

  it('offers to create the first schedule when there is none', async () => {
    mockBackend(schedulesBackend());
    render(Schedules);
    const empty = await screen.findByTestId('schedules-empty');
    expect(empty.textContent).toContain('No schedules yet');
    expect(screen.queryByTestId('schedule-editor')).toBeNull();
    await fireEvent.click(within(empty).getByRole('button', { name: 'New schedule' }));
    expect(screen.getByTestId('schedule-editor')).toBeTruthy();
  });

  it('shows the error and retries on request', async () => {
    let fail = true;
    const calls = mockBackend(
      schedulesBackend({
        schedules_list: () => {
          if (fail) throw apiError('database is locked');
          return [utcSync];
        },
      }),
    );
    render(Schedules);
    const error = await screen.findByTestId('schedules-error');
    expect(error.textContent).toContain('database is locked');
    fail = false;
    await fireEvent.click(screen.getByTestId('schedules-retry'));
    await waitFor(() => expect(screen.getAllByTestId('schedule-row')).toHaveLength(1));
    expect(callsOf(calls, 'schedules_list')).toHaveLength(2);
  });

  it('shows each schedule with its next run in the trader zone and, when it differs, its own', async () => {
    mockBackend(schedulesBackend({ schedules_list: () => [nyOpen, utcSync] }));
    render(Schedules);
    await waitFor(() => expect(screen.getAllByTestId('schedule-row')).toHaveLength(2));

    const ny = rowNamed('Open bell');
    const next = within(ny).getByTestId('schedule-next').textContent ?? '';
    expect(next).toContain('2026-11-25 14:30:00 UTC');
    expect(next).toContain('2026-11-25 09:30:00 EST (America/New_York)');
    expect(ny.textContent).toContain('0 9 * * MON-FRI');
    expect(within(ny).getByTestId('schedule-last-status').dataset['status']).toBe('failed');
    expect(ny.textContent).toContain('2 failures in a row');

    const utc = rowNamed('Nightly sync');
    // Same zone as the trader: the time is not repeated.
    expect(within(utc).getByTestId('schedule-next').textContent?.trim()).toBe('2026-11-26 02:00:00 UTC');
    expect(within(utc).getByTestId('schedule-last-status').dataset['status']).toBe('none');
    expect(utc.textContent).not.toContain('in a row');
  });

  it('runs a schedule now and shows the claimed run at once', async () => {
    const calls = mockBackend(
      schedulesBackend({
        schedules_list: () => [utcSync],
        schedule_run_now: () => run(40, { schedule_id: 2, schedule_name: 'Nightly sync', status: 'running', trigger: 'run_now' }),
      }),
    );
    render(Schedules);
    await screen.findByTestId('runs-empty');
    await fireEvent.click(within(rowNamed('Nightly sync')).getByTestId('schedule-run-now'));

    await waitFor(() => expect(screen.getAllByTestId('run-row')).toHaveLength(1));
    expect(callsOf(calls, 'schedule_run_now')).toEqual([{ id: 2 }]);
    expect(screen.getByTestId('run-row').dataset['status']).toBe('running');
    expect(within(rowNamed('Nightly sync')).getByTestId('schedule-last-status').dataset['status']).toBe('running');
  });

  it('disables and enables a schedule, and shows a refusal in its row', async () => {
    let refuse = false;
    const calls = mockBackend(
      schedulesBackend({
        schedules_list: () => [utcSync],
        schedule_set_enabled: (args) => {
          if (refuse) throw apiError('schedule 2 no longer exists');
          return { ...utcSync.schedule, enabled: args['enabled'] };
        },
      }),
    );
    render(Schedules);
    await waitFor(() => expect(screen.getAllByTestId('schedule-row')).toHaveLength(1));
    const toggle = within(rowNamed('Nightly sync')).getByTestId('schedule-toggle');
    expect(toggle.textContent?.trim()).toBe('Disable');
    await fireEvent.click(toggle);

    await waitFor(() => expect(within(rowNamed('Nightly sync')).getByTestId('schedule-toggle').textContent?.trim()).toBe('Enable'));
    expect(callsOf(calls, 'schedule_set_enabled')).toEqual([{ id: 2, enabled: false }]);

    refuse = true;
    await fireEvent.click(within(rowNamed('Nightly sync')).getByTestId('schedule-toggle'));
    const error = await screen.findByTestId('schedule-row-error');
    expect(error.textContent).toContain('no longer exists');
  });

  it('deletes only after confirmation', async () => {
    const calls = mockBackend(schedulesBackend({ schedules_list: () => [nyOpen, utcSync], schedule_delete: () => null }));
    render(Schedules);
    await waitFor(() => expect(screen.getAllByTestId('schedule-row')).toHaveLength(2));

    await fireEvent.click(within(rowNamed('Open bell')).getByTestId('schedule-delete'));
    expect(rowNamed('Open bell').textContent).toContain('Delete “Open bell” and its run history?');
    await fireEvent.click(screen.getByTestId('schedule-delete-cancel'));
    expect(callsOf(calls, 'schedule_delete')).toHaveLength(0);

    await fireEvent.click(within(rowNamed('Open bell')).getByTestId('schedule-delete'));
    await fireEvent.click(screen.getByTestId('schedule-delete-confirm'));

    await waitFor(() => expect(screen.getAllByTestId('schedule-row')).toHaveLength(1));
    expect(callsOf(calls, 'schedule_delete')).toEqual([{ id: 1 }]);
    expect(screen.getByTestId('schedule-row').dataset['name']).toBe('Nightly sync');
  });

  it('creates a schedule with the defaults, closes the editor and reloads the list', async () => {
    let created = false;
    const calls = mockBackend(
      schedulesBackend({
        schedules_list: () => (created ? [utcSync] : []),
        schedule_create: () => {
          created = true;
          return utcSync.schedule;
        },
      }),
    );
    render(Schedules);
    await screen.findByTestId('schedules-empty');
    await fireEvent.click(screen.getByTestId('schedules-new'));
    await fireEvent.input(screen.getByTestId('schedule-name'), { target: { value: 'Nightly sync' } });
    await fireEvent.input(screen.getByTestId('schedule-url'), { target: { value: 'https://example.com/hook' } });
    await fireEvent.input(screen.getByTestId('schedule-cron'), { target: { value: '0 2 * * *' } });
    await fireEvent.click(screen.getByTestId('schedule-save'));

    await waitFor(() => expect(screen.queryByTestId('schedule-editor')).toBeNull());
    const expected = scheduleInput({ name: 'Nightly sync', params: { url: 'https://example.com/hook', payload: null }, cron: '0 2 * * *' });
    expect(callsOf(calls, 'schedule_create')).toEqual([{ input: expected }]);
    await waitFor(() => expect(screen.getAllByTestId('schedule-row')).toHaveLength(1));
  });

  it('opens the editor on a schedule and saves it with schedule_update', async () => {
    const calls = mockBackend(schedulesBackend({ schedules_list: () => [nyOpen], schedule_update: () => nyOpen.schedule }));
    render(Schedules);
    await waitFor(() => expect(screen.getAllByTestId('schedule-row')).toHaveLength(1));
    await fireEvent.click(within(rowNamed('Open bell')).getByTestId('schedule-edit'));

    const name = screen.getByTestId<HTMLInputElement>('schedule-name');
    expect(name.value).toBe('Open bell');
    expect(screen.getByTestId<HTMLInputElement>('schedule-zone').value).toBe('America/New_York');
    await fireEvent.input(name, { target: { value: 'Opening bell' } });
    await fireEvent.click(screen.getByTestId('schedule-save'));

    await waitFor(() => expect(callsOf(calls, 'schedule_update')).toHaveLength(1));
    const args = callsOf(calls, 'schedule_update')[0];
    expect(args?.['id']).toBe(1);
    expect(args?.['input']).toMatchObject({ name: 'Opening bell', cron: '0 9 * * MON-FRI', time_zone: 'America/New_York' });
  });
});

describe('Schedules live updates', () => {
  it('reloads the list and status on schedules_changed, without refetching the history', async () => {
    let list = [utcSync];
    const calls = mockBackend(
      schedulesBackend({ schedules_list: () => list, scheduler_status: () => schedulerStatus({ schedules: list.length, enabled: list.length }) }),
      { events: true },
    );
    render(Schedules);
    await waitFor(() => expect(screen.getAllByTestId('schedule-row')).toHaveLength(1));
    await screen.findByTestId('runs-empty');
    expect(screen.getByTestId('schedules-status').textContent).toContain('1 of 1 enabled');

    list = [nyOpen, utcSync];
    const event: AppEvent = { kind: 'schedules_changed' };
    await emit(APP_EVENT, event);

    await waitFor(() => expect(screen.getAllByTestId('schedule-row')).toHaveLength(2));
    await waitFor(() => expect(screen.getByTestId('schedules-status').textContent).toContain('2 of 2 enabled'));
    expect(callsOf(calls, 'schedules_list')).toHaveLength(2);
    expect(callsOf(calls, 'schedule_runs')).toHaveLength(1);
  });

  it('shows the alerts the app collected, newest first, one per schedule, until dismissed', async () => {
    mockBackend(schedulesBackend());
    const alerts = new ScheduleAlerts();
    alerts.raised({ schedule_id: 1, schedule_name: 'Open bell', failures: 3, error: 'HTTP 502 from hook' });
    alerts.raised({ schedule_id: 2, schedule_name: 'Nightly sync', failures: 5, error: 'timed out after 270 s' });
    alerts.raised({ schedule_id: 1, schedule_name: 'Open bell', failures: 4, error: 'HTTP 503 from hook' });
    render(Schedules, { props: { alerts } });
    await screen.findByTestId('schedules-empty');

    const banners = screen.getAllByTestId('schedule-alert');
    expect(banners.map((b) => b.dataset['schedule'])).toEqual(['Open bell', 'Nightly sync']);
    expect(banners[0]?.textContent).toContain('“Open bell” failed 4 times in a row.');
    expect(banners[0]?.textContent).toContain('HTTP 503 from hook');
    await fireEvent.click(within(banners[0] as HTMLElement).getByRole('button', { name: 'Dismiss' }));
    expect(screen.getAllByTestId('schedule-alert').map((b) => b.dataset['schedule'])).toEqual(['Nightly sync']);
    expect(alerts.items).toHaveLength(1);
  });
});
