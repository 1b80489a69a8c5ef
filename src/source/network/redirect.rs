//! Following a redirect: where the next request goes and what it carries. Pure rules,
//! decided from the request so far and the redirect:
//! - only `http` and `https` are followed; another scheme (`file:`, `data:`, `ftp:`) or a
//!   bad port ends the chain with an error that says the server chose it;
//! - credentials (every header that [`mask::is_secret_header`] names, `Authorization`,
//!   `Proxy-Authorization` and `Cookie` among them, and a URL's userinfo) go only to the
//!   origin they were given for: scheme, host and effective port, as curl does since
//!   CVE-2022-27774;
//! - a redirect from `https` to plain `http` is refused when credentials were given,
//!   unless the user allowed it (they are still not sent);
//! - 303, and 301/302 after a POST, become a GET without a body, as browsers do.

use crate::exit::Failure;
use crate::render::mask;
use crate::url;

/// The request to make, as it changes along a chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Next {
    pub method: String,
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: Option<super::Payload>,
}

/// What the user allowed.
#[derive(Debug, Clone, Copy, Default)]
pub struct Policy {
    /// Credentials were given (headers, `-u`, `--bearer`, URL userinfo).
    pub credentials: bool,
    /// `--allow-downgrade`: follow https → http even then.
    pub allow_downgrade: bool,
}

/// True when the user's request carries credentials.
pub fn has_credentials(url: &str, headers: &[(String, String)]) -> bool {
    url::split(url).userinfo.is_some() || headers.iter().any(|(n, _)| is_credential(n))
}

fn is_credential(name: &str) -> bool {
    mask::is_secret_header(name)
        || name.eq_ignore_ascii_case("authorization")
        || name.eq_ignore_ascii_case("proxy-authorization")
        || name.eq_ignore_ascii_case("cookie")
}

/// Turns `request` into the one a `status` redirect to `location` asks for. `chain` is
/// the URLs so far (masked for display), for the error when the redirect is refused.
pub fn follow(
    request: &mut Next,
    status: u16,
    location: &str,
    policy: Policy,
    chain: &str,
) -> Result<(), Failure> {
    let next = url::resolve(&request.url, location);
    let shown = mask::url(&next).into_owned();
    // A Location with spaces or UTF-8 in it is sent encoded, as a browser would.
    let next = match url::scheme(&next).as_str() {
        "http" | "https" => url::normalize(&next).map_err(|why| {
            Failure::hinted(
                format!("the server redirected to {shown}: {why}"),
                format!("the chain so far: {chain} → {status} → {shown}"),
            )
        })?,
        _ => next,
    };
    let scheme = url::scheme(&next);
    if scheme != "http" && scheme != "https" {
        return Err(Failure::hinted(
            format!(
                "the server redirected to {shown}: resp follows http:// and https:// only, not {scheme}:"
            ),
            format!("the chain so far: {chain} → {status} → {shown}"),
        ));
    }
    if let Err(why) = url::check_port(&next) {
        return Err(Failure::hinted(
            format!("the server redirected to {shown}: {why}"),
            format!("the chain so far: {chain} → {status} → {shown}"),
        ));
    }
    let (from, to) = (url::origin(&request.url), url::origin(&next));
    if from.is_secure() && !to.is_secure() && policy.credentials && !policy.allow_downgrade {
        return Err(Failure::hinted(
            format!(
                "the server redirected from https to plain http ({shown}): resp does not follow \
                 a downgrade when credentials were given"
            ),
            "--allow-downgrade follows it, without the credentials; or ask the API for its https URL",
        ));
    }
    if status == 303 || (matches!(status, 301 | 302) && request.method == "POST") {
        request.method = "GET".to_string();
        request.body = None;
        request.headers.retain(|(n, _)| {
            !n.eq_ignore_ascii_case("content-type") && !n.eq_ignore_ascii_case("content-length")
        });
    }
    if from != to {
        // A Host set by hand names the first origin: it does not follow either.
        request
            .headers
            .retain(|(n, _)| !is_credential(n) && !n.eq_ignore_ascii_case("host"));
    }
    request.url = if from != to {
        strip_userinfo(&next)
    } else {
        next
    };
    Ok(())
}

