//! `satlas`: the desktop app, or a command of the command line when given one (see
//! `src/launch.rs`). On Windows it opens no console window; `satlas-cli` is for consoles.
#![cfg_attr(windows, windows_subsystem = "windows")]

// polars' many short-lived buffers fragment the system allocator's heap: a folder of 3,000
// returned forms peaked at 0.86 GB resident for 0.19 GB live (0.34 GB with mimalloc).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(satlas::launch::main());
}
