//! The shape of the code, checked: data flows one way between modules (no import cycle), and
//! no function outside tests runs past a screen or two. The modules are the top-level ones, and
//! inside the app its own parts (app, jobs, each view), where cycles grew before.

use crate::common;

use common::rust_files;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const LONGEST_FUNCTION: usize = 120;

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// A file's module path: `ingest/table.rs` → [ingest, table], `ingest/mod.rs` → [ingest].
fn module_of(file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src()).unwrap();
    let mut parts: Vec<String> = rel.iter().map(|c| c.to_string_lossy().into_owned()).collect();
    let last = parts.pop().unwrap();
    let stem = last.trim_end_matches(".rs");
    if !matches!(stem, "mod" | "lib" | "main") {
        parts.push(stem.to_owned());
    }
    parts
}

/// The node a module path belongs to: its top-level module, or inside `gui` its part.
fn node(path: &[String]) -> Option<String> {
    match path {
        [] => None,
        [gui, views, view, ..] if gui == "gui" && views == "views" => Some(format!("gui::views::{view}")),
        [gui, part, ..] if gui == "gui" => Some(format!("gui::{part}")),
        [top, ..] => Some(top.clone()),
    }
}

/// The code of a file without its inline test module (`#[cfg(test)] mod tests { … }`, last in
/// the file by convention); a `mod tests;` declared elsewhere is a file of its own.
fn code_without_tests(text: &str) -> &str {
    let mut at = 0;
    while let Some(i) = text[at..].find("#[cfg(test)]") {
        let start = at + i;
        let next = text[start..].lines().nth(1).unwrap_or("").trim();
        if next.starts_with("mod ") && next.ends_with('{') {
            return &text[..start];
        }
        at = start + 1;
    }
    text
}

/// The module words of a path (`a::b::Type` → [a, b]); a group (`{a, b::c}`) gives each item's.
fn paths(s: &str) -> Vec<Vec<String>> {
    if let Some(group) = s.strip_prefix('{') {
        let mut depth = 0;
        let end = group
            .char_indices()
            .find(|&(_, c)| {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => return true,
                    '}' => depth -= 1,
                    _ => {}
                }
                false
            })
            .map_or(group.len(), |(i, _)| i);
        return group[..end].split(',').flat_map(|item| paths(item.trim())).collect();
    }
    let mut words = Vec::new();
    let mut rest = s;
    loop {
        let w: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
        if w.is_empty() || !w.chars().next().is_some_and(|c| c.is_lowercase()) {
            break;
        }
        rest = &rest[w.len()..];
        words.push(w);
        match rest.strip_prefix("::") {
            Some(r) if r.starts_with('{') => {
                return paths(r)
                    .into_iter()
                    .map(|mut tail| {
                        let mut p = words.clone();
                        p.append(&mut tail);
                        p
                    })
                    .collect();
            }
            Some(r) => rest = r,
            None => break,
        }
    }
    vec![words]
}

/// Module paths a file's code names: `crate::a::b` and `super::…` paths.
fn references(module: &[String], code: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for (i, _) in code.match_indices("crate::") {
        out.extend(paths(&code[i + "crate::".len()..]));
    }
    for (i, _) in code.match_indices("super::") {
        // Only the first `super` of a chain; the chain climbs one module per `super`.
        if code[..i].ends_with("super::") {
            continue;
        }
        let mut rest = &code[i..];
        let mut base = module.to_vec();
        while let Some(r) = rest.strip_prefix("super::") {
            base.pop();
            rest = r;
        }
        for tail in paths(rest) {
            let mut p = base.clone();
            p.extend(tail);
            out.push(p);
        }
    }
    // A module brought in by `use` is then named by its last word: `views::overview::show`.
    let imported: Vec<Vec<String>> = out.clone();
    for module_path in imported {
        let Some(alias) = module_path.last() else { continue };
        let needle = format!("{alias}::");
        for (i, _) in code.match_indices(&needle) {
            let before = code[..i].chars().next_back().unwrap_or(' ');
            if before.is_alphanumeric() || before == '_' || before == ':' {
                continue;
            }
            for tail in paths(&code[i + needle.len()..]) {
                let mut p = module_path.clone();
                p.extend(tail);
                out.push(p);
            }
        }
    }
    out
}

fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in files {
        let module = module_of(&file);
        if module.last().is_some_and(|m| m == "tests") {
            continue;
        }
        let Some(from) = node(&module) else { continue };
        let text = std::fs::read_to_string(&file).unwrap();
        // Comments may name any module (links in docs); only code is a dependency.
        let code: String = code_without_tests(&text)
            .lines()
            .filter(|l| !l.trim_start().starts_with("//"))
            .collect::<Vec<_>>()
            .join("\n");
        for target in references(&module, &code) {
            if let Some(to) = node(&target)
                && to != from
            {
                edges.entry(from.clone()).or_default().insert(to);
            }
        }
        edges.entry(from).or_default();
    }
    edges
}

/// A cycle through `start`, if there is one.
fn cycle_from(
    start: &str,
    at: &str,
    edges: &BTreeMap<String, BTreeSet<String>>,
    path: &mut Vec<String>,
) -> Option<Vec<String>> {
    for next in edges.get(at).into_iter().flatten() {
        if next == start {
            let mut c = path.clone();
            c.push(start.to_owned());
            return Some(c);
        }
        if !path.contains(next) {
            path.push(next.clone());
            if let Some(c) = cycle_from(start, next, edges, path) {
                return Some(c);
            }
            path.pop();
        }
    }
    None
}

#[test]
fn modules_depend_on_each_other_one_way() {
    let edges = graph();
    let mut cycles = BTreeSet::new();
    for start in edges.keys() {
        if let Some(c) = cycle_from(start, start, &edges, &mut vec![start.clone()]) {
            let mut sorted = c.clone();
            sorted.sort();
            sorted.dedup();
            cycles.insert((sorted, c.join(" → ")));
        }
    }
    let found: Vec<String> = cycles.into_iter().map(|(_, c)| c).collect();
    assert!(found.is_empty(), "import cycles:\n{}", found.join("\n"));
}

/// Functions longer than the limit, as "file:line name (lines)": a function ends at the first
/// line that closes it at its own indentation (rustfmt's layout).
fn long_functions() -> Vec<String> {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let mut long = Vec::new();
    for file in files {
        if file.file_name().is_some_and(|n| n == "tests.rs") {
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap();
        let lines: Vec<&str> = code_without_tests(&text).lines().collect();
        for (i, line) in lines.iter().enumerate() {
            let trimmed = line.trim_start();
            let indent = line.len() - trimmed.len();
            let is_fn = ["fn ", "pub fn ", "pub(crate) fn ", "pub(super) fn ", "async fn "]
                .iter()
                .any(|p| trimmed.starts_with(p));
            if !is_fn || trimmed.ends_with(';') {
                continue;
            }
            let close = format!("{}}}", " ".repeat(indent));
            let end = lines[i..].iter().position(|l| *l == close).map(|n| i + n);
            if let Some(end) = end
                && end - i + 1 > LONGEST_FUNCTION
            {
                let name: String = trimmed
                    .split("fn ")
                    .nth(1)
                    .unwrap_or("")
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                let rel = file.strip_prefix(src()).unwrap().display().to_string();
                long.push(format!("{rel}:{} {name} ({} lines)", i + 1, end - i + 1));
            }
        }
    }
    long.sort();
    long
}

#[test]
fn no_function_runs_past_a_screen_or_two() {
    let long = long_functions();
    assert!(
        long.is_empty(),
        "functions over {LONGEST_FUNCTION} lines:\n{}",
        long.join("\n")
    );
}
