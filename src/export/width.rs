//! Display width of text in spreadsheet columns.
//!
//! Spreadsheet programs measure column width in narrow characters; a Chinese character takes
//! about two of them. rust_xlsxwriter's autofit counts it as one, so the report sizes its
//! columns here instead.

/// Narrowest and widest column the report sets, in character units.
const MIN_WIDTH: usize = 6;
const MAX_WIDTH: usize = 60;

/// Width of `text` in narrow-character units: East Asian wide and fullwidth characters count
/// two, control characters none, everything else one. For multi-line text, the longest line.
pub fn display_width(text: &str) -> usize {
    text.lines()
        .map(|line| line.chars().map(char_width).sum())
        .max()
        .unwrap_or(0)
}

/// Column width for the widest entry (header or value as shown): two characters of padding,
/// kept between 6 and 60 so a single long cell cannot make a sheet unreadable.
pub fn column_width(widest: usize) -> usize {
    (widest + 2).clamp(MIN_WIDTH, MAX_WIDTH)
}

fn char_width(c: char) -> usize {
    if c.is_control() {
        0
    } else if is_wide(c) {
        2
    } else {
        1
    }
}

/// The East Asian Wide (W) and Fullwidth (F) blocks that occur in practice (Unicode UAX #11).
fn is_wide(c: char) -> bool {
    matches!(
        u32::from(c),
        0x1100..=0x115F // Hangul Jamo initials
            | 0x2E80..=0x303E // CJK radicals, Kangxi, ideographic description, CJK punctuation
            | 0x3041..=0x33FF // kana, bopomofo, Hangul compatibility, CJK enclosed and compatibility
            | 0x3400..=0x4DBF // CJK extension A
            | 0x4E00..=0x9FFF // CJK unified ideographs
            | 0xA000..=0xA4CF // Yi
            | 0xA960..=0xA97F // Hangul Jamo extended A
            | 0xAC00..=0xD7A3 // Hangul syllables
            | 0xF900..=0xFAFF // CJK compatibility ideographs
            | 0xFE10..=0xFE19 // vertical forms
            | 0xFE30..=0xFE6F // CJK compatibility forms, small form variants
            | 0xFF00..=0xFF60 // fullwidth ASCII and punctuation
            | 0xFFE0..=0xFFE6 // fullwidth signs
            | 0x1F300..=0x1F64F // pictographs and emoticons
            | 0x1F900..=0x1F9FF // supplemental symbols and pictographs
            | 0x20000..=0x3FFFD // CJK extensions B and later
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cjk_and_fullwidth_count_two_ascii_one() {
        assert_eq!(display_width("abc"), 3);
        assert_eq!(display_width("单位名称"), 8);
        assert_eq!(display_width("每次用时（小时）"), 16);
        assert_eq!(display_width("A、B"), 4);
        assert_eq!(display_width("1,234.5"), 7);
    }

    #[test]
    fn longest_line_counts() {
        assert_eq!(display_width("ab\n单位名称\ncd"), 8);
        assert_eq!(display_width(""), 0);
    }

    #[test]
    fn widths_are_padded_and_clamped() {
        assert_eq!(column_width(0), 6);
        assert_eq!(column_width(10), 12);
        assert_eq!(column_width(20), 22);
        assert_eq!(column_width(500), 60);
    }
}
