//! Scenarios side by side: each one's analysis and plan, and the tables that compare them —
//! per unit × quota type the approved quota and each scenario's target and saturation after;
//! per scenario and quota type the need met and the imbalance before and after; every
//! scenario's transfers. Column headers carry the scenario names, in the report's language.

use super::{Scenario, ScenarioError, apply};
use crate::Params;
use crate::analysis::{Analysis, analyze};
use crate::ingest::Inputs;
use crate::model::Sheet;
use crate::model::{Lang, col as mcol, plan::col};
use crate::plan::{Plan, PlanError};
use polars::prelude::*;

/// One scenario computed.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub name: String,
    pub analysis: Analysis,
    pub plan: Result<Plan, PlanError>,
}

/// `scenario` (read from `file`) laid on `inputs`, analysed and planned. A scenario that
/// changes only the planner's rules plans on `base` (the analysis of `inputs` under
/// `base_params`) instead of analysing again.
pub fn run(
    inputs: &Inputs,
    base: (&Analysis, &Params),
    scenario: &Scenario,
    file: &str,
) -> Result<Outcome, ScenarioError> {
    let same_figures = scenario.changes.is_empty() && {
        let mut rules_only = scenario.params.clone();
        rules_only.plan = base.1.plan.clone();
        rules_only == *base.1
    };
    let analysis = if same_figures {
        base.0.clone()
    } else {
        let changed = apply(inputs, &scenario.changes, file)?;
        analyze(&changed, &scenario.params).map_err(|e| ScenarioError::at(file, None, e.to_string(), e.to_string()))?
    };
    let plan = crate::plan::plan(&analysis.unit_types, &scenario.params);
    Ok(Outcome {
        name: scenario.name.clone(),
        analysis,
        plan,
    })
}

fn named(column: &str, scenario: &str, lang: Lang) -> String {
    format!(
        "{}{}",
        crate::i18n::column(column, lang),
        lang.pick(format!("（{scenario}）"), format!(" ({scenario})"))
    )
}

/// Per unit × quota type: unit, department, quota type, approved, and for each scenario with a
/// plan its target and saturation after (a scenario without a plan is left out, and said).
pub fn side_by_side(outcomes: &[Outcome], lang: Lang) -> PolarsResult<DataFrame> {
    let key = [col(mcol::UNIT), col(mcol::QUOTA_TYPE)];
    let mut table: Option<LazyFrame> = None;
    for o in outcomes {
        let Ok(plan) = &o.plan else { continue };
        let this = plan.units.clone().lazy().select([
            col(mcol::UNIT),
            col(mcol::QUOTA_TYPE),
            col(mcol::DEPARTMENT),
            col(mcol::APPROVED),
            col(col::TARGET).alias(named(col::TARGET, &o.name, lang)),
            col(col::SATURATION_AFTER).alias(named(col::SATURATION_AFTER, &o.name, lang)),
        ]);
        table = Some(match table {
            None => this,
            Some(t) => t.join(
                this.drop(by_name([mcol::DEPARTMENT, mcol::APPROVED], true, false)),
                key.clone(),
                key.clone(),
                JoinArgs {
                    maintain_order: MaintainOrderJoin::Left,
                    ..JoinArgs::new(JoinType::Full).with_coalesce(JoinCoalesce::CoalesceColumns)
                },
            ),
        });
    }
    match table {
        Some(t) => t.collect(),
        None => Ok(DataFrame::empty()),
    }
}

/// Per scenario and quota type: the plan summary's need met and imbalance, before and after,
/// and the posts moved.
pub fn effects(outcomes: &[Outcome], lang: Lang) -> PolarsResult<DataFrame> {
    let scenario = lang.pick("方案", "Scenario");
    let frames: Vec<LazyFrame> = outcomes
        .iter()
        .filter_map(|o| o.plan.as_ref().ok().map(|p| (o, p)))
        .map(|(o, p)| {
            p.summary.clone().lazy().select([
                lit(o.name.clone()).alias(scenario),
                col(mcol::QUOTA_TYPE),
                col(col::MOVED),
                col(col::NEED_MET_BEFORE),
                col(col::NEED_MET_AFTER),
                col(col::IMBALANCE_BEFORE),
                col(col::IMBALANCE_AFTER),
            ])
        })
        .collect();
    if frames.is_empty() {
        return Ok(DataFrame::empty());
    }
    concat(frames, UnionArgs::default())?.collect()
}

