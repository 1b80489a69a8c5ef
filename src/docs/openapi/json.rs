//! JSON text to the tree the description is read from, without the parts no answer needs.
//! What is left out is told by position, from the structure OpenAPI and Swagger give a
//! document, never by a member's name alone: an operation keeps its id, summary, external
//! docs, `deprecated`, `produces` and responses (its description, parameters, request
//! body, callbacks, security, tags and extensions go); a response its description,
//! summaries, content, headers, schema and examples (not its links); a schema its keywords
//! (not its examples, extensions or, inside another schema, its description); the
//! document drops its tags and security, `components` its security schemes, callbacks and
//! links. Maps of names (paths, statuses, media types, headers, properties, components)
//! keep every name, `x-…`, `tags` or `description` included; parts of unknown shape (the
//! document's own extensions, examples) are kept whole, so any `$ref` into them is found.
//! A large description is mostly what goes; not building it keeps its load within budget
//! (5 MB in well under 100 ms). Member order is kept; a syntax error carries its line and
//! column.

use std::cell::Cell;
use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

/// Parses `text` into the tree, leaving out what no answer needs.
pub fn parse(text: &str) -> Result<Value, serde_json::Error> {
    let mut de = serde_json::Deserializer::from_str(text);
    let value = Pruned(At::of(Kind::Root)).deserialize(&mut de)?;
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

/// What a value is in the document's structure.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    /// Kept whole: values read as they are (examples, enums, servers) and parts whose
    /// shape is not known.
    Whole,
    Root,
    Info,
    Components,
    PathItem,
    Operation,
    Response,
    Media,
    Header,
    /// A parameter or request body: only its schema or content can be a `$ref`'s target.
    Input,
    /// A schema; a named one (under `schemas` or `definitions`) keeps its description.
    Schema {
        named: bool,
    },
}

/// A position: a value of a kind, or a map from names to values of that kind (an array
/// there holds values of the kind).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
struct At {
    kind: Kind,
    names: bool,
}

/// The keywords of a schema whose values are schemas (or arrays of them).
const SUBSCHEMAS: [&str; 16] = [
    "items",
    "additionalProperties",
    "not",
    "if",
    "then",
    "else",
    "contains",
    "propertyNames",
    "unevaluatedProperties",
    "unevaluatedItems",
    "additionalItems",
    "contentSchema",
    "allOf",
    "oneOf",
    "anyOf",
    "prefixItems",
];

/// The keywords of a schema whose values map names to schemas.
const SCHEMA_MAPS: [&str; 5] = [
    "properties",
    "patternProperties",
    "$defs",
    "definitions",
    "dependentSchemas",
];

impl At {
    fn of(kind: Kind) -> At {
        At { kind, names: false }
    }

    fn names(kind: Kind) -> At {
        At { kind, names: true }
    }

