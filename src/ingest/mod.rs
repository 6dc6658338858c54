//! Reading the spreadsheets a staffing office really has into canonical polars tables.
//!
//! `load` takes a path (or `load_bytes` the bytes) and returns one canonical table plus the
//! findings made on the way; a file that cannot be used gives an [`Unusable`] that says why in
//! one sentence. Nothing here panics on any input.

pub mod content;
mod delimited;
pub mod grid;
pub mod header;
pub mod mapping;
mod ods_guard;
pub mod receipt;
pub mod rows;
pub mod source;
mod table;
pub mod text;
mod xls_guard;
mod xml;

use crate::findings::{Finding, Location, Unusable};
use polars::prelude::DataFrame;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub use mapping::{Basis, Choice, Confidence, Field, Mapping};
pub use source::Format;
pub use table::Skip;

/// What a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum TableKind {
    /// Approved quota and actual staff per unit (and quota type, and year).
    Staffing,
    /// One row per person (花名册), counted into actual staff.
    Roster,
    /// Tasks with frequency and hours, per unit or per person.
    Survey,
}

impl TableKind {
    pub const ALL: [TableKind; 3] = [TableKind::Staffing, TableKind::Roster, TableKind::Survey];

    /// The word that names this file in `--map survey:unit=列名`.
    pub fn map_prefix(self) -> &'static str {
        match self {
            TableKind::Staffing => "staffing",
            TableKind::Roster => "roster",
            TableKind::Survey => "survey",
        }
    }

    pub fn label(self, lang: crate::Lang) -> &'static str {
        match (self, lang) {
            (TableKind::Staffing, crate::Lang::Zh) => "编制情况表",
            (TableKind::Roster, crate::Lang::Zh) => "实名花名册",
            (TableKind::Survey, crate::Lang::Zh) => "工作量调查表",
            (TableKind::Staffing, crate::Lang::En) => "staffing table",
            (TableKind::Roster, crate::Lang::En) => "roster",
            (TableKind::Survey, crate::Lang::En) => "workload survey",
        }
    }
}

/// Choices a caller can make and save: which sheet, and which column holds which field.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct LoadOptions {
    pub sheet: Option<String>,
    /// Field name (`approved`, `unit` ...) → header text of the column that holds it.
    pub overrides: BTreeMap<String, String>,
    /// Overrides that apply only where the header has the column (`--map field=column` without
    /// a file named): one that fits no column is left out, and `Loaded::applied` tells.
    #[serde(skip)]
    pub loose_overrides: BTreeMap<String, String>,
    /// The staffing table's unit names (cleaned), to find a survey's unit column by its values.
    #[serde(skip)]
    pub known_units: Option<std::sync::Arc<std::collections::BTreeSet<String>>>,
}

/// One column of the source as read, for the column-mapping view.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceColumn {
    pub letter: String,
    pub header: String,
    /// The canonical field it feeds (`approved`, or `approved@行政编制` in the wide shape).
    pub field: Option<String>,
    /// The first few values under the header.
    pub samples: Vec<String>,
    /// Why the column holds its field, and how sure that is.
    pub choice: Option<Choice>,
}

/// A table read from a file.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub kind: TableKind,
    pub path: PathBuf,
    /// The file name, as findings name it.
    pub file: String,
    pub format: Format,
    pub encoding: Option<&'static str>,
    pub sheet: Option<String>,
    pub sheets: Vec<String>,
    /// Spreadsheet row numbers (1-based) of the header block.
    pub header_rows: (u32, u32),
    pub columns: Vec<SourceColumn>,
    /// Rows below the header not read as records, with why (1-based).
    pub skipped: Vec<(Skip, u32)>,
    /// The loose overrides that found their column here.
    pub applied: Vec<String>,
    pub frame: DataFrame,
    pub findings: Vec<Finding>,
}

fn display_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// Told how many rows of a sheet have been read, and of how many when the sheet says; answers
/// whether to go on. A "no" stops reading with a `cancelled` finding.
pub type Watch<'a> = &'a (dyn Fn(usize, Option<usize>) -> bool + Sync);

/// A watch that never stops reading.
pub fn unwatched(_rows: usize, _of: Option<usize>) -> bool {
    true
}

/// The finding of a read stopped by its watch.
pub fn cancelled(file: &str) -> Finding {
    Finding::info(
        "cancelled",
        Location::file(file),
        "读取已取消。",
        "Reading was cancelled.",
    )
}

