//! The words clap accepts for `--kind`, `--status`, `--missed` and `--overlap`, each mapped to
//! core's type by an explicit `match` or taken from core's own list, so `--help` lists exactly
//! what core knows (with its descriptions) and a new kind or status needs no CLI change.

use std::sync::LazyLock;

use clap::ValueEnum;
use clap::builder::PossibleValue;
use pilothouse_app::core::schedule::{JobKind, MissedPolicy, OverlapPolicy, RunStatus};

/// A job kind as `--kind` takes it; the names and their help come from core's list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KindArg(pub JobKind);

static KINDS: LazyLock<Vec<KindArg>> =
    LazyLock::new(|| JobKind::ALL.into_iter().map(KindArg).collect());

impl ValueEnum for KindArg {
    fn value_variants<'a>() -> &'a [Self] {
        KINDS.as_slice()
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(PossibleValue::new(self.0.as_str()).help(self.0.summary()))
    }
}

/// A run status as `history --status` takes it; the names come from core's list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatusArg(pub RunStatus);

static STATUSES: LazyLock<Vec<StatusArg>> =
    LazyLock::new(|| RunStatus::ALL.into_iter().map(StatusArg).collect());

impl ValueEnum for StatusArg {
    fn value_variants<'a>() -> &'a [Self] {
        STATUSES.as_slice()
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        let value = PossibleValue::new(self.0.as_str());
        Some(match self.0 {
            RunStatus::TimedOut => value.alias("timed-out"),
            _ => value,
        })
    }
}

/// `--missed`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MissedArg {
    /// Record each missed fire as missed; run nothing.
    Skip,
    /// Run once now for all of them (the latest); record the rest as missed.
    RunOnce,
    /// Run every missed fire within --grace, oldest first; record older ones as missed.
    CatchUp,
}

impl From<MissedArg> for MissedPolicy {
    fn from(arg: MissedArg) -> Self {
        match arg {
            MissedArg::Skip => MissedPolicy::Skip,
            MissedArg::RunOnce => MissedPolicy::RunOnce,
            MissedArg::CatchUp => MissedPolicy::CatchUp,
        }
    }
}

/// `--overlap`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OverlapArg {
    /// Record the new fire as skipped.
    Skip,
    /// Start the new run when the previous one ends (one waits; more are skipped).
    Queue,
}

impl From<OverlapArg> for OverlapPolicy {
    fn from(arg: OverlapArg) -> Self {
        match arg {
            OverlapArg::Skip => OverlapPolicy::Skip,
            OverlapArg::Queue => OverlapPolicy::Queue,
        }
    }
}