    /// Where the member `key` of an object here sits; `None`: left out.
    fn child(self, key: &str) -> Option<At> {
        use Kind::*;
        if self.names {
            return Some(At::of(self.kind));
        }
        let sub = At::of(Schema { named: false });
        let whole = Some(At::of(Whole));
        match self.kind {
            Whole => whole,
            Root => match key {
                "paths" | "webhooks" => Some(At::names(PathItem)),
                "components" => Some(At::of(Components)),
                "definitions" => Some(At::names(Schema { named: true })),
                "responses" => Some(At::names(Response)),
                "parameters" => Some(At::names(Input)),
                "info" => Some(At::of(Info)),
                "tags" | "security" | "securityDefinitions" | "externalDocs" => None,
                _ => whole,
            },
            Info => matches!(key, "title" | "version").then_some(At::of(Whole)),
            Components => match key {
                "schemas" => Some(At::names(Schema { named: true })),
                "responses" => Some(At::names(Response)),
                "headers" => Some(At::names(Header)),
                "pathItems" => Some(At::names(PathItem)),
                "parameters" | "requestBodies" => Some(At::names(Input)),
                "securitySchemes" | "callbacks" | "links" => None,
                _ => whole,
            },
            PathItem => match key {
                "additionalOperations" => Some(At::names(Operation)),
                "servers" | "$ref" => whole,
                m if super::METHODS.contains(&m) => Some(At::of(Operation)),
                _ => None,
            },
            Operation => match key {
                "responses" => Some(At::names(Response)),
                "operationId" | "summary" | "externalDocs" | "deprecated" | "produces"
                | "servers" | "$ref" => whole,
                _ => None,
            },
            Response => match key {
                "content" => Some(At::names(Media)),
                "headers" => Some(At::names(Header)),
                "schema" => Some(sub),
                "description" | "summary" | "x-summary" | "examples" | "$ref" => whole,
                _ => None,
            },
            Media => match key {
                "schema" => Some(sub),
                "example" | "examples" | "$ref" => whole,
                _ => None,
            },
            Header => matches!(key, "description" | "required" | "$ref").then_some(At::of(Whole)),
            Input => match key {
                "schema" => Some(sub),
                "content" => Some(At::names(Media)),
                "$ref" => whole,
                _ => None,
            },
            Schema { named } => match key {
                k if SCHEMA_MAPS.contains(&k) => Some(At::names(Schema { named: false })),
                k if SUBSCHEMAS.contains(&k) => Some(sub),
                "description" => named.then_some(At::of(Whole)),
                "example" | "examples" | "externalDocs" | "xml" => None,
                k if k.starts_with("x-") => None,
                _ => whole,
            },
        }
    }

    /// Where an element of an array here sits.
    fn element(self) -> At {
        if self.names {
            At::of(Kind::Whole)
        } else {
            self
        }
    }
}

/// A JSON value at a position, with what is not needed there left out.
struct Pruned(At);

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
        while let Some(item) = seq.next_element_seed(Pruned(self.0.element()))? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            match self.0.child(&key) {
                Some(at) => {
                    let value = map.next_value_seed(Pruned(at))?;
                    out.insert(key, value);
                }
                None => {
                    map.next_value::<IgnoredAny>()?;
                }
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
            json!({"paths": {"/a": {"get": {"responses": {"200": {"description": "OK"}}}}}})
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

    #[test]
    fn names_are_kept_whatever_they_are() {
        // Names of headers, properties, schemas and statuses are data, not keywords.
        let v = parse(
            r##"{"openapi": "3.0.3", "x-tools": {"a": {"description": "kept whole"}},
            "components": {
              "headers": {"x-common-marker-version": {"description": "kept", "schema": {"type": "string"}}},
              "schemas": {"tags": {"type": "object", "x-internal": true, "example": {},
                "properties": {"tags": {"type": "array", "description": "not"},
                               "description": {"type": "string"},
                               "parameters": {"type": "object"},
                               "x-rate": {"type": "integer"}},
                "required": ["description"]}},
              "securitySchemes": {"k": {}}},
            "paths": {"/a": {"get": {"tags": ["t"], "responses": {"200": {
              "description": "OK", "x-summary": "kept", "links": {},
              "headers": {"x-common-marker-version": {"$ref": "#/components/headers/x-common-marker-version"}},
              "content": {"application/json": {"encoding": {}, "schema": {"properties": {"description": {"description": "not"}}}}}}}}}}}"##,
        )
        .unwrap();
        assert_eq!(
            v,
            json!({"openapi": "3.0.3", "x-tools": {"a": {"description": "kept whole"}},
            "components": {
              "headers": {"x-common-marker-version": {"description": "kept"}},
              "schemas": {"tags": {"type": "object",
                "properties": {"tags": {"type": "array"},
                               "description": {"type": "string"},
                               "parameters": {"type": "object"},
                               "x-rate": {"type": "integer"}},
                "required": ["description"]}}},
            "paths": {"/a": {"get": {"responses": {"200": {
              "description": "OK", "x-summary": "kept",
              "headers": {"x-common-marker-version": {"$ref": "#/components/headers/x-common-marker-version"}},
              "content": {"application/json": {"schema": {"properties": {"description": {}}}}}}}}}}})
        );
    }
}
