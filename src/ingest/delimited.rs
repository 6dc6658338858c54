//! Delimited text, the shape of nearly every large csv an office exports: one record per line,
//! fields split at the delimiter, a field holding the delimiter wrapped in quotes. Such text is
//! split here directly, in parallel chunks of whole lines, without the general csv reader's
//! per-byte state machine and per-record UTF-8 check (the text is already a `str`), and
//! without copying a field. Text with quoting this cannot point into (a doubled quote inside a
//! field, a record over several lines, a quote inside an unquoted field) goes to the csv
//! reader.

use super::grid::{Fields, Grid, MOST, fits};

/// Below this many bytes a second thread costs more than it saves.
const MIN_CHUNK_BYTES: usize = 1 << 20;

/// The grid of `text` from byte `start` on (past a byte-order mark), when every field is plain
/// or wholly quoted (see the module's words) and no carriage return stands alone (a record
/// ends at `\n` or `\r\n` only); else the text back, for the csv reader. The grid keeps the
/// text and its cells point into it: no field is copied. Rows are line numbers from 0, so a
/// finding's row is the line a person sees; blank lines hold no cells, as in the csv reader.
/// The text also comes back when it passes the grid's size limit.
pub fn grid_in_place(text: String, start: usize, delimiter: u8) -> Result<Grid, String> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunks = threads.min(text.len() / MIN_CHUNK_BYTES).max(1);
    grid_in_place_in(text, start, delimiter, chunks)
}

/// As [`grid_in_place`], in `chunks` pieces read side by side.
fn grid_in_place_in(text: String, start: usize, delimiter: u8, chunks: usize) -> Result<Grid, String> {
    let Some(body) = text.get(start..) else {
        return Err(text);
    };
    let bytes = body.as_bytes();
    // Fields are found by their delimiter's byte, and placed by 32-bit offsets into the text.
    // A quote as delimiter would leave no quoting to read.
    let placeable = delimiter.is_ascii() && delimiter != b'"' && text.len() <= MOST;
    if !placeable {
        return Err(text);
    }
    if memchr::memchr_iter(b'\r', bytes).any(|i| bytes.get(i + 1) != Some(&b'\n')) {
        return Err(text);
    }
    match split_chunks(&line_chunks(body, chunks), text.as_ptr() as usize, delimiter) {
        Some(fields) => Ok(Grid::over_fields(text, fields)),
        None => Err(text),
    }
}

/// Where the fields of `chunks` (consecutive pieces of the text at address `base`) start,
/// read side by side. Each chunk's entries are counted first, so that each chunk fills its
/// own part of one buffer: the grid's memory is filled once, not grown and copied. None when
/// a chunk failed or the grid passes its size limit.
fn split_chunks(chunks: &[&str], base: usize, delimiter: u8) -> Option<Fields> {
    // A chunk that panicked, or whose quoting cannot be split here, gives None.
    let counts: Vec<usize> = side_by_side(chunks.to_vec(), |chunk| entry_count(chunk, delimiter))
        .into_iter()
        .map(Option::flatten)
        .collect::<Option<_>>()?;
    let total: usize = counts.iter().sum();
    if !fits(0, total) {
        return None;
    }
    let mut starts = vec![0u32; total];
    let mut work = Vec::with_capacity(chunks.len());
    let (mut rest, mut first) = (starts.as_mut_slice(), 0);
    for (&chunk, &n) in chunks.iter().zip(&counts) {
        let (own, after) = rest.split_at_mut(n);
        work.push((chunk, first, own));
        (rest, first) = (after, first + n);
    }
    let parts = side_by_side(work, |(chunk, first, own)| {
        split_lines(chunk, base, delimiter, first, own)
    });
    let mut fields = Fields {
        row_start: Vec::new(),
        starts: Vec::new(),
        height: 0,
        width: 0,
    };
    for part in parts {
        let part = part?;
        if part.height > 0 {
            fields.height = fields.row_start.len() + part.height;
        }
        fields.width = fields.width.max(part.width);
        fields.row_start.extend(part.row_start);
    }
    // Blank lines after the last field hold no row.
    fields.row_start.truncate(fields.height);
    fields.row_start.push(total as u32);
    fields.starts = starts;
    Some(fields)
}

/// `work` on each item, on a thread of its own when there are several; None for an item
/// whose work panicked on its own thread (it cannot, but the csv reader would then read the
/// text; a lone item's panic reaches the reader's guard, which calls the file damaged).
fn side_by_side<I: Send, T: Send>(items: Vec<I>, work: impl Fn(I) -> T + Sync) -> Vec<Option<T>> {
    if items.len() == 1 {
        return items.into_iter().map(|item| Some(work(item))).collect();
    }
    let work = &work;
    std::thread::scope(|s| {
        let handles: Vec<_> = items.into_iter().map(|item| s.spawn(move || work(item))).collect();
        handles.into_iter().map(|h| h.join().ok()).collect()
    })
}

