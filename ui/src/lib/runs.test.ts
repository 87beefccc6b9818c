import { afterEach, describe, expect, it } from 'vitest';
import type { RunPage } from '../bindings/RunPage';
import type { ScheduleRun } from '../bindings/ScheduleRun';
import { callsOf, deferred, mockBackend, resetBackend, run, runPage } from '../test/fixtures';
import { allRuns, matchesRunQuery, RunsView } from './runs.svelte';

afterEach(resetBackend);

const ids = (runs: readonly ScheduleRun[]): number[] => runs.map((r) => r.id);

describe('RunsView', () => {
  it('asks for the newest page of its query and pages older with next_before', async () => {
    const calls = mockBackend({
      schedule_runs: (args) => {
        const filter = args['filter'] as { before: number | null };
        return filter.before === null ? runPage([run(9), run(8)], 8) : runPage([run(7)], null);
      },
    });
    const view = new RunsView(2);
    await view.setQuery({ schedule_id: 3, statuses: ['failed', 'dead'] });
    await view.loadOlder();

    expect(callsOf(calls, 'schedule_runs')).toEqual([
      { filter: { schedule_id: 3, statuses: ['failed', 'dead'], before: null, limit: 2 } },
      { filter: { schedule_id: 3, statuses: ['failed', 'dead'], before: 8, limit: 2 } },
    ]);
    expect(ids(view.rows)).toEqual([9, 8, 7]);
    expect(view.canLoadOlder).toBe(false);
  });

  it('keeps a finished run finished when a late command answer says it is still running', async () => {
    mockBackend({ schedule_runs: () => runPage([]) });
    const view = new RunsView();
    await view.setQuery(allRuns());
    // "Run now": the run_changed events (running, then succeeded) beat the command's answer.
    view.upsert(run(7, { status: 'running' }));
    view.upsert(run(7, { status: 'succeeded' }));
    view.upsert(run(7, { status: 'running' }));
    expect(view.rows.map((r) => r.status)).toEqual(['succeeded']);
  });

  it('updates a shown run in place and drops it once it leaves the status filter', async () => {
    mockBackend({ schedule_runs: () => runPage([run(5, { status: 'running' }), run(4, { status: 'running' })]) });
    const view = new RunsView();
    await view.setQuery({ ...allRuns(), statuses: ['running'] });

    view.upsert(run(4, { status: 'running', attempt: 2 }));
    expect(view.rows.map((r) => r.attempt)).toEqual([1, 2]);

    view.upsert(run(5, { status: 'succeeded' }));
    expect(ids(view.rows)).toEqual([4]);
  });

  it('puts a new run where its id belongs, ignoring other schedules and runs older than the loaded window', async () => {
    mockBackend({ schedule_runs: () => runPage([run(20), run(10)], 10) });
    const view = new RunsView();
    await view.setQuery({ schedule_id: 1, statuses: [] });

    view.upsert(run(30));
    view.upsert(run(15));
    view.upsert(run(31, { schedule_id: 2 }));
    view.upsert(run(3));

    expect(ids(view.rows)).toEqual([30, 20, 15, 10]);
  });

  it('keeps runs that change while the first page loads', async () => {
    const reply = deferred<RunPage>();
    mockBackend({ schedule_runs: () => reply.promise });
    const view = new RunsView();
    const loading = view.reload();
    view.upsert(run(12, { status: 'running' }));
    view.upsert(run(11, { status: 'failed' }));
    reply.resolve(runPage([run(11, { status: 'running' }), run(10)]));
    await loading;

    expect(ids(view.rows)).toEqual([12, 11, 10]);
    expect(view.rows[1]?.status).toBe('failed');
  });

  it('forgets runs of deleted schedules', async () => {
    mockBackend({ schedule_runs: () => runPage([run(3, { schedule_id: 2 }), run(2), run(1, { schedule_id: 2 })]) });
    const view = new RunsView();
    await view.reload();
    view.retainSchedules(new Set([1]));
    expect(ids(view.rows)).toEqual([2]);
  });
});

describe('matchesRunQuery', () => {
  it('applies schedule and any-of status like the backend', () => {
    expect(matchesRunQuery(allRuns(), run(1))).toBe(true);
    expect(matchesRunQuery({ schedule_id: 2, statuses: [] }, run(1))).toBe(false);
    expect(matchesRunQuery({ schedule_id: null, statuses: ['dead', 'succeeded'] }, run(1))).toBe(true);
    expect(matchesRunQuery({ schedule_id: null, statuses: ['dead'] }, run(1))).toBe(false);
  });
});
