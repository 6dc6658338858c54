//! Indicators per unit and quota type, per unit, per department and for the whole district,
//! the red-line and dynamic-management flags, and the survey-quality rules.
//!
//! Defined answers for the edge cases (no NaN or inf ever reaches a table):
//! - no survey for a unit: workload, required staff, saturation, idle, shortage and recoverable
//!   are empty (unknown), band `unknown`; the staffing indicators still stand.
//! - nobody in post (A = 0): saturation is empty; the band is `severe_over` when there is work
//!   (R > 0) and `unknown` when there is none.
//! - no approved quota (E = 0): quota saturation and vacancy rate are empty.
//! - a count the table leaves blank (actual staff not given) is unknown, not zero: vacancy,
//!   over-quota, idle and shortage that depend on it are empty too.
//! - a unit holding several quota types has one workload: its required staff is shared across
//!   its types in proportion to the people of each type, or to approved quota when it has
//!   nobody, or evenly when it has neither (`required_basis` says which).
//! - CV and Gini of per-person saturation need two surveyed people or more; else empty.

pub mod detail;
mod gaps;
mod rows;
mod similar;
mod staffing;
mod workload;

pub use detail::{UnitDetail, unit_detail};
pub use rows::Rows;
pub use staffing::NO_YEAR;

use crate::findings::Finding;
use crate::ingest::Inputs;
use crate::model::{Band, Params, QuotaType, col};
use polars::prelude::*;

/// Everything the analysis computed, for views and exports.
#[derive(Debug, Clone)]
pub struct Analysis {
    /// The year the main tables describe (None when the data carries no year).
    pub year: Option<i32>,
    /// H, available working hours per full-time person.
    pub available_hours: f64,
    pub unit_types: DataFrame,
    pub units: DataFrame,
    pub departments: DataFrame,
    /// One row per metric: `metric` (code) and `value`.
    pub summary: DataFrame,
    pub people: DataFrame,
    pub tasks: DataFrame,
    /// Unit indicators for every year the data has (for trends and the long-idle flag).
    pub history: DataFrame,
    pub findings: Vec<Finding>,
}

