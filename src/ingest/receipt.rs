//! The read receipt: how each file was read, before any figure. Each field with its column, two
//! sample values, what the choice rests on and how sure it is; the columns left unused; the
//! rows left out and why. Printed on stderr by the CLI, shown in the 数据源 view, and written
//! as the report's 读取说明 sheet.

use super::mapping::{Basis, Confidence};
use super::{Field, Loaded, Skip};
use crate::model::Lang;
use polars::prelude::*;
use std::collections::BTreeMap;

impl Basis {
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Basis::Chosen, Lang::Zh) => "手动指定",
            (Basis::Chosen, Lang::En) => "chosen",
            (Basis::Header, Lang::Zh) => "按表头",
            (Basis::Header, Lang::En) => "by header",
            (Basis::Values, Lang::Zh) => "按内容",
            (Basis::Values, Lang::En) => "by values",
            (Basis::HeaderAndValues, Lang::Zh) => "表头与内容一致",
            (Basis::HeaderAndValues, Lang::En) => "header and values agree",
        }
    }
}

impl Confidence {
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Confidence::High, Lang::Zh) => "高",
            (Confidence::High, Lang::En) => "high",
            (Confidence::Medium, Lang::Zh) => "中",
            (Confidence::Medium, Lang::En) => "medium",
            (Confidence::Low, Lang::Zh) => "低（请核实）",
            (Confidence::Low, Lang::En) => "low (please check)",
        }
    }
}

/// One line of a receipt, as the table and the text show it.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// The field's label, or what the line is about ("未计入的行（合计行）：").
    pub item: String,
    /// "B（单位名称）"
    pub column: String,
    pub samples: String,
    pub basis: String,
    pub confidence: String,
    /// The confidence is low: the figures that use this field rest on a guess.
    pub doubtful: bool,
}

/// Rows as "第 5、18、30 行" / "rows 5, 18, 30", the first few and how many more.
fn rows_text(rows: &[u32], lang: Lang) -> String {
    const SHOWN: usize = 8;
    let list: Vec<String> = rows.iter().take(SHOWN).map(u32::to_string).collect();
    let more = rows.len().saturating_sub(SHOWN);
    match lang {
        Lang::Zh if more > 0 => format!("第 {} 行等 {} 行", list.join("、"), rows.len()),
        Lang::Zh => format!("第 {} 行", list.join("、")),
        Lang::En if more > 0 => format!("rows {} and {more} more", list.join(", ")),
        Lang::En => format!("rows {}", list.join(", ")),
    }
}

/// The receipt of one file, one line per field read, column unused and kind of row left out.
pub fn lines(l: &Loaded, lang: Lang) -> Vec<Line> {
    let mut out = Vec::new();
    for c in &l.columns {
        let label = match (c.header.trim().is_empty(), lang) {
            (true, Lang::Zh) => format!("{}（无表头）", c.letter),
            (true, Lang::En) => format!("{} (no header)", c.letter),
            (false, _) => format!("{}（{}）", c.letter, c.header),
        };
        let samples = c
            .samples
            .iter()
            .filter(|s| !s.trim().is_empty())
            .take(2)
            .cloned()
            .collect::<Vec<_>>()
            .join(match lang {
                Lang::Zh => "、",
                Lang::En => ", ",
            });
        match &c.field {
            Some(field) => {
                let name = field.split('@').next().unwrap_or(field);
                let item = match (Field::from_name(name), field.split_once('@')) {
                    (Some(f), Some((_, t))) => format!("{}@{}", f.label(lang), crate::i18n::quota_type(t, lang)),
                    (Some(f), None) => f.label(lang).to_owned(),
                    (None, _) => field.clone(),
                };
                let choice = c.choice.clone();
                let (basis, confidence) = match &choice {
                    Some(ch) => {
                        let mut basis = ch.basis.label(lang).to_owned();
                        if let Some((zh, en)) = &ch.evidence {
                            basis = format!(
                                "{basis}{}",
                                match lang {
                                    Lang::Zh => format!("（{zh}）"),
                                    Lang::En => format!(" ({en})"),
                                }
                            );
                        }
                        (basis, ch.confidence.label(lang).to_owned())
                    }
                    None => (
                        Basis::Header.label(lang).to_owned(),
                        Confidence::Medium.label(lang).to_owned(),
                    ),
                };
                out.push(Line {
                    item,
                    column: label,
                    samples,
                    basis,
                    confidence,
                    doubtful: choice.is_some_and(|c| c.confidence == Confidence::Low),
                });
            }
            // A column with neither header nor values is no column at all.
            None if !c.header.trim().is_empty() || !samples.is_empty() => out.push(Line {
                item: match lang {
                    Lang::Zh => "未使用的列".to_owned(),
                    Lang::En => "column not used".to_owned(),
                },
                column: label,
                samples,
                basis: String::new(),
                confidence: String::new(),
                doubtful: false,
            }),
            None => {}
        }
    }
    let mut by_kind: BTreeMap<Skip, Vec<u32>> = BTreeMap::new();
    for s in &l.skipped {
        by_kind.entry(s.why).or_default().push(s.row);
    }
    for (k, rows) in by_kind {
        out.push(Line {
            item: match lang {
                Lang::Zh => format!("未计入的行（{}）：", k.label(lang)),
                Lang::En => format!("rows left out ({}):", k.label(lang)),
            },
            column: String::new(),
            samples: rows_text(&rows, lang),
            basis: String::new(),
            confidence: String::new(),
            doubtful: false,
        });
    }
    out
}

