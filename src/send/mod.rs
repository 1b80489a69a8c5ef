//! `resp send`: builds the request from the command line, makes it (`source::network`),
//! optionally saves the answer as raw HTTP, and judges and shows it exactly as `resp read`
//! would the saved file: one `Response`, one report, one renderer. With `--retry` or
//! `--until` it drives the attempts: make the exchange, judge it, ask [`crate::retry`]
//! whether and how long to wait, wait (a signal cuts the wait short), again; the last
//! attempt is the one judged, saved and shown. Several URLs go one after another, each
//! as alone with the same options (the body read once), then a summary (`several.rs`);
//! `-o`, `--save` and `-b` take one response and refuse several URLs. `--fail` keeps the
//! body of a response that is neither a success nor expected from `-b` and `-o`; `--save -`
//! puts the exchange on stdout and the card on stderr. `request` builds the exchange from
//! the flags, `body.rs` reads the body of `-d` and `--json-body`.

mod body;
mod request;
mod several;

use std::io::{self, Write};
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Result, bail};

use crate::classify::Expect;
use crate::cli::SendArgs;
use crate::config::{Config, Mode};
use crate::docs::Docs;
use crate::exit::{Exit, Failure, OutputClosed, exit_of};
use crate::interrupt;
use crate::render::attempt::{Live, Record};
use crate::render::json_line::json_line;
use crate::render::progress::Bar;
use crate::render::{self, mask};
use crate::render::{Show, emit};
use crate::report::Report;
use crate::retry::{self, Decision, Stop};
use crate::source::network::{self, Exchange, Progress};

use self::request::exchange;
pub(crate) use self::request::target;

