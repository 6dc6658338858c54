//! Workload from activity standards (WISN): the manual's worked example, a district worked by
//! hand, the survey and the standards agreeing when built to agree, and every bad row named.

use polars::prelude::*;
use satlas::analysis::standards::{StandardSources, standard_workload};
use satlas::analysis::{Frames, Rows, SourceNames, analyze_all, analyze_frames};
use satlas::model::wisn::{CategoryAllowance, IndividualAllowance, WisnAllowances};
use satlas::model::{Params, WorkloadMethod, col};

fn standards(rows: &[(&str, Option<f64>)]) -> DataFrame {
    df!(
        col::ACTIVITY => rows.iter().map(|r| r.0).collect::<Vec<_>>(),
        col::STANDARD_HOURS => rows.iter().map(|r| r.1).collect::<Vec<_>>(),
    )
    .unwrap()
}

fn volumes(rows: &[(&str, &str, Option<f64>)]) -> DataFrame {
    df!(
        col::UNIT => rows.iter().map(|r| r.0).collect::<Vec<_>>(),
        col::ACTIVITY => rows.iter().map(|r| r.1).collect::<Vec<_>>(),
        col::VOLUME => rows.iter().map(|r| r.2).collect::<Vec<_>>(),
    )
    .unwrap()
}

fn staff(rows: &[(&str, i64)]) -> DataFrame {
    df!(
        col::UNIT => rows.iter().map(|r| r.0).collect::<Vec<_>>(),
        col::ACTUAL => rows.iter().map(|r| r.1).collect::<Vec<_>>(),
    )
    .unwrap()
}

fn value(frame: &DataFrame, unit: &str, column: &str) -> Option<f64> {
    let r = Rows::new(frame).unwrap();
    (0..r.height())
        .find(|&i| r.str(col::UNIT, i) == Some(unit))
        .and_then(|i| r.f64(column, i))
}

fn sources() -> StandardSources {
    StandardSources {
        standards: "标准.xlsx".into(),
        volumes: "业务量.xlsx".into(),
    }
}

/// The WISN manual's example: AWT (260 − 11 − 10 − 5 − 4) × 8 = 1,840 h; 12,000 cases at
/// 15 minutes and 900 files at 60 minutes; category allowances 10% + 7.5% (CAF 1.212121); an
/// individual allowance of 250 h for one person (IAF 0.135870); 3 staff in post.
#[test]
fn the_wisn_manual_example_through_the_standards_path() {
    let allowances = WisnAllowances {
        category: vec![
            CategoryAllowance {
                activity: "会议".into(),
                percent: 10.0,
            },
            CategoryAllowance {
                activity: "培训".into(),
                percent: 7.5,
            },
        ],
        individual: vec![IndividualAllowance {
            activity: "督导".into(),
            hours_per_person: 250.0,
            persons: 1.0,
        }],
    };
    let s = standard_workload(
        &standards(&[("门诊病例", Some(0.25)), ("档案整理", Some(1.0))]),
        &volumes(&[
            ("卫生院", "门诊病例", Some(12000.0)),
            ("卫生院", "档案整理", Some(900.0)),
        ]),
        Some(&staff(&[("卫生院", 3)])),
        1840.0,
        &allowances,
        &sources(),
    )
    .unwrap();
    assert!(s.findings.is_empty(), "{:?}", s.findings);
    let w = value(&s.units, "卫生院", col::WORKLOAD_STD).unwrap();
    assert_eq!(w, 3900.0);
    assert!((w / 1840.0 - 2.11957).abs() < 1e-5, "staff for the activities");
    let r = value(&s.units, "卫生院", col::REQUIRED_STD).unwrap();
    assert!((r - 2.705040).abs() < 1e-5, "{r}");
    assert!((value(&s.units, "卫生院", col::WISN_RATIO).unwrap() - 1.10904).abs() < 1e-5);
    assert!((value(&s.units, "卫生院", col::WISN_DIFFERENCE).unwrap() - 0.29496).abs() < 1e-5);
    assert!((value(&s.units, "卫生院", col::SATURATION_STD).unwrap() - 0.90168).abs() < 1e-5);
}

/// Two units, three activities, names written differently in the two tables.
#[test]
fn a_district_by_hand() {
    let s = standard_workload(
        &standards(&[
            ("受理审批", Some(0.5)),
            ("现场检查", Some(3.0)),
            ("投诉处理", Some(2.0)),
        ]),
        &volumes(&[
            // 甲局: 1,840 × 0.5 + 300 × 3 = 920 + 900 = 1,820 h → R = 1,820 / 1,840
            ("甲局", "受理 审批", Some(1840.0)),
            ("甲局", "现场检查", Some(300.0)),
            // 乙所: 460 × 2 = 920 h → R = 0.5; 2 staff → S = 0.25, ratio 4, difference 1.5
            ("乙所", "投诉处理", Some(460.0)),
        ]),
        Some(&staff(&[("甲局", 1), ("乙所", 2)])),
        1840.0,
        &WisnAllowances::default(),
        &sources(),
    )
    .unwrap();
    assert!(s.findings.is_empty(), "{:?}", s.findings);
    assert_eq!(value(&s.units, "甲局", col::WORKLOAD_STD), Some(1820.0));
    assert!((value(&s.units, "甲局", col::REQUIRED_STD).unwrap() - 1820.0 / 1840.0).abs() < 1e-12);
    assert_eq!(value(&s.units, "乙所", col::REQUIRED_STD), Some(0.5));
    assert_eq!(value(&s.units, "乙所", col::SATURATION_STD), Some(0.25));
    assert_eq!(value(&s.units, "乙所", col::WISN_RATIO), Some(4.0));
    assert_eq!(value(&s.units, "乙所", col::WISN_DIFFERENCE), Some(1.5));
    assert_eq!(s.activities.height(), 3);
}

