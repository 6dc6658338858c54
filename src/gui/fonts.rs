//! The bundled CJK font: a subset of Noto Sans CJK SC covering GB2312 (SIL OFL 1.1; see
//! `assets/fonts/`), first in both families so Chinese looks the same on every machine and in
//! tests. egui's own fonts and the system fallback stay behind it for rare characters.

use egui::{FontData, FontDefinitions, FontFamily};
use std::sync::Arc;

/// The font file, compiled into the binary.
pub const NOTO_SANS_SC: &[u8] = crate::charts::FONT;

/// Name of the bundled font in egui's font definitions.
pub const NAME: &str = "noto_sans_sc_gb2312";

/// egui's default fonts with the bundled CJK font first in the proportional and monospace
/// families.
pub fn definitions() -> FontDefinitions {
    let mut defs = FontDefinitions::default();
    defs.font_data
        .insert(NAME.to_owned(), Arc::new(FontData::from_static(NOTO_SANS_SC)));
    for family in [FontFamily::Proportional, FontFamily::Monospace] {
        defs.families.entry(family).or_default().insert(0, NAME.to_owned());
    }
    defs
}

/// Install the fonts on a context (takes effect at the start of the next pass, or now when
/// nothing has been laid out yet).
pub fn install(ctx: &egui::Context) {
    ctx.set_fonts(definitions());
}
