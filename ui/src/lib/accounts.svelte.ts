import type { Account } from '../bindings/Account';
import type { ApiError } from '../bindings/ApiError';
import type { ConnectionReport } from '../bindings/ConnectionReport';
import type { Venue } from '../bindings/Venue';
import * as api from './api';
import { toApiError } from './errors';
import { Loadable } from './loadable.svelte';
import { PAPER_FIELDS, PaperDraft } from './paperSetup.svelte';

/** The venues the add form offers, in its order. */
export const VENUES: readonly { value: Venue; label: string }[] = [
  { value: 'paper', label: 'Paper' },
  { value: 'binance-spot', label: 'Binance spot' },
  { value: 'binance-usdm', label: 'Binance USD-M futures' },
];

export function venueLabel(venue: Venue): string {
  return VENUES.find((v) => v.value === venue)?.label ?? venue;
}

/** Where an account's orders go: its base URL, the venue's production URL, or nowhere for paper. */
export function baseUrlText(account: Account): string {
  if (account.base_url !== null) return account.base_url;
  return account.venue === 'paper' ? '—' : 'Binance production';
}

/** Whether the account trades on a venue that needs keys (every venue but paper). */
export function needsKeys(account: Account): boolean {
  return account.venue !== 'paper';
}

/** The error's message when the backend refused `field` itself; `null` otherwise. */
export function fieldError(error: ApiError | null, field: string): string | null {
  return error !== null && error.code === 'invalid_input' && error.field === field ? error.message : null;
}

/** The error when it names none of `fields` (those are shown beside their input). */
export function otherError(error: ApiError | null, fields: readonly string[]): ApiError | null {
  if (error === null) return null;
  if (error.code === 'invalid_input' && error.field !== null && fields.includes(error.field)) return null;
  return error;
}

/** The fields of the add form. */
export const ADD_FIELDS = ['name', 'venue', 'base_url', 'live', ...PAPER_FIELDS] as const;

/**
 * The accounts list and the form that adds to it. A refused add keeps what was typed and says
 * why beside the field the backend names.
 */
export class AccountsStore {
  readonly list = new Loadable<Account[]>(() => api.accountsList());
  name = $state('');
  venue = $state<Venue>('paper');
  baseUrl = $state('');
  /** A paper account's settings, sent only when the venue is paper. */
  readonly paper = new PaperDraft();
  saving = $state(false);
  error = $state<ApiError | null>(null);

  /** `changed` hears every add, switch and removal (the app's status names live accounts). */
  constructor(private readonly changed: () => void = () => undefined) {}

  load(): Promise<void> {
    return this.list.load();
  }

  /** Clears a stale refusal once the trader edits the form. */
  edited(): void {
    this.error = null;
  }

  /** Adds the account as typed. New accounts are never live: that is a separate, confirmed step. */
  async add(): Promise<void> {
    if (this.saving) return;
    this.error = null;
    const baseUrl = this.baseUrl.trim();
    const paper = this.venue === 'paper' ? this.paper.toSetup() : null;
    if (paper !== null && 'error' in paper) {
      this.error = paper.error;
      return;
    }
    this.saving = true;
    try {
      const account = await api.accountAdd({
        name: this.name.trim(),
        venue: this.venue,
        base_url: this.venue === 'paper' || baseUrl === '' ? null : baseUrl,
        live: false,
        paper: paper?.setup ?? null,
      });
      this.list.set([...(this.list.value ?? []), account]);
      this.name = '';
      this.baseUrl = '';
      this.paper.reset();
      this.changed();
    } catch (err) {
      this.error = toApiError(err);
    } finally {
      this.saving = false;
    }
  }

  /** Puts the backend's answer for one account in place of the one shown. */
  replace(account: Account): void {
    const list = this.list.value;
    if (list === null) return;
    this.list.set(list.map((a) => (a.id === account.id ? account : a)));
    this.changed();
  }

  forget(id: number): void {
    const list = this.list.value;
    if (list === null) return;
    this.list.set(list.filter((a) => a.id !== id));
    this.changed();
  }
}

export type AccountAction = 'keys' | 'test' | 'keys-remove' | 'remove' | 'live';

/**
 * What one account row is doing: saving keys, testing the connection, removing, switching to or
 * from live. The API key and secret are passed straight through to the backend and never kept here.
 */
export class AccountRow {
  busy = $state<AccountAction | null>(null);
  /** The last failed action and why. */
  failed = $state<AccountAction | null>(null);
  error = $state<ApiError | null>(null);
  /** Set after keys were stored, until the next action. */
  keysSaved = $state(false);
  report = $state.raw<ConnectionReport | null>(null);

  constructor(private readonly store: () => AccountsStore, private readonly account: () => Account) {}

  /** The error of `action` when it was the last one to fail. */
  errorOf(action: AccountAction): ApiError | null {
    return this.failed === action ? this.error : null;
  }

  clear(): void {
    this.failed = null;
    this.error = null;
    this.keysSaved = false;
  }

  async #run<T>(action: AccountAction, work: () => Promise<T>): Promise<T | null> {
    if (this.busy !== null) return null;
    this.busy = action;
    this.clear();
    try {
      return await work();
    } catch (err) {
      this.failed = action;
      this.error = toApiError(err);
      return null;
    } finally {
      this.busy = null;
    }
  }

  /** Stores the keys; answers whether they were (the form then forgets them). */
  async setKeys(apiKey: string, secret: string): Promise<boolean> {
    const account = await this.#run('keys', () => api.keysSet(this.account().name, apiKey, secret));
    if (account === null) return false;
    this.store().replace(account);
    this.report = null;
    this.keysSaved = true;
    return true;
  }

  async test(): Promise<void> {
    this.report = null;
    const report = await this.#run('test', () => api.keysTest(this.account().name));
    if (report !== null) this.report = report;
  }

  async removeKeys(): Promise<void> {
    const account = await this.#run('keys-remove', () => api.keysRemove(this.account().name));
    if (account === null) return;
    this.report = null;
    this.store().replace(account);
  }

  async remove(): Promise<void> {
    const account = await this.#run('remove', () => api.accountRemove(this.account().name));
    if (account !== null) this.store().forget(account.id);
  }

  /** Switches live on or off; answers whether the backend agreed. */
  async setLive(live: boolean): Promise<boolean> {
    const account = await this.#run('live', () => api.accountSetLive(this.account().id, live));
    if (account === null) return false;
    this.store().replace(account);
    return true;
  }
}
