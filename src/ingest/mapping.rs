//! Column mapping: which spreadsheet column holds which canonical field, by Chinese and English
//! synonyms, with explicit overrides that a caller can pass and save.

use super::text::key;
use crate::model::{QuotaType, col};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A canonical input field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Field {
    Unit,
    Department,
    QuotaType,
    Year,
    Approved,
    Actual,
    LeaderPosts,
    LeadersActual,
    Performance,
    Category,
    KeyArea,
    FrontLine,
    Person,
    Leader,
    Position,
    Task,
    Period,
    Frequency,
    HoursEach,
    MinutesEach,
    AnnualHours,
    /// A volumes table's annual count of one activity (cases, permits, inspections).
    Volume,
    /// A standards table's note on where a standard comes from (依据, 来源).
    SourceNote,
    /// A standards table's rate of working: items per hour (WISN's other way to give a
    /// standard); the standard time is its inverse.
    RatePerHour,
}

/// How a field matches a header: every part of one pattern must appear in the header key;
/// a header containing an excluded word never matches.
struct Rule {
    field: Field,
    patterns: &'static [&'static [&'static str]],
    exclude: &'static [&'static str],
    /// Several columns may map to this field; their values are added up (leadership posts by rank).
    summed: bool,
}

const RULES: &[Rule] = &[
    Rule {
        field: Field::Unit,
        patterns: &[
            &["学校名称"],
            &["科室名称"],
            &["乡镇"],
            &["街道"],
            &["部门"],
            &["处室"],
            &["科室"],
            &["学校"],
            &["卫生院"],
            &["医院"],
            &["单位名称"],
            &["单位"],
            &["机构名称"],
            &["部门名称"],
            &["单位全称"],
            &["填报单位"],
            &["所在单位"],
            &["预算单位"],
            &["机构"],
            &["unit"],
            &["unitname"],
            &["organisation"],
            &["organization"],
            &["facility"],
            &["healthfacility"],
            &["office"],
            &["agency"],
        ],
        exclude: &[
            "规格",
            "编码",
            "所属",
            "归口",
            "类别",
            "主管",
            "上级",
            "代码",
            "类别",
            "类型",
            "性质",
            "级别",
            "地址",
            "电话",
            "联系",
            "编制",
            "人数",
            "隶属",
            "所在地",
            "序列",
            "负责人",
            "计量",
            "time",
            "type",
            "code",
        ],
        summed: false,
    },
    Rule {
        field: Field::Department,
        patterns: &[
            &["所属部门"],
            &["归口管理部门"],
            &["归口"],
            &["主管部门"],
            &["主管单位"],
            &["所属系统"],
            &["系统"],
            &["归口部门"],
            &["上级主管"],
            &["主管"],
            &["department"],
            &["parentdepartment"],
            &["ministry"],
            &["system"],
            &["sector"],
        ],
        exclude: &["代码", "电话", "名称代码"],
        summed: false,
    },
    Rule {
        field: Field::QuotaType,
        patterns: &[
            &["编制类型"],
            &["编制性质"],
            &["编制种类"],
            &["编制类别"],
            &["人员类别"],
            &["quotatype"],
            &["posttype"],
            &["establishmenttype"],
            &["staffcategory"],
            &["cadre"],
        ],
        exclude: &[],
        summed: false,
    },
    Rule {
        field: Field::Year,
        patterns: &[&["年度"], &["年份"], &["统计年度"], &["年"], &["year"], &["fiscalyear"]],
        exclude: &[
            "工时",
            "时长",
            "工作量",
            "人数",
            "编制",
            "批准",
            "审批",
            "时间",
            "年龄",
            "出生",
            "得分",
            "考评",
            "hours",
            "per",
        ],
        summed: false,
    },
    Rule {
        field: Field::Approved,
        patterns: &[
            &["核定编制数"],
            &["核定编制"],
            &["编制数"],
            &["核定数"],
            &["批准编制"],
            &["核编"],
            &["定编"],
            &["编制"],
            &["核定"],
            &["approved"],
            &["approvedquota"],
            &["sanctioned"],
            &["sanctionedposts"],
            &["establishment"],
            &["approvedposts"],
            &["authorized"],
            &["authorised"],
            &["quota"],
        ],
        exclude: &[
            "其中",
            "增减",
            "变化",
            "调整",
            "实有",
            "在编",
            "实配",
            "现任",
            "领导",
            "职数",
            "类型",
            "性质",
            "种类",
            "类别",
            "空缺",
            "审批",
            "时间",
            "文号",
            "空编",
            "超编",
            "type",
            "staffin",
            "inposition",
            "actual",
            "leader",
        ],
        summed: false,
    },
    Rule {
        field: Field::Actual,
        patterns: &[
            &["inpost"],
            &["staffinpost"],
            &["实有人数"],
            &["在编人数"],
            &["实有"],
            &["在编"],
            &["在职人数"],
            &["在岗人数"],
            &["现有人数"],
            &["实际人数"],
            &["现有人员"],
            &["现有"],
            &["在册"],
            &["actual"],
            &["actualstaff"],
            &["inposition"],
            &["strength"],
            &["staffinpost"],
            &["currentstaff"],
            &["filledposts"],
            &["headcount"],
        ],
        exclude: &["其中", "领导", "职数", "实配", "退休", "leader"],
        summed: false,
    },
    Rule {
        field: Field::LeaderPosts,
        patterns: &[&["领导职数"], &["职数"], &["leadershipposts"], &["leaderposts"]],
        exclude: &[
            "已配",
            "实配",
            "现任",
            "在任",
            "实有",
            "空缺",
            "超",
            "调研员",
            "科员",
            "inpost",
            "actual",
            "filled",
        ],
        summed: true,
    },
    Rule {
        field: Field::LeadersActual,
        patterns: &[
            &["已配领导"],
            &["已配"],
            &["实配领导"],
            &["现任数"],
            &["领导", "实配"],
            &["领导", "现任"],
            &["领导", "在任"],
            &["领导", "实有"],
            &["现任领导"],
            &["职数", "实配"],
            &["职数", "现任数"],
            &["leadersinpost"],
            &["leadersactual"],
            &["leader", "actual"],
            &["leader", "filled"],
        ],
        exclude: &["空缺", "调研员", "科员", "现任干部/现任干部"],
        summed: true,
    },
    Rule {
        field: Field::Performance,
        patterns: &[
            &["绩效考评得分"],
            &["绩效"],
            &["考评得分"],
            &["考核得分"],
            &["performance"],
            &["evaluationscore"],
            &["score"],
        ],
        exclude: &[],
        summed: false,
    },
    Rule {
        field: Field::Category,
        patterns: &[
            &["单位性质"],
            &["所属领域"],
            &["领域"],
            &["单位类别"],
            &["单位类型"],
            &["机构类别"],
            &["类别"],
            &["category"],
            &["unittype"],
        ],
        exclude: &["岗位", "事项", "工作", "编制", "人员"],
        summed: false,
    },
    Rule {
        field: Field::KeyArea,
        patterns: &[&["重点领域"], &["keyarea"]],
        exclude: &[],
        summed: false,
    },
    Rule {
        field: Field::FrontLine,
        patterns: &[&["基层一线"], &["一线"], &["frontline"]],
        exclude: &[],
        summed: false,
    },
    Rule {
        field: Field::Person,
        patterns: &[
            &["公民身份号码"],
            &["身份号码"],
            &["姓名"],
            &["人员姓名"],
            &["填报人"],
            &["人员编号"],
            &["职工编号"],
            &["员工编号"],
            &["工号"],
            &["职工号"],
            &["身份证"],
            &["证件号"],
            &["人员代码"],
            &["岗位人员"],
            &["name"],
            &["staffid"],
            &["employeeid"],
            &["person"],
            &["staffname"],
            &["employee"],
        ],
        exclude: &["单位", "机构", "部门", "unit", "facility", "task", "联系"],
        summed: false,
    },
    Rule {
        field: Field::Leader,
        patterns: &[&["是否领导"], &["领导干部"], &["领导职务"], &["isleader"], &["leader"]],
        exclude: &["职数", "posts"],
        summed: false,
    },
    Rule {
        field: Field::Position,
        patterns: &[
            &["岗位名称"],
            &["岗位类别"],
            &["岗位"],
            &["职务"],
            &["职位"],
            &["position"],
            &["title"],
        ],
        exclude: &["上下", "工序", "人员", "编号", "代码", "职数", "inposition"],
        summed: false,
    },
    Rule {
        field: Field::Task,
        patterns: &[
            &["工作项目及内容"],
            &["工作项目"],
            &["项目"],
            &["工作事项"],
            &["工作任务"],
            &["职责事项"],
            &["事项"],
            &["任务"],
            &["工作内容"],
            &["工作活动"],
            &["活动名称"],
            &["业务事项"],
            &["业务名称"],
            &["活动"],
            &["task"],
            &["activity"],
            &["workitem"],
        ],
        exclude: &[
            "类别", "类型", "分类", "频次", "用时", "工时", "时长", "数", "标准", "定额",
        ],
        summed: false,
    },
    Rule {
        field: Field::Period,
        patterns: &[
            &["频次周期"],
            &["周期"],
            &["频率周期"],
            &["频次单位"],
            &["频率"],
            &["频度"],
            &["发生周期"],
            &["时间单位"],
            &["period"],
            &["frequencyunit"],
        ],
        exclude: &["次数", "times", "小时", "hour"],
        summed: false,
    },
    Rule {
        field: Field::Frequency,
        patterns: &[
            &["每周期次数"],
            &["周期次数"],
            &["timesperperiod"],
            &["工作量", "次"],
            &["频次"],
            &["次数"],
            &["发生次数"],
            &["工作频次"],
            &["办理数量"],
            &["件数"],
            &["数量"],
            &["frequency"],
            &["occurrences"],
            &["count"],
            &["times"],
            &["annualworkload"],
        ],
        exclude: &["hour", "小时", "时长", "工时", "单位", "用时", "unit"],
        summed: false,
    },
    Rule {
        field: Field::HoursEach,
        patterns: &[
            &["每次工作时间"],
            &["每次", "时间"],
            &["标准工时"],
            &["工时", "/次"],
            &["标准时间"],
            &["周期", "小时"],
            &["timeeach"],
            &["每次用时"],
            &["单次用时"],
            &["每次耗时"],
            &["单次耗时"],
            &["每次工时"],
            &["单次工时"],
            &["用时"],
            &["耗时"],
            &["活动标准"],
            &["标准用时"],
            &["工时定额"],
            &["定额工时"],
            &["单件工时"],
            &["单件标准工时"],
            &["standardtime"],
            &["hourseach"],
            &["hoursperoccurrence"],
            &["hourspercase"],
            &["unittime"],
            &["timepercase"],
        ],
        exclude: &[
            "分钟", "minute", "年", "annual", "合计", "total", "速率", "速度", "rate", "perhour",
        ],
        summed: false,
    },
    Rule {
        field: Field::MinutesEach,
        patterns: &[
            &["时间", "分钟"],
            &["用时", "分钟"],
            &["耗时", "分钟"],
            &["工时", "分钟"],
            &["定额", "分钟"],
            &["minutes"],
            &["unittime", "minute"],
            &["minuteseach"],
            &["minutespercase"],
        ],
        exclude: &["年", "annual", "速率", "速度", "rate", "perhour"],
        summed: false,
    },
    Rule {
        field: Field::AnnualHours,
        patterns: &[
            &["年度总工时"],
            &["总工时"],
            &["合计工时"],
            &["工时", "/年"],
            &["annualworkload", "hour"],
            &["年工作时长"],
            &["全年工时"],
            &["年度工时"],
            &["年工时"],
            &["年总工时"],
            &["年工作量", "小时"],
            &["annualhours"],
            &["hoursperyear"],
            &["totalhours"],
            &["yearlyhours"],
        ],
        exclude: &[],
        summed: false,
    },
    Rule {
        field: Field::Volume,
        patterns: &[
            &["年业务量"],
            &["业务量"],
            &["办件量"],
            &["办理量"],
            &["办结量"],
            &["受理量"],
            &["案件量"],
            &["服务量"],
            &["诊疗量"],
            &["门诊量"],
            &["服务人次"],
            &["工作量", "件"],
            &["annualvolume"],
            &["volume"],
            &["servicestatistics"],
        ],
        exclude: &["标准", "工时", "小时", "分钟", "用时", "hour", "minute", "time"],
        summed: false,
    },
    Rule {
        field: Field::RatePerHour,
        patterns: &[
            &["工作速率"],
            &["速率"],
            &["每小时", "件"],
            &["每小时", "人次"],
            &["rateofworking"],
            &["rate", "hour"],
            &["perhour"],
        ],
        exclude: &["工资", "费", "wage", "pay"],
        summed: false,
    },
    Rule {
        field: Field::SourceNote,
        patterns: &[
            &["标准来源"],
            &["测算依据"],
            &["制定依据"],
            &["依据"],
            &["来源"],
            &["source"],
            &["reference"],
        ],
        exclude: &["数据来源"],
        summed: false,
    },
];

