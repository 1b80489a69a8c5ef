//! The documented status table: what each HTTP status means for *this* API, and the
//! API's own error codes. One parser reads the embedded default (the API's "Response
//! Codes" page, kept as Markdown in `documented.md`) and any page a user points us at, so
//! both take the same path. A table that parses is complete and consistent: codes are
//! 100-999 and unique; anything else is a [`TableError`] that names the line.

use std::collections::HashMap;
use std::fmt;
use std::path::Path;

use anyhow::{Context, Result};
use serde_json::Value;

/// The API's "Response Codes" page, as written (one mis-encoded apostrophe mended).
pub const EMBEDDED: &str = include_str!("documented.md");

/// One documented status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub code: u16,
    pub text: String,
    pub description: String,
}

/// One documented API error code (the `code` found in JSON error bodies).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorCode {
    pub code: String,
    pub text: String,
    pub description: String,
}

/// A documented table: statuses sorted by code, and the API's error codes.
#[derive(Debug, Clone)]
pub struct Table {
    origin: String,
    statuses: Vec<Entry>,
    error_codes: Vec<ErrorCode>,
}

/// Why a table was rejected; `line` is 1-based where one can be named.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableError {
    pub line: Option<usize>,
    pub message: String,
}

impl fmt::Display for TableError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "line {line}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for TableError {}

fn fail<T>(line: Option<usize>, message: impl Into<String>) -> Result<T, TableError> {
    Err(TableError {
        line,
        message: message.into(),
    })
}

impl Table {
    /// The embedded default table.
    pub fn embedded() -> Table {
        // Our own text, parsed by the same code as a user's; a unit test proves it parses.
        #[allow(clippy::expect_used)]
        Table::parse(EMBEDDED, "embedded", Format::Markdown).expect("embedded table parses")
    }

    /// Reads a table file: JSON when it says so by name or by content, else Markdown.
    pub fn load(path: &Path) -> Result<Table> {
        let shown = path.display().to_string();
        let bytes = std::fs::read(path).with_context(|| format!("reading table {shown}"))?;
        let text = String::from_utf8(bytes).map_err(|e| {
            anyhow::anyhow!(
                "table {shown}: not UTF-8 text (byte {})",
                e.utf8_error().valid_up_to()
            )
        })?;
        let format = Format::of(path, &text);
        Table::parse(&text, &shown, format).with_context(|| format!("table {shown}"))
    }

    /// Parses `text` as a table in `format`; `origin` names it in output.
    pub fn parse(text: &str, origin: &str, format: Format) -> Result<Table, TableError> {
        let (mut statuses, error_codes) = match format {
            Format::Markdown => parse_markdown(text)?,
            Format::Json => (parse_json(text)?, Vec::new()),
        };
        statuses.sort_by_key(|e| e.code);
        Ok(Table {
            origin: origin.to_string(),
            statuses,
            error_codes,
        })
    }

    /// Where the table came from: `embedded` or the file's path.
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// The documented statuses, sorted by code.
    pub fn entries(&self) -> &[Entry] {
        &self.statuses
    }

    /// The documented entry for `code`, if any.
    pub fn get(&self, code: u16) -> Option<&Entry> {
        self.statuses
            .binary_search_by_key(&code, |e| e.code)
            .ok()
            .map(|i| &self.statuses[i])
    }

    /// The documented API error codes, in the page's order.
    pub fn error_codes(&self) -> &[ErrorCode] {
        &self.error_codes
    }

    /// The documented meaning of an API error code, if any.
    pub fn error_code(&self, code: &str) -> Option<&ErrorCode> {
        self.error_codes.iter().find(|e| e.code == code)
    }
}

/// How a table file is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Markdown,
    Json,
}

