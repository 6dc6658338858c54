//! Each reader against a fixture for each quirk of real office files, and a corpus of broken
//! files with the error text asserted.

use crate::common;

use common::{V, gbk, workdir, write, xlsx};
use polars::prelude::*;
use satlas::analysis::Rows;
use satlas::ingest::{Format, LoadOptions, Loaded, TableKind, load};
use satlas::model::col;
use satlas::{Lang, Unusable};
use std::collections::BTreeMap;
use std::path::Path;

fn staffing(path: &Path) -> Loaded {
    load(path, TableKind::Staffing, &LoadOptions::default()).unwrap_or_else(|e| panic!("{}", e.0.line(Lang::En)))
}

fn fails(path: &Path, kind: TableKind) -> Unusable {
    match load(path, kind, &LoadOptions::default()) {
        Ok(l) => panic!("expected an error, read {} rows", l.frame.height()),
        Err(e) => e,
    }
}

fn strs(frame: &DataFrame, c: &str) -> Vec<Option<String>> {
    frame
        .column(c)
        .unwrap()
        .str()
        .unwrap()
        .iter()
        .map(|s| s.map(str::to_owned))
        .collect()
}

fn ints(frame: &DataFrame, c: &str) -> Vec<Option<i64>> {
    frame.column(c).unwrap().i64().unwrap().iter().collect()
}

const TITLE_CSV: &str = "青川区机构编制情况统计表\n填报日期：2025年12月\n\n序号,主管部门,单位名称,编制类型,核定编制数,实有人数\n1,区财政局,区财政局,行政编制,12,11\n2,区财政局,区财政国库支付中心,事业编制, 8 ,９\n合计,,,,20,20\n注：数据来源于实名制系统。\n";

#[test]
fn csv_utf8_with_title_rows_total_and_note() {
    let d = workdir();
    let l = staffing(&write(&d.path().join("编制表.csv"), TITLE_CSV));
    assert_eq!(l.format, Format::Csv);
    assert_eq!(l.encoding, Some("UTF-8"));
    assert_eq!(l.header_rows, (4, 4));
    assert_eq!(l.frame.height(), 2);
    assert_eq!(
        strs(&l.frame, col::UNIT),
        vec![Some("区财政局".into()), Some("区财政国库支付中心".into())]
    );
    // " 8 " and full-width "９"
    assert_eq!(ints(&l.frame, col::APPROVED), vec![Some(12), Some(8)]);
    assert_eq!(ints(&l.frame, col::ACTUAL), vec![Some(11), Some(9)]);
    let total = l
        .findings
        .iter()
        .find(|f| f.code == "total_row")
        .expect("total row reported");
    assert_eq!(total.location.row, Some(7));
    assert!(
        l.findings
            .iter()
            .any(|f| f.code == "note_row" && f.location.row == Some(8))
    );
}

#[test]
fn csv_with_bom_tabs_and_semicolons() {
    let d = workdir();
    let bom = format!("\u{feff}{}", "单位名称\t核定编制数\t实有人数\n区教育局\t30\t28\n");
    let l = staffing(&write(&d.path().join("bom.csv"), bom));
    assert_eq!(ints(&l.frame, col::APPROVED), vec![Some(30)]);
    let l = staffing(&write(
        &d.path().join("semi.csv"),
        "单位名称;核定编制数;实有人数\n区教育局;1,200;28人\n",
    ));
    assert_eq!(ints(&l.frame, col::APPROVED), vec![Some(1200)]);
    assert_eq!(ints(&l.frame, col::ACTUAL), vec![Some(28)]);
}

#[test]
fn gbk_csv_with_crlf_is_detected() {
    let d = workdir();
    let text = TITLE_CSV.replace('\n', "\r\n");
    let l = staffing(&write(&d.path().join("编制表_GBK.csv"), gbk(&text)));
    assert_eq!(l.encoding, Some("GBK"));
    assert_eq!(strs(&l.frame, col::UNIT)[1].as_deref(), Some("区财政国库支付中心"));
    assert_eq!(ints(&l.frame, col::ACTUAL), vec![Some(11), Some(9)]);
}

