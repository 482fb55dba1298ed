//! What each value is checked for before it is sent: the constraints of every field,
//! parameter and body, with those of the aliases its type names, as [`Check`]s; and which
//! types have checks inside them (`TypeDef::validates`), so that their `Validate` is called.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::{Api, Check, Constraints, TypeKey, TypeKind, TypeRef};

pub fn mark_checks(api: &mut Api) {
    let part_checks = part_checks(api);
    let validates = validating_types(api, &part_checks);
    let operation_checks: Vec<(Vec<Vec<Check>>, Vec<Check>)> = api
        .operations
        .iter()
        .map(|op| {
            let params = op.params.iter().map(|p| checks_of(api, &p.ty, &p.docs.constraints)).collect();
            let body = op.body.as_ref().map(|b| checks_of(api, &b.ty, &b.docs.constraints));
            (params, body.unwrap_or_default())
        })
        .collect();
    for (op, (params, body)) in api.operations.iter_mut().zip(operation_checks) {
        for (param, checks) in op.params.iter_mut().zip(params) {
            param.checks = checks;
        }
        if let Some(b) = &mut op.body {
            b.checks = body;
        }
    }
    let mut part_checks = part_checks;
    for (key, def) in &mut api.types {
        def.validates = validates.contains(key);
        let mut checks = |index: usize| part_checks.remove(&(key.clone(), index)).unwrap_or_default();
        match &mut def.kind {
            TypeKind::Struct(s) => s
                .fields
                .iter_mut()
                .enumerate()
                .for_each(|(i, field)| field.checks = checks(i)),
            TypeKind::Union(u) => u
                .variants
                .iter_mut()
                .enumerate()
                .for_each(|(i, variant)| variant.checks = checks(i)),
            TypeKind::Alias(_) | TypeKind::Enum(_) => {}
        }
    }
}

/// The checks of every struct field and union variant that has any, by type and index.
fn part_checks(api: &Api) -> BTreeMap<(TypeKey, usize), Vec<Check>> {
    let mut found = BTreeMap::new();
    for (key, def) in &api.types {
        let parts: Vec<(&TypeRef, &Constraints)> = match &def.kind {
            TypeKind::Struct(s) => s.fields.iter().map(|f| (&f.ty, &f.docs.constraints)).collect(),
            TypeKind::Union(u) => u.variants.iter().map(|v| (&v.ty, &v.constraints)).collect(),
            TypeKind::Alias(_) | TypeKind::Enum(_) => continue,
        };
        for (index, (ty, constraints)) in parts.into_iter().enumerate() {
            let checks = checks_of(api, ty, constraints);
            if !checks.is_empty() {
                found.insert((key.clone(), index), checks);
            }
        }
    }
    found
}

/// The types whose values have something to check inside: a field or variant with checks,
/// rules on their own number of properties, or a part (field, variant, alias target, item)
/// of such a type. Grown to a fixed point, so cycles end.
fn validating_types(api: &Api, part_checks: &BTreeMap<(TypeKey, usize), Vec<Check>>) -> BTreeSet<TypeKey> {
    let mut validating = BTreeSet::new();
    loop {
        let grown: Vec<TypeKey> = api
            .types
            .iter()
            .filter(|(key, _)| !validating.contains(*key))
            .filter(|(key, def)| {
                let own = &def.docs.constraints;
                match &def.kind {
                    // A struct counts its own fields; an alias's rules are checked where it is
                    // used, with the checks of the value it names (`checks_of`).
                    TypeKind::Struct(s) => {
                        own.min_properties.is_some()
                            || own.max_properties.is_some()
                            || s.fields.iter().enumerate().any(|(index, field)| {
                                part_checks.contains_key(&(TypeKey::clone(key), index)) || contains(&validating, &field.ty)
                            })
                    }
                    TypeKind::Union(u) => u.variants.iter().enumerate().any(|(index, variant)| {
                        part_checks.contains_key(&(TypeKey::clone(key), index)) || contains(&validating, &variant.ty)
                    }),
                    TypeKind::Alias(target) => contains(&validating, target),
                    TypeKind::Enum(_) => false,
                }
            })
            .map(|(key, _)| key.clone())
            .collect();
        if grown.is_empty() {
            return validating;
        }
        validating.extend(grown);
    }
}

