//! The survey rows' groups, found once per count of their hours: each row's unit and year as
//! the number of its group, and the quota type its person has on the roster. When the working
//! time or a survey rule changes, the sums per unit and per quota type then group numbers, not
//! a million names.

use super::workload::{HOURS, HOURS_ADJUSTED};
use crate::model::{QuotaType, col};
use polars::prelude::*;

/// Column internal to the analysis: the number of a row's (unit, year) group.
pub(super) const UNIT_GROUP: &str = "unit_group";
/// Column internal to the analysis: the quota type of a row's person on the roster.
const PERSON_TYPE: &str = "person_type";
/// Column internal to the analysis: the number of a row's (unit group, quota type) group.
const TYPE_GROUP: &str = "type_group";

/// The groups of the survey's rows: each one's unit and year, and each unit group's quota
/// types on the roster.
pub(super) struct Groups {
    units: DataFrame,
    types: DataFrame,
}

/// The rows of `tasks` with their unit's group and their person's quota type's group (null
/// when the roster does not list them with one), in the order given; and the groups.
pub(super) fn grouped(tasks: DataFrame, roster: Option<&DataFrame>, year: i32) -> PolarsResult<(DataFrame, Groups)> {
    let key = [col(col::UNIT), col(col::YEAR)];
    let units = numbered(tasks.clone().lazy().select(key.clone()), UNIT_GROUP)?;
    let rows = tasks
        .lazy()
        .join(units.clone().lazy(), key.clone(), key, in_order(true));
    let rows = match roster {
        Some(roster) => {
            let person = [col(col::UNIT), col(col::PERSON), col(col::YEAR)];
            rows.join(roster_people(roster, year), person.clone(), person, in_order(false))
        }
        None => rows.with_column(lit(NULL).cast(DataType::String).alias(PERSON_TYPE)),
    };
    let rows = rows.collect()?;
    let type_key = [col(UNIT_GROUP), col(PERSON_TYPE)];
    let typed = rows.clone().lazy().filter(col(PERSON_TYPE).is_not_null());
    let types = numbered(typed.select(type_key.clone()), TYPE_GROUP)?;
    let rows = rows
        .lazy()
        .join(types.clone().lazy(), type_key.clone(), type_key, in_order(false))
        .drop(by_name([PERSON_TYPE], true, false))
        .collect()?;
    Ok((rows, Groups { units, types }))
}

/// Each distinct row of `keys`, in the order they first appear, with its number in `name`.
fn numbered(keys: LazyFrame, name: &str) -> PolarsResult<DataFrame> {
    keys.unique_stable_generic(None, UniqueKeepStrategy::First)
        .with_row_index(name, None)
        .collect()
}

/// A left join that keeps the left rows' order (a row's place is what its sums follow).
fn in_order(nulls_equal: bool) -> JoinArgs {
    JoinArgs {
        nulls_equal,
        maintain_order: MaintainOrderJoin::Left,
        ..JoinArgs::new(JoinType::Left)
    }
}

/// The roster's people with a quota type, each once (the first row that names them).
fn roster_people(roster: &DataFrame, year: i32) -> LazyFrame {
    let person = [col(col::UNIT), col(col::PERSON), col(col::YEAR)];
    roster
        .clone()
        .lazy()
        .with_columns([col(col::YEAR).cast(DataType::Int32).fill_null(lit(year))])
        .filter(
            col(col::PERSON)
                .is_not_null()
                .and(col(col::QUOTA_TYPE).neq(lit(QuotaType::Unspecified.canonical()))),
        )
        .select([
            col(col::UNIT),
            col(col::PERSON),
            col(col::YEAR),
            col(col::QUOTA_TYPE).alias(PERSON_TYPE),
        ])
        .unique_stable_generic(Some(person.to_vec()), UniqueKeepStrategy::First)
}

/// `frame`'s numbers in `id` replaced by the rows of `groups` they number, in front.
fn named(frame: DataFrame, id: &str, groups: &DataFrame) -> PolarsResult<DataFrame> {
    let ids = frame.column(id)?.as_materialized_series().idx()?.clone();
    let names: Vec<_> = groups
        .get_column_names()
        .into_iter()
        .filter(|c| c.as_str() != id)
        .cloned()
        .collect();
    let mut named = groups.select(names)?.take(&ids)?;
    named.hstack_mut(frame.drop(id)?.columns())?;
    Ok(named)
}

/// Each unit's workload per year, reported and adjusted, and its tasks, in the order the
/// units first appear among the rows. A unit with a time unknown has its workload unknown.
pub(super) fn unit_sums(rows: &DataFrame, groups: &Groups) -> PolarsResult<DataFrame> {
    // Sums and null counts are each one pass over the groups; a sum decided per group is not.
    let known = |c: &str, nulls: &str| {
        when(col(nulls).gt(lit(0)))
            .then(lit(NULL).cast(DataType::Float64))
            .otherwise(col(c))
            .alias(c)
    };
    let sums = rows
        .clone()
        .lazy()
        .group_by_stable([col(UNIT_GROUP)])
        .agg([
            col(HOURS).sum().alias(col::WORKLOAD_REPORTED),
            col(HOURS).null_count().alias("reported_unknown"),
            col(HOURS_ADJUSTED).sum().alias(col::WORKLOAD),
            col(HOURS_ADJUSTED).null_count().alias("adjusted_unknown"),
            len().cast(DataType::Int64).alias(col::TASKS),
        ])
        .select([
            col(UNIT_GROUP),
            known(col::WORKLOAD_REPORTED, "reported_unknown"),
            known(col::WORKLOAD, "adjusted_unknown"),
            col(col::TASKS),
        ])
        .collect()?;
    named(sums, UNIT_GROUP, &groups.units)
}

/// Workload per unit, year and the quota type of the people who reported it, from the
/// roster: what ties a unit's required staff to its quota types.
pub(super) fn roster_ties(rows: &DataFrame, groups: &Groups) -> PolarsResult<DataFrame> {
    let by_type = rows
        .clone()
        .lazy()
        .filter(col(TYPE_GROUP).is_not_null())
        .group_by_stable([col(TYPE_GROUP)])
        .agg([
            col(HOURS_ADJUSTED).sum().alias("type_work"),
            col(HOURS).sum().alias("type_work_reported"),
        ])
        .with_columns([lit(true).alias("type_known")])
        .collect()?;
    let by_type = named(by_type, TYPE_GROUP, &groups.types)?;
    named(by_type, UNIT_GROUP, &groups.units)
}
