//! Markdown "Response Codes" pages: the first pipe table with a Code or Status column is
//! the status table (a Hint column gives the table's own advice), a table under a heading
//! holding "error code" maps the API's own error codes, and inline Markdown in cells becomes plain text. Every cell is read in time
//! linear in its length, whatever it holds.

use std::collections::HashMap;

use super::table::{Entry, ErrorCode, TableError, fail, status_code};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Column {
    Code,
    Text,
    Description,
    Hint,
}

fn column_of(header: &str) -> Option<Column> {
    let name = plain(header).to_ascii_lowercase();
    match name.as_str() {
        "code" | "status" | "status code" | "http code" | "http status" | "http status code"
        | "error code" => Some(Column::Code),
        "text" | "name" | "reason" | "reason phrase" | "title" | "message" | "status text" => {
            Some(Column::Text)
        }
        "description" | "meaning" | "details" | "detail" | "explanation" => {
            Some(Column::Description)
        }
        "hint" | "hints" | "what to do" | "action" => Some(Column::Hint),
        _ => None,
    }
}

/// A pipe table's header, mapped to the columns we read.
struct Layout {
    code: usize,
    text: Option<usize>,
    description: Option<usize>,
    hint: Option<usize>,
}

impl Layout {
    fn of(header: &[String]) -> Option<Layout> {
        let find = |want| header.iter().position(|h| column_of(h) == Some(want));
        Some(Layout {
            code: find(Column::Code)?,
            text: find(Column::Text),
            description: find(Column::Description),
            hint: find(Column::Hint),
        })
    }
}

/// One data row: 1-based line, code cell, text, description (all plain text).
struct Row {
    line: usize,
    code: String,
    text: String,
    description: String,
    hint: String,
}

pub(super) fn parse_markdown(text: &str) -> Result<(Vec<Entry>, Vec<ErrorCode>), TableError> {
    let lines: Vec<&str> = text.lines().collect();
    let mut statuses: Option<Vec<Entry>> = None;
    let mut errors: Option<Vec<ErrorCode>> = None;
    let mut heading = String::new();
    let mut fence: Option<&str> = None;
    let mut i = front_matter_end(&lines);
    while i < lines.len() {
        let line = lines[i];
        let trimmed = line.trim();
        if let Some(marker) = fence {
            if trimmed.starts_with(marker) {
                fence = None;
            }
            i += 1;
            continue;
        }
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fence = Some(&trimmed[..3]);
            i += 1;
            continue;
        }
        if let Some(h) = atx_heading(trimmed) {
            heading = h.to_ascii_lowercase();
            i += 1;
            continue;
        }
        if is_setext_underline(lines.get(i + 1).copied())
            && !trimmed.is_empty()
            && !trimmed.contains('|')
        {
            heading = trimmed.to_ascii_lowercase();
            i += 2;
            continue;
        }
        let starts_table =
            trimmed.contains('|') && lines.get(i + 1).is_some_and(|l| is_delimiter_row(l));
        if !starts_table {
            i += 1;
            continue;
        }
        let header = split_row(line);
        let mut end = i + 2;
        while end < lines.len() && !lines[end].trim().is_empty() && lines[end].contains('|') {
            end += 1;
        }
        if let Some(layout) = Layout::of(&header) {
            let rows = (i + 2..end).filter_map(|n| read_row(&layout, lines[n], n + 1));
            if heading.contains("error code") {
                if errors.is_none() {
                    errors = Some(error_rows(rows)?);
                }
            } else if statuses.is_none() {
                statuses = Some(status_rows(rows)?);
            }
        }
        i = end;
    }
    match statuses {
        Some(s) if !s.is_empty() => Ok((s, errors.unwrap_or_default())),
        Some(_) => fail(None, "the status table has no rows"),
        None => fail(
            None,
            "no status table found (a Markdown pipe table with a Code or Status column)",
        ),
    }
}

fn front_matter_end(lines: &[&str]) -> usize {
    if lines.first().map(|l| l.trim_end()) != Some("---") {
        return 0;
    }
    lines
        .iter()
        .skip(1)
        .position(|l| matches!(l.trim_end(), "---" | "..."))
        .map_or(0, |p| p + 2)
}

