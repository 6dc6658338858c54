use super::*;
use crate::i18n;
use crate::model::{Sheet, col};
use calamine::{Data, Reader, Xlsx};
use polars::prelude::*;
use tempfile::TempDir;

/// A folder whose name has Chinese characters and spaces.
fn folder() -> TempDir {
    tempfile::Builder::new().prefix("饱和度 导出 测试 ").tempdir().unwrap()
}

/// Chinese text, ints, floats of each style, nulls, bools and code columns. The last row is
/// empty in a spreadsheet (null, or no flags), so reading back must not lose it.
fn units() -> DataFrame {
    DataFrame::new(
        4,
        vec![
            Column::new(
                col::UNIT.into(),
                [Some("某某街道办事处"), Some("市应急管理局（本级）"), None, None],
            ),
            Column::new(col::YEAR.into(), [Some(2024i64), Some(2024), None, None]),
            Column::new(col::APPROVED.into(), [Some(12i64), Some(-3), Some(0), None]),
            Column::new(col::SATURATION.into(), [Some(0.123_456_789f64), Some(1.5), None, None]),
            Column::new(col::VACANCY_RATE.into(), [Some(0.25f64), Some(0.0), None, None]),
            Column::new(col::WORKLOAD.into(), [Some(12_345.678f64), Some(0.1), None, None]),
            Column::new(col::HAS_SURVEY.into(), [Some(true), Some(false), None, None]),
            Column::new(
                col::BAND.into(),
                [Some("severe_under"), Some("balanced"), Some("unknown"), None],
            ),
            Column::new(
                col::FLAGS.into(),
                [Some("over_quota;long_idle"), Some("survey_missing"), Some(""), Some("")],
            ),
            Column::new(
                col::QUOTA_TYPE.into(),
                [Some("行政编制"), Some("参公事业编制"), None, None],
            ),
            Column::new(col::REQUIRED_BASIS.into(), [Some("by_staff"), Some("none"), None, None]),
        ],
    )
    .unwrap()
}

fn summary() -> DataFrame {
    DataFrame::new(
        2,
        vec![
            Column::new(col::METRIC.into(), ["单位数", "平均饱和度"]),
            Column::new(col::VALUE.into(), [3.0f64, 0.875]),
        ],
    )
    .unwrap()
}

fn tables<'a>(units: &'a DataFrame, summary: &'a DataFrame) -> Vec<NamedTable<'a>> {
    vec![
        NamedTable {
            key: Sheet::Units,
            frame: units,
        },
        NamedTable {
            key: Sheet::Summary,
            frame: summary,
        },
    ]
}

/// Same column names, types and values (nulls equal to nulls).
fn assert_same(got: &DataFrame, want: &DataFrame) {
    assert_eq!(got.get_column_names(), want.get_column_names());
    assert_eq!(got.height(), want.height());
    for (g, w) in got.columns().iter().zip(want.columns()) {
        assert_eq!(g.dtype(), w.dtype(), "type of {}", w.name());
        assert!(g.equals_missing(w), "values of {}: {g:?} vs {w:?}", w.name());
    }
}

/// Files in `dir`, sorted.
fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn xlsx_round_trip_restores_every_value_in_both_languages() {
    let dir = folder();
    let (u, s) = (units(), summary());
    for (lang, name) in [(Lang::Zh, "报告 2024.xlsx"), (Lang::En, "report en.XLSX")] {
        let path = dir.path().join(name);
        let written = write_report(&path, &tables(&u, &s), lang, &[]).unwrap();
        assert_eq!(written, vec![path.clone()]);
        let back = read_report_xlsx(&path).unwrap();
        let keys: Vec<&str> = back.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["units", "summary"]);
        assert_same(&back[0].1, &u);
        assert_same(&back[1].1, &s);
    }
}

