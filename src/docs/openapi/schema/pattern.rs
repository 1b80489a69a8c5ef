//! The `pattern` keyword's regular expressions, matched without backtracking: a pattern
//! is compiled to a small NFA and run as a set of states over the text (Thompson's
//! construction), so a match costs at most the text's length times the pattern's size,
//! whatever the pattern (no `(a+)+$` blow-up on a hostile body).
//!
//! The subset read is what published descriptions write: literals, `.`, classes
//! (`[a-z0-9_-]`, `[^…]`, `\d \w \s` and their negations), groups (`(…)`, `(?:…)`),
//! alternation, `* + ?`, `{n}`, `{n,}`, `{n,m}` (lazy forms match the same texts) and
//! the anchors `^`, `$`. A pattern outside it (look-around, back-references, `\b`,
//! `\p{…}`, flags) or larger than [`MAX_STATES`] is not compiled, and the check says it
//! was not checked rather than guess. As JSON Schema says, a pattern is not anchored:
//! it matches anywhere in the text unless it says `^`/`$`.

/// States of a compiled pattern: past this, it is not checked.
pub const MAX_STATES: usize = 4096;

/// Counted repetitions beyond this (`{1,100000}`) are not compiled.
const MAX_REPEAT: u32 = 1000;

#[derive(Debug, Clone)]
enum Class {
    /// Ranges, and whether the class is negated.
    Set(Vec<(char, char)>, bool),
    Any,
}

impl Class {
    fn matches(&self, c: char) -> bool {
        match self {
            Class::Any => c != '\n' && c != '\r',
            Class::Set(ranges, negated) => {
                ranges.iter().any(|&(lo, hi)| lo <= c && c <= hi) != *negated
            }
        }
    }
}

/// A parsed pattern.
#[derive(Debug, Clone)]
enum Node {
    Char(Class),
    Start,
    End,
    Concat(Vec<Node>),
    Alt(Vec<Node>),
    Repeat(Box<Node>, u32, Option<u32>),
}

#[derive(Debug, Clone)]
enum State {
    Char(Class, usize),
    Split(usize, usize),
    Jump(usize),
    Start(usize),
    End(usize),
    Match,
}

/// A compiled pattern.
#[derive(Debug, Clone)]
pub struct Pattern {
    states: Vec<State>,
    start: usize,
}

impl Pattern {
    /// Compiles `source`; `None` when it is outside the subset read.
    pub fn new(source: &str) -> Option<Pattern> {
        let chars: Vec<char> = source.chars().collect();
        let mut p = Parser { chars, at: 0 };
        let node = p.alt(0)?;
        if p.at != p.chars.len() {
            return None;
        }
        let mut states = Vec::new();
        let start = compile(&node, &mut states, usize::MAX)?;
        let end = states.len();
        states.push(State::Match);
        patch(&mut states, end);
        Some(Pattern { states, start })
    }

    /// True when the pattern matches somewhere in `text`.
    pub fn is_match(&self, text: &str) -> bool {
        let chars: Vec<char> = text.chars().collect();
        let mut current: Vec<usize> = Vec::new();
        let mut on = vec![false; self.states.len()];
        for i in 0..=chars.len() {
            // Unanchored: a match may start at every position.
            self.add(self.start, i, chars.len(), &mut current, &mut on);
            if current
                .iter()
                .any(|&s| matches!(self.states[s], State::Match))
            {
                return true;
            }
            let Some(&c) = chars.get(i) else { break };
            let mut next = Vec::new();
            let mut next_on = vec![false; self.states.len()];
            for &s in &current {
                if let State::Char(class, to) = &self.states[s]
                    && class.matches(c)
                {
                    self.add(*to, i + 1, chars.len(), &mut next, &mut next_on);
                }
            }
            current = next;
            on = next_on;
        }
        false
    }

    /// Adds `s` and the states reachable from it without reading, at position `i`.
    fn add(&self, s: usize, i: usize, len: usize, list: &mut Vec<usize>, on: &mut [bool]) {
        let mut todo = vec![s];
        while let Some(s) = todo.pop() {
            if on[s] {
                continue;
            }
            on[s] = true;
            match self.states[s] {
                State::Split(a, b) => {
                    todo.push(b);
                    todo.push(a);
                }
                State::Jump(to) => todo.push(to),
                State::Start(to) if i == 0 => todo.push(to),
                State::End(to) if i == len => todo.push(to),
                State::Start(_) | State::End(_) => {}
                State::Char(..) | State::Match => list.push(s),
            }
        }
    }
}

