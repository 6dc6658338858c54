//! The returns of a survey round (回收情况): for every unit of the staffing table, whether it
//! returned a survey and which file counts, an empty form, one that leaves people of the roster
//! out, or nothing — the list the office chases.

use crate::findings::{Finding, Location, Severity};
use crate::ingest::returns::{FileState, Returns};
use crate::ingest::{Inputs, text};
use crate::model::{ReturnStatus, col};
use polars::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

/// The 回收情况 table and its findings, when the survey was read from a folder of returns.
pub fn completeness(inputs: &Inputs) -> PolarsResult<Option<(DataFrame, Vec<Finding>)>> {
    let (Some(staffing), Some(survey)) = (&inputs.staffing, &inputs.survey) else {
        return Ok(None);
    };
    let Some(returns) = &survey.returns else {
        return Ok(None);
    };
    let units = unit_departments(&staffing.frame)?;
    let roster = inputs.roster.as_ref().map(|r| people_by_unit(&r.frame)).transpose()?;
    let filed = people_by_unit(&survey.frame)?;
    let rows = rows_by_unit(&survey.frame)?;
    let mut t = Table::default();
    for (unit, department) in &units {
        let roster_people = roster.as_ref().map(|r| r.get(unit).cloned().unwrap_or_default());
        let filed_people = filed.get(unit).cloned().unwrap_or_default();
        let mut missing: Vec<&String> = roster_people
            .iter()
            .flatten()
            .filter(|p| !filed_people.contains(*p))
            .collect();
        let status = status(returns, unit, missing.is_empty());
        // A unit that returned nothing is chased whole, not person by person.
        if !matches!(status, ReturnStatus::Partial) {
            missing.clear();
        }
        t.push(Row {
            unit,
            department: department.as_deref(),
            status,
            files: returns.files.iter().filter(|f| f.units.contains(unit)).count(),
            counted: returns
                .files_of(unit, FileState::Counted)
                .next()
                .map(|f| f.file.as_str()),
            rows: rows.get(unit).copied().unwrap_or(0),
            roster: roster_people.as_ref().map(Vec::len),
            filed: filed_people.len(),
            missing: named(&missing),
            note: used_by_other(returns, unit),
        });
    }
    let findings = findings(&t, &survey.file);
    Ok(Some((t.frame()?, findings)))
}

/// Where the form made for `unit` went when another unit's rows fill it: said beside the unit,
/// whose own status is then what it returned of its own.
fn used_by_other(returns: &Returns, unit: &str) -> Option<String> {
    let f = returns
        .files
        .iter()
        .find(|f| f.marked.as_deref() == Some(unit) && !f.units.is_empty() && !f.units.iter().any(|u| u == unit))?;
    // File → unit: the same in either language of the report.
    Some(format!("{} → {}", f.file, f.units.join(", ")))
}

fn status(returns: &Returns, unit: &str, everyone: bool) -> ReturnStatus {
    if returns.files_of(unit, FileState::Counted).next().is_some() {
        if everyone {
            ReturnStatus::Returned
        } else {
            ReturnStatus::Partial
        }
    } else if returns.files_of(unit, FileState::Empty).next().is_some() {
        ReturnStatus::Empty
    } else if [FileState::Unreadable, FileState::NotSurvey]
        .into_iter()
        .any(|s| returns.files_of(unit, s).next().is_some())
    {
        ReturnStatus::Unusable
    } else {
        ReturnStatus::Missing
    }
}

/// Every name: the office chases each of them.
fn named(people: &[&String]) -> String {
    people.iter().map(|p| p.as_str()).collect::<Vec<_>>().join("、")
}

/// The staffing table's units in its order, each with its department.
fn unit_departments(frame: &DataFrame) -> PolarsResult<Vec<(String, Option<String>)>> {
    let units = frame.column(col::UNIT)?.str()?;
    let departments = frame
        .column(col::DEPARTMENT)
        .ok()
        .map(|c| c.str().cloned())
        .transpose()?;
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for i in 0..frame.height() {
        let Some(u) = units.get(i) else { continue };
        if seen.insert(u.to_owned()) {
            let d = departments.as_ref().and_then(|d| d.get(i)).map(str::to_owned);
            out.push((u.to_owned(), d));
        }
    }
    Ok(out)
}

/// Per unit, the people with a row (names cleaned, each once, in row order).
fn people_by_unit(frame: &DataFrame) -> PolarsResult<BTreeMap<String, Vec<String>>> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let (Ok(units), Ok(people)) = (frame.column(col::UNIT), frame.column(col::PERSON)) else {
        return Ok(out);
    };
    for (u, p) in units.str()?.iter().zip(people.str()?.iter()) {
        let (Some(u), Some(p)) = (u, p) else { continue };
        let p = text::clean_name(p);
        let list = out.entry(u.to_owned()).or_default();
        if !p.is_empty() && !list.contains(&p) {
            list.push(p);
        }
    }
    Ok(out)
}

fn rows_by_unit(frame: &DataFrame) -> PolarsResult<BTreeMap<String, usize>> {
    let mut out = BTreeMap::new();
    for u in frame.column(col::UNIT)?.str()?.iter().flatten() {
        *out.entry(u.to_owned()).or_insert(0) += 1;
    }
    Ok(out)
}

