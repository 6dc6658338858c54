//! The standards method within one analysis: the volumes priced at the standards, each unit's
//! WISN figures for the analysis year, and the survey checked against them.

use super::standards::{StandardSources, standard_workload};
use super::triangulation;
use crate::findings::{Finding, Location};
use crate::model::{Params, col};
use polars::prelude::*;

/// What the standards give, beside the survey.
#[derive(Debug, Clone)]
pub struct Standards {
    /// The standards as read: activity, standard_hours, quota_type, category, source_note,
    /// source_row.
    pub used: DataFrame,
    /// Per unit × activity of the analysis year: unit, year, activity, volume, standard_hours,
    /// workload_std, source_row.
    pub activities: DataFrame,
    /// Per unit and year: unit, year, workload_std, tasks (activities), required_std, actual,
    /// saturation_std, wisn_ratio, wisn_difference.
    pub all_years: DataFrame,
    /// The analysis year's rows of `all_years`.
    pub units: DataFrame,
    /// The two methods side by side, per unit with volumes: the standards' figures and,
    /// where surveyed, the hours reported, their ratio to the standards' and the flag.
    pub comparison: DataFrame,
    /// The two side by side per unit and activity, where the survey's task and the volumes'
    /// activity meet (by name, or through `Params::activity_names`).
    pub by_activity: DataFrame,
    /// Each unit's standard workload by the staff category its standards name, every year:
    /// unit, year, person_type, type_work, type_work_reported, type_known.
    pub by_staff: DataFrame,
    /// The survey's tasks that meet no activity, to match by hand, and the activities' names.
    pub unmatched_tasks: Vec<triangulation::UnmatchedTask>,
    pub activity_names: Vec<String>,
}

/// The standards method when both of its files were read (one alone is said), with what it
/// says; `survey` is the survey's per-unit rows and tasks.
pub(super) fn from_frames(
    standards: Option<&DataFrame>,
    volumes: Option<&DataFrame>,
    staff: &DataFrame,
    survey: Option<(&DataFrame, &DataFrame)>,
    params: &Params,
    year: i32,
    names: &super::SourceNames,
) -> PolarsResult<(Option<Standards>, Vec<Finding>)> {
    let read = (
        standards.map(|_| names.standards.as_str()),
        volumes.map(|_| names.volumes.as_str()),
    );
    let half = super::method::half_of_standards(read.0, read.1);
    let (Some(s), Some(v)) = (standards, volumes) else {
        return Ok((None, half.into_iter().collect()));
    };
    let files = StandardSources {
        standards: names.standards.clone(),
        volumes: names.volumes.clone(),
    };
    let (std, mut said) = self::standards(s, v, staff, survey, params, year, &files)?;
    if !params.by_quota_type.is_empty() {
        said.push(Finding::info(
            "standards_district_factors",
            Location::file(&files.standards),
            "工作标准各表（工作标准、业务量、方法比较）的应需人数按全区统一的标准工时和宽放测算；各编制类型自有的标准工时和宽放用于单位表和方案的应需人数。",
            "The standards' own tables (standards, volumes, methods compared) use the district-wide working time and allowances; each staff category's own are used in the units table and the plan.",
        ));
    }
    Ok((Some(std), said))
}

/// The standards method over `volumes` (a volume without a year counts for `year`), with the
/// staff in post of `staff` (unit, year, actual) and, when there is a survey, its per-unit rows
/// and its tasks.
pub(super) fn standards(
    standards: &DataFrame,
    volumes: &DataFrame,
    staff: &DataFrame,
    survey: Option<(&DataFrame, &DataFrame)>,
    params: &Params,
    year: i32,
    files: &StandardSources,
) -> PolarsResult<(Standards, Vec<Finding>)> {
    let (volumes, said) = volumes_of_years(volumes, year, &files.volumes)?;
    let awt = params.calendar.available_hours();
    let priced = standard_workload(standards, &volumes, Some(staff), awt, &params.allowances.wisn(), files)?;
    let mut findings = priced.findings;
    findings.extend(said);
    let this_year = |frame: &DataFrame| frame.clone().lazy().filter(col(col::YEAR).eq(lit(year))).collect();
    let units = this_year(&priced.units)?;
    let activities = this_year(&priced.activities)?;
    let (comparison, by_activity, (unmatched_tasks, activity_names)) = match survey {
        Some((survey_units, tasks)) => {
            let (frame, said) = triangulation::self_report(&this_year(survey_units)?, &units, &files.volumes)?;
            findings.extend(said);
            let tasks = this_year(tasks)?;
            let by_activity = triangulation::by_activity(&tasks, &activities, &params.activity_names)?;
            let unmatched = triangulation::unmatched_tasks(&tasks, &activities, &params.activity_names)?;
            findings.extend(comparison_findings(
                &by_activity,
                &this_year(survey_units)?,
                &unmatched.0,
                &files.volumes,
            )?);
            (
                side_by_side(&units, Some((&this_year(survey_units)?, &frame)))?,
                by_activity,
                unmatched,
            )
        }
        None => (side_by_side(&units, None)?, DataFrame::empty(), Default::default()),
    };
    Ok((
        Standards {
            used: standards.clone(),
            by_staff: by_staff(&priced.activities)?,
            activities,
            all_years: priced.units,
            units,
            comparison,
            by_activity,
            unmatched_tasks,
            activity_names,
        },
        findings,
    ))
}

