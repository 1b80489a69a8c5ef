//! Whom TLS trusts, from the files the user gave: `--cacert`, or `SSL_CERT_FILE` and
//! `SSL_CERT_DIR` (read by `config`), replace the webpki roots, as they do for curl and
//! OpenSSL; `--cert` and `--key` give a client certificate for mutual TLS. Everything is
//! read and checked before a request goes: a file that cannot be read, holds no
//! certificate or key, or a key that is not the certificate's is a usage error naming the
//! file. Files are read up to 16 MiB.
//!
//! A server whose certificate is itself one of the certificates the user trusts (byte for
//! byte: the self-signed certificate `openssl req -x509` makes, given to `--cacert`) is
//! accepted, as curl and OpenSSL accept it, when it is valid for the host name, for now and
//! (if it says) for TLS servers; webpki alone refuses it ("CA used as end entity"). That
//! holds only for roots the user gave, never for the built-in webpki roots, and the
//! handshake's signatures are checked all the same. A certificate refused under the user's
//! roots carries their name ([`Refused`]), so the message says what was trusted.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rustls::client::WebPkiServerVerifier;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, ServerName, UnixTime};
use rustls::sign::CertifiedKey;
use rustls::{CertificateError, DigitallySignedStruct, RootCertStore};

use super::x509;
use crate::exit::Failure;

/// Whom TLS trusts and what it shows of itself: the roots server certificates are checked
/// against (none: the webpki roots) and a client certificate with its key. Loaded and
/// checked before any request goes.
#[derive(Debug, Clone, Default)]
pub struct Trust {
    /// The roots instead of the webpki ones, as the verifier that checks against them.
    pub roots: Option<Arc<UserRoots>>,
    /// The client certificate chain and its key (`--cert`, `--key`).
    pub client: Option<Arc<CertifiedKey>>,
}

/// Where [`Trust`] comes from: the flags, and the environment as `config` read it.
#[derive(Debug, Clone, Default)]
pub struct TrustFiles {
    /// `--cacert`.
    pub cacert: Option<PathBuf>,
    /// `SSL_CERT_FILE`, when set and not empty.
    pub cert_file: Option<PathBuf>,
    /// `SSL_CERT_DIR`'s folders, when set and not empty.
    pub cert_dirs: Vec<PathBuf>,
    /// `--cert`.
    pub cert: Option<PathBuf>,
    /// `--key`.
    pub key: Option<PathBuf>,
}

/// The most bytes read from one certificate or key file: a bundle of every public root is
/// about 200 KiB.
const PEM_MAX: u64 = 16 << 20;

impl Trust {
    /// Reads and checks the files: `--cacert` wins over the environment's
    /// `SSL_CERT_FILE`/`SSL_CERT_DIR`, which together replace the built-in roots.
    /// `tls`: the exchange may meet TLS (an https URL, or redirects followed); without
    /// it (and with `-k`, which checks no certificate) the environment's roots are not
    /// read, so a stale `SSL_CERT_FILE` does not stop a plain http request. The flags are
    /// checked all the same.
    pub fn load(files: &TrustFiles, tls: bool) -> anyhow::Result<Trust> {
        let roots = match (&files.cacert, &files.cert_file, files.cert_dirs.is_empty()) {
            (Some(path), _, _) => Some(roots_from(std::slice::from_ref(path), &[], "--cacert")?),
            (None, None, true) => None,
            (None, _, _) if !tls => None,
            (None, file, _) => Some(roots_from(
                &file.iter().cloned().collect::<Vec<_>>(),
                &files.cert_dirs,
                "SSL_CERT_FILE/SSL_CERT_DIR",
            )?),
        };
        let client = match &files.cert {
            Some(cert) => Some(Arc::new(client_identity(cert, files.key.as_deref())?)),
            None => None,
        };
        Ok(Trust { roots, client })
    }
}

/// The bytes of a PEM file, bounded.
fn read_pem(path: &Path, flag: &str) -> anyhow::Result<Vec<u8>> {
    use std::io::Read;
    let context = || format!("{flag} {}", path.display());
    let file = std::fs::File::open(path).map_err(|e| {
        Failure::usage(
            format!("{}: {}", context(), super::failure::describe_io(&e)),
            "give a PEM file that exists and that you may read",
        )
    })?;
    let mut bytes = Vec::new();
    file.take(PEM_MAX + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| anyhow::Error::new(e).context(context()))?;
    if bytes.len() as u64 > PEM_MAX {
        return Err(Failure::usage(
            format!("{}: larger than {} MiB", context(), PEM_MAX >> 20),
            "a certificate file is PEM text: -----BEGIN CERTIFICATE-----",
        )
        .into());
    }
    Ok(bytes)
}

