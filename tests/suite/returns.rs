//! The survey's round trip: forms written for the sample district, filled in the way units do
//! (a renamed file, an extra sheet with moved columns and minutes, one unit's form filled in by
//! another, a unit returning twice, an empty form, a person left out, a zip, files that are no
//! survey, two units not returning), read back as a folder: the figures of every unit and the
//! completeness table, exactly.

use crate::common;

use rust_xlsxwriter::Workbook;
use satlas::analysis::{Analysis, Rows, analyze};
use satlas::generate::{self, Format};
use satlas::ingest::marker::{MarkedSheet, Marker, VERSION, code};
use satlas::ingest::{Inputs, LoadOptions, TableKind, load};
use satlas::model::{Lang, ReturnStatus, col};
use satlas::template::{self, FormRow, TemplateOptions, TemplateUnit};
use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, SystemTime};

fn opts() -> TemplateOptions {
    TemplateOptions {
        lang: Lang::Zh,
        year: 2025,
        deadline: Some("2026年1月15日".into()),
        contact: None,
    }
}

/// The sample district's staffing, roster and survey, read.
fn read_inputs(dir: &Path, survey: &Path) -> Inputs {
    let staffing = load(&dir.join("staffing.xlsx"), TableKind::Staffing, &LoadOptions::default()).unwrap();
    let known = LoadOptions {
        known_units: Some(std::sync::Arc::new(satlas::ingest::unit_names(&staffing.frame))),
        ..LoadOptions::default()
    };
    Inputs {
        roster: Some(load(&dir.join("roster.xlsx"), TableKind::Roster, &known).unwrap()),
        survey: Some(load(survey, TableKind::Survey, &known).unwrap()),
        staffing: Some(staffing),
        ..Default::default()
    }
}

fn workloads(a: &Analysis) -> BTreeMap<String, Option<f64>> {
    let r = Rows::new(&a.units).unwrap();
    (0..r.height())
        .map(|i| {
            (
                r.str(col::UNIT, i).unwrap().to_owned(),
                r.f64(col::WORKLOAD_REPORTED, i),
            )
        })
        .collect()
}

/// A row's annual hours as the engine reads them (frequency × hours each, or annual hours).
fn hours(a: &Analysis, unit: &str, keep: impl Fn(&str, &str) -> bool) -> f64 {
    let r = Rows::new(&a.tasks).unwrap();
    (0..r.height())
        .filter(|&i| r.str(col::UNIT, i) == Some(unit))
        .filter(|&i| keep(r.str(col::PERSON, i).unwrap_or(""), r.str(col::TASK, i).unwrap_or("")))
        .filter_map(|i| r.f64(col::ANNUAL_HOURS, i))
        .sum()
}

/// A round on the sample district: a work folder, the district's files in `数据`, an empty
/// `回收` folder for the returns, and each unit's form as it would come back.
fn round() -> (
    tempfile::TempDir,
    std::path::PathBuf,
    std::path::PathBuf,
    Vec<TemplateUnit>,
) {
    let work = common::workdir();
    let inputs_dir = work.path().join("数据");
    let d = generate::sample_district();
    generate::write_district(&d, &inputs_dir, &[Format::Xlsx]).unwrap();
    let forms = generate::returned_forms(&d, 2025);
    let dir = work.path().join("回收");
    std::fs::create_dir(&dir).unwrap();
    (work, inputs_dir, dir, forms)
}

/// The analysis of the returns in `dir`, where each of `units` has the workload the district's
/// own survey gives it.
fn returned_as_filed(inputs_dir: &Path, dir: &Path, units: &[&TemplateUnit]) -> Analysis {
    let base = analyze(
        &read_inputs(inputs_dir, &inputs_dir.join("survey.xlsx")),
        &Default::default(),
    )
    .unwrap();
    let got = analyze(&read_inputs(inputs_dir, dir), &Default::default()).unwrap();
    let (want, got_w) = (workloads(&base), workloads(&got));
    for f in units {
        let (g, w) = (got_w[&f.name].unwrap(), want[&f.name].unwrap());
        assert!((g - w).abs() < 1e-6, "{}: {g} vs {w}", f.name);
    }
    got
}

