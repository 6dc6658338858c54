//! People who filed survey rows but are not on their unit's roster: counted as filed, and said
//! (a name mistyped, someone seconded in, or a roster out of date), each at the first row that
//! names them.

use super::Rows;
use crate::findings::{Finding, Location};
use crate::ingest::{Inputs, text};
use crate::model::col;
use polars::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

/// People named one by one before the rest are counted.
const NAMED: usize = 20;

/// The findings of survey people missing from the roster of a unit the roster covers.
pub fn findings(inputs: &Inputs) -> PolarsResult<Vec<Finding>> {
    let (Some(survey), Some(roster)) = (&inputs.survey, &inputs.roster) else {
        return Ok(Vec::new());
    };
    let listed = roster_people(&roster.frame)?;
    let r = Rows::new(&survey.frame)?;
    if !r.has(col::PERSON) || !r.has(col::UNIT) {
        return Ok(Vec::new());
    }
    let mut seen = BTreeSet::new();
    let mut off: Vec<(String, String, Location)> = Vec::new();
    for i in 0..r.height() {
        let (Some(unit), Some(person)) = (r.str(col::UNIT, i), r.str(col::PERSON, i)) else {
            continue;
        };
        let Some(people) = listed.get(unit) else { continue };
        let person = text::clean_name(person);
        if person.is_empty() || people.contains(&person) || !seen.insert((unit.to_owned(), person.clone())) {
            continue;
        }
        off.push((unit.to_owned(), person, place(&r, i, &survey.file)));
    }
    let mut out: Vec<Finding> = off
        .iter()
        .take(NAMED)
        .map(|(unit, person, at)| {
            Finding::warning(
                "person_not_on_roster",
                at.clone(),
                format!("“{person}”填报了工作量，但不在“{unit}”的花名册中：已按填报计入，请核实（姓名写错、借调人员或花名册未更新）。"),
                format!("'{person}' filed work but is not on the roster of '{unit}': counted as filed; please check (a misspelt name, someone seconded, or an old roster)."),
            )
        })
        .collect();
    if off.len() > NAMED {
        out.push(Finding::warning(
            "person_not_on_roster",
            Location::file(&survey.file),
            format!("共有 {} 名填报人员不在其单位的花名册中。", off.len()),
            format!(
                "{} people who filed work are not on their unit's roster in all.",
                off.len()
            ),
        ));
    }
    Ok(out)
}

/// The survey row's place: its own file when it came from a folder of returns.
fn place(r: &Rows, i: usize, survey_file: &str) -> Location {
    let file = if r.has(col::SOURCE_FILE) {
        r.str(col::SOURCE_FILE, i)
    } else {
        None
    };
    let row = if r.has(col::SOURCE_ROW) {
        r.u32(col::SOURCE_ROW, i)
    } else {
        None
    };
    let at = Location::file(file.unwrap_or(survey_file));
    match row {
        Some(row) => at.with_row(row),
        None => at,
    }
}

/// Per unit, the cleaned names its roster lists.
fn roster_people(frame: &DataFrame) -> PolarsResult<BTreeMap<String, BTreeSet<String>>> {
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let (Ok(units), Ok(people)) = (frame.column(col::UNIT), frame.column(col::PERSON)) else {
        return Ok(out);
    };
    for (u, p) in units.str()?.iter().zip(people.str()?.iter()) {
        if let (Some(u), Some(p)) = (u, p) {
            out.entry(u.to_owned()).or_default().insert(text::clean_name(p));
        }
    }
    Ok(out)
}
