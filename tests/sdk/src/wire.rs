//! What a decoded value must give back: the JSON a type was decoded from, compared with the
//! same value encoded again. A field the type drops, a wrong wire name (the field is left
//! out on decoding and never written) or an enum value mapped to another all show here.

use serde_json::Value;

/// The places where `encoded` (a value decoded and encoded again) says something other than
/// `input`, as `pointer: what` lines; empty when it gives the input back.
///
/// What the wire allows to differ does not count: `null` and an absent field are the same to
/// a response field (the SDK decodes both as `None`); a number may come back as another
/// spelling of itself (`5` and `5.0`); a field left out may come back as its
/// empty value (`[]`, `{}`), as a required list the server leaves out decodes as empty.
pub fn differences(input: &Value, encoded: &Value) -> Vec<String> {
    let mut found = Vec::new();
    compare(input, encoded, String::new(), &mut found);
    found
}

fn compare(input: &Value, encoded: &Value, pointer: String, found: &mut Vec<String>) {
    match (input, encoded) {
        (Value::Object(input), Value::Object(encoded)) => {
            for (key, value) in input {
                let child = format!("{pointer}/{}", key.replace('~', "~0").replace('/', "~1"));
                match encoded.get(key) {
                    Some(again) => compare(value, again, child, found),
                    None if value.is_null() => {}
                    None => found.push(format!("{child}: dropped ({value})")),
                }
            }
            for (key, again) in encoded {
                if !input.contains_key(key) && !is_empty(again) {
                    found.push(format!("{pointer}/{key}: added ({again})"));
                }
            }
        }
        (Value::Array(input), Value::Array(encoded)) if input.len() == encoded.len() => {
            for (i, (value, again)) in input.iter().zip(encoded).enumerate() {
                compare(value, again, format!("{pointer}/{i}"), found);
            }
        }
        (Value::Number(a), Value::Number(b)) if a.as_f64() == b.as_f64() => {}
        (a, b) if a == b => {}
        (a, b) => found.push(format!("{pointer}: {a} came back as {b}")),
    }
}

fn is_empty(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::Array(items) => items.is_empty(),
        Value::Object(map) => map.is_empty(),
        _ => false,
    }
}
