//! What the app computes in the background: read the files (or take the inputs already read),
//! analyse, plan. The same library calls as the command line.

use super::jobs::{Failure, Message, Step};
use crate::analysis::{self, Analysis};
use crate::findings::Finding;
use crate::ingest::{self, Inputs, TableKind};
use crate::plan::{self, Plan, PlanError};
use crate::project::Sources;
use crate::scenario::compare::Comparison;
use crate::scenario::{Scenario, ScenarioError};
use crate::{Lang, Params};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::Sender;

/// What to compute: from files, or again from inputs already read (a parameter change).
pub struct Request {
    pub sources: Sources,
    /// Inputs read by an earlier job; when present the files are not read again.
    pub inputs: Option<Arc<Inputs>>,
    /// The result in hand for those inputs: when only the plan's rules changed since, its
    /// analysis stands and only the plan is made again; otherwise its memo gives the parts of
    /// the analysis whose parameters did not change.
    pub in_hand: Option<Arc<Outcome>>,
    /// The chart specs drawn from that analysis, in their language: those that do not show the
    /// plan stand with it.
    pub charts: Option<(Lang, Arc<Vec<crate::charts::ChartSpec>>)>,
    pub params: Params,
    /// The scenarios to compute beside the current rules.
    pub scenarios: Vec<Scenario>,
    /// The language the views will be drawn in (charts are built with the result).
    pub lang: Lang,
}

/// Everything a finished job hands back.
pub struct Outcome {
    /// The files with the choices they were read with.
    pub sources: Sources,
    pub inputs: Arc<Inputs>,
    /// The parts of this analysis the next one of the same inputs may take.
    pub memo: Arc<analysis::Memo>,
    pub params: Params,
    pub analysis: Analysis,
    /// The plan, or why there is none (the analysis still stands without it).
    pub plan: Result<Plan, PlanError>,
    /// Findings of the inputs, the analysis and the plan, in that order.
    pub findings: Vec<Finding>,
    /// The scenarios computed beside the current rules (None when there are none).
    pub what_if: Option<WhatIf>,
    /// The charts of the analysis in hand when it stood (the plan changed alone).
    pub kept_charts: Option<(Lang, Arc<Vec<crate::charts::ChartSpec>>)>,
}

/// The scenarios computed: their comparison with the current rules (in the views' language),
/// and each projection over years.
pub struct WhatIf {
    /// The language the sheets and projections are named in.
    pub lang: Lang,
    pub comparison: Result<Comparison, ScenarioError>,
    /// Each scenario that projects over years: its name, and its table with its years or why
    /// it could not be projected.
    pub projections: Vec<(String, Result<Projected, ScenarioError>)>,
    /// Each scenario as a file `--scenario` reads back: its name and text.
    pub files: Vec<(String, String)>,
}

impl Outcome {
    /// The scenarios' sheets: the comparison's, then every projection's in one (none without
    /// scenarios).
    pub fn what_if_sheets(
        &self,
    ) -> polars::prelude::PolarsResult<Vec<(crate::model::Sheet, polars::prelude::DataFrame)>> {
        let Some(w) = &self.what_if else { return Ok(Vec::new()) };
        let mut sheets = w.comparison.as_ref().map(|c| c.sheets.clone()).unwrap_or_default();
        if let Some(table) = crate::charts::briefing::projections_sheet(&w.projected())? {
            sheets.push((crate::model::Sheet::Projection, table));
        }
        Ok(sheets)
    }
}

impl WhatIf {
    /// The projections that could be made: name, table, years.
    pub fn projected(&self) -> Vec<(String, polars::prelude::DataFrame, Vec<i32>)> {
        self.projections
            .iter()
            .filter_map(|(n, p)| p.as_ref().ok().map(|(t, y)| (n.clone(), t.clone(), y.clone())))
            .collect()
    }

