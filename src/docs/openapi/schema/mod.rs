//! What a documented response's schema says about its body. Read at load, lightly, for
//! showing: its name, the JSON types it allows at the top, its required top-level
//! properties (`allOf` parts merged), and the RFC 9457 problem types it names, through a
//! discriminator mapping or a `type` member's `enum`/`const`. Checked on a body, in full
//! (`check.rs`): the schema stays where the description's tree holds it, and a body is
//! walked against it only when one comes. What an integer is follows the description's
//! dialect: OpenAPI 3.1 and later (JSON Schema 2020-12) take any number with a zero
//! fractional part (`50001.0`, `5e4`); 3.0 and Swagger 2.0, a number written without a
//! fraction or an exponent.

mod alternatives;
mod check;
mod format;
mod keywords;
mod pattern;
mod walk;

use std::fmt;

use serde_json::Value;

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
    pub(super) fn of_name(name: &str) -> Option<JsonType> {
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
    /// It declares properties (so, without a `type`, it describes an object).
    pub has_properties: bool,
    /// Problem types (RFC 9457) it names, by their `type` value.
    pub problems: Vec<ProblemType>,
    /// What an integer is in the description's dialect.
    pub integers: Integers,
    /// The schema in the description's tree, for the full check.
    pub node: Option<Node>,
}

/// A schema where the description's tree holds it: the tree is read once and kept for
/// the process's life, so a schema is checked where it stands, never copied.
#[derive(Clone, Copy)]
pub struct Node {
    pub root: &'static Value,
    pub value: &'static Value,
}

impl PartialEq for Node {
    fn eq(&self, other: &Node) -> bool {
        std::ptr::eq(self.value, other.value) && std::ptr::eq(self.root, other.root)
    }
}

impl Eq for Node {}

impl fmt::Debug for Node {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Node({:p})", self.value)
    }
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
    /// What does not fit, one plain sentence each, the first few; empty: it fits.
    pub problems: Vec<String>,
    /// Mismatches past those listed.
    pub more: usize,
    /// What is odd but allowed (formats), or could not be checked; the first few.
    pub warnings: Vec<String>,
    pub more_warnings: usize,
    /// The alternative a discriminator picked for the body: `Dog (by `petType`)`.
    pub branch: Option<String>,
    /// True for a schema's verdict; false for one on the body as a whole (its content
    /// type, its absence).
    pub from_schema: bool,
}

impl BodyCheck {
    /// A verdict on the body as a whole, not from a schema (an undocumented content
    /// type, an empty body).
    pub fn plain(problem: String) -> BodyCheck {
        BodyCheck {
            schema: None,
            problem: None,
            problems: vec![problem],
            more: 0,
            warnings: Vec::new(),
            more_warnings: 0,
            branch: None,
            from_schema: false,
        }
    }

    /// True when nothing was found amiss.
    pub fn fits(&self) -> bool {
        self.problems.is_empty() && self.more == 0
    }

    /// The mismatches counted, listed and not.
    pub fn mismatches(&self) -> usize {
        self.problems.len() + self.more
    }
}

