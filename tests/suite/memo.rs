//! An analysis that takes parts from the memo of earlier analyses of the same inputs gives what
//! an analysis from nothing gives, edit after edit: every table, every finding.

use satlas::analysis::{Analysis, Memo, analyze, analyze_with};
use satlas::ingest::{Inputs, LoadOptions, TableKind, load};
use satlas::model::{Params, WorkloadMethod};
use std::path::Path;

fn sample_inputs() -> Inputs {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data");
    let opts = LoadOptions::default();
    let read = |name: &str, kind| Some(load(&dir.join(name), kind, &opts).expect(name));
    Inputs {
        staffing: read("staffing.xlsx", TableKind::Staffing),
        roster: read("roster.xlsx", TableKind::Roster),
        survey: read("survey.xlsx", TableKind::Survey),
        standards: read("standards.xlsx", TableKind::Standards),
        volumes: read("volumes.xlsx", TableKind::Volumes),
    }
}

fn same(step: &str, memo: &Analysis, fresh: &Analysis) {
    let tables = [
        ("units", &memo.units, &fresh.units),
        ("unit_types", &memo.unit_types, &fresh.unit_types),
        ("departments", &memo.departments, &fresh.departments),
        ("summary", &memo.summary, &fresh.summary),
        ("people", &memo.people, &fresh.people),
        ("tasks", &memo.tasks, &fresh.tasks),
        ("history", &memo.history, &fresh.history),
        (
            "proposed_standards",
            &memo.proposed_standards,
            &fresh.proposed_standards,
        ),
    ];
    for (name, a, b) in tables {
        assert!(a.equals_missing(b), "{step}: table {name} differs\n{a}\n{b}");
    }
    assert_eq!(memo.findings, fresh.findings, "{step}: findings differ");
    assert_eq!(memo.unmatched, fresh.unmatched, "{step}: unmatched units differ");
    match (&memo.standards, &fresh.standards) {
        (Some(a), Some(b)) => {
            let pairs = [
                ("used", &a.used, &b.used),
                ("activities", &a.activities, &b.activities),
                ("all_years", &a.all_years, &b.all_years),
                ("comparison", &a.comparison, &b.comparison),
                ("by_activity", &a.by_activity, &b.by_activity),
                ("by_staff", &a.by_staff, &b.by_staff),
            ];
            for (name, x, y) in pairs {
                assert!(x.equals_missing(y), "{step}: standards {name} differ");
            }
        }
        (None, None) => {}
        _ => panic!("{step}: one analysis has the standards' tables, the other not"),
    }
    match (&memo.returns, &fresh.returns) {
        (Some(a), Some(b)) => assert!(a.equals_missing(b), "{step}: returns differ"),
        (None, None) => {}
        _ => panic!("{step}: one analysis has the returns table, the other not"),
    }
    assert_eq!(memo.available_hours, fresh.available_hours, "{step}");
}

type Edit = fn(&mut Params);

/// Edits of every kind a person makes while the inputs stay, each on the one before.
const EDITS: [(&str, Edit); 25] = [
    ("as read", |_| {}),
    ("balanced band", |p| p.bands.balanced_up_to = 1.15),
    ("under-loaded band", |p| p.bands.under_below = 0.75),
    ("idle threshold", |p| p.flags.idle_vacancy_rate = 0.3),
    ("allowances", |p| p.allowances.category_share = 0.2),
    ("hours a day", |p| p.calendar.hours_per_day = 7.0),
    ("working days", |p| p.calendar.working_days = 250.0),
    ("annual leave", |p| p.calendar.annual_leave = 12.0),
    // Under half the hours the rows' hours were made with: the implausible rows are read again.
    ("a short working day", |p| p.calendar.hours_per_day = 3.0),
    // The same office days, other available hours: the rows' hours stand, the rest does not.
    ("holidays and days together", |p| {
        p.calendar.working_days += 2.0;
        p.calendar.public_holidays += 2.0;
    }),
    ("front line", |p| p.tags.front_line_patterns = vec!["中心".into()]),
    // Under half the limit the survey was laid out with: the times each are read again.
    ("longest time each", |p| p.survey.max_hours_each = 6.0),
    ("person over hours", |p| p.survey.person_max_multiple = 1.05),
    ("no cap", |p| p.survey.cap_person_hours = false),
    ("calibration", |p| p.survey.calibration_factor = 0.9),
    ("duplicates as filed", |p| p.survey.drop_duplicates = false),
    ("standards method", |p| p.method = WorkloadMethod::Standards),
    ("standards else survey", |p| {
        p.method = WorkloadMethod::StandardsElseSurvey
    }),
    // Bands, flags and plan rules under the standards: the figures before them stand.
    ("over band, standards else survey", |p| p.bands.over_up_to = 1.4),
    // The under-loaded threshold changes the units' share of under-loaded people alone.
    ("under-loaded band, standards else survey", |p| {
        p.bands.under_below = 0.7
    }),
    ("long idle in one year", |p| p.flags.long_idle_years = 1),
    ("a plan rule", |p| p.plan.max_loss_share = 0.25),
    ("a category's own allowances", |p| {
        let own = satlas::model::Allowances {
            category_share: 0.3,
            ..Default::default()
        };
        p.by_quota_type.insert(
            "行政编制".into(),
            satlas::model::TypeWisn {
                calendar: None,
                allowances: Some(own),
            },
        );
    }),
    ("survey method again", |p| p.method = WorkloadMethod::Survey),
    ("back to the defaults", |p| *p = Params::default()),
];