#[test]
fn numbers_as_users_type_them_and_none_markers() {
    let d = workdir();
    let l = staffing(&write(
        &d.path().join("n.csv"),
        "单位名称,核定编制数,实有人数\n甲,１２,—\n乙,12人,/\n",
    ));
    assert_eq!(ints(&l.frame, col::APPROVED), vec![Some(12), Some(12)]);
    assert_eq!(ints(&l.frame, col::ACTUAL), vec![None, None]);
    assert!(l.findings.iter().all(|f| f.code != "not_a_number"));
}

#[test]
fn xlsx_named_xls_with_merged_title_and_wide_header() {
    // As the Kunming template: an xlsx file named .xls, a merged title, wide quota-type pairs.
    let d = workdir();
    let path = d.path().join("exportUnitInfo.xls");
    xlsx(
        &path,
        "单位信息",
        &[
            vec![V::T("单位基本情况")],
            vec![
                V::T("单位名称"),
                V::T("主管单位"),
                V::T("行政编制数"),
                V::T("（行政)实有人数"),
                V::T("参照公务员法管理事业单位编制数"),
                V::T("（参公）实有人数"),
                V::T("县处级正职领导职数"),
                V::T("县处级副职领导职数"),
            ],
            vec![
                V::T("区司法局"),
                V::T("区政府"),
                V::N(20.0),
                V::N(18.0),
                V::N(0.0),
                V::E,
                V::N(1.0),
                V::N(3.0),
            ],
            vec![
                V::T("区档案馆"),
                V::T("区委办"),
                V::E,
                V::E,
                V::N(10.0),
                V::N(12.0),
                V::N(1.0),
                V::N(1.0),
            ],
        ],
        &[(0, 0, 0, 7)],
    );
    let l = staffing(&path);
    assert_eq!(l.format, Format::Xlsx);
    assert_eq!(l.header_rows, (2, 2));
    assert_eq!(
        strs(&l.frame, col::QUOTA_TYPE),
        vec![Some("行政编制".into()), Some("参公事业编制".into())]
    );
    assert_eq!(ints(&l.frame, col::APPROVED), vec![Some(20), Some(10)]);
    assert_eq!(ints(&l.frame, col::ACTUAL), vec![Some(18), Some(12)]);
    assert_eq!(ints(&l.frame, col::LEADER_POSTS), vec![Some(4), Some(2)]);
    assert_eq!(strs(&l.frame, col::DEPARTMENT)[0].as_deref(), Some("区政府"));
}

