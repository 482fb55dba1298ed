//! API changes between two specs, as users of the Rust SDK will feel them.
//!
//! Both specs go through the whole pipeline up to naming, so types and operations are
//! compared by their Rust names (a schema renamed upstream but kept by `names.yaml` is the
//! same type) and every field by the Rust type it is declared with. Each change is
//! **breaking** (code written against the old SDK may stop compiling, or a request valid
//! before may now be refused) or **compatible** (needs a minor version). The rules, and
//! where they differ from oasdiff's, are in the README ("API changes between specs").

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::emit::rust::{field_kind, type_tokens, FieldKind};
use crate::model::*;

mod report;

pub use report::{changelog, extend_changelog, text};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Breaking,
    Compatible,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Change {
    pub severity: Severity,
    /// What changed, by its Rust name: `InferenceDeployment.status`, `cloud.tasks.list`.
    pub item: String,
    /// A stable identifier of the rule that classified it (`response-field-removed`).
    pub rule: &'static str,
    /// What happened and what it means for users.
    pub detail: String,
}

/// The report: every change, breaking ones first, then by item.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    /// What was compared: the product's title (`Cloud API`), or `API documents` for a platform.
    pub title: String,
    pub old_version: Option<String>,
    pub new_version: Option<String>,
    pub breaking: usize,
    pub compatible: usize,
    pub changes: Vec<Change>,
}

impl Report {
    pub fn has_breaking(&self) -> bool {
        self.breaking > 0
    }
}

/// One side of the comparison: a named model and its spec's `info.version`.
pub struct Side<'a> {
    pub api: &'a Api,
    pub version: Option<String>,
}

/// The report of a platform: each product's changes, prefixed with the product where the
/// item does not name it already (types: `cdn::CdnResource.name`), and a product that
/// appeared or went as one change.
pub fn platform(old: &[Api], new: &[Api]) -> Report {
    let mut changes = Vec::new();
    let find = |apis: &'_ [Api], name: &str| -> Option<usize> { apis.iter().position(|api| api.product.name == name) };
    for api in old.iter().filter(|api| find(new, &api.product.name).is_none()) {
        changes.push(Change {
            severity: Severity::Breaking,
            item: api.product.name.clone(),
            rule: "product-removed",
            detail: format!("`client.{}()` and all its calls are gone", api.product.name),
        });
    }
    for new_api in new {
        let name = &new_api.product.name;
        let Some(old_api) = find(old, name).map(|i| &old[i]) else {
            changes.push(Change {
                severity: Severity::Compatible,
                item: name.clone(),
                rule: "product-added",
                detail: format!("`client.{name}()`: {} operations", new_api.operations.len()),
            });
            continue;
        };
        let report = diff(
            Side {
                api: old_api,
                version: None,
            },
            Side {
                api: new_api,
                version: None,
            },
        );
        for mut change in report.changes {
            if !change.item.starts_with(&format!("{name}.")) {
                change.item = format!("{name}::{}", change.item);
            }
            changes.push(change);
        }
    }
    changes.sort();
    Report {
        title: "API documents".into(),
        old_version: None,
        new_version: None,
        breaking: changes.iter().filter(|c| c.severity == Severity::Breaking).count(),
        compatible: changes.iter().filter(|c| c.severity == Severity::Compatible).count(),
        changes,
    }
}

pub fn diff(old: Side<'_>, new: Side<'_>) -> Report {
    let mut changes = Vec::new();
    let mut d = Differ {
        old: old.api,
        new: new.api,
        changes: &mut changes,
    };
    d.types();
    d.operations();
    changes.sort();
    changes.dedup();
    Report {
        title: new.api.product.title.clone(),
        old_version: old.version,
        new_version: new.version,
        breaking: changes.iter().filter(|c| c.severity == Severity::Breaking).count(),
        compatible: changes.iter().filter(|c| c.severity == Severity::Compatible).count(),
        changes,
    }
}

struct Differ<'a> {
    old: &'a Api,
    new: &'a Api,
    changes: &'a mut Vec<Change>,
}

/// A type's Rust-visible shape, by name.
fn by_name(api: &Api) -> BTreeMap<&str, &TypeDef> {
    api.types.values().map(|t| (t.name.as_str(), t)).collect()
}

/// `crate::models::Foo` → `Foo`, token spacing removed: how the report names a Rust type.
fn rust_type(api: &Api, ty: &TypeRef) -> String {
    type_tokens(api, ty)
        .to_string()
        .replace("crate :: models :: ", "")
        .replace(":: std :: collections :: ", "")
        .replace(":: serde_json :: ", "serde_json::")
        .replace("crate :: ", "")
        .replace(' ', "")
}

