//! A look at an OpenDocument spreadsheet's content before the ods reader opens it.
//!
//! The ods reader builds every table of the file into a dense range when it opens it, and a
//! table may say "this row 990,000 times, this cell 100 times" in a few bytes: a 600-byte file
//! made the reader hold 99 million cells (7.7 GB). This scan walks `content.xml`'s tags and
//! finds, per table, the rows and columns its non-empty cells reach once repeats are counted.

use super::xml::{attr, tag_name, tags, unescape};
use std::io::{Cursor, Read};

/// A table too large to read, and its extent (0-based last row and column reached).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Oversized {
    pub table: String,
    pub last: (u64, u64),
    /// The table alone passes the limit (else it is the tables together).
    pub alone: bool,
}

/// The first table whose non-empty cells reach past `limit` cells as a dense block from A1,
/// or whose block with those of the tables before it passes `limit`. None when within
/// bounds, or when `content.xml` cannot be read here (the ods reader reports that itself).
pub fn oversized_table(bytes: &[u8], limit: u64, max_xml: u64) -> Option<Oversized> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let entry = zip.by_name("content.xml").ok()?;
    let mut xml = String::new();
    entry.take(max_xml).read_to_string(&mut xml).ok()?;
    oversized_in_content(&xml, limit)
}

/// One table's extent so far.
#[derive(Default)]
struct Table {
    name: String,
    row: u64,
    col: u64,
    /// Repeats of the row being read.
    row_repeat: u64,
    last: Option<(u64, u64)>,
}

impl Table {
    fn cells(&self) -> u64 {
        self.last
            .map_or(0, |(r, c)| r.saturating_add(1).saturating_mul(c.saturating_add(1)))
    }
}

fn oversized_in_content(xml: &str, limit: u64) -> Option<Oversized> {
    let mut total = 0u64;
    let mut table: Option<Table> = None;
    for tag in tags(xml) {
        let name = tag_name(tag);
        match name {
            "table:table" if !tag.starts_with('/') => {
                table = Some(Table {
                    name: attr(tag, "table:name").map(unescape).unwrap_or_default(),
                    ..Table::default()
                });
            }
            "table:table" => {
                if let Some(t) = table.take() {
                    let cells = t.cells();
                    total = total.saturating_add(cells);
                    if cells > limit || total > limit {
                        return Some(Oversized {
                            table: t.name,
                            last: t.last.unwrap_or_default(),
                            alone: cells > limit,
                        });
                    }
                }
            }
            "table:table-row" => {
                let Some(t) = table.as_mut() else { continue };
                if tag.starts_with('/') {
                    t.row = t.row.saturating_add(t.row_repeat);
                } else {
                    t.col = 0;
                    t.row_repeat = repeat(tag, "table:number-rows-repeated");
                    if tag.ends_with('/') {
                        t.row = t.row.saturating_add(t.row_repeat);
                    }
                }
            }
            "table:table-cell" | "table:covered-table-cell" if !tag.starts_with('/') => {
                let Some(t) = table.as_mut() else { continue };
                let cols = repeat(tag, "table:number-columns-repeated");
                // A cell with a value or with content (not closed at once) is not empty.
                let filled = attr(tag, "office:value-type").is_some() || !tag.ends_with('/');
                if filled {
                    let last_row = t.row.saturating_add(t.row_repeat.max(1) - 1);
                    let last_col = t.col.saturating_add(cols - 1);
                    let (r, c) = t.last.unwrap_or((0, 0));
                    t.last = Some((r.max(last_row), c.max(last_col)));
                    if t.cells() > limit {
                        return Some(Oversized {
                            table: std::mem::take(&mut t.name),
                            last: t.last.unwrap_or_default(),
                            alone: true,
                        });
                    }
                }
                t.col = t.col.saturating_add(cols);
            }
            _ => {}
        }
    }
    None
}

/// A repeat count, at least 1.
fn repeat(tag: &str, name: &str) -> u64 {
    attr(tag, name).and_then(|v| v.parse().ok()).unwrap_or(1).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn content(tables: &[(&str, &str)]) -> String {
        let body: String = tables
            .iter()
            .map(|(name, rows)| format!(r#"<table:table table:name="{name}">{rows}</table:table>"#))
            .collect();
        format!("<office:body><office:spreadsheet>{body}</office:spreadsheet></office:body>")
    }

    const VALUE: &str =
        r#"<table:table-cell office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell>"#;

    #[test]
    fn repeated_rows_and_cells_are_counted_as_the_reader_expands_them() {
        let rows = format!(
            r#"<table:table-row>{VALUE}{VALUE}</table:table-row><table:table-row table:number-rows-repeated="990000"><table:table-cell table:number-columns-repeated="100" office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell></table:table-row>"#
        );
        let over = oversized_in_content(&content(&[("编制", &rows)]), 20_000_000).expect("99 million cells");
        assert_eq!(over.table, "编制");
        assert!(over.alone);
    }

    #[test]
    fn empty_repeats_as_office_suites_write_them_cost_nothing() {
        // LibreOffice closes a sheet with a million empty rows of 1,024 empty cells.
        let rows = format!(
            r#"<table:table-row>{VALUE}{VALUE}</table:table-row><table:table-row table:number-rows-repeated="1048574"><table:table-cell table:number-columns-repeated="1024"/></table:table-row><table:table-row/>"#
        );
        assert_eq!(oversized_in_content(&content(&[("编制", &rows)]), 20_000_000), None);
    }

    #[test]
    fn a_far_cell_and_tables_together() {
        let far = format!(
            r#"<table:table-row>{VALUE}</table:table-row><table:table-row table:number-rows-repeated="999998"><table:table-cell/></table:table-row><table:table-row><table:table-cell table:number-columns-repeated="99"/>{VALUE}</table:table-row>"#
        );
        let over = oversized_in_content(&content(&[("远", &far)]), 20_000_000).expect("a far cell");
        assert_eq!((over.table.as_str(), over.last), ("远", (999_999, 99)));
        // 4,000 × 3,000 = 12 million cells each: fine alone, not together.
        let block = r#"<table:table-row table:number-rows-repeated="4000"><table:table-cell table:number-columns-repeated="3000" office:value-type="float" office:value="1"/></table:table-row>"#;
        assert_eq!(oversized_in_content(&content(&[("甲", block)]), 20_000_000), None);
        let over = oversized_in_content(&content(&[("甲", block), ("乙", block)]), 20_000_000).expect("together");
        assert_eq!((over.table.as_str(), over.alone), ("乙", false));
    }
}
