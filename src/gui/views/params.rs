//! The parameters side panel: a few key parameters. A typed value lands on Enter or when the
//! field loses focus (a half-typed 24 of 240 is never computed); a drag lands on release. The
//! app validates what landed, and a problem is said beside its group.

use crate::gui::glossary;
use crate::gui::i18n::{T, tr};
use crate::model::{ParamError, ParamGroup};
use crate::{Lang, Params};
use egui::{DragValue, RichText};

/// What the person did in the panel this frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edit {
    None,
    /// A value landed (or the reset button): the app validates and recomputes.
    Changed,
    Undo,
    Redo,
}

/// What the panel shows besides the values.
pub struct Context<'a> {
    /// Why the values that landed last cannot be used.
    pub problem: Option<&'a ParamError>,
    pub can_undo: bool,
    pub can_redo: bool,
    /// Whether a standards table and a volumes table were read.
    pub has_standards: bool,
}

/// Draw the panel.
pub fn show(ui: &mut egui::Ui, params: &mut Params, cx: &Context, lang: Lang) -> Edit {
    let mut edit = Edit::None;
    ui.horizontal(|ui| {
        ui.heading(tr(T::Parameters, lang));
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            let redo = ui.add_enabled(cx.can_redo, egui::Button::new(tr(T::Redo, lang)).small());
            if redo.on_hover_text("Ctrl+Y").clicked() {
                edit = Edit::Redo;
            }
            let undo = ui.add_enabled(cx.can_undo, egui::Button::new(tr(T::Undo, lang)).small());
            if undo.on_hover_text("Ctrl+Z").clicked() {
                edit = Edit::Undo;
            }
        });
    });
    ui.add_space(6.0);
    let said = |ui: &mut egui::Ui, group: ParamGroup| {
        if let Some(p) = cx.problem.filter(|p| p.group == group) {
            ui.colored_label(super::ERROR, p.message(lang));
            ui.add_space(8.0);
        }
    };
    let mut changed = method(ui, params, cx.has_standards, lang);
    changed |= calendar(ui, params, lang);
    said(ui, ParamGroup::Calendar);
    changed |= bands(ui, params, lang);
    said(ui, ParamGroup::Bands);
    changed |= allowances(ui, params, lang);
    said(ui, ParamGroup::Allowances);
    changed |= survey_rules(ui, params, lang);
    said(ui, ParamGroup::Survey);
    changed |= red_lines(ui, params, lang);
    ui.add_space(14.0);
    if ui.button(tr(T::ResetParameters, lang)).clicked() && *params != Params::default() {
        *params = Params::default();
        changed = true;
    }
    if changed { Edit::Changed } else { edit }
}

/// Which workload feeds the figures: it changes every figure, so it comes first.
fn method(ui: &mut egui::Ui, params: &mut Params, has_standards: bool, lang: Lang) -> bool {
    use crate::model::WorkloadMethod;
    let before = params.method;
    let heading = ui.label(RichText::new(tr(T::WorkloadMethod, lang)).strong().size(18.0));
    let label = glossary::explained(heading, glossary::param::METHOD, lang);
    ui.separator();
    egui::ComboBox::from_id_salt("params_method")
        .selected_text(params.method.label(lang))
        .width(ui.available_width().min(260.0))
        .show_ui(ui, |ui| {
            for m in WorkloadMethod::ALL {
                ui.selectable_value(&mut params.method, m, m.label(lang));
            }
        })
        .response
        .labelled_by(label.id);
    if params.method.uses_standards() && !has_standards {
        ui.colored_label(super::ERROR, tr(T::MethodNeedsFiles, lang));
    }
    ui.add_space(10.0);
    params.method != before
}

