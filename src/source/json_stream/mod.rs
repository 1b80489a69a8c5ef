//! Finds one array in a large JSON document by its path (`log.entries`) and hands over
//! its elements one at a time as byte slices, without parsing anything else: bytes are
//! scanned in chunks, everything outside the path is skipped by counting brackets and
//! strings. Each element is parsed by the caller, off the front of the buffered bytes
//! (the HAR reader's `entry.rs`). Memory stays a few tens of MB whatever the input: an
//! element larger than [`LARGE_ELEMENT`] (a HAR entry with a 300 MB body) is not buffered
//! whole but copied as it streams past with each of its strings cut to [`STRING_CAP`]
//! bytes and its members named `_…` (browsers' extras) left out, and handed over with the
//! count of bytes left out (`copy.rs`).

use std::io::Read;

use super::scan::{char_at, count_newlines, find_quote_or_backslash};

mod copy;

/// An element larger than this is handed over with its long strings cut.
pub const LARGE_ELEMENT: usize = 8 * 1024 * 1024;

/// The most bytes of one string kept in an element larger than [`LARGE_ELEMENT`].
pub const STRING_CAP: usize = 1024 * 1024;

/// The largest element accepted once its strings are cut: only thousands of long
/// strings, or millions of small values, in one entry reach it.
pub const MAX_ELEMENT: usize = 32 * 1024 * 1024;

const CHUNK: usize = 1 << 20;
/// The longest number or word (`true`, `null`) an element may start with, or a large
/// element hold: no JSON a browser writes comes near it.
pub const WORD_CAP: usize = 4096;

/// What is wrong with a number or word past [`WORD_CAP`].
pub const LONG_WORD: &str = "a value of over 4096 bytes that is not a string, array or object";

/// Why the array could not be walked.
#[derive(Debug, PartialEq, Eq)]
pub enum SplitError {
    /// The document has no array at the path (not an object, or a key is missing).
    NotFound,
    /// The value at the path is not an array.
    NotArray { line: usize },
    /// The bytes are not JSON where structure was expected.
    Invalid { line: usize, found: char },
    /// An element of the array is broken inside, at `line`.
    BadElement {
        element: usize,
        line: usize,
        what: String,
    },
    /// A number or word (not a string, array or object) went on past [`WORD_CAP`].
    Word { line: usize },
    /// The input ended inside the document.
    Truncated { elements: usize },
    /// An element is larger than [`MAX_ELEMENT`].
    TooLarge { element: usize },
    /// Reading failed.
    Io(std::io::ErrorKind, String),
}

impl std::fmt::Display for SplitError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SplitError::NotFound => f.write_str("not a HAR file: no log.entries array"),
            SplitError::NotArray { line } => write!(f, "line {line}: log.entries is not an array"),
            SplitError::Invalid { line, found } => {
                write!(f, "line {line}: not valid JSON (unexpected {found:?})")
            }
            SplitError::BadElement {
                element,
                line,
                what,
            } => write!(f, "entry {element} (line {line}): not a HAR entry: {what}"),
            SplitError::Word { line } => write!(f, "line {line}: {LONG_WORD}"),
            SplitError::Truncated { elements } => {
                let entries = if *elements == 1 { "entry" } else { "entries" };
                write!(
                    f,
                    "the file ends early, after {elements} complete {entries}: it was cut short"
                )
            }
            SplitError::TooLarge { element } => {
                write!(
                    f,
                    "entry {element} is larger than {} MiB even with its long strings cut",
                    MAX_ELEMENT >> 20
                )
            }
            SplitError::Io(_, message) => f.write_str(message),
        }
    }
}

impl std::error::Error for SplitError {}

/// A forward-only byte scanner over a reader, able to keep the bytes of one element.
struct Scanner<R> {
    reader: R,
    buf: Vec<u8>,
    pos: usize,
    end: usize,
    /// Start of the element being kept, if any: bytes from here on are not discarded.
    mark: Option<usize>,
    /// Bytes dropped from the front of `buf` so far: `base + pos` is the offset read to.
    base: u64,
    line: usize,
    eof: bool,
}

impl<R: Read> Scanner<R> {
    fn new(reader: R) -> Self {
        Scanner {
            reader,
            buf: vec![0; CHUNK],
            pos: 0,
            end: 0,
            mark: None,
            base: 0,
            line: 1,
            eof: false,
        }
    }

