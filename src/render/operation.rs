//! What a description says about the operation a response answers, as the card's rows
//! and as the `--json` line's fields: the operation (method, path template, operationId,
//! summary, external docs), what it documents for the status and how that matched (its
//! code, its range, its `default`, or nothing: "not documented for this operation"), the
//! documented schema and how the body compares (the branch a discriminator picked, the
//! first mismatches by JSON pointer and how many more, the format warnings), the problem
//! type the body names, and the documented headers present or missing; for the HAR
//! summary, the Documented mark (`, body ✗` for a body that does not fit) and the count
//! line. Nothing here is shown without a description.

use comfy_table::{Attribute, Cell, Color, Table};
use serde::Serialize;

use super::{cell, sanitize};
use crate::docs::{BodyCheck, DocResponse, Operation, OperationLookup, Scope, StatusMatch};
use crate::report::{OperationTally, Report, StrictFailure};

/// Bytes of a documented example shown on a card.
const EXAMPLE_SHOWN: usize = 400;

/// The most of an operation's summary its line shows, in cells: a summary is a title,
/// though some descriptions put paragraphs in it (`--json` has it whole).
const SUMMARY_SHOWN: usize = 100;

/// `POST /containers/{id}/start · ContainerStart · Start a container`.
pub fn operation_line(op: &Operation) -> String {
    let mut line = format!(
        "{} {}",
        sanitize::line(&op.method),
        sanitize::line(&op.path)
    );
    if let Some(id) = &op.id {
        line.push_str(&format!(" · {}", sanitize::line(id)));
    }
    if let Some(summary) = &op.summary {
        let summary = sanitize::line(summary);
        let shown = super::fit::cut(&summary, SUMMARY_SHOWN, super::fit::Cut::Words);
        line.push_str(&format!(" · {shown}"));
    }
    if op.deprecated {
        line.push_str(" (deprecated)");
    }
    line
}

/// The documented response in a few words: `304: container already started`.
pub fn response_line(r: &DocResponse) -> String {
    let mut text = match (&r.summary, r.description.is_empty()) {
        (Some(s), true) => sanitize::line(s).into_owned(),
        (Some(s), false) => format!("{}: {}", sanitize::line(s), sanitize::line(&r.description)),
        (None, false) => sanitize::line(&r.description).into_owned(),
        (None, true) => "(no description)".to_string(),
    };
    if let Some(ext) = &r.external {
        text = format!("defined in '{}', not followed", sanitize::line(ext));
    }
    text
}

/// The statuses an operation lists: `204, 304, 404, 500`.
fn listed(op: &Operation) -> String {
    let keys: Vec<String> = op.by_status().iter().map(|r| r.key.to_string()).collect();
    if keys.is_empty() {
        "no responses".to_string()
    } else {
        keys.join(", ")
    }
}

/// What the operation documents for `status`, as the card's `documented` cell; `listed`
/// (the statuses it lists) is named where the status is not among them.
pub fn documented_cell(status: u16, m: &StatusMatch, listed: Option<&str>) -> Cell {
    let lists = listed.map_or(String::new(), |l| format!(" (it lists {l})"));
    match m {
        StatusMatch::Code(r) => cell::of(format!("{status:03}: {}", response_line(r))),
        StatusMatch::Range(r) => cell::of(format!(
            "{}: {} (its {} range)",
            r.key,
            response_line(r),
            r.key
        )),
        StatusMatch::Default(r) => cell::of(format!(
            "not documented for this operation{lists}; its default: {}",
            response_line(r)
        ))
        .fg(Color::Yellow),
        StatusMatch::Undocumented => {
            cell::of(format!("not documented for this operation{lists}")).fg(Color::Yellow)
        }
    }
}

