//! The parameter edits the frames and edits benches make, one of each kind.

use satlas::Params;

/// A change of one parameter.
pub type Edit = fn(&mut Params);

/// The edits the benches make: the plan's rules (the analysis stands), those that read the
/// survey's aggregates (bands, flags, allowances), and the calendar's: the working time from
/// each person's and each unit's sums (no row is read without a cap or a calibration), the
/// working days from the rows again.
pub const EDITS: [(&str, Edit); 8] = [
    ("plan rule: max loss 25%", |p| p.plan.max_loss_share = 0.25),
    ("plan rule: Hamilton", |p| {
        p.plan.method = satlas::model::plan::Method::Hamilton
    }),
    ("band threshold: 1.15", |p| p.bands.balanced_up_to = 1.15),
    ("band threshold: under-loaded 0.75", |p| p.bands.under_below = 0.75),
    ("flag: idle vacancy rate 30%", |p| p.flags.idle_vacancy_rate = 0.3),
    ("allowances: category 20%", |p| p.allowances.category_share = 0.2),
    ("working time: 7 h a day", |p| p.calendar.hours_per_day = 7.0),
    ("working days: 250", |p| p.calendar.working_days = 250.0),
];