/// Built to agree: the survey says each activity's volume as a yearly frequency and its
/// standard as the hours each; both paths then give the same workload and required staff.
#[test]
fn the_survey_and_the_standards_agree_when_built_to() {
    let tasks = [
        ("受理审批", 1200.0, 0.5),
        ("现场检查", 150.0, 3.0),
        ("材料归档", 400.0, 0.25),
    ];
    let survey = df!(
        col::UNIT => tasks.iter().map(|_| "丙局").collect::<Vec<_>>(),
        col::DEPARTMENT => [None::<&str>; 3],
        col::PERSON => [None::<&str>; 3],
        col::TASK => tasks.iter().map(|t| t.0).collect::<Vec<_>>(),
        col::PERIOD => tasks.iter().map(|_| "year").collect::<Vec<_>>(),
        col::FREQUENCY => tasks.iter().map(|t| t.1).collect::<Vec<_>>(),
        col::HOURS_EACH => tasks.iter().map(|t| t.2).collect::<Vec<_>>(),
        col::ANNUAL_HOURS => [None::<f64>; 3],
        col::YEAR => [None::<i32>; 3],
        col::SOURCE_ROW => (2..5u32).collect::<Vec<_>>(),
    )
    .unwrap();
    let staffing = df!(
        col::UNIT => ["丙局"],
        col::DEPARTMENT => ["一部"],
        col::QUOTA_TYPE => ["行政编制"],
        col::YEAR => [None::<i32>],
        col::APPROVED => [Some(2i64)],
        col::ACTUAL => [Some(2i64)],
        col::LEADER_POSTS => [None::<i64>],
        col::LEADERS_ACTUAL => [None::<i64>],
        col::PERFORMANCE => [None::<f64>],
        col::CATEGORY => [None::<&str>],
        col::KEY_AREA => [None::<bool>],
        col::FRONT_LINE => [None::<bool>],
        col::SOURCE_ROW => [2u32],
    )
    .unwrap();
    let mut params = Params::default();
    params.allowances.category_share = 0.15;
    params.allowances.individual_hours = 184.0;
    let surveyed = analyze_frames(&staffing, None, Some(&survey), &params, &SourceNames::default()).unwrap();

    let allowances = WisnAllowances {
        category: vec![CategoryAllowance {
            activity: "会议".into(),
            percent: 15.0,
        }],
        individual: vec![IndividualAllowance {
            activity: "督导".into(),
            hours_per_person: 184.0,
            persons: 1.0,
        }],
    };
    let s = standard_workload(
        &standards(&tasks.iter().map(|t| (t.0, Some(t.2))).collect::<Vec<_>>()),
        &volumes(&tasks.iter().map(|t| ("丙局", t.0, Some(t.1))).collect::<Vec<_>>()),
        Some(&staff(&[("丙局", 2)])),
        params.calendar.available_hours(),
        &allowances,
        &sources(),
    )
    .unwrap();
    let w_survey = value(&surveyed.units, "丙局", col::WORKLOAD).unwrap();
    assert_eq!(value(&s.units, "丙局", col::WORKLOAD_STD), Some(w_survey));
    let (r_survey, r_std) = (
        value(&surveyed.units, "丙局", col::REQUIRED).unwrap(),
        value(&s.units, "丙局", col::REQUIRED_STD).unwrap(),
    );
    assert!((r_survey - r_std).abs() < 1e-12, "{r_survey} vs {r_std}");
}

/// A missing, zero or twice-given standard, a negative or missing volume, and an activity no
/// standard names: each a finding with file, row and column; the unit's workload unknown.
#[test]
fn every_bad_row_is_named_and_leaves_its_unit_unknown() {
    let s = standard_workload(
        &standards(&[
            ("受理审批", Some(0.5)),
            ("现场检查", Some(0.0)),
            ("投诉处理", None),
            ("受理审批", Some(0.6)),
            ("归档", Some(0.2)),
        ]),
        &volumes(&[
            ("甲局", "归档", Some(100.0)),
            ("乙所", "归档", Some(-5.0)),
            ("丙站", "归档", None),
            ("丁中心", "宣传", Some(10.0)),
            ("戊处", "受理审批", Some(10.0)),
        ]),
        None,
        1840.0,
        &WisnAllowances::default(),
        &sources(),
    )
    .unwrap();
    let found = |code: &str, file: &str, row: u32| {
        s.findings
            .iter()
            .any(|f| f.code == code && f.location.file == file && f.location.row == Some(row))
    };
    assert!(found("bad_standard", "标准.xlsx", 3), "zero: {:?}", s.findings);
    assert!(found("bad_standard", "标准.xlsx", 4), "missing");
    assert!(found("duplicate_standard", "标准.xlsx", 5), "twice");
    assert!(found("bad_volume", "业务量.xlsx", 3), "negative");
    assert!(found("bad_volume", "业务量.xlsx", 4), "missing");
    assert!(found("no_standard", "业务量.xlsx", 5), "unknown activity");
    assert!(
        found("no_standard", "业务量.xlsx", 6),
        "its standard was given twice: not used"
    );
    assert!(
        s.findings
            .iter()
            .filter(|f| f.code == "bad_standard")
            .all(|f| f.location.column.is_some())
    );
    assert_eq!(value(&s.units, "甲局", col::WORKLOAD_STD), Some(20.0));
    for unit in ["乙所", "丙站", "丁中心", "戊处"] {
        assert_eq!(
            value(&s.units, unit, col::WORKLOAD_STD),
            None,
            "{unit} is unknown, not 0"
        );
        assert_eq!(value(&s.units, unit, col::REQUIRED_STD), None);
    }
}