/// Reads `value` (a schema, or a `$ref` to one) as far as resp checks it, integers being
/// what the description's dialect says.
pub fn read(
    value: &'static Value,
    resolver: &Resolver<'static>,
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
fn shape(resolved: Resolved<'static>, resolver: &Resolver<'static>) -> Result<Schema, RefError> {
    let v = resolved.value;
    let mut schema = Schema {
        name: resolved.name().or_else(|| text(v, "title")),
        description: text(v, "description"),
        node: Some(Node {
            root: resolver.root(),
            value: v,
        }),
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
        // The members themselves are read when a body is checked, not at load.
        if part
            .get("properties")
            .and_then(Value::as_object)
            .is_some_and(|p| !p.is_empty())
        {
            schema.has_properties = true;
        }
        if let Some(parts) = part.get("allOf").and_then(Value::as_array) {
            for p in parts.iter().rev() {
                if let Some(p) = resolver.resolve(p)? {
                    todo.push(p.value);
                }
            }
        }
    }
    if schema.types.is_empty() && (schema.has_properties || !schema.required.is_empty()) {
        schema.types = vec![JsonType::Object];
    }
    Ok(schema)
}

/// The types a schema allows: `type` as a name or a list (3.1), with 3.0's `nullable`.
pub(super) fn types(v: &Value) -> Vec<JsonType> {
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
fn problem_types(
    v: &'static Value,
    resolver: &Resolver<'static>,
) -> Result<Vec<ProblemType>, RefError> {
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
            let resolved = if pointer.starts_with('#') || pointer.contains('/') {
                resolver.resolve_ref(pointer)?
            } else {
                resolver
                    .root()
                    .get("components")
                    .and_then(|c| c.get("schemas"))
                    .and_then(|c| c.get(pointer))
                    .map(|value| resolver.resolve(value))
                    .transpose()?
                    .flatten()
            };
            if let Some(resolved) = resolved {
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
    /// Checks a JSON body against this schema, in full; `None` when the body is not JSON
    /// at all. `problems_apply` says the response is an error (4xx, 5xx) or
    /// `application/problem+json`: only then does a top-level `type` member naming one of
    /// the schema's problem types pick that problem type's schema.
    pub fn check(&self, body: &[u8], problems_apply: bool) -> Option<BodyCheck> {
        let problem = if problems_apply && !self.problems.is_empty() {
            problem_named(body).and_then(|t| self.problems.iter().find(|p| p.type_uri == t))
        } else {
            None
        };
        let against = problem.map_or(self, |p| &p.schema);
        let mut result = BodyCheck {
            schema: against.name.clone().or(self.name.clone()),
            problem: problem.cloned(),
            from_schema: true,
            ..BodyCheck::plain(String::new())
        };
        result.problems.clear();
        let Some(node) = against.node else {
            // Nothing to check against: a body that parses fits.
            serde_json::from_slice::<serde::de::IgnoredAny>(body).ok()?;
            return Some(result);
        };
        let outcome = check::check(body, node.root, node.value, self.integers)?;
        result.problems = outcome.mismatches;
        result.more = outcome.more;
        result.warnings = outcome.warnings;
        result.more_warnings = outcome.more_warnings;
        result.branch = outcome.branch;
        Some(result)
    }
}

/// The string a JSON object body holds in its top-level `type` member, if any.
fn problem_named(body: &[u8]) -> Option<String> {
    #[derive(serde::Deserialize)]
    struct Typed {
        #[serde(rename = "type")]
        type_uri: Option<String>,
    }
    serde_json::from_slice::<Typed>(body).ok()?.type_uri
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
        let d: &'static Value = Box::leak(Box::new(doc()));
        let r = Resolver::new(d);
        let reference: &'static Value = Box::leak(Box::new(
            json!({"$ref": format!("#/components/schemas/{name}")}),
        ));
        read(reference, &r, Integers::ByForm).unwrap().unwrap()
    }

    #[test]
    fn required_properties_and_types() {
        let s = schema("ErrorResponse");
        assert_eq!(s.name.as_deref(), Some("ErrorResponse"));
        assert_eq!(s.required, ["message"]);
        assert!(s.check(br#"{"message": "x"}"#, false).unwrap().fits());
        let c = s.check(br#"{"msg": "x", "code": "E1"}"#, false).unwrap();
        assert_eq!(
            c.problems,
            [
                "/code: a string, documented as integer",
                "/message: missing, documented as required",
            ]
        );
        let c = s.check(b"[1]", false).unwrap();
        assert_eq!(c.problems, ["the body: an array, documented as object"]);
        assert!(s.check(b"not json", false).is_none());
        assert!(s.check(br#"{"message": "x"} trailing"#, false).is_none());
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
        let body =
            br#"{"type": "https://example.com/not-found", "title": "x", "resource_id": "7"}"#;
        // In a success, `type` is the resource's own member: no problem type.
        assert!(s.check(body, false).unwrap().problem.is_none());
        let c = s.check(body, true).unwrap();
        let p = c.problem.as_ref().unwrap();
        assert_eq!(p.schema.name.as_deref(), Some("NotFound"));
        assert_eq!(p.schema.description.as_deref(), Some("No such resource."));
        assert_eq!(p.schema.required, ["type", "resource_id", "resource_type"]);
        assert_eq!(
            c.problems,
            ["/resource_type: missing, documented as required"]
        );
        assert_eq!(c.schema.as_deref(), Some("NotFound"));
    }

    #[test]
    fn integers_by_the_dialect() {
        let mut s = schema("ErrorResponse");
        let body = br#"{"message": "x", "code": 5e4}"#;
        assert_eq!(
            s.check(body, false).unwrap().problems,
            ["/code: a number, documented as integer"]
        );
        s.integers = Integers::ByValue;
        assert!(s.check(body, false).unwrap().fits());
        assert!(
            s.check(br#"{"message": "x", "code": 50001.0}"#, false)
                .unwrap()
                .fits()
        );
        assert!(
            !s.check(br#"{"message": "x", "code": 0.5}"#, false)
                .unwrap()
                .fits()
        );
    }
}
