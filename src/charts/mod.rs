//! Charts as plain data: each builder turns an [`Analysis`] (or a [`Plan`]) into a
//! [`ChartSpec`] — title, axis names, bars / points / boxes / lines with their colours and hover
//! labels, reference lines, legend entries and a source line — in the chosen language. The
//! desktop app draws a spec with egui_plot, [`png`] renders it off-screen at any size, and
//! [`briefing`] writes the main charts and their tables into one folder.
//!
//! The table work (sorting, grouping, quantiles) is done here with polars, so the views only
//! draw what a spec holds.
//!
//! The six charts ([`ChartKind`]):
//! - saturation by unit, highest first, coloured by band, with the band thresholds;
//! - required staff against approved quota, one point per unit, with the balance line y = x;
//! - the spread of personal saturation inside each unit (min, quartiles, median, max), from the
//!   per-person table; an empty state says so when there is no per-person data;
//! - saturation by department (Σ required / Σ staff of its surveyed units);
//! - approved quota, actual staff and required staff of the district by year, from the history
//!   table; an empty state when the data has fewer than two years;
//! - the plan: change of quota per unit and quota type as diverging bars (gains up, losses down);
//! - the two methods: hours by standards against hours reported per unit, with y = x, coloured
//!   by the survey-to-standards flag; an empty state without standards and volumes.

pub mod briefing;
mod glyphs;
mod methods;
pub mod png;
pub mod whatif;
mod words;

pub use glyphs::{layout as layout_text, width as text_width};
pub use words::Word;
#[cfg(test)]
mod tests;

use crate::analysis::{Analysis, Rows};
use crate::i18n;
use crate::model::{Band, Lang, Params, col};
use crate::plan::Plan;
use polars::prelude::*;

pub use briefing::{BriefingError, briefing};
pub use png::{PngSize, render_rgb, write_png};

/// The bundled CJK font (a GB2312 subset of Noto Sans SC, SIL OFL 1.1; see `assets/fonts/`),
/// used by the desktop app and the off-screen renderer alike.
pub const FONT: &[u8] = include_bytes!("../../assets/fonts/NotoSansSC-GB2312.otf");

pub use crate::palette::{GAIN, LOSS, REFERENCE, Rgb, TREND};

/// The colour of a saturation band, the same in the table, the charts and the images.
pub fn band_rgb(band: Band) -> Rgb {
    crate::palette::band(band)
}

/// The seven charts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ChartKind {
    Saturation,
    RequiredVsApproved,
    Spread,
    Departments,
    Trends,
    Plan,
    Methods,
    /// Scenarios side by side: the change per unit under each (not in [`ChartKind::ALL`]: it
    /// needs scenarios, see [`whatif`]).
    Scenarios,
    /// Required staff projected over years (it needs a projection, see [`whatif`]).
    Projection,
}

impl ChartKind {
    /// The charts of an analysis and its plan.
    pub const ALL: [ChartKind; 7] = [
        ChartKind::Saturation,
        ChartKind::RequiredVsApproved,
        ChartKind::Spread,
        ChartKind::Departments,
        ChartKind::Trends,
        ChartKind::Plan,
        ChartKind::Methods,
    ];

    /// The charts of scenarios: drawn when there are some.
    pub const WHAT_IF: [ChartKind; 2] = [ChartKind::Scenarios, ChartKind::Projection];

    /// A stable key, used in file names.
    pub fn key(self) -> &'static str {
        match self {
            ChartKind::Saturation => "saturation",
            ChartKind::RequiredVsApproved => "required",
            ChartKind::Spread => "spread",
            ChartKind::Departments => "departments",
            ChartKind::Trends => "trends",
            ChartKind::Plan => "plan",
            ChartKind::Methods => "methods",
            ChartKind::Scenarios => "scenarios",
            ChartKind::Projection => "projection",
        }
    }

    /// The chart's title.
    pub fn title(self, lang: Lang) -> &'static str {
        let (zh, en) = match self {
            ChartKind::Saturation => ("各单位饱和度（由高到低）", "Saturation by unit (highest first)"),
            ChartKind::RequiredVsApproved => ("应需人数与核定编制数", "Required staff against approved quota"),
            ChartKind::Spread => ("单位内部个人饱和度分布", "Spread of personal saturation within units"),
            ChartKind::Departments => ("各主管部门饱和度", "Saturation by department"),
            ChartKind::Trends => (
                "历年核定编制、实有人数与应需人数",
                "Quota, staff and required staff by year",
            ),
            ChartKind::Plan => ("编制调整方案：各单位增减", "Reallocation plan: change of quota by unit"),
            ChartKind::Methods => (
                "方法比较：按标准测算工时与填报工时",
                "Methods compared: hours by standards against hours reported",
            ),
            ChartKind::Scenarios => (
                "方案比较：各方案下各单位编制增减",
                "Scenarios compared: change of quota by unit",
            ),
            ChartKind::Projection => ("工作量预测：逐年应需人数", "Workload projected: required staff by year"),
        };
        lang.pick(zh, en)
    }

    /// A short name for a picker.
    pub fn short(self, lang: Lang) -> &'static str {
        let (zh, en) = match self {
            ChartKind::Saturation => ("单位饱和度", "Saturation"),
            ChartKind::RequiredVsApproved => ("应需与核定", "Required vs quota"),
            ChartKind::Spread => ("个人饱和度分布", "Personal spread"),
            ChartKind::Departments => ("主管部门", "Departments"),
            ChartKind::Trends => ("历年趋势", "Trends"),
            ChartKind::Plan => ("编制增减", "Quota changes"),
            ChartKind::Methods => ("方法比较", "Methods"),
            ChartKind::Scenarios => ("方案比较", "Scenarios"),
            ChartKind::Projection => ("工作量预测", "Projection"),
        };
        lang.pick(zh, en)
    }
}

