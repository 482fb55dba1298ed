//! Stage 3: build the intermediate model from the `openapiv3` document.
//!
//! One function per construct. Every schema position resolves to a [`TypeRef`]; schemas
//! that need a Rust type of their own (objects with properties, string enums, named
//! components) become a [`TypeDef`] keyed by component name or JSON pointer. Anything the
//! model cannot express yet is an error naming its pointer.

use std::borrow::Borrow;
use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{
    AdditionalProperties, OpenAPI, Parameter, ParameterSchemaOrContent, ReferenceOr, RequestBody, Response, Schema, SchemaKind,
    StatusCode, Type, VariantOrUnknownOrEmpty,
};
use serde_json::Value;

use crate::error::{push_pointer, Error, Result, WarningKind};
use crate::load::Origins;
use crate::lower::{typed, Document};
use crate::model::*;

mod composites;
mod docs;
mod media;
mod operations;

use self::docs::{docs_of, format_name, key_schema};
pub use self::media::media_of;

/// Builds the model, consuming the document: each path item and component schema is read
/// as `openapiv3` types when it is reached, and dropped once modelled.
pub fn build(document: Document, origins: &Origins, product: crate::product::Product) -> Result<Api> {
    let Document {
        skeleton,
        paths,
        schemas,
    } = document;
    let openapi = &skeleton;
    let mut builder = Builder {
        openapi,
        origins,
        schemas,
        types: BTreeMap::new(),
        building: BTreeSet::new(),
        scope: &product.scope,
    };
    let mut operations = builder.operations(paths)?;
    // Paths are relative to the server: `https://api.gcore.com/fastedge` + `/v1/apps`.
    let base_path = openapi.servers.first().map(server_base_path).unwrap_or_default();
    for op in &mut operations {
        op.path = format!("{base_path}{}", op.path);
    }
    builder.check_unreferenced_schemas()?;
    operations.sort_by(|a, b| a.operation_id.cmp(&b.operation_id));
    for op in &mut operations {
        op.pagination = operations::pagination(&builder.types, op);
    }
    check_alias_cycles(&builder.types, origins)?;
    let mut api = Api {
        types: builder.types,
        operations,
        product,
        warnings: Vec::new(),
    };
    mark_usage(&mut api);
    // A type built on the way to a shape that ended up untyped (the members of an `allOf`
    // that did not merge, say) is used by no operation: it is not part of the SDK.
    api.types.retain(|_, def| def.usage.request || def.usage.response);
    Ok(api)
}

struct Builder<'a> {
    /// The document without its paths and component schemas.
    openapi: &'a OpenAPI,
    /// Component schemas not modelled yet (lowered JSON).
    schemas: serde_json::Map<String, Value>,
    origins: &'a Origins,
    types: BTreeMap<TypeKey, TypeDef>,
    /// Components being built right now: a reference back to one of them is a recursive type.
    building: BTreeSet<String>,
    /// Path parameters the client fills in (the product settings).
    scope: &'a BTreeMap<String, crate::product::Scope>,
}

/// A resolved schema position: the value's type, and whether `null` is allowed there.
struct Shape {
    ty: TypeRef,
    nullable: bool,
}

/// What a schema turns into: a type definition of its own, or a reference to an existing shape.
enum Resolved {
    Define(TypeKind),
    Shape(Shape),
}

const SCHEMA_REF_PREFIX: &str = "#/components/schemas/";

impl<'a> Builder<'a> {
    fn error(&self, pointer: &str, message: impl Into<String>) -> Error {
        self.origins.error(pointer, message)
    }

    // ---- schemas ----------------------------------------------------------------------

    /// A schema or a reference to one, as openapiv3 holds it (a `Schema` or a `Box<Schema>`).
    fn resolve<S: Borrow<Schema>>(&mut self, schema: &ReferenceOr<S>, pointer: &str, hint: &NameHint) -> Result<Shape> {
        match schema {
            ReferenceOr::Reference { reference } => Ok(Shape {
                ty: TypeRef::Named(self.component(reference, pointer)?),
                nullable: false,
            }),
            ReferenceOr::Item(schema) => self.resolve_inline(schema.borrow(), pointer, hint),
        }
    }

