//! A body checked against the whole of its documented schema, as JSON Schema says:
//! `type` (a list in 3.1, `nullable` in 3.0, `x-nullable` in Swagger 2.0), `enum`,
//! `const`, `properties`, `required` (less `writeOnly` members, which a response leaves
//! out), `additionalProperties` (false, or a schema), `patternProperties`, `items` and
//! `prefixItems`, `minItems`/`maxItems`, `minProperties`/`maxProperties`,
//! `minimum`/`maximum` (both dialects' `exclusive*`), `multipleOf`,
//! `minLength`/`maxLength` (in characters), `pattern` (`pattern.rs`: a pattern outside
//! its subset is not checked, and a warning says so), `allOf`, `anyOf`, `oneOf` (a
//! `discriminator` picks the branch, named in the result), `not`, and the common
//! `format`s as warnings (`format.rs`). Not checked: `uniqueItems`, `dependent*`,
//! `if`/`then`/`else`, `unevaluated*`, `$dynamicRef`.
//!
//! The body is parsed once, as it streams past the schema: no tree of it is built, so a
//! 200 MB body costs its own bytes and little more. Where alternatives must be tried
//! (`anyOf`, `oneOf`, `not`), the value's text is borrowed from the body and walked once
//! per alternative. The walk is bounded three ways: serde_json's nesting limit (128
//! levels) for the body, [`MAX_TRIALS`] alternatives nested inside one another, and
//! [`MAX_STEPS`] values visited in all; a schema that refers to itself (`$ref` cycles)
//! only goes as deep as the body does. Mismatches name their place as a JSON pointer;
//! the first [`SHOWN`] are kept and the rest counted.

use std::collections::HashMap;
use std::fmt;
use std::rc::Rc;

use serde::Deserialize;
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;
use serde_json::value::RawValue;

use super::super::refs::Resolver;
use super::format;
use super::keywords::Keywords;
use super::pattern::Pattern;
use super::{Integers, JsonType, article, names};

/// Mismatches (and warnings) kept for showing; the rest are counted.
pub const SHOWN: usize = 5;

/// Values visited, alternatives' walks included, before the check stops.
pub const MAX_STEPS: usize = 4_000_000;

/// Alternatives tried inside alternatives before a branch is left unchecked.
pub const MAX_TRIALS: usize = 8;

/// `allOf` parts (and `$ref`s) gathered for one value.
const MAX_PARTS: usize = 64;

/// Mismatches counted in a trial before it is given up as not fitting.
const TRIAL_CAP: usize = 16;

/// Characters of a member name shown in a pointer, of a value shown in a message.
const SEGMENT_SHOWN: usize = 60;
const VALUE_SHOWN: usize = 40;

/// What the walk found.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// The first mismatches, one sentence each, starting with their JSON pointer.
    pub mismatches: Vec<String>,
    /// Mismatches past those shown.
    pub more: usize,
    /// Warnings: formats, patterns not checked, the walk cut short.
    pub warnings: Vec<String>,
    pub more_warnings: usize,
    /// The `oneOf`/`anyOf` branch a discriminator picked for the body itself.
    pub branch: Option<String>,
}

#[derive(Default)]
struct Sink {
    shown: Vec<String>,
    count: usize,
    warnings: Vec<String>,
    warning_count: usize,
    /// In a trial: give up once this many are counted.
    cap: Option<usize>,
}

/// One step of a JSON pointer.
enum Segment {
    Member(String),
    Index(usize),
}

/// Why the walk ended early, told apart from a JSON syntax error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stop {
    /// A trial counted enough mismatches to know it does not fit.
    Capped,
    /// [`MAX_STEPS`] reached.
    Budget,
}

