//! `resp run --report` through the binary, each report checked as its consumer reads it:
//! the JUnit XML parsed by a small well-formedness checker written here (elements
//! nested and closed, attributes quoted, references known, no character XML 1.0
//! forbids) and its counts read as GitLab and Jenkins read them; TAP followed line by
//! line through its grammar (version, plan, numbered test lines, YAML blocks); GitHub
//! workflow commands matched one line each, and the step summary appended to. Request
//! names and server messages carry markup, quotes, controls and the formats' own
//! special characters, generated here.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::HashMap;
use std::io::Write;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::thread;

use common::resp;
use common::server::read_request;

/// A server on loopback: `/ok` 200, `/slow` 200 after 300 ms, `/missing` 404 with a hostile JSON error message,
/// anything else 500. It counts the requests.
fn server() -> (String, Arc<Mutex<usize>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let seen = Arc::new(Mutex::new(0));
    let count = Arc::clone(&seen);
    thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let count = Arc::clone(&count);
            thread::spawn(move || {
                let request = String::from_utf8_lossy(&read_request(&mut stream)).into_owned();
                *count.lock().unwrap() += 1;
                let path = request.split(' ').nth(1).unwrap_or_default();
                let (status, body) = match path {
                    "/ok" => ("200 OK", "{\"ok\":true}".to_string()),
                    "/slow" => {
                        thread::sleep(std::time::Duration::from_millis(300));
                        ("200 OK", "{\"ok\":true}".to_string())
                    }
                    "/missing" => (
                        "404 Not Found",
                        // Markup, quotes, ]]>, the workflow commands' %, CR/LF, and raw
                        // controls XML forbids (as JSON escapes: decoded, they are raw).
                        "{\"error\":{\"code\":\"gone\",\"message\":\"no <b>\\\"x\\\"</b> & ]]> 100% \\r\\n::error::fake \\u0001\\u001b[2J\\u0000 #\"}}".to_string(),
                    ),
                    _ => ("500 Internal Server Error", "{}".to_string()),
                };
                let reply = format!(
                    "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = stream.write_all(reply.as_bytes());
            });
        }
    });
    (url, seen)
}

fn folder(name: &str) -> common::TempDir {
    common::TempDir::new(&format!("reports-{name}"))
}

/// A file of four requests: passing, failing (a hostile message), one that uses it (so
/// skipped), and one with a hostile title to a closed port (no response).
fn requests(dir: &Path, url: &str) -> PathBuf {
    let dead = common::server::closed_port();
    let text = format!(
        "### fine\nGET {url}/ok\n\n###\n# @name lost\nGET {url}/missing\n\n### uses it\nGET {url}/ok?t={{{{lost.response.body.$.error.code}}}}\n\n### <a href=\"x\">&amp;</a> 'q' ]]> 50%, a:b # c \u{1}\u{1b}[31m\u{FFFE}\nGET http://127.0.0.1:{dead}/x\n"
    );
    let path = dir.join("api.http");
    std::fs::write(&path, text).unwrap();
    path
}

// ---- a small XML 1.0 well-formedness checker ----

#[derive(Debug)]
struct Element {
    name: String,
    attrs: HashMap<String, String>,
    children: Vec<Element>,
    text: String,
}

impl Element {
    fn all<'a>(&'a self, name: &str, out: &mut Vec<&'a Element>) {
        if self.name == name {
            out.push(self);
        }
        for c in &self.children {
            c.all(name, out);
        }
    }
    fn find(&self, name: &str) -> Vec<&Element> {
        let mut out = Vec::new();
        self.all(name, &mut out);
        out
    }
    fn num(&self, attr: &str) -> usize {
        self.attrs[attr].parse().unwrap()
    }
}

fn xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}')
        || c >= '\u{10000}'
}

fn name_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | ':')
}

struct Parser<'a> {
    s: &'a str,
    i: usize,
}

