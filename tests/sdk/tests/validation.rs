//! The SDK's validation against a JSON Schema validator nobody here wrote (the `jsonschema`
//! crate: draft 2020-12 as OpenAPI 3.1 reads it, ECMAScript patterns through fancy-regex).
//! Formats are asserted, since the SDK reads `date-time` strictly; a probe that broke a
//! format the SDK does not check (`uri`, `uuid`) would show as a disagreement.
//!
//! For every request struct of every product in `spec/` that has examples in its schema:
//! - an example the schema accepts is accepted by the SDK (decoded, then `validate()`);
//! - then, from each example both accept, each constrained text or number field is set to
//!   values at and beside its bounds (`minLength - 1`, `minLength`, `maxLength`,
//!   `maxLength + 1`, each bound of `minimum`/`maximum` and the values either side,
//!   exclusive or not) and to near misses of its pattern (the example's own value with a
//!   character added before or after, upper-cased, shortened, empty): the SDK accepts
//!   exactly the values the schema accepts.
//!
//! Examples the schema itself rejects are counted and left out (the example tests list the
//! documents' contradictions).

use std::path::{Path, PathBuf};

use codegen::model::{Api, Bound, Check, TypeDef, TypeKind, TypeRef};
use serde_json::{json, Value};

fn products() -> Vec<PathBuf> {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../spec");
    let mut folders: Vec<PathBuf> = std::fs::read_dir(spec)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.is_dir())
        .collect();
    folders.sort();
    folders
}

/// The values to try in place of a field's, from its checks and its value in the example.
fn probes(checks: &[Check], ty: &TypeRef, current: Option<&Value>) -> Vec<Value> {
    let mut out = Vec::new();
    let text = current.and_then(Value::as_str).unwrap_or("");
    let number = |value: f64| match ty {
        TypeRef::Integer => [value.floor(), value.ceil()].map(|v| json!(v as i64)).to_vec(),
        _ => vec![json!(value)],
    };
    for check in checks {
        match check {
            Check::MinLength { min, date_time: false } => {
                out.push(json!("a".repeat(*min as usize)));
                if *min > 0 {
                    out.push(json!("a".repeat(*min as usize - 1)));
                }
            }
            Check::MaxLength { max, date_time: false } => {
                out.push(json!("a".repeat(*max as usize)));
                out.push(json!("a".repeat(*max as usize + 1)));
            }
            Check::Pattern { date_time: false, .. } => {
                let mut shorter = text.chars();
                shorter.next_back();
                for candidate in [
                    format!("{text}~"),
                    format!("~{text}"),
                    format!("{text}a"),
                    format!("0{text}"),
                    text.to_uppercase(),
                    shorter.as_str().to_string(),
                    String::new(),
                ] {
                    out.push(json!(candidate));
                }
            }
            Check::Minimum(Bound { value, .. }) | Check::Maximum(Bound { value, .. }) => {
                let step = if *ty == TypeRef::Integer { 1.0 } else { 0.5 };
                for v in [value - step, *value, value + step] {
                    out.extend(number(v));
                }
            }
            _ => {}
        }
    }
    out.dedup();
    out
}

/// The field's own type, through aliases: only text and numbers are probed.
fn scalar(api: &Api, ty: &TypeRef) -> Option<TypeRef> {
    match ty {
        TypeRef::String | TypeRef::Integer | TypeRef::Number => Some(ty.clone()),
        TypeRef::Named(key) => match &api.types.get(key)?.kind {
            TypeKind::Alias(target) => scalar(api, target),
            _ => None,
        },
        _ => None,
    }
}

/// The SDK's verdict: decoded and validated (`Err` with the path and rule, or the decode error).
fn sdk(product: &str, def: &TypeDef, value: &Value) -> Result<(), String> {
    let decoded = gcore::__registry::roundtrip(product, &def.name, value.clone())
        .unwrap_or_else(|| panic!("{product}: no type {} in the registry", def.name))
        .map_err(|e| format!("does not decode: {e}"))?;
    decoded
        .validation
        .unwrap_or_else(|| panic!("{product}: {} is not validated", def.name))
}

#[test]
fn validation_agrees_with_an_independent_validator() {
    let (mut types, mut examples, mut contradicting, mut probed, mut refused) = (0, 0, 0, 0, 0);
    let mut disagreements = Vec::new();
    for folder in products() {
        let api = gcore_sdk_tests::facts::model_of(&folder);
        let document = gcore_sdk_tests::facts::document_of(&folder);
        let product = api.product.name.clone();
        for def in api.types.values() {
            let TypeKind::Struct(s) = &def.kind else { continue };
            if !def.usage.request || def.docs.examples.iter().all(|e| !e.is_object()) {
                continue;
            }
            types += 1;
            let mut root = json!({"$ref": format!("#{}", def.pointer)});
            for part in ["components", "paths"] {
                root[part] = document.get(part).cloned().unwrap_or(Value::Null);
            }
            let schema = jsonschema::options()
                .should_validate_formats(true)
                .build(&root)
                .unwrap_or_else(|e| panic!("{product}: {}: the validator refuses the schema: {e}", def.name));
            for example in def.docs.examples.iter().filter(|e| e.is_object()) {
                examples += 1;
                if !schema.is_valid(example) {
                    contradicting += 1;
                    continue;
                }
                if let Err(e) = sdk(&product, def, example) {
                    disagreements.push(format!(
                        "{product}: {}: the schema accepts the example, the SDK does not: {e}\n    {example}",
                        def.name
                    ));
                    continue;
                }
                for field in &s.fields {
                    let Some(ty) = scalar(&api, &field.ty) else { continue };
                    for probe in probes(&field.checks, &ty, example.get(&field.wire_name)) {
                        probed += 1;
                        let mut value = example.clone();
                        value[&field.wire_name] = probe.clone();
                        let (by_schema, by_sdk) = (schema.is_valid(&value), sdk(&product, def, &value));
                        refused += usize::from(!by_schema);
                        if by_schema != by_sdk.is_ok() {
                            disagreements.push(format!(
                                "{product}: {}.{} = {probe}: the schema {}, the SDK {}",
                                def.name,
                                field.wire_name,
                                if by_schema { "accepts" } else { "refuses" },
                                by_sdk.err().map_or("accepts".to_string(), |e| format!("refuses ({e})"))
                            ));
                        }
                    }
                }
            }
        }
    }
    println!(
        "validation: {types} request types with examples, {examples} examples ({contradicting} the schema refuses), \
         {probed} boundary values ({refused} refused): {} disagreements",
        disagreements.len()
    );
    assert!(disagreements.is_empty(), "{}", disagreements.join("\n"));
    assert!(
        types >= 20 && probed >= 200,
        "{types} types, {probed} values: too few to say much"
    );
    assert!(
        refused > 0 && refused < probed,
        "{refused} of {probed} values refused: the probes must land on both sides of the bounds"
    );
}