impl Field {
    pub const ALL: [Field; 24] = [
        Field::Unit,
        Field::Department,
        Field::QuotaType,
        Field::Year,
        Field::Approved,
        Field::Actual,
        Field::LeaderPosts,
        Field::LeadersActual,
        Field::Performance,
        Field::Category,
        Field::KeyArea,
        Field::FrontLine,
        Field::Person,
        Field::Leader,
        Field::Position,
        Field::Task,
        Field::Period,
        Field::Frequency,
        Field::HoursEach,
        Field::MinutesEach,
        Field::AnnualHours,
        Field::Volume,
        Field::SourceNote,
        Field::RatePerHour,
    ];

    /// The fields a table of `kind` can use, in the order a mapping view lists them.
    pub fn for_kind(kind: super::TableKind) -> &'static [Field] {
        use super::TableKind;
        match kind {
            TableKind::Staffing => &[
                Field::Unit,
                Field::Department,
                Field::QuotaType,
                Field::Year,
                Field::Approved,
                Field::Actual,
                Field::LeaderPosts,
                Field::LeadersActual,
                Field::Performance,
                Field::Category,
                Field::KeyArea,
                Field::FrontLine,
            ],
            TableKind::Roster => &[
                Field::Unit,
                Field::Department,
                Field::QuotaType,
                Field::Person,
                Field::Leader,
                Field::Position,
            ],
            TableKind::Survey => &[
                Field::Unit,
                Field::Department,
                Field::Person,
                Field::Task,
                Field::Period,
                Field::Frequency,
                Field::HoursEach,
                Field::MinutesEach,
                Field::AnnualHours,
            ],
            TableKind::Standards => &[
                Field::Task,
                Field::HoursEach,
                Field::MinutesEach,
                Field::RatePerHour,
                Field::QuotaType,
                Field::Category,
                Field::SourceNote,
            ],
            TableKind::Volumes => &[Field::Unit, Field::Department, Field::Task, Field::Volume, Field::Year],
        }
    }

    /// The name used in overrides (`--map approved=编制数`) and saved projects.
    pub fn name(self) -> &'static str {
        match self {
            Field::Unit => col::UNIT,
            Field::Department => col::DEPARTMENT,
            Field::QuotaType => col::QUOTA_TYPE,
            Field::Year => col::YEAR,
            Field::Approved => col::APPROVED,
            Field::Actual => col::ACTUAL,
            Field::LeaderPosts => col::LEADER_POSTS,
            Field::LeadersActual => col::LEADERS_ACTUAL,
            Field::Performance => col::PERFORMANCE,
            Field::Category => col::CATEGORY,
            Field::KeyArea => col::KEY_AREA,
            Field::FrontLine => col::FRONT_LINE,
            Field::Person => col::PERSON,
            Field::Leader => col::LEADER,
            Field::Position => "position",
            Field::Task => col::TASK,
            Field::Period => col::PERIOD,
            Field::Frequency => col::FREQUENCY,
            Field::HoursEach => col::HOURS_EACH,
            Field::MinutesEach => "minutes_each",
            Field::AnnualHours => col::ANNUAL_HOURS,
            Field::Volume => col::VOLUME,
            Field::SourceNote => col::SOURCE_NOTE,
            Field::RatePerHour => "rate_per_hour",
        }
    }

    /// The field's name as people read it ("核定编制数", "Approved quota").
    pub fn label(self, lang: crate::Lang) -> &'static str {
        crate::i18n::column(self.name(), lang)
    }

    pub fn from_name(name: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.name() == name.trim())
    }

    fn rule(self) -> &'static Rule {
        RULES.iter().find(|r| r.field == self).expect("every field has a rule")
    }

    pub fn summed(self) -> bool {
        self.rule().summed
    }
}

