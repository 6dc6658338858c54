//! A scenario written back as a scenario file holds it: its name, the parameter keys it sets
//! over the base, and its changes. A project keeps its scenarios so (a later change of the
//! base reaches every key a scenario leaves alone), and the briefing folder writes each as a
//! file that `--scenario` reads back.

use super::file::{Change, Projection, Scenario, ScenarioError, activity_of, read};
use crate::Params;
use toml::{Table, Value};

/// `scenario` as the table of a scenario file: its overrides, name and changes.
pub fn to_table(scenario: &Scenario) -> Table {
    let mut table = scenario.overrides.clone();
    table.insert("name".into(), Value::String(scenario.name.clone()));
    let (mut moves, mut grows, mut adds) = (Vec::new(), Vec::new(), Vec::new());
    for change in &scenario.changes {
        match change {
            Change::Move {
                task, from, to, share, ..
            } => moves.push(Value::Table(Table::from_iter([
                ("task".to_owned(), Value::from(task.as_str())),
                ("from".to_owned(), Value::from(from.as_str())),
                ("to".to_owned(), Value::from(to.as_str())),
                ("share".to_owned(), Value::from(*share)),
            ]))),
            Change::Grow { factor, .. } => {
                let mut t = grow_target(change);
                t.insert("factor".into(), Value::from(*factor));
                grows.push(Value::Table(t));
            }
            Change::Add { unit, task, hours, .. } => adds.push(Value::Table(Table::from_iter([
                ("unit".to_owned(), Value::from(unit.as_str())),
                ("task".to_owned(), Value::from(task.as_str())),
                ("annual_hours".to_owned(), Value::from(*hours)),
            ]))),
        }
    }
    grows.extend(projected(&scenario.projection));
    for (key, list) in [("move", moves), ("grow", grows), ("add", adds)] {
        if !list.is_empty() {
            table.insert(key.into(), Value::Array(list));
        }
    }
    table
}

/// `scenario` as the text of a scenario file.
pub fn to_text(scenario: &Scenario) -> String {
    // A table of strings, numbers and tables always writes.
    toml::to_string_pretty(&to_table(scenario)).unwrap_or_default()
}

/// A scenario kept as a table (in a project, named `label` in errors), read over `base`. The
/// lines of the table's own text mean nothing where it is kept: errors name none.
pub fn from_table(table: &Table, label: &str, base: &Params) -> Result<Scenario, ScenarioError> {
    let text = toml::to_string(table).map_err(|e| ScenarioError::at(label, None, e.to_string(), e.to_string()))?;
    read(&text, label, base).map_err(|e| ScenarioError {
        zh: without_line(&e.zh, &format!("{label} 第 "), "行："),
        en: without_line(&e.en, &format!("{label}, line "), ": "),
    })
}

/// `message` with the line after `prefix` (up to `end`) taken out: "label：what".
fn without_line(message: &str, prefix: &str, end: &str) -> String {
    let label = prefix.trim_end_matches([' ', '第']).trim_end_matches(", line");
    match message.strip_prefix(prefix).and_then(|rest| rest.split_once(end)) {
        Some((_, what)) => format!("{label}{}{what}", if end == "行：" { "：" } else { ": " }),
        None => message.to_owned(),
    }
}

/// `scenario` laid over `base` instead: the keys it sets keep their values, the others take
/// the base's; each task's volumes name follows the parameters' `activity_names` again.
pub fn rebase(scenario: &Scenario, base: &Params) -> Result<Scenario, ScenarioError> {
    let params = super::overrides::overridden(base, &scenario.overrides, &[]).map_err(|e| {
        let (zh, en) = e.text();
        ScenarioError::at(&scenario.name, None, zh, en)
    })?;
    let mut again = Scenario {
        params,
        ..scenario.clone()
    };
    name_activities(&mut again.changes, &again.params);
    for year in &mut again.projection.by_year {
        name_activities(year, &again.params);
    }
    Ok(again)
}

