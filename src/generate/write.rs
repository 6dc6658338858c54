//! Writing a district as an office would: a title, a 填报单位/日期 note, the header (two merged
//! rows for the staffing numbers in xlsx), the data and a 合计 row under the staffing table.
//! Rows stream straight to disk: csv through a buffer, xlsx in constant-memory mode.

use super::{District, period_label};
use encoding_rs::GBK;
use rust_xlsxwriter::{Color, Format as XFormat, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};
use std::collections::HashMap;
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// File formats `write_district` can produce.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// UTF-8 with a BOM (so Excel on Windows reads it), CRLF line ends: `staffing.csv` ...
    Csv,
    /// GBK, CRLF line ends, as older office software saves: `staffing_gbk.csv` ...
    CsvGbk,
    /// `staffing.xlsx` ...
    Xlsx,
}

impl Format {
    pub const ALL: [Format; 3] = [Format::Csv, Format::CsvGbk, Format::Xlsx];

    /// "csv", "gbk" / "csv-gbk", "xlsx" (any case).
    pub fn parse(text: &str) -> Option<Format> {
        match text.trim().to_ascii_lowercase().as_str() {
            "csv" | "utf8" | "utf-8" => Some(Format::Csv),
            "gbk" | "csv-gbk" | "csv_gbk" | "csvgbk" => Some(Format::CsvGbk),
            "xlsx" | "excel" => Some(Format::Xlsx),
            _ => None,
        }
    }
}

/// Excel's row limit per sheet.
const XLSX_MAX_ROWS: usize = 1_048_576;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Table {
    Staffing,
    Roster,
    Survey,
    Standards,
    Volumes,
}

impl Table {
    const ALL: [Table; 5] = [
        Table::Staffing,
        Table::Roster,
        Table::Survey,
        Table::Standards,
        Table::Volumes,
    ];

    fn stem(self) -> &'static str {
        match self {
            Table::Staffing => "staffing",
            Table::Roster => "roster",
            Table::Survey => "survey",
            Table::Standards => "standards",
            Table::Volumes => "volumes",
        }
    }

    fn sheet(self) -> &'static str {
        match self {
            Table::Staffing => "编制情况",
            Table::Roster => "花名册",
            Table::Survey => "工作量调查",
            Table::Standards => "工作标准",
            Table::Volumes => "业务量",
        }
    }

    fn title(self, d: &District) -> &str {
        match self {
            Table::Staffing => &d.staffing_title,
            Table::Roster => &d.roster_title,
            Table::Survey => &d.survey_title,
            Table::Standards => &d.standards_title,
            Table::Volumes => &d.volumes_title,
        }
    }

    /// Whether the table is written even with no rows (the three every district has).
    fn always(self) -> bool {
        matches!(self, Table::Staffing | Table::Roster | Table::Survey)
    }

    fn len(self, d: &District) -> usize {
        match self {
            Table::Staffing => d.staffing.len(),
            Table::Roster => d.roster.len(),
            Table::Survey => d.survey.len(),
            Table::Standards => d.standards.len(),
            Table::Volumes => d.volumes.len(),
        }
    }
}

