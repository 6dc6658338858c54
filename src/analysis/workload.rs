//! Workload from the survey: each task's annual hours, the survey-quality rules, and each
//! unit's workload as reported and as adjusted (duplicates and people have files of their own).

use super::rows::Rows;
use super::values::{Dense, above};
use super::{duplicates, group_sums, implausible, people, row_groups, spread};
use crate::findings::{Finding, Location};
use crate::model::{Params, Period, col};
use polars::prelude::*;
use polars_arrow::bitmap::MutableBitmap;
use std::sync::Arc;

/// Column names internal to this step: a task's annual hours as filed, and adjusted.
pub(super) const HOURS: &str = "hours";
pub(super) const HOURS_ADJUSTED: &str = "hours_adjusted";

/// What the survey's rows give before any calendar: which rows count under the rule for
/// duplicates, their groups and periods, each person's tasks and first row, and the rows whose
/// times each may be implausible. Office days then change the hours alone, not which rows go
/// together.
pub(super) struct Layout {
    /// The survey's rows, the year filled in.
    survey: DataFrame,
    /// Its groups of identical rows, and whether they count once.
    dups: Arc<DataFrame>,
    drop: bool,
    /// Each row's period as its place in [`Period::ALL`]; null when none is known.
    periods: UInt8Chunked,
    /// The places of the rows counted; `None` when all are.
    kept: Option<IdxCa>,
    /// The periods of the rows counted.
    counted_periods: UInt8Chunked,
    /// The rows counted, with their groups.
    rows: DataFrame,
    groups: row_groups::Groups,
    /// One row per person of the rows counted, in the order of their groups.
    people: DataFrame,
    /// The rows counted whose times each may be implausible.
    time_suspects: Arc<implausible::TimeSuspects>,
}

/// The layout of `survey` (the year filled in), whose groups of identical rows are `dups`,
/// counted once if `drop`. Of `params`, only the suspects' floor reads the limit of one
/// occurrence, and any limit is then answered right (one under the floor reads every row):
/// the memo keeps it under the year and the rule for duplicates alone.
pub(super) fn layout(
    survey: DataFrame,
    (dups, drop): (Arc<DataFrame>, bool),
    roster: Option<&DataFrame>,
    (year, params): (i32, &Params),
) -> PolarsResult<Layout> {
    let periods = period_places(&survey)?;
    let kept = duplicates::kept(&survey, &dups, drop)?;
    let counted_periods = match &kept {
        Some(places) => periods.take(places)?,
        None => periods.clone(),
    };
    let rows = counted(&survey, kept.as_ref())?;
    let (rows, groups) = row_groups::grouped(rows, roster, year)?;
    let people = people::of_rows(&rows)?;
    let time_suspects = implausible::TimeSuspects::of(&rows, &counted_periods, params)?;
    Ok(Layout {
        survey,
        dups,
        drop,
        periods,
        kept,
        counted_periods,
        rows,
        groups,
        people,
        time_suspects,
    })
}

/// The rows of `frame` (one per survey row) that count: those at `kept`, else all.
fn counted(frame: &DataFrame, kept: Option<&IdxCa>) -> PolarsResult<DataFrame> {
    match kept {
        Some(places) => frame.take(places),
        None => Ok(frame.clone()),
    }
}

/// Each row's period as its place in [`Period::ALL`].
fn period_places(survey: &DataFrame) -> PolarsResult<UInt8Chunked> {
    let codes: Vec<&str> = Period::ALL.iter().map(|p| p.code()).collect();
    let periods = survey.column(col::PERIOD)?.str()?;
    Ok(periods
        .iter()
        .map(|p| p.and_then(|p| codes.iter().position(|c| *c == p)).map(|i| i as u8))
        .collect())
}

