import type { ApiError } from '../bindings/ApiError';
import type { AppStatus } from '../bindings/AppStatus';
import * as api from './api';
import { toApiError } from './errors';
import type { PauseStore } from './pause.svelte';

/** What `status()` said at start: version, where data lives, trading mode. */
export class StatusStore {
  status = $state<AppStatus | null>(null);
  error = $state<ApiError | null>(null);
  loading = $state(false);

  constructor(private readonly pause: PauseStore) {}

  async load(): Promise<void> {
    this.loading = true;
    this.error = null;
    try {
      const status = await api.status();
      this.status = status;
      this.pause.seed(status.pause);
    } catch (err) {
      this.error = toApiError(err);
    } finally {
      this.loading = false;
    }
  }
}