/// Adds the operation rows to a response card; the docs URL is held in `urls`, kept whole.
pub(super) fn rows(
    t: &mut Table,
    report: &Report,
    verbose: bool,
    urls: &mut super::url_rows::WholeUrls,
) {
    let key = |k: &str| cell::of(k).add_attribute(Attribute::Dim);
    let status = report.verdict.as_ref().map_or(0, |v| v.code);
    match &report.operation {
        OperationLookup::NoDescription => {}
        OperationLookup::NoRequest => {
            t.add_row(vec![
                key("operation"),
                cell::of("unknown: the input has no request (give it with --request 'METHOD URL')")
                    .fg(Color::Yellow),
            ]);
        }
        OperationLookup::NoMatch(why) => {
            t.add_row(vec![
                key("operation"),
                cell::of(format!(
                    "none documented for this request: {}",
                    sanitize::line(why)
                ))
                .fg(Color::Yellow),
            ]);
        }
        OperationLookup::Matched {
            operation,
            status: m,
        } => {
            t.add_row(vec![key("operation"), cell::of(operation_line(operation))]);
            if let Some(url) = &operation.docs_url {
                let url = sanitize::line(url).into_owned();
                t.add_row(vec![key("  docs"), urls.hold(String::new(), url, false)]);
            }
            let documented = documented_cell(status, m, Some(&listed(operation)));
            t.add_row(vec![key("  documented"), documented]);
            if let Some(r) = m.response() {
                schema_rows(t, report, r, verbose);
            }
        }
    }
}

fn schema_rows(t: &mut Table, report: &Report, r: &DocResponse, verbose: bool) {
    let key = |k: &str| cell::of(k).add_attribute(Attribute::Dim);
    let media = report.response.media_type();
    let content = r.content_for(media.as_deref());
    match &report.body_check {
        // Not a schema's verdict: the body's type is not one the response documents.
        Some(check) if !check.from_schema => {
            t.add_row(vec![
                key("  body"),
                cell::of(sanitize::line(&check.problems.join("; "))).fg(Color::Yellow),
            ]);
        }
        Some(check) => {
            let name = check
                .schema
                .as_deref()
                .map_or("the documented schema".to_string(), |n| {
                    sanitize::line(n).into_owned()
                });
            let branch = check
                .branch
                .as_deref()
                .map_or(String::new(), |b| format!(" as {}", sanitize::line(b)));
            let cell = if check.fits() {
                cell::of(format!("{name}{branch} · the body fits"))
            } else {
                cell::of(format!(
                    "{name}{branch} · the body does not match the documented schema: {}",
                    sanitize::line(&mismatch_list(check))
                ))
                .fg(Color::Yellow)
            };
            t.add_row(vec![key("  schema"), cell]);
            for w in &check.warnings {
                t.add_row(vec![
                    key("  warning"),
                    cell::of(sanitize::line(w)).fg(Color::Magenta),
                ]);
            }
            if check.more_warnings > 0 {
                t.add_row(vec![
                    key("  warning"),
                    cell::of(format!("… and {} more", check.more_warnings)).fg(Color::Magenta),
                ]);
            }
            if let Some(p) = &check.problem {
                let mut line = format!(
                    "{} ({})",
                    p.schema
                        .name
                        .as_deref()
                        .map_or("unnamed".into(), sanitize::line),
                    sanitize::line(&p.type_uri)
                );
                if let Some(d) = &p.schema.description {
                    line.push_str(&format!(": {}", sanitize::line(d)));
                }
                if !p.schema.required.is_empty() {
                    let sentence_ended = line.ends_with(['.', '!', '?']);
                    line.push_str(if sentence_ended {
                        " Requires "
                    } else {
                        "; requires "
                    });
                    line.push_str(&sanitize::line(&p.schema.required.join(", ")));
                }
                t.add_row(vec![key("  problem type"), cell::of(line)]);
            }
        }
        None => {
            if let Some(name) = content
                .and_then(|c| c.schema.as_ref())
                .and_then(|s| s.name.as_deref())
            {
                t.add_row(vec![key("  schema"), cell::of(sanitize::line(name))]);
            }
        }
    }
    if verbose
        && report.response.body.is_empty()
        && report.response.body_omitted.is_none()
        && let Some(example) = r.content_for(None).and_then(|c| c.example.as_deref())
    {
        let mut shown = sanitize::line(example).into_owned();
        if shown.len() > EXAMPLE_SHOWN {
            let mut end = EXAMPLE_SHOWN;
            while !shown.is_char_boundary(end) {
                end -= 1;
            }
            shown.truncate(end);
            shown.push('…');
        }
        t.add_row(vec![
            key("  example"),
            cell::of(shown).add_attribute(Attribute::Dim),
        ]);
    }
    for (h, present) in &report.headers {
        let mut text = sanitize::line(&h.name).into_owned();
        let cell = if *present {
            text.push_str(": present");
            cell::of(text)
        } else {
            text.push_str(if h.required {
                ": documented as required, missing"
            } else {
                ": documented, not sent"
            });
            let cell = cell::of(text);
            if h.required {
                cell.fg(Color::Yellow)
            } else {
                cell
            }
        };
        t.add_row(vec![key("  header"), cell]);
    }
}

