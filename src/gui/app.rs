//! The eframe app: what is loaded, what is shown, the top bar, the parameters panel and the
//! background job that feeds the views.

use super::i18n::{T, tr};
use super::jobs::{Failure, Job, Outcome, Poll, Request, Step};
use super::views;
use crate::findings::Finding;
use crate::ingest::{Inputs, TableKind};
use crate::{Lang, Params};
use egui::{Color32, RichText};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The input files of a project.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Files {
    pub staffing: Option<PathBuf>,
    pub survey: Option<PathBuf>,
    pub roster: Option<PathBuf>,
}

impl Files {
    pub fn set(&mut self, kind: TableKind, path: PathBuf) {
        match kind {
            TableKind::Staffing => self.staffing = Some(path),
            TableKind::Survey => self.survey = Some(path),
            TableKind::Roster => self.roster = Some(path),
        }
    }
}

/// The views of the central panel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    Overview,
    Units,
    Charts,
    Findings,
    Plan,
}

impl View {
    pub const ALL: [View; 5] = [View::Overview, View::Units, View::Charts, View::Plan, View::Findings];

    pub fn label(self, lang: Lang) -> &'static str {
        tr(
            match self {
                View::Overview => T::Overview,
                View::Units => T::Units,
                View::Charts => T::Charts,
                View::Findings => T::Findings,
                View::Plan => T::Plan,
            },
            lang,
        )
    }
}

/// Where the data stands.
#[derive(Debug, Clone)]
pub enum Status {
    /// Nothing loaded; the note says why (e.g. the sample data was not found).
    Empty {
        note: Option<T>,
    },
    Working(Step),
    Ready,
    Failed(Failure),
}

/// A computed result and what the views read out of it.
pub struct Loaded {
    pub outcome: Outcome,
    pub units: views::units::UnitTable,
    pub plan: views::plan::PlanTables,
}

pub struct SatlasApp {
    pub lang: Lang,
    pub view: View,
    pub params: Params,
    pub files: Files,
    pub status: Status,
    pub loaded: Option<Loaded>,
    pub units_view: views::units::UnitsView,
    pub plan_view: views::plan::PlanView,
    job: Option<Job>,
    /// Parameters changed while a job ran: recompute when it ends.
    recompute_pending: bool,
    ctx: egui::Context,
}

impl SatlasApp {
    /// Set up fonts and style on `ctx` and start reading `files` (None: start empty and say
    /// that the sample data is missing).
    pub fn new(ctx: &egui::Context, files: Option<Files>) -> SatlasApp {
        super::fonts::install(ctx);
        apply_style(ctx);
        let mut app = SatlasApp {
            lang: Lang::Zh,
            view: View::Overview,
            params: Params::default(),
            files: Files::default(),
            status: Status::Empty {
                note: Some(T::SampleMissing),
            },
            loaded: None,
            units_view: Default::default(),
            plan_view: Default::default(),
            job: None,
            recompute_pending: false,
            ctx: ctx.clone(),
        };
        if let Some(files) = files {
            app.open(files);
        }
        app
    }

    /// Read `files` from scratch and analyse them.
    pub fn open(&mut self, files: Files) {
        if files.staffing.is_none() {
            self.files = files;
            self.status = Status::Empty { note: None };
            return;
        }
        self.files = files.clone();
        self.start(Request {
            files,
            inputs: None,
            params: self.params.clone(),
        });
    }

    /// Analyse the inputs already read with the current parameters.
    pub fn recompute(&mut self) {
        let inputs: Option<Arc<Inputs>> = self.loaded.as_ref().map(|l| Arc::clone(&l.outcome.inputs));
        match inputs {
            Some(inputs) if self.job.is_none() => self.start(Request {
                files: self.files.clone(),
                inputs: Some(inputs),
                params: self.params.clone(),
            }),
            Some(_) => self.recompute_pending = true,
            None if self.files.staffing.is_some() && self.job.is_none() => self.open(self.files.clone()),
            None => self.recompute_pending = self.job.is_some(),
        }
    }