/// The width of a bar alone in its category, in category steps.
pub const BAR_WIDTH: f64 = 0.8;

/// What a chart shows.
#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    /// Bars at x = 0, 1, 2 … (see [`ChartSpec::categories`]).
    Bars(Vec<BarMark>),
    /// Points, with the balance line y = x when `diagonal` names it.
    Points {
        points: Vec<PointMark>,
        diagonal: Option<String>,
    },
    /// Box plots at x = 0, 1, 2 …
    Boxes(Vec<BoxMark>),
    /// Lines over a numeric x (years).
    Lines(Vec<LineSeries>),
    /// Nothing to draw: [`ChartSpec::note`] says why.
    Empty,
}

#[derive(Debug, Clone, PartialEq)]
pub struct BarMark {
    pub x: f64,
    pub value: f64,
    pub color: Rgb,
    /// The legend entry the bar belongs to.
    pub group: String,
    pub hover: String,
    /// The value as written on the bar in an image, where the bar is wide enough.
    pub label: String,
    /// The bar's width in category steps (narrower where several bars share a category).
    pub width: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PointMark {
    pub x: f64,
    pub y: f64,
    pub color: Rgb,
    pub group: String,
    pub hover: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct BoxMark {
    pub x: f64,
    pub min: f64,
    pub q1: f64,
    pub median: f64,
    pub q3: f64,
    pub max: f64,
    pub color: Rgb,
    pub group: String,
    pub hover: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LineSeries {
    pub name: String,
    pub color: Rgb,
    pub points: Vec<[f64; 2]>,
    /// One hover label per point.
    pub hovers: Vec<String>,
}

/// A horizontal reference line (a band threshold, zero).
#[derive(Debug, Clone, PartialEq)]
pub struct RefLine {
    pub value: f64,
    pub label: String,
    pub color: Rgb,
    pub dashed: bool,
}

/// How a legend entry is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LegendMark {
    Square,
    Dot,
    Line,
    Dashed,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LegendEntry {
    pub label: String,
    pub color: Rgb,
    pub mark: LegendMark,
}

/// A chart, ready to draw.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartSpec {
    pub kind: ChartKind,
    pub title: String,
    pub x_label: String,
    pub y_label: String,
    /// Names under the positions 0, 1, 2 … of bars and boxes (empty for points and lines).
    pub categories: Vec<String>,
    pub body: Body,
    pub hlines: Vec<RefLine>,
    pub legend: Vec<LegendEntry>,
    /// The x and y ranges both renderers show.
    pub x_range: [f64; 2],
    pub y_range: [f64; 2],
    /// Why nothing is drawn, or a remark on what was left out.
    pub note: Option<String>,
    /// File names, data year and date, for the foot of an image.
    pub source: String,
}

impl ChartSpec {
    pub fn is_empty(&self) -> bool {
        matches!(self.body, Body::Empty)
    }

    fn empty(kind: ChartKind, lang: Lang, source: &Source, year: Option<i32>, note: String) -> ChartSpec {
        ChartSpec {
            kind,
            title: kind.title(lang).to_owned(),
            x_label: String::new(),
            y_label: String::new(),
            categories: Vec::new(),
            body: Body::Empty,
            hlines: Vec::new(),
            legend: Vec::new(),
            x_range: [0.0, 1.0],
            y_range: [0.0, 1.0],
            note: Some(note),
            source: source.line(year, lang),
        }
    }
}

/// Where the data came from, for the source line.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Source {
    /// Input file names (without folders).
    pub files: Vec<String>,
    /// The date the chart is drawn, `YYYY-MM-DD`.
    pub date: String,
}

impl Source {
    /// Files named by their paths' last part, dated today (local time).
    pub fn new<P: AsRef<std::path::Path>>(paths: impl IntoIterator<Item = P>) -> Source {
        Source {
            files: paths
                .into_iter()
                .map(|p| {
                    let p = p.as_ref();
                    p.file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_else(|| p.display().to_string())
                })
                .collect(),
            date: today(),
        }
    }

