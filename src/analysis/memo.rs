//! What an analysis of one set of inputs keeps for the next analysis of the same inputs under
//! other parameters. Each part is keyed by the parameters it reads: a part whose parameters did
//! not change is taken as it was made, everything else is made again. So a band threshold
//! dragged across its range works from the per-person and per-unit aggregates of the survey,
//! never from its million rows again.
//!
//! A memo belongs to one set of inputs: [`Memo::for_inputs`] gives a fresh one for other inputs.

use super::staffing::Staffing;
use super::workload::{Filed, Hours, Layout};
use crate::findings::Finding;
use crate::ingest::Inputs;
use crate::model::{Calendar, Params, SurveyRules, TagRules};
use polars::prelude::*;
use std::sync::{Arc, Mutex, MutexGuard};

/// One memoised part: the key it was made under and what it made.
pub(super) struct Slot<K, V>(Mutex<Option<(K, Arc<V>)>>);

impl<K, V> Default for Slot<K, V> {
    fn default() -> Self {
        Slot(Mutex::new(None))
    }
}

impl<K: PartialEq + Clone, V> Slot<K, V> {
    fn lock(&self) -> MutexGuard<'_, Option<(K, Arc<V>)>> {
        // A panic while the lock was held left nothing half-written: the slot holds a whole
        // part or none.
        self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The part made under `key`, made now when the slot holds another (or none).
    pub(super) fn get<E>(&self, key: &K, make: impl FnOnce() -> Result<V, E>) -> Result<Arc<V>, E> {
        if let Some((k, v)) = &*self.lock()
            && k == key
        {
            return Ok(Arc::clone(v));
        }
        // Made without the lock held: a part takes hundreds of milliseconds at most. Two jobs
        // asking at once may both make it; the last one stored stays (time lost, never a
        // wrong part: each is stored under the key it was made for).
        let made = Arc::new(make()?);
        *self.lock() = Some((key.clone(), Arc::clone(&made)));
        Ok(made)
    }
}

/// What the survey's rows give under one calendar and one set of survey rules, for the year
/// the tables describe.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct SurveyKey {
    pub year: i32,
    pub calendar: Calendar,
    pub survey: SurveyRules,
}

/// The survey's aggregates and the tables made from its rows.
pub(super) struct SurveyPart {
    /// The parameters it was made under.
    pub key: SurveyKey,
    /// Tasks, people, each unit's sums and its ties to quota types, and what the survey said.
    pub filed: Filed,
    /// The tasks and people tables handed out.
    pub tasks_table: DataFrame,
    pub people_table: DataFrame,
    /// Standards proposed from the survey, and what was said of them.
    pub proposed: Arc<(DataFrame, Vec<Finding>)>,
}

/// The parts kept between analyses of one set of inputs.
#[derive(Default)]
pub struct Memo {
    /// The inputs the parts were made from, held so that their address names them alone.
    inputs: Mutex<Option<Arc<Inputs>>>,
    /// The address of the inputs the parts were made from.
    seen: Mutex<Option<usize>>,
    /// The latest year the survey's rows name: it reads no parameter, and a million rows.
    pub(super) survey_year: Slot<(), Option<i32>>,
    pub(super) staff: Slot<(i32, TagRules), Staffing>,
    /// Groups of identical survey rows: they read no parameter, only the year filled in.
    pub(super) duplicates: Slot<i32, DataFrame>,
    /// Which survey rows count and how they group, under the year and the rule for duplicates.
    pub(super) layout: Slot<(i32, bool), Layout>,
    /// The survey rows' annual hours and each person's sum, under the year, the office days
    /// and the rule for duplicates.
    pub(super) hours: Slot<(i32, f64, bool), Hours>,
    pub(super) survey: Slot<SurveyKey, SurveyPart>,
    /// Each unit's workload with its people's spread, under one survey part and the
    /// threshold of under-loaded people.
    pub(super) units: Slot<(SurveyKey, f64), DataFrame>,
    /// Standards proposed from the survey of a year, counting duplicates once or not.
    pub(super) proposed: Slot<(i32, bool), (DataFrame, Vec<Finding>)>,
    /// Each unit's and quota type's figures before bands and flags, under the parameters
    /// they read ([`super::figures::key`]).
    pub(super) figures: Slot<Params, super::figures::Figures>,
    pub(super) off_roster: Slot<(), Vec<Finding>>,
    pub(super) completeness: Slot<(), Option<(DataFrame, Vec<Finding>)>>,
}

impl Memo {
    /// Whether the parts held were made from other inputs than `inputs` (by address: the
    /// inputs [`Memo::for_inputs`] holds cannot be freed and their address taken again).
    pub(super) fn made_from_other(&self, inputs: &Inputs) -> bool {
        let here = std::ptr::from_ref(inputs) as usize;
        let mut seen = self.seen.lock().unwrap_or_else(|p| p.into_inner());
        *seen.get_or_insert(here) != here
    }

    /// This memo when it was made from `inputs` (or has not been used yet), else a fresh one:
    /// parts of other inputs are never taken.
    pub fn for_inputs(self: &Arc<Self>, inputs: &Arc<Inputs>) -> Arc<Memo> {
        let mut held = self.inputs.lock().unwrap_or_else(|p| p.into_inner());
        match &*held {
            Some(other) if !Arc::ptr_eq(other, inputs) => Arc::new(Memo {
                inputs: Mutex::new(Some(Arc::clone(inputs))),
                ..Memo::default()
            }),
            _ => {
                *held = Some(Arc::clone(inputs));
                Arc::clone(self)
            }
        }
    }
}
