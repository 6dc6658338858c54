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
