//! Roll-ups: units summed into departments and the district, and the summary of the figures a
//! director asks for first.

use super::indicators::{band_expr, ratio};
use super::small::SmallLazy;
use super::{NO_YEAR, Rows};
use crate::model::{Band, Params, col};
use polars::prelude::*;

/// The figures that add up across units.
const SUMS: [&str; 16] = [
    col::APPROVED,
    col::ACTUAL,
    col::VACANCY,
    col::OVER_QUOTA,
    col::LEADER_POSTS,
    col::LEADERS_ACTUAL,
    col::OVER_LEADERS,
    col::ACTUAL_SURVEYED,
    col::WORKLOAD_REPORTED,
    col::WORKLOAD,
    col::REQUIRED_REPORTED,
    col::REQUIRED,
    col::IDLE,
    col::SHORTAGE,
    col::RECOVERABLE,
    col::PEOPLE_SURVEYED,
];

/// Sums the rates divide over, kept only while rolling up.
const UNITS_SURVEYED: &str = "units_surveyed";
const REQUIRED_KNOWN: &str = "required_known";
const REQUIRED_REPORTED_KNOWN: &str = "required_reported_known";
const APPROVED_KNOWN: &str = "approved_known";
const REQUIRED_QUOTA_KNOWN: &str = "required_quota_known";
const APPROVED_SURVEYED: &str = "approved_surveyed";

/// Sum units into departments (or into one district row when `by` is None).
pub fn aggregate(units: &DataFrame, by: Option<&str>, params: &Params) -> PolarsResult<DataFrame> {
    let lf = units
        .clone()
        .small_lazy()
        .with_columns([when(col(col::REQUIRED).is_not_null())
            .then(col(col::ACTUAL))
            .otherwise(lit(0i64))
            .alias(col::ACTUAL_SURVEYED)]);
    let grouped = match by {
        Some(b) => lf
            .with_columns([col(b).fill_null(lit("（未注明）"))])
            .group_by_stable([col(b)])
            .agg(sums()),
        None => lf.select(sums()),
    };
    let mut out = grouped
        .with_columns(unknown_without_survey())
        .with_columns(rates())
        .with_columns([band_expr(params, col::SATURATION, col::REQUIRED, col::ACTUAL_SURVEYED).alias(col::BAND)]);
    if let Some(b) = by {
        out = out.sort([b], SortMultipleOptions::default());
    }
    let helpers = [
        UNITS_SURVEYED,
        REQUIRED_KNOWN,
        REQUIRED_REPORTED_KNOWN,
        APPROVED_KNOWN,
        REQUIRED_QUOTA_KNOWN,
        APPROVED_SURVEYED,
    ];
    out.drop(by_name(helpers, true, false)).collect()
}

/// The aggregations of a group: its units, the sums, and the sums rates divide over.
fn sums() -> Vec<Expr> {
    // Rates divide only over units whose counts are known: a unit with unknown staff adds
    // neither its required staff to the saturation nor its quota to the vacancy rate.
    let known = |c: &str, unless: &str, alias: &str| {
        when(col(unless).is_not_null())
            .then(col(c))
            .otherwise(lit(NULL))
            .sum()
            .alias(alias)
    };
    let mut aggs: Vec<Expr> = vec![len().cast(DataType::Int64).alias(col::UNITS)];
    // A sum of nothing known is unknown, not 0 (no approved quota given anywhere; no leader
    // columns at all).
    aggs.extend(SUMS.iter().map(|c| {
        when(col(*c).is_not_null().any(true))
            .then(col(*c).sum())
            .otherwise(lit(NULL))
            .alias(*c)
    }));
    aggs.extend([
        known(col::REQUIRED, col::ACTUAL_SURVEYED, REQUIRED_KNOWN),
        known(col::REQUIRED_REPORTED, col::ACTUAL_SURVEYED, REQUIRED_REPORTED_KNOWN),
        known(col::APPROVED, col::VACANCY, APPROVED_KNOWN),
        known(col::REQUIRED, col::APPROVED, REQUIRED_QUOTA_KNOWN),
        known(col::APPROVED, col::REQUIRED, APPROVED_SURVEYED),
    ]);
    aggs.push(col(col::HAS_SURVEY).cast(DataType::Int64).sum().alias(UNITS_SURVEYED));
    aggs
}

