//! The spread of per-person saturation inside each unit: coefficient of variation, Gini and the
//! share of people under-loaded, from each person's unit group. A band threshold dragged
//! across its range makes this again for 100,000 people, so it is counted by hand, not grouped.

use super::exact_sum::ExactSum;
use super::row_groups::Groups;
use super::values::Dense;
use crate::model::col;
use polars::prelude::*;
use rayon::prelude::*;

/// One row per unit group of `groups`, in the order of their numbers: how many of `people`
/// (one per person group, in their order) were surveyed in it, and the spread of their
/// saturation. The spread needs two people or more and every one's time known: a figure over
/// the others alone would read as the unit's (a Gini over 13 divided by 14 goes negative).
pub(super) fn by_unit(people: &DataFrame, groups: &Groups, under_below: f64) -> PolarsResult<DataFrame> {
    let saturation = Dense::new(people.column(col::PERSON_SATURATION)?.f64()?);
    if saturation.len() != groups.person_units.len() {
        polars_bail!(ComputeError: "the people are not those of their groups");
    }
    let UnitPeople {
        mut saturations,
        starts,
        unknown,
    } = UnitPeople::of(&saturation, groups)?;
    // Each unit's people in a slice of their own, the units' spreads side by side.
    let mut of_unit = Vec::with_capacity(unknown.len());
    let mut rest = saturations.as_mut_slice();
    for (u, &unknown) in unknown.iter().enumerate() {
        let (unit_people, after) = rest.split_at_mut(starts[u + 1] - starts[u]);
        of_unit.push((unit_people, unknown));
        rest = after;
    }
    let spreads: Vec<Spread> = of_unit
        .into_par_iter()
        .map(|(unit_people, unknown)| match unknown {
            true => Spread::unknown(unit_people.len()),
            false => Spread::of(unit_people, under_below),
        })
        .collect();
    DataFrame::new(
        spreads.len(),
        vec![
            Column::new(
                col::PEOPLE_SURVEYED.into(),
                spreads.iter().map(|s| s.people).collect::<Vec<_>>(),
            ),
            Column::new(col::SPREAD_CV.into(), spreads.iter().map(|s| s.cv).collect::<Vec<_>>()),
            Column::new(
                col::SPREAD_GINI.into(),
                spreads.iter().map(|s| s.gini).collect::<Vec<_>>(),
            ),
            Column::new(
                col::SHARE_UNDERLOADED.into(),
                spreads.iter().map(|s| s.under).collect::<Vec<_>>(),
            ),
        ],
    )
}

/// Each unit's people side by side in one list, in the order they come; the units' places in it
/// found by counting first, so that 3,000 units take one allocation, not 3,000.
struct UnitPeople {
    /// The people's saturations, unit after unit (0 where unknown).
    saturations: Vec<f64>,
    /// Where each unit's people start, and after the last unit the end.
    starts: Vec<usize>,
    /// Whether a unit has a person whose time is unknown.
    unknown: Vec<bool>,
}

impl UnitPeople {
    fn of(saturation: &Dense<Float64Type>, groups: &Groups) -> PolarsResult<UnitPeople> {
        let units = groups.units.height();
        let mut starts = vec![0usize; units + 1];
        for &unit in groups.person_units.iter() {
            *starts
                .get_mut(unit as usize + 1)
                .ok_or_else(|| polars_err!(ComputeError: "a person's unit is not among the groups"))? += 1;
        }
        for u in 0..units {
            starts[u + 1] += starts[u];
        }
        let mut filled = starts.clone();
        let mut saturations = vec![0.0; saturation.len()];
        let mut unknown = vec![false; units];
        let (s, s_known) = saturation.parts();
        for (i, &unit) in groups.person_units.iter().enumerate() {
            let unit = unit as usize;
            match s_known(i) {
                true => saturations[filled[unit]] = s[i],
                false => unknown[unit] = true,
            }
            filled[unit] += 1;
        }
        Ok(UnitPeople {
            saturations,
            starts,
            unknown,
        })
    }
}

