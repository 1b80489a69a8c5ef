//! The HAR view: a title and a count line (entries by class, the slowest, the bytes
//! transferred), then a table (a row per entry listed, URLs under the page's common origin
//! shown as paths: `har_table.rs`) or the waterfall (`waterfall.rs`), then the first
//! failing entries in full as cards.

use std::io::{self, Write};

use colored::Colorize;

use super::fit::{self, Cut};
use super::response::{Show, card, error_summary, plural, shown_url};
use super::sanitize;
use crate::classify::Class;
use crate::cli::BodyMode;
use crate::config::Config;
use crate::report::{Passed, Report};
use crate::source::wire::Timing;

/// One row of a HAR summary.
#[derive(Debug, Clone)]
pub struct HarRow {
    pub index: usize,
    pub method: String,
    pub url: String,
    pub status: Option<u16>,
    pub class: Option<Class>,
    pub meaning: String,
    pub error: String,
    /// Whether the status is documented for the entry's operation: `yes`, `4XX`,
    /// `no`, or `—` for no operation (shown with a description).
    pub documented: String,
    /// The entry counts as a failure (the exit code counts it).
    pub failing: bool,
    /// Why its 3xx is no failure (a redirect followed, a conditional request), if it is.
    pub passed: Option<Passed>,
    /// No response came (status 0 or -1), or the entry is malformed.
    pub failed: bool,
    pub malformed: bool,
    /// The whole exchange, milliseconds.
    pub time_ms: Option<f64>,
    /// Body bytes transferred.
    pub size: Option<u64>,
    /// The media type, short: `json`, `html`, `png`.
    pub kind: String,
    /// When it started, epoch milliseconds, and its phases: the waterfall's bar.
    pub started_ms: Option<f64>,
    pub timing: Option<Timing>,
}

impl HarRow {
    /// The summary row for a report (entry `index`).
    pub fn of(index: usize, report: &Report) -> HarRow {
        let r = &report.response;
        let (method, url) = r
            .request
            .as_ref()
            .map_or((String::new(), String::new()), |q| {
                // Cut with room to spare: the table shows it under its page's origin.
                (
                    q.method.clone(),
                    kept_as(q.url.clone(), Cut::Middle, 2 * fit::WIDEST),
                )
            });
        let size = r
            .transferred
            .or(r.body_omitted.map(|n| n as u64))
            .or_else(|| (r.failure.is_none() && !r.body.is_empty()).then_some(r.body.len() as u64));
        HarRow {
            index,
            method,
            url,
            status: report.verdict.as_ref().map(|v| v.code),
            class: report.verdict.as_ref().map(|v| v.class),
            meaning: kept(match &report.verdict {
                Some(v) => match report.passed {
                    // The word first: a narrow column keeps it.
                    Some(passed) => format!("{}: {}", passed.word(), v.text),
                    None => v.text.clone(),
                },
                None if r.malformed => "malformed entry".to_string(),
                None => "no response".to_string(),
            }),
            error: kept(match (report.api_error(), &r.failure) {
                (Some(e), _) => error_summary(e),
                (None, Some(f)) => failure_words(f),
                (None, None) => String::new(),
            }),
            documented: super::operation::documented_mark(report),
            failing: report.is_failing(),
            passed: report.passed,
            failed: report.verdict.is_none() && !r.malformed,
            malformed: r.malformed,
            time_ms: r.timing.map(|t| t.total_ms),
            size,
            kind: r.media_type().map(|m| short_type(&m)).unwrap_or_default(),
            started_ms: r.started_ms,
            timing: r.timing,
        }
    }
}

/// A browser's failure code as words: `net::ERR_CONNECTION_REFUSED` is `connection
/// refused` (the card below the table gives it as written).
/// A row's text as the table can show it: no column is wider than [`fit::WIDEST`], so a
/// longer text (a 500 KB error message) is cut to that once, here, rather than kept whole
/// for every row until the table is drawn.
fn kept(text: String) -> String {
    kept_as(text, Cut::Words, fit::WIDEST)
}

/// `text` cut to `max` cells as `cut` says (a URL in its middle).
fn kept_as(text: String, cut: Cut, max: usize) -> String {
    // Bytes first: a text this short is narrow enough whatever its characters.
    if text.len() <= max {
        return text;
    }
    fit::cut(&text, max, cut)
}

fn failure_words(failure: &str) -> String {
    match failure.strip_prefix("net::ERR_") {
        Some(code)
            if !code.is_empty() && code.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') =>
        {
            code.to_ascii_lowercase().replace('_', " ")
        }
        _ => failure.to_string(),
    }
}

/// `application/json` is `json`, `application/problem+json` too, `text/html` is `html`.
fn short_type(media: &str) -> String {
    let sub = media.rsplit('/').next().unwrap_or(media);
    let sub = sub.rsplit('+').next().unwrap_or(sub);
    let sub = sub.strip_prefix("x-").unwrap_or(sub);
    match sub {
        "javascript" | "ecmascript" => "js".to_string(),
        "plain" => "text".to_string(),
        "octet-stream" => "binary".to_string(),
        "x-unknown" | "unknown" => String::new(),
        other => other.to_string(),
    }
}

