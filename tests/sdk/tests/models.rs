//! The generated types against what the spec says: every example in spec/ decodes into the
//! type generated for its schema and encodes back to itself (`gcore_sdk_tests::wire`), with no
//! documented enum value read as unknown; values generated from the model survive
//! decode → encode → decode and encode back to themselves too; and the edge cases of the wire (null vs absent, unknown enum
//! values, date-time shapes, missing fields) behave as the README promises.
//!
//! Types are reached by product and name through `gcore::__registry` (feature `schema-registry`, on for
//! this crate only), so a schema added to spec/ is covered without touching this file.

use std::collections::BTreeSet;
use std::path::Path;

use codegen::model::{Api, ParamLocation, TypeDef, TypeKind, TypeRef};
use gcore_sdk_tests::rng::Rng;
use serde_json::{json, Map, Value};

/// Examples in spec/ that contradict their own schema even after the overlays, as
/// `product: place` lines (tests/fixtures/example-contradictions.txt says why they are
/// there). A line that stops failing makes the test fail too, so the list cannot go stale.
fn known_contradictions() -> BTreeSet<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/example-contradictions.txt");
    std::fs::read_to_string(path)
        .expect("the list of known contradictions")
        .lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .map(str::to_owned)
        .collect()
}

/// The model of every product of spec/.
fn apis() -> Vec<Api> {
    gcore_sdk_tests::facts::platform().into_iter().map(|(_, api)| api).collect()
}

/// Checks that `value` is a valid value of shape `ty` as the SDK decodes it.
fn check(api: &Api, ty: &TypeRef, value: &Value) -> Result<(), String> {
    let expect = |ok: bool, what: &str| {
        if ok {
            Ok(())
        } else {
            Err(format!("expected {what}, got {value}"))
        }
    };
    match ty {
        TypeRef::Named(key) => {
            let name = &api.types[key].name;
            let decoded = gcore::__registry::roundtrip(&api.product.name, name, value.clone())
                .unwrap_or_else(|| Err(format!("no type {name} in the registry")))?;
            let lost = gcore_sdk_tests::wire::differences(value, &decoded.encoded);
            if !lost.is_empty() {
                return Err(format!(
                    "encoding the decoded value does not give it back: {}",
                    lost.join("; ")
                ));
            }
            if decoded.has_unknown_values {
                return Err("an enum value decodes as unknown to its type".into());
            }
            Ok(())
        }
        TypeRef::Nullable(inner) if value.is_null() => {
            let _ = inner;
            Ok(())
        }
        TypeRef::Nullable(inner) => check(api, inner, value),
        TypeRef::String => expect(value.is_string(), "a string"),
        TypeRef::Integer => expect(value.is_i64(), "an integer"),
        TypeRef::Number => expect(value.is_number(), "a number"),
        TypeRef::Boolean => expect(value.is_boolean(), "a boolean"),
        TypeRef::DateTime => match value.as_str() {
            Some(text) => text.parse::<gcore::DateTime>().map(drop).map_err(|e| e.to_string()),
            None => expect(false, "a date-time string"),
        },
        TypeRef::Json => Ok(()),
        TypeRef::JsonObject => expect(value.is_object(), "an object"),
        TypeRef::Tuple(items) => match value.as_array() {
            Some(values) if values.len() == items.len() => items.iter().zip(values).try_for_each(|(ty, v)| check(api, ty, v)),
            _ => expect(false, &format!("a list of {} items", items.len())),
        },
        // Bodies that are not JSON: no example in a schema has these shapes.
        TypeRef::Bytes | TypeRef::Multipart => expect(false, "a JSON shape"),
        TypeRef::Array(item) => match value.as_array() {
            Some(items) => items.iter().try_for_each(|v| check(api, item, v)),
            None => expect(false, "a list"),
        },
        TypeRef::Map(item) => match value.as_object() {
            Some(entries) => entries.values().try_for_each(|v| check(api, item, v)),
            None => expect(false, "an object"),
        },
    }
}

