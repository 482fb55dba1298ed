//! Operation names: the call path (`cloud.inference.deployments.get`) of every operation,
//! from the naming file or by the rules in the README ("Names"), collisions settled, and
//! each parameter's Rust name.

use std::collections::{BTreeMap, BTreeSet};

use super::{capped, snake_ident, NameFile};
use crate::error::{Error, Result};
use crate::model::*;

pub(super) fn name_operations(api: &mut Api, names: &NameFile) -> Result<()> {
    let actions = action_paths(api);
    let mut by_name: BTreeMap<OperationName, Vec<usize>> = BTreeMap::new();
    for i in 0..api.operations.len() {
        let op = &api.operations[i];
        let name = match names.operations.get(&op.operation_id) {
            Some(name) => name.clone(),
            None => call_path_by_rules(api, op, names, &actions),
        };
        if name.resource.first() != Some(&api.product.name) {
            return Err(Error::at(
                names.path.clone(),
                "/operations",
                format!(
                    "operation `{}` is named `{}.{}`, outside its product: a call path starts with `{}.`",
                    op.operation_id,
                    name.resource.join("."),
                    name.method,
                    api.product.name
                ),
            ));
        }
        by_name.entry(name.clone()).or_default().push(i);
        api.operations[i].rust = name;
    }
    for (name, group) in by_name.into_iter().filter(|(_, group)| group.len() > 1) {
        settle_operation_collision(api, names, &name, &group)?;
    }
    separate_rule_collisions(api, names)?;
    for op in &mut api.operations {
        name_params(op);
    }
    check_methods_are_not_resources(api, names)
}

/// The call path the rules give an operation the naming file does not name.
fn call_path_by_rules(api: &Api, op: &Operation, names: &NameFile, actions: &BTreeSet<String>) -> OperationName {
    let mut name = match actions.contains(op.path.as_str()) {
        true => action_name(&op.path),
        false => name_by_rule(&api.types, op),
    };
    // The first segment of a path names the product (`/cdn/...`): the call path
    // starts with the product's name (`cdn_reseller.admin...`).
    match name.resource.first_mut() {
        Some(first) => *first = api.product.name.clone(),
        None => name.resource.push(api.product.name.clone()),
    }
    // Resource-level entries of the naming file: `cloud.lblisteners` is
    // `cloud.load_balancers.listeners`.
    name.resource = super::mapped_resource(&name.resource, names);
    name
}

/// Two operations the rules (not the naming file) named alike after the collision rules:
/// the later by operationId is named after its operationId too, with a warning, rather
/// than refusing a published document; any name still taken twice is an error.
fn separate_rule_collisions(api: &mut Api, names: &NameFile) -> Result<()> {
    let mut taken: BTreeMap<(Vec<String>, String), String> = BTreeMap::new();
    for op in &mut api.operations {
        let key = (op.rust.resource.clone(), op.rust.method.clone());
        // Rules alone gave two operations one name: the later (by operationId) is named after
        // its operationId too, with a warning, rather than refusing a published document.
        if let Some(other) = taken.get(&key).filter(|_| !names.operations.contains_key(&op.operation_id)) {
            let method = format!("{}_{}", op.rust.method, snake_ident(&op.operation_id));
            api.warnings.push(crate::error::Warning {
                kind: crate::error::WarningKind::Renamed,
                location: crate::error::Location {
                    file: None,
                    pointer: op.pointer.clone(),
                },
                message: format!(
                    "`{other}` is also `{}.{}`: this one is `{method}` (name it in the naming file)",
                    op.rust.resource.join("."),
                    op.rust.method
                ),
            });
            op.rust.method = method;
        }
        let key = (op.rust.resource.clone(), op.rust.method.clone());
        if let Some(other) = taken.insert(key, op.operation_id.clone()) {
            return Err(Error::at(
                names.path.clone(),
                "/operations",
                format!(
                    "operations `{other}` and `{}` would both be `{}.{}`: give one of them a name in the naming file",
                    op.operation_id,
                    op.rust.resource.join("."),
                    op.rust.method
                ),
            ));
        }
    }
    Ok(())
}

