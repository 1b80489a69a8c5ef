//! Variables in request files: `{{name}}` (and `{{ name }}`) resolved from the file's
//! `@name = value` lines, then the environment chosen with `--env` (read by `env.rs`),
//! then the process environment; dynamic variables (`$guid`, `$uuid`, `$timestamp`,
//! `$isoTimestamp`, `$datetime`, `$randomInt`, JetBrains' `$random.…`, `$processEnv`); and
//! request chaining as VS Code writes it, `{{login.response.body.$.token}}` and
//! `{{login.response.headers.Location}}` (JSONPath: members and indexes), which makes the
//! request wait for `login`.
//!
//! The same walk serves twice: once to check a plan before anything is sent ([`Need::Check`]:
//! every name defined, every chained request named, the requests it waits for collected),
//! and once when the request goes ([`Need::Values`]: chained values read from the answers).
//! A file variable is worked out once a run, on first use, so `@id = {{$uuid}}` is the
//! same id in every request that uses it (as httpyac does). Guarantees: a reference that
//! cannot be resolved is an [`Error`] naming its line and itself; self-referring
//! variables are an error, never a loop; nothing here reads the process environment
//! (it is handed in).

use std::collections::{BTreeMap, HashMap, HashSet};

use super::http_file::VarDef;

/// What went wrong, and on which line of the request file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    pub line: usize,
    pub message: String,
}

/// How deep variables may refer to variables.
const MAX_DEPTH: usize = 32;

/// Where the values come from, for one file.
pub struct Scope<'a> {
    pub vars: &'a [VarDef],
    /// The chosen environment's values, `$shared` under them, private over public.
    pub env: &'a BTreeMap<String, String>,
    pub env_name: Option<&'a str>,
    pub process: &'a HashMap<String, String>,
    /// The names requests go by (`# @name`).
    pub names: &'a HashSet<String>,
    /// Variables the file's response handlers set, with the line of the first handler
    /// setting each: known, but never set here.
    pub handled: &'a HashMap<String, usize>,
}

/// An answer another request may read: its headers and body.
#[derive(Debug, Clone, Default)]
pub struct Answered {
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

/// What a check found a request needs beyond plain values.
#[derive(Debug, Default)]
pub struct Checked {
    /// The requests whose answers it reads, by name.
    pub deps: Vec<String>,
    /// Variables only a response handler sets (name, the handler's line): resp does not
    /// run handlers, so the request cannot be sent.
    pub by_handler: Vec<(String, usize)>,
}

/// What a walk is for.
pub enum Need<'a> {
    /// Checking: what the request needs is collected here; a value that only comes later
    /// (a chained one, one a handler sets) stands as its `{{…}}` reference.
    Check(&'a mut Checked),
    /// Sending: the answers of the requests waited for, by name.
    Values(&'a HashMap<String, Answered>),
}

/// Things said once in the summary: `$processEnv` names that were not set.
#[derive(Debug, Default)]
pub struct Notes {
    pub unset: Vec<String>,
}

/// Per-run state: file variables worked out so far.
#[derive(Debug, Default)]
pub struct Memo {
    values: HashMap<usize, String>,
}

/// Resolves every `{{…}}` in `text`, written on `line`, for a request after `before` of
/// the file's variables.
pub fn expand(
    text: &str,
    line: usize,
    before: usize,
    scope: &Scope,
    need: &mut Need,
    memo: &mut Memo,
    notes: &mut Notes,
) -> Result<String, Error> {
    let mut walk = Walk {
        scope,
        need,
        memo,
        notes,
        stack: Vec::new(),
    };
    walk.text(text, line, before)
}

struct Walk<'s, 'n, 'm> {
    scope: &'s Scope<'s>,
    need: &'m mut Need<'n>,
    memo: &'m mut Memo,
    notes: &'m mut Notes,
    /// File variables being worked out (by index), to catch loops.
    stack: Vec<usize>,
}

impl Walk<'_, '_, '_> {
    fn text(&mut self, text: &str, line: usize, before: usize) -> Result<String, Error> {
        if self.stack.len() > MAX_DEPTH {
            return Err(Error {
                line,
                message: format!("variables nest more than {MAX_DEPTH} deep"),
            });
        }
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(open) = rest.find("{{") {
            let Some(close) = rest[open + 2..].find("}}") else {
                break;
            };
            out.push_str(&rest[..open]);
            let inner = rest[open + 2..open + 2 + close].trim();
            out.push_str(&self.reference(inner, line, before)?);
            rest = &rest[open + 2 + close + 2..];
        }
        out.push_str(rest);
        Ok(out)
    }