/// The certificates of a PEM file, in order; an error names the file.
fn certificates(path: &Path, flag: &str) -> anyhow::Result<Vec<CertificateDer<'static>>> {
    let bytes = read_pem(path, flag)?;
    CertificateDer::pem_slice_iter(&bytes)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| {
            Failure::usage(
                format!("{flag} {}: not valid PEM: {e}", path.display()),
                "a certificate file is PEM text: -----BEGIN CERTIFICATE-----",
            )
            .into()
        })
}

/// A root store from PEM files and folders of them (`SSL_CERT_DIR`: every file in it that
/// holds certificates; others, such as a README, are passed over). No certificate found
/// at all is an error.
fn roots_from(files: &[PathBuf], dirs: &[PathBuf], flag: &str) -> anyhow::Result<Arc<UserRoots>> {
    let mut store = RootCertStore::empty();
    let mut kept = Vec::new();
    let mut add = |certs: Vec<CertificateDer<'static>>, path: &Path| -> anyhow::Result<()> {
        for cert in certs {
            kept.push(cert.clone());
            store.add(cert).map_err(|e| {
                Failure::usage(
                    format!(
                        "{flag} {}: a certificate is not usable: {e}",
                        path.display()
                    ),
                    "give the CA's certificate, PEM encoded",
                )
            })?;
        }
        Ok(())
    };
    // A file is read once, however many names lead to it: a Debian-style folder links
    // each certificate under two names, and holds the bundle SSL_CERT_FILE names too.
    let mut read = std::collections::HashSet::new();
    for path in files {
        if let Some(file) = identity(path) {
            read.insert(file);
        }
        let certs = certificates(path, flag)?;
        if certs.is_empty() {
            return Err(Failure::usage(
                format!("{flag} {}: holds no certificate", path.display()),
                "a certificate file is PEM text: -----BEGIN CERTIFICATE-----",
            )
            .into());
        }
        add(certs, path)?;
    }
    for dir in dirs {
        // A folder that is not there is passed over, as OpenSSL does.
        let Ok(entries) = std::fs::read_dir(dir) else {
            continue;
        };
        let mut paths: Vec<(PathBuf, (u64, u64))> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter_map(|p| identity(&p).map(|file| (p, file)))
            .collect();
        paths.sort();
        for (path, file) in paths {
            if !read.insert(file) {
                continue;
            }
            if let Ok(certs) = certificates(&path, flag) {
                add(certs, &path)?;
            }
        }
    }
    let from = files
        .iter()
        .chain(dirs)
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ");
    if store.is_empty() {
        return Err(Failure::usage(
            format!("{flag} {from}: no certificate found"),
            "a certificate file is PEM text: -----BEGIN CERTIFICATE-----",
        )
        .into());
    }
    let inner = WebPkiServerVerifier::builder_with_provider(
        Arc::new(store),
        Arc::new(rustls::crypto::ring::default_provider()),
    )
    .build()
    .map_err(|e| {
        Failure::usage(
            format!("{flag} {from}: {e}"),
            "give the CA's certificate, PEM encoded",
        )
    })?;
    Ok(Arc::new(UserRoots {
        inner,
        certs: kept,
        from: format!("{flag} {from}"),
    }))
}

/// The roots the user gave (`--cacert`, `SSL_CERT_FILE`, `SSL_CERT_DIR`) as rustls's
/// verifier: webpki's checks against them, and a server certificate that is itself one of
/// them accepted when valid for the name, for now and for TLS servers. Every refusal is a
/// [`Refused`] naming the roots.
#[derive(Debug)]
pub struct UserRoots {
    inner: Arc<WebPkiServerVerifier>,
    /// Each certificate as read, compared byte for byte with the server's.
    certs: Vec<CertificateDer<'static>>,
    /// `--cacert ca.pem`, `SSL_CERT_FILE/SSL_CERT_DIR /etc/ssl/certs`: what was trusted.
    from: String,
}

/// A server certificate refused under the user's roots: why, and what was trusted.
#[derive(Debug)]
pub struct Refused {
    pub error: CertificateError,
    /// `--cacert ca.pem`.
    pub trusted: String,
}

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} (trusted: {})", self.error, self.trusted)
    }
}