/// A form filled by hand: an extra sheet first, the columns in another order, minutes for
/// hours; its marker names `marked`, its rows `unit`.
fn by_hand(path: &Path, marked: &str, unit: &str, rows: &[FormRow]) {
    let mut wb = Workbook::new();
    let notes = wb.add_worksheet();
    notes.set_name("我的草稿").unwrap();
    notes.write(0, 0, "先在这里算一下").unwrap();
    notes.write(1, 0, 123).unwrap();
    let ws = wb.add_worksheet();
    ws.set_name("工作量调查表").unwrap();
    ws.write(0, 0, format!("{marked} 工作量调查表")).unwrap();
    let header = [
        "工作事项",
        "姓名",
        "单位名称",
        "每次用时（分钟）",
        "频次",
        "频次周期",
        "年工作时长（小时）",
    ];
    for (c, h) in header.iter().enumerate() {
        ws.write(2, c as u16, *h).unwrap();
    }
    for (i, r) in rows.iter().enumerate() {
        let row = 3 + i as u32;
        ws.write(row, 0, &r.task).unwrap();
        ws.write(row, 1, r.person.as_deref().unwrap_or("")).unwrap();
        ws.write(row, 2, unit).unwrap();
        if let Some(h) = r.hours_each {
            ws.write(row, 3, h * 60.0).unwrap();
        }
        if let Some(f) = r.frequency {
            ws.write(row, 4, f).unwrap();
        }
        if let Some(p) = r.period {
            ws.write(row, 5, p.code()).unwrap();
        }
        if let Some(a) = r.annual_hours {
            ws.write(row, 6, a).unwrap();
        }
    }
    let marker = Marker {
        version: VERSION,
        year: Some(2025),
        sheets: vec![MarkedSheet {
            sheet: "工作量调查表".into(),
            unit: marked.into(),
            code: code(marked),
        }],
    };
    let m = wb.add_worksheet();
    m.set_name("_satlas").unwrap();
    for (r, cells) in marker.rows().iter().enumerate() {
        for (c, v) in cells.iter().enumerate() {
            m.write(r as u32, c as u16, v).unwrap();
        }
    }
    m.set_hidden(true);
    wb.save(path).unwrap();
}

/// Write one unit's form into `dir` as file `name`.
fn form(dir: &Path, name: &str, unit: &TemplateUnit) {
    let tmp = dir.join(format!(".{name}.d"));
    let written = template::write_per_unit(&tmp, std::slice::from_ref(unit), &[], &opts()).unwrap();
    std::fs::rename(&written[0], dir.join(name)).unwrap();
    std::fs::remove_dir(&tmp).unwrap();
}

fn set_age(path: &Path, seconds_ago: u64) {
    let f = std::fs::File::options().write(true).open(path).unwrap();
    f.set_modified(SystemTime::now() - Duration::from_secs(seconds_ago))
        .unwrap();
}

