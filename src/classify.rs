//! Status + table -> [`Verdict`]: the class, where the meaning came from (the documented
//! table, the standard registry, or neither), the exit code, and hints for a person.
//! Pure: no I/O, no environment, so every rule is unit-tested here.

use crate::docs::{Docs, Entry, Origin};
use crate::exit::Exit;
use crate::registry;

/// The class a status belongs to, by its first digit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Class {
    Informational,
    Success,
    Redirection,
    ClientError,
    ServerError,
    /// Three digits outside 100-599.
    Nonstandard,
}

impl Class {
    /// The class of a three-digit code.
    pub fn of(code: u16) -> Class {
        match code {
            100..=199 => Class::Informational,
            200..=299 => Class::Success,
            300..=399 => Class::Redirection,
            400..=499 => Class::ClientError,
            500..=599 => Class::ServerError,
            _ => Class::Nonstandard,
        }
    }

    /// The stable name used in `--json`.
    pub fn key(self) -> &'static str {
        match self {
            Class::Informational => "informational",
            Class::Success => "success",
            Class::Redirection => "redirection",
            Class::ClientError => "client_error",
            Class::ServerError => "server_error",
            Class::Nonstandard => "nonstandard",
        }
    }

    /// How a person reads it.
    pub fn label(self) -> &'static str {
        match self {
            Class::Informational => "informational",
            Class::Success => "success",
            Class::Redirection => "redirection",
            Class::ClientError => "client error",
            Class::ServerError => "server error",
            Class::Nonstandard => "nonstandard",
        }
    }

    /// The exit code a final status of this class maps to.
    pub fn exit(self) -> Exit {
        match self {
            Class::Informational | Class::Success => Exit::Success,
            Class::Redirection => Exit::Redirection,
            Class::ClientError => Exit::ClientError,
            Class::ServerError => Exit::ServerError,
            Class::Nonstandard => Exit::Nonstandard,
        }
    }
}

/// Where a verdict's meaning came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// The documented table.
    Documented,
    /// The standard registry: not in the documented table.
    Standard,
    /// Neither knows this code.
    Unknown,
}

impl Source {
    /// The stable name used in `--json`.
    pub fn key(self) -> &'static str {
        match self {
            Source::Documented => "documented",
            Source::Standard => "standard",
            Source::Unknown => "unknown",
        }
    }
}

/// What a status means, for this API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    pub code: u16,
    pub class: Class,
    pub source: Source,
    pub text: String,
    pub description: String,
    /// The table that documents it, when one does.
    pub origin: Option<Origin>,
    pub exit: Exit,
    pub hints: Vec<String>,
}

impl Verdict {
    /// True when this status is about rate limiting: the documented table (or the
    /// registry's text) describes it so, or its hints say "you are rate limited" (420 and
    /// 429). `send --retry` waits and retries such statuses by default.
    pub fn about_rate_limiting(&self) -> bool {
        let said = |text: &str| speaks_of(text, RATE_LIMITING);
        said(&self.text) || said(&self.description) || self.hints.iter().any(|h| said(h))
    }
}

/// Classifies a three-digit `code` (0-999) against the documented tables, falling back to
/// the registry.
pub fn classify(code: u16, docs: &Docs) -> Verdict {
    verdict_in(code, docs.status(code), docs.is_registry_alone())
}

/// The verdict for `code` given the documented table row for it, if any.
pub fn verdict(code: u16, row: Option<(&Entry, &Origin)>) -> Verdict {
    verdict_in(code, row, false)
}

/// [`verdict`], where `registry_alone` says no API's docs are in use (`--table standard`):
/// then a code the registry does not know gets none of resp's built-in hints either, which
/// speak for what such a code means to some API (420 is Twitter's rate limit).
pub fn verdict_in(code: u16, row: Option<(&Entry, &Origin)>, registry_alone: bool) -> Verdict {
    let class = Class::of(code);
    let standard = registry::lookup(code);
    let origin = row.map(|(_, origin)| origin.clone());
    let (source, text, description) = match (row.map(|(e, _)| e), standard) {
        (Some(doc), _) => {
            // A documented row may leave its text blank: the standard phrase fills it.
            let text = match (doc.text.is_empty(), standard) {
                (true, Some(s)) => s.text.to_string(),
                _ => doc.text.clone(),
            };
            (Source::Documented, text, doc.description.clone())
        }
        (None, Some(s)) => (
            Source::Standard,
            s.text.to_string(),
            s.description.to_string(),
        ),
        (None, None) => (
            Source::Unknown,
            unknown_text(class).to_string(),
            unknown_description(class),
        ),
    };
    let api_only = registry_alone && row.is_none() && standard.is_none();
    let twitter = matches!(origin, Some(Origin::Embedded));
    let hints = hints(
        code,
        class,
        row.map(|(e, _)| e),
        &text,
        &description,
        api_only,
        twitter,
    );
    Verdict {
        code,
        class,
        source,
        text,
        description,
        origin,
        exit: class.exit(),
        hints,
    }
}

