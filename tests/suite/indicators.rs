//! The indicators against values worked by hand.

use polars::prelude::*;
use satlas::analysis::{Analysis, Rows, SourceNames, analyze_frames};
use satlas::model::{Params, col};

/// (unit, department, quota type, year, approved, actual)
type Post<'a> = (&'a str, &'a str, &'a str, Option<i32>, i64, i64);

fn staffing(rows: &[Post]) -> DataFrame {
    let n = rows.len();
    DataFrame::new(
        n,
        vec![
            Column::new(col::UNIT.into(), rows.iter().map(|r| r.0).collect::<Vec<_>>()),
            Column::new(col::DEPARTMENT.into(), rows.iter().map(|r| r.1).collect::<Vec<_>>()),
            Column::new(col::QUOTA_TYPE.into(), rows.iter().map(|r| r.2).collect::<Vec<_>>()),
            Column::new(col::YEAR.into(), rows.iter().map(|r| r.3).collect::<Vec<_>>()),
            Column::new(col::APPROVED.into(), rows.iter().map(|r| Some(r.4)).collect::<Vec<_>>()),
            Column::new(col::ACTUAL.into(), rows.iter().map(|r| Some(r.5)).collect::<Vec<_>>()),
            Column::new(col::LEADER_POSTS.into(), vec![None::<i64>; n]),
            Column::new(col::LEADERS_ACTUAL.into(), vec![None::<i64>; n]),
            Column::new(col::PERFORMANCE.into(), vec![None::<f64>; n]),
            Column::new(col::CATEGORY.into(), vec![None::<&str>; n]),
            Column::new(col::KEY_AREA.into(), vec![None::<bool>; n]),
            Column::new(col::FRONT_LINE.into(), vec![None::<bool>; n]),
            Column::new(col::SOURCE_ROW.into(), (2..n as u32 + 2).collect::<Vec<_>>()),
        ],
    )
    .unwrap()
}

/// (unit, person, period, frequency, hours each, annual hours, year)
type Task<'a> = (
    &'a str,
    Option<&'a str>,
    Option<&'a str>,
    Option<f64>,
    Option<f64>,
    Option<f64>,
    Option<i32>,
);

fn survey(rows: &[Task]) -> DataFrame {
    let n = rows.len();
    DataFrame::new(
        n,
        vec![
            Column::new(col::UNIT.into(), rows.iter().map(|r| r.0).collect::<Vec<_>>()),
            Column::new(col::DEPARTMENT.into(), vec![None::<&str>; n]),
            Column::new(col::PERSON.into(), rows.iter().map(|r| r.1).collect::<Vec<_>>()),
            Column::new(
                col::TASK.into(),
                rows.iter()
                    .map(|r| format!("事项{:?}{:?}{:?}", r.3, r.4, r.5))
                    .collect::<Vec<_>>(),
            ),
            Column::new(col::PERIOD.into(), rows.iter().map(|r| r.2).collect::<Vec<_>>()),
            Column::new(col::FREQUENCY.into(), rows.iter().map(|r| r.3).collect::<Vec<_>>()),
            Column::new(col::HOURS_EACH.into(), rows.iter().map(|r| r.4).collect::<Vec<_>>()),
            Column::new(col::ANNUAL_HOURS.into(), rows.iter().map(|r| r.5).collect::<Vec<_>>()),
            Column::new(col::YEAR.into(), rows.iter().map(|r| r.6).collect::<Vec<_>>()),
            Column::new(col::SOURCE_ROW.into(), (2..n as u32 + 2).collect::<Vec<_>>()),
        ],
    )
    .unwrap()
}

fn run(staff: &DataFrame, work: Option<&DataFrame>, params: &Params) -> Analysis {
    analyze_frames(staff, None, work, params, &SourceNames::default()).unwrap()
}

fn value(frame: &DataFrame, unit: &str, column: &str) -> Option<f64> {
    let rows = Rows::new(frame).unwrap();
    let i = (0..frame.height())
        .find(|&i| rows.str(col::UNIT, i) == Some(unit))
        .expect("unit present");
    rows.f64(column, i)
}