#[test]
fn a_round_of_returns_gives_every_figure_and_the_completeness_table() {
    let work = common::workdir();
    let inputs_dir = work.path().join("数据");
    let d = generate::sample_district();
    generate::write_district(&d, &inputs_dir, &[Format::Xlsx]).unwrap();
    let year = d.survey.iter().map(|r| r.year).max().unwrap();
    let base = analyze(
        &read_inputs(&inputs_dir, &inputs_dir.join("survey.xlsx")),
        &Default::default(),
    )
    .unwrap();
    let forms = generate::returned_forms(&d, year);
    assert!(forms.len() > 12, "{}", forms.len());
    let name = |i: usize| forms[i].name.clone();

    let returns = work.path().join("回收 2025");
    std::fs::create_dir(&returns).unwrap();
    let sub = returns.join("第二批");
    std::fs::create_dir(&sub).unwrap();
    // Units 0 and 1 return nothing. Unit 2 renames its file; unit 3 fills its form by hand.
    form(&sub, "回执 (1).xlsx", &forms[2]);
    by_hand(
        &returns.join(format!("{}.xlsx", name(3))),
        &name(3),
        &name(3),
        &forms[3].filled,
    );
    // Unit 4 fills in unit 5's form (unit 5 returns nothing of its own).
    by_hand(
        &returns.join(format!("{}.xlsx", name(5))),
        &name(5),
        &name(4),
        &forms[4].filled,
    );
    // Unit 6 returns twice: the later form drops its first row.
    form(&returns, &format!("{}.xlsx", name(6)), &forms[6]);
    set_age(&returns.join(format!("{}.xlsx", name(6))), 3600);
    let mut again = forms[6].clone();
    let dropped = again.filled.remove(0);
    form(&returns, &format!("{} 更正.xlsx", name(6)), &again);
    // Unit 7 returns the blank form; unit 8 leaves one person out.
    let blank = TemplateUnit {
        filled: Vec::new(),
        ..forms[7].clone()
    };
    form(&returns, &format!("{}.xlsx", name(7)), &blank);
    let mut partial = forms[8].clone();
    let left_person = partial.filled[0].person.clone().unwrap();
    partial.filled.retain(|r| r.person.as_deref() != Some(&left_person));
    form(&returns, &format!("{}.xlsx", name(8)), &partial);
    // Unit 9 comes in a zip; the rest as sent.
    form(&returns, "z.xlsx", &forms[9]);
    zip_one(
        &returns.join("z.xlsx"),
        &returns.join("邮件附件.zip"),
        &format!("{}.xlsx", name(9)),
    );
    for f in &forms[10..] {
        form(&returns, &format!("{}.xlsx", f.name), f);
    }
    // Files that are no survey: a note, the staffing table, an Office lock file.
    std::fs::write(returns.join("说明.docx"), b"not a workbook").unwrap();
    std::fs::copy(inputs_dir.join("staffing.xlsx"), returns.join("编制表副本.xlsx")).unwrap();
    std::fs::write(returns.join(format!("~${}.xlsx", name(10))), b"lock").unwrap();

    let inputs = read_inputs(&inputs_dir, &returns);
    let a = analyze(&inputs, &Default::default()).unwrap();
    let (got, want) = (workloads(&a), workloads(&base));
    for (i, f) in forms.iter().enumerate() {
        let unit = f.name.as_str();
        let expected = match i {
            0 | 1 | 5 | 7 => None,
            6 => want[unit].map(|w| {
                w - hours(&base, unit, |p, t| {
                    Some(p) == dropped.person.as_deref() && t == dropped.task
                })
            }),
            8 => want[unit].map(|w| w - hours(&base, unit, |p, _| p == left_person)),
            _ => want[unit],
        };
        match (got[unit], expected) {
            (Some(g), Some(e)) => assert!((g - e).abs() < 1e-6, "{unit}: {g} vs {e}"),
            (g, e) => assert_eq!(g, e, "{unit}"),
        }
    }
    // The completeness table, unit by unit.
    let table = a.returns.as_ref().expect("a 回收情况 table");
    let r = Rows::new(table).unwrap();
    let status: BTreeMap<&str, ReturnStatus> = (0..r.height())
        .map(|i| {
            (
                r.str(col::UNIT, i).unwrap(),
                ReturnStatus::from_code(r.str(col::RETURN_STATUS, i).unwrap()).unwrap(),
            )
        })
        .collect();
    for (i, f) in forms.iter().enumerate() {
        let expected = match i {
            0 | 1 | 5 => ReturnStatus::Missing,
            7 => ReturnStatus::Empty,
            8 => ReturnStatus::Partial,
            _ => ReturnStatus::Returned,
        };
        assert_eq!(status[f.name.as_str()], expected, "{}", f.name);
    }
    let row_of = |unit: &str| (0..r.height()).find(|&i| r.str(col::UNIT, i) == Some(unit)).unwrap();
    let six = row_of(&name(6));
    assert_eq!(r.i64(col::RETURN_FILES, six), Some(2));
    assert_eq!(
        r.str(col::COUNTED_FILE, six),
        Some(format!("{} 更正.xlsx", name(6)).as_str())
    );
    assert_eq!(r.str(col::PEOPLE_MISSING, row_of(&name(8))), Some(left_person.as_str()));
    assert_eq!(r.str(col::COUNTED_FILE, row_of(&name(2))), Some("第二批/回执 (1).xlsx"));
    assert_eq!(
        r.str(col::COUNTED_FILE, row_of(&name(9))),
        Some(format!("邮件附件.zip/{}.xlsx", name(9)).as_str())
    );
    // Unit 5's form, filled in by unit 4, is said beside unit 5.
    let note = format!("{}.xlsx → {}", name(5), name(4));
    assert_eq!(r.str(col::RETURN_NOTE, row_of(&name(5))), Some(note.as_str()));
    // What the folder said, each naming its file.
    let said = |code: &str| a.findings.iter().filter(|f| f.code == code).collect::<Vec<_>>();
    assert!(
        said("form_of_other_unit")
            .iter()
            .any(|f| f.location.file == format!("{}.xlsx", name(5)))
    );
    assert!(
        said("returned_twice")
            .iter()
            .any(|f| f.location.file == format!("{}.xlsx", name(6)))
    );
    assert!(
        said("empty_return")
            .iter()
            .any(|f| f.location.file == format!("{}.xlsx", name(7)))
    );
    assert!(
        said("not_a_survey")
            .iter()
            .any(|f| f.location.file == "编制表副本.xlsx")
    );
    assert!(said("skipped_files").iter().any(|f| f.zh.contains("说明.docx")));
    // Units 0, 1 and 5, and every unit the sample gives no survey at all.
    let never = table.height() - forms.len();
    assert_eq!(said("no_return").len(), 3 + never, "{:?}", said("no_return"));
    let summary = &said("returns")[0];
    assert!(
        summary.zh.contains(&format!("应回收 {} 个单位", table.height())),
        "{}",
        summary.zh
    );
    // The units still owed are listed in each language's way: "、" in Chinese, commas in English.
    assert!(
        summary.zh.contains(&format!("{}、{}", name(0), name(1))),
        "{}",
        summary.zh
    );
    assert!(
        summary.en.contains(&format!("{}, {}", name(0), name(1))),
        "{}",
        summary.en
    );
    assert!(!summary.en.contains('、'), "{}", summary.en);
}