#[test]
fn xlsx_two_and_three_row_merged_headers_are_joined() {
    let d = workdir();
    let path = d.path().join("两行表头.xlsx");
    xlsx(
        &path,
        "Sheet1",
        &[
            vec![V::T("××区编制统计表")],
            vec![
                V::T("单  位"),
                V::T("编制数"),
                V::E,
                V::T("实有人数"),
                V::E,
                V::T("领导职数"),
                V::E,
            ],
            vec![
                V::E,
                V::T("行政"),
                V::T("事业"),
                V::T("行政"),
                V::T("事业"),
                V::T("核定"),
                V::T("实配"),
            ],
            vec![
                V::T("城关街道办事处"),
                V::N(30.0),
                V::N(10.0),
                V::N(31.0),
                V::N(8.0),
                V::N(5.0),
                V::N(6.0),
            ],
            vec![
                V::T("合  计"),
                V::N(30.0),
                V::N(10.0),
                V::N(31.0),
                V::N(8.0),
                V::N(5.0),
                V::N(6.0),
            ],
        ],
        &[(0, 0, 0, 6), (1, 0, 2, 0), (1, 1, 1, 2), (1, 3, 1, 4), (1, 5, 1, 6)],
    );
    let l = staffing(&path);
    assert_eq!(l.header_rows, (2, 3));
    let headers: Vec<&str> = l.columns.iter().map(|c| c.header.as_str()).collect();
    assert_eq!(
        headers,
        vec![
            "单  位",
            "编制数/行政",
            "编制数/事业",
            "实有人数/行政",
            "实有人数/事业",
            "领导职数/核定",
            "领导职数/实配"
        ]
    );
    assert_eq!(l.frame.height(), 2, "one record per quota type");
    assert_eq!(ints(&l.frame, col::APPROVED), vec![Some(30), Some(10)]);
    assert_eq!(ints(&l.frame, col::ACTUAL), vec![Some(31), Some(8)]);
    // unit-wide leadership posts counted once
    assert_eq!(ints(&l.frame, col::LEADER_POSTS), vec![Some(5), None]);
    assert_eq!(ints(&l.frame, col::LEADERS_ACTUAL), vec![Some(6), None]);
    assert!(
        l.findings
            .iter()
            .any(|f| f.code == "total_row" && f.location.row == Some(5))
    );

    // Three header rows as in the university template: 正处级干部 / 现任干部情况 / 现任数.
    let path = d.path().join("三行表头.xlsx");
    xlsx(
        &path,
        "Sheet1",
        &[
            vec![V::T("干部配备情况")],
            vec![V::T("统计日期：2017年2月16日")],
            vec![
                V::T("序号"),
                V::T("单  位"),
                V::T("正处级干部"),
                V::E,
                V::E,
                V::T("核定编制数"),
                V::T("实有人数"),
            ],
            vec![V::E, V::E, V::T("职数"), V::T("现任干部情况"), V::E, V::E, V::E],
            vec![V::E, V::E, V::E, V::T("现任数"), V::T("现任干部"), V::E, V::E],
            vec![
                V::N(1.0),
                V::T("组织部"),
                V::N(2.0),
                V::N(3.0),
                V::T("张三、李四、王五"),
                V::N(9.0),
                V::N(9.0),
            ],
        ],
        &[
            (0, 0, 0, 6),
            (1, 0, 1, 6),
            (2, 0, 4, 0),
            (2, 1, 4, 1),
            (2, 2, 2, 4),
            (3, 2, 4, 2),
            (3, 3, 3, 4),
            (2, 5, 4, 5),
            (2, 6, 4, 6),
        ],
    );
    let l = staffing(&path);
    assert_eq!(l.header_rows, (3, 5));
    assert_eq!(l.columns[3].header, "正处级干部/现任干部情况/现任数");
    assert_eq!(ints(&l.frame, col::LEADER_POSTS), vec![Some(2)]);
    assert_eq!(ints(&l.frame, col::LEADERS_ACTUAL), vec![Some(3)]);
}

#[test]
fn flattened_two_row_header_in_csv() {
    let d = workdir();
    let l = staffing(&write(
        &d.path().join("flat.csv"),
        "单位名称,编制数,,实有人数,\n,行政,事业,行政,事业\n甲局,5,2,5,1\n",
    ));
    assert_eq!(ints(&l.frame, col::APPROVED), vec![Some(5), Some(2)]);
    assert_eq!(ints(&l.frame, col::ACTUAL), vec![Some(5), Some(1)]);
}

#[test]
fn ods_is_read() {
    // A minimal ODS written by hand: the format sniffed from the bytes, not the name.
    let d = workdir();
    let path = d.path().join("编制表.dat");
    let content = r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="编制"><table:table-row><table:table-cell office:value-type="string"><text:p>单位名称</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>核定编制数</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>实有人数</text:p></table:table-cell></table:table-row><table:table-row><table:table-cell office:value-type="string"><text:p>区水务局</text:p></table:table-cell><table:table-cell office:value-type="float" office:value="15"><text:p>15</text:p></table:table-cell><table:table-cell office:value-type="float" office:value="14"><text:p>14</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"#;
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut z = ::zip::ZipWriter::new(&mut buf);
        let stored = ::zip::write::SimpleFileOptions::default().compression_method(::zip::CompressionMethod::Stored);
        z.start_file("mimetype", stored).unwrap();
        std::io::Write::write_all(&mut z, b"application/vnd.oasis.opendocument.spreadsheet").unwrap();
        z.start_file("content.xml", stored).unwrap();
        std::io::Write::write_all(&mut z, content.as_bytes()).unwrap();
        z.start_file("META-INF/manifest.xml", stored).unwrap();
        std::io::Write::write_all(&mut z, br#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#).unwrap();
        z.finish().unwrap();
    }
    let l = staffing(&write(&path, buf.into_inner()));
    assert_eq!(l.format, Format::Ods);
    assert_eq!(ints(&l.frame, col::APPROVED), vec![Some(15)]);
}

