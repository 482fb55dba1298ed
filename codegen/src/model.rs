//! The intermediate model between `openapiv3` and emission: plain data, no logic.
//!
//! `build` fills everything but the Rust names; `naming` fills those in one place; `emit`
//! only reads. Collections are ordered (`BTreeMap`, sorted `Vec`s) so output never depends
//! on hash order or on the order of the input files.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

/// The whole API as the SDK will present it.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone)]
pub struct Api {
    #[serde(with = "pairs")]
    pub types: BTreeMap<TypeKey, TypeDef>,
    /// Sorted by operationId.
    pub operations: Vec<Operation>,
    /// Where the document goes in the SDK (`product.yaml`, or read off the document).
    pub product: crate::product::Product,
    /// What the spec says that the model holds only loosely, sorted, each once.
    pub warnings: Vec<crate::error::Warning>,
}

impl Api {
    /// Whether a value of type `ty` holds a type with checks inside (`TypeDef::validates`),
    /// through `null`, lists and maps: its `Validate` is called before it is sent.
    pub fn validates(&self, ty: &TypeRef) -> bool {
        ty.named(true)
            .and_then(|key| self.types.get(key))
            .is_some_and(|def| def.validates)
    }
}

/// Identifies a type independently of its Rust name: a component schema by its name, an
/// inline schema by the JSON pointer of its definition. Stable across unrelated changes.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TypeKey {
    Component(String),
    Inline(String),
}

#[derive(serde::Serialize, serde::Deserialize, Debug, Clone)]
pub struct TypeDef {
    pub key: TypeKey,
    /// JSON pointer of the definition in the merged document.
    pub pointer: String,
    /// Filled by `naming`.
    pub name: String,
    /// How the owner refers to this inline type (owner name + role), used to name it.
    pub name_hint: Option<NameHint>,
    pub docs: Docs,
    pub kind: TypeKind,
    pub usage: Usage,
    /// Where the type is used, for its docs. Filled by `analysis`.
    pub uses: Uses,
    /// Whether validating a value of this type checks something inside it: a field or
    /// part with constraints, or `minProperties`/`maxProperties` of its own. Its `Validate`
    /// is then called wherever it is sent. Filled by `analysis`.
    pub validates: bool,
    /// The item type, when this is the page a paginated call returns (it implements
    /// `Page`). Filled by `analysis`.
    pub page_of: Option<TypeRef>,
    /// The features of the resource groups whose calls send or receive a value holding the
    /// type: it is compiled when one of them is on. Filled by `analysis`.
    pub features: BTreeSet<String>,
}

/// The calls that take or return a type, and the types it is part of, by their Rust names
/// (dotted call paths, `cloud.inference.deployments.create`), each sorted.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, Default, PartialEq, Eq)]
pub struct Uses {
    /// Calls whose body is the type, or a list or map of it.
    pub taken_by: Vec<String>,
    /// Calls whose response is the type, or a list or map of it.
    pub returned_by: Vec<String>,
    /// Types with a field, variant or alias of the type (or a list or map of it).
    pub part_of: Vec<String>,
}

/// An inline schema is named after where it stands: the type or operation that owns it,
/// and the field or role it plays there.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct NameHint {
    pub owner: Owner,
    pub role: String,
}

#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, PartialEq, Eq)]
pub enum Owner {
    Type(TypeKey),
    Operation(String),
}

/// Whether a type is sent, received, or both: request types keep "absent" and "null" apart.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Usage {
    pub request: bool,
    pub response: bool,
}

#[derive(serde::Serialize, serde::Deserialize, Debug, Clone)]
pub enum TypeKind {
    Struct(Struct),
    Enum(Enum),
    /// A named schema that is just another type (a plain string, a list, a map).
    Alias(TypeRef),
    /// `anyOf`/`oneOf` with several non-null branches.
    Union(Union),
}

