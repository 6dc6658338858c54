//! The canonical vocabulary: column names of every table the engine reads and writes, the
//! parameter structs (saved as TOML), bands and quota types.
//!
//! Every reader produces these columns, whatever the spreadsheet called them; every later stage
//! (analysis, plan, export, GUI) speaks only these names.

pub mod basis;
pub mod flag;
pub mod method;
pub mod plan;
pub mod returns;
pub mod sheet;
pub mod wisn;

pub use basis::Basis;
pub use flag::Flag;
pub use method::{WorkloadMethod, WorkloadSource};
pub use returns::ReturnStatus;
pub use sheet::Sheet;

use serde::{Deserialize, Serialize};

/// Canonical column names. Inputs use the first group; analysis outputs add the second.
pub mod col {
    // -- inputs --------------------------------------------------------------------------
    pub const UNIT: &str = "unit";
    pub const DEPARTMENT: &str = "department";
    pub const QUOTA_TYPE: &str = "quota_type";
    pub const YEAR: &str = "year";
    pub const APPROVED: &str = "approved";
    pub const ACTUAL: &str = "actual";
    pub const LEADER_POSTS: &str = "leader_posts";
    pub const LEADERS_ACTUAL: &str = "leaders_actual";
    pub const PERFORMANCE: &str = "performance";
    pub const CATEGORY: &str = "category";
    pub const KEY_AREA: &str = "key_area";
    pub const FRONT_LINE: &str = "front_line";
    pub const PERSON: &str = "person";
    pub const LEADER: &str = "leader";
    pub const TASK: &str = "task";
    pub const PERIOD: &str = "period";
    pub const FREQUENCY: &str = "frequency";
    pub const HOURS_EACH: &str = "hours_each";
    pub const ANNUAL_HOURS: &str = "annual_hours";
    /// 1-based spreadsheet row the record came from (for findings and the GUI's detail view).
    pub const SOURCE_ROW: &str = "source_row";
    /// The file (below the folder of returns) and sheet a survey row came from, when the
    /// survey was read from a folder.
    pub const SOURCE_FILE: &str = "source_file";
    pub const SOURCE_SHEET: &str = "source_sheet";
    /// A hash of a survey row's every cell as filed: two rows are duplicates only when it agrees.
    pub const ROW_HASH: &str = "row_hash";
    /// Standards and volumes: an activity, its standard time per item (hours), its annual volume.
    pub const ACTIVITY: &str = "activity";
    pub const STANDARD_HOURS: &str = "standard_hours";
    pub const VOLUME: &str = "volume";
    /// Where a standard comes from, as the standards table says (依据, 来源).
    pub const SOURCE_NOTE: &str = "source_note";

