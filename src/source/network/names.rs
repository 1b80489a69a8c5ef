//! Request header names as they were typed. ureq (through the `http` crate) lower-cases
//! every header name; HTTP/1.1 names are case-insensitive, but some servers, and people
//! reading a capture, are not. This layer, the outermost on each connection, rewrites the
//! names in the request head as ureq wrote it, in place (a name's case does not change its
//! length), before the tap records it: `-H 'X-Api-Key: k'` goes out as `X-Api-Key`, as
//! with curl, xh and HTTPie, and the headers resp or ureq add as curl writes them (`Host`,
//! `User-Agent`, `Accept`, …). Only an HTTP/1.x head is touched, never a body; a name
//! split between two writes (a head larger than ureq's output buffer) is left as it is.

use std::sync::Arc;

use ureq::unversioned::transport::{Buffers, ConnectionDetails, Connector, NextTimeout, Transport};

/// How the headers resp and ureq add are written, after the user's own names.
const OURS: [&str; 10] = [
    "Host",
    "User-Agent",
    "Accept",
    "Accept-Encoding",
    "Authorization",
    "Content-Type",
    "Content-Length",
    "Transfer-Encoding",
    "Connection",
    "Expect",
];

/// The connector that puts [`Named`] around each transport.
#[derive(Debug)]
pub struct NamesConnector {
    /// The names as typed (`-H`), first come first served.
    pub names: Arc<Vec<String>>,
}

impl NamesConnector {
    /// A connector writing `typed` names as given, and ours as curl does.
    pub fn new<'a>(typed: impl IntoIterator<Item = &'a str>) -> NamesConnector {
        let names = typed.into_iter().chain(OURS).map(str::to_string).collect();
        NamesConnector {
            names: Arc::new(names),
        }
    }
}

impl<In: Transport> Connector<In> for NamesConnector {
    type Out = Named;

    fn connect(
        &self,
        _: &ConnectionDetails,
        chained: Option<In>,
    ) -> Result<Option<Named>, ureq::Error> {
        Ok(chained.map(|inner| Named {
            inner: inner.boxed(),
            head: Head::new(self.names.clone()),
        }))
    }
}

/// One connection whose request head has its names re-cased.
#[derive(Debug)]
pub struct Named {
    inner: Box<dyn Transport>,
    head: Head,
}

impl Transport for Named {
    fn buffers(&mut self) -> &mut dyn Buffers {
        self.inner.buffers()
    }

    fn transmit_output(&mut self, amount: usize, timeout: NextTimeout) -> Result<(), ureq::Error> {
        if !self.head.done {
            let output = &mut self.inner.buffers().output()[..amount];
            self.head.rewrite(output);
        }
        self.inner.transmit_output(amount, timeout)
    }

    fn await_input(&mut self, timeout: NextTimeout) -> Result<bool, ureq::Error> {
        self.inner.await_input(timeout)
    }

    fn is_open(&mut self) -> bool {
        self.inner.is_open()
    }

    fn is_tls(&self) -> bool {
        self.inner.is_tls()
    }
}

/// Where the writing of a request head stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    /// In the request line.
    RequestLine,
    /// At the start of a header line (or of the blank line that ends the head).
    LineStart,
    /// In a header's name, begun in this write at the index given (`None`: an earlier one).
    Name(Option<usize>),
    /// In a header's value.
    Value,
}

/// The state of one request head, across the writes it takes.
#[derive(Debug)]
struct Head {
    names: Arc<Vec<String>>,
    part: Part,
    /// The request line so far, to tell HTTP/1.x from anything else.
    request_line: Vec<u8>,
    done: bool,
}

impl Head {
    fn new(names: Arc<Vec<String>>) -> Head {
        Head {
            names,
            part: Part::RequestLine,
            request_line: Vec::new(),
            done: false,
        }
    }

