//! The walk from a path to what saving to it writes, component by component as the kernel
//! resolves it, checking every link met (in the folders on the way as in the last
//! component): who owns it, and whether it leads anywhere. `..` is taken in the folder a
//! link led to, as the kernel does, since the folder walked so far holds no link.

use std::ffi::OsString;
use std::fs::Metadata;
use std::io;
use std::os::unix::fs::MetadataExt;
use std::path::{Component, Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::exit::Failure;

/// Links followed at most, as the kernel does (`ELOOP` past 40).
const MAX_LINKS: usize = 40;

/// What saving to a path writes.
#[derive(Debug, PartialEq)]
pub(super) enum Endpoint {
    /// A regular file, or none yet: replaced by the temporary file. `old`: the one there.
    Replace { target: PathBuf, old: Option<Old> },
    /// A device, a pipe, a socket (or a kernel-made link to one): written into.
    Into(PathBuf),
}

/// What is kept of the file a save replaces.
#[derive(Debug, PartialEq)]
pub(super) struct Old {
    pub mode: u32,
    pub uid: u32,
    pub gid: u32,
}

impl Old {
    fn of(meta: &Metadata) -> Old {
        Old {
            mode: meta.mode(),
            uid: meta.uid(),
            gid: meta.gid(),
        }
    }
}

/// A link met on the way: where it is, what it leads to, and who owns it.
#[derive(Debug)]
pub(super) struct Link {
    path: PathBuf,
    to: PathBuf,
    uid: u32,
}

/// One step of a path still to walk.
enum Step {
    Root,
    Up,
    Name(OsString),
}

/// The steps of `path`, last first (a stack).
fn steps(path: &Path) -> Vec<Step> {
    let mut steps: Vec<Step> = path
        .components()
        .filter_map(|c| match c {
            Component::RootDir | Component::Prefix(_) => Some(Step::Root),
            Component::ParentDir => Some(Step::Up),
            Component::CurDir => None,
            Component::Normal(name) => Some(Step::Name(name.to_os_string())),
        })
        .collect();
    steps.reverse();
    steps
}

/// Walks `path` component by component, as the kernel would, checking each link met (in
/// the folders on the way as in the last component): one owned by someone other than `me`
/// (when known) or root is refused, and so is a link to nothing. Returns what saving
/// writes and the links followed.
pub(super) fn walk(path: &Path, me: Option<u32>) -> Result<(Endpoint, Vec<Link>)> {
    let context = || format!("saving to {}", path.display());
    let mut done = if path.is_absolute() {
        PathBuf::from("/")
    } else {
        std::env::current_dir().with_context(context)?
    };
    let mut todo = steps(path);
    let mut links: Vec<Link> = Vec::new();
    // The link whose text the walk is in when it named the last component.
    let mut last_link: Option<usize> = None;
    while let Some(step) = todo.pop() {
        let name = match step {
            Step::Root => {
                done = PathBuf::from("/");
                continue;
            }
            Step::Up => {
                // `done` holds no link: its parent is the folder `..` names.
                done.pop();
                continue;
            }
            Step::Name(name) => name,
        };
        let here = done.join(&name);
        let last = todo.is_empty();
        let meta = match std::fs::symlink_metadata(&here) {
            Ok(meta) => meta,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                if let Some(link) = last_link.and_then(|i| links.get(i)) {
                    bail!(
                        "not saving through the link {}: it points to {}, which does not exist",
                        link.path.display(),
                        link.to.display()
                    );
                }
                if last {
                    return Ok((
                        Endpoint::Replace {
                            target: here,
                            old: None,
                        },
                        links,
                    ));
                }
                bail!(
                    "saving to {}: the folder {} does not exist",
                    path.display(),
                    here.display()
                );
            }
            Err(e) => return Err(e).with_context(context),
        };
        if meta.file_type().is_symlink() {
            if links.len() == MAX_LINKS {
                bail!(
                    "saving to {}: more than {MAX_LINKS} links in a row",
                    path.display()
                );
            }
            let text = std::fs::read_link(&here)
                .with_context(|| format!("reading the link {}", here.display()))?;
            let to = done.join(&text);
            links.push(Link {
                path: here.clone(),
                to: to.clone(),
                uid: meta.uid(),
            });
            if let Some(me) = me {
                refuse_foreign(&links, me)?;
            }
            match std::fs::metadata(&here) {
                Ok(_) => {}
                Err(e) if e.kind() == io::ErrorKind::NotFound => bail!(
                    "not saving through the link {}: it points to {}, which does not exist",
                    here.display(),
                    to.display()
                ),
                Err(e) => return Err(e).with_context(context),
            }
            // The kernel reaches what its text does not name (`/proc/self/fd/1` reads
            // `pipe:[…]`): a link of its own making, used as it is. A descriptor's link
            // in /proc is written into even when it names a file: `-o /dev/stdout > f`
            // writes into resp's stdout, not over the file the shell opened.
            let unnamed = matches!(
                std::fs::symlink_metadata(&to),
                Err(e) if e.kind() == io::ErrorKind::NotFound
            );
            if last && (unnamed || here.starts_with("/proc")) {
                return Ok((Endpoint::Into(here), links));
            }
            if unnamed {
                done = here;
                continue;
            }
            if last {
                last_link = Some(links.len() - 1);
            }
            todo.extend(steps(&text));
            continue;
        }
        if !last {
            if !meta.is_dir() {
                bail!(
                    "saving to {}: {} is not a folder",
                    path.display(),
                    here.display()
                );
            }
            done = here;
            continue;
        }
        if meta.is_dir() {
            bail!("saving to {}: it is a folder", path.display());
        }
        let endpoint = if meta.is_file() {
            Endpoint::Replace {
                target: here,
                old: Some(Old::of(&meta)),
            }
        } else {
            Endpoint::Into(here)
        };
        return Ok((endpoint, links));
    }
    bail!("saving to {}: no file name", path.display())
}

/// An error when a link on the way belongs to someone other than `me` or root.
pub(super) fn refuse_foreign(links: &[Link], me: u32) -> Result<()> {
    match links.iter().find(|l| l.uid != me && l.uid != 0) {
        None => Ok(()),
        Some(link) => Err(Failure::hinted(
            format!(
                "not saving through the link {} (to {}): it belongs to another user (uid {}), who could choose which file is replaced",
                link.path.display(),
                link.to.display(),
                link.uid,
            ),
            "save to a path of your own, or remove the link",
        )
        .into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dot_and_dot_dot_are_walked_as_the_kernel_does() {
        let dir = std::env::temp_dir().join(format!("resp-walk-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("a")).unwrap();
        let (endpoint, links) = walk(&dir.join("a/../a/./f"), Some(0)).unwrap();
        assert_eq!(
            endpoint,
            Endpoint::Replace {
                target: dir.join("a/f"),
                old: None
            }
        );
        assert!(links.is_empty());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
