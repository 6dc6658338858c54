//! A scenario's parameter keys laid over the base parameters: tables merged key by key, each
//! value of the kind its parameter takes, and every key written kept by the parameters (a key
//! they do not know — a typo, a misplaced table — would otherwise change nothing, silently).

use crate::Params;

/// Why the keys cannot be laid over the parameters.
pub(super) enum Failed {
    /// A key no parameter has (its path).
    Unknown(String),
    /// A value of another kind than its parameter's (its path).
    Mismatch(String),
    Other(String, String),
}

impl Failed {
    /// What went wrong, in both languages.
    pub(super) fn text(&self) -> (String, String) {
        match self {
            Failed::Unknown(path) => (format!("“{path}”不是参数"), format!("'{path}' is no parameter")),
            Failed::Mismatch(path) => (
                format!("“{path}”的值类型与参数不符"),
                format!("'{path}' has a value of the wrong kind for that parameter"),
            ),
            Failed::Other(zh, en) => (zh.clone(), en.clone()),
        }
    }
}

/// `base` with `table`'s keys laid over it, but those in `skip` (the scenario's own).
pub(super) fn overridden(base: &Params, table: &toml::Table, skip: &[&str]) -> Result<Params, Failed> {
    let other = |e: String| Failed::Other(e.clone(), e);
    let mut merged = toml::Value::try_from(base).map_err(|e| other(e.to_string()))?;
    let mine: toml::Table = table
        .iter()
        .filter(|(k, _)| !skip.contains(&k.as_str()))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    for (key, value) in &mine {
        lay_over(&mut merged, key, value, key)?;
    }
    let params: Params = merged
        .try_into()
        .map_err(|e: toml::de::Error| other(e.message().to_owned()))?;
    // Every key written must still be there once read: else no parameter took it.
    let back = toml::Value::try_from(&params).map_err(|e| other(e.to_string()))?;
    if let Some(lost) = paths(&mine, "").into_iter().find(|p| !has(&back, p)) {
        // Named at its first part no parameter has ([calender], not calender.working_days).
        let parts: Vec<&str> = lost.split('.').collect();
        let first = (1..=parts.len())
            .map(|n| parts[..n].join("."))
            .find(|p| !has(&back, p))
            .unwrap_or(lost);
        return Err(Failed::Unknown(first));
    }
    params.validate().map_err(|e| Failed::Other(e.zh, e.en))?;
    Ok(params)
}

/// Lay `value` over `target[key]`, table by table; a value of another kind than the one there
/// is a mismatch named by `path`.
fn lay_over(target: &mut toml::Value, key: &str, value: &toml::Value, path: &str) -> Result<(), Failed> {
    let toml::Value::Table(t) = target else {
        return Err(Failed::Mismatch(path.to_owned()));
    };
    match t.get_mut(key) {
        Some(inner @ toml::Value::Table(_)) => {
            let toml::Value::Table(sub) = value else {
                return Err(Failed::Mismatch(path.to_owned()));
            };
            for (k, v) in sub {
                lay_over(inner, k, v, &format!("{path}.{k}"))?;
            }
            Ok(())
        }
        Some(slot) if !same_kind(slot, value) => Err(Failed::Mismatch(path.to_owned())),
        Some(slot) => {
            *slot = value.clone();
            Ok(())
        }
        None => {
            t.insert(key.to_owned(), value.clone());
            Ok(())
        }
    }
}

/// Whether two values are of one kind (an integer stands for a number).
fn same_kind(a: &toml::Value, b: &toml::Value) -> bool {
    use toml::Value::*;
    matches!(
        (a, b),
        (String(_), String(_))
            | (Integer(_) | Float(_), Integer(_) | Float(_))
            | (Boolean(_), Boolean(_))
            | (Array(_), Array(_))
            | (Datetime(_), Datetime(_))
    )
}

/// The dotted paths of every key in `table`, tables and their keys alike (arrays as one key;
/// an empty array is the default of a list and is not looked for).
fn paths(table: &toml::Table, prefix: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (k, v) in table {
        let path = if prefix.is_empty() {
            k.clone()
        } else {
            format!("{prefix}.{k}")
        };
        match v {
            toml::Value::Table(sub) => out.extend(paths(sub, &path)),
            toml::Value::Array(a) if a.is_empty() => {}
            _ => out.push(path),
        }
    }
    out
}

/// Whether `value` holds the dotted `path` (keys may hold dots of their own: the longest key
/// that matches is taken).
fn has(value: &toml::Value, path: &str) -> bool {
    let toml::Value::Table(t) = value else {
        return path.is_empty();
    };
    if path.is_empty() {
        return true;
    }
    t.iter().any(|(k, v)| {
        path == k
            || path
                .strip_prefix(k.as_str())
                .and_then(|rest| rest.strip_prefix('.'))
                .is_some_and(|rest| has(v, rest))
    })
}
