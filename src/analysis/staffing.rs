//! Staffing consolidated: one row per unit × quota type × year, with the roster counted into
//! actual staff, duplicates reported, and each unit's tags (front line, key area).

use super::roster;
use super::rows::Rows;
use crate::findings::{Finding, Location};
use crate::model::{Params, col};
use polars::prelude::*;

/// Year used internally for data that carries no year; shown as empty in outputs.
pub const NO_YEAR: i32 = 0;

pub struct Staffing {
    /// unit, department, quota_type, year, approved, actual, leader_posts, leaders_actual,
    /// performance, category, key_area, front_line.
    pub frame: DataFrame,
    pub findings: Vec<Finding>,
}

/// The latest year in a frame's `year` column, if any row has one.
pub fn latest_year(frame: &DataFrame) -> PolarsResult<Option<i32>> {
    let y = frame.column(col::YEAR)?.cast(&DataType::Int32)?;
    Ok(y.i32()?.max())
}

fn contains_any(text: Expr, patterns: &[String]) -> Expr {
    patterns
        .iter()
        .filter(|p| !p.is_empty())
        .map(|p| text.clone().str().contains_literal(lit(p.clone())))
        .reduce(|a, b| a.or(b))
        .unwrap_or(lit(false))
}

pub fn consolidate(
    staffing: &DataFrame,
    roster: Option<&DataFrame>,
    params: &Params,
    default_year: i32,
    file: &str,
    roster_file: &str,
) -> PolarsResult<Staffing> {
    let mut findings = Vec::new();
    let here = Location::file(file);
    let year = latest_year(staffing)?;
    if let Some(year) = year {
        findings.extend(missing_years(staffing, year, &here)?);
    }
    let fill_year = year.unwrap_or(default_year);
    let base = staffing
        .clone()
        .lazy()
        .with_columns([col(col::YEAR).cast(DataType::Int32).fill_null(lit(fill_year))]);
    if year.is_some() {
        findings.extend(units_before(&base, fill_year, &here)?);
    }

    // The same unit and quota type twice in a year: keep the first row, say which rows.
    findings.extend(duplicate_units(&base, &here)?);
    let key = [col(col::UNIT), col(col::QUOTA_TYPE), col(col::YEAR)];
    let base = base.unique_stable_generic(Some(key.to_vec()), UniqueKeepStrategy::First);

    // The roster (实名制) is the count of people: it replaces actual staff where it covers a unit.
    let base = match roster {
        None => base,
        Some(r) => roster::counted_in(base, r, fill_year, &here, roster_file, &mut findings)?,
    };
    let frame = tagged(base, params).collect()?;
    Ok(Staffing { frame, findings })
}

/// How many rows without a year are named one by one.
const ROWS_NAMED: usize = 10;

/// Rows without a year, taken as the table's latest `year`: the first of them by number.
fn missing_years(staffing: &DataFrame, year: i32, here: &Location) -> PolarsResult<Option<Finding>> {
    let without = staffing
        .clone()
        .lazy()
        .filter(col(col::YEAR).is_null())
        .select([col(col::SOURCE_ROW)])
        .collect()?;
    if without.height() == 0 {
        return Ok(None);
    }
    let rows: Vec<String> = without
        .column(col::SOURCE_ROW)?
        .cast(&DataType::Int64)?
        .i64()?
        .iter()
        .flatten()
        .take(ROWS_NAMED)
        .map(|r| r.to_string())
        .collect();
    let more = without.height() > ROWS_NAMED;
    Ok(Some(Finding::warning(
        "missing_year",
        here.clone(),
        format!(
            "{} 行没有年度，按最近年度（{year} 年）计：第 {}{} 行。",
            without.height(),
            rows.join("、"),
            if more { " 等" } else { "" }
        ),
        format!(
            "{} rows have no year; they are taken as the latest year, {year}: row{} {}{}.",
            without.height(),
            if rows.len() > 1 { "s" } else { "" },
            rows.join(", "),
            if more { " and more" } else { "" }
        ),
    )))
}

