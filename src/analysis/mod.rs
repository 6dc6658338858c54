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
mod duplicates;
mod exact_sum;
mod figures;
mod flags;
mod gaps;
mod group_sums;
mod implausible;
pub use gaps::Unmatched;
mod indicators;
mod memo;
mod method;
pub mod names;
mod off_roster;
mod people;
mod required;
pub mod returns;
mod rollup;
mod roster;
mod row_groups;
mod rows;
mod similar;
mod small;
mod sources;
mod spread;
mod staffing;
pub mod standards;
pub mod survey_standards;
mod tables;
pub mod triangulation;
mod units;
mod values;
pub mod wisn;
mod workload;

pub use detail::{UnitDetail, unit_detail};
pub use memo::Memo;
pub use rollup::aggregate;
pub use rows::{Col, Rows};
pub use staffing::NO_YEAR;

use crate::findings::Finding;
use crate::ingest::Inputs;
use crate::model::{Params, col};
use polars::prelude::*;
use small::SmallLazy;

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
    /// Survey units the staffing table lacks, with the unit each most likely means.
    pub unmatched: Vec<gaps::Unmatched>,
    /// The standards method's tables, when standards and volumes were read.
    pub standards: Option<wisn::Standards>,
    /// Standards proposed from the survey (each task's median time per occurrence across
    /// units, with quartiles and units), for an expert group to edit and load back; empty
    /// without a survey.
    pub proposed_standards: DataFrame,
    /// The returns of a survey round (回收情况), when the survey was read from a folder.
    pub returns: Option<DataFrame>,
}

#[derive(Debug, thiserror::Error)]
pub enum AnalysisError {
    #[error("{0}")]
    Params(crate::model::ParamError),
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
    pub standards: String,
    pub volumes: String,
}

/// The canonical tables of one analysis.
#[derive(Debug, Clone, Copy)]
pub struct Frames<'a> {
    pub staffing: &'a DataFrame,
    pub roster: Option<&'a DataFrame>,
    pub survey: Option<&'a DataFrame>,
    /// Activity standards and annual volumes: the standards method needs both.
    pub standards: Option<&'a DataFrame>,
    pub volumes: Option<&'a DataFrame>,
}

/// Analyse loaded inputs (the staffing table is required; roster and survey are optional).
pub fn analyze(inputs: &Inputs, params: &Params) -> Result<Analysis, AnalysisError> {
    analyze_with(inputs, params, &Memo::default())
}

/// Analyse `inputs`, taking from `memo` what an analysis of the same inputs under other
/// parameters made and these parameters would make again (see [`Memo::for_inputs`]).
pub fn analyze_with(inputs: &Inputs, params: &Params, memo: &Memo) -> Result<Analysis, AnalysisError> {
    let fresh;
    let memo = if memo.made_from_other(inputs) {
        fresh = Memo::default();
        &fresh
    } else {
        memo
    };
    let staffing = inputs.staffing.as_ref().ok_or(AnalysisError::NoStaffing)?;
    let file = |l: &Option<crate::ingest::Loaded>| l.as_ref().map(|l| l.file.clone()).unwrap_or_default();
    let names = SourceNames {
        staffing: staffing.file.clone(),
        roster: file(&inputs.roster),
        survey: file(&inputs.survey),
        standards: file(&inputs.standards),
        volumes: file(&inputs.volumes),
    };
    fn frame(l: &Option<crate::ingest::Loaded>) -> Option<&DataFrame> {
        l.as_ref().map(|l| &l.frame)
    }
    let frames = Frames {
        staffing: &staffing.frame,
        roster: frame(&inputs.roster),
        survey: frame(&inputs.survey),
        standards: frame(&inputs.standards),
        volumes: frame(&inputs.volumes),
    };
    let mut result = analyze_memo(frames, params, &names, memo)?;
    // A finding about a row of an input names the sheet it was read from, and the column as
    // the file heads it (C（标准用时（小时/件））), not by the field's code.
    for f in &mut result.findings {
        let Some(read) = inputs.all().find(|l| l.file == f.location.file) else {
            continue;
        };
        if f.location.sheet.is_none() && f.location.row.is_some() {
            f.location.sheet = read.sheet.clone();
        }
        if let Some(c) = f.location.column.as_deref().and_then(|c| column_as_filed(read, c)) {
            f.location.column = Some(c);
        }
    }
    returns::place_unit_findings(&mut result.findings, &result.unmatched, inputs);
    result.findings.extend(
        memo.off_roster
            .get(&(), || off_roster::findings(inputs))?
            .iter()
            .cloned(),
    );
    let mut findings = inputs.findings();
    if let Some((table, said)) = &*memo.completeness.get(&(), || returns::completeness(inputs))? {
        result.returns = Some(table.clone());
        findings.extend(said.iter().cloned());
    }
    findings.append(&mut result.findings);
    result.findings = findings;
    Ok(result)
}

