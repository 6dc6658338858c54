//! Every word the user sees, in Chinese (the default) and English. Tables keep canonical
//! column names and codes; exports and views translate them here and nowhere else.

use crate::model::{Band, Lang, QuotaType, col};

/// (canonical name, Chinese, English) for every column the engine writes.
const COLUMNS: &[(&str, &str, &str)] = &[
    (col::UNIT, "单位名称", "Unit"),
    (col::DEPARTMENT, "主管部门", "Department"),
    (col::QUOTA_TYPE, "编制类型", "Quota type"),
    (col::YEAR, "年度", "Year"),
    (col::APPROVED, "核定编制数", "Approved quota"),
    (col::ACTUAL, "实有人数", "Actual staff"),
    (col::LEADER_POSTS, "领导职数", "Leadership posts"),
    (col::LEADERS_ACTUAL, "实配领导", "Leaders in post"),
    (col::PERFORMANCE, "绩效考评得分", "Performance score"),
    (col::CATEGORY, "单位类别", "Unit category"),
    (col::KEY_AREA, "重点领域", "Key area"),
    (col::FRONT_LINE, "基层一线", "Front line"),
    (col::PERSON, "姓名", "Person"),
    (col::LEADER, "领导职务", "Leader"),
    (col::TASK, "工作事项", "Task"),
    (col::PERIOD, "频次周期", "Period"),
    (col::FREQUENCY, "频次", "Frequency"),
    (col::HOURS_EACH, "每次用时（小时）", "Hours each"),
    (col::ANNUAL_HOURS, "年工作时长（小时）", "Annual hours"),
    ("position", "职务", "Position"),
    ("minutes_each", "每次用时（分钟）", "Minutes each"),
    (col::SOURCE_ROW, "来源行号", "Source row"),
    (col::SOURCE_FILE, "来源文件", "Source file"),
    (col::SOURCE_SHEET, "来源工作表", "Source sheet"),
    (col::RETURN_STATUS, "回收情况", "Returned"),
    (col::RETURN_FILES, "交回文件数", "Files returned"),
    (col::COUNTED_FILE, "计入文件", "File counted"),
    (col::RETURN_ROWS, "填报行数", "Rows"),
    (col::ROSTER_PEOPLE, "花名册人数", "People on the roster"),
    (col::PEOPLE_RETURNED, "已填报人数", "People who filed"),
    (col::PEOPLE_MISSING, "未填报人员", "People who did not file"),
    (
        col::RETURN_NOTE,
        "本单位调查表被他单位填报",
        "Own form filled by another unit",
    ),
    (col::ACTIVITY, "工作活动", "Activity"),
    (col::STANDARD_HOURS, "标准用时（小时/件）", "Standard time (h per item)"),
    (col::VOLUME, "年业务量", "Annual volume"),
    (col::SOURCE_NOTE, "标准来源", "Source of the standard"),
    (
        "rate_per_hour",
        "工作速率（件/小时）",
        "Rate of working (items per hour)",
    ),
    (col::WORKLOAD_METHOD, "工作量来源", "Workload from"),
    (col::SELF_REPORT_RATIO, "填报÷标准", "Reported ÷ standard"),
    (col::REPORTING, "填报判断", "Reporting"),
    (col::STANDARD_Q1, "下四分位（小时）", "Lower quartile (h)"),
    (col::STANDARD_Q3, "上四分位（小时）", "Upper quartile (h)"),
    (col::WORKLOAD_STD, "标准工作量（小时）", "Standard workload (h)"),
    (col::REQUIRED_STD, "应需人数（按标准）", "Required staff (by standards)"),
    (col::SATURATION_STD, "饱和度（按标准）", "Saturation (by standards)"),
    (
        col::WISN_RATIO,
        "WISN 比率（实有÷应需）",
        "WISN ratio (actual ÷ required)",
    ),
    (
        col::WISN_DIFFERENCE,
        "WISN 差额（实有−应需）",
        "WISN difference (actual − required)",
    ),
    (col::UNITS, "单位数", "Units"),
    (col::WORKLOAD_REPORTED, "填报工作量（小时）", "Reported workload (h)"),
    (col::WORKLOAD, "工作量（小时）", "Workload (h)"),
    (
        col::REQUIRED_REPORTED,
        "应需人数（按填报）",
        "Required staff (as reported)",
    ),
    (col::REQUIRED, "应需人数", "Required staff"),
    (col::REQUIRED_BASIS, "应需人数分摊依据", "Basis of required staff"),
    (col::SATURATION_REPORTED, "饱和度（按填报）", "Saturation (as reported)"),
    (col::SATURATION, "饱和度", "Saturation"),
    (col::QUOTA_SATURATION, "编制饱和度", "Quota saturation"),
    (col::VACANCY, "空编数", "Vacancies"),
    (col::VACANCY_RATE, "空编率", "Vacancy rate"),
    (col::OVER_QUOTA, "超编人数", "Over quota"),
    (col::OVER_LEADERS, "超职数", "Leaders over posts"),
    (col::IDLE, "富余人数", "Idle positions"),
    (col::SHORTAGE, "缺口人数", "Shortage"),
    (col::RECOVERABLE, "可收回编制", "Recoverable quotas"),
    (col::BAND, "饱和度区间", "Band"),
    (col::PEOPLE_SURVEYED, "参与调查人数", "People surveyed"),
    (col::TASKS, "工作事项数", "Tasks"),
    (col::ACTIVITIES, "工作活动数", "Activities"),
    (col::SPREAD_CV, "个人饱和度变异系数", "Per-person CV"),
    (col::SPREAD_GINI, "个人饱和度基尼系数", "Per-person Gini"),
    (col::SHARE_UNDERLOADED, "不饱和人员占比", "Share under-loaded"),
    (col::FLAGS, "预警", "Flags"),
    (col::HAS_SURVEY, "有工作量调查", "Has survey"),
    (
        col::ACTUAL_SURVEYED,
        "有调查单位实有人数",
        "Actual staff (surveyed units)",
    ),
    (col::PERSON_SATURATION, "个人饱和度", "Personal saturation"),
    (col::OVER_HOURS, "工时超上限", "Hours over limit"),
    (col::METRIC, "指标", "Metric"),
    (col::VALUE, "数值", "Value"),
    // -- the reallocation plan --
    (crate::model::plan::col::WEIGHT, "优先权重", "Priority weight"),
    (crate::model::plan::col::NEED, "加权需求", "Weighted need"),
    (crate::model::plan::col::LOWER, "方案下限", "Lower bound"),
    (crate::model::plan::col::UPPER, "方案上限", "Upper bound"),
    (crate::model::plan::col::TARGET, "方案编制数", "Target quota"),
    (crate::model::plan::col::CHANGE, "调整数", "Change"),
    (crate::model::plan::col::BOUND, "约束代码", "Bound code"),
    (crate::model::plan::col::BOUND_LABEL, "触及约束", "Bound applied"),
    (crate::model::plan::col::REASON, "调整原因代码", "Reason code"),
    (crate::model::plan::col::REASON_LABEL, "调整原因", "Reason"),
    (
        crate::model::plan::col::SATURATION_AFTER,
        "调整后编制饱和度",
        "Quota saturation at target",
    ),
    (
        crate::model::plan::col::VACANCY_AFTER,
        "调整后空编数",
        "Vacancy at target",
    ),
    (
        crate::model::plan::col::OVER_QUOTA_AFTER,
        "调整后超编人数",
        "Over quota at target",
    ),
    (
        crate::model::plan::col::POSTS_SHORT,
        "编制缺口",
        "Posts short of the workload",
    ),
    (
        crate::model::plan::col::POSTS_SHORT_AFTER,
        "调整后编制缺口",
        "Posts short at target",
    ),
    (crate::model::plan::col::FROM_UNIT, "调出单位", "From unit"),
    (
        crate::model::plan::col::FROM_DEPARTMENT,
        "调出单位主管部门",
        "From department",
    ),
    (crate::model::plan::col::TO_UNIT, "调入单位", "To unit"),
    (
        crate::model::plan::col::TO_DEPARTMENT,
        "调入单位主管部门",
        "To department",
    ),
    (crate::model::plan::col::POSTS, "调剂编制数", "Posts moved"),
    (
        crate::model::plan::col::SAME_DEPARTMENT,
        "系统内调剂",
        "Within department",
    ),
    (
        crate::model::plan::col::FROM_REASON,
        "调出原因代码",
        "Reason code (giving)",
    ),
    (
        crate::model::plan::col::FROM_REASON_LABEL,
        "调出原因",
        "Reason for giving",
    ),
    (
        crate::model::plan::col::TO_REASON,
        "调入原因代码",
        "Reason code (receiving)",
    ),
    (
        crate::model::plan::col::TO_REASON_LABEL,
        "调入原因",
        "Reason for receiving",
    ),
    (
        crate::model::plan::col::UNITS_PLANNED,
        "参与调整单位数",
        "Units in the plan",
    ),
    (crate::model::plan::col::RESERVE, "预留机动编制", "Reserve kept"),
    (crate::model::plan::col::POOL, "可分配编制", "Pool"),
    (crate::model::plan::col::MOVED, "调剂总数", "Total moved"),
    (crate::model::plan::col::UNITS_GIVING, "调出单位数", "Units giving"),
    (
        crate::model::plan::col::UNITS_RECEIVING,
        "调入单位数",
        "Units receiving",
    ),
    (
        crate::model::plan::col::NEED_MET_BEFORE,
        "需求满足率（调整前）",
        "Need met before",
    ),
    (
        crate::model::plan::col::NEED_MET_AFTER,
        "需求满足率（调整后）",
        "Need met after",
    ),
    (
        crate::model::plan::col::IMBALANCE_BEFORE,
        "失衡指数（调整前）",
        "Imbalance before",
    ),
    (
        crate::model::plan::col::IMBALANCE_AFTER,
        "失衡指数（调整后）",
        "Imbalance after",
    ),
    (crate::model::plan::col::TARGET_A, "方案一编制数", "Target (scenario A)"),
    (crate::model::plan::col::TARGET_B, "方案二编制数", "Target (scenario B)"),
    (
        crate::model::plan::col::DIFFERENCE,
        "方案差异（二减一）",
        "Difference (B − A)",
    ),
];