fn text(frame: &DataFrame, unit: &str, column: &str) -> String {
    let rows = Rows::new(frame).unwrap();
    let i = (0..frame.height())
        .find(|&i| rows.str(col::UNIT, i) == Some(unit))
        .expect("unit present");
    rows.str(column, i).unwrap_or("").to_owned()
}

fn close(a: Option<f64>, b: f64, tol: f64) {
    let a = a.expect("a value, not empty");
    assert!((a - b).abs() <= tol, "{a} is not {b} (±{tol})");
}

/// The WISN worked example: (260 − 11 − 10 − 5 − 4) × 8 = 1,840 h; 12,000 cases × 15 min and
/// 900 files × 60 min; CAF for 17.5% = 1.212121; IAF for 250 h = 0.135870; 3 staff.
#[test]
fn wisn_worked_example() {
    let mut p = Params::default();
    p.calendar.working_days = 260.0;
    p.calendar.public_holidays = 11.0;
    p.calendar.annual_leave = 10.0;
    p.calendar.training = 5.0;
    p.calendar.other_absence = 4.0;
    p.allowances.category_share = 0.175;
    p.allowances.individual_hours = 250.0;
    assert_eq!(p.calendar.available_hours(), 1840.0);
    assert!((p.caf() - 1.212121).abs() < 1e-6);
    assert!((p.iaf() - 0.135870).abs() < 1e-6);

    let staff = staffing(&[("卫生院", "卫健", "事业编制", None, 3, 3)]);
    let work = survey(&[
        ("卫生院", None, Some("year"), Some(12000.0), Some(0.25), None, None),
        ("卫生院", None, Some("year"), Some(900.0), Some(1.0), None, None),
    ]);
    let a = run(&staff, Some(&work), &p);
    let w = value(&a.units, "卫生院", col::WORKLOAD).unwrap();
    assert!(
        (w / 1840.0 - 2.11957).abs() < 1e-5,
        "staff for the activities: {}",
        w / 1840.0
    );
    close(value(&a.units, "卫生院", col::REQUIRED), 2.705040, 1e-5);
    let r = value(&a.units, "卫生院", col::REQUIRED).unwrap();
    assert!((3.0 - r - 0.29496).abs() < 1e-5, "WISN difference");
    assert!((3.0 / r - 1.10904).abs() < 1e-5, "WISN ratio");
    close(value(&a.units, "卫生院", col::SATURATION), 0.90168, 1e-5);
    assert_eq!(text(&a.units, "卫生院", col::BAND), "balanced");
}