/// Where a unit has both, its reported hours are set against its standard hours; a unit far
/// from the district's usual ratio is flagged, named and worded.
#[test]
fn the_survey_is_checked_against_the_standards() {
    use satlas::analysis::triangulation::self_report;
    let surveyed = df!(
        col::UNIT => ["甲", "乙", "丙", "丁", "戊", "己"],
        col::WORKLOAD_REPORTED => [Some(1200.0), Some(1100.0), Some(1000.0), Some(2400.0), Some(400.0), None],
    )
    .unwrap();
    let standard = df!(
        col::UNIT => ["甲", "乙", "丙", "丁", "戊", "己", "庚"],
        col::WORKLOAD_STD => [Some(1000.0), Some(1000.0), Some(1000.0), Some(1000.0), Some(1000.0), Some(1000.0), Some(500.0)],
    )
    .unwrap();
    let (table, findings) = self_report(&surveyed, &standard, "调查.xlsx").unwrap();
    // Only units with both figures: 甲 … 戊 (己 reported nothing known, 庚 has no survey).
    assert_eq!(table.height(), 5);
    // Ratios 1.2, 1.1, 1.0, 2.4, 0.4; median 1.1: 丁 above 1.65, 戊 below 0.733.
    assert_eq!(value(&table, "甲", col::SELF_REPORT_RATIO), Some(1.2));
    let reporting = |unit: &str| {
        let r = Rows::new(&table).unwrap();
        (0..r.height())
            .find(|&i| r.str(col::UNIT, i) == Some(unit))
            .and_then(|i| r.str(col::REPORTING, i).map(str::to_owned))
    };
    assert_eq!(reporting("丁").as_deref(), Some("reported_high"));
    assert_eq!(reporting("戊").as_deref(), Some("reported_low"));
    assert_eq!(reporting("甲"), None);
    assert_eq!(findings.len(), 2);
    assert!(
        findings[0].zh.contains("丁填报偏高") && findings[0].zh.contains("2.40"),
        "{}",
        findings[0].zh
    );
    assert!(findings.iter().all(|f| f.location.file == "调查.xlsx"));
}

/// Without standards, the district's own survey proposes them: per task, the median of the
/// units' hours per occurrence (each unit counted once), its quartiles and how many units;
/// a unit far above the median is named.
#[test]
fn standards_are_proposed_from_the_survey() {
    use satlas::analysis::survey_standards::from_survey;
    let tasks = df!(
        col::UNIT => ["甲", "甲", "乙", "丙", "丁", "甲", "乙"],
        col::TASK => ["受理审批", "受理 审批", "受理审批", "受理审批", "受理审批", "归档", "归档"],
        col::HOURS_EACH => [Some(0.4), Some(0.6), Some(0.5), Some(0.6), Some(2.0), Some(0.2), None],
    )
    .unwrap();
    let (table, findings) = from_survey(&tasks, "调查.xlsx").unwrap();
    let r = Rows::new(&table).unwrap();
    let at = |name: &str| {
        (0..r.height())
            .find(|&i| r.str(col::ACTIVITY, i) == Some(name))
            .unwrap()
    };
    // 甲 0.5 (its own median of 0.4 and 0.6), 乙 0.5, 丙 0.6, 丁 2.0 → median 0.55.
    let i = at("受理审批");
    assert!((r.f64(col::STANDARD_HOURS, i).unwrap() - 0.55).abs() < 1e-12);
    assert_eq!(r.f64(col::UNITS, i), Some(4.0));
    assert!((r.f64(col::STANDARD_Q1, i).unwrap() - 0.5).abs() < 1e-12);
    assert!((r.f64(col::STANDARD_Q3, i).unwrap() - 0.95).abs() < 1e-12);
    // 归档: one unit with an hours figure.
    assert_eq!(r.f64(col::UNITS, at("归档")), Some(1.0));
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert!(
        findings[0].zh.starts_with("丁 的“受理审批”每次用时 2.00 小时"),
        "{}",
        findings[0].zh
    );

    // The proposal loads back as standards: the standards path then prices volumes with it.
    let s = standard_workload(
        &table,
        &volumes(&[("戊", "受理审批", Some(100.0))]),
        None,
        1840.0,
        &WisnAllowances::default(),
        &sources(),
    )
    .unwrap();
    assert!((value(&s.units, "戊", col::WORKLOAD_STD).unwrap() - 55.0).abs() < 1e-9);
}

/// A volume row without its activity leaves its unit unknown (not priced from its other rows);
/// staff in post unknown on any row leaves the WISN figures unknown, never 0.
#[test]
fn a_row_that_cannot_be_priced_and_unknown_staff_stay_unknown() {
    let s = standard_workload(
        &standards(&[("归档", Some(0.5))]),
        &volumes(&[
            ("甲局", "归档", Some(100.0)),
            ("甲局", "", Some(40.0)),
            ("乙所", "归档", Some(10.0)),
        ]),
        Some(&df!(col::UNIT => ["甲局", "乙所", "乙所"], col::ACTUAL => [Some(2i64), Some(1), None]).unwrap()),
        1840.0,
        &WisnAllowances::default(),
        &sources(),
    )
    .unwrap();
    assert_eq!(
        value(&s.units, "甲局", col::WORKLOAD_STD),
        None,
        "one row has no activity"
    );
    assert!(
        s.findings
            .iter()
            .any(|f| f.code == "bad_volume" && f.location.row == Some(3))
    );
    assert_eq!(value(&s.units, "乙所", col::WORKLOAD_STD), Some(5.0));
    assert_eq!(value(&s.units, "乙所", col::WISN_RATIO), None, "staff unknown on a row");
    assert_eq!(value(&s.units, "乙所", col::SATURATION_STD), None);
}

fn staffing_of(units: &[(&str, i64)]) -> DataFrame {
    let n = units.len();
    df!(
        col::UNIT => units.iter().map(|u| u.0).collect::<Vec<_>>(),
        col::DEPARTMENT => vec!["卫健"; n],
        col::QUOTA_TYPE => vec!["事业编制"; n],
        col::YEAR => vec![None::<i32>; n],
        col::APPROVED => units.iter().map(|u| Some(u.1)).collect::<Vec<_>>(),
        col::ACTUAL => units.iter().map(|u| Some(u.1)).collect::<Vec<_>>(),
        col::LEADER_POSTS => vec![None::<i64>; n],
        col::LEADERS_ACTUAL => vec![None::<i64>; n],
        col::PERFORMANCE => vec![None::<f64>; n],
        col::CATEGORY => vec![None::<&str>; n],
        col::KEY_AREA => vec![None::<bool>; n],
        col::FRONT_LINE => vec![None::<bool>; n],
        col::SOURCE_ROW => (2..2 + n as u32).collect::<Vec<_>>(),
    )
    .unwrap()
}

