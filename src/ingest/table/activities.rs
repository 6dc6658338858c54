//! The two tables of the standards method: activity standards (one row per activity, its
//! standard time per item) and annual volumes (one row per unit and activity, its count).
//! Whether a standard or a volume can be used is judged by the analysis, which names the row;
//! here each is read as filed, hours from minutes where the header or the cell says minutes.

use super::{Builder, cached_name};
use crate::ingest::mapping::Field;
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
            // Hours and minutes, when a form asks for both.
            let hours = self.hours_at(r, Field::HoursEach, 1.0);
            let minutes = self.hours_at(r, Field::MinutesEach, 1.0 / 60.0);
            standard.push(match (hours, minutes) {
                (Some(h), Some(m)) => Some(h + m),
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
            year.push(self.year(r));
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
