//! The card's URL rows (request, location) kept whole. comfy-table breaks a long URL
//! anywhere, and a URL broken over lines no longer copies: such a cell holds a mark of no
//! width while the table is laid out, and the URL is put in its place afterwards, on its
//! row when it fits there, else whole on a line of its own. A URL longer than a cell shows
//! is left to the table, cut with a note. The marks are bidi controls, which the
//! sanitizer escapes in any text of a server's or a file's: only ours are found.

use colored::Colorize;
use comfy_table::Color;

use super::cell;

/// The URLs held out of a card's table, each behind its mark until [`WholeUrls::place`].
#[derive(Default)]
pub(super) struct WholeUrls {
    /// What goes before the URL on its row (`GET `), the URL, and whether it is cyan.
    held: Vec<(String, String, bool)>,
}

impl WholeUrls {
    /// The mark of the `i`th URL: none is part of another.
    fn mark(i: usize) -> String {
        format!("\u{202e}{}\u{202c}", "\u{202d}".repeat(i))
    }

    /// A cell that holds `url` (after `before`) for [`WholeUrls::place`]. A URL longer
    /// than a cell shows ([`cell::CELL_BYTES`]) could not be copied whole from a terminal
    /// anyway: it is cut with a note and wrapped, as any text.
    pub(super) fn hold(&mut self, before: String, url: String, cyan: bool) -> comfy_table::Cell {
        let cell = if before.len() + url.len() > cell::CELL_BYTES {
            cell::of(format!("{before}{url}"))
        } else {
            let mark = Self::mark(self.held.len());
            self.held.push((before, url, cyan));
            cell::fitted(mark)
        };
        if cyan { cell.fg(Color::Cyan) } else { cell }
    }

    /// `table` with each mark replaced: the URL on its row when the row still fits in
    /// `width` cells, else the text before it on the row and the URL on the next line,
    /// under the row's values when it fits there, else from the first column.
    pub(super) fn place(&self, table: &str, width: usize) -> String {
        let mut out = Vec::new();
        for line in table.lines() {
            let found = self.held.iter().enumerate().find_map(|(i, held)| {
                let mark = Self::mark(i);
                line.find(&mark).map(|at| (at, mark.len(), held))
            });
            let Some((at, len, (before, url, cyan))) = found else {
                out.push(line.to_string());
                continue;
            };
            let (head, tail) = (&line[..at], &line[at + len..]);
            let start = super::fit::width(&plain(head));
            let whole = format!("{before}{url}");
            if start + super::fit::width(&whole) <= width {
                out.push(super::fit::trim_end_styled(&format!("{head}{whole}{tail}")));
                continue;
            }
            out.push(super::fit::trim_end_styled(&format!(
                "{head}{before}{tail}"
            )));
            let indent = if start + super::fit::width(url) <= width {
                " ".repeat(start)
            } else {
                String::new()
            };
            let url = if *cyan {
                url.cyan().to_string()
            } else {
                url.clone()
            };
            out.push(format!("{indent}{url}"));
        }
        out.join("\n")
    }
}

/// `text` without its colour codes, to measure it.
fn plain(text: &str) -> String {
    super::usage::without_styles(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_url_is_placed_on_its_row_or_whole_on_a_line_of_its_own() {
        assert_eq!(crate::render::fit::width(&WholeUrls::mark(3)), 0);
        let mut urls = WholeUrls::default();
        let _ = urls.hold(
            "GET ".into(),
            "http://h/".to_string() + &"a".repeat(50),
            false,
        );
        let _ = urls.hold(String::new(), "http://h/short".into(), true);
        let table = format!(
            "  request   {}\n  location  \x1b[36m{}\x1b[39m\n  exit code 0",
            WholeUrls::mark(0),
            WholeUrls::mark(1)
        );
        let url = format!("http://h/{}", "a".repeat(50));
        assert_eq!(
            urls.place(&table, 80),
            format!(
                "  request   GET {url}\n  location  \x1b[36mhttp://h/short\x1b[39m\n  exit code 0"
            )
        );
        let placed = urls.place(&table, 60);
        let lines: Vec<&str> = placed.lines().collect();
        assert_eq!(lines[0], "  request   GET");
        assert_eq!(lines[1], url, "whole, from the first column: {placed}");
        assert_eq!(lines[2], "  location  \x1b[36mhttp://h/short\x1b[39m");
        let placed = urls.place(&table, 72);
        assert_eq!(
            placed.lines().nth(1),
            Some(format!("{:12}{url}", "").as_str())
        );
        // Past what a cell shows, a URL is no longer held: the table cuts and wraps it.
        let _ = urls.hold(String::new(), "u".repeat(cell::CELL_BYTES + 1), false);
        assert_eq!(urls.held.len(), 2);
    }
}
