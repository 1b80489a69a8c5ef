//! JUnit XML, as GitLab and Jenkins read it: `<testsuites>` with `tests`, `failures`,
//! `errors`, `skipped` and `time`; one `<testsuite>` per request file, in order; one
//! `<testcase>` per request, named `NAME (FILE:LINE)` with its file and line; a failing
//! response's `<failure>` carries the status, its documented meaning and the error
//! message; no response, or a request that could not be sent, is an `<error>`; a request
//! skipped or not run is `<skipped>`. Times are
//! the run's one clock: `testsuites` has the run's wall time, each `testsuite` the wall
//! time its requests took (first start to last end, never more than the run's), each
//! `testcase` its exchange's.
//!
//! Guarantees: well-formed XML 1.0 whatever the text: `& < > " '` escaped everywhere,
//! line breaks and tabs in attributes written as character references, and characters
//! XML 1.0 forbids (C0 controls other than tab, LF and CR; U+FFFE, U+FFFF) dropped.

use std::io::{self, Write};
use std::time::Duration;

use super::super::run::Line;
use super::{Kind, details, headline, seconds, title};

/// Writes the report for `lines` (the run took `elapsed`).
pub fn write(out: &mut dyn Write, lines: &[Line], elapsed: Duration) -> io::Result<()> {
    let counts = Counts::of(lines);
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<testsuites name="resp run" {} time="{}">"#,
        counts.attributes(),
        seconds(elapsed.as_secs_f64() * 1000.0)
    )?;
    let total_ms = elapsed.as_secs_f64() * 1000.0;
    for suite in lines.chunk_by(|a, b| a.file == b.file) {
        let Some(first) = suite.first() else { continue };
        writeln!(
            out,
            r#"  <testsuite name="{}" {} time="{}">"#,
            attribute(&first.file),
            Counts::of(suite).attributes(),
            seconds(wall_ms(suite, total_ms))
        )?;
        for line in suite {
            testcase(out, line)?;
        }
        writeln!(out, "  </testsuite>")?;
    }
    writeln!(out, "</testsuites>")
}

/// The wall time a suite's requests took: from the first one's start to the last one's
/// end, on the run's clock, so never more than the run's `total_ms` (requests that ran
/// together count once). Without their ends, their times added up, at most the run's.
fn wall_ms(suite: &[Line], total_ms: f64) -> f64 {
    let spans: Vec<(f64, f64)> = suite
        .iter()
        .filter_map(|l| {
            let end = l.ended_ms?;
            Some(((end - l.time.unwrap_or(0.0)).max(0.0), end))
        })
        .collect();
    let ms = if spans.is_empty() {
        suite.iter().filter_map(|l| l.time).sum()
    } else {
        let start = spans.iter().map(|s| s.0).fold(f64::INFINITY, f64::min);
        let end = spans.iter().map(|s| s.1).fold(0.0, f64::max);
        end - start
    };
    ms.clamp(0.0, total_ms)
}

fn testcase(out: &mut dyn Write, line: &Line) -> io::Result<()> {
    write!(
        out,
        r#"    <testcase name="{}" classname="{}" file="{}" line="{}" time="{}""#,
        attribute(&title(line)),
        attribute(&line.file),
        attribute(&line.file),
        line.line,
        seconds(line.time.unwrap_or(0.0))
    )?;
    let element = match Kind::of(line) {
        Kind::Passed => return writeln!(out, "/>"),
        Kind::Skipped => {
            writeln!(out, ">")?;
            writeln!(
                out,
                r#"      <skipped message="{}"/>"#,
                attribute(&headline(line))
            )?;
            return writeln!(out, "    </testcase>");
        }
        Kind::Failed => "failure",
        Kind::Error => "error",
    };
    writeln!(out, ">")?;
    let body: String = details(line)
        .iter()
        .map(|(name, value)| format!("{name}: {value}\n"))
        .collect();
    writeln!(
        out,
        r#"      <{element} message="{}" type="{}">{}</{element}>"#,
        attribute(&headline(line)),
        attribute(&line.verdict),
        text(&body)
    )?;
    writeln!(out, "    </testcase>")
}

/// The counts a `testsuites` or `testsuite` carries.
struct Counts {
    tests: usize,
    failures: usize,
    errors: usize,
    skipped: usize,
}

