//! The pieces of a folder put together: each file's unit and state, a unit returned twice
//! counted once, what was left out said, and the counted rows in one table that names each
//! row's file.

use super::unit::{self, UnitFrom};
use super::walk::LeftOut;
use super::{FileState, Piece, ReturnedFile, Returns};
use crate::findings::{Finding, Location, Unusable};
use crate::ingest::{LoadOptions, Loaded, SourceColumn, TableKind};
use crate::model::{Lang, col};
use polars::prelude::*;
use std::path::Path;

/// Reader refusals that mean the form came back with nothing filled in.
const EMPTY: [&str; 2] = ["no_rows", "empty_sheet"];
/// Refusals that mean the file could not be read at all.
const UNREADABLE: [&str; 4] = ["unreadable", "bad_csv", "no_sheets", "too_large"];

/// One table of the counted rows, with the folder's findings and what each file became.
pub(super) fn assemble(
    dir: &Path,
    folder: &str,
    pieces: Vec<Piece>,
    left: &LeftOut,
    opts: &LoadOptions,
) -> Result<Loaded, Unusable> {
    let known_units = opts.known_units.clone().unwrap_or_default();
    let names = unit::Names::new(&known_units);
    // Without the staffing table's units every unit is taken as known.
    let known = |u: &str| known_units.is_empty() || known_units.contains(u);
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
                let what = unit::Said {
                    rows: &rows,
                    marked: marked.as_deref(),
                    named: named.as_deref(),
                };
                let (one, from, said) = unit::decide(&p.label, p.sheet.as_deref(), &what, &known);
                findings.extend(said);
                // A mistyped unit counts for the unit whose form it is.
                if let (Some(u), UnitFrom::Marker | UnitFrom::Name, [_]) = (&one, from, rows.as_slice()) {
                    loaded.frame = relabelled(&loaded.frame, u).map_err(|e| internal(folder, e))?;
                }
                findings.append(&mut loaded.findings);
                files.push(ReturnedFile {
                    file: p.label,
                    sheet: loaded.sheet.clone(),
                    units: one.map_or(rows, |u| vec![u]),
                    from,
                    marked: marked.clone(),
                    rows: loaded.frame.height(),
                    state: FileState::Counted,
                    modified: p.modified,
                });
                read.push(Some(loaded));
            }
            // A report of Satlas' is no return: said, and not listed as a file of the round.
            Err(f) if f.code == super::own::CODE => findings.push(f),
            Err(f) => {
                let (mut file, finding) = refused(p.label, p.sheet, p.modified, f, marked.clone().or(named));
                file.marked = marked;
                findings.push(finding);
                files.push(file);
                read.push(None);
            }
        }
    }
    let (said, dropped) = once_per_unit(&mut files);
    findings.extend(said);
    take_out(&mut read, &mut files, &dropped).map_err(|e| internal(folder, e))?;
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

/// `frame` with every row's unit `unit`.
fn relabelled(frame: &DataFrame, unit: &str) -> PolarsResult<DataFrame> {
    frame
        .clone()
        .lazy()
        .with_column(lit(unit.to_owned()).alias(col::UNIT))
        .collect()
}

fn internal(folder: &str, e: PolarsError) -> Unusable {
    Unusable(Finding::error(
        "internal",
        Location::file(folder),
        format!("回收的调查表无法合并：{e}"),
        format!("The returned surveys cannot be put together: {e}"),
    ))
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
        marked: None,
        rows: 0,
        state,
        modified,
    };
    (file, finding)
}