/// How well a header names a field: None when it does not; exact matches beat containment,
/// longer matched words beat shorter ones.
fn score(header_key: &str, rule: &Rule) -> Option<u32> {
    if rule.exclude.iter().any(|x| header_key.contains(x)) {
        return None;
    }
    // The last part of a joined header ("编制情况/核定编制数") is its most specific name.
    let last = last_part(header_key);
    rule.patterns
        .iter()
        .filter_map(|parts| {
            // The parts together, compared without building the joined text (this runs for
            // every header cell of every file, thousands of files in a folder of returns).
            if is_concat(header_key, parts) || is_concat(last, parts) {
                Some(1000 + parts.iter().map(|p| p.chars().count() as u32).sum::<u32>())
            } else if parts.iter().all(|p| last.contains(p)) {
                Some(parts.iter().map(|p| p.chars().count() as u32).sum::<u32>() * 10)
            } else if parts.iter().all(|p| header_key.contains(p)) {
                // Only the group heading above says it (工时定额 over 适用人员类别): a weaker claim
                // than the column's own name, and none from a lone character (the 年 of a
                // 制表日期：2025年3月 line above 备注).
                let length = parts.iter().map(|p| p.chars().count() as u32).sum::<u32>();
                (length > 1).then_some(length * 5)
            } else {
                None
            }
        })
        .max()
}