/// How many entries the grid holds for `lines`: for each line that is not blank, where each
/// field starts and where one after its last would. None when a line's quoting cannot be
/// split here.
fn entry_count(lines: &str, delimiter: u8) -> Option<usize> {
    let quoted = memchr::memchr(b'"', lines.as_bytes()).is_some();
    let mut entries = 0;
    for line in lines.split_terminator('\n') {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if !line.is_empty() {
            let mut fields = 1;
            split_fields(line.as_bytes(), delimiter, quoted, |_| fields += 1)?;
            entries += fields + 1;
        }
    }
    Some(entries)
}

/// Calls `at` with the place of each delimiter that ends a field of `line`. A field is plain
/// (no quote in it) or wholly quoted (a quote, text without a quote, a quote, then the
/// delimiter or the line's end). None for any other quoting, which the csv reader reads.
/// `quoted`: whether the lines around hold a quote at all (most texts hold none).
fn split_fields(line: &[u8], delimiter: u8, quoted: bool, mut at: impl FnMut(usize)) -> Option<()> {
    if !quoted || memchr::memchr(b'"', line).is_none() {
        memchr::memchr_iter(delimiter, line).for_each(at);
        return Some(());
    }
    let mut start = 0;
    loop {
        let end = if line.get(start) == Some(&b'"') {
            let close = start + 1 + memchr::memchr(b'"', &line[start + 1..])?;
            let end = close + 1;
            (end == line.len() || line[end] == delimiter).then_some(end)?
        } else {
            let end = memchr::memchr(delimiter, &line[start..]).map_or(line.len(), |d| start + d);
            memchr::memchr(b'"', &line[start..end]).is_none().then_some(end)?
        };
        if end == line.len() {
            return Some(());
        }
        at(end);
        start = end + 1;
    }
}

/// The rows of one chunk: where each line's entries begin, how many lines up to the last that
/// is not blank, and the most fields a line has.
struct Part {
    row_start: Vec<u32>,
    height: usize,
    width: usize,
}

/// Writes where the fields of `lines` start (offsets into the text at address `base`, which
/// `lines` lies inside) into `own`, whose first entry is the grid's entry `first`.
fn split_lines(lines: &str, base: usize, delimiter: u8, first: usize, own: &mut [u32]) -> Part {
    let mut part = Part {
        row_start: Vec::new(),
        height: 0,
        width: 0,
    };
    let mut at = 0;
    let quoted = memchr::memchr(b'"', lines.as_bytes()).is_some();
    for (i, line) in lines.split_terminator('\n').enumerate() {
        part.row_start.push((first + at) as u32);
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.is_empty() {
            continue;
        }
        // The text is under 4 GB (checked): offsets fit.
        let line_start = line.as_ptr() as usize - base;
        own[at] = line_start as u32;
        at += 1;
        let mut fields = 1;
        // Counted first with the same split: it cannot fail here.
        let _ = split_fields(line.as_bytes(), delimiter, quoted, |d| {
            own[at] = (line_start + d + 1) as u32;
            at += 1;
            fields += 1;
        });
        own[at] = (line_start + line.len() + 1) as u32;
        at += 1;
        part.width = part.width.max(fields);
        part.height = i + 1;
    }
    part
}

