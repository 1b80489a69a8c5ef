//! A reader that tells how many bytes have gone through it: what a progress line is fed
//! from, while the readers above it (the HAR stream, a whole-input read) stay unaware.

use std::io::{self, Read};

/// Counts the bytes read from `inner`, telling `tell` the running total after each read.
pub struct Counted<R, F: FnMut(u64)> {
    inner: R,
    seen: u64,
    tell: F,
}

impl<R: Read, F: FnMut(u64)> Counted<R, F> {
    pub fn new(inner: R, tell: F) -> Self {
        Counted {
            inner,
            seen: 0,
            tell,
        }
    }
}

impl<R: Read, F: FnMut(u64)> Read for Counted<R, F> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.seen = self.seen.saturating_add(n as u64);
        (self.tell)(self.seen);
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_byte_is_counted() {
        let mut told = Vec::new();
        let mut r = Counted::new(&b"hello world"[..], |n| told.push(n));
        let mut buf = [0u8; 4];
        while r.read(&mut buf).unwrap() > 0 {}
        assert_eq!(told, [4, 8, 11, 11]);
    }
}
