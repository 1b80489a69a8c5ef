//! What a documented response's schema says about its body, read lightly: its name, the
//! JSON types it allows at the top, its required top-level properties and their declared
//! types (`allOf` parts merged), and the RFC 9457 problem types it names, through a
//! discriminator mapping or a `type` member's `enum`/`const`. Then the check a body gets
//! against it: required properties present and of the declared JSON types. This is not
//! JSON Schema validation, and says so by what it checks. What an integer is follows the
//! description's dialect: OpenAPI 3.1 and later (JSON Schema 2020-12) take any number
//! with a zero fractional part (`50001.0`, `5e4`); 3.0 and Swagger 2.0, a number written
//! without a fraction or an exponent.

use std::collections::HashMap;

use serde_json::Value;
use serde_json::value::RawValue;

use super::read::text;
use super::refs::{RefError, Resolved, Resolver};

/// `allOf` parts followed for one schema, nested included.
const MAX_PARTS: usize = 64;

/// A JSON type, as JSON Schema names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonType {
    Object,
    Array,
    String,
    Number,
    Integer,
    Boolean,
    Null,
}

impl JsonType {
    fn of_name(name: &str) -> Option<JsonType> {
        Some(match name {
            "object" => JsonType::Object,
            "array" => JsonType::Array,
            "string" => JsonType::String,
            "number" => JsonType::Number,
            "integer" => JsonType::Integer,
            "boolean" => JsonType::Boolean,
            "null" => JsonType::Null,
            _ => return None,
        })
    }

    /// The name JSON Schema gives it.
    pub fn name(self) -> &'static str {
        match self {
            JsonType::Object => "object",
            JsonType::Array => "array",
            JsonType::String => "string",
            JsonType::Number => "number",
            JsonType::Integer => "integer",
            JsonType::Boolean => "boolean",
            JsonType::Null => "null",
        }
    }

    /// The type of a JSON text, from its first character (and, for numbers, its form,
    /// or its value when `integers` says so).
    fn of_json(text: &str, integers: Integers) -> Option<JsonType> {
        let t = text.trim();
        Some(match t.as_bytes().first()? {
            b'{' => JsonType::Object,
            b'[' => JsonType::Array,
            b'"' => JsonType::String,
            b't' | b'f' => JsonType::Boolean,
            b'n' => JsonType::Null,
            _ if !t.contains(['.', 'e', 'E']) => JsonType::Integer,
            _ if integers == Integers::ByValue && integral(t) => JsonType::Integer,
            _ => JsonType::Number,
        })
    }

    /// True when a value of type `self` fits a declared `want`.
    fn fits(self, want: JsonType) -> bool {
        self == want || (self == JsonType::Integer && want == JsonType::Number)
    }
}

/// What makes a JSON number an integer, by the description's dialect.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Integers {
    /// Written without a fraction or an exponent (OpenAPI 3.0, Swagger 2.0).
    #[default]
    ByForm,
    /// Any number whose fractional part is zero (OpenAPI 3.1, JSON Schema 2020-12).
    ByValue,
}

/// True when a JSON number's value is a whole number, told from its digits (so that no
/// precision is lost): `50001.0`, `5e4` and `1.5e1` are; `1.5` and `1e-1` are not.
fn integral(number: &str) -> bool {
    let t = number.strip_prefix('-').unwrap_or(number);
    let (mantissa, exponent) = match t.find(['e', 'E']) {
        Some(at) => match t[at + 1..].trim_start_matches('+').parse::<i64>() {
            Ok(e) => (&t[..at], e),
            Err(_) => return false,
        },
        None => (t, 0),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    // Digits from this index on are after the point once the exponent moves it.
    let point = (whole.len() as i64).saturating_add(exponent);
    whole
        .bytes()
        .chain(fraction.bytes())
        .enumerate()
        .all(|(i, d)| (i as i64) < point || d == b'0')
}

/// A documented schema, as far as resp checks it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Schema {
    /// The name it is declared under (`ErrorResponse`), or its `title`.
    pub name: Option<String>,
    pub description: Option<String>,
    /// The JSON types allowed at the top; empty: any.
    pub types: Vec<JsonType>,
    /// Required top-level properties, in declared order.
    pub required: Vec<String>,
    /// Declared types of top-level properties (empty list: any).
    pub properties: Vec<(String, Vec<JsonType>)>,
    /// Problem types (RFC 9457) it names, by their `type` value.
    pub problems: Vec<ProblemType>,
    /// What an integer is in the description's dialect.
    pub integers: Integers,
}