#[derive(Debug, thiserror::Error)]
pub enum AnalysisError {
    #[error("{0}")]
    Params(String),
    #[error("the staffing table is missing")]
    NoStaffing,
    #[error("computation failed: {0}")]
    Polars(#[from] PolarsError),
}

/// File names for findings the analysis makes about its inputs.
#[derive(Debug, Clone, Default)]
pub struct SourceNames {
    pub staffing: String,
    pub roster: String,
    pub survey: String,
}

/// Analyse loaded inputs (the staffing table is required; roster and survey are optional).
pub fn analyze(inputs: &Inputs, params: &Params) -> Result<Analysis, AnalysisError> {
    let staffing = inputs.staffing.as_ref().ok_or(AnalysisError::NoStaffing)?;
    let names = SourceNames {
        staffing: staffing.file.clone(),
        roster: inputs.roster.as_ref().map(|l| l.file.clone()).unwrap_or_default(),
        survey: inputs.survey.as_ref().map(|l| l.file.clone()).unwrap_or_default(),
    };
    let mut result = analyze_frames(
        &staffing.frame,
        inputs.roster.as_ref().map(|l| &l.frame),
        inputs.survey.as_ref().map(|l| &l.frame),
        params,
        &names,
    )?;
    // A finding about a row of an input names the sheet it was read from.
    for f in &mut result.findings {
        if f.location.sheet.is_none() && f.location.row.is_some() {
            let read = [&inputs.staffing, &inputs.roster, &inputs.survey]
                .into_iter()
                .flatten()
                .find(|l| l.file == f.location.file);
            f.location.sheet = read.and_then(|l| l.sheet.clone());
        }
    }
    let mut findings = inputs.findings();
    findings.append(&mut result.findings);
    result.findings = findings;
    Ok(result)
}

/// Band codes from a saturation column, with the A = 0 rule.
fn band_expr(params: &Params, saturation: &str, required: &str, actual: &str) -> Expr {
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

/// x / y, empty when y is not positive or either side is empty.
fn ratio(x: Expr, y: Expr) -> Expr {
    when(y.clone().gt(lit(0.0)))
        .then(x.cast(DataType::Float64) / y.cast(DataType::Float64))
        .otherwise(lit(NULL).cast(DataType::Float64))
}

/// max(0, e), empty when e is empty (an unknown count stays unknown).
fn pos(e: Expr) -> Expr {
    when(e.clone().lt(lit(0.0))).then(lit(0.0)).otherwise(e)
}

/// Saturation and the other ratios from `approved`, `actual`, `actual_surveyed`, `required`,
/// `required_reported` columns.
fn ratios() -> [Expr; 4] {
    [
        ratio(col(col::REQUIRED), col(col::ACTUAL_SURVEYED)).alias(col::SATURATION),
        ratio(col(col::REQUIRED_REPORTED), col(col::ACTUAL_SURVEYED)).alias(col::SATURATION_REPORTED),
        ratio(col(col::REQUIRED), col(col::APPROVED)).alias(col::QUOTA_SATURATION),
        ratio(col(col::VACANCY), col(col::APPROVED)).alias(col::VACANCY_RATE),
    ]
}

/// Analyse canonical frames directly (the entry point tests and benchmarks use).
pub fn analyze_frames(
    staffing: &DataFrame,
    roster: Option<&DataFrame>,
    survey: Option<&DataFrame>,
    params: &Params,
    names: &SourceNames,
) -> Result<Analysis, AnalysisError> {
    params.validate().map_err(AnalysisError::Params)?;
    let h = params.calendar.available_hours();
    let mut findings = Vec::new();

    // Which year the tables describe: the staffing table's latest, else the survey's.
    let survey_year = match survey {
        Some(s) => staffing::latest_year(s)?,
        None => None,
    };
    let staff = staffing::consolidate(
        staffing,
        roster,
        params,
        survey_year.unwrap_or(NO_YEAR),
        &names.staffing,
        &names.roster,
    )?;
    findings.extend(staff.findings);
    let staff = staff.frame;
    let year = staffing::latest_year(&staff)?.unwrap_or(NO_YEAR);

    // Workload per unit and year. A survey without years describes the latest year.
    let work = match survey {
        Some(s) => {
            let s = s
                .clone()
                .lazy()
                .with_columns([col(col::YEAR).cast(DataType::Int32).fill_null(lit(year))])
                .collect()?;
            let w = workload::workload(&s, params, &names.survey)?;
            findings.extend(w.findings);
            Some((w.tasks, w.people, w.units))
        }
        None => None,
    };

    // Per unit and year from the staffing side.
    let first = |c: &str| col(c).drop_nulls().first().alias(c);
    let unit_year = staff
        .clone()
        .lazy()
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
        ]);
    let empty_work = || {
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
        )
    };
    let work_units = match &work {
        Some((_, _, u)) => u.clone(),
        None => empty_work()?,
    };
    let (caf, iaf) = (params.caf(), params.iaf());
    let required_of = |w: &str| col(w) / lit(h) * lit(caf) + lit(iaf);
    let key = [col(col::UNIT), col(col::YEAR)];
    let units_all = unit_year
        .join(
            work_units.clone().lazy(),
            key.clone(),
            key.clone(),
            JoinArgs::new(JoinType::Left),
        )
        .with_columns([
            col(col::WORKLOAD).is_not_null().alias(col::HAS_SURVEY),
            required_of(col::WORKLOAD).alias(col::REQUIRED),
            required_of(col::WORKLOAD_REPORTED).alias(col::REQUIRED_REPORTED),
            // A count no row gave is unknown, not zero (a sum of nothing would read 0).
            when(col("has_approved"))
                .then(col(col::APPROVED))
                .otherwise(lit(NULL).cast(DataType::Int64))
                .alias(col::APPROVED),
            when(col("has_actual"))
                .then(col(col::ACTUAL))
                .otherwise(lit(NULL).cast(DataType::Int64))
                .alias(col::ACTUAL),
            col(col::TASKS).fill_null(lit(0i64)),
            col(col::PEOPLE_SURVEYED).fill_null(lit(0i64)),
        ])
        .collect()?;

    // Per unit × quota type: required staff shared by staff of each type (or quota, or evenly).
    let unit_totals = units_all.clone().lazy().select([
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
    ]);
    let by_roster = roster_workload(roster, work.as_ref().map(|w| &w.0), year)?;
    let share = when(col("types").eq(lit(1)))
        .then(lit(1.0))
        .when(col("unit_actual").gt(lit(0)))
        .then(col(col::ACTUAL).cast(DataType::Float64) / col("unit_actual").cast(DataType::Float64))
        .when(col("unit_approved").gt(lit(0)))
        .then(col(col::APPROVED).cast(DataType::Float64) / col("unit_approved").cast(DataType::Float64))
        .otherwise(lit(1.0) / col("types").cast(DataType::Float64));
    let basis = when(col("unit_required").is_null())
        .then(lit("none"))
        .when(col("types").eq(lit(1)))
        .then(lit("single_type"))
        .when(col("unit_actual").gt(lit(0)))
        .then(lit("by_staff"))
        .when(col("unit_approved").gt(lit(0)))
        .then(lit("by_quota"))
        .otherwise(lit("evenly"));
    let type_counts = [
        pos(col(col::APPROVED) - col(col::ACTUAL)).alias(col::VACANCY),
        pos(col(col::ACTUAL) - col(col::APPROVED)).alias(col::OVER_QUOTA),
        pos(col(col::ACTUAL).cast(DataType::Float64) - col(col::REQUIRED)).alias(col::IDLE),
        pos(col(col::REQUIRED) - col(col::ACTUAL).cast(DataType::Float64)).alias(col::SHORTAGE),
        // Only unoccupied quotas can be recovered, and only those the workload does not justify.
        // Unknown staff in post: which quotas are unoccupied is unknown too.
        when(col(col::ACTUAL).is_not_null())
            .then(
                pos(col(col::APPROVED).cast(DataType::Float64)
                    - polars::lazy::dsl::max_horizontal([
                        col(col::ACTUAL).cast(DataType::Float64),
                        col(col::REQUIRED),
                    ])?)
                .floor()
                .cast(DataType::Int64),
            )
            .otherwise(lit(NULL).cast(DataType::Int64))
            .alias(col::RECOVERABLE),
    ];
    let unit_types_all = staff
        .clone()
        .lazy()
        .join(unit_totals, key.clone(), key.clone(), JoinArgs::new(JoinType::Left))
        .join(
            by_roster,
            [col(col::UNIT), col(col::YEAR), col(col::QUOTA_TYPE)],
            [col(col::UNIT), col(col::YEAR), col("person_type")],
            JoinArgs::new(JoinType::Left),
        )
        // The roster ties the whole workload to quota types only when every surveyed hour
        // belongs to a person of a type this unit holds.
        .with_columns([col("type_work")
            .fill_null(lit(0.0))
            .sum()
            .over([col(col::UNIT), col(col::YEAR)])?
            .alias("tied_work")])
        .with_columns([col("unit_work")
            .gt(lit(0.0))
            .and(((col("tied_work") - col("unit_work")).abs()).lt_eq(lit(1e-9) * col("unit_work")))
            .fill_null(lit(false))
            .alias("tied")])
        .with_columns([
            when(col("tied"))
                .then(required_of("type_work") - lit(iaf) + lit(iaf) * col("type_work") / col("unit_work"))
                .otherwise(col("unit_required") * share.clone())
                .alias(col::REQUIRED),
            when(col("tied"))
                .then(
                    required_of("type_work_reported") - lit(iaf)
                        + lit(iaf) * col("type_work_reported") / col("unit_work_reported"),
                )
                .otherwise(col("unit_required_reported") * share)
                .alias(col::REQUIRED_REPORTED),
            when(col("tied"))
                .then(lit("by_roster"))
                .otherwise(basis)
                .alias(col::REQUIRED_BASIS),
            col("unit_key_area").alias(col::KEY_AREA),
            col("unit_front_line").alias(col::FRONT_LINE),
            col("unit_department").alias(col::DEPARTMENT),
        ])
        .with_columns([when(col(col::REQUIRED).is_not_null())
            .then(col(col::ACTUAL))
            .otherwise(lit(NULL).cast(DataType::Int64))
            .alias(col::ACTUAL_SURVEYED)])
        .with_columns(type_counts)
        .with_columns(ratios())
        .with_columns([band_expr(params, col::SATURATION, col::REQUIRED, col::ACTUAL).alias(col::BAND)])
        .collect()?;

    // Per unit: counts that do not net across types are sums of the per-type values.
    let per_type_sums = unit_types_all
        .clone()
        .lazy()
        .group_by([col(col::UNIT), col(col::YEAR)])
        .agg([col::VACANCY, col::OVER_QUOTA, col::RECOVERABLE].map(|c| {
            // Unknown in any type leaves the unit's figure unknown (a sum of the known types
            // would read as the whole).
            when(col(c).is_not_null().all(true))
                .then(col(c).sum())
                .otherwise(lit(NULL))
                .alias(c)
        }));
    let units_all = units_all
        .lazy()
        .join(per_type_sums, key.clone(), key.clone(), JoinArgs::new(JoinType::Left))
        .with_columns([
            when(col(col::HAS_SURVEY))
                .then(col(col::ACTUAL))
                .otherwise(lit(NULL).cast(DataType::Int64))
                .alias(col::ACTUAL_SURVEYED),
            when(col("has_leader_posts").and(col("has_leaders_actual")))
                .then(pos(col(col::LEADERS_ACTUAL) - col(col::LEADER_POSTS)))
                .otherwise(lit(NULL).cast(DataType::Int64))
                .alias(col::OVER_LEADERS),
            pos(col(col::ACTUAL).cast(DataType::Float64) - col(col::REQUIRED)).alias(col::IDLE),
            pos(col(col::REQUIRED) - col(col::ACTUAL).cast(DataType::Float64)).alias(col::SHORTAGE),
            when(col(col::HAS_SURVEY))
                .then(col(col::RECOVERABLE))
                .otherwise(lit(NULL).cast(DataType::Int64))
                .alias(col::RECOVERABLE),
        ])
        .with_columns(ratios())
        .with_columns([band_expr(params, col::SATURATION, col::REQUIRED, col::ACTUAL).alias(col::BAND)])
        .collect()?;

    // Flags across years.
    let flags_frame = flags(&units_all, params, year)?;
    let units_all = units_all
        .lazy()
        .join(
            flags_frame.lazy(),
            key.clone(),
            key.clone(),
            JoinArgs::new(JoinType::Left),
        )
        .with_columns([col(col::FLAGS).fill_null(lit(""))])
        .collect()?;

    let any_survey = work.is_some();
    let latest = |df: &DataFrame| df.clone().lazy().filter(col(col::YEAR).eq(lit(year)));
    let year_out = || {
        when(col(col::YEAR).eq(lit(NO_YEAR)))
            .then(lit(NULL).cast(DataType::Int32))
            .otherwise(col(col::YEAR))
            .alias(col::YEAR)
    };

    let survey_missing = when(lit(any_survey).and(col(col::HAS_SURVEY).not()))
        .then(lit("survey_missing"))
        .otherwise(lit(NULL).cast(DataType::String));
    let units = latest(&units_all)
        .with_columns([concat_str(
            [
                when(col(col::FLAGS).eq(lit("")))
                    .then(lit(NULL).cast(DataType::String))
                    .otherwise(col(col::FLAGS)),
                survey_missing,
            ],
            ";",
            true,
        )
        .alias(col::FLAGS)])
        .with_columns([year_out()])
        .select(unit_columns())
        .sort(
            [col::DEPARTMENT, col::UNIT],
            SortMultipleOptions::default().with_nulls_last(true),
        )
        .collect()?;

    let unit_types = latest(&unit_types_all)
        .join(
            units.clone().lazy().select([col(col::UNIT), col(col::FLAGS)]),
            [col(col::UNIT)],
            [col(col::UNIT)],
            JoinArgs::new(JoinType::Left),
        )
        .with_columns([year_out()])
        .select(unit_type_columns())
        .sort(
            [col::DEPARTMENT, col::UNIT, col::QUOTA_TYPE],
            SortMultipleOptions::default().with_nulls_last(true),
        )
        .collect()?;

    let history = units_all
        .clone()
        .lazy()
        .with_columns([year_out()])
        .select([
            col(col::UNIT),
            col(col::DEPARTMENT),
            col(col::YEAR),
            col(col::APPROVED),
            col(col::ACTUAL),
            col(col::VACANCY),
            col(col::VACANCY_RATE),
            col(col::WORKLOAD),
            col(col::REQUIRED),
            col(col::SATURATION),
            col(col::BAND),
        ])
        .sort([col::UNIT, col::YEAR], SortMultipleOptions::default())
        .collect()?;

    findings.extend(gaps::unknown_counts(&units, &names.staffing)?);
    let departments = aggregate(&units, Some(col::DEPARTMENT), params)?;
    let district = aggregate(&units, None, params)?;
    let summary = summary(&units, &district, params, year)?;

    // Survey and staffing that do not meet.
    let (tasks, people) = match work {
        Some((tasks, people, work_units)) => {
            findings.extend(gaps::unmatched(&units_all, &work_units, &names.survey)?);
            findings.extend(gaps::unsurveyed(&units, &names.staffing)?);
            let tasks = tasks
                .lazy()
                .filter(col(col::YEAR).eq(lit(year)))
                .with_columns([year_out()])
                .collect()?;
            let people = people
                .lazy()
                .filter(col(col::YEAR).eq(lit(year)))
                .with_columns([year_out()])
                .select([
                    col(col::UNIT),
                    col(col::PERSON),
                    col(col::YEAR),
                    col(col::TASKS),
                    col(workload::PERSON_HOURS_REPORTED).alias(col::WORKLOAD_REPORTED),
                    col(workload::PERSON_HOURS).alias(col::WORKLOAD),
                    col(col::PERSON_SATURATION),
                    col(col::OVER_HOURS),
                ])
                .collect()?;
            (tasks, people)
        }
        None => (DataFrame::empty(), DataFrame::empty()),
    };

    Ok(Analysis {
        year: (year != NO_YEAR).then_some(year),
        available_hours: h,
        unit_types,
        units,
        departments,
        summary,
        people,
        tasks,
        history,
        findings,
    })
}

