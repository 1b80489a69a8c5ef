//! Credentials are masked in everything we display, human or `--json`, unless the user
//! asks for `--show-secrets`: Authorization-like headers keep their scheme, cookies keep
//! their names, URLs keep everything but passwords and token-like query values, and JSON
//! bodies keep their keys (see `render::json`).
//!
//! What is a secret is decided by the shape of a name, not a list of names, so a header,
//! query parameter or JSON key we have never seen is masked when it looks like a
//! credential: a name containing `auth`, `token`, `secret`, `key`, `signature`,
//! `password`, `credential`, `session` (or `passwd`, `passphrase`, `passcode`, `pwd`,
//! `jwt`, `cookie`, `sessid` as in PHP's `PHPSESSID`, `csrf`, `xsrf`), in any case and any
//! separator style (`accessToken`, `access-token`, `ACCESS_TOKEN`), or one of a few short
//! names that are secrets only as the whole name (`sig`, `otp`, `totp`, OAuth's
//! `assertion`, `client_assertion` and `code_verifier`, SAML's `SAMLResponse`,
//! `SAMLRequest` and `SAMLart`). In a query string or form body, `code` (OAuth
//! authorization codes), `sid` and `sess` (session ids) and `ticket` (CAS service tickets)
//! are secrets too: as JSON keys they more often name a record (`"sid": "AC…"` is a
//! Twilio account id, `"code": 404` an error). A few names that contain those words carry
//! no secret and explain a response instead, so they are shown: the `WWW-Authenticate`
//! and `Proxy-Authenticate` challenges, CORS's `Access-Control-Allow-Credentials`, OAuth's
//! `token_type`, and words such as `author` and `keyword` that merely contain `auth` or
//! `key`. Matching works on bytes and allocates nothing: it runs on every key of a body.

use std::borrow::Cow;

/// What a masked secret is shown as.
pub const MASK: &str = "****";

/// Words that, anywhere in a name and in any case, mark it as carrying a credential.
const SECRET_WORDS: [&[u8]; 17] = [
    b"auth",
    b"token",
    b"secret",
    b"key",
    b"signature",
    b"password",
    b"passwd",
    b"passphrase",
    b"passcode",
    b"pwd",
    b"credential",
    b"session",
    b"sessid",
    b"jwt",
    b"cookie",
    b"csrf",
    b"xsrf",
];

/// Names that carry a credential only when they are the whole name, compared without
/// case or separators (`sig` is in `signal` and `design`, `otp` in `hotplug`, and an
/// `assertion` is a credential in OAuth, not in a test report's `assertions`).
const SECRET_NAMES: [&[u8]; 9] = [
    b"sig",
    b"otp",
    b"totp",
    b"assertion",
    b"clientassertion",
    b"codeverifier",
    b"samlresponse",
    b"samlrequest",
    b"samlart",
];

/// Names that are secrets in a query string or form body only, compared without case or
/// separators: OAuth's authorization `code`, session ids, CAS service tickets.
const SECRET_PARAMS: [&[u8]; 4] = [b"code", b"sid", b"sess", b"ticket"];

/// Names that contain a secret word but carry no secret, compared without case or
/// separators: the challenges that explain a 401 or 407, a CORS flag, OAuth's token kind.
const EXPLAINING_NAMES: [&[u8]; 4] = [
    b"wwwauthenticate",
    b"proxyauthenticate",
    b"accesscontrolallowcredentials",
    b"tokentype",
];

/// True for names (of headers, query parameters, JSON keys) that carry credentials, by
/// the rule in the module docs.
pub fn is_secret_name(name: &str) -> bool {
    is_secret_bytes(name.as_bytes())
}

/// The bytes a secret word can start with, in either case: most bytes of a name are
/// passed over with one look-up.
const FIRST_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    let mut i = 0;
    while i < SECRET_WORDS.len() {
        let first = SECRET_WORDS[i][0];
        table[first as usize] = true;
        table[first.to_ascii_uppercase() as usize] = true;
        i += 1;
    }
    table
};

