//! The zero-sum reallocation planner: apportionment of each quota type's pool in proportion to
//! need, bounded per unit, then transfers from donors to recipients.
//!
//! # What a plan is
//! For each quota type separately (a quota never crosses types):
//! - **pool** = Σ approved − the office's reserve for that type (`plan.reserve`, 机动编制). The
//!   reserve is taken from the units in the plan; a negative reserve releases posts the office holds.
//! - **weight** of a unit = the larger of the priority weights of the tags it carries (key area,
//!   front line), 1 when it carries none. The larger rather than the product: a unit that is both
//!   is not twice a priority, and the weights stay easy to explain.
//! - **need** = required staff × weight.
//! - Units without a survey (required unknown), frozen units (by name or department) and units
//!   flagged `not_in_staffing` keep their approved quota and stay out of the moves; their posts are
//!   not in the pool shared among the others.
//! - **target** = the apportionment ([`apportion`]) of what the other units hold, less the reserve,
//!   in proportion to need, within bounds:
//!   - lower: `approved − ⌊max_loss_share × approved⌋`; with `keep_incumbents` at least
//!     `min(actual, approved)` (only vacant posts move; an over-quota unit keeps its quota but is
//!     not handed more for being over); with `protect_need` at least `min(approved, ⌈required⌉)`;
//!   - upper: `approved + min(⌊max_gain_share × approved⌋, max_gain_count)`, none when both are
//!     unset; with `protect_need` at most `max(approved, ⌈required⌉)`.
//!
//!   With `protect_need` (the default) posts move only from units whose quota exceeds their work
//!   to units whose work exceeds their quota; the apportionment decides who gives and who gets
//!   first. Without it the targets are pure proportional shares, and a unit short of staff can
//!   still give if others are shorter.
//!
//!   Shares are read to six decimal places, so `⌊0.29 × 100⌋` is 29 and not 28.
//! - Bounds that cannot be met give [`PlanError::Infeasible`], naming the constraint and the gap.
//!
//! # Outputs (column names in [`col`] and [`crate::model::col`])
//! - `units`: one row per unit × quota type: approved, actual, required, saturation (before),
//!   weight, need, lower, upper (null: no limit), target, change, the bound that decided the target
//!   (`bound`: `keep_incumbents`, `need_floor`, `max_loss`, `max_gain`, `need_cap`, `frozen`,
//!   `no_survey`, `not_in_staffing` or `none`; on equal floors the first of keep_incumbents,
//!   need_floor, max_loss is reported, on equal caps need_cap), the reason,
//!   and `saturation_after` = required / target (null when the target is 0 or required is
//!   unknown). `need` is null for units without a survey; excluded units show lower = upper =
//!   target = approved.
//! - `transfers`: from unit → to unit, posts, whether inside one department, and the reasons of
//!   both sides. A null `from_unit` / `to_unit` is the office reserve. See [`transfers`] for the
//!   pairing rule.
//! - `summary`: per quota type and a last row [`ALL_TYPES`]: units, units in the plan, approved,
//!   required, reserve, pool, moved (Σ positive changes, the posts units receive), units giving and
//!   receiving, need met before and after, imbalance before and after.
//!   - need met = Σ min(required, quota) / Σ required over units with a survey (null when Σ
//!     required is 0);
//!   - imbalance = the Loosemore–Hanby index ½ Σ |quota share − need share| over units with a
//!     survey: the share of posts that would have to move for quota to follow need exactly (0 is
//!     perfect). Unlike the Sainte-Laguë index it stays finite for units with no need. Null when
//!     the quotas or needs add up to 0. The overall row weights each type's index by its posts.
//!
//! Codes in `bound` and `*reason` columns are labelled in Chinese in the `*_label` columns; see
//! [`reasons`] and [`localize`].

pub mod apportion;
mod bounds;
mod changes;
mod exclusions;
mod feasibility;
mod frames;
mod read;
pub mod reasons;
mod stats;
mod targets;
mod transfers;
mod validate;
mod views;

#[cfg(test)]
mod tests;

