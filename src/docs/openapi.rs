//! OpenAPI 3.0, 3.1 and 3.2 and Swagger 2.0 descriptions, in JSON or YAML, read into our
//! own model: each operation (method, path template, `operationId`, summary, external
//! docs) with its documented responses (status code, `4XX` range or `default`; the
//! description; the schema named for each content type; the documented headers; an
//! example), and an index of the path templates under the servers' base paths.
//!
//! Everything is read and resolved once, at load: `$ref`s are followed wherever they sit
//! on the way to what is shown (`refs.rs`), so a broken one fails the load naming its
//! pointer, and references outside the document are collected for one warning. After
//! that, answering is looking up (`paths.rs`) and reading our structs, shared through
//! `Arc` so a judged response holds its answer cheaply. The parsed tree is kept for the
//! process's life (it was never freed: freeing it cost as much as building it), and a
//! body's full schema check (`schema/`) walks the schemas in it when a body comes.

mod json;
mod paths;
mod read;
mod refs;
mod schema;
mod yaml;

use std::fmt;
use std::sync::Arc;

pub(crate) use refs::shown;
pub use schema::{BodyCheck, Integers, JsonType, ProblemType, Schema};
pub use yaml::YamlError;

/// The methods a path item may hold operations for (3.2 adds `query`).
const METHODS: [&str; 9] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace", "query",
];

/// Bytes of a documented example kept for showing.
const MAX_EXAMPLE: usize = 4096;

/// Which kind of description a document is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Version {
    Swagger2,
    /// `openapi: 3.x.y`, as written.
    OpenApi3(String),
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Version::Swagger2 => f.write_str("Swagger 2.0"),
            Version::OpenApi3(v) => write!(f, "OpenAPI {v}"),
        }
    }
}

/// Which statuses a documented response stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum StatusKey {
    Code(u16),
    /// `4XX`: the first digit.
    Range(u8),
    Default,
}

impl StatusKey {
    fn of(key: &str) -> Option<StatusKey> {
        let b = key.as_bytes();
        if key.eq_ignore_ascii_case("default") {
            return Some(StatusKey::Default);
        }
        if b.len() != 3 || !b[0].is_ascii_digit() {
            return None;
        }
        if key[1..].eq_ignore_ascii_case("xx") {
            return (b'1'..=b'5')
                .contains(&b[0])
                .then_some(StatusKey::Range(b[0] - b'0'));
        }
        key.parse::<u16>()
            .ok()
            .filter(|c| (100..=999).contains(c))
            .map(StatusKey::Code)
    }

    /// True when this key stands for `status` (a code or its range; `default` for any).
    pub fn covers(self, status: u16) -> bool {
        match self {
            StatusKey::Code(c) => c == status,
            StatusKey::Range(d) => status / 100 == u16::from(d),
            StatusKey::Default => true,
        }
    }
}

impl fmt::Display for StatusKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StatusKey::Code(c) => write!(f, "{c:03}"),
            StatusKey::Range(d) => write!(f, "{d}XX"),
            StatusKey::Default => f.write_str("default"),
        }
    }
}

/// One documented operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Operation {
    /// Upper case: `POST`.
    pub method: String,
    /// The path template as written: `/containers/{id}/start`.
    pub path: String,
    pub id: Option<String>,
    pub summary: Option<String>,
    /// `externalDocs.url`.
    pub docs_url: Option<String>,
    pub deprecated: bool,
    /// In the document's order.
    pub responses: Vec<Arc<DocResponse>>,
    /// The description file it came from.
    pub file: Arc<str>,
}

/// One documented response of an operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocResponse {
    pub key: StatusKey,
    pub description: String,
    /// 3.2's `summary`, or an `x-summary`.
    pub summary: Option<String>,
    /// Per media type, in the document's order.
    pub contents: Vec<Content>,
    pub headers: Vec<DocHeader>,
    /// Set when the response itself is defined outside the document (not followed).
    pub external: Option<String>,
}

