//! The command line as typed: clap derive structs and nothing else. Every field's doc
//! comment is its `--help` text; decisions about what the flags mean live in `config.rs`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::classify::Expect;
use crate::exit::EXIT_CODES_HELP;
use crate::retry::RetryOn;
use crate::source::Format;

/// Inspect HTTP responses: what a status means for your API, and an exit code scripts can trust.
#[derive(Debug, Parser)]
#[command(name = "resp", version, after_help = EXIT_CODES_HELP)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,

    /// When to colour output: auto colours a terminal unless NO_COLOR is set or TERM=dumb
    /// (CLICOLOR_FORCE forces it)
    #[arg(long, global = true, value_enum, value_name = "WHEN", default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    /// Given before the command: as --json, -q and --table after it (explain, read, send)
    #[command(flatten)]
    pub common: CommonArgs,
}

// The options of the commands that judge statuses (explain, read, send). They are taken
// before the command too (`resp --json read`), and are not offered where they mean
// nothing (completions, man): they are each command's own, not clap globals.
#[derive(Debug, Clone, Default, Args)]
pub struct CommonArgs {
    /// Print JSON for scripts instead of text for people
    #[arg(long)]
    pub json: bool,

    /// Print nothing on stdout: the exit code still says it (not with --json)
    #[arg(short, long, conflicts_with = "json")]
    pub quiet: bool,

    /// The API's documentation: a "Response Codes" page in Markdown or JSON, or an OpenAPI
    /// 3.x / Swagger 2.0 description in JSON or YAML (repeatable: each response is judged
    /// by those whose servers name its host, asked in order); `standard`: the IANA registry
    /// alone [env: RESP_TABLE, several joined with ':'] (default: the [[api]] entries of
    /// .resp.toml, found upwards, or ~/.config/resp/config.toml; else the embedded table,
    /// Twitter's API response codes)
    #[arg(long, value_name = "FILE")]
    pub table: Vec<PathBuf>,
}

impl CommonArgs {
    /// These options as given before the command and after it, together.
    pub fn merged(&self, after: Option<&CommonArgs>) -> CommonArgs {
        let Some(after) = after else {
            return self.clone();
        };
        CommonArgs {
            json: self.json || after.json,
            quiet: self.quiet || after.quiet,
            table: self.table.iter().chain(&after.table).cloned().collect(),
        }
    }
}