    /// "数据来源：a.xlsx、b.xlsx · 数据年度 2025 · 制图日期 2026-11-27 · Satlas".
    pub fn line(&self, year: Option<i32>, lang: Lang) -> String {
        let (colon, list, sep) = match lang {
            Lang::Zh => ("：", "、", " · "),
            Lang::En => (": ", ", ", " · "),
        };
        let mut parts = Vec::new();
        if !self.files.is_empty() {
            parts.push(format!("{}{colon}{}", Word::Source.label(lang), self.files.join(list)));
        }
        if let Some(y) = year {
            parts.push(format!("{} {y}", Word::DataYear.label(lang)));
        }
        if !self.date.is_empty() {
            parts.push(format!("{} {}", Word::Drawn.label(lang), self.date));
        }
        parts.push("Satlas".to_owned());
        parts.join(sep)
    }
}

/// Today's date (UTC) as `YYYY-MM-DD`.
pub fn today() -> String {
    // SOURCE_DATE_EPOCH (the reproducible-builds convention) pins the date, for snapshots.
    let pinned = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|secs| chrono::DateTime::from_timestamp(secs, 0));
    match pinned {
        Some(t) => t.format("%Y-%m-%d").to_string(),
        None => chrono::Local::now().format("%Y-%m-%d").to_string(),
    }
}

/// A number as a table shows it: whole numbers without decimals, others with `decimals`,
/// thousands grouped; `—` for none.
pub fn fmt_num(value: Option<f64>, decimals: usize) -> String {
    match value {
        None => "—".to_owned(),
        Some(v) if !v.is_finite() => "—".to_owned(),
        Some(v) if (v - v.round()).abs() < 1e-9 && v.abs() < 1e15 => group_thousands(&format!("{v:.0}")),
        Some(v) => {
            let s = format!("{v:.decimals$}");
            match s.split_once('.') {
                Some((int, frac)) => format!("{}.{frac}", group_thousands(int)),
                None => group_thousands(&s),
            }
        }
    }
}

/// A share as a percentage with one decimal.
pub fn fmt_percent(value: Option<f64>) -> String {
    match value {
        Some(v) if v.is_finite() => format!("{:.1}%", v * 100.0),
        _ => "—".to_owned(),
    }
}

fn group_thousands(int: &str) -> String {
    let (sign, digits) = match int.strip_prefix('-') {
        Some(d) => ("-", d),
        None => ("", int),
    };
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    format!("{sign}{out}")
}

/// Build chart `kind`. Never fails: a chart that cannot be drawn comes back empty, its note
/// saying why. `plan` is the plan or why there is none.
pub fn build(
    kind: ChartKind,
    analysis: &Analysis,
    plan: Result<&Plan, &str>,
    params: &Params,
    lang: Lang,
    source: &Source,
) -> ChartSpec {
    let year = analysis.year;
    let result = match kind {
        ChartKind::Saturation => saturation_by_unit(analysis, params, lang, source),
        ChartKind::RequiredVsApproved => required_vs_approved(analysis, lang, source),
        ChartKind::Spread => spread_within_units(analysis, params, lang, source),
        ChartKind::Departments => departments(analysis, params, lang, source),
        ChartKind::Trends => trends(analysis, lang, source),
        ChartKind::Methods => methods::methods(analysis, lang, source),
        ChartKind::Scenarios | ChartKind::Projection => Ok(ChartSpec::empty(
            kind,
            lang,
            source,
            year,
            Word::NoScenarios.label(lang).to_owned(),
        )),
        ChartKind::Plan => match plan {
            Ok(p) => plan_change(p, year, lang, source),
            Err(why) => Ok(ChartSpec::empty(
                kind,
                lang,
                source,
                year,
                format!("{}{}{why}", Word::NoPlan.label(lang), colon(lang)),
            )),
        },
    };
    result.unwrap_or_else(|e| ChartSpec::empty(kind, lang, source, year, e.to_string()))
}

/// Every chart, in [`ChartKind::ALL`] order.
pub fn build_all(
    analysis: &Analysis,
    plan: Result<&Plan, &str>,
    params: &Params,
    lang: Lang,
    source: &Source,
) -> Vec<ChartSpec> {
    ChartKind::ALL
        .iter()
        .map(|k| build(*k, analysis, plan, params, lang, source))
        .collect()
}

fn label(name: &str, lang: Lang) -> String {
    i18n::column(name, lang).to_owned()
}

/// The colon after a label: full-width in Chinese.
pub fn colon(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "：",
        Lang::En => ": ",
    }
}

/// `text` in brackets after a word: full-width in Chinese, " (text)" in English.
fn paren(text: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("（{text}）"),
        Lang::En => format!(" ({text})"),
    }
}

/// "name：value" lines.
fn hover(title: &str, lines: &[(String, String)], lang: Lang) -> String {
    let mut out = title.to_owned();
    for (k, v) in lines {
        out.push('\n');
        out.push_str(k);
        out.push_str(colon(lang));
        out.push_str(v);
    }
    out
}

