//! From bytes to grids: the format sniffed from the bytes (a real `.xls` is often an xlsx),
//! the text encoding detected (UTF-8, UTF-16, GBK/GB18030), the delimiter guessed.

use super::grid::{Cell, Grid, GridBuilder, Merge, cell_of_ref};
use super::xml::{attr, tags_named, unescape};
use crate::findings::{Finding, Location};
use calamine::{Data, Ods, Range, Reader, Xls, Xlsx};
use std::io::{Cursor, Read};
use std::sync::Arc;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Xlsx,
    Xls,
    Ods,
    Parquet,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
            Format::Xls => "xls",
            Format::Ods => "ods",
            Format::Parquet => "parquet",
        }
    }

    /// The most rows one sheet of this format holds; none for text and parquet.
    pub fn max_rows(self) -> Option<usize> {
        match self {
            Format::Csv | Format::Parquet => None,
            Format::Xlsx | Format::Ods => Some(1_048_576),
            Format::Xls => Some(65_536),
        }
    }

    /// Whether the format holds named sheets (a csv or parquet file is one table).
    pub fn has_sheets(self) -> bool {
        !matches!(self, Format::Csv | Format::Parquet)
    }
}

/// An opened file: the sheets it has, read lazily one by one.
pub struct Source {
    pub format: Format,
    pub file: String,
    /// Text encoding of a csv file ("UTF-8", "GBK" ...); None for workbooks.
    pub encoding: Option<&'static str>,
    inner: Inner,
}

enum Inner {
    /// A file that is one table (csv, parquet), its grid until it is taken.
    Table(Option<Grid>),
    /// The workbook, and its bytes again for reading merged regions without a second parse.
    Xlsx(Box<Xlsx<Cursor<Arc<[u8]>>>>, Arc<[u8]>),
    Xls(Box<Xls<Cursor<Vec<u8>>>>),
    Ods(Box<Ods<Cursor<Vec<u8>>>>),
}

/// The file cannot be read as a table, for the reason given.
pub(super) fn unusable(file: &str, zh: String, en: String) -> Finding {
    Finding::error("unreadable", Location::file(file), zh, en)
}

const OLE_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Whether `bytes` may be a workbook (xls, et, xlsx, ods): what has sheets. A csv or parquet
/// table has one, unnamed.
pub(super) fn may_have_sheets(bytes: &[u8]) -> bool {
    bytes.starts_with(OLE_MAGIC) || bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06")
}

/// A workbook whose zip entries say they inflate to more than this in all is refused before
/// anything is inflated (a zip bomb, or no staffing table). The zip reader stops every entry at
/// its declared size, so this bounds what reading can inflate.
pub const MAX_UNZIPPED_BYTES: u64 = 1 << 30;

/// A sheet is held as a dense grid from its first to its last used cell; one larger than this
/// many cells (about 32 bytes each) is refused rather than allocated.
pub const MAX_SHEET_CELLS: u64 = 20_000_000;

