//! Table values as a reader sees them: typed columns with codes translated, number styles,
//! the text each value shows, and the way back from labels to codes.

use crate::analysis::triangulation::Reporting;
use crate::i18n;
use crate::model::{Band, Basis, Lang, QuotaType, ReturnStatus, WorkloadSource, col};
use polars::prelude::*;

/// How a float column is shown in a spreadsheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FloatStyle {
    /// `0.00`: ratios and everything without a more specific style.
    Fixed2,
    /// `0.0%`: rates.
    Percent1,
    /// `#,##0.0`: hours.
    Hours1,
}

const RATE_COLUMNS: &[&str] = &[col::VACANCY_RATE, col::SHARE_UNDERLOADED];
const HOURS_COLUMNS: &[&str] = &[
    col::WORKLOAD_REPORTED,
    col::WORKLOAD,
    col::HOURS_EACH,
    col::ANNUAL_HOURS,
    col::OVER_HOURS,
    col::WORKLOAD_STD,
    col::VOLUME,
];

impl FloatStyle {
    pub fn for_column(name: &str) -> FloatStyle {
        if RATE_COLUMNS.contains(&name) {
            FloatStyle::Percent1
        } else if HOURS_COLUMNS.contains(&name) {
            FloatStyle::Hours1
        } else {
            FloatStyle::Fixed2
        }
    }

    pub fn num_format(self) -> &'static str {
        match self {
            FloatStyle::Fixed2 => "0.00",
            FloatStyle::Percent1 => "0.0%",
            FloatStyle::Hours1 => "#,##0.0",
        }
    }

    /// The text a spreadsheet shows for `v` under this style (used to size columns).
    pub fn shown(self, v: f64) -> String {
        if !v.is_finite() {
            return non_finite(v).to_owned();
        }
        match self {
            FloatStyle::Fixed2 => format!("{v:.2}"),
            FloatStyle::Percent1 => format!("{:.1}%", v * 100.0),
            FloatStyle::Hours1 => group_thousands(&format!("{v:.1}")),
        }
    }
}

/// Spreadsheets have no NaN or infinity; the report writes them as this text.
pub fn non_finite(v: f64) -> &'static str {
    if v.is_nan() {
        "NaN"
    } else if v > 0.0 {
        "inf"
    } else {
        "-inf"
    }
}

pub fn parse_non_finite(text: &str) -> Option<f64> {
    match text {
        "NaN" => Some(f64::NAN),
        "inf" => Some(f64::INFINITY),
        "-inf" => Some(f64::NEG_INFINITY),
        _ => None,
    }
}

/// `-12345.6` → `-12,345.6`.
fn group_thousands(fixed: &str) -> String {
    let (sign, rest) = match fixed.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", fixed),
    };
    let (int, frac) = rest.split_once('.').map_or((rest, None), |(i, f)| (i, Some(f)));
    let mut out = String::from(sign);
    for (i, d) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(d);
    }
    if let Some(frac) = frac {
        out.push('.');
        out.push_str(frac);
    }
    out
}

/// A float as plain text: up to 6 decimals, trailing zeros dropped, no exponent — except for a
/// non-zero value so small it would print as 0, which keeps 6 significant digits in `e` form.
pub fn plain_float(v: f64) -> String {
    if !v.is_finite() {
        return non_finite(v).to_owned();
    }
    let fixed = format!("{v:.6}");
    let trimmed = fixed.trim_end_matches('0').trim_end_matches('.');
    match trimmed {
        "0" | "-0" if v != 0.0 => {
            let sci = format!("{v:.5e}");
            match sci.split_once('e') {
                Some((mantissa, exp)) => {
                    let mantissa = mantissa.trim_end_matches('0').trim_end_matches('.');
                    format!("{mantissa}e{exp}")
                }
                None => sci,
            }
        }
        "-0" => "0".to_owned(),
        _ => trimmed.to_owned(),
    }
}

pub fn yes_no(value: bool, lang: Lang) -> &'static str {
    match (value, lang) {
        (true, Lang::Zh) => "是",
        (false, Lang::Zh) => "否",
        (true, Lang::En) => "yes",
        (false, Lang::En) => "no",
    }
}

/// 是/否/yes/no (either language) back to a bool.
pub fn parse_yes_no(label: &str) -> Option<bool> {
    match label.trim() {
        "是" => Some(true),
        "否" => Some(false),
        t if t.eq_ignore_ascii_case("yes") => Some(true),
        t if t.eq_ignore_ascii_case("no") => Some(false),
        _ => None,
    }
}

