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
    let mut child = match Command::new(&program).args(&args).spawn() {
        Ok(child) => child,
        Err(e) => {
            eprintln!("satlas-cli: 无法启动 {} / cannot start it: {e}", program.display());
            exit(2);
        }
    };
    ends_with_this(&child);
    match child.wait() {
        Ok(status) => exit(status.code().unwrap_or(1)),
        Err(e) => {
            eprintln!(
                "satlas-cli: 等待 {} 时出错 / waiting for it failed: {e}",
                program.display()
            );
            exit(2);
        }
    }
}

/// On Windows, `satlas` ends when this program ends (Ctrl+C, the console closed): it is put in
/// a job that the system closes, killing what is in it, when this program's handle to it goes.
#[cfg(windows)]
fn ends_with_this(child: &std::process::Child) {
    use std::os::windows::io::AsRawHandle;
    use windows_sys::Win32::System::JobObjects::{
        AssignProcessToJobObject, CreateJobObjectW, JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE,
        JOBOBJECT_EXTENDED_LIMIT_INFORMATION, JobObjectExtendedLimitInformation, SetInformationJobObject,
    };
    // SAFETY: a new unnamed job with one limit, given the child's own process handle; the job's
    // handle is kept open on purpose until this process exits. A failure leaves the child as
    // an ordinary process, which still finishes its command.
    unsafe {
        let job = CreateJobObjectW(std::ptr::null(), std::ptr::null());
        if job.is_null() {
            return;
        }
        let mut limits = JOBOBJECT_EXTENDED_LIMIT_INFORMATION::default();
        limits.BasicLimitInformation.LimitFlags = JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE;
        let size = std::mem::size_of::<JOBOBJECT_EXTENDED_LIMIT_INFORMATION>() as u32;
        let info = (&limits as *const JOBOBJECT_EXTENDED_LIMIT_INFORMATION).cast();
        if SetInformationJobObject(job, JobObjectExtendedLimitInformation, info, size) != 0 {
            AssignProcessToJobObject(job, child.as_raw_handle());
        }
    }
}

#[cfg(not(windows))]
fn ends_with_this(_child: &std::process::Child) {
    // Elsewhere Ctrl+C reaches the whole foreground process group, `satlas` with it.
}

/// `satlas` (`satlas.exe` on Windows) in this program's own folder.
fn satlas_beside_this() -> Option<std::path::PathBuf> {
    let exe = std::env::current_exe().ok()?;
    Some(exe.parent()?.join(format!("satlas{}", std::env::consts::EXE_SUFFIX)))
}
