//! The `.http` / `.rest` grammar shared by JetBrains' HTTP Client, VS Code's REST Client
//! and Visual Studio, read into a [`File`]: its requests in file order (each with the line
//! it starts on) and its `@name = value` variables. Text stays as written: `{{…}}`
//! references are resolved later (`vars.rs`), so a plan can be checked whole before
//! anything is sent. What the grammar cannot make sense of is an [`Error`] naming its line.
//!
//! Read: `###` separators (the text after them names the request), `#` and `//` comments,
//! `# @name NAME` (and `// @name`), `# @expect LIST` (resp's own), other `# @word`
//! directives (kept, to be said not applied), `@name = value`, the request line
//! `[METHOD] URL [HTTP/x]` (GET without a method), indented or `?`/`&` continuation lines
//! of the URL, headers, a blank line, the body (`< ./file` lines take a file's content),
//! response handlers (`> {% … %}`, `> file.js`), response references (`<> file`) and
//! `>> file`, kept only to be said not done (with the names an inline handler sets with
//! `client.global.set("name", …)`). A UTF-8 BOM is skipped and CRLF read as LF. As httpyac does, a
//! request line after a blank line in a body starts the next request.
//!
//! Guarantees: never panics on any input; every request has a method and a non-empty URL
//! (as written); line numbers are 1-based lines of the file.

use crate::classify::Expect;

/// A request file, read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct File {
    pub requests: Vec<Request>,
    /// `@name = value` lines, in file order.
    pub vars: Vec<VarDef>,
}

/// `@name = value`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VarDef {
    pub name: String,
    pub value: String,
    pub line: usize,
}

/// One request as written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Request {
    /// The line of the request line.
    pub line: usize,
    /// `# @name NAME`: how other requests refer to it.
    pub name: Option<String>,
    /// The text after `###`.
    pub title: Option<String>,
    pub method: String,
    /// The URL with its continuation lines joined.
    pub url: String,
    /// (name, value, line).
    pub headers: Vec<(String, String, usize)>,
    pub body: Vec<BodyPart>,
    /// `# @expect 2xx,304`.
    pub expect: Vec<Expect>,
    /// Other tools' directives and handlers, with their lines: said, never run.
    pub ignored: Vec<(Ignored, usize)>,
    /// Variables defined before this request (an index into [`File::vars`]).
    pub vars_before: usize,
    /// The variables its `> {% … %}` handler sets (`client.global.set("name", …)`), with
    /// the line of each: resp does not run the handler, so they are never set.
    pub sets: Vec<(String, usize)>,
}

/// What a request carries that resp does not do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ignored {
    /// `> {% … %}` or `> file.js`.
    Handler,
    /// `<> file`: a response reference to compare with.
    ResponseReference,
    /// `>> file` (`>>!`): the response saved to a file.
    SaveTo,
    /// `# @no-redirect`, `# @prompt`, …: the word after `@`.
    Directive(String),
}

/// A piece of a body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BodyPart {
    /// Lines of text, joined with `\n` (the line of its first line).
    Text(String, usize),
    /// `< ./file` (`<@ ./file`: its `{{…}}` resolved too), relative to the request file.
    File {
        path: String,
        resolve: bool,
        line: usize,
    },
}

/// What is wrong, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    pub line: usize,
    pub message: String,
}

/// Methods recognised on a request line without being told.
const METHODS: &[&str] = &[
    "GET",
    "POST",
    "PUT",
    "PATCH",
    "DELETE",
    "HEAD",
    "OPTIONS",
    "TRACE",
    "CONNECT",
    "QUERY",
    "PROPFIND",
    "PROPPATCH",
    "MKCOL",
    "COPY",
    "MOVE",
    "LOCK",
    "UNLOCK",
    "REPORT",
    "SEARCH",
    "PURGE",
    "LINK",
    "UNLINK",
];

/// The most requests one file may hold: a bound on the plan, far past any real file.
pub const MAX_REQUESTS: usize = 10_000;