    fn reference(&mut self, inner: &str, line: usize, before: usize) -> Result<String, Error> {
        let error = |message: String| Error { line, message };
        if inner.is_empty() {
            return Err(error("an empty {{}}".into()));
        }
        if let Some(dynamic) = inner.strip_prefix('$') {
            return self.dynamic(dynamic, line);
        }
        if let Some(index) = pick(self.scope.vars, inner, before) {
            return self.file_var(index);
        }
        if let Some(value) = self.scope.env.get(inner) {
            let value = value.clone();
            // An environment value may use other variables; it has no place in the file.
            return self.text(&value, line, before);
        }
        if let Some(value) = self.scope.process.get(inner) {
            return Ok(value.clone());
        }
        if let Some((name, path)) = inner.split_once('.')
            && self.scope.names.contains(name)
        {
            return self.chained(name, path, line);
        }
        if let Some(&set_at) = self.scope.handled.get(inner) {
            return match self.need {
                Need::Check(found) => {
                    if !found.by_handler.iter().any(|(n, _)| n == inner) {
                        found.by_handler.push((inner.to_string(), set_at));
                    }
                    Ok(format!("{{{{{inner}}}}}"))
                }
                Need::Values(_) => Err(error(format!(
                    "{{{{{}}}}} is set only by the response handler at line {set_at}, which resp does not run",
                    shown(inner)
                ))),
            };
        }
        let whence = match self.scope.env_name {
            Some(env) => format!("in environment '{env}'"),
            None => "in an environment (--env)".to_string(),
        };
        Err(error(format!(
            "{{{{{}}}}} is not defined: not a variable in the file, {whence}, a request's name or in the process environment",
            shown(inner)
        )))
    }

    fn file_var(&mut self, index: usize) -> Result<String, Error> {
        if let Some(v) = self.memo.values.get(&index) {
            return Ok(v.clone());
        }
        let def = &self.scope.vars[index];
        if self.stack.contains(&index) {
            return Err(Error {
                line: def.line,
                message: format!("@{} refers to itself", shown(&def.name)),
            });
        }
        self.stack.push(index);
        let value = self.text(&def.value, def.line, index);
        self.stack.pop();
        let value = value?;
        // While checking, a chained value is a placeholder: only a sent value is kept.
        if matches!(self.need, Need::Values(_)) {
            self.memo.values.insert(index, value.clone());
        }
        Ok(value)
    }

    fn chained(&mut self, name: &str, path: &str, line: usize) -> Result<String, Error> {
        let error = |message: String| Error { line, message };
        let what = Chain::parse(path)
            .map_err(|why| error(format!("{{{{{}.{}}}}}: {why}", shown(name), shown(path))))?;
        match self.need {
            Need::Check(found) => {
                if !found.deps.iter().any(|d| d == name) {
                    found.deps.push(name.to_string());
                }
                Ok(format!("{{{{{name}.{path}}}}}"))
            }
            Need::Values(answers) => {
                let Some(answer) = answers.get(name) else {
                    return Err(error(format!("request '{}' has no answer", shown(name))));
                };
                what.read(answer)
                    .map_err(|why| error(format!("{{{{{}.{}}}}}: {why}", shown(name), shown(path))))
            }
        }
    }

