//! A district's survey as its units would return it: one filled form per unit that has survey
//! rows in `year`, with its roster's people, for the round trip and the benches.

use super::District;
use crate::template::{FormRow, TemplateUnit};

/// Each unit's form with its rows of `year` filled in, in the staffing table's order.
pub fn returned_forms(d: &District, year: i32) -> Vec<TemplateUnit> {
    let mut units: Vec<TemplateUnit> = Vec::new();
    for s in &d.staffing {
        if units.iter().any(|u| u.name == *s.unit) {
            continue;
        }
        let filled: Vec<FormRow> = d
            .survey
            .iter()
            .filter(|r| r.year == year && r.unit == s.unit)
            .map(|r| FormRow {
                person: Some(r.person.to_string()),
                task: r.task.to_string(),
                period: r.period,
                frequency: r.frequency,
                hours_each: r.hours_each,
                annual_hours: r.annual_hours,
            })
            .collect();
        if filled.is_empty() {
            continue;
        }
        let mut people: Vec<String> = Vec::new();
        for r in d.roster.iter().filter(|r| r.unit == s.unit) {
            if !people.iter().any(|p| **p == *r.name) {
                people.push(r.name.to_string());
            }
        }
        units.push(TemplateUnit {
            name: s.unit.to_string(),
            people,
            filled,
        });
    }
    units
}