/// What the survey's rows give under one count of office days (the occurrences of a daily or
/// weekly task) and one rule for duplicates: each counted row's annual hours, each person's
/// sum, and what was said of them. The working time per person reads none of it, but for the
/// floors of the implausible rows' suspects (any working time is answered right).
pub(super) struct Hours {
    /// The rows counted, with their groups.
    tasks: DataFrame,
    /// Their periods, as places in [`Period::ALL`].
    periods: UInt8Chunked,
    /// The rows' groups by unit and year, and by quota type.
    groups: row_groups::Groups,
    /// The reported workload counting duplicates as filed, where duplicates were dropped.
    reported_as_filed: Option<DataFrame>,
    person_sums: DataFrame,
    /// Each unit's and quota type's sums of the hours filed, adjusted by nothing: what a
    /// working time without calibration or cap keeps (the working time reads no row).
    sums_as_filed: (DataFrame, DataFrame),
    /// The rows that may be implausible under limits near those the hours were made under.
    suspects: implausible::Suspects,
    findings: Vec<Finding>,
}

/// The survey's hours in a year of the office days of `params`, laid out by `layout`. Of the
/// other parameters, only the suspects' floors read the limits, and any limits are then
/// answered right (a limit under its floor reads every row): the memo keeps it under the
/// office days alone.
pub(super) fn hours(layout: &Layout, params: &Params, file: &str) -> PolarsResult<Hours> {
    let office_days = params.calendar.office_days();
    let here = Location::file(file);
    let mut findings = Vec::new();
    let all = annual_hours(&layout.survey, &layout.periods, office_days)?;
    findings.extend(disagreements(&all, &here)?);

    // Exact duplicate rows: reported, and counted once unless the user says otherwise.
    findings.extend(duplicates::findings(&layout.dups, layout.drop, &here)?);
    let reported_as_filed = layout.kept.as_ref().map(|_| duplicates::as_filed(&all)).transpose()?;
    let mut tasks = layout.rows.clone();
    tasks.hstack_mut(counted(&all.select([DISAGREE, HOURS])?, layout.kept.as_ref())?.columns())?;
    let (person_sums, (sums_as_filed, suspects)) = rayon::join(
        || people::sums(&layout.people, &tasks),
        || {
            (
                group_sums::unit_and_type_sums(&tasks, None, &layout.groups),
                implausible::Suspects::of(&tasks, &layout.time_suspects, params),
            )
        },
    );
    Ok(Hours {
        periods: layout.counted_periods.clone(),
        groups: layout.groups.clone(),
        reported_as_filed,
        person_sums: person_sums?,
        sums_as_filed: sums_as_filed?,
        suspects: suspects?,
        tasks,
        findings,
    })
}

/// What the survey's rows give before the bands are read: the tasks and people with their
/// hours, each unit's sums, and what was said of them.
pub(super) struct Filed {
    pub tasks: DataFrame,
    pub people: DataFrame,
    /// One row per unit group, in the order of their numbers: unit, year, workload reported
    /// and adjusted, and tasks.
    sums: DataFrame,
    /// The rows' groups, which `sums` and the people follow.
    groups: row_groups::Groups,
    /// The reported workload counting duplicates as filed, where duplicates were dropped.
    reported_as_filed: Option<DataFrame>,
    /// Workload per unit, year and quota type of its people on the roster.
    pub roster_ties: DataFrame,
    pub findings: Vec<Finding>,
}

/// The survey's workload under the working time and survey rules of `params`.
pub(super) fn filed(hours: &Hours, params: &Params, file: &str) -> PolarsResult<Filed> {
    let here = Location::file(file);
    // The implausible rows read the rows alone: found beside the people and the sums.
    let (implausible, by_people) = rayon::join(
        || implausible::findings(&hours.tasks, &hours.periods, &hours.suspects, params, &here),
        || -> PolarsResult<_> {
            let people = people::totals(&hours.person_sums, params)?;
            let over = people::over_hours(&people, params, &here)?;
            let (rows, sums) = adjusted(hours, &people, params.survey.calibration_factor)?;
            Ok((people, over, rows, sums))
        },
    );
    let (people, over, rows, (sums, roster_ties)) = by_people?;
    let mut findings = hours.findings.clone();
    findings.extend(implausible?);
    findings.extend(over);
    Ok(Filed {
        sums,
        roster_ties,
        groups: hours.groups.clone(),
        tasks: handed_out(&rows)?,
        people,
        reported_as_filed: hours.reported_as_filed.clone(),
        findings,
    })
}

