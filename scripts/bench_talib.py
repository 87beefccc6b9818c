#!/usr/bin/env python3
"""Time TA-Lib's functions on the series `cargo bench -p pilothouse-core --bench indicators`
uses, and print ns per point, so the two can be compared (figures in BENCHMARKS.md).

The series: 1,000,000 candles of a random walk from xorshift64 (13, 7, 17), seed
0x9E3779B97F4A7C15, written out exactly as in crates/core/benches/indicators.rs (IEEE doubles in
both, so the numbers are identical). Each function runs 15 times; the median is printed. The
timing covers the C call only (numpy arrays built beforehand), like criterion's batch group.

Run with the reference venv:  /root/.cache/pyref/bin/python scripts/bench_talib.py
"""

import statistics
import time

import numpy as np
import talib

from xorshift import uniform_source

POINTS = 1_000_000
RUNS = 15


def walk(n):
    uniform = uniform_source()

    high, low, close = np.empty(n), np.empty(n), np.empty(n)
    price = 100.0
    for i in range(n):
        price += (uniform() - 0.5) * 0.5 + (100.0 - price) * 0.001
        up = uniform() * 0.005
        down = uniform() * 0.005
        high[i] = price * (1.0 + up)
        low[i] = price * (1.0 - down)
        close[i] = price
    return high, low, close


def main():
    high, low, close = walk(POINTS)
    cases = [
        ("rsi14", lambda: talib.RSI(close, 14)),
        ("ema20", lambda: talib.EMA(close, 20)),
        ("macd12_26_9", lambda: talib.MACD(close, 12, 26, 9)),
        ("sma20", lambda: talib.SMA(close, 20)),
        ("atr14", lambda: talib.ATR(high, low, close, 14)),
        ("bbands20_2", lambda: talib.BBANDS(close, 20, 2.0, 2.0, talib.MA_Type.SMA)),
    ]
    print(f"TA-Lib {talib.__ta_version__.decode()}, {POINTS:,} points, median of {RUNS} runs")
    print(f"last close {close[-1]!r} (compare with the Rust bench's series)")
    for name, run in cases:
        run()  # warm up: page in the output buffers
        times = []
        for _ in range(RUNS):
            start = time.perf_counter_ns()
            run()
            times.append(time.perf_counter_ns() - start)
        print(f"{name:<12} {statistics.median(times) / POINTS:6.2f} ns/point")


if __name__ == "__main__":
    main()