/// Read a staffing table, roster or survey from a file.
pub fn load(path: &Path, kind: TableKind, opts: &LoadOptions) -> Result<Loaded, Unusable> {
    load_watched(path, kind, opts, &unwatched)
}

/// As [`load`], telling `watch` how far reading has come and stopping when it says so.
pub fn load_watched(path: &Path, kind: TableKind, opts: &LoadOptions, watch: Watch) -> Result<Loaded, Unusable> {
    let file = display_name(path);
    let bytes = std::fs::read(path).map_err(|e| Unusable(io_finding(&file, &e)))?;
    let mut loaded = load_bytes_watched(bytes, &file, kind, opts, watch)?;
    loaded.path = path.to_path_buf();
    Ok(loaded)
}

/// The finding for a file that cannot be opened, in words a person understands.
pub fn io_finding(file: &str, e: &std::io::Error) -> Finding {
    use std::io::ErrorKind::*;
    let (zh, en) = match e.kind() {
        NotFound => ("找不到文件。".to_owned(), "The file does not exist.".to_owned()),
        PermissionDenied => (
            "没有权限读取文件（可能正被其他程序占用，或文件夹不允许读取）。".to_owned(),
            "Permission denied reading the file (it may be open in another program, or the folder is not readable)."
                .to_owned(),
        ),
        IsADirectory => (
            "这是一个文件夹，不是文件。".to_owned(),
            "This is a folder, not a file.".to_owned(),
        ),
        _ => (format!("无法读取文件：{e}。"), format!("The file cannot be read: {e}.")),
    };
    Finding::error("unreadable", Location::file(file), zh, en)
}

/// Sheets that hold instructions, never data.
fn is_instruction_sheet(name: &str) -> bool {
    let k = text::key(name);
    ["填表说明", "说明", "instructions", "readme", "notes"]
        .iter()
        .any(|w| k == *w || k.starts_with(w))
}

/// Read a table from bytes; `file` names it in findings.
pub fn load_bytes(bytes: Vec<u8>, file: &str, kind: TableKind, opts: &LoadOptions) -> Result<Loaded, Unusable> {
    load_bytes_watched(bytes, file, kind, opts, &unwatched)
}

/// As [`load_bytes`], telling `watch` how far reading has come and stopping when it says so.
pub fn load_bytes_watched(
    bytes: Vec<u8>,
    file: &str,
    kind: TableKind,
    opts: &LoadOptions,
    watch: Watch,
) -> Result<Loaded, Unusable> {
    // A reader library that panics on a damaged file (an arithmetic overflow on a hostile cell
    // reference, found by fuzzing) gives a finding, not a crash.
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        read_file(bytes, file, kind, opts, watch)
    }))
    .unwrap_or_else(|payload| {
        let detail = crate::findings::panic_text(payload.as_ref());
        Err(Unusable(Finding::error(
            "unreadable",
            Location::file(file),
            format!("文件无法读取，可能已损坏（{}）。", text::excerpt(&detail)),
            format!(
                "The file cannot be read; it may be damaged ({}).",
                text::excerpt(&detail)
            ),
        )))
    })
}

fn read_file(
    bytes: Vec<u8>,
    file: &str,
    kind: TableKind,
    opts: &LoadOptions,
    watch: Watch,
) -> Result<Loaded, Unusable> {
    let mut src = source::Source::open(bytes, file).map_err(Unusable)?;
    let sheets = src.sheet_names();
    let candidates: Vec<Option<String>> = match (&opts.sheet, src.format) {
        (_, Format::Csv) => vec![None],
        (Some(wanted), _) => {
            let found = sheets
                .iter()
                .find(|s| *s == wanted || text::key(s) == text::key(wanted));
            match found {
                Some(s) => vec![Some(s.clone())],
                None => {
                    return Err(Unusable(Finding::error(
                        "no_such_sheet",
                        Location::file(file),
                        format!("工作簿中没有名为“{wanted}”的工作表；现有：{}。", sheets.join("、")),
                        format!(
                            "The workbook has no sheet named '{wanted}'; it has: {}.",
                            sheets.join(", ")
                        ),
                    )));
                }
            }
        }
        (None, _) => {
            let mut c: Vec<Option<String>> = sheets
                .iter()
                .filter(|s| !is_instruction_sheet(s))
                .cloned()
                .map(Some)
                .collect();
            if c.is_empty() {
                c = sheets.iter().cloned().map(Some).collect();
            }
            if c.is_empty() {
                return Err(Unusable(Finding::error(
                    "no_sheets",
                    Location::file(file),
                    "工作簿中没有任何工作表。",
                    "The workbook has no sheets.",
                )));
            }
            c
        }
    };

    let mut first_error: Option<Finding> = None;
    for sheet in &candidates {
        match read_sheet(&mut src, file, sheet.as_deref(), kind, opts, watch) {
            Ok(mut loaded) => {
                loaded.sheets = sheets.clone();
                return Ok(loaded);
            }
            Err(f) if f.code == "cancelled" => return Err(Unusable(f)),
            Err(f) => {
                // Keep the most telling error: one from a sheet that had a header beats "no header".
                let better = match &first_error {
                    None => true,
                    Some(prev) => prev.code == "no_header" && f.code != "no_header",
                };
                if better {
                    first_error = Some(f);
                }
            }
        }
    }
    Err(Unusable(first_error.unwrap_or_else(|| {
        Finding::error(
            "no_header",
            Location::file(file),
            "找不到表头。",
            "No header row was found.",
        )
    })))
}

