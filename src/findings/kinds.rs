//! What kind of finding a code names, in words: for filtering the findings by kind.

use crate::model::Lang;

/// (code, Chinese, English), by code.
const KINDS: &[(&str, &str, &str)] = &[
    ("all_zero", "数值全为零", "all values zero"),
    ("ambiguous_column", "列对应不明确", "ambiguous column"),
    ("assumed_yearly", "周期按每年计", "period taken as yearly"),
    ("bad_allowance", "宽放设置有误", "bad allowances"),
    ("bad_csv", "CSV 无法解析", "unreadable CSV"),
    ("bad_override", "手动指定的列无效", "invalid column choice"),
    ("bad_period", "周期无法识别", "unknown period"),
    ("bad_standard", "标准用时有误", "bad standard time"),
    ("bad_volume", "业务量有误", "bad volume"),
    ("bad_year", "年度无法识别", "unreadable year"),
    ("cancelled", "读取已取消", "reading cancelled"),
    (
        "category_not_held",
        "标准的人员类别单位没有",
        "standards name a category the unit lacks",
    ),
    ("count_too_large", "人数过大", "count too large"),
    ("date_in_number", "数字列中是日期", "date in a number column"),
    ("duplicate_row", "重复填报", "duplicate rows"),
    ("duplicate_standard", "标准用时重复", "standard given twice"),
    ("duplicate_unit", "单位重复", "unit listed twice"),
    ("duplicate_volume", "业务量重复填报", "volume filed twice"),
    ("empty_return", "交回空表", "empty form returned"),
    ("empty_sheet", "工作表为空", "empty sheet"),
    ("excel_error", "单元格错误值", "Excel error value"),
    ("form_of_other_unit", "他单位的调查表", "another unit's form"),
    (
        "form_unit_unknown",
        "填报单位不在编制表",
        "form's unit not in the staffing table",
    ),
    ("header_found", "表头位置", "header found"),
    ("hours_disagree", "工时前后不一致", "hours disagree"),
    ("implausible_task", "单次用时不合理", "implausible time per occurrence"),
    ("incomplete_task", "事项信息不全", "incomplete task"),
    ("internal", "内部错误", "internal error"),
    ("left_out_has_work", "未计入的行有工作量", "left-out row has work"),
    ("low_confidence", "列对应把握不大", "uncertain column"),
    ("markup_not_table", "网页或标记文件，不是表格", "markup, not a table"),
    ("merged_number", "合并单元格中的数字", "number in merged cells"),
    ("missing_activity", "缺少工作活动", "no activity"),
    ("missing_column", "缺少列", "missing column"),
    ("missing_count", "缺少人数列", "missing count column"),
    ("missing_task", "缺少工作事项", "missing task"),
    ("missing_year", "缺少年度", "missing year"),
    ("negative", "负数", "negative number"),
    ("no_header", "找不到表头", "no header"),
    ("no_return", "未交回调查表", "no survey returned"),
    ("no_returns", "文件夹中没有调查表", "no surveys in the folder"),
    ("no_rows", "没有数据行", "no data rows"),
    ("no_sheets", "没有工作表", "no sheets"),
    ("no_standard", "缺少标准用时", "no standard time"),
    ("no_standards", "缺少工作标准表", "no standards read"),
    ("no_such_sheet", "工作表不存在", "no such sheet"),
    ("no_volumes", "缺少业务量", "no volumes"),
    ("not_a_number", "不是数字", "not a number"),
    ("not_a_survey", "不是调查表", "not a survey"),
    ("not_whole", "不是整数", "not a whole number"),
    ("not_yes_no", "不是“是/否”", "not yes or no"),
    ("over_hours", "个人工时超过上限", "person's hours over the limit"),
    ("own_report", "Satlas 报告已跳过", "Satlas report skipped"),
    ("password_protected", "文件设有密码", "password protected"),
    ("person_not_on_roster", "填报人不在花名册", "person not on the roster"),
    ("plan_apportion", "方案：分配失败", "plan: apportionment failed"),
    ("plan_bad_column", "方案：列的类型不对", "plan: wrong column type"),
    ("plan_bad_parameter", "方案：参数有误", "plan: bad parameter"),
    ("plan_bad_required", "方案：应需人数有误", "plan: bad required staff"),
    ("plan_cut_staffed", "方案：需分流人员", "plan: people to place"),
    ("plan_duplicate_unit", "方案：单位重复", "plan: unit listed twice"),
    (
        "plan_frozen_unknown",
        "方案：冻结单位不存在",
        "plan: unknown frozen unit",
    ),
    ("plan_infeasible", "方案：无可行解", "plan: infeasible"),
    ("plan_missing_column", "方案：缺少列", "plan: missing column"),
    ("plan_need_too_large", "方案：需求过大", "plan: need too large"),
    ("plan_negative_count", "方案：人数为负", "plan: negative count"),
    (
        "plan_no_survey",
        "方案：无调查的单位保持不变",
        "plan: units without survey kept",
    ),
    (
        "plan_overloaded_donor",
        "方案：超饱和单位减编",
        "plan: overloaded units give posts",
    ),
    (
        "plan_reserve_unknown_type",
        "方案：预留编制的类型不存在",
        "plan: reserve for an unknown type",
    ),
    ("plan_table", "方案：表格错误", "plan: table error"),
    ("plan_type_summary", "方案：分类型结果", "plan: result by type"),
    ("plan_unit_missing", "方案：缺少单位", "plan: unit missing"),
    ("plan_unknown_quota", "方案：编制类型不明", "plan: unknown quota type"),
    (
        "plan_unknown_staff",
        "方案：实有人数不明",
        "plan: staff in post unknown",
    ),
    (
        "quota_filled_down",
        "编制计入上一行的单位",
        "quotas counted to the unit above",
    ),
    ("read_by_values", "按内容识别的列", "column read by its values"),
    ("reported_high", "填报偏高", "reports high"),
    ("reported_low", "填报偏低", "reports low"),
    ("returned_twice", "重复交回", "returned twice"),
    ("returns", "调查表回收情况", "returns of the round"),
    ("roster_differs", "花名册与编制表不符", "roster differs from staffing"),
    (
        "roster_unit_not_in_year",
        "花名册单位缺少该年度记录",
        "roster unit missing from its year",
    ),
    (
        "roster_unit_unknown",
        "花名册单位不在编制表中",
        "roster unit not in staffing",
    ),
    ("scenario", "按方案测算", "a scenario"),
    ("sheet_full", "工作表已写满", "sheet full to its last row"),
    ("sheets_not_read", "未读取的工作表", "sheets not read"),
    ("skipped_files", "跳过的文件", "files skipped"),
    ("standard_far_off", "标准用时可能有误", "standard time far off"),
    (
        "standards_district_factors",
        "工作标准按全区标准工时",
        "standards at district-wide working time",
    ),
    (
        "standards_incomplete",
        "工作标准与业务量缺一",
        "standards without volumes or the reverse",
    ),
    (
        "survey_in_place_of_standards",
        "以调查代替标准",
        "survey in place of standards",
    ),
    (
        "survey_unit_unknown",
        "调查单位不在编制表中",
        "survey unit not in staffing",
    ),
    ("tasks_unmatched", "调查事项未对应", "survey tasks not matched"),
    (
        "time_above_standard",
        "每次用时远高于全区中位数",
        "time far above the district's median",
    ),
    ("time_in_days", "用时以天计", "time given in days"),
    ("too_large", "文件过大", "file too large"),
    ("total_disagrees", "合计不符", "total disagrees"),
    ("unit_alias", "单位名称手动对应", "unit matched by hand"),
    ("unit_filled_down", "单位名称沿用上一行", "unit name carried down"),
    ("unit_not_in_year", "单位缺少本年度记录", "unit missing from the year"),
    ("unit_not_surveyed", "单位未参加调查", "unit not surveyed"),
    ("unknown_actual", "实有人数未知", "staff in post unknown"),
    ("unknown_approved", "核定编制数未知", "approved quota unknown"),
    ("unknown_quota_type", "编制类型不明", "unknown quota type"),
    ("unknown_workload", "工作量未知", "workload unknown"),
    ("unreadable", "文件无法读取", "unreadable file"),
    ("unreadable_sheet", "工作表无法读取", "unreadable sheet"),
    ("volumes_partial", "业务量覆盖不全", "volumes cover part of the work"),
    (
        "volumes_unit_unknown",
        "业务量单位不在编制表中",
        "volumes unit not in staffing",
    ),
    ("volumes_year", "业务量年度", "volumes year"),
];

