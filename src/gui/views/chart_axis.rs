//! The marks on a chart's number axis: round steps (1, 2 or 5 times a power of ten) and their
//! numbers with thousands grouped, as the exported pictures have them. egui_plot's spacers step
//! by powers of one base, so a base that reads 0.2 on a saturation axis reads 15625 on hours.

use egui_plot::{GridInput, GridMark};

/// Grid lines at round steps; `whole` keeps steps of at least 1 (counts of posts).
pub fn round_steps(whole: bool) -> impl Fn(GridInput) -> Vec<GridMark> {
    let spacer = egui_plot::uniform_grid_spacer(move |input: GridInput| {
        let least = if whole {
            input.base_step_size.max(1.0)
        } else {
            input.base_step_size
        };
        let finest = round_step_at_least(least);
        let middle = coarser(finest);
        [finest, middle, coarser(middle)]
    });
    // A plot with no extent, or an endless one, gets no marks (not a mark at every unit).
    move |input: GridInput| {
        let usable = input.base_step_size.is_finite() && input.base_step_size > 0.0;
        if usable { spacer(input) } else { Vec::new() }
    }
}

/// A mark at each category in view, once a category is wide enough to be named (egui_plot
/// then leaves out the names that do not fit); none before. A coarser step would leave every
/// tenth name out, and a mark for each of thousands of units would be made on every frame.
pub fn category_marks(input: GridInput) -> Vec<GridMark> {
    let (low, high) = input.bounds;
    if !(input.base_step_size <= 1.0 && low.is_finite() && high.is_finite()) {
        return Vec::new();
    }
    let first = low.ceil().max(0.0) as i64;
    (first..=high.floor() as i64)
        .map(|i| GridMark {
            value: i as f64,
            step_size: 1.0,
        })
        .collect()
}

/// The smallest of 1, 2 and 5 times a power of ten that is at least `step` (positive).
fn round_step_at_least(step: f64) -> f64 {
    let power = 10f64.powf(step.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * power)
        .find(|s| *s >= step * (1.0 - 1e-9))
        .unwrap_or(10.0 * power)
}

/// The next round step that is a whole multiple of `step`: 1 → 2 → 10, 5 → 10.
fn coarser(step: f64) -> f64 {
    let mantissa = step / 10f64.powf(step.log10().floor());
    if (mantissa - 2.0).abs() < 1e-6 {
        step * 5.0
    } else {
        step * 2.0
    }
}

/// A mark's number: thousands grouped, as many decimals as its step needs; none between whole
/// numbers when `whole`.
pub fn number(mark: GridMark, whole: bool) -> String {
    if whole && (mark.value - mark.value.round()).abs() > 1e-6 {
        return String::new();
    }
    let decimals = if mark.step_size >= 1.0 {
        0
    } else {
        (-mark.step_size.log10()).ceil().clamp(0.0, 15.0) as usize
    };
    // -0 reads as 0.
    let value = if mark.value.abs() < mark.step_size * 1e-6 {
        0.0
    } else {
        mark.value
    };
    crate::charts::fmt_num(Some(value), decimals)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mark(value: f64, step_size: f64) -> GridMark {
        GridMark { value, step_size }
    }

    #[test]
    fn steps_are_one_two_or_five_times_a_power_of_ten() {
        assert_eq!(round_step_at_least(1234.0), 2000.0);
        assert_eq!(round_step_at_least(0.13), 0.2);
        assert_eq!(round_step_at_least(0.05), 0.05);
        assert_eq!(round_step_at_least(6.0), 10.0);
        assert_eq!(coarser(2000.0), 10000.0);
        assert_eq!(coarser(0.5), 1.0);
        assert_eq!(coarser(1.0), 2.0);
        let marks = round_steps(false);
        for step in [0.0, f64::NAN, f64::INFINITY] {
            let input = GridInput {
                bounds: (0.0, 1.0),
                base_step_size: step,
            };
            assert!(marks(input).is_empty(), "{step}");
        }
    }

    #[test]
    fn categories_are_marked_one_each_once_wide_enough() {
        let at = |bounds, base_step_size| category_marks(GridInput { bounds, base_step_size });
        let values: Vec<f64> = at((-0.5, 3.5), 0.2).iter().map(|m| m.value).collect();
        assert_eq!(values, [0.0, 1.0, 2.0, 3.0]);
        assert!(at((-0.5, 2999.5), 30.0).is_empty(), "3,000 units on one screen");
    }

    #[test]
    fn marks_read_as_round_grouped_numbers() {
        assert_eq!(number(mark(120000.0, 20000.0), false), "120,000");
        assert_eq!(number(mark(0.8, 0.2), false), "0.8");
        assert_eq!(number(mark(1.0, 0.2), false), "1");
        assert_eq!(number(mark(-1e-17, 0.2), false), "0");
        assert_eq!(number(mark(0.5, 0.5), true), "");
        assert_eq!(number(mark(-3.0, 1.0), true), "-3");
    }
}
