//! Output of `resp explain`: cards for codes asked by number, lists (drawn by
//! `explain_list.rs`), and the `--json` array `{code, text, description, class, source,
//! exit_code, hints, operations}`. With a description, a card also lists the operations
//! documenting its code, and a request asked for shows its operation and documented
//! responses. The lines around the tables wrap at the width the tables are fitted to.

use std::sync::Arc;

use std::io::{self, Write};

use colored::Colorize;
use comfy_table::{Attribute, Color};
use serde::Serialize;

use super::operation::{operation_line, response_line};
use super::{cell, class_color, class_colored, kv_table, kv_text, new_table, sanitize};
use crate::classify::class_line;
use crate::classify::{Source, Verdict};
use crate::config::Config;
use crate::docs::{Docs, ErrorCode, Operation, Origin, StatusMatch};
use crate::explain::{AskedRequest, Explanation, View};

/// Operations listed under one status's card before the rest are counted.
const OPERATIONS_SHOWN: usize = 40;

/// Writes `explanation` as `config` asks (human or JSON).
pub fn explain(
    out: &mut dyn Write,
    explanation: &Explanation,
    docs: &Docs,
    config: &Config,
) -> io::Result<()> {
    if config.json {
        return json(out, explanation);
    }
    for (i, asked) in explanation.requests.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        request(out, asked, config)?;
    }
    match explanation.view {
        View::Cards => {
            for (i, v) in explanation.verdicts.iter().enumerate() {
                if i > 0 {
                    writeln!(out)?;
                }
                card(out, v, config)?;
                if let Some(ops) = explanation.operations.get(i) {
                    documenting(out, v.code, ops, config)?;
                }
            }
            for (i, e) in explanation.error_codes.iter().enumerate() {
                if i > 0 || !explanation.verdicts.is_empty() {
                    writeln!(out)?;
                }
                error_card(out, e, docs, config)?;
            }
            Ok(())
        }
        View::List => {
            if !explanation.verdicts.is_empty() {
                super::explain_list::list(out, explanation, docs, config)?;
            }
            super::explain_list::error_codes(
                out,
                &explanation.error_codes,
                !explanation.verdicts.is_empty(),
                config,
            )
        }
    }
}

/// The width the lines around the tables wrap at, when one was given (the terminal's,
/// `COLUMNS`); `None`: a line each, as the tables are then not fitted either.
pub(super) fn max_width(config: &Config) -> Option<usize> {
    config.fit_width.then_some(usize::from(config.width))
}

/// `text` wrapped at `max` cells between words; a word wider than `max` (a file name) is
/// kept whole on a line of its own. `None`: one line.
pub(super) fn wrapped(text: &str, max: Option<usize>) -> String {
    let Some(max) = max else {
        return text.to_string();
    };
    let mut out = String::with_capacity(text.len());
    let mut used = 0;
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let w = super::fit::width(word);
        if used > 0 && used + 1 + w > max {
            out.push('\n');
            used = 0;
        } else if used > 0 {
            out.push(' ');
            used += 1;
        }
        out.push_str(word);
        used += w;
    }
    out
}

#[derive(Clone, Copy)]
pub(super) enum Style {
    Bold,
    Dimmed,
}