/// The working calendar, and the available working time it gives.
fn calendar(ui: &mut egui::Ui, params: &mut Params, lang: Lang) -> bool {
    let mut changed = false;
    section(ui, tr(T::Calendar, lang));
    let cal = &mut params.calendar;
    egui::Grid::new("params_calendar")
        .num_columns(2)
        .spacing([12.0, 6.0])
        .show(ui, |ui| {
            changed |= row(ui, (T::WorkingDays, lang), &mut cal.working_days, 0.0..=366.0, 1.0, 0);
            changed |= row(ui, (T::AnnualLeave, lang), &mut cal.annual_leave, 0.0..=60.0, 1.0, 0);
            changed |= row(ui, (T::Training, lang), &mut cal.training, 0.0..=60.0, 1.0, 0);
            changed |= row(ui, (T::OtherAbsence, lang), &mut cal.other_absence, 0.0..=60.0, 1.0, 0);
            changed |= row(ui, (T::HoursPerDay, lang), &mut cal.hours_per_day, 1.0..=24.0, 0.5, 1);
        });
    let h = params.calendar.available_hours();
    ui.label(
        RichText::new(format!(
            "{} = {} h",
            tr(T::AvailableHours, lang),
            super::fmt_num(Some(h), 1)
        ))
        .strong(),
    );
    ui.add_space(10.0);
    changed
}

/// The saturation bands.
fn bands(ui: &mut egui::Ui, params: &mut Params, lang: Lang) -> bool {
    let mut changed = false;
    section(ui, tr(T::Bands, lang));
    let b = &mut params.bands;
    egui::Grid::new("params_bands")
        .num_columns(2)
        .spacing([12.0, 6.0])
        .show(ui, |ui| {
            changed |= row(
                ui,
                (T::SevereUnderBelow, lang),
                &mut b.severe_under_below,
                0.0..=5.0,
                0.01,
                2,
            );
            changed |= row(ui, (T::UnderBelow, lang), &mut b.under_below, 0.0..=5.0, 0.01, 2);
            changed |= row(ui, (T::BalancedUpTo, lang), &mut b.balanced_up_to, 0.0..=5.0, 0.01, 2);
            changed |= row(ui, (T::OverUpTo, lang), &mut b.over_up_to, 0.0..=5.0, 0.01, 2);
        });
    ui.add_space(10.0);
    changed
}

/// The WISN allowances.
fn allowances(ui: &mut egui::Ui, params: &mut Params, lang: Lang) -> bool {
    let mut changed = false;
    section(ui, tr(T::Allowances, lang));
    egui::Grid::new("params_allowances")
        .num_columns(2)
        .spacing([12.0, 6.0])
        .show(ui, |ui| {
            // A total is edited only while no activity is listed in its place; then it is
            // the activities' sum, shown.
            let a = &mut params.allowances;
            if a.category.is_empty() {
                changed |= percent_row(ui, (T::CategoryShare, lang), &mut a.category_share, 0.0..=90.0);
            } else {
                let sum = format!("{:.1} %", a.category_share() * 100.0);
                sum_row(ui, (T::CategoryShare, lang), sum);
            }
            if a.individual.is_empty() {
                changed |= row(
                    ui,
                    (T::IndividualHours, lang),
                    &mut a.individual_hours,
                    0.0..=100_000.0,
                    10.0,
                    0,
                );
            } else {
                sum_row(ui, (T::IndividualHours, lang), format!("{:.0} h", a.individual_hours()));
            }
        });
    changed |= super::allowances::show(ui, params, lang);
    ui.add_space(10.0);
    changed
}

/// The survey-quality rules.
fn survey_rules(ui: &mut egui::Ui, params: &mut Params, lang: Lang) -> bool {
    let mut changed = false;
    section(ui, tr(T::Survey, lang));
    egui::Grid::new("params_survey")
        .num_columns(2)
        .spacing([12.0, 6.0])
        .show(ui, |ui| {
            let r = &mut params.survey;
            changed |= row(
                ui,
                (T::CalibrationFactor, lang),
                &mut r.calibration_factor,
                0.1..=2.0,
                0.01,
                2,
            );
            changed |= row(
                ui,
                (T::PersonMaxMultiple, lang),
                &mut r.person_max_multiple,
                1.0..=5.0,
                0.05,
                2,
            );
            changed |= row(
                ui,
                (T::MaxHoursEach, lang),
                &mut r.max_hours_each,
                1.0..=10_000.0,
                1.0,
                0,
            );
        });
    changed |= ui
        .checkbox(&mut params.survey.cap_person_hours, tr(T::CapPersonHours, lang))
        .changed();
    changed |= ui
        .checkbox(&mut params.survey.drop_duplicates, tr(T::DropDuplicates, lang))
        .changed();
    ui.add_space(10.0);
    changed
}