/// The mismatches listed, `; ` between them, and how many more were counted.
pub fn mismatch_list(check: &BodyCheck) -> String {
    let mut text = check.problems.join("; ");
    if check.more > 0 {
        text.push_str(&format!(" (and {} more)", check.more));
    }
    text
}

/// True when the class row's "not in the documented table" flag would mislead: the
/// operation documents the status itself.
pub fn documented_by_operation(report: &Report) -> bool {
    matches!(
        report.scope,
        Some(Scope::OperationCode | Scope::OperationRange)
    )
}

/// A HAR row's mark: `yes` (its code), `4XX` (its range), `no` (only `default`, or
/// nothing), `—` (no operation matched, or no request); empty without a description.
/// A body that does not fit its schema adds `, body ✗`.
pub fn documented_mark(report: &Report) -> String {
    let mark = match &report.operation {
        OperationLookup::NoDescription => return String::new(),
        OperationLookup::Matched { status, .. } => match status {
            StatusMatch::Code(_) => "yes".to_string(),
            StatusMatch::Range(r) => r.key.to_string(),
            StatusMatch::Default(_) | StatusMatch::Undocumented => "no".to_string(),
        },
        OperationLookup::NoMatch(_) | OperationLookup::NoRequest => "—".to_string(),
    };
    match &report.body_check {
        Some(c) if !c.fits() => format!("{mark}, body ✗"),
        _ => mark,
    }
}

/// The parts of the HAR summary's count line: `operations: 6 of 8 entries matched one`,
/// `2 statuses not documented for theirs`, `1 request matched none`, `1 body did not fit
/// the documented schema` (joined with ` · `, wrapped between parts).
pub fn tally_parts(tally: &OperationTally, entries: usize) -> Vec<String> {
    let n = |count: usize, one: &str, many: &str| {
        format!("{count} {}", if count == 1 { one } else { many })
    };
    vec![
        format!(
            "operations: {} of {} matched one",
            tally.matched,
            n(entries, "entry", "entries")
        ),
        format!(
            "{} not documented for theirs",
            n(tally.undocumented, "status", "statuses")
        ),
        format!("{} matched none", n(tally.unmatched, "request", "requests")),
        format!(
            "{} not fit the documented schema",
            n(tally.misfits, "body did", "bodies did")
        ),
    ]
}

/// When `--strict` let errors pass that are documented only as `default`, a sentence
/// saying so (once, not once per entry).
pub fn tally_by_default(tally: &OperationTally) -> Option<String> {
    (tally.by_default > 0).then(|| {
        format!(
            "--strict: {} documented only as `default` passed: this description documents errors that way",
            if tally.by_default == 1 {
                "1 error".to_string()
            } else {
                format!("{} errors", tally.by_default)
            }
        )
    })
}

/// True when a description was given, so the card has operation rows.
pub fn described(report: &Report) -> bool {
    !matches!(report.operation, OperationLookup::NoDescription)
}

/// The `--json` line's fields about the operation.
#[derive(Serialize)]
pub struct JsonFields {
    pub(super) operation: Option<JsonOperation>,
    /// Why no operation is named although a description was given.
    pub(super) no_operation: Option<String>,
    pub(super) documented_for_operation: Option<bool>,
    pub(super) meaning_from: Option<&'static str>,
    pub(super) operation_response: Option<JsonResponse>,
    /// Why `--strict` failed the response: `status`, `body` or `no_operation`.
    pub(super) strict_failure: Option<&'static str>,
    /// `--strict` let an error pass that the operation documents only as `default`.
    pub(super) error_by_default: bool,
}

