//! A scenario written back as a scenario file holds it: its name, the parameters where they
//! differ from the base, and its changes. A project keeps its scenarios so (a later change of
//! the base reaches every key a scenario leaves alone), and the briefing folder writes each
//! as a file that `--scenario` reads back.

use super::file::{Change, Projection, Scenario, ScenarioError, read};
use crate::Params;
use toml::{Table, Value};

/// `scenario` as the table of a scenario file, over `base`. A parameter entry the scenario
/// drops from a list or a map of the base cannot be written as an override: it is an error.
pub fn to_table(scenario: &Scenario, base: &Params) -> Result<Table, ScenarioError> {
    let failed = |zh: String, en: String| ScenarioError::at(&scenario.name, None, zh, en);
    let value = |p: &Params| Value::try_from(p).map_err(|e| failed(e.to_string(), e.to_string()));
    let mut table = match differences(&value(base)?, &value(&scenario.params)?, "") {
        Ok(Some(Value::Table(t))) => t,
        Ok(_) => Table::new(),
        Err(path) => {
            return Err(failed(
                format!("参数“{path}”在方案中被删去，无法写成覆盖项"),
                format!("the parameter '{path}' is removed in the scenario and cannot be written as an override"),
            ));
        }
    };
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
    Ok(table)
}

/// `scenario` as the text of a scenario file, over `base`.
pub fn to_text(scenario: &Scenario, base: &Params) -> Result<String, ScenarioError> {
    let table = to_table(scenario, base)?;
    toml::to_string_pretty(&table).map_err(|e| ScenarioError::at(&scenario.name, None, e.to_string(), e.to_string()))
}

/// A scenario kept as a table (in a project, named `label` in errors), read over `base`.
pub fn from_table(table: &Table, label: &str, base: &Params) -> Result<Scenario, ScenarioError> {
    let text = toml::to_string(table).map_err(|e| ScenarioError::at(label, None, e.to_string(), e.to_string()))?;
    read(&text, label, base)
}

/// `scenario`, made over `old`, laid over `new` instead: the keys it overrides keep its
/// values, the others take the new base's.
pub fn rebase(scenario: &Scenario, old: &Params, new: &Params) -> Result<Scenario, ScenarioError> {
    let mut again = from_table(&to_table(scenario, old)?, &scenario.name, new)?;
    // Read back, a change's line is its place in the written table: keep the first ones.
    again.changes.clone_from(&scenario.changes);
    Ok(again)
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

/// What `mine` sets that `base` does not (None when nothing), table by table; the path of a
/// key `base` has and `mine` lacks is the error.
fn differences(base: &Value, mine: &Value, path: &str) -> Result<Option<Value>, String> {
    let (Value::Table(b), Value::Table(m)) = (base, mine) else {
        return Ok((base != mine).then(|| mine.clone()));
    };
    let join = |k: &str| {
        if path.is_empty() {
            k.to_owned()
        } else {
            format!("{path}.{k}")
        }
    };
    if let Some(k) = b.keys().find(|k| !m.contains_key(*k)) {
        return Err(join(k));
    }
    let mut out = Table::new();
    for (k, v) in m {
        let differs = match b.get(k) {
            Some(bv) => differences(bv, v, &join(k))?,
            None => Some(v.clone()),
        };
        if let Some(d) = differs {
            out.insert(k.clone(), d);
        }
    }
    Ok((!out.is_empty()).then_some(Value::Table(out)))
}
