//! Matching a request's path to a description's path templates, through an index built
//! once: a tree of segments in which literal children are found by hash and templated
//! ones (`{id}`, `{name}.json`) are tried after them, so a request is matched in time
//! proportional to its own segments, not to the number of paths (a 100,000-entry HAR is
//! matched entry by entry without scanning the description). Literal segments beat
//! templated ones (`/users/me` before `/users/{id}`); the query, the fragment and a
//! trailing slash do not matter; segments are compared percent-decoded, so a parameter
//! may hold encoded characters (`%2F` included) without changing how the path splits.
//!
//! Templates are indexed under each server's base path (3.x `servers[].url`, its
//! variables being parameters; 2.0 `basePath`), and also as they stand, tried last: many
//! APIs (Docker's among them) answer without their version prefix too.

use std::collections::HashMap;

use super::refs::percent_decode;

/// Segments followed before giving up on a request path.
const MAX_SEGMENTS: usize = 128;

/// Path items matched for one request, in order of preference, at most this many.
const MAX_MATCHES: usize = 8;

/// One segment of a template: literal text, or text with `{parameters}` in it.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    Literal(String),
    /// Literal pieces around parameters: `{name}.{ext}` is `["", ".", ""]`.
    Pattern(Vec<String>),
}

impl Segment {
    fn of(text: &str) -> Segment {
        if !text.contains('{') {
            return Segment::Literal(percent_decode(text));
        }
        let mut pieces = Vec::new();
        let mut rest = text;
        while let Some(open) = rest.find('{') {
            pieces.push(rest[..open].to_string());
            rest = match rest[open..].find('}') {
                Some(close) => &rest[open + close + 1..],
                None => "",
            };
        }
        pieces.push(rest.to_string());
        Segment::Pattern(pieces)
    }

    /// True when a pattern's literal pieces appear in `text` in order, each parameter
    /// holding at least one character.
    fn matches(pieces: &[String], text: &str) -> bool {
        let (Some(first), Some(last)) = (pieces.first(), pieces.last()) else {
            return false;
        };
        let Some(mut rest) = text.strip_prefix(first.as_str()) else {
            return false;
        };
        let middle = &pieces[1..pieces.len() - 1];
        for piece in middle {
            // The parameter before the piece holds at least one character.
            let Some(first) = rest.chars().next() else {
                return false;
            };
            let from = first.len_utf8();
            match rest[from..].find(piece.as_str()) {
                Some(at) => rest = &rest[from + at + piece.len()..],
                None => return false,
            }
        }
        rest.len() > last.len() && rest.ends_with(last.as_str())
    }

    /// Literal characters in a pattern: the more, the more specific.
    fn weight(pieces: &[String]) -> usize {
        pieces.iter().map(String::len).sum()
    }
}

/// A node of the template tree.
#[derive(Debug, Default)]
struct Node {
    literal: HashMap<String, Node>,
    /// Templated children, the most specific first; a bare `{id}` is last.
    patterns: Vec<(Vec<String>, Node)>,
    /// The path item a template ending here names.
    item: Option<usize>,
}

impl Node {
    fn insert(&mut self, segments: &[Segment], item: usize) {
        let Some((first, rest)) = segments.split_first() else {
            // Two templates that differ only in parameter names: the first one stays.
            self.item.get_or_insert(item);
            return;
        };
        let child = match first {
            Segment::Literal(text) => self.literal.entry(text.clone()).or_default(),
            Segment::Pattern(pieces) => {
                let at = match self.patterns.iter().position(|(p, _)| p == pieces) {
                    Some(at) => at,
                    None => {
                        let weight = Segment::weight(pieces);
                        let at = self
                            .patterns
                            .iter()
                            .position(|(p, _)| Segment::weight(p) < weight)
                            .unwrap_or(self.patterns.len());
                        self.patterns.insert(at, (pieces.clone(), Node::default()));
                        at
                    }
                };
                &mut self.patterns[at].1
            }
        };
        child.insert(rest, item);
    }

    /// Path items whose templates match `path`, the most literal first.
    fn find(&self, path: &[String], out: &mut Vec<usize>) {
        if out.len() >= MAX_MATCHES {
            return;
        }
        let Some((first, rest)) = path.split_first() else {
            if let Some(item) = self.item
                && !out.contains(&item)
            {
                out.push(item);
            }
            return;
        };
        if let Some(child) = self.literal.get(first) {
            child.find(rest, out);
        }
        for (pieces, child) in &self.patterns {
            if Segment::matches(pieces, first) {
                child.find(rest, out);
            }
        }
    }
}

/// The index of one description's path templates.
#[derive(Debug, Default)]
pub struct Index {
    /// Templates under the servers' base paths.
    based: Node,
    /// Templates as they stand.
    bare: Node,
    /// Whether any base path is more than `/`.
    has_base: bool,
}

