//! Satlas' own reports written into a folder of returns (`--out` there): recognised and left
//! out, for a report's tables would count the survey's rows again.

use crate::findings::{Finding, Location};
use crate::model::{Lang, Sheet};
use std::collections::HashSet;

/// The code of the findings that say so (written out in each, where the test of every code's
/// words finds it).
pub(super) const CODE: &str = "own_report";

/// The tables every report has, and no survey: what tells a report apart.
const REPORT_MARKS: [Sheet; 2] = [Sheet::Parameters, Sheet::Receipt];

/// Whether a file is one of Satlas' own csv or parquet reports (written with `--out` into the
/// folder): such a report is a family of files side by side, `S.csv`, `S_parameters.csv`,
/// `S_receipt.csv` and a file per other table; no return is named like that.
pub(super) fn family(labels: Vec<String>) -> impl Fn(&str) -> bool {
    let labels: HashSet<String> = labels.into_iter().collect();
    move |label: &str| {
        let Some((stem, ext)) = label.rsplit_once('.') else {
            return false;
        };
        if !matches!(ext.to_lowercase().as_str(), "csv" | "parquet") {
            return false;
        }
        // The report's stem: the file's own (its first table), or the file's less a table's key.
        let keyed = Sheet::ALL
            .iter()
            .filter_map(|s| stem.strip_suffix(s.code())?.strip_suffix('_'));
        std::iter::once(stem).chain(keyed).any(|s| {
            REPORT_MARKS
                .iter()
                .all(|t| labels.contains(&format!("{s}_{}.{ext}", t.code())))
        })
    }
}

/// Whether a workbook with `sheets` is a Satlas report: it has the parameters' and the
/// receipt's sheets, named in one language.
pub(super) fn is_report_workbook(sheets: &[String]) -> bool {
    [Lang::Zh, Lang::En]
        .iter()
        .any(|&lang| REPORT_MARKS.iter().all(|t| sheets.iter().any(|s| s == t.label(lang))))
}

/// A workbook that is a Satlas report.
pub(super) fn workbook_skipped(label: &str) -> Finding {
    Finding::warning(
        "own_report",
        Location::file(label),
        "这是 Satlas 输出的报告，不是交回的调查表，已跳过。",
        "This is a report of Satlas', no returned survey: skipped.",
    )
}

/// Satlas' own reports in the folder: not read (a report's tables would count its rows again).
pub(super) fn files_skipped(here: &Location, [zh, en]: &[String; 2], n: usize) -> Finding {
    Finding::warning(
        "own_report",
        here.clone(),
        format!("文件夹中有 Satlas 输出的报告文件 {n} 个，不是交回的调查表，已跳过：{zh}"),
        format!("The folder holds {n} files of Satlas' own reports, which are no returned survey: skipped: {en}"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_report_is_a_family_of_files_side_by_side() {
        let labels = |names: &[&str]| names.iter().map(|n| n.to_string()).collect::<Vec<_>>();
        let report = family(labels(&[
            "汇总 报告.csv",
            "汇总 报告_parameters.csv",
            "汇总 报告_receipt.csv",
            "汇总 报告_plan_summary.csv",
            "东城_parameters.csv",
            "东城.csv",
            "sub/西城.parquet",
            "西城_parameters.parquet",
            "西城_receipt.parquet",
            "南湖.xlsx",
        ]));
        for name in [
            "汇总 报告.csv",
            "汇总 报告_parameters.csv",
            "汇总 报告_plan_summary.csv",
        ] {
            assert!(report(name), "{name}");
        }
        // One companion alone, or the companions in another folder: a return like any other.
        for name in ["东城.csv", "东城_parameters.csv", "sub/西城.parquet", "南湖.xlsx"] {
            assert!(!report(name), "{name}");
        }
    }

    #[test]
    fn a_report_workbook_has_both_sheets_in_one_language() {
        let sheets = |names: &[&str]| names.iter().map(|n| n.to_string()).collect::<Vec<_>>();
        assert!(is_report_workbook(&sheets(&["单位", "读取说明", "参数"])));
        assert!(is_report_workbook(&sheets(&[
            "Units",
            "How files were read",
            "Parameters"
        ])));
        assert!(!is_report_workbook(&sheets(&["工作量调查表", "参数"])));
        assert!(!is_report_workbook(&sheets(&["读取说明", "Parameters"])));
    }
}
