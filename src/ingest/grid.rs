//! A sheet as a grid of cells, whatever the file format: the one shape header detection and
//! table building work on. Rows and columns are absolute and 0-based (row 0 is spreadsheet row 1).

use super::file_columns::FileColumns;
use calamine::{Data, DataRef, Range};
use std::collections::HashMap;

/// One cell, borrowed from the grid.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cell<'a> {
    Empty,
    Text(&'a str),
    Number(f64),
    Bool(bool),
    /// An Excel error value such as `#DIV/0!`.
    Error(&'static str),
    /// An Excel date serial number.
    Date(f64),
}

impl Cell<'_> {
    pub fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(t) => t.trim().is_empty(),
            _ => false,
        }
    }

    pub fn text(&self) -> Option<&str> {
        match self {
            Cell::Text(t) => Some(t),
            _ => None,
        }
    }

    /// The cell as it would show, for messages and header names.
    pub fn display(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(t) => (*t).to_owned(),
            Cell::Number(n) | Cell::Date(n) => {
                if n.fract() == 0.0 && n.abs() < 1e15 {
                    format!("{}", *n as i64)
                } else {
                    format!("{n}")
                }
            }
            Cell::Bool(b) => b.to_string(),
            Cell::Error(e) => (*e).to_owned(),
        }
    }
}

/// The most text bytes, and cells, a grid holds: its offsets are 32-bit.
pub const MOST: usize = u32::MAX as usize - (1 << 20);

/// Whether a grid of `text` bytes and `slots` cells fits its 32-bit offsets.
pub fn fits(text: usize, slots: usize) -> bool {
    text <= MOST && slots <= MOST
}

/// Merged regions, inclusive (first_row, first_col, last_row, last_col).
pub type Merge = (u32, u32, u32, u32);

/// Excel error values, in the order [`Slot::Error`] indexes them.
const ERRORS: [&str; 8] = [
    "#DIV/0!",
    "#N/A",
    "#NAME?",
    "#NULL!",
    "#NUM!",
    "#REF!",
    "#VALUE!",
    "#GETTING_DATA",
];

/// One stored cell: 16 bytes, text kept in the grid's one string arena (a million-row sheet
/// holds millions of cells; one allocation each would cost more than reading them).
#[derive(Debug, Clone, Copy)]
enum Slot {
    Empty,
    Text { start: u32, len: u32 },
    Number(f64),
    Bool(bool),
    Error(u8),
    Date(f64),
}

/// How a grid holds its cells.
enum Cells {
    /// A slot a cell: spreadsheets, and text the csv reader read.
    Slots(Vec<Slot>),
    /// Delimited text split where it lies: a row's entries are where each of its fields
    /// starts in the text, then where a field after its last would start. A field ends one
    /// byte (its delimiter) before the next one starts; a quoted one is read inside its
    /// quotes; an empty field is an empty cell. Four bytes a field, where a slot takes sixteen.
    Fields(Vec<u32>),
    /// A table's columns as a file gave them (a parquet file); see [`FileColumns`].
    Columns(FileColumns),
}

pub struct Grid {
    /// Slots and field starts: row `r` holds entries `row_start[r]..row_start[r + 1]` (see
    /// [`Cells`]); missing columns at the end are empty. A file's columns need none.
    cells: Cells,
    row_start: Vec<u32>,
    text: String,
    height: usize,
    width: usize,
    /// Covered cell → top-left cell of its merged region (the top-left itself is not stored).
    merged: HashMap<(u32, u32), (u32, u32)>,
    /// Whether a row has covered cells: most rows have none and need no look-up.
    covered_rows: Vec<bool>,
    merges: Vec<Merge>,
}

/// Merged regions larger than this many cells are ignored: they cannot be header or data
/// merges a reader needs, and expanding them would cost memory without bound.
const MAX_MERGE_CELLS: u64 = 100_000;

/// Cells arrive out of row order; the caller reads the sheet another way.
#[derive(Debug)]
pub struct OutOfOrder;

/// Builds a grid from cells given in row order (left to right within a row).
#[derive(Default)]
pub struct GridBuilder {
    slots: Vec<Slot>,
    row_start: Vec<u32>,
    text: String,
    width: usize,
    /// Rows at least this many (csv keeps rows that hold only empty fields).
    min_height: usize,
    /// Slots of the row being filled start here.
    open_start: usize,
    /// The row being filled (None before the first cell).
    open_row: Option<usize>,
}

