//! Where a survey row came from, for a finding about it: its own file and sheet when the
//! survey was read from a folder of returns, else the survey's file; at its spreadsheet row.

use super::Rows;
use crate::findings::Location;
use crate::model::col;
use polars::prelude::*;

/// The place of row `i` of a table of survey rows (with `source_row`, and `source_file` and
/// `source_sheet` when from a folder); `here` is the survey's file.
pub(super) fn row_at(rows: &Rows, i: usize, here: &Location) -> Location {
    let row = rows.u32(col::SOURCE_ROW, i).unwrap_or(0);
    match file_of(rows, i) {
        Some(at) => at.with_row(row),
        None => here.clone().with_row(row),
    }
}

/// The file and sheet row `i` came from, when the table names them (a folder of returns).
pub(super) fn file_of(rows: &Rows, i: usize) -> Option<Location> {
    if !rows.has(col::SOURCE_FILE) {
        return None;
    }
    let file = rows.str(col::SOURCE_FILE, i)?;
    let sheet = if rows.has(col::SOURCE_SHEET) {
        rows.str(col::SOURCE_SHEET, i).filter(|s| !s.is_empty())
    } else {
        None
    };
    Some(Location::file(file).with_sheet(sheet))
}

/// `exprs`, and the columns that name a row's file and sheet when `frame` has them.
pub(super) fn with_source(frame: &DataFrame, mut exprs: Vec<Expr>) -> Vec<Expr> {
    for c in [col::SOURCE_FILE, col::SOURCE_SHEET] {
        if frame.column(c).is_ok() {
            exprs.push(col(c));
        }
    }
    exprs
}

/// `aggs`, and the first row's file and sheet of each group when `frame` has them.
pub(super) fn with_first_source(frame: &DataFrame, mut aggs: Vec<Expr>) -> Vec<Expr> {
    for c in [col::SOURCE_FILE, col::SOURCE_SHEET] {
        if frame.column(c).is_ok() {
            aggs.push(col(c).first().alias(c));
        }
    }
    aggs
}
