//! Apportionment: share a whole number of posts among units in proportion to weights, each unit
//! held between a lower and an upper bound.
//!
//! # Exactness
//! Weights are read as whole multiples of 2⁻²⁰ (about a millionth of a person): `w × 2²⁰` is exact
//! in floating point and is then rounded to an integer. From there on every comparison is integer
//! arithmetic in `i128` (quotients are compared by cross-multiplication), so the result never
//! depends on floating-point rounding. Weights are limited to [`MAX_WEIGHT`] and seats to
//! [`MAX_SEATS`] so that every product fits.
//!
//! # Methods
//! - **Webster / Sainte-Laguë**: a seat is a "signpost" `(unit, k)` worth `w / (2k + 1)`; the result
//!   is the best `seats − Σ lower` signposts with `lower ≤ k < upper`, on top of the lower bounds.
//!   This is the bounded divisor method (`clamp(round(w / λ), lower, upper)` for some divisor λ).
//!   Taking the best signposts of a fixed order makes it house-monotone (a larger pool never takes
//!   a seat away) and population-monotone (a larger weight never costs its unit a seat).
//! - **Hamilton / largest remainder**: each unit's exact quota `λ × w`, clamped to its bounds for the
//!   λ that makes the clamped quotas add up to the seats; then the integer parts, and the seats
//!   left over go to the largest remainders.
//!
//! # Tie rule (both methods, documented and never hash order)
//! Equal priority (Webster: equal `w / (2k + 1)`; Hamilton: equal remainder) goes to the unit with
//! the larger weight, then (Webster) to the unit holding fewer seats, then to the unit that comes
//! first in the input. The planner passes units sorted by name, so the last key is name order.
//! Units that all weigh zero share what is left equally (round robin, in input order).

use super::Method;
use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;
use std::fmt;

/// Weights are counted in units of 2^-SCALE_BITS.
const SCALE_BITS: i32 = 20;
/// The largest weight accepted (2³¹, about 2.1 × 10⁹).
pub const MAX_WEIGHT: f64 = 2_147_483_648.0;
/// The largest number of seats accepted (2⁴⁰, about 1.1 × 10¹²).
pub const MAX_SEATS: i64 = 1 << 40;

/// Why an apportionment could not be made.
#[derive(Debug, Clone, PartialEq)]
pub enum ApportionError {
    /// `weights`, `lower` and `upper` differ in length.
    LengthMismatch { weights: usize, lower: usize, upper: usize },
    /// A weight is negative, not a number, infinite or above [`MAX_WEIGHT`].
    BadWeight { index: usize, value: f64 },
    /// Seats below zero or above [`MAX_SEATS`].
    BadSeats { seats: i64 },
    /// A lower bound below zero or above its upper bound.
    BadBounds { index: usize, lower: i64, upper: i64 },
    /// The lower bounds add up to more than the seats.
    LowerAboveSeats { lower_sum: i128, seats: i64 },
    /// The upper bounds add up to less than the seats.
    UpperBelowSeats { upper_sum: i128, seats: i64 },
}

impl fmt::Display for ApportionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ApportionError::LengthMismatch { weights, lower, upper } => write!(
                f,
                "{weights} weights but {lower} lower and {upper} upper bounds: one of each per unit"
            ),
            ApportionError::BadWeight { index, value } => write!(
                f,
                "weight {value} of unit {index} must be a number from 0 to {MAX_WEIGHT}"
            ),
            ApportionError::BadSeats { seats } => {
                write!(f, "{seats} seats: must be from 0 to {MAX_SEATS}")
            }
            ApportionError::BadBounds { index, lower, upper } => write!(
                f,
                "unit {index}: lower bound {lower} must be at least 0 and at most its upper bound {upper}"
            ),
            ApportionError::LowerAboveSeats { lower_sum, seats } => write!(
                f,
                "the lower bounds add up to {lower_sum}, {} more than the {seats} seats to share",
                lower_sum - *seats as i128
            ),
            ApportionError::UpperBelowSeats { upper_sum, seats } => write!(
                f,
                "the upper bounds add up to {upper_sum}, {} fewer than the {seats} seats to share",
                *seats as i128 - upper_sum
            ),
        }
    }
}

impl std::error::Error for ApportionError {}

/// Whether a unit's bound decided its result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Binding {
    /// The unit got what its weight earns.
    Free,
    /// The lower bound held the unit above what its weight earns.
    Lower,
    /// The upper bound held the unit below what its weight earns.
    Upper,
}

