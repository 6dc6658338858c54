//! A scenario file: a name, parameter overrides (any key `--config` takes), and what-if changes
//! to the work — `[[move]]` a task's hours from one unit to another (职能划转, 编随事走),
//! `[[grow]]` hours or volumes by a factor, `[[add]]` a new duty. A key that means nothing, or a
//! value out of range, is an error that names the file and its line.

use super::overrides::Failed;
use crate::Params;
use serde::Deserialize;
use toml::Spanned;

/// What a scenario changes in the work, each with the line it was written on.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    /// Move `share` of `task`'s hours (or volumes) from unit `from` to unit `to`.
    Move {
        task: String,
        /// The task's name in the volumes, where the parameters' `activity_names` map it.
        activity: Option<String>,
        from: String,
        to: String,
        share: f64,
        line: usize,
    },
    /// Scale the hours (or volumes) of `task`, of `unit`, or of everything, by `factor`.
    Grow {
        task: Option<String>,
        /// The task's name in the volumes, where the parameters' `activity_names` map it.
        activity: Option<String>,
        unit: Option<String>,
        factor: f64,
        line: usize,
    },
    /// A new duty: `hours` a year of `task` for `unit`.
    Add {
        unit: String,
        task: String,
        hours: f64,
        line: usize,
    },
}

/// A scenario: its name, its parameters (the base's with its overrides), its changes, and
/// the growth it projects over years (empty when it projects none).
#[derive(Debug, Clone, PartialEq)]
pub struct Scenario {
    pub name: String,
    /// The parameter keys it sets over the base (what its file writes besides its changes):
    /// laid over another base, these keep their values and the rest follow the base.
    pub overrides: toml::Table,
    /// The base's parameters with the overrides laid over them.
    pub params: Params,
    pub changes: Vec<Change>,
    pub projection: Projection,
}

/// Workload projected over years: for each year, the growth of each target (one `Grow` per
/// `[[grow]]` with years, its factor that year's).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Projection {
    pub years: Vec<i32>,
    /// Per year (in `years` order), the changes that make it.
    pub by_year: Vec<Vec<Change>>,
}

/// Why a scenario file cannot be used, naming the file and the line.
#[derive(Debug, Clone, PartialEq)]
pub struct ScenarioError {
    pub zh: String,
    pub en: String,
}

impl ScenarioError {
    pub fn at(file: &str, line: Option<usize>, zh: impl AsRef<str>, en: impl AsRef<str>) -> ScenarioError {
        let (wz, we) = match line {
            Some(l) => (format!("{file} 第 {l} 行"), format!("{file}, line {l}")),
            None => (file.to_owned(), file.to_owned()),
        };
        ScenarioError {
            zh: format!("{wz}：{}", zh.as_ref()),
            en: format!("{we}: {}", en.as_ref()),
        }
    }