/// A parameter's example as the value it stands for: a parameter is text on the wire, so
/// `"403"` for an integer and `22` for a string are the same request as `403` and `"22"`.
fn as_on_the_wire(ty: &TypeRef, example: &Value) -> Value {
    match (ty, example) {
        (TypeRef::Integer, Value::String(text)) => text.parse::<i64>().map_or_else(|_| example.clone(), Value::from),
        (TypeRef::Number, Value::String(text)) => text.parse::<f64>().map_or_else(|_| example.clone(), Value::from),
        (TypeRef::Boolean, Value::String(text)) => text.parse::<bool>().map_or_else(|_| example.clone(), Value::from),
        (TypeRef::String, Value::Number(_) | Value::Bool(_)) => Value::String(example.to_string()),
        (TypeRef::Array(item), Value::Array(items)) => items.iter().map(|value| as_on_the_wire(item, value)).collect(),
        _ => example.clone(),
    }
}

/// How many of a product's examples there are, and how many decode into their types and
/// encode back (the contract run's summary line reports it per product).
pub(crate) fn examples_decoded(api: &Api) -> (usize, usize) {
    let examples = examples(api);
    let decoded = examples
        .iter()
        .filter(|(_, ty, example)| check(api, ty, example).is_ok())
        .count();
    (decoded, examples.len())
}

/// Every (place, shape, example) in the model: types, fields and parameters.
fn examples(api: &Api) -> Vec<(String, TypeRef, Value)> {
    let mut found = Vec::new();
    for (key, def) in &api.types {
        for example in &def.docs.examples {
            found.push((def.name.clone(), TypeRef::Named(key.clone()), example.clone()));
        }
        if let TypeKind::Struct(s) = &def.kind {
            for field in &s.fields {
                let ty = if field.nullable {
                    TypeRef::Nullable(Box::new(field.ty.clone()))
                } else {
                    field.ty.clone()
                };
                for example in &field.docs.examples {
                    found.push((format!("{}.{}", def.name, field.wire_name), ty.clone(), example.clone()));
                }
            }
        }
    }
    for op in &api.operations {
        for param in &op.params {
            for example in &param.docs.examples {
                // A query list is sent as repeated `name=item` pairs, so one item and a list
                // of one are the same on the wire: Gcore's examples give the item.
                let ty = match (&param.ty, example) {
                    (TypeRef::Array(item), example) if !example.is_array() && param.location == ParamLocation::Query => {
                        (**item).clone()
                    }
                    _ => param.ty.clone(),
                };
                let example = as_on_the_wire(&ty, example);
                found.push((format!("{} {}", op.operation_id, param.wire_name), ty, example));
            }
        }
    }
    found
}

#[test]
fn every_example_in_the_spec_decodes_into_its_type() {
    let mut failing = BTreeSet::new();
    let mut report = Vec::new();
    let mut count = 0;
    for api in apis() {
        let examples = examples(&api);
        count += examples.len();
        for (place, ty, example) in &examples {
            let place = format!("{}: {place}", api.product.name);
            if let Err(error) = check(&api, ty, example) {
                report.push(format!("{place}: {error}\n    example: {example}"));
                failing.insert(place);
            }
        }
    }
    assert!(count > 5000, "expected the examples of every product, found {count}");
    let allowed = known_contradictions();
    let unexplained: Vec<&String> = report
        .iter()
        .filter(|line| !allowed.iter().any(|place| line.starts_with(&format!("{place}:"))))
        .collect();
    assert!(
        unexplained.is_empty(),
        "examples that do not decode (fix with an overlay, or list with a reason):\n{}",
        unexplained.iter().map(|s| s.as_str()).collect::<Vec<_>>().join("\n")
    );
    let stale: Vec<&String> = allowed.difference(&failing).collect();
    assert!(
        stale.is_empty(),
        "these known contradictions decode now; drop them: {stale:?}"
    );
    println!("{count} examples decoded");
}

// ---- property-generated values --------------------------------------------------------------

fn any_string(rng: &mut Rng) -> String {
    const PIECES: [&str; 8] = ["a", "Z", "0", "-", " ", "é", "日本", "\"\\/\n"];
    (0..rng.below(6)).map(|_| *rng.pick(&PIECES)).collect()
}

