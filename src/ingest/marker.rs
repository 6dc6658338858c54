//! The hidden sheet a survey template carries, so that a returned workbook is recognised
//! whatever it was renamed to: the template's version and year, and for each survey sheet the
//! unit it was made for (its name and a code derived from the name).

use super::grid::Grid;

/// The marker sheet's name. Sheets whose names start with it hold no data.
pub const SHEET: &str = "_satlas";
/// The first cell of a marker.
const MAGIC: &str = "satlas-survey-template";
/// The template format this build writes.
pub const VERSION: u32 = 1;

/// What a template says about itself.
#[derive(Debug, Clone, PartialEq)]
pub struct Marker {
    pub version: u32,
    /// The year the survey asks about.
    pub year: Option<i32>,
    /// Each survey sheet and the unit it was made for.
    pub sheets: Vec<MarkedSheet>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct MarkedSheet {
    pub sheet: String,
    pub unit: String,
    pub code: String,
}

impl Marker {
    /// The marker's cells, row by row, as a template writes them.
    pub fn rows(&self) -> Vec<Vec<String>> {
        let mut rows = vec![
            vec![
                MAGIC.to_owned(),
                self.version.to_string(),
                self.year.map(|y| y.to_string()).unwrap_or_default(),
            ],
            vec!["sheet".to_owned(), "unit".to_owned(), "code".to_owned()],
        ];
        rows.extend(
            self.sheets
                .iter()
                .map(|s| vec![s.sheet.clone(), s.unit.clone(), s.code.clone()]),
        );
        rows
    }

    /// The marker a grid holds, when its first cell says it is one.
    pub fn from_grid(grid: &Grid) -> Option<Marker> {
        let text = |r: usize, c: usize| grid.cell(r, c).display().trim().to_owned();
        if text(0, 0) != MAGIC {
            return None;
        }
        let sheets = (2..grid.height())
            .map(|r| MarkedSheet {
                sheet: text(r, 0),
                unit: text(r, 1),
                code: text(r, 2),
            })
            .filter(|s| !s.sheet.is_empty() && !s.unit.is_empty())
            .collect();
        Some(Marker {
            version: text(0, 1).parse().unwrap_or(0),
            year: text(0, 2).parse().ok(),
            sheets,
        })
    }

    /// The unit a sheet was made for.
    pub fn unit_of(&self, sheet: Option<&str>) -> Option<&MarkedSheet> {
        match sheet {
            Some(name) => self.sheets.iter().find(|s| s.sheet == name),
            None => self.sheets.first(),
        }
    }
}

/// The marker of a workbook's bytes, when it has one.
pub fn read_bytes(bytes: Vec<u8>) -> Option<Marker> {
    read_with_sheets(bytes).0
}

/// The marker of a workbook's bytes, when it has one, and the names of its sheets.
pub fn read_with_sheets(bytes: Vec<u8>) -> (Option<Marker>, Vec<String>) {
    // A csv or parquet table has no marker sheet: it is not read a second time to say so.
    if !super::source::may_have_sheets(&bytes) {
        return (None, Vec::new());
    }
    let Ok(mut src) = super::source::Source::open(bytes, "") else {
        return (None, Vec::new());
    };
    let sheets = src.sheet_names();
    if !sheets.iter().any(|s| s == SHEET) {
        return (None, sheets);
    }
    let marker = src.grid(Some(SHEET)).ok().and_then(|g| Marker::from_grid(&g));
    (marker, sheets)
}

/// Whether a sheet is the marker or a helper of the template (lists), never data.
pub fn is_template_sheet(name: &str) -> bool {
    name.starts_with(SHEET)
}

/// A short code for a unit, the same wherever its name is written alike: 8 hex digits of a
/// fixed hash of its cleaned name.
pub fn code(unit: &str) -> String {
    use std::hash::BuildHasher;
    let state = foldhash::fast::FixedState::with_seed(0x5a71_a500);
    format!("{:08x}", state.hash_one(super::text::clean_name(unit)) as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_unit_code_ignores_how_its_name_is_spaced() {
        assert_eq!(code("区 财政局"), code("区财政局"));
        assert_ne!(code("区财政局"), code("区司法局"));
        assert_eq!(code("区财政局").len(), 8);
    }
}
