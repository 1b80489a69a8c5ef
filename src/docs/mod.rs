//! What the API documents, behind one lookup. Every source a user can point `--table` at
//! (the embedded "Response Codes" page, Markdown and JSON tables, OpenAPI and Swagger
//! descriptions in JSON or YAML) is read here into our own types, and [`Docs`] answers
//! for all of them at once: given a method, a URL and a status, [`Docs::lookup`] returns
//! the documented meaning with its scope (the operation's own code, its range, its
//! `default`, or a table's row for the whole API). Commands and renderers ask `Docs`;
//! none of them learns a file format, and no parser's types (YAML, serde) leave this
//! module.
//!
//! Several sources may be given; they are asked in the order given, and the first that
//! documents a status (or matches the request's operation) answers for it, among those
//! that apply to the request's host (`hosts.rs`: a source's servers or its config entry's
//! `hosts` name them; one that names none applies to every host). With none given, the
//! embedded table (Twitter's API response codes) is the one; [`Selection::Standard`] is
//! none at all, so the IANA registry alone answers. The kind of each file is told by its
//! content: an `openapi:` or `swagger:` member makes it a description; no YAML or OpenAPI
//! code runs unless one is given.

/// The embedded page's rows as Rust data, so that no run parses the page: what
/// [`Table::parse`] makes of [`table::EMBEDDED`], written out by a unit test in `table.rs`
/// that holds the two together (`RESP_UPDATE_EMBEDDED=1 cargo test embedded` writes it).
#[rustfmt::skip]
mod embedded;
mod hosts;
mod json_table;
mod markdown;
pub mod openapi;
pub mod table;

use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use anyhow::{Context, Result};

pub use hosts::{HostScope, Selection, Source, request_host};
pub use openapi::{
    BodyCheck, Content, Description, DocHeader, DocResponse, NoMatch, Operation, ProblemType,
    Schema, StatusKey, StatusMatch,
};
pub use table::{Entry, ErrorCode, Format, Table, TableError};

/// What the embedded table is, for a person: the card, `explain`, `--json` and the README
/// name it so.
pub const EMBEDDED_NAME: &str = "Twitter's API response codes";

/// Where a documented meaning came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// The table built into resp.
    Embedded,
    /// A file given with `--table` or `RESP_TABLE`, by the name it was given as.
    File(String),
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Embedded => write!(f, "{EMBEDDED_NAME}, built in"),
            Origin::File(name) => f.write_str(name),
        }
    }
}

/// Everything the API documents that resp was given.
#[derive(Debug, Clone, Default)]
pub struct Docs {
    tables: Vec<Table>,
    descriptions: Vec<Arc<Description>>,
    warnings: Vec<String>,
    /// The hosts each table applies to, by index; a table without one applies to all.
    table_scopes: Vec<HostScope>,
    /// The same for each description.
    description_scopes: Vec<HostScope>,
    /// What [`Docs::judged_by`] said for each host met (a session has a few): a response
    /// shares its lines instead of formatting them anew.
    reasons: Arc<Mutex<Vec<HostReasons>>>,
}

/// A host (or none) and the lines saying which docs judge its responses.
type HostReasons = (Option<String>, Arc<[String]>);

/// What the descriptions say about the operation a response answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OperationLookup {
    /// No description was given: nothing to match against.
    NoDescription,
    /// The response carries no request (a `curl -i` capture without `--request`).
    NoRequest,
    /// No operation matches the request; why, for a person.
    NoMatch(String),
    /// The operation, and what it documents for the status.
    Matched {
        operation: Arc<Operation>,
        status: StatusMatch,
    },
}

impl OperationLookup {
    /// The matched operation's answer, if any.
    pub fn matched(&self) -> Option<(&Arc<Operation>, &StatusMatch)> {
        match self {
            OperationLookup::Matched { operation, status } => Some((operation, status)),
            _ => None,
        }
    }

    /// `Some(true)` when the matched operation lists the status (code or range),
    /// `Some(false)` when it does not (only `default`, or nothing); `None` without a match.
    pub fn documented(&self) -> Option<bool> {
        self.matched().map(|(_, s)| s.is_documented())
    }
}