/// Whether `text` is `parts` written one after another.
fn is_concat(text: &str, parts: &[&str]) -> bool {
    let mut rest = text;
    for p in parts {
        match rest.strip_prefix(p) {
            Some(r) => rest = r,
            None => return false,
        }
    }
    rest.is_empty()
}

/// The last part of a joined header key: after its last '/' outside brackets, so that
/// "工时定额/定额工时(分钟/件)" ends in "定额工时(分钟/件)", not in "件)".
fn last_part(header_key: &str) -> &str {
    let mut depth = 0i32;
    let mut start = 0;
    for (i, c) in header_key.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            '/' if depth <= 0 => start = i + 1,
            _ => {}
        }
    }
    &header_key[start..]
}

/// A header's best field and score.
pub fn best_field(header: &str) -> Option<(Field, u32)> {
    let k = key(header);
    if k.is_empty() {
        return None;
    }
    best_of_key(&k)
}

/// Keys scored and kept per thread: the same words head the columns of thousands of returned
/// forms, and every cell of a sheet's first rows is tried as a header.
const SCORED_KEPT: usize = 50_000;

thread_local! {
    static SCORED: std::cell::RefCell<std::collections::HashMap<String, Option<(Field, u32)>>> =
        std::cell::RefCell::new(std::collections::HashMap::new());
}