    pub fn message(&self, lang: crate::Lang) -> &str {
        lang.pick(&self.zh, &self.en)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MoveSpec {
    task: Spanned<String>,
    from: String,
    to: String,
    #[serde(default = "whole")]
    share: f64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct GrowSpec {
    task: Option<Spanned<String>>,
    unit: Option<String>,
    #[serde(default)]
    all: bool,
    factor: Spanned<Factor>,
    /// Years, one per factor: a projection rather than one change.
    years: Option<Vec<i32>>,
}

/// One factor, or one per projected year.
#[derive(Deserialize, Clone)]
#[serde(untagged)]
enum Factor {
    One(f64),
    ByYear(Vec<f64>),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AddSpec {
    unit: Spanned<String>,
    task: String,
    annual_hours: f64,
}

fn whole() -> f64 {
    1.0
}

/// The changes of a file; the rest of it is parameters.
#[derive(Deserialize)]
struct Changes {
    name: Option<String>,
    #[serde(default, rename = "move")]
    moves: Vec<MoveSpec>,
    #[serde(default)]
    grow: Vec<GrowSpec>,
    #[serde(default)]
    add: Vec<AddSpec>,
}

const CHANGE_KEYS: [&str; 4] = ["name", "move", "grow", "add"];

/// Read a scenario from `text` (the file `file`), on top of `base` parameters.
pub fn read(text: &str, file: &str, base: &Params) -> Result<Scenario, ScenarioError> {
    let line_of = |offset: usize| text[..offset.min(text.len())].matches('\n').count() + 1;
    let syntax = |e: toml::de::Error| syntax_error(&e, e.span().map(|s| line_of(s.start)), file);
    let spec: Changes = toml::from_str(text).map_err(syntax)?;
    let mut table: toml::Table = toml::from_str(text).map_err(syntax)?;
    plan_method(&mut table, text, file)?;
    let params = super::overrides::overridden(base, &table, &CHANGE_KEYS).map_err(|e| match e {
        Failed::Unknown(path) => unknown(&path, file, key_line(text, &path)),
        Failed::Mismatch(path) => ScenarioError::at(
            file,
            key_line(text, &path),
            format!("“{path}”的值类型与参数不符"),
            format!("'{path}' has a value of the wrong kind for that parameter"),
        ),
        Failed::Other(zh, en) => ScenarioError::at(file, None, zh, en),
    })?;
    let mut changes = Vec::new();
    for m in spec.moves {
        let line = line_of(m.task.span().start);
        if !(m.share > 0.0 && m.share <= 1.0) {
            return Err(ScenarioError::at(
                file,
                Some(line),
                format!("share 须大于 0、不大于 1，现为 {}", m.share),
                format!("share must be above 0 and at most 1, got {}", m.share),
            ));
        }
        let task = m.task.into_inner();
        changes.push(Change::Move {
            activity: activity_of(&params, &task),
            task,
            from: m.from,
            to: m.to,
            share: m.share,
            line,
        });
    }
    let mut projection = Projection::default();
    for g in spec.grow {
        let line = line_of(g.factor.span().start);
        let factors = match (g.factor.get_ref().clone(), &g.years) {
            (Factor::One(f), None) => vec![f],
            (Factor::ByYear(f), Some(years)) if f.len() == years.len() && !f.is_empty() => f,
            _ => {
                return Err(ScenarioError::at(
                    file,
                    Some(line),
                    "factor 为一个数；写了 years 时，factor 须为同样多个数的列表",
                    "factor is one number; with years, a list of as many numbers",
                ));
            }
        };
        let targets = usize::from(g.task.is_some()) + usize::from(g.unit.is_some()) + usize::from(g.all);
        if targets != 1 || !factors.iter().all(|f| f.is_finite() && *f >= 0.0) {
            return Err(ScenarioError::at(
                file,
                Some(line),
                "[[grow]] 须只写 task、unit、all 中的一个，factor 须为不小于 0 的数",
                "[[grow]] takes exactly one of task, unit or all, and a factor of 0 or more",
            ));
        }
        let grow = |factor: f64| Change::Grow {
            task: g.task.as_ref().map(|t| t.get_ref().clone()),
            activity: g.task.as_ref().and_then(|t| activity_of(&params, t.get_ref())),
            unit: g.unit.clone(),
            factor,
            line,
        };
        match &g.years {
            None => changes.push(grow(factors[0])),
            Some(years) => project(&mut projection, years, factors.into_iter().map(grow).collect())
                .map_err(|(zh, en)| ScenarioError::at(file, Some(line), zh, en))?,
        }
    }
    for a in spec.add {
        let line = line_of(a.unit.span().start);
        if !(a.annual_hours.is_finite() && a.annual_hours > 0.0) {
            return Err(ScenarioError::at(
                file,
                Some(line),
                "annual_hours 须为正数",
                "annual_hours must be positive",
            ));
        }
        changes.push(Change::Add {
            unit: a.unit.into_inner(),
            task: a.task,
            hours: a.annual_hours,
            line,
        });
    }
    let name = spec.name.unwrap_or_else(|| {
        std::path::Path::new(file)
            .file_stem()
            .map_or_else(|| file.to_owned(), |s| s.to_string_lossy().into_owned())
    });
    let overrides = table
        .into_iter()
        .filter(|(k, _)| !CHANGE_KEYS.contains(&k.as_str()))
        .collect();
    let scenario = Scenario {
        name,
        overrides,
        params,
        changes,
        projection,
    };
    check(&scenario, file)?;
    Ok(scenario)
}

/// Whether the scenario's changes can be made under its parameters: capped hours are capped
/// per person, so a task moved away from a capped person would come back uncapped at the
/// receiver, and the total would not hold.
pub fn check(scenario: &Scenario, file: &str) -> Result<(), ScenarioError> {
    let first_move = scenario.changes.iter().find_map(|c| match c {
        Change::Move { line, .. } => Some(*line),
        _ => None,
    });
    match first_move {
        Some(line) if scenario.params.survey.cap_person_hours => Err(ScenarioError::at(
            file,
            Some(line),
            "个人工时按上限计（survey.cap_person_hours）时不能划转事项：上限按人计算，划转后总量无法保持",
            "a task cannot be moved while personal hours are capped (survey.cap_person_hours): the cap is per person, and the total would not hold",
        )),
        _ => Ok(()),
    }
}

/// Why the text is no scenario file, at `line`: serde's words for a factor of the wrong kind
/// mean nothing to an office.
fn syntax_error(e: &toml::de::Error, line: Option<usize>, file: &str) -> ScenarioError {
    if e.message().contains("enum Factor") {
        return ScenarioError::at(
            file,
            line,
            "factor 须为一个数（如 1.2），写了 years 时为与之一样多的数（如 [1.05, 1.1]）",
            "factor is a number (such as 1.2), or with years as many numbers (such as [1.05, 1.1])",
        );
    }
    ScenarioError::at(file, line, e.message(), e.message())
}

/// The apportionment method as written (any case: hamilton), or an error naming the line and
/// the methods there are.
fn plan_method(table: &mut toml::Table, text: &str, file: &str) -> Result<(), ScenarioError> {
    let Some(toml::Value::String(m)) = table.get_mut("plan").and_then(|p| p.get_mut("method")) else {
        return Ok(());
    };
    match ["Webster", "Hamilton"]
        .iter()
        .find(|v| v.eq_ignore_ascii_case(m.trim()))
    {
        Some(v) => {
            *m = (*v).to_owned();
            Ok(())
        }
        None => Err(ScenarioError::at(
            file,
            key_line(text, "plan.method"),
            format!("plan.method 须为 Webster（韦伯斯特法）或 Hamilton（最大余数法），现为“{m}”"),
            format!("plan.method is Webster or Hamilton, not '{m}'"),
        )),
    }
}

/// The volumes' name of survey task `task`, where the parameters' `activity_names` map it.
pub fn activity_of(params: &Params, task: &str) -> Option<String> {
    let k = crate::analysis::names::key(task);
    params
        .activity_names
        .iter()
        .find(|(t, _)| crate::analysis::names::key(t) == k)
        .map(|(_, a)| a.clone())
}

/// Add one `[[grow]]`'s yearly changes to the projection; every projected growth names the
/// same years.
fn project(
    projection: &mut Projection,
    years: &[i32],
    yearly: Vec<Change>,
) -> Result<(), (&'static str, &'static str)> {
    if projection.years.is_empty() {
        if years.windows(2).any(|w| w[0] >= w[1]) {
            return Err(("years 须逐年递增、不重复", "years must increase, each once"));
        }
        projection.years = years.to_vec();
        projection.by_year = vec![Vec::new(); years.len()];
    } else if projection.years != years {
        return Err((
            "各 [[grow]] 的 years 须相同",
            "every [[grow]] with years must name the same years",
        ));
    }
    for (changes, change) in projection.by_year.iter_mut().zip(yearly) {
        changes.push(change);
    }
    Ok(())
}

/// The line that writes `path`'s last part as a key, or `path` (or a table it ends) as a
/// table name ([plan], [plan.foo], [by_quota_type."事业编制".calendar]).
fn key_line(text: &str, path: &str) -> Option<usize> {
    let last = path.rsplit('.').next().unwrap_or(path);
    let plain = |s: &str| s.replace(['"', ' '], "");
    text.lines()
        .position(|l| {
            let l = l.trim();
            if let Some(header) = l.strip_prefix('[') {
                let header = plain(header.trim_start_matches('[').trim_end_matches(']'));
                return header == plain(path) || header.ends_with(&format!(".{last}")) || header == last;
            }
            l.split('=').next().is_some_and(|k| plain(k) == last)
        })
        .map(|i| i + 1)
}

fn unknown(path: &str, file: &str, line: Option<usize>) -> ScenarioError {
    ScenarioError::at(
        file,
        line,
        format!("“{path}”不是参数，也不是 name、[[move]]、[[grow]]、[[add]]"),
        format!("'{path}' is no parameter, nor name, [[move]], [[grow]] or [[add]]"),
    )
}
