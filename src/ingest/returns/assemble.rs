//! The pieces of a folder put together: each file's unit and state, a unit returned twice
//! counted once, what was left out said, and the counted rows in one table that names each
//! row's file.

use super::unit::{self, UnitFrom};
use super::walk::LeftOut;
use super::{FileState, Piece, ReturnedFile, Returns};
use crate::findings::{Finding, Location, Unusable};
use crate::ingest::{LoadOptions, Loaded, SourceColumn, TableKind};
use crate::model::col;
use polars::prelude::*;
use std::path::Path;

/// Reader refusals that mean the form came back with nothing filled in.
const EMPTY: [&str; 2] = ["no_rows", "empty_sheet"];
/// Refusals that mean the file could not be read at all.
const UNREADABLE: [&str; 3] = ["unreadable", "bad_csv", "no_sheets"];

/// One table of the counted rows, with the folder's findings and what each file became.
pub(super) fn assemble(
    dir: &Path,
    folder: &str,
    pieces: Vec<Piece>,
    left: &LeftOut,
    opts: &LoadOptions,
) -> Result<Loaded, Unusable> {
    let names = unit::Names::new(&opts.known_units.clone().unwrap_or_default());
    let mut files = Vec::with_capacity(pieces.len());
    let mut findings = left_out_findings(folder, left);
    let mut read: Vec<Option<Loaded>> = Vec::with_capacity(pieces.len());
    for p in pieces {
        let marked = p
            .marker
            .as_ref()
            .and_then(|m| m.unit_of(p.sheet.as_deref()))
            .map(|m| m.unit.clone());
        let named = names.unit_of(&p.label);
        match p.read {
            Ok(mut loaded) => {
                let rows = unit::row_units(&loaded);
                let (one, from, said) =
                    unit::decide(&p.label, p.sheet.as_deref(), &rows, marked.as_deref(), named.as_deref());
                findings.extend(said);
                findings.append(&mut loaded.findings);
                files.push(ReturnedFile {
                    file: p.label,
                    sheet: loaded.sheet.clone(),
                    units: one.map_or(rows, |u| vec![u]),
                    from,
                    rows: loaded.frame.height(),
                    state: FileState::Counted,
                    modified: p.modified,
                });
                read.push(Some(loaded));
            }
            Err(f) => {
                let (file, finding) = refused(p.label, p.sheet, p.modified, f, marked.or(named));
                findings.push(finding);
                files.push(file);
                read.push(None);
            }
        }
    }
    findings.extend(once_per_unit(&mut files));
    let counted: Vec<Loaded> = files
        .iter()
        .zip(read)
        .filter(|(f, _)| f.state == FileState::Counted)
        .filter_map(|(_, l)| l)
        .collect();
    if counted.is_empty() {
        return Err(Unusable(nothing_counted(folder, &files)));
    }
    joined(dir, folder, counted, findings, Returns { files })
}

/// A file the reader refused: an empty form (its unit from its marker or name), a spreadsheet
/// that is no survey, or one that could not be read.
fn refused(
    label: String,
    sheet: Option<String>,
    modified: Option<std::time::SystemTime>,
    f: Finding,
    unit: Option<String>,
) -> (ReturnedFile, Finding) {
    let here = Location::file(&label).with_sheet(sheet.as_deref());
    let (state, finding) = if EMPTY.contains(&f.code.as_str()) && unit.is_some() {
        let finding = Finding::warning(
            "empty_return",
            here,
            "交回的调查表没有填写任何工作事项（空表）。",
            "The returned form has no task filled in (an empty form).",
        );
        (FileState::Empty, finding)
    } else if UNREADABLE.contains(&f.code.as_str()) {
        (FileState::Unreadable, f)
    } else {
        let finding = Finding::warning(
            "not_a_survey",
            here,
            format!("不是工作量调查表，已跳过：{}", f.zh),
            format!("Not a workload survey, skipped: {}", f.en),
        );
        (FileState::NotSurvey, finding)
    };
    let from = if unit.is_some() {
        UnitFrom::Marker
    } else {
        UnitFrom::Unknown
    };
    let file = ReturnedFile {
        file: label,
        sheet,
        units: unit.into_iter().collect(),
        from,
        rows: 0,
        state,
        modified,
    };
    (file, finding)
}

/// A unit that returned more than one file counts its latest (then the last by name); the
/// others are superseded, and said.
fn once_per_unit(files: &mut [ReturnedFile]) -> Vec<Finding> {
    let mut by_unit: std::collections::BTreeMap<String, Vec<usize>> = Default::default();
    for (i, f) in files.iter().enumerate() {
        if let (FileState::Counted, [u]) = (f.state, f.units.as_slice()) {
            by_unit.entry(u.clone()).or_default().push(i);
        }
    }
    let mut findings = Vec::new();
    for (unit, mut idx) in by_unit.into_iter().filter(|(_, v)| v.len() > 1) {
        idx.sort_by(|&a, &b| (files[a].modified, &files[a].file).cmp(&(files[b].modified, &files[b].file)));
        let kept = *idx.last().expect("two or more");
        let kept_name = files[kept].file.clone();
        for &i in &idx[..idx.len() - 1] {
            files[i].state = FileState::Superseded;
            findings.push(Finding::warning(
                "returned_twice",
                Location::file(&files[i].file).with_sheet(files[i].sheet.as_deref()),
                format!("“{unit}”交回了不止一份调查表：按较新的 {kept_name} 计入，本文件未计入。"),
                format!("'{unit}' returned more than one form: the later {kept_name} is counted, this file is not."),
            ));
        }
    }
    findings
}