impl TypeKind {
    /// The types a value of this kind holds: its fields and additional properties, its
    /// variants, or the alias's target.
    pub fn parts(&self) -> Vec<&TypeRef> {
        match self {
            TypeKind::Struct(s) => s.fields.iter().map(|f| &f.ty).chain(s.additional.as_ref()).collect(),
            TypeKind::Union(u) => u.variants.iter().map(|v| &v.ty).collect(),
            TypeKind::Alias(ty) => vec![ty],
            TypeKind::Enum(_) => Vec::new(),
        }
    }
}

/// A value that is one of several shapes. With a discriminator, the tag property says which
/// (and an unknown tag is kept as it came); without one, the first branch that fits wins.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone)]
pub struct Union {
    pub variants: Vec<Variant>,
    /// The discriminator's property name, for tagged unions.
    pub tag_property: Option<String>,
    /// Name of the variant that keeps unknown tags (tagged unions only); filled by `naming`.
    pub catch_all: String,
}

#[derive(serde::Serialize, serde::Deserialize, Debug, Clone)]
pub struct Variant {
    pub ty: TypeRef,
    /// The discriminator values that select this variant (tagged unions).
    pub tags: Vec<String>,
    /// Filled by `naming`.
    pub name: String,
    /// Held in a `Box`, since the union's own type is inside it without a list or map in
    /// between. Filled by `analysis`.
    pub boxed: bool,
    /// The rules of an inline branch (`{type: string, pattern: ...}`), which its scalar
    /// type does not carry.
    pub constraints: Constraints,
    /// Those rules and the ones of the aliases its type names. Filled by `analysis`.
    pub checks: Vec<Check>,
}

#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, Default)]
pub struct Struct {
    pub fields: Vec<Field>,
    /// Values of properties not listed (`additionalProperties: <schema>`), if the spec allows them.
    pub additional: Option<TypeRef>,
    /// For a request type with two or more required fields: the name of the struct that
    /// holds them, named, for its constructor (so two of them cannot be swapped unnoticed).
    /// Filled by `naming`.
    pub required_struct: Option<String>,
}

#[derive(serde::Serialize, serde::Deserialize, Debug, Clone)]
pub struct Field {
    pub wire_name: String,
    /// Filled by `naming`.
    pub ident: String,
    pub ty: TypeRef,
    pub required: bool,
    pub nullable: bool,
    pub docs: Docs,
    /// Set by the server, sent only in responses (`readOnly`).
    pub read_only: bool,
    /// Sent only in requests (`writeOnly`), a secret as a rule.
    pub write_only: bool,
    /// Held in a `Box`, since the struct's own type is inside it without a list or map in
    /// between. Filled by `analysis`.
    pub boxed: bool,
    /// The constraints of the field and of the aliases its type names. Filled by `analysis`.
    pub checks: Vec<Check>,
}

impl Field {
    /// Secrets (`writeOnly`, `format: password`) are redacted in `Debug`.
    pub fn is_sensitive(&self) -> bool {
        self.write_only || self.docs.format.as_deref() == Some("password")
    }
}

#[derive(serde::Serialize, serde::Deserialize, Debug, Clone)]
pub struct Enum {
    pub values: Vec<EnumValue>,
    /// Name of the variant that keeps values this SDK does not know; filled by `naming`.
    pub catch_all: String,
}

#[derive(serde::Serialize, serde::Deserialize, Debug, Clone)]
pub struct EnumValue {
    pub wire: String,
    /// Filled by `naming`.
    pub variant: String,
}

/// The shape of a value, by reference to named types where there is one.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum TypeRef {
    Named(TypeKey),
    String,
    Integer,
    Number,
    Boolean,
    /// `format: date-time`: kept as written, parsed for its meaning (`gcore::DateTime`).
    DateTime,
    /// Any JSON value (`{}`).
    Json,
    /// A JSON object with no declared properties.
    JsonObject,
    Array(Box<TypeRef>),
    Map(Box<TypeRef>),
    /// A nullable value inside an array or map (fields carry nullability themselves).
    Nullable(Box<TypeRef>),
    /// A list of fixed length whose items each have their own type (`prefixItems`).
    Tuple(Vec<TypeRef>),
    /// Raw bytes: a request or response body that is neither JSON nor text.
    Bytes,
    /// A `multipart/form-data` body the caller builds (`gcore::Multipart`).
    Multipart,
}