/// 乙所 reports 920 hours of one yearly task.
fn survey_of_yi() -> DataFrame {
    df!(
        col::UNIT => ["乙所"],
        col::DEPARTMENT => [None::<&str>],
        col::PERSON => [None::<&str>],
        col::TASK => ["投诉处理"],
        col::PERIOD => ["year"],
        col::FREQUENCY => [460.0],
        col::HOURS_EACH => [2.0],
        col::ANNUAL_HOURS => [None::<f64>],
        col::YEAR => [None::<i32>],
        col::SOURCE_ROW => [2u32],
    )
    .unwrap()
}

/// The WISN manual's example through the whole analysis: the allowances listed in the
/// parameters, the standards method chosen, and the unit's figures those of the manual; a
/// unit without volumes is unknown under the standards and the survey's under "else survey".
#[test]
fn the_method_chosen_feeds_the_figures_end_to_end() {
    let staffing = staffing_of(&[("卫生院", 3), ("乙所", 2)]);
    let standards = standards(&[("门诊病例", Some(0.25)), ("档案整理", Some(1.0))]);
    let volumes = volumes(&[
        ("卫生院", "门诊病例", Some(12000.0)),
        ("卫生院", "档案整理", Some(900.0)),
        // A unit the staffing table does not have: said, never counted.
        ("丁所", "门诊病例", Some(10.0)),
    ]);
    let survey = survey_of_yi();
    let mut params = Params::default();
    assert_eq!(params.calendar.available_hours(), 1840.0, "the manual's AWT");
    params.allowances.category = vec![
        CategoryAllowance {
            activity: "会议".into(),
            percent: 10.0,
        },
        CategoryAllowance {
            activity: "培训".into(),
            percent: 7.5,
        },
    ];
    params.allowances.individual = vec![IndividualAllowance {
        activity: "督导".into(),
        hours_per_person: 250.0,
        persons: 1.0,
    }];
    let frames = Frames {
        staffing: &staffing,
        roster: None,
        survey: Some(&survey),
        standards: Some(&standards),
        volumes: Some(&volumes),
    };
    let names = SourceNames {
        volumes: "业务量.xlsx".into(),
        ..SourceNames::default()
    };
    let run = |method| {
        let mut p = params.clone();
        p.method = method;
        analyze_all(frames, &p, &names).unwrap()
    };

    let a = run(WorkloadMethod::Standards);
    assert!((value(&a.units, "卫生院", col::REQUIRED).unwrap() - 2.705040).abs() < 1e-5);
    assert!((value(&a.units, "卫生院", col::SATURATION).unwrap() - 0.90168).abs() < 1e-5);
    assert_eq!(text(&a.units, "卫生院", col::WORKLOAD_METHOD), Some("standards".into()));
    assert_eq!(value(&a.units, "乙所", col::SATURATION), None, "no volumes: unknown");
    let said = a
        .findings
        .iter()
        .find(|f| f.code == "no_volumes")
        .expect("no_volumes said");
    assert!(said.zh.contains("乙所") && said.location.file == "业务量.xlsx");
    let stray = a
        .findings
        .iter()
        .find(|f| f.code == "volumes_unit_unknown")
        .expect("丁所 said");
    assert!(stray.zh.contains("丁所") && stray.location.file == "业务量.xlsx");
    assert_eq!(value(&a.units, "丁所", col::SATURATION), None);

    let a = run(WorkloadMethod::StandardsElseSurvey);
    assert!((value(&a.units, "卫生院", col::REQUIRED).unwrap() - 2.705040).abs() < 1e-5);
    // 920 h / 1,840 × CAF 1.212121 + IAF 0.135870, as the survey gives it.
    let r = value(&a.units, "乙所", col::REQUIRED).unwrap();
    assert!((r - (0.5 * 1.0 / 0.825 + 250.0 / 1840.0)).abs() < 1e-9, "{r}");
    assert_eq!(text(&a.units, "乙所", col::WORKLOAD_METHOD), Some("survey".into()));
    let said = a
        .findings
        .iter()
        .find(|f| f.code == "survey_in_place_of_standards")
        .expect("the fallback said");
    assert!(said.zh.contains("乙所"));

    // The survey method leaves the standards' figures beside the survey's, never in them.
    let a = run(WorkloadMethod::Survey);
    assert_eq!(value(&a.units, "卫生院", col::REQUIRED), None, "卫生院 filed no survey");
    assert!((value(&a.units, "卫生院", col::REQUIRED_STD).unwrap() - 2.705040).abs() < 1e-5);
    assert_eq!(text(&a.units, "卫生院", col::WORKLOAD_METHOD), None);
}

/// The standards method chosen without standards read: an error finding, and no figure.
#[test]
fn the_standards_method_without_standards_says_so() {
    let staffing = staffing_of(&[("乙所", 2)]);
    // Filed by a person, whose share of the unit's people is under-loaded in the survey.
    let mut survey = survey_of_yi();
    survey.with_column(Column::new(col::PERSON.into(), ["张红"])).unwrap();
    let params = Params {
        method: WorkloadMethod::Standards,
        ..Params::default()
    };
    let a = analyze_frames(&staffing, None, Some(&survey), &params, &SourceNames::default()).unwrap();
    assert!(a.findings.iter().any(|f| f.code == "no_standards"));
    assert_eq!(value(&a.units, "乙所", col::SATURATION), None);
    // Nor does the survey's spread stand for a workload that was not fed.
    assert_eq!(value(&a.units, "乙所", col::SHARE_UNDERLOADED), None);
}

