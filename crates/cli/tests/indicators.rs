//! `pilothouse indicators` end to end: the real binary over the committed ETHBTC candles prints
//! TA-Lib's values (the fixture TA-Lib itself wrote for the same candles), in the order of the
//! flags, with empty cells exactly where TA-Lib has NaN; bad input is refused naming the flag
//! or the CSV line.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a failed unwrap is a failed test

mod support;

use std::collections::HashMap;
use std::path::PathBuf;

use support::{ok, pilothouse, refused};

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../core/tests/fixtures")
}

/// A CSV as its header and rows of cells.
fn table(text: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let mut lines = text.lines();
    let header = lines
        .next()
        .unwrap()
        .split(',')
        .map(str::to_owned)
        .collect();
    let rows = lines
        .map(|line| line.split(',').map(str::to_owned).collect())
        .collect();
    (header, rows)
}

#[test]
fn every_value_equals_talib_in_the_order_of_the_flags() {
    let dir = tempfile::tempdir().unwrap();
    let candles = fixtures().join("candles/ETHBTC-5m-3000.csv");
    let out = ok(&pilothouse(
        dir.path(),
        &[
            "indicators",
            "--csv",
            candles.to_str().unwrap(),
            "--rsi",
            "14",
            "--macd",
            "12,26,9",
            "--sma",
            "20",
            "--bbands",
            "10,2.5",
            "--atr",
            "14",
            "--ema",
            "9",
        ],
    ));
    let (header, rows) = table(&out);
    assert_eq!(
        header,
        [
            "open_time",
            "rsi_14",
            "macd_12_26_9",
            "macd_signal_12_26_9",
            "macd_hist_12_26_9",
            "sma_20",
            "bb_upper_10_2.5",
            "bb_middle_10_2.5",
            "bb_lower_10_2.5",
            "atr_14",
            "ema_9",
        ],
        "columns follow the flags' order, named with their parameters"
    );
    let reference = std::fs::read_to_string(fixtures().join("talib/ETHBTC-5m.csv")).unwrap();
    let (ref_header, ref_rows) = table(&reference);
    assert_eq!(rows.len(), ref_rows.len(), "one row per candle");
    let talib_name: HashMap<&str, &str> = [
        ("rsi_14", "rsi_14"),
        ("macd_12_26_9", "macd_12_26_9:line"),
        ("macd_signal_12_26_9", "macd_12_26_9:signal"),
        ("macd_hist_12_26_9", "macd_12_26_9:hist"),
        ("sma_20", "sma_20"),
        ("bb_upper_10_2.5", "bbands_10_2.5:upper"),
        ("bb_middle_10_2.5", "bbands_10_2.5:middle"),
        ("bb_lower_10_2.5", "bbands_10_2.5:lower"),
        ("atr_14", "atr_14"),
        ("ema_9", "ema_9"),
    ]
    .into();
    let mut compared = 0;
    for (column, name) in header.iter().enumerate().skip(1) {
        let ref_column = ref_header
            .iter()
            .position(|h| h == talib_name[name.as_str()])
            .unwrap();
        for (row, (ours, theirs)) in rows.iter().zip(&ref_rows).enumerate() {
            let (ours, theirs) = (&ours[column], &theirs[ref_column]);
            if theirs.is_empty() {
                assert!(
                    ours.is_empty(),
                    "{name} row {row}: TA-Lib is NaN, we print `{ours}`"
                );
                continue;
            }
            let (a, b): (f64, f64) = (ours.parse().unwrap(), theirs.parse().unwrap());
            assert!(
                (a - b).abs() <= 1e-9 * b.abs().max(1.0),
                "{name} row {row}: ours {a} vs TA-Lib {b}"
            );
            compared += 1;
        }
    }
    assert!(
        compared > 25_000,
        "most of the 10 × 3000 cells are defined: {compared}"
    );
}

#[test]
fn json_has_one_object_per_candle_with_null_where_undefined() {
    let dir = tempfile::tempdir().unwrap();
    let candles = fixtures().join("candles/ETHBTC-5m-3000.csv");
    let out = ok(&pilothouse(
        dir.path(),
        &[
            "indicators",
            "--csv",
            candles.to_str().unwrap(),
            "--sma",
            "3",
            "--format",
            "json",
        ],
    ));
    let rows: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        rows.as_array().map(Vec::len),
        Some(3000),
        "one object per candle"
    );
    assert!(
        rows[1]["sma_3"].is_null(),
        "SMA(3) is undefined on the second candle"
    );
    assert!(rows[2]["sma_3"].is_f64(), "and defined on the third");
    assert_eq!(
        rows[0]["open_time"], 1_515_560_100_000_i64,
        "open times in ms"
    );
}

#[test]
fn bad_periods_name_the_flag_and_bad_lines_their_number() {
    let dir = tempfile::tempdir().unwrap();
    let candles = fixtures().join("candles/ETHBTC-5m-3000.csv");
    let path = candles.to_str().unwrap();
    for (flag, value) in [("--sma", "0"), ("--macd", "26,12,9"), ("--bbands", "20")] {
        let out = pilothouse(dir.path(), &["indicators", "--csv", path, flag, value]);
        refused(&out, flag);
    }
    let bad = dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        "open_time,open,high,low,close,volume\n0,1,1,1,1,1\n300000,1,1,x,1,1\n",
    )
    .unwrap();
    let out = pilothouse(
        dir.path(),
        &["indicators", "--csv", bad.to_str().unwrap(), "--rsi", "2"],
    );
    refused(&out, "--csv");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("line 3: low `x`"),
        "names the line and the cell: {stderr}"
    );
}
