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
    // Each column found once, not by name in every row of every year.
    let number = |name: &str| {
        debug_assert!(rows.has(name), "flags: the units have no column '{name}'");
        let column = rows.col(name);
        move |i: usize| column.and_then(|c| c.f64(i))
    };
    debug_assert!(rows.has(col::UNIT), "flags: the units have no unit column");
    let units = rows.col(col::UNIT);
    let unit = |i: usize| units.and_then(|c| c.str(i));
    let (vacancy, vacancy_rate, saturation, workload) = (
        number(col::VACANCY),
        number(col::VACANCY_RATE),
        number(col::SATURATION),
        number(col::WORKLOAD),
    );
    let (over_quota_col, over_leaders, performance) = (
        number(col::OVER_QUOTA),
        number(col::OVER_LEADERS),
        number(col::PERFORMANCE),
    );
    let in_known_types = rows.col(OVER_QUOTA_IN_KNOWN_TYPES);
    let mut of_unit: FastMap<&str, Vec<UnitYear>> = FastMap::default();
    for i in 0..rows.height() {
        let (Some(unit), Some(row_year)) = (unit(i), years.get(i)) else {
            continue;
        };
        let vacant = vacancy(i).is_some_and(|v| v >= 1.0) && vacancy_rate(i).unwrap_or(0.0) >= f.idle_vacancy_rate;
        let underloaded = f.idle_when_underloaded && saturation(i).is_some_and(|s| s < under);
        of_unit.entry(unit).or_default().push(UnitYear {
            year: row_year,
            idle: vacant || underloaded,
            workload: workload(i),
        });
    }
    let over = |v: Option<f64>| v.is_some_and(|v| v > 0.0);
    // A type over its quota is a red line even where another type's count is unknown (and
    // with it the unit's figure): it is over by at least that type's excess.
    let over_quota = |i: usize| over(over_quota_col(i)) || over(in_known_types.and_then(|c| c.f64(i)));
    Ok((0..rows.height())
        .map(|i| {
            let (Some(unit), Some(row_year)) = (unit(i), years.get(i)) else {
                return String::new();
            };
            if row_year != year {
                return String::new();
            }
            let history = &of_unit[unit];
            let low_efficiency =
                performance(i).is_some_and(|p| p < f.low_performance_below) && saturation(i).is_some_and(|s| s < under);
            let mut codes = String::new();
            for (raised, flag) in [
                (over_quota(i), Flag::OverQuota),
                (over(over_leaders(i)), Flag::OverLeaders),
                (long_idle(history, params, year), Flag::LongIdle),
                (shrinking(history, params, year), Flag::ShrinkingWork),
                (low_efficiency, Flag::LowEfficiency),
            ] {
                if raised {
                    if !codes.is_empty() {
                        codes.push(';');
                    }
                    codes.push_str(flag.code());
                }
            }
            codes
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
