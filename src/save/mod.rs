//! Files `resp` writes for the user (`send --save`, `-o` for a body): written whole or not at
//! all, never readable by more people than before, and never through a symbolic link that
//! someone else planted.
//!
//! - What is saved goes to a temporary file beside the target ([`Pending`]), renamed over
//!   it only once the content is whole ([`Pending::commit`]): a failed exchange, a body cut
//!   short or refused, leaves the old file as it was. A device or a pipe (`/dev/stdout`, a
//!   FIFO) cannot be replaced: what goes to it is gathered first in an unnamed temporary
//!   file (in the system's temporary folder) and written into it only on success. The
//!   null device is written into as the content comes: there is nothing to keep whole.
//! - A file saved over keeps its mode, and its owner and group where resp may set them
//!   (running as root); a new one gets 0600 when it holds credentials, else the umask's
//!   default. The temporary file is 0600 from its creation.
//! - A file the user may not write (`0444`, or another user's) is not replaced unless asked
//!   (`--force`), as `cp` would refuse it: renaming over it needs only the folder's
//!   permission, not the file's.
//! - Every link on the way is checked, in the folder part of the path as in its last
//!   component: a link is followed only when the user running resp owns it (or root does,
//!   who owns the system's own: `/dev/stdout`). Renaming onto a link's target would
//!   otherwise sidestep the kernel's `fs.protected_symlinks`, and a link in a shared folder
//!   (`/tmp/r.http -> ~/.bashrc`, `/tmp/dl -> ~/.ssh`) would choose which file is replaced
//!   or written into. A link the kernel makes (`/proc/self/fd/1` to a pipe) is written into.
//!   Checked and used a moment apart: a folder on the way that another user may change can
//!   still be changed in between; the temporary file is created anew and the rename never
//!   follows a link in the last component, so at worst the save fails.
//! - Interrupted (SIGINT, SIGTERM) while a temporary file exists, resp removes it and then
//!   dies of the signal as it would have without us.
//!
//! `walk` finds what a path leads to and checks the links on the way; this file decides
//! whether it may be replaced, and writes it ([`exchange`]: `send`'s `--save` and `-o`;
//! `--save -` writes to stdout, where nothing is replaced).

mod walk;

use std::fs::{File, OpenOptions, Permissions};
use std::io::{self, Seek, SeekFrom, Write};
use std::os::unix::fs::{MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock, PoisonError};

use anyhow::{Context, Result, bail};

use self::walk::{Endpoint, refuse_foreign, walk};
use crate::exit::Failure;
use crate::render::mask;
use crate::source::network::Streamed;
use crate::source::{Response, http};