struct Row<'a> {
    unit: &'a str,
    department: Option<&'a str>,
    status: ReturnStatus,
    files: usize,
    counted: Option<&'a str>,
    rows: usize,
    roster: Option<usize>,
    filed: usize,
    missing: String,
    note: Option<String>,
}

#[derive(Default)]
struct Table {
    unit: Vec<String>,
    department: Vec<Option<String>>,
    status: Vec<&'static str>,
    files: Vec<i64>,
    counted: Vec<Option<String>>,
    rows: Vec<i64>,
    roster: Vec<Option<i64>>,
    filed: Vec<i64>,
    missing: Vec<Option<String>>,
    note: Vec<Option<String>>,
}

impl Table {
    fn push(&mut self, r: Row<'_>) {
        self.unit.push(r.unit.to_owned());
        self.department.push(r.department.map(str::to_owned));
        self.status.push(r.status.code());
        self.files.push(r.files as i64);
        self.counted.push(r.counted.map(str::to_owned));
        self.rows.push(r.rows as i64);
        self.roster.push(r.roster.map(|n| n as i64));
        self.filed.push(r.filed as i64);
        self.missing.push(Some(r.missing).filter(|m| !m.is_empty()));
        self.note.push(r.note);
    }

    fn frame(self) -> PolarsResult<DataFrame> {
        let n = self.unit.len();
        DataFrame::new(
            n,
            vec![
                Column::new(col::UNIT.into(), self.unit),
                Column::new(col::DEPARTMENT.into(), self.department),
                Column::new(col::RETURN_STATUS.into(), self.status),
                Column::new(col::RETURN_FILES.into(), self.files),
                Column::new(col::COUNTED_FILE.into(), self.counted),
                Column::new(col::RETURN_ROWS.into(), self.rows),
                Column::new(col::ROSTER_PEOPLE.into(), self.roster),
                Column::new(col::PEOPLE_RETURNED.into(), self.filed),
                Column::new(col::PEOPLE_MISSING.into(), self.missing),
                Column::new(col::RETURN_NOTE.into(), self.note),
            ],
        )
    }

    fn count(&self, s: ReturnStatus) -> usize {
        self.status.iter().filter(|c| **c == s.code()).count()
    }

    fn units_of(&self, s: ReturnStatus) -> Vec<&str> {
        self.unit
            .iter()
            .zip(&self.status)
            .filter(|(_, c)| **c == s.code())
            .map(|(u, _)| u.as_str())
            .collect()
    }
}

/// One finding for the round (what came back, what to chase), and one per unit that returned
/// nothing.
fn findings(t: &Table, folder: &str) -> Vec<Finding> {
    let here = Location::file(folder);
    // The first five units of a status, listed as each language lists.
    let list = |s: ReturnStatus, separator: &str| {
        let units = t.units_of(s);
        let first: Vec<&str> = units.iter().take(5).copied().collect();
        let more = if units.len() > 5 { "…" } else { "" };
        format!("{}{more}", first.join(separator))
    };
    let mut zh = format!(
        "应回收 {} 个单位，已回收 {}",
        t.unit.len(),
        t.count(ReturnStatus::Returned) + t.count(ReturnStatus::Partial)
    );
    let mut en = format!(
        "{} units asked, {} returned",
        t.unit.len(),
        t.count(ReturnStatus::Returned) + t.count(ReturnStatus::Partial)
    );
    for s in [
        ReturnStatus::Missing,
        ReturnStatus::Unusable,
        ReturnStatus::Empty,
        ReturnStatus::Partial,
    ] {
        if t.count(s) > 0 {
            zh.push_str(&format!(
                "；{} {}（{}）",
                s.label(crate::Lang::Zh),
                t.count(s),
                list(s, "、")
            ));
            en.push_str(&format!(
                "; {} {} ({})",
                s.label(crate::Lang::En),
                t.count(s),
                list(s, ", ")
            ));
        }
    }
    let chase = ReturnStatus::ALL.iter().any(|s| s.to_chase() && t.count(*s) > 0);
    let severity = if chase { Severity::Warning } else { Severity::Info };
    let mut out = vec![Finding::new(
        severity,
        "returns",
        here.clone(),
        format!("{zh}。"),
        format!("{en}."),
    )];
    for unit in t.units_of(ReturnStatus::Missing) {
        out.push(Finding::warning(
            "no_return",
            here.clone(),
            format!("“{unit}”未交回工作量调查表：其工作量未知。"),
            format!("'{unit}' returned no workload survey: its workload is unknown."),
        ));
    }
    out
}

/// Findings about a survey unit (one the staffing table lacks) name the folder when the survey
/// was a folder: they name the file that unit's rows came from instead.
/// Those findings come in the order of `unmatched`, the units they are about.
pub fn place_unit_findings(findings: &mut [Finding], unmatched: &[super::gaps::Unmatched], inputs: &Inputs) {
    let Some(survey) = &inputs.survey else { return };
    let Some(returns) = &survey.returns else { return };
    let about = findings
        .iter_mut()
        .filter(|f| f.code == "survey_unit_unknown" && f.location.file == survey.file);
    for (f, unit) in about.zip(unmatched.iter().map(|u| u.unit.as_str())) {
        let file = returns
            .files
            .iter()
            .find(|r| r.state == FileState::Counted && r.units.iter().any(|u| u == unit));
        if let Some(r) = file {
            f.location = Location::file(&r.file).with_sheet(r.sheet.as_deref());
        }
    }
}