/// A documented body for one media type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Content {
    pub media_type: String,
    pub schema: Option<Arc<Schema>>,
    /// The documented example, as compact JSON (or text), cut to a few KB.
    pub example: Option<String>,
}

/// A header documented for a response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocHeader {
    pub name: String,
    pub description: Option<String>,
    pub required: bool,
}

/// What an operation documents for one status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StatusMatch {
    /// The status's own code.
    Code(Arc<DocResponse>),
    /// Its range (`4XX`).
    Range(Arc<DocResponse>),
    /// Only the `default` response: not documented for the operation.
    Default(Arc<DocResponse>),
    /// Nothing at all.
    Undocumented,
}

impl StatusMatch {
    /// The documented response, whichever way it matched.
    pub fn response(&self) -> Option<&Arc<DocResponse>> {
        match self {
            StatusMatch::Code(r) | StatusMatch::Range(r) | StatusMatch::Default(r) => Some(r),
            StatusMatch::Undocumented => None,
        }
    }

    /// True when the operation lists the status (its code or its range).
    pub fn is_documented(&self) -> bool {
        matches!(self, StatusMatch::Code(_) | StatusMatch::Range(_))
    }
}

impl Operation {
    /// The operation's answer for `status`: its code, then its range, then `default`.
    pub fn status(&self, status: u16) -> StatusMatch {
        let find = |want: fn(StatusKey, u16) -> bool| {
            self.responses.iter().find(|r| want(r.key, status)).cloned()
        };
        if let Some(r) = find(|k, s| k == StatusKey::Code(s)) {
            return StatusMatch::Code(r);
        }
        if let Some(r) = find(|k, s| matches!(k, StatusKey::Range(_)) && k.covers(s)) {
            return StatusMatch::Range(r);
        }
        match find(|k, _| k == StatusKey::Default) {
            Some(r) => StatusMatch::Default(r),
            None => StatusMatch::Undocumented,
        }
    }

    /// The documented responses in numeric order: codes, each range after its codes
    /// (`404`, `429`, `4XX`), `default` last.
    pub fn by_status(&self) -> Vec<&Arc<DocResponse>> {
        let mut out: Vec<&Arc<DocResponse>> = self.responses.iter().collect();
        out.sort_by_key(|r| match r.key {
            StatusKey::Code(c) => (u32::from(c), 0),
            StatusKey::Range(d) => (u32::from(d) * 100 + 99, 1),
            StatusKey::Default => (u32::MAX, 2),
        });
        out
    }

    /// `POST /containers/{id}/start`.
    pub fn title(&self) -> String {
        format!("{} {}", self.method, self.path)
    }
}

impl DocResponse {
    /// The documented body for a response's media type: the exact type, then `type/*`,
    /// then `*/*`; without one (or none matching), the first JSON one, else the first.
    pub fn content_for(&self, media_type: Option<&str>) -> Option<&Content> {
        let exact = media_type.and_then(|m| {
            let major = m.split('/').next().unwrap_or_default();
            self.contents
                .iter()
                .find(|c| c.media_type.eq_ignore_ascii_case(m))
                .or_else(|| {
                    self.contents
                        .iter()
                        .find(|c| c.media_type.eq_ignore_ascii_case(&format!("{major}/*")))
                })
                .or_else(|| self.contents.iter().find(|c| c.media_type == "*/*"))
        });
        exact.or_else(|| match media_type {
            Some(_) => None,
            None => self
                .contents
                .iter()
                .find(|c| is_json(&c.media_type))
                .or_else(|| self.contents.first()),
        })
    }

    /// The schema name shown for this response (the first content's that has one).
    pub fn schema_name(&self, media_type: Option<&str>) -> Option<&str> {
        self.content_for(media_type)
            .or_else(|| self.contents.iter().find(|c| c.schema.is_some()))
            .and_then(|c| c.schema.as_ref())
            .and_then(|s| s.name.as_deref())
    }
}