/// What to do. Each command's own options are built only when that command is run (`defer`):
/// `resp explain 420` does not build `send`'s many flags at start-up. Built late, an `Args`
/// struct's doc comment would replace its command's about text, so the structs below carry
/// plain comments (tests/cli.rs `each_command_keeps_its_own_about` checks).
#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum Command {
    /// Explain status codes, classes or words without making a request
    ///
    /// Each status is explained from the API's documented table (the embedded one, or
    /// --table), falling back to the IANA registry, flagged; API error codes from a table's
    /// error-code section. With an OpenAPI description, a request ('POST /items') names its
    /// operation and the responses it documents.
    #[command(
        after_help = "Examples:\n  resp explain 420\n  resp explain 401 403 420\n  resp explain 4xx\n  resp explain rate limit\n  resp explain --all\n  resp explain --table api.yaml 'POST /containers/abc/start' 304\n  resp explain --exit-status \"$(curl -s -o /dev/null -w '%{http_code}' URL)\""
    )]
    Explain(ExplainArgs),

    /// Inspect saved responses: curl -i output, curl -v transcripts, HAR files, bare bodies
    ///
    /// Each response is judged: the status as the API documents it, the JSON error it
    /// carries, the rate-limit state, warnings about damage, and the body, shown safely.
    /// The format is told from the content. A HAR file gives a summary of its entries and
    /// the failing ones in full; --entry N shows one. The exit code is the worst status's.
    #[command(
        after_help = "Examples:\n  curl -si https://api.example.com/x | resp read\n  resp read saved.http\n  curl -v https://api.example.com/x 2>&1 | resp read\n  resp read session.har --entry 4\n  resp read session.har --entry 4 -b | jq .\n  resp read --format body --status 420 error.json\n  resp read --expect 2xx,304 -q saved.http && echo fine"
    )]
    Read(ReadArgs),

    /// Send a request and inspect the response, as `resp read` would inspect it saved
    ///
    /// One request (redirects followed with -L, every hop shown), judged as resp read
    /// judges a saved response, with the same exit code. Time limits stop a stalled
    /// exchange; --retry and --until send again when the outcome is worth it. -b writes
    /// only the body, for a pipe; -o writes it to a file.
    #[command(
        after_help = "Time limits: connect 10 s, response head 30 s, no progress 30 s (0: none).\n\n\
Examples:\n  resp send https://api.example.com/statuses\n  resp send :8080/health --timing\n  resp send -L --max-redirects 3 http://localhost:8080/old\n  \
resp send -X POST --json-body '{\"name\": \"x\"}' --bearer \"$TOKEN\" \\\n      https://api.example.com/items\n  \
resp send -q --expect 2xx,304 https://api.example.com/health || echo unhealthy\n  resp send URL --save r.http && resp read r.http\n  \
resp send https://api.example.com/items --fail -b | jq .\n  resp send https://example.com/big.tar.gz -o big.tar.gz\n  \
resp send -X HEAD https://example.com/big.tar.gz\n  \
resp send --unix-socket /var/run/docker.sock \\\n      http://docker/v1.43/containers/json -b\n  \
resp send --cacert ca.pem --cert client.pem --key client-key.pem \\\n      https://internal.example/\n  \
resp send --retry 4 https://api.example.com/statuses\n  \
resp send --until 2xx --interval 2 --retry-max-time 120 \\\n      http://localhost:8080/health"
    )]
    Send(Box<SendArgs>),

    /// Run the requests in .http / .rest files (JetBrains, VS Code REST Client, Visual Studio)
    ///
    /// Each file is read and checked whole before anything is sent: a mistake names
    /// FILE:LINE (an undefined variable names itself). Variables come from the file's
    /// @name = value lines, the environment chosen with --env (http-client.env.json and
    /// http-client.private.env.json beside the file), then the process environment.
    /// Requests run concurrently unless one uses another's response
    /// ({{login.response.body.$.token}}), and each is judged as `resp send` judges one;
    /// '# @expect 2xx,304' sets what a request expects. A table in file order ends the run;
    /// the exit code is the worst request's.
    #[command(
        after_help = "Time limits: connect 10 s, response head 30 s, no progress 30 s (0: none).\n\n\
Examples:\n  resp run api.http\n  resp run --env dev requests/*.http\n  resp run --bail --jobs 1 smoke.http\n  \
resp run --json api.http | jq 'select(.type == \"response\") | .status'\n  resp run -v --failing api.http"
    )]
    Run(Box<RunArgs>),

    /// Print a shell completion script
    Completions {
        /// The shell to complete for
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },

    /// Print a man page (roff): resp(1), or with COMMAND that command's (resp man send)
    Man {
        /// The command whose page to print: explain, read, send, run, completions or man
        #[arg(value_name = "COMMAND", value_parser = ["explain", "read", "send", "run", "completions", "man"])]
        command: Option<String>,
    },
}

/// Parses the process's arguments. clap colours its own help by the terminal alone;
/// `--color never|always`, where given, rules it too.
pub fn parse() -> Result<Cli, clap::Error> {
    use clap::{CommandFactory, FromArgMatches};
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let mut cmd = Cli::command();
    if let Some(choice) = color_given(&args) {
        cmd = cmd.color(choice);
    }
    let mut matches = cmd.try_get_matches_from(args)?;
    Cli::from_arg_matches_mut(&mut matches).map_err(|e| e.format(&mut Cli::command()))
}

/// The last `--color WHEN` (or `--color=WHEN`) before `--`, as clap's choice.
fn color_given(args: &[std::ffi::OsString]) -> Option<clap::ColorChoice> {
    let mut choice = None;
    let mut words = args.iter().skip(1).map(|a| a.to_str());
    while let Some(word) = words.next() {
        let value = match word {
            Some("--") => break,
            Some("--color") => words.next().flatten(),
            Some(w) => w.strip_prefix("--color="),
            None => None,
        };
        choice = match value {
            Some("never") => Some(clap::ColorChoice::Never),
            Some("always") => Some(clap::ColorChoice::Always),
            Some("auto") => Some(clap::ColorChoice::Auto),
            _ => choice,
        };
    }
    choice
}

/// The command line as parsed and documented: [`Cli`]'s, built.
pub fn command() -> clap::Command {
    use clap::CommandFactory;
    let mut cmd = Cli::command();
    cmd.build();
    cmd
}

