//! A computed result and what the views read out of it, built on the job's thread so that the
//! frame that receives it does no table work.

use super::compute::{self, Outcome, Request};
use super::jobs::Job;
use super::views;
use crate::Lang;
use crate::ingest::{Confidence, Field, Inputs, TableKind};
use std::sync::Arc;

/// A computed result and what the views read out of it.
pub struct Loaded {
    pub outcome: Outcome,
    pub units: views::units::UnitTable,
    pub overview: views::overview::OverviewData,
    pub plan: views::plan::PlanTables,
    pub scenarios: views::scenario_tables::ScenarioTables,
    /// The returns of the survey round, when the survey was a folder of returned forms.
    pub returns: Option<views::returns::ReturnsData>,
    /// The six chart specs, built with the result in the language of the request.
    pub charts: std::sync::Arc<Vec<crate::charts::ChartSpec>>,
    pub charts_lang: Lang,
    /// Fields read with low confidence, as "file: field": the figures that use them rest on a
    /// guess, and every view says so.
    pub doubts: Vec<(String, Field)>,
    /// The findings that say some figures are unknown (staff, quota or workload nobody
    /// gave) or rest on another method than the one chosen: said over every view, not only
    /// in the findings.
    pub unknowns: Vec<crate::findings::Finding>,
}

impl Loaded {
    /// What the charts view draws from.
    pub fn charts_data(&self) -> views::charts::ChartsData<'_> {
        views::charts::ChartsData {
            specs: &self.charts,
            specs_lang: self.charts_lang,
            outcome: &self.outcome,
        }
    }

    /// Everything the views read out of a result. Built on the job's thread, so that the frame
    /// that receives a result does no table work.
    pub fn new(outcome: Outcome, names: Option<Arc<views::scenario_tables::Names>>, lang: Lang) -> Loaded {
        // The charts on one core, the tables on the other: a dragged threshold waits for
        // the longer of the two, not their sum.
        let (charts, (units, overview, plan, scenarios)) = rayon::join(
            || Arc::new(charts(&outcome, lang)),
            || {
                let a = &outcome.analysis;
                (
                    views::units::UnitTable::from_analysis(a),
                    views::overview::OverviewData::read(a, outcome.params.method),
                    views::plan::PlanTables::new(&outcome.plan, a),
                    views::scenario_tables::ScenarioTables::new(&outcome, names, lang),
                )
            },
        );
        let returns = views::returns::ReturnsData::read(&outcome.analysis);
        let doubts = doubtful_fields(&outcome.inputs);
        let unknowns = outcome
            .findings
            .iter()
            .filter(|f| f.touches_figures())
            .cloned()
            .collect();
        Loaded {
            outcome,
            units,
            overview,
            plan,
            scenarios,
            returns,
            charts,
            charts_lang: lang,
            doubts,
            unknowns,
        }
    }
}

/// The chart specs of `outcome` in `lang`: those of an analysis that stood (the plan alone
/// changed) are kept, and the plan's drawn again.
fn charts(outcome: &Outcome, lang: Lang) -> Vec<crate::charts::ChartSpec> {
    use crate::charts::ChartKind;
    let kept = outcome.kept_charts.as_ref().filter(|(l, _)| *l == lang);
    use rayon::prelude::*;
    ChartKind::ALL
        .par_iter()
        .map(
            |k| match kept.and_then(|(_, specs)| specs.iter().find(|s| s.kind == *k)) {
                Some(spec) if *k != ChartKind::Plan => spec.clone(),
                _ => views::charts::build_spec(outcome, *k, lang),
            },
        )
        .collect()
}

/// The fields of every input read with low confidence.
fn doubtful_fields(inputs: &Inputs) -> Vec<(String, Field)> {
    TableKind::ALL
        .iter()
        .filter_map(|k| inputs.get(*k))
        .flat_map(|l| {
            l.columns.iter().filter_map(move |c| {
                let field = c.field.as_deref().and_then(Field::from_name)?;
                c.choice
                    .as_ref()
                    .filter(|ch| ch.confidence == Confidence::Low)
                    .map(|_| (l.file.clone(), field))
            })
        })
        .collect()
}

/// Start `request` on its own thread; the result comes back ready to draw. `before` is the
/// result in hand: what it read from the same inputs stands.
pub fn spawn(request: Request, before: Option<&Loaded>, repaint: Option<egui::Context>) -> Job<Loaded> {
    let first = compute::first_step(&request);
    let lang = request.lang;
    let names = before
        .filter(|b| {
            request
                .inputs
                .as_ref()
                .is_some_and(|i| Arc::ptr_eq(i, &b.outcome.inputs))
        })
        .map(|b| Arc::clone(&b.scenarios.names));
    Job::spawn_work(first, repaint, move |cancel, tx, repaint| {
        compute::run(request, cancel, tx, repaint).map(|outcome| Loaded::new(outcome, names, lang))
    })
}
