//! From bytes to grids: the format sniffed from the bytes (a real `.xls` is often an xlsx),
//! the text encoding detected (UTF-8, UTF-16, GBK/GB18030), the delimiter guessed.

use super::grid::{Grid, Merge};
use crate::findings::{Finding, Location};
use calamine::{Data, Ods, Range, Reader, Xls, Xlsx};
use std::io::Cursor;

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
    Xlsx(Box<Xlsx<Cursor<Vec<u8>>>>),
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
        match Xlsx::new(Cursor::new(bytes)) {
            Ok(x) => Ok(Source {
                format: Format::Xlsx,
                file: file.to_owned(),
                encoding: None,
                inner: Inner::Xlsx(Box::new(x)),
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
        let (text, encoding) = decode_text(&bytes).ok_or_else(|| {
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
        let mut records = Vec::new();
        let (mut counted_to, mut lines_before) = (0usize, 0usize);
        for (i, rec) in reader.records().enumerate() {
            match rec {
                Ok(r) => {
                    // Keep row numbers equal to line numbers: the reader skips blank lines, and a
                    // record's position is where reading started, before those blank lines.
                    let bytes = text.as_bytes();
                    let mut start = (r.position().map(|p| p.byte() as usize).unwrap_or(counted_to)).min(bytes.len());
                    while start < bytes.len() && (bytes[start] == b'\n' || bytes[start] == b'\r') {
                        start += 1;
                    }
                    if start > counted_to {
                        lines_before += bytes[counted_to..start].iter().filter(|&&b| b == b'\n').count();
                        counted_to = start;
                    }
                    let line = lines_before + 1;
                    while records.len() + 1 < line {
                        records.push(csv::StringRecord::new());
                    }
                    records.push(r);
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
        }
        Ok(Source {
            format: Format::Csv,
            file: file.to_owned(),
            encoding: Some(encoding),
            inner: Inner::Csv(Some(Grid::from_records(records))),
        })
    }

    pub fn sheet_names(&self) -> Vec<String> {
        match &self.inner {
            Inner::Csv(_) => Vec::new(),
            Inner::Xlsx(x) => x.sheet_names(),
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
            Inner::Xlsx(x) => {
                let range = x
                    .worksheet_range(&name)
                    .map_err(|e| sheet_error(&name, e.to_string()))?;
                let merges = x.merge_cells_by_sheet_name(&name).unwrap_or_default();
                (range, merges.iter().map(dims).collect())
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
    fn junk_is_not_text() {
        let junk: Vec<u8> = (0..4000u32).map(|i| (i * 7919 % 251) as u8).collect();
        assert!(decode_text(&junk).is_none());
    }
}