/// Reads `text` (a whole file).
pub fn parse(text: &str) -> Result<File, Error> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines: Vec<&str> = text
        .split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .collect();
    let mut file = File::default();
    let mut i = 0;
    // Each block: from a `###` (or the start) to the next.
    let mut title: Option<String> = None;
    // `# @name` and other directives read but not yet given to a request: a block with
    // no request passes them on to the next (httpyac reads `# @name x` above `###`).
    let mut pending = Request::default();
    while i < lines.len() {
        let end = block_end(&lines, i);
        let mut at = i;
        while at < end {
            at = request(&lines, at, end, &mut title, &mut pending, &mut file)?;
        }
        if end < lines.len() {
            let rest = lines[end].trim_start_matches('#').trim();
            title = (!rest.is_empty()).then(|| rest.to_string());
        }
        i = end + 1;
    }
    if pending.name.is_some() || !pending.expect.is_empty() || !pending.ignored.is_empty() {
        return Err(Error {
            line: pending.line,
            message: "a directive (# @name, # @expect, …) with no request after it".into(),
        });
    }
    Ok(file)
}

/// The index of the next `###` line at or after `from` (or the number of lines).
fn block_end(lines: &[&str], from: usize) -> usize {
    (from..lines.len())
        .find(|&k| is_separator(lines[k]))
        .unwrap_or(lines.len())
}

fn is_separator(line: &str) -> bool {
    line.trim_start().starts_with("###")
}

/// A comment line's text after `#` or `//`.
fn comment(line: &str) -> Option<&str> {
    let t = line.trim_start();
    t.strip_prefix("//").or_else(|| t.strip_prefix('#'))
}

/// `@name = value` (VS Code's file variables; `=` may have no spaces around it).
fn var_def(line: &str) -> Option<(&str, &str)> {
    let rest = line.trim_start().strip_prefix('@')?;
    let (name, value) = rest.split_once('=')?;
    let name = name.trim();
    let ok = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '$'));
    ok.then(|| (name, value.trim()))
}

/// A request line: `(method, target)`, the HTTP version cut off.
fn request_line(line: &str) -> Option<(String, String)> {
    let t = line.trim();
    if t.is_empty() {
        return None;
    }
    let (method, rest) = match t.split_once(char::is_whitespace) {
        Some((word, rest))
            if METHODS.contains(&word)
                || (word.len() >= 3
                    && word.bytes().all(|b| b.is_ascii_uppercase())
                    && looks_like_url(rest.trim())) =>
        {
            (word.to_string(), rest.trim())
        }
        _ => ("GET".to_string(), t),
    };
    let target = match rest.rsplit_once(char::is_whitespace) {
        Some((url, version)) if version.starts_with("HTTP/") => url.trim_end(),
        _ => rest,
    };
    (!target.is_empty()).then(|| (method, target.to_string()))
}

/// A target that reads as a URL: a scheme, a path, a host-relative `:port`, or a variable.
fn looks_like_url(s: &str) -> bool {
    s.starts_with("http://")
        || s.starts_with("https://")
        || s.starts_with('/')
        || s.starts_with(':')
        || s.starts_with("{{")
        || s.starts_with("localhost")
}

/// A line that can start a request inside a body (httpyac's rule): a known method and
/// something that reads as a URL.
fn starts_request(line: &str) -> bool {
    match line.split_once(' ') {
        Some((word, rest)) => METHODS.contains(&word) && looks_like_url(rest.trim()),
        None => false,
    }
}

/// `Name: value`, the name an HTTP token.
fn header(line: &str) -> Option<(&str, &str)> {
    let (name, value) = line.split_once(':')?;
    let token = |b: u8| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b);
    (!name.is_empty() && name.bytes().all(token)).then(|| (name, value.trim()))
}