struct Ctx<'r> {
    resolver: &'r Resolver<'static>,
    integers: Integers,
    sink: Sink,
    steps: usize,
    path: Vec<Segment>,
    /// Where each `$ref` met leads (`None`: outside the document), followed once.
    refs: HashMap<*const Value, Option<&'static Value>>,
    /// Each schema's keywords, read once per walk.
    keywords: HashMap<*const Value, Rc<Keywords>>,
    patterns: HashMap<(*const u8, usize), Option<Pattern>>,
    trials: usize,
    stop: Option<Stop>,
    branch: Option<String>,
    /// Warnings already given, so that one per cause is said.
    warned: Vec<String>,
}

/// Checks `body` against `schema` (resolved within `root`). `None` when the body is not
/// JSON.
pub fn check(
    body: &[u8],
    root: &'static Value,
    schema: &'static Value,
    integers: Integers,
) -> Option<Outcome> {
    let resolver = Resolver::new(root);
    let mut ctx = Ctx {
        resolver: &resolver,
        integers,
        sink: Sink::default(),
        steps: 0,
        path: Vec::new(),
        refs: HashMap::new(),
        keywords: HashMap::new(),
        patterns: HashMap::new(),
        trials: 0,
        stop: None,
        branch: None,
        warned: Vec::new(),
    };
    let mut de = serde_json::Deserializer::from_slice(body);
    let walked = Seed {
        ctx: &mut ctx,
        parts: vec![schema],
    }
    .deserialize(&mut de)
    .and_then(|()| de.end());
    match (walked, ctx.stop) {
        (Ok(()), _) => {}
        (Err(_), Some(Stop::Budget)) => ctx.warn(format!(
            "the check stopped after {MAX_STEPS} values: what follows was not checked"
        )),
        (Err(_), _) => return None,
    }
    Some(Outcome {
        mismatches: ctx.sink.shown,
        more: ctx.sink.count.saturating_sub(SHOWN),
        warnings: ctx.sink.warnings,
        more_warnings: ctx.sink.warning_count.saturating_sub(SHOWN),
        branch: ctx.branch,
    })
}

/// The signal that ends a walk early; which stop it was is in `Ctx::stop`.
fn stopped<E: de::Error>() -> E {
    E::custom("check stopped")
}

