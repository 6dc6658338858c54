//! The overview as a director reads it: the headline figures first (saturation, units by band,
//! idle and short staff, recoverable quotas, red lines), then every other figure; and the units
//! over a red line, worst first, each with its amount and a link to its row.

use super::{fmt_num, fmt_percent};
use crate::Lang;
use crate::analysis::{Analysis, Rows};
use crate::gui::glossary;
use crate::gui::i18n::{T, counted, tr};
use crate::model::{Band, Flag, WorkloadMethod, col};
use egui::RichText;

/// One figure: its code (for its words and definition) and formatted value.
#[derive(Debug, Clone)]
pub struct Figure {
    pub code: String,
    pub value: String,
}

impl Figure {
    pub fn label(&self, lang: Lang) -> String {
        crate::report::metric_label(&self.code, lang)
    }
}

/// One unit over one or more red lines, with what each amounts to.
#[derive(Debug, Clone)]
pub struct RedLineUnit {
    pub unit: String,
    pub department: String,
    /// The unit's red lines, worst first, each with its amount (None: a flag without one).
    pub lines: Vec<(Flag, Option<f64>)>,
}

/// What the overview shows, read once per result.
#[derive(Debug, Clone, Default)]
pub struct OverviewData {
    /// Saturation, the units in each band, idle, shortage, recoverable.
    pub headline: Vec<Figure>,
    pub bands: Vec<(Band, Option<f64>)>,
    /// The other figures, in the engine's order.
    pub figures: Vec<Figure>,
    /// Worst first: by the most severe red line, then by its amount.
    pub red_lines: Vec<RedLineUnit>,
    /// The workload method behind every figure, said when there is a choice (standards read,
    /// or a method other than the survey chosen).
    pub method: Option<WorkloadMethod>,
}

const HEADLINE: [&str; 4] = [col::SATURATION, col::IDLE, col::SHORTAGE, col::RECOVERABLE];

impl OverviewData {
    pub fn read(analysis: &Analysis, method: WorkloadMethod) -> OverviewData {
        let mut out = OverviewData {
            method: (analysis.standards.is_some() || method != WorkloadMethod::Survey).then_some(method),
            ..OverviewData::default()
        };
        if let Ok(r) = Rows::new(&analysis.summary) {
            for i in 0..r.height() {
                let Some(code) = r.str(col::METRIC, i) else { continue };
                let value = r.f64(col::VALUE, i);
                if let Some(band) = code.strip_prefix("band:") {
                    out.bands.push((Band::from_code(band), value));
                    continue;
                }
                if code == col::YEAR && value.is_none() {
                    continue;
                }
                let figure = Figure {
                    code: code.to_owned(),
                    value: format_figure(code, value),
                };
                if HEADLINE.contains(&code) {
                    out.headline.push(figure);
                } else {
                    out.figures.push(figure);
                }
            }
        }
        out.headline.sort_by_key(|f| HEADLINE.iter().position(|c| *c == f.code));
        out.red_lines = red_lines(analysis);
        out
    }
}

fn format_figure(code: &str, value: Option<f64>) -> String {
    match code {
        col::YEAR => value.map(|v| format!("{v:.0}")).unwrap_or_default(),
        col::VACANCY_RATE => fmt_percent(value),
        col::SATURATION | col::SATURATION_REPORTED | col::QUOTA_SATURATION => fmt_num(value, 2),
        _ => fmt_num(value, 1),
    }
}

/// The column whose value a red line amounts to.
fn amount_column(flag: Flag) -> Option<&'static str> {
    match flag {
        Flag::OverQuota => Some(col::OVER_QUOTA),
        Flag::OverLeaders => Some(col::OVER_LEADERS),
        Flag::LongIdle => Some(col::VACANCY),
        Flag::LowEfficiency => Some(col::PERFORMANCE),
        _ => None,
    }
}

