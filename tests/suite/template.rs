//! Survey templates: one workbook per unit with file names every system takes, told apart;
//! the checks Excel and WPS enforce (lists, numbers, hours ≤ 24 with a prompt), the sheet
//! protected with the unit locked, the marker hidden and read back; a blank form reads as an
//! empty return; one workbook with a sheet per unit.

use crate::common;

use satlas::ingest::{LoadOptions, TableKind, load_bytes, marker};
use satlas::model::Lang;
use satlas::template::{self, TemplateOptions, TemplateUnit};
use std::io::Read;
use std::path::Path;

fn opts(lang: Lang) -> TemplateOptions {
    TemplateOptions {
        lang,
        year: 2025,
        deadline: Some("2026年1月15日".into()),
        contact: Some("编办综合科 12345678".into()),
    }
}

fn unit(name: &str, people: &[&str]) -> TemplateUnit {
    TemplateUnit {
        name: name.into(),
        people: people.iter().map(|p| p.to_string()).collect(),
        filled: Vec::new(),
    }
}

/// The text of `entry` in the xlsx at `path`.
fn part(path: &Path, entry: &str) -> String {
    let mut z = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut s = String::new();
    z.by_name(entry).unwrap().read_to_string(&mut s).unwrap();
    s
}

#[test]
fn one_workbook_per_unit_each_checked_protected_and_marked() {
    let dir = common::workdir();
    let out = dir.path().join("调查表 2025");
    let units = [
        unit("区财政局", &["张三", "李四"]),
        unit("Ab:办", &[]),
        unit("ab:办", &[]),
        unit("CON", &[]),
    ];
    let tasks = ["预算编制".to_owned(), "绩效评价".to_owned()];
    let written = template::write_per_unit(&out, &units, &tasks, &opts(Lang::Zh)).unwrap();
    let names: Vec<String> = written
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["区财政局.xlsx", "Ab_办.xlsx", "ab_办_2.xlsx", "CON_.xlsx"]);
    // Written whole: nothing else in the folder, and a second run into it is refused.
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), 4);
    assert!(template::write_per_unit(&out, &units, &tasks, &opts(Lang::Zh)).is_err());

    let first = &written[0];
    let book = part(first, "xl/workbook.xml");
    assert!(
        book.contains(r#"name="填表说明""#) && book.contains(r#"name="工作量调查表""#),
        "{book}"
    );
    assert!(
        book.contains(r#"name="_satlas" sheetId="4" state="veryHidden""#),
        "{book}"
    );
    let survey = part(first, "xl/worksheets/sheet2.xml");
    for needle in [
        r#"type="list""#,
        "<formula1>\"每日,每周,每两周,每旬,每月,每季度,每半年,每年,不定期\"</formula1>",
        r#"type="decimal" operator="greaterThanOrEqual""#,
        "<formula1>0</formula1><formula2>24</formula2>",
        r#"promptTitle="每次用时（小时）""#,
        "'_satlas_lists'!$A$1:$A$2",
        "'_satlas_lists'!$B$1:$B$2",
        r#"insertRows="0""#,
        r#"<pane ySplit="3""#,
    ] {
        assert!(survey.contains(needle), "{needle} in sheet2.xml");
    }
    assert!(
        survey.contains("<sheetProtection sheet=\"1\""),
        "the sheet is protected"
    );
    // Cells beyond the unit column take an unlocked style; the unit's cells do not.
    let styles = part(first, "xl/styles.xml");
    assert!(styles.contains(r#"<protection locked="0"/>"#));

    let bytes = std::fs::read(first).unwrap();
    let m = marker::read_bytes(bytes.clone()).expect("a marker");
    assert_eq!(m.version, marker::VERSION);
    assert_eq!(m.year, Some(2025));
    assert_eq!(m.sheets[0].unit, "区财政局");
    assert_eq!(m.sheets[0].code, marker::code("区财政局"));
    // Sent out blank, the form reads as having no rows: an empty return.
    let e = load_bytes(bytes, "区财政局.xlsx", TableKind::Survey, &LoadOptions::default()).unwrap_err();
    assert_eq!(e.0.code, "no_rows", "{}", e.0.zh);
}

#[test]
fn one_workbook_holds_a_sheet_per_unit_in_either_language() {
    let dir = common::workdir();
    let path = dir.path().join("全部单位.xlsx");
    let long = "高新技术产业开发区管理委员会经济发展和科技创新服务中心（挂牌）";
    let units = [unit("区财政局", &[]), unit(long, &[]), unit("区司法局", &["王五"])];
    template::write_one(&path, &units, &[], &opts(Lang::En)).unwrap();
    let m = marker::read_bytes(std::fs::read(&path).unwrap()).unwrap();
    let sheets: Vec<&str> = m.sheets.iter().map(|s| s.sheet.as_str()).collect();
    assert_eq!(sheets[0], "区财政局");
    assert!(
        sheets[1].encode_utf16().count() <= 31 && long.starts_with(sheets[1]),
        "{}",
        sheets[1]
    );
    assert_eq!(m.sheets[1].unit, long);
    let book = part(&path, "xl/workbook.xml");
    assert!(book.contains(r#"name="Instructions""#), "{book}");
    let survey = part(&path, "xl/worksheets/sheet2.xml");
    assert!(survey.contains("daily,weekly,fortnightly"), "English periods");
}
