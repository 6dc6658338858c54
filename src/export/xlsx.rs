//! The xlsx report, and reading it back.
//!
//! The header cell of each column carries the column's type in its number format, so the
//! reader can restore it even for an empty table:
//!
//! | column dtype       | data cells                      | header number format     |
//! |--------------------|---------------------------------|--------------------------|
//! | any integer        | numbers, format `0`             | `0`                      |
//! | Float32 / Float64  | numbers, `0.00`/`0.0%`/`#,##0.0`| the same as the data     |
//! | Boolean            | text 是/否 or yes/no, centred   | `@`, centred             |
//! | anything else      | text (codes translated)         | `@`                      |
//!
//! Nulls are empty cells. NaN and ±infinity, which a spreadsheet cannot hold as numbers, are
//! written as the text `NaN`, `inf`, `-inf`.

use super::ExportError;
use super::cells::{self, FloatStyle, Prepared, Tint, Values};
use super::width;
use crate::i18n;
use crate::model::{Band, Lang, Sheet, col};
use crate::palette;
use calamine::{Data, HorizontalAlignment, Reader, Style, Xlsx};
use polars::prelude::*;
use rust_xlsxwriter::{
    Color, ConditionalFormatCell, ConditionalFormatCellRule, Format, FormatAlign, FormatBorder, Workbook, Worksheet,
    XlsxError,
};
use std::collections::HashMap;
use std::io::Write;
use std::path::Path;

/// Rows in an Excel sheet, header included.
const MAX_ROWS: usize = 1_048_576;
/// Columns in an Excel sheet.
const MAX_COLUMNS: usize = 16_384;

const HEADER_FILL: u32 = 0xDDEBF7;
const INT_FORMAT: &str = "0";
const TEXT_FORMAT: &str = "@";

/// What a column holds, as far as the sheet's formats are concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Int,
    Float(FloatStyle),
    Bool,
    Text,
}

impl Kind {
    fn of(values: &Values) -> Kind {
        match values {
            Values::Int(_) => Kind::Int,
            Values::Float(_, style) => Kind::Float(*style),
            Values::Bool(_) => Kind::Bool,
            Values::Text(_) => Kind::Text,
        }
    }

    fn num_format(self) -> &'static str {
        match self {
            Kind::Int => INT_FORMAT,
            Kind::Float(style) => style.num_format(),
            Kind::Bool | Kind::Text => TEXT_FORMAT,
        }
    }

    fn header_format(self) -> Format {
        let format = Format::new()
            .set_bold()
            .set_background_color(Color::RGB(HEADER_FILL))
            .set_border_bottom(FormatBorder::Thin)
            .set_num_format(self.num_format());
        match self {
            Kind::Bool => format.set_align(FormatAlign::Center),
            _ => format,
        }
    }

    fn data_format(self) -> Format {
        match self {
            Kind::Int | Kind::Float(_) => Format::new().set_num_format(self.num_format()),
            Kind::Bool => Format::new().set_align(FormatAlign::Center),
            Kind::Text => Format::new(),
        }
    }

    /// The kind a header cell's style announces, if it announces one.
    fn from_header_style(style: &Style) -> Option<Kind> {
        let code = style.number_format.as_ref()?.format_code.as_str();
        let centred = style
            .alignment
            .as_ref()
            .is_some_and(|a| a.horizontal == HorizontalAlignment::Center);
        match code {
            INT_FORMAT => Some(Kind::Int),
            TEXT_FORMAT if centred => Some(Kind::Bool),
            TEXT_FORMAT => Some(Kind::Text),
            "General" | "" => None,
            _ => Some(Kind::Float(FloatStyle::Fixed2)),
        }
    }
}

/// A name Excel accepts for a sheet: no `[]:*?/\`, no leading or trailing apostrophe, at most
/// 31 characters, not blank, and not `History`, which Excel reserves.
pub fn sheet_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '_' } else { c })
        .collect();
    let cleaned = cleaned.trim_matches('\'');
    let mut out = String::new();
    for c in cleaned.chars() {
        // Excel counts UTF-16 units.
        if out.encode_utf16().count() + c.len_utf16() > 31 {
            break;
        }
        out.push(c);
    }
    if out.trim().is_empty() {
        "Sheet".to_owned()
    } else if out.eq_ignore_ascii_case("history") {
        format!("{out} table")
    } else {
        out
    }
}