/// Each parameter's Rust name: its setter and field, apart from the builder's own.
fn name_params(op: &mut Operation) {
    // The builder's own methods and fields (emit/resources.rs).
    let reserved = [
        "send",
        "send_with_response",
        "send_streaming",
        "send_text",
        "send_text_with_response",
        "send_bytes",
        "send_bytes_with_response",
        "options",
        "stream",
        "collect_all",
        "and_poll",
        "http_request",
        "client",
        "body",
        "encoding",
        "as_form",
        "as_multipart",
    ];
    let mut idents = BTreeSet::new();
    for param in &mut op.params {
        // A parameter the client fills in is overridden per call by a setter of its own
        // name, never one a query parameter (a filter, say) could also have.
        let mut ident = match param.client_default {
            Some(_) => format!("with_{}", snake_ident(&param.wire_name)),
            None => snake_ident(&param.wire_name),
        };
        if reserved.contains(&ident.as_str()) {
            ident.push_str("_param");
        }
        while !idents.insert(ident.clone()) {
            ident.push('_');
        }
        param.ident = ident;
    }
}

/// A method and a child resource of the same resource cannot share a name.
fn check_methods_are_not_resources(api: &Api, names: &NameFile) -> Result<()> {
    let children: BTreeSet<(Vec<String>, String)> = api
        .operations
        .iter()
        .flat_map(|op| (1..op.rust.resource.len()).map(|n| (op.rust.resource[..n].to_vec(), op.rust.resource[n].clone())))
        .collect();
    for op in &api.operations {
        if children.contains(&(op.rust.resource.clone(), op.rust.method.clone())) {
            return Err(Error::at(
                names.path.clone(),
                "/operations",
                format!(
                    "operation `{}` is named `{}.{}`, which is also a sub-resource: rename it in the naming file",
                    op.operation_id,
                    op.rust.resource.join("."),
                    op.rust.method
                ),
            ));
        }
    }
    Ok(())
}

/// Operations that the path rule names alike. Named in the naming file: that is a mistake
/// to report. Otherwise the newest API version keeps the name and older ones get `_v{N}`
/// (`get_v1`); those still alike, and addressing one item, get `_by_{item parameter}`.
fn settle_operation_collision(api: &mut Api, names: &NameFile, name: &OperationName, group: &[usize]) -> Result<()> {
    let fixed = |i: usize| names.operations.contains_key(&api.operations[i].operation_id);
    let versions: Vec<Option<u32>> = group.iter().map(|&i| version_of(&api.operations[i].path)).collect();
    let newest = versions.iter().flatten().max().copied();
    let distinct_versions = versions.iter().collect::<BTreeSet<_>>().len() == versions.len();
    let params_of = |i: usize| -> BTreeSet<String> { path_params(&api.operations[i].path) };
    let suffixes: Vec<String> = group
        .iter()
        .zip(&versions)
        .map(|(&i, version)| {
            if distinct_versions {
                // A name the naming file fixes stays; the others defer to it even if newer.
                let keeps = match group.iter().find(|&&j| fixed(j)) {
                    Some(&holder) => holder == i,
                    None => version == &newest,
                };
                return match (keeps, version) {
                    (true, _) => String::new(),
                    (false, Some(v)) => format!("_v{v}"),
                    (false, None) => "_unversioned".into(),
                };
            }
            let others: BTreeSet<String> = group.iter().filter(|&&j| j != i).flat_map(|&j| params_of(j)).collect();
            let own: Vec<String> = params_of(i).difference(&others).map(|p| snake_ident(p)).collect();
            if own.is_empty() {
                String::new()
            } else {
                format!("_by_{}", own.join("_and_"))
            }
        })
        .collect();
    let fixed_members: Vec<bool> = group.iter().map(|&i| fixed(i)).collect();
    for ((&i, suffix), is_fixed) in group.iter().zip(suffixes).zip(&fixed_members) {
        if !is_fixed {
            api.operations[i].rust.method.push_str(&suffix);
        }
    }
    if fixed_members.iter().filter(|f| **f).count() > 1 {
        return Err(Error::at(
            names.path.clone(),
            "/operations",
            format!(
                "the naming file gives several operations the name `{}.{}`",
                name.resource.join("."),
                name.method
            ),
        ));
    }
    Ok(())
}

