//! The plan's output tables: one row per unit × quota type, the transfer list, and the summary
//! per quota type with its overall row.

use super::reasons::{self, Bound, Reason};
use super::stats::{SummaryRow, TypeStats};
use super::transfers::{Line, same_department};
use super::{Out, Row, col, leading_bytes, type_ranks};
use crate::model::{Lang, col as mcol};
use polars::prelude::*;

/// Output order: quota type, department (units without one last), unit.
fn output_order(rows: &[Row]) -> Vec<usize> {
    let types = type_ranks(rows);
    let departments: Vec<(bool, u64)> = rows
        .iter()
        .map(|r| (r.department.is_none(), r.department.as_deref().map_or(0, leading_bytes)))
        .collect();
    let units: Vec<u64> = rows.iter().map(|r| leading_bytes(&r.unit)).collect();
    let mut order: Vec<usize> = (0..rows.len()).collect();
    order.sort_by(|&a, &b| {
        let (ra, rb) = (&rows[a], &rows[b]);
        (types[a], departments[a])
            .cmp(&(types[b], departments[b]))
            .then_with(|| ra.department.cmp(&rb.department))
            .then_with(|| units[a].cmp(&units[b]))
            .then_with(|| ra.unit.cmp(&rb.unit))
    });
    order
}

/// A column named `name` holding `values`.
pub(super) fn column<T, P: ?Sized>(name: &str, values: T) -> Column
where
    Series: NamedFrom<T, P>,
{
    Column::new(name.into(), values)
}

pub(super) fn units_frame(rows: &[Row], outs: &[Out]) -> PolarsResult<DataFrame> {
    let order = output_order(rows);
    let int = |f: &dyn Fn(&Row, &Out) -> Option<i64>| -> Vec<Option<i64>> {
        order.iter().map(|&i| f(&rows[i], &outs[i])).collect()
    };
    let float = |f: &dyn Fn(&Row, &Out) -> Option<f64>| -> Vec<Option<f64>> {
        order
            .iter()
            .map(|&i| f(&rows[i], &outs[i]).filter(|v| v.is_finite()))
            .collect()
    };
    // Text the rows hold is lent to the columns, not copied cell by cell first.
    let text = |f: fn(&Row) -> Option<&str>| -> Vec<Option<&str>> { order.iter().map(|&i| f(&rows[i])).collect() };
    let bound = |f: fn(Bound) -> &'static str| -> Vec<&str> { order.iter().map(|&i| f(outs[i].bound)).collect() };
    let worded = reasons::Worded::of(outs.iter().map(|o| o.reason.as_slice()));
    let reason = |labels: bool| -> Vec<&str> { order.iter().map(|&i| worded.words(&outs[i].reason, labels)).collect() };
    let columns = vec![
        column(mcol::UNIT, text(|row| Some(&row.unit))),
        column(mcol::DEPARTMENT, text(|row| row.department.as_deref())),
        column(mcol::QUOTA_TYPE, text(|row| Some(&row.quota_type))),
        column(mcol::APPROVED, int(&|row, _| Some(row.approved))),
        column(mcol::ACTUAL, int(&|row, _| row.actual_known.then_some(row.actual))),
        column(mcol::REQUIRED, float(&|row, _| row.required)),
        column(mcol::SATURATION, float(&|row, _| row.saturation)),
        column(col::WEIGHT, float(&|_, o| o.weight)),
        column(col::NEED, float(&|_, o| o.need)),
        column(col::LOWER, int(&|_, o| Some(o.lower))),
        column(col::UPPER, int(&|_, o| o.upper)),
        column(col::TARGET, int(&|_, o| Some(o.target))),
        column(col::CHANGE, int(&|row, o| Some(o.target - row.approved))),
        column(col::BOUND, bound(|b| b.code())),
        column(col::BOUND_LABEL, bound(|b| b.label(Lang::Zh))),
        column(col::REASON, reason(false)),
        column(col::REASON_LABEL, reason(true)),
        // Before and after on one basis: the plan moves posts, not people. Staff in post stays;
        // quota saturation, vacancy, over-quota staff and the posts short of the workload are
        // read against the approved quota, then against the target.
        column(
            mcol::QUOTA_SATURATION,
            float(&|row, _| quota_saturation(row, row.approved)),
        ),
        column(col::SATURATION_AFTER, float(&|row, o| quota_saturation(row, o.target))),
        column(
            mcol::VACANCY,
            int(&|row, _| known(row).map(|a| (row.approved - a).max(0))),
        ),
        column(
            col::VACANCY_AFTER,
            int(&|row, o| known(row).map(|a| (o.target - a).max(0))),
        ),
        column(
            mcol::OVER_QUOTA,
            int(&|row, _| known(row).map(|a| (a - row.approved).max(0))),
        ),
        column(
            col::OVER_QUOTA_AFTER,
            int(&|row, o| known(row).map(|a| (a - o.target).max(0))),
        ),
        column(
            col::POSTS_SHORT,
            float(&|row, _| row.required.map(|q| (q - row.approved as f64).max(0.0))),
        ),
        column(
            col::POSTS_SHORT_AFTER,
            float(&|row, o| row.required.map(|q| (q - o.target as f64).max(0.0))),
        ),
    ];
    DataFrame::new(order.len(), columns)
}

