//! Any bytes named as a csv file: the reader answers with a table or a finding, never panics.
#![no_main]

use libfuzzer_sys::fuzz_target;
use satlas::ingest::{LoadOptions, TableKind, load_bytes};

fuzz_target!(|data: &[u8]| {
    for kind in [TableKind::Staffing, TableKind::Survey, TableKind::Roster] {
        let _ = load_bytes(data.to_vec(), "fuzz.csv", kind, &LoadOptions::default());
    }
});
