//! Matching a request's path to a description's path templates, through an index built
//! once: a tree of segments in which literal children are found by hash and templated
//! ones (`{id}`, `{name}.json`) are tried after them, so a request is matched in time
//! proportional to its own segments, not to the number of paths (a 100,000-entry HAR is
//! matched entry by entry without scanning the description). Literal segments beat
//! templated ones (`/users/me` before `/users/{id}`); the query, the fragment and a
//! trailing slash do not matter; segments are compared percent-decoded, so a parameter
//! may hold encoded characters (`%2F` included) without changing how the path splits.
//!
//! Templates are matched under each server's base path (3.x `servers[].url`, its
//! variables being parameters; 2.0 `basePath`), and also as they stand, tried last: many
//! APIs (Docker's among them) answer without their version prefix too. The base paths
//! have a tree of their own, and each template is indexed once: a request's path is
//! split where a base path ends, and its rest is looked up among the templates that base
//! path serves. So the index grows with servers plus templates, not their product (3,000
//! servers and 3,000 paths once made 9 million entries).

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
    /// Indexes `segments` as naming `item`; returns the item they name (an earlier one
    /// when two differ only in parameter names: the first one stays).
    fn insert(&mut self, segments: &[Segment], item: usize) -> usize {
        let Some((first, rest)) = segments.split_first() else {
            return *self.item.get_or_insert(item);
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
        child.insert(rest, item)
    }

    /// Path items whose templates match `path` and that `allowed` lets through, the most
    /// literal first.
    fn find(&self, path: &[String], allowed: &dyn Fn(usize) -> bool, out: &mut Vec<usize>) {
        if out.len() >= MAX_MATCHES {
            return;
        }
        let Some((first, rest)) = path.split_first() else {
            if let Some(item) = self.item
                && !out.contains(&item)
                && allowed(item)
            {
                out.push(item);
            }
            return;
        };
        if let Some(child) = self.literal.get(first) {
            child.find(rest, allowed, out);
        }
        for (pieces, child) in &self.patterns {
            if Segment::matches(pieces, first) {
                child.find(rest, allowed, out);
            }
        }
    }

    /// Every base path that is a prefix of `path`, as (segments it takes, base id), the
    /// most literal first.
    fn prefixes(&self, path: &[String], depth: usize, out: &mut Vec<(usize, usize)>) {
        if let Some(base) = self.item {
            out.push((depth, base));
        }
        let Some((first, rest)) = path.split_first() else {
            return;
        };
        if let Some(child) = self.literal.get(first) {
            child.prefixes(rest, depth + 1, out);
        }
        for (pieces, child) in &self.patterns {
            if Segment::matches(pieces, first) {
                child.prefixes(rest, depth + 1, out);
            }
        }
    }
}

/// The index of one description's path templates.
#[derive(Debug, Default)]
pub struct Index {
    /// Every template, once, as it stands.
    templates: Node,
    /// Every base path of more than `/`, once; a node's item is the base's id.
    bases: Node,
    /// Sets of base ids, each sorted: the document's first, then path items' own.
    sets: Vec<Vec<usize>>,
    /// For each path item, the set of base paths it is served under.
    item_set: Vec<usize>,
    /// Base paths indexed so far: the next one's id.
    base_count: usize,
}

