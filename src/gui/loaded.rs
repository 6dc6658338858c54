//! A computed result and what the views read out of it, built on the job's thread so that the
//! frame that receives it does no table work. A recompute of the same inputs hands the tables
//! over first and builds the charts after, on a thread of their own: a dragged threshold shows
//! its tables as soon as they are made, and the chart follows.

use super::compute::{self, Outcome, Request};
use super::jobs::{Job, Step};
use super::views;
use crate::Lang;
use crate::charts::ChartSpec;
use crate::ingest::{Confidence, Field, Inputs, TableKind};
use crate::plan::PlanChanges;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// A computed result and what the views read out of it.
pub struct Loaded {
    pub outcome: Arc<Outcome>,
    pub units: views::units::UnitTable,
    pub overview: views::overview::OverviewData,
    pub plan: views::plan::PlanTables,
    pub scenarios: views::scenario_tables::ScenarioTables,
    /// The returns of the survey round, when the survey was a folder of returned forms.
    pub returns: Option<views::returns::ReturnsData>,
    /// The chart specs in `charts_lang`; none while they are built (`charts_pending`).
    pub charts: Arc<Vec<ChartSpec>>,
    pub charts_lang: Lang,
    /// The charts are being built after the tables: until they come, the charts view keeps
    /// the chart it shows, and whatever needs one of this result builds it.
    pub charts_pending: bool,
    /// What this result changed in the plan of the one before, when the inputs stayed.
    pub plan_changes: Option<PlanChanges>,
    /// Fields read with low confidence, as "file: field": the figures that use them rest on a
    /// guess, and every view says so.
    pub doubts: Vec<(String, Field)>,
    /// The findings that say some figures are unknown (staff, quota or workload nobody
    /// gave) or rest on another method than the one chosen: said over every view, not only
    /// in the findings.
    pub unknowns: Vec<crate::findings::Finding>,
}

/// What the views read of the analysis alone, made while the plan is.
pub struct OfAnalysis {
    pub units: views::units::UnitTable,
    pub overview: views::overview::OverviewData,
}

impl OfAnalysis {
    pub fn read(a: &crate::analysis::Analysis, method: crate::model::WorkloadMethod) -> OfAnalysis {
        OfAnalysis {
            units: views::units::UnitTable::from_analysis(a),
            overview: views::overview::OverviewData::read(a, method),
        }
    }
}

/// The result in hand when a recompute of the same inputs starts: what of it stands.
pub struct Before {
    pub outcome: Arc<Outcome>,
    /// The names a scenario change may pick: read from the inputs, they stand with them.
    pub names: Arc<views::scenario_tables::Names>,
}

impl Loaded {
    /// What the charts view draws from.
    pub fn charts_data(&self) -> views::charts::ChartsData<'_> {
        views::charts::ChartsData {
            specs: &self.charts,
            specs_lang: self.charts_lang,
            outcome: &self.outcome,
            pending: self.charts_pending,
        }
    }

    /// Everything the views read out of a result. Built on the job's thread, so that the frame
    /// that receives a result does no table work. With `before` (the same inputs), the charts
    /// are left to [`charts_job`].
    pub fn new(outcome: Outcome, of_analysis: OfAnalysis, before: Option<Before>, lang: Lang) -> Loaded {
        let outcome = Arc::new(outcome);
        let a = &outcome.analysis;
        let names = before.as_ref().map(|b| Arc::clone(&b.names));
        let (plan, (scenarios, plan_changes)) = rayon::join(
            || views::plan::PlanTables::new(&outcome.plan, a),
            || {
                (
                    views::scenario_tables::ScenarioTables::new(&outcome, names, lang),
                    before.as_ref().and_then(|b| plan_changes(&b.outcome, &outcome)),
                )
            },
        );
        let OfAnalysis { units, overview } = of_analysis;
        let charts_pending = before.is_some();
        let charts = if charts_pending {
            Arc::default()
        } else {
            Arc::new(charts(&outcome, lang, &AtomicBool::new(false)).unwrap_or_default())
        };
        Loaded {
            returns: views::returns::ReturnsData::read(a),
            doubts: doubtful_fields(&outcome.inputs),
            unknowns: outcome
                .findings
                .iter()
                .filter(|f| f.touches_figures())
                .cloned()
                .collect(),
            outcome,
            units,
            overview,
            plan,
            scenarios,
            charts,
            charts_lang: lang,
            charts_pending,
            plan_changes,
        }
    }
}

/// The chart specs of `outcome` in `lang`, built in parallel: those of an analysis that stood
/// (the plan alone changed) are kept, and the plan's drawn again. None once `cancel` is set.
pub fn charts(outcome: &Outcome, lang: Lang, cancel: &AtomicBool) -> Option<Vec<ChartSpec>> {
    use crate::charts::ChartKind;
    use rayon::prelude::*;
    let kept = outcome.kept_charts.as_ref().filter(|(l, _)| *l == lang);
    ChartKind::ALL
        .par_iter()
        .map(|k| {
            if cancel.load(Ordering::Relaxed) {
                return None;
            }
            Some(match kept.and_then(|(_, specs)| specs.iter().find(|s| s.kind == *k)) {
                Some(spec) if *k != ChartKind::Plan => spec.clone(),
                _ => views::charts::build_spec(outcome, *k, lang),
            })
        })
        .collect()
}

/// The charts of a result being built, with the result they are of.
pub struct ChartsJob {
    pub of: Arc<Outcome>,
    pub job: Job<Arc<Vec<ChartSpec>>>,
}

/// Build the charts of `outcome` in `lang` on a thread of their own.
pub fn charts_job(outcome: Arc<Outcome>, lang: Lang, repaint: Option<egui::Context>) -> ChartsJob {
    let of = Arc::clone(&outcome);
    let job = Job::spawn_work(Step::Charting, repaint, move |cancel, _, _| {
        charts(&outcome, lang, cancel)
            .map(Arc::new)
            .ok_or(super::jobs::Failure::Cancelled)
    });
    ChartsJob { of, job }
}

/// What `now` changed in the plan of `before` (both plans made).
fn plan_changes(before: &Outcome, now: &Outcome) -> Option<PlanChanges> {
    let (Ok(a), Ok(b)) = (&before.plan, &now.plan) else {
        return None;
    };
    crate::plan::changes(a, b)
        .map_err(|e| tracing::warn!("the plans could not be compared: {e}"))
        .ok()
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
    let before = before
        .filter(|b| {
            request
                .inputs
                .as_ref()
                .is_some_and(|i| Arc::ptr_eq(i, &b.outcome.inputs))
        })
        .map(|b| Before {
            outcome: Arc::clone(&b.outcome),
            names: Arc::clone(&b.scenarios.names),
        });
    let method = request.params.method;
    Job::spawn_work(first, repaint, move |cancel, tx, repaint| {
        let of_analysis = move |a: &crate::analysis::Analysis| OfAnalysis::read(a, method);
        compute::run(request, cancel, tx, repaint, of_analysis)
            .map(|(outcome, of_analysis)| Loaded::new(outcome, of_analysis, before, lang))
    })
}