#[test]
fn every_edit_gives_what_an_analysis_from_nothing_gives() {
    let inputs = sample_inputs();
    let memo = Memo::default();
    let mut params = Params::default();
    for (step, edit) in EDITS {
        edit(&mut params);
        let kept = analyze_with(&inputs, &params, &memo).expect(step);
        let fresh = analyze(&inputs, &params).expect(step);
        same(step, &kept, &fresh);
    }
}

#[test]
fn a_memo_is_never_taken_for_other_inputs() {
    let inputs = std::sync::Arc::new(sample_inputs());
    let memo = std::sync::Arc::new(Memo::default());
    let first = memo.for_inputs(&inputs);
    assert!(std::sync::Arc::ptr_eq(&first, &memo), "an unused memo is taken");
    let again = first.for_inputs(&inputs);
    assert!(std::sync::Arc::ptr_eq(&again, &memo), "the same inputs take their memo");
    // Other inputs that every part keyed by parameters alone would take for the first: the
    // same files but the roster, which counts the staff and ties work to quota types.
    let mut other = sample_inputs();
    other.roster = None;
    let other = std::sync::Arc::new(other);
    let fresh = again.for_inputs(&other);
    assert!(!std::sync::Arc::ptr_eq(&fresh, &memo), "other inputs take a fresh memo");
    analyze_with(&inputs, &Params::default(), &memo).unwrap();
    let a = analyze_with(&other, &Params::default(), &fresh).unwrap();
    let without_roster = analyze(&other, &Params::default()).unwrap();
    assert!(
        !a.unit_types
            .equals_missing(&analyze(&inputs, &Params::default()).unwrap().unit_types),
        "the roster changes the figures, so a part taken from the first inputs would show"
    );
    // A memo used with other inputs without asking is not taken either.
    let used = Memo::default();
    analyze_with(&inputs, &Params::default(), &used).unwrap();
    same(
        "other inputs, same memo",
        &analyze_with(&other, &Params::default(), &used).unwrap(),
        &without_roster,
    );
    same("other inputs", &a, &without_roster);
}

/// A survey with what makes the rows' hours hard to keep apart from how they group: exact
/// duplicates, two years, rows without a person or a frequency, a daily task past a day's
/// hours, and one person over any cap.
fn awkward_inputs() -> Inputs {
    let dir = crate::common::workdir();
    let staffing = "序号,单位名称,编制类型,年度,核定编制数,实有人数\n\
                    1,区财政局,行政编制,2025,10,9\n\
                    2,区统计局,行政编制,2025,6,6\n\
                    3,区财政局,行政编制,2024,10,10\n";
    let mut survey = String::from("单位名称,姓名,工作事项,频次周期,频次,每次用时（小时）,年度\n");
    for (unit, person, task, period, times, each, year) in [
        ("区财政局", "张三", "预算审核", "每日", "1", "2", "2025"),
        ("区财政局", "张三", "预算审核", "每日", "1", "2", "2025"),
        ("区财政局", "张三", "报表汇总", "每周", "2", "3", "2025"),
        ("区财政局", "李四", "国库支付", "每日", "3", "9", "2025"),
        ("区财政局", "李四", "会议", "每月", "", "2", "2025"),
        ("区财政局", "", "值班", "每周", "1", "8", "2025"),
        ("区财政局", "", "值班", "每周", "1", "8", "2025"),
        ("区统计局", "王五", "数据采集", "每日", "1", "6", "2025"),
        ("区统计局", "王五", "年报", "每年", "4", "40", "2025"),
        ("区财政局", "张三", "预算审核", "每日", "1", "2", "2024"),
        ("区财政局", "赵六", "决算", "每季", "1", "30", "2024"),
    ] {
        survey.push_str(&format!("{unit},{person},{task},{period},{times},{each},{year}\n"));
    }
    let opts = LoadOptions::default();
    let staffing = crate::common::write(&dir.path().join("编制.csv"), staffing);
    let survey = crate::common::write(&dir.path().join("调查.csv"), survey);
    Inputs {
        staffing: Some(load(&staffing, TableKind::Staffing, &opts).expect("staffing")),
        survey: Some(load(&survey, TableKind::Survey, &opts).expect("survey")),
        ..Inputs::default()
    }
}

