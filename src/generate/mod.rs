//! Data generators: the bundled sample district and large synthetic districts, written the way
//! an office writes them (title row, date note, merged two-row header, 合计 row), for the CLI's
//! `generate`, for tests and for benchmarks. Every generator is deterministic from its seed.

mod names;
mod returns;
mod sample;
mod standards;
mod synthetic;
mod tasks;
mod write;

#[cfg(test)]
mod tests;

pub use returns::returned_forms;
pub use write::{Format, write_district};

use crate::model::{Calendar, Period, QuotaType};
use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::sync::Arc;

/// Size and seed of a synthetic district: `units` units of exactly `people_per_unit` people,
/// each reporting exactly `tasks_per_person` tasks, for one year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntheticSpec {
    pub units: usize,
    pub people_per_unit: usize,
    pub tasks_per_person: usize,
    pub seed: u64,
}

impl Default for SyntheticSpec {
    /// The benchmark scale: 3,000 units, 99,000 people, 990,000 survey rows.
    fn default() -> Self {
        SyntheticSpec {
            units: 3000,
            people_per_unit: 33,
            tasks_per_person: 10,
            seed: 1,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Sex {
    Male,
    Female,
}

impl Sex {
    pub fn label(self) -> &'static str {
        match self {
            Sex::Male => "男",
            Sex::Female => "女",
        }
    }
}

/// One row of the staffing table: a unit's quotas of one type in one year.
#[derive(Debug, Clone, PartialEq)]
pub struct StaffingRow {
    pub department: Arc<str>,
    pub unit: Arc<str>,
    /// 单位类别: 党政机关, 事业单位, 街道, 乡镇, 重点领域, 政法机关.
    pub category: Arc<str>,
    pub quota_type: QuotaType,
    pub year: i32,
    pub approved: u32,
    pub actual: u32,
    pub leader_posts: u32,
    pub leaders_actual: u32,
    /// 绩效考评得分, 0–100; the same on every row of a unit in a year.
    pub performance: f64,
}

/// One person of the roster (花名册), latest year only.
#[derive(Debug, Clone, PartialEq)]
pub struct RosterRow {
    pub unit: Arc<str>,
    pub name: Arc<str>,
    pub sex: Sex,
    pub quota_type: QuotaType,
    /// 职务, e.g. 副局长, 四级主任科员, 专技岗十级.
    pub post: Arc<str>,
    pub leader: bool,
}

/// One task of one person in one year's workload survey. A row gives either period, frequency
/// and hours each, or the annual hours directly (the other three empty).
#[derive(Debug, Clone, PartialEq)]
pub struct SurveyRow {
    pub unit: Arc<str>,
    pub person: Arc<str>,
    pub task: Arc<str>,
    pub period: Option<Period>,
    pub frequency: Option<f64>,
    pub hours_each: Option<f64>,
    pub annual_hours: Option<f64>,
    pub year: i32,
}

impl SurveyRow {
    /// Annual hours of the task under `cal` (0 when the row gives neither form).
    pub fn annual(&self, cal: &Calendar) -> f64 {
        if let Some(h) = self.annual_hours {
            return h;
        }
        match (self.period, self.frequency, self.hours_each) {
            (Some(p), Some(f), Some(h)) => cal.per_year(p) * f * h,
            _ => 0.0,
        }
    }
}

/// What a story unit of the sample is built to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum StoryKind {
    /// 实有 > 核定 in the latest year (超编).
    OverQuota,
    /// 实配领导职数 > 领导职数 in the latest year (超职数).
    OverLeaders,
    /// Large vacancies and saturation 0.4–0.6 in every year (长期闲置).
    LongIdle,
    /// Workload falling every year, by more than 10% overall (职能弱化).
    ShrinkingWork,
    /// Performance below 70 with low saturation (效益不高).
    LowEfficiency,
    /// Front-line or key-area unit with saturation 1.2–1.5: where freed quotas should go.
    Overloaded,
    /// A unit name in the survey that the staffing table lacks (a typo).
    NotInStaffing,
    /// A staffing unit with no survey rows in a year.
    SurveyMissing,
    /// Exact duplicate survey rows.
    DuplicateRows,
    /// A task whose single occurrence takes implausibly long.
    ImplausibleHours,
    /// A unit whose survey claims far more than its volumes need at standard times.
    ReportsHigh,
    /// A unit that filed no volumes.
    NoVolumes,
}

/// One activity standard: the hours one item takes.
#[derive(Debug, Clone, PartialEq)]
pub struct StandardRow {
    pub activity: Arc<str>,
    pub hours: f64,
}

/// One unit's annual volume of one activity.
#[derive(Debug, Clone, PartialEq)]
pub struct VolumeRow {
    pub unit: Arc<str>,
    pub activity: Arc<str>,
    pub year: i32,
    pub volume: f64,
}

/// A unit built to trigger a rule, with a sentence saying how.
#[derive(Debug, Clone, PartialEq)]
pub struct Story {
    pub unit: Arc<str>,
    pub kind: StoryKind,
    pub detail: String,
}

/// A district's three tables, with the titles an office puts on top of them.
#[derive(Debug, Clone, PartialEq)]
pub struct District {
    /// The district's name, e.g. 青川区.
    pub name: String,
    pub staffing_title: String,
    pub roster_title: String,
    pub survey_title: String,
    /// The 填报单位/统计日期 line under each title.
    pub note: String,
    pub staffing: Vec<StaffingRow>,
    pub roster: Vec<RosterRow>,
    pub survey: Vec<SurveyRow>,
    pub standards_title: String,
    pub volumes_title: String,
    /// Activity standards and annual volumes (empty for synthetic districts).
    pub standards: Vec<StandardRow>,
    pub volumes: Vec<VolumeRow>,
    /// The rules the data is built to trigger (empty for synthetic districts).
    pub stories: Vec<Story>,
}

impl District {
    /// Years present in the staffing table, ascending.
    pub fn years(&self) -> Vec<i32> {
        let set: BTreeSet<i32> = self.staffing.iter().map(|r| r.year).collect();
        set.into_iter().collect()
    }

