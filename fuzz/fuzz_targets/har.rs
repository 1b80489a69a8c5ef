//! HAR files, streamed: every entry is handed over in order, or the file is refused.
#![no_main]

use libfuzzer_sys::fuzz_target;
use resp::source::har;

fuzz_target!(|data: &[u8]| {
    let mut seen = 0usize;
    let count = har::stream(data, "fuzz.har", None, true, &mut |r| {
        seen += 1;
        assert_eq!(r.source, format!("fuzz.har#{seen}"));
        assert!(r.failure.is_some() || r.status > 0);
        Ok(())
    });
    if let Ok(count) = count {
        assert_eq!(count, seen);
    }
});
