//! csv: one table per file, UTF-8 with a byte-order mark so Excel on Windows reads the Chinese
//! text correctly; headers and codes translated as in the xlsx report, numbers written plainly.

use super::cells::Prepared;
use polars::prelude::*;
use std::io::Write;

/// Write `columns` as csv to `out`.
pub fn write<W: Write>(out: W, columns: &[Prepared]) -> PolarsResult<()> {
    let height = columns.first().map_or(0, Prepared::len);
    let text: Vec<Column> = columns
        .iter()
        .map(|c| {
            let values: Vec<Option<String>> = (0..height).map(|i| c.plain(i)).collect();
            Column::new(c.label.as_str().into(), values)
        })
        .collect();
    let mut frame = DataFrame::new(height, text)?;
    CsvWriter::new(out).include_bom(true).finish(&mut frame)
}
