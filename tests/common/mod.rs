//! The one way tests run the binary: a clean environment (no colour, proxy, home or
//! `RESP_*` variables leaking in from the developer's shell) and `--color never` unless a
//! test is about colour.
#![allow(dead_code, clippy::expect_used)]

pub mod server;

use assert_cmd::Command;

/// `resp` with a scrubbed environment and no colour.
pub fn resp() -> Command {
    let mut cmd = bare();
    cmd.arg("--color").arg("never");
    cmd
}

/// `resp` with a scrubbed environment and the colour left to the test.
pub fn bare() -> Command {
    let mut cmd = Command::cargo_bin("resp").expect("the resp binary is built");
    for var in [
        "NO_COLOR",
        "CLICOLOR",
        "CLICOLOR_FORCE",
        "TERM",
        "COLUMNS",
        "HOME",
        "XDG_CONFIG_HOME",
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "ALL_PROXY",
        "NO_PROXY",
        "http_proxy",
        "https_proxy",
        "all_proxy",
        "no_proxy",
        "SSL_CERT_FILE",
        "SSL_CERT_DIR",
    ] {
        cmd.env_remove(var);
    }
    for (key, _) in std::env::vars_os() {
        if key.to_string_lossy().starts_with("RESP_") {
            cmd.env_remove(key);
        }
    }
    cmd
}

/// Parses stdout as JSON.
pub fn json(output: &std::process::Output) -> serde_json::Value {
    serde_json::from_slice(&output.stdout).expect("stdout is JSON")
}

/// Parses stdout as JSON lines, one value a line.
pub fn json_lines(output: &std::process::Output) -> Vec<serde_json::Value> {
    output
        .stdout
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .map(|l| serde_json::from_slice(l).expect("each line is JSON"))
        .collect()
}

/// `cmd` (made by [`resp`], so with its clean environment) as a std `Command`, for tests
/// that drive stdin and stdout themselves; `wrap` runs it through `sh -c` first (to set
/// limits: the script ends with `exec "$0" "$@"`).
pub fn std_of(cmd: &Command, wrap: Option<&str>) -> std::process::Command {
    let mut std_cmd = match wrap {
        Some(script) => {
            let mut sh = std::process::Command::new("sh");
            sh.arg("-c").arg(script).arg(cmd.get_program());
            sh
        }
        None => std::process::Command::new(cmd.get_program()),
    };
    std_cmd.args(cmd.get_args());
    for (key, value) in cmd.get_envs() {
        match value {
            Some(v) => std_cmd.env(key, v),
            None => std_cmd.env_remove(key),
        };
    }
    std_cmd
}

/// A file of ours in the temp directory, removed when dropped: tests leave nothing behind.
pub struct Temp(std::path::PathBuf);

impl Temp {
    /// A new file holding `contents`, its name unique to this process and call.
    pub fn new(name: &str, contents: &[u8]) -> Temp {
        static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let unique = format!(
            "resp-test-{}-{}-{name}",
            std::process::id(),
            NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
        );
        let path = std::env::temp_dir().join(unique);
        std::fs::write(&path, contents).expect("the temp directory is writable");
        Temp(path)
    }

    pub fn path(&self) -> &str {
        self.0.to_str().unwrap_or_default()
    }
}

impl Drop for Temp {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// A folder of ours in the temp directory, removed with everything in it when dropped:
/// tests leave nothing behind. It derefs to its `Path`.
pub struct TempDir(std::path::PathBuf);

impl TempDir {
    /// A new, empty folder, its name unique to this process and call.
    pub fn new(name: &str) -> TempDir {
        static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let unique = format!(
            "resp-test-{}-{}-{name}",
            std::process::id(),
            NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
        );
        let path = std::env::temp_dir().join(unique);
        std::fs::create_dir_all(&path).expect("the temp directory is writable");
        TempDir(path)
    }
}

impl std::ops::Deref for TempDir {
    type Target = std::path::Path;

    fn deref(&self) -> &std::path::Path {
        &self.0
    }
}

impl AsRef<std::path::Path> for TempDir {
    fn as_ref(&self) -> &std::path::Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
