//! `resp run`'s views: one [`Record`] per request (its name, file and line beside the
//! judged `Report`), written as it comes in file order: a JSON record (what a `send
//! --json` line has, plus `name`, `file`, `line`, `method`, `outcome`) or with `-v` the
//! card; then the table in file order (name, method, URL, status, time, verdict), each
//! row one line fitted to the width (`fit.rs`: names and statuses cut after a word, URLs
//! in their middle, shown as paths when all are on one origin), the failing requests'
//! messages as numbered notes under it, and the summary; or one `summary` JSON record.
//! The reports for CI (`report/`: JUnit, TAP, GitHub) render the same lines and say the
//! same [`counts`]. The
//! live progress line on a terminal's stderr lives here too. Everything from a file or a
//! server is sanitized, and credentials masked unless `--show-secrets`.

use std::io::{self, Write};
use std::time::Duration;

use colored::Colorize;
use serde::Serialize;

use super::response::{Show, error_summary, headline, shown_url};
use super::sanitize;
use crate::config::Config;
use crate::exit::Exit;
use crate::report::Report;

/// How a request of the run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// It was sent, and judged.
    Ran,
    /// It could not be made: a chained value missing, a URL that cannot be sent.
    NotSent,
    /// Not sent: a request it uses failed.
    Skipped,
    /// Not sent: `--bail` stopped the run first.
    NotRun,
}

impl Outcome {
    fn key(self) -> &'static str {
        match self {
            Outcome::Ran => "ran",
            Outcome::NotSent => "not_sent",
            Outcome::Skipped => "skipped",
            Outcome::NotRun => "not_run",
        }
    }
}

/// One request of the run, judged.
pub struct Record<'a> {
    /// `# @name`, the `###` title, or `line N`.
    pub name: String,
    pub file: &'a str,
    /// The line of its request line.
    pub line: usize,
    pub method: &'a str,
    pub outcome: Outcome,
    pub report: &'a Report,
}

/// What the table keeps of a request once its record is shown.
#[derive(Debug, Clone)]
pub struct Line {
    pub name: String,
    pub file: String,
    pub line: usize,
    pub method: String,
    pub url: String,
    /// `200 OK`, or `—` without a response.
    pub status: String,
    pub class: Option<crate::classify::Class>,
    /// What the status means, as documented (or as the registry says).
    pub meaning: Option<String>,
    pub time: Option<f64>,
    /// When its end was known, in milliseconds since the run started (`None`: not said).
    pub ended_ms: Option<f64>,
    pub verdict: String,
    pub outcome: Outcome,
    pub failing: bool,
    /// Why it failed, for the second line.
    pub message: Option<String>,
    pub exit: Exit,
}

impl Line {
    /// It ran, or was to run and could not be made: a failure of its own.
    pub fn sent_or_tried(&self) -> bool {
        matches!(self.outcome, Outcome::Ran | Outcome::NotSent)
    }
}

/// The table's line for `record`.
pub fn line(record: &Record, show: &Show) -> Line {
    let report = record.report;
    let r = &report.response;
    let url = r
        .request
        .as_ref()
        .map_or(r.source.as_str(), |q| q.url.as_str());
    let failing = record.outcome != Outcome::Ran || report.exit != Exit::Success;
    let verdict = match record.outcome {
        Outcome::Skipped => "skipped".to_string(),
        Outcome::NotRun => "not run".to_string(),
        Outcome::NotSent => "not sent".to_string(),
        Outcome::Ran => verdict(report).to_string(),
    };
    let message = if failing {
        r.failure
            .as_deref()
            .map(|f| sanitize::line(f).into_owned())
            .or_else(|| report.api_error().map(error_summary))
    } else {
        None
    };
    Line {
        name: sanitize::line(&record.name).into_owned(),
        file: sanitize::line(record.file).into_owned(),
        line: record.line,
        method: sanitize::line(record.method).into_owned(),
        url: sanitize::line(&shown_url(url, show)).into_owned(),
        status: if report.verdict.is_some() {
            headline(report)
        } else {
            "—".to_string()
        },
        class: report.verdict.as_ref().map(|v| v.class),
        meaning: report
            .verdict
            .as_ref()
            .map(|v| sanitize::line(&v.description).into_owned())
            .filter(|m| !m.is_empty()),
        time: r.timing.as_ref().map(|t| t.total_ms),
        ended_ms: None,
        verdict,
        outcome: record.outcome,
        failing,
        message,
        exit: report.exit,
    }
}

/// The word for how a sent request came out.
fn verdict(report: &Report) -> &'static str {
    match report.exit {
        Exit::Success if report.expected => "expected",
        Exit::Success => "ok",
        Exit::Redirection => "redirect",
        Exit::ClientError => "client error",
        Exit::ServerError => "server error",
        Exit::TooManyRedirects => "too many redirects",
        Exit::Connect => "connection failed",
        Exit::Timeout => "timed out",
        Exit::Nonstandard => "nonstandard status",
        Exit::Undocumented => "undocumented",
        Exit::Error | Exit::Usage => "error",
    }
}

#[derive(Serialize)]
struct JsonPrefix<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    name: &'a str,
    file: &'a str,
    line: usize,
    method: &'a str,
    outcome: &'static str,
}

