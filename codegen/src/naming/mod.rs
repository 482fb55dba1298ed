//! Stage 4: decide every Rust name, in one place.
//!
//! Rules (documented in the README, section "Names"):
//!
//! * **Types.** A component listed under `types:` in `spec/names.yaml` gets that name.
//!   Otherwise its name with the words `Serializer` and `Pydantic` removed, in
//!   UpperCamelCase (`CapacityDetailsSerializer` → `CapacityDetails`). If two components
//!   would get the same name that way, both keep their full upstream name instead, so a
//!   collision never renumbers anything. An inline schema is named after its owner and the
//!   role it plays there: `{Owner}{Field}` for a property, `{Owner}Item` for array items,
//!   `{Owner}Value` for map values, `{Resource}{Method}Body` / `...Response` / `...{Param}`
//!   for operation-level schemas. Types still sharing a name (or a file name: `FOOBar`,
//!   `FooBar`) leave it to the one `names.yaml` names so, else to the component whose own
//!   schema name it is, else to the only component among them; the others get `X` and four
//!   characters hashed from their own identity (`ThingXK3QD`), which nothing else in the
//!   spec can change.
//! * **Fields and parameters.** snake_case of the wire name; a Rust keyword gets a trailing
//!   `_` (`type` → `type_`), and names that collide after conversion (`name`, `Name`) are
//!   numbered, the exact match first. The wire name is always kept through `#[serde(rename)]`.
//! * **Enum variants.** `variants:` in `names.yaml`, else UpperCamelCase of the wire value
//!   (`RUSSIA_AND_CIS` → `RussiaAndCis`, `ai_service` → `AiService`); a value starting with a
//!   digit gets a `V` prefix and a keyword a `Value` suffix (`Self` → `SelfValue`). The variant that keeps unknown values is `Unknown` (or
//!   `UnknownValue` if the enum has a value named `Unknown`).
//! * **Operations.** `operations:` in `names.yaml` maps an operationId to
//!   `resource.path.method`. Otherwise the path's literal segments, without version
//!   segments (`v1`, `v2`, ...), form the resource path, and the method is `get` (a GET
//!   whose path picks an item: a parameter other than the `project_id`/`region_id` every call
//!   is scoped to, or one right after its own collection, `projects/{project_id}`; but a
//!   GET on a word below an item that answers with a list is `list`), `list`
//!   (any other GET), `create` (POST), `replace` (PUT), `update` (PATCH) or `delete`
//!   (DELETE). An action on one item — a POST, alone on its path, whose last segment is a
//!   word right after the item's parameter, with no paths below it — is a method of the
//!   item's resource named after the word (`.../{instance_id}/start` → `instances.start`),
//!   unless that word also names a resource there. Operations still named alike: the one
//!   the naming file names, else the newest API version, keeps the name; the others get `_v{N}` (`get_v1`); if that does not tell them apart, each gets `_by_` and the
//!   path parameters the others lack (`create_by_task_id`). No counters: a name depends only on the
//!   operation and the others of the same name.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use heck::{ToSnakeCase, ToUpperCamelCase};
use serde_json::Value;

use crate::error::{push_pointer, Error, Result};
use crate::model::*;

/// The checked-in naming file (`spec/names.yaml`).
#[derive(Debug, Clone, Default)]
pub struct NameFile {
    pub path: Option<PathBuf>,
    /// Component schema name → Rust type name.
    pub types: BTreeMap<String, String>,
    /// operationId → (`resource.path`, method).
    pub operations: BTreeMap<String, OperationName>,
    /// Component schema name → wire value → Rust variant name.
    pub variants: BTreeMap<String, BTreeMap<String, String>>,
    /// A resource path the rules give → the one users see (`cloud.lblisteners` →
    /// `cloud.load_balancers.listeners`), applied to the longest matching prefix of every
    /// call path the rules name.
    pub resources: BTreeMap<Vec<String>, Vec<String>>,
}