#[derive(Serialize)]
pub(super) struct JsonOperation {
    method: String,
    path: String,
    id: Option<String>,
    summary: Option<String>,
    docs_url: Option<String>,
    description_file: String,
}

#[derive(Serialize)]
pub(super) struct JsonResponse {
    status: String,
    matched_by: &'static str,
    description: String,
    summary: Option<String>,
    schema: Option<String>,
    body: Option<JsonBody>,
    problem_type: Option<JsonProblem>,
    headers: Vec<JsonHeader>,
}

#[derive(Serialize)]
struct JsonBody {
    schema: Option<String>,
    /// The alternative a discriminator picked.
    branch: Option<String>,
    fits: bool,
    /// The first mismatches, each starting with its JSON pointer.
    problems: Vec<String>,
    /// Every mismatch counted, those listed included.
    mismatches: usize,
    warnings: Vec<String>,
}

#[derive(Serialize)]
struct JsonProblem {
    #[serde(rename = "type")]
    type_uri: String,
    schema: Option<String>,
    description: Option<String>,
    required: Vec<String>,
}

#[derive(Serialize)]
struct JsonHeader {
    name: String,
    required: bool,
    present: bool,
}

/// The fields for one report.
pub fn json_fields(report: &Report) -> JsonFields {
    let (operation, no_operation) = match &report.operation {
        OperationLookup::Matched { operation, .. } => (
            Some(JsonOperation {
                method: operation.method.clone(),
                path: operation.path.clone(),
                id: operation.id.clone(),
                summary: operation.summary.clone(),
                docs_url: operation.docs_url.clone(),
                description_file: operation.file.to_string(),
            }),
            None,
        ),
        OperationLookup::NoMatch(why) => (None, Some(why.clone())),
        OperationLookup::NoRequest => (None, Some("the input has no request".to_string())),
        OperationLookup::NoDescription => (None, None),
    };
    let media = report.response.media_type();
    let operation_response = report.operation.matched().and_then(|(_, m)| {
        let matched_by = match m {
            StatusMatch::Code(_) => "code",
            StatusMatch::Range(_) => "range",
            StatusMatch::Default(_) => "default",
            StatusMatch::Undocumented => return None,
        };
        let r = m.response()?;
        Some(JsonResponse {
            status: r.key.to_string(),
            matched_by,
            description: r.description.clone(),
            summary: r.summary.clone(),
            schema: r.schema_name(media.as_deref()).map(str::to_string),
            body: report.body_check.as_ref().map(|c| JsonBody {
                schema: c.schema.clone(),
                branch: c.branch.clone(),
                fits: c.fits(),
                problems: c.problems.clone(),
                mismatches: c.mismatches(),
                warnings: c.warnings.clone(),
            }),
            problem_type: report
                .body_check
                .as_ref()
                .and_then(|c| c.problem.as_ref())
                .map(|p| JsonProblem {
                    type_uri: p.type_uri.clone(),
                    schema: p.schema.name.clone(),
                    description: p.schema.description.clone(),
                    required: p.schema.required.clone(),
                }),
            headers: report
                .headers
                .iter()
                .map(|(h, present)| JsonHeader {
                    name: h.name.clone(),
                    required: h.required,
                    present: *present,
                })
                .collect(),
        })
    });
    let meaning_from = report.scope.map(|scope| match scope {
        Scope::Undocumented => match report.verdict.as_ref().map(|v| v.source) {
            Some(crate::classify::Source::Unknown) => "unknown",
            _ => "registry",
        },
        other => other.key(),
    });
    JsonFields {
        operation,
        no_operation,
        documented_for_operation: report.operation.documented(),
        meaning_from,
        operation_response,
        strict_failure: report.strict.map(|s| match s {
            StrictFailure::Status => "status",
            StrictFailure::Body => "body",
            StrictFailure::NoOperation => "no_operation",
        }),
        error_by_default: report.error_by_default,
    }
}
