//! The request the command line describes: the URL checked, the method, the headers
//! (`-H`, `-u`, `--bearer`, `--json-body`'s), the body from `-d`/`--json-body` (a file sent
//! as it goes out, a pipe spooled to a temporary file past 8 MiB), the time limits, and
//! the connection's options: the roots and client certificate TLS uses, a Unix socket.
//! `-u USER` without a password asks for it on the terminal ([`crate::tty`]).

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result};

use crate::cli::SendArgs;
use crate::config::Config;
use crate::exit::Failure;
use crate::render::mask;
use crate::source::network::{Exchange, Limits, Payload, Trust, TrustFiles};

/// The exchange the arguments describe.
pub fn exchange(args: &SendArgs, config: &Config) -> Result<Exchange> {
    if args.url.trim().is_empty() {
        return Err(
            Failure::usage("an empty URL", "resp send https://api.example.com/path").into(),
        );
    }
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
    let url = crate::url::normalize(&args.url).map_err(|why| {
        Failure::usage(
            format!("{}: {why}", mask::url(&args.url)),
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
        if value.chars().any(|c| c.is_control() && c != '\t') {
            return Err(Failure::usage(
                format!("header '{name}' has a control character in its value"),
                "a header value is one line: line breaks cannot be sent in it",
            )
            .into());
        }
        headers.push((name.to_string(), value.to_string()));
    }
    let has = |headers: &[(String, String)], name: &str| {
        headers.iter().any(|(n, _)| n.eq_ignore_ascii_case(name))
    };
    let body = match (&args.data, &args.json_body) {
        (Some(data), _) => Some(body_data(data)?),
        (None, Some(json)) => {
            let payload = body_data(json)?;
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
        authorize(format!(
            "Basic {}",
            base64::Engine::encode(&base64::engine::general_purpose::STANDARD, user.as_bytes())
        ));
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
        limits: limits(args),
        insecure: args.insecure,
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
        trust: Trust::load(
            &TrustFiles {
                cacert: args.cacert.clone(),
                cert_file: config.ssl_cert_file.clone(),
                cert_dirs: config.ssl_cert_dirs.clone(),
                cert: args.cert.clone(),
                key: args.key.clone(),
            },
            tls,
        )?,
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

/// The time limits: the flags, else the defaults, unless `--timeout 0` turned those off.
/// A limit of 0 is no limit.
fn limits(args: &SendArgs) -> Limits {
    let none = args.timeout.is_some_and(|t| t.is_zero());
    let pick = |flag: Option<Duration>, default: Option<Duration>| match flag {
        Some(d) if d.is_zero() => None,
        Some(d) => Some(d),
        None if none => None,
        None => default,
    };
    Limits {
        total: pick(args.timeout, Limits::DEFAULT.total),
        connect: pick(args.connect_timeout, Limits::DEFAULT.connect),
        head: pick(args.response_timeout, Limits::DEFAULT.head),
        idle: pick(args.idle_timeout, Limits::DEFAULT.idle),
    }
}

/// An upload up to this size is held in memory; a larger one from a pipe is kept in a
/// temporary file, so that memory stays bounded and it can still be sent again (a 307
/// redirect, a retry) with its Content-Length.
const BODY_IN_MEMORY: usize = 8 * 1024 * 1024;

/// `DATA`, `@FILE` or `@-`. A regular file is sent from the file as it goes out, never
/// read whole; stdin or a pipe larger than [`BODY_IN_MEMORY`] is kept in a temporary file
/// first (removed at once: only resp's handle keeps it).
fn body_data(data: &str) -> Result<Payload> {
    match data.strip_prefix('@') {
        Some("-") => spooled(&mut io::stdin().lock()).context("reading the body from stdin"),
        Some(path) => {
            let context = || format!("reading the body from {path}");
            let file = File::open(path).with_context(context)?;
            if file.metadata().with_context(context)?.is_file() {
                return Ok(Payload::File(Arc::new(file)));
            }
            spooled(&mut io::BufReader::new(file)).with_context(context)
        }
        None => Ok(Payload::Bytes(data.as_bytes().to_vec())),
    }
}

/// A body from a stream: in memory up to [`BODY_IN_MEMORY`], else in a temporary file.
fn spooled(reader: &mut dyn io::Read) -> Result<Payload> {
    let mut head = Vec::new();
    reader
        .take(BODY_IN_MEMORY as u64 + 1)
        .read_to_end(&mut head)?;
    if head.len() <= BODY_IN_MEMORY {
        return Ok(Payload::Bytes(head));
    }
    let (mut file, path) = temporary_file()?;
    let written = file
        .write_all(&head)
        .and_then(|()| io::copy(reader, &mut file))
        .and_then(|_| file.flush());
    // Removed before anything else can fail: the open handle keeps the bytes.
    let _ = std::fs::remove_file(&path);
    written.with_context(|| format!("keeping the body in {}", path.display()))?;
    Ok(Payload::File(Arc::new(file)))
}

/// A new file only this process can read, in the system's temporary folder.
fn temporary_file() -> Result<(File, std::path::PathBuf)> {
    let dir = std::env::temp_dir();
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let mut options = std::fs::OpenOptions::new();
    options.read(true).write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut last = None;
    for attempt in 0..16u32 {
        let path = dir.join(format!(
            "resp-upload-{}-{stamp:x}-{attempt}",
            std::process::id()
        ));
        match options.open(&path) {
            Ok(file) => return Ok((file, path)),
            Err(e) => last = Some(e),
        }
    }
    let e = last.unwrap_or_else(|| io::Error::other("no name left"));
    Err(anyhow::Error::new(e).context(format!(
        "making a temporary file in {} for the request body",
        dir.display()
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits_of(args: &[&str]) -> Limits {
        use clap::Parser;
        let cli = crate::cli::Cli::parse_from(["resp", "send", "http://h/"].iter().chain(args));
        match cli.command {
            crate::cli::Command::Send(send) => limits(&send),
            _ => unreachable!("a send command"),
        }
    }

    #[test]
    fn time_limits_default_and_zero_turns_them_off() {
        let s = |n: u64| Some(Duration::from_secs(n));
        assert_eq!(limits_of(&[]), Limits::DEFAULT);
        assert_eq!(
            (
                Limits::DEFAULT.connect,
                Limits::DEFAULT.head,
                Limits::DEFAULT.idle
            ),
            (s(10), s(30), s(30))
        );
        assert_eq!(Limits::DEFAULT.total, None);
        assert_eq!(limits_of(&["--timeout", "0"]), Limits::default());
        assert_eq!(
            limits_of(&["--timeout", "0", "--connect-timeout", "3"]),
            Limits {
                connect: s(3),
                ..Limits::default()
            }
        );
        assert_eq!(
            limits_of(&["--timeout", "60", "--idle-timeout", "0"]),
            Limits {
                total: s(60),
                idle: None,
                ..Limits::DEFAULT
            }
        );
    }
}