impl NameFile {
    pub fn from_value(path: &Path, value: Value) -> Result<NameFile> {
        let err = |pointer: &str, message: String| Error::at(path.to_path_buf(), pointer, message);
        let mut names = NameFile {
            path: Some(path.to_path_buf()),
            ..NameFile::default()
        };
        let Value::Object(root) = value else {
            return Err(err("", "the naming file must be a mapping".into()));
        };
        for (section, entries) in &root {
            let section_pointer = push_pointer("", section);
            let Value::Object(entries) = entries else {
                return Err(err(&section_pointer, format!("`{section}` must be a mapping")));
            };
            for (key, value) in entries {
                let pointer = push_pointer(&section_pointer, key);
                match (section.as_str(), value) {
                    ("types", Value::String(name)) => {
                        check_type_name(name).map_err(|m| err(&pointer, m))?;
                        names.types.insert(key.clone(), name.clone());
                    }
                    ("operations", Value::String(dotted)) => {
                        let name = parse_operation_name(dotted).map_err(|m| err(&pointer, m))?;
                        names.operations.insert(key.clone(), name);
                    }
                    ("variants", Value::Object(variants)) => {
                        let mut map = BTreeMap::new();
                        for (wire, variant) in variants {
                            let Value::String(variant) = variant else {
                                return Err(err(&push_pointer(&pointer, wire), "a variant name must be a string".into()));
                            };
                            check_type_name(variant).map_err(|m| err(&push_pointer(&pointer, wire), m))?;
                            map.insert(wire.clone(), variant.clone());
                        }
                        names.variants.insert(key.clone(), map);
                    }
                    ("resources", Value::String(dotted)) => {
                        let path = |text: &str| parse_resource_path(text).map_err(|m| err(&pointer, m));
                        names.resources.insert(path(key)?, path(dotted)?);
                    }
                    ("types" | "operations" | "variants" | "resources", _) => {
                        return Err(err(&pointer, "unexpected value; see the README section \"Names\"".into()));
                    }
                    _ => {
                        return Err(err(
                            &section_pointer,
                            format!("unknown section `{section}` (expected types, operations, variants, resources)"),
                        ))
                    }
                }
            }
        }
        Ok(names)
    }
}

fn check_type_name(name: &str) -> Result<(), String> {
    if is_identifier(name) && name.starts_with(|c: char| c.is_ascii_uppercase()) {
        Ok(())
    } else {
        Err(format!("`{name}` is not an UpperCamelCase Rust identifier"))
    }
}

fn parse_operation_name(dotted: &str) -> Result<OperationName, String> {
    let parts: Vec<&str> = dotted.split('.').collect();
    let valid = parts.len() >= 2
        && parts
            .iter()
            .all(|p| is_identifier(p) && p.to_snake_case() == *p && !is_keyword(p));
    if !valid {
        return Err(format!("`{dotted}` is not `resource.path.method` in snake_case"));
    }
    let (method, resource) = parts.split_last().expect("at least two parts");
    Ok(OperationName {
        resource: resource.iter().map(|s| s.to_string()).collect(),
        method: method.to_string(),
    })
}

/// `cloud.load_balancers`: a resource path, at least the product and one segment.
fn parse_resource_path(dotted: &str) -> Result<Vec<String>, String> {
    let parts: Vec<&str> = dotted.split('.').collect();
    // Segments as the rules write them: `virtual_` for the keyword `virtual`.
    let valid = parts.len() >= 2 && parts.iter().all(|p| snake_ident(p) == *p);
    if !valid {
        return Err(format!("`{dotted}` is not a `product.resource` path in snake_case"));
    }
    Ok(parts.iter().map(|s| s.to_string()).collect())
}

/// A call path the rules gave, with the longest prefix the naming file maps replaced.
pub(crate) fn mapped_resource(resource: &[String], names: &NameFile) -> Vec<String> {
    for len in (1..=resource.len()).rev() {
        if let Some(to) = names.resources.get(&resource[..len]) {
            return to.iter().chain(&resource[len..]).cloned().collect();
        }
    }
    resource.to_vec()
}

fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_') && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

const KEYWORDS: [&str; 51] = [
    "as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn", "for", "if", "impl", "in", "let",
    "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true",
    "type", "unsafe", "use", "where", "while", "async", "await", "dyn", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "typeof", "unsized", "virtual", "yield", "try",
];

/// Type names the generated code uses unqualified; a model of the same name would shadow them.
const RESERVED_TYPE_NAMES: [&str; 8] = ["Option", "Result", "String", "Vec", "Box", "Self", "Some", "None"];

fn is_keyword(s: &str) -> bool {
    KEYWORDS.contains(&s) || s == "gen"
}