fn field_type(api: &Api, field: &Field, sent: bool) -> String {
    let inner = rust_type(api, &field.ty);
    match field_kind(field, sent) {
        FieldKind::Plain => inner,
        FieldKind::Option => format!("Option<{inner}>"),
        FieldKind::Maybe => format!("Maybe<{inner}>"),
    }
}

fn upstream(def: &TypeDef) -> Option<&str> {
    match &def.key {
        TypeKey::Component(name) => Some(name),
        TypeKey::Inline(_) => None,
    }
}

impl Differ<'_> {
    fn push(&mut self, severity: Severity, item: impl Into<String>, rule: &'static str, detail: impl Into<String>) {
        self.changes.push(Change {
            severity,
            item: item.into(),
            rule,
            detail: detail.into(),
        });
    }

    fn types(&mut self) {
        let old = by_name(self.old);
        let new = by_name(self.new);
        for (name, def) in &new {
            match old.get(name) {
                None => self.push(Severity::Compatible, *name, "type-added", "new type"),
                Some(before) => {
                    if let (Some(a), Some(b)) = (upstream(before), upstream(def)) {
                        if a != b {
                            self.push(
                                Severity::Compatible,
                                *name,
                                "schema-renamed",
                                format!("upstream renamed schema `{a}` to `{b}`; the naming file keeps the Rust name, users see no change"),
                            );
                        }
                    }
                    self.type_changes(name, before, def);
                }
            }
        }
        for (name, def) in &old {
            if new.contains_key(name) {
                continue;
            }
            let hint = self.rename_candidate(def);
            let detail = match hint {
                Some(candidate) => format!(
                    "type removed; schema `{}` looks like it was renamed to `{candidate}`: map `{candidate}: {name}` under `types:` in names.yaml to keep the Rust name",
                    upstream(def).unwrap_or(name)
                ),
                None => "type removed".to_string(),
            };
            self.push(Severity::Breaking, *name, "type-removed", detail);
        }
    }

    /// A new component with the same shape as a removed one: most likely an upstream rename
    /// that the naming file does not absorb yet.
    fn rename_candidate(&self, removed: &TypeDef) -> Option<String> {
        let old_names = by_name(self.old);
        let shape = |api: &Api, def: &TypeDef| match &def.kind {
            TypeKind::Struct(s) => Some(
                s.fields
                    .iter()
                    .map(|f| (f.wire_name.clone(), rust_type(api, &f.ty), f.required, f.nullable))
                    .collect::<Vec<_>>(),
            ),
            TypeKind::Enum(_) | TypeKind::Union(_) | TypeKind::Alias(_) => None,
        };
        let wanted = shape(self.old, removed)?;
        self.new
            .types
            .values()
            .filter(|t| !old_names.contains_key(t.name.as_str()))
            .find(|t| shape(self.new, t).as_ref() == Some(&wanted))
            .and_then(|t| upstream(t).map(str::to_owned))
    }

    fn type_changes(&mut self, name: &str, old: &TypeDef, new: &TypeDef) {
        match (&old.kind, &new.kind) {
            (TypeKind::Struct(a), TypeKind::Struct(b)) => self.struct_changes(name, old, a, new, b),
            (TypeKind::Enum(a), TypeKind::Enum(b)) => self.enum_changes(name, new, a, b),
            (TypeKind::Union(a), TypeKind::Union(b)) => {
                let variants =
                    |api: &Api, u: &Union| -> BTreeSet<String> { u.variants.iter().map(|v| rust_type(api, &v.ty)).collect() };
                let (before, after) = (variants(self.old, a), variants(self.new, b));
                for added in after.difference(&before) {
                    self.push(
                        Severity::Compatible,
                        format!("{name}({added})"),
                        "union-variant-added",
                        "new variant (unions are #[non_exhaustive])",
                    );
                }
                for removed in before.difference(&after) {
                    self.push(
                        Severity::Breaking,
                        format!("{name}({removed})"),
                        "union-variant-removed",
                        "variant removed",
                    );
                }
            }
            (TypeKind::Alias(a), TypeKind::Alias(b)) => {
                let (a, b) = (rust_type(self.old, a), rust_type(self.new, b));
                if a != b {
                    self.push(Severity::Breaking, name, "type-changed", format!("was `{a}`, now `{b}`"));
                }
            }
            // Any other pair is two kinds (a new kind must be matched above first).
            (TypeKind::Struct(_) | TypeKind::Enum(_) | TypeKind::Union(_) | TypeKind::Alias(_), _) => self.push(
                Severity::Breaking,
                name,
                "type-kind-changed",
                format!("was {}, now {}", kind_name(&old.kind), kind_name(&new.kind)),
            ),
        }
        if !old.docs.deprecated && new.docs.deprecated {
            self.push(Severity::Compatible, name, "type-deprecated", "now deprecated");
        }
        if old.usage.request && !new.usage.request {
            // Request types have a constructor and setters that response types lack.
            self.push(
                Severity::Breaking,
                name,
                "type-no-longer-sent",
                "no operation sends it any more: its constructor, setters and validation are gone",
            );
        }
    }

    fn struct_changes(&mut self, name: &str, old_def: &TypeDef, old: &Struct, new_def: &TypeDef, new: &Struct) {
        let sent_before = old_def.usage.request;
        let sent = new_def.usage.request;
        let received = new_def.usage.response || old_def.usage.response;
        let side = if sent { "request" } else { "response" };
        let old_fields: BTreeMap<&str, &Field> = old.fields.iter().map(|f| (f.wire_name.as_str(), f)).collect();
        for field in &new.fields {
            let item = format!("{name}.{}", field.wire_name);
            let Some(before) = old_fields.get(field.wire_name.as_str()) else {
                self.field_added(item, field, sent, side);
                continue;
            };
            let (a, b) = (field_type(self.old, before, sent_before), field_type(self.new, field, sent));
            if rust_type(self.old, &before.ty) != rust_type(self.new, &field.ty) {
                self.push(
                    Severity::Breaking,
                    item,
                    "field-type-changed",
                    format!("type was `{a}`, now `{b}`"),
                );
                continue;
            }
            if a != b {
                let what = nullability_change(before, field);
                self.push(
                    Severity::Breaking,
                    item.clone(),
                    "field-optionality-changed",
                    format!("{what}: the Rust type changes from `{a}` to `{b}`"),
                );
                continue;
            }
            // Same Rust type: judge the wire.
            self.field_wire_changes(item, before, field, sent, received);
        }
        let new_fields: BTreeSet<&str> = new.fields.iter().map(|f| f.wire_name.as_str()).collect();
        for field in &old.fields {
            if !new_fields.contains(field.wire_name.as_str()) {
                self.push(
                    Severity::Breaking,
                    format!("{name}.{}", field.wire_name),
                    if sent_before {
                        "request-field-removed"
                    } else {
                        "response-field-removed"
                    },
                    "field removed",
                );
            }
        }
        if !sent_before && sent {
            self.push(
                Severity::Compatible,
                name,
                "type-now-sent",
                "now also sent in requests: it gains a constructor, setters and validation",
            );
        }
    }

    /// A field the new version adds to a type sent (`sent`) or only received.
    fn field_added(&mut self, item: String, field: &Field, sent: bool, side: &str) {
        match (sent, field.required) {
            (true, true) => self.push(
                Severity::Breaking,
                item,
                "request-field-added-required",
                "new required field: `new()` takes one more argument, and requests without it are refused",
            ),
            (true, false) => self.push(
                Severity::Compatible,
                item,
                "request-field-added-optional",
                "new optional field, with a setter",
            ),
            (false, _) => self.push(
                Severity::Compatible,
                item,
                "response-field-added",
                format!("new {side} field (types are #[non_exhaustive])"),
            ),
        }
    }

    /// A field whose Rust type stays: what changes on the wire (required, null, constraints,
    /// deprecation).
    fn field_wire_changes(&mut self, item: String, before: &Field, field: &Field, sent: bool, received: bool) {
        if sent && !before.required && field.required {
            self.push(
                Severity::Breaking,
                item.clone(),
                "request-field-became-required",
                "requests without it are refused now",
            );
        }
        if sent && before.nullable && !field.nullable {
            self.push(
                Severity::Breaking,
                item.clone(),
                "request-field-null-refused",
                "`null` is no longer accepted",
            );
        }
        if received && (before.required && !field.required || !before.nullable && field.nullable) {
            self.push(
                Severity::Compatible,
                item.clone(),
                "response-field-may-be-absent",
                format!("{} (already an `Option` in Rust)", nullability_change(before, field)),
            );
        }
        if before.docs.constraints != field.docs.constraints && sent {
            self.push(
                Severity::Compatible,
                item.clone(),
                "request-constraints-changed",
                format!(
                    "constraints now {}; validation before sending follows the spec",
                    constraints_text(&field.docs)
                ),
            );
        }
        if !before.docs.deprecated && field.docs.deprecated {
            self.push(
                Severity::Compatible,
                item,
                "field-deprecated",
                "now deprecated (#[deprecated])",
            );
        }
    }

    fn enum_changes(&mut self, name: &str, def: &TypeDef, old: &Enum, new: &Enum) {
        let before: BTreeSet<&str> = old.values.iter().map(|v| v.wire.as_str()).collect();
        let after: BTreeSet<&str> = new.values.iter().map(|v| v.wire.as_str()).collect();
        for added in after.difference(&before) {
            let detail = if def.usage.response {
                "new value; older SDKs decode it as `Unknown` (enums are #[non_exhaustive])"
            } else {
                "new value that requests may send (enums are #[non_exhaustive])"
            };
            self.push(Severity::Compatible, format!("{name}::{added}"), "enum-value-added", detail);
        }
        for removed in before.difference(&after) {
            let variant = old
                .values
                .iter()
                .find(|v| v.wire == *removed)
                .map(|v| v.variant.as_str())
                .unwrap_or("?");
            let detail = if def.usage.request {
                format!("value removed: the API refuses it, and the variant `{name}::{variant}` is gone")
            } else {
                format!("value removed: harmless on the wire, but the variant `{name}::{variant}` that code may match on is gone")
            };
            self.push(Severity::Breaking, format!("{name}::{removed}"), "enum-value-removed", detail);
        }
    }

    fn operations(&mut self) {
        let key = |op: &Operation| op.rust.dotted();
        let old: BTreeMap<String, &Operation> = self.old.operations.iter().map(|op| (key(op), op)).collect();
        let new: BTreeMap<String, &Operation> = self.new.operations.iter().map(|op| (key(op), op)).collect();
        for (name, op) in &new {
            match old.get(name) {
                None => self.push(
                    Severity::Compatible,
                    name,
                    "operation-added",
                    format!("new operation `{} {}`", op.method.as_str(), op.path),
                ),
                Some(before) => self.operation_changes(name, before, op),
            }
        }
        for (name, op) in &old {
            if !new.contains_key(name) {
                self.push(
                    Severity::Breaking,
                    name,
                    "operation-removed",
                    format!("operation `{} {}` removed", op.method.as_str(), op.path),
                );
            }
        }
    }

    fn operation_changes(&mut self, name: &str, old: &Operation, new: &Operation) {
        if (old.method, &old.path) != (new.method, &new.path) {
            self.push(
                Severity::Compatible,
                name,
                "operation-moved",
                format!(
                    "now `{} {}` (was `{} {}`); the call is unchanged",
                    new.method.as_str(),
                    new.path,
                    old.method.as_str(),
                    old.path
                ),
            );
        }
        self.param_changes(name, old, new);
        self.body_and_response_changes(name, old, new);
        if !old.deprecated && new.deprecated {
            self.push(
                Severity::Compatible,
                name,
                "operation-deprecated",
                "now deprecated (#[deprecated])",
            );
        }
    }

    /// Parameters added, removed, or changed in type, in being required, or on the wire.
    fn param_changes(&mut self, name: &str, old: &Operation, new: &Operation) {
        let old_params: BTreeMap<&str, &Param> = old.params.iter().map(|p| (p.wire_name.as_str(), p)).collect();
        for param in &new.params {
            let item = format!("{name}({})", param.wire_name);
            let argument = param.required && param.client_default.is_none();
            match old_params.get(param.wire_name.as_str()) {
                None if argument => self.push(
                    Severity::Breaking,
                    item,
                    "parameter-added-required",
                    "new required parameter: the call takes one more argument",
                ),
                None => self.push(
                    Severity::Compatible,
                    item,
                    "parameter-added-optional",
                    "new optional parameter, with a setter",
                ),
                Some(before) => {
                    let (a, b) = (rust_type(self.old, &before.ty), rust_type(self.new, &param.ty));
                    if a != b {
                        self.push(
                            Severity::Breaking,
                            item,
                            "parameter-type-changed",
                            format!("type was `{a}`, now `{b}`"),
                        );
                    } else if !before.required && param.required {
                        self.push(
                            Severity::Breaking,
                            item,
                            "parameter-became-required",
                            "now required: an argument instead of a setter",
                        );
                    } else if before.required && !param.required && before.client_default.is_none() {
                        self.push(
                            Severity::Breaking,
                            item,
                            "parameter-became-optional",
                            "now optional: a setter instead of an argument",
                        );
                    } else {
                        self.param_wire_changes(item, before, param);
                    }
                }
            }
        }
        let new_params: BTreeSet<&str> = new.params.iter().map(|p| p.wire_name.as_str()).collect();
        for param in &old.params {
            if !new_params.contains(param.wire_name.as_str()) {
                self.push(
                    Severity::Breaking,
                    format!("{name}({})", param.wire_name),
                    "parameter-removed",
                    "parameter removed",
                );
            }
        }
    }

    /// A parameter whose Rust type and place in the call stay: its constraints and deprecation.
    fn param_wire_changes(&mut self, item: String, before: &Param, param: &Param) {
        if before.docs.constraints != param.docs.constraints {
            self.push(
                Severity::Compatible,
                item.clone(),
                "parameter-constraints-changed",
                format!(
                    "constraints now {}; validation before sending follows the spec",
                    constraints_text(&param.docs)
                ),
            );
        }
        if !before.docs.deprecated && param.docs.deprecated {
            self.push(Severity::Compatible, item, "parameter-deprecated", "now deprecated");
        }
    }

    /// The request body and the response type.
    fn body_and_response_changes(&mut self, name: &str, old: &Operation, new: &Operation) {
        let body = |api: &Api, op: &Operation| op.body.as_ref().map(|b| (rust_type(api, &b.ty), b.required));
        match (body(self.old, old), body(self.new, new)) {
            (a, b) if a == b => {}
            (None, Some((ty, false))) => self.push(
                Severity::Compatible,
                name,
                "body-added-optional",
                format!("takes an optional `{ty}` body"),
            ),
            (a, b) => self.push(
                Severity::Breaking,
                name,
                "body-changed",
                format!("request body was {}, now {}", describe_body(a), describe_body(b)),
            ),
        }
        let response = |api: &Api, op: &Operation| op.response.as_ref().map(|t| rust_type(api, t));
        let (a, b) = (response(self.old, old), response(self.new, new));
        if a != b {
            self.push(
                Severity::Breaking,
                name,
                "response-changed",
                format!(
                    "returns `{}` instead of `{}`",
                    b.unwrap_or("()".into()),
                    a.unwrap_or("()".into())
                ),
            );
        }
        // The other media the response comes in, each a method of the request
        // (`send_text`, `send_bytes`).
        let lacks = |op: &Operation, alternative: &ResponseAlternative| {
            !op.response_alternatives.iter().any(|a| a.name() == alternative.name())
        };
        for added in new.response_alternatives.iter().filter(|a| lacks(old, a)) {
            let detail = format!("also answers in `{}`: `.send_{}()`", added.media_type, added.name());
            self.push(Severity::Compatible, name, "response-medium-added", detail);
        }
        for removed in old.response_alternatives.iter().filter(|a| lacks(new, a)) {
            let detail = format!(
                "no longer answers in `{}`: `.send_{}()` is gone",
                removed.media_type,
                removed.name()
            );
            self.push(Severity::Breaking, name, "response-medium-removed", detail);
        }
    }
}

