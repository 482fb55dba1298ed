//! Request validation: the spec's constraints (`pattern`, `minLength`/`maxLength`,
//! `minimum`/`maximum` and their exclusive forms, `minItems`/`maxItems`) checked before a
//! request leaves, so that a mistake costs no round trip and names the exact field.
//!
//! Generated request types implement [`Validate`]; every operation calls it before sending.
//! Response types are not validated: what the server sends is decoded as it is.

// Which checks a crate calls depends on the constraints in its spec.
#![allow(dead_code)]

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::sync::{Mutex, OnceLock};

use super::error::{Rule, ValidationError};
use super::values::Maybe;

/// A value whose constraints can be checked against the spec.
pub trait Validate {
    /// Checks the value, found at `path`; the first broken rule is the error.
    fn validate_at(&self, path: &FieldPath<'_>) -> Result<(), ValidationError>;

    /// Checks the value as a request body would be checked.
    fn validate(&self) -> Result<(), ValidationError> {
        self.validate_at(&FieldPath::Root("body"))
    }
}

/// Where a value sits in a request, built as validation descends and rendered only when a
/// check fails (`body.containers[0].scale.max`).
#[derive(Clone, Copy, Debug)]
pub enum FieldPath<'a> {
    Root(&'static str),
    Field(&'a FieldPath<'a>, &'static str),
    Index(&'a FieldPath<'a>, usize),
    Key(&'a FieldPath<'a>, &'a str),
}

impl<'a> FieldPath<'a> {
    pub fn field(&'a self, name: &'static str) -> FieldPath<'a> {
        FieldPath::Field(self, name)
    }

    pub fn index(&'a self, index: usize) -> FieldPath<'a> {
        FieldPath::Index(self, index)
    }

    pub fn key(&'a self, key: &'a str) -> FieldPath<'a> {
        FieldPath::Key(self, key)
    }
}

impl fmt::Display for FieldPath<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FieldPath::Root(name) => f.write_str(name),
            FieldPath::Field(parent, name) => write!(f, "{parent}.{name}"),
            FieldPath::Index(parent, index) => write!(f, "{parent}[{index}]"),
            FieldPath::Key(parent, key) => write!(f, "{parent}[{key:?}]"),
        }
    }
}

impl<T: Validate> Validate for Vec<T> {
    fn validate_at(&self, path: &FieldPath<'_>) -> Result<(), ValidationError> {
        self.iter()
            .enumerate()
            .try_for_each(|(i, item)| item.validate_at(&path.index(i)))
    }
}

impl<T: Validate> Validate for BTreeMap<String, T> {
    fn validate_at(&self, path: &FieldPath<'_>) -> Result<(), ValidationError> {
        self.iter().try_for_each(|(key, value)| value.validate_at(&path.key(key)))
    }
}

impl<T: Validate> Validate for Option<T> {
    fn validate_at(&self, path: &FieldPath<'_>) -> Result<(), ValidationError> {
        self.as_ref().map_or(Ok(()), |value| value.validate_at(path))
    }
}

impl<T: Validate> Validate for Maybe<T> {
    fn validate_at(&self, path: &FieldPath<'_>) -> Result<(), ValidationError> {
        self.as_value().map_or(Ok(()), |value| value.validate_at(path))
    }
}

impl<T: Validate> Validate for Box<T> {
    fn validate_at(&self, path: &FieldPath<'_>) -> Result<(), ValidationError> {
        (**self).validate_at(path)
    }
}

fn broken(path: &FieldPath<'_>, rule: Rule, value: String) -> Result<(), ValidationError> {
    Err(ValidationError {
        path: path.to_string(),
        rule,
        value,
        operation: None,
    })
}

/// `pattern`: an ECMA-262 regular expression (the JSON Schema dialect, look-around
/// included), searched for, not anchored (the spec's own `^...$` anchor it). Patterns are
/// compiled once, on first use.
pub fn pattern(path: &FieldPath<'_>, value: &str, pattern: &'static str) -> Result<(), ValidationError> {
    static COMPILED: OnceLock<Mutex<HashMap<&'static str, Option<regress::Regex>>>> = OnceLock::new();
    let mut cache = COMPILED
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    // codegen only emits patterns that compile; should one not, the server still checks it.
    let regex = cache.entry(pattern).or_insert_with(|| regress::Regex::new(pattern).ok());
    match regex {
        Some(regex) if regex.find(value).is_none() => broken(path, Rule::Pattern(pattern), format!("{value:?}")),
        _ => Ok(()),
    }
}

/// `minLength`, counted in characters as JSON Schema counts them.
pub fn min_length(path: &FieldPath<'_>, value: &str, min: u64) -> Result<(), ValidationError> {
    let length = value.chars().count() as u64;
    if length < min {
        return broken(path, Rule::MinLength(min), format!("{value:?} ({length} characters)"));
    }
    Ok(())
}

/// `maxLength`, counted in characters.
pub fn max_length(path: &FieldPath<'_>, value: &str, max: u64) -> Result<(), ValidationError> {
    let length = value.chars().count() as u64;
    if length > max {
        return broken(path, Rule::MaxLength(max), format!("{length} characters"));
    }
    Ok(())
}

/// A number that bounds can be checked on.
pub trait Number: Copy + fmt::Display {
    fn as_f64(self) -> f64;
}

impl Number for i64 {
    fn as_f64(self) -> f64 {
        self as f64
    }
}

impl Number for f64 {
    fn as_f64(self) -> f64 {
        self
    }
}

