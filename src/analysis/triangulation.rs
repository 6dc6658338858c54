//! The survey checked against the standards, where a unit has both: its self-report ratio
//! (hours it reported over the hours its volumes need at standard times), and a flag when the
//! ratio sits far from the district's usual one: 填报偏高 or 填报偏低.

use super::rows::Rows;
use crate::findings::{Finding, Location};
use crate::model::col;
use polars::prelude::*;

/// How far from the district's median ratio a unit is flagged: above median × this, or below
/// median ÷ this.
pub const FAR: f64 = 1.5;

/// Whether a unit reports more or less than its volumes need, against the district.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reporting {
    High,
    Low,
}

impl Reporting {
    pub const ALL: [Reporting; 2] = [Reporting::High, Reporting::Low];

    pub fn code(self) -> &'static str {
        match self {
            Reporting::High => "reported_high",
            Reporting::Low => "reported_low",
        }
    }

    pub fn label(self, lang: crate::Lang) -> &'static str {
        match self {
            Reporting::High => lang.pick("填报偏高", "reports high"),
            Reporting::Low => lang.pick("填报偏低", "reports low"),
        }
    }

    pub fn from_code(code: &str) -> Option<Reporting> {
        Reporting::ALL.into_iter().find(|r| r.code() == code)
    }
}

/// unit, workload_reported, workload_std, self_report_ratio, reporting (a code or null), for
/// the units `surveyed` (unit, workload_reported) and `standard` (unit, workload_std) both
/// give; with a finding for each unit flagged.
pub fn self_report(surveyed: &DataFrame, standard: &DataFrame, file: &str) -> PolarsResult<(DataFrame, Vec<Finding>)> {
    let both = surveyed
        .clone()
        .lazy()
        .select([col(col::UNIT), col(col::WORKLOAD_REPORTED)])
        .join(
            standard.clone().lazy().select([col(col::UNIT), col(col::WORKLOAD_STD)]),
            [col(col::UNIT)],
            [col(col::UNIT)],
            JoinArgs::new(JoinType::Inner),
        )
        .filter(
            col(col::WORKLOAD_STD)
                .gt(lit(0.0))
                .and(col(col::WORKLOAD_REPORTED).is_not_null()),
        )
        .with_columns([(col(col::WORKLOAD_REPORTED) / col(col::WORKLOAD_STD)).alias(col::SELF_REPORT_RATIO)])
        .sort([col::UNIT], SortMultipleOptions::default())
        .collect()?;
    let rows = Rows::new(&both)?;
    let ratios: Vec<f64> = (0..rows.height())
        .filter_map(|i| rows.f64(col::SELF_REPORT_RATIO, i))
        .collect();
    // A median of 0 (units that report nothing) sets no yardstick.
    let median = median(&ratios).filter(|m| *m > 0.0);
    let mut codes: Vec<Option<&str>> = Vec::with_capacity(rows.height());
    let mut findings = Vec::new();
    for i in 0..rows.height() {
        let ratio = rows.f64(col::SELF_REPORT_RATIO, i);
        let flag = match (ratio, median) {
            (Some(r), Some(m)) if ratios.len() >= 3 && r > m * FAR => Some(Reporting::High),
            (Some(r), Some(m)) if ratios.len() >= 3 && r < m / FAR => Some(Reporting::Low),
            _ => None,
        };
        codes.push(flag.map(Reporting::code));
        if let (Some(flag), Some(r), Some(m)) = (flag, ratio, median) {
            findings.push(finding(rows.str(col::UNIT, i).unwrap_or(""), flag, r, m, file));
        }
    }
    let mut out = both;
    out.with_column(Column::new(col::REPORTING.into(), codes))?;
    Ok((out, findings))
}

