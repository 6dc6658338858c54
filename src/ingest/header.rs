//! Finding the header: title and note rows above it are skipped, and two- or three-row merged
//! headers are joined into one name per column ("编制数/行政").

use super::grid::{Cell, Grid};
use super::mapping::{Field, best_field};
use crate::model::QuotaType;
use std::collections::BTreeSet;

/// Rows scanned for a header; real files put at most a handful of title rows on top.
const SCAN_ROWS: usize = 40;
/// A header block is at most this many rows deep.
const MAX_HEADER_ROWS: usize = 3;

#[derive(Debug, Clone, PartialEq)]
pub struct Header {
    /// First and last row of the header block (0-based, absolute).
    pub first_row: usize,
    pub last_row: usize,
    /// One name per column (empty where the header is blank), trailing blank columns dropped.
    pub names: Vec<String>,
    /// Distinct fields the names map to, the detection's score.
    pub score: usize,
}

impl Header {
    pub fn data_start(&self) -> usize {
        self.last_row + 1
    }
}

/// The most plausible header in the first rows of the grid, or None when no row looks like one.
pub fn detect(grid: &Grid) -> Option<Header> {
    detect_with(grid, &[])
}

/// As [`detect`], counting the headers named in `known` (the caller's overrides) as fields.
pub fn detect_with(grid: &Grid, known: &[String]) -> Option<Header> {
    let known: Vec<String> = known.iter().map(|k| super::text::key(k)).collect();
    let mut best: Option<Header> = None;
    let rows = grid.height().min(SCAN_ROWS);
    for r in 0..rows {
        if grid.row_is_empty(r) || is_numeric_row(grid, r) || continues_merge_from_above(grid, r) {
            continue;
        }
        let last = block_end(grid, r);
        for end in r..=last {
            let names = names(grid, r, end);
            let score = score(&names, &known);
            if score == 0 {
                continue;
            }
            let better = match &best {
                None => true,
                // More fields win; on a tie the shallower block, then the earlier row.
                Some(b) => (score, std::cmp::Reverse(end - r)) > (b.score, std::cmp::Reverse(b.last_row - b.first_row)),
            };
            if better {
                best = Some(Header {
                    first_row: r,
                    last_row: end,
                    names,
                    score,
                });
            }
        }
    }
    best
}

/// The number of distinct things a header names: fields, with approved/actual columns counted
/// once per quota type they name (so a joined "编制数/行政", "编制数/事业" beats a bare "编制数").
fn score(names: &[String], known: &[String]) -> usize {
    let mut things: BTreeSet<(Option<Field>, Option<QuotaType>, usize)> = BTreeSet::new();
    let mut fields = BTreeSet::new();
    for (i, n) in names.iter().enumerate() {
        if let Some((f, _)) = best_field(n) {
            fields.insert(f);
            let typed = matches!(
                f,
                Field::Approved | Field::Actual | Field::LeaderPosts | Field::LeadersActual
            );
            things.insert((
                Some(f),
                if typed {
                    QuotaType::detect(&super::text::key(n))
                } else {
                    None
                },
                0,
            ));
        } else if !n.is_empty() && known.contains(&super::text::key(n)) {
            things.insert((None, None, i + 1));
        }
    }
    // A header names more than one thing; a lone match is more likely a title.
    if things.len() < 2 || (fields.len() < 2 && known.is_empty()) {
        0
    } else {
        things.len()
    }
}

/// How far down a header starting at `r` may reach: merged cells that start in the block and
/// hang below it, or (without merge information) sub-header rows of text only.
fn block_end(grid: &Grid, r: usize) -> usize {
    let limit = (r + MAX_HEADER_ROWS - 1).min(grid.height().saturating_sub(1));
    let mut end = r;
    loop {
        let mut grown = end;
        for &(r0, c0, r1, c1) in grid.merges() {
            // A merge across most of the table is a title above it, not a group heading.
            let span = (c1 - c0 + 1) as usize;
            if span >= 3 && span * 10 >= grid.width() * 6 {
                continue;
            }
            let (r0, r1) = (r0 as usize, r1 as usize);
            if r0 >= r && r0 <= end {
                if r1 > grown {
                    grown = r1;
                }
                // A horizontal merge is a group title: its parts sit on the next row.
                if c1 > c0 && r1 + 1 > grown && r1 < limit {
                    grown = r1 + 1;
                }
            }
        }
        if grown == end && end < limit && is_subheader_row(grid, end + 1) && has_gaps(grid, end) {
            grown = end + 1;
        }
        let grown = grown.min(limit);
        if grown == end {
            return end;
        }
        end = grown;
    }
}

