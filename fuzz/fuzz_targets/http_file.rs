//! `.http` request files: any text is read into requests or refused with a line inside
//! the file, never a panic; every request read has a method and a URL, and lines in order.
#![no_main]

use libfuzzer_sys::fuzz_target;
use resp::run::http_file;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let lines = text.split('\n').count();
    match http_file::parse(text) {
        Ok(file) => {
            let mut last = 0;
            for r in &file.requests {
                assert!(!r.method.is_empty() && !r.url.is_empty());
                assert!(r.line > last && r.line <= lines);
                assert!(r.vars_before <= file.vars.len());
                last = r.line;
            }
            assert!(file.requests.len() <= http_file::MAX_REQUESTS);
        }
        Err(e) => assert!(e.line <= lines + 1, "{e:?}"),
    }
});
