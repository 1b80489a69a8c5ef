//! The copy of an element too large to buffer whole ([`super::LARGE_ELEMENT`]): made as
//! its bytes stream past, each string cut to [`STRING_CAP`] bytes (and ended cleanly, so
//! the copy is still JSON), members named `_…` left out, and the bytes left out counted;
//! and, when the copy meets a fault at the element's top level, the rest of it stepped
//! over by its brackets.

use std::io::Read;

use super::{MAX_ELEMENT, STRING_CAP, Scanner, SplitError, WORD_CAP};

/// Drops what a cut left unfinished at the end of the string content `out[start..]`: an
/// escape (`\u00e9` cut after `\u0`), a lone leading surrogate, a UTF-8 character cut
/// inside, so that the cut string is still valid JSON.
fn end_cleanly(out: &mut Vec<u8>, start: usize) {
    let mut i = start;
    let mut last_escape = None;
    while i < out.len() {
        if out[i] == b'\\' {
            let len = if out.get(i + 1) == Some(&b'u') { 6 } else { 2 };
            if i + len > out.len() {
                out.truncate(i);
                break;
            }
            last_escape = Some((i, len));
            i += len;
        } else {
            i += 1;
        }
    }
    // A leading surrogate needs the escape after it, which the cut took.
    if let Some((at, 6)) = last_escape
        && at + 6 == out.len()
        && matches!(&out[at + 2..at + 3], [b'd' | b'D'])
        && matches!(out[at + 3], b'8'..=b'9' | b'a'..=b'b' | b'A'..=b'B')
    {
        out.truncate(at);
    }
    // A UTF-8 character cut inside: back to its lead byte.
    let tail = out.len().saturating_sub(3).max(start);
    if let Some(lead) = (tail..out.len()).rev().find(|&j| out[j] >= 0xc0) {
        let need = match out[lead] {
            0xf0.. => 4,
            0xe0.. => 3,
            _ => 2,
        };
        if lead + need > out.len() {
            out.truncate(lead);
        }
    }
}

impl<R: Read> Scanner<R> {
    /// Copies one value whose first byte `first` was consumed onto `out`, each string cut
    /// to its first [`STRING_CAP`] bytes; `cut` counts the bytes left out. False when the
    /// input ended.
    fn copy_value(
        &mut self,
        first: u8,
        out: &mut Vec<u8>,
        cut: &mut u64,
    ) -> Result<bool, SplitError> {
        match first {
            b'"' => {
                out.push(b'"');
                self.copy_string(out, cut)
            }
            b'{' | b'[' => {
                out.push(first);
                let mut depth = 1usize;
                while depth > 0 {
                    let Some(b) = self.next()? else {
                        return Ok(false);
                    };
                    if out.len() > MAX_ELEMENT {
                        return Err(SplitError::TooLarge { element: 0 });
                    }
                    out.push(b);
                    match b {
                        b'"' if !self.copy_string(out, cut)? => return Ok(false),
                        b'{' | b'[' => depth += 1,
                        b'}' | b']' => depth -= 1,
                        _ => {}
                    }
                }
                Ok(true)
            }
            _ => {
                let start = out.len();
                out.push(first);
                while self.pos < self.end || self.refill()? {
                    let b = self.buf[self.pos];
                    if matches!(b, b',' | b'}' | b']' | b' ' | b'\t' | b'\r' | b'\n') {
                        return Ok(true);
                    }
                    // No number or word of JSON is this long; 300 MB of digits is not
                    // kept to find that out.
                    if out.len() - start >= WORD_CAP {
                        return Err(SplitError::Word { line: self.line });
                    }
                    out.push(b);
                    self.pos += 1;
                }
                Ok(true)
            }
        }
    }

    /// Steps over the rest of an object whose member loop met `found` (just consumed) where
    /// it wanted a name, `:`, `,` or `}`: true when the object's end was found.
    pub(super) fn rest_of_object(&mut self, found: char) -> Result<bool, SplitError> {
        let mut depth = 1usize;
        let mut at = Some(found);
        loop {
            let b = match at.take() {
                // Not ASCII: not a bracket or a quote, nothing to count.
                Some(c) => u8::try_from(c).unwrap_or(b' '),
                None => match self.next()? {
                    Some(b) => b,
                    None => return Ok(false),
                },
            };
            match b {
                b'"' if !self.string(None)? => return Ok(false),
                b'{' | b'[' => depth += 1,
                b'}' | b']' => {
                    depth -= 1;
                    if depth == 0 {
                        return Ok(true);
                    }
                }
                _ => {}
            }
        }
    }

    /// Copies an element like [`Scanner::copy_value`], leaving out the members of an
    /// object whose names start with `_`: what browsers add beside HAR's own fields
    /// (`_webSocketMessages`, `_initiator`), and what makes an entry too large to keep
    /// even with its strings cut. Their bytes count in `cut`.
    pub(super) fn copy_element(
        &mut self,
        first: u8,
        out: &mut Vec<u8>,
        cut: &mut u64,
    ) -> Result<bool, SplitError> {
        if first != b'{' {
            return self.copy_value(first, out, cut);
        }
        out.push(b'{');
        let mut kept = 0usize;
        loop {
            match self.next_token()? {
                None => return Ok(false),
                Some(b'}') => {
                    out.push(b'}');
                    return Ok(true);
                }
                Some(b',') => continue,
                Some(b'"') => {}
                Some(other) => return Err(self.invalid(other)),
            }
            let start = self.offset() - 1;
            let before = out.len();
            if kept > 0 {
                out.push(b',');
            }
            out.push(b'"');
            let name_at = out.len();
            if !self.copy_string(out, cut)? {
                return Ok(false);
            }
            let extra = out.get(name_at) == Some(&b'_');
            match self.next_token()? {
                Some(b':') => {}
                Some(other) => return Err(self.invalid(other)),
                None => return Ok(false),
            }
            let Some(value) = self.next_token()? else {
                return Ok(false);
            };
            if extra {
                out.truncate(before);
                if !self.skip_value(value)? {
                    return Ok(false);
                }
                *cut += self.offset() - start;
                continue;
            }
            out.push(b':');
            kept += 1;
            if !self.copy_value(value, out, cut)? {
                return Ok(false);
            }
            if out.len() > MAX_ELEMENT {
                return Err(SplitError::TooLarge { element: 0 });
            }
        }
    }

    /// Copies the rest of a string whose opening quote was consumed (and copied), keeping
    /// its first [`STRING_CAP`] bytes and its closing quote.
    fn copy_string(&mut self, out: &mut Vec<u8>, cut: &mut u64) -> Result<bool, SplitError> {
        let (start, before) = (out.len(), *cut);
        if !self.scan_string(Some(out), STRING_CAP, cut)? {
            return Ok(false);
        }
        if *cut > before {
            end_cleanly(out, start);
        }
        out.push(b'"');
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cut_string_ends_cleanly() {
        for (cut, kept) in [
            (&b"ab\\u00"[..], &b"ab"[..]),
            (b"ab\\", b"ab"),
            (b"ab\\ud83d", b"ab"),
            (b"ab\\n", b"ab\\n"),
            (b"ab\xc3", b"ab"),
            (b"ab\xe2\x82", b"ab"),
            (b"ab\xc3\xa9", b"ab\xc3\xa9"),
        ] {
            let mut out = b"\"".to_vec();
            out.extend_from_slice(cut);
            end_cleanly(&mut out, 1);
            assert_eq!(&out[1..], kept, "{cut:?}");
        }
    }
}