/// `187 B`, `2.4 kB`, `13 MB`: decimal units, as browsers show sizes.
pub fn size_text(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["kB", "MB", "GB", "TB"];
    if bytes < 1000 {
        return format!("{bytes} B");
    }
    let mut value = bytes as f64;
    let mut unit = "B";
    for u in UNITS {
        if value < 1000.0 {
            break;
        }
        value /= 1000.0;
        unit = u;
    }
    if value < 10.0 {
        format!("{value:.1} {unit}")
    } else {
        format!("{value:.0} {unit}")
    }
}

/// The entries listed, counted as the count line shows them.
#[derive(Debug, Clone, Default)]
pub struct HarCounts {
    /// Entries per class, in [`Class`] order.
    pub by_class: [usize; 6],
    /// No response came.
    pub failed: usize,
    pub malformed: usize,
    /// The slowest entry: its index, time and URL.
    pub slowest: Option<(usize, f64, String)>,
    /// Body bytes transferred, over the entries that say.
    pub transferred: u64,
    /// 3xx entries that are no failure: redirects followed, conditional requests.
    pub followed: usize,
    pub conditional: usize,
}

impl HarCounts {
    pub fn add(&mut self, row: &HarRow) {
        match row.class {
            Some(class) => self.by_class[class as usize] += 1,
            None if row.malformed => self.malformed += 1,
            None => self.failed += 1,
        }
        if let Some(ms) = row.time_ms
            && self
                .slowest
                .as_ref()
                .is_none_or(|(_, slowest, _)| ms > *slowest)
        {
            self.slowest = Some((row.index, ms, row.url.clone()));
        }
        self.transferred = self.transferred.saturating_add(row.size.unwrap_or(0));
        match row.passed {
            Some(Passed::RedirectFollowed) => self.followed += 1,
            Some(Passed::ConditionalRequest) => self.conditional += 1,
            None => {}
        }
    }
}

/// How the rows were chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Listing {
    /// Every entry shown.
    All,
    /// Too many for a terminal: only the failing ones (past this many entries).
    FailingOnly(usize),
    /// The first rows only: more were not kept.
    Capped,
}

/// What a HAR summary shows: the rows listed, the failing entries, and how many there are.
pub struct HarSummary<'a> {
    pub file: &'a str,
    /// The rows listed.
    pub rows: &'a [HarRow],
    pub listing: Listing,
    /// Entries in the file, and of them those the filters kept.
    pub entries: usize,
    /// The file broke after `entries` (its error follows the summary).
    pub broken: bool,
    pub shown: usize,
    /// The filters given, as typed (`--failing --status 4xx`); empty for none.
    pub filters: String,
    pub counts: &'a HarCounts,
    /// The first failing entries (up to a cap) of `failing_total` in all.
    pub failing: &'a [Report],
    pub failing_total: usize,
    /// How the entries stand against the descriptions' operations, when one was given.
    pub operations: Option<crate::report::OperationTally>,
    /// Draw the waterfall instead of the table.
    pub waterfall: bool,
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

/// A URL as listed: masked, sanitized, and as a path when on the common origin.
pub(super) fn listed_url(url: &str, origin: Option<&str>, show: &Show) -> String {
    let url = shown_url(url, show);
    let url = match origin {
        Some(o) if url.starts_with(o) && url[o.len()..].starts_with('/') => &url[o.len()..],
        _ => url.as_ref(),
    };
    sanitize::line(url).into_owned()
}

/// The count line: `5 2xx · 2 3xx (2 redirects followed) · 2 4xx · 1 5xx · 2 failed ·
/// slowest #3 /api/x 38 ms · 2.1 kB transferred`; the 3xx that are no failure are said
/// after their class, as a narrow table may cut the row that says it.
fn count_line(counts: &HarCounts, origin: Option<&str>, show: &Show, config: &Config) -> String {
    let mut parts = Vec::new();
    let labels = ["1xx", "2xx", "3xx", "4xx", "5xx", "nonstandard"];
    for (n, label) in counts.by_class.iter().zip(labels) {
        if *n == 0 {
            continue;
        }
        let passed = [
            (counts.followed, Passed::RedirectFollowed),
            (counts.conditional, Passed::ConditionalRequest),
        ]
        .into_iter()
        .filter(|(k, _)| label == "3xx" && *k > 0)
        .map(|(k, why)| why.counted(k))
        .collect::<Vec<_>>();
        if passed.is_empty() {
            parts.push(format!("{n} {label}"));
        } else {
            parts.push(format!("{n} {label} ({})", passed.join(", ")));
        }
    }
    if counts.failed > 0 {
        parts.push(format!("{} failed", counts.failed));
    }
    if counts.malformed > 0 {
        parts.push(format!("{} malformed", counts.malformed));
    }
    if let Some((index, ms, url)) = &counts.slowest {
        let url = fit::cut(&listed_url(url, origin, show), 40, Cut::Middle);
        parts.push(format!(
            "slowest #{index} {url} {}",
            super::wire::duration(*ms)
        ));
    }
    if counts.transferred > 0 {
        parts.push(format!("{} transferred", size_text(counts.transferred)));
    }
    let max = config.fit_width.then_some(usize::from(config.width));
    fit::join_wrapped(&parts, max)
}

