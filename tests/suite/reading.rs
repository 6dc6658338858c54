//! Files Satlas half-understands: each way an office writes a table that once gave silent wrong
//! figures, with its own fixture and the figures it must give now (or the refusal that names
//! the field to choose).

use crate::common;

use common::{V, workdir, write, xlsx};
use satlas::analysis::{Analysis, Rows, analyze};
use satlas::ingest::{self, Field, Inputs, LoadOptions, Loaded, TableKind, load};
use satlas::model::{Params, col};
use satlas::{Lang, Unusable};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;

const H: f64 = 1840.0;

/// Staffing with three units of known staff: 12/10, 8/8, 20/16.
const STAFFING: &str = "单位名称,核定编制数,实有人数\n区财政局,12,10\n区教育局,8,8\n区档案馆,20,16\n";

fn staffing_at(dir: &Path, text: &str) -> PathBuf {
    write(&dir.join("编制表.csv"), text)
}

/// Load the staffing table, then the survey with the staffing units known (as the CLI and the
/// app do), and analyse.
fn run(staffing: &Path, survey: Option<&Path>) -> (Inputs, Analysis) {
    let opts = LoadOptions::default();
    let staffing = load(staffing, TableKind::Staffing, &opts).unwrap_or_else(|e| panic!("{}", e.0.line(Lang::En)));
    let units = Arc::new(ingest::unit_names(&staffing.frame));
    let survey = survey.map(|p| {
        let opts = LoadOptions {
            known_units: Some(units.clone()),
            ..Default::default()
        };
        load(p, TableKind::Survey, &opts).unwrap_or_else(|e| panic!("{}", e.0.line(Lang::En)))
    });
    let inputs = Inputs {
        staffing: Some(staffing),
        roster: None,
        survey,
        ..Default::default()
    };
    let a = analyze(&inputs, &Params::default()).unwrap();
    (inputs, a)
}

/// A figure of a unit in the units table.
fn figure(a: &Analysis, unit: &str, column: &str) -> Option<f64> {
    let rows = Rows::new(&a.units).unwrap();
    let i = (0..a.units.height())
        .find(|&i| rows.str(col::UNIT, i) == Some(unit))
        .unwrap_or_else(|| panic!("no unit {unit}"));
    rows.f64(column, i)
}

fn units(a: &Analysis) -> Vec<String> {
    let rows = Rows::new(&a.units).unwrap();
    (0..a.units.height())
        .map(|i| rows.str(col::UNIT, i).unwrap().to_owned())
        .collect()
}

fn close(a: Option<f64>, b: f64) {
    let a = a.expect("a figure, not unknown");
    assert!((a - b).abs() < 1e-9, "{a} != {b}");
}

fn field_column(l: &Loaded, field: Field) -> Option<String> {
    l.columns
        .iter()
        .find(|c| c.field.as_deref() == Some(field.name()))
        .map(|c| c.header.clone())
}

#[test]
fn people_by_id_filing_the_same_task_both_count() {
    let d = workdir();
    let staffing = staffing_at(d.path(), STAFFING);
    // Two people (by 工号) file the same task with the same hours: two rows, not a duplicate.
    let survey = write(
        &d.path().join("调查.csv"),
        "单位名称,工号,工作事项,年工时\n区财政局,A001,预算编制,900\n区财政局,A002,预算编制,900\n区财政局,A002,预算编制,900\n",
    );
    let (inputs, a) = run(&staffing, Some(&survey));
    assert_eq!(
        field_column(inputs.survey.as_ref().unwrap(), Field::Person).as_deref(),
        Some("工号")
    );
    // A002's row filed twice counts once; A001 and A002 both count.
    close(figure(&a, "区财政局", col::WORKLOAD), 1800.0);
    close(figure(&a, "区财政局", col::SATURATION), 1800.0 / H / 10.0);
    // As reported is everything filed; cleaning is the difference.
    close(figure(&a, "区财政局", col::WORKLOAD_REPORTED), 2700.0);
}

#[test]
fn rows_differing_in_an_unmapped_section_column_are_different_rows() {
    let d = workdir();
    let staffing = staffing_at(d.path(), STAFFING);
    let survey = write(
        &d.path().join("调查.csv"),
        "序号,单位名称,科室,工作事项,年工时\n1,区教育局,督导科,督导检查,600\n2,区教育局,基教科,督导检查,600\n",
    );
    let (_, a) = run(&staffing, Some(&survey));
    close(figure(&a, "区教育局", col::WORKLOAD), 1200.0);
}

#[test]
fn the_unit_column_is_found_by_its_values_under_any_header() {
    let d = workdir();
    let staffing = staffing_at(d.path(), STAFFING);
    // "承担部门" is in no synonym list; "处室" holds sections, not units.
    let survey = write(
        &d.path().join("调查.csv"),
        "处室,承担部门,工作事项,年工时\n综合科,区财政局,预算,920\n综合科,区财政局,会议,920\n办公室,区档案馆,档案整理,1840\n",
    );
    let (inputs, a) = run(&staffing, Some(&survey));
    let l = inputs.survey.as_ref().unwrap();
    assert_eq!(field_column(l, Field::Unit).as_deref(), Some("承担部门"));
    close(figure(&a, "区财政局", col::SATURATION), 1840.0 / H / 10.0);
    close(figure(&a, "区档案馆", col::SATURATION), 1.0 / 16.0);
    // The receipt says the unit was read by its values.
    let receipt = ingest::receipt::text(l, Lang::Zh);
    assert!(receipt.contains("按内容"), "{receipt}");
}

#[test]
fn a_period_column_under_any_name_is_read_by_its_values() {
    let d = workdir();
    let staffing = staffing_at(d.path(), STAFFING);
    for header in ["频率", "频度", "发生周期", "时间单位", "办理周期"] {
        let survey = write(
            &d.path().join("调查.csv"),
            format!(
                "单位名称,工作事项,{header},次数,每次用时（小时）\n区财政局,审核,每周,2,1.5\n区财政局,报表,每月,1,4\n区财政局,检查,每季度,1,8\n"
            ),
        );
        let (inputs, a) = run(&staffing, Some(&survey));
        assert_eq!(
            field_column(inputs.survey.as_ref().unwrap(), Field::Period).as_deref(),
            Some(header)
        );
        let w = 2.0 * 1.5 * 49.6 + 4.0 * 12.0 + 8.0 * 4.0;
        close(figure(&a, "区财政局", col::WORKLOAD), w);
    }
}