#[test]
fn xlsx_is_translated_and_formatted_for_people() {
    let dir = folder();
    let path = dir.path().join("报告.xlsx");
    let (u, s) = (units(), summary());
    write_report(&path, &tables(&u, &s), Lang::Zh, &[]).unwrap();

    let mut book: Xlsx<_> = calamine::open_workbook(&path).unwrap();
    assert_eq!(book.sheet_names(), ["单位", "汇总"]);
    let range = book.worksheet_range("单位").unwrap();
    let headers: Vec<String> = (0..u.width() as u32)
        .map(|c| range.get_value((0, c)).unwrap().to_string())
        .collect();
    let want: Vec<&str> = u.get_column_names().iter().map(|n| i18n::column(n, Lang::Zh)).collect();
    assert_eq!(headers, want);
    let cell = |name: &str, row: u32| {
        let c = u.get_column_index(name).unwrap() as u32;
        range.get_value((row, c)).cloned().unwrap_or(Data::Empty)
    };
    assert_eq!(cell(col::BAND, 1), Data::String("严重不饱和".into()));
    assert_eq!(cell(col::FLAGS, 1), Data::String("超编、长期闲置".into()));
    assert_eq!(cell(col::REQUIRED_BASIS, 2), Data::String("无工作量调查".into()));
    assert_eq!(cell(col::HAS_SURVEY, 1), Data::String("是".into()));
    assert_eq!(cell(col::HAS_SURVEY, 2), Data::String("否".into()));
    assert_eq!(cell(col::SATURATION, 2), Data::Float(1.5));
    assert_eq!(cell(col::APPROVED, 1), Data::Float(12.0));
    assert_eq!(cell(col::SATURATION, 3), Data::Empty);

    let styles = book.worksheet_style("单位").unwrap();
    let format_of = |name: &str, row: u32| {
        let c = u.get_column_index(name).unwrap() as u32;
        styles
            .get((row, c))
            .and_then(|s| s.number_format.clone())
            .map(|f| f.format_code)
    };
    assert_eq!(format_of(col::APPROVED, 1).as_deref(), Some("0"));
    assert_eq!(format_of(col::SATURATION, 1).as_deref(), Some("0.00"));
    assert_eq!(format_of(col::VACANCY_RATE, 1).as_deref(), Some("0.0%"));
    assert_eq!(format_of(col::WORKLOAD, 1).as_deref(), Some("#,##0.0"));
    let header = styles.get((0, 0)).unwrap();
    assert!(header.font.as_ref().is_some_and(|f| f.is_bold()));
    assert!(header.fill.as_ref().is_some_and(|f| f.is_visible()));

    let path = dir.path().join("report.xlsx");
    write_report(&path, &tables(&u, &s), Lang::En, &[]).unwrap();
    let mut book: Xlsx<_> = calamine::open_workbook(&path).unwrap();
    assert_eq!(book.sheet_names(), ["Units", "Summary"]);
    let range = book.worksheet_range("Units").unwrap();
    assert_eq!(range.get_value((0, 0)), Some(&Data::String("Unit".into())));
    assert_eq!(range.get_value((1, 6)), Some(&Data::String("yes".into())));
    assert_eq!(
        range.get_value((1, 7)),
        Some(&Data::String("severely under-loaded".into()))
    );
}

