//! Writing results: an xlsx report for people, csv for other spreadsheets, parquet for
//! programs; and reading an xlsx report back, so tests can check what was written is what
//! was computed.
//!
//! The format follows the file extension. For xlsx every table becomes a sheet of one workbook;
//! for csv and parquet the first table goes to the path given and each further table to
//! `<stem>_<key>.<ext>` beside it. xlsx and csv speak the reader's language (translated headers,
//! band/flag/quota-type/basis labels, 是/否); parquet keeps canonical names and codes.
//!
//! Input files are never written, and every file is written whole or not at all: it goes to a
//! temporary file in the same folder first and replaces the target only once complete.

mod cells;
mod csv;
mod file_name;
mod folder;
mod parquet;
mod tsv;
mod width;
mod xlsx;

pub use file_name::{free_file_name, safe_file_stem};
pub use folder::write_folder;
pub use width::{column_width, display_width};
pub use xlsx::sheet_name;

#[cfg(test)]
mod tests;

use crate::model::{Lang, Sheet};
use polars::prelude::{DataFrame, PolarsError};
use std::ffi::OsString;
use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// A table to export and the report's table it is.
#[derive(Debug, Clone, Copy)]
pub struct NamedTable<'a> {
    pub key: Sheet,
    pub frame: &'a DataFrame,
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("cannot write {}: unsupported file type; the report can be saved as .xlsx, .csv or .parquet", .path.display())]
    UnsupportedFormat { path: PathBuf },
    #[error("nothing to write to {}: no tables were given", .path.display())]
    NoTables { path: PathBuf },
    #[error("cannot write {}: the folder it should go in does not exist", .path.display())]
    MissingFolder { path: PathBuf },
    #[error("cannot write {}: it is a folder, not a file", .path.display())]
    IsFolder { path: PathBuf },
    #[error("cannot write into {}: the folder already exists and is not empty; choose a new folder", .path.display())]
    FolderNotEmpty { path: PathBuf },
    #[error("refusing to write {}: it is the input file {}; choose another name for the output", .path.display(), .input.display())]
    WouldOverwriteInput { path: PathBuf, input: PathBuf },
    #[error("cannot write {}: two tables would both be saved as “{key}”", .path.display())]
    DuplicateTable { path: PathBuf, key: String },
    #[error(
        "cannot write {}: table “{key}” has {rows} rows and {columns} columns, more than an Excel sheet holds (1,048,575 rows below the header, 16,384 columns); save it as .csv or .parquet instead",
        .path.display()
    )]
    TooLarge {
        path: PathBuf,
        key: String,
        rows: usize,
        columns: usize,
    },
    #[error("cannot write {}: {}", .path.display(), io_reason(.source, Lang::En))]
    Io {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("cannot write {}: {message}", .path.display())]
    Write { path: PathBuf, message: String },
    #[error("cannot read {}: {message}", .path.display())]
    Read { path: PathBuf, message: String },
}

impl ExportError {
    /// The file the error is about.
    pub fn path(&self) -> &Path {
        match self {
            ExportError::UnsupportedFormat { path }
            | ExportError::NoTables { path }
            | ExportError::MissingFolder { path }
            | ExportError::IsFolder { path }
            | ExportError::FolderNotEmpty { path }
            | ExportError::WouldOverwriteInput { path, .. }
            | ExportError::DuplicateTable { path, .. }
            | ExportError::TooLarge { path, .. }
            | ExportError::Io { path, .. }
            | ExportError::Write { path, .. }
            | ExportError::Read { path, .. } => path,
        }
    }

