//! The views of the central panel and the parameters panel. Each reads what the engine
//! computed and draws it.

pub mod charts;
pub mod findings;
pub mod overview;
pub mod params;
pub mod plan;
pub mod unit_detail;
pub mod units;

use crate::model::Band;
use egui::Color32;

/// The colour of a saturation band, the same in the table and the charts.
pub fn band_color(band: Band) -> Color32 {
    match band {
        Band::SevereUnder => Color32::from_rgb(33, 102, 172),
        Band::Under => Color32::from_rgb(103, 169, 207),
        Band::Balanced => Color32::from_rgb(26, 152, 80),
        Band::Over => Color32::from_rgb(244, 165, 80),
        Band::SevereOver => Color32::from_rgb(202, 0, 32),
        Band::Unknown => Color32::from_gray(150),
    }
}

/// A number as a table shows it: whole numbers without decimals, others with `decimals`.
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

/// A label right-aligned in the space it is given, for numbers.
pub fn number_cell(ui: &mut egui::Ui, text: impl Into<egui::WidgetText>) {
    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
        ui.label(text);
    });
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