/// Reads one request starting at `at` (comments, variables and directives first) within
/// the block ending at `end`; returns where the next one may start.
fn request(
    lines: &[&str],
    mut at: usize,
    end: usize,
    title: &mut Option<String>,
    pending: &mut Request,
    file: &mut File,
) -> Result<usize, Error> {
    let mut req = std::mem::take(pending);
    if title.is_some() {
        req.title = title.take();
    }
    // Before the request line: blank lines, comments, directives, variables.
    let (method, url) = loop {
        if at >= end {
            // A block of comments and variables only: its directives go on to the next.
            *pending = req;
            return Ok(end);
        }
        let line = lines[at];
        let number = at + 1;
        at += 1;
        if line.trim().is_empty() {
            continue;
        }
        if let Some(text) = comment(line) {
            directive(text, number, &mut req)?;
            // Until the request line, `line` holds the first directive's, for messages.
            if req.line == 0
                && (req.name.is_some() || !req.expect.is_empty() || !req.ignored.is_empty())
            {
                req.line = number;
            }
            continue;
        }
        if let Some((name, value)) = var_def(line) {
            file.vars.push(VarDef {
                name: name.to_string(),
                value: value.to_string(),
                line: number,
            });
            continue;
        }
        match request_line(line) {
            Some(found) => {
                req.line = number;
                break found;
            }
            None => {
                return Err(Error {
                    line: number,
                    message: "not a request line".into(),
                });
            }
        }
    };
    req.method = method;
    req.url = url;
    req.vars_before = file.vars.len();
    // The URL's continuation lines.
    while at < end {
        let line = lines[at];
        let t = line.trim();
        let indented = line.starts_with([' ', '\t']) && !t.is_empty();
        if indented && header(t).is_none_or(|_| t.starts_with(['?', '&', '/']))
            || t.starts_with(['?', '&'])
        {
            req.url.push_str(t);
            at += 1;
        } else {
            break;
        }
    }
    // Headers, until a blank line or something that is not one (httpyac's body without
    // a blank line before it).
    let mut body_from = None;
    while at < end {
        let line = lines[at];
        let number = at + 1;
        if line.trim().is_empty() {
            body_from = Some(at + 1);
            break;
        }
        if let Some(text) = comment(line) {
            directive(text, number, &mut req)?;
            at += 1;
            continue;
        }
        match header(line) {
            Some((name, value)) => {
                req.headers
                    .push((name.to_string(), value.to_string(), number));
                at += 1;
            }
            None => {
                body_from = Some(at);
                break;
            }
        }
    }
    let next = match body_from {
        Some(from) => body(lines, from, end, &mut req)?,
        None => end,
    };
    if file.requests.len() >= MAX_REQUESTS {
        return Err(Error {
            line: req.line,
            message: format!("more than {MAX_REQUESTS} requests in one file"),
        });
    }
    file.requests.push(req);
    Ok(next)
}

/// A comment's `@name`, `@expect` or other directive.
fn directive(text: &str, number: usize, req: &mut Request) -> Result<(), Error> {
    let Some(rest) = text.trim().strip_prefix('@') else {
        return Ok(());
    };
    let (word, arg) = match rest.split_once(|c: char| c.is_whitespace() || c == '=') {
        Some((word, arg)) => (word, arg.trim_start_matches([' ', '\t', '=']).trim()),
        None => (rest.trim(), ""),
    };
    match word {
        "name" => {
            if arg.is_empty() {
                return Err(Error {
                    line: number,
                    message: "# @name needs a name".into(),
                });
            }
            req.name = Some(arg.to_string());
        }
        "expect" => {
            for item in arg.split(',').filter(|s| !s.trim().is_empty()) {
                let expect = item.parse::<Expect>().map_err(|why| Error {
                    line: number,
                    message: format!("# @expect: {why}"),
                })?;
                req.expect.push(expect);
            }
            if req.expect.is_empty() {
                return Err(Error {
                    line: number,
                    message: "# @expect needs codes or classes: # @expect 2xx,304".into(),
                });
            }
        }
        "" => {}
        other => {
            let word: String = other.chars().take(40).collect();
            req.ignored.push((Ignored::Directive(word), number));
        }
    }
    Ok(())
}

/// The names a line of handler script sets with `client.global.set("name", …)` (any of
/// JavaScript's three quotes), added to `sets` once each with `line`.
fn globals_set(script: &str, line: usize, sets: &mut Vec<(String, usize)>) {
    const CALL: &str = "client.global.set(";
    let mut rest = script;
    while let Some(at) = rest.find(CALL) {
        rest = rest[at + CALL.len()..].trim_start();
        let Some(quote) = rest
            .chars()
            .next()
            .filter(|c| matches!(c, '"' | '\'' | '`'))
        else {
            continue;
        };
        let Some(len) = rest[1..].find(quote) else {
            break;
        };
        let name = &rest[1..1 + len];
        // A name built at run time (`"a" + b`, `${x}`) is not one resp can know.
        if !name.is_empty()
            && !name.contains("${")
            && rest[1 + len + 1..].trim_start().starts_with([',', ')'])
            && !sets.iter().any(|(n, _)| n == name)
        {
            sets.push((name.to_string(), line));
        }
        rest = &rest[1 + len + 1..];
    }
}

