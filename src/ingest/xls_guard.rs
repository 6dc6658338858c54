//! A look at an Excel 97-2003 (xls) workbook's records before the xls reader opens it.
//!
//! The reader builds every sheet of the workbook into a dense range as soon as the file is
//! opened, and first reserves room for as many cells as a sheet's DIMENSIONS record declares.
//! A file of a few hundred bytes can so ask for gigabytes: a DIMENSIONS record declaring four
//! billion rows, or a hundred sheets each with one cell at IV65536. This scan walks the
//! workbook stream's records and finds such a sheet first, so the file is refused, not read.

use std::io::{Cursor, Read};

/// A sheet too large to read, and where it spans.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Oversized {
    pub sheet: String,
    pub first: (u32, u32),
    pub last: (u32, u32),
    /// The sheet alone passes the limit (else it is the sheets together).
    pub alone: bool,
}

/// The first sheet for which the reader would allocate more than `limit` cells, or whose
/// cells with those of the sheets before it pass `limit` (the reader holds every sheet at
/// once), named with its largest span; None when the workbook is within bounds.
///
/// An error when the container itself is broken (a sector chain that loops, a sector past the
/// end): the xls reader follows such a chain without end and fills memory until the system
/// stops the process, so such a file is refused with the reason.
pub fn oversized_sheet(bytes: &[u8], limit: u64) -> Result<Option<Oversized>, String> {
    let mut file = cfb::CompoundFile::open(Cursor::new(bytes)).map_err(|e| e.to_string())?;
    let mut stream = Vec::new();
    let Ok(mut workbook) = file.open_stream("/Workbook").or_else(|_| file.open_stream("/Book")) else {
        // No workbook stream: the xls reader says so in its own words.
        return Ok(None);
    };
    // The stream is no larger than the file, which is already in memory.
    workbook.read_to_end(&mut stream).map_err(|e| e.to_string())?;
    oversized_in_stream(&stream, limit)
}

/// As [`oversized_sheet`], on the workbook stream.
/// A sheet said to start past the end of the stream is an error: the xls reader would slice
/// the stream there and panic.
fn oversized_in_stream(stream: &[u8], limit: u64) -> Result<Option<Oversized>, String> {
    let mut total = 0u64;
    for (name, at) in sheets(stream) {
        let Some(records) = stream.get(at..) else {
            return Err(format!(
                "a sheet starts past the end of the workbook ('{name}' at byte {at} of {})",
                stream.len()
            ));
        };
        let span = sheet_span(records);
        // What the reader allocates for the sheet: room for the declared cells, then a dense
        // range of its cells and one of its formulas.
        let spans: Vec<_> = [span.declared, span.cells, span.formulas]
            .into_iter()
            .flatten()
            .collect();
        let cells = spans
            .iter()
            .map(|&(first, last)| area(first, last))
            .fold(0u64, u64::saturating_add);
        total = total.saturating_add(cells);
        if cells > limit || total > limit {
            let Some(&(first, last)) = spans.iter().max_by_key(|&&(f, l)| area(f, l)) else {
                continue;
            };
            return Ok(Some(Oversized {
                sheet: name,
                first,
                last,
                alone: cells > limit,
            }));
        }
    }
    Ok(None)
}

fn area(first: (u32, u32), last: (u32, u32)) -> u64 {
    (u64::from(last.0).saturating_sub(u64::from(first.0)) + 1)
        * (u64::from(last.1).saturating_sub(u64::from(first.1)) + 1)
}

/// One record: its type and data (CONTINUE records are not needed here).
fn records(stream: &[u8]) -> impl Iterator<Item = (u16, &[u8])> {
    let mut rest = stream;
    std::iter::from_fn(move || {
        let typ = u16::from_le_bytes(rest.get(0..2)?.try_into().ok()?);
        let len = usize::from(u16::from_le_bytes(rest.get(2..4)?.try_into().ok()?));
        let data = rest.get(4..4 + len)?;
        rest = &rest[4 + len..];
        Some((typ, data))
    })
}

fn u16_at(data: &[u8], at: usize) -> Option<u32> {
    Some(u32::from(u16::from_le_bytes(data.get(at..at + 2)?.try_into().ok()?)))
}

fn u32_at(data: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(data.get(at..at + 4)?.try_into().ok()?))
}

/// Each sheet's name and where its records start, from the BOUNDSHEET records of the
/// workbook globals.
fn sheets(stream: &[u8]) -> Vec<(String, usize)> {
    const BOUNDSHEET: u16 = 0x0085;
    const EOF: u16 = 0x000A;
    let mut out = Vec::new();
    for (typ, data) in records(stream) {
        match typ {
            BOUNDSHEET => {
                let Some(at) = u32_at(data, 0) else { continue };
                out.push((sheet_name(data).unwrap_or_default(), at as usize));
            }
            EOF => break,
            _ => {}
        }
    }
    out
}

