//! A response judged: its verdict from the documented sources (the operation it answers,
//! when a description documents one, and the tables), what its body and headers say (the
//! API error, the rate-limit state, the body and headers against the documented
//! response), and the exit code it maps to under `--expect`. Pure: the time of judging
//! comes in (`now`, read by the command: [`crate::config::clock`]) and is kept in the
//! report, so that an old capture is told apart from a fresh response the same way
//! everywhere: the same `Report` feeds the human and the `--json` renderers.

use crate::classify::{Expect, Verdict, verdict_in};
use crate::docs::openapi::is_json;
use crate::docs::{
    BodyCheck, DocHeader, DocResponse, Docs, ErrorCode, OperationLookup, Scope, StatusKey,
    StatusMatch,
};
use crate::exit::Exit;
use crate::inspect::{ApiError, BodyKind, RateLimit, inspect_body, parse_http_date, rate_limit};
use crate::source::{Request, Response};

/// Everything we understood about one response.
#[derive(Debug, Clone)]
pub struct Report {
    pub response: Response,
    /// `None` when no response came (`response.failure`).
    pub verdict: Option<Verdict>,
    pub body: BodyKind,
    /// The documented meaning of the body's error code, when the table has one.
    pub error_code: Option<ErrorCode>,
    pub rate_limit: Option<RateLimit>,
    /// The response's `Date`, epoch seconds: what relative times are anchored to.
    pub date: Option<i64>,
    /// When the response was judged, epoch seconds: a `Date` of another day is an old
    /// capture, told with dates and times counted from the response.
    pub now: Option<i64>,
    /// What the descriptions say about the operation the response answers.
    pub operation: OperationLookup,
    /// Where the meaning comes from (None when no response came).
    pub scope: Option<Scope>,
    /// The body against the schema documented for the response, when there is one.
    pub body_check: Option<BodyCheck>,
    /// The headers documented for the response, each with whether it was sent.
    pub headers: Vec<(DocHeader, bool)>,
    /// `--expect` accepted the status.
    pub expected: bool,
    /// Which docs judged the response and why, one line each (shown with `-v`).
    pub judged_by: std::sync::Arc<[String]>,
    /// Why `--strict` failed the response, when it did.
    pub strict: Option<StrictFailure>,
    /// The status is an error the operation documents only through its `default`, as
    /// descriptions that document every error that way do (Stripe's): `--strict` lets it
    /// pass and says so.
    pub error_by_default: bool,
    /// Why a 3xx counts for no failure where it was captured (a browser's HAR), when it
    /// does: its `exit` is then a success.
    pub passed: Option<Passed>,
    pub exit: Exit,
}

/// What became of a 3xx in a browser's capture that makes it no failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Passed {
    /// One of the next entries requests its Location: the browser followed it.
    RedirectFollowed,
    /// A 304 answering a conditional request: the browser's cached copy is current.
    ConditionalRequest,
}

impl Passed {
    /// Why, in a few words (also `--json`'s `passed`): `redirect followed`.
    pub fn reason(self) -> &'static str {
        match self {
            Passed::RedirectFollowed => "redirect followed",
            Passed::ConditionalRequest => "conditional request",
        }
    }

    /// Why, in one word, where room is short (a table's cell): `followed`.
    pub fn word(self) -> &'static str {
        match self {
            Passed::RedirectFollowed => "followed",
            Passed::ConditionalRequest => "conditional",
        }
    }

    /// `n` of them: `2 redirects followed`.
    pub fn counted(self, n: usize) -> String {
        let s = if n == 1 { "" } else { "s" };
        match self {
            Passed::RedirectFollowed => format!("{n} redirect{s} followed"),
            Passed::ConditionalRequest => format!("{n} conditional request{s}"),
        }
    }
}

/// What `--strict` failed a response for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StrictFailure {
    /// Its operation does not document the status (only a `default`, or nothing).
    Status,
    /// The body does not fit the schema documented for it.
    Body,
    /// The request matches no documented operation.
    NoOperation,
}

impl StrictFailure {
    /// What failed, in a few words: `the body does not fit its documented schema`.
    pub fn reason(self) -> &'static str {
        match self {
            StrictFailure::Status => "status not documented for this operation",
            StrictFailure::Body => "body does not fit its documented schema",
            StrictFailure::NoOperation => "request matches no documented operation",
        }
    }
}

