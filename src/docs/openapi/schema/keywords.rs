//! One schema's keywords, read out of the description's tree once per check and then
//! consulted for every value the schema applies to: a body of 100,000 items asks the
//! same schema the same questions 100,000 times, and a field read beats a dozen string
//! lookups in a JSON object each time.

use serde_json::{Map, Value};

use super::JsonType;

/// What one schema says, as the check asks it.
#[derive(Debug)]
pub struct Keywords {
    /// The schema in the tree (for the rarer keywords: alternatives, discriminators).
    pub value: &'static Value,
    /// `false` as a schema: nothing fits.
    pub nothing: bool,
    /// The JSON types allowed (with `nullable`'s null); empty: any.
    pub types: Vec<JsonType>,
    pub enumeration: Option<&'static [Value]>,
    pub constant: Option<&'static Value>,
    pub minimum: Option<f64>,
    pub maximum: Option<f64>,
    /// 3.0's boolean forms, applied to `minimum`/`maximum`.
    pub exclusive_minimum_flag: bool,
    pub exclusive_maximum_flag: bool,
    /// 3.1's number forms.
    pub exclusive_minimum: Option<f64>,
    pub exclusive_maximum: Option<f64>,
    pub multiple_of: Option<f64>,
    pub min_length: Option<usize>,
    pub max_length: Option<usize>,
    pub pattern: Option<&'static str>,
    pub format: Option<&'static str>,
    pub properties: Option<&'static Map<String, Value>>,
    pub pattern_properties: Option<&'static Map<String, Value>>,
    /// `additionalProperties`, when false or a schema.
    pub additional: Option<&'static Value>,
    /// Required members less the `writeOnly` ones (filled in by the check, which can
    /// follow references).
    pub required: Vec<&'static str>,
    pub min_properties: Option<usize>,
    pub max_properties: Option<usize>,
    /// `items` as one schema, or draft 4's list.
    pub items: Option<&'static Value>,
    pub prefix_items: Option<&'static [Value]>,
    pub additional_items: Option<&'static Value>,
    pub min_items: Option<usize>,
    pub max_items: Option<usize>,
    pub all_of: Option<&'static [Value]>,
    /// `anyOf`, `oneOf` or `not` present: the value's text is needed to try them.
    pub alternatives: bool,
}

fn count(v: Option<&Value>) -> Option<usize> {
    v.and_then(Value::as_u64)
        .map(|n| usize::try_from(n).unwrap_or(usize::MAX))
}

impl Keywords {
    /// The keywords of `value` (a schema with its `$ref` already followed).
    pub fn of(value: &'static Value) -> Keywords {
        let get = |k: &str| value.get(k);
        let flag = |k: &str| get(k) == Some(&Value::Bool(true));
        let mut types = super::types(value);
        if !types.is_empty() && flag("x-nullable") && !types.contains(&JsonType::Null) {
            types.push(JsonType::Null);
        }
        let additional =
            get("additionalProperties").filter(|a| a.is_object() || a == &&Value::Bool(false));
        Keywords {
            value,
            nothing: value == &Value::Bool(false),
            types,
            enumeration: get("enum")
                .and_then(Value::as_array)
                .map(Vec::as_slice)
                .filter(|values| values.iter().all(|v| !v.is_object() && !v.is_array())),
            constant: get("const").filter(|c| !c.is_object() && !c.is_array()),
            minimum: get("minimum").and_then(Value::as_f64),
            maximum: get("maximum").and_then(Value::as_f64),
            exclusive_minimum_flag: flag("exclusiveMinimum"),
            exclusive_maximum_flag: flag("exclusiveMaximum"),
            exclusive_minimum: get("exclusiveMinimum").and_then(Value::as_f64),
            exclusive_maximum: get("exclusiveMaximum").and_then(Value::as_f64),
            multiple_of: get("multipleOf")
                .and_then(Value::as_f64)
                .filter(|m| *m > 0.0),
            min_length: count(get("minLength")),
            max_length: count(get("maxLength")),
            pattern: get("pattern").and_then(Value::as_str),
            format: get("format").and_then(Value::as_str),
            properties: get("properties").and_then(Value::as_object),
            pattern_properties: get("patternProperties")
                .and_then(Value::as_object)
                .filter(|p| !p.is_empty()),
            additional,
            required: Vec::new(),
            min_properties: count(get("minProperties")),
            max_properties: count(get("maxProperties")),
            items: get("items"),
            prefix_items: get("prefixItems")
                .and_then(Value::as_array)
                .map(Vec::as_slice),
            additional_items: get("additionalItems").filter(|a| a.is_object()),
            min_items: count(get("minItems")),
            max_items: count(get("maxItems")),
            all_of: get("allOf").and_then(Value::as_array).map(Vec::as_slice),
            alternatives: ["anyOf", "oneOf", "not"].iter().any(|k| get(k).is_some()),
        }
    }

    /// True when the schema's `type` allows `found` (or it has none).
    pub fn allows(&self, found: JsonType) -> bool {
        self.types.is_empty()
            || self
                .types
                .iter()
                .any(|&t| t == found || (found == JsonType::Integer && t == JsonType::Number))
    }
}
