//! The files of a folder of returns: every spreadsheet, csv or parquet table in it and its
//! subfolders, and inside the zip files there; links are not followed (a folder that links to
//! itself is no loop), nothing but a plain file is opened (a pipe never blocks the read), and a
//! zip entry larger than a survey could be is left out rather than inflated.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// The file types a return may come in: a unit's own form, or a table exported from a
/// system (csv, or parquet from a data warehouse).
const SPREADSHEETS: [&str; 7] = ["xlsx", "xlsm", "xls", "et", "ods", "csv", "parquet"];
/// No returned survey inflates to more than this (a zip bomb does).
pub const MAX_ENTRY_BYTES: u64 = 64 << 20;
/// Nor do all the entries of one zip file together.
const MAX_ARCHIVE_BYTES: u64 = 1 << 30;
/// Folders deeper than this are not searched.
const MAX_DEPTH: usize = 16;

/// A spreadsheet to read: its name as findings give it (its path below the folder, or
/// `archive.zip/entry`), where its bytes are, and when it was last changed.
pub struct Item {
    pub label: String,
    pub bytes: Bytes,
    pub modified: Option<SystemTime>,
}

pub enum Bytes {
    File(PathBuf),
    Held(Vec<u8>),
}

impl Item {
    pub fn read(&self) -> std::io::Result<Vec<u8>> {
        match &self.bytes {
            Bytes::File(p) => std::fs::read(p),
            Bytes::Held(b) => Ok(b.clone()),
        }
    }
}

/// What the walk left out, by why, each with the names (the first few are said).
#[derive(Debug, Default)]
pub struct LeftOut {
    /// Files that are no spreadsheet (a Word file, a PDF, a picture).
    pub other: Vec<String>,
    /// Links, pipes and the like: not opened.
    pub not_files: Vec<String>,
    /// Office's lock files (~$name.xlsx) and hidden files.
    pub temporary: Vec<String>,
    /// Satlas' own csv or parquet reports written into the folder.
    pub reports: Vec<String>,
    /// Zip files and entries that could not be read, or would inflate too far, with why.
    pub archives: Vec<(String, String)>,
    /// Folders that could not be listed, with why.
    pub unlisted: Vec<(String, String)>,
}

/// Every spreadsheet under `dir`, in name order.
pub fn walk(dir: &Path) -> (Vec<Item>, LeftOut) {
    let mut items = Vec::new();
    let mut left = LeftOut::default();
    let walker = walkdir::WalkDir::new(dir)
        .follow_links(false)
        .max_depth(MAX_DEPTH)
        .sort_by_file_name();
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let at = e.path().map(|p| label(dir, p)).unwrap_or_default();
                left.unlisted.push((at, e.to_string()));
                continue;
            }
        };
        let name = label(dir, entry.path());
        let file_name = entry.file_name().to_string_lossy();
        if entry.file_type().is_dir() {
            continue;
        }
        if file_name.starts_with("~$") || file_name.starts_with('.') {
            left.temporary.push(name);
            continue;
        }
        if !entry.file_type().is_file() {
            left.not_files.push(name);
            continue;
        }
        let modified = entry.metadata().ok().and_then(|m| m.modified().ok());
        match extension(&file_name).as_deref() {
            Some("zip") => unzip(entry.path(), &name, modified, &mut items, &mut left),
            Some(ext) if SPREADSHEETS.contains(&ext) => items.push(Item {
                label: name,
                bytes: Bytes::File(entry.path().to_path_buf()),
                modified,
            }),
            _ => left.other.push(name),
        }
    }
    let (reports, items): (Vec<Item>, Vec<Item>) = {
        let report = super::own::family(items.iter().map(|i| i.label.clone()).collect());
        items.into_iter().partition(|i| report(&i.label))
    };
    left.reports = reports.into_iter().map(|i| i.label).collect();
    (items, left)
}

fn extension(name: &str) -> Option<String> {
    Path::new(name).extension().map(|e| e.to_string_lossy().to_lowercase())
}

/// `path` below `dir`, with forward slashes.
fn label(dir: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(dir).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// The spreadsheets inside zip file `path` (not zips inside it), each at most
/// [`MAX_ENTRY_BYTES`] and all together at most [`MAX_ARCHIVE_BYTES`] as declared; the zip
/// reader stops each entry at its declared size.
fn unzip(path: &Path, name: &str, modified: Option<SystemTime>, items: &mut Vec<Item>, left: &mut LeftOut) {
    let opened = std::fs::File::open(path)
        .map_err(|e| e.to_string())
        .and_then(|f| zip::ZipArchive::new(f).map_err(|e| e.to_string()));
    let mut archive = match opened {
        Ok(a) => a,
        Err(e) => {
            left.archives.push((name.to_owned(), e));
            return;
        }
    };
    let mut total = 0u64;
    for i in 0..archive.len() {
        let mut entry = match archive.by_index(i) {
            Ok(e) => e,
            Err(e) => {
                left.archives.push((format!("{name}/#{i}"), e.to_string()));
                continue;
            }
        };
        let inner = entry_name(entry.name_raw()).replace('\\', "/");
        let modified = entry.last_modified().and_then(system_time).or(modified);
        let here = format!("{name}/{inner}");
        let base = inner.rsplit('/').next().unwrap_or("").to_owned();
        if entry.is_dir() || base.starts_with("~$") || base.starts_with('.') || base.is_empty() {
            continue;
        }
        match extension(&base).as_deref() {
            Some(ext) if SPREADSHEETS.contains(&ext) => {}
            _ => {
                left.other.push(here);
                continue;
            }
        }
        total = total.saturating_add(entry.size());
        if entry.size() > MAX_ENTRY_BYTES || total > MAX_ARCHIVE_BYTES {
            left.archives.push((here, too_large(entry.size())));
            continue;
        }
        let mut bytes = Vec::with_capacity(entry.size() as usize);
        match (&mut entry).take(MAX_ENTRY_BYTES + 1).read_to_end(&mut bytes) {
            Ok(n) if n as u64 <= MAX_ENTRY_BYTES => items.push(Item {
                label: here,
                bytes: Bytes::Held(bytes),
                modified,
            }),
            Ok(n) => left.archives.push((here, too_large(n as u64))),
            Err(e) => left.archives.push((here, e.to_string())),
        }
    }
}

/// An entry's name: UTF-8 where it is, else GBK (Chinese zip tools on Windows write names in
/// the system's code page and no flag saying so).
fn entry_name(raw: &[u8]) -> String {
    match std::str::from_utf8(raw) {
        Ok(s) => s.to_owned(),
        Err(_) => encoding_rs::GB18030.decode(raw).0.into_owned(),
    }
}

/// A zip entry's time (local, as zip files keep it).
fn system_time(t: zip::DateTime) -> Option<SystemTime> {
    use chrono::TimeZone;
    let day = chrono::NaiveDate::from_ymd_opt(i32::from(t.year()), u32::from(t.month()), u32::from(t.day()))?;
    let at = day.and_hms_opt(u32::from(t.hour()), u32::from(t.minute()), u32::from(t.second()))?;
    chrono::Local.from_local_datetime(&at).earliest().map(SystemTime::from)
}

fn too_large(bytes: u64) -> String {
    format!("{} MB", bytes >> 20)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zip_entry_names_read_in_utf8_or_gbk() {
        assert_eq!(entry_name("区财政局.xlsx".as_bytes()), "区财政局.xlsx");
        let (gbk, _, _) = encoding_rs::GBK.encode("区财政局.xlsx");
        assert_eq!(entry_name(&gbk), "区财政局.xlsx");
    }
}
