//! What a plan buys, per quota type and overall: units, pool, posts moved, need met and
//! imbalance before and after; and the finding that sums up each type.

use super::targets::Moves;
use super::transfers::{Line, same_department};
use super::{ALL_TYPES, Out, Row, here, type_en};
use crate::findings::Finding;

/// Per quota type figures of the summary.
#[derive(Debug, Clone, Default)]
pub(super) struct TypeStats {
    pub(super) quota_type: String,
    pub(super) units: i64,
    pub(super) units_planned: i64,
    pub(super) approved: i64,
    pub(super) required: Option<f64>,
    pub(super) reserve: i64,
    pub(super) moved: i64,
    pub(super) giving: i64,
    pub(super) receiving: i64,
    covered_before: f64,
    covered_after: f64,
    quota_before: i64,
    quota_after: i64,
    pub(super) imbalance_before: Option<f64>,
    pub(super) imbalance_after: Option<f64>,
}

/// A row of the summary: a type's figures (or the overall ones), and its need met before and after.
pub(super) struct SummaryRow {
    pub(super) stats: TypeStats,
    pub(super) need_met_before: Option<f64>,
    pub(super) need_met_after: Option<f64>,
}

/// The figures of one quota type (`group`, all its rows), once every row is planned.
pub(super) fn type_stats(
    rows: &[Row],
    group: &[usize],
    outs: &[Option<Out>],
    reserve: i64,
    planned: usize,
    moves: &Moves<'_>,
    lines: &[Line],
) -> TypeStats {
    let out = |i: usize| outs[i].as_ref().expect("planned before the summary");
    let surveyed: Vec<usize> = group.iter().copied().filter(|&i| rows[i].required.is_some()).collect();
    let required: f64 = surveyed.iter().map(|&i| rows[i].required.unwrap_or(0.0)).sum();
    let covered = |quota: &dyn Fn(usize) -> i64| -> f64 {
        surveyed
            .iter()
            .map(|&i| rows[i].required.unwrap_or(0.0).min(quota(i) as f64))
            .sum()
    };
    let imbalance = |quota: &dyn Fn(usize) -> i64| -> Option<f64> {
        let q_sum: i64 = surveyed.iter().map(|&i| quota(i)).sum();
        let n_sum: f64 = surveyed.iter().map(|&i| out(i).need.unwrap_or(0.0)).sum();
        if q_sum <= 0 || n_sum <= 0.0 || !n_sum.is_finite() {
            return None;
        }
        let d: f64 = surveyed
            .iter()
            .map(|&i| (quota(i) as f64 / q_sum as f64 - out(i).need.unwrap_or(0.0) / n_sum).abs())
            .sum();
        Some(d / 2.0)
    };
    let before = |i: usize| rows[i].approved;
    let after = |i: usize| out(i).target;
    TypeStats {
        quota_type: rows[group[0]].quota_type.clone(),
        units: group.len() as i64,
        units_planned: planned as i64,
        approved: group.iter().map(|&i| rows[i].approved).sum(),
        required: (!surveyed.is_empty()).then_some(required),
        reserve,
        moved: lines.iter().filter(|l| l.to.is_some()).map(|l| l.count).sum(),
        giving: moves.donors.len() as i64,
        receiving: moves.recipients.len() as i64,
        covered_before: covered(&before),
        covered_after: covered(&after),
        quota_before: surveyed.iter().map(|&i| before(i)).sum(),
        quota_after: surveyed.iter().map(|&i| after(i)).sum(),
        imbalance_before: imbalance(&before),
        imbalance_after: imbalance(&after),
    }
}

/// The finding that sums up quota type `t`: units in the plan, pool, posts moved and where.
pub(super) fn type_summary(t: &str, rows: &[Row], s: &TypeStats, seats: i128, lines: &[Line]) -> Finding {
    let t_en = type_en(t);
    let inside: i64 = lines
        .iter()
        .filter(|l| same_department(rows, l) == Some(true))
        .map(|l| l.count)
        .sum();
    Finding::info(
        "plan_type_summary",
        here(),
        format!(
            "{t}：{} 个单位参与调整，可分配编制 {} 名，调剂 {} 名（系统内 {inside} 名），{} 个单位调出、{} 个单位调入",
            s.units_planned, seats, s.moved, s.giving, s.receiving
        ),
        format!(
            "{t_en}: {} units in the plan, a pool of {} posts, {} moved ({inside} inside a department), {} units give and {} receive",
            s.units_planned, seats, s.moved, s.giving, s.receiving
        ),
    )
}

/// The rows of the summary: one per quota type, then the overall row [`ALL_TYPES`].
pub(super) fn summary_rows(stats: &[TypeStats]) -> Vec<SummaryRow> {
    let mut rows: Vec<SummaryRow> = stats
        .iter()
        .map(|s| {
            let req = s.required.unwrap_or(0.0);
            SummaryRow {
                stats: s.clone(),
                need_met_before: ratio(s.covered_before, req),
                need_met_after: ratio(s.covered_after, req),
            }
        })
        .collect();
    rows.push(overall(stats));
    rows
}

/// The overall row: sums, need met over all types, imbalance weighted by each type's posts.
fn overall(stats: &[TypeStats]) -> SummaryRow {
    let total_required: Option<f64> = stats.iter().filter_map(|s| s.required).reduce(|a, b| a + b);
    let weighted = |f: &dyn Fn(&TypeStats) -> (Option<f64>, i64)| -> Option<f64> {
        let (num, den) = stats.iter().fold((0.0, 0i64), |(num, den), s| match f(s) {
            (Some(d), q) => (num + d * q as f64, den + q),
            (None, _) => (num, den),
        });
        ratio(num, den as f64)
    };
    let all = TypeStats {
        quota_type: ALL_TYPES.to_owned(),
        units: stats.iter().map(|s| s.units).sum(),
        units_planned: stats.iter().map(|s| s.units_planned).sum(),
        approved: stats.iter().map(|s| s.approved).sum(),
        required: total_required,
        reserve: stats.iter().map(|s| s.reserve).sum(),
        moved: stats.iter().map(|s| s.moved).sum(),
        giving: stats.iter().map(|s| s.giving).sum(),
        receiving: stats.iter().map(|s| s.receiving).sum(),
        imbalance_before: weighted(&|s| (s.imbalance_before, s.quota_before)),
        imbalance_after: weighted(&|s| (s.imbalance_after, s.quota_after)),
        ..TypeStats::default()
    };
    let covered_before: f64 = stats.iter().map(|s| s.covered_before).sum();
    let covered_after: f64 = stats.iter().map(|s| s.covered_after).sum();
    let req = total_required.unwrap_or(0.0);
    SummaryRow {
        stats: all,
        need_met_before: ratio(covered_before, req),
        need_met_after: ratio(covered_after, req),
    }
}

/// `num / den`, none when the denominator is not a positive number.
fn ratio(num: f64, den: f64) -> Option<f64> {
    (den > 0.0 && den.is_finite()).then(|| num / den)
}