impl Counts {
    fn of(lines: &[Line]) -> Counts {
        let count = |kind| lines.iter().filter(|l| Kind::of(l) == kind).count();
        Counts {
            tests: lines.len(),
            failures: count(Kind::Failed),
            errors: count(Kind::Error),
            skipped: count(Kind::Skipped),
        }
    }

    fn attributes(&self) -> String {
        format!(
            r#"tests="{}" failures="{}" errors="{}" skipped="{}""#,
            self.tests, self.failures, self.errors, self.skipped
        )
    }
}

/// A character XML 1.0 allows.
fn allowed(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}')
        || c >= '\u{10000}'
}

/// Text content: markup escaped, forbidden characters dropped.
fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().filter(|&c| allowed(c)) {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            // A lone CR in text would be read as a line break.
            '\r' => out.push_str("&#13;"),
            _ => out.push(c),
        }
    }
    out
}

/// An attribute value in double quotes: as text, and quotes and whitespace that
/// attribute normalization would change written as references.
fn attribute(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().filter(|&c| allowed(c)) {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
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
    fn escapes_markup_and_drops_what_xml_forbids() {
        assert_eq!(
            attribute("a&b<c>\"d'\n\t\u{1}\u{FFFE}e"),
            "a&amp;b&lt;c&gt;&quot;d&apos;&#10;&#9;e"
        );
        assert_eq!(text("]]> & \u{0}\u{1b}x\r"), "]]&gt; &amp; x&#13;");
        assert_eq!(text("é 😀"), "é 😀");
    }

    #[test]
    fn counts_each_kind_in_the_suite_and_the_whole() {
        let lines = vec![
            line("a", Outcome::Ran, Some((200, "OK"))),
            line("b", Outcome::Ran, Some((404, "Not Found"))),
            line("c", Outcome::Ran, None),
            line("d", Outcome::Skipped, None),
        ];
        let mut out = Vec::new();
        write(&mut out, &lines, Duration::from_millis(1500)).unwrap();
        let xml = String::from_utf8(out).unwrap();
        assert!(xml.contains(
            r#"<testsuites name="resp run" tests="4" failures="1" errors="1" skipped="1" time="1.500">"#
        ), "{xml}");
        assert!(xml.contains(r#"<failure message="404 Not Found: what it means — it &amp; &lt;went&gt; &quot;wrong&quot;" type="client error">"#), "{xml}");
        assert!(xml.contains("<error message="), "{xml}");
        assert!(xml.contains("<skipped message="), "{xml}");
        assert!(xml.contains(r#"<testcase name="a (api.http:7)" classname="api.http" file="api.http" line="7" time="0.013"/>"#), "{xml}");
    }

    /// The `time` of the first element named `element`.
    fn time_of(xml: &str, element: &str) -> f64 {
        let at = xml.find(&format!("<{element} ")).unwrap();
        let rest = &xml[at..];
        let t = &rest[rest.find(" time=\"").unwrap() + 7..];
        t[..t.find('"').unwrap()].parse().unwrap()
    }

    #[test]
    fn a_suite_takes_the_wall_time_of_its_requests_never_more_than_the_run() {
        // Four requests of 400 ms each, run together (from 50 ms to 480 ms): 1.6 s added
        // up, 0.43 s of wall time, in a run of 0.5 s.
        let lines: Vec<Line> = (0..4)
            .map(|k| {
                let mut l = line("a", Outcome::Ran, Some((200, "OK")));
                l.time = Some(400.0);
                l.ended_ms = Some(450.0 + f64::from(k) * 10.0);
                l
            })
            .collect();
        let mut out = Vec::new();
        write(&mut out, &lines, Duration::from_micros(500_400)).unwrap();
        let xml = String::from_utf8(out).unwrap();
        assert_eq!(time_of(&xml, "testsuites"), 0.5);
        assert_eq!(time_of(&xml, "testsuite"), 0.43, "{xml}");
        // Without the ends, the times added up are bounded by the run's.
        let lines: Vec<Line> = lines
            .into_iter()
            .map(|mut l| {
                l.ended_ms = None;
                l
            })
            .collect();
        let mut out = Vec::new();
        write(&mut out, &lines, Duration::from_micros(500_400)).unwrap();
        let xml = String::from_utf8(out).unwrap();
        assert_eq!(time_of(&xml, "testsuite"), time_of(&xml, "testsuites"));
    }
}
