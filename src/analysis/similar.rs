//! Close names: the staffing unit a survey's unknown unit most likely means (区挡案馆 → 区档案馆,
//! 区融媒体中心[区广播电视台] → （区广播电视台）).

use crate::ingest::text::key;

/// A name and its parts: the name without what is in brackets, and each bracketed part (an
/// office often adds its old name or its other sign there).
fn variants(name: &str) -> Vec<String> {
    let k = key(name);
    let mut outside = String::new();
    let mut parts = Vec::new();
    let mut inside: Option<String> = None;
    for c in k.chars() {
        match (c, inside.as_mut()) {
            ('(', None) => inside = Some(String::new()),
            (')', Some(_)) => parts.extend(inside.take().filter(|p| !p.is_empty())),
            (c, Some(p)) => p.push(c),
            (c, None) => outside.push(c),
        }
    }
    parts.extend(inside.filter(|p| !p.is_empty()));
    let mut out = vec![k.clone()];
    if !outside.is_empty() && outside != k {
        out.push(outside);
    }
    out.extend(parts);
    out
}

/// How alike two sets of name variants are, 0 to 1: 1 when a name or bracketed part of one is
/// the other's. Pairs whose lengths alone keep them under `floor` are not compared.
fn likeness_of(va: &[String], vb: &[String], floor: f64) -> f64 {
    let mut best: f64 = 0.0;
    for x in va {
        let lx = x.chars().count();
        for y in vb {
            let ly = y.chars().count();
            let longest = lx.max(ly).max(1) as f64;
            // The edit distance is at least the difference in length.
            if 1.0 - (lx.abs_diff(ly) as f64) / longest < floor {
                continue;
            }
            best = best.max(strsim::normalized_levenshtein(x, y));
        }
    }
    best
}

/// The staffing units, each with its variants worked out once, to suggest from.
pub struct Names<'a> {
    names: Vec<(&'a str, Vec<String>)>,
}

/// How alike a suggestion must be.
const ALIKE: f64 = 0.6;

impl<'a> Names<'a> {
    pub fn new(names: impl IntoIterator<Item = &'a str>) -> Names<'a> {
        Names {
            names: names.into_iter().map(|n| (n, variants(n))).collect(),
        }
    }

    /// The name most like `name`, when it is alike enough to suggest.
    pub fn closest(&self, name: &str) -> Option<&'a str> {
        let v = variants(name);
        self.names
            .iter()
            .map(|(n, vn)| (likeness_of(&v, vn, ALIKE), *n))
            .filter(|(s, _)| *s >= ALIKE)
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, n)| n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_the_staffing_unit_a_name_means() {
        let staffing = Names::new(["区档案馆", "（区广播电视台）", "区财政局", "区教育局"]);
        assert_eq!(staffing.closest("区挡案馆"), Some("区档案馆"));
        assert_eq!(staffing.closest("区融媒体中心[区广播电视台]"), Some("（区广播电视台）"));
        assert_eq!(staffing.closest("区水务局"), None);
    }
}
