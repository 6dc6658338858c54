//! Writes that fail: a folder that does not exist, a path that is a folder, a read-only file or
//! folder, a write cut short by the system (a file-size limit), a full disk and a file in use.
//! Each must fail with a message naming the file, keep the previous file byte for byte and
//! leave no temporary file behind.

// Most faults can be provoked only on Linux (a file-size limit, a full disk in a namespace);
// elsewhere their helpers stand unused.
#![cfg_attr(not(target_os = "linux"), allow(dead_code))]

use polars::prelude::*;
use satlas::Lang;
use satlas::export::{ExportError, NamedTable, write_file_atomic, write_report};
use satlas::project::{Project, Source};
use std::fs;
use std::path::{Path, PathBuf};

/// Whether a fault test that cannot be provoked here must fail rather than say so and pass:
/// on CI (`CI` is set, as `.ci/run` runs), or where `SATLAS_REQUIRE_FAULT_TESTS` is set.
fn required() -> bool {
    std::env::var_os("CI").is_some() || std::env::var_os("SATLAS_REQUIRE_FAULT_TESTS").is_some()
}

fn table() -> DataFrame {
    df!("unit" => ["区财政局", "区统计局"], "approved" => [12i64, 9]).unwrap()
}

fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn project() -> Project {
    let mut p = Project::default();
    p.sources.staffing = Some(Source::new("/数据/编制表.xlsx"));
    p
}

fn export(path: &Path) -> Result<Vec<PathBuf>, ExportError> {
    let t = table();
    write_report(
        path,
        &[NamedTable {
            key: satlas::model::Sheet::Units,
            frame: &t,
        }],
        Lang::Zh,
        &[],
    )
}

/// Whether this process can write where permissions say it may not (root, or a capability).
fn permissions_are_bypassed(dir: &Path) -> bool {
    let probe = dir.join("probe");
    let bypassed = fs::write(&probe, b"x").is_ok();
    let _ = fs::remove_file(&probe);
    bypassed
}

#[test]
fn a_missing_folder_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("不存在 的文件夹");
    for name in ["报告.xlsx", "报告.csv", "报告.parquet"] {
        let err = export(&missing.join(name)).unwrap_err();
        assert!(matches!(err, ExportError::MissingFolder { .. }), "{err}");
        assert!(
            err.message(Lang::Zh).contains("所在文件夹不存在"),
            "{}",
            err.message(Lang::Zh)
        );
        assert!(err.to_string().contains(name), "{err}");
    }
    let err = project().save(&missing.join("项目.satlas")).unwrap_err();
    assert!(
        err.zh.contains("所在文件夹不存在") && err.zh.contains("项目.satlas"),
        "{}",
        err.zh
    );
    assert!(err.en.contains("does not exist"), "{}", err.en);
    let err = write_file_atomic(&missing.join("设置.toml"), b"x").unwrap_err();
    assert!(matches!(err, ExportError::MissingFolder { .. }), "{err}");
    assert!(listing(dir.path()).is_empty());
}

#[test]
fn a_folder_is_not_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("报告.xlsx");
    fs::create_dir(&folder).unwrap();
    let err = export(&folder).unwrap_err();
    assert!(matches!(err, ExportError::IsFolder { .. }), "{err}");
    assert!(
        err.message(Lang::Zh).contains("这是一个文件夹"),
        "{}",
        err.message(Lang::Zh)
    );
    let as_project = dir.path().join("项目.satlas");
    fs::create_dir(&as_project).unwrap();
    let err = project().save(&as_project).unwrap_err();
    assert!(err.en.contains("it is a folder"), "{}", err.en);
    assert_eq!(listing(dir.path()), ["报告.xlsx", "项目.satlas"]);
    assert!(listing(&folder).is_empty());
}

