//! Making the connection ourselves, in ureq's connector chain, so that each step is timed
//! and its facts are known: the resolver (DNS time), TCP (connect time, both addresses)
//! and TLS with rustls (handshake time, version, cipher suite, the server's certificate).
//! They do what ureq's own connectors do (certificate checks, SNI, every address tried in
//! turn within the connect limit) and report to the [`Watch`]. A CONNECT proxy is ureq's:
//! its tunnel comes in as the chained transport.
//!
//! Certificates are checked against the webpki roots unless [`Trust`] (`trust`) gives
//! others (its verifier also accepts a server certificate that is itself one of them);
//! `-k` checks nothing. ALPN offers `http/1.1`, the one protocol ureq speaks (as
//! `curl --http1.1` does): a server that serves several learns which. Its client certificate is offered when the server asks. With `--unix-socket` the "TCP" step connects to that socket instead, and
//! no name is looked up: the URL only gives the path and the Host header.

use std::net::TcpStream;
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{ClientConfig, ClientConnection, DigitallySignedStruct, RootCertStore, StreamOwned};
use ureq::http::Uri;
use ureq::unversioned::resolver::{DefaultResolver, ResolvedSocketAddrs, Resolver};
use ureq::unversioned::transport::{
    Buffers, ConnectionDetails, Connector, Either, LazyBuffers, NextTimeout, Transport,
    TransportAdapter,
};

use super::tap::{Phase, Watch};
use super::trust::Trust;
use super::x509;
use crate::source::wire::Tls;

/// The default resolver, timed. An IP address needs no lookup: no DNS time then; nor does
/// a Unix socket's URL, whose host is a name for the Host header only.
#[derive(Debug)]
pub struct TimedResolver {
    pub watch: Arc<Watch>,
    pub inner: DefaultResolver,
    pub unix_socket: bool,
}

impl Resolver for TimedResolver {
    fn resolve(
        &self,
        uri: &Uri,
        config: &ureq::config::Config,
        timeout: NextTimeout,
    ) -> Result<ResolvedSocketAddrs, ureq::Error> {
        // The HTTP/2 module's connection, handed over: already resolved and timed.
        if let Some(addr) = self.watch.handover(|h| h.addr.take()) {
            let mut addrs = ResolvedSocketAddrs::from_fn(|_| addr);
            addrs.push(addr);
            return Ok(addrs);
        }
        if self.unix_socket {
            // An address for ureq's sake: the connector goes to the socket.
            let mut addrs = self.empty();
            addrs.push(std::net::SocketAddr::from(([127, 0, 0, 1], 0)));
            return Ok(addrs);
        }
        let started = Instant::now();
        let result = self.inner.resolve(uri, config, timeout);
        let literal = uri
            .host()
            .map(|h| h.trim_start_matches('[').trim_end_matches(']'))
            .is_some_and(|h| h.parse::<std::net::IpAddr>().is_ok());
        if !literal {
            self.watch.phase(Phase::Dns, started);
        }
        result
    }
}

/// TCP (or the `--unix-socket`), timed, with both addresses noted.
#[derive(Debug)]
pub struct TcpConnect {
    pub watch: Arc<Watch>,
    pub unix_socket: Option<PathBuf>,
}

impl<In: Transport> Connector<In> for TcpConnect {
    type Out = Either<In, TcpTransport>;

    fn connect(
        &self,
        details: &ConnectionDetails,
        chained: Option<In>,
    ) -> Result<Option<Self::Out>, ureq::Error> {
        if let Some(tunnel) = chained {
            return Ok(Some(Either::A(tunnel)));
        }
        let buffers = || {
            LazyBuffers::new(
                details.config.input_buffer_size(),
                details.config.output_buffer_size(),
            )
        };
        if let Some(stream) = self.watch.handover(|h| h.tcp.take()) {
            let buffers = buffers();
            let stream = Socket::Tcp(stream);
            return Ok(Some(Either::B(TcpTransport { stream, buffers })));
        }
        let started = Instant::now();
        let stream = match &self.unix_socket {
            Some(path) => {
                let stream = connect_unix(path, details.timeout)?;
                self.watch.phase(Phase::Connect, started);
                self.watch
                    .addresses(format!("unix:{}", path.display()), None);
                Socket::Unix(stream)
            }
            None => {
                let stream = connect_any(&details.addrs, details.timeout, details.config)?;
                self.watch.phase(Phase::Connect, started);
                if let Ok(remote) = stream.peer_addr() {
                    let local = stream.local_addr().ok().map(|a| a.port());
                    self.watch.addresses(remote.to_string(), local);
                }
                Socket::Tcp(stream)
            }
        };
        let buffers = buffers();
        Ok(Some(Either::B(TcpTransport { stream, buffers })))
    }
}

