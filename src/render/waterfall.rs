//! The waterfall (`read --waterfall` of a HAR): one bar per entry on the page's time axis,
//! placed by the entry's `startedDateTime` and split into its phases (queued, DNS lookup,
//! TCP connect, TLS handshake, request sent, waiting, body), as a browser's network panel
//! draws them. The phases are named as in the timing picture of `send` (`wire.rs`); with
//! colour each phase has its own, without it each has its own shading (no two alike). A
//! method is cut to [`METHOD_WIDEST`] cells: every row's label is as wide as the widest.

use std::io::{self, Write};

use colored::{Color, Colorize};

use super::fit::{self, Cut};
use super::har::{HarRow, listed_url};
use super::response::Show;
use super::sanitize;
use super::wire::duration;
use crate::config::Config;
use crate::source::wire::Timing;

/// The widest a method is shown (`PROPFIND` is 8).
const METHOD_WIDEST: usize = 10;

/// A row's method as shown: sanitized, cut after [`METHOD_WIDEST`] cells.
fn method(row: &HarRow) -> String {
    fit::cut(&sanitize::line(&row.method), METHOD_WIDEST, Cut::Words)
}

/// A phase as drawn: its name, colour, and its shading without colour.
struct Phase {
    name: &'static str,
    color: Color,
    plain: char,
}

const PHASES: [Phase; 7] = [
    Phase {
        name: "queued",
        color: Color::BrightBlack,
        plain: '░',
    },
    Phase {
        name: "DNS lookup",
        color: Color::Cyan,
        plain: '▒',
    },
    Phase {
        name: "TCP connect",
        color: Color::Yellow,
        plain: '▄',
    },
    Phase {
        name: "TLS handshake",
        color: Color::Magenta,
        plain: '▚',
    },
    Phase {
        name: "request sent",
        color: Color::Blue,
        plain: '▀',
    },
    Phase {
        name: "waiting (TTFB)",
        color: Color::Green,
        plain: '▓',
    },
    Phase {
        name: "body",
        color: Color::BrightBlue,
        plain: '█',
    },
];

/// The phases of `t` in drawing order, milliseconds (0 where one did not happen).
fn phases(t: &Timing) -> [f64; 7] {
    let ms = |v: Option<f64>| v.unwrap_or(0.0);
    [
        ms(t.blocked_ms),
        ms(t.dns_ms),
        ms(t.connect_ms),
        ms(t.tls_ms),
        ms(t.send_ms),
        ms(t.wait_ms),
        ms(t.receive_ms),
    ]
}

/// One cell of a bar: the phase drawn there, or `None` for a stretch with no phases
/// known (a failed request: only its total).
type Mark = Option<usize>;

/// The cells of one bar across `cells` columns: where the entry starts and ends on the
/// axis (`start`, `span` in ms from the page's start) and what fills each cell.
fn bar(start: f64, t: &Timing, span: f64, cells: usize) -> Vec<(usize, Mark)> {
    let scale = cells as f64 / span.max(f64::EPSILON);
    let first = ((start * scale).floor() as usize).min(cells.saturating_sub(1));
    let end = (((start + t.total_ms) * scale).round() as usize).clamp(first + 1, cells);
    let parts = phases(t);
    let known: f64 = parts.iter().sum();
    (first..end)
        .map(|cell| {
            if known <= 0.0 {
                return (cell, None);
            }
            // The phase under the middle of the cell.
            let at = (cell as f64 + 0.5) / scale - start;
            let mut edge = 0.0;
            let mut phase = parts.iter().rposition(|&ms| ms > 0.0).unwrap_or(6);
            for (i, ms) in parts.iter().enumerate() {
                edge += ms;
                if *ms > 0.0 && at < edge {
                    phase = i;
                    break;
                }
            }
            (cell, Some(phase))
        })
        .collect()
}