impl Ctx<'_> {
    /// Where the walk is: a JSON pointer, or `the body` at the top.
    fn place(&self) -> String {
        if self.path.is_empty() {
            return "the body".to_string();
        }
        let mut out = String::new();
        for seg in &self.path {
            out.push('/');
            let seg = match seg {
                Segment::Member(name) => name,
                Segment::Index(i) => {
                    out.push_str(&i.to_string());
                    continue;
                }
            };
            let cut: String = seg.chars().take(SEGMENT_SHOWN).collect();
            out.push_str(&cut.replace('~', "~0").replace('/', "~1"));
            if cut.len() < seg.len() {
                out.push('…');
            }
        }
        out
    }

    /// Records a mismatch at the current place; `Err` when a trial has seen enough.
    fn fail(&mut self, message: impl fmt::Display) -> Result<(), Stop> {
        self.sink.count += 1;
        if self.sink.shown.len() < SHOWN {
            let at = self.place();
            self.sink.shown.push(format!("{at}: {message}"));
        }
        match self.sink.cap {
            Some(cap) if self.sink.count >= cap => {
                self.stop = Some(Stop::Capped);
                Err(Stop::Capped)
            }
            _ => Ok(()),
        }
    }

    /// Records a warning (once per text).
    fn warn(&mut self, message: String) {
        if self.sink.cap.is_some() || self.warned.contains(&message) {
            return;
        }
        self.sink.warning_count += 1;
        if self.sink.warnings.len() < SHOWN {
            self.sink.warnings.push(message.clone());
        }
        if self.warned.len() < 64 {
            self.warned.push(message);
        }
    }

    /// `parts` with `$ref`s followed and `allOf` parts gathered: every schema that
    /// applies to the value, each once, by its keywords.
    fn gather(&mut self, parts: Vec<&'static Value>) -> Vec<Rc<Keywords>> {
        let mut out: Vec<Rc<Keywords>> = Vec::new();
        let mut todo = parts;
        todo.reverse();
        let mut seen = 0;
        while let Some(part) = todo.pop() {
            seen += 1;
            if seen > MAX_PARTS {
                break;
            }
            let Some(part) = self.follow(part) else {
                continue;
            };
            if out.iter().any(|k| std::ptr::eq(k.value, part))
                || !(part.is_object() || part == &Value::Bool(false))
            {
                continue;
            }
            let keywords = self.keywords(part);
            if let Some(all) = keywords.all_of {
                todo.extend(all.iter().rev());
            }
            out.push(keywords);
        }
        out
    }

    /// `part` with its `$ref`s followed (once per walk for each reference met); `None`
    /// when it leads outside the document, or nowhere (with a warning).
    fn follow(&mut self, part: &'static Value) -> Option<&'static Value> {
        if part.get("$ref").is_none() {
            return Some(part);
        }
        let key = part as *const Value;
        if let Some(known) = self.refs.get(&key) {
            return *known;
        }
        let target = match self.resolver.resolve(part) {
            Ok(r) => r.map(|r| r.value),
            Err(e) => {
                self.warn(format!("{}: not checked", e.0));
                None
            }
        };
        self.refs.insert(key, target);
        target
    }

    /// A schema's keywords, read once per walk; its required members are those a
    /// response must hold (less the `writeOnly` ones, which it leaves out).
    fn keywords(&mut self, part: &'static Value) -> Rc<Keywords> {
        let key = part as *const Value;
        if let Some(known) = self.keywords.get(&key) {
            return Rc::clone(known);
        }
        let mut keywords = Keywords::of(part);
        keywords.required = part
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .filter(|name| {
                !keywords
                    .properties
                    .and_then(|p| p.get(*name))
                    .and_then(|p| self.resolver.resolve(p).ok().flatten())
                    .is_some_and(|p| p.value.get("writeOnly") == Some(&Value::Bool(true)))
            })
            .collect();
        let keywords = Rc::new(keywords);
        self.keywords.insert(key, Rc::clone(&keywords));
        keywords
    }

    /// The compiled pattern, compiled once per walk; `None` (with a warning) when it is
    /// outside the subset read.
    fn pattern(&mut self, source: &'static str) -> Option<&Pattern> {
        let key = (source.as_ptr(), source.len());
        if !self.patterns.contains_key(&key) {
            let compiled = Pattern::new(source);
            if compiled.is_none() {
                self.warn(format!(
                    "the pattern {} is not one resp can check: values against it were not checked",
                    shown_value(&Value::String(source.to_string()))
                ));
            }
            self.patterns.insert(key, compiled);
        }
        self.patterns.get(&key).and_then(Option::as_ref)
    }
}

/// A value as shown in a message: JSON, cut.
fn shown_value(v: &Value) -> String {
    let text = v.to_string();
    match text.char_indices().nth(VALUE_SHOWN) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text,
    }
}

/// One value, against every schema in `parts`.
struct Seed<'c, 'r> {
    ctx: &'c mut Ctx<'r>,
    parts: Vec<&'static Value>,
}

impl<'de> DeserializeSeed<'de> for Seed<'_, '_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        let ctx = self.ctx;
        ctx.steps += 1;
        if ctx.steps > MAX_STEPS {
            ctx.stop = Some(Stop::Budget);
            return Err(stopped());
        }
        if self.parts.is_empty() {
            return IgnoredAny::deserialize(d).map(|_| ());
        }
        let parts = ctx.gather(self.parts);
        if parts.iter().any(|k| k.nothing) {
            ctx.fail("present, documented as never present")
                .map_err(|_| stopped())?;
            return IgnoredAny::deserialize(d).map(|_| ());
        }
        if parts.iter().any(|k| k.alternatives) {
            let raw: &'de RawValue = Deserialize::deserialize(d)?;
            return branches(ctx, raw.get(), &parts).map_err(|_| stopped());
        }
        d.deserialize_any(Walk { ctx, parts })
    }
}

