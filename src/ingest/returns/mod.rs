//! A folder of returned surveys read as one survey: every spreadsheet in it (in subfolders and
//! zip files too) read with the usual reader, in parallel; each file's unit from its rows, its
//! marker or its name; a unit that returned twice counted once (the later file); files that
//! are no survey skipped, and said. Every row keeps the file (and sheet) it came from, so
//! every finding names it; what was returned, by whom, is kept for the completeness table.

mod assemble;
mod own;
mod unit;
mod walk;

pub use unit::UnitFrom;
pub use walk::MAX_ENTRY_BYTES;

use super::{LoadOptions, Loaded, TableKind, Watch, marker};
use crate::findings::{Finding, Location, Unusable};
use rayon::prelude::*;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::SystemTime;

/// What became of a returned file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileState {
    /// Its rows are counted.
    Counted,
    /// A form with no task filled in.
    Empty,
    /// Its unit returned a later file, which is counted instead.
    Superseded,
    /// A spreadsheet, but no survey.
    NotSurvey,
    /// It could not be read.
    Unreadable,
}

/// One file (or one sheet of a workbook with a sheet per unit) of the folder.
#[derive(Debug, Clone)]
pub struct ReturnedFile {
    pub file: String,
    pub sheet: Option<String>,
    /// The units it counts for: one, several for a merged survey, none when unknown.
    pub units: Vec<String>,
    pub from: UnitFrom,
    /// The unit its marker names (the form was made for), when it has one.
    pub marked: Option<String>,
    pub rows: usize,
    pub state: FileState,
    pub modified: Option<SystemTime>,
}

/// What a folder of returns held.
#[derive(Debug, Clone, Default)]
pub struct Returns {
    pub files: Vec<ReturnedFile>,
}

impl Returns {
    /// The files whose state is `state` for `unit`.
    pub fn files_of<'a>(&'a self, unit: &'a str, state: FileState) -> impl Iterator<Item = &'a ReturnedFile> + 'a {
        self.files
            .iter()
            .filter(move |f| f.state == state && f.units.iter().any(|u| u == unit))
    }
}

/// One read of a file: a sheet's table, or why not, with the file's marker.
struct Piece {
    label: String,
    /// The sheet read (None: the reader's choice).
    sheet: Option<String>,
    modified: Option<SystemTime>,
    read: Result<Loaded, Finding>,
    marker: Option<marker::Marker>,
}

/// Read the survey returns in folder `dir`; `watch` is told how many files have been read, of
/// how many, and stops the read when it says so.
pub fn load_folder(dir: &Path, opts: &LoadOptions, watch: Watch) -> Result<Loaded, Unusable> {
    let folder = dir
        .file_name()
        .map_or_else(|| dir.display().to_string(), |n| n.to_string_lossy().into_owned());
    let (items, left) = walk::walk(dir);
    if items.is_empty() {
        return Err(Unusable(Finding::error(
            "no_returns",
            Location::file(&folder),
            "文件夹中没有电子表格（xlsx、xls、et、ods、csv、parquet，或其压缩包）。",
            "The folder holds no spreadsheet (xlsx, xls, et, ods, csv, parquet, or a zip of them).",
        )));
    }
    let total = items.len();
    let (done, stop) = (AtomicUsize::new(0), AtomicBool::new(!watch(0, Some(total))));
    let pieces: Vec<Piece> = items
        .par_iter()
        .flat_map_iter(|item| {
            if stop.load(Ordering::Relaxed) {
                return Vec::new();
            }
            let pieces = read_item(item, opts);
            let n = done.fetch_add(1, Ordering::Relaxed) + 1;
            if !watch(n, Some(total)) {
                stop.store(true, Ordering::Relaxed);
            }
            pieces
        })
        .collect();
    if stop.load(Ordering::Relaxed) {
        return Err(Unusable(super::cancelled(&folder)));
    }
    assemble::assemble(dir, &folder, pieces, &left, opts)
}

/// Read one file: its first survey sheet, and the other sheets its marker names (a workbook
/// with a sheet per unit).
fn read_item(item: &walk::Item, opts: &LoadOptions) -> Vec<Piece> {
    let piece = |read: Result<Loaded, Finding>, sheet: Option<String>, marker: Option<marker::Marker>| Piece {
        label: item.label.clone(),
        sheet,
        modified: item.modified,
        read,
        marker,
    };
    let bytes = match item.read() {
        Ok(b) => b,
        Err(e) => return vec![piece(Err(super::io_finding(&item.label, &e)), None, None)],
    };
    match super::load_bytes(bytes.clone(), &item.label, TableKind::Survey, opts) {
        Ok(first) if first.marker.is_none() && own::is_report_workbook(&first.sheets) => {
            vec![piece(Err(own::workbook_skipped(&item.label)), None, None)]
        }
        Ok(first) => {
            let (marker, sheets, done) = (first.marker.clone(), first.sheets.clone(), first.sheet.clone());
            let mut out = vec![piece(Ok(first), done.clone(), marker.clone())];
            // A workbook with a sheet per unit: every other sheet its marker names that it
            // still has.
            let others = marked_sheets(marker.as_ref(), &sheets, done.as_ref());
            let unread: Vec<&String> = sheets
                .iter()
                .filter(|s| Some(*s) != done.as_ref() && !others.contains(s) && !super::is_instruction_sheet(s))
                .collect();
            if let (false, Ok(first)) = (unread.is_empty(), &mut out[0].read) {
                first.findings.push(sheets_not_read(&item.label, &unread));
            }
            let reads = super::load_sheets(bytes, &item.label, TableKind::Survey, opts, &others);
            out.extend(
                others
                    .into_iter()
                    .zip(reads)
                    .map(|(s, r)| piece(r, Some(s), marker.clone())),
            );
            out
        }
        Err(u) => {
            let (marker, sheets) = marker::read_with_sheets(bytes.clone());
            // A form Satlas made for a unit (its marker) is never a report.
            if marker.is_none() && own::is_report_workbook(&sheets) {
                return vec![piece(Err(own::workbook_skipped(&item.label)), None, None)];
            }
            let marked = marked_sheets(marker.as_ref(), &sheets, None);
            if marked.is_empty() {
                return vec![piece(Err(u.0), None, marker)];
            }
            // Each sheet the marker names, so that every unit of a blank workbook is said.
            let reads = super::load_sheets(bytes, &item.label, TableKind::Survey, opts, &marked);
            marked
                .into_iter()
                .zip(reads)
                .map(|(s, r)| piece(r, Some(s), marker.clone()))
                .collect()
        }
    }
}

/// A returned workbook's other sheets are not read (one sheet is the form): said, in case the
/// unit split its rows across them.
fn sheets_not_read(label: &str, unread: &[&String]) -> Finding {
    let names: Vec<&str> = unread.iter().map(|s| s.as_str()).collect();
    Finding::info(
        "sheets_not_read",
        Location::file(label),
        format!(
            "工作簿中另有工作表未读取：{}（如也填有调查数据，请并入调查表）。",
            names.join("、")
        ),
        format!(
            "Other sheets of the workbook were not read: {} (if they hold survey rows too, move them into the form).",
            names.join(", ")
        ),
    )
}

/// The sheets `marker` names that the workbook has (`sheets`), but `done`.
fn marked_sheets(marker: Option<&marker::Marker>, sheets: &[String], done: Option<&String>) -> Vec<String> {
    marker
        .iter()
        .flat_map(|m| m.sheets.iter().map(|s| s.sheet.clone()))
        .filter(|s| Some(s) != done && sheets.contains(s))
        .collect()
}