impl Source {
    /// Open bytes named `file` (the name is used in messages only, never to choose the format).
    pub fn open(bytes: Vec<u8>, file: &str) -> Result<Source, Finding> {
        // Empty, or blank but for a byte-order mark.
        let (content, utf16) = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
            Some(rest) => (rest, false),
            None if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") => (&bytes[2..], true),
            None => (&bytes[..], false),
        };
        if content.iter().all(|&b| b.is_ascii_whitespace() || (utf16 && b == 0)) {
            return Err(unusable(
                file,
                "文件是空的，没有任何内容。".into(),
                "The file is empty.".into(),
            ));
        }
        if bytes.iter().all(|&b| b == 0) {
            return Err(Finding::error(
                "all_zero",
                Location::file(file),
                "文件内容全是空字节（0x00）：可能保存或复制时中断，或磁盘出错；请找回原文件。",
                "The file holds nothing but zero bytes (0x00): saving or copying was probably interrupted, or the disk failed; find the original file.",
            ));
        }
        if bytes.starts_with(OLE_MAGIC) {
            return Self::open_ole(bytes, file);
        }
        if super::parquet::is_parquet(&bytes) {
            return Ok(Source {
                format: Format::Parquet,
                file: file.to_owned(),
                encoding: None,
                inner: Inner::Table(Some(super::parquet::grid(bytes, file)?)),
            });
        }
        if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
            return Self::open_zip(bytes, file);
        }
        Self::open_text(bytes, file)
    }

    fn open_ole(bytes: Vec<u8>, file: &str) -> Result<Source, Finding> {
        // An encrypted xlsx is an OLE container holding these streams (names in UTF-16).
        if contains_utf16(&bytes, "EncryptedPackage") || contains_utf16(&bytes, "EncryptionInfo") {
            return Err(Finding::error(
                "password_protected",
                Location::file(file),
                "工作簿设有打开密码，无法读取：请在 Excel/WPS 中取消密码后另存再打开。",
                "The workbook is password-protected: remove the password in Excel/WPS, save, and open it again.",
            ));
        }
        // The xls reader reads every sheet, densely, as it opens the file: a sheet too large
        // is refused before that.
        match super::xls_guard::oversized_sheet(&bytes, MAX_SHEET_CELLS) {
            Ok(None) => {}
            Ok(Some(o)) => {
                return Err(if o.alone {
                    too_large_sheet(file, &o.sheet, o.first, o.last)
                } else {
                    too_large_workbook(file, &o.sheet)
                });
            }
            Err(why) => {
                return Err(unusable(
                    file,
                    format!(
                        "这是一个 Excel 97-2003（xls）文件，但已损坏或不完整，无法打开（{}）。",
                        short(&why)
                    ),
                    format!(
                        "This is an Excel 97-2003 (xls) file, but it is damaged or incomplete and cannot be opened ({}).",
                        short(&why)
                    ),
                ));
            }
        }
        match Xls::new(Cursor::new(bytes)) {
            Ok(x) => Ok(Source {
                format: Format::Xls,
                file: file.to_owned(),
                encoding: None,
                inner: Inner::Xls(Box::new(x)),
            }),
            Err(e) => {
                let text = e.to_string();
                if text.to_lowercase().contains("password") || text.contains("encrypt") {
                    Err(Finding::error(
                        "password_protected",
                        Location::file(file),
                        "工作簿设有密码，无法读取：请取消密码后另存再打开。",
                        "The workbook is password-protected: remove the password, save, and open it again.",
                    ))
                } else {
                    Err(unusable(
                        file,
                        format!(
                            "这是一个 Excel 97-2003（xls）文件，但已损坏或不完整，无法打开（{}）。",
                            short(&text)
                        ),
                        format!(
                            "This is an Excel 97-2003 (xls) file, but it is damaged or incomplete and cannot be opened ({}).",
                            short(&text)
                        ),
                    ))
                }
            }
        }
    }

    fn open_zip(bytes: Vec<u8>, file: &str) -> Result<Source, Finding> {
        if let Some(declared) = zip_declared_size(&bytes)
            && declared > MAX_UNZIPPED_BYTES
        {
            let mib = declared / (1 << 20);
            let limit = MAX_UNZIPPED_BYTES / (1 << 20);
            return Err(Finding::error(
                "too_large",
                Location::file(file),
                format!(
                    "压缩包解压后将超过 {mib} MB（上限 {limit} MB），不像编制或工作量表格，可能是恶意构造的“压缩炸弹”；未读取。"
                ),
                format!(
                    "The archive would inflate to more than {mib} MB (the limit is {limit} MB): not a staffing or workload table, perhaps a zip bomb; it was not read."
                ),
            ));
        }
        // An ODS file stores its mimetype uncompressed as the first zip entry.
        let head = &bytes[..bytes.len().min(200)];
        let needle = b"application/vnd.oasis.opendocument.spreadsheet";
        let is_ods = head.windows(needle.len()).any(|w| w == needle);
        if is_ods {
            // The ods reader builds every table, densely and with repeats expanded, as it
            // opens the file: a table too large is refused before that.
            if let Some(o) = super::ods_guard::oversized_table(&bytes, MAX_SHEET_CELLS, MAX_UNZIPPED_BYTES) {
                let last = (
                    o.last.0.min(u64::from(u32::MAX)) as u32,
                    o.last.1.min(u64::from(u32::MAX)) as u32,
                );
                return Err(if o.alone {
                    too_large_sheet(file, &o.table, (0, 0), last)
                } else {
                    too_large_workbook(file, &o.table)
                });
            }
            return match Ods::new(Cursor::new(bytes)) {
                Ok(o) => Ok(Source {
                    format: Format::Ods,
                    file: file.to_owned(),
                    encoding: None,
                    inner: Inner::Ods(Box::new(o)),
                }),
                Err(e) => Err(unusable(
                    file,
                    format!(
                        "这是一个 ODS 表格文件，但已损坏或不完整，无法打开（{}）。",
                        short(&e.to_string())
                    ),
                    format!(
                        "This is an ODS spreadsheet, but it is damaged or incomplete and cannot be opened ({}).",
                        short(&e.to_string())
                    ),
                )),
            };
        }
        let bytes: Arc<[u8]> = Arc::from(bytes);
        match Xlsx::new(Cursor::new(bytes.clone())) {
            Ok(x) => Ok(Source {
                format: Format::Xlsx,
                file: file.to_owned(),
                encoding: None,
                inner: Inner::Xlsx(Box::new(x), bytes),
            }),
            Err(e) => {
                let text = e.to_string();
                let not_workbook =
                    text.contains("workbook.xml") || text.contains("FileNotFound") || text.contains("not found");
                if not_workbook {
                    Err(unusable(
                        file,
                        "这是一个 zip 压缩包，但不是 Excel/WPS 工作簿（缺少工作簿内容）。".into(),
                        "This is a zip archive, but not an Excel/WPS workbook (it has no workbook inside).".into(),
                    ))
                } else {
                    Err(unusable(
                        file,
                        format!(
                            "工作簿已损坏或不完整（可能未保存完或下载中断），无法打开（{}）。",
                            short(&text)
                        ),
                        format!(
                            "The workbook is damaged or incomplete (perhaps not fully saved or downloaded) and cannot be opened ({}).",
                            short(&text)
                        ),
                    ))
                }
            }
        }
    }

    fn open_text(bytes: Vec<u8>, file: &str) -> Result<Source, Finding> {
        // UTF-8 (the common case, with or without a byte-order mark) is used as it is, without
        // a copy; anything else is decoded.
        let decoded = if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
            decode_text(&bytes)
        } else {
            match String::from_utf8(bytes) {
                Ok(text) if looks_like_text(&text) => Some((text, "UTF-8")),
                // Valid UTF-8 that reads as junk may be UTF-16 without a mark.
                Ok(text) => decode_text(text.as_bytes()),
                Err(e) => decode_text(e.as_bytes()),
            }
        };
        let (mut text, encoding) = decoded.ok_or_else(|| {
            unusable(
                file,
                "文件不是表格：既不是 Excel/WPS 工作簿，也不是可识别编码的文本表格（CSV）。".into(),
                "The file is not a spreadsheet: neither an Excel/WPS workbook nor a text table (CSV) in a known encoding.".into(),
            )
        })?;
        // Byte-order marks stay in the text (no copy) and are read past: every one of them,
        // as a file saved again by a tool that adds its own may start with two, and the csv
        // reader below would skip a second one where the split in place would keep it.
        let body_start = text.len() - text.trim_start_matches('\u{feff}').len();
        if let Some((zh, en)) = markup_kind(&text[body_start..], file) {
            return Err(Finding::error("markup_not_table", Location::file(file), zh, en));
        }
        // The grid places cells by 32-bit offsets into the text: a larger text is refused
        // now, before the csv reader would copy 4 GB of it to find out.
        if text.len() > super::grid::MOST {
            return Err(too_large(file));
        }
        let delimiter = guess_delimiter(&text[body_start..]);
        match super::delimited::grid_in_place(text, body_start, delimiter) {
            Ok(grid) => {
                return Ok(Source {
                    format: Format::Csv,
                    file: file.to_owned(),
                    encoding: Some(encoding),
                    inner: Inner::Table(Some(grid)),
                });
            }
            Err(back) => text = back,
        }
        text.replace_range(..body_start, "");
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .from_reader(text.as_bytes());
        let mut grid = GridBuilder::new();
        let mut record = csv::StringRecord::new();
        let (mut counted_to, mut lines_before) = (0usize, 0usize);
        let mut i = 0usize;
        // The last record's line, and whether a field of it spans lines (an unclosed quote).
        let (mut last_line, mut last_spans_lines) = (0usize, false);
        loop {
            match reader.read_record(&mut record) {
                Ok(false) => break,
                Ok(true) => {
                    // Keep row numbers equal to line numbers: the reader skips blank lines, and a
                    // record's position is where reading started, before those blank lines.
                    let bytes = text.as_bytes();
                    let mut start =
                        (record.position().map(|p| p.byte() as usize).unwrap_or(counted_to)).min(bytes.len());
                    while start < bytes.len() && (bytes[start] == b'\n' || bytes[start] == b'\r') {
                        start += 1;
                    }
                    if start > counted_to {
                        lines_before += memchr::memchr_iter(b'\n', &bytes[counted_to..start]).count();
                        counted_to = start;
                    }
                    let row = lines_before;
                    for (c, field) in record.iter().enumerate() {
                        if !field.is_empty() {
                            // Rows come in order: this cannot fail.
                            let _ = grid.push(row, c, Cell::Text(field));
                        }
                    }
                    grid.at_least(row + 1, record.len());
                    last_line = row + 1;
                    last_spans_lines = record.iter().any(|f| f.contains('\n'));
                    if grid.too_large() {
                        return Err(too_large(file));
                    }
                }
                Err(e) => {
                    let line = e.position().map(|p| p.line()).unwrap_or(i as u64 + 1);
                    return Err(Finding::error(
                        "bad_csv",
                        Location::file(file).with_row(line as u32),
                        format!("CSV 格式有误，无法继续读取（{}）。", short(&e.to_string())),
                        format!(
                            "The CSV is malformed here and cannot be read further ({}).",
                            short(&e.to_string())
                        ),
                    ));
                }
            }
            i += 1;
        }
        // A quote never closed swallows every line after it into one cell.
        if last_spans_lines && !text.bytes().filter(|&b| b == b'"').count().is_multiple_of(2) {
            return Err(Finding::error(
                "bad_csv",
                Location::file(file).with_row(last_line as u32),
                "这一行的引号没有闭合，其后各行都会被读成一个单元格：请检查这一行的引号。",
                "A quote opened on this row is never closed, so every line after it would be read as one cell: check the quotes on this row.",
            ));
        }
        Ok(Source {
            format: Format::Csv,
            file: file.to_owned(),
            encoding: Some(encoding),
            inner: Inner::Table(Some(grid.finish(Vec::new()))),
        })
    }

    pub fn sheet_names(&self) -> Vec<String> {
        match &self.inner {
            Inner::Table(_) => Vec::new(),
            Inner::Xlsx(x, _) => x.sheet_names(),
            Inner::Xls(x) => x.sheet_names(),
            Inner::Ods(x) => x.sheet_names(),
        }
    }

    /// The grid of a sheet (csv and parquet files have one, unnamed).
    pub fn grid(&mut self, sheet: Option<&str>) -> Result<Grid, Finding> {
        self.grid_watched(sheet, &super::unwatched)
    }

    /// As [`Source::grid`], telling `watch` how many rows have been read (xlsx sheets as they
    /// are read, other formats once read) and stopping with a `cancelled` finding when it
    /// says so.
    pub fn grid_watched(&mut self, sheet: Option<&str>, watch: super::Watch) -> Result<Grid, Finding> {
        let grid = self.read_grid(sheet, watch)?;
        if !watch(grid.height(), Some(grid.height())) {
            return Err(super::cancelled(&self.file));
        }
        Ok(grid)
    }

    fn read_grid(&mut self, sheet: Option<&str>, watch: super::Watch) -> Result<Grid, Finding> {
        let file = self.file.clone();
        let sheet_error = |name: &str, e: String| {
            Finding::error(
                "unreadable_sheet",
                Location::file(&file).with_sheet(Some(name)),
                format!("工作表无法读取（{}）。", short(&e)),
                format!("The sheet cannot be read ({}).", short(&e)),
            )
        };
        if let Inner::Table(grid) = &mut self.inner {
            return grid
                .take()
                .ok_or_else(|| sheet_error(self.format.name(), "already read".into()));
        }
        let name = match sheet {
            Some(n) => n.to_owned(),
            None => self.sheet_names().into_iter().next().unwrap_or_default(),
        };
        let (range, merges): (Range<Data>, Vec<Merge>) = match &mut self.inner {
            Inner::Table(_) => unreachable!("handled above"),
            Inner::Xlsx(x, bytes) => {
                let merges = match scan_merges(bytes, &name) {
                    Some(m) => m,
                    None => x
                        .merge_cells_by_sheet_name(&name)
                        .unwrap_or_default()
                        .iter()
                        .map(dims)
                        .collect(),
                };
                let too_large = |e: XlsxRangeError| match e {
                    XlsxRangeError::Calamine(e) => sheet_error(&name, e),
                    XlsxRangeError::TooLarge { first, last } => too_large_sheet(&file, &name, first, last),
                    XlsxRangeError::Cancelled => super::cancelled(&file),
                };
                match stream_xlsx(x, &name, watch) {
                    Ok(Some(grid)) => return Ok(grid.finish(merges)),
                    Ok(None) => {}
                    Err(e) => return Err(too_large(e)),
                }
                // Cells out of row order: read them the general way.
                let range = xlsx_range(x, &name).map_err(too_large)?;
                (range, merges)
            }
            Inner::Xls(x) => {
                let range = x
                    .worksheet_range(&name)
                    .map_err(|e| sheet_error(&name, e.to_string()))?;
                let merges = x.merge_cells_by_sheet_name(&name).unwrap_or_default();
                (range, merges.iter().map(dims).collect())
            }
            Inner::Ods(x) => {
                let range = x
                    .worksheet_range(&name)
                    .map_err(|e| sheet_error(&name, e.to_string()))?;
                (range, Vec::new())
            }
        };
        Ok(Grid::from_range(range, merges))
    }
}