const STAFFING_HEADER: [&str; 11] = [
    "序号",
    "主管部门",
    "单位名称",
    "单位类别",
    "编制类型",
    "年度",
    "核定编制数",
    "实有人数",
    "领导职数",
    "实配领导职数",
    "绩效考评得分",
];
const STAFFING_WIDTHS: [f64; 11] = [6.0, 24.0, 32.0, 10.0, 14.0, 8.0, 12.0, 10.0, 8.0, 8.0, 14.0];
const ROSTER_HEADER: [&str; 7] = ["序号", "单位名称", "姓名", "性别", "编制类型", "职务", "是否领导"];
const ROSTER_WIDTHS: [f64; 7] = [8.0, 32.0, 10.0, 6.0, 14.0, 14.0, 10.0];
const SURVEY_HEADER: [&str; 8] = [
    "单位名称",
    "姓名",
    "工作事项",
    "频次周期",
    "频次",
    "每次用时（小时）",
    "年工作时长（小时）",
    "年度",
];
const SURVEY_WIDTHS: [f64; 8] = [32.0, 10.0, 26.0, 10.0, 8.0, 18.0, 20.0, 8.0];
const STANDARDS_HEADER: [&str; 4] = ["序号", "工作活动", "标准用时（小时/件）", "标准来源"];
const STANDARDS_WIDTHS: [f64; 4] = [6.0, 28.0, 20.0, 30.0];
const STANDARDS_SOURCE: &str = "按全区工作量调查每次用时中位数测算，待专家组审定";
const VOLUMES_HEADER: [&str; 5] = ["序号", "单位名称", "工作活动", "年度", "年业务量（件）"];
const VOLUMES_WIDTHS: [f64; 5] = [8.0, 32.0, 28.0, 8.0, 16.0];
/// Index of 年工作时长 in `SURVEY_HEADER`, left out when no row gives annual hours.
const SURVEY_ANNUAL: usize = 6;

#[derive(Debug, Clone, Copy)]
enum Cell<'a> {
    Text(&'a str),
    Num(f64),
    Empty,
}

fn survey_has_annual(d: &District) -> bool {
    d.survey.iter().any(|r| r.annual_hours.is_some())
}

/// Column names and widths of a table as written (one header row).
fn columns(d: &District, table: Table) -> Vec<(&'static str, f64)> {
    match table {
        Table::Staffing => STAFFING_HEADER.into_iter().zip(STAFFING_WIDTHS).collect(),
        Table::Roster => ROSTER_HEADER.into_iter().zip(ROSTER_WIDTHS).collect(),
        Table::Standards => STANDARDS_HEADER.into_iter().zip(STANDARDS_WIDTHS).collect(),
        Table::Volumes => VOLUMES_HEADER.into_iter().zip(VOLUMES_WIDTHS).collect(),
        Table::Survey => {
            let annual = survey_has_annual(d);
            SURVEY_HEADER
                .into_iter()
                .zip(SURVEY_WIDTHS)
                .enumerate()
                .filter(|(i, _)| annual || *i != SURVEY_ANNUAL)
                .map(|(_, c)| c)
                .collect()
        }
    }
}

fn opt(x: Option<f64>) -> Cell<'static> {
    x.map_or(Cell::Empty, Cell::Num)
}

/// Calls `f` with the cells of every data row of `table`, in order.
fn for_each_row<E, F>(d: &District, table: Table, mut f: F) -> Result<(), E>
where
    F: FnMut(&[Cell]) -> Result<(), E>,
{
    match table {
        Table::Staffing => {
            for (i, r) in d.staffing.iter().enumerate() {
                f(&[
                    Cell::Num((i + 1) as f64),
                    Cell::Text(&r.department),
                    Cell::Text(&r.unit),
                    Cell::Text(&r.category),
                    Cell::Text(r.quota_type.canonical()),
                    Cell::Num(f64::from(r.year)),
                    Cell::Num(f64::from(r.approved)),
                    Cell::Num(f64::from(r.actual)),
                    Cell::Num(f64::from(r.leader_posts)),
                    Cell::Num(f64::from(r.leaders_actual)),
                    Cell::Num(r.performance),
                ])?;
            }
        }
        Table::Roster => {
            for (i, r) in d.roster.iter().enumerate() {
                f(&[
                    Cell::Num((i + 1) as f64),
                    Cell::Text(&r.unit),
                    Cell::Text(&r.name),
                    Cell::Text(r.sex.label()),
                    Cell::Text(r.quota_type.canonical()),
                    Cell::Text(&r.post),
                    Cell::Text(if r.leader { "是" } else { "否" }),
                ])?;
            }
        }
        Table::Survey => {
            let annual = survey_has_annual(d);
            for r in &d.survey {
                let period = r.period.map_or(Cell::Empty, |p| Cell::Text(period_label(p)));
                let year = Cell::Num(f64::from(r.year));
                let cells = [
                    Cell::Text(&r.unit),
                    Cell::Text(&r.person),
                    Cell::Text(&r.task),
                    period,
                    opt(r.frequency),
                    opt(r.hours_each),
                    if annual { opt(r.annual_hours) } else { year },
                    year,
                ];
                f(&cells[..if annual { 8 } else { 7 }])?;
            }
        }
        Table::Standards => {
            for (i, r) in d.standards.iter().enumerate() {
                f(&[
                    Cell::Num((i + 1) as f64),
                    Cell::Text(&r.activity),
                    Cell::Num(r.hours),
                    Cell::Text(STANDARDS_SOURCE),
                ])?;
            }
        }
        Table::Volumes => {
            for (i, r) in d.volumes.iter().enumerate() {
                f(&[
                    Cell::Num((i + 1) as f64),
                    Cell::Text(&r.unit),
                    Cell::Text(&r.activity),
                    Cell::Num(f64::from(r.year)),
                    Cell::Num(r.volume),
                ])?;
            }
        }
    }
    Ok(())
}

