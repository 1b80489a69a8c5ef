//! A HAR file read by `resp read`: streamed entry by entry. With `--json` each entry is
//! written as soon as it is read (a redirect once the next entry is: that one tells
//! whether the browser followed it); for people, a summary table is kept (a row per
//! entry) with the first failing entries in full. A redirect the browser followed and a
//! 304 answering a conditional request are no failure: their exit code is 0, in the file's
//! exit, their `--json` line and `--entry N` alike, and they say why ([`Passed`]).

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
    let mut failing: Vec<Report> = Vec::new();
    let mut failing_total = 0usize;
    let mut chosen: Option<Report> = None;
    let mut tally = OperationTally::default();
    let wanted = args.entry.map(|n| n as usize);
    let mut n = 0usize;
    // What the exit code weighs: the entries the filters keep, but for --failing, which
    // narrows the view only.
    let weighed = Filter {
        failing: false,
        ..filter.clone()
    };
    // A redirect (entry number, report, where it leads) waits for the next entry, which
    // tells whether the browser followed it: only then is it counted and shown.
    let mut held: Option<(usize, Report, String)> = None;
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
            if report.is_error() {
                failing_total += 1;
                if failing.len() < FAILING_SHOWN {
                    failing.push(report);
                }
            }
        }
        Ok(())
    };
    // With --entry N, the entry after it comes too: it tells whether a redirect was followed.
    let count = har::stream(input, name, wanted, all_bodies, &mut |response| {
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
                    settle(&mut report, None);
                    chosen = Some(report);
                }
                Some(entry) => settle(entry, Some(&report)),
            }
            return Ok(());
        }
        if let Some((index, mut redirect, _)) = held.take() {
            settle(&mut redirect, Some(&report));
            take_in(index, redirect)?;
        }
        settle(&mut report, None);
        match har_outcome(&report) {
            HarOutcome::Redirect(location) => held = Some((n, report, location)),
            _ => take_in(n, report)?,
        }
        Ok(())
    })
    .with_context(|| name.to_string());
    let closed = count
        .as_ref()
        .is_err_and(|e| OutputClosed::carried(e).is_some());
    // A redirect in the last entry read was not followed.
    if let Some((index, redirect, _)) = held.take()
        && !closed
    {
        let last = take_in(index, redirect);
        if count.is_ok() {
            last?;
        }
    }
    // With --entry N, entry N is all that is shown: the one after it, unreadable, only
    // leaves a redirect in N unfollowed.
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
                plural(shown, "entry", "entries")
            );
        }
    }
    match broken {
        Some(e) => Err(e),
        None => Ok(exit),
    }
}

/// Marks `report` passed when what became of its 3xx makes it no failure: a 304 answering
/// a conditional request; a redirect whose Location `next` (the entry after it) requests.
fn settle(report: &mut Report, next: Option<&Report>) {
    let passed = match har_outcome(report) {
        HarOutcome::Plain => return,
        HarOutcome::Conditional => Passed::ConditionalRequest,
        HarOutcome::Redirect(location) => {
            let url = next
                .and_then(|n| n.response.request.as_ref())
                .map(|r| r.url.as_str());
            if url != Some(location.as_str()) {
                return;
            }
            Passed::RedirectFollowed
        }
    };
    report.exit = Exit::Success;
    report.passed = Some(passed);
}

/// How a HAR entry weighs on the file's exit code, beside its own verdict.
enum HarOutcome {
    /// Judged by its verdict.
    Plain,
    /// A redirect to this URL: no failure when the next entry requests it (the browser
    /// followed it).
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