/// The sample district: its two units that report more than their volumes need are flagged,
/// and the unit that filed no volumes falls back to its survey.
#[test]
fn the_sample_tells_its_standards_stories() {
    use satlas::generate::StoryKind;
    use satlas::ingest::{Inputs, LoadOptions, TableKind, load};
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data");
    let read = |name: &str, kind| Some(load(&dir.join(name), kind, &LoadOptions::default()).unwrap());
    let inputs = Inputs {
        staffing: read("staffing.xlsx", TableKind::Staffing),
        survey: read("survey.xlsx", TableKind::Survey),
        standards: read("standards.xlsx", TableKind::Standards),
        volumes: read("volumes.xlsx", TableKind::Volumes),
        ..Default::default()
    };
    let params = Params {
        method: WorkloadMethod::StandardsElseSurvey,
        ..Params::default()
    };
    let a = satlas::analysis::analyze(&inputs, &params).unwrap();
    let d = satlas::generate::sample_district();
    for unit in d.story_units(StoryKind::ReportsHigh) {
        assert_eq!(
            text(&a.units, unit, col::REPORTING),
            Some("reported_high".into()),
            "{unit}"
        );
    }
    for unit in d.story_units(StoryKind::NoVolumes) {
        assert_eq!(
            text(&a.units, unit, col::WORKLOAD_METHOD),
            Some("survey".into()),
            "{unit}"
        );
    }
    let std = a.standards.as_ref().expect("standards tables");
    assert_eq!(
        std.units.height() + d.story_units(StoryKind::NoVolumes).len(),
        a.units.height()
    );
}

fn text(frame: &DataFrame, unit: &str, column: &str) -> Option<String> {
    let r = Rows::new(frame).unwrap();
    if frame.column(column).is_err() {
        return None;
    }
    (0..r.height())
        .find(|&i| r.str(col::UNIT, i) == Some(unit))
        .and_then(|i| r.str(column, i).map(str::to_owned))
}

/// Standards proposed from the sample's survey, written in the report, load back as a
/// standards table with the same activities and times (the round trip an expert group makes).
#[test]
fn proposed_standards_load_back_as_standards() {
    use satlas::ingest::{Inputs, LoadOptions, TableKind, load};
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data");
    let read = |name: &str, kind| Some(load(&dir.join(name), kind, &LoadOptions::default()).unwrap());
    let inputs = Inputs {
        staffing: read("staffing.xlsx", TableKind::Staffing),
        survey: read("survey.xlsx", TableKind::Survey),
        ..Default::default()
    };
    let params = Params::default();
    let a = satlas::analysis::analyze(&inputs, &params).unwrap();
    assert!(a.proposed_standards.height() > 100);
    let report = satlas::report::Report::build(&a, None, &params, &a.findings, &inputs, satlas::Lang::Zh).unwrap();
    let out = tempfile::tempdir().unwrap();
    let path = out.path().join("建议 标准.xlsx");
    satlas::export::write_report(&path, &report.tables(), satlas::Lang::Zh, &[]).unwrap();
    let options = LoadOptions {
        sheet: Some("建议标准".into()),
        ..LoadOptions::default()
    };
    let back = load(&path, TableKind::Standards, &options).expect("the proposed standards read as standards");
    let (written, read) = (
        Rows::new(&a.proposed_standards).unwrap(),
        Rows::new(&back.frame).unwrap(),
    );
    assert_eq!(read.height(), written.height());
    for i in 0..written.height() {
        assert_eq!(read.str(col::ACTIVITY, i), written.str(col::ACTIVITY, i));
        let (w, r) = (
            written.f64(col::STANDARD_HOURS, i).unwrap(),
            read.f64(col::STANDARD_HOURS, i).unwrap(),
        );
        assert!((w - r).abs() < 1e-9, "{:?}: {w} vs {r}", written.str(col::ACTIVITY, i));
    }
}

/// Activity by activity: a task matched by its name, or through the names table where the
/// survey calls it otherwise; an unmatched task is left out of the comparison.
#[test]
fn the_survey_meets_the_standards_activity_by_activity() {
    let tasks = df!(
        col::UNIT => ["甲局", "甲局", "甲局", "甲局"],
        col::TASK => ["受理 审批", "受理审批", "现场核查", "档案"],
        col::ANNUAL_HOURS => [Some(500.0), Some(400.0), Some(1200.0), Some(10.0)],
    )
    .unwrap();
    let activities = df!(
        col::UNIT => ["甲局", "甲局"],
        col::ACTIVITY => ["受理审批", "现场检查"],
        col::WORKLOAD_STD => [Some(600.0), Some(900.0)],
    )
    .unwrap();
    let names = std::collections::BTreeMap::from([("现场核查".to_owned(), "现场检查".to_owned())]);
    let t = satlas::analysis::triangulation::by_activity(&tasks, &activities, &names).unwrap();
    assert_eq!(t.height(), 2, "{t}");
    let r = Rows::new(&t).unwrap();
    let at = |activity: &str| {
        (0..r.height())
            .find(|&i| r.str(col::ACTIVITY, i) == Some(activity))
            .unwrap()
    };
    let i = at("受理审批");
    assert_eq!(r.f64(col::WORKLOAD_REPORTED, i), Some(900.0));
    assert_eq!(r.f64(col::SELF_REPORT_RATIO, i), Some(1.5));
    let i = at("现场检查");
    assert_eq!(r.f64(col::WORKLOAD_REPORTED, i), Some(1200.0));
    assert!((r.f64(col::SELF_REPORT_RATIO, i).unwrap() - 1200.0 / 900.0).abs() < 1e-12);
}