fn any_datetime(rng: &mut Rng) -> String {
    let date = format!("20{:02}-{:02}-{:02}", rng.below(40), 1 + rng.below(12), 1 + rng.below(28));
    let time = format!("{:02}:{:02}:{:02}", rng.below(24), rng.below(60), rng.below(60));
    let separator = *rng.pick(&["T", " "]);
    let fraction = *rng.pick(&[".123", ".5", ""]);
    let zone = *rng.pick(&["Z", "+02:00", "-05:30", ""]);
    format!("{date}{separator}{time}{fraction}{zone}")
}

fn any_json(rng: &mut Rng, depth: u32) -> Value {
    match rng.below(if depth > 2 { 4 } else { 6 }) {
        0 => Value::Null,
        1 => json!(rng.chance(50)),
        2 => json!(rng.next_u64() as i64),
        3 => json!(any_string(rng)),
        4 => Value::Array((0..rng.below(3)).map(|_| any_json(rng, depth + 1)).collect()),
        _ => Value::Object(
            (0..rng.below(3))
                .map(|_| (any_string(rng), any_json(rng, depth + 1)))
                .collect(),
        ),
    }
}

/// A value of shape `ty` as the API might send it.
fn generate(api: &Api, ty: &TypeRef, rng: &mut Rng, depth: u32) -> Value {
    match ty {
        TypeRef::Named(key) => generate_named(api, &api.types[key], rng, depth),
        TypeRef::Nullable(inner) => {
            if rng.chance(30) {
                Value::Null
            } else {
                generate(api, inner, rng, depth)
            }
        }
        TypeRef::String => json!(any_string(rng)),
        TypeRef::Integer => json!((rng.next_u64() as i64) >> rng.below(64)),
        TypeRef::Number => {
            // Any finite number (JSON has no NaN or infinity).
            let number = f64::from_bits(rng.next_u64());
            let number = if number.is_finite() {
                number.clamp(-1e300, 1e300)
            } else {
                0.5
            };
            json!(number * if rng.chance(50) { 0.0 } else { 1.0 })
        }
        TypeRef::Boolean => json!(rng.chance(50)),
        TypeRef::DateTime => json!(any_datetime(rng)),
        TypeRef::Json => any_json(rng, 0),
        TypeRef::JsonObject => Value::Object((0..rng.below(3)).map(|_| (any_string(rng), any_json(rng, 1))).collect()),
        TypeRef::Tuple(items) => Value::Array(items.iter().map(|item| generate(api, item, rng, depth + 1)).collect()),
        TypeRef::Bytes | TypeRef::Multipart => unreachable!("no model type holds a body that is not JSON"),
        TypeRef::Array(item) => {
            let n = if depth > 3 { 0 } else { rng.below(3) };
            Value::Array((0..n).map(|_| generate(api, item, rng, depth + 1)).collect())
        }
        TypeRef::Map(item) => {
            let n = if depth > 3 { 0 } else { rng.below(3) };
            Value::Object(
                (0..n)
                    .map(|_| (any_string(rng), generate(api, item, rng, depth + 1)))
                    .collect(),
            )
        }
    }
}

fn generate_named(api: &Api, def: &TypeDef, rng: &mut Rng, depth: u32) -> Value {
    match &def.kind {
        TypeKind::Alias(target) => generate(api, target, rng, depth),
        TypeKind::Union(u) => {
            let variant = rng.pick(&u.variants);
            generate(api, &variant.ty, rng, depth + 1)
        }
        TypeKind::Enum(e) => {
            // Now and then a value a newer API might send: it must survive too.
            if e.values.is_empty() || rng.chance(15) {
                json!(format!("NEW_{}", rng.below(100)))
            } else {
                json!(rng.pick(&e.values).wire)
            }
        }
        TypeKind::Struct(s) => {
            let mut object = Map::new();
            for field in &s.fields {
                if !field.required && (depth > 3 || rng.chance(40)) {
                    continue;
                }
                let value = if field.nullable && rng.chance(30) {
                    Value::Null
                } else {
                    generate(api, &field.ty, rng, depth + 1)
                };
                object.insert(field.wire_name.clone(), value);
            }
            if let Some(additional) = &s.additional {
                for _ in 0..rng.below(2) {
                    object.insert(
                        format!("extra_{}", rng.below(1000)),
                        generate(api, additional, rng, depth + 1),
                    );
                }
            }
            Value::Object(object)
        }
    }
}