/// Units whose rows stop before the table's `year`: the tables describe that year, so each is
/// in none of its figures (a unit merged or closed, or a row left out by mistake).
fn units_before(base: &LazyFrame, year: i32, here: &Location) -> PolarsResult<Vec<Finding>> {
    let last = base
        .clone()
        .sort([col::YEAR], SortMultipleOptions::default().with_maintain_order(true))
        .group_by_stable([col(col::UNIT)])
        .agg([col(col::YEAR).last(), col(col::SOURCE_ROW).last()])
        .filter(col(col::YEAR).lt(lit(year)))
        .collect()?;
    let rows = Rows::new(&last)?;
    let mut findings = Vec::new();
    for i in 0..last.height().min(50) {
        let unit = rows.str(col::UNIT, i).unwrap_or("");
        let before = rows.i64(col::YEAR, i).unwrap_or(0);
        findings.push(Finding::warning(
            "unit_not_in_year",
            here.clone().with_row(rows.u32(col::SOURCE_ROW, i).unwrap_or(0)),
            format!("单位“{unit}”最近的记录是 {before} 年，没有 {year} 年的：不在 {year} 年的各项数字中。"),
            format!(
                "Unit '{unit}' was last filed for {before}, with no row for {year}: it is in none of {year}'s figures."
            ),
        ));
    }
    if last.height() > 50 {
        findings.push(Finding::warning(
            "unit_not_in_year",
            here.clone(),
            format!("共有 {} 个单位没有 {year} 年的记录。", last.height()),
            format!("{} units in all have no row for {year}.", last.height()),
        ));
    }
    Ok(findings)
}

/// A finding for each unit and quota type filed twice in a year, naming the row kept.
fn duplicate_units(base: &LazyFrame, here: &Location) -> PolarsResult<Vec<Finding>> {
    let key = [col(col::UNIT), col(col::QUOTA_TYPE), col(col::YEAR)];
    let dups = base
        .clone()
        .filter(
            concat_str(
                [
                    col(col::UNIT),
                    col(col::QUOTA_TYPE),
                    col(col::YEAR).cast(DataType::String),
                ],
                "\u{1f}",
                true,
            )
            .is_duplicated(),
        )
        .group_by_stable(key)
        .agg([
            col(col::SOURCE_ROW).first().alias("first"),
            col(col::SOURCE_ROW).last().alias("last"),
        ])
        .collect()?;
    let rows = Rows::new(&dups)?;
    let mut findings = Vec::new();
    for i in 0..dups.height().min(50) {
        let unit = rows.str(col::UNIT, i).unwrap_or("");
        let qt = rows.str(col::QUOTA_TYPE, i).unwrap_or("");
        let (first, last) = (rows.u32("first", i).unwrap_or(0), rows.u32("last", i).unwrap_or(0));
        findings.push(Finding::warning(
            "duplicate_unit",
            here.clone().with_row(last),
            format!("单位“{unit}”（{qt}）与第 {first} 行重复（名称只差空格或全角字符也算同一单位），只取第 {first} 行。"),
            format!("Unit '{unit}' ({qt}) repeats row {first} (names differing only by spaces or full-width characters are the same unit); row {first} is used."),
        ));
    }
    Ok(findings)
}

/// Tags: what the data says, else the unit's name or category against the patterns.
fn tagged(base: LazyFrame, params: &Params) -> LazyFrame {
    let text = concat_str(
        [
            col(col::UNIT),
            col(col::CATEGORY).fill_null(lit("")),
            col(col::DEPARTMENT).fill_null(lit("")),
        ],
        " ",
        true,
    );
    let tags = &params.tags;
    base.with_columns([
        col(col::KEY_AREA)
            .fill_null(contains_any(text.clone(), &tags.key_area_patterns))
            .alias(col::KEY_AREA),
        col(col::FRONT_LINE)
            .fill_null(contains_any(
                concat_str([col(col::UNIT), col(col::CATEGORY).fill_null(lit(""))], " ", true),
                &tags.front_line_patterns,
            ))
            .alias(col::FRONT_LINE),
    ])
}