/// The label of a column in `lang`; an unknown name is shown as it is.
pub fn column(name: &str, lang: Lang) -> &str {
    COLUMNS
        .iter()
        .find(|(c, _, _)| *c == name)
        .map(|(_, zh, en)| match lang {
            Lang::Zh => *zh,
            Lang::En => *en,
        })
        .unwrap_or(name)
}

/// The canonical column whose label (in either language) is `label`.
pub fn column_from_label(label: &str) -> Option<&'static str> {
    COLUMNS
        .iter()
        .find(|(c, zh, en)| *zh == label || *en == label || *c == label)
        .map(|(c, _, _)| *c)
}

pub fn band(band: Band, lang: Lang) -> &'static str {
    match (band, lang) {
        (Band::SevereUnder, Lang::Zh) => "严重不饱和",
        (Band::Under, Lang::Zh) => "不饱和",
        (Band::Balanced, Lang::Zh) => "基本饱和",
        (Band::Over, Lang::Zh) => "超饱和",
        (Band::SevereOver, Lang::Zh) => "严重超饱和",
        (Band::Unknown, Lang::Zh) => "未知",
        (Band::SevereUnder, Lang::En) => "severely under-loaded",
        (Band::Under, Lang::En) => "under-loaded",
        (Band::Balanced, Lang::En) => "balanced",
        (Band::Over, Lang::En) => "overloaded",
        (Band::SevereOver, Lang::En) => "severely overloaded",
        (Band::Unknown, Lang::En) => "unknown",
    }
}

