//! The workload that feeds the indicators, by the chosen method: the survey's per-unit rows,
//! the standards' (volumes × standard times), or the standards' where a unit's are known and
//! the survey's elsewhere. Each row says which in `workload_method`.

use super::small::SmallLazy;
use crate::findings::{Finding, Location};
use crate::model::{WorkloadMethod, WorkloadSource, col};
use polars::prelude::*;

/// The per-unit-and-year workload rows for `method`, in the survey's shape, and what the
/// choice leaves to say. None when nothing gives a workload.
pub(super) fn fed_workload(
    method: WorkloadMethod,
    survey: Option<&DataFrame>,
    standards: Option<&DataFrame>,
    files: (&str, &str),
) -> PolarsResult<(Option<DataFrame>, Vec<Finding>)> {
    let mut said = Vec::new();
    let tag =
        |frame: LazyFrame, source: WorkloadSource| frame.with_columns([lit(source.code()).alias(col::WORKLOAD_METHOD)]);
    let from_survey = survey.map(|s| {
        let surveyed = s.clone().small_lazy().with_columns([lit(true).alias(col::HAS_SURVEY)]);
        tag(surveyed, WorkloadSource::Survey)
    });
    let from_standards = standards.map(|s| tag(as_survey_shape(s, survey), WorkloadSource::Standards));
    let fed = match (method, from_survey, from_standards) {
        (WorkloadMethod::Survey, survey, _) => survey,
        (WorkloadMethod::Standards, survey, Some(std)) => Some(match survey {
            // Units surveyed but without volumes stay in: surveyed, their workload unknown.
            Some(survey) => {
                let key = [col(col::UNIT), col(col::YEAR)];
                let rest = survey
                    .join(std.clone(), key.clone(), key, JoinArgs::new(JoinType::Anti))
                    .with_columns([
                        lit(NULL).cast(DataType::Float64).alias(col::WORKLOAD),
                        lit(NULL).cast(DataType::String).alias(col::WORKLOAD_METHOD),
                    ]);
                concat([shaped(std), shaped(rest)], UnionArgs::default())?
            }
            None => std,
        }),
        (WorkloadMethod::Standards, _, None) => {
            said.push(no_standards(files));
            None
        }
        (WorkloadMethod::StandardsElseSurvey, survey, Some(std)) => {
            let known = std.filter(col(col::WORKLOAD).is_not_null());
            Some(match survey {
                Some(survey) => {
                    let key = [col(col::UNIT), col(col::YEAR)];
                    let rest = survey.join(known.clone(), key.clone(), key, JoinArgs::new(JoinType::Anti));
                    concat([shaped(known), shaped(rest)], UnionArgs::default())?
                }
                None => known,
            })
        }
        (WorkloadMethod::StandardsElseSurvey, survey, None) => {
            said.push(no_standards(files));
            survey
        }
    };
    Ok((fed.map(LazyFrame::collect).transpose()?, said))
}

/// The columns both sources give, typed alike, so that their rows can be stacked.
fn shaped(frame: LazyFrame) -> LazyFrame {
    let f64 = |c: &str| col(c).cast(DataType::Float64);
    let i64 = |c: &str| col(c).cast(DataType::Int64);
    frame.select([
        col(col::UNIT),
        col(col::YEAR).cast(DataType::Int32),
        f64(col::WORKLOAD_REPORTED),
        f64(col::WORKLOAD),
        i64(col::TASKS),
        i64(col::PEOPLE_SURVEYED),
        f64(col::SPREAD_CV),
        f64(col::SPREAD_GINI),
        f64(col::SHARE_UNDERLOADED),
        col(col::WORKLOAD_METHOD),
        col(col::HAS_SURVEY),
    ])
}

/// The standards' per-unit rows in the survey's shape: the workload the standards', while what
/// was reported (按填报), the tasks, who was surveyed and how their loads spread stay the
/// survey's (unknown, or none, for a unit the survey lacks).
fn as_survey_shape(standards: &DataFrame, survey: Option<&DataFrame>) -> LazyFrame {
    let key = || [col(col::UNIT), col(col::YEAR)];
    let workload = standards.clone().lazy().select([
        col(col::UNIT),
        col(col::YEAR).cast(DataType::Int32),
        col(col::WORKLOAD_STD).alias(col::WORKLOAD),
    ]);
    let Some(s) = survey else {
        return workload.with_columns([
            lit(NULL).cast(DataType::Float64).alias(col::WORKLOAD_REPORTED),
            lit(0i64).alias(col::TASKS),
            lit(false).alias(col::HAS_SURVEY),
            lit(0i64).alias(col::PEOPLE_SURVEYED),
            lit(NULL).cast(DataType::Float64).alias(col::SPREAD_CV),
            lit(NULL).cast(DataType::Float64).alias(col::SPREAD_GINI),
            lit(NULL).cast(DataType::Float64).alias(col::SHARE_UNDERLOADED),
        ]);
    };
    let surveyed = s.clone().lazy().select([
        col(col::UNIT),
        col(col::YEAR).cast(DataType::Int32),
        col(col::WORKLOAD_REPORTED).cast(DataType::Float64),
        col(col::TASKS).cast(DataType::Int64),
        col(col::PEOPLE_SURVEYED).cast(DataType::Int64),
        col(col::SPREAD_CV).cast(DataType::Float64),
        col(col::SPREAD_GINI).cast(DataType::Float64),
        col(col::SHARE_UNDERLOADED).cast(DataType::Float64),
    ]);
    workload
        .join(surveyed, key(), key(), JoinArgs::new(JoinType::Left))
        .with_columns([
            col(col::TASKS).is_not_null().alias(col::HAS_SURVEY),
            col(col::TASKS).fill_null(lit(0i64)),
            col(col::PEOPLE_SURVEYED).fill_null(lit(0i64)),
        ])
}