/// A TCP connection, or a Unix socket's.
#[derive(Debug)]
enum Socket {
    Tcp(TcpStream),
    Unix(UnixStream),
}

impl Socket {
    fn set_read_timeout(&self, d: Option<std::time::Duration>) -> std::io::Result<()> {
        match self {
            Socket::Tcp(s) => s.set_read_timeout(d),
            Socket::Unix(s) => s.set_read_timeout(d),
        }
    }

    fn set_write_timeout(&self, d: Option<std::time::Duration>) -> std::io::Result<()> {
        match self {
            Socket::Tcp(s) => s.set_write_timeout(d),
            Socket::Unix(s) => s.set_write_timeout(d),
        }
    }

    fn read(&self, buf: &mut [u8]) -> std::io::Result<usize> {
        use std::io::Read;
        match self {
            Socket::Tcp(s) => (&*s).read(buf),
            Socket::Unix(s) => (&*s).read(buf),
        }
    }

    fn write(&self, buf: &[u8]) -> std::io::Result<usize> {
        use std::io::Write;
        match self {
            Socket::Tcp(s) => (&*s).write(buf),
            Socket::Unix(s) => (&*s).write(buf),
        }
    }
}

/// A connection as ureq's transport: reads and writes within the time ureq allows.
#[derive(Debug)]
pub struct TcpTransport {
    stream: Socket,
    buffers: LazyBuffers,
}

/// A socket timeout for `timeout`; ureq's zero-length timeouts become a moment, not "none".
fn socket_timeout(timeout: NextTimeout) -> Option<std::time::Duration> {
    timeout.not_zero().map(|d| *d)
}

fn timed_out(e: std::io::Error, reason: ureq::Timeout) -> ureq::Error {
    match e.kind() {
        std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock => {
            ureq::Error::Timeout(reason)
        }
        _ => ureq::Error::Io(e),
    }
}

impl Transport for TcpTransport {
    fn buffers(&mut self) -> &mut dyn Buffers {
        &mut self.buffers
    }

    fn transmit_output(&mut self, amount: usize, timeout: NextTimeout) -> Result<(), ureq::Error> {
        let timeout = timeout.for_write();
        if timeout.after.is_zero() {
            return Err(ureq::Error::Timeout(timeout.reason));
        }
        // The whole of this piece of the request within the limit: a peer that takes a
        // few bytes now and then (its buffers growing) is not making progress.
        let deadline = socket_timeout(timeout).map(|d| Instant::now() + d);
        let output = &self.buffers.output()[..amount];
        let mut at = 0;
        while at < output.len() {
            let left = match deadline {
                Some(deadline) => {
                    let left = deadline.saturating_duration_since(Instant::now());
                    if left.is_zero() {
                        return Err(ureq::Error::Timeout(timeout.reason));
                    }
                    Some(left)
                }
                None => None,
            };
            self.stream.set_write_timeout(left)?;
            match self.stream.write(&output[at..]) {
                Ok(0) => {
                    return Err(ureq::Error::Io(std::io::ErrorKind::WriteZero.into()));
                }
                Ok(n) => at += n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(timed_out(e, timeout.reason)),
            }
        }
        Ok(())
    }

    fn await_input(&mut self, timeout: NextTimeout) -> Result<bool, ureq::Error> {
        let timeout = timeout.for_read();
        if timeout.after.is_zero() {
            return Err(ureq::Error::Timeout(timeout.reason));
        }
        self.stream.set_read_timeout(socket_timeout(timeout))?;
        let input = self.buffers.input_append_buf();
        let amount = loop {
            match self.stream.read(input) {
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                other => break other.map_err(|e| timed_out(e, timeout.reason))?,
            }
        };
        self.buffers.input_appended(amount);
        Ok(amount > 0)
    }

    fn is_open(&mut self) -> bool {
        // Connections are not reused: nothing asks of one that was handed back.
        true
    }
}