/// snake_case identifier for a wire name: fields, parameters, resource segments.
pub fn snake_ident(wire: &str) -> String {
    let mut ident = if is_plain_snake_case(wire) {
        // Most wire names (`ca_secret_id`) are already what heck would make of them, and
        // naming a large document calls this for every field and parameter.
        wire.to_string()
    } else {
        let cleaned: String = wire
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
            .collect();
        cleaned.to_snake_case()
    };
    if ident.is_empty() {
        ident = "field".into();
    }
    // `100.64.0.0` is `n_100_64_0_0`: an identifier of underscores and digits alone reads as
    // an unused binding (clippy::just_underscores_and_digits).
    if ident.starts_with(|c: char| c.is_ascii_digit()) {
        ident.insert_str(0, "n_");
    }
    if is_keyword(&ident) {
        ident.push('_');
    }
    ident
}

/// Words of lowercase ASCII letters and digits joined by single underscores: heck's
/// snake_case leaves such a name as it is, since it splits words only at characters that
/// are not alphanumeric and at changes of case.
fn is_plain_snake_case(wire: &str) -> bool {
    !wire.is_empty()
        && wire
            .split('_')
            .all(|word| !word.is_empty() && word.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()))
}

/// The module (and file) of a model type: its snake_case, never a keyword.
pub fn module_name(type_name: &str) -> String {
    capped(snake_ident(type_name))
}

/// File systems limit a file name to 255 bytes: a longer module name keeps its first 64
/// characters and a hash of the whole, so it stays unique and stable.
fn capped(ident: String) -> String {
    const MAX: usize = 80;
    if ident.len() <= MAX {
        return ident;
    }
    format!("{}_{:08x}", &ident[..64], fnv(&ident))
}

/// FNV-1a: a small, stable hash, the same on every machine and Rust version.
fn fnv(text: &str) -> u32 {
    let mut hash: u32 = 0x811c_9dc5;
    for byte in text.bytes() {
        hash = (hash ^ u32::from(byte)).wrapping_mul(0x0100_0193);
    }
    hash
}

pub mod crates;
mod operations;

/// UpperCamelCase identifier for a wire name: types and variants. Empty when the name has
/// no ASCII letter or digit at all (callers choose what stands in).
pub fn camel_ident(wire: &str) -> String {
    let cleaned: String = wire
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect();
    let mut ident = cleaned.to_upper_camel_case();
    if ident.starts_with(|c: char| c.is_ascii_digit()) {
        ident.insert(0, 'V');
    }
    ident
}

/// The handle type of a resource (`client.cloud().load_balancers()` is a `LoadBalancers`),
/// from the last segment of its path.
pub fn resource_type(segment: &str) -> String {
    camel_ident(segment)
}

/// The request builder an operation's method returns, named after the resource and the
/// method so that it says what it builds: `cloud.inference.deployments.get` returns a
/// `DeploymentsGetRequest` (a plain `GetRequest` would be in dozens of modules).
pub fn request_type(name: &OperationName) -> String {
    let resource = name.resource.last().map(String::as_str).unwrap_or_default();
    format!("{}{}Request", camel_ident(resource), camel_ident(&name.method))
}

/// A type name for a schema name: its UpperCamelCase, or `Unnamed` when nothing of it is
/// ASCII (a collision rule then tells such types apart).
fn type_ident(name: &str) -> String {
    let ident = camel_ident(name);
    if ident.is_empty() {
        "Unnamed".to_string()
    } else {
        ident
    }
}

pub fn assign(api: &mut Api, names: &NameFile) -> Result<()> {
    operations::name_operations(api, names)?;
    for op in &mut api.operations {
        op.feature = crates::group_feature(&crates::group_path(&op.rust));
    }
    name_types(api, names)?;
    let type_names: BTreeMap<TypeKey, String> = api.types.iter().map(|(k, t)| (k.clone(), t.name.clone())).collect();
    for def in api.types.values_mut() {
        match &mut def.kind {
            TypeKind::Struct(s) => name_fields(&mut s.fields),
            TypeKind::Enum(e) => {
                let overrides = match &def.key {
                    TypeKey::Component(name) => names.variants.get(name),
                    TypeKey::Inline(_) => None,
                };
                name_variants(e, overrides);
            }
            TypeKind::Union(u) => name_union_variants(u, &type_names),
            TypeKind::Alias(_) => {}
        }
    }
    Ok(())
}