impl Parser<'_> {
    fn rest(&self) -> &str {
        &self.s[self.i..]
    }
    fn eat(&mut self, t: &str) -> bool {
        if self.rest().starts_with(t) {
            self.i += t.len();
            true
        } else {
            false
        }
    }
    fn ws(&mut self) {
        while self.rest().starts_with([' ', '\t', '\n', '\r']) {
            self.i += 1;
        }
    }
    fn name(&mut self) -> String {
        let n: String = self.rest().chars().take_while(|&c| name_char(c)).collect();
        assert!(!n.is_empty(), "a name expected at {}", self.i);
        self.i += n.len();
        n
    }
    /// Text up to `end`, references resolved; `<` never allowed in it.
    fn chars_until(&mut self, end: char) -> String {
        let mut out = String::new();
        loop {
            let c = self
                .rest()
                .chars()
                .next()
                .expect("unexpected end of document");
            if c == end {
                return out;
            }
            assert!(xml_char(c), "character {c:?} is not allowed in XML 1.0");
            assert!(c != '<', "a raw '<' in text or an attribute at {}", self.i);
            if c == '&' {
                let semi = self.rest().find(';').expect("an unterminated reference");
                let r = &self.rest()[1..semi];
                let value = match r {
                    "amp" => '&',
                    "lt" => '<',
                    "gt" => '>',
                    "quot" => '"',
                    "apos" => '\'',
                    _ if r.starts_with("#x") => {
                        char::from_u32(u32::from_str_radix(&r[2..], 16).unwrap()).unwrap()
                    }
                    _ if r.starts_with('#') => char::from_u32(r[1..].parse().unwrap()).unwrap(),
                    _ => panic!("an unknown entity &{r};"),
                };
                assert!(
                    xml_char(value),
                    "a reference to a forbidden character: &{r};"
                );
                out.push(value);
                self.i += semi + 1;
            } else {
                out.push(c);
                self.i += c.len_utf8();
            }
        }
    }
    fn element(&mut self) -> Element {
        assert!(self.eat("<"));
        let name = self.name();
        let mut attrs = HashMap::new();
        loop {
            self.ws();
            if self.eat("/>") {
                return Element {
                    name,
                    attrs,
                    children: vec![],
                    text: String::new(),
                };
            }
            if self.eat(">") {
                break;
            }
            let key = self.name();
            self.ws();
            assert!(self.eat("="), "'=' expected after {key}");
            self.ws();
            assert!(self.eat("\""), "attributes are double-quoted here");
            let value = self.chars_until('"');
            self.i += 1;
            assert!(
                attrs.insert(key.clone(), value).is_none(),
                "{key} given twice"
            );
        }
        let mut children = Vec::new();
        let mut text = String::new();
        loop {
            if self.eat("</") {
                let end = self.name();
                assert_eq!(end, name, "</{end}> closes <{name}>");
                self.ws();
                assert!(self.eat(">"));
                return Element {
                    name,
                    attrs,
                    children,
                    text,
                };
            }
            if self.rest().starts_with('<') {
                children.push(self.element());
            } else {
                let start = self.i;
                let t = self.chars_until('<');
                assert!(!self.s[start..self.i].contains("]]>"), "']]>' in text");
                text.push_str(&t);
            }
        }
    }
}

