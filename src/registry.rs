//! The IANA HTTP status code registry: the fallback for codes the documented table does
//! not list. Reason phrases are the registry's (RFC 9110 and the RFCs it cites); meanings
//! are one line each. Static data only, so nothing is built at start-up.

/// One registered status: code, standard reason phrase, one-line meaning.
pub struct Standard {
    pub code: u16,
    pub text: &'static str,
    pub description: &'static str,
}

const fn s(code: u16, text: &'static str, description: &'static str) -> Standard {
    Standard {
        code,
        text,
        description,
    }
}

/// Every registered code, sorted by code (a test checks the order).
pub static REGISTRY: &[Standard] = &[
    s(
        100,
        "Continue",
        "The server has received the request headers; the client should send the body.",
    ),
    s(
        101,
        "Switching Protocols",
        "The server is switching to the protocol the client asked for in Upgrade.",
    ),
    s(
        102,
        "Processing",
        "The server has accepted the request and is still working on it (WebDAV).",
    ),
    s(
        103,
        "Early Hints",
        "Headers the client may act on (preload links) before the final response.",
    ),
    s(200, "OK", "The request succeeded."),
    s(
        201,
        "Created",
        "The request succeeded and a new resource was created.",
    ),
    s(
        202,
        "Accepted",
        "The request was accepted for processing, which has not finished.",
    ),
    s(
        203,
        "Non-Authoritative Information",
        "Success, but a proxy transformed the origin's response.",
    ),
    s(
        204,
        "No Content",
        "The request succeeded and there is no body to return.",
    ),
    s(
        205,
        "Reset Content",
        "The request succeeded; the client should reset the document view.",
    ),
    s(
        206,
        "Partial Content",
        "The server is returning only the requested range of the resource.",
    ),
    s(
        207,
        "Multi-Status",
        "The body holds separate statuses for several resources (WebDAV).",
    ),
    s(
        208,
        "Already Reported",
        "These members were already listed earlier in this response (WebDAV).",
    ),
    s(
        226,
        "IM Used",
        "The response is the result of instance manipulations on the resource.",
    ),
    s(
        300,
        "Multiple Choices",
        "The resource has several representations; the client should pick one.",
    ),
    s(
        301,
        "Moved Permanently",
        "The resource has a new permanent URL, given in Location.",
    ),
    s(
        302,
        "Found",
        "The resource is temporarily at the URL given in Location.",
    ),
    s(
        303,
        "See Other",
        "The answer is at the URL in Location, to be fetched with GET.",
    ),
    s(
        304,
        "Not Modified",
        "The client's cached copy is still current; no body is sent.",
    ),
    s(
        305,
        "Use Proxy",
        "Deprecated: the resource must be accessed through a proxy.",
    ),
    s(306, "(Unused)", "Reserved; no longer used."),
    s(
        307,
        "Temporary Redirect",
        "Repeat the request at the URL in Location, with the same method and body.",
    ),
    s(
        308,
        "Permanent Redirect",
        "The resource moved for good; repeat with the same method and body.",
    ),
    s(
        400,
        "Bad Request",
        "The server cannot process the request because it is malformed.",
    ),
    s(
        401,
        "Unauthorized",
        "The request lacks valid authentication credentials.",
    ),
    s(
        402,
        "Payment Required",
        "Reserved for future use; some APIs use it for billing problems.",
    ),
    s(
        403,
        "Forbidden",
        "The server understood the request but refuses to fulfil it.",
    ),
    s(404, "Not Found", "The server has no resource at this URL."),
    s(
        405,
        "Method Not Allowed",
        "The resource does not support this HTTP method.",
    ),
    s(
        406,
        "Not Acceptable",
        "No representation matches the request's Accept headers.",
    ),
    s(
        407,
        "Proxy Authentication Required",
        "The client must authenticate with the proxy first.",
    ),
    s(
        408,
        "Request Timeout",
        "The server gave up waiting for the complete request.",
    ),
    s(
        409,
        "Conflict",
        "The request conflicts with the current state of the resource.",
    ),
    s(
        410,
        "Gone",
        "The resource is permanently gone and will not come back.",
    ),
    s(
        411,
        "Length Required",
        "The server requires a Content-Length header.",
    ),
    s(
        412,
        "Precondition Failed",
        "A precondition in the request headers (If-Match, ...) was false.",
    ),
    s(
        413,
        "Content Too Large",
        "The request body is larger than the server will accept.",
    ),
    s(
        414,
        "URI Too Long",
        "The request URL is longer than the server will process.",
    ),
    s(
        415,
        "Unsupported Media Type",
        "The server does not accept the request body's media type.",
    ),
    s(
        416,
        "Range Not Satisfiable",
        "The requested range lies outside the resource.",
    ),
    s(
        417,
        "Expectation Failed",
        "The server cannot meet the request's Expect header.",
    ),
    s(
        418,
        "I'm a teapot",
        "Reserved as (Unused) by RFC 9110; from the April-fools RFC 2324, sent by some servers as a joke or to refuse bots.",
    ),
    s(
        421,
        "Misdirected Request",
        "The request reached a server that cannot answer for this host.",
    ),
    s(
        422,
        "Unprocessable Content",
        "The request is well-formed but its content is semantically invalid.",
    ),
    s(423, "Locked", "The resource is locked (WebDAV)."),
    s(
        424,
        "Failed Dependency",
        "The request failed because an earlier request it depends on failed (WebDAV).",
    ),
    s(
        425,
        "Too Early",
        "The server will not risk processing a request that might be replayed.",
    ),
    s(
        426,
        "Upgrade Required",
        "The client must switch to the protocol given in Upgrade.",
    ),
    s(
        428,
        "Precondition Required",
        "The server requires a conditional request (If-Match, ...).",
    ),
    s(
        429,
        "Too Many Requests",
        "The client sent too many requests in a given time: rate limited.",
    ),
    s(
        431,
        "Request Header Fields Too Large",
        "The request's headers are too large.",
    ),
    s(
        451,
        "Unavailable For Legal Reasons",
        "The resource is withheld because of a legal demand.",
    ),
    s(
        500,
        "Internal Server Error",
        "The server hit an unexpected condition.",
    ),
    s(
        501,
        "Not Implemented",
        "The server does not support the functionality required.",
    ),
    s(
        502,
        "Bad Gateway",
        "A gateway or proxy got an invalid response from the upstream server.",
    ),
    s(
        503,
        "Service Unavailable",
        "The server is temporarily overloaded or down for maintenance.",
    ),
    s(
        504,
        "Gateway Timeout",
        "A gateway or proxy did not get a timely response from upstream.",
    ),
    s(
        505,
        "HTTP Version Not Supported",
        "The server does not support the request's HTTP version.",
    ),
    s(
        506,
        "Variant Also Negotiates",
        "The server's content negotiation is misconfigured.",
    ),
    s(
        507,
        "Insufficient Storage",
        "The server cannot store what it needs to complete the request (WebDAV).",
    ),
    s(
        508,
        "Loop Detected",
        "The server found an infinite loop while processing the request (WebDAV).",
    ),
    s(
        510,
        "Not Extended",
        "Historic: further extensions to the request are required.",
    ),
    s(
        511,
        "Network Authentication Required",
        "The client must authenticate to gain network access (captive portal).",
    ),
];

/// The registered status for `code`, if any.
pub fn lookup(code: u16) -> Option<&'static Standard> {
    REGISTRY
        .binary_search_by_key(&code, |s| s.code)
        .ok()
        .map(|i| &REGISTRY[i])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_is_sorted_and_unique() {
        assert!(REGISTRY.windows(2).all(|w| w[0].code < w[1].code));
    }

    #[test]
    fn registry_holds_every_registered_range() {
        let ranges: &[(u16, u16)] = &[
            (100, 103),
            (200, 208),
            (226, 226),
            (300, 308),
            (400, 418),
            (421, 426),
            (428, 429),
            (431, 431),
            (451, 451),
            (500, 508),
            (510, 511),
        ];
        let expected: Vec<u16> = ranges.iter().flat_map(|&(a, b)| a..=b).collect();
        let got: Vec<u16> = REGISTRY.iter().map(|s| s.code).collect();
        assert_eq!(got, expected);
    }

    #[test]
    fn lookup_finds_and_misses() {
        assert_eq!(
            lookup(451).map(|s| s.text),
            Some("Unavailable For Legal Reasons")
        );
        assert!(lookup(420).is_none());
        assert!(lookup(999).is_none());
    }
}
