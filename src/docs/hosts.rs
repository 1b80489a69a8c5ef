//! Which docs judge a response, chosen by its host. The config layer resolves what the user
//! named (`--table`, `RESP_TABLE`, the `[[api]]` entries of `.resp.toml` and the user's
//! config file) into a [`Selection`]; each file it names carries the hosts it applies to,
//! given by its entry's `hosts` or, without them, by the `servers` (3.x) or `host`
//! (Swagger 2.0) its description names. A source that names no host applies to every host,
//! and so does a single source given alone (servers name production; a single file is
//! meant for the responses at hand, staging or `localhost` included), unless its config
//! entry names hosts.
//!
//! Hosts compare without case, port or trailing dot; `*.example.com` (and a server's
//! templated label, `{region}.example.com`) stands for any one-or-more labels before
//! `example.com`. A response whose request has no host (a bare path, or no request at all)
//! is judged by every source, as with a single file.

use std::path::PathBuf;

use serde_json::Value;

/// What the user chose as documentation, resolved once by the config layer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selection {
    /// Twitter's API response codes, built into resp: the default.
    Embedded,
    /// `--table standard`: the IANA registry alone, no API's wording.
    Standard,
    /// Files, in the order they are asked.
    Files(Vec<Source>),
}

/// One documentation file, and why it is used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    pub path: PathBuf,
    /// The hosts its config entry names; empty: its servers say (or every host).
    pub hosts: Vec<String>,
    /// Where it was named, for `-v`: `--table`, `RESP_TABLE`, `/p/.resp.toml:4`.
    pub named_by: String,
}

/// The hosts a loaded source applies to, and where they were read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HostScope {
    /// Lower case, without port; may start with `*.`. Empty: every host.
    pub hosts: Vec<String>,
    /// The hosts came from a config entry (else from the description's servers).
    pub from_config: bool,
    /// Where the source was named (`--table`, a config file and line).
    pub named_by: String,
    /// The only source given: its servers do not narrow it.
    pub alone: bool,
}

impl HostScope {
    /// A scope from the config entry's hosts when it names some, else from `servers`.
    pub fn new(source: &Source, servers: &[String]) -> HostScope {
        let from_config = !source.hosts.is_empty();
        let named = if from_config { &source.hosts } else { servers };
        let mut hosts: Vec<String> = named.iter().filter_map(|h| normalize(h)).collect();
        hosts.sort_unstable();
        hosts.dedup();
        // One server that names no host (`/v1`, `{scheme}://{host}`) serves any host.
        if !from_config && servers.iter().any(|s| normalize(s).is_none()) {
            hosts.clear();
        }
        HostScope {
            hosts,
            from_config,
            named_by: source.named_by.clone(),
            alone: false,
        }
    }

    /// The scope of the only source given: every host, unless its entry names hosts.
    pub fn alone(mut self) -> HostScope {
        if !self.from_config {
            self.hosts.clear();
            self.alone = true;
        }
        self
    }

    /// True when the source applies to `host`, as [`request_host`] gives it (`None`: the
    /// host is not known).
    pub fn applies(&self, host: Option<&str>) -> bool {
        match host {
            None => true,
            Some(_) if self.hosts.is_empty() => true,
            Some(host) => self.hosts.iter().any(|pattern| matches(pattern, host)),
        }
    }

    /// Why the source judged a response to `host` (as [`request_host`] gives it), for a
    /// person, appended to `out`.
    pub fn why(&self, host: Option<&str>, out: &mut String) {
        if !self.named_by.is_empty() {
            out.push_str("named by ");
            out.push_str(&self.named_by);
            out.push_str("; ");
        }
        match host {
            None => out.push_str("the request's host is not known, so every source applies"),
            Some(_) if self.alone => out.push_str("the only docs given, so it judges every host"),
            Some(_) if self.hosts.is_empty() => {
                out.push_str("it names no host, so it applies to every host")
            }
            Some(host) => {
                out.push_str(if self.from_config {
                    "its hosts name "
                } else {
                    "its servers name "
                });
                let hit = self.hosts.iter().find(|p| matches(p, host));
                out.push_str(hit.map_or(host, String::as_str));
            }
        }
    }
}

/// The host a request URL goes to, lower case; `None` for a bare path.
pub fn request_host(url: &str) -> Option<String> {
    let (_, after) = url.split_once("://")?;
    // The authority ends at the path, query or fragment: `url::split`'s rule, without its
    // other parts (this runs for every response).
    let end = after
        .bytes()
        .position(|b| matches!(b, b'/' | b'?' | b'#'))
        .unwrap_or(after.len());
    let authority = &after[..end];
    let hostport = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = match hostport.rfind(']') {
        Some(i) => &hostport[..=i],
        None => hostport.split(':').next().unwrap_or_default(),
    };
    let host = host.trim_end_matches('.');
    (!host.is_empty()).then(|| host.to_ascii_lowercase())
}

/// The servers' URLs of a 3.x description (the document's, each path item's and each
/// operation's) and a
/// Swagger 2.0 `host`, as written: what [`HostScope::new`] reads hosts from.
pub fn server_urls(root: &Value) -> Vec<String> {
    let urls = |v: &Value| -> Vec<String> {
        v.get("servers")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|s| s.get("url").and_then(Value::as_str))
            .map(str::to_string)
            .collect()
    };
    if let Some(host) = root.get("host").and_then(Value::as_str) {
        return vec![format!("//{host}")];
    }
    let mut out = urls(root);
    let items = root.get("paths").and_then(Value::as_object).into_iter();
    for item in items.flat_map(|p| p.values()) {
        out.extend(urls(item));
        // An operation's own servers (Stripe's file uploads go to files.stripe.com).
        let operations = item.as_object().into_iter().flat_map(|i| i.values());
        for op in operations.filter(|op| op.is_object()) {
            out.extend(urls(op));
        }
    }
    out.dedup();
    out
}