impl Report {
    /// The API error the body carries, if it is JSON of a known shape.
    pub fn api_error(&self) -> Option<&ApiError> {
        match &self.body {
            BodyKind::Json { error, .. } => error.as_ref(),
            _ => None,
        }
    }

    /// True when the response says it is rate limited though its status does not: a 403
    /// with no requests left (`X-RateLimit-Remaining: 0`), as GitHub sends.
    pub fn quota_spent(&self) -> bool {
        self.verdict
            .as_ref()
            .is_some_and(|v| quota_spent(v.code, self.rate_limit.as_ref()))
    }

    /// True when the outcome makes a nonzero exit code: an error ([`Report::is_error`]) or
    /// a 3xx no `--expect` accepted. In a HAR, where a redirect the browser followed and a
    /// 304 answering a conditional request are successes ([`Passed`]), these are the
    /// failing entries: whatever makes the file's exit code is listed.
    pub fn is_failing(&self) -> bool {
        self.exit != Exit::Success
    }

    /// True when the outcome is a failure: anything but a success or a plain redirect
    /// (so 4xx, 5xx, nonstandard, no response, a malformed entry, a redirect limit, a timeout).
    pub fn is_error(&self) -> bool {
        self.exit == Exit::Undocumented
            || !self.expected
                && !matches!(self.exit, Exit::Success | Exit::Redirection | Exit::Usage)
    }
}

/// A 403 sent with no requests left: rate limiting, in GitHub's way.
fn quota_spent(status: u16, rate_limit: Option<&RateLimit>) -> bool {
    status == 403 && rate_limit.is_some_and(|rl| rl.remaining == Some(0))
}

/// The report for an input or an exchange that gave no response at all (an unreadable
/// file, a refused connection): `failure` holds the error, `exit` its code. With `--json`
/// it still makes a line, so a script sees every input. `now`: when, in epoch seconds.
pub fn failed(
    source: String,
    error: &anyhow::Error,
    request: Option<Request>,
    now: Option<i64>,
) -> Report {
    Report {
        response: Response {
            source,
            failure: Some(format!("{error:#}")),
            request,
            ..Response::default()
        },
        verdict: None,
        body: BodyKind::Empty,
        error_code: None,
        rate_limit: None,
        date: None,
        now,
        operation: OperationLookup::NoDescription,
        scope: None,
        body_check: None,
        headers: Vec::new(),
        expected: false,
        judged_by: std::sync::Arc::from([]),
        strict: None,
        error_by_default: false,
        passed: None,
        exit: crate::exit::exit_of(error),
    }
}

