//! The roster (实名制) counted into actual staff: it replaces the staffing table's count where
//! it covers a unit, and says where the two differ or where it names a unit the table lacks.

use super::rows::Rows;
use crate::findings::{Finding, Location};
use crate::model::{QuotaType, col};
use polars::prelude::*;

/// Staffing rows (`base`) with actual staff and leaders counted from the roster; findings
/// where the counts differ and for roster units the staffing table lacks.
pub(super) fn counted_in(
    base: LazyFrame,
    roster: &DataFrame,
    fill_year: i32,
    here: &Location,
    roster_file: &str,
    findings: &mut Vec<Finding>,
) -> PolarsResult<LazyFrame> {
    let counted = counts(base, roster, fill_year)?;
    findings.extend(differs(&counted, here)?);
    findings.extend(unknown_units(&counted, roster, fill_year, roster_file)?);
    Ok(counted
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
                "roster_all",
                "roster_all_leaders",
                "covered",
                "types",
            ],
            true,
            false,
        )))
}

/// The roster's rows, a row without a year taken as `fill_year`.
fn with_year(roster: &DataFrame, fill_year: i32) -> LazyFrame {
    roster
        .clone()
        .lazy()
        .with_columns([col(col::YEAR).cast(DataType::Int32).fill_null(lit(fill_year))])
}

/// The staffing rows with the roster's counts beside their own: `actual_new` and `leaders_new`.
fn counts(base: LazyFrame, roster: &DataFrame, fill_year: i32) -> PolarsResult<DataFrame> {
    let typed = roster
        .column(col::QUOTA_TYPE)?
        .str()?
        .iter()
        .any(|q| q.is_some_and(|q| q != QuotaType::Unspecified.canonical()));
    let r = with_year(roster, fill_year);
    let by = if typed {
        vec![col(col::UNIT), col(col::QUOTA_TYPE), col(col::YEAR)]
    } else {
        vec![col(col::UNIT), col(col::YEAR)]
    };
    let counts = r.clone().group_by_stable(by.clone()).agg([
        len().cast(DataType::Int64).alias("roster_actual"),
        col(col::LEADER).cast(DataType::Int64).sum().alias("roster_leaders"),
    ]);
    // The whole unit's count, for a staffing row that names no type while the roster does.
    let whole = r.clone().group_by_stable([col(col::UNIT), col(col::YEAR)]).agg([
        len().cast(DataType::Int64).alias("roster_all"),
        col(col::LEADER).cast(DataType::Int64).sum().alias("roster_all_leaders"),
    ]);
    // Units the roster covers at all in a year (a type it lacks counts as nobody).
    let covered = r
        .clone()
        .select([col(col::UNIT), col(col::YEAR)])
        .unique(None, UniqueKeepStrategy::First)
        .with_columns([lit(true).alias("covered")]);
    let any_leader = r.select([col(col::LEADER).any(true).alias("has_leaders")]).collect()?;
    let has_leaders = any_leader.column("has_leaders")?.bool()?.get(0).unwrap_or(false);
    // Without quota types in the roster, its count fits only units holding one type.
    let single = base
        .clone()
        .group_by([col(col::UNIT), col(col::YEAR)])
        .agg([len().alias("types")]);
    let key = [col(col::UNIT), col(col::YEAR)];
    let applies = col("covered")
        .fill_null(lit(false))
        .and(lit(typed).or(col("types").eq(lit(1))));
    let untyped_row = col(col::QUOTA_TYPE)
        .eq(lit(QuotaType::Unspecified.canonical()))
        .and(col("types").eq(lit(1)))
        .and(lit(typed));
    base.join(counts, by.clone(), by, JoinArgs::new(JoinType::Left))
        .join(covered, key.clone(), key.clone(), JoinArgs::new(JoinType::Left))
        .join(whole, key.clone(), key.clone(), JoinArgs::new(JoinType::Left))
        .join(single, key.clone(), key, JoinArgs::new(JoinType::Left))
        .with_columns([
            when(untyped_row.clone())
                .then(col("roster_all"))
                .otherwise(col("roster_actual"))
                .alias("roster_actual"),
            when(untyped_row)
                .then(col("roster_all_leaders"))
                .otherwise(col("roster_leaders"))
                .alias("roster_leaders"),
        ])
        .with_columns([
            when(applies.clone())
                .then(col("roster_actual").fill_null(lit(0i64)))
                .otherwise(col(col::ACTUAL))
                .alias("actual_new"),
            when(applies.and(lit(has_leaders)))
                .then(col("roster_leaders").fill_null(lit(0i64)))
                .otherwise(col(col::LEADERS_ACTUAL))
                .alias("leaders_new"),
        ])
        .collect()
}

/// Where the staffing table's own count differs from the roster, say so.
fn differs(counted: &DataFrame, here: &Location) -> PolarsResult<Vec<Finding>> {
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
    let mut findings = Vec::new();
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
    Ok(findings)
}