    /// The scenarios left out, by name with why: those whose changes could not be made,
    /// those that could not be planned, those that could not be projected.
    pub fn left_out(&self, lang: Lang) -> Vec<String> {
        let mut out = Vec::new();
        match &self.comparison {
            Ok(c) => {
                out.extend(c.failed.iter().map(|(n, e)| format!("{n}：{}", e.message(lang))));
                out.extend(
                    c.left_out
                        .iter()
                        .map(|n| lang.pick(format!("{n}：无法测算调整方案"), format!("{n}: cannot be planned"))),
                );
            }
            Err(e) => out.push(e.message(lang).to_owned()),
        }
        out.extend(
            self.projections
                .iter()
                .filter_map(|(n, p)| p.as_ref().err().map(|e| format!("{n}：{}", e.message(lang)))),
        );
        out
    }
}

/// A projection over years: its table and its years.
pub type Projected = (polars::prelude::DataFrame, Vec<i32>);

/// `scenarios` laid on `inputs` beside the base, compared in `lang`.
fn what_if(inputs: &Inputs, base: (&Analysis, &Params), scenarios: &[Scenario], lang: Lang) -> WhatIf {
    let named: Vec<(Scenario, String)> = scenarios.iter().map(|s| (s.clone(), s.name.clone())).collect();
    let projections = scenarios
        .iter()
        .filter(|s| !s.projection.years.is_empty())
        .map(|s| {
            let table = crate::scenario::projection(inputs, s, &s.name, lang);
            (s.name.clone(), table.map(|t| (t, s.projection.years.clone())))
        })
        .collect();
    let files = scenarios
        .iter()
        .map(|s| (s.name.clone(), crate::scenario::to_text(s)))
        .collect();
    WhatIf {
        lang,
        comparison: crate::scenario::compare::compare(inputs, base, &named, lang),
        projections,
        files,
    }
}

/// Whether `before` and `now` differ in the plan's rules alone (nothing the analysis reads).
pub fn only_plan_changed(before: &Params, now: &Params) -> bool {
    let mut same = before.clone();
    same.plan.clone_from(&now.plan);
    same == *now
}

/// The first step of `request`: reading, or analysing inputs already read.
pub fn first_step(request: &Request) -> Step {
    if request.inputs.is_some() {
        Step::Analysing
    } else {
        Step::Reading(TableKind::Staffing, None)
    }
}

/// Read (unless the inputs are given), analyse and plan, telling each step; a cancel stops it
/// at the next step, and inside a read.
/// `beside_plan` makes what needs the analysis alone while the plan is made (the views'
/// tables of it), on the other core.
pub fn run<T: Send, P: Send>(
    request: Request,
    cancel: &AtomicBool,
    tx: &Sender<Message<T>>,
    repaint: Option<&egui::Context>,
    beside_plan: impl FnOnce(&Analysis) -> P + Send,
) -> Result<(Outcome, P), Failure> {
    let step = |s: Step| -> Result<(), Failure> {
        if cancel.load(Ordering::Relaxed) {
            return Err(Failure::Cancelled);
        }
        let _ = tx.send(Message::Progress(s));
        if let Some(ctx) = repaint {
            ctx.request_repaint();
        }
        Ok(())
    };
    let Request {
        sources,
        inputs,
        in_hand,
        charts,
        params,
        scenarios,
        lang,
    } = request;
    if let Err(e) = params.validate() {
        return Err(Failure::Failed {
            findings: Vec::new(),
            zh: format!("参数有误：{}", e.zh),
            en: format!("The parameters are not usable: {}", e.en),
        });
    }
    let inputs = match inputs {
        Some(inputs) => inputs,
        None => read_sources(&sources, cancel, tx, repaint, &step)?,
    };
    let memo = in_hand.as_ref().map(|o| Arc::clone(&o.memo)).unwrap_or_default();
    let memo = memo.for_inputs(&inputs);
    let stands = in_hand.filter(|o| only_plan_changed(&o.params, &params));
    let kept_charts = charts.filter(|_| stands.is_some());
    let analysis = match stands {
        // The plan's rules alone changed: the indicators stand.
        Some(o) => o.analysis.clone(),
        None => {
            step(Step::Analysing)?;
            analysis::analyze_with(&inputs, &params, &memo).map_err(|e| Failure::Failed {
                findings: inputs.findings(),
                zh: format!("无法计算指标：{e}"),
                en: format!("The indicators could not be computed: {e}"),
            })?
        }
    };
    step(Step::Planning)?;
    let (plan, beside) = rayon::join(|| plan::plan(&analysis.unit_types, &params), || beside_plan(&analysis));
    if cancel.load(Ordering::Relaxed) {
        return Err(Failure::Cancelled);
    }
    let mut findings = analysis.findings.clone();
    if let Ok(p) = &plan {
        findings.extend(p.findings.iter().cloned());
    }
    let what_if = if scenarios.is_empty() {
        None
    } else {
        step(Step::Scenarios)?;
        Some(what_if(&inputs, (&analysis, &params), &scenarios, lang))
    };
    if cancel.load(Ordering::Relaxed) {
        return Err(Failure::Cancelled);
    }
    let outcome = Outcome {
        sources,
        inputs,
        memo,
        params,
        analysis,
        plan,
        findings,
        what_if,
        kept_charts,
    };
    Ok((outcome, beside))
}

