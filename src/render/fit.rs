//! Fitting a table to a width without wrapping: every row stays one line. Columns give
//! way in a set order (long texts shrink toward a floor, then the least needed columns
//! go, and what room is left goes back to the most needed); a URL is cut in its middle
//! with `…` (its start says where, its end says what), other text is cut after a whole
//! word. No column is wider than [`WIDEST`], even where no width is given. Cutting reads
//! a text once, however long its words: time linear in its length. Pure: widths in,
//! widths out, so the rules are unit-tested here. Also the end of a drawn line: no blanks
//! after its last visible character, even inside colour codes ([`trim_end_styled`]).

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// How a column's cells are cut when it is narrower than its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cut {
    /// Never cut: the column is as wide as its widest cell, or dropped (a cell wider than
    /// [`WIDEST`] is still cut, after a word).
    Never,
    /// Cut in the middle (URLs).
    Middle,
    /// Cut after the last whole word that fits.
    Words,
}

/// One column to fit.
#[derive(Debug, Clone)]
pub struct Column {
    /// The widest cell, header included.
    pub natural: usize,
    /// The narrowest it may be made (ignored for [`Cut::Never`]).
    pub floor: usize,
    /// A width it shrinks to before any column is dropped (a comfortable width).
    pub comfortable: usize,
    pub cut: Cut,
    /// Order of dropping: lower goes first; `None` is never dropped.
    pub drop: Option<u8>,
    /// Order of getting room back: lower gets it first.
    pub grow: u8,
}

/// One column of a listing with its cells as text (the HAR table, `run`'s table): how it
/// gives way to the width, and the cells, cut to the room it gets.
#[derive(Debug, Clone)]
pub struct Listed {
    pub header: &'static str,
    pub cut: Cut,
    /// The narrowest it may be made; a column cut at words is at least as wide as its
    /// longest word too (up to [`WORD_FLOOR`]).
    pub floor: usize,
    pub comfortable: usize,
    pub drop: Option<u8>,
    pub grow: u8,
    pub cells: Vec<String>,
}

/// The widest a longest word makes the floor of a column cut at words.
pub const WORD_FLOOR: usize = 24;

impl Listed {
    /// Its [`Column`] for [`fit`]: as wide as its widest cell or its header, never
    /// narrower than its header, and words never split (up to [`WORD_FLOOR`]).
    pub fn column(&self) -> Column {
        let header = width(self.header);
        let floor = if self.cut == Cut::Words {
            let longest_word = longest_word(self.cells.iter().map(String::as_str));
            self.floor
                .max((longest_word + 1).clamp(header, WORD_FLOOR.max(header)))
        } else {
            self.floor.max(header)
        };
        Column {
            natural: self.drawn_width(),
            floor,
            comfortable: self.comfortable,
            cut: self.cut,
            drop: self.drop,
            grow: self.grow,
        }
    }

    /// Its cells cut to `room` cells where wider, as its [`Cut`] says.
    pub fn cut_to(&mut self, room: usize) {
        for cell in &mut self.cells {
            if width(cell) > room {
                *cell = cut(cell, room, self.cut);
            }
        }
    }

    /// The width it is drawn at: its widest cell, or its header.
    pub fn drawn_width(&self) -> usize {
        self.cells
            .iter()
            .map(|s| width(s))
            .max()
            .unwrap_or(0)
            .max(width(self.header))
    }
}

/// The width of the longest word (between spaces or line breaks) in `texts`.
pub fn longest_word<'a>(texts: impl IntoIterator<Item = &'a str>) -> usize {
    texts
        .into_iter()
        .flat_map(str::split_whitespace)
        .map(width)
        .max()
        .unwrap_or(0)
}

/// Columns ranked below this are dropped before the texts shrink to their floors; the
/// others only after.
pub const FLOOR_AFTER: u8 = 10;

/// The widest a column is drawn, in cells, even where no width is given (output to a
/// pipe): a wider cell says nothing a cut one does not, and comfy-table counts widths in
/// 16 bits.
pub const WIDEST: usize = 2000;

/// The display width of `s` in terminal cells.
pub fn width(s: &str) -> usize {
    s.width()
}

/// The width a table of `widths` takes with comfy-table's bordered preset: one space of
/// padding each side and one border between and around the columns.
fn table_width(widths: &[Option<usize>]) -> usize {
    let shown: Vec<usize> = widths.iter().flatten().copied().collect();
    shown.iter().sum::<usize>() + shown.len() * 3 + 1
}

