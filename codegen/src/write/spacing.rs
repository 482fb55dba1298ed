//! Blank lines between items. prettyplease puts none (a 3,000-line model file is one block
//! of text); hand-written Rust has one after each item. This pass adds them to its output,
//! where rustfmt keeps them: after an item at the top level, and after an item directly
//! inside an `impl`, `trait` or `mod` block. A run of `use`, `mod`, `type` and `const`
//! declarations stays together, as people write them; fields and variants stay together.

/// `text` as prettyplease formatted it, with a blank line after each item.
pub fn space_items(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    // The first line of the current item at the top level, and inside a container.
    let (mut top, mut inner): (Option<&str>, Option<&str>) = (None, None);
    // Inside an inner attribute written over several lines (`#![allow(\n  ...\n)]`).
    let mut inner_attribute = false;
    for (i, line) in lines.iter().enumerate() {
        out.push_str(line);
        out.push('\n');
        let next = lines.get(i + 1).copied();
        if line.starts_with("#![") && !line.trim_end().ends_with(']') {
            inner_attribute = true;
            continue;
        }
        let closes_inner = inner_attribute && line.starts_with(')');
        if closes_inner {
            inner_attribute = false;
        }
        if closes_inner || is_inner_doc(line) {
            if next.is_some_and(|n| !n.is_empty() && !is_inner_doc(n)) {
                out.push('\n');
            }
            continue;
        }
        if inner_attribute {
            continue;
        }
        if !is_code(line) {
            continue;
        }
        let indent = line.len() - line.trim_start().len();
        let in_container = top.is_some_and(is_container);
        match indent {
            0 => {
                let start = *top.get_or_insert(line);
                if ends_item(line) {
                    if blank_after(start, &lines[i + 1..], 0) {
                        out.push('\n');
                    }
                    (top, inner) = (None, None);
                }
            }
            4 if in_container => {
                let start = *inner.get_or_insert(line);
                if ends_item(line) {
                    if blank_after(start, &lines[i + 1..], 4) {
                        out.push('\n');
                    }
                    inner = None;
                }
            }
            _ => {}
        }
    }
    out
}

/// A line of code, not a comment, an attribute or a blank line.
fn is_code(line: &str) -> bool {
    let line = line.trim_start();
    !(line.is_empty() || line.starts_with("//") || line.starts_with("#[") || line.starts_with("#!["))
}

fn is_inner_doc(line: &str) -> bool {
    line.starts_with("//!") || line.starts_with("#![")
}

/// Whether a line at an item's own indent closes it: a block's closing brace, or the
/// semicolon of a declaration. A line opening a block (`{`) or a clause (`where`) goes on.
fn ends_item(line: &str) -> bool {
    let line = line.trim_end();
    line.ends_with(';') || line.ends_with('}')
}

/// An item whose body holds items: an `impl`, a `trait` or an inline `mod`.
fn is_container(start: &str) -> bool {
    let keyword = start
        .split_whitespace()
        .find(|word| !word.starts_with("pub") && *word != "unsafe")
        .unwrap_or_default();
    keyword.starts_with("impl") || keyword == "trait" || keyword == "mod"
}

/// The kind of a declaration that reads best in a run of its kind (`use`, `mod x;`, `type`,
/// `const`); `None` for other items.
fn declaration(start: &str) -> Option<&str> {
    let words: Vec<&str> = start.split_whitespace().take(2).collect();
    let keyword = words.iter().find(|w| !w.starts_with("pub")).copied()?;
    match keyword {
        "use" | "type" | "const" => Some(keyword),
        "mod" if start.trim_end().ends_with(';') => Some(keyword),
        _ => None,
    }
}

/// A blank line goes after an item at `indent` unless the file or the block ends, a blank
/// line is there already, or this item and the next are declarations of one kind.
fn blank_after(start: &str, rest: &[&str], indent: usize) -> bool {
    let Some(next) = rest.first() else { return false };
    let next_indent = next.len() - next.trim_start().len();
    if next.is_empty() || next_indent < indent || next.trim_start().starts_with('}') {
        return false;
    }
    let next_code = rest.iter().find(|line| is_code(line)).copied().unwrap_or_default();
    declaration(start).is_none() || declaration(start) != declaration(next_code)
}

#[cfg(test)]
mod tests {
    use super::space_items;

    #[test]
    fn items_are_set_apart_and_declarations_kept_together() {
        let formatted = "\
//! Docs.
#![allow(
    a,
)]
use a::b;
use c::{
    d, e,
};
/// A struct.
pub struct S {
    pub a: u8,
    pub b: u8,
}
impl S {
    pub const N: u8 = 1;
    pub const M: u8 = 2;
    pub fn new() -> Self {
        let s = Self { a: 0, b: 0 };
        s
    }
    #[doc(hidden)]
    pub fn other(
        self,
    ) -> u8 {
        self.a
    }
}
impl Default for S {}
pub mod x;
pub mod y;
use z;
pub struct T(pub u8);
";
        let expected = "\
//! Docs.
#![allow(
    a,
)]

use a::b;
use c::{
    d, e,
};

/// A struct.
pub struct S {
    pub a: u8,
    pub b: u8,
}

impl S {
    pub const N: u8 = 1;
    pub const M: u8 = 2;

    pub fn new() -> Self {
        let s = Self { a: 0, b: 0 };
        s
    }

    #[doc(hidden)]
    pub fn other(
        self,
    ) -> u8 {
        self.a
    }
}

impl Default for S {}

pub mod x;
pub mod y;

use z;

pub struct T(pub u8);
";
        assert_eq!(space_items(formatted), expected);
        assert_eq!(space_items(expected), expected, "spacing twice changes nothing");
    }
}
