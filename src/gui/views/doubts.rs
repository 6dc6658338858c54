//! The lines over every view while a field of an input was read on a guess, or some figures
//! are unknown.

use crate::Lang;
use crate::gui::i18n::{T, tr};
use crate::ingest::Field;

/// One line over every view while a field was read on a guess; true when the person asks to
/// see the mapping.
pub fn banner(ui: &mut egui::Ui, doubts: &[(String, Field)], lang: Lang) -> bool {
    let list: Vec<String> = doubts
        .iter()
        .map(|(file, f)| format!("{file} · {}", f.label(lang)))
        .collect();
    let text = match lang {
        Lang::Zh => format!("以下字段的读取把握较低，相关数字可能有误，请核实：{}", list.join("；")),
        Lang::En => format!(
            "These fields were read with low confidence; the figures that use them may be wrong, please check: {}",
            list.join("; ")
        ),
    };
    ui.horizontal_wrapped(|ui| {
        ui.colored_label(super::ERROR, text);
        ui.button(tr(T::CheckMapping, lang)).clicked()
    })
    .inner
}

/// One line per kind of figure nobody gave (staff, quota, workload), naming the units: their
/// figures show as unknown, and the person should know why.
pub fn unknowns(ui: &mut egui::Ui, findings: &[crate::findings::Finding], lang: Lang) {
    for f in findings {
        ui.colored_label(super::WARNING, f.message(lang));
    }
}
