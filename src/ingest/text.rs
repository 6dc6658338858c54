//! Text as offices type it: full-width digits and brackets, stray spaces, numbers with units.

use unicode_normalization::UnicodeNormalization;

/// A key for comparing names: NFKC (full-width → half-width), no whitespace, lower case,
/// brackets unified. "（行政)实有人数" and "(行政)实有人数" give the same key.
pub fn key(text: &str) -> String {
    // Ideographs and ASCII letters and digits are their own key but for case: most names.
    if text
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || is_common_ideograph(c))
    {
        return text.to_ascii_lowercase();
    }
    text.nfkc()
        .filter(|c| !c.is_whitespace() && !matches!(c, '\u{200b}' | '\u{feff}' | '_' | '-'))
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            '【' | '〔' | '[' | '{' | '<' | '《' => '(',
            '】' | '〕' | ']' | '}' | '>' | '》' => ')',
            '：' => ':',
            _ => c,
        })
        .collect()
}

/// A display name: NFKC, trimmed, inner runs of whitespace collapsed to one space; between two
/// CJK characters the space is dropped ("城关 街道" → "城关街道"), so names that differ only by
/// spaces or full-width characters come out the same.
pub fn clean_name(text: &str) -> String {
    // Ideographs and visible ASCII are NFKC already and hold no space: most names.
    if text.chars().all(|c| c.is_ascii_graphic() || is_common_ideograph(c)) {
        return text.to_owned();
    }
    let normalized: String = text.nfkc().collect();
    let mut out = String::with_capacity(normalized.len());
    let mut pending_space = false;
    for c in normalized.chars() {
        if c.is_whitespace() || matches!(c, '\u{200b}' | '\u{feff}') {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            let prev_cjk = out.chars().next_back().is_some_and(is_cjk);
            if !(prev_cjk && is_cjk(c)) {
                out.push(' ');
            }
            pending_space = false;
        }
        out.push(c);
    }
    out
}

/// The CJK unified ideographs of GB 2312 and GBK (U+4E00–U+9FA5): letters without case,
/// compatibility forms or decompositions, so NFKC leaves them as they are.
pub fn is_common_ideograph(c: char) -> bool {
    ('\u{4e00}'..='\u{9fa5}').contains(&c)
}

pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x2FDF | 0x3000..=0x303F | 0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xF900..=0xFAFF | 0xFF00..=0xFF60 | 0x20000..=0x2FA1F)
}

/// What a number cell held.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Number {
    Value(f64),
    /// Explicitly none: "", "—", "-", "/", "无", "N/A".
    Missing,
    /// Text that is not a number.
    Invalid,
}

/// Parse a number as users type it: "12", " 12 ", "１２", "12人", "1,200", "12.5小时", "85%",
/// "—" or "/" for none.
pub fn parse_number(text: &str) -> Number {
    // Fast path for plain ASCII numbers, the common case in large files.
    let trimmed = text.trim();
    if !trimmed.is_empty()
        && trimmed.bytes().all(|b| b.is_ascii_digit() || b == b'.' || b == b'-')
        && let Ok(v) = trimmed.parse::<f64>()
        // Four hundred digits make infinity: not a count anyone typed.
        && v.is_finite()
    {
        return Number::Value(v);
    }
    let t: String = text.nfkc().filter(|c| !c.is_whitespace()).collect();
    if t.is_empty() || is_none_marker(&t) {
        return Number::Missing;
    }
    let t = t.replace([',', '，', '_'], "");
    let (body, percent) = match t.strip_suffix('%') {
        Some(b) => (b, true),
        None => (t.as_str(), false),
    };
    // Allow a trailing unit word: 人, 名, 个, 小时, h, 次, 分, 天 ...
    let end = body
        .char_indices()
        .find(|&(i, c)| !(c.is_ascii_digit() || c == '.' || ((c == '-' || c == '+') && i == 0) || c == 'e' || c == 'E'))
        .map(|(i, _)| i)
        .unwrap_or(body.len());
    let (num, unit) = body.split_at(end);
    if !unit.is_empty() && !is_unit_word(unit) {
        return Number::Invalid;
    }
    match num.parse::<f64>() {
        Ok(v) if v.is_finite() => Number::Value(if percent { v / 100.0 } else { v }),
        _ => Number::Invalid,
    }
}