    /// Reads more input; false at the end.
    #[cold]
    fn refill(&mut self) -> Result<bool, SplitError> {
        if self.eof {
            return Ok(false);
        }
        let keep = self.mark.unwrap_or(self.pos);
        if keep > 0 {
            self.base += keep as u64;
            self.buf.copy_within(keep..self.end, 0);
            self.end -= keep;
            self.pos -= keep;
            if let Some(m) = self.mark.as_mut() {
                *m = 0;
            }
        }
        if self.end == self.buf.len() {
            if self.buf.len() >= MAX_ELEMENT {
                return Err(SplitError::TooLarge { element: 0 });
            }
            self.buf.resize((self.buf.len() * 2).min(MAX_ELEMENT), 0);
        }
        loop {
            match self.reader.read(&mut self.buf[self.end..]) {
                Ok(0) => {
                    self.eof = true;
                    return Ok(false);
                }
                Ok(n) => {
                    self.end += n;
                    return Ok(true);
                }
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(SplitError::Io(e.kind(), e.to_string())),
            }
        }
    }

    /// Gives back what a large element made the buffer grow to.
    fn shrink(&mut self) {
        if self.buf.len() > CHUNK {
            self.base += self.pos as u64;
            self.buf.copy_within(self.pos..self.end, 0);
            self.end -= self.pos;
            self.pos = 0;
            self.buf.truncate(CHUNK.max(self.end));
            self.buf.shrink_to_fit();
        }
    }

    /// The next byte, consumed.
    #[inline]
    fn next(&mut self) -> Result<Option<u8>, SplitError> {
        if self.pos == self.end && !self.refill()? {
            return Ok(None);
        }
        let b = self.buf[self.pos];
        self.pos += 1;
        if b == b'\n' {
            self.line += 1;
        }
        Ok(Some(b))
    }

    /// The next byte that is not white space, consumed.
    fn next_token(&mut self) -> Result<Option<u8>, SplitError> {
        loop {
            match self.next()? {
                Some(b' ' | b'\t' | b'\r' | b'\n') => continue,
                other => return Ok(other),
            }
        }
    }

    /// Skips the rest of a string whose opening quote was consumed; keeps its bytes as
    /// written when `capture` (object keys).
    fn string(&mut self, capture: Option<&mut Vec<u8>>) -> Result<bool, SplitError> {
        self.scan_string(capture, usize::MAX, &mut 0)
    }

    /// Reads the rest of a string whose opening quote was consumed, up to and with its
    /// closing quote, copying onto `out` (when given) its first `cap` bytes as written
    /// (escapes whole); `cut` counts the bytes left out. False when the input ended.
    fn scan_string(
        &mut self,
        mut out: Option<&mut Vec<u8>>,
        cap: usize,
        cut: &mut u64,
    ) -> Result<bool, SplitError> {
        let mut kept = 0usize;
        loop {
            // Fast path: run to the next quote or backslash inside the buffer. A JSON
            // string holds no raw line break, so there are no lines to count here.
            let from = self.pos;
            let found = find_quote_or_backslash(&self.buf[from..self.end]);
            let stop = found.map_or(self.end, |i| from + i);
            let take = (stop - from).min(cap - kept);
            if let Some(o) = out.as_deref_mut() {
                o.extend_from_slice(&self.buf[from..from + take]);
            }
            kept += take;
            *cut += (stop - from - take) as u64;
            self.pos = stop;
            if found.is_none() {
                if !self.refill()? {
                    return Ok(false);
                }
                continue;
            }
            // At a quote or a backslash.
            self.pos += 1;
            if self.buf[self.pos - 1] == b'"' {
                return Ok(true);
            }
            // The escaped byte belongs to the string, whatever it is.
            let Some(escaped) = self.next()? else {
                return Ok(false);
            };
            if cap - kept >= 2 {
                if let Some(o) = out.as_deref_mut() {
                    o.extend_from_slice(&[b'\\', escaped]);
                }
                kept += 2;
            } else {
                *cut += 2;
            }
        }
    }

