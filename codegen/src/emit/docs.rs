//! Turns spec text into rustdoc that renders as intended and builds without warnings.
//!
//! Spec descriptions are markdown written for a web page. rustdoc reads some of it
//! differently: `[x]` is an intra-doc link, `<x>` an HTML tag, an indented or fenced block
//! a Rust doctest, and a bare URL is linted. Everything below keeps the text readable while
//! removing those readings.

use proc_macro2::TokenStream;
use quote::quote;
use serde_json::Value;

use crate::model::{Bound, Constraints, Docs};

/// `#[doc]` attributes for a list of paragraphs (empty ones are skipped).
pub fn attrs(paragraphs: &[String]) -> TokenStream {
    let text = paragraphs
        .iter()
        .map(|p| p.trim())
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n");
    // Tabs render unpredictably in rustdoc (clippy::tabs_in_doc_comments): four spaces each.
    let lines = text.lines().map(|line| {
        if line.is_empty() {
            String::new()
        } else {
            format!(" {}", line.replace('\t', "    "))
        }
    });
    quote! { #( #[doc = #lines] )* }
}

/// The paragraphs describing a field, parameter or type named `name`: its title (unless it
/// only repeats the name, as most do), its description, then one line each for deprecation,
/// default, constraints, format and example.
pub fn describe(docs: &Docs, name: &str) -> Vec<String> {
    let mut paragraphs = Vec::new();
    let title = docs.title.as_ref().filter(|t| !repeats_name(t, name));
    match (title, &docs.description) {
        (Some(title), Some(description)) => {
            paragraphs.push(format!("**{}**", markdown(title)));
            paragraphs.push(markdown(description));
        }
        (Some(title), None) => paragraphs.push(markdown(title)),
        (None, Some(description)) => paragraphs.push(markdown(description)),
        (None, None) => {}
    }
    let mut facts = Vec::new();
    if docs.deprecated {
        facts.push("**Deprecated** by the API.".to_string());
    }
    if let Some(default) = &docs.default {
        facts.push(format!("Default: {}", inline_json(default)));
    }
    let constraints = constraints(docs);
    if !constraints.is_empty() {
        facts.push(format!("Constraints: {}", constraints.join(", ")));
    }
    if let Some(format) = &docs.format {
        facts.push(format!("Format: {}", code(format)));
    }
    if let Some(example) = docs.examples.first() {
        facts.push(example_line(example));
    }
    if !facts.is_empty() {
        paragraphs.push(facts.iter().map(|f| format!("- {f}")).collect::<Vec<_>>().join("\n"));
    }
    paragraphs
}

/// Whether a title says no more than the name (`Auth Enabled` for `auth_enabled`).
fn repeats_name(title: &str, name: &str) -> bool {
    let letters = |s: &str| -> String {
        s.chars()
            .filter(char::is_ascii_alphanumeric)
            .collect::<String>()
            .to_lowercase()
    };
    letters(title) == letters(name)
}

/// The note of a `#[deprecated]` attribute: the sentences of the description that speak
/// of the deprecation (they usually say what to use instead), else a plain statement.
pub fn deprecation_note(docs: &Docs) -> String {
    let sentences: Vec<&str> = docs
        .description
        .as_deref()
        .unwrap_or_default()
        .split_inclusive(". ")
        .map(str::trim)
        .filter(|s| {
            let lower = s.to_lowercase();
            lower.contains("deprecat") || lower.starts_with("use ") || lower.contains("instead")
        })
        .collect();
    if sentences.is_empty() {
        "deprecated by the Gcore API".to_string()
    } else {
        format!("deprecated by the Gcore API: {}", sentences.join(" "))
    }
}

pub fn constraints(docs: &Docs) -> Vec<String> {
    rules(&docs.constraints)
}

fn rules(c: &Constraints) -> Vec<String> {
    let mut out = Vec::new();
    let bound = |b: &Bound, inclusive: &str, exclusive: &str| {
        let number = if b.value.fract() == 0.0 && b.value.abs() < 1e15 {
            format!("{}", b.value as i64)
        } else {
            b.value.to_string()
        };
        format!("{} {number}", if b.exclusive { exclusive } else { inclusive })
    };
    if let Some(min) = &c.minimum {
        out.push(code(&bound(min, "value >=", "value >")));
    }
    if let Some(max) = &c.maximum {
        out.push(code(&bound(max, "value <=", "value <")));
    }
    if let Some(n) = c.min_length {
        out.push(format!("at least {n} {}", plural(n, "character")));
    }
    if let Some(n) = c.max_length {
        out.push(format!("at most {n} {}", plural(n, "character")));
    }
    if let Some(pattern) = &c.pattern {
        out.push(format!("matches {}", code(pattern)));
    }
    if let Some(n) = c.min_items {
        out.push(format!("at least {n} {}", plural(n, "item")));
    }
    if let Some(n) = c.max_items {
        out.push(format!("at most {n} {}", plural(n, "item")));
    }
    if c.unique_items {
        out.push("no item twice".to_string());
    }
    if let Some(n) = c.min_properties {
        out.push(format!("at least {n} {}", plural(n, "entry")));
    }
    if let Some(n) = c.max_properties {
        out.push(format!("at most {n} {}", plural(n, "entry")));
    }
    for (each, nested) in [("item", &c.items), ("key", &c.keys), ("value", &c.values)] {
        if let Some(nested) = nested {
            out.push(format!("each {each} {}", rules(nested).join(" and ")));
        }
    }
    out
}

fn plural(n: usize, word: &str) -> String {
    match (n, word.strip_suffix('y')) {
        (1, _) => word.to_string(),
        (_, Some(stem)) => format!("{stem}ies"),
        (_, None) => format!("{word}s"),
    }
}

fn example_line(example: &Value) -> String {
    let compact = example.to_string();
    if compact.len() <= 100 {
        format!("Example: {}", code(&compact))
    } else {
        let pretty = serde_json::to_string_pretty(example).unwrap_or(compact);
        let indented: Vec<String> = pretty.lines().map(|l| format!("  {l}")).collect();
        format!("Example:\n\n  ```json\n{}\n  ```", indented.join("\n"))
    }
}

fn inline_json(value: &Value) -> String {
    code(&value.to_string())
}

/// A markdown code span that survives backticks inside the text.
pub fn code(text: &str) -> String {
    let longest_run = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest_run + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}

/// Makes a spec description safe for rustdoc.
pub fn markdown(text: &str) -> String {
    let mut out = Vec::new();
    let mut in_fence = false;
    for line in text.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") {
            // Fenced blocks would be compiled as Rust doctests: mark them as plain text.
            out.push(if in_fence { "```".to_string() } else { "```text".to_string() });
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            out.push(line.to_string());
            continue;
        }
        // A prose line right after a list item would continue that item ("lazily"): the
        // spec means a new paragraph.
        let after_list_item = out.last().is_some_and(|previous: &String| is_list_item(previous));
        if after_list_item && !trimmed.is_empty() && !is_list_item(trimmed) {
            out.push(String::new());
        }
        // Indentation of four spaces would start a code block (a doctest) in rustdoc.
        out.push(escape_line(trimmed));
    }
    if in_fence {
        out.push("```".into());
    }
    out.join("\n")
}

