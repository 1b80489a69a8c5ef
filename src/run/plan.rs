//! A run's plan: each file read ([`http_file`]) with its environment ([`vars`]), and every
//! request checked before anything is sent: every `{{…}}` resolves, `< file` bodies are
//! there, a URL without chained values can be sent, request names are unique, and no
//! request waits for itself. Each request of the run knows the requests it waits for,
//! and the variables it uses that only a response handler sets (`client.global.set`):
//! resp runs no handler, so such a request is planned but never sent. Also what the run
//! does not do (handlers, other tools' directives), said once each.
//!
//! Guarantees: a bad file is an error naming `FILE:LINE` (exit 1), a variable set nowhere
//! (not even by a handler) included; a missing environment a usage error (exit 2);
//! nothing here sends anything.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use anyhow::{Result, anyhow};

use super::http_file::{self, BodyPart, Ignored, Request};
use super::vars::{self, Checked, Memo, Need, Notes, Scope};
use crate::exit::Failure;
use crate::render::mask;

/// A request file, read and checked.
pub struct Loaded {
    /// As given, for messages.
    pub shown: String,
    /// Where `< ./file` bodies are found.
    pub dir: PathBuf,
    pub file: http_file::File,
    pub env: BTreeMap<String, String>,
    pub names: HashSet<String>,
    /// The variables its response handlers set, each with the first handler's line.
    pub handled: HashMap<String, usize>,
}

impl Loaded {
    pub fn scope<'a>(
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
            handled: &self.handled,
        }
    }
}

/// One request of the run.
pub struct Planned {
    /// Its file, an index into the loaded files.
    pub file: usize,
    pub request: Request,
    /// The requests (of the whole run) it waits for.
    pub deps: Vec<usize>,
    /// Its URL with what is known before the run filled in; chained values and values
    /// only a handler sets stand as their `{{…}}` references. Shown when it is not sent.
    pub url: String,
    /// Variables it uses that only a response handler sets (name, the handler's line):
    /// it is not sent, and says so.
    pub by_handler: Vec<(String, usize)>,
}

impl Planned {
    /// Its name, title, or line.
    pub fn label(&self) -> String {
        self.request
            .name
            .clone()
            .or_else(|| self.request.title.clone())
            .unwrap_or_else(|| format!("line {}", self.request.line))
    }

    /// Why it cannot be sent, as `FILE:LINE: …`, when it uses variables only a response
    /// handler sets; `None` when it uses none.
    pub fn unsendable(&self, shown: &str) -> Option<String> {
        let refs: Vec<String> = self
            .by_handler
            .iter()
            .map(|(name, line)| format!("{{{{{name}}}}} (line {line})"))
            .collect();
        let (first, rest) = refs.split_first()?;
        let (what, give) = if rest.is_empty() {
            (
                format!("{first} is set only by a response handler"),
                format!("@{} = value", self.by_handler[0].0),
            )
        } else {
            (
                format!(
                    "{} and {} are set only by response handlers",
                    refs[..refs.len() - 1].join(", "),
                    refs[refs.len() - 1]
                ),
                "@name = value".to_string(),
            )
        };
        Some(format!(
            "{shown}:{}: {what}, which resp does not run: give {} with {give}, --env or the environment",
            self.request.line,
            if rest.is_empty() { "it" } else { "them" }
        ))
    }
}

/// Reads and parses one file, and loads its environment.
pub fn load(path: &Path, env_name: Option<&str>) -> Result<Loaded> {
    let shown = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| anyhow!("reading {shown}: {e}"))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let line = e.as_bytes()[..at].iter().filter(|&&b| b == b'\n').count() + 1;
        anyhow!("{shown}:{line}: not UTF-8 text")
    })?;
    let file = http_file::parse(&text).map_err(|e| anyhow!("{shown}:{}: {}", e.line, e.message))?;
    // A file with no request in it is a mistake a CI job must not pass over (a wrong path,
    // an emptied file): it fails the run, as a bad file does.
    if file.requests.is_empty() {
        return Err(anyhow!(
            "{shown}: no request in it (a request is a line such as GET https://host/path)"
        ));
    }
    let dir = parent(path);
    let env = match super::env::environment(path, env_name) {
        Ok(env) => env,
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
    let mut handled = HashMap::new();
    for r in &file.requests {
        for (name, line) in &r.sets {
            handled.entry(name.clone()).or_insert(*line);
        }
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
        handled,
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
pub fn plan(
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
            let mut found = Checked::default();
            let url =
                check(request, loaded, &scope, &mut found, &mut memo, notes).map_err(|e| {
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
            let deps = found
                .deps
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
                url,
                by_handler: found.by_handler,
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
/// chained values is one that can be sent. What it needs is added to `found`; its URL
/// as far as it is known is returned.
fn check(
    r: &Request,
    loaded: &Loaded,
    scope: &Scope,
    found: &mut Checked,
    memo: &mut Memo,
    notes: &mut Notes,
) -> Result<String, vars::Error> {
    let at = |line: usize, message: String| vars::Error { line, message };
    // Every text is expanded in the request's place, what it needs added to `found`.
    let mut expand = |text: &str, line: usize, found: &mut Checked| {
        vars::expand(
            text,
            line,
            r.vars_before,
            scope,
            &mut Need::Check(found),
            memo,
            notes,
        )
    };
    let url = expand(&r.url, r.line, found)?;
    // A URL with a chained value is checked when it goes; one a handler sets, never.
    let url = if found.deps.is_empty() && found.by_handler.is_empty() {
        target(&url).map_err(|why| at(r.line, why))?
    } else {
        url
    };
    for (_, value, line) in &r.headers {
        expand(value, *line, found)?;
    }
    for part in &r.body {
        match part {
            BodyPart::Text(text, line) => {
                expand(text, *line, found)?;
            }
            BodyPart::File {
                path,
                resolve,
                line,
            } => {
                let unknown = found.by_handler.len();
                let path = expand(path, *line, found)?;
                // A path a handler would name is never known: the request is not sent.
                if found.by_handler.len() > unknown {
                    continue;
                }
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
                    expand(&text, *line, found)?;
                }
            }
        }
    }
    Ok(url)
}

/// The URL to send for what the file says, or why it cannot be sent.
pub fn target(url: &str) -> Result<String, String> {
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

/// What was not done, said once each: other tools' handlers and directives, and
/// `$processEnv` names that were not set.
pub fn said(files: &[Loaded], plan: &[Planned], notes: &Notes) -> Vec<String> {
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
