//! What the app remembers between runs: language, theme, recent projects and files, and the
//! last session's project, in a TOML file in the user's configuration folder.

use crate::Lang;
use crate::project::Project;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// How many entries a recent list keeps.
const RECENT_MAX: usize = 10;

/// An environment variable that moves the settings folder (tests, portable installs).
pub const CONFIG_DIR_VAR: &str = "SATLAS_CONFIG_DIR";

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    pub lang: Lang,
    pub dark: bool,
    /// Saved projects, newest first.
    pub recent_projects: Vec<PathBuf>,
    /// Input files opened, newest first.
    pub recent_files: Vec<PathBuf>,
    /// The project file the last session had open, if it was saved as one.
    pub project_file: Option<PathBuf>,
    /// The last session's inputs and parameters, reopened at the next start.
    pub last_session: Option<Project>,
    /// The window's size and place when it was last closed.
    pub window: Option<super::window::WindowState>,
    /// The sheet and column choices made for each recent file, reused when it is opened again.
    pub file_choices: std::collections::BTreeMap<PathBuf, crate::ingest::LoadOptions>,
}

impl Settings {
    /// The settings file: `$SATLAS_CONFIG_DIR/settings.toml`, else in the platform's
    /// configuration folder (`%APPDATA%\Satlas\config` on Windows, `~/.config/satlas` on Linux).
    pub fn default_path() -> Option<PathBuf> {
        if let Some(dir) = std::env::var_os(CONFIG_DIR_VAR).filter(|d| !d.is_empty()) {
            return Some(PathBuf::from(dir).join("settings.toml"));
        }
        directories::ProjectDirs::from("", "", "Satlas").map(|d| d.config_dir().join("settings.toml"))
    }

    /// Read the settings; a missing or unreadable file gives the defaults (a broken settings
    /// file must never keep the app from starting), with the reason when there was one.
    pub fn load(path: &Path) -> (Settings, Option<String>) {
        match std::fs::read_to_string(path) {
            Ok(text) => match toml::from_str::<Settings>(&text) {
                Ok(s) => (s, None),
                Err(e) => (Settings::default(), Some(format!("{}: {e}", path.display()))),
            },
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => (Settings::default(), None),
            Err(e) => (Settings::default(), Some(format!("{}: {e}", path.display()))),
        }
    }

    /// Write the settings whole or not at all, creating the folder.
    pub fn save(&self, path: &Path) -> Result<(), String> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        }
        let text = toml::to_string_pretty(self).map_err(|e| e.to_string())?;
        crate::export::write_file_atomic(path, text.as_bytes()).map_err(|e| e.to_string())
    }

    pub fn remember_project(&mut self, path: &Path) {
        push_recent(&mut self.recent_projects, path);
    }

    pub fn remember_file(&mut self, path: &Path) {
        push_recent(&mut self.recent_files, path);
        let recent = &self.recent_files;
        self.file_choices.retain(|p, _| recent.contains(p));
    }

    /// Remember the choices made for the file at `path` (none made: forget any).
    pub fn remember_choices(&mut self, path: &Path, options: &crate::ingest::LoadOptions) {
        if *options == crate::ingest::LoadOptions::default() {
            self.file_choices.remove(path);
        } else if self.recent_files.iter().any(|p| p == path) {
            self.file_choices.insert(path.to_path_buf(), options.clone());
        }
    }

    /// The choices last made for the file at `path`.
    pub fn choices_for(&self, path: &Path) -> Option<&crate::ingest::LoadOptions> {
        self.file_choices.get(path)
    }
}

/// Put `path` first, without duplicates, keeping at most [`RECENT_MAX`].
fn push_recent(list: &mut Vec<PathBuf>, path: &Path) {
    list.retain(|p| p != path);
    list.insert(0, path.to_path_buf());
    list.truncate(RECENT_MAX);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::project::Source;

    #[test]
    fn recent_lists_keep_newest_first_without_repeats() {
        let mut s = Settings::default();
        for i in 0..12 {
            s.remember_file(Path::new(&format!("/d/{i}.xlsx")));
        }
        s.remember_file(Path::new("/d/5.xlsx"));
        assert_eq!(s.recent_files.len(), RECENT_MAX);
        assert_eq!(s.recent_files[0], Path::new("/d/5.xlsx"));
        assert_eq!(s.recent_files.iter().filter(|p| p.ends_with("5.xlsx")).count(), 1);
    }

    #[test]
    fn round_trips_and_survives_a_broken_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("新 文件夹").join("settings.toml");
        let mut s = Settings {
            lang: Lang::En,
            dark: true,
            ..Default::default()
        };
        s.remember_project(Path::new("/p/青川.satlas"));
        let mut project = Project::default();
        project.sources.staffing = Some(Source::new("/p/编制.xlsx"));
        s.last_session = Some(project);
        s.save(&path).unwrap();
        assert_eq!(Settings::load(&path), (s, None));

        std::fs::write(&path, "lang = 12\n").unwrap();
        let (loaded, why) = Settings::load(&path);
        assert_eq!(loaded, Settings::default());
        assert!(why.unwrap().contains("settings.toml"));
    }
}
