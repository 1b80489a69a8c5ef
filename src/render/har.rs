//! The HAR view: a summary table (a row per entry, URLs under the page's common origin
//! shown as paths), the count lines, and the first failing entries in full as cards.

use std::io::{self, Write};

use colored::Colorize;
use comfy_table::{Attribute, Cell, Color, ColumnConstraint, Width};

use super::response::{Show, card, error_summary, plural, shown_url};
use super::{class_color, new_table, sanitize};
use crate::cli::BodyMode;
use crate::config::Config;
use crate::report::Report;

/// One row of a HAR summary.
#[derive(Debug, Clone)]
pub struct HarRow {
    pub index: usize,
    pub method: String,
    pub url: String,
    pub status: Option<u16>,
    pub class: Option<crate::classify::Class>,
    pub meaning: String,
    pub error: String,
    /// Whether the status is documented for the entry's operation: `yes`, `4XX`,
    /// `no`, or `—` for no operation (shown with a description).
    pub documented: String,
}

impl HarRow {
    /// The summary row for a report (entry `index`).
    pub fn of(index: usize, report: &Report) -> HarRow {
        let r = &report.response;
        let (method, url) = r
            .request
            .as_ref()
            .map_or((String::new(), String::new()), |q| {
                (q.method.clone(), q.url.clone())
            });
        HarRow {
            index,
            method,
            url,
            status: report.verdict.as_ref().map(|v| v.code),
            class: report.verdict.as_ref().map(|v| v.class),
            meaning: match &report.verdict {
                Some(v) => v.text.clone(),
                None if r.malformed => "malformed entry".to_string(),
                None => "no response".to_string(),
            },
            error: match (report.api_error(), &r.failure) {
                (Some(e), _) => error_summary(e),
                (None, Some(f)) => f.clone(),
                (None, None) => String::new(),
            },
            documented: super::operation::documented_mark(report),
        }
    }
}

/// What a HAR summary shows: the first rows and failing entries, and how many there are.
pub struct HarSummary<'a> {
    pub file: &'a str,
    /// The first rows (up to a cap) of `entries` in all.
    pub rows: &'a [HarRow],
    pub entries: usize,
    /// The first failing entries (up to a cap) of `failing_total` in all.
    pub failing: &'a [Report],
    pub failing_total: usize,
    /// How the entries stand against the descriptions' operations, when one was given.
    pub operations: Option<crate::report::OperationTally>,
}

/// `scheme://host[:port]` of a URL.
fn origin_of(url: &str) -> Option<&str> {
    let (scheme, rest) = url.split_once("://")?;
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    Some(&url[..scheme.len() + 3 + end])
}

/// The origin at least half of `urls` share, if any. Origins carry no credentials once
/// masked, but userinfo makes an origin personal: such URLs are left whole.
fn common_origin<'a>(urls: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    let mut total = 0;
    for origin in urls.filter_map(origin_of) {
        total += 1;
        if origin.contains('@') {
            continue;
        }
        match counts.iter().position(|(o, _)| *o == origin) {
            Some(i) => counts[i].1 += 1,
            None if counts.len() < 64 => counts.push((origin, 1)),
            None => {}
        }
    }
    counts
        .into_iter()
        .max_by_key(|&(_, n)| n)
        .filter(|&(_, n)| n * 2 >= total && n > 1)
        .map(|(o, _)| o)
}

/// The HAR summary table, then cards for the failing entries.
pub fn har_summary(
    out: &mut dyn Write,
    summary: &HarSummary,
    show: &Show,
    config: &Config,
) -> io::Result<()> {
    let HarSummary {
        file,
        rows,
        entries,
        failing,
        failing_total,
        operations,
    } = *summary;
    // Most of a page's requests go to one origin: its URLs are shown as paths.
    let origin = common_origin(rows.iter().map(|r| r.url.as_str()));
    let mut t = new_table(config, true);
    let mut header = vec!["#", "Method", "URL", "Status", "Meaning", "Error"];
    if operations.is_some() {
        header.push("Documented");
    }
    t.set_header(header);
    for row in rows {
        let color = row.class.map_or(Color::Red, class_color);
        let url = shown_url(&row.url, show);
        let url = match origin {
            Some(o) if url.starts_with(o) && url[o.len()..].starts_with('/') => &url[o.len()..],
            _ => url.as_ref(),
        };
        let mut cells = vec![
            Cell::new(row.index),
            Cell::new(sanitize::line(&row.method)),
            Cell::new(sanitize::line(url)),
            Cell::new(row.status.map_or("—".to_string(), |s| format!("{s:03}")))
                .fg(color)
                .add_attribute(Attribute::Bold),
            Cell::new(sanitize::line(&row.meaning)).fg(color),
            Cell::new(sanitize::line(&row.error)),
        ];
        if operations.is_some() {
            let cell = Cell::new(&row.documented);
            cells.push(if row.documented == "no" {
                cell.fg(Color::Yellow)
            } else {
                cell
            });
        }
        t.add_row(cells);
    }
    let paths = origin.map_or(String::new(), |o| {
        format!(" · paths under {}", sanitize::line(o))
    });
    writeln!(
        out,
        "{}",
        format!(
            "{} · {}{paths}",
            sanitize::line(file),
            plural(entries, "entry", "entries")
        )
        .bold()
    )?;
    // The URL says which request it was: it gets room before the texts do, up to its
    // longest value.
    let longest_url = t.column_max_content_widths().get(2).copied().unwrap_or(0);
    if let Some(column) = t.column_mut(2) {
        // The constraint counts the cell padding too.
        let room = (config.width / 3).min(longest_url.saturating_add(2));
        column.set_constraint(ColumnConstraint::LowerBoundary(Width::Fixed(room)));
    }
    writeln!(out, "{t}")?;
    if entries > rows.len() {
        writeln!(
            out,
            "{}",
            format!(
                "… {} more entries (--entry N shows one, --json lists all)",
                entries - rows.len()
            )
            .dimmed()
        )?;
    }
    if let Some(tally) = operations {
        writeln!(out, "{}", super::operation::tally_line(&tally, entries))?;
    }
    if failing_total == 0 {
        return Ok(());
    }
    writeln!(
        out,
        "\n{}",
        format!("{} failing:", plural(failing_total, "entry", "entries")).bold()
    )?;
    // Cards under a summary stay short: a body only when asked for in full.
    let body = if show.body == BodyMode::Full {
        BodyMode::Full
    } else {
        BodyMode::None
    };
    let card_show = Show {
        name_source: true,
        body,
        ..*show
    };
    for report in failing {
        writeln!(out)?;
        card(out, report, &card_show, config)?;
    }
    if failing_total > failing.len() {
        writeln!(
            out,
            "\n{}",
            format!(
                "… {} more failing entries (--entry N shows one, --json lists all)",
                failing_total - failing.len()
            )
            .dimmed()
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_common_origin_of_a_page() {
        let urls = [
            "http://a:1/x",
            "http://a:1/y?q",
            "https://b/z",
            "http://a:1",
        ];
        assert_eq!(common_origin(urls.into_iter()), Some("http://a:1"));
        assert_eq!(
            common_origin(["http://a/x", "http://b/y", "http://c/z"].into_iter()),
            None
        );
        assert_eq!(
            common_origin(["http://u:p@a/x", "http://u:p@a/y"].into_iter()),
            None
        );
        assert_eq!(common_origin(std::iter::empty()), None);
    }
}
