//! `resp run`'s table: a row per request in file order (name, method, URL, status, time,
//! verdict), each row one line fitted to the width with `fit.rs`'s rules (names and
//! statuses cut after a word, URLs in their middle with `…`; what word cuts leave goes
//! back to the URL; URLs all on one origin shown as paths, the origin said on the count
//! line); the failing requests' messages as numbered notes under it (one note for rows
//! with the same message), wrapped at the width between words; then the count line
//! (wrapped between words, a figure kept with its word) and what was not done. Where
//! even the columns left at their floors pass the width, each request is given in a few
//! lines instead (name; method and URL; status, time and verdict), so that no line passes
//! it. Without a width (a pipe), rows keep their natural width. Everything shown was
//! sanitized into the [`Line`]s.

use std::io::{self, Write};

use colored::Colorize;
use comfy_table::{CellAlignment, Color, ContentArrangement};

use super::fit::{self, Column, Cut, Listed};
use super::response::Show;
use super::run::{Line, Summary};
use super::{class_color, new_table, sanitize};
use crate::config::Config;
use crate::exit::Exit;

/// Writes the table in file order (each row one line, fitted to the width: a long name
/// or status cut after a word, a URL in its middle), the failing requests' messages as
/// numbered notes under it, then the counts and what was not done.
pub fn table(
    out: &mut dyn Write,
    summary: &Summary,
    _show: &Show,
    config: &Config,
) -> io::Result<()> {
    let several_files = summary.lines.windows(2).any(|w| w[0].file != w[1].file);
    let listed: Vec<&Line> = summary
        .lines
        .iter()
        .filter(|l| !summary.failing_only || l.failing)
        .collect();
    // A message does not fit a column: the row points to it, under the table. Rows with
    // the same message point to the same note.
    let mut messages: Vec<&str> = Vec::new();
    let mut numbers: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    let mut verdicts = Vec::with_capacity(listed.len());
    for l in &listed {
        verdicts.push(match l.message.as_deref() {
            Some(m) => {
                let n = *numbers.entry(m).or_insert_with(|| {
                    messages.push(m);
                    messages.len()
                });
                format!("{} [{n}]", l.verdict)
            }
            None => l.verdict.clone(),
        });
    }
    let budget = config.fit_width.then_some(usize::from(config.width));
    // In a table fitted to a width, URLs all on one origin are shown as paths, the origin
    // said once on the count line.
    let origin = budget.and(one_origin(&listed));
    if !listed.is_empty() {
        let text = |f: &dyn Fn(&Line) -> String| listed.iter().map(|l| f(l)).collect();
        let url = |l: &Line| match origin {
            Some(o) => match &l.url[o.len()..] {
                "" => "/".to_string(),
                path => path.to_string(),
            },
            None => l.url.clone(),
        };
        let name = |l: &Line| {
            if several_files {
                format!("{} ({}:{})", l.name, l.file, l.line)
            } else {
                l.name.clone()
            }
        };
        let columns = [
            Listed {
                header: "Request",
                cut: Cut::Words,
                floor: 16,
                comfortable: 24,
                drop: None,
                grow: 1,
                cells: text(&name),
            },
            Listed {
                header: "Method",
                cut: Cut::Never,
                floor: 0,
                comfortable: 0,
                drop: Some(12),
                grow: 9,
                cells: text(&|l| l.method.clone()),
            },
            Listed {
                header: "URL",
                cut: Cut::Middle,
                floor: 16,
                comfortable: 40,
                drop: None,
                grow: 0,
                cells: text(&url),
            },
            Listed {
                header: "Status",
                cut: Cut::Words,
                floor: 8,
                comfortable: 16,
                drop: None,
                grow: 2,
                cells: text(&|l| l.status.clone()),
            },
            Listed {
                header: "Time",
                cut: Cut::Never,
                floor: 0,
                comfortable: 0,
                drop: Some(11),
                grow: 9,
                cells: text(&|l| l.time.map(super::wire::duration).unwrap_or_default()),
            },
            Listed {
                header: "Verdict",
                cut: Cut::Never,
                floor: 0,
                comfortable: 0,
                drop: None,
                grow: 9,
                cells: verdicts,
            },
        ];
        draw(out, &listed, columns, config)?;
    }
    for (n, message) in messages.iter().enumerate() {
        let mark = format!("[{}]", n + 1);
        let lines = wrapped(
            &super::cell::bounded(message),
            fit::width(&mark) + 1,
            budget,
        );
        for (k, text) in lines.iter().enumerate() {
            if k == 0 {
                writeln!(out, "{} {text}", mark.red())?;
            } else {
                writeln!(out, "{:w$} {text}", "", w = fit::width(&mark))?;
            }
        }
    }
    // The figures are kept with their words when the line wraps: `3 failed`, not `3` and
    // `failed` on the next line.
    let head = format!(
        "{}{} in {}:",
        super::response::plural(summary.lines.len(), "request", "requests"),
        origin.map_or(String::new(), |o| format!(" to {o}")),
        super::attempt::duration(summary.elapsed)
    );
    let counts = super::run::counts(summary.lines);
    let last = counts.len().saturating_sub(1);
    let counts: Vec<String> = counts
        .into_iter()
        .enumerate()
        .map(|(i, part)| if i < last { format!("{part},") } else { part })
        .collect();
    let words = head.split(' ').chain(counts.iter().map(String::as_str));
    for line in wrapped_words(words, 0, budget) {
        let line = if summary.exit == Exit::Success {
            line.green()
        } else {
            line.red()
        };
        writeln!(out, "{line}")?;
    }
    for note in &summary.notes {
        let note = sanitize::line(note);
        for (k, text) in wrapped(&note, 6, budget).iter().enumerate() {
            if k == 0 {
                writeln!(out, "{} {text}", "note:".yellow())?;
            } else {
                writeln!(out, "      {text}")?;
            }
        }
    }
    Ok(())
}

