//! The composite constructs of the model: maps of pattern properties, single-member
//! `allOf`, unions, tuples, lists and objects. Scalars, references and the choice between
//! these are in `mod.rs` (`classify`).

use openapiv3::{AdditionalProperties, ReferenceOr, Schema};
use serde_json::Value;

use super::docs::docs_of;
use super::*;

impl Builder<'_> {
    /// `patternProperties` without other properties: a map whose values have the patterns'
    /// type when they agree (any JSON when they do not); the key patterns are documentation.
    pub(super) fn pattern_map(&mut self, patterns: &Value, pointer: &str, key: &TypeKey, hint: &NameHint) -> Result<Resolved> {
        let patterns_pointer = push_pointer(pointer, "patternProperties");
        let Value::Object(patterns) = patterns else {
            return Err(self.error(&patterns_pointer, "`patternProperties` must be a mapping"));
        };
        let mut value: Option<TypeRef> = None;
        for (pattern, schema) in patterns {
            let schema_pointer = push_pointer(&patterns_pointer, pattern);
            let schema: ReferenceOr<Schema> = serde_json::from_value(schema.clone())
                .map_err(|e| self.error(&schema_pointer, format!("not a schema openapiv3 can read: {e}")))?;
            let shape = self.resolve(&schema, &schema_pointer, &shape_child_hint(key, hint, "Value"))?;
            let ty = nullable_if(shape.ty, shape.nullable);
            value = match value {
                Some(seen) if seen != ty => Some(TypeRef::Json),
                _ => Some(ty),
            };
        }
        Ok(Resolved::Shape(Shape {
            ty: TypeRef::Map(Box::new(value.unwrap_or(TypeRef::Json))),
            nullable: false,
        }))
    }

    /// `allOf` with one schema: the wrapper only adds annotations to it. An inline schema
    /// there is named as the wrapper would have been.
    pub(super) fn single_all_of(
        &mut self,
        inner: &ReferenceOr<Schema>,
        pointer: &str,
        key: &TypeKey,
        hint: &NameHint,
    ) -> Result<Resolved> {
        let inner_pointer = push_pointer(&push_pointer(pointer, "allOf"), "0");
        let hint = match &key {
            TypeKey::Component(_) => NameHint {
                owner: Owner::Type(key.clone()),
                role: "Inner".into(),
            },
            TypeKey::Inline(_) => hint.clone(),
        };
        Ok(Resolved::Shape(self.resolve(inner, &inner_pointer, &hint)?))
    }

    /// A union: branches of one scalar kind collapse to it (string formats to `String`,
    /// `integer | number` to a number); anything else is a Rust enum, tagged when the spec
    /// gives a discriminator.
    pub(super) fn union(
        &mut self,
        branches: &[ReferenceOr<Schema>],
        discriminator: Option<&openapiv3::Discriminator>,
        pointer: &str,
        key: &TypeKey,
    ) -> Result<Resolved> {
        let mut shapes = Vec::with_capacity(branches.len());
        for (i, branch) in branches.iter().enumerate() {
            let hint = NameHint {
                owner: Owner::Type(key.clone()),
                role: format!("Variant{}", i + 1),
            };
            let shape = self.resolve(branch, &push_pointer(pointer, &i.to_string()), &hint)?;
            shapes.push((branch, nullable_if(shape.ty, shape.nullable)));
        }
        if let Some(ty) = self.scalar_union(&shapes, pointer) {
            return Ok(Resolved::Shape(Shape { ty, nullable: false }));
        }
        let inline_branch = branches.iter().any(|b| matches!(b, ReferenceOr::Item(_)));
        let discriminator = match discriminator {
            Some(_) if inline_branch => {
                self.origins.warn(
                    WarningKind::IgnoredKeyword,
                    pointer,
                    "`discriminator` beside branches that are not `$ref`s: the first branch that fits wins",
                );
                None
            }
            other => other,
        };
        let tag_property = discriminator.map(|d| d.property_name.clone());
        let mut variants = Vec::with_capacity(shapes.len());
        for (branch, ty) in shapes {
            let tags = tags_of(discriminator, branch);
            let constraints = match branch {
                ReferenceOr::Item(schema) => docs_of(schema).constraints,
                ReferenceOr::Reference { .. } => Constraints::default(),
            };
            variants.push(Variant {
                ty,
                tags,
                name: String::new(),
                boxed: false,
                constraints,
                checks: Vec::new(),
            });
        }
        Ok(Resolved::Define(TypeKind::Union(Union {
            variants,
            tag_property,
            catch_all: String::new(),
        })))
    }

    /// A union whose branches are all strings (date-times among them) or all numbers is one
    /// scalar type: `String` (`DateTime` when every branch is one) or `f64`.
    fn scalar_union(&mut self, shapes: &[(&ReferenceOr<Schema>, TypeRef)], pointer: &str) -> Option<TypeRef> {
        let scalar = |ty: &TypeRef| matches!(ty, TypeRef::String | TypeRef::DateTime);
        let number = |ty: &TypeRef| matches!(ty, TypeRef::Integer | TypeRef::Number);
        let ty = if shapes.iter().all(|(_, ty)| scalar(ty)) {
            let all_date_times = shapes.iter().all(|(_, ty)| *ty == TypeRef::DateTime);
            if all_date_times {
                TypeRef::DateTime
            } else {
                TypeRef::String
            }
        } else if shapes.iter().all(|(_, ty)| number(ty)) {
            TypeRef::Number
        } else {
            return None;
        };
        // A value passes when one branch's rules pass: a branch without any lets every value
        // through, and otherwise no single list of checks says it.
        let constrained = |branch: &ReferenceOr<Schema>| match branch {
            ReferenceOr::Item(schema) => !docs_of(schema).constraints.is_empty(),
            // A `$ref` is a named type, never one of these scalars.
            ReferenceOr::Reference { .. } => false,
        };
        if shapes.iter().all(|(branch, _)| constrained(branch)) {
            self.origins.warn(
                WarningKind::IgnoredKeyword,
                pointer,
                "each branch of this union of scalars has rules of its own: the value is one scalar type, \
                 and none of the branches' rules is checked",
            );
        }
        Some(ty)
    }

    /// `prefixItems`: a Rust tuple when the list has exactly that many items (`minItems` and
    /// `maxItems`, or `items: false`, say so); otherwise a list of any JSON, with a warning.
    pub(super) fn tuple(
        &mut self,
        prefix: &Value,
        min_items: Option<usize>,
        max_items: Option<usize>,
        pointer: &str,
        key: &TypeKey,
        hint: &NameHint,
    ) -> Result<Resolved> {
        let prefix_pointer = push_pointer(pointer, "prefixItems");
        let Value::Array(items) = prefix else {
            return Err(self.error(&prefix_pointer, "`prefixItems` must be a list of schemas"));
        };
        if min_items != Some(items.len()) || max_items != Some(items.len()) {
            self.origins.warn(
                WarningKind::UntypedSchema,
                &prefix_pointer,
                "`prefixItems` without exactly that many items (`minItems`, `maxItems`): a list of any JSON value",
            );
            return Ok(Resolved::Shape(Shape {
                ty: TypeRef::Array(Box::new(TypeRef::Json)),
                nullable: false,
            }));
        }
        let mut types = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let item_pointer = push_pointer(&prefix_pointer, &i.to_string());
            let item: ReferenceOr<Schema> = serde_json::from_value(item.clone())
                .map_err(|e| self.error(&item_pointer, format!("not a schema openapiv3 can read: {e}")))?;
            let hint = shape_child_hint(key, hint, &format!("Item{}", i + 1));
            let shape = self.resolve(&item, &item_pointer, &hint)?;
            types.push(nullable_if(shape.ty, shape.nullable));
        }
        Ok(Resolved::Shape(Shape {
            ty: TypeRef::Tuple(types),
            nullable: false,
        }))
    }

    pub(super) fn array(
        &mut self,
        items: Option<&ReferenceOr<Box<Schema>>>,
        pointer: &str,
        key: &TypeKey,
        hint: &NameHint,
    ) -> Result<Resolved> {
        let Some(items) = items else {
            return Ok(Resolved::Shape(Shape {
                ty: TypeRef::Array(Box::new(TypeRef::Json)),
                nullable: false,
            }));
        };
        let hint = shape_child_hint(key, hint, "Item");
        let item = self.resolve(items, &push_pointer(pointer, "items"), &hint)?;
        Ok(Resolved::Shape(Shape {
            ty: TypeRef::Array(Box::new(nullable_if(item.ty, item.nullable))),
            nullable: false,
        }))
    }

    pub(super) fn object(
        &mut self,
        properties: &indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &[String],
        additional: Option<&AdditionalProperties>,
        pointer: &str,
        key: &TypeKey,
        hint: &NameHint,
    ) -> Result<Resolved> {
        let additional = match additional {
            Some(AdditionalProperties::Schema(schema)) => {
                let hint = if properties.is_empty() {
                    shape_child_hint(key, hint, "Value")
                } else {
                    NameHint {
                        owner: Owner::Type(key.clone()),
                        role: "Value".into(),
                    }
                };
                let value = self.resolve(schema, &push_pointer(pointer, "additionalProperties"), &hint)?;
                Some(nullable_if(value.ty, value.nullable))
            }
            Some(AdditionalProperties::Any(true)) => Some(TypeRef::Json),
            Some(AdditionalProperties::Any(false)) | None => None,
        };
        if properties.is_empty() {
            let ty = additional
                .map(|value| TypeRef::Map(Box::new(value)))
                .unwrap_or(TypeRef::JsonObject);
            return Ok(Resolved::Shape(Shape { ty, nullable: false }));
        }
        let properties_pointer = push_pointer(pointer, "properties");
        let mut fields = Vec::with_capacity(properties.len());
        for (name, property) in properties {
            let property_pointer = push_pointer(&properties_pointer, name);
            let hint = NameHint {
                owner: Owner::Type(key.clone()),
                role: name.clone(),
            };
            let shape = self.resolve(property, &property_pointer, &hint)?;
            let (docs, read_only, write_only) = match property {
                ReferenceOr::Item(schema) => (docs_of(schema), schema.schema_data.read_only, schema.schema_data.write_only),
                ReferenceOr::Reference { .. } => (Docs::default(), false, false),
            };
            fields.push(Field {
                wire_name: name.clone(),
                ident: String::new(),
                ty: shape.ty,
                required: required.contains(name),
                nullable: shape.nullable,
                docs,
                read_only,
                write_only,
                boxed: false,
                checks: Vec::new(),
            });
        }
        for missing in required.iter().filter(|r| !properties.contains_key(*r)) {
            self.origins.warn(
                WarningKind::IgnoredKeyword,
                &push_pointer(pointer, "required"),
                format!("`required` lists `{missing}`, which is not among the properties: not checked"),
            );
        }
        Ok(Resolved::Define(TypeKind::Struct(Struct {
            fields,
            additional,
            required_struct: None,
        })))
    }
}

/// The tags that select a union's branch: with a discriminator, those its mapping gives the
/// branch's `$ref`, or else the schema's name (OpenAPI 3.0, 3.1); none without one.
fn tags_of(discriminator: Option<&openapiv3::Discriminator>, branch: &ReferenceOr<Schema>) -> Vec<String> {
    match (discriminator, branch) {
        (Some(d), ReferenceOr::Reference { reference }) => {
            let mut tags: Vec<String> = d
                .mapping
                .iter()
                .filter(|(_, target)| *target == reference)
                .map(|(tag, _)| tag.clone())
                .collect();
            if tags.is_empty() {
                tags.push(reference.rsplit('/').next().unwrap_or(reference).to_string());
            }
            tags
        }
        (Some(_), ReferenceOr::Item(_)) => unreachable!("a discriminator with inline branches is dropped in `union`"),
        (None, _) => Vec::new(),
    }
}
