//! The survey rows' groups, found once per year and rule for duplicates: each row's unit and
//! year, its person, and the quota type its person has on the roster, as the numbers of their
//! groups. When the calendar or a survey rule changes, the sums per person, per unit and per
//! quota type then group numbers, not a million names.

use super::names::FastMap;
use crate::model::{QuotaType, col};
use polars::prelude::*;
use std::sync::Arc;

/// Column internal to the analysis: the number of a row's (unit, year) group.
pub(super) const UNIT_GROUP: &str = "unit_group";
/// Column internal to the analysis: the quota type of a row's person on the roster.
pub(super) const PERSON_TYPE: &str = "person_type";
/// Column internal to the analysis: the number of a row's (unit group, quota type) group.
pub(super) const TYPE_GROUP: &str = "type_group";
/// Column internal to the analysis: the number of a row's (unit, person, year) group, null
/// for a row without a person.
pub(super) const PERSON_GROUP: &str = "person_group";

/// The groups of the survey's rows: each one's unit and year, each unit group's quota types
/// on the roster, and each person's unit group.
#[derive(Clone)]
pub(super) struct Groups {
    /// One row per unit group, in the order of their numbers: its number, unit and year.
    pub units: DataFrame,
    /// One row per type group, in the order of their numbers: its number, unit group and type.
    pub types: DataFrame,
    /// Each person group's unit group, in the order of their numbers.
    pub person_units: Arc<[u32]>,
}

/// A row's unit, year and person, as written.
type RowKey<'a> = (Option<&'a str>, Option<i32>, Option<&'a str>);
/// A row's unit group, person group and type group.
type RowGroups = (u32, Option<u32>, Option<u32>);

/// The rows of `tasks` with their unit's group, their person's group and their person's quota
/// type's group (null when the roster does not list them with one), in the order given; and
/// the groups. Groups are numbered in the order they first appear.
pub(super) fn grouped(tasks: DataFrame, roster: Option<&DataFrame>, year: i32) -> PolarsResult<(DataFrame, Groups)> {
    let years = tasks.column(col::YEAR)?.cast(&DataType::Int32)?;
    let (units, years) = (tasks.column(col::UNIT)?.str()?, years.i32()?);
    let people = tasks.column(col::PERSON)?.cast(&DataType::String)?;
    let roster_types = roster.map(|r| types_on_roster(r, year)).transpose()?;
    let mut unit_ids: FastMap<(Option<&str>, Option<i32>), u32> = FastMap::default();
    let (mut unit_keys, mut unit_of_row) = (Vec::new(), Vec::with_capacity(tasks.height()));
    let mut type_ids: FastMap<(u32, &str), u32> = FastMap::default();
    let (mut type_keys, mut type_of_row) = (Vec::new(), Vec::with_capacity(tasks.height()));
    let mut person_ids: FastMap<(u32, &str), u32> = FastMap::default();
    let mut person_units = Vec::new();
    let mut person_of_row = Vec::with_capacity(tasks.height());
    // A person's rows mostly come together: a row like the one above takes its groups.
    let mut above: Option<(RowKey, RowGroups)> = None;
    for ((unit, row_year), person) in units.iter().zip(years.iter()).zip(people.str()?.iter()) {
        if let Some((key, (id, person_id, type_id))) = above
            && key == (unit, row_year, person)
        {
            unit_of_row.push(id);
            person_of_row.push(person_id);
            type_of_row.push(type_id);
            continue;
        }
        let next = unit_keys.len() as u32;
        let id = *unit_ids.entry((unit, row_year)).or_insert_with(|| {
            unit_keys.push((unit, row_year));
            next
        });
        unit_of_row.push(id);
        let person_id = person.map(|p| {
            let next = person_ids.len() as u32;
            *person_ids.entry((id, p)).or_insert_with(|| {
                person_units.push(id);
                next
            })
        });
        person_of_row.push(person_id);
        let quota_type = match (&roster_types, unit, person, row_year) {
            (Some(on_roster), Some(u), Some(p), Some(y)) => on_roster.get(&(u, p, y)).copied(),
            _ => None,
        };
        let type_id = quota_type.map(|t| {
            let next = type_keys.len() as u32;
            *type_ids.entry((id, t)).or_insert_with(|| {
                type_keys.push((id, t));
                next
            })
        });
        type_of_row.push(type_id);
        above = Some(((unit, row_year, person), (id, person_id, type_id)));
    }
    let groups = Groups {
        units: df!(
            UNIT_GROUP => (0..unit_keys.len() as u32).collect::<Vec<_>>(),
            col::UNIT => unit_keys.iter().map(|k| k.0).collect::<Vec<_>>(),
            col::YEAR => unit_keys.iter().map(|k| k.1).collect::<Vec<_>>(),
        )?,
        types: df!(
            TYPE_GROUP => (0..type_keys.len() as u32).collect::<Vec<_>>(),
            UNIT_GROUP => type_keys.iter().map(|k| k.0).collect::<Vec<_>>(),
            PERSON_TYPE => type_keys.iter().map(|k| k.1).collect::<Vec<_>>(),
        )?,
        person_units: person_units.into(),
    };
    let mut rows = tasks.clone();
    rows.with_column(Column::new(UNIT_GROUP.into(), unit_of_row))?;
    rows.with_column(Column::new(TYPE_GROUP.into(), type_of_row))?;
    rows.with_column(Column::new(PERSON_GROUP.into(), person_of_row))?;
    Ok((rows, groups))
}

