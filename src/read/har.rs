//! A HAR file read by `resp read`: streamed entry by entry. With `--json` each entry is
//! written as soon as it is settled; for people, a summary table is kept (a row per
//! entry) with the first failing entries in full. A redirect the browser followed (one
//! of the next [`FOLLOW_WINDOW`] entries requests its Location: browsers interleave
//! concurrent requests) and a 304 answering a conditional request are no failure: their
//! exit code is 0, in the file's exit, their `--json` line and `--entry N` alike, and they
//! say why ([`Passed`]). Every other entry that makes the exit code nonzero (an unfollowed
//! redirect, a 304 no conditional request asked for) is failing: listed as such, shown by
//! `--failing` and counted in the stderr line. While a redirect waits for its follow-up,
//! the entries after it wait too (so the order is kept): at most [`FOLLOW_WINDOW`]
//! entries and [`WAITING_BYTES`] of their bodies, which bounds memory.

use std::collections::VecDeque;
use std::io::{Read, Write};

use anyhow::{Context, Result, bail};

use super::{Ctx, finish, wants_one_body};
use crate::exit::{Exit, Failure, OutputClosed};
use crate::filter::Filter;
use crate::render::har::{HarCounts, HarRow, HarSummary, Listing, har_summary};
use crate::render::json_line::json_line;
use crate::render::progress::Bar;
use crate::render::response::plural;
use crate::report::{OperationTally, Passed, Report, judge, strict};
use crate::source::har;

/// Failing HAR entries shown in full under the summary.
const FAILING_SHOWN: usize = 10;

/// HAR entries listed in the summary table at most; `--json` lists every one. A row is
/// kept for each, so this bounds memory as well as the table.
const SUMMARY_ROWS: usize = 10_000;

/// HAR entries listed to a terminal before only the failing ones are (`--all`: all).
const TERMINAL_ROWS: usize = 200;

/// Entries after a redirect among which its follow-up (a request for its Location) is
/// looked for: a browser interleaves the requests of a page, so the follow-up is not
/// always the next entry.
pub(super) const FOLLOW_WINDOW: usize = 64;

/// Body bytes held at most while entries wait for a redirect to settle: past this the
/// oldest waiting redirect is taken as not followed.
const WAITING_BYTES: usize = 16 << 20;

/// An entry read but not yet counted or shown: a redirect waiting for its follow-up, or
/// an entry after one (which waits so that the order is kept).
struct Waiting {
    index: usize,
    report: Report,
    /// Where a redirect leads, while no entry has requested it.
    location: Option<String>,
}

