//! The support log: what the app did and every panic with its backtrace, in `satlas.log`
//! beside the settings. The previous run's log is kept as `satlas.old.log`.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Start logging to `dir/satlas.log` and record panics there. Returns the log's path, or None
/// when the file cannot be created (the app runs on without a log).
pub fn init(dir: &Path) -> Option<PathBuf> {
    std::fs::create_dir_all(dir).ok()?;
    let path = dir.join("satlas.log");
    if path.exists() {
        let _ = std::fs::rename(&path, dir.join("satlas.old.log"));
    }
    let file = File::create(&path).ok()?;
    tracing_subscriber::fmt()
        .with_writer(Mutex::new(file))
        .with_ansi(false)
        .with_target(false)
        .with_max_level(tracing::Level::INFO)
        .try_init()
        .ok()?;
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let backtrace = std::backtrace::Backtrace::force_capture();
        tracing::error!("panic: {info}\n{backtrace}");
        previous(info);
    }));
    tracing::info!(
        "Satlas {} started on {}",
        env!("CARGO_PKG_VERSION"),
        std::env::consts::OS
    );
    Some(path)
}

/// Errors the `log` crate's users reported (rfd says there why a file dialog could not open),
/// kept until [`take_dialog_errors`] reads them.
static DIALOG_ERRORS: Mutex<Vec<String>> = Mutex::new(Vec::new());

/// Passes `log` records (rfd's, winit's) on to the support log, and keeps rfd's last-resort
/// errors: rfd answers "no file" both when the person cancels and when no dialog could open,
/// and only its log tells the two apart. On Linux it tries the desktop portal, then zenity; an
/// error from the portal alone is not a failure (zenity may then open and be cancelled), an
/// error from zenity is.
struct Bridge;

impl log::Log for Bridge {
    fn enabled(&self, metadata: &log::Metadata) -> bool {
        metadata.level() <= log::Level::Warn
    }

    fn log(&self, record: &log::Record) {
        if !self.enabled(record.metadata()) {
            return;
        }
        let text = format!("{}: {}", record.target(), record.args());
        if record.level() == log::Level::Error
            && record.target().starts_with("rfd")
            && record.args().to_string().to_lowercase().contains("zenity")
            && let Ok(mut errors) = DIALOG_ERRORS.lock()
        {
            errors.push(record.args().to_string());
        }
        // Without a tracing subscriber, tracing hands its events back to `log`: pass each on once.
        thread_local!(static PASSING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) });
        if PASSING.with(|p| p.replace(true)) {
            return;
        }
        match record.level() {
            log::Level::Error => tracing::error!("{text}"),
            _ => tracing::warn!("{text}"),
        }
        PASSING.with(|p| p.set(false));
    }

    fn flush(&self) {}
}

static BRIDGE: Bridge = Bridge;

/// Route `log` records through [`Bridge`]. Idempotent: a second call (tests build many apps)
/// finds the bridge in place.
pub fn install_bridge() {
    if log::set_logger(&BRIDGE).is_ok() {
        log::set_max_level(log::LevelFilter::Warn);
    }
}

/// The file dialog errors reported since the last call, oldest first.
pub fn take_dialog_errors() -> Vec<String> {
    DIALOG_ERRORS
        .lock()
        .map(|mut e| std::mem::take(&mut *e))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfd_errors_are_kept_for_the_dialog_and_others_are_not() {
        install_bridge();
        take_dialog_errors();
        log::error!(target: "rfd::backend", "Failed to connect to session bus");
        log::warn!(target: "rfd::backend", "Using zenity fallback");
        log::error!(target: "rfd::backend", "Failed to pick file with zenity: not found");
        log::error!(target: "winit", "something else");
        // The portal's error alone is not a failure: zenity came next.
        assert_eq!(take_dialog_errors(), ["Failed to pick file with zenity: not found"]);
        assert!(take_dialog_errors().is_empty());
    }
}
