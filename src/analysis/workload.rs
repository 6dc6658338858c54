//! Workload from the survey: each task's annual hours, the survey-quality rules, per-person
//! totals and spread, and each unit's workload as reported and as adjusted.

use super::rows::Rows;
use crate::findings::{Finding, Location};
use crate::model::{Params, Period, col};
use polars::prelude::*;

/// Column names internal to this step.
const HOURS: &str = "hours";
const HOURS_ADJUSTED: &str = "hours_adjusted";
pub const PERSON_HOURS_REPORTED: &str = "person_hours_reported";
pub const PERSON_HOURS: &str = "person_hours";

pub struct Workload {
    /// Survey rows with `annual_hours` filled in (reported) and `workload` (adjusted).
    pub tasks: DataFrame,
    /// One row per (unit, person, year): hours reported and adjusted, saturation, over-hours.
    pub people: DataFrame,
    /// One row per (unit, year): workload reported and adjusted, tasks, people and spread.
    pub units: DataFrame,
    pub findings: Vec<Finding>,
}

/// Occurrences per year of the task's period, through the working calendar.
fn per_year(params: &Params) -> Expr {
    let cal = &params.calendar;
    Period::ALL
        .iter()
        .rev()
        .fold(lit(NULL).cast(DataType::Float64), |rest, p| {
            when(col(col::PERIOD).eq(lit(p.code())))
                .then(lit(cal.per_year(*p)))
                .otherwise(rest)
        })
}

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
    c
}

fn dup_key(tasks: &DataFrame) -> Vec<Expr> {
    dup_columns(tasks).into_iter().map(col).collect()
}

