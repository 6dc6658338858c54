//! Implausible tasks: one occurrence longer than the limit, a daily task longer than a day,
//! or one person's single task needing more than a full person-year. The rows that could be
//! under nearby limits are kept with the survey's hours ([`Suspects`]), so that a change of
//! the working time or of the limit reads them, not every row.

use super::rows::Rows;
use super::values::{Dense, Known, above};
use super::workload::HOURS;
use crate::findings::{Finding, Location};
use crate::model::{Params, Period, col};
use polars::prelude::*;
use std::sync::Arc;

/// The rows that may be implausible under any limits at or above the floors.
pub(super) struct Suspects {
    /// Those that read no annual hours: a change of office days leaves them standing.
    times: Arc<TimeSuspects>,
    /// Rows of a known person whose annual hours are over `year_floor`, with those hours.
    year: Vec<(IdxSize, f64)>,
    year_floor: f64,
}

/// The suspects found from the times each alone, in one pass.
pub(super) struct TimeSuspects {
    /// Daily tasks longer than a day: no parameter decides these.
    long_day: Vec<IdxSize>,
    /// Rows whose time each is over `each_floor`, with that time.
    each: Vec<(IdxSize, f64)>,
    each_floor: f64,
}

/// The limits of one occurrence and of one task's year under `params`.
fn limits(params: &Params) -> (f64, f64) {
    (params.survey.max_hours_each, params.calendar.available_hours())
}

/// A suspect's floor: half its limit (the limit itself where that is lower), so that an edit
/// of the limit down to the floor reads no row.
fn floor(limit: f64) -> f64 {
    limit.min(limit / 2.0)
}

impl TimeSuspects {
    /// The suspects among `tasks` (whose periods are places in [`Period::ALL`]) by their
    /// times each, the floor under the limit of `params`.
    pub fn of(tasks: &DataFrame, periods: &UInt8Chunked, params: &Params) -> PolarsResult<Arc<TimeSuspects>> {
        Ok(Arc::new(scan_times(tasks, periods, floor(limits(params).0))?))
    }
}

impl Suspects {
    /// The suspects among `tasks` by their annual hours, the floor under the working time of
    /// `params`, beside those by their `times` each (found among the same rows).
    pub fn of(tasks: &DataFrame, times: &Arc<TimeSuspects>, params: &Params) -> PolarsResult<Suspects> {
        let year_floor = floor(limits(params).1);
        Ok(Suspects {
            times: Arc::clone(times),
            year: scan_year(tasks, year_floor)?,
            year_floor,
        })
    }

    /// The places of the rows implausible under `params`, in their order; `None` when a limit
    /// is under its floor (or not a number), where the suspects may miss some.
    fn places(&self, params: &Params) -> Option<Vec<IdxSize>> {
        let (each, year) = limits(params);
        (each >= self.times.each_floor && year >= self.year_floor).then(|| self.over((each, year)))
    }

    /// The places of the suspects over the limits `each` and `year`, in their order.
    fn over(&self, (each, year): (f64, f64)) -> Vec<IdxSize> {
        let over = |rows: &[(IdxSize, f64)], limit: f64| {
            rows.iter()
                .filter(move |(_, v)| above(*v, limit))
                .map(|(place, _)| *place)
                .collect::<Vec<_>>()
        };
        let mut places = self.times.long_day.clone();
        places.extend(over(&self.times.each, each));
        places.extend(over(&self.year, year));
        places.sort_unstable();
        places.dedup();
        places
    }
}

/// Every suspect of `tasks` over the floors given.
fn scan(tasks: &DataFrame, periods: &UInt8Chunked, (each_floor, year_floor): (f64, f64)) -> PolarsResult<Suspects> {
    Ok(Suspects {
        times: Arc::new(scan_times(tasks, periods, each_floor)?),
        year: scan_year(tasks, year_floor)?,
        year_floor,
    })
}

/// One pass over `tasks`: the daily tasks longer than a day, and the rows whose time each is
/// over its floor. A rule whose figures are unknown does not hold.
fn scan_times(tasks: &DataFrame, periods: &UInt8Chunked, each_floor: f64) -> PolarsResult<TimeSuspects> {
    let day = Period::ALL.iter().position(|p| *p == Period::Day).map(|d| d as u8);
    let floats = |name: &str| -> PolarsResult<Dense<'_, Float64Type>> { Ok(Dense::new(tasks.column(name)?.f64()?)) };
    let (each, frequency) = (floats(col::HOURS_EACH)?, floats(col::FREQUENCY)?);
    let periods = Dense::new(periods);
    let n = tasks.height();
    if [each.len(), frequency.len(), periods.len()] != [n; 3] {
        polars_bail!(ComputeError: "the survey's columns differ in length");
    }
    let ((e, e_known), (f, f_known), (p, p_known)) = (each.parts(), frequency.parts(), periods.parts());
    let mut found = TimeSuspects {
        long_day: Vec::new(),
        each: Vec::new(),
        each_floor,
    };
    // The figures first: most rows fail there, and an unknown's place holds some number.
    for i in 0..n {
        let place = i as IdxSize;
        if above(e[i], each_floor) && e_known(i) {
            found.each.push((place, e[i]));
        }
        if Some(p[i]) == day && above(f[i] * e[i], 24.0) && p_known(i) && f_known(i) && e_known(i) {
            found.long_day.push(place);
        }
    }
    Ok(found)
}

