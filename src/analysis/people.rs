//! Per surveyed person: hours reported and adjusted (calibrated, capped at a multiple of a
//! full-time post), saturation, and who reports too much. The spread of saturation in a unit
//! is `spread.rs`.

use super::row_groups::PERSON_GROUP;
use super::rows::Rows;
use super::values::{Dense, number_order};
use super::workload::{HOURS, HOURS_ADJUSTED};
use crate::findings::{Finding, Location};
use crate::model::{Params, col};
use polars::prelude::*;
use std::cmp::Ordering;

pub const PERSON_HOURS_REPORTED: &str = "person_hours_reported";
pub const PERSON_HOURS: &str = "person_hours";
/// Column internal to the analysis: the share of a capped person's calibrated hours kept.
const CAP_SHARE: &str = "cap_share";

/// The most hours a person's year can hold: a multiple of one full-time post's available time.
fn limit(params: &Params) -> f64 {
    params.survey.person_max_multiple * params.calendar.available_hours()
}

/// One row per (unit, person, year) of `rows`, in the order of their groups (the order they
/// first appear): the person's group, tasks and first row. These read no parameter; the hours
/// are added under each count of office days by [`sums`].
pub(super) fn of_rows(rows: &DataFrame) -> PolarsResult<DataFrame> {
    let people = rows
        .clone()
        .lazy()
        .filter(col(PERSON_GROUP).is_not_null())
        .group_by_stable([col(PERSON_GROUP)])
        .agg(super::sources::with_first_source(
            rows,
            vec![
                col(col::UNIT).first(),
                col(col::PERSON).first(),
                col(col::YEAR).first(),
                len().cast(DataType::Int64).alias(col::TASKS),
                col(col::SOURCE_ROW).min().alias(col::SOURCE_ROW),
            ],
        ))
        .collect()?;
    // The person's group is its place here: each row finds its person by it.
    let places = IdxCa::from_vec(PERSON_GROUP.into(), (0..people.height() as IdxSize).collect());
    if !people
        .column(PERSON_GROUP)?
        .cast(&IDX_DTYPE)?
        .as_materialized_series()
        .equals(&places.into_series())
    {
        polars_bail!(ComputeError: "people out of the order of their groups");
    }
    Ok(people)
}

/// Each person of `people` (from [`of_rows`]) with the hours `rows` report: unknown when one
/// of them is.
pub(super) fn sums(people: &DataFrame, rows: &DataFrame) -> PolarsResult<DataFrame> {
    let sums = super::group_sums::person_sums(rows, people.height())?;
    let mut out = people.select([col::UNIT, col::PERSON, col::YEAR])?;
    out.with_column(Column::new(PERSON_HOURS_REPORTED.into(), sums))?;
    out.hstack_mut(
        people
            .drop_many([PERSON_GROUP, col::UNIT, col::PERSON, col::YEAR])
            .columns(),
    )?;
    Ok(out)
}

/// Each person of `sums` with hours adjusted (calibrated, capped at a multiple of a full-time
/// post), saturation, and whether the hours reported run over the limit. Each surveyed person
/// is one full-time post's worth of available time.
pub(super) fn totals(sums: &DataFrame, params: &Params) -> PolarsResult<DataFrame> {
    let h = params.calendar.available_hours();
    let rules = &params.survey;
    let limit = limit(params);
    let calibrated = col(PERSON_HOURS_REPORTED) * lit(rules.calibration_factor);
    // The one place the cap is decided: each task of a capped person keeps this share of its
    // calibrated hours (`adjusted_hours`).
    let capped = calibrated.clone().gt(lit(limit)).and(lit(rules.cap_person_hours));
    sums.clone()
        .lazy()
        .with_columns([
            when(capped.clone())
                .then(lit(limit))
                .otherwise(calibrated.clone())
                .alias(PERSON_HOURS),
            when(capped)
                .then(lit(limit) / calibrated)
                .otherwise(lit(NULL).cast(DataType::Float64))
                .alias(CAP_SHARE),
        ])
        .with_columns([
            (col(PERSON_HOURS) / lit(h)).alias(col::PERSON_SATURATION),
            col(PERSON_HOURS_REPORTED).gt(lit(limit)).alias(col::OVER_HOURS),
        ])
        .collect()
}

/// How many people over the limit the latest year names one by one; the rest are counted.
const NAMED_PER_YEAR: usize = 20;

