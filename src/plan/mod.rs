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
pub mod reasons;
mod transfers;

#[cfg(test)]
mod tests;

pub use apportion::{ApportionError, Apportionment, Binding, apportion, apportion_detail};

use crate::findings::{Finding, Location};
use crate::model::{Band, Lang, QuotaType, col as mcol};
use crate::{Params, i18n};
use polars::prelude::*;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use transfers::{Line, Party};

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
    bound: &'static str,
    reason: String,
}

/// Per quota type figures of the summary.
#[derive(Debug, Clone, Default)]
struct TypeStats {
    quota_type: String,
    units: i64,
    units_planned: i64,
    approved: i64,
    required: Option<f64>,
    reserve: i64,
    moved: i64,
    giving: i64,
    receiving: i64,
    covered_before: f64,
    covered_after: f64,
    quota_before: i64,
    quota_after: i64,
    imbalance_before: Option<f64>,
    imbalance_after: Option<f64>,
}

/// Make the plan for every quota type of `unit_types` (the analysis' unit × quota type table).
pub fn plan(unit_types: &DataFrame, params: &Params) -> Result<Plan, PlanError> {
    let p = &params.plan;
    validate(p)?;
    let mut findings = Vec::new();
    let rows = read_rows(unit_types, params, &mut findings)?;

    let mut seen = HashSet::new();
    for r in &rows {
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

    // Processing order: quota type, then unit name (the tie order), then department.
    let mut order: Vec<usize> = (0..rows.len()).collect();
    order.sort_by(|&a, &b| {
        let (ra, rb) = (&rows[a], &rows[b]);
        type_key(&ra.quota_type)
            .cmp(&type_key(&rb.quota_type))
            .then_with(|| ra.unit.cmp(&rb.unit))
            .then_with(|| ra.department.cmp(&rb.department))
    });
    let reserves = resolve_reserves(p, &rows, &mut findings);
    warn_unknown_frozen(p, &rows, &mut findings);

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

    let units = units_frame(&rows, &outs).map_err(polars_error)?;
    let transfers = transfers_frame(&rows, &outs, &lines).map_err(polars_error)?;
    let summary = summary_frame(&stats).map_err(polars_error)?;
    Ok(Plan {
        units,
        transfers,
        summary,
        findings,
    })
}

fn polars_error(e: PolarsError) -> PlanError {
    input_error(
        "plan_table",
        format!("生成方案表格时出错：{e}"),
        format!("could not build the plan's tables: {e}"),
    )
}

fn validate(p: &PlanParams) -> Result<(), PlanError> {
    let share = |name: &str, zh: &str, v: f64, max: Option<f64>| -> Result<(), PlanError> {
        let ok = v.is_finite() && v >= 0.0 && max.is_none_or(|m| v <= m);
        if ok {
            return Ok(());
        }
        let range_zh = if max.is_some() { "0 到 1 之间" } else { "不小于 0" };
        let range_en = if max.is_some() { "between 0 and 1" } else { "at least 0" };
        Err(params_error(
            format!("参数 plan.{name}（{zh}）应{range_zh}，当前为 {v}"),
            format!("plan.{name} must be {range_en}, got {v}"),
        ))
    };
    share("max_loss_share", "单轮减编比例上限", p.max_loss_share, Some(1.0))?;
    if let Some(g) = p.max_gain_share {
        share("max_gain_share", "单轮增编比例上限", g, None)?;
    }
    if let Some(c) = p.max_gain_count.filter(|&c| c < 0) {
        return Err(params_error(
            format!("参数 plan.max_gain_count（单轮增编数上限）不能为负数，当前为 {c}"),
            format!("plan.max_gain_count must not be negative, got {c}"),
        ));
    }
    for (name, zh, w) in [
        ("key_area_weight", "重点领域优先权重", p.key_area_weight),
        ("front_line_weight", "基层一线优先权重", p.front_line_weight),
    ] {
        if !(w.is_finite() && w > 0.0 && w <= 100.0) {
            return Err(params_error(
                format!("参数 plan.{name}（{zh}）应大于 0 且不超过 100，当前为 {w}"),
                format!("plan.{name} must be above 0 and at most 100, got {w}"),
            ));
        }
    }
    Ok(())
}

/// Known quota types in their canonical order, then any other name in text order.
fn type_key(name: &str) -> (usize, &str) {
    let pos = QuotaType::ALL
        .iter()
        .position(|q| q.canonical() == name)
        .unwrap_or(QuotaType::ALL.len());
    (pos, name)
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

fn warn_unknown_frozen(p: &PlanParams, rows: &[Row], findings: &mut Vec<Finding>) {
    let units: HashSet<&str> = rows.iter().map(|r| r.unit.as_str()).collect();
    let depts: HashSet<&str> = rows.iter().filter_map(|r| r.department.as_deref()).collect();
    for name in &p.frozen_units {
        if !units.contains(name.trim()) {
            findings.push(Finding::warning(
                "plan_frozen_unknown",
                here(),
                format!("冻结单位“{name}”在数据中不存在"),
                format!("frozen unit '{name}' is not in the data"),
            ));
        }
    }
    for name in &p.frozen_departments {
        if !depts.contains(name.trim()) {
            findings.push(Finding::warning(
                "plan_frozen_unknown",
                here(),
                format!("冻结主管部门“{name}”在数据中不存在"),
                format!("frozen department '{name}' is not in the data"),
            ));
        }
    }
}

/// A share read to six decimals, applied to a count and rounded down.
fn share_of(share: f64, count: i64) -> i64 {
    let ppm = (share * 1e6).round() as i128;
    (count as i128 * ppm / 1_000_000).min(i64::MAX as i128) as i64
}

/// A share as a percentage for messages: 0.2 → "20".
fn pct(share: f64) -> String {
    format!("{}", (share * 1e6).round() / 1e4)
}

/// Posts a workload of `required` people needs: rounded up, ignoring float noise below 10⁻⁹.
fn posts_needed(required: f64) -> i64 {
    (required - 1e-9).ceil().max(0.0) as i64
}

/// The larger weight of the tags a unit carries, 1 with none.
fn weight_of(row: &Row, p: &PlanParams) -> f64 {
    let tags = [
        row.key_area.then_some(p.key_area_weight),
        row.front_line.then_some(p.front_line_weight),
    ];
    tags.into_iter().flatten().reduce(f64::max).unwrap_or(1.0)
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

type TypeResult = Result<(Vec<Line>, TypeStats), Finding>;

/// Plan one quota type. The outer error stops the plan; the inner one is an infeasible type.
fn plan_type(
    rows: &[Row],
    group: &[usize],
    reserve: i64,
    p: &PlanParams,
    outs: &mut [Option<Out>],
    findings: &mut Vec<Finding>,
) -> Result<TypeResult, PlanError> {
    let t = rows[group[0]].quota_type.as_str();
    let t_en = type_en(t);
    let frozen_units: HashSet<&str> = p.frozen_units.iter().map(|s| s.trim()).collect();
    let frozen_depts: HashSet<&str> = p.frozen_departments.iter().map(|s| s.trim()).collect();

    let mut part: Vec<usize> = Vec::new();
    let mut no_survey: Vec<usize> = Vec::new();
    let mut unknown_staff: Vec<usize> = Vec::new();
    for &i in group {
        let r = &rows[i];
        let weight = weight_of(r, p);
        let need = r.required.map(|q| q * weight);
        let excluded = if frozen_units.contains(r.unit.as_str())
            || r.department.as_deref().is_some_and(|d| frozen_depts.contains(d))
        {
            Some(reasons::FROZEN)
        } else if r.flags.iter().any(|f| f == "not_in_staffing") {
            Some(reasons::NOT_IN_STAFFING)
        } else if !r.actual_known {
            // Which of its quotas are vacant is unknown: cutting them as if empty would be a guess.
            unknown_staff.push(i);
            Some(reasons::UNKNOWN_STAFF)
        } else if r.required.is_none() {
            no_survey.push(i);
            Some(reasons::NO_SURVEY)
        } else {
            None
        };
        if let Some(big) = need.filter(|&n| n > apportion::MAX_WEIGHT) {
            return Err(input_error(
                "plan_need_too_large",
                format!("单位“{}”的加权需求 {big} 过大，无法计算", r.unit),
                format!("unit '{}' has a weighted need of {big}, too large to plan", r.unit),
            ));
        }
        match excluded {
            Some(code) => {
                outs[i] = Some(Out {
                    weight: Some(weight),
                    need,
                    lower: r.approved,
                    upper: Some(r.approved),
                    target: r.approved,
                    bound: code,
                    reason: code.to_owned(),
                })
            }
            None => part.push(i),
        }
    }
    if !unknown_staff.is_empty() {
        findings.push(Finding::warning(
            "plan_unknown_staff",
            here(),
            format!(
                "{t}：{} 个单位的实有人数不明（{}），保持原核定编制，不参与调整",
                unknown_staff.len(),
                names_list(rows, &unknown_staff, Lang::Zh)
            ),
            format!(
                "{t_en}: {} units have no count of staff in post ({}): they keep their approved quota and stay out of the plan",
                unknown_staff.len(),
                names_list(rows, &unknown_staff, Lang::En)
            ),
        ));
    }
    if !no_survey.is_empty() {
        findings.push(Finding::warning(
            "plan_no_survey",
            here(),
            format!(
                "{t}：{} 个单位没有工作量调查（{}），保持原核定编制，不参与调整",
                no_survey.len(),
                names_list(rows, &no_survey, Lang::Zh)
            ),
            format!(
                "{t_en}: {} units have no survey ({}): they keep their approved quota and stay out of the plan",
                no_survey.len(),
                names_list(rows, &no_survey, Lang::En)
            ),
        ));
    }

    // Bounds of the units in the plan, each with the rule that set it. On equal floors the rule
    // reported is, in order: keep_incumbents, protect_need, max_loss; on equal caps protect_need.
    let mut lower = Vec::with_capacity(part.len());
    let mut lower_rule = Vec::with_capacity(part.len());
    let mut upper = Vec::with_capacity(part.len());
    let mut upper_rule = Vec::with_capacity(part.len());
    for &i in &part {
        let r = &rows[i];
        let (e, needed) = (r.approved, posts_needed(r.required.unwrap_or(0.0)));
        let mut floor = (e - share_of(p.max_loss_share, e), reasons::BOUND_MAX_LOSS);
        if p.protect_need && needed.min(e) >= floor.0 {
            floor = (needed.min(e), reasons::BOUND_NEED_FLOOR);
        }
        if p.keep_incumbents && r.actual.min(e) >= floor.0 {
            floor = (r.actual.min(e), reasons::BOUND_KEEP_INCUMBENTS);
        }
        let gain = match (p.max_gain_share, p.max_gain_count) {
            (None, None) => None,
            (share, count) => Some(
                share
                    .map(|s| share_of(s, e))
                    .unwrap_or(i64::MAX)
                    .min(count.unwrap_or(i64::MAX)),
            ),
        };
        let mut cap = gain.map(|g| e.saturating_add(g));
        let mut cap_rule = reasons::BOUND_MAX_GAIN;
        if p.protect_need && cap.is_none_or(|c| needed.max(e) <= c) {
            cap = Some(needed.max(e));
            cap_rule = reasons::BOUND_NEED_CAP;
        }
        lower.push(floor.0);
        lower_rule.push(floor.1);
        upper.push(cap);
        upper_rule.push(cap_rule);
    }
    let approved_part: i128 = part.iter().map(|&i| rows[i].approved as i128).sum();
    let seats = approved_part - reserve as i128;
    let lower_sum: i128 = lower.iter().map(|&l| l as i128).sum();
    let upper_sum: Option<i128> = upper.iter().map(|u| u.map(|u| u as i128)).sum();
    if part.is_empty() && reserve != 0 {
        return Ok(Err(Finding::error(
            "plan_infeasible",
            here(),
            format!("{t}：没有参与调整的单位（均冻结、无调查或不在编制表中），无法安排机动编制 {reserve} 名"),
            format!(
                "{t_en}: no unit is in the plan (all frozen, without survey or not in the staffing table), so a reserve of {reserve} cannot be met"
            ),
        )));
    }
    if seats < 0 {
        return Ok(Err(Finding::error(
            "plan_infeasible",
            here(),
            format!(
                "{t}：预留机动编制 {reserve} 名，超过参与调整单位的核定编制合计 {approved_part} 名，差 {} 名。请减少预留编制。",
                -seats
            ),
            format!(
                "{t_en}: the reserve of {reserve} exceeds the {approved_part} posts the units in the plan hold, by {}. Lower the reserve.",
                -seats
            ),
        )));
    }
    if lower_sum > seats {
        let gap = lower_sum - seats;
        let held = |rule| -> i128 {
            lower
                .iter()
                .zip(&lower_rule)
                .filter(|(_, r)| **r == rule)
                .map(|(&l, _)| l as i128)
                .sum()
        };
        let pc = pct(p.max_loss_share);
        let rules = [
            (
                reasons::BOUND_KEEP_INCUMBENTS,
                "“在编人员不减编”（keep_incumbents）".to_owned(),
                "keep_incumbents (staff in post)".to_owned(),
            ),
            (
                reasons::BOUND_NEED_FLOOR,
                "“不减工作量所需编制”（protect_need）".to_owned(),
                "protect_need (posts the workload needs)".to_owned(),
            ),
            (
                reasons::BOUND_MAX_LOSS,
                format!("“单轮减编不超过核定编制的 {pc}%”（max_loss_share）"),
                format!("max_loss_share ({pc}% per round)"),
            ),
        ];
        let (mut by_zh, mut by_en) = (Vec::new(), Vec::new());
        for (rule, zh, en) in rules {
            let n = held(rule);
            if n > 0 {
                by_zh.push(format!("{zh}{n} 名"));
                by_en.push(format!("{en} holds {n}"));
            }
        }
        let (by_zh, by_en) = (by_zh.join("、"), by_en.join(", "));
        return Ok(Err(Finding::error(
            "plan_infeasible",
            here(),
            format!(
                "{t}：预留机动编制 {reserve} 名后，可分配编制为 {seats} 名，比参与调整单位的下限合计 {lower_sum} 名少 {gap} 名。\
                 下限来自{by_zh}。请减少预留编制，或放宽上述约束。"
            ),
            format!(
                "{t_en}: after a reserve of {reserve}, the pool is {seats} posts, {gap} short of the {lower_sum} that the units' \
                 lower bounds hold: {by_en}. Lower the reserve or relax these bounds."
            ),
        )));
    }
    if let Some(upper_sum) = upper_sum.filter(|&u| u < seats) {
        let gap = seats - upper_sum;
        let capped = |rule| -> i128 {
            upper
                .iter()
                .zip(&upper_rule)
                .filter(|(_, r)| **r == rule)
                .map(|(u, _)| u.unwrap_or(0) as i128)
                .sum()
        };
        let (mut by_zh, mut by_en) = (Vec::new(), Vec::new());
        let gain = capped(reasons::BOUND_MAX_GAIN);
        if gain > 0 {
            by_zh.push(format!("“{}”{gain} 名", gain_limits(p, Lang::Zh)));
            by_en.push(format!("{} allows {gain}", gain_limits(p, Lang::En)));
        }
        let need = capped(reasons::BOUND_NEED_CAP);
        if need > 0 {
            by_zh.push(format!("“不超过工作量所需编制”（protect_need）{need} 名"));
            by_en.push(format!("protect_need (no more than the workload needs) allows {need}"));
        }
        let (by_zh, by_en) = (by_zh.join("、"), by_en.join(", "));
        return Ok(Err(Finding::error(
            "plan_infeasible",
            here(),
            format!(
                "{t}：动用机动编制 {} 名后，可分配编制为 {seats} 名，比参与调整单位的上限合计 {upper_sum} 名多 {gap} 名。\
                 上限来自{by_zh}。请少动用机动编制，或放宽上述约束。",
                -reserve
            ),
            format!(
                "{t_en}: after releasing {} reserve posts, the pool is {seats} posts, {gap} more than the {upper_sum} that the units' \
                 upper bounds allow: {by_en}. Release fewer posts or relax these bounds.",
                -reserve
            ),
        )));
    }

    // Apportion the pool among the units in the plan.
    let needs: Vec<f64> = part
        .iter()
        .map(|&i| rows[i].required.unwrap_or(0.0) * weight_of(&rows[i], p))
        .collect();
    let ups: Vec<i64> = upper.iter().map(|u| u.unwrap_or(i64::MAX)).collect();
    let seats_i64 = i64::try_from(seats).unwrap_or(i64::MAX);
    let result = apportion_detail(p.method, &needs, seats_i64, &lower, &ups).map_err(|e| {
        input_error(
            "plan_apportion",
            format!("{t}：无法分配编制：{e}"),
            format!("{t_en}: cannot apportion: {e}"),
        )
    })?;

    let mut donors = Vec::new();
    let mut recipients = Vec::new();
    let mut cut_staffed = Vec::new();
    for (k, &i) in part.iter().enumerate() {
        let r = &rows[i];
        let target = result.seats[k];
        let bound = match result.binding[k] {
            Binding::Free => reasons::BOUND_NONE,
            Binding::Lower => lower_rule[k],
            Binding::Upper => upper_rule[k],
        };
        let change = target - r.approved;
        let reason = if change < 0 {
            donors.push(Party {
                row: i,
                department: r.department.as_deref(),
                amount: -change,
            });
            if target < r.actual {
                cut_staffed.push(i);
            }
            donor_reason(r, target)
        } else if change > 0 {
            recipients.push(Party {
                row: i,
                department: r.department.as_deref(),
                amount: change,
            });
            recipient_reason(r)
        } else {
            reasons::UNCHANGED.to_owned()
        };
        outs[i] = Some(Out {
            weight: Some(weight_of(r, p)),
            need: Some(needs[k]),
            lower: lower[k],
            upper: upper[k],
            target,
            bound,
            reason,
        });
    }
    if !cut_staffed.is_empty() {
        let people: i64 = cut_staffed
            .iter()
            .map(|&i| rows[i].actual - outs[i].as_ref().map_or(0, |o| o.target))
            .sum();
        findings.push(Finding::warning(
            "plan_cut_staffed",
            here(),
            format!(
                "{t}：{} 个单位（{}）的方案编制数低于实有人数，共需分流 {people} 人",
                cut_staffed.len(),
                names_list(rows, &cut_staffed, Lang::Zh)
            ),
            format!(
                "{t_en}: {} units ({}) get a target below their staff in post: {people} people to place elsewhere",
                cut_staffed.len(),
                names_list(rows, &cut_staffed, Lang::En)
            ),
        ));
    }
    let lines = transfers::pair(&donors, &recipients, reserve);

    let s = type_stats(rows, group, outs, reserve, part.len(), &donors, &recipients, &lines);
    let inside: i64 = lines
        .iter()
        .filter(|l| same_department(rows, l) == Some(true))
        .map(|l| l.count)
        .sum();
    findings.push(Finding::info(
        "plan_type_summary",
        here(),
        format!(
            "{t}：{} 个单位参与调整，可分配编制 {} 名，调剂 {} 名（系统内 {inside} 名），{} 个单位调出、{} 个单位调入",
            s.units_planned, seats, s.moved, s.giving, s.receiving
        ),
        format!(
            "{t_en}: {} units in the plan, a pool of {} posts, {} moved ({inside} inside a department), {} units give and {} receive",
            s.units_planned, seats, s.moved, s.giving, s.receiving
        ),
    ));
    Ok(Ok((lines, s)))
}

fn gain_limits(p: &PlanParams, lang: Lang) -> String {
    let mut parts = Vec::new();
    if let Some(s) = p.max_gain_share {
        parts.push(match lang {
            Lang::Zh => format!("单轮增编不超过核定编制的 {}%（max_gain_share）", pct(s)),
            Lang::En => format!("max_gain_share {}% per round", pct(s)),
        });
    }
    if let Some(c) = p.max_gain_count {
        parts.push(match lang {
            Lang::Zh => format!("单轮增编不超过 {c} 名（max_gain_count）"),
            Lang::En => format!("max_gain_count {c} per round"),
        });
    }
    parts.join(match lang {
        Lang::Zh => "、",
        Lang::En => ", ",
    })
}

/// Why a donor gives: what it gives (vacant posts or posts of people in post), then why.
fn donor_reason(r: &Row, target: i64) -> String {
    let mut codes = vec![if target >= r.actual {
        reasons::VACANT
    } else {
        reasons::CUT_STAFFED
    }];
    for (flag, code) in [
        ("long_idle", reasons::LONG_IDLE),
        ("shrinking_work", reasons::SHRINKING_WORK),
        ("low_efficiency", reasons::LOW_EFFICIENCY),
    ] {
        if r.flags.iter().any(|f| f == flag) {
            codes.push(code);
        }
    }
    if matches!(r.band, Band::SevereUnder | Band::Under) {
        codes.push(reasons::UNDERLOADED);
    }
    if codes.len() == 1 {
        let above = r.required.is_some_and(|q| q < r.approved as f64);
        codes.push(if above {
            reasons::QUOTA_ABOVE_NEED
        } else {
            reasons::PROPORTIONAL
        });
    }
    codes.join(";")
}

/// Why a recipient receives: its priority tags, then its load.
fn recipient_reason(r: &Row) -> String {
    let mut codes = Vec::new();
    if r.key_area {
        codes.push(reasons::KEY_AREA);
    }
    if r.front_line {
        codes.push(reasons::FRONT_LINE);
    }
    if matches!(r.band, Band::Over | Band::SevereOver) {
        codes.push(reasons::OVERLOADED);
    } else if r.required.is_some_and(|q| q > r.approved as f64) {
        codes.push(reasons::SHORTAGE);
    }
    if codes.is_empty() {
        codes.push(reasons::PROPORTIONAL);
    }
    codes.join(";")
}

fn same_department(rows: &[Row], l: &Line) -> Option<bool> {
    let (from, to) = (l.from?, l.to?);
    Some(rows[from].department.is_some() && rows[from].department == rows[to].department)
}

#[allow(clippy::too_many_arguments)]
fn type_stats(
    rows: &[Row],
    group: &[usize],
    outs: &[Option<Out>],
    reserve: i64,
    planned: usize,
    donors: &[Party<'_>],
    recipients: &[Party<'_>],
    lines: &[Line],
) -> TypeStats {
    let out = |i: usize| outs[i].as_ref().expect("planned before the summary");
    let surveyed: Vec<usize> = group.iter().copied().filter(|&i| rows[i].required.is_some()).collect();
    let required: f64 = surveyed.iter().map(|&i| rows[i].required.unwrap_or(0.0)).sum();
    let covered = |quota: &dyn Fn(usize) -> i64| -> f64 {
        surveyed
            .iter()
            .map(|&i| rows[i].required.unwrap_or(0.0).min(quota(i) as f64))
            .sum()
    };
    let imbalance = |quota: &dyn Fn(usize) -> i64| -> Option<f64> {
        let q_sum: i64 = surveyed.iter().map(|&i| quota(i)).sum();
        let n_sum: f64 = surveyed.iter().map(|&i| out(i).need.unwrap_or(0.0)).sum();
        if q_sum <= 0 || n_sum <= 0.0 || !n_sum.is_finite() {
            return None;
        }
        let d: f64 = surveyed
            .iter()
            .map(|&i| (quota(i) as f64 / q_sum as f64 - out(i).need.unwrap_or(0.0) / n_sum).abs())
            .sum();
        Some(d / 2.0)
    };
    let before = |i: usize| rows[i].approved;
    let after = |i: usize| out(i).target;
    TypeStats {
        quota_type: rows[group[0]].quota_type.clone(),
        units: group.len() as i64,
        units_planned: planned as i64,
        approved: group.iter().map(|&i| rows[i].approved).sum(),
        required: (!surveyed.is_empty()).then_some(required),
        reserve,
        moved: lines.iter().filter(|l| l.to.is_some()).map(|l| l.count).sum(),
        giving: donors.len() as i64,
        receiving: recipients.len() as i64,
        covered_before: covered(&before),
        covered_after: covered(&after),
        quota_before: surveyed.iter().map(|&i| before(i)).sum(),
        quota_after: surveyed.iter().map(|&i| after(i)).sum(),
        imbalance_before: imbalance(&before),
        imbalance_after: imbalance(&after),
    }
}

fn read_rows(df: &DataFrame, params: &Params, findings: &mut Vec<Finding>) -> Result<Vec<Row>, PlanError> {
    let get = |name: &str, dtype: DataType, needed: bool| -> Result<Option<Column>, PlanError> {
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
    };
    let n = df.height();
    let strings = |c: Option<Column>| -> Result<Vec<Option<String>>, PolarsError> {
        match c {
            Some(c) => Ok(c.str()?.iter().map(|s| s.map(str::to_owned)).collect()),
            None => Ok(vec![None; n]),
        }
    };
    let ints = |c: Option<Column>| -> Result<Vec<Option<i64>>, PolarsError> {
        match c {
            Some(c) => Ok(c.i64()?.iter().collect()),
            None => Ok(vec![None; n]),
        }
    };
    let floats = |c: Option<Column>| -> Result<Vec<Option<f64>>, PolarsError> {
        match c {
            Some(c) => Ok(c.f64()?.iter().collect()),
            None => Ok(vec![None; n]),
        }
    };
    let bools = |c: Option<Column>| -> Result<Vec<Option<bool>>, PolarsError> {
        match c {
            Some(c) => Ok(c.bool()?.iter().collect()),
            None => Ok(vec![None; n]),
        }
    };
    let unit = strings(get(mcol::UNIT, DataType::String, true)?).map_err(polars_error)?;
    let quota_type = strings(get(mcol::QUOTA_TYPE, DataType::String, true)?).map_err(polars_error)?;
    let approved = ints(get(mcol::APPROVED, DataType::Int64, true)?).map_err(polars_error)?;
    let actual = ints(get(mcol::ACTUAL, DataType::Int64, true)?).map_err(polars_error)?;
    let required = floats(get(mcol::REQUIRED, DataType::Float64, true)?).map_err(polars_error)?;
    let department = strings(get(mcol::DEPARTMENT, DataType::String, false)?).map_err(polars_error)?;
    let saturation = floats(get(mcol::SATURATION, DataType::Float64, false)?).map_err(polars_error)?;
    let band = strings(get(mcol::BAND, DataType::String, false)?).map_err(polars_error)?;
    let key_area = bools(get(mcol::KEY_AREA, DataType::Boolean, false)?).map_err(polars_error)?;
    let front_line = bools(get(mcol::FRONT_LINE, DataType::Boolean, false)?).map_err(polars_error)?;
    let flags = strings(get(mcol::FLAGS, DataType::String, false)?).map_err(polars_error)?;

    let mut rows = Vec::with_capacity(n);
    let mut bad_required = Vec::new();
    let mut unknown_quota = Vec::new();
    for i in 0..n {
        let Some(name) = unit[i].as_deref().map(str::trim).filter(|s| !s.is_empty()) else {
            return Err(input_error(
                "plan_unit_missing",
                format!("单位表第 {} 行没有单位名称", i + 1),
                format!("row {} of the unit table has no unit name", i + 1),
            ));
        };
        // A quota nobody gave is neither in the pool nor a target: the unit stays out.
        let Some(e) = approved[i] else {
            unknown_quota.push(name.to_owned());
            continue;
        };
        let a = actual[i].unwrap_or(0);
        if e < 0 || a < 0 {
            return Err(input_error(
                "plan_negative_count",
                format!("单位“{name}”的核定编制数或实有人数为负数（{e}、{a}）"),
                format!("unit '{name}' has a negative approved quota or staff count ({e}, {a})"),
            ));
        }
        // A required staff that is not a number or negative cannot be planned on: no survey.
        let req = match required[i] {
            Some(q) if q.is_finite() && q >= 0.0 => Some(q),
            Some(_) => {
                bad_required.push(name.to_owned());
                None
            }
            None => None,
        };
        let sat = saturation[i].filter(|s| s.is_finite());
        let band = match band[i].as_deref() {
            Some(code) => Band::from_code(code),
            None => params.bands.classify(sat),
        };
        rows.push(Row {
            unit: name.to_owned(),
            department: department[i]
                .as_deref()
                .map(str::trim)
                .filter(|d| !d.is_empty())
                .map(str::to_owned),
            quota_type: quota_type[i]
                .as_deref()
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .unwrap_or(QuotaType::Unspecified.canonical())
                .to_owned(),
            approved: e,
            actual: a,
            actual_known: actual[i].is_some(),
            required: req,
            saturation: sat,
            band,
            key_area: key_area[i].unwrap_or(false),
            front_line: front_line[i].unwrap_or(false),
            flags: flags[i]
                .as_deref()
                .unwrap_or("")
                .split(';')
                .map(str::trim)
                .filter(|f| !f.is_empty())
                .map(str::to_owned)
                .collect(),
        });
    }
    if !unknown_quota.is_empty() {
        findings.push(Finding::warning(
            "plan_unknown_quota",
            here(),
            format!(
                "{} 个单位的核定编制数不明（{}），不在编制总量之内，也不参与调整",
                unknown_quota.len(),
                unknown_quota.join("、")
            ),
            format!(
                "{} units have no approved quota ({}): they are outside the pool and the plan",
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
    Ok(rows)
}

/// Output order: quota type, department (units without one last), unit.
fn output_order(rows: &[Row]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..rows.len()).collect();
    order.sort_by(|&a, &b| {
        let (ra, rb) = (&rows[a], &rows[b]);
        type_key(&ra.quota_type)
            .cmp(&type_key(&rb.quota_type))
            .then_with(|| ra.department.is_none().cmp(&rb.department.is_none()))
            .then_with(|| ra.department.cmp(&rb.department))
            .then_with(|| ra.unit.cmp(&rb.unit))
    });
    order
}

fn column<T, P: ?Sized>(name: &str, values: T) -> Column
where
    Series: NamedFrom<T, P>,
{
    Column::new(name.into(), values)
}

fn units_frame(rows: &[Row], outs: &[Out]) -> PolarsResult<DataFrame> {
    let order = output_order(rows);
    let r = |f: &dyn Fn(&Row, &Out) -> Option<String>| -> Vec<Option<String>> {
        order.iter().map(|&i| f(&rows[i], &outs[i])).collect()
    };
    let int = |f: &dyn Fn(&Row, &Out) -> Option<i64>| -> Vec<Option<i64>> {
        order.iter().map(|&i| f(&rows[i], &outs[i])).collect()
    };
    let float = |f: &dyn Fn(&Row, &Out) -> Option<f64>| -> Vec<Option<f64>> {
        order
            .iter()
            .map(|&i| f(&rows[i], &outs[i]).filter(|v| v.is_finite()))
            .collect()
    };
    let columns = vec![
        column(mcol::UNIT, r(&|row, _| Some(row.unit.clone()))),
        column(mcol::DEPARTMENT, r(&|row, _| row.department.clone())),
        column(mcol::QUOTA_TYPE, r(&|row, _| Some(row.quota_type.clone()))),
        column(mcol::APPROVED, int(&|row, _| Some(row.approved))),
        column(mcol::ACTUAL, int(&|row, _| row.actual_known.then_some(row.actual))),
        column(mcol::REQUIRED, float(&|row, _| row.required)),
        column(mcol::SATURATION, float(&|row, _| row.saturation)),
        column(col::WEIGHT, float(&|_, o| o.weight)),
        column(col::NEED, float(&|_, o| o.need)),
        column(col::LOWER, int(&|_, o| Some(o.lower))),
        column(col::UPPER, int(&|_, o| o.upper)),
        column(col::TARGET, int(&|_, o| Some(o.target))),
        column(col::CHANGE, int(&|row, o| Some(o.target - row.approved))),
        column(col::BOUND, r(&|_, o| Some(o.bound.to_owned()))),
        column(
            col::BOUND_LABEL,
            r(&|_, o| Some(reasons::label(o.bound, Lang::Zh).to_owned())),
        ),
        column(col::REASON, r(&|_, o| Some(o.reason.clone()))),
        column(col::REASON_LABEL, r(&|_, o| Some(reasons::labels(&o.reason, Lang::Zh)))),
        column(
            col::SATURATION_AFTER,
            float(&|row, o| row.required.filter(|_| o.target > 0).map(|q| q / o.target as f64)),
        ),
    ];
    DataFrame::new(order.len(), columns)
}

fn transfers_frame(rows: &[Row], outs: &[Out], lines: &[(usize, Line)]) -> PolarsResult<DataFrame> {
    let unit = |i: Option<usize>| i.map(|i| rows[i].unit.clone());
    let dept = |i: Option<usize>| i.and_then(|i| rows[i].department.clone());
    let from_reason = |l: &Line| match l.from {
        Some(i) => outs[i].reason.clone(),
        None => reasons::FROM_RESERVE.to_owned(),
    };
    let to_reason = |l: &Line| match l.to {
        Some(i) => outs[i].reason.clone(),
        None => reasons::TO_RESERVE.to_owned(),
    };
    let columns = vec![
        column(
            mcol::QUOTA_TYPE,
            lines
                .iter()
                .map(|(g, _)| rows[*g].quota_type.clone())
                .collect::<Vec<_>>(),
        ),
        column(
            col::FROM_UNIT,
            lines.iter().map(|(_, l)| unit(l.from)).collect::<Vec<_>>(),
        ),
        column(
            col::FROM_DEPARTMENT,
            lines.iter().map(|(_, l)| dept(l.from)).collect::<Vec<_>>(),
        ),
        column(col::TO_UNIT, lines.iter().map(|(_, l)| unit(l.to)).collect::<Vec<_>>()),
        column(
            col::TO_DEPARTMENT,
            lines.iter().map(|(_, l)| dept(l.to)).collect::<Vec<_>>(),
        ),
        column(col::POSTS, lines.iter().map(|(_, l)| l.count).collect::<Vec<_>>()),
        column(
            col::SAME_DEPARTMENT,
            lines.iter().map(|(_, l)| same_department(rows, l)).collect::<Vec<_>>(),
        ),
        column(
            col::FROM_REASON,
            lines.iter().map(|(_, l)| from_reason(l)).collect::<Vec<_>>(),
        ),
        column(
            col::FROM_REASON_LABEL,
            lines
                .iter()
                .map(|(_, l)| reasons::labels(&from_reason(l), Lang::Zh))
                .collect::<Vec<_>>(),
        ),
        column(
            col::TO_REASON,
            lines.iter().map(|(_, l)| to_reason(l)).collect::<Vec<_>>(),
        ),
        column(
            col::TO_REASON_LABEL,
            lines
                .iter()
                .map(|(_, l)| reasons::labels(&to_reason(l), Lang::Zh))
                .collect::<Vec<_>>(),
        ),
    ];
    DataFrame::new(lines.len(), columns)
}

fn summary_frame(stats: &[TypeStats]) -> PolarsResult<DataFrame> {
    let ratio = |num: f64, den: f64| (den > 0.0 && den.is_finite()).then(|| num / den);
    let mut rows: Vec<(String, TypeStats, Option<f64>, Option<f64>)> = stats
        .iter()
        .map(|s| {
            let req = s.required.unwrap_or(0.0);
            (
                s.quota_type.clone(),
                s.clone(),
                ratio(s.covered_before, req),
                ratio(s.covered_after, req),
            )
        })
        .collect();
    // The overall row: sums, need met over all types, imbalance weighted by each type's posts.
    let total_required: Option<f64> = stats.iter().filter_map(|s| s.required).reduce(|a, b| a + b);
    let weighted = |f: &dyn Fn(&TypeStats) -> (Option<f64>, i64)| -> Option<f64> {
        let (num, den) = stats.iter().fold((0.0, 0i64), |(num, den), s| match f(s) {
            (Some(d), q) => (num + d * q as f64, den + q),
            (None, _) => (num, den),
        });
        ratio(num, den as f64)
    };
    let all = TypeStats {
        quota_type: ALL_TYPES.to_owned(),
        units: stats.iter().map(|s| s.units).sum(),
        units_planned: stats.iter().map(|s| s.units_planned).sum(),
        approved: stats.iter().map(|s| s.approved).sum(),
        required: total_required,
        reserve: stats.iter().map(|s| s.reserve).sum(),
        moved: stats.iter().map(|s| s.moved).sum(),
        giving: stats.iter().map(|s| s.giving).sum(),
        receiving: stats.iter().map(|s| s.receiving).sum(),
        imbalance_before: weighted(&|s| (s.imbalance_before, s.quota_before)),
        imbalance_after: weighted(&|s| (s.imbalance_after, s.quota_after)),
        ..TypeStats::default()
    };
    let covered_before: f64 = stats.iter().map(|s| s.covered_before).sum();
    let covered_after: f64 = stats.iter().map(|s| s.covered_after).sum();
    let req = total_required.unwrap_or(0.0);
    rows.push((
        ALL_TYPES.to_owned(),
        all,
        ratio(covered_before, req),
        ratio(covered_after, req),
    ));
    let finite = |v: Option<f64>| v.filter(|x| x.is_finite());
    let columns = vec![
        column(mcol::QUOTA_TYPE, rows.iter().map(|r| r.0.clone()).collect::<Vec<_>>()),
        column(mcol::UNITS, rows.iter().map(|r| r.1.units).collect::<Vec<_>>()),
        column(
            col::UNITS_PLANNED,
            rows.iter().map(|r| r.1.units_planned).collect::<Vec<_>>(),
        ),
        column(mcol::APPROVED, rows.iter().map(|r| r.1.approved).collect::<Vec<_>>()),
        column(
            mcol::REQUIRED,
            rows.iter().map(|r| finite(r.1.required)).collect::<Vec<_>>(),
        ),
        column(col::RESERVE, rows.iter().map(|r| r.1.reserve).collect::<Vec<_>>()),
        column(
            col::POOL,
            rows.iter().map(|r| r.1.approved - r.1.reserve).collect::<Vec<_>>(),
        ),
        column(col::MOVED, rows.iter().map(|r| r.1.moved).collect::<Vec<_>>()),
        column(col::UNITS_GIVING, rows.iter().map(|r| r.1.giving).collect::<Vec<_>>()),
        column(
            col::UNITS_RECEIVING,
            rows.iter().map(|r| r.1.receiving).collect::<Vec<_>>(),
        ),
        column(
            col::NEED_MET_BEFORE,
            rows.iter().map(|r| finite(r.2)).collect::<Vec<_>>(),
        ),
        column(
            col::NEED_MET_AFTER,
            rows.iter().map(|r| finite(r.3)).collect::<Vec<_>>(),
        ),
        column(
            col::IMBALANCE_BEFORE,
            rows.iter().map(|r| finite(r.1.imbalance_before)).collect::<Vec<_>>(),
        ),
        column(
            col::IMBALANCE_AFTER,
            rows.iter().map(|r| finite(r.1.imbalance_after)).collect::<Vec<_>>(),
        ),
    ];
    DataFrame::new(rows.len(), columns)
}

/// A copy of the plan for display or export in `lang`: the `*_label` columns in that language and,
/// in English, the quota types by their English names. The codes are kept as they are. Compare
/// and test on the plan itself, not on this copy.
pub fn localize(plan: &Plan, lang: Lang) -> Plan {
    let relabel = |df: &DataFrame, pairs: &[(&str, &str)]| -> DataFrame {
        let mut out = df.clone();
        for (code_col, label_col) in pairs {
            let Ok(codes) = df.column(code_col).and_then(|c| c.str().cloned()) else {
                continue;
            };
            let labels: Vec<Option<String>> = codes.iter().map(|c| c.map(|c| reasons::labels(c, lang))).collect();
            let _ = out.with_column(column(label_col, labels));
        }
        if lang == Lang::En
            && let Ok(types) = df.column(mcol::QUOTA_TYPE).and_then(|c| c.str().cloned())
        {
            let names: Vec<Option<String>> = types.iter().map(|t| t.map(|t| type_en(t).to_owned())).collect();
            let _ = out.with_column(column(mcol::QUOTA_TYPE, names));
        }
        out
    };
    Plan {
        units: relabel(
            &plan.units,
            &[(col::BOUND, col::BOUND_LABEL), (col::REASON, col::REASON_LABEL)],
        ),
        transfers: relabel(
            &plan.transfers,
            &[
                (col::FROM_REASON, col::FROM_REASON_LABEL),
                (col::TO_REASON, col::TO_REASON_LABEL),
            ],
        ),
        summary: relabel(&plan.summary, &[]),
        findings: plan.findings.clone(),
    }
}

/// The conservation of the total, per quota type in the order of the summary (the overall row
/// [`ALL_TYPES`] last): approved quota before, Σ targets after and the office reserve, so that
/// `approved = target + reserve` can be read off the table.
pub fn totals(plan: &Plan) -> PolarsResult<DataFrame> {
    let sums = [
        col(mcol::APPROVED).sum().cast(DataType::Int64).alias(mcol::APPROVED),
        col(col::TARGET).sum().cast(DataType::Int64).alias(col::TARGET),
    ];
    let units = plan.units.clone().lazy();
    let by_type = units.clone().group_by([col(mcol::QUOTA_TYPE)]).agg(sums.clone());
    let all = units
        .select(sums)
        .with_columns([lit(ALL_TYPES).alias(mcol::QUOTA_TYPE)]);
    let sums = concat(
        [
            by_type.select([col(mcol::QUOTA_TYPE), col(mcol::APPROVED), col(col::TARGET)]),
            all.select([col(mcol::QUOTA_TYPE), col(mcol::APPROVED), col(col::TARGET)]),
        ],
        UnionArgs::default(),
    )?;
    plan.summary
        .clone()
        .lazy()
        .select([col(mcol::QUOTA_TYPE), col(col::RESERVE)])
        .join(
            sums,
            [col(mcol::QUOTA_TYPE)],
            [col(mcol::QUOTA_TYPE)],
            JoinArgs {
                maintain_order: MaintainOrderJoin::Left,
                ..JoinArgs::new(JoinType::Left)
            },
        )
        .select([
            col(mcol::QUOTA_TYPE),
            col(mcol::APPROVED),
            col(col::TARGET),
            col(col::RESERVE),
        ])
        .collect()
}

/// Two scenarios side by side, per unit × quota type: approved, target under `a`, under `b`, and
/// the difference `b − a`. A unit in only one plan has a null target in the other (and a null
/// difference).
pub fn compare(a: &Plan, b: &Plan) -> DataFrame {
    type Entry = (Option<String>, Option<i64>, Option<i64>, Option<i64>); // dept, approved, a, b
    let mut entries: BTreeMap<(String, String), Entry> = BTreeMap::new();
    for (side, plan) in [(0, a), (1, b)] {
        for (unit, dept, t, approved, target) in read_targets(&plan.units) {
            let e = entries.entry((t, unit)).or_insert((None, None, None, None));
            e.0 = e.0.take().or(dept);
            e.1 = e.1.or(approved);
            if side == 0 {
                e.2 = target;
            } else {
                e.3 = target;
            }
        }
    }
    let mut keys: Vec<&(String, String)> = entries.keys().collect();
    keys.sort_by(|x, y| {
        let (dx, dy) = (&entries[*x].0, &entries[*y].0);
        type_key(&x.0)
            .cmp(&type_key(&y.0))
            .then_with(|| dx.is_none().cmp(&dy.is_none()))
            .then_with(|| dx.cmp(dy))
            .then_with(|| x.1.cmp(&y.1))
    });
    let columns = vec![
        column(mcol::UNIT, keys.iter().map(|k| k.1.clone()).collect::<Vec<_>>()),
        column(
            mcol::DEPARTMENT,
            keys.iter().map(|k| entries[*k].0.clone()).collect::<Vec<_>>(),
        ),
        column(mcol::QUOTA_TYPE, keys.iter().map(|k| k.0.clone()).collect::<Vec<_>>()),
        column(mcol::APPROVED, keys.iter().map(|k| entries[*k].1).collect::<Vec<_>>()),
        column(col::TARGET_A, keys.iter().map(|k| entries[*k].2).collect::<Vec<_>>()),
        column(col::TARGET_B, keys.iter().map(|k| entries[*k].3).collect::<Vec<_>>()),
        column(
            col::DIFFERENCE,
            keys.iter()
                .map(|k| {
                    let e = &entries[*k];
                    Some(e.3? - e.2?)
                })
                .collect::<Vec<_>>(),
        ),
    ];
    DataFrame::new(keys.len(), columns).unwrap_or_default()
}

type TargetRow = (String, Option<String>, String, Option<i64>, Option<i64>);

/// (unit, department, quota type, approved, target) of a plan's units table; empty if unreadable.
fn read_targets(units: &DataFrame) -> Vec<TargetRow> {
    let read = || -> PolarsResult<Vec<TargetRow>> {
        let unit = units.column(mcol::UNIT)?.str()?.clone();
        let dept = units.column(mcol::DEPARTMENT)?.str()?.clone();
        let t = units.column(mcol::QUOTA_TYPE)?.str()?.clone();
        let approved = units.column(mcol::APPROVED)?.i64()?.clone();
        let target = units.column(col::TARGET)?.i64()?.clone();
        Ok((0..units.height())
            .filter_map(|i| {
                Some((
                    unit.get(i)?.to_owned(),
                    dept.get(i).map(str::to_owned),
                    t.get(i)?.to_owned(),
                    approved.get(i),
                    target.get(i),
                ))
            })
            .collect())
    };
    read().unwrap_or_default()
}
