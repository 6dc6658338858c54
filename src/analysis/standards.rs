//! Workload from activity standards, the WISN way: for each unit, the annual volume of each
//! activity (cases handled, permits issued) times the activity's standard time per item, agreed
//! by an expert group; then required staff, saturation and the WISN ratio and difference.
//! Nothing here rests on what people say they did.
//!
//! A standard that is missing, not positive or given twice, a volume that is negative or not
//! given, and an activity no standard names, each give a finding with the row; the unit's
//! standard workload is then unknown, never a silent zero.

use super::rows::Rows;
use crate::findings::{Finding, Location};
use crate::model::col;
use crate::model::wisn::WisnAllowances;
use polars::prelude::*;
use std::collections::HashMap;

/// The files the tables came from, to name them in findings.
#[derive(Debug, Clone, Default)]
pub struct StandardSources {
    pub standards: String,
    pub volumes: String,
}

/// The standard workload of each unit, activity by activity, and what could not be used.
#[derive(Debug, Clone)]
pub struct StandardWorkload {
    /// unit, activity, volume, standard_hours, workload_std (volume × standard; null when
    /// either is unknown), source_row.
    pub activities: DataFrame,
    /// unit, workload_std, required_std, and with staff in post: actual, saturation_std,
    /// wisn_ratio, wisn_difference.
    pub units: DataFrame,
    pub findings: Vec<Finding>,
}

pub use super::names::key;

/// One standard time, and the units it is for (None: every unit).
#[derive(Debug, Clone)]
struct Standard {
    category: Option<String>,
    hours: f64,
    /// The staff category that does the activity (its quota type, canonical), when given.
    staff: Option<&'static str>,
}

/// The standard times by activity key, each checked. An activity may have one standard per
/// unit category (街道 and 局 differ); the same activity and category twice is an error, and
/// the activity is then `refused` (its volumes say so, not "no standard").
struct Standards {
    by_activity: HashMap<String, Vec<Standard>>,
    refused: std::collections::HashSet<String>,
}

impl Standards {
    /// The standard of the activity keyed `activity` that applies to a unit of `category` (the
    /// staffing table's 单位类别, keyed): the one given for that category, else the one given
    /// for every unit.
    fn for_unit(&self, activity: &str, category: Option<&str>) -> Option<&Standard> {
        let entries = self.by_activity.get(activity)?;
        entries
            .iter()
            .find(|s| s.category.is_some() && s.category.as_deref() == category)
            .or_else(|| entries.iter().find(|s| s.category.is_none()))
    }
}

/// A standard as first given: its hours (NaN once given twice), row and staff category.
struct Given {
    hours: f64,
    row: u32,
    quota_type: Option<String>,
}

fn read_standards(standards: &DataFrame, file: &str, findings: &mut Vec<Finding>) -> PolarsResult<Standards> {
    let rows = Rows::new(standards)?;
    let text = |c: &str, i: usize| {
        rows.has(c)
            .then(|| {
                rows.str(c, i)
                    .map(str::trim)
                    .filter(|t| !t.is_empty())
                    .map(str::to_owned)
            })
            .flatten()
    };
    let mut seen: HashMap<(String, Option<String>), Given> = HashMap::new();
    for i in 0..rows.height() {
        let row = row_of(&rows, i);
        let Some(name) = text(col::ACTIVITY, i) else { continue };
        let category = text(col::CATEGORY, i).map(|c| key(&c));
        let quota_type = text(col::QUOTA_TYPE, i);
        if let Some(q) = quota_type
            .as_deref()
            .filter(|q| crate::model::QuotaType::detect(&key(q)).is_none())
        {
            let at = Location::file(file).with_row(row).with_column(col::QUOTA_TYPE);
            findings.push(Finding::warning(
                "unknown_quota_type",
                at,
                format!("“{name}”的人员类别“{q}”不是可识别的编制类型：该活动的工作量不按编制类型归属。"),
                format!("'{name}': the staff category '{q}' is no quota type known: the activity's workload is not tied to a type."),
            ));
        }
        let hours = rows.f64(col::STANDARD_HOURS, i).filter(|v| v.is_finite());
        let Some(h) = hours.filter(|h| *h > 0.0) else {
            let at = Location::file(file).with_row(row).with_column(col::STANDARD_HOURS);
            findings.push(bad_standard(&name, hours, at));
            continue;
        };
        match seen.get_mut(&(key(&name), category.clone())) {
            Some(first) => {
                let at = Location::file(file).with_row(row).with_column(col::ACTIVITY);
                findings.push(given_twice(&name, first, quota_type.as_deref(), at));
                first.hours = f64::NAN;
            }
            None => {
                seen.insert(
                    (key(&name), category),
                    Given {
                        hours: h,
                        row,
                        quota_type,
                    },
                );
            }
        }
    }
    let mut out = Standards {
        by_activity: HashMap::new(),
        refused: Default::default(),
    };
    for ((activity, category), given) in seen {
        if given.hours.is_finite() {
            let standard = Standard {
                category,
                hours: given.hours,
                staff: given
                    .quota_type
                    .as_deref()
                    .and_then(|q| crate::model::QuotaType::detect(&key(q)))
                    .map(|q| q.canonical()),
            };
            out.by_activity.entry(activity).or_default().push(standard);
        } else {
            out.refused.insert(activity);
        }
    }
    Ok(out)
}

