//! What the wire carried beside the response itself: how long each phase of an exchange
//! took, and the connection it went over (addresses, HTTP version, proxy, TLS and the
//! server's certificate). Our own types, filled by `network` for `send` (and by any reader
//! whose input records them); renderers show them, nothing here writes.

/// The phases of one exchange, in milliseconds; `None` for a phase that did not happen
/// (no DNS lookup for an IP address, no TLS for `http`). The phases follow each other, so
/// they add up to no more than `total_ms`.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Timing {
    /// Queued before the exchange could start (a HAR's `blocked`: waiting for a free
    /// connection); not one of [`Timing::phases`], which a sent request never has.
    pub blocked_ms: Option<f64>,
    /// Resolving the host name.
    pub dns_ms: Option<f64>,
    /// Opening the TCP connection.
    pub connect_ms: Option<f64>,
    /// The TLS handshake.
    pub tls_ms: Option<f64>,
    /// Writing the request, head and body.
    pub send_ms: Option<f64>,
    /// From the request written to the first byte of the response.
    pub wait_ms: Option<f64>,
    /// From the response head to the end of the body.
    pub receive_ms: Option<f64>,
    /// The whole exchange.
    pub total_ms: f64,
}

impl Timing {
    /// The phases in order, with their names as shown.
    pub fn phases(&self) -> [(&'static str, Option<f64>); 6] {
        [
            ("DNS lookup", self.dns_ms),
            ("TCP connect", self.connect_ms),
            ("TLS handshake", self.tls_ms),
            ("request sent", self.send_ms),
            ("waiting (TTFB)", self.wait_ms),
            ("body", self.receive_ms),
        ]
    }
}

/// The connection an exchange went over.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Connection {
    /// The address connected to (`93.184.215.14:443`): the server's, or the proxy's.
    pub remote: Option<String>,
    /// Our side's port.
    pub local_port: Option<u16>,
    /// `HTTP/1.1`, as the status line said.
    pub http_version: Option<String>,
    /// The proxy it went through (`host:port`), if any.
    pub proxy: Option<String>,
    pub tls: Option<Tls>,
    /// Kept alive from an earlier request and reused: no DNS, connect or TLS this time.
    pub reused: bool,
}

/// A TLS session.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tls {
    /// `TLSv1.3`.
    pub version: String,
    /// `TLS13_AES_256_GCM_SHA384`.
    pub cipher: String,
    /// Certificate checks were turned off (`-k`).
    pub unverified: bool,
    /// The server's own certificate, when it could be read.
    pub certificate: Option<Certificate>,
}

/// The facts of a server certificate people ask about.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Certificate {
    /// `CN=api.example.com, O=Example`.
    pub subject: String,
    pub issuer: String,
    /// Subject alternative names: DNS names and IP addresses.
    pub names: Vec<String>,
    /// The names that match the host asked for.
    pub matched: Vec<String>,
    /// Seconds since the Unix epoch.
    pub not_before: i64,
    pub not_after: i64,
    /// When it was presented, in the same seconds: what its days left count from.
    pub seen_at: i64,
}

impl Certificate {
    /// Whole days left until expiry when it was presented (negative once expired).
    pub fn days_left(&self) -> i64 {
        // Whole days, counted toward zero: 2 days and 7 minutes ago is 2 days ago.
        (self.not_after - self.seen_at) / 86_400
    }

    /// It had expired when it was presented.
    pub fn expired(&self) -> bool {
        self.not_after < self.seen_at
    }

    /// It was not valid yet when it was presented (its validity starts later).
    pub fn not_yet_valid(&self) -> bool {
        self.not_before > self.seen_at
    }
}
