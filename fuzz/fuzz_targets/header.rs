//! Header detection on any grid of text cells (rows split on newlines, cells on tabs): it
//! returns a header within the grid or none, never panics.
#![no_main]

use libfuzzer_sys::fuzz_target;
use satlas::ingest::grid::Grid;
use satlas::ingest::header;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let records: Vec<csv::StringRecord> = text
        .split('\n')
        .take(200)
        .map(|line| csv::StringRecord::from(line.split('\t').take(64).collect::<Vec<_>>()))
        .collect();
    let grid = Grid::from_records(records);
    if let Some(h) = header::detect(&grid) {
        assert!(h.first_row <= h.last_row && h.last_row < grid.height());
        assert!(h.names.len() <= grid.width());
    }
});