/// The 合计 row under the staffing table: sums of the four count columns, as values.
fn staffing_total(d: &District) -> [Cell<'static>; 11] {
    let sum = |f: fn(&super::StaffingRow) -> u32| Cell::Num(d.staffing.iter().map(|r| f64::from(f(r))).sum());
    [
        Cell::Text("合计"),
        Cell::Empty,
        Cell::Empty,
        Cell::Empty,
        Cell::Empty,
        Cell::Empty,
        sum(|r| r.approved),
        sum(|r| r.actual),
        sum(|r| r.leader_posts),
        sum(|r| r.leaders_actual),
        Cell::Empty,
    ]
}

/// Writes staffing, roster and survey files into `dir` (created if missing) in each of
/// `formats`; returns the paths written. The GBK csv fails with `InvalidData` when a text has
/// no GBK form; an xlsx sheet fails with `InvalidInput` past Excel's 1,048,576 rows.
pub fn write_district(d: &District, dir: &Path, formats: &[Format]) -> io::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir)?;
    let mut written = Vec::new();
    // A district without standards (a synthetic one) writes no empty standards files.
    for table in Table::ALL.into_iter().filter(|t| t.len(d) > 0 || t.always()) {
        let utf8 = formats
            .contains(&Format::Csv)
            .then(|| dir.join(format!("{}.csv", table.stem())));
        let gbk = formats
            .contains(&Format::CsvGbk)
            .then(|| dir.join(format!("{}_gbk.csv", table.stem())));
        if utf8.is_some() || gbk.is_some() {
            if let Err(e) = write_csv(d, table, utf8.as_deref(), gbk.as_deref()) {
                // A half-written table would read as a complete one: leave none.
                for p in utf8.iter().chain(&gbk) {
                    let _ = std::fs::remove_file(p);
                }
                return Err(e);
            }
            written.extend(utf8.into_iter().chain(gbk));
        }
        if formats.contains(&Format::Xlsx) {
            let path = dir.join(format!("{}.xlsx", table.stem()));
            write_xlsx(d, table, &path)?;
            written.push(path);
        }
    }
    Ok(written)
}

// ---- csv ----------------------------------------------------------------------------------

/// A buffered csv file.
struct Sink {
    file: BufWriter<File>,
    path: PathBuf,
    buf: Vec<u8>,
}

impl Sink {
    fn create(path: &Path) -> io::Result<Sink> {
        Ok(Sink {
            file: BufWriter::with_capacity(1 << 17, File::create(path)?),
            path: path.to_path_buf(),
            buf: Vec::with_capacity(CHUNK + 1024),
        })
    }

    fn drain(&mut self) -> io::Result<()> {
        self.file.write_all(&self.buf)?;
        self.buf.clear();
        Ok(())
    }
}

const CHUNK: usize = 1 << 16;

/// One pass over the rows feeds both encodings of the same table. GBK encoding is slow per
/// character, and the same names recur on every row, so each distinct text is encoded once.
struct CsvOut {
    utf8: Option<Sink>,
    gbk: Option<Sink>,
    gbk_cache: HashMap<Box<str>, Box<[u8]>>,
    scratch: String,
}

