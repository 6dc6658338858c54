//! Whether the bounds can be met: the pool of a quota type against the sum of its units' bounds,
//! and, when they cannot be met, the finding that names the constraint and the gap.

use super::bounds::Bounds;
use super::reasons::Bound;
use super::{PlanParams, Row, here, type_en};
use crate::findings::Finding;
use crate::model::Lang;

/// The pool of quota type `t` to share among the units in the plan (`part`): what they hold
/// less the reserve. An error is the infeasible type's finding.
pub(super) fn pool(
    t: &str,
    rows: &[Row],
    part: &[usize],
    reserve: i64,
    b: &Bounds,
    p: &PlanParams,
) -> Result<i128, Finding> {
    let approved_part: i128 = part.iter().map(|&i| rows[i].approved as i128).sum();
    let seats = approved_part - reserve as i128;
    let lower_sum: i128 = b.lower.iter().map(|&l| l as i128).sum();
    let upper_sum: Option<i128> = b.upper.iter().map(|u| u.map(|u| u as i128)).sum();
    if part.is_empty() && reserve != 0 {
        return Err(nobody_for_reserve(t, reserve));
    }
    if seats < 0 {
        return Err(reserve_above_quota(t, reserve, approved_part, seats));
    }
    if lower_sum > seats {
        return Err(floors_above_pool(t, reserve, seats, lower_sum, b, p));
    }
    if let Some(upper_sum) = upper_sum.filter(|&u| u < seats) {
        return Err(caps_below_pool(t, reserve, seats, upper_sum, b, p));
    }
    Ok(seats)
}

fn infeasible(zh: String, en: String) -> Finding {
    Finding::error("plan_infeasible", here(), zh, en)
}

fn nobody_for_reserve(t: &str, reserve: i64) -> Finding {
    let t_en = type_en(t);
    infeasible(
        format!("{t}：没有参与调整的单位（均冻结、无调查或不在编制表中），无法安排机动编制 {reserve} 名"),
        format!(
            "{t_en}: no unit is in the plan (all frozen, without survey or not in the staffing table), so a reserve of {reserve} cannot be met"
        ),
    )
}

fn reserve_above_quota(t: &str, reserve: i64, approved_part: i128, seats: i128) -> Finding {
    let t_en = type_en(t);
    infeasible(
        format!(
            "{t}：预留机动编制 {reserve} 名，超过参与调整单位的核定编制合计 {approved_part} 名，差 {} 名。请减少预留编制。",
            -seats
        ),
        format!(
            "{t_en}: the reserve of {reserve} exceeds the {approved_part} posts the units in the plan hold, by {}. Lower the reserve.",
            -seats
        ),
    )
}

/// The lower bounds hold more than the pool: how much each floor rule holds.
fn floors_above_pool(t: &str, reserve: i64, seats: i128, lower_sum: i128, b: &Bounds, p: &PlanParams) -> Finding {
    let t_en = type_en(t);
    let gap = lower_sum - seats;
    let held = |rule| -> i128 {
        b.lower
            .iter()
            .zip(&b.lower_rule)
            .filter(|(_, r)| **r == rule)
            .map(|(&l, _)| l as i128)
            .sum()
    };
    let pc = pct(p.max_loss_share);
    let rules = [
        (
            Bound::KeepIncumbents,
            "“在编人员不减编”（keep_incumbents）".to_owned(),
            "keep_incumbents (staff in post)".to_owned(),
        ),
        (
            Bound::NeedFloor,
            "“不减工作量所需编制”（protect_need）".to_owned(),
            "protect_need (posts the workload needs)".to_owned(),
        ),
        (
            Bound::MaxLoss,
            format!("“单轮减编不超过核定编制的 {pc}%”（max_loss_share）"),
            format!("max_loss_share ({pc}% per round)"),
        ),
    ];
    let (mut by_zh, mut by_en) = (Vec::new(), Vec::new());
    for (rule, zh, en) in rules {
        let n = held(rule);
        if n > 0 {
            by_zh.push(format!("{zh}{n} 名"));
            by_en.push(format!("{en} holds {n}"));
        }
    }
    let (by_zh, by_en) = (by_zh.join("、"), by_en.join(", "));
    infeasible(
        format!(
            "{t}：预留机动编制 {reserve} 名后，可分配编制为 {seats} 名，比参与调整单位的下限合计 {lower_sum} 名少 {gap} 名。\
             下限来自{by_zh}。请减少预留编制，或放宽上述约束。"
        ),
        format!(
            "{t_en}: after a reserve of {reserve}, the pool is {seats} posts, {gap} short of the {lower_sum} that the units' \
             lower bounds hold: {by_en}. Lower the reserve or relax these bounds."
        ),
    )
}

/// The upper bounds allow less than the pool: how much each cap rule allows.
fn caps_below_pool(t: &str, reserve: i64, seats: i128, upper_sum: i128, b: &Bounds, p: &PlanParams) -> Finding {
    let t_en = type_en(t);
    let gap = seats - upper_sum;
    let capped = |rule| -> i128 {
        b.upper
            .iter()
            .zip(&b.upper_rule)
            .filter(|(_, r)| **r == rule)
            .map(|(u, _)| u.unwrap_or(0) as i128)
            .sum()
    };
    let (mut by_zh, mut by_en) = (Vec::new(), Vec::new());
    let gain = capped(Bound::MaxGain);
    if gain > 0 {
        by_zh.push(format!("“{}”{gain} 名", gain_limits(p, Lang::Zh)));
        by_en.push(format!("{} allows {gain}", gain_limits(p, Lang::En)));
    }
    let need = capped(Bound::NeedCap);
    if need > 0 {
        by_zh.push(format!("“不超过工作量所需编制”（protect_need）{need} 名"));
        by_en.push(format!("protect_need (no more than the workload needs) allows {need}"));
    }
    let (by_zh, by_en) = (by_zh.join("、"), by_en.join(", "));
    infeasible(
        format!(
            "{t}：动用机动编制 {} 名后，可分配编制为 {seats} 名，比参与调整单位的上限合计 {upper_sum} 名多 {gap} 名。\
             上限来自{by_zh}。请少动用机动编制，或放宽上述约束。",
            -reserve
        ),
        format!(
            "{t_en}: after releasing {} reserve posts, the pool is {seats} posts, {gap} more than the {upper_sum} that the units' \
             upper bounds allow: {by_en}. Release fewer posts or relax these bounds.",
            -reserve
        ),
    )
}

/// The gain limits in force, in words.
fn gain_limits(p: &PlanParams, lang: Lang) -> String {
    let mut parts = Vec::new();
    if let Some(s) = p.max_gain_share {
        parts.push(match lang {
            Lang::Zh => format!("单轮增编不超过核定编制的 {}%（max_gain_share）", pct(s)),
            Lang::En => format!("max_gain_share {}% per round", pct(s)),
        });
    }
    if let Some(c) = p.max_gain_count {
        parts.push(match lang {
            Lang::Zh => format!("单轮增编不超过 {c} 名（max_gain_count）"),
            Lang::En => format!("max_gain_count {c} per round"),
        });
    }
    parts.join(match lang {
        Lang::Zh => "、",
        Lang::En => ", ",
    })
}

/// A share as a percentage for messages: 0.2 → "20".
fn pct(share: f64) -> String {
    format!("{}", (share * 1e6).round() / 1e4)
}
