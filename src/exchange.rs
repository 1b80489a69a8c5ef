//! What `send` and `run` share below the command line: the time limits resolved from
//! the flags, the HTTP version asked for, whom TLS trusts, and one exchange made and judged. A command never imports another; both
//! call this. Judging follows one order, whoever asks: the answer judged against the
//! docs and `expect`, `--strict` applied, then too many redirects, a refused redirect
//! (the exchange fails, with why) and a body that did not arrive whole (the worse code
//! wins) each decide the exit code.

use std::time::Duration;

use crate::classify::Expect;
use crate::docs::Docs;
use crate::exit::Exit;
use crate::report::{Report, failed, judge};
use crate::source::Request;
use crate::source::network::{self, Exchange, Kept, Limits, Streamed};

/// The HTTP version the flags ask for: HTTP/1.1 only, HTTP/2 insisted on or spoken
/// without asking, else what TLS negotiates.
pub fn http_version(flags: &crate::cli::HttpFlags) -> network::HttpVersion {
    if flags.http1_1 {
        network::HttpVersion::Http1
    } else if flags.http2_prior_knowledge {
        network::HttpVersion::Http2PriorKnowledge
    } else if flags.http2 {
        network::HttpVersion::Http2
    } else {
        network::HttpVersion::Negotiate
    }
}

/// Whom TLS trusts and what it shows of itself, from the flags and the environment
/// (`config`): loaded and checked before anything is sent. `tls`: TLS may be met (see
/// [`network::Trust::load`]).
pub fn trust(
    files: &crate::cli::TlsFiles,
    config: &crate::config::Config,
    tls: bool,
) -> anyhow::Result<network::Trust> {
    network::Trust::load(
        &network::TrustFiles {
            cacert: files.cacert.clone(),
            cert_file: config.ssl_cert_file.clone(),
            cert_dirs: config.ssl_cert_dirs.clone(),
            cert: files.cert.clone(),
            key: files.key.clone(),
        },
        tls,
    )
}

/// The time limits: the flags (`None` when not given), else the defaults, unless
/// `--timeout 0` turned those off. A limit of 0 is no limit.
pub fn limits(flags: &crate::cli::TimeLimits) -> Limits {
    let none = flags.timeout.is_some_and(|t| t.is_zero());
    let pick = |flag: Option<Duration>, default: Option<Duration>| match flag {
        Some(d) if d.is_zero() => None,
        Some(d) => Some(d),
        None if none => None,
        None => default,
    };
    Limits {
        total: pick(flags.timeout, Limits::DEFAULT.total),
        connect: pick(flags.connect_timeout, Limits::DEFAULT.connect),
        head: pick(flags.response_timeout, Limits::DEFAULT.head),
        idle: pick(flags.idle_timeout, Limits::DEFAULT.idle),
    }
}

/// One exchange made and judged. A failed exchange is judged too, as no response, and
/// keeps its error.
pub struct Judged {
    pub report: Report,
    /// Why the exchange failed: no answer, or a redirect refused.
    pub error: Option<anyhow::Error>,
    /// The body did not arrive whole.
    pub cut: bool,
    /// With a download file: how the body went to it.
    pub download: Option<Streamed>,
}

/// Makes `exchange` and judges what came back; `source` names it in the report.
pub fn make(
    exchange: &Exchange,
    source: &str,
    docs: &Docs,
    expect: &[Expect],
    strict: bool,
) -> Judged {
    judged(
        network::send(exchange),
        exchange,
        source,
        docs,
        expect,
        strict,
    )
}

/// As [`make`], on connections `kept` alive from earlier exchanges (one thread's).
pub fn make_kept(
    kept: &mut Kept,
    exchange: &Exchange,
    source: &str,
    docs: &Docs,
    expect: &[Expect],
    strict: bool,
) -> Judged {
    let answer = network::send_kept(kept, exchange);
    judged(answer, exchange, source, docs, expect, strict)
}

/// What came back, judged.
fn judged(
    answer: anyhow::Result<network::Answer>,
    exchange: &Exchange,
    source: &str,
    docs: &Docs,
    expect: &[Expect],
    strict: bool,
) -> Judged {
    match answer {
        Ok(answer) => {
            let mut response = answer.response;
            response.source = source.to_string();
            let mut report = judge(response, docs, expect, true, crate::config::clock());
            if strict {
                report = crate::report::strict(report);
            }
            if answer.too_many_redirects {
                report.exit = Exit::TooManyRedirects;
            }
            // The redirect came and was judged; not following it fails the exchange, and
            // the report says why beside the chain.
            if let Some(refused) = answer.refused {
                report.exit = refused.exit;
                report.response.failure = Some(refused.to_string());
                return Judged {
                    report,
                    error: Some(refused.into()),
                    cut: answer.cut.is_some(),
                    download: answer.download,
                };
            }
            // A body that did not arrive whole fails the exchange, whatever the status said.
            if let Some(cut) = answer.cut {
                report.exit = report.exit.combine(cut.exit());
            }
            Judged {
                report,
                error: None,
                cut: answer.cut.is_some(),
                download: answer.download,
            }
        }
        Err(e) => {
            let request = Request {
                method: exchange.method.clone(),
                url: exchange.url.clone(),
                ..Request::default()
            };
            Judged {
                report: failed(
                    source.to_string(),
                    &e,
                    Some(request),
                    crate::config::clock(),
                ),
                error: Some(e),
                cut: false,
                download: None,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_limits_default_and_zero_turns_them_off() {
        let s = |n: u64| Some(Duration::from_secs(n));
        assert_eq!(limits(&crate::cli::TimeLimits::default()), Limits::DEFAULT);
        assert_eq!(
            (
                Limits::DEFAULT.connect,
                Limits::DEFAULT.head,
                Limits::DEFAULT.idle
            ),
            (s(10), s(30), s(30))
        );
        assert_eq!(Limits::DEFAULT.total, None);
        let zero = Some(Duration::ZERO);
        let flags = |timeout, connect_timeout, idle_timeout| crate::cli::TimeLimits {
            timeout,
            connect_timeout,
            response_timeout: None,
            idle_timeout,
        };
        assert_eq!(limits(&flags(zero, None, None)), Limits::default());
        assert_eq!(
            limits(&flags(zero, s(3), None)),
            Limits {
                connect: s(3),
                ..Limits::default()
            }
        );
        assert_eq!(
            limits(&flags(s(60), None, zero)),
            Limits {
                total: s(60),
                idle: None,
                ..Limits::DEFAULT
            }
        );
    }
}