fn atx_heading(trimmed: &str) -> Option<&str> {
    let hashes = trimmed.bytes().take_while(|&b| b == b'#').count();
    if hashes == 0 || hashes > 6 {
        return None;
    }
    let rest = &trimmed[hashes..];
    if !rest.is_empty() && !rest.starts_with([' ', '\t']) {
        return None;
    }
    Some(rest.trim().trim_end_matches('#').trim())
}

fn is_setext_underline(line: Option<&str>) -> bool {
    let Some(t) = line.map(str::trim) else {
        return false;
    };
    !t.is_empty() && (t.bytes().all(|b| b == b'=') || t.bytes().all(|b| b == b'-'))
}

fn is_delimiter_row(line: &str) -> bool {
    if !line.contains('-') {
        return false;
    }
    let cells = split_row(line);
    !cells.is_empty()
        && cells.iter().all(|c| {
            let c = c.trim();
            let c = c.strip_prefix(':').unwrap_or(c);
            let c = c.strip_suffix(':').unwrap_or(c);
            !c.is_empty() && c.bytes().all(|b| b == b'-')
        })
}

/// Splits a pipe-table row into raw cells: outer pipes optional, `\|` is a literal pipe.
pub(super) fn split_row(line: &str) -> Vec<String> {
    let t = line.trim();
    let t = t.strip_prefix('|').unwrap_or(t);
    let t = if t.ends_with('|') && !t.ends_with("\\|") {
        &t[..t.len() - 1]
    } else {
        t
    };
    let mut cells = Vec::new();
    let mut cell = String::new();
    let mut chars = t.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'|') => {
                chars.next();
                cell.push('|');
            }
            '|' => cells.push(std::mem::take(&mut cell)),
            _ => cell.push(c),
        }
    }
    cells.push(cell);
    cells
}

fn read_row(layout: &Layout, line: &str, number: usize) -> Option<Row> {
    let cells = split_row(line);
    let cell = |i: Option<usize>| {
        i.and_then(|i| cells.get(i))
            .map_or(String::new(), |c| plain(c))
    };
    let row = Row {
        line: number,
        code: cell(Some(layout.code)),
        text: cell(layout.text),
        description: cell(layout.description),
        hint: cell(layout.hint),
    };
    let blank = row.code.is_empty() && row.text.is_empty() && row.description.is_empty();
    (!blank).then_some(row)
}

fn status_rows(rows: impl Iterator<Item = Row>) -> Result<Vec<Entry>, TableError> {
    let mut seen: Vec<(u16, usize)> = Vec::new();
    let mut out = Vec::new();
    for row in rows {
        let code = status_code(&row.code).ok_or_else(|| TableError {
            line: Some(row.line),
            message: format!("code {:?} is not a number from 100 to 999", row.code),
        })?;
        if let Some((_, first)) = seen.iter().find(|(c, _)| *c == code) {
            return fail(
                Some(row.line),
                format!("code {code} appears twice (first on line {first})"),
            );
        }
        seen.push((code, row.line));
        out.push(Entry {
            code,
            text: row.text,
            description: row.description,
            hint: row.hint,
        });
    }
    Ok(out)
}

fn error_rows(rows: impl Iterator<Item = Row>) -> Result<Vec<ErrorCode>, TableError> {
    // Codes are any text, so a page can list thousands: look duplicates up, not across.
    let mut first_line: HashMap<String, usize> = HashMap::new();
    let mut out = Vec::new();
    for row in rows {
        if row.code.is_empty() {
            return fail(Some(row.line), "an error code row has no code");
        }
        if let Some(first) = first_line.get(&row.code) {
            return fail(
                Some(row.line),
                format!(
                    "error code {:?} appears twice (first on line {first})",
                    row.code
                ),
            );
        }
        first_line.insert(row.code.clone(), row.line);
        out.push(ErrorCode {
            code: row.code,
            text: row.text,
            description: row.description,
        });
    }
    Ok(out)
}

