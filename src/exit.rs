//! The exit-code contract: one enum that scripts can rely on, the rule for combining
//! several outcomes, and the mapping from an error to its code. README and `--help` show
//! the same table ([`EXIT_CODES_HELP`]; a test keeps README in step).

use std::fmt;
use std::process::ExitCode;

/// What `resp` exits with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// 1xx/2xx, a status accepted by `--expect`, or `explain` explained what it was asked.
    Success = 0,
    /// Unreadable or unparseable input, I/O, invalid table, nothing matched.
    Error = 1,
    /// Usage error (clap's).
    Usage = 2,
    /// 3xx redirection.
    Redirection = 3,
    /// 4xx client error.
    ClientError = 4,
    /// 5xx server error.
    ServerError = 5,
    /// Too many redirects.
    TooManyRedirects = 6,
    /// The connection failed: DNS, refused, TLS, reset before a response, or the body cut
    /// short (shorter than Content-Length, or chunked without its last chunk).
    Connect = 7,
    /// Timeout.
    Timeout = 8,
    /// Nonstandard status (outside 100-599).
    Nonstandard = 9,
    /// With `--strict`: a status the operation it answers does not document (only its
    /// `default`, or nothing), a body that does not fit its documented schema, or a
    /// request that matches no documented operation.
    Undocumented = 10,
}

/// The contract as `--help` prints it, every line within 80 columns: a meaning that runs
/// on is indented under its start, so the codes stand out ([`rows`] joins it back).
pub const EXIT_CODES_HELP: &str = "\
Exit codes:
   0  success: 1xx/2xx, or a status accepted by --expect; explain explained
      what it was asked
   1  error: unreadable or unparseable input, I/O, invalid table, nothing
      matched
   2  usage error
   3  3xx redirection
   4  4xx client error
   5  5xx server error
   6  too many redirects
   7  connection failed: DNS, refused, TLS, reset before a response, or the
      body cut short
   8  timeout
   9  nonstandard status (outside 100-599)
  10  --strict: a status undocumented for its operation, a body not fitting its
      schema, no operation
Several responses at once: an error (1 > 7 > 8 > 6) wins, then 10; otherwise
5 > 4 > 9 > 3 > 0.";

/// Where a code's meaning starts in [`EXIT_CODES_HELP`]: a line indented this far goes on
/// with the meaning above it.
const MEANING_COLUMN: usize = 6;

/// [`EXIT_CODES_HELP`] read back: each code with its meaning on one line, then the prose
/// that follows the table (for the man page and the README's table).
pub fn rows() -> (Vec<(u8, String)>, String) {
    let mut rows: Vec<(u8, String)> = Vec::new();
    let mut rest = Vec::new();
    for line in EXIT_CODES_HELP.lines().skip(1) {
        let indent = line.len() - line.trim_start().len();
        let code = line.trim().split_once("  ").and_then(|(code, meaning)| {
            Some((code.parse::<u8>().ok()?, meaning.trim().to_string()))
        });
        match (code, rows.last_mut()) {
            (Some(row), _) => rows.push(row),
            (None, Some((_, meaning))) if indent == MEANING_COLUMN && rest.is_empty() => {
                meaning.push(' ');
                meaning.push_str(line.trim());
            }
            _ => rest.push(line.trim()),
        }
    }
    (rows, rest.join(" "))
}

impl Exit {
    /// The process exit code.
    pub fn code(self) -> u8 {
        self as u8
    }

    /// Rank for combining: errors above statuses, then by severity.
    fn rank(self) -> u8 {
        match self {
            Exit::Success => 0,
            Exit::Redirection => 1,
            Exit::Nonstandard => 2,
            Exit::ClientError => 3,
            Exit::ServerError => 4,
            Exit::Undocumented => 5,
            Exit::TooManyRedirects => 6,
            Exit::Timeout => 7,
            Exit::Connect => 8,
            Exit::Error => 9,
            Exit::Usage => 10,
        }
    }

    /// The outcome of judging two responses together.
    pub fn combine(self, other: Exit) -> Exit {
        if other.rank() > self.rank() {
            other
        } else {
            self
        }
    }