/// A problem type a schema names: the `type` value and the schema that describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProblemType {
    pub type_uri: String,
    pub schema: Schema,
}

/// How a body compares with a documented schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodyCheck {
    /// The schema checked against (the problem type's, when the body names one).
    pub schema: Option<String>,
    /// The problem type the body's `type` names, when the schema documents it.
    pub problem: Option<ProblemType>,
    /// What does not fit, one plain sentence each; empty: it fits.
    pub problems: Vec<String>,
}

impl BodyCheck {
    /// True when nothing was found amiss.
    pub fn fits(&self) -> bool {
        self.problems.is_empty()
    }
}

/// Reads `value` (a schema, or a `$ref` to one) as far as resp checks it, integers being
/// what the description's dialect says.
pub fn read(
    value: &Value,
    resolver: &Resolver,
    integers: Integers,
) -> Result<Option<Schema>, RefError> {
    let Some(resolved) = resolver.resolve(value)? else {
        return Ok(None);
    };
    let mut schema = shape(resolved, resolver)?;
    schema.problems = problem_types(resolved.value, resolver)?;
    schema.integers = integers;
    for p in &mut schema.problems {
        p.schema.integers = integers;
    }
    Ok(Some(schema))
}

/// Name, types, required and property types of one resolved schema, `allOf` merged.
fn shape(resolved: Resolved, resolver: &Resolver) -> Result<Schema, RefError> {
    let v = resolved.value;
    let mut schema = Schema {
        name: resolved.name().or_else(|| text(v, "title")),
        description: text(v, "description"),
        ..Schema::default()
    };
    // A schema and its `allOf` parts, walked without recursion; each part once.
    let mut todo = vec![v];
    let mut seen: Vec<*const Value> = Vec::new();
    while let Some(part) = todo.pop() {
        if seen.len() >= MAX_PARTS || seen.contains(&(part as *const Value)) {
            continue;
        }
        seen.push(part);
        if schema.types.is_empty() {
            schema.types = types(part);
        }
        if let Some(required) = part.get("required").and_then(Value::as_array) {
            for name in required.iter().filter_map(Value::as_str) {
                if !schema.required.iter().any(|r| r == name) {
                    schema.required.push(name.to_string());
                }
            }
        }
        if let Some(props) = part.get("properties").and_then(Value::as_object) {
            for (name, prop) in props {
                if schema.properties.iter().any(|(n, _)| n == name) {
                    continue;
                }
                let declared = match resolver.resolve(prop)? {
                    Some(p) => types(p.value),
                    None => Vec::new(),
                };
                schema.properties.push((name.clone(), declared));
            }
        }
        if let Some(parts) = part.get("allOf").and_then(Value::as_array) {
            for p in parts.iter().rev() {
                if let Some(p) = resolver.resolve(p)? {
                    todo.push(p.value);
                }
            }
        }
    }
    if schema.types.is_empty() && (!schema.properties.is_empty() || !schema.required.is_empty()) {
        schema.types = vec![JsonType::Object];
    }
    Ok(schema)
}

/// The types a schema allows: `type` as a name or a list (3.1), with 3.0's `nullable`.
fn types(v: &Value) -> Vec<JsonType> {
    let mut out: Vec<JsonType> = match v.get("type") {
        Some(Value::String(t)) => JsonType::of_name(t).into_iter().collect(),
        Some(Value::Array(ts)) => ts
            .iter()
            .filter_map(|t| t.as_str().and_then(JsonType::of_name))
            .collect(),
        _ => Vec::new(),
    };
    if !out.is_empty() && v.get("nullable") == Some(&Value::Bool(true)) {
        out.push(JsonType::Null);
    }
    out
}