/// `text` cut into about `n` pieces, each ending after a line end (the last at the end).
fn line_chunks(text: &str, n: usize) -> Vec<&str> {
    let mut chunks = Vec::with_capacity(n);
    let mut rest = text;
    for i in (1..n).rev() {
        let target = rest.len() / (i + 1);
        let Some(nl) = memchr::memchr(b'\n', &rest.as_bytes()[target..]) else {
            break;
        };
        let (chunk, tail) = rest.split_at(target + nl + 1);
        chunks.push(chunk);
        rest = tail;
    }
    chunks.push(rest);
    chunks
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::grid::{Cell, Grid};

    fn cells(g: &Grid) -> Vec<Vec<String>> {
        (0..g.height())
            .map(|r| (0..g.width()).map(|c| g.raw(r, c).display()).collect())
            .collect()
    }

    /// What the general csv reader makes of the same text, rows numbered by line.
    fn by_csv_reader(text: &str, delimiter: u8) -> Vec<Vec<String>> {
        let mut rows: Vec<Vec<String>> = Vec::new();
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .from_reader(text.as_bytes());
        let mut width = 0;
        for rec in reader.records() {
            let rec = rec.unwrap();
            // A record's position is where reading started, before any blank lines.
            let mut start = rec.position().unwrap().byte() as usize;
            while text.as_bytes().get(start).is_some_and(|b| matches!(b, b'\r' | b'\n')) {
                start += 1;
            }
            let line = text[..start].matches('\n').count();
            rows.resize(line + 1, Vec::new());
            rows[line] = rec.iter().map(str::to_owned).collect();
            width = width.max(rec.len());
        }
        for r in &mut rows {
            r.resize(width, String::new());
        }
        rows
    }

    #[test]
    fn splits_as_the_csv_reader_does() {
        for text in [
            "单位,人数\n城关街道,12\n\n财政局,3,\n",
            "a;b\r\n\r\n;c\r\nd",
            "x\ty\t\n\n\n1\t2\t3",
            "只有一行",
            " 空格 , 保留 \n",
            "单位,\"事项,含逗号\",\"\"\n\"城关街道\",\"\",3\r\n\n\"末尾\"",
            "a;\"b;c\";\"\"\n\"d\";e\n",
        ] {
            let delimiter = if text.contains(';') {
                b';'
            } else if text.contains('\t') {
                b'\t'
            } else {
                b','
            };
            let grid = grid_in_place(text.to_owned(), 0, delimiter).unwrap();
            assert_eq!(cells(&grid), by_csv_reader(text, delimiter), "{text:?}");
        }
    }

    #[test]
    fn empty_fields_and_cells_past_the_text_are_empty() {
        let grid = grid_in_place("a,,b,\n,,,\n\nc\n\n\n".into(), 0, b',').unwrap();
        assert_eq!((grid.height(), grid.width()), (4, 4));
        assert_eq!(grid.raw(0, 0), Cell::Text("a"));
        for (r, c) in [(0, 1), (0, 3), (0, 4), (1, 0), (1, 3), (2, 0), (3, 1), (4, 0), (99, 99)] {
            assert_eq!(grid.raw(r, c), Cell::Empty, "({r}, {c})");
        }
        assert_eq!(grid.raw(0, 2), Cell::Text("b"));
        assert_eq!(grid.raw(3, 0), Cell::Text("c"));
        assert!(grid.row_is_empty(1) && grid.row_is_empty(2) && !grid.row_is_empty(3));
    }

    #[test]
    fn quoting_not_split_in_place_and_lone_carriage_returns_go_to_the_csv_reader() {
        for text in [
            "a,\"b\"\"c\"\n", // a doubled quote inside
            "a,\"b\nc\"\n",   // a record over two lines
            "a,b\"c\n",       // a quote inside an unquoted field
            "a,\"b\" ,c\n",   // text after the closing quote
            "a, \"b\"\n",     // text before the opening quote
            "a,\"b\n",        // no closing quote
            "a,b\rc,d\r",     // lone carriage returns
        ] {
            assert!(grid_in_place(text.into(), 0, b',').is_err(), "{text:?}");
        }
        assert!(grid_in_place("a\"b\n".into(), 0, b'"').is_err(), "a quote as delimiter");
    }

    #[test]
    fn a_byte_order_mark_is_skipped() {
        let grid = grid_in_place("\u{feff}单位,人数\n财政局,3\n".into(), 3, b',').unwrap();
        assert_eq!(cells(&grid), [["单位", "人数"], ["财政局", "3"]]);
    }

    #[test]
    fn chunks_end_at_line_ends_and_cover_the_text() {
        let text: String = (0..1000).map(|i| format!("单位{i},{i}\n")).collect();
        for n in 1..5 {
            let chunks = line_chunks(&text, n);
            assert_eq!(chunks.concat(), text);
            assert!(chunks.iter().all(|c| c.ends_with('\n')));
        }
    }

    #[test]
    fn parallel_chunks_give_the_same_grid() {
        // Blank lines, ragged rows and quoted fields on the way, quotes only in some chunks.
        let text: String = (0..6_000)
            .map(|i| match i % 7 {
                0 => "\n".to_owned(),
                1 => format!("单位{i},,{i}\r\n"),
                2 if i < 1_500 => format!("\"单位{i},附\",\"\",{i}\n"),
                _ => format!("单位{i},{},{i}.5\n", i % 13),
            })
            .collect();
        let whole = grid_in_place_in(text.clone(), 0, b',', 1).unwrap();
        assert_eq!(cells(&whole), by_csv_reader(&text, b','));
        for n in 2..5 {
            let chunked = grid_in_place_in(text.clone(), 0, b',', n).unwrap();
            assert_eq!((chunked.height(), chunked.width()), (whole.height(), whole.width()));
            assert_eq!(cells(&chunked), cells(&whole), "{n} chunks");
        }
    }
}