    // -- analysis outputs ------------------------------------------------------------------
    pub const UNITS: &str = "units";
    pub const WORKLOAD_REPORTED: &str = "workload_reported";
    pub const WORKLOAD: &str = "workload";
    /// From activity standards: W_std = Σ volume × standard, R_std, S_std, WISN ratio A / R_std
    /// and difference A − R_std.
    pub const WORKLOAD_STD: &str = "workload_std";
    pub const REQUIRED_STD: &str = "required_std";
    pub const SATURATION_STD: &str = "saturation_std";
    pub const WISN_RATIO: &str = "wisn_ratio";
    pub const WISN_DIFFERENCE: &str = "wisn_difference";
    /// Reported hours over standard hours, and `reported_high` / `reported_low` when far from
    /// the district's median ratio.
    pub const SELF_REPORT_RATIO: &str = "self_report_ratio";
    pub const REPORTING: &str = "reporting";
    /// The returns of a survey round (回收情况): each unit's status (see [`ReturnStatus`]), its
    /// files, the one counted, the rows, and the people of the roster it gave rows for or not.
    pub const RETURN_STATUS: &str = "return_status";
    pub const RETURN_FILES: &str = "return_files";
    pub const COUNTED_FILE: &str = "counted_file";
    pub const RETURN_ROWS: &str = "return_rows";
    pub const ROSTER_PEOPLE: &str = "roster_people";
    pub const PEOPLE_RETURNED: &str = "people_returned";
    pub const PEOPLE_MISSING: &str = "people_missing";
    pub const RETURN_NOTE: &str = "return_note";
    /// Which workload fed a unit's figures: `survey` or `standards` (see [`WorkloadSource`]).
    pub const WORKLOAD_METHOD: &str = "workload_method";
    /// Standards from the survey: the quartiles of the hours per occurrence units reported.
    pub const STANDARD_Q1: &str = "standard_q1";
    pub const STANDARD_Q3: &str = "standard_q3";
    pub const REQUIRED_REPORTED: &str = "required_reported";
    pub const REQUIRED: &str = "required";
    pub const REQUIRED_BASIS: &str = "required_basis";
    pub const SATURATION_REPORTED: &str = "saturation_reported";
    pub const SATURATION: &str = "saturation";
    pub const QUOTA_SATURATION: &str = "quota_saturation";
    pub const VACANCY: &str = "vacancy";
    pub const VACANCY_RATE: &str = "vacancy_rate";
    pub const OVER_QUOTA: &str = "over_quota";
    pub const OVER_LEADERS: &str = "over_leaders";
    pub const IDLE: &str = "idle";
    pub const SHORTAGE: &str = "shortage";
    pub const RECOVERABLE: &str = "recoverable";
    pub const BAND: &str = "band";
    pub const PEOPLE_SURVEYED: &str = "people_surveyed";
    pub const TASKS: &str = "tasks";
    /// The activities a unit's volumes price (the standards' counterpart of `tasks`).
    pub const ACTIVITIES: &str = "activities";
    pub const SPREAD_CV: &str = "spread_cv";
    pub const SPREAD_GINI: &str = "spread_gini";
    pub const SHARE_UNDERLOADED: &str = "share_underloaded";
    pub const FLAGS: &str = "flags";
    pub const HAS_SURVEY: &str = "has_survey";
    pub const ACTUAL_SURVEYED: &str = "actual_surveyed";
    pub const PERSON_SATURATION: &str = "person_saturation";
    pub const OVER_HOURS: &str = "over_hours";
    pub const METRIC: &str = "metric";
    pub const VALUE: &str = "value";
}

/// Quota types (编制类型). A quota never moves across types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum QuotaType {
    Administrative,
    PublicInstitution,
    LawEnforcement,
    CivilServiceManaged,
    Service,
    Unspecified,
}

impl QuotaType {
    pub const ALL: [QuotaType; 6] = [
        QuotaType::Administrative,
        QuotaType::PublicInstitution,
        QuotaType::LawEnforcement,
        QuotaType::CivilServiceManaged,
        QuotaType::Service,
        QuotaType::Unspecified,
    ];

    /// The canonical (Chinese) name stored in the `quota_type` column.
    pub fn canonical(self) -> &'static str {
        match self {
            QuotaType::Administrative => "行政编制",
            QuotaType::PublicInstitution => "事业编制",
            QuotaType::LawEnforcement => "政法专项编制",
            QuotaType::CivilServiceManaged => "参公事业编制",
            QuotaType::Service => "工勤编制",
            QuotaType::Unspecified => "未注明类型",
        }
    }

    pub fn english(self) -> &'static str {
        match self {
            QuotaType::Administrative => "administrative",
            QuotaType::PublicInstitution => "public institution",
            QuotaType::LawEnforcement => "law enforcement (special)",
            QuotaType::CivilServiceManaged => "civil-service-managed institution",
            QuotaType::Service => "service staff",
            QuotaType::Unspecified => "unspecified",
        }
    }

    /// Recognise a quota type in free text as offices write it ("参照公务员法管理事业单位编制数",
    /// "（行政)实有人数", "政法编制", "administrative"). Order matters: 参公 names contain 事业.
    pub fn detect(text: &str) -> Option<QuotaType> {
        let t = text.to_lowercase();
        let has = |keys: &[&str]| keys.iter().any(|k| t.contains(k));
        if has(&[
            "参公",
            "参照公务员",
            "参照管理",
            "civil-service-managed",
            "civil service managed",
        ]) {
            Some(QuotaType::CivilServiceManaged)
        } else if has(&["政法", "law enforcement", "law-enforcement"]) {
            Some(QuotaType::LawEnforcement)
        } else if has(&["工勤", "service staff", "service"]) {
            Some(QuotaType::Service)
        } else if has(&["行政", "administrative", "admin"]) {
            Some(QuotaType::Administrative)
        } else if has(&["事业", "public institution", "institution"]) {
            Some(QuotaType::PublicInstitution)
        } else {
            None
        }
    }

    pub fn from_canonical(name: &str) -> QuotaType {
        QuotaType::ALL
            .into_iter()
            .find(|q| q.canonical() == name)
            .unwrap_or(QuotaType::Unspecified)
    }
}

