//! Which workload feeds saturation, the plan and the charts: what the survey reports, what
//! activity standards × annual volumes give (the WISN way), or the standards where a unit has
//! them and the survey elsewhere.

use super::Lang;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WorkloadMethod {
    /// The hours the survey reports (adjusted by the survey rules).
    #[default]
    Survey,
    /// Volumes × activity standards; a unit without volumes has no workload.
    Standards,
    /// Volumes × standards where the unit's are all known, else the survey.
    StandardsElseSurvey,
}

/// Where one unit's workload came from (the `workload_method` column).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WorkloadSource {
    Survey,
    Standards,
}

impl WorkloadMethod {
    pub const ALL: [WorkloadMethod; 3] = [
        WorkloadMethod::Survey,
        WorkloadMethod::Standards,
        WorkloadMethod::StandardsElseSurvey,
    ];

    pub fn code(self) -> &'static str {
        self.words().0
    }

    pub fn label(self, lang: Lang) -> &'static str {
        let (_, zh, en) = self.words();
        lang.pick(zh, en)
    }

    pub fn from_code(code: &str) -> Option<WorkloadMethod> {
        WorkloadMethod::ALL.into_iter().find(|m| m.code() == code)
    }

    /// Whether this method reads the standards and volumes.
    pub fn uses_standards(self) -> bool {
        self != WorkloadMethod::Survey
    }

    /// (code, Chinese, English).
    fn words(self) -> (&'static str, &'static str, &'static str) {
        match self {
            WorkloadMethod::Survey => ("survey", "工作量调查（填报工时）", "survey (reported hours)"),
            WorkloadMethod::Standards => ("standards", "工作标准 × 业务量", "standards × volumes"),
            WorkloadMethod::StandardsElseSurvey => (
                "standards_else_survey",
                "有业务量的用工作标准，其余用调查",
                "standards where there are volumes, else survey",
            ),
        }
    }
}

impl WorkloadSource {
    pub const ALL: [WorkloadSource; 2] = [WorkloadSource::Survey, WorkloadSource::Standards];

    pub fn code(self) -> &'static str {
        match self {
            WorkloadSource::Survey => "survey",
            WorkloadSource::Standards => "standards",
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            WorkloadSource::Survey => lang.pick("调查填报", "survey"),
            WorkloadSource::Standards => lang.pick("工作标准", "standards"),
        }
    }

    pub fn from_code(code: &str) -> Option<WorkloadSource> {
        WorkloadSource::ALL.into_iter().find(|s| s.code() == code)
    }
}
