//! How a quota type's required staff was taken from its unit's (the `required_basis` column).

use super::Lang;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Basis {
    /// The unit has one quota type: it carries the whole workload.
    SingleType,
    /// Shared by the staff in post of each type.
    ByStaff,
    /// Nobody in post: shared by the approved quota of each type.
    ByQuota,
    /// Neither staff nor quota to share by: shared evenly over the types.
    Evenly,
    /// The roster ties each person to a type: each type's own workload.
    ByRoster,
    /// The standards name the staff category of each activity: each type's own workload.
    ByStandards,
    /// No workload survey for the unit.
    NoSurvey,
}

impl Basis {
    pub const ALL: [Basis; 7] = [
        Basis::SingleType,
        Basis::ByStaff,
        Basis::ByQuota,
        Basis::Evenly,
        Basis::ByRoster,
        Basis::ByStandards,
        Basis::NoSurvey,
    ];

    /// The code stored in the `required_basis` column.
    pub fn code(self) -> &'static str {
        self.words().0
    }

    pub fn label(self, lang: Lang) -> &'static str {
        let (_, zh, en) = self.words();
        lang.pick(zh, en)
    }

    pub fn from_code(code: &str) -> Option<Basis> {
        Basis::ALL.into_iter().find(|b| b.code() == code)
    }

    /// The basis whose code or label (in either language) is `text`.
    pub fn from_text(text: &str) -> Option<Basis> {
        Basis::ALL
            .into_iter()
            .find(|b| b.code() == text || b.label(Lang::Zh) == text || b.label(Lang::En) == text)
    }

    /// (code, Chinese, English).
    fn words(self) -> (&'static str, &'static str, &'static str) {
        match self {
            Basis::SingleType => ("single_type", "单一编制类型", "single quota type"),
            Basis::ByStaff => ("by_staff", "按各类型实有人数分摊", "shared by staff of each type"),
            Basis::ByQuota => (
                "by_quota",
                "无实有人员，按核定编制分摊",
                "nobody in post: shared by approved quota",
            ),
            Basis::Evenly => (
                "evenly",
                "无实有人员和核定编制，平均分摊",
                "no staff and no quota: shared evenly",
            ),
            Basis::ByRoster => (
                "by_roster",
                "按花名册对应编制类型",
                "by each person's quota type (roster)",
            ),
            Basis::ByStandards => (
                "by_standards",
                "按工作标准的人员类别",
                "by each activity's staff category (standards)",
            ),
            Basis::NoSurvey => ("none", "无工作量调查", "no survey"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basis_codes_and_labels_are_unique_and_read_back() {
        let mut seen = std::collections::HashSet::new();
        for b in Basis::ALL {
            for text in [b.code(), b.label(Lang::Zh), b.label(Lang::En)] {
                assert!(seen.insert(text), "{text} twice");
                assert_eq!(Basis::from_text(text), Some(b));
            }
            assert_eq!(Basis::from_code(b.code()), Some(b));
        }
    }
}
