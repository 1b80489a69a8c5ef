//! `resp explain`'s lists: the table of statuses (code, text, class, description, and
//! with them the source and the operations documenting each) and the table of an API's
//! error codes, and the lines under them. No word is split: each column of a table is at
//! least as wide as its longest word, the room left going to the narrowest; where that
//! passes the width the class column goes, then the table gives way to a few lines a
//! code, wrapped between words. Only a word wider than a line (a URL, a megabyte cut to
//! what a cell shows) is broken, in a table as comfy-table lays it out. Everything from
//! a file is sanitized, and bounded as a cell is ([`cell::bounded`]).

use std::io::{self, Write};

use colored::Colorize;
use comfy_table::{Attribute, Color};

use super::explain::{Style, max_width, styled, wrapped};
use super::{cell, class_color, class_colored, new_table, sanitize};
use crate::classify::{Source, Verdict};
use crate::config::Config;
use crate::docs::{Docs, ErrorCode, Origin};
use crate::explain::Explanation;

/// The statuses of `explanation` in a table, or a few lines each where no table fits.
pub(super) fn list(
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
        .map(|v| cell::bounded(&sanitize::line(&v.text)).into_owned())
        .collect();
    let descriptions: Vec<String> = verdicts
        .iter()
        .map(|v| cell::bounded(&sanitize::text(&v.description)).into_owned())
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
    let kept = match layout(&columns, &["Class"], config) {
        Layout::Table(kept) => Some(kept),
        Layout::Squeezed => None,
        Layout::Lines => {
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
        }
    };
    let shown: Vec<usize> = kept.clone().unwrap_or_else(|| (0..columns.len()).collect());
    let mut t = new_table(config, true);
    t.set_header(shown.iter().map(|&c| columns[c].0));
    for (i, v) in verdicts.iter().enumerate() {
        let color = class_color(v.class);
        let row = shown.iter().map(|&c| {
            // Bounded above: `fitted` takes them as they are.
            let text = cell::fitted(columns[c].1[i].to_string());
            match columns[c].0 {
                "Code" => text.fg(color).add_attribute(Attribute::Bold),
                "Text" => text.fg(color),
                "Source" => match source(v).1 {
                    Some(color) => text.fg(color),
                    None => text,
                },
                _ => text,
            }
        });
        t.add_row(row.collect::<Vec<_>>());
    }
    if let Some(kept) = &kept {
        unsplit(&mut t, &columns, kept, config);
    }
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

/// How a list is drawn.
enum Layout {
    /// A table of these columns, none narrower than its longest word.
    Table(Vec<usize>),
    /// A few lines an entry: no table fits, and every word fits a line.
    Lines,
    /// A word wider than a line (a URL, a cut megabyte): it is broken anyway, so the
    /// table of every column, laid out by comfy-table.
    Squeezed,
}

/// How `columns` (header, cells) are drawn at the width, no word split where that can be:
/// a table whose columns are each as wide as their longest word ([`word_floor`]), all of
/// them or without those in `droppable` (taken in order); else lines; else, a word being
/// wider than any line, the table as comfy-table lays it out.
fn layout(columns: &[(&str, Vec<&str>)], droppable: &[&str], config: &Config) -> Layout {
    if let Some(kept) = unsplit_columns(columns, droppable, config) {
        return Layout::Table(kept);
    }
    let room = usize::from(config.width).saturating_sub(2);
    if columns.iter().all(|c| word_floor(c) <= room) {
        Layout::Lines
    } else {
        Layout::Squeezed
    }
}

/// Which of `columns` a bordered table at the width keeps so that each is as wide as its
/// longest word: all, else without those in `droppable`, taken in order; `None` when
/// even the rest do not fit.
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
/// included (up to [`super::fit::WIDEST`]). A word too long for any table (a URL in a
/// description) sends the list to lines, where it stays whole on a line of its own.
fn word_floor((header, cells): &(&str, Vec<&str>)) -> usize {
    let longest = super::fit::longest_word(cells.iter().copied());
    longest
        .min(super::fit::WIDEST)
        .max(super::fit::width(header))
}

/// Sets the width of each of the `kept` columns of `t` (which [`layout`] chose):
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

/// A table of API error codes (all of them with the whole table).
pub(super) fn error_codes(
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
        .map(|e| cell::bounded(&sanitize::line(&e.code)).into_owned())
        .collect();
    let texts: Vec<String> = codes
        .iter()
        .map(|e| cell::bounded(&sanitize::line(&e.text)).into_owned())
        .collect();
    let descriptions: Vec<String> = codes
        .iter()
        .map(|e| cell::bounded(&sanitize::text(&e.description)).into_owned())
        .collect();
    fn as_str(v: &[String]) -> Vec<&str> {
        v.iter().map(String::as_str).collect()
    }
    let columns = [
        ("Code", as_str(&names)),
        ("Text", as_str(&texts)),
        ("Description", as_str(&descriptions)),
    ];
    let kept = match layout(&columns, &[], config) {
        Layout::Table(kept) => Some(kept),
        Layout::Squeezed => None,
        Layout::Lines => {
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
        }
    };
    let mut t = new_table(config, true);
    t.set_header(vec!["Code", "Text", "Description"]);
    for i in 0..codes.len() {
        // Bounded above: `fitted` takes them as they are.
        t.add_row(vec![
            cell::fitted(names[i].clone()).add_attribute(Attribute::Bold),
            cell::fitted(texts[i].clone()),
            cell::fitted(descriptions[i].clone()),
        ]);
    }
    if let Some(kept) = &kept {
        unsplit(&mut t, &columns, kept, config);
    }
    writeln!(out, "{t}")
}
