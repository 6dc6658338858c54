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
const EDITS: [(&str, Edit); 19] = [
    ("as read", |_| {}),
    ("balanced band", |p| p.bands.balanced_up_to = 1.15),
    ("under-loaded band", |p| p.bands.under_below = 0.75),
    ("idle threshold", |p| p.flags.idle_vacancy_rate = 0.3),
    ("allowances", |p| p.allowances.category_share = 0.2),
    ("hours a day", |p| p.calendar.hours_per_day = 7.0),
    ("working days", |p| p.calendar.working_days = 250.0),
    ("annual leave", |p| p.calendar.annual_leave = 12.0),
    // The same office days, other available hours: the rows' hours stand, the rest does not.
    ("holidays and days together", |p| {
        p.calendar.working_days += 2.0;
        p.calendar.public_holidays += 2.0;
    }),
    ("front line", |p| p.tags.front_line_patterns = vec!["中心".into()]),
    ("longest time each", |p| p.survey.max_hours_each = 6.0),
    ("person over hours", |p| p.survey.person_max_multiple = 1.05),
    ("no cap", |p| p.survey.cap_person_hours = false),
    ("calibration", |p| p.survey.calibration_factor = 0.9),
    ("duplicates as filed", |p| p.survey.drop_duplicates = false),
    ("standards method", |p| p.method = WorkloadMethod::Standards),
    ("standards else survey", |p| {
        p.method = WorkloadMethod::StandardsElseSurvey
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
