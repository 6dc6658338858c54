//! Each unit's and each quota type's hours, summed by the numbers of their groups in one pass
//! over the survey's rows: what a change of the office days makes again, and of a survey rule
//! where it adjusts the hours (a cap reached, a calibration).

use super::exact_sum::ExactSum;
use super::row_groups::{Groups, PERSON_TYPE, TYPE_GROUP, UNIT_GROUP};
use super::workload::HOURS;
use crate::model::col;
use polars::prelude::*;
use std::borrow::Cow;

/// The hours of one group's rows as filed and adjusted (those known), the rows whose hours are
/// unknown, and the rows.
#[derive(Clone, Copy, Default)]
struct Sum {
    reported: ExactSum,
    reported_unknown: u32,
    adjusted: ExactSum,
    adjusted_unknown: u32,
    rows: i64,
}

/// Each unit's workload per year, reported and adjusted, and its tasks, one row per unit group
/// in the order of their numbers (a unit with a time unknown has its workload unknown); and
/// the workload per unit, year and quota type of the people who reported it on the roster:
/// what ties a unit's required staff to its quota types (times unknown count as none there).
/// The adjusted hours are `adjusted`, one per row; without them, those filed: summed once.
pub(super) fn unit_and_type_sums(
    rows: &DataFrame,
    adjusted: Option<&Float64Chunked>,
    groups: &Groups,
) -> PolarsResult<(DataFrame, DataFrame)> {
    let reported = rows.column(HOURS)?.f64()?;
    let units = numbers(rows.column(UNIT_GROUP)?.u32()?)?;
    let types = numbers(rows.column(TYPE_GROUP)?.u32()?)?;
    let mut unit_sums = vec![Sum::default(); groups.units.height()];
    let mut type_sums = vec![Sum::default(); groups.types.height()];
    let out_of = |numbers: &[u32], sums: &[Sum]| numbers.iter().any(|&g| g != NO_GROUP && g as usize >= sums.len());
    if out_of(&units, &unit_sums) || units.contains(&NO_GROUP) || out_of(&types, &type_sums) {
        polars_bail!(ComputeError: "a survey row's group is not among the groups");
    }
    let r = known_values(reported)?;
    match adjusted {
        Some(adjusted) => {
            let a = known_values(adjusted)?;
            add_rows(&units, &types, &mut unit_sums, &mut type_sums, |s, i| {
                s.reported.add(r[i]);
                s.adjusted.add(a[i]);
            });
        }
        None => add_rows(&units, &types, &mut unit_sums, &mut type_sums, |s, i| {
            s.reported.add(r[i])
        }),
    }
    // Unknown hours are few: counted apart, row by row.
    count_unknown(reported, &units, &mut unit_sums, |s| s.reported_unknown += 1);
    match adjusted {
        Some(adjusted) => count_unknown(adjusted, &units, &mut unit_sums, |s| s.adjusted_unknown += 1),
        None => unit_sums.iter_mut().chain(type_sums.iter_mut()).for_each(|s| {
            s.adjusted = s.reported;
            s.adjusted_unknown = s.reported_unknown;
        }),
    }
    Ok((by_unit(&unit_sums, groups)?, by_type(&type_sums, groups)?))
}

/// Adds each row to the sums of its unit group and of its type group (when it has one), in
/// the order of the rows.
fn add_rows(units: &[u32], types: &[u32], unit_sums: &mut [Sum], type_sums: &mut [Sum], add: impl Fn(&mut Sum, usize)) {
    for (i, (&unit, &quota_type)) in units.iter().zip(types.iter()).enumerate() {
        let sum = &mut unit_sums[unit as usize];
        add(sum, i);
        sum.rows += 1;
        if quota_type != NO_GROUP {
            let sum = &mut type_sums[quota_type as usize];
            add(sum, i);
            sum.rows += 1;
        }
    }
}

/// Counts the rows whose `hours` are unknown in the sums of their unit groups.
fn count_unknown(hours: &Float64Chunked, units: &[u32], unit_sums: &mut [Sum], count: impl Fn(&mut Sum)) {
    if hours.null_count() > 0 {
        for (i, _) in hours.iter().enumerate().filter(|(_, h)| h.is_none()) {
            count(&mut unit_sums[units[i] as usize]);
        }
    }
}

/// A row's group number where it has none.
const NO_GROUP: u32 = u32::MAX;

/// The group numbers of `ca` in one slice, [`NO_GROUP`] where a row has none.
fn numbers(ca: &UInt32Chunked) -> PolarsResult<Cow<'_, [u32]>> {
    if ca.null_count() == 0 && ca.chunks().len() == 1 {
        return Ok(Cow::Borrowed(ca.cont_slice()?));
    }
    Ok(Cow::Owned(ca.iter().map(|g| g.unwrap_or(NO_GROUP)).collect()))
}

/// The values of `ca` in one slice, 0 where a value is unknown (counted apart).
fn known_values(ca: &Float64Chunked) -> PolarsResult<Cow<'_, [f64]>> {
    if ca.null_count() == 0 && ca.chunks().len() == 1 {
        return Ok(Cow::Borrowed(ca.cont_slice()?));
    }
    Ok(Cow::Owned(ca.iter().map(|h| h.unwrap_or(0.0)).collect()))
}

/// The sums of the unit groups, beside each group's unit and year.
fn by_unit(sums: &[Sum], groups: &Groups) -> PolarsResult<DataFrame> {
    let known = |total: f64, unknown: u32| (unknown == 0).then_some(total);
    let mut frame = groups.units.select([col::UNIT, col::YEAR])?;
    frame.hstack_mut(&[
        Column::new(
            col::WORKLOAD_REPORTED.into(),
            sums.iter()
                .map(|s| known(s.reported.value(), s.reported_unknown))
                .collect::<Vec<_>>(),
        ),
        Column::new(
            col::WORKLOAD.into(),
            sums.iter()
                .map(|s| known(s.adjusted.value(), s.adjusted_unknown))
                .collect::<Vec<_>>(),
        ),
        Column::new(col::TASKS.into(), sums.iter().map(|s| s.rows).collect::<Vec<_>>()),
    ])?;
    Ok(frame)
}

/// The sums of the type groups, beside each group's unit, year and quota type.
fn by_type(sums: &[Sum], groups: &Groups) -> PolarsResult<DataFrame> {
    let units = groups.types.column(UNIT_GROUP)?.as_materialized_series().idx()?.clone();
    let mut frame = groups.units.select([col::UNIT, col::YEAR])?.take(&units)?;
    frame.hstack_mut(&[
        groups.types.column(PERSON_TYPE)?.clone(),
        Column::new(
            "type_work".into(),
            sums.iter().map(|s| s.adjusted.value()).collect::<Vec<_>>(),
        ),
        Column::new(
            "type_work_reported".into(),
            sums.iter().map(|s| s.reported.value()).collect::<Vec<_>>(),
        ),
        Column::new("type_known".into(), vec![true; sums.len()]),
    ])?;
    Ok(frame)
}