pub(super) fn read_har(
    input: &mut (dyn Read + Send),
    name: &str,
    ctx: &Ctx,
    bar: Option<&Bar>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Exit> {
    let Ctx {
        args,
        show,
        config,
        docs,
    } = *ctx;
    if wants_one_body(args) && args.entry.is_none() {
        return Err(Failure::usage(
            format!("{name}: a HAR file holds many responses, and -b/-o take one body"),
            "pick the entry: resp read session.har --entry 4 -b",
        )
        .into());
    }
    let filter = Filter {
        failing: args.har.failing,
        status: args.status.clone(),
        url: args.har.url.clone(),
        method: args.har.method.clone(),
    };
    // A terminal gets a table it can read: past this many entries, the failing ones.
    let limit = if config.stdout_is_terminal && !args.har.all {
        TERMINAL_ROWS
    } else {
        SUMMARY_ROWS
    };
    let mut exit = Exit::Success;
    let mut rows: Vec<HarRow> = Vec::new();
    let mut listing = Listing::All;
    let mut counts = HarCounts::default();
    let mut shown = 0usize;
    // The entries the exit code weighs: the stderr line's "N of M failed" counts among them.
    let mut weighed_total = 0usize;
    let mut failing: Vec<Report> = Vec::new();
    let mut failing_total = 0usize;
    let mut chosen: Option<Report> = None;
    // Where entry N leads, while it is a redirect none of the entries after it requested.
    let mut chosen_location: Option<String> = None;
    let mut tally = OperationTally::default();
    let wanted = args.entry.map(|n| n as usize);
    let mut n = 0usize;
    // What the exit code weighs: the entries the filters keep, but for --failing, which
    // narrows the view only.
    let weighed = Filter {
        failing: false,
        ..filter.clone()
    };
    // A redirect waits for one of the entries after it to request its Location, and
    // the entries after it wait with it: only then are they counted and shown.
    let mut waiting: VecDeque<Waiting> = VecDeque::new();
    let mut waiting_bytes = 0usize;
    // --json --body full writes every entry's body, so every body is read; so does a
    // description, which every body is checked against.
    let described = !docs.descriptions().is_empty();
    let all_bodies =
        wanted.is_some() || described || (config.json && show.body == crate::cli::BodyMode::Full);
    // Counts and shows an entry whose outcome is settled.
    let mut take_in = |index: usize, report: Report| -> Result<()> {
        // What is not shown is not counted, in the exit code either.
        if weighed.keeps(&report) {
            exit = exit.combine(report.exit);
            weighed_total += 1;
        }
        if !filter.keeps(&report) {
            return Ok(());
        }
        shown += 1;
        if config.json && !config.quiet {
            json_line(out, &report, show).map_err(|e| OutputClosed::attach(e, exit))?;
        } else if !config.quiet {
            tally.add(&report);
            let row = HarRow::of(index, &report);
            counts.add(&row);
            if rows.len() == limit && listing == Listing::All {
                listing = if limit == TERMINAL_ROWS {
                    rows.retain(|r| r.failing);
                    Listing::FailingOnly(limit)
                } else {
                    Listing::Capped
                };
            }
            let room = rows.len() < SUMMARY_ROWS;
            match listing {
                Listing::All => rows.push(row),
                Listing::FailingOnly(_) if room && row.failing => rows.push(row),
                _ => {}
            }
            if report.is_failing() {
                failing_total += 1;
                if failing.len() < FAILING_SHOWN {
                    failing.push(report);
                }
            }
        }
        Ok(())
    };
    // With --entry N, the entries after it come too: they tell whether a redirect was
    // followed.
    let only = wanted.map(|n| (n, FOLLOW_WINDOW));
    let count = har::stream(input, name, only, all_bodies, &mut |response| {
        n += 1;
        // Bodies of successful entries are skipped unless one entry is shown in full.
        let report = judge(
            response,
            docs,
            &args.output.expect,
            wanted.is_some() || described,
            crate::config::clock(),
        );
        let mut report = if args.output.strict {
            strict(report)
        } else {
            report
        };
        if wanted.is_some() {
            match &mut chosen {
                None => {
                    let location = settle(&mut report);
                    chosen = Some(report);
                    chosen_location = location;
                }
                Some(entry) => {
                    if chosen_location.is_some() && chosen_location.as_deref() == requested(&report)
                    {
                        followed(entry);
                        chosen_location = None;
                    }
                }
            }
            return Ok(());
        }
        let location = settle(&mut report);
        // The earliest redirect still waiting for this URL was followed.
        if let Some(url) = requested(&report)
            && let Some(redirect) = waiting
                .iter_mut()
                .find(|w| w.location.as_deref() == Some(url))
        {
            followed(&mut redirect.report);
            redirect.location = None;
        }
        if location.is_none() && waiting.is_empty() {
            return take_in(n, report);
        }
        waiting_bytes += report.response.body.len();
        waiting.push_back(Waiting {
            index: n,
            report,
            location,
        });
        // Settled entries leave in order, and so does a redirect none of the entries
        // in its window requested (or that would hold too many bytes back).
        while let Some(front) = waiting.front() {
            let settled = front.location.is_none()
                || front.index + FOLLOW_WINDOW <= n
                || waiting_bytes > WAITING_BYTES;
            if !settled {
                break;
            }
            if let Some(front) = waiting.pop_front() {
                waiting_bytes -= front.report.response.body.len();
                take_in(front.index, front.report)?;
            }
        }
        Ok(())
    })
    .with_context(|| name.to_string());
    let closed = count
        .as_ref()
        .is_err_and(|e| OutputClosed::carried(e).is_some());
    // The redirects still waiting at the end were not followed.
    if !closed {
        for w in waiting.drain(..) {
            let last = take_in(w.index, w.report);
            if count.is_ok() {
                last?;
            }
        }
    }
    // With --entry N, entry N is all that is shown: the ones after it, unreadable, only
    // leave a redirect in N unfollowed.
    let count = match count {
        Err(_) if wanted.is_some() && chosen.is_some() && !closed => Ok(n),
        count => count,
    };
    if let Some(bar) = bar {
        bar.finish();
    }
    // A file broken past finding its next entry still gets the summary of the entries
    // read before the break; the error follows it.
    let (count, broken) = match count {
        Ok(count) => (count, None),
        Err(e) if wanted.is_none() && n > 0 && OutputClosed::carried(&e).is_none() => (n, Some(e)),
        Err(e) => return Err(e),
    };
    if let Some(w) = wanted {
        let Some(report) = chosen else {
            bail!(
                "{name}: there is no entry {w}: the file has {}",
                plural(count, "entry", "entries")
            );
        };
        return finish(report, ctx, out, err);
    }
    if !config.quiet && !config.json {
        let summary = HarSummary {
            file: name,
            rows: &rows,
            listing,
            entries: count,
            broken: broken.is_some(),
            shown,
            filters: filter.describe(),
            counts: &counts,
            failing: &failing,
            failing_total,
            operations: (!docs.descriptions().is_empty()).then_some(tally),
            waterfall: args.har.waterfall,
        };
        har_summary(out, &summary, show, config).map_err(|e| OutputClosed::attach(e, exit))?;
        if !config.stdout_is_terminal && failing_total > 0 {
            // The summary first, where both go to one place (`2>&1 | less`).
            out.flush().map_err(|e| OutputClosed::attach(e, exit))?;
            let _ = writeln!(
                err,
                "resp: {}: {failing_total} of {} failed",
                crate::render::sanitize::line(name),
                plural(weighed_total, "entry", "entries")
            );
        }
    }
    match broken {
        Some(e) => Err(e),
        None => Ok(exit),
    }
}

/// Marks `report` passed when it is a 304 answering a conditional request; for a
/// redirect, returns where it leads: it is no failure once a later entry requests that.
fn settle(report: &mut Report) -> Option<String> {
    match har_outcome(report) {
        HarOutcome::Plain => None,
        HarOutcome::Conditional => {
            report.exit = Exit::Success;
            report.passed = Some(Passed::ConditionalRequest);
            None
        }
        HarOutcome::Redirect(location) => Some(location),
    }
}

/// Marks the redirect `report` followed: a later entry requested its Location.
fn followed(report: &mut Report) {
    report.exit = Exit::Success;
    report.passed = Some(Passed::RedirectFollowed);
}

/// The URL the entry requested.
fn requested(report: &Report) -> Option<&str> {
    report.response.request.as_ref().map(|r| r.url.as_str())
}

/// How a HAR entry weighs on the file's exit code, beside its own verdict.
enum HarOutcome {
    /// Judged by its verdict.
    Plain,
    /// A redirect to this URL: no failure when one of the next [`FOLLOW_WINDOW`] entries
    /// requests it (the browser followed it).
    Redirect(String),
    /// A 304 answering a conditional request: the browser's cached copy is current.
    Conditional,
}

fn har_outcome(report: &Report) -> HarOutcome {
    let (Some(request), Some(verdict)) = (&report.response.request, &report.verdict) else {
        return HarOutcome::Plain;
    };
    if report.exit != Exit::Redirection || report.expected {
        return HarOutcome::Plain;
    }
    let conditional = |name: &str| crate::source::header(&request.headers, name).is_some();
    if verdict.code == 304 && (conditional("if-none-match") || conditional("if-modified-since")) {
        return HarOutcome::Conditional;
    }
    match report.response.header("location") {
        Some(location) => HarOutcome::Redirect(crate::url::resolve(&request.url, location)),
        None => HarOutcome::Plain,
    }
}