/// A row whose cells continue merged regions from the row above is the lower part of a
/// header, never its start.
fn continues_merge_from_above(grid: &Grid, r: usize) -> bool {
    grid.merges()
        .iter()
        .any(|&(r0, _, r1, _)| (r0 as usize) < r && r <= r1 as usize)
}

fn is_numeric_row(grid: &Grid, r: usize) -> bool {
    let mut numbers = 0;
    let mut texts = 0;
    for c in 0..grid.width() {
        match grid.raw(r, c) {
            Cell::Number(_) | Cell::Date(_) => numbers += 1,
            Cell::Text(t) if !t.trim().is_empty() => {
                if matches!(super::text::parse_number(t), super::text::Number::Value(_)) {
                    numbers += 1;
                } else {
                    texts += 1;
                }
            }
            _ => {}
        }
    }
    numbers > texts
}

/// A row of text labels only (no numbers), as the second row of a flattened two-row header.
fn is_subheader_row(grid: &Grid, r: usize) -> bool {
    !grid.row_is_empty(r)
        && (0..grid.width()).all(|c| match grid.raw(r, c) {
            Cell::Number(_) | Cell::Date(_) | Cell::Bool(_) | Cell::Error(_) => false,
            Cell::Text(t) => !matches!(super::text::parse_number(t), super::text::Number::Value(_)),
            Cell::Empty => true,
        })
}

/// A header row with blanks between labels: the shape a group title leaves when merges were
/// flattened ("编制数,,实有人数,").
fn has_gaps(grid: &Grid, r: usize) -> bool {
    let filled: Vec<bool> = (0..grid.width()).map(|c| !grid.cell(r, c).is_empty()).collect();
    let last = filled.iter().rposition(|&f| f).unwrap_or(0);
    let first = filled.iter().position(|&f| f).unwrap_or(0);
    filled[first..=last].iter().any(|&f| !f)
}

/// Names of the columns for the header block rows `first..=last`.
fn names(grid: &Grid, first: usize, last: usize) -> Vec<String> {
    let width = grid.width();
    let mut parts: Vec<Vec<String>> = vec![Vec::new(); width];
    for r in first..=last {
        let mut carried = String::new();
        for (c, column_parts) in parts.iter_mut().enumerate() {
            let mut text = grid.cell(r, c).display().trim().to_owned();
            // Without merge information, an empty upper cell under a group title carries the
            // title to the right, as long as the row below names this column.
            if r < last && grid.merges().is_empty() {
                if text.is_empty() && !carried.is_empty() && !grid.cell(r + 1, c).is_empty() {
                    text = carried.clone();
                } else if !text.is_empty() {
                    carried = text.clone();
                }
            }
            if !text.is_empty() && column_parts.last() != Some(&text) {
                column_parts.push(text);
            }
        }
    }
    let mut names: Vec<String> = parts.into_iter().map(|p| p.join("/")).collect();
    while names.last().is_some_and(|n| n.is_empty()) {
        names.pop();
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid(rows: &[&[&str]]) -> Grid {
        Grid::from_records(rows.iter().map(|r| csv::StringRecord::from(r.to_vec())).collect())
    }

    #[test]
    fn title_rows_are_skipped() {
        let g = grid(&[
            &["××区机构编制情况表", "", ""],
            &["填报日期：2025年", "", ""],
            &["单位名称", "核定编制数", "实有人数"],
            &["区财政局", "12", "11"],
        ]);
        let h = detect(&g).unwrap();
        assert_eq!((h.first_row, h.last_row), (2, 2));
        assert_eq!(h.names, vec!["单位名称", "核定编制数", "实有人数"]);
    }

    #[test]
    fn flattened_two_row_header_is_joined() {
        let g = grid(&[
            &["单位名称", "编制数", "", "实有人数", ""],
            &["", "行政", "事业", "行政", "事业"],
            &["区财政局", "10", "2", "9", "2"],
        ]);
        let h = detect(&g).unwrap();
        assert_eq!((h.first_row, h.last_row), (0, 1));
        assert_eq!(
            h.names,
            vec![
                "单位名称",
                "编制数/行政",
                "编制数/事业",
                "实有人数/行政",
                "实有人数/事业"
            ]
        );
    }

    #[test]
    fn trailing_empty_columns_are_dropped() {
        let g = grid(&[&["单位名称", "核定编制数", "", ""], &["区财政局", "12", "", ""]]);
        assert_eq!(detect(&g).unwrap().names.len(), 2);
    }

    #[test]
    fn no_header_gives_none() {
        let g = grid(&[&["1", "2"], &["3", "4"]]);
        assert!(detect(&g).is_none());
    }
}