#[cfg(unix)]
#[test]
fn read_only_files_and_folders_are_kept() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();

    // A read-only file in a writable folder: refused by its mode, whoever runs this.
    let old = dir.path().join("旧 报告.xlsx");
    fs::write(&old, b"old report").unwrap();
    fs::set_permissions(&old, fs::Permissions::from_mode(0o444)).unwrap();
    let err = export(&old).unwrap_err();
    assert!(
        err.message(Lang::Zh).contains("没有写入权限"),
        "{}",
        err.message(Lang::Zh)
    );
    assert!(err.to_string().contains("read-only"), "{err}");
    let saved = dir.path().join("只读.satlas");
    fs::write(&saved, b"version = 1\n").unwrap();
    fs::set_permissions(&saved, fs::Permissions::from_mode(0o444)).unwrap();
    let err = project().save(&saved).unwrap_err();
    assert!(err.zh.contains("没有写入权限"), "{}", err.zh);
    assert_eq!(fs::read(&old).unwrap(), b"old report");
    assert_eq!(fs::read(&saved).unwrap(), b"version = 1\n");

    // A read-only folder: the temporary file cannot be created.
    let locked = dir.path().join("只读 文件夹");
    fs::create_dir(&locked).unwrap();
    let kept = locked.join("报告.xlsx");
    fs::write(&kept, b"kept").unwrap();
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o555)).unwrap();
    if !permissions_are_bypassed(&locked) {
        writes_into_a_read_only_folder(&locked);
    } else {
        // Running as root (as CI does), the system lets every write through: the writes run
        // in a child process as the unprivileged user nobody instead.
        fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o777)).unwrap();
        // A copy of this test binary where that user may go (the build folder may be closed).
        let exe = dir.path().join("faults-child");
        fs::copy(std::env::current_exe().unwrap(), &exe).unwrap();
        fs::set_permissions(&exe, fs::Permissions::from_mode(0o755)).unwrap();
        let ran = child_passes_if_it_can_start(
            &[
                "setpriv",
                "--reuid=65534",
                "--regid=65534",
                "--clear-groups",
                "sh",
                "-c",
            ],
            &format!("exec \"$0\" child_writes_into_a_read_only_folder {CHILD_ARGS}"),
            READ_ONLY_DIR,
            &locked,
            &exe,
        );
        assert!(
            ran || !required(),
            "the read-only child could not be run as another user"
        );
        if !ran {
            eprintln!("note: this test binary cannot be run as another user here; read-only folder not tested");
        }
        fs::remove_file(&exe).unwrap();
    }
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(fs::read(&kept).unwrap(), b"kept");
    assert_eq!(listing(&locked), ["报告.xlsx"]);
    assert_eq!(listing(dir.path()), ["只读 文件夹", "只读.satlas", "旧 报告.xlsx"]);
}

/// Exports and a project save into `locked`, a folder the process may not write to: each is
/// refused with the permission message.
fn writes_into_a_read_only_folder(locked: &Path) {
    let t = table();
    for target in [locked.join("报告.xlsx"), locked.join("新.csv")] {
        let err = write_report(
            &target,
            &[NamedTable {
                key: satlas::model::Sheet::Units,
                frame: &t,
            }],
            Lang::En,
            &[],
        )
        .unwrap_err();
        assert!(matches!(err, ExportError::Io { .. }), "{err}");
        let zh = err.message(Lang::Zh);
        assert!(zh.contains("没有写入权限") && zh.contains("其他程序"), "{zh}");
        assert!(err.to_string().contains("permission denied"), "{err}");
    }
    let err = project().save(&locked.join("项目.satlas")).unwrap_err();
    assert!(err.zh.contains("没有写入权限"), "{}", err.zh);
}

const READ_ONLY_DIR: &str = "SATLAS_READ_ONLY_DIR";

