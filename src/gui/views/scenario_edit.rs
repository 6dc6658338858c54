//! One scenario edited: its name, its rules, and its changes to the work — tasks moved between
//! units (职能划转), growth by a factor, new duties — each row's names picked from those the
//! data has, so a change can only name what exists.

use super::scenario_tables::ScenarioTables;
use super::{percent_value, settled};
use crate::gui::i18n::{T, tr};
use crate::model::{Lang, WorkloadMethod};
use crate::scenario::{Change, Scenario, ScenarioError};
use egui::{ComboBox, DragValue, RichText};

/// Draw the editor of `scenario` (laid over `base`); true when it changed (and editing
/// settled). An edit a scenario file cannot say, or that the engine would refuse, is undone
/// and is the error.
pub fn edit(
    ui: &mut egui::Ui,
    tables: &ScenarioTables,
    scenario: &mut Scenario,
    base: &crate::Params,
    lang: Lang,
) -> Result<bool, ScenarioError> {
    let before = scenario.clone();
    let mut changed = false;
    let mut rules_changed = false;
    ui.horizontal(|ui| {
        ui.label(tr(T::ScenarioName, lang));
        let r = ui.add(egui::TextEdit::singleline(&mut scenario.name).desired_width(240.0));
        changed |= r.lost_focus() && !scenario.name.trim().is_empty();
    });
    egui::CollapsingHeader::new(RichText::new(tr(T::ScenarioRules, lang)).strong())
        .id_salt("scenario_rules")
        .show(ui, |ui| {
            ComboBox::from_label(tr(T::WorkloadMethodLabel, lang))
                .selected_text(scenario.params.method.label(lang))
                .show_ui(ui, |ui| {
                    for m in WorkloadMethod::ALL {
                        rules_changed |= ui
                            .selectable_value(&mut scenario.params.method, m, m.label(lang))
                            .changed();
                    }
                });
            rules_changed |= super::plan::method_and_bounds(ui, &mut scenario.params.plan, lang);
        });
    if rules_changed {
        let edited = scenario.params.clone();
        if let Err(e) = crate::scenario::set_params(scenario, edited, base) {
            *scenario = before;
            return Err(e);
        }
        changed = true;
    }
    if !scenario.projection.years.is_empty() {
        let years: Vec<String> = scenario.projection.years.iter().map(i32::to_string).collect();
        ui.label(format!(
            "{}{}",
            tr(T::ProjectsYears, lang),
            years.join(lang.pick("、", ", "))
        ));
    }
    ui.add_space(6.0);
    changed |= moves(ui, tables, &mut scenario.changes, lang);
    ui.add_space(6.0);
    changed |= grows(ui, tables, &mut scenario.changes, lang);
    ui.add_space(6.0);
    changed |= adds(ui, tables, &mut scenario.changes, lang);
    if changed {
        settle(&mut scenario.changes, &scenario.params);
        // What the engine would refuse is refused here, before it is computed.
        if let Err(e) = crate::scenario::check(scenario, &scenario.name) {
            *scenario = before;
            return Err(e);
        }
    }
    Ok(changed)
}

/// A picker of one of `names`; true when another was picked.
fn pick(
    ui: &mut egui::Ui,
    id: impl std::hash::Hash + std::fmt::Debug,
    value: &mut String,
    names: &[String],
    width: f32,
) -> bool {
    let mut changed = false;
    ComboBox::from_id_salt(id)
        .width(width)
        .selected_text(value.as_str())
        .show_ui(ui, |ui| {
            for n in names {
                if ui.selectable_label(value == n, n).clicked() && value != n {
                    value.clone_from(n);
                    changed = true;
                }
            }
        });
    changed
}

/// The tasks moved between units: task, from, to, share; a row added, a row removed.
fn moves(ui: &mut egui::Ui, tables: &ScenarioTables, changes: &mut Vec<Change>, lang: Lang) -> bool {
    let mut changed = false;
    ui.label(RichText::new(tr(T::MovesHeading, lang)).strong());
    let mut remove = None;
    let donors: Vec<String> = tables.names.tasks.keys().cloned().collect();
    egui::Grid::new("scenario_moves").striped(true).show(ui, |ui| {
        for t in [T::Task, T::FromUnit, T::ToUnit, T::Share] {
            ui.label(RichText::new(tr(t, lang)).weak());
        }
        ui.end_row();
        for (i, c) in changes.iter_mut().enumerate() {
            let Change::Move {
                task,
                activity,
                from,
                to,
                share,
                ..
            } = c
            else {
                continue;
            };
            let tasks = tables.names.tasks.get(from.as_str()).cloned().unwrap_or_default();
            if pick(ui, ("move_task", i), task, &tasks, 170.0) {
                *activity = None;
                changed = true;
            }
            if pick(ui, ("move_from", i), from, &donors, 170.0) {
                // A task the new donor lacks gives way to its first.
                let theirs = tables.names.tasks.get(from.as_str());
                if let Some(first) = theirs.filter(|t| !t.contains(task)).and_then(|t| t.first()) {
                    task.clone_from(first);
                    *activity = None;
                }
                changed = true;
            }
            // The receiver is another unit: work moved to itself is no move.
            let others: Vec<String> = tables.names.units.iter().filter(|u| *u != from).cloned().collect();
            changed |= pick(ui, ("move_to", i), to, &others, 170.0);
            changed |= settled(&percent_value(ui, share, 1.0..=100.0, 0));
            row_end(ui, i, &mut remove, lang);
        }
    });
    changed |= removed(changes, remove);
    let first = donors.iter().find_map(|u| {
        let task = tables.names.tasks.get(u)?.first()?;
        let to = tables.names.units.iter().find(|v| *v != u)?;
        Some((u.clone(), task.clone(), to.clone()))
    });
    if let Some((from, task, to)) = first
        && ui.button(tr(T::AddMove, lang)).clicked()
    {
        changes.push(Change::Move {
            task,
            activity: None,
            from,
            to,
            share: 1.0,
            line: 0,
        });
        changed = true;
    }
    changed
}

