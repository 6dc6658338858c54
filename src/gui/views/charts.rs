//! Charts: a picker for the six charts of [`crate::charts`], each drawn from its spec with
//! egui_plot (one renderer per kind of spec), the legend above the plot so it never covers
//! the data, hover labels naming the unit and its numbers, and the exports: a PNG at a chosen
//! size, the image on the clipboard, and the one-click briefing folder.

use super::{chart_axis, rgb};
use crate::Lang;
use crate::charts::{self, Body, ChartKind, ChartSpec, LegendMark, PngSize, Source};
use crate::export::ExportError;
use crate::gui::compute::Outcome;
use crate::gui::dialogs::{Mode, Purpose, Request};
use crate::gui::i18n::{T, tr};
use egui::{Color32, RichText, Stroke};
use egui_plot::{Bar, BarChart, BoxElem, BoxPlot, BoxSpread, GridMark, HLine, Line, LineStyle, Plot, Points};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, TryRecvError, channel};

/// What the charts view remembers between frames.
pub struct ChartsView {
    pub kind: ChartKind,
    /// Size of exported images: logical width in pixels and scale.
    pub width: u32,
    pub scale: f32,
    /// The last export's outcome: (succeeded, message).
    pub message: Option<(bool, String)>,
    /// The chart shown: its kind, language, spec, and the result it was built from (by
    /// address: while a result's charts are built, the chart of the one before stays).
    cache: Option<(ChartKind, Lang, ChartSpec, usize)>,
    pending: Option<Receiver<Result<String, String>>>,
}

/// Over the top right of a chart kept from the result before: it is being redrawn. Drawn
/// over the chart, not beside it, so that the chart does not move while a threshold is dragged.
fn redrawing_over(ui: &egui::Ui, area: egui::Rect, lang: Lang) {
    let painter = ui.painter_at(area);
    let font = egui::TextStyle::Body.resolve(ui.style());
    let text = painter.layout_no_wrap(tr(T::ChartRedrawing, lang).to_owned(), font, super::WARNING);
    let at = egui::Align2::RIGHT_TOP.anchor_size(area.right_top() + egui::vec2(-8.0, 8.0), text.size());
    painter.rect_filled(at.expand(6.0), 4.0, ui.visuals().extreme_bg_color);
    painter.rect_stroke(at.expand(6.0), 4.0, (1.0, super::WARNING), egui::StrokeKind::Outside);
    painter.galley(at.min, text, super::WARNING);
}

/// Which result a chart was built from.
fn result_id(data: ChartsData) -> usize {
    std::ptr::from_ref(data.outcome) as usize
}

impl Default for ChartsView {
    fn default() -> ChartsView {
        ChartsView {
            kind: ChartKind::Saturation,
            width: PngSize::SLIDE.width,
            scale: PngSize::SLIDE.scale,
            message: None,
            cache: None,
            pending: None,
        }
    }
}

/// What the charts view draws from: the charts built with the result, the language they were
/// built in, and the result itself (to build them in another language, and for the briefing).
#[derive(Clone, Copy)]
pub struct ChartsData<'a> {
    pub specs: &'a [ChartSpec],
    pub specs_lang: Lang,
    pub outcome: &'a Outcome,
    /// The result's charts are still being built: the chart shown is of the result before.
    pub pending: bool,
}

/// The source line of charts drawn from `data`: its input files, dated today.
pub fn source_of(data: ChartsData) -> Source {
    Source::new(data.outcome.inputs.paths())
}

/// Build chart `kind` of `data` in `lang` (with the parameters the result was computed with).
pub fn spec_of(data: ChartsData, kind: ChartKind, lang: Lang) -> ChartSpec {
    if lang == data.specs_lang
        && let Some(spec) = ChartKind::ALL
            .iter()
            .position(|k| *k == kind)
            .and_then(|i| data.specs.get(i))
    {
        return spec.clone();
    }
    build_spec(data.outcome, kind, lang)
}

/// Build chart `kind` of a result in `lang`.
pub fn build_spec(o: &Outcome, kind: ChartKind, lang: Lang) -> ChartSpec {
    let why_no_plan = o.plan.as_ref().err().map(|e| e.message(lang)).unwrap_or_default();
    charts::build(
        kind,
        &o.analysis,
        o.plan.as_ref().map_err(|_| why_no_plan.as_str()),
        &o.params,
        lang,
        &Source::new(o.inputs.paths()),
    )
}

