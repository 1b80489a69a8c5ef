//! `resp explain`: turns what was asked (codes, classes, words, a request, or nothing) into
//! verdicts, without sending anything. With an OpenAPI description, a status also lists
//! the operations that document it, and a request (`'POST /containers/abc/start'`) names
//! its operation and its documented responses (or, with status codes, explains those for
//! it). Returns data; `render::explain` shows it.

use std::sync::Arc;

use crate::classify::{Verdict, classify};
use crate::docs::{Docs, ErrorCode, Operation, OperationLookup, StatusMatch};
use crate::exit::{Exit, Failure};
use crate::registry::REGISTRY;

/// One thing asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Query {
    /// A three-digit status code.
    Code(u16),
    /// A class, by its first digit: `4xx`.
    Class(u8),
    /// Words to find in the texts and descriptions (all of them, any case).
    Words(String),
    /// One of the API's own error codes, from the table's error-code section.
    ErrorCode(String),
    /// A request, `METHOD URL`: its operation in the descriptions.
    Request { method: String, url: String },
}

/// What the descriptions say about a request asked for.
#[derive(Debug, Clone)]
pub struct AskedRequest {
    /// As asked: `POST /containers/abc/start`.
    pub asked: String,
    /// The operation, or why there is none (its status match is for the first status).
    pub lookup: OperationLookup,
    /// The statuses asked for it, each with what the operation documents for it.
    pub statuses: Vec<(Verdict, StatusMatch)>,
}

/// How the answer is best shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    /// One card per code asked for by number.
    Cards,
    /// A table of many codes.
    List,
}

/// The answer to `resp explain …`.
#[derive(Debug, Clone)]
pub struct Explanation {
    pub verdicts: Vec<Verdict>,
    /// The API error codes asked for or found (all of them for the whole table).
    pub error_codes: Vec<ErrorCode>,
    pub view: View,
    /// For each verdict (same order), the operations whose descriptions document its code
    /// (empty without a description).
    pub operations: Vec<Vec<(Arc<Operation>, StatusMatch)>>,
    /// The requests asked for.
    pub requests: Vec<AskedRequest>,
}

impl Explanation {
    /// The exit code for `--exit-status`: the statuses combined by the contract's rule.
    pub fn exit(&self) -> Exit {
        let asked = self
            .requests
            .iter()
            .flat_map(|r| &r.statuses)
            .map(|(v, _)| v);
        Exit::combine_all(self.verdicts.iter().chain(asked).map(|v| v.exit))
    }
}

/// Reads the arguments: three digits are a status code, other digits one of the table's
/// error codes, `Nxx` a class, and each run of other arguments one search (so
/// A number that is neither a status code nor a documented error code: says where error
/// codes are explained from, and how to give them.
fn not_a_code(a: &str, docs: &Docs) -> Failure {
    const STATUS: &str =
        "status codes have three digits: 100-599 are standard, 000-099 and 600-999 nonstandard";
    let known = docs.error_codes();
    if known.is_empty() {
        return Failure::hinted(
            format!(
                "'{a}' is not a three-digit status code, and no table with API error codes was given to explain it as one"
            ),
            format!(
                "API error codes are explained from a table's error-code section (a table under a heading containing \"error code\", in the file --table or RESP_TABLE gives): resp explain --table codes.md {a}; {STATUS}"
            ),
        );
    }
    let listed: Vec<&str> = known.iter().take(12).map(|e| e.code.as_str()).collect();
    let more = if known.len() > listed.len() {
        ", …"
    } else {
        ""
    };
    Failure::hinted(
        format!(
            "'{a}' is not a three-digit status code, nor an error code the table's error-code section documents"
        ),
        format!(
            "documented error codes: {}{more}; {STATUS}",
            listed.join(", ")
        ),
    )
}

