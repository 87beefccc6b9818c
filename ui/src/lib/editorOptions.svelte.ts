import type { JobKindInfo } from '../bindings/JobKindInfo';
import * as api from './api';
import { Loadable } from './loadable.svelte';

/** What the schedule editor offers: job kinds and IANA zone names, fetched once when first needed. */
export class EditorOptions {
  readonly kinds = new Loadable<JobKindInfo[]>(api.jobKinds);
  readonly zones = new Loadable<string[]>(api.timeZones);

  /** Loads whichever is not loaded or loading yet. */
  ensure(): void {
    if (this.kinds.state === 'idle' || this.kinds.state === 'error') void this.kinds.load();
    if (this.zones.state === 'idle' || this.zones.state === 'error') void this.zones.load();
  }
}