    fn start(&mut self, request: Request) {
        if let Some(old) = self.job.take() {
            old.cancel();
        }
        let first = if request.inputs.is_some() {
            Step::Analysing
        } else {
            Step::Reading(TableKind::Staffing)
        };
        let job = Job::spawn(request, Some(self.ctx.clone()));
        self.status = Status::Working(first);
        self.job = Some(job);
    }

    /// True while a background job runs.
    pub fn is_busy(&self) -> bool {
        self.job.is_some()
    }

    /// True when a result is shown and no job is running.
    pub fn is_ready(&self) -> bool {
        matches!(self.status, Status::Ready) && self.job.is_none()
    }

    /// The findings of the current result, or of the failure.
    pub fn findings(&self) -> &[Finding] {
        match (&self.status, &self.loaded) {
            (Status::Failed(Failure::Failed { findings, .. }), _) if !findings.is_empty() => findings,
            (_, Some(l)) => &l.outcome.findings,
            _ => &[],
        }
    }

    fn poll_job(&mut self) {
        let Some(job) = self.job.as_mut() else { return };
        match job.poll() {
            Poll::Running(step) => self.status = Status::Working(step),
            Poll::Finished(result) => {
                self.job = None;
                match *result {
                    Ok(outcome) => {
                        let units = views::units::UnitTable::from_analysis(&outcome.analysis);
                        let plan = views::plan::PlanTables::new(&outcome.plan, &outcome.analysis);
                        self.files = Files {
                            staffing: outcome.inputs.staffing.as_ref().map(|l| l.path.clone()),
                            survey: outcome.inputs.survey.as_ref().map(|l| l.path.clone()),
                            roster: outcome.inputs.roster.as_ref().map(|l| l.path.clone()),
                        };
                        self.loaded = Some(Loaded { outcome, units, plan });
                        self.units_view.invalidate();
                        self.status = Status::Ready;
                    }
                    Err(failure) => self.status = Status::Failed(failure),
                }
                if std::mem::take(&mut self.recompute_pending) {
                    self.recompute();
                }
            }
        }
    }

    fn take_dropped_files(&mut self, ctx: &egui::Context) {
        let dropped: Vec<PathBuf> = ctx.input(|i| i.raw.dropped_files.iter().map(|f| f.path().to_path_buf()).collect());
        if dropped.is_empty() {
            return;
        }
        let mut files = self.files.clone();
        for path in dropped {
            files.set(kind_from_name(&path), path);
        }
        self.open(files);
    }

    fn pick_file(&mut self, kind: TableKind) {
        let title = kind.label(self.lang);
        let picked = rfd::FileDialog::new()
            .set_title(title)
            .add_filter("Excel / WPS / CSV", &["xlsx", "xlsm", "xls", "ods", "csv", "txt"])
            .pick_file();
        if let Some(path) = picked {
            let mut files = self.files.clone();
            files.set(kind, path);
            self.open(files);
        }
    }