impl ChartsView {
    /// Forget the charts built from an earlier result.
    pub fn invalidate(&mut self) {
        self.cache = None;
    }

    /// What leaves the window (a file, the clipboard) is of the result in hand: a chart kept
    /// from the result before while this one's are built is built again first.
    fn forget_stale(&mut self, data: ChartsData) {
        if self.shows_another_result(data) {
            self.invalidate();
        }
    }

    /// Whether the chart shown is of a result before `data`'s (whose charts are being built).
    fn shows_another_result(&self, data: ChartsData) -> bool {
        self.cache.as_ref().is_some_and(|c| c.3 != result_id(data))
    }

    /// The size exported images get.
    pub fn size(&self) -> PngSize {
        PngSize {
            width: self.width,
            scale: self.scale,
        }
    }

    /// The chart shown, built once per result, chart and language.
    pub fn spec(&mut self, data: ChartsData, lang: Lang) -> &ChartSpec {
        let fresh = matches!(&self.cache, Some((k, l, _, _)) if *k == self.kind && *l == lang);
        if !fresh {
            self.cache = Some((self.kind, lang, spec_of(data, self.kind, lang), result_id(data)));
        }
        &self.cache.as_ref().expect("built above").2
    }

    /// Write the chart shown to `path` as PNG at the chosen size (what "导出 PNG" does once a
    /// path is chosen).
    pub fn export_png(&mut self, data: ChartsData, lang: Lang, path: &Path) -> Result<PathBuf, ExportError> {
        self.forget_stale(data);
        let size = self.size();
        let mut path = path.to_path_buf();
        if path.extension().is_none_or(|e| !e.eq_ignore_ascii_case("png")) {
            path.set_extension("png");
        }
        charts::write_png(&path, self.spec(data, lang), size)
    }

    /// Draw the picker, the export controls and the chart. Returns the question for a path when
    /// an export button asks for one; the app answers with [`ChartsView::save_png`] or
    /// [`ChartsView::start_briefing_in`].
    pub fn show(&mut self, ui: &mut egui::Ui, data: ChartsData, lang: Lang) -> Option<Request> {
        // On a short window (1366×768 at 150%) the controls leave the chart less than its least
        // height: it then scrolls, so its axis and source line can still be reached.
        egui::ScrollArea::vertical()
            .id_salt("charts_view")
            .auto_shrink([false, false])
            .show(ui, |ui| self.show_in(ui, data, lang))
            .inner
    }

    fn show_in(&mut self, ui: &mut egui::Ui, data: ChartsData, lang: Lang) -> Option<Request> {
        let mut asked = None;
        self.poll_pending(ui.ctx(), lang);
        ui.horizontal_wrapped(|ui| {
            for kind in ChartKind::ALL {
                ui.selectable_value(&mut self.kind, kind, kind.short(lang));
            }
        });
        ui.horizontal_wrapped(|ui| {
            if ui.button(format!("{}…", tr(T::ExportPng, lang))).clicked() {
                asked = Some(Request {
                    purpose: Purpose::ExportPng,
                    mode: Mode::Save,
                    title: tr(T::ExportPng, lang).to_owned(),
                    filters: vec![("PNG", &["png"])],
                    file_name: Some(format!("{}.png", self.spec(data, lang).title)),
                    folder: None,
                });
            }
            let width_label = ui.label(tr(T::ImageWidth, lang));
            ui.add(
                egui::DragValue::new(&mut self.width)
                    .range(320..=8192)
                    .speed(10)
                    .update_while_editing(false),
            )
            .labelled_by(width_label.id);
            let scale_label = ui.label(tr(T::ImageScale, lang));
            egui::ComboBox::from_id_salt("chart_scale")
                .selected_text(format!("{}×", self.scale))
                .show_ui(ui, |ui| {
                    for s in [1.0, 1.5, 2.0, 3.0] {
                        ui.selectable_value(&mut self.scale, s, format!("{s}×"));
                    }
                })
                .response
                .labelled_by(scale_label.id);
            if ui.button(tr(T::CopyImage, lang)).clicked() {
                self.copy_image(ui.ctx(), data, lang);
            }
            ui.separator();
            let busy = self.pending.is_some();
            if ui
                .add_enabled(!busy, egui::Button::new(format!("{}…", tr(T::ExportBriefing, lang))))
                .clicked()
            {
                asked = Some(Request {
                    purpose: Purpose::ExportBriefing,
                    mode: Mode::Folder,
                    title: tr(T::ExportBriefing, lang).to_owned(),
                    filters: Vec::new(),
                    file_name: None,
                    folder: None,
                });
            }
            if busy {
                ui.spinner();
                ui.label(tr(T::Exporting, lang));
            } else if let Some((ok, text)) = &self.message {
                let color = if *ok { super::DONE } else { super::ERROR };
                ui.colored_label(color, text);
            }
        });
        ui.separator();
        let stale = data.pending && self.shows_another_result(data);
        let area = ui.available_rect_before_wrap();
        // Drawn from the cache, not a copy: a chart of 3,000 units is drawn every frame.
        show_spec(ui, self.spec(data, lang));
        if stale {
            redrawing_over(ui, area, lang);
        }
        asked
    }

