//! Workload projected over years: the scenario's changes with each year's growth laid on the
//! inputs, analysed once a year, and each unit's required staff and saturation (against the
//! staff in post now) year by year.

use super::{Scenario, ScenarioError, apply};
use crate::analysis::analyze;
use crate::ingest::Inputs;
use crate::model::{Lang, col};
use polars::prelude::*;

/// The column of `column`'s figure in projected `year`: 应需人数（2027）, required (2027).
pub fn year_column(column: &str, year: i32, lang: Lang) -> String {
    format!(
        "{}{}",
        crate::i18n::column(column, lang),
        lang.pick(format!("（{year}）"), format!(" ({year})"))
    )
}

/// scenario (its name), unit, department, approved, actual, required (the scenario without growth), then per projected year
/// its required staff and saturation; empty when the scenario projects nothing.
pub fn projection(inputs: &Inputs, scenario: &Scenario, file: &str, lang: Lang) -> Result<DataFrame, ScenarioError> {
    let failed = |e: String| ScenarioError::at(file, None, &e, &e);
    if scenario.projection.years.is_empty() {
        return Ok(DataFrame::empty());
    }
    let figures = |changes: &[super::Change]| -> Result<DataFrame, ScenarioError> {
        let changed = apply(inputs, changes, file)?;
        let a = analyze(&changed, &scenario.params).map_err(|e| failed(e.to_string()))?;
        Ok(a.units)
    };
    let now = figures(&scenario.changes)?;
    let mut table = now.lazy().select([
        lit(scenario.name.clone()).alias(lang.pick("方案", "Scenario")),
        col(col::UNIT),
        col(col::DEPARTMENT),
        col(col::APPROVED),
        col(col::ACTUAL),
        col(col::REQUIRED),
    ]);
    let name = |column: &str, year: i32| year_column(column, year, lang);
    for (year, growth) in scenario.projection.years.iter().zip(&scenario.projection.by_year) {
        let changes: Vec<super::Change> = scenario.changes.iter().chain(growth).cloned().collect();
        let units = figures(&changes)?.lazy().select([
            col(col::UNIT),
            col(col::REQUIRED).alias(name(col::REQUIRED, *year)),
            col(col::SATURATION).alias(name(col::SATURATION, *year)),
        ]);
        table = table.join(
            units,
            [col(col::UNIT)],
            [col(col::UNIT)],
            JoinArgs {
                maintain_order: MaintainOrderJoin::Left,
                ..JoinArgs::new(JoinType::Left)
            },
        );
    }
    table.collect().map_err(|e| failed(e.to_string()))
}