#[test]
fn minutes_by_the_header_unit() {
    let d = workdir();
    let staffing = staffing_at(d.path(), STAFFING);
    for header in ["每次用时(min)", "用时（分）", "平均用时（分钟/次）", "单次耗时(分钟)"] {
        let survey = write(
            &d.path().join("调查.csv"),
            format!("单位名称,工作事项,周期,频次,{header}\n区财政局,接待,每日,2,30\n"),
        );
        let (_, a) = run(&staffing, Some(&survey));
        close(figure(&a, "区财政局", col::WORKLOAD), 2.0 * 0.5 * 248.0);
    }
    // Annual figures in minutes too.
    let survey = write(
        &d.path().join("调查.csv"),
        "单位名称,工作事项,年工作时长（分钟）\n区财政局,接待,6000\n",
    );
    let (_, a) = run(&staffing, Some(&survey));
    close(figure(&a, "区财政局", col::WORKLOAD), 100.0);
}

#[test]
fn approved_and_actual_under_other_names() {
    let d = workdir();
    for (approved, actual) in [
        ("核编数", "现有人员数"),
        ("定编数", "在职在编"),
        ("编制总数", "现有人数（人）"),
    ] {
        let staffing = staffing_at(
            d.path(),
            &format!("单位名称,{approved},{actual}\n区财政局,12,10\n区教育局,8,8\n"),
        );
        let (_, a) = run(&staffing, None);
        close(figure(&a, "区财政局", col::APPROVED), 12.0);
        close(figure(&a, "区财政局", col::ACTUAL), 10.0);
        close(figure(&a, "区财政局", col::VACANCY), 2.0);
    }
}

#[test]
fn a_missing_count_with_unclaimed_numbers_is_refused_naming_the_field() {
    let d = workdir();
    let staffing = staffing_at(d.path(), "单位名称,核定编制数,人员合计\n区财政局,12,10\n区教育局,8,8\n");
    let err = match load(&staffing, TableKind::Staffing, &LoadOptions::default()) {
        Ok(_) => panic!("read a table whose staff column is a guess"),
        Err(Unusable(f)) => f,
    };
    assert_eq!(err.code, "ambiguous_column");
    assert!(err.zh.contains("实有人数") && err.zh.contains("人员合计"), "{}", err.zh);
    assert!(err.en.contains("--map 'staffing:actual=人员合计'"), "{}", err.en);
    // Choosing it reads the table.
    let opts = LoadOptions {
        overrides: [("actual".to_owned(), "人员合计".to_owned())].into(),
        ..Default::default()
    };
    let l = load(&staffing, TableKind::Staffing, &opts).unwrap();
    assert_eq!(l.frame.height(), 2);
}

#[test]
fn a_count_the_table_lacks_stays_unknown_with_a_warning() {
    let d = workdir();
    let staffing = staffing_at(d.path(), "单位名称,核定编制数,备注\n区财政局,12,\n区教育局,8,新设\n");
    let (inputs, a) = run(&staffing, None);
    let l = inputs.staffing.as_ref().unwrap();
    assert!(l.findings.iter().any(|f| f.code == "missing_count"));
    assert_eq!(figure(&a, "区财政局", col::ACTUAL), None);
    assert_eq!(figure(&a, "区财政局", col::VACANCY), None);
}

#[test]
fn headings_and_totals_by_any_name_are_not_units() {
    let d = workdir();
    let staffing = staffing_at(
        d.path(),
        "序号,单位名称,核定编制数,实有人数,领导职数\n\
         一、党委工作部门,,,,\n\
         1,区委办公室,10,9,3\n\
         2,区委组织部,8,8,2\n\
         3,区委宣传部,6,5,2\n\
         ,党委部门小计,24,22,7\n\
         政府工作部门,,,,\n\
         4,区财政局,12,10,3\n\
         5,区教育局,9,9,2\n\
         6,区档案馆,5,4,1\n\
         ,政府部门,26,23,6\n\
         三、参公单位,,,,\n\
         7,区社保中心,7,6,1\n\
         8,区就业局,3,3,1\n\
         全市合计,,60,54,15\n\
         总计（全县）,,60,54,15\n\
         All India,,60,54,15\n\
         全国,,60,54,15\n",
    );
    let (inputs, a) = run(&staffing, None);
    assert_eq!(
        units(&a).len(),
        8,
        "{:?} {:?}",
        units(&a),
        inputs.staffing.as_ref().unwrap().skipped
    );
    let sum: f64 = units(&a).iter().map(|u| figure(&a, u, col::APPROVED).unwrap()).sum();
    assert_eq!(sum, 60.0);
    let l = inputs.staffing.as_ref().unwrap();
    let skipped: Vec<(ingest::Skip, u32)> = l.skipped.iter().map(|s| (s.why, s.row)).collect();
    // Headings on rows 2, 7, 12; a sum under a plain name on row 11; named totals on 6 and
    // 15–18.
    for row in [2, 7, 12] {
        assert!(skipped.contains(&(ingest::Skip::Section, row)), "{skipped:?}");
    }
    assert!(skipped.contains(&(ingest::Skip::SumTotal, 11)), "{skipped:?}");
    for row in [6, 15, 16] {
        assert!(skipped.contains(&(ingest::Skip::Total, row)), "{skipped:?}");
    }
    // A whole area's name is a total too, but on a guess: a warning says so.
    for row in [17, 18] {
        assert!(skipped.contains(&(ingest::Skip::AreaTotal, row)), "{skipped:?}");
    }
    assert!(
        l.findings
            .iter()
            .any(|f| f.code == "area_total_row" && f.severity == satlas::Severity::Warning)
    );
    // Each is in the findings with its row.
    assert!(
        l.findings
            .iter()
            .any(|f| f.code == "sum_row" && f.location.row == Some(11))
    );
    assert!(
        l.findings
            .iter()
            .any(|f| f.code == "section_row" && f.location.row == Some(2))
    );
}

