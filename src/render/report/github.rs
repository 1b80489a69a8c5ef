//! GitHub Actions: one workflow command per request that did not pass, `::error
//! file=FILE,line=N,title=NAME::message` (a request skipped or not run is a
//! `::warning`), which the runner turns into annotations on the file's line; and a Markdown table of every
//! request, for the step summary (`$GITHUB_STEP_SUMMARY`, appended by the caller).
//!
//! Guarantees: each command is one line: in the message `%`, CR and LF are written
//! `%25`, `%0D`, `%0A` as the workflow commands require, and in the properties `:` and
//! `,` too (`%3A`, `%2C`). Table cells escape Markdown's `|`, `\`, emphasis, links, code
//! and HTML, so a name or a message cannot break out of its cell or add markup.

use std::io::{self, Write};
use std::time::Duration;

use super::super::run::Line;
use super::{Kind, headline};

/// Writes an annotation for every request that did not pass.
pub fn annotations(out: &mut dyn Write, lines: &[Line]) -> io::Result<()> {
    for line in lines {
        let level = match Kind::of(line) {
            Kind::Passed => continue,
            Kind::Skipped => "warning",
            Kind::Failed | Kind::Error => "error",
        };
        writeln!(
            out,
            "::{level} file={},line={},title={}::{}",
            property(&line.file),
            line.line,
            property(&format!("{} {}", line.method, line.name)),
            data(&format!("{} {}: {}", line.method, line.url, headline(line)))
        )?;
    }
    Ok(())
}

/// Writes the Markdown summary: a heading with the counts (as the count line under the
/// table says them), then a table of every request.
pub fn summary(out: &mut dyn Write, lines: &[Line], elapsed: Duration) -> io::Result<()> {
    writeln!(
        out,
        "### resp run: {} in {}: {}\n",
        crate::render::response::plural(lines.len(), "request", "requests"),
        crate::render::attempt::duration(elapsed),
        super::super::run::counts(lines).join(", ")
    )?;
    writeln!(out, "| Request | Method | URL | Status | Time | Verdict |")?;
    writeln!(out, "|---|---|---|---|---|---|")?;
    for line in lines {
        let verdict = match &line.message {
            Some(m) => format!("{}: {m}", line.verdict),
            None => line.verdict.clone(),
        };
        let mark = if line.failing { "❌" } else { "✅" };
        writeln!(
            out,
            "| {} | {} | {} | {} | {} | {mark} {} |",
            cell(&format!("{} ({}:{})", line.name, line.file, line.line)),
            cell(&line.method),
            cell(&line.url),
            cell(&line.status),
            line.time
                .map(crate::render::wire::duration)
                .unwrap_or_default(),
            cell(&verdict)
        )?;
    }
    writeln!(out)
}

/// A workflow command's message.
fn data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A workflow command's property value.
fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

/// A Markdown table cell's text: one line, nothing read as markup.
fn cell(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\r' | '\n' => out.push(' '),
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '|' | '\\' | '`' | '*' | '_' | '[' | ']' | '~' | '#' | '!' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::line;
    use super::*;
    use crate::render::run::Outcome;

    #[test]
    fn workflow_commands_escape_as_the_runner_reads_them() {
        assert_eq!(data("50% a\r\nb"), "50%25 a%0D%0Ab");
        assert_eq!(property("a:b,c%"), "a%3Ab%2Cc%25");
        let mut l = line("x,y", Outcome::Ran, Some((404, "Not Found")));
        l.message = Some("100%\nbad".to_string());
        let mut out = Vec::new();
        annotations(&mut out, &[l, line("ok", Outcome::Ran, Some((200, "OK")))]).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "::error file=api.http,line=7,title=GET x%2Cy::GET http://127.0.0.1/x: 404 Not Found: what it means — 100%25%0Abad\n"
        );
    }

    #[test]
    fn cells_cannot_break_the_table() {
        assert_eq!(cell("a|b\n<i>`c`"), "a\\|b &lt;i&gt;\\`c\\`");
    }
}
