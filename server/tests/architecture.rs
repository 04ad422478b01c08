//! The server's modules depend on each other one way only. Every file under `src/` is a module;
//! a file depends on the module a `crate::…`, `super::…` or `self::…` path in it names (in a
//! `use` or anywhere else, comments and strings aside). A circle of such dependencies means
//! neither end can be understood, tested or moved without the other, so this test fails and
//! prints the circle with the lines that close it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

#[test]
fn modules_depend_on_each_other_one_way() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let graph = Graph::of_crate(&src);
    assert!(
        graph.modules.len() > 10,
        "found only {} modules under {}",
        graph.modules.len(),
        src.display()
    );
    if let Some(cycle) = graph.find_cycle() {
        let mut text = String::from("these modules depend on each other in a circle:\n");
        for pair in cycle.windows(2) {
            let (from, to) = (&pair[0], &pair[1]);
            let (line, path) = &graph.edges[from][to];
            text.push_str(&format!(
                "  {from}:{line} names {path} ({to})\n",
                from = from.display(),
                to = to.display()
            ));
        }
        panic!("{text}");
    }
}

#[test]
fn the_scanner_sees_paths_in_uses_and_code_but_not_in_comments_or_strings() {
    let tokens = lex(r##"
        // crate::commented::out
        /* crate::also::out /* nested */ crate::still::out */
        use crate::{a::{self, B}, c};
        use super::d::E as F;
        pub(crate) fn f<'a>(x: &'a str) -> char {
            let _ = "crate::in_string";
            let _ = r#"crate::in_raw"#;
            crate::g::h(x);
            self.x;
            'c'
        }
        mod inner { use super::k; }
    "##);
    let mut paths = Vec::new();
    scan(&tokens, &[], &mut |_, path| paths.push(path.join("::")));
    assert_eq!(
        paths,
        ["a", "a::B", "c", "d::E", "g::h", "k"],
        "paths resolved from the crate root"
    );
}

/// Which file each module is in, and which files each file names (with the first line and path
/// that names it).
struct Graph {
    modules: BTreeMap<Vec<String>, PathBuf>,
    edges: BTreeMap<PathBuf, BTreeMap<PathBuf, (usize, String)>>,
}

impl Graph {
    fn of_crate(src: &Path) -> Self {
        let mut files = Vec::new();
        collect_rs(src, &mut files);
        let mut modules = BTreeMap::new();
        for file in &files {
            let relative = file.strip_prefix(src).unwrap().to_path_buf();
            // The binary is its own crate; its `crate::` is not the library's.
            if relative == Path::new("main.rs") || relative.starts_with("bin") {
                continue;
            }
            modules.insert(module_path(&relative), relative);
        }
        let mut edges: BTreeMap<PathBuf, BTreeMap<PathBuf, (usize, String)>> = BTreeMap::new();
        for (module, file) in &modules {
            let text = std::fs::read_to_string(src.join(file)).unwrap();
            let out = edges.entry(file.clone()).or_default();
            scan(&lex(&text), module, &mut |line, path| {
                let target = (0..=path.len())
                    .rev()
                    .find_map(|n| modules.get(&path[..n]))
                    .expect("the crate root is a module");
                if target != file {
                    out.entry(target.clone())
                        .or_insert_with(|| (line, format!("crate::{}", path.join("::"))));
                }
            });
        }
        Graph { modules, edges }
    }

    /// A circle of files, first file repeated at the end, if there is one.
    fn find_cycle(&self) -> Option<Vec<PathBuf>> {
        #[derive(Clone, Copy, PartialEq)]
        enum Mark {
            Open,
            Done,
        }
        fn visit(
            graph: &Graph,
            file: &PathBuf,
            marks: &mut BTreeMap<PathBuf, Mark>,
            stack: &mut Vec<PathBuf>,
        ) -> Option<Vec<PathBuf>> {
            match marks.get(file) {
                Some(Mark::Done) => return None,
                Some(Mark::Open) => {
                    let start = stack.iter().position(|f| f == file).unwrap();
                    let mut cycle = stack[start..].to_vec();
                    cycle.push(file.clone());
                    return Some(cycle);
                }
                None => {}
            }
            marks.insert(file.clone(), Mark::Open);
            stack.push(file.clone());
            for next in graph.edges.get(file).into_iter().flat_map(|e| e.keys()) {
                if let Some(cycle) = visit(graph, next, marks, stack) {
                    return Some(cycle);
                }
            }
            stack.pop();
            marks.insert(file.clone(), Mark::Done);
            None
        }
        let mut marks = BTreeMap::new();
        let files: BTreeSet<&PathBuf> = self.modules.values().collect();
        files
            .into_iter()
            .find_map(|f| visit(self, f, &mut marks, &mut Vec::new()))
    }
}

