//! Rows that are not records, by their words and by their numbers: totals under any name
//! (全市合计, 总计（全县）, All India, 全国), section headings (党委工作部门, 三、参公单位), and rows
//! whose numbers are the sum of the rows they cover.

use super::grid::{Cell, Grid};
use super::text::{Number, key, parse_number};

/// Words that make a row a total wherever they stand in its name.
const TOTAL_WORDS: &[&str] = &["合计", "总计", "小计", "共计", "累计", "总数", "汇总"];
/// English words that start a total row.
const TOTAL_STARTS: &[&str] = &["total", "subtotal", "grandtotal", "sum"];
/// Whole areas: a row named so covers every unit of the area.
const AREAS: &[&str] = &[
    "全国",
    "全省",
    "全市",
    "全县",
    "全区",
    "全州",
    "全盟",
    "全旗",
    "全镇",
    "全乡",
    "全街道",
    "全系统",
    "本级",
    "全部",
];
/// Endings of a section heading's name (a group of units, never one unit).
const SECTION_ENDINGS: &[&str] = &[
    "工作部门",
    "部门",
    "部门单位",
    "机构",
    "单位",
    "系统",
    "序列",
    "类",
    "事业单位",
    "参公单位",
    "群团组织",
    "派出机构",
    "科室",
];
/// Endings of one unit's name: a lone name with one of these is a unit whose figures are
/// missing, not a heading.
const UNIT_ENDINGS: &[&str] = &[
    "局", "委", "办", "馆", "院", "所", "站", "中心", "队", "室", "部", "厅", "处", "科", "校", "园", "会", "社", "台",
    "镇", "乡", "街道", "村", "团", "公司", "office", "agency", "hospital", "school", "centre", "center",
];

/// Whether a name is a total's: 合计 anywhere, "Total …", "All India", or a whole area.
pub fn is_total_name(text: &str) -> bool {
    let k = key(text);
    if k.is_empty() {
        return false;
    }
    let lower = text.trim().to_lowercase();
    TOTAL_WORDS.iter().any(|w| k.contains(w))
        || TOTAL_STARTS.iter().any(|w| k.starts_with(w))
        || lower == "all"
        || lower.starts_with("all ")
        || AREAS.iter().any(|a| k == *a || k.starts_with(&format!("{a}(")))
}

/// Whether a name is a section heading's: an ordinal (一、 （二） 3. IV.) or a group word at
/// its end (党委工作部门, 参公单位).
pub fn is_section_name(text: &str) -> bool {
    let t = text.trim();
    let k = key(t);
    let ordinal = {
        let inner = k.trim_start_matches('(');
        let digits: String = inner
            .chars()
            .take_while(|c| "一二三四五六七八九十".contains(*c) || c.is_ascii_digit())
            .collect();
        let rest = &inner[digits.len()..];
        !digits.is_empty() && (rest.starts_with('、') || rest.starts_with(')') || rest.starts_with('.'))
    };
    ordinal
        || SECTION_ENDINGS
            .iter()
            .any(|e| k.ends_with(e) && k.chars().count() <= 12)
}

/// Whether a name reads as one unit's (区档案馆), by its ending.
pub fn looks_like_unit(text: &str) -> bool {
    let k = key(text);
    UNIT_ENDINGS.iter().any(|e| k.ends_with(e))
}

/// A number in a cell, quietly: totals are judged on what the cells say, findings come later.
fn number(cell: Cell) -> Option<f64> {
    match cell {
        Cell::Number(n) => Some(n),
        Cell::Text(t) => match parse_number(t) {
            Number::Value(v) => Some(v),
            _ => None,
        },
        _ => None,
    }
}

/// The numbers of `row` in `columns`, empty as 0; None when the row has no number at all.
fn numbers(grid: &Grid, row: usize, columns: &[usize]) -> Option<Vec<f64>> {
    let v: Vec<Option<f64>> = columns.iter().map(|&c| number(grid.cell(row, c))).collect();
    v.iter()
        .any(Option::is_some)
        .then(|| v.into_iter().map(|x| x.unwrap_or(0.0)).collect())
}

