//! Whose a returned file is: the unit its rows give, else the unit its marker names, else the
//! unit its file name names — and a finding when they disagree (a unit's form filled in by
//! another, or a file named after another unit).

use super::super::{Loaded, text};
use crate::findings::{Finding, Location};
use crate::model::col;
use std::collections::BTreeSet;

/// Where a file's unit was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitFrom {
    Rows,
    Marker,
    Name,
    Unknown,
}

/// The units a read file's rows give (cleaned, in row order, each once).
pub fn row_units(loaded: &Loaded) -> Vec<String> {
    let Ok(c) = loaded.frame.column(col::UNIT) else {
        return Vec::new();
    };
    let Ok(s) = c.str() else { return Vec::new() };
    let mut out: Vec<String> = Vec::new();
    for u in s.iter().flatten() {
        if out.last().is_none_or(|l| l != u) && !out.iter().any(|x| x == u) {
            out.push(u.to_owned());
        }
    }
    out
}

/// The staffing units by key (width, case and spaces aside), to read a unit off a file name;
/// keyed once for a whole folder.
pub struct Names {
    exact: std::collections::HashMap<String, String>,
    /// Keys of two characters or more, longest first.
    longest_first: Vec<(String, String)>,
}

impl Names {
    pub fn new(known: &BTreeSet<String>) -> Names {
        let keyed: Vec<(String, String)> = known.iter().map(|u| (text::key(u), u.clone())).collect();
        let mut longest_first: Vec<(String, String)> =
            keyed.iter().filter(|(k, _)| k.chars().count() >= 2).cloned().collect();
        longest_first.sort_by_key(|(k, _)| std::cmp::Reverse(k.chars().count()));
        Names {
            exact: keyed.into_iter().collect(),
            longest_first,
        }
    }

    /// The staffing unit a file's name names: the whole stem, else the longest unit name the
    /// stem holds (人社局_已填.xlsx).
    pub fn unit_of(&self, label: &str) -> Option<String> {
        let base = label.rsplit('/').next().unwrap_or(label);
        let stem = base.rsplit_once('.').map_or(base, |(s, _)| s);
        let stem = text::key(stem);
        if stem.is_empty() {
            return None;
        }
        if let Some(u) = self.exact.get(&stem) {
            return Some(u.clone());
        }
        self.longest_first
            .iter()
            .find(|(k, _)| stem.contains(k.as_str()))
            .map(|(_, u)| u.clone())
    }
}

/// What a file says of its unit: the units its rows give, the one its marker names, the one
/// its name names.
pub struct Said<'a> {
    pub rows: &'a [String],
    pub marked: Option<&'a str>,
    pub named: Option<&'a str>,
}

/// The unit of a file from what it says (`known` tells the staffing table's units); with the
/// findings of any disagreement. Rows whose one unit the staffing table lacks, in a form its
/// marker or name gives a known unit, count for that unit (a unit's name mistyped).
pub fn decide(
    label: &str,
    sheet: Option<&str>,
    said: &Said<'_>,
    known: &dyn Fn(&str) -> bool,
) -> (Option<String>, UnitFrom, Vec<Finding>) {
    let Said { rows, marked, named } = *said;
    let here = Location::file(label).with_sheet(sheet);
    let mut findings = Vec::new();
    let clean = |u: &str| text::clean_name(u);
    let vouched = marked
        .map(clean)
        .filter(|m| known(m))
        .map(|m| (m, UnitFrom::Marker))
        .or_else(|| named.filter(|n| known(n)).map(|n| (n.to_owned(), UnitFrom::Name)));
    if let ([one], Some((u, from))) = (rows, &vouched)
        && !known(one)
    {
        findings.push(Finding::warning(
            "form_unit_unknown",
            here,
            format!("填报的单位名称“{one}”不在编制表中：这是“{u}”的调查表，按“{u}”计入。"),
            format!(
                "The unit written, '{one}', is not in the staffing table: this is the form of '{u}', counted for it."
            ),
        ));
        return (Some(u.clone()), *from, findings);
    }
    let (unit, from) = match (rows, marked, named) {
        ([one], _, _) => (Some(one.clone()), UnitFrom::Rows),
        ([], Some(m), _) => (Some(clean(m)), UnitFrom::Marker),
        ([], None, Some(n)) => (Some(n.to_owned()), UnitFrom::Name),
        ([], None, None) => (None, UnitFrom::Unknown),
        // A file of several units (a merged survey) counts for each of them.
        (_, _, _) => (None, UnitFrom::Rows),
    };
    if let (Some(u), UnitFrom::Rows) = (&unit, from) {
        if let Some(m) = marked.map(clean).filter(|m| m != u) {
            findings.push(Finding::warning(
                "form_of_other_unit",
                here.clone(),
                format!("这是发给“{m}”的调查表，填报的却是“{u}”的数据：按填报内容计入“{u}”，请核实“{m}”是否另有回收。"),
                format!("This is the form sent to '{m}', but its rows are '{u}''s: counted for '{u}'; check whether '{m}' returned its own."),
            ));
        } else if let Some(n) = named.filter(|n| n != u) {
            findings.push(Finding::warning(
                "form_of_other_unit",
                here,
                format!("文件名是“{n}”，填报的却是“{u}”的数据：按填报内容计入“{u}”。"),
                format!("The file is named after '{n}', but its rows are '{u}''s: counted for '{u}'."),
            ));
        }
    }
    (unit, from, findings)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_name_names_a_unit_by_its_whole_stem_or_the_longest_it_holds() {
        let known: BTreeSet<String> = ["区财政局", "财政局", "区司法局"].map(String::from).into();
        let names = Names::new(&known);
        assert_eq!(names.unit_of("sub/区财政局.xlsx").as_deref(), Some("区财政局"));
        assert_eq!(names.unit_of("区财政局_已填 (2).xlsx").as_deref(), Some("区财政局"));
        assert_eq!(names.unit_of("汇总.xlsx"), None);
    }

    #[test]
    fn rows_win_and_a_disagreement_is_said() {
        let known = |u: &str| ["区财政局", "区司法局"].contains(&u);
        let said = |rows: &'static [&'static str], marked| Said {
            rows: Box::leak(
                rows.iter()
                    .map(|r| r.to_string())
                    .collect::<Vec<_>>()
                    .into_boxed_slice(),
            ),
            marked,
            named: Some("区财政局"),
        };
        let (u, from, f) = decide("区财政局.xlsx", None, &said(&["区司法局"], Some("区财政局")), &known);
        assert_eq!((u.as_deref(), from), (Some("区司法局"), UnitFrom::Rows));
        assert!(f[0].zh.contains("发给“区财政局”"), "{}", f[0].zh);
        let (u, from, f) = decide("x.xlsx", None, &said(&[], Some("区财政局")), &known);
        assert_eq!((u.as_deref(), from, f.len()), (Some("区财政局"), UnitFrom::Marker, 0));
        // A mistyped unit in a known unit's form counts for that unit, and says so.
        let (u, from, f) = decide("x.xlsx", None, &said(&["区财攻局"], Some("区财政局")), &known);
        assert_eq!((u.as_deref(), from), (Some("区财政局"), UnitFrom::Marker));
        assert_eq!(f[0].code, "form_unit_unknown");
    }
}