/// The HAR summary: title, count line, table or waterfall, then cards for the failing
/// entries.
pub fn har_summary(
    out: &mut dyn Write,
    summary: &HarSummary,
    show: &Show,
    config: &Config,
) -> io::Result<()> {
    let rows = summary.rows;
    // Most of a page's requests go to one origin: its URLs are shown as paths.
    let origin = common_origin(rows.iter().map(|r| r.url.as_str()));
    let paths = origin.map_or(String::new(), |o| {
        format!(" · paths under {}", sanitize::line(o))
    });
    let mut entries = plural(summary.entries, "entry", "entries");
    if summary.broken {
        entries.push_str(" read before the file broke");
    }
    let shown = if summary.filters.is_empty() {
        entries
    } else {
        format!(
            "{entries}, {} shown ({})",
            summary.shown,
            sanitize::line(&summary.filters)
        )
    };
    // The title's parts break between them, not mid-word, where the width is fitted.
    let max = config.fit_width.then_some(usize::from(config.width));
    let mut parts = vec![sanitize::line(summary.file).into_owned(), shown];
    if !paths.is_empty() {
        parts.push(paths.trim_start_matches(" · ").to_string());
    }
    writeln!(out, "{}", super::fit::join_wrapped(&parts, max).bold())?;
    if summary.shown > 0 {
        writeln!(out, "{}", count_line(summary.counts, origin, show, config))?;
    }
    if summary.waterfall {
        super::waterfall::waterfall(out, rows, origin, show, config)?;
    } else if !rows.is_empty() {
        super::har_table::table(out, summary, origin, show, config)?;
    }
    match summary.listing {
        Listing::FailingOnly(limit) => writeln!(
            out,
            "{}",
            super::fit::join_wrapped(
                &[
                    format!("more than {limit} entries: only the failing ones are listed"),
                    "--all lists every entry".to_string(),
                    "--json gives each as a line".to_string(),
                ],
                config.fit_width.then_some(usize::from(config.width)),
            )
            .dimmed()
        )?,
        Listing::Capped if summary.shown > rows.len() => writeln!(
            out,
            "{}",
            format!(
                "… {} more entries not listed (--entry N shows one, --json lists all)",
                summary.shown - rows.len()
            )
            .dimmed()
        )?,
        _ => {}
    }
    if let Some(tally) = summary.operations {
        // Its parts break between them where the width is fitted.
        let parts = super::operation::tally_parts(&tally, summary.shown);
        writeln!(out, "{}", super::fit::join_wrapped(&parts, max))?;
        if let Some(line) = super::operation::tally_by_default(&tally) {
            writeln!(out, "{line}")?;
        }
    }
    if summary.failing_total == 0 {
        return Ok(());
    }
    writeln!(
        out,
        "\n{}",
        format!(
            "{} failing:",
            plural(summary.failing_total, "entry", "entries")
        )
        .bold()
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
    for report in summary.failing {
        writeln!(out)?;
        card(out, report, &card_show, config)?;
    }
    if summary.failing_total > summary.failing.len() {
        writeln!(
            out,
            "\n{}",
            format!(
                "… {} more failing entries (--entry N shows one, --failing lists them, --json gives all)",
                summary.failing_total - summary.failing.len()
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
    fn a_rows_text_is_kept_as_wide_as_a_column_gets() {
        let short = "a short message".to_string();
        assert_eq!(kept(short.clone()), short);
        let long = "word ".repeat(100_000);
        let cut = kept(long);
        assert!(fit::width(&cut) <= fit::WIDEST, "{}", cut.len());
        assert!(cut.starts_with("word word") && cut.ends_with('…'));
        let url = format!("https://a.test/{}/end", "p".repeat(10_000));
        let cut = kept_as(url, Cut::Middle, fit::WIDEST);
        assert!(fit::width(&cut) <= fit::WIDEST);
        assert!(
            cut.starts_with("https://a.test/") && cut.ends_with("/end"),
            "{cut}"
        );
    }

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

    #[test]
    fn sizes_types_and_failures_read_as_in_a_browser() {
        assert_eq!(size_text(187), "187 B");
        assert_eq!(size_text(2345), "2.3 kB");
        assert_eq!(size_text(13_400_000), "13 MB");
        assert_eq!(short_type("application/problem+json"), "json");
        assert_eq!(short_type("text/html"), "html");
        assert_eq!(short_type("application/javascript"), "js");
        assert_eq!(
            failure_words("net::ERR_CONNECTION_REFUSED"),
            "connection refused"
        );
        assert_eq!(failure_words("NS_ERROR_X"), "NS_ERROR_X");
    }
}