/// A value whose schemas have alternatives: walked against the schemas' own keywords,
/// then against each part's alternatives.
fn branches(ctx: &mut Ctx, raw: &str, parts: &[Rc<Keywords>]) -> Result<(), serde_json::Error> {
    let mut de = serde_json::Deserializer::from_str(raw);
    de.deserialize_any(Walk {
        ctx,
        parts: parts.to_vec(),
    })?;
    for keywords in parts {
        let part = keywords.value;
        if let Some(not) = part.get("not") {
            let (count, _) = trial(ctx, raw, not)?;
            if count == Some(0) {
                ctx.fail("fits the schema it is documented not to fit")
                    .map_err(|_| stopped::<serde_json::Error>())?;
            }
        }
        let (keyword, alts) = match (part.get("oneOf"), part.get("anyOf")) {
            (Some(Value::Array(a)), _) => ("oneOf", a),
            (_, Some(Value::Array(a))) => ("anyOf", a),
            _ => continue,
        };
        if alts.is_empty() {
            continue;
        }
        if let Some(property) = part
            .get("discriminator")
            .and_then(|d| d.get("propertyName"))
            .and_then(Value::as_str)
        {
            discriminated(ctx, raw, part, alts, property)?;
            continue;
        }
        if ctx.trials >= MAX_TRIALS {
            ctx.warn(format!(
                "{}: alternatives nested more than {MAX_TRIALS} deep were not checked",
                ctx.place()
            ));
            continue;
        }
        let mut fitting: Vec<String> = Vec::new();
        let mut first_fit: Option<&'static Value> = None;
        let mut closest: Option<(usize, String, String)> = None;
        for (i, alt) in alts.iter().enumerate() {
            let (count, first) = trial(ctx, raw, alt)?;
            let name = alt_name(ctx, alt, i);
            match count {
                Some(0) => {
                    first_fit = first_fit.or(Some(alt));
                    fitting.push(name);
                }
                n => {
                    let n = n.unwrap_or(usize::MAX);
                    if closest.as_ref().is_none_or(|(c, _, _)| n < *c) {
                        closest = Some((n, name, first.unwrap_or_default()));
                    }
                }
            }
            if keyword == "anyOf" && !fitting.is_empty() {
                break;
            }
        }
        if fitting.is_empty() {
            let listed = alts
                .iter()
                .enumerate()
                .take(4)
                .map(|(i, a)| alt_name(ctx, a, i))
                .collect::<Vec<_>>()
                .join(", ");
            let more = if alts.len() > 4 { ", …" } else { "" };
            let near = closest
                .map(|(_, name, first)| format!("; the closest, {name}: {first}"))
                .unwrap_or_default();
            ctx.fail(format!(
                "fits none of the {} documented alternatives ({listed}{more}){near}",
                alts.len()
            ))
            .map_err(|_| stopped::<serde_json::Error>())?;
        } else if let Some(alt) = first_fit.filter(|_| ctx.sink.cap.is_none()) {
            // Trials keep no warnings: the branch that fits is walked again for its own.
            let mut de = serde_json::Deserializer::from_str(raw);
            Seed {
                ctx: &mut *ctx,
                parts: vec![alt],
            }
            .deserialize(&mut de)?;
        }
        if keyword == "oneOf" && fitting.len() > 1 {
            ctx.warn(format!(
                "{}: fits {} of the oneOf alternatives ({}), documented as exactly one",
                ctx.place(),
                fitting.len(),
                fitting.join(", ")
            ));
        }
    }
    Ok(())
}

