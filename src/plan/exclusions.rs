//! Who stays out of the plan: frozen units and departments, units not in the staffing table,
//! without a count of staff in post or without a survey. They keep their approved quota; the
//! findings here say which they are.

use super::reasons::{Bound, Reason};
use super::{Out, PlanError, PlanParams, Row, apportion, here, input_error, names_list, type_en, units_en, weight_of};
use crate::findings::Finding;
use crate::model::Lang;
use std::collections::HashSet;

/// A quota type's rows sorted into those in the plan and those kept out for want of data.
pub(super) struct Split {
    /// The rows in the plan, in processing order.
    pub(super) part: Vec<usize>,
    pub(super) no_survey: Vec<usize>,
    pub(super) unknown_staff: Vec<usize>,
}

/// Sort the rows of `group` (one quota type) into the plan or out of it. A row kept out gets its
/// answer here: lower = upper = target = approved, with the reason it stays out.
pub(super) fn split(
    rows: &[Row],
    group: &[usize],
    p: &PlanParams,
    outs: &mut [Option<Out>],
) -> Result<Split, PlanError> {
    let frozen_units: HashSet<&str> = p.frozen_units.iter().map(|s| s.trim()).collect();
    let frozen_depts: HashSet<&str> = p.frozen_departments.iter().map(|s| s.trim()).collect();

    let mut part: Vec<usize> = Vec::new();
    let mut no_survey: Vec<usize> = Vec::new();
    let mut unknown_staff: Vec<usize> = Vec::new();
    for &i in group {
        let r = &rows[i];
        let weight = weight_of(r, p);
        let need = r.required.map(|q| q * weight);
        let excluded = if frozen_units.contains(r.unit.as_str())
            || r.department.as_deref().is_some_and(|d| frozen_depts.contains(d))
        {
            Some(Reason::Frozen)
        } else if r.flags.iter().any(|f| f == crate::model::Flag::NotInStaffing.code()) {
            Some(Reason::NotInStaffing)
        } else if !r.actual_known {
            // Which of its quotas are vacant is unknown: cutting them as if empty would be a guess.
            unknown_staff.push(i);
            Some(Reason::UnknownStaff)
        } else if r.required.is_none() {
            no_survey.push(i);
            Some(Reason::NoSurvey)
        } else {
            None
        };
        if let Some(big) = need.filter(|&n| n > apportion::MAX_WEIGHT) {
            return Err(input_error(
                "plan_need_too_large",
                format!("单位“{}”的加权需求 {big} 过大，无法计算", r.unit),
                format!("unit '{}' has a weighted need of {big}, too large to plan", r.unit),
            ));
        }
        match excluded {
            Some(code) => {
                outs[i] = Some(Out {
                    weight: Some(weight),
                    need,
                    lower: r.approved,
                    upper: Some(r.approved),
                    target: r.approved,
                    bound: Bound::LeftOut(code),
                    reason: vec![code],
                })
            }
            None => part.push(i),
        }
    }
    Ok(Split {
        part,
        no_survey,
        unknown_staff,
    })
}

/// The findings of quota type `t` about units kept out for want of a staff count or a survey.
pub(super) fn warn(t: &str, rows: &[Row], split: &Split, findings: &mut Vec<Finding>) {
    let t_en = type_en(t);
    let (unknown_staff, no_survey) = (&split.unknown_staff, &split.no_survey);
    if !unknown_staff.is_empty() {
        findings.push(Finding::warning(
            "plan_unknown_staff",
            here(),
            format!(
                "{t}：{} 个单位的实有人数不明（{}），保持原核定编制，不参与调整",
                unknown_staff.len(),
                names_list(rows, unknown_staff, Lang::Zh)
            ),
            format!(
                "{t_en}: no count of staff in post for {} ({}): approved quota kept, left out of the plan",
                units_en(unknown_staff.len()),
                names_list(rows, unknown_staff, Lang::En)
            ),
        ));
    }
    if !no_survey.is_empty() {
        findings.push(Finding::warning(
            "plan_no_survey",
            here(),
            format!(
                "{t}：{} 个单位工作量未知（{}；没有调查或业务量，或有用时未填），保持原核定编制，不参与调整",
                no_survey.len(),
                names_list(rows, no_survey, Lang::Zh)
            ),
            format!(
                "{t_en}: workload unknown for {} ({}; no survey or volumes, or a time not given): approved quota kept, left out of the plan",
                units_en(no_survey.len()),
                names_list(rows, no_survey, Lang::En)
            ),
        ));
    }
}

/// Frozen units and departments named in the parameters that the data does not hold.
pub(super) fn warn_unknown_frozen(p: &PlanParams, rows: &[Row], findings: &mut Vec<Finding>) {
    // A few names frozen, if any: looked for among the rows, not by a set of every unit.
    for name in &p.frozen_units {
        if !rows.iter().any(|r| r.unit == name.trim()) {
            findings.push(Finding::warning(
                "plan_frozen_unknown",
                here(),
                format!("冻结单位“{name}”在数据中不存在"),
                format!("frozen unit '{name}' is not in the data"),
            ));
        }
    }
    for name in &p.frozen_departments {
        if !rows.iter().any(|r| r.department.as_deref() == Some(name.trim())) {
            findings.push(Finding::warning(
                "plan_frozen_unknown",
                here(),
                format!("冻结主管部门“{name}”在数据中不存在"),
                format!("frozen department '{name}' is not in the data"),
            ));
        }
    }
}