/// A markdown link to a web page, `[text](https://...)`, at the start of `text`: kept as
/// a link (its text escaped); returns it and the length of `text` it takes.
fn inline_link(text: &str) -> Option<(String, usize)> {
    let close = 1 + text[1..].find(['[', ']'])?;
    if !text[close..].starts_with("](") {
        return None;
    }
    let url_start = close + 2;
    let url_end = url_start + text[url_start..].find(|c: char| c == ')' || c.is_whitespace())?;
    let url = &text[url_start..url_end];
    if !text[url_end..].starts_with(')') || !(url.starts_with("https://") || url.starts_with("http://")) {
        return None;
    }
    Some((format!("[{}]({url})", escape_prose(&text[1..close])), url_end + 1))
}

fn is_list_item(line: &str) -> bool {
    let line = line.trim_start();
    let numbered = line
        .split_once(". ")
        .is_some_and(|(n, _)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
    line.starts_with("- ") || line.starts_with("* ") || line.starts_with("+ ") || numbered
}

/// Escapes one line of prose outside code spans.
fn escape_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(start) = rest.find('`') {
        out.push_str(&escape_prose(&rest[..start]));
        let after = &rest[start..];
        let ticks = after.len() - after.trim_start_matches('`').len();
        let fence = &after[..ticks];
        match after[ticks..].find(fence) {
            Some(end) => {
                let span_end = ticks + end + ticks;
                out.push_str(&after[..span_end]);
                rest = &after[span_end..];
            }
            None => {
                // An unmatched backtick: show it literally.
                out.push_str(&"\\`".repeat(ticks));
                rest = &after[ticks..];
            }
        }
    }
    out.push_str(&escape_prose(rest));
    out
}