/// The best field and score of a header key, every rule tried (once per key and thread).
fn best_of_key(k: &str) -> Option<(Field, u32)> {
    if let Some(known) = SCORED.with(|m| m.borrow().get(k).copied()) {
        return known;
    }
    let best = RULES
        .iter()
        .filter_map(|r| score(k, r).map(|s| (r.field, s)))
        .max_by_key(|&(f, s)| (s, std::cmp::Reverse(f)));
    SCORED.with(|m| {
        let mut m = m.borrow_mut();
        if m.len() >= SCORED_KEPT {
            m.clear();
        }
        m.insert(k.to_owned(), best);
    });
    best
}

/// The unit of time a header names for the numbers under it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeUnit {
    Hours,
    Minutes,
    /// 天, 工作日: a time a reader cannot turn into hours without the working day's length.
    Days,
}

/// The time unit in a header: 小时 / h / hours, or 分钟 / 分 / min / minutes, in brackets or as
/// the header's last word ("用时（分）", "耗时(min)", "minutes each").
pub fn time_unit(header: &str) -> Option<TimeUnit> {
    let k = key(header);
    // The words inside the last pair of brackets ("分钟/次" included), else the last part of
    // a joined header.
    let inner = k
        .rfind('(')
        .map(|i| k[i + 1..].trim_end_matches(')'))
        .filter(|s| !s.is_empty());
    let last = k.rsplit('/').next().unwrap_or(&k);
    let is = |t: &str, words: &[&str]| words.iter().any(|w| t == *w || t.starts_with(&format!("{w}/")));
    let minutes = |t: &str| t.contains("分钟") || t.contains("minute") || is(t, &["分", "min", "mins"]);
    let hours = |t: &str| t.contains("小时") || t.contains("hour") || is(t, &["h", "hr", "hrs", "时"]);
    let days = |t: &str| is(t, &["天", "日", "工作日", "day", "days", "d"]);
    match inner {
        Some(t) if minutes(t) => Some(TimeUnit::Minutes),
        Some(t) if hours(t) => Some(TimeUnit::Hours),
        Some(t) if days(t) => Some(TimeUnit::Days),
        _ if last.contains("分钟") || last.contains("minute") || last.ends_with("min") => Some(TimeUnit::Minutes),
        _ if last.contains("小时") || last.contains("hour") => Some(TimeUnit::Hours),
        _ => None,
    }
}

/// The unit a cell writes after its number: "2小时", "30分", "45 min", "1天".
pub fn cell_time_unit(text: &str) -> Option<TimeUnit> {
    // Most cells are a plain number: nothing to normalise.
    if text.trim_end().ends_with(|c: char| c.is_ascii_digit() || c == '.') {
        return None;
    }
    let k = key(text);
    let unit: String = k.chars().skip_while(|c| c.is_ascii_digit() || *c == '.').collect();
    match unit.as_str() {
        "小时" | "h" | "hr" | "hrs" | "hour" | "hours" | "个小时" => Some(TimeUnit::Hours),
        "分钟" | "分" | "min" | "mins" | "minute" | "minutes" => Some(TimeUnit::Minutes),
        "天" | "日" | "d" | "day" | "days" | "个工作日" | "工作日" => Some(TimeUnit::Days),
        _ => None,
    }
}

/// What a column's role rests on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Basis {
    /// The person chose it (the mapping view, `--map`, a saved project).
    Chosen,
    /// The header's words.
    Header,
    /// The values under the header (the header alone did not say, or said otherwise).
    Values,
    /// The header's words, and the values agree.
    HeaderAndValues,
}

/// How sure a column's role is. A low one is a warning wherever figures are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Confidence {
    Low,
    Medium,
    High,
}

/// Why a field sits in its column, and how sure that is.
#[derive(Debug, Clone, PartialEq)]
pub struct Choice {
    pub basis: Basis,
    pub confidence: Confidence,
    /// What the values showed, when they were looked at ("与编制表单位一致 18/18").
    pub evidence: Option<(String, String)>,
}

