//! `resp run FILE…`: the requests in `.http` / `.rest` files, each judged as `resp send`
//! judges one. Every file is read ([`http_file`]), its environment loaded and every
//! request checked ([`vars`]: names defined, chained requests named, no loops) before
//! anything is sent: a bad file fails the run with `FILE:LINE` and sends nothing. Then
//! the [`pool`] runs the requests, a request that uses another's answer after it; each
//! answer is judged into a `Report` and handed to the renderer in file order (a JSON
//! record, or with `-v` the card), and the table and summary end the run. The exit code
//! is the worst request's, combined as `resp read` combines several files.
//!
//! This command shares no code with `send` by import: it calls the pieces `send` uses
//! (`source::network`, `report`, `render`) itself.

pub mod http_file;
pub mod pool;
pub mod vars;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Result, anyhow};

use self::http_file::{BodyPart, Ignored, Request};
use self::pool::{End, Pool};
use self::vars::{Answered, Memo, Need, Notes, Scope};
use crate::classify::Expect;
use crate::cli::{BodyMode, RunArgs};
use crate::config::Config;
use crate::docs::Docs;
use crate::exit::{Exit, Failure};
use crate::render::run::{Line, Outcome, Record, Summary};
use crate::render::{self, Show, mask};
use crate::report::{Report, failed, judge};
use crate::source::network::{self, Exchange, Limits, Payload};

/// The most body bytes kept of each answer, as `send`'s default `--max-body`.
const MAX_BODY: usize = 64 << 20;

/// A request file, read and checked.
struct Loaded {
    /// As given, for messages.
    shown: String,
    /// Where `< ./file` bodies are found.
    dir: PathBuf,
    file: http_file::File,
    env: BTreeMap<String, String>,
    names: HashSet<String>,
}

impl Loaded {
    fn scope<'a>(
        &'a self,
        env_name: Option<&'a str>,
        process: &'a HashMap<String, String>,
    ) -> Scope<'a> {
        Scope {
            vars: &self.file.vars,
            env: &self.env,
            env_name,
            process,
            names: &self.names,
        }
    }
}

/// One request of the run.
struct Planned {
    /// Its file, an index into the loaded files.
    file: usize,
    request: Request,
    /// The requests (of the whole run) it waits for.
    deps: Vec<usize>,
}

impl Planned {
    /// Its name, title, or line.
    fn label(&self) -> String {
        self.request
            .name
            .clone()
            .or_else(|| self.request.title.clone())
            .unwrap_or_else(|| format!("line {}", self.request.line))
    }
}

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
    let mut notes = Notes::default();
    let plan = plan(&files, env_name, process, &mut notes)?;
    let show = Show {
        body: BodyMode::Auto,
        verbose: args.verbose > 0,
        very_verbose: args.verbose > 1,
        timing: args.verbose > 0,
        show_secrets: args.show_secrets,
        name_source: false,
    };
    let exchange_of = Settings {
        limits: limits(args),
        follow: args.follow,
        max_redirects: args.max_redirects,
        insecure: args.insecure,
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
            let built = exchange(
                p,
                loaded,
                &loaded.scope(env_name, process),
                &answers.borrow()[p.file],
                &mut memos[p.file],
                &mut sent_notes,
                &exchange_of,
            );
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
                        url: p.request.url.clone(),
                        ..crate::source::Request::default()
                    };
                    let mut report =
                        failed(p.request.url.clone(), &anyhow!(message), Some(request));
                    report.exit = Exit::Error;
                    Err(report)
                }
            }
        },
        |(ex, expect): (Exchange, Vec<Expect>)| {
            attempt(&ex, docs, &expect, args.strict, args.show_secrets)
        },
        |report| report.exit != Exit::Success,
        |i, end| {
            if let End::Ran(report) = &end
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
    if config.quiet {
        return Ok(exit);
    }
    let written = if config.json {
        render::run::summary_json(out, &summary)
    } else {
        render::run::table(out, &summary, &show, config)
    };
    written.map_err(|e| crate::exit::OutputClosed::attach(e, exit))?;
    Ok(exit)
}

