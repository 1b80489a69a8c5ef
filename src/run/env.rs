//! The environments of request files, as JetBrains' HTTP Client and VS Code's REST Client
//! keep them: `http-client.env.json` and `http-client.private.env.json` beside the request
//! file, or in the closest folder above it that has them; an object of environments by
//! name, `$shared` under the one chosen with `--env`, private over public. String,
//! number and boolean values are variables; nested settings are not.
//!
//! Guarantees: a file that is not JSON, not an object of objects, or an environment that
//! is not there is an error naming the file (and the environments it has); no environment
//! files and no `--env` is no values, never an error.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The environment files' names, the shared one first.
pub const ENV_FILES: [&str; 2] = ["http-client.env.json", "http-client.private.env.json"];

/// The values of one environment: the files beside the request file (or in the closest
/// folder above it that has them), `$shared` under the chosen one, private over public.
/// No environment files at all: no values.
pub fn environment(file: &Path, name: Option<&str>) -> Result<BTreeMap<String, String>, String> {
    let Some(dir) = env_dir(file) else {
        return match name {
            Some(n) => Err(format!(
                "--env {n}: no {} beside {} or in a folder above it",
                ENV_FILES[0],
                file.display()
            )),
            None => Ok(BTreeMap::new()),
        };
    };
    let mut files = Vec::new();
    for f in ENV_FILES {
        let path = dir.join(f);
        if path.is_file() {
            let text = std::fs::read_to_string(&path)
                .map_err(|e| format!("reading {}: {e}", path.display()))?;
            let value: serde_json::Value = serde_json::from_str(&text)
                .map_err(|e| format!("{}: not valid JSON: {e}", path.display()))?;
            let serde_json::Value::Object(envs) = value else {
                return Err(format!(
                    "{}: an object of environments is expected",
                    path.display()
                ));
            };
            files.push((path, envs));
        }
    }
    let mut values = BTreeMap::new();
    let names: Vec<&String> = files
        .iter()
        .flat_map(|(_, envs)| envs.keys())
        .filter(|k| !k.starts_with('$'))
        .collect();
    if let Some(n) = name
        && !names.iter().any(|k| *k == n)
    {
        let mut known: Vec<&str> = names.iter().map(|s| s.as_str()).collect();
        known.sort_unstable();
        known.dedup();
        return Err(format!(
            "--env {n}: no such environment in {} (it has: {})",
            dir.join(ENV_FILES[0]).display(),
            if known.is_empty() {
                "none".to_string()
            } else {
                known.join(", ")
            }
        ));
    }
    for chosen in ["$shared"].into_iter().chain(name) {
        for (path, envs) in &files {
            if let Some(env) = envs.get(chosen) {
                let serde_json::Value::Object(vars) = env else {
                    return Err(format!(
                        "{}: environment '{chosen}' is not an object",
                        path.display()
                    ));
                };
                for (k, v) in vars {
                    let text = match v {
                        serde_json::Value::String(s) => s.clone(),
                        serde_json::Value::Number(n) => n.to_string(),
                        serde_json::Value::Bool(b) => b.to_string(),
                        // Nested settings (SSL configuration, …) are not variables.
                        _ => continue,
                    };
                    values.insert(k.clone(), text);
                }
            }
        }
    }
    Ok(values)
}

/// The folder holding the environment files for `file`: its own, or the closest above.
fn env_dir(file: &Path) -> Option<PathBuf> {
    let start = file
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let start = start.canonicalize().ok()?;
    start
        .ancestors()
        .find(|d| ENV_FILES.iter().any(|f| d.join(f).is_file()))
        .map(Path::to_path_buf)
}
