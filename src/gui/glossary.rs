//! What each indicator and parameter means, with its formula, in both languages: the hover of
//! every figure and parameter, and the glossary F1 opens.

use crate::Lang;
use crate::model::col;

/// One entry: the word, what it means, and how it is computed (empty for a plain count).
pub struct Entry {
    pub key: &'static str,
    pub zh: (&'static str, &'static str),
    pub en: (&'static str, &'static str),
    pub formula: &'static str,
}

impl Entry {
    pub fn term(&self, lang: Lang) -> &'static str {
        lang.pick(self.zh.0, self.en.0)
    }

    pub fn meaning(&self, lang: Lang) -> &'static str {
        lang.pick(self.zh.1, self.en.1)
    }

    /// The hover: what it means, then the formula.
    pub fn hover(&self, lang: Lang) -> String {
        if self.formula.is_empty() {
            self.meaning(lang).to_owned()
        } else {
            format!("{}\n{}", self.meaning(lang), self.formula)
        }
    }
}

/// Keys of the parameters (the indicators are keyed by their column).
pub mod param {
    pub const CALENDAR: &str = "param:calendar";
    pub const BANDS: &str = "param:bands";
    pub const METHOD: &str = "param:method";
    pub const CATEGORY_SHARE: &str = "param:category_share";
    pub const INDIVIDUAL_HOURS: &str = "param:individual_hours";
    pub const CALIBRATION: &str = "param:calibration";
    pub const PERSON_MAX: &str = "param:person_max";
    pub const KEEP_INCUMBENTS: &str = "param:keep_incumbents";
    pub const PROTECT_NEED: &str = "param:protect_need";
    pub const WEBSTER: &str = "param:webster";
    pub const HAMILTON: &str = "param:hamilton";
    pub const MAX_HOURS_EACH: &str = "param:max_hours_each";
    pub const LONG_IDLE: &str = "param:long_idle";
    pub const SHRINKING: &str = "param:shrinking";
    pub const LOW_EFFICIENCY: &str = "param:low_efficiency";
    pub const MAX_LOSS: &str = "param:max_loss";
    pub const WEIGHTS: &str = "param:weights";
    pub const RESERVE: &str = "param:reserve";
}

