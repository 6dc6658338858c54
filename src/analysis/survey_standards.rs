//! Standards from the district's own survey, for offices that have none yet: for each task,
//! the median (and quartiles) of the hours per occurrence the units reported, and how many
//! units stand behind it. The table is for an expert group to edit and load back as standards;
//! the units whose time per occurrence sits far above the median are named.

use super::names::FastMap;
use super::triangulation::median;
use crate::findings::{Finding, Location};
use crate::model::col;
use polars::prelude::*;

/// One task: its key, its name as first written, and each unit's hours per occurrence.
type Slot = (String, String, FastMap<u32, Vec<f64>>);

/// A unit whose time per occurrence is more than this many times the median is named.
pub const FAR_ABOVE: f64 = 2.0;

/// Standards derived from `tasks` (unit, task, hours_each: the survey's tasks): activity,
/// standard_hours (the median across units), standard_q1, standard_q3, units; with a finding
/// for each unit far above the median of a task that at least three units report.
pub fn from_survey(tasks: &DataFrame, file: &str) -> PolarsResult<(DataFrame, Vec<Finding>)> {
    // Only the three columns, read in place: a survey has a million rows and few task names.
    let units = tasks.column(col::UNIT)?.str()?;
    let names = tasks.column(col::TASK)?.str()?;
    let hours = tasks.column(col::HOURS_EACH)?.cast(&DataType::Float64)?;
    // Each task's slot, by its key's index (names differing only in width, case or spaces
    // share one): (key, name as first written, unit → its hours per occurrence, in row order).
    let mut keys = super::names::Keys::default();
    let mut slots: Vec<Slot> = Vec::new();
    let mut unit_places = UnitPlaces::default();
    for ((unit, task), h) in units.iter().zip(names.iter()).zip(hours.f64()?.iter()) {
        let (Some(unit), Some(task), Some(h)) = (unit, task, h.filter(|h| h.is_finite() && *h > 0.0)) else {
            continue;
        };
        let place = unit_places.of(unit);
        let slot = keys.index(task);
        if slot == slots.len() {
            slots.push((keys.key(slot).to_owned(), task.trim().to_owned(), FastMap::default()));
        }
        slots[slot].2.entry(place).or_default().push(h);
    }
    slots.sort_by(|a, b| a.0.cmp(&b.0));
    let mut out = Standards::default();
    let mut findings = Vec::new();
    for (_, name, units) in &slots {
        let mut units: Vec<(&str, &Vec<f64>)> = units
            .iter()
            .map(|(u, hs)| (unit_places.names[*u as usize], hs))
            .collect();
        units.sort_by(|a, b| a.0.cmp(b.0));
        // One figure per unit: its own median, so a unit with many people counts once.
        let per_unit: Vec<(&str, f64)> = units.iter().filter_map(|(u, hs)| median(hs).map(|m| (*u, m))).collect();
        let values: Vec<f64> = per_unit.iter().map(|(_, m)| *m).collect();
        let Some(mid) = median(&values) else { continue };
        out.push(
            name,
            mid,
            quartile(&values, 0.25),
            quartile(&values, 0.75),
            values.len(),
        );
        if values.len() >= 3 {
            for (unit, m) in per_unit.iter().filter(|(_, m)| *m > mid * FAR_ABOVE) {
                findings.push(Finding::warning(
                    "time_above_standard",
                    Location::file(file).with_column(col::HOURS_EACH),
                    format!(
                        "{unit} 的“{name}”每次用时 {m:.2} 小时，是全区中位数 {mid:.2} 小时的 {:.1} 倍。",
                        m / mid
                    ),
                    format!(
                        "{unit}: '{name}' takes {m:.2} h each time, {:.1} times the district's median of {mid:.2} h.",
                        m / mid
                    ),
                ));
            }
        }
    }
    Ok((out.frame()?, findings))
}

/// Each unit by its place in the order first met. A unit's rows come together, so its name
/// is hashed when it changes, not at every row.
#[derive(Default)]
struct UnitPlaces<'a> {
    names: Vec<&'a str>,
    places: FastMap<&'a str, u32>,
    last: Option<(&'a str, u32)>,
}

impl<'a> UnitPlaces<'a> {
    fn of(&mut self, unit: &'a str) -> u32 {
        if let Some((name, place)) = self.last
            && name == unit
        {
            return place;
        }
        let names = &mut self.names;
        let place = *self.places.entry(unit).or_insert_with(|| {
            names.push(unit);
            (names.len() - 1) as u32
        });
        self.last = Some((unit, place));
        place
    }
}

/// The `q` quantile of `values` by linear interpolation between the sorted values.
fn quartile(values: &[f64], q: f64) -> f64 {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    let at = q * (v.len() - 1) as f64;
    let (lo, hi) = (at.floor() as usize, at.ceil() as usize);
    v[lo] + (v[hi] - v[lo]) * (at - lo as f64)
}

#[derive(Default)]
struct Standards {
    activity: Vec<String>,
    median: Vec<f64>,
    q1: Vec<f64>,
    q3: Vec<f64>,
    units: Vec<u32>,
}

impl Standards {
    fn push(&mut self, name: &str, median: f64, q1: f64, q3: f64, units: usize) {
        self.activity.push(name.to_owned());
        self.median.push(median);
        self.q1.push(q1);
        self.q3.push(q3);
        self.units.push(units as u32);
    }

    fn frame(self) -> PolarsResult<DataFrame> {
        DataFrame::new(
            self.activity.len(),
            vec![
                Column::new(col::ACTIVITY.into(), self.activity),
                Column::new(col::STANDARD_HOURS.into(), self.median),
                Column::new(col::STANDARD_Q1.into(), self.q1),
                Column::new(col::STANDARD_Q3.into(), self.q3),
                Column::new(col::UNITS.into(), self.units),
            ],
        )
    }
}
