//! Markdown status tables (`--table FILE`): a table that parses holds codes 100-999, sorted
//! and unique.
#![no_main]

use libfuzzer_sys::fuzz_target;
use resp::docs::{Format, Table};

fuzz_target!(|text: &str| {
    if let Ok(table) = Table::parse(text, "fuzz", Format::Markdown) {
        let codes: Vec<u16> = table.entries().iter().map(|e| e.code).collect();
        assert!(codes.iter().all(|c| (100..=999).contains(c)));
        assert!(codes.windows(2).all(|w| w[0] < w[1]));
    }
});