/// Put `file` into a new zip `zip` as `name`.
fn zip_one(file: &Path, zip: &Path, name: &str) {
    use std::io::Write;
    let bytes = std::fs::read(file).unwrap();
    std::fs::remove_file(file).unwrap();
    let mut z = zip::ZipWriter::new(std::fs::File::create(zip).unwrap());
    z.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
    z.write_all(&bytes).unwrap();
    z.finish().unwrap();
}

/// Hostile folders: a link to itself, a pipe named like a workbook, a damaged workbook, a zip
/// bomb, ten thousand tiny files, a file another program holds — each a finding or a clear
/// refusal, never a hang or a panic.
#[test]
fn hostile_folders_give_findings_not_hangs() {
    let work = common::workdir();
    let dir = work.path().join("乱 文件夹");
    std::fs::create_dir(&dir).unwrap();
    let d = generate::sample_district();
    let forms = generate::returned_forms(&d, 2025);
    form(&dir, "好的.xlsx", &forms[0]);
    std::fs::write(dir.join("坏的.xlsx"), b"PK\x03\x04 this is no workbook").unwrap();
    // A zip whose one entry inflates past what a survey could be.
    {
        use std::io::Write;
        let mut z = zip::ZipWriter::new(std::fs::File::create(dir.join("炸弹.zip")).unwrap());
        z.start_file("大.xlsx", zip::write::SimpleFileOptions::default())
            .unwrap();
        let zeros = vec![0u8; 1 << 20];
        for _ in 0..(satlas::ingest::returns::MAX_ENTRY_BYTES >> 20) + 1 {
            z.write_all(&zeros).unwrap();
        }
        z.finish().unwrap();
    }
    let many = dir.join("许多");
    std::fs::create_dir(&many).unwrap();
    for i in 0..10_000 {
        std::fs::write(many.join(format!("{i}.txt")), b"x").unwrap();
    }
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(&dir, dir.join("回到自己")).unwrap();
        let fifo = dir.join("管道.xlsx");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status().unwrap();
        assert!(made.success(), "mkfifo");
    }
    let loaded = load(&dir, TableKind::Survey, &LoadOptions::default()).unwrap();
    let returns = loaded.returns.as_ref().unwrap();
    let counted: Vec<&str> = returns
        .files
        .iter()
        .filter(|f| f.state == satlas::ingest::returns::FileState::Counted)
        .map(|f| f.file.as_str())
        .collect();
    assert_eq!(counted, ["好的.xlsx"]);
    let said = |code: &str| loaded.findings.iter().filter(|f| f.code == code).collect::<Vec<_>>();
    assert!(said("unreadable").iter().any(|f| f.location.file == "坏的.xlsx"));
    assert!(
        said("skipped_files")
            .iter()
            .any(|f| f.location.file == "炸弹.zip/大.xlsx"),
        "{:?}",
        said("skipped_files")
    );
    assert!(
        said("skipped_files")
            .iter()
            .any(|f| f.zh.contains("非电子表格文件 10000 个"))
    );
    #[cfg(unix)]
    assert!(
        said("skipped_files")
            .iter()
            .any(|f| f.zh.contains("回到自己") && f.zh.contains("管道.xlsx"))
    );
    // A file another program holds is said as such.
    let held = satlas::ingest::io_finding("占用.xlsx", &std::io::Error::from(std::io::ErrorKind::ResourceBusy));
    assert!(held.zh.contains("其他程序"), "{}", held.zh);
    // A folder with no spreadsheet at all is refused, saying so.
    let empty = work.path().join("空");
    std::fs::create_dir(&empty).unwrap();
    let e = load(&empty, TableKind::Survey, &LoadOptions::default()).unwrap_err();
    assert_eq!(e.0.code, "no_returns");
    // Only a survey is read from a folder.
    let e = load(&dir, TableKind::Staffing, &LoadOptions::default()).unwrap_err();
    assert!(e.0.zh.contains("文件夹"), "{}", e.0.zh);
}

