//! The request the command line describes: the URL checked, the method, the headers
//! (`-H`, `-u`, `--bearer`, `--json-body`'s), the body from `-d`/`--json-body` (read in
//! `body.rs`), the time limits, the HTTP version asked for, and
//! the connection's options: the roots and client certificate TLS uses, a Unix socket.
//! `-u USER` without a password asks for it on the terminal ([`crate::tty`]).

use std::io::{self, Seek, SeekFrom};

use anyhow::{Context, Result};

use crate::cli::SendArgs;
use crate::config::Config;
use crate::exit::Failure;
use crate::render::mask;
use crate::source::network::{Exchange, Payload};

/// The exchange the arguments describe.
pub fn exchange(args: &SendArgs, config: &Config) -> Result<Exchange> {
    if let Some(m) = &args.method
        && (m.is_empty()
            || !m
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)))
    {
        return Err(Failure::usage(
            format!("'{m}' is not an HTTP method"),
            "-X takes a method such as GET, POST, PUT, DELETE",
        )
        .into());
    }
    // The URLs are checked before the body is read (from stdin, maybe).
    let url = target(args.url.first().map_or("", String::as_str))?;
    for other in args.url.iter().skip(1) {
        target(other)?;
    }
    let mut headers: Vec<(String, String)> = Vec::new();
    for h in &args.headers {
        let Some((name, value)) = h.split_once(':') else {
            return Err(Failure::usage(
                format!("header '{h}' has no colon"),
                "write headers as -H 'Name: value'",
            )
            .into());
        };
        let (name, value) = (name.trim(), value.trim());
        let token = |b: u8| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b);
        if name.is_empty() || !name.bytes().all(token) {
            return Err(Failure::usage(
                format!("header name '{}' is not valid", name.escape_debug()),
                "a header name is letters, digits and !#$%&'*+-.^_`|~: -H 'X-Name: value'",
            )
            .into());
        }
        if let Some(c) = value.chars().find(|&c| c.is_control() && c != '\t') {
            // Named as the sanitizer shows it: `\x1b`, `\x0a`, `\u{85}`.
            let shown = crate::render::sanitize::line(&c.to_string()).into_owned();
            let why = if matches!(c, '\n' | '\r') {
                format!("a header value is one line: a line break ({shown}) cannot be sent in it")
            } else {
                format!(
                    "a header value is text: the control character {shown} cannot be sent in it"
                )
            };
            return Err(Failure::usage(
                format!("header '{name}' has a control character ({shown}) in its value"),
                why,
            )
            .into());
        }
        headers.push((name.to_string(), value.to_string()));
    }
    let has = |headers: &[(String, String)], name: &str| {
        headers.iter().any(|(n, _)| n.eq_ignore_ascii_case(name))
    };
    let body = match (&args.data, &args.json_body) {
        (Some(data), _) => Some(super::body::data(data)?),
        (None, Some(json)) => {
            let payload = super::body::data(json)?;
            let checked = match &payload {
                Payload::Bytes(bytes) => {
                    serde_json::from_slice::<serde::de::IgnoredAny>(bytes).map(drop)
                }
                Payload::File(file) => {
                    let mut file = &**file;
                    file.seek(SeekFrom::Start(0))
                        .context("reading the --json-body file")?;
                    serde_json::from_reader::<_, serde::de::IgnoredAny>(io::BufReader::new(file))
                        .map(drop)
                }
            };
            // The request as the user wrote it: a usage mistake, as a bad -H is.
            checked.map_err(|e| {
                Failure::usage(
                    format!("--json-body is not valid JSON: {e}"),
                    "quote it for the shell: --json-body '{\"a\": 1}'",
                )
            })?;
            for (name, value) in [
                ("Content-Type", "application/json"),
                ("Accept", "application/json"),
            ] {
                if !has(&headers, name) {
                    headers.push((name.into(), value.into()));
                }
            }
            Some(payload)
        }
        (None, None) => None,
    };
    if body.is_some() && args.data.is_some() && !has(&headers, "content-type") {
        headers.push((
            "Content-Type".into(),
            "application/x-www-form-urlencoded".into(),
        ));
    }
    // -u and --bearer replace an Authorization given with -H: one header, not two.
    let mut authorize = |value: String| {
        headers.retain(|(n, _)| !n.eq_ignore_ascii_case("authorization"));
        headers.push(("Authorization".into(), value));
    };
    if let Some(user) = &args.user {
        let user = if user.contains(':') {
            user.clone()
        } else {
            format!("{user}:{}", password(user, config)?)
        };
        authorize(crate::source::network::basic_authorization(&user));
    }
    if let Some(token) = &args.bearer {
        authorize(format!("Bearer {token}"));
    }
    let method = match &args.method {
        Some(m) => m.to_ascii_uppercase(),
        None if body.is_some() => "POST".into(),
        None => "GET".into(),
    };
    // The environment's roots are read only where TLS may be met.
    let tls = args.follow || url.starts_with("https://");
    Ok(Exchange {
        method,
        url,
        headers,
        body,
        limits: crate::exchange::limits(&args.limits),
        insecure: args.insecure,
        http: crate::exchange::http_version(&args.http),
        follow: args.follow,
        max_redirects: args.max_redirects,
        // 0 is no limit, as for the time limits.
        max_body: if args.max_body == 0 {
            isize::MAX as usize
        } else {
            args.max_body
        },
        allow_downgrade: args.allow_downgrade,
        progress: None,
        download: None,
        // -k checks no certificate: the environment's roots would go unused.
        trust: crate::exchange::trust(&args.tls, config, tls && !args.insecure)?,
        unix_socket: args.unix_socket.clone(),
    })
}

/// `-u USER` without a password: asked for on the terminal, as curl and xh do; without a
/// terminal to ask on, a usage error rather than a silent empty password.
fn password(user: &str, config: &Config) -> Result<String> {
    let usage = || {
        Failure::usage(
            format!("-u {user} has no password, and there is no terminal to ask for it on"),
            "give it with the user: -u 'USER:PASSWORD' (-u 'USER:' for an empty one)",
        )
    };
    if !config.stdin_is_terminal && !config.stderr_is_terminal {
        return Err(usage().into());
    }
    match crate::tty::ask_secret(&format!(
        "Password for {}: ",
        crate::render::sanitize::line(user)
    )) {
        Ok(Some(password)) => Ok(password),
        Ok(None) => Err(usage().into()),
        Err(e) => Err(e.context("reading the password from the terminal")),
    }
}

/// A URL as typed, normalized; a usage error when it cannot be sent.
pub(crate) fn target(given: &str) -> Result<String> {
    if given.trim().is_empty() {
        return Err(
            Failure::usage("an empty URL", "resp send https://api.example.com/path").into(),
        );
    }
    let url = crate::url::normalize(given).map_err(|why| {
        Failure::usage(
            format!("{}: {why}", mask::url(given)),
            "a URL looks like https://api.example.com/path (:8080/path for localhost)",
        )
    })?;
    if let Err(why) = crate::url::check_port(&url) {
        return Err(Failure::usage(
            format!("{}: {why}", mask::url(&url)),
            "a URL looks like https://api.example.com:8443/path",
        )
        .into());
    }
    Ok(url)
}
