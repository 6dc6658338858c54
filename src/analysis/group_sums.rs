//! Each person's, unit's and quota type's hours, summed by the numbers of their groups over the
//! survey's rows: what a change of the office days makes again, and of a survey rule where it
//! adjusts the hours (a cap reached, a calibration).

use super::exact_sum::ExactSum;
use super::row_groups::{Groups, PERSON_GROUP, PERSON_TYPE, TYPE_GROUP, UNIT_GROUP};
use super::values::Dense;
use super::workload::HOURS;
use crate::model::col;
use polars::prelude::*;

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

/// Each of `people` persons' hours filed, by the person groups of `rows`, in the order of the
/// groups: unknown when one of the person's times is.
pub(super) fn person_sums(rows: &DataFrame, people: usize) -> PolarsResult<Vec<Option<f64>>> {
    let reported = Dense::new(rows.column(HOURS)?.f64()?);
    let persons = Dense::new(rows.column(PERSON_GROUP)?.u32()?);
    if reported.len() != persons.len() {
        polars_bail!(ComputeError: "the survey's columns differ in length");
    }
    let mut sums = vec![Sum::default(); people];
    let (r, r_known) = reported.parts();
    add_by_group(&persons, &mut sums, &|s: &mut Sum, i| match r_known(i) {
        true => s.reported.add(r[i]),
        false => s.reported_unknown += 1,
    })?;
    Ok(sums
        .iter()
        .map(|s| (s.reported_unknown == 0).then(|| s.reported.value()))
        .collect())
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
    let reported = Dense::new(rows.column(HOURS)?.f64()?);
    let units = rows.column(UNIT_GROUP)?.u32()?;
    // Every row has a unit group.
    if units.null_count() > 0 {
        polars_bail!(ComputeError: "a survey row's group is not among the groups");
    }
    let (units, types) = (Dense::new(units), Dense::new(rows.column(TYPE_GROUP)?.u32()?));
    let adjusted = adjusted.map(Dense::new);
    let n = rows.height();
    if [
        reported.len(),
        units.len(),
        types.len(),
        adjusted.as_ref().map_or(n, Dense::len),
    ] != [n; 4]
    {
        polars_bail!(ComputeError: "the survey's columns differ in length");
    }
    let mut unit_sums = vec![Sum::default(); groups.units.height()];
    let mut type_sums = vec![Sum::default(); groups.types.height()];
    // An unknown time is counted, not added: adding 0 would leave the sum's value as it is.
    let (r, r_known) = reported.parts();
    let add_reported = |s: &mut Sum, i: usize| match r_known(i) {
        true => s.reported.add(r[i]),
        false => s.reported_unknown += 1,
    };
    match &adjusted {
        Some(adjusted) => {
            let (a, a_known) = adjusted.parts();
            add_rows((&units, &types), (&mut unit_sums, &mut type_sums), |s, i| {
                add_reported(s, i);
                match a_known(i) {
                    true => s.adjusted.add(a[i]),
                    false => s.adjusted_unknown += 1,
                }
            })?;
        }
        None => {
            add_rows((&units, &types), (&mut unit_sums, &mut type_sums), add_reported)?;
            unit_sums.iter_mut().chain(type_sums.iter_mut()).for_each(|s| {
                s.adjusted = s.reported;
                s.adjusted_unknown = s.reported_unknown;
            });
        }
    }
    Ok((by_unit(&unit_sums, groups)?, by_type(&type_sums, groups)?))
}

/// Adds each row to the sums of its unit group and of its type group (when it has one), in
/// the order of the rows.
fn add_rows(
    (units, types): (&Dense<UInt32Type>, &Dense<UInt32Type>),
    (unit_sums, type_sums): (&mut [Sum], &mut [Sum]),
    add: impl Fn(&mut Sum, usize) + Sync,
) -> PolarsResult<()> {
    // Side by side: a change of the office days waits on these passes.
    let (by_unit, by_type) = rayon::join(
        || add_by_group(units, unit_sums, &add),
        || add_by_group(types, type_sums, &add),
    );
    by_unit.and(by_type)
}

