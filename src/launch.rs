//! How the program starts: the window, or a command of the command line.
//!
//! On Windows `satlas.exe` is a windowed program, so no console window opens beside the app.
//! Given a command from a console, it attaches to that console so its words are seen; the
//! console does not wait for it, though. `satlas-cli.exe` (src/bin/satlas-cli.rs) is the small
//! console program that starts it with the console's own output and waits, as scripts need.

use crate::cli::{Cli, Command, run_analyze, run_brief, run_generate, run_sql, run_template};
use crate::model::Lang;
use clap::Parser;

/// Run the program; the exit code (0 done, 1 a command failed, 2 nothing could run).
pub fn main() -> i32 {
    if given_a_command() {
        console::attach_to_parent();
    }
    let cli = Cli::parse();
    let result = match &cli.command {
        Some(Command::Analyze(args)) => run_analyze(args, false),
        Some(Command::Plan(args)) => run_analyze(args, true),
        Some(Command::Generate(args)) => run_generate(args),
        Some(Command::Brief(args)) => run_brief(args),
        Some(Command::Template(args)) => run_template(args),
        Some(Command::Sql(args)) => run_sql(args),
        None => return open_window(cli.project),
    };
    match result {
        Ok(()) => 0,
        Err(e) => {
            // In the language asked for; in both when none was.
            let langs = match cli.command.as_ref().and_then(Command::lang) {
                Some(lang) => vec![lang],
                None => vec![Lang::Zh, Lang::En],
            };
            for f in &e.findings {
                for lang in &langs {
                    crate::say!("{}", f.line(*lang));
                }
            }
            if e.findings.is_empty() {
                crate::say!("satlas: {}", e.message);
            }
            1
        }
    }
}

/// Whether the first argument is a command or an option rather than a project file: a
/// double-clicked project must not tie the window to the console it came from.
fn given_a_command() -> bool {
    std::env::args_os()
        .nth(1)
        .is_some_and(|first| !std::path::Path::new(&first).is_file())
}

#[cfg(feature = "gui")]
fn open_window(project: Option<std::path::PathBuf>) -> i32 {
    match crate::gui::run(project) {
        Ok(()) => 0,
        Err(e) => {
            crate::gui::report_window_failure(&e.to_string());
            2
        }
    }
}

#[cfg(not(feature = "gui"))]
fn open_window(_project: Option<std::path::PathBuf>) -> i32 {
    crate::say!("satlas: built without the desktop app; use `satlas analyze --help`.");
    2
}

#[cfg(windows)]
mod console {
    use windows_sys::Win32::Foundation::{HANDLE, INVALID_HANDLE_VALUE};
    use windows_sys::Win32::Storage::FileSystem::{FILE_TYPE_CHAR, GetFileType};
    use windows_sys::Win32::System::Console::{
        ATTACH_PARENT_PROCESS, AttachConsole, GetConsoleMode, GetStdHandle, STD_ERROR_HANDLE, STD_HANDLE,
        STD_INPUT_HANDLE, STD_OUTPUT_HANDLE, SetStdHandle,
    };

    const STREAMS: [STD_HANDLE; 3] = [STD_INPUT_HANDLE, STD_OUTPUT_HANDLE, STD_ERROR_HANDLE];

    /// Write to the console the program was started from: a windowed program is not part of
    /// it, whether its standard handles are missing (started from a console) or the console's
    /// own (started by satlas-cli). Attaching replaces all three handles, so those redirected
    /// to a file, a pipe or NUL (`satlas sql ... > script.sql`) are put back.
    pub fn attach_to_parent() {
        // SAFETY: plain Win32 calls on this process's own standard handles; a failed attach
        // (no parent console, as when started from Explorer) leaves the process as it was.
        unsafe {
            let before = STREAMS.map(|stream| GetStdHandle(stream));
            let wants_console = |h: HANDLE| missing(h) || GetFileType(h) == FILE_TYPE_CHAR;
            if !before.into_iter().any(wants_console) || AttachConsole(ATTACH_PARENT_PROCESS) == 0 {
                return;
            }
            // Now attached, a handle that is not this console's was redirected somewhere else.
            let mut mode = 0;
            for (stream, handle) in STREAMS.into_iter().zip(before) {
                if !missing(handle) && GetConsoleMode(handle, &mut mode) == 0 {
                    SetStdHandle(stream, handle);
                }
            }
        }
    }

    fn missing(handle: HANDLE) -> bool {
        handle.is_null() || handle == INVALID_HANDLE_VALUE
    }
}

#[cfg(not(windows))]
mod console {
    /// Elsewhere every program has the console it was started from.
    pub fn attach_to_parent() {}
}