/// The words for the kind of finding `code`; the code itself when it has none.
pub fn kind_label(code: &str, lang: Lang) -> &str {
    KINDS
        .binary_search_by(|(c, _, _)| (*c).cmp(code))
        .map_or(code, |i| lang.pick(KINDS[i].1, KINDS[i].2))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_are_sorted_unique_and_labelled() {
        assert!(
            KINDS.windows(2).all(|w| w[0].0 < w[1].0),
            "sorted by code, no code twice"
        );
        assert_eq!(kind_label("over_hours", Lang::Zh), "个人工时超过上限");
        assert_eq!(kind_label("made_up", Lang::Zh), "made_up");
    }

    /// Every code a finding is made with in the sources has words.
    #[test]
    fn every_finding_code_in_the_sources_has_words() {
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut missing = Vec::new();
        let mut stack = vec![src];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                } else if path.extension().is_some_and(|e| e == "rs") && !path.ends_with("findings/kinds.rs") {
                    let text = std::fs::read_to_string(&path).unwrap();
                    for code in codes_made(&text) {
                        if kind_label(&code, Lang::En) == code {
                            missing.push(format!("{code} ({})", path.display()));
                        }
                    }
                }
            }
        }
        assert!(missing.is_empty(), "codes without words: {missing:?}");
    }

    /// The codes of `Finding::warning("code", …)` and the like in a source file.
    fn codes_made(text: &str) -> Vec<String> {
        let mut codes = Vec::new();
        for start in ["Finding::warning(", "Finding::error(", "Finding::info("] {
            for part in text.split(start).skip(1) {
                let part = part.trim_start();
                if let Some(rest) = part.strip_prefix('"')
                    && let Some(end) = rest.find('"')
                {
                    codes.push(rest[..end].to_owned());
                }
            }
        }
        codes
    }
}