/// The branch a discriminator names, checked as the value's schema.
fn discriminated(
    ctx: &mut Ctx,
    raw: &str,
    part: &'static Value,
    alts: &'static [Value],
    property: &str,
) -> Result<(), serde_json::Error> {
    let value = member(raw, property);
    let Some(value) = value else {
        ctx.path.push(Segment::Member(property.to_string()));
        let r = ctx.fail("missing, documented as the discriminator that picks the schema");
        ctx.path.pop();
        return r.map_err(|_| stopped());
    };
    let mapping = part
        .get("discriminator")
        .and_then(|d| d.get("mapping"))
        .and_then(Value::as_object);
    let target = match mapping.and_then(|m| m.get(&value)).and_then(Value::as_str) {
        Some(t) if t.starts_with('#') => t.to_string(),
        Some(t) => format!("#/components/schemas/{t}"),
        None => format!("#/components/schemas/{value}"),
    };
    let chosen = alts
        .iter()
        .enumerate()
        .find(|(_, a)| a.get("$ref").and_then(Value::as_str) == Some(target.as_str()))
        .or_else(|| {
            // Without a `$ref` to match, a mapped value is the alternative of that index.
            mapping
                .is_none()
                .then(|| {
                    alts.iter()
                        .enumerate()
                        .find(|(i, a)| alt_name_plain(a, *i) == value)
                })
                .flatten()
        });
    let Some((i, alt)) = chosen else {
        let mut known: Vec<String> = match mapping {
            Some(m) => m.keys().take(6).cloned().collect(),
            None => alts
                .iter()
                .enumerate()
                .take(6)
                .map(|(i, a)| alt_name_plain(a, i))
                .collect(),
        };
        if known.len() == 6 {
            known[5] = "…".to_string();
        }
        ctx.path.push(Segment::Member(property.to_string()));
        let r = ctx.fail(format!(
            "{}, not a value the discriminator maps ({})",
            shown_value(&Value::String(value)),
            known.join(", ")
        ));
        ctx.path.pop();
        return r.map_err(|_| stopped());
    };
    let name = alt_name(ctx, alt, i);
    if ctx.path.is_empty() && ctx.trials == 0 && ctx.branch.is_none() {
        ctx.branch = Some(format!("{name} (by `{property}`)"));
    }
    let mut de = serde_json::Deserializer::from_str(raw);
    Seed {
        ctx,
        parts: vec![alt],
    }
    .deserialize(&mut de)
}

/// The string value of one member of an object's text, if it has one.
fn member(raw: &str, name: &str) -> Option<String> {
    let members: HashMap<String, &RawValue> = serde_json::from_str(raw).ok()?;
    serde_json::from_str::<String>(members.get(name)?.get()).ok()
}

/// Walks `raw` against one alternative with a sink of its own: the mismatches counted
/// (`None`: past the cap) and the first.
fn trial(
    ctx: &mut Ctx,
    raw: &str,
    alt: &'static Value,
) -> Result<(Option<usize>, Option<String>), serde_json::Error> {
    let saved = std::mem::replace(
        &mut ctx.sink,
        Sink {
            cap: Some(TRIAL_CAP),
            ..Sink::default()
        },
    );
    ctx.trials += 1;
    let mut de = serde_json::Deserializer::from_str(raw);
    let walked = Seed {
        ctx: &mut *ctx,
        parts: vec![alt],
    }
    .deserialize(&mut de);
    ctx.trials -= 1;
    let sink = std::mem::replace(&mut ctx.sink, saved);
    match (walked, ctx.stop) {
        (Ok(()), _) => Ok((Some(sink.count), sink.shown.into_iter().next())),
        (Err(_), Some(Stop::Capped)) => {
            ctx.stop = None;
            Ok((None, sink.shown.into_iter().next()))
        }
        (Err(e), _) => Err(e),
    }
}

/// An alternative's name: its schema's, its title, else its place in the list.
fn alt_name(ctx: &Ctx, alt: &Value, i: usize) -> String {
    match ctx.resolver.resolve(alt) {
        Ok(Some(r)) => r
            .name()
            .or_else(|| {
                r.value
                    .get("title")
                    .and_then(Value::as_str)
                    .map(str::to_string)
            })
            .unwrap_or_else(|| format!("#{}", i + 1)),
        _ => format!("#{}", i + 1),
    }
}

