//! The server's reason phrase against the text a status is known by. Reason phrases
//! carry no meaning (RFC 9110 §15), and servers spell them their own way: `Method not
//! allowed`, `Gateway Time-out`, `Request Entity Too Large` where the registry says
//! `Content Too Large`. Only a phrase that says something else is worth showing apart;
//! one that differs in case, spaces or punctuation is the same words.

/// True when `a` and `b` are the same words, whatever their case, spacing and
/// punctuation (`-`, `_`, `.`, `,`): `Gateway Time-out` and `Gateway Timeout`, `Method not allowed` and
/// `Method Not Allowed`.
pub fn same_words(a: &str, b: &str) -> bool {
    let letters = |s: &str| {
        s.chars()
            // Spaces and word punctuation only: a control character hidden in a phrase
            // is something else, and is shown.
            .filter(|c| !matches!(c, ' ' | '\t' | '-' | '_' | '.' | ','))
            .flat_map(char::to_lowercase)
            .collect::<String>()
    };
    letters(a) == letters(b)
}

/// The text to headline a status with: the server's own phrase when the known text is
/// only a case variant of the registry's (`Method not allowed` documented, `Method Not
/// Allowed` registered) and the server sent those same words; else the known text.
pub fn headline_text<'a>(
    known: &'a str,
    registered: Option<&str>,
    sent: Option<&'a str>,
) -> &'a str {
    let sent = sent.map(str::trim).filter(|s| !s.is_empty());
    match (registered, sent) {
        (Some(registered), Some(sent))
            if known != registered
                && known.eq_ignore_ascii_case(registered)
                && same_words(sent, known) =>
        {
            sent
        }
        _ => known,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_spacing_and_punctuation_are_the_same_words() {
        assert!(same_words("Method not allowed", "Method Not Allowed"));
        assert!(same_words("Gateway Time-out", "Gateway Timeout"));
        assert!(same_words(" OK ", "ok"));
        assert!(!same_words("Not Allowed", "Method Not Allowed"));
        assert!(!same_words("Chill Out", "Enhance Your Calm"));
        assert!(!same_words("", "OK"));
        assert!(!same_words("Not\0Found", "Not Found"));
        assert!(!same_words("Not\u{202e}Found", "Not Found"));
    }

    #[test]
    fn the_servers_phrase_headlines_a_lower_case_variant() {
        let registered = Some("Method Not Allowed");
        assert_eq!(
            headline_text("Method not allowed", registered, Some("Method Not Allowed")),
            "Method Not Allowed"
        );
        // The documented text is the registry's: it stays.
        assert_eq!(
            headline_text("Method Not Allowed", registered, Some("method not allowed")),
            "Method Not Allowed"
        );
        // Other words, or none: the known text.
        assert_eq!(
            headline_text("Method not allowed", registered, Some("Nope")),
            "Method not allowed"
        );
        assert_eq!(
            headline_text("Method not allowed", registered, None),
            "Method not allowed"
        );
        assert_eq!(
            headline_text("Enhance Your Calm", None, Some("enhance your calm")),
            "Enhance Your Calm"
        );
    }
}