/// The band thresholds as reference lines, one legend entry for all of them.
fn threshold_lines(params: &Params, lang: Lang) -> Vec<RefLine> {
    let b = &params.bands;
    [b.severe_under_below, b.under_below, b.balanced_up_to, b.over_up_to]
        .into_iter()
        .map(|t| RefLine {
            value: t,
            label: format!("{} {}", Word::Threshold.label(lang), fmt_num(Some(t), 2)),
            color: REFERENCE,
            dashed: true,
        })
        .collect()
}

/// Legend entries for the bands present, in band order, then the thresholds.
fn band_legend(present: &[Band], mark: LegendMark, lang: Lang, thresholds: bool) -> Vec<LegendEntry> {
    let mut out: Vec<LegendEntry> = Band::ALL
        .iter()
        .filter(|b| present.contains(b))
        .map(|b| LegendEntry {
            label: i18n::band(*b, lang).to_owned(),
            color: band_rgb(*b),
            mark,
        })
        .collect();
    if thresholds {
        out.push(LegendEntry {
            label: Word::Threshold.label(lang).to_owned(),
            color: REFERENCE,
            mark: LegendMark::Dashed,
        });
    }
    out
}

fn max_of(values: impl IntoIterator<Item = f64>) -> f64 {
    values.into_iter().filter(|v| v.is_finite()).fold(0.0, f64::max)
}

fn min_of(values: impl IntoIterator<Item = f64>) -> f64 {
    values.into_iter().filter(|v| v.is_finite()).fold(0.0, f64::min)
}

/// Hover lines shared by the unit charts.
fn unit_lines(rows: &Rows<'_>, i: usize, lang: Lang) -> Vec<(String, String)> {
    let band = Band::from_code(rows.str(col::BAND, i).unwrap_or(""));
    vec![
        (
            label(col::SATURATION, lang),
            format!(
                "{}{}",
                fmt_num(rows.f64(col::SATURATION, i), 2),
                paren(i18n::band(band, lang), lang)
            ),
        ),
        (label(col::REQUIRED, lang), fmt_num(rows.f64(col::REQUIRED, i), 2)),
        (label(col::ACTUAL, lang), fmt_num(rows.f64(col::ACTUAL, i), 0)),
        (label(col::APPROVED, lang), fmt_num(rows.f64(col::APPROVED, i), 0)),
    ]
}

/// (a) Saturation by unit, highest first, coloured by band, with the band thresholds.
pub fn saturation_by_unit(
    analysis: &Analysis,
    params: &Params,
    lang: Lang,
    source: &Source,
) -> PolarsResult<ChartSpec> {
    let kind = ChartKind::Saturation;
    let total = analysis.units.height();
    let sorted = analysis
        .units
        .clone()
        .lazy()
        .filter(col(col::SATURATION).is_not_null())
        .sort(
            [col::SATURATION, col::UNIT],
            SortMultipleOptions::default().with_order_descending_multi([true, false]),
        )
        .collect()?;
    bars_by_band(kind, &sorted, col::UNIT, total, params, lang, source, analysis.year)
}

/// Bars of `frame` (sorted already) named by `name_col`, coloured by band.
#[allow(clippy::too_many_arguments)]
fn bars_by_band(
    kind: ChartKind,
    frame: &DataFrame,
    name_col: &str,
    total: usize,
    params: &Params,
    lang: Lang,
    source: &Source,
    year: Option<i32>,
) -> PolarsResult<ChartSpec> {
    if frame.height() == 0 {
        return Ok(ChartSpec::empty(
            kind,
            lang,
            source,
            year,
            Word::NoSurvey.label(lang).to_owned(),
        ));
    }
    let rows = Rows::new(frame)?;
    let mut bars = Vec::with_capacity(frame.height());
    let mut categories = Vec::with_capacity(frame.height());
    let mut present = Vec::new();
    for i in 0..frame.height() {
        let name = rows.str(name_col, i).unwrap_or("").to_owned();
        let band = Band::from_code(rows.str(col::BAND, i).unwrap_or(""));
        if !present.contains(&band) {
            present.push(band);
        }
        let mut lines = unit_lines(&rows, i, lang);
        // Departments say how many units they hold; units do not.
        if rows.has(col::UNITS)
            && let Some(n) = rows.f64(col::UNITS, i)
        {
            lines.push((label(col::UNITS, lang), fmt_num(Some(n), 0)));
        }
        let value = rows.f64(col::SATURATION, i).unwrap_or(0.0);
        bars.push(BarMark {
            x: i as f64,
            value,
            color: band_rgb(band),
            group: i18n::band(band, lang).to_owned(),
            hover: hover(&name, &lines, lang),
            label: fmt_num(Some(value), 2),
            width: BAR_WIDTH,
        });
        categories.push(name);
    }
    let top = max_of(bars.iter().map(|b| b.value)).max(params.bands.over_up_to) * 1.08;
    let left_out = total - frame.height();
    Ok(ChartSpec {
        kind,
        title: kind.title(lang).to_owned(),
        x_label: format!("{}{}", label(name_col, lang), paren(&frame.height().to_string(), lang)),
        y_label: label(col::SATURATION, lang),
        x_range: [-0.6, bars.len() as f64 - 0.4],
        y_range: [0.0, top],
        categories,
        body: Body::Bars(bars),
        hlines: threshold_lines(params, lang),
        legend: band_legend(&present, LegendMark::Square, lang, true),
        note: (left_out > 0).then(|| format!("{} {left_out}", Word::LeftOut.label(lang))),
        source: source.line(year, lang),
    })
}

