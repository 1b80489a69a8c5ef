//! What the API documents, behind one lookup. Every source a user can point `--table` at
//! (the embedded "Response Codes" page, Markdown and JSON tables) is read here into our
//! own types, and [`Docs`] answers for all of them at once: given a status it returns the
//! documented meaning and where it came from. Commands and renderers ask `Docs`; none of
//! them learns a file format, and no parser's types leave this module.
//!
//! Several sources may be given; they are asked in the order given, and the first that
//! documents a status answers for it. With none given, the embedded table is the one.

mod json_table;
mod markdown;
pub mod table;

use std::fmt;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

pub use table::{Entry, ErrorCode, Format, Table, TableError};

/// Where a documented meaning came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// The table built into resp.
    Embedded,
    /// A file given with `--table` or `RESP_TABLE`, by the name it was given as.
    File(String),
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Embedded => f.write_str("embedded"),
            Origin::File(name) => f.write_str(name),
        }
    }
}

/// Everything the API documents that resp was given.
#[derive(Debug, Clone)]
pub struct Docs {
    tables: Vec<Table>,
}

impl Docs {
    /// The embedded table alone: what resp knows when no table is given.
    pub fn embedded() -> Docs {
        Docs::of_tables(vec![Table::embedded()])
    }

    /// Docs made of these tables, asked in this order.
    pub fn of_tables(tables: Vec<Table>) -> Docs {
        Docs { tables }
    }

    /// Reads every file given, in order; with none, the embedded table. A file that cannot
    /// be read or understood is an error naming it (and the line where one can be named).
    pub fn load(paths: &[PathBuf]) -> Result<Docs> {
        if paths.is_empty() {
            return Ok(Docs::embedded());
        }
        let tables = paths
            .iter()
            .map(|p| load_table(p))
            .collect::<Result<Vec<_>>>()?;
        Ok(Docs::of_tables(tables))
    }

    /// True when the only source is the embedded table.
    pub fn is_embedded(&self) -> bool {
        matches!(self.tables.as_slice(), [t] if *t.origin() == Origin::Embedded)
    }

    /// The tables, in the order given.
    pub fn tables(&self) -> &[Table] {
        &self.tables
    }

    /// The documented row for `code` from the first table that has one, with its origin.
    pub fn status(&self, code: u16) -> Option<(&Entry, &Origin)> {
        self.tables
            .iter()
            .find_map(|t| t.get(code).map(|e| (e, t.origin())))
    }

    /// Every status code some table documents, sorted, once each.
    pub fn status_codes(&self) -> Vec<u16> {
        let mut codes: Vec<u16> = self
            .tables
            .iter()
            .flat_map(|t| t.entries().iter().map(|e| e.code))
            .collect();
        codes.sort_unstable();
        codes.dedup();
        codes
    }

    /// The documented meaning of an API error code, from the first table that has it.
    pub fn error_code(&self, code: &str) -> Option<&ErrorCode> {
        self.tables.iter().find_map(|t| t.error_code(code))
    }

    /// The table that documents an API error code.
    pub fn error_code_origin(&self, code: &str) -> Option<&Origin> {
        self.tables
            .iter()
            .find(|t| t.error_code(code).is_some())
            .map(|t| t.origin())
    }

    /// Every documented API error code, in the tables' order, the first of each code.
    pub fn error_codes(&self) -> Vec<&ErrorCode> {
        let mut out: Vec<&ErrorCode> = Vec::new();
        for e in self.tables.iter().flat_map(|t| t.error_codes()) {
            if !out.iter().any(|o| o.code == e.code) {
                out.push(e);
            }
        }
        out
    }

    /// Where the documented rows come from, for a person: the files, or nothing for the
    /// embedded table alone.
    pub fn table_files(&self) -> Vec<&str> {
        self.tables
            .iter()
            .filter_map(|t| match t.origin() {
                Origin::File(name) => Some(name.as_str()),
                Origin::Embedded => None,
            })
            .collect()
    }
}

/// Reads one table file: JSON when it says so by name or by content, else Markdown.
fn load_table(path: &Path) -> Result<Table> {
    let shown = path.display().to_string();
    let text = read_text(path, &shown)?;
    let format = Format::of(path, &text);
    Table::parse(&text, &shown, format).with_context(|| format!("table {shown}"))
}

/// A file's text; not UTF-8 is an error naming the first bad byte.
fn read_text(path: &Path, shown: &str) -> Result<String> {
    let bytes = std::fs::read(path).with_context(|| format!("reading table {shown}"))?;
    String::from_utf8(bytes).map_err(|e| {
        anyhow::anyhow!(
            "table {shown}: not UTF-8 text (byte {})",
            e.utf8_error().valid_up_to()
        )
    })
}