impl TypeRef {
    /// The named type this value is, seen through `null`, and through lists and maps when
    /// `through_collections`.
    pub fn named(&self, through_collections: bool) -> Option<&TypeKey> {
        match self {
            TypeRef::Named(key) => Some(key),
            TypeRef::Nullable(inner) => inner.named(through_collections),
            TypeRef::Array(inner) | TypeRef::Map(inner) if through_collections => inner.named(through_collections),
            TypeRef::Array(_)
            | TypeRef::Map(_)
            | TypeRef::String
            | TypeRef::Integer
            | TypeRef::Number
            | TypeRef::Boolean
            | TypeRef::DateTime
            | TypeRef::Json
            | TypeRef::JsonObject
            | TypeRef::Tuple(_)
            | TypeRef::Bytes
            | TypeRef::Multipart => None,
        }
    }
}

/// Everything the spec says about a type, field or parameter that belongs in its docs.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, Default, PartialEq)]
pub struct Docs {
    pub title: Option<String>,
    pub description: Option<String>,
    pub default: Option<Value>,
    pub examples: Vec<Value>,
    pub deprecated: bool,
    pub format: Option<String>,
    pub constraints: Constraints,
}

/// Validation keywords, kept for docs now and for request validation.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, Default, PartialEq)]
pub struct Constraints {
    pub pattern: Option<String>,
    pub min_length: Option<usize>,
    pub max_length: Option<usize>,
    pub minimum: Option<Bound>,
    pub maximum: Option<Bound>,
    pub min_items: Option<usize>,
    pub max_items: Option<usize>,
    /// `uniqueItems: true`.
    pub unique_items: bool,
    /// `minProperties`/`maxProperties` of a map.
    pub min_properties: Option<usize>,
    pub max_properties: Option<usize>,
    /// Rules for each item of an array (its `items` schema's).
    pub items: Option<Box<Constraints>>,
    /// Rules for each key of a map (`propertyNames`).
    pub keys: Option<Box<Constraints>>,
    /// Rules for each value of a map (its `additionalProperties` schema's).
    pub values: Option<Box<Constraints>>,
}

impl Constraints {
    pub fn is_empty(&self) -> bool {
        *self == Constraints::default()
    }
}

#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, Copy, PartialEq)]
pub struct Bound {
    pub value: f64,
    pub exclusive: bool,
}

/// One check of a value before it is sent, worked out by `analysis` from the constraints
/// of a field, parameter or body and of the aliases its type names; the emitter renders
/// each as one call of the runtime's checks. Checks apply to the value itself unless they
/// say otherwise; those of text read a `DateTime` through its text (`date_time`).
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, PartialEq)]
pub enum Check {
    Pattern {
        pattern: String,
        date_time: bool,
    },
    MinLength {
        min: u64,
        date_time: bool,
    },
    MaxLength {
        max: u64,
        date_time: bool,
    },
    Minimum(Bound),
    Maximum(Bound),
    /// Of a list's length, or a map's.
    MinItems(u64),
    MaxItems(u64),
    UniqueItems,
    /// Of a map's entries.
    MinProperties(u64),
    MaxProperties(u64),
    /// Checks of each key of a map (text checks).
    EachKey(Vec<Check>),
    /// Checks of each item of a list.
    EachItem(Vec<Check>),
    /// Checks of each value of a map.
    EachValue(Vec<Check>),
    /// Checks of a nullable value when it is not null.
    IfPresent(Vec<Check>),
}

