//! TAP version 13: `TAP version 13`, the plan `1..N`, then one test line per request in
//! file order (`ok N - NAME (FILE:LINE)`, `not ok N - …`; a request skipped or
//! not run is `ok N - … # SKIP why`), a failing one followed by a YAML block (`---` … `...`,
//! indented two spaces) with its message, severity and the facts: status, meaning,
//! error, exit code.
//!
//! Guarantees: every test line is one line; a `#` in a description is written `\#`, so
//! it cannot start a directive; YAML values are double-quoted scalars (JSON strings,
//! which YAML reads as they are), so no value can end the block or change its shape.

use std::io::{self, Write};

use super::super::run::Line;
use super::{Kind, details, headline, title};

/// Writes the report for `lines`.
pub fn write(out: &mut dyn Write, lines: &[Line]) -> io::Result<()> {
    writeln!(out, "TAP version 13")?;
    writeln!(out, "1..{}", lines.len())?;
    for (i, line) in lines.iter().enumerate() {
        let n = i + 1;
        let description = description(&title(line));
        match Kind::of(line) {
            Kind::Passed => writeln!(out, "ok {n} - {description}")?,
            Kind::Skipped => writeln!(
                out,
                "ok {n} - {description} # SKIP {}",
                description_text(&headline(line))
            )?,
            Kind::Failed | Kind::Error => {
                writeln!(out, "not ok {n} - {description}")?;
                writeln!(out, "  ---")?;
                writeln!(out, "  message: {}", quoted(&headline(line)))?;
                writeln!(out, "  severity: fail")?;
                writeln!(out, "  data:")?;
                for (name, value) in details(line) {
                    writeln!(out, "    {}: {}", name.replace(' ', "_"), quoted(&value))?;
                }
                writeln!(out, "  ...")?;
            }
        }
    }
    Ok(())
}

/// A description on a test line: `#` escaped, so it starts no directive.
fn description(s: &str) -> String {
    description_text(s).replace('#', "\\#")
}

/// One line of text: line breaks (already escaped upstream) can never split a test line.
fn description_text(s: &str) -> String {
    s.replace(['\r', '\n'], " ")
}

/// A YAML double-quoted scalar.
fn quoted(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_string())
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::line;
    use super::*;
    use crate::render::run::Outcome;

    #[test]
    fn plan_lines_and_yaml_blocks() {
        let lines = vec![
            line("a #1", Outcome::Ran, Some((200, "OK"))),
            line("b", Outcome::Ran, Some((404, "Not Found"))),
            line("c", Outcome::NotRun, None),
        ];
        let mut out = Vec::new();
        write(&mut out, &lines).unwrap();
        let tap = String::from_utf8(out).unwrap();
        let expected = "TAP version 13\n1..3\nok 1 - a \\#1 (api.http:7)\nnot ok 2 - b (api.http:7)\n  ---\n  message: \"404 Not Found: what it means — it & <went> \\\"wrong\\\"\"\n  severity: fail\n  data:\n    request: \"GET http://127.0.0.1/x\"\n    status: \"404 Not Found\"\n    meaning: \"what it means\"\n    verdict: \"client error\"\n    error: \"it & <went> \\\"wrong\\\"\"\n    exit_code: \"4\"\n  ...\nok 3 - c (api.http:7) # SKIP client error — it & <went> \"wrong\"\n";
        assert_eq!(tap, expected);
    }
}