/// A BOUNDSHEET record's name: a length, a flag for two-byte characters, the characters.
fn sheet_name(data: &[u8]) -> Option<String> {
    let len = usize::from(*data.get(6)?);
    let wide = data.get(7)? & 1 == 1;
    let chars = data.get(8..)?;
    Some(if wide {
        let units: Vec<u16> = chars
            .chunks_exact(2)
            .take(len)
            .map(|p| u16::from_le_bytes([p[0], p[1]]))
            .collect();
        String::from_utf16_lossy(&units)
    } else {
        chars.iter().take(len).map(|&b| char::from(b)).collect()
    })
}

/// First and last cell, 0-based (row, column).
type Bounds = ((u32, u32), (u32, u32));

/// What a sheet declares and uses.
#[derive(Debug, Default, PartialEq)]
struct Span {
    declared: Option<Bounds>,
    cells: Option<Bounds>,
    formulas: Option<Bounds>,
}

fn widen(span: &mut Option<Bounds>, row: u32, col: u32) {
    let (first, last) = span.get_or_insert(((row, col), (row, col)));
    *first = (first.0.min(row), first.1.min(col));
    *last = (last.0.max(row), last.1.max(col));
}

/// The span of one sheet's records, as the xls reader will see them: the first BOF is the
/// sheet's own, nested BOF–EOF blocks (embedded charts) are skipped, its EOF ends it.
fn sheet_span(records_from: &[u8]) -> Span {
    const BOF: u16 = 0x0809;
    const EOF: u16 = 0x000A;
    const DIMENSIONS: u16 = 0x0200;
    const FORMULA: u16 = 0x0006;
    const MULRK: u16 = 0x00BD;
    // NUMBER, LABEL, RSTRING, BOOLERR, RK, LABELSST: row and column first.
    const CELLS: [u16; 6] = [0x0203, 0x0204, 0x00D6, 0x0205, 0x027E, 0x00FD];
    let mut span = Span::default();
    let (mut seen_bof, mut depth) = (false, 0usize);
    for (typ, data) in records(records_from) {
        if depth > 0 {
            match typ {
                BOF => depth += 1,
                EOF => depth -= 1,
                _ => {}
            }
            continue;
        }
        match typ {
            BOF if seen_bof => depth += 1,
            BOF => seen_bof = true,
            EOF => break,
            DIMENSIONS => span.declared = declared(data),
            FORMULA => {
                if let (Some(r), Some(c)) = (u16_at(data, 0), u16_at(data, 2)) {
                    widen(&mut span.cells, r, c);
                    widen(&mut span.formulas, r, c);
                }
            }
            MULRK => {
                let last_col = data.len().checked_sub(2).and_then(|at| u16_at(data, at));
                if let (Some(r), Some(c0), Some(c1)) = (u16_at(data, 0), u16_at(data, 2), last_col) {
                    widen(&mut span.cells, r, c0);
                    widen(&mut span.cells, r, c1.max(c0));
                }
            }
            t if CELLS.contains(&t) => {
                if let (Some(r), Some(c)) = (u16_at(data, 0), u16_at(data, 2)) {
                    widen(&mut span.cells, r, c);
                }
            }
            _ => {}
        }
    }
    span
}

