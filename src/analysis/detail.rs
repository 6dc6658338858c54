//! One unit's rows out of the analysis' tables, for a detail view: its figures per quota type,
//! its tasks, its people, the spread of per-person saturation and its years.

use super::Analysis;
use crate::model::col;
use polars::prelude::*;

/// The rows of one unit. Frames are empty (no columns) when the analysis has no such table,
/// e.g. `people` and `tasks` without a survey.
#[derive(Debug, Clone)]
pub struct UnitDetail {
    pub unit: String,
    /// The unit's row of `analysis.units` (one row, or none for an unknown name).
    pub figures: DataFrame,
    /// Its rows of `analysis.unit_types`, one per quota type.
    pub types: DataFrame,
    /// Its tasks, the largest workload first.
    pub tasks: DataFrame,
    /// Its people, the most saturated first.
    pub people: DataFrame,
    /// One row: people with a saturation, and the minimum, median and maximum of
    /// per-person saturation (empty values when nobody was surveyed).
    pub spread: DataFrame,
    /// Its rows of `analysis.history`, by year.
    pub history: DataFrame,
    /// Its activities priced at the standards (volume, standard, hours), the largest first;
    /// empty without standards.
    pub activities: DataFrame,
}

/// Column names of [`UnitDetail::spread`].
pub mod spread {
    pub const PEOPLE: &str = "people";
    pub const MIN: &str = "min";
    pub const MEDIAN: &str = "median";
    pub const MAX: &str = "max";
}

fn rows_of(frame: &DataFrame, unit: &str) -> PolarsResult<LazyFrame> {
    if frame.column(col::UNIT).is_err() {
        return Ok(DataFrame::empty().lazy());
    }
    Ok(frame.clone().lazy().filter(col(col::UNIT).eq(lit(unit.to_owned()))))
}

fn sorted_desc(lf: LazyFrame, frame: &DataFrame, by: &str) -> LazyFrame {
    if frame.column(by).is_err() {
        return lf;
    }
    lf.sort(
        [by],
        SortMultipleOptions::default()
            .with_order_descending(true)
            .with_nulls_last(true)
            .with_maintain_order(true),
    )
}

