//! `resp run FILE…`: the requests in `.http` / `.rest` files, each judged as `resp send`
//! judges one. Every file is read ([`http_file`]), its environment loaded and every
//! request checked (`plan.rs`, with [`vars`]: names defined, chained requests named, no
//! loops) before anything is sent: a bad file fails the run with `FILE:LINE` and sends nothing
//! (a request using a variable only a response handler sets is not sent, and said). Then
//! the [`pool`] runs the requests, a request that uses another's answer after it; each
//! answer is judged into a `Report` and handed to the renderer in file order (a JSON
//! record, or with `-v` the card), and the table and summary end the run, then the
//! reports asked for with `--report` (`render::report`: JUnit, TAP, GitHub), each checked
//! before anything is sent. The exit code
//! is the worst request's, combined as `resp read` combines several files.
//!
//! Each worker thread keeps its connections alive (`network::Kept`), so a file of many
//! requests to one host opens one connection per worker.
//!
//! This command shares no code with `send` by import: what both need (the time limits,
//! an exchange made and judged) lives in `crate::exchange`.

mod env;
pub mod http_file;
mod plan;
pub mod pool;
mod reports;
pub mod vars;

use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::sync::Arc;
use std::time::Instant;

use anyhow::{Result, anyhow};

use self::http_file::BodyPart;
use self::plan::{Loaded, Planned, load, plan, said, target};
use self::pool::{End, Pool};
use self::vars::{Answered, Memo, Need, Notes, Scope};
use crate::classify::Expect;
use crate::cli::{BodyMode, ReportKind, RunArgs};
use crate::config::Config;
use crate::docs::Docs;
use crate::exit::Exit;
use crate::render::run::{Line, Outcome, Record, Summary};
use crate::render::{self, Show, mask};
use crate::report::{Report, failed};
use crate::source::network::{self, Exchange, Limits, Payload};

/// The most body bytes kept of each answer, as `send`'s default `--max-body`.
const MAX_BODY: usize = 64 << 20;

