//! Asking for a file or a folder: the system's dialog where it opens, else a chooser inside the
//! window. A dialog that could not open is never taken for a cancel: the app says why and opens
//! its own chooser, and keeps using it for the rest of the session.

use super::i18n::{T, tr};
use crate::Lang;
use crate::ingest::TableKind;
use std::borrow::Cow;
use std::path::PathBuf;

/// What a path is asked for; the app acts on the answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    OpenTable(TableKind),
    OpenProject,
    SaveProject,
    ImportScenario,
    /// A folder of returned survey forms.
    OpenSurveyFolder,
    /// Where to write the survey forms to send out.
    WriteForms,
    ExportView,
    ExportReport,
    ExportPng,
    ExportBriefing,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Open,
    Save,
    Folder,
}

/// One question for a path.
#[derive(Debug, Clone)]
pub struct Request {
    pub purpose: Purpose,
    pub mode: Mode,
    pub title: String,
    /// (name, extensions without the dot); empty: any file.
    pub filters: Vec<(&'static str, &'static [&'static str])>,
    /// The name a save dialog proposes.
    pub file_name: Option<String>,
    /// Where the dialog starts when no path was picked yet this session.
    pub folder: Option<PathBuf>,
}

/// What asking gave at once.
#[derive(Debug, Clone, PartialEq)]
pub enum Asked {
    Picked(Purpose, PathBuf),
    Cancelled,
    /// The chooser inside the window is open; its answer comes from [`Dialogs::show`].
    /// `failure` is why the system's dialog just failed, the first time it does.
    InApp {
        failure: Option<String>,
    },
}

/// Faster than anyone can close a dialog: an answer this quick means it never showed.
const AT_ONCE: std::time::Duration = std::time::Duration::from_millis(150);

/// The system's dialog: the path, or None when cancelled or when it could not open.
pub type Native = fn(&Request) -> Option<PathBuf>;

/// The app's way of asking for paths.
pub struct Dialogs {
    /// The system's dialog (rfd; tests put a stand-in here).
    pub native: Native,
    /// Use the chooser inside the window, without trying the system's (after a failure, and in
    /// tests).
    pub in_app_only: bool,
    /// The folder of the last path picked: the next dialog starts there.
    pub last_folder: Option<PathBuf>,
    /// The language the chooser inside the window speaks.
    lang: Lang,
    /// The chooser inside the window, with the question it answers.
    open: Option<(Request, egui_file::FileDialog)>,
}

impl Default for Dialogs {
    fn default() -> Dialogs {
        Dialogs {
            native,
            in_app_only: false,
            last_folder: None,
            lang: Lang::Zh,
            open: None,
        }
    }
}

impl Dialogs {
    /// Ask for a path.
    pub fn ask(&mut self, mut request: Request, lang: Lang) -> Asked {
        if let Some(folder) = self.last_folder.clone().filter(|f| f.is_dir()) {
            request.folder = Some(folder);
        }
        if !self.in_app_only {
            super::log::take_dialog_errors();
            let asked = std::time::Instant::now();
            match (self.native)(&request) {
                Some(path) => {
                    self.remember(request.mode, &path);
                    return Asked::Picked(request.purpose, path);
                }
                None => {
                    let mut errors = super::log::take_dialog_errors();
                    // No person closes a dialog this fast: one that answers at once never
                    // showed (on Windows and macOS rfd logs nothing when that happens).
                    if errors.is_empty() && asked.elapsed() < AT_ONCE {
                        errors.push(format!(
                            "the system dialog answered in {:?} without showing",
                            asked.elapsed()
                        ));
                    }
                    if errors.is_empty() {
                        return Asked::Cancelled;
                    }
                    self.in_app_only = true;
                    self.open_in_app(&request, lang);
                    return Asked::InApp {
                        failure: Some(errors.join("; ")),
                    };
                }
            }
        }
        self.open_in_app(&request, lang);
        Asked::InApp { failure: None }
    }

    /// Whether the chooser inside the window is open.
    pub fn is_open(&self) -> bool {
        self.open.is_some()
    }

    /// Draw the chooser inside the window, if open; the path once the person picks one.
    pub fn show(&mut self, ctx: &egui::Context) -> Option<(Purpose, PathBuf)> {
        let (request, dialog) = self.open.as_mut()?;
        let state = dialog.show(ctx).state();
        let picked = dialog.path().map(|p| p.to_path_buf());
        let lang = self.lang;
        match state {
            egui_file::State::Open => {
                // A file's whole path typed in the folder field: its folder, with its name.
                if request.mode == Mode::Open
                    && let Some(path) = picked.filter(|p| p.is_file())
                    && let Some(folder) = path.parent().filter(|f| *f != dialog.directory())
                {
                    let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
                    let request = request.clone();
                    self.reopen(request, folder.to_path_buf(), name, lang);
                }
                None
            }
            egui_file::State::Selected => {
                let (request, _) = self.open.take()?;
                let path = picked?;
                // A folder's name typed for a file to open: go into the folder, name cleared.
                if request.mode == Mode::Open && path.is_dir() {
                    self.reopen(request, path, None, lang);
                    return None;
                }
                self.remember(request.mode, &path);
                Some((request.purpose, path))
            }
            egui_file::State::Cancelled | egui_file::State::Closed => {
                self.open = None;
                None
            }
        }
    }

    /// The chooser asked again, in `folder`, proposing `name`.
    fn reopen(&mut self, mut request: Request, folder: PathBuf, name: Option<String>, lang: Lang) {
        request.folder = Some(folder);
        request.file_name = name;
        self.open_in_app(&request, lang);
    }

    fn remember(&mut self, mode: Mode, path: &std::path::Path) {
        self.last_folder = match mode {
            Mode::Folder => Some(path.to_path_buf()),
            Mode::Open | Mode::Save => path.parent().map(|p| p.to_path_buf()),
        };
    }

    fn open_in_app(&mut self, request: &Request, lang: Lang) {
        let mut dialog = in_app(request, lang);
        dialog.open();
        self.lang = lang;
        self.open = Some((request.clone(), dialog));
    }
}

/// The system's dialog; None when cancelled or when it could not open (rfd's log tells which).
fn native(request: &Request) -> Option<PathBuf> {
    let mut dialog = rfd::FileDialog::new().set_title(&request.title);
    for (name, extensions) in &request.filters {
        dialog = dialog.add_filter(*name, extensions);
    }
    if let Some(name) = &request.file_name {
        dialog = dialog.set_file_name(name);
    }
    if let Some(folder) = &request.folder {
        dialog = dialog.set_directory(folder);
    }
    match request.mode {
        Mode::Open => dialog.pick_file(),
        Mode::Save => dialog.save_file(),
        Mode::Folder => dialog.pick_folder(),
    }
}

/// The chooser inside the window, in the UI's language.
fn in_app(request: &Request, lang: Lang) -> egui_file::FileDialog {
    let word = |t: T| Cow::Borrowed(tr(t, lang));
    // egui_file's own open dialog opens only a file clicked in the list: its Open button, lit
    // by a typed name, would do nothing. Its save dialog takes the name in the field, typed or
    // clicked, so it serves for opening too, under the open button's word and without the
    // new-folder button. A name that does not exist is then said by the reader, not ignored.
    let mut dialog = match request.mode {
        Mode::Open => egui_file::FileDialog::save_file()
            .show_new_folder(false)
            .save_button_text(word(T::ChooserOpen)),
        Mode::Save => egui_file::FileDialog::save_file().save_button_text(word(T::ChooserSave)),
        Mode::Folder => egui_file::FileDialog::select_folder(),
    }
    .title(&request.title)
    .default_size([640.0, 420.0])
    .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
    // The chooser must not rename files: inputs are never written.
    .show_rename(false)
    .open_button_text(word(T::ChooserOpen))
    .cancel_button_text(word(T::Cancel))
    .new_folder_button_text(word(T::NewFolder))
    .new_folder_name_text(word(T::NewFolder))
    .file_label_text(word(T::FileName))
    .show_hidden_checkbox_text(word(T::ShowHidden))
    .refresh_button_hover_text(word(T::Refresh))
    .parent_folder_button_hover_text(word(T::ParentFolder));
    if let Some(name) = &request.file_name {
        dialog = dialog.default_filename(name.clone());
    }
    if let Some(folder) = &request.folder {
        dialog = dialog.initial_path(folder);
    }
    let extensions: Vec<&'static str> = request.filters.iter().flat_map(|(_, e)| e.iter().copied()).collect();
    if !extensions.is_empty() && request.mode == Mode::Open {
        dialog = dialog.show_files_filter(Box::new(move |path: &std::path::Path| {
            path.extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| extensions.iter().any(|x| x.eq_ignore_ascii_case(e)))
        }));
    }
    dialog
}