enum XlsxRangeError {
    Calamine(String),
    TooLarge {
        first: (u32, u32),
        last: (u32, u32),
    },
    /// The watch said stop.
    Cancelled,
}

/// The used cells of an xlsx sheet as a range, refusing before allocation a sheet whose first
/// and last cells span more than [`MAX_SHEET_CELLS`] (one stray cell at XFD1048576 would make
/// a dense grid of 17 billion cells).
fn xlsx_range(x: &mut Xlsx<Cursor<Arc<[u8]>>>, name: &str) -> Result<Range<Data>, XlsxRangeError> {
    let mut reader = match x.worksheet_cells_reader(name) {
        Ok(r) => r,
        Err(calamine::XlsxError::NotAWorksheet(_)) => return Ok(Range::default()),
        Err(e) => return Err(XlsxRangeError::Calamine(e.to_string())),
    };
    let mut cells = Vec::new();
    let (mut first, mut last) = ((u32::MAX, u32::MAX), (0u32, 0u32));
    while let Some(cell) = reader
        .next_cell()
        .map_err(|e| XlsxRangeError::Calamine(e.to_string()))?
    {
        if matches!(cell.get_value(), calamine::DataRef::Empty) {
            continue;
        }
        let (r, c) = cell.get_position();
        first = (first.0.min(r), first.1.min(c));
        last = (last.0.max(r), last.1.max(c));
        let area = (last.0 - first.0 + 1) as u64 * (last.1 - first.1 + 1) as u64;
        if area > MAX_SHEET_CELLS {
            return Err(XlsxRangeError::TooLarge { first, last });
        }
        cells.push(calamine::Cell::new((r, c), Data::from(cell.get_value().clone())));
    }
    Ok(Range::from_sparse(cells))
}

