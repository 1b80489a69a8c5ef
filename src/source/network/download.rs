//! `send -o`: the body streamed into a file as it arrives, decoded on the way when the
//! server compressed it (gzip, deflate), so a download is bounded by the disk, not by
//! memory or `--max-body`. Only its start ([`KEPT`] bytes, decoded) stays in memory: enough
//! for the card and `--json` to judge an error body. The file is resp's temporary one
//! (see `crate::save`): each response of a chain or a retry starts it again from empty, so
//! it ends holding the last one's body.
//!
//! Guarantees: a body written in full is byte for byte what `resp send -b` would write,
//! whichever HTTP carried it (HTTP/1.1's reader and HTTP/2's frames feed the same
//! [`Stream`]); a body that is not (the disk failed, the compressed stream is damaged or
//! ends early) is reported as a [`Problem`], never passed off as whole.

use std::fs::File;
use std::io::{self, Seek, SeekFrom, Write};

use crate::exit::Failure;

/// The decoded bytes kept in memory, from the start of a streamed body.
pub const KEPT: usize = 1 << 20;

/// How a body was streamed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Streamed {
    /// Its start, decoded: at most [`KEPT`] bytes.
    pub kept: Vec<u8>,
    /// Bytes written to the file.
    pub written: u64,
    /// The `Content-Encoding` undone on the way.
    pub decoded_from: Option<String>,
    /// Why the file does not hold the whole body.
    pub problem: Option<Problem>,
}

/// Why a streamed body is not whole in its file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// Writing the file failed (a full disk).
    Disk(String),
    /// The compressed stream could not be decoded, or ended early.
    Damaged(String),
}

impl Streamed {
    /// What the response holds of a streamed body: its start (taken out of `self`), the
    /// coding undone, and the whole body's size when the start is not all of it.
    pub fn take_start(&mut self) -> (Vec<u8>, Option<String>, Option<u64>) {
        let kept = std::mem::take(&mut self.kept);
        let total = (self.written > kept.len() as u64).then_some(self.written);
        (kept, self.decoded_from.clone(), total)
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Problem::Disk(why) => write!(f, "writing it failed: {why}"),
            Problem::Damaged(why) => write!(f, "the compressed body is damaged ({why})"),
        }
    }
}

/// The coding a body is decoded from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Coding {
    Gzip,
    Deflate,
}

/// A body on its way into a file.
pub struct Stream<'a> {
    state: State<'a>,
    coding: Option<(Coding, String)>,
    problem: Option<Problem>,
}

enum State<'a> {
    /// An encoded body's first bytes, until there are two: they say whether it is
    /// compressed at all (a body saved `--compressed` keeps the header, not the coding).
    Sniffing(Vec<u8>, Out<'a>),
    Plain(Out<'a>),
    Gzip(Box<flate2::write::MultiGzDecoder<Out<'a>>>),
    Zlib(Box<flate2::write::ZlibDecoder<Out<'a>>>),
    /// Between states, or after a problem.
    Gone,
}

/// Where decoded bytes go: the file, and the first [`KEPT`] of them to memory.
struct Out<'a> {
    file: &'a File,
    kept: Vec<u8>,
    written: u64,
    /// Why writing the file failed, when it did: a decoder's error is then the disk's.
    disk: Option<String>,
}

impl Write for Out<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if let Err(e) = self.file.write_all(buf) {
            self.disk = Some(e.to_string());
            return Err(e);
        }
        let room = KEPT.saturating_sub(self.kept.len()).min(buf.len());
        self.kept.extend_from_slice(&buf[..room]);
        self.written += buf.len() as u64;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// A decoder's error: the disk's when writing the file failed, else the stream's.
fn blame(e: &io::Error, out: &Out) -> Problem {
    match &out.disk {
        Some(disk) => Problem::Disk(disk.clone()),
        None => Problem::Damaged(e.to_string()),
    }
}

/// Starts the body of a response with `content_encoding` into `file` (see [`Stream::new`]),
/// a failure to empty the file told as one.
pub fn begin<'a>(file: &'a File, content_encoding: Option<&str>) -> Result<Stream<'a>, Failure> {
    Stream::new(file, content_encoding).map_err(|e| {
        Failure::hinted(
            format!("writing the body to its file: {e}"),
            "check the folder given to -o",
        )
    })
}