#[test]
fn roster_is_read_with_leaders() {
    let d = workdir();
    let l = load(
        &write(
            &d.path().join("花名册.csv"),
            "序号,单位名称,姓名,编制类型,职务\n1,区财政局,张三,行政编制,局长\n2,区财政局,李四,行政编制,一级主任科员\n",
        ),
        TableKind::Roster,
        &LoadOptions::default(),
    )
    .unwrap();
    let leaders: Vec<Option<bool>> = l.frame.column(col::LEADER).unwrap().bool().unwrap().iter().collect();
    assert_eq!(leaders, vec![Some(true), Some(false)]);
}

#[test]
fn survey_in_both_shapes() {
    let d = workdir();
    let l = load(
        &write(&d.path().join("调查.csv"), "单位名称,姓名,工作事项,频次周期,频次,每次用时（小时）\n区财政局,张三,公文办理,每日,3,0.5\n区财政局,张三,会议组织,每月,2,4\n"),
        TableKind::Survey,
        &LoadOptions::default(),
    )
    .unwrap();
    assert_eq!(
        strs(&l.frame, col::PERIOD),
        vec![Some("day".into()), Some("month".into())]
    );
    let l = load(
        &write(
            &d.path().join("annual.csv"),
            "unit,task,annual hours\nHealth post,ANC visits,3000\n",
        ),
        TableKind::Survey,
        &LoadOptions::default(),
    )
    .unwrap();
    let a: Vec<Option<f64>> = l
        .frame
        .column(col::ANNUAL_HOURS)
        .unwrap()
        .f64()
        .unwrap()
        .iter()
        .collect();
    assert_eq!(a, vec![Some(3000.0)]);
}