/// The volumes with a year on every row: a row without one counts for the analysis `year`.
/// Data without years (`NO_YEAR`) takes the volumes' latest year as its own. Volumes of no
/// year the analysis describes are said, or every unit would read as having none.
fn volumes_of_years(volumes: &DataFrame, year: i32, file: &str) -> PolarsResult<(DataFrame, Vec<Finding>)> {
    let given = if volumes.column(col::YEAR).is_ok() {
        col(col::YEAR).cast(DataType::Int32)
    } else {
        lit(NULL).cast(DataType::Int32)
    };
    let mut frame = volumes
        .clone()
        .lazy()
        .with_columns([given.fill_null(lit(year)).alias(col::YEAR)])
        .collect()?;
    let years: Vec<i32> = {
        let mut y: Vec<i32> = frame.column(col::YEAR)?.i32()?.iter().flatten().collect();
        y.sort_unstable();
        y.dedup();
        y
    };
    let mut said = Vec::new();
    if year == super::NO_YEAR {
        if let Some(&latest) = years.last().filter(|&&y| y != super::NO_YEAR) {
            frame = frame
                .lazy()
                .filter(col(col::YEAR).eq(lit(latest)))
                .with_columns([lit(year).alias(col::YEAR)])
                .collect()?;
            said.push(Finding::info(
                "volumes_year",
                Location::file(file),
                format!("编制表和调查表没有年度，按业务量统计表最近的 {latest} 年业务量测算。"),
                format!(
                    "The staffing table and the survey give no year: the volumes of {latest}, the latest, are used."
                ),
            ));
        }
    } else if !years.contains(&year) {
        let list: Vec<String> = years.iter().map(i32::to_string).collect();
        said.push(Finding::warning(
            "volumes_year",
            Location::file(file),
            format!(
                "业务量统计表只有 {} 年的数据，没有分析年度 {year} 年的：按标准的工作量为未知。",
                list.join("、")
            ),
            format!(
                "The volumes are for {} only, not for {year}, the year analysed: the workload by standards is unknown.",
                list.join(", ")
            ),
        ));
    }
    Ok((frame, said))
}

/// The standard workload of each unit's activities whose standard names a staff category, by
/// that category (an activity's unknown hours leave its category's unknown).
fn by_staff(activities: &DataFrame) -> PolarsResult<DataFrame> {
    activities
        .clone()
        .lazy()
        .filter(col(col::QUOTA_TYPE).is_not_null())
        .group_by_stable([
            col(col::UNIT),
            col(col::YEAR),
            col(col::QUOTA_TYPE).alias("person_type"),
        ])
        .agg([
            col(col::WORKLOAD_STD).sum().alias("type_work"),
            col(col::WORKLOAD_STD).null_count().alias("unknown"),
        ])
        .with_columns([when(col("unknown").eq(lit(0)))
            .then(col("type_work"))
            .otherwise(lit(NULL).cast(DataType::Float64))
            .alias("type_work")])
        .with_columns([
            col("type_work").alias("type_work_reported"),
            col("type_work").is_not_null().alias("type_known"),
        ])
        .drop(by_name(["unknown"], true, false))
        .collect()
}

/// The standards' work by staff category of the units they feed, and (when they feed the
/// figures) the units whose standards name a category they hold no posts of, said.
pub(super) fn tied_by_staff(
    std: &Standards,
    fed: Option<&DataFrame>,
    staff: &DataFrame,
    params: &Params,
    year: i32,
    file: &str,
    findings: &mut Vec<Finding>,
) -> PolarsResult<DataFrame> {
    let fed_by = super::method::fed_by_standards(&std.by_staff, fed)?;
    if params.method.uses_standards() {
        findings.extend(categories_not_held(&fed_by, staff, year, file)?);
    }
    Ok(fed_by)
}

