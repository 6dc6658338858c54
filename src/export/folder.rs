//! A folder of files written whole or not at all: everything goes into a temporary folder
//! beside the target, renamed to the target once complete. An existing empty folder is
//! replaced; a folder that already holds files is refused, so nothing of the user's is lost.

use super::{ExportError, temp_path_beside};
use std::fs;
use std::path::{Path, PathBuf};

/// Write folder `dir` with `fill`, which writes into the folder it is given and returns the
/// names of the files it wrote. Returns the files written, inside `dir`.
pub fn write_folder(
    dir: &Path,
    fill: impl FnOnce(&Path) -> Result<Vec<String>, ExportError>,
) -> Result<Vec<PathBuf>, ExportError> {
    let existing_empty = check_target(dir)?;
    let io = |source| ExportError::Io {
        path: dir.to_path_buf(),
        source,
    };
    let temp = temp_path_beside(dir);
    fs::create_dir(&temp).map_err(io)?;
    let names = match fill(&temp) {
        Ok(names) => names,
        Err(e) => {
            let _ = fs::remove_dir_all(&temp);
            return Err(e);
        }
    };
    if existing_empty && let Err(e) = fs::remove_dir(dir) {
        let _ = fs::remove_dir_all(&temp);
        return Err(io(e));
    }
    if let Err(e) = fs::rename(&temp, dir) {
        let _ = fs::remove_dir_all(&temp);
        return Err(io(e));
    }
    Ok(names.into_iter().map(|n| dir.join(n)).collect())
}

/// Whether `dir` can be written: its parent exists, it is no file, and it is absent or empty
/// (true when it exists, empty).
fn check_target(dir: &Path) -> Result<bool, ExportError> {
    let parent = match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if !parent.is_dir() {
        return Err(ExportError::MissingFolder {
            path: dir.to_path_buf(),
        });
    }
    if dir.is_file() {
        return Err(ExportError::Write {
            path: dir.to_path_buf(),
            message: "同名文件已存在 (a file of that name exists)".to_owned(),
        });
    }
    let existing = dir.is_dir();
    let mut entries = if existing {
        Some(fs::read_dir(dir).map_err(|source| ExportError::Io {
            path: dir.to_path_buf(),
            source,
        })?)
    } else {
        None
    };
    if entries.as_mut().is_some_and(|e| e.next().is_some()) {
        return Err(ExportError::FolderNotEmpty {
            path: dir.to_path_buf(),
        });
    }
    Ok(existing)
}
