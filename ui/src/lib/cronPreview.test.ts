import { afterEach, describe, expect, it } from 'vitest';
import type { CronPreview } from '../bindings/CronPreview';
import { apiError, callsOf, deferred, fireTime, mockBackend, resetBackend } from '../test/fixtures';
import { CronPreviewer } from './cronPreview.svelte';

afterEach(resetBackend);

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('CronPreviewer', () => {
  it('asks once typing pauses, for the last expression only', async () => {
    const calls = mockBackend({ cron_preview: () => ({ description: 'Every minute', fires: [] }) });
    const previewer = new CronPreviewer(20, 10);
    previewer.request('*', 'UTC');
    previewer.request('* *', 'UTC');
    previewer.request(' * * * * * ', ' Europe/Berlin ');
    expect(previewer.state).toBe('loading');
    await pause(60);

    expect(callsOf(calls, 'cron_preview')).toEqual([{ expr: '* * * * *', zone: 'Europe/Berlin', count: 10 }]);
    expect(previewer.state).toBe('ready');
    expect(previewer.preview?.description).toBe('Every minute');
  });

  it('keeps the field the backend named on an error and clears the old preview', async () => {
    let fail = false;
    mockBackend({
      cron_preview: () => {
        if (fail) throw apiError('`61` is not a minute (0-59)', 'cron');
        return { description: 'At 09:00', fires: [fireTime('2026-11-25T09:00:00Z')] };
      },
    });
    const previewer = new CronPreviewer(0);
    previewer.request('0 9 * * *', 'UTC');
    await pause(20);
    expect(previewer.preview?.fires).toHaveLength(1);

    fail = true;
    previewer.request('61 9 * * *', 'UTC');
    await pause(20);
    expect(previewer.error).toEqual({ code: 'invalid_input', field: 'cron', message: '`61` is not a minute (0-59)' });
    expect(previewer.preview).toBeNull();
  });

  it('drops an answer for an expression that changed meanwhile, and clears on a blank one', async () => {
    const first = deferred<CronPreview>();
    mockBackend({ cron_preview: () => first.promise });
    const previewer = new CronPreviewer(0);
    previewer.request('0 9 * * *', 'UTC');
    await pause(10);
    previewer.request('   ', 'UTC');
    first.resolve({ description: 'stale', fires: [] });
    await pause(10);

    expect(previewer.state).toBe('idle');
    expect(previewer.preview).toBeNull();
  });
});