/// Runs `resp run`.
pub fn run(
    args: &RunArgs,
    config: &Config,
    docs: &Docs,
    process: &HashMap<String, String>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Exit> {
    let env_name = args.env.as_deref();
    let mut files = Vec::new();
    for path in &args.files {
        files.push(load(path, env_name)?);
    }
    let reports = reports::asked(args, config)?;
    // A junit or tap report on stdout takes the place of the table and the records.
    let stdout_taken = reports
        .iter()
        .any(|r| r.to.is_none() && r.kind != ReportKind::Github);
    let mut notes = Notes::default();
    let plan = plan(&files, env_name, process, &mut notes)?;
    let show = Show {
        body: BodyMode::Auto,
        verbose: args.verbose > 0,
        very_verbose: args.verbose > 1,
        headers: false,
        timing: args.verbose > 0,
        show_secrets: args.show_secrets,
        name_source: false,
    };
    // The environment's roots are read where TLS may be met, and checked before anything
    // is sent (-k checks no certificate).
    let tls = !args.insecure && (args.follow || plan.iter().any(|p| !starts_plain(&p.url)));
    let exchange_of = Settings {
        limits: crate::exchange::limits(&args.limits),
        follow: args.follow,
        max_redirects: args.max_redirects,
        insecure: args.insecure,
        http: crate::exchange::http_version(&args.http),
        trust: crate::exchange::trust(&args.tls, config, tls)?,
    };
    // Read while preparing a request, written as one ends: both on this thread.
    let answers: std::cell::RefCell<Vec<HashMap<String, Answered>>> =
        std::cell::RefCell::new(vec![HashMap::new(); files.len()]);
    let mut memos: Vec<Memo> = files.iter().map(|_| Memo::default()).collect();
    // Answers another request reads are kept; the rest are dropped once shown.
    let needed: HashSet<usize> = plan.iter().flat_map(|p| p.deps.iter().copied()).collect();
    let deps: Vec<Vec<usize>> = plan.iter().map(|p| p.deps.clone()).collect();
    let started = Instant::now();
    let mut shown = Shown {
        args,
        config,
        show: &show,
        plan: &plan,
        files: &files,
        waiting: (0..plan.len()).map(|_| None).collect(),
        next: 0,
        lines: Vec::with_capacity(plan.len()),
        exits: Vec::with_capacity(plan.len()),
        ended_with: vec![Exit::Success; plan.len()],
        done: 0,
        failing: 0,
        cut: None,
        silent: config.quiet || stdout_taken,
        started,
        ended_ms: vec![0.0; plan.len()],
    };
    pool::execute(
        &Pool {
            deps: &deps,
            jobs: usize::from(args.jobs),
            bail: args.bail,
        },
        |i| {
            let p = &plan[i];
            let loaded = &files[p.file];
            let mut sent_notes = Notes::default();
            // A value only a handler sets never comes: said, and the request not made.
            let built = match p.unsendable(&loaded.shown) {
                Some(why) => Err(why),
                None => exchange(
                    p,
                    loaded,
                    &loaded.scope(env_name, process),
                    &answers.borrow()[p.file],
                    &mut memos[p.file],
                    &mut sent_notes,
                    &exchange_of,
                ),
            };
            for var in sent_notes.unset {
                if !notes.unset.contains(&var) {
                    notes.unset.push(var);
                }
            }
            let expect = if p.request.expect.is_empty() {
                args.expect.clone()
            } else {
                p.request.expect.clone()
            };
            match built {
                Ok(ex) => Ok((ex, expect)),
                Err(message) => {
                    let request = crate::source::Request {
                        method: p.request.method.clone(),
                        url: p.url.clone(),
                        ..crate::source::Request::default()
                    };
                    let mut report = failed(
                        p.url.clone(),
                        &anyhow!(message),
                        Some(request),
                        crate::config::clock(),
                    );
                    report.exit = Exit::Error;
                    Err(Box::new(Ended {
                        report,
                        sent: false,
                    }))
                }
            }
        },
        |kept: &mut network::Kept, (ex, expect): (Exchange, Vec<Expect>)| {
            Box::new(Ended {
                report: attempt(kept, &ex, docs, &expect, args.strict, args.show_secrets),
                sent: true,
            })
        },
        |ended| ended.report.exit != Exit::Success,
        |i, end| {
            if let End::Ran(ended) = &end
                && let Ended { report, sent: true } = &**ended
                && needed.contains(&i)
                && let Some(name) = &plan[i].request.name
            {
                answers.borrow_mut()[plan[i].file].insert(
                    name.clone(),
                    Answered {
                        headers: report.response.headers.clone(),
                        body: report.response.body.clone(),
                    },
                );
            }
            shown.ended(i, end, out, err);
            // A reader that went away (`| head`) wants no more requests made.
            shown.cut.is_none()
        },
    );
    if config.progress && !config.quiet {
        render::run::clear_progress(err);
    }
    if let Some(e) = shown.cut.take() {
        return Err(crate::exit::OutputClosed::attach(
            e,
            Exit::combine_all(shown.exits.iter().copied()),
        ));
    }
    let exit = Exit::combine_all(shown.exits.iter().copied());
    let summary = Summary {
        lines: &shown.lines,
        notes: said(&files, &plan, &notes),
        elapsed: started.elapsed(),
        exit,
        failing_only: args.failing,
    };
    let written = if config.quiet || stdout_taken {
        Ok(())
    } else if config.json {
        render::run::summary_json(out, &summary)
    } else {
        render::run::table(out, &summary, &show, config)
    };
    written.map_err(|e| crate::exit::OutputClosed::attach(e, exit))?;
    for report in &reports {
        reports::write(report, &summary, config, out)?;
    }
    Ok(exit)
}

/// How a request that was prepared ended.
struct Ended {
    report: Report,
    /// It went out; false when it could not be made (a chained value missing, a URL that
    /// cannot be sent, a body file gone).
    sent: bool,
}

/// Ends kept until they can be shown in file order, and what was shown.
struct Shown<'a> {
    args: &'a RunArgs,
    config: &'a Config,
    show: &'a Show,
    plan: &'a [Planned],
    files: &'a [Loaded],
    waiting: Vec<Option<End<Box<Ended>>>>,
    /// The next request to show.
    next: usize,
    lines: Vec<Line>,
    exits: Vec<Exit>,
    /// Each request's exit code, as it ended.
    ended_with: Vec<Exit>,
    done: usize,
    failing: usize,
    /// The output went away: nothing more is written.
    cut: Option<std::io::Error>,
    /// Nothing goes to stdout as the requests end: `-q`, or a report has it.
    silent: bool,
    /// When the run started, and when each request ended (ms after it): the reports'
    /// times are spans of the run's one clock.
    started: Instant,
    ended_ms: Vec<f64>,
}

