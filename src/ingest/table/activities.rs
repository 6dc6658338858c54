//! The two tables of the standards method: activity standards (one row per activity, its
//! standard time per item) and annual volumes (one row per unit and activity, its count).
//! Whether a standard or a volume can be used is judged by the analysis, which names the row;
//! here each is read as filed, hours from minutes where the header or the cell says minutes.

use super::{Builder, cached_name};
use crate::findings::{Finding, Location};
use crate::ingest::TableKind;
use crate::ingest::mapping::{Field, Mapping, best_field};
use crate::model::col;
use polars::prelude::*;

impl Builder<'_> {
    pub(super) fn standards(&mut self, rows: &[usize]) -> PolarsResult<DataFrame> {
        let n = rows.len();
        let mut activity = StringChunkedBuilder::new(col::ACTIVITY.into(), n);
        let mut quota_type = StringChunkedBuilder::new(col::QUOTA_TYPE.into(), n);
        let mut category = StringChunkedBuilder::new(col::CATEGORY.into(), n);
        let mut note = StringChunkedBuilder::new(col::SOURCE_NOTE.into(), n);
        let mut standard = Vec::with_capacity(n);
        let mut src = Vec::with_capacity(n);
        for &r in rows {
            activity.append_option(self.text_ref(r, Field::Task));
            quota_type.append_option(self.text_ref(r, Field::QuotaType));
            category.append_option(self.text_ref(r, Field::Category));
            note.append_option(self.text_ref(r, Field::SourceNote));
            // Hours and minutes, when a form asks for both; else the rate of working's inverse
            // (a rate of 0 gives a standard of 0, which the analysis refuses with the row).
            let hours = self.hours_at(r, Field::HoursEach, 1.0);
            let minutes = self.hours_at(r, Field::MinutesEach, 1.0 / 60.0);
            standard.push(match (hours, minutes) {
                (Some(h), Some(m)) => Some(h + m),
                (None, None) => self
                    .amount(r, Field::RatePerHour)
                    .map(|rate| if rate > 0.0 { 1.0 / rate } else { 0.0 }),
                (h, m) => h.or(m),
            });
            src.push(r as u32 + 1);
        }
        DataFrame::new(
            n,
            vec![
                activity.finish().into_column(),
                Column::new(col::STANDARD_HOURS.into(), standard),
                quota_type.finish().into_column(),
                category.finish().into_column(),
                note.finish().into_column(),
                Column::new(col::SOURCE_ROW.into(), src),
            ],
        )
    }

    pub(super) fn volumes(&mut self, rows: &[usize]) -> PolarsResult<DataFrame> {
        let n = rows.len();
        let mut unit = StringChunkedBuilder::new(col::UNIT.into(), n);
        let mut dept = StringChunkedBuilder::new(col::DEPARTMENT.into(), n);
        let mut activity = StringChunkedBuilder::new(col::ACTIVITY.into(), n);
        let mut volume = Vec::with_capacity(n);
        let mut year = Vec::with_capacity(n);
        let mut src = Vec::with_capacity(n);
        let volume_col = self.mapping.volume_column();
        // A table without a year column may name the year in the volume's header (2023年业务量).
        let header_year = if self.mapping.has(Field::Year) {
            None
        } else {
            volume_col
                .and_then(|c| self.headers.get(c))
                .and_then(|h| year_in_header(h))
        };
        // Rows come grouped by unit: reuse the last cleaned name.
        let mut last_unit: (String, Option<String>) = (String::new(), None);
        let mut last_dept: (String, Option<String>) = (String::new(), None);
        for &r in rows {
            unit.append_option(cached_name(&mut last_unit, self.text_ref(r, Field::Unit)));
            dept.append_option(cached_name(&mut last_dept, self.text_ref(r, Field::Department)));
            activity.append_option(self.text_ref(r, Field::Task));
            // Read as filed, negative included: the analysis says why a volume cannot be used.
            volume.push(volume_col.and_then(|c| {
                if self.merged_copy(r, c) {
                    None
                } else {
                    self.number_at(r, c)
                }
            }));
            year.push(self.year(r).or(header_year));
            src.push(r as u32 + 1);
        }
        DataFrame::new(
            n,
            vec![
                unit.finish().into_column(),
                dept.finish().into_column(),
                activity.finish().into_column(),
                Column::new(col::VOLUME.into(), volume),
                Column::new(col::YEAR.into(), year),
                Column::new(col::SOURCE_ROW.into(), src),
            ],
        )
    }
}

/// A year written in a header (2023年业务量, 办件量（2024）): four digits from 1990 to 2100.
pub fn year_in_header(header: &str) -> Option<i32> {
    let digits: Vec<char> = header.chars().collect();
    digits.windows(4).enumerate().find_map(|(i, w)| {
        let alone = |j: Option<&char>| !j.is_some_and(char::is_ascii_digit);
        let four: String = w.iter().collect();
        let year: i32 = four.parse().ok()?;
        ((1990..=2100).contains(&year)
            && alone(i.checked_sub(1).and_then(|k| digits.get(k)))
            && alone(digits.get(i + 4)))
        .then_some(year)
    })
}

/// A volumes table with a column per year (2023年业务量, 2024年业务量) is read one year only:
/// the year in the used column's header is said, and every other year's column left unread is
/// a warning, so that no year's figures are missing unsaid.
pub fn year_columns(kind: TableKind, mapping: &Mapping, headers: &[String], at: &Location) -> Vec<Finding> {
    let Some(used) = mapping
        .volume_column()
        .filter(|_| kind == TableKind::Volumes && !mapping.has(Field::Year))
    else {
        return Vec::new();
    };
    let Some(year) = headers.get(used).and_then(|h| year_in_header(h)) else {
        return Vec::new();
    };
    let mapped: Vec<usize> = mapping.fields.values().flatten().copied().collect();
    let unread: Vec<&String> = headers
        .iter()
        .enumerate()
        .filter(|(c, h)| !mapped.contains(c) && year_in_header(h).is_some_and(|y| y != year))
        .filter(|(_, h)| matches!(best_field(h), Some((Field::Volume | Field::Frequency, _))))
        .map(|(_, h)| h)
        .collect();
    let mut said = vec![Finding::info(
        "volumes_year",
        at.clone(),
        format!("表中没有年度列，业务量按列名“{}”计为 {year} 年。", headers[used]),
        format!(
            "The table has no year column: the volumes are read as {year}'s, from the header '{}'.",
            headers[used]
        ),
    )];
    if !unread.is_empty() {
        let names: Vec<&str> = unread.iter().map(|h| h.as_str()).collect();
        said.push(Finding::warning(
            "volumes_year",
            at.clone(),
            format!(
                "只读取了 {year} 年的业务量，以下各年度的列未读取：{}。请把各年度分行填写（加“年度”列），或分别读取。",
                names.join("、")
            ),
            format!(
                "Only the volumes of {year} are read; these columns of other years are not: {}. Put each year on its own rows (with a year column), or read them one at a time.",
                names.join(", ")
            ),
        ));
    }
    said
}
