//! Off-screen rendering of a [`ChartSpec`] to PNG with plotters' bitmap backend, at a chosen
//! size: a light background, the title, the legend above the plot (never over the data), axis
//! names, the chart and a source line at the foot. Text uses the bundled CJK font registered
//! from bytes ([`super::FONT`]), so Chinese renders the same without any system font.
//!
//! The image is `width × scale` pixels wide and 9/16 of that high; every text size and line
//! width is multiplied by `scale`, so a 1920-px chart at 2× has the layout of a 1920-px one with
//! twice the pixels (sharp on a slide projected large).

use super::glyphs::{GlyphText, Turn};
use super::{Body, ChartSpec, LegendMark, Rgb};
use crate::export::ExportError;
use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::FontStyle;
use std::path::{Path, PathBuf};
use std::sync::Once;

/// The font family name the renderer registers the bundled font under.
const FAMILY: &str = "satlas-noto-sans-sc";

/// The size of an image: logical width in pixels and a scale factor.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PngSize {
    pub width: u32,
    pub scale: f32,
}

impl PngSize {
    /// A slide-sized chart: 1920 px at 2× (3840 × 2160 pixels).
    pub const SLIDE: PngSize = PngSize {
        width: 1920,
        scale: 2.0,
    };

    /// Width and height in pixels.
    pub fn pixels(self) -> (u32, u32) {
        let scale = if self.scale.is_finite() && self.scale > 0.0 {
            self.scale
        } else {
            1.0
        };
        let w = ((self.width.clamp(320, 8192) as f32) * scale)
            .round()
            .clamp(320.0, 16_384.0) as u32;
        (w, (w * 9).div_ceil(16))
    }
}

impl Default for PngSize {
    fn default() -> PngSize {
        PngSize::SLIDE
    }
}

fn register_font() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // The font is compiled in; it parses, or the build itself is broken.
        let _ = plotters::style::register_font(FAMILY, FontStyle::Normal, super::FONT);
    });
}

fn color(c: Rgb) -> RGBColor {
    RGBColor(c.0, c.1, c.2)
}

/// A lighter tint of a colour (box fills).
fn tint(c: Rgb, amount: f64) -> RGBColor {
    let mix = |v: u8| (v as f64 + (255.0 - v as f64) * amount).round() as u8;
    RGBColor(mix(c.0), mix(c.1), mix(c.2))
}

const INK: RGBColor = RGBColor(40, 40, 40);
const MUTED: RGBColor = RGBColor(110, 110, 110);
const BACKGROUND: RGBColor = RGBColor(255, 255, 255);

/// Render `spec` to RGB pixels: `(width, height, rgb)`.
pub fn render_rgb(spec: &ChartSpec, size: PngSize) -> Result<(u32, u32, Vec<u8>), String> {
    register_font();
    let (w, h) = size.pixels();
    let s = w as f64 / size.width.clamp(320, 8192) as f64;
    let mut buf = vec![255u8; (w as usize) * (h as usize) * 3];
    {
        let root = BitMapBackend::with_buffer(&mut buf, (w, h)).into_drawing_area();
        draw(&root, spec, s).map_err(|e| e.to_string())?;
        root.present().map_err(|e| e.to_string())?;
    }
    Ok((w, h, buf))
}

/// Encode RGB pixels as PNG bytes.
pub fn encode(width: u32, height: u32, rgb: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    {
        let mut enc = ::png::Encoder::new(&mut out, width, height);
        enc.set_color(::png::ColorType::Rgb);
        enc.set_depth(::png::BitDepth::Eight);
        let mut writer = enc.write_header().map_err(|e| e.to_string())?;
        writer.write_image_data(rgb).map_err(|e| e.to_string())?;
        writer.finish().map_err(|e| e.to_string())?;
    }
    Ok(out)
}