/// The problem types a schema names: its discriminator's mapping when it discriminates
/// on `type`, else each `oneOf`/`anyOf` alternative (or itself) whose `type` property has
/// an `enum` or `const`.
fn problem_types(v: &Value, resolver: &Resolver) -> Result<Vec<ProblemType>, RefError> {
    let mut out: Vec<ProblemType> = Vec::new();
    let mut add = |type_uri: &str, schema: Schema| {
        if !out.iter().any(|p| p.type_uri == type_uri) {
            out.push(ProblemType {
                type_uri: type_uri.to_string(),
                schema,
            });
        }
    };
    let discriminator = v.get("discriminator");
    let on_type = discriminator
        .and_then(|d| d.get("propertyName"))
        .and_then(Value::as_str)
        == Some("type");
    if on_type
        && let Some(mapping) = discriminator
            .and_then(|d| d.get("mapping"))
            .and_then(Value::as_object)
    {
        for (type_uri, target) in mapping {
            let Some(pointer) = target.as_str() else {
                continue;
            };
            // A mapping value is a reference, or (rarely) a bare schema name.
            let reference = if pointer.starts_with('#') || pointer.contains('/') {
                pointer.to_string()
            } else {
                format!("#/components/schemas/{pointer}")
            };
            let as_ref = serde_json::json!({ "$ref": reference });
            if let Some(resolved) = resolver.resolve(&as_ref)? {
                let mut schema = shape(resolved, resolver)?;
                schema.name = Resolved {
                    pointer: Some(pointer),
                    ..resolved
                }
                .name()
                .or(schema.name);
                add(type_uri, schema);
            }
        }
    }
    let alternatives = ["oneOf", "anyOf"]
        .iter()
        .filter_map(|k| v.get(*k).and_then(Value::as_array))
        .flatten()
        .map(|alt| resolver.resolve(alt))
        .collect::<Result<Vec<_>, _>>()?;
    let own = Resolved {
        value: v,
        pointer: None,
    };
    for alt in alternatives
        .into_iter()
        .flatten()
        .chain(std::iter::once(own))
    {
        let schema = shape(alt, resolver)?;
        for type_uri in type_values(alt.value, resolver)? {
            add(&type_uri, schema.clone());
        }
    }
    Ok(out)
}

/// The values a schema's `type` property is limited to (`enum`, `const`), `allOf` parts
/// included.
fn type_values(v: &Value, resolver: &Resolver) -> Result<Vec<String>, RefError> {
    let mut parts = vec![v];
    if let Some(all) = v.get("allOf").and_then(Value::as_array) {
        for p in all.iter().take(MAX_PARTS) {
            if let Some(p) = resolver.resolve(p)? {
                parts.push(p.value);
            }
        }
    }
    let mut out = Vec::new();
    for part in parts {
        let Some(prop) = part.get("properties").and_then(|p| p.get("type")) else {
            continue;
        };
        let Some(prop) = resolver.resolve(prop)? else {
            continue;
        };
        if let Some(c) = prop.value.get("const").and_then(Value::as_str) {
            out.push(c.to_string());
        }
        if let Some(values) = prop.value.get("enum").and_then(Value::as_array) {
            out.extend(values.iter().filter_map(Value::as_str).map(str::to_string));
        }
    }
    Ok(out)
}

impl Schema {
    /// Checks a JSON body against this schema (and the problem type its `type` names);
    /// `None` when the body is not JSON at all.
    pub fn check(&self, body: &[u8]) -> Option<BodyCheck> {
        let raw: &RawValue = serde_json::from_slice(body).ok()?;
        let found = JsonType::of_json(raw.get(), self.integers)?;
        let mut check = BodyCheck {
            schema: self.name.clone(),
            problem: None,
            problems: Vec::new(),
        };
        if !self.types.is_empty() && !self.types.iter().any(|&t| found.fits(t)) {
            check.problems.push(format!(
                "the body is {} {}, documented as {}",
                article(found.name()),
                found.name(),
                names(&self.types)
            ));
            return Some(check);
        }
        if found != JsonType::Object {
            return Some(check);
        }
        let members: HashMap<String, &RawValue> = serde_json::from_str(raw.get()).ok()?;
        let problem = members
            .get("type")
            .and_then(|t| serde_json::from_str::<String>(t.get()).ok())
            .and_then(|t| self.problems.iter().find(|p| p.type_uri == t));
        let against = match problem {
            Some(p) => {
                check.schema = p.schema.name.clone().or(check.schema);
                check.problem = Some(p.clone());
                &p.schema
            }
            None => self,
        };
        for name in &against.required {
            if !members.contains_key(name) {
                check.problems.push(format!("missing `{name}`"));
            }
        }
        for (name, declared) in against.properties.iter().chain(&self.properties) {
            let (Some(value), false) = (members.get(name), declared.is_empty()) else {
                continue;
            };
            let Some(found) = JsonType::of_json(value.get(), against.integers) else {
                continue;
            };
            let said = format!("`{name}` is");
            if !declared.iter().any(|&t| found.fits(t))
                && !check.problems.iter().any(|p| p.starts_with(&said))
            {
                check.problems.push(format!(
                    "{said} {} {}, documented as {}",
                    article(found.name()),
                    found.name(),
                    names(declared)
                ));
            }
        }
        Some(check)
    }
}

