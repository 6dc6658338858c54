//! What tells one unit from another: its name, and the partition columns (`district=…/`)
//! when several offices' tables are read as one, since two districts may both have a 财政局.

use super::SqlError;

/// The partition columns before the unit's name, in every grouping, join and window.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Keys(Vec<String>);

impl Keys {
    /// Partition columns by name: plain words, so they need no quoting in either dialect.
    pub fn new(columns: &[String]) -> Result<Keys, SqlError> {
        for c in columns {
            let plain = c.chars().next().is_some_and(|h| h.is_ascii_alphabetic() || h == '_')
                && c.chars().all(|x| x.is_ascii_alphanumeric() || x == '_');
            if !plain {
                return Err(SqlError::Column(c.clone()));
            }
        }
        Ok(Keys(columns.to_vec()))
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `a.district, ` for each partition column (none: empty), to stand before `a.unit`.
    pub(super) fn prefix(&self, alias: &str) -> String {
        let dot = if alias.is_empty() {
            String::new()
        } else {
            format!("{alias}.")
        };
        self.0.iter().map(|k| format!("{dot}{k}, ")).collect()
    }

    /// `a.district = b.district AND ` for each partition column, to stand before the unit's.
    pub(super) fn equal(&self, a: &str, b: &str) -> String {
        self.0.iter().map(|k| format!("{a}.{k} = {b}.{k} AND ")).collect()
    }

    /// `a` with its scope's year: one year for one report, each partition's own for several.
    pub(super) fn year_join(&self, a: &str) -> String {
        if self.is_empty() {
            "CROSS JOIN satlas_year y".to_owned()
        } else {
            let on = self.equal(a, "y");
            format!("JOIN satlas_year y ON {}", on.trim_end_matches(" AND "))
        }
    }

    /// `GROUP BY district` for the year of each partition; nothing for one report.
    pub(super) fn group_by(&self) -> String {
        if self.is_empty() {
            String::new()
        } else {
            format!(" GROUP BY {}", self.0.join(", "))
        }
    }
}