/// A running sum of rows' numbers, and how many rows it holds.
#[derive(Clone)]
struct Sum {
    total: Vec<f64>,
    rows: usize,
}

impl Sum {
    fn new(width: usize) -> Sum {
        Sum {
            total: vec![0.0; width],
            rows: 0,
        }
    }

    fn add(&mut self, v: &[f64]) {
        for (t, x) in self.total.iter_mut().zip(v) {
            *t += x;
        }
        self.rows += 1;
    }

    fn clear(&mut self) {
        self.total.iter_mut().for_each(|t| *t = 0.0);
        self.rows = 0;
    }
}

/// Whether numbers `v` are `sum`, on enough evidence that a coincidence is unlikely: a sum of
/// three rows or more, or of two with three or more non-zero numbers.
fn is_sum(v: &[f64], sum: &Sum) -> bool {
    let nonzero = v.iter().filter(|x| **x != 0.0).count();
    let enough = sum.rows >= 3 || (sum.rows == 2 && nonzero >= 3);
    enough && nonzero > 0 && v.iter().zip(&sum.total).all(|(a, b)| (a - b).abs() < 1e-6)
}

/// Among `records` (in order; `breaks` are the rows of headings and named totals between
/// them), the rows whose numbers in `columns` are the sum of the records they cover: the
/// records since the last break (a subtotal), all records so far (a grand total), or, for the
/// first record, all the records after it (a total on top).
pub fn sum_totals(grid: &Grid, records: &[usize], breaks: &[usize], columns: &[usize]) -> Vec<usize> {
    if columns.is_empty() {
        return Vec::new();
    }
    let mut totals = Vec::new();
    let mut block = Sum::new(columns.len());
    let mut all = Sum::new(columns.len());
    let mut breaks = breaks.iter().copied().peekable();
    // The first record's numbers, and the sum of the records after it (not totals).
    let mut first: Option<(usize, Vec<f64>)> = None;
    let mut after_first = Sum::new(columns.len());
    for &r in records {
        let mut crossed = false;
        while breaks.next_if(|&b| b < r).is_some() {
            crossed = true;
        }
        if crossed {
            block.clear();
        }
        let Some(v) = numbers(grid, r, columns) else {
            continue;
        };
        if is_sum(&v, &block) || is_sum(&v, &all) {
            totals.push(r);
            block.clear();
            continue;
        }
        block.add(&v);
        all.add(&v);
        match &first {
            None => first = Some((r, v)),
            Some(_) => after_first.add(&v),
        }
    }
    if let Some((r, v)) = first
        && is_sum(&v, &after_first)
    {
        totals.push(r);
    }
    totals.sort_unstable();
    totals
}

