//! `resp send URL URL…`: the flags that take one response refused, every URL checked
//! before anything is sent, then each sent and shown as alone (naming its URL) with the
//! same options, the body read once; then the summary. The worst exit code wins.

use std::io::Write;
use std::time::Instant;

use anyhow::Result;

use super::{send_one, target};
use crate::cli::SendArgs;
use crate::config::{Config, Mode};
use crate::docs::Docs;
use crate::exit::{Exit, Failure, OutputClosed, exit_of};
use crate::render;
use crate::source::network::Exchange;

/// Several URLs: every one checked before anything is sent, then each sent and shown as
/// alone (naming its URL), then the summary. One that fails is reported on stderr and
/// the rest still go; the worst exit code wins, as for `resp read` of several files.
pub fn several(
    args: &SendArgs,
    first: Exchange,
    config: &Config,
    docs: &Docs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Exit> {
    for (given, flag, hint) in [
        (
            args.output.output_file.is_some(),
            "-o",
            "send one URL per -o: resp send URL -o body.json",
        ),
        (
            args.save.is_some(),
            "--save",
            "send one URL per --save: resp send URL --save r.http",
        ),
        (
            args.output.body_only,
            "-b",
            "use --json for several bodies: resp send URL URL --json --body full",
        ),
    ] {
        if given {
            return Err(Failure::usage(
                format!(
                    "{flag} takes one response's body, and {} URLs were given",
                    args.url.len()
                ),
                hint,
            )
            .into());
        }
    }
    // Every URL checked first: a typo in the third sends none.
    let mut exchanges = vec![first];
    for url in &args.url[1..] {
        let mut next = exchanges[0].clone();
        next.url = target(url)?;
        exchanges.push(next);
    }
    let started = Instant::now();
    let mut exits = Vec::with_capacity(exchanges.len());
    for (i, exchange) in exchanges.into_iter().enumerate() {
        let so_far = Exit::combine_all(exits.iter().copied());
        if i > 0 && config.mode == Mode::Card && !config.json && !config.quiet {
            writeln!(out).map_err(|e| OutputClosed::attach(e, so_far))?;
        }
        match send_one(args, exchange, config, docs, out, err, true) {
            Ok(exit) => exits.push(exit),
            Err(e) if OutputClosed::carried(&e).is_some() => {
                return Err(OutputClosed::attach(e, so_far));
            }
            Err(e) => {
                crate::report(&e, err);
                exits.push(exit_of(&e));
            }
        }
    }
    let exit = Exit::combine_all(exits.iter().copied());
    if config.quiet {
        return Ok(exit);
    }
    let tally = render::several::Tally {
        exits: &exits,
        elapsed: started.elapsed(),
        exit,
    };
    let written = if config.json {
        render::several::json(out, &tally)
    } else {
        render::several::line(out, &tally)
    };
    written.map_err(|e| OutputClosed::attach(e, exit))?;
    Ok(exit)
}