/// Whether a value of type `ty` holds a value of one of the `validating` types, through
/// `null`, lists and maps. (Not through tuples: `Validate` has no tuple impl, and no Gcore
/// document constrains the items of one; its one tuple is response-only.)
fn contains(validating: &BTreeSet<TypeKey>, ty: &TypeRef) -> bool {
    ty.named(true).is_some_and(|key| validating.contains(key))
}

/// The checks a value of type `ty` needs: `rules` (a field's, parameter's or body's own),
/// and those of every alias `ty` names on the way to its shape, such as a component that is
/// a map with rules on its keys, used as a whole body.
pub fn checks_of(api: &Api, ty: &TypeRef, rules: &Constraints) -> Vec<Check> {
    through_aliases(api, ty, vec![rules], &BTreeSet::new())
}

fn through_aliases<'a>(
    api: &'a Api,
    ty: &'a TypeRef,
    mut rules: Vec<&'a Constraints>,
    expanded: &BTreeSet<&'a TypeKey>,
) -> Vec<Check> {
    let (mut shape, mut expanded) = (ty, expanded.clone());
    while let TypeRef::Named(key) = shape {
        match api.types.get(key).map(|def| (&def.kind, &def.docs.constraints)) {
            // An alias met twice on one path is a cycle: its rules are already in.
            Some((TypeKind::Alias(target), constraints)) if expanded.insert(key) => {
                rules.push(constraints);
                shape = target;
            }
            _ => break,
        }
    }
    if let TypeRef::Nullable(inner) = shape {
        let checks = through_aliases(api, inner, rules, &expanded);
        return match checks.is_empty() {
            true => checks,
            false => vec![Check::IfPresent(checks)],
        };
    }
    let mut checks: Vec<Check> = rules.iter().flat_map(|r| shape_checks(shape, r)).collect();
    type Each = fn(Vec<Check>) -> Check;
    let (element, element_rules, each): (_, Vec<&Constraints>, Each) = match shape {
        TypeRef::Array(item) => (
            item,
            rules.iter().filter_map(|r| r.items.as_deref()).collect(),
            Check::EachItem,
        ),
        TypeRef::Map(item) => (
            item,
            rules.iter().filter_map(|r| r.values.as_deref()).collect(),
            Check::EachValue,
        ),
        TypeRef::Named(_)
        | TypeRef::String
        | TypeRef::Integer
        | TypeRef::Number
        | TypeRef::Boolean
        | TypeRef::DateTime
        | TypeRef::Json
        | TypeRef::JsonObject
        | TypeRef::Nullable(_)
        | TypeRef::Tuple(_)
        | TypeRef::Bytes
        | TypeRef::Multipart => return checks,
    };
    let element_checks = through_aliases(api, element, element_rules, &expanded);
    if !element_checks.is_empty() {
        checks.push(each(element_checks));
    }
    checks
}

