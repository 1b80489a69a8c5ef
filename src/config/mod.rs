//! Resolves the command line and the environment, once, into a plain [`Config`]: whether
//! to colour, how wide to draw, where the documented table comes from, which roots TLS
//! trusts from `SSL_CERT_FILE`/`SSL_CERT_DIR`; turns `-o -` into `-b`; and refuses, for
//! `send`, a proxy variable that cannot be used. Nothing below this module reads
//! environment variables (ureq's own proxy lookup aside) or asks whether a stream is a
//! terminal.
//!
//! Which docs judge responses is decided here too, first match wins: `--table`, then
//! `RESP_TABLE`, then the project's `.resp.toml` (found from the current directory
//! upwards), then the user's config file (`file.rs` finds and reads both), then the
//! embedded table. Docs get the result as a resolved [`Selection`]. The config files are
//! looked for only when neither `--table` nor `RESP_TABLE` names docs, and only by the
//! commands that judge statuses.

pub mod file;

use std::ffi::OsString;
use std::io::IsTerminal;
use std::path::PathBuf;

use anyhow::Result;

use crate::cli::{Cli, ColorChoice, Command, CommonArgs, OutputArgs, SendArgs};
use crate::docs::{Docs, Selection, Source};
use crate::retry::{self, Policy};

/// Width used when stdout is not a terminal and `COLUMNS` does not say.
pub const DEFAULT_WIDTH: u16 = 100;

/// The decisions every command works from.
#[derive(Debug, Clone)]
pub struct Config {
    pub color: bool,
    pub width: u16,
    /// The width was given (the terminal's, or `COLUMNS`): wide tables are fitted to it.
    /// Piped with neither, a table keeps its natural width, one row a line.
    pub fit_width: bool,
    pub json: bool,
    pub quiet: bool,
    /// The documentation files given, in order; none: the config files say, else the
    /// embedded table.
    pub table_paths: Vec<PathBuf>,
    /// Where `table_paths` came from: `--table` or `RESP_TABLE`.
    pub table_named_by: &'static str,
    /// The current directory, where the project file is looked for from.
    pub current_dir: Option<PathBuf>,
    /// Where the user's config file would be.
    pub user_config: Option<PathBuf>,
    pub stdout_is_terminal: bool,
    pub stdin_is_terminal: bool,
    /// stderr is a terminal: progress (a retry's countdown) may be drawn in place there.
    pub stderr_is_terminal: bool,
    /// `SSL_CERT_FILE`, when set and not empty: roots for TLS unless `--cacert` is given.
    pub ssl_cert_file: Option<PathBuf>,
    /// `SSL_CERT_DIR`'s folders (joined as in `PATH`), when set and not empty.
    pub ssl_cert_dirs: Vec<PathBuf>,
    /// What a judged response becomes on stdout.
    pub mode: Mode,
    /// A progress line may be drawn on stderr while a large input is read or a large body
    /// downloads: stderr is a terminal that is not `dumb`, not `-q`, and no `--json` lines
    /// go to the same terminal meanwhile.
    pub progress: bool,
    /// Where `run --report github` appends its Markdown table: `$GITHUB_STEP_SUMMARY`,
    /// when set and not empty.
    pub step_summary: Option<PathBuf>,
}

/// What a judged response becomes on stdout: decided once, from `-q`, `--json` and `-b`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// The card, for people.
    Card,
    /// One JSON line per response.
    Json,
    /// Nothing: the exit code says it.
    Quiet,
    /// Only the response body, as received (`-b`).
    BodyOnly,
}

