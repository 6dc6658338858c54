//! Staffing consolidated: one row per unit × quota type × year, with the roster counted into
//! actual staff, duplicates reported, and each unit's tags (front line, key area).

use super::rows::Rows;
use crate::findings::{Finding, Location};
use crate::model::{Params, QuotaType, col};
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
    if year.is_some() && staffing.column(col::YEAR)?.null_count() > 0 {
        findings.push(Finding::warning(
            "missing_year",
            here.clone(),
            "部分行没有年度，按最近年度计。",
            "Some rows have no year; they are taken as the latest year.",
        ));
    }
    let fill_year = year.unwrap_or(default_year);
    let base = staffing
        .clone()
        .lazy()
        .with_columns([col(col::YEAR).cast(DataType::Int32).fill_null(lit(fill_year))]);

    // The same unit and quota type twice in a year: keep the first row, say which rows.
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
        .group_by_stable(key.clone())
        .agg([
            col(col::SOURCE_ROW).first().alias("first"),
            col(col::SOURCE_ROW).last().alias("last"),
        ])
        .collect()?;
    let rows = Rows::new(&dups)?;
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
    let base = base.unique_stable_generic(Some(key.to_vec()), UniqueKeepStrategy::First);

    // The roster (实名制) is the count of people: it replaces actual staff where it covers a unit.
    let base = match roster {
        None => base,
        Some(r) => {
            let typed = r
                .column(col::QUOTA_TYPE)?
                .str()?
                .iter()
                .any(|q| q.is_some_and(|q| q != QuotaType::Unspecified.canonical()));
            let r = r
                .clone()
                .lazy()
                .with_columns([col(col::YEAR).cast(DataType::Int32).fill_null(lit(fill_year))]);
            let by = if typed {
                vec![col(col::UNIT), col(col::QUOTA_TYPE), col(col::YEAR)]
            } else {
                vec![col(col::UNIT), col(col::YEAR)]
            };
            let counts = r.clone().group_by_stable(by.clone()).agg([
                len().cast(DataType::Int64).alias("roster_actual"),
                col(col::LEADER).cast(DataType::Int64).sum().alias("roster_leaders"),
            ]);
            // Units the roster covers at all in a year (a type it lacks counts as nobody).
            let covered = r
                .clone()
                .select([col(col::UNIT), col(col::YEAR)])
                .unique(None, UniqueKeepStrategy::First)
                .with_columns([lit(true).alias("covered")]);
            let any_leader = r
                .clone()
                .select([col(col::LEADER).any(true).alias("has_leaders")])
                .collect()?;
            let has_leaders = any_leader.column("has_leaders")?.bool()?.get(0).unwrap_or(false);
            // Without quota types in the roster, its count fits only units holding one type.
            let single = base
                .clone()
                .group_by([col(col::UNIT), col(col::YEAR)])
                .agg([len().alias("types")]);
            let joined = base
                .join(counts, by.clone(), by, JoinArgs::new(JoinType::Left))
                .join(
                    covered,
                    [col(col::UNIT), col(col::YEAR)],
                    [col(col::UNIT), col(col::YEAR)],
                    JoinArgs::new(JoinType::Left),
                )
                .join(
                    single,
                    [col(col::UNIT), col(col::YEAR)],
                    [col(col::UNIT), col(col::YEAR)],
                    JoinArgs::new(JoinType::Left),
                );
            let applies = col("covered")
                .fill_null(lit(false))
                .and(lit(typed).or(col("types").eq(lit(1))));
            let counted = joined
                .with_columns([
                    when(applies.clone())
                        .then(col("roster_actual").fill_null(lit(0i64)))
                        .otherwise(col(col::ACTUAL))
                        .alias("actual_new"),
                    when(applies.clone().and(lit(has_leaders)))
                        .then(col("roster_leaders").fill_null(lit(0i64)))
                        .otherwise(col(col::LEADERS_ACTUAL))
                        .alias("leaders_new"),
                ])
                .collect()?;
            // Where the staffing table's own count differs from the roster, say so.
            let differ = counted
                .clone()
                .lazy()
                .filter(
                    col(col::ACTUAL)
                        .is_not_null()
                        .and(col(col::ACTUAL).neq(col("actual_new"))),
                )
                .collect()?;
            let rows = Rows::new(&differ)?;
            for i in 0..differ.height().min(50) {
                let unit = rows.str(col::UNIT, i).unwrap_or("");
                let qt = rows.str(col::QUOTA_TYPE, i).unwrap_or("");
                let (table, roster) = (
                    rows.i64(col::ACTUAL, i).unwrap_or(0),
                    rows.i64("actual_new", i).unwrap_or(0),
                );
                findings.push(Finding::warning(
                    "roster_differs",
                    here.clone().with_row(rows.u32(col::SOURCE_ROW, i).unwrap_or(0)),
                    format!("单位“{unit}”（{qt}）编制表实有 {table} 人，花名册 {roster} 人；按花名册计。"),
                    format!("Unit '{unit}' ({qt}): the staffing table says {table} in post, the roster lists {roster}; the roster is used."),
                ));
            }
            // Roster units the staffing table lacks.
            let known = counted.column(col::UNIT)?.as_materialized_series().clone();
            let missing = r
                .filter(col(col::UNIT).is_in(lit(known).implode(false), false).not())
                .group_by_stable([col(col::UNIT)])
                .agg([col(col::SOURCE_ROW).first(), len().alias("n")])
                .collect()?;
            let rows = Rows::new(&missing)?;
            for i in 0..missing.height().min(50) {
                let unit = rows.str(col::UNIT, i).unwrap_or("");
                findings.push(Finding::warning(
                    "roster_unit_unknown",
                    Location::file(roster_file).with_row(rows.u32(col::SOURCE_ROW, i).unwrap_or(0)),
                    format!(
                        "花名册中的单位“{unit}”（{} 人）不在编制表中，未计入。",
                        rows.i64("n", i).unwrap_or(0)
                    ),
                    format!(
                        "Unit '{unit}' of the roster ({} people) is not in the staffing table; left out.",
                        rows.i64("n", i).unwrap_or(0)
                    ),
                ));
            }
            counted
                .lazy()
                .with_columns([
                    col("actual_new").alias(col::ACTUAL),
                    col("leaders_new").alias(col::LEADERS_ACTUAL),
                ])
                .drop(by_name(
                    [
                        "actual_new",
                        "leaders_new",
                        "roster_actual",
                        "roster_leaders",
                        "covered",
                        "types",
                    ],
                    true,
                    false,
                ))
        }
    };

    // Tags: what the data says, else the unit's name or category against the patterns.
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
    let frame = base
        .with_columns([
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
        .collect()?;
    Ok(Staffing { frame, findings })
}
