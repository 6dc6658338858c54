//! Delimited text without quotes, the shape of nearly every large csv an office exports: one
//! record per line, fields split at the delimiter. Such text is split here directly, in
//! parallel chunks of whole lines, without the general csv reader's per-byte state machine and
//! per-record UTF-8 check (the text is already a `str`). Text with any quote goes to the csv
//! reader, which knows quoting.

use super::grid::{Grid, GridBuilder};

/// Below this many bytes a second thread costs more than it saves.
const MIN_CHUNK_BYTES: usize = 1 << 20;

/// The grid of `text` from byte `start` on (past a byte-order mark), when the text has no
/// quote and no lone carriage return (a record ends at `\n` or `\r\n` only); else the text
/// back, for the csv reader. The grid keeps the text and its cells point into it: no field is
/// copied. Rows are line numbers from 0, so a finding's row is the line a person sees; blank
/// lines hold no cells, as in the csv reader. The text also comes back when it passes the
/// grid's size limit.
pub fn quote_free_grid(text: String, start: usize, delimiter: u8) -> Result<Grid, String> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunks = threads.min(text.len() / MIN_CHUNK_BYTES).max(1);
    quote_free_grid_in(text, start, delimiter, chunks)
}

/// As [`quote_free_grid`], in `chunks` pieces read side by side.
fn quote_free_grid_in(text: String, start: usize, delimiter: u8, chunks: usize) -> Result<Grid, String> {
    let Some(body) = text.get(start..) else {
        return Err(text);
    };
    let bytes = body.as_bytes();
    // Cells hold 32-bit offsets into the text.
    if text.len() > u32::MAX as usize - (1 << 20) || memchr::memchr(b'"', bytes).is_some() {
        return Err(text);
    }
    if memchr::memchr_iter(b'\r', bytes).any(|i| bytes.get(i + 1) != Some(&b'\n')) {
        return Err(text);
    }
    let grid = split_chunks(
        &line_chunks(body, chunks),
        text.as_ptr() as usize,
        char::from(delimiter),
    );
    match grid {
        Some(grid) => Ok(grid.finish_over(text)),
        None => Err(text),
    }
}

/// The grid of `chunks` (consecutive pieces of the text at address `base`), read side by
/// side. Each chunk's cells are counted first, so that the first chunk's builder has room for
/// every cell and the others' are copied into it without growing it: the grid's memory is
/// filled once, not doubled and copied as it grows. None when a chunk failed or the grid
/// passes its size limit.
fn split_chunks(chunks: &[&str], base: usize, delimiter: char) -> Option<GridBuilder> {
    // The first row of each chunk: lines before it.
    let mut first_rows = Vec::with_capacity(chunks.len());
    let mut row = 0;
    for chunk in chunks {
        first_rows.push(row);
        row += memchr::memchr_iter(b'\n', chunk.as_bytes()).count();
    }
    let slots: Vec<usize> = side_by_side(chunks, |_, chunk| slot_count(chunk, delimiter))
        .into_iter()
        .collect::<Option<_>>()?;
    let total: usize = slots.iter().sum();
    let parts = side_by_side(chunks, |i, chunk| {
        let rows = first_rows.get(i + 1).copied().unwrap_or(row + 1) - first_rows[i];
        let room = if i == 0 {
            GridBuilder::with_capacity(total, row + 1)
        } else {
            GridBuilder::with_capacity(slots[i], rows)
        };
        split_lines(chunk, base, first_rows[i], delimiter, room)
    });
    let mut parts = parts.into_iter();
    let mut grid = parts.next().flatten().flatten()?;
    for part in parts {
        grid.append(part.flatten()?);
    }
    (!grid.too_large()).then_some(grid)
}

/// `work` on each chunk with its index, on a thread of its own when there are several; None
/// for a chunk whose work panicked (it cannot, but the csv reader would then read the text).
fn side_by_side<T: Send>(chunks: &[&str], work: impl Fn(usize, &str) -> T + Sync) -> Vec<Option<T>> {
    if chunks.len() == 1 {
        return vec![Some(work(0, chunks[0]))];
    }
    let work = &work;
    std::thread::scope(|s| {
        let handles: Vec<_> = chunks
            .iter()
            .enumerate()
            .map(|(i, chunk)| s.spawn(move || work(i, chunk)))
            .collect();
        handles.into_iter().map(|h| h.join().ok()).collect()
    })
}

/// How many cells the grid stores for `lines`: each line's fields up to its last non-empty
/// one (empty fields before it are stored empty, after it not at all).
fn slot_count(lines: &str, delimiter: char) -> usize {
    let mut slots = 0;
    for line in lines.split_terminator('\n') {
        let line = line.strip_suffix('\r').unwrap_or(line);
        slots += line
            .split(delimiter)
            .enumerate()
            .filter(|(_, field)| !field.is_empty())
            .last()
            .map_or(0, |(c, _)| c + 1);
    }
    slots
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

/// The cells of `lines`, the first of which is row `first_row`, as spans of the text that
/// starts at address `base` (`lines` lies inside it), added to `room` (an empty builder).
fn split_lines(lines: &str, base: usize, first_row: usize, delimiter: char, room: GridBuilder) -> Option<GridBuilder> {
    let mut grid = room;
    for (i, line) in lines.split_terminator('\n').enumerate() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.is_empty() {
            continue;
        }
        let row = first_row + i;
        let mut width = 0;
        for (c, field) in line.split(delimiter).enumerate() {
            if !field.is_empty() {
                let start = field.as_ptr() as usize - base;
                // Rows come in order and the text is under 4 GB (checked): this cannot fail.
                let _ = grid.push_span(row, c, start as u32, field.len() as u32);
            }
            width = c + 1;
        }
        grid.at_least(row + 1, width);
        if i % 4096 == 0 && grid.too_large() {
            return None;
        }
    }
    Some(grid)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::grid::Grid;

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
        ] {
            let delimiter = if text.contains(';') {
                b';'
            } else if text.contains('\t') {
                b'\t'
            } else {
                b','
            };
            let grid = quote_free_grid(text.to_owned(), 0, delimiter).unwrap();
            assert_eq!(cells(&grid), by_csv_reader(text, delimiter), "{text:?}");
        }
    }

    #[test]
    fn quotes_and_lone_carriage_returns_go_to_the_csv_reader() {
        assert!(quote_free_grid("a,\"b,c\"\n".into(), 0, b',').is_err());
        assert!(quote_free_grid("a,b\rc,d\r".into(), 0, b',').is_err());
    }

    #[test]
    fn a_byte_order_mark_is_skipped() {
        let grid = quote_free_grid("\u{feff}单位,人数\n财政局,3\n".into(), 3, b',').unwrap();
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
        // Blank lines and ragged rows on the way.
        let text: String = (0..20_000)
            .map(|i| match i % 7 {
                0 => "\n".to_owned(),
                1 => format!("单位{i},,{i}\r\n"),
                _ => format!("单位{i},{},{i}.5\n", i % 13),
            })
            .collect();
        let whole = quote_free_grid_in(text.clone(), 0, b',', 1).unwrap();
        for n in 2..5 {
            let chunked = quote_free_grid_in(text.clone(), 0, b',', n).unwrap();
            assert_eq!((chunked.height(), chunked.width()), (whole.height(), whole.width()));
            assert_eq!(cells(&chunked), cells(&whole), "{n} chunks");
        }
    }
}
