//! The survey's (or roster's) unit column, by its values: the one whose values are the
//! staffing table's units. A header that names the unit exactly stays, with a doubt when its
//! values disagree; two columns that both hold units are the person's to choose.

use super::{Ambiguous, Pass, Profile, Why};
use crate::ingest::mapping::{Basis, Choice, Confidence, Field, Mapping};

/// Share of a column's values that are staffing units.
fn share(p: &Profile) -> f64 {
    p.share(p.known_units)
}

/// "18/18 个值与编制表的单位一致", in both languages.
fn evidence(p: &Profile) -> (String, String) {
    (
        format!("{}/{} 个值与编制表的单位一致", p.known_units, p.filled),
        format!(
            "{} of {} values are units of the staffing table",
            p.known_units, p.filled
        ),
    )
}

pub(super) fn by_values(pass: &mut Pass, mapping: &mut Mapping) -> Result<(), Ambiguous> {
    if pass.fixed(Field::Unit) {
        return Ok(());
    }
    several_unit_columns(pass, mapping)?;
    let best = (0..pass.profiles.len())
        .filter(|&c| pass.profiles[c].known_units > 0)
        .max_by(|&a, &b| {
            share(&pass.profiles[a])
                .total_cmp(&share(&pass.profiles[b]))
                .then(b.cmp(&a))
        });
    let current = mapping.column(Field::Unit);
    // A header that names the unit exactly (单位名称) is not overruled by another column's
    // values (上级单位 may hold staffing units too): it stays, as a doubt the person sees.
    let named_exactly = current.is_some_and(|_| {
        let c = mapping.choice(Field::Unit);
        c.basis == Basis::Header && c.confidence == Confidence::High
    });
    let clearly_better = |c: usize, b: usize| share(&pass.profiles[c]) + 0.2 < share(&pass.profiles[b]);
    match (current, best) {
        (Some(c), Some(b)) if c != b && named_exactly && clearly_better(c, b) => keep_with_doubt(pass, mapping, c, b),
        (Some(c), Some(b)) if c == b || !clearly_better(c, b) => confirm(pass, mapping, c),
        (_, Some(b)) if share(&pass.profiles[b]) >= 0.5 => take(pass, mapping, current, b),
        (Some(c), _) => doubt(pass, mapping, c),
        (None, _) => {}
    }
    Ok(())
}

/// Two columns or more whose values are units (牵头单位, 配合单位), and no exact header to say
/// which: the person chooses.
fn several_unit_columns(pass: &Pass, mapping: &Mapping) -> Result<(), Ambiguous> {
    let other_field = |c: usize| {
        mapping
            .fields
            .iter()
            .any(|(f, cols)| *f != Field::Unit && cols.contains(&c))
    };
    let units_like: Vec<usize> = (0..pass.profiles.len())
        .filter(|&c| share(&pass.profiles[c]) >= 0.5 && !other_field(c))
        .collect();
    let header_sure = mapping
        .column(Field::Unit)
        .is_some_and(|c| units_like.contains(&c) && mapping.choice(Field::Unit).confidence == Confidence::High);
    if units_like.len() >= 2 && !header_sure {
        return Err(Ambiguous {
            field: Field::Unit,
            why: Why::SeveralUnitColumns,
            candidates: units_like.iter().map(|&c| pass.headers[c].clone()).collect(),
        });
    }
    Ok(())
}

/// The exact header's column `c` stays, though column `b` holds more staffing units.
fn keep_with_doubt(pass: &mut Pass, mapping: &mut Mapping, c: usize, b: usize) {
    let (zh, en) = evidence(&pass.profiles[c]);
    let (zh_b, en_b) = evidence(&pass.profiles[b]);
    mapping.choices.insert(
        Field::Unit,
        Choice::new(Basis::Header, Confidence::Low).with_evidence(zh.clone(), en.clone()),
    );
    let (label, other) = (pass.label(c), pass.label(b));
    pass.note(
        Field::Unit,
        c,
        format!("单位列 {label} 中只有 {zh}，而 {other} 中 {zh_b}：请核对单位名称，或在列对应中改选单位列。"),
        format!(
            "Only {en} in the unit column {label}, while in {other} {en_b}: check the names, or choose the unit column in the mapping."
        ),
    );
}

/// The header's column `c` is the unit; its values agree, or say the names differ.
fn confirm(pass: &mut Pass, mapping: &mut Mapping, c: usize) {
    let p = &pass.profiles[c];
    let (zh, en) = evidence(p);
    let confidence = if share(p) >= 0.5 {
        Confidence::High
    } else {
        Confidence::Low
    };
    mapping.choices.insert(
        Field::Unit,
        Choice::new(Basis::HeaderAndValues, confidence).with_evidence(zh.clone(), en.clone()),
    );
    if confidence == Confidence::Low {
        let label = pass.label(c);
        pass.note(
            Field::Unit,
            c,
            format!("单位列 {label} 中只有 {zh}：单位名称可能写法不同，或取错了列。"),
            format!(
                "Only {en} in the unit column {label}: the names may be written differently, or the column is wrong."
            ),
        );
    }
}

/// Column `b` is the unit by its values; the header's choice `current`, if any, is not.
fn take(pass: &mut Pass, mapping: &mut Mapping, current: Option<usize>, b: usize) {
    let p = &pass.profiles[b];
    let (zh, en) = evidence(p);
    let confidence = if share(p) >= 0.8 {
        Confidence::High
    } else {
        Confidence::Medium
    };
    let label = pass.label(b);
    let (was_zh, was_en) = match current {
        Some(c) => (
            format!("表头像单位列的 {} 不是", pass.label(c)),
            format!("{}, whose header looked like the unit, is not", pass.label(c)),
        ),
        None => (
            "表头中没有单位列的名称".to_owned(),
            "no header names the unit".to_owned(),
        ),
    };
    mapping.assign(
        Field::Unit,
        b,
        Choice::new(Basis::Values, confidence).with_evidence(zh.clone(), en.clone()),
    );
    pass.note(
        Field::Unit,
        b,
        format!("单位按内容取 {label}（{zh}）；{was_zh}。"),
        format!("The unit is read from {label} by its values ({en}); {was_en}."),
    );
}

/// The header's column `c` holds no staffing unit, and no other column does better.
fn doubt(pass: &mut Pass, mapping: &mut Mapping, c: usize) {
    let (zh, en) = evidence(&pass.profiles[c]);
    mapping.choices.insert(
        Field::Unit,
        Choice::new(Basis::Header, Confidence::Low).with_evidence(zh.clone(), en.clone()),
    );
    let label = pass.label(c);
    pass.note(
        Field::Unit,
        c,
        format!("单位列 {label} 的值与编制表的单位都不一致（{zh}）：请核对单位名称或所选的列。"),
        format!(
            "The values of the unit column {label} match no unit of the staffing table ({en}): check the names or the column."
        ),
    );
}