/// Findings on the people whose hours run over the limit, year by year, latest year first:
/// in the latest year (the one the tables describe) the highest are named one by one, then
/// each year says how many it has. A count never mixes years.
pub(super) fn over_hours(people: &DataFrame, params: &Params, here: &Location) -> PolarsResult<Vec<Finding>> {
    let mut over = over_people(people)?;
    let year_of = |year: Option<i64>| year.map(|y| y as i32).filter(|&y| y != super::NO_YEAR);
    let mut findings = Vec::new();
    for (k, (year, count)) in year_blocks(&over, year_of).into_iter().enumerate() {
        let named = if k == 0 { NAMED_PER_YEAR.min(count) } else { 0 };
        if named > 0 {
            let places: Vec<IdxSize> = first_in_order(&mut over, named).iter().map(|o| o.place).collect();
            let named_people = people.take(&IdxCa::from_vec(PlSmallStr::EMPTY, places))?;
            let rows = Rows::new(&named_people)?;
            findings.extend((0..named).map(|i| person_over(&rows, i, year, params, here)));
        }
        if count > named {
            findings.push(count_over(count, named, year, here));
        }
    }
    Ok(findings)
}

/// A person over the limit: the year, the hours reported, and the person's place.
struct Over {
    year: Option<i64>,
    hours: Option<f64>,
    place: IdxSize,
}

/// The people over the limit, in the order of their places.
fn over_people(people: &DataFrame) -> PolarsResult<Vec<Over>> {
    let years = people.column(col::YEAR)?.cast(&DataType::Int64)?;
    let (years, hours) = (
        Dense::new(years.i64()?),
        Dense::new(people.column(PERSON_HOURS_REPORTED)?.f64()?),
    );
    let is_over = people.column(col::OVER_HOURS)?.bool()?;
    Ok(is_over
        .iter()
        .enumerate()
        .filter(|(_, is_over)| *is_over == Some(true))
        .map(|(place, _)| Over {
            year: years.get(place),
            hours: hours.get(place),
            place: place as IdxSize,
        })
        .collect())
}

