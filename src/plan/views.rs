//! Views of a finished plan: the copy in a language, the totals it conserves, and two scenarios
//! side by side.

use super::frames::column;
use super::{ALL_TYPES, Plan, col, reasons, type_en, type_key};
use crate::model::{Lang, col as mcol};
use polars::prelude::*;
use std::collections::BTreeMap;

/// A copy of the plan for display or export in `lang`: the `*_label` columns in that language and,
/// in English, the quota types by their English names. The codes are kept as they are. Compare
/// and test on the plan itself, not on this copy.
pub fn localize(plan: &Plan, lang: Lang) -> PolarsResult<Plan> {
    let relabel = |df: &DataFrame, pairs: &[(&str, &str)]| -> PolarsResult<DataFrame> {
        let mut out = df.clone();
        for (code_col, label_col) in pairs {
            let codes = df.column(code_col)?.str()?.clone();
            let labels: Vec<Option<String>> = codes.iter().map(|c| c.map(|c| reasons::labels(c, lang))).collect();
            out.with_column(column(label_col, labels))?;
        }
        // The overall summary row has no quota type column to rename in some frames.
        if lang == Lang::En && df.column(mcol::QUOTA_TYPE).is_ok() {
            let types = df.column(mcol::QUOTA_TYPE)?.str()?.clone();
            let names: Vec<Option<String>> = types.iter().map(|t| t.map(|t| type_en(t).to_owned())).collect();
            out.with_column(column(mcol::QUOTA_TYPE, names))?;
        }
        Ok(out)
    };
    Ok(Plan {
        units: relabel(
            &plan.units,
            &[(col::BOUND, col::BOUND_LABEL), (col::REASON, col::REASON_LABEL)],
        )?,
        transfers: relabel(
            &plan.transfers,
            &[
                (col::FROM_REASON, col::FROM_REASON_LABEL),
                (col::TO_REASON, col::TO_REASON_LABEL),
            ],
        )?,
        summary: relabel(&plan.summary, &[])?,
        findings: plan.findings.clone(),
    })
}

/// The conservation of the total, per quota type in the order of the summary (the overall row
/// [`ALL_TYPES`] last): approved quota before, Σ targets after and the office reserve, so that
/// `approved = target + reserve` can be read off the table.
pub fn totals(plan: &Plan) -> PolarsResult<DataFrame> {
    let sums = [
        col(mcol::APPROVED).sum().cast(DataType::Int64).alias(mcol::APPROVED),
        col(col::TARGET).sum().cast(DataType::Int64).alias(col::TARGET),
    ];
    let units = plan.units.clone().lazy();
    let by_type = units.clone().group_by([col(mcol::QUOTA_TYPE)]).agg(sums.clone());
    let all = units
        .select(sums)
        .with_columns([lit(ALL_TYPES).alias(mcol::QUOTA_TYPE)]);
    let sums = concat(
        [
            by_type.select([col(mcol::QUOTA_TYPE), col(mcol::APPROVED), col(col::TARGET)]),
            all.select([col(mcol::QUOTA_TYPE), col(mcol::APPROVED), col(col::TARGET)]),
        ],
        UnionArgs::default(),
    )?;
    plan.summary
        .clone()
        .lazy()
        .select([col(mcol::QUOTA_TYPE), col(col::RESERVE)])
        .join(
            sums,
            [col(mcol::QUOTA_TYPE)],
            [col(mcol::QUOTA_TYPE)],
            JoinArgs {
                maintain_order: MaintainOrderJoin::Left,
                ..JoinArgs::new(JoinType::Left)
            },
        )
        .select([
            col(mcol::QUOTA_TYPE),
            col(mcol::APPROVED),
            col(col::TARGET),
            col(col::RESERVE),
        ])
        .collect()
}

/// Two scenarios side by side, per unit × quota type: approved, target under `a`, under `b`, and
/// the difference `b − a`. A unit in only one plan has a null target in the other (and a null
/// difference).
pub fn compare(a: &Plan, b: &Plan) -> PolarsResult<DataFrame> {
    type Entry = (Option<String>, Option<i64>, Option<i64>, Option<i64>); // dept, approved, a, b
    let mut entries: BTreeMap<(String, String), Entry> = BTreeMap::new();
    for (side, plan) in [(0, a), (1, b)] {
        for (unit, dept, t, approved, target) in read_targets(&plan.units)? {
            let e = entries.entry((t, unit)).or_insert((None, None, None, None));
            e.0 = e.0.take().or(dept);
            e.1 = e.1.or(approved);
            if side == 0 {
                e.2 = target;
            } else {
                e.3 = target;
            }
        }
    }
    // Sorted with each row's own fields at hand, not looked up in the map per comparison.
    let mut rows: Vec<((String, String), Entry)> = entries.into_iter().collect();
    rows.sort_by(|(x, ex), (y, ey)| {
        type_key(&x.0)
            .cmp(&type_key(&y.0))
            .then_with(|| ex.0.is_none().cmp(&ey.0.is_none()))
            .then_with(|| ex.0.cmp(&ey.0))
            .then_with(|| x.1.cmp(&y.1))
    });
    let columns = vec![
        column(mcol::UNIT, rows.iter().map(|(k, _)| k.1.clone()).collect::<Vec<_>>()),
        column(
            mcol::DEPARTMENT,
            rows.iter().map(|(_, e)| e.0.clone()).collect::<Vec<_>>(),
        ),
        column(
            mcol::QUOTA_TYPE,
            rows.iter().map(|(k, _)| k.0.clone()).collect::<Vec<_>>(),
        ),
        column(mcol::APPROVED, rows.iter().map(|(_, e)| e.1).collect::<Vec<_>>()),
        column(col::TARGET_A, rows.iter().map(|(_, e)| e.2).collect::<Vec<_>>()),
        column(col::TARGET_B, rows.iter().map(|(_, e)| e.3).collect::<Vec<_>>()),
        column(
            col::DIFFERENCE,
            rows.iter().map(|(_, e)| Some(e.3? - e.2?)).collect::<Vec<_>>(),
        ),
    ];
    DataFrame::new(rows.len(), columns)
}

type TargetRow = (String, Option<String>, String, Option<i64>, Option<i64>);

/// (unit, department, quota type, approved, target) of a plan's units table.
fn read_targets(units: &DataFrame) -> PolarsResult<Vec<TargetRow>> {
    let read = || -> PolarsResult<Vec<TargetRow>> {
        let unit = units.column(mcol::UNIT)?.str()?.clone();
        let dept = units.column(mcol::DEPARTMENT)?.str()?.clone();
        let t = units.column(mcol::QUOTA_TYPE)?.str()?.clone();
        let approved = units.column(mcol::APPROVED)?.i64()?.clone();
        let target = units.column(col::TARGET)?.i64()?.clone();
        Ok((0..units.height())
            .filter_map(|i| {
                Some((
                    unit.get(i)?.to_owned(),
                    dept.get(i).map(str::to_owned),
                    t.get(i)?.to_owned(),
                    approved.get(i),
                    target.get(i),
                ))
            })
            .collect())
    };
    read()
}
