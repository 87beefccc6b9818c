//! Every value of every indicator, batch and incremental, against TA-Lib 0.6.4's output for the
//! same candles (`scripts/talib_fixtures.py` wrote the fixtures, inputs included, so CI needs
//! no Python).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::{Config, all_outputs};

/// The TA-Lib tolerance the indicators promise.
fn close_enough(ours: f64, talib: f64) -> bool {
    (ours - talib).abs() <= 1e-9 * talib.abs().max(1.0)
}

/// One fixture: its columns by name, NaN where the field is empty.
struct Fixture {
    name: String,
    columns: BTreeMap<String, Vec<f64>>,
}

impl Fixture {
    fn read(path: &Path) -> Self {
        let text = std::fs::read_to_string(path).unwrap();
        let mut lines = text.lines();
        let header: Vec<String> = lines.next().unwrap().split(',').map(String::from).collect();
        let mut values: Vec<Vec<f64>> = vec![Vec::new(); header.len()];
        for (row, line) in lines.enumerate() {
            let fields: Vec<&str> = line.split(',').collect();
            assert_eq!(
                fields.len(),
                header.len(),
                "{}: row {row} has {} fields, the header {}",
                path.display(),
                fields.len(),
                header.len()
            );
            for (column, field) in values.iter_mut().zip(fields) {
                column.push(if field.is_empty() {
                    f64::NAN
                } else {
                    field.parse().unwrap_or_else(|e| {
                        panic!(
                            "{}: row {row}: `{field}` is not a number: {e}",
                            path.display()
                        )
                    })
                });
            }
        }
        Self {
            name: path.file_stem().unwrap().to_string_lossy().into_owned(),
            columns: header.into_iter().zip(values).collect(),
        }
    }

    fn column(&self, name: &str) -> &[f64] {
        self.columns
            .get(name)
            .unwrap_or_else(|| panic!("fixture {} has no `{name}` column", self.name))
    }
}

fn fixture_paths() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/talib");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "csv"))
        .collect();
    paths.sort();
    paths
}

/// The indicators and parameters the fixtures must cover (the brief's list).
const EXPECTED: [Config; 12] = [
    Config::Sma(20),
    Config::Sma(2),
    Config::Ema(20),
    Config::Ema(9),
    Config::Rsi(14),
    Config::Rsi(2),
    Config::Macd(12, 26, 9),
    Config::Macd(5, 35, 5),
    Config::Atr(14),
    Config::Atr(1),
    Config::Bbands(20, 2.0),
    Config::Bbands(10, 2.5),
];

#[test]
fn every_value_equals_talib_batch_and_incremental() {
    let paths = fixture_paths();
    assert!(
        paths.len() >= 4,
        "expected the three shared candle series and the random walk, found {paths:?}"
    );
    let mut failures = Vec::new();
    let mut compared = 0usize;
    for path in &paths {
        let fixture = Fixture::read(path);
        let configs: Vec<Config> = {
            let mut seen = Vec::new();
            for column in fixture.columns.keys() {
                if ["high", "low", "close"].contains(&column.as_str()) {
                    continue;
                }
                let base = column.split(':').next().unwrap_or_default();
                let config = Config::parse(base).unwrap_or_else(|| {
                    panic!(
                        "{}: column `{column}` names no known indicator",
                        fixture.name
                    )
                });
                if !seen.contains(&config) {
                    seen.push(config);
                }
            }
            seen
        };
        for config in EXPECTED {
            assert!(
                configs.contains(&config),
                "{}: no TA-Lib output for {}, which must be covered",
                fixture.name,
                config.name()
            );
        }
        let (high, low, close) = (
            fixture.column("high"),
            fixture.column("low"),
            fixture.column("close"),
        );
        for (column, batch, incremental) in all_outputs(high, low, close, &configs) {
            let talib = fixture.column(&column);
            for (i, ((&ours, &inc), &want)) in batch.iter().zip(&incremental).zip(talib).enumerate()
            {
                compared += 1;
                for (form, got) in [("batch", ours), ("incremental", inc)] {
                    let problem = match (want.is_nan(), got.is_nan()) {
                        (true, true) => None,
                        (true, false) => Some("TA-Lib has no value yet (NaN)".to_string()),
                        (false, true) => Some("we have no value (NaN)".to_string()),
                        (false, false) if close_enough(got, want) => None,
                        (false, false) => Some(format!("off by {:e}", got - want)),
                    };
                    if let Some(problem) = problem {
                        failures.push(format!(
                            "{} {column} [{i}] {form}: ours {got:?}, TA-Lib {want:?}: {problem}",
                            fixture.name
                        ));
                    }
                }
                assert!(
                    ours.to_bits() == inc.to_bits() || (ours.is_nan() && inc.is_nan()),
                    "{} {column} [{i}]: incremental {inc:?} differs from batch {ours:?}; both \
                     forms must share the arithmetic",
                    fixture.name
                );
            }
        }
    }
    assert!(compared > 0, "no values were compared");
    assert!(
        failures.is_empty(),
        "{} of {compared} values differ from TA-Lib beyond 1e-9 × max(1, |TA-Lib|); first ones:\n{}",
        failures.len(),
        failures[..failures.len().min(20)].join("\n")
    );
}
