//! What changed between two plans of the same inputs: the posts moved and each unit whose
//! target moved, so that a rule or method change says what it did.

use super::{ALL_TYPES, Plan, col, compare};
use crate::analysis::Rows;
use crate::model::col as mcol;
use polars::prelude::PolarsResult;

/// One unit × quota type whose target differs.
#[derive(Debug, Clone, PartialEq)]
pub struct TargetChange {
    pub unit: String,
    pub quota_type: String,
    pub before: Option<i64>,
    pub after: Option<i64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PlanChanges {
    /// Posts moved by the earlier plan and by the new one.
    pub moved: [Option<i64>; 2],
    pub targets: Vec<TargetChange>,
}

impl PlanChanges {
    pub fn is_empty(&self) -> bool {
        self.moved[0] == self.moved[1] && self.targets.is_empty()
    }
}

/// The changes from plan `a` to plan `b`.
pub fn changes(a: &Plan, b: &Plan) -> PolarsResult<PlanChanges> {
    let moved = [moved(a)?, moved(b)?];
    let side_by_side = compare(a, b)?;
    let rows = Rows::new(&side_by_side)?;
    let targets = (0..rows.height())
        .filter_map(|i| {
            let (before, after) = (rows.i64(col::TARGET_A, i), rows.i64(col::TARGET_B, i));
            (before != after).then(|| TargetChange {
                unit: rows.str(mcol::UNIT, i).unwrap_or("").to_owned(),
                quota_type: rows.str(mcol::QUOTA_TYPE, i).unwrap_or("").to_owned(),
                before,
                after,
            })
        })
        .collect();
    Ok(PlanChanges { moved, targets })
}

/// Posts a plan moves in all, from its overall summary row.
fn moved(plan: &Plan) -> PolarsResult<Option<i64>> {
    let rows = Rows::new(&plan.summary)?;
    Ok((0..rows.height())
        .find(|&i| rows.str(mcol::QUOTA_TYPE, i) == Some(ALL_TYPES))
        .and_then(|i| rows.i64(col::MOVED, i)))
}
