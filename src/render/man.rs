//! Man pages: resp(1) and one page per command (resp-send(1), …). NAME, SYNOPSIS,
//! DESCRIPTION and OPTIONS come from the clap definition through clap_mangen, so they never
//! drift from `--help`; the sections clap does not know are ours: EXIT STATUS as a list
//! (from the contract in `exit.rs`), ENVIRONMENT, EXAMPLES (the commands' own examples),
//! FILES and SEE ALSO. clap's EXTRA section (`after_help`, reflowed into one paragraph) is
//! left out: its content is in those sections.

use std::io::{self, Write};

use clap::Command;
use clap_mangen::roff::{Roff, bold, italic, roman};

/// The commands that have a page of their own.
pub const COMMANDS: [&str; 5] = ["explain", "read", "send", "completions", "man"];

/// Writes the page for `which` (none: resp(1) itself), from `root`, the built command line.
pub fn page(out: &mut dyn Write, root: &Command, which: Option<&str>) -> io::Result<()> {
    let (cmd, name) = match which.and_then(|w| root.find_subcommand(w)) {
        Some(sub) => {
            let name = format!("resp-{}", sub.get_name());
            let cmd = sub
                .clone()
                .display_name(name.clone())
                .bin_name(format!("resp {}", sub.get_name()))
                .version(env!("CARGO_PKG_VERSION"));
            (cmd, name)
        }
        None => (root.clone(), "resp".to_string()),
    };
    let command = which.filter(|_| name != "resp");
    let mut generated = Vec::new();
    clap_mangen::Man::new(cmd)
        .title(name.to_ascii_uppercase())
        // The footer names the program, on every page (clap_mangen takes the command's).
        .source(concat!("resp ", env!("CARGO_PKG_VERSION")))
        .render(&mut generated)?;
    let generated = String::from_utf8_lossy(&generated);
    let (before, after) = without_extra(&generated);
    let mut ours = Roff::new();
    exit_status(&mut ours, command);
    environment(&mut ours, command);
    examples(&mut ours, root, command);
    files(&mut ours, command);
    see_also(&mut ours, command);
    out.write_all(before.as_bytes())?;
    out.write_all(ours.to_roff().as_bytes())?;
    out.write_all(after.as_bytes())
}

/// The page split where our sections go (before VERSION, or at the end), with clap's
/// EXTRA section and its `help` command's item cut out.
fn without_extra(page: &str) -> (String, String) {
    let mut kept = String::with_capacity(page.len());
    let mut skipping = false;
    let mut lines = page.split_inclusive('\n').peekable();
    while let Some(line) = lines.next() {
        if line.starts_with(".SH ") {
            skipping = line.trim_end() == ".SH EXTRA";
        }
        // clap's `help` command is listed as a page, resp-help(1), that there is not:
        // `resp help` is the help itself. Its item (tag and text) goes.
        if line.trim_end() == ".TP"
            && lines
                .peek()
                .is_some_and(|l| l.trim_end() == "resp\\-help(1)")
        {
            lines.next();
            lines.next();
            continue;
        }
        if !skipping {
            kept.push_str(line);
        }
    }
    match kept.find(".SH VERSION") {
        Some(at) => (kept[..at].to_string(), kept[at..].to_string()),
        None => (kept, String::new()),
    }
}

fn section(roff: &mut Roff, title: &str) {
    roff.control("SH", [title]);
}

/// A `.TP` item: a bold tag and its text.
fn item(roff: &mut Roff, tag: &str, text: &str) {
    roff.control("TP", []);
    roff.text([bold(tag)]);
    roff.text([roman(text)]);
}

fn exit_status(roff: &mut Roff, command: Option<&str>) {
    section(roff, "EXIT STATUS");
    if matches!(command, Some("completions" | "man")) {
        item(roff, "0", "the text was written");
        item(roff, "1", "it could not be written");
        item(roff, "2", "usage error");
        return;
    }
    let (rows, rest) = crate::exit::rows();
    for (code, meaning) in rows {
        item(roff, &code.to_string(), &meaning);
    }
    roff.control("PP", []);
    roff.text([roman(rest)]);
    if command == Some("explain") {
        roff.control("PP", []);
        roff.text([roman(
            "resp explain exits 0 when it explained what it was asked; with --exit-status, \
             with the code a response with that status gives.",
        )]);
    }
}