/// Saturation bands (S = required / actual).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Band {
    SevereUnder,
    Under,
    Balanced,
    Over,
    SevereOver,
    /// No survey data for the unit, or nobody in post and no workload.
    Unknown,
}

impl Band {
    pub const ALL: [Band; 6] = [
        Band::SevereUnder,
        Band::Under,
        Band::Balanced,
        Band::Over,
        Band::SevereOver,
        Band::Unknown,
    ];

    /// Stable code stored in the `band` column.
    pub fn code(self) -> &'static str {
        match self {
            Band::SevereUnder => "severe_under",
            Band::Under => "under",
            Band::Balanced => "balanced",
            Band::Over => "over",
            Band::SevereOver => "severe_over",
            Band::Unknown => "unknown",
        }
    }

    pub fn from_code(code: &str) -> Band {
        Band::ALL
            .into_iter()
            .find(|b| b.code() == code)
            .unwrap_or(Band::Unknown)
    }
}

/// Working calendar: available working time H per full-time person per year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Calendar {
    /// Working days in the year (365 − weekends − statutory holidays; 248 from 2025).
    pub working_days: f64,
    /// Public holidays still to deduct (0 when `working_days` already excludes them).
    pub public_holidays: f64,
    pub annual_leave: f64,
    pub training: f64,
    pub other_absence: f64,
    pub hours_per_day: f64,
}

impl Default for Calendar {
    fn default() -> Self {
        Calendar {
            working_days: 248.0,
            public_holidays: 0.0,
            annual_leave: 10.0,
            training: 5.0,
            other_absence: 3.0,
            hours_per_day: 8.0,
        }
    }
}

impl Calendar {
    /// Days a full-time person is at work.
    pub fn available_days(&self) -> f64 {
        self.working_days - self.public_holidays - self.annual_leave - self.training - self.other_absence
    }

    /// H: available working hours per full-time person per year.
    pub fn available_hours(&self) -> f64 {
        self.available_days() * self.hours_per_day
    }

    /// Days the office is open (a daily task recurs on each of them).
    pub fn office_days(&self) -> f64 {
        self.working_days - self.public_holidays
    }

    /// Occurrences per year of a task done once per `period`.
    pub fn per_year(&self, period: Period) -> f64 {
        period.per_year(self.office_days())
    }
}

/// The period of a task's frequency in a workload survey.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Period {
    Day,
    Week,
    /// 每两周.
    Fortnight,
    /// 每旬: ten days, three a month.
    Dekad,
    Month,
    Quarter,
    /// 每半年.
    HalfYear,
    Year,
    /// 不定期: no fixed period; the frequency counts the occurrences in a year.
    Irregular,
}

impl Period {
    /// Occurrences per year of a task done once per period, in a year of `office_days` (the
    /// only part of the calendar it reads).
    pub fn per_year(self, office_days: f64) -> f64 {
        match self {
            Period::Day => office_days,
            Period::Week => office_days / 5.0,
            Period::Fortnight => office_days / 10.0,
            // 旬: a third of a month.
            Period::Dekad => 36.0,
            Period::Month => 12.0,
            Period::Quarter => 4.0,
            Period::HalfYear => 2.0,
            // 不定期: the frequency is already a count per year.
            Period::Year | Period::Irregular => 1.0,
        }
    }

    pub const ALL: [Period; 9] = [
        Period::Day,
        Period::Week,
        Period::Fortnight,
        Period::Dekad,
        Period::Month,
        Period::Quarter,
        Period::HalfYear,
        Period::Year,
        Period::Irregular,
    ];