impl Shown<'_> {
    fn ended(&mut self, i: usize, end: End<Box<Ended>>, out: &mut dyn Write, err: &mut dyn Write) {
        self.done += 1;
        self.ended_ms[i] = self.started.elapsed().as_secs_f64() * 1000.0;
        self.ended_with[i] = match &end {
            End::Ran(r) => r.report.exit,
            // A skipped request adds nothing to the code of what it waited for.
            End::Skipped(on) => self.ended_with[*on],
            End::NotRun => Exit::Success,
        };
        if !matches!(&end, End::Ran(r) if r.report.exit == Exit::Success) {
            self.failing += 1;
        }
        self.waiting[i] = Some(end);
        if self.config.progress && !self.config.quiet {
            render::run::progress(err, self.done, self.plan.len(), self.failing);
        }
        while let Some(end) = self.waiting.get_mut(self.next).and_then(Option::take) {
            let index = self.next;
            self.next += 1;
            self.show_one(index, end, out, err);
        }
    }

    fn show_one(
        &mut self,
        i: usize,
        end: End<Box<Ended>>,
        out: &mut dyn Write,
        err: &mut dyn Write,
    ) {
        let p = &self.plan[i];
        let loaded = &self.files[p.file];
        let (report, outcome) = match end {
            End::Ran(ended) => {
                let Ended { report, sent } = *ended;
                (report, if sent { Outcome::Ran } else { Outcome::NotSent })
            }
            End::Skipped(on) => {
                let dep = &self.plan[on];
                let exit = self.ended_with[on];
                let mut r = failed(
                    p.url.clone(),
                    &anyhow!(
                        "not sent: it uses '{}' (line {}), which failed",
                        dep.label(),
                        dep.request.line
                    ),
                    None,
                    crate::config::clock(),
                );
                r.exit = exit;
                (r, Outcome::Skipped)
            }
            End::NotRun => {
                let mut r = failed(
                    p.url.clone(),
                    &anyhow!("not sent: --bail stopped the run at the first failure"),
                    None,
                    crate::config::clock(),
                );
                // The failure that stopped the run decides the code; this adds nothing.
                r.exit = Exit::Success;
                (r, Outcome::NotRun)
            }
        };
        let record = Record {
            name: p.label(),
            file: &loaded.shown,
            line: p.request.line,
            method: &p.request.method,
            outcome,
            report: &report,
        };
        let failing = report.exit != Exit::Success || outcome != Outcome::Ran;
        self.exits.push(report.exit);
        let mut line = render::run::line(&record, self.show);
        line.ended_ms = Some(self.ended_ms[i]);
        self.lines.push(line);
        if self.cut.is_some() || self.silent {
            return;
        }
        let written = if self.config.json {
            // Each record as it is ready: a reader follows the run as it goes.
            render::run::record(out, &record, self.show).and_then(|()| out.flush())
        } else if self.show.verbose && (failing || !self.args.failing) {
            if self.config.progress {
                render::run::clear_progress(err);
            }
            render::run::card(out, &record, self.show, self.config)
        } else {
            Ok(())
        };
        if let Err(e) = written {
            self.cut = Some(e);
        }
    }
}

/// What every exchange shares, from the command line.
struct Settings {
    limits: Limits,
    follow: bool,
    max_redirects: u32,
    insecure: bool,
    /// `--http1.1`, `--http2`, `--http2-prior-knowledge`: for every request.
    http: network::HttpVersion,
    trust: network::Trust,
}