/// Render `spec` and write it to `path` as PNG, whole or not at all (a temporary file beside
/// it, renamed once complete). Returns the path written.
pub fn write_png(path: &Path, spec: &ChartSpec, size: PngSize) -> Result<PathBuf, ExportError> {
    let fail = |message: String| ExportError::Write {
        path: path.to_path_buf(),
        message,
    };
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if !folder.is_dir() {
        return Err(ExportError::MissingFolder {
            path: path.to_path_buf(),
        });
    }
    if path.is_dir() {
        return Err(ExportError::IsFolder {
            path: path.to_path_buf(),
        });
    }
    let (w, h, rgb) = render_rgb(spec, size).map_err(fail)?;
    let bytes = encode(w, h, &rgb).map_err(fail)?;
    crate::export::write_file_atomic(path, &bytes)?;
    Ok(path.to_path_buf())
}

/// A category name as drawn under the axis: shortened to fit, stacked upright (Chinese) or
/// turned a quarter (other scripts).
struct CategoryLabel {
    text: String,
    upright: bool,
    /// Its extent below the axis, in pixels.
    length: f64,
}

impl CategoryLabel {
    fn fit(name: &str, px: f64, cap: f64) -> CategoryLabel {
        let upright = name.chars().any(|c| c as u32 >= 0x2E80);
        let measure = |t: &str| {
            if upright {
                t.chars().count() as f64 * px * 1.02
            } else {
                text_width(t, px)
            }
        };
        let mut text = name.to_owned();
        let mut chars: Vec<char> = name.chars().collect();
        while measure(&text) > cap && chars.len() > 1 {
            chars.pop();
            text = chars.iter().collect::<String>() + "…";
        }
        let length = measure(&text);
        CategoryLabel { text, upright, length }
    }
}

type Area<'a> = DrawingArea<BitMapBackend<'a>, Shift>;
type DrawResult = Result<(), Box<dyn std::error::Error + 'static>>;

fn font(px: f64) -> TextStyle<'static> {
    TextStyle::from((FAMILY, px.max(6.0)).into_font())
}

/// How wide `text` runs at `px` pixels, as [`GlyphText`] draws it.
fn text_width(text: &str, px: f64) -> f64 {
    super::glyphs::width(text, px.max(6.0) as f32) as f64
}

fn draw(root: &Area<'_>, spec: &ChartSpec, s: f64) -> DrawResult {
    root.fill(&BACKGROUND)?;
    let (w, h) = root.dim_in_pixel();
    let (w, h) = (w as f64, h as f64);
    let pad = 28.0 * s;
    // Title.
    root.draw(&GlyphText::new(&spec.title, (pad as i32, pad as i32), 34.0 * s, INK))?;
    let mut y = pad + 50.0 * s;
    // Legend: one or more rows under the title, left-aligned, outside the plot.
    let legend_px = 20.0 * s;
    let swatch = 18.0 * s;
    let mut x = pad;
    for entry in &spec.legend {
        let tw = text_width(&entry.label, legend_px);
        if x + swatch + 8.0 * s + tw > w - pad && x > pad {
            x = pad;
            y += 30.0 * s;
        }
        let c = color(entry.color);
        // The mark's middle on the words' middle.
        let top = y + super::glyphs::middle(legend_px as f32) as f64 - swatch / 2.0;
        let (x0, y0) = (x as i32, top as i32);
        let (x1, y1) = ((x + swatch) as i32, (top + swatch) as i32);
        let mid = ((y0 + y1) / 2) as f64;
        match entry.mark {
            LegendMark::Square => {
                root.draw(&Rectangle::new([(x0, y0), (x1, y1)], c.filled()))?;
            }
            LegendMark::Dot => {
                root.draw(&Circle::new(
                    ((x0 + x1) / 2, mid as i32),
                    (swatch / 2.5) as i32,
                    c.filled(),
                ))?;
            }
            LegendMark::Line => {
                root.draw(&PathElement::new(
                    vec![(x0, mid as i32), (x1, mid as i32)],
                    c.stroke_width((3.0 * s) as u32),
                ))?;
            }
            LegendMark::Dashed => {
                root.draw(&DashedPathElement::new(
                    vec![(x0, mid as i32), (x1, mid as i32)],
                    (5.0 * s) as i32,
                    (3.0 * s) as i32,
                    c.stroke_width((2.0 * s).max(1.0) as u32),
                ))?;
            }
        }
        let at = ((x + swatch + 8.0 * s) as i32, y as i32);
        root.draw(&GlyphText::new(&entry.label, at, legend_px, INK))?;
        x += swatch + 8.0 * s + tw + 28.0 * s;
    }
    if !spec.legend.is_empty() {
        y += 30.0 * s;
    }
    // A remark (what was left out) or the reason nothing is drawn.
    if let Some(note) = &spec.note
        && !spec.is_empty()
    {
        root.draw(&GlyphText::new(note, (pad as i32, y as i32), 18.0 * s, MUTED))?;
        y += 28.0 * s;
    }
    // Source line at the foot.
    let at = (pad as i32, (h - pad - 16.0 * s) as i32);
    root.draw(&GlyphText::new(&spec.source, at, 16.0 * s, MUTED))?;
    let bottom = h - pad - 28.0 * s;
    let area = root.margin(y as i32 + (8.0 * s) as i32, (h - bottom) as i32, pad as i32, pad as i32);
    if spec.is_empty() {
        let text = spec.note.clone().unwrap_or_default();
        let tw = text_width(&text, 24.0 * s);
        let (aw, ah) = area.dim_in_pixel();
        let at = (((aw as f64 - tw) / 2.0).max(0.0) as i32, (ah / 2) as i32);
        area.draw(&GlyphText::new(text, at, 24.0 * s, MUTED))?;
        return Ok(());
    }
    plot(&area, root, spec, s)
}