fn unit_columns() -> Vec<Expr> {
    [
        col::UNIT,
        col::DEPARTMENT,
        col::CATEGORY,
        col::YEAR,
        col::KEY_AREA,
        col::FRONT_LINE,
        col::APPROVED,
        col::ACTUAL,
        col::VACANCY,
        col::VACANCY_RATE,
        col::OVER_QUOTA,
        col::LEADER_POSTS,
        col::LEADERS_ACTUAL,
        col::OVER_LEADERS,
        col::HAS_SURVEY,
        col::TASKS,
        col::PEOPLE_SURVEYED,
        col::WORKLOAD_REPORTED,
        col::WORKLOAD,
        col::REQUIRED_REPORTED,
        col::REQUIRED,
        col::SATURATION_REPORTED,
        col::SATURATION,
        col::QUOTA_SATURATION,
        col::BAND,
        col::IDLE,
        col::SHORTAGE,
        col::RECOVERABLE,
        col::SPREAD_CV,
        col::SPREAD_GINI,
        col::SHARE_UNDERLOADED,
        col::PERFORMANCE,
        col::FLAGS,
    ]
    .map(col)
    .to_vec()
}

fn unit_type_columns() -> Vec<Expr> {
    [
        col::UNIT,
        col::DEPARTMENT,
        col::QUOTA_TYPE,
        col::YEAR,
        col::KEY_AREA,
        col::FRONT_LINE,
        col::APPROVED,
        col::ACTUAL,
        col::VACANCY,
        col::VACANCY_RATE,
        col::OVER_QUOTA,
        col::REQUIRED_REPORTED,
        col::REQUIRED,
        col::REQUIRED_BASIS,
        col::SATURATION_REPORTED,
        col::SATURATION,
        col::QUOTA_SATURATION,
        col::BAND,
        col::IDLE,
        col::SHORTAGE,
        col::RECOVERABLE,
        col::FLAGS,
    ]
    .map(col)
    .to_vec()
}

