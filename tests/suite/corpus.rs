//! The corpus of broken and hostile input files (tests/corpus, listed in its README): for each
//! file, the outcome it must produce, with the message asserted in both languages and the
//! place it names. Huge cases (a zip bomb, a sheet 16,384 columns wide, a 1 MB cell) are built
//! here at run time rather than stored.

// A refused file carries its finding by value, as the library returns it.
#![allow(clippy::result_large_err)]

use crate::common;

use common::{V, workdir, xlsx};
use polars::prelude::*;
use satlas::analysis::{SourceNames, analyze_frames};
use satlas::ingest::{LoadOptions, Loaded, TableKind, load, load_bytes};
use satlas::model::{Params, col};
use satlas::{Finding, Lang, Severity};
use std::io::Write;
use std::path::{Path, PathBuf};

/// A finding a read file must carry: its code, and where given its row, the letter its
/// column starts with, and words of its Chinese message.
#[derive(Clone, Copy)]
struct Want {
    code: &'static str,
    row: Option<u32>,
    column: Option<&'static str>,
    zh: &'static str,
}

const fn want(code: &'static str, row: u32, column: &'static str, zh: &'static str) -> Want {
    Want {
        code,
        row: Some(row),
        column: Some(column),
        zh,
    }
}

const fn anywhere(code: &'static str) -> Want {
    Want {
        code,
        row: None,
        column: None,
        zh: "",
    }
}

enum Expect {
    /// Refused: the finding's code, words of both messages, and the sheet and row it names.
    Refused {
        code: &'static str,
        zh: &'static [&'static str],
        en: &'static [&'static str],
        sheet: Option<&'static str>,
        row: Option<u32>,
    },
    /// Read: how many records, the encoding (csv), the findings of the reader, the codes the
    /// analysis adds, and the distinct unit names (empty: not checked).
    Read {
        rows: usize,
        encoding: Option<&'static str>,
        findings: Vec<Want>,
        analysis: &'static [&'static str],
        units: &'static [&'static str],
        approved_total: Option<i64>,
    },
}

struct Case {
    file: &'static str,
    kind: TableKind,
    expect: Expect,
}

const fn refused(
    file: &'static str,
    code: &'static str,
    zh: &'static [&'static str],
    en: &'static [&'static str],
) -> Case {
    Case {
        file,
        kind: TableKind::Staffing,
        expect: Expect::Refused {
            code,
            zh,
            en,
            sheet: None,
            row: None,
        },
    }
}

fn read(file: &'static str, rows: usize, findings: Vec<Want>) -> Case {
    Case {
        file,
        kind: TableKind::Staffing,
        expect: Expect::Read {
            rows,
            encoding: None,
            findings,
            analysis: &[],
            units: &[],
            approved_total: None,
        },
    }
}

const EMPTY_ZH: &[&str] = &["文件是空的"];
const EMPTY_EN: &[&str] = &["empty"];