/// `application/json`, `application/problem+json` and the like.
pub fn is_json(media_type: &str) -> bool {
    let m = media_type.to_ascii_lowercase();
    m == "application/json" || m.ends_with("+json") || m == "*/*"
}

/// Why a request matched no operation of a description.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoMatch {
    /// No path template matches the request's path.
    Path,
    /// A template matches, but it has no operation for the method.
    Method { path: String, methods: Vec<String> },
    /// No template matches, but `template` would with the last segments (`value`, which
    /// holds `/`) percent-encoded as one path parameter.
    Encoded { template: String, value: String },
}

/// A description, read.
#[derive(Debug)]
pub struct Description {
    pub file: Arc<str>,
    pub version: Version,
    pub title: Option<String>,
    /// Path items: the template and its operations.
    items: Vec<(String, Vec<Arc<Operation>>)>,
    index: paths::Index,
    /// References to other documents met (not followed).
    pub external: Vec<String>,
    /// The servers' URLs (and a Swagger 2.0 `host`), as written: the hosts it is for.
    pub servers: Vec<String>,
}

/// A description that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DescriptionError {
    /// Line and column (1-based) for a syntax error.
    pub at: Option<(usize, usize)>,
    pub message: String,
}

impl fmt::Display for DescriptionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.at {
            Some((line, column)) => write!(f, "line {line}, column {column}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for DescriptionError {}

fn fail<T>(message: impl Into<String>) -> Result<T, DescriptionError> {
    Err(DescriptionError {
        at: None,
        message: message.into(),
    })
}

/// How a description file is written, told from its content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    Json,
    Yaml,
}

/// Whether `text` is an OpenAPI or Swagger description, and in which syntax: JSON with a
/// top-level `"openapi"` or `"swagger"` member, or YAML with such a key at the start of a
/// line. `yaml_by_name` says the file's name ends in `.yaml`/`.yml`. JSON's member may be
/// anywhere among the top-level ones.
pub fn sniff(text: &str, yaml_by_name: bool) -> Option<Syntax> {
    let body = text.trim_start_matches('\u{feff}').trim_start();
    if body.starts_with('{') {
        // Wherever the member sits: published descriptions with sorted keys open with
        // `components` or `definitions`. Not valid JSON: named near the top, it is a
        // description with an error to report, line and column.
        let named = json::names_a_version(body).unwrap_or_else(|| {
            let head = &body[..floor_boundary(body, 4096)];
            head.contains("\"openapi\"") || head.contains("\"swagger\"")
        });
        return named.then_some(Syntax::Json);
    }
    let yaml_key = body.lines().take(2000).any(|l| {
        [
            "openapi:",
            "swagger:",
            "\"openapi\":",
            "\"swagger\":",
            "'openapi':",
            "'swagger':",
        ]
        .iter()
        .any(|k| l.starts_with(k))
    });
    (yaml_key || yaml_by_name).then_some(Syntax::Yaml)
}

fn floor_boundary(s: &str, at: usize) -> usize {
    let mut at = at.min(s.len());
    while !s.is_char_boundary(at) {
        at -= 1;
    }
    at
}

impl Description {
    /// Parses and reads a description file's text.
    pub fn parse(text: &str, syntax: Syntax, file: &str) -> Result<Description, DescriptionError> {
        let root = match syntax {
            Syntax::Json => json::parse(text).map_err(|e| DescriptionError {
                at: Some((e.line(), e.column())),
                message: format!(
                    "not valid JSON: {}",
                    e.to_string().split(" at line ").next().unwrap_or_default()
                ),
            })?,
            Syntax::Yaml => yaml::parse(text).map_err(|e| DescriptionError {
                at: Some((e.line, e.column)),
                message: if e.limit {
                    format!("not read: {}", e.message)
                } else {
                    format!("not valid YAML: {}", e.message)
                },
            })?,
        };
        // The tree is hundreds of thousands of small allocations, and freeing them one by
        // one took as long as building them (60 ms of a 5 MB description's 130). It is
        // read once per process and kept for its life (the process's exit reclaims it: a
        // bounded, one-time cost, not a leak that grows), which lets a body be checked
        // against its schema where it stands, with nothing compiled at load.
        let root: &'static serde_json::Value = Box::leak(Box::new(root));
        read::read(root, file)
    }