impl Choice {
    pub fn new(basis: Basis, confidence: Confidence) -> Choice {
        Choice {
            basis,
            confidence,
            evidence: None,
        }
    }

    pub fn with_evidence(mut self, zh: String, en: String) -> Choice {
        self.evidence = Some((zh, en));
        self
    }
}

/// Where each field was found.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Mapping {
    /// field → column indices (several only for summed fields).
    pub fields: BTreeMap<Field, Vec<usize>>,
    /// Wide shape: (quota type, field Approved/Actual/LeaderPosts/LeadersActual) → column.
    pub wide: BTreeMap<(QuotaType, Field), usize>,
    /// Why each field of `fields` sits where it does.
    pub choices: BTreeMap<Field, Choice>,
    /// The annual-hours column counts minutes (its header says so).
    pub annual_in_minutes: bool,
    /// Columns whose header names a quantity another column already holds (two 每次用时
    /// columns): field → the columns left over.
    pub rivals: BTreeMap<Field, Vec<usize>>,
}

/// The quantities two columns may not both claim: figures would depend on which is taken.
const RIVALRY: [Field; 6] = [
    Field::Approved,
    Field::Actual,
    Field::Frequency,
    Field::HoursEach,
    Field::MinutesEach,
    Field::AnnualHours,
];

impl Mapping {
    /// Put `field` in `column` alone, taking the column from any other field.
    pub fn assign(&mut self, field: Field, column: usize, choice: Choice) {
        for cols in self.fields.values_mut() {
            cols.retain(|&c| c != column);
        }
        self.fields.retain(|_, cols| !cols.is_empty());
        self.choices.retain(|f, _| self.fields.contains_key(f));
        self.fields.insert(field, vec![column]);
        self.choices.insert(field, choice);
    }

    /// Take `field` out of the mapping.
    pub fn unassign(&mut self, field: Field) {
        self.fields.remove(&field);
        self.choices.remove(&field);
    }

    /// The choice behind a field, `Header` with medium confidence when none was recorded.
    pub fn choice(&self, field: Field) -> Choice {
        self.choices
            .get(&field)
            .cloned()
            .unwrap_or_else(|| Choice::new(Basis::Header, Confidence::Medium))
    }

    pub fn column(&self, field: Field) -> Option<usize> {
        self.fields.get(&field).and_then(|c| c.first().copied())
    }

    pub fn has(&self, field: Field) -> bool {
        self.fields.contains_key(&field)
    }

    /// A volumes table's count column: one headed as a volume (业务量), else one headed as a
    /// count (件数, 数量), which a survey would read as its frequency.
    pub fn volume_column(&self) -> Option<usize> {
        self.column(Field::Volume).or(self.column(Field::Frequency))
    }

    pub fn is_wide(&self) -> bool {
        !self.wide.is_empty()
    }

    /// The field a column was mapped to, for the column-mapping view.
    pub fn field_of(&self, column: usize) -> Option<String> {
        for (f, cols) in &self.fields {
            if cols.contains(&column) {
                return Some(f.name().to_owned());
            }
        }
        for ((q, f), c) in &self.wide {
            if *c == column {
                return Some(format!("{}@{}", f.name(), q.canonical()));
            }
        }
        None
    }
}