/// `000` as `resp explain` reads it: what curl's `%{http_code}` says when no response
/// came. Paired with `--exit-status`, it is the contract's "could not connect". (A real
/// response with status 000 is only nonstandard.)
pub fn no_response() -> Verdict {
    Verdict {
        code: 0,
        class: Class::Nonstandard,
        source: Source::Unknown,
        text: "No response".to_string(),
        origin: None,
        description: "curl writes 000 for %{http_code} when no response came: the connection was refused or reset, the name did not resolve, TLS failed, or it timed out.".to_string(),
        exit: Exit::Connect,
        hints: vec!["Run the request with resp send (or curl -v) to see which step failed.".to_string()],
    }
}

fn unknown_text(class: Class) -> &'static str {
    match class {
        Class::Nonstandard => "Nonstandard status",
        _ => "Unregistered status",
    }
}

fn unknown_description(class: Class) -> String {
    match class {
        Class::Nonstandard => {
            "Outside 100-599, so HTTP gives it no meaning; only this server knows what it means."
                .to_string()
        }
        _ => {
            let label = class.label();
            let article = if label.starts_with(['a', 'e', 'i', 'o', 'u']) {
                "an"
            } else {
                "a"
            };
            format!(
                "Neither documented nor registered; by its first digit it is {article} {label}."
            )
        }
    }
}

/// Words that say a status is about rate limiting.
const RATE_LIMITING: &[&str] = &[
    "rate limit",
    "rate-limit",
    "ratelimit",
    "too many requests",
    "throttl",
];

/// True when `text` holds one of `words` (any case).
fn speaks_of(text: &str, words: &[&str]) -> bool {
    let text = text.to_lowercase();
    words.iter().any(|w| text.contains(w))
}

/// A built-in hint and what it assumes the status means.
struct Builtin {
    codes: &'static [u16],
    /// `{reset headers}` is filled with [`RESET_HEADERS`] for the table in use.
    hints: &'static [&'static str],
    /// A documented meaning must speak of one of these for the hints to apply to it.
    assumes: &'static [&'static str],
    /// ... and of none of these.
    unless: &'static [&'static str],
}

/// The headers that say when a rate limit lifts: Twitter's under the embedded table (its
/// API's), else the standard ones a response could carry.
const RESET_HEADERS: [&str; 2] = [
    "Retry-After, x-rate-limit-reset",
    "Retry-After, RateLimit-Reset",
];

const BUILTIN: &[Builtin] = &[
    Builtin {
        codes: &[304],
        hints: &["Your cached copy is current: use it; no body is sent."],
        assumes: &["not modified", "cache", "current"],
        unless: &[],
    },
    Builtin {
        codes: &[401],
        hints: &["Check your credentials: a missing, expired or mistyped token or key."],
        assumes: &[
            "unauthori",
            "credential",
            "authenticat",
            "token",
            "key",
            "login",
        ],
        unless: &[],
    },
    Builtin {
        codes: &[403],
        hints: &[
            "The request was understood but refused: access is not allowed, or an update limit was reached.",
            "The JSON error body usually says which.",
        ],
        assumes: &[
            "forbidden",
            "refused",
            "not allowed",
            "access",
            "permission",
        ],
        unless: &[],
    },
    Builtin {
        codes: &[410],
        hints: &[
            "This endpoint has been turned off: move to its replacement; retrying will not help.",
        ],
        assumes: &[
            "gone",
            "removed",
            "turned off",
            "no longer",
            "retired",
            "deleted",
        ],
        unless: &["retry", "try again", "temporar", "back soon", "later"],
    },
    Builtin {
        codes: &[420, 429],
        hints: &[
            "You are rate limited: look at the rate-limit headers ({reset headers}).",
            "Retry after the reset time, and slow down.",
        ],
        assumes: RATE_LIMITING,
        unless: &[],
    },
    Builtin {
        codes: &[501],
        hints: &["Not implemented: retrying will not fix it."],
        assumes: &["not implemented", "unsupported", "not supported"],
        unless: &[],
    },
];