/// The axes, grid and marks inside `area`.
fn plot(area: &Area<'_>, root: &Area<'_>, spec: &ChartSpec, s: f64) -> DrawResult {
    let (aw, ah) = area.dim_in_pixel();
    let label_font = font(16.0 * s).color(&INK);
    let y_area = 90.0 * s;
    // Category names run down under their bars when there is room for them.
    let n = spec.categories.len();
    let spacing = if n > 0 { (aw as f64 - y_area) / n as f64 } else { 0.0 };
    let cat_px = (spacing * 0.85).min(16.0 * s);
    let show_categories = n > 0 && cat_px >= 7.0 * s.min(1.5);
    let cap = ah as f64 * 0.38;
    let labels: Vec<CategoryLabel> = if show_categories {
        spec.categories
            .iter()
            .map(|c| CategoryLabel::fit(c, cat_px, cap))
            .collect()
    } else {
        Vec::new()
    };
    let cat_len = labels.iter().map(|l| l.length).fold(0.0, f64::max);
    let x_area = if n > 0 { cat_len + 44.0 * s } else { 60.0 * s };
    let [x0, x1] = spec.x_range;
    let [y0, y1] = spec.y_range;
    let mut chart = ChartBuilder::on(area)
        .margin_right((16.0 * s) as i32)
        .margin_top((8.0 * s) as i32)
        .x_label_area_size(x_area as i32)
        .y_label_area_size(y_area as i32)
        .build_cartesian_2d(x0..x1, y0..y1)?;
    mesh(&mut chart, spec, n, label_font, s)?;
    draw_body(&mut chart, spec, s)?;
    draw_hlines(&mut chart, spec, s)?;
    draw_axis_names(&chart, root, spec, s)?;
    draw_bar_labels(&chart, root, spec, s)?;
    draw_category_labels(&chart, root, &labels, cat_px, y0, s)
}

/// The plotting area of a chart: numbers on both axes.
type Chart<'a, 'b> = ChartContext<
    'a,
    BitMapBackend<'b>,
    Cartesian2d<plotters::coord::types::RangedCoordf64, plotters::coord::types::RangedCoordf64>,
>;