fn bad_standard(name: &str, hours: Option<f64>, at: Location) -> Finding {
    Finding::error(
        "bad_standard",
        at,
        format!(
            "工作活动“{name}”的标准用时{}，不能使用：须为大于 0 的小时数。",
            hours.map_or("未填或不是数字".to_owned(), |v| format!("为 {v}"))
        ),
        format!(
            "Activity '{name}' has {} as its standard time: it must be hours above 0.",
            hours.map_or("no number".to_owned(), |v| v.to_string())
        ),
    )
}

/// An activity given a second standard for the same units; standards by staff category are
/// said as such (one workload per unit cannot take them apart).
fn given_twice(name: &str, first: &Given, quota_type: Option<&str>, at: Location) -> Finding {
    let row = first.row;
    match (first.quota_type.as_deref(), quota_type) {
        (Some(a), Some(b)) if a != b => Finding::error(
            "duplicate_standard",
            at,
            format!(
                "工作活动“{name}”按人员类别分别给出不同标准（第 {row} 行 {a}，本行 {b}）：业务量不分人员类别，无法分开使用，两行都不使用。请每项活动只保留一个标准，并注明由哪类人员承担。"
            ),
            format!(
                "Activity '{name}' has a different standard per staff category (row {row}: {a}; this row: {b}): volumes are not split by category, so neither is used. Keep one standard per activity, naming the category that does it."
            ),
        ),
        _ => Finding::error(
            "duplicate_standard",
            at,
            format!("工作活动“{name}”在第 {row} 行已有标准用时，本行重复，两行都不使用。"),
            format!("Activity '{name}' already has a standard on row {row}; this row repeats it, and neither is used."),
        ),
    }
}

fn row_of(rows: &Rows, i: usize) -> u32 {
    if rows.has(col::SOURCE_ROW) {
        rows.u32(col::SOURCE_ROW, i).unwrap_or(i as u32 + 2)
    } else {
        i as u32 + 2
    }
}

/// A unit's activity (its key's index) in a year.
type VolumeKey<'a> = (&'a str, Option<i32>, usize);

/// The priced rows, column by column.
#[derive(Default)]
struct Priced {
    units: Vec<String>,
    years: Vec<Option<i32>>,
    activities: Vec<String>,
    volume: Vec<Option<f64>>,
    standard: Vec<Option<f64>>,
    source: Vec<u32>,
    /// The staff category of the standard used (None: not given).
    staff: Vec<Option<&'static str>>,
}

impl Priced {
    fn push(
        &mut self,
        unit: &str,
        year: Option<i32>,
        activity: &str,
        volume: Option<f64>,
        standard: Option<f64>,
        row: u32,
    ) {
        self.units.push(unit.to_owned());
        self.years.push(year);
        self.activities.push(activity.to_owned());
        self.volume.push(volume);
        self.standard.push(standard);
        self.source.push(row);
    }