impl Index {
    /// An index of `templates` (path item `i` is the `i`th), each with its own servers'
    /// base paths, or under `document`'s when it has none of its own.
    pub fn new<'t>(
        document: &[String],
        templates: impl Iterator<Item = (&'t str, &'t [String])>,
    ) -> Index {
        let mut index = Index::default();
        let document = index.base_set(document);
        index.sets.push(document);
        for (i, (template, own)) in templates.enumerate() {
            index.templates.insert(&segments(template), i);
            if own.is_empty() {
                index.item_set.push(0);
            } else {
                let set = index.base_set(own);
                index.sets.push(set);
                index.item_set.push(index.sets.len() - 1);
            }
        }
        index
    }

    /// The ids of `bases` (indexed on the way), sorted, once each; `/` and empty ones
    /// are left out: a template as it stands is always tried.
    fn base_set(&mut self, bases: &[String]) -> Vec<usize> {
        let mut ids: Vec<usize> = Vec::new();
        for base in bases.iter().map(|b| segments(b)).filter(|b| !b.is_empty()) {
            let id = self.bases.insert(&base, self.base_count);
            if id == self.base_count {
                self.base_count += 1;
            }
            ids.push(id);
        }
        ids.sort_unstable();
        ids.dedup();
        ids
    }

    /// The path items whose templates match `url`'s path, best first.
    pub fn find(&self, url: &str) -> Vec<usize> {
        let path = request_segments(url);
        let mut out = Vec::new();
        if path.len() > MAX_SEGMENTS {
            return out;
        }
        let mut prefixes = Vec::new();
        self.bases.prefixes(&path, 0, &mut prefixes);
        // The rest after each place a base path ends, in the order first met; the
        // templates there are those served under one of the bases that end there.
        let mut depths: Vec<usize> = Vec::new();
        for &(depth, _) in &prefixes {
            if !depths.contains(&depth) {
                depths.push(depth);
            }
        }
        for depth in depths {
            let mut here: Vec<usize> = prefixes
                .iter()
                .filter(|&&(d, _)| d == depth)
                .map(|&(_, base)| base)
                .collect();
            here.sort_unstable();
            let allowed = |item: usize| {
                self.item_set
                    .get(item)
                    .and_then(|&set| self.sets.get(set))
                    .is_some_and(|set| meet(set, &here))
            };
            self.templates.find(&path[depth..], &allowed, &mut out);
        }
        self.templates.find(&path, &|_| true, &mut out);
        out
    }
}

/// True when two sorted sets share an id; the smaller one is walked.
fn meet(a: &[usize], b: &[usize]) -> bool {
    let (small, large) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    small.iter().any(|id| large.binary_search(id).is_ok())
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
        Index::new(&bases, templates.iter().map(|t| (*t, &[][..])))
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
    fn own_servers_replace_the_documents() {
        let document = vec!["/v1".to_string()];
        let own = ["/admin".to_string(), "/v1/{x}".to_string()];
        let i = Index::new(
            &document,
            [
                ("/users", &[][..]),
                ("/keys", &own[..]),
                ("/a/{id}", &[][..]),
            ]
            .into_iter(),
        );
        assert_eq!(i.find("/v1/users"), [0]);
        assert_eq!(i.find("/admin/keys"), [1]);
        assert_eq!(i.find("/v1/anything/keys"), [1]);
        // Not under the document's base: only the item's own serve it (or none).
        assert!(i.find("/v1/keys").is_empty());
        assert!(i.find("/admin/users").is_empty());
        // `/v1/{x}` ends after `a`; `/v1` before it: both are tried.
        assert_eq!(i.find("/v1/a/7"), [2]);
        assert_eq!(i.find("/keys"), [1]);
    }

    #[test]
    fn many_servers_and_templates_are_indexed_once_each() {
        let bases: Vec<String> = (0..2_000).map(|i| format!("/s{i}/{{v}}")).collect();
        let templates: Vec<String> = (0..2_000).map(|i| format!("/p{i}/{{id}}")).collect();
        let i = Index::new(&bases, templates.iter().map(|t| (t.as_str(), &[][..])));
        assert_eq!(i.find("https://h/s1999/x/p1234/7"), [1234]);
        assert_eq!(i.find("/p5/7"), [5]);
        assert!(i.find("/s1/x/p5").is_empty());
        // One node a segment of each: the tree grows with the sum, not the product.
        assert_eq!(i.bases.literal.len(), 2_000);
        assert_eq!(i.templates.literal.len(), 2_000);
    }

    #[test]
    fn the_more_literal_pattern_first() {
        let i = index(&["/r/{a}", "/r/{a}.json"], &[]);
        assert_eq!(i.find("/r/x.json"), [1, 0]);
        assert_eq!(i.find("/r/x"), [0]);
    }
}