/// The comparison the example and round-trip tests rely on: what the wire allows to differ
/// passes, a dropped field, a renamed one or a changed value does not.
#[test]
fn what_the_wire_allows_passes_and_a_loss_does_not() {
    use gcore_sdk_tests::wire::differences;
    let input = json!({"a": 5, "b": null, "c": "2024-01-01 10:00", "d": [1, 2]});
    let encoded = json!({"a": 5.0, "c": "2024-01-01 10:00", "d": [1, 2], "e": []});
    assert_eq!(differences(&input, &encoded), Vec::<String>::new());

    // A wire name spelled differently: dropped on decoding, written under the other name.
    assert_eq!(
        differences(&json!({"a": 5, "b": 1}), &json!({"a": 5, "B": 1})),
        ["/b: dropped (1)", "/B: added (1)"]
    );
    assert_eq!(
        differences(&json!({"s": "ACTIVE"}), &json!({"s": "DELETING"})),
        ["/s: \"ACTIVE\" came back as \"DELETING\""]
    );
    assert_eq!(differences(&json!([1, 2]), &json!([1])), [": [1,2] came back as [1]"]);
}

#[test]
fn generated_values_of_every_type_round_trip() {
    let (mut tried, mut types) = (0, 0);
    for api in apis() {
        let product = &api.product.name;
        for (i, def) in api.types.values().enumerate() {
            for case in 0..20u64 {
                let seed = 0x9e37_79b9_7f4a_7c15 ^ ((i as u64) << 32 | case);
                let value = generate_named(&api, def, &mut Rng(seed), 0);
                let result =
                    gcore::__registry::roundtrip(product, &def.name, value.clone()).expect("every type is in the registry");
                let lost = match result {
                    Ok(decoded) => gcore_sdk_tests::wire::differences(&value, &decoded.encoded),
                    Err(error) => vec![error],
                };
                if !lost.is_empty() {
                    panic!(
                        "{product}::{} (seed {seed:#x}): {}\n    value: {value}",
                        def.name,
                        lost.join("; ")
                    );
                }
                tried += 1;
            }
        }
        types += api.types.len();
    }
    println!("{tried} generated values round-tripped across {types} types");
}

// ---- the edges of the wire ----------------------------------------------------------------

#[test]
fn an_untagged_union_decodes_as_the_variant_that_holds_all_of_the_value() {
    use gcore::billing::models::BillingTrialsReplaceError400 as Error400;
    use gcore::cloud::models::{CreateLbListenerSecretId as SecretId, CreateLbListenerSecretIdVariant1};
    // Every variant's fields are optional: the first decodes any object, and used to drop
    // `trial_field`, which only the second has.
    let body = json!({"trial_field": ["must be a date"]});
    let decoded: Error400 = serde_json::from_value(body.clone()).unwrap();
    assert!(
        matches!(&decoded, Error400::BillingTrialsReplaceError400Variant2(v) if v.trial_field.is_some()),
        "{decoded:?}"
    );
    assert_eq!(serde_json::to_value(&decoded).unwrap(), body);
    let decoded: Error400 = serde_json::from_value(json!({"detail": "bad"})).unwrap();
    assert!(
        matches!(decoded, Error400::BillingTrialsReplaceError400Variant1(_)),
        "the first that holds it all"
    );
    // `anyOf: [const "", uuid string]`: a string enum decodes any string as `Unknown`, so a
    // UUID went to the enum; it is the string's.
    let uuid = "f2e734d0-fa2b-42c2-ad33-4c6db5101e00";
    let decoded: SecretId = serde_json::from_value(json!(uuid)).unwrap();
    assert_eq!(decoded, SecretId::String(uuid.into()));
    let decoded: SecretId = serde_json::from_value(json!("")).unwrap();
    assert_eq!(
        decoded,
        SecretId::CreateLbListenerSecretIdVariant1(CreateLbListenerSecretIdVariant1::Empty)
    );
    // Nothing fits: the error names the type, as serde's `untagged` did.
    let error = serde_json::from_value::<SecretId>(json!(5)).unwrap_err().to_string();
    assert!(
        error.contains("did not match any variant of untagged enum CreateLbListenerSecretId"),
        "{error}"
    );
}

