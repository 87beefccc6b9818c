#!/usr/bin/env python3
"""Reference results from backtesting.py 0.6.6 for Pilothouse's backtester tests.

Runs backtesting.py's SMA cross (its documented `SmaCross` example: on a cross up close and
buy, on a cross down close — and sell, with shorts) over the real candles committed in
crates/core/tests/fixtures/candles/, and writes every trade and the headline figures to
crates/core/tests/fixtures/backtesting/<case>.json. The averages are TA-Lib's SMA (which
Pilothouse's indicators equal), so the test compares the backtesters, not two SMA codes.

    python3 -m venv /tmp/ref && /tmp/ref/bin/pip install TA-Lib==0.6.8 backtesting==0.6.6
    /tmp/ref/bin/python scripts/backtesting_fixtures.py

backtesting.py trades whole units only, so every case is `whole_units`.
"""
import json
import pathlib
import warnings

import numpy as np
import pandas as pd
import talib
from backtesting import Backtest, Strategy
from backtesting.lib import crossover

ROOT = pathlib.Path(__file__).resolve().parent.parent
CANDLES = ROOT / "crates/core/tests/fixtures/candles"
OUT = ROOT / "crates/core/tests/fixtures/backtesting"

CASES = [
    # name, candles, fast, slow, cash, commission, allow_short
    ("ethbtc-10-30-long", "ETHBTC-5m-3000", 10, 30, 10_000, 0.001, False),
    ("ethbtc-10-30-short", "ETHBTC-5m-3000", 10, 30, 10_000, 0.002, True),
    ("ethbtc-5-20-free", "ETHBTC-5m-3000", 5, 20, 1_000, 0.0, False),
    ("xrpusdt-10-30-short", "XRPUSDT-perp-5m", 10, 30, 50_000, 0.0004, True),
    ("xrpusdt-20-60-long", "XRPUSDT-perp-5m", 20, 60, 10_000, 0.001, False),
]


class SmaCross(Strategy):
    fast = 10
    slow = 30
    short = False

    def init(self):
        self.f = self.I(talib.SMA, self.data.Close, self.fast)
        self.s = self.I(talib.SMA, self.data.Close, self.slow)

    def next(self):
        if crossover(self.f, self.s):
            self.position.close()
            self.buy()
        elif crossover(self.s, self.f):
            self.position.close()
            if self.short:
                self.sell()


def ms(ts):
    return int(pd.Timestamp(ts).value // 1_000_000)


def none_if_nan(x):
    x = float(x)
    return None if np.isnan(x) else x


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for name, candles, fast, slow, cash, commission, short in CASES:
        df = pd.read_csv(CANDLES / f"{candles}.csv")
        df.index = pd.to_datetime(df["open_time"], unit="ms")
        df = df.rename(columns=str.capitalize)[["Open", "High", "Low", "Close", "Volume"]]
        bt = Backtest(df, SmaCross, cash=cash, commission=commission)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            stats = bt.run(fast=fast, slow=slow, short=short)
        trades = stats["_trades"]
        out = {
            "case": {
                "candles": candles, "fast": fast, "slow": slow, "cash": cash,
                "commission": commission, "allow_short": short,
            },
            "trades": [
                {
                    "side": "long" if t.Size > 0 else "short",
                    "entry_time": ms(t.EntryTime), "exit_time": ms(t.ExitTime),
                    "entry_price": float(t.EntryPrice), "exit_price": float(t.ExitPrice),
                    "quantity": float(abs(t.Size)), "pnl": float(t.PnL),
                    "return_pct": float(t.ReturnPct) * 100,
                }
                for t in trades.itertuples()
            ],
            "final_equity": float(stats["Equity Final [$]"]),
            "total_return_pct": float(stats["Return [%]"]),
            "trades_count": int(stats["# Trades"]),
            "win_rate_pct": none_if_nan(stats["Win Rate [%]"]),
            "max_drawdown_pct": -float(stats["Max. Drawdown [%]"]),
            "buy_hold_return_pct": float(stats["Buy & Hold Return [%]"]),
            "exposure_pct": float(stats["Exposure Time [%]"]),
            "profit_factor": none_if_nan(stats["Profit Factor"]),
            "avg_trade_pct": none_if_nan(stats["Avg. Trade [%]"]),
            "best_trade_pct": none_if_nan(stats["Best Trade [%]"]),
            "worst_trade_pct": none_if_nan(stats["Worst Trade [%]"]),
            "equity": [float(e) for e in stats["_equity_curve"]["Equity"]],
        }
        (OUT / f"{name}.json").write_text(json.dumps(out, indent=1) + "\n")
        print(f"{name}: {out['trades_count']} trades, final equity {out['final_equity']!r}")


if __name__ == "__main__":
    main()