fn escape_prose(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // Byte offsets; every character tested for below is ASCII, so each is a char boundary.
    let mut i = 0;
    while let Some(c) = text[i..].chars().next() {
        let rest = &text[i..];
        if rest.starts_with("http://") || rest.starts_with("https://") {
            let before = text[..i].chars().next_back();
            let preceded_by_marker = matches!(before, Some('<' | '('));
            let url = bare_url(rest);
            let mut end = i + url.len();
            let url = url.replace('[', "%5B").replace(']', "%5D");
            if preceded_by_marker {
                out.push_str(&url);
                if before == Some('<') && text[end..].starts_with('>') {
                    out.push('>');
                    end += 1;
                }
            } else {
                out.push('<');
                out.push_str(&url);
                out.push('>');
            }
            i = end;
            continue;
        }
        if c == '[' {
            if let Some((link, length)) = inline_link(rest) {
                out.push_str(&link);
                i += length;
                continue;
            }
        }
        match c {
            '[' | ']' => {
                out.push('\\');
                out.push(c);
            }
            '<' if !(rest.starts_with("<http://") || rest.starts_with("<https://")) => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            _ => out.push(c),
        }
        i += c.len_utf8();
    }
    out
}

/// The URL at the start of `text`: up to whitespace or a character that cannot end a bare
/// URL in prose, without trailing punctuation.
fn bare_url(text: &str) -> &str {
    let end = text
        .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '`'))
        .unwrap_or(text.len());
    text[..end].trim_end_matches(['.', ',', ';', ':', ')', '\'', ']', '!', '?'])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_are_shown_when_they_say_more_than_the_name() {
        let docs = |title: &str, description: Option<&str>| Docs {
            title: Some(title.into()),
            description: description.map(Into::into),
            ..Docs::default()
        };
        assert_eq!(
            describe(&docs("Auth Enabled", Some("Whether.")), "auth_enabled"),
            ["Whether."]
        );
        assert_eq!(
            describe(&docs("Scale-down timeout", Some("Seconds.")), "timeout"),
            ["**Scale-down timeout**", "Seconds."]
        );
        assert!(describe(&docs("Auth Enabled", None), "auth_enabled").is_empty());
        assert_eq!(describe(&docs("Scale-down timeout", None), "timeout"), ["Scale-down timeout"]);
    }

    #[test]
    fn every_fact_gets_a_line() {
        let docs = Docs {
            description: Some("Port.".into()),
            default: Some(serde_json::json!(80)),
            examples: vec![serde_json::json!(8080)],
            deprecated: true,
            format: Some("int32".into()),
            constraints: crate::model::Constraints {
                minimum: Some(Bound {
                    value: 0.0,
                    exclusive: true,
                }),
                maximum: Some(Bound {
                    value: 65535.0,
                    exclusive: false,
                }),
                ..Default::default()
            },
            ..Docs::default()
        };
        assert_eq!(
            describe(&docs, "port"),
            [
                "Port.",
                "- **Deprecated** by the API.\n- Default: `80`\n- Constraints: `value > 0`, `value <= 65535`\n- Format: `int32`\n- Example: `8080`"
            ]
        );
    }

    #[test]
    fn rules_of_keys_values_and_items_are_listed_after_the_value_s_own() {
        let rules = |c: crate::model::Constraints| Some(Box::new(c));
        let docs = Docs {
            constraints: crate::model::Constraints {
                max_items: Some(10),
                keys: rules(crate::model::Constraints {
                    min_length: Some(1),
                    max_length: Some(255),
                    ..Default::default()
                }),
                values: rules(crate::model::Constraints {
                    pattern: Some("^[a-z]+$".into()),
                    ..Default::default()
                }),
                ..Default::default()
            },
            ..Docs::default()
        };
        assert_eq!(
            constraints(&docs),
            [
                "at most 10 items",
                "each key at least 1 character and at most 255 characters",
                "each value matches `^[a-z]+$`"
            ]
        );
    }

    #[test]
    fn deprecation_notes_quote_the_reason() {
        let docs = |d: &str| Docs {
            description: Some(d.into()),
            ..Docs::default()
        };
        assert_eq!(
            deprecation_note(&docs(
                "Enable auth. This field is deprecated and will be removed. Use `api_keys` instead."
            )),
            "deprecated by the Gcore API: This field is deprecated and will be removed. Use `api_keys` instead."
        );
        assert_eq!(deprecation_note(&docs("Endpoint.")), "deprecated by the Gcore API");
    }

    #[test]
    fn links_to_web_pages_stay_links() {
        assert_eq!(
            markdown("see [cloud-init <docs>](https://cloudinit.readthedocs.io/a.html#x) and [this]"),
            "see [cloud-init &lt;docs&gt;](https://cloudinit.readthedocs.io/a.html#x) and \\[this\\]"
        );
        assert_eq!(markdown("[a](relative/path)"), "\\[a\\](relative/path)");
    }

    #[test]
    fn stray_brackets_are_escaped() {
        assert_eq!(markdown("types, 'standard', 'cold']."), "types, 'standard', 'cold'\\].");
    }

    #[test]
    fn bare_urls_are_autolinked_and_code_spans_kept() {
        assert_eq!(
            markdown("see https://example.com. `a [b] <c>`"),
            "see <https://example.com>. `a [b] <c>`"
        );
    }

    #[test]
    fn text_beyond_ascii_is_escaped_around_its_characters() {
        assert_eq!(
            markdown("Größe [ü](https://example.com/ä) (https://example.com/é) ≤ [x]"),
            "Größe [ü](https://example.com/ä) (https://example.com/é) ≤ \\[x\\]"
        );
    }

    #[test]
    fn html_like_text_is_escaped() {
        assert_eq!(markdown("use <name> here"), "use &lt;name&gt; here");
    }

    #[test]
    fn indentation_and_fences_never_become_doctests() {
        assert_eq!(
            markdown("a\n\n    let x = 1;\n```\nfn f() {}\n```"),
            "a\n\nlet x = 1;\n```text\nfn f() {}\n```"
        );
    }

    #[test]
    fn prose_after_a_list_starts_a_new_paragraph() {
        assert_eq!(
            markdown("Use:\n- `GET /x` - read\nThen poll."),
            "Use:\n- `GET /x` - read\n\nThen poll."
        );
    }

    #[test]
    fn code_spans_survive_backticks() {
        assert_eq!(code("a`b"), "``a`b``");
    }
}