/// The names of a path's parameters.
fn path_params(path: &str) -> BTreeSet<String> {
    path.split('/')
        .filter_map(|s| s.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
        .map(str::to_owned)
        .collect()
}

/// The first version segment of a path (`/cloud/v2/...` → 2).
fn version_of(path: &str) -> Option<u32> {
    path.split('/').find(|s| is_version(s)).and_then(|s| s[1..].parse().ok())
}

/// The path parameters that pick an item (`{instance_id}`), as opposed to the project and
/// region every call is scoped to. `projects/{project_id}` picks a project, though.
fn item_params(path: &str) -> Vec<&str> {
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let mut items = Vec::new();
    for (i, segment) in segments.iter().enumerate() {
        let Some(name) = segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) else {
            continue;
        };
        let scope = match name {
            "project_id" => Some("projects"),
            "region_id" => Some("regions"),
            _ => None,
        };
        let own_collection = i > 0 && Some(segments[i - 1]) == scope;
        if scope.is_none() || own_collection {
            items.push(name);
        }
    }
    items
}

/// Paths that are an action on one item rather than a resource of their own: a POST (or a
/// PUT or PATCH without a body), the only operation on its path, whose last segment is a word right after the item's
/// parameter, with no paths below it (`/instances/{project_id}/{region_id}/{instance_id}/start`).
/// It becomes a method of the item's resource, named after the word: `instances().start(..)`.
fn action_paths(api: &Api) -> BTreeSet<String> {
    let mut methods: BTreeMap<&str, Vec<(Method, bool)>> = BTreeMap::new();
    for op in &api.operations {
        methods
            .entry(op.path.as_str())
            .or_default()
            .push((op.method, op.body.is_some()));
    }
    let has_paths_below = |path: &str| {
        methods
            .keys()
            .any(|p| p.strip_prefix(path).is_some_and(|rest| rest.starts_with('/')))
    };
    // A PUT or PATCH with a body sets a thing of the item (`.../{snapshot_id}/metadata`);
    // without one it is an action like a POST (`.../{name}/enable`).
    let candidates: BTreeSet<&str> = methods
        .iter()
        .filter(|(path, methods)| {
            matches!(methods.as_slice(), [(Method::Post, _) | (Method::Put | Method::Patch, false)])
                && acts_on_an_item(path)
                && !has_paths_below(path)
        })
        .map(|(path, _)| *path)
        .collect();
    // A word that also names a resource beside the item stays a resource of its own
    // (`tasks/{task_id}/acknowledge` beside `tasks/acknowledge`).
    let resources: BTreeSet<Vec<String>> = api
        .operations
        .iter()
        .filter(|op| !candidates.contains(op.path.as_str()))
        .flat_map(|op| {
            let resource = name_from_path(&op.path, op.method).resource;
            (1..=resource.len()).map(move |n| resource[..n].to_vec())
        })
        .collect();
    candidates
        .into_iter()
        .filter(|path| {
            let action = action_name(path);
            !resources.contains(&[action.resource, vec![action.method]].concat())
        })
        .map(str::to_owned)
        .collect()
}

/// Whether `path` ends in a word right after a parameter that picks an item, below a
/// resource group (`/cloud/v1/instances/{..}/{instance_id}/start`, not `/cloud/v1/{id}/start`).
fn acts_on_an_item(path: &str) -> bool {
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let [.., parameter, word] = segments.as_slice() else {
        return false;
    };
    let picks_item = parameter
        .strip_prefix('{')
        .and_then(|p| p.strip_suffix('}'))
        .is_some_and(|name| item_params(path).contains(&name));
    let words_before = segments.iter().filter(|s| !s.starts_with('{') && !is_version(s)).count() - 1;
    picks_item && !word.starts_with('{') && !is_version(word) && words_before >= 2
}