    /// Skips one value whose first byte `first` was consumed. False when the input ended.
    fn skip_value(&mut self, first: u8) -> Result<bool, SplitError> {
        match first {
            b'"' => self.string(None),
            b'{' | b'[' => {
                let mut depth = 1usize;
                while depth > 0 {
                    match self.next()? {
                        None => return Ok(false),
                        Some(b'"') => {
                            if !self.string(None)? {
                                return Ok(false);
                            }
                        }
                        Some(b'{' | b'[') => depth += 1,
                        Some(b'}' | b']') => depth -= 1,
                        Some(_) => {}
                    }
                }
                Ok(true)
            }
            _ => {
                // A scalar: runs to the next delimiter, which is left for the caller.
                while self.pos < self.end || self.refill()? {
                    if matches!(
                        self.buf[self.pos],
                        b',' | b'}' | b']' | b' ' | b'\t' | b'\r' | b'\n'
                    ) {
                        return Ok(true);
                    }
                    self.pos += 1;
                }
                Ok(true)
            }
        }
    }

    /// The offset in the input read to.
    fn offset(&self) -> u64 {
        self.base + self.pos as u64
    }

    /// The error for byte `found`, just consumed: named as the character it starts.
    fn invalid(&self, found: u8) -> SplitError {
        let at = self.pos.wrapping_sub(1);
        let found = match self.buf.get(at..self.end) {
            Some(rest) if !found.is_ascii() && rest.first() == Some(&found) => char_at(rest),
            _ if !found.is_ascii() => '\u{fffd}',
            _ => char::from(found),
        };
        SplitError::Invalid {
            line: self.line,
            found,
        }
    }

    /// Steps over a UTF-8 byte order mark at the very start, which some tools write.
    fn skip_bom(&mut self) -> Result<(), SplitError> {
        while self.end < 3 && self.refill()? {}
        if self.buf[..self.end].starts_with(b"\xef\xbb\xbf") {
            self.pos = 3;
        }
        Ok(())
    }

    /// Walks into nested objects along `path`; returns with the array's `[` consumed.
    fn find(&mut self, path: &[&str]) -> Result<(), SplitError> {
        for (level, want) in path.iter().enumerate() {
            match self.next_token()? {
                Some(b'{') => {}
                Some(b'[') if level > 0 => return Err(SplitError::NotFound),
                Some(_) | None => return Err(SplitError::NotFound),
            }
            let mut key = Vec::new();
            loop {
                match self.next_token()? {
                    Some(b'"') => {}
                    Some(b'}') | None => return Err(SplitError::NotFound),
                    Some(other) => return Err(self.invalid(other)),
                }
                key.clear();
                if !self.string(Some(&mut key))? {
                    return Err(SplitError::NotFound);
                }
                match self.next_token()? {
                    Some(b':') => {}
                    Some(other) => return Err(self.invalid(other)),
                    None => return Err(SplitError::NotFound),
                }
                if key == want.as_bytes() || escaped_name_is(&key, want) {
                    break;
                }
                let Some(first) = self.next_token()? else {
                    return Err(SplitError::NotFound);
                };
                if !self.skip_value(first)? {
                    return Err(SplitError::NotFound);
                }
                match self.next_token()? {
                    Some(b',') => continue,
                    Some(b'}') | None => return Err(SplitError::NotFound),
                    Some(other) => return Err(self.invalid(other)),
                }
            }
        }
        match self.next_token()? {
            Some(b'[') => Ok(()),
            Some(_) => Err(SplitError::NotArray { line: self.line }),
            None => Err(SplitError::NotFound),
        }
    }
}

/// What an element's bytes are, as offered to the caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Offered {
    /// The file's own bytes, from the element's start.
    Text,
    /// A large element's copy: long strings cut, members named `_…` and white space left
    /// out, so offsets in it are not the file's.
    Copy,
    /// A large element broken at its top level (`"name" {`): what was wrong. Its bytes
    /// were stepped over to its end by their brackets; none are offered.
    Broken(String),
}

/// What the element parser did with the bytes it was offered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// It read one element of this many bytes.
    Consumed(usize),
    /// It read the element it wanted: the walk ends here, the rest unread.
    Last,
    /// The bytes end inside the element: offer more.
    NeedMore,
}

