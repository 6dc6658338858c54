//! Reason and bound codes of the plan, and their labels in both languages.
//!
//! Tables keep the codes (`;`-joined when a unit has several reasons, the main one first); the
//! `*_label` columns carry the Chinese labels, and [`super::localize`] rewrites them in English.

use crate::analysis::names::FastMap;
use crate::model::Lang;

/// Why a unit gives, receives, stays as it is, or is left out of the plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Reason {
    // -- why a unit gives
    /// The posts given up are vacant (the target stays at or above the people in post).
    Vacant,
    /// The target falls below the people in post (only when keep_incumbents is off).
    CutStaffed,
    LongIdle,
    ShrinkingWork,
    LowEfficiency,
    /// Saturation in the under-loaded bands.
    Underloaded,
    /// Approved quota above the required staff.
    QuotaAboveNeed,
    /// None of the above: the unit's share of need is smaller than its share of quota.
    Proportional,
    // -- why a unit receives
    KeyArea,
    FrontLine,
    /// Saturation in the overloaded bands.
    Overloaded,
    /// Required staff above the approved quota.
    Shortage,
    /// The posts gained go first to people already in post over quota: they add no hands
    /// until the unit's staff passes its old quota.
    AbsorbsOverQuota,
    // -- units that do not move, and the office reserve
    Unchanged,
    Frozen,
    NoSurvey,
    NotInStaffing,
    UnknownStaff,
    ToReserve,
    FromReserve,
}

impl Reason {
    pub const ALL: [Reason; 20] = [
        Reason::Vacant,
        Reason::CutStaffed,
        Reason::LongIdle,
        Reason::ShrinkingWork,
        Reason::LowEfficiency,
        Reason::Underloaded,
        Reason::QuotaAboveNeed,
        Reason::Proportional,
        Reason::KeyArea,
        Reason::FrontLine,
        Reason::Overloaded,
        Reason::Shortage,
        Reason::AbsorbsOverQuota,
        Reason::Unchanged,
        Reason::Frozen,
        Reason::NoSurvey,
        Reason::NotInStaffing,
        Reason::UnknownStaff,
        Reason::ToReserve,
        Reason::FromReserve,
    ];

    /// The code stored in the reason columns.
    pub fn code(self) -> &'static str {
        self.words().0
    }

    pub fn label(self, lang: Lang) -> &'static str {
        let (_, zh, en) = self.words();
        lang.pick(zh, en)
    }

    pub fn from_code(code: &str) -> Option<Reason> {
        Reason::ALL.into_iter().find(|r| r.code() == code)
    }

    /// (code, Chinese, English).
    fn words(self) -> (&'static str, &'static str, &'static str) {
        match self {
            Reason::Vacant => ("vacant", "收回空编", "recover vacant quota"),
            Reason::CutStaffed => ("cut_staffed", "核减在编人员编制", "cut below staff in post"),
            Reason::LongIdle => ("long_idle", "长期闲置", "long idle"),
            Reason::ShrinkingWork => ("shrinking_work", "职能弱化", "shrinking work"),
            Reason::LowEfficiency => ("low_efficiency", "效益不高", "low efficiency"),
            Reason::Underloaded => ("underloaded", "工作量不饱和", "under-loaded"),
            Reason::QuotaAboveNeed => ("quota_above_need", "编制多于测算需求", "quota above assessed need"),
            Reason::Proportional => ("proportional", "按测算需求统筹平衡", "rebalanced by assessed need"),
            Reason::KeyArea => ("key_area", "向重点领域倾斜", "priority to key areas"),
            Reason::FrontLine => ("front_line", "向基层一线倾斜", "priority to the front line"),
            Reason::Overloaded => ("overloaded", "补充超饱和单位", "relieve an overloaded unit"),
            Reason::Shortage => ("shortage", "补足工作量缺口", "fill a workload shortage"),
            Reason::AbsorbsOverQuota => (
                "absorbs_over_quota",
                "所增编制先用于消化超编人员",
                "the posts gained first regularise staff over quota",
            ),
            Reason::Unchanged => ("unchanged", "保持不变", "unchanged"),
            Reason::Frozen => ("frozen", "冻结，不参与调整", "frozen, left out of the plan"),
            Reason::NoSurvey => (
                "no_survey",
                "无工作量调查，保持原核定编制",
                "no survey, keeps its approved quota",
            ),
            Reason::NotInStaffing => (
                "not_in_staffing",
                "编制表中无此单位，不参与调整",
                "not in the staffing table, left out",
            ),
            Reason::UnknownStaff => (
                "unknown_staff",
                "实有人数不明，保持原核定编制",
                "staff in post unknown, keeps its approved quota",
            ),
            Reason::ToReserve => ("to_reserve", "收回作机动编制", "to the office reserve"),
            Reason::FromReserve => ("from_reserve", "动用机动编制", "from the office reserve"),
        }
    }
}

