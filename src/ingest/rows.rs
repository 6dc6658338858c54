//! Rows that are not records, by their words and by their numbers: totals under any name
//! (全市合计, 总计（全县）, All India, 全国), section headings (党委工作部门, 三、参公单位), and rows
//! whose numbers are the sum of the rows they cover.

use super::grid::{Cell, Grid};
use super::text::{Number, key, parse_number};

/// Words that make a row a total wherever they stand in a unit's name: 全市合计, 党委部门小计,
/// 总计（全县）. (累计, 汇总 and 总数 also start task names — 累计台账整理 — so they count only as
/// the whole cell.)
const TOTAL_WORDS: &[&str] = &["合计", "总计", "小计", "共计"];
/// Cells that are a total when they are the whole cell (punctuation and brackets aside).
const TOTAL_CELLS: &[&str] = &[
    "合计",
    "总计",
    "小计",
    "共计",
    "累计",
    "汇总",
    "总数",
    "总合计",
    "total",
    "subtotal",
    "grandtotal",
    "sum",
    "sums",
    "all",
];
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
/// missing, not a heading; a row named so is never taken for a total by its numbers alone.
const UNIT_ENDINGS: &[&str] = &[
    "局",
    "委",
    "办",
    "馆",
    "院",
    "所",
    "站",
    "中心",
    "队",
    "室",
    "部",
    "厅",
    "处",
    "科",
    "校",
    "园",
    "会",
    "社",
    "台",
    "镇",
    "乡",
    "街道",
    "村",
    "社区",
    "团",
    "公司",
    "联",
    "协",
    "府",
    "政府",
    "署",
    "组",
    "监狱",
    "法院",
    "检察院",
    "医院",
    "学校",
    "幼儿园",
    "报社",
    "office",
    "agency",
    "hospital",
    "school",
    "centre",
    "center",
    "institute",
    "department",
    "ministry",
    "bureau",
    "clinic",
    "phc",
    "uphc",
    "chc",
    "college",
    "university",
    "sciences",
];

/// How a name makes its row a total.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TotalName {
    /// A total word (合计, 小计, Total): the office said so.
    Said,
    /// A whole area or "All …" (全国, All India): a total by its name, but a guess.
    Area,
}

/// A cell without its trailing punctuation and bracketed remarks: "合计：" → 合计, "小计(元)" → 小计.
fn bare(k: &str) -> &str {
    let k = k.split('(').next().unwrap_or(k);
    k.trim_end_matches([':', '：', '.', '。'])
}

/// Whether a cell is a total word and nothing else (a task, person or quota-type cell).
pub fn is_total_cell(text: &str) -> bool {
    let k = key(text);
    TOTAL_CELLS.contains(&bare(&k))
}

/// Whether a row's name (its unit or first cell) makes it a total, and how: 合计 anywhere in
/// it, a total word as the whole cell or leading it ("Total (district)"), a whole area, or
/// "All …" of a few words that does not read as one unit (All India, not All India Institute
/// of Medical Sciences).
pub fn total_name(text: &str) -> Option<TotalName> {
    let k = key(text);
    if k.is_empty() {
        return None;
    }
    if TOTAL_WORDS.iter().any(|w| k.contains(w)) || is_total_cell(text) {
        return Some(TotalName::Said);
    }
    let lower = text.trim().to_lowercase();
    let words: Vec<&str> = lower.split_whitespace().collect();
    if matches!(words.first(), Some(&"total" | &"subtotal" | &"total:")) || lower.starts_with("grand total") {
        return Some(TotalName::Said);
    }
    if AREAS.iter().any(|a| k == *a || k.starts_with(&format!("{a}("))) {
        return Some(TotalName::Area);
    }
    let all_of_an_area = words.first() == Some(&"all") && words.len() <= 3 && !looks_like_unit(text);
    all_of_an_area.then_some(TotalName::Area)
}

/// Whether a name is a total's, by any of the rules of [`total_name`].
pub fn is_total_name(text: &str) -> bool {
    total_name(text).is_some()
}

