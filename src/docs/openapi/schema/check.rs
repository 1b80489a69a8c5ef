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
//!
//! Here: the entry, the walk's context (where it is, what it found, what it has read of
//! the schemas) and the seed that takes one value; `walk.rs` checks a value's own
//! keywords, `alternatives.rs` its `anyOf`/`oneOf`/`not`.

use std::collections::HashMap;
use std::fmt;
use std::rc::Rc;

use serde::Deserialize;
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny};
use serde_json::Value;
use serde_json::value::RawValue;

use super::super::refs::Resolver;
use super::Integers;
use super::alternatives::branches;
use super::keywords::Keywords;
use super::pattern::Pattern;
use super::walk::Walk;

/// Mismatches (and warnings) kept for showing; the rest are counted.
pub const SHOWN: usize = 5;

/// Values visited, alternatives' walks included, before the check stops.
pub const MAX_STEPS: usize = 4_000_000;

/// Alternatives tried inside alternatives before a branch is left unchecked.
pub(super) const MAX_TRIALS: usize = 8;

/// `allOf` parts (and `$ref`s) gathered for one value.
const MAX_PARTS: usize = 64;

/// Mismatches counted in a trial before it is given up as not fitting.
pub(super) const TRIAL_CAP: usize = 16;

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
pub(super) struct Sink {
    pub(super) shown: Vec<String>,
    pub(super) count: usize,
    pub(super) warnings: Vec<String>,
    pub(super) warning_count: usize,
    /// In a trial: give up once this many are counted.
    pub(super) cap: Option<usize>,
}

/// One step of a JSON pointer.
pub(super) enum Segment {
    Member(String),
    Index(usize),
}

/// Why the walk ended early, told apart from a JSON syntax error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Stop {
    /// A trial counted enough mismatches to know it does not fit.
    Capped,
    /// [`MAX_STEPS`] reached.
    Budget,
}

pub(super) struct Ctx<'r> {
    pub(super) resolver: &'r Resolver<'static>,
    pub(super) integers: Integers,
    pub(super) sink: Sink,
    pub(super) steps: usize,
    pub(super) path: Vec<Segment>,
    /// Where each `$ref` met leads (`None`: outside the document), followed once.
    pub(super) refs: HashMap<*const Value, Option<&'static Value>>,
    /// Each schema's keywords, read once per walk.
    pub(super) keywords: HashMap<*const Value, Rc<Keywords>>,
    pub(super) patterns: HashMap<(*const u8, usize), Option<Pattern>>,
    pub(super) trials: usize,
    pub(super) stop: Option<Stop>,
    pub(super) branch: Option<String>,
    /// Warnings already given, so that one per cause is said.
    pub(super) warned: Vec<String>,
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
pub(super) fn stopped<E: de::Error>() -> E {
    E::custom("check stopped")
}

impl Ctx<'_> {
    /// Where the walk is: a JSON pointer, or `the body` at the top.
    pub(super) fn place(&self) -> String {
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
    pub(super) fn fail(&mut self, message: impl fmt::Display) -> Result<(), Stop> {
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
    pub(super) fn warn(&mut self, message: String) {
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
    pub(super) fn pattern(&mut self, source: &'static str) -> Option<&Pattern> {
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
pub(super) fn shown_value(v: &Value) -> String {
    let text = v.to_string();
    match text.char_indices().nth(VALUE_SHOWN) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text,
    }
}

/// One value, against every schema in `parts`.
pub(super) struct Seed<'c, 'r> {
    pub(super) ctx: &'c mut Ctx<'r>,
    pub(super) parts: Vec<&'static Value>,
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
