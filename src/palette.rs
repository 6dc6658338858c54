//! Every colour that carries a meaning, once: the saturation bands, a plan's gains and losses,
//! reference and trend lines, and how a message stands (done, warning, error). The window, the
//! charts, their PNG images and the spreadsheets all take their colours from here, so a gain
//! is the same colour wherever a director sees it.
//!
//! Gains take the warm side and losses the cool side, as the bands do: posts go to overloaded
//! (warm) units and come from under-loaded (cool) ones.

use crate::model::Band;

/// A colour as red, green, blue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// As `RRGGBB`, the way spreadsheets take a colour.
    pub const fn hex(self) -> u32 {
        ((self.0 as u32) << 16) | ((self.1 as u32) << 8) | self.2 as u32
    }
}

/// The colour of a saturation band.
pub const fn band(band: Band) -> Rgb {
    match band {
        Band::SevereUnder => Rgb(33, 102, 172),
        Band::Under => Rgb(103, 169, 207),
        Band::Balanced => Rgb(26, 152, 80),
        Band::Over => Rgb(244, 165, 80),
        Band::SevereOver => Rgb(202, 0, 32),
        Band::Unknown => Rgb(150, 150, 150),
    }
}

/// Posts a unit receives in a plan.
pub const GAIN: Rgb = Rgb(202, 88, 32);
/// Posts a unit gives up in a plan.
pub const LOSS: Rgb = Rgb(33, 102, 172);
/// The colour of a change of `change` posts: gain, loss, or none.
pub const fn change(change: i64) -> Option<Rgb> {
    if change > 0 {
        Some(GAIN)
    } else if change < 0 {
        Some(LOSS)
    } else {
        None
    }
}

/// Reference lines: thresholds, the balance line, zero.
pub const REFERENCE: Rgb = Rgb(90, 90, 90);
/// Trend lines: approved quota, staff in post, required staff.
pub const TREND: [Rgb; 3] = [Rgb(90, 90, 90), Rgb(33, 102, 172), Rgb(202, 0, 32)];

/// A message that something was done.
pub const DONE: Rgb = Rgb(26, 120, 60);
/// A warning: a guess, a stale figure, a doubt.
pub const WARNING: Rgb = Rgb(160, 100, 0);
/// An error, a red line, a refusal.
pub const ERROR: Rgb = Rgb(190, 30, 30);

/// Colours told apart by colour-blind readers (Okabe and Ito), one per scenario; the current
/// rules are drawn in the reference grey before them.
pub const SERIES: [Rgb; 6] = [
    Rgb(0, 114, 178),
    Rgb(230, 159, 0),
    Rgb(0, 158, 115),
    Rgb(204, 121, 167),
    Rgb(86, 180, 233),
    Rgb(213, 94, 0),
];