/// A read of a folder is told file by file how far it has come, and stops when told to.
#[test]
fn a_folder_read_counts_files_and_stops_when_told() {
    let work = common::workdir();
    let dir = work.path().join("回收");
    let d = generate::sample_district();
    let forms = generate::returned_forms(&d, 2025);
    template::write_per_unit(&dir, &forms[..20], &[], &opts()).unwrap();
    let seen = std::sync::Mutex::new(Vec::new());
    let watch = |done: usize, of: Option<usize>| {
        seen.lock().unwrap().push((done, of));
        true
    };
    satlas::ingest::load_watched(&dir, TableKind::Survey, &LoadOptions::default(), &watch).unwrap();
    let seen = seen.into_inner().unwrap();
    assert!(
        seen.contains(&(0, Some(20))) && seen.contains(&(20, Some(20))),
        "{seen:?}"
    );
    let stop = |done: usize, _: Option<usize>| done < 3;
    let e = satlas::ingest::load_watched(&dir, TableKind::Survey, &LoadOptions::default(), &stop).unwrap_err();
    assert_eq!(e.0.code, "cancelled");
}

/// A workbook with a sheet per unit, returned filled (one sheet left blank), counts each sheet
/// for its unit.
#[test]
fn one_workbook_returned_counts_each_sheet_for_its_unit() {
    let work = common::workdir();
    let dir = work.path().join("合并回收");
    std::fs::create_dir(&dir).unwrap();
    let d = generate::sample_district();
    let mut forms = generate::returned_forms(&d, 2025)[..4].to_vec();
    forms[2].filled.clear();
    template::write_one(&dir.join("全区.xlsx"), &forms, &[], &opts()).unwrap();
    let loaded = load(&dir, TableKind::Survey, &LoadOptions::default()).unwrap();
    let files = &loaded.returns.as_ref().unwrap().files;
    let state_of = |unit: &str| {
        files
            .iter()
            .find(|f| f.units.iter().any(|u| u == unit))
            .map(|f| (f.state, f.sheet.clone()))
    };
    use satlas::ingest::returns::FileState;
    for (i, f) in forms.iter().enumerate() {
        let (state, sheet) = state_of(&f.name).unwrap_or_else(|| panic!("{} in {files:?}", f.name));
        let want = if i == 2 { FileState::Empty } else { FileState::Counted };
        assert_eq!(state, want, "{}", f.name);
        assert!(sheet.is_some(), "{} names its sheet", f.name);
    }
    let rows: usize = forms.iter().map(|f| f.filled.len()).sum();
    assert_eq!(loaded.frame.height(), rows);
}

