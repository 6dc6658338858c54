//! The core indicators as SQL that DuckDB and Spark SQL both run, over the parquet tables
//! `satlas analyze --out x.parquet` writes: for an office whose survey outgrows one machine
//! and which already runs such an engine.
//!
//! The statements read three tables, bound first to views by the dialect's own words:
//! `satlas_survey` (the survey's rows as read, `x_survey.parquet`), `satlas_unit_types` (the
//! staffing counts per unit × quota type, `x_unit_types.parquet`) and `satlas_units`
//! (`x.parquet`, read only for the leadership counts as filed). From the survey's rows they
//! derive each task's hours, count exact duplicates once, calibrate and cap each person's
//! hours, and sum each unit's workload; from the counts, each unit's staffing; then required
//! staff, saturation, vacancy, over-quota, idle, shortage, the band and the spread within a
//! unit ([`COLUMNS`]). The parameters are written into the statements as literals, each
//! with a comment naming it.
//!
//! Left to satlas: recoverable quotas (they rest on each quota type's share of the unit's
//! required staff, tied to types through the roster, which these tables do not carry), the
//! flags (several years, the performance score) and the unit's category and score as filed.
//!
//! Only portable SQL: temporary views, CASE, COALESCE, aggregates, joins and one window
//! function (ROW_NUMBER, for the Gini coefficient). An unknown figure stays NULL, never 0, and
//! no statement divides by zero.

mod bind;
mod keys;
mod literal;
mod staffing;
mod survey;
mod units;

pub use keys::Keys;

use crate::model::{Lang, Params, WorkloadMethod};
use std::path::Path;

/// The engine the statements that bind the tables are written for; the rest is the same.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    DuckDb,
    Spark,
}

/// Where the engine finds each table: a parquet file, or for Spark a folder of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tables {
    pub units: String,
    pub unit_types: String,
    pub survey: String,
}

impl Tables {
    /// The tables of the report written to `parquet`: the units table itself, the others
    /// beside it as `<stem>_<key>.parquet`, as `satlas analyze` names them.
    pub fn beside(parquet: &Path) -> Tables {
        let stem = parquet.file_stem().unwrap_or_default().to_string_lossy();
        let ext = parquet.extension().map_or("parquet".into(), |e| e.to_string_lossy());
        let other = |key: &str| {
            parquet
                .with_file_name(format!("{stem}_{key}.{ext}"))
                .to_string_lossy()
                .into_owned()
        };
        Tables {
            units: parquet.to_string_lossy().into_owned(),
            unit_types: other(crate::model::Sheet::UnitTypes.code()),
            survey: other(crate::model::Sheet::Survey.code()),
        }
    }
}

/// The columns of the units table the statements give, in order, under satlas's names.
pub const COLUMNS: [&str; 29] = [
    "unit",
    "department",
    "year",
    "key_area",
    "front_line",
    "approved",
    "actual",
    "vacancy",
    "vacancy_rate",
    "over_quota",
    "leader_posts",
    "leaders_actual",
    "over_leaders",
    "has_survey",
    "tasks",
    "people_surveyed",
    "workload_reported",
    "workload",
    "required_reported",
    "required",
    "saturation_reported",
    "saturation",
    "quota_saturation",
    "band",
    "idle",
    "shortage",
    "spread_cv",
    "spread_gini",
    "share_underloaded",
];

/// The view that holds the result, one row per unit of the staffing table.
pub const RESULT_VIEW: &str = "satlas_unit_indicators";

/// Parameters under which the units' figures are more than these statements compute, or a
/// partition column they cannot name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SqlError {
    /// The workload comes from standards × volumes, not from the survey.
    #[error(
        "the SQL computes the survey's workload; these parameters take it from standards (method = {0}): use method = survey"
    )]
    Method(&'static str),
    /// A staff category has its own calendar or allowances: a unit's required staff is then
    /// the sum of its quota types' shares, which rest on the roster.
    #[error(
        "the SQL computes one calendar and one set of allowances for all staff; these parameters give {0} its own (by_quota_type): leave by_quota_type out"
    )]
    OwnCategory(String),
    /// A partition column that is no plain word.
    #[error("'{0}' is no column name a statement can use unquoted: letters, digits and _ only")]
    Column(String),
}

impl SqlError {
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (_, Lang::En) => self.to_string(),
            (SqlError::Method(m), Lang::Zh) => {
                format!("SQL 按工作量调查计算工作量；这组参数按工作标准测算（method = {m}）：请用 method = survey。")
            }
            (SqlError::OwnCategory(q), Lang::Zh) => format!(
                "SQL 对所有人员用同一标准工时和宽放；这组参数为“{q}”另设了（by_quota_type）：请去掉 by_quota_type。"
            ),
            (SqlError::Column(c), Lang::Zh) => format!("“{c}”不能直接用作列名：只能含字母、数字和 _。"),
        }
    }
}

/// The whole script: what it is, the tables bound for `dialect`, the views in the order each
/// needs the last, and the result's rows. `keys` name the partition columns that, with the
/// unit's name, tell units apart when several reports are read as one.
pub fn script(params: &Params, tables: &Tables, dialect: Dialect, keys: &Keys) -> Result<String, SqlError> {
    if params.method != WorkloadMethod::Survey {
        return Err(SqlError::Method(params.method.code()));
    }
    if let Some(q) = params.by_quota_type.keys().next() {
        return Err(SqlError::OwnCategory(q.clone()));
    }
    let mut parts = vec![header(params), bind::tables(tables, dialect, !keys.is_empty())];
    parts.extend(survey::views(params, keys));
    parts.push(staffing::view(keys));
    parts.extend(units::views(params, keys));
    parts.push(format!(
        "SELECT * FROM {RESULT_VIEW} ORDER BY {}department, unit;\n",
        keys.prefix("")
    ));
    Ok(parts.join("\n"))
}

/// What the script computes and from what, as a comment an analyst reads first.
fn header(params: &Params) -> String {
    format!(
        "-- satlas {}: the units' indicators from the survey's rows and the staffing counts.\n\
         -- Parameters are inlined as literals, each named in a comment; an unknown figure is NULL.\n\
         -- Available hours H = {} a year. Recoverable quotas and flags are left to satlas.\n",
        env!("CARGO_PKG_VERSION"),
        params.calendar.available_hours()
    )
}