/// Judges `response` at `now` (epoch seconds; `None` when the clock cannot say).
/// `read_body` false skips the body (a successful HAR entry in a large file): its kind is
/// then `Empty` unless the status is an error.
pub fn judge(
    response: Response,
    docs: &Docs,
    expect: &[Expect],
    read_body: bool,
    now: Option<i64>,
) -> Report {
    let date = response.header("date").and_then(parse_http_date);
    let rate_limit = rate_limit(&response.headers, date);
    if response.failure.is_some() {
        let exit = if response.malformed {
            Exit::Error
        } else {
            Exit::Connect
        };
        return Report {
            response,
            verdict: None,
            body: BodyKind::Empty,
            error_code: None,
            rate_limit,
            date,
            now,
            operation: OperationLookup::NoDescription,
            scope: None,
            body_check: None,
            headers: Vec::new(),
            expected: false,
            judged_by: std::sync::Arc::from([]),
            strict: None,
            error_by_default: false,
            passed: None,
            exit,
        };
    }
    let request = response
        .request
        .as_ref()
        .map(|r| (r.method.as_str(), r.url.as_str()));
    let documented = docs.lookup(request, response.status);
    let mut verdict = verdict_in(
        response.status,
        documented.row.as_ref().map(|(e, o)| (e, o)),
        docs.is_registry_alone(),
    );
    // A 403 with no quota left is rate limiting (GitHub's way): said so, with the reset,
    // instead of the advice about permissions.
    if quota_spent(response.status, rate_limit.as_ref()) {
        verdict.hints.clear();
        verdict.hints.push(
            "Rate limited: a 403 with no requests left is how this server says it, not a refusal of access."
                .to_string(),
        );
        if let Some(step) = rate_limit
            .as_ref()
            .and_then(|rl| crate::inspect::next_step(rl, date, now))
        {
            verdict.hints.push(step);
        }
    }
    // A Retry-After on a status that is not rate limiting (a 503 during maintenance) is a
    // retry time: the advice to retry later says when.
    if let Some(step) = rate_limit
        .as_ref()
        .and_then(|rl| crate::inspect::retry_step(rl, date, now))
        && let Some(later) = verdict.hints.iter_mut().find(|h| h.contains("retry later"))
    {
        *later = step;
    }
    // The rate-limit line has read the headers: the hint says what to do, with its figures,
    // instead of pointing at headers already shown.
    if let Some(step) = rate_limit
        .as_ref()
        .and_then(|rl| crate::inspect::next_step(rl, date, now))
        && verdict
            .hints
            .iter()
            .any(|h| h.contains("rate-limit headers"))
    {
        verdict.hints.retain(|h| {
            !h.contains("rate-limit headers") && !h.starts_with("Retry after the reset time")
        });
        verdict.hints.insert(0, step);
    }
    let scope = documented.scope();
    // The operation says what this status means here; the registry's general advice
    // assumes its own meaning (a 304 "use your cached copy" where the API says "container
    // already started"), so it gives way.
    if matches!(scope, Scope::OperationCode | Scope::OperationRange)
        && verdict.source == crate::classify::Source::Standard
    {
        verdict.hints.clear();
    }
    let answer = documented
        .operation
        .matched()
        .and_then(|(_, s)| s.response());
    let headers = answer.map_or(Vec::new(), |r| {
        r.headers
            .iter()
            .filter(|h| !h.name.eq_ignore_ascii_case("content-type"))
            .map(|h| (h.clone(), response.header(&h.name).is_some()))
            .collect()
    });
    let wants_body = read_body || verdict.exit != Exit::Success;
    let body_check = answer
        .filter(|_| wants_body)
        .and_then(|r| check_body(&response, r));
    let body = if wants_body {
        inspect_body(&response.body, response.header("content-type"))
    } else {
        BodyKind::Empty
    };
    // The start of a body that resp's limits cut runs out: that is no invalid JSON.
    let body = match body {
        BodyKind::InvalidJson { message, .. }
            if response.body_cut && message.starts_with("EOF") =>
        {
            BodyKind::LargeJson
        }
        other => other,
    };
    // A success that says {"message": "Welcome"} carries no error: only 4xx, 5xx and
    // nonstandard statuses are searched for one. The tree itself is not kept: the body
    // is shown from its text, and a tree costs many times the body's size.
    let body = match body {
        BodyKind::Json { error, .. } => BodyKind::Json {
            value: serde_json::Value::Null,
            error: error.filter(|_| wants_error(verdict.class)),
        },
        other => other,
    };
    let error_code = match &body {
        // A problem's `status` is the status, not an error code of the API's table.
        BodyKind::Json { error: Some(e), .. } => std::iter::once(e.code.as_deref())
            .filter(|_| e.shape != crate::inspect::Shape::Problem)
            .chain(e.details.iter().map(|d| d.code.as_deref()))
            .flatten()
            .find_map(|code| docs.error_code_for(request.map(|r| r.1), code).cloned()),
        _ => None,
    };
    let expected = expect.iter().any(|e| e.matches(response.status));
    let exit = if expected {
        Exit::Success
    } else {
        verdict.exit
    };
    Report {
        response,
        verdict: Some(verdict),
        body,
        error_code,
        rate_limit,
        date,
        now,
        operation: documented.operation,
        scope: Some(scope),
        body_check,
        headers,
        expected,
        judged_by: documented.judged_by,
        strict: None,
        error_by_default: false,
        passed: None,
        exit,
    }
}