/// A hand-worked district of three units with the default calendar (H = 1,840 h).
#[test]
fn staffing_and_saturation_by_hand() {
    let staff = staffing(&[
        // 10 approved, 6 in post; 2 people × 1,840 h of work → R = 2, S = 0.333
        ("甲局", "一部", "行政编制", None, 10, 6),
        // 4 approved, 6 in post (over quota by 2); 9,200 h → R = 5, S = 0.833
        ("乙中心", "一部", "事业编制", None, 4, 6),
        // no survey: saturation unknown
        ("丙所", "二部", "事业编制", None, 5, 5),
    ]);
    let work = survey(&[
        (
            "甲局",
            Some("张三"),
            Some("day"),
            Some(1.0),
            Some(7.419354838709677),
            None,
            None,
        ), // 248 × 7.419… = 1,840
        ("甲局", Some("李四"), None, None, None, Some(1840.0), None),
        (
            "乙中心",
            Some("王五"),
            Some("month"),
            Some(10.0),
            Some(76.66666666666667),
            None,
            None,
        ), // 12 × 10 × 76.67 = 9,200
    ]);
    let a = run(&staff, Some(&work), &Params::default());
    let u = &a.units;
    close(value(u, "甲局", col::REQUIRED), 2.0, 1e-9);
    close(value(u, "甲局", col::SATURATION), 2.0 / 6.0, 1e-9);
    close(value(u, "甲局", col::QUOTA_SATURATION), 0.2, 1e-9);
    close(value(u, "甲局", col::VACANCY), 4.0, 0.0);
    close(value(u, "甲局", col::VACANCY_RATE), 0.4, 1e-12);
    close(value(u, "甲局", col::IDLE), 4.0, 1e-9);
    close(value(u, "甲局", col::SHORTAGE), 0.0, 0.0);
    // unoccupied quotas the work does not justify: 10 − max(6, 2) = 4
    close(value(u, "甲局", col::RECOVERABLE), 4.0, 0.0);
    assert_eq!(text(u, "甲局", col::BAND), "severe_under");
    close(value(u, "甲局", col::SPREAD_CV), 0.0, 1e-9);
    close(value(u, "甲局", col::PEOPLE_SURVEYED), 2.0, 0.0);

    close(value(u, "乙中心", col::REQUIRED), 5.0, 1e-9);
    close(value(u, "乙中心", col::OVER_QUOTA), 2.0, 0.0);
    close(value(u, "乙中心", col::VACANCY), 0.0, 0.0);
    close(value(u, "乙中心", col::RECOVERABLE), 0.0, 0.0);
    assert!(text(u, "乙中心", col::FLAGS).contains("over_quota"));

    assert_eq!(value(u, "丙所", col::SATURATION), None);
    assert_eq!(value(u, "丙所", col::REQUIRED), None);
    assert_eq!(value(u, "丙所", col::RECOVERABLE), None);
    assert_eq!(text(u, "丙所", col::BAND), "unknown");
    assert!(text(u, "丙所", col::FLAGS).contains("survey_missing"));

    // Department 一部: R = 7 over A = 12 surveyed.
    let d = Rows::new(&a.departments).unwrap();
    let i = (0..a.departments.height())
        .find(|&i| d.str(col::DEPARTMENT, i) == Some("一部"))
        .unwrap();
    close(d.f64(col::SATURATION, i), 7.0 / 12.0, 1e-9);
    close(d.f64(col::VACANCY, i), 4.0, 0.0);
    close(d.f64(col::OVER_QUOTA, i), 2.0, 0.0);
    // District: vacancies and over-quota do not net out.
    let s = Rows::new(&a.summary).unwrap();
    let metric = |m: &str| {
        (0..a.summary.height())
            .find(|&i| s.str(col::METRIC, i) == Some(m))
            .and_then(|i| s.f64(col::VALUE, i))
    };
    assert_eq!(metric(col::APPROVED), Some(19.0));
    assert_eq!(metric(col::ACTUAL), Some(17.0));
    assert_eq!(metric(col::VACANCY), Some(4.0));
    assert_eq!(metric(col::OVER_QUOTA), Some(2.0));
    assert_eq!(metric("band:unknown"), Some(1.0));
    assert_eq!(metric("flag:over_quota"), Some(1.0));
}

/// A unit holding two quota types shares its one workload by its people of each type.
#[test]
fn required_staff_is_shared_across_quota_types() {
    let staff = staffing(&[
        ("丁局", "一部", "行政编制", None, 8, 6),
        ("丁局", "一部", "工勤编制", None, 2, 2),
        ("戊站", "一部", "事业编制", None, 3, 0),
        ("戊站", "一部", "工勤编制", None, 1, 0),
    ]);
    let work = survey(&[
        ("丁局", None, None, None, None, Some(1840.0 * 4.0), None),
        ("戊站", None, None, None, None, Some(1840.0 * 2.0), None),
    ]);
    let a = run(&staff, Some(&work), &Params::default());
    let ut = Rows::new(&a.unit_types).unwrap();
    let find = |u: &str, q: &str| {
        (0..a.unit_types.height())
            .find(|&i| ut.str(col::UNIT, i) == Some(u) && ut.str(col::QUOTA_TYPE, i) == Some(q))
            .unwrap()
    };
    close(ut.f64(col::REQUIRED, find("丁局", "行政编制")), 3.0, 1e-9);
    close(ut.f64(col::REQUIRED, find("丁局", "工勤编制")), 1.0, 1e-9);
    assert_eq!(ut.str(col::REQUIRED_BASIS, find("丁局", "行政编制")), Some("by_staff"));
    // Nobody in post: shared by approved quota, saturation empty, band severe_over.
    close(ut.f64(col::REQUIRED, find("戊站", "事业编制")), 1.5, 1e-9);
    assert_eq!(ut.str(col::REQUIRED_BASIS, find("戊站", "事业编制")), Some("by_quota"));
    assert_eq!(ut.f64(col::SATURATION, find("戊站", "事业编制")), None);
    assert_eq!(ut.str(col::BAND, find("戊站", "事业编制")), Some("severe_over"));
}