    fn resolve_inline(&mut self, schema: &Schema, pointer: &str, hint: &NameHint) -> Result<Shape> {
        let key = TypeKey::Inline(pointer.to_string());
        match self.classify(schema, pointer, &key, hint)? {
            Resolved::Define(kind) => {
                let mut docs = docs_of(schema);
                if schema.schema_data.nullable {
                    // The null is the field's (an `Option` of this type), not a value of the
                    // type: the field's own docs keep it.
                    docs.examples.retain(|example| !example.is_null());
                }
                let def = TypeDef {
                    key: key.clone(),
                    pointer: pointer.to_string(),
                    name: String::new(),
                    name_hint: Some(hint.clone()),
                    docs,
                    kind,
                    usage: Usage::default(),
                    uses: Uses::default(),
                    validates: false,
                    page_of: None,
                    features: BTreeSet::new(),
                };
                self.types.insert(key.clone(), def);
                Ok(Shape {
                    ty: TypeRef::Named(key),
                    nullable: schema.schema_data.nullable,
                })
            }
            Resolved::Shape(shape) => Ok(Shape {
                ty: shape.ty,
                nullable: shape.nullable || schema.schema_data.nullable,
            }),
        }
    }

    /// Builds the component a `$ref` points to (once) and returns its key.
    fn component(&mut self, reference: &str, pointer: &str) -> Result<TypeKey> {
        let Some(escaped) = reference.strip_prefix(SCHEMA_REF_PREFIX) else {
            return Err(self.error(pointer, format!("unsupported reference `{reference}`")));
        };
        let name = escaped.replace("~1", "/").replace("~0", "~");
        let key = TypeKey::Component(name.clone());
        if self.types.contains_key(&key) || self.building.contains(&name) {
            return Ok(key);
        }
        let Some(json) = self.schemas.swap_remove(&name) else {
            return Err(self.error(pointer, format!("`$ref` to `{reference}`, which is not defined")));
        };
        let def_pointer = push_pointer("/components/schemas", &name);
        let schema: ReferenceOr<Schema> = typed(json, &def_pointer, self.origins)?;
        self.building.insert(name.clone());
        let (kind, docs) = match &schema {
            ReferenceOr::Reference { reference } => (
                TypeKind::Alias(TypeRef::Named(self.component(reference, &def_pointer)?)),
                Docs::default(),
            ),
            ReferenceOr::Item(schema) => {
                let hint = NameHint {
                    owner: Owner::Type(key.clone()),
                    role: String::new(),
                };
                let kind = match self.classify(schema, &def_pointer, &key, &hint)? {
                    Resolved::Define(kind) => kind,
                    Resolved::Shape(shape) => {
                        TypeKind::Alias(nullable_if(shape.ty, shape.nullable || schema.schema_data.nullable))
                    }
                };
                (kind, docs_of(schema))
            }
        };
        self.building.remove(&name);
        let def = TypeDef {
            key: key.clone(),
            pointer: def_pointer,
            name: String::new(),
            name_hint: None,
            docs,
            kind,
            usage: Usage::default(),
            uses: Uses::default(),
            validates: false,
            page_of: None,
            features: BTreeSet::new(),
        };
        self.types.insert(key.clone(), def);
        Ok(key)
    }