/// One pass over the annual hours of `tasks`: the rows of a known person over `year_floor`.
fn scan_year(tasks: &DataFrame, year_floor: f64) -> PolarsResult<Vec<(IdxSize, f64)>> {
    let hours = Dense::new(tasks.column(HOURS)?.f64()?);
    let person = Known::new(tasks.column(col::PERSON)?);
    if [hours.len(), person.len()] != [tasks.height(); 2] {
        polars_bail!(ComputeError: "the survey's columns differ in length");
    }
    let ((h, h_known), person) = (hours.parts(), person.at());
    // Rows over the floor are few: a block whose hours are all at or under it is passed over
    // in one comparison a value, which the compiler does many at a time.
    const BLOCK: usize = 64;
    let mut over = Vec::new();
    for (b, block) in h.chunks(BLOCK).enumerate() {
        if block.iter().fold(true, |under, &v| under & (v <= year_floor)) {
            continue;
        }
        let first = b * BLOCK;
        over.extend(
            (first..first + block.len())
                .filter(|&i| above(h[i], year_floor) && h_known(i) && person(i))
                .map(|i| (i as IdxSize, h[i])),
        );
    }
    Ok(over)
}

/// The findings on the implausible `tasks` under `params` (the first 20 named, then how
/// many), from the `suspects` kept with their hours where the limits allow.
pub(super) fn findings(
    tasks: &DataFrame,
    periods: &UInt8Chunked,
    suspects: &Suspects,
    params: &Params,
    here: &Location,
) -> PolarsResult<Vec<Finding>> {
    let places = match suspects.places(params) {
        Some(places) => places,
        None => scan(tasks, periods, limits(params))?.over(limits(params)),
    };
    if places.is_empty() {
        return Ok(Vec::new());
    }
    // The rows named, not every row found: a survey can hold thousands.
    let named = IdxCa::from_vec(PlSmallStr::EMPTY, places.iter().take(20).copied().collect());
    let implausible = tasks
        .take(&named)?
        .lazy()
        .select(super::sources::with_source(
            tasks,
            vec![col(col::SOURCE_ROW), col(col::TASK), col(HOURS), col(col::HOURS_EACH)],
        ))
        .collect()?;
    let rows = Rows::new(&implausible)?;
    let mut findings: Vec<Finding> = (0..implausible.height().min(20))
        .map(|i| named_task(&rows, i, params, here))
        .collect();
    if places.len() > 20 {
        findings.push(Finding::warning(
            "implausible_task",
            here.clone(),
            format!("共有 {} 个工作事项用时不合常理。", places.len()),
            format!("{} tasks in all have implausible hours.", places.len()),
        ));
    }
    Ok(findings)
}

