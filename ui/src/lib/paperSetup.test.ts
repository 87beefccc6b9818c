import { describe, expect, it } from 'vitest';
import { PaperDraft } from './paperSetup.svelte';

describe('PaperDraft', () => {
  it('switches balances and fees to the mode defaults while untouched', () => {
    const draft = new PaperDraft();
    draft.setMode('futures');
    const result = draft.toSetup();
    expect(result).toEqual({
      setup: {
        mode: 'futures',
        balances: [{ asset: 'USDT', amount: '10000' }],
        maker_fee_bps: '2',
        taker_fee_bps: '5',
        slippage_bps: '2',
        market: { source: 'binance' },
      },
    });
  });

  it('keeps what the trader edited when the mode changes', () => {
    const draft = new PaperDraft();
    const first = draft.balances[0];
    if (first === undefined) throw new Error('spot starts with balances');
    draft.setBalance(first.key, { amount: '500' });
    draft.setMode('futures');
    // Edited balances stay; untouched fees follow the mode.
    expect(draft.balances.map((b) => [b.asset, b.amount])).toEqual([
      ['USDT', '500'],
      ['BTC', '1'],
    ]);
    expect([draft.maker, draft.taker, draft.slippage]).toEqual(['2', '5', '2']);
    draft.setFee('taker', '7');
    draft.setMode('spot');
    expect([draft.maker, draft.taker]).toEqual(['2', '7']);
  });

  it('adds and removes balance rows', () => {
    const draft = new PaperDraft();
    draft.addBalance();
    const added = draft.balances[2];
    if (added === undefined) throw new Error('a row was added');
    draft.setBalance(added.key, { asset: 'eth', amount: '3' });
    draft.removeBalance(draft.balances[1]?.key ?? -1);
    const result = draft.toSetup();
    expect('setup' in result && result.setup.balances).toEqual([
      { asset: 'USDT', amount: '10000' },
      { asset: 'ETH', amount: '3' },
    ]);
  });

  it('sends a replay of the chosen dataset or CSV file, and refuses a speed outside 1–1000', () => {
    const draft = new PaperDraft();
    draft.source = 'replay';
    draft.dataset = 'btcusdt-1m';
    draft.speed = '60';
    const builtin = draft.toSetup();
    expect('setup' in builtin && builtin.setup.market).toEqual({ source: 'replay', dataset: 'btcusdt-1m', speed: 60 });
    draft.datasetChoice = 'file';
    draft.csvPath = ' /data/candles.csv ';
    const file = draft.toSetup();
    expect('setup' in file && file.setup.market).toEqual({ source: 'replay', dataset: '/data/candles.csv', speed: 60 });
    for (const speed of ['0', '1001', '2.5', '']) {
      draft.speed = speed;
      const refused = draft.toSetup();
      expect('error' in refused && refused.error.field).toBe('paper.market.speed');
    }
  });
});
