//! Output of `resp explain`: cards for codes asked by number, a table for lists, and the
//! `--json` array `{code, text, description, class, source, exit_code, hints}`.

use std::io::{self, Write};

use colored::Colorize;
use comfy_table::{Attribute, Cell, Color};
use serde::Serialize;

use super::{class_color, class_colored, kv_table, kv_text, new_table, sanitize};
use crate::classify::{Source, Verdict};
use crate::config::Config;
use crate::docs::{Docs, ErrorCode, Origin};
use crate::explain::{Explanation, View, class_line};

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
    match explanation.view {
        View::Cards => {
            for (i, v) in explanation.verdicts.iter().enumerate() {
                if i > 0 {
                    writeln!(out)?;
                }
                card(out, v, config)?;
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
                list(out, &explanation.verdicts, docs, config)?;
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

fn source_line(v: &Verdict) -> String {
    match (v.source, &v.origin) {
        (Source::Documented, Some(Origin::File(name))) => {
            format!("documented table ({})", sanitize::line(name))
        }
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
    let key = |k: &str| Cell::new(k).add_attribute(Attribute::Dim);
    // A table row may leave its description blank: no empty line for it.
    if !v.description.is_empty() {
        t.add_row(vec![
            key("meaning"),
            Cell::new(sanitize::text(&v.description)),
        ]);
    }
    t.add_row(vec![
        key("class"),
        Cell::new(class_line(v.class, v.code)).fg(class_color(v.class)),
    ]);
    let source = Cell::new(source_line(v));
    let source = if v.source == Source::Documented {
        source
    } else {
        source.fg(Color::Yellow)
    };
    t.add_row(vec![key("source"), source]);
    t.add_row(vec![key("exit code"), Cell::new(v.exit.code())]);
    for hint in &v.hints {
        t.add_row(vec![key("hint"), Cell::new(hint)]);
    }
    writeln!(out, "{}", kv_text(t))
}

fn list(out: &mut dyn Write, verdicts: &[Verdict], docs: &Docs, config: &Config) -> io::Result<()> {
    let mixed = verdicts.iter().any(|v| v.source != Source::Documented);
    let mut t = new_table(config, true);
    let mut header = vec!["Code", "Text", "Class", "Description"];
    if mixed {
        header.push("Source");
    }
    t.set_header(header);
    for v in verdicts {
        let color = class_color(v.class);
        let mut row = vec![
            Cell::new(format!("{:03}", v.code))
                .fg(color)
                .add_attribute(Attribute::Bold),
            Cell::new(sanitize::line(&v.text)).fg(color),
            Cell::new(v.class.label()),
            Cell::new(sanitize::text(&v.description)),
        ];
        if mixed {
            let source = match v.source {
                Source::Documented => Cell::new("documented"),
                Source::Standard => Cell::new("standard*").fg(Color::Yellow),
                Source::Unknown => Cell::new("unknown").fg(Color::Yellow),
            };
            row.push(source);
        }
        t.add_row(row);
    }
    writeln!(out, "{t}")?;
    if mixed {
        writeln!(out, "* standard registry: not in the documented table")?;
    }
    let files = docs.table_files();
    if !files.is_empty() {
        let files: Vec<_> = files.iter().map(|f| sanitize::line(f)).collect();
        writeln!(out, "documented table: {}", files.join(", "))?;
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
    let key = |k: &str| Cell::new(k).add_attribute(Attribute::Dim);
    if !e.description.is_empty() {
        t.add_row(vec![
            key("meaning"),
            Cell::new(sanitize::text(&e.description)),
        ]);
    }
    let origin = docs.error_code_origin(&e.code).map_or(String::new(), |o| {
        sanitize::line(&o.to_string()).into_owned()
    });
    let source = format!("the API's documented error codes ({origin})");
    t.add_row(vec![key("source"), Cell::new(source)]);
    t.add_row(vec![
        key("seen in"),
        Cell::new("the \"code\" of a JSON error body, not the HTTP status"),
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
    let mut t = new_table(config, true);
    t.set_header(vec!["Code", "Text", "Description"]);
    for e in codes {
        t.add_row(vec![
            Cell::new(sanitize::line(&e.code)).add_attribute(Attribute::Bold),
            Cell::new(sanitize::line(&e.text)),
            Cell::new(sanitize::text(&e.description)),
        ]);
    }
    writeln!(out, "{t}")
}

#[derive(Serialize)]
struct Entry<'a> {
    code: u16,
    text: &'a str,
    description: &'a str,
    class: &'static str,
    source: &'static str,
    exit_code: u8,
    hints: &'a [String],
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
}

fn json(out: &mut dyn Write, explanation: &Explanation) -> io::Result<()> {
    let statuses = explanation.verdicts.iter().map(|v| {
        Item::Status(Entry {
            code: v.code,
            text: &v.text,
            description: &v.description,
            class: v.class.key(),
            source: v.source.key(),
            exit_code: v.exit.code(),
            hints: &v.hints,
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
    let items: Vec<Item> = statuses.chain(errors).collect();
    // One line, with the same escaping as `read --json`: a table file's text may hold
    // controls that serde_json alone would write raw.
    let mut json = serde_json::Serializer::with_formatter(&mut *out, sanitize::JsonFormatter);
    items.serialize(&mut json)?;
    writeln!(out)
}