/// The label of a flag code (see [`crate::model::Flag`]); an unknown code is shown as it is.
pub fn flag(code: &str, lang: Lang) -> &str {
    crate::model::Flag::from_code(code).map_or(code, |f| f.label(lang))
}

/// Translate a `;`-joined list of flag codes.
pub fn flags(codes: &str, lang: Lang) -> String {
    codes
        .split(';')
        .filter(|c| !c.is_empty())
        .map(|c| flag(c, lang))
        .collect::<Vec<_>>()
        .join(match lang {
            Lang::Zh => "、",
            Lang::En => ", ",
        })
}

pub fn quota_type(canonical: &str, lang: Lang) -> &str {
    match lang {
        Lang::Zh => canonical,
        Lang::En => {
            let q = QuotaType::from_canonical(canonical);
            if q == QuotaType::Unspecified && canonical != QuotaType::Unspecified.canonical() {
                canonical
            } else {
                q.english()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_column_label_is_unique_per_language() {
        for lang in [Lang::Zh, Lang::En] {
            let mut seen = std::collections::HashSet::new();
            for (c, _, _) in COLUMNS {
                assert!(seen.insert(column(c, lang)), "duplicate label for {c}");
            }
        }
    }

    #[test]
    fn labels_map_back_to_columns() {
        assert_eq!(column_from_label("核定编制数"), Some(col::APPROVED));
        assert_eq!(column_from_label("Saturation"), Some(col::SATURATION));
        assert_eq!(flags("over_quota;long_idle", Lang::Zh), "超编、长期闲置");
    }
}
