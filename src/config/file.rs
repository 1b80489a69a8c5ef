//! The config files that name each API's docs: a project's `.resp.toml`, found from the
//! current directory upwards (as `rustfmt.toml` and `.editorconfig` are), and the user's
//! `$XDG_CONFIG_HOME/resp/config.toml` (else `~/.config/resp/config.toml`).
//!
//! They are read by a small reader of a TOML subset, not a TOML crate (start-up and binary
//! size matter, and the files hold a handful of lines): `[[api]]` headers, `key = "string"`
//! (basic strings with TOML's escapes, or 'literal' ones), `key = ["a", "b"]` (on one line
//! or several, a trailing comma allowed), `#` comments and blank lines. An `[[api]]` takes
//! `table` (required; a path relative to the file, or `standard`) and `hosts` (the hosts it
//! applies to, for a table without servers or to replace them). Anything else is refused
//! with `FILE:LINE: what is not supported`, so a typo never silently changes which docs
//! judge a response. Reading is pure: text in, entries or one error out.

use std::path::{Path, PathBuf};

use crate::docs::Source;

/// The project file's name, looked for in the current directory and each parent.
pub const PROJECT_FILE: &str = ".resp.toml";

/// Bytes of a config file read at most: a few `[[api]]` entries fit in far less.
const MAX_FILE: u64 = 1 << 20;

/// One `[[api]]` entry, as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Api {
    pub table: String,
    pub hosts: Vec<String>,
    /// The line of its `[[api]]` header.
    pub line: usize,
}

/// A config file that could not be read: `FILE:LINE: message`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileError {
    pub line: usize,
    pub message: String,
}

/// The nearest `.resp.toml` at `dir` or above it.
pub fn find_project(dir: &Path) -> Option<PathBuf> {
    // One buffer for every level: this runs at each start without --table.
    let mut path = dir.join(PROJECT_FILE);
    loop {
        if path.is_file() {
            return Some(path);
        }
        path.pop();
        if !path.pop() {
            return None;
        }
        path.push(PROJECT_FILE);
    }
}

/// Where the user's config file is: under `XDG_CONFIG_HOME` when it is set to an absolute
/// path (the XDG rule: a relative one is ignored), else under `HOME`'s `.config`.
pub fn user_file(xdg_config_home: Option<&Path>, home: Option<&Path>) -> Option<PathBuf> {
    let base = match xdg_config_home.filter(|p| p.is_absolute()) {
        Some(xdg) => xdg.to_path_buf(),
        None => home.filter(|h| !h.as_os_str().is_empty())?.join(".config"),
    };
    Some(base.join("resp").join("config.toml"))
}

/// Reads the config file at `path` into the sources it names, paths made relative to the
/// file's folder; `table = "standard"` names none. Errors read `FILE:LINE: message`.
pub fn read(path: &Path) -> anyhow::Result<Vec<Option<Source>>> {
    use std::io::Read;
    let shown = path.display().to_string();
    let file = std::fs::File::open(path).map_err(|e| anyhow::anyhow!("reading {shown}: {e}"))?;
    let mut bytes = Vec::new();
    file.take(MAX_FILE + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| anyhow::anyhow!("reading {shown}: {e}"))?;
    if bytes.len() as u64 > MAX_FILE {
        anyhow::bail!("{shown}: larger than {MAX_FILE} bytes: not a config file");
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        let line = 1 + e.as_bytes()[..e.utf8_error().valid_up_to()]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        anyhow::anyhow!("{shown}:{line}: not UTF-8 text")
    })?;
    let apis = parse(&text).map_err(|e| anyhow::anyhow!("{shown}:{}: {}", e.line, e.message))?;
    let dir = path.parent().unwrap_or(Path::new(""));
    Ok(apis
        .into_iter()
        .map(|api| {
            (api.table != super::STANDARD).then(|| Source {
                path: dir.join(&api.table),
                hosts: api.hosts,
                named_by: format!("{shown}:{}", api.line),
            })
        })
        .collect())
}