/// Seats per unit, and which bound (if any) bit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Apportionment {
    pub seats: Vec<i64>,
    pub binding: Vec<Binding>,
}

/// Share `seats` in proportion to `weights`, unit `i` held within `lower[i] ..= upper[i]`.
/// Pass 0 and `i64::MAX` for "no bound".
pub fn apportion(
    method: Method,
    weights: &[f64],
    seats: i64,
    lower: &[i64],
    upper: &[i64],
) -> Result<Vec<i64>, ApportionError> {
    apportion_detail(method, weights, seats, lower, upper).map(|a| a.seats)
}

/// [`apportion`], also telling which bound bit for each unit.
pub fn apportion_detail(
    method: Method,
    weights: &[f64],
    seats: i64,
    lower: &[i64],
    upper: &[i64],
) -> Result<Apportionment, ApportionError> {
    let n = weights.len();
    if lower.len() != n || upper.len() != n {
        return Err(ApportionError::LengthMismatch {
            weights: n,
            lower: lower.len(),
            upper: upper.len(),
        });
    }
    if !(0..=MAX_SEATS).contains(&seats) {
        return Err(ApportionError::BadSeats { seats });
    }
    for i in 0..n {
        if lower[i] < 0 || lower[i] > upper[i] {
            return Err(ApportionError::BadBounds {
                index: i,
                lower: lower[i],
                upper: upper[i],
            });
        }
    }
    let lower_sum: i128 = lower.iter().map(|&l| l as i128).sum();
    if lower_sum > seats as i128 {
        return Err(ApportionError::LowerAboveSeats { lower_sum, seats });
    }
    let upper_sum: i128 = upper.iter().map(|&u| u as i128).sum();
    if upper_sum < seats as i128 {
        return Err(ApportionError::UpperBelowSeats { upper_sum, seats });
    }
    let need = quantize(weights)?;
    // No unit can hold more than all the seats; capping keeps every product in range.
    let hi: Vec<i64> = upper.iter().map(|&u| u.min(seats)).collect();
    let (result, mut binding) = match method {
        Method::Webster => webster(&need, seats, lower, &hi),
        Method::Hamilton => hamilton(&need, seats, lower, &hi),
    };
    // An upper bound at or above the whole pool is no bound.
    for i in 0..n {
        if binding[i] == Binding::Upper && upper[i] > seats {
            binding[i] = Binding::Free;
        }
    }
    debug_assert_eq!(result.iter().map(|&x| x as i128).sum::<i128>(), seats as i128);
    Ok(Apportionment { seats: result, binding })
}

fn quantize(weights: &[f64]) -> Result<Vec<i128>, ApportionError> {
    let scale = f64::powi(2.0, SCALE_BITS);
    weights
        .iter()
        .enumerate()
        .map(|(index, &value)| {
            if value.is_finite() && (0.0..=MAX_WEIGHT).contains(&value) {
                Ok((value * scale).round() as i128)
            } else {
                Err(ApportionError::BadWeight { index, value })
            }
        })
        .collect()
}

/// A Webster signpost: unit `idx`'s seat number `k + 1`, worth `need / (2k + 1)`.
/// `Greater` means more deserving; the order is total, so the result is unique.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Seat {
    need: i128,
    k: i64,
    idx: usize,
}

impl Ord for Seat {
    fn cmp(&self, other: &Self) -> Ordering {
        let lhs = self.need * (2 * other.k as i128 + 1);
        let rhs = other.need * (2 * self.k as i128 + 1);
        lhs.cmp(&rhs)
            .then(self.need.cmp(&other.need))
            .then(other.k.cmp(&self.k))
            .then(other.idx.cmp(&self.idx))
    }
}