impl Format {
    /// `.json` is JSON, `.md`/`.markdown` Markdown; otherwise text that opens like JSON and
    /// parses as JSON is JSON.
    fn of(path: &Path, text: &str) -> Format {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
        {
            Some(ext) if ext == "json" => Format::Json,
            Some(ext) if ext == "md" || ext == "markdown" => Format::Markdown,
            _ => {
                let opens_like_json = matches!(text.trim_start().chars().next(), Some('[' | '{'));
                if opens_like_json && serde_json::from_str::<Value>(text).is_ok() {
                    Format::Json
                } else {
                    Format::Markdown
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// Markdown

#[derive(Clone, Copy, PartialEq, Eq)]
enum Column {
    Code,
    Text,
    Description,
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
        _ => None,
    }
}

/// A pipe table's header, mapped to the columns we read.
struct Layout {
    code: usize,
    text: Option<usize>,
    description: Option<usize>,
}

impl Layout {
    fn of(header: &[String]) -> Option<Layout> {
        let find = |want| header.iter().position(|h| column_of(h) == Some(want));
        Some(Layout {
            code: find(Column::Code)?,
            text: find(Column::Text),
            description: find(Column::Description),
        })
    }
}

/// One data row: 1-based line, code cell, text, description (all plain text).
struct Row {
    line: usize,
    code: String,
    text: String,
    description: String,
}

fn parse_markdown(text: &str) -> Result<(Vec<Entry>, Vec<ErrorCode>), TableError> {
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
fn split_row(line: &str) -> Vec<String> {
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

fn status_code(cell: &str) -> Option<u16> {
    if cell.is_empty() || cell.len() > 3 || !cell.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    cell.parse().ok().filter(|c| (100..=999).contains(c))
}

/// Renders a cell's inline Markdown as plain text: emphasis markers, code spans, links,
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

// ---------------------------------------------------------------------------------------
// JSON

fn parse_json(text: &str) -> Result<Vec<Entry>, TableError> {
    let value: Value = serde_json::from_str(text).map_err(|e| TableError {
        line: Some(e.line()),
        message: format!("not valid JSON: {e}"),
    })?;
    let starts = item_starts(text);
    // Items in file order with their line; an object's keys are read from the text, since
    // the parsed map neither keeps their order nor their duplicates.
    let items: Vec<(Option<String>, &Value, Option<usize>)> = match &value {
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(n, v)| (None, v, starts.get(n).map(|s| s.0)))
            .collect(),
        Value::Object(map) => starts
            .iter()
            .filter_map(|&(line, offset)| {
                let key = serde_json::Deserializer::from_str(&text[offset..])
                    .into_iter::<String>()
                    .next()?
                    .ok()?;
                let v = map.get(&key)?;
                Some((Some(key), v, Some(line)))
            })
            .collect(),
        _ => {
            return fail(
                Some(1),
                "a JSON table is an array of {code, text, description} or an object keyed by code",
            );
        }
    };
    if items.is_empty() {
        return fail(None, "the status table has no rows");
    }
    let mut out: Vec<(Entry, Option<usize>)> = Vec::new();
    for (key, item, line) in items {
        let field = |names: &[&str]| -> String {
            names
                .iter()
                .find_map(|k| item.get(k))
                .map(|v| match v {
                    Value::String(s) => plain(s),
                    other => other.to_string(),
                })
                .unwrap_or_default()
        };
        let code_text = match key {
            Some(k) => k.trim().to_string(),
            None => match item.get("code").or_else(|| item.get("status")) {
                Some(Value::String(s)) => s.trim().to_string(),
                Some(other) => other.to_string(),
                None => return fail(line, "an entry has no \"code\""),
            },
        };
        let code = status_code(&code_text).ok_or_else(|| TableError {
            line,
            message: format!("code {code_text:?} is not a number from 100 to 999"),
        })?;
        let (text, description) = match item {
            Value::String(s) => (plain(s), String::new()),
            Value::Object(_) => (
                field(&["text", "name", "reason", "title"]),
                field(&["description", "meaning", "details"]),
            ),
            _ => {
                return fail(
                    line,
                    format!("the entry for {code} is not an object or a string"),
                );
            }
        };
        if let Some((_, first)) = out.iter().find(|(e, _)| e.code == code) {
            let first = first.map_or(String::new(), |l| format!(" (first on line {l})"));
            return fail(line, format!("code {code} appears twice{first}"));
        }
        out.push((
            Entry {
                code,
                text,
                description,
            },
            line,
        ));
    }
    Ok(out.into_iter().map(|(e, _)| e).collect())
}

/// Where each item of the top-level array or object starts: 1-based line, byte offset.
fn item_starts(text: &str) -> Vec<(usize, usize)> {
    let mut lines = Vec::new();
    let (mut depth, mut line) = (0usize, 1usize);
    let (mut in_string, mut escaped, mut expecting) = (false, false, false);
    for (offset, b) in text.bytes().enumerate() {
        if b == b'\n' {
            line += 1;
        }
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        if expecting && depth == 1 && !b.is_ascii_whitespace() && b != b']' && b != b'}' {
            lines.push((line, offset));
            expecting = false;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                expecting = depth == 1;
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            b',' if depth == 1 => expecting = true,
            _ => {}
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn md(text: &str) -> Result<Table, TableError> {
        Table::parse(text, "test", Format::Markdown)
    }

    #[test]
    fn embedded_table_has_the_19_documented_rows() {
        let t = Table::embedded();
        let codes: Vec<u16> = t.entries().iter().map(|e| e.code).collect();
        assert_eq!(
            codes,
            [
                200, 201, 202, 304, 400, 401, 403, 404, 405, 406, 410, 420, 422, 429, 500, 501,
                502, 503, 504
            ]
        );
        let text = |c| t.get(c).map(|e| e.text.as_str());
        assert_eq!(text(405), Some("Method not allowed"));
        assert_eq!(text(420), Some("Enhance Your Calm"));
        assert_eq!(text(504), Some("Gateway timeout"));
        assert_eq!(text(400), Some("Bad Request"));
        let d504 = &t
            .get(504)
            .map(|e| e.description.clone())
            .unwrap_or_default();
        assert!(d504.contains("couldn't be serviced"), "{d504}");
        assert!(d504.starts_with("The servers are up"), "{d504}");
        assert_eq!(t.get(200).map(|e| e.description.as_str()), Some("Success!"));
        assert!(t.error_codes().is_empty());
    }

    #[test]
    fn shuffled_columns_no_outer_pipes_and_front_matter() {
        let t = md("---\ntitle: x\n| Code | y |\n---\n\nDescription | HTTP Code | Name\n:--- | :---: | ---:\nGone for good | 410 | Gone\n")
            .unwrap();
        assert_eq!(
            t.entries(),
            [Entry {
                code: 410,
                text: "Gone".into(),
                description: "Gone for good".into()
            }]
        );
    }

    #[test]
    fn inline_markdown_becomes_plain_text() {
        assert_eq!(plain("**Enhance** _Your_ `Calm`"), "Enhance Your Calm");
        assert_eq!(
            plain("See [Rate Limiting](https://x/y) &amp; more<br>now"),
            "See Rate Limiting & more now"
        );
        assert_eq!(
            plain("update_profile_banner \\| pipe"),
            "update_profile_banner | pipe"
        );
        assert_eq!(plain("  tabs\tand   spaces "), "tabs and spaces");
        assert_eq!(plain("[a] [b](u) <c [d](e"), "[a] b <c [d](e");
        assert_eq!(plain("<x <y> z> [[[a](b)"), "z> [[a");
    }

    #[test]
    fn cells_of_many_brackets_are_read_in_linear_time() {
        // Each `[` and `<` once looked for its closer to the end of the cell: 100,000 of
        // them took minutes.
        let brackets = "[".repeat(100_000);
        assert_eq!(plain(&brackets), brackets);
        let tags = "<a".repeat(100_000);
        assert_eq!(plain(&tags), tags);
        let rows: String = (0..20_000).map(|i| format!("| E{i} | x |\n")).collect();
        let page = format!(
            "| Code | Text |\n|---|---|\n| 200 | OK |\n\n## Error codes\n\n| Code | Text |\n|---|---|\n{rows}"
        );
        assert_eq!(md(&page).unwrap().error_codes().len(), 20_000);
    }

    #[test]
    fn escaped_pipes_stay_in_their_cell() {
        assert_eq!(split_row("| a \\| b | c |"), [" a | b ", " c "]);
        assert_eq!(split_row("a | b"), ["a ", " b"]);
    }

    #[test]
    fn error_code_table_under_its_heading() {
        let t = md("| Status | Text |\n|---|---|\n| 400 | Bad |\n\n### Error Codes\n\nCode | Text | Description\n--- | --- | ---\n88 | Rate limit exceeded | Too many\n")
            .unwrap();
        assert_eq!(t.entries().len(), 1);
        let e = t.error_code("88").unwrap();
        assert_eq!(
            (e.text.as_str(), e.description.as_str()),
            ("Rate limit exceeded", "Too many")
        );
    }

    #[test]
    fn tables_inside_code_fences_are_not_tables() {
        let err = md("```\n| Code | Text |\n|---|---|\n| 200 | OK |\n```\n").unwrap_err();
        assert!(err.message.contains("no status table"), "{err}");
    }

    #[test]
    fn bad_codes_and_duplicates_name_their_line() {
        let err = md("Code | Text\n--- | ---\n200 | OK\n4O4 | Not Found\n").unwrap_err();
        assert_eq!(err.line, Some(4));
        assert!(err.message.contains("\"4O4\""), "{err}");
        let err = md("Code | Text\n--- | ---\n200 | OK\n99 | Low\n").unwrap_err();
        assert_eq!(err.line, Some(4));
        let err = md("Code | Text\n--- | ---\n200 | OK\n201 | C\n200 | Again\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "line 5: code 200 appears twice (first on line 3)"
        );
    }

    #[test]
    fn json_array_and_object_forms() {
        let a = Table::parse(
            r#"[{"code": 420, "text": "Calm", "description": "Slow"}]"#,
            "t",
            Format::Json,
        )
        .unwrap();
        let o = Table::parse(
            r#"{"420": {"text": "Calm", "description": "Slow"}}"#,
            "t",
            Format::Json,
        )
        .unwrap();
        assert_eq!(a.entries(), o.entries());
        assert_eq!(a.get(420).map(|e| e.text.as_str()), Some("Calm"));
    }

    #[test]
    fn json_errors_name_their_line() {
        let err = Table::parse(
            "[\n {\"code\": 200},\n {\"code\": \"abc\"}\n]",
            "t",
            Format::Json,
        )
        .unwrap_err();
        assert_eq!(err.line, Some(3));
        let err =
            Table::parse("{\n\"200\": \"OK\",\n\"200\": \"OK\"\n}", "t", Format::Json).unwrap_err();
        assert_eq!(
            err.to_string(),
            "line 3: code 200 appears twice (first on line 2)"
        );
        let err = Table::parse("[\n{\"code\": 200,}\n]", "t", Format::Json).unwrap_err();
        assert_eq!(err.line, Some(2));
    }
}