/// The hints for `code`: the documented row's own when it gives one; else resp's
/// built-in hints, but for a documented status only where its text or description says
/// what they assume (a table's `420 Method Failure` is not rate limiting, a `410 Gone
/// Fishing` that says to retry is not gone for good). An undocumented status keeps them:
/// the registry's meaning, which they were written for, applies. Rate-limit headers are
/// named as the `twitter` (embedded) table's API sends them, else as the standards do.
fn hints(
    code: u16,
    class: Class,
    documented: Option<&Entry>,
    text: &str,
    description: &str,
    api_only: bool,
    twitter: bool,
) -> Vec<String> {
    if let Some(hint) = documented.map(|e| e.hint.trim()).filter(|h| !h.is_empty()) {
        return vec![hint.to_string()];
    }
    let meaning = format!("{text} {description}");
    let applies = |assumes: &[&str], unless: &[&str]| {
        documented.is_none() || (speaks_of(&meaning, assumes) && !speaks_of(&meaning, unless))
    };
    let mut out: Vec<String> = BUILTIN
        .iter()
        .filter(|_| !api_only)
        .filter(|b| b.codes.contains(&code) && applies(b.assumes, b.unless))
        .flat_map(|b| b.hints.iter())
        .map(|h| h.replace("{reset headers}", RESET_HEADERS[usize::from(!twitter)]))
        .collect();
    let lasting = ["permanent", "will not", "never", "not implemented"];
    if class == Class::ServerError && code != 501 && applies(&[""], &lasting) {
        out.push("Usually temporary: retry later, with backoff.".to_string());
    }
    out
}

/// One item of `--expect`: a code (`404`) or a class (`2xx`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    Code(u16),
    Class(u8),
}

impl Expect {
    /// True when `code` is what was expected.
    pub fn matches(self, code: u16) -> bool {
        match self {
            Expect::Code(c) => c == code,
            Expect::Class(d) => code / 100 == u16::from(d),
        }
    }
}

impl std::str::FromStr for Expect {
    type Err = String;
    fn from_str(s: &str) -> Result<Expect, String> {
        let s = s.trim();
        let b = s.as_bytes();
        if b.len() == 3 && b.iter().all(u8::is_ascii_digit) {
            return Ok(Expect::Code(s.parse().map_err(|_| "not a number")?));
        }
        if b.len() == 3 && b[0].is_ascii_digit() && s[1..].eq_ignore_ascii_case("xx") {
            return Ok(Expect::Class(b[0] - b'0'));
        }
        Err(format!(
            "'{s}' is neither a status code (404) nor a class (2xx)"
        ))
    }
}