    /// Stable code stored in the `period` column.
    pub fn code(self) -> &'static str {
        match self {
            Period::Day => "day",
            Period::Week => "week",
            Period::Month => "month",
            Period::Fortnight => "fortnight",
            Period::Dekad => "dekad",
            Period::Quarter => "quarter",
            Period::HalfYear => "half_year",
            Period::Year => "year",
            Period::Irregular => "irregular",
        }
    }

    /// Parse a period as surveys write it: 每日/每天/日/天, 每周, 每月, 每季度, 每年/年度, or English.
    pub fn parse(text: &str) -> Option<Period> {
        // The words surveys use most, without normalising.
        match text {
            "每日" | "每天" => return Some(Period::Day),
            "每周" => return Some(Period::Week),
            "每月" => return Some(Period::Month),
            "每季度" => return Some(Period::Quarter),
            "每年" => return Some(Period::Year),
            _ => {}
        }
        let t: String = text
            .trim()
            .to_lowercase()
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-' && *c != '_')
            .collect();
        // "每周", "per week", "a week", "every week" and the bare word all name the same period.
        [t.as_str()]
            .into_iter()
            .chain(["每", "per", "every", "a"].iter().filter_map(|p| t.strip_prefix(p)))
            .find_map(Period::word)
    }

    /// A period as a form may write it with its count: 一周两次 (week, 2), 每月3次 (month, 3),
    /// 半年一次 (half a year, 1); or a period word alone (count None), as [`Period::parse`]
    /// reads it, or 月度, 季报, 年底.
    pub fn parse_with_times(text: &str) -> Option<(Period, Option<f64>)> {
        if let Some(p) = Period::parse(text) {
            return Some((p, None));
        }
        let t: String = text.trim().chars().filter(|c| !c.is_whitespace()).collect();
        let (rest, times) = match t.strip_suffix('次') {
            Some(before) => {
                let digits =
                    before.trim_end_matches(|c: char| c.is_ascii_digit() || "一二两三四五六七八九十".contains(c));
                let count = &before[digits.len()..];
                (
                    digits.strip_prefix('一').unwrap_or(digits).to_owned(),
                    Some(count_of(count)?),
                )
            }
            None => (t.clone(), None),
        };
        let period = Period::parse(&rest).or_else(|| {
            let word = rest.trim_end_matches(['度', '报', '底', '末']);
            Period::word(word).or_else(|| Period::parse(word))
        })?;
        Some((period, times))
    }

    fn word(t: &str) -> Option<Period> {
        match t {
            "日" | "天" | "工作日" | "day" | "daily" | "d" | "days" => Some(Period::Day),
            "周" | "星期" | "week" | "weekly" | "w" | "weeks" => Some(Period::Week),
            "月" | "month" | "monthly" | "m" | "months" => Some(Period::Month),
            "季" | "季度" | "quarter" | "quarterly" | "q" | "quarters" => Some(Period::Quarter),
            "年" | "年度" | "year" | "yearly" | "annual" | "annually" | "y" | "years" => Some(Period::Year),
            "两周" | "双周" | "2周" | "二周" | "fortnight" | "fortnightly" | "biweekly" | "2weeks" => {
                Some(Period::Fortnight)
            }
            "旬" | "dekad" => Some(Period::Dekad),
            "半年" | "半年度" | "halfyear" | "semiannual" | "semiannually" | "biannual" | "biannually" | "6months"
            | "sixmonths" => Some(Period::HalfYear),
            "不定期" | "不定时" | "不固定" | "随时" | "按需" | "irregular" | "adhoc" | "asneeded" => {
                Some(Period::Irregular)
            }
            _ => None,
        }
    }
}

/// A count written in digits or Chinese numerals up to 十 (两 = 2).
fn count_of(text: &str) -> Option<f64> {
    if let Ok(n) = text.parse::<f64>() {
        return Some(n);
    }
    let digit = |c: char| {
        "一二三四五六七八九"
            .chars()
            .position(|d| d == c)
            .map(|i| i as f64 + 1.0)
    };
    let chars: Vec<char> = text.chars().map(|c| if c == '两' { '二' } else { c }).collect();
    match chars.as_slice() {
        [c] if *c == '十' => Some(10.0),
        [c] => digit(*c),
        ['十', u] => Some(10.0 + digit(*u)?),
        [t, '十'] => Some(digit(*t)? * 10.0),
        [t, '十', u] => Some(digit(*t)? * 10.0 + digit(*u)?),
        _ => None,
    }
}

/// WISN allowances: work everyone does that neither the survey nor the standards count.
/// Either two totals, or the activities behind them (which then replace the totals).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Allowances {
    /// Share of working time spent on category allowance activities (0.175 = 17.5%).
    /// CAF = 1 / (1 − share).
    pub category_share: f64,
    /// Individual allowance hours per year, for the unit as a whole. IAF = hours / H.
    pub individual_hours: f64,
    /// Category allowance activities, each a % of working time (meetings 10, training 7.5).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub category: Vec<wisn::CategoryAllowance>,
    /// Individual allowances: hours a year per person, times the persons who do them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub individual: Vec<wisn::IndividualAllowance>,
}

