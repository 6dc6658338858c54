//! The findings: every error, warning and note, each naming its file, sheet, row and column.

use crate::Lang;
use crate::findings::{Finding, Severity};
use crate::gui::i18n::{T, counted, labelled, tr};
use egui::{Color32, RichText};
use egui_extras::{Column, TableBuilder};

pub fn severity_color(s: Severity) -> Color32 {
    match s {
        Severity::Error => super::ERROR,
        Severity::Warning => super::WARNING,
        Severity::Info => Color32::from_gray(90),
    }
}

pub fn show(ui: &mut egui::Ui, findings: &[Finding], lang: Lang) {
    let count = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
    let counts = format!(
        "{} / {} / {}",
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info)
    );
    ui.heading(counted(
        tr(T::Findings, lang),
        labelled(tr(T::ErrorsWarnings, lang), counts, lang),
        lang,
    ));
    if findings.is_empty() {
        ui.label(tr(T::NoFindings, lang));
        return;
    }
    let row_height = ui.text_style_height(&egui::TextStyle::Body) + 6.0;
    TableBuilder::new(ui)
        .id_salt("findings_table")
        .striped(true)
        .resizable(true)
        .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
        .column(Column::initial(70.0))
        .column(Column::initial(160.0).clip(true))
        .column(Column::initial(120.0).clip(true))
        .column(Column::initial(60.0))
        .column(Column::initial(140.0).clip(true))
        .column(Column::remainder().clip(true))
        .header(row_height, |mut h| {
            for t in [T::Severity, T::File, T::Sheet, T::Row, T::Column, T::Message] {
                h.col(|ui| {
                    ui.label(RichText::new(tr(t, lang)).strong());
                });
            }
        })
        .body(|body| {
            body.rows(row_height, findings.len(), |mut row| {
                let f = &findings[row.index()];
                let loc = &f.location;
                row.col(|ui| {
                    ui.label(RichText::new(f.severity.label(lang)).color(severity_color(f.severity)));
                });
                row.col(|ui| {
                    ui.label(loc.file.as_str());
                });
                row.col(|ui| {
                    ui.label(loc.sheet.as_deref().unwrap_or("—"));
                });
                row.col(|ui| {
                    super::number_cell(ui, loc.row.map(|r| r.to_string()).unwrap_or_else(|| "—".into()));
                });
                row.col(|ui| {
                    ui.label(loc.column.as_deref().unwrap_or("—"));
                });
                row.col(|ui| {
                    ui.label(f.message(lang)).on_hover_text(f.message(lang));
                });
            });
        });
}