/// The units over a red line, worst first.
fn red_lines(analysis: &Analysis) -> Vec<RedLineUnit> {
    let Ok(r) = Rows::new(&analysis.units) else {
        return Vec::new();
    };
    let mut out: Vec<RedLineUnit> = (0..r.height())
        .filter_map(|i| {
            let flags = Flag::parse_all(r.str(col::FLAGS, i).unwrap_or(""));
            let mut lines: Vec<(Flag, Option<f64>)> = Flag::RED_LINES
                .into_iter()
                .filter(|f| flags.contains(f))
                .map(|f| (f, amount_column(f).filter(|c| r.has(c)).and_then(|c| r.f64(c, i))))
                .collect();
            lines.sort_by_key(|(f, _)| Flag::RED_LINES.iter().position(|x| x == f));
            (!lines.is_empty()).then(|| RedLineUnit {
                unit: r.str(col::UNIT, i).unwrap_or("").to_owned(),
                department: r.str(col::DEPARTMENT, i).unwrap_or("").to_owned(),
                lines,
            })
        })
        .collect();
    let rank = |u: &RedLineUnit| Flag::RED_LINES.iter().position(|f| *f == u.lines[0].0);
    out.sort_by(|a, b| {
        rank(a).cmp(&rank(b)).then_with(|| {
            let amount = |u: &RedLineUnit| u.lines[0].1.unwrap_or(0.0);
            // Low efficiency: the lower score is the worse; otherwise the larger amount.
            let o = amount(b).total_cmp(&amount(a));
            if a.lines[0].0 == Flag::LowEfficiency {
                o.reverse()
            } else {
                o
            }
        })
    });
    out
}

/// "超编 3 人", "超职数 1 名", "长期闲置（空编 4）", "效益不高（绩效 62）".
fn line_text(flag: Flag, amount: Option<f64>, lang: Lang) -> String {
    let name = flag.label(lang);
    let n = |v: f64| fmt_num(Some(v), 0);
    match (flag, amount, lang) {
        (Flag::OverQuota, Some(v), Lang::Zh) => format!("{name} {} 人", n(v)),
        (Flag::OverQuota, Some(v), Lang::En) => format!("{name} by {}", n(v)),
        // A type is over its quota, and another type's count is unknown.
        (Flag::OverQuota, None, Lang::Zh) => format!("{name}（人数不明：有编制类型的编制数或人数不明）"),
        (Flag::OverQuota, None, Lang::En) => {
            format!("{name} (by how many unknown: a quota type's quota or staff is unknown)")
        }
        (Flag::OverLeaders, Some(v), Lang::Zh) => format!("{name} {} 名", n(v)),
        (Flag::OverLeaders, Some(v), Lang::En) => format!("{name} by {}", n(v)),
        (Flag::LongIdle, Some(v), Lang::Zh) => format!("{name}（空编 {}）", n(v)),
        (Flag::LongIdle, Some(v), Lang::En) => format!("{name} ({} vacant)", n(v)),
        (Flag::LowEfficiency, Some(v), Lang::Zh) => format!("{name}（绩效 {}）", n(v)),
        (Flag::LowEfficiency, Some(v), Lang::En) => format!("{name} (score {})", n(v)),
        _ => name.to_owned(),
    }
}

/// Draw the overview; returns the unit clicked in the red-line list.
pub fn show(ui: &mut egui::Ui, data: &OverviewData, lang: Lang) -> Option<String> {
    headline(ui, data, lang);
    ui.add_space(8.0);
    ui.separator();
    let mut clicked = None;
    ui.columns(2, |cols| {
        figures(&mut cols[0], &data.figures, lang);
        clicked = red_line_list(&mut cols[1], &data.red_lines, lang);
    });
    clicked
}