/// The rule's name for an operation that is not an action: from its path, except that a GET
/// on a word below an item is `list` when it answers with a list.
fn name_by_rule(types: &BTreeMap<TypeKey, TypeDef>, op: &Operation) -> OperationName {
    let mut name = name_from_path(&op.path, op.method);
    if op.method == Method::Get && ends_in_a_word_below_an_item(&op.path) && returns_list(types, op) {
        name.method = "list".into();
    }
    name
}

/// Whether a GET path ends in a word below an item (`/instances/{..}/{instance_id}/ports`):
/// the path alone cannot tell a sub-collection (`ports`) from a single thing (`status`).
fn ends_in_a_word_below_an_item(path: &str) -> bool {
    let ends_in_word = path
        .rsplit('/')
        .find(|s| !s.is_empty())
        .is_some_and(|last| !last.starts_with('{'));
    ends_in_word && !item_params(path).is_empty()
}

/// Whether an operation answers with a list: a JSON array; an object whose `results` is one
/// (Gcore's `{count, results}`) or whose property named after the path's last word is one
/// (`{rrsets: [..], total_amount}` from `.../rrsets`); or a union of such lists (a plain list
/// or a paginated one).
fn returns_list(types: &BTreeMap<TypeKey, TypeDef>, op: &Operation) -> bool {
    let word = op
        .path
        .rsplit('/')
        .find(|s| !s.is_empty())
        .map(snake_ident)
        .unwrap_or_default();
    op.response.as_ref().is_some_and(|ty| is_list(types, ty, &word, 0))
}

fn is_list(types: &BTreeMap<TypeKey, TypeDef>, ty: &TypeRef, word: &str, depth: usize) -> bool {
    let TypeRef::Named(key) = ty else {
        return matches!(ty, TypeRef::Array(_));
    };
    // Aliases and unions nest only so deep in a real document; a cycle stops here.
    if depth > 8 {
        return false;
    }
    match types.get(key).map(|t| &t.kind) {
        Some(TypeKind::Alias(target)) => is_list(types, target, word, depth + 1),
        Some(TypeKind::Struct(s)) => s
            .fields
            .iter()
            .any(|f| (f.wire_name == "results" || f.wire_name == word) && is_array(&f.ty)),
        Some(TypeKind::Union(u)) => u.variants.iter().all(|v| is_list(types, &v.ty, word, depth + 1)),
        Some(TypeKind::Enum(_)) | None => false,
    }
}

fn is_array(ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Nullable(inner) => is_array(inner),
        other => matches!(other, TypeRef::Array(_)),
    }
}

fn action_name(path: &str) -> OperationName {
    let mut name = name_from_path(path, Method::Post);
    name.method = name.resource.pop().unwrap_or_default();
    name
}

fn name_from_path(path: &str, method: Method) -> OperationName {
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let resource: Vec<String> = segments
        .iter()
        .filter(|s| !s.starts_with('{') && !is_version(s))
        .map(|s| capped(snake_ident(s)))
        .collect();
    let one_item = !item_params(path).is_empty();
    let method = match method {
        Method::Get if one_item => "get",
        Method::Get => "list",
        Method::Post => "create",
        Method::Put => "replace",
        Method::Patch => "update",
        Method::Delete => "delete",
        Method::Head => "head",
        Method::Options => "options_",
        Method::Trace => "trace",
    };
    let resource = if resource.is_empty() {
        vec!["root".to_string()]
    } else {
        resource
    };
    OperationName {
        resource,
        method: method.to_string(),
    }
}

fn is_version(segment: &str) -> bool {
    segment
        .strip_prefix('v')
        .is_some_and(|rest| !rest.is_empty() && rest.chars().all(|c| c.is_ascii_digit()))
}