impl PartialOrd for Seat {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Bounded Webster: start near the answer, then add the best missing signpost, drop the worst held
/// one, or swap the two, until the held signposts are exactly the best ones. The start only saves
/// steps; the result does not depend on it.
fn webster(need: &[i128], seats: i64, lo: &[i64], hi: &[i64]) -> (Vec<i64>, Vec<Binding>) {
    let total: i128 = need.iter().sum();
    let mut a: Vec<i64> = (0..need.len())
        .map(|i| {
            let estimate = if total > 0 {
                (seats as f64 * need[i] as f64 / total as f64).round() as i64
            } else {
                0
            };
            estimate.clamp(lo[i], hi[i])
        })
        .collect();
    let mut sum: i128 = a.iter().map(|&x| x as i128).sum();
    let mut posts = Signposts::new(need, lo, hi, &a);
    let target = seats as i128;
    loop {
        if sum < target {
            let Some(s) = posts.best_add(&a) else {
                break;
            };
            a[s.idx] += 1;
            sum += 1;
            posts.push(s.idx, &a);
        } else if sum > target {
            let Some(s) = posts.worst_held(&a) else {
                break;
            };
            a[s.idx] -= 1;
            sum -= 1;
            posts.push(s.idx, &a);
        } else {
            match (posts.best_add(&a), posts.worst_held(&a)) {
                // Never the same unit: its held seat always outranks its next one.
                (Some(b), Some(w)) if b > w => {
                    a[b.idx] += 1;
                    a[w.idx] -= 1;
                    posts.push(b.idx, &a);
                    posts.push(w.idx, &a);
                }
                _ => break,
            }
        }
    }
    let binding = webster_binding(need, lo, hi, &a);
    (a, binding)
}

/// The signposts Webster may move: `add` holds each unit's next seat, `drop` its last removable
/// one. Entries go stale as seats move; they are skipped when read.
struct Signposts<'a> {
    need: &'a [i128],
    lo: &'a [i64],
    hi: &'a [i64],
    add: BinaryHeap<Seat>,
    drop: BinaryHeap<Reverse<Seat>>,
}

impl<'a> Signposts<'a> {
    fn new(need: &'a [i128], lo: &'a [i64], hi: &'a [i64], a: &[i64]) -> Self {
        let mut posts = Signposts {
            need,
            lo,
            hi,
            add: BinaryHeap::new(),
            drop: BinaryHeap::new(),
        };
        for i in 0..need.len() {
            posts.push(i, a);
        }
        posts
    }

    /// Record unit `i`'s next and last seats at its current holding `a[i]`.
    fn push(&mut self, i: usize, a: &[i64]) {
        if a[i] < self.hi[i] {
            self.add.push(Seat {
                need: self.need[i],
                k: a[i],
                idx: i,
            });
        }
        if a[i] > self.lo[i] {
            self.drop.push(Reverse(Seat {
                need: self.need[i],
                k: a[i] - 1,
                idx: i,
            }));
        }
    }

    /// The best seat some unit could still take.
    fn best_add(&mut self, a: &[i64]) -> Option<Seat> {
        while let Some(&s) = self.add.peek() {
            if s.k == a[s.idx] && a[s.idx] < self.hi[s.idx] {
                return Some(s);
            }
            self.add.pop();
        }
        None
    }

    /// The worst seat some unit holds above its lower bound.
    fn worst_held(&mut self, a: &[i64]) -> Option<Seat> {
        while let Some(&Reverse(s)) = self.drop.peek() {
            if s.k + 1 == a[s.idx] && a[s.idx] > self.lo[s.idx] {
                return Some(s);
            }
            self.drop.pop();
        }
        None
    }
}

/// Which bound bit for each unit of a Webster result `a`.
fn webster_binding(need: &[i128], lo: &[i64], hi: &[i64], a: &[i64]) -> Vec<Binding> {
    let n = need.len();
    // A bound bit when the unit holds a seat ranked below one refused to another unit (lower), or
    // is refused a seat ranked above one another unit holds, forced or not (upper).
    let held = |j: usize| {
        (a[j] > 0).then(|| Seat {
            need: need[j],
            k: a[j] - 1,
            idx: j,
        })
    };
    let next = |j: usize| {
        (a[j] < hi[j]).then(|| Seat {
            need: need[j],
            k: a[j],
            idx: j,
        })
    };
    // The two lowest held seats and the two best refused ones, from different units.
    let (mut low1, mut low2, mut top1, mut top2) = (None::<Seat>, None::<Seat>, None::<Seat>, None::<Seat>);
    for j in 0..n {
        if let Some(s) = held(j) {
            if low1.is_none_or(|x| s < x) {
                low2 = low1;
                low1 = Some(s);
            } else if low2.is_none_or(|x| s < x) {
                low2 = Some(s);
            }
        }
        if let Some(s) = next(j) {
            if top1.is_none_or(|x| s > x) {
                top2 = top1;
                top1 = Some(s);
            } else if top2.is_none_or(|x| s > x) {
                top2 = Some(s);
            }
        }
    }
    let other = |first: Option<Seat>, second: Option<Seat>, i: usize| {
        if first.is_some_and(|s| s.idx == i) {
            second
        } else {
            first
        }
    };
    (0..n)
        .map(|i| {
            let seat = |k| Seat {
                need: need[i],
                k,
                idx: i,
            };
            if a[i] == lo[i] && lo[i] > 0 && other(top1, top2, i).is_some_and(|b| seat(lo[i] - 1) < b) {
                Binding::Lower
            } else if a[i] == hi[i] && other(low1, low2, i).is_some_and(|w| seat(hi[i]) > w) {
                Binding::Upper
            } else {
                Binding::Free
            }
        })
        .collect()
}