#[test]
fn overrides_map_unknown_headers() {
    let d = workdir();
    let path = write(&d.path().join("o.csv"), "机构,编A,人B\n甲,3,2\n");
    let mut overrides = BTreeMap::new();
    overrides.insert("approved".to_string(), "编A".to_string());
    overrides.insert("actual".to_string(), "人B".to_string());
    let l = load(
        &path,
        TableKind::Staffing,
        &LoadOptions {
            sheet: None,
            overrides,
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(ints(&l.frame, col::APPROVED), vec![Some(3)]);
    assert_eq!(l.columns[1].field.as_deref(), Some("approved"));
}

#[test]
fn years_keep_one_snapshot_each() {
    let d = workdir();
    let l = staffing(&write(
        &d.path().join("y.csv"),
        "年度,单位名称,核定编制数,实有人数\n2024年,甲,3,2\n2025,甲,3,3\n",
    ));
    let years: Vec<Option<i32>> = l.frame.column(col::YEAR).unwrap().i32().unwrap().iter().collect();
    assert_eq!(years, vec![Some(2024), Some(2025)]);
}

// ---- the corpus of broken files: each gives a clear error, nothing panics -------------------

#[test]
fn broken_files_give_clear_errors() {
    let d = workdir();
    let p = |n: &str| d.path().join(n);

    let e = fails(&write(&p("空.xlsx"), b""), TableKind::Staffing);
    assert!(e.0.zh.contains("文件是空的"), "{}", e.0.zh);
    assert!(e.0.en.contains("empty"));
    assert_eq!(e.0.location.file, "空.xlsx");

    let full = {
        let path = p("full.xlsx");
        xlsx(
            &path,
            "S",
            &[vec![V::T("单位名称"), V::T("核定编制数")], vec![V::T("甲"), V::N(1.0)]],
            &[],
        );
        std::fs::read(&path).unwrap()
    };
    let e = fails(&write(&p("截断.xlsx"), &full[..full.len() / 2]), TableKind::Staffing);
    assert!(e.0.zh.contains("损坏或不完整"), "{}", e.0.zh);

    let mut zipped = std::io::Cursor::new(Vec::new());
    {
        let mut z = ::zip::ZipWriter::new(&mut zipped);
        z.start_file("readme.txt", ::zip::write::SimpleFileOptions::default())
            .unwrap();
        std::io::Write::write_all(&mut z, b"hello").unwrap();
        z.finish().unwrap();
    }
    let e = fails(&write(&p("不是工作簿.xlsx"), zipped.into_inner()), TableKind::Staffing);
    assert!(e.0.zh.contains("不是 Excel/WPS 工作簿"), "{}", e.0.zh);

    let junk: Vec<u8> = (0..5000u32).map(|i| (i.wrapping_mul(2654435761) >> 13) as u8).collect();
    let e = fails(&write(&p("乱码.csv"), junk), TableKind::Staffing);
    assert!(e.0.zh.contains("文件不是表格"), "{}", e.0.zh);

    let path = p("工作表.xlsx");
    xlsx(
        &path,
        "编制",
        &[vec![V::T("单位名称"), V::T("核定编制数")], vec![V::T("甲"), V::N(1.0)]],
        &[],
    );
    let e = load(
        &path,
        TableKind::Staffing,
        &LoadOptions {
            sheet: Some("不存在".into()),
            overrides: BTreeMap::new(),
            ..Default::default()
        },
    )
    .unwrap_err();
    assert!(
        e.0.zh.contains("没有名为“不存在”的工作表") && e.0.zh.contains("编制"),
        "{}",
        e.0.zh
    );

    let e = fails(
        &write(&p("无单位列.csv"), "序号,核定编制数,实有人数\n1,3,2\n"),
        TableKind::Staffing,
    );
    assert_eq!(e.0.code, "missing_column");
    assert!(
        e.0.zh.contains("找不到单位名称列") && e.0.zh.contains("核定编制数"),
        "{}",
        e.0.zh
    );
    assert_eq!(e.0.location.row, Some(1));

    let e = fails(&write(&p("无表头.csv"), "1,2,3\n4,5,6\n"), TableKind::Staffing);
    assert_eq!(e.0.code, "no_header");

    let e = fails(
        &write(&p("只有表头.csv"), "单位名称,核定编制数\n合计,0\n"),
        TableKind::Staffing,
    );
    assert_eq!(e.0.code, "no_rows");

    let e = fails(&p("不存在的文件.xlsx"), TableKind::Staffing);
    assert!(e.0.zh.contains("找不到文件"));
}

#[test]
fn text_in_a_number_column_names_the_cell() {
    let d = workdir();
    let l = staffing(&write(
        &d.path().join("文字.csv"),
        "单位名称,核定编制数,实有人数\n甲,三十,2\n乙,-4,2\n",
    ));
    let f = l.findings.iter().find(|f| f.code == "not_a_number").expect("finding");
    assert_eq!(f.location.row, Some(2));
    assert_eq!(f.location.column.as_deref(), Some("B（核定编制数）"));
    assert!(f.zh.contains("三十"));
    assert_eq!(f.location.describe(Lang::Zh), "文字.csv，第 2 行，B（核定编制数） 列");
    assert!(
        l.findings
            .iter()
            .any(|f| f.code == "negative" && f.location.row == Some(3))
    );
    assert_eq!(ints(&l.frame, col::APPROVED), vec![None, None]);
}

#[test]
fn repeated_header_and_missing_unit_rows_are_skipped() {
    let d = workdir();
    let l = staffing(&write(
        &d.path().join("重复.csv"),
        "单位名称,核定编制数,实有人数\n甲,3,2\n单位名称,核定编制数,实有人数\n,5,5\n乙,4,4\n",
    ));
    assert_eq!(strs(&l.frame, col::UNIT), vec![Some("甲".into()), Some("乙".into())]);
    assert!(
        l.findings
            .iter()
            .any(|f| f.code == "repeated_header" && f.location.row == Some(3))
    );
    assert!(
        l.findings
            .iter()
            .any(|f| f.code == "missing_unit" && f.location.row == Some(4))
    );
}

/// The public sample files in ../shared/realdata, where present: read or refused clearly.
#[test]
fn real_files_from_public_sources() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/realdata");
    if !dir.exists() {
        // Only a checkout without the shared folder beside it may lack them; CI has it.
        assert!(
            std::env::var_os("CI").is_none(),
            "{} is missing: the real public files must be read on CI",
            dir.display()
        );
        eprintln!(
            "note: {} is missing; the real public files were not read",
            dir.display()
        );
        return;
    }
    // A template: xlsx content under an .xls name, header on row 2, no data rows yet.
    let e = fails(&dir.join("exportUnitInfo.xls"), TableKind::Staffing);
    assert_eq!(e.0.code, "no_rows");
    assert_eq!(e.0.location.sheet.as_deref(), Some("单位信息"));
    assert_eq!(e.0.location.row, Some(2));
    let l = staffing(&dir.join("cn_units_bianzhi_from_public_pages.csv"));
    assert_eq!(l.frame.height(), 7);
    let rows = Rows::new(&l.frame).unwrap();
    assert_eq!(rows.str(col::QUOTA_TYPE, 0), Some("行政编制"));
    assert_eq!(rows.str(col::QUOTA_TYPE, 3), Some("政法专项编制"));
    let l = staffing(&dir.join("bangladesh_upazila_wisn_table5.csv"));
    assert_eq!(l.frame.height(), 8);
    let e = fails(&dir.join("分省年度数据_城镇单位就业人员_GBK.csv"), TableKind::Staffing);
    assert!(e.0.zh.contains("找不到") || e.0.code == "no_header", "{}", e.0.zh);
}

/// An Excel 97-2003 (BIFF8) workbook as WPS writes it: merged title, two-row merged header,
/// 合计 row (tests/fixtures/make_xls.py writes it).
#[test]
fn xls_biff8_with_merged_header() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/staffing.xls");
    let l = staffing(&path);
    assert_eq!(l.format, Format::Xls);
    assert_eq!(l.header_rows, (3, 4));
    assert_eq!(
        strs(&l.frame, col::UNIT),
        vec![
            Some("区审计局".into()),
            Some("区审计局".into()),
            Some("区统计局".into()),
            Some("区统计局".into())
        ]
    );
    assert_eq!(ints(&l.frame, col::APPROVED), vec![Some(12), Some(3), Some(9), Some(2)]);
    assert_eq!(ints(&l.frame, col::ACTUAL), vec![Some(11), Some(3), Some(9), Some(1)]);
    assert!(
        l.findings
            .iter()
            .any(|f| f.code == "total_row" && f.location.row == Some(7))
    );
}