/// The report key of a sheet name as [`write`] names sheets (either language); an unknown
/// name is its own key.
pub fn key_from_sheet(name: &str) -> String {
    Sheet::ALL
        .into_iter()
        .find(|s| [Lang::Zh, Lang::En].iter().any(|&l| sheet_name(s.label(l)) == name))
        .map_or(name, |s| s.code())
        .to_owned()
}

fn write_error(path: &Path, key: &str, e: XlsxError) -> ExportError {
    match e {
        // A full disk or a read-only file is said in the words every other write uses.
        XlsxError::IoError(source) => ExportError::Io {
            path: path.to_path_buf(),
            source,
        },
        e => ExportError::Write {
            path: path.to_path_buf(),
            message: format!("table “{key}”: {e}"),
        },
    }
}

/// Write one workbook with a sheet per table to `out`. `path` is only for messages.
///
/// In constant-memory mode rust_xlsxwriter streams each sheet through a temporary file and
/// panics when that write fails (a full disk, a file-size limit): that panic is turned into
/// an error here, so a failed export is a message, never a crash.
pub fn write<W: Write + Send>(
    out: W,
    path: &Path,
    tables: &[(Sheet, Vec<Prepared>)],
    lang: Lang,
) -> Result<(), ExportError> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| write_workbook(out, path, tables, lang))).unwrap_or_else(
        |payload| {
            Err(ExportError::Write {
                path: path.to_path_buf(),
                message: crate::findings::panic_text(payload.as_ref()),
            })
        },
    )
}

fn write_workbook<W: Write + Send>(
    out: W,
    path: &Path,
    tables: &[(Sheet, Vec<Prepared>)],
    lang: Lang,
) -> Result<(), ExportError> {
    let mut workbook = Workbook::new();
    // Saving is mostly compression: level 3 takes a third less time for a tenth more bytes.
    workbook.set_zip_compression_level(3);
    let mut used: Vec<String> = Vec::new();
    let mut sheets = Vec::with_capacity(tables.len());
    for &(key, ref columns) in tables {
        let rows = columns.first().map_or(0, Prepared::len);
        if rows + 1 > MAX_ROWS || columns.len() > MAX_COLUMNS {
            return Err(ExportError::TooLarge {
                path: path.to_path_buf(),
                key: key.code().to_owned(),
                rows,
                columns: columns.len(),
            });
        }
        let name = sheet_name(key.label(lang));
        // Excel compares sheet names without regard to case.
        if used.iter().any(|u| u.to_lowercase() == name.to_lowercase()) {
            return Err(ExportError::DuplicateTable {
                path: path.to_path_buf(),
                key: key.code().to_owned(),
            });
        }
        used.push(name.clone());
        let mut sheet = workbook
            .new_worksheet_with_constant_memory()
            .map_err(|e| write_error(path, key.code(), e))?;
        sheet.set_name(&name).map_err(|e| write_error(path, key.code(), e))?;
        sheets.push(SheetJob {
            key,
            columns,
            rows,
            sheet,
        });
    }
    // Sheets are filled side by side (a report's people sheet is as large as all the others
    // together), then added in their order.
    for sheet in fill_in_parallel(sheets, path) {
        workbook.push_worksheet(sheet?);
    }
    workbook
        .save_to_writer(out)
        .map_err(|e| write_error(path, "(workbook)", e))
}

/// One sheet to fill: its table and the worksheet it goes to.
struct SheetJob<'a> {
    key: Sheet,
    columns: &'a [Prepared],
    rows: usize,
    sheet: Worksheet,
}