    /// The outcome of judging many; `Success` when there are none.
    pub fn combine_all(outcomes: impl IntoIterator<Item = Exit>) -> Exit {
        outcomes.into_iter().fold(Exit::Success, Exit::combine)
    }
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> ExitCode {
        ExitCode::from(exit.code())
    }
}

/// An error that carries its own exit code and, optionally, a hint for the person.
#[derive(Debug)]
pub struct Failure {
    pub exit: Exit,
    pub message: String,
    pub hint: Option<String>,
    /// The request never reached the server: the name did not resolve, or no connection
    /// was made. Sending it again is safe whatever the method (`send --retry`).
    pub unsent: bool,
    /// Sending again would fail the same way: TLS failed (the server's certificate was
    /// refused, or it does not speak TLS). `send --retry` does not retry it, as curl's
    /// `--retry` does not; `--until` still polls (a certificate may be on its way).
    pub lasting: bool,
}

impl Failure {
    /// A plain error (exit 1) with a hint.
    pub fn hinted(message: impl Into<String>, hint: impl Into<String>) -> Failure {
        Failure {
            exit: Exit::Error,
            message: message.into(),
            hint: Some(hint.into()),
            unsent: false,
            lasting: false,
        }
    }

    /// A usage mistake found after parsing (exit 2, like clap's own), with a hint.
    pub fn usage(message: impl Into<String>, hint: impl Into<String>) -> Failure {
        Failure {
            exit: Exit::Usage,
            message: message.into(),
            hint: Some(hint.into()),
            unsent: false,
            lasting: false,
        }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Failure {}

/// The exit code an error maps to: a [`Failure`] anywhere in the chain says; else 1.
pub fn exit_of(err: &anyhow::Error) -> Exit {
    err.chain()
        .find_map(|e| e.downcast_ref::<Failure>())
        .map_or(Exit::Error, |f| f.exit)
}

/// True when the error is a closed pipe.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// The reader of our output went away (`resp … | head`): the run ends quietly, with the
/// exit judged before the output was cut, never with success because of the cut.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OutputClosed(pub Exit);

impl fmt::Display for OutputClosed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the output was closed")
    }
}

impl std::error::Error for OutputClosed {}

impl OutputClosed {
    /// The exit carried by `err` when it is a cut output.
    pub fn carried(err: &anyhow::Error) -> Option<Exit> {
        err.chain()
            .find_map(|e| e.downcast_ref::<OutputClosed>())
            .map(|closed| closed.0)
    }

    /// `err` as it should end the run once `so_far` is judged: a closed pipe becomes an
    /// `OutputClosed` carrying `so_far` (combined with what it already carried); any
    /// other error is returned as it was.
    pub fn attach(err: impl Into<anyhow::Error>, so_far: Exit) -> anyhow::Error {
        let err = err.into();
        match OutputClosed::carried(&err) {
            Some(exit) => OutputClosed(exit.combine(so_far)).into(),
            None if is_broken_pipe(&err) => OutputClosed(so_far).into(),
            None => err,
        }
    }
}