#[test]
fn xlsx_keeps_types_of_empty_tables_and_widens_narrow_ones() {
    let dir = folder();
    let path = dir.path().join("空表.xlsx");
    let empty = DataFrame::new(
        0,
        vec![
            Column::new_empty(col::APPROVED.into(), &DataType::Int64),
            Column::new_empty(col::SATURATION.into(), &DataType::Float64),
            Column::new_empty(col::HAS_SURVEY.into(), &DataType::Boolean),
            Column::new_empty(col::UNIT.into(), &DataType::String),
        ],
    )
    .unwrap();
    let narrow = DataFrame::new(
        2,
        vec![
            Column::new(col::ACTUAL.into(), [Some(5i32), None]),
            Column::new(col::SPREAD_CV.into(), [Some(0.5f32), Some(1.25)]),
        ],
    )
    .unwrap();
    let tables = [
        NamedTable {
            key: Sheet::Transfers,
            frame: &empty,
        },
        NamedTable {
            key: Sheet::People,
            frame: &narrow,
        },
    ];
    write_report(&path, &tables, Lang::Zh, &[]).unwrap();
    let back = read_report_xlsx(&path).unwrap();
    assert_eq!(back[0].0, "transfers");
    assert_same(&back[0].1, &empty);
    // Int32 comes back Int64 and Float32 Float64, values unchanged.
    let widened = narrow
        .clone()
        .lazy()
        .with_columns([
            polars::prelude::col(col::ACTUAL).cast(DataType::Int64),
            polars::prelude::col(col::SPREAD_CV).cast(DataType::Float64),
        ])
        .collect()
        .unwrap();
    assert_same(&back[1].1, &widened);
}

#[test]
fn xlsx_writes_nan_and_infinity_as_text_and_reads_them_back() {
    let dir = folder();
    let path = dir.path().join("nan.xlsx");
    let frame = DataFrame::new(
        4,
        vec![Column::new(
            col::SATURATION.into(),
            [Some(f64::NAN), Some(f64::INFINITY), Some(f64::NEG_INFINITY), None],
        )],
    )
    .unwrap();
    let tables = [NamedTable {
        key: Sheet::Units,
        frame: &frame,
    }];
    write_report(&path, &tables, Lang::Zh, &[]).unwrap();
    let back = read_report_xlsx(&path).unwrap();
    let values: Vec<Option<f64>> = back[0].1.columns()[0].f64().unwrap().iter().collect();
    assert!(values[0].unwrap().is_nan());
    assert_eq!(values[1..], [Some(f64::INFINITY), Some(f64::NEG_INFINITY), None]);
}

#[test]
fn a_column_of_ten_chinese_characters_is_at_least_twenty_wide() {
    let frame = DataFrame::new(
        2,
        vec![
            Column::new(col::UNIT.into(), ["一二三四五六七八九十", "短"]),
            Column::new(col::YEAR.into(), [2024i64, 2025]),
            Column::new(col::WORKLOAD.into(), [1_234_567.0f64, 1.0]),
        ],
    )
    .unwrap();
    let prepared = cells::prepare(&frame, Lang::Zh).unwrap();
    let widths = xlsx::column_widths(&prepared);
    assert!(widths[0] >= 20, "{widths:?}");
    // 年度 is 4 wide, 2024 is 4: the minimum of 6 applies.
    assert_eq!(widths[1], 6);
    // 1,234,567.0 is 11 characters; the header 工作量（小时） is 14.
    assert_eq!(widths[2], 16);

    // And the sheet carries them.
    let dir = folder();
    let path = dir.path().join("宽度.xlsx");
    let tables = [NamedTable {
        key: Sheet::Units,
        frame: &frame,
    }];
    write_report(&path, &tables, Lang::Zh, &[]).unwrap();
    let mut zip = ::zip::ZipArchive::new(File::open(&path).unwrap()).unwrap();
    let mut xml = String::new();
    io::Read::read_to_string(&mut zip.by_name("xl/worksheets/sheet1.xml").unwrap(), &mut xml).unwrap();
    let stored = stored_width(&xml, 1).expect("width of column A");
    assert!(stored >= 20.0, "{stored} in {xml}");
}

/// The width of 1-based column `n` in a sheet's `<cols>`.
fn stored_width(xml: &str, n: usize) -> Option<f64> {
    let tag = xml
        .split("<col ")
        .skip(1)
        .find(|t| t.contains(&format!("min=\"{n}\"")))?;
    let rest = &tag[tag.find("width=\"")? + 7..];
    rest[..rest.find('"')?].parse().ok()
}