fn too_large_sheet(file: &str, sheet: &str, first: (u32, u32), last: (u32, u32)) -> Finding {
    let a1 = |(r, c): (u32, u32)| format!("{}{}", super::text::column_letter(c as usize), u64::from(r) + 1);
    let (from, to) = (a1(first), a1(last));
    Finding::error(
        "too_large",
        Location::file(file).with_sheet(Some(sheet)),
        format!(
            "工作表的使用范围 {from}:{to} 超过 {} 万个单元格，无法读取；可能有远离表格的单元格（如 {to}）误填了内容：请删除多余的行和列后另存。",
            MAX_SHEET_CELLS / 10_000
        ),
        format!(
            "The sheet's used range {from}:{to} spans more than {} million cells and cannot be read; a cell far from the table (such as {to}) may hold something by mistake: delete the extra rows and columns and save again.",
            MAX_SHEET_CELLS / 1_000_000
        ),
    )
}

/// An xls or ods workbook whose sheets, each within bounds, are too large together (its reader
/// holds them all at once).
fn too_large_workbook(file: &str, sheet: &str) -> Finding {
    Finding::error(
        "too_large",
        Location::file(file).with_sheet(Some(sheet)),
        format!(
            "这个工作簿的各工作表合计超过 {} 万个单元格（到这张工作表为止），无法读取：请把需要的工作表另存为 .xlsx，或删除多余的行、列和工作表后再读取。",
            MAX_SHEET_CELLS / 10_000
        ),
        format!(
            "The sheets of this workbook together span more than {} million cells (up to this sheet) and cannot be read: save the sheet you need as .xlsx, or delete the extra rows, columns and sheets, and read it again.",
            MAX_SHEET_CELLS / 1_000_000
        ),
    )
}