fn alt_name_plain(alt: &Value, i: usize) -> String {
    alt.get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.rsplit('/').next())
        .or_else(|| alt.get("title").and_then(Value::as_str))
        .map_or_else(|| format!("#{}", i + 1), str::to_string)
}

/// One value's own keywords, every part at once.
struct Walk<'c, 'r> {
    ctx: &'c mut Ctx<'r>,
    parts: Vec<Rc<Keywords>>,
}

/// A scalar as read from the body.
enum Scalar<'a> {
    Null,
    Bool(bool),
    Number(f64, bool),
    String(&'a str),
}

impl Scalar<'_> {
    fn json_type(&self) -> JsonType {
        match self {
            Scalar::Null => JsonType::Null,
            Scalar::Bool(_) => JsonType::Boolean,
            Scalar::Number(_, true) => JsonType::Integer,
            Scalar::Number(_, false) => JsonType::Number,
            Scalar::String(_) => JsonType::String,
        }
    }

    fn equals(&self, v: &Value) -> bool {
        match (self, v) {
            (Scalar::Null, Value::Null) => true,
            (Scalar::Bool(a), Value::Bool(b)) => a == b,
            (Scalar::Number(a, _), Value::Number(b)) => b.as_f64() == Some(*a),
            (Scalar::String(a), Value::String(b)) => a == b,
            _ => false,
        }
    }

    fn shown(&self) -> String {
        match self {
            Scalar::Null => "null".into(),
            Scalar::Bool(b) => b.to_string(),
            Scalar::Number(n, _) => n.to_string(),
            Scalar::String(s) => shown_value(&Value::String((*s).to_string())),
        }
    }
}

/// `1 item`, `3 items`.
fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

impl Walk<'_, '_> {
    /// The type check: true when every part allows `found`.
    fn typed(&mut self, found: JsonType) -> Result<bool, Stop> {
        for keywords in &self.parts {
            if !keywords.allows(found) {
                self.ctx.fail(format!(
                    "{} {}, documented as {}",
                    article(found.name()),
                    found.name(),
                    names(&keywords.types)
                ))?;
                return Ok(false);
            }
        }
        Ok(true)
    }

    fn scalar(self, s: Scalar) -> Result<(), Stop> {
        let ctx = self.ctx;
        let mut walk = Walk {
            ctx,
            parts: self.parts,
        };
        if !walk.typed(s.json_type())? {
            return Ok(());
        }
        let Walk { ctx, parts } = walk;
        for part in parts {
            if matches!(s, Scalar::Null) && part.types.contains(&JsonType::Null) {
                continue;
            }
            if let Some(values) = part.enumeration
                && !values.iter().any(|v| s.equals(v))
            {
                let mut listed: Vec<String> = values.iter().take(6).map(shown_value).collect();
                if values.len() > 6 {
                    listed[5] = "…".to_string();
                }
                ctx.fail(format!(
                    "{}, not one of the documented values ({})",
                    s.shown(),
                    listed.join(", ")
                ))?;
            }
            if let Some(c) = part.constant
                && !s.equals(c)
            {
                ctx.fail(format!("{}, documented as {}", s.shown(), shown_value(c)))?;
            }
            match s {
                Scalar::Number(n, _) => number_bounds(ctx, &part, n)?,
                Scalar::String(text) => string_checks(ctx, &part, text)?,
                _ => {}
            }
        }
        Ok(())
    }
}

