//! Tab-separated text for the clipboard: pasted into Excel or WPS, it gives the cells the
//! report writes (headers and codes translated, numbers plain, formulas defused).

use super::cells::{Prepared, Values};

/// `columns` as tab-separated lines with a header line, only `rows` (all when None).
pub fn text(columns: &[Prepared], rows: Option<&[usize]>) -> String {
    let height = columns.first().map_or(0, Prepared::len);
    let all: Vec<usize> = (0..height).collect();
    let rows = rows.unwrap_or(&all);
    let mut out = String::new();
    let header: Vec<String> = columns.iter().map(|c| field(&c.label)).collect();
    out.push_str(&header.join("\t"));
    for &i in rows.iter().filter(|&&i| i < height) {
        out.push('\n');
        let cells: Vec<String> = columns
            .iter()
            .map(|c| {
                let v = c.plain(i).unwrap_or_default();
                field(&if matches!(c.values, Values::Text(_)) {
                    super::csv::defused(v)
                } else {
                    v
                })
            })
            .collect();
        out.push_str(&cells.join("\t"));
    }
    out
}

/// A cell as a spreadsheet pastes it: one with a tab, line break or quote is quoted.
fn field(v: &str) -> String {
    if v.contains(['\t', '\n', '\r', '"']) {
        format!("\"{}\"", v.replace('"', "\"\""))
    } else {
        v.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::cells::prepare;
    use crate::model::{Lang, col};
    use polars::prelude::*;

    #[test]
    fn headers_translated_rows_chosen_and_awkward_cells_quoted() {
        let frame = DataFrame::new(
            3,
            vec![
                Column::new(col::UNIT.into(), ["甲局", "乙\t所", "=丙"]),
                Column::new(col::APPROVED.into(), [10i64, 5, 3]),
                Column::new(col::SATURATION.into(), [Some(1.25), None, Some(0.5)]),
            ],
        )
        .unwrap();
        let columns = prepare(&frame, Lang::Zh).unwrap();
        let text = text(&columns, Some(&[1, 2]));
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "单位名称\t核定编制数\t饱和度");
        assert_eq!(lines[1], "\"乙\t所\"\t5\t");
        assert_eq!(lines[2], "'=丙\t3\t0.5");
        assert_eq!(lines.len(), 3);
    }
}