/// Each column's width, or `None` where it is dropped, for a table no wider than
/// `budget` (`None`: as wide as it needs).
pub fn fit(columns: &[Column], budget: Option<usize>) -> Vec<Option<usize>> {
    let columns: Vec<Column> = columns
        .iter()
        .map(|c| Column {
            natural: c.natural.min(WIDEST),
            ..c.clone()
        })
        .collect();
    let columns = &columns[..];
    let mut widths: Vec<Option<usize>> = columns.iter().map(|c| Some(c.natural)).collect();
    let Some(budget) = budget else {
        return widths;
    };
    let over = |w: &[Option<usize>]| table_width(w) > budget;
    let shrinkable = |c: &Column| c.cut != Cut::Never;
    // Texts give way the least needed first: the reverse of the order they grow back in.
    let mut shrinking: Vec<usize> = (0..columns.len())
        .filter(|&i| shrinkable(&columns[i]))
        .collect();
    shrinking.sort_by_key(|&i| std::cmp::Reverse(columns[i].grow));
    // 1. Long texts shrink to a comfortable width.
    for &i in &shrinking {
        let c = &columns[i];
        if over(&widths) {
            widths[i] = Some(c.natural.min(c.comfortable.max(c.floor)));
        }
    }
    // 2. Then the least needed columns go (those ranked below [`FLOOR_AFTER`]), 3. the
    // texts shrink to their floors, and 4. the rest go, until it fits.
    let mut order: Vec<usize> = (0..columns.len())
        .filter(|&i| columns[i].drop.is_some())
        .collect();
    order.sort_by_key(|&i| columns[i].drop);
    let mut dropped = Vec::new();
    for &i in order
        .iter()
        .filter(|&&i| columns[i].drop < Some(FLOOR_AFTER))
    {
        if over(&widths) {
            widths[i] = None;
            dropped.push(i);
        }
    }
    for &i in &shrinking {
        let c = &columns[i];
        if over(&widths) {
            let excess = table_width(&widths) - budget;
            if let Some(w) = widths[i] {
                widths[i] = Some(w.saturating_sub(excess).max(c.floor.min(c.natural)));
            }
        }
    }
    for &i in order
        .iter()
        .filter(|&&i| columns[i].drop >= Some(FLOOR_AFTER))
    {
        if over(&widths) {
            widths[i] = None;
            dropped.push(i);
        }
    }
    // A column dropped early comes back when the texts can make room for it and still
    // keep a comfortable width.
    let comfortable = |c: &Column| c.natural.min(c.comfortable.max(c.floor));
    for &i in dropped.iter().rev() {
        let before = widths.clone();
        let c = &columns[i];
        widths[i] = Some(if shrinkable(c) {
            comfortable(c)
        } else {
            c.natural
        });
        for &j in &shrinking {
            if over(&widths)
                && let Some(w) = widths[j]
            {
                let excess = table_width(&widths) - budget;
                widths[j] = Some(
                    w.saturating_sub(excess)
                        .max(comfortable(&columns[j]).min(w)),
                );
            }
        }
        if over(&widths) {
            widths = before;
        }
    }
    // 5. Room left goes back, the most needed column first.
    for &i in shrinking.iter().rev() {
        let room = budget.saturating_sub(table_width(&widths));
        if let Some(w) = widths[i] {
            widths[i] = Some(columns[i].natural.min(w + room));
        }
    }
    widths
}

/// `parts` joined with ` · `, a line break between two parts where the next would pass
/// `max` cells (`None`: one line); a part wider than a line of its own is broken between
/// its words (a word wider than a line is kept whole).
pub fn join_wrapped(parts: &[String], max: Option<usize>) -> String {
    let mut out = String::new();
    let mut used = 0;
    for part in parts {
        let w = width(part);
        if used > 0 {
            if max.is_some_and(|max| used + 3 + w > max) {
                out.push('\n');
                used = 0;
            } else {
                out.push_str(" · ");
                used += 3;
            }
        }
        match max {
            Some(max) if used == 0 && w > max => {
                for (i, word) in part.split(' ').enumerate() {
                    let ww = width(word);
                    if i > 0 {
                        if used + 1 + ww > max {
                            out.push('\n');
                            used = 0;
                        } else {
                            out.push(' ');
                            used += 1;
                        }
                    }
                    out.push_str(word);
                    used += ww;
                }
            }
            _ => {
                out.push_str(part);
                used += w;
            }
        }
    }
    out
}

