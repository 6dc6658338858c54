//! One unit in detail: its figures by quota type, its tasks, its people with their saturation
//! and its spread, and its years. The rows come from [`crate::analysis::unit_detail`].

use super::{band_color, fmt_num, fmt_percent, number_cell};
use crate::Lang;
use crate::analysis::triangulation::Reporting;
use crate::analysis::{self, Analysis, Rows, detail::spread};
use crate::gui::i18n::{T, counted, labelled, tr};
use crate::model::{Band, WorkloadSource, col};
use egui::RichText;
use egui_extras::{Column, TableBuilder};

/// The figures listed for the unit, with their decimals (None: a percentage).
const FIGURES: &[(&str, Option<usize>)] = &[
    (col::APPROVED, Some(0)),
    (col::ACTUAL, Some(0)),
    (col::WORKLOAD, Some(0)),
    (col::REQUIRED, Some(2)),
    (col::SATURATION, Some(2)),
    (col::QUOTA_SATURATION, Some(2)),
    (col::VACANCY, Some(0)),
    (col::VACANCY_RATE, None),
    (col::OVER_QUOTA, Some(0)),
    (col::LEADER_POSTS, Some(0)),
    (col::LEADERS_ACTUAL, Some(0)),
    (col::IDLE, Some(2)),
    (col::SHORTAGE, Some(2)),
    (col::RECOVERABLE, Some(0)),
    (col::PERFORMANCE, Some(1)),
];

/// The figures standards and volumes add, listed when they were read.
const STANDARD_FIGURES: &[(&str, Option<usize>)] = &[
    (col::WORKLOAD_STD, Some(0)),
    (col::REQUIRED_STD, Some(2)),
    (col::SATURATION_STD, Some(2)),
    (col::WISN_RATIO, Some(2)),
    (col::WISN_DIFFERENCE, Some(2)),
    (col::SELF_REPORT_RATIO, Some(2)),
];

/// Columns of the per-type, task, people and year tables, with their decimals.
const TYPE_COLS: &[(&str, usize)] = &[
    (col::APPROVED, 0),
    (col::ACTUAL, 0),
    (col::REQUIRED, 2),
    (col::SATURATION, 2),
];
const TASK_COLS: &[(&str, usize)] = &[(col::WORKLOAD, 0)];
const ACTIVITY_COLS: &[(&str, usize)] = &[(col::VOLUME, 0), (col::STANDARD_HOURS, 2), (col::WORKLOAD_STD, 0)];
const PERSON_COLS: &[(&str, usize)] = &[(col::TASKS, 0), (col::WORKLOAD, 0), (col::PERSON_SATURATION, 2)];
const YEAR_COLS: &[(&str, usize)] = &[
    (col::APPROVED, 0),
    (col::ACTUAL, 0),
    (col::WORKLOAD, 0),
    (col::SATURATION, 2),
];

/// A row of text cells and number cells.
#[derive(Debug, Clone, Default)]
pub struct Line {
    pub text: Vec<String>,
    pub numbers: Vec<Option<f64>>,
    pub band: Option<Band>,
    /// A marked row (a person over the hours limit).
    pub marked: bool,
}

