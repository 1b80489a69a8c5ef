//! Responses from the network. The exchange is built from small rooms: `client` makes one
//! request over ureq (rustls) and reads its body (`download` streams it to `-o`'s file);
//! `h2` makes it over HTTP/2 when ALPN picks h2 (or `--http2-prior-knowledge` asks), and
//! otherwise hands the connection it made to ureq; `tap` wraps every connection to watch
//! the wire (idle limits, a server answering mid-upload); `redirect` decides where the next
//! request goes and what it may carry; `failure` maps what went wrong to the contract's exit
//! codes; `names` writes request header names as they were typed; `trust` reads the roots
//! and client certificate TLS uses. This file holds the exchange itself: the redirect loop, hop by hop, so every
//! hop's status is known and the limit is ours. 4xx and 5xx are answers, not errors.
//! ureq reads `HTTP_PROXY`/`HTTPS_PROXY`/`ALL_PROXY` and `NO_PROXY` itself: the one
//! environment read below `config.rs`, kept inside ureq, after `config.rs` has refused a
//! proxy variable ureq would pass over or misread. ureq does not hand over the
//! server's reason phrase, so sent responses have none.

mod client;
mod connect;
mod download;
pub mod failure;
mod h2;
mod names;
pub mod redirect;
mod tap;
mod trust;
mod x509;

use std::fs::File;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Result;

pub use self::client::Cut;
pub use self::download::{Problem, Streamed};
use self::failure::Limit;
pub use self::h2::HttpVersion;
use self::redirect::{Next, Policy};
pub use self::trust::{Trust, TrustFiles};
use super::{Hop, Response};
use crate::exit::Exit;
use crate::render::mask;

/// The time limits of an exchange; `None` is no limit.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Limits {
    /// The whole exchange, redirects included.
    pub total: Option<Duration>,
    /// Connecting: DNS, TCP and TLS.
    pub connect: Option<Duration>,
    /// From the request sent to the whole response head received.
    pub head: Option<Duration>,
    /// The longest wait for progress while sending the request or receiving the body.
    pub idle: Option<Duration>,
}

impl Limits {
    /// The defaults: a stalled exchange stops, a slow but progressing one finishes.
    pub const DEFAULT: Limits = Limits {
        total: None,
        connect: Some(Duration::from_secs(10)),
        head: Some(Duration::from_secs(30)),
        idle: Some(Duration::from_secs(30)),
    };
}

/// A request body: bytes in memory, or a file read as it is sent, from its start each
/// time (an upload of any size, in memory bounded by the transport's buffers).
#[derive(Debug, Clone)]
pub enum Payload {
    Bytes(Vec<u8>),
    File(Arc<File>),
}

impl Payload {
    /// Its length in bytes (a file's as it stands now).
    pub fn len(&self) -> u64 {
        match self {
            Payload::Bytes(bytes) => bytes.len() as u64,
            Payload::File(file) => file.metadata().map_or(0, |m| m.len()),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl PartialEq for Payload {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Payload::Bytes(a), Payload::Bytes(b)) => a == b,
            (Payload::File(a), Payload::File(b)) => Arc::ptr_eq(a, b),
            _ => false,
        }
    }
}

impl Eq for Payload {}

/// Everything needed to make the exchange.
#[derive(Debug, Clone)]
pub struct Exchange {
    pub method: String,
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: Option<Payload>,
    pub limits: Limits,
    pub insecure: bool,
    pub follow: bool,
    pub max_redirects: u32,
    pub max_body: usize,
    /// `--allow-downgrade`: follow https → http even with credentials (not sent).
    pub allow_downgrade: bool,
    /// HTTP/1.1, HTTP/2, or what ALPN picks.
    pub http: HttpVersion,
    /// Told how far each body has come (a progress line for `-o`), when someone watches.
    pub progress: Option<Progress>,
    /// `-o`: the file each body is streamed to as it arrives (emptied for each response,
    /// so it ends with the last one's), instead of being held in memory under `--max-body`.
    pub download: Option<Arc<File>>,
    /// The roots and client certificate TLS uses (default: the webpki roots, none).
    pub trust: Trust,
    /// `--unix-socket`: every connection goes to this socket, not to the URL's host.
    pub unix_socket: Option<std::path::PathBuf>,
}

/// Told, as a body arrives, the bytes so far and the size the server announced (its
/// `Content-Length`, as sent: before any decoding), and once more with `done` at its end.
#[derive(Clone)]
pub struct Progress(pub std::sync::Arc<dyn Fn(u64, Option<u64>, bool) + Send + Sync>);

impl std::fmt::Debug for Progress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Progress")
    }
}

/// What came back.
#[derive(Debug)]
pub struct Answer {
    pub response: Response,
    /// `-L` stopped at `--max-redirects` with a redirect still to follow.
    pub too_many_redirects: bool,
    /// `-L` would not follow the redirect `response` is (another scheme, a bad port, a
    /// downgrade with credentials): why. The exchange failed, with the chain known.
    pub refused: Option<crate::exit::Failure>,
    /// The body did not arrive whole: a time limit, or the connection broke. The status
    /// is known and judged; the exchange still failed.
    pub cut: Option<Cut>,
    /// With [`Exchange::download`]: how the last body went to its file (its start is the
    /// response's `body`, so `kept` is empty here).
    pub download: Option<Streamed>,
}

