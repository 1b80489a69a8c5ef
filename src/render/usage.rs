//! Command-line errors from clap. They quote what was typed (`invalid value '…' for
//! '--format'`), and what was typed can hold escape sequences, so a real error is written
//! without clap's colours and every line of it goes through [`sanitize`]: nothing typed
//! reaches the terminal raw. Help and version are our own text and are left to clap.
//!
//! HTTPie's habits (`http POST :8080/x name=value X-Api:1`) typed after `resp send` are
//! recognised in the words clap refused ([`habits`]): the error names them and `hint:`
//! lines say which flag does each (`-X`, `--json-body`, `-H`, the URL's query), with the
//! command line rewritten; a method alone where the URL goes (`resp send POST`) is not
//! looked up as a host ([`method_as_url`]). Nothing is sent: it is a usage error (exit 2)
//! like any other.

use std::io::{self, Write};

use clap::error::ErrorKind;

use super::{mask, sanitize};

/// Writes clap's `err` to `out`: clap's wording, no colour, sanitized a line at a time.
pub fn usage_error(out: &mut dyn Write, err: &clap::Error) -> io::Result<()> {
    let styled = err.render().ansi().to_string();
    for line in without_styles(&styled).lines() {
        writeln!(out, "{}", sanitize::line(line))?;
    }
    Ok(())
}

/// Methods HTTPie takes as its first word.
const METHODS: [&str; 9] = [
    "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE", "CONNECT",
];

/// What an HTTPie-style command line meant, in resp's flags.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Habits {
    /// The words that are HTTPie's, as typed.
    pub typed: Vec<String>,
    /// `-X POST`.
    pub method: Option<String>,
    /// `Name: value` for each `Name:value`.
    pub headers: Vec<String>,
    /// `"name": "value"` (`name=value`) or `"name": 1` (`name:=1`), JSON already.
    pub fields: Vec<String>,
    /// `name=value` for each `name==value`.
    pub query: Vec<String>,
    /// The command line rewritten.
    pub command: String,
}

/// The HTTPie habits in `args` (the whole command line, program name first), when clap
/// refused them: the words after `send` that are not its options or their values, taken
/// as HTTPie would (a method first, then the URL, then request items). `None` when a word
/// is neither (clap's own error says it best) or no habit is found.
pub fn habits(err: &clap::Error, args: &[String], cmd: &clap::Command) -> Option<Habits> {
    if !matches!(err.kind(), ErrorKind::UnknownArgument) {
        return None;
    }
    habits_in(args, cmd)
}

/// The HTTPie habits in a command line clap took (`send` takes several URLs, so `resp
/// send POST :8080/x name=value` parses): a method first, or a later word that is an
/// HTTPie request item and no URL (`host:8080/x` and `http://…` are URLs).
pub fn habits_in(args: &[String], cmd: &clap::Command) -> Option<Habits> {
    let at = send_position(args, cmd)?;
    let send = cmd.find_subcommand("send")?;
    let mut options: Vec<&str> = Vec::new();
    let mut words: Vec<&str> = Vec::new();
    let mut rest = args[at + 1..].iter();
    while let Some(word) = rest.next() {
        if word == "--" {
            words.extend(rest.by_ref().map(String::as_str));
            break;
        }
        if word.starts_with('-') && word.len() > 1 {
            options.push(word);
            if takes_value(send, word)
                && let Some(value) = rest.next()
            {
                // A credential typed as a flag's value is shown masked, as everywhere.
                let secret = matches!(word.as_str(), "--bearer" | "-u" | "--user");
                options.push(if secret { mask::MASK } else { value });
            }
        } else {
            words.push(word);
        }
    }
    let mut habits = Habits::default();
    let mut url = None;
    for word in words {
        if METHODS.contains(&word) && habits.method.is_none() && url.is_none() {
            habits.method = Some(word.to_string());
        } else if url.is_none() {
            url = Some(mask::url(word).into_owned());
            continue;
        } else if looks_like_url(word) || !item(word, &mut habits) {
            return None;
        }
        habits.typed.push(masked(word));
    }
    let url = url?;
    if habits.typed.is_empty() {
        return None;
    }
    let mut line: Vec<String> = args[1..=at].to_vec();
    if let Some(method) = &habits.method {
        line.extend(["-X".to_string(), method.clone()]);
    }
    line.extend(options.iter().map(|o| o.to_string()));
    for header in &habits.headers {
        line.extend(["-H".to_string(), header.clone()]);
    }
    if !habits.fields.is_empty() {
        line.push("--json-body".into());
        line.push(format!("{{{}}}", habits.fields.join(", ")));
    }
    let mut url = url;
    for (i, pair) in habits.query.iter().enumerate() {
        let sep = if i == 0 && !url.contains('?') {
            '?'
        } else {
            '&'
        };
        url.push(sep);
        url.push_str(pair);
    }
    line.push(url);
    habits.command = std::iter::once("resp".to_string())
        .chain(line.iter().map(|w| quoted(w)))
        .collect::<Vec<_>>()
        .join(" ");
    Some(habits)
}