impl CsvOut {
    fn create(utf8: Option<&Path>, gbk: Option<&Path>) -> io::Result<CsvOut> {
        let mut utf8 = utf8.map(Sink::create).transpose()?;
        if let Some(s) = &mut utf8 {
            s.buf.extend_from_slice("\u{feff}".as_bytes());
        }
        Ok(CsvOut {
            utf8,
            gbk: gbk.map(Sink::create).transpose()?,
            gbk_cache: HashMap::new(),
            scratch: String::new(),
        })
    }

    /// Appends text that is already a csv field (quoted where needed).
    fn push(&mut self, field: &str) -> io::Result<()> {
        if let Some(s) = &mut self.utf8 {
            s.buf.extend_from_slice(field.as_bytes());
        }
        if let Some(s) = &mut self.gbk {
            if field.is_ascii() {
                s.buf.extend_from_slice(field.as_bytes());
            } else if let Some(bytes) = self.gbk_cache.get(field) {
                s.buf.extend_from_slice(bytes);
            } else {
                let (bytes, _, unmappable) = GBK.encode(field);
                if unmappable {
                    return Err(gbk_error(field, &s.path));
                }
                s.buf.extend_from_slice(&bytes);
                self.gbk_cache.insert(field.into(), bytes.into());
            }
        }
        Ok(())
    }

    fn record(&mut self, cells: &[Cell]) -> io::Result<()> {
        for (i, cell) in cells.iter().enumerate() {
            if i > 0 {
                self.push(",")?;
            }
            match cell {
                Cell::Text(text) if needs_quotes(text) => {
                    let quoted = format!("\"{}\"", text.replace('"', "\"\""));
                    self.push(&quoted)?;
                }
                Cell::Text(text) => self.push(text)?,
                Cell::Num(x) => {
                    let mut n = std::mem::take(&mut self.scratch);
                    n.clear();
                    push_num(&mut n, *x);
                    self.push(&n)?;
                    self.scratch = n;
                }
                Cell::Empty => {}
            }
        }
        self.push("\r\n")?;
        for s in [&mut self.utf8, &mut self.gbk].into_iter().flatten() {
            if s.buf.len() >= CHUNK {
                s.drain()?;
            }
        }
        Ok(())
    }

    fn finish(mut self) -> io::Result<()> {
        for s in [&mut self.utf8, &mut self.gbk].into_iter().flatten() {
            s.drain()?;
            s.file.flush()?;
        }
        Ok(())
    }
}

fn gbk_error(text: &str, path: &Path) -> io::Error {
    let bad = text.chars().find(|c| {
        let mut b = [0u8; 4];
        GBK.encode(c.encode_utf8(&mut b)).2
    });
    io::Error::new(
        io::ErrorKind::InvalidData,
        format!(
            "{}: “{}” has no GBK form; write UTF-8 csv or xlsx instead",
            path.display(),
            bad.unwrap_or('?')
        ),
    )
}

fn needs_quotes(s: &str) -> bool {
    s.contains([',', '"', '\r', '\n'])
}

/// Whole numbers without a decimal point; others in the shortest form that reads back exactly.
fn push_num(buf: &mut String, x: f64) {
    use std::fmt::Write as _;
    if x.fract() == 0.0 && x.abs() < 1e15 {
        let _ = write!(buf, "{}", x as i64);
    } else {
        let _ = write!(buf, "{x}");
    }
}

fn write_csv(d: &District, table: Table, utf8: Option<&Path>, gbk: Option<&Path>) -> io::Result<()> {
    let mut out = CsvOut::create(utf8, gbk)?;
    let cols = columns(d, table);
    // Excel saves a merged title as the text followed by empty cells.
    let mut title = vec![Cell::Empty; cols.len()];
    title[0] = Cell::Text(table.title(d));
    out.record(&title)?;
    let header: Vec<Cell> = cols.iter().map(|(name, _)| Cell::Text(name)).collect();
    out.record(&header)?;
    for_each_row(d, table, |cells| out.record(cells))?;
    if table == Table::Staffing {
        out.record(&staffing_total(d))?;
    }
    out.finish()
}

