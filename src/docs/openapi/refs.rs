//! `$ref` resolution inside one description. A reference to this document (`#/…`, a JSON
//! pointer) is followed, through chains of references: a chain that comes back to a
//! pointer it followed is a cycle, reported naming the pointers in it, and one longer than
//! [`MAX_CHAIN`] without a cycle is reported as too long. Pointers echoed in errors are
//! cut to [`SHOWN_POINTER`] characters. A reference to anything outside the document (another
//! file, a URL) is never fetched: it is noted once, so the load can warn about it, and the
//! part that needed it is treated as undocumented. A pointer that leads nowhere is an
//! error naming it.

use std::cell::RefCell;
use std::collections::BTreeSet;

use serde_json::Value;

/// References followed in one chain before giving up: a chain this long is a mistake.
pub const MAX_CHAIN: usize = 64;

/// Characters of a pointer shown in an error; a longer one is cut.
pub const SHOWN_POINTER: usize = 100;

/// Pointers of a cycle named in its error; the others are counted.
const SHOWN_CYCLE: usize = 4;

/// Follows references within `root`, remembering the external ones it met.
pub struct Resolver<'a> {
    root: &'a Value,
    external: RefCell<BTreeSet<String>>,
}

/// Why a reference could not be followed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefError(pub String);

/// A value with the references leading to it followed.
#[derive(Debug, Clone, Copy)]
pub struct Resolved<'a> {
    pub value: &'a Value,
    /// The last pointer followed (`#/components/schemas/Error`), if any.
    pub pointer: Option<&'a str>,
}

impl Resolved<'_> {
    /// The name the last pointer gives: its final segment, unescaped (`Error`).
    pub fn name(&self) -> Option<String> {
        self.pointer
            .and_then(|p| p.rsplit('/').next())
            .filter(|s| !s.is_empty() && !s.starts_with('#'))
            .map(unescape)
    }
}

impl<'a> Resolver<'a> {
    pub fn new(root: &'a Value) -> Resolver<'a> {
        Resolver {
            root,
            external: RefCell::new(BTreeSet::new()),
        }
    }

    /// The document references are followed in.
    pub fn root(&self) -> &'a Value {
        self.root
    }