fn kind_name(kind: &TypeKind) -> &'static str {
    match kind {
        TypeKind::Struct(_) => "a struct",
        TypeKind::Enum(_) => "an enum",
        TypeKind::Alias(_) => "an alias",
        TypeKind::Union(_) => "a union",
    }
}

fn nullability_change(before: &Field, after: &Field) -> String {
    let mut parts = Vec::new();
    match (before.required, after.required) {
        (false, true) => parts.push("now required"),
        (true, false) => parts.push("now optional"),
        _ => {}
    }
    match (before.nullable, after.nullable) {
        (false, true) => parts.push("now nullable"),
        (true, false) => parts.push("no longer nullable"),
        _ => {}
    }
    if parts.is_empty() {
        "shape changed".to_string()
    } else {
        parts.join(", ")
    }
}

/// A field's or parameter's constraints as the docs list them, or `none`.
fn constraints_text(docs: &Docs) -> String {
    let now = crate::emit::docs::constraints(docs);
    if now.is_empty() {
        "none".to_string()
    } else {
        now.join(", ")
    }
}

fn describe_body(body: Option<(String, bool)>) -> String {
    match body {
        None => "none".into(),
        Some((ty, true)) => format!("`{ty}` (required)"),
        Some((ty, false)) => format!("`{ty}` (optional)"),
    }
}