/// The User-Agent we send unless the user sets one.
pub const USER_AGENT: &str = concat!("resp/", env!("CARGO_PKG_VERSION"));

/// The `Authorization` value for `user:password` (Basic, RFC 7617): `-u`, a URL's
/// userinfo over HTTP/2, and a request file's `Basic user:password` alike.
pub fn basic_authorization(credentials: &str) -> String {
    format!(
        "Basic {}",
        base64::Engine::encode(
            &base64::engine::general_purpose::STANDARD,
            credentials.as_bytes()
        )
    )
}

/// Makes the exchange, on connections of its own.
pub fn send(ex: &Exchange) -> Result<Answer> {
    let (agent, watch) = client::agent(ex, false);
    exchange(&agent, &watch, ex)
}

/// Connections kept alive from one exchange to the next, for exchanges made one after
/// another (one `Kept` per thread): an agent per set of connection settings (time limits,
/// `-k`), rebuilt when they change.
#[derive(Default)]
pub struct Kept {
    agent: Option<(Limits, bool, ureq::Agent, Arc<tap::Watch>)>,
}

/// Makes the exchange on `kept`'s connections, reusing one to the same host when it is
/// still open; the response's connection says whether it was reused.
pub fn send_kept(kept: &mut Kept, ex: &Exchange) -> Result<Answer> {
    let fits = matches!(&kept.agent, Some((l, k, _, _)) if *l == ex.limits && *k == ex.insecure);
    if !fits {
        let (agent, watch) = client::agent(ex, true);
        kept.agent = Some((ex.limits, ex.insecure, agent, watch));
    }
    match &kept.agent {
        Some((_, _, agent, watch)) => exchange(agent, watch, ex),
        None => send(ex),
    }
}

/// The exchange on `agent`: the redirect loop.
fn exchange(agent: &ureq::Agent, watch: &tap::Watch, ex: &Exchange) -> Result<Answer> {
    let started = Instant::now();
    let policy = Policy {
        credentials: redirect::has_credentials(&ex.url, &ex.headers),
        allow_downgrade: ex.allow_downgrade,
    };
    let mut next = Next {
        method: ex.method.clone(),
        url: ex.url.clone(),
        headers: ex.headers.clone(),
        body: ex.body.clone(),
    };
    let mut hops: Vec<Hop> = Vec::new();
    let mut seen: Vec<String> = Vec::new();
    loop {
        let remaining = match ex.limits.total {
            Some(total) => Some(
                total
                    .checked_sub(started.elapsed())
                    .ok_or_else(|| failure::timed_out(&next.url, Limit::Total, &ex.limits))?,
            ),
            None => None,
        };
        let mut again = 0;
        let (mut response, request, cut, download) = loop {
            match client::one(agent, watch, &next, remaining, ex) {
                // A kept-alive connection the server closed as it was reused (a race no
                // check before sending can close): nothing was answered, so the request
                // goes again on another connection, as curl does.
                Err(f) if again < 4 && f.exit != Exit::Timeout && watch.unanswered_on_reuse() => {
                    again += 1;
                }
                other => break other?,
            }
        };
        let location = response.header("location").map(str::to_string);
        let redirect = matches!(response.status, 301 | 302 | 303 | 307 | 308);
        let Some(location) = location.filter(|_| ex.follow && redirect) else {
            return Ok(last(response, hops, request, cut, download));
        };
        if hops.len() as u32 >= ex.max_redirects {
            let looped = seen.contains(&next.url);
            let mut answer = last(response, hops, request, cut, download);
            answer.response.warnings.push(format!(
                "stopped after {} redirect{} (--max-redirects){}",
                ex.max_redirects,
                if ex.max_redirects == 1 { "" } else { "s" },
                if looped { ": the redirects loop" } else { "" }
            ));
            answer.too_many_redirects = true;
            return Ok(answer);
        }
        seen.push(next.url.clone());
        let chain = chain_text(ex, &hops);
        let from = next.url.clone();
        if let Err(refused) =
            redirect::follow(&mut next, response.status, &location, policy, &chain)
        {
            return Ok(Answer {
                refused: Some(refused),
                ..last(response, hops, request, cut, download)
            });
        }
        hops.append(&mut response.hops);
        hops.push(Hop {
            status: response.status,
            reason: response.reason,
            location: Some(location),
            url: Some(from),
            headers: response.headers,
            timing: response.timing,
        });
    }
}

/// The answer that ends a chain: its last response, after the hops before it.
fn last(
    mut response: Response,
    mut hops: Vec<Hop>,
    request: crate::source::Request,
    cut: Option<Cut>,
    download: Option<Streamed>,
) -> Answer {
    hops.append(&mut response.hops);
    response.hops = hops;
    response.request = Some(request);
    Answer {
        response,
        too_many_redirects: false,
        refused: None,
        cut,
        download,
    }
}

/// `https://h/a → 302 → https://h/b`, masked, for a refused redirect's message.
fn chain_text(ex: &Exchange, hops: &[Hop]) -> String {
    let mut text = mask::url(&ex.url).into_owned();
    for hop in hops {
        // Each redirect hop knows the URL it answered: where it led follows from that.
        if let (Some(url), Some(location)) = (&hop.url, &hop.location) {
            let next = crate::url::resolve(url, location);
            text.push_str(&format!(" → {} → {}", hop.status, mask::url(&next)));
        }
    }
    text
}
