//! Stage 4b, after naming: facts about the named model that several emitters and the docs
//! need, computed once over the whole type graph and stored in it, so that emitters only
//! render: where each type is used (`TypeDef::uses`), which fields and variants are boxed
//! (`Field::boxed`, `Variant::boxed`), what each value is checked for before it is sent
//! (`checks` of fields, parameters and bodies; `TypeDef::validates`, in `checks`), which
//! types are pages of a paginated call (`TypeDef::page_of`), and which calls start tasks
//! (`Operation::starts_tasks`).

mod checks;

use std::collections::{BTreeMap, BTreeSet};

use crate::error::{Location, Warning, WarningKind};
use crate::model::{reach, Api, TypeKey, TypeKind, TypeRef, Uses};

pub fn analyse(api: &mut Api) {
    mark_uses(api);
    mark_features(api);
    mark_boxes(api);
    checks::mark_checks(api);
    mark_pages(api);
    mark_task_starters(api);
}

/// Marks the types paginated calls return with their item type (the first call's, by
/// operationId, should two differ).
fn mark_pages(api: &mut Api) {
    for pagination in api.operations.iter().filter_map(|op| op.pagination.as_ref()) {
        if let Some(def) = api.types.get_mut(&pagination.page) {
            def.page_of.get_or_insert_with(|| pagination.item.clone());
        }
    }
}

/// Marks the calls that answer with the schema the product settings name under `tasks`.
/// When the document has no such schema, or it has no required list of strings under that
/// property (a newer upstream version may rename either), no call is marked and a warning
/// names the setting: the SDK still generates, without `.and_poll()`.
fn mark_task_starters(api: &mut Api) {
    let Some(tasks) = api.product.tasks.clone() else {
        return;
    };
    let key = TypeKey::Component(tasks.schema.clone());
    let field = match api.types.get(&key).map(|def| &def.kind) {
        Some(TypeKind::Struct(s)) => s
            .fields
            .iter()
            .find(|f| f.wire_name == tasks.property && f.required && f.ty == TypeRef::Array(Box::new(TypeRef::String))),
        Some(TypeKind::Enum(_) | TypeKind::Union(_) | TypeKind::Alias(_)) | None => None,
    };
    let Some(field) = field.map(|f| f.ident.clone()) else {
        api.warnings.push(Warning {
            kind: WarningKind::UnmatchedSetting,
            location: Location {
                file: Some(tasks.file.clone()),
                pointer: "/tasks".into(),
            },
            message: format!(
                "`tasks` names the schema `{}` with a required list of strings `{}`: the document has none, \
                 so no call gets `.and_poll()`",
                tasks.schema, tasks.property
            ),
        });
        return;
    };
    for op in &mut api.operations {
        if op.response == Some(TypeRef::Named(key.clone())) {
            op.starts_tasks = Some(field.clone());
        }
    }
}

/// Fills `uses` of every type: the calls that take or return it and the types it is part of.
/// Marks each type with the features of the groups whose calls send or receive a value
/// holding it.
fn mark_features(api: &mut Api) {
    let mut features: BTreeMap<TypeKey, BTreeSet<String>> = BTreeMap::new();
    for op in &api.operations {
        let mut reached = BTreeSet::new();
        for ty in op.shapes() {
            reach(&api.types, ty, &mut reached);
        }
        for key in reached {
            features.entry(key).or_default().insert(op.feature.clone());
        }
    }
    for (key, features) in features {
        if let Some(def) = api.types.get_mut(&key) {
            def.features = features;
        }
    }
}

fn mark_uses(api: &mut Api) {
    let mut uses: BTreeMap<TypeKey, [BTreeSet<String>; 3]> = BTreeMap::new();
    for op in &api.operations {
        let call = op.rust.dotted();
        if let Some(key) = op.body.as_ref().and_then(|body| body.ty.named(true)) {
            uses.entry(key.clone()).or_default()[0].insert(call.clone());
        }
        if let Some(key) = op.response.as_ref().and_then(|ty| ty.named(true)) {
            uses.entry(key.clone()).or_default()[1].insert(call);
        }
    }
    for def in api.types.values() {
        for key in def.kind.parts().into_iter().filter_map(|ty| ty.named(true)) {
            if *key != def.key {
                uses.entry(key.clone()).or_default()[2].insert(def.name.clone());
            }
        }
    }
    for (key, [taken_by, returned_by, part_of]) in uses {
        if let Some(def) = api.types.get_mut(&key) {
            def.uses = Uses {
                taken_by: taken_by.into_iter().collect(),
                returned_by: returned_by.into_iter().collect(),
                part_of: part_of.into_iter().collect(),
            };
        }
    }
}

/// A field or variant is boxed when its type contains its owner without a list or map in
/// between (which would make the owner infinitely large).
fn mark_boxes(api: &mut Api) {
    let mut boxed: BTreeSet<(TypeKey, usize)> = BTreeSet::new();
    for (key, def) in &api.types {
        let parts: Vec<&TypeRef> = match &def.kind {
            TypeKind::Struct(s) => s.fields.iter().map(|f| &f.ty).collect(),
            TypeKind::Union(u) => u.variants.iter().map(|v| &v.ty).collect(),
            TypeKind::Alias(_) | TypeKind::Enum(_) => Vec::new(),
        };
        for (index, ty) in parts.into_iter().enumerate() {
            let reaches = ty
                .named(false)
                .is_some_and(|target| reaches_inline(api, target, key, &mut BTreeSet::new()));
            if reaches {
                boxed.insert((key.clone(), index));
            }
        }
    }
    for (key, def) in &mut api.types {
        match &mut def.kind {
            TypeKind::Struct(s) => {
                for (index, field) in s.fields.iter_mut().enumerate() {
                    field.boxed = boxed.contains(&(key.clone(), index));
                }
            }
            TypeKind::Union(u) => {
                for (index, variant) in u.variants.iter_mut().enumerate() {
                    variant.boxed = boxed.contains(&(key.clone(), index));
                }
            }
            TypeKind::Alias(_) | TypeKind::Enum(_) => {}
        }
    }
}

/// Whether `from` holds `to` inline: through fields, variants and aliases of a named type
/// (nullable or not), never through a list or map.
fn reaches_inline(api: &Api, from: &TypeKey, to: &TypeKey, seen: &mut BTreeSet<TypeKey>) -> bool {
    if from == to {
        return true;
    }
    if !seen.insert(from.clone()) {
        return false;
    }
    let Some(def) = api.types.get(from) else {
        return false;
    };
    // Additional properties are a map: never inline.
    let parts: Vec<&TypeRef> = match &def.kind {
        TypeKind::Struct(s) => s.fields.iter().map(|f| &f.ty).collect(),
        other => other.parts(),
    };
    parts
        .into_iter()
        .filter_map(|ty| ty.named(false))
        .any(|next| reaches_inline(api, next, to, seen))
}