/// `path`'s csv (a title row over the header) written as parquet with typed columns, as a
/// data warehouse exports it: no title, numbers as numbers.
fn as_parquet(csv: &Path, to: &Path) -> DataFrame {
    let mut frame = CsvReadOptions::default()
        .with_skip_rows(1)
        .with_has_header(true)
        .try_into_reader_with_file_path(Some(csv.to_path_buf()))
        .unwrap()
        .finish()
        .unwrap();
    ParquetWriter::new(std::fs::File::create(to).unwrap())
        .finish(&mut frame)
        .unwrap();
    frame
}

/// A survey exported as parquet reads as the same survey in csv does: every record, name,
/// period, number and year, each from its own row (one row up: parquet has no title row).
#[test]
fn parquet_survey_reads_as_its_csv() {
    use satlas::generate::{Format as Written, SyntheticSpec, synthetic, write_district};
    let d = workdir();
    let spec = SyntheticSpec {
        units: 12,
        people_per_unit: 5,
        tasks_per_person: 6,
        seed: 3,
    };
    write_district(&synthetic(&spec), d.path(), &[Written::Csv]).unwrap();
    let typed = as_parquet(&d.path().join("survey.csv"), &d.path().join("工作量 调查.parquet"));
    let dtype = |c: &str| typed.column(c).unwrap().dtype().clone();
    assert!(
        dtype("每次用时（小时）").is_float() && dtype("年度").is_integer(),
        "typed numbers"
    );
    let read = |name: &str| load(&d.path().join(name), TableKind::Survey, &LoadOptions::default()).unwrap();
    let (csv, parquet) = (read("survey.csv"), read("工作量 调查.parquet"));
    assert_eq!(parquet.format, Format::Parquet);
    assert_eq!(parquet.encoding, None);
    assert_eq!(parquet.header_rows, (1, 1));
    assert_eq!(parquet.records, csv.records);
    assert_eq!(parquet.records, 12 * 5 * 6);
    for c in [
        col::UNIT,
        col::PERSON,
        col::TASK,
        col::PERIOD,
        col::FREQUENCY,
        col::HOURS_EACH,
        col::YEAR,
    ] {
        let (a, b) = (csv.frame.column(c).unwrap(), parquet.frame.column(c).unwrap());
        assert!(
            a.as_materialized_series().equals_missing(b.as_materialized_series()),
            "{c}"
        );
    }
    let rows = |l: &Loaded| -> Vec<u32> {
        let r = l.frame.column(col::SOURCE_ROW).unwrap().u32().unwrap();
        r.iter().map(|v| v.unwrap()).collect()
    };
    let one_up: Vec<u32> = rows(&csv).iter().map(|r| r - 1).collect();
    assert_eq!(rows(&parquet), one_up);
    assert!(
        parquet.findings.iter().all(|f| f.severity != satlas::Severity::Error),
        "{:?}",
        parquet.findings
    );
    // Every unit's figures are the same from either file.
    let units = |survey: Loaded| {
        let inputs = satlas::ingest::Inputs {
            staffing: Some(staffing(&d.path().join("staffing.csv"))),
            survey: Some(survey),
            ..Default::default()
        };
        satlas::analysis::analyze(&inputs, &satlas::Params::default())
            .unwrap()
            .units
    };
    assert!(units(csv).equals_missing(&units(parquet)));
}