const CHINESE_DIGITS: &str = "一二三四五六七八九十";

/// Whether a name starts with a heading's ordinal: 一、 （二） 3. (with `digits` false, only
/// Chinese numerals: a unit may carry its row number, 1.区委办公室).
pub fn has_ordinal(text: &str, digits_too: bool) -> bool {
    // Called on every row's name: most start with an ideograph that is no numeral, which
    // keying leaves as it is, so there is nothing to key.
    let first = text.trim_start().chars().next();
    if first.is_some_and(|c| ('\u{4e00}'..='\u{9fff}').contains(&c) && !CHINESE_DIGITS.contains(c)) {
        return false;
    }
    let k = key(text.trim());
    let inner = k.trim_start_matches('(');
    let digits: String = inner
        .chars()
        .take_while(|c| CHINESE_DIGITS.contains(*c) || (digits_too && c.is_ascii_digit()))
        .collect();
    let rest = &inner[digits.len()..];
    !digits.is_empty() && (rest.starts_with('、') || rest.starts_with(')') || rest.starts_with('.'))
}

/// Whether a name is a section heading's: an ordinal (一、 （二） 3.) or a group word at its
/// end (党委工作部门, 参公单位).
pub fn is_section_name(text: &str) -> bool {
    let k = key(text.trim());
    has_ordinal(text, true)
        || SECTION_ENDINGS
            .iter()
            .any(|e| k.ends_with(e) && k.chars().count() <= 12)
}

/// Whether a name reads as one unit's (区档案馆), by its ending.
pub fn looks_like_unit(text: &str) -> bool {
    let k = key(text);
    // 区市场监督管理局（区知识产权局）: the name before its bracketed second name counts too.
    let before = k.strip_suffix(')').and_then(|s| s.rfind('(').map(|i| &k[..i]));
    [Some(k.as_str()), before]
        .into_iter()
        .flatten()
        .any(|k| UNIT_ENDINGS.iter().any(|e| k.ends_with(e)))
}

/// A number in a cell, quietly: totals and columns are judged on what the cells say, findings
/// come later.
pub(super) fn number(cell: Cell) -> Option<f64> {
    match cell {
        Cell::Number(n) => Some(n).filter(|n| n.is_finite()),
        Cell::Text(t) => match parse_number(t) {
            Number::Value(v) => Some(v),
            _ => None,
        },
        _ => None,
    }
}

/// The numbers of `row` in `columns` (None where a cell gives none); None when the row has no
/// number at all.
fn numbers(grid: &Grid, row: usize, columns: &[usize]) -> Option<Vec<Option<f64>>> {
    let v = numbers_given(grid, row, columns);
    v.iter().any(Option::is_some).then_some(v)
}

/// The numbers of `row` in `columns`, each None where the cell gives none.
pub fn numbers_given(grid: &Grid, row: usize, columns: &[usize]) -> Vec<Option<f64>> {
    columns.iter().map(|&c| number(grid.cell(row, c))).collect()
}

/// A running sum of rows' numbers, how many rows it holds, and which columns every one of
/// them filled (a blank count makes that column's sum unknown).
#[derive(Clone)]
pub struct Sum {
    total: Vec<f64>,
    complete: Vec<bool>,
    rows: usize,
}

impl Sum {
    pub fn new(width: usize) -> Sum {
        Sum {
            total: vec![0.0; width],
            complete: vec![true; width],
            rows: 0,
        }
    }

    /// Add a row's numbers; a blank makes its column's sum unknown.
    fn add(&mut self, v: &[Option<f64>]) {
        for ((t, c), x) in self.total.iter_mut().zip(&mut self.complete).zip(v) {
            match x {
                Some(x) => *t += x,
                None => *c = false,
            }
        }
        self.rows += 1;
    }

    pub fn clear(&mut self) {
        self.total.iter_mut().for_each(|t| *t = 0.0);
        self.complete.iter_mut().for_each(|c| *c = true);
        self.rows = 0;
    }