    fn into_frame(self, with_year: bool) -> PolarsResult<DataFrame> {
        let hours: Vec<Option<f64>> = self
            .volume
            .iter()
            .zip(&self.standard)
            .map(|(v, s)| v.zip(*s).map(|(v, s)| v * s))
            .collect();
        let mut columns = vec![
            Column::new(col::UNIT.into(), self.units),
            Column::new(col::ACTIVITY.into(), self.activities),
            Column::new(col::VOLUME.into(), self.volume),
            Column::new(col::STANDARD_HOURS.into(), self.standard),
            Column::new(col::WORKLOAD_STD.into(), hours),
            Column::new(col::SOURCE_ROW.into(), self.source),
            Column::new(col::QUOTA_TYPE.into(), self.staff),
        ];
        if with_year {
            columns.insert(1, Column::new(col::YEAR.into(), self.years));
        }
        DataFrame::new(columns[0].len(), columns)
    }
}

/// Each volume row priced at its activity's standard: (unit, activity, volume, standard, hours,
/// row), with a finding for each row that cannot be.
fn price_volumes(
    volumes: &DataFrame,
    standards: &Standards,
    categories: &HashMap<String, String>,
    file: &str,
    findings: &mut Vec<Finding>,
) -> PolarsResult<DataFrame> {
    let rows = Rows::new(volumes)?;
    let has_year = rows.has(col::YEAR);
    let mut priced = Priced::default();
    let mut keys = super::names::Keys::default();
    // (unit, year, activity key) → the first row and its volume, to catch a row filed twice.
    let mut first: HashMap<VolumeKey, (u32, Option<f64>)> = HashMap::new();
    for i in 0..rows.height() {
        let row = row_of(&rows, i);
        let year = has_year.then(|| rows.i64(col::YEAR, i).map(|y| y as i32)).flatten();
        let unit = rows.str(col::UNIT, i).map(str::trim).filter(|u| !u.is_empty());
        let activity = rows.str(col::ACTIVITY, i).map(str::trim).filter(|a| !a.is_empty());
        let (Some(unit), Some(activity)) = (unit, activity) else {
            findings.push(unnamed_row(unit, row, file));
            // A unit with a row that cannot be priced has an unknown workload, not a smaller one.
            if let Some(unit) = unit {
                priced.push(unit, year, "", None, None, row);
                priced.staff.push(None);
            }
            continue;
        };
        let activity_key = keys.index(activity);
        let found = standards.for_unit(keys.key(activity_key), categories.get(unit).map(String::as_str));
        let (std, staff) = (found.map(|s| s.hours), found.and_then(|s| s.staff));
        if std.is_none() {
            let known = categories.contains_key(unit);
            findings.push(no_standard(standards, (unit, known), activity, row, file));
        }
        let v = volume(rows.f64(col::VOLUME, i), unit, activity, (file, row), findings);
        // A row whose volume cannot be used is said once, not also as a second filing.
        let filed = v.map(|_| first.get(&(unit, year, activity_key)));
        match filed.flatten() {
            // The same row again: counted once, as the survey's duplicates are.
            Some(&(earlier, w)) if w == v => {
                findings.push(repeated(unit, activity, earlier, true, (file, row)));
                continue;
            }
            Some(&(earlier, _)) => findings.push(repeated(unit, activity, earlier, false, (file, row))),
            None if v.is_some() => {
                first.insert((unit, year, activity_key), (row, v));
            }
            None => {}
        }
        priced.push(unit, year, activity, v, std, row);
        priced.staff.push(staff);
    }
    priced.into_frame(has_year)
}

/// A unit's activity filed a second time: the same volume (counted once) or another (added).
fn repeated(unit: &str, activity: &str, earlier: u32, same: bool, (file, row): (&str, u32)) -> Finding {
    let at = Location::file(file).with_row(row).with_column(col::VOLUME);
    let (zh, en) = if same {
        ("与之完全相同，只计一次", "the same volume, counted once")
    } else {
        ("数量不同，两行相加", "another volume; the two are added")
    };
    Finding::warning(
        "duplicate_volume",
        at,
        format!("{unit} 的“{activity}”在第 {earlier} 行已填业务量，本行{zh}（请核实）。"),
        format!("{unit}: '{activity}' already has a volume on row {earlier}; this row has {en} (please check)."),
    )
}

