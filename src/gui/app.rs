//! The eframe app: what is loaded, what is shown, the top bar, the parameters panel and the
//! background job that feeds the views.

use super::compute::Request;
use super::dialogs::{self, Asked, Dialogs, Mode, Purpose};
use super::history::History;
use super::i18n::{T, labelled, tr};
use super::jobs::{Failure, Job, Poll, Step};
use super::loaded::Loaded;
use super::settings::Settings;
use super::views;
use super::views::params::Edit;
use crate::export::{self, NamedTable};
use crate::findings::Finding;
use crate::ingest::TableKind;
use crate::model::ParamError;
use crate::model::Sheet;
use crate::project::{self, Project, Sources};
use crate::scenario::Scenario;
use crate::{Lang, Params};
use egui::RichText;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The views of the central panel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum View {
    #[default]
    Overview,
    Units,
    Charts,
    Findings,
    Plan,
    Scenarios,
    Sources,
}

impl View {
    pub const ALL: [View; 7] = [
        View::Overview,
        View::Units,
        View::Charts,
        View::Plan,
        View::Scenarios,
        View::Findings,
        View::Sources,
    ];

    pub fn label(self, lang: Lang) -> &'static str {
        tr(
            match self {
                View::Overview => T::Overview,
                View::Units => T::Units,
                View::Charts => T::Charts,
                View::Findings => T::Findings,
                View::Plan => T::Plan,
                View::Scenarios => T::ScenariosView,
                View::Sources => T::Sources,
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

/// A message for the status line that is not the job's: a saved file, or why it was not.
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    pub ok: bool,
    pub zh: String,
    pub en: String,
}

impl Notice {
    fn done(t: T, path: &Path) -> Notice {
        Notice {
            ok: true,
            zh: format!("{}：{}", tr(t, Lang::Zh), path.display()),
            en: format!("{}: {}", tr(t, Lang::En), path.display()),
        }
    }

    fn failed(zh: String, en: String) -> Notice {
        Notice { ok: false, zh, en }
    }
}

pub struct SatlasApp {
    /// Remembered between runs in the settings file: language, theme, recent lists and the
    /// last session.
    pub settings: Settings,
    /// The work in hand, what a project file saves.
    pub work: Work,
    /// What the window shows; not saved.
    pub ui: UiState,
    /// What is loaded, running or being said; not saved.
    pub run: Runtime,
}

/// The work in hand: the input files with their choices, the parameters, and where it is saved.
#[derive(Debug, Clone, Default)]
pub struct Work {
    /// The input files and the sheet and column choices made for them.
    pub sources: Sources,
    pub params: Params,
    /// The scenarios beside the current rules (the parameters above).
    pub scenarios: Vec<Scenario>,
    /// The parameters the scenarios were last laid over: a scenario keeps what it sets, and
    /// takes the rest from the current rules as they change.
    pub scenarios_base: Params,
    /// Scenarios of the project that could not be read: kept, and written back as they were.
    pub unread_scenarios: Vec<toml::Table>,
    /// The saved project this session works on, if any.
    pub project_path: Option<PathBuf>,
}

/// The view shown and each view's own state.
#[derive(Default)]
pub struct UiState {
    pub view: View,
    pub units_view: views::units::UnitsView,
    pub charts_view: views::charts::ChartsView,
    pub plan_view: views::plan::PlanView,
    pub scenarios_view: views::scenarios::ScenariosView,
    /// 生成调查表: what the forms will say.
    pub template_form: super::templates::TemplateForm,
    pub findings_view: views::findings::FindingsView,
    pub names_view: views::names::NamesView,
    pub activity_names_view: views::activity_names::ActivityNamesView,
    /// A field of an input to bring into view in 数据源 (from the line that says it was read
    /// on a guess).
    pub sources_focus: Option<views::sources::Focus>,
    pub sources_scroll: bool,
    pub about_open: bool,
    /// The glossary of terms and formulas (F1).
    pub help_open: bool,
    /// The parameters panel is hidden (more room for a view on a small screen).
    pub params_hidden: bool,
    /// How paths are asked for, and the chooser inside the window when it is open.
    pub dialogs: Dialogs,
}

/// The result in hand, the job computing the next one, and what the status line says.
pub struct Runtime {
    pub status: Status,
    pub loaded: Option<Loaded>,
    pub notice: Option<Notice>,
    /// The detail of the last internal error, for the copy button.
    pub error_detail: Option<String>,
    /// The support log, shown in the About box.
    pub log_path: Option<PathBuf>,
    /// Where settings are written; None (tests) keeps them in memory only.
    settings_path: Option<PathBuf>,
    job: Option<Job<Loaded>>,
    /// The charts of the result in hand, being built after its tables, with that result.
    charts_job: Option<super::loaded::ChartsJob>,
    /// Parameters changed while a job ran: recompute when it ends.
    recompute_pending: bool,
    /// Why the parameters last edited cannot be used; the figures are of the last valid ones.
    pub param_problem: Option<ParamError>,
    /// The parameters before each edit, for undo and redo.
    pub history: History<Params>,
    /// The parameters as the last landed edit left them: what the next edit starts from.
    params_at_rest: Params,
    /// What the last recompute changed in the plan, when the inputs stayed the same.
    pub plan_changes: Option<crate::plan::PlanChanges>,
    /// Survey forms being written.
    forms_writing: Option<super::templates::Writing>,
    /// The window as it stands (saved with the settings); whether it was fitted to the screen.
    window: Option<super::window::WindowState>,
    fitted: bool,
    /// Whether the window's width was looked at to hide the parameters on a narrow screen.
    width_checked: bool,
    ctx: egui::Context,
}

impl Runtime {
    /// The findings to show: a failed read's, else the result's.
    pub fn findings(&self) -> &[Finding] {
        match (&self.status, &self.loaded) {
            (Status::Failed(Failure::Failed { findings, .. }), _) if !findings.is_empty() => findings,
            (Status::Failed(Failure::NeedsMapping { finding, .. }), _) => std::slice::from_ref(finding),
            (_, Some(l)) => &l.outcome.findings,
            _ => &[],
        }
    }
}

impl SatlasApp {
    /// Set up fonts and style on `ctx` and start reading `sources` (None: start empty and say
    /// that the sample data is missing). Settings are neither read nor written.
    pub fn new(ctx: &egui::Context, sources: Option<Sources>) -> SatlasApp {
        super::fonts::install(ctx);
        super::log::install_bridge();
        apply_style(ctx);
        let mut app = SatlasApp {
            settings: Settings::default(),
            work: Work::default(),
            ui: UiState::default(),
            run: Runtime {
                status: Status::Empty {
                    note: Some(T::SampleMissing),
                },
                loaded: None,
                notice: None,
                error_detail: None,
                log_path: None,
                settings_path: None,
                job: None,
                recompute_pending: false,
                param_problem: None,
                history: History::default(),
                params_at_rest: Params::default(),
                plan_changes: None,
                charts_job: None,
                forms_writing: None,
                window: None,
                fitted: false,
                width_checked: false,
                ctx: ctx.clone(),
            },
        };
        if let Some(sources) = sources {
            app.open(sources);
        }
        app
    }

    /// Start as the user left it: the settings at `settings_path`, the last session's project
    /// when its staffing table is still there, else `fallback` (the sample data).
    pub fn with_settings(ctx: &egui::Context, settings_path: Option<PathBuf>, fallback: Option<Sources>) -> SatlasApp {
        let log_path = settings_path
            .as_deref()
            .and_then(Path::parent)
            .and_then(super::log::init);
        let (settings, problem) = match &settings_path {
            Some(path) => Settings::load(path),
            None => (Settings::default(), None),
        };
        let last = settings
            .last_session
            .clone()
            .filter(|p| p.sources.staffing.as_ref().is_some_and(|s| s.path.is_file()));
        let mut app = SatlasApp::new(ctx, None);
        app.work.project_path = settings.project_file.clone().filter(|_| last.is_some());
        let dark = settings.dark;
        app.settings = settings;
        app.set_dark(dark);
        app.run.settings_path = settings_path;
        app.run.log_path = log_path;
        if let Some(problem) = problem {
            app.run.notice = Some(Notice::failed(
                format!("设置文件无法读取，已使用默认设置（{problem}）"),
                format!("The settings file could not be read; defaults are used ({problem})"),
            ));
        }
        match last {
            Some(project) => {
                let kept_in = app.run.settings_path.clone().unwrap_or_default();
                app.take_scenarios(&project, &kept_in);
                app.params_replaced(project.params.clone());
                app.open(project.sources);
            }
            None => {
                if let Some(sources) = fallback {
                    app.open(sources);
                }
            }
        }
        app
    }

    /// Read `sources` from scratch and analyse them.
    pub fn open(&mut self, sources: Sources) {
        for (_, s) in sources.iter() {
            self.settings.remember_file(&s.path);
            self.settings.remember_choices(&s.path, &s.options);
        }
        self.work.sources = sources.clone();
        if sources.staffing.is_none() {
            if let Some(job) = self.run.job.take() {
                job.cancel();
            }
            self.run.charts_job = None;
            self.run.loaded = None;
            self.run.status = Status::Empty { note: None };
            return;
        }
        let scenarios = self.scenarios_now();
        self.start(Request {
            sources,
            inputs: None,
            in_hand: None,
            charts: None,
            params: self.work.params.clone(),
            scenarios,
            lang: self.settings.lang,
        });
    }

    /// Analyse the inputs already read with the current parameters (or, when only the plan's
    /// rules changed, plan again on the analysis in hand).
    pub fn recompute(&mut self) {
        let in_hand = self.run.loaded.as_ref().map(|l| Arc::clone(&l.outcome));
        match in_hand {
            Some(in_hand) if self.run.job.is_none() => {
                let scenarios = self.scenarios_now();
                let charts = self.run.loaded.as_ref().map(|l| (l.charts_lang, Arc::clone(&l.charts)));
                self.start(Request {
                    sources: self.work.sources.clone(),
                    inputs: Some(Arc::clone(&in_hand.inputs)),
                    in_hand: Some(in_hand),
                    charts,
                    params: self.work.params.clone(),
                    scenarios,
                    lang: self.settings.lang,
                })
            }
            Some(_) => self.run.recompute_pending = true,
            None if self.work.sources.staffing.is_some() && self.run.job.is_none() => {
                self.open(self.work.sources.clone())
            }
            None => self.run.recompute_pending = self.run.job.is_some(),
        }
    }

    fn start(&mut self, request: Request) {
        if let Some(old) = self.run.job.take() {
            old.cancel();
        }
        let first = if request.inputs.is_some() {
            Step::Analysing
        } else {
            Step::Reading(TableKind::Staffing, None)
        };
        let job = super::loaded::spawn(request, self.run.loaded.as_ref(), Some(self.run.ctx.clone()));
        self.run.error_detail = None;
        self.run.status = Status::Working(first);
        self.run.job = Some(job);
    }

    /// Stop waiting for the running job: the window goes back at once to the last result (or
    /// to none), and the job's thread stops at its next step and its result is dropped.
    pub fn cancel_job(&mut self) {
        let Some(job) = self.run.job.take() else { return };
        job.cancel();
        tracing::info!("job cancelled by the user");
        self.run.recompute_pending = false;
        match &self.run.loaded {
            Some(l) => {
                self.work.sources = l.outcome.sources.clone();
                let params = l.outcome.params.clone();
                self.params_replaced(params);
                self.run.status = Status::Ready;
            }
            None => self.run.status = Status::Failed(Failure::Cancelled),
        }
        self.run.notice = Some(Notice {
            ok: true,
            zh: tr(T::Cancelled, Lang::Zh).to_owned(),
            en: tr(T::Cancelled, Lang::En).to_owned(),
        });
        // A result that landed while the edits went on is the session now.
        self.save_settings();
    }

    /// True while a background job runs.
    pub fn is_busy(&self) -> bool {
        self.run.job.is_some()
    }

    /// True when the running job has sent its result, which the next frame shows.
    pub fn job_finished(&self) -> bool {
        self.run.job.as_ref().is_some_and(|j| j.is_finished())
    }

    /// True when a result is shown, charts and all, and no job is running.
    pub fn is_ready(&self) -> bool {
        self.tables_ready() && self.run.charts_job.is_none()
    }

    /// True when a result's tables are shown and no job is running (its charts may still be
    /// coming).
    pub fn tables_ready(&self) -> bool {
        matches!(self.run.status, Status::Ready) && self.run.job.is_none()
    }

    /// The findings of the current result, or of the failure.
    pub fn findings(&self) -> &[Finding] {
        self.run.findings()
    }

    /// The project as it stands. Parameters that cannot be used are not saved: the last valid
    /// ones are (the figures shown rest on them), so the project reopens. Scenarios keep the
    /// keys they set, whatever the parameters; those that could not be read are kept as read.
    pub fn project(&self) -> Project {
        let params = match (&self.run.param_problem, &self.run.loaded) {
            (Some(_), Some(l)) => l.outcome.params.clone(),
            _ => self.work.params.clone(),
        };
        let mut project = Project {
            sources: self.work.sources.clone(),
            params,
            ..Project::default()
        };
        project.keep_scenarios(&self.work.scenarios, &self.work.unread_scenarios);
        project
    }

    /// The scenarios laid over the current rules as they now stand; one that no longer fits
    /// them is kept as it was, and said.
    fn scenarios_now(&mut self) -> Vec<Scenario> {
        if self.work.scenarios_base != self.work.params {
            for s in &mut self.work.scenarios {
                match crate::scenario::rebase(s, &self.work.params) {
                    Ok(again) => *s = again,
                    Err(e) => self.run.notice = Some(Notice::failed(e.zh, e.en)),
                }
            }
            self.work.scenarios_base = self.work.params.clone();
        }
        self.work.scenarios.clone()
    }

    /// Scenarios edited in their view: compute them again (the current rules' figures too:
    /// one job computes both).
    pub fn scenarios_edited(&mut self) {
        if self.run.param_problem.is_none() {
            self.recompute();
        }
    }

    pub fn set_dark(&mut self, dark: bool) {
        self.settings.dark = dark;
        self.run
            .ctx
            .set_theme(if dark { egui::Theme::Dark } else { egui::Theme::Light });
    }

    /// Remember the session and write the settings (when the app has a settings file).
    pub fn save_settings(&mut self) {
        self.settings.project_file = self.work.project_path.clone();
        if self.run.window.is_some() {
            self.settings.window = self.run.window;
        }
        self.settings.last_session = Some(self.project()).filter(|p| p.sources.staffing.is_some());
        if let Some(path) = &self.run.settings_path
            && let Err(e) = self.settings.save(path)
        {
            self.run.notice = Some(Notice::failed(
                format!("无法保存设置：{e}"),
                format!("The settings could not be saved: {e}"),
            ));
        }
    }

    /// Open a saved project: its files, choices, parameters and scenarios. Scenarios that
    /// cannot be read are left out, and said.
    pub fn open_project(&mut self, path: &Path) -> bool {
        match Project::load(path) {
            Ok(project) => {
                self.run.notice = None;
                self.take_scenarios(&project, path);
                self.params_replaced(project.params);
                self.work.project_path = Some(path.to_path_buf());
                self.settings.remember_project(path);
                self.open(project.sources);
                self.save_settings();
                true
            }
            Err(e) => {
                self.run.notice = Some(Notice::failed(e.zh, e.en));
                false
            }
        }
    }

    /// Open the project the window was started with (a double-clicked `.satlas`). One that
    /// cannot be opened leaves the window empty, saying why: the last session's figures, or
    /// the sample's, beside its error would look like the project's own.
    pub fn open_project_at_start(&mut self, path: &Path) {
        if !self.open_project(path) {
            self.work.project_path = None;
            self.open(Sources::default());
        }
    }

    /// Add the scenario in the file at `path` (a scenario file, as `--scenario` reads), laid
    /// over the current rules; a file that cannot be read or used is said, naming its line.
    pub fn import_scenario(&mut self, path: &Path) {
        let file = path
            .file_name()
            .map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
        let read = std::fs::read_to_string(path)
            .map_err(|e| {
                let f = crate::ingest::io_finding(&file, &e);
                (f.line(Lang::Zh), f.line(Lang::En))
            })
            .and_then(|text| crate::scenario::read(&text, &file, &self.work.params).map_err(|e| (e.zh, e.en)));
        match read {
            Ok(s) => {
                // Laid over the parameters as they are now: the base they rebase from.
                self.scenarios_now();
                self.work.scenarios.push(s);
                self.ui.view = View::Scenarios;
                self.ui.scenarios_view.selected = Some(self.work.scenarios.len() - 1);
                self.run.notice = Some(Notice::done(T::ScenarioImported, path));
                self.scenarios_edited();
            }
            Err((zh, en)) => self.run.notice = Some(Notice::failed(zh, en)),
        }
    }

    /// The scenarios of `project` (read from `path`) in place of those in hand.
    fn take_scenarios(&mut self, project: &Project, path: &Path) {
        self.work.scenarios_base = project.params.clone();
        let (read, unread) = project.read_scenarios(path);
        self.work.scenarios = read;
        if !unread.is_empty() {
            let said = |pick: fn(&project::ProjectError) -> &str| {
                unread.iter().map(|(_, e)| pick(e)).collect::<Vec<_>>().join("；")
            };
            self.run.notice = Some(Notice::failed(said(|e| &e.zh), said(|e| &e.en)));
        }
        self.work.unread_scenarios = unread.into_iter().map(|(t, _)| t).collect();
    }

    /// Save the project to `path` (whole or not at all).
    pub fn save_project(&mut self, path: &Path) {
        match self.project().save(path) {
            Ok(()) => {
                self.work.project_path = Some(path.to_path_buf());
                self.settings.remember_project(path);
                self.run.notice = Some(Notice::done(T::ProjectSaved, path));
                self.save_settings();
            }
            Err(e) => self.run.notice = Some(Notice::failed(e.zh, e.en)),
        }
    }

    /// The tables the current view shows, for export, in the UI's language. A plan that could
    /// not be made has no tables; a table that could not be built is an error, not a gap.
    pub fn view_tables(&self) -> polars::prelude::PolarsResult<Vec<(Sheet, polars::prelude::DataFrame)>> {
        let Some(loaded) = &self.run.loaded else {
            return Ok(Vec::new());
        };
        let a = &loaded.outcome.analysis;
        let lang = self.settings.lang;
        Ok(match self.ui.view {
            View::Overview => vec![(Sheet::Summary, crate::report::summary_labelled(&a.summary, lang)?)],
            View::Units | View::Charts => vec![
                (Sheet::Units, a.units.clone()),
                (Sheet::UnitTypes, a.unit_types.clone()),
            ],
            View::Findings => vec![(Sheet::Findings, crate::report::findings_frame(self.findings(), lang)?)],
            View::Plan => match &loaded.outcome.plan {
                Ok(plan) => {
                    let plan = crate::plan::localize(plan, lang)?;
                    vec![
                        (Sheet::Plan, plan.units),
                        (Sheet::Transfers, plan.transfers),
                        (Sheet::PlanSummary, plan.summary),
                    ]
                }
                Err(_) => Vec::new(),
            },
            View::Scenarios => loaded.outcome.what_if_sheets()?,
            View::Sources => Vec::new(),
        })
    }

    /// The table the current view shows and the rows shown (None: all), for the clipboard;
    /// None when the view has no table, an error when it could not be built.
    #[allow(clippy::type_complexity)]
    fn shown_table(&mut self) -> Result<Option<(polars::prelude::DataFrame, Option<Vec<usize>>)>, String> {
        let Some(loaded) = self.run.loaded.as_ref() else {
            return Ok(None);
        };
        let lang = self.settings.lang;
        let text = |e: polars::prelude::PolarsError| e.to_string();
        Ok(Some(match self.ui.view {
            View::Units | View::Charts => {
                let rows = self.ui.units_view.visible(&loaded.units).to_vec();
                (loaded.outcome.analysis.units.clone(), Some(rows))
            }
            View::Findings => {
                let findings = self.run.findings();
                let rows = self.ui.findings_view.visible_indices(findings);
                (crate::report::findings_frame(findings, lang).map_err(text)?, Some(rows))
            }
            View::Plan => {
                let Ok(plan) = loaded.outcome.plan.as_ref() else {
                    return Ok(None);
                };
                let plan = crate::plan::localize(plan, lang).map_err(text)?;
                match self.ui.plan_view.tab {
                    views::plan::PlanTab::Transfers => (plan.transfers, None),
                    _ => (plan.units, None),
                }
            }
            View::Overview => {
                let summary = &loaded.outcome.analysis.summary;
                (crate::report::summary_labelled(summary, lang).map_err(text)?, None)
            }
            View::Scenarios => match loaded.outcome.what_if_sheets().map_err(text)?.into_iter().next() {
                Some((_, frame)) => (frame, None),
                None => return Ok(None),
            },
            View::Sources => return Ok(None),
        }))
    }

    /// Put the table the view shows on the clipboard as tab-separated text with its header:
    /// pasted into Excel or WPS it gives the cells the report writes.
    pub fn copy_table(&mut self, ctx: &egui::Context) {
        let lang = self.settings.lang;
        let table = self.shown_table().and_then(|t| {
            let Some((frame, rows)) = t else { return Ok(None) };
            let text = crate::export::table_text(&frame, lang, rows.as_deref()).map_err(|e| e.to_string())?;
            Ok(Some((text, rows.map_or(frame.height(), |r| r.len()))))
        });
        self.run.notice = Some(match table {
            Ok(Some((text, n))) => {
                ctx.copy_text(text);
                Notice {
                    ok: true,
                    zh: format!("{}（{n} 行）", tr(T::TableCopied, Lang::Zh)),
                    en: format!("{} ({n} rows)", tr(T::TableCopied, Lang::En)),
                }
            }
            Ok(None) => Notice::failed(
                tr(T::NothingToCopy, Lang::Zh).to_owned(),
                tr(T::NothingToCopy, Lang::En).to_owned(),
            ),
            Err(e) => Notice::failed(format!("复制失败：{e}"), format!("Copy failed: {e}")),
        });
    }

    /// Ctrl+C that no text took (no field or selected label copied anything): the view's table.
    fn copy_shortcut(&mut self, ctx: &egui::Context) {
        let asked = ctx.input(|i| i.events.iter().any(|e| matches!(e, egui::Event::Copy)));
        let copied = ctx.output(|o| o.commands.iter().any(|c| matches!(c, egui::OutputCommand::CopyText(_))));
        if asked && !copied && !ctx.egui_wants_keyboard_input() {
            self.copy_table(ctx);
        }
    }

    /// Write the current view's tables to `path` (.xlsx or .csv) through the engine's writer.
    pub fn export_view(&mut self, path: &Path) {
        let tables = match self.view_tables() {
            Ok(tables) => tables,
            Err(e) => return self.report_written(path, Err(ExportFailure::same(e.to_string()))),
        };
        if tables.is_empty() {
            self.run.notice = Some(Notice::failed(
                tr(T::NothingToExport, Lang::Zh).to_owned(),
                tr(T::NothingToExport, Lang::En).to_owned(),
            ));
            return;
        }
        let named: Vec<NamedTable> = tables
            .iter()
            .map(|(key, frame)| NamedTable { key: *key, frame })
            .collect();
        let inputs = self.input_paths();
        let written = export::write_report(path, &named, self.settings.lang, &inputs);
        self.report_written(path, written.map_err(ExportFailure::from));
    }

    /// Every input file in play (as chosen, and as the figures were read from): never written.
    fn input_paths(&self) -> Vec<PathBuf> {
        let mut paths = self.work.sources.paths();
        if let Some(l) = &self.run.loaded {
            paths.extend(l.outcome.sources.paths());
        }
        paths
    }

    /// Say that an action needs a result and there is none (it went while a dialog was open).
    fn no_result(&mut self) {
        self.run.notice = Some(Notice::failed(
            tr(T::NothingToExport, Lang::Zh).to_owned(),
            tr(T::NothingToExport, Lang::En).to_owned(),
        ));
    }

    /// Write the whole report (every table the CLI's `analyze` writes) to `path`.
    pub fn export_report(&mut self, path: &Path) {
        let inputs_in_play = self.input_paths();
        let Some(loaded) = &self.run.loaded else {
            return self.no_result();
        };
        let lang = self.settings.lang;
        let a = &loaded.outcome.analysis;
        let result = (|| -> Result<Vec<PathBuf>, ExportFailure> {
            let plan = loaded.outcome.plan.as_ref().ok();
            let plan = plan
                .map(|p| crate::plan::localize(p, lang))
                .transpose()
                .map_err(|e| ExportFailure::same(e.to_string()))?;
            let inputs = &loaded.outcome.inputs;
            let report =
                // The parameters the figures were computed with, not those typed since.
                crate::report::Report::build(a, plan.as_ref(), &loaded.outcome.params, self.findings(), inputs, lang)
                    .map_err(|e| ExportFailure::same(e.to_string()))?;
            // Parquet is for programs: the survey's rows go with it, as the command line
            // writes them, for `satlas sql` to compute from.
            let survey_rows = match export::writes_parquet(path) {
                true => crate::report::survey_rows(inputs).map_err(|e| ExportFailure::same(e.to_string()))?,
                false => None,
            };
            let mut tables = report.tables();
            // The scenarios beside the current rules, as the command line writes them.
            let what_if = loaded
                .outcome
                .what_if_sheets()
                .map_err(|e| ExportFailure::same(e.to_string()))?;
            tables.extend(what_if.iter().map(|(key, frame)| NamedTable { key: *key, frame }));
            if let Some(frame) = &survey_rows {
                tables.push(NamedTable {
                    key: crate::model::Sheet::Survey,
                    frame,
                });
            }
            export::write_report(path, &tables, lang, &inputs_in_play).map_err(ExportFailure::from)
        })();
        // A report without some scenario says which, and why.
        let left_out = loaded
            .outcome
            .what_if
            .as_ref()
            .map(|w| (w.left_out(Lang::Zh), w.left_out(Lang::En)));
        self.report_written(path, result);
        if let (Some(notice), Some((zh, en))) = (self.run.notice.as_mut(), left_out)
            && notice.ok
            && !zh.is_empty()
        {
            notice.ok = false;
            notice
                .zh
                .push_str(&format!("；{}{}", tr(T::ScenarioLeftOut, Lang::Zh), zh.join("；")));
            notice
                .en
                .push_str(&format!("; {}{}", tr(T::ScenarioLeftOut, Lang::En), en.join("; ")));
        }
    }

    fn report_written(&mut self, path: &Path, result: Result<Vec<PathBuf>, ExportFailure>) {
        self.run.notice = Some(match result {
            Ok(_) => Notice::done(T::Exported, path),
            Err(e) => Notice::failed(format!("导出失败：{}", e.zh), format!("Export failed: {}", e.en)),
        });
    }

    /// Show `loaded`; its charts, when they come after its tables, are built on their own
    /// thread while the charts view keeps the chart it shows.
    fn install(&mut self, mut loaded: Loaded) {
        self.run.plan_changes = loaded.plan_changes.take();
        let pending = loaded
            .charts_pending
            .then(|| (Arc::clone(&loaded.outcome), loaded.charts_lang));
        // The result replaced may hold the last references to large tables: it is freed on
        // a thread of its own, not in this frame.
        if let Some(old) = self.run.loaded.replace(loaded) {
            let _ = std::thread::Builder::new().name("satlas-free".into()).spawn(move || {
                super::background::lower_this_thread();
                drop(old)
            });
        }
        self.ui.units_view.invalidate();
        // Charts of a result replaced are of no use: their job stops at its next chart.
        if let Some(old) = self.run.charts_job.take() {
            old.job.cancel();
        }
        match pending {
            Some((outcome, lang)) => {
                self.run.charts_job = Some(super::loaded::charts_job(outcome, lang, Some(self.run.ctx.clone())));
            }
            None => self.ui.charts_view.invalidate(),
        }
    }

    /// Take the charts of the result in hand when they are built (those of an earlier result
    /// are dropped); when they could not be, each chart is built when it is shown.
    fn poll_charts(&mut self) {
        let Some(charts) = self.run.charts_job.as_mut() else {
            return;
        };
        let Poll::Finished(result) = charts.job.poll() else {
            return;
        };
        let outcome = Arc::clone(&charts.of);
        self.run.charts_job = None;
        let Some(loaded) = self.run.loaded.as_mut().filter(|l| Arc::ptr_eq(&l.outcome, &outcome)) else {
            return;
        };
        loaded.charts_pending = false;
        match *result {
            Ok(specs) => loaded.charts = specs,
            Err(e) => tracing::warn!("the charts could not be built with the result: {e:?}"),
        }
        self.ui.charts_view.invalidate();
    }

    fn poll_job(&mut self) {
        let Some(job) = self.run.job.as_mut() else { return };
        match job.poll() {
            Poll::Running(step) => self.run.status = Status::Working(step),
            Poll::Finished(result) => {
                self.run.job = None;
                match *result {
                    Ok(loaded) => {
                        self.install(loaded);
                        self.run.status = Status::Ready;
                        // A threshold being dragged lands again at once: the session is
                        // written once it comes to rest.
                        if !self.run.recompute_pending {
                            self.save_settings();
                        }
                    }
                    Err(failure) => {
                        // A field to choose: show the file's columns rather than a refusal.
                        if matches!(failure, Failure::NeedsMapping { .. }) {
                            self.ui.view = View::Sources;
                        }
                        // Figures of other files must not stand under the new files' names: a
                        // cancel, or a file that could not be used (the failure names it), goes
                        // back to the files shown with their figures; a field to choose clears
                        // them, as the mapping it offers is the new file's.
                        if let Some(shown) = self.run.loaded.as_ref().map(|l| l.outcome.sources.clone())
                            && shown != self.work.sources
                        {
                            if matches!(failure, Failure::Cancelled | Failure::Failed { .. }) {
                                self.work.sources = shown;
                            } else {
                                self.run.loaded = None;
                            }
                        }
                        match (&failure, &self.run.loaded) {
                            // The figures shown stand: the failure is said beside them, whole,
                            // and their findings stay in the findings view.
                            (Failure::Failed { .. }, Some(_)) => {
                                self.run.notice = Some(Notice::failed(
                                    labelled(tr(T::Failed, Lang::Zh), failure.message(Lang::Zh), Lang::Zh),
                                    labelled(tr(T::Failed, Lang::En), failure.message(Lang::En), Lang::En),
                                ));
                                self.run.status = Status::Ready;
                            }
                            _ => self.run.status = Status::Failed(failure),
                        }
                    }
                }
                if std::mem::take(&mut self.run.recompute_pending) {
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
        if let Some(p) = dropped.iter().find(|p| is_project_file(p)) {
            let p = p.clone();
            self.open_project(&p);
            return;
        }
        // A folder dropped is a round of returned surveys.
        let kind_of = |p: &PathBuf| {
            if p.is_dir() {
                TableKind::Survey
            } else {
                kind_from_name(p)
            }
        };
        // Several files of one kind would leave all but one unread: said, not done.
        let twice = TableKind::ALL
            .into_iter()
            .find(|k| dropped.iter().filter(|p| kind_of(p) == *k).count() > 1);
        if let Some(kind) = twice {
            self.run.notice = Some(Notice::failed(
                format!(
                    "一次拖入了多个{}：要一起读取回收的多份调查表，请把它们放在一个文件夹中，再拖入该文件夹。",
                    kind.label(Lang::Zh)
                ),
                format!(
                    "Several {} files were dropped at once: to read many returned forms together, put them in one folder and drop the folder.",
                    kind.label(Lang::En)
                ),
            ));
            return;
        }
        let mut sources = self.work.sources.clone();
        for path in dropped {
            sources.set_path(kind_of(&path), path);
        }
        self.open(sources);
    }

    /// Ask for the folder of returned survey forms.
    fn pick_survey_folder(&mut self) {
        self.ask(dialogs::Request {
            purpose: Purpose::OpenSurveyFolder,
            mode: Mode::Folder,
            title: tr(T::OpenSurveyFolder, self.settings.lang)
                .trim_end_matches('…')
                .to_owned(),
            filters: Vec::new(),
            file_name: None,
            folder: None,
        });
    }

    /// Write the survey forms at `path` (the form's choices), on a thread of their own.
    pub fn write_forms(&mut self, path: &Path) {
        let Some(loaded) = &self.run.loaded else {
            return self.no_result();
        };
        let inputs = Arc::clone(&loaded.outcome.inputs);
        let lang = self.settings.lang;
        self.run.forms_writing = Some(super::templates::start(
            inputs,
            &self.ui.template_form,
            path,
            lang,
            &self.run.ctx,
        ));
    }

    /// The 生成调查表 window, and the forms being written.
    fn forms_window(&mut self, ctx: &egui::Context) {
        let lang = self.settings.lang;
        if let Some(done) = self.run.forms_writing.as_ref().and_then(super::templates::poll) {
            self.run.forms_writing = None;
            self.run.notice = Some(match done {
                Ok((n, path)) => Notice {
                    ok: true,
                    zh: format!("已生成 {n} 个单位的调查表：{}", path.display()),
                    en: format!("Forms written for {n} units: {}", path.display()),
                },
                Err(e) => Notice::failed(
                    format!("调查表未能生成：{e}"),
                    format!("The forms were not written: {e}"),
                ),
            });
        }
        if !self.ui.template_form.open {
            return;
        }
        let units = self.run.loaded.as_ref().map_or(0, |l| l.units.rows.len());
        let busy = self.run.forms_writing.is_some();
        if self.ui.template_form.show(ctx, units, busy, lang) {
            let one = self.ui.template_form.one_workbook;
            self.ask(dialogs::Request {
                purpose: Purpose::WriteForms,
                mode: if one { Mode::Save } else { Mode::Folder },
                title: tr(T::MakeForms, lang).to_owned(),
                filters: if one { vec![("Excel", &["xlsx"])] } else { Vec::new() },
                file_name: one.then(|| format!("{}_{}.xlsx", tr(T::FormsFolder, lang), self.ui.template_form.year)),
                folder: None,
            });
        }
    }

    fn pick_file(&mut self, kind: TableKind) {
        self.ask(dialogs::Request {
            purpose: Purpose::OpenTable(kind),
            mode: Mode::Open,
            title: kind.label(self.settings.lang).to_owned(),
            filters: vec![(
                "Excel / WPS / CSV / Parquet",
                &["xlsx", "xlsm", "xls", "ods", "csv", "txt", "parquet"],
            )],
            file_name: None,
            folder: None,
        });
    }

    /// Ask for a path for `request`: act on it now, or when the chooser inside the window
    /// answers. A system dialog that could not open is said in the status line and the log.
    pub fn ask(&mut self, mut request: dialogs::Request) {
        // An earlier "saved" or "copied" must not stand for what happens next.
        self.run.notice = None;
        self.ui.charts_view.message = None;
        if request.folder.is_none() {
            request.folder = self.inputs_folder();
        }
        match self.ui.dialogs.ask(request, self.settings.lang) {
            Asked::Picked(purpose, path) => self.on_path(purpose, path),
            Asked::InApp { failure: None } => {}
            // Quietly said: a cancel is the person's, but a system dialog that never appeared
            // looks the same, and the way round it is named.
            Asked::Cancelled => {
                self.run.notice = Some(Notice {
                    ok: true,
                    zh: tr(T::NoFileChosen, Lang::Zh).to_owned(),
                    en: tr(T::NoFileChosen, Lang::En).to_owned(),
                });
            }
            Asked::InApp { failure: Some(why) } => {
                // The reason is long (bus addresses, helper programs): the log keeps it whole.
                tracing::warn!("the system file dialog could not open ({why}); using the in-app chooser");
                self.run.notice = Some(Notice::failed(
                    tr(T::NativeDialogFailed, Lang::Zh).to_owned(),
                    tr(T::NativeDialogFailed, Lang::En).to_owned(),
                ));
            }
        }
    }

    /// The folder of the staffing table (or another input), where dialogs first open.
    fn inputs_folder(&self) -> Option<PathBuf> {
        let (_, source) = self.work.sources.iter().next()?;
        source.path.parent().map(Path::to_path_buf).filter(|p| p.is_dir())
    }

    /// Act on a path the person picked.
    pub fn on_path(&mut self, purpose: Purpose, path: PathBuf) {
        let lang = self.settings.lang;
        match purpose {
            Purpose::OpenTable(kind) => self.open_file(kind, path),
            Purpose::OpenProject => {
                self.open_project(&path);
            }
            Purpose::ImportScenario => self.import_scenario(&path),
            Purpose::OpenSurveyFolder => self.open_file(TableKind::Survey, path),
            Purpose::WriteForms => self.write_forms(&path),
            Purpose::SaveProject => self.save_project(&with_extension(path, project::EXTENSION)),
            Purpose::ExportView => self.export_view(&with_default_extension(path)),
            Purpose::ExportReport => self.export_report(&with_default_extension(path)),
            Purpose::ExportPng | Purpose::ExportBriefing => {
                let Some(loaded) = &self.run.loaded else {
                    return self.no_result();
                };
                let charts = &mut self.ui.charts_view;
                if purpose == Purpose::ExportPng {
                    charts.save_png(loaded.charts_data(), lang, &path);
                } else {
                    charts.start_briefing_in(&self.run.ctx, loaded.charts_data(), lang, &path);
                }
            }
        }
    }

    /// Use `path` for `kind` and read everything again.
    pub fn open_file(&mut self, kind: TableKind, path: PathBuf) {
        let mut sources = self.work.sources.clone();
        sources.set_path(kind, path.clone());
        // A file opened before comes back with the sheet and columns chosen for it then.
        let mut reused = false;
        if let (Some(source), Some(choices)) = (sources.get_mut(kind), self.settings.choices_for(&path))
            && source.options == crate::ingest::LoadOptions::default()
        {
            source.options = choices.clone();
            reused = true;
        }
        self.open(sources);
        if reused {
            self.run.notice = Some(Notice {
                ok: true,
                zh: tr(T::ChoicesReused, Lang::Zh).to_owned(),
                en: tr(T::ChoicesReused, Lang::En).to_owned(),
            });
        }
    }

    /// Apply a choice made in the sources view and read the files again.
    pub fn apply_source_change(&mut self, change: views::sources::Change) {
        use views::sources::Change;
        let mut sources = self.work.sources.clone();
        match change {
            Change::Open(kind) => return self.pick_file(kind),
            Change::Remove(kind) => *sources.get_mut(kind) = None,
            Change::Sheet(kind, sheet) => {
                if let Some(s) = sources.get_mut(kind) {
                    // Another sheet has other headers: column choices do not carry over.
                    s.options.sheet = Some(sheet);
                    s.options.overrides.clear();
                }
            }
            Change::Column(kind, field, header) => {
                if let Some(s) = sources.get_mut(kind) {
                    match header {
                        Some(h) => s.options.overrides.insert(field.name().to_owned(), h),
                        None => s.options.overrides.remove(field.name()),
                    };
                }
            }
            Change::Reset(kind) => {
                if let Some(s) = sources.get_mut(kind) {
                    s.options = Default::default();
                }
            }
        }
        self.open(sources);
    }

    fn project_menu(&mut self, ui: &mut egui::Ui) {
        let lang = self.settings.lang;
        ui.menu_button(tr(T::Project, lang), |ui| {
            let ctx = ui.ctx().clone();
            let keys = |s: &egui::KeyboardShortcut| super::shortcuts::text(&ctx, s);
            if ui.button(tr(T::OpenProject, lang)).clicked() {
                self.ask(project_request(
                    Purpose::OpenProject,
                    Mode::Open,
                    tr(T::OpenProject, lang),
                ));
            }
            let save = egui::Button::new(tr(T::SaveProject, lang)).shortcut_text(keys(&super::shortcuts::SAVE));
            if ui.add(save).clicked() {
                self.save_project_asked();
            }
            if ui.button(tr(T::SaveProjectAs, lang)).clicked() {
                self.ask(project_request(
                    Purpose::SaveProject,
                    Mode::Save,
                    tr(T::SaveProjectAs, lang),
                ));
            }
            if ui.button(tr(T::ImportScenario, lang)).clicked() {
                self.ask(dialogs::Request {
                    filters: vec![("TOML", &["toml"])],
                    ..project_request(Purpose::ImportScenario, Mode::Open, tr(T::ImportScenario, lang))
                });
            }
            ui.menu_button(tr(T::RecentProjects, lang), |ui| {
                let recent = self.settings.recent_projects.clone();
                if recent.is_empty() {
                    ui.label(tr(T::NothingRecent, lang));
                }
                for path in recent {
                    if ui.button(path.display().to_string()).clicked() {
                        self.open_project(&path);
                    }
                }
            });
            ui.menu_button(tr(T::RecentFiles, lang), |ui| {
                let recent = self.settings.recent_files.clone();
                if recent.is_empty() {
                    ui.label(tr(T::NothingRecent, lang));
                }
                for path in recent {
                    if ui.button(path.display().to_string()).clicked() {
                        self.open_file(kind_from_name(&path), path);
                    }
                }
            });
            ui.separator();
            for (kind, t) in OPEN_BUTTONS {
                let mut button = egui::Button::new(tr(t, lang));
                if kind == TableKind::Staffing {
                    button = button.shortcut_text(keys(&super::shortcuts::OPEN));
                }
                if ui.add(button).clicked() {
                    self.pick_file(kind);
                }
                // A round's returns, beside the one survey file.
                if kind == TableKind::Survey && ui.button(tr(T::OpenSurveyFolder, lang)).clicked() {
                    self.pick_survey_folder();
                }
            }
            ui.separator();
            let has_result = self.run.loaded.is_some();
            if ui
                .add_enabled(has_result, egui::Button::new(tr(T::MakeForms, lang)))
                .clicked()
            {
                if let Some(year) = self.run.loaded.as_ref().and_then(|l| l.outcome.analysis.year) {
                    self.ui.template_form.year = year;
                }
                self.ui.template_form.open = true;
            }
            if ui
                .add_enabled(has_result, egui::Button::new(tr(T::ExportViewTables, lang)))
                .clicked()
            {
                self.ask(table_request(
                    Purpose::ExportView,
                    tr(T::ExportViewTables, lang),
                    lang.pick("表格", "tables"),
                ));
            }
            let export = egui::Button::new(tr(T::ExportReport, lang)).shortcut_text(keys(&super::shortcuts::EXPORT));
            if ui.add_enabled(has_result, export).clicked() {
                self.ask_export_report();
            }
            ui.separator();
            ui.checkbox(&mut self.ui.dialogs.in_app_only, tr(T::UseInAppChooser, lang));
            ui.separator();
            let help = egui::Button::new(tr(T::Help, lang)).shortcut_text(keys(&super::shortcuts::HELP));
            if ui.add(help).clicked() {
                self.ui.help_open = true;
            }
            if ui.button(tr(T::About, lang)).clicked() {
                self.ui.about_open = true;
            }
        });
    }

    /// Draw the whole window.
    pub fn show(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        if !self.run.fitted {
            self.run.fitted = super::window::fit_to_screen(&ctx);
        }
        self.run.window = super::window::WindowState::observe(&ctx, self.run.window.or(self.settings.window));
        self.poll_job();
        self.poll_charts();
        self.take_dropped_files(&ctx);
        egui::Panel::top("satlas_top").show(ui, |ui| self.top_bar(ui));
        let lang = self.settings.lang;
        let mut edit = self.keyboard(&ctx);
        if !self.run.width_checked {
            // A narrow window (150% on a laptop) gives the view the room; the button shows them.
            self.run.width_checked = true;
            self.ui.params_hidden = ui.available_width() < 1000.0;
        }
        let mut params_open = !self.ui.params_hidden;
        egui::Panel::left("satlas_params")
            .default_size(290.0)
            .min_size(240.0)
            .show_collapsible(ui, &mut params_open, |ui| {
                egui::ScrollArea::vertical().show(ui, |ui| {
                    let cx = views::params::Context {
                        problem: self.run.param_problem.as_ref(),
                        can_undo: self.run.history.can_undo(),
                        can_redo: self.run.history.can_redo(),
                        has_standards: self
                            .run
                            .loaded
                            .as_ref()
                            .is_some_and(|l| l.outcome.analysis.standards.is_some()),
                    };
                    let panel = views::params::show(ui, &mut self.work.params, &cx, lang);
                    if panel != Edit::None {
                        edit = panel;
                    }
                });
            });
        self.ui.params_hidden = !params_open;
        let plan_changed = egui::CentralPanel::default_margins()
            .show(ui, |ui| self.central(ui))
            .inner;
        if plan_changed {
            edit = Edit::Changed;
        }
        match edit {
            Edit::None => {}
            Edit::Changed => self.params_edited(),
            Edit::Undo => self.undo_params(),
            Edit::Redo => self.redo_params(),
        }
        self.about_window(&ctx);
        self.forms_window(&ctx);
        super::glossary::window(&ctx, &mut self.ui.help_open, lang);
        self.copy_shortcut(&ctx);
        if let Some((purpose, path)) = self.ui.dialogs.show(&ctx) {
            self.on_path(purpose, path);
        }
    }

    /// Act on the shortcut pressed this frame; undo and redo come back as parameter edits.
    fn keyboard(&mut self, ctx: &egui::Context) -> Edit {
        use super::shortcuts::Command;
        match super::shortcuts::pressed(ctx) {
            None => Edit::None,
            Some(Command::Undo) => Edit::Undo,
            Some(Command::Redo) => Edit::Redo,
            Some(Command::OpenStaffing) => {
                self.pick_file(TableKind::Staffing);
                Edit::None
            }
            Some(Command::SaveProject) => {
                self.save_project_asked();
                Edit::None
            }
            Some(Command::ExportReport) => {
                if self.run.loaded.is_some() {
                    self.ask_export_report();
                }
                Edit::None
            }
            Some(Command::Help) => {
                self.ui.help_open = true;
                Edit::None
            }
            Some(Command::View(i)) => {
                self.ui.view = View::ALL[i];
                Edit::None
            }
        }
    }

    /// Save the project where it was saved, else ask where.
    fn save_project_asked(&mut self) {
        let lang = self.settings.lang;
        match self.work.project_path.clone() {
            Some(path) => self.save_project(&path),
            None => self.ask(project_request(
                Purpose::SaveProject,
                Mode::Save,
                tr(T::SaveProject, lang),
            )),
        }
    }

    fn ask_export_report(&mut self) {
        let lang = self.settings.lang;
        self.ask(table_request(
            Purpose::ExportReport,
            tr(T::ExportReport, lang),
            lang.pick("报告", "report"),
        ));
    }

    /// An edit landed: remember the parameters it started from (those at rest since the last
    /// edit, not this frame's: a drag changes them frame by frame before it lands), then use
    /// the new values.
    fn params_edited(&mut self) {
        if self.run.params_at_rest != self.work.params {
            let before = std::mem::replace(&mut self.run.params_at_rest, self.work.params.clone());
            self.run.history.record(before);
        }
        self.apply_params();
    }

    pub fn undo_params(&mut self) {
        if let Some(before) = self.run.history.undo(self.work.params.clone()) {
            self.work.params = before;
            self.run.params_at_rest = self.work.params.clone();
            self.apply_params();
        }
    }

    pub fn redo_params(&mut self) {
        if let Some(after) = self.run.history.redo(self.work.params.clone()) {
            self.work.params = after;
            self.run.params_at_rest = self.work.params.clone();
            self.apply_params();
        }
    }

    /// Parameters that came from elsewhere (a project, the last session, a cancelled job):
    /// a new starting point, with nothing to undo into and no problem left standing.
    fn params_replaced(&mut self, params: Params) {
        self.work.params = params;
        self.run.params_at_rest = self.work.params.clone();
        self.run.history = History::default();
        // Parameters from a file (a project edited by hand) are checked like typed ones.
        self.run.param_problem = self.work.params.validate().err();
    }

    /// Recompute with the parameters, when they can be used; otherwise say why beside them and
    /// keep the figures of the last valid ones, marked as such.
    fn apply_params(&mut self) {
        match self.work.params.validate() {
            Ok(()) => {
                self.run.param_problem = None;
                self.recompute();
            }
            Err(problem) => self.run.param_problem = Some(problem),
        }
    }

    /// Show or hide the parameters, the other language, the other theme.
    fn window_buttons(&mut self, ui: &mut egui::Ui, lang: Lang) {
        let params = if self.ui.params_hidden {
            T::ShowParams
        } else {
            T::HideParams
        };
        if ui.button(tr(params, lang)).clicked() {
            self.ui.params_hidden = !self.ui.params_hidden;
        }
        if ui.button(tr(T::SwitchLanguage, lang)).clicked() {
            self.settings.lang = match lang {
                Lang::Zh => Lang::En,
                Lang::En => Lang::Zh,
            };
            self.save_settings();
            // The scenarios' sheets and projections are named in the language they were
            // computed in: compute them again in the new one.
            if !self.work.scenarios.is_empty() {
                self.scenarios_edited();
            }
        }
        let theme = if self.settings.dark {
            T::LightTheme
        } else {
            T::DarkTheme
        };
        if ui.button(tr(theme, lang)).clicked() {
            self.set_dark(!self.settings.dark);
            self.save_settings();
        }
    }

    /// The title, the menu, the views, language and theme; the open buttons and the status.
    fn top_bar(&mut self, ui: &mut egui::Ui) {
        let lang = self.settings.lang;
        ui.add_space(4.0);
        // Wrapped rows: on a narrow window (150% on a laptop) the controls flow to a new line
        // rather than over the tabs.
        let wide = ui.available_width() >= 1200.0;
        ui.horizontal_wrapped(|ui| {
            let title = if wide {
                format!("Satlas · {}", tr(T::AppTitle, lang))
            } else {
                "Satlas".to_owned()
            };
            ui.heading(RichText::new(title).strong());
            ui.separator();
            self.project_menu(ui);
            ui.separator();
            // One shortcut per view: a view without one would not be drawn.
            const _: () = assert!(View::ALL.len() == super::shortcuts::VIEWS.len());
            for (view, keys) in View::ALL.iter().zip(&super::shortcuts::VIEWS) {
                let keys = super::shortcuts::text(ui.ctx(), keys);
                ui.selectable_value(&mut self.ui.view, *view, RichText::new(view.label(lang)).size(18.0))
                    .on_hover_text(keys);
            }
            ui.separator();
            self.window_buttons(ui, lang);
        });
        ui.horizontal_wrapped(|ui| {
            // The three files every analysis has; the standards method's two under one menu.
            for (kind, t) in &OPEN_BUTTONS[..3] {
                if ui.button(tr(*t, lang)).on_hover_text(tr(T::DropHint, lang)).clicked() {
                    self.pick_file(*kind);
                }
            }
            ui.menu_button(tr(T::StandardsMenu, lang), |ui| {
                ui.label(RichText::new(tr(T::StandardsMenuHint, lang)).weak());
                for (kind, t) in &OPEN_BUTTONS[3..] {
                    if ui.button(tr(*t, lang)).clicked() {
                        self.pick_file(*kind);
                    }
                }
            })
            .response
            .on_hover_text(tr(T::StandardsMenuHint, lang));
            ui.separator();
            let copy = egui::Button::new(tr(T::CopyTable, lang))
                .shortcut_text(super::shortcuts::text(ui.ctx(), &super::shortcuts::COPY));
            let can_copy = self.run.loaded.is_some() && self.ui.view != View::Sources;
            if ui
                .add_enabled(can_copy, copy)
                .on_hover_text(tr(T::CopyTableHint, lang))
                .clicked()
            {
                self.copy_table(&ui.ctx().clone());
            }
            ui.separator();
            self.status_line(ui);
        });
        ui.add_space(4.0);
    }

    /// The view chosen, over the lines that say the figures are stale or rest on a guess;
    /// true when the plan's rules changed.
    fn central(&mut self, ui: &mut egui::Ui) -> bool {
        let lang = self.settings.lang;
        if let Some(problem) = &self.run.param_problem {
            let text = format!("{}{}", tr(T::ParamsInvalid, lang), problem.message(lang));
            ui.colored_label(crate::gui::views::ERROR, text);
        } else if self.run.recompute_pending || (self.run.job.is_some() && self.run.loaded.is_some()) {
            ui.colored_label(crate::gui::views::WARNING, tr(T::Stale, lang));
        }
        if let Some(loaded) = self.run.loaded.as_ref().filter(|l| !l.doubts.is_empty())
            && self.ui.view != View::Sources
            && views::doubts::banner(ui, &loaded.doubts, lang)
        {
            self.ui.view = View::Sources;
            self.ui.sources_focus = loaded.doubts.first().cloned();
            self.ui.sources_scroll = true;
        }
        if let Some(loaded) = &self.run.loaded {
            views::doubts::unknowns(ui, &loaded.unknowns, lang);
        }
        let mut plan_changed = false;
        let mut scenarios_changed = false;
        match (&self.run.loaded, self.ui.view) {
            (_, View::Findings) => self.ui.findings_view.show(ui, self.run.findings(), lang),
            (_, View::Sources) => self.sources_view(ui),
            (None, _) => self.nothing_loaded(ui),
            (Some(loaded), View::Overview) => {
                if let Some(unit) = views::overview::show(ui, &loaded.overview, lang) {
                    self.ui.units_view.show_unit(&unit);
                    self.ui.view = View::Units;
                }
            }
            (Some(loaded), View::Units) => self
                .ui
                .units_view
                .show(ui, &loaded.units, &loaded.outcome.analysis, lang),
            (Some(loaded), View::Charts) => {
                if let Some(request) = self.ui.charts_view.show(ui, loaded.charts_data(), lang) {
                    self.ask(request);
                }
            }
            (Some(loaded), View::Plan) => {
                let changes = self.run.plan_changes.as_ref();
                let rules = &mut self.work.params.plan;
                plan_changed = self.ui.plan_view.show(ui, &loaded.plan, changes, rules, lang);
            }
            (Some(loaded), View::Scenarios) => {
                let scenarios = &mut self.work.scenarios;
                let base = &self.work.params;
                scenarios_changed = self
                    .ui
                    .scenarios_view
                    .show(ui, &loaded.scenarios, scenarios, base, lang);
            }
        }
        if scenarios_changed {
            self.scenarios_edited();
        }
        plan_changed
    }

    /// The sources view, with the columns of a file that waits for the person's choice.
    fn sources_view(&mut self, ui: &mut egui::Ui) {
        let lang = self.settings.lang;
        let inputs = self.run.loaded.as_ref().map(|l| l.outcome.inputs.as_ref());
        let pending = match &self.run.status {
            Status::Failed(Failure::NeedsMapping { kind, columns, finding }) => Some(views::sources::Pending {
                kind: *kind,
                columns,
                message: super::i18n::for_the_window(&finding.line(lang)),
            }),
            _ => None,
        };
        let aliases = self
            .work
            .sources
            .survey
            .as_ref()
            .map(|s| s.options.aliases.clone())
            .unwrap_or_default();
        if let Some(data) = self.run.loaded.as_ref().and_then(|l| l.returns.as_ref()) {
            views::returns::show(ui, data, lang);
            ui.add_space(6.0);
        }
        if let Some(loaded) = &self.run.loaded {
            let staffing_units: Vec<String> = loaded.units.rows.iter().map(|r| r.unit.clone()).collect();
            let unmatched = &loaded.outcome.analysis.unmatched;
            if let Some(change) = self.ui.names_view.show(ui, unmatched, &staffing_units, &aliases, lang) {
                return self.apply_name_change(change);
            }
            // Matches made stay undoable after the standards are closed.
            let std = loaded.outcome.analysis.standards.as_ref();
            let unmatched = std.map_or(&[][..], |s| &s.unmatched_tasks[..]);
            let activities = std.map_or(&[][..], |s| &s.activity_names[..]);
            let matched = &self.work.params.activity_names;
            let view = &mut self.ui.activity_names_view;
            if let Some(change) = view.show(ui, unmatched, activities, matched, lang) {
                return self.apply_activity_name_change(change);
            }
        }
        // The field the person came to check is brought into view once, and stays marked.
        let scroll = std::mem::take(&mut self.ui.sources_scroll);
        // The mark stays only while the field is still read on a guess.
        let doubtful = |f: &views::sources::Focus| self.run.loaded.as_ref().is_some_and(|l| l.doubts.contains(f));
        if self.ui.sources_focus.as_ref().is_some_and(|f| !doubtful(f)) {
            self.ui.sources_focus = None;
        }
        let focus = self.ui.sources_focus.as_ref();
        if let Some(change) = views::sources::show(ui, &self.work.sources, inputs, pending, focus, scroll, lang) {
            self.apply_source_change(change);
        }
    }

    /// Match a survey unit to a staffing unit by hand (or undo it) and read the files again.
    pub fn apply_name_change(&mut self, change: views::names::NameChange) {
        use views::names::NameChange;
        let mut sources = self.work.sources.clone();
        let Some(survey) = sources.survey.as_mut() else { return };
        match change {
            NameChange::Match { from, to } => {
                survey.options.aliases.insert(from, to);
            }
            NameChange::Unmatch { from } => {
                survey.options.aliases.remove(&from);
            }
        }
        self.open(sources);
    }

    /// Compare a survey task with an activity (or undo it): a parameter, so undone by Ctrl+Z
    /// too, and recomputed.
    pub fn apply_activity_name_change(&mut self, change: views::activity_names::ActivityNameChange) {
        use views::activity_names::ActivityNameChange;
        let names = &mut self.work.params.activity_names;
        match change {
            ActivityNameChange::Match { task, activity } => {
                names.insert(task, activity);
            }
            ActivityNameChange::Unmatch { task } => {
                names.remove(&task);
            }
        }
        self.params_edited();
    }

    /// The window's middle before any result: what is being read, why it failed, or how to
    /// start.
    fn nothing_loaded(&self, ui: &mut egui::Ui) {
        let lang = self.settings.lang;
        ui.add_space(40.0);
        ui.vertical_centered(|ui| {
            // The first read: say what is being read, not that nothing is.
            if let Status::Working(step) = &self.run.status {
                ui.spinner();
                ui.label(RichText::new(step.label(lang)).size(20.0));
                return;
            }
            // A first read that failed: the whole sentence, wrapped, where the eye goes (the
            // status line has room for only part of it).
            if let Status::Failed(f) = &self.run.status {
                ui.label(
                    RichText::new(f.message(lang))
                        .size(18.0)
                        .color(crate::gui::views::ERROR),
                );
                ui.add_space(12.0);
            }
            if let Status::Empty { note: Some(note) } = &self.run.status {
                ui.label(RichText::new(tr(*note, lang)).size(20.0));
            }
            ui.label(RichText::new(tr(T::NoData, lang)).size(20.0));
            ui.label(tr(T::DropHint, lang));
        });
    }

    fn about_window(&mut self, ctx: &egui::Context) {
        let lang = self.settings.lang;
        let mut open = self.ui.about_open;
        egui::Window::new(tr(T::About, lang))
            .open(&mut open)
            .collapsible(false)
            .resizable(false)
            .default_width(460.0)
            .anchor(egui::Align2::CENTER_TOP, [0.0, 140.0])
            .show(ctx, |ui| {
                ui.heading(format!("Satlas {}", env!("CARGO_PKG_VERSION")));
                ui.label(tr(T::AppTitle, lang));
                ui.add_space(6.0);
                let log = self
                    .run
                    .log_path
                    .as_ref()
                    .map(|p| p.display().to_string())
                    .unwrap_or_else(|| tr(T::NoLog, lang).to_owned());
                ui.label(labelled(tr(T::LogFile, lang), log, lang));
                if let Some(path) = &self.run.settings_path {
                    ui.label(labelled(tr(T::SettingsFile, lang), path.display(), lang));
                }
                ui.label(tr(T::FontLicence, lang));
                if let Some(p) = &self.run.log_path
                    && ui.button(tr(T::CopyLogPath, lang)).clicked()
                {
                    ui.ctx().copy_text(p.display().to_string());
                }
            });
        self.ui.about_open = open;
    }

    /// A bug in drawing a view: keep the window up, log it, say so, and go to a simple view.
    pub fn view_panicked(&mut self, detail: String) {
        tracing::error!("drawing the {:?} view panicked: {detail}", self.ui.view);
        self.run.notice = Some(Notice::failed(
            format!(
                "显示“{}”时发生内部错误（详情已写入日志）：{detail}",
                self.ui.view.label(Lang::Zh)
            ),
            format!(
                "An internal error occurred while drawing {} (the detail is in the log): {detail}",
                self.ui.view.label(Lang::En)
            ),
        ));
        self.run.error_detail = Some(detail);
        self.ui.view = View::Findings;
    }

    fn status_line(&mut self, ui: &mut egui::Ui) {
        let lang = self.settings.lang;
        match &self.run.status {
            Status::Working(step) => {
                // The button first: the text after it changes as rows are read, and a button
                // after it would move away from the pointer.
                let step = *step;
                if ui.button(tr(T::Cancel, lang)).clicked() {
                    self.cancel_job();
                }
                ui.spinner();
                if let Step::Reading(_, Some((rows, Some(of)))) = step
                    && of > 0
                {
                    ui.add(egui::ProgressBar::new(rows as f32 / of as f32).desired_width(120.0));
                }
                ui.label(step.label(lang));
            }
            Status::Ready => {
                let names: Vec<String> = self.work.sources.iter().map(|(_, s)| file_name(&s.path)).collect();
                let text = labelled(tr(T::Files, lang), names.join(lang.pick("、", ", ")), lang);
                // Whole on its line (never split as 文/件), cut with the rest on hover when
                // even a line of its own is too narrow.
                ui.add(egui::Label::new(text.as_str()).truncate())
                    .on_hover_text(text.as_str());
            }
            Status::Failed(f) => {
                // A long reason is cut to the line, with the whole sentence on hover (and in
                // the findings view).
                let text = labelled(tr(T::Failed, lang), f.message(lang), lang);
                let room = (ui.available_width() - 220.0).max(200.0);
                ui.scope(|ui| {
                    // Leave room for the copy-detail button after it.
                    ui.set_max_width(room);
                    ui.add(egui::Label::new(RichText::new(&text).color(crate::gui::views::ERROR)).truncate())
                        .on_hover_text(&text);
                });
                if let Failure::Panicked { detail } = f {
                    self.run.error_detail = Some(detail.clone());
                }
            }
            Status::Empty { .. } => {
                ui.label(tr(T::NoData, lang));
            }
        }
        if let Some(detail) = &self.run.error_detail
            && ui.button(tr(T::CopyDetail, lang)).clicked()
        {
            ui.ctx().copy_text(detail.clone());
        }
        if let Some(notice) = &self.run.notice {
            ui.separator();
            let text = match lang {
                Lang::Zh => &notice.zh,
                Lang::En => &notice.en,
            };
            let color = if notice.ok {
                crate::gui::views::DONE
            } else {
                crate::gui::views::ERROR
            };
            ui.colored_label(color, text);
        }
    }
}

/// Why an export failed, in both languages.
struct ExportFailure {
    zh: String,
    en: String,
}

impl ExportFailure {
    /// A failure of the computation behind the tables: its words are the library's.
    fn same(text: String) -> ExportFailure {
        ExportFailure {
            zh: text.clone(),
            en: text,
        }
    }
}

impl From<export::ExportError> for ExportFailure {
    fn from(e: export::ExportError) -> ExportFailure {
        ExportFailure {
            zh: e.message(Lang::Zh),
            en: e.message(Lang::En),
        }
    }
}

fn project_request(purpose: Purpose, mode: Mode, title: &str) -> dialogs::Request {
    dialogs::Request {
        purpose,
        mode,
        title: title.trim_end_matches('…').to_owned(),
        filters: vec![("Satlas", &[project::EXTENSION])],
        file_name: (mode == Mode::Save).then(|| format!("Satlas.{}", project::EXTENSION)),
        folder: None,
    }
}

fn table_request(purpose: Purpose, title: &str, name: &str) -> dialogs::Request {
    dialogs::Request {
        purpose,
        mode: Mode::Save,
        title: title.trim_end_matches('…').to_owned(),
        filters: vec![("Excel", &["xlsx"]), ("CSV", &["csv"])],
        file_name: Some(format!("{name}.xlsx")),
        folder: None,
    }
}

/// `path` with `ext` when it has no extension or another one.
fn with_extension(path: PathBuf, ext: &str) -> PathBuf {
    if path.extension().is_some_and(|e| e.eq_ignore_ascii_case(ext)) {
        path
    } else {
        let mut s = path.into_os_string();
        s.push(".");
        s.push(ext);
        PathBuf::from(s)
    }
}

/// A table export without an extension becomes .xlsx.
fn with_default_extension(path: PathBuf) -> PathBuf {
    if path.extension().is_some() {
        path
    } else {
        with_extension(path, "xlsx")
    }
}

fn is_project_file(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case(project::EXTENSION))
}

impl eframe::App for SatlasApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        if let Err(payload) = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.show(ui))) {
            self.view_panicked(crate::findings::panic_text(payload.as_ref()));
        }
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        self.save_settings();
    }
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// Which table a dropped file holds, from its name.
/// The open buttons, in the order the menu lists them.
const OPEN_BUTTONS: [(TableKind, T); 5] = [
    (TableKind::Staffing, T::OpenStaffing),
    (TableKind::Survey, T::OpenSurvey),
    (TableKind::Roster, T::OpenRoster),
    (TableKind::Standards, T::OpenStandards),
    (TableKind::Volumes, T::OpenVolumes),
];

pub fn kind_from_name(path: &Path) -> TableKind {
    let name = file_name(path).to_lowercase();
    // Before the survey's words: 岗位工作量标准 is a standards table.
    if ["标准", "定额", "standard"].iter().any(|k| name.contains(k)) {
        TableKind::Standards
    } else if ["业务量", "办件量", "volume"].iter().any(|k| name.contains(k)) {
        TableKind::Volumes
    } else if ["调查", "工作量", "survey", "workload"]
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
