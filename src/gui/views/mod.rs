//! The views of the central panel and the parameters panel. Each reads what the engine
//! computed and draws it.

pub mod activity_names;
pub mod allowances;
pub mod chart_axis;
pub mod charts;
pub mod doubts;
pub mod findings;
pub mod names;
pub mod overview;
pub mod params;
pub mod plan;
pub mod returns;
pub mod scenario_edit;
pub mod scenario_tables;
pub mod scenarios;
pub mod sources;
pub mod unit_detail;
pub mod units;

use crate::model::Band;
use egui::Color32;

pub use crate::charts::{fmt_num, fmt_percent};

/// The text of a table's column `c` at row `i` as a view shows it: empty when none.
pub fn text_at<'r>(c: Option<crate::analysis::Col<'r>>, i: usize) -> &'r str {
    c.and_then(|c| c.str(i)).unwrap_or("")
}

/// The colour of a saturation band, the same in the table, the charts and the images.
pub fn band_color(band: Band) -> Color32 {
    rgb(crate::palette::band(band))
}

/// A palette colour as egui's.
pub const fn rgb(c: crate::palette::Rgb) -> Color32 {
    Color32::from_rgb(c.0, c.1, c.2)
}

/// The colours of messages, from the palette.
pub const DONE: Color32 = rgb(crate::palette::DONE);
pub const WARNING: Color32 = rgb(crate::palette::WARNING);
pub const ERROR: Color32 = rgb(crate::palette::ERROR);

/// Whether an edited value should be applied now: while dragging, wait for the release (a
/// recompute per pixel dragged would queue up); typed values and arrow keys count at once.
/// A number field whose typed value lands on Enter or loss of focus, not at each key.
pub fn typed_on_enter(value: egui::DragValue<'_>) -> egui::DragValue<'_> {
    value.update_while_editing(false)
}

pub fn settled(response: &egui::Response) -> bool {
    (response.changed() && !response.dragged()) || response.drag_stopped()
}

/// A label right-aligned in the space it is given, for numbers.
pub fn number_cell(ui: &mut egui::Ui, text: impl Into<egui::WidgetText>) {
    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
        ui.label(text);
    });
}

/// A share (0 to 1) edited as a percentage with `decimals` places; the share changes with it.
pub fn percent_value(
    ui: &mut egui::Ui,
    share: &mut f64,
    range: std::ops::RangeInclusive<f64>,
    decimals: usize,
) -> egui::Response {
    let mut pct = *share * 100.0;
    let response = ui.add(
        egui::DragValue::new(&mut pct)
            .update_while_editing(false)
            .range(range)
            .speed(0.5)
            .fixed_decimals(decimals)
            .suffix(" %"),
    );
    if response.changed() {
        *share = pct / 100.0;
    }
    response
}

/// A column wide enough that its header wraps only between words (with room for a sort
/// arrow): English "Approved quota" never breaks as "Approve/d". Chinese wraps between any two
/// characters, so its words do not widen the column.
pub fn header_width(ui: &egui::Ui, header: &str, at_least: f32) -> f32 {
    let font = egui::TextStyle::Body.resolve(ui.style());
    let width = |w: &str| {
        ui.painter()
            .layout_no_wrap(format!("{w} ▼"), font.clone(), Color32::WHITE)
            .size()
            .x
    };
    header
        .split_whitespace()
        .filter(|w| !w.chars().any(|c| c as u32 >= 0x2E80))
        .map(width)
        .fold(at_least, f32::max)
        + 4.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_people_write_them() {
        assert_eq!(fmt_num(Some(1234567.0), 2), "1,234,567");
        assert_eq!(fmt_num(Some(-1234.5), 2), "-1,234.50");
        assert_eq!(fmt_num(Some(0.856), 2), "0.86");
        assert_eq!(fmt_num(None, 2), "—");
        assert_eq!(fmt_num(Some(f64::NAN), 2), "—");
        assert_eq!(fmt_percent(Some(0.125)), "12.5%");
    }
}