/// Descending, unknowns last.
fn later<T>(a: Option<T>, b: Option<T>, cmp: fn(&T, &T) -> Ordering) -> Ordering {
    match (a, b) {
        (Some(a), Some(b)) => cmp(&b, &a),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

/// How many of `over` each year has, latest year first (unknown last); years shown alike by
/// `year_of` are counted together.
fn year_blocks(over: &[Over], year_of: impl Fn(Option<i64>) -> Option<i32>) -> Vec<(Option<i32>, usize)> {
    let mut counts: std::collections::HashMap<Option<i64>, usize> = Default::default();
    for o in over {
        *counts.entry(o.year).or_default() += 1;
    }
    let mut years: Vec<(Option<i64>, usize)> = counts.into_iter().collect();
    years.sort_by(|a, b| later(a.0, b.0, i64::cmp));
    let mut blocks: Vec<(Option<i32>, usize)> = Vec::new();
    for (year, count) in years {
        match blocks.last_mut() {
            Some((shown, n)) if *shown == year_of(year) => *n += count,
            _ => blocks.push((year_of(year), count)),
        }
    }
    blocks
}

/// The first `n` (at least one) of `over` in order: latest year first, the highest hours
/// first within a year (unknowns last), people level with each other in the order they
/// came. Only those `n` are sorted: thousands of people can be over the limit.
fn first_in_order(over: &mut [Over], n: usize) -> &[Over] {
    let order = |a: &Over, b: &Over| {
        later(a.year, b.year, i64::cmp)
            .then(later(a.hours, b.hours, |a, b| number_order(*a, *b)))
            .then(a.place.cmp(&b.place))
    };
    if over.len() > n {
        over.select_nth_unstable_by(n - 1, order);
    }
    let n = n.min(over.len());
    let first = &mut over[..n];
    first.sort_by(order);
    first
}

/// "2025 年" / "In 2025, " before a sentence about one year's data; nothing without a year.
fn year_words(year: Option<i32>) -> (String, String) {
    match year {
        Some(y) => (format!("{y} 年，"), format!("In {y}, ")),
        None => (String::new(), String::new()),
    }
}

fn person_over(rows: &Rows, i: usize, year: Option<i32>, params: &Params, here: &Location) -> Finding {
    let h = params.calendar.available_hours();
    let multiple = params.survey.person_max_multiple;
    let who = rows.str(col::PERSON, i).unwrap_or("");
    let unit = rows.str(col::UNIT, i).unwrap_or("");
    let hours = rows.f64(PERSON_HOURS_REPORTED, i).unwrap_or(0.0);
    let (zh_year, en_year) = year_words(year);
    Finding::warning(
        "over_hours",
        super::sources::row_at(rows, i, here),
        format!("{zh_year}{unit} {who} 填报全年 {hours:.0} 小时，超过标准工时 {h:.0} 小时的 {multiple:.1} 倍，可能偏高。"),
        format!("{en_year}{unit} {who} reports {hours:.0} h a year, over {multiple:.1} × the available {h:.0} h: probably high."),
    )
    .in_year(year)
}

/// How many people of `year` report hours over the limit, `named` of them listed already.
fn count_over(people: usize, named: usize, year: Option<i32>, here: &Location) -> Finding {
    let (zh_year, en_year) = year_words(year);
    let (zh_named, en_named) = match named {
        0 => (String::new(), String::new()),
        n => (
            format!("（已列出工时最高的 {n} 人）"),
            format!(" (the {n} highest are listed)"),
        ),
    };
    Finding::warning(
        "over_hours",
        here.clone(),
        format!("{zh_year}共有 {people} 人填报全年工时超过上限{zh_named}。"),
        format!("{en_year}{people} people in all report yearly hours over the limit{en_named}."),
    )
    .in_year(year)
}

/// Each row's adjusted hours: calibrated, and scaled down by its person's cap. `people` are
/// those of [`totals`], one per person group in the order of the groups; `cal` the
/// calibration factor they were made under. `None` when they are the hours filed: no
/// calibration and no one capped.
pub(super) fn adjusted_hours(rows: &DataFrame, people: &DataFrame, cal: f64) -> PolarsResult<Option<Column>> {
    let hours = rows.column(HOURS)?.f64()?;
    let shares = people.column(CAP_SHARE)?.f64()?;
    let adjusted: Float64Chunked = if shares.null_count() == shares.len() {
        if cal == 1.0 {
            return Ok(None);
        }
        hours * cal
    } else {
        let shares: Vec<Option<f64>> = shares.iter().collect();
        let groups = rows.column(PERSON_GROUP)?.u32()?;
        if groups.max().is_some_and(|g| g as usize >= shares.len()) {
            polars_bail!(ComputeError: "a task's person is not among the people");
        }
        hours
            .iter()
            .zip(groups.iter())
            .map(|(h, g)| h.map(|h| h * cal * g.and_then(|g| shares[g as usize]).unwrap_or(1.0)))
            .collect()
    };
    Ok(Some(adjusted.with_name(HOURS_ADJUSTED.into()).into_column()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// People over the limit in two years, the year left blank or unknown, with hours level,
    /// unknown, not a number and signed zeros.
    fn over() -> Vec<Over> {
        let years = [Some(2025), Some(2024), None, Some(super::super::NO_YEAR as i64)];
        let hours = [
            Some(3.0),
            None,
            Some(f64::NAN),
            Some(2.0),
            Some(-0.0),
            Some(0.0),
            Some(3.0),
        ];
        (0..200)
            .map(|i| Over {
                year: years[(i * 7) % years.len()],
                hours: hours[(i * 5) % hours.len()],
                place: i as IdxSize,
            })
            .collect()
    }

    #[test]
    fn the_first_named_and_each_years_count_are_those_of_the_whole_order() {
        let year_of = |year: Option<i64>| year.map(|y| y as i32).filter(|&y| y != super::super::NO_YEAR);
        let mut sorted = over();
        sorted
            .sort_by(|a, b| later(a.year, b.year, i64::cmp).then(later(a.hours, b.hours, |a, b| number_order(*a, *b))));
        for n in [1, 2, 20, 199, 200, 300] {
            let mut people = over();
            let first: Vec<IdxSize> = first_in_order(&mut people, n).iter().map(|o| o.place).collect();
            let expected: Vec<IdxSize> = sorted.iter().take(n).map(|o| o.place).collect();
            assert_eq!(first, expected, "the first {n}");
        }
        let mut blocks: Vec<(Option<i32>, usize)> = Vec::new();
        for o in &sorted {
            match blocks.last_mut() {
                Some((year, count)) if *year == year_of(o.year) => *count += 1,
                _ => blocks.push((year_of(o.year), 1)),
            }
        }
        assert_eq!(year_blocks(&over(), year_of), blocks);
        assert_eq!(blocks.len(), 3, "2025, 2024, and the years blank or unknown together");
    }
}