/// Writes `record` as one JSON line: `send --json`'s line with the request's name, file,
/// line, method and outcome first.
pub fn record(out: &mut dyn Write, record: &Record, show: &Show) -> io::Result<()> {
    let mut line = Vec::with_capacity(1024);
    super::json_line::json_line(&mut line, record.report, show)?;
    let mut text = Vec::with_capacity(line.len() + 128);
    let mut json = serde_json::Serializer::with_formatter(&mut text, sanitize::JsonFormatter);
    JsonPrefix {
        kind: "response",
        name: &record.name,
        file: record.file,
        line: record.line,
        method: record.method,
        outcome: record.outcome.key(),
    }
    .serialize(&mut json)?;
    // `{"type":"response",…}` + `{"type":"response",…}`: one object, the prefix's
    // fields first, the line's `type` not repeated.
    const KIND: &[u8] = br#"{"type":"response","#;
    match (text.pop(), line.strip_prefix(KIND)) {
        (Some(b'}'), Some(rest)) => {
            text.push(b',');
            text.extend_from_slice(rest);
        }
        _ => return Err(io::Error::other("a JSON line of an unexpected shape")),
    }
    out.write_all(&text)
}

/// Writes `record` as `send -v` shows an exchange, under a line naming the request.
pub fn card(out: &mut dyn Write, record: &Record, show: &Show, config: &Config) -> io::Result<()> {
    let title = format!(
        "── {} ({}:{})",
        sanitize::line(&record.name),
        sanitize::line(record.file),
        record.line
    );
    writeln!(out, "{}", title.bold())?;
    if record.outcome == Outcome::Ran {
        super::response::card(out, record.report, show, config)?;
    } else {
        // Nothing went out: there is no exchange to show, only why.
        let why = record
            .report
            .response
            .failure
            .as_deref()
            .unwrap_or_default();
        writeln!(out, "{}", "not sent".red().bold())?;
        writeln!(out, "  {}", sanitize::line(why).red())?;
    }
    writeln!(out)
}

/// The run as a whole.
pub struct Summary<'a> {
    pub lines: &'a [Line],
    /// What was not done (handlers, directives), said once each.
    pub notes: Vec<String>,
    pub elapsed: Duration,
    pub exit: Exit,
    /// `--failing`: list only the failing requests.
    pub failing_only: bool,
}

impl Summary<'_> {
    pub fn count(&self, f: impl Fn(&Line) -> bool) -> usize {
        self.lines.iter().filter(|l| f(l)).count()
    }
}

/// The counts of a run as every view says them (the count line, the reports): how many
/// passed, then how many failed, were skipped and were not run, where not none:
/// `["2 passed", "3 failed", "1 skipped"]`. A request failed when it ran, or was to run
/// and could not be made, and did not pass.
pub fn counts(lines: &[Line]) -> Vec<String> {
    let count = |f: &dyn Fn(&Line) -> bool| lines.iter().filter(|l| f(l)).count();
    let mut parts = vec![format!("{} passed", count(&|l| !l.failing))];
    for (n, what) in [
        (count(&|l| l.failing && l.sent_or_tried()), "failed"),
        (count(&|l| l.outcome == Outcome::Skipped), "skipped"),
        (count(&|l| l.outcome == Outcome::NotRun), "not run"),
    ] {
        if n > 0 {
            parts.push(format!("{n} {what}"));
        }
    }
    parts
}

#[derive(Serialize)]
struct JsonSummary<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    requests: usize,
    passed: usize,
    failed: usize,
    skipped: usize,
    not_run: usize,
    exit_code: u8,
    elapsed_ms: u128,
    notes: &'a [String],
}

/// Writes the `summary` JSON record.
pub fn summary_json(out: &mut dyn Write, summary: &Summary) -> io::Result<()> {
    let record = JsonSummary {
        kind: "summary",
        requests: summary.lines.len(),
        passed: summary.count(|l| !l.failing),
        failed: summary.count(|l| l.failing && l.sent_or_tried()),
        skipped: summary.count(|l| l.outcome == Outcome::Skipped),
        not_run: summary.count(|l| l.outcome == Outcome::NotRun),
        exit_code: summary.exit.code(),
        elapsed_ms: summary.elapsed.as_millis(),
        notes: &summary.notes,
    };
    let mut text = Vec::with_capacity(256);
    let mut json = serde_json::Serializer::with_formatter(&mut text, sanitize::JsonFormatter);
    record.serialize(&mut json)?;
    text.push(b'\n');
    out.write_all(&text)
}

pub use super::run_table::table;

/// Draws `done of total, N failing` in place on stderr (a terminal). A closed stderr is
/// not worth failing over.
pub fn progress(err: &mut dyn Write, done: usize, total: usize, failing: usize) {
    let failing = if failing > 0 {
        format!(", {failing} failing")
    } else {
        String::new()
    };
    let _ = write!(err, "\r\x1b[2Kresp run: {done} of {total} done{failing}");
    let _ = err.flush();
}

/// Wipes the progress line.
pub fn clear_progress(err: &mut dyn Write) {
    let _ = write!(err, "\r\x1b[2K");
    let _ = err.flush();
}