/// Ends kept until they can be shown in file order, and what was shown.
struct Shown<'a> {
    args: &'a RunArgs,
    config: &'a Config,
    show: &'a Show,
    plan: &'a [Planned],
    files: &'a [Loaded],
    waiting: Vec<Option<End<Report>>>,
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
}

impl Shown<'_> {
    fn ended(&mut self, i: usize, end: End<Report>, out: &mut dyn Write, err: &mut dyn Write) {
        self.done += 1;
        self.ended_with[i] = match &end {
            End::Ran(r) => r.exit,
            // A skipped request adds nothing to the code of what it waited for.
            End::Skipped(on) => self.ended_with[*on],
            End::NotRun => Exit::Success,
        };
        if !matches!(&end, End::Ran(r) if r.exit == Exit::Success) {
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

    fn show_one(&mut self, i: usize, end: End<Report>, out: &mut dyn Write, err: &mut dyn Write) {
        let p = &self.plan[i];
        let loaded = &self.files[p.file];
        let (report, outcome) = match end {
            End::Ran(report) => (report, Outcome::Ran),
            End::Skipped(on) => {
                let dep = &self.plan[on];
                let exit = self.ended_with[on];
                let mut r = failed(
                    p.request.url.clone(),
                    &anyhow!(
                        "not sent: it uses '{}' (line {}), which failed",
                        dep.label(),
                        dep.request.line
                    ),
                    None,
                );
                r.exit = exit;
                (r, Outcome::Skipped)
            }
            End::NotRun => {
                let mut r = failed(
                    p.request.url.clone(),
                    &anyhow!("not sent: --bail stopped the run at the first failure"),
                    None,
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
        self.lines.push(render::run::line(&record, self.show));
        if self.cut.is_some() || self.config.quiet {
            return;
        }
        let written = if self.config.json {
            render::run::record(out, &record, self.show)
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
}

/// The time limits: the flags, else the defaults, unless `--timeout 0` turned those off.
fn limits(args: &RunArgs) -> Limits {
    let none = args.timeout.is_some_and(|t| t.is_zero());
    let pick = |flag: Option<Duration>, default: Option<Duration>| match flag {
        Some(d) if d.is_zero() => None,
        Some(d) => Some(d),
        None if none => None,
        None => default,
    };
    Limits {
        total: pick(args.timeout, Limits::DEFAULT.total),
        connect: pick(args.connect_timeout, Limits::DEFAULT.connect),
        head: pick(args.response_timeout, Limits::DEFAULT.head),
        idle: pick(args.idle_timeout, Limits::DEFAULT.idle),
    }
}

/// Reads and parses one file, and loads its environment.
fn load(path: &Path, env_name: Option<&str>) -> Result<Loaded> {
    let shown = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| anyhow!("reading {shown}: {e}"))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let line = e.as_bytes()[..at].iter().filter(|&&b| b == b'\n').count() + 1;
        anyhow!("{shown}:{line}: not UTF-8 text")
    })?;
    let file = http_file::parse(&text).map_err(|e| anyhow!("{shown}:{}: {}", e.line, e.message))?;
    let (dir, env) = match vars::environment(path, env_name) {
        Ok(Some((_, env))) => (parent(path), env),
        Ok(None) => (parent(path), BTreeMap::new()),
        Err(why) => {
            return Err(Failure::usage(
                why,
                "name an environment the file has: resp run --env dev api.http",
            )
            .into());
        }
    };
    let mut names = HashSet::new();
    let mut lines: HashMap<&str, usize> = HashMap::new();
    for r in &file.requests {
        if let Some(name) = &r.name {
            if let Some(first) = lines.get(name.as_str()) {
                return Err(anyhow!(
                    "{shown}:{}: a request named '{name}' is already at line {first}",
                    r.line
                ));
            }
            lines.insert(name, r.line);
            names.insert(name.clone());
        }
    }
    Ok(Loaded {
        shown,
        dir,
        file,
        env,
        names,
    })
}

fn parent(path: &Path) -> PathBuf {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .to_path_buf()
}

/// Checks every request of every file and orders them: the run's requests, with what
/// each waits for.
fn plan(
    files: &[Loaded],
    env_name: Option<&str>,
    process: &HashMap<String, String>,
    notes: &mut Notes,
) -> Result<Vec<Planned>> {
    let mut plan = Vec::new();
    for (f, loaded) in files.iter().enumerate() {
        let scope = loaded.scope(env_name, process);
        let first = plan.len();
        let mut memo = Memo::default();
        for request in &loaded.file.requests {
            let mut deps = Vec::new();
            check(request, loaded, &scope, &mut deps, &mut memo, notes).map_err(|e| {
                // JetBrains files set variables in handlers (`client.global.set`).
                let handlers = loaded
                    .file
                    .requests
                    .iter()
                    .any(|r| r.ignored.iter().any(|(what, _)| *what == Ignored::Handler));
                let why = if handlers && e.message.contains("is not defined") {
                    "; the file's response handlers, which may set it, are not run"
                } else {
                    ""
                };
                anyhow!("{}:{}: {}{why}", loaded.shown, e.line, e.message)
            })?;
            let deps = deps
                .iter()
                .filter_map(|name| {
                    loaded
                        .file
                        .requests
                        .iter()
                        .position(|r| r.name.as_deref() == Some(name))
                })
                .map(|k| first + k)
                .collect();
            plan.push(Planned {
                file: f,
                request: request.clone(),
                deps,
            });
        }
    }
    if let Some(i) = in_a_loop(&plan) {
        let p = &plan[i];
        return Err(anyhow!(
            "{}:{}: '{}' uses its own answer, through the requests it uses: a loop",
            files[p.file].shown,
            p.request.line,
            p.label()
        ));
    }
    Ok(plan)
}

/// A request that waits for itself, through what it uses; `None` when there is none.
fn in_a_loop(plan: &[Planned]) -> Option<usize> {
    // 0: not seen, 1: on the path, 2: done.
    let mut state = vec![0u8; plan.len()];
    fn visit(i: usize, plan: &[Planned], state: &mut [u8]) -> Option<usize> {
        state[i] = 1;
        for &d in &plan[i].deps {
            match state[d] {
                1 => return Some(d),
                0 => {
                    if let Some(found) = visit(d, plan, state) {
                        return Some(found);
                    }
                }
                _ => {}
            }
        }
        state[i] = 2;
        None
    }
    (0..plan.len()).find_map(|i| {
        if state[i] == 0 {
            visit(i, plan, &mut state)
        } else {
            None
        }
    })
}

/// Checks one request: every reference resolves, body files are there, a URL without
/// chained values is one that can be sent. The requests it uses are added to `deps`.
fn check(
    r: &Request,
    loaded: &Loaded,
    scope: &Scope,
    deps: &mut Vec<String>,
    memo: &mut Memo,
    notes: &mut Notes,
) -> Result<(), vars::Error> {
    let at = |line: usize, message: String| vars::Error { line, message };
    let before = r.vars_before;
    let had = deps.len();
    let url = vars::expand(
        &r.url,
        r.line,
        before,
        scope,
        &mut Need::Check(deps),
        memo,
        notes,
    )?;
    // A URL with a chained value is checked when it goes.
    if deps.len() == had {
        target(&url).map_err(|why| at(r.line, why))?;
    }
    for (_, value, line) in &r.headers {
        vars::expand(
            value,
            *line,
            before,
            scope,
            &mut Need::Check(deps),
            memo,
            notes,
        )?;
    }
    for part in &r.body {
        match part {
            BodyPart::Text(text, line) => {
                vars::expand(
                    text,
                    *line,
                    before,
                    scope,
                    &mut Need::Check(deps),
                    memo,
                    notes,
                )?;
            }
            BodyPart::File {
                path,
                resolve,
                line,
            } => {
                let path = vars::expand(
                    path,
                    *line,
                    before,
                    scope,
                    &mut Need::Check(deps),
                    memo,
                    notes,
                )?;
                let full = loaded.dir.join(&path);
                if !full.is_file() {
                    return Err(at(
                        *line,
                        format!("< {path}: no such file (looked for {})", full.display()),
                    ));
                }
                if *resolve {
                    let text = std::fs::read_to_string(&full)
                        .map_err(|e| at(*line, format!("< {path}: {e}")))?;
                    vars::expand(
                        &text,
                        *line,
                        before,
                        scope,
                        &mut Need::Check(deps),
                        memo,
                        notes,
                    )?;
                }
            }
        }
    }
    Ok(())
}

/// The URL to send for what the file says, or why it cannot be sent.
fn target(url: &str) -> Result<String, String> {
    if url.starts_with('/') {
        return Err(format!(
            "'{}' has no host: write the whole URL, or a variable holding it ({{{{host}}}}/path)",
            mask::url(url)
        ));
    }
    let normal = crate::url::normalize(url).map_err(|why| format!("{}: {why}", mask::url(url)))?;
    crate::url::check_port(&normal).map_err(|why| format!("{}: {why}", mask::url(&normal)))?;
    Ok(normal)
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
        headers.push((name.clone(), value));
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
            Some(Payload::Bytes(bytes))
        }
    };
    Ok(Exchange {
        method: r.method.to_ascii_uppercase(),
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
    })
}

/// Makes one exchange and judges it, as `send` does a single attempt.
fn attempt(
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
    match network::send(ex) {
        Ok(answer) => {
            let mut response = answer.response;
            response.source = source;
            let mut report = judge(response, docs, expect, true);
            if strict {
                report = crate::report::strict(report);
            }
            if answer.too_many_redirects {
                report.exit = Exit::TooManyRedirects;
            }
            if let Some(refused) = answer.refused {
                report.exit = refused.exit;
                report.response.failure = Some(refused.to_string());
            }
            if let Some(cut) = answer.cut {
                report.exit = report.exit.combine(cut.exit());
            }
            report
        }
        Err(e) => {
            let request = crate::source::Request {
                method: ex.method.clone(),
                url: ex.url.clone(),
                ..crate::source::Request::default()
            };
            failed(source, &e, Some(request))
        }
    }
}

/// What was not done, said once each: other tools' handlers and directives, and
/// `$processEnv` names that were not set.
fn said(files: &[Loaded], plan: &[Planned], notes: &Notes) -> Vec<String> {
    let mut out = Vec::new();
    for (f, loaded) in files.iter().enumerate() {
        let mut kinds: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for p in plan.iter().filter(|p| p.file == f) {
            for (what, line) in &p.request.ignored {
                let key = match what {
                    Ignored::Handler => {
                        "response handlers (> {% … %}, > file.js) not run".to_string()
                    }
                    Ignored::ResponseReference => {
                        "response references (<> file) not compared".to_string()
                    }
                    Ignored::SaveTo => "responses not saved to files (>> file)".to_string(),
                    Ignored::Directive(word) => format!("# @{word} not applied"),
                };
                kinds.entry(key).or_default().push(*line);
            }
        }
        for (what, lines) in kinds {
            let lines: Vec<String> = lines.iter().map(ToString::to_string).collect();
            let word = if lines.len() == 1 { "line" } else { "lines" };
            out.push(format!(
                "{}: {what} ({word} {})",
                loaded.shown,
                lines.join(", ")
            ));
        }
    }
    for var in &notes.unset {
        out.push(format!("$processEnv {var} is not set: sent empty"));
    }
    out
}
