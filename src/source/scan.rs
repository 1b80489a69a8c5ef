//! Byte searches eight bytes at a time (SWAR: one `u64` holds eight bytes and a few
//! arithmetic steps mark the ones that match), for the JSON readers that step over
//! hundreds of MB of HAR text: the end of a string, the next bracket, the line count. And
//! the character a byte starts, for their error messages.

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// The high bit of every byte of `x` that equals `b`. Bits above a true match may be set
/// too (a borrow runs on), but the lowest set bit is always exact, and that is all the
/// searches read.
#[inline]
fn equal(x: u64, b: u8) -> u64 {
    let y = x ^ (ONES * u64::from(b));
    y.wrapping_sub(ONES) & !y & HIGHS
}

/// The index of the first byte of `bytes` that `mask` marks (eight at a time) or that
/// `is` accepts (the last few).
#[inline]
fn find(bytes: &[u8], mask: impl Fn(u64) -> u64, is: impl Fn(u8) -> bool) -> Option<usize> {
    let mut chunks = bytes.chunks_exact(8);
    let mut offset = 0;
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let marked = mask(u64::from_le_bytes(word));
        if marked != 0 {
            return Some(offset + (marked.trailing_zeros() / 8) as usize);
        }
        offset += 8;
    }
    chunks
        .remainder()
        .iter()
        .position(|&b| is(b))
        .map(|i| offset + i)
}

/// The index of the first `"` or `\\` in `bytes`: where a string ends or escapes.
#[inline]
pub fn find_quote_or_backslash(bytes: &[u8]) -> Option<usize> {
    find(
        bytes,
        |x| equal(x, b'"') | equal(x, b'\\'),
        |b| b == b'"' || b == b'\\',
    )
}

/// The index of the first `"`, `{`, `}`, `[` or `]` in `bytes`: all that matters when
/// stepping over JSON by its brackets.
#[inline]
pub fn find_quote_or_bracket(bytes: &[u8]) -> Option<usize> {
    // `[` and `{`, `]` and `}` differ only in bit 5.
    find(
        bytes,
        |x| {
            let folded = x | (ONES * 0x20);
            equal(x, b'"') | equal(folded, b'{') | equal(folded, b'}')
        },
        |b| matches!(b, b'"' | b'{' | b'}' | b'[' | b']'),
    )
}

/// The number of `\n` in `bytes`: an indented HAR has a line break every few dozen bytes,
/// and counting them byte by byte took a sixth of a HAR's reading.
pub fn count_newlines(bytes: &[u8]) -> usize {
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

/// The character that starts `bytes`, for a message naming what was found there: a
/// byte that does not start a whole UTF-8 character is U+FFFD (an NBSP, C2 A0, is
/// `'\u{a0}'`, not the `'Â'` its first byte is in Latin-1).
pub fn char_at(bytes: &[u8]) -> char {
    let head = &bytes[..bytes.len().min(4)];
    let valid = match std::str::from_utf8(head) {
        Ok(s) => s,
        Err(e) => std::str::from_utf8(&head[..e.valid_up_to()]).unwrap_or_default(),
    };
    valid.chars().next().unwrap_or('\u{fffd}')
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Bytes rich in what the searches look for, and in bytes one bit away from them.
    fn bytes() -> impl Strategy<Value = Vec<u8>> {
        prop::collection::vec(
            prop_oneof![
                prop::sample::select(
                    b"\"\\{}[]\n\x0a\x5c\x22\x7b\x7d\x5b\x5d\x3b\x3d\x1b\x7c\xdb\xfbabc ".to_vec()
                ),
                any::<u8>(),
            ],
            0..80,
        )
    }

    proptest! {
        #[test]
        fn searches_match_a_plain_scan(bytes in bytes()) {
            for start in 0..bytes.len().min(9) {
                let b = &bytes[start..];
                prop_assert_eq!(
                    find_quote_or_backslash(b),
                    b.iter().position(|&c| c == b'"' || c == b'\\')
                );
                prop_assert_eq!(
                    find_quote_or_bracket(b),
                    b.iter().position(|&c| matches!(c, b'"' | b'{' | b'}' | b'[' | b']'))
                );
                prop_assert_eq!(count_newlines(b), b.iter().filter(|&&c| c == b'\n').count());
            }
        }
    }
}