/// `explain not found` is `explain "not found"`).
pub fn parse_queries(args: &[String], docs: &Docs) -> Result<Vec<Query>, Failure> {
    let mut queries = Vec::new();
    let mut words: Vec<&str> = Vec::new();
    let flush = |words: &mut Vec<&str>, queries: &mut Vec<Query>| {
        if !words.is_empty() {
            queries.push(Query::Words(words.join(" ")));
            words.clear();
        }
    };
    let mut args = args.iter().peekable();
    while let Some(arg) = args.next() {
        let a = arg.trim();
        // `POST /path` as one argument or two.
        let request = match a.split_once(char::is_whitespace) {
            Some((m, url)) if is_method(m) && looks_like_url(url.trim()) => {
                Some((m, url.trim().to_string()))
            }
            None if is_method(a) && args.peek().is_some_and(|n| looks_like_url(n.trim())) => {
                args.next().map(|url| (a, url.trim().to_string()))
            }
            _ => None,
        };
        if let Some((method, url)) = request {
            flush(&mut words, &mut queries);
            queries.push(Query::Request {
                method: method.to_string(),
                url,
            });
            continue;
        }
        let digits = a.strip_prefix(['-', '+']).unwrap_or(a);
        if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
            flush(&mut words, &mut queries);
            if a.len() != 3 && docs.error_code(a).is_some() {
                queries.push(Query::ErrorCode(a.to_string()));
                continue;
            }
            if digits.len() != 3 || a.len() != 3 {
                return Err(not_a_code(a, docs));
            }
            queries.push(Query::Code(digits.parse().unwrap_or_default()));
            // An API error code may have three digits too: then both meanings are shown.
            if docs.error_code(a).is_some() {
                queries.push(Query::ErrorCode(a.to_string()));
            }
        } else if a.len() == 3
            && a.as_bytes()[0].is_ascii_digit()
            && a[1..].eq_ignore_ascii_case("xx")
        {
            flush(&mut words, &mut queries);
            queries.push(Query::Class(a.as_bytes()[0] - b'0'));
        } else if a.is_empty() {
            // `resp explain "$code"` with an empty variable must not explain everything.
            return Err(Failure::hinted(
                "an empty query",
                "give a status code (420), a class (4xx) or words to search for",
            ));
        } else {
            words.push(a);
        }
    }
    flush(&mut words, &mut queries);
    Ok(queries)
}

/// An HTTP method as people write it in a request line: upper case.
fn is_method(word: &str) -> bool {
    matches!(
        word,
        "GET" | "PUT" | "POST" | "DELETE" | "PATCH" | "HEAD" | "OPTIONS" | "TRACE" | "QUERY"
    )
}

fn looks_like_url(word: &str) -> bool {
    !word.contains(char::is_whitespace) && (word.starts_with('/') || word.contains("://"))
}

/// `--exit-status` answers for status codes only: a class, words or the whole table have
/// no single status to exit with.
pub fn check_exit_status(queries: &[Query]) -> Result<(), Failure> {
    // A three-digit API error code rides along with its status code; both are fine.
    let codes_only = queries.iter().all(|q| {
        matches!(
            q,
            Query::Code(_) | Query::ErrorCode(_) | Query::Request { .. }
        )
    });
    if !codes_only || !queries.iter().any(|q| matches!(q, Query::Code(_))) {
        return Err(Failure::usage(
            "--exit-status takes status codes (420), not classes, words or nothing",
            "resp explain --exit-status \"$(curl -s -o /dev/null -w '%{http_code}' URL)\"",
        ));
    }
    Ok(())
}

/// Answers `queries` from `table` (with the standard registry where `all` asks, or where
/// the table has nothing to say).
pub fn explain(queries: &[Query], docs: &Docs, all: bool) -> Result<Explanation, Failure> {
    let asked: Vec<(&str, &str)> = queries
        .iter()
        .filter_map(|q| match q {
            Query::Request { method, url } => Some((method.as_str(), url.as_str())),
            _ => None,
        })
        .collect();
    if !asked.is_empty() {
        return explain_requests(&asked, queries, docs);
    }
    let by_code = |q: &Query| matches!(q, Query::Code(_) | Query::ErrorCode(_));
    let view = if !queries.is_empty() && queries.iter().all(by_code) {
        View::Cards
    } else {
        View::List
    };
    let mut codes: Vec<u16> = Vec::new();
    let mut error_codes: Vec<ErrorCode> = Vec::new();
    if queries.is_empty() {
        codes = candidates(docs, all, |_| true);
        error_codes = docs.error_codes().into_iter().cloned().collect();
    }
    for query in queries {
        let found = match query {
            Query::Code(code) => vec![*code],
            Query::ErrorCode(code) => {
                error_codes.extend(docs.error_code(code).cloned());
                Vec::new()
            }
            Query::Request { .. } => Vec::new(),
            Query::Class(digit) => {
                let in_class = |code: u16| code / 100 == u16::from(*digit);
                let found = candidates(docs, all, in_class);
                if found.is_empty() {
                    return Err(Failure::hinted(
                        format!("no known codes in {digit}xx"),
                        "only 1xx-5xx are standard classes; resp explain 999 explains a nonstandard code",
                    ));
                }
                found
            }
            Query::Words(words) => {
                let found = search(docs, words);
                let errors = search_error_codes(docs, words);
                if found.is_empty() && errors.is_empty() {
                    return Err(Failure::hinted(
                        format!("no status matches '{words}'"),
                        "try a code (420), a class (4xx), or resp explain --all to list every code",
                    ));
                }
                for e in errors {
                    if !error_codes.contains(&e) {
                        error_codes.push(e);
                    }
                }
                found
            }
        };
        for code in found {
            if !codes.contains(&code) {
                codes.push(code);
            }
        }
    }
    let verdicts: Vec<Verdict> = codes
        .into_iter()
        .map(|c| {
            if c == 0 {
                crate::classify::no_response()
            } else {
                classify(c, docs)
            }
        })
        .collect();
    let operations = verdicts
        .iter()
        .map(|v| docs.operations_documenting(v.code))
        .collect();
    Ok(Explanation {
        verdicts,
        error_codes,
        view,
        operations,
        requests: Vec::new(),
    })
}