// `resp explain`.
#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// Status codes (420), classes (4xx), words to search for in every code's text, meaning
    /// and hints (rate limit), or a request ('POST /items/7') to explain from an OpenAPI
    /// description; none lists the whole documented table
    #[arg(value_name = "QUERY", allow_negative_numbers = true)]
    pub query: Vec<String>,

    /// Also list the standard registry's codes, marked as not in the documented table
    #[arg(long)]
    pub all: bool,

    /// Exit with the code the status maps to (4 for 420), as a response with it would
    #[arg(long)]
    pub exit_status: bool,

    #[command(flatten)]
    pub common: CommonArgs,
}

// `resp read`.
#[derive(Debug, Args)]
pub struct ReadArgs {
    /// Files to read (`-` is stdin); with none, stdin when it is not a terminal
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,

    /// The input's format, instead of detecting it from the content
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<Format>,

    /// The status of a bare body (`--format body`), as three digits; for a HAR file, the
    /// entries to list: codes and classes, comma-separated (`4xx,503`)
    #[arg(long, value_name = "CODE|LIST", value_delimiter = ',')]
    pub status: Vec<Expect>,

    /// Show HAR entry N (1-based) in full instead of the summary
    #[arg(long, value_name = "N", value_parser = parse_entry, allow_negative_numbers = true)]
    pub entry: Option<u64>,

    /// The request a response answers, 'METHOD URL' (or a URL: GET), for inputs that do
    /// not hold it (curl -i captures, bare bodies): matched to an OpenAPI operation
    #[arg(long, value_name = "'METHOD URL'", value_parser = parse_request)]
    pub request: Option<(String, String)>,

    #[command(flatten)]
    pub har: HarArgs,

    #[command(flatten)]
    pub output: OutputArgs,

    #[command(flatten)]
    pub common: CommonArgs,
}

// Which HAR entries are listed, and how (`resp read` of a HAR file). With a filter, the
// exit code counts only the entries listed.
#[derive(Debug, Args, Default)]
pub struct HarArgs {
    /// HAR: list only the failing entries (the exit code still weighs every entry)
    #[arg(long)]
    pub failing: bool,

    /// HAR: list only entries whose URL contains TEXT
    #[arg(long, value_name = "TEXT")]
    pub url: Option<String>,

    /// HAR: list only entries sent with this method (any case)
    #[arg(long, value_name = "METHOD")]
    pub method: Option<String>,

    /// HAR: draw a waterfall (one bar per entry on the page's time axis, its phases
    /// coloured) instead of the table
    #[arg(long)]
    pub waterfall: bool,

    /// HAR: list every entry, however many (on a terminal, past 200 entries only the
    /// failing ones are listed unless asked)
    #[arg(long)]
    pub all: bool,
}

// `resp send`.
#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("retrying").args(["retry", "until"]).multiple(true)))]
pub struct SendArgs {
    /// The URL; http:// is assumed when it has no scheme, `:8080/path` is
    /// http://localhost:8080/path; spaces and non-ASCII are percent-encoded. Several URLs
    /// are sent one after another with the same options (--retry and --until apply to
    /// each), each judged and shown as alone, then a summary; the worst exit code wins.
    /// -o, --save and -b take one response: with several URLs they are usage errors
    #[arg(value_name = "URL", required = true, num_args = 1..)]
    pub url: Vec<String>,

