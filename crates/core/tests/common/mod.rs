//! Real candles committed beside the tests (CI has only the repository): the first 3,000
//! ETHBTC 5-minute candles and the 2,000 XRPUSDT perpetual 5-minute candles of ../shared/data.

use pilothouse_core::market::Bar;

/// The candles of `tests/fixtures/candles/{name}.csv`.
pub fn fixture_bars(name: &str) -> Vec<Bar> {
    let path = format!(
        "{}/tests/fixtures/candles/{name}.csv",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    text.lines()
        .skip(1)
        .map(|line| {
            let f: Vec<&str> = line.split(',').collect();
            let n = |i: usize| {
                f[i].parse::<f64>()
                    .unwrap_or_else(|e| panic!("{path}: `{line}`: {e}"))
            };
            Bar {
                open_time: f[0]
                    .parse()
                    .unwrap_or_else(|e| panic!("{path}: `{line}`: {e}")),
                open: n(1),
                high: n(2),
                low: n(3),
                close: n(4),
                volume: n(5),
            }
        })
        .collect()
}