/// Parses a whole document: the declaration, one root element, nothing after it.
fn parse_xml(doc: &str) -> Element {
    let mut p = Parser { s: doc, i: 0 };
    assert!(
        p.eat(r#"<?xml version="1.0" encoding="UTF-8"?>"#),
        "the XML declaration"
    );
    p.ws();
    let root = p.element();
    p.ws();
    assert_eq!(p.rest(), "", "text after the root element");
    root
}

#[test]
fn the_checker_refuses_what_is_not_well_formed() {
    for bad in [
        "<a><b></a></b>",
        "<a x=\"1\" x=\"2\"/>",
        "<a>&nbsp;</a>",
        "<a>\u{1}</a>",
        "<a x=\"<\"/>",
        "<a>&#0;</a>",
        "<a/><b/>",
    ] {
        let doc = format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{bad}");
        assert!(
            std::panic::catch_unwind(|| parse_xml(&doc)).is_err(),
            "accepted {bad}"
        );
    }
    parse_xml("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<a x=\"&#10;\">t<b/>&amp;</a>");
}

#[test]
fn junit_is_well_formed_and_counts_as_gitlab_reads_it() {
    let (url, _) = server();
    let dir = folder("junit");
    let file = requests(&dir, &url);
    let report = dir.join("junit.xml");
    let out = resp()
        .args(["run", "--jobs", "1"])
        .arg(&file)
        .arg("--report")
        .arg(format!("junit:{}", report.display()))
        .env_remove("GITHUB_STEP_SUMMARY")
        .output()
        .unwrap();
    // The connection failure is the worst.
    assert_eq!(out.status.code(), Some(7), "{out:?}");
    let xml = std::fs::read_to_string(&report).unwrap();
    let root = parse_xml(&xml);
    assert_eq!(root.name, "testsuites");
    for (attr, n) in [("tests", 4), ("failures", 1), ("errors", 1), ("skipped", 1)] {
        assert_eq!(root.num(attr), n, "{attr}: {xml}");
    }
    assert!(root.attrs["time"].parse::<f64>().unwrap() >= 0.0);
    let suites = root.find("testsuite");
    assert_eq!(suites.len(), 1);
    assert_eq!(suites[0].num("tests"), 4);
    let cases = root.find("testcase");
    assert_eq!(cases.len(), 4);
    let lines: Vec<&str> = cases.iter().map(|c| c.attrs["line"].as_str()).collect();
    assert_eq!(lines, ["2", "6", "9", "12"]);
    // The hostile title survives as text, its markup and controls made harmless.
    let name = &cases[3].attrs["name"];
    assert!(
        name.starts_with("<a href=\"x\">&amp;</a> 'q' ]]> 50%, a:b # c "),
        "{name}"
    );
    assert!(name.ends_with("api.http:12)"), "{name}");
    assert!(
        !name.contains('\u{1b}') && !name.contains('\u{FFFE}'),
        "{name}"
    );
    let failure = &cases[1].find("failure")[0];
    let message = &failure.attrs["message"];
    assert!(message.starts_with("404 Not Found: "), "{message}");
    assert!(message.contains("no <b>\"x\"</b> & ]]> 100%"), "{message}");
    assert!(
        failure.text.contains("status: 404 Not Found"),
        "{}",
        failure.text
    );
    assert!(failure.text.contains("exit code: 4"), "{}", failure.text);
    assert_eq!(cases[2].find("skipped").len(), 1);
    let error = &cases[3].find("error")[0];
    assert!(error.text.contains("exit code: 7"), "{}", error.text);
    assert!(cases[0].children.is_empty());
}

/// Follows TAP 13's grammar; returns (plan, [(ok, number, directive)]).
fn parse_tap(tap: &str) -> (usize, Vec<(bool, usize, Option<String>)>) {
    let mut lines = tap.lines();
    assert_eq!(lines.next(), Some("TAP version 13"));
    let plan = lines.next().unwrap();
    let plan: usize = plan.strip_prefix("1..").expect("the plan").parse().unwrap();
    let mut tests = Vec::new();
    let mut in_yaml = false;
    for line in lines {
        if in_yaml {
            if line == "  ..." {
                in_yaml = false;
                continue;
            }
            // Inside the block: indented YAML, `key: value` or `key:`, values quoted.
            let body = line
                .strip_prefix("  ")
                .expect("YAML indented under its test");
            let body = body.trim_start();
            let (key, value) = body.split_once(':').expect("key: value");
            assert!(
                key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'),
                "{line}"
            );
            let value = value.trim();
            if !value.is_empty() && value != "fail" {
                let parsed: String = serde_json::from_str(value).expect("a quoted scalar");
                assert!(!parsed.contains('\u{1b}'), "{line}");
            }
            continue;
        }
        if line == "  ---" {
            assert!(
                matches!(tests.last(), Some((false, _, _))),
                "YAML only after not ok"
            );
            in_yaml = true;
            continue;
        }
        let (ok, rest) = if let Some(rest) = line.strip_prefix("ok ") {
            (true, rest)
        } else if let Some(rest) = line.strip_prefix("not ok ") {
            (false, rest)
        } else {
            panic!("not a TAP line: {line:?}");
        };
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        let number: usize = digits.parse().unwrap();
        let rest = &rest[digits.len()..];
        let description = rest.strip_prefix(" - ").expect("' - ' after the number");
        // An unescaped '#' starts the directive.
        let mut directive = None;
        let bytes = description.as_bytes();
        for (i, &b) in bytes.iter().enumerate() {
            if b == b'#' && (i == 0 || bytes[i - 1] != b'\\') {
                directive = Some(description[i + 1..].trim().to_string());
                break;
            }
        }
        tests.push((ok, number, directive));
    }
    assert!(!in_yaml, "an unclosed YAML block");
    (plan, tests)
}

#[test]
fn tap_follows_its_grammar_line_by_line() {
    let (url, _) = server();
    let dir = folder("tap");
    let file = requests(&dir, &url);
    let out = resp()
        .args(["run", "--jobs", "1"])
        .arg(&file)
        .args(["--report", "tap:-"])
        .env_remove("GITHUB_STEP_SUMMARY")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(7), "{out:?}");
    let tap = String::from_utf8(out.stdout).unwrap();
    // Stdout is the report alone: no table.
    let (plan, tests) = parse_tap(&tap);
    assert_eq!(plan, 4, "{tap}");
    assert_eq!(tests.len(), plan);
    let numbers: Vec<usize> = tests.iter().map(|t| t.1).collect();
    assert_eq!(numbers, [1, 2, 3, 4]);
    assert!(tests[0].0 && tests[0].2.is_none(), "{tap}");
    assert!(!tests[1].0 && tests[1].2.is_none(), "{tap}");
    assert!(tests[2].0, "{tap}");
    assert!(tests[2].2.as_deref().unwrap().starts_with("SKIP "), "{tap}");
    // The hostile '#' in the title is escaped: no directive.
    assert!(!tests[3].0 && tests[3].2.is_none(), "{tap}");
}

