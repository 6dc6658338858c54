//! The WISN allowances as activities: category allowances as a percentage of working time
//! each (meetings 10 %, training 7.5 %), individual allowances as hours a year per person times
//! the persons who do them. Listed lines replace the two totals above them; the panel shows
//! the CAF and IAF they give.

use crate::gui::i18n::{T, tr};
use crate::model::wisn::{CategoryAllowance, IndividualAllowance};
use crate::{Lang, Params};
use egui::{DragValue, RichText};

/// Draw both lists; true when a value landed (the app then recomputes).
pub fn show(ui: &mut egui::Ui, params: &mut Params, lang: Lang) -> bool {
    let a = &mut params.allowances;
    let mut changed = category(ui, &mut a.category, a.category_share, lang);
    changed |= individual(ui, &mut a.individual, a.individual_hours, lang);
    let listed = !params.allowances.category.is_empty() || !params.allowances.individual.is_empty();
    if listed {
        ui.label(RichText::new(tr(T::ListedInstead, lang)).weak());
    }
    ui.label(RichText::new(format!("CAF = {:.4}   IAF = {:.4}", params.caf(), params.iaf())).strong());
    changed
}

/// The category allowances; a first line starts at the total it replaces, so the figures do
/// not move until the person splits it.
fn category(ui: &mut egui::Ui, lines: &mut Vec<CategoryAllowance>, total_share: f64, lang: Lang) -> bool {
    ui.label(tr(T::CategoryActivities, lang));
    let edit = |ui: &mut egui::Ui, line: &mut CategoryAllowance| {
        let pct = DragValue::new(&mut line.percent)
            .range(0.0..=90.0)
            .speed(0.5)
            .suffix(" %");
        name_field(ui, &mut line.activity, lang) | super::settled(&ui.add(super::typed_on_enter(pct)))
    };
    let new_line = |first: bool| CategoryAllowance {
        activity: String::new(),
        percent: if first { total_share * 100.0 } else { 0.0 },
    };
    editable_lines(ui, ("allowances_category", 3), lines, new_line, edit, lang)
}

fn individual(ui: &mut egui::Ui, lines: &mut Vec<IndividualAllowance>, total_hours: f64, lang: Lang) -> bool {
    ui.label(tr(T::IndividualActivities, lang));
    let new_line = |first: bool| IndividualAllowance {
        activity: String::new(),
        hours_per_person: if first { total_hours } else { 0.0 },
        persons: 1.0,
    };
    let edit = |ui: &mut egui::Ui, line: &mut IndividualAllowance| {
        let hours = DragValue::new(&mut line.hours_per_person)
            .range(0.0..=8_760.0)
            .speed(5.0)
            .suffix(" h");
        let persons = DragValue::new(&mut line.persons).range(0.0..=10_000.0).speed(0.1);
        name_field(ui, &mut line.activity, lang)
            | super::settled(&ui.add(super::typed_on_enter(hours)))
            | super::settled(&ui.add(super::typed_on_enter(persons)))
    };
    editable_lines(ui, ("allowances_individual", 4), lines, new_line, edit, lang)
}

/// A list of lines in a grid (`id`, columns), each edited by `edit` with a remove button, and
/// an add button whose line is `new_line(is_first)`. True when anything
/// landed; a line added or removed is saved with the parameters, so it counts too.
fn editable_lines<L>(
    ui: &mut egui::Ui,
    (id, columns): (&str, usize),
    lines: &mut Vec<L>,
    new_line: impl FnOnce(bool) -> L,
    edit: impl Fn(&mut egui::Ui, &mut L) -> bool,
    lang: Lang,
) -> bool {
    let mut changed = false;
    let mut remove = None;
    egui::Grid::new(id).num_columns(columns).show(ui, |ui| {
        for (i, line) in lines.iter_mut().enumerate() {
            changed |= edit(ui, line);
            if remove_button(ui, lang) {
                remove = Some(i);
            }
            ui.end_row();
        }
    });
    if let Some(i) = remove {
        lines.remove(i);
        changed = true;
    }
    if ui.small_button(tr(T::AddLine, lang)).clicked() {
        lines.push(new_line(lines.is_empty()));
        changed = true;
    }
    changed
}

/// An activity's name: it changes no figure, but is saved, so it lands when the field is left.
fn name_field(ui: &mut egui::Ui, name: &mut String, lang: Lang) -> bool {
    let field = egui::TextEdit::singleline(name).hint_text(tr(T::ActivityName, lang));
    // Sized, or the grid squeezes it to nothing in a narrow panel.
    ui.add_sized([96.0, ui.spacing().interact_size.y], field).lost_focus()
}

/// The button that removes a row of a list editor; true when pressed.
pub fn remove_button(ui: &mut egui::Ui, lang: Lang) -> bool {
    ui.small_button("×").on_hover_text(tr(T::RemoveLine, lang)).clicked()
}
