//! A table's columns as a file gave them (a parquet file), read as a grid reads cells: row 0
//! the column names, row `r` the values at `r - 1`. The text is not copied.

use super::grid::Cell;
use polars_arrow::array::{Array, BooleanArray, PrimitiveArray, Utf8ViewArray};

/// One column's values, in the grid's terms.
pub enum ColumnValues {
    Text(Utf8ViewArray),
    Number(PrimitiveArray<f64>),
    Bool(BooleanArray),
}

impl ColumnValues {
    fn len(&self) -> usize {
        match self {
            ColumnValues::Text(t) => t.len(),
            ColumnValues::Number(n) => n.len(),
            ColumnValues::Bool(b) => b.len(),
        }
    }
}

pub struct FileColumns {
    names: Vec<String>,
    columns: Vec<ColumnValues>,
    /// Rows of values (the names' row not counted).
    rows: usize,
}

impl FileColumns {
    /// `rows` rows of `columns` under their `names`; None when a column's length or the
    /// number of names does not agree.
    pub fn new(names: Vec<String>, columns: Vec<ColumnValues>, rows: usize) -> Option<FileColumns> {
        let agree = names.len() == columns.len() && columns.iter().all(|c| c.len() == rows);
        agree.then_some(FileColumns { names, columns, rows })
    }

    /// Rows of the grid: the names' row, then the values'.
    pub fn height(&self) -> usize {
        self.rows + 1
    }

    pub fn width(&self) -> usize {
        self.names.len()
    }

    /// The cell at `row` and `col`: a name, a value, or empty (a null, an empty text, or a
    /// place past the table, as in a csv).
    pub fn cell(&self, row: usize, col: usize) -> Cell<'_> {
        let Some(row) = row.checked_sub(1) else {
            return self
                .names
                .get(col)
                .filter(|n| !n.is_empty())
                .map_or(Cell::Empty, |n| Cell::Text(n));
        };
        let value = match self.columns.get(col) {
            _ if row >= self.rows => None,
            Some(ColumnValues::Text(t)) => t.get(row).filter(|s| !s.is_empty()).map(Cell::Text),
            Some(ColumnValues::Number(n)) => n.is_valid(row).then(|| Cell::Number(n.value(row))),
            Some(ColumnValues::Bool(b)) => b.get(row).map(Cell::Bool),
            None => None,
        };
        value.unwrap_or(Cell::Empty)
    }
}