/// The body against what `documented` says of it: the schema for its content type, in
/// full; a content type it does not document; or no body where it documents a JSON one.
fn check_body(response: &Response, documented: &DocResponse) -> Option<BodyCheck> {
    let media_type = response.media_type();
    if response.body.is_empty() {
        return empty_body(response, documented);
    }
    match (documented.content_for(media_type.as_deref()), &media_type) {
        (Some(c), _) => {
            // A `type` member names a problem type only in an error or a problem document:
            // in a success it is the resource's own field (Stripe's card `type: physical`).
            let problems_apply = response.status >= 400
                || media_type
                    .as_deref()
                    .is_some_and(|m| m.eq_ignore_ascii_case("application/problem+json"));
            c.schema
                .as_ref()
                .and_then(|s| s.check(&response.body, problems_apply))
        }
        // A body in a type the response does not document.
        (None, Some(m)) if !documented.contents.is_empty() => Some(BodyCheck::plain(format!(
            "the content type {m} is not documented for this response (it documents {})",
            documented
                .contents
                .iter()
                .map(|c| c.media_type.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ))),
        (None, _) => None,
    }
}

/// An empty body where the response documents a JSON schema is said, unless no body could
/// come (a HEAD request, a 204 or 304) or the source left the body out.
fn empty_body(response: &Response, documented: &DocResponse) -> Option<BodyCheck> {
    let head = response
        .request
        .as_ref()
        .is_some_and(|r| r.method.eq_ignore_ascii_case("HEAD"));
    if head
        || matches!(response.status, 204 | 304)
        || response.body_omitted.is_some()
        || response.body_cut
    {
        return None;
    }
    let content = documented
        .contents
        .iter()
        .find(|c| is_json(&c.media_type) && c.schema.is_some())?;
    let name = content
        .schema
        .as_ref()
        .and_then(|s| s.name.as_deref())
        .map_or(String::new(), |n| format!(" ({n})"));
    Some(BodyCheck::plain(format!(
        "the body is empty, and the response documents a JSON body{name}"
    )))
}

/// How the responses of a session (a HAR) stand against the descriptions' operations:
/// a recorded session read as a compliance report.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OperationTally {
    /// Responses matched to an operation.
    pub matched: usize,
    /// ... of which the operation does not document the status (only `default`, or nothing).
    pub undocumented: usize,
    /// Requests that matched no operation.
    pub unmatched: usize,
    /// Bodies that do not fit their documented schema (or are missing).
    pub misfits: usize,
    /// Error statuses documented only through a `default` (`--strict` lets them pass).
    pub by_default: usize,
}

impl OperationTally {
    /// Counts one report.
    pub fn add(&mut self, report: &Report) {
        match report.operation.documented() {
            Some(true) => self.matched += 1,
            Some(false) => {
                self.matched += 1;
                self.undocumented += 1;
            }
            None if matches!(report.operation, OperationLookup::NoMatch(_)) => self.unmatched += 1,
            None => {}
        }
        if report.body_check.as_ref().is_some_and(|c| !c.fits()) {
            self.misfits += 1;
        }
        if report.error_by_default {
            self.by_default += 1;
        }
    }
}

/// `--strict`: a response fails (exit 10, whatever `--expect` said) when its request
/// matches no documented operation, when its operation does not document its status
/// (only a `default`, or nothing), or when its body does not fit the documented schema.
/// An error status that the operation documents only through `default`, where it
/// documents no error status at all, passes: such descriptions (Stripe's) document every
/// error that way, and `error_by_default` says so. A response with no request is left as
/// it is.
pub fn strict(mut report: Report) -> Report {
    if report.verdict.is_none() {
        return report;
    }
    let failure = match &report.operation {
        OperationLookup::NoMatch(_) => Some(StrictFailure::NoOperation),
        OperationLookup::Matched { operation, status } => {
            let by_default = matches!(status, StatusMatch::Default(_))
                && report.response.status >= 400
                && !operation.responses.iter().any(|r| match r.key {
                    StatusKey::Code(c) => c >= 400,
                    StatusKey::Range(d) => d >= 4,
                    StatusKey::Default => false,
                });
            report.error_by_default = by_default;
            if !status.is_documented() && !by_default {
                Some(StrictFailure::Status)
            } else if report.body_check.as_ref().is_some_and(|c| !c.fits()) {
                Some(StrictFailure::Body)
            } else {
                None
            }
        }
        OperationLookup::NoDescription | OperationLookup::NoRequest => None,
    };
    if let Some(f) = failure {
        report.strict = Some(f);
        report.exit = Exit::Undocumented;
    }
    report
}