/// The unit's rows, read once when it is selected.
#[derive(Debug, Clone, Default)]
pub struct DetailData {
    pub unit: String,
    pub department: String,
    pub band: Option<Band>,
    pub flags: String,
    /// (column, value) of [`FIGURES`].
    pub figures: Vec<(&'static str, Option<f64>, Option<usize>)>,
    pub types: Vec<Line>,
    pub tasks: Vec<Line>,
    /// Its activities priced at the standards (empty without standards).
    pub activities: Vec<Line>,
    /// Where its workload came from, when standards were read.
    pub source: Option<WorkloadSource>,
    /// Its flag from the survey-to-standards comparison.
    pub reporting: Option<Reporting>,
    pub people: Vec<Line>,
    /// People with a saturation, min, median, max.
    pub spread: (i64, Option<f64>, Option<f64>, Option<f64>),
    pub years: Vec<Line>,
}

fn lines(frame: &polars::prelude::DataFrame, text: &[&str], numbers: &[(&str, usize)]) -> Vec<Line> {
    let Ok(r) = Rows::new(frame) else { return Vec::new() };
    (0..r.height())
        .map(|i| Line {
            text: text.iter().map(|c| r.str(c, i).unwrap_or("").to_owned()).collect(),
            numbers: numbers.iter().map(|(c, _)| r.f64(c, i)).collect(),
            band: r
                .has(col::BAND)
                .then(|| r.str(col::BAND, i).map(Band::from_code))
                .flatten(),
            // Only people carry an over-hours mark.
            marked: r.has(col::OVER_HOURS) && r.bool(col::OVER_HOURS, i).unwrap_or(false),
        })
        .collect()
}

impl DetailData {
    pub fn read(analysis: &Analysis, unit: &str) -> DetailData {
        let Ok(d) = analysis::unit_detail(analysis, unit) else {
            return DetailData {
                unit: unit.to_owned(),
                ..Default::default()
            };
        };
        let mut out = DetailData {
            unit: unit.to_owned(),
            ..Default::default()
        };
        if let Ok(r) = Rows::new(&d.figures)
            && r.height() > 0
        {
            out.department = r.str(col::DEPARTMENT, 0).unwrap_or("").to_owned();
            out.band = Some(Band::from_code(r.str(col::BAND, 0).unwrap_or("")));
            out.flags = r.str(col::FLAGS, 0).unwrap_or("").to_owned();
            out.figures = FIGURES
                .iter()
                .chain(STANDARD_FIGURES.iter().filter(|(c, _)| r.has(c)))
                .map(|(c, dec)| (*c, r.f64(c, 0), *dec))
                .collect();
            let code = |c: &str| r.has(c).then(|| r.str(c, 0)).flatten();
            out.source = code(col::WORKLOAD_METHOD).and_then(WorkloadSource::from_code);
            out.reporting = code(col::REPORTING).and_then(Reporting::from_code);
        }
        out.activities = lines(&d.activities, &[col::ACTIVITY], ACTIVITY_COLS);
        out.types = lines(&d.types, &[col::QUOTA_TYPE], TYPE_COLS);
        out.tasks = lines(&d.tasks, &[col::TASK, col::PERSON], TASK_COLS);
        out.people = lines(&d.people, &[col::PERSON], PERSON_COLS);
        out.years = lines(&d.history, &[], YEAR_COLS);
        if let Ok(r) = Rows::new(&d.history) {
            for (i, y) in out.years.iter_mut().enumerate() {
                y.text = vec![r.i64(col::YEAR, i).map(|v| v.to_string()).unwrap_or_else(|| "—".into())];
            }
        }
        if let Ok(r) = Rows::new(&d.spread) {
            out.spread = (
                r.i64(spread::PEOPLE, 0).unwrap_or(0),
                r.f64(spread::MIN, 0),
                r.f64(spread::MEDIAN, 0),
                r.f64(spread::MAX, 0),
            );
        }
        out
    }
}

fn heading(ui: &mut egui::Ui, text: String) {
    ui.label(RichText::new(text).strong().size(18.0));
}

/// Draw the detail; true when it is closed.
pub fn show(ui: &mut egui::Ui, d: &DetailData, lang: Lang) -> bool {
    let mut close = false;
    ui.horizontal(|ui| {
        ui.heading(RichText::new(labelled(tr(T::UnitDetail, lang), &d.unit, lang)).strong());
        ui.label(RichText::new(d.department.as_str()).weak());
        if let Some(band) = d.band {
            ui.label(
                RichText::new(crate::i18n::band(band, lang))
                    .color(band_color(band))
                    .strong(),
            );
        }
        if !d.flags.is_empty() {
            ui.label(
                RichText::new(crate::i18n::flags(&d.flags, lang))
                    .color(super::ERROR)
                    .strong(),
            );
        }
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            close = ui.button(tr(T::Close, lang)).clicked();
        });
    });
    ui.separator();
    // Three columns: the figures at a fixed width, then tasks and people sharing the rest.
    let size = ui.available_size();
    let gap = ui.spacing().item_spacing.x * 2.0 + 1.0;
    let figures_width = 330.0_f32.min(size.x * 0.35);
    let rest = (size.x - figures_width - 2.0 * gap - 8.0).max(200.0);
    let widths = [figures_width, rest * 0.5, rest * 0.5];
    ui.horizontal_top(|ui| {
        for (k, width) in widths.into_iter().enumerate() {
            if k > 0 {
                ui.separator();
            }
            ui.allocate_ui_with_layout(
                egui::vec2(width, size.y),
                egui::Layout::top_down(egui::Align::Min),
                |ui| {
                    ui.set_width(width);
                    ui.set_height(size.y);
                    match k {
                        0 => figures(ui, d, lang),
                        1 => work(ui, d, lang),
                        _ => people(ui, d, lang),
                    }
                },
            );
        }
    });
    close
}

