//! Stage 3, docs: what the spec says of a type, field or parameter for its docs, and the
//! validation rules it states.

use super::*;

pub(super) fn docs_of(schema: &Schema) -> Docs {
    let data = &schema.schema_data;
    // 3.1 `examples` first (docs show the first example), then 3.0 `example` if it says
    // something else: tests decode every one of them.
    let mut examples = match data.extensions.get("x-examples") {
        Some(Value::Array(examples)) => examples.clone(),
        _ => Vec::new(),
    };
    if let Some(example) = data.example.as_ref().filter(|e| !examples.contains(e)) {
        examples.push(example.clone());
    }
    let (format, mut constraints) = format_and_constraints(schema);
    constraints.keys = data
        .extensions
        .get("x-propertyNames")
        .and_then(key_schema)
        .and_then(|keys| rules_of(&keys));
    Docs {
        title: data.title.clone(),
        description: data.description.clone(),
        default: data.default.clone(),
        examples,
        deprecated: data.deprecated,
        format,
        constraints,
    }
}

/// A schema's `format` and the constraints its typed form holds (`pattern`, bounds, counts,
/// the rules of its items and values).
fn format_and_constraints(schema: &Schema) -> (Option<String>, Constraints) {
    let data = &schema.schema_data;
    let mut format = None;
    let mut constraints = Constraints::default();
    let c = &mut constraints;
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => {
            format = format_name(&s.format);
            c.pattern = s.pattern.clone();
            c.min_length = s.min_length;
            c.max_length = s.max_length;
        }
        SchemaKind::Type(Type::Integer(i)) => {
            format = format_name(&i.format);
            c.minimum = i.minimum.map(|v| Bound {
                value: v as f64,
                exclusive: i.exclusive_minimum,
            });
            c.maximum = i.maximum.map(|v| Bound {
                value: v as f64,
                exclusive: i.exclusive_maximum,
            });
        }
        SchemaKind::Type(Type::Number(n)) => {
            format = format_name(&n.format);
            c.minimum = n.minimum.map(|v| Bound {
                value: v,
                exclusive: n.exclusive_minimum,
            });
            c.maximum = n.maximum.map(|v| Bound {
                value: v,
                exclusive: n.exclusive_maximum,
            });
        }
        SchemaKind::Type(Type::Array(a)) => {
            c.min_items = a.min_items;
            c.max_items = a.max_items;
            c.unique_items = a.unique_items;
            c.items = item_rules(a.items.as_ref());
        }
        SchemaKind::Type(Type::Object(o)) => {
            c.values = value_rules(o.additional_properties.as_ref(), data);
            c.min_properties = o.min_properties;
            c.max_properties = o.max_properties;
        }
        SchemaKind::Any(any) => {
            format = any.format.clone();
            c.pattern = any.pattern.clone();
            c.min_length = any.min_length;
            c.max_length = any.max_length;
            c.minimum = any.minimum.map(|value| Bound {
                value,
                exclusive: any.exclusive_minimum.unwrap_or(false),
            });
            c.maximum = any.maximum.map(|value| Bound {
                value,
                exclusive: any.exclusive_maximum.unwrap_or(false),
            });
            c.min_items = any.min_items;
            c.max_items = any.max_items;
            c.unique_items = any.unique_items == Some(true);
            c.min_properties = any.min_properties;
            c.max_properties = any.max_properties;
            c.items = item_rules(any.items.as_ref());
            c.values = value_rules(any.additional_properties.as_ref(), data);
        }
        _ => {}
    }
    (format, constraints)
}

/// The rules of an inline item, key or value schema (a `$ref`'s rules stay with its type).
pub(super) fn rules_of(schema: &Schema) -> Option<Box<Constraints>> {
    Some(Box::new(docs_of(schema).constraints)).filter(|c| !c.is_empty())
}

pub(super) fn item_rules(items: Option<&ReferenceOr<Box<Schema>>>) -> Option<Box<Constraints>> {
    items.and_then(|items| items.as_item()).and_then(|schema| rules_of(schema))
}

/// The rules of a map's values: its `additionalProperties` schema's, else its patterns'.
pub(super) fn value_rules(additional: Option<&AdditionalProperties>, data: &openapiv3::SchemaData) -> Option<Box<Constraints>> {
    match additional {
        Some(AdditionalProperties::Schema(schema)) => schema.as_item().and_then(rules_of),
        _ => pattern_value_rules(data),
    }
}

/// The rules of a `patternProperties` map's values, when all its patterns give the same.
pub(super) fn pattern_value_rules(data: &openapiv3::SchemaData) -> Option<Box<Constraints>> {
    let Some(Value::Object(patterns)) = data.extensions.get("x-patternProperties") else {
        return None;
    };
    let mut shared: Option<Option<Box<Constraints>>> = None;
    for schema in patterns.values() {
        let rules = serde_json::from_value::<Schema>(schema.clone())
            .ok()
            .and_then(|s| rules_of(&s));
        match &shared {
            Some(seen) if *seen != rules => return None,
            _ => shared = Some(rules),
        }
    }
    shared.flatten()
}

/// `propertyNames`, read as a schema (it has no `type`: keys are strings).
pub(super) fn key_schema(names: &Value) -> Option<Schema> {
    serde_json::from_value(names.clone()).ok()
}

pub(super) fn format_name<T: serde::Serialize>(format: &VariantOrUnknownOrEmpty<T>) -> Option<String> {
    match format {
        VariantOrUnknownOrEmpty::Item(item) => serde_json::to_value(item).ok().and_then(|v| v.as_str().map(str::to_owned)),
        VariantOrUnknownOrEmpty::Unknown(name) => Some(name.clone()),
        VariantOrUnknownOrEmpty::Empty => None,
    }
}