impl Index {
    /// An index of `templates` (path item `i` is the `i`th), each under its base paths.
    pub fn new<'t>(templates: impl Iterator<Item = (&'t str, &'t [String])>) -> Index {
        let mut index = Index::default();
        for (i, (template, bases)) in templates.enumerate() {
            let path = segments(template);
            index.bare.insert(&path, i);
            for base in bases.iter().map(|b| segments(b)).filter(|b| !b.is_empty()) {
                index.has_base = true;
                let whole: Vec<Segment> = base.iter().chain(&path).cloned().collect();
                index.based.insert(&whole, i);
            }
        }
        index
    }

    /// The path items whose templates match `url`'s path, best first.
    pub fn find(&self, url: &str) -> Vec<usize> {
        let path = request_segments(url);
        let mut out = Vec::new();
        if path.len() > MAX_SEGMENTS {
            return out;
        }
        if self.has_base {
            self.based.find(&path, &mut out);
        }
        self.bare.find(&path, &mut out);
        out
    }
}

/// A template's or base path's segments; empty ones (`//`, a trailing `/`) dropped.
fn segments(template: &str) -> Vec<Segment> {
    template
        .split('/')
        .filter(|s| !s.is_empty())
        .map(Segment::of)
        .collect()
}

/// The path of a request URL (a full URL, or a path), split and percent-decoded.
pub fn request_segments(url: &str) -> Vec<String> {
    let rest = match url.split_once("://") {
        Some((_, after)) => after.find('/').map_or("", |i| &after[i..]),
        None => url,
    };
    let path = rest.split(['?', '#']).next().unwrap_or_default();
    path.split('/')
        .filter(|s| !s.is_empty())
        .take(MAX_SEGMENTS + 1)
        .map(percent_decode)
        .collect()
}

/// The path part of a server URL (`https://h/v1` → `/v1`, `/v1.46` as it is), with its
/// variables left as `{name}` parameters.
pub fn base_path(server_url: &str) -> String {
    let rest = match server_url.split_once("://") {
        Some((_, after)) => after.find('/').map_or("", |i| &after[i..]),
        None if server_url.starts_with('/') => server_url,
        // `{scheme}://…` and friends were handled above; a bare host has no path.
        None => server_url.find('/').map_or("", |i| &server_url[i..]),
    };
    rest.split(['?', '#'])
        .next()
        .unwrap_or_default()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index(templates: &[&str], bases: &[&str]) -> Index {
        let bases: Vec<String> = bases.iter().map(|b| b.to_string()).collect();
        Index::new(templates.iter().map(|t| (*t, bases.as_slice())))
    }

    #[test]
    fn literals_beat_parameters() {
        let i = index(&["/users/{id}", "/users/me", "/users/{id}/posts"], &[]);
        assert_eq!(i.find("/users/me"), [1, 0]);
        assert_eq!(i.find("/users/42"), [0]);
        assert_eq!(i.find("/users/42/posts/"), [2]);
        assert!(i.find("/users").is_empty());
        assert!(i.find("/users/42/other").is_empty());
    }

    #[test]
    fn query_slash_and_encoding_do_not_matter() {
        let i = index(&["/containers/{id}/start", "/files/{name}.{ext}"], &[]);
        assert_eq!(i.find("http://h:2375/containers/abc/start/?x=1#f"), [0]);
        assert_eq!(i.find("/containers/my%2Fname/start"), [0]);
        assert_eq!(i.find("/files/report.pdf"), [1]);
        assert_eq!(i.find("/files/é.pdf"), [1]);
        assert_eq!(i.find("/files/%C3%A9t%C3%A9.pdf"), [1]);
        assert!(i.find("/files/.pdf").is_empty());
        assert!(i.find("/files/report").is_empty());
    }

    #[test]
    fn base_paths_and_variables() {
        let i = index(&["/containers/json"], &["/v1.46"]);
        assert_eq!(i.find("http://localhost/v1.46/containers/json"), [0]);
        // Without the prefix too, tried last.
        assert_eq!(i.find("/containers/json"), [0]);
        let i = index(&["/items"], &["/api/{version}"]);
        assert_eq!(i.find("https://x/api/v2/items"), [0]);
        assert_eq!(base_path("https://api.example.com/v1/"), "/v1/");
        assert_eq!(base_path("https://api.example.com"), "");
        assert_eq!(base_path("/v1.46"), "/v1.46");
        assert_eq!(base_path("{scheme}://{host}/api"), "/api");
    }

    #[test]
    fn the_more_literal_pattern_first() {
        let i = index(&["/r/{a}", "/r/{a}.json"], &[]);
        assert_eq!(i.find("/r/x.json"), [1, 0]);
        assert_eq!(i.find("/r/x"), [0]);
    }
}
