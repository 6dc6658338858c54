//! Reading the analysis' unit table into the planner's rows: the columns it needs, the rows it
//! can use, and the findings about the rows it leaves out.

use super::{PlanError, Row, here, input_error, polars_error};
use crate::findings::Finding;
use crate::model::{Band, Lang, QuotaType, col as mcol};
use crate::{Params, i18n};
use polars::prelude::*;
use std::collections::HashSet;

/// The unit table's columns as the planner reads them; an optional column that is absent reads
/// as all nulls.
struct Columns {
    unit: Vec<Option<String>>,
    quota_type: Vec<Option<String>>,
    approved: Vec<Option<i64>>,
    actual: Vec<Option<i64>>,
    required: Vec<Option<f64>>,
    department: Vec<Option<String>>,
    saturation: Vec<Option<f64>>,
    band: Vec<Option<String>>,
    key_area: Vec<Option<bool>>,
    front_line: Vec<Option<bool>>,
    flags: Vec<Option<String>>,
}

pub(super) fn read_rows(df: &DataFrame, params: &Params, findings: &mut Vec<Finding>) -> Result<Vec<Row>, PlanError> {
    let c = read_columns(df)?;
    let n = df.height();
    let mut rows = Vec::with_capacity(n);
    let mut bad_required = Vec::new();
    // A unit whose quota is unknown for one of its types has no known quota as a whole: the
    // analysis leaves it out of the totals, and the plan leaves it out with all its types.
    let mut quota_unknown = std::collections::HashSet::new();
    let mut unknown_quota = Vec::new();
    for i in (0..n).filter(|&i| c.approved[i].is_none()) {
        if let Some(name) = c.unit[i].as_deref().map(str::trim).filter(|s| !s.is_empty())
            && quota_unknown.insert(name)
        {
            unknown_quota.push(name.to_owned());
        }
    }
    for i in 0..n {
        let Some(name) = c.unit[i].as_deref().map(str::trim).filter(|s| !s.is_empty()) else {
            return Err(input_error(
                "plan_unit_missing",
                format!("单位表第 {} 行没有单位名称", i + 1),
                format!("row {} of the unit table has no unit name", i + 1),
            ));
        };
        // A quota nobody gave is neither in the pool nor a target: the unit stays out.
        if quota_unknown.contains(name) {
            continue;
        }
        // Every row without a quota is of a unit in `quota_unknown`.
        let Some(e) = c.approved[i] else {
            continue;
        };
        let a = c.actual[i].unwrap_or(0);
        if e < 0 || a < 0 {
            return Err(input_error(
                "plan_negative_count",
                format!("单位“{name}”的核定编制数或实有人数为负数（{e}、{a}）"),
                format!("unit '{name}' has a negative approved quota or staff count ({e}, {a})"),
            ));
        }
        // A required staff that is not a number or negative cannot be planned on: no survey.
        let req = match c.required[i] {
            Some(q) if q.is_finite() && q >= 0.0 => Some(q),
            Some(_) => {
                bad_required.push(name.to_owned());
                None
            }
            None => None,
        };
        rows.push(c.row(i, name, e, req, params));
    }
    warn_left_out(&unknown_quota, &bad_required, findings);
    Ok(rows)
}

/// One unit × quota type per row: a second row of the same pair cannot be planned.
pub(super) fn check_unique(rows: &[Row], order: &[usize]) -> Result<(), PlanError> {
    // In the processing order a unit's rows of one type are side by side: none side by side
    // is none at all. Else the first found in the table's own order is said.
    let same = |a: &Row, b: &Row| a.unit == b.unit && a.quota_type == b.quota_type;
    if !order.windows(2).any(|w| same(&rows[w[0]], &rows[w[1]])) {
        return Ok(());
    }
    let mut seen = HashSet::new();
    for r in rows {
        if !seen.insert((r.unit.as_str(), r.quota_type.as_str())) {
            return Err(input_error(
                "plan_duplicate_unit",
                format!("单位“{}”的{}出现了不止一行，无法制定方案", r.unit, r.quota_type),
                format!(
                    "unit '{}' has more than one row of {}: cannot plan",
                    r.unit,
                    i18n::quota_type(&r.quota_type, Lang::En)
                ),
            ));
        }
    }
    Ok(())
}