/// What a review of the method found, each kept fixed: a standard per unit category is the
/// staffing table's category's, never a word of the name; standards per staff category are
/// refused as such; a volume row filed twice is said; volumes of another year are said; one of
/// the two files alone is said.
#[test]
fn category_standards_duplicates_and_years_are_said() {
    let mut staffing = staffing_of(&[("城关街道管理局", 4), ("东城街道", 3)]);
    staffing
        .with_column(Column::new(col::CATEGORY.into(), ["局", "街道"]))
        .unwrap();
    let standards = df!(
        col::ACTIVITY => ["审批", "审批", "巡查", "巡查"],
        col::STANDARD_HOURS => [1.0, 2.0, 0.5, 0.6],
        col::CATEGORY => [Some("局"), Some("街道"), None, None],
        col::QUOTA_TYPE => [None, None, Some("行政编制"), Some("事业编制")],
        col::SOURCE_ROW => [2u32, 3, 4, 5],
    )
    .unwrap();
    let volumes = df!(
        col::UNIT => ["城关街道管理局", "东城街道", "东城街道", "东城街道"],
        col::ACTIVITY => ["审批", "审批", "审批", "巡查"],
        col::VOLUME => [Some(100.0), Some(50.0), Some(50.0), Some(10.0)],
        col::YEAR => [Some(2024), Some(2024), Some(2024), Some(2024)],
        col::SOURCE_ROW => [2u32, 3, 4, 5],
    )
    .unwrap();
    let frames = |standards, volumes| Frames {
        staffing: &staffing,
        roster: None,
        survey: None,
        standards,
        volumes,
    };
    let names = SourceNames {
        standards: "标准.xlsx".into(),
        volumes: "业务量.xlsx".into(),
        ..SourceNames::default()
    };
    let params = Params {
        method: WorkloadMethod::Standards,
        ..Params::default()
    };
    // The staffing table has no year, so the volumes' 2024 is taken as the data's.
    let a = analyze_all(frames(Some(&standards), Some(&volumes)), &params, &names).unwrap();
    let std = a.standards.as_ref().unwrap();
    // 城关街道管理局 is a 局 whatever its name says: 100 × 1 h.
    assert_eq!(value(&std.units, "城关街道管理局", col::WORKLOAD_STD), Some(100.0));
    let said = |code: &str| a.findings.iter().filter(|f| f.code == code).collect::<Vec<_>>();
    // 巡查 per staff category: refused as such, and its volumes say why.
    let twice = said("duplicate_standard");
    assert!(twice[0].zh.contains("按人员类别"), "{:?}", twice[0].zh);
    assert!(said("no_standard").iter().any(|f| f.zh.contains("重复给出")));
    // 东城街道's second 审批 row is the same: counted once, said.
    let repeated = said("duplicate_volume");
    assert_eq!(repeated.len(), 1);
    assert_eq!(repeated[0].location.row, Some(4));
    assert!(said("volumes_year").iter().any(|f| f.zh.contains("2024")));

    // Volumes of another year than the data's: said, and unknown.
    let mut dated = staffing.clone();
    dated
        .with_column(Column::new(col::YEAR.into(), [Some(2025), Some(2025)]))
        .unwrap();
    let a = analyze_all(
        Frames {
            staffing: &dated,
            ..frames(Some(&standards), Some(&volumes))
        },
        &params,
        &names,
    )
    .unwrap();
    assert!(
        a.findings
            .iter()
            .any(|f| f.code == "volumes_year" && f.zh.contains("2025"))
    );
    assert_eq!(value(&a.units, "城关街道管理局", col::SATURATION), None);

    // A standards table alone is said, at its own file.
    let a = analyze_all(frames(Some(&standards), None), &params, &names).unwrap();
    let half = a
        .findings
        .iter()
        .find(|f| f.code == "standards_incomplete")
        .expect("said");
    assert_eq!(half.location.file, "标准.xlsx");
}

/// A staff category's own working time and allowances (WISN sets them per category): the
/// category's share of the unit's workload is needed at its own H, CAF and IAF, and the unit
/// needs what its categories need. Without any, the figures are the district-wide ones.
#[test]
fn a_staff_category_has_its_own_working_time_and_allowances() {
    let staffing = two_types([2, 2], [2, 2]);
    // 3,680 hours a year: 2 staff at the district's 1,840 h.
    let survey = yearly_hours(3680.0);
    let run =
        |params: &Params| analyze_frames(&staffing, None, Some(&survey), params, &SourceNames::default()).unwrap();
    let district = run(&Params::default());
    assert_eq!(value(&district.units, "丙局", col::REQUIRED), Some(2.0));

    // 事业编制 works half days (920 h) and has a 20% category allowance (CAF 1.25) and 92 h of
    // individual allowance (IAF 0.1): its half of the work needs 1,840 / 920 × 1.25 + 0.1 = 2.6.
    let mut params = Params::default();
    let half_days = satlas::model::Calendar {
        hours_per_day: 4.0,
        ..Default::default()
    };
    let allowances = satlas::model::Allowances {
        category_share: 0.2,
        individual_hours: 92.0,
        ..Default::default()
    };
    params.by_quota_type.insert(
        "事业编制".into(),
        satlas::model::TypeWisn {
            calendar: Some(half_days),
            allowances: Some(allowances),
        },
    );
    let a = run(&params);
    let types = Rows::new(&a.unit_types).unwrap();
    let required = |q: &str| {
        (0..types.height())
            .find(|&i| types.str(col::QUOTA_TYPE, i) == Some(q))
            .and_then(|i| types.f64(col::REQUIRED, i))
            .unwrap()
    };
    assert!((required("行政编制") - 1.0).abs() < 1e-12);
    assert!((required("事业编制") - 2.6).abs() < 1e-12, "{}", required("事业编制"));
    let r = value(&a.units, "丙局", col::REQUIRED).unwrap();
    assert!((r - 3.6).abs() < 1e-12, "{r}");
    assert!((value(&a.units, "丙局", col::SATURATION).unwrap() - 0.9).abs() < 1e-12);

    // A category's calendar that leaves no time is refused, naming the category.
    let mut bad = params.clone();
    bad.by_quota_type
        .get_mut("事业编制")
        .unwrap()
        .calendar
        .as_mut()
        .unwrap()
        .working_days = 0.0;
    let e = bad.validate().unwrap_err();
    assert!(e.zh.contains("事业编制"), "{}", e.zh);
}

