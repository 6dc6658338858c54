//! Per unit and year: the staffing side summed over the unit's quota types, joined to the
//! survey's workload for its required staff, and the figures read back from its types.

use super::indicators::{known_count, pos, ratios, required_of};
use super::small::SmallLazy;
use crate::model::{Params, col};
use polars::prelude::*;

/// Each unit's staffing summed over its quota types, one row per unit and year.
fn staffing_per_year(staff: &DataFrame) -> LazyFrame {
    let first = |c: &str| col(c).drop_nulls().first().alias(c);
    staff
        .clone()
        .small_lazy()
        .group_by_stable([col(col::UNIT), col(col::YEAR)])
        .agg([
            first(col::DEPARTMENT),
            first(col::CATEGORY),
            first(col::PERFORMANCE),
            col(col::KEY_AREA).any(true).alias(col::KEY_AREA),
            col(col::FRONT_LINE).any(true).alias(col::FRONT_LINE),
            col(col::APPROVED).sum().alias(col::APPROVED),
            col(col::ACTUAL).sum().alias(col::ACTUAL),
            col(col::LEADER_POSTS).sum().alias(col::LEADER_POSTS),
            col(col::LEADERS_ACTUAL).sum().alias(col::LEADERS_ACTUAL),
            // A unit's count is known only when every one of its quota types gives it.
            col(col::APPROVED).is_not_null().all(true).alias("has_approved"),
            col(col::ACTUAL).is_not_null().all(true).alias("has_actual"),
            col(col::LEADER_POSTS).is_not_null().any(true).alias("has_leader_posts"),
            col(col::LEADERS_ACTUAL)
                .is_not_null()
                .any(true)
                .alias("has_leaders_actual"),
            len().alias("types"),
        ])
}

/// The survey's per-unit columns with no rows, for an analysis without a survey.
fn no_workload() -> PolarsResult<DataFrame> {
    df!(
        col::UNIT => Vec::<String>::new(),
        col::YEAR => Vec::<i32>::new(),
        col::WORKLOAD_REPORTED => Vec::<f64>::new(),
        col::WORKLOAD => Vec::<f64>::new(),
        col::TASKS => Vec::<i64>::new(),
        col::PEOPLE_SURVEYED => Vec::<i64>::new(),
        col::SPREAD_CV => Vec::<f64>::new(),
        col::SPREAD_GINI => Vec::<f64>::new(),
        col::SHARE_UNDERLOADED => Vec::<f64>::new(),
        col::HAS_SURVEY => Vec::<bool>::new(),
    )
}

/// Every unit and year of the staffing table with its workload (`work_units`, the survey's
/// per-unit rows) and the staff that workload requires; no survey leaves the workload empty.
pub(super) fn with_workload(
    staff: &DataFrame,
    work_units: Option<&DataFrame>,
    params: &Params,
) -> PolarsResult<DataFrame> {
    let work_units = match work_units {
        Some(u) => u.clone(),
        None => no_workload()?,
    };
    let key = [col(col::UNIT), col(col::YEAR)];
    staffing_per_year(staff)
        .join(work_units.lazy(), key.clone(), key, JoinArgs::new(JoinType::Left))
        .with_columns([
            // In the survey, even when a task's time is unknown (and so its workload), whichever
            // method fed the workload.
            col(col::HAS_SURVEY).fill_null(lit(false)),
            required_of(col::WORKLOAD, params).alias(col::REQUIRED),
            required_of(col::WORKLOAD_REPORTED, params).alias(col::REQUIRED_REPORTED),
            // A count no row gave is unknown, not zero (a sum of nothing would read 0).
            known_count(col("has_approved"), col(col::APPROVED)).alias(col::APPROVED),
            known_count(col("has_actual"), col(col::ACTUAL)).alias(col::ACTUAL),
            known_count(col("has_leader_posts"), col(col::LEADER_POSTS)).alias(col::LEADER_POSTS),
            known_count(col("has_leaders_actual"), col(col::LEADERS_ACTUAL)).alias(col::LEADERS_ACTUAL),
            col(col::TASKS).fill_null(lit(0i64)),
            col(col::PEOPLE_SURVEYED).fill_null(lit(0i64)),
        ])
        .collect()
}

/// Column internal to the units per year: the staff over quota in the unit's types whose
/// counts are known. No type is over by less than nothing, so a unit is over its quota by at
/// least this many when another type is unknown; its red line reads it, its figure does not.
pub(super) const OVER_QUOTA_IN_KNOWN_TYPES: &str = "over_quota_in_known_types";

/// The counts that do not net across quota types, per unit: the sums of its types' figures.
fn per_type_sums(unit_types_all: &DataFrame, required_too: bool) -> LazyFrame {
    let mut summed = vec![col::VACANCY, col::OVER_QUOTA, col::RECOVERABLE];
    if required_too {
        summed.extend([col::REQUIRED, col::REQUIRED_REPORTED]);
    }
    let mut sums: Vec<Expr> = summed
        .into_iter()
        .map(|c| {
            // Unknown in any type leaves the unit's figure unknown (a sum of the known types
            // would read as the whole).
            when(col(c).is_not_null().all(true))
                .then(col(c).sum())
                .otherwise(lit(NULL))
                .alias(c)
        })
        .collect();
    sums.push(col(col::OVER_QUOTA).sum().alias(OVER_QUOTA_IN_KNOWN_TYPES));
    unit_types_all
        .clone()
        .small_lazy()
        .group_by([col(col::UNIT), col(col::YEAR)])
        .agg(sums)
}

/// The unit's own indicators: vacancy, over-quota and recoverable quotas summed over its
/// types (`unit_types_all`) — and required staff too when a staff category has its own
/// calendar or allowances — the rest from the unit's totals.
pub(super) fn with_indicators(
    units_all: DataFrame,
    unit_types_all: &DataFrame,
    params: &Params,
) -> PolarsResult<DataFrame> {
    let key = [col(col::UNIT), col(col::YEAR)];
    // With a staff category's own calendar or allowances, the unit needs what its types need.
    let own = !params.by_quota_type.is_empty();
    let units_all = if own {
        units_all.drop_many([col::REQUIRED, col::REQUIRED_REPORTED])
    } else {
        units_all
    };
    units_all
        .small_lazy()
        .join(
            per_type_sums(unit_types_all, own),
            key.clone(),
            key,
            JoinArgs::new(JoinType::Left),
        )
        .with_columns([
            // Staff whose workload is known: the denominator of saturation.
            known_count(col(col::REQUIRED).is_not_null(), col(col::ACTUAL)).alias(col::ACTUAL_SURVEYED),
            known_count(
                col("has_leader_posts").and(col("has_leaders_actual")),
                pos(col(col::LEADERS_ACTUAL) - col(col::LEADER_POSTS)),
            )
            .alias(col::OVER_LEADERS),
            pos(col(col::ACTUAL).cast(DataType::Float64) - col(col::REQUIRED)).alias(col::IDLE),
            pos(col(col::REQUIRED) - col(col::ACTUAL).cast(DataType::Float64)).alias(col::SHORTAGE),
            known_count(col(col::REQUIRED).is_not_null(), col(col::RECOVERABLE)).alias(col::RECOVERABLE),
        ])
        .with_columns(ratios())
        .collect()
}
