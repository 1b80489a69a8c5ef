//! The command line as typed: clap derive structs and nothing else. Every field's doc
//! comment is its `--help` text; decisions about what the flags mean live in `config.rs`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::classify::Expect;
use crate::exit::EXIT_CODES_HELP;
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

    /// Print JSON for scripts instead of text for people
    #[arg(long, global = true)]
    pub json: bool,

    /// Print nothing on stdout: the exit code still says it
    #[arg(short, long, global = true)]
    pub quiet: bool,

    /// The API's documented status table: a "Response Codes" page in Markdown, or JSON
    /// [env: RESP_TABLE] (default: the embedded table)
    #[arg(long, global = true, value_name = "FILE")]
    pub table: Option<PathBuf>,
}

/// What to do.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Explain status codes, classes or words without making a request
    #[command(
        after_help = "Examples:\n  resp explain 420\n  resp explain 401 403 420\n  resp explain 4xx\n  resp explain rate limit\n  resp explain --all\n  resp explain --exit-status \"$(curl -s -o /dev/null -w '%{http_code}' URL)\""
    )]
    Explain(ExplainArgs),

    /// Inspect saved responses: curl -i output, curl -v transcripts, HAR files, bare bodies
    #[command(
        after_help = "Examples:\n  curl -si https://api.example.com/x | resp read\n  resp read saved.http\n  curl -v https://api.example.com/x 2>&1 | resp read\n  resp read session.har --entry 4\n  resp read --format body --status 420 error.json\n  resp read --expect 2xx,304 -q saved.http && echo fine"
    )]
    Read(ReadArgs),

    /// Print a shell completion script
    Completions {
        /// The shell to complete for
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },

    /// Print the man page (roff)
    Man,
}

/// `resp explain`.
#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// Status codes (420), classes (4xx) or words to search for (rate limit); none lists the
    /// whole documented table
    #[arg(value_name = "QUERY", allow_negative_numbers = true)]
    pub query: Vec<String>,

    /// Also list the standard registry's codes, marked as not in the documented table
    #[arg(long)]
    pub all: bool,

    /// Exit with the code the status maps to (4 for 420), as a response with it would
    #[arg(long)]
    pub exit_status: bool,
}

/// `resp read`.
#[derive(Debug, Args)]
pub struct ReadArgs {
    /// Files to read (`-` is stdin); with none, stdin when it is not a terminal
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,

    /// The input's format, instead of detecting it from the content
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<Format>,

    /// The status of a bare body (`--format body`), as three digits
    #[arg(long, value_name = "CODE", value_parser = parse_status)]
    pub status: Option<u16>,

    /// Show HAR entry N (1-based) in full instead of the summary
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub entry: Option<u64>,

    #[command(flatten)]
    pub output: OutputArgs,
}

/// How a response is judged and shown (`read`, and `send`).
#[derive(Debug, Args)]
pub struct OutputArgs {
    /// Exit 0 when the final status matches: codes and classes, comma-separated
    /// (`404`, `2xx,304`); otherwise the usual exit code
    #[arg(long, value_name = "LIST", value_delimiter = ',')]
    pub expect: Vec<Expect>,

    /// How much body to show: auto cuts long bodies, full shows all, none hides it
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = BodyMode::Auto)]
    pub body: BodyMode,

    /// Also show every header, and the request where the input has it
    #[arg(short, long)]
    pub verbose: bool,

    /// Show credentials (Authorization, Cookie, API keys, URL passwords and tokens)
    /// instead of masking them
    #[arg(long)]
    pub show_secrets: bool,
}

/// `--body`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum BodyMode {
    Auto,
    Full,
    None,
}

fn parse_status(s: &str) -> Result<u16, String> {
    if s.len() == 3 && s.bytes().all(|b| b.is_ascii_digit()) {
        s.parse().map_err(|_| "not a number".to_string())
    } else {
        Err("a status code is three digits (420)".to_string())
    }
}

/// `--color`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}
