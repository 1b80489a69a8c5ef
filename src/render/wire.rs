//! What the wire carried, for people and for `--json`: the redirect hops in full (status,
//! reason, the URL asked and where it led, how long it took), the timing picture (one bar
//! per phase on a common scale, in the spirit of httpstat), and the connection with its TLS
//! session and certificate. Everything here arrives sanitized and masked by the caller's
//! rules; the server's text (reasons, names in a certificate) is sanitized here.

use std::io::{self, Write};

use colored::Colorize;
use serde::Serialize;

use super::sanitize;
use crate::config::Config;
use crate::source::wire::{Connection, Timing};
use crate::source::{Hop, Response};

/// A certificate expiring sooner than this is warned about.
pub const EXPIRY_WARNING_DAYS: i64 = 14;

/// `12.3 ms`, `1.20 s`.
pub fn duration(ms: f64) -> String {
    if ms >= 1000.0 {
        format!("{:.2} s", ms / 1000.0)
    } else if ms >= 10.0 {
        format!("{ms:.0} ms")
    } else if ms >= 1.0 {
        format!("{ms:.1} ms")
    } else {
        format!("{ms:.2} ms")
    }
}

/// One line per hop: `via 302 Found · http://h/old → http://h/new · 3.1 ms`. Where a line
/// would pass `max` cells, it breaks before a part (`· …`, `→ …`), the rest indented; a
/// URL too wide even so gets a line of its own, whole (after `from:` or `to:`), so that
/// copying it copies all of it.
pub fn hop_lines(
    out: &mut dyn Write,
    r: &Response,
    url: &dyn Fn(&str) -> String,
    max: Option<usize>,
) -> io::Result<()> {
    for hop in &r.hops {
        let mut head = format!("via {:03}", hop.status);
        if let Some(reason) = &hop.reason {
            head.push(' ');
            head.push_str(&sanitize::line(reason));
        }
        // Each part with what joins it to the one before, and a URL's name.
        let mut parts = vec![("", head, None)];
        match (&hop.url, &hop.location) {
            (Some(from), Some(location)) => {
                let next = crate::url::resolve(from, location);
                parts.push((" · ", url(from), Some("from")));
                parts.push((" → ", url(&next), Some("to")));
            }
            (None, Some(location)) => parts.push((" → ", url(location), Some("to"))),
            (Some(from), None) => parts.push((" · ", url(from), Some("from"))),
            (None, None) => {}
        }
        if let Some(t) = &hop.timing {
            parts.push((" · ", duration(t.total_ms), None));
        }
        let within = |w: usize| max.is_none_or(|max| w <= max);
        let mut line = String::new();
        let mut used = 0;
        for (i, (join, part, name)) in parts.into_iter().enumerate() {
            let part = sanitize::line(&part).into_owned();
            let w = super::fit::width(&part);
            let join_w = join.chars().count();
            if i == 0 || (!line.is_empty() && within(used + join_w + w)) {
                line.push_str(join);
                line.push_str(&part);
                used += join_w + w;
                continue;
            }
            if !line.is_empty() {
                writeln!(out, "{}", line.dimmed())?;
            }
            let join = join.trim_start();
            let indented = 4 + join.chars().count() + w;
            match name {
                Some(name) if !within(indented) => {
                    writeln!(out, "{}", format!("    {name}:").dimmed())?;
                    writeln!(out, "{}", part.dimmed())?;
                    line.clear();
                    used = 0;
                }
                _ => {
                    line = format!("    {join}{part}");
                    used = indented;
                }
            }
        }
        if !line.is_empty() {
            writeln!(out, "{}", line.dimmed())?;
        }
    }
    Ok(())
}

/// The timing picture: a bar per phase, placed where the phase began on the exchange's
/// time axis, the slowest in colour.
pub fn timing_picture(
    out: &mut dyn Write,
    title: &str,
    t: &Timing,
    config: &Config,
) -> io::Result<()> {
    const LABEL: usize = 16;
    const FIGURE: usize = 10;
    let width = usize::from(config.width)
        .saturating_sub(2 + LABEL + FIGURE + 2)
        .clamp(10, 60);
    writeln!(out, "\n{}", title.dimmed())?;
    let total = t.total_ms.max(f64::EPSILON);
    let slowest = t
        .phases()
        .iter()
        .filter_map(|(_, ms)| *ms)
        .fold(0.0f64, f64::max);
    let mut at = 0.0f64;
    for (name, ms) in t.phases() {
        let Some(ms) = ms else {
            writeln!(
                out,
                "  {name:<LABEL$} {:>w$}",
                "—".dimmed(),
                w = width + FIGURE + 1
            )?;
            continue;
        };
        let start = ((at / total) * width as f64).round() as usize;
        let len = (((ms / total) * width as f64).round() as usize).max(1);
        let start = start.min(width.saturating_sub(1));
        let len = len.min(width - start);
        at += ms;
        let bar = "█".repeat(len);
        let bar = if ms == slowest && ms > 0.0 {
            bar.yellow().bold().to_string()
        } else {
            bar.cyan().to_string()
        };
        let pad = " ".repeat(start);
        let rest = " ".repeat(width - start - len);
        writeln!(
            out,
            "  {name:<LABEL$} {pad}{bar}{rest} {:>FIGURE$}",
            duration(ms)
        )?;
    }
    writeln!(
        out,
        "  {:<LABEL$} {:>w$}",
        "total",
        duration(t.total_ms).bold(),
        w = width + FIGURE + 1
    )
}

