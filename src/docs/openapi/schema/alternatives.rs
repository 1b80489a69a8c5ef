//! The alternatives of a schema (`anyOf`, `oneOf`, `not`), tried on one value: a
//! `discriminator` names the branch to check, and the walk says which it was; without
//! one, each alternative is walked over the value's text (borrowed from the body) with a
//! sink of its own, cut off after a few mismatches. None fitting names the closest and
//! its first mismatch; several fitting a `oneOf` is a warning. Trials nest at most
//! [`MAX_TRIALS`] deep.

use std::collections::HashMap;
use std::rc::Rc;

use serde::de::{DeserializeSeed, Deserializer};
use serde_json::Value;
use serde_json::value::RawValue;

use super::check::{Ctx, MAX_TRIALS, Seed, Segment, Sink, Stop, TRIAL_CAP, shown_value, stopped};
use super::keywords::Keywords;
use super::walk::Walk;

/// A value whose schemas have alternatives: walked against the schemas' own keywords,
/// then against each part's alternatives.
pub(super) fn branches(
    ctx: &mut Ctx,
    raw: &str,
    parts: &[Rc<Keywords>],
) -> Result<(), serde_json::Error> {
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
