//! The expressions every level of the analysis shares: required staff from workload, ratios
//! that stay empty rather than divide by zero, counts floored at zero, and the band.

use super::small::SmallLazy;
use crate::model::{Band, Params, col};
use polars::prelude::*;

/// Required staff from a workload column: hours over H, times the compilation factor, plus the
/// fixed allowance.
pub(super) fn required_of(workload: &str, params: &Params) -> Expr {
    let h = params.calendar.available_hours();
    col(workload) / lit(h) * lit(params.caf()) + lit(params.iaf())
}

/// Band codes from a saturation column, with the A = 0 rule.
pub(super) fn band_expr(params: &Params, saturation: &str, required: &str, actual: &str) -> Expr {
    let b = &params.bands;
    let s = col(saturation);
    when(s.clone().is_null())
        .then(
            when(col(required).gt(lit(0.0)).and(col(actual).eq(lit(0.0))))
                .then(lit(Band::SevereOver.code()))
                .otherwise(lit(Band::Unknown.code())),
        )
        .when(s.clone().lt(lit(b.severe_under_below)))
        .then(lit(Band::SevereUnder.code()))
        .when(s.clone().lt(lit(b.under_below)))
        .then(lit(Band::Under.code()))
        .when(s.clone().lt_eq(lit(b.balanced_up_to)))
        .then(lit(Band::Balanced.code()))
        .when(s.lt_eq(lit(b.over_up_to)))
        .then(lit(Band::Over.code()))
        .otherwise(lit(Band::SevereOver.code()))
}

/// `figures` (units or unit × quota type rows) with their band, added as the last column.
pub(super) fn with_band(figures: &DataFrame, params: &Params) -> PolarsResult<DataFrame> {
    figures
        .clone()
        .small_lazy()
        .with_columns([band_expr(params, col::SATURATION, col::REQUIRED, col::ACTUAL).alias(col::BAND)])
        .collect()
}

/// x / y, empty when y is not positive or either side is empty.
pub(super) fn ratio(x: Expr, y: Expr) -> Expr {
    when(y.clone().gt(lit(0.0)))
        .then(x.cast(DataType::Float64) / y.cast(DataType::Float64))
        .otherwise(lit(NULL).cast(DataType::Float64))
}

/// max(0, e), empty when e is empty (an unknown count stays unknown).
pub(super) fn pos(e: Expr) -> Expr {
    when(e.clone().lt(lit(0.0))).then(lit(0.0)).otherwise(e)
}

/// Saturation and the other ratios from `approved`, `actual`, `actual_surveyed`, `required`,
/// `required_reported` columns.
pub(super) fn ratios() -> [Expr; 4] {
    [
        ratio(col(col::REQUIRED), col(col::ACTUAL_SURVEYED)).alias(col::SATURATION),
        ratio(col(col::REQUIRED_REPORTED), col(col::ACTUAL_SURVEYED)).alias(col::SATURATION_REPORTED),
        ratio(col(col::REQUIRED), col(col::APPROVED)).alias(col::QUOTA_SATURATION),
        ratio(col(col::VACANCY), col(col::APPROVED)).alias(col::VACANCY_RATE),
    ]
}

/// An integer count made unknown where `known` does not hold.
/// The sum of `c`, unknown when any of its values is: a task whose time nobody gave leaves
/// its unit's (and its person's) workload unknown.
pub(super) fn known_sum(c: &str) -> Expr {
    when(col(c).is_null().any(true))
        .then(lit(NULL).cast(DataType::Float64))
        .otherwise(col(c).sum())
}

pub(super) fn known_count(known: Expr, count: Expr) -> Expr {
    when(known).then(count).otherwise(lit(NULL).cast(DataType::Int64))
}
