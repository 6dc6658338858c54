//! `satlas-cli`: the command line for consoles and scripts. On Windows `satlas.exe` is a
//! windowed program, which a console neither waits for nor takes an exit code from; this small
//! console program starts the `satlas` beside it with the same arguments and the console's own
//! input and output, waits for it, and exits with its code. Elsewhere it does the same, so one
//! name works in scripts on every system.

use std::process::{Command, exit};

fn main() {
    let Some(program) = satlas_beside_this() else {
        eprintln!("satlas-cli: 找不到本程序所在的文件夹 / cannot find the folder this program is in");
        exit(2);
    };
    // Without arguments the window would open: a console user is shown the commands instead.
    let mut args: Vec<_> = std::env::args_os().skip(1).collect();
    if args.is_empty() {
        args.push("--help".into());
    }
    match Command::new(&program).args(&args).status() {
        Ok(status) => exit(status.code().unwrap_or(1)),
        Err(e) => {
            eprintln!("satlas-cli: 无法启动 {} / cannot start it: {e}", program.display());
            exit(2);
        }
    }
}

/// `satlas` (`satlas.exe` on Windows) in this program's own folder.
fn satlas_beside_this() -> Option<std::path::PathBuf> {
    let exe = std::env::current_exe().ok()?;
    Some(exe.parent()?.join(format!("satlas{}", std::env::consts::EXE_SUFFIX)))
}