/// Roster units the staffing table lacks, and roster people whose unit the table lists only
/// in other years than theirs: neither is counted anywhere.
fn unknown_units(
    counted: &DataFrame,
    roster: &DataFrame,
    fill_year: i32,
    roster_file: &str,
) -> PolarsResult<Vec<Finding>> {
    let known = counted.column(col::UNIT)?.as_materialized_series().clone();
    let missing = with_year(roster, fill_year)
        .filter(col(col::UNIT).is_in(lit(known).implode(false), false).not())
        .group_by_stable([col(col::UNIT)])
        .agg([col(col::SOURCE_ROW).first(), len().alias("n")])
        .collect()?;
    let rows = Rows::new(&missing)?;
    let mut findings = Vec::new();
    for i in 0..missing.height().min(50) {
        let unit = rows.str(col::UNIT, i).unwrap_or("");
        let n = rows.i64("n", i).unwrap_or(0);
        findings.push(Finding::warning(
            "roster_unit_unknown",
            Location::file(roster_file).with_row(rows.u32(col::SOURCE_ROW, i).unwrap_or(0)),
            format!("花名册中的单位“{unit}”（{n} 人）不在编制表中，未计入。"),
            format!("Unit '{unit}' of the roster ({n} people) is not in the staffing table; left out."),
        ));
    }
    findings.extend(units_not_in_year(counted, roster, fill_year, roster_file)?);
    Ok(findings)
}

/// Roster people of a unit the staffing table lists, but not in their year (the unit's rows
/// stop before it): left out of actual staff, which a unit absent from a year cannot hold. A
/// year the table has no row of at all is said once, not unit by unit.
fn units_not_in_year(
    counted: &DataFrame,
    roster: &DataFrame,
    fill_year: i32,
    roster_file: &str,
) -> PolarsResult<Vec<Finding>> {
    let key = [col(col::UNIT), col(col::YEAR)];
    let listed = counted
        .clone()
        .lazy()
        .select([col(col::UNIT), col(col::YEAR).cast(DataType::Int32)])
        .unique_stable(None, UniqueKeepStrategy::First);
    let years = counted
        .column(col::YEAR)?
        .cast(&DataType::Int32)?
        .as_materialized_series()
        .clone();
    let known = counted.column(col::UNIT)?.as_materialized_series().clone();
    let missing = with_year(roster, fill_year)
        .filter(col(col::UNIT).is_in(lit(known).implode(false), false))
        .join(listed, key.clone(), key.clone(), JoinArgs::new(JoinType::Anti))
        .with_columns([col(col::YEAR)
            .is_in(lit(years).implode(false), false)
            .alias("year_listed")]);
    let mut findings = year_not_listed(missing.clone(), roster_file)?;
    let by_unit = missing
        .filter(col("year_listed"))
        .group_by_stable(key)
        .agg([col(col::SOURCE_ROW).first(), len().alias("n")])
        .collect()?;
    let rows = Rows::new(&by_unit)?;
    for i in 0..by_unit.height().min(50) {
        let unit = rows.str(col::UNIT, i).unwrap_or("");
        let (n, year) = (rows.i64("n", i).unwrap_or(0), rows.i64(col::YEAR, i).unwrap_or(0));
        findings.push(Finding::warning(
            "roster_unit_not_in_year",
            Location::file(roster_file).with_row(rows.u32(col::SOURCE_ROW, i).unwrap_or(0)),
            format!("花名册中的单位“{unit}”（{year} 年 {n} 人）在编制表中没有 {year} 年的记录，未计入。"),
            format!(
                "Unit '{unit}' of the roster ({n} people in {year}) has no row for {year} in the staffing table; left out."
            ),
        ));
    }
    Ok(findings)
}

/// The roster's people of `missing` in a year the staffing table has no row of: one finding
/// a year.
fn year_not_listed(missing: LazyFrame, roster_file: &str) -> PolarsResult<Vec<Finding>> {
    let by_year = missing
        .filter(col("year_listed").not())
        .group_by_stable([col(col::YEAR)])
        .agg([col(col::SOURCE_ROW).first(), len().alias("n")])
        .collect()?;
    let rows = Rows::new(&by_year)?;
    Ok((0..by_year.height())
        .map(|i| {
            let (n, year) = (rows.i64("n", i).unwrap_or(0), rows.i64(col::YEAR, i).unwrap_or(0));
            Finding::warning(
                "roster_unit_not_in_year",
                Location::file(roster_file).with_row(rows.u32(col::SOURCE_ROW, i).unwrap_or(0)),
                format!("花名册中 {year} 年的 {n} 人：编制表没有 {year} 年的记录，未计入。"),
                format!("{n} people of the roster in {year}: the staffing table has no row for {year}; left out."),
            )
        })
        .collect())
}
