//! Each unit's and each quota type's hours, summed by the numbers of their groups in one pass
//! over the survey's rows: what a change of the calendar or a survey rule makes again.

use super::exact_sum::ExactSum;
use super::row_groups::{Groups, PERSON_TYPE, TYPE_GROUP, UNIT_GROUP};
use super::workload::{HOURS, HOURS_ADJUSTED};
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
pub(super) fn unit_and_type_sums(rows: &DataFrame, groups: &Groups) -> PolarsResult<(DataFrame, DataFrame)> {
    let (reported, adjusted) = (rows.column(HOURS)?.f64()?, rows.column(HOURS_ADJUSTED)?.f64()?);
    let none = u32::MAX;
    let units = numbers(rows.column(UNIT_GROUP)?.u32()?, none)?;
    let types = numbers(rows.column(TYPE_GROUP)?.u32()?, none)?;
    let mut unit_sums = vec![Sum::default(); groups.units.height()];
    let mut type_sums = vec![Sum::default(); groups.types.height()];
    let out_of = |numbers: &[u32], sums: &[Sum]| numbers.iter().any(|&g| g != none && g as usize >= sums.len());
    if out_of(&units, &unit_sums) || units.contains(&none) || out_of(&types, &type_sums) {
        polars_bail!(ComputeError: "a survey row's group is not among the groups");
    }
    let (r, a) = (known_values(reported)?, known_values(adjusted)?);
    for (i, (&unit, &quota_type)) in units.iter().zip(types.iter()).enumerate() {
        let sum = &mut unit_sums[unit as usize];
        sum.reported.add(r[i]);
        sum.adjusted.add(a[i]);
        sum.rows += 1;
        if quota_type != none {
            let sum = &mut type_sums[quota_type as usize];
            sum.reported.add(r[i]);
            sum.adjusted.add(a[i]);
            sum.rows += 1;
        }
    }
    // Unknown hours are few: counted apart, row by row.
    for (hours, count) in [
        (reported, (|s: &mut Sum| s.reported_unknown += 1) as fn(&mut Sum)),
        (adjusted, |s: &mut Sum| s.adjusted_unknown += 1),
    ] {
        if hours.null_count() > 0 {
            for (i, _) in hours.iter().enumerate().filter(|(_, h)| h.is_none()) {
                count(&mut unit_sums[units[i] as usize]);
            }
        }
    }
    Ok((by_unit(&unit_sums, groups)?, by_type(&type_sums, groups)?))
}

/// The group numbers of `ca` in one slice, `none` where a row has none.
fn numbers(ca: &UInt32Chunked, none: u32) -> PolarsResult<Cow<'_, [u32]>> {
    if ca.null_count() == 0 && ca.chunks().len() == 1 {
        return Ok(Cow::Borrowed(ca.cont_slice()?));
    }
    Ok(Cow::Owned(ca.iter().map(|g| g.unwrap_or(none)).collect()))
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