/// Units whose standards name a staff category they hold no posts of (in `year`): their hours
/// cannot be tied to that category, and are shared by staff in post instead — said, by name.
fn categories_not_held(by_staff: &DataFrame, staff: &DataFrame, year: i32, file: &str) -> PolarsResult<Vec<Finding>> {
    let key = [col(col::UNIT), col(col::YEAR), col("person_type")];
    let held = staff.clone().lazy().select([
        col(col::UNIT),
        col(col::YEAR).cast(DataType::Int32),
        col(col::QUOTA_TYPE).alias("person_type"),
    ]);
    let missing = by_staff
        .clone()
        .lazy()
        .filter(col(col::YEAR).eq(lit(year)))
        .join(held, key.clone(), key, JoinArgs::new(JoinType::Anti))
        .collect()?;
    let rows = super::Rows::new(&missing)?;
    Ok((0..rows.height())
        .map(|i| {
            let (unit, q) = (rows.str(col::UNIT, i).unwrap_or(""), rows.str("person_type", i).unwrap_or(""));
            Finding::warning(
                "category_not_held",
                Location::file(file),
                format!("{unit} 的工作标准写明由“{q}”承担部分活动，但该单位没有{q}：这些工时无法归属编制类型，按实有人数分摊。"),
                format!("{unit}: the standards give some activities to '{q}', which the unit holds no posts of: those hours cannot be tied to a type and are shared by staff in post."),
            )
        })
        .collect())
}

/// What the comparison by activity shows that the figures do not: units whose volumes cover
/// little of what they reported (their standards' workload is short of their work), activities
/// whose reported time is far from the standard everywhere (a standard in the wrong unit, hours
/// for minutes), and survey tasks that meet no activity.
fn comparison_findings(
    by_activity: &DataFrame,
    surveyed: &DataFrame,
    unmatched: &[triangulation::UnmatchedTask],
    file: &str,
) -> PolarsResult<Vec<Finding>> {
    let mut said = Vec::new();
    if by_activity.height() == 0 {
        return Ok(said);
    }
    // Coverage: the reported hours of matched tasks over all the unit reported.
    let covered = by_activity
        .clone()
        .lazy()
        .group_by([col(col::UNIT)])
        .agg([col(col::WORKLOAD_REPORTED).sum().alias("matched")])
        .join(
            surveyed
                .clone()
                .lazy()
                .select([col(col::UNIT), col(col::WORKLOAD_REPORTED)]),
            [col(col::UNIT)],
            [col(col::UNIT)],
            JoinArgs::new(JoinType::Inner),
        )
        .filter(col(col::WORKLOAD_REPORTED).gt(lit(0.0)))
        .with_columns([(col("matched") / col(col::WORKLOAD_REPORTED)).alias("share")])
        .filter(col("share").lt(lit(0.8)))
        .sort(["share"], SortMultipleOptions::default())
        .collect()?;
    let rows = super::Rows::new(&covered)?;
    if rows.height() > 0 {
        let list: Vec<String> = (0..rows.height().min(10))
            .map(|i| {
                format!(
                    "{} {:.0}%",
                    rows.str(col::UNIT, i).unwrap_or(""),
                    rows.f64("share", i).unwrap_or(0.0) * 100.0
                )
            })
            .collect();
        said.push(Finding::warning(
            "volumes_partial",
            Location::file(file),
            format!("{} 个单位的业务量只覆盖其填报工时的一部分，按标准的工作量可能偏低：{}。", rows.height(), list.join("、")),
            format!("{} units' volumes cover only part of the hours they reported, so their workload by standards may be short: {}.", rows.height(), list.join(", ")),
        ));
    }
    // Activities whose reported hours are far from the standard in the units' median.
    let far = by_activity
        .clone()
        .lazy()
        .group_by([col(col::ACTIVITY)])
        .agg([col(col::SELF_REPORT_RATIO).median().alias("median")])
        .filter(col("median").gt(lit(5.0)).or(col("median").lt(lit(0.2))))
        .sort([col::ACTIVITY], SortMultipleOptions::default())
        .collect()?;
    let rows = super::Rows::new(&far)?;
    for i in 0..rows.height() {
        let (a, m) = (
            rows.str(col::ACTIVITY, i).unwrap_or(""),
            rows.f64("median", i).unwrap_or(0.0),
        );
        said.push(Finding::warning(
            "standard_far_off",
            Location::file(file).with_column(col::STANDARD_HOURS),
            format!("“{a}”的填报工时是按标准测算的 {m:.2} 倍（各单位中位数）：请核对其标准用时（小时与分钟是否写反）。"),
            format!("'{a}': hours reported are {m:.2} times those by its standard (the units' median): check its standard time (hours for minutes?)."),
        ));
    }
    if !unmatched.is_empty() {
        let top: Vec<&str> = unmatched.iter().take(5).map(|u| u.task.as_str()).collect();
        said.push(Finding::info(
            "tasks_unmatched",
            Location::file(file),
            format!("{} 项调查事项与业务量的工作活动名称对不上，未计入按活动比较（工时最多的：{}）；可在“数据源”中对应，或在参数 activity_names 中写明。", unmatched.len(), top.join("、")),
            format!("{} survey tasks meet no activity of the volumes and are left out of the comparison by activity (most hours: {}); match them in Sources, or in the parameters' activity_names.", unmatched.len(), top.join(", ")),
        ));
    }
    Ok(said)
}