pub use apportion::{ApportionError, Apportionment, Binding, apportion, apportion_detail};
pub use changes::{PlanChanges, TargetChange, changes};
pub use views::{compare, localize, totals};

use crate::findings::{Finding, Location};
use crate::model::{Band, Lang, QuotaType};
use crate::{Params, i18n};
use polars::prelude::*;
use stats::TypeStats;
use std::collections::{BTreeMap, HashMap};
use std::fmt;
use transfers::Line;

pub use crate::model::plan::{Method, PlanParams, col};

/// The `quota_type` of the summary's overall row.
pub const ALL_TYPES: &str = "合计";

/// A plan: per-unit targets, the transfer list, what the plan buys, and what the planner noticed.
#[derive(Debug, Clone)]
pub struct Plan {
    pub units: DataFrame,
    pub transfers: DataFrame,
    pub summary: DataFrame,
    pub findings: Vec<Finding>,
}

/// Why no plan could be made. Each finding says it in both languages.
#[derive(Debug, Clone, PartialEq)]
pub enum PlanError {
    /// The unit table lacks a column, holds it in a type that cannot be read, or has bad rows.
    Input(Box<Finding>),
    /// A planner parameter is out of range.
    Params(Box<Finding>),
    /// The bounds cannot be met for one or more quota types: one finding per type.
    Infeasible(Vec<Finding>),
}

