//! Standards and volumes files in the layouts offices use (titles, two-row headers, minutes,
//! GBK csv, subtotals, merged cells), each read against a hand-written account of what it
//! holds (`<file>.expected.json` in `tests/fixtures/standards/`): every record with its row
//! and values, the totals and notes left out, and a finding on the row of every bad cell.
//!
//! `SATLAS_STANDARDS_FIXTURES=dir` reads another folder of the same kind as well (files kept
//! apart to check the reader on layouts it was not written against).

use polars::prelude::*;
use satlas::analysis::Rows;
use satlas::analysis::standards::{StandardSources, standard_workload};
use satlas::findings::Finding;
use satlas::ingest::{LoadOptions, Loaded, TableKind, load};
use satlas::model::col;
use satlas::model::wisn::WisnAllowances;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn cases(dir: &Path) -> Vec<(PathBuf, Value)> {
    let mut out: Vec<(PathBuf, Value)> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(".expected.json"))
        .map(|json| {
            let file = PathBuf::from(json.to_string_lossy().trim_end_matches(".expected.json"));
            let expected = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
            (file, expected)
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

fn kind_of(expected: &Value) -> TableKind {
    match expected["kind"].as_str() {
        Some("standards") => TableKind::Standards,
        Some("volumes") => TableKind::Volumes,
        other => panic!("unknown kind {other:?}"),
    }
}

/// The frame's row read from spreadsheet row `row`.
fn at_row(rows: &Rows, row: u64) -> Option<usize> {
    (0..rows.height()).find(|&i| rows.u32(col::SOURCE_ROW, i) == Some(row as u32))
}

fn close(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() < 1e-6)
}

/// What is wrong with reading `file` against `expected`, one line each.
fn check_records(loaded: &Loaded, expected: &Value) -> Vec<String> {
    let mut wrong = Vec::new();
    let frame = &loaded.frame;
    let rows = Rows::new(frame).unwrap();
    let header = expected["header_row"].as_u64().unwrap() as u32;
    if loaded.header_rows.1 != header {
        wrong.push(format!(
            "header ends on row {}, expected {header}",
            loaded.header_rows.1
        ));
    }
    let records = match kind_of(expected) {
        TableKind::Standards => &expected["activities"],
        _ => &expected["rows"],
    };
    for r in records.as_array().unwrap() {
        let row = r["row"].as_u64().unwrap();
        let Some(i) = at_row(&rows, row) else {
            wrong.push(format!("row {row} was not read"));
            continue;
        };
        let activity = r["activity"].as_str().unwrap();
        if rows.str(col::ACTIVITY, i) != Some(activity) {
            wrong.push(format!(
                "row {row}: activity {:?}, expected {activity}",
                rows.str(col::ACTIVITY, i)
            ));
        }
        match kind_of(expected) {
            TableKind::Standards => {
                if let Some(h) = r["standard_hours"].as_f64()
                    && !close(rows.f64(col::STANDARD_HOURS, i), h)
                {
                    wrong.push(format!(
                        "row {row}: {:?} h, expected {h}",
                        rows.f64(col::STANDARD_HOURS, i)
                    ));
                }
            }
            _ => {
                let unit = r["unit"].as_str().unwrap();
                if rows.str(col::UNIT, i) != Some(unit) {
                    wrong.push(format!("row {row}: unit {:?}, expected {unit}", rows.str(col::UNIT, i)));
                }
                if let Some(v) = r["volume"].as_f64()
                    && !close(rows.f64(col::VOLUME, i), v)
                {
                    wrong.push(format!(
                        "row {row}: volume {:?}, expected {v}",
                        rows.f64(col::VOLUME, i)
                    ));
                }
                if let Some(y) = r["year"].as_i64()
                    && rows.i64(col::YEAR, i) != Some(y)
                {
                    wrong.push(format!("row {row}: year {:?}, expected {y}", rows.i64(col::YEAR, i)));
                }
            }
        }
    }
    if frame.height() != records.as_array().unwrap().len() {
        wrong.push(format!(
            "{} records read, expected {}",
            frame.height(),
            records.as_array().unwrap().len()
        ));
    }
    for key in ["totals_rows", "notes_rows", "section_rows"] {
        for row in expected[key].as_array().into_iter().flatten().filter_map(Value::as_u64) {
            if at_row(&rows, row).is_some() {
                wrong.push(format!("row {row} ({key}) was read as a record"));
            }
        }
    }
    wrong
}

/// The file read, or the one line that says why not.
fn load_case(file: &Path, kind: TableKind) -> Result<Loaded, String> {
    load(file, kind, &LoadOptions::default()).map_err(|e| e.0.en)
}

/// The findings of pricing a volumes file at its paired standards (or a standards file on
/// its own), reader's and analysis' together.
fn findings_of(file: &Path, expected: &Value, loaded: &Loaded) -> Vec<Finding> {
    let (standards, volumes) = match kind_of(expected) {
        TableKind::Standards => (loaded.clone(), None),
        _ => {
            let paired = file
                .parent()
                .unwrap()
                .join(expected["paired_standards"].as_str().unwrap());
            let standards = load_case(&paired, TableKind::Standards).expect("the paired standards read");
            (standards, Some(loaded.clone()))
        }
    };
    let empty = df!(
        col::UNIT => Vec::<String>::new(),
        col::ACTIVITY => Vec::<String>::new(),
        col::VOLUME => Vec::<f64>::new(),
    )
    .unwrap();
    let priced = standard_workload(
        &standards.frame,
        volumes.as_ref().map_or(&empty, |v| &v.frame),
        None,
        1840.0,
        &WisnAllowances::default(),
        &StandardSources {
            standards: standards.file.clone(),
            volumes: volumes.as_ref().map(|v| v.file.clone()).unwrap_or_default(),
        },
    )
    .unwrap();
    let mut all = loaded.findings.clone();
    all.extend(priced.findings.into_iter().filter(|f| f.location.file == loaded.file));
    all
}

fn check_bad(file: &Path, expected: &Value, loaded: &Loaded) -> Vec<String> {
    let findings = findings_of(file, expected, loaded);
    let mut wrong = Vec::new();
    for bad in expected["bad"].as_array().into_iter().flatten() {
        let row = bad["row"].as_u64().unwrap() as u32;
        let problem = bad["problem"].as_str().unwrap();
        let named = findings.iter().any(|f| {
            f.location.row == Some(row) && f.location.column.is_some() && f.severity != satlas::findings::Severity::Info
        });
        if !named {
            wrong.push(format!("row {row} ({problem}): no finding names the row and column"));
        }
    }
    wrong
}

fn check_dir(dir: &Path) -> Vec<String> {
    let mut wrong = Vec::new();
    let all = cases(dir);
    assert!(!all.is_empty(), "no cases in {}", dir.display());
    for (file, expected) in all {
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        let kind = kind_of(&expected);
        let loaded = load_case(&file, kind);
        if expected["expected"].as_str() == Some("refused or wide") {
            if let Ok(l) = loaded {
                wrong.push(format!(
                    "{name}: a wide table was read as {} long records",
                    l.frame.height()
                ));
            }
            continue;
        }
        match loaded {
            Err(why) => wrong.push(format!("{name}: refused: {why}")),
            Ok(l) => {
                let said: Vec<String> = check_records(&l, &expected)
                    .into_iter()
                    .chain(check_bad(&file, &expected, &l))
                    .map(|w| format!("{name}: {w}"))
                    .collect();
                wrong.extend(said);
            }
        }
    }
    wrong
}

#[test]
fn standards_and_volumes_files_read_as_their_accounts_say() {
    let mut dirs = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/standards")];
    dirs.extend(std::env::var_os("SATLAS_STANDARDS_FIXTURES").map(PathBuf::from));
    let wrong: Vec<String> = dirs.iter().flat_map(|d| check_dir(d)).collect();
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