/// `resp send POST` with no URL after it: a method where the URL goes, which would
/// otherwise be looked up as a host name. A usage error saying where the method goes.
pub fn method_as_url(url: &str) -> Option<crate::exit::Failure> {
    METHODS.contains(&url).then(|| {
        crate::exit::Failure::usage(
            format!("'{url}' is a method, and resp send takes it as a flag, not as the URL"),
            format!("resp send -X {url} URL"),
        )
    })
}

/// Where `send` is in `args`: the first word that is not a global option or its value.
fn send_position(args: &[String], cmd: &clap::Command) -> Option<usize> {
    let mut i = 1;
    while let Some(word) = args.get(i) {
        if !word.starts_with('-') {
            return (word == "send").then_some(i);
        }
        i += if takes_value(cmd, word) { 2 } else { 1 };
    }
    None
}

/// True when `word` (`-X`, `--header`, not `--header=…`) is an option of `cmd` that
/// takes its value from the next word.
fn takes_value(cmd: &clap::Command, word: &str) -> bool {
    let takes = |a: &clap::Arg| a.get_action().takes_values();
    if let Some(long) = word.strip_prefix("--") {
        return !long.contains('=')
            && cmd
                .get_arguments()
                .any(|a| a.get_long() == Some(long) && takes(a));
    }
    // `-vX`: flags, then perhaps one that takes a value, the next word's when nothing
    // follows it in this one.
    let shorts: Vec<char> = word.chars().skip(1).collect();
    for (i, c) in shorts.iter().enumerate() {
        if cmd
            .get_arguments()
            .any(|a| a.get_short() == Some(*c) && takes(a))
        {
            return i + 1 == shorts.len();
        }
    }
    false
}

/// Takes one HTTPie request item into `habits`; false when `word` is not one.
/// A word `send` takes as a URL rather than an HTTPie item: a scheme, a path, the `:port`
/// shorthand, or `host:port`.
fn looks_like_url(word: &str) -> bool {
    word.contains("://")
        || word.starts_with(['/', ':'])
        || word.split_once(':').is_some_and(|(host, rest)| {
            let port = rest.split('/').next().unwrap_or_default();
            (host.contains('.') || host.eq_ignore_ascii_case("localhost"))
                && (rest.starts_with('/') || port.bytes().all(|b| b.is_ascii_digit()))
        })
}

fn item(word: &str, habits: &mut Habits) -> bool {
    let name_ok = |name: &str| {
        !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_.[]@".contains(c))
    };
    // The first separator in the word decides, as HTTPie reads it.
    let Some(at) = word.find([':', '=']) else {
        return false;
    };
    let (name, rest) = word.split_at(at);
    if !name_ok(name) {
        return false;
    }
    let json = |s: &str| serde_json::to_string(s).unwrap_or_default();
    // Credentials are shown masked here too: the hint is for a person, and for CI logs.
    let shown = |value: &str| -> String {
        if mask::is_secret_name(name) {
            mask::MASK.to_string()
        } else {
            value.to_string()
        }
    };
    if let Some(value) = rest.strip_prefix(":=") {
        let value = if mask::is_secret_name(name) {
            json(mask::MASK)
        } else {
            value.to_string()
        };
        habits.fields.push(format!("{}: {value}", json(name)));
    } else if let Some(value) = rest.strip_prefix("==") {
        habits.query.push(format!("{name}={}", shown(value)));
    } else if let Some(value) = rest.strip_prefix('=') {
        habits
            .fields
            .push(format!("{}: {}", json(name), json(&shown(value))));
    } else if let Some(value) = rest.strip_prefix(':') {
        habits.headers.push(format!(
            "{name}: {}",
            mask::header_value(name, value.trim_start())
        ));
    } else {
        return false;
    }
    true
}

