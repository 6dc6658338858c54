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
use unicode_normalization::UnicodeNormalization;

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

/// An activity name as matched: width, case and spaces do not count.
fn key(name: &str) -> String {
    name.nfkc()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The standard times by activity, each checked.
fn read_standards(
    standards: &DataFrame,
    file: &str,
    findings: &mut Vec<Finding>,
) -> PolarsResult<HashMap<String, f64>> {
    let rows = Rows::new(standards)?;
    let mut by_key: HashMap<String, (f64, u32)> = HashMap::new();
    for i in 0..rows.height() {
        let row = row_of(&rows, i);
        let Some(name) = rows.str(col::ACTIVITY, i).map(str::trim).filter(|n| !n.is_empty()) else {
            continue;
        };
        let at = Location::file(file).with_row(row).with_column(col::STANDARD_HOURS);
        match rows.f64(col::STANDARD_HOURS, i).filter(|v| v.is_finite()) {
            Some(h) if h > 0.0 => {
                if let Some((_, first)) = by_key.get(&key(name)) {
                    findings.push(Finding::error(
                        "duplicate_standard",
                        Location::file(file).with_row(row),
                        format!("工作活动“{name}”在第 {first} 行已有标准用时，本行重复，两行都不使用。"),
                        format!("Activity '{name}' already has a standard on row {first}; this row repeats it, and neither is used."),
                    ));
                    by_key.insert(key(name), (f64::NAN, *first));
                } else {
                    by_key.insert(key(name), (h, row));
                }
            }
            other => findings.push(Finding::error(
                "bad_standard",
                at,
                format!(
                    "工作活动“{name}”的标准用时{}，不能使用：须为大于 0 的小时数。",
                    other.map_or("未填或不是数字".to_owned(), |v| format!("为 {v}"))
                ),
                format!(
                    "Activity '{name}' has {} as its standard time: it must be hours above 0.",
                    other.map_or("no number".to_owned(), |v| v.to_string())
                ),
            )),
        }
    }
    Ok(by_key
        .into_iter()
        .filter(|(_, (h, _))| h.is_finite())
        .map(|(k, (h, _))| (k, h))
        .collect())
}

fn row_of(rows: &Rows, i: usize) -> u32 {
    if rows.has(col::SOURCE_ROW) {
        rows.u32(col::SOURCE_ROW, i).unwrap_or(i as u32 + 2)
    } else {
        i as u32 + 2
    }
}

/// Each volume row priced at its activity's standard: (unit, activity, volume, standard, hours,
/// row), with a finding for each row that cannot be.
fn price_volumes(
    volumes: &DataFrame,
    standards: &HashMap<String, f64>,
    file: &str,
    findings: &mut Vec<Finding>,
) -> PolarsResult<DataFrame> {
    let rows = Rows::new(volumes)?;
    let n = rows.height();
    let (mut units, mut activities) = (Vec::with_capacity(n), Vec::with_capacity(n));
    let (mut volume, mut standard, mut hours, mut source) = (
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
    );
    for i in 0..n {
        let row = row_of(&rows, i);
        let unit = rows.str(col::UNIT, i).map(str::trim).filter(|u| !u.is_empty());
        let activity = rows.str(col::ACTIVITY, i).map(str::trim).filter(|a| !a.is_empty());
        let (Some(unit), Some(activity)) = (unit, activity) else {
            let what = if unit.is_none() {
                (col::UNIT, "单位", "unit")
            } else {
                (col::ACTIVITY, "工作活动", "activity")
            };
            findings.push(Finding::warning(
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
            ));
            // A unit with a row that cannot be priced has an unknown workload, not a smaller one.
            if let Some(unit) = unit {
                units.push(unit.to_owned());
                activities.push(String::new());
                volume.push(None);
                standard.push(None);
                hours.push(None);
                source.push(row);
            }
            continue;
        };
        let std = standards.get(&key(activity)).copied();
        let v = rows.f64(col::VOLUME, i).filter(|v| v.is_finite());
        if std.is_none() {
            findings.push(Finding::warning(
                "no_standard",
                Location::file(file).with_row(row).with_column(col::ACTIVITY),
                format!("{unit} 的工作活动“{activity}”没有标准用时：该单位的标准工作量为未知。"),
                format!(
                    "{unit}: activity '{activity}' has no standard time, so the unit's standard workload is unknown."
                ),
            ));
        }
        let v = match v {
            Some(v) if v < 0.0 => {
                findings.push(Finding::error(
                    "bad_volume",
                    Location::file(file).with_row(row).with_column(col::VOLUME),
                    format!("{unit} 的“{activity}”业务量为负数（{v}），不能使用。"),
                    format!("{unit}: the volume of '{activity}' is negative ({v}) and cannot be used."),
                ));
                None
            }
            Some(v) => Some(v),
            None => {
                findings.push(Finding::warning(
                    "bad_volume",
                    Location::file(file).with_row(row).with_column(col::VOLUME),
                    format!("{unit} 的“{activity}”业务量未填或不是数字：该单位的标准工作量为未知。"),
                    format!("{unit}: the volume of '{activity}' is missing or not a number, so the unit's standard workload is unknown."),
                ));
                None
            }
        };
        units.push(unit.to_owned());
        activities.push(activity.to_owned());
        volume.push(v);
        standard.push(std);
        hours.push(v.zip(std).map(|(v, s)| v * s));
        source.push(row);
    }
    let n = units.len();
    DataFrame::new(
        n,
        vec![
            Column::new(col::UNIT.into(), units),
            Column::new(col::ACTIVITY.into(), activities),
            Column::new(col::VOLUME.into(), volume),
            Column::new(col::STANDARD_HOURS.into(), standard),
            Column::new(col::WORKLOAD_STD.into(), hours),
            Column::new(col::SOURCE_ROW.into(), source),
        ],
    )
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
    let activities = price_volumes(volumes, &by_activity, &sources.volumes, &mut findings)?;
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
    // A unit's workload is known only when every one of its rows is priced.
    let mut units = activities
        .clone()
        .lazy()
        .group_by_stable([col(col::UNIT)])
        .agg([
            col(col::WORKLOAD_STD).sum().alias("priced"),
            col(col::WORKLOAD_STD).null_count().alias("unpriced"),
        ])
        .select([
            col(col::UNIT),
            when(col("unpriced").eq(lit(0)))
                .then(col("priced"))
                .otherwise(lit(NULL).cast(DataType::Float64))
                .alias(col::WORKLOAD_STD),
        ])
        .with_columns([when(lit(caf.is_finite()))
            .then(col(col::WORKLOAD_STD) / lit(awt) * lit(caf) + lit(iaf))
            .otherwise(lit(NULL).cast(DataType::Float64))
            .alias(col::REQUIRED_STD)]);
    if let Some(staff) = staff {
        // Staff in post unknown on any row: unknown, not the sum of the rows that gave it.
        let actual = staff
            .clone()
            .lazy()
            .group_by([col(col::UNIT)])
            .agg([
                col(col::ACTUAL).cast(DataType::Float64).sum().alias("staff_sum"),
                col(col::ACTUAL).null_count().alias("staff_unknown"),
            ])
            .select([
                col(col::UNIT),
                when(col("staff_unknown").eq(lit(0)))
                    .then(col("staff_sum"))
                    .otherwise(lit(NULL).cast(DataType::Float64))
                    .alias(col::ACTUAL),
            ]);
        let (a, r) = (col(col::ACTUAL), col(col::REQUIRED_STD));
        let keep_order = JoinArgs {
            maintain_order: MaintainOrderJoin::Left,
            ..JoinArgs::new(JoinType::Left)
        };
        units = units
            .join(actual, [col(col::UNIT)], [col(col::UNIT)], keep_order)
            .with_columns([
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
