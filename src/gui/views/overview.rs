//! The overview: the district's key figures (from `analysis.summary`) and the units that
//! cross a red line, each clickable to its row in the units table.

use super::{fmt_num, fmt_percent};
use crate::Lang;
use crate::analysis::Rows;
use crate::gui::i18n::{T, counted, tr};
use crate::model::{Flag, col};
use egui::RichText;

/// Whether a flag code is a red line or a candidate for recovery.
fn red_line(code: &str) -> bool {
    Flag::from_code(code).is_some_and(|f| Flag::RED_LINES.contains(&f))
}

/// The summary as (label, formatted value), in the engine's order.
pub fn figures(summary: &polars::prelude::DataFrame, lang: Lang) -> Vec<(String, String)> {
    let Ok(r) = Rows::new(summary) else { return Vec::new() };
    (0..r.height())
        .filter_map(|i| {
            let code = r.str(col::METRIC, i)?;
            let value = r.f64(col::VALUE, i);
            if code == col::YEAR && value.is_none() {
                return None;
            }
            let text = match code {
                col::YEAR => value.map(|v| format!("{v:.0}")).unwrap_or_default(),
                col::VACANCY_RATE => fmt_percent(value),
                col::SATURATION | col::SATURATION_REPORTED | col::QUOTA_SATURATION => fmt_num(value, 2),
                _ => fmt_num(value, 1),
            };
            Some((crate::report::metric_label(code, lang), text))
        })
        .collect()
}

/// Draw the overview from the district summary and the units' rows; returns the unit clicked
/// in the red-line list.
pub fn show(
    ui: &mut egui::Ui,
    summary: &polars::prelude::DataFrame,
    units: &super::units::UnitTable,
    lang: Lang,
) -> Option<String> {
    let mut clicked = None;
    let figures = figures(summary, lang);
    let red: Vec<&super::units::UnitRow> = units.rows.iter().filter(|r| r.flags.split(';').any(red_line)).collect();
    ui.columns(2, |cols| {
        let ui = &mut cols[0];
        ui.heading(tr(T::SummaryFigures, lang));
        ui.add_space(6.0);
        egui::ScrollArea::vertical().id_salt("overview_figures").show(ui, |ui| {
            egui::Grid::new("overview_grid")
                .num_columns(2)
                .striped(true)
                .spacing([24.0, 8.0])
                .min_col_width(120.0)
                .show(ui, |ui| {
                    for (label, value) in &figures {
                        ui.label(label);
                        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                            // Keep the numbers clear of the scroll bar.
                            ui.add_space(18.0);
                            ui.label(RichText::new(value).strong());
                        });
                        ui.end_row();
                    }
                });
        });

        let ui = &mut cols[1];
        ui.heading(counted(tr(T::RedLines, lang), red.len(), lang));
        ui.add_space(6.0);
        if red.is_empty() {
            ui.label(tr(T::NoRedLines, lang));
        }
        egui::ScrollArea::vertical().id_salt("overview_red").show(ui, |ui| {
            for r in red {
                ui.horizontal(|ui| {
                    let labels: Vec<&str> = r
                        .flags
                        .split(';')
                        .filter(|f| red_line(f))
                        .map(|f| crate::i18n::flag(f, lang))
                        .collect();
                    ui.label(RichText::new(labels.join(" · ")).color(super::ERROR).strong());
                    if ui.link(r.unit.as_str()).clicked() {
                        clicked = Some(r.unit.clone());
                    }
                    ui.label(RichText::new(r.department.as_str()).weak());
                });
            }
        });
    });
    clicked
}