/// Map headers to fields. `overrides` maps a field name to a header (compared by key) and wins
/// over the synonyms; an override naming a missing header is returned as an error message.
pub fn map_headers(headers: &[String], overrides: &BTreeMap<String, String>) -> Result<Mapping, (String, String)> {
    let keys: Vec<String> = headers.iter().map(|h| key(h)).collect();
    let mut mapping = Mapping::default();
    let mut taken = vec![false; headers.len()];

    for (field_name, header) in overrides {
        let Some(field) = Field::from_name(field_name) else {
            return Err((
                format!("未知的字段名“{field_name}”；可用：{}", field_names()),
                format!("Unknown field name '{field_name}'; known fields: {}", field_names()),
            ));
        };
        let wanted = key(header);
        let Some(idx) = keys.iter().position(|k| *k == wanted) else {
            return Err((
                format!(
                    "指定的列“{header}”（用于 {field_name}）在表头中找不到；表头有：{}",
                    headers.join("、")
                ),
                format!(
                    "The column '{header}' given for {field_name} is not in the header; the header has: {}",
                    headers.join(", ")
                ),
            ));
        };
        mapping.fields.entry(field).or_default().push(idx);
        mapping
            .choices
            .insert(field, Choice::new(Basis::Chosen, Confidence::High));
        taken[idx] = true;
    }

    // Candidate (score, column, field) for every column, best first.
    let mut candidates: Vec<(u32, usize, Field)> = Vec::new();
    for (i, k) in keys.iter().enumerate() {
        if taken[i] || k.is_empty() {
            continue;
        }
        if let Some((f, s)) = best_of_key(k) {
            // Wide shape: an approved/actual/leadership column that names a quota type.
            if matches!(
                f,
                Field::Approved | Field::Actual | Field::LeaderPosts | Field::LeadersActual
            ) && let Some(q) = QuotaType::detect(k)
            {
                mapping.wide.entry((q, f)).or_insert(i);
                taken[i] = true;
                continue;
            }
            // The header's time unit decides hours against minutes before columns compete.
            let f = match (f, time_unit(&headers[i])) {
                (Field::HoursEach, Some(TimeUnit::Minutes)) => Field::MinutesEach,
                (Field::MinutesEach, Some(TimeUnit::Hours)) => Field::HoursEach,
                _ => f,
            };
            candidates.push((s, i, f));
        }
    }
    candidates.sort_by_key(|&(s, i, _)| (std::cmp::Reverse(s), i));
    for (s, i, f) in candidates {
        if taken[i] || overrides.contains_key(f.name()) {
            continue;
        }
        let entry = mapping.fields.entry(f).or_default();
        if !entry.is_empty() && !f.summed() && RIVALRY.contains(&f) {
            // Another column names the same quantity: which one holds it is not the header's
            // to say.
            mapping.rivals.entry(f).or_default().push(i);
            continue;
        }
        if entry.is_empty() || f.summed() {
            entry.push(i);
            taken[i] = true;
            // A header that is a known name exactly is surer than one that only contains it,
            // and a name of three characters or more surer than a generic word (单位, 处室).
            let confidence = if s >= 1003 {
                Confidence::High
            } else {
                Confidence::Medium
            };
            mapping
                .choices
                .entry(f)
                .or_insert(Choice::new(Basis::Header, confidence));
        }
    }
    apply_time_units(&mut mapping, headers, overrides);
    // Wide quota-type columns only make sense without a quota-type column; otherwise they were
    // plain approved/actual columns whose header happened to name a type.
    if mapping.has(Field::QuotaType) && !mapping.wide.is_empty() {
        for ((_, f), c) in std::mem::take(&mut mapping.wide) {
            mapping.fields.entry(f).or_default().push(c);
        }
    }
    // A lone leader-posts column under wide headers belongs to the unit as a whole.
    for cols in mapping.fields.values_mut() {
        cols.sort_unstable();
    }
    Ok(mapping)
}

/// A header that names its time unit decides hours against minutes: "用时（分）" holds minutes
/// whatever word matched it.
fn apply_time_units(mapping: &mut Mapping, headers: &[String], overrides: &BTreeMap<String, String>) {
    let unit_of = |m: &Mapping, f: Field| m.column(f).and_then(|c| time_unit(&headers[c]));
    let chosen = |f: Field| overrides.contains_key(f.name());
    if !chosen(Field::HoursEach)
        && unit_of(mapping, Field::HoursEach) == Some(TimeUnit::Minutes)
        && !mapping.has(Field::MinutesEach)
        && let Some(c) = mapping.column(Field::HoursEach)
    {
        mapping.unassign(Field::HoursEach);
        let said = Choice::new(Basis::Header, Confidence::High)
            .with_evidence("表头注明单位为分钟".to_owned(), "the header says minutes".to_owned());
        mapping.assign(Field::MinutesEach, c, said);
    }
    if !chosen(Field::MinutesEach)
        && unit_of(mapping, Field::MinutesEach) == Some(TimeUnit::Hours)
        && !mapping.has(Field::HoursEach)
        && let Some(c) = mapping.column(Field::MinutesEach)
    {
        mapping.unassign(Field::MinutesEach);
        mapping.assign(Field::HoursEach, c, Choice::new(Basis::Header, Confidence::High));
    }
    mapping.annual_in_minutes = unit_of(mapping, Field::AnnualHours) == Some(TimeUnit::Minutes);
    if mapping.annual_in_minutes && !chosen(Field::AnnualHours) {
        let said = Choice::new(Basis::Header, Confidence::High).with_evidence(
            "表头注明单位为分钟，÷60 换算为小时".to_owned(),
            "the header says minutes; ÷ 60 to hours".to_owned(),
        );
        mapping.choices.insert(Field::AnnualHours, said);
    }
}