/// Bounded Hamilton. The clamped quotas `clamp(λ·w, lo, hi)` are found by fixing, one side at a
/// time, the units whose quota falls outside their bounds: when the excess above the upper bounds
/// outweighs the shortfall below the lower ones, λ can only grow, so those above stay above (and
/// the reverse). Each round fixes at least one unit.
fn hamilton(need: &[i128], seats: i64, lo: &[i64], hi: &[i64]) -> (Vec<i64>, Vec<Binding>) {
    let n = need.len();
    let mut w = need.to_vec();
    let mut a = vec![0i64; n];
    let mut binding = vec![Binding::Free; n];
    let mut fixed = vec![false; n];
    loop {
        let free: Vec<usize> = (0..n).filter(|&i| !fixed[i]).collect();
        let left: i128 = seats as i128 - (0..n).filter(|&i| fixed[i]).map(|i| a[i] as i128).sum::<i128>();
        if free.is_empty() {
            break;
        }
        let mut d: i128 = free.iter().map(|&i| w[i]).sum();
        if d == 0 {
            // Nobody left has any weight: they share equally.
            for &i in &free {
                w[i] = 1;
            }
            d = free.len() as i128;
        }
        // Quota of unit i is left·w[i]/d; compare numerators over the common denominator d.
        let (mut short, mut excess) = (0i128, 0i128);
        let (mut below, mut above) = (Vec::new(), Vec::new());
        for &i in &free {
            let x = left * w[i];
            if x < lo[i] as i128 * d {
                short += lo[i] as i128 * d - x;
                below.push(i);
            } else if x > hi[i] as i128 * d {
                excess += x - hi[i] as i128 * d;
                above.push(i);
            }
        }
        if below.is_empty() && above.is_empty() {
            let mut rest = left;
            let mut rem = Vec::with_capacity(free.len());
            for &i in &free {
                let x = left * w[i];
                a[i] = (x / d) as i64;
                rest -= x / d;
                rem.push((x % d, w[i], i));
            }
            rem.sort_by(|p, q| q.0.cmp(&p.0).then(q.1.cmp(&p.1)).then(p.2.cmp(&q.2)));
            for &(_, _, i) in rem.iter().take(rest as usize) {
                a[i] += 1;
            }
            break;
        }
        if excess >= short && !above.is_empty() {
            for i in above {
                a[i] = hi[i];
                fixed[i] = true;
                binding[i] = Binding::Upper;
            }
        } else {
            for i in below {
                a[i] = lo[i];
                fixed[i] = true;
                binding[i] = Binding::Lower;
            }
        }
    }
    (a, binding)
}

#[cfg(test)]
mod tests {
    use super::*;

    const NONE: i64 = i64::MAX;

    fn free(method: Method, weights: &[f64], seats: i64) -> Vec<i64> {
        let n = weights.len();
        apportion(method, weights, seats, &vec![0; n], &vec![NONE; n]).unwrap()
    }

    #[test]
    fn published_small_example() {
        // Sainte-Laguë and largest remainder agree here; D'Hondt would give 6/4/0.
        let votes = [6100.0, 5000.0, 900.0];
        assert_eq!(free(Method::Webster, &votes, 10), vec![5, 4, 1]);
        assert_eq!(free(Method::Hamilton, &votes, 10), vec![5, 4, 1]);
    }

    #[test]
    fn published_sainte_lague_example() {
        let votes = [25000.0, 19000.0, 12000.0, 8000.0];
        assert_eq!(free(Method::Webster, &votes, 10), vec![4, 3, 2, 1]);
    }

    #[test]
    fn hamilton_shows_the_alabama_paradox() {
        let w = [5670.0, 3850.0, 420.0, 60.0];
        assert_eq!(free(Method::Hamilton, &w, 323), vec![183, 124, 14, 2]);
        assert_eq!(free(Method::Hamilton, &w, 324), vec![184, 125, 13, 2]);
    }

