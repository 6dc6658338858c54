//! A sheet as a grid of cells, whatever the file format: the one shape header detection and
//! table building work on. Rows and columns are absolute and 0-based (row 0 is spreadsheet row 1).

use calamine::{Data, Range};
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

/// Merged regions, inclusive (first_row, first_col, last_row, last_col).
pub type Merge = (u32, u32, u32, u32);

enum Store {
    Csv(Vec<csv::StringRecord>),
    Range(Range<Data>),
}

pub struct Grid {
    store: Store,
    height: usize,
    width: usize,
    /// Covered cell → top-left cell of its merged region (the top-left itself is not stored).
    merged: HashMap<(u32, u32), (u32, u32)>,
    merges: Vec<Merge>,
}

/// Merged regions larger than this many cells are ignored: they cannot be header or data
/// merges a reader needs, and expanding them would cost memory without bound.
const MAX_MERGE_CELLS: u64 = 100_000;

impl Grid {
    pub fn from_records(records: Vec<csv::StringRecord>) -> Grid {
        let width = records.iter().map(|r| r.len()).max().unwrap_or(0);
        Grid {
            height: records.len(),
            width,
            store: Store::Csv(records),
            merged: HashMap::new(),
            merges: Vec::new(),
        }
    }

    pub fn from_range(range: Range<Data>, merges: Vec<Merge>) -> Grid {
        let (height, width) = match range.end() {
            Some((r, c)) => (r as usize + 1, c as usize + 1),
            None => (0, 0),
        };
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
        Grid {
            store: Store::Range(range),
            height,
            width,
            merged,
            merges: kept,
        }
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
        match &self.store {
            Store::Csv(records) => match records.get(row).and_then(|r| r.get(col)) {
                Some(t) if !t.is_empty() => Cell::Text(t),
                _ => Cell::Empty,
            },
            Store::Range(range) => match range.get_value((row as u32, col as u32)) {
                None | Some(Data::Empty) => Cell::Empty,
                Some(Data::String(s)) => Cell::Text(s),
                Some(Data::Int(i)) => Cell::Number(*i as f64),
                Some(Data::Float(f)) => Cell::Number(*f),
                Some(Data::Bool(b)) => Cell::Bool(*b),
                Some(Data::DateTime(d)) => Cell::Date(d.as_f64()),
                Some(Data::DateTimeIso(s)) | Some(Data::DurationIso(s)) => Cell::Text(s),
                Some(Data::Error(e)) => Cell::Error(error_text(e)),
            },
        }
    }

    /// The cell with merged regions filled from their top-left cell.
    pub fn cell(&self, row: usize, col: usize) -> Cell<'_> {
        if !self.merged.is_empty()
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