/// A volume row without its unit or its activity.
fn unnamed_row(unit: Option<&str>, row: u32, file: &str) -> Finding {
    let what = if unit.is_none() {
        (col::UNIT, "单位", "unit")
    } else {
        (col::ACTIVITY, "工作活动", "activity")
    };
    Finding::warning(
        "bad_volume",
        Location::file(file).with_row(row).with_column(what.0),
        format!(
            "这一行没有{}，未计入{}。",
            what.1,
            unit.map_or(String::new(), |u| format!("（{u} 的标准工作量因此为未知）"))
        ),
        format!(
            "This row has no {} and is left out{}.",
            what.2,
            unit.map_or(String::new(), |u| format!(
                " ({u}'s standard workload is therefore unknown)"
            ))
        ),
    )
}

/// An activity without a standard that applies to `unit`.
fn no_standard(
    standards: &Standards,
    (unit, category_known): (&str, bool),
    activity: &str,
    row: u32,
    file: &str,
) -> Finding {
    // Known, but only for other categories of unit: say so, or the person looks for a typo.
    let (zh, en) = if standards.refused.contains(&key(activity)) {
        (
            "的标准用时重复给出、未使用（见工作标准表的发现问题）",
            "has its standard given twice, and unused (see the standards table's findings)",
        )
    } else if standards.by_activity.contains_key(&key(activity)) && !category_known {
        (
            "只有按单位类别给出的标准用时，而编制表中没有该单位的类别",
            "has standard times for unit categories only, and the staffing table gives this unit none",
        )
    } else if standards.by_activity.contains_key(&key(activity)) {
        (
            "没有适用于该单位类别的标准用时",
            "has no standard time for this unit's category",
        )
    } else {
        ("没有标准用时", "has no standard time")
    };
    Finding::warning(
        "no_standard",
        Location::file(file).with_row(row).with_column(col::ACTIVITY),
        format!("{unit} 的工作活动“{activity}”{zh}：该单位的标准工作量为未知。"),
        format!("{unit}: activity '{activity}' {en}, so the unit's standard workload is unknown."),
    )
}

/// A volume that can be used, or None with a finding.
fn volume(
    v: Option<f64>,
    unit: &str,
    activity: &str,
    (file, row): (&str, u32),
    findings: &mut Vec<Finding>,
) -> Option<f64> {
    let at = || Location::file(file).with_row(row).with_column(col::VOLUME);
    match v.filter(|v| v.is_finite()) {
        Some(v) if v < 0.0 => {
            findings.push(Finding::error(
                "bad_volume",
                at(),
                format!("{unit} 的“{activity}”业务量为负数（{v}），不能使用。"),
                format!("{unit}: the volume of '{activity}' is negative ({v}) and cannot be used."),
            ));
            None
        }
        Some(v) => Some(v),
        None => {
            findings.push(Finding::warning(
                "bad_volume",
                at(),
                format!("{unit} 的“{activity}”业务量未填或不是数字：该单位的标准工作量为未知。"),
                format!("{unit}: the volume of '{activity}' is missing or not a number, so the unit's standard workload is unknown."),
            ));
            None
        }
    }
}

/// Each unit's category as the staffing table gives it (街道, 党政机关), for standards that
/// apply to one category.
fn unit_categories(staff: &DataFrame) -> PolarsResult<HashMap<String, String>> {
    if staff.column(col::CATEGORY).is_err() {
        return Ok(HashMap::new());
    }
    let rows = Rows::new(staff)?;
    Ok((0..rows.height())
        .filter_map(|i| Some((rows.str(col::UNIT, i)?.to_owned(), key(rows.str(col::CATEGORY, i)?))))
        .collect())
}

