/**
 * A paper account's settings as the add-account form edits them: mode, starting balances, fees
 * and slippage, and where prices come from. Switching mode resets balances and fees to that
 * mode's defaults, except what the trader already edited.
 */
import type { ApiError } from '../bindings/ApiError';
import type { PaperMode } from '../bindings/PaperMode';
import type { PaperSetup } from '../bindings/PaperSetup';
import type { StartingBalance } from '../bindings/StartingBalance';

/** The backend's defaults per mode. */
export const PAPER_DEFAULTS: Record<PaperMode, { balances: StartingBalance[]; maker: string; taker: string; slippage: string }> = {
  spot: {
    balances: [
      { asset: 'USDT', amount: '10000' },
      { asset: 'BTC', amount: '1' },
    ],
    maker: '10',
    taker: '10',
    slippage: '5',
  },
  futures: { balances: [{ asset: 'USDT', amount: '10000' }], maker: '2', taker: '5', slippage: '2' },
};

/** The fields the backend may name for a paper setup. */
export const PAPER_FIELDS = [
  'paper.balances',
  'paper.maker_fee_bps',
  'paper.taker_fee_bps',
  'paper.slippage_bps',
  'paper.market.dataset',
  'paper.market.speed',
] as const;

export const MIN_SPEED = 1;
export const MAX_SPEED = 1000;

export interface BalanceRow extends StartingBalance {
  key: number;
}

export type PriceSource = 'binance' | 'replay';
/** A built-in recording picked from the list, or a CSV file's path typed in. */
export type DatasetChoice = 'builtin' | 'file';

let nextKey = 0;
const rows = (balances: readonly StartingBalance[]): BalanceRow[] => balances.map((b) => ({ ...b, key: ++nextKey }));

export class PaperDraft {
  mode = $state<PaperMode>('spot');
  balances = $state<BalanceRow[]>(rows(PAPER_DEFAULTS.spot.balances));
  maker = $state(PAPER_DEFAULTS.spot.maker);
  taker = $state(PAPER_DEFAULTS.spot.taker);
  slippage = $state(PAPER_DEFAULTS.spot.slippage);
  source = $state<PriceSource>('binance');
  datasetChoice = $state<DatasetChoice>('builtin');
  dataset = $state('');
  csvPath = $state('');
  speed = $state('1');
  /** Whether the trader changed the balances / the fees (then a mode switch keeps them). */
  balancesEdited = $state(false);
  feesEdited = $state(false);

  setMode(mode: PaperMode): void {
    this.mode = mode;
    const d = PAPER_DEFAULTS[mode];
    if (!this.balancesEdited) this.balances = rows(d.balances);
    if (!this.feesEdited) {
      this.maker = d.maker;
      this.taker = d.taker;
      this.slippage = d.slippage;
    }
  }

  setBalance(key: number, change: Partial<StartingBalance>): void {
    this.balances = this.balances.map((b) => (b.key === key ? { ...b, ...change } : b));
    this.balancesEdited = true;
  }

  addBalance(): void {
    this.balances = [...this.balances, ...rows([{ asset: '', amount: '' }])];
    this.balancesEdited = true;
  }

  removeBalance(key: number): void {
    this.balances = this.balances.filter((b) => b.key !== key);
    this.balancesEdited = true;
  }

  setFee(which: 'maker' | 'taker' | 'slippage', value: string): void {
    this[which] = value;
    this.feesEdited = true;
  }

  /** Back to the spot defaults (after an account was added). */
  reset(): void {
    this.balancesEdited = false;
    this.feesEdited = false;
    this.setMode('spot');
    this.source = 'binance';
    this.datasetChoice = 'builtin';
    this.dataset = '';
    this.csvPath = '';
    this.speed = '1';
  }

  /** The setup to send, or the refusal the backend would give for a speed that is no whole number. */
  toSetup(): { setup: PaperSetup } | { error: ApiError } {
    const base = {
      mode: this.mode,
      balances: this.balances.map((b) => ({ asset: b.asset.trim().toUpperCase(), amount: b.amount.trim() })),
      maker_fee_bps: this.maker.trim(),
      taker_fee_bps: this.taker.trim(),
      slippage_bps: this.slippage.trim(),
    };
    if (this.source === 'binance') return { setup: { ...base, market: { source: 'binance' } } };
    const speed = Number(this.speed.trim());
    if (this.speed.trim() === '' || !Number.isInteger(speed) || speed < MIN_SPEED || speed > MAX_SPEED) {
      return { error: { code: 'invalid_input', message: `The speed must be a whole number from ${MIN_SPEED} to ${MAX_SPEED}.`, field: 'paper.market.speed' } };
    }
    const dataset = (this.datasetChoice === 'builtin' ? this.dataset : this.csvPath).trim();
    return { setup: { ...base, market: { source: 'replay', dataset, speed } } };
  }
}