/// Each task's name in the volumes, where `params`' `activity_names` map it.
pub fn name_activities(changes: &mut [Change], params: &Params) {
    for c in changes {
        match c {
            Change::Move { task, activity, .. } => *activity = activity_of(params, task),
            Change::Grow { task, activity, .. } => {
                *activity = task.as_deref().and_then(|t| activity_of(params, t));
            }
            Change::Add { .. } => {}
        }
    }
}

/// Give `scenario` the parameters `edited` (over `base`): every key set before stays set (at
/// its edited value), and every key where `edited` now differs from `base` is set too. A key
/// the edit takes away (a limit switched off that the base has on) cannot be set in a file:
/// the error names it.
pub fn set_params(scenario: &mut Scenario, edited: Params, base: &Params) -> Result<(), ScenarioError> {
    let failed = |e: String| ScenarioError::at(&scenario.name, None, &e, &e);
    let value = |p: &Params| match Value::try_from(p) {
        Ok(Value::Table(t)) => Ok(t),
        Ok(_) => Err(failed("parameters are no table".into())),
        Err(e) => Err(failed(e.to_string())),
    };
    let (base_t, edited_t) = (value(base)?, value(&edited)?);
    let overrides = kept(&scenario.overrides, &base_t, &edited_t).map_err(|key| {
        ScenarioError::at(
            &scenario.name,
            None,
            format!("“{key}”在本方案中被取消，而现行规则中有它：方案文件无法写出取消，请在现行规则中改"),
            format!("'{key}' is switched off in this scenario but set in the current rules: a scenario file cannot switch it off; change the current rules instead"),
        )
    })?;
    scenario.overrides = overrides;
    scenario.params = edited;
    name_activities(&mut scenario.changes, &scenario.params);
    Ok(())
}

/// The overrides after an edit: the keys of `before`, and those where `edited` differs from
/// `base`, each at `edited`'s value, table by table; a key `edited` lacks is the error.
fn kept(before: &Table, base: &Table, edited: &Table) -> Result<Table, String> {
    let mut out = Table::new();
    let keys = before
        .keys()
        .chain(edited.keys())
        .chain(base.keys())
        .collect::<std::collections::BTreeSet<_>>();
    for k in keys {
        let (was, b, e) = (before.get(k), base.get(k), edited.get(k));
        match (e, b) {
            (Some(Value::Table(et)), Some(Value::Table(bt))) => {
                let empty = Table::new();
                let wt = match was {
                    Some(Value::Table(t)) => t,
                    _ => &empty,
                };
                let sub = kept(wt, bt, et).map_err(|p| format!("{k}.{p}"))?;
                if !sub.is_empty() {
                    out.insert(k.clone(), Value::Table(sub));
                }
            }
            (Some(ev), _) if was.is_some() || b != Some(ev) => {
                out.insert(k.clone(), ev.clone());
            }
            (Some(_), _) => {}
            // Taken away while the base has it: no file can say so.
            (None, Some(_)) => return Err(k.clone()),
            (None, None) => {}
        }
    }
    Ok(out)
}

/// What names a growth: its task, its unit, or everything.
fn grow_target(change: &Change) -> Table {
    let Change::Grow { task, unit, .. } = change else {
        return Table::new();
    };
    match (task, unit) {
        (Some(t), _) => Table::from_iter([("task".to_owned(), Value::from(t.as_str()))]),
        (None, Some(u)) => Table::from_iter([("unit".to_owned(), Value::from(u.as_str()))]),
        (None, None) => Table::from_iter([("all".to_owned(), Value::Boolean(true))]),
    }
}

/// Each growth over years as one `[[grow]]` with its years and a factor per year.
fn projected(projection: &Projection) -> Vec<Value> {
    let Some(first) = projection.by_year.first() else {
        return Vec::new();
    };
    let years = Value::Array(projection.years.iter().map(|y| Value::from(i64::from(*y))).collect());
    (0..first.len())
        .map(|j| {
            let mut t = grow_target(&first[j]);
            let factors = projection
                .by_year
                .iter()
                .map(|year| match &year[j] {
                    Change::Grow { factor, .. } => Value::from(*factor),
                    _ => Value::from(1.0),
                })
                .collect();
            t.insert("factor".into(), Value::Array(factors));
            t.insert("years".into(), years.clone());
            Value::Table(t)
        })
        .collect()
}
