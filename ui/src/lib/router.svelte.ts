/** Client-side routing on the URL hash (`#/logs`), so a reload keeps the screen. */

export const SCREENS = [
  { id: 'overview', label: 'Overview' },
  { id: 'bots', label: 'Bots' },
  { id: 'approvals', label: 'Approvals' },
  { id: 'schedules', label: 'Schedules' },
  { id: 'orders', label: 'Orders' },
  { id: 'logs', label: 'Logs' },
  { id: 'backtests', label: 'Backtests' },
  { id: 'signals', label: 'Signals' },
  { id: 'patterns', label: 'Patterns' },
  { id: 'settings', label: 'Settings' },
] as const;

export type ScreenId = (typeof SCREENS)[number]['id'];

const DEFAULT_SCREEN: ScreenId = 'overview';

export function screenFromHash(hash: string): ScreenId {
  const id = hash.replace(/^#\/?/, '');
  return SCREENS.find((s) => s.id === id)?.id ?? DEFAULT_SCREEN;
}

export function hrefFor(id: ScreenId): string {
  return `#/${id}`;
}

export class Router {
  current = $state<ScreenId>(DEFAULT_SCREEN);

  constructor(hash: string = typeof location === 'undefined' ? '' : location.hash) {
    this.current = screenFromHash(hash);
  }

  /** Follows the address bar until the returned function is called. */
  start(): () => void {
    const sync = (): void => {
      this.current = screenFromHash(location.hash);
    };
    window.addEventListener('hashchange', sync);
    return () => window.removeEventListener('hashchange', sync);
  }
}