/// The file's column that holds canonical `column`, as letter and header.
fn column_as_filed(read: &crate::ingest::Loaded, column: &str) -> Option<String> {
    // The analysis names a standard, a volume or an activity; the reader maps their columns.
    let fields: &[&str] = match column {
        col::ACTIVITY => &[col::TASK],
        col::STANDARD_HOURS => &[col::HOURS_EACH, "minutes_each", "rate_per_hour"],
        col::VOLUME => &[col::VOLUME, col::FREQUENCY],
        other => {
            return read
                .columns
                .iter()
                .find(|c| c.field.as_deref() == Some(other))
                .map(label);
        }
    };
    fields
        .iter()
        .find_map(|f| read.columns.iter().find(|c| c.field.as_deref() == Some(*f)))
        .map(label)
}

fn label(c: &crate::ingest::SourceColumn) -> String {
    if c.header.trim().is_empty() {
        c.letter.clone()
    } else {
        format!("{}（{}）", c.letter, c.header)
    }
}

/// Analyse canonical frames directly (the entry point tests and benchmarks use).
pub fn analyze_frames(
    staffing: &DataFrame,
    roster: Option<&DataFrame>,
    survey: Option<&DataFrame>,
    params: &Params,
    names: &SourceNames,
) -> Result<Analysis, AnalysisError> {
    let frames = Frames {
        staffing,
        roster,
        survey,
        standards: None,
        volumes: None,
    };
    analyze_all(frames, params, names)
}

/// Analyse every table given, the standards among them.
pub fn analyze_all(frames: Frames, params: &Params, names: &SourceNames) -> Result<Analysis, AnalysisError> {
    analyze_memo(frames, params, names, &Memo::default())
}