/// True when a request's URL (known parts filled in) is plain `http://`: no TLS.
fn starts_plain(url: &str) -> bool {
    url.get(..7)
        .is_some_and(|s| s.eq_ignore_ascii_case("http://"))
}

/// The exchange for a request, its variables resolved with the answers so far; or why it
/// cannot be sent, as `FILE:LINE: …`.
fn exchange(
    p: &Planned,
    loaded: &Loaded,
    scope: &Scope,
    answers: &HashMap<String, Answered>,
    memo: &mut Memo,
    notes: &mut Notes,
    settings: &Settings,
) -> Result<Exchange, String> {
    let r = &p.request;
    let before = r.vars_before;
    let fail = |e: vars::Error| format!("{}:{}: {}", loaded.shown, e.line, e.message);
    let expand = |text: &str, line: usize, memo: &mut Memo, notes: &mut Notes| {
        vars::expand(
            text,
            line,
            before,
            scope,
            &mut Need::Values(answers),
            memo,
            notes,
        )
        .map_err(fail)
    };
    let url = expand(&r.url, r.line, memo, notes)?;
    let url = target(&url).map_err(|why| format!("{}:{}: {why}", loaded.shown, r.line))?;
    let mut headers = Vec::new();
    for (name, value, line) in &r.headers {
        let value = expand(value, *line, memo, notes)?;
        if value.chars().any(|c| c.is_control() && c != '\t') {
            return Err(format!(
                "{}:{line}: header '{name}' has a control character in its value",
                loaded.shown
            ));
        }
        let value = if name.eq_ignore_ascii_case("authorization") {
            basic(&value).unwrap_or(value)
        } else {
            value
        };
        headers.push((name.clone(), value));
    }
    // GraphQL, as VS Code (`X-Request-Type: GraphQL`) and JetBrains (`GRAPHQL URL`) write
    // it: the query, then a blank line and its variables, sent as one JSON object.
    let graphql = r.method.eq_ignore_ascii_case("graphql")
        || crate::source::header(&headers, "x-request-type")
            .is_some_and(|t| t.trim().eq_ignore_ascii_case("graphql"));
    if graphql {
        headers.retain(|(n, _)| !n.eq_ignore_ascii_case("x-request-type"));
        if crate::source::header(&headers, "content-type").is_none() {
            headers.push(("Content-Type".into(), "application/json".into()));
        }
    }
    let content_type = crate::source::header(&headers, "content-type")
        .unwrap_or_default()
        .to_ascii_lowercase();
    let multipart = content_type.starts_with("multipart/");
    let form = content_type.starts_with("application/x-www-form-urlencoded");
    let body = match r.body.as_slice() {
        [] => None,
        // A file alone is sent from the file, never read whole.
        [
            BodyPart::File {
                path,
                resolve: false,
                line,
            },
        ] => {
            let path = expand(path, *line, memo, notes)?;
            let full = loaded.dir.join(&path);
            let file = std::fs::File::open(&full)
                .map_err(|e| format!("{}:{line}: < {path}: {e}", loaded.shown))?;
            Some(Payload::File(Arc::new(file)))
        }
        parts => {
            let newline: &[u8] = if multipart { b"\r\n" } else { b"\n" };
            let mut bytes = Vec::new();
            for (k, part) in parts.iter().enumerate() {
                if k > 0 {
                    bytes.extend_from_slice(newline);
                }
                match part {
                    BodyPart::Text(text, line) => {
                        let text = expand(text, *line, memo, notes)?;
                        if form {
                            // Lines of a form body are one value (VS Code's `&key=value` lines).
                            bytes.extend(text.lines().map(str::trim).collect::<String>().bytes());
                        } else if multipart {
                            bytes.extend_from_slice(text.replace('\n', "\r\n").as_bytes());
                        } else {
                            bytes.extend_from_slice(text.as_bytes());
                        }
                    }
                    BodyPart::File {
                        path,
                        resolve,
                        line,
                    } => {
                        let path = expand(path, *line, memo, notes)?;
                        let full = loaded.dir.join(&path);
                        let content = std::fs::read(&full)
                            .map_err(|e| format!("{}:{line}: < {path}: {e}", loaded.shown))?;
                        if *resolve {
                            let text = String::from_utf8_lossy(&content);
                            bytes.extend_from_slice(expand(&text, *line, memo, notes)?.as_bytes());
                        } else {
                            bytes.extend_from_slice(&content);
                        }
                    }
                }
            }
            if graphql {
                let text = String::from_utf8_lossy(&bytes);
                bytes = graphql_body(&text)
                    .map_err(|why| format!("{}:{}: {why}", loaded.shown, r.line))?;
            }
            Some(Payload::Bytes(bytes))
        }
    };
    Ok(Exchange {
        method: if r.method.eq_ignore_ascii_case("graphql") {
            "POST".into()
        } else {
            r.method.to_ascii_uppercase()
        },
        url,
        headers,
        body,
        limits: settings.limits,
        insecure: settings.insecure,
        follow: settings.follow,
        max_redirects: settings.max_redirects,
        max_body: MAX_BODY,
        allow_downgrade: false,
        progress: None,
        download: None,
        http: settings.http,
        trust: settings.trust.clone(),
        unix_socket: None,
    })
}

