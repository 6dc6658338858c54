//! From bytes to grids: the format sniffed from the bytes (a real `.xls` is often an xlsx),
//! the text encoding detected (UTF-8, UTF-16, GBK/GB18030), the delimiter guessed.

use super::grid::{Cell, Grid, GridBuilder, Merge, cell_of_ref};
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
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
            Format::Xls => "xls",
            Format::Ods => "ods",
        }
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
    Csv(Option<Grid>),
    /// The workbook, and its bytes again for reading merged regions without a second parse.
    Xlsx(Box<Xlsx<Cursor<Arc<[u8]>>>>, Arc<[u8]>),
    Xls(Box<Xls<Cursor<Vec<u8>>>>),
    Ods(Box<Ods<Cursor<Vec<u8>>>>),
}

fn unusable(file: &str, zh: String, en: String) -> Finding {
    Finding::error("unreadable", Location::file(file), zh, en)
}

const OLE_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

impl Source {
    /// Open bytes named `file` (the name is used in messages only, never to choose the format).
    pub fn open(bytes: Vec<u8>, file: &str) -> Result<Source, Finding> {
        if bytes.iter().all(|b| b.is_ascii_whitespace()) {
            return Err(unusable(
                file,
                "文件是空的，没有任何内容。".into(),
                "The file is empty.".into(),
            ));
        }
        if bytes.starts_with(OLE_MAGIC) {
            return Self::open_ole(bytes, file);
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
        // An ODS file stores its mimetype uncompressed as the first zip entry.
        let head = &bytes[..bytes.len().min(200)];
        let needle = b"application/vnd.oasis.opendocument.spreadsheet";
        let is_ods = head.windows(needle.len()).any(|w| w == needle);
        if is_ods {
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
        // Plain UTF-8 (the common case) is used as it is, without a copy.
        let plain = !bytes.starts_with(b"\xEF\xBB\xBF")
            && !bytes.starts_with(b"\xFF\xFE")
            && !bytes.starts_with(b"\xFE\xFF")
            && std::str::from_utf8(&bytes).is_ok();
        let decoded = if plain {
            String::from_utf8(bytes)
                .ok()
                .filter(|t| looks_like_text(t))
                .map(|t| (t, "UTF-8"))
        } else {
            decode_text(&bytes)
        };
        let (text, encoding) = decoded.ok_or_else(|| {
            unusable(
                file,
                "文件不是表格：既不是 Excel/WPS 工作簿，也不是可识别编码的文本表格（CSV）。".into(),
                "The file is not a spreadsheet: neither an Excel/WPS workbook nor a text table (CSV) in a known encoding.".into(),
            )
        })?;
        let delimiter = guess_delimiter(&text);
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .from_reader(text.as_bytes());
        let mut grid = GridBuilder::new();
        let mut record = csv::StringRecord::new();
        let (mut counted_to, mut lines_before) = (0usize, 0usize);
        let mut i = 0usize;
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
        Ok(Source {
            format: Format::Csv,
            file: file.to_owned(),
            encoding: Some(encoding),
            inner: Inner::Csv(Some(grid.finish(Vec::new()))),
        })
    }

    pub fn sheet_names(&self) -> Vec<String> {
        match &self.inner {
            Inner::Csv(_) => Vec::new(),
            Inner::Xlsx(x, _) => x.sheet_names(),
            Inner::Xls(x) => x.sheet_names(),
            Inner::Ods(x) => x.sheet_names(),
        }
    }

    /// The grid of a sheet (csv files have one, unnamed).
    pub fn grid(&mut self, sheet: Option<&str>) -> Result<Grid, Finding> {
        let file = self.file.clone();
        let sheet_error = |name: &str, e: String| {
            Finding::error(
                "unreadable_sheet",
                Location::file(&file).with_sheet(Some(name)),
                format!("工作表无法读取（{}）。", short(&e)),
                format!("The sheet cannot be read ({}).", short(&e)),
            )
        };
        if let Inner::Csv(grid) = &mut self.inner {
            return grid.take().ok_or_else(|| sheet_error("csv", "already read".into()));
        }
        let name = match sheet {
            Some(n) => n.to_owned(),
            None => self.sheet_names().into_iter().next().unwrap_or_default(),
        };
        let (range, merges): (Range<Data>, Vec<Merge>) = match &mut self.inner {
            Inner::Csv(_) => unreachable!("handled above"),
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
                match stream_xlsx(x, &name) {
                    Ok(Some(grid)) => return Ok(grid.finish(merges)),
                    Ok(None) => {}
                    Err(e) => return Err(sheet_error(&name, e)),
                }
                // Cells out of row order: read them the general way.
                let range = x
                    .worksheet_range(&name)
                    .map_err(|e| sheet_error(&name, e.to_string()))?;
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

/// Read a worksheet's cells straight into a grid, without calamine's intermediate range.
/// `Ok(None)` when the cells are not in row order.
fn stream_xlsx(x: &mut Xlsx<Cursor<Arc<[u8]>>>, name: &str) -> Result<Option<GridBuilder>, String> {
    let mut reader = match x.worksheet_cells_reader(name) {
        Ok(r) => r,
        // A chart sheet or dialog sheet: no cells.
        Err(calamine::XlsxError::NotAWorksheet(_)) => return Ok(Some(GridBuilder::new())),
        Err(e) => return Err(e.to_string()),
    };
    let mut grid = GridBuilder::new();
    while let Some(cell) = reader.next_cell().map_err(|e| e.to_string())? {
        let (row, col) = cell.get_position();
        if grid
            .push(row as usize, col as usize, cell_of_ref(cell.get_value()))
            .is_err()
        {
            return Ok(None);
        }
        if grid.too_large() {
            return Err("the sheet holds more text than can be read".into());
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
    let id = tags(&workbook, "sheet").find_map(|t| {
        (attr(t, "name").map(unescape).as_deref() == Some(sheet)).then(|| attr(t, "id").map(str::to_owned))?
    })?;
    let target =
        tags(&rels, "Relationship").find_map(|t| (attr(t, "Id") == Some(id.as_str())).then(|| attr(t, "Target"))?)?;
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
    for t in tags(&text, "mergeCell") {
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

/// The opening tags named `name` (with or without a namespace prefix) in `xml`.
fn tags<'a>(xml: &'a str, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
    xml.split('<').filter_map(move |t| {
        let tag = t.split('>').next()?;
        let tag_name = tag.split(|c: char| c.is_whitespace() || c == '/').next()?;
        let local = tag_name.rsplit(':').next()?;
        (local == name).then_some(tag)
    })
}

/// The value of attribute `name` (or `prefix:name`) in an opening tag.
fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let mut rest = tag;
    while let Some(eq) = rest.find('=') {
        let key = rest[..eq].trim_end();
        let key = key.rsplit(|c: char| c.is_whitespace()).next().unwrap_or("");
        let after = rest[eq + 1..].trim_start();
        let quote = after.chars().next()?;
        if quote != '"' && quote != '\'' {
            return None;
        }
        let value_end = after[1..].find(quote)?;
        let value = &after[1..1 + value_end];
        if key == name || (key.contains(':') && key.rsplit(':').next() == Some(name)) {
            return Some(value);
        }
        rest = &after[1 + value_end + 1..];
    }
    None
}

fn unescape(text: &str) -> String {
    if !text.contains('&') {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let Some(end) = rest.find(';') else { break };
        let entity = &rest[1..end];
        let ch = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            e if e.starts_with("#x") || e.starts_with("#X") => {
                u32::from_str_radix(&e[2..], 16).ok().and_then(char::from_u32)
            }
            e if e.starts_with('#') => e[1..].parse().ok().and_then(char::from_u32),
            _ => None,
        };
        match ch {
            Some(c) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
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

fn too_large(file: &str) -> Finding {
    unusable(
        file,
        "表格太大，无法读取（文字内容超过 4 GB）。".into(),
        "The table is too large to read (more than 4 GB of text).".into(),
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
    let (text, name) = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        (UTF_8.decode_without_bom_handling(rest).0.into_owned(), "UTF-8")
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
        let tag = tags(
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
