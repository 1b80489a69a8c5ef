//! Raw HTTP (`curl -i`): any bytes are read or refused, never a panic, and what is read
//! keeps to the caps.
#![no_main]

use libfuzzer_sys::fuzz_target;
use resp::source::{MAX_BODY, MAX_HEADERS, MAX_HOPS, http};

fuzz_target!(|data: &[u8]| {
    if let Ok(r) = http::parse(data, "fuzz") {
        assert!(r.body.len() <= MAX_BODY);
        assert!(r.headers.len() <= MAX_HEADERS);
        assert!(r.hops.len() <= MAX_HOPS);
    }
});
