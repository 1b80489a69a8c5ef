//! JSON text to the tree the description is read from, without the parts no answer needs:
//! the values of `parameters`, `requestBody`, `callbacks`, `security`, `securitySchemes`,
//! `tags` and `x-…` members (but `x-summary`) are skipped unparsed wherever they sit, and
//! so are `description`s other than a response's, a header's and a named schema's (the
//! operation's, the properties', the info's). A large description is mostly those; not
//! building them keeps its load within budget (5 MB in well under 100 ms). Member order is
//! kept; a syntax error carries its line and column.

use std::cell::Cell;
use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

/// True for a member whose value resp never reads.
pub fn skipped(key: &str) -> bool {
    matches!(
        key,
        "parameters" | "requestBody" | "callbacks" | "security" | "securitySchemes" | "tags"
    ) || (key.starts_with("x-") && key != "x-summary")
}

/// Parses `text` into the tree, leaving skipped members out.
pub fn parse(text: &str) -> Result<Value, serde_json::Error> {
    let mut de = serde_json::Deserializer::from_str(text);
    let value = Pruned(Ctx::Other).deserialize(&mut de)?;
    de.end()?;
    Ok(value)
}

/// Whether a JSON text is an object with a top-level `openapi` or `swagger` member, read
/// without building it (stopping at that member); `None` when it is not valid JSON.
pub fn names_a_version(text: &str) -> Option<bool> {
    let found = Cell::new(false);
    let mut de = serde_json::Deserializer::from_str(text);
    match de.deserialize_any(TopNames(&found)) {
        Ok(named) => de.end().ok().map(|()| named),
        Err(_) if found.get() => Some(true),
        Err(_) => None,
    }
}

/// Reads the top-level member names of a JSON value; stops with an error once `openapi`
/// or `swagger` is met, noting it in the cell.
struct TopNames<'c>(&'c Cell<bool>);

impl<'de> Visitor<'de> for TopNames<'_> {
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<bool, E> {
        Ok(false)
    }

    fn visit_i64<E>(self, _: i64) -> Result<bool, E> {
        Ok(false)
    }

    fn visit_u64<E>(self, _: u64) -> Result<bool, E> {
        Ok(false)
    }

    fn visit_f64<E>(self, _: f64) -> Result<bool, E> {
        Ok(false)
    }

    fn visit_str<E>(self, _: &str) -> Result<bool, E> {
        Ok(false)
    }

    fn visit_unit<E>(self) -> Result<bool, E> {
        Ok(false)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<bool, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(false)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<bool, A::Error> {
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            if key == "openapi" || key == "swagger" {
                self.0.set(true);
                return Err(serde::de::Error::custom("a description"));
            }
            map.next_value::<IgnoredAny>()?;
        }
        Ok(false)
    }
}

/// What a value is, as far as its `description` matters: told from the member names
/// leading to it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Ctx {
    /// A `responses` map, a `headers` map, a `schemas`/`definitions` map.
    Responses,
    Headers,
    Schemas,
    /// A value whose `description` is shown.
    Described,
    Other,
}

impl Ctx {
    /// The context of the member `key` of a map in context `self`.
    fn child(self, key: &str) -> Ctx {
        let status_like = key.eq_ignore_ascii_case("default")
            || (key.len() == 3 && key.as_bytes()[0].is_ascii_digit());
        match (self, key) {
            (Ctx::Responses | Ctx::Headers | Ctx::Schemas, _) => Ctx::Described,
            (_, "responses") => Ctx::Responses,
            (_, "headers") => Ctx::Headers,
            (_, "schemas" | "definitions") => Ctx::Schemas,
            _ if status_like => Ctx::Described,
            _ => Ctx::Other,
        }
    }
}

/// A JSON value with its skipped members left out.
struct Pruned(Ctx);

impl<'de> DeserializeSeed<'de> for Pruned {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, de: D) -> Result<Value, D::Error> {
        de.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Pruned {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Number::from_f64(v).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_string()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(Pruned(Ctx::Other))? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let unread = key == "description" && self.0 != Ctx::Described;
            if unread || skipped(&key) {
                map.next_value::<IgnoredAny>()?;
            } else {
                let value = map.next_value_seed(Pruned(self.0.child(&key)))?;
                out.insert(key, value);
            }
        }
        Ok(Value::Object(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn unneeded_members_are_left_out() {
        let v = parse(
            r#"{"paths": {"/a": {"parameters": [{"name": "id"}], "get": {"x-codeSamples": [1],
                "x-summary": "kept", "requestBody": {}, "responses": {"200": {"description": "OK"}}}}}}"#,
        )
        .unwrap();
        assert_eq!(
            v,
            json!({"paths": {"/a": {"get": {"x-summary": "kept",
                "responses": {"200": {"description": "OK"}}}}}})
        );
        let v = parse(
            r#"{"info": {"description": "long"}, "components": {"schemas": {"E": {"description": "kept",
                "properties": {"m": {"description": "not"}}}}, "headers": {"H": {"description": "kept"}}}}"#,
        )
        .unwrap();
        assert_eq!(
            v,
            json!({"info": {}, "components": {"schemas": {"E": {"description": "kept",
                "properties": {"m": {}}}}, "headers": {"H": {"description": "kept"}}}})
        );
        let err = parse("{\"a\": [1,\n 2,]}").unwrap_err();
        assert_eq!((err.line(), err.column()), (2, 4));
    }
}
