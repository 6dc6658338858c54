//! The WISN allowances of one staff category: the share of working time that support
//! activities everyone does take (category allowances), and the hours a year that some staff
//! spend on work of their own (individual allowances).

use serde::{Deserialize, Serialize};

/// A support activity everyone in the category does, as a percentage of working time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CategoryAllowance {
    pub activity: String,
    pub percent: f64,
}

/// Work only some staff do: hours a year per person, and how many people.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndividualAllowance {
    pub activity: String,
    pub hours_per_person: f64,
    pub persons: f64,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct WisnAllowances {
    pub category: Vec<CategoryAllowance>,
    pub individual: Vec<IndividualAllowance>,
}

impl WisnAllowances {
    /// CAF = 1 / (1 − Σ percent / 100); None when the percentages reach 100 or more (no time
    /// would be left for the work itself) or one is not a number.
    pub fn caf(&self) -> Option<f64> {
        let total: f64 = self.category.iter().map(|a| a.percent).sum();
        (total.is_finite() && (0.0..100.0).contains(&total)).then(|| 1.0 / (1.0 - total / 100.0))
    }

    /// IAF = Σ hours per person × persons / AWT, in staff; None without working time.
    pub fn iaf(&self, awt: f64) -> Option<f64> {
        let hours: f64 = self.individual.iter().map(|a| a.hours_per_person * a.persons).sum();
        (awt > 0.0 && hours.is_finite() && hours >= 0.0).then(|| hours / awt)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caf_and_iaf_of_the_wisn_manual() {
        let a = WisnAllowances {
            category: vec![
                CategoryAllowance {
                    activity: "meetings".into(),
                    percent: 10.0,
                },
                CategoryAllowance {
                    activity: "training".into(),
                    percent: 7.5,
                },
            ],
            individual: vec![IndividualAllowance {
                activity: "supervision".into(),
                hours_per_person: 250.0,
                persons: 1.0,
            }],
        };
        assert!((a.caf().unwrap() - 1.212121).abs() < 1e-6);
        assert!((a.iaf(1840.0).unwrap() - 0.135870).abs() < 1e-6);
        assert_eq!(WisnAllowances::default().caf(), Some(1.0));
        let full = WisnAllowances {
            category: vec![CategoryAllowance {
                activity: "x".into(),
                percent: 100.0,
            }],
            ..Default::default()
        };
        assert_eq!(full.caf(), None);
    }
}
