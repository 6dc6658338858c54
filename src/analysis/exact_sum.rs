//! A sum of many hours, compensated for rounding (Neumaier's method): a person whose tasks add
//! up to exactly a limit in decimals sums to the limit, not to a hair above it, whatever the
//! order of the rows. Thresholds compare these sums, so the last digit decides a flag.

/// A running sum and the rounding it has lost so far.
#[derive(Clone, Copy, Default, Debug)]
pub(super) struct ExactSum {
    sum: f64,
    lost: f64,
}

impl ExactSum {
    /// Adds `x`, keeping what the addition rounded off. The rounding error of one addition
    /// is a number of its own, found exactly by Knuth's two-sum without asking which operand
    /// is larger: the same sum as Neumaier's branch (the same bits while it is finite), with
    /// no branch to mispredict on a million rows.
    #[inline]
    pub fn add(&mut self, x: f64) {
        let t = self.sum + x;
        let x_part = t - self.sum;
        let sum_part = t - x_part;
        self.lost += (self.sum - sum_part) + (x - x_part);
        self.sum = t;
    }

    pub fn value(self) -> f64 {
        self.sum + self.lost
    }
}

impl std::iter::Sum<f64> for ExactSum {
    fn sum<I: Iterator<Item = f64>>(iter: I) -> Self {
        let mut s = ExactSum::default();
        iter.for_each(|x| s.add(x));
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_that_add_up_to_a_limit_reach_it_exactly() {
        // A person's tasks in a year of 248 office days: 2208 h in decimals. Added in row
        // order without compensation they make 2208.0000000000005, over a limit of 2208.
        let od = 248.0;
        let hours = [
            3.0 * 1.5 * od / 5.0,
            2.0 * 10.0 * 12.0,
            3.0 * 0.4 * od,
            5.0 * od / 5.0,
            4.0 * 20.0 * 4.0,
            6.5 * od / 5.0,
            2.0 * 11.5 * 12.0,
            2.0 * od / 5.0,
            2.0 * 5.5 * 12.0,
            2.0 * 0.5 * od / 5.0,
        ];
        assert_ne!(hours.iter().fold(0.0, |s, h| s + h), 2208.0);
        assert_eq!(hours.into_iter().sum::<ExactSum>().value(), 2208.0);
    }

    /// Neumaier's step, the reference: the branchless step must give its bits.
    fn neumaier(sum: &mut ExactSum, x: f64) {
        let t = sum.sum + x;
        sum.lost += if sum.sum.abs() >= x.abs() {
            (sum.sum - t) + x
        } else {
            (x - t) + sum.sum
        };
        sum.sum = t;
    }

    #[test]
    fn the_branchless_step_keeps_the_bits_of_neumaiers() {
        // Values over many magnitudes, signs and zeros, from a fixed linear congruence.
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = || {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            let mantissa = (seed >> 11) as f64 / (1u64 << 53) as f64;
            let exponent = ((seed >> 3) % 40) as i32 - 20;
            let sign = if seed & 1 == 0 { 1.0 } else { -1.0 };
            if seed.is_multiple_of(97) {
                0.0
            } else {
                sign * mantissa * 2f64.powi(exponent)
            }
        };
        for _ in 0..200 {
            let (mut fast, mut reference) = (ExactSum::default(), ExactSum::default());
            for _ in 0..500 {
                let x = next();
                fast.add(x);
                neumaier(&mut reference, x);
                assert_eq!(fast.sum.to_bits(), reference.sum.to_bits());
                assert_eq!(fast.lost.to_bits(), reference.lost.to_bits());
            }
        }
    }

    #[test]
    fn past_finite_numbers_the_branchless_step_gives_neumaiers_value() {
        // Signed zeros keep the bits; an overflow, an infinity or a NaN leaves `lost` apart
        // (infinite against NaN) but the value the same.
        let specials = [-0.0, 0.0, f64::MAX, f64::MAX, -f64::MAX, f64::INFINITY, f64::NAN, 1.0];
        for start in 0..specials.len() {
            let (mut fast, mut reference) = (ExactSum::default(), ExactSum::default());
            for &x in &specials[start..] {
                fast.add(x);
                neumaier(&mut reference, x);
                let (a, b) = (fast.value(), reference.value());
                assert!(
                    a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan()),
                    "{a} against {b}"
                );
            }
        }
        let mut zeros = ExactSum::default();
        zeros.add(-0.0);
        zeros.add(-0.0);
        assert_eq!(zeros.value().to_bits(), 0.0f64.to_bits());
    }
}