pub const ENTRIES: &[Entry] = &[
    Entry {
        key: "available_hours",
        zh: ("标准工时 H", "一名全职人员一年可用于工作的小时数。"),
        en: (
            "Available working time H",
            "Hours one full-time person can work in a year.",
        ),
        formula: "H = (working days − leave − training − other absence) × hours/day;  default (248 − 10 − 5 − 3) × 8 = 1,840",
    },
    Entry {
        key: col::WORKLOAD,
        zh: ("工作量 W", "单位全年各工作事项用时之和（经填报质量规则校准、封顶后）。"),
        en: (
            "Workload W",
            "The unit's tasks' hours a year, after the survey-quality rules.",
        ),
        formula: "W = Σ frequency × hours each (per year)",
    },
    Entry {
        key: col::REQUIRED,
        zh: ("应需人数 R", "完成工作量所需的人数（WISN 方法）。"),
        en: ("Required staff R", "The people the workload needs (the WISN method)."),
        formula: "R = W / H × CAF + IAF,  CAF = 1 / (1 − category allowance),  IAF = individual hours / H",
    },
    Entry {
        key: col::SATURATION,
        zh: (
            "饱和度 S",
            "应需人数与实有人数之比：1 表示人与事相当，大于 1 表示有事没人干。",
        ),
        en: (
            "Saturation S",
            "Required over actual staff: 1 means the people match the work; above 1, work lacks people.",
        ),
        formula: "S = R / A",
    },
    Entry {
        key: col::WORKLOAD_STD,
        zh: (
            "标准工作量",
            "按工作标准测算的工作量：各工作活动的年业务量乘以每件的标准用时，不依赖填报。",
        ),
        en: (
            "Standard workload",
            "Workload from activity standards: each activity's annual volume times its standard time per item, not what people report.",
        ),
        formula: "W_std = Σ volume × standard time",
    },
    Entry {
        key: col::REQUIRED_STD,
        zh: ("应需人数（按标准）", "按标准工作量测算的应需人数（WISN）。"),
        en: (
            "Required staff (standards)",
            "The staff the standard workload needs (WISN).",
        ),
        formula: "R_std = W_std / H × CAF + IAF",
    },
    Entry {
        key: col::SATURATION_STD,
        zh: ("饱和度（按标准）", "按标准测算的应需人数与实有人数之比。"),
        en: (
            "Saturation (standards)",
            "Required staff by standards over actual staff.",
        ),
        formula: "S_std = R_std / A",
    },
    Entry {
        key: col::WISN_RATIO,
        zh: (
            "WISN 比率",
            "实有人数与按标准应需人数之比：小于 1 表示人手不足，越小压力越大。",
        ),
        en: (
            "WISN ratio",
            "Actual over required staff by standards: below 1 the unit is short of staff, the lower the harder pressed.",
        ),
        formula: "WISN ratio = A / R_std;  difference = A − R_std",
    },
    Entry {
        key: col::SELF_REPORT_RATIO,
        zh: (
            "填报÷标准",
            "调查填报工时与按业务量和标准测算工时之比；远离全区中位数（高于 1.5 倍或低于其 1/1.5）即提示填报偏高或偏低。",
        ),
        en: (
            "Reported ÷ standard",
            "Hours reported in the survey over the hours the volumes need at standard times; far from the district's median (above 1.5 times it, or below it divided by 1.5) flags reporting high or low.",
        ),
        formula: "ratio = W_reported / W_std",
    },
    Entry {
        key: col::QUOTA_SATURATION,
        zh: ("编制饱和度", "应需人数与核定编制数之比。"),
        en: ("Quota saturation", "Required staff over the approved quota."),
        formula: "QS = R / E",
    },
    Entry {
        key: col::VACANCY,
        zh: ("空编数", "核定编制中未配人员的部分。"),
        en: ("Vacancy", "Approved posts nobody holds."),
        formula: "max(0, E − A)",
    },
    Entry {
        key: col::OVER_QUOTA,
        zh: ("超编人数", "实有人数超过核定编制的部分（红线）。"),
        en: ("Over quota", "Staff above the approved quota (a red line)."),
        formula: "max(0, A − E)",
    },
    Entry {
        key: col::IDLE,
        zh: ("富余人数", "人多于事的部分：有人没事干。"),
        en: ("Idle", "People beyond what the work needs."),
        formula: "max(0, A − R)",
    },
    Entry {
        key: col::SHORTAGE,
        zh: ("缺口人数", "事多于人的部分：有事没人干。"),
        en: ("Shortage", "Work beyond what the people can do, in people."),
        formula: "max(0, R − A)",
    },
    Entry {
        key: col::RECOVERABLE,
        zh: ("可收回编制", "无人占用、工作量也不需要的编制。"),
        en: (
            "Recoverable quota",
            "Posts nobody holds that the workload does not need.",
        ),
        formula: "floor(max(0, E − max(A, R)))",
    },
    Entry {
        key: col::APPROVED,
        zh: ("核定编制数 E", "单位获批的编制数。"),
        en: ("Approved quota E", "Posts the unit is approved for."),
        formula: "",
    },
    Entry {
        key: col::ACTUAL,
        zh: ("实有人数 A", "占用编制的在编人员数。"),
        en: ("Actual staff A", "People on quota in the unit."),
        formula: "",
    },
    Entry {
        key: col::VACANCY_RATE,
        zh: ("空编率", "空编数占核定编制数的比例（合计只计实有人数已知的单位）。"),
        en: (
            "Vacancy rate",
            "Vacancies over the approved quota (in totals, only units whose staff is known).",
        ),
        formula: "vacancy / E",
    },
    Entry {
        key: col::LEADER_POSTS,
        zh: ("领导职数", "核定的领导职位数。"),
        en: ("Leadership posts", "Approved leadership posts."),
        formula: "",
    },
    Entry {
        key: col::LEADERS_ACTUAL,
        zh: ("实配领导", "实际配备的领导人数。"),
        en: ("Leaders in post", "Leaders actually appointed."),
        formula: "",
    },
    Entry {
        key: col::OVER_LEADERS,
        zh: ("超职数", "实配领导超过领导职数的部分（红线）。"),
        en: (
            "Leaders over posts",
            "Leaders beyond the leadership posts (a red line).",
        ),
        formula: "max(0, leaders in post − leadership posts)",
    },
    Entry {
        key: col::WORKLOAD_REPORTED,
        zh: (
            "工作量（按填报）",
            "未经校准、封顶与去重的填报工时之和：与校准后的工作量对照，看出清理的影响。",
        ),
        en: (
            "Workload as reported",
            "Reported hours before calibration, caps and duplicates: set beside the workload to show what cleaning did.",
        ),
        formula: "Σ hours as filed",
    },
    Entry {
        key: col::SATURATION_REPORTED,
        zh: ("饱和度（按填报）", "按填报工作量计算的饱和度。"),
        en: ("Saturation as reported", "Saturation from the workload as reported."),
        formula: "(W_reported / H × CAF + IAF) / A",
    },
    Entry {
        key: col::PEOPLE_SURVEYED,
        zh: ("参与调查人数", "工作量调查中按人填报的人数。"),
        en: ("People surveyed", "People who filed the workload survey by name."),
        formula: "",
    },
    Entry {
        key: col::UNITS,
        zh: ("单位数", "纳入分析的单位数。"),
        en: ("Units", "Units in the analysis."),
        formula: "",
    },
    Entry {
        key: "departments",
        zh: ("主管部门数", "单位所属的主管部门（系统）数。"),
        en: ("Departments", "Parent departments the units belong to."),
        formula: "",
    },
    Entry {
        key: col::YEAR,
        zh: ("年度", "各项数字所描述的年度：编制表的最近年度（无年度时取调查表的）。"),
        en: (
            "Year",
            "The year the figures describe: the staffing table's latest (else the survey's).",
        ),
        formula: "",
    },
    Entry {
        key: "flag:over_quota",
        zh: ("预警单位数（超编）", "实有人数超过核定编制的单位数。"),
        en: (
            "Units flagged (over quota)",
            "Units with more staff than approved posts.",
        ),
        formula: "A > E",
    },
    Entry {
        key: "flag:over_leaders",
        zh: ("预警单位数（超职数）", "实配领导超过领导职数的单位数。"),
        en: (
            "Units flagged (leadership over posts)",
            "Units with more leaders than leadership posts.",
        ),
        formula: "leaders in post > leadership posts",
    },
    Entry {
        key: "flag:long_idle",
        zh: (
            "预警单位数（长期闲置）",
            "最近连续若干年每年都闲置的单位数（见参数“长期闲置”）。",
        ),
        en: (
            "Units flagged (long idle)",
            "Units idle each of the last years set (see the long-idle rule).",
        ),
        formula: "vacancy ≥ 1 and vacancy / E ≥ rate, each of n years",
    },
    Entry {
        key: "flag:shrinking_work",
        zh: (
            "预警单位数（职能弱化）",
            "工作量连续若干年下降的单位数（见参数“职能弱化”）。",
        ),
        en: (
            "Units flagged (shrinking work)",
            "Units whose workload fell year after year (see the rule).",
        ),
        formula: "W falls every year of n, by at least the drop in all",
    },
    Entry {
        key: "flag:low_efficiency",
        zh: ("预警单位数（效益不高）", "绩效低于设定值且不饱和的单位数。"),
        en: (
            "Units flagged (low efficiency)",
            "Units with a low score and under-loaded.",
        ),
        formula: "score < limit and S < under-loaded bound",
    },
    Entry {
        key: "flag:survey_missing",
        zh: (
            "预警单位数（缺少工作量调查）",
            "编制表中有、工作量调查中没有的单位数：其饱和度未知。",
        ),
        en: (
            "Units flagged (no survey)",
            "Staffing units the survey lacks: their saturation is unknown.",
        ),
        formula: "",
    },
    Entry {
        key: "flag:not_in_staffing",
        zh: (
            "预警单位数（编制表中无此单位）",
            "工作量调查中有、编制表中没有的单位数：其工作量未计入。",
        ),
        en: (
            "Units flagged (not in staffing table)",
            "Survey units the staffing table lacks: their work is left out.",
        ),
        formula: "",
    },
    Entry {
        key: param::CALENDAR,
        zh: (
            "标准工时参数",
            "全年工作日减去年休假、培训和其他缺勤，再乘以每日工作时长。",
        ),
        en: (
            "Working calendar",
            "Working days less leave, training and other absence, times hours a day.",
        ),
        formula: "H = (days − leave − training − absence) × hours/day",
    },
    Entry {
        key: param::BANDS,
        zh: (
            "饱和度区间",
            "按饱和度把单位分为严重不饱和、不饱和、基本饱和、超饱和、严重超饱和。",
        ),
        en: (
            "Saturation bands",
            "Units classed by saturation from severely under-loaded to severely overloaded.",
        ),
        formula: "default bounds: severely under < 0.6 ≤ under < 0.8 ≤ balanced ≤ 1.1 < over ≤ 1.3 < severely over",
    },
    Entry {
        key: param::METHOD,
        zh: (
            "工作量方法",
            "饱和度、方案和图表所依据的工作量：调查填报工时；工作标准 × 业务量（WISN）；或有完整业务量的单位用标准、其余用调查。各表始终同时列出两种结果。",
        ),
        en: (
            "Workload method",
            "The workload behind saturation, the plan and the charts: the survey's reported hours; activity standards × volumes (WISN); or the standards where a unit's volumes are complete and the survey elsewhere. The tables always show both.",
        ),
        formula: "W = Σ reported hours  |  W = Σ volume × standard time",
    },
    Entry {
        key: param::CATEGORY_SHARE,
        zh: ("类别宽放", "调查未计入、人人都做的工作（会议、学习）占工作时间的比例。"),
        en: (
            "Category allowance",
            "Share of working time for work everyone does that the survey leaves out.",
        ),
        formula: "CAF = 1 / (1 − share)",
    },
    Entry {
        key: param::INDIVIDUAL_HOURS,
        zh: ("个人宽放", "只有部分人员承担、调查未计入的工作小时数。"),
        en: (
            "Individual allowance",
            "Hours a year of work only some staff do that the survey leaves out.",
        ),
        formula: "IAF = hours / H",
    },
    Entry {
        key: param::CALIBRATION,
        zh: ("填报工时校准系数", "自报工时普遍偏高时，按此系数折算。"),
        en: ("Calibration factor", "Self-reported hours are multiplied by it."),
        formula: "W = Σ hours × factor",
    },
    Entry {
        key: param::PERSON_MAX,
        zh: (
            "个人工时上限",
            "个人全年填报工时超过标准工时的此倍数即提示偏高，可选择按上限计。",
        ),
        en: (
            "Person's hours limit",
            "A person reporting more than this multiple of H is flagged, and may be capped.",
        ),
        formula: "hours > multiple × H",
    },
    Entry {
        key: param::MAX_HOURS_EACH,
        zh: ("单次用时上限", "一个事项单次用时超过此小时数即提示不合常理。"),
        en: (
            "Longest plausible occurrence",
            "A task taking longer than this each time is flagged as implausible.",
        ),
        formula: "hours each > limit",
    },
    Entry {
        key: param::LONG_IDLE,
        zh: (
            "长期闲置",
            "最近连续若干年每年都有空编且空编率不低于设定值（或勾选后：饱和度低于“不饱和”界限）。",
        ),
        en: (
            "Long idle",
            "Each of the last n years vacant at the set rate or more (or, when ticked, saturation below the under-loaded bound).",
        ),
        formula: "vacancy ≥ 1 and vacancy / E ≥ rate  (or S < under-loaded bound), each of n years",
    },
    Entry {
        key: param::SHRINKING,
        zh: ("职能弱化", "工作量连续若干年下降，累计降幅不低于设定值。"),
        en: (
            "Shrinking work",
            "Workload falling for consecutive years by at least the set share in all.",
        ),
        formula: "W falls every year of n, and (W_first − W_last) / W_first ≥ drop",
    },
    Entry {
        key: param::LOW_EFFICIENCY,
        zh: ("效益不高", "绩效考评分数低于设定值，且饱和度低于“不饱和”界限。"),
        en: (
            "Low efficiency",
            "A performance score below the set value, and saturation below the under-loaded bound.",
        ),
        formula: "score < limit and S < under-loaded bound",
    },
    Entry {
        key: param::MAX_LOSS,
        zh: ("单轮减编上限", "一轮调整中一个单位最多减少的编制比例。"),
        en: (
            "Loss limit per round",
            "The largest share of its quota a unit gives up in one round.",
        ),
        formula: "target ≥ E − floor(E × share)",
    },
    Entry {
        key: param::WEIGHTS,
        zh: ("优先权重", "重点领域、基层一线单位的需求乘以此权重后参与分配。"),
        en: (
            "Priority weights",
            "The need of key-area and front-line units is multiplied by these before sharing.",
        ),
        formula: "need = R × weight",
    },
    Entry {
        key: param::RESERVE,
        zh: ("预留机动编制", "编制部门留作机动、不分配给单位的编制数。"),
        en: ("Office reserve", "Posts the office keeps back from the units."),
        formula: "pool = Σ E − reserve",
    },
    Entry {
        key: param::KEEP_INCUMBENTS,
        zh: ("在编人员不减编", "方案编制数不低于实有人数：只调剂空编。"),
        en: (
            "Keep staff in post",
            "No target below the staff in post: only vacant posts move.",
        ),
        formula: "target ≥ A",
    },
    Entry {
        key: param::PROTECT_NEED,
        zh: (
            "保障工作量所需编制",
            "减编单位不低于其工作量所需编制，增编单位不超过所需。",
        ),
        en: (
            "Protect the posts the workload needs",
            "No donor below, and no recipient above, the posts its workload needs.",
        ),
        formula: "target ≥ ⌈R⌉ when giving;  target ≤ max(E, ⌈R⌉) when receiving",
    },
    Entry {
        key: param::WEBSTER,
        zh: (
            "韦伯斯特法",
            "按加权需求比例分配编制总量，逐个名额按最大商分配；来年需求增长的单位不会因此减编。",
        ),
        en: (
            "Webster",
            "The pool shared in proportion to weighted need, seat by seat by the largest quotient; a unit whose need grows never loses for it.",
        ),
        formula: "need_i / (seats_i + 0.5)",
    },
    Entry {
        key: param::HAMILTON,
        zh: ("最大余数法", "先按比例取整，余下名额给小数部分最大的单位，便于解释。"),
        en: (
            "Hamilton",
            "Whole shares first, the rest to the largest remainders: easy to explain.",
        ),
        formula: "⌊pool × need_i / Σ need⌋ + remainders",
    },
    Entry {
        key: "need_met",
        zh: ("需求满足率", "各单位应需人数中能由编制覆盖的比例。"),
        en: ("Need met", "Share of the required staff that the quota covers."),
        formula: "Σ min(R_i, E_i) / Σ R_i",
    },
    Entry {
        key: "imbalance",
        zh: ("失衡指数", "编制份额与需求份额相差的程度：0 为完全相称。"),
        en: (
            "Imbalance index",
            "How far the shares of quota stray from the shares of need: 0 is in proportion.",
        ),
        formula: "½ Σ |E_i / Σ E − need_i / Σ need|",
    },
];