/// Where a response's documented meaning comes from, most specific first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// The matched operation lists the status's code.
    OperationCode,
    /// The matched operation lists its range (`4XX`).
    OperationRange,
    /// Only the operation's `default` response.
    OperationDefault,
    /// A table's row, for the whole API.
    Table,
    /// Nothing documented: the standard registry (or nothing) says what it means.
    Undocumented,
}

impl Scope {
    /// The stable name used in `--json` (`registry` for the undocumented; the verdict's
    /// own source says whether the registry knew it).
    pub fn key(self) -> &'static str {
        match self {
            Scope::OperationCode => "operation_code",
            Scope::OperationRange => "operation_range",
            Scope::OperationDefault => "operation_default",
            Scope::Table => "table",
            Scope::Undocumented => "registry",
        }
    }
}

/// The answer to one lookup: the tables' row and the operation's answer.
#[derive(Debug, Clone)]
pub struct Documented {
    pub row: Option<(Entry, Origin)>,
    pub operation: OperationLookup,
    /// Which sources judged the response and why (`-v`): one line each.
    pub judged_by: Arc<[String]>,
}

impl Documented {
    /// Where the meaning comes from, the operation first.
    pub fn scope(&self) -> Scope {
        match self.operation.matched().map(|(_, s)| s) {
            Some(StatusMatch::Code(_)) => Scope::OperationCode,
            Some(StatusMatch::Range(_)) => Scope::OperationRange,
            Some(StatusMatch::Default(_)) => Scope::OperationDefault,
            _ if self.row.is_some() => Scope::Table,
            _ => Scope::Undocumented,
        }
    }
}

impl Docs {
    /// The embedded table alone: what resp knows when no table is given.
    pub fn embedded() -> Docs {
        Docs::of_tables(vec![Table::embedded()])
    }

    /// Docs made of these tables, asked in this order.
    pub fn of_tables(tables: Vec<Table>) -> Docs {
        Docs {
            tables,
            ..Docs::default()
        }
    }

    /// Reads every file given, in order; with none, the embedded table. A file that cannot
    /// be read or understood is an error naming it (and the line, or line and column,
    /// where one can be named).
    pub fn load(paths: &[PathBuf]) -> Result<Docs> {
        let sources: Vec<Source> = paths
            .iter()
            .map(|path| Source {
                path: path.clone(),
                hosts: Vec::new(),
                named_by: String::new(),
            })
            .collect();
        Docs::select(&Selection::Files(sources))
    }

    /// The docs the config layer chose: the embedded table, the registry alone (no
    /// source), or the files, each scoped to its hosts.
    pub fn select(selection: &Selection) -> Result<Docs> {
        let sources = match selection {
            Selection::Embedded => return Ok(Docs::embedded()),
            Selection::Standard => return Ok(Docs::default()),
            Selection::Files(sources) if sources.is_empty() => return Ok(Docs::embedded()),
            Selection::Files(sources) => sources,
        };
        let alone = sources.len() == 1;
        let mut docs = Docs::default();
        for source in sources {
            let path = &source.path;
            let shown = path.display().to_string();
            let text = read_text(path, &shown)?;
            let yaml_by_name = path
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"));
            match openapi::sniff(&text, yaml_by_name) {
                Some(syntax) => {
                    let d = Description::parse(&text, syntax, &shown)
                        .with_context(|| format!("description {shown}"))?;
                    if !d.external.is_empty() {
                        docs.warnings.push(external_warning(&shown, &d.external));
                    }
                    docs.description_scopes
                        .push(HostScope::new(source, &d.servers));
                    docs.descriptions.push(Arc::new(d));
                }
                None => {
                    let format = Format::of(path, &text);
                    let table = Table::parse(&text, &shown, format)
                        .with_context(|| format!("table {shown}"))?;
                    docs.table_scopes.push(HostScope::new(source, &[]));
                    docs.tables.push(table);
                }
            }
        }
        if alone {
            for s in docs
                .table_scopes
                .iter_mut()
                .chain(&mut docs.description_scopes)
            {
                *s = std::mem::take(s).alone();
            }
        }
        Ok(docs)
    }

