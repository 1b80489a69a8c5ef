//! A documented status table: what each HTTP status means for *this* API, and the API's
//! own error codes, whichever format it was written in (`markdown.rs`, `json_table.rs`).
//! One parser reads the embedded default (the API's "Response Codes" page, kept as
//! Markdown in `documented.md`) and any page a user points us at, so both take the same
//! path. A table that parses is complete and consistent: codes are 100-999 and unique;
//! anything else is a [`TableError`] that names the line.

use std::fmt;
use std::path::Path;

use serde_json::Value;

use super::Origin;
use super::embedded;
use super::json_table::parse_json;
use super::markdown::parse_markdown;

/// The API's "Response Codes" page, as written (one mis-encoded apostrophe mended).
pub const EMBEDDED: &str = include_str!("documented.md");

/// One documented status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub code: u16,
    pub text: String,
    pub description: String,
    /// What to do about it, in the table's own words (a "Hint" column, a `hint` field);
    /// empty when the table gives none. It replaces resp's built-in hints.
    pub hint: String,
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
    origin: Origin,
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

pub(super) fn fail<T>(line: Option<usize>, message: impl Into<String>) -> Result<T, TableError> {
    Err(TableError {
        line,
        message: message.into(),
    })
}

impl Table {
    /// The embedded default table: the page's rows, parsed when resp was built.
    pub fn embedded() -> Table {
        let text = |s: &str| s.to_string();
        Table {
            origin: Origin::Embedded,
            statuses: embedded::STATUSES
                .iter()
                .map(|&(code, name, description, hint)| Entry {
                    code,
                    text: text(name),
                    description: text(description),
                    hint: text(hint),
                })
                .collect(),
            error_codes: embedded::ERROR_CODES
                .iter()
                .map(|&(code, name, description)| ErrorCode {
                    code: text(code),
                    text: text(name),
                    description: text(description),
                })
                .collect(),
        }
    }

    /// Parses `text` of the file named `file` as a table in `format`.
    pub fn parse(text: &str, file: &str, format: Format) -> Result<Table, TableError> {
        let (mut statuses, error_codes) = match format {
            Format::Markdown => parse_markdown(text)?,
            Format::Json => (parse_json(text)?, Vec::new()),
        };
        statuses.sort_by_key(|e| e.code);
        Ok(Table {
            origin: Origin::File(file.to_string()),
            statuses,
            error_codes,
        })
    }

    /// Where the table came from.
    pub fn origin(&self) -> &Origin {
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
    pub(super) fn of(path: &Path, text: &str) -> Format {
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

pub(super) fn status_code(cell: &str) -> Option<u16> {
    if cell.is_empty() || cell.len() > 3 || !cell.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    cell.parse().ok().filter(|c| (100..=999).contains(c))
}

/// The source of `embedded.rs` for `table`: its statuses and error codes as Rust data.
#[cfg(test)]
fn embedded_source(table: &Table) -> String {
    use std::fmt::Write;
    let mut s = String::from(
        "//! The rows of `documented.md`, the embedded \"Response Codes\" page, as `Table::parse`\n\
         //! reads them: written by `cargo test` (`RESP_UPDATE_EMBEDDED=1`), not by hand.\n\n\
         /// (code, text, description, hint), sorted by code.\n\
         pub(super) const STATUSES: &[(u16, &str, &str, &str)] = &[\n",
    );
    for e in &table.statuses {
        let _ = writeln!(
            s,
            "    ({}, {:?}, {:?}, {:?}),",
            e.code, e.text, e.description, e.hint
        );
    }
    s.push_str(
        "];\n\n/// (code, text, description), in the page's order.\n\
         pub(super) const ERROR_CODES: &[(&str, &str, &str)] = &[\n",
    );
    for e in &table.error_codes {
        let _ = writeln!(s, "    ({:?}, {:?}, {:?}),", e.code, e.text, e.description);
    }
    s.push_str("];\n");
    s
}

#[cfg(test)]
mod tests {
    use super::super::markdown::{plain, split_row};
    use super::*;

    /// `embedded.rs` is what the parser makes of the page today; with
    /// RESP_UPDATE_EMBEDDED=1 it is written anew instead.
    #[test]
    fn embedded_rows_are_the_parsed_page() {
        let parsed = Table::parse(EMBEDDED, "", Format::Markdown).unwrap();
        let source = embedded_source(&parsed);
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/docs/embedded.rs");
        if std::env::var_os("RESP_UPDATE_EMBEDDED").is_some() {
            std::fs::write(path, &source).unwrap();
        } else {
            assert!(
                std::fs::read_to_string(path).unwrap() == source,
                "src/docs/embedded.rs is stale: run `RESP_UPDATE_EMBEDDED=1 cargo test embedded`"
            );
        }
        let built = Table::embedded();
        assert_eq!(built.entries(), parsed.entries());
        assert_eq!(built.error_codes(), parsed.error_codes());
        assert_eq!(built.origin(), &Origin::Embedded);
    }

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
                description: "Gone for good".into(),
                hint: String::new(),
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
    fn a_hint_column_and_a_hint_field() {
        let t = md("Code | Text | Description | Hint\n--- | --- | --- | ---\n410 | Gone Fishing | Back soon | retry in 5 minutes\n200 | OK | Fine |\n").unwrap();
        assert_eq!(
            t.get(410).map(|e| e.hint.as_str()),
            Some("retry in 5 minutes")
        );
        assert_eq!(t.get(200).map(|e| e.hint.as_str()), Some(""));
        let j = Table::parse(
            r#"[{"code": 420, "text": "Method Failure", "hint": "Check the method."}]"#,
            "t",
            Format::Json,
        )
        .unwrap();
        assert_eq!(
            j.get(420).map(|e| e.hint.as_str()),
            Some("Check the method.")
        );
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
