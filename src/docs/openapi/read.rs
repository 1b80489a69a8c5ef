//! Reading a parsed description (a JSON tree, from JSON or YAML) into the model: the
//! version, the servers' base paths, every operation of every path item (3.2's
//! `additionalOperations` included) with its documented responses, their content
//! (schemas through `schema.rs`, examples), headers and summaries (folded to one line).
//! Every `$ref` met on the way is followed here, so a broken one fails the load naming
//! where it was used; a response or schema reached by reference is read once and shared.

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

use serde_json::Value;

use super::Description;
use super::refs::{Resolver, shown};
use super::schema::Integers;
use super::{
    Content, DescriptionError, DocHeader, DocResponse, JsonType, MAX_EXAMPLE, METHODS, Operation,
    Schema, StatusKey, Version, fail, floor_boundary, paths, schema,
};

/// Reads a parsed description into the model.
pub fn read(root: &'static Value, file: &str) -> Result<Description, DescriptionError> {
    let version_text = |v: &Value| match v {
        Value::String(s) => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    };
    let version = match (root.get("openapi"), root.get("swagger")) {
        (Some(v), _) => match version_text(v) {
            Some(v) if v.starts_with("3.") => Version::OpenApi3(v),
            Some(v) => {
                return fail(format!(
                    "openapi version '{v}' is not one resp reads (3.0, 3.1, 3.2; or swagger 2.0)"
                ));
            }
            None => return fail("`openapi` is not a version number"),
        },
        (None, Some(v)) => match version_text(v) {
            Some(v) if v == "2.0" || v == "2" => Version::Swagger2,
            Some(v) => {
                return fail(format!(
                    "swagger version '{v}' is not one resp reads (2.0; or openapi 3.x)"
                ));
            }
            None => return fail("`swagger` is not a version number"),
        },
        (None, None) => {
            return fail(
                "not an OpenAPI or Swagger description: no top-level `openapi` or `swagger`",
            );
        }
    };
    if !root.is_object() {
        return fail("a description is an object at the top");
    }
    let file: Arc<str> = Arc::from(file);
    let resolver = Resolver::new(root);
    let mut reader = Reader {
        resolver: &resolver,
        version: &version,
        produces: strings(root.get("produces")),
        schemas: HashMap::new(),
        responses: HashMap::new(),
    };
    let mut items = Vec::new();
    let mut item_servers: Vec<Vec<String>> = Vec::new();
    if let Some(paths) = root.get("paths") {
        let Some(paths) = paths.as_object() else {
            return fail("`paths` is not an object");
        };
        for (template, item) in paths {
            if !template.starts_with('/') {
                continue;
            }
            let Some(item) = resolver.resolve(item).map_err(|e| at_path(template, e.0))? else {
                continue;
            };
            let mut operations = Vec::new();
            let extra = item
                .value
                .get("additionalOperations")
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
                .map(|(m, op)| (m.as_str(), op));
            let standard = METHODS
                .iter()
                .filter_map(|m| item.value.get(*m).map(|op| (*m, op)));
            for (method, op) in standard.chain(extra) {
                let op = reader.operation(method, template, op, &file).map_err(|e| {
                    at_path(&format!("{} {template}", method.to_ascii_uppercase()), e)
                })?;
                operations.push(Arc::new(op));
            }
            items.push((template.clone(), operations));
            item_servers.push(server_paths(item.value));
        }
    }
    let bases = match &version {
        Version::Swagger2 => vec![
            root.get("basePath")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string(),
        ],
        Version::OpenApi3(_) => {
            let servers = server_paths(root);
            if servers.is_empty() {
                vec![String::new()]
            } else {
                servers
            }
        }
    };
    // A path item's own `servers` replace the document's for its operations.
    let index = paths::Index::new(
        &bases,
        items
            .iter()
            .map(|(t, _)| t.as_str())
            .zip(item_servers.iter().map(Vec::as_slice)),
    );
    Ok(Description {
        file,
        version,
        title: root
            .get("info")
            .and_then(|i| i.get("title"))
            .and_then(Value::as_str)
            .map(str::to_string),
        items,
        index,
        external: resolver.external(),
        servers: crate::docs::hosts::server_urls(root),
    })
}

/// The base paths of a 3.x object's `servers` (the document's, or a path item's).
fn server_paths(v: &Value) -> Vec<String> {
    v.get("servers")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|s| s.get("url").and_then(Value::as_str))
        .map(paths::base_path)
        .collect()
}

/// An error under a path item or operation, named (cut when long, as pointers are).
fn at_path(path: &str, e: impl fmt::Display) -> DescriptionError {
    DescriptionError {
        at: None,
        message: format!("{}: {e}", shown(path)),
    }
}

fn strings(v: Option<&Value>) -> Vec<String> {
    v.and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .map(str::to_string)
        .collect()
}