impl GridBuilder {
    pub fn new() -> Self {
        GridBuilder::default()
    }

    fn close_rows_to(&mut self, row: usize) {
        // Rows before `row` are complete; empty rows in between get no slots.
        let start = self.open_start as u32;
        let from = self.open_row.map_or(0, |r| r + 1);
        if self.open_row.is_some() {
            self.row_start.push(start);
            self.open_start = self.slots.len();
        }
        for _ in from..row {
            self.row_start.push(self.slots.len() as u32);
        }
    }

    /// Add a cell; empty cells are not stored. Cells must come in row order.
    pub fn push(&mut self, row: usize, col: usize, cell: Cell<'_>) -> Result<(), OutOfOrder> {
        let slot = match cell {
            Cell::Empty => return Ok(()),
            Cell::Text(t) => {
                // Checked before the text is stored, so a refused cell leaves no text behind.
                self.place(row, col)?;
                let start = self.text.len();
                self.text.push_str(t);
                self.slots.push(Slot::Text {
                    start: start as u32,
                    len: t.len() as u32,
                });
                return Ok(());
            }
            Cell::Number(n) => Slot::Number(n),
            Cell::Bool(b) => Slot::Bool(b),
            Cell::Error(e) => Slot::Error(ERRORS.iter().position(|x| *x == e).unwrap_or(0) as u8),
            Cell::Date(d) => Slot::Date(d),
        };
        self.place(row, col)?;
        self.slots.push(slot);
        Ok(())
    }

    /// Open row `row` if needed and fill the row with empty slots up to column `col`, where
    /// the caller's slot goes next.
    fn place(&mut self, row: usize, col: usize) -> Result<(), OutOfOrder> {
        match self.open_row {
            Some(r) if r == row => {}
            Some(r) if r > row => return Err(OutOfOrder),
            _ => {
                self.close_rows_to(row);
                self.open_row = Some(row);
                self.open_start = self.slots.len();
            }
        }
        let filled = self.slots.len() - self.open_start;
        if col < filled {
            return Err(OutOfOrder);
        }
        self.slots.extend(std::iter::repeat_n(Slot::Empty, col - filled));
        self.width = self.width.max(col + 1);
        Ok(())
    }

    /// The grid is at least `height` rows high and `width` columns wide (csv counts empty
    /// fields and rows of empty fields).
    pub fn at_least(&mut self, height: usize, width: usize) {
        self.min_height = self.min_height.max(height);
        self.width = self.width.max(width);
    }

    pub fn finish(mut self, merges: Vec<Merge>) -> Grid {
        let rows = self.open_row.map_or(0, |r| r + 1);
        if self.open_row.is_some() {
            self.close_rows_to(rows);
        }
        self.row_start.push(self.slots.len() as u32);
        let height = rows.max(self.min_height);
        let mut grid = Grid {
            cells: Cells::Slots(self.slots),
            row_start: self.row_start,
            text: self.text,
            height,
            width: self.width,
            merged: HashMap::new(),
            covered_rows: Vec::new(),
            merges: Vec::new(),
        };
        grid.set_merges(merges);
        grid
    }

    /// Text stored so far would pass the arena's 4 GB offsets.
    pub fn too_large(&self) -> bool {
        !fits(self.text.len(), self.slots.len())
    }
}

/// Delimited text split where it lies, row by row (see [`Cells::Fields`]).
pub struct Fields {
    /// Where each row's entries begin in `starts`, and where the last row's end.
    pub row_start: Vec<u32>,
    pub starts: Vec<u32>,
    pub height: usize,
    pub width: usize,
}

impl Grid {
    /// The grid of a file's columns, under their names.
    pub fn over_columns(columns: FileColumns) -> Grid {
        Grid {
            height: columns.height(),
            width: columns.width(),
            cells: Cells::Columns(columns),
            row_start: Vec::new(),
            text: String::new(),
            merged: HashMap::new(),
            covered_rows: Vec::new(),
            merges: Vec::new(),
        }
    }

    /// The grid of `text` split at the places `fields` gives; nothing is copied.
    pub fn over_fields(text: String, fields: Fields) -> Grid {
        Grid {
            cells: Cells::Fields(fields.starts),
            row_start: fields.row_start,
            text,
            height: fields.height,
            width: fields.width,
            merged: HashMap::new(),
            covered_rows: Vec::new(),
            merges: Vec::new(),
        }
    }