impl std::error::Error for Refused {}

impl UserRoots {
    fn refused(&self, error: CertificateError) -> rustls::Error {
        let refused = Refused {
            error,
            trusted: self.from.clone(),
        };
        CertificateError::Other(rustls::OtherError(Arc::new(refused))).into()
    }
}

impl ServerCertVerifier for UserRoots {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let refused = match self.inner.verify_server_cert(
            end_entity,
            intermediates,
            server_name,
            ocsp_response,
            now,
        ) {
            Ok(verified) => return Ok(verified),
            Err(rustls::Error::InvalidCertificate(refused)) => refused,
            Err(other) => return Err(other),
        };
        if self.certs.iter().any(|c| c.as_ref() == end_entity.as_ref()) {
            return trusted_itself(end_entity, server_name, now)
                .map(|()| ServerCertVerified::assertion())
                .map_err(|e| self.refused(e));
        }
        Err(self.refused(refused))
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<rustls::SignatureScheme> {
        self.inner.supported_verify_schemes()
    }
}

/// The checks a certificate the user trusts itself still passes when a server presents
/// it, in webpki's order: valid now, for `name`, and for TLS servers when it names its
/// purposes (as OpenSSL checks the purpose of a trusted leaf).
fn trusted_itself(
    der: &CertificateDer<'_>,
    name: &ServerName<'_>,
    now: UnixTime,
) -> Result<(), CertificateError> {
    let (not_before, not_after) =
        x509::validity(der.as_ref()).ok_or(CertificateError::BadEncoding)?;
    let at = |secs: i64| {
        UnixTime::since_unix_epoch(std::time::Duration::from_secs(
            u64::try_from(secs).unwrap_or(0),
        ))
    };
    let secs = i64::try_from(now.as_secs()).unwrap_or(i64::MAX);
    if secs < not_before {
        return Err(CertificateError::NotValidYetContext {
            time: now,
            not_before: at(not_before),
        });
    }
    if secs > not_after {
        return Err(CertificateError::ExpiredContext {
            time: now,
            not_after: at(not_after),
        });
    }
    let parsed = rustls::server::ParsedCertificate::try_from(der).map_err(|e| match e {
        rustls::Error::InvalidCertificate(c) => c,
        _ => CertificateError::BadEncoding,
    })?;
    rustls::client::verify_server_name(&parsed, name).map_err(|e| match e {
        rustls::Error::InvalidCertificate(c) => c,
        _ => CertificateError::NotValidForName,
    })?;
    if !x509::serves_tls(der.as_ref()).unwrap_or(false) {
        return Err(CertificateError::InvalidPurpose);
    }
    Ok(())
}

/// The regular file `path` leads to (links followed), as its device and inode.
fn identity(path: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path)
        .ok()
        .filter(|m| m.is_file())
        .map(|m| (m.dev(), m.ino()))
}

/// `--cert` and `--key` (or the key in the certificate's file): the chain and its key,
/// checked to belong together.
fn client_identity(cert: &Path, key: Option<&Path>) -> anyhow::Result<CertifiedKey> {
    let chain = certificates(cert, "--cert")?;
    if chain.is_empty() {
        return Err(Failure::usage(
            format!("--cert {}: holds no certificate", cert.display()),
            "--cert takes the client certificate in PEM: -----BEGIN CERTIFICATE-----",
        )
        .into());
    }
    let (key_path, flag) = match key {
        Some(key) => (key, "--key"),
        None => (cert, "--cert"),
    };
    let bytes = read_pem(key_path, flag)?;
    let key = PrivateKeyDer::from_pem_slice(&bytes).map_err(|e| {
        let why = match e {
            rustls::pki_types::pem::Error::NoItemsFound => "holds no private key".to_string(),
            e => format!("not a usable private key: {e}"),
        };
        Failure::usage(
            format!("{flag} {}: {why}", key_path.display()),
            "give the certificate's key in PEM (PKCS#8, PKCS#1 or SEC1) with --key FILE",
        )
    })?;
    let provider = rustls::crypto::ring::default_provider();
    CertifiedKey::from_der(chain, key, &provider).map_err(|e| {
        let why = match e {
            rustls::Error::InconsistentKeys(_) => {
                "the key does not belong to the certificate".to_string()
            }
            e => e.to_string(),
        };
        Failure::usage(
            format!("--cert {}: {why}", cert.display()),
            "give the key made with the certificate: --cert client.pem --key client-key.pem",
        )
        .into()
    })
}
