//! What changed between two plans of the same inputs: the posts moved and each unit whose
//! target moved, so that a rule or method change says what it did.

use super::{ALL_TYPES, Plan, col, compare, type_key};
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
    let targets = match same_rows(a, b)? {
        true => changed_in_place(a, b)?,
        false => changed_by_key(a, b)?,
    };
    Ok(PlanChanges { moved, targets })
}

/// Whether both plans list the same units × quota types in the same order, as two plans of the
/// same inputs do (a plan lists each pair once).
fn same_rows(a: &Plan, b: &Plan) -> PolarsResult<bool> {
    let keys = |p: &Plan| p.units.select([mcol::UNIT, mcol::QUOTA_TYPE]);
    Ok(keys(a)?.equals_missing(&keys(b)?))
}

/// The rows whose targets differ, read place by place, in the order [`compare`] gives them:
/// by quota type, department (unknown last) and unit. An edit compares two plans of thousands
/// of rows; only the few that moved are sorted.
fn changed_in_place(a: &Plan, b: &Plan) -> PolarsResult<Vec<TargetChange>> {
    let (ra, rb) = (Rows::new(&a.units)?, Rows::new(&b.units)?);
    let mut changed: Vec<(usize, Option<&str>)> = (0..ra.height())
        .filter(|&i| ra.str(mcol::UNIT, i).is_some() && ra.str(mcol::QUOTA_TYPE, i).is_some())
        .filter(|&i| ra.i64(col::TARGET, i) != rb.i64(col::TARGET, i))
        .map(|i| (i, ra.str(mcol::DEPARTMENT, i).or(rb.str(mcol::DEPARTMENT, i))))
        .collect();
    let unit = |i: usize| ra.str(mcol::UNIT, i).unwrap_or("");
    let quota_type = |i: usize| ra.str(mcol::QUOTA_TYPE, i).unwrap_or("");
    changed.sort_by(|&(x, dx), &(y, dy)| {
        type_key(quota_type(x))
            .cmp(&type_key(quota_type(y)))
            .then_with(|| dx.is_none().cmp(&dy.is_none()))
            .then_with(|| dx.cmp(&dy))
            .then_with(|| unit(x).cmp(unit(y)))
    });
    Ok(changed
        .into_iter()
        .map(|(i, _)| TargetChange {
            unit: unit(i).to_owned(),
            quota_type: quota_type(i).to_owned(),
            before: ra.i64(col::TARGET, i),
            after: rb.i64(col::TARGET, i),
        })
        .collect())
}

/// The rows whose targets differ, matched by unit and quota type.
fn changed_by_key(a: &Plan, b: &Plan) -> PolarsResult<Vec<TargetChange>> {
    let side_by_side = compare(a, b)?;
    let rows = Rows::new(&side_by_side)?;
    let targets: Vec<TargetChange> = (0..rows.height())
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
    Ok(targets)
}

/// Posts a plan moves in all, from its overall summary row.
fn moved(plan: &Plan) -> PolarsResult<Option<i64>> {
    let rows = Rows::new(&plan.summary)?;
    Ok((0..rows.height())
        .find(|&i| rows.str(mcol::QUOTA_TYPE, i) == Some(ALL_TYPES))
        .and_then(|i| rows.i64(col::MOVED, i)))
}