/// Analyse `frames`, taking from `memo` each part whose parameters did not change since it
/// was made from the same frames.
fn analyze_memo(frames: Frames, params: &Params, names: &SourceNames, memo: &Memo) -> Result<Analysis, AnalysisError> {
    let Frames {
        staffing,
        roster,
        survey,
        ..
    } = frames;
    params.validate().map_err(AnalysisError::Params)?;
    let mut findings = Vec::new();

    // Staffing per unit × quota type × year. Which year the tables describe: the staffing
    // table's latest, else the survey's.
    let survey_year = match survey {
        Some(s) => *memo.survey_year.get(&(), || staffing::latest_year(s))?,
        None => None,
    };
    let default_year = survey_year.unwrap_or(NO_YEAR);
    let staff = memo.staff.get(&(default_year, params.tags.clone()), || {
        staffing::consolidate(staffing, roster, params, default_year, &names.staffing, &names.roster)
    })?;
    findings.extend(staff.findings.iter().cloned());
    let staff = &staff.frame;
    let year = staffing::latest_year(staff)?.unwrap_or(NO_YEAR);

    // The survey's aggregates under this calendar and these survey rules; each unit's
    // workload with its people's spread.
    let part = survey
        .map(|s| survey_part(s, roster, year, params, &names.survey, memo))
        .transpose()?;
    let unit_workload = part.as_ref().map(|p| spread_units(p, params, memo)).transpose()?;
    let unit_workload = unit_workload.as_deref();
    if let Some(p) = &part {
        findings.extend(p.filed.findings.iter().cloned());
    }

    // The figures before bands and flags: kept while only those (or plan rules) change.
    let sources = figures::Sources {
        staff,
        part: part.as_deref(),
        unit_workload,
        frames: &frames,
        year,
        names,
    };
    let figures = figures::of(&sources, params, memo)?;
    findings.extend(figures.findings.iter().cloned());
    let fed = figures.fed.as_ref();
    let by_standards = &figures.by_standards;
    let unit_types_all = indicators::with_band(&figures.unit_types_all, params)?;
    let units_all = figures::units_all(&figures, unit_workload, params)?;
    let units_all = indicators::with_band(&units_all, params)?;
    let units_all = flags::with_flags(units_all, params, year)?;

    let mut units = tables::units(&units_all, fed.is_some(), year)?;
    if let Some(std) = by_standards {
        let (with_std, said) = standards_beside(units, &units_all, std, fed, params, year, names)?;
        units = with_std;
        findings.extend(said);
    }
    // The tables that follow read the units alone, and not each other: side by side.
    let (by_unit, (rolled_up, survey)) = rayon::join(
        || -> PolarsResult<_> {
            let unit_types = tables::unit_types(&unit_types_all, &units, year)?;
            let history = tables::history(&units_all)?;
            Ok((unit_types, history, gaps::unknown_counts(&units, &names.staffing)?))
        },
        || {
            rayon::join(
                // Roll-ups into departments and the district.
                || -> PolarsResult<_> {
                    let departments = aggregate(&units, Some(col::DEPARTMENT), params)?;
                    let district = aggregate(&units, None, params)?;
                    Ok((rollup::summary(&units, &district, params, year)?, departments))
                },
                // Survey and staffing that do not meet.
                || match (&part, unit_workload) {
                    (Some(p), Some(w)) => survey_tables(p, w, (&units_all, &units), params, names),
                    _ => Ok((SurveyTables::default(), Vec::new())),
                },
            )
        },
    );
    let (unit_types, history, said) = by_unit?;
    findings.extend(said);
    let (summary, departments) = rolled_up?;
    let (tables, said) = survey?;
    findings.extend(said);
    let SurveyTables {
        tasks,
        people,
        proposed_standards,
        unmatched,
    } = tables;

    Ok(Analysis {
        year: (year != NO_YEAR).then_some(year),
        available_hours: params.calendar.available_hours(),
        unit_types,
        units,
        departments,
        summary,
        people,
        tasks,
        history,
        findings,
        unmatched,
        standards: by_standards.clone(),
        proposed_standards,
        returns: None,
    })
}

/// Each unit's survey workload with its people's spread, from `memo` when the survey part and
/// the one band threshold the spread reads are those it was made under.
fn spread_units(part: &memo::SurveyPart, params: &Params, memo: &Memo) -> PolarsResult<std::sync::Arc<DataFrame>> {
    let key = (part.key.clone(), params.bands.under_below);
    memo.units.get(&key, || workload::units(&part.filed, params))
}

/// The tables the survey gives beside the units'.
#[derive(Default)]
struct SurveyTables {
    tasks: DataFrame,
    people: DataFrame,
    proposed_standards: DataFrame,
    unmatched: Vec<gaps::Unmatched>,
}