#[test]
fn unknown_staff_stays_unknown_in_rates_recoverable_quotas_and_the_plan() {
    let d = workdir();
    let staffing = staffing_at(
        d.path(),
        "单位名称,核定编制数,实有人数\n区财政局,12,10\n区教育局,8,8\n区档案馆,20,\n",
    );
    let survey = write(
        &d.path().join("调查.csv"),
        "单位名称,工作事项,年工时\n区财政局,预算,9200\n区教育局,督导,18400\n区档案馆,整理,1840\n",
    );
    let (_, a) = run(&staffing, Some(&survey));
    for c in [
        col::VACANCY,
        col::RECOVERABLE,
        col::SATURATION,
        col::IDLE,
        col::SHORTAGE,
    ] {
        assert_eq!(figure(&a, "区档案馆", c), None, "{c}");
    }
    assert!(a.findings.iter().any(|f| f.code == "unknown_actual"));
    // The district saturation divides only over units whose staff is known: (5 + 10) / 18.
    let district = Rows::new(&a.summary).unwrap();
    let sat = (0..a.summary.height())
        .find(|&i| district.str(col::METRIC, i) == Some(col::SATURATION))
        .and_then(|i| district.f64(col::VALUE, i));
    close(sat, 15.0 / 18.0);
    // The plan keeps the unknown unit's quota and says why.
    let plan = satlas::plan::plan(&a.unit_types, &Params::default()).unwrap();
    let rows = Rows::new(&plan.units).unwrap();
    let i = (0..plan.units.height())
        .find(|&i| rows.str(col::UNIT, i) == Some("区档案馆"))
        .unwrap();
    assert_eq!(rows.i64(satlas::plan::col::TARGET, i), Some(20));
    assert_eq!(rows.str(satlas::plan::col::REASON, i), Some("unknown_staff"));
    assert!(plan.findings.iter().any(|f| f.code == "plan_unknown_staff"));
}

#[test]
fn periods_offices_use_beside_the_five() {
    let d = workdir();
    let staffing = staffing_at(d.path(), STAFFING);
    let survey = write(
        &d.path().join("调查.csv"),
        "单位名称,工作事项,周期,频次,每次用时（小时）\n区财政局,半年报,每半年,1,10\n区财政局,例会,每两周,1,2\n区财政局,旬报,每旬,1,1\n区财政局,应急,不定期,5,4\n",
    );
    let (inputs, a) = run(&staffing, Some(&survey));
    let l = inputs.survey.as_ref().unwrap();
    assert!(!l.findings.iter().any(|f| f.code == "bad_period"), "{:?}", l.findings);
    close(
        figure(&a, "区财政局", col::WORKLOAD),
        10.0 * 2.0 + 2.0 * 24.8 + 36.0 + 5.0 * 4.0,
    );
}

#[test]
fn an_unmatched_survey_unit_names_the_likely_staffing_unit() {
    let d = workdir();
    let staffing = staffing_at(d.path(), STAFFING);
    let survey = write(
        &d.path().join("调查.csv"),
        "单位名称,工作事项,年工时\n区财政局,预算,900\n区挡案馆,整理,900\n",
    );
    let (_, a) = run(&staffing, Some(&survey));
    let f = a
        .findings
        .iter()
        .find(|f| f.code == "survey_unit_unknown")
        .expect("reported");
    assert!(f.zh.contains("区档案馆"), "{}", f.zh);
}

#[test]
fn hours_that_look_like_minutes_are_a_warning() {
    let d = workdir();
    let staffing = staffing_at(d.path(), STAFFING);
    let survey = write(
        &d.path().join("调查.csv"),
        "单位名称,工作事项,周期,频次,每次用时\n区财政局,接待,每日,2,30\n区财政局,审核,每周,1,45\n",
    );
    let (inputs, _) = run(&staffing, Some(&survey));
    let l = inputs.survey.as_ref().unwrap();
    assert!(
        l.findings.iter().any(|f| f.code == "low_confidence"),
        "{:?}",
        l.findings
    );
    assert!(ingest::receipt::text(l, Lang::Zh).contains('!'));
}

fn satlas() -> Command {
    Command::new(env!("CARGO_BIN_EXE_satlas"))
}

#[test]
fn map_entries_per_file_and_an_entry_that_fits_no_file() {
    let d = workdir();
    let staffing = staffing_at(d.path(), "机构,编制A,人数B\n区财政局,12,10\n区教育局,8,8\n");
    let survey = write(&d.path().join("调查.csv"), "机构,事情,时间\n区财政局,预算,1840\n");
    let out = d.path().join("报告.xlsx");
    let run = satlas()
        .args(["analyze", "--staffing"])
        .arg(&staffing)
        .arg("--survey")
        .arg(&survey)
        .args(["--map", "staffing:approved=编制A", "--map", "staffing:actual=人数B"])
        .args(["--map", "survey:task=事情", "--map", "survey:annual_hours=时间"])
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{stderr}");
    // The receipt comes before the figures, naming each chosen column.
    assert!(stderr.contains("手动指定"), "{stderr}");
    assert!(stderr.contains("编制A"), "{stderr}");
    let sheets = satlas::export::read_report_xlsx(&out).unwrap();
    assert!(
        sheets.iter().any(|(k, _)| k == "receipt"),
        "the 读取说明 sheet is written"
    );

    let run = satlas()
        .args(["analyze", "--staffing"])
        .arg(&staffing)
        .args([
            "--map",
            "approved=编制A",
            "--map",
            "actual=人数B",
            "--map",
            "unit=没有这列",
        ])
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(!run.status.success());
    assert!(stderr.contains("没有这列"), "{stderr}");
}