impl<'a> Stream<'a> {
    /// Starts the body of a response with `content_encoding` into `file`, emptied first.
    pub fn new(file: &'a File, content_encoding: Option<&str>) -> io::Result<Stream<'a>> {
        let mut rewind = file;
        rewind.seek(SeekFrom::Start(0))?;
        // The null device takes the body as it comes, and cannot be emptied.
        if file.metadata()?.is_file() {
            file.set_len(0)?;
        }
        let out = Out {
            file,
            kept: Vec::new(),
            written: 0,
            disk: None,
        };
        let coding = content_encoding.map(str::trim).and_then(|c| {
            let lower = c.to_ascii_lowercase();
            match lower.as_str() {
                "gzip" | "x-gzip" => Some((Coding::Gzip, c.to_string())),
                "deflate" => Some((Coding::Deflate, c.to_string())),
                _ => None,
            }
        });
        let state = match coding {
            Some(_) => State::Sniffing(Vec::new(), out),
            None => State::Plain(out),
        };
        Ok(Stream {
            state,
            coding,
            problem: None,
        })
    }

    /// Writes the next bytes received. `false` once a problem stops the stream: what
    /// follows is not worth reading.
    pub fn write(&mut self, bytes: &[u8]) -> bool {
        if self.problem.is_some() {
            return false;
        }
        let state = std::mem::replace(&mut self.state, State::Gone);
        self.state = match state {
            State::Sniffing(mut head, out) => {
                head.extend_from_slice(bytes);
                if head.len() < 2 {
                    State::Sniffing(head, out)
                } else {
                    let state = self.decide(&head, out);
                    self.state = state;
                    return self.feed(&head);
                }
            }
            other => other,
        };
        self.feed(bytes)
    }

    /// The state for a body that opens with `head`.
    fn decide(&self, head: &[u8], out: Out<'a>) -> State<'a> {
        match self.coding {
            Some((Coding::Gzip, _)) if head.starts_with(&[0x1f, 0x8b]) => {
                State::Gzip(Box::new(flate2::write::MultiGzDecoder::new(out)))
            }
            // zlib: CMF 0x78 with a header checksum, as the in-memory decoding checks.
            Some((Coding::Deflate, _))
                if (u16::from(head[0]) << 8 | u16::from(head[1])) % 31 == 0
                    && head[0] & 0x0f == 8 =>
            {
                State::Zlib(Box::new(flate2::write::ZlibDecoder::new(out)))
            }
            _ => State::Plain(out),
        }
    }

    /// Passes `bytes` on in the current state.
    fn feed(&mut self, bytes: &[u8]) -> bool {
        let result = match &mut self.state {
            State::Plain(out) => out
                .write_all(bytes)
                .map_err(|e| Problem::Disk(e.to_string())),
            State::Gzip(d) => d.write_all(bytes).map_err(|e| blame(&e, d.get_ref())),
            State::Zlib(d) => d.write_all(bytes).map_err(|e| blame(&e, d.get_ref())),
            State::Sniffing(..) | State::Gone => Ok(()),
        };
        match result {
            Ok(()) => true,
            Err(problem) => {
                self.problem = Some(problem);
                false
            }
        }
    }

    /// Ends the body: `whole` when it arrived in full (a compressed stream must then be
    /// complete too).
    pub fn finish(mut self, whole: bool) -> Streamed {
        let state = std::mem::replace(&mut self.state, State::Gone);
        let decoding = matches!(state, State::Gzip(_) | State::Zlib(_));
        let (kept, written) = match state {
            // Fewer than two bytes: too short to be compressed.
            State::Sniffing(head, mut out) => {
                if let Err(e) = out.write_all(&head) {
                    self.problem.get_or_insert(Problem::Disk(e.to_string()));
                }
                (out.kept, out.written)
            }
            State::Plain(out) => (out.kept, out.written),
            State::Gzip(mut d) => {
                if whole && self.problem.is_none() {
                    self.problem = d.try_finish().err().map(|e| blame(&e, d.get_ref()));
                }
                let out = d.get_mut();
                (std::mem::take(&mut out.kept), out.written)
            }
            State::Zlib(mut d) => {
                if whole && self.problem.is_none() {
                    self.problem = d.try_finish().err().map(|e| blame(&e, d.get_ref()));
                }
                let out = d.get_mut();
                (std::mem::take(&mut out.kept), out.written)
            }
            State::Gone => (Vec::new(), 0),
        };
        let decoded_from = self
            .coding
            .filter(|_| decoding && whole && self.problem.is_none())
            .map(|(_, name)| name);
        Streamed {
            kept,
            written,
            decoded_from,
            problem: self.problem,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    fn file() -> File {
        let path = std::env::temp_dir().join(format!(
            "resp-download-{}-{:?}",
            std::process::id(),
            std::thread::current().id()
        ));
        let file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(true)
            .open(&path)
            .unwrap();
        std::fs::remove_file(&path).unwrap();
        file
    }

    fn contents(mut file: &File) -> Vec<u8> {
        let mut all = Vec::new();
        file.seek(SeekFrom::Start(0)).unwrap();
        file.read_to_end(&mut all).unwrap();
        all
    }

    fn gzip(bytes: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        e.write_all(bytes).unwrap();
        e.finish().unwrap()
    }

    #[test]
    fn a_gzip_body_is_decoded_a_byte_at_a_time_and_only_its_start_kept() {
        let body: Vec<u8> = (0..3 * KEPT as u32).map(|i| (i % 251) as u8).collect();
        let packed = gzip(&body);
        let f = file();
        let mut stream = Stream::new(&f, Some("gzip")).unwrap();
        // The first two bytes one at a time: the sniffing waits for both.
        assert!(stream.write(&packed[..1]));
        for piece in packed[1..].chunks(7000) {
            assert!(stream.write(piece));
        }
        let done = stream.finish(true);
        assert_eq!(done.problem, None);
        assert_eq!(done.decoded_from.as_deref(), Some("gzip"));
        assert_eq!(done.written, body.len() as u64);
        assert_eq!(done.kept, body[..KEPT]);
        assert_eq!(contents(&f), body);
    }

    #[test]
    fn a_body_that_is_not_compressed_after_all_is_kept_as_received() {
        let f = file();
        let mut stream = Stream::new(&f, Some("gzip")).unwrap();
        assert!(stream.write(b"plain text"));
        let done = stream.finish(true);
        assert_eq!((done.problem, done.decoded_from), (None, None));
        assert_eq!(contents(&f), b"plain text");
    }

    #[test]
    fn a_damaged_or_short_stream_is_a_problem_and_a_new_response_starts_empty() {
        let packed = gzip(&[7u8; 100_000]);
        let f = file();
        let mut stream = Stream::new(&f, Some("gzip")).unwrap();
        assert!(stream.write(&packed[..packed.len() / 2]));
        let done = stream.finish(true);
        assert!(
            matches!(done.problem, Some(Problem::Damaged(_))),
            "{done:?}"
        );
        let mut broken = packed.clone();
        broken[12..40].fill(0xff);
        let mut stream = Stream::new(&f, Some("gzip")).unwrap();
        let went_on = stream.write(&broken);
        let done = stream.finish(true);
        assert!(!went_on || done.problem.is_some(), "{done:?}");
        assert!(matches!(done.problem, Some(Problem::Damaged(_))));
        let mut stream = Stream::new(&f, None).unwrap();
        assert!(stream.write(b"x"));
        assert_eq!(stream.finish(true).written, 1);
        assert_eq!(contents(&f), b"x");
    }

    #[test]
    fn deflate_is_zlib_as_in_memory() {
        let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
        e.write_all(b"{\"a\": 1}").unwrap();
        let packed = e.finish().unwrap();
        let f = file();
        let mut stream = Stream::new(&f, Some("Deflate")).unwrap();
        assert!(stream.write(&packed));
        let done = stream.finish(true);
        assert_eq!(done.decoded_from.as_deref(), Some("Deflate"));
        assert_eq!(done.kept, b"{\"a\": 1}");
    }
}
