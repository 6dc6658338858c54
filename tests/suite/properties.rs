//! Properties of the analysis over small random staffing tables and surveys: department and
//! district totals are the sums of their units, no indicator is NaN or infinite, and the
//! results do not depend on the order of the input rows.

use polars::prelude::*;
use proptest::prelude::*;
use satlas::analysis::{Analysis, SourceNames, analyze_frames};
use satlas::model::{Params, col};

const QUOTA_TYPES: [&str; 3] = ["行政编制", "事业编制", "工勤编制"];
const PERIODS: [Option<&str>; 5] = [Some("day"), Some("week"), Some("month"), Some("year"), None];

/// One staffing row: unit index, quota type index, approved, actual.
type Post = (usize, usize, Option<i64>, Option<i64>);
/// One task: unit index, person index, period index, frequency, hours each, annual hours.
type Task = (usize, Option<usize>, usize, Option<f64>, Option<f64>, Option<f64>);

fn unit_name(i: usize) -> String {
    format!("单位{i:02}")
}

/// Each unit belongs to one department, so "the department of a unit" is well defined.
fn department(i: usize) -> String {
    format!("部门{}", i % 3)
}

fn staffing(posts: &[Post]) -> DataFrame {
    let n = posts.len();
    DataFrame::new(
        n,
        vec![
            Column::new(
                col::UNIT.into(),
                posts.iter().map(|p| unit_name(p.0)).collect::<Vec<_>>(),
            ),
            Column::new(
                col::DEPARTMENT.into(),
                posts.iter().map(|p| department(p.0)).collect::<Vec<_>>(),
            ),
            Column::new(
                col::QUOTA_TYPE.into(),
                posts.iter().map(|p| QUOTA_TYPES[p.1]).collect::<Vec<_>>(),
            ),
            Column::new(col::YEAR.into(), vec![None::<i32>; n]),
            Column::new(col::APPROVED.into(), posts.iter().map(|p| p.2).collect::<Vec<_>>()),
            Column::new(col::ACTUAL.into(), posts.iter().map(|p| p.3).collect::<Vec<_>>()),
            Column::new(col::LEADER_POSTS.into(), vec![None::<i64>; n]),
            Column::new(col::LEADERS_ACTUAL.into(), vec![None::<i64>; n]),
            Column::new(col::PERFORMANCE.into(), vec![None::<f64>; n]),
            Column::new(col::CATEGORY.into(), vec![None::<&str>; n]),
            Column::new(col::KEY_AREA.into(), vec![None::<bool>; n]),
            Column::new(col::FRONT_LINE.into(), vec![None::<bool>; n]),
            // The row a record came from travels with it when the rows are shuffled.
            Column::new(
                col::SOURCE_ROW.into(),
                posts.iter().map(|p| (p.0 * 3 + p.1) as u32 + 2).collect::<Vec<_>>(),
            ),
        ],
    )
    .unwrap()
}

/// Tasks are named by their place in the generated list, so shuffling keeps each task's name.
fn survey(tasks: &[(usize, Task)]) -> DataFrame {
    let n = tasks.len();
    DataFrame::new(
        n,
        vec![
            Column::new(
                col::UNIT.into(),
                tasks.iter().map(|t| unit_name(t.1.0)).collect::<Vec<_>>(),
            ),
            Column::new(col::DEPARTMENT.into(), vec![None::<&str>; n]),
            Column::new(
                col::PERSON.into(),
                tasks
                    .iter()
                    .map(|t| t.1.1.map(|p| format!("人员{p}")))
                    .collect::<Vec<_>>(),
            ),
            Column::new(
                col::TASK.into(),
                tasks.iter().map(|t| format!("事项{:03}", t.0)).collect::<Vec<_>>(),
            ),
            Column::new(
                col::PERIOD.into(),
                tasks.iter().map(|t| PERIODS[t.1.2]).collect::<Vec<_>>(),
            ),
            Column::new(col::FREQUENCY.into(), tasks.iter().map(|t| t.1.3).collect::<Vec<_>>()),
            Column::new(col::HOURS_EACH.into(), tasks.iter().map(|t| t.1.4).collect::<Vec<_>>()),
            Column::new(
                col::ANNUAL_HOURS.into(),
                tasks.iter().map(|t| t.1.5).collect::<Vec<_>>(),
            ),
            Column::new(col::YEAR.into(), vec![None::<i32>; n]),
            Column::new(
                col::SOURCE_ROW.into(),
                tasks.iter().map(|t| t.0 as u32 + 2).collect::<Vec<_>>(),
            ),
        ],
    )
    .unwrap()
}