/// The total uncompressed size the zip's central directory declares, when it can be read
/// (a damaged archive is left to the workbook reader to report). A zip64 size counts as huge.
fn zip_declared_size(bytes: &[u8]) -> Option<u64> {
    const EOCD: &[u8] = b"PK\x05\x06";
    let u16_at = |i: usize| bytes.get(i..i + 2).map(|b| u16::from_le_bytes([b[0], b[1]]) as usize);
    let u32_at = |i: usize| {
        bytes
            .get(i..i + 4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    };
    let search_from = bytes.len().saturating_sub(22 + 65_535);
    let eocd = search_from + bytes[search_from..].windows(4).rposition(|w| w == EOCD)?;
    let entries = u16_at(eocd + 10)?;
    let mut at = u32_at(eocd + 16)? as usize;
    let mut total: u64 = 0;
    for _ in 0..entries {
        if u32_at(at)? != 0x0201_4b50 {
            return None;
        }
        let size = u32_at(at + 24)?;
        total = total.saturating_add(if size == u32::MAX { u64::MAX } else { size as u64 });
        at = at.checked_add(46 + u16_at(at + 28)? + u16_at(at + 30)? + u16_at(at + 32)?)?;
    }
    Some(total)
}

/// Text that is a web page or an XML spreadsheet saved under a table's name (web systems'
/// "export to Excel" writes HTML as `.xls`): the reason in both languages.
fn markup_kind(text: &str, file: &str) -> Option<(String, String)> {
    let head: String = text
        .trim_start_matches('\u{feff}')
        .trim_start()
        .chars()
        .take(2000)
        .collect::<String>()
        .to_lowercase();
    if !head.starts_with('<') {
        return None;
    }
    let ext = std::path::Path::new(file)
        .extension()
        .map(|e| format!(".{}", e.to_string_lossy()))
        .unwrap_or_default();
    if head.contains("urn:schemas-microsoft-com:office:spreadsheet") && head.contains("<workbook") {
        return Some((
            format!("这是 Excel 2003 XML 表格，不是真正的 {ext} 文件：请在 Excel/WPS 中打开，另存为 .xlsx 后再读取。"),
            format!(
                "This is an Excel 2003 XML spreadsheet, not a real {ext} file: open it in Excel/WPS, save it as .xlsx, and read that."
            ),
        ));
    }
    let html = ["<!doctype html", "<html", "<table", "<head", "<body", "<meta"]
        .iter()
        .any(|t| head.starts_with(t))
        || (head.starts_with("<?xml") && head.contains("<html"));
    html.then(|| {
        (
            format!(
                "这是一个网页（HTML）文件，不是真正的 {ext} 表格（网上系统“导出 Excel”常这样做）：请在 Excel/WPS 中打开，另存为 .xlsx 后再读取。"
            ),
            format!(
                "This is a web page (HTML), not a real {ext} spreadsheet (web systems' \"export to Excel\" often does this): open it in Excel/WPS, save it as .xlsx, and read that."
            ),
        )
    })
}

/// How often (in cells) a sheet being read tells its watch how far it has come.
const WATCH_CELLS: usize = 1 << 16;

/// Read a worksheet's cells straight into a grid, without calamine's intermediate range.
/// `Ok(None)` when the cells are not in row order. `watch` hears of the rows read every
/// [`WATCH_CELLS`] cells.
fn stream_xlsx(
    x: &mut Xlsx<Cursor<Arc<[u8]>>>,
    name: &str,
    watch: super::Watch,
) -> Result<Option<GridBuilder>, XlsxRangeError> {
    let mut reader = match x.worksheet_cells_reader(name) {
        Ok(r) => r,
        // A chart sheet or dialog sheet: no cells.
        Err(calamine::XlsxError::NotAWorksheet(_)) => return Ok(Some(GridBuilder::new())),
        Err(e) => return Err(XlsxRangeError::Calamine(e.to_string())),
    };
    // The rows the sheet says it has (its dimension record), for "row n of m".
    let declared = reader.dimensions();
    let of = (declared.end.0 >= declared.start.0).then(|| (declared.end.0 + 1) as usize);
    let mut grid = GridBuilder::new();
    let mut cells = 0usize;
    let (mut first, mut last) = ((u32::MAX, u32::MAX), (0u32, 0u32));
    while let Some(cell) = reader
        .next_cell()
        .map_err(|e| XlsxRangeError::Calamine(e.to_string()))?
    {
        let (row, col) = cell.get_position();
        cells += 1;
        if cells.is_multiple_of(WATCH_CELLS) && !watch(row as usize + 1, of.filter(|&n| n > row as usize)) {
            return Err(XlsxRangeError::Cancelled);
        }
        let value = cell_of_ref(cell.get_value());
        if !matches!(value, Cell::Empty) {
            // One stray cell far from the table would make every later pass walk billions of
            // empty cells: refuse such a sheet, as the general reader does.
            first = (first.0.min(row), first.1.min(col));
            last = (last.0.max(row), last.1.max(col));
            let area = (last.0 - first.0 + 1) as u64 * (last.1 - first.1 + 1) as u64;
            if area > MAX_SHEET_CELLS {
                return Err(XlsxRangeError::TooLarge { first, last });
            }
        }
        if grid.push(row as usize, col as usize, value).is_err() {
            return Ok(None);
        }
        if grid.too_large() {
            return Err(XlsxRangeError::Calamine(
                "the sheet holds more text than can be read".into(),
            ));
        }
    }
    Ok(Some(grid))
}

/// The merged regions of a worksheet, found by searching its XML for `<mergeCells>` (which
/// follows the cell data) instead of parsing every cell a second time. None when the workbook's
/// layout is not the usual one; the caller then asks calamine.
fn scan_merges(bytes: &[u8], sheet: &str) -> Option<Vec<Merge>> {
    fn read_small(zip: &mut zip::ZipArchive<Cursor<&[u8]>>, name: &str) -> Option<String> {
        let mut f = zip.by_name(name).ok()?;
        let mut s = String::new();
        f.read_to_string(&mut s).ok()?;
        Some(s)
    }
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let workbook = read_small(&mut zip, "xl/workbook.xml")?;
    let rels = read_small(&mut zip, "xl/_rels/workbook.xml.rels")?;
    let id = tags_named(&workbook, "sheet").find_map(|t| {
        (attr(t, "name").map(unescape).as_deref() == Some(sheet)).then(|| attr(t, "id").map(str::to_owned))?
    })?;
    let target = tags_named(&rels, "Relationship")
        .find_map(|t| (attr(t, "Id") == Some(id.as_str())).then(|| attr(t, "Target"))?)?;
    let target = unescape(target);
    let path = match target.strip_prefix('/') {
        Some(absolute) => absolute.to_owned(),
        None => format!("xl/{target}"),
    };
    let mut f = zip.by_name(&path).ok()?;
    // Stream the XML, keeping only what follows the first `mergeCells` tag.
    let mut tail: Vec<u8> = Vec::new();
    let mut buf = vec![0u8; 1 << 16];
    let mut found = false;
    let keep = 32;
    loop {
        let n = f.read(&mut buf).ok()?;
        if n == 0 {
            break;
        }
        if found {
            tail.extend_from_slice(&buf[..n]);
            continue;
        }
        // Carry the last bytes over, so a tag split between two reads is still found.
        tail.extend_from_slice(&buf[..n]);
        if let Some(at) = find_merge_cells(&tail) {
            tail.drain(..at);
            found = true;
        } else {
            let cut = tail.len().saturating_sub(keep);
            tail.drain(..cut);
        }
    }
    if !found {
        return Some(Vec::new());
    }
    let text = String::from_utf8_lossy(&tail);
    let mut merges = Vec::new();
    for t in tags_named(&text, "mergeCell") {
        let (a, b) = attr(t, "ref")?.split_once(':')?;
        let ((r0, c0), (r1, c1)) = (cell_ref(a)?, cell_ref(b)?);
        merges.push((r0, c0, r1, c1));
    }
    Some(merges)
}

/// Where the `mergeCells` element starts (`<mergeCells` or with a namespace prefix).
fn find_merge_cells(bytes: &[u8]) -> Option<usize> {
    let needle = b"mergeCells";
    let mut from = 0;
    while let Some(i) = memchr::memmem::find(&bytes[from..], needle) {
        let at = from + i;
        let mut j = at;
        while j > 0 && (bytes[j - 1].is_ascii_alphanumeric() || bytes[j - 1] == b':' || bytes[j - 1] == b'_') {
            j -= 1;
        }
        if j > 0 && bytes[j - 1] == b'<' && (j == at || bytes[at - 1] == b':') {
            return Some(j - 1);
        }
        from = at + 1;
    }
    None
}

/// `B3` → (2, 1), 0-based row and column.
fn cell_ref(text: &str) -> Option<(u32, u32)> {
    let text = text.trim().replace('$', "");
    let split = text.find(|c: char| c.is_ascii_digit())?;
    let (letters, digits) = text.split_at(split);
    if letters.is_empty() || !letters.bytes().all(|b| b.is_ascii_alphabetic()) {
        return None;
    }
    let col = letters.bytes().try_fold(0u32, |acc, b| {
        acc.checked_mul(26)?
            .checked_add((b.to_ascii_uppercase() - b'A' + 1) as u32)
    })?;
    let row: u32 = digits.parse().ok()?;
    Some((row.checked_sub(1)?, col.checked_sub(1)?))
}

/// A file too large for the grid that can only be delimited text, refused before it is read.
/// Let through: a workbook or parquet (read another way), UTF-16 or UTF-32 (which may shrink
/// as it is decoded), and markup (said to be no table once read). None too when the file
/// cannot be looked at: reading it then says why.
pub(super) fn too_large_to_read(path: &std::path::Path, file: &str) -> Option<Finding> {
    past(path, file, super::grid::MOST)
}

/// As [`too_large_to_read`], for a grid of at most `most` bytes of text.
fn past(path: &std::path::Path, file: &str, most: usize) -> Option<Finding> {
    if std::fs::metadata(path).ok()?.len() <= most as u64 {
        return None;
    }
    // As much of the start as the UTF-16 check reads, an even number of bytes.
    let mut head = Vec::with_capacity(20_000);
    std::fs::File::open(path)
        .ok()?
        .take(20_000)
        .read_to_end(&mut head)
        .ok()?;
    (!read_another_way(&head)).then(|| too_large(file))
}

/// Whether a file starting with `head` is not plain delimited text in UTF-8 or GBK.
fn read_another_way(head: &[u8]) -> bool {
    let text = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let markup = text.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'<');
    may_have_sheets(head)
        || super::parquet::is_parquet(head)
        || head.starts_with(b"\xFF\xFE")
        || head.starts_with(b"\xFE\xFF")
        || head.get(..8).is_some_and(|start| start.contains(&0))
        || utf16_without_bom(head).is_some()
        || markup
}