/// Each unit counts one file: a file of that unit alone before a merged file of several
/// units, then the later (then the last by name). A file of the unit alone that loses is
/// superseded; a merged file that loses keeps its other units, and that unit's rows are taken
/// out of it (returned as (file, unit)). Each said.
fn once_per_unit(files: &mut [ReturnedFile]) -> (Vec<Finding>, Vec<(usize, String)>) {
    let mut by_unit: std::collections::BTreeMap<String, Vec<usize>> = Default::default();
    for (i, f) in files.iter().enumerate().filter(|(_, f)| f.state == FileState::Counted) {
        for u in &f.units {
            by_unit.entry(u.clone()).or_default().push(i);
        }
    }
    let (mut findings, mut dropped) = (Vec::new(), Vec::new());
    for (unit, mut idx) in by_unit.into_iter().filter(|(_, v)| v.len() > 1) {
        let rank = |i: usize| (files[i].units.len() == 1, files[i].modified, files[i].file.clone());
        idx.sort_by_key(|&i| rank(i));
        let kept = *idx.last().expect("two or more");
        let kept_name = files[kept].file.clone();
        for &i in &idx[..idx.len() - 1] {
            // Said as a tie when the times alone could not tell them apart.
            let tie = files[i].modified == files[kept].modified
                && (files[i].units.len() == 1) == (files[kept].units.len() == 1);
            let (why_zh, why_en) = match (files[kept].units.len() == 1, tie) {
                (true, true) => ("修改时间相同，按文件名取", "changed at the same time; by name,"),
                (true, false) if files[i].units.len() > 1 => ("本单位单独交回的", "its own form"),
                _ => ("较新的", "the later"),
            };
            let here = Location::file(&files[i].file).with_sheet(files[i].sheet.as_deref());
            if files[i].units.len() == 1 {
                files[i].state = FileState::Superseded;
            } else {
                files[i].units.retain(|u| *u != unit);
                dropped.push((i, unit.clone()));
            }
            findings.push(Finding::warning(
                "returned_twice",
                here,
                format!("“{unit}”交回了不止一份调查表：按{why_zh} {kept_name} 计入，本文件中“{unit}”的数据未计入。"),
                format!("'{unit}' returned more than one form: {why_en} {kept_name} is counted, and '{unit}''s rows of this file are not."),
            ));
        }
    }
    (findings, dropped)
}

/// Take the units `dropped` out of the files they lost in.
fn take_out(read: &mut [Option<Loaded>], files: &mut [ReturnedFile], dropped: &[(usize, String)]) -> PolarsResult<()> {
    for (i, unit) in dropped {
        if let Some(l) = read[*i].as_mut() {
            l.frame = l
                .frame
                .clone()
                .lazy()
                .filter(col(col::UNIT).neq(lit(unit.clone())))
                .collect()?;
            files[*i].rows = l.frame.height();
        }
    }
    Ok(())
}

/// What the walk left out, one finding per why (the first few named).
fn left_out_findings(folder: &str, left: &LeftOut) -> Vec<Finding> {
    let here = Location::file(folder);
    // The first few names, joined as each language joins a list.
    let named = |names: &[String], lang: Lang| {
        let first: Vec<&str> = names.iter().take(5).map(String::as_str).collect();
        let more = if names.len() > 5 { "…" } else { "" };
        format!("{}{more}", first.join(lang.pick("、", ", ")))
    };
    let mut out = Vec::new();
    let mut say = |code: &str, names: &[String], zh: &str, en: &str| {
        if !names.is_empty() {
            out.push(Finding::info(
                code,
                here.clone(),
                format!("{zh} {} 个，已跳过：{}", names.len(), named(names, Lang::Zh)),
                format!("{en}: {}, skipped: {}", names.len(), named(names, Lang::En)),
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
    if !left.reports.is_empty() {
        let names = [Lang::Zh, Lang::En].map(|lang| named(&left.reports, lang));
        out.push(super::own::files_skipped(&here, &names, left.reports.len()));
    }
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
    // The files that are no survey, or cannot be read, by name: what to look at first.
    let odd: Vec<&str> = files
        .iter()
        .filter(|f| matches!(f.state, FileState::NotSurvey | FileState::Unreadable))
        .take(5)
        .map(|f| f.file.as_str())
        .collect();
    let (zh_odd, en_odd) = match odd.is_empty() {
        true => (String::new(), String::new()),
        false => (format!("（{}）", odd.join("、")), format!(" ({})", odd.join(", "))),
    };
    Finding::error(
        "no_returns",
        Location::file(folder),
        format!(
            "文件夹中没有可用的工作量调查表：{} 个文件中，空表 {}，不是调查表或无法读取 {}{zh_odd}。",
            files.len(),
            n(FileState::Empty),
            n(FileState::NotSurvey) + n(FileState::Unreadable),
        ),
        format!(
            "The folder holds no usable workload survey: of {} files, {} empty, {} no survey or unreadable{en_odd}.",
            files.len(),
            n(FileState::Empty),
            n(FileState::NotSurvey) + n(FileState::Unreadable),
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
    let internal = |e: PolarsError| internal(folder, e);
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
        // Row numbers of many files in one list would say nothing: each file's own findings
        // name the rows it left out.
        skipped: Vec::new(),
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