    fn dynamic(&mut self, text: &str, line: usize) -> Result<String, Error> {
        let error = |message: String| Error { line, message };
        if let Some(call) = text.strip_prefix("random.")
            && let Some((function, args)) = call.split_once('(')
        {
            return random_call(function.trim(), args)
                .map_err(|why| error(format!("{{{{${}}}}}: {why}", shown(text))));
        }
        let mut words = text.split_whitespace();
        let name = words.next().unwrap_or_default();
        let args: Vec<&str> = words.collect();
        match (name, args.as_slice()) {
            ("guid" | "uuid" | "random.uuid", []) => Ok(uuid()),
            ("timestamp", []) => Ok(now().0.to_string()),
            ("isoTimestamp", []) | ("datetime", ["iso8601"]) => Ok(iso(now())),
            ("datetime", ["rfc1123"]) => Ok(rfc1123(now().0)),
            ("randomInt", []) => Ok((random() % 1000).to_string()),
            ("random.email", []) => Ok(format!("{}@{}.com", letters(8, LOWER), letters(6, LOWER))),
            ("randomInt", [low, high]) => {
                let (Ok(low), Ok(high)) = (low.parse::<i64>(), high.parse::<i64>()) else {
                    return Err(error(format!(
                        "{{{{${}}}}}: $randomInt takes two whole numbers, MIN and MAX",
                        shown(text)
                    )));
                };
                if low >= high {
                    return Err(error(format!(
                        "{{{{${}}}}}: MIN must be below MAX",
                        shown(text)
                    )));
                }
                let span = high.abs_diff(low);
                Ok(low.wrapping_add((random() % span) as i64).to_string())
            }
            ("processEnv", [var]) => {
                // `%NAME`: the environment's NAME holds the variable's name.
                let var = match var.strip_prefix('%') {
                    Some(key) => match self.scope.env.get(key) {
                        Some(v) => v.clone(),
                        None => {
                            return Err(error(format!(
                                "{{{{${}}}}}: '{}' is not in the environment",
                                shown(text),
                                shown(key)
                            )));
                        }
                    },
                    None => (*var).to_string(),
                };
                match self.scope.process.get(&var) {
                    Some(v) => Ok(v.clone()),
                    None => {
                        // As VS Code does: sent empty, and said.
                        if !self.notes.unset.contains(&var) {
                            self.notes.unset.push(var);
                        }
                        Ok(String::new())
                    }
                }
            }
            _ => Err(error(format!(
                "{{{{${}}}}} is not a dynamic variable resp knows: $guid, $uuid, $timestamp, $isoTimestamp, $datetime iso8601|rfc1123, $randomInt [MIN MAX], $random.integer(MIN, MAX), $random.alphabetic(N), $random.alphanumeric(N), $random.hexadecimal(N), $random.email, $processEnv NAME",
                shown(text)
            ))),
        }
    }
}

/// The file variable `name` as seen after `before` definitions: the latest one before,
/// else the first after (VS Code's file variables are the file's, wherever written).
fn pick(vars: &[VarDef], name: &str, before: usize) -> Option<usize> {
    let before = before.min(vars.len());
    vars[..before]
        .iter()
        .rposition(|v| v.name == name)
        .or_else(|| {
            vars[before..]
                .iter()
                .position(|v| v.name == name)
                .map(|i| i + before)
        })
}

const LOWER: &[u8] = b"abcdefghijklmnopqrstuvwxyz";
const ALPHABETIC: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
const ALPHANUMERIC: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_";
const HEXADECIMAL: &[u8] = b"0123456789abcdef";

/// The longest random text made at once.
const MAX_RANDOM_TEXT: usize = 10_000;

/// JetBrains' `$random.integer(1, 10)` and friends: `function` and its `args)`.
fn random_call(function: &str, args: &str) -> Result<String, String> {
    let Some(args) = args.trim_end().strip_suffix(')') else {
        return Err("a ')' is missing".into());
    };
    let args: Vec<&str> = args
        .split(',')
        .map(str::trim)
        .filter(|a| !a.is_empty())
        .collect();
    let length = || -> Result<usize, String> {
        match args.as_slice() {
            [n] => n
                .parse::<usize>()
                .ok()
                .filter(|n| *n <= MAX_RANDOM_TEXT)
                .ok_or_else(|| format!("the length is a whole number up to {MAX_RANDOM_TEXT}")),
            _ => Err("it takes one length".into()),
        }
    };
    match function {
        "integer" => {
            let (low, high) = match args.as_slice() {
                [] => (0, 1000),
                [low, high] => match (low.parse::<i64>(), high.parse::<i64>()) {
                    (Ok(l), Ok(h)) if l < h => (l, h),
                    _ => {
                        return Err("it takes two whole numbers, the first below the second".into());
                    }
                },
                _ => return Err("it takes two whole numbers, MIN and MAX".into()),
            };
            Ok(low
                .wrapping_add((random() % high.abs_diff(low)) as i64)
                .to_string())
        }
        "alphabetic" => Ok(letters(length()?, ALPHABETIC)),
        "alphanumeric" => Ok(letters(length()?, ALPHANUMERIC)),
        "hexadecimal" => Ok(letters(length()?, HEXADECIMAL)),
        _ => Err(format!(
            "random.{} is not a function resp knows",
            shown(function)
        )),
    }
}

/// `n` characters drawn from `set`.
fn letters(n: usize, set: &[u8]) -> String {
    (0..n)
        .map(|_| char::from(set[(random() % set.len() as u64) as usize]))
        .collect()
}