/// The rows with their adjusted hours, and each unit's and quota type's sums. Where these
/// are the hours filed (no calibration, no one capped), the sums filed stand: no row is read.
fn adjusted(hours: &Hours, people: &DataFrame, cal: f64) -> PolarsResult<(DataFrame, (DataFrame, DataFrame))> {
    let mut rows = hours.tasks.clone();
    match people::adjusted_hours(&rows, people, cal)? {
        Some(adjusted) => {
            let sums = group_sums::unit_and_type_sums(&rows, Some(adjusted.f64()?), &hours.groups)?;
            rows.with_column(adjusted)?;
            Ok((rows, sums))
        }
        None => {
            rows.with_column(rows.column(HOURS)?.clone().with_name(HOURS_ADJUSTED.into()))?;
            Ok((rows, hours.sums_as_filed.clone()))
        }
    }
}

/// Column internal to this step: the annual hours and the frequency × hours each disagree.
const DISAGREE: &str = "hours_disagree";

/// A task's annual hours: given directly, or frequency × hours each × occurrences per year.
/// Neither given, or both given and more than a tenth apart: unknown, not 0 and not a pick.
/// `periods` are the rows' places in [`Period::ALL`]. One pass over the rows.
fn annual_hours(survey: &DataFrame, periods: &UInt8Chunked, office_days: f64) -> PolarsResult<DataFrame> {
    let per_period: Vec<f64> = Period::ALL.iter().map(|p| p.per_year(office_days)).collect();
    let floats = |name: &str| -> PolarsResult<Dense<'_, Float64Type>> { Ok(Dense::new(survey.column(name)?.f64()?)) };
    let (frequency, each, given) = (
        floats(col::FREQUENCY)?,
        floats(col::HOURS_EACH)?,
        floats(col::ANNUAL_HOURS)?,
    );
    let periods = Dense::new(periods);
    let n = survey.height();
    if [frequency.len(), each.len(), given.len(), periods.len()] != [n; 4] {
        polars_bail!(ComputeError: "the survey's columns differ in length");
    }
    let ways = Ways {
        frequency: &frequency,
        each: &each,
        given: &given,
        periods: &periods,
        per_period: &per_period,
    };
    // Two halves side by side: a change of the office days waits on this pass.
    let mut hours = vec![0.0; n];
    let (front, back) = hours.split_at_mut(n / 2);
    let (front_marks, back_marks) =
        rayon::join(|| hours_of_rows(&ways, front, 0), || hours_of_rows(&ways, back, n / 2));
    // Unknown hours and disagreements are few: each bitmap starts whole and is marked.
    let mut known = MutableBitmap::from_len_set(n);
    let mut disagree = MutableBitmap::from_len_zeroed(n);
    for marks in [front_marks, back_marks] {
        marks.unknown.into_iter().for_each(|i| known.set(i, false));
        marks.apart.into_iter().for_each(|i| disagree.set(i, true));
    }
    // A column with every hour known keeps no validity bitmap, as a collected one would not.
    let hours = Float64Chunked::from_vec_validity(HOURS.into(), hours, known.into());
    let disagree = BooleanChunked::from_bitmap(DISAGREE.into(), disagree.freeze());
    let mut survey = survey.clone();
    survey.with_column(disagree.into_column())?;
    survey.with_column(hours.into_column())?;
    Ok(survey)
}

/// The survey's two ways of giving a task's time, by the rows' places, and the occurrences a
/// year of each period.
struct Ways<'a> {
    frequency: &'a Dense<'a, Float64Type>,
    each: &'a Dense<'a, Float64Type>,
    given: &'a Dense<'a, Float64Type>,
    periods: &'a Dense<'a, UInt8Type>,
    per_period: &'a [f64],
}

/// The places of the rows whose hours are unknown, and of those whose two ways disagree.
struct Marks {
    unknown: Vec<usize>,
    apart: Vec<usize>,
}