fn collect_rs(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect_rs(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// `lib.rs` is the root; `a/mod.rs` and `a.rs` are `a`; `a/b.rs` is `a::b`.
fn module_path(relative: &Path) -> Vec<String> {
    let mut parts: Vec<String> = relative
        .with_extension("")
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    if matches!(parts.last().map(String::as_str), Some("mod" | "lib")) {
        parts.pop();
    }
    parts
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Ident(String),
    PathSep,
    Punct(char),
}

/// Identifiers, `::` and punctuation, with the line each is on; comments, strings, character
/// literals and lifetimes are dropped.
fn lex(text: &str) -> Vec<(usize, Token)> {
    let chars: Vec<char> = text.chars().collect();
    let mut tokens = Vec::new();
    let (mut i, mut line) = (0, 1);
    let at = |i: usize| chars.get(i).copied().unwrap_or('\0');
    while i < chars.len() {
        let c = chars[i];
        if c == '\n' {
            line += 1;
            i += 1;
        } else if c.is_whitespace() {
            i += 1;
        } else if c == '/' && at(i + 1) == '/' {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && at(i + 1) == '*' {
            let mut depth = 0;
            loop {
                if at(i) == '/' && at(i + 1) == '*' {
                    depth += 1;
                    i += 2;
                } else if at(i) == '*' && at(i + 1) == '/' {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else if i >= chars.len() {
                    break;
                } else {
                    line += usize::from(chars[i] == '\n');
                    i += 1;
                }
            }
        } else if c == '"' || ((c == 'r' || c == 'b') && raw_string_start(&chars, i).is_some()) {
            let (start, hashes) = if c == '"' {
                (i + 1, None)
            } else {
                raw_string_start(&chars, i).unwrap()
            };
            i = start;
            loop {
                if i >= chars.len() {
                    break;
                }
                match (chars[i], hashes) {
                    ('\\', None) => i += 2,
                    ('"', None) => {
                        i += 1;
                        break;
                    }
                    ('"', Some(n)) if (1..=n).all(|k| at(i + k) == '#') => {
                        i += 1 + n;
                        break;
                    }
                    (ch, _) => {
                        line += usize::from(ch == '\n');
                        i += 1;
                    }
                }
            }
        } else if c == '\'' {
            // A character literal ('x', '\n', '\u{1F600}') or a lifetime ('a).
            if at(i + 1) == '\\' {
                i += 3;
                while i < chars.len() && chars[i] != '\'' {
                    i += 1;
                }
                i += 1;
            } else if at(i + 2) == '\'' {
                i += 3;
            } else {
                i += 1;
                while at(i).is_alphanumeric() || at(i) == '_' {
                    i += 1;
                }
            }
        } else if c.is_alphanumeric() || c == '_' {
            let start = i;
            while at(i).is_alphanumeric() || at(i) == '_' {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            // b'x' is a byte, not the identifier `b`.
            if word == "b" && at(i) == '\'' {
                continue;
            }
            tokens.push((line, Token::Ident(word)));
        } else if c == ':' && at(i + 1) == ':' {
            tokens.push((line, Token::PathSep));
            i += 2;
        } else {
            tokens.push((line, Token::Punct(c)));
            i += 1;
        }
    }
    tokens
}

/// Where a raw or byte string's text starts, and how many `#`s close it (`None`: not raw).
fn raw_string_start(chars: &[char], i: usize) -> Option<(usize, Option<usize>)> {
    let mut j = i;
    if chars.get(j) == Some(&'b') {
        j += 1;
    }
    let raw = chars.get(j) == Some(&'r');
    if raw {
        j += 1;
    }
    let mut hashes = 0;
    while raw && chars.get(j) == Some(&'#') {
        hashes += 1;
        j += 1;
    }
    if j == i || chars.get(j) != Some(&'"') {
        return None;
    }
    // Only the literal's own prefix: `bar"` is not a string after the identifier `ba`.
    if i > 0 && (chars[i - 1].is_alphanumeric() || chars[i - 1] == '_') {
        return None;
    }
    Some((j + 1, raw.then_some(hashes)))
}

/// Calls `found(line, path)` with every module path the tokens name, resolved from the crate
/// root, for a file that is the module `module`.
fn scan(tokens: &[(usize, Token)], module: &[String], found: &mut dyn FnMut(usize, Vec<String>)) {
    let ident = |i: usize| match tokens.get(i) {
        Some((_, Token::Ident(w))) => Some(w.as_str()),
        _ => None,
    };
    let is = |i: usize, t: Token| tokens.get(i).map(|(_, tok)| tok) == Some(&t);
    // Inline modules (`mod tests { … }`): their names, and the brace depth each ends at.
    let mut inline: Vec<(String, isize)> = Vec::new();
    let mut depth: isize = 0;
    let mut i = 0;
    while i < tokens.len() {
        let here: Vec<String> = module
            .iter()
            .cloned()
            .chain(inline.iter().map(|(n, _)| n.clone()))
            .collect();
        let line = tokens[i].0;
        match &tokens[i].1 {
            Token::Punct('{') => depth += 1,
            Token::Punct('}') => {
                depth -= 1;
                if inline.last().is_some_and(|(_, d)| *d == depth) {
                    inline.pop();
                }
            }
            Token::Ident(w) if w == "mod" && is(i + 2, Token::Punct('{')) => {
                if let Some(name) = ident(i + 1) {
                    inline.push((name.to_string(), depth));
                }
                depth += 1;
                i += 3;
                continue;
            }
            Token::Ident(w) if w == "use" => {
                let mut paths = Vec::new();
                i = use_tree(tokens, i + 1, Vec::new(), &mut paths);
                for path in paths {
                    if let Some(p) = resolve(&here, &path) {
                        found(line, p);
                    }
                }
                continue;
            }
            Token::Ident(w)
                if matches!(w.as_str(), "crate" | "super" | "self")
                    && is(i + 1, Token::PathSep)
                    && !(i > 0 && (is(i - 1, Token::PathSep) || is(i - 1, Token::Punct('$')))) =>
            {
                let mut path = vec![w.clone()];
                let mut j = i + 1;
                while is(j, Token::PathSep) {
                    match ident(j + 1) {
                        Some(seg) => path.push(seg.to_string()),
                        None => break,
                    }
                    j += 2;
                }
                if let Some(p) = resolve(&here, &path) {
                    found(line, p);
                }
                i = j;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
}

/// Reads one use tree from `i` (`a::b`, `a::{b, c::d}`, `a as b`, `a::*`), adding the full path
/// of each leaf to `out`; returns the index after it.
fn use_tree(
    tokens: &[(usize, Token)],
    mut i: usize,
    mut prefix: Vec<String>,
    out: &mut Vec<Vec<String>>,
) -> usize {
    loop {
        match tokens.get(i).map(|(_, t)| t) {
            Some(Token::Ident(w)) if w == "as" => i += 2,
            Some(Token::Ident(w)) if w == "self" && !prefix.is_empty() => i += 1,
            Some(Token::Ident(w)) => {
                prefix.push(w.clone());
                i += 1;
            }
            Some(Token::PathSep) | Some(Token::Punct('*')) => i += 1,
            Some(Token::Punct('{')) => {
                i += 1;
                while !matches!(
                    tokens.get(i).map(|(_, t)| t),
                    Some(Token::Punct('}')) | None
                ) {
                    i = use_tree(tokens, i, prefix.clone(), out);
                    if matches!(tokens.get(i).map(|(_, t)| t), Some(Token::Punct(','))) {
                        i += 1;
                    }
                }
                return i + 1;
            }
            _ => {
                if !prefix.is_empty() {
                    out.push(prefix);
                }
                return i + usize::from(matches!(
                    tokens.get(i).map(|(_, t)| t),
                    Some(Token::Punct(';'))
                ));
            }
        }
    }
}

/// A path as named in module `here`, from the crate root; `None` for one that starts elsewhere
/// (another crate, or a name in scope).
fn resolve(here: &[String], path: &[String]) -> Option<Vec<String>> {
    let mut base = here.to_vec();
    let mut rest = path;
    match rest.first().map(String::as_str) {
        Some("crate") => {
            base.clear();
            rest = &rest[1..];
        }
        Some("super" | "self") => {}
        _ => return None,
    }
    while let Some(first) = rest.first() {
        match first.as_str() {
            "super" => {
                base.pop();
            }
            "self" => {}
            _ => break,
        }
        rest = &rest[1..];
    }
    base.extend(rest.iter().cloned());
    Some(base)
}
