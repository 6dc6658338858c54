//! The survey's exact duplicate rows: found by hashing their key columns, reported, and counted
//! once unless the user says otherwise.

use super::indicators::known_sum;
use super::rows::Rows;
use super::workload::HOURS;
use crate::findings::{Finding, Location};
use crate::model::col;
use polars::prelude::*;

/// The columns that make two survey rows the same row.
const DUP_COLUMNS: [&str; 8] = [
    col::UNIT,
    col::PERSON,
    col::TASK,
    col::PERIOD,
    col::FREQUENCY,
    col::HOURS_EACH,
    col::ANNUAL_HOURS,
    col::YEAR,
];

/// The key columns, and the hash of the whole row as filed where the reader gave one: rows
/// that differ in a column the mapping does not use (人员编号, 科室) are different rows.
fn dup_columns(tasks: &DataFrame) -> Vec<&'static str> {
    let mut c = DUP_COLUMNS.to_vec();
    if tasks.column(col::ROW_HASH).is_ok() {
        c.push(col::ROW_HASH);
    }
    // Rows of a folder of returns are duplicates within their own file (a unit's rows come
    // from one file; row numbers are the file's).
    if tasks.column(col::SOURCE_FILE).is_ok() {
        c.push(col::SOURCE_FILE);
    }
    c
}

fn dup_key(tasks: &DataFrame) -> Vec<Expr> {
    dup_columns(tasks).into_iter().map(col).collect()
}

/// The groups of identical rows: `first` and `last` source row and `n` rows each, by first row.
/// The columns themselves are the key (a joined text key would format a million floats), and
/// only rows whose hashes over those columns collide are grouped.
pub(super) fn groups(tasks: &DataFrame) -> PolarsResult<DataFrame> {
    duplicate_candidates(tasks)?
        .lazy()
        .group_by(dup_key(tasks))
        .agg(with_sheet(
            tasks,
            vec![
                col(col::SOURCE_ROW).min().alias("first"),
                col(col::SOURCE_ROW).max().alias("last"),
                len().alias("n"),
            ],
        ))
        .filter(col("n").gt(lit(1)))
        .select(super::sources::with_source(
            tasks,
            vec![col("first"), col("last"), col("n")],
        ))
        .sort(["first"], SortMultipleOptions::default())
        .collect()
}

/// `aggs`, and the group's sheet when the rows name theirs (their file is a key column).
fn with_sheet(tasks: &DataFrame, mut aggs: Vec<Expr>) -> Vec<Expr> {
    if tasks.column(col::SOURCE_SHEET).is_ok() {
        aggs.push(col(col::SOURCE_SHEET).first().alias(col::SOURCE_SHEET));
    }
    aggs
}

/// One finding per group of identical rows (the first 20, then how many in all), saying
/// whether they are counted once (`drop`).
pub(super) fn findings(dups: &DataFrame, drop: bool, here: &Location) -> PolarsResult<Vec<Finding>> {
    let mut findings = Vec::new();
    if dups.height() == 0 {
        return Ok(findings);
    }
    let rows = Rows::new(dups)?;
    let total: u32 = (0..dups.height()).filter_map(|i| rows.u32("n", i)).sum();
    for i in 0..dups.height().min(20) {
        let (first, last, n) = (
            rows.u32("first", i).unwrap_or(0),
            rows.u32("last", i).unwrap_or(0),
            rows.u32("n", i).unwrap_or(0),
        );
        let (zh_what, en_what) = if drop {
            ("只计一次", "counted once")
        } else {
            ("均已计入", "all counted")
        };
        // In a folder of returns, the group's own file (rows of one unit come from one file).
        let at = super::sources::file_of(&rows, i).unwrap_or_else(|| here.clone());
        findings.push(Finding::warning(
            "duplicate_row",
            at.with_row(last),
            format!("与第 {first} 行完全相同（共 {n} 行重复），{zh_what}。"),
            format!("Identical to row {first} ({n} identical rows), {en_what}."),
        ));
    }
    if dups.height() > 20 {
        findings.push(Finding::warning(
            "duplicate_row",
            here.clone(),
            format!("共有 {} 组完全相同的行（{total} 行）。", dups.height()),
            format!("{} groups of identical rows in all ({total} rows).", dups.height()),
        ));
    }
    Ok(findings)
}