    /// The message in the interface language (`Display` gives the English one).
    pub fn message(&self, lang: Lang) -> String {
        if lang == Lang::En {
            return self.to_string();
        }
        let p = self.path().display();
        match self {
            ExportError::UnsupportedFormat { .. } => {
                format!("无法写入 {p}：不支持的文件类型，报告可保存为 .xlsx、.csv 或 .parquet")
            }
            ExportError::NoTables { .. } => format!("没有可写入 {p} 的表"),
            ExportError::MissingFolder { .. } => format!("无法写入 {p}：所在文件夹不存在"),
            ExportError::IsFolder { .. } => format!("无法写入 {p}：这是一个文件夹，不是文件"),
            ExportError::FolderNotEmpty { .. } => format!("无法写入 {p}：该文件夹已存在且不为空，请选择新的文件夹"),
            ExportError::WouldOverwriteInput { input, .. } => {
                format!("拒绝写入 {p}：它是输入文件 {}，请为输出另取文件名", input.display())
            }
            ExportError::DuplicateTable { key, .. } => {
                format!("无法写入 {p}：有两张表都将保存为“{key}”")
            }
            ExportError::TooLarge { key, rows, columns, .. } => format!(
                "无法写入 {p}：表“{key}”有 {rows} 行、{columns} 列，超出 Excel 工作表的容量（表头下 1,048,575 行、16,384 列），请改存为 .csv 或 .parquet"
            ),
            ExportError::Io { source, .. } => format!("无法写入 {p}：{}", io_reason(source, Lang::Zh)),
            ExportError::Write { message, .. } => format!("无法写入 {p}：{message}"),
            ExportError::Read { message, .. } => format!("无法读取 {p}：{message}"),
        }
    }
}

/// Why a write failed, in words a person acts on; the system's own text for anything else.
fn io_reason(e: &io::Error, lang: Lang) -> String {
    // Windows refuses to replace a file another program holds open (Excel and WPS lock the
    // workbooks they show) with a sharing or lock violation.
    // On Linux a file in use (busy) refuses to be replaced the same way.
    let locked =
        (cfg!(windows) && matches!(e.raw_os_error(), Some(32 | 33))) || e.kind() == io::ErrorKind::ResourceBusy;
    let text = match (e.kind(), lang) {
        _ if locked => match lang {
            Lang::Zh => "文件正被其他程序（如 Excel、WPS）打开：请关闭后再保存，或另存为新文件名",
            Lang::En => {
                "the file is open in another program (such as Excel or WPS): close it and save again, or save under a new name"
            }
        },
        (io::ErrorKind::PermissionDenied, Lang::Zh) => {
            "没有写入权限：文件可能正被其他程序（如 Excel、WPS）打开，或为只读，或文件夹不允许写入"
        }
        (io::ErrorKind::PermissionDenied, Lang::En) => {
            "permission denied: the file may be open in another program (such as Excel or WPS), read-only, or in a folder that does not allow writing"
        }
        (io::ErrorKind::StorageFull, Lang::Zh) => "磁盘空间不足",
        (io::ErrorKind::StorageFull, Lang::En) => "the disk is full",
        (io::ErrorKind::FileTooLarge, Lang::Zh) => "文件超出系统允许的大小",
        (io::ErrorKind::FileTooLarge, Lang::En) => "the file is larger than the system allows",
        (io::ErrorKind::ReadOnlyFilesystem, Lang::Zh) => "磁盘或分区是只读的",
        (io::ErrorKind::ReadOnlyFilesystem, Lang::En) => "the disk or partition is read-only",
        _ => return e.to_string(),
    };
    text.to_owned()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Xlsx,
    Csv,
    Parquet,
}

impl Format {
    fn of(path: &Path) -> Result<Format, ExportError> {
        let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
        match ext.as_deref() {
            Some("xlsx") => Ok(Format::Xlsx),
            Some("csv") => Ok(Format::Csv),
            Some("parquet") => Ok(Format::Parquet),
            _ => Err(ExportError::UnsupportedFormat {
                path: path.to_path_buf(),
            }),
        }
    }
}

/// Whether a report to `path` is written as parquet, for programs rather than people.
pub fn writes_parquet(path: &Path) -> bool {
    matches!(Format::of(path), Ok(Format::Parquet))
}