/// Flag codes per unit and year (`;`-joined): over quota, over leadership, long idle,
/// shrinking work, low efficiency.
fn flags(units_all: &DataFrame, params: &Params, year: i32) -> PolarsResult<DataFrame> {
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
    let long_idle = units_all
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
        .select([col(col::UNIT), col("long_idle")]);
    let n_shrink = f.shrinking_years.max(2) as i32;
    let w = col(col::WORKLOAD);
    let shrinking = units_all
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
        .select([col(col::UNIT), col("shrinking_work")]);
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
            long_idle,
            [col(col::UNIT)],
            [col(col::UNIT)],
            JoinArgs::new(JoinType::Left),
        )
        .join(
            shrinking,
            [col(col::UNIT)],
            [col(col::UNIT)],
            JoinArgs::new(JoinType::Left),
        )
        .select([
            col(col::UNIT),
            col(col::YEAR),
            concat_str(
                [
                    code(col(col::OVER_QUOTA).gt(lit(0)), "over_quota"),
                    code(col(col::OVER_LEADERS).gt(lit(0)), "over_leaders"),
                    code(col("long_idle"), "long_idle"),
                    code(col("shrinking_work"), "shrinking_work"),
                    code(
                        col(col::PERFORMANCE)
                            .lt(lit(f.low_performance_below))
                            .and(col(col::SATURATION).lt(lit(params.bands.under_below))),
                        "low_efficiency",
                    ),
                ],
                ";",
                true,
            )
            .alias(col::FLAGS),
        ])
        .collect()
}