/// Required staff over `posts` (None without a survey or without posts).
fn quota_saturation(row: &Row, posts: i64) -> Option<f64> {
    row.required.filter(|_| posts > 0).map(|q| q / posts as f64)
}

/// The staff in post, when known.
fn known(row: &Row) -> Option<i64> {
    row.actual_known.then_some(row.actual)
}

pub(super) fn transfers_frame(rows: &[Row], outs: &[Out], lines: &[(usize, Line)]) -> PolarsResult<DataFrame> {
    let unit = |i: Option<usize>| i.map(|i| rows[i].unit.clone());
    let dept = |i: Option<usize>| i.and_then(|i| rows[i].department.clone());
    // Posts from or to the reserve have that for their reason.
    let from_list = |l: &Line| l.from.map_or(&[Reason::FromReserve][..], |i| &outs[i].reason);
    let to_list = |l: &Line| l.to.map_or(&[Reason::ToReserve][..], |i| &outs[i].reason);
    let worded = reasons::Worded::of(lines.iter().flat_map(|(_, l)| [from_list(l), to_list(l)]));
    let words = |from: bool, labels: bool| -> Vec<&str> {
        let list = |l: &Line| if from { from_list(l) } else { to_list(l) };
        lines.iter().map(|(_, l)| worded.words(list(l), labels)).collect()
    };
    let columns = vec![
        column(
            mcol::QUOTA_TYPE,
            lines
                .iter()
                .map(|(g, _)| rows[*g].quota_type.clone())
                .collect::<Vec<_>>(),
        ),
        column(
            col::FROM_UNIT,
            lines.iter().map(|(_, l)| unit(l.from)).collect::<Vec<_>>(),
        ),
        column(
            col::FROM_DEPARTMENT,
            lines.iter().map(|(_, l)| dept(l.from)).collect::<Vec<_>>(),
        ),
        column(col::TO_UNIT, lines.iter().map(|(_, l)| unit(l.to)).collect::<Vec<_>>()),
        column(
            col::TO_DEPARTMENT,
            lines.iter().map(|(_, l)| dept(l.to)).collect::<Vec<_>>(),
        ),
        column(col::POSTS, lines.iter().map(|(_, l)| l.count).collect::<Vec<_>>()),
        column(
            col::SAME_DEPARTMENT,
            lines.iter().map(|(_, l)| same_department(rows, l)).collect::<Vec<_>>(),
        ),
        column(col::FROM_REASON, words(true, false)),
        column(col::FROM_REASON_LABEL, words(true, true)),
        column(col::TO_REASON, words(false, false)),
        column(col::TO_REASON_LABEL, words(false, true)),
    ];
    DataFrame::new(lines.len(), columns)
}

pub(super) fn summary_frame(stats: &[TypeStats]) -> PolarsResult<DataFrame> {
    let rows: Vec<SummaryRow> = super::stats::summary_rows(stats);
    let finite = |v: Option<f64>| v.filter(|x| x.is_finite());
    let figure = |f: &dyn Fn(&TypeStats) -> i64| rows.iter().map(|r| f(&r.stats)).collect::<Vec<_>>();
    let columns = vec![
        column(
            mcol::QUOTA_TYPE,
            rows.iter().map(|r| r.stats.quota_type.clone()).collect::<Vec<_>>(),
        ),
        column(mcol::UNITS, figure(&|s| s.units)),
        column(col::UNITS_PLANNED, figure(&|s| s.units_planned)),
        column(mcol::APPROVED, figure(&|s| s.approved)),
        column(
            mcol::REQUIRED,
            rows.iter().map(|r| finite(r.stats.required)).collect::<Vec<_>>(),
        ),
        column(col::RESERVE, figure(&|s| s.reserve)),
        column(col::POOL, figure(&|s| s.approved - s.reserve)),
        column(col::MOVED, figure(&|s| s.moved)),
        column(col::UNITS_GIVING, figure(&|s| s.giving)),
        column(col::UNITS_RECEIVING, figure(&|s| s.receiving)),
        column(
            col::NEED_MET_BEFORE,
            rows.iter().map(|r| finite(r.need_met_before)).collect::<Vec<_>>(),
        ),
        column(
            col::NEED_MET_AFTER,
            rows.iter().map(|r| finite(r.need_met_after)).collect::<Vec<_>>(),
        ),
        column(
            col::IMBALANCE_BEFORE,
            rows.iter()
                .map(|r| finite(r.stats.imbalance_before))
                .collect::<Vec<_>>(),
        ),
        column(
            col::IMBALANCE_AFTER,
            rows.iter().map(|r| finite(r.stats.imbalance_after)).collect::<Vec<_>>(),
        ),
    ];
    DataFrame::new(rows.len(), columns)
}