/// The rows of `unit` in `analysis`.
pub fn unit_detail(analysis: &Analysis, unit: &str) -> PolarsResult<UnitDetail> {
    let figures = rows_of(&analysis.units, unit)?.collect()?;
    let types = rows_of(&analysis.unit_types, unit)?.collect()?;
    let tasks = sorted_desc(rows_of(&analysis.tasks, unit)?, &analysis.tasks, col::WORKLOAD).collect()?;
    let people = sorted_desc(
        rows_of(&analysis.people, unit)?,
        &analysis.people,
        col::PERSON_SATURATION,
    )
    .collect()?;
    let history = rows_of(&analysis.history, unit)?.collect()?;
    let activities = match &analysis.standards {
        Some(std) => sorted_desc(rows_of(&std.activities, unit)?, &std.activities, col::WORKLOAD_STD).collect()?,
        None => DataFrame::empty(),
    };
    let spread = match people.column(col::PERSON_SATURATION) {
        Ok(_) => {
            let s = || col(col::PERSON_SATURATION).drop_nulls();
            people
                .clone()
                .lazy()
                .select([
                    s().count().cast(DataType::Int64).alias(spread::PEOPLE),
                    s().min().cast(DataType::Float64).alias(spread::MIN),
                    s().median().cast(DataType::Float64).alias(spread::MEDIAN),
                    s().max().cast(DataType::Float64).alias(spread::MAX),
                ])
                .collect()?
        }
        Err(_) => df!(
            spread::PEOPLE => [0i64],
            spread::MIN => [None::<f64>],
            spread::MEDIAN => [None::<f64>],
            spread::MAX => [None::<f64>],
        )?,
    };
    Ok(UnitDetail {
        unit: unit.to_owned(),
        figures,
        types,
        tasks,
        people,
        spread,
        history,
        activities,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{Rows, SourceNames, analyze_frames};
    use crate::model::Params;

    fn analysis(with_survey: bool) -> Analysis {
        let n = 3;
        let staffing = DataFrame::new(
            n,
            vec![
                Column::new(col::UNIT.into(), ["甲局", "甲局", "乙中心"]),
                Column::new(col::DEPARTMENT.into(), ["甲", "甲", "乙"]),
                Column::new(col::QUOTA_TYPE.into(), ["行政编制", "事业编制", "事业编制"]),
                Column::new(col::YEAR.into(), vec![None::<i32>; n]),
                Column::new(col::APPROVED.into(), [Some(10i64), Some(4), Some(6)]),
                Column::new(col::ACTUAL.into(), [Some(8i64), Some(4), Some(5)]),
                Column::new(col::LEADER_POSTS.into(), vec![None::<i64>; n]),
                Column::new(col::LEADERS_ACTUAL.into(), vec![None::<i64>; n]),
                Column::new(col::PERFORMANCE.into(), vec![None::<f64>; n]),
                Column::new(col::CATEGORY.into(), vec![None::<&str>; n]),
                Column::new(col::KEY_AREA.into(), vec![None::<bool>; n]),
                Column::new(col::FRONT_LINE.into(), vec![None::<bool>; n]),
                Column::new(col::SOURCE_ROW.into(), [2u32, 3, 4]),
            ],
        )
        .unwrap();
        let m = 4;
        let survey = DataFrame::new(
            m,
            vec![
                Column::new(col::UNIT.into(), ["甲局", "甲局", "甲局", "乙中心"]),
                Column::new(col::DEPARTMENT.into(), vec![None::<&str>; m]),
                Column::new(col::PERSON.into(), ["张三", "张三", "李四", "王五"]),
                Column::new(col::TASK.into(), ["审批", "督查", "审批", "值班"]),
                Column::new(col::PERIOD.into(), vec![None::<&str>; m]),
                Column::new(col::FREQUENCY.into(), vec![None::<f64>; m]),
                Column::new(col::HOURS_EACH.into(), vec![None::<f64>; m]),
                Column::new(
                    col::ANNUAL_HOURS.into(),
                    [Some(1500.0), Some(400.0), Some(900.0), Some(1000.0)],
                ),
                Column::new(col::YEAR.into(), vec![None::<i32>; m]),
                Column::new(col::SOURCE_ROW.into(), [2u32, 3, 4, 5]),
            ],
        )
        .unwrap();
        let survey = with_survey.then_some(&survey);
        analyze_frames(&staffing, None, survey, &Params::default(), &SourceNames::default()).unwrap()
    }

    #[test]
    fn a_unit_detail_holds_only_that_unit() {
        let a = analysis(true);
        let d = unit_detail(&a, "甲局").unwrap();
        assert_eq!(d.figures.height(), 1);
        assert_eq!(d.types.height(), 2);
        for frame in [&d.figures, &d.types, &d.tasks, &d.people, &d.history] {
            let units = frame.column(col::UNIT).unwrap().str().unwrap().clone();
            assert!(units.iter().all(|u| u == Some("甲局")));
        }
        assert!(d.tasks.height() >= 2, "{:?}", d.tasks);
        assert_eq!(d.people.height(), 2);
        let s = Rows::new(&d.spread).unwrap();
        assert_eq!(s.i64(spread::PEOPLE, 0), Some(2));
        let (min, max) = (s.f64(spread::MIN, 0).unwrap(), s.f64(spread::MAX, 0).unwrap());
        assert!(min < max, "{min} {max}");
        // The most saturated person comes first.
        let people = Rows::new(&d.people).unwrap();
        assert_eq!(people.f64(col::PERSON_SATURATION, 0), Some(max));
    }

    #[test]
    fn without_a_survey_or_for_an_unknown_unit_the_frames_are_empty() {
        let a = analysis(false);
        let d = unit_detail(&a, "甲局").unwrap();
        assert_eq!(d.figures.height(), 1);
        assert_eq!(d.tasks.height(), 0);
        assert_eq!(d.people.height(), 0);
        assert_eq!(Rows::new(&d.spread).unwrap().i64(spread::PEOPLE, 0), Some(0));
        let none = unit_detail(&a, "没有这个单位").unwrap();
        assert_eq!(none.figures.height(), 0);
    }
}
