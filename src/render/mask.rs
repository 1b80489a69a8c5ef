//! Credentials are masked in everything we display, human or `--json`, unless the user
//! asks for `--show-secrets`: Authorization-like headers keep their scheme, cookies keep
//! their names, URLs keep everything but passwords and token-like query values.

use std::borrow::Cow;

/// What a masked secret is shown as.
pub const MASK: &str = "****";

/// True for header names that carry credentials.
pub fn is_secret_header(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    matches!(
        n.as_str(),
        "authorization"
            | "proxy-authorization"
            | "cookie"
            | "set-cookie"
            | "x-api-key"
            | "api-key"
            | "apikey"
            | "x-auth-token"
            | "x-access-token"
            | "x-amz-security-token"
            | "private-token"
            | "x-goog-api-key"
            | "ocp-apim-subscription-key"
            | "x-csrf-token"
            | "x-xsrf-token"
    ) || [
        "api-key", "apikey", "api_key", "token", "secret", "password", "session",
    ]
    .iter()
    .any(|w| n.contains(w))
}

/// True for header names whose value is a URL, which may carry a token
/// (`Location: https://app/cb#access_token=...`).
fn is_url_header(name: &str) -> bool {
    ["location", "content-location", "referer"]
        .iter()
        .any(|n| name.eq_ignore_ascii_case(n))
}

/// A header's value as displayed: masked when the header carries credentials, and URL
/// headers as [`url`] shows them.
pub fn header_value<'a>(name: &str, value: &'a str) -> Cow<'a, str> {
    if is_url_header(name) {
        return url(value);
    }
    if !is_secret_header(name) || value.is_empty() {
        return Cow::Borrowed(value);
    }
    let n = name.to_ascii_lowercase();
    Cow::Owned(match n.as_str() {
        "authorization" | "proxy-authorization" => match value.split_once(' ') {
            Some((scheme, _)) => format!("{scheme} {MASK}"),
            None => MASK.to_string(),
        },
        "cookie" => value
            .split(';')
            .map(|c| match c.split_once('=') {
                Some((k, _)) => format!("{}={MASK}", k.trim()),
                None => MASK.to_string(),
            })
            .collect::<Vec<_>>()
            .join("; "),
        "set-cookie" => {
            let mut parts = value.split(';');
            let first = match parts.next().and_then(|c| c.split_once('=')) {
                Some((k, _)) => format!("{}={MASK}", k.trim()),
                None => MASK.to_string(),
            };
            std::iter::once(first)
                .chain(parts.map(|p| p.trim().to_string()))
                .collect::<Vec<_>>()
                .join("; ")
        }
        _ => MASK.to_string(),
    })
}

/// True for query parameter names that carry credentials.
fn is_secret_param(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    matches!(
        n.as_str(),
        "access_token"
            | "refresh_token"
            | "id_token"
            | "token"
            | "api_key"
            | "apikey"
            | "api-key"
            | "key"
            | "sig"
            | "signature"
            | "secret"
            | "client_secret"
            | "password"
            | "passwd"
            | "pwd"
            | "auth"
            | "code"
            | "x-amz-signature"
            | "x-amz-credential"
            | "x-amz-security-token"
            | "x-goog-signature"
            | "session"
    ) || n.ends_with("_token")
        || n.ends_with("_key")
        || n.ends_with("secret")
}

/// `k=v&...` with token-like values masked; `changed` is set when one was.
fn params(text: &str, changed: &mut bool) -> String {
    text.split('&')
        .map(|p| match p.split_once('=') {
            Some((k, v)) if is_secret_param(k) && !v.is_empty() => {
                *changed = true;
                format!("{k}={MASK}")
            }
            _ => p.to_string(),
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// A URL as displayed: the userinfo password and token-like query values masked, and
/// token-like fragment parameters too (OAuth's implicit flow puts `access_token` there).
pub fn url(url: &str) -> Cow<'_, str> {
    let (before_fragment, fragment) = match url.split_once('#') {
        Some((a, f)) => (a, Some(f)),
        None => (url, None),
    };
    let (base, query) = match before_fragment.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (before_fragment, None),
    };
    let mut changed = false;
    let mut out = String::with_capacity(url.len());
    // scheme://user:password@host/...
    match base.split_once("://") {
        Some((scheme, rest)) => {
            let authority_end = rest.find('/').unwrap_or(rest.len());
            let (authority, path) = rest.split_at(authority_end);
            out.push_str(scheme);
            out.push_str("://");
            match authority.rsplit_once('@') {
                Some((userinfo, host)) => {
                    changed = true;
                    match userinfo.split_once(':') {
                        Some((user, _)) => out.push_str(&format!("{user}:{MASK}@{host}")),
                        None => out.push_str(&format!("{MASK}@{host}")),
                    }
                }
                None => out.push_str(authority),
            }
            out.push_str(path);
        }
        None => out.push_str(base),
    }
    if let Some(query) = query {
        out.push('?');
        out.push_str(&params(query, &mut changed));
    }
    if let Some(f) = fragment {
        out.push('#');
        out.push_str(&params(f, &mut changed));
    }
    if changed {
        Cow::Owned(out)
    } else {
        Cow::Borrowed(url)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credential_headers_are_masked() {
        assert_eq!(
            header_value("Authorization", "Bearer sk_live_SECRET123"),
            "Bearer ****"
        );
        assert_eq!(
            header_value("proxy-authorization", "Basic dXNlcjpwYXNz"),
            "Basic ****"
        );
        assert_eq!(
            header_value("Cookie", "session=abc; theme=dark"),
            "session=****; theme=****"
        );
        assert_eq!(
            header_value("Set-Cookie", "sid=abc123; Path=/; HttpOnly"),
            "sid=****; Path=/; HttpOnly"
        );
        assert_eq!(header_value("X-API-Key", "k-123"), "****");
        assert_eq!(header_value("X-Github-Token", "ghp_x"), "****");
        assert_eq!(
            header_value("Content-Type", "application/json"),
            "application/json"
        );
    }

    #[test]
    fn urls_lose_passwords_and_tokens() {
        assert_eq!(
            url("https://u:p4ss@h.test/x?a=1"),
            "https://u:****@h.test/x?a=1"
        );
        assert_eq!(
            url("https://h.test/x?access_token=abc&page=2&api_key=k#top"),
            "https://h.test/x?access_token=****&page=2&api_key=****#top"
        );
        assert_eq!(
            url("https://h.test/x?sig=s&key=k"),
            "https://h.test/x?sig=****&key=****"
        );
        assert!(matches!(url("https://h.test/x?page=2"), Cow::Borrowed(_)));
        assert_eq!(
            url("https://app.test/cb#access_token=t0k&token_type=bearer"),
            "https://app.test/cb#access_token=****&token_type=bearer"
        );
        assert!(matches!(url("https://h.test/x#top"), Cow::Borrowed(_)));
        assert_eq!(
            header_value("Location", "/cb?code=c0de&state=s"),
            "/cb?code=****&state=s"
        );
    }
}
