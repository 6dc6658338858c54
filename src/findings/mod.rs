//! Findings: what the readers and the analysis noticed, each tied to a place in a file.
//!
//! A finding carries its message in both interface languages, so the GUI can switch language
//! without re-reading anything, and a stable `code` that tests and filters match on.

mod kinds;

pub use kinds::kind_label;

use crate::model::Lang;
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Severity {
    /// The file, or this row, could not be used as it stands.
    Error,
    /// Something was assumed, skipped or looks wrong; the results still stand.
    Warning,
    /// For the record (a total row left out, a header found on row 3).
    Info,
}

impl Severity {
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Severity::Error, Lang::Zh) => "错误",
            (Severity::Warning, Lang::Zh) => "警告",
            (Severity::Info, Lang::Zh) => "提示",
            (Severity::Error, Lang::En) => "error",
            (Severity::Warning, Lang::En) => "warning",
            (Severity::Info, Lang::En) => "info",
        }
    }
}

/// Where a finding points: file, sheet, spreadsheet row (1-based, as Excel numbers it) and column.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Location {
    pub file: String,
    pub sheet: Option<String>,
    pub row: Option<u32>,
    /// Column letter and header, e.g. `D（核定编制数）`.
    pub column: Option<String>,
}

impl Location {
    pub fn file(file: impl Into<String>) -> Location {
        Location {
            file: file.into(),
            ..Location::default()
        }
    }

    pub fn with_sheet(mut self, sheet: Option<&str>) -> Location {
        self.sheet = sheet.map(str::to_owned);
        self
    }

    pub fn with_row(mut self, row: u32) -> Location {
        self.row = Some(row);
        self
    }

    pub fn with_column(mut self, column: impl Into<String>) -> Location {
        self.column = Some(column.into());
        self
    }

    pub fn describe(&self, lang: Lang) -> String {
        let mut parts = vec![self.file.clone()];
        if let Some(s) = &self.sheet {
            parts.push(match lang {
                Lang::Zh => format!("工作表“{s}”"),
                Lang::En => format!("sheet '{s}'"),
            });
        }
        if let Some(r) = self.row {
            parts.push(match lang {
                Lang::Zh => format!("第 {r} 行"),
                Lang::En => format!("row {r}"),
            });
        }
        if let Some(c) = &self.column {
            parts.push(match lang {
                Lang::Zh => format!("{c} 列"),
                Lang::En => format!("column {c}"),
            });
        }
        parts.join(match lang {
            Lang::Zh => "，",
            Lang::En => ", ",
        })
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    pub severity: Severity,
    /// Stable identifier of the kind of finding, e.g. `not_a_number`.
    pub code: String,
    pub location: Location,
    /// The year of the data it is about, when it is about one year's rows.
    #[serde(default)]
    pub year: Option<i32>,
    pub zh: String,
    pub en: String,
}

impl Finding {
    pub fn new(
        severity: Severity,
        code: &str,
        location: Location,
        zh: impl Into<String>,
        en: impl Into<String>,
    ) -> Finding {
        Finding {
            severity,
            code: code.to_owned(),
            location,
            year: None,
            zh: zh.into(),
            en: en.into(),
        }
    }

    pub fn error(code: &str, location: Location, zh: impl Into<String>, en: impl Into<String>) -> Finding {
        Finding::new(Severity::Error, code, location, zh, en)
    }

    pub fn warning(code: &str, location: Location, zh: impl Into<String>, en: impl Into<String>) -> Finding {
        Finding::new(Severity::Warning, code, location, zh, en)
    }

    pub fn info(code: &str, location: Location, zh: impl Into<String>, en: impl Into<String>) -> Finding {
        Finding::new(Severity::Info, code, location, zh, en)
    }

    /// The finding, about the data of `year`.
    pub fn in_year(mut self, year: Option<i32>) -> Finding {
        self.year = year;
        self
    }

    pub fn message(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }

    /// What kind of finding it is, in words (its code when no words were given).
    pub fn kind(&self, lang: Lang) -> &str {
        kind_label(&self.code, lang)
    }

    /// One line for a terminal or a log: severity, place, message.
    /// Whether the finding says some figures are unknown (staff, quota or workload nobody gave),
    /// rest on another method than the one chosen, or on a guess of whose rows they are: said
    /// before any other, wherever the person looks.
    pub fn touches_figures(&self) -> bool {
        match self.code.as_str() {
            "unknown_actual"
            | "unknown_approved"
            | "unknown_workload"
            | "no_standards"
            | "no_volumes"
            | "survey_in_place_of_standards"
            // Returned rows counted for a unit their form or name gives, not their own words.
            | "form_unit_unknown"
            | "form_of_other_unit"
            // A sheet full to its format's last row: its sums may be short.
            | "sheet_full"
            // A staffing row without a unit, its quotas counted to the unit above.
            | "quota_filled_down" => true,
            // A round with units still to chase: their workload is unknown.
            "returns" => self.severity != Severity::Info,
            _ => false,
        }
    }

    pub fn line(&self, lang: Lang) -> String {
        format!(
            "[{}] {}: {}",
            self.severity.label(lang),
            self.location.describe(lang),
            self.message(lang)
        )
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.line(Lang::En))
    }
}

/// An input that cannot be used at all: the finding that says why, in one sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct Unusable(pub Finding);

impl fmt::Display for Unusable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for Unusable {}

/// The text of a caught panic's payload (a reader or writer library that panicked, a job).
pub fn panic_text(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_owned()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "unknown panic".to_owned()
    }
}