fn finding(unit: &str, flag: Reporting, ratio: f64, median: f64, file: &str) -> Finding {
    let (zh, en) = match flag {
        Reporting::High => ("填报偏高", "reports high"),
        Reporting::Low => ("填报偏低", "reports low"),
    };
    Finding::warning(
        flag.code(),
        Location::file(file),
        format!("{unit}{zh}：填报工时是按业务量和标准用时测算的 {ratio:.2} 倍，全区中位数为 {median:.2} 倍。"),
        format!(
            "{unit} {en}: its reported hours are {ratio:.2} times what its volumes need at standard times; the district's median is {median:.2}."
        ),
    )
}

/// The median of `values` (None when empty).
pub(super) fn median(values: &[f64]) -> Option<f64> {
    let mut v: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).collect();
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let n = v.len();
    Some(if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    })
}

/// The survey against the standards activity by activity, for each unit with both: unit,
/// activity, workload_reported (the hours the survey gives the task), workload_std (volume ×
/// standard) and self_report_ratio. A task is matched to an activity by name (width, case and
/// spaces do not count), through `names` (task as filed → activity) where the two differ.
pub fn by_activity(
    tasks: &DataFrame,
    activities: &DataFrame,
    names: &std::collections::BTreeMap<String, String>,
) -> PolarsResult<DataFrame> {
    let renamed = Renamed::new(names);
    let keyed = |frame: &DataFrame, name: &str, hours: &str, rename: bool| -> PolarsResult<LazyFrame> {
        let column = frame.column(name)?.str()?;
        let mut names = super::names::Keys::default();
        let indexes: Vec<Option<usize>> = column.iter().map(|n| n.map(|n| names.index(n))).collect();
        let matched = |i: usize| if rename { renamed.of(names.key(i)) } else { names.key(i) };
        let keys: Vec<Option<&str>> = indexes.into_iter().map(|i| i.map(matched)).collect();
        let keys = Series::new("key".into(), keys);
        Ok(frame
            .clone()
            .lazy()
            .with_column(lit(keys))
            .group_by_stable([col(col::UNIT), col("key")])
            .agg([
                col(name).first().alias(col::ACTIVITY),
                col(hours).sum().alias(hours),
                col(hours).null_count().alias("unknown"),
            ])
            // An unknown time makes the activity's hours unknown, not smaller.
            .with_columns([when(col("unknown").eq(lit(0)))
                .then(col(hours))
                .otherwise(lit(NULL).cast(DataType::Float64))
                .alias(hours)])
            .drop(by_name(["unknown"], true, false)))
    };
    if tasks.column(col::TASK).is_err() || activities.column(col::ACTIVITY).is_err() {
        return DataFrame::empty().lazy().collect();
    }
    let surveyed = keyed(tasks, col::TASK, col::ANNUAL_HOURS, true)?.select([
        col(col::UNIT),
        col("key"),
        col(col::ANNUAL_HOURS).alias(col::WORKLOAD_REPORTED),
    ]);
    let standard = keyed(activities, col::ACTIVITY, col::WORKLOAD_STD, false)?;
    let key = [col(col::UNIT), col("key")];
    standard
        .join(surveyed, key.clone(), key, JoinArgs::new(JoinType::Inner))
        .with_columns([when(col(col::WORKLOAD_STD).gt(lit(0.0)))
            .then(col(col::WORKLOAD_REPORTED) / col(col::WORKLOAD_STD))
            .otherwise(lit(NULL))
            .alias(col::SELF_REPORT_RATIO)])
        .select([
            col(col::UNIT),
            col(col::ACTIVITY),
            col(col::WORKLOAD_REPORTED),
            col(col::WORKLOAD_STD),
            col(col::SELF_REPORT_RATIO),
        ])
        .sort([col::UNIT, col::ACTIVITY], SortMultipleOptions::default())
        .collect()
}

/// Survey tasks' keys to the keys of the activities they are, as `activity_names` gives them.
struct Renamed(std::collections::HashMap<String, String>);