/// [`is_secret_name`] on the raw bytes of a name.
pub(crate) fn is_secret_bytes(name: &[u8]) -> bool {
    let has_word = (0..name.len()).any(|at| {
        FIRST_BYTES[usize::from(name[at])]
            && SECRET_WORDS
                .iter()
                .any(|word| starts_with_word(&name[at..], word))
    });
    if has_word {
        !EXPLAINING_NAMES.iter().any(|n| same_name(name, n))
    } else {
        SECRET_NAMES.iter().any(|n| same_name(name, n))
    }
}

/// True when `rest` starts with the secret `word` (any case), not as part of an ordinary
/// word that merely contains it.
fn starts_with_word(rest: &[u8], word: &[u8]) -> bool {
    rest.get(..word.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(word))
        && !in_plain_word(rest, word)
}

/// True when the secret `word` at the start of `rest` begins a plain word instead:
/// `author`, `authority` (but `authorization` is a credential), `keyword`, `keyboard`.
fn in_plain_word(rest: &[u8], word: &[u8]) -> bool {
    let starts = |prefix: &[u8]| {
        rest.len() >= prefix.len() && rest[..prefix.len()].eq_ignore_ascii_case(prefix)
    };
    match word {
        b"auth" => starts(b"author") && !starts(b"authoriz") && !starts(b"authoris"),
        b"key" => starts(b"keyword") || starts(b"keyboard"),
        _ => false,
    }
}

/// `name` equals `lower` (lowercase, no separators) ignoring case and `-`, `_`, `.`, spaces.
fn same_name(name: &[u8], lower: &[u8]) -> bool {
    let mut letters = name
        .iter()
        .filter(|b| !matches!(b, b'-' | b'_' | b'.' | b' '))
        .map(u8::to_ascii_lowercase);
    lower.iter().all(|&b| letters.next() == Some(b)) && letters.next().is_none()
}