/// The columns in the order they are checked, so the first problem reported stays the same.
fn read_columns(df: &DataFrame) -> Result<Columns, PlanError> {
    let n = df.height();
    let strings = |name: &str, needed: bool| -> Result<Vec<Option<String>>, PlanError> {
        let c = get(df, name, DataType::String, needed)?;
        read_or_nulls(c, n, |c| Ok(c.str()?.iter().map(|s| s.map(str::to_owned)).collect()))
    };
    let ints = |name: &str, needed: bool| -> Result<Vec<Option<i64>>, PlanError> {
        let c = get(df, name, DataType::Int64, needed)?;
        read_or_nulls(c, n, |c| Ok(c.i64()?.iter().collect()))
    };
    let floats = |name: &str, needed: bool| -> Result<Vec<Option<f64>>, PlanError> {
        let c = get(df, name, DataType::Float64, needed)?;
        read_or_nulls(c, n, |c| Ok(c.f64()?.iter().collect()))
    };
    let bools = |name: &str, needed: bool| -> Result<Vec<Option<bool>>, PlanError> {
        let c = get(df, name, DataType::Boolean, needed)?;
        read_or_nulls(c, n, |c| Ok(c.bool()?.iter().collect()))
    };
    Ok(Columns {
        unit: strings(mcol::UNIT, true)?,
        quota_type: strings(mcol::QUOTA_TYPE, true)?,
        approved: ints(mcol::APPROVED, true)?,
        actual: ints(mcol::ACTUAL, true)?,
        required: floats(mcol::REQUIRED, true)?,
        department: strings(mcol::DEPARTMENT, false)?,
        saturation: floats(mcol::SATURATION, false)?,
        band: strings(mcol::BAND, false)?,
        key_area: bools(mcol::KEY_AREA, false)?,
        front_line: bools(mcol::FRONT_LINE, false)?,
        flags: strings(mcol::FLAGS, false)?,
    })
}

/// A column cast to `dtype`; `None` when an optional one is absent.
fn get(df: &DataFrame, name: &str, dtype: DataType, needed: bool) -> Result<Option<Column>, PlanError> {
    match df.column(name) {
        Ok(c) => c.strict_cast(&dtype).map(Some).map_err(|e| {
            input_error(
                "plan_bad_column",
                format!("单位表的“{}”列无法读取：{e}", i18n::column(name, Lang::Zh)),
                format!("column '{name}' of the unit table cannot be read: {e}"),
            )
        }),
        Err(_) if !needed => Ok(None),
        Err(_) => Err(input_error(
            "plan_missing_column",
            format!("单位表缺少“{}”列（{name}），无法制定方案", i18n::column(name, Lang::Zh)),
            format!("the unit table lacks column '{name}': cannot plan"),
        )),
    }
}

/// The values of a column, or `n` nulls for an absent one.
fn read_or_nulls<T: Clone>(
    c: Option<Column>,
    n: usize,
    read: impl Fn(&Column) -> PolarsResult<Vec<Option<T>>>,
) -> Result<Vec<Option<T>>, PlanError> {
    match c {
        Some(c) => read(&c).map_err(polars_error),
        None => Ok(vec![None; n]),
    }
}

impl Columns {
    /// Row `i` as the planner holds it, once its name, quota and required staff are checked.
    fn row(&self, i: usize, name: &str, approved: i64, required: Option<f64>, params: &Params) -> Row {
        let sat = self.saturation[i].filter(|s| s.is_finite());
        let band = match self.band[i].as_deref() {
            Some(code) => Band::from_code(code),
            None => params.bands.classify(sat),
        };
        Row {
            unit: name.to_owned(),
            department: self.department[i]
                .as_deref()
                .map(str::trim)
                .filter(|d| !d.is_empty())
                .map(str::to_owned),
            quota_type: self.quota_type[i]
                .as_deref()
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .unwrap_or(QuotaType::Unspecified.canonical())
                .to_owned(),
            approved,
            actual: self.actual[i].unwrap_or(0),
            actual_known: self.actual[i].is_some(),
            required,
            saturation: sat,
            band,
            key_area: self.key_area[i].unwrap_or(false),
            front_line: self.front_line[i].unwrap_or(false),
            flags: self.flags[i]
                .as_deref()
                .unwrap_or("")
                .split(';')
                .map(str::trim)
                .filter(|f| !f.is_empty())
                .map(str::to_owned)
                .collect(),
        }
    }
}

/// The findings about rows left out of the plan or read as without survey.
fn warn_left_out(unknown_quota: &[String], bad_required: &[String], findings: &mut Vec<Finding>) {
    if !unknown_quota.is_empty() {
        findings.push(Finding::warning(
            "plan_unknown_quota",
            here(),
            format!(
                "{} 个单位的核定编制数不明或不全（{}），整个单位不在编制总量之内，也不参与调整",
                unknown_quota.len(),
                unknown_quota.join("、")
            ),
            format!(
                "{} units have no approved quota, or not for each of their quota types ({}): each is outside the pool and the plan as a whole",
                unknown_quota.len(),
                unknown_quota.join(", ")
            ),
        ));
    }
    if !bad_required.is_empty() {
        findings.push(Finding::warning(
            "plan_bad_required",
            here(),
            format!(
                "{} 个单位的应需人数不是有效的非负数（{}），按无工作量调查处理",
                bad_required.len(),
                bad_required.join("、")
            ),
            format!(
                "{} units have a required staff that is not a number of 0 or more ({}): treated as without survey",
                bad_required.len(),
                bad_required.join(", ")
            ),
        ));
    }
}