#[test]
fn csv_is_translated_plain_and_starts_with_a_bom() {
    let dir = folder();
    let path = dir.path().join("报告 2024.csv");
    let (u, s) = (units(), summary());
    let written = write_report(&path, &tables(&u, &s), Lang::Zh, &[]).unwrap();
    let sibling = dir.path().join("报告 2024_summary.csv");
    assert_eq!(written, vec![path.clone(), sibling.clone()]);

    let bytes = fs::read(&path).unwrap();
    assert!(bytes.starts_with(&[0xEF, 0xBB, 0xBF]));
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    let want = "\
单位名称,年度,核定编制数,饱和度,空编率,工作量（小时）,有工作量调查,饱和度区间,预警,编制类型,应需人数分摊依据
某某街道办事处,2024,12,0.123457,0.25,12345.678,是,严重不饱和,超编、长期闲置,行政编制,按各类型实有人数分摊
市应急管理局（本级）,2024,-3,1.5,0,0.1,否,基本饱和,缺少工作量调查,参公事业编制,无工作量调查
,,0,,,,,未知,\"\",,
,,,,,,,,\"\",,
";
    assert_eq!(text, want);

    let bytes = fs::read(&sibling).unwrap();
    assert!(bytes.starts_with(&[0xEF, 0xBB, 0xBF]));
    assert_eq!(
        String::from_utf8(bytes[3..].to_vec()).unwrap(),
        "指标,数值\n单位数,3\n平均饱和度,0.875\n"
    );

    let path = dir.path().join("report.csv");
    write_report(&path, &tables(&u, &s), Lang::En, &[]).unwrap();
    let text = fs::read_to_string(&path).unwrap();
    let second = text.lines().nth(1).unwrap();
    assert!(second.contains(",yes,severely under-loaded,\"over quota, long idle\",administrative,"));
}

#[test]
fn parquet_keeps_canonical_names_codes_and_types() {
    let dir = folder();
    let path = dir.path().join("报告 数据.parquet");
    let (u, s) = (units(), summary());
    let written = write_report(&path, &tables(&u, &s), Lang::Zh, &[]).unwrap();
    assert_eq!(written[1], dir.path().join("报告 数据_summary.parquet"));
    for (file, want) in written.iter().zip([&u, &s]) {
        let back = ParquetReader::new(File::open(file).unwrap()).finish().unwrap();
        assert_same(&back, want);
    }
}

#[test]
fn input_files_are_never_written() {
    let dir = folder();
    let (u, s) = (units(), summary());

    let input = dir.path().join("编制表.xlsx");
    fs::write(&input, b"original").unwrap();
    // The same file reached through another spelling of the path.
    let roundabout = dir.path().join(".").join("编制表.xlsx");
    let err = write_report(&roundabout, &tables(&u, &s), Lang::Zh, std::slice::from_ref(&input)).unwrap_err();
    assert!(matches!(err, ExportError::WouldOverwriteInput { .. }), "{err}");
    assert!(err.to_string().contains("编制表.xlsx"));
    assert_eq!(fs::read(&input).unwrap(), b"original");

    // A csv whose second table would land on an input: nothing is written at all.
    let input = dir.path().join("out_summary.csv");
    fs::write(&input, b"original").unwrap();
    let path = dir.path().join("out.csv");
    let err = write_report(&path, &tables(&u, &s), Lang::Zh, std::slice::from_ref(&input)).unwrap_err();
    assert!(matches!(err, ExportError::WouldOverwriteInput { .. }), "{err}");
    assert_eq!(fs::read(&input).unwrap(), b"original");
    assert!(!path.exists());

    // An input that does not exist (yet) is compared by its absolute path.
    let later = dir.path().join("later.parquet");
    let err = write_report(&later, &tables(&u, &s), Lang::Zh, std::slice::from_ref(&later)).unwrap_err();
    assert!(matches!(err, ExportError::WouldOverwriteInput { .. }), "{err}");
    assert!(!later.exists());
}

