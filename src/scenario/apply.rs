//! A scenario's changes laid on the inputs as read: the survey's rows (and the volumes') of the
//! latest year moved, scaled or added, so that the same analysis and plan run on them. Names
//! must exist: a unit the staffing table lacks, or a task the unit does not have, is an error
//! naming the scenario's line.

use super::file::{Change, ScenarioError};
use crate::analysis::names::key;
use crate::ingest::Inputs;
use crate::model::col;
use polars::prelude::*;

/// `inputs` with `changes` made; `file` names the scenario in errors.
pub fn apply(inputs: &Inputs, changes: &[Change], file: &str) -> Result<Inputs, ScenarioError> {
    let failed = |e: PolarsError| ScenarioError::at(file, None, e.to_string(), e.to_string());
    let units = crate::ingest::unit_names(&inputs.staffing.as_ref().ok_or_else(|| no_staffing(file))?.frame);
    let mut out = inputs.clone();
    for change in changes {
        let line = line_of(change);
        let unit_known = |u: &str| {
            if units.contains(&crate::ingest::text::clean_name(u)) {
                Ok(())
            } else {
                Err(ScenarioError::at(
                    file,
                    Some(line),
                    format!("编制表中没有单位“{u}”"),
                    format!("the staffing table has no unit '{u}'"),
                ))
            }
        };
        match change {
            Change::Move {
                task,
                activity,
                from,
                to,
                share,
                ..
            } => {
                unit_known(from)?;
                unit_known(to)?;
                if crate::ingest::text::clean_name(from) == crate::ingest::text::clean_name(to) {
                    return Err(ScenarioError::at(
                        file,
                        Some(line),
                        "from 与 to 是同一单位",
                        "from and to are the same unit",
                    ));
                }
                let mut found = false;
                for (frame, name_col, amounts) in tables(&mut out) {
                    // The volumes may call the task otherwise (the parameters' activity_names).
                    let name = volumes_name(name_col, task, activity.as_deref());
                    let (moved, any) =
                        moved(frame, name_col, amounts, (name, from, to), *share, line).map_err(failed)?;
                    *frame = moved;
                    found |= any;
                }
                if !found {
                    return Err(no_task(file, line, task, from));
                }
            }
            Change::Grow {
                task,
                activity,
                unit,
                factor,
                ..
            } => {
                if let Some(u) = unit {
                    unit_known(u)?;
                }
                let mut found = false;
                for (frame, name_col, amounts) in tables(&mut out) {
                    let name = task.as_deref().map(|t| volumes_name(name_col, t, activity.as_deref()));
                    let (grown, any) =
                        grown(frame, name_col, amounts, name, unit.as_deref(), *factor).map_err(failed)?;
                    *frame = grown;
                    found |= any;
                }
                if !found {
                    let what = task.as_deref().or(unit.as_deref()).unwrap_or("*");
                    return Err(no_task(file, line, what, "*"));
                }
            }
            Change::Add { unit, task, hours, .. } => {
                unit_known(unit)?;
                let survey = out.survey.as_mut().ok_or_else(|| {
                    ScenarioError::at(
                        file,
                        Some(line),
                        "[[add]] 需要工作量调查表",
                        "[[add]] needs a workload survey",
                    )
                })?;
                survey.frame = added(&survey.frame, unit, task, *hours, line).map_err(failed)?;
            }
        }
    }
    Ok(out)
}

/// The name to look for in a table's `name_col`: the volumes' own name for the task where the
/// parameters give one.
fn volumes_name<'a>(name_col: &str, task: &'a str, activity: Option<&'a str>) -> &'a str {
    match activity {
        Some(a) if name_col == col::ACTIVITY => a,
        _ => task,
    }
}

fn line_of(change: &Change) -> usize {
    match change {
        Change::Move { line, .. } | Change::Grow { line, .. } | Change::Add { line, .. } => *line,
    }
}