    /// Write the chart shown to `path` (the answer to "导出 PNG…") and say how it went.
    pub fn save_png(&mut self, data: ChartsData, lang: Lang, path: &Path) {
        self.message = Some(match self.export_png(data, lang, path) {
            Ok(p) => (
                true,
                format!("{}{}{}", tr(T::Saved, lang), charts::colon(lang), p.display()),
            ),
            Err(e) => (
                false,
                format!(
                    "{}{}{}",
                    tr(T::ExportFailed, lang),
                    charts::colon(lang),
                    e.message(lang)
                ),
            ),
        });
    }

    fn copy_image(&mut self, ctx: &egui::Context, data: ChartsData, lang: Lang) {
        self.forget_stale(data);
        let size = self.size();
        self.message = Some(match charts::render_rgb(self.spec(data, lang), size) {
            Ok((w, h, rgb)) => {
                ctx.copy_image(egui::ColorImage::from_rgb([w as usize, h as usize], &rgb));
                (true, tr(T::Copied, lang).to_owned())
            }
            Err(e) => (
                false,
                format!("{}{}{e}", tr(T::ExportFailed, lang), charts::colon(lang)),
            ),
        });
    }

    /// Write the briefing into a new folder inside `folder` (the answer to "一键导出汇报材料…").
    pub fn start_briefing_in(&mut self, ctx: &egui::Context, data: ChartsData, lang: Lang, folder: &Path) {
        let base = format!("{}_{}", tr(T::BriefingFolder, lang), charts::today());
        let mut dir = folder.join(&base);
        let mut n = 2;
        while dir.exists() {
            dir = folder.join(format!("{base}_{n}"));
            n += 1;
        }
        self.pending = Some(start_briefing(ctx, data, lang, self.size(), dir));
    }

    fn poll_pending(&mut self, ctx: &egui::Context, lang: Lang) {
        let Some(rx) = &self.pending else { return };
        match rx.try_recv() {
            Ok(Ok(dir)) => {
                self.message = Some((true, format!("{}{}{dir}", tr(T::Saved, lang), charts::colon(lang))));
                self.pending = None;
            }
            Ok(Err(e)) => {
                self.message = Some((
                    false,
                    format!("{}{}{e}", tr(T::ExportFailed, lang), charts::colon(lang)),
                ));
                self.pending = None;
            }
            Err(TryRecvError::Empty) => ctx.request_repaint_after(std::time::Duration::from_millis(200)),
            Err(TryRecvError::Disconnected) => {
                self.message = Some((false, tr(T::ExportFailed, lang).to_owned()));
                self.pending = None;
            }
        }
    }
}

