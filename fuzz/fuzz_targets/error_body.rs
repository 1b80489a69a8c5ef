//! Response bodies: the first byte picks a content type, the rest is the body. Never a
//! panic; an API error keeps at most MAX_DETAILS details.
#![no_main]

use libfuzzer_sys::fuzz_target;
use resp::inspect::error_body::MAX_DETAILS;
use resp::inspect::{BodyKind, inspect_body};

const TYPES: [Option<&str>; 6] = [
    None,
    Some("application/json"),
    Some("application/problem+json"),
    Some("text/html; charset=utf-8"),
    Some("text/plain"),
    Some("application/octet-stream"),
];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, body)) = data.split_first() else {
        return;
    };
    let content_type = TYPES[usize::from(pick) % TYPES.len()];
    if let BodyKind::Json { error: Some(e), .. } = inspect_body(body, content_type) {
        assert!(e.details.len() <= MAX_DETAILS);
    }
});