/// Writes `bytes` to `path` whole or not at all (see [`Pending`]). `private`: the bytes
/// hold credentials, so a new file is for its owner's eyes only. `force`: a file the user
/// may not write is replaced all the same.
pub fn atomically(path: &Path, bytes: &[u8], private: bool, force: bool) -> Result<()> {
    let pending = Pending::begin(path, force)?;
    pending.write_all(bytes)?;
    pending.commit(private)
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

/// `-o FILE` from a body held in memory: the body alone, under the same rules as
/// [`atomically`]; private as the whole response would be.
pub fn body(path: &Path, response: &Response, force: bool) -> Result<()> {
    atomically(path, &response.body, private(response), force)
}

/// `send`'s files once its exchange is over: `--save`'s `save` (the exchange as raw HTTP;
/// `-` is `stdout`) and `-o`'s `body` (its file filled as the body arrived; `streamed`
/// says how). Written only when the body arrived whole (`cut`: it did not) and went to its
/// file whole; otherwise each is left as it was, and a warning on `response` names it.
/// Returns whether they were written.
pub fn exchange(
    response: &mut Response,
    save: Option<&Path>,
    body: Option<(&Path, Pending)>,
    streamed: &Streamed,
    cut: bool,
    force: bool,
    stdout: &mut dyn Write,
) -> Result<bool> {
    let unwritten = match (&streamed.problem, cut) {
        (Some(problem), _) => Some(problem.to_string()),
        (None, true) => Some("the body did not arrive whole".to_string()),
        (None, false) => None,
    };
    if let Some(why) = unwritten {
        for path in save.into_iter().chain(body.as_ref().map(|(path, _)| *path)) {
            response
                .warnings
                .push(format!("nothing was written to {}: {why}", path.display()));
        }
        return Ok(false);
    }
    // A response that hands out credentials is saved for its owner's eyes only.
    let private = private(response);
    if let Some(path) = save.filter(|p| *p == Path::new("-")) {
        let written = match &body {
            Some((_, body)) => {
                let mut from = &*body.file;
                stdout
                    .write_all(&http::to_raw_head(response, streamed.written))
                    .and_then(|()| from.seek(SeekFrom::Start(0)).map(drop))
                    .and_then(|()| io::copy(&mut from, stdout).map(drop))
            }
            None => stdout.write_all(&http::to_raw(response)),
        };
        written
            .and_then(|()| stdout.flush())
            .with_context(|| format!("saving to {}", path.display()))?;
    } else if let Some(path) = save {
        match &body {
            // The body is in -o's file, not in memory: copied from there.
            Some((_, body)) => {
                let saved = Pending::begin(path, force)?;
                saved.write_all(&http::to_raw_head(response, streamed.written))?;
                saved.copy_from(&body.file)?;
                saved.commit(private)?;
            }
            None => atomically(path, &http::to_raw(response), private, force)?,
        }
    }
    if let Some((_, body)) = body {
        body.commit(private)?;
    }
    Ok(true)
}

/// Checks what saving to `path` would meet (the links on the way, a read-only file) without
/// making any file: found out before a request goes, not after.
pub fn check(path: &Path, force: bool) -> Result<()> {
    let me = Me::from_proc();
    let (endpoint, _) = walk(path, me.as_ref().map(|m| m.uid))?;
    match &me {
        Some(me) => refuse_read_only(path, &endpoint, me, force),
        None => Ok(()),
    }
}

/// A save under way: the links to its target checked, the target allowed, and a temporary
/// file to fill. [`Pending::commit`] puts it in place; dropped, it leaves no trace and the
/// target untouched.
pub struct Pending {
    /// The path as the user gave it, for messages.
    path: PathBuf,
    endpoint: Endpoint,
    /// The temporary file beside a regular target, removed unless renamed into place.
    temp: Option<Temp>,
    file: Arc<File>,
}

impl Pending {
    /// Checks every link on the way to `path` and whether its file may be replaced, then
    /// makes the temporary file. Nothing at `path` changes until [`Pending::commit`].
    pub fn begin(path: &Path, force: bool) -> Result<Pending> {
        let context = || format!("saving to {}", path.display());
        let me = Me::from_proc();
        let (endpoint, links) = walk(path, me.as_ref().map(|m| m.uid))?;
        if let Some(me) = &me {
            refuse_read_only(path, &endpoint, me, force)?;
        }
        let (temp, file) = match &endpoint {
            Endpoint::Replace { target, .. } => {
                let dir = target
                    .parent()
                    .filter(|d| !d.as_os_str().is_empty())
                    .unwrap_or(Path::new("."));
                let name = target
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let (temp, file) =
                    Temp::create(dir.join(format!(".{name}.resp-{}.tmp", std::process::id())))
                        .with_context(context)?;
                (Some(temp), file)
            }
            // What goes to the null device is thrown away: nothing to keep whole, so no
            // copy of it waits in the temporary folder (a large `-o /dev/null` would fill it).
            Endpoint::Into(device) if is_null_device(device) => (
                None,
                OpenOptions::new()
                    .write(true)
                    .open(device)
                    .with_context(context)?,
            ),
            Endpoint::Into(_) => (None, spool().with_context(context)?),
        };
        // Without /proc, who we are is whoever owns the file we just made.
        if me.is_none() {
            let meta = file.metadata().with_context(context)?;
            let me = Me {
                uid: meta.uid(),
                groups: vec![meta.gid()],
            };
            refuse_foreign(&links, me.uid)?;
            refuse_read_only(path, &endpoint, &me, force)?;
        }
        Ok(Pending {
            path: path.to_path_buf(),
            endpoint,
            temp,
            file: Arc::new(file),
        })
    }

    /// The temporary file, opened for reading and writing, to be filled as the content
    /// arrives (a download streamed to it).
    pub fn file(&self) -> Arc<File> {
        self.file.clone()
    }

    /// Appends `bytes` to the temporary file.
    pub fn write_all(&self, bytes: &[u8]) -> Result<()> {
        (&*self.file)
            .write_all(bytes)
            .with_context(|| format!("saving to {}", self.path.display()))
    }

    /// Appends what `from` holds, from its start, to the temporary file.
    pub fn copy_from(&self, from: &File) -> Result<()> {
        let mut from = from;
        from.seek(SeekFrom::Start(0))
            .and_then(|_| io::copy(&mut from, &mut &*self.file))
            .map(drop)
            .with_context(|| format!("saving to {}", self.path.display()))
    }

    /// Puts the content in place: the temporary file given the old file's mode and owner
    /// (or the new file's mode: 0600 when `private`), synced and renamed over the target;
    /// or, for a device or a pipe, written into it.
    pub fn commit(mut self, private: bool) -> Result<()> {
        let context = || format!("saving to {}", self.path.display());
        let file = &*self.file;
        match &self.endpoint {
            Endpoint::Replace { target, old } => {
                let mode = match old {
                    Some(old) => old.mode & 0o777,
                    None if private => 0o600,
                    None => 0o666 & !umask(),
                };
                if let Some(old) = old {
                    // Root may give it back to its owner; anyone may keep its group when a
                    // member of it. Where neither is allowed, the file is the user's own.
                    if std::os::unix::fs::fchown(file, Some(old.uid), Some(old.gid)).is_err() {
                        let _ = std::os::unix::fs::fchown(file, None, Some(old.gid));
                    }
                }
                // After the owner: a change of owner clears the set-id bits.
                file.set_permissions(Permissions::from_mode(mode))
                    .and_then(|()| file.sync_all())
                    .with_context(context)?;
                match self.temp.take() {
                    Some(temp) => temp.rename_onto(target).with_context(context),
                    None => bail!("saving to {}: no temporary file", self.path.display()),
                }
            }
            // Written as it came.
            Endpoint::Into(device) if is_null_device(device) => Ok(()),
            Endpoint::Into(device) => {
                let mut from = file;
                from.seek(SeekFrom::Start(0)).with_context(context)?;
                // Our own stdout or stderr is written through its descriptor, at its
                // offset: opened anew, a file behind it would be written from its start.
                let own = |fd: u32| {
                    *device == Path::new(&format!("/proc/self/fd/{fd}"))
                        || *device == Path::new(&format!("/proc/{}/fd/{fd}", std::process::id()))
                };
                let copied = if own(1) {
                    let mut to = io::stdout().lock();
                    io::copy(&mut from, &mut to).and_then(|_| to.flush())
                } else if own(2) {
                    let mut to = io::stderr().lock();
                    io::copy(&mut from, &mut to).and_then(|_| to.flush())
                } else {
                    OpenOptions::new()
                        .write(true)
                        .open(device)
                        .and_then(|mut to| io::copy(&mut from, &mut to).and_then(|_| to.flush()))
                };
                copied.map(drop).with_context(context)
            }
        }
    }
}

/// Who runs resp, as the file system sees it: the uid files are created with, and the
/// groups whose permissions apply.
struct Me {
    uid: u32,
    groups: Vec<u32>,
}

impl Me {
    fn from_proc() -> Option<Me> {
        let uid = proc_status("Uid").and_then(|u| fs_uid(&u))?;
        let mut groups: Vec<u32> = proc_status("Groups")
            .unwrap_or_default()
            .split_whitespace()
            .filter_map(|g| g.parse().ok())
            .collect();
        groups.extend(proc_status("Gid").and_then(|g| fs_uid(&g)));
        Some(Me { uid, groups })
    }

    /// True when the permissions `mode` of a file owned by `uid`:`gid` let us write it;
    /// for root, when anyone may (a file nobody may write was meant to stay as it is).
    fn may_write(&self, mode: u32, uid: u32, gid: u32) -> bool {
        let bit = if self.uid == 0 {
            0o222
        } else if uid == self.uid {
            0o200
        } else if self.groups.contains(&gid) {
            0o020
        } else {
            0o002
        };
        mode & bit != 0
    }
}

/// An error when the file `path` leads to is one the user may not write, unless `force`.
fn refuse_read_only(path: &Path, endpoint: &Endpoint, me: &Me, force: bool) -> Result<()> {
    let Endpoint::Replace { old: Some(old), .. } = endpoint else {
        return Ok(());
    };
    if force || me.may_write(old.mode, old.uid, old.gid) {
        return Ok(());
    }
    let whose = if old.uid == me.uid || me.uid == 0 {
        String::new()
    } else {
        format!(", and belongs to uid {}", old.uid)
    };
    Err(Failure::hinted(
        format!(
            "not replacing {}: it is read-only ({:04o}{whose})",
            path.display(),
            old.mode & 0o7777
        ),
        "--force replaces it all the same, or save to another path",
    )
    .into())
}

/// The temporary files being written, removed when resp is interrupted.
static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

fn pending() -> MutexGuard<'static, Vec<PathBuf>> {
    PENDING.lock().unwrap_or_else(PoisonError::into_inner)
}

