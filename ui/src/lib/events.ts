import { listen } from '@tauri-apps/api/event';
import type { AppEvent } from '../bindings/AppEvent';
import { toApiError } from './errors';

/** The one event channel the backend pushes on. */
export const APP_EVENT = 'app-event';

/**
 * Calls `handler` for every `app-event` until the returned function is called. Subscribing is
 * asynchronous in Tauri; this hides that, so a component can unsubscribe before it finished.
 * `onError` hears when live updates cannot be set up at all.
 */
export function subscribeAppEvents(
  handler: (event: AppEvent) => void,
  onError?: (message: string) => void,
): () => void {
  let stopped = false;
  let unlisten: (() => void) | null = null;
  listen<AppEvent>(APP_EVENT, (e) => {
    if (!stopped) handler(e.payload);
  }).then(
    (fn) => {
      if (stopped) fn();
      else unlisten = fn;
    },
    (err: unknown) => {
      if (!stopped) onError?.(toApiError(err).message);
    },
  );
  return () => {
    stopped = true;
    unlisten?.();
    unlisten = null;
  };
}
