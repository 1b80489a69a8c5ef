//! `resp read`: reads each input (a file, or stdin), works out its format, judges every
//! response in it and hands the reports to the renderer; HAR files are streamed ([`har`]).
//! A reader of the output that goes away (`resp read … | head`) ends the run quietly with
//! the exit of what was judged before the cut ([`OutputClosed`]), combined as for several inputs.

mod har;

use std::fs::File;
use std::io::{self, BufRead, BufReader, Cursor, Read, Write};
use std::path::Path;

use anyhow::{Context, Result, bail};

use crate::classify::Expect;
use crate::cli::{BodyMode, ReadArgs};
use crate::config::{Config, Mode};
use crate::docs::Docs;
use crate::exit::{Exit, Failure, OutputClosed, exit_of};
use crate::render::json_line::json_line;
use crate::render::progress::Bar;
use crate::render::{Show, emit};
use crate::report::{Report, failed, judge, strict};
use crate::source::counted::Counted;
use crate::source::{
    self, Format, KEEP_INPUT, KEEP_INPUT_FULL, MAX_INPUT, body, curl_verbose, http,
};

/// Runs `resp read`.
pub fn read(
    args: &ReadArgs,
    config: &Config,
    docs: &Docs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Exit> {
    let stdin = Path::new("-");
    let inputs: Vec<&Path> = if args.files.is_empty() {
        if config.stdin_is_terminal {
            return Err(Failure::usage(
                "no input: give a file to read, or pipe a response in",
                "curl -si https://api.example.com/x | resp read",
            )
            .into());
        }
        vec![stdin]
    } else {
        args.files.iter().map(|p| p.as_path()).collect()
    };
    if args.files.iter().filter(|p| p.as_os_str() == "-").count() > 1 {
        bail!("stdin (-) can be read only once");
    }
    if let Some(output) = &args.output.output_file {
        refuse_output(output, &inputs)?;
    }
    let show = Show {
        // A body written to a file is not shown again under the card.
        body: match args.output.output_file {
            Some(_) => crate::cli::BodyMode::None,
            None => args.output.body,
        },
        verbose: args.output.verbose > 0,
        very_verbose: args.output.verbose > 1,
        headers: args.output.include,
        show_secrets: args.output.show_secrets,
        name_source: inputs.len() > 1,
        timing: false,
    };
    let mut exits = Vec::new();
    for (i, path) in inputs.iter().enumerate() {
        // Output cut between or inside inputs ends the run with what was judged so far.
        let so_far = Exit::combine_all(exits.iter().copied());
        if i > 0 && config.mode == Mode::Card {
            writeln!(out).map_err(|e| OutputClosed::attach(e, so_far))?;
        }
        let ctx = Ctx {
            args,
            show: &show,
            config,
            docs,
        };
        let result = read_one(path, &ctx, out, err);
        // A script reading --json lines gets one for an input that could not be read too.
        if let Err(e) = &result
            && config.json
            && !config.quiet
            && OutputClosed::carried(e).is_none()
        {
            json_line(
                out,
                &failed(name_of(path), e, None, crate::config::clock()),
                &show,
            )
            .map_err(|cut| OutputClosed::attach(cut, so_far.combine(exit_of(e))))?;
        }
        match result {
            Ok(exit) => exits.push(exit),
            Err(e) if OutputClosed::carried(&e).is_some() => {
                return Err(OutputClosed::attach(e, so_far));
            }
            // One bad file among several is reported and the rest still read.
            Err(e) if inputs.len() > 1 => {
                crate::report(&e, err);
                exits.push(exit_of(&e));
            }
            Err(e) => return Err(e),
        }
    }
    Ok(Exit::combine_all(exits))
}

/// `input`, feeding `bar` (when there is one) with the bytes read of `size`.
fn counted<'a>(
    input: impl Read + Send + 'a,
    bar: &'a Option<Bar>,
    size: Option<u64>,
) -> Box<dyn Read + Send + 'a> {
    match bar {
        Some(bar) => Box::new(Counted::new(input, move |n| bar.update(n, size))),
        None => Box::new(input),
    }
}

/// `-b` and `-o` take exactly one response's body.
fn wants_one_body(args: &ReadArgs) -> bool {
    args.output.body_only || args.output.output_file.is_some()
}

fn name_of(path: &Path) -> String {
    if path.as_os_str() == "-" {
        "stdin".to_string()
    } else {
        path.display().to_string()
    }
}

/// What every input is read with.
struct Ctx<'a> {
    args: &'a ReadArgs,
    show: &'a Show,
    config: &'a Config,
    docs: &'a Docs,
}

