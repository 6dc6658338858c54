//! Survey templates for the office to send out: one workbook per unit (or one workbook with a
//! sheet per unit), each with instructions, the survey sheet — the unit filled in and locked,
//! people from the roster, tasks offered from the standards, periods from a list, numbers
//! checked — and a hidden marker, so that a returned file is recognised whatever its name.

mod sheet;
mod words;

use crate::export::{self, ExportError};
use crate::ingest::{Inputs, marker};
use crate::model::{Lang, col};
use polars::prelude::*;
use std::path::{Path, PathBuf};

/// One unit to survey: its name, the people the roster gives it (none without a roster), and
/// the rows it filled in (none on a form sent out; a returned form has them).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TemplateUnit {
    pub name: String,
    pub people: Vec<String>,
    pub filled: Vec<FormRow>,
}

/// One row of a form as a unit fills it in.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FormRow {
    pub person: Option<String>,
    pub task: String,
    pub period: Option<crate::model::Period>,
    pub frequency: Option<f64>,
    pub hours_each: Option<f64>,
    pub annual_hours: Option<f64>,
}

/// What every template of one round says.
#[derive(Debug, Clone, PartialEq)]
pub struct TemplateOptions {
    pub lang: Lang,
    /// The year the survey asks about.
    pub year: i32,
    /// When the forms are due, and whom to ask: as the office writes them.
    pub deadline: Option<String>,
    pub contact: Option<String>,
}

/// The units of the staffing table, in its order, each with its people from the roster.
pub fn units_from(inputs: &Inputs) -> PolarsResult<Vec<TemplateUnit>> {
    let Some(staffing) = &inputs.staffing else {
        return Ok(Vec::new());
    };
    let names = column_text(&staffing.frame, col::UNIT)?;
    let mut units: Vec<TemplateUnit> = Vec::new();
    for name in names.into_iter().flatten() {
        if !units.iter().any(|u| u.name == name) {
            units.push(TemplateUnit {
                name,
                ..TemplateUnit::default()
            });
        }
    }
    if let Some(roster) = &inputs.roster {
        let r_units = column_text(&roster.frame, col::UNIT)?;
        let r_people = column_text(&roster.frame, col::PERSON)?;
        for (u, p) in r_units.into_iter().zip(r_people) {
            let (Some(u), Some(p)) = (u, p) else { continue };
            if let Some(unit) = units.iter_mut().find(|x| x.name == u)
                && !unit.people.contains(&p)
            {
                unit.people.push(p);
            }
        }
    }
    Ok(units)
}

/// The activities of the standards, to offer as task names (none without standards).
pub fn tasks_from(inputs: &Inputs) -> PolarsResult<Vec<String>> {
    let Some(standards) = &inputs.standards else {
        return Ok(Vec::new());
    };
    let mut tasks: Vec<String> = column_text(&standards.frame, col::ACTIVITY)?
        .into_iter()
        .flatten()
        .collect();
    tasks.sort();
    tasks.dedup();
    Ok(tasks)
}

fn column_text(frame: &DataFrame, name: &str) -> PolarsResult<Vec<Option<String>>> {
    let Ok(c) = frame.column(name) else {
        return Ok(vec![None; frame.height()]);
    };
    let c = c.cast(&DataType::String)?;
    Ok(c.str()?.iter().map(|v| v.map(|s| s.trim().to_owned())).collect())
}

/// One workbook per unit in folder `dir` (written whole or not at all), each named after its
/// unit (names a file cannot hold made safe, names that collide told apart). Returns the
/// files written.
pub fn write_per_unit(
    dir: &Path,
    units: &[TemplateUnit],
    tasks: &[String],
    opts: &TemplateOptions,
) -> Result<Vec<PathBuf>, ExportError> {
    export::write_folder(dir, |folder| {
        let mut names: Vec<String> = Vec::new();
        for unit in units {
            let name = export::free_file_name(&names, &export::safe_file_stem(&unit.name), ".xlsx");
            let bytes = workbook(std::slice::from_ref(unit), tasks, opts).map_err(|e| failed(folder, e))?;
            let path = folder.join(&name);
            std::fs::write(&path, bytes).map_err(|source| ExportError::Io { path, source })?;
            names.push(name);
        }
        Ok(names)
    })
}

/// One workbook at `path` with a survey sheet per unit (written whole or not at all).
pub fn write_one(
    path: &Path,
    units: &[TemplateUnit],
    tasks: &[String],
    opts: &TemplateOptions,
) -> Result<(), ExportError> {
    let bytes = workbook(units, tasks, opts).map_err(|e| failed(path, e))?;
    export::write_file_atomic(path, &bytes)
}

fn failed(path: &Path, e: rust_xlsxwriter::XlsxError) -> ExportError {
    ExportError::Write {
        path: path.to_path_buf(),
        message: e.to_string(),
    }
}

/// The workbook for `units`: instructions, a survey sheet per unit, the lists and the marker.
fn workbook(
    units: &[TemplateUnit],
    tasks: &[String],
    opts: &TemplateOptions,
) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let first = units.first().map_or("", |u| u.name.as_str());
    sheet::instructions(book.add_worksheet(), first, opts)?;
    let mut sheet_names: Vec<String> = Vec::new();
    let lists = sheet::Lists::new(tasks, units);
    for unit in units {
        let wanted = match units.len() {
            1 => words::survey_sheet(opts.lang).to_owned(),
            _ => export::sheet_name(&unit.name),
        };
        let name = free_sheet_name(&sheet_names, &wanted);
        let ws = book.add_worksheet();
        ws.set_name(&name)?;
        sheet::survey(ws, unit, &lists, opts)?;
        sheet_names.push(name);
    }
    // The form opens on the first survey sheet (the instructions are one tab to the left).
    book.worksheet_from_index(1)?.set_active(true);
    sheet::lists(book.add_worksheet(), &lists)?;
    let marker = marker::Marker {
        version: marker::VERSION,
        year: Some(opts.year),
        sheets: units
            .iter()
            .zip(&sheet_names)
            .map(|(u, s)| marker::MarkedSheet {
                sheet: s.clone(),
                unit: u.name.clone(),
                code: marker::code(&u.name),
            })
            .collect(),
    };
    sheet::marker(book.add_worksheet(), &marker)?;
    book.save_to_buffer()
}

/// A sheet name not yet taken (Excel tells no case apart either), within 31 characters.
fn free_sheet_name(taken: &[String], wanted: &str) -> String {
    let used = |n: &str| taken.iter().any(|t| t.to_lowercase() == n.to_lowercase());
    (1..)
        .map(|k| match k {
            1 => wanted.to_owned(),
            k => {
                let tail = format!("_{k}");
                let head: String = wanted.chars().take(31 - tail.chars().count()).collect();
                format!("{head}{tail}")
            }
        })
        .find(|n| !used(n))
        .expect("a free name")
}