impl Default for Allowances {
    fn default() -> Self {
        Allowances {
            category_share: 0.0,
            individual_hours: 0.0,
            category: Vec::new(),
            individual: Vec::new(),
        }
    }
}

impl Allowances {
    /// The share of working time the category allowances take: the activities' sum when
    /// listed, else the total given.
    pub fn category_share(&self) -> f64 {
        if self.category.is_empty() {
            self.category_share
        } else {
            self.category.iter().map(|a| a.percent).sum::<f64>() / 100.0
        }
    }

    /// Individual allowance hours a year: Σ hours × persons when listed, else the total given.
    pub fn individual_hours(&self) -> f64 {
        if self.individual.is_empty() {
            self.individual_hours
        } else {
            self.individual.iter().map(|a| a.hours_per_person * a.persons).sum()
        }
    }

    /// The allowances as WISN lists (a total given as one line), for the standards method.
    pub fn wisn(&self) -> wisn::WisnAllowances {
        let category = if self.category.is_empty() && self.category_share != 0.0 {
            vec![wisn::CategoryAllowance {
                activity: "类别宽放".into(),
                percent: self.category_share * 100.0,
            }]
        } else {
            self.category.clone()
        };
        let individual = if self.individual.is_empty() && self.individual_hours != 0.0 {
            vec![wisn::IndividualAllowance {
                activity: "个人宽放".into(),
                hours_per_person: self.individual_hours,
                persons: 1.0,
            }]
        } else {
            self.individual.clone()
        };
        wisn::WisnAllowances { category, individual }
    }
}

/// Band thresholds on saturation S.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Bands {
    /// Below this: severely under-loaded.
    pub severe_under_below: f64,
    /// Below this (and at or above `severe_under_below`): under-loaded.
    pub under_below: f64,
    /// At or below this: balanced.
    pub balanced_up_to: f64,
    /// At or below this: overloaded; above it: severely overloaded.
    pub over_up_to: f64,
}

impl Default for Bands {
    fn default() -> Self {
        Bands {
            severe_under_below: 0.6,
            under_below: 0.8,
            balanced_up_to: 1.1,
            over_up_to: 1.3,
        }
    }
}

impl Bands {
    pub fn classify(&self, saturation: Option<f64>) -> Band {
        match saturation {
            None => Band::Unknown,
            Some(s) if !s.is_finite() => Band::Unknown,
            Some(s) if s < self.severe_under_below => Band::SevereUnder,
            Some(s) if s < self.under_below => Band::Under,
            Some(s) if s <= self.balanced_up_to => Band::Balanced,
            Some(s) if s <= self.over_up_to => Band::Over,
            Some(_) => Band::SevereOver,
        }
    }
}

/// Survey-quality rules: self-reported hours run high.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SurveyRules {
    /// Flag a person whose annual hours exceed this multiple of H.
    pub person_max_multiple: f64,
    /// Cap each person's annual hours at `person_max_multiple × H` in the adjusted figures.
    pub cap_person_hours: bool,
    /// Multiply every reported hour by this factor in the adjusted figures (1.0 = none).
    pub calibration_factor: f64,
    /// A single occurrence of a task longer than this many hours is implausible.
    pub max_hours_each: f64,
    /// Count exact duplicate survey rows once (they are always reported).
    pub drop_duplicates: bool,
}

impl Default for SurveyRules {
    fn default() -> Self {
        SurveyRules {
            person_max_multiple: 1.2,
            cap_person_hours: false,
            calibration_factor: 1.0,
            max_hours_each: 24.0,
            drop_duplicates: true,
        }
    }
}

/// Rules for the red-line and dynamic-management flags.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct FlagRules {
    /// Consecutive years (ending with the latest) a unit must be idle to be flagged long-idle.
    pub long_idle_years: usize,
    /// A year counts as idle when the vacancy rate is at least this share (and one post or more)...
    pub idle_vacancy_rate: f64,
    /// ...or when the saturation is below the under-loaded threshold.
    pub idle_when_underloaded: bool,
    /// Years of falling workload needed to flag shrinking work.
    pub shrinking_years: usize,
    /// Total fall over those years needed, as a share of the first year's workload.
    pub shrinking_min_drop: f64,
    /// A performance score below this, with saturation below the under-loaded threshold,
    /// flags low efficiency.
    pub low_performance_below: f64,
}

