//! Output of `resp explain`: cards for codes asked by number, a table for lists, and the
//! `--json` array `{code, text, description, class, source, exit_code, hints,
//! operations}`. With a description, a card also lists the operations documenting its
//! code, and a request asked for shows its operation and documented responses. The lines
//! around the tables wrap at the width the tables are fitted to. A list's table never
//! splits a word: each column is at least as wide as its longest word; where that passes
//! the width the class column goes, then the table gives way to a few lines a code.

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
                list(out, explanation, docs, config)?;
            }
            error_codes(
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
fn max_width(config: &Config) -> Option<usize> {
    config.fit_width.then_some(usize::from(config.width))
}

/// `text` wrapped at `max` cells between words; a word wider than `max` (a file name) is
/// kept whole on a line of its own. `None`: one line.
fn wrapped(text: &str, max: Option<usize>) -> String {
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
enum Style {
    Bold,
    Dimmed,
}

/// `text` styled line by line, so that no style runs across a line break.
fn styled(text: &str, style: Style) -> String {
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
        t.add_row(vec![key("hint"), cell::of(hint)]);
    }
    writeln!(out, "{}", kv_text(t))
}

fn list(
    out: &mut dyn Write,
    explanation: &Explanation,
    docs: &Docs,
    config: &Config,
) -> io::Result<()> {
    let verdicts = &explanation.verdicts;
    let mixed = verdicts.iter().any(|v| v.source != Source::Documented);
    let described = !docs.descriptions().is_empty();
    let operations = |i: usize| explanation.operations.get(i).map_or(0, Vec::len);
    let source = |v: &Verdict| match v.source {
        Source::Documented => ("documented", None),
        Source::Standard => ("standard*", Some(Color::Yellow)),
        Source::Unknown => ("unknown", Some(Color::Yellow)),
    };
    let codes: Vec<String> = verdicts.iter().map(|v| format!("{:03}", v.code)).collect();
    let texts: Vec<String> = verdicts
        .iter()
        .map(|v| sanitize::line(&v.text).into_owned())
        .collect();
    let descriptions: Vec<String> = verdicts
        .iter()
        .map(|v| sanitize::text(&v.description).into_owned())
        .collect();
    let mut columns: Vec<(&str, Vec<&str>)> = vec![
        ("Code", codes.iter().map(String::as_str).collect()),
        ("Text", texts.iter().map(String::as_str).collect()),
        ("Class", verdicts.iter().map(|v| v.class.label()).collect()),
        (
            "Description",
            descriptions.iter().map(String::as_str).collect(),
        ),
    ];
    if mixed {
        columns.push(("Source", verdicts.iter().map(|v| source(v).0).collect()));
    }
    let counts: Vec<String> = (0..verdicts.len())
        .map(|i| operations(i).to_string())
        .collect();
    if described {
        columns.push(("Operations", counts.iter().map(String::as_str).collect()));
    }
    // Words are never split: a narrow width drops the class (the code's first digit says
    // it), then gives a few lines a code instead of the table.
    let Some(kept) = unsplit_columns(&columns, &["Class"], config) else {
        for (i, v) in verdicts.iter().enumerate() {
            let headline = format!("{} {}", codes[i], texts[i]);
            let headline = wrapped(&headline, max_width(config));
            for line in headline.lines() {
                writeln!(out, "{}", line.color(class_colored(v.class)).bold())?;
            }
            let mut parts = vec![v.class.label().to_string()];
            if mixed {
                parts.push(source(v).0.to_string());
            }
            if described {
                parts.push(super::response::plural(
                    operations(i),
                    "operation",
                    "operations",
                ));
            }
            indented(out, &super::fit::join_wrapped(&parts, lines_room(config)))?;
            indented(out, &wrapped(&descriptions[i], lines_room(config)))?;
        }
        return list_notes(out, mixed, docs, config);
    };
    let mut t = new_table(config, true);
    t.set_header(kept.iter().map(|&c| columns[c].0));
    for (i, v) in verdicts.iter().enumerate() {
        let color = class_color(v.class);
        let row = kept.iter().map(|&c| {
            let text = columns[c].1[i];
            match columns[c].0 {
                "Code" => cell::of(text).fg(color).add_attribute(Attribute::Bold),
                "Text" => cell::of(text).fg(color),
                "Source" => match source(v).1 {
                    Some(color) => cell::of(text).fg(color),
                    None => cell::of(text),
                },
                _ => cell::of(text),
            }
        });
        t.add_row(row.collect::<Vec<_>>());
    }
    unsplit(&mut t, &columns, &kept, config);
    writeln!(out, "{t}")?;
    list_notes(out, mixed, docs, config)
}

/// The lines under the list: what `*` means, which table documents the codes.
fn list_notes(out: &mut dyn Write, mixed: bool, docs: &Docs, config: &Config) -> io::Result<()> {
    let max = max_width(config);
    if mixed {
        let note = "* standard registry: not in the documented table";
        writeln!(out, "{}", wrapped(note, max))?;
    }
    let files = docs.table_files();
    let table = if !files.is_empty() {
        let files: Vec<_> = files.iter().map(|f| sanitize::line(f)).collect();
        Some(files.join(", "))
    } else {
        docs.is_embedded().then(|| Origin::Embedded.to_string())
    };
    if let Some(table) = table {
        writeln!(
            out,
            "{}",
            wrapped(&format!("documented table: {table}"), max)
        )?;
    }
    Ok(())
}

/// Which of `columns` (header, cells) a bordered table at the width keeps so that each
/// is as wide as its longest word ([`word_floor`]): all, else without those in
/// `droppable`, taken in order; `None` when even the rest do not fit.
fn unsplit_columns(
    columns: &[(&str, Vec<&str>)],
    droppable: &[&str],
    config: &Config,
) -> Option<Vec<usize>> {
    let mut kept: Vec<usize> = (0..columns.len()).collect();
    let needed = |kept: &[usize]| {
        kept.iter()
            .map(|&c| word_floor(&columns[c]) + 3)
            .sum::<usize>()
            + 1
    };
    let mut dropping = droppable.iter();
    while needed(&kept) > usize::from(config.width) {
        let gone = *dropping.next()?;
        kept.retain(|&c| columns[c].0 != gone);
    }
    Some(kept)
}

/// The narrowest a column is drawn without splitting a word: its longest word, header
/// included, up to [`super::fit::WORD_FLOOR`] (a longer word, a URL, is broken anyway).
fn word_floor((header, cells): &(&str, Vec<&str>)) -> usize {
    let longest = super::fit::longest_word(cells.iter().copied());
    longest
        .min(super::fit::WORD_FLOOR)
        .max(super::fit::width(header))
}

/// Sets the width of each of the `kept` columns of `t` (which [`unsplit_columns`] chose):
/// each starts at its [`word_floor`], so that comfy-table splits no word, and the room
/// left goes to the narrowest column still narrower than its widest line, a cell at a time.
fn unsplit(
    t: &mut comfy_table::Table,
    columns: &[(&str, Vec<&str>)],
    kept: &[usize],
    config: &Config,
) {
    let mut widths: Vec<usize> = kept.iter().map(|&c| word_floor(&columns[c])).collect();
    let natural: Vec<usize> = kept
        .iter()
        .map(|&c| {
            let (header, cells) = &columns[c];
            let widest = cells.iter().map(|cell| super::fit::width(cell)).max();
            widest
                .unwrap_or(0)
                .max(super::fit::width(header))
                .min(super::fit::WIDEST)
        })
        .collect();
    let used = widths.iter().sum::<usize>() + 3 * kept.len() + 1;
    for _ in 0..usize::from(config.width).saturating_sub(used) {
        let narrowest = (0..widths.len())
            .filter(|&i| widths[i] < natural[i])
            .min_by_key(|&i| widths[i]);
        match narrowest {
            Some(i) => widths[i] += 1,
            None => break,
        }
    }
    for (at, w) in widths.into_iter().enumerate() {
        let w = u16::try_from(w + 2).unwrap_or(u16::MAX);
        if let Some(column) = t.column_mut(at) {
            column.set_constraint(comfy_table::ColumnConstraint::Absolute(
                comfy_table::Width::Fixed(w),
            ));
        }
    }
}

/// The room of a line indented by two, for the lines that stand for a table.
fn lines_room(config: &Config) -> Option<usize> {
    max_width(config).map(|max| max.saturating_sub(2).max(1))
}

/// Each line of `text` after two blanks.
fn indented(out: &mut dyn Write, text: &str) -> io::Result<()> {
    for line in text.lines() {
        writeln!(out, "  {line}")?;
    }
    Ok(())
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

/// A table of API error codes (all of them with the whole table).
fn error_codes(
    out: &mut dyn Write,
    codes: &[ErrorCode],
    after_statuses: bool,
    config: &Config,
) -> io::Result<()> {
    if codes.is_empty() {
        return Ok(());
    }
    if after_statuses {
        writeln!(out)?;
    }
    writeln!(out, "{}", "Error codes".bold())?;
    let names: Vec<String> = codes
        .iter()
        .map(|e| sanitize::line(&e.code).into_owned())
        .collect();
    let texts: Vec<String> = codes
        .iter()
        .map(|e| sanitize::line(&e.text).into_owned())
        .collect();
    let descriptions: Vec<String> = codes
        .iter()
        .map(|e| sanitize::text(&e.description).into_owned())
        .collect();
    fn as_str(v: &[String]) -> Vec<&str> {
        v.iter().map(String::as_str).collect()
    }
    let columns = [
        ("Code", as_str(&names)),
        ("Text", as_str(&texts)),
        ("Description", as_str(&descriptions)),
    ];
    let Some(kept) = unsplit_columns(&columns, &[], config) else {
        for i in 0..codes.len() {
            let headline = format!("{} {}", names[i], texts[i]);
            writeln!(
                out,
                "{}",
                styled(&wrapped(&headline, max_width(config)), Style::Bold)
            )?;
            indented(out, &wrapped(&descriptions[i], lines_room(config)))?;
        }
        return Ok(());
    };
    let mut t = new_table(config, true);
    t.set_header(vec!["Code", "Text", "Description"]);
    for i in 0..codes.len() {
        t.add_row(vec![
            cell::of(&names[i]).add_attribute(Attribute::Bold),
            cell::of(&texts[i]),
            cell::of(&descriptions[i]),
        ]);
    }
    unsplit(&mut t, &columns, &kept, config);
    writeln!(out, "{t}")
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