/// (b) Required staff against approved quota, one point per unit, with the balance line.
pub fn required_vs_approved(analysis: &Analysis, lang: Lang, source: &Source) -> PolarsResult<ChartSpec> {
    let kind = ChartKind::RequiredVsApproved;
    let frame = analysis
        .units
        .clone()
        .lazy()
        .filter(col(col::REQUIRED).is_not_null().and(col(col::APPROVED).is_not_null()))
        .sort([col::UNIT], SortMultipleOptions::default())
        .collect()?;
    if frame.height() == 0 {
        return Ok(ChartSpec::empty(
            kind,
            lang,
            source,
            analysis.year,
            Word::NoSurvey.label(lang).to_owned(),
        ));
    }
    let rows = Rows::new(&frame)?;
    let mut points = Vec::new();
    let mut names: Vec<String> = Vec::new();
    let mut present = Vec::new();
    for i in 0..frame.height() {
        let band = Band::from_code(rows.str(col::BAND, i).unwrap_or(""));
        if !present.contains(&band) {
            present.push(band);
        }
        let name = rows.str(col::UNIT, i).unwrap_or("");
        names.push(name.to_owned());
        points.push(PointMark {
            x: rows.f64(col::APPROVED, i).unwrap_or(0.0),
            y: rows.f64(col::REQUIRED, i).unwrap_or(0.0),
            color: band_rgb(band),
            group: i18n::band(band, lang).to_owned(),
            hover: hover(name, &unit_lines(&rows, i, lang), lang),
        });
    }
    let (top, beyond) = scatter_extent(&points, &names);
    let mut legend = band_legend(&present, LegendMark::Dot, lang, false);
    let balance = Word::Balance.label(lang).to_owned();
    legend.push(LegendEntry {
        label: balance.clone(),
        color: REFERENCE,
        mark: LegendMark::Dashed,
    });
    let left_out = analysis.units.height() - frame.height();
    Ok(ChartSpec {
        kind,
        title: kind.title(lang).to_owned(),
        x_label: label(col::APPROVED, lang),
        y_label: label(col::REQUIRED, lang),
        categories: Vec::new(),
        body: Body::Points {
            points,
            diagonal: Some(balance),
        },
        hlines: Vec::new(),
        legend,
        x_range: [0.0, top],
        y_range: [0.0, top],
        note: scatter_note(left_out, &beyond, lang),
        source: source.line(analysis.year, lang),
    })
}

/// The axes' extent of a scatter, not squashed by a few units far larger than the rest: a
/// point more than 2.5 times the 90th percentile (at most a tenth of the points) falls beyond
/// the axes, and is named in the note. Returns the extent and the names beyond it.
fn scatter_extent(points: &[PointMark], names: &[String]) -> (f64, Vec<String>) {
    let size = |p: &PointMark| p.x.max(p.y);
    let mut sizes: Vec<f64> = points.iter().map(size).collect();
    sizes.sort_by(f64::total_cmp);
    let all = (max_of(sizes.iter().copied()).max(1.0) * 1.05, Vec::new());
    if sizes.len() < 10 {
        return all;
    }
    let p90 = sizes[(sizes.len() - 1) * 9 / 10];
    let limit = p90 * 2.5;
    let beyond: Vec<String> = points
        .iter()
        .zip(names)
        .filter(|(p, _)| size(p) > limit)
        .map(|(_, n)| n.clone())
        .collect();
    if beyond.is_empty() || beyond.len() * 10 > points.len() {
        return all;
    }
    let inside = points.iter().map(size).filter(|&v| v <= limit);
    (max_of(inside).max(1.0) * 1.05, beyond)
}

/// The note under a scatter: units left out (no figures) and units beyond the axes.
fn scatter_note(left_out: usize, beyond: &[String], lang: Lang) -> Option<String> {
    let mut parts = Vec::new();
    if left_out > 0 {
        parts.push(format!("{} {left_out}", Word::LeftOut.label(lang)));
    }
    if !beyond.is_empty() {
        const NAMED: usize = 5;
        let mut names = beyond[..beyond.len().min(NAMED)].join(lang.pick("、", ", "));
        if beyond.len() > NAMED {
            names.push_str(&lang.pick(
                format!("等 {} 个", beyond.len()),
                format!(" and {} more", beyond.len() - NAMED),
            ));
        }
        parts.push(format!("{}{}{names}", Word::Beyond.label(lang), colon(lang)));
    }
    (!parts.is_empty()).then(|| parts.join(lang.pick("；", "; ")))
}