/// A temporary file of ours, 0600 from the start: removed unless renamed into place.
struct Temp {
    path: PathBuf,
}

impl Temp {
    /// Creates `path` anew (never one that already stands there, nor a link's target),
    /// open for reading and writing.
    fn create(path: PathBuf) -> io::Result<(Temp, File)> {
        guard_interruption();
        // Created and registered under the lock: an interruption sees both or neither.
        let mut pending = pending();
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&path)?;
        pending.push(path.clone());
        Ok((Temp { path }, file))
    }

    /// Moves the file into place.
    fn rename_onto(self, target: &Path) -> io::Result<()> {
        let mut pending = pending();
        std::fs::rename(&self.path, target)?;
        pending.retain(|p| *p != self.path);
        Ok(())
    }
}

impl Drop for Temp {
    fn drop(&mut self) {
        let mut pending = pending();
        if let Some(at) = pending.iter().position(|p| *p == self.path) {
            let _ = std::fs::remove_file(&self.path);
            pending.remove(at);
        }
    }
}

/// True when `device` is the null device (`/dev/null`, or a link the kernel makes to it).
fn is_null_device(device: &Path) -> bool {
    use std::os::unix::fs::FileTypeExt;
    let null = |p: &Path| {
        std::fs::metadata(p)
            .ok()
            .filter(|m| m.file_type().is_char_device())
            .map(|m| m.rdev())
    };
    null(device).is_some_and(|rdev| null(Path::new("/dev/null")) == Some(rdev))
}