/// What a growth names.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Target {
    All,
    Unit,
    Task,
}

/// Growth by a factor: of everything, of a unit, or of a task.
fn grows(ui: &mut egui::Ui, tables: &ScenarioTables, changes: &mut Vec<Change>, lang: Lang) -> bool {
    let mut changed = false;
    ui.label(RichText::new(tr(T::GrowHeading, lang)).strong());
    let mut remove = None;
    egui::Grid::new("scenario_grows").striped(true).show(ui, |ui| {
        for (i, c) in changes.iter_mut().enumerate() {
            let Change::Grow {
                task,
                activity,
                unit,
                factor,
                ..
            } = c
            else {
                continue;
            };
            let was = match (&task, &unit) {
                (Some(_), _) => Target::Task,
                (None, Some(_)) => Target::Unit,
                (None, None) => Target::All,
            };
            let mut now = was;
            ComboBox::from_id_salt(("grow_target", i))
                .width(90.0)
                .selected_text(tr(target_word(was), lang))
                .show_ui(ui, |ui| {
                    for t in [Target::All, Target::Unit, Target::Task] {
                        ui.selectable_value(&mut now, t, tr(target_word(t), lang));
                    }
                });
            if now != was {
                *task = (now == Target::Task).then(|| tables.names.all_tasks.first().cloned().unwrap_or_default());
                *unit = (now == Target::Unit).then(|| tables.names.units.first().cloned().unwrap_or_default());
                *activity = None;
                changed = true;
            }
            match (task.as_mut(), unit.as_mut()) {
                (Some(t), _) => {
                    if pick(ui, ("grow_task", i), t, &tables.names.all_tasks, 170.0) {
                        *activity = None;
                        changed = true;
                    }
                }
                (None, Some(u)) => changed |= pick(ui, ("grow_unit", i), u, &tables.names.units, 170.0),
                (None, None) => {
                    ui.label("");
                }
            }
            ui.label(tr(T::Factor, lang));
            let r = ui.add(super::typed_on_enter(
                DragValue::new(factor).range(0.0..=10.0).speed(0.01).fixed_decimals(2),
            ));
            changed |= settled(&r);
            row_end(ui, i, &mut remove, lang);
        }
    });
    changed |= removed(changes, remove);
    if ui.button(tr(T::AddGrow, lang)).clicked() {
        changes.push(Change::Grow {
            task: None,
            activity: None,
            unit: None,
            factor: 1.1,
            line: 0,
        });
        changed = true;
    }
    changed
}

fn target_word(t: Target) -> T {
    match t {
        Target::All => T::GrowAll,
        Target::Unit => T::GrowUnit,
        Target::Task => T::Task,
    }
}

/// New duties: a unit, the task (named freely: it is new), its hours a year.
fn adds(ui: &mut egui::Ui, tables: &ScenarioTables, changes: &mut Vec<Change>, lang: Lang) -> bool {
    let mut changed = false;
    ui.label(RichText::new(tr(T::AddHeading, lang)).strong());
    let mut remove = None;
    egui::Grid::new("scenario_adds").striped(true).show(ui, |ui| {
        for (i, c) in changes.iter_mut().enumerate() {
            let Change::Add { unit, task, hours, .. } = c else {
                continue;
            };
            changed |= pick(ui, ("add_unit", i), unit, &tables.names.units, 170.0);
            let r = ui.add(egui::TextEdit::singleline(task).desired_width(150.0));
            changed |= r.lost_focus() && !task.trim().is_empty();
            ui.label(tr(T::HoursAYear, lang));
            let r = ui.add(super::typed_on_enter(
                DragValue::new(hours).range(1.0..=1.0e6).speed(10.0).fixed_decimals(0),
            ));
            changed |= settled(&r);
            row_end(ui, i, &mut remove, lang);
        }
    });
    changed |= removed(changes, remove);
    if let Some(unit) = tables.names.units.first()
        && ui.button(tr(T::AddDuty, lang)).clicked()
    {
        changes.push(Change::Add {
            unit: unit.clone(),
            task: tr(T::NewDuty, lang).to_owned(),
            hours: 1000.0,
            line: 0,
        });
        changed = true;
    }
    changed
}

/// Changes as a scenario file gives them: in its order (moves, growth, new duties), each line
/// its place, each task with its volumes' name where the parameters map it — what the engine
/// applies is what a saved file gives back.
fn settle(changes: &mut [Change], params: &crate::Params) {
    let rank = |c: &Change| match c {
        Change::Move { .. } => 0,
        Change::Grow { .. } => 1,
        Change::Add { .. } => 2,
    };
    changes.sort_by_key(rank);
    for (i, c) in changes.iter_mut().enumerate() {
        match c {
            Change::Move { line, .. } | Change::Grow { line, .. } | Change::Add { line, .. } => *line = i + 1,
        }
    }
    crate::scenario::name_activities(changes, params);
}

/// The end of a row: its remove button (noting the row pressed), then the next row.
fn row_end(ui: &mut egui::Ui, i: usize, remove: &mut Option<usize>, lang: Lang) {
    if super::allowances::remove_button(ui, lang) {
        *remove = Some(i);
    }
    ui.end_row();
}

/// Take away the row whose remove button was pressed; true when one was.
fn removed(changes: &mut Vec<Change>, remove: Option<usize>) -> bool {
    match remove {
        Some(i) => {
            changes.remove(i);
            true
        }
        None => false,
    }
}