#[test]
fn response_fields_decode_null_absent_and_values() {
    use gcore::cloud::models::Task;
    let minimal = json!({"id": "t", "user_id": 1, "task_type": "x", "state": "NEW"});
    let task: Task = serde_json::from_value(minimal.clone()).expect("optional fields may be missing");
    assert!(task.created_on.is_none(), "required but nullable, and missing: still decodes");

    let mut with_nulls = minimal.clone();
    with_nulls["created_on"] = Value::Null;
    with_nulls["error"] = Value::Null;
    with_nulls["detailed_state"] = Value::Null;
    let task: Task = serde_json::from_value(with_nulls).expect("nullable fields accept null");
    assert!(task.error.is_none() && task.detailed_state.is_none());

    let mut wrong = minimal;
    wrong["user_id"] = json!("one");
    let error = serde_path_to_error::deserialize::<_, Task>(wrong).expect_err("a wrong scalar type is an error");
    assert_eq!(error.path().to_string(), "user_id");

    // A required list the server leaves out is not worth failing a response over.
    let list: gcore::cloud::models::TaskIdList = serde_json::from_value(json!({})).expect("missing list decodes as empty");
    assert!(list.tasks.is_empty());
}

#[test]
fn a_corrected_response_field_decodes_every_shape_the_published_spec_allows() {
    use gcore::cloud::models::{InferenceDeployment, InferenceDeploymentCommand};
    // spec/corrections.overlay.yaml adds the list servers send to the published `string | null`.
    let with = |command: Value| -> Option<InferenceDeploymentCommand> {
        let mut body = json!({
            "project_id": 1, "name": "n", "image": "nginx:latest", "listening_port": 80, "status": "ACTIVE",
            "address": null, "auth_enabled": false, "containers": [], "flavor_name": "f",
            "credentials_name": "", "description": "", "envs": {}, "logging": null, "probes": null,
            "timeout": 120, "ingress_opts": null,
            "object_references": [],
        });
        body["command"] = command;
        let decoded: InferenceDeployment = serde_json::from_value(body).expect("decodes");
        decoded.command
    };
    let list = vec!["nginx".to_string(), "-g".to_string(), "daemon off;".to_string()];
    assert_eq!(
        with(json!(["nginx", "-g", "daemon off;"])),
        Some(InferenceDeploymentCommand::List(list))
    );
    assert_eq!(
        with(json!("nginx -g 'daemon off;'")),
        Some(InferenceDeploymentCommand::String("nginx -g 'daemon off;'".into()))
    );
    assert_eq!(with(Value::Null), None);
}