fn count() -> impl Strategy<Value = Option<i64>> {
    prop_oneof![1 => Just(None), 6 => (0i64..40).prop_map(Some)]
}

fn amount(max: f64) -> impl Strategy<Value = Option<f64>> {
    prop_oneof![1 => Just(None), 1 => Just(Some(0.0)), 6 => (0.0..max).prop_map(Some)]
}

/// Staffing rows, unique per unit and quota type (a repeated pair is a duplicate the analysis
/// reports and sums, tested elsewhere).
fn posts() -> impl Strategy<Value = Vec<Post>> {
    prop::collection::btree_map((0usize..8, 0usize..3), (count(), count()), 1..16)
        .prop_map(|m| m.into_iter().map(|((u, t), (e, a))| (u, t, e, a)).collect())
}

/// Tasks of units 0..10: some units of the staffing table have none, some surveyed units are
/// not in it.
fn tasks() -> impl Strategy<Value = Vec<(usize, Task)>> {
    prop::collection::vec(
        (
            0usize..10,
            prop::option::of(0usize..4),
            0usize..5,
            amount(30.0),
            amount(8.0),
            amount(3000.0),
        ),
        0..24,
    )
    .prop_map(|v| v.into_iter().enumerate().collect())
}

fn run(posts: &[Post], tasks: Option<&[(usize, Task)]>) -> Analysis {
    let s = tasks.map(survey);
    analyze_frames(
        &staffing(posts),
        None,
        s.as_ref(),
        &Params::default(),
        &SourceNames::default(),
    )
    .expect("the analysis runs")
}

