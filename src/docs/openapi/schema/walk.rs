//! One value against the keywords of every schema that applies to it: its type, then
//! a scalar's `enum`, `const`, bounds, lengths, `pattern` and `format`, an object's
//! members (each walked against the schemas its name selects) and `required`, an array's
//! items and counts. Where the value's schemas have alternatives, `alternatives.rs`
//! walks it again for each.

use std::fmt;
use std::rc::Rc;

use serde::de::{self, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use super::check::{Ctx, Seed, Segment, Stop, shown_value, stopped};
use super::format;
use super::keywords::Keywords;
use super::{Integers, JsonType, article, names};

/// One value's own keywords, every part at once.
pub(super) struct Walk<'c, 'r> {
    pub(super) ctx: &'c mut Ctx<'r>,
    pub(super) parts: Vec<Rc<Keywords>>,
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

    /// An object or array where a schema lists only scalar values (`enum`, `const`) fits
    /// none of them: true when no schema does so.
    fn not_a_listed_value(&mut self, found: JsonType) -> Result<bool, Stop> {
        for part in &self.parts {
            let listed: Vec<String> = match (part.enumeration, part.constant) {
                (Some(values), _) => values.iter().take(6).map(shown_value).collect(),
                (None, Some(c)) => vec![shown_value(c)],
                (None, None) => continue,
            };
            self.ctx.fail(format!(
                "{} {}, documented as one of the values {}",
                article(found.name()),
                found.name(),
                listed.join(", ")
            ))?;
            return Ok(false);
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
            .and_then(|ok| Ok(ok && self.not_a_listed_value(JsonType::Object)?))
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
            .and_then(|ok| Ok(ok && self.not_a_listed_value(JsonType::Array)?))
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