/// Standards that name the staff category doing each activity tie the workload to quota
/// types: each type needs its own activities' hours, at its own working time.
#[test]
fn the_standards_staff_category_ties_the_workload_to_quota_types() {
    let staffing = two_types([3, 3], [3, 1]);
    let standards = typed_standards(&[("审批", 1.0, Some("行政")), ("巡查", 2.0, Some("事业编制"))]);
    // 审批 1,840 h (行政), 巡查 3,680 h (事业).
    let volumes = volumes(&[("丙局", "审批", Some(1840.0)), ("丙局", "巡查", Some(1840.0))]);
    let mut params = Params {
        method: WorkloadMethod::Standards,
        ..Params::default()
    };
    let frames = by_standards(&staffing, &standards, &volumes);
    let type_row = |a: &satlas::analysis::Analysis, q: &str, c: &str| {
        let r = Rows::new(&a.unit_types).unwrap();
        (0..r.height())
            .find(|&i| r.str(col::QUOTA_TYPE, i) == Some(q))
            .map(|i| (r.f64(c, i), r.str(col::REQUIRED_BASIS, i).map(str::to_owned)))
            .unwrap()
    };
    let a = analyze_all(frames, &params, &SourceNames::default()).unwrap();
    // By staff in post the unit's 3 would split 2.25 / 0.75; the standards say 1 / 2.
    assert_eq!(
        type_row(&a, "行政编制", col::REQUIRED),
        (Some(1.0), Some("by_standards".into()))
    );
    assert_eq!(type_row(&a, "事业编制", col::REQUIRED).0, Some(2.0));
    // 事业编制 at half days needs twice as many for the same hours.
    params.by_quota_type.insert(
        "事业编制".into(),
        satlas::model::TypeWisn {
            calendar: Some(satlas::model::Calendar {
                hours_per_day: 4.0,
                ..Default::default()
            }),
            allowances: None,
        },
    );
    let a = analyze_all(frames, &params, &SourceNames::default()).unwrap();
    assert_eq!(type_row(&a, "事业编制", col::REQUIRED).0, Some(4.0));
    assert_eq!(value(&a.units, "丙局", col::REQUIRED), Some(5.0));
}

/// What a second review found, kept fixed: a category's own individual allowance counts only
/// where the category has a part of the work; a unit is tied by the standards only when they
/// feed it and every category's work is known; a category named in the parameters must be a
/// quota type.
#[test]
fn category_parameters_and_ties_keep_to_what_they_know() {
    let staffing = |actual_shiye: i64| two_types([3, 2], [3, actual_shiye]);
    let survey = yearly_hours(1840.0);
    // 事业编制 has nobody in post and no part of the work: its own allowance adds nothing.
    let mut params = Params::default();
    params.by_quota_type.insert(
        "事业编制".into(),
        satlas::model::TypeWisn {
            calendar: None,
            allowances: Some(satlas::model::Allowances {
                individual_hours: 184.0,
                ..Default::default()
            }),
        },
    );
    let no_one = staffing(0);
    let a = analyze_frames(&no_one, None, Some(&survey), &params, &SourceNames::default()).unwrap();
    assert_eq!(value(&a.units, "丙局", col::REQUIRED), Some(1.0));

    // 巡查 (事业) has no volume: the standards cannot tie the unit, and under "standards else
    // survey" its figures are the survey's, shared by staff, never "by standards".
    let standards = typed_standards(&[("审批", 1.0, Some("行政编制")), ("巡查", 2.0, Some("事业编制"))]);
    let volumes = volumes(&[("丙局", "审批", Some(1840.0)), ("丙局", "巡查", None)]);
    let staffed = staffing(1);
    let frames = Frames {
        staffing: &staffed,
        roster: None,
        survey: Some(&survey),
        standards: Some(&standards),
        volumes: Some(&volumes),
    };
    let params = Params {
        method: WorkloadMethod::StandardsElseSurvey,
        ..Params::default()
    };
    let a = analyze_all(frames, &params, &SourceNames::default()).unwrap();
    let r = Rows::new(&a.unit_types).unwrap();
    for i in 0..r.height() {
        assert_ne!(r.str(col::REQUIRED_BASIS, i), Some("by_standards"));
    }
    assert_eq!(value(&a.units, "丙局", col::REQUIRED), Some(1.0));

    // A category the parameters misspell changes nothing silently: refused.
    let mut typo = Params::default();
    typo.by_quota_type
        .insert("事业".into(), satlas::model::TypeWisn::default());
    let e = typo.validate().unwrap_err();
    assert!(e.zh.contains("事业") && e.zh.contains("事业编制"), "{}", e.zh);
}

/// 丙局 with 行政编制 and 事业编制: approved and actual of each.
fn two_types(approved: [i64; 2], actual: [i64; 2]) -> DataFrame {
    df!(
        col::UNIT => ["丙局", "丙局"],
        col::DEPARTMENT => ["一部", "一部"],
        col::QUOTA_TYPE => ["行政编制", "事业编制"],
        col::YEAR => [None::<i32>, None],
        col::APPROVED => approved.map(Some),
        col::ACTUAL => actual.map(Some),
        col::LEADER_POSTS => [None::<i64>, None],
        col::LEADERS_ACTUAL => [None::<i64>, None],
        col::PERFORMANCE => [None::<f64>, None],
        col::CATEGORY => [None::<&str>, None],
        col::KEY_AREA => [None::<bool>, None],
        col::FRONT_LINE => [None::<bool>, None],
        col::SOURCE_ROW => [2u32, 3],
    )
    .unwrap()
}