fn field_names() -> String {
    Field::ALL.iter().map(|f| f.name()).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(headers: &[&str]) -> Mapping {
        let h: Vec<String> = headers.iter().map(|s| s.to_string()).collect();
        map_headers(&h, &BTreeMap::new()).unwrap()
    }

    #[test]
    fn long_staffing_headers() {
        let m = map(&[
            "序号",
            "主管部门",
            "单位名称",
            "单位类别",
            "编制类型",
            "年度",
            "核定编制数",
            "实有人数",
            "领导职数",
            "实配领导职数",
            "绩效考评得分",
        ]);
        assert_eq!(m.column(Field::Department), Some(1));
        assert_eq!(m.column(Field::Unit), Some(2));
        assert_eq!(m.column(Field::Category), Some(3));
        assert_eq!(m.column(Field::QuotaType), Some(4));
        assert_eq!(m.column(Field::Year), Some(5));
        assert_eq!(m.column(Field::Approved), Some(6));
        assert_eq!(m.column(Field::Actual), Some(7));
        assert_eq!(m.column(Field::LeaderPosts), Some(8));
        assert_eq!(m.column(Field::LeadersActual), Some(9));
        assert_eq!(m.column(Field::Performance), Some(10));
        assert!(!m.is_wide());
    }

    #[test]
    fn joined_two_row_headers() {
        let m = map(&[
            "单位名称",
            "编制情况/核定编制数",
            "编制情况/实有人数",
            "领导职数/核定",
            "领导职数/实配",
        ]);
        assert_eq!(m.column(Field::Approved), Some(1));
        assert_eq!(m.column(Field::Actual), Some(2));
        assert_eq!(m.column(Field::LeaderPosts), Some(3));
        assert_eq!(m.column(Field::LeadersActual), Some(4));
    }

    #[test]
    fn wide_staffing_headers_as_in_the_kunming_template() {
        let m = map(&[
            "单位名称",
            "主管单位",
            "单位性质",
            "行政编制数",
            "（行政)实有人数",
            "参照公务员法管理事业单位编制数",
            "（参公）实有人数",
            "参照公务员法管理审批时间",
            "县处级正职领导职数",
            "县处级副职领导职数",
            "一级调研员和二级调研员职数",
        ]);
        assert_eq!(m.column(Field::Unit), Some(0));
        assert_eq!(m.column(Field::Department), Some(1));
        assert_eq!(m.wide.get(&(QuotaType::Administrative, Field::Approved)), Some(&3));
        assert_eq!(m.wide.get(&(QuotaType::Administrative, Field::Actual)), Some(&4));
        assert_eq!(m.wide.get(&(QuotaType::CivilServiceManaged, Field::Approved)), Some(&5));
        assert_eq!(m.wide.get(&(QuotaType::CivilServiceManaged, Field::Actual)), Some(&6));
        assert_eq!(m.fields.get(&Field::LeaderPosts), Some(&vec![8, 9]));
        assert!(!m.has(Field::Year));
    }

    #[test]
    fn english_workforce_words() {
        let m = map(&[
            "staff_category",
            "health_facility",
            "current_staff",
            "required_staff_wisn",
        ]);
        assert_eq!(m.column(Field::QuotaType), Some(0));
        assert_eq!(m.column(Field::Unit), Some(1));
        assert_eq!(m.column(Field::Actual), Some(2));
        let m = map(&["Unit", "Sanctioned posts", "Staff in post"]);
        assert_eq!(m.column(Field::Approved), Some(1));
        assert_eq!(m.column(Field::Actual), Some(2));
    }

    #[test]
    fn survey_headers() {
        let m = map(&[
            "单位名称",
            "姓名",
            "工作事项",
            "频次周期",
            "频次",
            "每次用时（小时）",
            "年度",
            "年工作时长（小时）",
        ]);
        assert_eq!(m.column(Field::Person), Some(1));
        assert_eq!(m.column(Field::Task), Some(2));
        assert_eq!(m.column(Field::Period), Some(3));
        assert_eq!(m.column(Field::Frequency), Some(4));
        assert_eq!(m.column(Field::HoursEach), Some(5));
        assert_eq!(m.column(Field::Year), Some(6));
        assert_eq!(m.column(Field::AnnualHours), Some(7));
        let m = map(&["unit", "task", "minutes each", "frequency", "period"]);
        assert_eq!(m.column(Field::MinutesEach), Some(2));
    }

    #[test]
    fn overrides_win_and_bad_overrides_are_named() {
        let h: Vec<String> = ["机构", "编制A", "人数B"].iter().map(|s| s.to_string()).collect();
        let mut o = BTreeMap::new();
        o.insert("approved".to_string(), "编制A".to_string());
        o.insert("actual".to_string(), "人数B".to_string());
        let m = map_headers(&h, &o).unwrap();
        assert_eq!(m.column(Field::Approved), Some(1));
        assert_eq!(m.column(Field::Actual), Some(2));
        o.insert("actual".to_string(), "不存在".to_string());
        let err = map_headers(&h, &o).unwrap_err();
        assert!(err.0.contains("不存在"), "{}", err.0);
    }
}