    /// The method [default: GET, or POST when a body is given]
    #[arg(
        short = 'X',
        long = "request",
        value_name = "METHOD",
        help_heading = "Request"
    )]
    pub method: Option<String>,

    /// A request header, 'Name: value' (repeatable)
    #[arg(
        short = 'H',
        long = "header",
        value_name = "HEADER",
        help_heading = "Request"
    )]
    pub headers: Vec<String>,

    /// The request body: DATA, @FILE, or @- for stdin
    #[arg(
        short,
        long,
        value_name = "DATA",
        conflicts_with = "json_body",
        help_heading = "Request"
    )]
    pub data: Option<String>,

    /// A JSON body (DATA, @FILE or @-); sets Content-Type and Accept to application/json
    #[arg(long, value_name = "DATA", help_heading = "Request")]
    pub json_body: Option<String>,

    /// Basic authentication, USER:PASSWORD; USER alone asks for the password on the
    /// terminal (without one, a usage error)
    #[arg(
        short,
        long,
        value_name = "USER:PASSWORD",
        conflicts_with = "bearer",
        help_heading = "Authentication"
    )]
    pub user: Option<String>,

    /// Bearer token authentication (Authorization: Bearer TOKEN)
    #[arg(long, value_name = "TOKEN", help_heading = "Authentication")]
    pub bearer: Option<String>,

    #[command(flatten)]
    pub limits: TimeLimits,

    /// Skip TLS certificate verification
    #[arg(short = 'k', long, help_heading = "TLS")]
    pub insecure: bool,

    #[command(flatten)]
    pub http: HttpFlags,

    #[command(flatten)]
    pub tls: TlsFiles,

    /// Connect to this Unix domain socket instead of the URL's host and port (the Docker
    /// Engine API: /var/run/docker.sock); the URL still gives the path and the Host header
    #[arg(long, value_name = "PATH", help_heading = "Request")]
    pub unix_socket: Option<PathBuf>,

    /// With -b or -o, write no body for a status that is neither a success nor --expect'ed,
    /// as curl -f: the exit code says why, and a pipe (| jq) gets nothing
    #[arg(short = 'f', long, help_heading = "Output")]
    pub fail: bool,

    /// Follow redirects, showing every hop (without it a 3xx is the answer: exit 3)
    #[arg(short = 'L', long, help_heading = "Redirects and limits")]
    pub follow: bool,

    /// With -L, the most redirects followed; past it, exit 6
    #[arg(
        long,
        value_name = "N",
        default_value_t = 10,
        value_parser = parse_count,
        allow_negative_numbers = true,
        help_heading = "Redirects and limits"
    )]
    pub max_redirects: u32,

    /// Show how long each phase took (DNS, connect, TLS, request, wait, body) as a picture,
    /// for the response and each redirect hop; -v shows it too
    #[arg(long, help_heading = "Output")]
    pub timing: bool,

    /// With -L, follow a redirect from https to plain http even when credentials were
    /// given (they are never sent to another origin)
    #[arg(long, help_heading = "Redirects and limits")]
    pub allow_downgrade: bool,

    /// The most body bytes read into memory (K, M, G suffixes; 0: no limit); past it, the
    /// rest is skipped and the status still judged. Not a limit on -o, which streams to disk
    #[arg(long, value_name = "SIZE", default_value = "64M", value_parser = parse_size, allow_negative_numbers = true, help_heading = "Redirects and limits")]
    pub max_body: usize,

    /// Save the response as raw HTTP that `resp read` reads: every head of the chain as
    /// received, then the body, the request it answers noted in a `Resp-Request: METHOD
    /// URL` header (written atomically; see README for permissions and links); `--save -`
    /// writes it to stdout, and the card to stderr
    #[arg(long, value_name = "FILE", help_heading = "Output")]
    pub save: Option<PathBuf>,

    /// Send again up to N times when the outcome is worth it: 408, 425, 429, 500, 502, 503,
    /// 504, a status the documented table calls rate limiting (420), a failed connection
    /// (exit 7; not TLS) or a timeout (exit 8). Waits as long as the server asks (Retry-After,
    /// RateLimit, X-RateLimit-Reset), else 1 s, 2 s, 4 s… (also when it says "now"), never
    /// under 0.1 s. The last outcome decides the exit code
    #[arg(long, value_name = "N", value_parser = parse_count, allow_negative_numbers = true, help_heading = "Retrying")]
    pub retry: Option<u32>,

    /// With --retry, what is retried instead of the default: codes, classes, `connect`,
    /// `timeout`, comma-separated (`503,5xx,connect`)
    #[arg(
        long,
        value_name = "LIST",
        value_delimiter = ',',
        requires = "retry",
        help_heading = "Retrying"
    )]
    pub retry_on: Vec<RetryOn>,

    /// Also send again methods that are not idempotent (POST, PATCH) once the request
    /// reached the server; without it they are retried only when it never did (refused,
    /// DNS)
    #[arg(long, requires = "retrying", help_heading = "Retrying")]
    pub retry_all_methods: bool,

    /// The longest wait in seconds before another attempt [default: 60]: a server that asks
    /// for longer is not waited for (the exit code is its outcome's); 0: no limit
    #[arg(long, value_name = "SECS", value_parser = parse_seconds, allow_negative_numbers = true, requires = "retrying", help_heading = "Retrying")]
    pub retry_max_wait: Option<std::time::Duration>,

    /// Time limit in seconds for all attempts and waits: no attempt or wait starts that
    /// would end past it [default: none]
    #[arg(long, value_name = "SECS", value_parser = parse_seconds, allow_negative_numbers = true, requires = "retrying", help_heading = "Retrying")]
    pub retry_max_time: Option<std::time::Duration>,

    /// Send again until the status matches: codes and classes, comma-separated (`2xx`,
    /// `200,404`). Exit 0 when it does, 8 when --retry-max-time runs out, else the last
    /// outcome's code (1 for a success that did not match); --retry N limits the attempts
    #[arg(
        long,
        value_name = "LIST",
        value_delimiter = ',',
        conflicts_with = "retry_on",
        help_heading = "Retrying"
    )]
    pub until: Vec<Expect>,

    /// The wait in seconds between attempts when the server gives no hint or says "now"
    /// [default: 1 with --until; with --retry alone, backoff]; never under 0.1 s
    #[arg(long, value_name = "SECS", value_parser = parse_interval, allow_negative_numbers = true, requires = "retrying", help_heading = "Retrying")]
    pub interval: Option<std::time::Duration>,

    #[command(flatten, next_help_heading = "Output")]
    pub output: OutputArgs,

    #[command(flatten, next_help_heading = "Output")]
    pub common: CommonArgs,
}