    /// Decides what one schema object is. `key` is the key the schema gets if it defines a
    /// type; inline schemas nested in it are named after it.
    fn classify(&mut self, schema: &Schema, pointer: &str, key: &TypeKey, hint: &NameHint) -> Result<Resolved> {
        let scalar = |ty| Ok(Resolved::Shape(Shape { ty, nullable: false }));
        if let Some(names) = schema.schema_data.extensions.get("x-propertyNames") {
            self.check_key_schema(names, &push_pointer(pointer, "propertyNames"))?;
        }
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) if !s.enumeration.is_empty() => {
                let values = s.enumeration.iter().flatten().cloned().collect();
                Ok(Resolved::Define(enum_kind(values)))
            }
            SchemaKind::Type(Type::String(s)) => {
                if let Some(pattern) = &s.pattern {
                    check_pattern(pattern).map_err(|m| self.error(&push_pointer(pointer, "pattern"), m))?;
                }
                scalar(string_type(format_name(&s.format).as_deref()))
            }
            SchemaKind::Type(Type::Integer(_)) => scalar(TypeRef::Integer),
            SchemaKind::Type(Type::Number(_)) => scalar(TypeRef::Number),
            SchemaKind::Type(Type::Boolean(_)) => scalar(TypeRef::Boolean),
            SchemaKind::Type(Type::Array(array)) => match schema.schema_data.extensions.get("x-prefixItems") {
                Some(prefix) => self.tuple(prefix, array.min_items, array.max_items, pointer, key, hint),
                None => self.array(array.items.as_ref(), pointer, key, hint),
            },
            SchemaKind::Type(Type::Object(object)) => {
                let patterns = schema.schema_data.extensions.get("x-patternProperties");
                match patterns {
                    Some(patterns) if object.properties.is_empty() && object.additional_properties.is_none() => {
                        self.pattern_map(patterns, pointer, key, hint)
                    }
                    _ => {
                        if patterns.is_some() {
                            self.origins.warn(
                                WarningKind::IgnoredKeyword,
                                &push_pointer(pointer, "patternProperties"),
                                "`patternProperties` beside `properties` or `additionalProperties`: the keys it \
                                 matches are typed as `additionalProperties` says (any JSON value when it is absent)",
                            );
                        }
                        self.object(
                            &object.properties,
                            &object.required,
                            object.additional_properties.as_ref(),
                            pointer,
                            key,
                            hint,
                        )
                    }
                }
            }
            SchemaKind::AllOf { all_of } if all_of.len() == 1 => self.single_all_of(&all_of[0], pointer, key, hint),
            SchemaKind::AllOf { .. } => Ok(self.untyped(pointer, "`allOf` whose members do not merge into one type")),
            SchemaKind::OneOf { one_of: branches } | SchemaKind::AnyOf { any_of: branches } => {
                let keyword = if matches!(schema.schema_kind, SchemaKind::OneOf { .. }) {
                    "oneOf"
                } else {
                    "anyOf"
                };
                self.union(
                    branches,
                    schema.schema_data.discriminator.as_ref(),
                    &push_pointer(pointer, keyword),
                    key,
                )
            }
            SchemaKind::Not { .. } => Ok(self.untyped(pointer, "`not`")),
            SchemaKind::Any(any) => self.any(schema, any, pointer, key, hint),
        }
    }

    /// A schema without a single `type` keyword: the empty schema `{}`, or an object or
    /// enum written without `type`.
    fn any(
        &mut self,
        schema: &Schema,
        any: &openapiv3::AnySchema,
        pointer: &str,
        key: &TypeKey,
        hint: &NameHint,
    ) -> Result<Resolved> {
        if *any == openapiv3::AnySchema::default() {
            return Ok(Resolved::Shape(Shape {
                ty: TypeRef::Json,
                nullable: false,
            }));
        }
        // `type` beside a composition (`type: object` + `allOf: [$ref]`) restates what the
        // composition says: the composition decides.
        let only_composition = any.properties.is_empty() && any.additional_properties.is_none() && any.enumeration.is_empty();
        if only_composition {
            match (any.all_of.as_slice(), any.one_of.is_empty(), any.any_of.is_empty()) {
                ([single], true, true) => return self.single_all_of(single, pointer, key, hint),
                ([], false, true) => {
                    let discriminator = schema.schema_data.discriminator.as_ref();
                    return self.union(&any.one_of, discriminator, &push_pointer(pointer, "oneOf"), key);
                }
                ([], true, false) => {
                    let discriminator = schema.schema_data.discriminator.as_ref();
                    return self.union(&any.any_of, discriminator, &push_pointer(pointer, "anyOf"), key);
                }
                _ => {}
            }
        }
        let objectish = any.typ.as_deref().is_none_or(|t| t == "object");
        if objectish && (!any.properties.is_empty() || any.additional_properties.is_some()) {
            return self.object(
                &any.properties,
                &any.required,
                any.additional_properties.as_ref(),
                pointer,
                key,
                hint,
            );
        }
        if any.typ.as_deref().is_none_or(|t| t == "string") && !any.enumeration.is_empty() {
            if let Some(values) = any
                .enumeration
                .iter()
                .map(|v| v.as_str().map(str::to_owned))
                .collect::<Option<Vec<_>>>()
            {
                return Ok(Resolved::Define(enum_kind(values)));
            }
        }
        // openapiv3 falls back to this form when a typed schema has a value its typed form
        // cannot hold (an integer `maximum` beyond i64, say): the type still decides.
        let scalar = |ty| Ok(Resolved::Shape(Shape { ty, nullable: false }));
        if let Some(ty) = any.typ.as_deref().and_then(|typ| scalar_type(typ, any.format.as_deref())) {
            return scalar(ty);
        }
        match any.typ.as_deref() {
            Some("array") => self.array(any.items.as_ref(), pointer, key, hint),
            // `items` without `type` only applies to lists: a list is what it describes.
            None if any.items.is_some() => self.array(any.items.as_ref(), pointer, key, hint),
            Some("object") => scalar(TypeRef::JsonObject),
            _ => Ok(self.untyped(pointer, "this combination of schema keywords")),
        }
    }

    /// Whether values of `ty` are JSON objects (a struct, a map), through aliases (a cycle of
    /// aliases, reported later, is no object).
    fn is_object(&self, ty: &TypeRef) -> bool {
        self.is_object_through(ty, &mut BTreeSet::new())
    }

    fn is_object_through<'t>(&'t self, ty: &'t TypeRef, aliases: &mut BTreeSet<&'t TypeKey>) -> bool {
        match ty {
            TypeRef::Map(_) | TypeRef::JsonObject => true,
            TypeRef::Nullable(inner) => self.is_object_through(inner, aliases),
            TypeRef::Named(key) => match self.types.get(key).map(|t| &t.kind) {
                Some(TypeKind::Struct(_)) => true,
                Some(TypeKind::Alias(target)) => aliases.insert(key) && self.is_object_through(target, aliases),
                Some(TypeKind::Enum(_) | TypeKind::Union(_)) | None => false,
            },
            TypeRef::String
            | TypeRef::Integer
            | TypeRef::Number
            | TypeRef::Boolean
            | TypeRef::DateTime
            | TypeRef::Json
            | TypeRef::Array(_)
            | TypeRef::Tuple(_)
            | TypeRef::Bytes
            | TypeRef::Multipart => false,
        }
    }

    /// What no Rust type here states exactly is any JSON value, with a warning saying so.
    fn untyped(&self, pointer: &str, what: &str) -> Resolved {
        self.origins.warn(
            WarningKind::UntypedSchema,
            pointer,
            format!("{what} is typed as any JSON value"),
        );
        Resolved::Shape(Shape {
            ty: TypeRef::Json,
            nullable: false,
        })
    }

    /// `propertyNames` must be a schema whose rules the SDK can check on keys.
    fn check_key_schema(&self, names: &Value, pointer: &str) -> Result<()> {
        let schema =
            key_schema(names).ok_or_else(|| self.error(pointer, "`propertyNames` is not a schema openapiv3 can read"))?;
        let pattern = match &schema.schema_kind {
            SchemaKind::Any(any) => any.pattern.as_ref(),
            SchemaKind::Type(Type::String(s)) => s.pattern.as_ref(),
            _ => return Err(self.error(pointer, "`propertyNames` must describe strings")),
        };
        if let Some(pattern) = pattern {
            check_pattern(pattern).map_err(|m| self.error(&push_pointer(pointer, "pattern"), m))?;
        }
        Ok(())
    }
}