fn wants_error(class: crate::classify::Class) -> bool {
    use crate::classify::Class;
    matches!(
        class,
        Class::ClientError | Class::ServerError | Class::Nonstandard
    )
}

/// `-b` and `-o` promise the body whole: one that resp's limits cut (`--max-body`, the
/// read limit) fails the run (exit 1), with a warning that says how much was written and,
/// where a flag can lift the limit (`send --max-body`), which.
pub fn incomplete_output(report: &mut Report, remedy: Option<&str>) {
    if !report.response.body_cut {
        return;
    }
    report.response.warnings.push(format!(
        "only the first {} bytes of the body were written: resp's limit cut it{}",
        report.response.body.len(),
        remedy.map(|r| format!(" ({r})")).unwrap_or_default()
    ));
    report.exit = report.exit.combine(Exit::Error);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::docs::{Format, Table};

    fn response(status: u16, body: &str) -> Response {
        Response {
            source: "t".into(),
            status,
            headers: vec![("Content-Type".into(), "application/json".into())],
            body: body.as_bytes().to_vec(),
            ..Response::default()
        }
    }

    #[test]
    fn verdict_error_and_exit() {
        let r = judge(
            response(420, r#"{"code": "88", "message": "Rate limit exceeded"}"#),
            &Docs::embedded(),
            &[],
            true,
            crate::config::clock(),
        );
        assert_eq!(r.exit, Exit::ClientError);
        assert_eq!(
            r.verdict.as_ref().map(|v| v.text.as_str()),
            Some("Enhance Your Calm")
        );
        assert_eq!(
            r.api_error().and_then(|e| e.message.as_deref()),
            Some("Rate limit exceeded")
        );
        assert!(r.is_error());
    }

    #[test]
    fn a_success_is_never_an_error() {
        let r = judge(
            response(200, r#"{"message": "Welcome"}"#),
            &Docs::embedded(),
            &[],
            true,
            crate::config::clock(),
        );
        assert!(r.api_error().is_none());
        let r = judge(
            response(404, r#"{"message": "No such user"}"#),
            &Docs::embedded(),
            &[],
            true,
            crate::config::clock(),
        );
        assert_eq!(
            r.api_error().and_then(|e| e.message.as_deref()),
            Some("No such user")
        );
    }

    #[test]
    fn expect_turns_a_status_into_success() {
        let r = judge(
            response(404, "{}"),
            &Docs::embedded(),
            &["404".parse().unwrap()],
            true,
            crate::config::clock(),
        );
        assert_eq!(r.exit, Exit::Success);
        assert!(!r.is_error());
        let r = judge(
            response(404, "{}"),
            &Docs::embedded(),
            &["2xx".parse().unwrap()],
            true,
            crate::config::clock(),
        );
        assert_eq!(r.exit, Exit::ClientError);
    }

    #[test]
    fn failures_are_connection_errors() {
        let r = judge(
            Response {
                failure: Some("net::ERR_CONNECTION_REFUSED".into()),
                ..Response::default()
            },
            &Docs::embedded(),
            &["2xx".parse().unwrap()],
            true,
            crate::config::clock(),
        );
        assert_eq!(r.exit, Exit::Connect);
        assert!(r.verdict.is_none());
    }

    #[test]
    fn documented_error_codes_are_looked_up() {
        let table = Table::parse(
            "Code | Text\n--- | ---\n420 | Calm\n\n## Error codes\n\nCode | Text | Description\n--- | --- | ---\n88 | Rate limit exceeded | Slow down\n",
            "t.md",
            Format::Markdown,
        )
        .unwrap();
        let r = judge(
            response(420, r#"{"errors": [{"code": 88, "message": "x"}]}"#),
            &Docs::of_tables(vec![table]),
            &[],
            true,
            crate::config::clock(),
        );
        assert_eq!(
            r.error_code.map(|e| e.description),
            Some("Slow down".to_string())
        );
    }
}
