//! Queries over a district's units, quota types and departments: a few thousand rows (tens of
//! thousands for a province), where planning a query's optimisations took longer than running
//! it. Every parameter edit runs a dozen of these.

use polars::prelude::*;

/// A query over `frame` run as written, without the optimiser (the type coercion, which the
/// results depend on, still runs).
pub(super) trait SmallLazy {
    fn small_lazy(self) -> LazyFrame;
}

impl SmallLazy for DataFrame {
    fn small_lazy(self) -> LazyFrame {
        self.lazy().without_optimizations()
    }
}