/// Write `tables` to `path` in the format its extension names, in `lang`.
///
/// Refuses to write over any of `inputs`. Returns the files written, the main file first.
pub fn write_report(
    path: &Path,
    tables: &[NamedTable<'_>],
    lang: Lang,
    inputs: &[PathBuf],
) -> Result<Vec<PathBuf>, ExportError> {
    let format = Format::of(path)?;
    if tables.is_empty() {
        return Err(ExportError::NoTables {
            path: path.to_path_buf(),
        });
    }
    for (i, t) in tables.iter().enumerate() {
        if tables[..i].iter().any(|u| u.key == t.key) {
            return Err(ExportError::DuplicateTable {
                path: path.to_path_buf(),
                key: t.key.code().to_owned(),
            });
        }
    }
    let targets = match format {
        Format::Xlsx => vec![path.to_path_buf()],
        Format::Csv | Format::Parquet => file_per_table(path, tables)?,
    };
    check_targets(&targets, inputs)?;

    let polars_error = |path: &Path, key: &str, e: PolarsError| ExportError::Write {
        path: path.to_path_buf(),
        message: format!("table “{key}”: {e}"),
    };
    let mut staged: Vec<(PathBuf, PathBuf)> = Vec::with_capacity(targets.len());
    let mut stage_all = || -> Result<(), ExportError> {
        match format {
            Format::Xlsx => {
                let prepared = tables
                    .iter()
                    .map(|t| {
                        cells::prepare(t.frame, lang)
                            .map(|columns| (t.key, columns))
                            .map_err(|e| polars_error(path, t.key.code(), e))
                    })
                    .collect::<Result<Vec<_>, _>>()?;
                let temp = stage(path, |out| xlsx::write(out, path, &prepared, lang))?;
                staged.push((temp, path.to_path_buf()));
            }
            Format::Csv => {
                for (t, target) in tables.iter().zip(&targets) {
                    let columns = cells::prepare(t.frame, lang).map_err(|e| polars_error(target, t.key.code(), e))?;
                    let temp = stage(target, |out| {
                        csv::write(out, &columns).map_err(|e| polars_error(target, t.key.code(), e))
                    })?;
                    staged.push((temp, target.clone()));
                }
            }
            Format::Parquet => {
                for (t, target) in tables.iter().zip(&targets) {
                    let temp = stage(target, |out| {
                        parquet::write(out, t.frame).map_err(|e| polars_error(target, t.key.code(), e))
                    })?;
                    staged.push((temp, target.clone()));
                }
            }
        }
        Ok(())
    };
    if let Err(e) = stage_all() {
        for (temp, _) in &staged {
            let _ = fs::remove_file(temp);
        }
        return Err(e);
    }
    commit(staged)
}

/// Read an xlsx report written by [`write_report`]: `(key, frame)` per sheet, in sheet order,
/// with canonical column names, codes and booleans restored.
///
/// Column types come from the header cell's number format, which [`write_report`] sets:
/// `0` → Int64 (any integer type was written this way), another number format → Float64,
/// a text format → String, or Boolean when the header is also centred. Empty cells are null;
/// the text `NaN`, `inf`, `-inf` in a number column is that float. Without such a format (a
/// sheet from elsewhere) a column of numbers is Float64, of 是/否/yes/no Boolean, else String.
///
/// So Int32, UInt32 and the like come back Int64 and Float32 Float64. A spreadsheet cell cannot
/// hold an empty string, so "" comes back null, except in `flags`, a list of codes, where an
/// empty cell means no flags and comes back "" (and so does a null).
pub fn read_report_xlsx(path: &Path) -> Result<Vec<(String, DataFrame)>, ExportError> {
    xlsx::read(path)
}

/// `frame` as tab-separated text with its header, for the clipboard: pasted into Excel or WPS
/// it gives the cells the report writes. Only `rows` when given.
pub fn table_text(frame: &DataFrame, lang: Lang, rows: Option<&[usize]>) -> Result<String, PolarsError> {
    Ok(tsv::text(&cells::prepare(frame, lang)?, rows))
}

/// A fresh name beside `target` for a temporary file or folder (same folder, so the final
/// rename stays on one disk).
pub fn temp_path_beside(target: &Path) -> PathBuf {
    temp_path(target)
}

/// `<stem>_<key>.<ext>` beside `path` for every table after the first.
fn file_per_table(path: &Path, tables: &[NamedTable<'_>]) -> Result<Vec<PathBuf>, ExportError> {
    let stem = path.file_stem().unwrap_or_default();
    let ext = path.extension().unwrap_or_default();
    let mut targets = vec![path.to_path_buf()];
    for t in &tables[1..] {
        // Keys are distinct ASCII (checked by the caller and by `Sheet`'s test): portable names.
        let mut name = stem.to_os_string();
        name.push(format!("_{}.", t.key.code()));
        name.push(ext);
        targets.push(path.with_file_name(name));
    }
    Ok(targets)
}

/// Every target must go into an existing folder, must not be a folder, and must not be an input.
fn check_targets(targets: &[PathBuf], inputs: &[PathBuf]) -> Result<(), ExportError> {
    let inputs: Vec<(PathBuf, &PathBuf)> = inputs.iter().map(|i| (identity(i), i)).collect();
    for target in targets {
        let folder = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        if !folder.is_dir() {
            return Err(ExportError::MissingFolder { path: target.clone() });
        }
        if target.is_dir() {
            return Err(ExportError::IsFolder { path: target.clone() });
        }
        // Renaming over a read-only file works on Linux and macOS; its owner meant it kept.
        if fs::metadata(target).is_ok_and(|m| m.permissions().readonly()) {
            return Err(ExportError::Io {
                path: target.clone(),
                source: io::Error::new(io::ErrorKind::PermissionDenied, "the file is read-only"),
            });
        }
        let id = identity(target);
        if let Some((_, input)) = inputs.iter().find(|(i, _)| *i == id) {
            return Err(ExportError::WouldOverwriteInput {
                path: target.clone(),
                input: (*input).clone(),
            });
        }
    }
    Ok(())
}

/// Write `bytes` to `path` whole or not at all: a temporary file beside it, then a rename.
/// For files that are not tables: a saved project, the settings, a chart image.
pub fn write_file_atomic(path: &Path, bytes: &[u8]) -> Result<(), ExportError> {
    check_targets(&[path.to_path_buf()], &[])?;
    let temp = stage(path, |out| {
        out.write_all(bytes).map_err(|source| ExportError::Io {
            path: path.to_path_buf(),
            source,
        })
    })?;
    commit(vec![(temp, path.to_path_buf())]).map(|_| ())
}

/// A path to compare files by: canonical if it exists, else its canonical folder joined with
/// its name, else the absolute path as written.
fn identity(path: &Path) -> PathBuf {
    if let Ok(p) = fs::canonicalize(path) {
        return p;
    }
    if let Some(name) = path.file_name() {
        let folder = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        if let Ok(p) = fs::canonicalize(folder) {
            return p.join(name);
        }
    }
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

static TEMP_COUNTER: AtomicU64 = AtomicU64::new(0);

/// `.name.tmp-<pid>-<n>` beside `target`: same folder, so the final rename stays on one disk.
fn temp_path(target: &Path) -> PathBuf {
    let n = TEMP_COUNTER.fetch_add(1, Ordering::Relaxed);
    let mut name = OsString::from(".");
    name.push(target.file_name().unwrap_or_default());
    name.push(format!(".tmp-{}-{n}", std::process::id()));
    target.with_file_name(name)
}

/// Write a temporary file for `target` with `write`, flushed to disk; returns its path. On any
/// error the temporary file is removed.
fn stage<F>(target: &Path, write: F) -> Result<PathBuf, ExportError>
where
    F: FnOnce(&mut BufWriter<&mut File>) -> Result<(), ExportError>,
{
    let io_error = |source| ExportError::Io {
        path: target.to_path_buf(),
        source,
    };
    let temp = temp_path(target);
    let mut file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&temp)
        .map_err(io_error)?;
    let result = (|| {
        let mut out = BufWriter::new(&mut file);
        write(&mut out)?;
        out.flush().map_err(io_error)?;
        drop(out);
        file.sync_all().map_err(io_error)
    })();
    drop(file);
    match result {
        Ok(()) => Ok(temp),
        Err(e) => {
            let _ = fs::remove_file(&temp);
            Err(e)
        }
    }
}

/// Move each temporary file over its target. If one move fails, the temporary files not yet
/// moved are removed and the error names the target that could not be replaced.
fn commit(staged: Vec<(PathBuf, PathBuf)>) -> Result<Vec<PathBuf>, ExportError> {
    let mut written = Vec::with_capacity(staged.len());
    for (i, (temp, target)) in staged.iter().enumerate() {
        if let Err(source) = fs::rename(temp, target) {
            for (temp, _) in &staged[i..] {
                let _ = fs::remove_file(temp);
            }
            return Err(ExportError::Io {
                path: target.clone(),
                source,
            });
        }
        written.push(target.clone());
    }
    Ok(written)
}