/// What a review found: a merged file beside a unit's own form counts the unit once (its own
/// form); a mistyped unit in a known unit's form counts for that unit; a returned file that
/// cannot be read is not "not returned"; the finding about an unknown unit names its file.
#[test]
fn review_cases_of_the_returns() {
    let (_work, inputs_dir, dir, forms) = round();
    let (a, b) = (&forms[0], &forms[1]);
    form(&dir, &format!("{}.xlsx", a.name), a);
    // A merged file holding a's and b's rows (a unit of several): a counts its own form.
    let mut merged = Workbook::new();
    let ws = merged.add_worksheet();
    for (c, h) in [
        "单位名称",
        "姓名",
        "工作事项",
        "频次周期",
        "频次",
        "每次用时（小时）",
        "年工作时长（小时）",
    ]
    .iter()
    .enumerate()
    {
        ws.write(0, c as u16, *h).unwrap();
    }
    let mut row = 1;
    for f in [a, b] {
        for r in &f.filled {
            ws.write(row, 0, &f.name).unwrap();
            ws.write(row, 1, r.person.as_deref().unwrap_or("")).unwrap();
            ws.write(row, 2, &r.task).unwrap();
            if let Some(p) = r.period {
                ws.write(row, 3, p.code()).unwrap();
            }
            for (c, v) in [(4, r.frequency), (5, r.hours_each), (6, r.annual_hours)] {
                if let Some(v) = v {
                    ws.write(row, c, v).unwrap();
                }
            }
            row += 1;
        }
    }
    merged.save(dir.join("系统汇总.xlsx")).unwrap();
    // c's form with its unit mistyped; d's form damaged; e's rows under a unit nobody has.
    let (c, dd, e) = (&forms[2], &forms[3], &forms[4]);
    by_hand(
        &dir.join(format!("{}.xlsx", c.name)),
        &c.name,
        "区某某错字单位",
        &c.filled,
    );
    std::fs::write(dir.join(format!("{}.xlsx", dd.name)), b"PK\x03\x04 damaged").unwrap();
    by_hand(&dir.join("补报.xlsx"), "", "区不存在的所", &e.filled);

    let got = returned_as_filed(&inputs_dir, &dir, &[a, b, c]);
    let r = Rows::new(got.returns.as_ref().unwrap()).unwrap();
    let status = |unit: &str| {
        (0..r.height())
            .find(|&i| r.str(col::UNIT, i) == Some(unit))
            .and_then(|i| r.str(col::RETURN_STATUS, i))
            .and_then(ReturnStatus::from_code)
            .unwrap()
    };
    assert_eq!(status(&a.name), ReturnStatus::Returned);
    assert_eq!(status(&b.name), ReturnStatus::Returned);
    assert_eq!(status(&c.name), ReturnStatus::Returned);
    assert_eq!(status(&dd.name), ReturnStatus::Unusable);
    let said = |code: &str| got.findings.iter().filter(|f| f.code == code).collect::<Vec<_>>();
    assert!(
        said("returned_twice")
            .iter()
            .any(|f| f.location.file == "系统汇总.xlsx")
    );
    assert!(
        said("form_unit_unknown")
            .iter()
            .any(|f| f.location.file == format!("{}.xlsx", c.name))
    );
    assert!(
        said("survey_unit_unknown")
            .iter()
            .any(|f| f.location.file == "补报.xlsx"),
        "{:?}",
        said("survey_unit_unknown")
    );
    assert!(!said("no_return").iter().any(|f| f.zh.contains(&dd.name)));
}