fn read_sheet(
    src: &mut source::Source,
    file: &str,
    sheet: Option<&str>,
    kind: TableKind,
    opts: &LoadOptions,
    watch: Watch,
) -> Result<Loaded, Finding> {
    let grid = src.grid_watched(sheet, watch)?;
    let here = Location::file(file).with_sheet(sheet);
    if grid.height() == 0 {
        return Err(Finding::error(
            "empty_sheet",
            here,
            "工作表是空的。",
            "The sheet is empty.",
        ));
    }
    let known: Vec<String> = opts
        .overrides
        .values()
        .chain(opts.loose_overrides.values())
        .cloned()
        .collect();
    let Some(header) = header::detect_with(&grid, &known) else {
        return Err(Finding::error(
            "no_header",
            here,
            format!(
                "在前 40 行中找不到{}的表头（如“单位名称”“核定编制数”“实有人数”）。",
                kind.label(crate::Lang::Zh)
            ),
            format!(
                "No header of a {} (such as unit name, approved quota, actual staff) was found in the first 40 rows.",
                kind.label(crate::Lang::En)
            ),
        ));
    };
    let header_loc = here.clone().with_row(header.first_row as u32 + 1);
    let (overrides, applied) = fitting_overrides(&header.names, opts);
    let mut mapping = mapping::map_headers(&header.names, &overrides)
        .map_err(|(zh, en)| Finding::error("bad_override", header_loc.clone(), zh, en))?;
    let data: Vec<usize> = (header.data_start()..grid.height())
        .filter(|&r| !grid.row_is_empty(r))
        .take(400)
        .collect();
    let hints = content::Hints {
        units: opts.known_units.as_deref(),
    };
    let notes = content::refine(&grid, &data, &header.names, kind, &mut mapping, &hints, &overrides)
        .map_err(|a| ambiguous_finding(&a, kind, header_loc.clone()))?;
    if let Err((zh, en)) = kind.check(&mapping) {
        let listed: Vec<&str> = header
            .names
            .iter()
            .filter(|n| !n.is_empty())
            .map(String::as_str)
            .collect();
        return Err(Finding::error(
            "missing_column",
            header_loc,
            format!(
                "{zh}：表头有 {}。可在列对应中指定（命令行 --map {}:字段=列名）。",
                listed.join("、"),
                kind.map_prefix()
            ),
            format!(
                "{en}: the header has {}. Choose the column in the mapping (--map {}:field=column on the command line).",
                quoted(&listed),
                kind.map_prefix()
            ),
        ));
    }

    let mut builder = table::Builder::new(&grid, file, sheet, &header.names, &mapping);
    let rows = builder.record_rows(header.data_start(), kind);
    if rows.is_empty() {
        return Err(Finding::error(
            "no_rows",
            header_loc,
            "表头下面没有数据行。",
            "There are no data rows below the header.",
        ));
    }
    let frame = builder.build(kind, &rows).map_err(|e| {
        Finding::error(
            "internal",
            here.clone(),
            format!("表格整理失败：{e}"),
            format!("Building the table failed: {e}"),
        )
    })?;
    builder.finish();

    let (first, last) = (header.first_row + 1, header.last_row + 1);
    let (rows_zh, rows_en) = if first == last {
        (format!("第 {first} 行"), format!("row {first}"))
    } else {
        (format!("第 {first}–{last} 行"), format!("rows {first}–{last}"))
    };
    let mut findings = vec![Finding::info(
        "header_found",
        header_loc,
        format!("表头位于{rows_zh}，读取 {} 行数据。", frame.height()),
        format!("Header on {rows_en}; {} data rows read.", frame.height()),
    )];
    findings.extend(
        notes
            .into_iter()
            .map(|n| content_finding(&n, &mapping, &here, &header.names)),
    );
    findings.extend(missing_count_findings(kind, &mapping, &here));
    findings.append(&mut builder.findings);

    let columns = source_columns(&grid, &header.names, &mapping, &rows);

    Ok(Loaded {
        kind,
        path: PathBuf::from(file),
        file: file.to_owned(),
        format: src.format,
        encoding: src.encoding,
        sheet: sheet.map(str::to_owned),
        sheets: Vec::new(),
        header_rows: (header.first_row as u32 + 1, header.last_row as u32 + 1),
        columns,
        skipped: std::mem::take(&mut builder.skipped),
        applied,
        frame,
        findings,
    })
}

