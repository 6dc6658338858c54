//! Reading the spreadsheets a staffing office really has into canonical polars tables.
//!
//! `load` takes a path (or `load_bytes` the bytes) and returns one canonical table plus the
//! findings made on the way; a file that cannot be used gives an [`Unusable`] that says why in
//! one sentence. Nothing here panics on any input.

mod across;
mod aliases;
pub mod content;
mod delimited;
mod file_columns;
pub mod grid;
pub mod header;
pub mod mapping;
pub mod marker;
mod ods_guard;
mod parquet;
pub mod receipt;
pub mod returns;
pub mod rows;
mod sheet;
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
pub use sheet::header_columns;
pub use source::Format;
pub use table::{Skip, SkippedRow};

/// What a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum TableKind {
    /// Approved quota and actual staff per unit (and quota type, and year).
    Staffing,
    /// One row per person (花名册), counted into actual staff.
    Roster,
    /// Tasks with frequency and hours, per unit or per person.
    Survey,
    /// Activity standards (工作标准, 工时定额): the standard time of one item of each activity.
    Standards,
    /// Annual volumes (业务量统计): how many items of each activity each unit handled.
    Volumes,
}

impl TableKind {
    pub const ALL: [TableKind; 5] = [
        TableKind::Staffing,
        TableKind::Roster,
        TableKind::Survey,
        TableKind::Standards,
        TableKind::Volumes,
    ];

    /// The word that names this file in `--map survey:unit=列名`.
    pub fn map_prefix(self) -> &'static str {
        match self {
            TableKind::Staffing => "staffing",
            TableKind::Roster => "roster",
            TableKind::Survey => "survey",
            TableKind::Standards => "standards",
            TableKind::Volumes => "volumes",
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
            (TableKind::Standards, crate::Lang::Zh) => "工作标准表",
            (TableKind::Volumes, crate::Lang::Zh) => "业务量统计表",
            (TableKind::Standards, crate::Lang::En) => "activity standards",
            (TableKind::Volumes, crate::Lang::En) => "annual volumes",
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
    /// Unit names as filed → the staffing table's name for the same unit, matched by hand.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub aliases: BTreeMap<String, String>,
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
    /// Data rows read as records (a wide row is one record here, several in the frame).
    pub records: usize,
    /// Rows below the header not read as records, with why (1-based).
    pub skipped: Vec<SkippedRow>,
    /// The loose overrides that found their column here.
    pub applied: Vec<String>,
    pub frame: DataFrame,
    pub findings: Vec<Finding>,
    /// What a survey template says about itself, when the workbook is one (returned filled).
    pub marker: Option<marker::Marker>,
    /// A survey read from a folder of returns: what each file was.
    pub returns: Option<returns::Returns>,
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
    // A folder of surveys is the returns of a round: each file read (`watch` counts files).
    if path.is_dir() {
        return match kind {
            TableKind::Survey => returns::load_folder(path, opts, watch),
            _ => Err(Unusable(Finding::error(
                "unreadable",
                Location::file(&file),
                format!(
                    "这是一个文件夹：只有工作量调查表可以按文件夹读取（回收的各单位调查表），{}须是一个文件。",
                    kind.label(crate::Lang::Zh)
                ),
                format!(
                    "This is a folder: only a workload survey can be read from a folder (the returned forms); the {} must be one file.",
                    kind.label(crate::Lang::En)
                ),
            ))),
        };
    }
    if let Some(refused) = source::too_large_to_read(path, &file) {
        return Err(Unusable(refused));
    }
    let bytes = std::fs::read(path).map_err(|e| Unusable(io_finding(&file, &e)))?;
    let mut loaded = load_bytes_watched(bytes, &file, kind, opts, watch)?;
    loaded.path = path.to_path_buf();
    Ok(loaded)
}

/// The finding for a file that cannot be opened, in words a person understands.
pub fn io_finding(file: &str, e: &std::io::Error) -> Finding {
    use std::io::ErrorKind::*;
    // Windows refuses a file another program holds (a sharing or lock violation, 32 or 33).
    let locked = (cfg!(windows) && matches!(e.raw_os_error(), Some(32 | 33))) || e.kind() == ResourceBusy;
    let (zh, en) = match e.kind() {
        _ if locked => (
            "文件正被其他程序（如 Excel、WPS）占用，无法读取：请关闭后重试。".to_owned(),
            "The file is held by another program (such as Excel or WPS) and cannot be read: close it and try again."
                .to_owned(),
        ),
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

/// Sheets that hold instructions (or a template's marker and lists), never data.
pub(crate) fn is_instruction_sheet(name: &str) -> bool {
    if marker::is_template_sheet(name) {
        return true;
    }
    let k = text::key(name);
    ["填表说明", "说明", "instructions", "readme", "notes"]
        .iter()
        .any(|w| k == *w || k.starts_with(w))
}

/// Several sheets of one workbook read as tables of `kind`, the workbook opened once (a
/// workbook with a sheet per unit): each sheet's table, or why not.
pub fn load_sheets(
    bytes: Vec<u8>,
    file: &str,
    kind: TableKind,
    opts: &LoadOptions,
    sheets: &[String],
) -> Vec<Result<Loaded, Finding>> {
    let read = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let mut src = match source::Source::open(bytes, file) {
            Ok(s) => s,
            Err(f) => return vec![Err(f); sheets.len()],
        };
        let names = src.sheet_names();
        sheets
            .iter()
            .map(|s| {
                let mut loaded = sheet::read_sheet(&mut src, file, Some(s), kind, opts, &unwatched)?;
                loaded.sheets = names.clone();
                with_aliases(loaded, opts, file)
            })
            .collect()
    }));
    read.unwrap_or_else(|payload| vec![Err(damaged(file, payload.as_ref())); sheets.len()])
}