/// The lines printed to stderr for an error: `resp: error: …`, then any `hint:` line.
pub fn error_lines(err: &anyhow::Error) -> Vec<String> {
    let mut lines = vec![format!("resp: error: {err:#}")];
    if let Some(hint) = err
        .chain()
        .find_map(|e| e.downcast_ref::<Failure>())
        .and_then(|f| f.hint.as_deref())
    {
        lines.push(format!("hint: {hint}"));
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use anyhow::Context;

    const ALL: [Exit; 11] = [
        Exit::Success,
        Exit::Error,
        Exit::Usage,
        Exit::Redirection,
        Exit::ClientError,
        Exit::ServerError,
        Exit::TooManyRedirects,
        Exit::Connect,
        Exit::Timeout,
        Exit::Nonstandard,
        Exit::Undocumented,
    ];

    #[test]
    fn codes_are_the_documented_numbers() {
        let codes: Vec<u8> = ALL.iter().map(|e| e.code()).collect();
        assert_eq!(codes, (0..=10).collect::<Vec<u8>>());
        let (rows, rest) = rows();
        let listed: Vec<u8> = rows.iter().map(|(code, _)| *code).collect();
        assert_eq!(listed, codes, "the help lists every code, in order");
        assert_eq!(
            rows[7].1,
            "connection failed: DNS, refused, TLS, reset before a response, or the body cut short"
        );
        assert!(rest.starts_with("Several responses at once") && rest.ends_with("3 > 0."));
        for line in EXIT_CODES_HELP.lines() {
            assert!(
                line.chars().count() <= 80,
                "too wide for 80 columns: {line}"
            );
            let indent = line.len() - line.trim_start().len();
            assert!(
                matches!(indent, 0 | 2 | 3 | MEANING_COLUMN),
                "a line that is neither a code, its meaning nor prose: {line}"
            );
        }
    }

    #[test]
    fn statuses_combine_by_severity() {
        use Exit::*;
        assert_eq!(
            Exit::combine_all([Success, Redirection, ClientError]),
            ClientError
        );
        assert_eq!(
            Exit::combine_all([ServerError, ClientError, Nonstandard]),
            ServerError
        );
        assert_eq!(Exit::combine_all([Redirection, Nonstandard]), Nonstandard);
        assert_eq!(Exit::combine_all([Success, Success]), Success);
        assert_eq!(Exit::combine_all([]), Success);
    }

    #[test]
    fn errors_win_over_statuses() {
        use Exit::*;
        assert_eq!(
            Exit::combine_all([ServerError, TooManyRedirects]),
            TooManyRedirects
        );
        assert_eq!(Exit::combine_all([Timeout, ServerError, Connect]), Connect);
        assert_eq!(Exit::combine_all([Connect, Error, Timeout]), Error);
        assert_eq!(Exit::combine_all([ServerError, Undocumented]), Undocumented);
        assert_eq!(
            Exit::combine_all([Undocumented, TooManyRedirects]),
            TooManyRedirects
        );
    }

    #[test]
    fn combine_is_order_independent() {
        for a in ALL {
            for b in ALL {
                assert_eq!(a.combine(b), b.combine(a), "{a:?} {b:?}");
            }
        }
    }

    #[test]
    fn errors_map_through_context() {
        let err = anyhow::Error::new(Failure {
            exit: Exit::Timeout,
            message: "timed out".into(),
            hint: Some("raise --timeout".into()),
            unsent: false,
            lasting: false,
        })
        .context("sending to example.test");
        assert_eq!(exit_of(&err), Exit::Timeout);
        assert_eq!(
            error_lines(&err),
            [
                "resp: error: sending to example.test: timed out",
                "hint: raise --timeout"
            ]
        );
        assert_eq!(exit_of(&anyhow::anyhow!("plain")), Exit::Error);
        let pipe: anyhow::Result<()> =
            Err(std::io::Error::from(std::io::ErrorKind::BrokenPipe)).context("writing");
        assert!(pipe.as_ref().is_err_and(is_broken_pipe));
    }

    #[test]
    fn a_cut_output_carries_the_exit_judged_so_far() {
        let pipe = || std::io::Error::from(std::io::ErrorKind::BrokenPipe);
        let cut = OutputClosed::attach(pipe(), Exit::ServerError);
        assert_eq!(OutputClosed::carried(&cut), Some(Exit::ServerError));
        // Wrapped in context by a caller, then met by an earlier file's outcome.
        let again = OutputClosed::attach(cut.context("big.http"), Exit::ClientError);
        assert_eq!(OutputClosed::carried(&again), Some(Exit::ServerError));
        let after_error = OutputClosed::attach(again, Exit::Error);
        assert_eq!(OutputClosed::carried(&after_error), Some(Exit::Error));
        // Anything else is left as it was.
        let other = OutputClosed::attach(anyhow::anyhow!("disk full"), Exit::ServerError);
        assert_eq!(OutputClosed::carried(&other), None);
        assert_eq!(other.to_string(), "disk full");
    }
}