/// Runs `resp send`.
pub fn send(
    args: &SendArgs,
    config: &Config,
    docs: &Docs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Exit> {
    let first = exchange(args, config)?;
    if args.url.len() == 1 {
        return send_one(args, first, config, docs, out, err, false);
    }
    several::several(args, first, config, docs, out, err)
}

/// One URL: the exchange made (with its attempts), judged, saved and shown. `named`:
/// the card names its URL, one of several.
pub(crate) fn send_one(
    args: &SendArgs,
    mut exchange: Exchange,
    config: &Config,
    docs: &Docs,
    out: &mut dyn Write,
    err: &mut dyn Write,
    named: bool,
) -> Result<Exit> {
    // `--save -`: the exchange goes to stdout, so the card goes to stderr.
    let save_to_stdout = args.save.as_deref() == Some(Path::new("-"));
    if save_to_stdout && (config.json || config.mode == Mode::BodyOnly) {
        return Err(Failure::usage(
            "--save - writes the exchange to stdout, where the body or the JSON line would go too",
            "save one of them to a file: --save r.http -b, or --save - alone",
        )
        .into());
    }
    if save_to_stdout && config.stdout_is_terminal {
        // The server's bytes as they came, escape sequences and all: not for a terminal.
        return Err(Failure::usage(
            "--save - writes the exchange as received, and stdout is a terminal",
            "pipe it (--save - | resp read) or save it to a file: --save r.http",
        )
        .into());
    }
    let save = args.save.as_deref().filter(|_| !save_to_stdout);
    // A body on its way to a file or a pipe shows how far it has come, on a terminal.
    let downloading = args.output.output_file.is_some() || config.mode == Mode::BodyOnly;
    if downloading && config.progress {
        let bar = Arc::new(Bar::new(Box::new(io::stderr()), "downloading"));
        exchange.progress = Some(Progress(Arc::new(move |done, total, end| {
            if end {
                bar.finish();
            } else {
                bar.update(done, total);
            }
        })));
    }
    let force = args.output.force;
    if let Some(save) = save {
        refuse_to_overwrite_input("--save", save, args)?;
    }
    if let Some(output) = &args.output.output_file {
        refuse_to_overwrite_input("--output", output, args)?;
        if save == Some(output.as_path()) {
            return Err(Failure::usage(
                "--save and --output name the same file: one would replace the other",
                "save the exchange and the body apart: --save r.http -o body.json",
            )
            .into());
        }
    }
    if let Some(save) = save {
        crate::save::check(save, force)?;
    }
    // -o streams the body to a temporary file beside FILE, renamed over it only when whole.
    let body_file = match &args.output.output_file {
        Some(path) => Some(crate::save::Pending::begin(path, force)?),
        None => None,
    };
    exchange.download = body_file.as_ref().map(crate::save::Pending::file);
    let source = if args.output.show_secrets {
        exchange.url.clone()
    } else {
        mask::url(&exchange.url).into_owned()
    };
    let show = Show {
        // A body written to a file is not shown again under the card.
        body: match args.output.output_file {
            Some(_) => crate::cli::BodyMode::None,
            None => args.output.body,
        },
        verbose: args.output.verbose > 0,
        very_verbose: args.output.verbose > 1,
        // For HEAD the headers are the answer.
        headers: args.output.include || exchange.method == "HEAD",
        show_secrets: args.output.show_secrets,
        name_source: named,
        timing: args.timing || args.output.verbose > 0,
    };
    let policy = crate::config::retry_policy(args, &exchange.method);
    // A status --until waits for is judged as expected: the card and the exit code agree.
    let expect: Vec<Expect> = args
        .output
        .expect
        .iter()
        .chain(policy.iter().flat_map(|p| p.until.iter()))
        .copied()
        .collect();
    let attempt = |left: Option<Duration>| match left {
        // --retry-max-time cuts the attempt running when it runs out, as a time limit.
        Some(left) => {
            let mut capped = exchange.clone();
            capped.limits.total = Some(capped.limits.total.map_or(left, |t| t.min(left)));
            try_once(&capped, &source, docs, &expect, args.output.strict)
        }
        None => try_once(&exchange, &source, docs, &expect, args.output.strict),
    };
    let (mut tried, end) = match &policy {
        None => (attempt(None), End::Once),
        Some(policy) => attempts(policy, attempt, config, out, err)?,
    };
    let exit = match (end, &policy) {
        (End::Stopped(stop), Some(policy)) => {
            if !config.quiet {
                let _ = render::attempt::stop_note(err, stop, policy, tried.number);
            }
            retry::final_exit(policy, stop, &tried.report)
        }
        _ => tried.report.exit,
    };
    // The card and the --json line say the code the process exits with.
    tried.report.exit = exit;
    let interrupted = match end {
        End::Interrupted(signal) => Some(signal),
        _ => None,
    };
    if let Some(e) = tried.error {
        // A script reading --json lines gets one for a failed exchange too; the
        // error itself still goes to stderr.
        if config.json && !config.quiet {
            json_line(out, &tried.report, &show)?;
        }
        // No response: the files are left as they were.
        drop(body_file);
        if let Some(signal) = interrupted {
            crate::report(&e, err);
            let _ = out.flush();
            interrupt::die(signal);
        }
        if config.quiet {
            // -q: the error, not the advice.
            if let Some(line) = crate::exit::error_lines(&e).first() {
                let _ = writeln!(err, "{}", render::sanitize::line(line));
            }
            return Ok(exit);
        }
        if exit == exit_of(&e) {
            return Err(e);
        }
        crate::report(&e, err);
        return Ok(exit);
    }
    let mut report = tried.report;
    // A body streamed to -o's file is whole there: only -b's can have been cut.
    if downloading && body_file.is_none() {
        crate::report::incomplete_output(&mut report, Some("raise --max-body"));
    }
    let mut exit = exit.combine(report.exit);
    let streamed = tried.download.unwrap_or_default();
    // --fail: a status that is neither a success nor expected gives no body to -b or -o.
    let refused = args.fail && exit != Exit::Success && !tried.cut;
    let body_file = match body_file {
        Some(file) if refused => {
            drop(file);
            if let Some(path) = &args.output.output_file {
                report.response.warnings.push(format!(
                    "nothing was written to {}: --fail, and the response is not a success",
                    path.display()
                ));
            }
            None
        }
        file => file,
    };
    if refused && config.mode == Mode::BodyOnly {
        report.response.body.clear();
        report.response.warnings.push(
            "the body was not written: --fail, and the response is not a success".to_string(),
        );
    }
    let written = match interrupted {
        // Left as they were: resp ends by the signal below, past any destructor.
        Some(_) => {
            drop(body_file);
            false
        }
        None => crate::save::exchange(
            &mut report.response,
            args.save.as_deref(),
            args.output.output_file.as_deref().zip(body_file),
            &streamed,
            tried.cut,
            force,
            out,
        )
        .map_err(|e| OutputClosed::attach(e, exit))?,
    };
    // A body its file could not take fails the run.
    if streamed.problem.is_some() {
        exit = exit.combine(Exit::Error);
        report.exit = exit;
    }
    if save_to_stdout {
        // stdout holds the exchange: the card, if any, goes to stderr.
        emit(&report, &show, config, err, &mut io::sink())?;
    } else {
        emit(&report, &show, config, out, err)?;
    }
    if let Some(path) = &args.output.output_file
        && written
        && !refused
    {
        let bytes = usize::try_from(streamed.written).unwrap_or(usize::MAX);
        let saved = render::body::saved(out, path, bytes, config);
        saved.map_err(|e| OutputClosed::attach(e, exit))?;
    }
    if let Some(signal) = interrupted {
        let _ = out.flush();
        interrupt::die(signal);
    }
    Ok(exit)
}

/// One attempt: the exchange made and judged. A failed exchange is judged too, as no
/// response, and keeps its error.
struct Tried {
    report: Report,
    error: Option<anyhow::Error>,
    /// The body did not arrive whole.
    cut: bool,
    /// With -o: how the body went to its file.
    download: Option<network::Streamed>,
    /// 1 for the first attempt.
    number: u32,
}

/// How the attempts ended.
#[derive(Debug, Clone, Copy)]
enum End {
    /// No retrying asked for: one attempt.
    Once,
    /// The policy stopped them.
    Stopped(Stop),
    /// A signal cut a wait short.
    Interrupted(i32),
}

/// Makes the exchange and judges what came back, as the first attempt.
fn try_once(
    exchange: &Exchange,
    source: &str,
    docs: &Docs,
    expect: &[Expect],
    strict: bool,
) -> Tried {
    let judged = crate::exchange::make(exchange, source, docs, expect, strict);
    Tried {
        report: judged.report,
        error: judged.error,
        cut: judged.cut,
        download: judged.download,
        number: 1,
    }
}

/// Attempts under `policy` until it stops them or a signal cuts a wait short: each one
/// shown as it ends (a line on stderr, or a `--json` record), each wait counted down on a
/// terminal. Returns the last attempt.
fn attempts(
    policy: &retry::Policy,
    attempt: impl Fn(Option<Duration>) -> Tried,
    config: &Config,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<(Tried, End)> {
    let started = Instant::now();
    let mut live = Live::new(config.width);
    let mut waited = None;
    let mut number = 0u32;
    loop {
        number = number.saturating_add(1);
        let left = policy.max_time.map(|max| {
            max.saturating_sub(started.elapsed())
                .max(Duration::from_millis(1))
        });
        let mut tried = attempt(left);
        tried.number = number;
        let failure = tried
            .error
            .as_ref()
            .and_then(|e| e.chain().find_map(|c| c.downcast_ref::<Failure>()));
        let unsent = failure.is_some_and(|f| f.unsent);
        let lasting = failure.is_some_and(|f| f.lasting);
        let decision = retry::decide(
            policy,
            &retry::Attempt {
                report: &tried.report,
                unsent,
                lasting,
                number,
                elapsed: started.elapsed(),
                now: epoch_now(),
                jitter: jitter(),
                waited,
            },
        );
        let record = Record {
            report: &tried.report,
            number,
            of: policy.attempts(),
            waited,
            decision,
        };
        if config.json && !config.quiet {
            // Each record as it happens; a reader that went away stops the attempts.
            render::attempt::json(out, &record)
                .and_then(|()| out.flush())
                .map_err(|e| OutputClosed::attach(e, tried.report.exit))?;
        } else if !config.quiet && (number > 1 || matches!(decision, Decision::Retry(_))) {
            // stderr may be gone; the attempts go on regardless.
            let _ = render::attempt::line(err, &record);
        }
        let wait = match decision {
            Decision::Stop(stop) => return Ok((tried, End::Stopped(stop))),
            Decision::Retry(wait) => wait,
        };
        let countdown = (config.stderr_is_terminal && !config.quiet).then_some(Countdown {
            report: &tried.report,
            next: number.saturating_add(1),
            of: policy.attempts(),
        });
        if let Some(signal) = pause(wait, countdown, &mut live, err) {
            return Ok((tried, End::Interrupted(signal)));
        }
        waited = Some(wait);
    }
}

/// What the countdown on a terminal shows.
struct Countdown<'a> {
    report: &'a Report,
    next: u32,
    of: Option<u32>,
}

/// Waits `wait` out, drawing the countdown when there is one; `Some(signal)` when
/// SIGINT or SIGTERM cut it short.
fn pause(
    wait: retry::Wait,
    countdown: Option<Countdown>,
    live: &mut Live,
    err: &mut dyn Write,
) -> Option<i32> {
    let waiter = interrupt::Waiter::new();
    let end = Instant::now() + wait.duration;
    let mut signal = None;
    loop {
        let left = end.saturating_duration_since(Instant::now());
        if left.is_zero() {
            break;
        }
        let tick = match &countdown {
            Some(c) => {
                let _ = live.draw(err, c.report, left, wait.reason, c.next, c.of);
                // Wake as the seconds left change, so the count ticks whole seconds.
                match left.subsec_nanos() {
                    0 => Duration::from_secs(1).min(left),
                    nanos => Duration::from_nanos(u64::from(nanos)),
                }
            }
            None => left,
        };
        signal = waiter.sleep(tick);
        if signal.is_some() {
            break;
        }
    }
    if countdown.is_some() {
        let _ = live.clear(err);
    }
    signal.or_else(|| waiter.finish())
}

/// Now, in epoch seconds (0 for a clock set before 1970).
fn epoch_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// A number in [0, 1), different each call: std's randomly keyed hasher over the clock.
fn jitter() -> f64 {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos()),
    );
    (hasher.finish() >> 11) as f64 / (1u64 << 53) as f64
}

/// `--save` and `--output` (`flag`) never replace the file the request body comes from.
fn refuse_to_overwrite_input(flag: &str, save: &Path, args: &SendArgs) -> Result<()> {
    let inputs = [&args.data, &args.json_body];
    for path in inputs
        .into_iter()
        .flatten()
        .filter_map(|d| d.strip_prefix('@'))
        .filter(|p| *p != "-")
    {
        let same = match (save.canonicalize(), Path::new(path).canonicalize()) {
            (Ok(a), Ok(b)) => a == b,
            _ => false,
        };
        if same {
            bail!(
                "{flag} {} would overwrite the request body file",
                save.display()
            );
        }
    }
    if save.is_dir() {
        bail!("{flag} {}: is a directory", save.display());
    }
    // Found out before the request goes, not after: a POST is not made for nothing.
    let dir = save
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if !dir.is_dir() {
        bail!(
            "{flag} {}: the folder {} does not exist",
            save.display(),
            dir.display()
        );
    }
    Ok(())
}