/// The child of the read-only test, run as the user nobody.
#[test]
#[ignore = "run by read_only_files_and_folders_are_kept as an unprivileged user"]
fn child_writes_into_a_read_only_folder() {
    let Some(dir) = std::env::var_os(READ_ONLY_DIR).map(PathBuf::from) else {
        return;
    };
    assert!(!permissions_are_bypassed(&dir), "the child still bypasses permissions");
    writes_into_a_read_only_folder(&dir);
}

/// As [`child_passes`], but false (and no failure) when the launcher cannot start this test
/// binary at all (it lies where that user may not go).
fn child_passes_if_it_can_start(launcher: &[&str], script: &str, var: &str, dir: &Path, exe: &Path) -> bool {
    let out = std::process::Command::new(launcher[0])
        .args(&launcher[1..])
        .arg(script)
        .arg(exe)
        .env(var, dir)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    // The test binary never started: the launcher was refused (no permission to change user)
    // or could not reach the binary (a folder on the way is closed to that user).
    if !stdout.contains("running 1 test") {
        eprintln!("note: the child could not be started: {stderr}");
        return false;
    }
    assert!(out.status.success(), "child failed:\n{stdout}\n{stderr}");
    assert!(
        stdout.contains("1 passed"),
        "the child test did not run:\n{stdout}\n{stderr}"
    );
    true
}

/// Environment variable that tells the child below which folder to write into.
const CHILD_DIR: &str = "SATLAS_FAULT_TEST_DIR";
/// How a child runs exactly one ignored test of this binary.
const CHILD_ARGS: &str = "--exact --ignored --nocapture --test-threads 1";

/// Run `script` with `launcher` (a shell, or a shell in a namespace), `$0` being this test
/// binary and `dir` in the environment as `var`: the ignored child test it names must run and
/// pass.
fn child_passes(launcher: &[&str], script: &str, var: &str, dir: &Path) {
    assert!(
        child_passes_if_it_can_start(launcher, script, var, dir, &std::env::current_exe().unwrap()),
        "the child could not be started: {launcher:?}"
    );
}
/// Bytes a child may write to any one file (RLIMIT_FSIZE); bigger writes fail with EFBIG.
const LIMIT_BLOCKS: u64 = 16; // `ulimit -f` counts 512-byte blocks in sh, 1024 in bash

/// A write cut off by the system part-way, as a full disk cuts it: run in a child process under
/// a file-size limit (`ulimit -f`, with SIGXFSZ ignored so the write returns EFBIG instead of
/// killing the process). The full disk itself (ENOSPC) is the test after this one.
#[cfg(target_os = "linux")]
#[test]
fn a_write_cut_short_keeps_the_previous_file_and_no_temporary() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("报告.xlsx");
    let csv = dir.path().join("报告.csv");
    let saved = dir.path().join("项目.satlas");
    // The previous good files, written without a limit.
    export(&report).unwrap();
    export(&csv).unwrap();
    project().save(&saved).unwrap();
    let before: Vec<Vec<u8>> = [&report, &csv, &saved].iter().map(|p| fs::read(p).unwrap()).collect();

    child_passes(
        &["sh", "-c"],
        &format!(
            "trap '' XFSZ; ulimit -f {LIMIT_BLOCKS} && exec \"$0\" child_writes_under_a_file_size_limit {CHILD_ARGS}"
        ),
        CHILD_DIR,
        dir.path(),
    );

    let after: Vec<Vec<u8>> = [&report, &csv, &saved].iter().map(|p| fs::read(p).unwrap()).collect();
    assert!(before == after, "a previous file changed");
    assert_eq!(listing(dir.path()), ["报告.csv", "报告.xlsx", "项目.satlas"]);
}

