//! The findings: every error, warning and note, each naming its file, sheet, row, column and,
//! for one year's data, its year. Errors first; filters by severity, file and kind.

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

/// What the findings view remembers: its filters.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FindingsView {
    pub severity: Option<Severity>,
    pub file: Option<String>,
    /// A finding code.
    pub kind: Option<String>,
}

impl FindingsView {
    /// The findings shown, errors first, then warnings, then notes, each in the order found.
    pub fn visible<'f>(&self, findings: &'f [Finding]) -> Vec<&'f Finding> {
        let mut shown: Vec<&Finding> = findings
            .iter()
            .filter(|f| {
                self.severity.is_none_or(|s| f.severity == s)
                    && self.file.as_ref().is_none_or(|x| &f.location.file == x)
                    && self.kind.as_ref().is_none_or(|k| &f.code == k)
            })
            .collect();
        shown.sort_by_key(|f| f.severity);
        shown
    }

    /// The places in `findings` of the findings shown, in the order shown.
    pub fn visible_indices(&self, findings: &[Finding]) -> Vec<usize> {
        self.visible(findings)
            .into_iter()
            .filter_map(|f| findings.iter().position(|g| std::ptr::eq(f, g)))
            .collect()
    }

    pub fn show(&mut self, ui: &mut egui::Ui, findings: &[Finding], lang: Lang) {
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
        self.drop_stale_filters(findings);
        self.filters(ui, findings, lang);
        let shown = self.visible(findings);
        ui.label(labelled(tr(T::FindingsShown, lang), shown.len(), lang));
        table(ui, &shown, lang);
    }

    /// A filter whose value none of the findings has any more (a new read) is dropped, so it
    /// cannot hide the new errors.
    fn drop_stale_filters(&mut self, findings: &[Finding]) {
        if self.severity.is_some_and(|s| findings.iter().all(|f| f.severity != s)) {
            self.severity = None;
        }
        if self
            .file
            .as_ref()
            .is_some_and(|x| findings.iter().all(|f| &f.location.file != x))
        {
            self.file = None;
        }
        if self
            .kind
            .as_ref()
            .is_some_and(|k| findings.iter().all(|f| &f.code != k))
        {
            self.kind = None;
        }
    }

    fn filters(&mut self, ui: &mut egui::Ui, findings: &[Finding], lang: Lang) {
        ui.horizontal_wrapped(|ui| {
            let all = |name: T| format!("{}{}", tr(T::AllOf, lang), tr(name, lang));
            let severities = [Severity::Error, Severity::Warning, Severity::Info];
            let label = |s: &Severity| s.label(lang).to_owned();
            combo(
                ui,
                "findings_severity",
                &all(T::Severity),
                &mut self.severity,
                &severities,
                label,
            );
            let files = distinct(findings.iter().map(|f| f.location.file.clone()));
            combo(ui, "findings_file", &all(T::File), &mut self.file, &files, |f| {
                f.clone()
            });
            let kinds = distinct(findings.iter().map(|f| f.code.clone()));
            let kind = |code: &String| crate::findings::kind_label(code, lang).to_owned();
            combo(ui, "findings_kind", &all(T::Kind), &mut self.kind, &kinds, kind);
        });
    }
}

/// The values in first-seen order, each once.
fn distinct(values: impl Iterator<Item = String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for v in values {
        if !out.contains(&v) {
            out.push(v);
        }
    }
    out
}

fn combo<V: Clone + PartialEq>(
    ui: &mut egui::Ui,
    id: &str,
    all: &str,
    chosen: &mut Option<V>,
    values: &[V],
    label: impl Fn(&V) -> String,
) {
    egui::ComboBox::from_id_salt(id)
        .selected_text(chosen.as_ref().map(&label).unwrap_or_else(|| all.to_owned()))
        .width(180.0)
        .show_ui(ui, |ui| {
            ui.selectable_value(chosen, None, all);
            for v in values {
                ui.selectable_value(chosen, Some(v.clone()), label(v));
            }
        })
        .response
        .accessible_name(all);
}

fn table(ui: &mut egui::Ui, shown: &[&Finding], lang: Lang) {
    let row_height = ui.text_style_height(&egui::TextStyle::Body) + 6.0;
    TableBuilder::new(ui)
        .id_salt("findings_table")
        .striped(true)
        .resizable(true)
        .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
        .column(Column::initial(60.0))
        .column(Column::initial(130.0).clip(true))
        .column(Column::initial(110.0).clip(true))
        .column(Column::initial(50.0))
        .column(Column::initial(120.0).clip(true))
        .column(Column::initial(50.0))
        .column(Column::remainder().clip(true))
        .header(row_height, |mut h| {
            for t in [T::Severity, T::File, T::Sheet, T::Row, T::Column, T::Year, T::Message] {
                h.col(|ui| {
                    ui.label(RichText::new(tr(t, lang)).strong());
                });
            }
        })
        .body(|body| {
            body.rows(row_height, shown.len(), |mut row| {
                let f = shown[row.index()];
                let loc = &f.location;
                let dash = || "—".to_owned();
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
                    super::number_cell(ui, loc.row.map(|r| r.to_string()).unwrap_or_else(dash));
                });
                row.col(|ui| {
                    ui.label(loc.column.as_deref().unwrap_or("—"));
                });
                row.col(|ui| {
                    super::number_cell(ui, f.year.map(|y| y.to_string()).unwrap_or_else(dash));
                });
                row.col(|ui| {
                    let kind = f.kind(lang);
                    ui.label(f.message(lang))
                        .on_hover_text(format!("{kind}\n{}", f.message(lang)));
                });
            });
        });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::findings::Location;

    #[test]
    fn errors_come_first_and_filters_combine() {
        let f = |s, code: &str, file: &str| Finding::new(s, code, Location::file(file), "", "");
        let all = [
            f(Severity::Info, "header_found", "a.xlsx"),
            f(Severity::Warning, "over_hours", "b.xlsx"),
            f(Severity::Error, "not_a_number", "a.xlsx"),
            f(Severity::Warning, "over_hours", "a.xlsx"),
        ];
        let mut view = FindingsView::default();
        let order: Vec<Severity> = view.visible(&all).iter().map(|f| f.severity).collect();
        assert_eq!(
            order,
            [Severity::Error, Severity::Warning, Severity::Warning, Severity::Info]
        );
        view.kind = Some("over_hours".into());
        view.file = Some("a.xlsx".into());
        let shown = view.visible(&all);
        assert_eq!(shown.len(), 1);
        assert_eq!(shown[0].location.file, "a.xlsx");
    }
}
