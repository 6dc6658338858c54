//! A saved project: which files were read (with the sheet and column choices made for each)
//! and the parameters, as a TOML file a person can read and edit.
//!
//! Input paths are stored relative to the project file when they sit in or below its folder,
//! so a project folder can be copied to another machine; other paths stay absolute.

use crate::Params;
use crate::export::write_file_atomic;
use crate::ingest::{LoadOptions, TableKind};
use crate::scenario::Scenario;
use serde::{Deserialize, Serialize};
use std::path::{Component, Path, PathBuf};

/// The file extension of a saved project.
pub const EXTENSION: &str = "satlas";

/// The format version written by this build; older files are read as far as they go.
pub const VERSION: u32 = 1;

/// One input file and the choices made while reading it.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Source {
    pub path: PathBuf,
    #[serde(default, flatten)]
    pub options: LoadOptions,
}

impl Source {
    pub fn new(path: impl Into<PathBuf>) -> Source {
        Source {
            path: path.into(),
            options: LoadOptions::default(),
        }
    }
}

/// The inputs of an analysis: a staffing table (required to compute anything), and optionally
/// a workload survey, a roster, and activity standards with annual volumes.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Sources {
    pub staffing: Option<Source>,
    pub survey: Option<Source>,
    pub roster: Option<Source>,
    pub standards: Option<Source>,
    pub volumes: Option<Source>,
}

impl Sources {
    pub fn get(&self, kind: TableKind) -> Option<&Source> {
        match kind {
            TableKind::Staffing => self.staffing.as_ref(),
            TableKind::Survey => self.survey.as_ref(),
            TableKind::Roster => self.roster.as_ref(),
            TableKind::Standards => self.standards.as_ref(),
            TableKind::Volumes => self.volumes.as_ref(),
        }
    }

    pub fn get_mut(&mut self, kind: TableKind) -> &mut Option<Source> {
        match kind {
            TableKind::Staffing => &mut self.staffing,
            TableKind::Survey => &mut self.survey,
            TableKind::Roster => &mut self.roster,
            TableKind::Standards => &mut self.standards,
            TableKind::Volumes => &mut self.volumes,
        }
    }

    /// Use `path` for `kind`. Choices made for the file it replaces do not carry over.
    pub fn set_path(&mut self, kind: TableKind, path: PathBuf) {
        let slot = self.get_mut(kind);
        if slot.as_ref().is_none_or(|s| s.path != path) {
            *slot = Some(Source::new(path));
        }
    }

    /// The sources present, in reading order.
    pub fn iter(&self) -> impl Iterator<Item = (TableKind, &Source)> {
        TableKind::ALL.into_iter().filter_map(|k| self.get(k).map(|s| (k, s)))
    }

    pub fn paths(&self) -> Vec<PathBuf> {
        self.iter().map(|(_, s)| s.path.clone()).collect()
    }
}

/// Everything needed to redo an analysis.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Project {
    pub version: u32,
    #[serde(flatten)]
    pub sources: Sources,
    pub params: Params,
    /// The scenarios beside the current rules, each as a scenario file writes it: its name,
    /// the parameters it sets over `params`, its changes to the work.
    pub scenarios: Vec<toml::Table>,
}

impl Default for Project {
    fn default() -> Project {
        Project {
            version: VERSION,
            sources: Sources::default(),
            params: Params::default(),
            scenarios: Vec::new(),
        }
    }
}

/// Why a project could not be opened or saved, in both languages.
#[derive(Debug, Clone, PartialEq)]
pub struct ProjectError {
    pub zh: String,
    pub en: String,
}

impl ProjectError {
    pub fn message(&self, lang: crate::Lang) -> &str {
        match lang {
            crate::Lang::Zh => &self.zh,
            crate::Lang::En => &self.en,
        }
    }
}

impl std::fmt::Display for ProjectError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.en)
    }
}

impl std::error::Error for ProjectError {}