// `resp run`.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// Request files (.http, .rest) to run, in order
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,

    /// The environment to use from http-client.env.json (and http-client.private.env.json)
    /// beside each file, or in the closest folder above it
    #[arg(long, value_name = "NAME")]
    pub env: Option<String>,

    /// The most requests in flight at once (1-64); requests another uses wait for it
    #[arg(short, long, value_name = "N", default_value_t = 4, value_parser = clap::value_parser!(u16).range(1..=64))]
    pub jobs: u16,

    /// Stop starting requests after the first failure (those left are not run)
    #[arg(long)]
    pub bail: bool,

    /// List only the failing requests (and with -v, show only their exchanges)
    #[arg(long)]
    pub failing: bool,

    /// A request passes when its final status matches: codes and classes, comma-separated
    /// (`2xx,304`); a request's own '# @expect' wins over it
    #[arg(long, value_name = "LIST", value_delimiter = ',')]
    pub expect: Vec<Expect>,

    /// Exit 10 when a status is not documented for the operation it answers, a body does
    /// not fit its documented schema, or a request matches no operation; needs an OpenAPI
    /// description (--table)
    #[arg(long)]
    pub strict: bool,

    /// Show each exchange in full as `resp send -v` does, then the table
    #[arg(short, long, action = clap::ArgAction::Count)]
    pub verbose: u8,

    /// A report for CI, KIND[:FILE] (repeatable): `junit` (JUnit XML, as GitLab and
    /// Jenkins read it; default file resp-junit.xml), `tap` (TAP version 13; default
    /// resp.tap), `github` (`::error` annotations; default stdout, after the table; a
    /// Markdown table is also appended to $GITHUB_STEP_SUMMARY when it is set). FILE `-`
    /// is stdout, where a junit or tap report takes the place of the table; one report at
    /// most on stdout, and none beside --json
    #[arg(long = "report", value_name = "KIND[:FILE]", value_parser = parse_report)]
    pub reports: Vec<ReportArg>,

    /// Show credentials instead of masking them
    #[arg(long)]
    pub show_secrets: bool,

    #[command(flatten)]
    pub limits: TimeLimits,

    /// Follow redirects (without it a 3xx is the answer)
    #[arg(short = 'L', long, help_heading = "Redirects and limits")]
    pub follow: bool,

    /// With -L, the most redirects followed; past it, exit 6
    #[arg(long, value_name = "N", default_value_t = 10, value_parser = parse_count, allow_negative_numbers = true, help_heading = "Redirects and limits")]
    pub max_redirects: u32,

    /// Skip TLS certificate verification
    #[arg(short = 'k', long, help_heading = "TLS")]
    pub insecure: bool,

    #[command(flatten)]
    pub http: HttpFlags,

    #[command(flatten)]
    pub tls: TlsFiles,

    #[command(flatten, next_help_heading = "Output")]
    pub common: CommonArgs,
}

