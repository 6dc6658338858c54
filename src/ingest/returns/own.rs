//! Satlas' own reports written into a folder of returns (`--out` there): recognised and left
//! out, for a report's tables would count the survey's rows again.

use crate::findings::{Finding, Location};
use crate::model::{Lang, Sheet};
use std::collections::HashSet;

/// The code of the findings that say so.
pub(super) const CODE: &str = "own_report";

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
            [Sheet::Parameters, Sheet::Receipt]
                .iter()
                .all(|t| labels.contains(&format!("{s}_{}.{ext}", t.code())))
        })
    }
}

/// Whether a workbook with `sheets` is a Satlas report: it has the parameters' and the
/// receipt's sheets, named in one language.
pub(super) fn is_report_workbook(sheets: &[String]) -> bool {
    [Lang::Zh, Lang::En].iter().any(|&lang| {
        [Sheet::Parameters, Sheet::Receipt]
            .iter()
            .all(|t| sheets.iter().any(|s| s == t.label(lang)))
    })
}

/// A workbook that is a Satlas report.
pub(super) fn workbook_skipped(label: &str) -> Finding {
    Finding::warning(
        CODE,
        Location::file(label),
        "这是 Satlas 输出的报告，不是交回的调查表，已跳过。",
        "This is a report of Satlas', no returned survey: skipped.",
    )
}

/// Satlas' own reports in the folder: not read (a report's tables would count its rows again).
pub(super) fn files_skipped(here: &Location, names: &str, n: usize) -> Finding {
    Finding::warning(
        CODE,
        here.clone(),
        format!("文件夹中有 Satlas 输出的报告文件 {n} 个，不是交回的调查表，已跳过：{names}"),
        format!("The folder holds {n} files of Satlas' own reports, which are no returned survey: skipped: {names}"),
    )
}
