//! Reports for CI: renderers of `resp run`'s lines (one per request, in file order, as the
//! table has them) into the formats CI systems read: [`junit`] (JUnit XML for GitLab and
//! Jenkins), [`tap`] (TAP version 13) and [`github`] (workflow annotations and a
//! Markdown step summary). Each writes to a writer it is handed. What they share lives
//! here: how a request's outcome maps onto pass / failure / error / skip, and its
//! title and failure text. The lines' text is already sanitized (no control characters
//! reach a report); each format adds its own escaping on top.

pub mod github;
pub mod junit;
pub mod tap;

use super::run::{Line, Outcome};

/// How a request counts in a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Passed,
    /// A response came, and it failed (a status, `--strict`, a cut body).
    Failed,
    /// No response: it could not connect, timed out, or could not be made.
    Error,
    /// Not sent: a request it uses failed, or `--bail` stopped the run.
    Skipped,
}

impl Kind {
    pub fn of(line: &Line) -> Kind {
        match line.outcome {
            Outcome::Skipped | Outcome::NotRun => Kind::Skipped,
            Outcome::NotSent => Kind::Error,
            Outcome::Ran if !line.failing => Kind::Passed,
            Outcome::Ran if line.class.is_some() => Kind::Failed,
            Outcome::Ran => Kind::Error,
        }
    }
}

/// `NAME (FILE:LINE)`.
pub fn title(line: &Line) -> String {
    format!("{} ({}:{})", line.name, line.file, line.line)
}

/// One line on why it failed: `404 Not Found: the meaning — the error message`.
pub fn headline(line: &Line) -> String {
    let mut text = match Kind::of(line) {
        Kind::Skipped | Kind::Error => line.verdict.clone(),
        _ => line.status.clone(),
    };
    if let Some(meaning) = line.meaning.as_deref().filter(|_| line.class.is_some()) {
        text.push_str(": ");
        text.push_str(meaning);
    }
    if let Some(message) = &line.message {
        text.push_str(" — ");
        text.push_str(message);
    }
    text
}

/// The facts, a `name: value` a line: request, status, meaning, error, exit code.
pub fn details(line: &Line) -> Vec<(&'static str, String)> {
    let mut rows = vec![("request", format!("{} {}", line.method, line.url))];
    if line.class.is_some() {
        rows.push(("status", line.status.clone()));
    }
    if let Some(meaning) = &line.meaning {
        rows.push(("meaning", meaning.clone()));
    }
    rows.push(("verdict", line.verdict.clone()));
    if let Some(message) = &line.message {
        rows.push(("error", message.clone()));
    }
    rows.push(("exit code", line.exit.code().to_string()));
    rows
}

/// Seconds with millisecond precision, as the formats write durations.
pub fn seconds(ms: f64) -> String {
    format!("{:.3}", ms.max(0.0) / 1000.0)
}

#[cfg(test)]
pub(crate) mod fixtures {
    use super::super::run::{Line, Outcome};
    use crate::classify::Class;
    use crate::exit::Exit;

    /// A line as the run makes it.
    pub fn line(name: &str, outcome: Outcome, status: Option<(u16, &str)>) -> Line {
        let failing = outcome != Outcome::Ran || status.is_none_or(|(c, _)| c >= 400);
        Line {
            name: name.to_string(),
            file: "api.http".to_string(),
            line: 7,
            method: "GET".to_string(),
            url: "http://127.0.0.1/x".to_string(),
            status: status.map_or("—".to_string(), |(c, t)| format!("{c} {t}")),
            class: status.map(|(c, _)| Class::of(c)),
            meaning: status.map(|_| "what it means".to_string()),
            time: Some(12.5),
            ended_ms: None,
            verdict: if failing { "client error" } else { "ok" }.to_string(),
            outcome,
            failing,
            message: failing.then(|| "it & <went> \"wrong\"".to_string()),
            exit: if failing {
                Exit::ClientError
            } else {
                Exit::Success
            },
        }
    }
}
