//! Per surveyed person: hours reported and adjusted (calibrated, capped at a multiple of a
//! full-time post), saturation, who reports too much, and the spread of saturation in a unit.

use super::indicators::known_sum;
use super::rows::Rows;
use super::workload::{HOURS, HOURS_ADJUSTED};
use crate::findings::{Finding, Location};
use crate::model::{Params, col};
use polars::prelude::*;

pub const PERSON_HOURS_REPORTED: &str = "person_hours_reported";
pub const PERSON_HOURS: &str = "person_hours";
const CAP_FACTOR: &str = "cap_factor";

/// The most hours a person's year can hold: a multiple of one full-time post's available time.
fn limit(params: &Params) -> f64 {
    params.survey.person_max_multiple * params.calendar.available_hours()
}

/// One row per (unit, person, year): tasks, hours reported and adjusted, saturation, and
/// whether the hours reported run over the limit. Each surveyed person is one full-time post's
/// worth of available time.
pub(super) fn totals(tasks: &DataFrame, params: &Params) -> PolarsResult<DataFrame> {
    let h = params.calendar.available_hours();
    let rules = &params.survey;
    let limit = limit(params);
    let calibrated = col(PERSON_HOURS_REPORTED) * lit(rules.calibration_factor);
    let adjusted = if rules.cap_person_hours {
        when(calibrated.clone().gt(lit(limit)))
            .then(lit(limit))
            .otherwise(calibrated)
    } else {
        calibrated
    };
    tasks
        .clone()
        .lazy()
        .filter(col(col::PERSON).is_not_null())
        .group_by_stable([col(col::UNIT), col(col::PERSON), col(col::YEAR)])
        .agg([
            known_sum(HOURS).alias(PERSON_HOURS_REPORTED),
            len().cast(DataType::Int64).alias(col::TASKS),
            col(col::SOURCE_ROW).min().alias(col::SOURCE_ROW),
        ])
        .with_columns([adjusted.alias(PERSON_HOURS)])
        .with_columns([
            (col(PERSON_HOURS) / lit(h)).alias(col::PERSON_SATURATION),
            col(PERSON_HOURS_REPORTED).gt(lit(limit)).alias(col::OVER_HOURS),
        ])
        .collect()
}

/// A finding for each person whose hours run over the limit (the first 20, then how many).
pub(super) fn over_hours(people: &DataFrame, params: &Params, here: &Location) -> PolarsResult<Vec<Finding>> {
    let h = params.calendar.available_hours();
    let multiple = params.survey.person_max_multiple;
    let mut findings = Vec::new();
    let over = people.clone().lazy().filter(col(col::OVER_HOURS)).collect()?;
    let rows = Rows::new(&over)?;
    for i in 0..over.height().min(20) {
        let who = rows.str(col::PERSON, i).unwrap_or("");
        let unit = rows.str(col::UNIT, i).unwrap_or("");
        let hours = rows.f64(PERSON_HOURS_REPORTED, i).unwrap_or(0.0);
        findings.push(Finding::warning(
            "over_hours",
            here.clone().with_row(rows.u32(col::SOURCE_ROW, i).unwrap_or(0)),
            format!("{unit} {who} 填报全年 {hours:.0} 小时，超过标准工时 {h:.0} 小时的 {multiple:.1} 倍，可能偏高。"),
            format!(
                "{unit} {who} reports {hours:.0} h a year, over {multiple:.1} × the available {h:.0} h: probably high."
            ),
        ));
    }
    if over.height() > 20 {
        findings.push(Finding::warning(
            "over_hours",
            here.clone(),
            format!("共有 {} 人填报工时超过上限。", over.height()),
            format!("{} people in all report hours over the limit.", over.height()),
        ));
    }
    Ok(findings)
}

/// The tasks with their adjusted hours: calibrated, and scaled down by their person's cap.
/// Only capped people change a task's share, so only they are joined to the tasks (usually no
/// one).
pub(super) fn with_adjusted_hours(tasks: DataFrame, people: &DataFrame, params: &Params) -> PolarsResult<LazyFrame> {
    let cal = params.survey.calibration_factor;
    let capped = if params.survey.cap_person_hours {
        people
            .clone()
            .lazy()
            .filter((col(PERSON_HOURS_REPORTED) * lit(cal)).gt(lit(limit(params))))
            .select([
                col(col::UNIT),
                col(col::PERSON),
                col(col::YEAR),
                (col(PERSON_HOURS) / (col(PERSON_HOURS_REPORTED) * lit(cal))).alias(CAP_FACTOR),
            ])
            .collect()?
    } else {
        DataFrame::empty()
    };
    let tasks = if capped.height() > 0 {
        tasks.lazy().join(
            capped.lazy(),
            [col(col::UNIT), col(col::PERSON), col(col::YEAR)],
            [col(col::UNIT), col(col::PERSON), col(col::YEAR)],
            JoinArgs {
                nulls_equal: true,
                ..JoinArgs::new(JoinType::Left)
            },
        )
    } else {
        tasks
            .lazy()
            .with_column(lit(NULL).cast(DataType::Float64).alias(CAP_FACTOR))
    };
    Ok(tasks.with_columns([(col(HOURS) * lit(cal) * col(CAP_FACTOR).fill_null(lit(1.0))).alias(HOURS_ADJUSTED)]))
}

/// Spread of per-person saturation inside each unit (two people or more), per unit and year.
pub(super) fn spread(people: &DataFrame, params: &Params) -> LazyFrame {
    let s = col(col::PERSON_SATURATION);
    let n = len().cast(DataType::Float64);
    let sorted = s.clone().sort(SortOptions::default());
    // Rank 1..n of each value in ascending order (ties do not change the Gini).
    let rank = sorted.clone().cum_count(false).cast(DataType::Float64);
    let gini_num = ((lit(2.0) * rank - n.clone() - lit(1.0)) * sorted).sum();
    people
        .clone()
        .lazy()
        .group_by_stable([col(col::UNIT), col(col::YEAR)])
        .agg([
            len().cast(DataType::Int64).alias(col::PEOPLE_SURVEYED),
            when(n.clone().gt(lit(1.0)).and(s.clone().mean().gt(lit(0.0))))
                .then(s.clone().std(0) / s.clone().mean())
                .otherwise(lit(NULL).cast(DataType::Float64))
                .alias(col::SPREAD_CV),
            when(n.clone().gt(lit(1.0)).and(s.clone().sum().gt(lit(0.0))))
                .then(gini_num / (n.clone() * s.clone().sum()))
                .otherwise(lit(NULL).cast(DataType::Float64))
                .alias(col::SPREAD_GINI),
            (s.clone()
                .lt(lit(params.bands.under_below))
                .cast(DataType::Float64)
                .sum()
                / n)
                .alias(col::SHARE_UNDERLOADED),
        ])
}