/// Parses a config file's text into its `[[api]]` entries.
pub fn parse(text: &str) -> Result<Vec<Api>, FileError> {
    let mut p = Parser {
        bytes: text.as_bytes(),
        text,
        at: 0,
        line: 1,
    };
    let mut apis: Vec<Api> = Vec::new();
    let mut keys: Vec<String> = Vec::new();
    loop {
        p.skip_blank_lines()?;
        if p.at >= p.bytes.len() {
            break;
        }
        let line = p.line;
        if p.peek() == Some(b'[') {
            let header = p.header()?;
            if header != "[[api]]" {
                return p.fail(format!(
                    "the section {header} is not supported (only [[api]] entries are)"
                ));
            }
            if let Some(last) = apis.last() {
                check_entry(last)?;
            }
            apis.push(Api {
                table: String::new(),
                hosts: Vec::new(),
                line,
            });
            keys.clear();
            p.end_of_line()?;
            continue;
        }
        let key = p.key()?;
        let Some(api) = apis.last_mut() else {
            return p.fail(format!(
                "'{key}' outside an [[api]] entry is not supported (start one with [[api]])"
            ));
        };
        if keys.contains(&key) {
            return p.fail(format!("'{key}' is given twice in this [[api]] entry"));
        }
        p.spaces();
        if p.peek() != Some(b'=') {
            return p.fail(format!("'{key}' is not followed by '='"));
        }
        p.at += 1;
        p.spaces();
        match key.as_str() {
            "table" => {
                let table = p.string()?;
                if table.trim().is_empty() {
                    return p.fail("'table' is empty");
                }
                api.table = table;
            }
            "hosts" => {
                let hosts = p.array()?;
                if let Some(bad) = hosts.iter().find(|h| !is_host(h)) {
                    return p.fail(format!(
                        "'{}' is not a host name (api.example.com, *.example.com)",
                        bad.escape_debug()
                    ));
                }
                api.hosts = hosts;
            }
            other => {
                return p.fail(format!(
                    "the key '{other}' is not supported (an [[api]] takes table and hosts)"
                ));
            }
        }
        keys.push(key);
        p.end_of_line()?;
    }
    if let Some(last) = apis.last() {
        check_entry(last)?;
    }
    Ok(apis)
}

/// An entry names its table.
fn check_entry(api: &Api) -> Result<(), FileError> {
    if api.table.is_empty() {
        return Err(FileError {
            line: api.line,
            message: "this [[api]] entry has no table = \"FILE\"".into(),
        });
    }
    Ok(())
}

/// A host as a config entry may name it: letters, digits, `-`, `.`, `_`, an optional port,
/// `*.` in front.
fn is_host(h: &str) -> bool {
    let h = h.strip_prefix("*.").unwrap_or(h);
    !h.is_empty()
        && !h.starts_with('.')
        && h.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b':'))
}