/// What the environment says, captured once so the rules below stay pure.
#[derive(Debug, Clone, Default)]
pub struct Env {
    pub stdout_is_terminal: bool,
    pub stdin_is_terminal: bool,
    pub stderr_is_terminal: bool,
    pub terminal_width: Option<u16>,
    pub no_color: Option<OsString>,
    pub clicolor: Option<OsString>,
    pub clicolor_force: Option<OsString>,
    pub term: Option<OsString>,
    pub columns: Option<OsString>,
    pub resp_table: Option<OsString>,
    /// `SSL_CERT_FILE` and `SSL_CERT_DIR`: the roots to trust instead of the built-in ones.
    pub ssl_cert_file: Option<OsString>,
    pub ssl_cert_dir: Option<OsString>,
    /// The proxy variables that are set, in the order ureq reads them ([`PROXY_VARS`]).
    pub proxies: Vec<(&'static str, OsString)>,
    pub current_dir: Option<PathBuf>,
    pub xdg_config_home: Option<OsString>,
    pub home: Option<OsString>,
    /// `GITHUB_STEP_SUMMARY`: the file a GitHub Actions step appends Markdown to.
    pub github_step_summary: Option<OsString>,
}

/// The variables ureq takes its proxy from, in its order: the first set one is used, for
/// http and https URLs alike (`NO_PROXY` aside).
pub const PROXY_VARS: [&str; 6] = [
    "ALL_PROXY",
    "all_proxy",
    "HTTPS_PROXY",
    "https_proxy",
    "HTTP_PROXY",
    "http_proxy",
];

impl Env {
    /// Reads the process environment and whether stdin, stdout and stderr are terminals.
    pub fn capture() -> Env {
        let stdout_is_terminal = std::io::stdout().is_terminal();
        Env {
            stdout_is_terminal,
            stdin_is_terminal: std::io::stdin().is_terminal(),
            stderr_is_terminal: std::io::stderr().is_terminal(),
            terminal_width: stdout_is_terminal
                .then(terminal_size::terminal_size)
                .flatten()
                .map(|(w, _)| w.0),
            no_color: std::env::var_os("NO_COLOR"),
            clicolor: std::env::var_os("CLICOLOR"),
            clicolor_force: std::env::var_os("CLICOLOR_FORCE"),
            term: std::env::var_os("TERM"),
            columns: std::env::var_os("COLUMNS"),
            resp_table: std::env::var_os("RESP_TABLE"),
            ssl_cert_file: std::env::var_os("SSL_CERT_FILE"),
            ssl_cert_dir: std::env::var_os("SSL_CERT_DIR"),
            proxies: PROXY_VARS
                .iter()
                .filter_map(|&name| std::env::var_os(name).map(|v| (name, v)))
                .collect(),
            current_dir: std::env::current_dir().ok(),
            xdg_config_home: std::env::var_os("XDG_CONFIG_HOME"),
            home: std::env::var_os("HOME"),
            github_step_summary: std::env::var_os("GITHUB_STEP_SUMMARY"),
        }
    }
}

/// Now, in epoch seconds: the one reading of the wall clock a judgment takes (see
/// [`crate::report::judge`]); `None` if the clock is before 1970 or past an `i64`.
pub fn clock() -> Option<i64> {
    let since = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?;
    i64::try_from(since.as_secs()).ok()
}

impl Config {
    /// Resolves `cli` against `env`.
    pub fn new(cli: &Cli, env: &Env) -> Config {
        let output = output_args(cli);
        let common = common(cli);
        let mode = if common.quiet {
            Mode::Quiet
        } else if common.json {
            Mode::Json
        } else if output.is_some_and(|o| o.body_only) {
            Mode::BodyOnly
        } else {
            Mode::Card
        };
        let dumb = env.term.as_deref() == Some("dumb".as_ref());
        // JSON lines written while a line is drawn on the same terminal would be torn.
        let json_to_terminal = common.json && env.stdout_is_terminal;
        Config {
            mode,
            progress: env.stderr_is_terminal && !dumb && !common.quiet && !json_to_terminal,
            color: use_color(cli.color, env),
            width: width(env),
            fit_width: fit_width(env),
            json: common.json,
            quiet: common.quiet,
            table_paths: table_paths(&common, env),
            table_named_by: if common.table.iter().any(|p| !p.as_os_str().is_empty()) {
                "--table"
            } else {
                "RESP_TABLE"
            },
            current_dir: env.current_dir.clone(),
            user_config: file::user_file(
                env.xdg_config_home.as_deref().map(std::path::Path::new),
                env.home.as_deref().map(std::path::Path::new),
            ),
            stdout_is_terminal: env.stdout_is_terminal,
            stdin_is_terminal: env.stdin_is_terminal,
            stderr_is_terminal: env.stderr_is_terminal,
            step_summary: env
                .github_step_summary
                .as_ref()
                .filter(|s| !s.is_empty())
                .map(PathBuf::from),
            ssl_cert_file: env
                .ssl_cert_file
                .as_ref()
                .filter(|v| !v.is_empty())
                .map(PathBuf::from),
            ssl_cert_dirs: env
                .ssl_cert_dir
                .as_ref()
                .map(|v| {
                    std::env::split_paths(v)
                        .filter(|p| !p.as_os_str().is_empty())
                        .collect()
                })
                .unwrap_or_default(),
        }
    }