/// The path part of a server URL (`https://api.gcore.com/fastedge` → `/fastedge`, `/` →
/// nothing), with server variables at their defaults: what every operation's path follows.
fn server_base_path(server: &openapiv3::Server) -> String {
    let mut url = server.url.clone();
    for (name, variable) in server.variables.iter().flatten() {
        url = url.replace(&format!("{{{name}}}"), &variable.default);
    }
    let after_scheme = url.split_once("://").map_or(url.as_str(), |(_, rest)| rest);
    let path = match url.contains("://") {
        true => after_scheme.find('/').map_or("", |at| &after_scheme[at..]),
        false => after_scheme, // a relative server URL is a path
    };
    path.trim_end_matches('/').to_string()
}

/// A schema that is only a reference to itself (directly or through other bare references)
/// describes no value at all; Rust would reject the alias it turns into.
fn check_alias_cycles(types: &BTreeMap<TypeKey, TypeDef>, origins: &Origins) -> Result<()> {
    let alias_target = |key: &TypeKey| match types.get(key).map(|t| &t.kind) {
        Some(TypeKind::Alias(TypeRef::Named(next))) => Some(next),
        Some(TypeKind::Alias(TypeRef::Nullable(inner))) => match inner.as_ref() {
            TypeRef::Named(next) => Some(next),
            _ => None,
        },
        _ => None,
    };
    for (start, def) in types {
        let mut seen = BTreeSet::from([start]);
        let mut at = start;
        while let Some(next) = alias_target(at) {
            if next == start {
                return Err(origins.error(
                    &def.pointer,
                    "this schema only refers to itself (through `$ref`s alone): it describes no value",
                ));
            }
            if !seen.insert(next) {
                break; // a cycle elsewhere, reported from its own start
            }
            at = next;
        }
    }
    Ok(())
}