/// Connects to a Unix socket within the connect limit. A server that does not accept (its
/// queue full: a daemon hung) would block the connect without end, and std offers no
/// connect with a time limit for these: it is made on a thread of its own, given up on
/// (left to end with the process) when the limit runs out.
fn connect_unix(path: &Path, timeout: NextTimeout) -> Result<UnixStream, ureq::Error> {
    let Some(limit) = timeout.not_zero() else {
        return UnixStream::connect(path).map_err(ureq::Error::Io);
    };
    let (tx, rx) = std::sync::mpsc::channel();
    let owned = path.to_path_buf();
    std::thread::spawn(move || {
        let _ = tx.send(UnixStream::connect(owned));
    });
    match rx.recv_timeout(*limit) {
        Ok(connected) => connected.map_err(ureq::Error::Io),
        Err(_) => Err(ureq::Error::Timeout(timeout.reason)),
    }
}

/// Tries each address in turn within what is left of the connect limit.
fn connect_any(
    addrs: &ResolvedSocketAddrs,
    timeout: NextTimeout,
    config: &ureq::config::Config,
) -> Result<TcpStream, ureq::Error> {
    let deadline = timeout
        .not_zero()
        .map(|d| (Instant::now() + *d, timeout.reason));
    let mut last = None;
    for addr in addrs.iter() {
        let attempt = match deadline {
            Some((at, reason)) => {
                let left = at.saturating_duration_since(Instant::now());
                if left.is_zero() {
                    return Err(ureq::Error::Timeout(reason));
                }
                TcpStream::connect_timeout(addr, left).map_err(|e| match e.kind() {
                    std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock => {
                        ureq::Error::Timeout(reason)
                    }
                    _ => ureq::Error::Io(e),
                })
            }
            None => TcpStream::connect(addr).map_err(ureq::Error::Io),
        };
        match attempt {
            Ok(stream) => {
                if config.no_delay() {
                    let _ = stream.set_nodelay(true);
                }
                return Ok(stream);
            }
            Err(e) => last = Some(e),
        }
    }
    Err(last.unwrap_or(ureq::Error::ConnectionFailed))
}

/// TLS with rustls, timed, with the session's facts noted. Its configuration is made on
/// the first https connection: plain http pays nothing for it.
#[derive(Debug)]
pub struct TlsConnect {
    pub watch: Arc<Watch>,
    pub insecure: bool,
    trust: Trust,
    config: std::sync::OnceLock<Arc<ClientConfig>>,
}

impl TlsConnect {
    /// A connector that checks certificates against `trust`'s roots (by default the
    /// webpki ones), or not (`-k`), offering `trust`'s client certificate if any.
    pub fn new(watch: Arc<Watch>, insecure: bool, trust: Trust) -> TlsConnect {
        TlsConnect {
            watch,
            insecure,
            trust,
            config: std::sync::OnceLock::new(),
        }
    }

    fn config(&self) -> Arc<ClientConfig> {
        self.config
            .get_or_init(|| client_config(self.insecure, &self.trust))
            .clone()
    }
}

/// The rustls configuration: the roots, or any certificate (`-k`); the client
/// certificate, or none; `http/1.1` offered by ALPN, as curl offers it for HTTP/1.1 (the
/// HTTP/2 module offers `h2` first on its own copy).
pub(super) fn client_config(insecure: bool, trust: &Trust) -> Arc<ClientConfig> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let builder = ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .unwrap_or_else(|_| ClientConfig::builder_with_protocol_versions(rustls::ALL_VERSIONS));
    let builder = if insecure {
        builder
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(AcceptAny(provider)))
    } else {
        match &trust.roots {
            Some(roots) => builder
                .dangerous()
                .with_custom_certificate_verifier(roots.clone()),
            None => builder.with_root_certificates(Arc::new(RootCertStore {
                roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
            })),
        }
    };
    let mut config = match &trust.client {
        Some(key) => builder
            .with_client_cert_resolver(Arc::new(rustls::sign::SingleCertAndKey::from(key.clone()))),
        None => builder.with_no_client_auth(),
    };
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Arc::new(config)
}

impl<In: Transport> Connector<In> for TlsConnect {
    type Out = Either<In, TlsTransport>;