impl Default for FlagRules {
    fn default() -> Self {
        FlagRules {
            long_idle_years: 3,
            idle_vacancy_rate: 0.1,
            idle_when_underloaded: true,
            shrinking_years: 3,
            shrinking_min_drop: 0.1,
            low_performance_below: 70.0,
        }
    }
}

/// Which units count as front line (基层一线) or key area (重点领域) when the data does not say.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TagRules {
    /// A unit whose name or category contains one of these is front line.
    pub front_line_patterns: Vec<String>,
    /// A unit whose name or category contains one of these is in a key area.
    pub key_area_patterns: Vec<String>,
}

impl Default for TagRules {
    fn default() -> Self {
        TagRules {
            front_line_patterns: ["街道", "乡镇", "镇人民政府", "乡人民政府", "基层", "一线"]
                .map(String::from)
                .to_vec(),
            key_area_patterns: ["重点领域", "综合行政执法", "开发区", "高新区", "科技", "应急管理"]
                .map(String::from)
                .to_vec(),
        }
    }
}

/// Every parameter of the analysis, saved and loaded as TOML.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct Params {
    /// Which workload feeds saturation, the plan and the charts.
    pub method: WorkloadMethod,
    /// Survey tasks named otherwise than the standards' activities: task as filed → activity,
    /// for comparing the two activity by activity.
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub activity_names: std::collections::BTreeMap<String, String>,
    pub calendar: Calendar,
    pub allowances: Allowances,
    pub bands: Bands,
    pub survey: SurveyRules,
    pub flags: FlagRules,
    pub tags: TagRules,
    pub plan: plan::PlanParams,
    /// A staff category's own working time and allowances (quota type → what differs), as WISN
    /// sets them per category; a category not named takes `calendar` and `allowances`.
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub by_quota_type: std::collections::BTreeMap<String, TypeWisn>,
}

/// What a staff category sets apart from the district's: its calendar, its allowances.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct TypeWisn {
    pub calendar: Option<Calendar>,
    pub allowances: Option<Allowances>,
}

/// Available hours, CAF and IAF of one staff category.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Factors {
    pub hours: f64,
    pub caf: f64,
    pub iaf: f64,
}

impl Params {
    pub fn from_toml(text: &str) -> Result<Params, String> {
        toml::from_str(text).map_err(|e| e.to_string())
    }

    pub fn to_toml(&self) -> Result<String, toml::ser::Error> {
        toml::to_string_pretty(self)
    }

    /// CAF = 1 / (1 − category share); a share of 1 or more is clamped so CAF stays finite.
    pub fn caf(&self) -> f64 {
        self.factors(None).caf
    }

    /// H, CAF and IAF of staff of `quota_type`: its own where `by_quota_type` names it.
    pub fn factors(&self, quota_type: Option<&str>) -> Factors {
        let own = quota_type.and_then(|q| self.by_quota_type.get(q));
        let calendar = own.and_then(|t| t.calendar.as_ref()).unwrap_or(&self.calendar);
        let allowances = own.and_then(|t| t.allowances.as_ref()).unwrap_or(&self.allowances);
        let hours = calendar.available_hours();
        Factors {
            hours,
            caf: 1.0 / (1.0 - allowances.category_share().clamp(0.0, 0.95)),
            iaf: if hours > 0.0 {
                allowances.individual_hours() / hours
            } else {
                0.0
            },
        }
    }

    /// IAF = individual allowance hours / H (0 when H is not positive).
    pub fn iaf(&self) -> f64 {
        self.factors(None).iaf
    }