fn is_none_marker(t: &str) -> bool {
    matches!(
        t,
        "-" | "--"
            | "—"
            | "——"
            | "–"
            | "/"
            | "\\"
            | "无"
            | "空"
            | "暂无"
            | "n/a"
            | "N/A"
            | "na"
            | "NA"
            | "null"
            | "NULL"
            | "none"
            | "None"
            | "#N/A"
            | "…"
            | "..."
    )
}

fn is_unit_word(u: &str) -> bool {
    matches!(
        u,
        "人" | "名"
            | "个"
            | "位"
            | "次"
            | "件"
            | "项"
            | "小时"
            | "h"
            | "H"
            | "hr"
            | "hrs"
            | "hours"
            | "hour"
            | "个小时"
            // Times in minutes: the hours columns turn them into hours (mapping::cell_time_unit).
            | "分钟"
            | "min"
            | "mins"
            | "minute"
            | "minutes"
            | "天"
            | "日"
            | "年"
            | "分"
            | "元"
            | "人次"
            | "户"
            | "份"
            | "家"
    )
}

/// A yes/no cell: 是/否, Y/N, yes/no, true/false, 1/0, √/×.
pub fn parse_bool(text: &str) -> Option<bool> {
    match key(text).as_str() {
        "是" | "y" | "yes" | "true" | "1" | "√" | "✓" | "对" | "有" | "t" => Some(true),
        "否" | "n" | "no" | "false" | "0" | "×" | "✗" | "无" | "不是" | "f" | "" => Some(false),
        _ => None,
    }
}

/// A column as findings and receipts name it: its letter, with its header when it has one
/// ("B（单位名称）").
pub fn column_label(index: usize, headers: &[String]) -> String {
    match headers.get(index).filter(|h| !h.trim().is_empty()) {
        Some(h) => format!("{}（{h}）", column_letter(index)),
        None => column_letter(index),
    }
}

/// Spreadsheet column letters for a 0-based index: 0 → A, 26 → AA.
pub fn column_letter(index: usize) -> String {
    let mut n = index + 1;
    let mut out = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        out.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// Shorten long cell text for a message.
pub fn excerpt(text: &str) -> String {
    const MAX: usize = 40;
    let mut chars = text.chars();
    let head: String = chars.by_ref().take(MAX).collect();
    if chars.next().is_some() {
        format!("{head}…")
    } else {
        head
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_as_users_type_them() {
        assert_eq!(parse_number("12"), Number::Value(12.0));
        assert_eq!(parse_number(&format!("1{}", "0".repeat(400))), Number::Invalid);
        assert_eq!(parse_number(" 12 "), Number::Value(12.0));
        assert_eq!(parse_number("１２"), Number::Value(12.0));
        assert_eq!(parse_number("12人"), Number::Value(12.0));
        assert_eq!(parse_number("1,200"), Number::Value(1200.0));
        assert_eq!(parse_number("2.5小时"), Number::Value(2.5));
        assert_eq!(parse_number("30分钟"), Number::Value(30.0));
        assert_eq!(parse_number("85%"), Number::Value(0.85));
        assert_eq!(parse_number("-3"), Number::Value(-3.0));
        assert_eq!(parse_number("—"), Number::Missing);
        assert_eq!(parse_number("/"), Number::Missing);
        assert_eq!(parse_number(""), Number::Missing);
        assert_eq!(parse_number("abc"), Number::Invalid);
        assert_eq!(parse_number("12abc"), Number::Invalid);
        assert_eq!(parse_number("1e400"), Number::Invalid);
    }

    #[test]
    fn keys_ignore_width_space_and_brackets() {
        assert_eq!(key("（行政)实有人数"), key("(行政)实有人数"));
        assert_eq!(key("单  位"), "单位");
        assert_eq!(key("Approved Posts"), "approvedposts");
    }

    #[test]
    fn names_collapse_spaces_and_full_width() {
        assert_eq!(clean_name("  城关 街道办事处 "), "城关街道办事处");
        assert_eq!(clean_name("Shailkupa   UpHC"), "Shailkupa UpHC");
        assert_eq!(clean_name("区财政局\u{3000}"), "区财政局");
        assert_eq!(clean_name("ＡＢＣ局"), "ABC局");
    }

    #[test]
    fn column_letters() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(16383), "XFD");
    }
}
