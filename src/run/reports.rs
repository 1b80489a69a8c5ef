//! `run --report`: the reports asked for, resolved (each kind's default file, stdout for
//! `-`) and checked before anything is sent (one on stdout at most, none beside `--json`,
//! one per file, into a folder that exists); then each written where it goes, and
//! github's Markdown table appended to the step summary the config names. The formats
//! themselves are `render::report`'s.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow};

use crate::cli::{ReportKind, RunArgs};
use crate::config::Config;
use crate::render;
use crate::render::run::Summary;

/// A report asked for with `--report`, resolved.
pub struct Asked {
    pub kind: ReportKind,
    /// `None`: stdout.
    pub to: Option<PathBuf>,
}

/// The reports asked for: each kind's default file filled in, and checked before
/// anything is sent (one on stdout at most, none beside `--json`, one per file, into a
/// folder that exists).
pub fn asked(args: &RunArgs, config: &Config) -> Result<Vec<Asked>> {
    let mut reports: Vec<Asked> = Vec::new();
    for arg in &args.reports {
        let to = match (&arg.file, arg.kind) {
            (Some(f), _) if f.as_os_str() == "-" => None,
            (Some(f), _) => Some(f.clone()),
            (None, ReportKind::Junit) => Some(PathBuf::from("resp-junit.xml")),
            (None, ReportKind::Tap) => Some(PathBuf::from("resp.tap")),
            (None, ReportKind::Github) => None,
        };
        let usage = |message: String, hint: &str| -> anyhow::Error {
            crate::exit::Failure::usage(message, hint).into()
        };
        match &to {
            None if config.json => {
                return Err(usage(
                    format!(
                        "--report {} writes to stdout, where --json writes its records",
                        arg.kind.name()
                    ),
                    &format!("give the report a file: --report {}", with_file(arg.kind)),
                ));
            }
            None if reports.iter().any(|r| r.to.is_none()) => {
                return Err(usage(
                    "two reports would write to stdout".into(),
                    &format!("give one a file: --report {}", with_file(arg.kind)),
                ));
            }
            Some(path) if reports.iter().any(|r| r.to.as_ref() == Some(path)) => {
                return Err(usage(
                    format!("two reports would write to {}", path.display()),
                    "give each report its own file",
                ));
            }
            Some(path) => {
                let dir = path
                    .parent()
                    .filter(|d| !d.as_os_str().is_empty())
                    .unwrap_or(Path::new("."));
                if !dir.is_dir() || path.is_dir() {
                    return Err(anyhow!(
                        "--report {}: {} cannot be written: {}",
                        arg.kind.name(),
                        path.display(),
                        if path.is_dir() {
                            "it is a folder".to_string()
                        } else {
                            format!("the folder {} does not exist", dir.display())
                        }
                    ));
                }
            }
            None => {}
        }
        reports.push(Asked { kind: arg.kind, to });
    }
    Ok(reports)
}

/// `KIND:FILE` for a hint, the kind the user gave with a file that suits it.
fn with_file(kind: ReportKind) -> String {
    let file = match kind {
        ReportKind::Junit => "report.xml",
        ReportKind::Tap => "report.tap",
        ReportKind::Github => "annotations.txt",
    };
    format!("{}:{file}", kind.name())
}

/// Writes one report where it goes; github's also appends its table to the step summary.
pub fn write(
    report: &Asked,
    summary: &Summary,
    config: &Config,
    out: &mut dyn Write,
) -> Result<()> {
    let render = |w: &mut dyn Write| match report.kind {
        ReportKind::Junit => render::report::junit::write(w, summary.lines, summary.elapsed),
        ReportKind::Tap => render::report::tap::write(w, summary.lines),
        ReportKind::Github => render::report::github::annotations(w, summary.lines),
    };
    match &report.to {
        None if config.quiet => {}
        None => render(out).map_err(|e| crate::exit::OutputClosed::attach(e, summary.exit))?,
        Some(path) => {
            let context = || {
                format!(
                    "writing the {} report to {}",
                    report.kind.name(),
                    path.display()
                )
            };
            let file = std::fs::File::create(path).with_context(context)?;
            let mut file = std::io::BufWriter::new(file);
            render(&mut file)
                .and_then(|()| file.flush())
                .with_context(context)?;
        }
    }
    if report.kind == ReportKind::Github
        && let Some(path) = &config.step_summary
    {
        let context = || format!("appending the run's table to {}", path.display());
        let file = std::fs::OpenOptions::new()
            .append(true)
            .create(true)
            .open(path)
            .with_context(context)?;
        let mut file = std::io::BufWriter::new(file);
        render::report::github::summary(&mut file, summary.lines, summary.elapsed)
            .and_then(|()| file.flush())
            .with_context(context)?;
    }
    Ok(())
}