// The HTTP version spoken, for `send` and `run`: one set of flags for both. (No doc
// comment: on a flattened struct it would replace the command's about text.)
#[derive(Debug, Clone, Copy, Default, Args)]
pub struct HttpFlags {
    /// Speak HTTP/1.1 only (by default, over TLS, resp offers h2 and http/1.1 by ALPN and
    /// speaks what the server picks)
    #[arg(long = "http1.1", help_heading = "Request", conflicts_with_all = ["http2", "http2_prior_knowledge"])]
    pub http1_1: bool,

    /// Insist on HTTP/2 over TLS: a server that does not offer h2 is a failure (exit 7)
    #[arg(
        long,
        help_heading = "Request",
        conflicts_with = "http2_prior_knowledge"
    )]
    pub http2: bool,

    /// Speak HTTP/2 without asking first: h2c to a plain-text http:// server (h2 over TLS
    /// for https://)
    #[arg(long, help_heading = "Request")]
    pub http2_prior_knowledge: bool,
}

// The files TLS trusts and shows itself with, for `send` and `run`: one set of flags for
// both. (No doc comment: on a flattened struct it would replace the command's about text.)
#[derive(Debug, Clone, Default, Args)]
pub struct TlsFiles {
    /// Trust the certificate authorities in FILE (PEM) instead of the built-in roots, for a
    /// private CA [env: SSL_CERT_FILE, SSL_CERT_DIR, used when --cacert is not given]
    #[arg(long, value_name = "FILE", help_heading = "TLS")]
    pub cacert: Option<PathBuf>,

    /// A client certificate (PEM, its chain after it) for mutual TLS; its private key is
    /// --key, or in FILE too
    #[arg(long, value_name = "FILE", help_heading = "TLS")]
    pub cert: Option<PathBuf>,

    /// The private key (PEM: PKCS#8, PKCS#1 or SEC1) of --cert
    #[arg(long, value_name = "FILE", requires = "cert", help_heading = "TLS")]
    pub key: Option<PathBuf>,
}

// The time limits of `send` and `run`, one set of flags for both. (No doc comment: on a
// flattened struct it would replace the command's about text.)
#[derive(Debug, Clone, Copy, Default, Args)]
pub struct TimeLimits {
    /// Time limit in seconds for each exchange, redirects included [default: none];
    /// `--timeout 0` also turns off the default limits below unless they are given (exit 8)
    #[arg(long, value_name = "SECS", value_parser = parse_seconds, allow_negative_numbers = true, help_heading = "Redirects and limits")]
    pub timeout: Option<std::time::Duration>,

    /// Time limit in seconds for connecting: DNS, TCP and TLS [default: 10]; 0: none (exit 8)
    #[arg(long, value_name = "SECS", value_parser = parse_seconds, allow_negative_numbers = true, help_heading = "Redirects and limits")]
    pub connect_timeout: Option<std::time::Duration>,

    /// Time limit in seconds from the request sent to the whole response head received
    /// [default: 30]; 0: none (exit 8)
    #[arg(long, value_name = "SECS", value_parser = parse_seconds, allow_negative_numbers = true, help_heading = "Redirects and limits")]
    pub response_timeout: Option<std::time::Duration>,

    /// The longest wait in seconds for progress while sending the request or receiving the
    /// body: a slow download that keeps moving finishes [default: 30]; 0: none (exit 8)
    #[arg(long, value_name = "SECS", value_parser = parse_seconds, allow_negative_numbers = true, help_heading = "Redirects and limits")]
    pub idle_timeout: Option<std::time::Duration>,
}

/// The most seconds a time flag takes: about 31 years, past any wait a script means, and
/// far enough from the clock's end that no deadline overflows.
pub const MOST_SECONDS: f64 = 1e9;

/// A number of seconds, 0 or more and at most [`MOST_SECONDS`]; `what` names the flag's
/// kind in the messages (`a time limit`), `zero` what 0 means to it (` (no limit)`).
fn seconds(s: &str, what: &str, zero: &str) -> Result<std::time::Duration, String> {
    let secs: f64 = s
        .trim()
        .parse()
        .ok()
        .filter(|secs: &f64| !secs.is_nan())
        .ok_or_else(|| format!("'{s}' is not a number of seconds"))?;
    if secs < 0.0 {
        return Err(format!("{what} is 0{zero} or more seconds"));
    }
    if secs > MOST_SECONDS {
        return Err(format!(
            "'{s}' is too long for {what}: the most is {MOST_SECONDS:.0} s (about 31 years)"
        ));
    }
    std::time::Duration::try_from_secs_f64(secs)
        .map_err(|_| format!("'{s}' is not a number of seconds"))
}

