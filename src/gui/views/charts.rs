//! Charts (egui_plot): saturation by unit as sorted bars coloured by band with the band
//! thresholds drawn, and required staff against approved quota with the balance line.
//! Hovering a bar or a point shows the unit and its numbers.

use super::{band_color, fmt_num};
use crate::gui::app::Loaded;
use crate::gui::i18n::{T, tr};
use crate::model::{Band, col};
use crate::{Lang, Params};
use egui_plot::{Bar, BarChart, Corner, HLine, Legend, Line, LineStyle, Plot, Points};
use std::collections::HashMap;

/// A unit as the charts draw it.
struct Mark<'a> {
    unit: &'a str,
    band: Band,
    saturation: Option<f64>,
    required: Option<f64>,
    approved: Option<f64>,
    actual: Option<f64>,
}

fn hover_text(m: &Mark<'_>, lang: Lang) -> String {
    let c = |name: &str| crate::i18n::column(name, lang).to_owned();
    format!(
        "{}\n{}：{}（{}）\n{}：{}\n{}：{}\n{}：{}",
        m.unit,
        c(col::SATURATION),
        fmt_num(m.saturation, 2),
        crate::i18n::band(m.band, lang),
        c(col::REQUIRED),
        fmt_num(m.required, 2),
        c(col::ACTUAL),
        fmt_num(m.actual, 0),
        c(col::APPROVED),
        fmt_num(m.approved, 0),
    )
}

pub fn show(ui: &mut egui::Ui, loaded: &Loaded, params: &Params, lang: Lang) {
    use super::units::NUMERIC;
    let idx = |name: &str| NUMERIC.iter().position(|(c, _)| *c == name).unwrap_or(0);
    let (i_sat, i_req, i_app, i_act) = (
        idx(col::SATURATION),
        idx(col::REQUIRED),
        idx(col::APPROVED),
        idx(col::ACTUAL),
    );
    let marks: Vec<Mark<'_>> = loaded
        .units
        .rows
        .iter()
        .map(|r| Mark {
            unit: &r.unit,
            band: r.band,
            saturation: r.numbers[i_sat],
            required: r.numbers[i_req],
            approved: r.numbers[i_app],
            actual: r.numbers[i_act],
        })
        .collect();
    let height = ((ui.available_height() - 80.0) / 2.0).max(200.0);
    egui::ScrollArea::vertical().id_salt("charts_scroll").show(ui, |ui| {
        ui.heading(tr(T::SaturationByUnit, lang));
        saturation_bars(ui, &marks, params, lang, height);
        ui.add_space(12.0);
        ui.heading(tr(T::RequiredVsApproved, lang));
        required_scatter(ui, &marks, lang, height);
    });
}

fn saturation_bars(ui: &mut egui::Ui, marks: &[Mark<'_>], params: &Params, lang: Lang, height: f32) {
    let mut sorted: Vec<&Mark<'_>> = marks.iter().filter(|m| m.saturation.is_some()).collect();
    sorted.sort_by(|a, b| {
        b.saturation
            .partial_cmp(&a.saturation)
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    let mut by_band: Vec<(Band, Vec<Bar>)> = Band::ALL.iter().map(|b| (*b, Vec::new())).collect();
    for (rank, m) in sorted.iter().enumerate() {
        let bar = Bar::new(rank as f64 + 1.0, m.saturation.unwrap_or(0.0))
            .width(0.8)
            .fill(band_color(m.band))
            .name(hover_text(m, lang));
        if let Some((_, bars)) = by_band.iter_mut().find(|(b, _)| *b == m.band) {
            bars.push(bar);
        }
    }
    let b = &params.bands;
    let thresholds = [b.severe_under_below, b.under_below, b.balanced_up_to, b.over_up_to];
    let x_name = crate::i18n::column(col::UNIT, lang);
    let y_name = crate::i18n::column(col::SATURATION, lang);
    Plot::new("saturation_bars")
        .height(height)
        // Bands in their natural order (under- to over-loaded), all thresholds as one entry.
        .legend(
            Legend::default()
                .position(Corner::RightTop)
                .follow_insertion_order(true),
        )
        .x_axis_label(format!("{x_name}（{}）", sorted.len()))
        .y_axis_label(y_name)
        .include_y(0.0)
        .include_y(b.over_up_to + 0.2)
        .allow_scroll(false)
        .show_x(false)
        .label_formatter(|_| None)
        .show(ui, |plot| {
            for (band, bars) in by_band {
                if bars.is_empty() {
                    continue;
                }
                let chart = BarChart::new(crate::i18n::band(band, lang), bars)
                    .color(band_color(band))
                    .element_formatter(Box::new(|bar: &Bar, _: &BarChart| bar.name.clone()));
                plot.bar_chart(chart);
            }
            for t in thresholds {
                plot.hline(
                    HLine::new(tr(T::Threshold, lang), t)
                        .color(egui::Color32::from_gray(90))
                        .style(LineStyle::dashed_dense())
                        .width(1.5),
                );
            }
        });
}

fn required_scatter(ui: &mut egui::Ui, marks: &[Mark<'_>], lang: Lang, height: f32) {
    let mut series: Vec<(Band, Vec<[f64; 2]>, Vec<String>)> = Vec::new();
    let mut max: f64 = 1.0;
    for m in marks {
        let (Some(x), Some(y)) = (m.approved, m.required) else {
            continue;
        };
        max = max.max(x).max(y);
        match series.iter_mut().find(|(b, _, _)| *b == m.band) {
            Some((_, pts, texts)) => {
                pts.push([x, y]);
                texts.push(hover_text(m, lang));
            }
            None => series.push((m.band, vec![[x, y]], vec![hover_text(m, lang)])),
        }
    }
    series.sort_by_key(|(b, _, _)| *b);
    let texts: HashMap<String, Vec<String>> = series
        .iter()
        .map(|(b, _, t)| (crate::i18n::band(*b, lang).to_owned(), t.clone()))
        .collect();
    let balance = tr(T::BalanceLine, lang);
    Plot::new("required_scatter")
        .height(height)
        .legend(Legend::default().position(Corner::LeftTop).follow_insertion_order(true))
        .x_axis_label(crate::i18n::column(col::APPROVED, lang))
        .y_axis_label(crate::i18n::column(col::REQUIRED, lang))
        .include_x(0.0)
        .include_y(0.0)
        .allow_scroll(false)
        .label_formatter(move |pos| match pos {
            egui_plot::HoverPosition::NearDataPoint { plot_name, index, .. } => {
                texts.get(*plot_name).and_then(|t| t.get(*index)).cloned()
            }
            egui_plot::HoverPosition::Elsewhere { .. } => None,
        })
        .show(ui, |plot| {
            plot.line(
                Line::new(balance, vec![[0.0, 0.0], [max * 1.05, max * 1.05]])
                    .color(egui::Color32::from_gray(110))
                    .style(LineStyle::dashed_loose())
                    .width(1.5),
            );
            for (band, pts, _) in series {
                plot.points(
                    Points::new(crate::i18n::band(band, lang), pts)
                        .color(band_color(band))
                        .radius(5.0)
                        .filled(true),
                );
            }
        });
}
