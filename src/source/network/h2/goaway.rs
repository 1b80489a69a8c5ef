//! HTTP/2 failures in words and in the contract: a stream reset (`RST_STREAM`) or a
//! `GOAWAY` is named with its error code (exit 7); `REFUSED_STREAM` and a graceful `GOAWAY`
//! are safe to send again. h2 tells a connection the server closed after a `GOAWAY` as an
//! I/O error on the streams still open, so the code would be lost: [`Sniff`] watches the
//! server's frames for one.

use std::pin::Pin;
use std::sync::Arc;
use std::task::Poll;

use tokio::io::{AsyncRead, AsyncWrite};

use super::super::Limits;
use super::super::failure::{self, describe_io};
use crate::exit::{Exit, Failure};
use crate::url::authority;

/// An HTTP/2 error in words: `the server reset the HTTP/2 stream (RST_STREAM
/// REFUSED_STREAM)`; `goaway` is the code of the GOAWAY the server sent, if it did.
pub(super) fn describe(e: &::h2::Error, goaway: Option<::h2::Reason>) -> String {
    let code = e.reason().map(|r| format!("{r:?}")).unwrap_or_default();
    if let Some(code) = goaway.filter(|_| !(e.is_remote() && e.is_reset())) {
        format!("the server closed the HTTP/2 connection (GOAWAY {code:?})")
    } else if let Some(io) = e.get_io() {
        describe_io(io)
    } else if e.is_remote() && e.is_go_away() {
        format!("the server closed the HTTP/2 connection (GOAWAY {code})")
    } else if e.is_remote() && e.is_reset() {
        format!("the server reset the HTTP/2 stream (RST_STREAM {code})")
    } else {
        format!("the answer is not valid HTTP/2 ({e})")
    }
}

/// An HTTP/2 error before the response head, mapped to the contract; `goaway` as for
/// [`describe`].
pub(super) fn h2_failure(
    e: ::h2::Error,
    goaway: Option<::h2::Reason>,
    url: &str,
    limits: &Limits,
) -> Failure {
    let host = authority(url);
    let remote = e.is_remote() || goaway.is_some();
    let reason = goaway.or(e.reason());
    if e.is_io() && goaway.is_none() {
        if let Some(io) = e.into_io() {
            return failure::failure(ureq::Error::Io(io), url, limits);
        }
        return Failure::hinted(format!("{host}: the connection failed"), "try again");
    }
    if remote {
        let not_processed = if goaway.is_some() || e.is_go_away() {
            reason == Some(::h2::Reason::NO_ERROR)
        } else {
            reason == Some(::h2::Reason::REFUSED_STREAM)
        };
        return Failure {
            exit: Exit::Connect,
            message: format!("{host}: {} before a response", describe(&e, goaway)),
            hint: Some(if not_processed {
                "the server did not process the request: sending it again is safe".into()
            } else {
                "the server gave up on the request; --http1.1 tries HTTP/1.1".into()
            }),
            unsent: not_processed,
            lasting: false,
        };
    }
    Failure::hinted(
        format!("{host}: {}", describe(&e, None)),
        "is this an HTTP/2 server? Without --http2-prior-knowledge resp speaks HTTP/1.1 to plain http",
    )
}

/// The connection's reads, watched for a GOAWAY frame: h2 tells a connection closed
/// after one as an I/O error on the streams it left open, so its code would be lost.
pub(super) struct Sniff<T> {
    inner: T,
    frames: Frames,
    goaway: GoAway,
}

/// Where the reads stand in the server's frames (it sends no preface, only frames).
#[derive(Default)]
struct Frames {
    /// The frame header read so far (9 bytes).
    header: Vec<u8>,
    /// Payload bytes of the current frame still to come.
    payload: usize,
    /// The start of a GOAWAY frame's payload: last stream, error code.
    goaway: Option<Vec<u8>>,
}

/// The code of the last GOAWAY the server sent, shared with the exchange.
#[derive(Clone, Default)]
pub(super) struct GoAway(Arc<std::sync::Mutex<Option<u32>>>);