// ---- xlsx ---------------------------------------------------------------------------------

fn xerr(e: XlsxError) -> io::Error {
    io::Error::other(e)
}

fn put(ws: &mut Worksheet, row: u32, col: u16, cell: &Cell) -> Result<(), XlsxError> {
    match cell {
        Cell::Text(s) => ws.write_string(row, col, *s).map(|_| ()),
        Cell::Num(x) => ws.write_number(row, col, *x).map(|_| ()),
        Cell::Empty => Ok(()),
    }
}

fn write_xlsx(d: &District, table: Table, path: &Path) -> io::Result<()> {
    let header_rows = if table == Table::Staffing { 2 } else { 1 };
    let total_rows = usize::from(table == Table::Staffing);
    let needed = 2 + header_rows + table.len(d) + total_rows;
    if needed > XLSX_MAX_ROWS {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!(
                "{}: {} rows do not fit in one xlsx sheet (at most {XLSX_MAX_ROWS}); write csv instead",
                path.display(),
                table.len(d)
            ),
        ));
    }
    build_xlsx(d, table, path).map_err(xerr)
}

fn build_xlsx(d: &District, table: Table, path: &Path) -> Result<(), XlsxError> {
    let title_fmt = XFormat::new()
        .set_bold()
        .set_font_size(16)
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter);
    let note_fmt = XFormat::new().set_align(FormatAlign::Left);
    let head_fmt = XFormat::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_border(FormatBorder::Thin)
        .set_background_color(Color::RGB(0xD9E1F2));
    let total_fmt = XFormat::new()
        .set_bold()
        .set_align(FormatAlign::Center)
        .set_border(FormatBorder::Thin);

    let cols = columns(d, table);
    let last_col = (cols.len() - 1) as u16;
    let mut wb = Workbook::new();
    // Saving is mostly compression: level 3 takes a third less time for a tenth more bytes.
    wb.set_zip_compression_level(3);
    let ws = wb.add_worksheet_with_constant_memory()?;
    ws.set_name(table.sheet())?;
    for (c, (_, width)) in cols.iter().enumerate() {
        ws.set_column_width(c as u16, *width)?;
    }
    ws.set_row_height(0, 30)?;
    ws.merge_range(0, 0, 0, last_col, table.title(d), &title_fmt)?;
    ws.merge_range(1, 0, 1, last_col, &d.note, &note_fmt)?;

    let mut row: u32 = 2;
    if table == Table::Staffing {
        // Identifying columns span both header rows; the counts sit under merged group titles.
        for c in (0..6).chain([10]) {
            ws.merge_range(2, c, 3, c, STAFFING_HEADER[c as usize], &head_fmt)?;
        }
        ws.merge_range(2, 6, 2, 7, "编制情况", &head_fmt)?;
        ws.merge_range(2, 8, 2, 9, "领导职数", &head_fmt)?;
        for (c, name) in [(6, "核定编制数"), (7, "实有人数"), (8, "核定"), (9, "实配")] {
            ws.write_string_with_format(3, c, name, &head_fmt)?;
        }
        row = 4;
    } else {
        for (c, (name, _)) in cols.iter().enumerate() {
            ws.write_string_with_format(row, c as u16, *name, &head_fmt)?;
        }
        row += 1;
    }
    ws.set_freeze_panes(row, 0)?;

    for_each_row(d, table, |cells| {
        for (c, cell) in cells.iter().enumerate() {
            put(ws, row, c as u16, cell)?;
        }
        row += 1;
        Ok::<(), XlsxError>(())
    })?;
    if table == Table::Staffing {
        ws.merge_range(row, 0, row, 5, "合计", &total_fmt)?;
        for (c, cell) in staffing_total(d).iter().enumerate().skip(6) {
            match cell {
                Cell::Num(x) => {
                    ws.write_number_with_format(row, c as u16, *x, &total_fmt)?;
                }
                _ => {
                    ws.write_blank(row, c as u16, &total_fmt)?;
                }
            }
        }
    }
    wb.save(path)
}