#[test]
fn github_annotations_are_one_line_each_and_the_summary_is_appended() {
    let (url, _) = server();
    let dir = folder("github");
    let file = requests(&dir, &url);
    let summary = dir.join("summary.md");
    std::fs::write(&summary, "earlier step\n").unwrap();
    let out = resp()
        .args(["run", "--jobs", "1"])
        .arg(&file)
        .args(["--report", "github"])
        .env("GITHUB_STEP_SUMMARY", &summary)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(7), "{out:?}");
    let stdout = String::from_utf8(out.stdout).unwrap();
    let commands: Vec<&str> = stdout.lines().filter(|l| l.starts_with("::")).collect();
    // The failing, the skipped and the dead; the fake command in the server's message
    // stays inside its line.
    assert_eq!(commands.len(), 3, "{stdout}");
    assert!(commands[0].starts_with("::error file="), "{}", commands[0]);
    assert!(
        commands[1].starts_with("::warning file="),
        "{}",
        commands[1]
    );
    assert!(commands[2].starts_with("::error file="), "{}", commands[2]);
    for command in &commands {
        let rest = command.split_once(' ').unwrap().1;
        let (props, message) = rest.split_once("::").unwrap();
        let props: Vec<&str> = props.split(',').collect();
        assert_eq!(props.len(), 3, "{command}");
        assert!(props[0].starts_with("file=") && props[0].ends_with("api.http"));
        assert!(props[1].starts_with("line="));
        assert!(props[2].starts_with("title="));
        assert!(!props[2].contains(':'), "{command}");
        // Every % in the message is an escape.
        for (i, _) in message.match_indices('%') {
            let code = &message[i + 1..i + 3];
            assert!(["25", "0D", "0A"].contains(&code), "{command}");
        }
    }
    assert!(commands[0].contains("line=6,"), "{}", commands[0]);
    assert!(commands[0].contains("100%25"), "{}", commands[0]);
    let table = std::fs::read_to_string(&summary).unwrap();
    assert!(
        table.starts_with("earlier step\n### resp run: 4 requests in "),
        "{table}"
    );
    let rows: Vec<&str> = table.lines().filter(|l| l.starts_with("| ")).collect();
    // The header, then one row per request; a cell's own '|' is escaped.
    assert_eq!(rows.len(), 5, "{table}");
    for row in &rows {
        let cells = row.replace("\\|", "").matches('|').count();
        assert_eq!(cells, 7, "{row}");
        assert!(!row.contains('<'), "{row}");
    }
}