/// `word` as a shell reads it back: bare when it is plain, else in single quotes.
fn quoted(word: &str) -> String {
    let plain = !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./:=,@%+".contains(c));
    if plain {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

/// Writes the error for `habits`: what was typed, then a hint for each habit and the
/// command rewritten, every line sanitized.
pub fn habits_error(out: &mut dyn Write, habits: &Habits) -> io::Result<()> {
    let typed: Vec<String> = habits.typed.iter().map(|w| format!("'{w}'")).collect();
    let mut lines = vec![format!(
        "resp: error: resp send takes URLs and flags, not HTTPie's words: {}",
        typed.join(" ")
    )];
    if let Some(method) = &habits.method {
        lines.push(format!("hint: the method is a flag: -X {method}"));
    }
    if !habits.headers.is_empty() {
        lines.push("hint: a header is a flag: -H 'Name: value' (repeatable)".into());
    }
    if !habits.fields.is_empty() {
        lines.push("hint: fields go in a JSON body: --json-body '{\"name\": \"value\"}'".into());
    }
    if !habits.query.is_empty() {
        lines.push("hint: query parameters go in the URL: ?name=value".into());
    }
    lines.push(format!("hint: {}", habits.command));
    for line in lines {
        writeln!(out, "{}", sanitize::line(&line))?;
    }
    Ok(())
}

/// `text` without SGR sequences (`ESC [ 1 ; 31 m`): the only escapes clap's own styling
/// writes. Any other escape (a typed `ESC ] 0 ;` title, `ESC [ 2 J`) is left for the
/// sanitizer to show.
pub(super) fn without_styles(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("\x1b[") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 2..];
        let params = after
            .bytes()
            .take_while(|b| b.is_ascii_digit() || matches!(b, b';' | b':'))
            .count();
        if after.as_bytes().get(params) == Some(&b'm') {
            rest = &after[params + 1..];
        } else {
            out.push('\x1b');
            rest = &rest[at + 1..];
        }
    }
    out.push_str(rest);
    out
}

/// A word as typed, its credential masked: `password=****`, `Authorization:Bearer ****`.
fn masked(word: &str) -> String {
    let Some(at) = word.find([':', '=']) else {
        return word.to_string();
    };
    let (name, rest) = word.split_at(at);
    let sep = rest.len() - rest.trim_start_matches([':', '=']).len();
    let (sep, value) = rest.split_at(sep);
    if sep == ":" {
        return format!("{name}:{}", mask::header_value(name, value));
    }
    if mask::is_secret_name(name) {
        return format!("{name}{sep}{}", mask::MASK);
    }
    word.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_colour_sequences_are_removed() {
        assert_eq!(
            without_styles(
                "\x1b[1m\x1b[31merror:\x1b[0m bad '\x1b]0;x\x07' \x1b[2J\x1b[38;5;9mz\x1b["
            ),
            "error: bad '\x1b]0;x\x07' \x1b[2Jz\x1b["
        );
        assert_eq!(without_styles("plain"), "plain");
    }

    #[test]
    fn typed_escapes_are_shown_sanitized() {
        let err = clap::Error::raw(
            clap::error::ErrorKind::InvalidValue,
            "bad '\x1b]0;PWNED\x07\u{202e}'\n",
        );
        let mut out = Vec::new();
        usage_error(&mut out, &err).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(text, "error: bad '\\x1b]0;PWNED\\x07\\u{202e}'\n");
    }
}