fn cases() -> Vec<Case> {
    use Expect::*;
    vec![
        refused("empty.xlsx", "unreadable", EMPTY_ZH, EMPTY_EN),
        refused("blank_lines.csv", "unreadable", EMPTY_ZH, EMPTY_EN),
        refused("bom_only.csv", "unreadable", EMPTY_ZH, EMPTY_EN),
        refused(
            "zero_bytes.xlsx",
            "all_zero",
            &["全是空字节", "原文件"],
            &["zero bytes", "original"],
        ),
        refused(
            "truncated.xlsx",
            "unreadable",
            &["工作簿已损坏或不完整"],
            &["damaged or incomplete"],
        ),
        refused(
            "not_a_workbook.xlsx",
            "unreadable",
            &["zip 压缩包", "不是 Excel/WPS 工作簿"],
            &["zip archive", "not an Excel/WPS workbook"],
        ),
        refused(
            "password.xlsx",
            "password_protected",
            &["密码", "取消密码"],
            &["password-protected", "remove the password"],
        ),
        refused(
            "truncated.xls",
            "unreadable",
            &["Excel 97-2003（xls）", "损坏或不完整"],
            &["Excel 97-2003 (xls)", "damaged or incomplete"],
        ),
        refused(
            "truncated.ods",
            "unreadable",
            &["ODS 表格文件", "损坏或不完整"],
            &["ODS spreadsheet", "damaged or incomplete"],
        ),
        refused("junk.csv", "unreadable", &["文件不是表格"], &["not a spreadsheet"]),
        refused(
            "web_export.xls",
            "markup_not_table",
            &["网页（HTML）", ".xls", "另存为 .xlsx"],
            &["web page (HTML)", ".xls", "save it as .xlsx"],
        ),
        refused(
            "spreadsheetml_2003.xls",
            "markup_not_table",
            &["Excel 2003 XML", "另存为 .xlsx"],
            &["Excel 2003 XML", "save it as .xlsx"],
        ),
        refused(
            "no_header.csv",
            "no_header",
            &["找不到编制情况表的表头", "前 40 行"],
            &["No header", "first 40 rows"],
        ),
        refused(
            "header_below_row_40.csv",
            "no_header",
            &["前 40 行"],
            &["first 40 rows"],
        ),
        Case {
            file: "header_only.csv",
            kind: TableKind::Staffing,
            expect: Refused {
                code: "no_rows",
                zh: &["表头下面没有数据行"],
                en: &["no data rows below the header"],
                sheet: None,
                row: Some(1),
            },
        },
        Case {
            file: "total_only.csv",
            kind: TableKind::Staffing,
            expect: Refused {
                code: "no_rows",
                zh: &["没有数据行"],
                en: &["no data rows"],
                sheet: None,
                row: Some(1),
            },
        },
        Case {
            file: "no_unit_column.csv",
            kind: TableKind::Staffing,
            expect: Refused {
                code: "missing_column",
                zh: &["找不到单位名称列", "核定编制数", "--map"],
                en: &["no unit-name column", "--map"],
                sheet: None,
                row: Some(1),
            },
        },
        Case {
            file: "unclosed_quote.csv",
            kind: TableKind::Staffing,
            expect: Refused {
                code: "bad_csv",
                zh: &["引号没有闭合"],
                en: &["never closed"],
                sheet: None,
                row: Some(2),
            },
        },
        Case {
            file: "far_cell.xlsx",
            kind: TableKind::Staffing,
            expect: Refused {
                code: "too_large",
                zh: &["A1:XFD1048576", "2000 万", "删除多余的行和列"],
                en: &["A1:XFD1048576", "20 million", "delete the extra rows and columns"],
                sheet: Some("编制"),
                row: None,
            },
        },
        Case {
            file: "huge_dimension.xls",
            kind: TableKind::Staffing,
            expect: Refused {
                code: "too_large",
                zh: &["A1:F4294967295", "删除多余的行和列"],
                en: &["A1:F4294967295", "delete the extra rows and columns"],
                sheet: Some("编制统计"),
                row: None,
            },
        },
        Case {
            file: "far_cell.xls",
            kind: TableKind::Staffing,
            expect: Refused {
                code: "too_large",
                zh: &["A1:IV65536", "IV65536"],
                en: &["A1:IV65536", "IV65536"],
                sheet: Some("编制统计"),
                row: None,
            },
        },
        Case {
            file: "repeated_cells.ods",
            kind: TableKind::Staffing,
            expect: Refused {
                code: "too_large",
                zh: &["A1:CV990002"],
                en: &["A1:CV990002"],
                sheet: Some("编制"),
                row: None,
            },
        },
        Case {
            file: "far_cell.ods",
            kind: TableKind::Staffing,
            expect: Refused {
                code: "too_large",
                zh: &["A1:XFD1048003"],
                en: &["A1:XFD1048003"],
                sheet: Some("编制"),
                row: None,
            },
        },
        Case {
            file: "looping_chain.xls",
            kind: TableKind::Staffing,
            expect: Refused {
                code: "unreadable",
                zh: &["xls", "已损坏或不完整"],
                en: &["xls", "damaged or incomplete"],
                sheet: None,
                row: None,
            },
        },
        // Found by the workbook fuzzer: a cell reference whose column overflows. Where
        // arithmetic overflow is checked (debug builds, as the tests run) the xlsx reader
        // panics and the panic becomes a finding; in release builds it wraps and the sheet is
        // refused.
        Case {
            file: "overflowing_reference.xlsx",
            kind: TableKind::Staffing,
            expect: Refused {
                code: if cfg!(debug_assertions) {
                    "unreadable"
                } else {
                    "unreadable_sheet"
                },
                zh: &["无法读取"],
                en: &["cannot be read"],
                sheet: if cfg!(debug_assertions) {
                    None
                } else {
                    Some("花名册")
                },
                row: None,
            },
        },
        Case {
            file: "sheet_past_end.xls",
            kind: TableKind::Staffing,
            expect: Refused {
                code: "unreadable",
                zh: &["xls", "已损坏或不完整", "past the end"],
                en: &["xls", "damaged or incomplete", "past the end"],
                sheet: None,
                row: None,
            },
        },
        Case {
            file: "short_record.xls",
            kind: TableKind::Staffing,
            expect: Refused {
                code: "unreadable",
                zh: &["无法读取", "可能已损坏"],
                en: &["cannot be read", "may be damaged"],
                sheet: None,
                row: None,
            },
        },
        Case {
            file: "instructions_only.xlsx",
            kind: TableKind::Staffing,
            expect: Refused {
                code: "no_header",
                zh: &["找不到"],
                en: &["No header"],
                sheet: Some("填表说明"),
                row: None,
            },
        },
        Case {
            file: "excel_errors.xlsx",
            kind: TableKind::Staffing,
            expect: Read {
                rows: 3,
                encoding: None,
                findings: vec![
                    want("excel_error", 2, "B", "#DIV/0!"),
                    want("excel_error", 3, "C", "#REF!"),
                    want("excel_error", 4, "B", "#N/A"),
                ],
                analysis: &[],
                units: &["区财政局", "区统计局", "区档案馆"],
                approved_total: Some(9),
            },
        },
        read(
            "dates_and_text.xlsx",
            2,
            vec![
                want("date_in_number", 2, "B", "日期"),
                want("not_a_number", 3, "C", "九人"),
            ],
        ),
        Case {
            file: "duplicate_units.csv",
            kind: TableKind::Staffing,
            expect: Read {
                rows: 5,
                encoding: Some("UTF-8"),
                findings: vec![],
                analysis: &["duplicate_unit"],
                units: &["区财政局", "ABC中心"],
                approved_total: Some(23),
            },
        },
        read(
            "negative.csv",
            2,
            vec![want("negative", 2, "B", "负数"), want("negative", 3, "C", "负数")],
        ),
        Case {
            file: "repeated_header.csv",
            kind: TableKind::Staffing,
            expect: Read {
                rows: 2,
                encoding: None,
                findings: vec![Want {
                    code: "repeated_header",
                    row: Some(3),
                    column: None,
                    zh: "重复出现的表头行",
                }],
                analysis: &[],
                units: &["区财政局", "区统计局"],
                approved_total: Some(21),
            },
        },
        Case {
            // 12 merged over the 行政 and 事业 rows counts once; the merged department fills both.
            file: "merged_data.xlsx",
            kind: TableKind::Staffing,
            expect: Read {
                rows: 3,
                encoding: None,
                findings: vec![want("merged_number", 3, "D", "合并单元格")],
                analysis: &[],
                units: &["区财政局", "区档案馆"],
                approved_total: Some(18),
            },
        },
        Case {
            file: "gbk_with_utf8_bom.csv",
            kind: TableKind::Staffing,
            expect: Read {
                rows: 3,
                encoding: Some("GBK"),
                findings: vec![],
                analysis: &[],
                units: &["区财政局", "区统计局", "区档案馆"],
                approved_total: Some(27),
            },
        },
        Case {
            file: "gbk_named_utf8.csv",
            kind: TableKind::Staffing,
            expect: Read {
                rows: 3,
                encoding: Some("GBK"),
                findings: vec![],
                analysis: &[],
                units: &["区财政局", "区统计局", "区档案馆"],
                approved_total: Some(27),
            },
        },
        Case {
            file: "ragged.csv",
            kind: TableKind::Staffing,
            expect: Read {
                rows: 4,
                encoding: Some("UTF-8"),
                findings: vec![],
                analysis: &[],
                units: &["区财政局", "区统计局", "区档案馆", "区水务局"],
                approved_total: Some(26),
            },
        },
        Case {
            file: "staffing.ods",
            kind: TableKind::Staffing,
            expect: Read {
                rows: 2,
                encoding: None,
                findings: vec![anywhere("header_found")],
                analysis: &[],
                units: &["区水务局", "区林业局"],
                approved_total: Some(23),
            },
        },
        Case {
            file: "utf16le_bom.csv",
            kind: TableKind::Staffing,
            expect: Read {
                rows: 2,
                encoding: Some("UTF-16LE"),
                findings: vec![],
                analysis: &[],
                units: &["区财政局", "区统计局"],
                approved_total: Some(21),
            },
        },
        Case {
            file: "utf16le_no_bom.csv",
            kind: TableKind::Staffing,
            expect: Read {
                rows: 2,
                encoding: Some("UTF-16LE"),
                findings: vec![],
                analysis: &[],
                units: &["区财政局", "区统计局"],
                approved_total: Some(21),
            },
        },
        Case {
            file: "utf16be_bom.csv",
            kind: TableKind::Staffing,
            expect: Read {
                rows: 2,
                encoding: Some("UTF-16BE"),
                findings: vec![],
                analysis: &[],
                units: &["区财政局", "区统计局"],
                approved_total: Some(21),
            },
        },
        read("huge_dimension.xlsx", 1, vec![]),
        Case {
            // Formula-like names are data, kept as typed (and never evaluated).
            file: "formula_text.csv",
            kind: TableKind::Staffing,
            expect: Read {
                rows: 3,
                encoding: None,
                findings: vec![],
                analysis: &[],
                units: &[
                    "=HYPERLINK(\"http://example.invalid\",\"点击\")",
                    "+区统计局",
                    "@SUM(A1)",
                ],
                approved_total: Some(13),
            },
        },
        Case {
            file: "newline_in_name.csv",
            kind: TableKind::Staffing,
            expect: Read {
                rows: 1,
                encoding: None,
                findings: vec![],
                analysis: &[],
                units: &["区财政局国库支付中心"],
                approved_total: Some(12),
            },
        },
        Case {
            file: "survey_bad_numbers.csv",
            kind: TableKind::Survey,
            expect: Read {
                rows: 3,
                encoding: None,
                findings: vec![
                    want("not_a_number", 2, "D", "三次"),
                    want("negative", 3, "E", "负数"),
                    want("not_a_number", 4, "E", "#VALUE!"),
                ],
                analysis: &[],
                units: &["区财政局"],
                approved_total: None,
            },
        },
    ]
}

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus")
}