/// Draws the rows, each cell cut to its column's fitted width.
fn draw(
    out: &mut dyn Write,
    listed: &[&Line],
    mut columns: [Listed; 6],
    config: &Config,
) -> io::Result<()> {
    let fitting: Vec<Column> = columns.iter().map(Listed::column).collect();
    let budget = config.fit_width.then_some(usize::from(config.width));
    let mut widths = borderless(&fitting, budget);
    let kept: Vec<usize> = (0..columns.len())
        .filter(|&i| widths[i].is_some())
        .collect();
    // Even at their floors the columns left pass the width: a few lines a request.
    let drawn = widths.iter().flatten().map(|w| w + 2).sum::<usize>();
    if let Some(budget) = budget
        && drawn.saturating_sub(1) > budget
    {
        return lines(out, listed, &columns, budget);
    }
    // Texts cut after a word come out narrower than their room: what they leave goes
    // to the URL, cut last.
    for &i in &kept {
        if columns[i].cut != Cut::Middle
            && let Some(w) = widths[i]
        {
            columns[i].cut_to(w);
            widths[i] = Some(fitting[i].natural.min(columns[i].drawn_width()));
        }
    }
    if let Some(budget) = budget
        && let Some(url) = kept
            .iter()
            .copied()
            .find(|&i| columns[i].cut == Cut::Middle)
    {
        let used: usize = kept.iter().filter_map(|&i| widths[i]).sum::<usize>() + 2 * kept.len();
        if let Some(w) = widths[url] {
            widths[url] = Some(fitting[url].natural.min(w + budget.saturating_sub(used)));
        }
    }
    for &i in &kept {
        if columns[i].cut == Cut::Middle
            && let Some(w) = widths[i]
        {
            columns[i].cut_to(w);
        }
    }
    let mut t = new_table(config, false);
    t.set_content_arrangement(ContentArrangement::Disabled);
    t.set_header(kept.iter().map(|&i| columns[i].header));
    for (n, l) in listed.iter().enumerate() {
        let cells = kept.iter().map(|&i| {
            let cell = super::cell::fitted(columns[i].cells[n].clone());
            match columns[i].header {
                "Status" => match l.class {
                    Some(class) => cell.fg(class_color(class)),
                    None => cell,
                },
                "Verdict" if l.failing => cell.fg(Color::Red),
                "Verdict" => cell.fg(Color::Green),
                _ => cell,
            }
        });
        t.add_row(cells.collect::<Vec<_>>());
    }
    if let Some(time) = kept.iter().position(|&i| columns[i].header == "Time")
        && let Some(column) = t.column_mut(time)
    {
        // Figures read down their units.
        column.set_cell_alignment(CellAlignment::Right);
    }
    // Blanks comfy-table pads inside a coloured cell go too, as in every other view.
    for line in t.trim_fmt().lines() {
        writeln!(out, "{}", super::fit::trim_end_styled(line))?;
    }
    Ok(())
}