/// Flags across three years: long idle and shrinking work; the latest year is the one shown.
#[test]
fn long_idle_and_shrinking_work_across_years() {
    let staff = staffing(&[
        ("闲置中心", "一部", "事业编制", Some(2023), 10, 5),
        ("闲置中心", "一部", "事业编制", Some(2024), 10, 5),
        ("闲置中心", "一部", "事业编制", Some(2025), 10, 5),
        ("萎缩局", "一部", "行政编制", Some(2023), 5, 5),
        ("萎缩局", "一部", "行政编制", Some(2024), 5, 5),
        ("萎缩局", "一部", "行政编制", Some(2025), 5, 5),
    ]);
    let h = 1840.0;
    let work = survey(&[
        ("萎缩局", None, None, None, None, Some(h * 5.0), Some(2023)),
        ("萎缩局", None, None, None, None, Some(h * 4.6), Some(2024)),
        ("萎缩局", None, None, None, None, Some(h * 4.2), Some(2025)),
    ]);
    let a = run(&staff, Some(&work), &Params::default());
    assert_eq!(a.year, Some(2025));
    assert_eq!(a.units.height(), 2);
    assert!(text(&a.units, "闲置中心", col::FLAGS).contains("long_idle"));
    assert!(text(&a.units, "萎缩局", col::FLAGS).contains("shrinking_work"));
    assert!(!text(&a.units, "萎缩局", col::FLAGS).contains("long_idle"));
    assert_eq!(a.history.height(), 6);
}

/// Survey quality: duplicates counted once, people over 1.2 × H flagged, calibration and cap
/// applied to the adjusted figures while the reported ones stay.
#[test]
fn survey_quality_rules() {
    let staff = staffing(&[("己局", "一部", "行政编制", None, 3, 2)]);
    let work = survey(&[
        ("己局", Some("甲"), None, None, None, Some(2500.0), None),
        ("己局", Some("乙"), Some("week"), Some(2.0), Some(5.0), None, None),
        ("己局", Some("乙"), Some("week"), Some(2.0), Some(5.0), None, None),
    ]);
    let mut p = Params::default();
    p.survey.calibration_factor = 0.8;
    p.survey.cap_person_hours = true;
    let a = run(&staff, Some(&work), &p);
    assert!(
        a.findings
            .iter()
            .any(|f| f.code == "duplicate_row" && f.location.row == Some(4))
    );
    assert!(a.findings.iter().any(|f| f.code == "over_hours" && f.zh.contains("甲")));
    // As reported is every row filed, the duplicate too: 2,500 + 2 × (2 × 5 × 49.6) = 3,492 h.
    close(value(&a.units, "己局", col::WORKLOAD_REPORTED), 3492.0, 1e-9);
    // adjusted: min(2,500 × 0.8, 1.2 × 1,840 = 2,208) = 2,000; 496 × 0.8 = 396.8
    close(value(&a.units, "己局", col::WORKLOAD), 2396.8, 1e-9);
    assert!(
        value(&a.units, "己局", col::SATURATION).unwrap() < value(&a.units, "己局", col::SATURATION_REPORTED).unwrap()
    );
}

