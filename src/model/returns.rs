//! Whether a unit returned its survey: the codes of the 回收情况 table.

use super::Lang;

/// What came back from a unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ReturnStatus {
    /// No file at all: to chase.
    Missing,
    /// A file that could not be read or is no survey (its unit told by its marker or name): to
    /// chase for a usable one.
    Unusable,
    /// Only a form with nothing filled in: to chase.
    Empty,
    /// A survey that leaves people of the roster out: to chase for them.
    Partial,
    /// A survey with everyone (or, without a roster, any survey).
    Returned,
}

impl ReturnStatus {
    pub const ALL: [ReturnStatus; 5] = [
        ReturnStatus::Missing,
        ReturnStatus::Unusable,
        ReturnStatus::Empty,
        ReturnStatus::Partial,
        ReturnStatus::Returned,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ReturnStatus::Missing => "missing",
            ReturnStatus::Unusable => "unusable",
            ReturnStatus::Empty => "empty",
            ReturnStatus::Partial => "partial",
            ReturnStatus::Returned => "returned",
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            ReturnStatus::Missing => lang.pick("未回收", "not returned"),
            ReturnStatus::Unusable => lang.pick("交回但无法使用", "returned, unusable"),
            ReturnStatus::Empty => lang.pick("空表", "empty form"),
            ReturnStatus::Partial => lang.pick("部分人员未填", "people missing"),
            ReturnStatus::Returned => lang.pick("已回收", "returned"),
        }
    }

    pub fn from_code(code: &str) -> Option<ReturnStatus> {
        ReturnStatus::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Whether the office must go back to the unit.
    pub fn to_chase(self) -> bool {
        self != ReturnStatus::Returned
    }
}