/// True for header names that carry credentials (see the module docs for the rule).
pub fn is_secret_header(name: &str) -> bool {
    is_secret_name(name)
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

/// True for query parameter names that carry credentials: secret names, and the names
/// secret in a query only ([`SECRET_PARAMS`]).
fn is_secret_param(name: &str) -> bool {
    is_secret_name(name) || SECRET_PARAMS.iter().any(|n| same_name(name.as_bytes(), n))
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

/// True when `body` looks like JSON and has a key that [`is_secret_name`] names (an OAuth
/// token answer): a file holding it is kept private.
pub fn json_has_secret(body: &[u8]) -> bool {
    let start = body.iter().position(|b| !b.is_ascii_whitespace());
    if !matches!(start.map(|i| body[i]), Some(b'{' | b'[')) {
        return false;
    }
    // Every string followed by a colon is a key; escapes inside it are skipped over.
    let mut at = 0;
    while let Some(open) = body
        .get(at..)
        .and_then(|rest| rest.iter().position(|&b| b == b'"'))
    {
        let from = at + open + 1;
        let mut end = from;
        while end < body.len() && body[end] != b'"' {
            end += if body[end] == b'\\' { 2 } else { 1 };
        }
        // An unterminated string: no key in it.
        let Some(key) = body.get(from..end).filter(|_| end < body.len()) else {
            return false;
        };
        at = end + 1;
        let colon = body
            .get(at..)
            .and_then(|rest| rest.iter().find(|b| !b.is_ascii_whitespace()))
            == Some(&b':');
        if colon && is_secret_name(&String::from_utf8_lossy(key)) {
            return true;
        }
    }
    false
}

/// A form-encoded body (`user=a&password=b`) as displayed: secret values masked.
pub fn form(text: &str) -> Cow<'_, str> {
    let mut changed = false;
    let masked = params(text, &mut changed);
    if changed {
        Cow::Owned(masked)
    } else {
        Cow::Borrowed(text)
    }
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
    fn json_bodies_with_secret_keys_are_told_apart() {
        assert!(json_has_secret(
            br#"{"access_token": "t", "token_type": "bearer"}"#
        ));
        assert!(json_has_secret(br#" [{"user": {"apiKey" : 1}}]"#));
        assert!(!json_has_secret(
            br#"{"user": "access_token", "note": "a \"key\": b"}"#
        ));
        assert!(!json_has_secret(b"access_token=abc"));
        assert!(!json_has_secret(br#"{"unterminated"#));
        assert!(!json_has_secret(br#"{"a\"#));
    }

    proptest::proptest! {
        #[test]
        fn the_json_key_scan_takes_any_bytes(tail in proptest::collection::vec(
            proptest::sample::select(b"{}[]\":\\ ak_token,".to_vec()), 0..64)
        ) {
            let mut body = b"{".to_vec();
            body.extend(tail);
            let _ = json_has_secret(&body);
        }
    }

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

    /// Names that carry credentials, in every separator style, and names that do not.
    const SECRET: &[&str] = &[
        // Headers.
        "Authorization",
        "Proxy-Authorization",
        "Cookie",
        "Set-Cookie",
        "X-Api-Key",
        "X-Auth-Key",
        "X-Authorization",
        "X-Access-Key",
        "X-Functions-Key",
        "Authentication",
        "Authentication-Info",
        "X-Auth-Token",
        "X-Amz-Security-Token",
        "X-Goog-Api-Key",
        "Ocp-Apim-Subscription-Key",
        "Private-Token",
        "X-CSRF-Token",
        "X-JWT-Assertion",
        "X-Session-Id",
        // Query parameters and JSON keys.
        "access_token",
        "accessToken",
        "AccessToken",
        "access-token",
        "ACCESS_TOKEN",
        "apiToken",
        "apikey",
        "api_key",
        "jwt",
        "oauth_signature",
        "X-Amz-Signature",
        "X-Amz-Credential",
        "client_secret",
        "clientSecret",
        "password",
        "passwd",
        "pwd",
        "userPassword",
        "sig",
        "SIG",
        "sessionid",
        "refresh_token",
        "id_token",
        "auth",
        "oauth",
        "credentials",
        "PHPSESSID",
        "sessid",
        "passphrase",
        "passcode",
        "_csrf",
        "csrf_token",
        "XSRF-TOKEN",
        "otp",
        "TOTP",
        "assertion",
        "client_assertion",
        "clientAssertion",
        "code_verifier",
        "SAMLResponse",
        "SAMLRequest",
        "SAMLart",
    ];

    const PLAIN: &[&str] = &[
        "Content-Length",
        "Content-Type",
        "Accept",
        "Keep-Alive",
        "X-RateLimit-Remaining",
        "WWW-Authenticate",
        "www-authenticate",
        "Proxy-Authenticate",
        "Access-Control-Allow-Credentials",
        "Location",
        "Host",
        "User-Agent",
        "token_type",
        "tokenType",
        "author",
        "authors",
        "authority",
        "co_author",
        "keywords",
        "signal",
        "design",
        "code",
        "message",
        "page",
        "state",
        "sid",
        "ticket",
        "assertions",
        "hotplug",
        "passenger",
        "compass",
        "inside",
        "",
    ];

    #[test]
    fn secret_names_by_pattern() {
        for name in SECRET {
            assert!(is_secret_name(name), "{name} should be masked");
            assert!(is_secret_header(name), "{name} should be masked");
        }
        for name in PLAIN {
            assert!(!is_secret_name(name), "{name} should be shown");
            assert!(!is_secret_header(name), "{name} should be shown");
        }
        // Names of other scripts and odd bytes are judged by their ASCII words only.
        assert!(is_secret_name("clé-token"));
        assert!(!is_secret_name("clé"));
    }

    #[test]
    fn code_and_session_ids_are_secret_only_in_a_query() {
        for name in ["code", "sid", "SID", "sess", "ticket"] {
            assert!(is_secret_param(name), "{name}");
            assert!(!is_secret_name(name), "{name}");
        }
        for name in [
            "side",
            "inside",
            "error_code",
            "zipcode",
            "tickets",
            "session_sid",
        ] {
            assert_eq!(is_secret_param(name), is_secret_name(name), "{name}");
        }
        assert_eq!(
            url("https://h.test/app;x?sid=s1d&SESS=s3ss&side=left&ticket=ST-1-abc"),
            "https://h.test/app;x?sid=****&SESS=****&side=left&ticket=****"
        );
        assert_eq!(form("user=ann&sid=s1d"), "user=ann&sid=****");
        assert_eq!(
            url("https://h.test/cb?code=c&error_code=7&state=s"),
            "https://h.test/cb?code=****&error_code=7&state=s"
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