/// Fill every sheet, on as many threads as there are cores, the largest sheets first, each
/// to the thread with the fewest cells so far. Sheets come back in their order.
fn fill_in_parallel(jobs: Vec<SheetJob<'_>>, path: &Path) -> Vec<Result<Worksheet, ExportError>> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(jobs.len())
        .max(1);
    let cells = |j: &SheetJob| (j.rows + 1) * j.columns.len();
    let mut order: Vec<usize> = (0..jobs.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(cells(&jobs[i])));
    let mut bins: Vec<(usize, Vec<(usize, SheetJob)>)> = (0..threads).map(|_| (0, Vec::new())).collect();
    let mut jobs: Vec<Option<SheetJob>> = jobs.into_iter().map(Some).collect();
    for i in order {
        let Some(job) = jobs[i].take() else { continue };
        let bin = bins.iter_mut().min_by_key(|(n, _)| *n).expect("at least one thread");
        bin.0 += cells(&job);
        bin.1.push((i, job));
    }
    let fill = |bin: Vec<(usize, SheetJob<'_>)>| {
        bin.into_iter()
            .map(|(i, mut job)| {
                let done = write_sheet(&mut job.sheet, job.columns, job.rows);
                (
                    i,
                    done.map(|_| job.sheet)
                        .map_err(|e| write_error(path, job.key.code(), e)),
                )
            })
            .collect::<Vec<_>>()
    };
    let mut done: Vec<_> = std::thread::scope(|s| {
        let handles: Vec<_> = bins.into_iter().map(|(_, bin)| s.spawn(move || fill(bin))).collect();
        // A panic in a thread (a failed temporary-file write) goes on to the caller, which
        // turns it into an error.
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect()
    });
    done.sort_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, r)| r).collect()
}