    /// Check the parameters make sense before a run; the message names the parameter.
    pub fn validate(&self) -> Result<(), ParamError> {
        check_calendar(&self.calendar, "")?;
        check_allowances(&self.allowances, "")?;
        // A staff category's own calendar and allowances, named in the message.
        for (quota_type, own) in &self.by_quota_type {
            // A key that names no quota type would silently change nothing: refused.
            if !QuotaType::ALL.iter().any(|q| q.canonical() == quota_type) {
                let names: Vec<&str> = QuotaType::ALL
                    .iter()
                    .map(|q| q.canonical())
                    .filter(|n| !n.is_empty())
                    .collect();
                return Err(ParamError::new(
                    ParamGroup::Allowances,
                    format!(
                        "by_quota_type 中的“{quota_type}”不是编制类型；可用：{}",
                        names.join("、")
                    ),
                    format!(
                        "by_quota_type names '{quota_type}', which is no quota type; use one of: {}",
                        names.join(", ")
                    ),
                ));
            }
            if let Some(c) = &own.calendar {
                check_calendar(c, quota_type)?;
            }
            if let Some(a) = &own.allowances {
                check_allowances(a, quota_type)?;
            }
        }
        let b = &self.bands;
        if !(b.severe_under_below <= b.under_below
            && b.under_below <= b.balanced_up_to
            && b.balanced_up_to <= b.over_up_to)
        {
            return Err(ParamError::new(
                ParamGroup::Bands,
                "饱和度区间须逐级递增：严重不饱和 ≤ 不饱和 ≤ 基本饱和 ≤ 超饱和".to_owned(),
                "bands must increase: severe_under_below ≤ under_below ≤ balanced_up_to ≤ over_up_to".to_owned(),
            ));
        }
        if !(self.survey.calibration_factor > 0.0 && self.survey.calibration_factor.is_finite()) {
            return Err(ParamError::new(
                ParamGroup::Survey,
                "填报工时校准系数须为正数".to_owned(),
                "survey.calibration_factor must be a positive number".to_owned(),
            ));
        }
        Ok(())
    }
}

fn check_calendar(calendar: &Calendar, of: &str) -> Result<(), ParamError> {
    let (of, of_en) = named(of);
    let h = calendar.available_hours();
    if h.is_finite() && h > 0.0 {
        return Ok(());
    }
    Err(ParamError::new(
        ParamGroup::Calendar,
        format!("{of}标准工时须为正数，现为 {h} 小时（请检查全年工作日及各项扣除）"),
        format!(
            "{of_en}available working time must be positive, got {h} h (check calendar.working_days and its deductions)"
        ),
    ))
}

fn check_allowances(a: &Allowances, of: &str) -> Result<(), ParamError> {
    let (of, of_en) = named(of);
    let share = a.category_share();
    if !(0.0..0.95).contains(&share) {
        return Err(ParamError::new(
            ParamGroup::Allowances,
            format!("{of}类别宽放占比须在 0 与 95% 之间，现为 {}%", share * 100.0),
            format!("{of_en}allowances.category_share must be between 0 and 0.95, got {share}"),
        ));
    }
    let bad_line = a.category.iter().any(|c| !(c.percent.is_finite() && c.percent >= 0.0))
        || a.individual.iter().any(|i| {
            !(i.hours_per_person.is_finite() && i.hours_per_person >= 0.0 && i.persons.is_finite() && i.persons >= 0.0)
        });
    if bad_line || !(a.individual_hours().is_finite() && a.individual_hours() >= 0.0) {
        return Err(ParamError::new(
            ParamGroup::Allowances,
            format!("{of}宽放活动的百分比、每人小时数和人数须为不小于 0 的数"),
            format!("{of_en}allowance percentages, hours per person and persons must be numbers of 0 or more"),
        ));
    }
    Ok(())
}

/// A staff category named before a message about its own parameters: ("事业编制：",
/// "by_quota_type."事业编制": ").
fn named(quota_type: &str) -> (String, String) {
    if quota_type.is_empty() {
        (String::new(), String::new())
    } else {
        (format!("{quota_type}："), format!("by_quota_type.\"{quota_type}\": "))
    }
}

/// The group of parameters a problem lies in, so that the window can say it beside them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamGroup {
    Calendar,
    Allowances,
    Bands,
    Survey,
}

/// Parameters that cannot be used, said in both languages.
#[derive(Debug, Clone, PartialEq)]
pub struct ParamError {
    pub zh: String,
    pub en: String,
    pub group: ParamGroup,
}

impl ParamError {
    fn new(group: ParamGroup, zh: String, en: String) -> ParamError {
        ParamError { zh, en, group }
    }

    pub fn message(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }
}

impl std::fmt::Display for ParamError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.en)
    }
}

impl std::error::Error for ParamError {}