/// Each column of the header with the field it feeds, why, and its first values.
fn source_columns(grid: &grid::Grid, names: &[String], mapping: &Mapping, rows: &[usize]) -> Vec<SourceColumn> {
    names
        .iter()
        .enumerate()
        .map(|(c, name)| SourceColumn {
            letter: text::column_letter(c),
            header: name.clone(),
            field: mapping.field_of(c),
            samples: rows.iter().take(5).map(|&r| grid.cell(r, c).display()).collect(),
            choice: mapping
                .fields
                .iter()
                .find(|(_, cols)| cols.contains(&c))
                .map(|(f, _)| mapping.choice(*f)),
        })
        .collect()
}

/// The header of a file that could not be read for want of a field (no unit column, or two
/// columns that could both be the actual staff): its columns, what each was matched to and
/// their first values, so that the person can choose instead of being refused.
pub fn header_columns(path: &Path, kind: TableKind, opts: &LoadOptions) -> Option<Vec<SourceColumn>> {
    let file = display_name(path);
    let bytes = std::fs::read(path).ok()?;
    let mut src = source::Source::open(bytes, &file).ok()?;
    let sheets = src.sheet_names();
    let sheet = match (&opts.sheet, src.format) {
        (_, Format::Csv) => None,
        (Some(s), _) => Some(s.clone()),
        (None, _) => sheets
            .iter()
            .find(|s| !is_instruction_sheet(s))
            .or(sheets.first())
            .cloned(),
    };
    let grid = src.grid_watched(sheet.as_deref(), &unwatched).ok()?;
    let known: Vec<String> = opts.overrides.values().cloned().collect();
    let header = header::detect_with(&grid, &known)?;
    let (overrides, _) = fitting_overrides(&header.names, opts);
    let mut mapping = mapping::map_headers(&header.names, &overrides).ok()?;
    let rows: Vec<usize> = (header.data_start()..grid.height())
        .filter(|&r| !grid.row_is_empty(r))
        .take(400)
        .collect();
    let hints = content::Hints {
        units: opts.known_units.as_deref(),
    };
    let _ = content::refine(&grid, &rows, &header.names, kind, &mut mapping, &hints, &overrides);
    Some(source_columns(&grid, &header.names, &mapping, &rows))
}

/// The overrides for this header: every strict one, and the loose ones whose column it has.
fn fitting_overrides(headers: &[String], opts: &LoadOptions) -> (BTreeMap<String, String>, Vec<String>) {
    let keys: Vec<String> = headers.iter().map(|h| text::key(h)).collect();
    let mut overrides = opts.overrides.clone();
    let mut applied = Vec::new();
    for (field, column) in &opts.loose_overrides {
        if keys.contains(&text::key(column)) && !overrides.contains_key(field) {
            overrides.insert(field.clone(), column.clone());
            applied.push(field.clone());
        }
    }
    (overrides, applied)
}

/// Headers as an English sentence names them: each in quotes (they are often Chinese).
fn quoted(items: &[&str]) -> String {
    items.iter().map(|h| format!("'{h}'")).collect::<Vec<_>>().join(", ")
}

