//! The returns of a survey round, when the survey was read from a folder: how many units
//! returned, and the list to chase — units that returned nothing, an empty form, or left people
//! of the roster out. Read from the analysis's 回收情况 table.

use crate::analysis::Rows;
use crate::gui::i18n::{T, tr};
use crate::model::{Lang, ReturnStatus, col};
use egui::RichText;
use egui_extras::{Column, TableBuilder};

/// One unit to chase.
#[derive(Debug, Clone)]
pub struct ChaseRow {
    pub unit: String,
    pub department: String,
    pub status: ReturnStatus,
    pub missing_people: String,
}

/// The returns read for drawing.
#[derive(Debug, Clone, Default)]
pub struct ReturnsData {
    pub asked: usize,
    /// Units per status, in [`ReturnStatus::ALL`] order.
    pub counts: Vec<(ReturnStatus, usize)>,
    pub chase: Vec<ChaseRow>,
}

impl ReturnsData {
    /// The returns of `analysis`, when its survey was a folder.
    pub fn read(analysis: &crate::analysis::Analysis) -> Option<ReturnsData> {
        let table = analysis.returns.as_ref()?;
        let r = Rows::new(table).ok()?;
        let mut data = ReturnsData {
            asked: r.height(),
            ..Default::default()
        };
        let mut counts = [0usize; ReturnStatus::ALL.len()];
        for i in 0..r.height() {
            let Some(status) = r.str(col::RETURN_STATUS, i).and_then(ReturnStatus::from_code) else {
                continue;
            };
            counts[ReturnStatus::ALL.iter().position(|s| *s == status).unwrap_or(0)] += 1;
            if status.to_chase() {
                data.chase.push(ChaseRow {
                    unit: r.str(col::UNIT, i).unwrap_or("").to_owned(),
                    department: r.str(col::DEPARTMENT, i).unwrap_or("").to_owned(),
                    status,
                    // A unit whose form another unit filled in says so where its people would be.
                    missing_people: r
                        .str(col::PEOPLE_MISSING, i)
                        .or_else(|| r.str(col::RETURN_NOTE, i))
                        .unwrap_or("")
                        .to_owned(),
                });
            }
        }
        data.counts = ReturnStatus::ALL.into_iter().zip(counts).collect();
        Some(data)
    }

    pub fn returned(&self) -> usize {
        self.counts
            .iter()
            .filter(|(s, _)| matches!(s, ReturnStatus::Returned | ReturnStatus::Partial))
            .map(|(_, n)| n)
            .sum()
    }

    /// "已回收 60 / 66；未回收 4，空表 1，部分人员未填 1".
    pub fn line(&self, lang: Lang) -> String {
        let mut text = format!(
            "{} {} / {}",
            ReturnStatus::Returned.label(lang),
            self.returned(),
            self.asked
        );
        let others: Vec<String> = self
            .counts
            .iter()
            .filter(|(s, n)| s.to_chase() && *n > 0)
            .map(|(s, n)| format!("{} {n}", s.label(lang)))
            .collect();
        if !others.is_empty() {
            text.push_str(lang.pick("；", "; "));
            text.push_str(&others.join(lang.pick("，", ", ")));
        }
        text
    }
}

fn status_color(s: ReturnStatus) -> egui::Color32 {
    match s {
        ReturnStatus::Missing | ReturnStatus::Unusable | ReturnStatus::Empty => super::ERROR,
        ReturnStatus::Partial => super::WARNING,
        ReturnStatus::Returned => super::DONE,
    }
}

/// The counts and the list to chase.
pub fn show(ui: &mut egui::Ui, data: &ReturnsData, lang: Lang) {
    ui.group(|ui| {
        ui.set_width(ui.available_width());
        ui.heading(tr(T::ReturnsHeading, lang));
        ui.label(RichText::new(data.line(lang)).strong());
        if data.chase.is_empty() {
            ui.label(RichText::new(tr(T::AllReturned, lang)).color(super::DONE));
            return;
        }
        ui.label(RichText::new(tr(T::ToChase, lang)).weak());
        let h = ui.text_style_height(&egui::TextStyle::Body) + 6.0;
        let shown = data.chase.len().min(12) as f32;
        TableBuilder::new(ui)
            .id_salt("returns_chase")
            .striped(true)
            .max_scroll_height(h * shown + h)
            .column(Column::initial(220.0).resizable(true).clip(true))
            .column(Column::initial(140.0).clip(true))
            .column(Column::initial(110.0))
            .column(Column::remainder().clip(true))
            .header(h, |mut header| {
                for t in [
                    crate::i18n::column(col::UNIT, lang),
                    crate::i18n::column(col::DEPARTMENT, lang),
                    crate::i18n::column(col::RETURN_STATUS, lang),
                    crate::i18n::column(col::PEOPLE_MISSING, lang),
                ] {
                    header.col(|ui| {
                        ui.label(RichText::new(t).strong());
                    });
                }
            })
            .body(|body| {
                body.rows(h, data.chase.len(), |mut row| {
                    let r = &data.chase[row.index()];
                    row.col(|ui| {
                        ui.label(&r.unit);
                    });
                    row.col(|ui| {
                        ui.label(&r.department);
                    });
                    row.col(|ui| {
                        ui.label(RichText::new(r.status.label(lang)).color(status_color(r.status)));
                    });
                    row.col(|ui| {
                        ui.label(&r.missing_people);
                    });
                });
            });
    });
}
