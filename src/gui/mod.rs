//! The desktop app: an eframe window over the engine. The GUI holds state and draws; every
//! indicator it shows comes from [`crate::ingest`], [`crate::analysis`] and [`crate::plan`].

pub mod app;
pub(crate) mod background;
pub mod compute;
pub mod dialogs;
pub mod fonts;
pub mod glossary;
pub mod history;
pub mod i18n;
pub mod jobs;
pub mod loaded;
pub mod log;
pub mod settings;
pub mod shortcuts;
pub mod templates;
pub mod views;
pub mod window;

pub use crate::project::Sources;
pub use app::{SatlasApp, Status, View};

use crate::project::Source;
use std::path::{Path, PathBuf};

/// Look for the bundled sample district (`sample-data/staffing.xlsx` with its survey and
/// roster): beside the executable or in one of its parent folders, then under the current
/// folder.
pub fn find_sample_data() -> Option<Sources> {
    let mut roots: Vec<PathBuf> = Vec::new();
    if let Ok(exe) = std::env::current_exe() {
        roots.extend(exe.ancestors().skip(1).map(Path::to_path_buf));
    }
    if let Ok(cwd) = std::env::current_dir() {
        roots.push(cwd);
    }
    // Beside the program (an archive, the Windows installer, a checkout), in a macOS bundle's
    // Resources, or where the Debian package puts it (/usr/lib/satlas beside /usr/bin).
    let places = ["sample-data", "Resources/sample-data", "lib/satlas/sample-data"];
    roots
        .iter()
        .find_map(|root| places.iter().find_map(|place| sample_files_in(&root.join(place))))
}

/// The sample files in `dir`, when its staffing table is there.
pub fn sample_files_in(dir: &Path) -> Option<Sources> {
    let staffing = dir.join("staffing.xlsx");
    if !staffing.is_file() {
        return None;
    }
    let optional = |name: &str| Some(dir.join(name)).filter(|p| p.is_file()).map(Source::new);
    Some(Sources {
        staffing: Some(Source::new(staffing)),
        survey: optional("survey.xlsx"),
        roster: optional("roster.xlsx"),
        standards: optional("standards.xlsx"),
        volumes: optional("volumes.xlsx"),
    })
}

/// Open the window on the last session, else the sample data (or empty, saying why), and run
/// until it is closed; with `project`, that project file (a double-clicked `.satlas`) instead.
pub fn run(project: Option<PathBuf>) -> eframe::Result {
    let saved = settings::Settings::default_path().and_then(|p| settings::Settings::load(&p).0.window);
    let mut viewport = window::WindowState::builder(saved.as_ref())
        .with_title("Satlas — 编制饱和度分析")
        .with_drag_and_drop(true);
    if let Ok(icon) = eframe::icon_data::from_png_bytes(ICON_PNG) {
        viewport = viewport.with_icon(icon);
    }
    let options = eframe::NativeOptions {
        viewport,
        ..Default::default()
    };
    eframe::run_native(
        "satlas",
        options,
        Box::new(|cc| {
            let settings = settings::Settings::default_path();
            let mut app = SatlasApp::with_settings(&cc.egui_ctx, settings, find_sample_data());
            if let Some(project) = project {
                app.open_project_at_start(&project);
            }
            Ok(Box::new(app))
        }),
    )
}

/// The window's icon (`assets/icon/make_icon.py` draws it). 128 px: X11 refuses a property as
/// large as the 256 px one in a single request, and winit then sets no icon at all.
pub const ICON_PNG: &[u8] = include_bytes!("../../assets/icon/satlas_128.png");

/// Say why the window could not open, on stderr and in a native message box (which needs no
/// OpenGL): most often an office PC or remote desktop without OpenGL 2.
pub fn report_window_failure(error: &str) {
    let zh = format!(
        "Satlas 无法打开窗口：{error}\n\n这通常是因为本机（或远程桌面）不支持 OpenGL 2.0。可以：\n\
         · 更新显卡驱动，或在本机而非远程桌面中运行；\n\
         · 将 Mesa 软件渲染的 opengl32.dll 放在 satlas.exe 旁边后重试；\n\
         · 改用命令行：satlas analyze --help。"
    );
    let en = format!(
        "Satlas could not open its window: {error}\n\nThis usually means the computer (or the remote desktop) has no \
         OpenGL 2.0. You can:\n· update the graphics driver, or run it locally rather than over a remote desktop;\n\
         · put Mesa's software-rendering opengl32.dll beside satlas.exe and try again;\n\
         · use the command line instead: satlas analyze --help."
    );
    eprintln!("{zh}\n\n{en}");
    rfd::MessageDialog::new()
        .set_level(rfd::MessageLevel::Error)
        .set_title("Satlas")
        .set_description(format!("{zh}\n\n{en}"))
        .set_buttons(rfd::MessageButtons::Ok)
        .show();
}