/// The standard workload, required staff and (with `staff`: unit, actual) the saturation and
/// WISN ratio and difference of each unit, for staff of one category with available working
/// time `awt` and `allowances`.
pub fn standard_workload(
    standards: &DataFrame,
    volumes: &DataFrame,
    staff: Option<&DataFrame>,
    awt: f64,
    allowances: &WisnAllowances,
    sources: &StandardSources,
) -> PolarsResult<StandardWorkload> {
    let mut findings = Vec::new();
    let by_activity = read_standards(standards, &sources.standards, &mut findings)?;
    let categories = match staff {
        Some(staff) => unit_categories(staff)?,
        None => HashMap::new(),
    };
    let activities = price_volumes(volumes, &by_activity, &categories, &sources.volumes, &mut findings)?;
    let (caf, iaf) = match (allowances.caf(), allowances.iaf(awt)) {
        (Some(c), Some(i)) => (c, i),
        _ => {
            findings.push(Finding::error(
                "bad_allowance",
                Location::file(&sources.standards),
                "宽放比例合计须小于 100%，标准工时须为正数：按标准的应需人数无法计算。",
                "Category allowances must add up to less than 100% and the working time must be positive: required staff by standards cannot be computed.",
            ));
            (f64::NAN, f64::NAN)
        }
    };
    // Per unit, and per year when the volumes give years.
    let by_year = activities.column(col::YEAR).is_ok();
    let keys: Vec<Expr> = if by_year {
        vec![col(col::UNIT), col(col::YEAR)]
    } else {
        vec![col(col::UNIT)]
    };
    // A unit's workload is known only when every one of its rows is priced.
    let mut units = activities
        .clone()
        .lazy()
        .group_by_stable(keys.clone())
        .agg([
            col(col::WORKLOAD_STD).sum().alias("priced"),
            col(col::WORKLOAD_STD).null_count().alias("unpriced"),
            col(col::ACTIVITY).count().alias(col::TASKS),
        ])
        .with_columns([when(col("unpriced").eq(lit(0)))
            .then(col("priced"))
            .otherwise(lit(NULL).cast(DataType::Float64))
            .alias(col::WORKLOAD_STD)])
        .drop(by_name(["priced", "unpriced"], true, false))
        .with_columns([when(lit(caf.is_finite()))
            .then(col(col::WORKLOAD_STD) / lit(awt) * lit(caf) + lit(iaf))
            .otherwise(lit(NULL).cast(DataType::Float64))
            .alias(col::REQUIRED_STD)]);
    if let Some(staff) = staff {
        // By year only when both tables give years.
        let keys: Vec<Expr> = if by_year && staff.column(col::YEAR).is_ok() {
            keys
        } else {
            vec![col(col::UNIT)]
        };
        // Staff in post unknown on any row: unknown, not the sum of the rows that gave it.
        let actual = staff
            .clone()
            .lazy()
            .group_by(keys.clone())
            .agg([
                col(col::ACTUAL).cast(DataType::Float64).sum().alias("staff_sum"),
                col(col::ACTUAL).null_count().alias("staff_unknown"),
            ])
            .with_columns([when(col("staff_unknown").eq(lit(0)))
                .then(col("staff_sum"))
                .otherwise(lit(NULL).cast(DataType::Float64))
                .alias(col::ACTUAL)])
            .drop(by_name(["staff_sum", "staff_unknown"], true, false));
        let (a, r) = (col(col::ACTUAL), col(col::REQUIRED_STD));
        let keep_order = JoinArgs {
            maintain_order: MaintainOrderJoin::Left,
            ..JoinArgs::new(JoinType::Left)
        };
        units = units.join(actual, keys.clone(), keys, keep_order).with_columns([
            when(a.clone().gt(lit(0.0)))
                .then(r.clone() / a.clone())
                .otherwise(lit(NULL))
                .alias(col::SATURATION_STD),
            when(r.clone().gt(lit(0.0)))
                .then(a.clone() / r.clone())
                .otherwise(lit(NULL))
                .alias(col::WISN_RATIO),
            (a - r).alias(col::WISN_DIFFERENCE),
        ]);
    }
    Ok(StandardWorkload {
        activities,
        units: units.collect()?,
        findings,
    })
}
