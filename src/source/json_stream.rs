//! Finds one array in a large JSON document by its path (`log.entries`) and hands over
//! its elements one at a time as byte slices, without parsing anything else: bytes are
//! scanned in chunks, everything outside the path is skipped by counting brackets and
//! strings. Memory is bounded by the largest element (capped at [`MAX_ELEMENT`]), so a
//! HAR of hundreds of MB is read in a few MB, and each element is parsed with
//! `serde_json::from_slice`, which is several times faster than a per-byte reader.

use std::io::Read;

/// The largest single element accepted.
pub const MAX_ELEMENT: usize = 256 * 1024 * 1024;

const CHUNK: usize = 1 << 20;

/// Why the array could not be walked.
#[derive(Debug, PartialEq, Eq)]
pub enum SplitError {
    /// The document has no array at the path (not an object, or a key is missing).
    NotFound,
    /// The value at the path is not an array.
    NotArray { line: usize },
    /// The bytes are not JSON where structure was expected.
    Invalid { line: usize, found: char },
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
            SplitError::Truncated { elements } => {
                write!(
                    f,
                    "the file ends early, after {elements} complete entries: it was cut short"
                )
            }
            SplitError::TooLarge { element } => {
                write!(
                    f,
                    "entry {element} is larger than {} MiB",
                    MAX_ELEMENT >> 20
                )
            }
            SplitError::Io(_, message) => f.write_str(message),
        }
    }
}

impl std::error::Error for SplitError {}

/// The index of the first `"` or `\\` in `bytes`, eight bytes at a time.
#[inline]
fn find_quote_or_backslash(bytes: &[u8]) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let has = |x: u64, b: u8| {
        let y = x ^ (ONES * u64::from(b));
        y.wrapping_sub(ONES) & !y & HIGHS
    };
    let mut chunks = bytes.chunks_exact(8);
    let mut offset = 0;
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let x = u64::from_le_bytes(word);
        if has(x, b'"') | has(x, b'\\') != 0 {
            break;
        }
        offset += 8;
    }
    bytes[offset..]
        .iter()
        .position(|&b| b == b'"' || b == b'\\')
        .map(|i| offset + i)
}

/// The number of `\n` in `bytes`, eight bytes at a time: an indented HAR has a line break
/// every few dozen bytes, and counting them byte by byte took a sixth of a HAR's reading.
fn count_newlines(bytes: &[u8]) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const LOWS: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    let mut chunks = bytes.chunks_exact(8);
    let mut count = 0usize;
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let y = u64::from_le_bytes(word) ^ (ONES * u64::from(b'\n'));
        // The high bit of each byte that is zero in `y`, exactly (no carries across bytes).
        let zero = !(((y & LOWS) + LOWS) | y | LOWS);
        count += zero.count_ones() as usize;
    }
    count + chunks.remainder().iter().filter(|&&b| b == b'\n').count()
}

/// A forward-only byte scanner over a reader, able to keep the bytes of one element.
struct Scanner<R> {
    reader: R,
    buf: Vec<u8>,
    pos: usize,
    end: usize,
    /// Start of the element being kept, if any: bytes from here on are not discarded.
    mark: Option<usize>,
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

    /// Skips the rest of a string whose opening quote was consumed; keeps its bytes
    /// when `capture` (object keys).
    fn string(&mut self, mut capture: Option<&mut Vec<u8>>) -> Result<bool, SplitError> {
        loop {
            // Fast path: run to the next quote or backslash inside the buffer. A JSON
            // string holds no raw line break, so there are no lines to count here.
            let start = self.pos;
            let found = find_quote_or_backslash(&self.buf[start..self.end]);
            let stop = found.map_or(self.end, |i| start + i);
            if let Some(c) = capture.as_deref_mut() {
                c.extend_from_slice(&self.buf[start..stop]);
            }
            self.pos = stop;
            if found.is_none() {
                if !self.refill()? {
                    return Ok(false);
                }
                continue;
            }
            // At a quote or a backslash.
            if self.buf[self.pos] == b'"' {
                self.pos += 1;
                return Ok(true);
            }
            self.pos += 1;
            // The escaped byte belongs to the string, whatever it is.
            if self.next()?.is_none() {
                return Ok(false);
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

    fn invalid(&self, found: u8) -> SplitError {
        SplitError::Invalid {
            line: self.line,
            found: found as char,
        }
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
                if key == want.as_bytes() {
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

/// What the element parser did with the bytes it was offered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// It read one element of this many bytes.
    Consumed(usize),
    /// The bytes end inside the element: offer more.
    NeedMore,
}

/// Walks the array at `path`. For each element, `each(index, bytes, line, at_end)` is
/// offered the buffered bytes from the element's start (index from 1, the line it starts
/// on, and whether the input has ended) and parses one element off their front; when
/// they end inside it, more are read and it is offered again. So each element is parsed
/// once, by the caller, and nothing else of the document is. An error from `each` stops
/// the walk and is returned. Returns the number of elements.
pub fn array_elements<R: Read, E: From<SplitError>>(
    reader: R,
    path: &[&str],
    mut each: impl FnMut(usize, &[u8], usize, bool) -> Result<Step, E>,
) -> Result<usize, E> {
    let mut s = Scanner::new(reader);
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
        loop {
            let at_end = s.eof;
            match each(count + 1, &s.buf[s.pos..s.end], line, at_end)? {
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Each element as compact JSON text, with its line.
    fn split(text: &str) -> Result<Vec<(String, usize)>, SplitError> {
        let mut out = Vec::new();
        array_elements(text.as_bytes(), &["log", "entries"], |_, bytes, line, _| {
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
        })?;
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
    fn quote_search_matches_a_plain_scan() {
        let text = br#"abcdefghijklmnop"qrs\tuvwxyz0123456789"#;
        for start in 0..text.len() {
            let plain = text[start..].iter().position(|&b| b == b'"' || b == b'\\');
            assert_eq!(find_quote_or_backslash(&text[start..]), plain, "{start}");
        }
        assert_eq!(find_quote_or_backslash(b"no quotes at all here"), None);
    }

    #[test]
    fn newline_count_matches_a_plain_count() {
        let text: Vec<u8> = (0..300u32)
            .map(|i| match i % 7 {
                0 => b'\n',
                1 => 0x8a,
                2 => 0x0b,
                3 => 0xff,
                _ => b'a' + (i % 26) as u8,
            })
            .collect();
        for start in 0..40 {
            let plain = text[start..].iter().filter(|&&b| b == b'\n').count();
            assert_eq!(count_newlines(&text[start..]), plain, "{start}");
        }
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
    fn cut_files_are_truncated() {
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
