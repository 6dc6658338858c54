//! 项目 › 生成调查表: the survey forms written from the app — a window for what the
//! instructions say (year, deadline, contact) and whether to write one workbook, then the
//! forms written on a thread of their own, the window told when they are done or why not.

use super::i18n::{T, tr};
use crate::ingest::Inputs;
use crate::model::Lang;
use crate::template::{self, TemplateOptions};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, TryRecvError, channel};

/// What the forms will say, as the person typed it.
#[derive(Debug, Clone)]
pub struct TemplateForm {
    pub open: bool,
    pub year: i32,
    pub deadline: String,
    pub contact: String,
    pub one_workbook: bool,
}

impl Default for TemplateForm {
    fn default() -> Self {
        use chrono::Datelike;
        TemplateForm {
            open: false,
            year: chrono::Local::now().year() - 1,
            deadline: String::new(),
            contact: String::new(),
            one_workbook: false,
        }
    }
}

impl TemplateForm {
    /// The window; true when the person asked to write the forms.
    pub fn show(&mut self, ctx: &egui::Context, units: usize, busy: bool, lang: Lang) -> bool {
        let mut write = false;
        let mut open = self.open;
        egui::Window::new(tr(T::MakeForms, lang).trim_end_matches('…'))
            .open(&mut open)
            .resizable(false)
            .collapsible(false)
            .default_width(420.0)
            .anchor(egui::Align2::CENTER_TOP, [0.0, 140.0])
            .show(ctx, |ui| {
                ui.label(tr(T::MakeFormsHint, lang));
                egui::Grid::new("template_form").num_columns(2).show(ui, |ui| {
                    ui.label(tr(T::SurveyYear, lang));
                    ui.add(egui::DragValue::new(&mut self.year).range(2000..=2100));
                    ui.end_row();
                    ui.label(tr(T::Deadline, lang));
                    ui.text_edit_singleline(&mut self.deadline);
                    ui.end_row();
                    ui.label(tr(T::Contact, lang));
                    ui.text_edit_singleline(&mut self.contact);
                    ui.end_row();
                });
                ui.checkbox(&mut self.one_workbook, tr(T::OneWorkbook, lang));
                let label = format!("{}（{units}）", tr(T::WriteForms, lang));
                if ui.add_enabled(units > 0 && !busy, egui::Button::new(label)).clicked() {
                    write = true;
                }
                if busy {
                    ui.horizontal(|ui| {
                        ui.spinner();
                        ui.label(tr(T::WritingForms, lang));
                    });
                }
            });
        self.open = open;
        write
    }

    fn options(&self, lang: Lang) -> TemplateOptions {
        let text = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
        TemplateOptions {
            lang,
            year: self.year,
            deadline: text(&self.deadline),
            contact: text(&self.contact),
        }
    }
}

/// The forms being written: the answer is how many and where, or why not.
pub type Writing = Receiver<Result<(usize, PathBuf), String>>;

/// Write the forms of `inputs` at `path` — a new folder inside it, or with one workbook the
/// file — on a thread of its own.
pub fn start(inputs: Arc<Inputs>, form: &TemplateForm, path: &Path, lang: Lang, ctx: &egui::Context) -> Writing {
    let (tx, rx) = channel();
    let opts = form.options(lang);
    let target = if form.one_workbook {
        path.with_extension("xlsx")
    } else {
        free_folder(path, &format!("{}_{}", tr(T::FormsFolder, lang), opts.year))
    };
    let one = form.one_workbook;
    let ctx = ctx.clone();
    std::thread::spawn(move || {
        super::background::lower_this_thread();
        let result = (|| {
            let units = template::units_from(&inputs).map_err(|e| e.to_string())?;
            let tasks = template::tasks_from(&inputs).map_err(|e| e.to_string())?;
            let written = if one {
                template::write_one(&target, &units, &tasks, &opts)
            } else {
                template::write_per_unit(&target, &units, &tasks, &opts).map(|_| ())
            };
            written.map_err(|e| e.to_string())?;
            Ok((units.len(), target))
        })();
        let _ = tx.send(result);
        ctx.request_repaint();
    });
    rx
}

/// `folder/base`, or `folder/base_2` … whichever does not exist yet.
fn free_folder(folder: &Path, base: &str) -> PathBuf {
    (1..)
        .map(|k| match k {
            1 => folder.join(base),
            k => folder.join(format!("{base}_{k}")),
        })
        .find(|p| !p.exists())
        .expect("a free name")
}

/// What the writing came to, once it has: the message for the status line.
pub fn poll(writing: &Writing) -> Option<Result<(usize, PathBuf), String>> {
    match writing.try_recv() {
        Ok(r) => Some(r),
        Err(TryRecvError::Empty) => None,
        Err(TryRecvError::Disconnected) => Some(Err("the writing stopped".to_owned())),
    }
}
