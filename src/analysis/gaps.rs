//! Where the staffing table and the survey do not meet, and counts nobody gave: each a
//! finding the person reads, never a silent zero.

use super::rows::Rows;
use super::similar;
use super::small::SmallLazy;
use crate::findings::{Finding, Location};
use crate::ingest::TableKind;
use crate::model::col;
use polars::prelude::*;

/// Units of the staffing table that the survey lacks: one finding naming them.
pub(super) fn unsurveyed(units: &DataFrame, staffing_file: &str) -> PolarsResult<Vec<Finding>> {
    let missing = units
        .clone()
        .small_lazy()
        .filter(col(col::HAS_SURVEY).not())
        .select([col(col::UNIT)])
        .collect()?;
    if missing.height() == 0 {
        return Ok(Vec::new());
    }
    let names: Vec<String> = missing
        .column(col::UNIT)?
        .str()?
        .iter()
        .flatten()
        .take(10)
        .map(str::to_owned)
        .collect();
    let more = if missing.height() > 10 {
        format!(" …（共 {} 个）", missing.height())
    } else {
        String::new()
    };
    let more_en = if missing.height() > 10 {
        format!(" ... ({} in all)", missing.height())
    } else {
        String::new()
    };
    Ok(vec![Finding::warning(
        "unit_not_surveyed",
        Location::file(staffing_file),
        format!("这些单位没有工作量调查，饱和度未知：{}{more}。", names.join("、")),
        format!(
            "These units have no workload survey, so their saturation is unknown: {}{more_en}.",
            names.join(", ")
        ),
    )])
}

/// Units in the survey with a task whose time nobody gave: their workload is unknown.
pub(super) fn unknown_workload(units: &DataFrame, survey_file: &str) -> PolarsResult<Vec<Finding>> {
    let unknown = units
        .clone()
        .small_lazy()
        .filter(col(col::HAS_SURVEY).and(col(col::WORKLOAD).is_null()))
        .select([col(col::UNIT)])
        .collect()?;
    if unknown.height() == 0 {
        return Ok(Vec::new());
    }
    let names: Vec<&str> = unknown.column(col::UNIT)?.str()?.iter().flatten().take(10).collect();
    let more = if unknown.height() > names.len() { "…" } else { "" };
    Ok(vec![Finding::warning(
        "unknown_workload",
        Location::file(survey_file),
        format!(
            "{} 个单位有事项的用时未填或无法识别（{}{more}）：其工作量、应需人数与饱和度为未知，不按 0 计；请补全调查表中标出的行。",
            unknown.height(),
            names.join("、")
        ),
        format!(
            "{} units have tasks whose time is missing or unreadable ({}{more}): their workload, required staff and saturation are unknown, not 0; complete the survey rows named.",
            unknown.height(),
            names.join(", ")
        ),
    )])
}

/// Units whose approved quota or staff in post nobody gave (in any of their quota types):
/// every figure that needs it is unknown, and said so.
pub(super) fn unknown_counts(units: &DataFrame, staffing_file: &str) -> PolarsResult<Vec<Finding>> {
    let mut out = Vec::new();
    for (c, code, zh_what, en_what, zh_figures, en_figures) in [
        (
            col::ACTUAL,
            "unknown_actual",
            "实有人数",
            "staff in post",
            "空编、超编、可收回编制、饱和度、富余与缺口",
            "vacancy, over-quota, recoverable quotas, saturation, idle and shortage",
        ),
        (
            col::APPROVED,
            "unknown_approved",
            "核定编制数",
            "approved quota",
            "空编、超编、可收回编制、编制饱和度",
            "vacancy, over-quota, recoverable quotas and quota saturation",
        ),
    ] {
        // Read off the column's validity: one pass, no table copied.
        let counts = units.column(c)?;
        let count = counts.null_count();
        if count == 0 {
            continue;
        }
        let missing = counts.is_null();
        let unit_names = units.column(col::UNIT)?.str()?;
        let names: Vec<&str> = missing
            .iter()
            .zip(unit_names.iter())
            .filter_map(|(m, name)| if m == Some(true) { name } else { None })
            .take(10)
            .collect();
        let more = if count > names.len() { "…" } else { "" };
        out.push(Finding::warning(
            code,
            Location::file(staffing_file),
            format!(
                "{} 个单位的{zh_what}未填写或不是数字（{}{more}）：其{zh_figures}均为未知；合计和比率只计{zh_what}已知的单位；调整方案中不调整这些单位。",
                count,
                names.join("、")
            ),
            format!(
                "{} units give no {en_what} that reads as a number ({}{more}): their {en_figures} are unknown; totals and rates count only units whose {en_what} is known; the plan leaves these units as they are.",
                count,
                names.join(", ")
            ),
        ));
    }
    Ok(out)
}