#[test]
fn defaults_and_mistakes_are_found_before_anything_is_sent() {
    let (url, seen) = server();
    let dir = folder("usage");
    let file = requests(&dir, &url);
    for (args, code, says) in [
        (vec!["--report", "xml"], 2, "not a report kind"),
        (vec!["--report", "junit:"], 2, "names no file"),
        (
            vec!["--report", "tap:-", "--report", "github"],
            2,
            "two reports",
        ),
        (
            vec!["--report", "junit:a", "--report", "tap:a"],
            2,
            "two reports",
        ),
        (vec!["--json", "--report", "github"], 2, "--json"),
        (
            vec!["--report", "junit:no/such/dir/r.xml"],
            1,
            "does not exist",
        ),
    ] {
        let out = resp()
            .arg("run")
            .arg(&file)
            .args(&args)
            .current_dir(&dir)
            .env_remove("GITHUB_STEP_SUMMARY")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(code), "{args:?}: {out:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(says), "{args:?}: {stderr}");
    }
    assert_eq!(*seen.lock().unwrap(), 0);
    // The defaults: junit and tap beside where resp runs, github on stdout.
    let out = resp()
        .arg("run")
        .arg(&file)
        .args(["--report", "junit", "--report", "tap", "-q"])
        .current_dir(&dir)
        .env_remove("GITHUB_STEP_SUMMARY")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(7));
    assert!(out.stdout.is_empty());
    parse_xml(&std::fs::read_to_string(dir.join("resp-junit.xml")).unwrap());
    let (plan, _) = parse_tap(&std::fs::read_to_string(dir.join("resp.tap")).unwrap());
    assert_eq!(plan, 4);
}

#[test]
fn junit_times_are_the_runs_wall_time_and_its_suites_within_it() {
    let (url, _) = server();
    let dir = folder("junit-time");
    let together = dir.join("together.http");
    let slow: String = (0..4).map(|_| format!("###\nGET {url}/slow\n\n")).collect();
    std::fs::write(&together, slow).unwrap();
    let alone = dir.join("alone.http");
    std::fs::write(&alone, format!("GET {url}/slow\n")).unwrap();
    let report = dir.join("junit.xml");
    let out = resp()
        .args(["run", "--jobs", "4", "-q"])
        .arg(&together)
        .arg(&alone)
        .arg("--report")
        .arg(format!("junit:{}", report.display()))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let xml = std::fs::read_to_string(&report).unwrap();
    let root = parse_xml(&xml);
    let time = |e: &Element| e.attrs["time"].parse::<f64>().unwrap();
    let suites = root.find("testsuite");
    assert_eq!(suites.len(), 2);
    for suite in &suites {
        assert!(time(suite) <= time(&root), "{xml}");
        assert!(time(suite) >= 0.3, "{xml}");
    }
    // Requests that ran together count once: less than their times added up.
    let cases: f64 = suites[0].find("testcase").iter().map(|c| time(c)).sum();
    assert!(cases >= 1.2, "{xml}");
    assert!(time(suites[0]) < cases, "{xml}");
}