impl Project {
    /// The project as TOML, with input paths relative to `dir` where they lie below it.
    pub fn to_toml(&self, dir: &Path) -> Result<String, toml::ser::Error> {
        let mut stored = self.clone();
        stored.version = VERSION;
        for kind in TableKind::ALL {
            if let Some(source) = stored.sources.get_mut(kind) {
                source.path = relative_to(&source.path, dir);
            }
        }
        toml::to_string_pretty(&stored)
    }

    /// Read a project from TOML; relative input paths are taken from `dir`.
    pub fn from_toml(text: &str, dir: &Path) -> Result<Project, String> {
        let mut project: Project = toml::from_str(text).map_err(|e| e.to_string())?;
        for kind in TableKind::ALL {
            if let Some(source) = project.sources.get_mut(kind)
                && source.path.is_relative()
            {
                source.path = dir.join(&source.path);
            }
        }
        Ok(project)
    }

    /// Open a saved project. The error names the file and, for a malformed file, the line.
    pub fn load(path: &Path) -> Result<Project, ProjectError> {
        let name = path.display();
        let text = std::fs::read(path).map_err(|e| {
            // Why, in the person's words (not the system's English).
            let why = crate::ingest::io_finding(&name.to_string(), &e);
            ProjectError {
                zh: format!("无法打开项目文件 {name}：{}", why.zh),
                en: format!("Cannot open the project file {name}: {}", why.en),
            }
        })?;
        let text = String::from_utf8(text).map_err(|_| ProjectError {
            zh: format!("项目文件 {name} 不是 UTF-8 文本，可能不是 Satlas 项目"),
            en: format!("The project file {name} is not UTF-8 text; it may not be a Satlas project"),
        })?;
        let project = Project::from_toml(&text, &folder_of(path)).map_err(|e| ProjectError {
            zh: format!("项目文件 {name} 格式有误：{e}"),
            en: format!("The project file {name} is malformed: {e}"),
        })?;
        if project.version > VERSION {
            return Err(ProjectError {
                zh: format!(
                    "项目文件 {name} 由较新版本的 Satlas 保存（格式 {}），请升级后再打开",
                    project.version
                ),
                en: format!(
                    "The project file {name} was saved by a newer Satlas (format {}); update Satlas to open it",
                    project.version
                ),
            });
        }
        Ok(project)
    }

    /// The scenarios kept, read over the project's parameters: those that read, and each
    /// that does not with why (its table is kept as it is, to be written back unchanged).
    pub fn read_scenarios(&self, path: &Path) -> (Vec<Scenario>, Vec<(toml::Table, ProjectError)>) {
        let name = path.display();
        let (mut read, mut unread) = (Vec::new(), Vec::new());
        for (i, table) in self.scenarios.iter().enumerate() {
            let label = match table.get("name").and_then(toml::Value::as_str) {
                Some(n) => format!("方案“{n}”"),
                None => format!("[[scenarios]] #{}", i + 1),
            };
            match crate::scenario::from_table(table, &label, &self.params) {
                Ok(s) => read.push(s),
                Err(e) => unread.push((
                    table.clone(),
                    ProjectError {
                        zh: format!("项目文件 {name} 中的方案无法使用，已保留在文件中但未计算：{}", e.zh),
                        en: format!(
                            "A scenario in the project file {name} cannot be used; it stays in the file but is not computed: {}",
                            e.en
                        ),
                    },
                )),
            }
        }
        (read, unread)
    }

    /// Keep `scenarios` as scenario files write them, then `unread` (scenarios that could not
    /// be read) as they were.
    pub fn keep_scenarios(&mut self, scenarios: &[Scenario], unread: &[toml::Table]) {
        self.scenarios = scenarios
            .iter()
            .map(crate::scenario::to_table)
            .chain(unread.iter().cloned())
            .collect();
    }

    /// Save the project whole or not at all.
    pub fn save(&self, path: &Path) -> Result<(), ProjectError> {
        // An empty file must never replace a project: a project that cannot be written as
        // TOML is said, and the file on disk stays as it was.
        let text = self.to_toml(&folder_of(path)).map_err(|e| ProjectError {
            zh: format!("无法保存项目文件：项目内容无法写成文本（{e}）。"),
            en: format!("Cannot save the project file: its content cannot be written as text ({e})."),
        })?;
        write_file_atomic(path, text.as_bytes()).map_err(|e| ProjectError {
            zh: format!("无法保存项目文件。{}", e.message(crate::Lang::Zh)),
            en: format!("Cannot save the project file: {e}"),
        })
    }
}