/// Rows for the card: the connection, the TLS session and the certificate.
pub fn connection_rows(c: &Connection) -> Vec<(&'static str, String)> {
    let mut rows = Vec::new();
    let mut line = Vec::new();
    if let Some(remote) = &c.remote {
        line.push(match c.local_port {
            Some(port) => format!("{remote} from port {port}"),
            None => remote.clone(),
        });
    }
    if let Some(version) = &c.http_version {
        line.push(version.clone());
    }
    if let Some(proxy) = &c.proxy {
        line.push(format!("through the proxy {proxy}"));
    }
    if !line.is_empty() {
        rows.push(("connection", line.join(" · ")));
    }
    if let Some(tls) = &c.tls {
        let mut text = format!("{} · {}", tls.version, tls.cipher);
        if tls.unverified {
            text.push_str(" · certificate not checked (-k)");
        }
        rows.push(("tls", text));
        if let Some(cert) = &tls.certificate {
            let days = cert.days_left();
            let expiry = crate::inspect::utc_datetime(cert.not_after);
            let date = expiry.split(' ').next().unwrap_or_default().to_string();
            let names = if cert.matched.is_empty() {
                format!("names {}", cert.names.join(", "))
            } else {
                format!("matches {}", cert.matched.join(", "))
            };
            rows.push((
                "certificate",
                sanitize::line(&format!(
                    "{} · issued by {} · {names} · expires {date} ({})",
                    cert.subject,
                    cert.issuer,
                    days_text(days)
                ))
                .into_owned(),
            ));
        }
    }
    rows
}

/// Warnings about the certificate, shown whatever the verbosity: one about to expire, or
/// one outside its validity, expired or not valid yet (only `-k` gets past those).
pub fn certificate_warning(c: &Connection) -> Option<(bool, String)> {
    let cert = c.tls.as_ref()?.certificate.as_ref()?;
    let days = cert.days_left();
    if cert.not_yet_valid() {
        Some((
            true,
            format!(
                "the server's certificate is not valid until {}: -k got past it",
                crate::inspect::utc_datetime(cert.not_before)
            ),
        ))
    } else if cert.expired() {
        Some((
            true,
            format!(
                "the server's certificate expired {} ago: -k got past it",
                plural_days(-days)
            ),
        ))
    } else if days < EXPIRY_WARNING_DAYS {
        Some((
            false,
            format!("the server's certificate expires in {}", plural_days(days)),
        ))
    } else {
        None
    }
}

fn plural_days(days: i64) -> String {
    if days == 1 {
        "1 day".to_string()
    } else {
        format!("{days} days")
    }
}

fn days_text(days: i64) -> String {
    match days {
        1 => "1 day left".to_string(),
        d if d < 0 => format!("{} days", -d),
        d => format!("{d} days left"),
    }
}

/// `timing` in `--json`: milliseconds, null for a phase that did not happen.
#[derive(Debug, Serialize)]
pub struct JsonTiming {
    dns_ms: Option<f64>,
    connect_ms: Option<f64>,
    tls_ms: Option<f64>,
    send_ms: Option<f64>,
    wait_ms: Option<f64>,
    receive_ms: Option<f64>,
    total_ms: f64,
}

fn round(ms: f64) -> f64 {
    (ms * 1000.0).round() / 1000.0
}

impl From<&Timing> for JsonTiming {
    fn from(t: &Timing) -> JsonTiming {
        JsonTiming {
            dns_ms: t.dns_ms.map(round),
            connect_ms: t.connect_ms.map(round),
            tls_ms: t.tls_ms.map(round),
            send_ms: t.send_ms.map(round),
            wait_ms: t.wait_ms.map(round),
            receive_ms: t.receive_ms.map(round),
            total_ms: round(t.total_ms),
        }
    }
}

/// `connection` in `--json`.
#[derive(Debug, Serialize)]
pub struct JsonConnection {
    remote: Option<String>,
    local_port: Option<u16>,
    http_version: Option<String>,
    proxy: Option<String>,
    tls: Option<JsonTls>,
    /// Kept alive from an earlier request: the timing has no DNS, connect or TLS.
    reused: bool,
}