#[derive(serde::Serialize, serde::Deserialize, Debug, Clone)]
pub struct Operation {
    pub operation_id: String,
    pub method: Method,
    /// The path template as written in the spec, e.g. `/cloud/v1/tasks/{task_id}`.
    pub path: String,
    pub pointer: String,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub deprecated: bool,
    pub params: Vec<Param>,
    pub body: Option<Body>,
    /// The decoded type of the success response (`String` for text, `Bytes` for other
    /// media); `None` when it has no body.
    pub response: Option<TypeRef>,
    /// How the success response's body is read.
    pub response_media: Media,
    /// The success response's media type as the spec writes it, when it is not JSON: sent
    /// as `Accept`, since the client asks for JSON otherwise.
    pub accept: Option<String>,
    /// The other media the success response comes in (text, bytes; JSON is read by
    /// `send`), each asked for with `Accept` by a method of its own (`send_text`,
    /// `send_bytes`).
    pub response_alternatives: Vec<ResponseAlternative>,
    /// The error responses the spec declares, in status order.
    pub errors: Vec<DeclaredError>,
    pub authenticated: bool,
    /// Set for list operations that page with `limit`/`offset` through `{count, results}`.
    pub pagination: Option<Pagination>,
    /// Filled by `naming`.
    pub rust: OperationName,
    /// The cargo feature of its resource group (`cloud-inference`). Filled by `naming`.
    pub feature: String,
    /// Filled by `analysis` for a call that starts tasks (`tasks` in `product.yaml`): the
    /// Rust name of its response's field listing their ids.
    pub starts_tasks: Option<String>,
}

impl Operation {
    /// Every shape the operation sends or receives: parameters, body, response.
    pub fn shapes(&self) -> impl Iterator<Item = &TypeRef> {
        self.params
            .iter()
            .map(|p| &p.ty)
            .chain(self.body.iter().map(|b| &b.ty))
            .chain(self.response.iter())
            .chain(self.errors.iter().filter_map(|e| e.body.as_ref()))
    }
}

/// A medium the success response also comes in, besides the one `send` reads.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct ResponseAlternative {
    /// [`Media::Text`] or [`Media::Binary`].
    pub media: Media,
    /// The media type the spec writes first for it (`text/csv`): sent as `Accept`.
    pub media_type: String,
}

impl ResponseAlternative {
    /// The medium's name: `text` or `bytes`. The call reads it with `send_{name}()` (and
    /// `send_{name}_with_response()`); the operation table's inputs name it so.
    pub fn name(&self) -> &'static str {
        match self.media {
            Media::Text => "text",
            _ => "bytes",
        }
    }
}

/// A non-2xx response the spec declares for an operation. The SDK returns it as
/// `Error::Api`; its body type, when the spec gives one, is generated and named in the
/// operation's documentation.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone)]
pub struct DeclaredError {
    /// The status as the spec writes it: `404`, `4XX` or `default`.
    pub status: String,
    pub description: Option<String>,
    /// The type of its JSON body; `None` without a schema (or with a body that is not JSON).
    pub body: Option<TypeRef>,
}

/// How a paginated operation pages: the response type (a struct with `count` and
/// `results`) and the type of one item.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, PartialEq)]
pub struct Pagination {
    pub page: TypeKey,
    pub item: TypeRef,
}

/// The keys of an OpenAPI path item that are operations, one per [`Method`].
pub const HTTP_METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Method {
    Get,
    Put,
    Post,
    Delete,
    Patch,
    Head,
    Options,
    Trace,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
            Method::Delete => "DELETE",
            Method::Patch => "PATCH",
            Method::Head => "HEAD",
            Method::Options => "OPTIONS",
            Method::Trace => "TRACE",
        }
    }
}

#[derive(serde::Serialize, serde::Deserialize, Debug, Clone)]
pub struct Param {
    pub wire_name: String,
    /// Filled by `naming`.
    pub ident: String,
    pub location: ParamLocation,
    pub ty: TypeRef,
    pub required: bool,
    pub docs: Docs,
    /// `project_id` / `region_id`: filled from the client's defaults when not given per call.
    pub client_default: Option<ClientDefault>,
    /// How the value is written into the query or header.
    pub encoding: ParamEncoding,
    /// The constraints of the parameter and of the aliases its type names. Filled by
    /// `analysis`.
    pub checks: Vec<Check>,
}

#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamLocation {
    Path,
    Query,
    Header,
}

