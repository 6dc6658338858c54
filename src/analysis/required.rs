//! Per unit × quota type: a unit has one workload, so its required staff is shared across its
//! quota types (by the roster when it ties every surveyed hour to a type, else by staff in
//! post, by approved quota, or evenly), and each type's indicators follow from its share.

use super::indicators::{known_count, pos, ratios, required_of};
use super::small::SmallLazy;
use crate::model::{Basis, Factors, Params, col};
use polars::prelude::*;

/// What ties a unit's workload to its quota types: the roster (each surveyed person's type),
/// or the standards (each activity's staff category), as (unit, year, person_type, type_work,
/// type_work_reported).
pub(super) enum Ties<'a> {
    /// The survey's workload per unit and the quota type of whoever filed it, from the
    /// roster; none without a per-person survey.
    Roster(Option<&'a DataFrame>),
    Standards(&'a DataFrame),
}

/// Staffing rows (one per unit × quota type × year) with their share of the unit's required
/// staff and the indicators that follow (the band apart), `ties` sharing it by the work of
/// each type.
pub(super) fn unit_types(
    staff: &DataFrame,
    units_all: &DataFrame,
    ties: Ties,
    params: &Params,
) -> PolarsResult<DataFrame> {
    let key = [col(col::UNIT), col(col::YEAR)];
    let (by_roster, tied_basis) = match ties {
        Ties::Roster(Some(tied)) => (tied.clone().lazy(), Basis::ByRoster),
        Ties::Roster(None) => (no_ties()?, Basis::ByRoster),
        Ties::Standards(by_staff) => (by_staff.clone().lazy(), Basis::ByStandards),
    };
    let joined = staff
        .clone()
        .small_lazy()
        .join(unit_totals(units_all), key.clone(), key, JoinArgs::new(JoinType::Left))
        .join(
            by_roster,
            [col(col::UNIT), col(col::YEAR), col(col::QUOTA_TYPE)],
            [col(col::UNIT), col(col::YEAR), col("person_type")],
            JoinArgs::new(JoinType::Left),
        );
    tied(joined)?
        .with_columns(shared_required(params, tied_basis))
        .with_columns([known_count(col(col::REQUIRED).is_not_null(), col(col::ACTUAL)).alias(col::ACTUAL_SURVEYED)])
        .with_columns(type_counts()?)
        .with_columns(ratios())
        .collect()
}

/// The unit's figures each of its quota-type rows needs, under names of their own.
fn unit_totals(units_all: &DataFrame) -> LazyFrame {
    units_all.clone().small_lazy().select([
        col(col::UNIT),
        col(col::YEAR),
        col(col::ACTUAL).alias("unit_actual"),
        col(col::APPROVED).alias("unit_approved"),
        col("types"),
        col(col::REQUIRED).alias("unit_required"),
        col(col::REQUIRED_REPORTED).alias("unit_required_reported"),
        col(col::KEY_AREA).alias("unit_key_area"),
        col(col::FRONT_LINE).alias("unit_front_line"),
        col(col::DEPARTMENT).alias("unit_department"),
        col(col::WORKLOAD).alias("unit_work"),
        col(col::WORKLOAD_REPORTED).alias("unit_work_reported"),
    ])
}

/// A `tied` column: the roster (or the standards' staff categories) ties the whole workload to
/// quota types only when every hour belongs to a type this unit holds.
fn tied(joined: LazyFrame) -> PolarsResult<LazyFrame> {
    let unit = [col(col::UNIT), col(col::YEAR)];
    Ok(joined
        .with_columns([
            col("type_work")
                .fill_null(lit(0.0))
                .sum()
                .over(unit.clone())?
                .alias("tied_work"),
            // A type whose work is given but unknown (an activity's volume missing) ties nothing.
            col("type_known")
                .eq(lit(false))
                .any(true)
                .over(unit)?
                .alias("type_unknown"),
        ])
        .with_columns([col("unit_work")
            .gt(lit(0.0))
            .and(((col("tied_work") - col("unit_work")).abs()).lt_eq(lit(1e-9) * col("unit_work")))
            .and(col("type_unknown").not())
            .fill_null(lit(false))
            .alias("tied")]))
}

/// A type's part of its unit's required staff, where the roster does not tie it: by staff in
/// post, else by approved quota, else evenly.
fn share() -> Expr {
    when(col("types").eq(lit(1)))
        .then(lit(1.0))
        .when(col("unit_actual").gt(lit(0)))
        .then(col(col::ACTUAL).cast(DataType::Float64) / col("unit_actual").cast(DataType::Float64))
        .when(col("unit_approved").gt(lit(0)))
        .then(col(col::APPROVED).cast(DataType::Float64) / col("unit_approved").cast(DataType::Float64))
        .otherwise(lit(1.0) / col("types").cast(DataType::Float64))
}

/// Which way `share` went, for `required_basis`.
fn basis() -> Expr {
    when(col("unit_required").is_null())
        .then(lit(Basis::NoSurvey.code()))
        .when(col("types").eq(lit(1)))
        .then(lit(Basis::SingleType.code()))
        .when(col("unit_actual").gt(lit(0)))
        .then(lit(Basis::ByStaff.code()))
        .when(col("unit_approved").gt(lit(0)))
        .then(lit(Basis::ByQuota.code()))
        .otherwise(lit(Basis::Evenly.code()))
}

/// Each type's required staff and its basis: from the type's own workload where the roster
/// ties it (the fixed allowance shared by workload), else its share of the unit's; and the
/// unit's tags on every type. A staff category with its own calendar or allowances
/// (`Params::by_quota_type`) takes its share of the unit's workload at its own H, CAF and IAF.
fn shared_required(params: &Params, tied_basis: Basis) -> [Expr; 6] {
    let own = !params.by_quota_type.is_empty();
    let (h, caf) = (per_type(params, |f| f.hours), per_type(params, |f| f.caf));
    // The district's individual allowance is the unit's, shared among its types; a category's
    // own is its staff's, whole, where the category has a part of the work.
    let iaf_of = |portion: Expr| {
        when(own_allowances(params))
            .then(
                when(portion.clone().gt(lit(0.0)))
                    .then(per_type(params, |f| f.iaf))
                    .otherwise(lit(0.0)),
            )
            .otherwise(lit(params.iaf()) * portion)
    };
    let tied = |work: &str, unit_work: &str| {
        if own {
            col(work) / h.clone() * caf.clone() + iaf_of(col(work) / col(unit_work))
        } else {
            // As before any category had parameters of its own, to the last digit.
            let iaf = lit(params.iaf());
            required_of(work, params) - iaf.clone() + iaf * col(work) / col(unit_work)
        }
    };
    let shared = |unit_required: &str, unit_work: &str| {
        if own {
            share() * col(unit_work) / h.clone() * caf.clone() + iaf_of(share())
        } else {
            col(unit_required) * share()
        }
    };
    [
        when(col("tied"))
            .then(tied("type_work", "unit_work"))
            .otherwise(shared("unit_required", "unit_work"))
            .alias(col::REQUIRED),
        when(col("tied"))
            .then(tied("type_work_reported", "unit_work_reported"))
            .otherwise(shared("unit_required_reported", "unit_work_reported"))
            .alias(col::REQUIRED_REPORTED),
        when(col("tied"))
            .then(lit(tied_basis.code()))
            .otherwise(basis())
            .alias(col::REQUIRED_BASIS),
        col("unit_key_area").alias(col::KEY_AREA),
        col("unit_front_line").alias(col::FRONT_LINE),
        col("unit_department").alias(col::DEPARTMENT),
    ]
}

/// Whether the row's quota type has allowances of its own.
fn own_allowances(params: &Params) -> Expr {
    params
        .by_quota_type
        .iter()
        .filter(|(_, t)| t.allowances.is_some())
        .fold(lit(false), |any, (q, _)| {
            any.or(col(col::QUOTA_TYPE).eq(lit(q.clone())))
        })
}

/// One of a staff category's factors: its own for the quota types the parameters name, else
/// the district's.
fn per_type(params: &Params, pick: impl Fn(Factors) -> f64) -> Expr {
    let district = lit(pick(params.factors(None)));
    params.by_quota_type.keys().fold(district, |rest, q| {
        when(col(col::QUOTA_TYPE).eq(lit(q.clone())))
            .then(lit(pick(params.factors(Some(q)))))
            .otherwise(rest)
    })
}

/// Vacancy, over-quota, idle, shortage and recoverable quotas of one quota type.
fn type_counts() -> PolarsResult<[Expr; 5]> {
    Ok([
        pos(col(col::APPROVED) - col(col::ACTUAL)).alias(col::VACANCY),
        pos(col(col::ACTUAL) - col(col::APPROVED)).alias(col::OVER_QUOTA),
        pos(col(col::ACTUAL).cast(DataType::Float64) - col(col::REQUIRED)).alias(col::IDLE),
        pos(col(col::REQUIRED) - col(col::ACTUAL).cast(DataType::Float64)).alias(col::SHORTAGE),
        // Only unoccupied quotas can be recovered, and only those the workload does not justify.
        // Unknown staff in post: which quotas are unoccupied is unknown too.
        known_count(
            col(col::ACTUAL).is_not_null(),
            pos(col(col::APPROVED).cast(DataType::Float64)
                - polars::lazy::dsl::max_horizontal([col(col::ACTUAL).cast(DataType::Float64), col(col::REQUIRED)])?)
            .floor()
            .cast(DataType::Int64),
        )
        .alias(col::RECOVERABLE),
    ])
}

/// No ties: a unit's required staff is shared by staff, quota or evenly.
fn no_ties() -> PolarsResult<LazyFrame> {
    df!(
        col::UNIT => Vec::<String>::new(),
        col::YEAR => Vec::<i32>::new(),
        "person_type" => Vec::<String>::new(),
        "type_work" => Vec::<f64>::new(),
        "type_work_reported" => Vec::<f64>::new(),
        "type_known" => Vec::<bool>::new(),
    )
    .map(IntoLazy::lazy)
}