/// Patterns are ECMA-262 regular expressions, checked before requests are sent with the
/// engine the SDK uses (`regress`): one it cannot compile is reported here rather than
/// skipped there.
fn check_pattern(pattern: &str) -> Result<(), String> {
    regress::Regex::new(pattern)
        .map(|_| ())
        .map_err(|e| format!("`pattern` {pattern:?} is not an ECMAScript regular expression: {e}"))
}

/// The naming hint for a schema inside a list or map. A component owns it (`{Component}Item`);
/// an inline list or map is no type of its own, so the schema is named after where the list
/// stands (`{Owner}{Field}Item`).
fn shape_child_hint(key: &TypeKey, hint: &NameHint, role: &str) -> NameHint {
    match key {
        TypeKey::Component(_) => NameHint {
            owner: Owner::Type(key.clone()),
            role: role.into(),
        },
        TypeKey::Inline(_) => NameHint {
            owner: hint.owner.clone(),
            role: format!("{}{role}", hint.role),
        },
    }
}

/// The Rust type of a string schema: its `format` decides (`date-time`), else `String`.
fn string_type(format: Option<&str>) -> TypeRef {
    match format {
        Some("date-time") => TypeRef::DateTime,
        _ => TypeRef::String,
    }
}

/// The Rust type of a scalar `type` keyword, for a schema openapiv3 reads in its untyped
/// form (`SchemaKind::Any`); `None` for the other types.
fn scalar_type(typ: &str, format: Option<&str>) -> Option<TypeRef> {
    match typ {
        "integer" => Some(TypeRef::Integer),
        "number" => Some(TypeRef::Number),
        "boolean" => Some(TypeRef::Boolean),
        "string" => Some(string_type(format)),
        _ => None,
    }
}

fn enum_kind(wire_values: Vec<String>) -> TypeKind {
    let mut values: Vec<EnumValue> = Vec::new();
    for wire in wire_values {
        if !values.iter().any(|v| v.wire == wire) {
            values.push(EnumValue {
                wire,
                variant: String::new(),
            });
        }
    }
    TypeKind::Enum(Enum {
        values,
        catch_all: String::new(),
    })
}

fn nullable_if(ty: TypeRef, nullable: bool) -> TypeRef {
    if nullable {
        TypeRef::Nullable(Box::new(ty))
    } else {
        ty
    }
}