    /// `value` with its `$ref` chain followed: `Ok(None)` when the chain leaves the
    /// document (noted for the warning).
    pub fn resolve(&self, value: &'a Value) -> Result<Option<Resolved<'a>>, RefError> {
        let mut current = value;
        let mut pointer = None;
        let mut chain: Vec<&'a str> = Vec::new();
        while let Some(target) = current.get("$ref").and_then(Value::as_str) {
            if !target.starts_with('#') {
                self.external.borrow_mut().insert(target.to_string());
                return Ok(None);
            }
            if let Some(at) = chain.iter().position(|p| *p == target) {
                return Err(RefError(cycle(&chain[at..])));
            }
            if chain.len() >= MAX_CHAIN {
                return Err(RefError(format!(
                    "$ref chain too long: more than {MAX_CHAIN} references in a row, from '{}'",
                    shown(chain[0])
                )));
            }
            chain.push(target);
            current = self
                .pointer(target)
                .ok_or_else(|| RefError(format!("$ref '{}' points to nothing", shown(target))))?;
            pointer = Some(target);
        }
        Ok(Some(Resolved {
            value: current,
            pointer,
        }))
    }

    /// What the reference `target` (a `$ref`'s text) leads to, as [`Resolver::resolve`].
    pub fn resolve_ref(&self, target: &'a str) -> Result<Option<Resolved<'a>>, RefError> {
        if !target.starts_with('#') {
            self.external.borrow_mut().insert(target.to_string());
            return Ok(None);
        }
        let value = self
            .pointer(target)
            .ok_or_else(|| RefError(format!("$ref '{}' points to nothing", shown(target))))?;
        Ok(self.resolve(value)?.map(|r| Resolved {
            pointer: r.pointer.or(Some(target)),
            ..r
        }))
    }

    /// The value at a `#/…` pointer (percent-encoding and `~0`/`~1` undone).
    fn pointer(&self, target: &str) -> Option<&'a Value> {
        let fragment = percent_decode(target.strip_prefix('#').unwrap_or(target));
        if fragment.is_empty() {
            return Some(self.root);
        }
        let fragment = fragment.strip_prefix('/')?;
        fragment.split('/').try_fold(self.root, |v, seg| {
            let seg = unescape(seg);
            match v {
                Value::Object(map) => map.get(&seg),
                Value::Array(items) => seg.parse::<usize>().ok().and_then(|i| items.get(i)),
                _ => None,
            }
        })
    }

    /// The references to other documents met so far, sorted, once each.
    pub fn external(&self) -> Vec<String> {
        self.external.borrow().iter().cloned().collect()
    }
}

/// A pointer as echoed in an error: cut to [`SHOWN_POINTER`] characters.
pub fn shown(pointer: &str) -> String {
    match pointer.char_indices().nth(SHOWN_POINTER) {
        Some((end, _)) => format!("{}… ({} bytes)", &pointer[..end], pointer.len()),
        None => pointer.to_string(),
    }
}

/// The error for a cycle: its pointers in order, back to the first.
fn cycle(pointers: &[&str]) -> String {
    let mut named: Vec<String> = pointers
        .iter()
        .take(SHOWN_CYCLE)
        .map(|p| format!("'{}'", shown(p)))
        .collect();
    if pointers.len() > SHOWN_CYCLE {
        named.push(format!("… ({} more)", pointers.len() - SHOWN_CYCLE));
    }
    named.push(format!("'{}'", shown(pointers[0])));
    format!("$ref cycle: {}", named.join(" → "))
}

/// A JSON pointer segment as text: `~1` is `/`, `~0` is `~`.
fn unescape(seg: &str) -> String {
    seg.replace("~1", "/").replace("~0", "~")
}

/// `%XX` escapes undone (a pointer in a URI fragment); invalid ones kept as written.
pub fn percent_decode(text: &str) -> String {
    if !text.contains('%') {
        return text.to_string();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1), bytes.get(i + 2)) {
            (b'%', Some(&h), Some(&l)) if hex(h).is_some() && hex(l).is_some() => {
                out.push((hex(h).unwrap_or(0) * 16 + hex(l).unwrap_or(0)) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn chains_are_followed_and_named() {
        let doc = json!({
            "components": {
                "responses": {"NotFound": {"$ref": "#/components/responses/Missing"},
                              "Missing": {"description": "gone"}},
                "schemas": {"a~b/c": {"type": "object"}}
            }
        });
        let r = Resolver::new(&doc);
        let start = json!({"$ref": "#/components/responses/NotFound"});
        let got = r.resolve(&start).unwrap().unwrap();
        assert_eq!(got.value, &json!({"description": "gone"}));
        assert_eq!(got.name().as_deref(), Some("Missing"));
        let s = json!({"$ref": "#/components/schemas/a~0b~1c"});
        let got = r.resolve(&s).unwrap().unwrap();
        assert_eq!(got.name().as_deref(), Some("a~b/c"));
    }

    #[test]
    fn cycles_broken_and_external_references() {
        let doc = json!({"a": {"$ref": "#/b"}, "b": {"$ref": "#/a"}});
        let r = Resolver::new(&doc);
        let err = r.resolve(&json!({"$ref": "#/a"})).unwrap_err();
        assert_eq!(err.0, "$ref cycle: '#/a' → '#/b' → '#/a'");
        let err = r.resolve(&json!({"$ref": "#/nowhere"})).unwrap_err();
        assert_eq!(err.0, "$ref '#/nowhere' points to nothing");
        assert!(
            r.resolve(&json!({"$ref": "other.yaml#/x"}))
                .unwrap()
                .is_none()
        );
        r.resolve(&json!({"$ref": "other.yaml#/x"})).unwrap();
        assert_eq!(r.external(), ["other.yaml#/x"]);
    }

    #[test]
    fn long_chains_are_not_cycles_and_long_pointers_are_cut() {
        // r0 → r1 → … → r99 → end: no pointer twice.
        let mut doc = serde_json::Map::new();
        for i in 0..100 {
            doc.insert(format!("r{i}"), json!({"$ref": format!("#/r{}", i + 1)}));
        }
        doc.insert("r100".into(), json!({"$ref": "#/end"}));
        doc.insert("end".into(), json!({"description": "here"}));
        let doc = Value::Object(doc);
        let r = Resolver::new(&doc);
        let err = r.resolve(&json!({"$ref": "#/r0"})).unwrap_err();
        assert_eq!(
            err.0,
            "$ref chain too long: more than 64 references in a row, from '#/r0'"
        );
        assert!(r.resolve(&json!({"$ref": "#/r50"})).unwrap().is_some());
        // A cycle after a lead-in names the cycle alone, cut to a few pointers.
        let doc = json!({"s": {"$ref": "#/a0"}, "a0": {"$ref": "#/a1"}, "a1": {"$ref": "#/a2"},
            "a2": {"$ref": "#/a3"}, "a3": {"$ref": "#/a4"}, "a4": {"$ref": "#/a5"},
            "a5": {"$ref": "#/a0"}});
        let err = Resolver::new(&doc)
            .resolve(&json!({"$ref": "#/s"}))
            .unwrap_err();
        assert_eq!(
            err.0,
            "$ref cycle: '#/a0' → '#/a1' → '#/a2' → '#/a3' → … (2 more) → '#/a0'"
        );
        let long = format!("#{}", "/x".repeat(10_000));
        let err = r.resolve(&json!({ "$ref": long })).unwrap_err();
        assert!(err.0.len() < 200, "{}", err.0);
        assert!(
            err.0.ends_with("… (20001 bytes)' points to nothing"),
            "{}",
            err.0
        );
    }

    #[test]
    fn percent_escapes_in_pointers() {
        assert_eq!(percent_decode("/paths/~1a%7Bid%7D"), "/paths/~1a{id}");
        assert_eq!(percent_decode("100%"), "100%");
    }
}