/// The entry of `key` (a column or a parameter key).
pub fn entry(key: &str) -> Option<&'static Entry> {
    ENTRIES.iter().find(|e| e.key == key)
}

/// The hover of `key`, when it has an entry.
pub fn hover(key: &str, lang: Lang) -> Option<String> {
    entry(key).map(|e| e.hover(lang))
}

/// `response` with the definition of `key` on hover, when it has one. Built only while the
/// pointer is on it, not every frame.
pub fn explained(response: egui::Response, key: &str, lang: Lang) -> egui::Response {
    match entry(key) {
        Some(e) => response.on_hover_ui(|ui| {
            ui.label(e.hover(lang));
        }),
        None => response,
    }
}

/// The glossary window (F1): every entry, its meaning and its formula.
pub fn window(ctx: &egui::Context, open: &mut bool, lang: Lang) {
    egui::Window::new(lang.pick("术语与公式（F1）", "Terms and formulas (F1)"))
        .open(open)
        .default_width(560.0)
        .default_height(480.0)
        .vscroll(true)
        .show(ctx, |ui| {
            for e in ENTRIES {
                ui.label(egui::RichText::new(e.term(lang)).strong());
                ui.label(e.meaning(lang));
                if !e.formula.is_empty() {
                    ui.label(egui::RichText::new(e.formula).monospace().weak());
                }
                ui.add_space(6.0);
            }
        });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_unique_and_every_entry_speaks_both_languages() {
        let mut keys = std::collections::HashSet::new();
        for e in ENTRIES {
            assert!(keys.insert(e.key), "{} twice", e.key);
            assert!(!e.zh.0.is_empty() && !e.zh.1.is_empty() && !e.en.0.is_empty() && !e.en.1.is_empty());
        }
        assert!(hover(col::SATURATION, Lang::Zh).unwrap().contains("S = R / A"));
    }
}