/// Walks the array at `path`. For each element, `each(index, bytes, line, offered, cut)`
/// is offered the buffered bytes from the element's start (index from 1, the line it
/// starts on) and parses one element off their front; when they end inside it, more are
/// read and it is offered again. So each element is parsed once, by the caller, and
/// nothing else of the document is. An element that grows past [`LARGE_ELEMENT`] is
/// offered once, whole, as a [`Offered::Copy`] whose strings are cut to [`STRING_CAP`]
/// bytes, with `cut` the bytes left out (0 for every other element); one broken at its
/// top level, as [`Offered::Broken`], once stepped over. An error from `each` stops
/// the walk and is returned. Returns the number of elements (those read, after
/// [`Step::Last`]).
pub fn array_elements<R: Read, E: From<SplitError>>(
    reader: R,
    path: &[&str],
    mut each: impl FnMut(usize, &[u8], usize, &Offered, u64) -> Result<Step, E>,
) -> Result<usize, E> {
    let mut s = Scanner::new(reader);
    s.skip_bom()?;
    s.find(path)?;
    let mut count = 0usize;
    loop {
        let Some(first) = s.next_token()? else {
            return Err(SplitError::Truncated { elements: count }.into());
        };
        match first {
            b']' => return Ok(count),
            b',' if count > 0 => continue,
            _ => s.pos -= 1,
        }
        let line = s.line;
        let mut large = false;
        loop {
            let at_end = s.eof;
            if large {
                let mut copy = Vec::new();
                let mut cut = 0u64;
                let copied = s.next().and_then(|first| match first {
                    Some(first) => s.copy_element(first, &mut copy, &mut cut),
                    None => Ok(false),
                });
                let mut offered = Offered::Copy;
                match copied {
                    Ok(true) => {}
                    Ok(false) => return Err(SplitError::Truncated { elements: count }.into()),
                    // Broken at its top level, where the copy reads member by member: the
                    // rest is stepped over by its brackets, and the caller told what.
                    Err(SplitError::Invalid { line, found }) if s.rest_of_object(found)? => {
                        copy.clear();
                        offered = Offered::Broken(format!("unexpected {found:?} (line {line})"));
                    }
                    Err(SplitError::TooLarge { .. }) => {
                        return Err(SplitError::TooLarge { element: count + 1 }.into());
                    }
                    // Broken inside: name the element, as its parser would have.
                    Err(SplitError::Invalid { line, found }) => {
                        return Err(SplitError::BadElement {
                            element: count + 1,
                            line,
                            what: format!("unexpected {found:?}"),
                        }
                        .into());
                    }
                    Err(SplitError::Word { line }) => {
                        return Err(SplitError::BadElement {
                            element: count + 1,
                            line,
                            what: LONG_WORD.to_string(),
                        }
                        .into());
                    }
                    Err(e) => return Err(e.into()),
                }
                s.shrink();
                match each(count + 1, &copy, line, &offered, cut)? {
                    Step::Consumed(_) => {
                        count += 1;
                        break;
                    }
                    Step::Last => return Ok(count + 1),
                    Step::NeedMore => {
                        return Err(SplitError::Truncated { elements: count }.into());
                    }
                }
            }
            match each(count + 1, &s.buf[s.pos..s.end], line, &Offered::Text, 0)? {
                Step::Last => return Ok(count + 1),
                Step::Consumed(n) => {
                    let n = n.min(s.end - s.pos);
                    s.line += count_newlines(&s.buf[s.pos..s.pos + n]);
                    s.pos += n;
                    count += 1;
                    break;
                }
                Step::NeedMore if at_end => {
                    return Err(SplitError::Truncated { elements: count }.into());
                }
                Step::NeedMore if s.end - s.pos >= LARGE_ELEMENT => large = true,
                Step::NeedMore => {
                    // Read on until the element's bytes at least double (or a chunk more),
                    // so that an element arriving in small reads is re-parsed only a few
                    // times.
                    s.mark = Some(s.pos);
                    let want = (s.end - s.pos).max(CHUNK);
                    let mut more = Ok(true);
                    let mut added = 0;
                    while added < want {
                        let before = s.end - s.pos;
                        more = s.refill();
                        match more {
                            Ok(true) => added += (s.end - s.pos) - before,
                            _ => break,
                        }
                    }
                    s.mark = None;
                    match more {
                        Err(SplitError::TooLarge { .. }) => {
                            return Err(SplitError::TooLarge { element: count + 1 }.into());
                        }
                        other => {
                            other?;
                        }
                    }
                }
            }
        }
    }
}