/// `text` styled line by line, so that no style runs across a line break.
pub(super) fn styled(text: &str, style: Style) -> String {
    text.lines()
        .map(|line| match style {
            Style::Bold => line.bold().to_string(),
            Style::Dimmed => line.dimmed().to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn source_line(v: &Verdict) -> String {
    match (v.source, &v.origin) {
        (Source::Documented, Some(Origin::File(name))) => {
            format!("documented table ({})", sanitize::line(name))
        }
        (Source::Documented, Some(o @ Origin::Embedded)) => format!("documented table ({o})"),
        (Source::Documented, _) => "documented table".to_string(),
        (Source::Standard, _) => "standard registry: not in the documented table".to_string(),
        (Source::Unknown, _) => {
            "unknown: neither in the documented table nor the standard registry".to_string()
        }
    }
}

fn card(out: &mut dyn Write, v: &Verdict, config: &Config) -> io::Result<()> {
    let headline = format!("{:03} {}", v.code, sanitize::line(&v.text));
    writeln!(out, "{}", headline.color(class_colored(v.class)).bold())?;
    let mut t = kv_table(config);
    let key = |k: &str| cell::of(k).add_attribute(Attribute::Dim);
    meaning_and_class(&mut t, v);
    let source = cell::of(source_line(v));
    let source = if v.source == Source::Documented {
        source
    } else {
        source.fg(Color::Yellow)
    };
    t.add_row(vec![key("source"), source]);
    t.add_row(vec![key("exit code"), cell::of(v.exit.code().to_string())]);
    for hint in &v.hints {
        // A table's hint is the table's text: untrusted.
        t.add_row(vec![key("hint"), cell::of(sanitize::line(hint))]);
    }
    writeln!(out, "{}", kv_text(t))
}

/// The operations whose descriptions document `code`, under its card.
fn documenting(
    out: &mut dyn Write,
    code: u16,
    ops: &[(Arc<Operation>, StatusMatch)],
    config: &Config,
) -> io::Result<()> {
    if ops.is_empty() {
        return Ok(());
    }
    let count = if ops.len() == 1 {
        "1 operation documents".to_string()
    } else {
        format!("{} operations document", ops.len())
    };
    let max = max_width(config);
    writeln!(out)?;
    writeln!(
        out,
        "{}",
        styled(&wrapped(&format!("{count} {code:03}:"), max), Style::Bold)
    )?;
    let mut t = new_table(config, true);
    t.set_header(vec!["Method", "Path", "Operation", "Documented"]);
    for (op, m) in ops.iter().take(OPERATIONS_SHOWN) {
        let documented = match m {
            StatusMatch::Range(r) => format!("{} ({})", response_line(r), r.key),
            other => other.response().map_or(String::new(), |r| response_line(r)),
        };
        t.add_row(vec![
            cell::of(sanitize::line(&op.method)),
            cell::of(sanitize::line(&op.path)),
            cell::of(op.id.as_deref().map_or("".into(), sanitize::line)),
            cell::of(documented),
        ]);
    }
    writeln!(out, "{t}")?;
    if ops.len() > OPERATIONS_SHOWN {
        let more = format!("… {} more (--json lists all)", ops.len() - OPERATIONS_SHOWN);
        writeln!(out, "{}", styled(&wrapped(&more, max), Style::Dimmed))?;
    }
    Ok(())
}

/// A request asked for: its operation, then each status asked, or every documented one.
fn request(out: &mut dyn Write, asked: &AskedRequest, config: &Config) -> io::Result<()> {
    let max = max_width(config);
    let Some((op, _)) = asked.lookup.matched() else {
        return writeln!(out, "{}", wrapped(&sanitize::line(&asked.asked), max));
    };
    writeln!(
        out,
        "{}",
        styled(&wrapped(&operation_line(op), max), Style::Bold)
    )?;
    let mut t = kv_table(config);
    let key = |k: &str| cell::of(k).add_attribute(Attribute::Dim);
    t.add_row(vec![key("asked"), cell::of(sanitize::line(&asked.asked))]);
    let mut urls = super::url_rows::WholeUrls::default();
    if let Some(url) = &op.docs_url {
        let url = sanitize::line(url).into_owned();
        t.add_row(vec![key("docs"), urls.hold(String::new(), url, false)]);
    }
    t.add_row(vec![key("source"), cell::of(sanitize::line(&op.file))]);
    writeln!(
        out,
        "{}",
        urls.place(&kv_text(t), usize::from(config.width))
    )?;
    if asked.statuses.is_empty() {
        let mut t = new_table(config, true);
        t.set_header(vec!["Status", "Description", "Schema"]);
        for r in op.by_status() {
            t.add_row(vec![
                cell::of(r.key.to_string()).add_attribute(Attribute::Bold),
                cell::of(response_line(r)),
                cell::of(r.schema_name(None).map_or("".into(), sanitize::line)),
            ]);
        }
        return writeln!(out, "{t}");
    }
    for (v, m) in &asked.statuses {
        writeln!(out)?;
        let headline = format!("{:03} {}", v.code, sanitize::line(&v.text));
        writeln!(out, "{}", headline.color(class_colored(v.class)).bold())?;
        let mut t = kv_table(config);
        let documented = super::operation::documented_cell(v.code, m, None);
        t.add_row(vec![key("documented"), documented]);
        if let Some(schema) = m.response().and_then(|r| r.schema_name(None)) {
            t.add_row(vec![key("schema"), cell::of(sanitize::line(schema))]);
        }
        meaning_and_class(&mut t, v);
        t.add_row(vec![key("exit code"), cell::of(v.exit.code().to_string())]);
        writeln!(out, "{}", kv_text(t))?;
    }
    Ok(())
}

/// A card for one of the API's error codes.
fn error_card(out: &mut dyn Write, e: &ErrorCode, docs: &Docs, config: &Config) -> io::Result<()> {
    let headline = format!(
        "error code {} {}",
        sanitize::line(&e.code),
        sanitize::line(&e.text)
    );
    writeln!(out, "{}", headline.bold())?;
    let mut t = kv_table(config);
    let key = |k: &str| cell::of(k).add_attribute(Attribute::Dim);
    if !e.description.is_empty() {
        t.add_row(vec![
            key("meaning"),
            cell::of(sanitize::text(&e.description)),
        ]);
    }
    let origin = docs.error_code_origin(&e.code).map_or(String::new(), |o| {
        sanitize::line(&o.to_string()).into_owned()
    });
    let source = format!("the API's documented error codes ({origin})");
    t.add_row(vec![key("source"), cell::of(source)]);
    t.add_row(vec![
        key("seen in"),
        cell::of("the \"code\" of a JSON error body, not the HTTP status"),
    ]);
    writeln!(out, "{}", kv_text(t))
}

#[derive(Serialize)]
struct Entry<'a> {
    code: u16,
    text: &'a str,
    description: &'a str,
    class: &'static str,
    source: &'static str,
    /// The table that documents it (documented codes only).
    #[serde(skip_serializing_if = "Option::is_none")]
    table: Option<String>,
    exit_code: u8,
    hints: &'a [String],
    /// The operations documenting the code (with a description; else empty).
    operations: Vec<JsonOperation>,
}

#[derive(Serialize)]
struct JsonOperation {
    method: String,
    path: String,
    id: Option<String>,
    summary: Option<String>,
    /// The response key that documents it: `404`, `4XX`.
    status: String,
    description: String,
    schema: Option<String>,
}

impl JsonOperation {
    fn of(op: &Operation, m: &StatusMatch) -> Option<JsonOperation> {
        let r = m.response()?;
        Some(JsonOperation {
            method: op.method.clone(),
            path: op.path.clone(),
            id: op.id.clone(),
            summary: op.summary.clone(),
            status: r.key.to_string(),
            description: r.description.clone(),
            schema: r.schema_name(None).map(str::to_string),
        })
    }
}

#[derive(Serialize)]
struct RequestEntry {
    request: String,
    operation: Option<JsonOperationHead>,
    responses: Vec<JsonResponse>,
    statuses: Vec<JsonAsked>,
}

#[derive(Serialize)]
struct JsonOperationHead {
    method: String,
    path: String,
    id: Option<String>,
    summary: Option<String>,
    docs_url: Option<String>,
}

#[derive(Serialize)]
struct JsonResponse {
    status: String,
    description: String,
    summary: Option<String>,
    schema: Option<String>,
}

#[derive(Serialize)]
struct JsonAsked {
    code: u16,
    text: String,
    class: &'static str,
    exit_code: u8,
    documented_for_operation: bool,
    matched_by: Option<&'static str>,
    description: Option<String>,
}

#[derive(Serialize)]
struct ErrorEntry<'a> {
    error_code: &'a str,
    text: &'a str,
    description: &'a str,
    source: &'static str,
}

#[derive(Serialize)]
#[serde(untagged)]
enum Item<'a> {
    Status(Entry<'a>),
    Error(ErrorEntry<'a>),
    Request(RequestEntry),
}

fn request_entry(asked: &AskedRequest) -> RequestEntry {
    let op = asked.lookup.matched().map(|(op, _)| op);
    RequestEntry {
        request: asked.asked.clone(),
        operation: op.map(|op| JsonOperationHead {
            method: op.method.clone(),
            path: op.path.clone(),
            id: op.id.clone(),
            summary: op.summary.clone(),
            docs_url: op.docs_url.clone(),
        }),
        responses: op.map_or(Vec::new(), |op| {
            op.by_status()
                .into_iter()
                .map(|r| JsonResponse {
                    status: r.key.to_string(),
                    description: r.description.clone(),
                    summary: r.summary.clone(),
                    schema: r.schema_name(None).map(str::to_string),
                })
                .collect()
        }),
        statuses: asked
            .statuses
            .iter()
            .map(|(v, m)| JsonAsked {
                code: v.code,
                text: v.text.clone(),
                class: v.class.key(),
                exit_code: v.exit.code(),
                documented_for_operation: m.is_documented(),
                matched_by: match m {
                    StatusMatch::Code(_) => Some("code"),
                    StatusMatch::Range(_) => Some("range"),
                    StatusMatch::Default(_) => Some("default"),
                    StatusMatch::Undocumented => None,
                },
                description: m.response().map(|r| r.description.clone()),
            })
            .collect(),
    }
}

fn json(out: &mut dyn Write, explanation: &Explanation) -> io::Result<()> {
    let requests = explanation
        .requests
        .iter()
        .map(|a| Item::Request(request_entry(a)));
    let statuses = explanation.verdicts.iter().enumerate().map(|(i, v)| {
        Item::Status(Entry {
            code: v.code,
            text: &v.text,
            description: &v.description,
            class: v.class.key(),
            source: v.source.key(),
            table: v
                .origin
                .as_ref()
                .filter(|_| v.source == Source::Documented)
                .map(ToString::to_string),
            exit_code: v.exit.code(),
            hints: &v.hints,
            operations: explanation
                .operations
                .get(i)
                .into_iter()
                .flatten()
                .filter_map(|(op, m)| JsonOperation::of(op, m))
                .collect(),
        })
    });
    let errors = explanation.error_codes.iter().map(|e| {
        Item::Error(ErrorEntry {
            error_code: &e.code,
            text: &e.text,
            description: &e.description,
            source: "documented",
        })
    });
    let items: Vec<Item> = requests.chain(statuses).chain(errors).collect();
    // One line, with the same escaping as `read --json`: a table file's text may hold
    // controls that serde_json alone would write raw.
    let mut json = serde_json::Serializer::with_formatter(&mut *out, sanitize::JsonFormatter);
    items.serialize(&mut json)?;
    writeln!(out)
}

/// The `meaning` row (a table row may leave its description blank: no empty line for it)
/// and the `class` row of a verdict.
fn meaning_and_class(t: &mut comfy_table::Table, v: &crate::classify::Verdict) {
    let key = |k: &str| cell::of(k).add_attribute(Attribute::Dim);
    if !v.description.is_empty() {
        t.add_row(vec![
            key("meaning"),
            cell::of(sanitize::text(&v.description)),
        ]);
    }
    t.add_row(vec![
        key("class"),
        cell::of(class_line(v.class, v.code)).fg(class_color(v.class)),
    ]);
}