/// What the walk left out, one finding per why (the first few named).
fn left_out_findings(folder: &str, left: &LeftOut) -> Vec<Finding> {
    let here = Location::file(folder);
    let named = |names: &[String]| {
        let first: Vec<&str> = names.iter().take(5).map(String::as_str).collect();
        let more = if names.len() > 5 { "…" } else { "" };
        format!("{}{more}", first.join("、"))
    };
    let mut out = Vec::new();
    let mut say = |code: &str, names: &[String], zh: &str, en: &str| {
        if !names.is_empty() {
            out.push(Finding::info(
                code,
                here.clone(),
                format!("{zh} {} 个，已跳过：{}", names.len(), named(names)),
                format!("{en}: {}, skipped: {}", names.len(), named(names)),
            ));
        }
    };
    say(
        "skipped_files",
        &left.other,
        "非电子表格文件",
        "Files that are no spreadsheet",
    );
    say(
        "skipped_files",
        &left.not_files,
        "链接等非普通文件",
        "Links and other non-files",
    );
    say(
        "skipped_files",
        &left.temporary,
        "临时文件或隐藏文件",
        "Temporary or hidden files",
    );
    for (name, why) in left.archives.iter().chain(&left.unlisted) {
        out.push(Finding::warning(
            "skipped_files",
            Location::file(name),
            format!("无法读取，已跳过（{why}）。"),
            format!("Cannot be read, skipped ({why})."),
        ));
    }
    out
}

fn nothing_counted(folder: &str, files: &[ReturnedFile]) -> Finding {
    let n = |s: FileState| files.iter().filter(|f| f.state == s).count();
    Finding::error(
        "no_returns",
        Location::file(folder),
        format!(
            "文件夹中没有可用的工作量调查表：{} 个文件中，空表 {}，不是调查表 {}，无法读取 {}。",
            files.len(),
            n(FileState::Empty),
            n(FileState::NotSurvey),
            n(FileState::Unreadable)
        ),
        format!(
            "The folder holds no usable workload survey: of {} files, {} empty, {} no survey, {} unreadable.",
            files.len(),
            n(FileState::Empty),
            n(FileState::NotSurvey),
            n(FileState::Unreadable)
        ),
    )
}

/// The counted tables in one, each row naming its file and sheet.
fn joined(
    dir: &Path,
    folder: &str,
    counted: Vec<Loaded>,
    findings: Vec<Finding>,
    returns: Returns,
) -> Result<Loaded, Unusable> {
    let internal = |e: PolarsError| {
        Unusable(Finding::error(
            "internal",
            Location::file(folder),
            format!("回收的调查表无法合并：{e}"),
            format!("The returned surveys cannot be put together: {e}"),
        ))
    };
    let frames: Vec<LazyFrame> = counted
        .iter()
        .map(|l| {
            l.frame.clone().lazy().with_columns([
                lit(l.file.clone()).alias(col::SOURCE_FILE),
                lit(l.sheet.clone().unwrap_or_default()).alias(col::SOURCE_SHEET),
            ])
        })
        .collect();
    let args = UnionArgs {
        diagonal: true,
        to_supertypes: true,
        ..UnionArgs::default()
    };
    let frame = concat(frames, args).and_then(LazyFrame::collect).map_err(internal)?;
    let first = &counted[0];
    Ok(Loaded {
        kind: TableKind::Survey,
        path: dir.to_path_buf(),
        file: folder.to_owned(),
        format: first.format,
        encoding: None,
        sheet: None,
        sheets: Vec::new(),
        header_rows: first.header_rows,
        columns: columns(&counted),
        records: counted.iter().map(|l| l.records).sum(),
        skipped: counted.iter().flat_map(|l| l.skipped.iter().cloned()).collect(),
        applied: first.applied.clone(),
        frame,
        findings,
        marker: None,
        returns: Some(returns),
    })
}

/// The first file's columns, and any other file's column read on a guess (so that the figures
/// resting on it say so).
fn columns(counted: &[Loaded]) -> Vec<SourceColumn> {
    let mut out = counted[0].columns.clone();
    for l in &counted[1..] {
        for c in &l.columns {
            let guess = c
                .choice
                .as_ref()
                .is_some_and(|ch| ch.confidence == crate::ingest::Confidence::Low);
            if guess && !out.iter().any(|o| o.field == c.field && o.choice == c.choice) {
                out.push(c.clone());
            }
        }
    }
    out
}
