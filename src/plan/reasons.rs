//! Reason and bound codes of the plan, and their labels in both languages.
//!
//! Tables keep the codes (`;`-joined when a unit has several reasons, the main one first); the
//! `*_label` columns carry the Chinese labels, and [`super::localize`] rewrites them in English.

use crate::model::Lang;

// -- why a unit gives ------------------------------------------------------------------------
/// The posts given up are vacant (the target stays at or above the people in post).
pub const VACANT: &str = "vacant";
/// The target falls below the people in post (only when keep_incumbents is off).
pub const CUT_STAFFED: &str = "cut_staffed";
pub const LONG_IDLE: &str = "long_idle";
pub const SHRINKING_WORK: &str = "shrinking_work";
pub const LOW_EFFICIENCY: &str = "low_efficiency";
/// Saturation in the under-loaded bands.
pub const UNDERLOADED: &str = "underloaded";
/// Approved quota above the required staff.
pub const QUOTA_ABOVE_NEED: &str = "quota_above_need";
/// None of the above: the unit's share of need is smaller than its share of quota.
pub const PROPORTIONAL: &str = "proportional";

// -- why a unit receives ---------------------------------------------------------------------
pub const KEY_AREA: &str = "key_area";
pub const FRONT_LINE: &str = "front_line";
/// Saturation in the overloaded bands.
pub const OVERLOADED: &str = "overloaded";
/// Required staff above the approved quota.
pub const SHORTAGE: &str = "shortage";

// -- units that do not move, and the office reserve -------------------------------------------
pub const UNCHANGED: &str = "unchanged";
pub const FROZEN: &str = "frozen";
pub const NO_SURVEY: &str = "no_survey";
pub const NOT_IN_STAFFING: &str = "not_in_staffing";
pub const UNKNOWN_STAFF: &str = "unknown_staff";
pub const TO_RESERVE: &str = "to_reserve";
pub const FROM_RESERVE: &str = "from_reserve";

// -- which bound decided a target (the `bound` column) ----------------------------------------
pub const BOUND_NONE: &str = "none";
pub const BOUND_KEEP_INCUMBENTS: &str = "keep_incumbents";
pub const BOUND_MAX_LOSS: &str = "max_loss";
pub const BOUND_MAX_GAIN: &str = "max_gain";
/// protect_need held a donor at the posts its workload needs.
pub const BOUND_NEED_FLOOR: &str = "need_floor";
/// protect_need held a recipient at the posts its workload needs.
pub const BOUND_NEED_CAP: &str = "need_cap";

/// (code, Chinese, English) for every reason and bound code.
pub const LABELS: &[(&str, &str, &str)] = &[
    (VACANT, "收回空编", "recover vacant quota"),
    (CUT_STAFFED, "核减在编人员编制", "cut below staff in post"),
    (LONG_IDLE, "长期闲置", "long idle"),
    (SHRINKING_WORK, "职能弱化", "shrinking work"),
    (LOW_EFFICIENCY, "效益不高", "low efficiency"),
    (UNDERLOADED, "工作量不饱和", "under-loaded"),
    (QUOTA_ABOVE_NEED, "编制多于测算需求", "quota above assessed need"),
    (PROPORTIONAL, "按测算需求统筹平衡", "rebalanced by assessed need"),
    (KEY_AREA, "向重点领域倾斜", "priority to key areas"),
    (FRONT_LINE, "向基层一线倾斜", "priority to the front line"),
    (OVERLOADED, "补充超饱和单位", "relieve an overloaded unit"),
    (SHORTAGE, "补足工作量缺口", "fill a workload shortage"),
    (UNCHANGED, "保持不变", "unchanged"),
    (FROZEN, "冻结，不参与调整", "frozen, left out of the plan"),
    (
        NO_SURVEY,
        "无工作量调查，保持原核定编制",
        "no survey, keeps its approved quota",
    ),
    (
        NOT_IN_STAFFING,
        "编制表中无此单位，不参与调整",
        "not in the staffing table, left out",
    ),
    (
        UNKNOWN_STAFF,
        "实有人数不明，保持原核定编制",
        "staff in post unknown, keeps its approved quota",
    ),
    (TO_RESERVE, "收回作机动编制", "to the office reserve"),
    (FROM_RESERVE, "动用机动编制", "from the office reserve"),
    (BOUND_NONE, "无", "none"),
    (BOUND_KEEP_INCUMBENTS, "在编人员不减编", "keep staff in post"),
    (BOUND_MAX_LOSS, "单轮减编上限", "loss limit per round"),
    (BOUND_MAX_GAIN, "单轮增编上限", "gain limit per round"),
    (
        BOUND_NEED_FLOOR,
        "不减工作量所需编制",
        "keeps the posts its workload needs",
    ),
    (
        BOUND_NEED_CAP,
        "不超过工作量所需编制",
        "no more than its workload needs",
    ),
];

/// The label of one code; an unknown code is shown as it is.
pub fn label(code: &str, lang: Lang) -> &str {
    LABELS
        .iter()
        .find(|(c, _, _)| *c == code)
        .map(|(_, zh, en)| match lang {
            Lang::Zh => *zh,
            Lang::En => *en,
        })
        .unwrap_or(code)
}

/// The labels of a `;`-joined list of codes, joined as the language writes lists.
pub fn labels(codes: &str, lang: Lang) -> String {
    codes
        .split(';')
        .filter(|c| !c.is_empty())
        .map(|c| label(c, lang))
        .collect::<Vec<_>>()
        .join(match lang {
            Lang::Zh => "、",
            Lang::En => ", ",
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plan_reason_codes_are_unique_and_labelled() {
        let mut seen = std::collections::HashSet::new();
        for (code, zh, en) in LABELS {
            assert!(seen.insert(*code), "duplicate code {code}");
            assert!(!zh.is_empty() && !en.is_empty());
        }
        assert_eq!(labels("vacant;long_idle", Lang::Zh), "收回空编、长期闲置");
        assert_eq!(
            labels("front_line;overloaded", Lang::En),
            "priority to the front line, relieve an overloaded unit"
        );
    }
}