/// A capped person's cap is shared across their tasks in proportion to the hours reported;
/// everyone else's tasks are only calibrated.
#[test]
fn a_capped_person_shares_the_cap_across_tasks() {
    let staff = staffing(&[
        ("庚局", "一部", "行政编制", None, 3, 2),
        ("辛局", "一部", "行政编制", None, 3, 2),
    ]);
    let work = survey(&[
        ("庚局", Some("丙"), None, None, None, Some(1000.0), None),
        ("庚局", Some("丙"), None, None, None, Some(2000.0), None),
        ("庚局", Some("丁"), None, None, None, Some(500.0), None),
        ("辛局", None, None, None, None, Some(800.0), None),
    ]);
    let mut p = Params::default();
    p.survey.calibration_factor = 0.8;
    p.survey.cap_person_hours = true;
    let a = run(&staff, Some(&work), &p);
    // 丙: 3,000 × 0.8 = 2,400 over the cap 1.2 × 1,840 = 2,208; 丁: 500 × 0.8 = 400.
    close(value(&a.units, "庚局", col::WORKLOAD), 2208.0 + 400.0, 1e-9);
    // A unit-level task (no person) is calibrated only.
    close(value(&a.units, "辛局", col::WORKLOAD), 640.0, 1e-9);
    let rows = Rows::new(&a.tasks).unwrap();
    let mut adjusted: Vec<(f64, f64)> = (0..a.tasks.height())
        .filter(|&i| rows.str(col::UNIT, i) == Some("庚局"))
        .map(|i| {
            (
                rows.f64(col::ANNUAL_HOURS, i).unwrap(),
                rows.f64(col::WORKLOAD, i).unwrap(),
            )
        })
        .collect();
    adjusted.sort_by(|a, b| a.0.total_cmp(&b.0));
    let expected = [(500.0, 400.0), (1000.0, 736.0), (2000.0, 1472.0)];
    for ((reported, got), (r, want)) in adjusted.iter().zip(expected) {
        assert_eq!(*reported, r);
        assert!((got - want).abs() < 1e-9, "{reported} h → {got}, not {want}");
    }

    // Without the cap the same person is only calibrated.
    p.survey.cap_person_hours = false;
    let a = run(&staff, Some(&work), &p);
    close(value(&a.units, "庚局", col::WORKLOAD), 2800.0, 1e-9);
}

/// Without a survey the staffing indicators stand and saturation reads unknown, never zero.
#[test]
fn no_survey_at_all() {
    let staff = staffing(&[
        ("庚局", "一部", "行政编制", None, 0, 0),
        ("辛局", "一部", "行政编制", None, 4, 5),
    ]);
    let a = run(&staff, None, &Params::default());
    assert_eq!(value(&a.units, "庚局", col::VACANCY_RATE), None);
    assert_eq!(value(&a.units, "庚局", col::SATURATION), None);
    assert_eq!(text(&a.units, "庚局", col::BAND), "unknown");
    close(value(&a.units, "辛局", col::OVER_QUOTA), 1.0, 0.0);
    assert!(!text(&a.units, "辛局", col::FLAGS).contains("survey_missing"));
    for frame in [&a.units, &a.unit_types, &a.departments, &a.summary] {
        for c in frame.columns() {
            if let Ok(f) = c.cast(&DataType::Float64) {
                assert!(
                    f.f64().unwrap().iter().flatten().all(f64::is_finite),
                    "{} has NaN or inf",
                    c.name()
                );
            }
        }
    }
}