/// A file with no name, in the system's temporary folder, only this process can read:
/// where what goes to a device or a pipe waits for the exchange to succeed.
fn spool() -> io::Result<File> {
    let dir = std::env::temp_dir();
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let mut last = io::Error::other("no name left");
    for attempt in 0..16u32 {
        let path = dir.join(format!(
            "resp-save-{}-{stamp:x}-{attempt}",
            std::process::id()
        ));
        match OpenOptions::new()
            .read(true)
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&path)
        {
            Ok(file) => {
                // Removed at once: the open handle keeps the bytes, and nothing is left.
                std::fs::remove_file(&path)?;
                return Ok(file);
            }
            Err(e) => last = e,
        }
    }
    Err(last)
}

/// On the first temporary file: if SIGINT or SIGTERM ends resp (see [`crate::interrupt`]),
/// the temporary files are removed first.
fn guard_interruption() {
    static INSTALLED: OnceLock<()> = OnceLock::new();
    INSTALLED.get_or_init(|| crate::interrupt::on_interrupt(remove_pending));
}

/// Removes the temporary files, if any, as resp is ending by a signal.
fn remove_pending() {
    let mut pending = pending();
    for temp in pending.drain(..) {
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

/// The id files are created with: the last of `Uid:`'s (or `Gid:`'s) real, effective,
/// saved and file-system ids.
fn fs_uid(ids: &str) -> Option<u32> {
    ids.split_whitespace().nth(3)?.parse().ok()
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
        assert!(pending().contains(&path));
        drop(temp);
        assert!(!path.exists(), "a temporary file not renamed is removed");
        assert!(!pending().contains(&path));
    }

    #[test]
    fn process_status_fields_are_read() {
        assert_eq!(fs_uid("1000\t1000\t1000\t1001"), Some(1001));
        assert_eq!(fs_uid("1000"), None);
        assert!(proc_status("Nonexistent").is_none());
        assert!(umask() <= 0o777);
    }

    #[test]
    fn who_may_write_follows_the_mode_bits_that_apply() {
        let user = Me {
            uid: 1000,
            groups: vec![100],
        };
        let root = Me {
            uid: 0,
            groups: vec![0],
        };
        assert!(user.may_write(0o644, 1000, 5));
        assert!(!user.may_write(0o444, 1000, 100));
        assert!(!user.may_write(0o644, 2000, 100), "another user's file");
        assert!(user.may_write(0o664, 2000, 100), "a group we are in");
        assert!(!user.may_write(0o646 & 0o640, 2000, 7));
        assert!(user.may_write(0o666, 2000, 7));
        assert!(!root.may_write(0o444, 1000, 100), "nobody may write it");
        assert!(root.may_write(0o600, 1000, 100));
    }
}