/// Every message is one readable sentence per language, and names the file.
fn check_message(f: &Finding, file: &str) -> Vec<String> {
    let mut bad = Vec::new();
    if f.location.file != file {
        bad.push(format!("location names {:?}, not {file}", f.location.file));
    }
    if !f.zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)) {
        bad.push(format!("Chinese message has no Chinese: {}", f.zh));
    }
    if f.en.is_empty() {
        bad.push("English message is empty".to_owned());
    }
    // Chinese in the English message only where it quotes the file (a name, a cell).
    if unquoted(&f.en).chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)) {
        bad.push(format!("English message has Chinese outside quotes: {}", f.en));
    }
    for (lang, text) in [("zh", &f.zh), ("en", &f.en)] {
        if text.chars().count() > 400 {
            bad.push(format!("{lang} message is {} characters long", text.chars().count()));
        }
    }
    bad
}

/// A message without what it quotes: text between quote marks or brackets, and file names.
fn unquoted(text: &str) -> String {
    let mut out = String::new();
    let mut closing: Option<char> = None;
    let mut prev = ' ';
    for c in text.chars() {
        let after_word = prev.is_alphanumeric();
        prev = c;
        match closing {
            Some(end) if c == end => closing = None,
            Some(_) => {}
            // An apostrophe inside a word ("file's") opens no quote.
            None => match c {
                '\'' if !after_word => closing = Some('\''),
                '"' => closing = Some('"'),
                '“' => closing = Some('”'),
                '(' => closing = Some(')'),
                _ => out.push(c),
            },
        }
    }
    // File names are named as they are ("编制表.csv, sheet ...").
    out.split_whitespace()
        .filter(|w| !w.contains('.'))
        .collect::<Vec<_>>()
        .join(" ")
}