/// Each request in a few lines, for a width its table does not fit in: its name (cut
/// after a word); its method and URL (cut in its middle); its status, time and verdict,
/// a line break between two of them where the next would pass the width.
fn lines(
    out: &mut dyn Write,
    listed: &[&Line],
    columns: &[Listed; 6],
    max: usize,
) -> io::Result<()> {
    let [name, method, url, status, time, verdict] = columns;
    let room = max.saturating_sub(2).max(1);
    for (n, l) in listed.iter().enumerate() {
        writeln!(out, "{}", fit::cut(&name.cells[n], max, Cut::Words).bold())?;
        let method = fit::cut(&method.cells[n], room, Cut::Words);
        let url_room = room.saturating_sub(fit::width(&method) + 1).max(1);
        writeln!(
            out,
            "  {method} {}",
            fit::cut(&url.cells[n], url_room, Cut::Middle)
        )?;
        let status_color = l.class.map(super::class_colored);
        let verdict_color = Some(if l.failing {
            colored::Color::Red
        } else {
            colored::Color::Green
        });
        let parts = [
            (&status.cells[n], status_color),
            (&time.cells[n], None),
            (&verdict.cells[n], verdict_color),
        ];
        let mut line = String::new();
        let mut used = 0;
        for (text, color) in parts.into_iter().filter(|(t, _)| !t.is_empty()) {
            let text = fit::cut(text, room, Cut::Words);
            let w = fit::width(&text);
            if used > 0 && used + 3 + w > room {
                writeln!(out, "  {line}")?;
                line.clear();
                used = 0;
            } else if used > 0 {
                line.push_str(" · ");
                used += 3;
            }
            match color {
                Some(color) => line.push_str(&text.color(color).to_string()),
                None => line.push_str(&text),
            }
            used += w;
        }
        if used > 0 {
            writeln!(out, "  {line}")?;
        }
    }
    Ok(())
}

/// The origin (`scheme://host[:port]`) every line's URL is on, when there are several
/// lines and one origin; a URL with userinfo is left whole.
fn one_origin<'a>(lines: &[&'a Line]) -> Option<&'a str> {
    let origin = |url: &'a str| -> Option<&'a str> {
        let (scheme, rest) = url.split_once("://")?;
        let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let origin = &url[..scheme.len() + 3 + end];
        (!origin.contains(['@', '{']) && url[origin.len()..].starts_with(['/', '?']))
            .then_some(origin)
    };
    let (first, rest) = lines.split_first()?;
    let o = origin(&first.url)?;
    (!rest.is_empty() && rest.iter().all(|l| origin(&l.url) == Some(o))).then_some(o)
}