/// Text from a file, shortened and made one line for a message.
fn shown(s: &str) -> String {
    let mut t: String = s.chars().take(80).collect();
    if s.chars().count() > 80 {
        t.push('…');
    }
    t
}

/// What a chained reference reads from an answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Chain {
    /// `response.headers.NAME`.
    Header(String),
    /// `response.body.*`: the whole body.
    Body,
    /// `response.body.$…`: a JSONPath of members and indexes.
    Json(Vec<Step>),
}

/// One step of a JSONPath.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    Member(String),
    Index(usize),
}

impl Chain {
    /// `response.headers.X`, `response.body.*`, `response.body.$.a[0].b`; httpyac's
    /// `name.member` reads the JSON body too.
    pub fn parse(path: &str) -> Result<Chain, String> {
        let Some(rest) = path.strip_prefix("response.") else {
            if path.starts_with("request.") {
                return Err("values of the request sent are not supported: read the response (.response.body…, .response.headers…)".into());
            }
            return json_path(path).map(Chain::Json);
        };
        if let Some(name) = rest.strip_prefix("headers.") {
            if name.is_empty() {
                return Err("a header name is needed after headers.".into());
            }
            return Ok(Chain::Header(name.to_string()));
        }
        match rest.strip_prefix("body") {
            Some("" | ".*") => Ok(Chain::Body),
            Some(p) if p.starts_with('.') => {
                let p = &p[1..];
                if p.starts_with("//") || p.starts_with('/') {
                    return Err("XPath is not supported: only JSONPath ($.a.b[0])".into());
                }
                let p = p.strip_prefix('$').unwrap_or(p);
                json_path(p).map(Chain::Json)
            }
            _ => Err("read response.body.$.path, response.body.* or response.headers.NAME".into()),
        }
    }

    /// The value in `answer`.
    pub fn read(&self, answer: &Answered) -> Result<String, String> {
        match self {
            Chain::Header(name) => crate::source::header(&answer.headers, name)
                .map(str::to_string)
                .ok_or_else(|| format!("the response has no {name} header")),
            Chain::Body => Ok(String::from_utf8_lossy(&answer.body).into_owned()),
            Chain::Json(steps) => {
                let value: serde_json::Value = serde_json::from_slice(&answer.body)
                    .map_err(|e| format!("the response body is not JSON ({e})"))?;
                let mut at = &value;
                for step in steps {
                    let next = match step {
                        Step::Member(m) => at.get(m.as_str()),
                        Step::Index(i) => at.get(*i),
                    };
                    at = next.ok_or_else(|| match step {
                        Step::Member(m) => {
                            format!("the response body has no member '{}' there", shown(m))
                        }
                        Step::Index(i) => format!("the response body has no item [{i}] there"),
                    })?;
                }
                Ok(match at {
                    serde_json::Value::String(s) => s.clone(),
                    other => other.to_string(),
                })
            }
        }
    }
}

/// `.a.b[0]['c d']` (after the `$`); a leading member needs no dot.
fn json_path(mut p: &str) -> Result<Vec<Step>, String> {
    let mut steps = Vec::new();
    let bad = || "JSONPath here is members and indexes: $.a.b[0]['c']".to_string();
    while !p.is_empty() {
        if let Some(rest) = p.strip_prefix('[') {
            let (inside, after) = rest.split_once(']').ok_or_else(bad)?;
            let quoted = inside
                .strip_prefix('\'')
                .and_then(|s| s.strip_suffix('\''))
                .or_else(|| inside.strip_prefix('"').and_then(|s| s.strip_suffix('"')));
            match quoted {
                Some(member) => steps.push(Step::Member(member.to_string())),
                None => steps.push(Step::Index(inside.trim().parse().map_err(|_| bad())?)),
            }
            p = after;
            continue;
        }
        let rest = p.strip_prefix('.').unwrap_or(p);
        let end = rest.find(['.', '[']).unwrap_or(rest.len());
        let member = &rest[..end];
        if member.is_empty() || member == "*" || member.starts_with('.') {
            return Err(bad());
        }
        steps.push(Step::Member(member.to_string()));
        p = &rest[end..];
    }
    Ok(steps)
}

/// Now: epoch seconds and the milliseconds past them.
fn now() -> (i64, u32) {
    let d = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    (
        i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
        d.subsec_millis(),
    )
}

/// 64 random bits: std's randomly keyed hasher over the clock and a counter.
fn random() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    hasher.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos()),
    );
    hasher.finish()
}

