//! From the apportionment to each unit's answer: its target, the bound that decided it and the
//! reason it gives or receives; the units that give and receive; and the people a cut displaces.

use super::apportion::{Apportionment, Binding};
use super::bounds::Bounds;
use super::reasons::{Bound, Reason};
use super::transfers::Party;
use super::{Out, PlanParams, Row, here, names_list, type_en, weight_of};
use crate::findings::Finding;
use crate::model::{Band, Flag, Lang};

/// The units of a quota type whose quota moves, in processing order.
pub(super) struct Moves<'a> {
    pub(super) donors: Vec<Party<'a>>,
    pub(super) recipients: Vec<Party<'a>>,
    /// Donors whose target falls below their staff in post.
    pub(super) cut_staffed: Vec<usize>,
}

/// Write the answer of each unit in the plan (`part`, apportioned in `result`) into `outs`.
pub(super) fn assign<'a>(
    rows: &'a [Row],
    part: &[usize],
    needs: &[f64],
    b: &Bounds,
    result: &Apportionment,
    p: &PlanParams,
    outs: &mut [Option<Out>],
) -> Moves<'a> {
    let mut donors = Vec::new();
    let mut recipients = Vec::new();
    let mut cut_staffed = Vec::new();
    for (k, &i) in part.iter().enumerate() {
        let r = &rows[i];
        let target = result.seats[k];
        let bound = match result.binding[k] {
            Binding::Free => Bound::Free,
            Binding::Lower => b.lower_rule[k],
            Binding::Upper => b.upper_rule[k],
        };
        let change = target - r.approved;
        let reason = if change < 0 {
            donors.push(Party {
                row: i,
                department: r.department.as_deref(),
                amount: -change,
            });
            if target < r.actual {
                cut_staffed.push(i);
            }
            donor_reason(r, target)
        } else if change > 0 {
            recipients.push(Party {
                row: i,
                department: r.department.as_deref(),
                amount: change,
            });
            recipient_reason(r, target)
        } else {
            vec![Reason::Unchanged]
        };
        outs[i] = Some(Out {
            weight: Some(weight_of(r, p)),
            need: Some(needs[k]),
            lower: b.lower[k],
            upper: b.upper[k],
            target,
            bound,
            reason,
        });
    }
    Moves {
        donors,
        recipients,
        cut_staffed,
    }
}

/// The finding of quota type `t` about targets below the staff in post, and the people to place.
pub(super) fn warn_cut_staffed(
    t: &str,
    rows: &[Row],
    cut_staffed: &[usize],
    outs: &[Option<Out>],
    findings: &mut Vec<Finding>,
) {
    if cut_staffed.is_empty() {
        return;
    }
    let t_en = type_en(t);
    let people: i64 = cut_staffed
        .iter()
        .map(|&i| rows[i].actual - outs[i].as_ref().map_or(0, |o| o.target))
        .sum();
    findings.push(Finding::warning(
        "plan_cut_staffed",
        here(),
        format!(
            "{t}：{} 个单位（{}）的方案编制数低于实有人数，共需分流 {people} 人",
            cut_staffed.len(),
            names_list(rows, cut_staffed, Lang::Zh)
        ),
        format!(
            "{t_en}: a target below the staff in post for {} ({}): {people} people to place elsewhere",
            super::units_en(cut_staffed.len()),
            names_list(rows, cut_staffed, Lang::En)
        ),
    ));
}

/// The finding of quota type `t` about overloaded units the rules make give posts up (only
/// possible with protect_need off): said before the plan is shown.
pub(super) fn warn_overloaded_donors(
    t: &str,
    rows: &[Row],
    donors: &[Party],
    p: &PlanParams,
    findings: &mut Vec<Finding>,
) {
    let overloaded: Vec<usize> = donors
        .iter()
        .map(|d| d.row)
        .filter(|&i| matches!(rows[i].band, Band::Over | Band::SevereOver))
        .collect();
    if overloaded.is_empty() {
        return;
    }
    let why_zh = if p.protect_need {
        ""
    } else {
        "，因为“保障工作量所需编制”未勾选；勾选后这些单位不会减编"
    };
    let why_en = if p.protect_need {
        ""
    } else {
        ": protect_need is off; with it on, these units keep their posts"
    };
    findings.push(Finding::warning(
        "plan_overloaded_donor",
        here(),
        format!(
            "{t}：{} 个超饱和单位（{}）在方案中减编{why_zh}。",
            overloaded.len(),
            names_list(rows, &overloaded, Lang::Zh)
        ),
        format!(
            "{}: overloaded, yet giving posts up: {} ({}){why_en}.",
            type_en(t),
            super::units_en(overloaded.len()),
            names_list(rows, &overloaded, Lang::En)
        ),
    ));
}

/// Why a donor gives: what it gives (vacant posts or posts of people in post), then why.
fn donor_reason(r: &Row, target: i64) -> Vec<Reason> {
    let mut codes = vec![if target >= r.actual {
        Reason::Vacant
    } else {
        Reason::CutStaffed
    }];
    for (flag, code) in [
        (Flag::LongIdle, Reason::LongIdle),
        (Flag::ShrinkingWork, Reason::ShrinkingWork),
        (Flag::LowEfficiency, Reason::LowEfficiency),
    ] {
        if r.flags.iter().any(|f| f == flag.code()) {
            codes.push(code);
        }
    }
    if matches!(r.band, Band::SevereUnder | Band::Under) {
        codes.push(Reason::Underloaded);
    }
    if codes.len() == 1 {
        let above = r.required.is_some_and(|q| q < r.approved as f64);
        codes.push(if above {
            Reason::QuotaAboveNeed
        } else {
            Reason::Proportional
        });
    }
    codes
}

/// Why a recipient receives: its priority tags, then its load. A unit already over quota says
/// first that the posts it gains go to people in post (all of them when the target does not
/// pass its staff: the unit gets no extra hands, its staff-based saturation does not move).
fn recipient_reason(r: &Row, target: i64) -> Vec<Reason> {
    let mut codes = Vec::new();
    let over_quota = r.actual_known && r.actual > r.approved;
    if over_quota && target <= r.actual {
        codes.push(Reason::AbsorbsOverQuota);
    }
    if r.key_area {
        codes.push(Reason::KeyArea);
    }
    if r.front_line {
        codes.push(Reason::FrontLine);
    }
    if matches!(r.band, Band::Over | Band::SevereOver) {
        codes.push(Reason::Overloaded);
    } else if r.required.is_some_and(|q| q > r.approved as f64) {
        codes.push(Reason::Shortage);
    }
    if codes.iter().all(|&c| c == Reason::AbsorbsOverQuota) {
        codes.push(Reason::Proportional);
    }
    if over_quota && target > r.actual {
        codes.push(Reason::AbsorbsOverQuota);
    }
    codes
}
