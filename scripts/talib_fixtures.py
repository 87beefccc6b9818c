#!/usr/bin/env python3
"""Write TA-Lib reference values for the indicator tests in pilothouse-core.

Why: `pilothouse_core::indicator` must give the same numbers as TA-Lib, because traders check
Pilothouse against TradingView, Freqtrade and backtesting tools that use TA-Lib. CI has only the
repository (no Python, no TA-Lib, no shared candle data), so every fixture carries its INPUT
series as well as TA-Lib's outputs.

Inputs:
  * every /work/shared/data/candles/*.csv (header open_time,open,high,low,close,volume), the
    first 3,000 rows of each (the 1-minute series has ~13,700 rows; 3,000 keep the fixtures
    small while covering flat stretches, gaps and trends);
  * a seeded random walk of 5,000 candles (numpy default_rng(42)) with plausible OHLC
    (high >= max(open, close), low <= min(open, close)) and one flat stretch of 60 equal
    candles, which exercises TA-Lib's zero tests (RSI of no movement, zero variance).

Output: crates/core/tests/fixtures/talib/<series>.csv, one row per candle. Columns: high, low,
close (the inputs; numbers printed with repr so they parse back to the same f64), then one
column per indicator output named `<indicator>_<param>[_<param>...][:<part>]`, e.g.
`sma_20`, `macd_12_26_9:signal`, `bbands_10_2.5:upper`. An empty field means TA-Lib's output is NaN there.

Run with the reference venv:  /root/.cache/pyref/bin/python scripts/talib_fixtures.py
"""

import csv
import glob
import os

import numpy as np
import talib

ROWS = 3000
WALK_LEN = 5000
OUT_DIR = os.path.join(os.path.dirname(__file__), "..", "crates", "core", "tests", "fixtures", "talib")


def random_walk():
    rng = np.random.default_rng(42)
    close = np.empty(WALK_LEN)
    price = 100.0
    for i, r in enumerate(rng.normal(0.0, 0.01, WALK_LEN)):
        price *= float(np.exp(r))
        close[i] = price
    close[2000:2060] = close[1999]  # a flat stretch: no gains, no losses, zero variance
    open_ = np.concatenate(([close[0]], close[:-1]))
    top = np.maximum(open_, close)
    bottom = np.minimum(open_, close)
    high = top * (1.0 + np.abs(rng.normal(0.0, 0.003, WALK_LEN)))
    low = bottom * (1.0 - np.abs(rng.normal(0.0, 0.003, WALK_LEN)))
    high[2000:2060] = close[1999]
    low[2000:2060] = close[1999]
    return high, low, close


def read_candles(path):
    with open(path, newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        expected = ["open_time", "open", "high", "low", "close", "volume"]
        if header != expected:
            raise SystemExit(f"{path}: header {header}, expected {expected}")
        rows = [r for _, r in zip(range(ROWS), reader)]
    high = np.array([float(r[2]) for r in rows])
    low = np.array([float(r[3]) for r in rows])
    close = np.array([float(r[4]) for r in rows])
    return high, low, close


def outputs(high, low, close):
    cols = {}
    for p in (20, 2):
        cols[f"sma_{p}"] = talib.SMA(close, p)
    for p in (20, 9):
        cols[f"ema_{p}"] = talib.EMA(close, p)
    for p in (14, 2):
        cols[f"rsi_{p}"] = talib.RSI(close, p)
    for fast, slow, sig in ((12, 26, 9), (5, 35, 5)):
        line, signal, hist = talib.MACD(close, fast, slow, sig)
        name = f"macd_{fast}_{slow}_{sig}"
        cols[f"{name}:line"], cols[f"{name}:signal"], cols[f"{name}:hist"] = line, signal, hist
    for p in (14, 1):
        cols[f"atr_{p}"] = talib.ATR(high, low, close, p)
    for p, k in ((20, 2.0), (10, 2.5)):
        upper, middle, lower = talib.BBANDS(close, p, k, k, talib.MA_Type.SMA)
        name = f"bbands_{p}_{k:g}"
        cols[f"{name}:upper"], cols[f"{name}:middle"], cols[f"{name}:lower"] = upper, middle, lower
    return cols


def number(v):
    v = float(v)
    return "" if np.isnan(v) else repr(v)


def write(name, high, low, close):
    cols = outputs(high, low, close)
    path = os.path.join(OUT_DIR, f"{name}.csv")
    with open(path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["high", "low", "close", *cols])
        for i in range(len(close)):
            w.writerow([number(high[i]), number(low[i]), number(close[i]), *(number(c[i]) for c in cols.values())])
    print(f"{path}: {len(close)} candles, {len(cols)} outputs")


def main():
    os.makedirs(OUT_DIR, exist_ok=True)
    for path in sorted(glob.glob("/work/shared/data/candles/*.csv")):
        write(os.path.splitext(os.path.basename(path))[0], *read_candles(path))
    write("random-walk", *random_walk())


if __name__ == "__main__":
    main()
