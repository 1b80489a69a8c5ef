//! Everything `resp` prints: human output (colored + comfy-table) and `--json`. The only
//! code that writes, always to a `&mut dyn Write` it is handed, so output is testable.
//! Untrusted text goes through [`sanitize`] before it gets any colour of ours, and into a
//! table only through [`cell`], which bounds it.

pub mod attempt;
pub mod body;
mod cell;
mod explain;
mod explain_list;
pub mod fit;
pub mod har;
mod har_table;
pub mod json;
pub mod json_line;
pub mod man;
pub mod mask;
pub mod operation;
pub mod progress;
pub mod report;
pub mod response;
pub mod run;
mod run_table;
pub mod sanitize;
mod sections;
pub mod several;
mod url_rows;
mod usage;
pub mod waterfall;
pub mod wire;

pub use explain::explain;
pub use response::Show;
pub use usage::{habits, habits_error, habits_in, method_as_url, usage_error};

/// Writes warnings about the input to `err` as `resp: warning: …`, sanitized. A closed
/// stderr is not worth failing over.
pub fn warnings(err: &mut dyn std::io::Write, warnings: &[String]) {
    for w in warnings {
        let _ = writeln!(err, "resp: warning: {}", sanitize::line(w));
    }
}

use comfy_table::{ContentArrangement, Table, presets};

use crate::classify::Class;
use crate::config::Config;

/// The colour a status is shown in, by class: for comfy-table cells and for `colored`
/// text alike.
fn class_colors(class: Class) -> (comfy_table::Color, colored::Color) {
    use colored::Color as C;
    use comfy_table::Color as T;
    match class {
        Class::Informational => (T::Blue, C::Blue),
        Class::Success => (T::Green, C::Green),
        Class::Redirection => (T::Cyan, C::Cyan),
        Class::ClientError => (T::Yellow, C::Yellow),
        Class::ServerError => (T::Red, C::Red),
        Class::Nonstandard => (T::Magenta, C::Magenta),
    }
}

fn class_color(class: Class) -> comfy_table::Color {
    class_colors(class).0
}

fn class_colored(class: Class) -> colored::Color {
    class_colors(class).1
}

/// A table drawn at the configured width, styled only when colour is on.
fn new_table(config: &Config, bordered: bool) -> Table {
    let mut table = Table::new();
    table
        .load_style(if bordered {
            presets::UTF8_FULL_CONDENSED.with_rounded_corners()
        } else {
            presets::NOTHING
        })
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(config.width);
    if config.color {
        table.enforce_styling();
    } else {
        table.force_no_tty();
    }
    table
}

/// A borderless two-column key/value table: a card.
fn kv_table(config: &Config) -> Table {
    new_table(config, false)
}

/// A card's text: keys indented by two spaces, no trailing blanks (coloured cells too).
fn kv_text(mut t: Table) -> String {
    if let Some(column) = t.column_mut(0) {
        column.set_padding((2, 1));
    }
    let text = t.trim_fmt();
    text.lines()
        .map(fit::trim_end_styled)
        .collect::<Vec<_>>()
        .join("\n")
}

/// Writes one report as `config` asks (nothing with `-q`, a JSON line with `--json`, else
/// the card), and the one-line note on stderr for scripts when stdout is not a terminal
/// and the response failed. A reader that went away ends the run with the code judged.
pub fn emit(
    report: &crate::report::Report,
    show: &Show,
    config: &Config,
    out: &mut dyn std::io::Write,
    err: &mut dyn std::io::Write,
) -> anyhow::Result<()> {
    if config.quiet {
        return Ok(());
    }
    let cut = |e| crate::exit::OutputClosed::attach(e, report.exit);
    if config.json {
        json_line::json_line(out, report, show).map_err(cut)?;
    } else if config.mode == crate::config::Mode::BodyOnly {
        body::body_only(out, err, report, show, config).map_err(cut)?;
    } else {
        response::card(out, report, show, config).map_err(cut)?;
        if !config.stdout_is_terminal && report.is_error() {
            // The card first, where both go to one place (`2>&1 | less`).
            out.flush().map_err(cut)?;
            let _ = response::stderr_line(err, report, show);
        }
    }
    Ok(())
}