/// Read every source, telling each step and the rows (or, for a folder of returns, the files)
/// read so far; a cancel stops it at the next step, and inside a read.
fn read_sources<T: Send>(
    sources: &Sources,
    cancel: &AtomicBool,
    tx: &Sender<Message<T>>,
    repaint: Option<&egui::Context>,
    step: &dyn Fn(Step) -> Result<(), Failure>,
) -> Result<Arc<Inputs>, Failure> {
    let mut read = Inputs::default();
    for (kind, source) in sources.iter() {
        step(Step::Reading(kind, None))?;
        // Rows read so far go to the window; a cancel stops the read where it is.
        let folder = source.path.is_dir();
        let watch = |rows: usize, of: Option<usize>| {
            // A folder of returns counts files, not rows.
            let step = match (folder, of) {
                (true, Some(total)) => Step::ReadingFiles(rows, total),
                _ => Step::Reading(kind, Some((rows, of))),
            };
            let _ = tx.send(Message::Progress(step));
            if let Some(ctx) = repaint {
                ctx.request_repaint();
            }
            !cancel.load(Ordering::Relaxed)
        };
        // The staffing table's units tell which survey column holds the unit.
        let mut options = source.options.clone();
        if kind != TableKind::Staffing {
            options.known_units = read.staffing.as_ref().map(|s| Arc::new(ingest::unit_names(&s.frame)));
        }
        let loaded = ingest::load_watched(&source.path, kind, &options, &watch).map_err(|e| {
            if cancel.load(Ordering::Relaxed) {
                return Failure::Cancelled;
            }
            // A field the person can choose opens the mapping instead of a refusal.
            if matches!(e.0.code.as_str(), "missing_column" | "ambiguous_column")
                && let Some(columns) = ingest::header_columns(&source.path, kind, &options)
            {
                return Failure::NeedsMapping {
                    kind,
                    columns,
                    finding: e.0,
                };
            }
            Failure::Failed {
                zh: e.0.line(Lang::Zh),
                en: e.0.line(Lang::En),
                findings: vec![e.0],
            }
        })?;
        *read.slot_mut(kind) = Some(loaded);
    }
    read.check_across();
    Ok(Arc::new(read))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_plan_rule_changed_keeps_the_analysis() {
        let before = Params::default();
        let mut now = before.clone();
        now.plan.max_loss_share = 0.3;
        now.plan.method = crate::model::plan::Method::Hamilton;
        assert!(only_plan_changed(&before, &now));
        now.calendar.hours_per_day = 7.0;
        assert!(!only_plan_changed(&before, &now));
        let mut bands = before.clone();
        bands.bands.balanced_up_to = 1.15;
        assert!(!only_plan_changed(&before, &bands));
    }
}
