//! Output of `resp explain`: cards for codes asked by number, a table for lists, and the
//! `--json` array `{code, text, description, class, source, exit_code, hints}`.

use std::io::{self, Write};

use colored::Colorize;
use comfy_table::{Attribute, Cell, Color};
use serde::Serialize;

use super::{class_color, class_colored, kv_table, kv_text, new_table, sanitize};
use crate::classify::{Source, Verdict};
use crate::config::Config;
use crate::explain::{Explanation, View, class_line};
use crate::table::Table;

/// Writes `explanation` as `config` asks (human or JSON).
pub fn explain(
    out: &mut dyn Write,
    explanation: &Explanation,
    table: &Table,
    config: &Config,
) -> io::Result<()> {
    if config.json {
        return json(out, &explanation.verdicts);
    }
    match explanation.view {
        View::Cards => {
            for (i, v) in explanation.verdicts.iter().enumerate() {
                if i > 0 {
                    writeln!(out)?;
                }
                card(out, v, table, config)?;
            }
            Ok(())
        }
        View::List => {
            list(out, &explanation.verdicts, table, config)?;
            if explanation.whole_table {
                error_codes(out, table, config)?;
            }
            Ok(())
        }
    }
}

fn source_line(v: &Verdict, table: &Table) -> String {
    match v.source {
        Source::Documented if table.origin() == "embedded" => "documented table".to_string(),
        Source::Documented => format!("documented table ({})", sanitize::line(table.origin())),
        Source::Standard => "standard registry: not in the documented table".to_string(),
        Source::Unknown => {
            "unknown: neither in the documented table nor the standard registry".to_string()
        }
    }
}

fn card(out: &mut dyn Write, v: &Verdict, table: &Table, config: &Config) -> io::Result<()> {
    let headline = format!("{:03} {}", v.code, sanitize::line(&v.text));
    writeln!(out, "{}", headline.color(class_colored(v.class)).bold())?;
    let mut t = kv_table(config);
    let key = |k: &str| Cell::new(k).add_attribute(Attribute::Dim);
    t.add_row(vec![
        key("meaning"),
        Cell::new(sanitize::text(&v.description)),
    ]);
    t.add_row(vec![
        key("class"),
        Cell::new(class_line(v.class, v.code)).fg(class_color(v.class)),
    ]);
    let source = Cell::new(source_line(v, table));
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

fn list(
    out: &mut dyn Write,
    verdicts: &[Verdict],
    table: &Table,
    config: &Config,
) -> io::Result<()> {
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
    if table.origin() != "embedded" {
        writeln!(out, "documented table: {}", sanitize::line(table.origin()))?;
    }
    Ok(())
}

/// The table's API error codes, as understood (shown with the whole table).
pub fn error_codes(out: &mut dyn Write, table: &Table, config: &Config) -> io::Result<()> {
    if table.error_codes().is_empty() {
        return Ok(());
    }
    writeln!(out, "\n{}", "Error codes".bold())?;
    let mut t = new_table(config, true);
    t.set_header(vec!["Code", "Text", "Description"]);
    for e in table.error_codes() {
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

fn json(out: &mut dyn Write, verdicts: &[Verdict]) -> io::Result<()> {
    let entries: Vec<Entry> = verdicts
        .iter()
        .map(|v| Entry {
            code: v.code,
            text: &v.text,
            description: &v.description,
            class: v.class.key(),
            source: v.source.key(),
            exit_code: v.exit.code(),
            hints: &v.hints,
        })
        .collect();
    serde_json::to_writer_pretty(&mut *out, &entries)?;
    writeln!(out)
}
