//! (g) The two methods side by side: each unit's hours by standards (x) against the hours it
//! reported (y), with the balance line y = x; units the survey-to-standards comparison flags
//! are coloured (reports high warm, low cool).

use super::{
    Body, ChartKind, ChartSpec, LegendEntry, LegendMark, PointMark, REFERENCE, Rgb, Source, Word, colon, hover, label,
    scatter_extent, scatter_note,
};
use crate::analysis::triangulation::Reporting;
use crate::analysis::{Analysis, Rows};
use crate::model::{Lang, col};
use polars::prelude::*;

/// Colours of a unit by its flag: within the district's range, reporting high, low.
fn colour(flag: Option<Reporting>) -> Rgb {
    match flag {
        None => crate::palette::REFERENCE,
        Some(Reporting::High) => crate::palette::GAIN,
        Some(Reporting::Low) => crate::palette::LOSS,
    }
}

fn group(flag: Option<Reporting>, lang: Lang) -> String {
    match flag {
        None => Word::WithinRange.label(lang).to_owned(),
        Some(r) => r.label(lang).to_owned(),
    }
}

pub fn methods(analysis: &Analysis, lang: Lang, source: &Source) -> PolarsResult<ChartSpec> {
    let kind = ChartKind::Methods;
    let empty = |why: Word| {
        Ok(ChartSpec::empty(
            kind,
            lang,
            source,
            analysis.year,
            why.label(lang).to_owned(),
        ))
    };
    let Some(std) = &analysis.standards else {
        return empty(Word::NoStandards);
    };
    let cmp = &std.comparison;
    if cmp.column(col::WORKLOAD_REPORTED).is_err() {
        return empty(Word::NoSurveyToCompare);
    }
    let both = cmp
        .clone()
        .lazy()
        .filter(
            col(col::WORKLOAD_STD)
                .is_not_null()
                .and(col(col::WORKLOAD_REPORTED).is_not_null()),
        )
        .sort([col::UNIT], SortMultipleOptions::default())
        .collect()?;
    if both.height() == 0 {
        return empty(Word::NoSurveyToCompare);
    }
    let rows = Rows::new(&both)?;
    let (mut points, mut names, mut present) = (Vec::new(), Vec::new(), Vec::new());
    for i in 0..rows.height() {
        let flag = rows.str(col::REPORTING, i).and_then(Reporting::from_code);
        if !present.contains(&flag) {
            present.push(flag);
        }
        let name = rows.str(col::UNIT, i).unwrap_or("");
        names.push(name.to_owned());
        let line = |c: &str, d: usize| (label(c, lang), super::fmt_num(rows.f64(c, i), d));
        let lines = [
            line(col::WORKLOAD_STD, 0),
            line(col::WORKLOAD_REPORTED, 0),
            line(col::SELF_REPORT_RATIO, 2),
            (label(col::REPORTING, lang), group(flag, lang)),
        ];
        points.push(PointMark {
            x: rows.f64(col::WORKLOAD_STD, i).unwrap_or(0.0),
            y: rows.f64(col::WORKLOAD_REPORTED, i).unwrap_or(0.0),
            color: colour(flag),
            group: group(flag, lang),
            hover: hover(name, &lines, lang),
        });
    }
    let (top, beyond) = scatter_extent(&points, &names);
    present.sort_by_key(|f| f.map_or(0, |r| 1 + r as usize));
    let mut legend: Vec<LegendEntry> = present
        .iter()
        .map(|f| LegendEntry {
            label: group(*f, lang),
            color: colour(*f),
            mark: LegendMark::Dot,
        })
        .collect();
    let balance = Word::ReportedEqualsStandard.label(lang).to_owned();
    legend.push(LegendEntry {
        label: balance.clone(),
        color: REFERENCE,
        mark: LegendMark::Dashed,
    });
    // The units with volumes that could not be compared, by name.
    let compared: std::collections::HashSet<&str> = names.iter().map(String::as_str).collect();
    let all = Rows::new(&std.units)?;
    let left_out: Vec<&str> = (0..all.height())
        .filter_map(|i| all.str(col::UNIT, i))
        .filter(|u| !compared.contains(u))
        .collect();
    let note = scatter_note(0, &beyond, lang);
    let note = match (left_out.len(), note) {
        (0, note) => note,
        (n, note) => Some(
            [
                Some({
                    let named = left_out
                        .iter()
                        .take(5)
                        .copied()
                        .collect::<Vec<_>>()
                        .join(lang.pick("、", ", "));
                    let named = lang.pick(format!("（{named}）"), format!(" ({named})"));
                    format!("{}{}{n}{named}", Word::NotCompared.label(lang), colon(lang))
                }),
                note,
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(lang.pick("；", "; ")),
        ),
    };
    Ok(ChartSpec {
        kind,
        title: kind.title(lang).to_owned(),
        x_label: label(col::WORKLOAD_STD, lang),
        y_label: label(col::WORKLOAD_REPORTED, lang),
        categories: Vec::new(),
        body: Body::Points {
            points,
            diagonal: Some(balance),
        },
        hlines: Vec::new(),
        legend,
        x_range: [0.0, top],
        y_range: [0.0, top],
        note,
        source: source.line(analysis.year, lang),
    })
}
