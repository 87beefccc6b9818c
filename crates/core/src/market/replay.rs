//! Replaying recorded candles as if they were happening now, for paper accounts without a
//! network (offline demos, and the stand-in when Binance's public data does not answer).
//!
//! A replay starts at an instant and runs `speed` times faster than the recording: candle `k`
//! of the replay (counting from 0) closes `(k + 1) × interval / speed` after the start, and is
//! stamped with those replayed times so the paper venue's rule "a candle that closed before an
//! order was placed cannot fill it" holds on the wall clock. Prices are the recording's,
//! unchanged. At the end of the recording the replay starts again from its first candle; the
//! price jump at that seam is the recording's own last and first prices. The candle still
//! forming is never shown: its high and low would tell the future.
//!
//! Also here: reading a candle CSV (`open_time,open,high,low,close,volume`, the format of
//! `pilothouse market klines` and of the project's recorded data).

use chrono::{DateTime, TimeDelta, Utc};
use rust_decimal::Decimal;

use super::{Candle, Interval};
use crate::field::FieldError;

/// Reads a candle CSV: an optional header line, then one candle per line, oldest first, open
/// times strictly increasing. The interval is the smallest step between two open times and
/// must be one of Binance's. Errors name field `field` and the line.
pub fn parse_candle_csv(text: &str, field: &str) -> Result<(Interval, Vec<Candle>), FieldError> {
    let mut rows: Vec<(i64, [Decimal; 5])> = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let line = line.trim();
        let header = index == 0 && line.starts_with(|c: char| c.is_ascii_alphabetic());
        if line.is_empty() || header {
            continue;
        }
        let bad =
            |problem: String| FieldError::new(field, format!("line {}: {problem}", index + 1));
        let cells: Vec<&str> = line.split(',').map(str::trim).collect();
        let [open_time, open, high, low, close, volume] = cells[..] else {
            return Err(bad(format!("has {} columns, not 6", cells.len())));
        };
        let open_time: i64 = open_time
            .parse()
            .map_err(|_| bad(format!("open_time `{open_time}` is not a number of ms")))?;
        let mut prices = [Decimal::ZERO; 5];
        for (slot, (name, cell)) in prices.iter_mut().zip([
            ("open", open),
            ("high", high),
            ("low", low),
            ("close", close),
            ("volume", volume),
        ]) {
            *slot = cell
                .parse()
                .map_err(|_| bad(format!("{name} `{cell}` is not a number")))?;
        }
        if rows.last().is_some_and(|(last, _)| *last >= open_time) {
            return Err(bad("open times must increase from line to line".into()));
        }
        rows.push((open_time, prices));
    }
    let step = rows
        .windows(2)
        .map(|w| w[1].0 - w[0].0)
        .min()
        .ok_or_else(|| FieldError::new(field, "needs at least two candles"))?;
    let interval = Interval::ALL
        .into_iter()
        .find(|i| i.length().num_milliseconds() == step)
        .ok_or_else(|| {
            FieldError::new(
                field,
                format!("candles {step} ms apart are not a Binance interval"),
            )
        })?;
    let length = interval.length();
    let candles = rows
        .into_iter()
        .map(|(open_ms, [open, high, low, close, volume])| {
            let open_time = DateTime::from_timestamp_millis(open_ms).ok_or_else(|| {
                FieldError::new(field, format!("open_time {open_ms} is out of range"))
            })?;
            Ok(Candle {
                open_time,
                close_time: open_time + length - TimeDelta::milliseconds(1),
                open,
                high,
                low,
                close,
                volume,
            })
        })
        .collect::<Result<_, FieldError>>()?;
    Ok((interval, candles))
}

/// Where a replay stands at any instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReplayTimeline {
    pub started: DateTime<Utc>,
    /// Times faster than the recording (1 = real time).
    pub speed: u32,
    pub interval: Interval,
}

impl ReplayTimeline {
    /// How long one replayed candle lasts on the wall clock.
    fn step(&self) -> TimeDelta {
        self.interval.length() / i32::try_from(self.speed.max(1)).unwrap_or(i32::MAX)
    }

    /// How many replayed candles have closed by `now`.
    pub fn closed(&self, now: DateTime<Utc>) -> u64 {
        let step = self.step().num_milliseconds().max(1);
        let elapsed = (now - self.started).num_milliseconds();
        u64::try_from(elapsed / step).unwrap_or(0)
    }

    /// Replayed candle `k` made from `recording` (which must not be empty): the recording's
    /// candle `k mod len`, stamped with its replayed open and close times.
    pub fn candle(&self, k: u64, recording: &[Candle]) -> Option<Candle> {
        let len = u64::try_from(recording.len()).ok().filter(|n| *n > 0)?;
        let source = recording.get(usize::try_from(k % len).ok()?)?;
        let step = self.step();
        let open_time = self.started + step * i32::try_from(k).ok()?;
        Some(Candle {
            open_time,
            close_time: open_time + step - TimeDelta::milliseconds(1),
            ..source.clone()
        })
    }