fn read_one(path: &Path, ctx: &Ctx, out: &mut dyn Write, err: &mut dyn Write) -> Result<Exit> {
    let Ctx {
        args, config, docs, ..
    } = *ctx;
    let name = name_of(path);
    // On a terminal, a large input shows how far it has been read.
    let bar = config
        .progress
        .then(|| Bar::new(Box::new(io::stderr()), &name));
    let mut reader: Box<dyn BufRead + Send + '_> = if path.as_os_str() == "-" {
        Box::new(BufReader::with_capacity(
            1 << 16,
            counted(io::stdin(), &bar, None),
        ))
    } else {
        if path.is_dir() {
            bail!("{name}: is a directory, not a saved response");
        }
        let file = File::open(path).with_context(|| format!("reading {name}"))?;
        let size = file
            .metadata()
            .ok()
            .filter(|m| m.is_file())
            .map(|m| m.len());
        Box::new(BufReader::with_capacity(1 << 16, counted(file, &bar, size)))
    };
    let mut head = Vec::new();
    (&mut reader)
        .take(1 << 16)
        .read_to_end(&mut head)
        .with_context(|| format!("reading {name}"))?;
    // --status is a bare body's status, or for a HAR the statuses to list.
    let status_given = !args.status.is_empty();
    let format = match (args.format, status_given) {
        (Some(f), true) if f != Format::Body && f != Format::Har => {
            return Err(Failure::usage(
                "--status goes with a bare body, not with --format set to another format",
                "use --format body --status N, or leave --status out",
            )
            .into());
        }
        (Some(f), _) => f,
        // --status is for bare bodies: it never overrides a status line the input has.
        (None, true) => match source::detect(&head) {
            Some(Format::Har) => Format::Har,
            Some(f @ (Format::Http | Format::CurlVerbose)) => {
                let what = match f {
                    Format::Http => "an HTTP status line",
                    _ => "a curl -v transcript",
                };
                return Err(anyhow::Error::new(Failure::usage(
                    format!("{name}: --status is for a bare body, and this input is {what}"),
                    "leave --status out, or force --format body to judge the whole input as a body",
                )));
            }
            _ => Format::Body,
        },
        (None, false) => match source::detect(&head) {
            Some(f) => f,
            None if head.iter().all(u8::is_ascii_whitespace) => {
                bail!("{name}: empty input, no response in it")
            }
            None => {
                return Err(anyhow::Error::new(Failure::hinted(
                    format!("{name}: not a response resp can read"),
                    "expected an HTTP status line (curl -i), a curl -v transcript, a HAR file, or a JSON body with --status N",
                )));
            }
        },
    };
    if format != Format::Har && har_only(args).is_some() {
        return Err(Failure::usage(
            format!(
                "{name}: {} picks entries of a HAR file, and this input is not one",
                har_only(args).unwrap_or_default()
            ),
            "leave it out: a single response is always shown",
        )
        .into());
    }
    let mut input = Cursor::new(head).chain(reader);
    if format == Format::Har && args.request.is_some() {
        return Err(Failure::usage(
            format!(
                "{name}: --request is for an input without its request, and a HAR entry has its own"
            ),
            "leave --request out: each entry is matched by its own request",
        )
        .into());
    }
    if format == Format::Har {
        return har::read_har(&mut input, &name, ctx, bar.as_ref(), out, err);
    }
    // The body is kept whole where it is shown whole: --body full, -b, -o.
    let whole = args.output.body == BodyMode::Full
        || config.mode == Mode::BodyOnly
        || args.output.output_file.is_some();
    let (bytes, skipped, tail, cut) =
        read_kept(&mut input, whole).with_context(|| format!("reading {name}"))?;
    if let Some(bar) = &bar {
        bar.finish();
    }
    let response = match format {
        Format::Http => http::parse_limited(&bytes, &name, cut, (skipped, &tail)),
        Format::CurlVerbose => curl_verbose::parse(&bytes, &name),
        Format::Body => match bare_status(&args.status)? {
            Some(status) => {
                let mut response = body::bare(bytes, status, &name);
                if skipped > 0 {
                    response.body_cut = true;
                    response.body_total = Some(KEEP_INPUT as u64 + skipped);
                    if !cut {
                        response.warnings.push(format!(
                            "the body is {} bytes: only the first {} MiB are kept (--body full keeps up to {} MiB)",
                            KEEP_INPUT as u64 + skipped,
                            KEEP_INPUT >> 20,
                            source::MAX_BODY >> 20
                        ));
                    }
                }
                Ok(response)
            }
            None => Err(anyhow::Error::new(Failure::hinted(
                "a bare body has no status line".to_string(),
                "give its status: resp read --format body --status 420 FILE",
            ))),
        },
        Format::Har => unreachable!("handled above"),
    }
    .with_context(|| name.clone())?;
    let mut response = response;
    if response.request.is_none()
        && let Some((method, url)) = &args.request
    {
        response.request = Some(source::Request {
            method: method.clone(),
            url: url.clone(),
            ..source::Request::default()
        });
    }
    // Raw HTTP says it in its body's terms; the other formats have none.
    if cut && format != Format::Http {
        response.warnings.push(source::input_cut_note());
        response.body_cut = true;
    } else if skipped > 0 && format == Format::CurlVerbose {
        response.warnings.push(format!(
            "the input is {} bytes: only the first {} MiB are kept (--body full keeps more)",
            KEEP_INPUT as u64 + skipped,
            KEEP_INPUT >> 20
        ));
        response.body_cut = true;
    }
    let cut_short = response.cut_short;
    let mut report = judge(
        response,
        docs,
        &args.output.expect,
        true,
        crate::config::clock(),
    );
    if args.output.strict {
        report = strict(report);
    }
    // A body its sender cut short failed the exchange, whatever the status said: as `send`.
    if cut_short {
        report.exit = report.exit.combine(Exit::Connect);
    }
    finish(report, ctx, out, err)
}

