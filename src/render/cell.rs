//! Every table cell is made here, its text bounded. comfy-table wraps a word longer than
//! its column in time quadratic in the word's length (each line it cuts off measures the
//! rest of the word again), and how long a word is is up to a server or a description
//! file: a 1 MB one-word error message took seconds to draw. So a cell holds at most
//! [`CELL_BYTES`] of its text, cut at a character (never inside an escape the sanitizer
//! wrote) and followed by `… N more bytes not shown`; a cell's cost is then bounded
//! whatever it is given, and drawing a card or a table is linear in its cells. Views that
//! show a text whole (`-v` headers, `--body full`, `--json`) write it a line at a time,
//! never through a table. `clippy.toml` keeps `Cell::new` to this file.

use std::borrow::Cow;

use comfy_table::Cell;

/// Bytes of text one cell shows: some twenty lines of a card, several times any status
/// description, error message or URL met in practice.
pub const CELL_BYTES: usize = 2000;

/// The longest escape the sanitizer writes: `\u{10ffff}`.
const LONGEST_ESCAPE: usize = 10;

/// A cell showing `text`, bounded to [`CELL_BYTES`].
pub fn of(text: impl AsRef<str>) -> Cell {
    #[allow(clippy::disallowed_methods)]
    Cell::new(bounded(text.as_ref()))
}

/// A cell for text already cut to its column's width (the HAR table's): comfy-table never
/// wraps it, so its length costs nothing more than reading it.
pub fn fitted(text: String) -> Cell {
    #[allow(clippy::disallowed_methods)]
    Cell::new(text)
}

/// `text`, or its first [`CELL_BYTES`] and a note of how many bytes were left out.
pub fn bounded(text: &str) -> Cow<'_, str> {
    if text.len() <= CELL_BYTES {
        return Cow::Borrowed(text);
    }
    let mut end = CELL_BYTES;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    // An escape is kept whole or left out whole: `\u{20` would read as text of the server's.
    if let Some(slash) = text[..end].rfind('\\')
        && end - slash < LONGEST_ESCAPE
    {
        end = slash;
    }
    Cow::Owned(format!(
        "{}… {} more bytes not shown",
        &text[..end],
        text.len() - end
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_text_is_untouched() {
        let text = "a".repeat(CELL_BYTES);
        assert!(matches!(bounded(&text), Cow::Borrowed(_)));
        assert!(matches!(bounded(""), Cow::Borrowed(_)));
    }

    #[test]
    fn long_text_is_cut_with_a_count_of_what_is_left_out() {
        let text = "a".repeat(CELL_BYTES + 5);
        assert_eq!(
            bounded(&text),
            format!("{}… 5 more bytes not shown", "a".repeat(CELL_BYTES))
        );
        // Two-byte characters: the cut falls between them, and the count is exact.
        let text = "é".repeat(CELL_BYTES);
        let cut = bounded(&text);
        let kept = cut.split('…').next().unwrap();
        assert_eq!(kept.len(), CELL_BYTES);
        assert!(cut.ends_with(&format!("… {} more bytes not shown", CELL_BYTES)));
        // Four-byte characters where the limit falls inside one.
        let text = format!("a{}", "😀".repeat(CELL_BYTES));
        let kept = bounded(&text).split('…').next().unwrap().to_string();
        assert_eq!(kept.len(), 1 + (CELL_BYTES - 1) / 4 * 4);
    }

    #[test]
    fn an_escape_is_never_cut_in_two() {
        let head = "a".repeat(CELL_BYTES - 4);
        let text = format!("{head}\\u{{202e}}{}", "b".repeat(50));
        let cut = bounded(&text);
        assert!(cut.starts_with(&format!("{head}… ")), "{cut}");
        assert!(cut.ends_with(&format!("… {} more bytes not shown", 8 + 50)));
        // One that ends before the limit is kept.
        let head = "a".repeat(CELL_BYTES - 12);
        let text = format!("{head}\\x1b{}", "b".repeat(50));
        assert!(bounded(&text).starts_with(&format!("{head}\\x1bbbbbbbbb")));
    }
}
