//! Tasks and activities named otherwise: each survey task that meets no activity of its unit's
//! volumes, matched to an activity in one click, and the matches made, each undone in one. The
//! matches are parameters (`Params::activity_names`): saved with the project, and the survey is
//! compared with the standards activity by activity through them.

use crate::Lang;
use crate::analysis::triangulation::UnmatchedTask;
use crate::gui::i18n::{T, counted, tr};
use egui::RichText;
use std::collections::{BTreeMap, HashMap};

/// The most tasks listed at once, the most hours first.
const SHOWN: usize = 30;

#[derive(Debug, Clone, PartialEq)]
pub enum ActivityNameChange {
    /// Compare survey task `task` with activity `activity`.
    Match {
        task: String,
        activity: String,
    },
    Unmatch {
        task: String,
    },
}

/// The activity chosen for each task, before the click.
#[derive(Debug, Clone, Default)]
pub struct ActivityNamesView {
    chosen: HashMap<String, String>,
}

impl ActivityNamesView {
    /// Choose `activity` for `task`, as the drop-down does.
    pub fn choose(&mut self, task: &str, activity: &str) {
        self.chosen.insert(task.to_owned(), activity.to_owned());
    }

    /// Draw the panel when there is something to match or to undo.
    pub fn show(
        &mut self,
        ui: &mut egui::Ui,
        unmatched: &[UnmatchedTask],
        activities: &[String],
        matched: &BTreeMap<String, String>,
        lang: Lang,
    ) -> Option<ActivityNameChange> {
        if unmatched.is_empty() && matched.is_empty() {
            return None;
        }
        let mut change = None;
        ui.group(|ui| {
            ui.set_width(ui.available_width());
            ui.label(RichText::new(tr(T::TasksThatDiffer, lang)).heading());
            ui.label(RichText::new(tr(T::TasksThatDifferHint, lang)).weak());
            egui::Grid::new("activity_names_grid")
                .num_columns(4)
                .spacing([12.0, 6.0])
                .show(ui, |ui| {
                    for u in unmatched.iter().take(SHOWN) {
                        if let Some(c) = self.row(ui, u, activities, lang) {
                            change = Some(c);
                        }
                    }
                    for (task, activity) in matched {
                        ui.label(task.as_str());
                        ui.label("→");
                        ui.label(RichText::new(activity.as_str()).strong());
                        if ui.button(tr(T::UnmatchName, lang)).clicked() {
                            change = Some(ActivityNameChange::Unmatch { task: task.clone() });
                        }
                        ui.end_row();
                    }
                });
            if unmatched.len() > SHOWN {
                ui.label(RichText::new(counted(tr(T::MoreTasks, lang), unmatched.len() - SHOWN, lang)).weak());
            }
        });
        ui.add_space(8.0);
        change
    }

    /// One task: its name and hours, the activity to match, the button.
    fn row(
        &mut self,
        ui: &mut egui::Ui,
        u: &UnmatchedTask,
        activities: &[String],
        lang: Lang,
    ) -> Option<ActivityNameChange> {
        ui.label(RichText::new(&u.task).color(super::WARNING).strong());
        ui.label(format!(
            "{} h · {}",
            super::fmt_num(Some(u.hours), 0),
            counted(tr(T::Units, lang), u.units, lang)
        ));
        let chosen = self.chosen.entry(u.task.clone()).or_default();
        egui::ComboBox::from_id_salt(("activity_for", &u.task))
            .selected_text(if chosen.is_empty() {
                tr(T::ChooseActivity, lang)
            } else {
                chosen.as_str()
            })
            .width(220.0)
            .show_ui(ui, |ui| {
                // The activities of the task's own units: a match elsewhere would change nothing.
                let own = if u.activities.is_empty() {
                    activities
                } else {
                    &u.activities[..]
                };
                for name in own {
                    ui.selectable_value(chosen, name.clone(), name.as_str());
                }
            })
            .response
            .accessible_name(format!("{} → {}", u.task, tr(T::ChooseActivity, lang)));
        let clicked = ui
            .add_enabled(!chosen.is_empty(), egui::Button::new(tr(T::MatchName, lang)))
            .accessible_name(format!("{} {}", tr(T::MatchName, lang), u.task))
            .clicked();
        ui.end_row();
        clicked.then(|| ActivityNameChange::Match {
            task: u.task.clone(),
            activity: chosen.clone(),
        })
    }
}