/// How a query or header parameter's value is written (OpenAPI `style`, `explode`,
/// `contentMediaType`).
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamEncoding {
    /// `name=value`; a list repeats the name (`form`, exploded), a header joins it with commas.
    Plain,
    /// `name=<JSON text>` (`contentMediaType: application/json`).
    Json,
    /// An object whose fields are parameters of their own: `field=value` (`form`, exploded).
    Fields,
    /// An object as `name[field]=value` (`deepObject`).
    DeepObject,
    /// A list as one value, its items joined: `,` (`form` not exploded), ` `
    /// (`spaceDelimited`), `|` (`pipeDelimited`).
    Joined(char),
}

#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClientDefault {
    ProjectId,
    RegionId,
}

/// How a body travels: which media type codegen picked for it, by the rule in `build`.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Media {
    /// `application/json` and every `+json`.
    Json,
    /// `text/*`: a `String`.
    Text,
    /// Anything else (`application/pdf`, `application/octet-stream`, ...): bytes as they come.
    Binary,
    /// `application/x-www-form-urlencoded` (requests): the body's fields as `name=value`.
    Form,
    /// `multipart/form-data` (requests): parts the caller builds (`gcore::Multipart`).
    Multipart,
}

#[derive(serde::Serialize, serde::Deserialize, Debug, Clone)]
pub struct Body {
    /// The body's type: its schema's for JSON and form bodies, `Bytes` for binary ones,
    /// `Multipart` for multipart ones (whose parts the docs list).
    pub ty: TypeRef,
    pub media: Media,
    /// Other media the operation accepts the same JSON body as (form, multipart): the caller
    /// may pick one instead of JSON.
    pub alternatives: Vec<Media>,
    /// Whether the call cannot be made without a body (and so takes it as an argument).
    pub required: bool,
    pub docs: Docs,
    /// The constraints of the body and of the aliases its type names (a map whose keys
    /// have rules). Filled by `analysis`.
    pub checks: Vec<Check>,
}

/// Where an operation sits in the SDK: `client.cloud().inference().deployments().get(..)`
/// has resource `["cloud", "inference", "deployments"]` and method `get`.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct OperationName {
    pub resource: Vec<String>,
    pub method: String,
}

impl OperationName {
    /// The call as code reads it, dotted: `cloud.inference.deployments.get`.
    pub fn dotted(&self) -> String {
        format!("{}.{}", self.resource.join("."), self.method)
    }
}

/// Adds to `seen` every named type a value of shape `ty` can contain, `ty`'s own included.
pub fn reach(types: &BTreeMap<TypeKey, TypeDef>, ty: &TypeRef, seen: &mut BTreeSet<TypeKey>) {
    match ty {
        TypeRef::Named(key) => {
            if !seen.insert(key.clone()) {
                return;
            }
            match types.get(key).map(|t| &t.kind) {
                Some(TypeKind::Struct(s)) => {
                    for field in &s.fields {
                        reach(types, &field.ty, seen);
                    }
                    if let Some(additional) = &s.additional {
                        reach(types, additional, seen);
                    }
                }
                Some(TypeKind::Alias(target)) => reach(types, target, seen),
                Some(TypeKind::Union(u)) => {
                    for variant in &u.variants {
                        reach(types, &variant.ty, seen);
                    }
                }
                Some(TypeKind::Enum(_)) | None => {}
            }
        }
        TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => reach(types, inner, seen),
        TypeRef::Tuple(items) => items.iter().for_each(|item| reach(types, item, seen)),
        TypeRef::String
        | TypeRef::Integer
        | TypeRef::Number
        | TypeRef::Boolean
        | TypeRef::DateTime
        | TypeRef::Json
        | TypeRef::JsonObject
        | TypeRef::Bytes
        | TypeRef::Multipart => {}
    }
}

/// A map whose keys are not strings, written as a list of `[key, value]` pairs (JSON object
/// keys can only be strings).
mod pairs {
    use std::collections::BTreeMap;

    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<K: Serialize, V: Serialize, S: Serializer>(map: &BTreeMap<K, V>, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(map.iter())
    }

    pub fn deserialize<'de, K: Deserialize<'de> + Ord, V: Deserialize<'de>, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<BTreeMap<K, V>, D::Error> {
        Ok(Vec::<(K, V)>::deserialize(deserializer)?.into_iter().collect())
    }
}