/// A parquet file's totals and notes are left out as a sheet's are, and a number column's
/// text names its row and column.
#[test]
fn parquet_totals_notes_and_text_numbers() {
    let d = workdir();
    let path = d.path().join("编制.parquet");
    let mut frame = df!(
        "单位名称" => ["区财政局", "区财政国库支付中心", "合计", "注：数据来源于实名制系统。"],
        "编制类型" => [Some("行政编制"), Some("事业编制"), None, None],
        "核定编制数" => [Some("12"), Some("8"), Some("20"), None],
        "实有人数" => [Some("11"), Some("九人"), Some("20"), None],
    )
    .unwrap();
    ParquetWriter::new(std::fs::File::create(&path).unwrap())
        .finish(&mut frame)
        .unwrap();
    let l = staffing(&path);
    assert_eq!(
        strs(&l.frame, col::UNIT),
        [Some("区财政局".into()), Some("区财政国库支付中心".into())]
    );
    assert_eq!(ints(&l.frame, col::APPROVED), [Some(12), Some(8)]);
    assert_eq!(ints(&l.frame, col::ACTUAL), [Some(11), None]);
    let bad = l
        .findings
        .iter()
        .find(|f| f.code == "not_a_number")
        .expect("the text is named");
    assert_eq!(bad.location.row, Some(3));
    assert!(
        l.skipped.iter().any(|s| s.row == 4),
        "the total row is left out: {:?}",
        l.skipped
    );
    assert!(
        l.skipped.iter().any(|s| s.row == 5),
        "the note is left out: {:?}",
        l.skipped
    );
}
