//! File names made from names people give (a scenario, a unit): safe on Windows, macOS and
//! Linux alike.

/// The most characters a stem keeps (a path must stay under Windows' 260 with its folders).
const LONGEST: usize = 80;

/// `name` as a file stem: characters Windows refuses become `_`, trailing dots and spaces go,
/// a device name (CON, COM1 …) gets a `_`, an empty name becomes `_`.
pub fn safe_file_stem(name: &str) -> String {
    let mut stem: String = name
        .trim()
        .chars()
        .map(|c| match c {
            '<' | '>' | ':' | '"' | '/' | '\\' | '|' | '?' | '*' => '_',
            c if c.is_control() => '_',
            c => c,
        })
        .take(LONGEST)
        .collect();
    stem.truncate(stem.trim_end_matches(['.', ' ']).len());
    let device = stem.split('.').next().unwrap_or("").to_ascii_uppercase();
    let reserved = matches!(device.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || ((device.starts_with("COM") || device.starts_with("LPT"))
            && device.len() == 4
            && device.as_bytes()[3].is_ascii_digit());
    if stem.is_empty() || reserved {
        stem.push('_');
    }
    stem
}

/// `stem` + `ext`, or `stem_2` + `ext` … whichever `taken` does not hold yet, no case told
/// apart (Windows and macOS tell none: "A" and "a" would be one file).
pub fn free_file_name(taken: &[String], stem: &str, ext: &str) -> String {
    let used = |n: &str| taken.iter().any(|t| t.to_lowercase() == n.to_lowercase());
    (1..)
        .map(|k| match k {
            1 => format!("{stem}{ext}"),
            k => format!("{stem}_{k}{ext}"),
        })
        .find(|n| !used(n))
        .expect("a free name")
}

#[cfg(test)]
mod tests {
    use super::{free_file_name, safe_file_stem};

    #[test]
    fn a_free_name_tells_apart_names_that_differ_in_case() {
        let taken = vec!["Ab.xlsx".to_owned(), "ab_2.xlsx".to_owned()];
        assert_eq!(free_file_name(&taken, "ab", ".xlsx"), "ab_3.xlsx");
        assert_eq!(free_file_name(&taken, "cd", ".xlsx"), "cd.xlsx");
    }

    #[test]
    fn names_become_stems_every_system_takes() {
        assert_eq!(safe_file_stem("综合执法 2027"), "综合执法 2027");
        assert_eq!(safe_file_stem("a/b:c*d?"), "a_b_c_d_");
        assert_eq!(safe_file_stem("方案。.. "), "方案。");
        assert_eq!(safe_file_stem("con"), "con_");
        assert_eq!(safe_file_stem("COM3"), "COM3_");
        assert_eq!(safe_file_stem("COMPANY"), "COMPANY");
        assert_eq!(safe_file_stem("  "), "_");
        assert_eq!(safe_file_stem(&"长".repeat(200)).chars().count(), 80);
    }
}
