//! Connecting for HTTP/2: DNS and TCP, every address tried in turn, then TLS with ALPN
//! offering `h2` and `http/1.1`, over the rustls configuration HTTP/1.1 uses (`connect`).
//! Each phase is timed and the connection's facts (addresses, TLS version and cipher, the
//! server's certificate) noted in the [`Watch`], as ureq's connectors note them.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Instant;

use rustls::pki_types::ServerName;
use tokio::net::TcpStream;

use super::super::failure;
use super::super::tap::{Phase, Watch};
use super::super::{Limits, connect, x509};
use crate::exit::Failure;
use crate::source::wire::Tls;

/// The host as TLS and DNS take it (no brackets), and the port.
fn host_port(url: &str) -> (String, u16) {
    let parts = crate::url::split(url);
    let host = parts.host.trim_start_matches('[').trim_end_matches(']');
    let secure = parts
        .scheme
        .is_some_and(|s| s.eq_ignore_ascii_case("https"));
    let port = parts
        .port
        .and_then(|p| p.parse().ok())
        .unwrap_or(if secure { 443 } else { 80 });
    (host.to_string(), port)
}

/// DNS and TCP, timed, every address tried in turn.
pub(super) async fn tcp(
    watch: &Watch,
    url: &str,
    limits: &Limits,
) -> Result<(TcpStream, SocketAddr), Failure> {
    let (host, port) = host_port(url);
    let fail = |e: std::io::Error| failure::failure(ureq::Error::Io(e), url, limits);
    let addrs: Vec<SocketAddr> = match host.parse::<IpAddr>() {
        Ok(ip) => vec![SocketAddr::new(ip, port)],
        Err(_) => {
            let started = Instant::now();
            let found = tokio::net::lookup_host((host.as_str(), port))
                .await
                .map_err(fail)?;
            watch.phase(Phase::Dns, started);
            found.collect()
        }
    };
    let started = Instant::now();
    let mut last = None;
    for addr in addrs {
        match TcpStream::connect(addr).await {
            Ok(stream) => {
                watch.phase(Phase::Connect, started);
                let _ = stream.set_nodelay(true);
                let local = stream.local_addr().ok().map(|a| a.port());
                watch.addresses(addr.to_string(), local);
                return Ok((stream, addr));
            }
            Err(e) => last = Some(e),
        }
    }
    Err(match last {
        Some(e) => fail(e),
        None => failure::failure(ureq::Error::HostNotFound, url, limits),
    })
}

/// The TLS handshake with ALPN, timed, its facts noted as `connect` notes them.
pub(super) async fn tls(
    watch: &Watch,
    url: &str,
    tcp: tokio::io::BufReader<TcpStream>,
    insecure: bool,
    trust: &crate::source::network::Trust,
    limits: &Limits,
) -> Result<tokio_rustls::client::TlsStream<tokio::io::BufReader<TcpStream>>, Failure> {
    let (host, _) = host_port(url);
    let mut config = (*connect::client_config(insecure, trust)).clone();
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    let name = ServerName::try_from(host.clone()).map_err(|_| {
        failure::failure(
            ureq::Error::Tls("not a host name TLS can check"),
            url,
            limits,
        )
    })?;
    let started = Instant::now();
    let tls = tokio_rustls::TlsConnector::from(Arc::new(config))
        .connect(name, tcp)
        .await
        .map_err(|e| failure::failure(ureq::Error::Io(e), url, limits))?;
    watch.phase(Phase::Tls, started);
    let conn = tls.get_ref().1;
    watch.tls(Tls {
        version: conn
            .protocol_version()
            .map(connect::version_name)
            .unwrap_or_default(),
        cipher: conn
            .negotiated_cipher_suite()
            .map(|s| format!("{:?}", s.suite()))
            .unwrap_or_default(),
        unverified: insecure,
        certificate: conn
            .peer_certificates()
            .and_then(|chain| chain.first())
            .and_then(|der| x509::parse(der.as_ref(), &host)),
    });
    Ok(tls)
}