/// A time written with its unit in an hours column counts in that unit: 30分钟 is half an hour.
#[test]
fn minutes_written_in_an_hours_cell_are_turned_into_hours() {
    let csv = "单位名称,姓名,工作事项,频次周期,频次,每次用时（小时）\n区财政局,甲,接待,每日,2,30分钟\n区财政局,甲,报表,每月,1,2小时\n";
    let l = satlas::ingest::load_bytes(
        csv.as_bytes().to_vec(),
        "s.csv",
        TableKind::Survey,
        &LoadOptions::default(),
    )
    .unwrap();
    let each: Vec<Option<f64>> = l.frame.column(col::HOURS_EACH).unwrap().f64().unwrap().iter().collect();
    assert_eq!(each, [Some(0.5), Some(2.0)]);
}

/// Someone who filed work but is not on the unit's roster is counted as filed, and said at the
/// file and row that names them.
#[test]
fn a_person_off_the_roster_is_said_with_their_file_and_row() {
    let (_work, inputs_dir, dir, forms) = round();
    let mut f = forms[0].clone();
    let mut extra = f.filled[0].clone();
    extra.person = Some("张三丰".into());
    f.filled.push(extra);
    by_hand(&dir.join("甲.xlsx"), &f.name, &f.name, &f.filled);
    let a = analyze(&read_inputs(&inputs_dir, &dir), &Default::default()).unwrap();
    let said: Vec<_> = a.findings.iter().filter(|x| x.code == "person_not_on_roster").collect();
    assert_eq!(said.len(), 1, "{said:?}");
    assert!(
        said[0].zh.contains("张三丰") && said[0].location.file == "甲.xlsx",
        "{:?}",
        said[0]
    );
    assert_eq!(said[0].location.row, Some(3 + f.filled.len() as u32));
}

/// A round with units to chase, and rows counted for the unit their form names, are said over
/// every view (the findings that touch figures), not only in the findings list.
#[test]
fn a_round_to_chase_and_rows_counted_on_a_guess_are_said_over_every_view() {
    let (_work, inputs_dir, dir, forms) = round();
    let c = &forms[0];
    by_hand(&dir.join("甲.xlsx"), &c.name, "区某某错字单位", &c.filled);
    let a = analyze(&read_inputs(&inputs_dir, &dir), &Default::default()).unwrap();
    let over: Vec<&str> = a
        .findings
        .iter()
        .filter(|f| f.touches_figures())
        .map(|f| f.code.as_str())
        .collect();
    assert!(
        over.contains(&"returns") && over.contains(&"form_unit_unknown"),
        "{over:?}"
    );
}

/// A unit's rows exported from a system as parquet count as its return, beside the forms.
#[test]
fn a_parquet_table_in_the_folder_counts_as_a_return() {
    use polars::prelude::*;
    let (_work, inputs_dir, dir, forms) = round();
    let (a, b) = (&forms[0], &forms[1]);
    form(&dir, &format!("{}.xlsx", a.name), a);
    let mut rows = df!(
        "单位名称" => b.filled.iter().map(|_| b.name.clone()).collect::<Vec<_>>(),
        "姓名" => b.filled.iter().map(|r| r.person.clone()).collect::<Vec<_>>(),
        "工作事项" => b.filled.iter().map(|r| r.task.clone()).collect::<Vec<_>>(),
        "频次周期" => b.filled.iter().map(|r| r.period.map(|p| p.code())).collect::<Vec<_>>(),
        "频次" => b.filled.iter().map(|r| r.frequency).collect::<Vec<_>>(),
        "每次用时（小时）" => b.filled.iter().map(|r| r.hours_each).collect::<Vec<_>>(),
        "年工作时长（小时）" => b.filled.iter().map(|r| r.annual_hours).collect::<Vec<_>>(),
    )
    .unwrap();
    let exported = dir.join("系统 导出.parquet");
    ParquetWriter::new(std::fs::File::create(&exported).unwrap())
        .finish(&mut rows)
        .unwrap();

    let got = returned_as_filed(&inputs_dir, &dir, &[a, b]);
    let r = Rows::new(got.returns.as_ref().unwrap()).unwrap();
    let returned = (0..r.height())
        .filter(|&i| r.str(col::RETURN_STATUS, i).and_then(ReturnStatus::from_code) == Some(ReturnStatus::Returned))
        .count();
    assert_eq!(returned, 2, "{}", got.returns.as_ref().unwrap());
    let files: Vec<&str> = (0..r.height()).filter_map(|i| r.str(col::COUNTED_FILE, i)).collect();
    assert!(files.iter().any(|f| f.contains("系统 导出.parquet")), "{files:?}");
}