/// Without any surveyed unit the workload sums are unknown, not zero.
fn unknown_without_survey() -> [Expr; 7] {
    [
        col::WORKLOAD_REPORTED,
        col::WORKLOAD,
        col::REQUIRED_REPORTED,
        col::REQUIRED,
        col::IDLE,
        col::SHORTAGE,
        col::RECOVERABLE,
    ]
    .map(|c| {
        when(col(UNITS_SURVEYED).gt(lit(0)))
            .then(col(c))
            .otherwise(lit(NULL))
            .alias(c)
    })
}

/// The group's rates, over the units whose counts are known.
fn rates() -> [Expr; 4] {
    [
        ratio(col(REQUIRED_KNOWN), col(col::ACTUAL_SURVEYED)).alias(col::SATURATION),
        ratio(col(REQUIRED_REPORTED_KNOWN), col(col::ACTUAL_SURVEYED)).alias(col::SATURATION_REPORTED),
        ratio(col(REQUIRED_QUOTA_KNOWN), col(APPROVED_SURVEYED)).alias(col::QUOTA_SATURATION),
        ratio(col(col::VACANCY), col(APPROVED_KNOWN)).alias(col::VACANCY_RATE),
    ]
}

/// The figures a director asks for first, one per row.
pub(super) fn summary(units: &DataFrame, district: &DataFrame, params: &Params, year: i32) -> PolarsResult<DataFrame> {
    let rows = Rows::new(district)?;
    let mut metrics: Vec<(String, Option<f64>)> = Vec::new();
    metrics.push((col::YEAR.into(), (year != NO_YEAR).then_some(year as f64)));
    metrics.push(("available_hours".into(), Some(params.calendar.available_hours())));
    metrics.push((col::UNITS.into(), rows.f64(col::UNITS, 0)));
    let departments = units.column(col::DEPARTMENT)?.n_unique()? as f64;
    metrics.push(("departments".into(), Some(departments)));
    for c in [
        col::APPROVED,
        col::ACTUAL,
        col::VACANCY,
        col::VACANCY_RATE,
        col::OVER_QUOTA,
        col::LEADER_POSTS,
        col::LEADERS_ACTUAL,
        col::OVER_LEADERS,
        col::WORKLOAD,
        col::REQUIRED,
        col::SATURATION,
        col::SATURATION_REPORTED,
        col::QUOTA_SATURATION,
        col::IDLE,
        col::SHORTAGE,
        col::RECOVERABLE,
        col::PEOPLE_SURVEYED,
    ] {
        metrics.push((c.into(), rows.f64(c, 0)));
    }
    let bands = units
        .clone()
        .small_lazy()
        .group_by([col(col::BAND)])
        .agg([len().alias("n")])
        .collect()?;
    let band_rows = Rows::new(&bands)?;
    for band in Band::ALL {
        let n = (0..bands.height())
            .find(|&i| band_rows.str(col::BAND, i) == Some(band.code()))
            .and_then(|i| band_rows.f64("n", i))
            .unwrap_or(0.0);
        metrics.push((format!("band:{}", band.code()), Some(n)));
    }
    let flags = units.column(col::FLAGS)?.str()?;
    for flag in crate::model::Flag::ALL {
        let code = flag.code();
        let n = flags
            .iter()
            .filter(|f| f.is_some_and(|f| f.split(';').any(|x| x == code)))
            .count();
        metrics.push((format!("flag:{code}"), Some(n as f64)));
    }
    let (names, values): (Vec<String>, Vec<Option<f64>>) = metrics.into_iter().unzip();
    DataFrame::new(
        names.len(),
        vec![
            Column::new(col::METRIC.into(), names),
            Column::new(col::VALUE.into(), values),
        ],
    )
}