/// Workload per unit, year and the quota type of the person who reported it, from the roster;
/// empty when there is no roster or no per-person survey.
fn roster_workload(roster: Option<&DataFrame>, tasks: Option<&DataFrame>, year: i32) -> PolarsResult<LazyFrame> {
    let empty = || {
        df!(
            col::UNIT => Vec::<String>::new(),
            col::YEAR => Vec::<i32>::new(),
            "person_type" => Vec::<String>::new(),
            "type_work" => Vec::<f64>::new(),
            "type_work_reported" => Vec::<f64>::new(),
        )
        .map(IntoLazy::lazy)
    };
    let (Some(roster), Some(tasks)) = (roster, tasks) else {
        return empty();
    };
    let person_key = [col(col::UNIT), col(col::PERSON), col(col::YEAR)];
    let people = roster
        .clone()
        .lazy()
        .with_columns([col(col::YEAR).cast(DataType::Int32).fill_null(lit(year))])
        .filter(
            col(col::PERSON)
                .is_not_null()
                .and(col(col::QUOTA_TYPE).neq(lit(QuotaType::Unspecified.canonical()))),
        )
        .select([
            col(col::UNIT),
            col(col::PERSON),
            col(col::YEAR),
            col(col::QUOTA_TYPE).alias("person_type"),
        ])
        .unique_stable_generic(Some(person_key.to_vec()), UniqueKeepStrategy::First);
    Ok(tasks
        .clone()
        .lazy()
        .join(people, person_key.clone(), person_key, JoinArgs::new(JoinType::Inner))
        .group_by([col(col::UNIT), col(col::YEAR), col("person_type")])
        .agg([
            col(col::WORKLOAD).sum().alias("type_work"),
            col(col::ANNUAL_HOURS).sum().alias("type_work_reported"),
        ]))
}