/// The cells a DIMENSIONS record makes the reader reserve room for, as (first, last). A
/// record whose last row comes before its first counts as the largest span (the reader's
/// subtraction would wrap around).
fn declared(data: &[u8]) -> Option<Bounds> {
    let (rf, rl, cf, cl) = match data.len() {
        10 => (u16_at(data, 0)?, u16_at(data, 2)?, u16_at(data, 4)?, u16_at(data, 6)?),
        14 | 16 => (u32_at(data, 0)?, u32_at(data, 4)?, u16_at(data, 8)?, u16_at(data, 10)?),
        _ => return None,
    };
    // As the reader reads it: a first column past IV or after the last starts at A, and the
    // record's last row and column are one past the end.
    let cf = if cf > 0xFF || cl < cf { 0 } else { cf };
    if rl == 0 || cl == 0 {
        return None;
    }
    if rl - 1 < rf {
        return Some(((0, 0), (u32::MAX, cl - 1)));
    }
    Some(((rf, cf), (rl - 1, cl - 1)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(typ: u16, data: &[u8]) -> Vec<u8> {
        let mut r = typ.to_le_bytes().to_vec();
        r.extend((data.len() as u16).to_le_bytes());
        r.extend(data);
        r
    }

    fn cell(typ: u16, row: u16, col: u16) -> Vec<u8> {
        let mut d = row.to_le_bytes().to_vec();
        d.extend(col.to_le_bytes());
        d.extend([0u8; 10]);
        record(typ, &d)
    }

    fn dimensions(rf: u32, rl: u32, cf: u16, cl: u16) -> Vec<u8> {
        let mut d = rf.to_le_bytes().to_vec();
        d.extend(rl.to_le_bytes());
        d.extend(cf.to_le_bytes());
        d.extend(cl.to_le_bytes());
        d.extend([0, 0]);
        record(0x0200, &d)
    }

    #[test]
    fn a_sheet_spans_its_cells_and_skips_embedded_charts() {
        let stream = [
            record(0x0809, &[0; 16]),
            dimensions(0, 3, 0, 2),
            cell(0x0203, 0, 0),
            cell(0x00FD, 2, 1),
            // An embedded chart's records are not the sheet's cells.
            record(0x0809, &[0; 16]),
            cell(0x0203, 60_000, 200),
            record(0x000A, &[]),
            cell(0x0006, 1, 1),
            record(0x000A, &[]),
            cell(0x0203, 65_535, 255),
        ]
        .concat();
        let span = sheet_span(&stream);
        assert_eq!(span.declared, Some(((0, 0), (2, 1))));
        assert_eq!(span.cells, Some(((0, 0), (2, 1))));
        assert_eq!(span.formulas, Some(((1, 1), (1, 1))));
    }

    #[test]
    fn declared_spans_are_read_as_the_reader_reads_them() {
        let data = |rf: u32, rl: u32, cf: u16, cl: u16| dimensions(rf, rl, cf, cl)[4..].to_vec();
        assert_eq!(declared(&data(0, 10, 0, 3)), Some(((0, 0), (9, 2))));
        // Four billion rows declared.
        let huge = declared(&data(0, u32::MAX, 0, 256)).unwrap();
        assert!(area(huge.0, huge.1) > 1 << 39);
        // A last row before the first wraps around in the reader.
        assert_eq!(declared(&data(9, 2, 0, 3)), Some(((0, 0), (u32::MAX, 2))));
        assert_eq!(declared(&data(0, 0, 0, 0)), None);
    }

    /// Globals naming each sheet, then the sheets: BOF, one cell at (0, 0) and one at `far`.
    fn workbook_stream(far: &[(u16, u16)]) -> Vec<u8> {
        let sheet = |(r, c): (u16, u16)| {
            [
                record(0x0809, &[0; 16]),
                cell(0x0203, 0, 0),
                cell(0x0203, r, c),
                record(0x000A, &[]),
            ]
            .concat()
        };
        let sheets: Vec<Vec<u8>> = far.iter().map(|&f| sheet(f)).collect();
        let boundsheet = |at: u32, name: &str| {
            let mut d = at.to_le_bytes().to_vec();
            d.extend([0, 0, name.len() as u8, 0]);
            d.extend(name.as_bytes());
            record(0x0085, &d)
        };
        let globals_len = (record(0x0809, &[0; 16]).len()
            + record(0x000A, &[]).len()
            + far
                .iter()
                .enumerate()
                .map(|(i, _)| boundsheet(0, &format!("S{i}")).len())
                .sum::<usize>()) as u32;
        let mut at = globals_len;
        let mut stream = record(0x0809, &[0; 16]);
        for (i, s) in sheets.iter().enumerate() {
            stream.extend(boundsheet(at, &format!("S{i}")));
            at += s.len() as u32;
        }
        stream.extend(record(0x000A, &[]));
        for s in &sheets {
            stream.extend(s);
        }
        stream
    }

    #[test]
    fn sheets_are_counted_alone_and_together() {
        // 40,000 × 200 = 8 million cells a sheet.
        let within = workbook_stream(&[(39_999, 199)]);
        assert_eq!(oversized_in_stream(&within, 10_000_000), Ok(None));
        let two = workbook_stream(&[(39_999, 199), (39_999, 199)]);
        let over = oversized_in_stream(&two, 10_000_000)
            .unwrap()
            .expect("two sheets together");
        assert_eq!(
            (over.sheet.as_str(), over.alone, over.last),
            ("S1", false, (39_999, 199))
        );
        let far = workbook_stream(&[(10, 3), (65_535, 255)]);
        let over = oversized_in_stream(&far, 10_000_000).unwrap().expect("a far cell");
        // A sheet said to start past the end of the stream.
        let mut boundsheet = 10_000u32.to_le_bytes().to_vec();
        boundsheet.extend([0, 0, 1, 0, b'S']);
        let past = [
            record(0x0809, &[0; 16]),
            record(0x0085, &boundsheet),
            record(0x000A, &[]),
        ]
        .concat();
        assert!(
            oversized_in_stream(&past, 10_000_000)
                .unwrap_err()
                .contains("past the end")
        );
        assert_eq!(
            (over.sheet.as_str(), over.alone, over.first, over.last),
            ("S1", true, (0, 0), (65_535, 255))
        );
    }

    #[test]
    fn sheet_names_in_one_and_two_byte_characters() {
        let mut latin = vec![0, 0, 0, 0, 0, 0, 2, 0];
        latin.extend(b"AB");
        assert_eq!(sheet_name(&latin).as_deref(), Some("AB"));
        let mut wide = vec![0, 0, 0, 0, 0, 0, 2, 1];
        for u in "编制".encode_utf16() {
            wide.extend(u.to_le_bytes());
        }
        assert_eq!(sheet_name(&wide).as_deref(), Some("编制"));
    }

    #[test]
    fn the_sample_workbook_is_within_bounds() {
        let bytes = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/staffing.xls")).unwrap();
        assert_eq!(oversized_sheet(&bytes, 20_000_000), Ok(None));
        // With a budget smaller than its cells, the guard names its sheet.
        let over = oversized_sheet(&bytes, 4).unwrap().expect("over a tiny budget");
        assert!(!over.sheet.is_empty());
    }
}
