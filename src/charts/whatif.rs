//! The charts of scenarios: the change of quota per unit under each scenario side by side
//! (the units some scenario changes most), and the district's required staff projected over
//! years against the staff and the quota it has now.

use super::{
    BAR_WIDTH, BarMark, Body, ChartKind, ChartSpec, LegendEntry, LegendMark, LineSeries, REFERENCE, RefLine, Source,
    Word, colon, fmt_num, hover, label, max_of, paren,
};
use crate::analysis::Rows;
use crate::model::{Lang, col};
use crate::plan::col as pcol;
use crate::scenario::compare::Outcome;
use polars::prelude::*;
use std::collections::BTreeMap;

/// The most units the scenarios chart shows (those with the largest change under any).
pub const MOST_UNITS: usize = 20;

/// The colour of the `k`-th scenario: the current rules (first) grey, then the series.
pub fn scenario_rgb(k: usize) -> super::Rgb {
    match k {
        0 => REFERENCE,
        k => crate::palette::SERIES[(k - 1) % crate::palette::SERIES.len()],
    }
}

/// Per unit × quota type, each planned scenario's change (None where it has no row).
type Changes = BTreeMap<(String, String), Vec<Option<f64>>>;

fn changes(planned: &[(&Outcome, &crate::plan::Plan)]) -> PolarsResult<Changes> {
    let mut out = Changes::new();
    for (k, (_, plan)) in planned.iter().enumerate() {
        let rows = Rows::new(&plan.units)?;
        for i in 0..rows.height() {
            let key = (
                rows.str(col::UNIT, i).unwrap_or("").to_owned(),
                rows.str(col::QUOTA_TYPE, i).unwrap_or("").to_owned(),
            );
            out.entry(key).or_insert_with(|| vec![None; planned.len()])[k] = rows.f64(pcol::CHANGE, i);
        }
    }
    Ok(out)
}

/// The change of quota per unit under each scenario with a plan, side by side: the
/// [`MOST_UNITS`] units whose largest change under any scenario is largest.
pub fn scenario_changes(
    outcomes: &[Outcome],
    year: Option<i32>,
    lang: Lang,
    source: &Source,
) -> PolarsResult<ChartSpec> {
    let kind = ChartKind::Scenarios;
    let empty = |w: Word| Ok(ChartSpec::empty(kind, lang, source, year, w.label(lang).to_owned()));
    let planned: Vec<_> = outcomes
        .iter()
        .filter_map(|o| o.plan.as_ref().ok().map(|p| (o, p)))
        .collect();
    if planned.len() < 2 {
        return empty(Word::NoScenarios);
    }
    let largest = |v: &[Option<f64>]| max_of(v.iter().map(|c| c.unwrap_or(0.0).abs()));
    let mut ranked: Vec<_> = changes(&planned)?
        .into_iter()
        .filter(|(_, v)| largest(v) > 0.0)
        .collect();
    if ranked.is_empty() {
        return empty(Word::NoMoves);
    }
    ranked.sort_by(|a, b| largest(&b.1).total_cmp(&largest(&a.1)).then_with(|| a.0.cmp(&b.0)));
    let changed = ranked.len();
    ranked.truncate(MOST_UNITS);
    let n = planned.len() as f64;
    let step = BAR_WIDTH / n;
    let mut bars = Vec::new();
    let mut categories = Vec::new();
    for (i, ((unit, qtype), by_scenario)) in ranked.iter().enumerate() {
        let name = format!("{unit}{}", paren(qtype, lang));
        for (k, ((o, _), change)) in planned.iter().zip(by_scenario).enumerate() {
            let lines: Vec<(String, String)> = planned
                .iter()
                .zip(by_scenario)
                .map(|((o, _), c)| (o.name.clone(), c.map_or_else(|| "—".to_owned(), |c| format!("{c:+.0}"))))
                .collect();
            let value = change.unwrap_or(0.0);
            bars.push(BarMark {
                x: i as f64 + (k as f64 - (n - 1.0) / 2.0) * step,
                value,
                color: scenario_rgb(k),
                group: o.name.clone(),
                hover: hover(&format!("{name}{}{}", colon(lang), o.name), &lines, lang),
                label: format!("{value:+.0}"),
                width: step * 0.9,
            });
        }
        categories.push(name);
    }
    let legend = planned
        .iter()
        .enumerate()
        .map(|(k, (o, _))| LegendEntry {
            label: o.name.clone(),
            color: scenario_rgb(k),
            mark: LegendMark::Square,
        })
        .collect();
    let note = (changed > ranked.len()).then(|| {
        lang.pick(
            format!(
                "仅显示{}前 {} 个，共 {changed} 个有增减",
                Word::LargestChanges.label(lang),
                ranked.len()
            ),
            format!(
                "Only the {} {} of {changed} with a change",
                ranked.len(),
                Word::LargestChanges.label(lang)
            ),
        )
    });
    let parts = super::ChangeBars {
        bars,
        categories,
        legend,
        note,
    };
    Ok(super::change_spec(kind, parts, year, lang, source))
}

