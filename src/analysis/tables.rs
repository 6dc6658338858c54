//! The tables the analysis hands out: the latest year's rows (all years for the history), a
//! year shown empty where the data has none, columns in the order views and exports read them.

use super::NO_YEAR;
use super::names::FastMap;
use super::people::{PERSON_HOURS, PERSON_HOURS_REPORTED};
use super::small::SmallLazy;
use crate::model::col;
use polars::prelude::*;
use std::cmp::Ordering;

/// The year column as shown: empty for data that carries no year.
fn year_out() -> Expr {
    when(col(col::YEAR).eq(lit(NO_YEAR)))
        .then(lit(NULL).cast(DataType::Int32))
        .otherwise(col(col::YEAR))
        .alias(col::YEAR)
}

/// The rows of `year`.
fn latest(df: &DataFrame, year: i32) -> LazyFrame {
    df.clone().small_lazy().filter(col(col::YEAR).eq(lit(year)))
}

/// The units of `year`, by department; `survey_missing` joins their flags when a survey was
/// given (`any_survey`) and does not cover them.
pub(super) fn units(units_all: &DataFrame, any_survey: bool, year: i32) -> PolarsResult<DataFrame> {
    let survey_missing = when(lit(any_survey).and(col(col::HAS_SURVEY).not()))
        .then(lit(crate::model::Flag::SurveyMissing.code()))
        .otherwise(lit(NULL).cast(DataType::String));
    latest(units_all, year)
        .with_columns([concat_str(
            [
                when(col(col::FLAGS).eq(lit("")))
                    .then(lit(NULL).cast(DataType::String))
                    .otherwise(col(col::FLAGS)),
                survey_missing,
            ],
            ";",
            true,
        )
        .alias(col::FLAGS)])
        .with_columns([year_out()])
        .select(unit_columns())
        .sort(
            [col::DEPARTMENT, col::UNIT],
            SortMultipleOptions::default().with_nulls_last(true),
        )
        .collect()
}

/// The unit × quota type rows of `year`, each with its unit's flags (from `units`), by
/// department, unit and quota type. A few thousand rows: each unit's flags found by name and
/// the order sorted by hand, with no join and no sort of a frame.
pub(super) fn unit_types(unit_types_all: &DataFrame, units: &DataFrame, year: i32) -> PolarsResult<DataFrame> {
    let mut rows = of_year(unit_types_all, year)?;
    let strs = |frame: &DataFrame, c: &str| -> PolarsResult<StringChunked> {
        Ok(frame.column(c)?.str()?.rechunk().into_owned())
    };
    let (unit_names, unit_flags) = (strs(units, col::UNIT)?, strs(units, col::FLAGS)?);
    let flags_of: FastMap<&str, &str> = unit_names
        .iter()
        .zip(unit_flags.iter())
        .filter_map(|(u, f)| Some((u?, f?)))
        .collect();
    let (departments, names, types) = (
        strs(&rows, col::DEPARTMENT)?,
        strs(&rows, col::UNIT)?,
        strs(&rows, col::QUOTA_TYPE)?,
    );
    let flags: StringChunked = names.iter().map(|u| u.and_then(|u| flags_of.get(u).copied())).collect();
    let keys: Vec<[Option<&str>; 3]> = departments
        .iter()
        .zip(names.iter())
        .zip(types.iter())
        .map(|((d, u), t)| [d, u, t])
        .collect();
    let mut order: Vec<IdxSize> = (0..keys.len() as IdxSize).collect();
    order.sort_by(|&a, &b| {
        let (a, b) = (&keys[a as usize], &keys[b as usize]);
        a.iter()
            .zip(b)
            .map(|(a, b)| nulls_last(*a, *b))
            .find(|o| o.is_ne())
            .unwrap_or(Ordering::Equal)
    });
    rows.with_column(flags.with_name(col::FLAGS.into()).into_column())?;
    in_order(&rows.select(UNIT_TYPE_COLUMNS)?, order)
}

