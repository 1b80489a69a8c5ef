//! Files `resp` writes for the user (`send --save`, `-o` for a body): written whole or not at all, never
//! through a device or pipe as if it were a file, never readable by more people than
//! before, and never through a symbolic link that someone else planted.
//!
//! - A file saved over keeps its mode; a new one gets 0600 when it holds credentials, else
//!   the umask's default. The temporary file is 0600 from its creation.
//! - A link is followed only when the user running resp owns it: renaming onto a link's
//!   target would otherwise sidestep the kernel's `fs.protected_symlinks`, and a link in a
//!   shared directory (`/tmp/r.http -> ~/.bashrc`) would choose which file is replaced.
//! - Interrupted (SIGINT, SIGTERM) while a temporary file exists, resp removes it and then
//!   dies of the signal as it would have without us.

use std::fs::{File, OpenOptions, Permissions};
use std::io::{self, Write};
use std::os::unix::fs::{MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, OnceLock, PoisonError};

use anyhow::{Context, Result, bail};

use crate::exit::Failure;
use crate::render::mask;
use crate::source::Response;

/// Links followed at most, as the kernel does (`ELOOP` past 40).
const MAX_LINKS: usize = 40;

/// Writes `bytes` to `path`: to a temporary file beside the target, then renamed over it,
/// so a reader never sees half a file and a failure leaves the old one intact. `private`:
/// the bytes hold credentials, so a new file is for its owner's eyes only.
pub fn atomically(path: &Path, bytes: &[u8], private: bool) -> Result<()> {
    let context = || format!("saving to {}", path.display());
    // A device or a pipe (/dev/stdout, a FIFO) is written to, never replaced by a file.
    // Opening follows links under the kernel's own rules, so those need no check here.
    if let Ok(meta) = std::fs::metadata(path)
        && !meta.is_file()
    {
        return OpenOptions::new()
            .write(true)
            .open(path)
            .and_then(|mut f| f.write_all(bytes))
            .with_context(context);
    }
    let me = proc_status("Uid").and_then(|uid| fs_uid(&uid));
    let (target, links) = resolve(path, me)?;
    let mode = match std::fs::metadata(&target) {
        Ok(meta) => meta.permissions().mode() & 0o777,
        Err(_) if private => 0o600,
        Err(_) => 0o666 & !umask(),
    };
    let dir = target
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (temp, mut file) =
        Temp::create(dir.join(format!(".{name}.resp-{}.tmp", std::process::id())))
            .with_context(context)?;
    // Without /proc, who we are is whoever owns the file we just made.
    if me.is_none() {
        let uid = file.metadata().with_context(context)?.uid();
        refuse_foreign(&target, &links, uid)?;
    }
    file.write_all(bytes)
        .and_then(|()| file.set_permissions(Permissions::from_mode(mode)))
        .and_then(|()| file.sync_all())
        .and_then(|()| temp.rename_onto(&target))
        .with_context(context)
}

/// True when `response` hands out or carries credentials (a `Set-Cookie` header, a header
/// masked on display, in any head of the chain, or a JSON body with a secret-looking key):
/// a new file holding it is created for its owner's eyes only.
pub fn private(response: &Response) -> bool {
    let heads = std::iter::once(&response.headers).chain(response.hops.iter().map(|h| &h.headers));
    heads
        .flatten()
        .any(|(name, _)| name.eq_ignore_ascii_case("set-cookie") || mask::is_secret_header(name))
        || mask::json_has_secret(&response.body)
}

/// `-o FILE`: the body alone, whole, under the same rules as [`atomically`]; private as
/// the whole response would be.
pub fn body(path: &Path, response: &Response) -> Result<()> {
    atomically(path, &response.body, private(response))
}

/// The file that saving to `path` replaces, and the links followed to it (each with its
/// owner's uid). A link owned by someone other than `me` (when known) is refused; so is a
/// link to nothing.
fn resolve(path: &Path, me: Option<u32>) -> Result<(PathBuf, Vec<(PathBuf, u32)>)> {
    let mut links: Vec<(PathBuf, u32)> = Vec::new();
    let mut current = path.to_path_buf();
    loop {
        let meta = match std::fs::symlink_metadata(&current) {
            Ok(meta) => meta,
            Err(e) if e.kind() == io::ErrorKind::NotFound => match links.last() {
                None => return Ok((current, links)),
                Some((link, _)) => bail!(
                    "not saving through the link {}: it points to {}, which does not exist",
                    link.display(),
                    current.display()
                ),
            },
            Err(e) => {
                return Err(e).with_context(|| format!("saving to {}", path.display()));
            }
        };
        if !meta.file_type().is_symlink() {
            return Ok((current, links));
        }
        if links.len() == MAX_LINKS {
            bail!(
                "--save {}: more than {MAX_LINKS} links in a row",
                path.display()
            );
        }
        let to = std::fs::read_link(&current)
            .with_context(|| format!("reading the link {}", current.display()))?;
        let next = current
            .parent()
            .map_or_else(|| to.clone(), |parent| parent.join(&to));
        links.push((current, meta.uid()));
        if let Some(me) = me {
            refuse_foreign(&next, &links, me)?;
        }
        current = next;
    }
}