/// The figures a director reads first, large, with the units in each band in its colour.
fn headline(ui: &mut egui::Ui, data: &OverviewData, lang: Lang) {
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing.x = 28.0;
        for f in &data.headline {
            let card = ui.vertical(|ui| {
                ui.label(RichText::new(f.label(lang)).weak());
                ui.label(RichText::new(&f.value).size(26.0).strong());
            });
            glossary::explained(card.response, &f.code, lang);
        }
        ui.vertical(|ui| {
            ui.label(RichText::new(tr(T::RedLines, lang)).weak());
            let n = data.red_lines.len();
            // Red only when some unit is over a line: a red 0 reads as an alarm.
            let text = RichText::new(n.to_string()).size(26.0).strong();
            ui.label(if n > 0 { text.color(super::ERROR) } else { text });
        });
    });
    ui.add_space(4.0);
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(tr(T::UnitsByBand, lang)).weak());
        // Worst first, as a director reads them; unknown last.
        let order = [
            Band::SevereOver,
            Band::Over,
            Band::Balanced,
            Band::Under,
            Band::SevereUnder,
            Band::Unknown,
        ];
        for band in &order {
            let Some((_, n)) = data.bands.iter().find(|(b, _)| b == band) else {
                continue;
            };
            let text = format!("{} {}", crate::i18n::band(*band, lang), fmt_num(*n, 0));
            ui.label(RichText::new(text).color(super::band_color(*band)).strong());
        }
    });
    if let Some(method) = data.method {
        let said = format!(
            "{}{}{}",
            tr(T::WorkloadFrom, lang),
            lang.pick("：", ": "),
            method.label(lang)
        );
        glossary::explained(ui.label(RichText::new(said).strong()), glossary::param::METHOD, lang);
    }
}

fn figures(ui: &mut egui::Ui, figures: &[Figure], lang: Lang) {
    ui.heading(tr(T::SummaryFigures, lang));
    ui.add_space(6.0);
    egui::ScrollArea::vertical().id_salt("overview_figures").show(ui, |ui| {
        // The labels wrap rather than push the numbers into the next column (long in English).
        let room = ui.available_width();
        egui::Grid::new("overview_grid")
            .num_columns(2)
            .striped(true)
            .spacing([24.0, 8.0])
            .min_col_width(100.0)
            .max_col_width((room - 130.0).max(120.0))
            .show(ui, |ui| {
                for f in figures {
                    let label = ui.add(egui::Label::new(f.label(lang)).wrap());
                    glossary::explained(label, &f.code, lang);
                    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                        // Keep the numbers clear of the scroll bar.
                        ui.add_space(18.0);
                        ui.label(RichText::new(&f.value).strong());
                    });
                    ui.end_row();
                }
            });
    });
}

fn red_line_list(ui: &mut egui::Ui, units: &[RedLineUnit], lang: Lang) -> Option<String> {
    let mut clicked = None;
    ui.heading(counted(tr(T::RedLines, lang), units.len(), lang));
    ui.add_space(6.0);
    if units.is_empty() {
        ui.label(tr(T::NoRedLines, lang));
    }
    egui::ScrollArea::vertical().id_salt("overview_red").show(ui, |ui| {
        for u in units {
            ui.horizontal_wrapped(|ui| {
                let lines: Vec<String> = u.lines.iter().map(|(f, a)| line_text(*f, *a, lang)).collect();
                ui.label(RichText::new(lines.join(" · ")).color(super::ERROR).strong());
                if ui.link(u.unit.as_str()).clicked() {
                    clicked = Some(u.unit.clone());
                }
                ui.label(RichText::new(u.department.as_str()).weak());
            });
        }
    });
    clicked
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn red_lines_say_their_amounts() {
        assert_eq!(line_text(Flag::OverQuota, Some(3.0), Lang::Zh), "超编 3 人");
        assert_eq!(line_text(Flag::OverLeaders, Some(1.0), Lang::Zh), "超职数 1 名");
        assert_eq!(line_text(Flag::LongIdle, Some(4.0), Lang::En), "long idle (4 vacant)");
        assert_eq!(line_text(Flag::ShrinkingWork, None, Lang::Zh), "职能弱化");
        assert_eq!(
            line_text(Flag::OverQuota, None, Lang::Zh),
            "超编（人数不明：有编制类型的编制数或人数不明）"
        );
    }
}