/// Write the briefing folder `dir` of `data` on a background thread; the receiver gets the
/// folder written or the reason it was not.
pub fn start_briefing(
    ctx: &egui::Context,
    data: ChartsData,
    lang: Lang,
    size: PngSize,
    dir: PathBuf,
) -> Receiver<Result<String, String>> {
    let (tx, rx) = channel();
    let analysis = data.outcome.analysis.clone();
    let plan = data.outcome.plan.as_ref().ok().cloned();
    let params = data.outcome.params.clone();
    let what_if = data.outcome.what_if.as_ref();
    // Scenarios computed in the other language are being computed again: wait for them.
    if what_if.is_some_and(|w| w.lang != lang) {
        let _ = tx.send(Err(lang
            .pick(
                "方案正在按切换后的语言重新测算，请稍后再导出。",
                "The scenarios are being computed again in this language: export once they are.",
            )
            .to_owned()));
        return rx;
    }
    let comparison = what_if.and_then(|w| w.comparison.as_ref().ok()).cloned();
    let projections = what_if.map(|w| w.projected()).unwrap_or_default();
    let files = what_if.map(|w| w.files.clone()).unwrap_or_default();
    let source = source_of(data);
    let ctx = ctx.clone();
    std::thread::spawn(move || {
        crate::gui::background::lower_this_thread();
        let figures = charts::briefing::Figures {
            analysis: &analysis,
            plan: plan.as_ref(),
            params: &params,
            what_if: charts::briefing::WhatIf {
                comparison: comparison.as_ref(),
                projections: &projections,
                files: &files,
            },
        };
        let result = charts::briefing(&dir, &figures, lang, size, &source)
            .map(|_| dir.display().to_string())
            .map_err(|e| e.message(lang));
        let _ = tx.send(result);
        ctx.request_repaint();
    });
    rx
}

/// Draw a chart spec: title, legend, note, the plot in the space left, and the source line.
pub fn show_spec(ui: &mut egui::Ui, spec: &ChartSpec) {
    show_spec_sized(ui, spec, None);
}

/// [`show_spec`] with the plot `height` points high (None: the space left, at least 240).
pub fn show_spec_sized(ui: &mut egui::Ui, spec: &ChartSpec, height: Option<f32>) {
    ui.heading(&spec.title);
    legend(ui, spec);
    if let Some(note) = &spec.note {
        ui.label(RichText::new(note).weak());
    }
    if spec.is_empty() {
        ui.add_space(40.0);
        return;
    }
    let height = height.unwrap_or_else(|| (ui.available_height() - 28.0).max(240.0));
    match &spec.body {
        Body::Bars(_) | Body::Boxes(_) => categorical(ui, spec, height),
        Body::Points { .. } => scatter(ui, spec, height),
        Body::Lines(_) => lines(ui, spec, height),
        Body::Empty => {}
    }
    ui.label(RichText::new(&spec.source).small().weak());
}

/// The legend as a row of swatches and labels above the plot.
fn legend(ui: &mut egui::Ui, spec: &ChartSpec) {
    if spec.legend.is_empty() {
        return;
    }
    ui.horizontal_wrapped(|ui| {
        for entry in &spec.legend {
            let (rect, _) = ui.allocate_exact_size(egui::vec2(22.0, 16.0), egui::Sense::hover());
            let c = rgb(entry.color);
            let p = ui.painter();
            let y = rect.center().y;
            match entry.mark {
                LegendMark::Square => {
                    p.rect_filled(
                        egui::Rect::from_center_size(rect.center(), egui::vec2(14.0, 14.0)),
                        2.0,
                        c,
                    );
                }
                LegendMark::Dot => {
                    p.circle_filled(rect.center(), 6.0, c);
                }
                LegendMark::Line => {
                    p.line_segment(
                        [egui::pos2(rect.left(), y), egui::pos2(rect.right(), y)],
                        Stroke::new(3.0, c),
                    );
                }
                LegendMark::Dashed => {
                    p.extend(egui::Shape::dashed_line(
                        &[egui::pos2(rect.left(), y), egui::pos2(rect.right(), y)],
                        Stroke::new(2.0, c),
                        4.0,
                        3.0,
                    ));
                }
            }
            ui.label(&entry.label);
            ui.add_space(10.0);
        }
    });
}

fn reference_lines(plot: &mut egui_plot::PlotUi<'_>, spec: &ChartSpec) {
    for l in &spec.hlines {
        let style = if l.dashed {
            LineStyle::dashed_dense()
        } else {
            LineStyle::Solid
        };
        plot.hline(
            HLine::new(&l.label, l.value)
                .color(rgb(l.color))
                .style(style)
                .width(1.5),
        );
    }
}