/// HTML tags and common entities go; white space runs fold to one space.
pub(crate) fn plain(cell: &str) -> String {
    // Most cells hold no markup: only their white space needs folding. This keeps the
    // embedded table's parse, done at every start, cheap.
    let markup = |b: u8| matches!(b, b'\\' | b'`' | b'*' | b'_' | b'!' | b'[' | b'<' | b'&');
    if !cell.bytes().any(markup) {
        return cell.split_whitespace().collect::<Vec<_>>().join(" ");
    }
    let chars: Vec<char> = cell.chars().collect();
    let next = Next::scan(&chars);
    let mut out = String::with_capacity(cell.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let prev = i.checked_sub(1).map(|p| chars[p]);
        let next_char = chars.get(i + 1).copied();
        match c {
            '\\' if next_char.is_some_and(|n| n.is_ascii_punctuation()) => {
                out.extend(next_char);
                i += 2;
            }
            '`' => {
                let ticks = chars[i..].iter().take_while(|&&t| t == '`').count();
                let body_start = i + ticks;
                let close = (body_start..chars.len())
                    .find(|&j| chars[j..].iter().take_while(|&&t| t == '`').count() == ticks);
                match close {
                    Some(j) => {
                        out.extend(&chars[body_start..j]);
                        i = j + ticks;
                    }
                    None => {
                        out.extend(&chars[i..body_start]);
                        i = body_start;
                    }
                }
            }
            '*' => i += 1,
            '_' if !(prev.is_some_and(char::is_alphanumeric)
                && next_char.is_some_and(char::is_alphanumeric)) =>
            {
                i += 1
            }
            '!' if next_char == Some('[') => i += 1,
            '[' => match link_end(&chars, &next, i) {
                Some((text_end, after)) => {
                    out.push_str(&plain(&chars[i + 1..text_end].iter().collect::<String>()));
                    i = after;
                }
                None => {
                    out.push(c);
                    i += 1;
                }
            },
            '<' => match next.find(Next::GT, i).map(|gt| gt - i) {
                Some(len) if next_char.is_some_and(|n| n.is_ascii_alphabetic() || n == '/') => {
                    let tag: String = chars[i + 1..i + len].iter().collect();
                    if tag.contains("://") {
                        out.push_str(&tag);
                    } else if tag.to_ascii_lowercase().starts_with("br") {
                        out.push(' ');
                    }
                    i += len + 1;
                }
                _ => {
                    out.push(c);
                    i += 1;
                }
            },
            '&' => {
                let rest: String = chars[i..chars.len().min(i + 8)].iter().collect();
                let entity = [
                    ("&amp;", '&'),
                    ("&lt;", '<'),
                    ("&gt;", '>'),
                    ("&quot;", '"'),
                    ("&#39;", '\''),
                    ("&apos;", '\''),
                    ("&nbsp;", ' '),
                ]
                .into_iter()
                .find(|(name, _)| rest.starts_with(name));
                match entity {
                    Some((name, ch)) => {
                        out.push(ch);
                        i += name.len();
                    }
                    None => {
                        out.push(c);
                        i += 1;
                    }
                }
            }
            _ => {
                out.push(c);
                i += 1;
            }
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Where the next `]`, `)` and `>` are from each index of a cell, found in one pass, so a
/// cell of many `[` or `<` is read in linear time, not quadratic.
struct Next {
    /// `[i][k]`: the index of the first of `MARKS[k]` at or after `i`; `usize::MAX` if none.
    at: Vec<[usize; 3]>,
}

impl Next {
    const MARKS: [char; 3] = [']', ')', '>'];
    const CLOSE: usize = 0;
    const PAREN: usize = 1;
    const GT: usize = 2;

    fn scan(chars: &[char]) -> Next {
        let mut at = vec![[usize::MAX; 3]; chars.len() + 1];
        for i in (0..chars.len()).rev() {
            at[i] = at[i + 1];
            if let Some(k) = Next::MARKS.iter().position(|&m| m == chars[i]) {
                at[i][k] = i;
            }
        }
        Next { at }
    }

    /// The index of the first `MARKS[mark]` at or after `from`.
    fn find(&self, mark: usize, from: usize) -> Option<usize> {
        self.at
            .get(from)
            .map(|a| a[mark])
            .filter(|&i| i != usize::MAX)
    }
}

/// For `[text](url)` starting at `open`: the index of `]` and the index after `)`.
fn link_end(chars: &[char], next: &Next, open: usize) -> Option<(usize, usize)> {
    let close = next.find(Next::CLOSE, open)?;
    if chars.get(close + 1) != Some(&'(') {
        return None;
    }
    let paren = next.find(Next::PAREN, close + 1)?;
    Some((close, paren + 1))
}