/// Shows one judged response; with `-o`, its body goes to the file first. Returns the
/// exit code: a body that `-b` could write only in part, or that `-o` could not write
/// whole (so did not write), is an error.
fn finish(mut report: Report, ctx: &Ctx, out: &mut dyn Write, err: &mut dyn Write) -> Result<Exit> {
    let output = &ctx.args.output.output_file;
    let Some(path) = output else {
        if ctx.config.mode == Mode::BodyOnly {
            crate::report::incomplete_output(&mut report, None);
        }
        emit(&report, ctx.show, ctx.config, out, err)?;
        return Ok(report.exit);
    };
    // No response (a failed or malformed HAR entry): no body, and the file is left as it
    // was rather than emptied.
    if report.response.failure.is_some() {
        report.response.warnings.push(format!(
            "there is no response, so nothing was written to {}",
            path.display()
        ));
        emit(&report, ctx.show, ctx.config, out, err)?;
        return Ok(report.exit);
    }
    // A file gets a body whole or not at all: one that resp kept only the start of
    // leaves the file as it was.
    if report.response.body_cut {
        report.response.warnings.push(format!(
            "nothing was written to {}: resp kept only the first {} bytes of the body",
            path.display(),
            report.response.body.len()
        ));
        report.exit = report.exit.combine(Exit::Error);
        emit(&report, ctx.show, ctx.config, out, err)?;
        return Ok(report.exit);
    }
    crate::save::body(path, &report.response, ctx.args.output.force)?;
    emit(&report, ctx.show, ctx.config, out, err)?;
    crate::render::body::saved(out, path, report.response.body.len(), ctx.config)
        .map_err(|e| OutputClosed::attach(e, report.exit))?;
    Ok(report.exit)
}

/// `-o` takes one response's body: from one input, never written over an input.
fn refuse_output(output: &Path, inputs: &[&Path]) -> Result<()> {
    if inputs.len() > 1 {
        return Err(Failure::usage(
            "--output writes one response's body, and several inputs were given",
            "read one file at a time: resp read r.http -o body.json",
        )
        .into());
    }
    let same = |input: &&Path| match (output.canonicalize(), input.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    if inputs.iter().any(same) {
        bail!("--output {} would overwrite the input", output.display());
    }
    if output.is_dir() {
        bail!("--output {}: is a directory", output.display());
    }
    Ok(())
}

/// The status of a bare body: one code, not a list or a class.
fn bare_status(list: &[Expect]) -> Result<Option<u16>> {
    match list {
        [] => Ok(None),
        [Expect::Code(code)] => Ok(Some(*code)),
        _ => Err(Failure::usage(
            "a bare body's --status is one status code (420), not a list or a class",
            "lists and classes (--status 4xx,503) pick the entries of a HAR file",
        )
        .into()),
    }
}

/// The first HAR-only flag given, for the error when the input is not a HAR.
fn har_only(args: &ReadArgs) -> Option<&'static str> {
    let h = &args.har;
    [
        (args.entry.is_some(), "--entry"),
        (h.failing, "--failing"),
        (h.url.is_some(), "--url"),
        (h.method.is_some(), "--method"),
        (h.waterfall, "--waterfall"),
        (h.all, "--all"),
    ]
    .into_iter()
    .find_map(|(given, flag)| given.then_some(flag))
}

/// Reads an input up to [`MAX_INPUT`], keeping its first [`KEEP_INPUT`] bytes, or
/// [`KEEP_INPUT_FULL`] when the body is shown in full, and reading past the rest: (what was
/// kept, how many bytes more were read and the last few of them, whether the input went on
/// past [`MAX_INPUT`]). Past the cap the rest is not read and the response is still
/// judged, with a warning. The tail tells whether a chunked body read past ended whole.
fn read_kept(input: &mut dyn Read, full: bool) -> io::Result<(Vec<u8>, u64, Vec<u8>, bool)> {
    const TAIL: usize = 8;
    let keep = if full { KEEP_INPUT_FULL } else { KEEP_INPUT };
    let mut bytes = Vec::new();
    input.take(keep as u64).read_to_end(&mut bytes)?;
    if bytes.len() < keep {
        return Ok((bytes, 0, Vec::new(), false));
    }
    let mut skipped = 0u64;
    let mut tail = Vec::with_capacity(2 * TAIL);
    let left = (MAX_INPUT - keep) as u64;
    let mut chunk = vec![0u8; 1 << 16];
    loop {
        match input.read(&mut chunk) {
            Ok(0) => return Ok((bytes, skipped, tail, false)),
            Ok(n) => {
                skipped += n as u64;
                if skipped > left {
                    return Ok((bytes, left, Vec::new(), true));
                }
                tail.extend_from_slice(&chunk[n.saturating_sub(TAIL)..n]);
                tail.drain(..tail.len().saturating_sub(TAIL));
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
}