/// A time limit (`--timeout`, `--connect-timeout`, `--retry-max-time`, …): 0 is no limit,
/// anything else at least a nanosecond, the clock's step: a limit too short to count
/// (`1e-12`) is refused, not rounded to 0, which would turn every limit off.
fn parse_seconds(s: &str) -> Result<std::time::Duration, String> {
    let limit = seconds(s, "a time limit", " (no limit)")?;
    if limit.is_zero() && s.trim().parse::<f64>().is_ok_and(|secs| secs > 0.0) {
        return Err(format!(
            "'{s}' is shorter than the clock counts: a time limit is 0 (no limit) or at least \
             0.000000001 s"
        ));
    }
    Ok(limit)
}

/// `--interval`: a wait in seconds, 0 or more (resp never waits under 0.1 s).
fn parse_interval(s: &str) -> Result<std::time::Duration, String> {
    seconds(s, "an interval", "")
}

/// Whether `s` is a run of digits: a whole number, however large.
fn digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// A count (`--retry`, `--max-redirects`): a whole number, 0 or more.
fn parse_count(s: &str) -> Result<u32, String> {
    let t = s.trim();
    t.parse().map_err(|_| {
        if t.strip_prefix('-').is_some_and(digits) {
            "a count is 0 or more".to_string()
        } else if digits(t) {
            format!("'{s}' is too large: the most is {}", u32::MAX)
        } else {
            format!("'{s}' is not a whole number")
        }
    })
}

fn parse_size(s: &str) -> Result<usize, String> {
    let t = s.trim();
    let (digits, unit) = match t.char_indices().find(|(_, c)| !c.is_ascii_digit()) {
        Some((i, _)) => t.split_at(i),
        None => (t, ""),
    };
    let n: usize = digits.parse().map_err(|_| {
        if !digits.is_empty() {
            format!("'{s}' is too large: the most is {} bytes", isize::MAX)
        } else {
            format!("'{s}' is not a size (64M, 1G, 4096)")
        }
    })?;
    let scale: usize = match unit.to_ascii_uppercase().as_str() {
        "" | "B" => 1,
        "K" | "KB" | "KIB" => 1 << 10,
        "M" | "MB" | "MIB" => 1 << 20,
        "G" | "GB" | "GIB" => 1 << 30,
        _ => return Err(format!("'{s}' is not a size (64M, 1G, 4096)")),
    };
    n.checked_mul(scale)
        .filter(|&n| n <= isize::MAX as usize)
        .ok_or_else(|| format!("'{s}' is too large: the most is {} bytes", isize::MAX))
}

/// `--report KIND[:FILE]` as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportArg {
    pub kind: ReportKind,
    /// `None`: the kind's default; `-`: stdout.
    pub file: Option<PathBuf>,
}

/// The kinds of `--report`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportKind {
    Junit,
    Tap,
    Github,
}

impl ReportKind {
    /// As typed: `junit`, `tap`, `github`.
    pub fn name(self) -> &'static str {
        match self {
            ReportKind::Junit => "junit",
            ReportKind::Tap => "tap",
            ReportKind::Github => "github",
        }
    }
}

fn parse_report(s: &str) -> Result<ReportArg, String> {
    let (kind, file) = match s.split_once(':') {
        Some((kind, file)) => (kind, Some(file)),
        None => (s, None),
    };
    let kind = ReportKind::from_str(kind.trim(), true)
        .map_err(|_| format!("'{kind}' is not a report kind: junit, tap or github"))?;
    if file.is_some_and(str::is_empty) {
        let kind = kind.name();
        return Err(format!(
            "'{s}' names no file after the colon: {kind}:FILE, or {kind}:- for stdout"
        ));
    }
    Ok(ReportArg {
        kind,
        file: file.map(PathBuf::from),
    })
}

// How a response is judged and shown (`read`, and `send`).
#[derive(Debug, Args)]
pub struct OutputArgs {
    /// Exit 0 when the final status matches: codes and classes, comma-separated
    /// (`404`, `2xx,304`); otherwise the usual exit code
    #[arg(long, value_name = "LIST", value_delimiter = ',')]
    pub expect: Vec<Expect>,