/// An error when a link on the way to `target` belongs to someone other than `me`.
fn refuse_foreign(target: &Path, links: &[(PathBuf, u32)], me: u32) -> Result<()> {
    match links.iter().find(|(_, owner)| *owner != me) {
        None => Ok(()),
        Some((link, owner)) => Err(Failure::hinted(
            format!(
                "not saving through the link {} (to {}): it belongs to another user (uid {owner}), who could choose which file is replaced",
                link.display(),
                target.display(),
            ),
            "save to a path of your own, or remove the link",
        )
        .into()),
    }
}

/// The temporary file being written, removed when resp is interrupted.
static PENDING: Mutex<Option<PathBuf>> = Mutex::new(None);

fn pending() -> MutexGuard<'static, Option<PathBuf>> {
    PENDING.lock().unwrap_or_else(PoisonError::into_inner)
}

/// A temporary file of ours, 0600 from the start: removed unless renamed into place.
struct Temp {
    path: PathBuf,
}

impl Temp {
    /// Creates `path` anew (never one that already stands there, nor a link's target).
    fn create(path: PathBuf) -> io::Result<(Temp, File)> {
        guard_interruption();
        // Created and registered under the lock: an interruption sees both or neither.
        let mut pending = pending();
        let file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&path)?;
        *pending = Some(path.clone());
        Ok((Temp { path }, file))
    }

    /// Moves the file into place.
    fn rename_onto(self, target: &Path) -> io::Result<()> {
        let mut pending = pending();
        std::fs::rename(&self.path, target)?;
        *pending = None;
        Ok(())
    }
}

impl Drop for Temp {
    fn drop(&mut self) {
        let mut pending = pending();
        if pending.as_ref() == Some(&self.path) {
            let _ = std::fs::remove_file(&self.path);
            *pending = None;
        }
    }
}

/// On the first temporary file: if SIGINT or SIGTERM ends resp (see [`crate::interrupt`]),
/// the temporary file is removed first.
fn guard_interruption() {
    static INSTALLED: OnceLock<()> = OnceLock::new();
    INSTALLED.get_or_init(|| crate::interrupt::on_interrupt(remove_pending));
}

/// Removes the temporary file, if one exists, as resp is ending by a signal.
fn remove_pending() {
    let mut pending = pending();
    if let Some(temp) = pending.take() {
        let _ = std::fs::remove_file(temp);
    }
    // Held until the end: the main thread cannot rename or register meanwhile.
    std::mem::forget(pending);
}

/// A field of `/proc/self/status` (`Umask`, `Uid`), without its name.
fn proc_status(field: &str) -> Option<String> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status.lines().find_map(|line| {
        line.strip_prefix(field)?
            .strip_prefix(':')
            .map(|value| value.trim().to_string())
    })
}

/// The uid files are created with: the last of `Uid:`'s real, effective, saved and
/// file-system uids.
fn fs_uid(uids: &str) -> Option<u32> {
    uids.split_whitespace().nth(3)?.parse().ok()
}

/// The process's umask; 022 when it cannot be read.
fn umask() -> u32 {
    proc_status("Umask")
        .and_then(|m| u32::from_str_radix(&m, 8).ok())
        .unwrap_or(0o022)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_temporary_file_is_private_from_its_creation() {
        let path = std::env::temp_dir().join(format!("resp-temp-{}.tmp", std::process::id()));
        let (temp, file) = Temp::create(path.clone()).unwrap();
        assert_eq!(file.metadata().unwrap().permissions().mode() & 0o777, 0o600);
        assert_eq!(pending().as_ref(), Some(&path));
        drop(temp);
        assert!(!path.exists(), "a temporary file not renamed is removed");
        assert_eq!(*pending(), None);
    }

    #[test]
    fn process_status_fields_are_read() {
        assert_eq!(fs_uid("1000\t1000\t1000\t1001"), Some(1001));
        assert_eq!(fs_uid("1000"), None);
        assert!(proc_status("Nonexistent").is_none());
        assert!(umask() <= 0o777);
    }
}