/// Adds each row to the sum of its group (when it has one), in the order of the rows. A
/// unit's rows and a person's come together: the sum of the group at hand is held in a local
/// while its rows last, the same additions in the same order without a store and a load for
/// every row.
fn add_by_group(
    groups: &Dense<UInt32Type>,
    sums: &mut [Sum],
    add: &(impl Fn(&mut Sum, usize) + Sync),
) -> PolarsResult<()> {
    let (numbers, known) = groups.parts();
    let (mut group, mut held) = (None, Sum::default());
    for (i, &g) in numbers.iter().enumerate() {
        if !known(i) {
            continue;
        }
        let g = g as usize;
        if group != Some(g) {
            if let Some(before) = group {
                sums[before] = held;
            }
            held = *sums
                .get(g)
                .ok_or_else(|| polars_err!(ComputeError: "a survey row's group is not among the groups"))?;
            group = Some(g);
        }
        add(&mut held, i);
        held.rows += 1;
    }
    if let Some(last) = group {
        sums[last] = held;
    }
    Ok(())
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Rows whose groups come back after others, rows of no group, unknown hours, and decimals
    /// whose sums round.
    fn rows() -> (Vec<Option<u32>>, Vec<Option<f64>>) {
        // Runs of five rows a group, the nine groups coming back in turn.
        let groups = (0..500u32).map(|i| (i % 11 != 3).then_some((i / 5 * 7) % 9)).collect();
        let hours = (0..500u32)
            .map(|i| (i % 37 != 5).then_some(0.1 * f64::from(i % 13) + 1e-3 * f64::from(i)))
            .collect();
        (groups, hours)
    }

    #[test]
    fn holding_the_group_at_hand_gives_each_group_a_plain_pass_s_sums() {
        let (groups, hours) = rows();
        let group_ca: UInt32Chunked = groups.iter().copied().collect();
        let hours_ca: Float64Chunked = hours.iter().copied().collect();
        let (dense_groups, dense_hours) = (Dense::new(&group_ca), Dense::new(&hours_ca));
        let (h, h_known) = dense_hours.parts();
        let mut held = vec![Sum::default(); 9];
        add_by_group(&dense_groups, &mut held, &|s: &mut Sum, i| match h_known(i) {
            true => s.reported.add(h[i]),
            false => s.reported_unknown += 1,
        })
        .unwrap();
        // A plain pass: each row added to its group's sum where it stands.
        let mut plain = vec![(ExactSum::default(), 0u32, 0i64); 9];
        for (g, h) in groups.iter().zip(&hours) {
            let Some(g) = g else { continue };
            let sum = &mut plain[*g as usize];
            match h {
                Some(h) => sum.0.add(*h),
                None => sum.1 += 1,
            }
            sum.2 += 1;
        }
        for (g, (s, p)) in held.iter().zip(&plain).enumerate() {
            assert_eq!(s.reported.value().to_bits(), p.0.value().to_bits(), "group {g}");
            assert_eq!((s.reported_unknown, s.rows), (p.1, p.2), "group {g}");
        }
        // The people's sums: unknown where a time is.
        let frame = df!(HOURS => hours, PERSON_GROUP => groups).unwrap();
        let people = person_sums(&frame, 9).unwrap();
        let expected: Vec<Option<f64>> = plain.iter().map(|p| (p.1 == 0).then(|| p.0.value())).collect();
        assert_eq!(people, expected);
        assert!(people.iter().any(Option::is_none) && people.iter().any(Option::is_some));
    }

    #[test]
    fn a_group_number_past_the_groups_is_an_error_not_a_panic() {
        let frame = df!(HOURS => [Some(1.0), Some(2.0)], PERSON_GROUP => [Some(0u32), Some(5)]).unwrap();
        assert!(person_sums(&frame, 2).is_err());
    }
}
