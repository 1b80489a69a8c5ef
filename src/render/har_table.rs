//! The HAR summary's table: a row per entry listed, fitted to the width without wrapping
//! (see `fit.rs`), drawn a thousand rows at a time so a long listing is never held as
//! one table.

use std::io::{self, Write};

use comfy_table::{Attribute, Color, ContentArrangement};

use super::fit::{self, Column, Cut, Listed};
use super::har::{HarRow, HarSummary, listed_url, size_text};
use super::response::Show;
use super::{cell, class_color, new_table, sanitize};
use crate::config::Config;

/// Rows drawn at a time by [`table`].
const TABLE_CHUNK: usize = 1000;

/// The summary table, fitted to the width: no row wraps, no word is split.
pub(super) fn table(
    out: &mut dyn Write,
    summary: &HarSummary,
    origin: Option<&str>,
    show: &Show,
    config: &Config,
) -> io::Result<()> {
    let rows = summary.rows;
    let text = |f: &dyn Fn(&HarRow) -> String| rows.iter().map(f).collect::<Vec<_>>();
    let mut columns = vec![
        Listed {
            header: "#",
            cut: Cut::Never,
            floor: 0,
            comfortable: 0,
            drop: None,
            grow: 9,
            cells: text(&|r| r.index.to_string()),
        },
        Listed {
            header: "Method",
            cut: Cut::Never,
            floor: 0,
            comfortable: 0,
            drop: Some(12),
            grow: 9,
            cells: text(&|r| sanitize::line(&r.method).into_owned()),
        },
        Listed {
            header: "URL",
            cut: Cut::Middle,
            floor: 16,
            comfortable: 40,
            drop: None,
            grow: 0,
            cells: text(&|r| listed_url(&r.url, origin, show)),
        },
        Listed {
            header: "Status",
            cut: Cut::Never,
            floor: 0,
            comfortable: 0,
            drop: None,
            grow: 9,
            cells: text(&|r| r.status.map_or("—".to_string(), |s| format!("{s:03}"))),
        },
        Listed {
            header: "Meaning",
            cut: Cut::Words,
            floor: 0,
            comfortable: 18,
            drop: Some(3),
            grow: 2,
            cells: text(&|r| sanitize::line(&r.meaning).into_owned()),
        },
        Listed {
            header: "Error",
            cut: Cut::Words,
            floor: 0,
            comfortable: 24,
            drop: Some(13),
            grow: 1,
            cells: text(&|r| sanitize::line(&r.error).into_owned()),
        },
        Listed {
            header: "Time",
            cut: Cut::Never,
            floor: 0,
            comfortable: 0,
            drop: Some(11),
            grow: 9,
            cells: text(&|r| r.time_ms.map(super::wire::duration).unwrap_or_default()),
        },
        Listed {
            header: "Size",
            cut: Cut::Never,
            floor: 0,
            comfortable: 0,
            drop: Some(1),
            grow: 9,
            cells: text(&|r| r.size.map(size_text).unwrap_or_default()),
        },
        Listed {
            header: "Type",
            cut: Cut::Never,
            floor: 0,
            comfortable: 0,
            drop: Some(0),
            grow: 9,
            cells: text(&|r| sanitize::line(&r.kind).into_owned()),
        },
    ];
    if summary.operations.is_some() {
        columns.push(Listed {
            header: "Documented",
            cut: Cut::Never,
            floor: 0,
            comfortable: 0,
            drop: Some(10),
            grow: 9,
            cells: text(&|r| r.documented.clone()),
        });
    }
    // A column nobody filled (no entry says its size) takes no room.
    columns.retain(|c| c.drop.is_none() || c.cells.iter().any(|s| !s.is_empty()));
    let fitting: Vec<Column> = columns.iter().map(Listed::column).collect();
    let budget = config.fit_width.then_some(usize::from(config.width));
    let widths = fit::fit(&fitting, budget);
    // Each kept column's cells cut to its room, once; the column is as wide as its widest
    // cell then (a cut at a word may leave all of them narrower than the room).
    let kept: Vec<(usize, usize)> = widths
        .iter()
        .enumerate()
        .filter_map(|(i, w)| w.map(|w| (i, w)))
        .map(|(i, w)| {
            columns[i].cut_to(w);
            (i, columns[i].drawn_width())
        })
        .collect();
    // Drawn a chunk of rows at a time, each cell padded to its column's width so that
    // the chunks line up as one table: a table of every row at once held several copies
    // of each.
    let chunks = rows.len().div_ceil(TABLE_CHUNK).max(1);
    for chunk in 0..chunks {
        let mut t = new_table(config, true);
        t.set_content_arrangement(ContentArrangement::Disabled);
        t.set_header(kept.iter().map(|&(i, w)| match columns[i].header {
            h @ ("Time" | "Size") => format!("{h:>w$}"),
            h => h.to_string(),
        }));
        let first = chunk * TABLE_CHUNK;
        for (n, row) in rows.iter().enumerate().skip(first).take(TABLE_CHUNK) {
            let color = row.class.map_or(Color::Red, class_color);
            let cells = kept.iter().map(|&(i, w)| {
                let c = &columns[i];
                let text = &c.cells[n];
                let pad = " ".repeat(w.saturating_sub(fit::width(text)));
                // Right-aligned figures read down their units.
                let cell = cell::fitted(match c.header {
                    "Time" | "Size" => format!("{pad}{text}"),
                    _ => format!("{text}{pad}"),
                });
                match c.header {
                    "Status" => cell.fg(color).add_attribute(Attribute::Bold),
                    "Meaning" => cell.fg(color),
                    "Documented" if row.documented == "no" => cell.fg(Color::Yellow),
                    "Time" | "Size" | "Type" => cell.add_attribute(Attribute::Dim),
                    _ => cell,
                }
            });
            t.add_row(cells.collect::<Vec<_>>());
        }
        let drawn = t.to_string();
        let lines: Vec<&str> = drawn.lines().collect();
        // The first chunk keeps the top border and the header, the last the bottom border.
        let from = if chunk == 0 { 0 } else { 3 };
        let to = if chunk + 1 == chunks {
            lines.len()
        } else {
            lines.len().saturating_sub(1)
        };
        for line in lines.get(from..to).unwrap_or_default() {
            writeln!(out, "{line}")?;
        }
    }
    Ok(())
}