/// `line` without the blanks after its last visible character, wherever colour codes
/// put them: comfy-table pads a styled cell inside its style (`ESC[33m x    ESC[39m`),
/// where a plain trim does not reach. The codes themselves are kept, in order.
pub fn trim_end_styled(line: &str) -> String {
    let mut rest = line;
    let mut codes: Vec<&str> = Vec::new();
    loop {
        let trimmed = rest.trim_end_matches(' ');
        match trailing_style(trimmed) {
            Some(at) => {
                codes.push(&trimmed[at..]);
                rest = &trimmed[..at];
            }
            None => {
                rest = trimmed;
                break;
            }
        }
    }
    let mut out = rest.to_string();
    for code in codes.iter().rev() {
        out.push_str(code);
    }
    out
}

/// Where an SGR sequence (`ESC [ 0 ; 33 m`) that ends `text` starts.
fn trailing_style(text: &str) -> Option<usize> {
    let body = text.strip_suffix('m')?;
    let params = body.trim_end_matches(|c: char| c.is_ascii_digit() || c == ';');
    params.strip_suffix("\x1b[")?;
    Some(params.len() - 2)
}

/// `text` cut to `max` cells as `cut` says; unchanged when it fits. A [`Cut::Never`] text
/// is cut only past [`WIDEST`], as words are.
pub fn cut(text: &str, max: usize, cut: Cut) -> String {
    if width(text) <= max {
        return text.to_string();
    }
    match cut {
        Cut::Never if max >= WIDEST => words(text, max),
        Cut::Never => text.to_string(),
        Cut::Middle => middle(text, max),
        Cut::Words => words(text, max),
    }
}

/// The first characters of `text` that take at most `max` cells.
fn head(text: &str, max: usize) -> &str {
    let mut used = 0;
    for (i, c) in text.char_indices() {
        used += c.width().unwrap_or(0);
        if used > max {
            return &text[..i];
        }
    }
    text
}

/// The last characters of `text` that take at most `max` cells.
fn tail(text: &str, max: usize) -> &str {
    let mut used = 0;
    for (i, c) in text.char_indices().rev() {
        used += c.width().unwrap_or(0);
        if used > max {
            return &text[i + c.len_utf8()..];
        }
    }
    text
}

/// `/api/very/long/…/path?x=1`: a little more of the end than of the start.
fn middle(text: &str, max: usize) -> String {
    if max == 0 {
        return String::new();
    }
    let room = max - 1;
    let front = room * 2 / 5;
    let start = head(text, front);
    let end = tail(text, room - width(start));
    format!("{start}…{end}")
}