impl PlanError {
    pub fn findings(&self) -> Vec<Finding> {
        match self {
            PlanError::Input(f) | PlanError::Params(f) => vec![(**f).clone()],
            PlanError::Infeasible(fs) => fs.clone(),
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        self.findings()
            .iter()
            .map(|f| f.message(lang).to_owned())
            .collect::<Vec<_>>()
            .join("\n")
    }
}

impl fmt::Display for PlanError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for PlanError {}

fn here() -> Location {
    Location::file("plan")
}

fn input_error(code: &str, zh: String, en: String) -> PlanError {
    PlanError::Input(Box::new(Finding::error(code, here(), zh, en)))
}

fn params_error(zh: String, en: String) -> PlanError {
    PlanError::Params(Box::new(Finding::error("plan_bad_parameter", here(), zh, en)))
}

/// One unit × quota type of the input.
#[derive(Debug, Clone)]
struct Row {
    unit: String,
    department: Option<String>,
    quota_type: String,
    approved: i64,
    /// 0 when unknown; such a row never enters the plan (see `actual_known`).
    actual: i64,
    actual_known: bool,
    required: Option<f64>,
    saturation: Option<f64>,
    band: Band,
    key_area: bool,
    front_line: bool,
    flags: Vec<String>,
}

/// The planner's answer for one row.
#[derive(Debug, Clone)]
struct Out {
    weight: Option<f64>,
    need: Option<f64>,
    lower: i64,
    upper: Option<i64>,
    target: i64,
    bound: reasons::Bound,
    reason: Vec<reasons::Reason>,
}

/// Make the plan for every quota type of `unit_types` (the analysis' unit × quota type table).
pub fn plan(unit_types: &DataFrame, params: &Params) -> Result<Plan, PlanError> {
    let p = &params.plan;
    validate::validate(p)?;
    let mut findings = Vec::new();
    let rows = read::read_rows(unit_types, params, &mut findings)?;
    let order = processing_order(&rows);
    read::check_unique(&rows, &order)?;

    let reserves = resolve_reserves(p, &rows, &mut findings);
    exclusions::warn_unknown_frozen(p, &rows, &mut findings);

    let mut outs: Vec<Option<Out>> = vec![None; rows.len()];
    let mut lines: Vec<(usize, Line)> = Vec::new(); // (first row of the type, line)
    let mut stats = Vec::new();
    let mut infeasible = Vec::new();
    let mut start = 0;
    while start < order.len() {
        let t = &rows[order[start]].quota_type;
        let end = start + order[start..].iter().take_while(|&&i| &rows[i].quota_type == t).count();
        let group = &order[start..end];
        let reserve = reserves.get(t.as_str()).copied().unwrap_or(0);
        match plan_type(&rows, group, reserve, p, &mut outs, &mut findings)? {
            Ok((type_lines, s)) => {
                lines.extend(type_lines.into_iter().map(|l| (group[0], l)));
                stats.push(s);
            }
            Err(f) => infeasible.push(f),
        }
        start = end;
    }
    if !infeasible.is_empty() {
        return Err(PlanError::Infeasible(infeasible));
    }
    let outs: Vec<Out> = outs.into_iter().map(|o| o.expect("every row is planned")).collect();

    let units = frames::units_frame(&rows, &outs).map_err(polars_error)?;
    let transfers = frames::transfers_frame(&rows, &outs, &lines).map_err(polars_error)?;
    let summary = frames::summary_frame(&stats).map_err(polars_error)?;
    Ok(Plan {
        units,
        transfers,
        summary,
        findings,
    })
}

/// Processing order: quota type, then unit name (the tie order), then department.
fn processing_order(rows: &[Row]) -> Vec<usize> {
    let ranks = type_ranks(rows);
    let units: Vec<u64> = rows.iter().map(|r| leading_bytes(&r.unit)).collect();
    let mut order: Vec<usize> = (0..rows.len()).collect();
    order.sort_by(|&a, &b| {
        let (ra, rb) = (&rows[a], &rows[b]);
        (ranks[a], units[a])
            .cmp(&(ranks[b], units[b]))
            .then_with(|| ra.unit.cmp(&rb.unit))
            .then_with(|| ra.department.cmp(&rb.department))
    });
    order
}

/// Each row's quota type's rank in [`type_key`]'s order. The few types are ranked once, so
/// that thousands of rows compare by a number, not by name.
fn type_ranks(rows: &[Row]) -> Vec<usize> {
    let keys: Vec<(usize, &str)> = type_places(rows)
        .into_iter()
        .zip(rows)
        .map(|(place, r)| (place, r.quota_type.as_str()))
        .collect();
    let mut types: Vec<(usize, &str)> = Vec::new();
    for k in &keys {
        if !types.contains(k) {
            types.push(*k);
        }
    }
    types.sort_unstable();
    keys.iter()
        .map(|k| {
            types
                .iter()
                .position(|t| t == k)
                .expect("every row's type is among the types")
        })
        .collect()
}

/// The first eight bytes of a name as a number that orders as the bytes do (a shorter name
/// padded with zeros): names that part there are ordered without comparing their text, and
/// names level there are compared in full. Thousands of rows are sorted by name.
fn leading_bytes(name: &str) -> u64 {
    let mut bytes = [0u8; 8];
    let n = name.len().min(8);
    bytes[..n].copy_from_slice(&name.as_bytes()[..n]);
    u64::from_be_bytes(bytes)
}

type TypeResult = Result<(Vec<Line>, TypeStats), Finding>;

/// Plan one quota type: who stays out, the bounds of the others, whether they can be met, the
/// apportionment, each unit's reason, the transfers and the figures. The outer error stops the
/// plan; the inner one is an infeasible type.
fn plan_type(
    rows: &[Row],
    group: &[usize],
    reserve: i64,
    p: &PlanParams,
    outs: &mut [Option<Out>],
    findings: &mut Vec<Finding>,
) -> Result<TypeResult, PlanError> {
    let t = rows[group[0]].quota_type.as_str();
    let split = exclusions::split(rows, group, p, outs)?;
    exclusions::warn(t, rows, &split, findings);
    let part = &split.part;

    let bounds = bounds::bounds(rows, part, p);
    let seats = match feasibility::pool(t, rows, part, reserve, &bounds, p) {
        Ok(seats) => seats,
        Err(infeasible) => return Ok(Err(infeasible)),
    };

    // Apportion the pool among the units in the plan.
    let needs: Vec<f64> = part
        .iter()
        .map(|&i| rows[i].required.unwrap_or(0.0) * weight_of(&rows[i], p))
        .collect();
    let ups: Vec<i64> = bounds.upper.iter().map(|u| u.unwrap_or(i64::MAX)).collect();
    let seats_i64 = i64::try_from(seats).unwrap_or(i64::MAX);
    let result = apportion_detail(p.method, &needs, seats_i64, &bounds.lower, &ups).map_err(|e| {
        input_error(
            "plan_apportion",
            format!("{t}：无法分配编制：{e}"),
            format!("{}: cannot apportion: {e}", type_en(t)),
        )
    })?;

    let moves = targets::assign(rows, part, &needs, &bounds, &result, p, outs);
    targets::warn_cut_staffed(t, rows, &moves.cut_staffed, outs, findings);
    targets::warn_overloaded_donors(t, rows, &moves.donors, p, findings);
    let lines = transfers::pair(&moves.donors, &moves.recipients, reserve);

    let s = stats::type_stats(rows, group, outs, reserve, part.len(), &moves, &lines);
    findings.push(stats::type_summary(t, rows, &s, seats, &lines));
    Ok(Ok((lines, s)))
}

fn polars_error(e: PolarsError) -> PlanError {
    input_error(
        "plan_table",
        format!("生成方案表格时出错：{e}"),
        format!("could not build the plan's tables: {e}"),
    )
}

/// Known quota types in their canonical order, then any other name in text order.
fn type_key(name: &str) -> (usize, &str) {
    let pos = QuotaType::ALL
        .iter()
        .position(|q| q.canonical() == name)
        .unwrap_or(QuotaType::ALL.len());
    (pos, name)
}

/// Each row's quota type's place in the canonical order ([`type_key`]'s first part), found
/// once: thousands of rows are sorted by it.
fn type_places(rows: &[Row]) -> Vec<usize> {
    rows.iter().map(|r| type_key(&r.quota_type).0).collect()
}

fn type_en(name: &str) -> &str {
    if name == ALL_TYPES {
        "All types"
    } else {
        i18n::quota_type(name, Lang::En)
    }
}

/// Reserve per quota type present in the data. A key may be the canonical name or any wording
/// [`QuotaType::detect`] recognises; a key matching no type is reported and ignored.
fn resolve_reserves<'a>(p: &PlanParams, rows: &'a [Row], findings: &mut Vec<Finding>) -> HashMap<&'a str, i64> {
    let types: BTreeMap<&str, ()> = rows.iter().map(|r| (r.quota_type.as_str(), ())).collect();
    let mut out = HashMap::new();
    for (key, &value) in &p.reserve {
        let key_trim = key.trim();
        let found = types.keys().copied().find(|t| *t == key_trim).or_else(|| {
            QuotaType::detect(key_trim)
                .map(QuotaType::canonical)
                .and_then(|c| types.keys().copied().find(|t| *t == c))
        });
        match found {
            Some(t) => *out.entry(t).or_insert(0) += value,
            None if value != 0 => findings.push(Finding::warning(
                "plan_reserve_unknown_type",
                here(),
                format!("预留机动编制设置中的编制类型“{key}”在数据中不存在，已忽略（{value} 名）"),
                format!(
                    "the reserve for quota type '{key}' matches no type in the data and was ignored ({value} posts)"
                ),
            )),
            None => {}
        }
    }
    out
}

/// The larger weight of the tags a unit carries, 1 with none.
fn weight_of(row: &Row, p: &PlanParams) -> f64 {
    let tags = [
        row.key_area.then_some(p.key_area_weight),
        row.front_line.then_some(p.front_line_weight),
    ];
    tags.into_iter().flatten().reduce(f64::max).unwrap_or(1.0)
}

/// The first few unit names of `idx` for a message, and how many more there are.
/// "1 unit", "3 units".
fn units_en(n: usize) -> String {
    if n == 1 {
        "1 unit".to_owned()
    } else {
        format!("{n} units")
    }
}

fn names_list(rows: &[Row], idx: &[usize], lang: Lang) -> String {
    const SHOWN: usize = 5;
    let names: Vec<&str> = idx.iter().take(SHOWN).map(|&i| rows[i].unit.as_str()).collect();
    let more = idx.len().saturating_sub(SHOWN);
    match lang {
        Lang::Zh if more > 0 => format!("{}等", names.join("、")),
        Lang::Zh => names.join("、"),
        Lang::En if more > 0 => format!("{} and {more} more", names.join(", ")),
        Lang::En => names.join(", "),
    }
}