/// The middle column: the survey's tasks, or the activities priced at the standards (a
/// switch when the unit has both, starting on the one its workload came from).
fn work(ui: &mut egui::Ui, d: &DetailData, lang: Lang) {
    if d.activities.is_empty() {
        return tasks(ui, d, lang);
    }
    let id = egui::Id::unique(("detail_work", &d.unit));
    let start = d.source != Some(WorkloadSource::Survey);
    let mut show_activities = ui.data(|m| m.get_temp::<bool>(id)).unwrap_or(start);
    ui.horizontal(|ui| {
        ui.selectable_value(
            &mut show_activities,
            true,
            counted(tr(T::Activities, lang), d.activities.len(), lang),
        );
        ui.selectable_value(
            &mut show_activities,
            false,
            counted(tr(T::Tasks, lang), d.tasks.len(), lang),
        );
    });
    ui.data_mut(|m| m.insert_temp(id, show_activities));
    if let Some(source) = d.source {
        let mut said = format!(
            "{}{}{}",
            tr(T::WorkloadFrom, lang),
            lang.pick("：", ": "),
            source.label(lang)
        );
        if let Some(r) = d.reporting {
            said.push_str(&format!(" · {}", r.label(lang)));
        }
        ui.label(RichText::new(said).weak());
    }
    if show_activities {
        let c = |name: &'static str| crate::i18n::column(name, lang);
        list_table(
            ui,
            "detail_activities",
            &[c(col::ACTIVITY)],
            ACTIVITY_COLS,
            &d.activities,
            lang,
        );
    } else {
        task_list(ui, d, lang);
    }
}

fn tasks(ui: &mut egui::Ui, d: &DetailData, lang: Lang) {
    heading(ui, counted(tr(T::Tasks, lang), d.tasks.len(), lang));
    task_list(ui, d, lang);
}

fn task_list(ui: &mut egui::Ui, d: &DetailData, lang: Lang) {
    let c = |name: &'static str| crate::i18n::column(name, lang);
    if d.tasks.is_empty() {
        ui.label(tr(T::NoTasks, lang));
    } else {
        list_table(
            ui,
            "detail_tasks",
            &[c(col::TASK), c(col::PERSON)],
            TASK_COLS,
            &d.tasks,
            lang,
        );
    }
}

fn people(ui: &mut egui::Ui, d: &DetailData, lang: Lang) {
    let c = |name: &'static str| crate::i18n::column(name, lang);
    heading(ui, counted(tr(T::People, lang), d.people.len(), lang));
    let (n, min, median, max) = d.spread;
    if n > 0 {
        ui.label(format!(
            "{}{}{} {} · {} {} · {} {}",
            tr(T::Spread, lang),
            lang.pick("：", ": "),
            tr(T::Min, lang),
            fmt_num(min, 2),
            tr(T::Median, lang),
            fmt_num(median, 2),
            tr(T::Max, lang),
            fmt_num(max, 2)
        ));
    }
    if d.people.is_empty() {
        ui.label(tr(T::NoPeople, lang));
    } else {
        list_table(ui, "detail_people", &[c(col::PERSON)], PERSON_COLS, &d.people, lang);
    }
}