/// Per unit with volumes: the standards' figures, and the survey's beside them.
/// `reported`: the survey's per-unit rows of the year, and the ratios where both are known.
fn side_by_side(units: &DataFrame, reported: Option<(&DataFrame, &DataFrame)>) -> PolarsResult<DataFrame> {
    let std = units.clone().lazy().select([
        col(col::UNIT),
        col(col::TASKS).alias(col::ACTIVITIES),
        col(col::WORKLOAD_STD),
        col(col::REQUIRED_STD),
        col(col::ACTUAL),
        col(col::SATURATION_STD),
        col(col::WISN_RATIO),
        col(col::WISN_DIFFERENCE),
    ]);
    let Some((surveyed, ratios)) = reported else {
        return std.collect();
    };
    let left = || JoinArgs {
        maintain_order: MaintainOrderJoin::Left,
        ..JoinArgs::new(JoinType::Left)
    };
    // The hours reported even where the standards' are unknown; the ratio where both are.
    let hours = surveyed
        .clone()
        .lazy()
        .select([col(col::UNIT), col(col::WORKLOAD_REPORTED)]);
    let ratios = ratios
        .clone()
        .lazy()
        .select([col(col::UNIT), col(col::SELF_REPORT_RATIO), col(col::REPORTING)]);
    std.join(hours, [col(col::UNIT)], [col(col::UNIT)], left())
        .join(ratios, [col(col::UNIT)], [col(col::UNIT)], left())
        .select([
            col(col::UNIT),
            col(col::ACTIVITIES),
            col(col::WORKLOAD_REPORTED),
            col(col::WORKLOAD_STD),
            col(col::SELF_REPORT_RATIO),
            col(col::REPORTING),
            col(col::REQUIRED_STD),
            col(col::ACTUAL),
            col(col::SATURATION_STD),
            col(col::WISN_RATIO),
            col(col::WISN_DIFFERENCE),
        ])
        .collect()
}

/// The units table with which workload fed each unit (from `fed`, the rows of the analysis
/// year), its standards figures and its survey comparison beside its own.
pub(super) fn beside(
    units: DataFrame,
    standards: &Standards,
    fed: Option<&DataFrame>,
    year: i32,
) -> PolarsResult<DataFrame> {
    let std = standards.units.clone().lazy().select([
        col(col::UNIT),
        col(col::WORKLOAD_STD),
        col(col::REQUIRED_STD),
        col(col::SATURATION_STD),
        col(col::WISN_RATIO),
        col(col::WISN_DIFFERENCE),
    ]);
    let keep_order = || JoinArgs {
        maintain_order: MaintainOrderJoin::Left,
        ..JoinArgs::new(JoinType::Left)
    };
    let mut out = units.lazy();
    if let Some(fed) = fed {
        let method = fed
            .clone()
            .lazy()
            .filter(col(col::YEAR).eq(lit(year)))
            .select([col(col::UNIT), col(col::WORKLOAD_METHOD)]);
        out = out.join(method, [col(col::UNIT)], [col(col::UNIT)], keep_order());
    }
    out = out.join(std, [col(col::UNIT)], [col(col::UNIT)], keep_order());
    if standards.comparison.column(col::REPORTING).is_ok() {
        let cmp = standards.comparison.clone().lazy().select([
            col(col::UNIT),
            col(col::SELF_REPORT_RATIO),
            col(col::REPORTING),
        ]);
        out = out.join(cmp, [col(col::UNIT)], [col(col::UNIT)], keep_order());
    }
    out.collect()
}