#[test]
fn the_rows_hours_follow_every_edit_with_duplicates_and_two_years() {
    let inputs = awkward_inputs();
    let survey = &inputs.survey.as_ref().unwrap().frame;
    assert_eq!(survey.height(), 11, "every row read");
    let memo = Memo::default();
    let mut params = Params::default();
    let more: [(&str, Edit); 4] = [
        ("working days, duplicates as filed", |p| {
            p.survey.drop_duplicates = false;
            p.calendar.working_days = 230.0;
        }),
        ("working days, duplicates once", |p| {
            p.survey.drop_duplicates = true;
            p.calendar.working_days = 240.0;
        }),
        ("a cap that binds", |p| {
            p.survey.cap_person_hours = true;
            p.survey.person_max_multiple = 0.5;
        }),
        ("hours a day under the cap", |p| p.calendar.hours_per_day = 6.5),
    ];
    for (step, edit) in EDITS.iter().chain(more.iter()) {
        edit(&mut params);
        let kept = analyze_with(&inputs, &params, &memo).expect(step);
        let fresh = analyze(&inputs, &params).expect(step);
        same(step, &kept, &fresh);
        each_persons_tasks_add_up(step, &fresh, &params);
    }
}

/// Each person's adjusted hours are the sum of their tasks' (capped or not), and the cap
/// holds: the tasks' shares follow their person's.
fn each_persons_tasks_add_up(step: &str, a: &Analysis, params: &Params) {
    use polars::prelude::*;
    use satlas::model::col;
    let by_tasks = a
        .tasks
        .clone()
        .lazy()
        .filter(col(col::PERSON).is_not_null())
        .group_by([col(col::UNIT), col(col::PERSON)])
        .agg([col(col::WORKLOAD).sum().alias("by_tasks")])
        .collect()
        .unwrap();
    let people = a
        .people
        .clone()
        .lazy()
        .join(
            by_tasks.lazy(),
            [col(col::UNIT), col(col::PERSON)],
            [col(col::UNIT), col(col::PERSON)],
            JoinArgs::new(JoinType::Left),
        )
        .collect()
        .unwrap();
    let limit = match params.survey.cap_person_hours {
        true => params.survey.person_max_multiple * a.available_hours,
        false => f64::INFINITY,
    };
    let person = people.column(col::WORKLOAD).unwrap().f64().unwrap();
    let tasks = people.column("by_tasks").unwrap().f64().unwrap();
    assert!(people.height() >= 2, "{step}: people of the year");
    for (p, t) in person.iter().zip(tasks.iter()) {
        match (p, t) {
            (Some(p), Some(t)) => {
                assert!((p - t).abs() < 1e-9 * p.max(1.0), "{step}: person {p} h, tasks {t} h");
                assert!(p <= limit + 1e-9, "{step}: {p} h over the cap {limit} h");
            }
            (None, _) => {}
            other => panic!("{step}: {other:?}"),
        }
    }
}

/// The standards method chosen without its files feeds no workload, so no unit has a share of
/// under-loaded people, however the threshold is moved after the first analysis.
#[test]
fn no_share_is_given_where_no_workload_is_fed() {
    let mut inputs = sample_inputs();
    inputs.standards = None;
    inputs.volumes = None;
    let memo = Memo::default();
    let mut params = Params {
        method: WorkloadMethod::Standards,
        ..Params::default()
    };
    analyze_with(&inputs, &params, &memo).expect("as read");
    params.bands.under_below = 0.95;
    let kept = analyze_with(&inputs, &params, &memo).expect("threshold moved");
    same(
        "threshold moved",
        &kept,
        &analyze(&inputs, &params).expect("from nothing"),
    );
}