/// A delimited text past the grid's 4 GB: parquet has no such limit, so the person is told.
pub(super) fn too_large(file: &str) -> Finding {
    Finding::error(
        "too_large",
        Location::file(file),
        "表格太大，无法读取（文字内容超过 4 GB）：请导出为 Parquet 文件再读取，Parquet 没有这一限制。",
        "The table is too large to read (more than 4 GB of text): export it as a parquet file, which has no such limit.",
    )
}

fn dims(d: &calamine::Dimensions) -> Merge {
    (d.start.0, d.start.1, d.end.0, d.end.1)
}

/// Keep a library's message short enough for one sentence.
fn short(text: &str) -> String {
    super::text::excerpt(text.lines().next().unwrap_or(""))
}

fn contains_utf16(bytes: &[u8], needle: &str) -> bool {
    let pattern: Vec<u8> = needle.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
    bytes.windows(pattern.len()).any(|w| w == pattern.as_slice())
}

/// Decode csv bytes: BOMs first, then valid UTF-8, then a detected legacy encoding (GBK/GB18030
/// for Chinese offices). None when the bytes do not look like text at all.
pub fn decode_text(bytes: &[u8]) -> Option<(String, &'static str)> {
    use encoding_rs::{GB18030, UTF_8, UTF_16BE, UTF_16LE};
    // A UTF-8 mark over bytes that are not UTF-8 (GBK text saved with a wrong mark): the
    // bytes decide, not the mark.
    let bytes = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) if std::str::from_utf8(rest).is_err() => rest,
        _ => bytes,
    };
    let (text, name) = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        (UTF_8.decode_without_bom_handling(rest).0.into_owned(), "UTF-8")
    } else if let Some(le) = utf16_without_bom(bytes) {
        let encoding = if le { UTF_16LE } else { UTF_16BE };
        (
            encoding.decode_without_bom_handling(bytes).0.into_owned(),
            if le { "UTF-16LE" } else { "UTF-16BE" },
        )
    } else if bytes.starts_with(b"\xFF\xFE") {
        (UTF_16LE.decode(bytes).0.into_owned(), "UTF-16LE")
    } else if bytes.starts_with(b"\xFE\xFF") {
        (UTF_16BE.decode(bytes).0.into_owned(), "UTF-16BE")
    } else if let Ok(s) = std::str::from_utf8(bytes) {
        (s.to_owned(), "UTF-8")
    } else {
        let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
        detector.feed(bytes, true);
        let guess = detector.guess(None, chardetng::Utf8Detection::Allow);
        // GB18030 is a superset of GBK and GB2312: decode either with it.
        let encoding = if guess == encoding_rs::GBK { GB18030 } else { guess };
        let (text, _, _) = encoding.decode(bytes);
        let name = if guess == encoding_rs::GBK {
            "GBK"
        } else {
            encoding.name()
        };
        (text.into_owned(), name)
    };
    looks_like_text(&text).then_some((text, name))
}