/// The roster's people with a quota type, each by its first row: (unit, person, year) → type.
fn types_on_roster(roster: &DataFrame, year: i32) -> PolarsResult<FastMap<(&str, &str, i32), &str>> {
    let mut out = FastMap::default();
    let (Ok(units), Ok(people), Ok(types)) = (
        roster.column(col::UNIT),
        roster.column(col::PERSON),
        roster.column(col::QUOTA_TYPE),
    ) else {
        return Ok(out);
    };
    let years = roster.column(col::YEAR)?.cast(&DataType::Int32)?;
    let unspecified = QuotaType::Unspecified.canonical();
    let rows = units.str()?.iter().zip(people.str()?.iter()).zip(types.str()?.iter());
    for (((unit, person), quota_type), y) in rows.zip(years.i32()?.iter()) {
        if let (Some(unit), Some(person), Some(t)) = (unit, person, quota_type)
            && t != unspecified
        {
            out.entry((unit, person, y.unwrap_or(year))).or_insert(t);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Groups are numbered in the order they first appear, whether a row repeats the one above
    /// (its groups taken from there) or comes back later (found by name).
    #[test]
    fn rows_like_the_one_above_take_its_groups() {
        let tasks = df!(
            col::UNIT => [Some("财政局"), Some("财政局"), Some("税务局"), Some("财政局"), Some("财政局"), None, None],
            col::PERSON => [Some("张三"), Some("张三"), Some("李四"), Some("张三"), None, Some("王五"), Some("王五")],
            col::YEAR => [2025i32, 2025, 2025, 2025, 2025, 2025, 2025],
        )
        .unwrap();
        let roster = df!(
            col::UNIT => ["财政局", "税务局"],
            col::PERSON => ["张三", "李四"],
            col::QUOTA_TYPE => ["行政编制", "事业编制"],
            col::YEAR => [2025i32, 2025],
        )
        .unwrap();
        let (rows, groups) = grouped(tasks, Some(&roster), 2025).unwrap();
        let ids = |c: &str| -> Vec<Option<u32>> { rows.column(c).unwrap().u32().unwrap().iter().collect() };
        let some = |v: &[u32]| -> Vec<Option<u32>> { v.iter().map(|&x| Some(x)).collect() };
        assert_eq!(ids(UNIT_GROUP), some(&[0, 0, 1, 0, 0, 2, 2]));
        assert_eq!(
            ids(PERSON_GROUP),
            [Some(0), Some(0), Some(1), Some(0), None, Some(2), Some(2)]
        );
        assert_eq!(ids(TYPE_GROUP), [Some(0), Some(0), Some(1), Some(0), None, None, None]);
        assert_eq!(&*groups.person_units, &[0, 1, 2]);
        assert_eq!(groups.types.height(), 2);
    }
}
