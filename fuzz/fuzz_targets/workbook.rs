//! Bytes as a workbook: the zip or OLE container is what the reader sniffs, so inputs are
//! steered there by starting them with a zip or OLE signature when the fuzzer has not.
#![no_main]

use libfuzzer_sys::fuzz_target;
use satlas::ingest::{LoadOptions, TableKind, load_bytes};

const ZIP: &[u8] = b"PK\x03\x04";
const OLE: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

fuzz_target!(|data: &[u8]| {
    let bytes = if data.starts_with(ZIP) || data.starts_with(OLE) {
        data.to_vec()
    } else if data.first().is_some_and(|b| b % 2 == 0) {
        [ZIP, data].concat()
    } else {
        [OLE, data].concat()
    };
    let _ = load_bytes(bytes, "fuzz.xlsx", TableKind::Staffing, &LoadOptions::default());
});