/// Draws the waterfall of `rows`.
pub fn waterfall(
    out: &mut dyn Write,
    rows: &[HarRow],
    origin: Option<&str>,
    show: &Show,
    config: &Config,
) -> io::Result<()> {
    let timed: Vec<(f64, f64)> = rows
        .iter()
        .filter_map(|r| Some((r.started_ms?, r.timing?.total_ms)))
        .collect();
    let Some(t0) = timed.iter().map(|&(s, _)| s).reduce(f64::min) else {
        return writeln!(
            out,
            "{}",
            "no entry says when it started: there is no time axis to draw".dimmed()
        );
    };
    let t_end = timed.iter().map(|&(s, total)| s + total).fold(t0, f64::max);
    let span = (t_end - t0).max(1.0);
    let width = usize::from(config.width).max(40);
    let index_w = rows
        .iter()
        .map(|r| r.index.to_string().len())
        .max()
        .unwrap_or(1);
    let method_w = rows
        .iter()
        .map(|r| fit::width(&method(r)))
        .max()
        .unwrap_or(0);
    const TIME: usize = 9;
    let url_w = (width / 4).clamp(12, 40);
    // `  12 GET  /path…  200 ` then the bar, then the time.
    let label = 2 + index_w + 1 + method_w + 1 + url_w + 1 + 3 + 1;
    let cells = width.saturating_sub(label + 1 + TIME).max(10);
    writeln!(
        out,
        "{:label$}{}{}",
        "",
        "0".dimmed(),
        format!("{:>w$}", duration(span), w = cells.saturating_sub(1)).dimmed()
    )?;
    for row in rows {
        let url = fit::cut(&listed_url(&row.url, origin, show), url_w, Cut::Middle);
        let status = row.status.map_or("—".to_string(), |s| format!("{s:03}"));
        let color = row.class.map_or(Color::Red, super::class_colored);
        let pad = url_w.saturating_sub(fit::width(&url));
        write!(
            out,
            "  {:>index_w$} {:<method_w$} {url}{:pad$} {:<3} ",
            row.index,
            method(row),
            "",
            status.color(color).bold(),
        )?;
        let drawn = match (row.started_ms, row.timing) {
            (Some(started), Some(t)) => bar(started - t0, &t, span, cells),
            _ => Vec::new(),
        };
        let mut line = String::new();
        let mut at = 0;
        for (cell, mark) in drawn {
            line.push_str(&" ".repeat(cell - at));
            at = cell + 1;
            let piece = match mark {
                Some(p) if config.color => {
                    let glyph = if p == 0 { "░" } else { "█" };
                    glyph.color(PHASES[p].color).to_string()
                }
                Some(p) => PHASES[p].plain.to_string(),
                None => "×".color(Color::Red).to_string(),
            };
            line.push_str(&piece);
        }
        line.push_str(&" ".repeat(cells.saturating_sub(at)));
        let time = row.time_ms.map(duration).unwrap_or_default();
        writeln!(out, "{line} {time:>TIME$}")?;
    }
    legend(out, config)
}

/// What each shading or colour stands for, wrapped at the width.
fn legend(out: &mut dyn Write, config: &Config) -> io::Result<()> {
    let mut parts = Vec::new();
    for (i, p) in PHASES.iter().enumerate() {
        let glyph = if config.color {
            let g = if i == 0 { "░" } else { "█" };
            g.color(p.color).to_string()
        } else {
            p.plain.to_string()
        };
        parts.push(format!("{glyph} {}", p.name));
    }
    parts.push(format!("{} failed", "×".color(Color::Red)));
    // Wrapped between phases at the width, never inside one.
    let width = usize::from(config.width).max(40);
    let mut line = String::new();
    let mut used = 0;
    for (part, name_width) in parts.iter().zip(
        PHASES
            .iter()
            .map(|p| p.name.len() + 2)
            .chain(std::iter::once("× failed".chars().count())),
    ) {
        if used + 2 + name_width > width {
            writeln!(out, "{line}")?;
            line = String::new();
            used = 0;
        }
        line.push_str("  ");
        line.push_str(part);
        used += 2 + name_width;
    }
    writeln!(out, "{line}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_colour_no_two_phases_share_a_shading() {
        let mut plain: Vec<char> = PHASES.iter().map(|p| p.plain).collect();
        plain.push('×');
        plain.sort_unstable();
        plain.dedup();
        assert_eq!(plain.len(), PHASES.len() + 1);
    }

    #[test]
    fn a_bar_sits_where_its_entry_started_and_shows_its_phases() {
        let t = Timing {
            wait_ms: Some(10.0),
            receive_ms: Some(10.0),
            total_ms: 20.0,
            ..Timing::default()
        };
        // 100 ms across 100 cells: 20 cells from cell 50.
        let cells = bar(50.0, &t, 100.0, 100);
        assert_eq!(cells.len(), 20);
        assert_eq!(cells[0], (50, Some(5)));
        assert_eq!(cells[19], (69, Some(6)));
        // A tiny entry still gets one cell; one past the end stays on the axis.
        assert_eq!(
            bar(
                99.9,
                &Timing {
                    total_ms: 0.01,
                    ..t
                },
                100.0,
                100
            )
            .len(),
            1
        );
        let failed = Timing {
            total_ms: 1.0,
            ..Timing::default()
        };
        assert_eq!(bar(0.0, &failed, 100.0, 10), [(0, None)]);
    }
}