struct Parser<'a> {
    bytes: &'a [u8],
    text: &'a str,
    at: usize,
    line: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn fail<T>(&self, message: impl Into<String>) -> Result<T, FileError> {
        Err(FileError {
            line: self.line,
            message: message.into(),
        })
    }

    /// Spaces and tabs.
    fn spaces(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.at += 1;
        }
    }

    /// A comment, to the end of its line (the newline is left).
    fn comment(&mut self) {
        if self.peek() == Some(b'#') {
            while !matches!(self.peek(), None | Some(b'\n')) {
                self.at += 1;
            }
        }
    }

    /// One newline (`\n` or `\r\n`); false when there is none here.
    fn newline(&mut self) -> bool {
        match (self.peek(), self.bytes.get(self.at + 1)) {
            (Some(b'\n'), _) => self.at += 1,
            (Some(b'\r'), Some(b'\n')) => self.at += 2,
            _ => return false,
        }
        self.line += 1;
        true
    }

    /// Blank and comment-only lines.
    fn skip_blank_lines(&mut self) -> Result<(), FileError> {
        loop {
            self.spaces();
            self.comment();
            if self.at >= self.bytes.len() {
                return Ok(());
            }
            if !self.newline() {
                return match self.peek() {
                    Some(b'\r') => self.fail("a carriage return not followed by a newline"),
                    _ => Ok(()),
                };
            }
        }
    }

    /// What may follow a value: spaces, a comment, then the end of the line or file.
    fn end_of_line(&mut self) -> Result<(), FileError> {
        self.spaces();
        self.comment();
        if self.at >= self.bytes.len() || self.newline() {
            return Ok(());
        }
        let rest = self.rest_of_line();
        self.fail(format!("'{rest}' after the value is not supported"))
    }

    /// The rest of the line, cut and escaped for an error message.
    fn rest_of_line(&self) -> String {
        let rest = &self.text[self.at..];
        let line = rest.split(['\n', '\r']).next().unwrap_or_default();
        let cut: String = line.chars().take(40).collect();
        cut.escape_debug().to_string()
    }

    /// `[...]` or `[[...]]` with the spaces inside dropped, as written otherwise.
    fn header(&mut self) -> Result<String, FileError> {
        let rest = &self.text[self.at..];
        let end = rest.find(['\n', '#', '\r']).unwrap_or(rest.len());
        let head = rest[..end].trim_end();
        if !head.ends_with(']') {
            return self.fail(format!(
                "'{}' is not a section header ([[api]])",
                self.rest_of_line()
            ));
        }
        self.at += head.len();
        let squeezed: String = head.chars().filter(|c| !matches!(c, ' ' | '\t')).collect();
        Ok(squeezed.escape_debug().to_string())
    }

    /// A bare key: letters, digits, `-` and `_`.
    fn key(&mut self) -> Result<String, FileError> {
        let start = self.at;
        while self
            .peek()
            .is_some_and(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        {
            self.at += 1;
        }
        if self.at == start {
            return self.fail(format!(
                "'{}' is not supported (key = \"value\" lines and [[api]] headers are)",
                self.rest_of_line()
            ));
        }
        Ok(self.text[start..self.at].to_string())
    }

    /// A basic `"string"` (with TOML's escapes) or a literal `'string'`, on one line.
    fn string(&mut self) -> Result<String, FileError> {
        let quote = match self.peek() {
            Some(q @ (b'"' | b'\'')) => q,
            _ => {
                return self.fail(format!(
                    "'{}' is not supported: a value is a \"string\" or a [\"list\"]",
                    self.rest_of_line()
                ));
            }
        };
        if self.bytes[self.at..].starts_with(if quote == b'"' { b"\"\"\"" } else { b"'''" }) {
            return self.fail("multi-line strings are not supported");
        }
        self.at += 1;
        let mut out = String::new();
        loop {
            let Some(c) = self.text[self.at..].chars().next() else {
                return self.fail("the string is not closed");
            };
            self.at += c.len_utf8();
            match c {
                '\n' | '\r' => return self.fail("the string is not closed on its line"),
                c if c as u32 == u32::from(quote) => return Ok(out),
                '\\' if quote == b'"' => out.push(self.escape()?),
                c if c.is_control() && c != '\t' => {
                    return self.fail(format!(
                        "a control character ({}) in a string",
                        c.escape_unicode()
                    ));
                }
                c => out.push(c),
            }
        }
    }

    /// The character a `\` escape stands for (the `\` was read).
    fn escape(&mut self) -> Result<char, FileError> {
        let Some(c) = self.text[self.at..].chars().next() else {
            return self.fail("the string is not closed");
        };
        self.at += c.len_utf8();
        Ok(match c {
            'b' => '\u{8}',
            't' => '\t',
            'n' => '\n',
            'f' => '\u{c}',
            'r' => '\r',
            'e' => '\u{1b}',
            '"' => '"',
            '\\' => '\\',
            'u' | 'U' => {
                let n = if c == 'u' { 4 } else { 8 };
                let hex = self.text.get(self.at..self.at + n).unwrap_or_default();
                let code = (hex.len() == n && hex.bytes().all(|b| b.is_ascii_hexdigit()))
                    .then(|| u32::from_str_radix(hex, 16).ok())
                    .flatten()
                    .and_then(char::from_u32);
                match code {
                    Some(ch) => {
                        self.at += n;
                        ch
                    }
                    None => return self.fail(format!("\\{c} needs {n} hex digits of a character")),
                }
            }
            other => {
                return self.fail(format!(
                    "the escape \\{} is not supported",
                    other.escape_debug()
                ));
            }
        })
    }

    /// `["a", "b"]`: strings, on one line or several, with comments between, a trailing
    /// comma allowed.
    fn array(&mut self) -> Result<Vec<String>, FileError> {
        if self.peek() != Some(b'[') {
            return self.fail(format!(
                "'{}' is not supported: hosts is a [\"list\", \"of hosts\"]",
                self.rest_of_line()
            ));
        }
        self.at += 1;
        let opened = self.line;
        let not_closed = || FileError {
            line: opened,
            message: "the list is not closed with ']'".into(),
        };
        let mut out = Vec::new();
        loop {
            self.skip_blank_lines()?;
            match self.peek() {
                Some(b']') => {
                    self.at += 1;
                    return Ok(out);
                }
                None => return Err(not_closed()),
                _ => {}
            }
            out.push(self.string()?);
            self.skip_blank_lines()?;
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(b']') => {}
                None => return Err(not_closed()),
                _ => {
                    return self.fail(format!(
                        "'{}' in a list: items are separated by commas",
                        self.rest_of_line()
                    ));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> (usize, String) {
        let e = parse(text).unwrap_err();
        (e.line, e.message)
    }

    #[test]
    fn the_documented_form() {
        let text = "# which docs judge what\n\n[[api]]\ntable = \"specs/stripe.json\"          # its servers name the hosts\n[[api]]\r\ntable = 'errors.md'\nhosts = [\"api.example.com\"]           # for a table without servers\n";
        let apis = parse(text).unwrap();
        assert_eq!(
            apis,
            [
                Api {
                    table: "specs/stripe.json".into(),
                    hosts: vec![],
                    line: 3
                },
                Api {
                    table: "errors.md".into(),
                    hosts: vec!["api.example.com".into()],
                    line: 5
                },
            ]
        );
    }

    #[test]
    fn lists_over_lines_and_escapes() {
        let text = "[[api]]\nhosts = [\n  \"a.test\", # the first\n  '*.b.test',\n]\ntable = \"dir\\\\x \\u00e9.md\"\n";
        let apis = parse(text).unwrap();
        assert_eq!(apis[0].hosts, ["a.test", "*.b.test"]);
        assert_eq!(apis[0].table, "dir\\x \u{e9}.md");
        assert_eq!(parse("").unwrap(), []);
        assert_eq!(parse("# only a comment\n\n").unwrap(), []);
    }

    #[test]
    fn anything_else_is_refused_with_its_line() {
        assert_eq!(err("[api]\ntable = \"x\"\n").0, 1);
        assert!(
            err("[defaults]\n")
                .1
                .contains("[defaults] is not supported")
        );
        assert_eq!(err("table = \"x\"\n").0, 1);
        assert!(err("[[api]]\ntable = 3\n").1.contains("not supported"));
        assert_eq!(
            err("[[api]]\ntable = \"x\"\ncolor = \"never\"\n"),
            (
                3,
                "the key 'color' is not supported (an [[api]] takes table and hosts)".into()
            )
        );
        assert_eq!(err("[[api]]\ntable = \"x\"\ntable = \"y\"\n").0, 3);
        assert_eq!(err("[[api]]\nhosts = [\"a.test\"]\n").0, 1);
        assert_eq!(err("[[api]]\ntable = \"x\"\n[[api]]\n\n").0, 3);
        assert_eq!(err("[[api]]\ntable = \"x\" junk\n").0, 2);
        assert_eq!(err("[[api]]\ntable = \"x\n").0, 2);
        assert_eq!(err("[[api]]\nhosts = [\"a.test\"\n").0, 2);
        assert_eq!(err("[[api]]\nhosts = [\"a.test\" \"b.test\"]\n").0, 2);
        assert!(err("[[api]]\nhosts = [\"a b\"]\n").1.contains("not a host"));
        assert!(
            err("[[api]]\ntable = \"\"\"x\"\"\"\n")
                .1
                .contains("multi-line")
        );
        assert!(err("[[api]]\ntable = \"\\q\"\n").1.contains("escape"));
        assert!(err("[[api]]\ntable = \"\\u12\"\n").1.contains("hex"));
        assert!(
            err("[[api]]\ntable.x = \"a\"\n")
                .1
                .contains("not followed by '='")
        );
        assert_eq!(err("\n\n[[api]]\ntable = \"a\"\n\rx").0, 5);
    }

    #[test]
    fn the_user_file_follows_xdg() {
        let p = |s: &str| PathBuf::from(s);
        assert_eq!(
            user_file(Some(&p("/x")), Some(&p("/h"))),
            Some(p("/x/resp/config.toml"))
        );
        assert_eq!(
            user_file(Some(&p("rel")), Some(&p("/h"))),
            Some(p("/h/.config/resp/config.toml"))
        );
        assert_eq!(user_file(None, None), None);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(1000))]
        /// Any text: entries or an error with a line inside the text, never a panic.
        #[test]
        fn never_panics(text in "(\\[\\[api\\]\\]|\\[|\\]|table|hosts|=|\"|'|\\\\|u|,|#|\n|\r| |a|\u{e9}|\u{0}){0,60}") {
            match parse(&text) {
                Ok(_) => {}
                Err(e) => {
                    let lines = text.bytes().filter(|&b| b == b'\n').count() + 1;
                    proptest::prop_assert!(e.line >= 1 && e.line <= lines, "{e:?}");
                }
            }
        }

        #[test]
        fn never_panics_on_any_string(text in "\\PC{0,80}") {
            let _ = parse(&text);
        }
    }
}