#[derive(Debug, Serialize)]
struct JsonTls {
    version: String,
    cipher: String,
    verified: bool,
    certificate: Option<JsonCertificate>,
}

#[derive(Debug, Serialize)]
struct JsonCertificate {
    subject: String,
    issuer: String,
    names: Vec<String>,
    matched: Vec<String>,
    not_before: Option<String>,
    not_after: Option<String>,
    days_left: i64,
}

impl JsonConnection {
    /// The connection as `--json` shows it; times as `rfc3339` writes them.
    pub fn of(c: &Connection, rfc3339: fn(i64) -> Option<String>) -> JsonConnection {
        JsonConnection {
            remote: c.remote.clone(),
            local_port: c.local_port,
            http_version: c.http_version.clone(),
            proxy: c.proxy.clone(),
            reused: c.reused,
            tls: c.tls.as_ref().map(|t| JsonTls {
                version: t.version.clone(),
                cipher: t.cipher.clone(),
                verified: !t.unverified,
                certificate: t.certificate.as_ref().map(|cert| JsonCertificate {
                    subject: cert.subject.clone(),
                    issuer: cert.issuer.clone(),
                    names: cert.names.clone(),
                    matched: cert.matched.clone(),
                    not_before: rfc3339(cert.not_before),
                    not_after: rfc3339(cert.not_after),
                    days_left: cert.days_left(),
                }),
            }),
        }
    }
}

/// The headers of each hop, for `-v`.
pub fn hop_headers(hop: &Hop) -> Option<String> {
    (!hop.headers.is_empty()).then(|| {
        let reason = hop.reason.as_deref().unwrap_or("");
        format!("response headers of {:03} {reason}", hop.status)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_well() {
        assert_eq!(duration(0.04), "0.04 ms");
        assert_eq!(duration(3.21), "3.2 ms");
        assert_eq!(duration(42.4), "42 ms");
        assert_eq!(duration(1234.0), "1.23 s");
    }

    #[test]
    fn certificates_near_or_past_expiry_are_warned_about() {
        use crate::source::wire::{Certificate, Tls};
        let at = |not_after: i64| Connection {
            tls: Some(Tls {
                certificate: Some(Certificate {
                    not_after,
                    seen_at: 1_000_000_000,
                    ..Certificate::default()
                }),
                ..Tls::default()
            }),
            ..Connection::default()
        };
        let day = 86_400;
        assert_eq!(certificate_warning(&at(1_000_000_000 + 30 * day)), None);
        assert_eq!(
            certificate_warning(&at(1_000_000_000 + 5 * day + 10)),
            Some((false, "the server's certificate expires in 5 days".into()))
        );
        let (expired, text) = certificate_warning(&at(1_000_000_000 - 3 * day)).unwrap();
        assert!(expired);
        assert_eq!(
            text,
            "the server's certificate expired 3 days ago: -k got past it"
        );
        let mut early = at(1_000_000_000 + 400 * day);
        if let Some(c) = early.tls.as_mut().and_then(|t| t.certificate.as_mut()) {
            c.not_before = 1_000_000_000 + 2 * day;
        }
        assert_eq!(
            certificate_warning(&early),
            Some((
                true,
                "the server's certificate is not valid until 2001-09-11 01:46:40 UTC: -k got past it"
                    .into()
            ))
        );
    }

    #[test]
    fn the_picture_has_a_bar_per_phase_and_the_total() {
        let t = Timing {
            blocked_ms: None,
            dns_ms: None,
            connect_ms: Some(1.0),
            tls_ms: Some(4.0),
            send_ms: Some(0.5),
            wait_ms: Some(12.0),
            receive_ms: Some(2.0),
            total_ms: 20.0,
        };
        use clap::Parser;
        let cli = crate::cli::Cli::parse_from(["resp", "--color", "never", "explain"]);
        let env = crate::config::Env {
            columns: Some("80".into()),
            ..Default::default()
        };
        let config = Config::new(&cli, &env);
        colored::control::set_override(false);
        let mut out = Vec::new();
        timing_picture(&mut out, "timing", &t, &config).unwrap();
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[1], "timing");
        assert!(lines[2].starts_with("  DNS lookup") && lines[2].ends_with('—'));
        assert!(
            lines[6].contains("████") && lines[6].ends_with("12 ms"),
            "{text}"
        );
        assert!(lines[8].starts_with("  total") && lines[8].ends_with("20 ms"));
        // The bars follow each other: the wait starts after the request was sent.
        let start = |l: &str| l.find('█').unwrap();
        assert!(start(lines[6]) > start(lines[4]));
    }
}