/// (c) The spread of personal saturation inside each unit: min, quartiles, median and max per
/// unit from the per-person table, units by median, highest first.
pub fn spread_within_units(
    analysis: &Analysis,
    params: &Params,
    lang: Lang,
    source: &Source,
) -> PolarsResult<ChartSpec> {
    let kind = ChartKind::Spread;
    let people = &analysis.people;
    let usable = people.height() > 0
        && people.column(col::PERSON_SATURATION).is_ok()
        && people.column(col::PERSON).is_ok_and(|c| c.null_count() < c.len());
    if !usable {
        return Ok(ChartSpec::empty(
            kind,
            lang,
            source,
            analysis.year,
            Word::NoPeople.label(lang).to_owned(),
        ));
    }
    let s = || col(col::PERSON_SATURATION);
    let stats = people
        .clone()
        .lazy()
        .filter(s().is_not_null().and(col(col::PERSON).is_not_null()))
        .group_by([col(col::UNIT)])
        .agg([
            len().cast(DataType::Int64).alias("n"),
            s().min().alias("min"),
            s().quantile(lit(0.25), QuantileMethod::Linear).alias("q1"),
            s().median().alias("median"),
            s().quantile(lit(0.75), QuantileMethod::Linear).alias("q3"),
            s().max().alias("max"),
        ])
        .join(
            analysis
                .units
                .clone()
                .lazy()
                .select([col(col::UNIT), col(col::BAND), col(col::SATURATION)]),
            [col(col::UNIT)],
            [col(col::UNIT)],
            JoinArgs::new(JoinType::Left),
        )
        .sort(
            ["median", col::UNIT],
            SortMultipleOptions::default().with_order_descending_multi([true, false]),
        )
        .collect()?;
    if stats.height() == 0 {
        return Ok(ChartSpec::empty(
            kind,
            lang,
            source,
            analysis.year,
            Word::NoPeople.label(lang).to_owned(),
        ));
    }
    let rows = Rows::new(&stats)?;
    let mut boxes = Vec::new();
    let mut categories = Vec::new();
    let mut present = Vec::new();
    for i in 0..stats.height() {
        let name = rows.str(col::UNIT, i).unwrap_or("").to_owned();
        let band = Band::from_code(rows.str(col::BAND, i).unwrap_or(""));
        if !present.contains(&band) {
            present.push(band);
        }
        let v = |c: &str| rows.f64(c, i).unwrap_or(0.0);
        let lines = vec![
            (Word::People.label(lang).to_owned(), fmt_num(rows.f64("n", i), 0)),
            (Word::Max.label(lang).to_owned(), fmt_num(Some(v("max")), 2)),
            (Word::Q3.label(lang).to_owned(), fmt_num(Some(v("q3")), 2)),
            (Word::Median.label(lang).to_owned(), fmt_num(Some(v("median")), 2)),
            (Word::Q1.label(lang).to_owned(), fmt_num(Some(v("q1")), 2)),
            (Word::Min.label(lang).to_owned(), fmt_num(Some(v("min")), 2)),
            (
                label(col::SATURATION, lang),
                format!(
                    "{}{}",
                    fmt_num(rows.f64(col::SATURATION, i), 2),
                    paren(i18n::band(band, lang), lang)
                ),
            ),
        ];
        boxes.push(BoxMark {
            x: i as f64,
            min: v("min"),
            q1: v("q1"),
            median: v("median"),
            q3: v("q3"),
            max: v("max"),
            color: band_rgb(band),
            group: i18n::band(band, lang).to_owned(),
            hover: hover(&name, &lines, lang),
        });
        categories.push(name);
    }
    let top = max_of(boxes.iter().map(|b| b.max)).max(params.bands.over_up_to) * 1.05;
    Ok(ChartSpec {
        kind,
        title: kind.title(lang).to_owned(),
        x_label: format!("{}{}", label(col::UNIT, lang), paren(&boxes.len().to_string(), lang)),
        y_label: label(col::PERSON_SATURATION, lang),
        x_range: [-0.6, boxes.len() as f64 - 0.4],
        y_range: [0.0, top],
        categories,
        body: Body::Boxes(boxes),
        hlines: threshold_lines(params, lang),
        legend: band_legend(&present, LegendMark::Square, lang, true),
        note: None,
        source: source.line(analysis.year, lang),
    })
}

/// (d) Saturation by department (Σ required / Σ staff of its surveyed units), highest first.
pub fn departments(analysis: &Analysis, params: &Params, lang: Lang, source: &Source) -> PolarsResult<ChartSpec> {
    let total = analysis.departments.height();
    let sorted = analysis
        .departments
        .clone()
        .lazy()
        .filter(col(col::SATURATION).is_not_null())
        .sort(
            [col::SATURATION, col::DEPARTMENT],
            SortMultipleOptions::default().with_order_descending_multi([true, false]),
        )
        .collect()?;
    bars_by_band(
        ChartKind::Departments,
        &sorted,
        col::DEPARTMENT,
        total,
        params,
        lang,
        source,
        analysis.year,
    )
}