    /// A grid of text cells, for tests.
    #[cfg(test)]
    pub fn from_strs(rows: &[&[&str]]) -> Grid {
        Grid::from_records(rows.iter().map(|r| csv::StringRecord::from(r.to_vec())).collect())
    }

    pub fn from_records(records: Vec<csv::StringRecord>) -> Grid {
        let mut b = GridBuilder::new();
        for (r, rec) in records.iter().enumerate() {
            for (c, field) in rec.iter().enumerate() {
                let cell = if field.is_empty() {
                    Cell::Empty
                } else {
                    Cell::Text(field)
                };
                // Rows come in order: this cannot fail.
                let _ = b.push(r, c, cell);
            }
            b.at_least(r + 1, rec.len());
        }
        b.finish(Vec::new())
    }

    pub fn from_range(range: Range<Data>, merges: Vec<Merge>) -> Grid {
        let mut b = GridBuilder::new();
        let (r0, c0) = range.start().unwrap_or((0, 0));
        for (i, row) in range.rows().enumerate() {
            for (j, d) in row.iter().enumerate() {
                let _ = b.push(r0 as usize + i, c0 as usize + j, cell_of(d));
            }
        }
        b.finish(merges)
    }

    fn set_merges(&mut self, merges: Vec<Merge>) {
        let mut merged = HashMap::new();
        let mut kept = Vec::new();
        for m @ (r0, c0, r1, c1) in merges {
            if r1 < r0 || c1 < c0 {
                continue;
            }
            let area = (r1 - r0 + 1) as u64 * (c1 - c0 + 1) as u64;
            if area > MAX_MERGE_CELLS || merged.len() as u64 + area > 4 * MAX_MERGE_CELLS {
                continue;
            }
            for r in r0..=r1 {
                for c in c0..=c1 {
                    if (r, c) != (r0, c0) {
                        merged.insert((r, c), (r0, c0));
                    }
                }
            }
            kept.push(m);
        }
        let mut covered_rows = Vec::new();
        for &(r, _) in merged.keys() {
            let r = r as usize;
            if covered_rows.len() <= r {
                covered_rows.resize(r + 1, false);
            }
            covered_rows[r] = true;
        }
        self.merged = merged;
        self.covered_rows = covered_rows;
        self.merges = kept;
    }

    pub fn height(&self) -> usize {
        self.height
    }

    pub fn width(&self) -> usize {
        self.width
    }

    pub fn merges(&self) -> &[Merge] {
        &self.merges
    }

    /// The cell as stored, without filling merged regions.
    pub fn raw(&self, row: usize, col: usize) -> Cell<'_> {
        let slots = match &self.cells {
            Cells::Columns(columns) => return columns.cell(row, col),
            Cells::Fields(starts) => return self.field(starts, row, col),
            Cells::Slots(slots) => slots,
        };
        let Some((start, end)) = self.entries(row) else {
            return Cell::Empty;
        };
        if col >= end - start {
            return Cell::Empty;
        }
        match slots[start + col] {
            Slot::Empty => Cell::Empty,
            Slot::Text { start, len } => self
                .text
                .get(start as usize..start as usize + len as usize)
                .map_or(Cell::Empty, Cell::Text),
            Slot::Number(n) => Cell::Number(n),
            Slot::Bool(b) => Cell::Bool(b),
            Slot::Error(e) => Cell::Error(ERRORS[e as usize]),
            Slot::Date(d) => Cell::Date(d),
        }
    }

    /// Where row `row`'s entries are among the slots or field starts.
    fn entries(&self, row: usize) -> Option<(usize, usize)> {
        let (start, end) = (self.row_start.get(row)?, self.row_start.get(row + 1)?);
        Some((*start as usize, *end as usize))
    }

    /// Field `col` of row `row` (see [`Cells::Fields`]).
    fn field<'g>(&'g self, starts: &[u32], row: usize, col: usize) -> Cell<'g> {
        let Some((first, end)) = self.entries(row) else {
            return Cell::Empty;
        };
        if col >= (end - first).saturating_sub(1) {
            return Cell::Empty;
        }
        let (from, next) = (starts[first + col] as usize, starts[first + col + 1] as usize);
        // The delimiter is one byte.
        let Some(field) = self.text.get(from..next.saturating_sub(1).max(from)) else {
            return Cell::Empty;
        };
        // A quoted field (only whole ones are split in place) is its text inside the quotes.
        let field = match field.strip_prefix('"') {
            Some(quoted) => quoted.strip_suffix('"').unwrap_or(quoted),
            None => field,
        };
        if field.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(field)
        }
    }

    /// The cell with merged regions filled from their top-left cell.
    pub fn cell(&self, row: usize, col: usize) -> Cell<'_> {
        if self.covered_rows.get(row).copied().unwrap_or(false)
            && let Some(&(r, c)) = self.merged.get(&(row as u32, col as u32))
        {
            return self.raw(r as usize, c as usize);
        }
        self.raw(row, col)
    }

    /// Whether (row, col) is covered by a merged region (other than as its top-left cell).
    pub fn is_merged_cover(&self, row: usize, col: usize) -> bool {
        self.merged.contains_key(&(row as u32, col as u32))
    }

    pub fn row_is_empty(&self, row: usize) -> bool {
        (0..self.width).all(|c| self.raw(row, c).is_empty())
    }
}