/// A report written into the folder of returns (csv, parquet with the survey's rows, xlsx) is
/// not read again as returns: the same files counted, the same figures, and each report said.
#[test]
fn satlas_reports_written_into_the_folder_are_not_read_as_returns() {
    use satlas::export::NamedTable;
    let (_work, inputs_dir, dir, forms) = round();
    let (a, b) = (&forms[0], &forms[1]);
    form(&dir, &format!("{}.xlsx", a.name), a);
    form(&dir, &format!("{}.xlsx", b.name), b);
    let before = returned_as_filed(&inputs_dir, &dir, &[a, b]);
    let inputs = read_inputs(&inputs_dir, &dir);
    let params = Default::default();
    let report = satlas::report::Report::build(&before, None, &params, &before.findings, &inputs, Lang::Zh).unwrap();
    let survey = satlas::report::survey_rows(&inputs).unwrap().unwrap();
    let mut tables = report.tables();
    tables.push(NamedTable {
        key: satlas::model::Sheet::Survey,
        frame: &survey,
    });
    let reports = [
        ("汇总 报告.csv", Lang::Zh),
        ("汇总 报告.parquet", Lang::Zh),
        ("sub/report.parquet", Lang::Zh),
        ("汇总 报告.xlsx", Lang::Zh),
        ("sub/report.xlsx", Lang::En),
    ];
    for (name, lang) in reports {
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        let tables: Vec<NamedTable> = match name.ends_with(".parquet") {
            true => tables.clone(),
            false => tables
                .iter()
                .filter(|t| t.key != satlas::model::Sheet::Survey)
                .cloned()
                .collect(),
        };
        satlas::export::write_report(&path, &tables, lang, &[]).unwrap();
    }

    let after = returned_as_filed(&inputs_dir, &dir, &[a, b]);
    assert_eq!(workloads(&after), workloads(&before));
    let counted = |x: &Analysis| {
        satlas::analysis::Rows::new(x.returns.as_ref().unwrap()).map(|r| {
            (0..r.height())
                .map(|i| r.str(col::COUNTED_FILE, i).map(str::to_owned))
                .collect::<Vec<_>>()
        })
    };
    assert_eq!(counted(&after).unwrap(), counted(&before).unwrap());
    let written = walkdir::WalkDir::new(&dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "csv" || x == "parquet"))
        .count();
    let said: Vec<_> = after.findings.iter().filter(|f| f.code == "own_report").collect();
    assert_eq!(said.len(), 3, "{said:?}");
    assert!(said[0].zh.contains(&format!("报告文件 {written} 个")), "{}", said[0].zh);
    assert!(
        said[0].en.contains(", ") && !said[0].en.contains('、'),
        "{}",
        said[0].en
    );
    let workbooks: Vec<&str> = said[1..].iter().map(|f| f.location.file.as_str()).collect();
    assert_eq!(workbooks, ["sub/report.xlsx", "汇总 报告.xlsx"]);
    assert!(
        !after
            .findings
            .iter()
            .any(|f| f.code == "not_a_survey" || f.code == "returned_twice"),
        "{:?}",
        after.findings.iter().map(|f| &f.zh).collect::<Vec<_>>()
    );
}