/// The district's required staff now (at `year`, the data's year) and in each projected year
/// of scenario `name`'s `table` (see [`crate::scenario::projection`]), against the staff in
/// post and the quota
/// now. Units whose required staff is unknown now are left out of every sum, and said.
pub fn projection(
    (name, table, years): (&str, &DataFrame, &[i32]),
    year: Option<i32>,
    lang: Lang,
    source: &Source,
) -> PolarsResult<ChartSpec> {
    let kind = ChartKind::Projection;
    if years.is_empty() || table.height() == 0 {
        return Ok(ChartSpec::empty(
            kind,
            lang,
            source,
            year,
            Word::NoProjection.label(lang).to_owned(),
        ));
    }
    let known = table.clone().lazy().filter(col(col::REQUIRED).is_not_null());
    let year_cols: Vec<String> = years
        .iter()
        .map(|y| crate::scenario::year_column(col::REQUIRED, *y, lang))
        .collect();
    let sums = known
        .select(
            [col::APPROVED, col::ACTUAL, col::REQUIRED]
                .iter()
                .map(|c| col(*c).cast(DataType::Float64).sum())
                .chain(year_cols.iter().map(|c| col(c.as_str()).sum()))
                .chain([len().alias("known")])
                .collect::<Vec<_>>(),
        )
        .collect()?;
    let rows = Rows::new(&sums)?;
    let figure = |c: &str| rows.f64(c, 0).unwrap_or(0.0);
    let (approved, actual) = (figure(col::APPROVED), figure(col::ACTUAL));
    let now = year.filter(|y| *y < years[0]).unwrap_or(years[0] - 1);
    let mut points = vec![[f64::from(now), figure(col::REQUIRED)]];
    points.extend(years.iter().zip(&year_cols).map(|(y, c)| [f64::from(*y), figure(c)]));
    let required = label(col::REQUIRED, lang);
    let hovers = points
        .iter()
        .map(|p| {
            let lines = [
                (required.clone(), fmt_num(Some(p[1]), 1)),
                (label(col::ACTUAL, lang), fmt_num(Some(actual), 0)),
                (label(col::APPROVED, lang), fmt_num(Some(approved), 0)),
                (
                    label(col::SATURATION, lang),
                    fmt_num((actual > 0.0).then(|| p[1] / actual), 2),
                ),
            ];
            hover(&format!("{} {}", label(col::YEAR, lang), p[0] as i64), &lines, lang)
        })
        .collect();
    let line_colour = crate::palette::TREND[2];
    let top = max_of(points.iter().map(|p| p[1]).chain([actual, approved])).max(1.0) * 1.1;
    let reference = |value: f64, c: &str, color, dashed| RefLine {
        value,
        label: label(c, lang),
        color,
        dashed,
    };
    let unknown = table.height() - rows.f64("known", 0).unwrap_or(0.0) as usize;
    Ok(ChartSpec {
        kind,
        title: format!("{}{}", kind.title(lang), paren(name, lang)),
        x_label: label(col::YEAR, lang),
        y_label: Word::People.label(lang).to_owned(),
        categories: Vec::new(),
        body: Body::Lines(vec![LineSeries {
            name: format!("{required}{}", paren(Word::Projected.label(lang), lang)),
            color: line_colour,
            points: points.clone(),
            hovers,
        }]),
        hlines: vec![
            reference(actual, col::ACTUAL, crate::palette::TREND[1], false),
            reference(approved, col::APPROVED, REFERENCE, true),
        ],
        legend: vec![
            LegendEntry {
                label: format!("{required}{}", paren(Word::Projected.label(lang), lang)),
                color: line_colour,
                mark: LegendMark::Line,
            },
            LegendEntry {
                label: label(col::ACTUAL, lang),
                color: crate::palette::TREND[1],
                mark: LegendMark::Line,
            },
            LegendEntry {
                label: label(col::APPROVED, lang),
                color: REFERENCE,
                mark: LegendMark::Dashed,
            },
        ],
        x_range: [f64::from(now) - 0.3, f64::from(*years.last().unwrap_or(&now)) + 0.3],
        y_range: [0.0, top],
        note: (unknown > 0).then(|| {
            lang.pick(
                format!("{unknown} 个单位应需人数未知，未计入合计"),
                format!("{unknown} units with unknown required staff are left out of the sums"),
            )
        }),
        source: source.line(year, lang),
    })
}