    #[test]
    fn webster_never_takes_a_seat_when_the_pool_grows() {
        let w = [5670.0, 3850.0, 420.0, 60.0];
        let mut before = free(Method::Webster, &w, 0);
        for seats in 1..=600 {
            let now = free(Method::Webster, &w, seats);
            assert_eq!(now.iter().sum::<i64>(), seats);
            for i in 0..w.len() {
                assert!(now[i] >= before[i], "unit {i} lost a seat going to {seats}");
            }
            before = now;
        }
    }

    #[test]
    fn bounds_are_respected_and_reported() {
        let w = [10.0, 1.0, 1.0];
        let a = apportion_detail(Method::Webster, &w, 12, &[0, 3, 0], &[8, NONE, NONE]).unwrap();
        assert_eq!(a.seats, vec![8, 3, 1]);
        assert_eq!(a.binding, vec![Binding::Upper, Binding::Lower, Binding::Free]);
        let h = apportion_detail(Method::Hamilton, &w, 12, &[0, 3, 0], &[8, NONE, NONE]).unwrap();
        assert_eq!(h.seats, vec![8, 3, 1]);
        assert_eq!(h.binding, vec![Binding::Upper, Binding::Lower, Binding::Free]);
    }

    #[test]
    fn ties_go_to_the_larger_weight_then_input_order() {
        // 3/3 == 1/1: the second seat goes to the larger weight.
        assert_eq!(free(Method::Webster, &[3.0, 1.0], 2), vec![2, 0]);
        assert_eq!(free(Method::Webster, &[1.0, 3.0], 2), vec![0, 2]);
        assert_eq!(free(Method::Webster, &[3.0, 1.0], 3), vec![2, 1]);
        assert_eq!(free(Method::Webster, &[1.0, 1.0, 1.0], 2), vec![1, 1, 0]);
        assert_eq!(free(Method::Hamilton, &[1.0, 1.0, 1.0], 2), vec![1, 1, 0]);
        // Remainders 0.5 and 0.5: the larger weight wins.
        assert_eq!(free(Method::Hamilton, &[1.0, 3.0], 2), vec![0, 2]);
    }

    #[test]
    fn zero_weights_share_what_bounds_leave() {
        assert_eq!(free(Method::Webster, &[0.0, 0.0, 0.0], 7), vec![3, 2, 2]);
        assert_eq!(free(Method::Hamilton, &[0.0, 0.0, 0.0], 7), vec![3, 2, 2]);
        let w = [5.0, 0.0, 0.0];
        for m in [Method::Webster, Method::Hamilton] {
            assert_eq!(
                apportion(m, &w, 10, &[0, 0, 0], &[2, NONE, NONE]).unwrap(),
                vec![2, 4, 4]
            );
        }
        assert_eq!(free(Method::Webster, &[], 0), Vec::<i64>::new());
    }

    #[test]
    fn large_pools_are_fast_and_exact() {
        let w: Vec<f64> = (1..=3000).map(|i| (i % 97) as f64 + 0.25).collect();
        let seats = 1_000_000_000;
        for m in [Method::Webster, Method::Hamilton] {
            let a = free(m, &w, seats);
            assert_eq!(a.iter().sum::<i64>(), seats);
        }
    }

    #[test]
    fn bad_inputs_are_named() {
        let e = apportion(Method::Webster, &[1.0, f64::NAN], 3, &[0, 0], &[NONE, NONE]).unwrap_err();
        assert!(matches!(e, ApportionError::BadWeight { index: 1, .. }));
        let e = apportion(Method::Webster, &[1.0, 1.0], 3, &[2, 2], &[NONE, NONE]).unwrap_err();
        assert_eq!(
            e.to_string(),
            "the lower bounds add up to 4, 1 more than the 3 seats to share"
        );
        let e = apportion(Method::Hamilton, &[1.0, 1.0], 5, &[0, 0], &[2, 2]).unwrap_err();
        assert_eq!(
            e.to_string(),
            "the upper bounds add up to 4, 1 fewer than the 5 seats to share"
        );
        assert!(apportion(Method::Webster, &[1.0], -1, &[0], &[NONE]).is_err());
        assert!(apportion(Method::Webster, &[1.0], 1, &[0, 0], &[NONE]).is_err());
        assert!(apportion(Method::Webster, &[1.0], 1, &[2], &[1]).is_err());
    }
}