/// (e) Approved quota, actual staff and required staff of the district per year.
pub fn trends(analysis: &Analysis, lang: Lang, source: &Source) -> PolarsResult<ChartSpec> {
    let kind = ChartKind::Trends;
    let h = &analysis.history;
    let years = if h.height() > 0 && h.column(col::YEAR).is_ok() {
        h.column(col::YEAR)?.drop_nulls().n_unique()?
    } else {
        0
    };
    if years < 2 {
        return Ok(ChartSpec::empty(
            kind,
            lang,
            source,
            analysis.year,
            Word::NoYears.label(lang).to_owned(),
        ));
    }
    let surveyed = col(col::REQUIRED).is_not_null();
    let by_year = h
        .clone()
        .lazy()
        .filter(col(col::YEAR).is_not_null())
        .group_by([col(col::YEAR)])
        .agg([
            col(col::APPROVED).sum().cast(DataType::Float64).alias(col::APPROVED),
            col(col::ACTUAL).sum().cast(DataType::Float64).alias(col::ACTUAL),
            // Required staff only where there was a survey; unknown in a year without any.
            when(surveyed.clone().any(true))
                .then(col(col::REQUIRED).sum())
                .otherwise(lit(NULL).cast(DataType::Float64))
                .alias(col::REQUIRED),
            col(col::ACTUAL)
                .filter(surveyed)
                .sum()
                .cast(DataType::Float64)
                .alias(col::ACTUAL_SURVEYED),
            len().cast(DataType::Int64).alias(col::UNITS),
        ])
        .with_columns([when(col(col::ACTUAL_SURVEYED).gt(lit(0.0)))
            .then(col(col::REQUIRED) / col(col::ACTUAL_SURVEYED))
            .otherwise(lit(NULL).cast(DataType::Float64))
            .alias(col::SATURATION)])
        .sort([col::YEAR], SortMultipleOptions::default())
        .collect()?;
    let rows = Rows::new(&by_year)?;
    let names = [col::APPROVED, col::ACTUAL, col::REQUIRED];
    let mut series: Vec<LineSeries> = names
        .iter()
        .zip(TREND)
        .map(|(c, color)| LineSeries {
            name: label(c, lang),
            color,
            points: Vec::new(),
            hovers: Vec::new(),
        })
        .collect();
    for i in 0..by_year.height() {
        let Some(year) = rows.f64(col::YEAR, i) else { continue };
        let lines: Vec<(String, String)> = names
            .iter()
            .map(|c| (label(c, lang), fmt_num(rows.f64(c, i), 1)))
            .chain([
                (label(col::SATURATION, lang), fmt_num(rows.f64(col::SATURATION, i), 2)),
                (label(col::UNITS, lang), fmt_num(rows.f64(col::UNITS, i), 0)),
            ])
            .collect();
        let text = hover(&format!("{} {}", label(col::YEAR, lang), year as i64), &lines, lang);
        for (s, c) in series.iter_mut().zip(names) {
            if let Some(v) = rows.f64(c, i) {
                s.points.push([year, v]);
                s.hovers.push(text.clone());
            }
        }
    }
    series.retain(|s| !s.points.is_empty());
    let legend = series
        .iter()
        .map(|s| LegendEntry {
            label: s.name.clone(),
            color: s.color,
            mark: LegendMark::Line,
        })
        .collect();
    // From zero: an axis cut short makes a change of a few posts look like a collapse on a
    // slide. (The window's plot zooms in on request.)
    let values = || series.iter().flat_map(|s| s.points.iter().map(|p| p[1]));
    let hi = max_of(values()).max(1.0);
    let bottom = 0.0;
    let top = hi * 1.1;
    let first = rows.f64(col::YEAR, 0).unwrap_or(0.0);
    let last = rows.f64(col::YEAR, by_year.height() - 1).unwrap_or(first + 1.0);
    Ok(ChartSpec {
        kind,
        title: kind.title(lang).to_owned(),
        x_label: label(col::YEAR, lang),
        y_label: Word::People.label(lang).to_owned(),
        categories: Vec::new(),
        body: Body::Lines(series),
        hlines: Vec::new(),
        legend,
        x_range: [first - 0.3, last + 0.3],
        y_range: [bottom, top],
        note: None,
        source: source.line(analysis.year, lang),
    })
}