/// The finding on the implausible task at row `i` of `rows`.
fn named_task(rows: &Rows, i: usize, params: &Params, here: &Location) -> Finding {
    let task = rows.str(col::TASK, i).unwrap_or("");
    let hours = rows.f64(HOURS, i).unwrap_or(0.0);
    // The time of one occurrence over the limit says so itself: it is what to correct.
    let limit = params.survey.max_hours_each;
    let (zh_each, en_each) = match rows.f64(col::HOURS_EACH, i).filter(|h| *h > limit) {
        Some(h) => (
            format!("每次用时 {h} 小时，超过 {limit} 小时；"),
            format!("{h} h each, over {limit} h; "),
        ),
        None => (String::new(), String::new()),
    };
    Finding::warning(
        "implausible_task",
        super::sources::row_at(rows, i, here),
        format!("工作事项“{task}”的用时不合常理（{zh_each}全年 {hours:.0} 小时）：请核实。"),
        format!("The hours of task '{task}' are implausible ({en_each}{hours:.0} h a year): please check."),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Rows of every kind: times each around 24 h and 6 h, a daily task of 30 h, annual hours
    /// around a year's limits, unknowns, and a row without a person.
    fn tasks() -> (DataFrame, UInt8Chunked) {
        let each = [
            Some(30.0),
            Some(7.0),
            Some(10.0),
            None,
            Some(f64::NAN),
            Some(1.0),
            Some(2.0),
            Some(1.0),
        ];
        let frequency = [
            Some(1.0),
            Some(1.0),
            Some(3.0),
            Some(1.0),
            Some(1.0),
            None,
            Some(1.0),
            Some(1.0),
        ];
        let hours = [
            Some(30.0),
            Some(7.0),
            Some(7440.0),
            Some(1900.0),
            None,
            Some(1200.0),
            Some(900.0),
            Some(5000.0),
        ];
        let person = [
            Some("甲"),
            Some("乙"),
            Some("丙"),
            Some("丁"),
            Some("戊"),
            Some("己"),
            Some("庚"),
            None,
        ];
        let day = Period::ALL.iter().position(|p| *p == Period::Day).map(|d| d as u8);
        let periods = UInt8Chunked::from_slice_options("p".into(), &[None, None, day, None, None, day, None, None]);
        let frame = df!(
            col::HOURS_EACH => each,
            col::FREQUENCY => frequency,
            HOURS => hours,
            col::PERSON => person,
        )
        .unwrap();
        (frame, periods)
    }

    fn of(frame: &DataFrame, periods: &UInt8Chunked, params: &Params) -> Suspects {
        let times = TimeSuspects::of(frame, periods, params).unwrap();
        Suspects::of(frame, &times, params).unwrap()
    }

    #[test]
    fn the_suspects_answer_every_limit_at_or_above_their_floors_as_a_pass_over_the_rows_does() {
        let (frame, periods) = tasks();
        let base = Params::default();
        let suspects = of(&frame, &periods, &base);
        let (each, year) = limits(&base);
        for (each, year) in [
            (each, year),
            (each / 2.0, year / 2.0),
            (6.0, 1000.0),
            (100.0, 1e6),
            (23.0, 1899.0),
        ] {
            let mut params = base.clone();
            params.survey.max_hours_each = each;
            params.calendar.hours_per_day *= year / base.calendar.available_hours();
            let kept = suspects.places(&params);
            let scanned = Some(scan(&frame, &periods, limits(&params)).unwrap().over(limits(&params)));
            let under = each < suspects.times.each_floor || params.calendar.available_hours() < suspects.year_floor;
            match under {
                true => assert_eq!(kept, None, "limits {each}, {year}: under a floor, the rows are read"),
                false => assert_eq!(kept, scanned, "limits {each}, {year}"),
            }
        }
    }

    #[test]
    fn each_rule_names_its_rows_and_an_unknown_breaks_none() {
        let (frame, periods) = tasks();
        let mut params = Params::default();
        params.survey.max_hours_each = 24.0;
        params.calendar.hours_per_day = 2000.0 / params.calendar.available_days();
        let places = of(&frame, &periods, &params).places(&params).unwrap();
        // 0: 30 h each; 2: 3 × 10 h a day, and 7,440 h a year; 4: a time each not a number
        // (above every limit, as polars orders it); 7: 5,000 h but no person.
        assert_eq!(places, [0, 2, 4]);
    }
}

#[cfg(test)]
mod scan_tests {
    use super::*;

    /// The rows a plain pass finds: over the floor (NaN above every number), known, with a
    /// person.
    fn plain(hours: &[Option<f64>], person: &[Option<&str>], floor: f64) -> Vec<(IdxSize, f64)> {
        (0..hours.len())
            .filter_map(|i| match (hours[i], person[i]) {
                (Some(h), Some(_)) if above(h, floor) => Some((i as IdxSize, h)),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn the_block_scan_finds_the_rows_a_plain_pass_does() {
        // 300 rows, four blocks and a part: values over the floor at the edges of blocks, NaN
        // in a block otherwise under it, an unknown and a row without a person over it.
        let mut hours: Vec<Option<f64>> = (0..300).map(|i| Some((i % 7) as f64 * 100.0)).collect();
        let mut person: Vec<Option<&str>> = vec![Some("甲"); 300];
        for i in [0, 63, 64, 127, 128, 255, 256, 299] {
            hours[i] = Some(5000.0);
        }
        hours[100] = Some(f64::NAN);
        hours[200] = None;
        hours[201] = Some(9000.0);
        person[201] = None;
        let frame = df!(HOURS => hours.clone(), col::PERSON => person.clone()).unwrap();
        for floor in [1000.0, 0.0, -1.0, 6000.0, f64::NAN] {
            let found = scan_year(&frame, floor).unwrap();
            let expected = plain(&hours, &person, floor);
            let bits = |rows: &[(IdxSize, f64)]| rows.iter().map(|(i, h)| (*i, h.to_bits())).collect::<Vec<_>>();
            assert_eq!(bits(&found), bits(&expected), "floor {floor}");
        }
    }
}
