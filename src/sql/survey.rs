//! From the survey's rows to each unit's workload, as satlas computes it: each task's annual
//! hours, exact duplicates once, each person's hours calibrated and capped, and the spread of
//! personal saturation within a unit. Only the rows of the year the tables describe count.

use super::Keys;
use super::literal::{code, num};
use crate::model::{Params, Period};

/// The views in order, each reading the ones before it.
pub(super) fn views(params: &Params, keys: &Keys) -> Vec<String> {
    vec![
        year(keys),
        task_hours(params, keys),
        counted(params.survey.drop_duplicates, keys),
        person_hours(params, keys),
        task_workload(params, keys),
        unit_work(keys),
        unit_filed(keys),
        spread(params, keys),
    ]
}

/// The year the tables describe (NULL when the data carries none), per partition.
fn year(keys: &Keys) -> String {
    format!(
        "CREATE OR REPLACE TEMPORARY VIEW satlas_year AS\n\
         SELECT {k}MAX(year) AS year FROM satlas_unit_types{group};\n",
        k = keys.prefix(""),
        group = keys.group_by(),
    )
}

/// Occurrences per year of each period, through the working calendar; NULL for no period.
fn per_year(params: &Params) -> String {
    let cal = &params.calendar;
    let arms: String = Period::ALL
        .iter()
        .map(|p| {
            let name = format!("occurrences a year, {}", p.code());
            format!(
                "\n        WHEN {} THEN {}",
                code(p.code()),
                num(cal.per_year(*p), &name)
            )
        })
        .collect();
    format!("CASE s.period{arms}\n        END")
}

/// Each row's annual hours: given, or frequency × hours each × occurrences a year. Both given
/// and more than a tenth apart: unknown, not a pick. A row without a year is the tables' year.
fn task_hours(params: &Params, keys: &Keys) -> String {
    format!(
        "-- Each task's annual hours.\n\
         CREATE OR REPLACE TEMPORARY VIEW satlas_task_hours AS\n\
         SELECT t.*,\n\
         \x20   CASE WHEN t.annual_hours IS NOT NULL AND t.computed_hours IS NOT NULL\n\
         \x20         AND ABS(t.annual_hours - t.computed_hours) > {tenth} * CASE WHEN t.annual_hours >= t.computed_hours\n\
         \x20             THEN t.annual_hours ELSE t.computed_hours END\n\
         \x20       THEN NULL ELSE COALESCE(t.annual_hours, t.computed_hours) END AS hours\n\
         FROM (\n\
         \x20   SELECT {k}s.unit, s.person, s.task, s.period, s.frequency, s.hours_each, s.annual_hours,\n\
         \x20       s.source_file, s.row_hash, COALESCE(s.year, y.year) AS year,\n\
         \x20       s.frequency * s.hours_each * {per_year} AS computed_hours\n\
         \x20   FROM satlas_survey s {year}\n\
         \x20   WHERE y.year IS NULL OR COALESCE(s.year, y.year) = y.year\n\
         ) t;\n",
        k = keys.prefix("s"),
        tenth = num(0.1, "the two ways of giving time may differ by a tenth"),
        per_year = per_year(params),
        year = keys.year_join("s"),
    )
}

/// The rows counted: identical rows once (every column as filed, the whole row's hash among
/// them) unless the parameters count them all.
fn counted(drop_duplicates: bool, keys: &Keys) -> String {
    let key = format!(
        "{}unit, person, task, period, frequency, hours_each, annual_hours, year, source_file, row_hash",
        keys.prefix("")
    );
    if drop_duplicates {
        format!(
            "-- Rows counted: identical rows once (survey.drop_duplicates = true).\n\
             CREATE OR REPLACE TEMPORARY VIEW satlas_tasks_counted AS\n\
             SELECT {key}, MIN(hours) AS hours\n\
             FROM satlas_task_hours\n\
             GROUP BY {key};\n"
        )
    } else {
        "-- Rows counted: all of them (survey.drop_duplicates = false).\n\
         CREATE OR REPLACE TEMPORARY VIEW satlas_tasks_counted AS\n\
         SELECT * FROM satlas_task_hours;\n"
            .to_owned()
    }
}