/// Compiles `node` so that it continues to `next` (`usize::MAX`: patched later); returns
/// its entry state.
fn compile(node: &Node, states: &mut Vec<State>, next: usize) -> Option<usize> {
    if states.len() > MAX_STATES {
        return None;
    }
    Some(match node {
        Node::Char(class) => {
            states.push(State::Char(class.clone(), next));
            states.len() - 1
        }
        Node::Start => {
            states.push(State::Start(next));
            states.len() - 1
        }
        Node::End => {
            states.push(State::End(next));
            states.len() - 1
        }
        Node::Concat(parts) => {
            let mut to = next;
            for part in parts.iter().rev() {
                to = compile(part, states, to)?;
            }
            if parts.is_empty() {
                states.push(State::Jump(next));
                return Some(states.len() - 1);
            }
            to
        }
        Node::Alt(parts) => {
            let mut entry = compile(parts.last()?, states, next)?;
            for part in parts.iter().rev().skip(1) {
                let this = compile(part, states, next)?;
                states.push(State::Split(this, entry));
                entry = states.len() - 1;
            }
            entry
        }
        Node::Repeat(inner, min, max) => {
            let mut to = next;
            match max {
                None => {
                    // A loop: split to the body (which jumps back) or on.
                    states.push(State::Split(usize::MAX, next));
                    let split = states.len() - 1;
                    let body = compile(inner, states, split)?;
                    states[split] = State::Split(body, next);
                    to = split;
                }
                Some(max) => {
                    for _ in *min..*max {
                        let body = compile(inner, states, to)?;
                        states.push(State::Split(body, next));
                        to = states.len() - 1;
                    }
                }
            }
            for _ in 0..*min {
                to = compile(inner, states, to)?;
            }
            to
        }
    })
}

/// Points every dangling `usize::MAX` at `end`.
fn patch(states: &mut [State], end: usize) {
    let fix = |t: &mut usize| {
        if *t == usize::MAX {
            *t = end;
        }
    };
    for s in states {
        match s {
            State::Char(_, t) | State::Jump(t) | State::Start(t) | State::End(t) => fix(t),
            State::Split(a, b) => {
                fix(a);
                fix(b);
            }
            State::Match => {}
        }
    }
}

struct Parser {
    chars: Vec<char>,
    at: usize,
}

impl Parser {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    fn alt(&mut self, depth: usize) -> Option<Node> {
        if depth > 32 {
            return None;
        }
        let mut parts = vec![self.concat(depth)?];
        while self.peek() == Some('|') {
            self.at += 1;
            parts.push(self.concat(depth)?);
        }
        Some(if parts.len() == 1 {
            parts.pop()?
        } else {
            Node::Alt(parts)
        })
    }

    fn concat(&mut self, depth: usize) -> Option<Node> {
        let mut parts = Vec::new();
        while let Some(c) = self.peek() {
            if c == '|' || c == ')' {
                break;
            }
            let atom = self.atom(depth)?;
            let atom = self.quantified(atom)?;
            parts.push(atom);
        }
        Some(Node::Concat(parts))
    }

    fn atom(&mut self, depth: usize) -> Option<Node> {
        let c = self.peek()?;
        self.at += 1;
        Some(match c {
            '^' => Node::Start,
            '$' => Node::End,
            '.' => Node::Char(Class::Any),
            '(' => {
                if self.peek() == Some('?') {
                    // Only the non-capturing group: look-around and flags are not read.
                    if self.chars.get(self.at + 1) != Some(&':') {
                        return None;
                    }
                    self.at += 2;
                }
                let inner = self.alt(depth + 1)?;
                if self.peek() != Some(')') {
                    return None;
                }
                self.at += 1;
                inner
            }
            '[' => Node::Char(self.class()?),
            '\\' => Node::Char(self.escape(false)?),
            '*' | '+' | '?' | '{' | ')' | '|' => return None,
            c => Node::Char(Class::Set(vec![(c, c)], false)),
        })
    }

    fn quantified(&mut self, atom: Node) -> Option<Node> {
        let (min, max) = match self.peek() {
            Some('*') => (0, None),
            Some('+') => (1, None),
            Some('?') => (0, Some(1)),
            Some('{') => {
                let close = self.chars[self.at..].iter().position(|&c| c == '}')?;
                let inside: String = self.chars[self.at + 1..self.at + close].iter().collect();
                let (lo, hi) = match inside.split_once(',') {
                    Some((lo, "")) => (lo.trim().parse().ok()?, None),
                    Some((lo, hi)) => (lo.trim().parse().ok()?, Some(hi.trim().parse().ok()?)),
                    None => {
                        let n: u32 = inside.trim().parse().ok()?;
                        (n, Some(n))
                    }
                };
                if lo > MAX_REPEAT || hi.is_some_and(|h| h > MAX_REPEAT || h < lo) {
                    return None;
                }
                self.at += close;
                (lo, hi)
            }
            _ => return Some(atom),
        };
        self.at += 1;
        // A lazy or possessive mark changes which match, not whether one exists.
        if matches!(self.peek(), Some('?') | Some('+')) {
            self.at += 1;
        }
        if matches!(atom, Node::Start | Node::End) {
            return None;
        }
        Some(Node::Repeat(Box::new(atom), min, max))
    }

