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

/// How alike two names are, 0 to 1: 1 when one's name or bracketed part is the other's.
pub fn likeness(a: &str, b: &str) -> f64 {
    let (va, vb) = (variants(a), variants(b));
    va.iter()
        .flat_map(|x| vb.iter().map(move |y| strsim::normalized_levenshtein(x, y)))
        .fold(0.0, f64::max)
}

/// The candidate most like `name`, when it is alike enough to suggest.
pub fn closest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (likeness(name, c), c))
        .filter(|(s, _)| *s >= 0.6)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_the_staffing_unit_a_name_means() {
        let staffing = ["区档案馆", "（区广播电视台）", "区财政局", "区教育局"];
        assert_eq!(closest("区挡案馆", staffing), Some("区档案馆"));
        assert_eq!(
            closest("区融媒体中心[区广播电视台]", staffing),
            Some("（区广播电视台）")
        );
        assert_eq!(closest("区水务局", staffing), None);
    }
}