/// Translate a code in a code column for the reader; other text is kept as it is.
pub fn translate(column: &str, value: &str, lang: Lang) -> String {
    match column {
        col::BAND => i18n::band(Band::from_code(value), lang).to_owned(),
        col::FLAGS => i18n::flags(value, lang),
        col::QUOTA_TYPE => i18n::quota_type(value, lang).to_owned(),
        col::REQUIRED_BASIS => Basis::from_code(value).map_or(value, |b| b.label(lang)).to_owned(),
        col::WORKLOAD_METHOD => WorkloadSource::from_code(value)
            .map_or(value, |m| m.label(lang))
            .to_owned(),
        col::REPORTING => Reporting::from_code(value).map_or(value, |r| r.label(lang)).to_owned(),
        col::RETURN_STATUS => ReturnStatus::from_code(value)
            .map_or(value, |r| r.label(lang))
            .to_owned(),
        _ => value.to_owned(),
    }
}

/// The inverse of [`translate`], accepting labels of either language. A label that matches no
/// code is kept, as the forward translation keeps unknown codes.
pub fn untranslate(column: &str, label: &str) -> String {
    match column {
        col::BAND => Band::ALL
            .into_iter()
            .find(|b| [Lang::Zh, Lang::En].iter().any(|&l| i18n::band(*b, l) == label))
            .map_or_else(|| label.to_owned(), |b| b.code().to_owned()),
        col::FLAGS => label
            .split(['、', ','])
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(flag_code)
            .collect::<Vec<_>>()
            .join(";"),
        col::QUOTA_TYPE => QuotaType::ALL
            .into_iter()
            .find(|q| q.canonical() == label || q.english() == label)
            .map_or_else(|| label.to_owned(), |q| q.canonical().to_owned()),
        col::REQUIRED_BASIS => Basis::from_text(label).map_or(label, |b| b.code()).to_owned(),
        col::WORKLOAD_METHOD => WorkloadSource::ALL
            .into_iter()
            .find(|m| [Lang::Zh, Lang::En].iter().any(|&l| m.label(l) == label) || m.code() == label)
            .map_or_else(|| label.to_owned(), |m| m.code().to_owned()),
        col::REPORTING => Reporting::ALL
            .into_iter()
            .find(|r| [Lang::Zh, Lang::En].iter().any(|&l| r.label(l) == label) || r.code() == label)
            .map_or_else(|| label.to_owned(), |r| r.code().to_owned()),
        col::RETURN_STATUS => ReturnStatus::ALL
            .into_iter()
            .find(|r| [Lang::Zh, Lang::En].iter().any(|&l| r.label(l) == label) || r.code() == label)
            .map_or_else(|| label.to_owned(), |r| r.code().to_owned()),
        _ => label.to_owned(),
    }
}

fn flag_code(label: &str) -> &str {
    use crate::model::{Flag, Lang};
    Flag::ALL
        .into_iter()
        .find(|f| f.label(Lang::Zh) == label || f.label(Lang::En) == label || f.code() == label)
        .map_or(label, |f| f.code())
}

/// A column's values, typed the way the report writes them.
#[derive(Debug)]
pub enum Values {
    Int(Vec<Option<i64>>),
    Float(Vec<Option<f64>>, FloatStyle),
    Bool(Vec<Option<bool>>),
    /// Text with codes already translated.
    Text(Vec<Option<String>>),
}

/// A column ready to be written in a language.
#[derive(Debug)]
pub struct Prepared {
    /// Translated header.
    pub label: String,
    pub values: Values,
    /// The colours its cells carry in a workbook.
    pub tint: Tint,
    lang: Lang,
}

/// A column whose cells a workbook colours as the window does (by conditional formats, so the
/// values stay plain numbers and words).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tint {
    None,
    /// A plan's change of posts: gains and losses in their colours.
    Change,
    /// A saturation band, in its colour.
    Band,
}

impl Tint {
    fn of(column: &str) -> Tint {
        match column {
            crate::model::plan::col::CHANGE => Tint::Change,
            col::BAND => Tint::Band,
            _ => Tint::None,
        }
    }
}

impl Prepared {
    /// Integers of any width become Int64, floats Float64; any other non-boolean type is written
    /// as its text.
    pub fn new(column: &Column, lang: Lang) -> PolarsResult<Prepared> {
        let name = column.name().as_str();
        let dtype = column.dtype();
        let values = if dtype.is_integer() {
            Values::Int(column.strict_cast(&DataType::Int64)?.i64()?.iter().collect())
        } else if dtype.is_float() {
            let floats = column.cast(&DataType::Float64)?;
            Values::Float(floats.f64()?.iter().collect(), FloatStyle::for_column(name))
        } else if dtype.is_bool() {
            Values::Bool(column.bool()?.iter().collect())
        } else {
            let text = column.cast(&DataType::String)?;
            Values::Text(
                text.str()?
                    .iter()
                    .map(|v| v.map(|s| translate(name, s, lang)))
                    .collect(),
            )
        };
        Ok(Prepared {
            label: i18n::column(name, lang).to_owned(),
            values,
            tint: Tint::of(name),
            lang,
        })
    }