fn article(word: &str) -> &'static str {
    if word.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

fn names(types: &[JsonType]) -> String {
    types
        .iter()
        .map(|t| t.name())
        .collect::<Vec<_>>()
        .join(" or ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn doc() -> Value {
        json!({"components": {"schemas": {
            "ErrorResponse": {"type": "object", "required": ["message"],
                              "properties": {"message": {"type": "string"}, "code": {"$ref": "#/components/schemas/Code"}}},
            "Code": {"type": "integer"},
            "Problem": {
                "type": "object", "required": ["type", "title"],
                "properties": {"type": {"type": "string"}, "title": {"type": "string"}},
                "discriminator": {"propertyName": "type", "mapping": {
                    "https://example.com/not-found": "#/components/schemas/NotFound"}},
                "oneOf": [{"$ref": "#/components/schemas/NotFound"}, {"$ref": "#/components/schemas/Limited"}]
            },
            "NotFound": {"description": "No such resource.", "allOf": [{"$ref": "#/components/schemas/Base"},
                {"required": ["resource_id", "resource_type"], "properties": {"resource_id": {"type": "string"}}}]},
            "Base": {"type": "object", "required": ["type"], "properties": {"type": {"type": "string"}}},
            "Limited": {"type": "object", "properties": {"type": {"const": "https://example.com/limited"}}}
        }}})
    }

    fn schema(name: &str) -> Schema {
        let d = doc();
        let r = Resolver::new(&d);
        read(
            &json!({"$ref": format!("#/components/schemas/{name}")}),
            &r,
            Integers::ByForm,
        )
        .unwrap()
        .unwrap()
    }

    #[test]
    fn required_properties_and_types() {
        let s = schema("ErrorResponse");
        assert_eq!(s.name.as_deref(), Some("ErrorResponse"));
        assert_eq!(s.required, ["message"]);
        assert!(s.check(br#"{"message": "x"}"#).unwrap().fits());
        let c = s.check(br#"{"msg": "x", "code": "E1"}"#).unwrap();
        assert_eq!(
            c.problems,
            [
                "missing `message`",
                "`code` is a string, documented as integer"
            ]
        );
        let c = s.check(b"[1]").unwrap();
        assert_eq!(c.problems, ["the body is an array, documented as object"]);
        assert!(s.check(b"not json").is_none());
    }

    #[test]
    fn problem_types_by_mapping_and_const() {
        let s = schema("Problem");
        let uris: Vec<&str> = s.problems.iter().map(|p| p.type_uri.as_str()).collect();
        assert_eq!(
            uris,
            [
                "https://example.com/not-found",
                "https://example.com/limited"
            ]
        );
        let c = s
            .check(
                br#"{"type": "https://example.com/not-found", "title": "x", "resource_id": "7"}"#,
            )
            .unwrap();
        let p = c.problem.as_ref().unwrap();
        assert_eq!(p.schema.name.as_deref(), Some("NotFound"));
        assert_eq!(p.schema.description.as_deref(), Some("No such resource."));
        assert_eq!(p.schema.required, ["type", "resource_id", "resource_type"]);
        assert_eq!(c.problems, ["missing `resource_type`"]);
        assert_eq!(c.schema.as_deref(), Some("NotFound"));
    }

    #[test]
    fn integers_by_the_dialect() {
        for (number, whole) in [
            ("50001.0", true),
            ("5e4", true),
            ("5E+4", true),
            ("1.5e1", true),
            ("-0.0", true),
            ("12.000", true),
            ("1.5", false),
            ("1e-1", false),
            ("50001.0000000000000001", false),
            ("1e99999999999999999999", false),
        ] {
            assert_eq!(integral(number), whole, "{number}");
        }
        let mut s = schema("ErrorResponse");
        let body = br#"{"message": "x", "code": 5e4}"#;
        assert_eq!(
            s.check(body).unwrap().problems,
            ["`code` is a number, documented as integer"]
        );
        s.integers = Integers::ByValue;
        assert!(s.check(body).unwrap().fits());
        assert!(!s.check(br#"{"message": "x", "code": 0.5}"#).unwrap().fits());
    }
}