fn number_bounds(ctx: &mut Ctx, part: &Keywords, n: f64) -> Result<(), Stop> {
    let shown = Scalar::Number(n, false).shown();
    if let Some(min) = part.minimum {
        if part.exclusive_minimum_flag && n <= min {
            ctx.fail(format!("{shown}, documented as more than {min}"))?;
        } else if n < min {
            ctx.fail(format!("{shown}, documented as at least {min}"))?;
        }
    }
    if let Some(max) = part.maximum {
        if part.exclusive_maximum_flag && n >= max {
            ctx.fail(format!("{shown}, documented as less than {max}"))?;
        } else if n > max {
            ctx.fail(format!("{shown}, documented as at most {max}"))?;
        }
    }
    if let Some(min) = part.exclusive_minimum
        && n <= min
    {
        ctx.fail(format!("{shown}, documented as more than {min}"))?;
    }
    if let Some(max) = part.exclusive_maximum
        && n >= max
    {
        ctx.fail(format!("{shown}, documented as less than {max}"))?;
    }
    if let Some(m) = part.multiple_of {
        let q = n / m;
        if (q - q.round()).abs() > 1e-9 * q.abs().max(1.0) {
            ctx.fail(format!("{shown}, documented as a multiple of {m}"))?;
        }
    }
    Ok(())
}

fn string_checks(ctx: &mut Ctx, part: &Keywords, text: &str) -> Result<(), Stop> {
    if part.min_length.is_some() || part.max_length.is_some() {
        let len = text.chars().count();
        if let Some(min) = part.min_length.filter(|&m| len < m) {
            ctx.fail(format!(
                "{} long, documented as at least {min}",
                counted(len, "character", "characters")
            ))?;
        }
        if let Some(max) = part.max_length.filter(|&m| len > m) {
            ctx.fail(format!(
                "{} long, documented as at most {max}",
                counted(len, "character", "characters")
            ))?;
        }
    }
    if let Some(source) = part.pattern
        && let Some(p) = ctx.pattern(source)
        && !p.is_match(text)
    {
        let shown = Scalar::String(text).shown();
        ctx.fail(format!(
            "{shown} does not match the documented pattern {}",
            shown_value(&Value::String(source.to_string()))
        ))?;
    }
    if let Some(f) = part.format
        && let Some(what) = format::misfit(f, text)
    {
        let message = format!(
            "{}: {} is not {what} (format `{f}`)",
            ctx.place(),
            Scalar::String(text).shown()
        );
        ctx.warn(message);
    }
    Ok(())
}