    pub fn lang(&self) -> Lang {
        self.lang
    }

    pub fn len(&self) -> usize {
        match &self.values {
            Values::Int(v) => v.len(),
            Values::Float(v, _) => v.len(),
            Values::Bool(v) => v.len(),
            Values::Text(v) => v.len(),
        }
    }

    /// Row `i` as plain text (csv), or `None` for null.
    pub fn plain(&self, i: usize) -> Option<String> {
        match &self.values {
            Values::Int(v) => v[i].map(|x| x.to_string()),
            Values::Float(v, _) => v[i].map(plain_float),
            Values::Bool(v) => v[i].map(|b| yes_no(b, self.lang).to_owned()),
            Values::Text(v) => v[i].clone(),
        }
    }

    /// Row `i` as a spreadsheet shows it under the report's number formats ("" for null).
    pub fn shown(&self, i: usize) -> String {
        match &self.values {
            Values::Float(v, style) => v[i].map(|x| style.shown(x)).unwrap_or_default(),
            _ => self.plain(i).unwrap_or_default(),
        }
    }
}

/// Every column of `frame`, prepared for `lang`.
pub fn prepare(frame: &DataFrame, lang: Lang) -> PolarsResult<Vec<Prepared>> {
    frame.columns().iter().map(|c| Prepared::new(c, lang)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_floats_have_no_exponent_and_no_trailing_zeros() {
        assert_eq!(plain_float(1.5), "1.5");
        assert_eq!(plain_float(2.0), "2");
        assert_eq!(plain_float(-0.0), "0");
        assert_eq!(plain_float(0.123_456_789), "0.123457");
        assert_eq!(plain_float(1_234_567.25), "1234567.25");
        assert_eq!(plain_float(1e15), "1000000000000000");
        assert_eq!(plain_float(-2.5e-9), "-2.5e-9");
        assert_eq!(plain_float(f64::NAN), "NaN");
        assert_eq!(plain_float(f64::NEG_INFINITY), "-inf");
    }

    #[test]
    fn float_styles_show_like_the_spreadsheet() {
        assert_eq!(FloatStyle::Fixed2.shown(0.8567), "0.86");
        assert_eq!(FloatStyle::Percent1.shown(0.125), "12.5%");
        assert_eq!(FloatStyle::Hours1.shown(1_234_567.25), "1,234,567.2");
        assert_eq!(FloatStyle::Hours1.shown(-1840.0), "-1,840.0");
        assert_eq!(FloatStyle::Hours1.shown(999.0), "999.0");
        assert_eq!(FloatStyle::for_column(col::VACANCY_RATE), FloatStyle::Percent1);
        assert_eq!(FloatStyle::for_column(col::WORKLOAD), FloatStyle::Hours1);
        assert_eq!(FloatStyle::for_column(col::SATURATION), FloatStyle::Fixed2);
    }

    #[test]
    fn codes_translate_and_come_back_in_both_languages() {
        let cases = [
            (col::BAND, "severe_over"),
            (col::FLAGS, "over_quota;long_idle;survey_missing"),
            (col::FLAGS, "over_leaders"),
            (col::QUOTA_TYPE, "参公事业编制"),
            (col::REQUIRED_BASIS, "by_roster"),
            (col::REQUIRED_BASIS, "none"),
            (col::WORKLOAD_METHOD, "standards"),
            (col::REPORTING, "reported_low"),
            (col::RETURN_STATUS, "partial"),
            (col::UNIT, "某某街道办事处"),
        ];
        for lang in [Lang::Zh, Lang::En] {
            for (column, code) in cases {
                let label = translate(column, code, lang);
                assert_eq!(untranslate(column, &label), code, "{column} {code} {lang:?}");
            }
        }
        assert_eq!(translate(col::BAND, "under", Lang::Zh), "不饱和");
        assert_eq!(untranslate(col::FLAGS, ""), "");
    }

    #[test]
    fn yes_no_round_trips() {
        for lang in [Lang::Zh, Lang::En] {
            for b in [true, false] {
                assert_eq!(parse_yes_no(yes_no(b, lang)), Some(b));
            }
        }
        assert_eq!(parse_yes_no("也许"), None);
    }
}