    /// Re-cases the header names in `bytes`, the next part of what goes out.
    fn rewrite(&mut self, bytes: &mut [u8]) {
        let mut i = 0;
        while i < bytes.len() && !self.done {
            match self.part {
                Part::RequestLine => match bytes[i..].iter().position(|&b| b == b'\n') {
                    Some(end) => {
                        self.request_line.extend_from_slice(&bytes[i..i + end]);
                        let line = self.request_line.trim_ascii_end();
                        // Anything but an HTTP/1.x request (HTTP/2's preface) is left alone.
                        self.done = !(line.ends_with(b" HTTP/1.1") || line.ends_with(b" HTTP/1.0"));
                        self.part = Part::LineStart;
                        i += end + 1;
                    }
                    None => {
                        // A line past any sensible length is no request line of ureq's.
                        self.request_line.extend_from_slice(&bytes[i..]);
                        self.done = self.request_line.len() > 1 << 16;
                        i = bytes.len();
                    }
                },
                Part::LineStart => {
                    if matches!(bytes[i], b'\r' | b'\n') {
                        self.done = true;
                    } else {
                        self.part = Part::Name(Some(i));
                    }
                }
                Part::Name(start) => match bytes[i..].iter().position(|&b| b == b':') {
                    Some(colon) => {
                        if let Some(start) = start {
                            self.recase(&mut bytes[start..i + colon]);
                        }
                        self.part = Part::Value;
                        i += colon + 1;
                    }
                    None => {
                        self.part = Part::Name(None);
                        i = bytes.len();
                    }
                },
                Part::Value => match bytes[i..].iter().position(|&b| b == b'\n') {
                    Some(end) => {
                        self.part = Part::LineStart;
                        i += end + 1;
                    }
                    None => i = bytes.len(),
                },
            }
        }
    }

    /// Writes `name` as the first of our names it matches, whatever its case.
    fn recase(&self, name: &mut [u8]) {
        if let Some(typed) = self
            .names
            .iter()
            .find(|n| n.as_bytes().eq_ignore_ascii_case(name))
        {
            name.copy_from_slice(typed.as_bytes());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn head(names: &[&str]) -> Head {
        let c = NamesConnector::new(names.iter().copied());
        Head::new(c.names)
    }

    #[test]
    fn names_go_out_as_typed_in_one_write_or_several() {
        let wire = b"GET /x HTTP/1.1\r\nhost: h\r\nx-api-key: k\r\nuser-agent: resp\r\nx-other: a:b\r\n\r\nx-api-key: body";
        let mut whole = wire.to_vec();
        head(&["X-API-Key"]).rewrite(&mut whole);
        assert_eq!(
            String::from_utf8_lossy(&whole),
            "GET /x HTTP/1.1\r\nHost: h\r\nX-API-Key: k\r\nUser-Agent: resp\r\nx-other: a:b\r\n\r\nx-api-key: body"
        );
        // Split at every place: the same, but for a name cut in two.
        for at in 1..wire.len() {
            let mut bytes = wire.to_vec();
            let mut h = head(&["X-API-Key"]);
            let (a, b) = bytes.split_at_mut(at);
            h.rewrite(a);
            h.rewrite(b);
            let text = String::from_utf8_lossy(&bytes).into_owned();
            assert!(text.ends_with("\r\n\r\nx-api-key: body"), "{at}: {text}");
            assert!(text.contains("x-other: a:b"), "{at}: {text}");
            let cut = |name: &str| {
                let start = wire
                    .windows(name.len())
                    .position(|w| w.eq_ignore_ascii_case(name.as_bytes()))
                    .unwrap_or(0);
                // The colon in the next write leaves the name unsure there too.
                (start + 1..=start + name.len()).contains(&at)
            };
            if !cut("x-api-key") {
                assert!(text.contains("\r\nX-API-Key: k"), "{at}: {text}");
            }
        }
    }

    #[test]
    fn only_an_http1_head_is_touched() {
        let mut h2 = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\nhost: x".to_vec();
        head(&[]).rewrite(&mut h2);
        assert_eq!(&h2, b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\nhost: x");
    }
}