/// Sum units into departments (or into one district row when `by` is None).
pub fn aggregate(units: &DataFrame, by: Option<&str>, params: &Params) -> PolarsResult<DataFrame> {
    let sums = [
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
    // Rates divide only over units whose counts are known: a unit with unknown staff adds
    // neither its required staff to the saturation nor its quota to the vacancy rate.
    let known = |c: &str, unless: &str, alias: &str| {
        when(col(unless).is_not_null())
            .then(col(c))
            .otherwise(lit(NULL))
            .sum()
            .alias(alias)
    };
    const REQUIRED_KNOWN: &str = "required_known";
    const REQUIRED_REPORTED_KNOWN: &str = "required_reported_known";
    const APPROVED_KNOWN: &str = "approved_known";
    const REQUIRED_QUOTA_KNOWN: &str = "required_quota_known";
    const APPROVED_SURVEYED: &str = "approved_surveyed";
    let lf = units.clone().lazy().with_columns([when(col(col::HAS_SURVEY))
        .then(col(col::ACTUAL))
        .otherwise(lit(0i64))
        .alias(col::ACTUAL_SURVEYED)]);
    let mut aggs: Vec<Expr> = vec![len().cast(DataType::Int64).alias(col::UNITS)];
    aggs.extend(sums.iter().map(|c| col(*c).sum().alias(*c)));
    aggs.extend([
        known(col::REQUIRED, col::ACTUAL_SURVEYED, REQUIRED_KNOWN),
        known(col::REQUIRED_REPORTED, col::ACTUAL_SURVEYED, REQUIRED_REPORTED_KNOWN),
        known(col::APPROVED, col::VACANCY, APPROVED_KNOWN),
        known(col::REQUIRED, col::APPROVED, REQUIRED_QUOTA_KNOWN),
        known(col::APPROVED, col::REQUIRED, APPROVED_SURVEYED),
    ]);
    aggs.push(col(col::HAS_SURVEY).cast(DataType::Int64).sum().alias("units_surveyed"));
    let grouped = match by {
        Some(b) => lf
            .with_columns([col(b).fill_null(lit("（未注明）"))])
            .group_by_stable([col(b)])
            .agg(aggs),
        None => lf.select(aggs),
    };
    // Without any surveyed unit the workload sums are unknown, not zero.
    let unknown_without_survey = [
        col::WORKLOAD_REPORTED,
        col::WORKLOAD,
        col::REQUIRED_REPORTED,
        col::REQUIRED,
        col::IDLE,
        col::SHORTAGE,
        col::RECOVERABLE,
    ]
    .map(|c| {
        when(col("units_surveyed").gt(lit(0)))
            .then(col(c))
            .otherwise(lit(NULL))
            .alias(c)
    });
    let rates = [
        ratio(col(REQUIRED_KNOWN), col(col::ACTUAL_SURVEYED)).alias(col::SATURATION),
        ratio(col(REQUIRED_REPORTED_KNOWN), col(col::ACTUAL_SURVEYED)).alias(col::SATURATION_REPORTED),
        ratio(col(REQUIRED_QUOTA_KNOWN), col(APPROVED_SURVEYED)).alias(col::QUOTA_SATURATION),
        ratio(col(col::VACANCY), col(APPROVED_KNOWN)).alias(col::VACANCY_RATE),
    ];
    let mut out = grouped
        .with_columns(unknown_without_survey)
        .with_columns(rates)
        .with_columns([band_expr(params, col::SATURATION, col::REQUIRED, col::ACTUAL_SURVEYED).alias(col::BAND)]);
    if let Some(b) = by {
        out = out.sort([b], SortMultipleOptions::default());
    }
    let helpers = [
        "units_surveyed",
        REQUIRED_KNOWN,
        REQUIRED_REPORTED_KNOWN,
        APPROVED_KNOWN,
        REQUIRED_QUOTA_KNOWN,
        APPROVED_SURVEYED,
    ];
    out.drop(by_name(helpers, true, false)).collect()
}

/// The figures a director asks for first, one per row.
fn summary(units: &DataFrame, district: &DataFrame, params: &Params, year: i32) -> PolarsResult<DataFrame> {
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
        .lazy()
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
    for (code, _, _) in crate::i18n::FLAGS {
        let n = flags
            .iter()
            .filter(|f| f.is_some_and(|f| f.split(';').any(|x| x == *code)))
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