/// A unit of the survey that the staffing table lacks.
#[derive(Debug, Clone, PartialEq)]
pub struct Unmatched {
    pub unit: String,
    pub tasks: i64,
    /// The staffing unit it most likely means.
    pub closest: Option<String>,
}

/// Units in the survey that the staffing table lacks, each with the staffing unit it most
/// likely means: a finding each, and the list to match them by hand.
pub(super) fn unmatched(
    units_all: &DataFrame,
    work_units: &DataFrame,
    survey_file: &str,
) -> PolarsResult<(Vec<Finding>, Vec<Unmatched>)> {
    unmatched_in(units_all, work_units, survey_file, TableKind::Survey)
}

/// Units of the volumes that the staffing table lacks: a finding each (their standards'
/// figures reach no unit of the staffing table).
pub(super) fn unmatched_volumes(
    units_all: &DataFrame,
    standard_units: &DataFrame,
    volumes_file: &str,
) -> PolarsResult<Vec<Finding>> {
    let work = standard_units
        .clone()
        .small_lazy()
        .select([
            col(col::UNIT),
            col(col::WORKLOAD_STD).alias(col::WORKLOAD),
            col(col::TASKS).cast(DataType::Int64),
        ])
        .collect()?;
    Ok(unmatched_in(units_all, &work, volumes_file, TableKind::Volumes)?.0)
}

fn unmatched_in(
    units_all: &DataFrame,
    work_units: &DataFrame,
    file: &str,
    kind: TableKind,
) -> PolarsResult<(Vec<Finding>, Vec<Unmatched>)> {
    let known = units_all.column(col::UNIT)?.as_materialized_series().clone();
    let missing = work_units
        .clone()
        .small_lazy()
        .filter(col(col::UNIT).is_in(lit(known.clone()).implode(false), false).not())
        .group_by_stable([col(col::UNIT)])
        .agg([col(col::WORKLOAD).sum(), col(col::TASKS).sum()])
        .collect()?;
    if missing.height() == 0 {
        return Ok((Vec::new(), Vec::new()));
    }
    let rows = Rows::new(&missing)?;
    // Built only for names to match: an edit need not index every unit's name.
    let names = similar::Names::new(known.str()?.iter().flatten());
    let mut out = Vec::new();
    let mut list = Vec::new();
    for i in 0..missing.height().min(50) {
        let unit = rows.str(col::UNIT, i).unwrap_or("");
        let tasks = rows.i64(col::TASKS, i).unwrap_or(0);
        let closest = names.closest(unit);
        list.push(Unmatched {
            unit: unit.to_owned(),
            tasks,
            closest: closest.map(str::to_owned),
        });
        let (zh, en) = match closest {
            Some(like) => (
                format!("可能是编制表中的“{like}”"),
                format!("it may be '{like}' of the staffing table"),
            ),
            None => (
                "名称是否写法不同？".to_owned(),
                "is its name spelt differently?".to_owned(),
            ),
        };
        let (code, items) = match kind {
            TableKind::Volumes => ("volumes_unit_unknown", ("项活动", "activities")),
            _ => ("survey_unit_unknown", ("个事项", "tasks")),
        };
        out.push(Finding::warning(
            code,
            Location::file(file),
            format!(
                "{}中的单位“{unit}”（{tasks} {}）不在编制表中，未计入（{zh}）。",
                kind.label(crate::Lang::Zh),
                items.0
            ),
            format!(
                "Unit '{unit}' of the {} ({tasks} {}) is not in the staffing table and was left out ({en}).",
                kind.label(crate::Lang::En),
                items.1
            ),
        ));
    }
    Ok((out, list))
}