/// (f) The plan: change of quota per unit and quota type, gains (highest first) then losses.
pub fn plan_change(plan: &Plan, year: Option<i32>, lang: Lang, source: &Source) -> PolarsResult<ChartSpec> {
    use crate::plan::col as pcol;
    let kind = ChartKind::Plan;
    let local = crate::plan::localize(plan, lang)?;
    let moved = local
        .units
        .clone()
        .lazy()
        .filter(col(pcol::CHANGE).neq(lit(0)).and(col(pcol::CHANGE).is_not_null()))
        .sort(
            [pcol::CHANGE, col::UNIT],
            SortMultipleOptions::default().with_order_descending_multi([true, false]),
        )
        .collect()?;
    if moved.height() == 0 {
        return Ok(ChartSpec::empty(
            kind,
            lang,
            source,
            year,
            Word::NoMoves.label(lang).to_owned(),
        ));
    }
    let rows = Rows::new(&moved)?;
    // A unit that appears under several quota types is named with its type.
    let mut seen = std::collections::HashMap::<&str, usize>::new();
    for i in 0..moved.height() {
        *seen.entry(rows.str(col::UNIT, i).unwrap_or("")).or_default() += 1;
    }
    let (gain, loss) = (Word::Gain.label(lang), Word::Loss.label(lang));
    let mut bars = Vec::new();
    let mut categories = Vec::new();
    for i in 0..moved.height() {
        let unit = rows.str(col::UNIT, i).unwrap_or("");
        let qtype = rows.str(col::QUOTA_TYPE, i).unwrap_or("");
        let name = if seen.get(unit).copied().unwrap_or(0) > 1 {
            format!("{unit}{}", paren(qtype, lang))
        } else {
            unit.to_owned()
        };
        let change = rows.f64(pcol::CHANGE, i).unwrap_or(0.0);
        let lines = vec![
            (label(col::QUOTA_TYPE, lang), qtype.to_owned()),
            (label(col::APPROVED, lang), fmt_num(rows.f64(col::APPROVED, i), 0)),
            (label(pcol::TARGET, lang), fmt_num(rows.f64(pcol::TARGET, i), 0)),
            (label(pcol::CHANGE, lang), format!("{change:+.0}")),
            (label(col::REQUIRED, lang), fmt_num(rows.f64(col::REQUIRED, i), 2)),
            (label(col::SATURATION, lang), fmt_num(rows.f64(col::SATURATION, i), 2)),
            (
                label(col::QUOTA_SATURATION, lang),
                fmt_num(rows.f64(col::QUOTA_SATURATION, i), 2),
            ),
            (
                label(pcol::SATURATION_AFTER, lang),
                fmt_num(rows.f64(pcol::SATURATION_AFTER, i), 2),
            ),
            (
                label(pcol::REASON_LABEL, lang),
                rows.str(pcol::REASON_LABEL, i).unwrap_or("—").to_owned(),
            ),
        ];
        let (color, group) = if change > 0.0 { (GAIN, gain) } else { (LOSS, loss) };
        bars.push(BarMark {
            x: i as f64,
            value: change,
            color,
            group: group.to_owned(),
            hover: hover(&name, &lines, lang),
            label: if change > 0.0 {
                format!("+{change:.0}")
            } else {
                format!("{change:.0}")
            },
            width: BAR_WIDTH,
        });
        categories.push(name);
    }
    let legend = [(gain, GAIN), (loss, LOSS)]
        .into_iter()
        .filter(|(g, _)| bars.iter().any(|b| b.group == *g))
        .map(|(g, color)| LegendEntry {
            label: g.to_owned(),
            color,
            mark: LegendMark::Square,
        })
        .collect();
    let parts = ChangeBars {
        bars,
        categories,
        legend,
        note: None,
    };
    Ok(change_spec(kind, parts, year, lang, source))
}

/// The bars of a chart of changes of quota by unit, with their names, legend and note.
struct ChangeBars {
    bars: Vec<BarMark>,
    categories: Vec<String>,
    legend: Vec<LegendEntry>,
    note: Option<String>,
}

/// A chart of changes of quota by unit: gains up, losses down, a line at zero, the axis
/// spanning both ways (at least one post each).
fn change_spec(kind: ChartKind, parts: ChangeBars, year: Option<i32>, lang: Lang, source: &Source) -> ChartSpec {
    use crate::plan::col as pcol;
    let ChangeBars {
        bars,
        categories,
        legend,
        note,
    } = parts;
    let hi = max_of(bars.iter().map(|b| b.value)).max(1.0);
    let lo = min_of(bars.iter().map(|b| b.value)).min(-1.0);
    let pad = (hi - lo) * 0.08;
    let n = categories.len();
    ChartSpec {
        kind,
        title: kind.title(lang).to_owned(),
        x_label: format!("{}{}", label(col::UNIT, lang), paren(&n.to_string(), lang)),
        y_label: label(pcol::CHANGE, lang),
        x_range: [-0.6, n as f64 - 0.4],
        y_range: [lo - pad, hi + pad],
        categories,
        body: Body::Bars(bars),
        hlines: vec![RefLine {
            value: 0.0,
            label: Word::Zero.label(lang).to_owned(),
            color: REFERENCE,
            dashed: false,
        }],
        legend,
        note,
        source: source.line(year, lang),
    }
}