/// Variants of a tagged union are named after their tag (`ai_cluster` → `AiCluster`), those
/// of an untagged one after their type (`InstanceFloatingAddress`, `String`, `List`).
fn name_union_variants(u: &mut Union, type_names: &BTreeMap<TypeKey, String>) {
    fn shape_name(ty: &TypeRef, type_names: &BTreeMap<TypeKey, String>) -> String {
        match ty {
            TypeRef::Named(key) => type_names[key].clone(),
            TypeRef::String => "String".into(),
            TypeRef::Integer => "Integer".into(),
            TypeRef::Number => "Number".into(),
            TypeRef::Boolean => "Boolean".into(),
            TypeRef::DateTime => "DateTime".into(),
            TypeRef::Json => "Json".into(),
            TypeRef::JsonObject => "Object".into(),
            TypeRef::Array(_) => "List".into(),
            TypeRef::Map(_) => "Map".into(),
            TypeRef::Nullable(inner) => shape_name(inner, type_names),
            TypeRef::Tuple(_) => "Tuple".into(),
            TypeRef::Bytes => "Bytes".into(),
            TypeRef::Multipart => "Multipart".into(),
        }
    }
    let mut taken = BTreeSet::new();
    for variant in &mut u.variants {
        let base = match variant.tags.first() {
            Some(tag) => camel_ident(tag),
            None => shape_name(&variant.ty, type_names),
        };
        let base = match base.as_str() {
            "" => "Empty".to_string(),
            name if is_keyword(name) => format!("{name}Value"),
            _ => base,
        };
        let mut name = base.clone();
        let mut n = 1;
        while !taken.insert(name.clone()) {
            n += 1;
            name = format!("{base}{n}");
        }
        variant.name = name;
    }
    u.catch_all = if taken.contains("Unknown") {
        "UnknownVariant".into()
    } else {
        "Unknown".into()
    };
}

fn name_types(api: &mut Api, names: &NameFile) -> Result<()> {
    // Components first: the naming file, then the rule, falling back to the full name when
    // the rule makes two components collide.
    let mut by_candidate: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for key in api.types.keys() {
        if let TypeKey::Component(name) = key {
            if !names.types.contains_key(name) {
                by_candidate.entry(component_rule_name(name)).or_default().push(name.clone());
            }
        }
    }
    let mut component_names: BTreeMap<String, String> = BTreeMap::new();
    for (candidate, components) in by_candidate {
        for component in &components {
            let name = if components.len() == 1 {
                candidate.clone()
            } else {
                type_ident(component)
            };
            component_names.insert(component.clone(), name);
        }
    }
    for (component, name) in &names.types {
        component_names.insert(component.clone(), name.clone());
    }

    let keys: Vec<TypeKey> = api.types.keys().cloned().collect();
    let mut resolved: BTreeMap<TypeKey, String> = BTreeMap::new();
    for key in &keys {
        let name = type_name(api, key, &component_names, &mut resolved, 0)?;
        resolved.insert(key.clone(), name);
    }

    let chosen: BTreeMap<TypeKey, String> = resolved
        .into_iter()
        .map(|(key, name)| {
            let name = if RESERVED_TYPE_NAMES.contains(&name.as_str()) {
                format!("{name}Type")
            } else {
                name
            };
            (key, name)
        })
        .collect();
    for (key, name) in settle_collisions(api, names, chosen)? {
        api.types.get_mut(&key).expect("named types exist").name = name;
    }
    name_required_structs(api);
    Ok(())
}

/// A request type with two or more required fields is built from a struct naming them
/// (`ContainerScaleV3Required { max: 3, min: 1 }`), never from positional arguments that
/// could be swapped: `<Type>Required`, or with the type's identity suffix if a schema
/// already holds that name.
fn name_required_structs(api: &mut Api) {
    let mut taken: BTreeSet<String> = api.types.values().map(|def| module_name(&def.name)).collect();
    for def in api.types.values_mut() {
        let TypeKind::Struct(s) = &mut def.kind else {
            continue;
        };
        if !def.usage.request || s.fields.iter().filter(|f| f.required).count() < 2 {
            continue;
        }
        let mut name = format!("{}Required", def.name);
        if taken.contains(&module_name(&name)) {
            name = format!("{name}{}", identity_suffix(&def.key));
        }
        taken.insert(module_name(&name));
        s.required_struct = Some(name);
    }
}