#[test]
fn objects_decode_as_serde_derives_would() {
    use gcore::cloud::models::Task;
    let text = r#"{"id": "t", "user_id": 1, "task_type": "x", "state": "NEW"}"#;
    let from_slice: Task = serde_json::from_str(text).unwrap();
    // A reader hands keys over as owned strings, and escapes do too: same result.
    let escaped = text.replace(r#""user_id""#, r#""user\u005fid""#);
    let from_reader: Task = serde_json::from_reader(escaped.as_bytes()).unwrap();
    assert_eq!(from_slice, from_reader);
    assert_eq!(from_reader.user_id, 1);

    let error = |json: &str| serde_json::from_str::<Task>(json).unwrap_err().to_string();
    assert!(
        error(r#"{"id": "t", "id": "u", "user_id": 1, "task_type": "x", "state": "NEW"}"#).starts_with("duplicate field `id`"),
        "a repeated property is refused, as the derive refuses it"
    );
    assert!(error(r#"{"id": "t", "task_type": "x", "state": "NEW"}"#).starts_with("missing field `user_id`"));
    assert!(error(r#"["t", 1, "x", "NEW"]"#).starts_with("invalid type: sequence, expected struct Task"));
}

#[test]
fn objects_encode_their_fields_in_declaration_order() {
    use gcore::cloud::models::{ContainerScaleV3, ContainerScaleV3Required};
    let scale = ContainerScaleV3::new(ContainerScaleV3Required { max: 3, min: 1 }).cooldown_period(60);
    let mut params = gcore_sdk_tests::support::container(scale);
    params.region_id = 7;
    assert_eq!(
        serde_json::to_string(&params).unwrap(),
        r#"{"region_id":7,"scale":{"cooldown_period":60,"max":3,"min":1}}"#
    );
    // Those happen to be alphabetical; Streaming's `createStream` is not: the spec's order
    // is kept, whatever order the setters are called in.
    let stream = gcore::streaming::models::CreateStream::new("Live")
        .uri("srt://example.com:5000")
        .pull(true)
        .active(false);
    assert_eq!(
        serde_json::to_string(&stream).unwrap(),
        r#"{"name":"Live","active":false,"pull":true,"uri":"srt://example.com:5000"}"#
    );
}

#[test]
fn request_fields_keep_absent_null_and_value_apart() {
    use gcore::cloud::models::InferenceDeploymentCreateParams;
    use gcore::Maybe;
    let base = gcore_sdk_tests::support::minimal_body;
    let encoded = |params: InferenceDeploymentCreateParams| serde_json::to_value(params).unwrap();
    assert!(
        encoded(base()).get("timeout").is_none(),
        "unset: left out, the API applies 120 s"
    );
    assert_eq!(
        encoded(base().timeout(Maybe::Null))["timeout"],
        Value::Null,
        "null: never scale down"
    );
    assert_eq!(encoded(base().timeout(300))["timeout"], json!(300));
    assert_eq!(
        encoded(base().command(vec!["nginx".to_string()]))["command"],
        json!(["nginx"])
    );
    assert!(encoded(base()).get("api_keys").is_none(), "optional, not nullable: left out");
}

/// What the round-trips above rest on: the registry says whether the value it decoded holds
/// an enum value its type does not list, counting only the union variant it chose.
#[test]
fn the_registry_tells_a_decoded_unknown_enum_value_from_a_known_one() {
    let unknown = |ty: &str, value: Value| {
        gcore::__registry::roundtrip("cloud", ty, value)
            .expect("in the registry")
            .expect("decodes")
            .has_unknown_values
    };
    assert!(!unknown("InferenceInstanceStatusV3", json!("ACTIVE")));
    assert!(unknown("InferenceInstanceStatusV3", json!("HIBERNATING")));
    assert!(unknown(
        "Task",
        json!({"id": "t", "user_id": 1, "task_type": "x", "state": "SLEEPING"})
    ));
    // `""` or any string: the enum variant, tried first, reads the id as unknown and is
    // set aside for the string variant, which holds it all.
    assert!(!unknown(
        "CreateLbListenerSecretId",
        json!("f2e734d0-fa2b-42c2-ad33-4c6db5101e00")
    ));
    assert!(!unknown("CreateLbListenerSecretId", json!("")));
}

#[test]
fn unknown_enum_values_are_kept_and_known_ones_stay_known() {
    use gcore::cloud::models::InferenceInstanceStatusV3 as Status;
    let known: Status = serde_json::from_value(json!("PARTIALLYDEPLOYED")).unwrap();
    assert_eq!(known, Status::PartiallyDeployed);
    assert_eq!(serde_json::to_value(&known).unwrap(), json!("PARTIALLYDEPLOYED"));
    assert_eq!(
        "ACTIVE".parse::<Status>().unwrap(),
        Status::Active,
        "parsing a known value gives the known variant"
    );
    for known in Status::KNOWN {
        assert_eq!(known.as_str().parse::<Status>().as_ref(), Ok(known));
    }
    // Text from user code is strict: a typo is an error naming what is allowed, never an
    // `Unknown` that would pass for a value the API sent.
    let typo = "ACTIV".parse::<Status>().unwrap_err();
    assert_eq!(typo.value(), "ACTIV");
    assert_eq!(typo.type_name(), "InferenceInstanceStatusV3");
    let known: Vec<&str> = Status::KNOWN.iter().map(Status::as_str).collect();
    assert_eq!(typo.known(), known.as_slice());
    assert_eq!(
        typo.to_string(),
        r#""ACTIV" is not a value of InferenceInstanceStatusV3; it is one of "ACTIVE", "DELETING", "DEPLOYING", "DISABLED", "PARTIALLYDEPLOYED" or "PENDING""#
    );
    assert!(
        "active".parse::<Status>().is_err(),
        "values are case-sensitive, as on the wire"
    );

    let unknown: Status = serde_json::from_value(json!("HIBERNATING")).unwrap();
    assert!(unknown.is_unknown());
    assert_eq!(unknown.as_str(), "HIBERNATING");
    assert_eq!(serde_json::to_value(&unknown).unwrap(), json!("HIBERNATING"));
    assert!(!Status::KNOWN.contains(&unknown));

    // Idiomatic names, exact wire values.
    assert_eq!(gcore::cloud::models::Zone::RussiaAndCis.as_str(), "RUSSIA_AND_CIS");
}

#[test]
fn date_times_in_every_shape_the_spec_uses_decode_without_loss() {
    for text in ["2019-12-31T23:59:59", "2019-12-31 23:59:59", "2023-08-22T11:21:00Z"] {
        let task: gcore::cloud::models::Task = serde_json::from_value(json!({
            "id": "t", "user_id": 1, "task_type": "x", "state": "NEW", "created_on": text
        }))
        .unwrap_or_else(|e| panic!("{text}: {e}"));
        let created = task.created_on.clone().expect("present");
        assert_eq!(created.as_str(), text);
        assert_eq!(
            serde_json::to_value(&task).unwrap()["created_on"],
            json!(text),
            "encodes back unchanged"
        );
    }
}

/// No constructor of a generated type takes two inputs by position, where two of one type
/// could be swapped unnoticed: two or more required fields come named, in the type's
/// `...Required` struct. Read from the generated code itself, every product.
#[test]
fn constructors_never_take_required_inputs_by_position() {
    let crates = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../generated/crates");
    let mut constructors = 0;
    let mut named = 0;
    for entry in std::fs::read_dir(&crates).unwrap() {
        let models = entry.unwrap().path().join("src/models.rs");
        let Ok(text) = std::fs::read_to_string(&models) else {
            continue;
        };
        let file = syn::parse_file(&text).unwrap_or_else(|e| panic!("{}: {e}", models.display()));
        let mut items: Vec<&syn::Item> = file.items.iter().collect();
        while let Some(item) = items.pop() {
            if let syn::Item::Mod(module) = item {
                items.extend(module.content.iter().flat_map(|(_, inner)| inner));
            }
            let syn::Item::Impl(block) = item else { continue };
            if block.trait_.is_some() {
                continue;
            }
            for inner in &block.items {
                let syn::ImplItem::Fn(function) = inner else { continue };
                if function.sig.ident != "new" {
                    continue;
                }
                constructors += 1;
                let inputs: Vec<String> = function.sig.inputs.iter().map(input_type).collect();
                assert!(
                    inputs.len() <= 1,
                    "{}: `new({})` takes required inputs by position",
                    models.display(),
                    inputs.join(", ")
                );
                if inputs.first().is_some_and(|input| input.ends_with("Required")) {
                    named += 1;
                }
            }
        }
    }
    assert!(
        constructors > 600 && named > 250,
        "{constructors} constructors, {named} with named inputs"
    );
}

fn input_type(input: &syn::FnArg) -> String {
    match input {
        syn::FnArg::Typed(typed) => match typed.ty.as_ref() {
            syn::Type::Path(path) => path.path.segments.last().map(|s| s.ident.to_string()).unwrap_or_default(),
            _ => "_".into(),
        },
        syn::FnArg::Receiver(_) => "self".into(),
    }
}