/// [`fit::fit`] for a table without borders: `fit` counts three cells a column and one
/// (a bordered table), this one two a column (its padding). So the budget is raised by
/// one a column kept and one, and fitted again while columns go.
fn borderless(columns: &[Column], budget: Option<usize>) -> Vec<Option<usize>> {
    let Some(budget) = budget else {
        return fit::fit(columns, None);
    };
    let mut kept = columns.len();
    loop {
        let widths = fit::fit(columns, Some(budget + kept + 1));
        let now = widths.iter().flatten().count();
        if now >= kept {
            return widths;
        }
        kept = now;
    }
}

/// `text` in lines of at most `max` cells (`None`: one line), each after `indent` cells:
/// broken between words, a word longer than a line kept whole on a line of its own.
/// Linear in the text.
fn wrapped(text: &str, indent: usize, max: Option<usize>) -> Vec<String> {
    if max.is_none() {
        return vec![text.to_string()];
    }
    wrapped_words(text.split(' '), indent, max)
}

/// [`wrapped`] for text given as its words, each kept on one line (a word may hold a
/// space: `3 failed`).
fn wrapped_words<'a>(
    words: impl Iterator<Item = &'a str>,
    indent: usize,
    max: Option<usize>,
) -> Vec<String> {
    let Some(max) = max else {
        return vec![
            words
                .filter(|w| !w.is_empty())
                .collect::<Vec<_>>()
                .join(" "),
        ];
    };
    let room = max.saturating_sub(indent).max(1);
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut used = 0;
    for word in words.filter(|w| !w.is_empty()) {
        let w = fit::width(word);
        if used > 0 && used + 1 + w > room {
            lines.push(std::mem::take(&mut line));
            used = 0;
        }
        if used > 0 {
            line.push(' ');
            used += 1;
        }
        line.push_str(word);
        used += w;
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classify::Class;
    use crate::render::run::Outcome;
    use std::time::Duration;

    fn line(name: &str, method: &str, url: &str, status: Option<(&str, Class)>) -> Line {
        Line {
            name: name.into(),
            file: "api.http".into(),
            line: 1,
            method: method.into(),
            url: url.into(),
            status: status.map_or("—".into(), |(s, _)| s.into()),
            class: status.map(|(_, c)| c),
            meaning: None,
            time: status.map(|_| 12.5),
            ended_ms: None,
            verdict: "ok".into(),
            outcome: Outcome::Ran,
            failing: false,
            message: None,
            exit: Exit::Success,
        }
    }

    fn failing(mut l: Line, verdict: &str, outcome: Outcome, message: &str) -> Line {
        l.verdict = verdict.into();
        l.outcome = outcome;
        l.failing = true;
        l.message = Some(message.into());
        l.exit = Exit::Error;
        l
    }

    /// A run of four requests: one fine, one with a long API error message, one not sent
    /// for a variable only a handler sets, one with a long URL.
    fn lines() -> Vec<Line> {
        vec![
            line(
                "Log in",
                "POST",
                "http://127.0.0.1:18500/v1/auth/login",
                Some(("200 OK", Class::Success)),
            ),
            failing(
                line(
                    "Create a store with every field filled",
                    "POST",
                    "http://127.0.0.1:18500/api/v2/store",
                    Some(("422 Unprocessable Content", Class::ClientError)),
                ),
                "client error",
                Outcome::Ran,
                "validation failed: storeName must be between 1 and 20 characters; categories must not be empty; the contact number is not a phone number",
            ),
            failing(
                line(
                    "Store details",
                    "GET",
                    "http://127.0.0.1:18500/api/v2/store/{{STORE_ID}}",
                    None,
                ),
                "not sent",
                Outcome::NotSent,
                "store.http:44: {{STORE_ID}} (line 37) is set only by a response handler, which resp does not run: give it with @STORE_ID = value, --env or the environment",
            ),
            line(
                "Stores near",
                "GET",
                "http://127.0.0.1:18500/api/v2/stores/near?latitude=35.1&longitude=127.9&distance=5000&orderType=DISTANCE_ASC&size=100",
                Some(("200 OK", Class::Success)),
            ),
        ]
    }

    fn drawn(columns: &str) -> String {
        use clap::Parser;
        let cli = crate::cli::Cli::parse_from(["resp", "--color", "never", "explain"]);
        let env = crate::config::Env {
            columns: Some(columns.into()),
            ..Default::default()
        };
        let config = Config::new(&cli, &env);
        colored::control::set_override(false);
        let lines = lines();
        let summary = Summary {
            lines: &lines,
            notes: vec![
                "api.http: response handlers (> {% … %}, > file.js) not run (lines 9, 14, 22, 31, 40, 58, 77, 91, 104, 118, 126)".into(),
            ],
            elapsed: Duration::from_millis(140),
            exit: Exit::Error,
            failing_only: false,
        };
        let mut out = Vec::new();
        let show = Show {
            body: crate::cli::BodyMode::Auto,
            verbose: false,
            headers: false,
            very_verbose: false,
            timing: false,
            show_secrets: false,
            name_source: false,
        };
        table(&mut out, &summary, &show, &config).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn the_table_at_80_columns() {
        let text = drawn("80");
        for l in text.lines() {
            assert!(fit::width(l) <= 80, "{l:?} is {} wide", fit::width(l));
        }
        // Beside the other views' snapshots.
        insta::with_settings!({snapshot_path => "../../tests/snapshots", prepend_module_to_snapshot => false}, {
            insta::assert_snapshot!("run_table_80", text);
        });
    }

    #[test]
    fn the_table_at_120_columns() {
        let text = drawn("120");
        for l in text.lines() {
            assert!(fit::width(l) <= 120, "{l:?} is {} wide", fit::width(l));
        }
        // Beside the other views' snapshots.
        insta::with_settings!({snapshot_path => "../../tests/snapshots", prepend_module_to_snapshot => false}, {
            insta::assert_snapshot!("run_table_120", text);
        });
    }

    #[test]
    fn rows_with_the_same_message_point_to_one_note() {
        use clap::Parser;
        let cli = crate::cli::Cli::parse_from(["resp", "--color", "never", "explain"]);
        let config = Config::new(&cli, &crate::config::Env::default());
        colored::control::set_override(false);
        let gone = |name: &str, message: &str| {
            failing(
                line(name, "GET", "http://h/x", None),
                "error",
                Outcome::Ran,
                message,
            )
        };
        let lines = vec![
            gone("a", "refused"),
            gone("b", "timed out"),
            gone("c", "refused"),
        ];
        let summary = Summary {
            lines: &lines,
            notes: vec![],
            elapsed: Duration::from_millis(5),
            exit: Exit::Error,
            failing_only: false,
        };
        let show = Show {
            body: crate::cli::BodyMode::Auto,
            verbose: false,
            headers: false,
            very_verbose: false,
            timing: false,
            show_secrets: false,
            name_source: false,
        };
        let mut out = Vec::new();
        table(&mut out, &summary, &show, &config).unwrap();
        let text = String::from_utf8(out).unwrap();
        let verdicts: Vec<&str> = text
            .lines()
            .skip(1)
            .take(3)
            .map(|l| l.trim_end().rsplit("  ").next().unwrap())
            .collect();
        assert_eq!(verdicts, ["error [1]", "error [2]", "error [1]"], "{text}");
        assert!(text.contains("\n[1] refused\n[2] timed out\n"), "{text}");
        assert!(!text.contains("[3]"), "{text}");
    }

    #[test]
    fn notes_wrap_between_words_a_long_word_kept_whole() {
        assert_eq!(wrapped("a bb ccc", 4, Some(10)), ["a bb", "ccc"]);
        assert_eq!(
            wrapped("see http://h/a/very/long/path now", 4, Some(14)),
            ["see", "http://h/a/very/long/path", "now"]
        );
        assert_eq!(wrapped("a  b", 0, None), ["a  b"]);
        assert_eq!(wrapped("", 4, Some(10)), [""]);
    }
}
