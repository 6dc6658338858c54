//! Each unit's lower and upper bound in the plan, with the rule that set it.

use super::reasons::Bound;
use super::{PlanParams, Row};

/// The bounds of the units in the plan, in the order of the units.
pub(super) struct Bounds {
    pub(super) lower: Vec<i64>,
    pub(super) lower_rule: Vec<Bound>,
    /// `None`: no limit.
    pub(super) upper: Vec<Option<i64>>,
    pub(super) upper_rule: Vec<Bound>,
}

/// Bounds of the units in the plan, each with the rule that set it. On equal floors the rule
/// reported is, in order: keep_incumbents, protect_need, max_loss; on equal caps protect_need.
pub(super) fn bounds(rows: &[Row], part: &[usize], p: &PlanParams) -> Bounds {
    let mut b = Bounds {
        lower: Vec::with_capacity(part.len()),
        lower_rule: Vec::with_capacity(part.len()),
        upper: Vec::with_capacity(part.len()),
        upper_rule: Vec::with_capacity(part.len()),
    };
    for &i in part {
        let (floor, floor_rule) = floor(&rows[i], p);
        let (cap, cap_rule) = cap(&rows[i], p);
        b.lower.push(floor);
        b.lower_rule.push(floor_rule);
        b.upper.push(cap);
        b.upper_rule.push(cap_rule);
    }
    b
}

/// The lower bound: what max_loss_share leaves, raised by protect_need and keep_incumbents.
fn floor(r: &Row, p: &PlanParams) -> (i64, Bound) {
    let (e, needed) = (r.approved, posts_needed(r.required.unwrap_or(0.0)));
    let mut floor = (e - share_of(p.max_loss_share, e), Bound::MaxLoss);
    if p.protect_need && needed.min(e) >= floor.0 {
        floor = (needed.min(e), Bound::NeedFloor);
    }
    if p.keep_incumbents && r.actual.min(e) >= floor.0 {
        floor = (r.actual.min(e), Bound::KeepIncumbents);
    }
    floor
}

/// The upper bound: what max_gain_share and max_gain_count allow, lowered by protect_need.
fn cap(r: &Row, p: &PlanParams) -> (Option<i64>, Bound) {
    let (e, needed) = (r.approved, posts_needed(r.required.unwrap_or(0.0)));
    let gain = match (p.max_gain_share, p.max_gain_count) {
        (None, None) => None,
        (share, count) => Some(
            share
                .map(|s| share_of(s, e))
                .unwrap_or(i64::MAX)
                .min(count.unwrap_or(i64::MAX)),
        ),
    };
    let mut cap = gain.map(|g| e.saturating_add(g));
    let mut cap_rule = Bound::MaxGain;
    if p.protect_need && cap.is_none_or(|c| needed.max(e) <= c) {
        cap = Some(needed.max(e));
        cap_rule = Bound::NeedCap;
    }
    (cap, cap_rule)
}

/// A share read to six decimals, applied to a count and rounded down.
pub(super) fn share_of(share: f64, count: i64) -> i64 {
    let ppm = (share * 1e6).round() as i128;
    (count as i128 * ppm / 1_000_000).min(i64::MAX as i128) as i64
}

/// Posts a workload of `required` people needs: rounded up, ignoring float noise below 10⁻⁹.
fn posts_needed(required: f64) -> i64 {
    (required - 1e-9).ceil().max(0.0) as i64
}
