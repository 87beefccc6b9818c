//! How `pilothouse backtest` and `pilothouse backtests` print for people: the headline table
//! of a run (its trades with `show`), the stored runs, and a sweep ranked best first. Times
//! are in the local time zone, named.

use chrono::{DateTime, Local, Utc};
use pilothouse_app::backtests::{
    BacktestHeadline, BacktestRunSummary, StoredBacktest, SweepOutcome,
};

/// Rows of a sweep's table printed without `--json` (the JSON has every combination).
const SWEEP_ROWS: usize = 25;

fn local(t: DateTime<Utc>) -> String {
    t.with_timezone(&Local)
        .format("%Y-%m-%d %H:%M %Z")
        .to_string()
}

fn ms(t: i64) -> String {
    DateTime::from_timestamp_millis(t)
        .map(local)
        .unwrap_or_else(|| t.to_string())
}

fn pct(v: Option<f64>) -> String {
    v.map(|v| format!("{v:.2} %"))
        .unwrap_or_else(|| "—".to_owned())
}

fn ratio(v: Option<f64>) -> String {
    v.map(|v| format!("{v:.3}"))
        .unwrap_or_else(|| "—".to_owned())
}

fn duration(ms: Option<i64>) -> String {
    let Some(ms) = ms else {
        return "—".to_owned();
    };
    let minutes = ms / 60_000;
    match (minutes / 1440, minutes % 1440 / 60, minutes % 60) {
        (0, 0, m) => format!("{m} min"),
        (0, h, m) => format!("{h} h {m} min"),
        (d, h, _) => format!("{d} d {h} h"),
    }
}

fn params(p: &pilothouse_app::backtests::Params) -> String {
    p.iter()
        .map(|(k, v)| match v {
            pilothouse_app::backtests::ParamValue::Number(n) => format!("{k}={n}"),
            pilothouse_app::backtests::ParamValue::Bool(b) => format!("{k}={b}"),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The headline table of one run.
pub fn print_report(run: &StoredBacktest, with_trades: bool) -> anyhow::Result<()> {
    let h: &BacktestHeadline = &run.report.headline;
    match run.id {
        Some(id) => println!(
            "Backtest run {id}: {} {}",
            run.info.strategy,
            params(&run.info.params)
        ),
        None => println!(
            "Backtest (not kept): {} {}",
            run.info.strategy,
            params(&run.info.params)
        ),
    }
    println!(
        "Data:            {} {} · {} candles · {} → {}",
        run.info.symbol,
        run.info.interval,
        run.info.candle_count,
        local(run.info.from),
        local(run.info.to)
    );
    println!(
        "Settings:        cash {} · commission {} · {} · {}",
        run.info.settings.cash,
        run.info.settings.commission,
        if run.info.settings.whole_units {
            "whole units"
        } else {
            "fractional units"
        },
        if run.info.settings.allow_short {
            "shorts allowed"
        } else {
            "long only"
        },
    );
    println!("Final equity:    {:.2}", h.final_equity);
    println!("Return:          {:.2} %", h.total_return_pct);
    println!("Buy & hold:      {:.2} %", h.buy_hold_return_pct);
    println!("Max drawdown:    {:.2} %", h.max_drawdown_pct);
    println!("Trades:          {}", h.trades_count);
    println!("Win rate:        {}", pct(h.win_rate_pct));
    println!("Exposure:        {:.2} %", h.exposure_pct);
    println!("Profit factor:   {}", ratio(h.profit_factor));
    println!("Sharpe:          {}", ratio(h.sharpe));
    println!("Sortino:         {}", ratio(h.sortino));
    println!(
        "Avg trade:       {} over {}",
        pct(h.avg_trade_pct),
        duration(h.avg_trade_duration_ms)
    );
    println!(
        "Best / worst:    {} / {}",
        pct(h.best_trade_pct),
        pct(h.worst_trade_pct)
    );
    if with_trades && !run.report.trades.is_empty() {
        println!();
        println!(
            "{:<6} {:<22} {:<22} {:>14} {:>14} {:>16} {:>12} {:>9}  exit",
            "side", "entry", "exit", "entry price", "exit price", "quantity", "pnl", "return"
        );
        for t in &run.report.trades {
            println!(
                "{:<6} {:<22} {:<22} {:>14} {:>14} {:>16} {:>12.4} {:>8.2}%  {}",
                t.side.as_str(),
                ms(t.entry_time),
                ms(t.exit_time),
                t.entry_price,
                t.exit_price,
                t.quantity,
                t.pnl,
                t.return_pct,
                t.exit_reason.as_str(),
            );
        }
    }
    Ok(())
}

/// The stored runs, newest first.
pub fn print_runs(runs: &[BacktestRunSummary]) -> anyhow::Result<()> {
    if runs.is_empty() {
        println!("No stored backtest runs. Run one with `pilothouse backtest`.");
        return Ok(());
    }
    println!(
        "{:>5}  {:<23} {:<15} {:<12} {:>8} {:>10} {:>10} {:>7}  params",
        "id", "created", "strategy", "symbol", "candles", "return", "drawdown", "trades"
    );
    for r in runs {
        println!(
            "{:>5}  {:<23} {:<15} {:<12} {:>8} {:>9.2}% {:>9.2}% {:>7}  {}",
            r.id,
            local(r.info.created_at),
            r.info.strategy,
            format!("{} {}", r.info.symbol, r.info.interval),
            r.info.candle_count,
            r.headline.total_return_pct,
            r.headline.max_drawdown_pct,
            r.headline.trades_count,
            params(&r.info.params),
        );
    }
    Ok(())
}

/// A sweep ranked best first (JSON: every combination).
pub fn print_sweep(sweep: &SweepOutcome, json: bool) -> anyhow::Result<()> {
    if json {
        println!("{}", serde_json::to_string_pretty(sweep)?);
        return Ok(());
    }
    println!(
        "{} combinations over {} candles ({} invalid skipped), best first:",
        sweep.rows.len(),
        sweep.candle_count,
        sweep.skipped_invalid
    );
    println!(
        "{:>4}  {:>10} {:>9} {:>10} {:>9} {:>7} {:>9}  params",
        "rank", "return", "sharpe", "drawdown", "pf", "trades", "win rate"
    );
    for (i, row) in sweep.rows.iter().take(SWEEP_ROWS).enumerate() {
        let h = &row.headline;
        println!(
            "{:>4}  {:>9.2}% {:>9} {:>9.2}% {:>9} {:>7} {:>9}  {}",
            i + 1,
            h.total_return_pct,
            ratio(h.sharpe),
            h.max_drawdown_pct,
            ratio(h.profit_factor),
            h.trades_count,
            pct(h.win_rate_pct),
            params(&row.params),
        );
    }
    if sweep.rows.len() > SWEEP_ROWS {
        println!(
            "… {} more (use --json for all)",
            sweep.rows.len() - SWEEP_ROWS
        );
    }
    Ok(())
}