/// A GraphQL request's JSON body: the query, and the variables after a blank line.
fn graphql_body(text: &str) -> Result<Vec<u8>, String> {
    let text = text.replace("\r\n", "\n");
    let (query, variables) = match text.split_once("\n\n") {
        Some((query, rest)) if !rest.trim().is_empty() => {
            let variables: serde_json::Value = serde_json::from_str(rest)
                .map_err(|e| format!("the GraphQL variables are not JSON: {e}"))?;
            (query, Some(variables))
        }
        _ => (text.as_str(), None),
    };
    let mut body = serde_json::json!({ "query": query.trim() });
    if let Some(variables) = variables {
        body["variables"] = variables;
    }
    Ok(body.to_string().into_bytes())
}

/// `Basic user:password` (or `Basic user password`) as the three tools send it: the
/// credentials in base64. `None` when the value is not that (already base64 has no
/// colon or space).
fn basic(value: &str) -> Option<String> {
    let (scheme, rest) = value.split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let rest = rest.trim();
    let credentials = match rest.split_once(':') {
        Some(_) => rest.to_string(),
        None => {
            let (user, password) = rest.split_once(char::is_whitespace)?;
            format!("{user}:{}", password.trim())
        }
    };
    Some(network::basic_authorization(&credentials))
}

/// Makes one exchange and judges it, as `send` does a single attempt, on the worker's
/// kept-alive connections.
fn attempt(
    kept: &mut network::Kept,
    ex: &Exchange,
    docs: &Docs,
    expect: &[Expect],
    strict: bool,
    show_secrets: bool,
) -> Report {
    let source = if show_secrets {
        ex.url.clone()
    } else {
        mask::url(&ex.url).into_owned()
    };
    crate::exchange::make_kept(kept, ex, &source, docs, expect, strict).report
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn graphql_bodies_are_a_query_and_its_variables() {
        let body = graphql_body("query q($id: ID) {\n  a(id: $id)\n}\n\n{\"id\": 3}").unwrap();
        let body: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(body["query"], "query q($id: ID) {\n  a(id: $id)\n}");
        assert_eq!(body["variables"]["id"], 3);
        let body = graphql_body("{ a }\r\n").unwrap();
        assert_eq!(body, br#"{"query":"{ a }"}"#);
        assert!(graphql_body("{ a }\n\nnot json").is_err());
    }

    #[test]
    fn basic_credentials_are_encoded_as_the_tools_do() {
        assert_eq!(
            basic("Basic alice:secret").as_deref(),
            Some("Basic YWxpY2U6c2VjcmV0")
        );
        assert_eq!(
            basic("basic alice secret").as_deref(),
            Some("Basic YWxpY2U6c2VjcmV0")
        );
        assert_eq!(basic("Basic alice:").as_deref(), Some("Basic YWxpY2U6"));
        assert_eq!(basic("Basic YWxpY2U6c2VjcmV0"), None);
        assert_eq!(basic("Bearer a:b"), None);
    }
}