    /// A docs made of descriptions alone (tests, benchmarks).
    pub fn of_descriptions(descriptions: Vec<Description>) -> Docs {
        Docs {
            descriptions: descriptions.into_iter().map(Arc::new).collect(),
            ..Docs::default()
        }
    }

    /// What loading noticed without failing: references to other documents, not followed.
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// The descriptions, in the order given.
    pub fn descriptions(&self) -> &[Arc<Description>] {
        &self.descriptions
    }

    /// The one lookup: what the sources document for `status`, answering `request`
    /// (method and URL) when it is known.
    /// Only the sources that apply to the request's host are asked.
    pub fn lookup(&self, request: Option<(&str, &str)>, status: u16) -> Documented {
        let host = request.and_then(|(_, url)| request_host(url));
        let host = host.as_deref();
        let row = self
            .tables
            .iter()
            .enumerate()
            .filter(|(i, _)| self.table_applies(*i, host))
            .find_map(|(_, t)| t.get(status).map(|e| (e.clone(), t.origin().clone())));
        Documented {
            row,
            operation: self.operation_at(request, host, status),
            judged_by: self.reasons(host),
        }
    }

    /// [`Docs::judged_by`] for `host`, from the cache when it was met before.
    fn reasons(&self, host: Option<&str>) -> Arc<[String]> {
        /// Hosts remembered; past that, lines are formatted for each response.
        const HOSTS: usize = 64;
        let Ok(mut cache) = self.reasons.lock() else {
            return self.judged_by(host).into();
        };
        if let Some((_, lines)) = cache.iter().find(|(h, _)| h.as_deref() == host) {
            return lines.clone();
        }
        let lines: Arc<[String]> = self.judged_by(host).into();
        if cache.len() < HOSTS {
            cache.push((host.map(str::to_string), lines.clone()));
        }
        lines
    }

    /// True when table `i` applies to `host` (one without a scope applies to every host).
    fn table_applies(&self, i: usize, host: Option<&str>) -> bool {
        self.table_scopes.get(i).is_none_or(|s| s.applies(host))
    }

    /// True when description `i` applies to `host`.
    fn description_applies(&self, i: usize, host: Option<&str>) -> bool {
        self.description_scopes
            .get(i)
            .is_none_or(|s| s.applies(host))
    }

    /// Which sources judge a response to `host`, and why: a line each, for `-v`.
    fn judged_by(&self, host: Option<&str>) -> Vec<String> {
        let mut lines = Vec::new();
        let tables = self
            .tables
            .iter()
            .enumerate()
            .map(|(i, t)| (self.table_scopes.get(i), t.origin().to_string()));
        let descriptions = self
            .descriptions
            .iter()
            .enumerate()
            .map(|(i, d)| (self.description_scopes.get(i), d.file.to_string()));
        for (scope, mut line) in tables.chain(descriptions) {
            match scope {
                Some(s) if s.applies(host) => {
                    line.push_str(": ");
                    s.why(host, &mut line);
                }
                Some(_) => continue,
                None if self.is_embedded() => line
                    .push_str(": the default, as no --table, RESP_TABLE or config file names docs"),
                None => {}
            }
            lines.push(line);
        }
        if lines.is_empty() {
            lines.push(match host {
                _ if self.tables.is_empty() && self.descriptions.is_empty() => {
                    "the standard registry alone, as chosen (standard)".to_string()
                }
                Some(host) => {
                    format!("none names the host {host}: the standard registry alone judges it")
                }
                None => "none: the standard registry alone judges it".to_string(),
            });
        }
        lines
    }

    /// The operation `request` answers, from the first description that has it among
    /// those that apply to its host.
    pub fn operation(&self, request: Option<(&str, &str)>, status: u16) -> OperationLookup {
        let host = request.and_then(|(_, url)| request_host(url));
        self.operation_at(request, host.as_deref(), status)
    }