/// The checks of `constraints` on a value of shape `ty` itself (not on its items or values).
fn shape_checks(ty: &TypeRef, constraints: &Constraints) -> Vec<Check> {
    let mut checks = Vec::new();
    if let TypeRef::String | TypeRef::DateTime = ty {
        let date_time = *ty == TypeRef::DateTime;
        if let Some(pattern) = &constraints.pattern {
            checks.push(Check::Pattern {
                pattern: pattern.clone(),
                date_time,
            });
        }
        if let Some(min) = constraints.min_length {
            checks.push(Check::MinLength {
                min: min as u64,
                date_time,
            });
        }
        if let Some(max) = constraints.max_length {
            checks.push(Check::MaxLength {
                max: max as u64,
                date_time,
            });
        }
    }
    if let TypeRef::Integer | TypeRef::Number = ty {
        checks.extend(constraints.minimum.map(Check::Minimum));
        checks.extend(constraints.maximum.map(Check::Maximum));
    }
    if let TypeRef::Array(_) | TypeRef::Map(_) | TypeRef::JsonObject = ty {
        checks.extend(constraints.min_items.map(|min| Check::MinItems(min as u64)));
        checks.extend(constraints.max_items.map(|max| Check::MaxItems(max as u64)));
    }
    if let (TypeRef::Array(_), true) = (ty, constraints.unique_items) {
        checks.push(Check::UniqueItems);
    }
    if let TypeRef::Map(_) | TypeRef::JsonObject = ty {
        checks.extend(constraints.min_properties.map(|min| Check::MinProperties(min as u64)));
        checks.extend(constraints.max_properties.map(|max| Check::MaxProperties(max as u64)));
        if let Some(keys) = &constraints.keys {
            // A key that breaks a rule is reported as the value, at the map's path.
            let key_checks = shape_checks(&TypeRef::String, keys);
            if !key_checks.is_empty() {
                checks.push(Check::EachKey(key_checks));
            }
        }
    }
    checks
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Bound, Field};
    use serde_json::json;

    /// The model of a document with these schemas and one call taking `limit`, checks marked.
    fn marked(schemas: serde_json::Value) -> Api {
        let origins = crate::load::Origins::default();
        // Only what a call reaches is built: the call returns every schema.
        let every: serde_json::Map<String, serde_json::Value> = schemas
            .as_object()
            .unwrap()
            .keys()
            .map(|name| (name.clone(), json!({"$ref": format!("#/components/schemas/{name}")})))
            .collect();
        let document = json!({
            "openapi": "3.1.0",
            "info": {"title": "Zoo", "version": "1"},
            "paths": {"/zoo/pets": {"get": {
                "operationId": "list_pets",
                "parameters": [{"name": "limit", "in": "query", "schema": {"type": "integer", "maximum": 100}}],
                "responses": {"200": {"description": "ok", "content": {"application/json": {
                    "schema": {"type": "object", "properties": every}
                }}}}
            }}},
            "components": {"schemas": schemas}
        });
        let product = crate::product::Product::derived(&document);
        let lowered = crate::lower::lower(document, &origins).unwrap();
        let mut api = crate::build::build(crate::lower::split(lowered, &origins).unwrap(), &origins, product).unwrap();
        mark_checks(&mut api);
        api
    }

    fn field<'a>(api: &'a Api, schema: &str, name: &str) -> &'a Field {
        let TypeKind::Struct(s) = &api.types[&TypeKey::Component(schema.into())].kind else {
            panic!("{schema} is a struct")
        };
        s.fields.iter().find(|f| f.wire_name == name).unwrap()
    }

    #[test]
    fn a_fields_checks_are_its_own_then_those_of_the_aliases_it_names() {
        let api = marked(json!({
            "Name": {"type": "string", "pattern": "^[a-z]+$", "maxLength": 8},
            "Pet": {"type": "object", "properties": {
                "name": {"$ref": "#/components/schemas/Name"},
                "age": {"type": "integer", "minimum": 0, "exclusiveMaximum": 40},
                "born": {"type": "string", "format": "date-time", "minLength": 10},
                "plain": {"type": "string"}
            }}
        }));
        assert_eq!(
            field(&api, "Pet", "name").checks,
            [
                Check::Pattern {
                    pattern: "^[a-z]+$".into(),
                    date_time: false
                },
                Check::MaxLength {
                    max: 8,
                    date_time: false
                }
            ]
        );
        assert_eq!(
            field(&api, "Pet", "age").checks,
            [
                Check::Minimum(Bound {
                    value: 0.0,
                    exclusive: false
                }),
                Check::Maximum(Bound {
                    value: 40.0,
                    exclusive: true
                })
            ]
        );
        assert_eq!(
            field(&api, "Pet", "born").checks,
            [Check::MinLength {
                min: 10,
                date_time: true
            }]
        );
        assert_eq!(field(&api, "Pet", "plain").checks, []);
        assert_eq!(
            api.operations[0].params[0].checks,
            [Check::Maximum(Bound {
                value: 100.0,
                exclusive: false
            })]
        );
    }

    #[test]
    fn lists_and_maps_check_themselves_then_each_key_item_or_value() {
        let api = marked(json!({
            "Pet": {"type": "object", "properties": {
                "tags": {"type": "array", "maxItems": 3, "uniqueItems": true, "items": {"type": "string", "minLength": 1}},
                "scores": {
                    "type": "object",
                    "minProperties": 1,
                    "propertyNames": {"pattern": "^[a-z]+$"},
                    "additionalProperties": {"type": "integer", "minimum": 0}
                },
                "maybe": {"type": "array", "items": {"type": ["string", "null"], "maxLength": 2}}
            }}
        }));
        assert_eq!(
            field(&api, "Pet", "tags").checks,
            [
                Check::MaxItems(3),
                Check::UniqueItems,
                Check::EachItem(vec![Check::MinLength {
                    min: 1,
                    date_time: false
                }])
            ]
        );
        assert_eq!(
            field(&api, "Pet", "scores").checks,
            [
                Check::MinProperties(1),
                Check::EachKey(vec![Check::Pattern {
                    pattern: "^[a-z]+$".into(),
                    date_time: false
                }]),
                Check::EachValue(vec![Check::Minimum(Bound {
                    value: 0.0,
                    exclusive: false
                })])
            ]
        );
        assert_eq!(
            field(&api, "Pet", "maybe").checks,
            [Check::EachItem(vec![Check::IfPresent(vec![Check::MaxLength {
                max: 2,
                date_time: false
            }])])]
        );
    }

    #[test]
    fn a_type_validates_when_something_inside_it_is_checked_through_any_cycle() {
        let api = marked(json!({
            "Node": {"type": "object", "properties": {
                "name": {"type": "string", "minLength": 1},
                "children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}}
            }},
            "Tree": {"type": "object", "properties": {"root": {"$ref": "#/components/schemas/Node"}}},
            "Forest": {"type": "object", "properties": {"trees": {"type": "object", "additionalProperties": {"$ref": "#/components/schemas/Tree"}}}},
            "Loop": {"type": "object", "properties": {"next": {"$ref": "#/components/schemas/Loop"}}},
            "Sized": {"type": "object", "maxProperties": 2, "properties": {"a": {"type": "string"}}},
            "Either": {"oneOf": [{"$ref": "#/components/schemas/Loop"}, {"$ref": "#/components/schemas/Sized"}]},
            "Labels": {"type": "object", "maxProperties": 2, "additionalProperties": {"type": "string"}},
            "Schedule": {"oneOf": [{"type": "string", "pattern": "^[0-9]+$"}, {"$ref": "#/components/schemas/Loop"}]}
        }));
        let validates = |name: &str| api.types[&TypeKey::Component(name.into())].validates;
        assert!(validates("Node") && validates("Tree") && validates("Forest"));
        assert!(!validates("Loop"), "a cycle with nothing to check");
        assert!(validates("Sized"), "its own number of properties");
        assert!(validates("Either"), "one variant validates");
        assert!(
            !validates("Labels"),
            "a map's own rules are checked where it is used, not by a `Validate` of its own"
        );
        assert!(validates("Schedule"), "a variant's branch has rules");
        let TypeKind::Union(schedule) = &api.types[&TypeKey::Component("Schedule".into())].kind else {
            panic!("Schedule is a union")
        };
        let pattern = Check::Pattern {
            pattern: "^[0-9]+$".into(),
            date_time: false,
        };
        assert_eq!(
            (&schedule.variants[0].checks, &schedule.variants[1].checks),
            (&vec![pattern], &vec![])
        );
        assert!(api.validates(&TypeRef::Array(Box::new(TypeRef::Named(TypeKey::Component("Tree".into()))))));
    }
}