/// The red-line and recovery rules.
fn red_lines(ui: &mut egui::Ui, params: &mut Params, lang: Lang) -> bool {
    let mut changed = false;
    section(ui, tr(T::RedLineRules, lang));
    egui::Grid::new("params_flags")
        .num_columns(2)
        .spacing([12.0, 6.0])
        .show(ui, |ui| {
            let f = &mut params.flags;
            changed |= count_row(ui, (T::LongIdleYears, lang), &mut f.long_idle_years, 1..=20);
            changed |= percent_row(ui, (T::IdleVacancyRate, lang), &mut f.idle_vacancy_rate, 0.0..=100.0);
            changed |= count_row(ui, (T::ShrinkingYears, lang), &mut f.shrinking_years, 2..=20);
            changed |= percent_row(ui, (T::ShrinkingMinDrop, lang), &mut f.shrinking_min_drop, 0.0..=100.0);
            changed |= row(
                ui,
                (T::LowPerformanceBelow, lang),
                &mut f.low_performance_below,
                0.0..=100.0,
                1.0,
                0,
            );
        });
    changed |= ui
        .checkbox(
            &mut params.flags.idle_when_underloaded,
            tr(T::IdleWhenUnderloaded, lang),
        )
        .changed();
    changed
}

fn section(ui: &mut egui::Ui, title: &str) {
    ui.label(RichText::new(title).strong().size(18.0));
    ui.separator();
}

fn row(
    ui: &mut egui::Ui,
    label: (T, Lang),
    value: &mut f64,
    range: std::ops::RangeInclusive<f64>,
    speed: f64,
    decimals: usize,
) -> bool {
    let label = labelled(ui, label);
    let response = ui
        .add(super::typed_on_enter(
            DragValue::new(value).range(range).speed(speed).fixed_decimals(decimals),
        ))
        .labelled_by(label.id);
    ui.end_row();
    super::settled(&response)
}

/// A value the person does not edit here (a sum of listed lines).
fn sum_row(ui: &mut egui::Ui, label: (T, Lang), value: String) {
    labelled(ui, label);
    ui.label(RichText::new(value).strong());
    ui.end_row();
}

/// A share edited as a percentage.
fn percent_row(ui: &mut egui::Ui, label: (T, Lang), share: &mut f64, range: std::ops::RangeInclusive<f64>) -> bool {
    let label = labelled(ui, label);
    let response = super::percent_value(ui, share, range, 1).labelled_by(label.id);
    ui.end_row();
    super::settled(&response)
}

/// A whole number of years.
fn count_row(ui: &mut egui::Ui, label: (T, Lang), value: &mut usize, range: std::ops::RangeInclusive<usize>) -> bool {
    let label = labelled(ui, label);
    let response = ui
        .add(super::typed_on_enter(DragValue::new(value).range(range).speed(0.05)))
        .labelled_by(label.id);
    ui.end_row();
    super::settled(&response)
}

/// A parameter's name, with its definition and formula on hover.
fn labelled(ui: &mut egui::Ui, (t, lang): (T, Lang)) -> egui::Response {
    let label = ui.label(tr(t, lang));
    match help(t) {
        Some(key) => glossary::explained(label, key, lang),
        None => label,
    }
}

/// The glossary entry that defines parameter `t`.
fn help(t: T) -> Option<&'static str> {
    use glossary::param;
    Some(match t {
        T::WorkingDays | T::AnnualLeave | T::Training | T::OtherAbsence | T::HoursPerDay => param::CALENDAR,
        T::SevereUnderBelow | T::UnderBelow | T::BalancedUpTo | T::OverUpTo => param::BANDS,
        T::CategoryShare => param::CATEGORY_SHARE,
        T::IndividualHours => param::INDIVIDUAL_HOURS,
        T::CalibrationFactor => param::CALIBRATION,
        T::PersonMaxMultiple => param::PERSON_MAX,
        T::MaxHoursEach => param::MAX_HOURS_EACH,
        T::LongIdleYears | T::IdleVacancyRate => param::LONG_IDLE,
        T::ShrinkingYears | T::ShrinkingMinDrop => param::SHRINKING,
        T::LowPerformanceBelow => param::LOW_EFFICIENCY,
        _ => return None,
    })
}