/// Whether a member name written with escapes (`"l\u006fg"`) is `want` once they are
/// undone, as a JSON reader takes it.
fn escaped_name_is(raw: &[u8], want: &str) -> bool {
    raw.contains(&b'\\')
        && raw.len() <= 6 * want.len()
        && serde_json::from_slice::<String>(&[b"\"", raw, b"\""].concat())
            .is_ok_and(|name| name == want)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each element as compact JSON text, with its line.
    fn split(text: &str) -> Result<Vec<(String, usize)>, SplitError> {
        let mut out = Vec::new();
        array_elements(
            text.as_bytes(),
            &["log", "entries"],
            |_, bytes, line, _, _| {
                let mut it =
                    serde_json::Deserializer::from_slice(bytes).into_iter::<serde_json::Value>();
                match it.next() {
                    Some(Ok(v)) => {
                        out.push((v.to_string(), line));
                        Ok(Step::Consumed(it.byte_offset()))
                    }
                    Some(Err(e)) if e.is_eof() => Ok(Step::NeedMore),
                    None => Ok(Step::NeedMore),
                    Some(Err(_)) => Err(SplitError::Invalid { line, found: '?' }),
                }
            },
        )?;
        Ok(out)
    }

    #[test]
    fn elements_of_the_array_at_the_path() {
        let text = "{\"log\": {\"version\": \"1.2\", \"creator\": {\"name\": \"x]}\\\"\"},\n\"pages\": [{\"a\": [1, {}]}],\n\"entries\": [\n{\"a\": 1}, {\"b\": \"}]\"},\n 42, \"s\"]}}";
        let got = split(text).unwrap();
        let texts: Vec<&str> = got.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(texts, ["{\"a\":1}", "{\"b\":\"}]\"}", "42", "\"s\""]);
        assert_eq!(got[0].1, 4);
        assert_eq!(got[2].1, 5);
    }

    #[test]
    fn large_elements_come_with_their_long_strings_cut() {
        // A string with escapes and two-byte characters, cut somewhere inside them.
        let long = "é\\\"\\u00e9ab".repeat(STRING_CAP / 4);
        let filler = "x".repeat(LARGE_ELEMENT);
        let text = format!(
            r#"{{"log": {{"entries": [{{"n": 1}}, {{"t": "{long}", "f": "{filler}", "k": [1, 2.5, null]}}, {{"n": 3}}]}}}}"#
        );
        let mut seen = Vec::new();
        array_elements(
            text.as_bytes(),
            &["log", "entries"],
            |i, bytes, _, _, cut| {
                let mut it =
                    serde_json::Deserializer::from_slice(bytes).into_iter::<serde_json::Value>();
                match it.next() {
                    Some(Ok(v)) => {
                        seen.push((i, cut, v));
                        Ok::<_, SplitError>(Step::Consumed(it.byte_offset()))
                    }
                    Some(Err(e)) if e.is_eof() => Ok(Step::NeedMore),
                    other => panic!("entry {i}: {other:?}"),
                }
            },
        )
        .unwrap();
        assert_eq!(seen.len(), 3);
        let (index, cut, big) = &seen[1];
        assert_eq!(*index, 2);
        let t = big["t"].as_str().unwrap();
        let f = big["f"].as_str().unwrap();
        // 12 bytes of JSON text are 7 of the string: the cut is made in the text.
        let whole = "é\"éab".repeat(STRING_CAP / 4);
        assert!(whole.starts_with(t), "{}", &t[t.len() - 20..]);
        assert!(t.len() > STRING_CAP * 7 / 12 - 8, "{}", t.len());
        assert_eq!(f.len(), STRING_CAP);
        assert_eq!(big["k"], serde_json::json!([1, 2.5, null]));
        assert!(*cut > 0);
        assert_eq!((seen[0].1, seen[2].1), (0, 0));
        assert_eq!(seen[2].2["n"], 3);
    }

    #[test]
    fn a_large_element_leaves_out_its_extras() {
        // Small values by the million: no string to cut, but `_`-named members go.
        let messages = "{\"t\": 1, \"d\": \"x\"}, ".repeat(MAX_ELEMENT / 16);
        let text = format!(
            r#"{{"log": {{"entries": [{{"a": 1, "_ws": [{messages}{{}}], "b": {{"_c": 2}}}}, {{"n": 2}}]}}}}"#
        );
        let mut seen = Vec::new();
        array_elements(
            text.as_bytes(),
            &["log", "entries"],
            |_, bytes, _, _, cut| {
                let mut it =
                    serde_json::Deserializer::from_slice(bytes).into_iter::<serde_json::Value>();
                match it.next() {
                    Some(Ok(v)) => {
                        seen.push((v, cut));
                        Ok::<_, SplitError>(Step::Consumed(it.byte_offset()))
                    }
                    Some(Err(e)) if e.is_eof() => Ok(Step::NeedMore),
                    other => panic!("{other:?}"),
                }
            },
        )
        .unwrap();
        assert_eq!(seen[0].0, serde_json::json!({"a": 1, "b": {"_c": 2}}));
        assert!(seen[0].1 > MAX_ELEMENT as u64, "{}", seen[0].1);
        assert_eq!(seen[1], (serde_json::json!({"n": 2}), 0));
    }

    #[test]
    fn a_byte_order_mark_is_stepped_over() {
        let got = split("\u{feff}{\"log\": {\"entries\": [{\"a\": 1}]}}").unwrap();
        assert_eq!(got.len(), 1);
    }

    #[test]
    fn member_names_may_be_written_with_escapes() {
        let got = split(r#"{"l\u006fg": {"\u0065ntries": [{"a": 1}]}}"#).unwrap();
        assert_eq!(got.len(), 1);
        assert_eq!(
            split(r#"{"l\u006fgs": {"entries": [{"a": 1}]}}"#),
            Err(SplitError::NotFound)
        );
    }

    #[test]
    fn an_unexpected_character_is_named_whole() {
        // A no-break space (C2 A0) where white space may go is not 'Â'.
        assert_eq!(
            split("{\"log\": {\"version\": \"1.2\",\u{a0}\"entries\": []}}"),
            Err(SplitError::Invalid {
                line: 1,
                found: '\u{a0}'
            })
        );
        assert_eq!(
            split("{\"log\": {\"version\": \"1.2\"\n\u{2014}, \"entries\": []}}"),
            Err(SplitError::Invalid {
                line: 2,
                found: '\u{2014}'
            })
        );
        assert_eq!(
            split("{\"log\": {\"entries\" ; []}}"),
            Err(SplitError::Invalid {
                line: 1,
                found: ';'
            })
        );
    }

    #[test]
    fn empty_and_missing_arrays() {
        assert_eq!(split(r#"{"log": {"entries": []}}"#).unwrap().len(), 0);
        assert_eq!(
            split(r#"{"log": {"version": "1.2"}}"#),
            Err(SplitError::NotFound)
        );
        assert_eq!(split(r#"[1, 2]"#), Err(SplitError::NotFound));
        assert_eq!(split(r#"{"other": 1}"#), Err(SplitError::NotFound));
        assert_eq!(
            split(r#"{"log": {"entries": {"a": 1}}}"#),
            Err(SplitError::NotArray { line: 1 })
        );
        assert_eq!(split(""), Err(SplitError::NotFound));
    }

    #[test]
    fn the_long_word_message_names_the_cap() {
        assert!(LONG_WORD.contains(&format!(" {WORD_CAP} bytes")));
    }

    #[test]
    fn cut_files_are_truncated() {
        assert_eq!(
            SplitError::Truncated { elements: 1 }.to_string(),
            "the file ends early, after 1 complete entry: it was cut short"
        );
        assert_eq!(
            split(r#"{"log": {"entries": [{"a": 1}, {"b": "#),
            Err(SplitError::Truncated { elements: 1 })
        );
        assert_eq!(
            split(r#"{"log": {"entries": [{"a": 1}"#),
            Err(SplitError::Truncated { elements: 1 })
        );
        assert_eq!(
            split(r#"{"log": {"entries": [{"a": "unterminated"#),
            Err(SplitError::Truncated { elements: 0 })
        );
    }

    #[test]
    fn elements_larger_than_a_chunk_are_kept_whole() {
        let big = "x".repeat(CHUNK * 3);
        let text = format!(r#"{{"log": {{"entries": [{{"t": "{big}"}}, {{"n": 2}}]}}}}"#);
        let got = split(&text).unwrap();
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].0.len(), big.len() + 8);
        assert_eq!(got[1].0, "{\"n\":2}");
    }
}