/// Interface and export language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    pub fn parse(s: &str) -> Option<Lang> {
        match s.to_ascii_lowercase().as_str() {
            "zh" | "cn" | "zh-cn" | "chinese" => Some(Lang::Zh),
            "en" | "english" => Some(Lang::En),
            _ => None,
        }
    }

    /// The words of this language out of a pair.
    pub fn pick<T>(self, zh: T, en: T) -> T {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_period_written_with_its_count_gives_both() {
        let p = |t: &str| Period::parse_with_times(t);
        assert_eq!(p("一周两次"), Some((Period::Week, Some(2.0))));
        assert_eq!(p("每月3次"), Some((Period::Month, Some(3.0))));
        assert_eq!(p("半年一次"), Some((Period::HalfYear, Some(1.0))));
        assert_eq!(p("年底一次"), Some((Period::Year, Some(1.0))));
        assert_eq!(p("每季度十二次"), Some((Period::Quarter, Some(12.0))));
        assert_eq!(p("月度"), Some((Period::Month, None)));
        assert_eq!(p("季报"), Some((Period::Quarter, None)));
        assert_eq!(p("每周"), Some((Period::Week, None)));
        assert_eq!(p("两次"), None);
        assert_eq!(p("看情况"), None);
    }

    use super::*;

    #[test]
    fn default_available_time_is_1840_hours() {
        assert_eq!(Calendar::default().available_hours(), 1840.0);
    }

    #[test]
    fn quota_types_are_recognised_in_office_wording() {
        assert_eq!(
            QuotaType::detect("参照公务员法管理事业单位编制数"),
            Some(QuotaType::CivilServiceManaged)
        );
        assert_eq!(QuotaType::detect("（行政)实有人数"), Some(QuotaType::Administrative));
        assert_eq!(QuotaType::detect("政法编制"), Some(QuotaType::LawEnforcement));
        assert_eq!(QuotaType::detect("事业编制"), Some(QuotaType::PublicInstitution));
        assert_eq!(QuotaType::detect("工勤编制"), Some(QuotaType::Service));
        assert_eq!(QuotaType::detect("单位名称"), None);
    }

    #[test]
    fn periods_parse_in_both_languages() {
        assert_eq!(Period::parse("每日"), Some(Period::Day));
        assert_eq!(Period::parse(" 每季度 "), Some(Period::Quarter));
        assert_eq!(Period::parse("weekly"), Some(Period::Week));
        assert_eq!(Period::parse("per month"), Some(Period::Month));
        assert_eq!(Period::parse("每年"), Some(Period::Year));
        assert_eq!(Period::parse("sometimes"), None);
        // Periods offices use beside the five: each with its count a year.
        let cal = Calendar::default();
        for (text, period, per_year) in [
            ("每半年", Period::HalfYear, 2.0),
            ("每两周", Period::Fortnight, 24.8),
            ("每旬", Period::Dekad, 36.0),
            ("不定期", Period::Irregular, 1.0),
            ("annual", Period::Year, 1.0),
            ("a day", Period::Day, 248.0),
            ("every week", Period::Week, 49.6),
        ] {
            let p = Period::parse(text);
            assert_eq!(p, Some(period), "{text}");
            assert!((cal.per_year(period) - per_year).abs() < 1e-9, "{text}");
        }
    }

    #[test]
    fn params_round_trip_through_toml() {
        let p = Params::default();
        let back = Params::from_toml(&p.to_toml().unwrap()).unwrap();
        assert_eq!(p, back);
        let partial = Params::from_toml("[calendar]\nworking_days = 250\n").unwrap();
        assert_eq!(partial.calendar.working_days, 250.0);
        assert_eq!(partial.calendar.hours_per_day, 8.0);
    }

    #[test]
    fn bands_follow_the_design_defaults() {
        let b = Bands::default();
        assert_eq!(b.classify(Some(0.5)), Band::SevereUnder);
        assert_eq!(b.classify(Some(0.6)), Band::Under);
        assert_eq!(b.classify(Some(0.8)), Band::Balanced);
        assert_eq!(b.classify(Some(1.1)), Band::Balanced);
        assert_eq!(b.classify(Some(1.2)), Band::Over);
        assert_eq!(b.classify(Some(1.31)), Band::SevereOver);
        assert_eq!(b.classify(None), Band::Unknown);
    }
}
