//! Text in the PNG images, laid out as the window lays it out: each glyph's ink at the pen
//! plus its left side bearing, pairs kerned. plotters' own text puts every glyph's ink at the
//! pen, which splits "Satlas" into "Sat las" and opens a gap after each full-width bracket.

use ab_glyph::{Font, FontRef, OutlinedGlyph, PxScale, ScaleFont, point};
use plotters::element::{Drawable, PointCollection};
use plotters::style::RGBColor;
use plotters_backend::{BackendColor, BackendCoord, DrawingBackend, DrawingErrorKind};
use std::sync::OnceLock;

fn font() -> &'static FontRef<'static> {
    static FONT: OnceLock<FontRef<'static>> = OnceLock::new();
    FONT.get_or_init(|| FontRef::try_from_slice(super::FONT).expect("the bundled font parses"))
}

/// How a line of text runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Turn {
    /// Left to right.
    None,
    /// Top to bottom, the tops of the glyphs to the right.
    Down,
    /// Bottom to top, the tops of the glyphs to the left (a y-axis name).
    Up,
}

/// The glyphs of `text` at `px` pixels, outlined at their places on a line whose baseline
/// starts at (0, 0), and the pen's advance at the end.
pub fn layout(text: &str, px: f32) -> (Vec<OutlinedGlyph>, f32) {
    let font = font();
    let scaled = font.as_scaled(PxScale::from(px));
    let mut pen = 0.0f32;
    let mut prev = None;
    let mut glyphs = Vec::new();
    for c in text.chars() {
        let id = font.glyph_id(c);
        if let Some(p) = prev {
            pen += scaled.kern(p, id);
        }
        let glyph = id.with_scale_and_position(PxScale::from(px), point(pen, 0.0));
        glyphs.extend(font.outline_glyph(glyph));
        pen += scaled.h_advance(id);
        prev = Some(id);
    }
    (glyphs, pen)
}

/// How wide `text` runs at `px` pixels.
pub fn width(text: &str, px: f32) -> f32 {
    layout(text, px).1
}

/// How far below a line's `pos` the middle of its ink lies (that of 中 at `px` pixels), to
/// centre a legend mark on its words.
pub fn middle(px: f32) -> f32 {
    let (glyphs, _) = layout("中", px);
    let half = (px / 2.0).round();
    glyphs.first().map_or(half, |g| {
        let b = g.px_bounds();
        (b.min.y + b.max.y) / 2.0 + half
    })
}

/// A plotters element: `text` whose line starts at `pos`. The baseline lies half the size
/// below `pos` (where plotters put it, so layouts made around its text still hold).
pub struct GlyphText {
    text: String,
    pos: BackendCoord,
    px: f32,
    color: RGBColor,
    turn: Turn,
}

impl GlyphText {
    pub fn new(text: impl Into<String>, pos: (i32, i32), px: f64, color: RGBColor) -> GlyphText {
        GlyphText {
            text: text.into(),
            pos,
            px: px.max(6.0) as f32,
            color,
            turn: Turn::None,
        }
    }

    pub fn turned(mut self, turn: Turn) -> GlyphText {
        self.turn = turn;
        self
    }
}

impl<'a> PointCollection<'a, BackendCoord> for &'a GlyphText {
    type Point = &'a BackendCoord;
    type IntoIter = std::iter::Once<&'a BackendCoord>;

    fn point_iter(self) -> Self::IntoIter {
        std::iter::once(&self.pos)
    }
}

impl<DB: DrawingBackend> Drawable<DB> for GlyphText {
    fn draw<I: Iterator<Item = BackendCoord>>(
        &self,
        mut points: I,
        backend: &mut DB,
        _: (u32, u32),
    ) -> Result<(), DrawingErrorKind<DB::ErrorType>> {
        let Some((x0, y0)) = points.next() else { return Ok(()) };
        let half = (self.px / 2.0).round() as i32;
        let rgb = (self.color.0, self.color.1, self.color.2);
        let (glyphs, _) = layout(&self.text, self.px);
        let mut result = Ok(());
        for g in &glyphs {
            let b = g.px_bounds();
            g.draw(|gx, gy, coverage| {
                // (u, v): along the line from its start, and down from the baseline.
                let u = b.min.x as i32 + gx as i32;
                let v = b.min.y as i32 + gy as i32 + half;
                let at = match self.turn {
                    Turn::None => (x0 + u, y0 + v),
                    Turn::Down => (x0 + half * 2 - v, y0 + u),
                    Turn::Up => (x0 + v, y0 - u),
                };
                let color = BackendColor {
                    alpha: coverage.clamp(0.0, 1.0) as f64,
                    rgb,
                };
                if result.is_ok() && coverage > 0.0 {
                    result = backend.draw_pixel(at, color);
                }
            });
        }
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A glyph's ink starts at the pen plus its bearing: the full-width bracket's ink sits at
    /// the right of its box, next to what it encloses.
    #[test]
    fn ink_starts_at_the_pen_plus_the_bearing() {
        let (glyphs, _) = layout("（增", 40.0);
        let bracket = glyphs[0].px_bounds();
        assert!(
            bracket.min.x > 40.0 * 0.4,
            "the bracket's ink is at its right: {bracket:?}"
        );
        let (glyphs, advance) = layout("Satlas", 40.0);
        assert_eq!(glyphs.len(), 6);
        assert!(
            glyphs
                .windows(2)
                .all(|w| w[0].px_bounds().min.x < w[1].px_bounds().min.x)
        );
        assert!((advance - width("Satlas", 40.0)).abs() < 1e-3);
    }
}