    /// Add a row's numbers, blank cells as nothing (a survey row leaves frequency blank when
    /// it gives annual hours).
    pub fn add_given(&mut self, v: &[Option<f64>]) {
        for (t, x) in self.total.iter_mut().zip(v) {
            *t += x.unwrap_or(0.0);
        }
        self.rows += 1;
    }

    /// Whether the numbers a row gives (one at least, not all zero) are this sum's in those
    /// columns, over one row or more.
    pub fn matches(&self, v: &[Option<f64>]) -> bool {
        let given: Vec<(usize, f64)> = v.iter().enumerate().filter_map(|(i, x)| x.map(|x| (i, x))).collect();
        self.rows >= 1
            && given.iter().any(|&(_, x)| x != 0.0)
            && given.iter().all(|&(i, x)| (self.total[i] - x).abs() < 1e-6)
    }

    /// The columns both `v` and every summed row fill, with `v`'s number there.
    fn comparable<'v>(&'v self, v: &'v [Option<f64>]) -> impl Iterator<Item = (usize, f64)> + 'v {
        v.iter()
            .enumerate()
            .filter(|(i, _)| self.complete[*i])
            .filter_map(|(i, x)| x.map(|x| (i, x)))
    }

    /// Whether `v` equals this sum wherever both are known (one column at least, not all zero).
    fn equals(&self, v: &[Option<f64>]) -> bool {
        let mut compared = self.comparable(v).peekable();
        compared.peek().is_some()
            && self.comparable(v).any(|(_, x)| x != 0.0)
            && compared.all(|(i, x)| (self.total[i] - x).abs() < 1e-6)
    }

    /// Add a staffing row's numbers (a blank makes its column's sum unknown).
    pub fn add_row(&mut self, v: &[Option<f64>]) {
        self.add(v);
    }

    /// Whether a row's numbers equal this sum wherever both are known.
    pub fn equals_row(&self, v: &[Option<f64>]) -> bool {
        self.equals(v)
    }

    /// Whether `v` is already below this sum in a column it gives.
    fn passed_by(&self, v: &[Option<f64>]) -> bool {
        v.iter()
            .enumerate()
            .any(|(i, x)| x.is_some_and(|x| self.total[i] > x + 1e-6))
    }
}

/// Whether numbers `v` are `sum`, on enough evidence that a coincidence is unlikely: a sum of
/// three rows with numbers or more, or of two with three or more non-zero numbers compared.
fn is_sum(v: &[Option<f64>], sum: &Sum) -> bool {
    let nonzero = sum.comparable(v).filter(|(_, x)| *x != 0.0).count();
    let enough = sum.rows >= 3 || (sum.rows == 2 && nonzero >= 3);
    enough && sum.equals(v)
}

/// For each record but the last, whether a break (a heading or a named total) lies between it
/// and the next: one merge over both sorted lists.
fn splits(records: &[usize], breaks: &[usize]) -> Vec<bool> {
    let mut out = vec![false; records.len()];
    let mut b = breaks.iter().copied().peekable();
    for (i, pair) in records.windows(2).enumerate() {
        while b.next_if(|&x| x <= pair[0]).is_some() {}
        out[i] = b.peek().is_some_and(|&x| x < pair[1]);
    }
    out
}