/// Two types cannot share a Rust name, nor a file (`FOOBar` and `FooBar` are both
/// `foo_bar.rs`). In such a group the name stays with the type the naming file names so,
/// else with the component whose own schema name it is, else with its only component (a
/// named schema outranks one named after where it stands); every other member gets a suffix
/// made from a hash of its own identity (component name or JSON pointer). Nothing outside
/// the group changes, and the suffix never depends on what else is in the spec.
fn settle_collisions(api: &Api, names: &NameFile, chosen: BTreeMap<TypeKey, String>) -> Result<BTreeMap<TypeKey, String>> {
    let mut groups: BTreeMap<String, Vec<TypeKey>> = BTreeMap::new();
    for (key, name) in &chosen {
        groups.entry(module_name(name)).or_default().push(key.clone());
    }
    let mut settled = chosen.clone();
    for keys in groups.values().filter(|keys| keys.len() > 1) {
        let named_in_file: Vec<&TypeKey> = keys
            .iter()
            .filter(|k| matches!(k, TypeKey::Component(c) if names.types.contains_key(c)))
            .collect();
        if let [first, second, ..] = named_in_file.as_slice() {
            return Err(Error::at(
                names.path.clone(),
                "/types",
                format!(
                    "the naming file gives the schemas at {} and {} the name `{}` (or names that share a file): choose different names",
                    api.types[*first].pointer, api.types[*second].pointer, chosen[*first]
                ),
            ));
        }
        let components: Vec<&TypeKey> = keys.iter().filter(|k| matches!(k, TypeKey::Component(_))).collect();
        let keeper = named_in_file
            .first()
            .copied()
            .or_else(|| keys.iter().find(|k| matches!(k, TypeKey::Component(c) if *c == chosen[*k])))
            .or(match components.as_slice() {
                [only] => Some(*only),
                _ => None,
            });
        for key in keys.iter().filter(|k| Some(*k) != keeper) {
            settled.insert(key.clone(), format!("{}{}", chosen[key], identity_suffix(key)));
        }
    }
    let mut files: BTreeMap<String, &TypeKey> = BTreeMap::new();
    for (key, name) in &settled {
        if let Some(other) = files.insert(module_name(name), key) {
            return Err(Error::at(
                names.path.clone(),
                "/types",
                format!(
                    "the schemas at {} and {} still collide as `{name}`: give one of them a name in the naming file (under `types:`)",
                    api.types[other].pointer, api.types[key].pointer
                ),
            ));
        }
    }
    Ok(settled)
}

/// Four letters and digits from a hash (FNV-1a) of what identifies the type, so that a
/// colliding type's name is stable no matter what else the spec holds.
fn identity_suffix(key: &TypeKey) -> String {
    let identity = match key {
        TypeKey::Component(name) => format!("component:{name}"),
        TypeKey::Inline(pointer) => format!("inline:{pointer}"),
    };
    let hash = fnv(&identity);
    const ALPHABET: &[u8; 32] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut suffix = String::from("X");
    for i in 0..4 {
        suffix.push(ALPHABET[((hash >> (i * 5)) & 31) as usize] as char);
    }
    suffix
}

/// The naming rule for a component without an entry in the naming file.
fn component_rule_name(component: &str) -> String {
    let stripped = component.replace("Serializer", "").replace("Pydantic", "");
    type_ident(&stripped)
}

fn type_name(
    api: &Api,
    key: &TypeKey,
    components: &BTreeMap<String, String>,
    resolved: &mut BTreeMap<TypeKey, String>,
    depth: usize,
) -> Result<String> {
    if let Some(name) = resolved.get(key) {
        return Ok(name.clone());
    }
    let Some(def) = api.types.get(key) else {
        return Err(Error::at(
            None,
            format!("{key:?}"),
            "internal error: a schema names an owner that was never built",
        ));
    };
    let name = match key {
        TypeKey::Component(component) => components[component].clone(),
        TypeKey::Inline(_) => {
            let hint = def.name_hint.as_ref().expect("inline types carry a name hint");
            if depth > 64 {
                return Err(Error::at(
                    None,
                    def.pointer.clone(),
                    "inline schemas are nested too deeply to be named",
                ));
            }
            let owner = match &hint.owner {
                Owner::Type(owner) => type_name(api, owner, components, resolved, depth + 1)?,
                Owner::Operation(id) => {
                    let op = api
                        .operations
                        .iter()
                        .find(|op| &op.operation_id == id)
                        .expect("hint names an existing operation");
                    camel_ident(&format!("{}_{}", op.rust.resource.join("_"), op.rust.method))
                }
            };
            format!("{owner}{}", camel_ident(&hint.role))
        }
    };
    resolved.insert(key.clone(), name.clone());
    Ok(name)
}