    /// The operation `method` on `url` (a full URL or a path) documents, if any. The
    /// most literal template that matches decides (`/issues/comments` before
    /// `/issues/{number}`, as the specification says): when it lacks the method, the
    /// answer is that the path is documented and the method not, rather than a less
    /// literal sibling's operation. A path parameter holds no `/`: a path that matches
    /// only with its last segments as one parameter matches nothing, and says which
    /// template it would match encoded.
    pub fn find(&self, method: &str, url: &str) -> Result<&Arc<Operation>, NoMatch> {
        let matches = self.index.find(url);
        let literal = |i: usize| {
            self.items[i]
                .0
                .split('/')
                .filter(|s| !s.is_empty() && !s.contains('{'))
                .count()
        };
        let best = matches.first().map(|&i| literal(i));
        for &i in matches.iter().take_while(|&&i| Some(literal(i)) == best) {
            if let Some(op) = self.items[i]
                .1
                .iter()
                .find(|op| op.method.eq_ignore_ascii_case(method))
            {
                return Ok(op);
            }
        }
        match matches.first() {
            Some(&i) => Err(NoMatch::Method {
                path: self.items[i].0.clone(),
                methods: self.items[i].1.iter().map(|op| op.method.clone()).collect(),
            }),
            None => Err(self.encoded(method, url).unwrap_or(NoMatch::Path)),
        }
    }

    /// The template a path would match with its last segments encoded as one parameter.
    fn encoded(&self, method: &str, url: &str) -> Option<NoMatch> {
        let segments = paths::request_segments(url);
        let n = segments.len();
        // Joining the last two segments, then three, …: the fewest that match.
        for from in (1..n.saturating_sub(1)).rev().take(16) {
            let value = segments[from..].join("/");
            let escape = |s: &str| s.replace('%', "%25").replace('/', "%2F");
            let mut path: String = segments[..from]
                .iter()
                .map(|s| format!("/{}", escape(s)))
                .collect();
            path.push('/');
            path.push_str(&escape(&value));
            let found = self.index.find(&path).into_iter().find(|&i| {
                self.items[i]
                    .1
                    .iter()
                    .any(|op| op.method.eq_ignore_ascii_case(method))
            });
            if let Some(i) = found {
                return Some(NoMatch::Encoded {
                    template: self.items[i].0.clone(),
                    value,
                });
            }
        }
        None
    }