/// A survey of 丙局 giving `hours` a year to one task.
fn yearly_hours(hours: f64) -> DataFrame {
    df!(
        col::UNIT => ["丙局"],
        col::DEPARTMENT => [None::<&str>],
        col::PERSON => [None::<&str>],
        col::TASK => ["审批"],
        col::PERIOD => [None::<&str>],
        col::FREQUENCY => [None::<f64>],
        col::HOURS_EACH => [None::<f64>],
        col::ANNUAL_HOURS => [Some(hours)],
        col::YEAR => [None::<i32>],
        col::SOURCE_ROW => [2u32],
    )
    .unwrap()
}

/// A standard giving an activity to a staff category the unit has no posts of is said, and the
/// unit's hours are shared by staff in post.
#[test]
fn a_category_the_unit_lacks_is_said() {
    let staffing = two_types([3, 3], [3, 1]);
    let standards = typed_standards(&[("审批", 1.0, Some("行政编制")), ("保洁", 1.0, Some("工勤编制"))]);
    let volumes = volumes(&[("丙局", "审批", Some(1840.0)), ("丙局", "保洁", Some(920.0))]);
    let params = Params {
        method: WorkloadMethod::Standards,
        ..Params::default()
    };
    let frames = by_standards(&staffing, &standards, &volumes);
    let names = SourceNames {
        standards: "标准.xlsx".into(),
        ..SourceNames::default()
    };
    let a = analyze_all(frames, &params, &names).unwrap();
    let said = a.findings.iter().find(|f| f.code == "category_not_held").expect("said");
    assert!(said.zh.contains("丙局") && said.zh.contains("工勤编制"), "{}", said.zh);
    let r = Rows::new(&a.unit_types).unwrap();
    for i in 0..r.height() {
        assert_eq!(r.str(col::REQUIRED_BASIS, i), Some("by_staff"));
    }
}

/// Standards with the staff category of each activity: (activity, hours, category).
fn typed_standards(rows: &[(&str, f64, Option<&str>)]) -> DataFrame {
    df!(
        col::ACTIVITY => rows.iter().map(|r| r.0).collect::<Vec<_>>(),
        col::STANDARD_HOURS => rows.iter().map(|r| r.1).collect::<Vec<_>>(),
        col::QUOTA_TYPE => rows.iter().map(|r| r.2).collect::<Vec<_>>(),
        col::SOURCE_ROW => (2..2 + rows.len() as u32).collect::<Vec<_>>(),
    )
    .unwrap()
}

/// The frames of a run on standards and volumes, without a survey or a roster.
fn by_standards<'a>(staffing: &'a DataFrame, standards: &'a DataFrame, volumes: &'a DataFrame) -> Frames<'a> {
    Frames {
        staffing,
        roster: None,
        survey: None,
        standards: Some(standards),
        volumes: Some(volumes),
    }
}

/// What a researcher trying the method found, kept fixed: 按填报 stays the survey's under the
/// standards; volumes covering half of what a unit reported are said; a standard far off the
/// reported time everywhere (hours for minutes) is said; a surveyed unit without volumes under
/// the standards method is still surveyed.
#[test]
fn partial_volumes_and_far_off_standards_are_said() {
    let staffing = two_types([3, 3], [3, 1]);
    let survey = df!(
        col::UNIT => ["丙局", "丙局"],
        col::DEPARTMENT => [None::<&str>, None],
        col::PERSON => [None::<&str>, None],
        col::TASK => ["审批", "巡查"],
        col::PERIOD => [None::<&str>, None],
        col::FREQUENCY => [None::<f64>, None],
        col::HOURS_EACH => [None::<f64>, None],
        col::ANNUAL_HOURS => [Some(1840.0), Some(1840.0)],
        col::YEAR => [None::<i32>, None],
        col::SOURCE_ROW => [2u32, 3],
    )
    .unwrap();
    // 审批 at 0.1 h (6 minutes written where 60 were meant): 100 items are 10 h, not 1,840.
    let standards = standards(&[("审批", Some(0.1))]);
    let priced = volumes(&[("丙局", "审批", Some(100.0))]);
    let frames = Frames {
        survey: Some(&survey),
        ..by_standards(&staffing, &standards, &priced)
    };
    let params = Params {
        method: WorkloadMethod::StandardsElseSurvey,
        ..Params::default()
    };
    let a = analyze_all(frames, &params, &SourceNames::default()).unwrap();
    assert_eq!(value(&a.units, "丙局", col::WORKLOAD), Some(10.0));
    assert_eq!(
        value(&a.units, "丙局", col::WORKLOAD_REPORTED),
        Some(3680.0),
        "按填报 is the survey's"
    );
    let codes: Vec<&str> = a.findings.iter().map(|f| f.code.as_str()).collect();
    assert!(codes.contains(&"volumes_partial"), "{codes:?}");
    assert!(codes.contains(&"standard_far_off"), "{codes:?}");
    assert!(codes.contains(&"tasks_unmatched"), "{codes:?}");

    // Under the standards alone, a unit surveyed but without volumes is surveyed, its workload
    // unknown, and said to have no volumes.
    let no_volumes = volumes(&[("别的局", "审批", Some(1.0))]);
    let frames = Frames {
        survey: Some(&survey),
        ..by_standards(&staffing, &standards, &no_volumes)
    };
    let params = Params {
        method: WorkloadMethod::Standards,
        ..Params::default()
    };
    let a = analyze_all(frames, &params, &SourceNames::default()).unwrap();
    assert_eq!(value(&a.units, "丙局", col::WORKLOAD), None);
    assert_eq!(value(&a.units, "丙局", col::PEOPLE_SURVEYED), Some(0.0));
    let flags = text(&a.units, "丙局", col::FLAGS).unwrap_or_default();
    assert!(!flags.contains("survey_missing"), "not flagged as unsurveyed: {flags}");
    assert!(
        a.findings
            .iter()
            .any(|f| f.code == "no_volumes" && f.zh.contains("丙局"))
    );
}