/// A random (version 4) UUID.
fn uuid() -> String {
    let mut b = [0u8; 16];
    b[..8].copy_from_slice(&random().to_le_bytes());
    b[8..].copy_from_slice(&random().to_le_bytes());
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &h[..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..]
    )
}

/// (year, month, day) of a day count since 1970-01-01 (Howard Hinnant's algorithm).
fn civil(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// `2024-05-01T12:00:00.123Z`.
fn iso((secs, millis): (i64, u32)) -> String {
    let (y, m, d) = civil(secs.div_euclid(86_400));
    let s = secs.rem_euclid(86_400);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{millis:03}Z",
        s / 3600,
        s / 60 % 60,
        s % 60
    )
}

/// `Wed, 01 May 2024 12:00:00 GMT`.
fn rfc1123(secs: i64) -> String {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let days = secs.div_euclid(86_400);
    let (y, m, d) = civil(days);
    let s = secs.rem_euclid(86_400);
    format!(
        "{}, {d:02} {} {y:04} {:02}:{:02}:{:02} GMT",
        DAYS[days.rem_euclid(7) as usize],
        MONTHS[(m as usize).saturating_sub(1) % 12],
        s / 3600,
        s / 60 % 60,
        s % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn def(name: &str, value: &str, line: usize) -> VarDef {
        VarDef {
            name: name.into(),
            value: value.into(),
            line,
        }
    }

    fn run(text: &str, vars: &[VarDef], before: usize) -> Result<String, Error> {
        let env = BTreeMap::from([("host".to_string(), "http://e".to_string())]);
        let process = HashMap::from([("HOME_X".to_string(), "/h".to_string())]);
        let names = HashSet::from(["login".to_string()]);
        let handled = HashMap::from([("token".to_string(), 3)]);
        let scope = Scope {
            vars,
            env: &env,
            env_name: Some("dev"),
            process: &process,
            names: &names,
            handled: &handled,
        };
        expand(
            text,
            9,
            before,
            &scope,
            &mut Need::Check(&mut Checked::default()),
            &mut Memo::default(),
            &mut Notes::default(),
        )
    }

    #[test]
    fn file_then_environment_then_process() {
        let vars = [def("a", "{{ host }}/x", 1), def("host", "http://f", 2)];
        assert_eq!(run("{{a}}", &vars, 2).unwrap(), "http://f/x");
        assert_eq!(run("{{HOME_X}}", &vars, 2).unwrap(), "/h");
        assert_eq!(run("{{host}}", &[], 0).unwrap(), "http://e");
        assert_eq!(run("{{$processEnv HOME_X}}", &[], 0).unwrap(), "/h");
        // The latest definition before the request wins.
        let vars = [def("v", "1", 1), def("v", "2", 5)];
        assert_eq!(run("{{v}}", &vars, 1).unwrap(), "1");
        assert_eq!(run("{{v}}", &vars, 2).unwrap(), "2");
        assert_eq!(run("{{v}}", &vars, 0).unwrap(), "1");
    }

    #[test]
    fn undefined_and_looping_variables_are_errors_with_their_line() {
        let e = run("x{{nope}}", &[], 0).unwrap_err();
        assert_eq!(e.line, 9);
        assert!(e.message.contains("{{nope}} is not defined"), "{e:?}");
        let vars = [def("a", "{{b}}", 3), def("b", "{{a}}", 4)];
        let e = run("{{a}}", &vars, 2).unwrap_err();
        assert!(e.message.contains("refers to itself"), "{e:?}");
        assert!(run("{{$nope}}", &[], 0).is_err());
        assert!(run("{{$randomInt 5 1}}", &[], 0).is_err());
    }

    #[test]
    fn a_variable_only_a_handler_sets_stands_as_its_reference_and_is_collected() {
        let env = BTreeMap::new();
        let process = HashMap::new();
        let names = HashSet::new();
        let handled = HashMap::from([("token".to_string(), 3)]);
        let vars = [def("auth", "Bearer {{token}}", 1)];
        let scope = Scope {
            vars: &vars,
            env: &env,
            env_name: None,
            process: &process,
            names: &names,
            handled: &handled,
        };
        let mut found = Checked::default();
        let text = "{{auth}} {{ token }}";
        let checked = expand(
            text,
            7,
            1,
            &scope,
            &mut Need::Check(&mut found),
            &mut Memo::default(),
            &mut Notes::default(),
        )
        .unwrap();
        assert_eq!(checked, "Bearer {{token}} {{token}}");
        assert_eq!(found.by_handler, [("token".to_string(), 3)]);
        let e = expand(
            text,
            7,
            1,
            &scope,
            &mut Need::Values(&HashMap::new()),
            &mut Memo::default(),
            &mut Notes::default(),
        )
        .unwrap_err();
        assert!(e.message.contains("handler at line 3"), "{e:?}");
        // A value given in the file wins over the handler's.
        let vars = [def("token", "t0", 1)];
        let scope = Scope {
            vars: &vars,
            ..scope
        };
        let mut found = Checked::default();
        let value = expand(
            "{{token}}",
            7,
            1,
            &scope,
            &mut Need::Check(&mut found),
            &mut Memo::default(),
            &mut Notes::default(),
        )
        .unwrap();
        assert_eq!(value, "t0");
        assert!(found.by_handler.is_empty());
    }

    #[test]
    fn chains_read_json_paths_and_headers() {
        let answer = Answered {
            headers: vec![("Location".into(), "/items/7".into())],
            body: br#"{"token":"t1","list":[{"id":3}],"n":5}"#.to_vec(),
        };
        let read = |p: &str| Chain::parse(p).and_then(|c| c.read(&answer));
        assert_eq!(read("response.body.$.token").unwrap(), "t1");
        assert_eq!(read("response.body.$.list[0].id").unwrap(), "3");
        assert_eq!(read("response.body.$['n']").unwrap(), "5");
        assert_eq!(read("response.headers.location").unwrap(), "/items/7");
        assert_eq!(read("token").unwrap(), "t1");
        assert!(read("response.body.$.missing").is_err());
        assert!(read("request.body.*").is_err());
        assert!(Chain::parse("response.body.//x").is_err());
    }

    #[test]
    fn a_chained_reference_is_collected_while_checking() {
        let vars = [def("t", "{{login.response.body.$.token}}", 1)];
        let env = BTreeMap::new();
        let process = HashMap::new();
        let names = HashSet::from(["login".to_string()]);
        let handled = HashMap::new();
        let scope = Scope {
            vars: &vars,
            env: &env,
            env_name: None,
            process: &process,
            names: &names,
            handled: &handled,
        };
        let mut found = Checked::default();
        let mut memo = Memo::default();
        let checked = expand(
            "Bearer {{t}}",
            4,
            1,
            &scope,
            &mut Need::Check(&mut found),
            &mut memo,
            &mut Notes::default(),
        )
        .unwrap();
        assert_eq!(found.deps, ["login"]);
        // Until it is sent, the value stands as its reference.
        assert_eq!(checked, "Bearer {{login.response.body.$.token}}");
        let answers = HashMap::from([(
            "login".to_string(),
            Answered {
                headers: vec![],
                body: br#"{"token":"abc"}"#.to_vec(),
            },
        )]);
        let sent = expand(
            "Bearer {{t}}",
            4,
            1,
            &scope,
            &mut Need::Values(&answers),
            &mut memo,
            &mut Notes::default(),
        )
        .unwrap();
        assert_eq!(sent, "Bearer abc");
    }

    #[test]
    fn jetbrains_random_functions() {
        let n: i64 = run("{{$random.integer(5, 8)}}", &[], 0)
            .unwrap()
            .parse()
            .unwrap();
        assert!((5..8).contains(&n), "{n}");
        let t = run("{{$random.alphabetic(12)}}", &[], 0).unwrap();
        assert!(
            t.len() == 12 && t.bytes().all(|b| b.is_ascii_alphabetic()),
            "{t}"
        );
        let t = run("{{$random.hexadecimal(6)}}", &[], 0).unwrap();
        assert!(
            t.len() == 6 && t.bytes().all(|b| b.is_ascii_hexdigit()),
            "{t}"
        );
        assert!(run("{{$random.email}}", &[], 0).unwrap().contains('@'));
        assert!(run("{{$random.integer(9, 1)}}", &[], 0).is_err());
        assert!(run("{{$random.alphabetic(99999999)}}", &[], 0).is_err());
        assert!(run("{{$random.nope(1)}}", &[], 0).is_err());
        assert!(run("{{$random.integer(1, 2}}", &[], 0).is_err());
    }

    #[test]
    fn dates_and_ids_are_well_formed() {
        assert_eq!(iso((0, 5)), "1970-01-01T00:00:00.005Z");
        assert_eq!(rfc1123(1_714_564_800), "Wed, 01 May 2024 12:00:00 GMT");
        let id = uuid();
        assert_eq!(id.len(), 36);
        assert_eq!(&id[14..15], "4");
        assert_ne!(uuid(), uuid());
    }
}