/// With a roster, each surveyed person's hours count for their own quota type.
#[test]
fn roster_ties_the_workload_to_quota_types() {
    let staff = staffing(&[
        ("壬局", "一部", "行政编制", None, 3, 9),
        ("壬局", "一部", "工勤编制", None, 1, 9),
    ]);
    let roster = DataFrame::new(
        3,
        vec![
            Column::new(col::UNIT.into(), ["壬局", "壬局", "壬局"]),
            Column::new(col::DEPARTMENT.into(), [None::<&str>, None, None]),
            Column::new(col::QUOTA_TYPE.into(), ["行政编制", "行政编制", "工勤编制"]),
            Column::new(col::PERSON.into(), ["甲", "乙", "丙"]),
            Column::new(col::LEADER.into(), [true, false, false]),
            Column::new(col::YEAR.into(), [None::<i32>, None, None]),
            Column::new(col::SOURCE_ROW.into(), [2u32, 3, 4]),
        ],
    )
    .unwrap();
    let work = survey(&[
        ("壬局", Some("甲"), None, None, None, Some(1840.0), None),
        ("壬局", Some("乙"), None, None, None, Some(1840.0), None),
        ("壬局", Some("丙"), None, None, None, Some(920.0), None),
    ]);
    let a = analyze_frames(
        &staff,
        Some(&roster),
        Some(&work),
        &Params::default(),
        &SourceNames::default(),
    )
    .unwrap();
    let ut = Rows::new(&a.unit_types).unwrap();
    let find = |q: &str| {
        (0..a.unit_types.height())
            .find(|&i| ut.str(col::QUOTA_TYPE, i) == Some(q))
            .unwrap()
    };
    // The roster's count replaces the table's 9 in post.
    close(ut.f64(col::ACTUAL, find("行政编制")), 2.0, 0.0);
    close(ut.f64(col::ACTUAL, find("工勤编制")), 1.0, 0.0);
    close(ut.f64(col::REQUIRED, find("行政编制")), 2.0, 1e-9);
    close(ut.f64(col::REQUIRED, find("工勤编制")), 0.5, 1e-9);
    assert_eq!(ut.str(col::REQUIRED_BASIS, find("工勤编制")), Some("by_roster"));
    assert!(a.findings.iter().any(|f| f.code == "roster_differs"));
    close(value(&a.units, "壬局", col::LEADERS_ACTUAL), 1.0, 0.0);
}

/// A blank actual-staff cell is unknown, not zero: no vacancy is invented from it.
#[test]
fn blank_actual_staff_is_unknown_not_zero() {
    let mut staff = staffing(&[
        ("癸局", "一部", "行政编制", None, 34, 32),
        ("子局", "一部", "事业编制", None, 44, 0),
    ]);
    let actual = Column::new(col::ACTUAL.into(), [Some(32i64), None]);
    staff.with_column(actual).unwrap();
    let a = run(&staff, None, &Params::default());
    close(value(&a.units, "癸局", col::VACANCY), 2.0, 0.0);
    assert_eq!(value(&a.units, "子局", col::ACTUAL), None);
    assert_eq!(value(&a.units, "子局", col::VACANCY), None);
    assert_eq!(value(&a.units, "子局", col::OVER_QUOTA), None);
    assert_eq!(summary_value(&a, col::VACANCY), Some(2.0));
}

#[test]
fn leader_posts_no_row_gave_are_unknown_not_zero() {
    let mut staff = staffing(&[
        ("癸局", "一部", "行政编制", None, 34, 32),
        ("子局", "一部", "事业编制", None, 44, 40),
    ]);
    let a = run(&staff, None, &Params::default());
    assert_eq!(value(&a.units, "癸局", col::LEADER_POSTS), None);
    assert_eq!(summary_value(&a, col::LEADER_POSTS), None);
    assert_eq!(summary_value(&a, col::LEADERS_ACTUAL), None);
    // One unit that gives them makes the district's sum known.
    let posts = Column::new(col::LEADER_POSTS.into(), [Some(3i64), None]);
    staff.with_column(posts).unwrap();
    let a = run(&staff, None, &Params::default());
    assert_eq!(value(&a.units, "癸局", col::LEADER_POSTS), Some(3.0));
    assert_eq!(value(&a.units, "子局", col::LEADER_POSTS), None);
    assert_eq!(summary_value(&a, col::LEADER_POSTS), Some(3.0));
}