/// Each surveyed person's hours: as reported (unknown if one task's time is), calibrated, and
/// capped at a multiple of H where the parameters cap them; the cap scales their tasks down.
fn person_hours(params: &Params, keys: &Keys) -> String {
    let rules = &params.survey;
    let h = params.calendar.available_hours();
    let cal = num(rules.calibration_factor, "survey.calibration_factor");
    let limit = num(rules.person_max_multiple * h, "survey.person_max_multiple × H");
    let (hours, factor) = if rules.cap_person_hours {
        (
            format!("CASE WHEN p.reported * {cal} > {limit} THEN {limit} ELSE p.reported * {cal} END"),
            format!("CASE WHEN p.reported * {cal} > {limit} THEN {limit} / (p.reported * {cal}) END"),
        )
    } else {
        (format!("p.reported * {cal}"), "CAST(NULL AS DOUBLE)".to_owned())
    };
    format!(
        "-- Each person's hours, reported and adjusted (survey.cap_person_hours = {cap}).\n\
         CREATE OR REPLACE TEMPORARY VIEW satlas_person_hours AS\n\
         SELECT {kp}p.unit, p.person, p.reported,\n\
         \x20   {hours} AS hours,\n\
         \x20   {factor} AS cap_factor\n\
         FROM (\n\
         \x20   SELECT {k}unit, person, CASE WHEN COUNT(hours) = COUNT(*) THEN SUM(hours) END AS reported\n\
         \x20   FROM satlas_tasks_counted WHERE person IS NOT NULL GROUP BY {k}unit, person\n\
         ) p;\n",
        cap = rules.cap_person_hours,
        kp = keys.prefix("p"),
        k = keys.prefix(""),
    )
}

/// Each counted task's hours as adjusted: calibrated, and scaled by its person's cap.
fn task_workload(params: &Params, keys: &Keys) -> String {
    let cal = num(params.survey.calibration_factor, "survey.calibration_factor");
    format!(
        "CREATE OR REPLACE TEMPORARY VIEW satlas_task_workload AS\n\
         SELECT {k}t.unit, t.person, t.hours,\n\
         \x20   t.hours * {cal} * COALESCE(p.cap_factor, {one}) AS workload\n\
         FROM satlas_tasks_counted t\n\
         LEFT JOIN satlas_person_hours p ON {on}p.unit = t.unit AND p.person = t.person;\n",
        k = keys.prefix("t"),
        one = num(1.0, "no cap"),
        on = keys.equal("p", "t"),
    )
}

/// Each surveyed unit's workload (unknown if one task's time is), tasks and people.
fn unit_work(keys: &Keys) -> String {
    format!(
        "CREATE OR REPLACE TEMPORARY VIEW satlas_unit_work AS\n\
         SELECT {k}unit,\n\
         \x20   CASE WHEN COUNT(workload) = COUNT(*) THEN SUM(workload) END AS workload,\n\
         \x20   COUNT(*) AS tasks,\n\
         \x20   COUNT(DISTINCT person) AS people_surveyed\n\
         FROM satlas_task_workload GROUP BY {k}unit;\n",
        k = keys.prefix(""),
    )
}

/// Each unit's workload as reported: every row filed, duplicates too, so that what cleaning
/// took out shows as the difference.
fn unit_filed(keys: &Keys) -> String {
    format!(
        "CREATE OR REPLACE TEMPORARY VIEW satlas_unit_filed AS\n\
         SELECT {k}unit, CASE WHEN COUNT(hours) = COUNT(*) THEN SUM(hours) END AS workload_reported\n\
         FROM satlas_task_hours GROUP BY {k}unit;\n",
        k = keys.prefix(""),
    )
}

/// The spread of personal saturation (hours / H) in each unit: CV and Gini over two people or
/// more, the share under-loaded; unknown when one person's hours are.
fn spread(params: &Params, keys: &Keys) -> String {
    let h = num(params.calendar.available_hours(), "H, available hours a year");
    let under = num(params.bands.under_below, "bands.under_below");
    format!(
        "-- The spread of personal saturation within each unit.\n\
         CREATE OR REPLACE TEMPORARY VIEW satlas_person_rank AS\n\
         SELECT {k}unit, hours / {h} AS s,\n\
         \x20   ROW_NUMBER() OVER (PARTITION BY {k}unit ORDER BY hours / {h}) AS r,\n\
         \x20   COUNT(*) OVER (PARTITION BY {k}unit) AS n\n\
         FROM satlas_person_hours;\n\
         CREATE OR REPLACE TEMPORARY VIEW satlas_unit_spread AS\n\
         SELECT {k}unit,\n\
         \x20   CASE WHEN COUNT(s) = COUNT(*) AND COUNT(*) > 1 AND AVG(s) > 0\n\
         \x20       THEN STDDEV_POP(s) / AVG(s) END AS spread_cv,\n\
         \x20   CASE WHEN COUNT(s) = COUNT(*) AND COUNT(*) > 1 AND SUM(s) > 0\n\
         \x20       THEN SUM((2 * r - n - 1) * s) / (COUNT(*) * SUM(s)) END AS spread_gini,\n\
         \x20   CASE WHEN COUNT(s) = COUNT(*)\n\
         \x20       THEN SUM(CASE WHEN s < {under} THEN 1 ELSE 0 END) / CAST(COUNT(*) AS DOUBLE) END AS share_underloaded\n\
         FROM satlas_person_rank GROUP BY {k}unit;\n",
        k = keys.prefix(""),
    )
}