/// Among `records` (in order; `breaks` are the rows of headings and named totals between
/// them), the rows whose numbers in `columns` are the sum of the records they cover: the
/// records since the last break (a subtotal), all records so far (a grand total), or, for the
/// first record, all the records after it (a total on top). A row whose name reads as one
/// unit's (区卫健委) is kept: a coincidence of numbers does not make a unit a total.
pub fn sum_totals(
    grid: &Grid,
    records: &[usize],
    breaks: &[usize],
    columns: &[usize],
    name: &dyn Fn(usize) -> String,
) -> Vec<usize> {
    if columns.is_empty() {
        return Vec::new();
    }
    let split = splits(records, breaks);
    let mut totals = Vec::new();
    let mut block = Sum::new(columns.len());
    let mut all = Sum::new(columns.len());
    // The first record's numbers, and the sum of the records after it (not totals).
    let mut first: Option<(usize, Vec<Option<f64>>)> = None;
    let mut after_first = Sum::new(columns.len());
    for (i, &r) in records.iter().enumerate() {
        if i > 0 && split[i - 1] {
            block.clear();
        }
        let Some(v) = numbers(grid, r, columns) else {
            continue;
        };
        let candidate = !looks_like_unit(&name(r));
        if candidate && (is_sum(&v, &block) || is_sum(&v, &all)) {
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
        && !looks_like_unit(&name(r))
        && is_sum(&v, &after_first)
    {
        totals.push(r);
    }
    totals.sort_unstable();
    totals
}

/// Among `records`, the rows that head a group and carry its sum: a department over its 本级
/// and subordinate units, a heading (一、党委部门) over its units, a 街道 over its 社区. A row is
/// one when its numbers are the sum of the rows right after it, and:
/// - the group starts with a 本级 row, or the row's name is a heading's; or
/// - the sum is unlikely by chance and the group ends where the table ends one (a break, the
///   end, the next such row), and the row's name does not read as one unit's, or (when it
///   does) the group is one of a run of such groups: one summing group after a unit could be
///   chance, two in a row are a layout.
///
/// Rows without numbers neither add to a group nor count in it.
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
    let values: Vec<Option<Vec<Option<f64>>>> = records.iter().map(|&r| numbers(grid, r, columns)).collect();
    let split = splits(records, breaks);
    let n = records.len();
    // First the heads whose own name or sum says so (from the bottom up, so that a group
    // stops at the next head below it).
    let mut head = vec![false; n];
    let mut sums: Vec<Option<(usize, Sum)>> = vec![None; n];
    for i in (0..n).rev() {
        let Some(v) = &values[i] else { continue };
        sums[i] = group_sum(v, i, &values, &split, &head);
        let Some((j, sum)) = &sums[i] else { continue };
        let own = name(records[i]);
        let whole = name(records[i + 1]).contains("本级") || is_section_name(&own);
        let closed = *j + 1 == n || split[*j] || head[*j + 1];
        head[i] = whole || (closed && !looks_like_unit(&own) && is_sum(v, sum));
    }
    // Then rows named like one unit: heads only in a run of such summing groups, one right
    // after the other, each closed where the table closes a group.
    let unit_named: Vec<bool> = (0..n).map(|i| !head[i] && looks_like_unit(&name(records[i]))).collect();
    let end = |i: usize| sums[i].as_ref().map(|(j, _)| *j);
    let closed = |i: usize| end(i).is_some_and(|j| j + 1 == n || split[j] || head[j + 1] || sums[j + 1].is_some());
    let candidate = |i: usize| unit_named[i] && closed(i);
    // ends_group[j]: some candidate's group ends at row j.
    let mut ends_group = vec![false; n];
    for k in (0..n).filter(|&k| candidate(k)) {
        if let Some(j) = end(k) {
            ends_group[j] = true;
        }
    }
    let in_run = |i: usize| {
        let next = end(i).is_some_and(|j| j + 1 < n && candidate(j + 1));
        next || (i > 0 && ends_group[i - 1])
    };
    let runs: Vec<bool> = (0..n).map(|i| candidate(i) && in_run(i)).collect();
    (0..n).filter(|&i| head[i] || runs[i]).map(|i| records[i]).collect()
}

/// The rows right after `i` whose numbers add up to `v` (two or more), stopping at a break, a
/// group head, or a sum that passes `v`: the last row's index and the sum.
fn group_sum(
    v: &[Option<f64>],
    i: usize,
    values: &[Option<Vec<Option<f64>>>],
    split: &[bool],
    head: &[bool],
) -> Option<(usize, Sum)> {
    let mut sum = Sum::new(v.len());
    for j in i + 1..values.len() {
        if split[j - 1] || head[j] {
            return None;
        }
        let Some(w) = &values[j] else { continue };
        sum.add(w);
        if sum.passed_by(v) {
            return None;
        }
        if sum.rows >= 2 && sum.equals(v) {
            return Some((j, sum));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid(rows: &[&[&str]]) -> Grid {
        Grid::from_strs(rows)
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
        for t in [
            "区财政局",
            "Allahabad District Hospital",
            "区统计局",
            "全科医疗中心",
            "All India Institute of Medical Sciences",
            "Sumerpur PHC",
            "本级",
        ] {
            assert!(!is_total_name(t), "{t}");
        }
        // A task or person cell is a total only when it is the total word itself.
        for t in ["小计", "合计：", "Total", "sum"] {
            assert!(is_total_cell(t), "{t}");
        }
        for t in [
            "财务数据汇总上报",
            "累计台账整理",
            "全区学籍总数核对",
            "Summary reports",
            "Suman Devi",
        ] {
            assert!(!is_total_cell(t), "{t}");
        }
        assert_eq!(total_name("全国"), Some(TotalName::Area));
        assert_eq!(total_name("全市合计"), Some(TotalName::Said));
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
        let name = |r: usize| g.cell(r, 0).display();
        let records: Vec<usize> = (1..10).collect();
        assert_eq!(sum_totals(&g, &records, &[], &[1, 2], &name), vec![4, 8, 9]);
        // Two rows and two numbers: a coincidence is too likely to call it a total.
        let g = grid(&[
            &["单位", "编制", "实有"],
            &["区A局", "1", "1"],
            &["区B局", "1", "1"],
            &["区C局", "2", "2"],
        ]);
        let name = |r: usize| g.cell(r, 0).display();
        assert!(sum_totals(&g, &[1, 2, 3], &[], &[1, 2], &name).is_empty());
        // A unit whose numbers happen to sum the units before it stays a unit.
        let g = grid(&[
            &["单位", "编制", "实有"],
            &["区A局", "3", "3"],
            &["区B局", "2", "2"],
            &["区C局", "5", "4"],
            &["区卫健委", "10", "9"],
        ]);
        let name = |r: usize| g.cell(r, 0).display();
        assert!(sum_totals(&g, &[1, 2, 3, 4], &[], &[1, 2], &name).is_empty());
        // A total on top.
        let g = grid(&[
            &["单位", "编制", "实有"],
            &["全县", "20", "19"],
            &["区A局", "12", "11"],
            &["区B局", "5", "5"],
            &["区C局", "3", "3"],
        ]);
        let name = |r: usize| g.cell(r, 0).display();
        assert_eq!(sum_totals(&g, &[1, 2, 3, 4], &[], &[1, 2], &name), vec![1]);
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
        // A unit followed by units that happen to sum to it, at the end of the table, stays a
        // unit; so does one before a unit whose counts are blank.
        let g = grid(&[
            &["单位", "编制", "实有"],
            &["区档案馆", "6", "5"],
            &["区A局", "1", "1"],
            &["区B局", "2", "2"],
            &["区C局", "3", "2"],
            &["城关街道", "25", "24"],
            &["东城街道", "25", "24"],
            &["西城街道", "", ""],
        ]);
        let name = |r: usize| g.cell(r, 0).display();
        assert!(group_heads(&g, &(1..8).collect::<Vec<_>>(), &[], &[1, 2], &name).is_empty());
        // Two 街道 each over their 社区, one group after the other: a layout, not chance.
        let g = grid(&[
            &["单位", "编制", "实有"],
            &["城东街道", "9", "8"],
            &["东一社区", "3", "3"],
            &["东二社区", "4", "3"],
            &["东三社区", "2", "2"],
            &["城西街道", "7", "7"],
            &["西一社区", "5", "5"],
            &["西二社区", "2", "2"],
        ]);
        let name = |r: usize| g.cell(r, 0).display();
        assert_eq!(
            group_heads(&g, &(1..8).collect::<Vec<_>>(), &[], &[1, 2], &name),
            vec![1, 5]
        );
    }
}
