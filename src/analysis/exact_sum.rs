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
    #[inline]
    pub fn add(&mut self, x: f64) {
        let t = self.sum + x;
        self.lost += if self.sum.abs() >= x.abs() {
            (self.sum - t) + x
        } else {
            (x - t) + self.sum
        };
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
}