fn approved_total(l: &Loaded) -> Option<i64> {
    l.frame.column(col::APPROVED).ok()?.i64().ok()?.sum()
}

fn units(l: &Loaded) -> Vec<String> {
    let mut seen: Vec<String> = Vec::new();
    let c = l.frame.column(col::UNIT).unwrap().str().unwrap().clone();
    for u in c.iter().flatten() {
        if !seen.iter().any(|s| s == u) {
            seen.push(u.to_owned());
        }
    }
    seen
}

fn check(case: &Case) -> Vec<String> {
    let path = corpus_dir().join(case.file);
    let outcome = std::panic::catch_unwind(|| load(&path, case.kind, &LoadOptions::default()));
    let Ok(outcome) = outcome else {
        return vec!["the reader panicked".into()];
    };
    let mut bad = Vec::new();
    match (&case.expect, outcome) {
        (
            Expect::Refused {
                code,
                zh,
                en,
                sheet,
                row,
            },
            Err(e),
        ) => {
            let f = &e.0;
            bad.extend(check_message(f, case.file));
            if f.severity != Severity::Error {
                bad.push(format!("severity {:?}", f.severity));
            }
            if f.code != *code {
                bad.push(format!("code {} (want {code}): {}", f.code, f.line(Lang::En)));
            }
            for w in *zh {
                if !f.zh.contains(w) {
                    bad.push(format!("zh lacks “{w}”: {}", f.zh));
                }
            }
            for w in *en {
                if !f.en.contains(w) {
                    bad.push(format!("en lacks '{w}': {}", f.en));
                }
            }
            if f.location.sheet.as_deref() != *sheet {
                bad.push(format!("sheet {:?} (want {sheet:?})", f.location.sheet));
            }
            if f.location.row != *row {
                bad.push(format!("row {:?} (want {row:?})", f.location.row));
            }
        }
        (Expect::Refused { code, .. }, Ok(l)) => {
            bad.push(format!("read {} rows, want refusal {code}", l.frame.height()));
        }
        (Expect::Read { .. }, Err(e)) => bad.push(format!("refused: {}", e.0.line(Lang::En))),
        (
            Expect::Read {
                rows,
                encoding,
                findings,
                analysis,
                units: want_units,
                approved_total: want_total,
            },
            Ok(l),
        ) => {
            if l.frame.height() != *rows {
                bad.push(format!("{} rows (want {rows})", l.frame.height()));
            }
            if encoding.is_some() && l.encoding != *encoding {
                bad.push(format!("encoding {:?} (want {encoding:?})", l.encoding));
            }
            for f in &l.findings {
                bad.extend(check_message(f, case.file));
            }
            for w in findings.iter() {
                let found = l.findings.iter().any(|f| {
                    f.code == w.code
                        && (w.row.is_none() || f.location.row == w.row)
                        && w.column
                            .is_none_or(|c| f.location.column.as_deref().is_some_and(|fc| fc.starts_with(c)))
                        && f.zh.contains(w.zh)
                });
                if !found {
                    let had: Vec<String> = l.findings.iter().map(|f| f.line(Lang::Zh)).collect();
                    bad.push(format!(
                        "no {} at row {:?} column {:?} with “{}”; had {had:#?}",
                        w.code, w.row, w.column, w.zh
                    ));
                }
            }
            if !want_units.is_empty() && units(&l) != *want_units {
                bad.push(format!("units {:?} (want {want_units:?})", units(&l)));
            }
            if want_total.is_some() && approved_total(&l) != *want_total {
                bad.push(format!("approved total {:?} (want {want_total:?})", approved_total(&l)));
            }
            if !analysis.is_empty() {
                let names = SourceNames {
                    staffing: l.file.clone(),
                    ..SourceNames::default()
                };
                match analyze_frames(&l.frame, None, None, &Params::default(), &names) {
                    Ok(a) => {
                        for code in *analysis {
                            if !a.findings.iter().any(|f| f.code == *code) {
                                bad.push(format!("the analysis gave no {code}"));
                            }
                        }
                    }
                    Err(e) => bad.push(format!("analysis failed: {e}")),
                }
            }
        }
    }
    bad
}

