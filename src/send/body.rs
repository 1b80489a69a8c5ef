//! The request body of `-d` and `--json-body`: `DATA`, `@FILE` or `@-`. A regular file
//! is sent from the file as it goes out, never read whole; stdin or a pipe up to
//! [`BODY_IN_MEMORY`] is held in memory, a larger one kept in a temporary file only this
//! process can read (removed at once: only resp's handle keeps it), so memory stays
//! bounded and the body can be sent again (a redirect, a retry, several URLs).

use std::fs::File;
use std::io::{self, Read, Write};
use std::sync::Arc;

use anyhow::{Context, Result};

use crate::source::network::Payload;

/// An upload up to this size is held in memory; a larger one from a pipe is kept in a
/// temporary file, so that memory stays bounded and it can still be sent again (a 307
/// redirect, a retry) with its Content-Length.
const BODY_IN_MEMORY: usize = 8 * 1024 * 1024;

/// `DATA`, `@FILE` or `@-`. A regular file is sent from the file as it goes out, never
/// read whole; stdin or a pipe larger than [`BODY_IN_MEMORY`] is kept in a temporary file
/// first (removed at once: only resp's handle keeps it).
pub fn data(data: &str) -> Result<Payload> {
    match data.strip_prefix('@') {
        Some("-") => spooled(&mut io::stdin().lock()).context("reading the body from stdin"),
        Some(path) => {
            let context = || format!("reading the body from {path}");
            let file = File::open(path).with_context(context)?;
            if file.metadata().with_context(context)?.is_file() {
                return Ok(Payload::File(Arc::new(file)));
            }
            spooled(&mut io::BufReader::new(file)).with_context(context)
        }
        None => Ok(Payload::Bytes(data.as_bytes().to_vec())),
    }
}

/// A body from a stream: in memory up to [`BODY_IN_MEMORY`], else in a temporary file.
fn spooled(reader: &mut dyn io::Read) -> Result<Payload> {
    let mut head = Vec::new();
    reader
        .take(BODY_IN_MEMORY as u64 + 1)
        .read_to_end(&mut head)?;
    if head.len() <= BODY_IN_MEMORY {
        return Ok(Payload::Bytes(head));
    }
    let (mut file, path) = temporary_file()?;
    let written = file
        .write_all(&head)
        .and_then(|()| io::copy(reader, &mut file))
        .and_then(|_| file.flush());
    // Removed before anything else can fail: the open handle keeps the bytes.
    let _ = std::fs::remove_file(&path);
    written.with_context(|| format!("keeping the body in {}", path.display()))?;
    Ok(Payload::File(Arc::new(file)))
}

/// A new file only this process can read, in the system's temporary folder.
fn temporary_file() -> Result<(File, std::path::PathBuf)> {
    let dir = std::env::temp_dir();
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let mut options = std::fs::OpenOptions::new();
    options.read(true).write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut last = None;
    for attempt in 0..16u32 {
        let path = dir.join(format!(
            "resp-upload-{}-{stamp:x}-{attempt}",
            std::process::id()
        ));
        match options.open(&path) {
            Ok(file) => return Ok((file, path)),
            Err(e) => last = Some(e),
        }
    }
    let e = last.unwrap_or_else(|| io::Error::other("no name left"));
    Err(anyhow::Error::new(e).context(format!(
        "making a temporary file in {} for the request body",
        dir.display()
    )))
}