impl<'de> Visitor<'de> for Walk<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.scalar(Scalar::Null).map_err(|_| stopped())
    }

    fn visit_bool<E: de::Error>(self, b: bool) -> Result<(), E> {
        self.scalar(Scalar::Bool(b)).map_err(|_| stopped())
    }

    fn visit_u64<E: de::Error>(self, n: u64) -> Result<(), E> {
        self.scalar(Scalar::Number(n as f64, true))
            .map_err(|_| stopped())
    }

    fn visit_i64<E: de::Error>(self, n: i64) -> Result<(), E> {
        self.scalar(Scalar::Number(n as f64, true))
            .map_err(|_| stopped())
    }

    fn visit_f64<E: de::Error>(self, n: f64) -> Result<(), E> {
        // 3.0 and Swagger 2.0: an integer is written without a fraction or exponent, and
        // serde_json reads only those as integers; 3.1 takes any whole number.
        let whole = self.ctx.integers == Integers::ByValue && n.is_finite() && n.fract() == 0.0;
        self.scalar(Scalar::Number(n, whole)).map_err(|_| stopped())
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<(), E> {
        self.scalar(Scalar::String(s)).map_err(|_| stopped())
    }

    fn visit_map<A: MapAccess<'de>>(mut self, mut map: A) -> Result<(), A::Error> {
        let checked = self
            .typed(JsonType::Object)
            .map_err(|_| stopped::<A::Error>())?;
        if !checked {
            while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
            return Ok(());
        }
        let Walk { ctx, parts } = self;
        // Required members, each with whether it was seen.
        let mut required: Vec<(&'static str, bool)> = Vec::new();
        for part in &parts {
            for &name in &part.required {
                if !required.iter().any(|(n, _)| *n == name) {
                    required.push((name, false));
                }
            }
        }
        let mut members = 0usize;
        while let Some(key) = map.next_key::<String>()? {
            members += 1;
            let mut child: Vec<&'static Value> = Vec::new();
            let mut closed = false;
            for part in &parts {
                let mut matched = false;
                if let Some(s) = part.properties.and_then(|p| p.get(&key)) {
                    child.push(s);
                    matched = true;
                }
                if let Some(pp) = part.pattern_properties {
                    for (source, s) in pp {
                        if let Some(p) = ctx.pattern(source)
                            && p.is_match(&key)
                        {
                            child.push(s);
                            matched = true;
                        }
                    }
                }
                if !matched {
                    match part.additional {
                        Some(Value::Bool(false)) => closed = true,
                        Some(s @ Value::Object(_)) => child.push(s),
                        _ => {}
                    }
                }
            }
            if let Some(r) = required.iter_mut().find(|(n, _)| *n == key) {
                r.1 = true;
            }
            ctx.path.push(Segment::Member(key));
            if closed {
                ctx.fail("not documented, and the schema allows no other members")
                    .map_err(|_| stopped::<A::Error>())?;
            }
            let r = map.next_value_seed(Seed {
                ctx: &mut *ctx,
                parts: child,
            });
            ctx.path.pop();
            r?;
        }
        for (name, seen) in required {
            if !seen {
                ctx.path.push(Segment::Member(name.to_string()));
                let r = ctx.fail("missing, documented as required");
                ctx.path.pop();
                r.map_err(|_| stopped::<A::Error>())?;
            }
        }
        for part in &parts {
            if let Some(min) = part.min_properties.filter(|&m| members < m) {
                ctx.fail(format!(
                    "{}, documented as at least {min}",
                    counted(members, "member", "members")
                ))
                .map_err(|_| stopped::<A::Error>())?;
            }
            if let Some(max) = part.max_properties.filter(|&m| members > m) {
                ctx.fail(format!(
                    "{}, documented as at most {max}",
                    counted(members, "member", "members")
                ))
                .map_err(|_| stopped::<A::Error>())?;
            }
        }
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(mut self, mut seq: A) -> Result<(), A::Error> {
        let checked = self
            .typed(JsonType::Array)
            .map_err(|_| stopped::<A::Error>())?;
        if !checked {
            while seq.next_element::<IgnoredAny>()?.is_some() {}
            return Ok(());
        }
        let Walk { ctx, parts } = self;
        let mut i = 0usize;
        loop {
            let child: Vec<&'static Value> = parts
                .iter()
                .filter_map(|part| {
                    match (part.prefix_items.and_then(|p| p.get(i)), part.items) {
                        (Some(s), _) => Some(s),
                        // Draft 4's tuple form.
                        (None, Some(Value::Array(tuple))) => tuple.get(i).or(part.additional_items),
                        (None, Some(items)) => Some(items),
                        (None, None) => None,
                    }
                })
                .collect();
            ctx.path.push(Segment::Index(i));
            let r = seq.next_element_seed(Seed {
                ctx: &mut *ctx,
                parts: child,
            });
            ctx.path.pop();
            if r?.is_none() {
                break;
            }
            i += 1;
        }
        for part in &parts {
            if let Some(min) = part.min_items.filter(|&m| i < m) {
                ctx.fail(format!(
                    "{}, documented as at least {min}",
                    counted(i, "item", "items")
                ))
                .map_err(|_| stopped::<A::Error>())?;
            }
            if let Some(max) = part.max_items.filter(|&m| i > m) {
                ctx.fail(format!(
                    "{}, documented as at most {max}",
                    counted(i, "item", "items")
                ))
                .map_err(|_| stopped::<A::Error>())?;
            }
        }
        Ok(())
    }
}
