//! Checks across the files: a staffing row left out as a total or a heading whose name the
//! survey files work for is more likely a unit, and the person is told so.

use super::text::clean_name;
use super::{Loaded, Skip};
use crate::findings::{Finding, Location};
use crate::model::col;
use std::collections::HashMap;

/// Findings for staffing rows left out on a guess (a total by its numbers or its area name,
/// a heading) whose name has rows in the survey.
pub fn left_out_with_work(staffing: &Loaded, survey: &Loaded) -> Vec<Finding> {
    let Ok(units) = survey.frame.column(col::UNIT).and_then(|c| c.str().cloned()) else {
        return Vec::new();
    };
    let mut tasks: HashMap<&str, usize> = HashMap::new();
    for u in units.iter().flatten() {
        *tasks.entry(u).or_default() += 1;
    }
    staffing
        .skipped
        .iter()
        .filter(|s| matches!(s.why, Skip::SumTotal | Skip::AreaTotal | Skip::Section))
        .filter_map(|s| {
            let name = clean_name(&s.name);
            let n = *tasks.get(name.as_str())?;
            Some(Finding::warning(
                "left_out_has_work",
                Location::file(&staffing.file)
                    .with_sheet(staffing.sheet.as_deref())
                    .with_row(s.row),
                format!(
                    "“{name}”一行按{}未计入，但调查表中有它的 {n} 条工作事项：它可能是一个单位，请核实编制表。",
                    s.why.label(crate::Lang::Zh)
                ),
                format!(
                    "The row '{name}' was left out as one of the {}, but the survey has {n} tasks for it: it may be a unit; please check the staffing table.",
                    s.why.label(crate::Lang::En)
                ),
            ))
        })
        .collect()
}