    /// How much body to show: auto cuts long bodies, full shows all, none hides it
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = BodyMode::Auto)]
    pub body: BodyMode,

    /// Also show every header, which docs judged the response and why, and the request
    /// where the input has it (for `send`: as it went out, with the start of its body, the
    /// connection and the timing); -v -v shows the whole request body
    #[arg(short, long, action = clap::ArgAction::Count)]
    pub verbose: u8,

    /// Also show every response header, without the request (curl -i, xh --print h); -v
    /// shows the request too. For a HEAD request the headers are the answer: always shown
    #[arg(short = 'i', long)]
    pub include: bool,

    /// Exit 10 when a status is not documented for the operation it answers (only its
    /// `default`, or nothing), a body does not fit its documented schema, or a request
    /// matches no operation, even if --expect accepts it; needs an OpenAPI description
    #[arg(long)]
    pub strict: bool,

    /// Show credentials (Authorization, Cookie, API keys, URL passwords and tokens, and
    /// JSON body values under secret-looking keys) instead of masking them
    #[arg(long)]
    pub show_secrets: bool,

    /// Write only the response body to stdout, exactly as received (decoded from gzip,
    /// deflate and chunked), whole and never coloured, for a pipe (`| jq .`); the verdict
    /// goes to stderr when it is an error. On a terminal, control characters are shown
    /// escaped and a binary body is not written. A HAR needs --entry N
    #[arg(short = 'b', long, conflicts_with_all = ["output_file", "json", "quiet", "verbose", "include"])]
    pub body_only: bool,

    /// Write the response body to FILE (decoded, whole or not at all; with --save's rules for
    /// permissions and links) and show the verdict; progress is shown on a terminal. `send`
    /// streams it to disk as it arrives: --max-body does not limit it. `-o -` is stdout, as -b
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output_file: Option<PathBuf>,

    /// With -o or --save, replace FILE even when it is read-only for you (0444, or another
    /// user's), as `cp --force` would
    #[arg(long)]
    pub force: bool,
}

/// `--body`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum BodyMode {
    Auto,
    Full,
    None,
}

fn parse_entry(s: &str) -> Result<u64, String> {
    let s = s.trim();
    match s.parse::<u64>() {
        Ok(n) if n >= 1 => Ok(n),
        // All digits, yet no u64: past any file's entry count.
        Err(_) if digits(s) => Err("no file has that many entries".to_string()),
        _ => Err("entries are numbered from 1".to_string()),
    }
}

fn parse_request(s: &str) -> Result<(String, String), String> {
    let mut words = s.split_whitespace();
    let (method, url) = match (words.next(), words.next(), words.next()) {
        // A method alone is not a URL.
        (Some(word), None, _) if !word.contains(['/', '.', ':']) => {
            return Err(format!(
                "'{word}' has no URL: give the request as 'METHOD URL' (POST /v1/items)"
            ));
        }
        (Some(url), None, _) => ("GET", url),
        (Some(method), Some(url), None) => (method, url),
        _ => return Err("give the request as 'METHOD URL' (POST /v1/items)".to_string()),
    };
    let token = |m: &str| {
        m.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
    };
    if !token(method) {
        return Err(format!("'{method}' is not an HTTP method"));
    }
    Ok((method.to_ascii_uppercase(), url.to_string()))
}

/// `--color`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[cfg(test)]
mod color_tests {
    use super::*;

    #[test]
    fn the_last_color_before_the_end_of_options_rules() {
        let given = |words: &[&str]| {
            let args: Vec<std::ffi::OsString> = std::iter::once("resp")
                .chain(words.iter().copied())
                .map(Into::into)
                .collect();
            color_given(&args)
        };
        assert_eq!(
            given(&["--color", "never", "--help"]),
            Some(clap::ColorChoice::Never)
        );
        assert_eq!(
            given(&["explain", "--color=always", "-h"]),
            Some(clap::ColorChoice::Always)
        );
        assert_eq!(
            given(&["--color", "never", "send", "--color", "auto"]),
            Some(clap::ColorChoice::Auto)
        );
        assert_eq!(given(&["send", "--", "--color", "never"]), None);
        assert_eq!(given(&["--color", "sometimes"]), None);
        assert_eq!(given(&["--help"]), None);
    }
}