fn name_fields(fields: &mut [Field]) {
    let mut taken = BTreeSet::new();
    // Wire names differing only in case or punctuation map to one snake_case name. A wire
    // name that already is that name keeps it; the others get `_2`, `_3`, ... in wire-name
    // order, so the result does not depend on property order.
    let mut order: Vec<usize> = (0..fields.len()).collect();
    order.sort_by_key(|i| {
        (
            snake_ident(&fields[*i].wire_name) != fields[*i].wire_name,
            fields[*i].wire_name.clone(),
        )
    });
    for i in order {
        let base = snake_ident(&fields[i].wire_name);
        let mut ident = base.clone();
        let mut n = 1;
        while !taken.insert(ident.clone()) {
            n += 1;
            ident = format!("{base}_{n}");
        }
        fields[i].ident = ident;
    }
}

fn name_variants(e: &mut Enum, overrides: Option<&BTreeMap<String, String>>) {
    let mut taken = BTreeSet::new();
    for value in &mut e.values {
        let base = match overrides.and_then(|o| o.get(&value.wire)) {
            Some(name) => name.clone(),
            None => {
                let name = camel_ident(&value.wire);
                if name.is_empty() {
                    "Empty".to_string()
                } else if is_keyword(&name) {
                    format!("{name}Value")
                } else {
                    name
                }
            }
        };
        let mut variant = base.clone();
        let mut n = 1;
        while !taken.insert(variant.clone()) {
            n += 1;
            variant = format!("{base}{n}");
        }
        value.variant = variant;
    }
    e.catch_all = if taken.contains("Unknown") {
        "UnknownValue".into()
    } else {
        "Unknown".into()
    };
}

#[cfg(test)]
mod tests {
    use super::{is_plain_snake_case, snake_ident};
    use heck::ToSnakeCase;

    /// The fast path of [`snake_ident`] is taken only where heck agrees: checked on every
    /// key and short string of every document in `spec/`, and on names made to probe it.
    #[test]
    fn plain_snake_case_is_left_as_heck_leaves_it() {
        fn collect(value: &serde_yaml::Value, found: &mut Vec<String>) {
            match value {
                serde_yaml::Value::Mapping(map) => {
                    for (key, value) in map {
                        collect(key, found);
                        collect(value, found);
                    }
                }
                serde_yaml::Value::Sequence(items) => items.iter().for_each(|item| collect(item, found)),
                serde_yaml::Value::String(s) if s.len() <= 64 => found.push(s.clone()),
                _ => {}
            }
        }
        let spec = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
        let mut names: Vec<String> = ["a1b", "1abc", "9", "v2_3", "x9z_0", "ab__c", "_a", "a_", "aB", "a-b", ""]
            .map(String::from)
            .to_vec();
        for product in std::fs::read_dir(&spec).unwrap() {
            let product = product.unwrap().path();
            if !product.is_dir() {
                continue;
            }
            for file in std::fs::read_dir(product).unwrap() {
                let path = file.unwrap().path();
                if path.extension().is_some_and(|e| e == "yaml") {
                    let text = std::fs::read_to_string(&path).unwrap();
                    collect(&serde_yaml::from_str(&text).unwrap(), &mut names);
                }
            }
        }
        names.sort();
        names.dedup();
        let plain: Vec<&String> = names.iter().filter(|n| is_plain_snake_case(n)).collect();
        assert!(plain.len() > 1000, "only {} plain names among {}", plain.len(), names.len());
        for name in plain {
            assert_eq!(&name.to_snake_case(), name, "heck changes `{name}`");
        }
        for (wire, ident) in [
            ("ca_secret_id", "ca_secret_id"),
            ("9", "n_9"),
            ("type", "type_"),
            ("a__b", "a_b"),
            ("caSecret", "ca_secret"),
        ] {
            assert_eq!(snake_ident(wire), ident);
        }
        assert!(!is_plain_snake_case("ab__c") && !is_plain_snake_case("_a") && !is_plain_snake_case("a_"));
        assert!(!is_plain_snake_case("aB") && !is_plain_snake_case("") && is_plain_snake_case("1abc"));
    }
}