/// `Returned when an app is…`: whole words, or the first word cut when none fits. The
/// width is counted as the text is read, which stops where the room ends.
fn words(text: &str, max: usize) -> String {
    if max == 0 {
        return String::new();
    }
    let room = max - 1;
    let mut end = 0;
    let mut used = 0;
    for (i, c) in text.char_indices() {
        if used > room {
            break;
        }
        if c == ' ' {
            end = i;
        }
        used += c.width().unwrap_or(0);
    }
    let kept = if end == 0 {
        head(text, room)
    } else {
        text[..end].trim_end()
    };
    format!("{kept}…")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn col(natural: usize, floor: usize, cut: Cut, drop: Option<u8>, grow: u8) -> Column {
        Column {
            natural,
            floor,
            comfortable: floor * 2,
            cut,
            drop,
            grow,
        }
    }

    #[test]
    fn a_table_that_fits_is_left_alone() {
        let columns = [
            col(10, 5, Cut::Words, Some(0), 0),
            col(4, 4, Cut::Never, None, 1),
        ];
        assert_eq!(fit(&columns, Some(80)), [Some(10), Some(4)]);
        assert_eq!(fit(&columns, None), [Some(10), Some(4)]);
    }

    #[test]
    fn texts_shrink_then_columns_go_then_room_comes_back() {
        let columns = [
            col(2, 2, Cut::Never, None, 9),      // #
            col(60, 12, Cut::Middle, None, 0),   // URL
            col(30, 8, Cut::Words, Some(2), 1),  // Meaning
            col(10, 10, Cut::Never, Some(0), 9), // Type
        ];
        // Everything: 2 + 60 + 30 + 10 + 4 * 3 + 1 = 115. The texts give way first, the
        // least needed (Meaning) the most; Type comes back once there is room.
        let w = fit(&columns, Some(80));
        assert_eq!(w, [Some(2), Some(39), Some(16), Some(10)]);
        assert_eq!(table_width(&w), 80, "the room left goes back: {w:?}");
        let w = fit(&columns, Some(60));
        assert_eq!(w[3], None, "{w:?}");
        assert_eq!(table_width(&w), 60, "{w:?}");
        let w = fit(&columns, Some(40));
        assert!(table_width(&w) <= 40, "{w:?}");
        assert_eq!(w[0], Some(2));
        assert!(w[1].is_some_and(|u| u >= 12), "{w:?}");
    }

    #[test]
    fn parts_wrap_between_themselves() {
        let parts = [
            "4 2xx".to_string(),
            "1 5xx".into(),
            "slowest #3 38 ms".into(),
        ];
        assert_eq!(
            join_wrapped(&parts, None),
            "4 2xx · 1 5xx · slowest #3 38 ms"
        );
        assert_eq!(
            join_wrapped(&parts, Some(20)),
            "4 2xx · 1 5xx\nslowest #3 38 ms"
        );
        // A part wider than a line is broken between its words; a long word stays whole.
        let parts = [
            "4 2xx".to_string(),
            "5 3xx (3 redirects followed, 1 conditional request)".into(),
            "https://app.example.test/a/long/path".into(),
        ];
        assert_eq!(
            join_wrapped(&parts, Some(20)),
            "4 2xx\n5 3xx (3 redirects\nfollowed, 1\nconditional request)\nhttps://app.example.test/a/long/path"
        );
    }

    #[test]
    fn urls_are_cut_in_the_middle_and_texts_after_a_word() {
        let url = "/api/v2/organisations/12345/members/67890?expand=roles";
        let short = cut(url, 24, Cut::Middle);
        assert_eq!(width(&short), 24);
        assert!(
            short.starts_with("/api/v2/") && short.ends_with("expand=roles"),
            "{short}"
        );
        assert!(short.contains('…'));
        assert_eq!(
            cut("Returned when an app is being rate limited", 20, Cut::Words),
            "Returned when an…"
        );
        assert_eq!(
            cut("connection refused", 20, Cut::Words),
            "connection refused"
        );
        assert_eq!(
            cut("net::ERR_CONNECTION_REFUSED", 10, Cut::Words),
            "net::ERR_…"
        );
        assert_eq!(cut("日本語のテキスト", 7, Cut::Words), "日本語…");
    }

    #[test]
    fn no_column_is_wider_than_the_widest() {
        let columns = [
            col(3 * WIDEST, 10, Cut::Middle, None, 0),
            col(2 * WIDEST, 0, Cut::Never, Some(0), 9),
            col(5, 5, Cut::Never, None, 9),
        ];
        assert_eq!(fit(&columns, None), [Some(WIDEST), Some(WIDEST), Some(5)]);
        // A cell that never gives way is cut after a word past the widest.
        let long = format!("x {}", "y".repeat(3 * WIDEST));
        assert_eq!(cut(&long, WIDEST, Cut::Never), "x…");
        assert_eq!(cut(&long, 10, Cut::Never), long);
    }

    #[test]
    fn blanks_inside_a_style_are_trimmed_and_the_style_kept() {
        assert_eq!(
            trim_end_styled("\x1b[2m  key \x1b[0m\x1b[38;5;11m value   \x1b[39m"),
            "\x1b[2m  key \x1b[0m\x1b[38;5;11m value\x1b[39m"
        );
        assert_eq!(trim_end_styled("plain  "), "plain");
        assert_eq!(trim_end_styled("   \x1b[0m  "), "\x1b[0m");
        // Only colour codes are passed over: anything else ends the blanks.
        assert_eq!(trim_end_styled("a \x1b[2J "), "a \x1b[2J");
        assert_eq!(trim_end_styled("a m "), "a m");
    }

    #[test]
    fn long_texts_are_cut_where_the_room_ends() {
        let words = "ab ".repeat(100_000);
        assert_eq!(cut(&words, 9, Cut::Words), "ab ab ab…");
        let word = "z".repeat(100_000);
        assert_eq!(cut(&word, 5, Cut::Words), "zzzz…");
        let url = format!("/a/{}/b", "c".repeat(100_000));
        assert_eq!(cut(&url, 11, Cut::Middle), "/a/c…cccc/b");
    }
}