/// Axes, their names and labels, and the grid.
fn mesh(chart: &mut Chart<'_, '_>, spec: &ChartSpec, n: usize, label_font: TextStyle, s: f64) -> DrawResult {
    let [x0, x1] = spec.x_range;
    let [y0, y1] = spec.y_range;
    let years = matches!(spec.body, Body::Lines(_));
    let year_fmt = |v: &f64| {
        if (v - v.round()).abs() < 1e-6 {
            format!("{:.0}", v)
        } else {
            String::new()
        }
    };
    let whole = matches!(spec.kind, super::ChartKind::Plan);
    let y_fmt = |v: &f64| {
        if whole && (v - v.round()).abs() > 1e-6 {
            String::new()
        } else {
            super::fmt_num(Some(*v), if (y1 - y0) < 10.0 { 1 } else { 0 })
        }
    };
    let x_fmt = |v: &f64| super::fmt_num(Some(*v), if (x1 - x0) < 10.0 { 1 } else { 0 });
    let mut mesh = chart.configure_mesh();
    mesh.disable_x_mesh()
        .label_style(label_font.clone())
        .y_label_formatter(&y_fmt)
        .bold_line_style(RGBColor(220, 220, 220).stroke_width(s.max(1.0) as u32))
        .max_light_lines(1)
        .light_line_style(RGBColor(245, 245, 245).stroke_width(1))
        .axis_style(MUTED.stroke_width(s.max(1.0) as u32));
    if n > 0 {
        mesh.x_labels(0);
    } else if years {
        mesh.x_labels(((x1 - x0).round() as usize + 1).min(30))
            .x_label_formatter(&year_fmt);
    } else {
        mesh.x_labels(10).x_label_formatter(&x_fmt);
    }
    mesh.draw()?;
    Ok(())
}

/// The bars, points, boxes or lines of the chart.
fn draw_body(chart: &mut Chart<'_, '_>, spec: &ChartSpec, s: f64) -> DrawResult {
    let [x1, y1] = [spec.x_range[1], spec.y_range[1]];
    let line_w = (2.0 * s).max(1.0) as u32;
    match &spec.body {
        Body::Bars(bars) => {
            chart.draw_series(bars.iter().map(|b| {
                let (lo, hi) = if b.value >= 0.0 { (0.0, b.value) } else { (b.value, 0.0) };
                let half = b.width / 2.0;
                Rectangle::new([(b.x - half, lo), (b.x + half, hi)], color(b.color).filled())
            }))?;
        }
        Body::Points { points, diagonal } => {
            if diagonal.is_some() {
                let top = x1.min(y1);
                chart.draw_series(std::iter::once(DashedPathElement::new(
                    vec![(0.0, 0.0), (top, top)],
                    (8.0 * s) as i32,
                    (5.0 * s) as i32,
                    color(super::REFERENCE).stroke_width(line_w),
                )))?;
            }
            let r = (6.0 * s) as i32;
            // A point beyond the axes is named in the note, not pinned to the edge.
            let inside = || points.iter().filter(|p| p.x <= x1 && p.y <= y1);
            chart.draw_series(inside().map(|p| Circle::new((p.x, p.y), r, color(p.color).filled())))?;
            chart.draw_series(inside().map(|p| Circle::new((p.x, p.y), r, WHITE.stroke_width(s.max(1.0) as u32))))?;
        }
        Body::Boxes(boxes) => {
            let half = 0.35;
            for b in boxes {
                let c = color(b.color);
                chart.draw_series([
                    PathElement::new(vec![(b.x, b.min), (b.x, b.max)], c.stroke_width(line_w)),
                    PathElement::new(
                        vec![(b.x - half / 2.0, b.min), (b.x + half / 2.0, b.min)],
                        c.stroke_width(line_w),
                    ),
                    PathElement::new(
                        vec![(b.x - half / 2.0, b.max), (b.x + half / 2.0, b.max)],
                        c.stroke_width(line_w),
                    ),
                ])?;
                chart.draw_series([
                    Rectangle::new([(b.x - half, b.q1), (b.x + half, b.q3)], tint(b.color, 0.55).filled()),
                    Rectangle::new([(b.x - half, b.q1), (b.x + half, b.q3)], c.stroke_width(line_w)),
                ])?;
                chart.draw_series(std::iter::once(PathElement::new(
                    vec![(b.x - half, b.median), (b.x + half, b.median)],
                    INK.stroke_width((3.0 * s) as u32),
                )))?;
            }
        }
        Body::Lines(series) => {
            for l in series {
                let c = color(l.color);
                chart.draw_series(LineSeries::new(
                    l.points.iter().map(|p| (p[0], p[1])),
                    c.stroke_width((3.0 * s) as u32),
                ))?;
                chart.draw_series(
                    l.points
                        .iter()
                        .map(|p| Circle::new((p[0], p[1]), (6.0 * s) as i32, c.filled())),
                )?;
            }
        }
        Body::Empty => {}
    }
    Ok(())
}