    fn connect(
        &self,
        details: &ConnectionDetails,
        chained: Option<In>,
    ) -> Result<Option<Self::Out>, ureq::Error> {
        let Some(transport) = chained else {
            return Ok(None);
        };
        if !details.needs_tls() || transport.is_tls() {
            return Ok(Some(Either::A(transport)));
        }
        // The HTTP/2 module's session, handed over when ALPN chose HTTP/1.1: its handshake
        // is done and its facts recorded.
        if let Some(conn) = self.watch.handover(|h| h.tls.take()) {
            let mut sock = TransportAdapter::new(transport.boxed(), details.current_time.clone());
            sock.set_timeout(details.timeout);
            let buffers = LazyBuffers::new(
                details.config.input_buffer_size(),
                details.config.output_buffer_size(),
            );
            return Ok(Some(Either::B(TlsTransport {
                buffers,
                stream: StreamOwned { conn, sock },
            })));
        }
        let host = details
            .uri
            .host()
            .unwrap_or_default()
            .trim_start_matches('[')
            .trim_end_matches(']')
            .to_string();
        let name = ServerName::try_from(host.clone())
            .map_err(|_| ureq::Error::Tls("not a host name TLS can check"))?;
        let started = Instant::now();
        let mut conn = ClientConnection::new(self.config(), name)
            .map_err(|e| ureq::Error::Io(std::io::Error::other(e)))?;
        let mut sock = TransportAdapter::new(transport.boxed(), details.current_time.clone());
        sock.set_timeout(details.timeout);
        conn.complete_io(&mut sock)?;
        self.watch.phase(Phase::Tls, started);
        let certificate = conn
            .peer_certificates()
            .and_then(|chain| chain.first())
            .and_then(|der| x509::parse(der.as_ref(), &host));
        self.watch.tls(Tls {
            version: conn
                .protocol_version()
                .map(version_name)
                .unwrap_or_default(),
            cipher: conn
                .negotiated_cipher_suite()
                .map(|s| format!("{:?}", s.suite()))
                .unwrap_or_default(),
            unverified: self.insecure,
            certificate,
        });
        let buffers = LazyBuffers::new(
            details.config.input_buffer_size(),
            details.config.output_buffer_size(),
        );
        Ok(Some(Either::B(TlsTransport {
            buffers,
            stream: StreamOwned { conn, sock },
        })))
    }
}

/// `TLS 1.3`.
pub(super) fn version_name(v: rustls::ProtocolVersion) -> String {
    match v {
        rustls::ProtocolVersion::TLSv1_3 => "TLS 1.3".into(),
        rustls::ProtocolVersion::TLSv1_2 => "TLS 1.2".into(),
        other => format!("{other:?}"),
    }
}

/// A TLS connection as ureq's transport.
pub struct TlsTransport {
    buffers: LazyBuffers,
    stream: StreamOwned<ClientConnection, TransportAdapter>,
}

impl std::fmt::Debug for TlsTransport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TlsTransport")
    }
}

impl Transport for TlsTransport {
    fn buffers(&mut self) -> &mut dyn Buffers {
        &mut self.buffers
    }

    fn transmit_output(&mut self, amount: usize, timeout: NextTimeout) -> Result<(), ureq::Error> {
        use std::io::Write;
        self.stream.get_mut().set_timeout(timeout);
        let output = &self.buffers.output()[..amount];
        self.stream.write_all(output)?;
        Ok(())
    }

    fn await_input(&mut self, timeout: NextTimeout) -> Result<bool, ureq::Error> {
        use std::io::Read;
        self.stream.get_mut().set_timeout(timeout);
        let input = self.buffers.input_append_buf();
        let amount = self.stream.read(input)?;
        self.buffers.input_appended(amount);
        Ok(amount > 0)
    }

    fn is_open(&mut self) -> bool {
        self.stream.get_mut().get_mut().is_open()
    }

    fn is_tls(&self) -> bool {
        true
    }
}

/// `-k`: every certificate is accepted; signatures are still checked as the provider does.
#[derive(Debug)]
struct AcceptAny(Arc<rustls::crypto::CryptoProvider>);

impl ServerCertVerifier for AcceptAny {
    fn verify_server_cert(
        &self,
        _: &CertificateDer<'_>,
        _: &[CertificateDer<'_>],
        _: &ServerName<'_>,
        _: &[u8],
        _: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<rustls::SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}