/// The standards method chosen without both of its files; said at the one read, if any.
fn no_standards(files: (&str, &str)) -> Finding {
    let file = if files.0.is_empty() { files.1 } else { files.0 };
    Finding::error(
        "no_standards",
        Location::file(file),
        "工作量方法选了“工作标准”，但工作标准表和业务量统计表没有都读入：按标准的工作量为未知。请打开这两个文件，或在参数中改用调查。",
        "The workload method is set to standards, but the standards table and the volumes table were not both read: the workload by standards is unknown. Open both files, or set the method to survey.",
    )
}

/// One of the standards' two files read without the other: it cannot be used, and says so
/// whatever the method.
pub(super) fn half_of_standards(standards: Option<&str>, volumes: Option<&str>) -> Option<Finding> {
    let (file, zh, en) = match (standards, volumes) {
        (Some(file), None) => (file, "业务量统计表", "volumes table"),
        (None, Some(file)) => (file, "工作标准表", "standards table"),
        _ => return None,
    };
    Some(Finding::warning(
        "standards_incomplete",
        Location::file(file),
        format!("只读入了这一个文件，没有{zh}：按标准的工作量无法测算，这个文件未使用。"),
        format!(
            "This file was read without a {en}: the workload by standards cannot be computed, and this file is not used."
        ),
    ))
}

/// What the method leaves to say of the units: those without any workload, and (standards
/// else survey) those whose figures rest on the survey after all, by name.
pub(super) fn said_of_units(
    units: &DataFrame,
    method: WorkloadMethod,
    priced: &DataFrame,
    volumes_file: &str,
) -> PolarsResult<Vec<Finding>> {
    if !method.uses_standards() || units.column(col::WORKLOAD_METHOD).is_err() {
        return Ok(Vec::new());
    }
    let rows = super::Rows::new(units)?;
    let named = |source: Option<WorkloadSource>| -> Vec<String> {
        (0..rows.height())
            .filter(|&i| rows.str(col::WORKLOAD_METHOD, i).and_then(WorkloadSource::from_code) == source)
            .filter_map(|i| rows.str(col::UNIT, i).map(str::to_owned))
            .collect()
    };
    let mut said = Vec::new();
    // Units with some volumes (their standards' workload unknown) and units with none.
    let with_volumes: std::collections::HashSet<&str> = priced.column(col::UNIT)?.str()?.iter().flatten().collect();
    let (incomplete, none): (Vec<String>, Vec<String>) =
        named(None).into_iter().partition(|u| with_volumes.contains(u.as_str()));
    let also = method == WorkloadMethod::StandardsElseSurvey;
    for (units, zh, en) in [
        (none, "没有业务量", "have no volumes"),
        (
            incomplete,
            "业务量不完整（有的行无法按标准测算）",
            "have incomplete volumes (rows that cannot be priced)",
        ),
    ] {
        if units.is_empty() {
            continue;
        }
        let (zh_also, en_also) = if also {
            ("，也没有工作量调查", ", and no survey")
        } else {
            ("", "")
        };
        said.push(Finding::warning(
            "no_volumes",
            Location::file(volumes_file),
            format!(
                "{} 个单位{zh}{zh_also}，工作量和饱和度为未知：{}。",
                units.len(),
                list(&units, "、")
            ),
            format!(
                "{} units {en}{en_also}; their workload and saturation are unknown: {}.",
                units.len(),
                list(&units, ", ")
            ),
        ));
    }
    let fell_back = named(Some(WorkloadSource::Survey));
    if method == WorkloadMethod::StandardsElseSurvey && !fell_back.is_empty() {
        said.push(Finding::warning(
            "survey_in_place_of_standards",
            Location::file(volumes_file),
            format!(
                "{} 个单位的业务量缺失或不完整，其工作量按调查填报计算（两种方法的数字混在一起）：{}。",
                fell_back.len(),
                list(&fell_back, "、")
            ),
            format!(
                "{} units have missing or incomplete volumes, so their workload is the survey's (the two methods' figures are mixed): {}.",
                fell_back.len(),
                list(&fell_back, ", ")
            ),
        ));
    }
    Ok(said)
}

/// Up to ten names, and how many in all past that.
fn list(names: &[String], sep: &str) -> String {
    let mut text = names.iter().take(10).cloned().collect::<Vec<_>>().join(sep);
    if names.len() > 10 {
        text.push_str(&format!(" … ({})", names.len()));
    }
    text
}

/// The standards' work by staff category of the units (and years) the standards feed: a unit
/// whose figures are the survey's is never tied by the standards.
pub(super) fn fed_by_standards(by_staff: &DataFrame, fed: Option<&DataFrame>) -> PolarsResult<DataFrame> {
    let Some(fed) = fed else {
        return by_staff.clear().lazy().collect();
    };
    let fed = fed
        .clone()
        .lazy()
        .filter(col(col::WORKLOAD_METHOD).eq(lit(WorkloadSource::Standards.code())))
        .select([col(col::UNIT), col(col::YEAR)]);
    let key = [col(col::UNIT), col(col::YEAR)];
    by_staff
        .clone()
        .lazy()
        .join(fed, key.clone(), key, JoinArgs::new(JoinType::Semi))
        .collect()
}