/// The child of the test above: every write here is bigger than the limit and must fail.
#[test]
#[ignore = "run by a_write_cut_short_keeps_the_previous_file_and_no_temporary under ulimit -f"]
fn child_writes_under_a_file_size_limit() {
    let Some(dir) = std::env::var_os(CHILD_DIR).map(PathBuf::from) else {
        return;
    };
    let n = 4000;
    let big = DataFrame::new(
        n,
        vec![
            Column::new(
                "unit".into(),
                (0..n)
                    .map(|i| format!("单位{i}，名称写得很长以便超过限制"))
                    .collect::<Vec<_>>(),
            ),
            Column::new("approved".into(), (0..n as i64).collect::<Vec<_>>()),
        ],
    )
    .unwrap();
    for name in ["报告.xlsx", "报告.csv"] {
        let path = dir.join(name);
        let err = write_report(
            &path,
            &[NamedTable {
                key: satlas::model::Sheet::Units,
                frame: &big,
            }],
            Lang::Zh,
            &[],
        )
        .unwrap_err();
        let text = err.message(Lang::Zh);
        assert!(text.contains(name), "{text}");
        assert!(
            text.contains("文件超出系统允许的大小") || text.contains("too large") || text.contains("File too large"),
            "{text}"
        );
        println!("{name}: {text}");
    }
    let mut p = project();
    p.sources.staffing.as_mut().unwrap().options.overrides =
        (0..2000).map(|i| (format!("字段{i}"), format!("列名{i}"))).collect();
    let err = p.save(&dir.join("项目.satlas")).unwrap_err();
    assert!(err.zh.contains("文件超出系统允许的大小"), "{}", err.zh);
    println!("项目.satlas: {}", err.zh);
}

const FULL_DISK_DIR: &str = "SATLAS_FULL_DISK_DIR";

/// A full disk (ENOSPC): a 512 KB file system mounted over a temporary folder, in a user and
/// mount namespace of a child process (`unshare -rm`, no privileges needed where the kernel
/// allows user namespaces). The child writes good files, fills the disk, then exports and
/// saves over them; each must fail saying the disk is full and keep the good file.
/// Where namespaces are not allowed the test says so and passes, except on CI (see
/// [`required`]), where it fails.
#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_keeps_the_previous_file_and_no_temporary() {
    let dir = tempfile::tempdir().unwrap();
    let probe = std::process::Command::new("unshare")
        .args([
            "-rm",
            "sh",
            "-c",
            "mount -t tmpfs -o size=64k tmpfs \"$0\"",
            &dir.path().to_string_lossy(),
        ])
        .output();
    if !probe.as_ref().is_ok_and(|o| o.status.success()) {
        assert!(
            !required(),
            "cannot mount a small file system in a namespace: {probe:?}"
        );
        eprintln!("skipped: this machine does not allow a file system mounted in a user namespace");
        return;
    }
    child_passes(
        &["unshare", "-rm", "sh", "-c"],
        &format!(
            "mount -t tmpfs -o size=512k tmpfs \"${FULL_DISK_DIR}\" && exec \"$0\" child_writes_to_a_full_disk {CHILD_ARGS}"
        ),
        FULL_DISK_DIR,
        dir.path(),
    );
}

/// The child of the test above, on the small file system.
#[test]
#[ignore = "run by a_full_disk_keeps_the_previous_file_and_no_temporary on a full file system"]
fn child_writes_to_a_full_disk() {
    use std::io::Write;
    let Some(dir) = std::env::var_os(FULL_DISK_DIR).map(PathBuf::from) else {
        return;
    };
    let report = dir.join("报告.xlsx");
    let csv = dir.join("报告.csv");
    let saved = dir.join("项目.satlas");
    export(&report).unwrap();
    export(&csv).unwrap();
    project().save(&saved).unwrap();
    let before: Vec<Vec<u8>> = [&report, &csv, &saved].iter().map(|p| fs::read(p).unwrap()).collect();
    // Fill the disk to the last byte.
    let mut filler = fs::File::create(dir.join("filler")).unwrap();
    let chunk = vec![b'x'; 4096];
    while filler.write_all(&chunk).is_ok() {}
    while filler.write_all(b"x").is_ok() {}
    drop(filler);

    for path in [&report, &csv] {
        let err = export(path).unwrap_err();
        let text = err.message(Lang::Zh);
        assert!(text.contains("磁盘空间不足"), "{text}");
        let name = path.file_name().unwrap().to_string_lossy();
        assert!(text.contains(&*name), "{text}");
        println!("{}: {text}", path.display());
    }
    let err = project().save(&saved).unwrap_err();
    assert!(err.zh.contains("磁盘空间不足"), "{}", err.zh);
    println!("项目.satlas: {}", err.zh);

    let after: Vec<Vec<u8>> = [&report, &csv, &saved].iter().map(|p| fs::read(p).unwrap()).collect();
    assert!(before == after, "a previous file changed");
    assert_eq!(listing(&dir), ["filler", "报告.csv", "报告.xlsx", "项目.satlas"]);
}