/// Every scenario's transfers, each row with its scenario's name.
pub fn transfers(outcomes: &[Outcome], lang: Lang) -> PolarsResult<DataFrame> {
    let scenario = lang.pick("方案", "Scenario");
    let frames: Vec<LazyFrame> = outcomes
        .iter()
        .filter_map(|o| o.plan.as_ref().ok().map(|p| (o, p)))
        .map(|(o, p)| {
            p.transfers
                .clone()
                .lazy()
                .with_columns([lit(o.name.clone()).alias(scenario)])
                .select([col(scenario), all().exclude_cols([scenario]).as_expr()])
        })
        .collect();
    if frames.is_empty() {
        return Ok(DataFrame::empty());
    }
    concat(frames, UnionArgs::default())?.collect()
}

/// The base and every scenario computed, and the three sheets that compare them.
#[derive(Debug, Clone)]
pub struct Comparison {
    /// The base (named for the current rules) first, then each scenario, every name told apart.
    pub outcomes: Vec<Outcome>,
    /// 方案比较, 方案效果, 方案调整明细: in the language asked for.
    pub sheets: Vec<(Sheet, DataFrame)>,
    /// The scenarios that could not be planned (left out of the sheets), by name.
    pub left_out: Vec<String>,
    /// The scenarios whose changes could not be made (left out of everything), by name, with
    /// why.
    pub failed: Vec<(String, ScenarioError)>,
}

/// The name the current rules go by among the scenarios.
pub fn base_name(lang: Lang) -> &'static str {
    lang.pick("现行规则", "current rules")
}

/// The base (`base`: the analysis of `inputs` under its parameters) and each scenario (with
/// the file it was read from) computed, and compared in `lang`. Two scenarios of one name
/// would share their columns: the later is numbered. A scenario whose changes cannot be made
/// is left out and named in [`Comparison::failed`]; the others are still compared.
pub fn compare(
    inputs: &Inputs,
    base: (&Analysis, &Params),
    scenarios: &[(Scenario, String)],
    lang: Lang,
) -> Result<Comparison, ScenarioError> {
    let mut outcomes = vec![Outcome {
        name: base_name(lang).to_owned(),
        analysis: base.0.clone(),
        plan: crate::plan::plan(&base.0.unit_types, base.1),
    }];
    let mut failed = Vec::new();
    for (s, file) in scenarios {
        match super::check(s, file).and_then(|()| run(inputs, base, s, file)) {
            Ok(mut o) => {
                o.name = free_name(&outcomes, &o.name);
                outcomes.push(o);
            }
            Err(e) => failed.push((s.name.clone(), e)),
        }
    }
    let sheets = sheets(&outcomes, lang).map_err(|e| ScenarioError {
        zh: e.to_string(),
        en: e.to_string(),
    })?;
    let left_out = outcomes
        .iter()
        .filter(|o| o.plan.is_err())
        .map(|o| o.name.clone())
        .collect();
    Ok(Comparison {
        outcomes,
        sheets,
        left_out,
        failed,
    })
}

/// `name`, or `name (2)`, `name (3)` … whichever no outcome has yet.
fn free_name(outcomes: &[Outcome], name: &str) -> String {
    let taken = |n: &str| outcomes.iter().any(|x| x.name == n);
    if !taken(name) {
        return name.to_owned();
    }
    (2..)
        .map(|k| format!("{name} ({k})"))
        .find(|n| !taken(n))
        .expect("a free name")
}

/// The three comparison sheets, with every plan in the sheets' language.
fn sheets(outcomes: &[Outcome], lang: Lang) -> PolarsResult<Vec<(Sheet, DataFrame)>> {
    let local = outcomes
        .iter()
        .map(|o| {
            Ok(Outcome {
                plan: match &o.plan {
                    Ok(p) => Ok(crate::plan::localize(p, lang)?),
                    Err(e) => Err(e.clone()),
                },
                ..o.clone()
            })
        })
        .collect::<PolarsResult<Vec<_>>>()?;
    Ok(vec![
        (Sheet::Scenarios, side_by_side(&local, lang)?),
        (Sheet::ScenarioEffects, effects(&local, lang)?),
        (Sheet::ScenarioTransfers, transfers(&local, lang)?),
    ])
}
