//! Pairing donors with recipients inside one quota type.
//!
//! Three rounds: inside each department, then across departments, then with the office reserve.
//! In each round, equal amounts are paired first (one line settles both sides), then the largest
//! remaining donor gives to the largest remaining recipient until one side is empty. Every line
//! empties a donor or a recipient, so a round of `d` donors and `r` recipients writes at most
//! `d + r − 1` lines, and no pair of units appears twice. Finding the true minimum number of lines
//! is a subset-sum problem; this greedy is close to it and deterministic.

use super::Row;
use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap, VecDeque};

/// One side of a transfer: an index into the planner's rows, its department, its amount.
#[derive(Debug, Clone)]
pub(crate) struct Party<'a> {
    pub row: usize,
    pub department: Option<&'a str>,
    pub amount: i64,
}

/// `count` posts from `from` to `to`; `None` is the office reserve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Line {
    pub from: Option<usize>,
    pub to: Option<usize>,
    pub count: i64,
}

/// Pair donors (posts to give) with recipients (posts to take). `reserve > 0` posts go to the
/// office reserve after the units are served; `reserve < 0` posts come from it. The amounts must
/// balance: Σ donors = Σ recipients + reserve. Parties come in the caller's order (name order),
/// which breaks ties between equal amounts.
pub(crate) fn pair(donors: &[Party<'_>], recipients: &[Party<'_>], reserve: i64) -> Vec<Line> {
    let mut give: Vec<i64> = donors.iter().map(|p| p.amount).collect();
    let mut take: Vec<i64> = recipients.iter().map(|p| p.amount).collect();
    let mut lines = Vec::new();

    // Departments in name order; a unit without a department shares none with anybody. Each
    // donor's department's parties found in one pass, in the callers' order.
    let mut departments: BTreeMap<&str, (Vec<usize>, Vec<usize>)> = Default::default();
    for (i, p) in donors.iter().enumerate() {
        if let Some(d) = p.department {
            departments.entry(d).or_default().0.push(i);
        }
    }
    for (j, p) in recipients.iter().enumerate() {
        if let Some((_, rs)) = p.department.and_then(|d| departments.get_mut(d)) {
            rs.push(j);
        }
    }
    for (ds, rs) in departments.values() {
        settle(ds, rs, &mut give, &mut take, donors, recipients, &mut lines);
    }
    let ds: Vec<usize> = (0..donors.len()).collect();
    let rs: Vec<usize> = (0..recipients.len()).collect();
    settle(&ds, &rs, &mut give, &mut take, donors, recipients, &mut lines);

    if reserve > 0 {
        for (i, g) in give.iter_mut().enumerate() {
            if *g > 0 {
                lines.push(Line {
                    from: Some(donors[i].row),
                    to: None,
                    count: *g,
                });
                *g = 0;
            }
        }
    } else if reserve < 0 {
        for (j, t) in take.iter_mut().enumerate() {
            if *t > 0 {
                lines.push(Line {
                    from: None,
                    to: Some(recipients[j].row),
                    count: *t,
                });
                *t = 0;
            }
        }
    }
    debug_assert!(give.iter().all(|&g| g == 0) && take.iter().all(|&t| t == 0));
    lines
}

fn settle(
    ds: &[usize],
    rs: &[usize],
    give: &mut [i64],
    take: &mut [i64],
    donors: &[Party<'_>],
    recipients: &[Party<'_>],
    lines: &mut Vec<Line>,
) {
    let mut line = |i: usize, j: usize, count: i64, give: &mut [i64], take: &mut [i64]| {
        give[i] -= count;
        take[j] -= count;
        lines.push(Line {
            from: Some(donors[i].row),
            to: Some(recipients[j].row),
            count,
        });
    };
    // Equal amounts first, the largest recipients first; each takes the earliest donor of its
    // amount (a donor matched gives all it has, and leaves).
    let mut by_size: Vec<usize> = rs.iter().copied().filter(|&j| take[j] > 0).collect();
    by_size.sort_by(|&a, &b| take[b].cmp(&take[a]).then(a.cmp(&b)));
    let mut of_amount: BTreeMap<i64, VecDeque<usize>> = BTreeMap::new();
    for &i in ds.iter().filter(|&&i| give[i] > 0) {
        of_amount.entry(give[i]).or_default().push_back(i);
    }
    for j in by_size {
        if let Some(i) = of_amount.get_mut(&take[j]).and_then(VecDeque::pop_front) {
            let count = take[j];
            line(i, j, count, give, take);
        }
    }
    // Then the largest donor with the largest recipient, the earliest in order on equal
    // amounts: each side in a heap of (amount, earliest place), the one left over put back.
    let heap = |set: &[usize], amount: &[i64]| -> BinaryHeap<(i64, Reverse<usize>, usize)> {
        set.iter()
            .enumerate()
            .filter(|(_, k)| amount[**k] > 0)
            .map(|(place, &k)| (amount[k], Reverse(place), k))
            .collect()
    };
    let (mut donors_left, mut recipients_left) = (heap(ds, give), heap(rs, take));
    while let (Some((_, di, i)), Some((_, rj, j))) = (donors_left.pop(), recipients_left.pop()) {
        let count = give[i].min(take[j]);
        line(i, j, count, give, take);
        if give[i] > 0 {
            donors_left.push((give[i], di, i));
        }
        if take[j] > 0 {
            recipients_left.push((take[j], rj, j));
        }
    }
}

/// Whether a line joins two units of one department; `None` when one side is the reserve.
pub(super) fn same_department(rows: &[Row], l: &Line) -> Option<bool> {
    let (from, to) = (l.from?, l.to?);
    Some(rows[from].department.is_some() && rows[from].department == rows[to].department)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn party(row: usize, department: Option<&str>, amount: i64) -> Party<'_> {
        Party {
            row,
            department,
            amount,
        }
    }

    #[test]
    fn plan_pairs_inside_the_department_first() {
        let donors = [party(0, Some("A"), 3), party(1, Some("B"), 2)];
        let recipients = [party(2, Some("B"), 3), party(3, Some("A"), 2)];
        let lines = pair(&donors, &recipients, 0);
        let line = |from, to, count| Line {
            from: Some(from),
            to: Some(to),
            count,
        };
        assert_eq!(lines, vec![line(0, 3, 2), line(1, 2, 2), line(0, 2, 1)]);
    }

    #[test]
    fn plan_pairs_equal_amounts_in_one_line() {
        let donors = [party(0, None, 5), party(1, None, 2), party(2, None, 3)];
        let recipients = [party(3, None, 3), party(4, None, 7)];
        let lines = pair(&donors, &recipients, 0);
        assert_eq!(lines.len(), 3);
        assert!(lines.contains(&Line {
            from: Some(2),
            to: Some(3),
            count: 3
        }));
    }

    #[test]
    fn plan_reserve_takes_what_is_left() {
        let donors = [party(0, None, 4)];
        let recipients = [party(1, None, 1)];
        let lines = pair(&donors, &recipients, 3);
        assert_eq!(
            lines[1],
            Line {
                from: Some(0),
                to: None,
                count: 3
            }
        );
        let lines = pair(&[], &recipients, -1);
        assert_eq!(
            lines,
            vec![Line {
                from: None,
                to: Some(1),
                count: 1
            }]
        );
    }
}
