//! An HTML page's `<title>`: found in any case, entities decoded, whitespace collapsed,
//! read up to a bounded length.

/// Longest `<title>` content we read, in bytes: a title is a line, not a document.
const MAX_TITLE_BYTES: usize = 4096;

/// The first `<title>`'s text: entities decoded, whitespace collapsed, None if blank.
pub(super) fn html_title(html: &[u8]) -> Option<String> {
    let mut rest = html;
    let content = loop {
        let at = find_ignore_case(rest, b"<title")?;
        rest = &rest[at + b"<title".len()..];
        // `<title>` or `<title lang=en>`, not `<titles>`.
        match rest.first() {
            Some(b'>') => break &rest[1..],
            Some(b) if b.is_ascii_whitespace() => {
                let close = rest.iter().position(|&b| b == b'>')?;
                break &rest[close + 1..];
            }
            _ => continue,
        }
    };
    let end = find_ignore_case(content, b"</title").unwrap_or(content.len());
    let raw = &content[..end.min(MAX_TITLE_BYTES)];
    let decoded = decode_entities(&String::from_utf8_lossy(raw));
    let title = decoded.split_whitespace().collect::<Vec<_>>().join(" ");
    (!title.is_empty()).then_some(title)
}

fn find_ignore_case(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

/// The entities titles use: the five XML ones, `&nbsp;`, and numeric references. Anything
/// else stays as written.
fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        // Names are short: look for the `;` nearby only, so stray `&`s cost nothing.
        let entity = rest.as_bytes()[1..]
            .iter()
            .take(11)
            .position(|&b| b == b';')
            .map(|semi| &rest[1..1 + semi]);
        match entity.and_then(entity_char) {
            Some((c, name)) => {
                out.push(c);
                rest = &rest[name.len() + 2..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn entity_char(name: &str) -> Option<(char, &str)> {
    let c = match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        _ => {
            let number = name.strip_prefix('#')?;
            let code = match number.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => number.parse().ok()?,
            };
            // HTML maps NUL to the replacement character.
            match code {
                0 => char::REPLACEMENT_CHARACTER,
                _ => char::from_u32(code)?,
            }
        }
    };
    Some((c, name))
}

#[cfg(test)]
mod tests {
    use crate::inspect::error_body::{BodyKind, inspect_body};

    #[test]
    fn html_title() {
        let page = b"<!DOCTYPE html>\n<html><head><TITLE lang=en>\n  502 Bad\n\tGateway &amp; &lt;co&gt; &#8212; &#x41;&nbsp;x &bogus; &</title></head></html>";
        assert_eq!(
            inspect_body(page, None),
            BodyKind::Html {
                title: Some("502 Bad Gateway & <co> \u{2014} A x &bogus; &".into())
            }
        );
        assert_eq!(
            inspect_body(b"<p>no title here</p><titles>x</titles>", Some("text/html")),
            BodyKind::Html { title: None }
        );
        assert_eq!(
            inspect_body(b"  <html><title>   </title>", None),
            BodyKind::Html { title: None }
        );
        assert_eq!(
            inspect_body(b"<html><title>Unclosed \xe2\x80\x94 ti", None),
            BodyKind::Html {
                title: Some("Unclosed \u{2014} ti".into())
            }
        );
        // An XML document is not HTML.
        assert!(matches!(
            inspect_body(b"<?xml version=\"1.0\"?><a/>", Some("application/xml")),
            BodyKind::Text { .. }
        ));
    }
}
