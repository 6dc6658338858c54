//! csv: one table per file, UTF-8 with a byte-order mark so Excel on Windows reads the Chinese
//! text correctly; headers and codes translated as in the xlsx report, numbers written plainly.
//! Text that a spreadsheet would run as a formula (a unit named `=HYPERLINK(…)` in an input
//! file) is written with a leading `'`, so opening the csv shows it and runs nothing.

use super::cells::{Prepared, Values};
use polars::prelude::*;
use std::io::Write;

/// Write `columns` as csv to `out`.
pub fn write<W: Write>(out: W, columns: &[Prepared]) -> PolarsResult<()> {
    let height = columns.first().map_or(0, Prepared::len);
    let text: Vec<Column> = columns
        .iter()
        .map(|c| {
            let text = matches!(c.values, Values::Text(_));
            let values: Vec<Option<String>> = (0..height)
                .map(|i| c.plain(i).map(|v| if text { defused(v) } else { v }))
                .collect();
            Column::new(c.label.as_str().into(), values)
        })
        .collect();
    let mut frame = DataFrame::new(height, text)?;
    CsvWriter::new(out).include_bom(true).finish(&mut frame)
}

/// Text starting as a formula would (`=`, `+`, `-`, `@`, tab, carriage return) gets a leading `'`.
pub(super) fn defused(text: String) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text
    }
}