/// The spread of one unit's people.
struct Spread {
    people: i64,
    cv: Option<f64>,
    gini: Option<f64>,
    under: Option<f64>,
}

impl Spread {
    /// The spread of `people` when one of their times is unknown: the count alone.
    fn unknown(people: usize) -> Spread {
        Spread {
            people: people as i64,
            cv: None,
            gini: None,
            under: None,
        }
    }

    /// The spread of `known`, every time known, in the order the people came; sorted here.
    fn of(known: &mut [f64], under_below: f64) -> Spread {
        let people = known.len();
        if people == 0 {
            return Spread::unknown(0);
        }
        let n = people as f64;
        let under = known.iter().filter(|s| **s < under_below).count() as f64 / n;
        let sum = known.iter().copied().sum::<ExactSum>().value();
        let mean = sum / n;
        let several = people > 1;
        let cv = (several && mean > 0.0).then(|| {
            let variance = known.iter().map(|s| (s - mean).powi(2)).sum::<ExactSum>().value() / n;
            variance.sqrt() / mean
        });
        // Rank 1..n of each value in ascending order (ties do not change the Gini). Values
        // equal in this order are the same bits, so an unstable sort gives the same list.
        known.sort_unstable_by(f64::total_cmp);
        let gini = (several && sum > 0.0).then(|| {
            let weighted = known
                .iter()
                .enumerate()
                .map(|(i, s)| (2.0 * (i + 1) as f64 - n - 1.0) * s)
                .sum::<ExactSum>()
                .value();
            weighted / (n * sum)
        });
        Spread {
            people: people as i64,
            cv,
            gini,
            under: Some(under),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_unknown_time_leaves_the_spread_of_its_unit_unknown() {
        // Two units, their people interleaved: unit 0 has an unknown time, unit 1 has none.
        let groups = Groups {
            units: df!("unit" => ["a", "b"]).unwrap(),
            types: DataFrame::empty(),
            person_units: vec![0, 1, 0, 1, 0].into(),
        };
        let people = df!(col::PERSON_SATURATION => [Some(1.0), Some(1.0), None, Some(0.5), Some(0.5)]).unwrap();
        let spread = by_unit(&people, &groups, 0.8).unwrap();
        let column = |name: &str| -> Vec<Option<f64>> { spread.column(name).unwrap().f64().unwrap().iter().collect() };
        let people: Vec<Option<i64>> = spread
            .column(col::PEOPLE_SURVEYED)
            .unwrap()
            .i64()
            .unwrap()
            .iter()
            .collect();
        assert_eq!(people, [Some(3), Some(2)]);
        assert_eq!(column(col::SHARE_UNDERLOADED), [None, Some(0.5)]);
        assert_eq!(column(col::SPREAD_GINI)[0], None);
        // Sorted 0.5, 1: ((-1)·0.5 + 1·1) / (2·1.5) = 1/6.
        assert!((column(col::SPREAD_GINI)[1].unwrap() - 1.0 / 6.0).abs() < 1e-12);
        assert_eq!(column(col::SPREAD_CV)[0], None);
    }

    #[test]
    fn the_spread_of_known_times() {
        let s = Spread::of(&mut [1.0, 0.5, 1.5], 0.8);
        assert_eq!(s.people, 3);
        let cv = (((0.0f64 + 0.25 + 0.25) / 3.0).sqrt()) / 1.0;
        assert!((s.cv.unwrap() - cv).abs() < 1e-12);
        // Sorted 0.5, 1, 1.5: ((-2)·0.5 + 0·1 + 2·1.5) / (3·3) = 2/9.
        assert!((s.gini.unwrap() - 2.0 / 9.0).abs() < 1e-12);
        assert!((s.under.unwrap() - 1.0 / 3.0).abs() < 1e-12);
    }

    #[test]
    fn one_person_has_a_share_but_no_spread() {
        let s = Spread::of(&mut [0.5], 0.8);
        assert_eq!((s.people, s.cv, s.gini, s.under), (1, None, None, Some(1.0)));
    }
}