    /// [`Docs::operation`], the request's host known.
    fn operation_at(
        &self,
        request: Option<(&str, &str)>,
        host: Option<&str>,
        status: u16,
    ) -> OperationLookup {
        if self.descriptions.is_empty() {
            return OperationLookup::NoDescription;
        }
        let Some((method, url)) = request else {
            return OperationLookup::NoRequest;
        };
        let mut miss: Option<NoMatch> = None;
        let mut asked = 0;
        for (i, d) in self.descriptions.iter().enumerate() {
            if !self.description_applies(i, host) {
                continue;
            }
            asked += 1;
            match d.find(method, url) {
                Ok(op) => {
                    return OperationLookup::Matched {
                        operation: op.clone(),
                        status: op.status(status),
                    };
                }
                // The most telling miss is said, whichever description gave it; among
                // equals, the first.
                Err(m) if miss.as_ref().is_none_or(|held| telling(&m) > telling(held)) => {
                    miss = Some(m)
                }
                Err(_) => {}
            }
        }
        OperationLookup::NoMatch(match miss {
            Some(NoMatch::Method { path, methods }) => format!(
                "path documented, method not: {path} is documented for {}, not {}",
                methods.join(", "),
                method.to_ascii_uppercase()
            ),
            Some(NoMatch::Encoded { template, value }) => format!(
                "no documented path matches it (a path parameter holds no `/`); {template} \
                 would, with `{value}` encoded as `{}`",
                value.replace('/', "%2F")
            ),
            _ if asked == 0 => format!(
                "no description is for the host {}",
                host.unwrap_or_default()
            ),
            _ => "no documented path matches it".to_string(),
        })
    }

    /// Every operation of every description that lists `code` (its code or range).
    pub fn operations_documenting(&self, code: u16) -> Vec<(Arc<Operation>, StatusMatch)> {
        self.descriptions
            .iter()
            .flat_map(|d| d.operations())
            .filter_map(|op| {
                let m = op.status(code);
                m.is_documented().then(|| (op.clone(), m))
            })
            .collect()
    }

    /// No table and no description: the registry alone judges (`--table standard`).
    pub fn is_registry_alone(&self) -> bool {
        self.tables.is_empty() && self.descriptions.is_empty()
    }

    /// True when the only source is the embedded table.
    pub fn is_embedded(&self) -> bool {
        matches!(self.tables.as_slice(), [t] if *t.origin() == Origin::Embedded)
    }

    /// The tables, in the order given.
    pub fn tables(&self) -> &[Table] {
        &self.tables
    }

    /// The documented row for `code` from the first table that has one, with its origin.
    pub fn status(&self, code: u16) -> Option<(&Entry, &Origin)> {
        self.tables
            .iter()
            .find_map(|t| t.get(code).map(|e| (e, t.origin())))
    }

    /// Every status code some table documents, sorted, once each.
    pub fn status_codes(&self) -> Vec<u16> {
        let mut codes: Vec<u16> = self
            .tables
            .iter()
            .flat_map(|t| t.entries().iter().map(|e| e.code))
            .collect();
        codes.sort_unstable();
        codes.dedup();
        codes
    }

    /// Every status code a table or an operation documents by its own code, sorted, once.
    pub fn documented_codes(&self) -> Vec<u16> {
        let mut codes = self.status_codes();
        codes.extend(
            self.descriptions
                .iter()
                .flat_map(|d| d.operations())
                .flat_map(|op| op.responses.iter())
                .filter_map(|r| match r.key {
                    StatusKey::Code(c) => Some(c),
                    _ => None,
                }),
        );
        codes.sort_unstable();
        codes.dedup();
        codes
    }

    /// The documented meaning of an API error code, from the first table that has it.
    pub fn error_code(&self, code: &str) -> Option<&ErrorCode> {
        self.tables.iter().find_map(|t| t.error_code(code))
    }