/// `minimum`, or `exclusiveMinimum` when `exclusive`.
pub fn minimum(path: &FieldPath<'_>, value: impl Number, bound: f64, exclusive: bool) -> Result<(), ValidationError> {
    let v = value.as_f64();
    if v < bound || (exclusive && v == bound) {
        return broken(path, Rule::Minimum { bound, exclusive }, value.to_string());
    }
    Ok(())
}

/// `maximum`, or `exclusiveMaximum` when `exclusive`.
pub fn maximum(path: &FieldPath<'_>, value: impl Number, bound: f64, exclusive: bool) -> Result<(), ValidationError> {
    let v = value.as_f64();
    if v > bound || (exclusive && v == bound) {
        return broken(path, Rule::Maximum { bound, exclusive }, value.to_string());
    }
    Ok(())
}

/// `minItems`.
pub fn min_items(path: &FieldPath<'_>, count: usize, min: u64) -> Result<(), ValidationError> {
    if (count as u64) < min {
        return broken(path, Rule::MinItems(min), format!("{count} items"));
    }
    Ok(())
}

/// `maxItems`.
pub fn max_items(path: &FieldPath<'_>, count: usize, max: u64) -> Result<(), ValidationError> {
    if (count as u64) > max {
        return broken(path, Rule::MaxItems(max), format!("{count} items"));
    }
    Ok(())
}

/// `uniqueItems`: no two items equal (as their JSON would be).
pub fn unique_items<T: PartialEq + std::fmt::Debug>(path: &FieldPath<'_>, items: &[T]) -> Result<(), ValidationError> {
    for (i, item) in items.iter().enumerate() {
        if let Some(j) = items[..i].iter().position(|earlier| earlier == item) {
            return broken(path, Rule::UniqueItems, format!("items {j} and {i} are both {item:?}"));
        }
    }
    Ok(())
}

/// How many fields an object sends (for its own `minProperties`/`maxProperties`).
pub fn count_fields(object: &impl serde::Serialize) -> usize {
    serde_json::to_value(object)
        .ok()
        .and_then(|v| v.as_object().map(serde_json::Map::len))
        .unwrap_or(0)
}

/// `minProperties`, of a map.
pub fn min_properties(path: &FieldPath<'_>, count: usize, min: u64) -> Result<(), ValidationError> {
    if (count as u64) < min {
        return broken(path, Rule::MinProperties(min), format!("{count} entries"));
    }
    Ok(())
}

/// `maxProperties`, of a map.
pub fn max_properties(path: &FieldPath<'_>, count: usize, max: u64) -> Result<(), ValidationError> {
    if (count as u64) > max {
        return broken(path, Rule::MaxProperties(max), format!("{count} entries"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_render_only_as_needed() {
        let root = FieldPath::Root("body");
        let containers = root.field("containers");
        let first = containers.index(0);
        let env = first.field("envs");
        assert_eq!(env.key("A").to_string(), r#"body.containers[0].envs["A"]"#);
    }

    #[test]
    fn each_rule_names_path_rule_and_value() {
        let path = FieldPath::Root("body");
        let name = path.field("name");
        let error = pattern(&name, "My_Instance", "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$").unwrap_err();
        assert_eq!(error.path, "body.name");
        assert_eq!(error.rule, Rule::Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$"));
        assert_eq!(error.value, "\"My_Instance\"");
        assert!(pattern(&name, "my-instance", "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$").is_ok());
        assert!(
            pattern(&name, "xx-abc-yy", "abc").is_ok(),
            "patterns are searched, not anchored"
        );
        let tags = path.field("tags");
        assert!(unique_items(&tags, &["a", "b"]).is_ok());
        let error = unique_items(&tags, &["a", "b", "a"]).unwrap_err();
        assert_eq!(
            (error.rule, error.value.as_str()),
            (Rule::UniqueItems, "items 0 and 2 are both \"a\"")
        );
        assert_eq!(min_properties(&tags, 0, 1).unwrap_err().rule, Rule::MinProperties(1));
        assert!(max_properties(&tags, 2, 2).is_ok());
        // ECMAScript look-ahead, as Gcore's `Coordinate.latitude` writes it.
        let latitude = r"^(?!^[-+.]*$)[+-]?0*\d*\.?\d*$";
        assert!(pattern(&name, "-12.5", latitude).is_ok());
        assert!(pattern(&name, "+.", latitude).is_err(), "the look-ahead refuses signs alone");

        assert_eq!(min_length(&name, "abc", 4).unwrap_err().rule, Rule::MinLength(4));
        assert!(min_length(&name, "äöüß", 4).is_ok(), "characters, not bytes");
        assert_eq!(max_length(&name, &"a".repeat(31), 30).unwrap_err().value, "31 characters");

        let port = path.field("listening_port");
        assert!(minimum(&port, 1_i64, 1.0, false).is_ok());
        assert!(minimum(&port, 1_i64, 1.0, true).is_err());
        assert!(maximum(&port, 65535_i64, 65535.0, false).is_ok());
        let error = maximum(&port, 65536_i64, 65535.0, false).unwrap_err();
        assert_eq!(error.to_string(), "`body.listening_port` must be <= 65535 (got 65536)");
        assert!(minimum(&port, 0.5_f64, 0.0, true).is_ok());
        assert!(minimum(&port, 0.0_f64, 0.0, true).is_err());

        let items = path.field("containers");
        assert_eq!(min_items(&items, 0, 1).unwrap_err().rule, Rule::MinItems(1));
        assert!(max_items(&items, 2, 2).is_ok());
    }
}
