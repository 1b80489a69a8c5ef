//! The headers that explain a status, picked out so a card shows them without `-v`:
//! RFC 9110's `Allow` (405), `WWW-Authenticate` (401), `Proxy-Authenticate` (407),
//! `Location` (201, 3xx), `Content-Location`, `Retry-After` (3xx, 413, 429, 503), the
//! deprecation signals on any status (`Deprecation`, RFC 9745; `Sunset`, RFC 8594; a
//! `Link` with `rel="deprecation"` or `rel="sunset"`), and a `Content-Type` the body does
//! not match. Pure: values are returned as sent, for the renderer to mask and sanitize.

use super::BodyKind;

/// One header that explains the status: a label for people, the header's name (for
/// masking and `--json`) and its value as sent (or, for a content type the body
/// contradicts, what the body is).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explaining {
    pub label: &'static str,
    pub name: String,
    pub value: String,
    /// For a `Content-Type` the body contradicts: what the body is (`JSON`).
    pub body_is: Option<&'static str>,
}

/// The headers of a response with status `code` that explain it, in a fixed order.
/// `retry_after_read` is true when the rate-limit line already reads `Retry-After`, so
/// it is not shown twice.
pub fn explaining(
    code: u16,
    headers: &[(String, String)],
    body: &BodyKind,
    retry_after_read: bool,
) -> Vec<Explaining> {
    let mut out = Vec::new();
    let mut add = |label, name: &str, wanted: bool| {
        if !wanted {
            return;
        }
        for (n, v) in headers
            .iter()
            .filter(|(n, _)| n.trim().eq_ignore_ascii_case(name))
        {
            out.push(Explaining {
                label,
                name: n.clone(),
                value: v.trim().to_string(),
                body_is: None,
            });
        }
    };
    let redirect = (300..400).contains(&code);
    add("allow", "allow", code == 405);
    add("authenticate", "www-authenticate", code == 401);
    add("proxy auth", "proxy-authenticate", code == 407);
    add("location", "location", code == 201 || redirect);
    add("content at", "content-location", true);
    add(
        "retry after",
        "retry-after",
        !retry_after_read && (redirect || matches!(code, 413 | 429 | 503)),
    );
    add("deprecated", "deprecation", true);
    add("sunset", "sunset", true);
    for (n, v) in headers
        .iter()
        .filter(|(n, _)| n.trim().eq_ignore_ascii_case("link"))
    {
        for link in deprecation_links(v) {
            out.push(Explaining {
                label: "deprecation",
                name: n.clone(),
                value: link.to_string(),
                body_is: None,
            });
        }
    }
    if let Some(e) = content_type_mismatch(headers, body) {
        out.push(e);
    }
    out
}

/// The members of a `Link` value whose `rel` says deprecation or sunset.
fn deprecation_links(value: &str) -> Vec<&str> {
    value
        .split(',')
        .map(str::trim)
        .filter(|link| {
            link.split(';').skip(1).any(|p| {
                let p = p.trim().to_ascii_lowercase();
                let Some(rel) = p.strip_prefix("rel=") else {
                    return false;
                };
                rel.trim_matches('"')
                    .split_whitespace()
                    .any(|r| r == "deprecation" || r == "sunset")
            })
        })
        .collect()
}

/// A `Content-Type` the body contradicts: JSON sent as HTML or text, an HTML page sent as
/// JSON, and so on; a body without any `Content-Type` too.
fn content_type_mismatch(headers: &[(String, String)], body: &BodyKind) -> Option<Explaining> {
    let sent = headers
        .iter()
        .find(|(n, _)| n.trim().eq_ignore_ascii_case("content-type"));
    let media = sent.map(|(_, v)| {
        v.split(';')
            .next()
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase()
    });
    let says_json = media.as_deref().is_some_and(|m| m.contains("json"));
    let says_html = media.as_deref().is_some_and(|m| m.contains("html"));
    let is = match body {
        BodyKind::Json { .. } | BodyKind::LargeJson if !says_json => "JSON",
        BodyKind::Html { .. } if !says_html => "HTML",
        BodyKind::Text { .. } if says_json || says_html => "plain text",
        _ => return None,
    };
    // A text body with no type at all says nothing worth a line.
    if media.is_none() && is == "plain text" {
        return None;
    }
    Some(Explaining {
        label: "content type",
        name: sent.map_or("Content-Type".to_string(), |(n, _)| n.clone()),
        value: sent.map_or(String::new(), |(_, v)| v.trim().to_string()),
        body_is: Some(is),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect()
    }

    fn labels(code: u16, pairs: &[(&str, &str)], body: &BodyKind) -> Vec<(&'static str, String)> {
        explaining(code, &h(pairs), body, false)
            .into_iter()
            .map(|e| (e.label, e.value))
            .collect()
    }

    #[test]
    fn each_header_with_the_status_it_explains() {
        let all = [
            ("Allow", "GET, POST"),
            ("WWW-Authenticate", "Bearer realm=\"api\""),
            ("Proxy-Authenticate", "Basic"),
            ("Location", "/items/7"),
            ("Retry-After", "120"),
        ];
        let e = BodyKind::Empty;
        assert_eq!(labels(405, &all, &e), [("allow", "GET, POST".into())]);
        assert_eq!(labels(401, &all, &e)[0].0, "authenticate");
        assert_eq!(labels(407, &all, &e)[0].0, "proxy auth");
        assert_eq!(labels(201, &all, &e), [("location", "/items/7".into())]);
        assert_eq!(labels(503, &all, &e), [("retry after", "120".into())]);
        assert!(labels(200, &all, &e).is_empty());
        // Read already by the rate-limit line: not twice.
        assert!(explaining(429, &h(&all), &e, true).is_empty());
    }

    #[test]
    fn deprecation_on_any_status() {
        let got = labels(
            200,
            &[
                ("Deprecation", "@1688169599"),
                ("Sunset", "Wed, 11 Nov 2026 11:11:11 GMT"),
                (
                    "Link",
                    "<https://a/next>; rel=\"next\", <https://a/deprecation>; rel=\"deprecation\"; type=\"text/html\"",
                ),
            ],
            &BodyKind::Empty,
        );
        assert_eq!(got[0], ("deprecated", "@1688169599".into()));
        assert_eq!(got[1].0, "sunset");
        assert_eq!(
            got[2],
            (
                "deprecation",
                "<https://a/deprecation>; rel=\"deprecation\"; type=\"text/html\"".into()
            )
        );
        assert_eq!(got.len(), 3);
    }

    #[test]
    fn a_content_type_the_body_contradicts() {
        let json = BodyKind::Json {
            value: serde_json::Value::Null,
            error: None,
        };
        let got = explaining(500, &h(&[("Content-Type", "text/html")]), &json, false);
        assert_eq!(got[0].body_is, Some("JSON"));
        assert!(
            explaining(
                500,
                &h(&[("Content-Type", "application/problem+json")]),
                &json,
                false
            )
            .is_empty()
        );
        let html = BodyKind::Html { title: None };
        assert_eq!(
            explaining(
                502,
                &h(&[("content-type", "application/json")]),
                &html,
                false
            )[0]
            .body_is,
            Some("HTML")
        );
        assert_eq!(explaining(400, &[], &json, false)[0].value, "");
    }
}