#[test]
fn a_closed_pipe_on_stdout_is_not_a_crash() {
    let d = workdir();
    let staffing = staffing_at(d.path(), STAFFING);
    let mut child = satlas()
        .args(["analyze", "--staffing"])
        .arg(&staffing)
        .arg("--out")
        .arg(d.path().join("r.csv"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Like `2>&1 | head -0`: the reader goes away before anything is written.
    drop(child.stdout.take());
    drop(child.stderr.take());
    let status = child.wait().unwrap();
    assert!(status.success(), "{status:?}");
}

#[test]
fn the_receipt_sheet_lists_every_field_and_skipped_rows() {
    let d = workdir();
    let path = xlsx(
        &d.path().join("编制表.xlsx"),
        "编制",
        &[
            vec![V::T("青川区机构编制情况表")],
            vec![V::T("单位名称"), V::T("核编数"), V::T("现有人员数")],
            vec![V::T("区财政局"), V::N(12.0), V::N(10.0)],
            vec![V::T("区教育局"), V::N(8.0), V::N(8.0)],
            vec![V::T("全区合计"), V::N(20.0), V::N(18.0)],
        ],
        &[],
    );
    let l = load(&path, TableKind::Staffing, &LoadOptions::default()).unwrap();
    let lines = ingest::receipt::lines(&l, Lang::Zh);
    let text: Vec<String> = lines
        .iter()
        .map(|x| format!("{} {} {} {}", x.item, x.column, x.samples, x.basis))
        .collect();
    let text = text.join("\n");
    for want in [
        "核定编制数",
        "B（核编数）",
        "C（现有人员数）",
        "12、8",
        "合计行",
        "第 5 行",
    ] {
        assert!(text.contains(want), "{want} in {text}");
    }
    let frame = ingest::receipt::frame(&[&l], Lang::Zh).unwrap();
    // A heading row, then one row per line.
    assert_eq!(frame.height(), lines.len() + 1);
    assert_eq!(frame.get_column_names()[1].as_str(), "项目");
}

// -- cases a review found, each once silently wrong -------------------------------------------

fn units_of(staffing: &str) -> Vec<String> {
    let d = workdir();
    let (_, a) = run(&staffing_at(d.path(), staffing), None);
    units(&a)
}

#[test]
fn task_and_person_names_with_total_words_are_work() {
    let d = workdir();
    let staffing = staffing_at(d.path(), STAFFING);
    let survey = write(
        &d.path().join("调查.csv"),
        "单位名称,姓名,工作事项,年工时\n区财政局,Suman Devi,财务数据汇总上报,100\n区财政局,Sumit Kumar,累计台账整理,200\n区财政局,张三,全区学籍总数核对,300\n区财政局,张三,Summary reports,400\n",
    );
    let (_, a) = run(&staffing, Some(&survey));
    close(figure(&a, "区财政局", col::WORKLOAD), 1000.0);
    // Unit names that start like totals are units.
    let names = units_of(
        "Unit,Approved posts,Staff in post\nAll India Institute of Medical Sciences,30,28\nSumerpur PHC,5,4\nKotchandpur UpHC,4,3\nAll India,39,35\n",
    );
    assert_eq!(
        names.len(),
        3,
        "{names:?}: the institute and the PHC are units, All India the total"
    );
}

#[test]
fn a_survey_subtotal_without_a_task_is_not_work_again() {
    let d = workdir();
    let staffing = staffing_at(d.path(), STAFFING);
    let survey = write(
        &d.path().join("调查.csv"),
        "单位名称,工作事项,年工作时长（小时）\n区财政局,预算,5000\n区财政局,会议,3000\n区财政局,,8000\n区教育局,督导,900\n区教育局,,100\n",
    );
    let (inputs, a) = run(&staffing, Some(&survey));
    close(figure(&a, "区财政局", col::WORKLOAD), 8000.0);
    // A row without a task that sums nothing is counted, and said to lack its task.
    close(figure(&a, "区教育局", col::WORKLOAD), 1000.0);
    let l = inputs.survey.as_ref().unwrap();
    assert!(l.findings.iter().any(|f| f.code == "missing_task"));
}

#[test]
fn a_subtotal_in_the_quota_type_column_is_left_out() {
    let d = workdir();
    let path = staffing_at(
        d.path(),
        "单位名称,编制类型,核定编制数,实有人数\n区教育局,行政编制,20,19\n区教育局,事业编制,6,5\n区教育局,小计,26,24\n",
    );
    let (_, a) = run(&path, None);
    close(figure(&a, "区教育局", col::APPROVED), 26.0);
    close(figure(&a, "区教育局", col::ACTUAL), 24.0);
}

#[test]
fn an_unknown_approved_quota_stays_out_of_the_plan() {
    let d = workdir();
    let staffing = staffing_at(
        d.path(),
        "单位名称,核定编制数,实有人数\n区财政局,12,10\n区教育局,,28\n区档案馆,20,16\n",
    );
    let survey = write(
        &d.path().join("调查.csv"),
        "单位名称,工作事项,年工时\n区财政局,预算,9200\n区教育局,督导,55200\n区档案馆,整理,1840\n",
    );
    let (_, a) = run(&staffing, Some(&survey));
    assert!(a.findings.iter().any(|f| f.code == "unknown_approved"));
    assert_eq!(figure(&a, "区教育局", col::VACANCY), None);
    let plan = satlas::plan::plan(&a.unit_types, &Params::default()).unwrap();
    let rows = Rows::new(&plan.units).unwrap();
    assert!(
        (0..plan.units.height()).all(|i| rows.str(col::UNIT, i) != Some("区教育局")),
        "a unit with no approved quota is not planned on"
    );
    assert!(plan.findings.iter().any(|f| f.code == "plan_unknown_quota"));
    // The pool is the known quotas only.
    let total: i64 = (0..plan.units.height())
        .filter_map(|i| rows.i64(satlas::plan::col::TARGET, i))
        .sum();
    assert_eq!(total, 32);
}

#[test]
fn a_quota_unknown_in_one_quota_type_keeps_the_whole_unit_out_of_the_plan() {
    let d = workdir();
    // The office's clerks' quota is "about 3": not a number, so the office's quota is unknown.
    let staffing = staffing_at(
        d.path(),
        "单位名称,编制类型,核定编制数,实有人数\n区委办公室,行政编制,24,26\n区委办公室,工勤编制,约3,3\n区财政局,行政编制,12,10\n区档案馆,事业编制,20,16\n",
    );
    let survey = write(
        &d.path().join("调查.csv"),
        "单位名称,工作事项,年工时\n区委办公室,文稿,44160\n区财政局,预算,9200\n区档案馆,整理,1840\n",
    );
    let (_, a) = run(&staffing, Some(&survey));
    assert_eq!(figure(&a, "区委办公室", col::APPROVED), None);
    // Its officials are 2 over their known quota: the unit's excess is unknown, at least 2,
    // and its red line stands.
    assert_eq!(figure(&a, "区委办公室", col::OVER_QUOTA), None);
    let rows = Rows::new(&a.units).unwrap();
    let office = (0..a.units.height())
        .find(|&i| rows.str(col::UNIT, i) == Some("区委办公室"))
        .unwrap();
    assert_eq!(rows.str(col::FLAGS, office), Some("over_quota"));
    assert!(!a.units.get_column_names().iter().any(|c| c.contains("known_types")));
    let plan = satlas::plan::plan(&a.unit_types, &Params::default()).unwrap();
    let rows = Rows::new(&plan.units).unwrap();
    assert!(
        (0..plan.units.height()).all(|i| rows.str(col::UNIT, i) != Some("区委办公室")),
        "no quota type of a unit whose quota is unknown is planned on"
    );
    let said: Vec<&str> = plan
        .findings
        .iter()
        .filter(|f| f.code == "plan_unknown_quota")
        .map(|f| f.zh.as_str())
        .collect();
    assert_eq!(
        said,
        ["1 个单位的核定编制数不明或不全（区委办公室），整个单位不在编制总量之内，也不参与调整"]
    );
    // The plan's pool is the district's approved total, as the overview shows it.
    let pool: i64 = (0..plan.units.height())
        .filter_map(|i| rows.i64(satlas::plan::col::TARGET, i))
        .sum();
    let summary = Rows::new(&a.summary).unwrap();
    let approved = (0..a.summary.height())
        .find(|&i| summary.str(col::METRIC, i) == Some(col::APPROVED))
        .and_then(|i| summary.f64(col::VALUE, i));
    assert_eq!((pool, approved), (32, Some(32.0)));
}

#[test]
fn a_count_unknown_in_one_quota_type_leaves_the_unit_unknown() {
    let d = workdir();
    let path = staffing_at(
        d.path(),
        "单位名称,行政编制数,行政实有人数,事业编制数,事业实有人数\n区水务局,8,,2,2\n区财政局,10,9,1,1\n区档案馆,,,,\n",
    );
    let (_, a) = run(&path, None);
    for c in [col::ACTUAL, col::VACANCY, col::OVER_QUOTA, col::VACANCY_RATE] {
        assert_eq!(figure(&a, "区水务局", c), None, "{c}");
    }
    // A unit whose row is blank is still a unit, with unknown counts.
    assert_eq!(figure(&a, "区档案馆", col::APPROVED), None);
    // The district vacancy rate divides over units whose vacancy is known: 1 / 11.
    let rows = Rows::new(&a.summary).unwrap();
    let rate = (0..a.summary.height())
        .find(|&i| rows.str(col::METRIC, i) == Some(col::VACANCY_RATE))
        .and_then(|i| rows.f64(col::VALUE, i));
    close(rate, 1.0 / 11.0);
}

#[test]
fn lone_unit_names_with_blank_counts_are_units() {
    let names =
        units_of("单位名称,核定编制数,实有人数\n区财政局,12,10\n区妇联\n区政协\n城关镇人民政府\n区教育局,8,8\n");
    assert_eq!(names.len(), 5, "{names:?}");
}

#[test]
fn numbers_that_happen_to_sum_do_not_make_a_unit_a_total() {
    let names = units_of("单位名称,核定编制数,实有人数\n区A局,3,3\n区B局,2,2\n区C局,5,4\n区卫健委,10,9\n");
    assert_eq!(names.len(), 4, "{names:?}");
    let names = units_of("单位名称,核定编制数\n区A局,3\n区B局,2\n区C局,1\n区史志办,6\n");
    assert_eq!(names.len(), 4, "{names:?}");
}

#[test]
fn an_exact_unit_header_is_not_overruled_by_another_column() {
    let d = workdir();
    let staffing = staffing_at(
        d.path(),
        "单位名称,核定编制数,实有人数\n区卫健委,10,9\n区教育局,8,8\n区卫生监督所,5,5\n区疾控中心,6,6\n区教研室,4,4\n区招生办,3,3\n",
    );
    let survey = write(
        &d.path().join("调查.csv"),
        "单位名称,上级单位,工作事项,年工时\n区卫生监督所,区卫健委,检查,900\n区疾控中心,区卫健委,监测,900\n区教研室X,区教育局,教研,900\n区招生办X,区教育局,招生,900\n区卫健委,区卫健委,统筹,900\n区教育局,区教育局,统筹,900\n",
    );
    let (inputs, a) = run(&staffing, Some(&survey));
    let l = inputs.survey.as_ref().unwrap();
    assert_eq!(field_column(l, Field::Unit).as_deref(), Some("单位名称"));
    assert!(l.findings.iter().any(|f| f.code == "low_confidence"));
    close(figure(&a, "区卫生监督所", col::WORKLOAD), 900.0);
    assert!(a.findings.iter().any(|f| f.code == "survey_unit_unknown"));
}

#[test]
fn codes_in_a_numbered_column_are_people_not_a_running_number() {
    let d = workdir();
    let staffing = staffing_at(d.path(), STAFFING);
    let survey = write(
        &d.path().join("调查.csv"),
        "单位名称,编号,工作事项,周期,频次,每次用时（小时）\n区财政局,A001,窗口受理,每日,10,0.5\n区财政局,A002,窗口受理,每日,10,0.5\n区财政局,A003,窗口受理,每日,10,0.5\n",
    );
    let (_, a) = run(&staffing, Some(&survey));
    close(figure(&a, "区财政局", col::WORKLOAD), 3.0 * 10.0 * 0.5 * 248.0);
    // A running number with no header is left out of a row's identity: a row filed twice is
    // still caught.
    let survey = write(
        &d.path().join("调查.csv"),
        ",单位名称,工作事项,年工时\n1,区财政局,预算,900\n2,区财政局,预算,900\n3,区财政局,会议,100\n",
    );
    let (_, a) = run(&staffing, Some(&survey));
    close(figure(&a, "区财政局", col::WORKLOAD), 1000.0);
}

#[test]
fn days_are_doubted_and_hours_with_minutes_add_up() {
    let d = workdir();
    let staffing = staffing_at(d.path(), STAFFING);
    let survey = write(
        &d.path().join("调查.csv"),
        "单位名称,工作事项,周期,频次,每次用时（天）\n区财政局,调研,每月,1,2\n",
    );
    // Days cannot be told in hours: refused, naming the column.
    let opts = LoadOptions {
        known_units: Some(Arc::new(["区财政局".to_owned()].into())),
        ..Default::default()
    };
    match load(&survey, TableKind::Survey, &opts) {
        Ok(_) => panic!("read days as hours"),
        Err(Unusable(f)) => assert!(
            f.code == "ambiguous_column" && f.zh.contains("每次用时（天）"),
            "{}",
            f.zh
        ),
    }
    let survey = write(
        &d.path().join("调查.csv"),
        "单位名称,工作事项,周期,频次,每次用时（小时）,每次用时（分钟）\n区财政局,接待,每月,1,1,30\n区财政局,审核,每月,1,0,45\n",
    );
    let (_, a) = run(&staffing, Some(&survey));
    close(figure(&a, "区财政局", col::WORKLOAD), (1.5 + 0.75) * 12.0);
}

#[test]
fn letters_alone_are_no_period() {
    let d = workdir();
    let staffing = staffing_at(d.path(), STAFFING);
    let survey = write(
        &d.path().join("调查.csv"),
        "单位名称,Gender,工作事项,年工时\n区财政局,M,预算,900\n区财政局,F,会议,100\n",
    );
    let (inputs, a) = run(&staffing, Some(&survey));
    assert_eq!(field_column(inputs.survey.as_ref().unwrap(), Field::Period), None);
    close(figure(&a, "区财政局", col::WORKLOAD), 1000.0);
}

#[test]
fn the_district_quota_saturation_divides_over_surveyed_units() {
    let d = workdir();
    let staffing = staffing_at(d.path(), STAFFING);
    let survey = write(
        &d.path().join("调查.csv"),
        "单位名称,工作事项,年工时\n区财政局,预算,18400\n",
    );
    let (_, a) = run(&staffing, Some(&survey));
    let rows = Rows::new(&a.summary).unwrap();
    let qs = (0..a.summary.height())
        .find(|&i| rows.str(col::METRIC, i) == Some(col::QUOTA_SATURATION))
        .and_then(|i| rows.f64(col::VALUE, i));
    // 10 required over 区财政局's 12 approved posts, not over the district's 40.
    close(qs, 10.0 / 12.0);
}

#[test]
fn an_implausible_count_is_a_finding_not_a_crash() {
    let d = workdir();
    let path = staffing_at(
        d.path(),
        "单位名称,核定编制数,实有人数\n区财政局,9223372036854775807,1\n区教育局,9223372036854775807,1\n",
    );
    let l = load(&path, TableKind::Staffing, &LoadOptions::default()).unwrap();
    assert!(l.findings.iter().any(|f| f.code == "count_too_large"));
    let (_, a) = run(&path, None);
    assert_eq!(figure(&a, "区财政局", col::APPROVED), None);
}

#[test]
fn a_blank_unit_under_a_unit_is_its_next_quota_type() {
    let names_and_figures = {
        let d = workdir();
        let path = staffing_at(
            d.path(),
            "单位名称,编制类型,核定编制数,实有人数\n区委办公室,行政编制,6,6\n,工勤编制,5,5\n区民政局,行政编制,7,6\n,事业编制,5,4\n",
        );
        let (inputs, a) = run(&path, None);
        let l = inputs.staffing.as_ref().unwrap();
        assert!(l.findings.iter().any(|f| f.code == "unit_filled_down"));
        // Their quotas count to the unit above: a guess said once, over every view.
        let carried: Vec<_> = a.findings.iter().filter(|f| f.code == "quota_filled_down").collect();
        assert_eq!(carried.len(), 1);
        assert!(carried[0].touches_figures());
        assert!(
            carried[0].zh.contains("第 3 行（区委办公室）") && carried[0].zh.contains("第 5 行（区民政局）"),
            "{}",
            carried[0].zh
        );
        (
            units(&a),
            figure(&a, "区委办公室", col::APPROVED),
            figure(&a, "区民政局", col::ACTUAL),
        )
    };
    assert_eq!(names_and_figures.0.len(), 2);
    close(names_and_figures.1, 11.0);
    close(names_and_figures.2, 10.0);
}

/// What the analysis of a staffing table and a roster says under `code`, in Chinese.
fn said_with_roster(staffing: &Path, roster: &Path, code: &str) -> Vec<String> {
    let opts = LoadOptions::default();
    let inputs = Inputs {
        staffing: Some(load(staffing, TableKind::Staffing, &opts).unwrap()),
        roster: Some(load(roster, TableKind::Roster, &opts).unwrap()),
        ..Inputs::default()
    };
    let a = analyze(&inputs, &Params::default()).unwrap();
    a.findings
        .iter()
        .filter(|f| f.code == code)
        .map(|f| f.zh.clone())
        .collect()
}

#[test]
fn a_unit_whose_rows_stop_before_the_year_is_named_with_its_roster_people() {
    let d = workdir();
    let roster = write(
        &d.path().join("花名册.csv"),
        "单位名称,姓名,年度\n区财政局,张三,2025\n区档案馆,李四,2024\n区档案馆,王五,2025\n区档案馆,赵六,2026\n",
    );
    let head = "单位名称,年度,核定编制数,实有人数\n区财政局,2024,9,9\n区档案馆,2024,8,8\n区财政局,2025,9,8\n";
    // A row without a year is taken as 2025, and said with its number.
    let with_row = staffing_at(d.path(), &format!("{head}区档案馆,,8,8\n"));
    assert_eq!(
        said_with_roster(&with_row, &roster, "missing_year"),
        ["1 行没有年度，按最近年度（2025 年）计：第 5 行。"]
    );
    assert!(said_with_roster(&with_row, &roster, "unit_not_in_year").is_empty());
    // Without that row the archive stops in 2024: it is named, and so are its people of the
    // years the table has no row of it for.
    let without = staffing_at(d.path(), head);
    assert_eq!(
        said_with_roster(&without, &roster, "unit_not_in_year"),
        ["单位“区档案馆”最近的记录是 2024 年，没有 2025 年的：不在 2025 年的各项数字中。"]
    );
    assert_eq!(
        said_with_roster(&without, &roster, "roster_unit_not_in_year"),
        [
            "花名册中 2026 年的 1 人：编制表没有 2026 年的记录，未计入。",
            "花名册中的单位“区档案馆”（2025 年 1 人）在编制表中没有 2025 年的记录，未计入。",
        ]
    );
    assert!(said_with_roster(&without, &roster, "roster_unit_unknown").is_empty());
}

#[test]
fn two_columns_naming_the_same_quantity_are_refused() {
    let d = workdir();
    let staffing = staffing_at(d.path(), STAFFING);
    let survey = write(
        &d.path().join("调查.csv"),
        "单位名称,工作事项,周期,频次,每次用时（小时）,标准用时（小时）\n区财政局,审核,每周,2,1.5,1\n",
    );
    let opts = LoadOptions {
        known_units: Some(Arc::new(["区财政局".to_owned()].into())),
        ..Default::default()
    };
    let err = match load(&survey, TableKind::Survey, &opts) {
        Ok(_) => panic!("read a survey whose hours are a choice"),
        Err(Unusable(f)) => f,
    };
    assert_eq!(err.code, "ambiguous_column");
    assert!(
        err.zh.contains("每次用时（小时）") && err.zh.contains("标准用时（小时）"),
        "{}",
        err.zh
    );
    let _ = staffing;
}

#[test]
fn a_second_header_row_is_no_unit() {
    let names = units_of("单位名称,编制数,实有人数\n单位名称,编制数,实有人数\n区财政局,12,10\n区教育局,8,8\n");
    assert_eq!(names.len(), 2, "{names:?}");
    assert!(!names.contains(&"单位名称".to_owned()));
    // English headers of the same two counts.
    let names = units_of("Unit,Approved posts,In post\nDistrict office,12,10\nHealth centre,8,8\n");
    assert_eq!(names.len(), 2, "{names:?}");
}

// -- cases a second review found ---------------------------------------------------------------

#[test]
fn a_units_own_total_over_its_quota_types_is_left_out() {
    let d = workdir();
    for staffing in [
        "单位名称,编制类型,核定编制数,实有人数\n区财政局,行政编制,20,18\n区教育局,,60,57\n区教育局,行政编制,10,9\n区教育局,事业编制,50,48\n区档案馆,事业编制,5,4\n",
        "单位名称,编制类型,核定编制数,实有人数\n区财政局,行政编制,20,18\n区教育局,合计数,60,57\n,行政编制,10,9\n,事业编制,50,48\n区档案馆,事业编制,5,4\n",
    ] {
        let (_, a) = run(&staffing_at(d.path(), staffing), None);
        close(figure(&a, "区教育局", col::APPROVED), 60.0);
        close(figure(&a, "区教育局", col::ACTUAL), 57.0);
    }
    // A blank-named row repeating a type the unit has is no continuation of it.
    let (_, a) = run(
        &staffing_at(
            d.path(),
            "单位名称,编制类型,核定编制数,实有人数\n区委办,行政编制,12,10\n区委组织部,事业编制,7,6\n,事业编制,7,6\n",
        ),
        None,
    );
    close(figure(&a, "区委组织部", col::APPROVED), 7.0);
}

#[test]
fn a_blank_count_does_not_hide_a_total() {
    let names = units_of("单位名称,核定编制数,实有人数\n鹭岛区,55,53\n区财政局,20,18\n区教育局,30,31\n区档案馆,5,\n");
    assert_eq!(names.len(), 3, "{names:?}");
    let names = units_of(
        "单位名称,核定编制数,实有人数\n区教育局,100,95\n区教育局本级,20,\n区第一中学,40,38\n区实验小学,40,38\n",
    );
    assert_eq!(names.len(), 3, "{names:?}");
}

#[test]
fn a_numbered_heading_with_numbers_is_no_unit() {
    let names = units_of(
        "单位名称,核定编制数,实有人数\n一、党委部门,26,21\n区委办,12,10\n区委组织部,8,7\n区委宣传部,5,4\n二、政府部门,55,53\n区财政局,20,18\n区教育局,30,31\n区档案馆,5,4\n",
    );
    assert_eq!(names.len(), 6, "{names:?}");
    // A row number in the name is still a unit.
    let names = units_of("单位名称,核定编制数,实有人数\n1.区委办公室,12,10\n2.区财政局,20,18\n");
    assert_eq!(names.len(), 2, "{names:?}");
}

#[test]
fn units_of_zero_posts_are_units() {
    let mut table = "单位名称,核定编制数,实有人数\n区财政局,20,18\n区教育局,30,31\n区档案馆,5,4\n".to_owned();
    for i in 0..11 {
        table.push_str(&format!("区挂牌机构{i}办,0,0\n"));
    }
    assert_eq!(units_of(&table).len(), 14);
}

#[test]
fn survey_rows_under_a_merged_unit_are_that_units() {
    let d = workdir();
    let staffing = staffing_at(d.path(), STAFFING);
    let survey = write(
        &d.path().join("调查.csv"),
        "单位名称,姓名,工作事项,频次周期,频次,每次用时（小时）\n区财政局,张三,预算编制,每月,2,10\n,张三,国库支付,每日,1,3\n,李四,会计核算,每日,1,4\n区教育局,王五,学籍管理,每周,1,8\n",
    );
    let (_, a) = run(&staffing, Some(&survey));
    close(figure(&a, "区财政局", col::WORKLOAD), 240.0 + 744.0 + 992.0);
}

#[test]
fn a_task_whose_time_is_unknown_leaves_the_workload_unknown() {
    let d = workdir();
    let staffing = staffing_at(d.path(), STAFFING);
    let survey = write(
        &d.path().join("调查.csv"),
        "单位名称,姓名,工作事项,频次周期,频次,每次用时（小时）\n区财政局,张三,预算编制,每月,2,10\n区档案馆,赵六,档案整理,每日,1,约6\n",
    );
    let (_, a) = run(&staffing, Some(&survey));
    assert_eq!(figure(&a, "区档案馆", col::WORKLOAD), None);
    assert_eq!(figure(&a, "区档案馆", col::SATURATION), None);
    assert!(a.findings.iter().any(|f| f.code == "unknown_workload"));
    close(figure(&a, "区财政局", col::WORKLOAD), 240.0);
}

#[test]
fn a_unit_written_in_the_cell_wins_over_the_columns() {
    let d = workdir();
    let staffing = staffing_at(d.path(), STAFFING);
    let survey = write(
        &d.path().join("调查.csv"),
        "单位名称,工作事项,频次周期,频次,每次用时（分钟）\n区财政局,接待,每月,1,2小时\n区财政局,审核,每月,1,30\n",
    );
    let (_, a) = run(&staffing, Some(&survey));
    close(figure(&a, "区财政局", col::WORKLOAD), (2.0 + 0.5) * 12.0);
}

#[test]
fn survey_subtotals_are_not_work_again() {
    let d = workdir();
    let staffing = staffing_at(d.path(), STAFFING);
    let survey = write(
        &d.path().join("调查.csv"),
        "单位名称,姓名,工作事项,年工作时长（小时）\n区财政局,张三,预算,1000\n区财政局,张三,会议,36\n区财政局,张三,,1036\n区财政局,李四,审核,1036\n区财政局,李四,,1036\n区财政局,,,2072\n区档案馆,赵六,整理,1488\n区档案馆,,,1488\n",
    );
    let (_, a) = run(&staffing, Some(&survey));
    close(figure(&a, "区财政局", col::WORKLOAD), 2072.0);
    close(figure(&a, "区档案馆", col::WORKLOAD), 1488.0);
}

#[test]
fn no_count_given_anywhere_is_unknown_in_the_totals() {
    let d = workdir();
    let (_, a) = run(
        &staffing_at(d.path(), "单位名称,核定编制数,实有人数\n区财政局,,18\n区教育局,,31\n"),
        None,
    );
    let rows = Rows::new(&a.summary).unwrap();
    let approved = (0..a.summary.height())
        .find(|&i| rows.str(col::METRIC, i) == Some(col::APPROVED))
        .and_then(|i| rows.f64(col::VALUE, i));
    assert_eq!(approved, None);
}

#[test]
fn wide_types_beside_plain_totals() {
    let d = workdir();
    // Totals beside their types: the types are read, a unit that fills only the totals too.
    let (_, a) = run(
        &staffing_at(
            d.path(),
            "序号,单位名称,核定编制数,,,实有人数,,\n,,合计,行政,事业,合计,行政,事业\n1,区财政局,20,20,,18,18,\n2,区教育局,60,10,50,57,9,48\n3,区档案馆,5,,,4,,\n",
        ),
        None,
    );
    close(figure(&a, "区教育局", col::APPROVED), 60.0);
    close(figure(&a, "区档案馆", col::ACTUAL), 4.0);
    // A total that disagrees with its types is said.
    let path = staffing_at(
        d.path(),
        "序号,单位名称,核定编制数,,,实有人数,,\n,,合计,行政,事业,合计,行政,事业\n1,区财政局,22,20,,20,18,\n",
    );
    let l = load(&path, TableKind::Staffing, &LoadOptions::default()).unwrap();
    assert!(l.findings.iter().any(|f| f.code == "total_disagrees"));
    // Staff only in total, beside approved per type: the unit's counts are both read.
    let (_, a) = run(
        &staffing_at(
            d.path(),
            "单位名称,行政编制数,事业编制数,实有人数\n区财政局,20,2,21\n区教育局,10,50,57\n",
        ),
        None,
    );
    close(figure(&a, "区财政局", col::APPROVED), 22.0);
    close(figure(&a, "区财政局", col::ACTUAL), 21.0);
}

#[test]
fn a_roster_with_types_counts_into_a_staffing_table_without() {
    let d = workdir();
    let staffing = load(
        &staffing_at(d.path(), STAFFING),
        TableKind::Staffing,
        &LoadOptions::default(),
    )
    .unwrap();
    let roster_path = write(
        &d.path().join("花名册.csv"),
        "单位名称,姓名,编制类型\n区档案馆,赵六,事业编制\n区档案馆,钱七,事业编制\n区档案馆,孙八,事业编制\n区档案馆,周九,事业编制\n区财政局,张三,行政编制\n",
    );
    let roster = load(&roster_path, TableKind::Roster, &LoadOptions::default()).unwrap();
    let inputs = Inputs {
        staffing: Some(staffing),
        roster: Some(roster),
        survey: None,
        ..Default::default()
    };
    let a = analyze(&inputs, &Params::default()).unwrap();
    close(figure(&a, "区档案馆", col::ACTUAL), 4.0);
    close(figure(&a, "区财政局", col::ACTUAL), 1.0);
}

#[test]
fn two_ways_of_giving_time_that_disagree_leave_it_unknown() {
    let d = workdir();
    let staffing = staffing_at(d.path(), STAFFING);
    let survey = write(
        &d.path().join("调查.csv"),
        "单位名称,工作事项,频次周期,频次,每次用时（小时）,年工作时长（小时）\n区财政局,审核,每周,1,8,0\n区教育局,督导,每月,2,1,24\n区档案馆,整理,每月,1,2,24\n",
    );
    let (_, a) = run(&staffing, Some(&survey));
    assert_eq!(figure(&a, "区财政局", col::WORKLOAD), None);
    close(figure(&a, "区档案馆", col::WORKLOAD), 24.0);
    assert!(a.findings.iter().any(|f| f.code == "hours_disagree"));
}

/// A sheet filled to the last row an xlsx holds was probably cut off when it was exported:
/// the reader says so, as a warning on the figures, and a sheet that stops short does not.
#[test]
fn a_sheet_full_to_the_formats_last_row_is_said_to_be_cut_off() {
    let dir = workdir();
    let write_staffing = |name: &str, last_row: Option<u32>| {
        let path = dir.path().join(name);
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        for (c, h) in ["单位名称", "核定编制数", "实有人数"].iter().enumerate() {
            sheet.write(0, c as u16, *h).unwrap();
        }
        for (r, (unit, approved, actual)) in [("甲局", 10, 8), ("乙局", 6, 6)].iter().enumerate() {
            let r = r as u32 + 1;
            sheet.write(r, 0, *unit).unwrap();
            sheet.write(r, 1, *approved).unwrap();
            sheet.write(r, 2, *actual).unwrap();
        }
        if let Some(row) = last_row {
            sheet.write(row, 0, "丙中心").unwrap();
            sheet.write(row, 1, 4).unwrap();
            sheet.write(row, 2, 3).unwrap();
        }
        book.save(&path).unwrap();
        load(&path, TableKind::Staffing, &LoadOptions::default()).unwrap_or_else(|e| panic!("{}", e.0.line(Lang::En)))
    };
    let full = write_staffing("full.xlsx", Some(1_048_575));
    let said: Vec<_> = full.findings.iter().filter(|f| f.code == "sheet_full").collect();
    assert_eq!(said.len(), 1, "{:?}", full.findings);
    assert!(said[0].touches_figures());
    assert_eq!(said[0].location.row, Some(1_048_576));
    assert!(
        said[0].message(Lang::Zh).contains("1048576"),
        "{}",
        said[0].message(Lang::Zh)
    );
    let short = write_staffing("short.xlsx", Some(1_048_574));
    assert!(
        short.findings.iter().all(|f| f.code != "sheet_full"),
        "{:?}",
        short.findings
    );
}

/// A count of four hundred digits is infinity as a number: it is named as not a number and
/// left unknown, and no sum takes it.
#[test]
fn a_number_too_large_to_hold_is_not_a_number() {
    let dir = workdir();
    let huge = format!("1{}", "0".repeat(400));
    let path = staffing_at(
        dir.path(),
        &format!("单位名称,核定编制数,实有人数\n区财政局,12,10\n区教育局,{huge},8\n"),
    );
    let (inputs, a) = run(&path, None);
    let said = inputs.findings();
    assert!(
        said.iter()
            .any(|f| f.code == "not_a_number" && f.location.row == Some(3)),
        "{said:?}"
    );
    assert_eq!(figure(&a, "区教育局", col::APPROVED), None);
    assert_eq!(figure(&a, "区财政局", col::APPROVED), Some(12.0));
}