/// Requests asked for, with the status codes asked beside them (the same for each).
fn explain_requests(
    asked: &[(&str, &str)],
    queries: &[Query],
    docs: &Docs,
) -> Result<Explanation, Failure> {
    if docs.descriptions().is_empty() {
        return Err(Failure::hinted(
            "a request is explained from an OpenAPI description, and none was given",
            "resp explain --table api.yaml 'POST /containers/abc/start'",
        ));
    }
    if queries
        .iter()
        .any(|q| !matches!(q, Query::Code(_) | Query::Request { .. }))
    {
        return Err(Failure::hinted(
            "only status codes go with a request, not classes, words or error codes",
            "resp explain --table api.yaml 'POST /containers/abc/start' 304",
        ));
    }
    let codes: Vec<u16> = queries
        .iter()
        .filter_map(|q| match q {
            Query::Code(c) => Some(*c),
            _ => None,
        })
        .collect();
    let requests = asked
        .iter()
        .map(|&(method, url)| {
            let lookup = docs.operation(Some((method, url)), codes.first().copied().unwrap_or(0));
            let statuses = match lookup.matched() {
                Some((op, _)) => codes
                    .iter()
                    .map(|&c| (classify(c, docs), op.status(c)))
                    .collect(),
                None => Vec::new(),
            };
            match &lookup {
                OperationLookup::NoMatch(why) => Err(Failure::hinted(
                    format!("{method} {url}: no operation documented for it: {why}"),
                    "the path is matched under the description's servers, or as it stands",
                )),
                _ => Ok(AskedRequest {
                    asked: format!("{method} {url}"),
                    lookup,
                    statuses,
                }),
            }
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Explanation {
        verdicts: Vec::new(),
        error_codes: Vec::new(),
        view: View::Cards,
        operations: Vec::new(),
        requests,
    })
}

/// Documented codes (by a table or an operation) passing `keep`, plus standard ones when `all` asks or no documented
/// code passes; sorted.
fn candidates(docs: &Docs, all: bool, keep: impl Fn(u16) -> bool) -> Vec<u16> {
    let mut codes: Vec<u16> = docs
        .documented_codes()
        .into_iter()
        .filter(|&c| keep(c))
        .collect();
    if all || codes.is_empty() {
        codes.extend(
            REGISTRY
                .iter()
                .map(|s| s.code)
                .filter(|&c| keep(c) && docs.status(c).is_none()),
        );
        codes.sort_unstable();
    }
    codes
}

/// Codes whose text, description or hints hold every word, documented ones and the
/// registry's alike (the registry's are marked where they are listed).
fn search(docs: &Docs, words: &str) -> Vec<u16> {
    let wanted = stems(words);
    let matches = |code: u16| {
        let v = classify(code, docs);
        let mut hay = stems(&v.text);
        hay.extend(stems(&v.description));
        for hint in &v.hints {
            hay.extend(stems(hint));
        }
        wanted.iter().all(|w| hay.contains(w))
    };
    candidates(docs, true, matches)
}

/// The table's error codes whose code is `words`, or whose texts hold every word.
fn search_error_codes(docs: &Docs, words: &str) -> Vec<ErrorCode> {
    let wanted = stems(words);
    docs.error_codes()
        .into_iter()
        .filter(|e| {
            let mut hay = stems(&e.text);
            hay.extend(stems(&e.description));
            e.code.eq_ignore_ascii_case(words.trim()) || wanted.iter().all(|w| hay.contains(w))
        })
        .cloned()
        .collect()
}

/// The words of `text`, lower-cased and cut to a rough stem, so that a search matches
/// whole words ("foo" is not in "April-fools") in their usual forms ("cache" finds
/// "cached" and "caching", "limit" finds "limited").
fn stems(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| stem(&w.to_lowercase()))
        .collect()
}