/// The reference lines across the chart (the balanced band, 1.0).
fn draw_hlines(chart: &mut Chart<'_, '_>, spec: &ChartSpec, s: f64) -> DrawResult {
    let [x0, x1] = spec.x_range;
    for line in &spec.hlines {
        let c = color(line.color).stroke_width((1.5 * s).max(1.0) as u32);
        if line.dashed {
            chart.draw_series(std::iter::once(DashedPathElement::new(
                vec![(x0, line.value), (x1, line.value)],
                (8.0 * s) as i32,
                (5.0 * s) as i32,
                c,
            )))?;
        } else {
            chart.draw_series(std::iter::once(PathElement::new(
                vec![(x0, line.value), (x1, line.value)],
                c,
            )))?;
        }
    }
    Ok(())
}

/// Category names under each bar or box: Chinese stacked upright, other text turned.
fn draw_category_labels(
    chart: &Chart<'_, '_>,
    root: &Area<'_>,
    labels: &[CategoryLabel],
    cat_px: f64,
    y0: f64,
    s: f64,
) -> DrawResult {
    let below = 6.0 * s;
    for (i, label) in labels.iter().enumerate() {
        let (px, py) = chart.backend_coord(&(i as f64, y0));
        let (px, py) = (px as f64, py as f64 + below);
        if label.upright {
            for (k, ch) in label.text.chars().enumerate() {
                let cw = text_width(&ch.to_string(), cat_px);
                let at = ((px - cw / 2.0) as i32, (py + k as f64 * cat_px * 1.02) as i32);
                root.draw(&GlyphText::new(ch.to_string(), at, cat_px, INK))?;
            }
        } else {
            let at = ((px - cat_px / 2.0) as i32, py as i32);
            root.draw(&GlyphText::new(&label.text, at, cat_px, INK).turned(Turn::Down))?;
        }
    }
    Ok(())
}

/// Each bar's value at its end, where the bar is wide enough for it: above a bar that rises,
/// below one that falls.
fn draw_bar_labels(chart: &Chart<'_, '_>, root: &Area<'_>, spec: &ChartSpec, s: f64) -> DrawResult {
    let Body::Bars(bars) = &spec.body else { return Ok(()) };
    let px = 15.0 * s;
    for b in bars {
        let (left, end) = chart.backend_coord(&(b.x - b.width / 2.0, b.value));
        let (right, _) = chart.backend_coord(&(b.x + b.width / 2.0, b.value));
        let width = text_width(&b.label, px);
        if width + 4.0 * s > (right - left) as f64 {
            continue;
        }
        let x = (left + right) as f64 / 2.0 - width / 2.0;
        let y = if b.value >= 0.0 {
            end as f64 - px * 1.2
        } else {
            end as f64 + px * 0.2
        };
        root.draw(&GlyphText::new(&b.label, (x as i32, y as i32), px, INK))?;
    }
    Ok(())
}

/// The axis names: the x axis's centred under its labels, the y axis's read upwards beside
/// its numbers.
fn draw_axis_names(chart: &Chart<'_, '_>, root: &Area<'_>, spec: &ChartSpec, s: f64) -> DrawResult {
    let px = 20.0 * s;
    let (x_range, y_range) = chart.plotting_area().get_pixel_range();
    let (left, right, top, bottom) = (x_range.start, x_range.end, y_range.start, y_range.end);
    let (_, root_h) = root.dim_in_pixel();
    let foot = root_h as f64 - 28.0 * s - 28.0 * s;
    let x_name = &spec.x_label;
    let at = (((left + right) as f64 - text_width(x_name, px)) / 2.0, foot - px * 1.2);
    root.draw(&GlyphText::new(x_name, (at.0 as i32, at.1 as i32), px, INK))?;
    let y_name = &spec.y_label;
    let at = (
        left as f64 - 90.0 * s + 4.0 * s,
        ((top + bottom) as f64 + text_width(y_name, px)) / 2.0,
    );
    root.draw(&GlyphText::new(y_name, (at.0 as i32, at.1 as i32), px, INK).turned(Turn::Up))?;
    Ok(())
}
