//! The connection's reads in turns. h2's connection task reads every frame the socket
//! holds before it yields, and a server with room in the flow-control window keeps the
//! socket full: the frames then wait in memory until the whole window has arrived, and
//! only then does the body's reader take them. [`Paced`] makes the connection yield after
//! each [`TURN`] bytes read, so the reader takes the frames as they come: what waits is a
//! turn's worth, not a window's, and the window stays as large as the network needs.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, ready};

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

/// The most bytes read between two yields.
const TURN: usize = 1 << 18;

/// The connection's reads, `TURN` bytes at a time.
pub(super) struct Paced<T> {
    inner: T,
    /// Bytes read since the last yield.
    read: usize,
    /// The yield under way.
    pause: Option<Pin<Box<dyn Future<Output = ()> + Send>>>,
}

impl<T> Paced<T> {
    pub(super) fn new(inner: T) -> Paced<T> {
        Paced {
            inner,
            read: 0,
            pause: None,
        }
    }
}

impl<T: AsyncRead + Unpin> AsyncRead for Paced<T> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        if self.read >= TURN {
            // Other tasks (the body's reader) run before this one is polled again.
            let pause = self
                .pause
                .get_or_insert_with(|| Box::pin(tokio::task::yield_now()));
            ready!(pause.as_mut().poll(cx));
            self.pause = None;
            self.read = 0;
        }
        let before = buf.filled().len();
        ready!(Pin::new(&mut self.inner).poll_read(cx, buf))?;
        self.read += buf.filled().len() - before;
        Poll::Ready(Ok(()))
    }
}

impl<T: AsyncWrite + Unpin> AsyncWrite for Paced<T> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut self.inner).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_turn_read_is_followed_by_a_yield_and_nothing_is_lost() {
        let data: Vec<u8> = (0..TURN * 2 + 100).map(|i| (i % 251) as u8).collect();
        let mut paced = Paced::new(&data[..]);
        let mut cx = Context::from_waker(std::task::Waker::noop());
        let mut got = Vec::new();
        let mut yields = 0;
        loop {
            let mut piece = vec![0u8; 1 << 16];
            let mut buf = ReadBuf::new(&mut piece);
            match Pin::new(&mut paced).poll_read(&mut cx, &mut buf) {
                Poll::Pending => yields += 1,
                Poll::Ready(Ok(())) if buf.filled().is_empty() => break,
                Poll::Ready(Ok(())) => got.extend_from_slice(buf.filled()),
                Poll::Ready(Err(e)) => panic!("{e}"),
            }
        }
        assert!(got == data, "the bytes differ");
        assert_eq!(yields, 2, "one yield after each full turn");
    }
}
