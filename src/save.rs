//! Files `resp` writes for the user (`send --save`): written whole or not at all, never
//! through a device or pipe as if it were a file, never replacing the file a link points
//! to behind the user's back.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};

/// Writes `bytes` to `path`: to a temporary file beside the target, then renamed over it,
/// so a reader never sees half a file and a failure leaves the old one intact.
pub fn atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let context = || format!("saving to {}", path.display());
    // A device or a pipe (/dev/stdout, a FIFO) is written to, never replaced by a file.
    if let Ok(meta) = std::fs::metadata(path)
        && !meta.is_file()
    {
        return std::fs::OpenOptions::new()
            .write(true)
            .open(path)
            .and_then(|mut f| f.write_all(bytes))
            .with_context(context);
    }
    // A link to a file: the file is replaced, the link stays a link.
    let is_link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    let target = if is_link {
        std::fs::canonicalize(path).with_context(context)?
    } else {
        path.to_path_buf()
    };
    let dir = target
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = dir.join(format!(".{name}.resp-{}.tmp", std::process::id()));
    // A fresh file of ours: never one that already stands there, nor a link's target.
    let result = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&temp)
        .and_then(|mut f| {
            f.write_all(bytes)?;
            f.sync_all()
        })
        .and_then(|()| std::fs::rename(&temp, &target));
    if let Err(e) = result {
        let _ = std::fs::remove_file(&temp);
        return Err(e).with_context(context);
    }
    Ok(())
}
