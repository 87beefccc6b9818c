#!/usr/bin/env python3
"""Time backtesting.py 0.6.6 on the run `cargo bench -p pilothouse-core --bench backtest` times,
so the two can be compared (figures in BENCHMARKS.md).

The candles: the real ALTBTC-1m recording (crates/exchange/data/ALTBTC-1m.csv) extended to
525,600 one-minute candles by the random walk of crates/core/benches/backtest.rs — xorshift64
(13, 7, 17), seed 0x9E3779B97F4A7C15, each close up to ±0.1 % from the previous one, wicks up to
0.05 % — computed with the same IEEE double operations in the same order, so the series are
identical (both print the last close). The strategy: backtesting.py's SmaCross (10/30) as in
scripts/backtesting_fixtures.py, long-only, 10,000 cash, whole units (as backtesting.py always
trades) and a maker's 0.02 % commission (at 0.1 % the 8,000 round trips of a one-minute cross
eat the account, and later entries have no size). Timed: `Backtest(...).run()`, what a trader
waits for, 3 times; the median is printed. Building the DataFrame is not timed.

Run with the reference venv:  /root/.cache/pyref/bin/python scripts/bench_backtesting.py
"""

import pathlib
import statistics
import time
import warnings

import pandas as pd
from backtesting import Backtest

from backtesting_fixtures import SmaCross
from xorshift import uniform_source

ROOT = pathlib.Path(__file__).resolve().parent.parent
CANDLES = 525_600
MINUTE_MS = 60_000
RUNS = 3


def year_of_minutes():
    df = pd.read_csv(ROOT / "crates/exchange/data/ALTBTC-1m.csv")
    rows = {c: list(df[c]) for c in df.columns}
    uniform = uniform_source()

    while len(rows["close"]) < CANDLES:
        open_ = rows["close"][-1]
        close = open_ * (1.0 + (uniform() - 0.5) * 0.002)
        high = max(open_, close) * (1.0 + uniform() * 0.0005)
        low = min(open_, close) * (1.0 - uniform() * 0.0005)
        rows["open_time"].append(rows["open_time"][-1] + MINUTE_MS)
        for name, value in (("open", open_), ("high", high), ("low", low), ("close", close),
                            ("volume", 1.0)):
            rows[name].append(value)
    out = pd.DataFrame(rows)
    out.index = pd.to_datetime(out["open_time"], unit="ms")
    return out.rename(columns=str.capitalize)[["Open", "High", "Low", "Close", "Volume"]]


def main():
    df = year_of_minutes()
    print(f"{len(df)} candles, last close {float(df['Close'].iloc[-1])!r}")
    times = []
    for _ in range(RUNS):
        bt = Backtest(df, SmaCross, cash=10_000, commission=0.0002)
        start = time.perf_counter()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            stats = bt.run()
        times.append(time.perf_counter() - start)
    print(f"sma-cross 10/30: {stats['# Trades']} trades, final equity "
          f"{float(stats['Equity Final [$]'])!r}")
    print(f"backtesting.py run: median {statistics.median(times) * 1000:.0f} ms "
          f"(runs: {', '.join(f'{t * 1000:.0f}' for t in times)} ms)")


if __name__ == "__main__":
    main()