    /// What the API documents: the files given by `--table`/`RESP_TABLE`, else those the
    /// config files name, else the embedded table.
    pub fn load_docs(&self) -> Result<Docs> {
        Docs::select(&self.docs_selection()?)
    }

    /// Which docs judge responses, first match wins: `--table`, `RESP_TABLE`, the
    /// project's `.resp.toml`, the user's config file, the embedded table. A config file
    /// with no `[[api]]` entry names nothing, and the next place is asked.
    pub fn docs_selection(&self) -> Result<Selection> {
        if !self.table_paths.is_empty() {
            let named_by = self.table_named_by;
            return Ok(selection(self.table_paths.iter().map(|path| {
                (path.as_os_str() != STANDARD).then(|| Source {
                    path: path.clone(),
                    hosts: Vec::new(),
                    named_by: named_by.to_string(),
                })
            })));
        }
        let project = self.current_dir.as_deref().and_then(file::find_project);
        let user = self.user_config.as_ref().filter(|p| p.is_file()).cloned();
        for path in project.into_iter().chain(user) {
            let sources = file::read(&path)?;
            if !sources.is_empty() {
                return Ok(selection(sources.into_iter()));
            }
        }
        Ok(Selection::Embedded)
    }
}

/// `-o -` is stdout, as curl's: the body alone, as `-b` (a file named `-` is `-o ./-`).
pub fn stdout_output(cli: &mut Cli) {
    let output = match &mut cli.command {
        Command::Read(args) => &mut args.output,
        Command::Send(args) => &mut args.output,
        _ => return,
    };
    if output.output_file.as_deref() == Some(std::path::Path::new("-")) {
        output.output_file = None;
        output.body_only = true;
    }
}

/// Options that cannot go together when one was given before the command, where clap
/// does not see them side by side: `-q` prints nothing, so not with `--json`; `-b` (or
/// `-o -`, named as typed: run before [`stdout_output`]) prints the body alone, so not
/// with `--json` or `-q` (a usage error, exit 2, as clap's own conflicts). And for `send`,
/// a proxy variable that cannot be used, as a bad URL is ([`check_proxies`]).
pub fn check(cli: &Cli, env: &Env) -> Result<()> {
    if matches!(cli.command, Command::Send(_) | Command::Run(_)) {
        check_proxies(env)?;
    }
    let common = common(cli);
    // One before the command and one after it: clap sees each side alone.
    if common.json && common.quiet {
        return Err(crate::exit::Failure::usage(
            "-q/--quiet prints nothing, and cannot be used with --json",
            "leave one out: --json for scripts, -q for the exit code alone",
        )
        .into());
    }
    // Run before `stdout_output` turns `-o -` into -b, so that the error names the flag
    // typed; clap sees neither `-o -` as -b nor a --json given before the command.
    let dash = |o: &&OutputArgs| o.output_file.as_deref() == Some(std::path::Path::new("-"));
    let input = match cli.command {
        Command::Read(_) => "read FILE",
        _ => "send URL",
    };
    if let Some(o) = output_args(cli).filter(|o| dash(o) && (o.verbose > 0 || o.include)) {
        let other = if o.verbose > 0 { "-v" } else { "-i" };
        return Err(crate::exit::Failure::usage(
            format!("-o - prints the body alone, as -b, and cannot be used with {other}"),
            format!("leave one out: resp {input} -o - | jq ."),
        )
        .into());
    }
    if let Some(o) = output_args(cli).filter(|o| o.body_only || dash(o))
        && (common.json || common.quiet)
    {
        let other = if common.json { "--json" } else { "--quiet" };
        let (flag, typed, as_b) = if o.body_only {
            ("-b/--body-only", "-b", "")
        } else {
            ("-o -", "-o -", ", as -b")
        };
        return Err(crate::exit::Failure::usage(
            format!("{flag} prints the body alone{as_b}, and cannot be used with {other}"),
            format!("leave one out: resp {input} {typed} | jq ."),
        )
        .into());
    }
    Ok(())
}

/// Every proxy variable that is set must be usable: ureq passes over one it cannot parse
/// (a direct connection, said nowhere) and reads a port past 65535 as the default. An
/// empty value is unset, as for curl. The error names the variable, never its value (it
/// may hold a password).
pub fn check_proxies(env: &Env) -> Result<()> {
    for (name, value) in &env.proxies {
        if value.is_empty() {
            continue;
        }
        let why = match value.to_str() {
            Some(text) => proxy_problem(text.trim()),
            None => Some("it is not UTF-8".to_string()),
        };
        if let Some(why) = why {
            return Err(crate::exit::Failure::usage(
                format!("{name} is not a proxy resp can use: {why}"),
                format!(
                    "give it as http://host:port (https:// for a proxy spoken to over TLS), or unset {name}"
                ),
            )
            .into());
        }
    }
    Ok(())
}

/// What is wrong with a proxy URL, if anything: `[http[s]://][user:password@]host[:port][/]`.
fn proxy_problem(text: &str) -> Option<String> {
    let parts = crate::url::split(text);
    if let Some(scheme) = parts.scheme {
        let scheme = scheme.to_ascii_lowercase();
        if scheme != "http" && scheme != "https" {
            let socks = ["socks", "socks4", "socks4a", "socks5", "socks5h"];
            return Some(if socks.contains(&scheme.as_str()) {
                format!(
                    "resp does not speak SOCKS ({scheme}://); it uses http:// and https:// proxies"
                )
            } else {
                format!("'{scheme}://' is not a proxy scheme (http:// or https://)")
            });
        }
    }
    let authority = crate::url::authority(text);
    if authority.starts_with('[') && !authority.contains(']') {
        return Some("the host's '[' is not closed".into());
    }
    if parts.host.is_empty() {
        return Some("it has no host".into());
    }
    let host_ok = match parts.host.strip_prefix('[') {
        Some(inner) => inner
            .strip_suffix(']')
            .is_some_and(|ip| ip.parse::<std::net::Ipv6Addr>().is_ok()),
        None => parts
            .host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_')),
    };
    if !host_ok {
        return Some("its host is not a host name or an IP address".into());
    }
    if let Err(why) = crate::url::check_port(text) {
        return Some(why);
    }
    if !matches!(parts.rest, "" | "/") {
        return Some(
            "something follows the host and port (a proxy URL has no path, query or fragment)"
                .into(),
        );
    }
    None
}

/// `--json`, `-q` and `--table`, given before the command or after it.
fn common(cli: &Cli) -> CommonArgs {
    let after = match &cli.command {
        Command::Explain(args) => Some(&args.common),
        Command::Read(args) => Some(&args.common),
        Command::Send(args) => Some(&args.common),
        Command::Run(args) => Some(&args.common),
        Command::Completions { .. } | Command::Man { .. } => None,
    };
    cli.common.merged(after)
}

/// The output options of the command, for those that judge responses.
fn output_args(cli: &Cli) -> Option<&OutputArgs> {
    match &cli.command {
        Command::Read(args) => Some(&args.output),
        Command::Send(args) => Some(&args.output),
        _ => None,
    }
}

/// How `send` retries, for a request with `method`; `None` without `--retry` or `--until`
/// (one attempt, as always). Time flags of 0 mean no limit.
pub fn retry_policy(args: &SendArgs, method: &str) -> Option<Policy> {
    if args.retry.is_none() && args.until.is_empty() {
        return None;
    }
    let limit = |d: Option<std::time::Duration>| d.filter(|d| !d.is_zero());
    let polling = !args.until.is_empty();
    Some(Policy {
        retries: args.retry,
        retry_on: (!args.retry_on.is_empty()).then(|| args.retry_on.clone()),
        until: args.until.clone(),
        method: method.to_string(),
        resend: args.retry_all_methods || retry::idempotent(method),
        max_wait: match args.retry_max_wait {
            Some(d) => limit(Some(d)),
            None => Some(retry::DEFAULT_MAX_WAIT),
        },
        max_time: limit(args.retry_max_time),
        interval: args.interval.or(polling.then_some(retry::DEFAULT_INTERVAL)),
    })
}

/// The name that stands for the IANA registry alone, in `--table`, `RESP_TABLE` and a
/// config file's `table` (a file so named is given as `./standard`).
pub const STANDARD: &str = "standard";

/// The files named, in order (`None`: `standard`, which names none); only `standard`:
/// the registry alone.
fn selection(sources: impl Iterator<Item = Option<Source>>) -> Selection {
    let files: Vec<Source> = sources.flatten().collect();
    if files.is_empty() {
        Selection::Standard
    } else {
        Selection::Files(files)
    }
}

/// `--table` (each one given) wins over `RESP_TABLE` (paths joined as in `PATH`); empty
/// values count as unset.
fn table_paths(common: &CommonArgs, env: &Env) -> Vec<PathBuf> {
    let flags: Vec<PathBuf> = common
        .table
        .iter()
        .filter(|p| !p.as_os_str().is_empty())
        .cloned()
        .collect();
    if !flags.is_empty() {
        return flags;
    }
    match &env.resp_table {
        Some(v) if !v.is_empty() => std::env::split_paths(v)
            .filter(|p| !p.as_os_str().is_empty())
            .collect(),
        _ => Vec::new(),
    }
}

fn set(v: &Option<OsString>) -> bool {
    v.as_ref().is_some_and(|v| !v.is_empty())
}

/// The colour decision. `--color always|never` beat the environment. For `auto`: a
/// non-empty `NO_COLOR` turns colour off; else a non-empty `CLICOLOR_FORCE` other than `0`
/// turns it on; else `CLICOLOR=0` turns it off; else colour when stdout is a terminal and
/// `TERM` is not `dumb`.
pub fn use_color(choice: ColorChoice, env: &Env) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            if set(&env.no_color) {
                false
            } else if set(&env.clicolor_force)
                && env.clicolor_force.as_deref() != Some("0".as_ref())
            {
                true
            } else if env.clicolor.as_deref() == Some("0".as_ref()) {
                false
            } else {
                env.stdout_is_terminal && env.term.as_deref() != Some("dumb".as_ref())
            }
        }
    }
}