fn frames(a: &Analysis) -> [(&'static str, &DataFrame); 7] {
    [
        ("units", &a.units),
        ("unit_types", &a.unit_types),
        ("departments", &a.departments),
        ("summary", &a.summary),
        ("people", &a.people),
        ("tasks", &a.tasks),
        ("history", &a.history),
    ]
}

fn f64s(frame: &DataFrame, c: &str) -> Vec<Option<f64>> {
    frame
        .column(c)
        .unwrap()
        .cast(&DataType::Float64)
        .unwrap()
        .f64()
        .unwrap()
        .iter()
        .collect()
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

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

/// Columns that are sums over units in the department and district tables.
const SUMMED: [&str; 12] = [
    col::APPROVED,
    col::ACTUAL,
    col::VACANCY,
    col::OVER_QUOTA,
    col::WORKLOAD,
    col::WORKLOAD_REPORTED,
    col::REQUIRED,
    col::IDLE,
    col::SHORTAGE,
    col::RECOVERABLE,
    col::PEOPLE_SURVEYED,
    col::UNITS,
];

/// A total over `units` rows `members`: the sum of their known values; empty only when every
/// one of them is empty.
fn check_total(got: Option<f64>, units: &[Option<f64>], members: &[usize], what: &str) -> Result<(), TestCaseError> {
    let known: Vec<f64> = members.iter().filter_map(|&i| units[i]).collect();
    let want: f64 = known.iter().sum();
    match got {
        Some(g) => prop_assert!(close(g, want), "{what}: {g} is not the sum {want} of {known:?}"),
        None => prop_assert!(known.is_empty(), "{what}: empty, but its units have {known:?}"),
    }
    Ok(())
}

fn check_totals(a: &Analysis) -> Result<(), TestCaseError> {
    let unit_depts = strs(&a.units, col::DEPARTMENT);
    let depts = strs(&a.departments, col::DEPARTMENT);
    let summary_metrics = strs(&a.summary, col::METRIC);
    let summary_values = f64s(&a.summary, col::VALUE);
    let all: Vec<usize> = (0..a.units.height()).collect();
    for c in SUMMED {
        let per_unit = if c == col::UNITS {
            vec![Some(1.0); a.units.height()]
        } else {
            f64s(&a.units, c)
        };
        let per_dept = f64s(&a.departments, c);
        for (d, name) in depts.iter().enumerate() {
            let members: Vec<usize> = all.iter().copied().filter(|&i| unit_depts[i] == *name).collect();
            prop_assert!(!members.is_empty(), "department {name:?} has no units");
            check_total(per_dept[d], &per_unit, &members, &format!("{c} of {name:?}"))?;
        }
        let in_departments: f64 = per_dept.iter().flatten().sum();
        let district: f64 = per_unit.iter().flatten().sum();
        prop_assert!(
            close(in_departments, district),
            "{c}: departments {in_departments}, units {district}"
        );
        if let Some(i) = summary_metrics.iter().position(|m| m.as_deref() == Some(c)) {
            check_total(summary_values[i], &per_unit, &all, &format!("district {c}"))?;
        }
    }
    Ok(())
}

fn check_finite(a: &Analysis) -> Result<(), TestCaseError> {
    for (name, frame) in frames(a) {
        for column in frame.columns() {
            if !column.dtype().is_float() {
                continue;
            }
            let values = column.cast(&DataType::Float64).unwrap();
            for (i, v) in values.f64().unwrap().iter().enumerate() {
                if let Some(v) = v {
                    prop_assert!(v.is_finite(), "{name}.{} row {i} is {v}", column.name());
                }
            }
        }
    }
    Ok(())
}

/// The frame sorted by its key columns, for comparing results of differently ordered inputs.
fn sorted(frame: &DataFrame, name: &str) -> DataFrame {
    let keys: Vec<&str> = [
        col::METRIC,
        col::DEPARTMENT,
        col::UNIT,
        col::YEAR,
        col::QUOTA_TYPE,
        col::PERSON,
        col::TASK,
    ]
    .into_iter()
    .filter(|k| frame.get_column_names().iter().any(|c| c.as_str() == *k))
    .filter(|k| !(name == "units" || name == "unit_types" || name == "history") || *k != col::DEPARTMENT)
    .collect();
    if keys.is_empty() || frame.height() == 0 {
        return frame.clone();
    }
    frame
        .sort(keys, SortMultipleOptions::default().with_nulls_last(true))
        .unwrap()
}

fn same(name: &str, a: &DataFrame, b: &DataFrame) -> Result<(), TestCaseError> {
    prop_assert_eq!(a.shape(), b.shape(), "{} shape", name);
    let (a, b) = (sorted(a, name), sorted(b, name));
    for column in a.columns() {
        let other = b.column(column.name()).unwrap();
        if column.dtype().is_float() {
            let x = column.cast(&DataType::Float64).unwrap();
            let y = other.cast(&DataType::Float64).unwrap();
            for (i, (p, q)) in x.f64().unwrap().iter().zip(y.f64().unwrap().iter()).enumerate() {
                let ok = match (p, q) {
                    (Some(p), Some(q)) => close(p, q),
                    (None, None) => true,
                    _ => false,
                };
                prop_assert!(ok, "{}.{} row {}: {:?} vs {:?}", name, column.name(), i, p, q);
            }
        } else {
            prop_assert!(
                column
                    .as_materialized_series()
                    .equals_missing(other.as_materialized_series()),
                "{}.{} differs:\n{:?}\n{:?}",
                name,
                column.name(),
                column,
                other
            );
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn totals_are_sums_of_units_and_nothing_is_nan(posts in posts(), tasks in tasks(), surveyed in any::<bool>()) {
        let a = run(&posts, surveyed.then_some(tasks.as_slice()));
        check_totals(&a)?;
        check_finite(&a)?;
    }

    #[test]
    fn row_order_does_not_matter(
        (posts, shuffled_posts) in posts().prop_flat_map(|p| (Just(p.clone()), Just(p).prop_shuffle())),
        (tasks, shuffled_tasks) in tasks().prop_flat_map(|t| (Just(t.clone()), Just(t).prop_shuffle())),
    ) {
        let a = run(&posts, Some(&tasks));
        let b = run(&shuffled_posts, Some(&shuffled_tasks));
        for ((name, x), (_, y)) in frames(&a).into_iter().zip(frames(&b)) {
            same(name, x, y)?;
        }
        prop_assert_eq!(a.year, b.year);
    }
}

/// Extremes the random tables rarely reach: nobody in post, no quota, huge hours.
#[test]
fn extremes_give_no_nan() {
    let posts = vec![(0, 0, Some(0), Some(0)), (1, 0, None, None), (2, 1, Some(0), Some(5))];
    let tasks = vec![
        (0, (0, Some(0), 0, Some(1e6), Some(24.0), None)),
        (1, (1, None, 4, None, None, Some(1e12))),
        (2, (2, Some(1), 3, Some(0.0), Some(0.0), Some(0.0))),
    ];
    let a = run(&posts, Some(&tasks));
    check_finite(&a).unwrap();
    check_totals(&a).unwrap();
}