    /// After a `\`: a class for `\d`-style escapes, or the escaped character.
    fn escape(&mut self, in_class: bool) -> Option<Class> {
        let c = self.peek()?;
        self.at += 1;
        let digit = vec![('0', '9')];
        let word = vec![('0', '9'), ('A', 'Z'), ('_', '_'), ('a', 'z')];
        let space = vec![
            ('\t', '\r'),
            (' ', ' '),
            ('\u{a0}', '\u{a0}'),
            ('\u{2028}', '\u{2029}'),
            ('\u{feff}', '\u{feff}'),
        ];
        let single = |c: char| Some(Class::Set(vec![(c, c)], false));
        match c {
            'd' => Some(Class::Set(digit, false)),
            'D' => Some(Class::Set(digit, true)),
            'w' => Some(Class::Set(word, false)),
            'W' => Some(Class::Set(word, true)),
            's' => Some(Class::Set(space, false)),
            'S' => Some(Class::Set(space, true)),
            'n' => single('\n'),
            'r' => single('\r'),
            't' => single('\t'),
            'f' => single('\u{c}'),
            'v' => single('\u{b}'),
            '0' => single('\0'),
            'u' => {
                let hex: String = self.chars.get(self.at..self.at + 4)?.iter().collect();
                let c = char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?;
                self.at += 4;
                single(c)
            }
            'x' => {
                let hex: String = self.chars.get(self.at..self.at + 2)?.iter().collect();
                let c = char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?;
                self.at += 2;
                single(c)
            }
            'b' if in_class => single('\u{8}'),
            // Word boundaries, back-references, Unicode properties: not read.
            c if c.is_ascii_alphanumeric() => None,
            c => single(c),
        }
    }

    /// After a `[`: the class up to its `]`.
    fn class(&mut self) -> Option<Class> {
        let negated = self.peek() == Some('^');
        if negated {
            self.at += 1;
        }
        let mut ranges: Vec<(char, char)> = Vec::new();
        let mut first = true;
        loop {
            let c = self.peek()?;
            if c == ']' && !first {
                self.at += 1;
                break;
            }
            first = false;
            self.at += 1;
            let lo = if c == '\\' {
                match self.escape(true)? {
                    Class::Set(set, false) if set.len() == 1 && set[0].0 == set[0].1 => set[0].0,
                    Class::Set(set, false) => {
                        ranges.extend(set);
                        continue;
                    }
                    // A negated class inside a class (`[\S]`): not read.
                    _ => return None,
                }
            } else if c == '[' && self.peek() == Some(':') {
                return None;
            } else {
                c
            };
            if self.peek() == Some('-') && self.chars.get(self.at + 1).is_some_and(|&n| n != ']') {
                self.at += 1;
                let hi = self.peek()?;
                self.at += 1;
                let hi = if hi == '\\' {
                    match self.escape(true)? {
                        Class::Set(set, false) if set.len() == 1 && set[0].0 == set[0].1 => {
                            set[0].0
                        }
                        _ => return None,
                    }
                } else {
                    hi
                };
                if hi < lo {
                    return None;
                }
                ranges.push((lo, hi));
            } else {
                ranges.push((lo, lo));
            }
        }
        Some(Class::Set(ranges, negated))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(p: &str, t: &str) -> bool {
        Pattern::new(p)
            .unwrap_or_else(|| panic!("{p} not read"))
            .is_match(t)
    }

    #[test]
    fn the_subset_matches_as_ecmascript_does() {
        assert!(m("^[a-z]+$", "abc"));
        assert!(!m("^[a-z]+$", "abC"));
        assert!(m("b", "abc"), "unanchored");
        assert!(m("^\\d{3}-\\d{4}$", "555-1234"));
        assert!(!m("^\\d{3}-\\d{4}$", "555-12345"));
        assert!(m("^(cat|dog)s?$", "dogs"));
        assert!(!m("^(cat|dog)s?$", "cow"));
        assert!(m("^[^/]+$", "a.b"));
        assert!(!m("^[^/]+$", "a/b"));
        assert!(m("^(?:[0-9a-f]{2}){2,3}$", "a1b2c3"));
        assert!(!m("^(?:[0-9a-f]{2}){2,3}$", "a1"));
        assert!(m("^[A-Za-z0-9_.-]*$", ""));
        assert!(m("^\\$[a-z]$", "$x"));
        assert!(m("^.{2,}?$", "ab"));
        assert!(m("x*", ""));
        assert!(m("^é+$", "éé"));
    }

    #[test]
    fn outside_the_subset_is_not_read() {
        for p in [
            "(?=a)",
            "(a)\\1",
            "\\bword",
            "\\p{L}",
            "(?i)a",
            "a{1,99999}",
            "[z-a]",
            "(",
            "a)",
        ] {
            assert!(Pattern::new(p).is_none(), "{p}");
        }
    }

    #[test]
    fn no_backtracking_blow_up() {
        let p = Pattern::new("^(a+)+$").unwrap();
        let text = format!("{}!", "a".repeat(5_000));
        assert!(!p.is_match(&text));
        let p = Pattern::new("^(a|a)*b$").unwrap();
        assert!(!p.is_match(&"a".repeat(5_000)));
    }
}