/// The trimmed, non-empty string at `key`.
pub(super) fn text(v: &Value, key: &str) -> Option<String> {
    v.get(key)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// A summary as one line: a title, though some are written over several lines or
/// paragraphs; each run of white space (line breaks included) becomes one space.
pub(super) fn fold(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Reads operations, remembering schemas already read by their reference.
struct Reader<'r> {
    resolver: &'r Resolver<'static>,
    version: &'r Version,
    /// Swagger 2.0's document-wide `produces`.
    produces: Vec<String>,
    schemas: HashMap<String, Option<Arc<Schema>>>,
    /// Responses read by reference.
    responses: HashMap<String, Arc<DocResponse>>,
}

impl Reader<'_> {
    fn operation(
        &mut self,
        method: &str,
        path: &str,
        op: &'static Value,
        file: &Arc<str>,
    ) -> Result<Operation, String> {
        let op = match self.resolver.resolve(op).map_err(|e| e.0)? {
            Some(op) => op.value,
            None => &Value::Null,
        };
        let mut responses = Vec::new();
        let produces = match strings(op.get("produces")) {
            p if !p.is_empty() => p,
            _ => self.produces.clone(),
        };
        if let Some(map) = op.get("responses").and_then(Value::as_object) {
            for (key, response) in map {
                let Some(status) = StatusKey::of(key.trim()) else {
                    continue;
                };
                // A response by reference is read once per status key (and media types).
                let cache_key = response
                    .get("$ref")
                    .and_then(Value::as_str)
                    .map(|r| format!("{r}\u{0}{status}\u{0}{}", produces.join(",")));
                if let Some(known) = cache_key.as_ref().and_then(|k| self.responses.get(k)) {
                    responses.push(known.clone());
                    continue;
                }
                let r = Arc::new(
                    self.response(status, response, &produces)
                        .map_err(|e| format!("response {status}: {e}"))?,
                );
                if let Some(k) = cache_key {
                    self.responses.insert(k, r.clone());
                }
                responses.push(r);
            }
        }
        Ok(Operation {
            method: method.to_ascii_uppercase(),
            path: path.to_string(),
            id: text(op, "operationId"),
            summary: text(op, "summary").map(|s| fold(&s)),
            docs_url: op.get("externalDocs").and_then(|d| text(d, "url")),
            deprecated: op.get("deprecated") == Some(&Value::Bool(true)),
            responses,
            file: file.clone(),
        })
    }

    fn response(
        &mut self,
        key: StatusKey,
        value: &'static Value,
        produces: &[String],
    ) -> Result<DocResponse, String> {
        let Some(resolved) = self.resolver.resolve(value).map_err(|e| e.0)? else {
            return Ok(DocResponse {
                key,
                description: String::new(),
                summary: None,
                contents: Vec::new(),
                headers: Vec::new(),
                external: value
                    .get("$ref")
                    .and_then(Value::as_str)
                    .map(str::to_string),
            });
        };
        let r = resolved.value;
        let mut contents = Vec::new();
        match self.version {
            Version::OpenApi3(_) => {
                for (media_type, media) in r
                    .get("content")
                    .and_then(Value::as_object)
                    .into_iter()
                    .flatten()
                {
                    let media = match self.resolver.resolve(media).map_err(|e| e.0)? {
                        Some(m) => m.value,
                        None => continue,
                    };
                    let example = match media.get("example") {
                        Some(e) => Some(e),
                        None => media
                            .get("examples")
                            .and_then(Value::as_object)
                            .and_then(|all| all.values().next())
                            .map(|e| self.resolver.resolve(e))
                            .transpose()
                            .map_err(|e| e.0)?
                            .flatten()
                            .and_then(|e| e.value.get("value")),
                    };
                    contents.push(Content {
                        media_type: media_type.clone(),
                        schema: self.schema(media.get("schema"))?,
                        example: example.map(example_text),
                    });
                }
            }
            Version::Swagger2 => {
                let schema = self.schema(r.get("schema"))?;
                let examples = r.get("examples").and_then(Value::as_object);
                let types: Vec<String> = if produces.is_empty() {
                    vec!["application/json".to_string()]
                } else {
                    produces.to_vec()
                };
                if schema.is_some() || examples.is_some() {
                    for media_type in types {
                        let example = examples.and_then(|e| e.get(&media_type)).map(example_text);
                        contents.push(Content {
                            media_type,
                            schema: schema.clone(),
                            example,
                        });
                    }
                }
            }
        }
        let mut headers = Vec::new();
        for (name, header) in r
            .get("headers")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            let header = self.resolver.resolve(header).map_err(|e| e.0)?;
            let header = header.map_or(&Value::Null, |h| h.value);
            headers.push(DocHeader {
                name: name.clone(),
                description: text(header, "description"),
                required: header.get("required") == Some(&Value::Bool(true)),
            });
        }
        Ok(DocResponse {
            key,
            description: text(r, "description").unwrap_or_default(),
            summary: text(r, "summary")
                .or_else(|| text(r, "x-summary"))
                .map(|s| fold(&s)),
            contents,
            headers,
            external: None,
        })
    }

    /// A schema, read once per reference.
    fn schema(&mut self, value: Option<&'static Value>) -> Result<Option<Arc<Schema>>, String> {
        let Some(value) = value else {
            return Ok(None);
        };
        let reference = value
            .as_object()
            .filter(|o| o.len() == 1)
            .and_then(|o| o.get("$ref"))
            .and_then(Value::as_str);
        if let Some(reference) = reference
            && let Some(known) = self.schemas.get(reference)
        {
            return Ok(known.clone());
        }
        let integers = match self.version {
            Version::OpenApi3(v) if !(v == "3" || v.starts_with("3.0")) => Integers::ByValue,
            _ => Integers::ByForm,
        };
        let schema = schema::read(value, self.resolver, integers).map_err(|e| e.0)?;
        let schema = schema.map(|mut s| {
            // An array of a named schema is named after its items.
            if s.name.is_none()
                && s.types == [JsonType::Array]
                && let Some(items) = value.get("items")
                && let Ok(Some(items)) = self.resolver.resolve(items)
                && let Some(name) = items.name()
            {
                s.name = Some(format!("array of {name}"));
            }
            Arc::new(s)
        });
        if let Some(reference) = reference {
            self.schemas.insert(reference.to_string(), schema.clone());
        }
        Ok(schema)
    }
}

/// A documented example as shown: JSON compact, text as it is, cut to a few KB.
fn example_text(v: &Value) -> String {
    let mut text = match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    if text.len() > MAX_EXAMPLE {
        let end = floor_boundary(&text, MAX_EXAMPLE);
        text.truncate(end);
        text.push('…');
    }
    text
}