/// `url` without `user:password@`.
fn strip_userinfo(u: &str) -> String {
    let parts = url::split(u);
    match parts.userinfo {
        None => u.to_string(),
        Some(info) => u.replacen(&format!("{info}@"), "", 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn get(url: &str, headers: &[(&str, &str)]) -> Next {
        Next {
            method: "GET".into(),
            url: url.into(),
            headers: headers
                .iter()
                .map(|(n, v)| (n.to_string(), v.to_string()))
                .collect(),
            body: None,
        }
    }

    const SECRETS: [(&str, &str); 5] = [
        ("Authorization", "Bearer t"),
        ("Cookie", "sid=1"),
        ("Proxy-Authorization", "Basic x"),
        ("X-Api-Key", "k"),
        ("X-Auth-Token", "t"),
    ];

    fn names(r: &Next) -> Vec<&str> {
        r.headers.iter().map(|(n, _)| n.as_str()).collect()
    }

    #[test]
    fn credentials_stay_with_their_origin() {
        let mut headers = SECRETS.to_vec();
        headers.push(("Accept", "application/json"));
        let policy = Policy {
            credentials: true,
            allow_downgrade: false,
        };
        // Same origin, default port written out: kept.
        let mut r = get("https://h.test/a", &headers);
        follow(&mut r, 302, "https://h.test:443/b", policy, "").unwrap();
        assert_eq!(r.headers.len(), 6);
        // Another port, another host: stripped, the rest kept.
        for to in [
            "https://h.test:8443/b",
            "https://other.test/b",
            "//other.test/b",
        ] {
            let mut r = get("https://h.test/a", &headers);
            follow(&mut r, 302, to, policy, "").unwrap();
            assert_eq!(names(&r), ["Accept"], "{to}");
        }
    }

    #[test]
    fn a_downgrade_with_credentials_is_refused_unless_allowed() {
        let headers = [("Authorization", "Bearer t")];
        let mut r = get("https://h.test/a", &headers);
        let policy = Policy {
            credentials: true,
            allow_downgrade: false,
        };
        let e = follow(
            &mut r,
            302,
            "http://h.test/plain",
            policy,
            "https://h.test/a",
        )
        .unwrap_err();
        assert!(
            e.message.contains("from https to plain http"),
            "{}",
            e.message
        );
        assert_eq!(e.exit, crate::exit::Exit::Error);

        let allowed = Policy {
            allow_downgrade: true,
            ..policy
        };
        follow(&mut r, 302, "http://h.test/plain", allowed, "").unwrap();
        assert!(r.headers.is_empty(), "stripped even when allowed");
        assert_eq!(r.url, "http://h.test/plain");

        // No credentials: followed.
        let mut r = get("https://h.test/a", &[]);
        follow(&mut r, 301, "http://h.test/plain", Policy::default(), "").unwrap();
    }

    #[test]
    fn userinfo_does_not_cross_origins() {
        let mut r = get("https://u:p@h.test/a", &[]);
        let policy = Policy {
            credentials: true,
            allow_downgrade: false,
        };
        follow(&mut r, 302, "/b", policy, "").unwrap();
        assert_eq!(r.url, "https://u:p@h.test/b");
        follow(&mut r, 302, "https://u:p@other.test/c", policy, "").unwrap();
        assert_eq!(r.url, "https://other.test/c");
    }

    #[test]
    fn other_schemes_and_bad_ports_are_refused_naming_the_server() {
        for to in ["file:///etc/passwd", "data:text/plain,hi", "ftp://h/x"] {
            let mut r = get("http://h.test/a", &[]);
            let e = follow(&mut r, 302, to, Policy::default(), "http://h.test/a").unwrap_err();
            assert!(
                e.message.starts_with("the server redirected to ")
                    && e.message.contains("follows http:// and https:// only"),
                "{}",
                e.message
            );
            assert!(e.hint.unwrap().contains("http://h.test/a → 302 → "));
        }
        let mut r = get("http://h.test/a", &[]);
        let e = follow(&mut r, 301, "http://h.test:99999/", Policy::default(), "").unwrap_err();
        assert!(e.message.contains("'99999' is not a port"), "{}", e.message);
    }

    #[test]
    fn see_other_turns_into_a_get() {
        let mut r = get("http://h/a", &[("Content-Type", "application/json")]);
        r.method = "POST".into();
        r.body = Some(super::super::Payload::Bytes(b"{}".to_vec()));
        follow(&mut r, 303, "/b", Policy::default(), "").unwrap();
        assert_eq!((r.method.as_str(), r.body.is_none()), ("GET", true));
        assert!(r.headers.is_empty());
        let mut r = get("http://h/a", &[]);
        r.method = "PUT".into();
        r.body = Some(super::super::Payload::Bytes(b"x".to_vec()));
        follow(&mut r, 307, "/b", Policy::default(), "").unwrap();
        assert_eq!((r.method.as_str(), r.body.is_some()), ("PUT", true));
    }
}
