//! Fixture builders shared by the integration tests: small workbooks and csv files with the
//! quirks real office files have, written into temporary folders.
#![allow(dead_code)]

use rust_xlsxwriter::{Format, Workbook};
use std::path::{Path, PathBuf};

/// A temp folder whose path has Chinese characters and a space, as on office desktops.
pub fn workdir() -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix("编制 测试")
        .tempdir()
        .expect("temp dir")
}

/// A cell to write: text or number.
#[derive(Clone, Copy)]
pub enum V<'a> {
    T(&'a str),
    N(f64),
    E,
}

/// Write rows into a one-sheet workbook, with optional merged ranges (r0, c0, r1, c1).
pub fn xlsx(path: &Path, sheet: &str, rows: &[Vec<V>], merges: &[(u32, u16, u32, u16)]) -> PathBuf {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(sheet).unwrap();
    let plain = Format::new();
    for &(r0, c0, r1, c1) in merges {
        let text = match rows.get(r0 as usize).and_then(|r| r.get(c0 as usize)) {
            Some(V::T(t)) => t.to_string(),
            _ => String::new(),
        };
        ws.merge_range(r0, c0, r1, c1, &text, &plain).unwrap();
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            let covered = merges
                .iter()
                .any(|&(r0, c0, r1, c1)| (r0..=r1).contains(&(r as u32)) && (c0..=c1).contains(&(c as u16)));
            if covered {
                continue;
            }
            match v {
                V::T(t) => {
                    ws.write_string(r as u32, c as u16, *t).unwrap();
                }
                V::N(n) => {
                    ws.write_number(r as u32, c as u16, *n).unwrap();
                }
                V::E => {}
            }
        }
    }
    wb.save(path).unwrap();
    path.to_path_buf()
}

pub fn write(path: &Path, bytes: impl AsRef<[u8]>) -> PathBuf {
    std::fs::write(path, bytes).unwrap();
    path.to_path_buf()
}

pub fn gbk(text: &str) -> Vec<u8> {
    encoding_rs::GBK.encode(text).0.into_owned()
}

/// Every `.rs` file under `dir`, at any depth.
pub fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}
