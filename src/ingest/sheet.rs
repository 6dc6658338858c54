//! One sheet read into a table: its header found, each column's field judged by header and
//! values, the record rows taken, the canonical table built, and every finding made on the way.

use super::grid::Grid;
use super::header::{self, Header};
use super::source::Source;
use super::{
    Confidence, Field, Format, LoadOptions, Loaded, Mapping, SourceColumn, TableKind, Watch, content, display_name,
    is_instruction_sheet, mapping, table, text, unwatched,
};
use crate::findings::{Finding, Location};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Read one sheet (None for a csv or parquet file): find the header, map the columns, take the record rows,
/// build the canonical table.
pub(super) fn read_sheet(
    src: &mut Source,
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
    let header = find_header(&grid, kind, opts, &here)?;
    let header_loc = here.clone().with_row(header.first_row as u32 + 1);
    let cols = map_columns(&grid, &header, kind, opts, &header_loc)?;
    if let Err((zh, en)) = kind.check(&cols.mapping) {
        return Err(missing_column_finding(&header.names, kind, zh, en, header_loc));
    }
    let mut builder = table::Builder::new(&grid, file, sheet, &header.names, &cols.mapping);
    builder.set_running(content::running_columns(
        &grid,
        &cols.data,
        &header.names,
        &cols.mapping,
    ));
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
    let mut findings = vec![header_found(&header, rows.len(), header_loc.clone())];
    findings.extend(
        cols.notes
            .iter()
            .map(|n| content_finding(n, &cols.mapping, &here, &header.names)),
    );
    findings.extend(missing_count_findings(kind, &cols.mapping, &here));
    findings.extend(table::year_columns(kind, &cols.mapping, &header.names, &header_loc));
    findings.append(&mut builder.findings);
    if let Some(rows) = src.format.max_rows().filter(|&most| grid.height() >= most) {
        findings.push(sheet_full(src.format, rows, &here));
    }
    Ok(Loaded {
        kind,
        path: PathBuf::from(file),
        file: file.to_owned(),
        format: src.format,
        encoding: src.encoding,
        sheet: sheet.map(str::to_owned),
        sheets: Vec::new(),
        header_rows: (header.first_row as u32 + 1, header.last_row as u32 + 1),
        columns: source_columns(&grid, &header.names, &cols.mapping, &rows),
        records: rows.len(),
        skipped: std::mem::take(&mut builder.skipped),
        applied: cols.applied,
        frame,
        findings,
        marker: None,
        returns: None,
    })
}

/// The header of the sheet, counting the columns the caller named as fields.
fn find_header(grid: &Grid, kind: TableKind, opts: &LoadOptions, here: &Location) -> Result<Header, Finding> {
    let known: Vec<String> = opts
        .overrides
        .values()
        .chain(opts.loose_overrides.values())
        .cloned()
        .collect();
    header::detect_with(grid, &known).ok_or_else(|| {
        let (zh, en) = header_examples(kind);
        Finding::error(
            "no_header",
            here.clone(),
            format!("在前 40 行中找不到{}的表头（如{zh}）。", kind.label(crate::Lang::Zh)),
            format!(
                "No header of a {} (such as {en}) was found in the first 40 rows.",
                kind.label(crate::Lang::En)
            ),
        )
    })
}

/// The headers a table of `kind` is known by, as examples in a message.
fn header_examples(kind: TableKind) -> (&'static str, &'static str) {
    match kind {
        TableKind::Staffing => (
            "“单位名称”“核定编制数”“实有人数”",
            "unit name, approved quota, actual staff",
        ),
        TableKind::Roster => ("“单位名称”“姓名”“编制类型”", "unit name, name, quota type"),
        TableKind::Survey => (
            "“单位名称”“工作事项”“频次”“每次用时”",
            "unit name, task, frequency, hours each",
        ),
        TableKind::Standards => ("“工作活动”“标准用时”", "activity, standard time"),
        TableKind::Volumes => ("“单位名称”“工作活动”“年业务量”", "unit name, activity, annual volume"),
    }
}

/// What each column holds, by its header and its values, before any row is read.
struct Columns {
    mapping: Mapping,
    /// What the values changed or doubt.
    notes: Vec<content::Note>,
    /// The loose overrides that found their column.
    applied: Vec<String>,
    /// The first non-empty rows below the header, that the values were judged on.
    data: Vec<usize>,
}