    /// Every operation, in the document's order.
    pub fn operations(&self) -> impl Iterator<Item = &Arc<Operation>> {
        self.items.iter().flat_map(|(_, ops)| ops)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PETS: &str = r##"
openapi: 3.1.0
info: {title: Pets}
servers:
  - url: https://api.example.com/v1
paths:
  /pets/{id}:
    get:
      operationId: getPet
      summary: One pet
      externalDocs: {url: https://docs.example.com/pets}
      responses:
        '200':
          description: the pet
          headers:
            ETag: {description: version, required: true}
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Pet'}
        4XX: {$ref: '#/components/responses/Problem'}
        default: {description: anything else}
  /pets/mine:
    get:
      responses:
        '200': {description: mine}
components:
  responses:
    Problem:
      description: a problem
      content:
        application/problem+json:
          schema: {$ref: '#/components/schemas/Problem'}
          example: {type: about:blank}
  schemas:
    Pet: {type: object, required: [name], properties: {name: {type: string}}}
    Problem: {type: object, required: [type]}
"##;

    fn pets() -> Description {
        Description::parse(PETS, Syntax::Yaml, "pets.yaml").unwrap()
    }

    #[test]
    fn operations_and_status_matching() {
        let d = pets();
        let op = d.find("GET", "https://api.example.com/v1/pets/7").unwrap();
        assert_eq!(
            (op.id.as_deref(), op.path.as_str()),
            (Some("getPet"), "/pets/{id}")
        );
        assert_eq!(
            op.docs_url.as_deref(),
            Some("https://docs.example.com/pets")
        );
        assert!(matches!(op.status(200), StatusMatch::Code(_)));
        let StatusMatch::Range(r) = op.status(404) else {
            panic!("4XX")
        };
        assert_eq!(r.description, "a problem");
        assert_eq!(
            r.schema_name(Some("application/problem+json")),
            Some("Problem")
        );
        assert_eq!(
            r.contents[0].example.as_deref(),
            Some(r#"{"type":"about:blank"}"#)
        );
        assert!(matches!(op.status(500), StatusMatch::Default(_)));
        let mine = d.find("get", "/v1/pets/mine/").unwrap();
        assert_eq!(mine.path, "/pets/mine");
        assert!(matches!(mine.status(500), StatusMatch::Undocumented));
        assert_eq!(
            d.find("DELETE", "/v1/pets/7"),
            Err(NoMatch::Method {
                path: "/pets/{id}".into(),
                methods: vec!["GET".into()]
            })
        );
        assert_eq!(d.find("GET", "/nothing"), Err(NoMatch::Path));
    }

    #[test]
    fn content_is_recognised() {
        assert_eq!(sniff("openapi: 3.0.0\n", false), Some(Syntax::Yaml));
        assert_eq!(sniff("# c\nswagger: '2.0'\n", false), Some(Syntax::Yaml));
        assert_eq!(sniff("{\"openapi\": \"3.1.0\"}", false), Some(Syntax::Json));
        assert_eq!(sniff("[{\"code\": 200}]", false), None);
        let sorted = format!(
            "{{\"components\": {{\"x\": \"{}\"}},\n \"openapi\": \"3.0.0\"}}",
            "y".repeat(10_000)
        );
        assert_eq!(sniff(&sorted, false), Some(Syntax::Json));
        let nested = format!(
            "{{\"200\": {{\"text\": \"{}\", \"openapi\": 1}}}}",
            "y".repeat(10_000)
        );
        assert_eq!(sniff(&nested, false), None);
        assert_eq!(
            sniff("{\"openapi\": \"3.0.0\", ]", false),
            Some(Syntax::Json)
        );
        assert_eq!(sniff("| Code | Text |\n", false), None);
        assert_eq!(sniff("a: b\n", true), Some(Syntax::Yaml));
    }

    #[test]
    fn bad_descriptions_say_where() {
        let err = Description::parse("openapi: 3.0.0\npaths: {\n", Syntax::Yaml, "f").unwrap_err();
        assert!(err.at.is_some(), "{err}");
        let err = Description::parse("{\"openapi\": \"3.0.0\",\n \"paths\": }", Syntax::Json, "f")
            .unwrap_err();
        assert_eq!(err.at.map(|a| a.0), Some(2));
        let err = Description::parse(
            "openapi: 3.0.0\npaths:\n  /a:\n    get:\n      responses:\n        '404': {$ref: '#/components/responses/Gone'}\n",
            Syntax::Yaml,
            "f",
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "GET /a: response 404: $ref '#/components/responses/Gone' points to nothing"
        );
        let err = Description::parse("openapi: 4.0.0\n", Syntax::Yaml, "f").unwrap_err();
        assert!(err.message.contains("4.0.0"), "{err}");
        let err = Description::parse("a: b\n", Syntax::Yaml, "f").unwrap_err();
        assert!(err.message.contains("no top-level"), "{err}");
    }
}