/// `loaded` with the unit names matched by hand read as the staffing units they mean.
fn with_aliases(mut loaded: Loaded, opts: &LoadOptions, file: &str) -> Result<Loaded, Finding> {
    aliases::apply(&mut loaded, &opts.aliases).map_err(|e| {
        Finding::error(
            "internal",
            Location::file(file),
            format!("单位名称对应无法应用：{e}"),
            format!("The unit name matches could not be applied: {e}"),
        )
    })?;
    Ok(loaded)
}

/// A file a reader library panicked on: damaged, said in one sentence.
fn damaged(file: &str, payload: &(dyn std::any::Any + Send)) -> Finding {
    let detail = crate::findings::panic_text(payload);
    Finding::error(
        "unreadable",
        Location::file(file),
        format!("文件无法读取，可能已损坏（{}）。", text::excerpt(&detail)),
        format!(
            "The file cannot be read; it may be damaged ({}).",
            text::excerpt(&detail)
        ),
    )
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
        let loaded = read_file(bytes, file, kind, opts, watch)?;
        with_aliases(loaded, opts, file).map_err(Unusable)
    }))
    .unwrap_or_else(|payload| Err(Unusable(damaged(file, payload.as_ref()))))
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
        (_, format) if !format.has_sheets() => vec![None],
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
        match sheet::read_sheet(&mut src, file, sheet.as_deref(), kind, opts, watch) {
            Ok(mut loaded) => {
                loaded.sheets = sheets.clone();
                if sheets.iter().any(|s| s == marker::SHEET) {
                    loaded.marker = src
                        .grid(Some(marker::SHEET))
                        .ok()
                        .and_then(|g| marker::Marker::from_grid(&g));
                }
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
    pub standards: Option<Loaded>,
    pub volumes: Option<Loaded>,
}

impl Inputs {
    pub fn get(&self, kind: TableKind) -> Option<&Loaded> {
        self.all().find(|l| l.kind == kind)
    }

    /// Where an input of `kind` is kept.
    pub fn slot_mut(&mut self, kind: TableKind) -> &mut Option<Loaded> {
        match kind {
            TableKind::Staffing => &mut self.staffing,
            TableKind::Roster => &mut self.roster,
            TableKind::Survey => &mut self.survey,
            TableKind::Standards => &mut self.standards,
            TableKind::Volumes => &mut self.volumes,
        }
    }

    /// Every input read, in the order of [`TableKind::ALL`].
    pub fn all(&self) -> impl Iterator<Item = &Loaded> {
        [
            &self.staffing,
            &self.roster,
            &self.survey,
            &self.standards,
            &self.volumes,
        ]
        .into_iter()
        .flatten()
    }

    /// Findings that need two files: a staffing row left out on a guess that the survey works
    /// for. They join the survey's findings.
    pub fn check_across(&mut self) {
        if let (Some(staffing), Some(survey)) = (&self.staffing, &mut self.survey) {
            let found = across::left_out_with_work(staffing, survey);
            survey.findings.extend(found);
        }
    }

    /// Every finding of every input, in file order.
    pub fn findings(&self) -> Vec<Finding> {
        self.all().flat_map(|l| l.findings.iter().cloned()).collect()
    }

    pub fn paths(&self) -> Vec<PathBuf> {
        self.all().map(|l| l.path.clone()).collect()
    }
}
