//! The district every bench runs on: 3,000 units of 33 people with 10 tasks each (about
//! 100,000 people and 1,000,000 survey rows), or SATLAS_BENCH_UNITS units.

use satlas::generate::SyntheticSpec;

/// How many units the bench generates: SATLAS_BENCH_UNITS, else 3,000.
pub fn units() -> usize {
    std::env::var("SATLAS_BENCH_UNITS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3000)
}

/// The district of `units` units, the same at every run.
pub fn spec(units: usize) -> SyntheticSpec {
    SyntheticSpec {
        units,
        people_per_unit: 33,
        tasks_per_person: 10,
        seed: 7,
    }
}

/// A folder of its own for the generated files, named with Chinese characters and a space as
/// offices name theirs; removed when dropped.
pub fn folder(what: &str) -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix(&format!("satlas {what} 基准"))
        .tempdir()
        .expect("temp dir")
}