fn environment(roff: &mut Roff, command: Option<&str>) {
    section(roff, "ENVIRONMENT");
    if matches!(command, Some("completions" | "man")) {
        roff.text([roman(
            "None of resp's variables change what this command writes (RESP_TABLE, NO_COLOR, \
             CLICOLOR, CLICOLOR_FORCE, COLUMNS and the proxy variables are described in resp(1)).",
        )]);
        return;
    }
    item(
        roff,
        "RESP_TABLE",
        "The API's documentation (a Markdown or JSON table, or an OpenAPI description), \
         several joined with ':', asked in order; --table wins over it, and it wins over \
         the config files. standard: the IANA registry alone.",
    );
    item(
        roff,
        "XDG_CONFIG_HOME, HOME",
        "Where the user's config file is: $XDG_CONFIG_HOME/resp/config.toml when it is an \
         absolute path, else ~/.config/resp/config.toml.",
    );
    item(
        roff,
        "NO_COLOR",
        "When set and not empty, no colour (unless --color always).",
    );
    item(
        roff,
        "CLICOLOR",
        "0 turns colour off unless CLICOLOR_FORCE forces it.",
    );
    item(
        roff,
        "CLICOLOR_FORCE",
        "When set, not empty and not 0, colour even when stdout is not a terminal (NO_COLOR \
         still wins).",
    );
    item(roff, "TERM", "dumb turns colour and progress lines off.");
    item(
        roff,
        "COLUMNS",
        "The width tables are drawn at when stdout is not a terminal (default 100).",
    );
    if command.is_none() || command == Some("send") {
        for (name, text) in [
            ("HTTP_PROXY", "The proxy for http URLs (http_proxy too)."),
            ("HTTPS_PROXY", "The proxy for https URLs (https_proxy too)."),
            (
                "ALL_PROXY",
                "The proxy for either, when the one for the scheme is not set.",
            ),
            (
                "NO_PROXY",
                "Hosts reached without a proxy, comma-separated.",
            ),
        ] {
            item(roff, name, text);
        }
    }
}

/// The examples a command's `after_help` lists, or resp(1)'s own.
fn examples(roff: &mut Roff, root: &Command, command: Option<&str>) {
    section(roff, "EXAMPLES");
    let own: Vec<String> = match command {
        None => [
            "resp explain 420",
            "curl -si https://api.example.com/x | resp read",
            "resp send https://api.example.com/statuses",
            "resp send https://api.example.com/items -b | jq .",
            "resp read session.har --entry 4 -o body.json",
            "resp man send",
        ]
        .map(String::from)
        .to_vec(),
        Some("completions") => [
            "resp completions bash > ~/.local/share/bash-completion/completions/resp",
            "resp completions zsh > ~/.zfunc/_resp",
            "resp completions fish > ~/.config/fish/completions/resp.fish",
        ]
        .map(String::from)
        .to_vec(),
        Some("man") => [
            "resp man | gzip > /usr/local/share/man/man1/resp.1.gz",
            "for c in explain read send completions man; do resp man $c | gzip > /usr/local/share/man/man1/resp-$c.1.gz; done",
        ]
        .map(String::from)
        .to_vec(),
        Some(name) => root
            .find_subcommand(name)
            .and_then(|c| c.get_after_help())
            .map(|h| h.to_string())
            .unwrap_or_default()
            .lines()
            .skip_while(|l| !l.starts_with("Examples:"))
            .skip(1)
            .map(|l| l.trim().to_string())
            .filter(|l| !l.is_empty())
            .collect(),
    };
    roff.control("nf", []);
    for example in own {
        roff.text([roman(example)]);
    }
    roff.control("fi", []);
}

fn files(roff: &mut Roff, command: Option<&str>) {
    section(roff, "FILES");
    match command {
        Some("completions") => {
            item(
                roff,
                "completions/",
                "In the source tree: the generated scripts for bash, zsh, fish, PowerShell and elvish.",
            );
        }
        Some("man") => {
            item(
                roff,
                "/usr/local/share/man/man1/",
                "Where the pages go: resp.1 and resp-COMMAND.1 for each command.",
            );
        }
        _ => {
            item(
                roff,
                "--table FILE, RESP_TABLE",
                "The API's documentation; without one, the [[api]] entries of .resp.toml, \
                 found from the current directory upwards, or of the user's config file; else \
                 the table embedded in resp (Twitter's API response codes). standard: the \
                 IANA registry alone.",
            );
            item(
                roff,
                ".resp.toml, $XDG_CONFIG_HOME/resp/config.toml, ~/.config/resp/config.toml",
                "Name each API's docs: [[api]] entries with table = \"FILE\" (relative to the \
                 file) and hosts = [\"api.example.com\"]. A subset of TOML; anything else is \
                 refused as FILE:LINE.",
            );
            if matches!(command, None | Some("send")) {
                item(
                    roff,
                    "--save FILE, -o FILE",
                    "Written atomically: a temporary .NAME.resp-PID.tmp beside FILE (0600) is \
                     renamed over it. A file saved over keeps its permissions; a new one is 0600 \
                     when the response carries credentials. A link is followed only when you own it.",
                );
            } else if command == Some("read") {
                item(
                    roff,
                    "-o FILE",
                    "The body, written atomically with the same rules as send --save.",
                );
            }
        }
    }
}

fn see_also(roff: &mut Roff, command: Option<&str>) {
    section(roff, "SEE ALSO");
    let mut pages: Vec<String> = std::iter::once("resp".to_string())
        .chain(COMMANDS.iter().map(|c| format!("resp-{c}")))
        .filter(|p| Some(p.as_str()) != command.map(|c| format!("resp-{c}")).as_deref())
        .filter(|p| command.is_some() || p != "resp")
        .map(|p| format!("{p}(1)"))
        .collect();
    pages.push("curl(1)".to_string());
    let mut inlines = Vec::new();
    for (i, p) in pages.iter().enumerate() {
        if i > 0 {
            inlines.push(roman(", "));
        }
        inlines.push(italic(p.clone()));
    }
    roff.text(inlines);
}
