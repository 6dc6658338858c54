//! The flags a unit can carry (the `flags` column holds their codes joined by `;`): red lines
//! and candidates for recovering quotas, each with its code and its words.

use super::Lang;

/// A flag on a unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Flag {
    /// 超编: more people in post than approved posts.
    OverQuota,
    /// 超职数: more leaders in post than leadership posts.
    OverLeaders,
    /// 长期闲置: under-loaded or vacant year after year.
    LongIdle,
    /// 职能弱化: workload falling year after year.
    ShrinkingWork,
    /// 效益不高: a low performance score with low saturation.
    LowEfficiency,
    /// The unit has no survey while others do.
    SurveyMissing,
    /// The survey names a unit the staffing table lacks.
    NotInStaffing,
}

impl Flag {
    pub const ALL: [Flag; 7] = [
        Flag::OverQuota,
        Flag::OverLeaders,
        Flag::LongIdle,
        Flag::ShrinkingWork,
        Flag::LowEfficiency,
        Flag::SurveyMissing,
        Flag::NotInStaffing,
    ];

    /// The red lines and recovery candidates, in the order the overview lists them.
    pub const RED_LINES: [Flag; 5] = [
        Flag::OverQuota,
        Flag::OverLeaders,
        Flag::LongIdle,
        Flag::ShrinkingWork,
        Flag::LowEfficiency,
    ];

    /// The code stored in the `flags` column.
    pub fn code(self) -> &'static str {
        match self {
            Flag::OverQuota => "over_quota",
            Flag::OverLeaders => "over_leaders",
            Flag::LongIdle => "long_idle",
            Flag::ShrinkingWork => "shrinking_work",
            Flag::LowEfficiency => "low_efficiency",
            Flag::SurveyMissing => "survey_missing",
            Flag::NotInStaffing => "not_in_staffing",
        }
    }

    pub fn from_code(code: &str) -> Option<Flag> {
        Flag::ALL.into_iter().find(|f| f.code() == code)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        let (zh, en) = match self {
            Flag::OverQuota => ("超编", "over quota"),
            Flag::OverLeaders => ("超职数", "leadership over posts"),
            Flag::LongIdle => ("长期闲置", "long idle"),
            Flag::ShrinkingWork => ("职能弱化", "shrinking work"),
            Flag::LowEfficiency => ("效益不高", "low efficiency"),
            Flag::SurveyMissing => ("缺少工作量调查", "no survey"),
            Flag::NotInStaffing => ("编制表中无此单位", "not in staffing table"),
        };
        match lang {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }

    /// The flags of a `flags` cell (unknown codes left out).
    pub fn parse_all(cell: &str) -> Vec<Flag> {
        cell.split(';').filter_map(|c| Flag::from_code(c.trim())).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_read_back() {
        for f in Flag::ALL {
            assert_eq!(Flag::from_code(f.code()), Some(f));
        }
        assert_eq!(
            Flag::parse_all("over_quota;long_idle;x"),
            vec![Flag::OverQuota, Flag::LongIdle]
        );
    }
}
