//! Which entries of a HAR a person asked to see (`--failing`, `--status 4xx,503`,
//! `--url TEXT`, `--method POST`): a pure test on a judged [`Report`]. Entries left out
//! are neither listed nor counted, and do not weigh on the exit code; `--failing` alone
//! narrows the view only (the exit code still weighs every entry).

use crate::classify::Expect;
use crate::report::Report;

/// The entry filters given; the default keeps every entry.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// Only the entries the exit code counts as failures.
    pub failing: bool,
    /// Only these statuses (codes and classes); empty: any. An entry without a response
    /// has none, so a status filter leaves it out.
    pub status: Vec<Expect>,
    /// Only URLs containing this text (as written, any case).
    pub url: Option<String>,
    /// Only this method (any case).
    pub method: Option<String>,
}

impl Filter {
    /// True when no filter was given.
    pub fn is_empty(&self) -> bool {
        *self == Filter::default()
    }

    /// True when the entry `report` is to be shown.
    pub fn keeps(&self, report: &Report) -> bool {
        if self.failing && !report.is_failing() {
            return false;
        }
        if !self.status.is_empty() {
            let Some(v) = &report.verdict else {
                return false;
            };
            if !self.status.iter().any(|e| e.matches(v.code)) {
                return false;
            }
        }
        let request = report.response.request.as_ref();
        if let Some(text) = &self.url {
            let url = request.map_or("", |r| r.url.as_str());
            if !url.to_lowercase().contains(&text.to_lowercase()) {
                return false;
            }
        }
        if let Some(method) = &self.method {
            let sent = request.map_or("", |r| r.method.as_str());
            if !sent.eq_ignore_ascii_case(method.trim()) {
                return false;
            }
        }
        true
    }

    /// What the filters are, for a person: `--failing, --status 4xx`.
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if self.failing {
            parts.push("--failing".to_string());
        }
        if !self.status.is_empty() {
            let list: Vec<String> = self
                .status
                .iter()
                .map(|e| match e {
                    Expect::Code(c) => format!("{c:03}"),
                    Expect::Class(d) => format!("{d}xx"),
                })
                .collect();
            parts.push(format!("--status {}", list.join(",")));
        }
        if let Some(url) = &self.url {
            parts.push(format!("--url {url}"));
        }
        if let Some(method) = &self.method {
            parts.push(format!("--method {method}"));
        }
        parts.join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::docs::Docs;
    use crate::report::judge;
    use crate::source::{Request, Response};

    fn report(status: u16, method: &str, url: &str) -> Report {
        let response = Response {
            status,
            request: Some(Request {
                method: method.into(),
                url: url.into(),
                ..Request::default()
            }),
            ..Response::default()
        };
        judge(
            response,
            &Docs::embedded(),
            &[],
            false,
            crate::config::clock(),
        )
    }

    #[test]
    fn each_filter_narrows() {
        let ok = report(200, "GET", "http://a/Users/1");
        let gone = report(404, "POST", "http://a/items");
        let all = Filter::default();
        assert!(all.is_empty() && all.keeps(&ok) && all.keeps(&gone));
        let failing = Filter {
            failing: true,
            ..Filter::default()
        };
        assert!(!failing.keeps(&ok) && failing.keeps(&gone));
        let status = Filter {
            status: vec![Expect::Class(4), Expect::Code(503)],
            ..Filter::default()
        };
        assert!(!status.keeps(&ok) && status.keeps(&gone));
        let url = Filter {
            url: Some("users".into()),
            ..Filter::default()
        };
        assert!(url.keeps(&ok) && !url.keeps(&gone));
        let method = Filter {
            method: Some("post".into()),
            ..Filter::default()
        };
        assert!(!method.keeps(&ok) && method.keeps(&gone));
        assert_eq!(status.describe(), "--status 4xx,503");
    }
}