    /// Draw the whole window.
    pub fn show(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        self.poll_job();
        self.take_dropped_files(&ctx);
        let lang = self.lang;

        egui::Panel::top("satlas_top").show(ui, |ui| {
            ui.add_space(4.0);
            ui.horizontal(|ui| {
                ui.heading(RichText::new(format!("Satlas · {}", tr(T::AppTitle, lang))).strong());
                ui.separator();
                for view in View::ALL {
                    ui.selectable_value(&mut self.view, view, RichText::new(view.label(lang)).size(18.0));
                }
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    if ui.button(tr(T::SwitchLanguage, lang)).clicked() {
                        self.lang = match lang {
                            Lang::Zh => Lang::En,
                            Lang::En => Lang::Zh,
                        };
                    }
                });
            });
            ui.horizontal(|ui| {
                for (kind, t) in [
                    (TableKind::Staffing, T::OpenStaffing),
                    (TableKind::Survey, T::OpenSurvey),
                    (TableKind::Roster, T::OpenRoster),
                ] {
                    if ui.button(tr(t, lang)).on_hover_text(tr(T::DropHint, lang)).clicked() {
                        self.pick_file(kind);
                    }
                }
                ui.separator();
                self.status_line(ui);
            });
            ui.add_space(4.0);
        });

        egui::Panel::left("satlas_params")
            .default_size(290.0)
            .min_size(240.0)
            .show(ui, |ui| {
                egui::ScrollArea::vertical().show(ui, |ui| {
                    if views::params::show(ui, &mut self.params, lang) {
                        self.recompute();
                    }
                });
            });

        let mut plan_changed = false;
        egui::CentralPanel::default_margins().show(ui, |ui| {
            if self.recompute_pending || (self.job.is_some() && self.loaded.is_some()) {
                ui.colored_label(Color32::from_rgb(150, 100, 0), tr(T::Stale, lang));
            }
            match (&self.loaded, self.view) {
                (_, View::Findings) => views::findings::show(ui, self.findings(), lang),
                (None, _) => {
                    ui.add_space(40.0);
                    ui.vertical_centered(|ui| {
                        if let Status::Empty { note: Some(note) } = &self.status {
                            ui.label(RichText::new(tr(*note, lang)).size(20.0));
                        }
                        ui.label(RichText::new(tr(T::NoData, lang)).size(20.0));
                        ui.label(tr(T::DropHint, lang));
                    });
                }
                (Some(loaded), View::Overview) => {
                    if let Some(unit) = views::overview::show(ui, loaded, lang) {
                        self.units_view.show_unit(&unit);
                        self.view = View::Units;
                    }
                }
                (Some(loaded), View::Units) => self.units_view.show(ui, &loaded.units, &loaded.outcome.analysis, lang),
                (Some(loaded), View::Charts) => views::charts::show(ui, loaded, &self.params, lang),
                (Some(loaded), View::Plan) => {
                    plan_changed = self.plan_view.show(ui, &loaded.plan, &mut self.params.plan, lang);
                }
            }
        });
        if plan_changed {
            self.recompute();
        }
    }

    fn status_line(&mut self, ui: &mut egui::Ui) {
        let lang = self.lang;
        match &self.status {
            Status::Working(step) => {
                ui.spinner();
                ui.label(step.label(lang));
                if ui.button(tr(T::Cancel, lang)).clicked()
                    && let Some(job) = &self.job
                {
                    job.cancel();
                }
            }
            Status::Ready => {
                let names: Vec<String> = [&self.files.staffing, &self.files.survey, &self.files.roster]
                    .into_iter()
                    .flatten()
                    .map(|p| file_name(p.as_path()))
                    .collect();
                ui.label(format!("{}：{}", tr(T::Files, lang), names.join("、")));
            }
            Status::Failed(f) => {
                ui.colored_label(
                    Color32::from_rgb(190, 30, 30),
                    format!("{}：{}", tr(T::Failed, lang), f.message(lang)),
                );
            }
            Status::Empty { .. } => {
                ui.label(tr(T::NoData, lang));
            }
        }
    }
}

impl eframe::App for SatlasApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.show(ui);
    }
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// Which table a dropped file holds, from its name.
pub fn kind_from_name(path: &Path) -> TableKind {
    let name = file_name(path).to_lowercase();
    if ["调查", "工作量", "survey", "workload"]
        .iter()
        .any(|k| name.contains(k))
    {
        TableKind::Survey
    } else if ["花名册", "名册", "roster", "人员"].iter().any(|k| name.contains(k)) {
        TableKind::Roster
    } else {
        TableKind::Staffing
    }
}

/// Light theme, sizes readable on a projector.
pub fn apply_style(ctx: &egui::Context) {
    use egui::{FontFamily, FontId, TextStyle};
    ctx.set_theme(egui::Theme::Light);
    ctx.all_styles_mut(|style| {
        style.text_styles = [
            (TextStyle::Heading, FontId::new(24.0, FontFamily::Proportional)),
            (TextStyle::Body, FontId::new(17.0, FontFamily::Proportional)),
            (TextStyle::Button, FontId::new(17.0, FontFamily::Proportional)),
            (TextStyle::Small, FontId::new(14.0, FontFamily::Proportional)),
            (TextStyle::Monospace, FontId::new(16.0, FontFamily::Monospace)),
        ]
        .into();
        style.spacing.item_spacing = egui::vec2(10.0, 6.0);
        style.spacing.button_padding = egui::vec2(8.0, 4.0);
    });
}