/// UTF-16 text without a byte-order mark: zero bytes in every other place, as ASCII digits,
/// delimiters and line ends leave them. Some(true) for little-endian, Some(false) for big.
fn utf16_without_bom(bytes: &[u8]) -> Option<bool> {
    if bytes.len() < 4
        || !bytes.len().is_multiple_of(2)
        || bytes.starts_with(b"\xFF\xFE")
        || bytes.starts_with(b"\xFE\xFF")
    {
        return None;
    }
    let sample = &bytes[..bytes.len().min(20_000)];
    let pairs = sample.len() / 2;
    let zeros_at = |odd: usize| sample.iter().skip(odd).step_by(2).filter(|&&b| b == 0).count();
    let (even, odd) = (zeros_at(0), zeros_at(1));
    if odd * 5 >= pairs && even * 10 < odd {
        Some(true)
    } else if even * 5 >= pairs && odd * 10 < even {
        Some(false)
    } else {
        None
    }
}

/// Binary junk decodes to control characters and replacement characters.
fn looks_like_text(text: &str) -> bool {
    let sample: Vec<char> = text.chars().take(20_000).collect();
    if sample.is_empty() {
        return false;
    }
    let bad = sample
        .iter()
        .filter(|&&c| c == '\u{FFFD}' || (c.is_control() && !matches!(c, '\n' | '\r' | '\t')))
        .count();
    bad * 50 < sample.len()
}

/// The delimiter whose field count is most consistent over the first lines.
fn guess_delimiter(text: &str) -> u8 {
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).take(60).collect();
    let mut best = (b',', 0usize);
    for d in [b',', b'\t', b';', b'|'] {
        let mut counts = std::collections::HashMap::new();
        for line in &lines {
            let n = count_outside_quotes(line, d);
            if n > 0 {
                *counts.entry(n).or_insert(0usize) += 1;
            }
        }
        // Score: lines sharing the most common count, weighted by that count's size a little.
        let score = counts.iter().map(|(&n, &lines)| lines * 100 + n).max().unwrap_or(0);
        if score > best.1 {
            best = (d, score);
        }
    }
    best.0
}