/// A calamine cell as a grid cell.
pub fn cell_of(d: &Data) -> Cell<'_> {
    match d {
        Data::Empty => Cell::Empty,
        Data::String(s) => Cell::Text(s),
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(d) => Cell::Date(d.as_f64()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Text(s),
        Data::Error(e) => Cell::Error(error_text(e)),
    }
}

/// A calamine cell borrowed from the workbook as a grid cell.
pub fn cell_of_ref<'a>(d: &'a DataRef<'_>) -> Cell<'a> {
    match d {
        DataRef::Empty => Cell::Empty,
        DataRef::String(s) => Cell::Text(s),
        DataRef::SharedString(s) => Cell::Text(s),
        DataRef::Int(i) => Cell::Number(*i as f64),
        DataRef::Float(f) => Cell::Number(*f),
        DataRef::Bool(b) => Cell::Bool(*b),
        DataRef::DateTime(d) => Cell::Date(d.as_f64()),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => Cell::Text(s),
        DataRef::Error(e) => Cell::Error(error_text(e)),
    }
}

fn error_text(e: &calamine::CellErrorType) -> &'static str {
    use calamine::CellErrorType::*;
    match e {
        Div0 => "#DIV/0!",
        NA => "#N/A",
        Name => "#NAME?",
        Null => "#NULL!",
        Num => "#NUM!",
        Ref => "#REF!",
        Value => "#VALUE!",
        GettingData => "#GETTING_DATA",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_stored_compactly_and_read_back() {
        let mut b = GridBuilder::new();
        b.push(1, 2, Cell::Text("单位")).unwrap();
        b.push(1, 4, Cell::Number(3.5)).unwrap();
        b.push(4, 0, Cell::Error("#N/A")).unwrap();
        b.push(4, 1, Cell::Empty).unwrap();
        b.push(4, 3, Cell::Bool(true)).unwrap();
        assert!(b.push(4, 2, Cell::Text("x")).is_err());
        assert!(b.push(3, 0, Cell::Text("x")).is_err());
        let g = b.finish(vec![(1, 2, 2, 2)]);
        assert_eq!((g.height(), g.width()), (5, 5));
        assert_eq!(g.raw(0, 0), Cell::Empty);
        assert_eq!(g.raw(1, 2), Cell::Text("单位"));
        assert_eq!(g.raw(1, 3), Cell::Empty);
        assert_eq!(g.raw(1, 4), Cell::Number(3.5));
        assert_eq!(g.raw(2, 2), Cell::Empty);
        assert_eq!(g.cell(2, 2), Cell::Text("单位"));
        assert_eq!(g.raw(4, 0), Cell::Error("#N/A"));
        assert_eq!(g.raw(4, 3), Cell::Bool(true));
        assert_eq!(g.raw(9, 9), Cell::Empty);
        assert!(g.row_is_empty(3));
    }

    #[test]
    fn csv_rows_keep_their_width_and_height() {
        let g = Grid::from_records(vec![
            csv::StringRecord::from(vec!["a", "", ""]),
            csv::StringRecord::from(vec!["", ""]),
        ]);
        assert_eq!((g.height(), g.width()), (2, 3));
        assert_eq!(g.raw(0, 0), Cell::Text("a"));
        assert_eq!(g.raw(0, 1), Cell::Empty);
    }
}
