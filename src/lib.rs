//! `resp`: an HTTP response inspector. This library is the binary's internals: internal
//! API, no semver promise. [`run`] does one command and returns the exit code to use;
//! [`report`] shows an error and returns its exit code.

pub mod classify;
pub mod cli;
pub mod config;
pub mod docs;
pub mod exchange;
pub mod exit;
pub mod explain;
pub mod filter;
pub mod inspect;
pub mod interrupt;
pub mod read;
pub mod registry;
pub mod render;
pub mod report;
pub mod retry;
pub mod run;
pub mod save;
pub mod send;
pub mod source;
pub mod tty;
pub mod url;

use std::io::{self, Write};
use std::process::ExitCode;

use anyhow::Result;

use crate::cli::{Cli, Command};
use crate::config::{Config, Env};
use crate::exit::Exit;

/// Runs one command, writing to `out` (and notes for scripts to `err`); the `Exit` is
/// what the process should exit with.
pub fn run(mut cli: Cli, out: &mut dyn Write, err: &mut dyn Write) -> Result<Exit> {
    let env = Env::capture();
    config::check(&cli, &env)?;
    config::stdout_output(&mut cli);
    let config = Config::new(&cli, &env);
    colored::control::set_override(config.color);
    match cli.command {
        Command::Explain(args) => {
            let docs = load_docs(&config, err)?;
            let queries = explain::parse_queries(&args.query, &docs)?;
            if args.exit_status {
                explain::check_exit_status(&queries)?;
            }
            let explanation = explain::explain(&queries, &docs, args.all)?;
            let exit = if args.exit_status {
                explanation.exit()
            } else {
                Exit::Success
            };
            if config.quiet {
                return Ok(exit);
            }
            emit(
                render::explain(out, &explanation, &docs, &config),
                out,
                exit,
            )
        }
        Command::Read(args) => {
            let docs = load_docs(&config, err)?;
            check_strict(args.output.strict, &docs)?;
            let exit = read::read(&args, &config, &docs, out, err)?;
            emit(Ok(()), out, exit)
        }
        Command::Send(args) => {
            if let [only] = args.url.as_slice()
                && let Some(habit) = render::method_as_url(only)
            {
                return Err(habit.into());
            }
            let docs = load_docs(&config, err)?;
            check_strict(args.output.strict, &docs)?;
            let exit = send::send(&args, &config, &docs, out, err)?;
            emit(Ok(()), out, exit)
        }
        Command::Run(args) => {
            let docs = load_docs(&config, err)?;
            check_strict(args.strict, &docs)?;
            // `{{NAME}}` and `$processEnv` read the process environment, taken here once.
            let process = std::env::vars_os()
                .filter_map(|(k, v)| Some((k.into_string().ok()?, v.into_string().ok()?)))
                .collect();
            let exit = run::run(&args, &config, &docs, &process, out, err)?;
            emit(Ok(()), out, exit)
        }
        Command::Completions { shell } => {
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut cli::command(), "resp", &mut script);
            emit(out.write_all(&script), out, Exit::Success)
        }
        Command::Man { command } => {
            let mut page = Vec::new();
            render::man::page(&mut page, &cli::command(), command.as_deref())?;
            emit(out.write_all(&page), out, Exit::Success)
        }
    }
}

/// What the API documents, with what loading noticed (references not followed) said on
/// stderr, once.
fn load_docs(config: &Config, err: &mut dyn Write) -> Result<docs::Docs> {
    let docs = config.load_docs()?;
    render::warnings(err, docs.warnings());
    Ok(docs)
}

/// `--strict` judges statuses against operations: without a description it would pass
/// everything, so it is a usage error.
fn check_strict(strict: bool, docs: &docs::Docs) -> Result<()> {
    if strict && docs.descriptions().is_empty() {
        return Err(exit::Failure::usage(
            "--strict checks statuses against an OpenAPI description, and none was given",
            "resp read --strict --table api.yaml session.har",
        )
        .into());
    }
    Ok(())
}

/// Finishes output: flushes, and treats a reader that went away (`resp … | head`) as the
/// end of the run, not an error, keeping the exit code already decided.
fn emit(written: io::Result<()>, out: &mut dyn Write, exit: Exit) -> Result<Exit> {
    match written.and_then(|()| out.flush()) {
        Ok(()) => Ok(exit),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(exit),
        Err(e) => Err(anyhow::Error::new(e).context("writing output")),
    }
}

/// Writes `err` to `stderr` as `resp: error: …` (plus a hint), sanitized; returns its code.
/// A cut output (`resp … | head`) is quiet and ends with the exit judged before the cut.
pub fn report(err: &anyhow::Error, stderr: &mut dyn Write) -> Exit {
    if let Some(exit) = exit::OutputClosed::carried(err) {
        return exit;
    }
    // A closed pipe that carries no judgement is quiet too, but claims no success.
    if exit::is_broken_pipe(err) {
        return exit::exit_of(err);
    }
    for line in exit::error_lines(err) {
        // stderr may be gone too; there is nowhere left to say so.
        let _ = writeln!(stderr, "{}", render::sanitize::line(&line));
    }
    exit::exit_of(err)
}

/// HTTPie's habits in a command line clap took (`resp send POST :8080/x name=value`):
/// shown with the flags to use, and the usage error's exit code; `None` when there are
/// none.
pub fn habits_taken(args: &[String], stderr: &mut dyn Write) -> Option<ExitCode> {
    let habits = render::habits_in(args, &cli::command())?;
    let _ = render::habits_error(stderr, &habits);
    Some(ExitCode::from(2))
}

/// Shows a command-line error from clap and returns its exit code: help and version as
/// clap prints them, real errors without colour and sanitized (they quote what was typed);
/// HTTPie's habits in `args` (the command line as typed) are named, with the flags to use.
pub fn usage_error(err: clap::Error, args: &[String], stderr: &mut dyn Write) -> ExitCode {
    use clap::error::ErrorKind::{
        DisplayHelp, DisplayHelpOnMissingArgumentOrSubcommand, DisplayVersion,
    };
    let printed = match err.kind() {
        DisplayHelp | DisplayVersion | DisplayHelpOnMissingArgumentOrSubcommand => err.print(),
        _ => match render::habits(&err, args, &cli::command()) {
            Some(habits) => render::habits_error(stderr, &habits),
            None => render::usage_error(stderr, &err),
        },
    };
    match printed {
        // Help or version that could not be written (a full disk) is an I/O error, as
        // any other output's; a reader that went away (`| head`) is not.
        Err(e) if err.exit_code() == 0 && e.kind() != std::io::ErrorKind::BrokenPipe => {
            let _ = writeln!(stderr, "resp: error: writing output: {e}");
            ExitCode::from(1)
        }
        // Nowhere is left to say that writing a usage error failed; the code still tells.
        _ => ExitCode::from(u8::try_from(err.exit_code()).unwrap_or(2)),
    }
}