fn count_outside_quotes(line: &str, delimiter: u8) -> usize {
    let mut quoted = false;
    let mut n = 0;
    for b in line.bytes() {
        if b == b'"' {
            quoted = !quoted;
        } else if b == delimiter && !quoted {
            n += 1;
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gbk_is_detected_not_asked() {
        let (bytes, _, _) = encoding_rs::GBK.encode("单位名称,核定编制数\n区财政局,12\n区教育局,30\n");
        let (text, enc) = decode_text(&bytes).unwrap();
        assert_eq!(enc, "GBK");
        assert!(text.starts_with("单位名称"));
    }

    #[test]
    fn a_file_past_the_grid_is_refused_before_it_is_read_when_only_text() {
        let dir = tempfile::tempdir().unwrap();
        let write = |name: &str, bytes: &[u8]| {
            let path = dir.path().join(name);
            std::fs::write(&path, bytes).unwrap();
            path
        };
        let header = "单位名称,姓名,工作事项\n财政局,张三,预算\n";
        let csv = write("全省 调查.csv", header.as_bytes());
        let refused = past(&csv, "全省 调查.csv", 4).expect("refused");
        assert_eq!(refused.code, "too_large");
        assert!(
            past(&csv, "全省 调查.csv", 1 << 20).is_none(),
            "a text that fits is read"
        );
        let (gbk, _, _) = encoding_rs::GBK.encode(header);
        assert!(
            past(&write("gbk.csv", &gbk), "gbk.csv", 4).is_some(),
            "GBK does not shrink"
        );
        // UTF-16 of Chinese text has no NUL in its first bytes, and shrinks as it is decoded.
        let utf16: Vec<u8> = header.repeat(20).encode_utf16().flat_map(u16::to_le_bytes).collect();
        let marked = [b"\xFF\xFE".as_slice(), &utf16].concat();
        let xls = [[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1].as_slice(), &[7; 40]].concat();
        for (name, bytes) in [
            ("大.parquet", b"PAR1 and more bytes of a parquet file".as_slice()),
            ("大.xlsx", b"PK\x03\x04 and the rest of a workbook"),
            ("大.xls", &xls),
            ("utf16.csv", &marked),
            ("无标记.csv", &utf16),
            ("utf32.csv", b"a\0\0\0,\0\0\0b\0\0\0\n\0\0\0"),
            (
                "网页.xls",
                "\u{feff} \n<html><table><tr><td>单位</td></tr></table></html>".as_bytes(),
            ),
        ] {
            assert!(
                past(&write(name, bytes), name, 4).is_none(),
                "{name} is read another way"
            );
        }
        assert!(past(&dir.path().join("没有.csv"), "没有.csv", 4).is_none());
    }

    #[test]
    fn a_text_past_the_grid_is_refused_with_what_to_do() {
        let f = too_large("全省 调查.csv");
        assert_eq!(
            (f.code.as_str(), f.location.file.as_str()),
            ("too_large", "全省 调查.csv")
        );
        assert!(f.zh.contains("Parquet") && f.en.contains("parquet"), "{}", f.en);
    }

    /// The first row's cells of `text` as a csv file gives them.
    fn first_row(text: &str) -> Vec<String> {
        let mut source = Source::open(text.as_bytes().to_vec(), "两个标记.csv").expect("read");
        let grid = source.grid(None).expect("grid");
        (0..grid.width()).map(|c| grid.cell(0, c).display()).collect()
    }

    #[test]
    fn every_leading_byte_order_mark_is_read_past_on_both_ways_of_splitting() {
        let plain = "\u{feff}\u{feff}单位名称,人数\n财政局,3\n";
        // A doubled quote sends the text to the csv reader instead of the split in place.
        let quoted = "\u{feff}\u{feff}单位名称,人数\n\"财政局\"\"一\"\"\",3\n";
        assert_eq!(first_row(plain), ["单位名称", "人数"]);
        assert_eq!(first_row(quoted), ["单位名称", "人数"]);
        assert_eq!(first_row("\u{feff}单位名称,人数\n财政局,3\n"), ["单位名称", "人数"]);
    }

    #[test]
    fn delimiters_are_guessed() {
        assert_eq!(guess_delimiter("a\tb\tc\n1\t2\t3\n"), b'\t');
        assert_eq!(guess_delimiter("a;b;c\n1;2,5;3\n"), b';');
        assert_eq!(guess_delimiter("标题\na,b,c\n1,2,3\n4,5,6\n"), b',');
    }

    #[test]
    fn merged_regions_are_found_in_sheet_xml() {
        assert_eq!(cell_ref("A1"), Some((0, 0)));
        assert_eq!(cell_ref("$AB$12"), Some((11, 27)));
        assert_eq!(cell_ref("12"), None);
        let xml =
            b"<sheetData><row><c><is><t>mergeCells &lt;x</t></is></c></row></sheetData><x:mergeCells count=\"1\">";
        assert_eq!(find_merge_cells(xml), Some(73));
        assert_eq!(find_merge_cells(b"<t>mergeCells</t>"), None);
        let tag = tags_named(
            "<sheets><sheet name=\"A&amp;B\" sheetId=\"1\" r:id=\"rId3\"/></sheets>",
            "sheet",
        )
        .next()
        .unwrap();
        assert_eq!(attr(tag, "name").map(unescape).as_deref(), Some("A&B"));
        assert_eq!(attr(tag, "id"), Some("rId3"));
        assert_eq!(unescape("&#x5355;&#20301;&bogus;"), "单位&bogus;");
    }

    #[test]
    fn junk_is_not_text() {
        let junk: Vec<u8> = (0..4000u32).map(|i| (i * 7919 % 251) as u8).collect();
        assert!(decode_text(&junk).is_none());
    }
}