/// Which bound decided a unit's target (the `bound` column).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Bound {
    /// No bound: the apportionment alone set the target.
    Free,
    KeepIncumbents,
    MaxLoss,
    MaxGain,
    /// protect_need held a donor at the posts its workload needs.
    NeedFloor,
    /// protect_need held a recipient at the posts its workload needs.
    NeedCap,
    /// The unit is left out of the plan: its target is its quota, for this reason.
    LeftOut(Reason),
}

impl Bound {
    /// The bounds a rule sets (not the left-out units).
    pub const RULES: [Bound; 6] = [
        Bound::Free,
        Bound::KeepIncumbents,
        Bound::MaxLoss,
        Bound::MaxGain,
        Bound::NeedFloor,
        Bound::NeedCap,
    ];

    /// The code stored in the `bound` column; a left-out unit's is its reason's.
    pub fn code(self) -> &'static str {
        match self {
            Bound::LeftOut(reason) => reason.code(),
            rule => rule.words().0,
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Bound::LeftOut(reason) => reason.label(lang),
            rule => {
                let (_, zh, en) = rule.words();
                lang.pick(zh, en)
            }
        }
    }

    pub fn from_code(code: &str) -> Option<Bound> {
        Bound::RULES
            .into_iter()
            .find(|b| b.code() == code)
            .or_else(|| Reason::from_code(code).map(Bound::LeftOut))
    }

    /// (code, Chinese, English) of a rule.
    fn words(self) -> (&'static str, &'static str, &'static str) {
        match self {
            Bound::Free => ("none", "无", "none"),
            Bound::KeepIncumbents => ("keep_incumbents", "在编人员不减编", "keep staff in post"),
            Bound::MaxLoss => ("max_loss", "单轮减编上限", "loss limit per round"),
            Bound::MaxGain => ("max_gain", "单轮增编上限", "gain limit per round"),
            Bound::NeedFloor => ("need_floor", "不减工作量所需编制", "keeps the posts its workload needs"),
            Bound::NeedCap => ("need_cap", "不超过工作量所需编制", "no more than its workload needs"),
            Bound::LeftOut(reason) => reason.words(),
        }
    }
}

/// The cell of a list of reasons: codes joined by `;`, the main one first.
pub fn join(reasons: &[Reason]) -> String {
    reasons.iter().map(|r| r.code()).collect::<Vec<_>>().join(";")
}

/// The label of one reason or bound code; an unknown code is shown as it is.
pub fn label(code: &str, lang: Lang) -> &str {
    Bound::from_code(code).map_or(code, |b| b.label(lang))
}

/// Each distinct list of reasons as its codes and its Chinese labels, worded once: a plan's
/// thousands of rows share a few dozen lists.
pub(super) struct Worded<'a>(FastMap<&'a [Reason], (String, String)>);

impl<'a> Worded<'a> {
    pub fn of(lists: impl Iterator<Item = &'a [Reason]>) -> Worded<'a> {
        let mut worded = FastMap::default();
        for list in lists {
            worded.entry(list).or_insert_with(|| {
                let codes = join(list);
                let labels = labels(&codes, Lang::Zh);
                (codes, labels)
            });
        }
        Worded(worded)
    }

    /// The `;`-joined codes of `list`, or its Chinese `labels`; `list` must be among those
    /// worded.
    pub fn words(&self, list: &[Reason], labels: bool) -> &str {
        debug_assert!(self.0.contains_key(list), "a list of reasons was not worded");
        match (self.0.get(list), labels) {
            (Some((codes, _)), false) => codes,
            (Some((_, labels)), true) => labels,
            (None, _) => "",
        }
    }
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
        let all = Reason::ALL.into_iter().map(Bound::LeftOut).chain(Bound::RULES);
        for b in all {
            assert!(seen.insert(b.code()), "duplicate code {}", b.code());
            assert_eq!(Bound::from_code(b.code()), Some(b));
            assert!(!b.label(Lang::Zh).is_empty() && !b.label(Lang::En).is_empty());
        }
        assert_eq!(labels("vacant;long_idle", Lang::Zh), "收回空编、长期闲置");
        assert_eq!(
            labels("front_line;overloaded", Lang::En),
            "priority to the front line, relieve an overloaded unit"
        );
        assert_eq!(label("made_up", Lang::En), "made_up");
    }
}