/// The unit's figures, by quota type and by year.
fn figures(ui: &mut egui::Ui, d: &DetailData, lang: Lang) {
    let c = |name: &'static str| crate::i18n::column(name, lang);
    egui::ScrollArea::both()
        .id_salt("detail_figures")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            egui::Grid::new("detail_figures_grid")
                .num_columns(2)
                .striped(true)
                .spacing([16.0, 3.0])
                .show(ui, |ui| {
                    for (name, value, decimals) in &d.figures {
                        ui.label(c(name));
                        let text = match decimals {
                            Some(dec) => fmt_num(*value, *dec),
                            None => fmt_percent(*value),
                        };
                        ui.label(RichText::new(text).strong());
                        ui.end_row();
                    }
                });
            ui.add_space(8.0);
            heading(ui, tr(T::ByQuotaType, lang).to_owned());
            small_table(ui, "detail_types", &[c(col::QUOTA_TYPE)], TYPE_COLS, &d.types, lang);
            ui.add_space(8.0);
            heading(ui, tr(T::Years, lang).to_owned());
            small_table(ui, "detail_years", &[c(col::YEAR)], YEAR_COLS, &d.years, lang);
        });
}

/// A few rows, all drawn (per quota type, per year).
fn small_table(ui: &mut egui::Ui, id: &str, text: &[&str], numbers: &[(&str, usize)], rows: &[Line], lang: Lang) {
    egui::Grid::new(id)
        .num_columns(text.len() + numbers.len())
        .striped(true)
        .spacing([10.0, 3.0])
        .show(ui, |ui| {
            for t in text {
                ui.label(RichText::new(*t).strong());
            }
            for (name, _) in numbers {
                ui.label(RichText::new(crate::i18n::column(name, lang)).strong());
            }
            ui.end_row();
            for r in rows {
                for t in &r.text {
                    ui.label(crate::i18n::quota_type(t, lang));
                }
                for (i, (name, dec)) in numbers.iter().enumerate() {
                    let text = RichText::new(fmt_num(r.numbers[i], *dec));
                    match (r.band, *name == col::SATURATION) {
                        (Some(b), true) => ui.label(text.color(band_color(b)).strong()),
                        _ => ui.label(text),
                    };
                }
                ui.end_row();
            }
        });
}

/// Many rows (tasks, people), virtualised.
fn list_table(ui: &mut egui::Ui, id: &str, text: &[&str], numbers: &[(&str, usize)], rows: &[Line], lang: Lang) {
    let row_height = ui.text_style_height(&egui::TextStyle::Body) + 4.0;
    let mut builder = TableBuilder::new(ui)
        .id_salt(id)
        .striped(true)
        .resizable(true)
        .auto_shrink([false, false])
        .cell_layout(egui::Layout::left_to_right(egui::Align::Center));
    // The first text column takes what the others leave.
    builder = builder.column(Column::remainder().at_least(60.0).clip(true));
    for _ in 1..text.len() {
        builder = builder.column(Column::initial(64.0).at_least(40.0).clip(true));
    }
    for _ in numbers {
        builder = builder.column(Column::initial(68.0).at_least(40.0));
    }
    builder
        .header(row_height * 2.0, |mut h| {
            for t in text {
                h.col(|ui| {
                    ui.add(egui::Label::new(RichText::new(*t).strong()).wrap());
                });
            }
            for (name, _) in numbers {
                h.col(|ui| {
                    ui.add(egui::Label::new(RichText::new(crate::i18n::column(name, lang)).strong()).wrap());
                });
            }
        })
        .body(|body| {
            body.rows(row_height, rows.len(), |mut row| {
                let r = &rows[row.index()];
                for t in &r.text {
                    row.col(|ui| {
                        ui.label(t.as_str()).on_hover_text(t.as_str());
                    });
                }
                for (i, (name, dec)) in numbers.iter().enumerate() {
                    row.col(|ui| {
                        let mut text = RichText::new(fmt_num(r.numbers[i], *dec));
                        if *name == col::PERSON_SATURATION && r.marked {
                            text = text.color(super::WARNING).strong();
                        }
                        number_cell(ui, text);
                    });
                }
            });
        });
}