/// Column internal to this step: a row's place among the survey's rows.
const PLACE: &str = "row_place";

/// The places of the rows to count, first of each group of identical rows, in order; `None`
/// when every row counts. Without duplicates there is nothing to drop (and no second pass over
/// every row). Which rows count reads no hours, so no calendar.
pub(super) fn kept(tasks: &DataFrame, dups: &DataFrame, drop: bool) -> PolarsResult<Option<IdxCa>> {
    if !(drop && dups.height() > 0) {
        return Ok(None);
    }
    let kept = tasks
        .clone()
        .lazy()
        .with_row_index(PLACE, None)
        .unique_stable_generic(Some(dup_key(tasks)), UniqueKeepStrategy::First)
        .select([col(PLACE)])
        .collect()?;
    Ok(Some(kept.column(PLACE)?.idx()?.clone()))
}

/// The workload per unit and year as filed, every row counted: where duplicates were dropped,
/// what cleaning took out shows as the difference.
pub(super) fn as_filed(tasks: &DataFrame) -> PolarsResult<DataFrame> {
    tasks
        .clone()
        .lazy()
        .group_by_stable([col(col::UNIT), col(col::YEAR)])
        .agg([known_sum(HOURS).alias(col::WORKLOAD_REPORTED)])
        .collect()
}

/// The rows whose key columns hash alike: every exact duplicate, and rarely a row that only
/// collides. Hashing takes a fraction of grouping a million rows by eight columns, and a
/// survey without duplicates then groups nothing.
fn duplicate_candidates(tasks: &DataFrame) -> PolarsResult<DataFrame> {
    const ROW_HASH: &str = "dup_candidate_hash";
    let hashes = candidate_hashes(tasks)?.with_name(ROW_HASH.into());
    let repeated = DataFrame::new(hashes.len(), vec![hashes.clone()])?
        .lazy()
        .group_by([col(ROW_HASH)])
        .agg([len().alias("n")])
        .filter(col("n").gt(lit(1)))
        .select([col(ROW_HASH)])
        .collect()?;
    if repeated.height() == 0 {
        return Ok(tasks.clear());
    }
    let mut hashed = tasks.clone();
    hashed.with_column(hashes)?;
    let repeated = repeated.column(ROW_HASH)?.as_materialized_series().clone();
    hashed
        .lazy()
        .filter(col(ROW_HASH).is_in(lit(repeated).implode(false), false))
        .drop(by_name([ROW_HASH], true, false))
        .collect()
}