/// The width to draw tables at: the terminal's, else `COLUMNS`, else [`DEFAULT_WIDTH`].
pub fn width(env: &Env) -> u16 {
    let columns = env
        .columns
        .as_ref()
        .and_then(|c| c.to_str())
        .and_then(|c| c.trim().parse::<u16>().ok())
        .filter(|&c| c >= 20);
    env.terminal_width
        .filter(|&w| w > 0)
        .or(columns)
        .unwrap_or(DEFAULT_WIDTH)
}

/// True when a width was given, by the terminal or by `COLUMNS`, not assumed.
pub fn fit_width(env: &Env) -> bool {
    let columns = env.columns.as_ref().and_then(|c| c.to_str());
    env.terminal_width.is_some_and(|w| w > 0)
        || columns
            .and_then(|c| c.trim().parse::<u16>().ok())
            .is_some_and(|c| c >= 20)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(tty: bool, no_color: Option<&str>, force: Option<&str>, term: Option<&str>) -> Env {
        Env {
            stdout_is_terminal: tty,
            no_color: no_color.map(Into::into),
            clicolor_force: force.map(Into::into),
            term: term.map(Into::into),
            ..Env::default()
        }
    }

    #[test]
    fn colour_truth_table() {
        use ColorChoice::*;
        // (choice, tty, NO_COLOR, CLICOLOR_FORCE, TERM) -> colour?
        let cases = [
            (Auto, true, None, None, Some("xterm"), true),
            (Auto, false, None, None, Some("xterm"), false),
            (Auto, true, Some("1"), None, Some("xterm"), false),
            (Auto, true, Some(""), None, Some("xterm"), true),
            (Auto, true, None, None, Some("dumb"), false),
            (Auto, true, None, None, None, true),
            (Auto, false, None, Some("1"), None, true),
            (Auto, false, None, Some("0"), None, false),
            (Auto, false, None, Some(""), None, false),
            (Auto, false, Some("1"), Some("1"), None, false),
            (Always, false, Some("1"), None, Some("dumb"), true),
            (Never, true, None, Some("1"), Some("xterm"), false),
        ];
        for (choice, tty, no_color, force, term, want) in cases {
            let got = use_color(choice, &env(tty, no_color, force, term));
            assert_eq!(
                got, want,
                "{choice:?} tty={tty} NO_COLOR={no_color:?} CLICOLOR_FORCE={force:?} TERM={term:?}"
            );
        }
        let off = Env {
            stdout_is_terminal: true,
            clicolor: Some("0".into()),
            ..Env::default()
        };
        assert!(!use_color(Auto, &off));
    }

    fn policy(args: &[&str], method: &str) -> Option<Policy> {
        use clap::Parser;
        let cli = Cli::parse_from(["resp", "send", "http://h/"].iter().chain(args));
        match cli.command {
            crate::cli::Command::Send(send) => retry_policy(&send, method),
            _ => unreachable!("a send command"),
        }
    }

    #[test]
    fn the_retry_policy_is_resolved_once() {
        use std::time::Duration;
        assert_eq!(policy(&[], "GET"), None);
        let p = policy(&["--retry", "3"], "GET").unwrap();
        assert_eq!(
            (p.retries, p.max_wait, p.max_time, p.interval, p.resend),
            (Some(3), Some(Duration::from_secs(60)), None, None, true)
        );
        assert!(!p.polling() && p.retry_on.is_none());
        assert!(!policy(&["--retry", "3"], "POST").unwrap().resend);
        assert!(!policy(&["--retry", "3"], "PATCH").unwrap().resend);
        assert!(
            policy(&["--retry", "3", "--retry-all-methods"], "POST")
                .unwrap()
                .resend
        );
        let p = policy(
            &[
                "--retry",
                "2",
                "--retry-on",
                "503,4xx,connect",
                "--retry-max-wait",
                "0",
                "--retry-max-time",
                "30",
                "--interval",
                "0.5",
            ],
            "GET",
        )
        .unwrap();
        assert_eq!(
            p.retry_on,
            Some(vec![
                retry::RetryOn::Code(503),
                retry::RetryOn::Class(4),
                retry::RetryOn::Connect
            ])
        );
        assert_eq!(
            (p.max_wait, p.max_time, p.interval),
            (
                None,
                Some(Duration::from_secs(30)),
                Some(Duration::from_millis(500))
            )
        );
        // --until polls without a limit on attempts, every second unless told otherwise.
        let p = policy(&["--until", "2xx,404"], "GET").unwrap();
        assert!(p.polling());
        assert_eq!(
            (p.retries, p.interval),
            (None, Some(Duration::from_secs(1)))
        );
        let p = policy(
            &["--until", "2xx", "--retry", "5", "--retry-max-time", "0"],
            "GET",
        )
        .unwrap();
        assert_eq!((p.retries, p.max_time), (Some(5), None));
    }

    #[test]
    fn proxies_are_checked() {
        for good in [
            "http://127.0.0.1:3128",
            "127.0.0.1:3128",
            "HTTPS://user:p%40ss@proxy.test/",
            "http://[::1]:8080",
            "proxy.test",
        ] {
            assert_eq!(proxy_problem(good), None, "{good}");
        }
        for (bad, why) in [
            ("http://127.0.0.1:99999", "'99999' is not a port"),
            ("http://127.0.0.1:0", "'0' is not a port"),
            (
                "socks9://127.0.0.1:1080",
                "'socks9://' is not a proxy scheme",
            ),
            ("socks5://127.0.0.1:1080", "does not speak SOCKS"),
            ("http://[::1", "'[' is not closed"),
            ("http://127.0.0.1:8080junk", "'8080junk' is not a port"),
            ("http://127.0.0.1:8080/junk", "something follows"),
            ("http://127.0.0.1 junk", "not a host name"),
            ("http://:8080", "no host"),
            ("http://[zz]:8080", "not a host name"),
        ] {
            let got = proxy_problem(bad).unwrap_or_default();
            assert!(got.contains(why), "{bad}: {got}");
        }
        let env = Env {
            proxies: vec![
                ("http_proxy", "".into()),
                ("HTTP_PROXY", "http://h:99999".into()),
            ],
            ..Env::default()
        };
        let e = check_proxies(&env).unwrap_err().to_string();
        assert!(
            e.starts_with("HTTP_PROXY is not a proxy") && !e.contains("h:99999"),
            "{e}"
        );
    }

    #[test]
    fn width_prefers_terminal_then_columns() {
        let mut e = Env::default();
        assert_eq!(width(&e), DEFAULT_WIDTH);
        e.columns = Some("132".into());
        assert_eq!(width(&e), 132);
        e.columns = Some("junk".into());
        assert_eq!(width(&e), DEFAULT_WIDTH);
        assert!(!fit_width(&e));
        e.columns = Some("100".into());
        assert!(fit_width(&e));
        e.columns = None;
        e.terminal_width = Some(80);
        assert_eq!(width(&e), 80);
        assert!(fit_width(&e));
    }
}