/// The survey's tables, and what it says of the units: those it names that the staffing table
/// lacks, those it leaves out, those whose workload it leaves unknown.
fn survey_tables(
    part: &memo::SurveyPart,
    unit_workload: &DataFrame,
    (units_all, units): (&DataFrame, &DataFrame),
    params: &Params,
    names: &SourceNames,
) -> PolarsResult<(SurveyTables, Vec<Finding>)> {
    let (mut said, unmatched) = gaps::unmatched(units_all, unit_workload, &names.survey)?;
    if params.method == crate::model::WorkloadMethod::Survey {
        said.extend(gaps::unsurveyed(units, &names.staffing)?);
    }
    said.extend(gaps::unknown_workload(&fed_by_survey(units)?, &names.survey)?);
    said.extend(part.proposed.1.iter().cloned());
    let tables = SurveyTables {
        tasks: part.tasks_table.clone(),
        people: part.people_table.clone(),
        proposed_standards: part.proposed.0.clone(),
        unmatched,
    };
    Ok((tables, said))
}

/// The survey's part under `params`, from `memo` when the calendar and the survey rules are
/// those it was made under.
fn survey_part(
    survey: &DataFrame,
    roster: Option<&DataFrame>,
    year: i32,
    params: &Params,
    file: &str,
    memo: &Memo,
) -> PolarsResult<std::sync::Arc<memo::SurveyPart>> {
    let key = memo::SurveyKey {
        year,
        calendar: params.calendar.clone(),
        survey: params.survey.clone(),
    };
    memo.survey.get(&key, || {
        // The rows' hours read the office days alone of the calendar.
        let hours_key = (year, params.calendar.office_days(), params.survey.drop_duplicates);
        let hours = memo.hours.get(&hours_key, || {
            let drop = params.survey.drop_duplicates;
            let layout = memo.layout.get(&(year, drop), || {
                // A survey without years describes the latest `year`.
                let survey = survey
                    .clone()
                    .lazy()
                    .with_columns([col(col::YEAR).cast(DataType::Int32).fill_null(lit(year))])
                    .collect()?;
                let dups = memo.duplicates.get(&year, || duplicates::groups(&survey))?;
                workload::layout(survey, (dups, drop), roster, (year, params))
            })?;
            workload::hours(&layout, params, file)
        })?;
        let filed = workload::filed(&hours, params, file)?;
        let tasks_table = tables::tasks(filed.tasks.clone(), year)?;
        let people_table = tables::people(filed.people.clone(), year)?;
        // The times per occurrence read no calendar: only which duplicates are counted.
        let proposed = memo
            .proposed
            .get(&(year, params.survey.drop_duplicates), || proposed(&tasks_table, file))?;
        Ok(memo::SurveyPart {
            key: key.clone(),
            filed,
            tasks_table,
            people_table,
            proposed,
        })
    })
}

/// The units table with the standards' figures beside each unit's, and what the method leaves
/// to say: volumes units the staffing table lacks, units without volumes or fed by the survey.
fn standards_beside(
    units: DataFrame,
    units_all: &DataFrame,
    std: &wisn::Standards,
    fed: Option<&DataFrame>,
    params: &Params,
    year: i32,
    names: &SourceNames,
) -> PolarsResult<(DataFrame, Vec<Finding>)> {
    let mut said = gaps::unmatched_volumes(units_all, &std.units, &names.volumes)?;
    let units = wisn::beside(units, std, fed, year)?;
    said.extend(method::said_of_units(
        &units,
        params.method,
        &std.units,
        &names.volumes,
    )?);
    Ok((units, said))
}

/// Standards proposed from the survey's `tasks` of the year, when there are any.
fn proposed(tasks: &DataFrame, survey_file: &str) -> PolarsResult<(DataFrame, Vec<Finding>)> {
    if tasks.height() == 0 {
        return Ok((DataFrame::empty(), Vec::new()));
    }
    survey_standards::from_survey(tasks, survey_file)
}

/// The units whose workload is the survey's (all of them without standards): what the survey
/// says of their times concerns them alone.
fn fed_by_survey(units: &DataFrame) -> PolarsResult<DataFrame> {
    if units.column(col::WORKLOAD_METHOD).is_err() {
        return Ok(units.clone());
    }
    units
        .clone()
        .small_lazy()
        .filter(col(col::WORKLOAD_METHOD).eq(lit(crate::model::WorkloadSource::Survey.code())))
        .collect()
}