/// A hash of each row that rows equal in every key column share. The reader's hash of each
/// row as filed is itself a key column (see [`dup_columns`]): where it is there, it is taken
/// alone, and the other key columns are compared only where it repeats. Otherwise the key
/// columns are hashed one by one.
fn candidate_hashes(tasks: &DataFrame) -> PolarsResult<Column> {
    if let Ok(filed) = tasks.column(col::ROW_HASH)
        && filed.dtype() == &DataType::UInt64
        && filed.null_count() == 0
    {
        return Ok(filed.clone());
    }
    let state = PlSeedableRandomStateQuality::fixed();
    let mut hashes: Vec<u64> = Vec::new();
    for (i, name) in dup_columns(tasks).iter().enumerate() {
        let column = tasks.column(name)?.as_materialized_series();
        let physical = column.to_physical_repr();
        macro_rules! hash {
            ($ca:expr) => {
                if i == 0 {
                    $ca.vec_hash(state.clone(), &mut hashes)?
                } else {
                    $ca.vec_hash_combine(state.clone(), &mut hashes)?
                }
            };
        }
        match physical.dtype() {
            DataType::String => hash!(physical.str()?),
            DataType::Float64 => hash!(physical.f64()?),
            DataType::Int32 => hash!(physical.i32()?),
            DataType::Int64 => hash!(physical.i64()?),
            DataType::UInt32 => hash!(physical.u32()?),
            DataType::UInt64 => hash!(physical.u64()?),
            _ => hash!(physical.cast(&DataType::String)?.str()?),
        }
    }
    Ok(Column::new(PlSmallStr::EMPTY, hashes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duplicate_candidates_are_the_rows_equal_in_every_key_column() {
        let tasks = df!(
            col::UNIT => ["财政局", "财政局", "财政局", "财政局", "税务局"],
            col::PERSON => [None, None, None, Some("张三"), None],
            col::TASK => ["审核", "审核", "审核", "审核", "审核"],
            col::PERIOD => ["week", "week", "week", "week", "week"],
            col::FREQUENCY => [Some(2.0), Some(2.0), Some(2.0), Some(2.0), Some(2.0)],
            col::HOURS_EACH => [1.5, 1.0, 1.5, 1.5, 1.5],
            col::ANNUAL_HOURS => [None::<f64>, None, None, None, None],
            col::YEAR => [2025i32, 2025, 2025, 2025, 2025],
            col::SOURCE_ROW => [3u32, 4, 5, 6, 7],
        )
        .unwrap();
        let found = duplicate_candidates(&tasks).unwrap();
        let rows: Vec<Option<u32>> = found.column(col::SOURCE_ROW).unwrap().u32().unwrap().iter().collect();
        assert_eq!(rows, [Some(3), Some(5)]);
        assert_eq!(found.width(), tasks.width());
    }

    /// With the hash of each row as filed, only rows equal in it and in every key column are
    /// one group: a hash shared by rows whose columns differ groups nothing.
    #[test]
    fn groups_need_the_filed_hash_and_every_key_column() {
        let tasks = df!(
            col::UNIT => ["财政局", "财政局", "财政局", "财政局", "税务局"],
            col::PERSON => [Some("张三"), Some("张三"), Some("张三"), Some("张三"), Some("张三")],
            col::TASK => ["审核", "审核", "审核", "审核", "审核"],
            col::PERIOD => ["week", "week", "week", "week", "week"],
            col::FREQUENCY => [2.0, 2.0, 2.0, 2.0, 2.0],
            col::HOURS_EACH => [1.5, 1.5, 1.5, 1.5, 1.5],
            col::ANNUAL_HOURS => [None::<f64>, None, None, None, None],
            col::YEAR => [2025i32, 2025, 2025, 2025, 2025],
            col::SOURCE_ROW => [3u32, 4, 5, 6, 7],
            // Rows 3 and 5 alike as filed; row 4 differs in an unmapped column; row 7 shares
            // row 3's hash (a collision) but not its unit.
            col::ROW_HASH => [11u64, 12, 11, 13, 11],
        )
        .unwrap();
        let found = groups(&tasks).unwrap();
        let column = |c: &str| -> Vec<u32> {
            let c = found.column(c).unwrap().cast(&DataType::UInt32).unwrap();
            c.u32().unwrap().iter().map(|v| v.unwrap()).collect()
        };
        assert_eq!(
            (column("first"), column("last"), column("n")),
            (vec![3], vec![5], vec![2])
        );
        // The same groups when every key column is hashed (a hash that is not the reader's).
        let mut hashed_apart = tasks.clone();
        let as_i64 = tasks.column(col::ROW_HASH).unwrap().cast(&DataType::Int64).unwrap();
        hashed_apart.with_column(as_i64).unwrap();
        assert!(groups(&hashed_apart).unwrap().equals_missing(&found));
    }
}
