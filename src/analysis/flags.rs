//! The dynamic-management flags per unit, some read across years: over quota, over leadership,
//! long idle, shrinking work, low efficiency. A few thousand units, decided row by row: a band
//! threshold dragged across its range makes them again at each step.

use super::names::FastMap;
use super::rows::Rows;
use super::units::OVER_QUOTA_IN_KNOWN_TYPES;
use crate::model::{Flag, Params, col};
use polars::prelude::*;

/// Units per year with their `flags` for `year` (empty text when none, and in other years).
pub(super) fn with_flags(mut units_all: DataFrame, params: &Params, year: i32) -> PolarsResult<DataFrame> {
    let flags = flags(&units_all, params, year)?;
    units_all.with_column(Column::new(col::FLAGS.into(), flags))?;
    Ok(units_all)
}

/// One unit's figures of one year that its flags read.
struct UnitYear {
    year: i32,
    idle: bool,
    workload: Option<f64>,
}

/// Flag codes per row of `units_all` (`;`-joined): over quota, over leadership, long idle,
/// shrinking work, low efficiency; empty in other years than `year` and for a row without a
/// unit.
fn flags(units_all: &DataFrame, params: &Params, year: i32) -> PolarsResult<Vec<String>> {
    let f = &params.flags;
    let under = params.bands.under_below;
    let rows = Rows::new(units_all)?;
    let years = units_all.column(col::YEAR)?.i32()?;
    let mut of_unit: FastMap<&str, Vec<UnitYear>> = FastMap::default();
    for i in 0..rows.height() {
        let (Some(unit), Some(row_year)) = (rows.str(col::UNIT, i), years.get(i)) else {
            continue;
        };
        let vacant = rows.f64(col::VACANCY, i).is_some_and(|v| v >= 1.0)
            && rows.f64(col::VACANCY_RATE, i).unwrap_or(0.0) >= f.idle_vacancy_rate;
        let underloaded = f.idle_when_underloaded && rows.f64(col::SATURATION, i).is_some_and(|s| s < under);
        of_unit.entry(unit).or_default().push(UnitYear {
            year: row_year,
            idle: vacant || underloaded,
            workload: rows.f64(col::WORKLOAD, i),
        });
    }
    let over = |c: &str, i: usize| rows.f64(c, i).is_some_and(|v| v > 0.0);
    // A type over its quota is a red line even where another type's count is unknown (and
    // with it the unit's figure): it is over by at least that type's excess.
    let over_quota = |i: usize| {
        over(col::OVER_QUOTA, i) || (rows.has(OVER_QUOTA_IN_KNOWN_TYPES) && over(OVER_QUOTA_IN_KNOWN_TYPES, i))
    };
    Ok((0..rows.height())
        .map(|i| {
            let (Some(unit), Some(row_year)) = (rows.str(col::UNIT, i), years.get(i)) else {
                return String::new();
            };
            if row_year != year {
                return String::new();
            }
            let history = &of_unit[unit];
            let low_efficiency = rows
                .f64(col::PERFORMANCE, i)
                .is_some_and(|p| p < f.low_performance_below)
                && rows.f64(col::SATURATION, i).is_some_and(|s| s < under);
            [
                (over_quota(i), Flag::OverQuota),
                (over(col::OVER_LEADERS, i), Flag::OverLeaders),
                (long_idle(history, params, year), Flag::LongIdle),
                (shrinking(history, params, year), Flag::ShrinkingWork),
                (low_efficiency, Flag::LowEfficiency),
            ]
            .into_iter()
            .filter(|(raised, _)| *raised)
            .map(|(_, flag)| flag.code())
            .collect::<Vec<_>>()
            .join(";")
        })
        .collect())
}

/// Idle (vacant quotas, or underloaded where that counts) in every one of the last years up
/// to `year`.
fn long_idle(history: &[UnitYear], params: &Params, year: i32) -> bool {
    let n = params.flags.long_idle_years.max(1) as i32;
    let within: Vec<&UnitYear> = history.iter().filter(|u| u.year > year - n && u.year <= year).collect();
    let mut years: Vec<i32> = within.iter().map(|u| u.year).collect();
    years.sort_unstable();
    years.dedup();
    within.iter().filter(|u| u.idle).count() as i32 == n && years.len() as i32 == n
}

/// Workload falling every year over the last years up to `year`, and by at least the set
/// share in all.
fn shrinking(history: &[UnitYear], params: &Params, year: i32) -> bool {
    let f = &params.flags;
    let n = f.shrinking_years.max(2) as i32;
    let mut known: Vec<(i32, f64)> = history
        .iter()
        .filter(|u| u.year > year - n && u.year <= year)
        .filter_map(|u| u.workload.map(|w| (u.year, w)))
        .collect();
    known.sort_by_key(|(y, _)| *y);
    let (Some(&(_, first)), Some(&(_, last))) = (known.first(), known.last()) else {
        return false;
    };
    let falling = known.windows(2).all(|w| w[1].1 - w[0].1 < 0.0);
    known.len() as i32 == n && falling && first > 0.0 && (first - last) / first >= f.shrinking_min_drop
}
