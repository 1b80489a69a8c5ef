//! `resp send`: builds the request from the command line, makes it (`source::network`),
//! optionally saves the answer as raw HTTP, and judges and shows it exactly as `resp read`
//! would the saved file: one `Response`, one report, one renderer.

use std::fs::File;
use std::io::{self, Write};
use std::path::Path;
use std::time::Duration;

use anyhow::{Context, Result, bail};

use crate::cli::SendArgs;
use crate::config::Config;
use crate::docs::Docs;
use crate::exit::{Exit, Failure};
use crate::read::emit;
use crate::render::mask;
use crate::render::response::{Show, json_line};
use crate::report::{failed, judge, strict};
use crate::source::network::{self, Exchange, Limits};
use crate::source::{MAX_INPUT, Request, http, read_capped};

/// Runs `resp send`.
pub fn send(
    args: &SendArgs,
    config: &Config,
    docs: &Docs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Exit> {
    let exchange = exchange(args)?;
    if let Some(save) = &args.save {
        refuse_to_overwrite_input(save, args)?;
    }
    let source = if args.output.show_secrets {
        exchange.url.clone()
    } else {
        mask::url(&exchange.url).into_owned()
    };
    let show = Show {
        body: args.output.body,
        verbose: args.output.verbose,
        show_secrets: args.output.show_secrets,
        name_source: false,
    };
    let answer = match network::send(&exchange) {
        Ok(answer) => answer,
        Err(e) => {
            // A script reading --json lines gets one for a failed exchange too; the
            // error itself still goes to stderr.
            if config.json && !config.quiet {
                let request = Request {
                    method: exchange.method.clone(),
                    url: exchange.url.clone(),
                    headers: Vec::new(),
                };
                json_line(out, &failed(source, &e, Some(request)), &show)?;
            }
            return Err(e);
        }
    };
    let mut response = answer.response;
    response.source = source;
    if let Some(path) = &args.save {
        // A response that hands out credentials is saved for its owner's eyes only.
        let private = response.headers.iter().any(|(name, _)| {
            name.eq_ignore_ascii_case("set-cookie") || mask::is_secret_header(name)
        });
        crate::save::atomically(path, &http::to_raw(&response), private)?;
    }
    let mut report = judge(response, docs, &args.output.expect, true);
    if args.output.strict {
        report = strict(report);
    }
    if answer.too_many_redirects {
        report.exit = Exit::TooManyRedirects;
    }
    // A body that did not arrive whole fails the exchange, whatever the status said.
    if let Some(cut) = answer.cut {
        report.exit = report.exit.combine(cut.exit());
    }
    emit(&report, &show, config, out, err)?;
    Ok(report.exit)
}

/// The exchange the arguments describe.
fn exchange(args: &SendArgs) -> Result<Exchange> {
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
    let url = if args.url.contains("://") {
        args.url.clone()
    } else {
        format!("http://{}", args.url)
    };
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
        headers.push((name.trim().to_string(), value.trim().to_string()));
    }
    let has = |headers: &[(String, String)], name: &str| {
        headers.iter().any(|(n, _)| n.eq_ignore_ascii_case(name))
    };
    let body = match (&args.data, &args.json_body) {
        (Some(data), _) => Some(body_data(data)?),
        (None, Some(json)) => {
            let bytes = body_data(json)?;
            serde_json::from_slice::<serde_json::Value>(&bytes).map_err(|e| {
                Failure::hinted(
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
            Some(bytes)
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
            format!("{user}:")
        };
        authorize(format!("Basic {}", base64(user.as_bytes())));
    }
    if let Some(token) = &args.bearer {
        authorize(format!("Bearer {token}"));
    }
    let method = match &args.method {
        Some(m) => m.to_ascii_uppercase(),
        None if body.is_some() => "POST".into(),
        None => "GET".into(),
    };
    Ok(Exchange {
        method,
        url,
        headers,
        body,
        limits: limits(args),
        insecure: args.insecure,
        follow: args.follow,
        max_redirects: args.max_redirects,
        max_body: args.max_body,
        allow_downgrade: args.allow_downgrade,
    })
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

/// `DATA`, `@FILE` or `@-`.
fn body_data(data: &str) -> Result<Vec<u8>> {
    match data.strip_prefix('@') {
        Some("-") => {
            read_capped(&mut io::stdin().lock(), MAX_INPUT).context("reading the body from stdin")
        }
        Some(path) => {
            let context = || format!("reading the body from {path}");
            let file = File::open(path).with_context(context)?;
            read_capped(&mut io::BufReader::new(file), MAX_INPUT).with_context(context)
        }
        None => Ok(data.as_bytes().to_vec()),
    }
}

/// `--save` never replaces the file the request body comes from.
fn refuse_to_overwrite_input(save: &Path, args: &SendArgs) -> Result<()> {
    let inputs = [&args.data, &args.json_body];
    for path in inputs
        .into_iter()
        .flatten()
        .filter_map(|d| d.strip_prefix('@'))
        .filter(|p| *p != "-")
    {
        let same = match (save.canonicalize(), Path::new(path).canonicalize()) {
            (Ok(a), Ok(b)) => a == b,
            _ => false,
        };
        if same {
            bail!(
                "--save {} would overwrite the request body file",
                save.display()
            );
        }
    }
    if save.is_dir() {
        bail!("--save {}: is a directory", save.display());
    }
    Ok(())
}

/// Standard base64 with padding.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
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

    #[test]
    fn base64_encodes() {
        assert_eq!(base64(b"user:pass"), "dXNlcjpwYXNz");
        assert_eq!(base64(b"a"), "YQ==");
        assert_eq!(base64(b"ab"), "YWI=");
        assert_eq!(base64(b""), "");
    }
}