fn base_plot<'a>(spec: &ChartSpec, id: &str, height: f32) -> Plot<'a> {
    // The plan's changes are whole posts.
    let whole = spec.kind == ChartKind::Plan;
    Plot::new(format!("chart_{id}"))
        .height(height)
        .x_axis_label(spec.x_label.clone())
        .y_axis_label(spec.y_label.clone())
        .default_x_bounds(spec.x_range[0], spec.x_range[1])
        .default_y_bounds(spec.y_range[0], spec.y_range[1])
        .allow_scroll(false)
        // Finer marks show their numbers sooner: a short plot (150% on a laptop) still reads
        // 0.8, 1, 1.2 rather than only 1.
        .grid_spacing(egui::Rangef::new(10.0, 80.0))
        .y_grid_spacer(chart_axis::round_steps(whole))
        .y_axis_formatter(move |mark, _| chart_axis::number(mark, whole))
        // Hover needs one of the two on (egui_plot skips hovering when both are off); with x
        // alone a bar's hover shows its own text and no second copy of its value.
        .show_x(true)
        .show_y(false)
}

/// Bars and box plots over categories: unit names on the axis once zoomed in far enough.
fn categorical(ui: &mut egui::Ui, spec: &ChartSpec, height: f32) {
    // A few categories (the plan's units) are named under their bars, top to bottom as in the
    // exported picture: a name across would not fit a bar's width. Many are named once zoomed in.
    let upright = spec.categories.len() <= UPRIGHT_NAMES_UP_TO;
    let categories = spec.categories.clone();
    let axis = move |mark: GridMark, _: &std::ops::RangeInclusive<f64>| {
        let i = mark.value.round();
        if (mark.value - i).abs() > 1e-6 || i < 0.0 {
            return String::new();
        }
        let name = categories.get(i as usize).map(String::as_str).unwrap_or_default();
        if upright { top_to_bottom(name) } else { name.to_owned() }
    };
    // Hover over a category shows its text as a tooltip at the pointer (egui_plot's own bar
    // label sits above the bar and is cut off at the top of the plot).
    // (x, half width, text): bars grouped in a category are narrower than one alone.
    let hovers: Vec<(f64, f64, &str)> = match &spec.body {
        Body::Bars(bars) => bars.iter().map(|b| (b.x, b.width / 2.0, b.hover.as_str())).collect(),
        Body::Boxes(boxes) => boxes.iter().map(|b| (b.x, 0.45, b.hover.as_str())).collect(),
        _ => Vec::new(),
    };
    let response = base_plot(spec, spec.kind.key(), height)
        .show_grid([false, true])
        .x_grid_spacer(chart_axis::category_marks)
        .x_axis_formatter(axis)
        .label_formatter(|_| None)
        .show(ui, |plot| {
            match &spec.body {
                Body::Bars(bars) => {
                    let mut groups: Vec<(String, Color32, Vec<Bar>)> = Vec::new();
                    for b in bars {
                        let bar = Bar::new(b.x, b.value).width(b.width).fill(rgb(b.color));
                        match groups.iter_mut().find(|(g, _, _)| *g == b.group) {
                            Some((_, _, v)) => v.push(bar),
                            None => groups.push((b.group.clone(), rgb(b.color), vec![bar])),
                        }
                    }
                    for (group, color, bars) in groups {
                        plot.bar_chart(BarChart::new(group, bars).color(color).allow_hover(false));
                    }
                }
                Body::Boxes(boxes) => {
                    let mut groups: Vec<(String, Color32, Vec<BoxElem>)> = Vec::new();
                    for b in boxes {
                        let c = rgb(b.color);
                        let elem = BoxElem::new(b.x, BoxSpread::new(b.min, b.q1, b.median, b.q3, b.max))
                            .box_width(0.7)
                            .whisker_width(0.35)
                            .fill(c.gamma_multiply(0.45))
                            .stroke(Stroke::new(1.5, c));
                        match groups.iter_mut().find(|(g, _, _)| *g == b.group) {
                            Some((_, _, v)) => v.push(elem),
                            None => groups.push((b.group.clone(), c, vec![elem])),
                        }
                    }
                    for (group, color, elems) in groups {
                        plot.box_plot(BoxPlot::new(group, elems).color(color).allow_hover(false));
                    }
                }
                _ => {}
            }
            reference_lines(plot, spec);
            plot.pointer_coordinate()
        });
    if let Some(p) = response.inner
        && let Some((_, _, text)) = hovers.iter().find(|(x, half, _)| (p.x - x).abs() <= *half)
    {
        response.response.on_hover_ui_at_pointer(|ui| {
            ui.label(*text);
        });
    }
}