/// Writes the annual hours of the rows from place `first` on into `hours` (0 where unknown),
/// and gives the places to mark.
fn hours_of_rows(ways: &Ways, hours: &mut [f64], first: usize) -> Marks {
    let ((f, f_known), (e, e_known)) = (ways.frequency.parts(), ways.each.parts());
    let ((g, g_known), (p, p_known)) = (ways.given.parts(), ways.periods.parts());
    let mut marks = Marks {
        unknown: Vec::new(),
        apart: Vec::new(),
    };
    let per_year = |p: u8| ways.per_period[p as usize];
    for (i, hours) in (first..).zip(hours.iter_mut()) {
        let computed = (f_known(i) && e_known(i) && p_known(i)).then(|| f[i] * e[i] * per_year(p[i]));
        let given = g_known(i).then(|| g[i]);
        let apart = match (given, computed) {
            (Some(g), Some(c)) => above((g - c).abs(), 0.1 * if g > c { g } else { c }),
            _ => false,
        };
        let value = if apart { None } else { given.or(computed) };
        *hours = value.unwrap_or(0.0);
        if value.is_none() {
            marks.unknown.push(i);
        }
        if apart {
            marks.apart.push(i);
        }
    }
    marks
}

/// Rows whose annual hours and frequency × hours each disagree (the first 20, then how many).
fn disagreements(tasks: &DataFrame, here: &Location) -> PolarsResult<Vec<Finding>> {
    let rows = tasks
        .clone()
        .lazy()
        .filter(col(DISAGREE))
        .select(super::sources::with_source(
            tasks,
            vec![col(col::SOURCE_ROW), col(col::TASK)],
        ))
        .collect()?;
    let r = Rows::new(&rows)?;
    let mut out: Vec<Finding> = (0..rows.height().min(20))
        .map(|i| {
            let task = r.str(col::TASK, i).unwrap_or("");
            Finding::warning(
                "hours_disagree",
                super::sources::row_at(&r, i, here),
                format!("工作事项“{task}”的年工作时长与“频次×每次用时”相差一成以上：用时按未知处理，请核实。"),
                format!("The annual hours of task '{task}' and its frequency × hours each are more than a tenth apart: its time is unknown; please check."),
            )
        })
        .collect();
    if rows.height() > 20 {
        out.push(Finding::warning(
            "hours_disagree",
            here.clone(),
            format!("共有 {} 个事项两种填法不一致。", rows.height()),
            format!(
                "{} tasks in all disagree between the two ways of giving time.",
                rows.height()
            ),
        ));
    }
    Ok(out)
}

/// The tasks as handed out: hours as filed (`annual_hours`) and adjusted (`workload`).
fn handed_out(tasks: &DataFrame) -> PolarsResult<DataFrame> {
    // Columns picked and renamed, none copied.
    let renamed = |c: &str, to: &str| -> PolarsResult<Column> { Ok(tasks.column(c)?.clone().with_name(to.into())) };
    let mut columns = Vec::with_capacity(11);
    for c in [
        col::UNIT,
        col::DEPARTMENT,
        col::PERSON,
        col::TASK,
        col::PERIOD,
        col::FREQUENCY,
        col::HOURS_EACH,
    ] {
        columns.push(tasks.column(c)?.clone());
    }
    columns.push(renamed(HOURS, col::ANNUAL_HOURS)?);
    columns.push(renamed(HOURS_ADJUSTED, col::WORKLOAD)?);
    for c in [col::YEAR, col::SOURCE_ROW] {
        columns.push(tasks.column(c)?.clone());
    }
    DataFrame::new(tasks.height(), columns)
}

/// Each unit's workload per year with its people's spread (which reads the bands); the
/// reported workload counts duplicates as filed where they were dropped.
pub(super) fn units(filed: &Filed, params: &Params) -> PolarsResult<DataFrame> {
    let mut units = filed.sums.clone();
    // Both are one row per unit group, in the order of their numbers.
    units.hstack_mut(spread::by_unit(&filed.people, &filed.groups, params.bands.under_below)?.columns())?;
    let key = [col(col::UNIT), col(col::YEAR)];
    match &filed.reported_as_filed {
        Some(reported) => units
            .lazy()
            .drop(by_name([col::WORKLOAD_REPORTED], true, false))
            .join(
                reported.clone().lazy(),
                key.clone(),
                key,
                JoinArgs {
                    nulls_equal: true,
                    ..JoinArgs::new(JoinType::Left)
                },
            )
            .collect(),
        None => Ok(units),
    }
}