/// The frames a change touches: (frame, name column, amount columns scaled with the work).
fn tables(inputs: &mut Inputs) -> Vec<(&mut DataFrame, &'static str, &'static [&'static str])> {
    let mut out: Vec<(&mut DataFrame, &'static str, &'static [&'static str])> = Vec::new();
    if let Some(s) = inputs.survey.as_mut() {
        out.push((&mut s.frame, col::TASK, &[col::FREQUENCY, col::ANNUAL_HOURS]));
    }
    if let Some(v) = inputs.volumes.as_mut() {
        out.push((&mut v.frame, col::ACTIVITY, &[col::VOLUME]));
    }
    out
}

/// Rows of the latest year (every row when the table has no year).
fn latest(frame: &DataFrame) -> PolarsResult<Expr> {
    let Ok(years) = frame.column(col::YEAR) else {
        return Ok(lit(true));
    };
    let max = years.cast(&DataType::Int32)?.i32()?.max();
    Ok(match max {
        Some(y) => col(col::YEAR).cast(DataType::Int32).eq(lit(y)).fill_null(lit(true)),
        None => lit(true),
    })
}

/// Whether each row names `task` (width, case and spaces aside).
fn names(frame: &DataFrame, name_col: &str, task: &str) -> PolarsResult<Series> {
    let wanted = key(task);
    let names = frame.column(name_col)?.str()?;
    Ok(Series::new(
        "named".into(),
        names
            .iter()
            .map(|n| n.is_some_and(|n| key(n) == wanted))
            .collect::<Vec<bool>>(),
    ))
}

fn is_unit(name: &str) -> Expr {
    col(col::UNIT).eq(lit(crate::ingest::text::clean_name(name)))
}

/// Move `share` of `task` from unit `from` to `to`: the donor's rows scaled by 1 − share, copies
/// for the receiver scaled by share (without a person: the work, not the people, moves).
fn moved(
    frame: &DataFrame,
    name_col: &str,
    amounts: &[&str],
    (task, from, to): (&str, &str, &str),
    share: f64,
    line: usize,
) -> PolarsResult<(DataFrame, bool)> {
    let chosen = is_unit(from)
        .and(lit(names(frame, name_col, task)?))
        .and(latest(frame)?);
    let found = frame.clone().lazy().filter(chosen.clone()).collect()?.height() > 0;
    let chosen_again = chosen.clone();
    let scale = |by: f64| {
        amounts
            .iter()
            .map(|c| {
                when(chosen.clone())
                    .then(col(*c) * lit(by))
                    .otherwise(col(*c))
                    .alias(*c)
            })
            .collect::<Vec<_>>()
    };
    let kept = frame.clone().lazy().with_columns(scale(1.0 - share));
    let mut copies = frame
        .clone()
        .lazy()
        .filter(chosen)
        .with_columns(
            amounts
                .iter()
                .map(|c| (col(*c) * lit(share)).alias(*c))
                .collect::<Vec<_>>(),
        )
        .with_columns([lit(crate::ingest::text::clean_name(to)).alias(col::UNIT)]);
    if frame.column(col::PERSON).is_ok() {
        copies = copies.with_columns([lit(NULL).cast(DataType::String).alias(col::PERSON)]);
    }
    let copies = fresh(copies.collect()?, &[to, task, "move", &line.to_string()])?;
    // A whole move leaves the donor nothing of the task: its rows go, not stay at 0.
    let kept = if share >= 1.0 {
        kept.filter(chosen_again.not())
    } else {
        kept
    };
    Ok((concat([kept, copies.lazy()], UnionArgs::default())?.collect()?, found))
}

/// Rows made by a scenario, given an identity of their own: a row hash no filed row has (two
/// copies, or a copy and its donor, are never duplicates of each other) and no source row (they
/// come from no line of a file).
fn fresh(mut rows: DataFrame, seed: &[&str]) -> PolarsResult<DataFrame> {
    use std::hash::BuildHasher;
    let state = foldhash::fast::FixedState::with_seed(0x5ce7_a210);
    let n = rows.height();
    let base = state.hash_one((seed, n));
    if rows.column(col::ROW_HASH).is_ok() {
        let hashes: Vec<u64> = (0..n as u64).map(|i| state.hash_one((base, i))).collect();
        rows.with_column(Column::new(col::ROW_HASH.into(), hashes))?;
    }
    if rows.column(col::SOURCE_ROW).is_ok() {
        rows.with_column(Column::new(col::SOURCE_ROW.into(), vec![None::<u32>; n]))?;
    }
    Ok(rows)
}

/// Scale the rows of `task`, or of `unit`, or every row, by `factor`.
fn grown(
    frame: &DataFrame,
    name_col: &str,
    amounts: &[&str],
    task: Option<&str>,
    unit: Option<&str>,
    factor: f64,
) -> PolarsResult<(DataFrame, bool)> {
    let mut chosen = latest(frame)?;
    if let Some(t) = task {
        chosen = chosen.and(lit(names(frame, name_col, t)?));
    }
    if let Some(u) = unit {
        chosen = chosen.and(is_unit(u));
    }
    let found = frame.clone().lazy().filter(chosen.clone()).collect()?.height() > 0;
    let scaled = amounts
        .iter()
        .map(|c| {
            when(chosen.clone())
                .then(col(*c) * lit(factor))
                .otherwise(col(*c))
                .alias(*c)
        })
        .collect::<Vec<_>>();
    Ok((frame.clone().lazy().with_columns(scaled).collect()?, found))
}

/// A new duty as a survey row of the latest year with its annual hours.
fn added(frame: &DataFrame, unit: &str, task: &str, hours: f64, line: usize) -> PolarsResult<DataFrame> {
    let year: Option<i32> = match frame.column(col::YEAR) {
        Ok(c) => c.cast(&DataType::Int32)?.i32()?.max(),
        Err(_) => None,
    };
    let template = frame.head(Some(1));
    let mut row = template.clone();
    for c in frame.get_column_names_owned() {
        let dtype = frame.column(&c)?.dtype().clone();
        let value = match c.as_str() {
            col::UNIT => Series::new(c.clone(), [crate::ingest::text::clean_name(unit)]),
            col::TASK => Series::new(c.clone(), [task.to_owned()]),
            col::ANNUAL_HOURS => Series::new(c.clone(), [hours]),
            col::YEAR => Series::new(c.clone(), [year]),
            _ => Series::full_null(c.clone(), 1, &dtype),
        };
        row.with_column(value.cast(&dtype)?.into_column())?;
    }
    frame.vstack(&fresh(row, &[unit, task, "add", &line.to_string()])?)
}

fn no_task(file: &str, line: usize, task: &str, unit: &str) -> ScenarioError {
    ScenarioError::at(
        file,
        Some(line),
        format!("最近一年的调查和业务量中，“{unit}”没有工作事项“{task}”"),
        format!("'{unit}' has no task '{task}' in the latest year's survey or volumes"),
    )
}

fn no_staffing(file: &str) -> ScenarioError {
    ScenarioError::at(file, None, "没有编制情况表", "no staffing table")
}