/// The class label with its digit: `4xx client error`, or `nonstandard (outside 100-599)`.
pub fn class_line(class: Class, code: u16) -> String {
    match class {
        Class::Nonstandard => "nonstandard (outside 100-599)".to_string(),
        _ => format!("{}xx {}", code / 100, class.label()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn verdict(code: u16) -> Verdict {
        classify(code, &Docs::embedded())
    }

    #[test]
    fn expect_items() {
        let e: Expect = "404".parse().unwrap();
        assert!(e.matches(404) && !e.matches(403));
        let e: Expect = "2XX".parse().unwrap();
        assert!(e.matches(200) && e.matches(299) && !e.matches(304));
        for bad in ["40", "4x", "abc", "2000", ""] {
            assert!(bad.parse::<Expect>().is_err(), "{bad}");
        }
    }

    #[test]
    fn class_by_first_digit() {
        let cases = [
            (0, Class::Nonstandard),
            (99, Class::Nonstandard),
            (100, Class::Informational),
            (199, Class::Informational),
            (204, Class::Success),
            (308, Class::Redirection),
            (420, Class::ClientError),
            (599, Class::ServerError),
            (600, Class::Nonstandard),
            (999, Class::Nonstandard),
        ];
        for (code, class) in cases {
            assert_eq!(Class::of(code), class, "{code}");
        }
    }

    #[test]
    fn exit_codes_follow_the_class() {
        assert_eq!(verdict(101).exit, Exit::Success);
        assert_eq!(verdict(200).exit, Exit::Success);
        assert_eq!(verdict(304).exit, Exit::Redirection);
        assert_eq!(verdict(420).exit, Exit::ClientError);
        assert_eq!(verdict(503).exit, Exit::ServerError);
        assert_eq!(verdict(999).exit, Exit::Nonstandard);
        // A response that says 000 is nonstandard; explain reads 000 as curl's "no response".
        assert_eq!(verdict(0).exit, Exit::Nonstandard);
        assert_eq!(no_response().exit, Exit::Connect);
    }

    #[test]
    fn documented_beats_standard() {
        let v = verdict(420);
        assert_eq!(
            (v.source, v.text.as_str()),
            (Source::Documented, "Enhance Your Calm")
        );
        let v = verdict(405);
        assert_eq!(v.text, "Method not allowed");
    }

    #[test]
    fn standard_fallback_and_unknown() {
        let v = verdict(451);
        assert_eq!(
            (v.source, v.text.as_str()),
            (Source::Standard, "Unavailable For Legal Reasons")
        );
        let v = verdict(299);
        assert_eq!((v.source, v.class), (Source::Unknown, Class::Success));
        let v = verdict(999);
        assert_eq!(
            (v.source, v.text.as_str()),
            (Source::Unknown, "Nonstandard status")
        );
    }

    #[test]
    fn hints_where_a_person_needs_them() {
        let has = |code, word: &str| verdict(code).hints.iter().any(|h| h.contains(word));
        assert!(has(401, "credentials"));
        assert!(has(403, "update limit"));
        assert!(has(420, "rate-limit headers") && has(429, "rate-limit headers"));
        assert!(has(304, "cached copy"));
        assert!(has(410, "turned off"));
        assert!(has(500, "retry later") && has(503, "retry later"));
        assert!(has(501, "will not fix") && !has(501, "retry later"));
        assert!(verdict(200).hints.is_empty());
    }

    #[test]
    fn rate_limiting_statuses_as_the_table_describes_them() {
        let limiting: Vec<u16> = (100..=599)
            .filter(|&c| verdict(c).about_rate_limiting())
            .collect();
        assert_eq!(limiting, [420, 429]);
        let table = crate::docs::Docs::of_tables(vec![
            crate::docs::Table::parse(
                "Code | Text | Description\n--- | --- | ---\n509 | Slow Down | Your Rate Limit is exceeded\n",
                "t.md",
                crate::docs::Format::Markdown,
            )
            .unwrap(),
        ]);
        assert!(classify(509, &table).about_rate_limiting());
        assert!(!classify(503, &table).about_rate_limiting());
        // The hint speaks for 420 even where the table does not document it.
        assert!(classify(420, &table).about_rate_limiting());
    }

    fn custom(rows: &str) -> Docs {
        crate::docs::Docs::of_tables(vec![
            crate::docs::Table::parse(
                &format!("Code | Text | Description | Hint\n--- | --- | --- | ---\n{rows}"),
                "t.md",
                crate::docs::Format::Markdown,
            )
            .unwrap(),
        ])
    }

    #[test]
    fn hints_follow_the_table_in_use() {
        let docs = custom(
            "420 | Method Failure | WebDAV: a method failed | |\n\
             410 | Gone Fishing | retry in 5 minutes | |\n\
             429 | Slow Down | Too many requests | |\n\
             401 | Who Are You | | Log in at https://x/login first. |\n\
             503 | Maintenance | Down for good, never coming back | |\n",
        );
        let v = classify(420, &docs);
        assert!(v.hints.is_empty(), "{:?}", v.hints);
        assert!(!v.about_rate_limiting());
        assert!(classify(410, &docs).hints.is_empty());
        let v = classify(429, &docs);
        assert!(v.hints[0].starts_with("You are rate limited") && v.about_rate_limiting());
        assert_eq!(
            classify(401, &docs).hints,
            ["Log in at https://x/login first."]
        );
        assert!(classify(503, &docs).hints.is_empty());
        // Not in the table: the registry's meaning and the built-in hints.
        assert!(classify(500, &docs).hints[0].contains("retry later"));
        assert!(classify(403, &docs).hints[0].contains("refused"));
    }
}