/// Marks each type as sent (reachable from parameters or bodies) and/or received
/// (reachable from responses).
fn mark_usage(api: &mut Api) {
    let mut request = BTreeSet::new();
    let mut response = BTreeSet::new();
    for op in &api.operations {
        for param in &op.params {
            reach(&api.types, &param.ty, &mut request);
        }
        if let Some(body) = &op.body {
            reach(&api.types, &body.ty, &mut request);
        }
        for ty in op.response.iter().chain(op.errors.iter().filter_map(|e| e.body.as_ref())) {
            reach(&api.types, ty, &mut response);
        }
    }
    for (key, def) in api.types.iter_mut() {
        def.usage = Usage {
            request: request.contains(key),
            response: response.contains(key),
        };
        // A field only one side carries is not required of the other: `readOnly` ones are
        // in responses only, `writeOnly` ones in requests only (OpenAPI 3.0 §4.7.25.1).
        if let TypeKind::Struct(s) = &mut def.kind {
            for field in &mut s.fields {
                if (field.read_only && def.usage.request) || (field.write_only && def.usage.response) {
                    field.required = false;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::media::media_of;
    use super::*;

    fn server(url: &str, variables: &[(&str, &str)]) -> openapiv3::Server {
        openapiv3::Server {
            url: url.into(),
            description: None,
            variables: Some(
                variables
                    .iter()
                    .map(|(name, default)| {
                        let variable = openapiv3::ServerVariable {
                            default: default.to_string(),
                            ..Default::default()
                        };
                        (name.to_string(), variable)
                    })
                    .collect(),
            ),
            extensions: Default::default(),
        }
    }

    #[test]
    fn operation_paths_follow_the_servers_base_path() {
        assert_eq!(server_base_path(&server("https://api.gcore.com", &[])), "");
        assert_eq!(server_base_path(&server("https://api.gcore.com/", &[])), "");
        assert_eq!(server_base_path(&server("https://api.gcore.com/fastedge", &[])), "/fastedge");
        assert_eq!(
            server_base_path(&server(
                "https://{host}/{product}/",
                &[("host", "api.gcore.com"), ("product", "dns")]
            )),
            "/dns"
        );
        assert_eq!(
            server_base_path(&server("/waap", &[])),
            "/waap",
            "a relative server URL is a path"
        );
    }

    /// The model of a 3.1 document, through the stages before building (lower, split).
    fn built(document: serde_json::Value) -> Result<Api> {
        let origins = Origins::default();
        let product = crate::product::Product::derived(&document);
        let lowered = crate::lower::lower(document, &origins)?;
        build(crate::lower::split(lowered, &origins)?, &origins, product)
    }

    fn document(schemas: serde_json::Value) -> serde_json::Value {
        let response = serde_json::json!({"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}}}});
        serde_json::json!({
            "openapi": "3.1.0",
            "info": {"title": "Zoo", "version": "1"},
            "paths": {"/zoo/pets": {"get": {"operationId": "list_pets", "responses": response}}},
            "components": {"schemas": schemas}
        })
    }

    #[test]
    fn an_object_is_a_struct_whose_fields_say_required_and_nullable() {
        let api = built(document(serde_json::json!({
            "Pet": {"type": "object", "required": ["id"], "properties": {
                "id": {"type": "integer"},
                "name": {"anyOf": [{"type": "string"}, {"type": "null"}]},
                "kind": {"type": "string", "enum": ["cat", "dog"]}
            }}
        })))
        .unwrap();
        let pet = &api.types[&TypeKey::Component("Pet".into())];
        let TypeKind::Struct(s) = &pet.kind else {
            panic!("{:?}", pet.kind)
        };
        let field = |name: &str| s.fields.iter().find(|f| f.wire_name == name).unwrap();
        assert_eq!((field("id").ty.clone(), field("id").required), (TypeRef::Integer, true));
        assert_eq!(
            (field("name").ty.clone(), field("name").nullable, field("name").required),
            (TypeRef::String, true, false)
        );
        let TypeRef::Named(kind) = &field("kind").ty else {
            panic!("an inline enum is a type of its own")
        };
        assert!(matches!(&api.types[kind].kind, TypeKind::Enum(e) if e.values.len() == 2));
        assert!(pet.usage.response && !pet.usage.request);
    }

    #[test]
    fn one_of_with_a_discriminator_is_a_tagged_union_and_without_one_untagged() {
        let cat = serde_json::json!({"type": "object", "properties": {"type": {"type": "string"}, "lives": {"type": "integer"}}});
        let dog = serde_json::json!({"type": "object", "properties": {"type": {"type": "string"}, "bark": {"type": "string"}}});
        let refs = serde_json::json!([{"$ref": "#/components/schemas/Cat"}, {"$ref": "#/components/schemas/Dog"}]);
        let tagged = built(document(serde_json::json!({
            "Cat": cat, "Dog": dog,
            "Pet": {"oneOf": refs, "discriminator": {"propertyName": "type", "mapping": {"cat": "#/components/schemas/Cat", "dog": "#/components/schemas/Dog"}}}
        })))
        .unwrap();
        let TypeKind::Union(u) = &tagged.types[&TypeKey::Component("Pet".into())].kind else {
            panic!("a union")
        };
        assert_eq!(u.tag_property.as_deref(), Some("type"));
        assert_eq!(
            u.variants.iter().map(|v| v.tags.clone()).collect::<Vec<_>>(),
            [vec!["cat".to_string()], vec!["dog".to_string()]]
        );
        let untagged = built(document(serde_json::json!({"Cat": cat, "Dog": dog, "Pet": {"oneOf": refs}}))).unwrap();
        let TypeKind::Union(u) = &untagged.types[&TypeKey::Component("Pet".into())].kind else {
            panic!("a union")
        };
        assert_eq!((u.tag_property.as_ref(), u.variants.len()), (None, 2));
    }

    #[test]
    fn a_reference_to_nothing_is_an_error_naming_where_it_is() {
        let error = built(document(serde_json::json!({
            "Pet": {"type": "object", "properties": {"owner": {"$ref": "#/components/schemas/Owner"}}}
        })))
        .unwrap_err()
        .to_string();
        assert!(
            error.contains("/components/schemas/Pet/properties/owner") && error.contains("Owner"),
            "{error}"
        );
    }

    #[test]
    fn a_response_in_several_media_is_read_as_json_and_offers_the_others() {
        let mut document = document(serde_json::json!({"Pet": {"type": "object"}}));
        document["paths"]["/zoo/pets"]["get"]["responses"]["200"]["content"] = serde_json::json!({
            "text/csv": {"schema": {"type": "string"}},
            "application/json": {"schema": {"$ref": "#/components/schemas/Pet"}},
            "application/pdf": {"schema": {"type": "string", "format": "binary"}},
            "text/plain": {"schema": {"type": "string"}}
        });
        let api = built(document).unwrap();
        let op = &api.operations[0];
        assert_eq!((op.response_media, op.accept.as_deref()), (Media::Json, None));
        let alternatives: Vec<(Media, &str)> = op
            .response_alternatives
            .iter()
            .map(|a| (a.media, a.media_type.as_str()))
            .collect();
        assert_eq!(
            alternatives,
            [(Media::Text, "text/csv"), (Media::Binary, "application/pdf")],
            "one per medium, the first media type the spec lists for it"
        );
    }

    #[test]
    fn media_types_are_read_by_one_rule() {
        assert_eq!(media_of("application/json"), Media::Json);
        assert_eq!(media_of("application/problem+json"), Media::Json);
        assert_eq!(media_of("application/json; charset=utf-8"), Media::Json);
        assert_eq!(media_of("text/csv"), Media::Text);
        assert_eq!(media_of("plain/text"), Media::Text);
        assert_eq!(media_of("application/pdf"), Media::Binary);
        assert_eq!(media_of("application"), Media::Binary);
        assert_eq!(media_of("multipart/form-data"), Media::Multipart);
        assert_eq!(media_of("application/x-www-form-urlencoded"), Media::Form);
    }
}