#[test]
fn every_corpus_file_gives_its_outcome() {
    let cases = cases();
    let mut failures = Vec::new();
    for case in &cases {
        for problem in check(case) {
            failures.push(format!("{}: {problem}", case.file));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Every file in the folder has a case and a README line, and there are at least 30.
#[test]
fn corpus_is_listed_and_complete() {
    let cases = cases();
    let readme = std::fs::read_to_string(corpus_dir().join("README.md")).unwrap();
    let mut files: Vec<String> = std::fs::read_dir(corpus_dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "README.md" && n != "make_corpus.py")
        .collect();
    files.sort();
    let mut missing = Vec::new();
    for f in &files {
        if !cases.iter().any(|c| c.file == f) {
            missing.push(format!("{f} has no case"));
        }
        if !readme.contains(&format!("`{f}`")) {
            missing.push(format!("{f} is not in README.md"));
        }
    }
    for c in &cases {
        if !files.iter().any(|f| f == c.file) {
            missing.push(format!("case {} has no file", c.file));
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
    assert!(cases.len() + generated_cases() >= 30, "{} cases", cases.len());
    let size: u64 = files
        .iter()
        .map(|f| std::fs::metadata(corpus_dir().join(f)).unwrap().len())
        .sum();
    assert!(size < 2 << 20, "the corpus is {size} bytes");
}

/// The cases built at run time below.
fn generated_cases() -> usize {
    5
}

// ---- built at run time ---------------------------------------------------------------------

const WORKBOOK: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="编制" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
const WORKBOOK_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#;
const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#;
const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
const SHEET_START: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>单位名称</t></is></c><c r="B1" t="inlineStr"><is><t>核定编制数</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>区财政局</t></is></c><c r="B2"><v>12</v></c></row></sheetData></worksheet>"#;

/// A zip entry written by hand: (name, deflated bytes, crc32, declared uncompressed size).
struct RawEntry {
    name: &'static str,
    data: Vec<u8>,
    crc: u32,
    size: u32,
}

fn deflated(name: &'static str, bytes: &[u8]) -> RawEntry {
    let mut enc = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::best());
    enc.write_all(bytes).unwrap();
    RawEntry {
        name,
        data: enc.finish().unwrap(),
        crc: crc32fast::hash(bytes),
        size: bytes.len() as u32,
    }
}

/// A zip archive of deflated entries, local headers and central directory written by hand so
/// that sizes can be stated as they are, or as a hostile file states them.
fn raw_zip(entries: &[RawEntry]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for e in entries {
        let offset = out.len() as u32;
        let name = e.name.as_bytes();
        let fixed = |sig: u32, central: bool| {
            let mut h = Vec::new();
            h.extend_from_slice(&sig.to_le_bytes());
            if central {
                h.extend_from_slice(&20u16.to_le_bytes());
            }
            h.extend_from_slice(&20u16.to_le_bytes()); // version needed
            h.extend_from_slice(&0x0800u16.to_le_bytes()); // UTF-8 names
            h.extend_from_slice(&8u16.to_le_bytes()); // deflate
            h.extend_from_slice(&[0, 0, 0x21, 0]); // time, date
            h.extend_from_slice(&e.crc.to_le_bytes());
            h.extend_from_slice(&(e.data.len() as u32).to_le_bytes());
            h.extend_from_slice(&e.size.to_le_bytes());
            h.extend_from_slice(&(name.len() as u16).to_le_bytes());
            h.extend_from_slice(&0u16.to_le_bytes()); // extra
            if central {
                h.extend_from_slice(&[0; 6]); // comment length, disk, internal attributes
                h.extend_from_slice(&0u32.to_le_bytes());
                h.extend_from_slice(&offset.to_le_bytes());
            }
            h.extend_from_slice(name);
            h
        };
        out.extend(fixed(0x0403_4b50, false));
        out.extend_from_slice(&e.data);
        central.extend(fixed(0x0201_4b50, true));
    }
    let cd_offset = out.len() as u32;
    out.extend_from_slice(&central);
    out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    out.extend_from_slice(&[0; 4]);
    out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
    out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
    out.extend_from_slice(&(central.len() as u32).to_le_bytes());
    out.extend_from_slice(&cd_offset.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out
}

/// `chunks` MiB of spaces as one deflate stream: a 1 MiB block repeated (it refers only to
/// spaces, so the copies stay valid), so building a bomb costs milliseconds, not inflating it.
fn spaces_bomb(chunks: u32) -> (Vec<u8>, u32, u64) {
    let chunk = vec![b' '; 1 << 20];
    let mut enc = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::best());
    enc.write_all(&chunk).unwrap();
    enc.flush().unwrap(); // sync flush: byte-aligned, not final
    let block = enc.get_ref().clone();
    let mut data = Vec::with_capacity(block.len() * chunks as usize + 2);
    let mut crc = crc32fast::Hasher::new();
    for _ in 0..chunks {
        data.extend_from_slice(&block);
        crc.update(&chunk);
    }
    data.extend_from_slice(&[0x03, 0x00]); // a final, empty fixed-Huffman block
    (data, crc.finalize(), chunks as u64 * (1 << 20))
}

fn bomb_workbook(sheet: RawEntry) -> Vec<u8> {
    raw_zip(&[
        deflated("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        deflated("_rels/.rels", ROOT_RELS.as_bytes()),
        deflated("xl/workbook.xml", WORKBOOK.as_bytes()),
        deflated("xl/_rels/workbook.xml.rels", WORKBOOK_RELS.as_bytes()),
        sheet,
    ])
}

#[test]
fn a_zip_bomb_is_refused_before_inflating() {
    // 3 GiB of spaces after the sheet's XML, in about 3 MB: refused from the sizes the archive
    // declares, before anything is inflated.
    let (data, crc, size) = spaces_bomb(3 * 1024);
    let zip = bomb_workbook(RawEntry {
        name: "xl/worksheets/sheet1.xml",
        data,
        crc,
        size: size as u32,
    });
    assert!(zip.len() < 4 << 20, "{} bytes", zip.len());
    let e = load_bytes(zip, "炸弹.xlsx", TableKind::Staffing, &LoadOptions::default()).unwrap_err();
    assert_eq!(e.0.code, "too_large", "{}", e.0);
    assert!(e.0.zh.contains("压缩炸弹") && e.0.zh.contains("3072 MB"), "{}", e.0.zh);
    assert!(e.0.en.contains("zip bomb") && e.0.en.contains("1024 MB"), "{}", e.0.en);
    assert_eq!(e.0.location.file, "炸弹.xlsx");
}

#[test]
fn a_zip_bomb_that_understates_its_size_is_cut_off() {
    // The same 3 GiB, declared as 4 KB: the zip reader stops at the declared size, so reading
    // inflates no more than 4 KB of it and fails on the damaged entry.
    let (data, crc, _) = spaces_bomb(3 * 1024);
    let zip = bomb_workbook(RawEntry {
        name: "xl/worksheets/sheet1.xml",
        data,
        crc,
        size: 4096,
    });
    let e = load_bytes(zip, "炸弹.xlsx", TableKind::Staffing, &LoadOptions::default()).unwrap_err();
    assert!(
        e.0.code == "unreadable_sheet" || e.0.code == "unreadable",
        "{}",
        e.0.line(Lang::En)
    );
    assert!(e.0.zh.contains("无法读取") || e.0.zh.contains("无法打开"), "{}", e.0.zh);

    // A well-formed hand-made workbook reads, so the refusals above are about the bomb.
    let ok = bomb_workbook(deflated("xl/worksheets/sheet1.xml", SHEET_START.as_bytes()));
    let l = load_bytes(ok, "正常.xlsx", TableKind::Staffing, &LoadOptions::default()).unwrap();
    assert_eq!(l.frame.height(), 1);
}

#[test]
fn a_sheet_16384_columns_wide_is_read() {
    let d = workdir();
    let path = d.path().join("宽表.xlsx");
    let fillers: Vec<String> = (3..16_384).map(|i| format!("备注{i}")).collect();
    let mut header = vec![V::T("单位名称"), V::T("核定编制数"), V::T("实有人数")];
    header.extend(fillers.iter().map(|f| V::T(f)));
    let mut row = vec![V::T("区财政局"), V::N(12.0), V::N(11.0)];
    row.extend((3..16_384).map(|i| V::N(i as f64)));
    xlsx(&path, "编制", &[header, row.clone(), row], &[]);
    let l = load(&path, TableKind::Staffing, &LoadOptions::default()).unwrap();
    assert_eq!(l.frame.height(), 2);
    assert_eq!(l.columns.len(), 16_384);
    assert_eq!(l.columns[16_383].letter, "XFD");
}

#[test]
fn a_cell_of_one_megabyte_is_cut_short_in_messages() {
    // About 1 MB of text in a number cell, and a 1 MB title row above the header: in a csv, and
    // in an xlsx written by hand (Excel itself stops at 32,767 characters, other programs do not).
    let long = "很长的说明".repeat(70_000);
    let title = "标".repeat(350_000);
    let csv = format!("{title}\n单位名称,核定编制数,实有人数\n区财政局,{long},11\n区统计局,9,9\n");
    let sheet = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>{title}</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>单位名称</t></is></c><c r="B2" t="inlineStr"><is><t>核定编制数</t></is></c><c r="C2" t="inlineStr"><is><t>实有人数</t></is></c></row><row r="3"><c r="A3" t="inlineStr"><is><t>区财政局</t></is></c><c r="B3" t="inlineStr"><is><t>{long}</t></is></c><c r="C3"><v>11</v></c></row><row r="4"><c r="A4" t="inlineStr"><is><t>区统计局</t></is></c><c r="B4"><v>9</v></c><c r="C4"><v>9</v></c></row></sheetData></worksheet>"#
    );
    let workbook = bomb_workbook(deflated("xl/worksheets/sheet1.xml", sheet.as_bytes()));
    for (name, bytes) in [("长文本.csv", csv.into_bytes()), ("长文本.xlsx", workbook)] {
        assert!(bytes.len() > 1 << 20 || name.ends_with("xlsx"));
        let l = load_bytes(bytes, name, TableKind::Staffing, &LoadOptions::default()).unwrap();
        assert_eq!(l.frame.height(), 2, "{name}");
        assert_eq!(l.header_rows, (2, 2), "{name}");
        let f = l.findings.iter().find(|f| f.code == "not_a_number").expect("finding");
        assert_eq!(f.location.row, Some(3), "{name}");
        assert_eq!(f.location.column.as_deref(), Some("B（核定编制数）"), "{name}");
        assert!(f.zh.contains("很长的说明") && f.zh.contains('…'), "{}", f.zh);
        assert!(f.zh.chars().count() < 120 && f.en.chars().count() < 160, "{}", f.en);
        // The samples the column view shows are the cell text; messages never carry it whole.
        assert!(l.findings.iter().all(|f| f.zh.len() < 1000 && f.en.len() < 1000));
    }
}

#[test]
fn the_reader_never_panics_on_cut_or_flipped_corpus_bytes() {
    // Each corpus workbook cut at many lengths, and with bytes flipped: an answer, never a panic.
    let mut n = 0;
    for name in [
        "excel_errors.xlsx",
        "merged_data.xlsx",
        "staffing.ods",
        "utf16le_bom.csv",
    ] {
        let bytes = std::fs::read(corpus_dir().join(name)).unwrap();
        for cut in (0..bytes.len()).step_by(97) {
            let _ = load_bytes(
                bytes[..cut].to_vec(),
                name,
                TableKind::Staffing,
                &LoadOptions::default(),
            );
            n += 1;
        }
        for at in (0..bytes.len()).step_by(53) {
            let mut b = bytes.clone();
            b[at] ^= 0x5A;
            let _ = load_bytes(b, name, TableKind::Staffing, &LoadOptions::default());
            n += 1;
        }
    }
    assert!(n > 100);
}

#[test]
fn formula_like_names_are_not_formulas_in_reports() {
    let l = load(
        &corpus_dir().join("formula_text.csv"),
        TableKind::Staffing,
        &LoadOptions::default(),
    )
    .unwrap();
    let a = analyze_frames(&l.frame, None, None, &Params::default(), &SourceNames::default()).unwrap();
    let d = workdir();
    let tables = [satlas::export::NamedTable {
        key: satlas::model::Sheet::Units,
        frame: &a.units,
    }];
    let csv = d.path().join("报告.csv");
    satlas::export::write_report(&csv, &tables, Lang::Zh, &[]).unwrap();
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(text.contains("'=HYPERLINK("), "{text}");
    assert!(text.contains("'+区统计局") && text.contains("'@SUM(A1)"), "{text}");
    assert!(
        !text.lines().any(|l| l.starts_with('=') || l.starts_with("\"=")),
        "{text}"
    );
    // In xlsx they are text cells, shown as typed.
    let xlsx = d.path().join("报告.xlsx");
    satlas::export::write_report(&xlsx, &tables, Lang::Zh, &[]).unwrap();
    let back = satlas::export::read_report_xlsx(&xlsx).unwrap();
    let names: Vec<String> = back[0]
        .1
        .column(col::UNIT)
        .unwrap()
        .str()
        .unwrap()
        .iter()
        .flatten()
        .map(str::to_owned)
        .collect();
    assert!(names.iter().any(|n| n.starts_with("=HYPERLINK(")), "{names:?}");
}
