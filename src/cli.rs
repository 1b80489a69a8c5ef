//! The command line as typed: clap derive structs and nothing else. Every field's doc
//! comment is its `--help` text; decisions about what the flags mean live in `config.rs`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::exit::EXIT_CODES_HELP;

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

/// `--color`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}
