//! The summary that ends `resp send URL URL…`: how many responses passed and failed, in
//! how long, and the exit code the worst one gives; as a line (green when all passed) or
//! one `summary` JSON record. Only numbers: nothing here comes from a server.

use std::io::{self, Write};
use std::time::Duration;

use colored::Colorize;
use serde::Serialize;

use crate::exit::Exit;

/// The URLs sent, by the exit code each ended with.
pub struct Tally<'a> {
    pub exits: &'a [Exit],
    pub elapsed: Duration,
    /// The worst code: what the process exits with.
    pub exit: Exit,
}

impl Tally<'_> {
    fn passed(&self) -> usize {
        self.exits.iter().filter(|&&e| e == Exit::Success).count()
    }
}

/// `3 URLs in 1.2 s: 2 passed, 1 failed (exit 5)`.
pub fn line(out: &mut dyn Write, tally: &Tally) -> io::Result<()> {
    let passed = tally.passed();
    let failed = tally.exits.len() - passed;
    let mut text = format!(
        "{} URLs in {}: {passed} passed",
        tally.exits.len(),
        super::attempt::duration(tally.elapsed)
    );
    if failed > 0 {
        text.push_str(&format!(", {failed} failed (exit {})", tally.exit.code()));
    }
    let text = if tally.exit == Exit::Success {
        text.green()
    } else {
        text.red()
    };
    writeln!(out, "{text}")
}

#[derive(Serialize)]
struct JsonTally {
    #[serde(rename = "type")]
    kind: &'static str,
    requests: usize,
    passed: usize,
    failed: usize,
    exit_code: u8,
    elapsed_ms: u128,
}

/// The `summary` record: `{"type":"summary","requests":3,"passed":2,"failed":1,…}`.
pub fn json(out: &mut dyn Write, tally: &Tally) -> io::Result<()> {
    let passed = tally.passed();
    let record = JsonTally {
        kind: "summary",
        requests: tally.exits.len(),
        passed,
        failed: tally.exits.len() - passed,
        exit_code: tally.exit.code(),
        elapsed_ms: tally.elapsed.as_millis(),
    };
    let mut text = serde_json::to_vec(&record)?;
    text.push(b'\n');
    out.write_all(&text)
}