    /// The units of the stories of one kind.
    pub fn story_units(&self, kind: StoryKind) -> BTreeSet<&str> {
        self.stories
            .iter()
            .filter(|s| s.kind == kind)
            .map(|s| &*s.unit)
            .collect()
    }
}

/// A synthetic district at the size `spec` asks for.
pub fn synthetic(spec: &SyntheticSpec) -> District {
    synthetic::build(spec)
}

/// The bundled realistic sample, 青川区 (fictional), always the same.
pub fn sample_district() -> District {
    sample::build()
}

/// "2025年度" or "2023—2025年度".
pub(crate) fn year_span(years: &[i32]) -> String {
    match (years.first(), years.last()) {
        (Some(a), Some(b)) if a != b => format!("{a}—{b}年度"),
        (Some(a), _) => format!("{a}年度"),
        _ => String::new(),
    }
}

/// A few lines on the district for the CLI: units, departments, people, survey rows.
pub fn district_summary(d: &District) -> String {
    let units: BTreeSet<&str> = d.staffing.iter().map(|r| &*r.unit).collect();
    let departments: BTreeSet<&str> = d.staffing.iter().map(|r| &*r.department).collect();
    let years = d.years();
    let latest = years.last().copied();
    let latest_rows = d.staffing.iter().filter(|r| Some(r.year) == latest);
    let (approved, actual) = latest_rows.fold((0u64, 0u64), |(e, a), r| {
        (e + u64::from(r.approved), a + u64::from(r.actual))
    });
    let surveyed: BTreeSet<(i32, &str, &str)> = d.survey.iter().map(|r| (r.year, &*r.unit, &*r.person)).collect();
    let mut s = String::new();
    let _ = writeln!(s, "{}（{}）", d.name, year_span(&years));
    let _ = writeln!(
        s,
        "单位 {} 个，主管部门 {} 个；编制表 {} 行",
        units.len(),
        departments.len(),
        d.staffing.len()
    );
    if let Some(y) = latest {
        let _ = writeln!(s, "{y}年度核定编制 {approved} 名，实有 {actual} 人");
    }
    let _ = writeln!(s, "花名册 {} 人", d.roster.len());
    let _ = write!(s, "工作量调查 {} 行（{} 人次）", d.survey.len(), surveyed.len());
    if !d.stories.is_empty() {
        let _ = write!(s, "\n预设情形 {} 个", d.stories.len());
    }
    s
}

/// The label surveys use for a period.
pub(crate) fn period_label(p: Period) -> &'static str {
    match p {
        Period::Day => "每日",
        Period::Week => "每周",
        Period::Fortnight => "每两周",
        Period::Dekad => "每旬",
        Period::Month => "每月",
        Period::Quarter => "每季度",
        Period::HalfYear => "每半年",
        Period::Year => "每年",
        Period::Irregular => "不定期",
    }
}