/// Categories named top to bottom under their bars when there are at most this many.
const UPRIGHT_NAMES_UP_TO: usize = 30;

/// A name written top to bottom, one character a line, cut to eight characters (the whole
/// name is in the bar's hover).
fn top_to_bottom(name: &str) -> String {
    const MOST: usize = 8;
    let chars: Vec<char> = name.chars().collect();
    let shown: Vec<String> = if chars.len() > MOST {
        chars[..MOST - 1]
            .iter()
            .map(char::to_string)
            .chain(["…".to_owned()])
            .collect()
    } else {
        chars.iter().map(char::to_string).collect()
    };
    shown.join("\n")
}

/// Hover texts by series name and point index.
fn hover_lookup(pairs: impl IntoIterator<Item = (String, String)>) -> HashMap<String, Vec<String>> {
    let mut map: HashMap<String, Vec<String>> = HashMap::new();
    for (name, text) in pairs {
        map.entry(name).or_default().push(text);
    }
    map
}

fn near_point(texts: &HashMap<String, Vec<String>>, pos: &egui_plot::HoverPosition<'_>) -> Option<String> {
    match pos {
        egui_plot::HoverPosition::NearDataPoint { plot_name, index, .. } => {
            texts.get(*plot_name).and_then(|t| t.get(*index)).cloned()
        }
        egui_plot::HoverPosition::Elsewhere { .. } => None,
    }
}

fn scatter(ui: &mut egui::Ui, spec: &ChartSpec, height: f32) {
    let Body::Points { points, diagonal } = &spec.body else {
        return;
    };
    let texts = hover_lookup(points.iter().map(|p| (p.group.clone(), p.hover.clone())));
    base_plot(spec, spec.kind.key(), height)
        .x_grid_spacer(chart_axis::round_steps(false))
        .x_axis_formatter(|mark, _| chart_axis::number(mark, false))
        .label_formatter(move |pos| near_point(&texts, pos))
        .show(ui, |plot| {
            if let Some(name) = diagonal {
                let top = spec.x_range[1].min(spec.y_range[1]);
                plot.line(
                    Line::new(name, vec![[0.0, 0.0], [top, top]])
                        .color(rgb(charts::REFERENCE))
                        .style(LineStyle::dashed_loose())
                        .width(1.5),
                );
            }
            let mut groups: Vec<(String, Color32, Vec<[f64; 2]>)> = Vec::new();
            for p in points {
                match groups.iter_mut().find(|(g, _, _)| *g == p.group) {
                    Some((_, _, v)) => v.push([p.x, p.y]),
                    None => groups.push((p.group.clone(), rgb(p.color), vec![[p.x, p.y]])),
                }
            }
            for (group, color, pts) in groups {
                plot.points(Points::new(group, pts).color(color).radius(5.0).filled(true));
            }
        });
}

fn lines(ui: &mut egui::Ui, spec: &ChartSpec, height: f32) {
    let Body::Lines(series) = &spec.body else { return };
    let texts = hover_lookup(
        series
            .iter()
            .flat_map(|s| s.hovers.iter().map(|h| (s.name.clone(), h.clone()))),
    );
    let years = |mark: GridMark, _: &std::ops::RangeInclusive<f64>| {
        if (mark.value - mark.value.round()).abs() < 1e-6 {
            format!("{:.0}", mark.value)
        } else {
            String::new()
        }
    };
    base_plot(spec, spec.kind.key(), height)
        .x_axis_formatter(years)
        .label_formatter(move |pos| near_point(&texts, pos))
        .show(ui, |plot| {
            for s in series {
                let c = rgb(s.color);
                plot.line(Line::new(&s.name, s.points.clone()).color(c).width(2.5));
                plot.points(Points::new(&s.name, s.points.clone()).color(c).radius(4.0).filled(true));
            }
            // The staff and quota a projection is set against.
            reference_lines(plot, spec);
        });
}

#[cfg(test)]
mod tests {
    use super::top_to_bottom;

    #[test]
    fn a_name_under_its_bar_reads_top_to_bottom_cut_at_eight_characters() {
        assert_eq!(top_to_bottom("区档案馆"), "区\n档\n案\n馆");
        assert_eq!(
            top_to_bottom("高新技术产业开发区管理委员会"),
            "高\n新\n技\n术\n产\n业\n开\n…"
        );
        assert_eq!(top_to_bottom(""), "");
    }
}
