//! The dynamic-management flags per unit, some read across years: over quota, over leadership,
//! long idle, shrinking work, low efficiency.

use crate::model::{Flag, Params, col};
use polars::prelude::*;

/// Units per year with their `flags` for `year` (empty text when none, and in other years).
pub(super) fn with_flags(units_all: DataFrame, params: &Params, year: i32) -> PolarsResult<DataFrame> {
    let flags_frame = flags(&units_all, params, year)?;
    let key = [col(col::UNIT), col(col::YEAR)];
    units_all
        .lazy()
        .join(flags_frame.lazy(), key.clone(), key, JoinArgs::new(JoinType::Left))
        .with_columns([col(col::FLAGS).fill_null(lit(""))])
        .collect()
}

/// Flag codes per unit and year (`;`-joined): over quota, over leadership, long idle,
/// shrinking work, low efficiency.
fn flags(units_all: &DataFrame, params: &Params, year: i32) -> PolarsResult<DataFrame> {
    let f = &params.flags;
    let code = |cond: Expr, code: &str| {
        when(cond.fill_null(lit(false)))
            .then(lit(code.to_owned()))
            .otherwise(lit(NULL).cast(DataType::String))
    };
    units_all
        .clone()
        .lazy()
        .filter(col(col::YEAR).eq(lit(year)))
        .join(
            long_idle(units_all, params, year),
            [col(col::UNIT)],
            [col(col::UNIT)],
            JoinArgs::new(JoinType::Left),
        )
        .join(
            shrinking(units_all, params, year),
            [col(col::UNIT)],
            [col(col::UNIT)],
            JoinArgs::new(JoinType::Left),
        )
        .select([
            col(col::UNIT),
            col(col::YEAR),
            concat_str(
                [
                    code(col(col::OVER_QUOTA).gt(lit(0)), Flag::OverQuota.code()),
                    code(col(col::OVER_LEADERS).gt(lit(0)), Flag::OverLeaders.code()),
                    code(col("long_idle"), Flag::LongIdle.code()),
                    code(col("shrinking_work"), Flag::ShrinkingWork.code()),
                    code(
                        col(col::PERFORMANCE)
                            .lt(lit(f.low_performance_below))
                            .and(col(col::SATURATION).lt(lit(params.bands.under_below))),
                        Flag::LowEfficiency.code(),
                    ),
                ],
                ";",
                true,
            )
            .alias(col::FLAGS),
        ])
        .collect()
}

/// `long_idle` per unit: idle (vacant quotas, or underloaded where that counts) in every one of
/// the last years up to `year`.
fn long_idle(units_all: &DataFrame, params: &Params, year: i32) -> LazyFrame {
    let f = &params.flags;
    let idle_year = col(col::VACANCY)
        .gt_eq(lit(1))
        .and(
            col(col::VACANCY_RATE)
                .fill_null(lit(0.0))
                .gt_eq(lit(f.idle_vacancy_rate)),
        )
        .or(lit(f.idle_when_underloaded)
            .and(col(col::SATURATION).lt(lit(params.bands.under_below)))
            .fill_null(lit(false)));
    let n_idle = f.long_idle_years.max(1) as i32;
    units_all
        .clone()
        .lazy()
        .filter(
            col(col::YEAR)
                .gt(lit(year - n_idle))
                .and(col(col::YEAR).lt_eq(lit(year))),
        )
        .group_by([col(col::UNIT)])
        .agg([
            idle_year.cast(DataType::Int32).sum().alias("idle_years"),
            col(col::YEAR).n_unique().alias("years"),
        ])
        .with_columns([col("idle_years")
            .eq(lit(n_idle))
            .and(col("years").eq(lit(n_idle as u32)))
            .alias("long_idle")])
        .select([col(col::UNIT), col("long_idle")])
}

/// `shrinking_work` per unit: workload falling every year over the last years up to `year`,
/// and by at least the set share in all.
fn shrinking(units_all: &DataFrame, params: &Params, year: i32) -> LazyFrame {
    let f = &params.flags;
    let n_shrink = f.shrinking_years.max(2) as i32;
    let w = col(col::WORKLOAD);
    units_all
        .clone()
        .lazy()
        .filter(
            col(col::YEAR)
                .gt(lit(year - n_shrink))
                .and(col(col::YEAR).lt_eq(lit(year)))
                .and(w.clone().is_not_null()),
        )
        .sort([col::UNIT, col::YEAR], SortMultipleOptions::default())
        .group_by([col(col::UNIT)])
        .agg([
            len().alias("years"),
            (w.clone() - w.clone().shift(lit(1))).max().alias("max_step"),
            w.clone().first().alias("w_first"),
            w.clone().last().alias("w_last"),
        ])
        .with_columns([col("years")
            .eq(lit(n_shrink as u32))
            .and(col("max_step").lt(lit(0.0)))
            .and(col("w_first").gt(lit(0.0)))
            .and(((col("w_first") - col("w_last")) / col("w_first")).gt_eq(lit(f.shrinking_min_drop)))
            .alias("shrinking_work")])
        .select([col(col::UNIT), col("shrinking_work")])
}