/// The first line of a file's receipt: what it is, where its header sits, how many records.
pub fn heading(l: &Loaded, lang: Lang) -> String {
    let (first, last) = l.header_rows;
    let sheet = l.sheet.as_deref();
    match lang {
        Lang::Zh => format!(
            "{}（{}）{}表头第 {}{} 行，读取 {} 行记录",
            l.file,
            l.kind.label(lang),
            sheet
                .map(|s| format!("：工作表“{s}”，"))
                .unwrap_or_else(|| "：".to_owned()),
            first,
            if last != first {
                format!("–{last}")
            } else {
                String::new()
            },
            l.records
        ),
        Lang::En => format!(
            "{} ({}){}header on row{} {}{}, {} records read",
            l.file,
            l.kind.label(lang),
            sheet
                .map(|s| format!(": sheet '{s}', "))
                .unwrap_or_else(|| ": ".to_owned()),
            if last != first { "s" } else { "" },
            first,
            if last != first {
                format!("–{last}")
            } else {
                String::new()
            },
            l.records
        ),
    }
}

/// The receipt as text for a terminal: a heading and an aligned line per item.
pub fn text(l: &Loaded, lang: Lang) -> String {
    let lines = lines(l, lang);
    let width = |s: &str| {
        s.chars()
            // A terminal gives CJK and full-width punctuation two columns.
            .map(|c| if c.is_ascii() { 1 } else { 2 })
            .sum::<usize>()
    };
    let pad = |s: &str, w: usize| format!("{s}{}", " ".repeat(w.saturating_sub(width(s))));
    let w_item = lines.iter().map(|l| width(&l.item)).max().unwrap_or(0).min(24);
    let w_col = lines.iter().map(|l| width(&l.column)).max().unwrap_or(0).min(28);
    let mut out = format!("{}\n", heading(l, lang));
    for line in &lines {
        let mark = if line.doubtful { "!" } else { " " };
        let tail = [line.basis.as_str(), line.confidence.as_str()]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" · ");
        let samples = match lang {
            Lang::Zh if !line.samples.is_empty() && !line.column.is_empty() => format!("例：{}", line.samples),
            Lang::En if !line.samples.is_empty() && !line.column.is_empty() => format!("e.g. {}", line.samples),
            _ => line.samples.clone(),
        };
        out.push_str(
            format!(
                "{mark} {} {} {}  {}\n",
                pad(&line.item, w_item),
                pad(&line.column, w_col),
                samples,
                tail
            )
            .trim_end(),
        );
        out.push('\n');
    }
    out
}

/// Every file's receipt as one table, for the report's 读取说明 sheet.
pub fn frame(loaded: &[&Loaded], lang: Lang) -> PolarsResult<DataFrame> {
    let pick = |zh: &'static str, en: &'static str| match lang {
        Lang::Zh => zh,
        Lang::En => en,
    };
    let mut cols: [Vec<String>; 7] = Default::default();
    for l in loaded {
        let mut push = |row: [String; 7]| {
            for (c, v) in cols.iter_mut().zip(row) {
                c.push(v);
            }
        };
        push([
            l.file.clone(),
            pick("读取情况", "How it was read").to_owned(),
            String::new(),
            heading(l, lang),
            String::new(),
            String::new(),
            String::new(),
        ]);
        for line in lines(l, lang) {
            push([
                l.file.clone(),
                line.item,
                line.column,
                line.samples,
                line.basis,
                line.confidence,
                if line.doubtful {
                    pick("是", "yes").to_owned()
                } else {
                    String::new()
                },
            ]);
        }
    }
    let names = [
        pick("文件", "File"),
        pick("项目", "Item"),
        pick("列", "Column"),
        pick("示例或内容", "Samples or content"),
        pick("依据", "Basis"),
        pick("把握", "Confidence"),
        pick("需核实", "Check"),
    ];
    let n = cols[0].len();
    DataFrame::new(
        n,
        cols.into_iter()
            .zip(names)
            .map(|(v, name)| Column::new(name.into(), v))
            .collect(),
    )
}