    /// The replayed candles closed by `now` that open in `[from, to]`, at most `limit` of them,
    /// the latest ones when there are more.
    pub fn between(
        &self,
        recording: &[Candle],
        now: DateTime<Utc>,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        limit: usize,
    ) -> Vec<Candle> {
        let closed = self.closed(now);
        let step = self.step().num_milliseconds().max(1);
        let index_at = |t: DateTime<Utc>| {
            let ms = (t - self.started).num_milliseconds();
            u64::try_from(ms.div_euclid(step) + i64::from(ms.rem_euclid(step) > 0)).unwrap_or(0)
        };
        let first = index_at(from);
        let last = index_at(to + TimeDelta::milliseconds(1)).min(closed);
        let first = first.max(last.saturating_sub(limit as u64));
        (first..last)
            .filter_map(|k| self.candle(k, recording))
            .collect()
    }

    /// The latest `n` replayed candles closed by `now`.
    pub fn latest(&self, recording: &[Candle], now: DateTime<Utc>, n: usize) -> Vec<Candle> {
        let closed = self.closed(now);
        (closed.saturating_sub(n as u64)..closed)
            .filter_map(|k| self.candle(k, recording))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    const CSV: &str = "open_time,open,high,low,close,volume\n\
        1515560100000,0.0904,0.0910,0.0900,0.0905,12.5\n\
        1515560400000,0.0905,0.0920,0.0901,0.0915,3\n\
        1515560700000,0.0915,0.0916,0.0899,0.0900,7.25\n";

    fn start() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 25, 12, 0, 0)
            .single()
            .unwrap_or_default()
    }

    #[test]
    fn a_csv_is_read_with_its_interval() {
        let (interval, candles) = parse_candle_csv(CSV, "dataset").unwrap();
        assert_eq!(interval, Interval::M5, "rows are 300 000 ms apart");
        assert_eq!(candles.len(), 3);
        assert_eq!(candles[1].high.to_string(), "0.0920");
        assert_eq!(
            candles[0].close_time - candles[0].open_time,
            TimeDelta::milliseconds(299_999),
            "closes 1 ms before the next opens, like Binance's"
        );
    }

    #[test]
    fn a_bad_csv_names_the_field_and_the_line() {
        let cases = [
            ("1,2,3\n", "line 1: has 3 columns"),
            (
                "1515560100000,a,1,1,1,1\n1515560400000,1,1,1,1,1\n",
                "line 1: open `a`",
            ),
            (
                "2,1,1,1,1,1\n1,1,1,1,1,1\n",
                "line 2: open times must increase",
            ),
            ("1,1,1,1,1,1\n", "at least two candles"),
            ("0,1,1,1,1,1\n7,1,1,1,1,1\n", "7 ms apart"),
        ];
        for (text, problem) in cases {
            let error = parse_candle_csv(text, "paper.market.dataset").unwrap_err();
            assert_eq!(error.field, "paper.market.dataset");
            assert!(
                error.problem.contains(problem),
                "{text:?}: {} should say {problem}",
                error.problem
            );
        }
    }

    #[test]
    fn a_replay_shows_only_candles_closed_on_its_own_clock() {
        let (interval, recording) = parse_candle_csv(CSV, "dataset").unwrap();
        let timeline = ReplayTimeline {
            started: start(),
            speed: 60,
            interval,
        };
        // At 60× a 5-minute candle lasts 5 s.
        assert!(timeline.latest(&recording, start(), 10).is_empty());
        let at_12s = timeline.latest(&recording, start() + TimeDelta::seconds(12), 10);
        assert_eq!(
            at_12s.len(),
            2,
            "two candles closed by 10 s, the third still forming"
        );
        assert_eq!(at_12s[1].open_time, start() + TimeDelta::seconds(5));
        assert_eq!(
            at_12s[1].close_time,
            start() + TimeDelta::seconds(10) - TimeDelta::milliseconds(1)
        );
        assert_eq!(
            at_12s[1].close, recording[1].close,
            "prices are the recording's"
        );
        assert!(
            at_12s
                .iter()
                .all(|c| c.is_final(start() + TimeDelta::seconds(12)))
        );
    }

    #[test]
    fn a_replay_loops_and_answers_ranges() {
        let (interval, recording) = parse_candle_csv(CSV, "dataset").unwrap();
        let timeline = ReplayTimeline {
            started: start(),
            speed: 300,
            interval,
        };
        // 1 s per candle: by 4.5 s, candles 0..=3 have closed; the fourth is the first again.
        let now = start() + TimeDelta::milliseconds(4_500);
        let all = timeline.latest(&recording, now, 100);
        assert_eq!(all.len(), 4);
        assert_eq!(all[3].open, recording[0].open, "the recording starts over");
        let some = timeline.between(
            &recording,
            now,
            start() + TimeDelta::milliseconds(500),
            start() + TimeDelta::seconds(2),
            100,
        );
        let opens: Vec<_> = some.iter().map(|c| c.open_time - start()).collect();
        assert_eq!(
            opens,
            vec![TimeDelta::seconds(1), TimeDelta::seconds(2)],
            "candles opening inside the range"
        );
        let capped = timeline.between(&recording, now, start(), now, 1);
        assert_eq!(capped.len(), 1);
        assert_eq!(
            capped[0].open_time,
            start() + TimeDelta::seconds(3),
            "the latest one"
        );
    }
}