/// The rows of `frame` at the places of `order`. Column by column on this thread: a few
/// thousand rows are not worth the pool's queue.
fn in_order(frame: &DataFrame, order: Vec<IdxSize>) -> PolarsResult<DataFrame> {
    let order = IdxCa::from_vec(PlSmallStr::EMPTY, order);
    let columns = frame
        .columns()
        .iter()
        .map(|c| c.take(&order))
        .collect::<PolarsResult<Vec<_>>>()?;
    DataFrame::new(order.len(), columns)
}

/// The rows of `year`, the year shown as [`year_out`] shows it; eager, for a small frame
/// that a query plan would cost more than it saves.
fn of_year(df: &DataFrame, year: i32) -> PolarsResult<DataFrame> {
    let years = df.column(col::YEAR)?.i32()?;
    let in_year = years.equal(year);
    let mut rows = if in_year.all() {
        df.clone()
    } else {
        df.filter(&in_year)?
    };
    if year == NO_YEAR {
        let none = Int32Chunked::full_null(col::YEAR.into(), rows.height());
        rows.with_column(none.into_column())?;
    }
    Ok(rows)
}

/// Ascending, unknowns last.
fn nulls_last(a: Option<&str>, b: Option<&str>) -> Ordering {
    match (a, b) {
        (Some(a), Some(b)) => a.cmp(b),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

/// Every unit in every year, with the figures trends read; by unit, then year, unknowns
/// first.
pub(super) fn history(units_all: &DataFrame) -> PolarsResult<DataFrame> {
    let rows = units_all
        .clone()
        .lazy()
        .with_columns([year_out()])
        .select([
            col(col::UNIT),
            col(col::DEPARTMENT),
            col(col::YEAR),
            col(col::APPROVED),
            col(col::ACTUAL),
            col(col::VACANCY),
            col(col::VACANCY_RATE),
            col(col::WORKLOAD),
            col(col::REQUIRED),
            col(col::SATURATION),
            col(col::BAND),
        ])
        .collect()?;
    // Sorted by hand: a query's multi-column sort of a few thousand rows cost more of an edit
    // than the rest of this table.
    let (units, years) = (rows.column(col::UNIT)?.str()?, rows.column(col::YEAR)?.i32()?);
    let keys: Vec<(Option<&str>, Option<i32>)> = units.iter().zip(years.iter()).collect();
    let mut order: Vec<IdxSize> = (0..keys.len() as IdxSize).collect();
    order.sort_by(|&a, &b| keys[a as usize].cmp(&keys[b as usize]));
    in_order(&rows, order)
}

/// The survey's tasks of `year`.
pub(super) fn tasks(tasks: DataFrame, year: i32) -> PolarsResult<DataFrame> {
    if of_one_known_year(&tasks, year)? {
        return Ok(tasks);
    }
    let in_year = tasks.column(col::YEAR)?.i32()?.equal(year);
    let tasks = match in_year.all() {
        true => tasks.lazy(),
        false => tasks.lazy().filter(col(col::YEAR).eq(lit(year))),
    };
    tasks.with_columns([year_out()]).collect()
}

/// Whether every row of `frame` is of `year`, a known one: then filtering by it and showing
/// the year change nothing, and a survey of one year (as most are) keeps its rows' text where
/// it is instead of copying it through a filter on every edit.
fn of_one_known_year(frame: &DataFrame, year: i32) -> PolarsResult<bool> {
    let in_year = frame.column(col::YEAR)?.as_materialized_series().equal(year)?;
    Ok(year != NO_YEAR && in_year.null_count() == 0 && in_year.all())
}

/// The surveyed people of `year`, their hours under the names the units' workload has.
pub(super) fn people(people: DataFrame, year: i32) -> PolarsResult<DataFrame> {
    let people = match of_one_known_year(&people, year)? {
        true => people.lazy(),
        false => people
            .lazy()
            .filter(col(col::YEAR).eq(lit(year)))
            .with_columns([year_out()]),
    };
    people
        .select([
            col(col::UNIT),
            col(col::PERSON),
            col(col::YEAR),
            col(col::TASKS),
            col(PERSON_HOURS_REPORTED).alias(col::WORKLOAD_REPORTED),
            col(PERSON_HOURS).alias(col::WORKLOAD),
            col(col::PERSON_SATURATION),
            col(col::OVER_HOURS),
        ])
        .collect()
}

/// The columns of `units`, in the order they are shown.
fn unit_columns() -> Vec<Expr> {
    [
        col::UNIT,
        col::DEPARTMENT,
        col::CATEGORY,
        col::YEAR,
        col::KEY_AREA,
        col::FRONT_LINE,
        col::APPROVED,
        col::ACTUAL,
        col::VACANCY,
        col::VACANCY_RATE,
        col::OVER_QUOTA,
        col::LEADER_POSTS,
        col::LEADERS_ACTUAL,
        col::OVER_LEADERS,
        col::HAS_SURVEY,
        col::TASKS,
        col::PEOPLE_SURVEYED,
        col::WORKLOAD_REPORTED,
        col::WORKLOAD,
        col::REQUIRED_REPORTED,
        col::REQUIRED,
        col::SATURATION_REPORTED,
        col::SATURATION,
        col::QUOTA_SATURATION,
        col::BAND,
        col::IDLE,
        col::SHORTAGE,
        col::RECOVERABLE,
        col::SPREAD_CV,
        col::SPREAD_GINI,
        col::SHARE_UNDERLOADED,
        col::PERFORMANCE,
        col::FLAGS,
    ]
    .map(col)
    .to_vec()
}

/// The columns of `unit_types`, in the order they are shown.
const UNIT_TYPE_COLUMNS: [&str; 22] = [
    col::UNIT,
    col::DEPARTMENT,
    col::QUOTA_TYPE,
    col::YEAR,
    col::KEY_AREA,
    col::FRONT_LINE,
    col::APPROVED,
    col::ACTUAL,
    col::VACANCY,
    col::VACANCY_RATE,
    col::OVER_QUOTA,
    col::REQUIRED_REPORTED,
    col::REQUIRED,
    col::REQUIRED_BASIS,
    col::SATURATION_REPORTED,
    col::SATURATION,
    col::QUOTA_SATURATION,
    col::BAND,
    col::IDLE,
    col::SHORTAGE,
    col::RECOVERABLE,
    col::FLAGS,
];

#[cfg(test)]
mod tests {
    use super::*;

    /// The history's order is the one polars' sort gave: by unit, then year, unknowns first,
    /// names compared as their UTF-8 bytes.
    #[test]
    fn the_history_is_in_the_order_a_query_sorts_it() {
        let units = [
            Some("区财政局"),
            None,
            Some("区审计局"),
            Some("区财政局"),
            Some("Z所"),
            Some("区财政局"),
        ];
        let years = [2025, 2024, 2025, NO_YEAR, 2025, 2024];
        let mut frame = df!(col::UNIT => units, col::YEAR => years).unwrap();
        for c in [col::DEPARTMENT, col::BAND] {
            frame.with_column(Column::new(c.into(), ["甲"; 6])).unwrap();
        }
        for c in [
            col::APPROVED,
            col::ACTUAL,
            col::VACANCY,
            col::VACANCY_RATE,
            col::WORKLOAD,
            col::REQUIRED,
            col::SATURATION,
        ] {
            frame
                .with_column(Column::new(c.into(), [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]))
                .unwrap();
        }
        let by_query = frame
            .clone()
            .lazy()
            .with_columns([year_out()])
            .sort([col::UNIT, col::YEAR], SortMultipleOptions::default())
            .select([col(col::UNIT), col(col::YEAR), col(col::WORKLOAD)])
            .collect()
            .unwrap();
        let got = history(&frame).unwrap();
        assert!(
            got.select([col::UNIT, col::YEAR, col::WORKLOAD])
                .unwrap()
                .equals_missing(&by_query)
        );
        assert_eq!(got.column(col::WORKLOAD).unwrap().f64().unwrap().get(0), Some(2.0));
    }
}
