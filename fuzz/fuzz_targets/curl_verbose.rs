//! `curl -v` transcripts: any bytes are read or refused, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use resp::source::{MAX_BODY, curl_verbose};

fuzz_target!(|data: &[u8]| {
    if let Ok(r) = curl_verbose::parse(data, "fuzz") {
        assert!(r.body.len() <= MAX_BODY);
    }
});
