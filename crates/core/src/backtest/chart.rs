//! A run's candles and indicator lines at screen resolution. A year of 1-minute candles is
//! 525,600 bars: sent whole, the chart's payload alone is ~80 MB of JSON and no screen has the
//! pixels to show it. Above [`MAX_CHART_BARS`], consecutive candles are merged into one bar per
//! group (as a coarser interval would: first open, highest high, lowest low, last close, summed
//! volume) and each indicator line keeps its value at the group's last candle, the close the
//! bar ends on.

use rust_decimal::Decimal;

use crate::market::Candle;
use crate::strategy::Overlay;

/// The most bars a chart is drawn with.
pub const MAX_CHART_BARS: usize = 10_000;

/// Candles and lines ready to draw, and how many of the run's candles each bar holds.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartBars {
    pub candles: Vec<Candle>,
    pub overlays: Vec<Overlay>,
    pub candles_per_bar: usize,
}

/// `candles` and their aligned `overlays` in at most `max_bars` bars (at least one candle each).
pub fn chart_bars(candles: Vec<Candle>, overlays: Vec<Overlay>, max_bars: usize) -> ChartBars {
    let per_bar = candles.len().div_ceil(max_bars.max(1)).max(1);
    if per_bar == 1 {
        return ChartBars {
            candles,
            overlays,
            candles_per_bar: 1,
        };
    }
    let merged = candles.chunks(per_bar).filter_map(merge).collect();
    let overlays = overlays
        .into_iter()
        .map(|o| Overlay {
            values: o
                .values
                .chunks(per_bar)
                .map(|group| group.last().copied().flatten())
                .collect(),
            name: o.name,
        })
        .collect();
    ChartBars {
        candles: merged,
        overlays,
        candles_per_bar: per_bar,
    }
}

fn merge(group: &[Candle]) -> Option<Candle> {
    let (first, last) = (group.first()?, group.last()?);
    Some(Candle {
        open_time: first.open_time,
        close_time: last.close_time,
        open: first.open,
        high: group.iter().map(|c| c.high).max().unwrap_or(first.high),
        low: group.iter().map(|c| c.low).min().unwrap_or(first.low),
        close: last.close,
        volume: group.iter().map(|c| c.volume).sum::<Decimal>(),
    })
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};

    use super::*;

    fn candle(i: i64, low: i64, high: i64) -> Candle {
        let at = |ms: i64| Utc.timestamp_millis_opt(ms).single().unwrap_or_default();
        Candle {
            open_time: at(i * 60_000),
            close_time: at(i * 60_000 + 59_999),
            open: Decimal::from(100 + i),
            high: Decimal::from(high),
            low: Decimal::from(low),
            close: Decimal::from(101 + i),
            volume: Decimal::from(2),
        }
    }

    fn line(values: Vec<Option<f64>>) -> Overlay {
        Overlay {
            name: "sma_2".into(),
            values,
        }
    }

    #[test]
    fn few_candles_are_drawn_as_they_are() {
        let candles = vec![candle(0, 90, 110), candle(1, 95, 120)];
        let bars = chart_bars(candles.clone(), vec![line(vec![None, Some(1.0)])], 10);
        assert_eq!(bars.candles, candles, "under the limit nothing is merged");
        assert_eq!(bars.candles_per_bar, 1, "one candle per bar");
    }

    #[test]
    fn many_candles_merge_into_bars_as_a_coarser_interval_would() {
        let candles: Vec<Candle> = (0..5).map(|i| candle(i, 90 - i, 110 + i)).collect();
        let values = vec![None, Some(1.0), Some(2.0), Some(3.0), None];
        let bars = chart_bars(candles.clone(), vec![line(values)], 2);
        assert_eq!(
            bars.candles_per_bar, 3,
            "5 candles in at most 2 bars: 3 to a bar"
        );
        assert_eq!(bars.candles.len(), 2, "the last bar holds the 2 left over");
        let first = &bars.candles[0];
        assert_eq!(
            (first.open_time, first.close_time),
            (candles[0].open_time, candles[2].close_time),
            "a bar spans its candles"
        );
        assert_eq!(
            (first.open, first.high, first.low, first.close, first.volume),
            (
                candles[0].open,
                Decimal::from(112),
                Decimal::from(88),
                candles[2].close,
                Decimal::from(6)
            ),
            "first open, highest high, lowest low, last close, summed volume"
        );
        assert_eq!(
            bars.overlays[0].values,
            vec![Some(2.0), None],
            "a line keeps its value at each bar's last candle"
        );
    }
}