fn write_sheet(sheet: &mut Worksheet, columns: &[Prepared], rows: usize) -> Result<(), XlsxError> {
    // Limits were checked by the caller, so these conversions cannot truncate. The sheet keeps
    // only the row being written (constant memory): rows go out in order, left to right.
    let last_row = rows as u32;
    for (c, w) in column_widths(columns).into_iter().enumerate() {
        sheet.set_column_width(c as u16, w as f64)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    if !columns.is_empty() {
        sheet.autofilter(0, 0, last_row, columns.len() as u16 - 1)?;
    }
    let kinds: Vec<Kind> = columns.iter().map(|column| Kind::of(&column.values)).collect();
    for (c, (column, kind)) in columns.iter().zip(&kinds).enumerate() {
        let c = c as u16;
        sheet.write_string_with_format(0, c, &column.label, &kind.header_format())?;
        // The number format goes on the column, not on each cell: a cell written without a
        // format takes its column's, and looking a format up for each of a million cells
        // costs a third of the writing.
        if *kind != Kind::Text {
            sheet.set_column_format(c, &kind.data_format())?;
        }
    }
    if rows > 0 {
        for (c, column) in columns.iter().enumerate() {
            tint(sheet, c as u16, column, last_row)?;
        }
    }
    for i in 0..rows {
        let r = i as u32 + 1;
        for (c, column) in columns.iter().enumerate() {
            let c = c as u16;
            match &column.values {
                Values::Int(v) => {
                    if let Some(x) = v[i] {
                        sheet.write_number(r, c, x as f64)?;
                    }
                }
                Values::Float(v, _) => match v[i] {
                    Some(x) if x.is_finite() => {
                        sheet.write_number(r, c, x)?;
                    }
                    Some(x) => {
                        sheet.write_string(r, c, cells::non_finite(x))?;
                    }
                    None => {}
                },
                Values::Bool(v) => {
                    if let Some(b) = v[i] {
                        sheet.write_string(r, c, cells::yes_no(b, column.lang()))?;
                    }
                }
                Values::Text(v) => {
                    if let Some(text) = &v[i] {
                        sheet.write_string(r, c, text)?;
                    }
                }
            }
        }
    }
    Ok(())
}

/// Colour a column's cells as the window does: a plan's gains and losses, the saturation bands.
fn tint(sheet: &mut Worksheet, c: u16, column: &Prepared, last_row: u32) -> Result<(), XlsxError> {
    let font = |rgb: palette::Rgb| Format::new().set_font_color(Color::RGB(rgb.hex()));
    match column.tint {
        Tint::None => {}
        Tint::Change => {
            for (rule, rgb) in [
                (ConditionalFormatCellRule::GreaterThan(0), palette::GAIN),
                (ConditionalFormatCellRule::LessThan(0), palette::LOSS),
            ] {
                let format = ConditionalFormatCell::new()
                    .set_rule(rule)
                    .set_format(font(rgb).set_bold());
                sheet.add_conditional_format(1, c, last_row, c, &format)?;
            }
        }
        Tint::Band => {
            for band in Band::ALL {
                let label = i18n::band(band, column.lang());
                let format = ConditionalFormatCell::new()
                    .set_rule(ConditionalFormatCellRule::EqualTo(label))
                    .set_format(font(palette::band(band)));
                sheet.add_conditional_format(1, c, last_row, c, &format)?;
            }
        }
    }
    Ok(())
}

/// Column widths from the header and every value as the sheet shows it.
pub fn column_widths(columns: &[Prepared]) -> Vec<usize> {
    columns
        .iter()
        .map(|column| width::column_width(widest_value(column).max(width::display_width(&column.label))))
        .collect()
}

/// The display width of the widest value of a column. Numbers are not formatted one by one:
/// under a fixed number of decimals the widest positive number is the largest and the widest
/// negative one the smallest, so the extremes (and any NaN or infinity) decide.
fn widest_value(column: &Prepared) -> usize {
    let shown = |i: usize| width::display_width(&column.shown(i));
    match &column.values {
        Values::Text(v) => v
            .iter()
            .map(|t| t.as_deref().map_or(0, width::display_width))
            .max()
            .unwrap_or(0),
        Values::Bool(v) => {
            let lang = column.lang();
            [true, false]
                .into_iter()
                .filter(|b| v.contains(&Some(*b)))
                .map(|b| width::display_width(cells::yes_no(b, lang)))
                .max()
                .unwrap_or(0)
        }
        Values::Int(v) => {
            let values = || v.iter().enumerate().filter_map(|(i, x)| x.map(|x| (i, x)));
            let (min, max) = (values().min_by_key(|p| p.1), values().max_by_key(|p| p.1));
            [min, max]
                .into_iter()
                .flatten()
                .map(|(i, _)| shown(i))
                .max()
                .unwrap_or(0)
        }
        Values::Float(v, _) => {
            let mut min: Option<(usize, f64)> = None;
            let mut max: Option<(usize, f64)> = None;
            // The first NaN, +inf and -inf, each shown as its own text.
            let mut odd: [Option<usize>; 3] = [None; 3];
            for (i, x) in v.iter().enumerate() {
                let Some(x) = *x else { continue };
                if !x.is_finite() {
                    let k = if x.is_nan() {
                        0
                    } else if x > 0.0 {
                        1
                    } else {
                        2
                    };
                    odd[k].get_or_insert(i);
                    continue;
                }
                if min.is_none_or(|(_, m)| x < m) {
                    min = Some((i, x));
                }
                if max.is_none_or(|(_, m)| x > m) {
                    max = Some((i, x));
                }
            }
            [min, max]
                .into_iter()
                .flatten()
                .map(|(i, _)| i)
                .chain(odd.into_iter().flatten())
                .map(shown)
                .max()
                .unwrap_or(0)
        }
    }
}

/// Read a workbook written by [`write`]: one `(key, frame)` per sheet, in order.
pub fn read(path: &Path) -> Result<Vec<(String, DataFrame)>, ExportError> {
    let fail = |message: String| ExportError::Read {
        path: path.to_path_buf(),
        message,
    };
    let mut workbook = calamine::open_workbook::<Xlsx<_>, _>(path).map_err(|e| fail(e.to_string()))?;
    let heights = filter_heights(workbook.defined_names());
    let mut out = Vec::new();
    for name in workbook.sheet_names() {
        let range = workbook
            .worksheet_range(&name)
            .map_err(|e| fail(format!("sheet “{name}”: {e}")))?;
        let styles = workbook
            .worksheet_style(&name)
            .map_err(|e| fail(format!("sheet “{name}”: {e}")))?;
        let width = (0..range.end().map_or(0, |(_, c)| c + 1))
            .rev()
            .find(|&c| range.get_value((0, c)).is_some_and(|d| *d != Data::Empty))
            .map_or(0, |c| c + 1);
        let last_value_row = range.end().map_or(0, |(r, _)| r as usize);
        let height = heights.get(&name).copied().unwrap_or(last_value_row);
        let mut columns = Vec::with_capacity(width as usize);
        for c in 0..width {
            let label = match range.get_value((0, c)) {
                Some(Data::Empty) | None => format!("column_{}", c + 1),
                Some(d) => d.to_string(),
            };
            let canonical = i18n::column_from_label(&label).map_or(label, str::to_owned);
            let kind = styles.get((0, c)).and_then(Kind::from_header_style);
            let cells: Vec<&Data> = (1..=height as u32)
                .map(|r| range.get_value((r, c)).unwrap_or(&Data::Empty))
                .collect();
            columns.push(read_column(&canonical, kind, &cells));
        }
        let frame = DataFrame::new(height, columns).map_err(|e| fail(format!("sheet “{name}”: {e}")))?;
        out.push((key_from_sheet(&name), frame));
    }
    Ok(out)
}

/// Data rows per sheet, from the autofilter range (`'单位'!$A$1:$F$10` → 9). Unlike the cells,
/// it also counts trailing rows that are entirely empty.
fn filter_heights(names: &[(String, String)]) -> HashMap<String, usize> {
    names
        .iter()
        .filter(|(name, _)| name == "_xlnm._FilterDatabase")
        .filter_map(|(_, value)| {
            let (sheet, range) = value.rsplit_once('!')?;
            let sheet = match sheet.strip_prefix('\'').and_then(|s| s.strip_suffix('\'')) {
                Some(quoted) => quoted.replace("''", "'"),
                None => sheet.to_owned(),
            };
            let last = range.rsplit(':').next()?;
            let row: usize = last.trim_start_matches(|c: char| !c.is_ascii_digit()).parse().ok()?;
            Some((sheet, row.checked_sub(1)?))
        })
        .collect()
}

/// Build a column from its cells. Without a type from the header style, numbers make Float64,
/// yes/no labels Boolean, and anything else String. Empty cells are null, except in `flags`,
/// where they are "" (no flags). A cell that does not fit the type (a
/// fraction in an integer column, text in a number column) demotes the column to the next
/// type that holds every cell: Int64 → Float64 → String.
fn read_column(name: &str, kind: Option<Kind>, cells: &[&Data]) -> Column {
    let kind = kind.unwrap_or_else(|| infer_kind(cells));
    let name = PlSmallStr::from(name);
    if kind == Kind::Int
        && let Some(v) = cells.iter().map(|d| as_int(d)).collect::<Option<Vec<_>>>()
    {
        return Column::new(name, v);
    }
    if matches!(kind, Kind::Int | Kind::Float(_))
        && let Some(v) = cells.iter().map(|d| as_float(d)).collect::<Option<Vec<_>>>()
    {
        return Column::new(name, v);
    }
    if kind == Kind::Bool
        && let Some(v) = cells.iter().map(|d| as_bool(d)).collect::<Option<Vec<_>>>()
    {
        return Column::new(name, v);
    }
    // A flags cell lists codes; empty means none, which the tables hold as "".
    let empty = (name.as_str() == col::FLAGS).then(String::new);
    let text: Vec<Option<String>> = cells
        .iter()
        .map(|d| match d {
            Data::Empty => empty.clone(),
            Data::String(s) => Some(cells::untranslate(name.as_str(), s)),
            other => Some(other.to_string()),
        })
        .collect();
    Column::new(name, text)
}

fn infer_kind(cells: &[&Data]) -> Kind {
    let filled: Vec<&&Data> = cells.iter().filter(|d| ***d != Data::Empty).collect();
    if filled.is_empty() {
        Kind::Text
    } else if filled.iter().all(|d| as_float(d).is_some()) {
        Kind::Float(FloatStyle::Fixed2)
    } else if filled.iter().all(|d| as_bool(d).is_some()) {
        Kind::Bool
    } else {
        Kind::Text
    }
}

// Each returns `Some(None)` for an empty cell, `None` for a cell that does not fit.

fn as_int(d: &Data) -> Option<Option<i64>> {
    match d {
        Data::Empty => Some(None),
        Data::Int(i) => Some(Some(*i)),
        // Whole and within the range where f64 holds integers exactly.
        Data::Float(f) if f.fract() == 0.0 && f.abs() <= 9_007_199_254_740_992.0 => Some(Some(*f as i64)),
        _ => None,
    }
}

fn as_float(d: &Data) -> Option<Option<f64>> {
    match d {
        Data::Empty => Some(None),
        Data::Int(i) => Some(Some(*i as f64)),
        Data::Float(f) => Some(Some(*f)),
        Data::String(s) => cells::parse_non_finite(s).map(Some),
        _ => None,
    }
}

fn as_bool(d: &Data) -> Option<Option<bool>> {
    match d {
        Data::Empty => Some(None),
        Data::Bool(b) => Some(Some(*b)),
        Data::String(s) => cells::parse_yes_no(s).map(Some),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_are_made_acceptable_to_excel() {
        assert_eq!(sheet_name("单位"), "单位");
        assert_eq!(sheet_name("a/b:c"), "a_b_c");
        assert_eq!(sheet_name("'quoted'"), "quoted");
        assert_eq!(sheet_name("History"), "History table");
        assert_eq!(sheet_name(""), "Sheet");
        assert_eq!(sheet_name(&"长".repeat(40)).chars().count(), 31);
    }

    #[test]
    fn sheet_names_map_back_to_keys() {
        for key in Sheet::ALL {
            for lang in [Lang::Zh, Lang::En] {
                assert_eq!(key_from_sheet(&sheet_name(key.label(lang))), key.code());
            }
        }
        assert_eq!(key_from_sheet("其他"), "其他");
    }

    #[test]
    fn autofilter_ranges_give_row_counts() {
        let names = [
            ("_xlnm._FilterDatabase".to_owned(), "'单位 表'!$A$1:$F$10".to_owned()),
            ("_xlnm._FilterDatabase".to_owned(), "Units!$A$1:$B$1".to_owned()),
            ("_xlnm._FilterDatabase".to_owned(), "'it''s'!$A$1:$C$3".to_owned()),
            ("other".to_owned(), "Other!$A$1:$A$5".to_owned()),
        ];
        let heights = filter_heights(&names);
        assert_eq!(heights.get("单位 表"), Some(&9));
        assert_eq!(heights.get("Units"), Some(&0));
        assert_eq!(heights.get("it's"), Some(&2));
        assert_eq!(heights.get("Other"), None);
    }

    #[test]
    fn untyped_columns_are_inferred_and_demoted() {
        let (one, half, yes, text) = (
            Data::Float(1.0),
            Data::Float(0.5),
            Data::String("是".into()),
            Data::String("x".into()),
        );
        let ints = read_column("a", Some(Kind::Int), &[&one, &Data::Empty]);
        assert_eq!(ints.dtype(), &DataType::Int64);
        let demoted = read_column("a", Some(Kind::Int), &[&one, &half]);
        assert_eq!(demoted.dtype(), &DataType::Float64);
        let to_text = read_column("a", Some(Kind::Float(FloatStyle::Fixed2)), &[&one, &text]);
        assert_eq!(to_text.dtype(), &DataType::String);
        assert_eq!(read_column("a", None, &[&half]).dtype(), &DataType::Float64);
        assert_eq!(
            read_column("a", None, &[&yes, &Data::Empty]).dtype(),
            &DataType::Boolean
        );
        assert_eq!(read_column("a", None, &[&yes, &text]).dtype(), &DataType::String);
    }
}