impl Renamed {
    fn new(names: &std::collections::BTreeMap<String, String>) -> Renamed {
        Renamed(
            names
                .iter()
                .map(|(task, activity)| (super::names::key(task), super::names::key(activity)))
                .collect(),
        )
    }

    /// The activity key task key `key` is matched to.
    fn of<'s>(&'s self, key: &'s str) -> &'s str {
        self.0.get(key).map_or(key, String::as_str)
    }
}

/// A survey task that meets no activity of its unit's volumes, for matching by hand.
#[derive(Debug, Clone, PartialEq)]
pub struct UnmatchedTask {
    pub task: String,
    /// Hours the survey gives it, over the units that have volumes.
    pub hours: f64,
    pub units: usize,
    /// The activities of those units' volumes: what the task can be matched to.
    pub activities: Vec<String>,
}

/// The survey's tasks, of units with volumes, that meet none of their unit's activities (by
/// name or through `names`), the most hours first; and every activity name of the volumes.
pub fn unmatched_tasks(
    tasks: &DataFrame,
    activities: &DataFrame,
    names: &std::collections::BTreeMap<String, String>,
) -> PolarsResult<(Vec<UnmatchedTask>, Vec<String>)> {
    use super::names::{FastMap, FastSet};
    use std::collections::BTreeSet;
    if tasks.column(col::TASK).is_err() || activities.column(col::ACTIVITY).is_err() {
        return Ok((Vec::new(), Vec::new()));
    }
    let renamed = Renamed::new(names);
    let (units, acts) = (
        activities.column(col::UNIT)?.str()?,
        activities.column(col::ACTIVITY)?.str()?,
    );
    // Names are keyed once each; the loops below, a row of volumes or of the survey each, only
    // hash a name.
    let mut activity_keys = super::names::Keys::default();
    let mut known: FastSet<(&str, usize)> = FastSet::default();
    let mut activity_names: BTreeSet<&str> = BTreeSet::new();
    let mut of_unit: FastMap<&str, BTreeSet<&str>> = FastMap::default();
    for (u, a) in units.iter().zip(acts.iter()) {
        if let (Some(u), Some(a)) = (u, a.filter(|a| !a.is_empty())) {
            known.insert((u, activity_keys.index(a)));
            activity_names.insert(a);
            of_unit.entry(u).or_default().insert(a);
        }
    }
    let (units, names_col) = (tasks.column(col::UNIT)?.str()?, tasks.column(col::TASK)?.str()?);
    let hours = tasks.column(col::ANNUAL_HOURS)?.cast(&DataType::Float64)?;
    // task name → the activity key it meets, if any volumes name it
    let mut meets: FastMap<&str, Option<usize>> = FastMap::default();
    // task name → (hours, units)
    let mut out: FastMap<&str, (f64, FastSet<&str>)> = FastMap::default();
    for ((u, t), h) in units.iter().zip(names_col.iter()).zip(hours.f64()?.iter()) {
        let (Some(u), Some(t)) = (u, t) else { continue };
        if !of_unit.contains_key(u) {
            continue;
        }
        let activity = *meets
            .entry(t)
            .or_insert_with(|| activity_keys.find(renamed.of(&super::names::key(t))));
        if !activity.is_some_and(|a| known.contains(&(u, a))) {
            let e = out.entry(t).or_default();
            e.0 += h.unwrap_or(0.0);
            e.1.insert(u);
        }
    }
    let mut list: Vec<UnmatchedTask> = out
        .into_iter()
        .map(|(task, (hours, units))| UnmatchedTask {
            task: task.to_owned(),
            hours,
            activities: units
                .iter()
                .flat_map(|u| of_unit.get(u).into_iter().flatten())
                .map(|a| (*a).to_owned())
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect(),
            units: units.len(),
        })
        .collect();
    list.sort_by(|a, b| b.hours.total_cmp(&a.hours).then_with(|| a.task.cmp(&b.task)));
    Ok((list, activity_names.into_iter().map(str::to_owned).collect()))
}