fn summary_value(a: &Analysis, metric: &str) -> Option<f64> {
    let s = Rows::new(&a.summary).unwrap();
    (0..a.summary.height())
        .find(|&i| s.str(col::METRIC, i) == Some(metric))
        .and_then(|i| s.f64(col::VALUE, i))
}

#[test]
fn findings_about_survey_rows_name_the_sheet() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data");
    let opts = satlas::ingest::LoadOptions::default();
    let load = |name: &str, kind| satlas::ingest::load(&dir.join(name), kind, &opts).expect("sample loads");
    let inputs = satlas::ingest::Inputs {
        staffing: Some(load("staffing.xlsx", satlas::ingest::TableKind::Staffing)),
        roster: None,
        survey: Some(load("survey.xlsx", satlas::ingest::TableKind::Survey)),
        ..Default::default()
    };
    let a = satlas::analysis::analyze(&inputs, &satlas::Params::default()).unwrap();
    let on_rows: Vec<_> = a
        .findings
        .iter()
        .filter(|f| f.location.file == "survey.xlsx" && f.location.row.is_some())
        .collect();
    assert!(on_rows.len() > 2, "the sample's survey has findings on rows");
    for f in on_rows {
        assert_eq!(f.location.sheet.as_deref(), Some("工作量调查"), "{}", f.code);
    }
}

/// People over the hours limit: the latest year names them, with its year; each year counts its
/// own people, never the sum of person-years over several years.
#[test]
fn people_over_the_hours_limit_are_counted_year_by_year() {
    let staff = staffing(&[("己局", "一部", "行政编制", None, 30, 30)]);
    let mut tasks = Vec::new();
    let names: Vec<String> = (0..25).map(|i| format!("人{i}")).collect();
    for (year, over) in [(2024, 23), (2025, 22)] {
        for name in &names[..over] {
            tasks.push(("己局", Some(name.as_str()), None, None, None, Some(3000.0), Some(year)));
        }
    }
    let a = run(&staff, Some(&survey(&tasks)), &Params::default());
    let over: Vec<_> = a.findings.iter().filter(|f| f.code == "over_hours").collect();
    let named: Vec<_> = over.iter().filter(|f| f.location.row.is_some()).collect();
    assert_eq!(named.len(), 20);
    assert!(
        named
            .iter()
            .all(|f| f.year == Some(2025) && f.zh.starts_with("2025 年，"))
    );
    let counts: Vec<(Option<i32>, &str)> = over
        .iter()
        .filter(|f| f.location.row.is_none())
        .map(|f| (f.year, f.zh.as_str()))
        .collect();
    assert_eq!(
        counts,
        [
            (
                Some(2025),
                "2025 年，共有 22 人填报全年工时超过上限（已列出工时最高的 20 人）。"
            ),
            (Some(2024), "2024 年，共有 23 人填报全年工时超过上限。"),
        ]
    );
}

/// One person whose time is unknown leaves the unit's spread unknown (a Gini over the others
/// divided by everyone went negative), never a figure over part of the unit.
#[test]
fn one_unknown_person_leaves_the_spread_unknown() {
    let staff = staffing(&[
        ("庚局", "一部", "行政编制", None, 4, 3),
        ("辛局", "一部", "行政编制", None, 4, 3),
    ]);
    let work = survey(&[
        ("庚局", Some("甲"), None, None, None, Some(1800.0), None),
        ("庚局", Some("乙"), None, None, None, Some(900.0), None),
        ("庚局", Some("丙"), Some("week"), Some(2.0), None, None, None),
        ("辛局", Some("甲"), None, None, None, Some(1800.0), None),
        ("辛局", Some("乙"), None, None, None, Some(900.0), None),
    ]);
    let a = run(&staff, Some(&work), &Params::default());
    for c in [col::SPREAD_GINI, col::SPREAD_CV, col::SHARE_UNDERLOADED] {
        assert_eq!(value(&a.units, "庚局", c), None, "{c}");
        assert!(value(&a.units, "辛局", c).is_some_and(|v| v >= 0.0), "{c}");
    }
}