/// The folder a file is in, as an absolute path where it can be made one.
fn folder_of(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    absolute.parent().map(Path::to_path_buf).unwrap_or_default()
}

/// `path` relative to `dir` when it lies in or below it, else `path` unchanged. A relative path
/// is written with `/`, which every system reads, so a project folder moves between them.
fn relative_to(path: &Path, dir: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    match absolute.strip_prefix(dir) {
        Ok(rest) if !rest.as_os_str().is_empty() && rest.components().all(|c| matches!(c, Component::Normal(_))) => {
            let mut portable = std::ffi::OsString::new();
            for (i, part) in rest.components().enumerate() {
                if i > 0 {
                    portable.push("/");
                }
                portable.push(part.as_os_str());
            }
            PathBuf::from(portable)
        }
        _ => path.to_path_buf(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A file outside the project's folder, absolute on this system.
    const ELSEWHERE: &str = if cfg!(windows) {
        r"D:\elsewhere\调查.csv"
    } else {
        "/elsewhere/调查.csv"
    };

    fn sample(dir: &Path) -> Project {
        let mut project = Project::default();
        project.sources.staffing = Some(Source {
            path: dir.join("数据 2025").join("编制表.xlsx"),
            options: LoadOptions {
                sheet: Some("编制".into()),
                overrides: [("approved".to_owned(), "核定数".to_owned())].into(),
                ..Default::default()
            },
        });
        let mut survey = Source::new(ELSEWHERE);
        survey.options.aliases.insert("区挡案馆".into(), "区档案馆".into());
        project.sources.survey = Some(survey);
        project.params.bands.balanced_up_to = 1.15;
        project
    }

    #[test]
    fn round_trips_with_paths_relative_to_the_project() {
        let dir = tempfile::tempdir().unwrap();
        let project = sample(dir.path());
        let file = dir.path().join("青川 项目.satlas");
        project.save(&file).unwrap();
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(text.contains("path = \"数据 2025/编制表.xlsx\""), "{text}");
        assert!(text.contains("sheet = \"编制\""), "{text}");
        assert!(text.contains(ELSEWHERE), "an absolute path is kept as it is: {text}");
        assert!(
            text.contains("\"区挡案馆\" = \"区档案馆\""),
            "the name matched by hand: {text}"
        );
        let back = Project::load(&file).unwrap();
        assert_eq!(back, project);
    }

    #[test]
    fn errors_name_the_file_and_the_line() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("坏.satlas");
        std::fs::write(&file, "version = 1\n[staffing\npath = 3\n").unwrap();
        let e = Project::load(&file).unwrap_err();
        assert!(e.zh.contains("坏.satlas") && e.zh.contains("格式有误"), "{}", e.zh);
        assert!(e.en.contains("line 2"), "{}", e.en);

        std::fs::write(&file, "version = 99\n").unwrap();
        let e = Project::load(&file).unwrap_err();
        assert!(e.en.contains("newer Satlas"), "{}", e.en);

        let e = Project::load(&dir.path().join("没有.satlas")).unwrap_err();
        assert!(
            e.zh.contains("无法打开项目文件") && e.zh.contains("找不到文件"),
            "{}",
            e.zh
        );
        assert!(
            !e.zh.contains("os error"),
            "the system's words are not the message: {}",
            e.zh
        );
    }

    #[test]
    fn a_new_path_drops_the_old_choices() {
        let mut sources = sample(Path::new("/p")).sources;
        let old = sources.staffing.clone().unwrap();
        sources.set_path(TableKind::Staffing, old.path.clone());
        assert_eq!(sources.staffing.as_ref(), Some(&old));
        sources.set_path(TableKind::Staffing, PathBuf::from("/p/新.xlsx"));
        assert_eq!(sources.staffing.unwrap().options, LoadOptions::default());
    }
}