/// The body from line index `from` to the block's `end`: text, `< file` lines, and the
/// handlers and references at its end. Returns where the next request starts (a request
/// line after a blank line), or `end`.
fn body(lines: &[&str], from: usize, end: usize, req: &mut Request) -> Result<usize, Error> {
    let mut text: Vec<&str> = Vec::new();
    let mut text_line = from + 1;
    let flush = |text: &mut Vec<&str>, at: usize, req: &mut Request| {
        while text.last().is_some_and(|l| l.trim().is_empty()) {
            text.pop();
        }
        let start = text.iter().take_while(|l| l.trim().is_empty()).count();
        if start < text.len() {
            req.body
                .push(BodyPart::Text(text[start..].join("\n"), at + start));
        }
        text.clear();
    };
    let mut k = from;
    while k < end {
        let line = lines[k];
        let number = k + 1;
        let t = line.trim();
        if let Some(rest) = t.strip_prefix("> {%") {
            flush(&mut text, text_line, req);
            req.ignored.push((Ignored::Handler, number));
            globals_set(rest, number, &mut req.sets);
            // The script runs to `%}`.
            if !rest.contains("%}") {
                k += 1;
                while k < end && !lines[k].contains("%}") {
                    globals_set(lines[k], k + 1, &mut req.sets);
                    k += 1;
                }
                if k >= end {
                    return Err(Error {
                        line: number,
                        message: "a response handler '> {%' with no '%}' to end it".into(),
                    });
                }
                globals_set(lines[k], k + 1, &mut req.sets);
            }
            k += 1;
            text_line = k + 1;
            continue;
        }
        if t.starts_with(">>") {
            flush(&mut text, text_line, req);
            req.ignored.push((Ignored::SaveTo, number));
            k += 1;
            text_line = k + 1;
            continue;
        }
        if t.starts_with("> ") && !t[2..].trim().is_empty() {
            flush(&mut text, text_line, req);
            req.ignored.push((Ignored::Handler, number));
            k += 1;
            text_line = k + 1;
            continue;
        }
        if t.starts_with("<> ") {
            flush(&mut text, text_line, req);
            req.ignored.push((Ignored::ResponseReference, number));
            k += 1;
            text_line = k + 1;
            continue;
        }
        let include = t
            .strip_prefix("<@")
            .map(|p| (p, true))
            .or_else(|| t.strip_prefix("< ").map(|p| (p, false)));
        if let Some((path, resolve)) = include
            && !path.trim().is_empty()
            && (!resolve || path.starts_with(char::is_whitespace))
        {
            flush(&mut text, text_line, req);
            req.body.push(BodyPart::File {
                path: path.trim().to_string(),
                resolve,
                line: number,
            });
            k += 1;
            text_line = k + 1;
            continue;
        }
        if t.is_empty() && k + 1 < end && starts_request(lines[k + 1]) {
            flush(&mut text, text_line, req);
            return Ok(k + 1);
        }
        if text.is_empty() {
            text_line = number;
        }
        text.push(line);
        k += 1;
    }
    flush(&mut text, text_line, req);
    Ok(end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Request {
        let file = parse(text).unwrap();
        assert_eq!(file.requests.len(), 1, "{file:?}");
        file.requests[0].clone()
    }

    #[test]
    fn a_bare_url_is_a_get() {
        let r = one("https://h/x\n");
        assert_eq!(
            (r.method.as_str(), r.url.as_str(), r.line),
            ("GET", "https://h/x", 1)
        );
    }

    #[test]
    fn separators_name_requests_and_comments_are_skipped() {
        let f = parse(
            "### first one\n# a comment\n// another\nGET /a HTTP/1.1\n\n###\n# @name two\nPOST /b\nX-A: 1\n\nbody\n",
        )
        .unwrap();
        assert_eq!(f.requests.len(), 2);
        assert_eq!(f.requests[0].title.as_deref(), Some("first one"));
        assert_eq!(f.requests[0].url, "/a");
        assert_eq!(f.requests[0].line, 4);
        assert_eq!(f.requests[1].name.as_deref(), Some("two"));
        assert_eq!(f.requests[1].headers, vec![("X-A".into(), "1".into(), 9)]);
        assert_eq!(f.requests[1].body, vec![BodyPart::Text("body".into(), 11)]);
    }

    #[test]
    fn continuation_lines_join_the_url() {
        let r = one("GET https://h/x\n    ?a=1\n    &b=2\nAccept: */*\n");
        assert_eq!(r.url, "https://h/x?a=1&b=2");
        assert_eq!(r.headers.len(), 1);
    }

    #[test]
    fn bom_and_crlf_are_read() {
        let r = one("\u{feff}POST http://h/\r\nA: b\r\n\r\n{\r\n}\r\n");
        assert_eq!(r.method, "POST");
        assert_eq!(r.body, vec![BodyPart::Text("{\n}".into(), 4)]);
    }

    #[test]
    fn files_handlers_and_directives_are_kept_apart() {
        let r = one(
            "# @no-redirect\n# @expect 2xx, 304\nPOST /u\n\n< ./data.json\n\n> {%\n client.global.set('a', 1);\n%}\n",
        );
        assert_eq!(
            r.body,
            vec![BodyPart::File {
                path: "./data.json".into(),
                resolve: false,
                line: 5
            }]
        );
        assert_eq!(r.expect, vec![Expect::Class(2), Expect::Code(304)]);
        assert_eq!(
            r.ignored,
            vec![
                (Ignored::Directive("no-redirect".into()), 1),
                (Ignored::Handler, 7)
            ]
        );
    }

    #[test]
    fn the_globals_a_handler_sets_are_kept_with_their_lines() {
        let f =
            parse("POST /login\n\n> {% client.global.set(\"a\", 1) %}\n\n###\nGET /b\n").unwrap();
        assert_eq!(f.requests[0].sets, vec![("a".to_string(), 3)]);
        assert!(f.requests[1].sets.is_empty());
        let f = parse(concat!(
            "GET /c\n\n> {%\n",
            "  client.global.set('token', response.body.t);\n",
            "  client.global.set(`id`, 2); client.global.set(\"token\", 3)\n",
            "  client.global.set(name, 4); client.global.set(\"x\" + y, 5)\n",
            "  client.global.set(\"${n}\", 6); client.global.set(\"open\n",
            "%}\n",
        ))
        .unwrap();
        assert_eq!(
            f.requests[0].sets,
            vec![("token".to_string(), 4), ("id".to_string(), 5)]
        );
    }

    #[test]
    fn variables_are_read_with_their_lines() {
        let f = parse("@host = http://h\n@a=1\n\nGET {{host}}/{{a}}\n").unwrap();
        assert_eq!(f.vars.len(), 2);
        assert_eq!(f.vars[1].value, "1");
        assert_eq!(f.requests[0].vars_before, 2);
    }

    #[test]
    fn a_request_line_after_a_blank_line_in_a_body_starts_another() {
        let f = parse("POST /a\nContent-Type: x\n{\n}\n\nPOST /b\nA: b\nq\n").unwrap();
        assert_eq!(f.requests.len(), 2);
        assert_eq!(f.requests[0].body, vec![BodyPart::Text("{\n}".into(), 3)]);
        assert_eq!(f.requests[1].body, vec![BodyPart::Text("q".into(), 8)]);
    }

    proptest::proptest! {
        // The fuzz target's checks, on text made of the grammar's own pieces.
        #[test]
        fn any_text_is_read_or_refused_with_a_line_inside_it(
            pieces in proptest::collection::vec(0usize..22, 0..120)
        ) {
            const PIECES: [&str; 22] = [
                "###", "\n", "{{", "}}", "# @name a", "@x = ", "GET ", "< ", "> {%", "%}", ":",
                " ", "\r\n", "$", "http://h/", "a", "\u{feff}", "?", "&", "\t", "# @expect 2xx", "<> ",
            ];
            let text: String = pieces.iter().map(|&i| PIECES[i]).collect();
            let lines = text.split('\n').count();
            match parse(&text) {
                Ok(file) => {
                    let mut last = 0;
                    for r in &file.requests {
                        proptest::prop_assert!(!r.method.is_empty() && !r.url.is_empty());
                        proptest::prop_assert!(r.line > last && r.line <= lines);
                        proptest::prop_assert!(r.vars_before <= file.vars.len());
                        last = r.line;
                    }
                }
                Err(e) => proptest::prop_assert!(e.line >= 1 && e.line <= lines + 1, "{:?}", e),
            }
        }
    }

    #[test]
    fn mistakes_name_their_line() {
        let e = parse("###\n# @expect 2yy\nGET /\n").unwrap_err();
        assert_eq!(e.line, 2);
        let e = parse("GET /\n\n> {%\nno end\n").unwrap_err();
        assert_eq!(e.line, 3);
        let e = parse("###\n# @name lonely\n").unwrap_err();
        assert!(e.message.contains("no request"), "{e:?}");
        assert_eq!(e.line, 2);
        // A name above `###` goes to the request below it.
        let f = parse("# @name first\n### Title\nGET http://h/\n").unwrap();
        assert_eq!(f.requests[0].name.as_deref(), Some("first"));
        assert_eq!(f.requests[0].title.as_deref(), Some("Title"));
    }
}
