//! OpenAPI and Swagger descriptions (`--table FILE`), in JSON or YAML (the first byte
//! picks: even JSON, odd YAML): a description that reads answers lookups without
//! panicking, and a status's answer comes from the operation's own responses.
#![no_main]

use libfuzzer_sys::fuzz_target;
use resp::docs::openapi::{Description, Syntax};

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let syntax = if pick % 2 == 0 { Syntax::Json } else { Syntax::Yaml };
    if let Ok(d) = Description::parse(text, syntax, "fuzz") {
        for url in ["/", "/a/b", "http://h/v1/x%2Fy/z?q", "/é/{id}"] {
            if let Ok(op) = d.find("GET", url) {
                for status in [200, 404, 599] {
                    if let Some(r) = op.status(status).response() {
                        assert!(op.responses.iter().any(|o| std::sync::Arc::ptr_eq(o, r)));
                    }
                }
            }
        }
    }
});