/// The host pattern of a server URL or a config entry's host: lower case, without scheme,
/// userinfo, port, path or trailing dot; a templated label becomes `*`. `None` when it
/// names no host (a relative URL, or a host that is a variable as a whole).
fn normalize(text: &str) -> Option<String> {
    let text = text.trim();
    let after = match text.split_once("://") {
        Some((_, after)) => after,
        None => text.strip_prefix("//").unwrap_or(text),
    };
    if after.is_empty() || after.starts_with('/') {
        return None;
    }
    let url = format!("http://{after}");
    let host = crate::url::split(&url).host;
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    let mut labels: Vec<&str> = Vec::new();
    for label in host.split('.') {
        if label.is_empty() {
            return None;
        }
        labels.push(if label.contains('{') { "*" } else { label });
    }
    // A host that is one variable (`{host}`) or all wildcards names nothing.
    if labels.iter().all(|l| *l == "*") {
        return None;
    }
    Some(labels.join("."))
}

/// `pattern` (a host whose labels may be `*`) against a lower-case host: a leading `*.`
/// stands for one or more labels, any other `*` for exactly one. Compared label by label
/// from the right, without allocating: this runs for every response.
fn matches(pattern: &str, host: &str) -> bool {
    let (lead, rest) = match pattern.strip_prefix("*.") {
        Some(rest) => (true, rest),
        None => (false, pattern),
    };
    let (mut p, mut h) = (rest.rsplit('.'), host.rsplit('.'));
    loop {
        match (p.next(), h.next()) {
            (None, None) => return !lead,
            (None, Some(_)) => return lead,
            (Some(_), None) => return false,
            (Some(p), Some(h)) if p != "*" && p != h => return false,
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scope(hosts: &[&str], servers: &[&str]) -> HostScope {
        let source = Source {
            path: PathBuf::from("t"),
            hosts: hosts.iter().map(|h| h.to_string()).collect(),
            named_by: "--table".into(),
        };
        let servers: Vec<String> = servers.iter().map(|s| s.to_string()).collect();
        HostScope::new(&source, &servers)
    }

    #[test]
    fn servers_name_the_hosts() {
        let s = scope(
            &[],
            &["https://api.stripe.com/", "https://files.stripe.com:443/v1"],
        );
        assert_eq!(s.hosts, ["api.stripe.com", "files.stripe.com"]);
        assert!(s.applies(request_host("https://API.Stripe.com./").as_deref()));
        assert!(s.applies(Some("files.stripe.com")));
        assert!(!s.applies(Some("api.openai.com")));
        assert!(s.applies(None));
        let mut why = String::new();
        s.why(Some("api.stripe.com"), &mut why);
        assert_eq!(why, "named by --table; its servers name api.stripe.com");
    }

    #[test]
    fn no_host_named_means_every_host() {
        assert!(scope(&[], &[]).applies(Some("anything.test")));
        assert!(scope(&[], &["/v1.46"]).applies(Some("anything.test")));
        assert!(scope(&[], &["{scheme}://{host}/api"]).applies(Some("x.test")));
        // One relative server among named hosts: the API is served anywhere.
        assert!(scope(&[], &["https://a.test", "/v2"]).applies(Some("b.test")));
    }

    #[test]
    fn config_hosts_replace_servers() {
        let s = scope(&["staging.example.com"], &["https://api.example.com"]);
        assert!(s.applies(Some("staging.example.com")));
        assert!(!s.applies(Some("api.example.com")));
        let mut why = String::new();
        s.why(Some("staging.example.com"), &mut why);
        assert!(why.ends_with("its hosts name staging.example.com"), "{why}");
    }

    #[test]
    fn wildcards_and_templates() {
        let s = scope(&["*.example.com"], &[]);
        assert!(s.applies(Some("api.example.com")));
        assert!(s.applies(Some("a.b.example.com")));
        assert!(!s.applies(Some("example.com")));
        assert!(!s.applies(Some("badexample.com")));
        let t = scope(&[], &["https://{region}.api.example.com/v1"]);
        assert_eq!(t.hosts, ["*.api.example.com"]);
        assert!(t.applies(Some("eu.api.example.com")));
        assert!(!t.applies(Some("api.example.com")));
        let mid = scope(&[], &["https://api.{region}.example.com"]);
        assert!(mid.applies(Some("api.eu.example.com")));
        assert!(!mid.applies(Some("api.eu.other.com")));
    }

    #[test]
    fn request_hosts() {
        assert_eq!(
            request_host("https://user:pw@API.Stripe.com:8443/v1/files?x=1").as_deref(),
            Some("api.stripe.com")
        );
        assert_eq!(request_host("http://[::1]:80/").as_deref(), Some("[::1]"));
        assert_eq!(request_host("/v1/files"), None);
        assert_eq!(request_host("http:///x"), None);
    }

    #[test]
    fn swagger_host_and_path_item_servers() {
        let root: Value = serde_json::json!({"swagger": "2.0", "host": "petstore.test:8080"});
        let urls = server_urls(&root);
        assert_eq!(
            scope(&[], &urls.iter().map(String::as_str).collect::<Vec<_>>()).hosts,
            ["petstore.test"]
        );
        let root: Value = serde_json::json!({
            "openapi": "3.1.0",
            "servers": [{"url": "https://a.test"}],
            "paths": {"/x": {
                "servers": [{"url": "https://b.test"}],
                "post": {"servers": [{"url": "https://c.test"}]}
            }}
        });
        assert_eq!(
            server_urls(&root),
            ["https://a.test", "https://b.test", "https://c.test"]
        );
    }
}