fn stem(word: &str) -> String {
    if let Some(base) = word.strip_suffix("ies").filter(|b| b.len() >= 3) {
        return format!("{base}y");
    }
    for suffix in ["ing", "ed", "es", "s", "e", "d"] {
        if let Some(base) = word.strip_suffix(suffix).filter(|b| b.len() >= 3) {
            return base.to_string();
        }
    }
    word.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(args: &[&str]) -> Vec<Query> {
        parse_queries(
            &args.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
            &Docs::embedded(),
        )
        .unwrap()
    }

    fn codes(args: &[&str], all: bool) -> Vec<u16> {
        explain(&q(args), &Docs::embedded(), all)
            .unwrap()
            .verdicts
            .iter()
            .map(|v| v.code)
            .collect()
    }

    #[test]
    fn arguments_become_queries() {
        assert_eq!(
            q(&["420", "4xx", "5XX"]),
            [Query::Code(420), Query::Class(4), Query::Class(5)]
        );
        assert_eq!(q(&["not", "found"]), [Query::Words("not found".into())]);
        assert_eq!(
            q(&["rate", "420", "gone"]),
            [
                Query::Words("rate".into()),
                Query::Code(420),
                Query::Words("gone".into())
            ]
        );
        assert_eq!(q(&["007"]), [Query::Code(7)]);
        for bad in ["42", "99999", "-42", "+420", "2000"] {
            let args = vec![bad.to_string()];
            assert!(parse_queries(&args, &Docs::embedded()).is_err(), "{bad}");
        }
    }

    #[test]
    fn classes_list_documented_codes() {
        assert_eq!(
            codes(&["4xx"], false),
            [400, 401, 403, 404, 405, 406, 410, 420, 422, 429]
        );
        // No documented 1xx: the standard ones stand in.
        assert_eq!(codes(&["1xx"], false), [100, 101, 102, 103]);
        assert!(codes(&["4xx"], true).contains(&418));
        assert!(explain(&q(&["7xx"]), &Docs::embedded(), false).is_err());
    }

    #[test]
    fn words_search_text_and_description() {
        assert_eq!(codes(&["rate"], false), [420, 429]);
        assert_eq!(codes(&["NOT", "FOUND"], false), [404]);
        assert_eq!(codes(&["teapot"], false), [418]);
        assert!(explain(&q(&["zebra"]), &Docs::embedded(), false).is_err());
        // Whole words, in their usual forms; the registry's codes and the hints too.
        assert!(explain(&q(&["foo"]), &Docs::embedded(), false).is_err());
        assert!(codes(&["timeout"], false).contains(&408));
        assert!(codes(&["cache"], false).contains(&304));
        assert!(codes(&["caching"], false).contains(&304));
        assert_eq!(codes(&["rate", "limited"], false), [420, 429]);
    }

    #[test]
    fn the_tables_error_codes_are_explained() {
        let table = crate::docs::Table::parse(
            "Code | Text\n--- | ---\n420 | Calm\n\n## Error codes\n\nCode | Text | Description\n--- | --- | ---\n88 | Rate limit exceeded | Slow down\n32 | Could not authenticate you | Bad token\n",
            "t.md",
            crate::docs::Format::Markdown,
        )
        .unwrap();
        let table = Docs::of_tables(vec![table]);
        let args = |a: &[&str]| a.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let queries = parse_queries(&args(&["88"]), &table).unwrap();
        assert_eq!(queries, [Query::ErrorCode("88".into())]);
        let e = explain(&queries, &table, false).unwrap();
        assert_eq!(
            (e.view, e.verdicts.len(), e.error_codes.len()),
            (View::Cards, 0, 1)
        );
        let e = explain(
            &parse_queries(&args(&["authenticate"]), &table).unwrap(),
            &table,
            false,
        )
        .unwrap();
        assert_eq!(e.error_codes[0].code, "32");
        assert!(parse_queries(&args(&["99"]), &table).is_err());
        let whole = explain(&[], &table, false).unwrap();
        assert_eq!(whole.error_codes.len(), 2);
    }

    #[test]
    fn nothing_asked_lists_the_table() {
        assert_eq!(codes(&[], false).len(), 19);
        assert!(codes(&[], true).len() > 60);
    }

    #[test]
    fn duplicates_are_shown_once_and_view_follows_queries() {
        assert_eq!(codes(&["420", "420", "429"], false), [420, 429]);
        let e = explain(&q(&["420"]), &Docs::embedded(), false).unwrap();
        assert_eq!(e.view, View::Cards);
        let e = explain(&q(&["420", "rate"]), &Docs::embedded(), false).unwrap();
        assert_eq!(e.view, View::List);
    }
}
