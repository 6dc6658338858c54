//! Names that differ: each survey unit the staffing table lacks, with the staffing unit it most
//! likely means, matched by hand in one click; and the matches made, each one undone in one.
//! A match is saved with the project (the survey file's options).

use crate::Lang;
use crate::analysis::Unmatched;
use crate::gui::i18n::{T, tr};
use egui::RichText;
use std::collections::{BTreeMap, HashMap};

/// What the person asked for.
#[derive(Debug, Clone, PartialEq)]
pub enum NameChange {
    /// Count survey unit `from` as staffing unit `to`.
    Match {
        from: String,
        to: String,
    },
    Unmatch {
        from: String,
    },
}

/// The staffing unit chosen for each unmatched name, before the click.
#[derive(Debug, Clone, Default)]
pub struct NamesView {
    chosen: HashMap<String, String>,
}

impl NamesView {
    /// Draw the panel when there is something to match or to undo.
    pub fn show(
        &mut self,
        ui: &mut egui::Ui,
        unmatched: &[Unmatched],
        staffing_units: &[String],
        aliases: &BTreeMap<String, String>,
        lang: Lang,
    ) -> Option<NameChange> {
        if unmatched.is_empty() && aliases.is_empty() {
            return None;
        }
        let mut change = None;
        ui.group(|ui| {
            ui.set_width(ui.available_width());
            ui.label(RichText::new(tr(T::NamesThatDiffer, lang)).heading());
            ui.label(RichText::new(tr(T::NamesHint, lang)).weak());
            egui::Grid::new("names_grid")
                .num_columns(4)
                .spacing([12.0, 6.0])
                .show(ui, |ui| {
                    for u in unmatched {
                        ui.label(RichText::new(&u.unit).color(super::WARNING).strong());
                        ui.label(crate::gui::i18n::counted(tr(T::Tasks, lang), u.tasks, lang));
                        let chosen = self
                            .chosen
                            .entry(u.unit.clone())
                            .or_insert_with(|| u.closest.clone().unwrap_or_default());
                        egui::ComboBox::from_id_salt(("alias_to", &u.unit))
                            .selected_text(if chosen.is_empty() {
                                tr(T::ChooseUnit, lang)
                            } else {
                                chosen.as_str()
                            })
                            .width(220.0)
                            .show_ui(ui, |ui| {
                                for name in staffing_units {
                                    ui.selectable_value(chosen, name.clone(), name.as_str());
                                }
                            })
                            .response
                            .accessible_name(format!("{} → {}", u.unit, tr(T::ChooseUnit, lang)));
                        let ready = !chosen.is_empty();
                        if ui
                            .add_enabled(ready, egui::Button::new(tr(T::MatchName, lang)))
                            .clicked()
                        {
                            change = Some(NameChange::Match {
                                from: u.unit.clone(),
                                to: chosen.clone(),
                            });
                        }
                        ui.end_row();
                    }
                    for (from, to) in aliases {
                        ui.label(from.as_str());
                        ui.label("→");
                        ui.label(RichText::new(to.as_str()).strong());
                        if ui.button(tr(T::UnmatchName, lang)).clicked() {
                            change = Some(NameChange::Unmatch { from: from.clone() });
                        }
                        ui.end_row();
                    }
                });
        });
        ui.add_space(8.0);
        change
    }
}