fn map_columns(
    grid: &Grid,
    header: &Header,
    kind: TableKind,
    opts: &LoadOptions,
    header_loc: &Location,
) -> Result<Columns, Finding> {
    let (overrides, applied) = fitting_overrides(&header.names, opts);
    let mut mapping = mapping::map_headers(&header.names, &overrides)
        .map_err(|(zh, en)| Finding::error("bad_override", header_loc.clone(), zh, en))?;
    let data: Vec<usize> = (header.data_start()..grid.height())
        .filter(|&r| !grid.row_is_empty(r))
        .take(content::SAMPLE_ROWS)
        .collect();
    let hints = content::Hints {
        units: opts.known_units.as_deref(),
    };
    let notes = content::refine(grid, &data, &header.names, kind, &mut mapping, &hints, &overrides)
        .map_err(|a| ambiguous_finding(&a, kind, header_loc.clone()))?;
    Ok(Columns {
        mapping,
        notes,
        applied,
        data,
    })
}

fn header_found(header: &Header, rows: usize, at: Location) -> Finding {
    let (first, last) = (header.first_row + 1, header.last_row + 1);
    let (rows_zh, rows_en) = if first == last {
        (format!("第 {first} 行"), format!("row {first}"))
    } else {
        (format!("第 {first}–{last} 行"), format!("rows {first}–{last}"))
    };
    Finding::info(
        "header_found",
        at,
        format!("表头位于{rows_zh}，读取 {rows} 行数据。"),
        format!("Header on {rows_en}; {rows} data rows read."),
    )
}

/// A field the table needs and no column holds: the headers there are, and how to choose.
fn missing_column_finding(names: &[String], kind: TableKind, zh: String, en: String, at: Location) -> Finding {
    let listed: Vec<&str> = names.iter().filter(|n| !n.is_empty()).map(String::as_str).collect();
    Finding::error(
        "missing_column",
        at,
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
    )
}

/// Each column of the header with the field it feeds, why, and its first values.
fn source_columns(grid: &Grid, names: &[String], mapping: &Mapping, rows: &[usize]) -> Vec<SourceColumn> {
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
    let mut src = Source::open(bytes, &file).ok()?;
    let sheets = src.sheet_names();
    let sheet = match (&opts.sheet, src.format) {
        (_, format) if !format.has_sheets() => None,
        (Some(s), _) => Some(s.clone()),
        (None, _) => sheets
            .iter()
            .find(|s| !is_instruction_sheet(s))
            .or(sheets.first())
            .cloned(),
    };
    let grid = src.grid_watched(sheet.as_deref(), &unwatched).ok()?;
    let here = Location::file(&file).with_sheet(sheet.as_deref());
    let header = find_header(&grid, kind, opts, &here).ok()?;
    // Choosing is what is asked for: a field two columns could hold is shown unchosen.
    let mapping = match map_columns(&grid, &header, kind, opts, &here) {
        Ok(cols) => cols.mapping,
        Err(_) => mapping::map_headers(&header.names, &fitting_overrides(&header.names, opts).0).ok()?,
    };
    let rows: Vec<usize> = (header.data_start()..grid.height())
        .filter(|&r| !grid.row_is_empty(r))
        .take(content::SAMPLE_ROWS)
        .collect();
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
    let list_zh = a.candidates.join("、");
    let list_en = quoted(&candidates);
    let (why_zh, why_en) = match a.why {
        content::Why::SeveralUnitColumns => (
            format!("有几列的值都是编制表中的单位（{list_zh}）"),
            format!("several columns hold units of the staffing table: {list_en}"),
        ),
        content::Why::Unnamed => (
            format!("找不到“{label_zh}”列，而未使用的数字列有 {list_zh}"),
            format!("no {label_en} column was found, and the unused columns of numbers are {list_en}"),
        ),
        content::Why::InDays => (
            format!("“{list_zh}”以天为单位，无法换算为小时（一天的工作时长因单位而异），请把这一列换算为小时后再读取"),
            format!(
                "{list_en} counts days, which cannot be turned into hours here (a working day differs between offices); convert the column to hours and read it again"
            ),
        ),
        content::Why::SeveralNamed => (
            format!("有几列的表头都像“{label_zh}”（{list_zh}）"),
            format!("several headers name the {label_en}: {list_en}"),
        ),
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
    let at = here.clone().with_column(text::column_label(n.column, headers));
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

/// A sheet filled to the last row its format holds: what was exported from a larger table
/// may have been cut off there, and every sum over it would be short without a word.
fn sheet_full(format: Format, rows: usize, here: &Location) -> Finding {
    let format = format.name();
    Finding::warning(
        "sheet_full",
        here.clone().with_row(rows as u32),
        format!(
            "工作表写到了第 {rows} 行，即 {format} 格式一张工作表能容纳的最后一行：导出时数据可能被截断，据此算出的合计和工作量可能偏少。请核实，或改用 CSV 或 Parquet 提供完整数据。"
        ),
        format!(
            "The sheet runs to row {rows}, the last row a {format} sheet holds: the data may have been cut off when it was exported, and totals and workloads from it may be short. Please check, or give the whole data as csv or parquet."
        ),
    )
}
