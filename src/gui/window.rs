//! The window's size and place: at first the default size fitted to the screen, then as the
//! person left it (size, place, maximised), remembered in the settings.

use serde::{Deserialize, Serialize};

/// The size the window opens at the first time, when the screen has room for it.
pub const DEFAULT_SIZE: [f32; 2] = [1360.0, 860.0];
/// The smallest window the views are laid out for.
pub const MIN_SIZE: [f32; 2] = [800.0, 480.0];
/// Of the screen, at most this share is taken when the window is fitted to it (room for a
/// taskbar and the title bar).
const SCREEN_SHARE: f32 = 0.92;

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct WindowState {
    /// Inner size in points, as it was last when not maximised.
    pub size: [f32; 2],
    /// Top-left corner of the outer window on the screen, in points.
    pub pos: Option<[f32; 2]>,
    pub maximized: bool,
}

impl WindowState {
    /// The viewport to open: as remembered, else the default size.
    pub fn builder(saved: Option<&WindowState>) -> egui::ViewportBuilder {
        let size = saved.map_or(DEFAULT_SIZE, |w| w.size);
        let mut builder = egui::ViewportBuilder::default()
            .with_inner_size(size)
            .with_min_inner_size(MIN_SIZE)
            .with_maximized(saved.is_some_and(|w| w.maximized));
        if let Some(pos) = saved.and_then(|w| w.pos) {
            builder = builder.with_position(pos);
        }
        builder
    }

    /// The window as it stands, keeping the size and place it had before being maximised.
    pub fn observe(ctx: &egui::Context, previous: Option<WindowState>) -> Option<WindowState> {
        ctx.input(|i| {
            let v = i.viewport();
            let maximized = v.maximized.unwrap_or(false);
            if maximized || v.minimized == Some(true) {
                return previous.map(|p| WindowState { maximized, ..p });
            }
            let inner = v.inner_rect?;
            Some(WindowState {
                size: [inner.width(), inner.height()],
                pos: v.outer_rect.map(|r| [r.min.x, r.min.y]),
                maximized,
            })
        })
    }
}

/// A size that fits a screen of `screen` points (None: it fits already).
pub fn fitted(size: [f32; 2], screen: [f32; 2]) -> Option<[f32; 2]> {
    let room = [screen[0] * SCREEN_SHARE, screen[1] * SCREEN_SHARE];
    if size[0] <= room[0] && size[1] <= room[1] {
        return None;
    }
    Some([
        size[0].min(room[0]).max(MIN_SIZE[0].min(screen[0])),
        size[1].min(room[1]).max(MIN_SIZE[1].min(screen[1])),
    ])
}

/// On the first frames: a window larger than its screen (the default on a 1366×768 laptop, or
/// a size remembered from a larger screen) is shrunk to fit and moved to the top-left; one
/// left of or above the screens comes back. True once the screen size was known.
pub fn fit_to_screen(ctx: &egui::Context) -> bool {
    let (screen, inner, outer) = ctx.input(|i| {
        let v = i.viewport();
        (v.monitor_size, v.inner_rect, v.outer_rect)
    });
    let (Some(screen), Some(inner)) = (screen, inner) else {
        return false;
    };
    let screen = [screen.x, screen.y];
    if let Some(size) = fitted([inner.width(), inner.height()], screen) {
        tracing::info!(
            "window {:?} larger than the screen {screen:?}: fitted to {size:?}",
            inner.size()
        );
        ctx.send_viewport_cmd(egui::ViewportCommand::InnerSize(size.into()));
        ctx.send_viewport_cmd(egui::ViewportCommand::OuterPosition(egui::pos2(0.0, 0.0)));
    } else if let Some(outer) = outer
        && (outer.max.x <= 40.0 || outer.max.y <= 40.0)
    {
        // Left of or above every screen (a right-hand monitor's place is not known here, so a
        // window far to the right is left where it is).
        ctx.send_viewport_cmd(egui::ViewportCommand::OuterPosition(egui::pos2(0.0, 0.0)));
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_window_is_fitted_to_a_laptop_screen_and_left_alone_on_a_large_one() {
        assert_eq!(fitted(DEFAULT_SIZE, [1920.0, 1080.0]), None);
        let [w, h] = fitted(DEFAULT_SIZE, [1366.0, 768.0]).unwrap();
        assert!(w <= 1366.0 * SCREEN_SHARE && h <= 768.0 * SCREEN_SHARE, "{w}×{h}");
        assert!(w >= MIN_SIZE[0] && h >= MIN_SIZE[1]);
        // 150% on a 1366×768 screen: 911×512 points. The window takes the screen.
        let [w, h] = fitted(DEFAULT_SIZE, [911.0, 512.0]).unwrap();
        assert!(w <= 911.0 && h <= 512.0, "{w}×{h}");
    }
}
