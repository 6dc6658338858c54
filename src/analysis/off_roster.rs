//! People who filed survey rows but are not on their unit's roster: counted as filed, and said
//! (a name mistyped, someone seconded in, or a roster out of date), each at the first row that
//! names them.

use super::names::FastSet;
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
    let frame = &survey.frame;
    let (Ok(units), Ok(people)) = (frame.column(col::UNIT), frame.column(col::PERSON)) else {
        return Ok(Vec::new());
    };
    let listed = roster_people(&roster.frame)?;
    let places = Places::new(frame)?;
    // A person files many rows: each unit and name as written is looked at once. Their rows
    // mostly come together, and the row above is asked first, without hashing.
    let mut looked_at: FastSet<(&str, &str)> = FastSet::default();
    let mut seen = BTreeSet::new();
    let mut off: Vec<(String, String, Location)> = Vec::new();
    let mut above = None;
    for (i, pair) in units.str()?.iter().zip(people.str()?.iter()).enumerate() {
        let (Some(unit), Some(person)) = pair else { continue };
        let repeats_above = above.replace((unit, person)) == Some((unit, person));
        if repeats_above || !looked_at.insert((unit, person)) {
            continue;
        }
        let Some(people) = listed.get(unit) else { continue };
        let person = text::clean_name(person);
        if person.is_empty() || people.contains(&person) || !seen.insert((unit.to_owned(), person.clone())) {
            continue;
        }
        off.push((unit.to_owned(), person, places.at(i, &survey.file)));
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

/// Where the survey's rows were read: each one's own file when they came from a folder of
/// returns, and its row.
struct Places {
    files: Option<StringChunked>,
    rows: Option<UInt32Chunked>,
}

impl Places {
    fn new(frame: &DataFrame) -> PolarsResult<Places> {
        let files = match frame.column(col::SOURCE_FILE) {
            Ok(c) => Some(c.str()?.clone()),
            Err(_) => None,
        };
        let rows = match frame.column(col::SOURCE_ROW) {
            Ok(c) => Some(c.cast(&DataType::UInt32)?.u32()?.clone()),
            Err(_) => None,
        };
        Ok(Places { files, rows })
    }

    fn at(&self, i: usize, survey_file: &str) -> Location {
        let file = self.files.as_ref().and_then(|f| f.get(i));
        let at = Location::file(file.unwrap_or(survey_file));
        match self.rows.as_ref().and_then(|r| r.get(i)) {
            Some(row) => at.with_row(row),
            None => at,
        }
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