/// The finding for a field several columns could hold.
fn ambiguous_finding(a: &content::Ambiguous, kind: TableKind, at: Location) -> Finding {
    let label_zh = a.field.label(crate::Lang::Zh);
    let label_en = a.field.label(crate::Lang::En).to_lowercase();
    let prefix = kind.map_prefix();
    let first = a.candidates.first().cloned().unwrap_or_default();
    let candidates: Vec<&str> = a.candidates.iter().map(String::as_str).collect();
    let (why_zh, why_en) = if a.field == Field::Unit {
        (
            format!("有几列的值都是编制表中的单位（{}）", a.candidates.join("、")),
            format!(
                "several columns hold units of the staffing table: {}",
                quoted(&candidates)
            ),
        )
    } else {
        (
            format!("找不到“{label_zh}”列，而未使用的数字列有 {}", a.candidates.join("、")),
            format!(
                "no {label_en} column was found, and the unused columns of numbers are {}",
                quoted(&candidates)
            ),
        )
    };
    Finding::error(
        "ambiguous_column",
        at,
        format!(
            "{why_zh}：无法确定哪一列是“{label_zh}”，请在列对应中选择（命令行 --map {prefix}:{}={first}）。",
            a.field.name()
        ),
        format!(
            "{}{}: which one holds the {label_en} cannot be told; choose it in the mapping (--map '{prefix}:{}={first}' on the command line).",
            why_en[..1].to_uppercase(),
            &why_en[1..],
            a.field.name()
        ),
    )
}

/// A note of the content pass: a warning where the choice is not sure, else information.
fn content_finding(n: &content::Note, mapping: &Mapping, here: &Location, headers: &[String]) -> Finding {
    let at = here
        .clone()
        .with_column(match headers.get(n.column).filter(|h| !h.is_empty()) {
            Some(h) => format!("{}（{h}）", text::column_letter(n.column)),
            None => text::column_letter(n.column),
        });
    let sure = mapping
        .choices
        .get(&n.field)
        .is_some_and(|c| c.confidence == Confidence::High);
    if sure {
        Finding::info("read_by_values", at, n.zh.clone(), n.en.clone())
    } else {
        Finding::warning("low_confidence", at, n.zh.clone(), n.en.clone())
    }
}

/// A staffing table without an approved or actual column: every figure that needs it is
/// unknown, and the person is told so.
fn missing_count_findings(kind: TableKind, mapping: &Mapping, here: &Location) -> Vec<Finding> {
    if kind != TableKind::Staffing || mapping.is_wide() {
        return Vec::new();
    }
    [Field::Approved, Field::Actual]
        .into_iter()
        .filter(|f| !mapping.has(*f))
        .map(|f| {
            Finding::warning(
                "missing_count",
                here.clone(),
                format!(
                    "表中没有“{}”列：依赖它的空编、超编、饱和度等指标均为未知，不按 0 计。",
                    f.label(crate::Lang::Zh)
                ),
                format!(
                    "The table has no {} column: vacancy, over-quota, saturation and every figure that needs it are unknown, not 0.",
                    f.label(crate::Lang::En).to_lowercase()
                ),
            )
        })
        .collect()
}

/// The cleaned unit names of a staffing table, for reading a survey's unit column by its values.
pub fn unit_names(frame: &DataFrame) -> std::collections::BTreeSet<String> {
    frame
        .column(crate::model::col::UNIT)
        .ok()
        .and_then(|c| c.str().ok().map(|s| s.iter().flatten().map(text::clean_name).collect()))
        .unwrap_or_default()
}

/// The inputs of one analysis.
#[derive(Debug, Clone, Default)]
pub struct Inputs {
    pub staffing: Option<Loaded>,
    pub roster: Option<Loaded>,
    pub survey: Option<Loaded>,
}

impl Inputs {
    pub fn get(&self, kind: TableKind) -> Option<&Loaded> {
        match kind {
            TableKind::Staffing => self.staffing.as_ref(),
            TableKind::Roster => self.roster.as_ref(),
            TableKind::Survey => self.survey.as_ref(),
        }
    }

    /// Every finding of every input, in file order.
    pub fn findings(&self) -> Vec<Finding> {
        [&self.staffing, &self.roster, &self.survey]
            .into_iter()
            .flatten()
            .flat_map(|l| l.findings.iter().cloned())
            .collect()
    }

    pub fn paths(&self) -> Vec<PathBuf> {
        [&self.staffing, &self.roster, &self.survey]
            .into_iter()
            .flatten()
            .map(|l| l.path.clone())
            .collect()
    }
}
