//! What differs by system, checked on each system the release is built on (the Windows job of
//! the CI workflow runs these too): where settings and the support log live, how a file held
//! by another program (Excel, WPS) is told apart, and that the window's Chinese does not hang
//! on the fonts a system happens to have.

mod common;

#[cfg(feature = "gui")]
use common::rust_files;
use satlas::Lang;
use std::path::{Path, PathBuf};

/// The settings folder, without and with `SATLAS_CONFIG_DIR`. One test owns the variable: the
/// others in this binary never read it.
#[cfg(feature = "gui")]
#[test]
fn settings_live_in_the_systems_configuration_folder() {
    use satlas::gui::settings::{CONFIG_DIR_VAR, Settings};
    // SAFETY: no other test of this binary reads or writes the environment.
    unsafe { std::env::remove_var(CONFIG_DIR_VAR) };
    let path = Settings::default_path().expect("a home folder");
    let expected_tail: &[&str] = if cfg!(windows) {
        &["Satlas", "config", "settings.toml"]
    } else if cfg!(target_os = "macos") {
        &["Library", "Application Support", "Satlas", "settings.toml"]
    } else {
        &["satlas", "settings.toml"]
    };
    let tail: Vec<String> = path
        .iter()
        .rev()
        .take(expected_tail.len())
        .map(|c| c.to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    assert_eq!(tail, expected_tail, "{}", path.display());
    if cfg!(windows) {
        // The roaming application data folder, which needs no administrator rights.
        let appdata = PathBuf::from(std::env::var_os("APPDATA").expect("APPDATA on Windows"));
        assert!(
            path.starts_with(&appdata),
            "{} is not under {}",
            path.display(),
            appdata.display()
        );
    }

    let dir = common::workdir();
    let chosen = dir.path().join("设置 文件夹");
    // SAFETY: as above.
    unsafe { std::env::set_var(CONFIG_DIR_VAR, &chosen) };
    assert_eq!(Settings::default_path(), Some(chosen.join("settings.toml")));
    unsafe { std::env::remove_var(CONFIG_DIR_VAR) };

    // Settings written there read back, path and all.
    let mut settings = Settings::default();
    settings.remember_project(&chosen.join("青川 项目.satlas"));
    std::fs::create_dir_all(&chosen).unwrap();
    let file = chosen.join("settings.toml");
    settings
        .save(&file)
        .expect("settings saved under a Chinese folder name with a space");
    let (read, problem) = Settings::load(&file);
    assert_eq!(problem, None);
    assert_eq!(read.recent_projects, settings.recent_projects);
}

/// The support log goes beside the settings, whatever the folder is called.
#[cfg(feature = "gui")]
#[test]
fn the_support_log_is_written_in_a_folder_with_chinese_and_spaces() {
    let dir = common::workdir();
    let folder = dir.path().join("日志 文件夹");
    let log = satlas::gui::log::init(&folder).expect("the log opens");
    assert_eq!(log, folder.join("satlas.log"));
    tracing::info!("打开项目 青川.satlas");
    let text = std::fs::read_to_string(&log).unwrap();
    assert!(text.contains(std::env::consts::OS), "{text}");
    assert!(text.contains("打开项目 青川.satlas"), "{text}");
}

/// Windows refuses a file another program holds with a sharing (32) or lock (33) violation;
/// the words must say so, in reading and in writing. Elsewhere the same numbers are other
/// errors and must not be taken for a file in use.
#[test]
fn sharing_and_lock_violations_are_a_file_in_use_only_on_windows() {
    for code in [32, 33] {
        let e = std::io::Error::from_raw_os_error(code);
        let read = satlas::ingest::io_finding("编制表.xlsx", &e);
        let says_in_use =
            read.zh.starts_with("文件正被其他程序") && read.en.starts_with("The file is held by another program");
        assert_eq!(says_in_use, cfg!(windows), "{code}: {}", read.zh);
        let write = satlas::export::ExportError::Io {
            path: PathBuf::from("报告.xlsx"),
            source: std::io::Error::from_raw_os_error(code),
        };
        let says_in_use = write
            .message(Lang::En)
            .contains("open in another program (such as Excel or WPS): close it");
        assert_eq!(says_in_use, cfg!(windows), "{code}: {}", write.message(Lang::En));
    }
}

/// A workbook held open the way Excel holds it (no sharing at all): reading it and replacing
/// it both fail with the words for a file in use, and the file is left as it was.
#[cfg(windows)]
#[test]
fn a_workbook_held_by_another_program_is_named_and_kept() {
    use std::os::windows::fs::OpenOptionsExt;
    let dir = common::workdir();
    let path = dir.path().join("编制 表.xlsx");
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data/staffing.xlsx");
    std::fs::copy(&sample, &path).unwrap();
    let before = std::fs::read(&path).unwrap();
    let held = std::fs::OpenOptions::new()
        .read(true)
        .share_mode(0)
        .open(&path)
        .unwrap();

    let opts = satlas::ingest::LoadOptions::default();
    let e = satlas::ingest::load(&path, satlas::ingest::TableKind::Staffing, &opts).unwrap_err();
    assert!(e.0.zh.starts_with("文件正被其他程序"), "{}", e.0.zh);
    assert!(e.0.location.file.contains("编制 表.xlsx"), "{e:?}");

    // Replacing it may meet a sharing violation (32) or a plain refusal (5); either way the
    // words name the program that holds it.
    let e = satlas::export::write_file_atomic(&path, b"new").unwrap_err();
    let words = e.message(Lang::Zh);
    assert!(
        words.contains("正被其他程序（如 Excel、WPS）打开") && words.contains("编制 表.xlsx"),
        "{words}"
    );
    drop(held);
    assert_eq!(std::fs::read(&path).unwrap(), before, "the held file changed");
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert_eq!(names.len(), 1, "a temporary file was left: {names:?}");
}

/// Every Chinese character and full-width sign in the sources (the window's words, and the
/// findings, plan reasons and labels it shows) is in the bundled font, so no system's missing
/// CJK fonts (a Windows Server, an English macOS, a bare Linux) turn its words into boxes.
#[cfg(feature = "gui")]
#[test]
fn the_windows_chinese_needs_no_system_font() {
    let ctx = egui::Context::default();
    satlas::gui::fonts::install(&ctx);
    let mut output = ctx.run_ui(egui::RawInput::default(), |_| {});
    output.textures_delta.clear();
    let mut missing = std::collections::BTreeSet::new();
    let mut files = Vec::new();
    rust_files(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut files);
    let wide = |c: &char| {
        ('\u{4e00}'..='\u{9fff}').contains(c)
            || ('\u{3000}'..='\u{303f}').contains(c)
            || ('\u{ff00}'..='\u{ffef}').contains(c)
    };
    let font = egui::FontId::proportional(14.0);
    ctx.fonts_mut(|fonts| {
        for file in &files {
            let text = std::fs::read_to_string(file).unwrap();
            for c in text.chars().filter(wide) {
                if !fonts.has_glyph(&font, c) {
                    missing.insert(c);
                }
            }
        }
    });
    assert!(files.len() > 10, "the app's sources were not found");
    assert!(missing.is_empty(), "not in the bundled font: {missing:?}");
}

/// The window's icon decodes (a failure would leave the window without one, silently).
#[cfg(feature = "gui")]
#[test]
fn the_window_icon_decodes() {
    let icon = eframe::icon_data::from_png_bytes(satlas::gui::ICON_PNG).expect("the icon is a PNG eframe reads");
    assert_eq!((icon.width, icon.height), (128, 128));
    assert!(
        icon.rgba.chunks(4).any(|p| p[3] == 255),
        "the icon is not all transparent"
    );
}

/// Every file of the repository can be checked out on Windows: Git refuses the whole checkout
/// over one name Windows reserves (`nul.xlsx` once did), or one with `<>:"|?*\`, or ending in
/// a dot or a space; two names that differ only by case cannot both exist there. A guard
/// for the other systems: on Windows a checkout with such a name fails before any test.
#[test]
fn every_file_name_can_exist_on_windows() {
    fn walk(dir: &Path, bad: &mut Vec<String>) {
        let mut seen = std::collections::BTreeSet::new();
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            // Windows does not tell names apart by case: one of the two would be lost.
            if !seen.insert(name.to_lowercase()) {
                bad.push(format!(
                    "{} (another name differs only by case)",
                    entry.path().display()
                ));
            }
            if [".git", "target", "dist", "node_modules"].contains(&name.as_str()) {
                continue;
            }
            let stem = name.split('.').next().unwrap_or("").to_ascii_lowercase();
            let reserved = ["con", "prn", "aux", "nul"].contains(&stem.as_str())
                || (stem.len() == 4
                    && (stem.starts_with("com") || stem.starts_with("lpt"))
                    && stem.as_bytes()[3].is_ascii_digit());
            let refused = name.contains(['<', '>', ':', '"', '|', '?', '*', '\\']) || name.ends_with(['.', ' ']);
            if reserved || refused {
                bad.push(entry.path().display().to_string());
            }
            if entry.path().is_dir() {
                walk(&entry.path(), bad);
            }
        }
    }
    let mut bad = Vec::new();
    walk(Path::new(env!("CARGO_MANIFEST_DIR")), &mut bad);
    assert!(bad.is_empty(), "names Windows cannot hold: {bad:?}");
}