/// Among `records` (totals already taken out), the rows that head a group and carry its sum: a
/// department over its 本级 and subordinate units, a heading (一、党委部门) over its units. A
/// row is one when its numbers are the sum of the rows right after it, and that group ends
/// where the table says a group ends (a break, the end, the next such row), or the row's name
/// is a heading's, or the group starts with a 本级 row.
pub fn group_heads(
    grid: &Grid,
    records: &[usize],
    breaks: &[usize],
    columns: &[usize],
    name: &dyn Fn(usize) -> String,
) -> Vec<usize> {
    if columns.is_empty() {
        return Vec::new();
    }
    let values: Vec<Option<Vec<f64>>> = records.iter().map(|&r| numbers(grid, r, columns)).collect();
    let split = |a: usize, b: usize| breaks.iter().any(|&x| x > a && x < b);
    let n = records.len();
    let mut head = vec![false; n];
    for i in (0..n).rev() {
        let Some(v) = &values[i] else { continue };
        let mut sum = Sum::new(columns.len());
        for j in i + 1..n {
            if split(records[j - 1], records[j]) || head[j] {
                break;
            }
            sum.add(values[j].as_deref().unwrap_or(&vec![0.0; columns.len()]));
            if sum.total.iter().zip(v).any(|(s, x)| *s > x + 1e-6) {
                break;
            }
            let equal = sum.rows >= 2 && v.iter().zip(&sum.total).all(|(a, b)| (a - b).abs() < 1e-6);
            if equal {
                // A heading's name or a 本级 row is evidence enough; else the sum must be
                // unlikely by chance and the group closed where the table closes one.
                let named = is_section_name(&name(records[i])) || name(records[i + 1]).contains("本级");
                let closed = j + 1 == n || split(records[j], records[j + 1]) || head[j + 1];
                head[i] = named || (closed && is_sum(v, &sum));
                break;
            }
        }
    }
    (0..n).filter(|&i| head[i]).map(|i| records[i]).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid(rows: &[&[&str]]) -> Grid {
        let records = rows
            .iter()
            .map(|r| csv::StringRecord::from(r.iter().map(|s| s.to_string()).collect::<Vec<_>>()))
            .collect();
        Grid::from_records(records)
    }

    #[test]
    fn totals_by_any_name() {
        for t in [
            "合计",
            "全市合计",
            "总计（全县）",
            "合  计",
            "系统小计",
            "All India",
            "全国",
            "Total",
            "汇总",
        ] {
            assert!(is_total_name(t), "{t}");
        }
        for t in ["区财政局", "Allahabad District Hospital", "区统计局", "全科医疗中心"] {
            assert!(!is_total_name(t), "{t}");
        }
    }

    #[test]
    fn section_headings() {
        for t in [
            "党委工作部门",
            "政府工作部门",
            "三、参公单位",
            "（一）党委部门",
            "事业单位",
            "2.群团组织",
        ] {
            assert!(is_section_name(t), "{t}");
        }
        for t in ["区财政局", "区教育局", "区档案馆"] {
            assert!(!is_section_name(t), "{t}");
        }
    }

    #[test]
    fn rows_that_sum_the_rows_they_cover() {
        let g = grid(&[
            &["单位", "编制", "实有"],
            &["区A局", "12", "11"],
            &["区B局", "8", "9"],
            &["区C局", "5", "4"],
            &["", "25", "24"],
            &["区D局", "3", "3"],
            &["区E局", "7", "6"],
            &["区F局", "2", "2"],
            &["", "12", "11"],
            &["全域", "37", "35"],
        ]);
        let records: Vec<usize> = (1..10).collect();
        assert_eq!(sum_totals(&g, &records, &[], &[1, 2]), vec![4, 8, 9]);
        // Two rows and two numbers: a coincidence is too likely to call it a total.
        let g = grid(&[
            &["单位", "编制", "实有"],
            &["区A局", "1", "1"],
            &["区B局", "1", "1"],
            &["区C局", "2", "2"],
        ]);
        assert!(sum_totals(&g, &[1, 2, 3], &[], &[1, 2]).is_empty());
        // A total on top.
        let g = grid(&[
            &["单位", "编制", "实有"],
            &["全县", "20", "19"],
            &["区A局", "12", "11"],
            &["区B局", "5", "5"],
            &["区C局", "3", "3"],
        ]);
        assert_eq!(sum_totals(&g, &[1, 2, 3, 4], &[], &[1, 2]), vec![1]);
    }

    #[test]
    fn rows_heading_a_group_with_its_sum() {
        let g = grid(&[
            &["单位", "编制", "实有"],
            &["一、党委部门", "20", "18"],
            &["区委办", "10", "9"],
            &["组织部", "6", "6"],
            &["宣传部", "4", "3"],
            &["区财政局", "15", "14"],
            &["区财政局本级", "9", "9"],
            &["国库中心", "6", "5"],
            &["区档案馆", "5", "4"],
        ]);
        let name = |r: usize| g.cell(r, 0).display();
        // 区财政局 heads 本级 and 国库中心; 区档案馆 stands alone, so the group is not closed by
        // the table, but the 本级 row says it is a group.
        assert_eq!(
            group_heads(&g, &(1..9).collect::<Vec<_>>(), &[], &[1, 2], &name),
            vec![1, 5]
        );
    }
}
