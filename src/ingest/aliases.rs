//! Unit names the person matched by hand: a survey or roster unit spelt otherwise than in the
//! staffing table (区挡案馆 for 区档案馆) is read as the staffing unit, and a note says so.

use super::Loaded;
use crate::findings::{Finding, Location};
use crate::model::col;
use polars::prelude::*;
use std::collections::BTreeMap;

/// Rename the units of `loaded` that `aliases` names (as filed → as in the staffing table).
pub fn apply(loaded: &mut Loaded, aliases: &BTreeMap<String, String>) -> PolarsResult<()> {
    if aliases.is_empty() || loaded.frame.column(col::UNIT).is_err() {
        return Ok(());
    }
    let units = loaded.frame.column(col::UNIT)?.str()?.clone();
    // Rows renamed, counted by the name as filed (two spellings of one unit each say theirs).
    let mut renamed: BTreeMap<String, usize> = BTreeMap::new();
    let new: Vec<Option<String>> = units
        .iter()
        .map(|u| {
            u.map(|u| {
                let filed = super::text::clean_name(u);
                match aliases.get(&filed) {
                    Some(to) => {
                        *renamed.entry(filed).or_default() += 1;
                        to.clone()
                    }
                    None => u.to_owned(),
                }
            })
        })
        .collect();
    loaded.frame.with_column(Column::new(col::UNIT.into(), new))?;
    for (from, to) in aliases {
        let Some(rows) = renamed.get(from.as_str()) else {
            continue;
        };
        loaded.findings.push(Finding::info(
            "unit_alias",
            Location::file(&loaded.file),
            format!("单位“{from}”按手动对应计入编制表中的“{to}”（{rows} 行）。"),
            format!("Unit '{from}' is counted as '{to}' of the staffing table, as matched by hand ({rows} rows)."),
        ));
    }
    Ok(())
}