    /// The same, from the tables that apply to the host `url` goes to.
    pub fn error_code_for(&self, url: Option<&str>, code: &str) -> Option<&ErrorCode> {
        let host = url.and_then(request_host);
        let host = host.as_deref();
        self.tables
            .iter()
            .enumerate()
            .filter(|(i, _)| self.table_applies(*i, host))
            .find_map(|(_, t)| t.error_code(code))
    }

    /// The table that documents an API error code.
    pub fn error_code_origin(&self, code: &str) -> Option<&Origin> {
        self.tables
            .iter()
            .find(|t| t.error_code(code).is_some())
            .map(|t| t.origin())
    }

    /// Every documented API error code, in the tables' order, the first of each code.
    pub fn error_codes(&self) -> Vec<&ErrorCode> {
        let mut out: Vec<&ErrorCode> = Vec::new();
        for e in self.tables.iter().flat_map(|t| t.error_codes()) {
            if !out.iter().any(|o| o.code == e.code) {
                out.push(e);
            }
        }
        out
    }

    /// Where the documented rows come from, for a person: the files, or nothing for the
    /// embedded table alone.
    pub fn table_files(&self) -> Vec<&str> {
        self.tables
            .iter()
            .filter_map(|t| match t.origin() {
                Origin::File(name) => Some(name.as_str()),
                Origin::Embedded => None,
            })
            .collect()
    }
}

/// One warning for every reference a description makes outside itself.
/// How much a miss tells the user: the path documented for other methods, then a path
/// that would match with a parameter encoded, then no path at all.
fn telling(miss: &NoMatch) -> u8 {
    match miss {
        NoMatch::Method { .. } => 2,
        NoMatch::Encoded { .. } => 1,
        NoMatch::Path => 0,
    }
}

fn external_warning(file: &str, refs: &[String]) -> String {
    const NAMED: usize = 5;
    let mut named: Vec<String> = refs
        .iter()
        .take(NAMED)
        .map(|r| format!("'{}'", openapi::shown(r)))
        .collect();
    if refs.len() > NAMED {
        named.push(format!("and {} more", refs.len() - NAMED));
    }
    let what = if refs.len() == 1 {
        "a reference to another document is"
    } else {
        "references to other documents are"
    };
    format!(
        "{file}: {what} not followed: {}; what needs them is left undocumented",
        named.join(", ")
    )
}

/// The most bytes read from one table or description: the largest APIs publish a few
/// MB (Stripe's and Kubernetes' about 4); a file past this is refused, not read to the end
/// (`/dev/zero`, a runaway pipe).
pub const MAX_TABLE: u64 = 64 * 1024 * 1024;

/// A file's text, at most [`MAX_TABLE`] bytes, without a leading byte-order mark; not
/// UTF-8 is an error naming the first bad byte.
fn read_text(path: &Path, shown: &str) -> Result<String> {
    let file = std::fs::File::open(path).with_context(|| format!("reading table {shown}"))?;
    let too_large = || {
        anyhow::anyhow!(
            "table {shown}: larger than {} MiB; resp reads tables and descriptions up to that size",
            MAX_TABLE >> 20
        )
    };
    // A regular file says its size: refused before anything is read.
    let known = file
        .metadata()
        .ok()
        .filter(|m| m.is_file())
        .map(|m| m.len());
    if known.is_some_and(|len| len > MAX_TABLE) {
        return Err(too_large());
    }
    let mut bytes = Vec::with_capacity(known.unwrap_or(0) as usize);
    file.take(MAX_TABLE + 1)
        .read_to_end(&mut bytes)
        .with_context(|| format!("reading table {shown}"))?;
    if bytes.len() as u64 > MAX_TABLE {
        return Err(too_large());
    }
    let mut text = String::from_utf8(bytes).map_err(|e| {
        anyhow::anyhow!(
            "table {shown}: not UTF-8 text (byte {})",
            e.utf8_error().valid_up_to()
        )
    })?;
    // A byte-order mark says UTF-8 and nothing else: no reader wants it.
    if text.starts_with('\u{feff}') {
        text.drain(..'\u{feff}'.len_utf8());
    }
    Ok(text)
}
