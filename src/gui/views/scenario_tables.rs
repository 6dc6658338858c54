//! What the scenarios view reads out of a result, built with it on the job's thread: the
//! names a change may pick (units, each unit's tasks), and the scenarios computed — each one's
//! plan read for drawing, the chart of their changes, their projections, and those left out.

use super::plan::PlanData;
use crate::analysis::{Analysis, Rows};
use crate::charts::ChartSpec;
use crate::gui::compute::{Outcome, WhatIf};
use crate::model::{Lang, col};
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

/// What the scenarios view shows, read once per result.
pub struct ScenarioTables {
    /// The names a change may pick: read from the inputs, they stand as long as those do.
    pub names: Arc<Names>,
    /// The scenarios computed with the current rules first, or why they could not be.
    pub compared: Option<Result<Compared, (String, String)>>,
}

/// The names a scenario's change may pick.
pub struct Names {
    /// The staffing table's units, sorted.
    pub units: Vec<String>,
    /// Per unit, its tasks in the survey and its activities in the volumes, sorted.
    pub tasks: BTreeMap<String, Vec<String>>,
    /// Every task and activity, for a growth by task.
    pub all_tasks: Vec<String>,
}

/// A plan's rows by unit, then quota type.
pub type RowsByKey = HashMap<String, HashMap<String, usize>>;

/// The scenarios computed, read for drawing.
pub struct Compared {
    pub names: Vec<String>,
    /// Each one's plan, or why it has none.
    pub plans: Vec<Result<PlanData, String>>,
    /// Each plan's rows by (unit, quota type), so that two plans meet row by row without a
    /// search per row in every frame.
    pub rows_by_key: Vec<RowsByKey>,
    /// The change per unit under each.
    pub chart: ChartSpec,
    /// The chart's units in its order, each with every scenario's change (the names the
    /// chart's axis has no room for).
    pub chart_rows: Vec<(String, Vec<Option<f64>>)>,
    /// Each projection over years: the scenario's name and its chart, or why it has none.
    pub projections: Vec<(String, Result<ChartSpec, String>)>,
    /// The scenarios left out of the comparison, each with why.
    pub left_out: Vec<String>,
}

impl ScenarioTables {
    /// The tables of `outcome`; `kept` names read from the same inputs are taken as they are
    /// (a million survey rows hold the unit × task pairs).
    pub fn new(outcome: &Outcome, kept: Option<Arc<Names>>, lang: Lang) -> ScenarioTables {
        let a = &outcome.analysis;
        let names = kept.unwrap_or_else(|| Arc::new(Names::read(a)));
        let source = crate::charts::Source::new(outcome.inputs.paths());
        let compared = outcome.what_if.as_ref().map(|w| compared(w, a.year, lang, &source));
        ScenarioTables { names, compared }
    }
}

impl Names {
    fn read(a: &Analysis) -> Names {
        let mut units = Vec::new();
        if let Ok(r) = Rows::new(&a.units) {
            units.extend((0..r.height()).filter_map(|i| r.str(col::UNIT, i).map(str::to_owned)));
        }
        units.sort();
        units.dedup();
        let tasks = unit_tasks(a);
        let mut all_tasks: Vec<String> = tasks.values().flatten().cloned().collect();
        all_tasks.sort();
        all_tasks.dedup();
        Names {
            units,
            tasks,
            all_tasks,
        }
    }
}

fn compared(
    w: &WhatIf,
    year: Option<i32>,
    lang: Lang,
    source: &crate::charts::Source,
) -> Result<Compared, (String, String)> {
    let c = w.comparison.as_ref().map_err(|e| (e.zh.clone(), e.en.clone()))?;
    let chart = crate::charts::whatif::scenario_changes(&c.outcomes, year, lang, source)
        .map_err(|e| (e.to_string(), e.to_string()))?;
    let projections = w
        .projections
        .iter()
        .map(|(name, p)| {
            let spec = match p {
                Ok((table, years)) => crate::charts::whatif::projection((name, table, years), year, lang, source)
                    .map_err(|e| e.to_string()),
                Err(e) => Err(e.message(lang).to_owned()),
            };
            (name.clone(), spec)
        })
        .collect();
    let names: Vec<String> = c.outcomes.iter().map(|o| o.name.clone()).collect();
    let plans: Vec<Result<PlanData, String>> = c
        .outcomes
        .iter()
        .map(|o| {
            o.plan
                .as_ref()
                .map(PlanData::read)
                .map_err(|e| e.message(lang).to_owned())
        })
        .collect();
    let rows_by_key = plans
        .iter()
        .map(|p| {
            let mut by: RowsByKey = HashMap::new();
            for (i, r) in p.iter().flat_map(|p| p.units.iter().enumerate()) {
                by.entry(r.unit.clone()).or_default().insert(r.quota_type.clone(), i);
            }
            by
        })
        .collect();
    Ok(Compared {
        plans,
        rows_by_key,
        chart_rows: chart_rows(&chart, &names),
        names,
        chart,
        projections,
        left_out: w.left_out(lang),
    })
}

/// The chart's bars read back by unit (their category) and scenario (their group).
fn chart_rows(chart: &ChartSpec, names: &[String]) -> Vec<(String, Vec<Option<f64>>)> {
    let mut rows: Vec<(String, Vec<Option<f64>>)> = chart
        .categories
        .iter()
        .map(|c| (c.clone(), vec![None; names.len()]))
        .collect();
    if let crate::charts::Body::Bars(bars) = &chart.body {
        for b in bars {
            let i = b.x.round().max(0.0) as usize;
            let k = names.iter().position(|n| *n == b.group);
            if let (Some(row), Some(k)) = (rows.get_mut(i), k) {
                row.1[k] = Some(b.value);
            }
        }
    }
    rows
}

/// Per unit, the names its work goes by: survey tasks and volumes' activities.
fn unit_tasks(a: &Analysis) -> BTreeMap<String, Vec<String>> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut add = |frame: &polars::prelude::DataFrame, name: &str| {
        use polars::prelude::*;
        if frame.column(name).is_err() || frame.column(col::UNIT).is_err() {
            return;
        }
        // Each unit × task once (a million survey rows hold some tens of thousands).
        let pairs = frame
            .clone()
            .lazy()
            .select([col(col::UNIT), col(name)])
            .unique(None, UniqueKeepStrategy::Any)
            .collect();
        let Ok(pairs) = pairs else { return };
        let Ok(r) = Rows::new(&pairs) else { return };
        for i in 0..r.height() {
            if let (Some(u), Some(t)) = (r.str(col::UNIT, i), r.str(name, i)) {
                out.entry(u.to_owned()).or_default().push(t.to_owned());
            }
        }
    };
    add(&a.tasks, col::TASK);
    if let Some(s) = &a.standards {
        add(&s.activities, col::ACTIVITY);
    }
    for v in out.values_mut() {
        v.sort();
        v.dedup();
    }
    out
}
