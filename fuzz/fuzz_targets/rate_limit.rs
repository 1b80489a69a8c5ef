//! Rate-limit headers: the input is header lines (`name: value`); the first 8 bytes, when
//! there are that many, are the response's `Date` as epoch seconds. Never a panic, in
//! reading or in describing.
#![no_main]

use libfuzzer_sys::fuzz_target;
use resp::inspect::{describe, rate_limit};

fuzz_target!(|data: &[u8]| {
    let (date, rest) = match data.split_first_chunk::<8>() {
        Some((date, rest)) => (Some(i64::from_le_bytes(*date)), rest),
        None => (None, data),
    };
    let text = String::from_utf8_lossy(rest);
    let headers: Vec<(String, String)> = text
        .lines()
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        .collect();
    if let Some(rl) = rate_limit(&headers, date) {
        let _ = describe(&rl, date);
    }
});