#[test]
fn failed_writes_leave_no_temporary_file_and_keep_the_old_target() {
    let dir = folder();
    let (u, s) = (units(), summary());

    let missing = dir.path().join("不存在的 文件夹").join("报告.xlsx");
    let err = write_report(&missing, &tables(&u, &s), Lang::Zh, &[]).unwrap_err();
    assert!(matches!(err, ExportError::MissingFolder { .. }), "{err}");
    assert!(err.to_string().contains(&missing.display().to_string()));
    assert!(err.message(Lang::Zh).contains(&missing.display().to_string()));

    let folder_target = dir.path().join("已有 文件夹.csv");
    fs::create_dir(&folder_target).unwrap();
    let err = write_report(&folder_target, &tables(&u, &s), Lang::Zh, &[]).unwrap_err();
    assert!(matches!(err, ExportError::IsFolder { .. }), "{err}");
    assert!(err.to_string().contains(&folder_target.display().to_string()));

    // Failures after the temporary file was opened: text too long for an Excel cell, and two
    // columns with the same csv header.
    let target = dir.path().join("旧 报告.xlsx");
    fs::write(&target, b"old report").unwrap();
    let long = DataFrame::new(1, vec![Column::new(col::UNIT.into(), ["长".repeat(40_000)])]).unwrap();
    let tables_long = [NamedTable {
        key: Sheet::Units,
        frame: &long,
    }];
    let err = write_report(&target, &tables_long, Lang::Zh, &[]).unwrap_err();
    assert!(matches!(err, ExportError::Write { .. }), "{err}");
    assert!(err.to_string().contains(&target.display().to_string()), "{err}");
    assert_eq!(fs::read(&target).unwrap(), b"old report");

    let target = dir.path().join("旧 报告.csv");
    fs::write(&target, b"old csv").unwrap();
    let clash = DataFrame::new(
        1,
        vec![
            Column::new(col::UNIT.into(), ["甲"]),
            Column::new("单位名称".into(), ["乙"]),
        ],
    )
    .unwrap();
    let tables_clash = [
        NamedTable {
            key: Sheet::Units,
            frame: &s,
        },
        NamedTable {
            key: Sheet::People,
            frame: &clash,
        },
    ];
    let err = write_report(&target, &tables_clash, Lang::Zh, &[]).unwrap_err();
    assert!(matches!(err, ExportError::Write { .. }), "{err}");
    assert!(err.to_string().contains("旧 报告_people.csv"), "{err}");
    // The first file was complete, but nothing replaces anything unless all are.
    assert_eq!(fs::read(&target).unwrap(), b"old csv");

    assert_eq!(listing(dir.path()), ["已有 文件夹.csv", "旧 报告.csv", "旧 报告.xlsx"]);
}

#[test]
fn unsupported_names_and_duplicate_keys_are_refused() {
    let dir = folder();
    let (u, s) = (units(), summary());
    let path = dir.path().join("报告.txt");
    let err = write_report(&path, &tables(&u, &s), Lang::Zh, &[]).unwrap_err();
    let text = err.to_string();
    assert!(text.contains("报告.txt") && text.contains(".xlsx") && text.contains(".csv") && text.contains(".parquet"));

    let twice = [
        NamedTable {
            key: Sheet::Units,
            frame: &u,
        },
        NamedTable {
            key: Sheet::Units,
            frame: &s,
        },
    ];
    let err = write_report(&dir.path().join("报告.xlsx"), &twice, Lang::Zh, &[]).unwrap_err();
    assert!(matches!(err, ExportError::DuplicateTable { .. }), "{err}");
    let err = write_report(&dir.path().join("报告.csv"), &[], Lang::Zh, &[]).unwrap_err();
    assert!(matches!(err, ExportError::NoTables { .. }), "{err}");
    assert!(listing(dir.path()).is_empty());
}