impl GoAway {
    pub(super) fn get(&self) -> Option<::h2::Reason> {
        let code = *self.0.lock().unwrap_or_else(|e| e.into_inner());
        code.map(::h2::Reason::from)
    }
}

impl<T> Sniff<T> {
    pub(super) fn new(inner: T) -> (Sniff<T>, GoAway) {
        let goaway = GoAway::default();
        let sniff = Sniff {
            inner,
            frames: Frames::default(),
            goaway: goaway.clone(),
        };
        (sniff, goaway)
    }

    /// Follows the frames through `bytes`, just read.
    #[cfg(test)]
    fn follow(&mut self, bytes: &[u8]) {
        self.frames.follow(bytes, &self.goaway);
    }
}

impl Frames {
    /// Follows the frames through `bytes`, just read, noting a GOAWAY's code in `goaway`.
    fn follow(&mut self, mut bytes: &[u8], goaway: &GoAway) {
        const GOAWAY: u8 = 0x7;
        let f = self;
        while !bytes.is_empty() {
            if f.payload == 0 {
                let take = (9 - f.header.len()).min(bytes.len());
                f.header.extend_from_slice(&bytes[..take]);
                bytes = &bytes[take..];
                if f.header.len() == 9 {
                    let h = &f.header;
                    f.payload =
                        usize::from(h[0]) << 16 | usize::from(h[1]) << 8 | usize::from(h[2]);
                    // A GOAWAY is on stream 0 and carries at least its last stream and code.
                    let stream = u32::from_be_bytes([h[5], h[6], h[7], h[8]]) & 0x7fff_ffff;
                    f.goaway = (h[3] == GOAWAY && stream == 0 && f.payload >= 8).then(Vec::new);
                    f.header.clear();
                }
                continue;
            }
            let take = f.payload.min(bytes.len());
            if let Some(start) = &mut f.goaway {
                let want = 8usize.saturating_sub(start.len()).min(take);
                start.extend_from_slice(&bytes[..want]);
                if start.len() == 8 {
                    let code = u32::from_be_bytes([start[4], start[5], start[6], start[7]]);
                    *goaway.0.lock().unwrap_or_else(|e| e.into_inner()) = Some(code);
                    f.goaway = None;
                }
            }
            f.payload -= take;
            bytes = &bytes[take..];
        }
    }
}

impl<T: AsyncRead + Unpin> AsyncRead for Sniff<T> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        buf: &mut tokio::io::ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let before = buf.filled().len();
        let Sniff {
            inner,
            frames,
            goaway,
        } = &mut *self;
        let polled = Pin::new(inner).poll_read(cx, buf);
        if let Poll::Ready(Ok(())) = polled {
            frames.follow(&buf.filled()[before..], goaway);
        }
        polled
    }
}

impl<T: AsyncWrite + Unpin> AsyncWrite for Sniff<T> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut self.inner).poll_write(cx, buf)
    }

    fn poll_flush(
        mut self: Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(
        mut self: Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_goaway_is_seen_across_reads_between_other_frames() {
        let (mut sniff, goaway) = Sniff::new(());
        // SETTINGS (6 bytes of payload), then GOAWAY (last stream 1, ENHANCE_YOUR_CALM).
        let mut wire = vec![0, 0, 6, 0x4, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 100];
        wire.extend_from_slice(&[0, 0, 10, 0x7, 0, 0, 0, 0, 0]);
        wire.extend_from_slice(&[0, 0, 0, 1, 0, 0, 0, 0xb, b'h', b'i']);
        // The code's last byte is at 31: fed in pieces of 4, up to it.
        let (before, rest) = wire.split_at(31);
        for piece in before.chunks(4) {
            sniff.follow(piece);
        }
        assert_eq!(goaway.get(), None);
        sniff.follow(rest);
        assert_eq!(goaway.get(), Some(::h2::Reason::ENHANCE_YOUR_CALM));
        // Type 7 on a stream, or too short, is not a GOAWAY (the bytes are not frames).
        let (mut sniff, goaway) = Sniff::new(());
        sniff.follow(&[0, 0, 8, 0x7, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0xb]);
        sniff.follow(&[0, 0, 4, 0x7, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
        assert_eq!(goaway.get(), None);
    }
}