/// The rows whose key columns hash alike: every exact duplicate, and rarely a row that only
/// collides. Hashing column by column takes a fraction of grouping a million rows by eight
/// columns, and a survey without duplicates then groups nothing.
fn duplicate_candidates(tasks: &DataFrame) -> PolarsResult<DataFrame> {
    const ROW_HASH: &str = "dup_candidate_hash";
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
    let hashes = Column::new(ROW_HASH.into(), hashes);
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

pub fn workload(survey: &DataFrame, params: &Params, file: &str) -> PolarsResult<Workload> {
    let h = params.calendar.available_hours();
    let rules = &params.survey;
    let mut findings = Vec::new();

    // A task's annual hours: given directly, or frequency × hours each × occurrences per year.
    let computed = col(col::FREQUENCY) * col(col::HOURS_EACH) * per_year(params);
    let tasks = survey
        .clone()
        .lazy()
        .with_columns([coalesce(&[col(col::ANNUAL_HOURS), computed, lit(0.0)]).alias(HOURS)])
        .collect()?;

    // Exact duplicate rows: reported, and counted once unless the user says otherwise. The
    // columns themselves are the key (a joined text key would format a million floats), and
    // only rows whose hashes over those columns collide are grouped.
    let key = dup_key(&tasks);
    let dups = duplicate_candidates(&tasks)?
        .lazy()
        .group_by(key.clone())
        .agg([
            col(col::SOURCE_ROW).min().alias("first"),
            col(col::SOURCE_ROW).max().alias("last"),
            len().alias("n"),
        ])
        .filter(col("n").gt(lit(1)))
        .select([col("first"), col("last"), col("n")])
        .sort(["first"], SortMultipleOptions::default())
        .collect()?;
    let here = Location::file(file);
    if dups.height() > 0 {
        let rows = Rows::new(&dups)?;
        let total: u32 = (0..dups.height()).filter_map(|i| rows.u32("n", i)).sum();
        for i in 0..dups.height().min(20) {
            let (first, last, n) = (
                rows.u32("first", i).unwrap_or(0),
                rows.u32("last", i).unwrap_or(0),
                rows.u32("n", i).unwrap_or(0),
            );
            let (zh_what, en_what) = if rules.drop_duplicates {
                ("只计一次", "counted once")
            } else {
                ("均已计入", "all counted")
            };
            findings.push(Finding::warning(
                "duplicate_row",
                here.clone().with_row(last),
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
    }
    // Without duplicates there is nothing to drop (and no second pass over every row). As
    // reported is the sum of every row filed: what cleaning took out shows as the difference.
    let (tasks, filed) = if rules.drop_duplicates && dups.height() > 0 {
        let filed = tasks
            .clone()
            .lazy()
            .group_by_stable([col(col::UNIT), col(col::YEAR)])
            .agg([col(HOURS).sum().alias(col::WORKLOAD_REPORTED)])
            .collect()?;
        let kept = tasks
            .lazy()
            .unique_stable_generic(Some(key), UniqueKeepStrategy::First)
            .collect()?;
        (kept, Some(filed))
    } else {
        (tasks, None)
    };

    // Implausible tasks: one occurrence longer than the limit, a daily task longer than a day,
    // or one person's single task needing more than a full person-year.
    let implausible = tasks
        .clone()
        .lazy()
        .filter(
            col(col::HOURS_EACH)
                .gt(lit(rules.max_hours_each))
                .or(col(col::PERIOD)
                    .eq(lit(Period::Day.code()))
                    .and((col(col::FREQUENCY) * col(col::HOURS_EACH)).gt(lit(24.0))))
                .or(col(col::PERSON).is_not_null().and(col(HOURS).gt(lit(h)))),
        )
        .select([col(col::SOURCE_ROW), col(col::TASK), col(HOURS), col(col::HOURS_EACH)])
        .collect()?;
    {
        let rows = Rows::new(&implausible)?;
        for i in 0..implausible.height().min(20) {
            let task = rows.str(col::TASK, i).unwrap_or("").to_owned();
            let hours = rows.f64(HOURS, i).unwrap_or(0.0);
            findings.push(Finding::warning(
                "implausible_task",
                here.clone().with_row(rows.u32(col::SOURCE_ROW, i).unwrap_or(0)),
                format!("工作事项“{task}”的用时不合常理（全年 {hours:.0} 小时）：请核实。"),
                format!("The hours of task '{task}' are implausible ({hours:.0} h a year): please check."),
            ));
        }
        if implausible.height() > 20 {
            findings.push(Finding::warning(
                "implausible_task",
                here.clone(),
                format!("共有 {} 个工作事项用时不合常理。", implausible.height()),
                format!("{} tasks in all have implausible hours.", implausible.height()),
            ));
        }
    }

    // People: each surveyed person is one full-time post's worth of available time.
    let limit = rules.person_max_multiple * h;
    let calibrated = col(PERSON_HOURS_REPORTED) * lit(rules.calibration_factor);
    let adjusted = if rules.cap_person_hours {
        when(calibrated.clone().gt(lit(limit)))
            .then(lit(limit))
            .otherwise(calibrated)
    } else {
        calibrated
    };
    let people = tasks
        .clone()
        .lazy()
        .filter(col(col::PERSON).is_not_null())
        .group_by_stable([col(col::UNIT), col(col::PERSON), col(col::YEAR)])
        .agg([
            col(HOURS).sum().alias(PERSON_HOURS_REPORTED),
            len().cast(DataType::Int64).alias(col::TASKS),
            col(col::SOURCE_ROW).min().alias(col::SOURCE_ROW),
        ])
        .with_columns([adjusted.alias(PERSON_HOURS)])
        .with_columns([
            (col(PERSON_HOURS) / lit(h)).alias(col::PERSON_SATURATION),
            col(PERSON_HOURS_REPORTED).gt(lit(limit)).alias(col::OVER_HOURS),
        ])
        .collect()?;
    {
        let over = people.clone().lazy().filter(col(col::OVER_HOURS)).collect()?;
        let rows = Rows::new(&over)?;
        for i in 0..over.height().min(20) {
            let who = rows.str(col::PERSON, i).unwrap_or("");
            let unit = rows.str(col::UNIT, i).unwrap_or("");
            let hours = rows.f64(PERSON_HOURS_REPORTED, i).unwrap_or(0.0);
            findings.push(Finding::warning(
                "over_hours",
                here.clone().with_row(rows.u32(col::SOURCE_ROW, i).unwrap_or(0)),
                format!(
                    "{unit} {who} 填报全年 {hours:.0} 小时，超过标准工时 {h:.0} 小时的 {:.1} 倍，可能偏高。",
                    rules.person_max_multiple
                ),
                format!(
                    "{unit} {who} reports {hours:.0} h a year, over {:.1} × the available {h:.0} h: probably high.",
                    rules.person_max_multiple
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
    }

    // Each task's adjusted hours: calibrated, and scaled down by its person's cap. Only capped
    // people change a task's share, so only they are joined to the tasks (usually no one).
    const CAP_FACTOR: &str = "cap_factor";
    let cal = rules.calibration_factor;
    let capped = if rules.cap_person_hours {
        people
            .clone()
            .lazy()
            .filter((col(PERSON_HOURS_REPORTED) * lit(cal)).gt(lit(limit)))
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
    let tasks = tasks
        .with_columns([(col(HOURS) * lit(cal) * col(CAP_FACTOR).fill_null(lit(1.0))).alias(HOURS_ADJUSTED)])
        .select([
            col(col::UNIT),
            col(col::DEPARTMENT),
            col(col::PERSON),
            col(col::TASK),
            col(col::PERIOD),
            col(col::FREQUENCY),
            col(col::HOURS_EACH),
            col(HOURS).alias(col::ANNUAL_HOURS),
            col(HOURS_ADJUSTED).alias(col::WORKLOAD),
            col(col::YEAR),
            col(col::SOURCE_ROW),
        ])
        .collect()?;

    // Spread of per-person saturation inside each unit (two people or more).
    let s = col(col::PERSON_SATURATION);
    let n = len().cast(DataType::Float64);
    let sorted = s.clone().sort(SortOptions::default());
    // Rank 1..n of each value in ascending order (ties do not change the Gini).
    let rank = sorted.clone().cum_count(false).cast(DataType::Float64);
    let gini_num = ((lit(2.0) * rank - n.clone() - lit(1.0)) * sorted).sum();
    let spread = people
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
        ]);
    let units = tasks
        .clone()
        .lazy()
        .group_by_stable([col(col::UNIT), col(col::YEAR)])
        .agg([
            col(col::ANNUAL_HOURS).sum().alias(col::WORKLOAD_REPORTED),
            col(col::WORKLOAD).sum().alias(col::WORKLOAD),
            len().cast(DataType::Int64).alias(col::TASKS),
        ])
        .join(
            spread,
            [col(col::UNIT), col(col::YEAR)],
            [col(col::UNIT), col(col::YEAR)],
            JoinArgs {
                nulls_equal: true,
                ..JoinArgs::new(JoinType::Left)
            },
        )
        .with_columns([col(col::PEOPLE_SURVEYED).fill_null(lit(0i64))])
        .collect()?;
    let units = match filed {
        Some(filed) => units
            .lazy()
            .drop(by_name([col::WORKLOAD_REPORTED], true, false))
            .join(
                filed.lazy(),
                [col(col::UNIT), col(col::YEAR)],
                [col(col::UNIT), col(col::YEAR)],
                JoinArgs {
                    nulls_equal: true,
                    ..JoinArgs::new(JoinType::Left)
                },
            )
            .collect()?,
        None => units,
    };

    Ok(Workload {
        tasks,
        people,
        units,
        findings,
    })
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
}