const BUSY_DIR: &str = "SATLAS_BUSY_DIR";

/// Whether this machine lets a test make a user and mount namespace (`unshare -rm`) and mount
/// in it; where not, the namespace tests say so and pass.
fn namespaces_allowed(dir: &Path) -> bool {
    let probe = std::process::Command::new("unshare")
        .args(["-rm", "sh", "-c", "mount --bind \"$0\" \"$0\"", &dir.to_string_lossy()])
        .output();
    let ok = probe.as_ref().is_ok_and(|o| o.status.success());
    if !ok {
        assert!(!required(), "cannot mount in a namespace here: {probe:?}");
        eprintln!("skipped: this machine does not allow mounting in a user namespace");
    }
    ok
}

/// A file held by another program: the report and the project file are each covered by a
/// bind mount in a child's namespace, which makes replacing them fail with EBUSY, as Windows
/// refuses to replace a workbook Excel or WPS has open. Each write must say the file is open
/// in another program, leave no temporary file, and the files stay as they were.
#[cfg(target_os = "linux")]
#[test]
fn a_file_in_use_is_kept_and_the_message_says_so() {
    let dir = tempfile::tempdir().unwrap();
    if !namespaces_allowed(dir.path()) {
        return;
    }
    let report = dir.path().join("报告.xlsx");
    let saved = dir.path().join("项目.satlas");
    export(&report).unwrap();
    project().save(&saved).unwrap();
    let before: Vec<Vec<u8>> = [&report, &saved].iter().map(|p| fs::read(p).unwrap()).collect();
    fs::write(dir.path().join("占用"), b"held by another program").unwrap();
    child_passes(
        &["unshare", "-rm", "sh", "-c"],
        &format!(
            "d=\"${BUSY_DIR}\"; mount --bind \"$d/占用\" \"$d/报告.xlsx\" && mount --bind \"$d/占用\" \"$d/项目.satlas\" && exec \"$0\" child_writes_over_files_in_use {CHILD_ARGS}"
        ),
        BUSY_DIR,
        dir.path(),
    );
    let after: Vec<Vec<u8>> = [&report, &saved].iter().map(|p| fs::read(p).unwrap()).collect();
    assert!(before == after, "a file in use changed");
    assert_eq!(listing(dir.path()), ["占用", "报告.xlsx", "项目.satlas"]);
}

/// The child of the test above, where both files are in use.
#[test]
#[ignore = "run by a_file_in_use_is_kept_and_the_message_says_so with the files bind-mounted"]
fn child_writes_over_files_in_use() {
    let Some(dir) = std::env::var_os(BUSY_DIR).map(PathBuf::from) else {
        return;
    };
    let err = export(&dir.join("报告.xlsx")).unwrap_err();
    assert!(
        err.message(Lang::Zh).contains("正被其他程序"),
        "{}",
        err.message(Lang::Zh)
    );
    assert!(err.to_string().contains("open in another program"), "{err}");
    let err = project().save(&dir.join("项目.satlas")).unwrap_err();
    assert!(err.zh.contains("正被其他程序"), "{}", err.zh);
    println!("{}", err.zh);
}
