//! `generated/API.md`: every call of the SDK, product by product and resource by resource,
//! with its route, inputs and result, the page users navigate by (as the official Python
//! SDK's `api.md` is). Written with the rest of `generated/`, so it is always fresh.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::models::type_tokens;
use super::resources::is_argument;
use crate::model::{Api, Operation, TypeRef};
use crate::naming::crates as names;

/// The whole page.
pub fn render(apis: &[Api]) -> String {
    let mut text = String::from(
        "# Every call of the `gcore` SDK\n\n\
         By product, then resource. Each call shows what to pass (arguments), what may be set \
         (chained setters, then `.await`) and what it returns; types are in \
         `gcore::<product>::models`. A resource group (`cloud.inference`) is a cargo feature of its own \
         (`cloud-inference`), and a product (`cloud`) turns on all of its groups.\n",
    );
    for api in apis {
        product(&mut text, api);
    }
    text
}

fn product(text: &mut String, api: &Api) {
    let product = &api.product;
    let _ = write!(
        text,
        "\n## {} — `client.{}()`\n\nFeature `{}`; {} calls.\n",
        product.title,
        product.name,
        names::product_feature(&product.name),
        api.operations.len()
    );
    let mut resources: BTreeMap<&[String], Vec<&Operation>> = BTreeMap::new();
    for op in &api.operations {
        resources.entry(&op.rust.resource).or_default().push(op);
    }
    for (resource, mut ops) in resources {
        ops.sort_by(|a, b| a.rust.method.cmp(&b.rust.method));
        let feature = names::group_feature(&resource[..resource.len().min(2)]);
        let _ = write!(text, "\n### `{}` (feature `{feature}`)\n\n", resource.join("."));
        for op in ops {
            call(text, api, op);
        }
    }
}

/// One call: `client.a().b().method(args) -> Result`, its route, and its setters.
fn call(text: &mut String, api: &Api, op: &Operation) {
    let accessors: String = op.rust.resource.iter().map(|r| format!(".{r}()")).collect();
    let mut args: Vec<String> = op.params.iter().filter(|p| is_argument(p)).map(|p| p.ident.clone()).collect();
    let mut setters: Vec<String> = op
        .params
        .iter()
        .filter(|p| !is_argument(p))
        .map(|p| p.ident.clone())
        .collect();
    if let Some(body) = &op.body {
        if body.required {
            args.push(format!("body: {}", type_text(api, &body.ty)));
        } else {
            setters.push(format!("body({})", type_text(api, &body.ty)));
        }
    }
    let returns = op.response.as_ref().map_or_else(|| "()".to_string(), |ty| type_text(api, ty));
    let route = format!("{} {}", op.method.as_str(), op.path);
    let id = if op.operation_id == route {
        String::new()
    } else {
        format!(" ({})", op.operation_id)
    };
    let deprecated = if op.deprecated { " **deprecated**" } else { "" };
    let mut lines = vec![
        format!(
            "- `client{accessors}.{}({})` → `{returns}`{deprecated}",
            op.rust.method,
            args.join(", ")
        ),
        format!("`{route}`{id}"),
    ];
    if !setters.is_empty() {
        let setters: Vec<String> = setters.iter().map(|s| format!("`{s}`")).collect();
        lines.push(format!("set: {}", setters.join(", ")));
    }
    if op.pagination.is_some() {
        lines.push("every page: `.stream()`, `.collect_all()`".into());
    }
    // Two trailing spaces: a line break inside the list item.
    let _ = writeln!(text, "{}", lines.join("  \n  "));
}

/// A type as the Rust code spells it, without the crate paths.
pub(super) fn type_text(api: &Api, ty: &TypeRef) -> String {
    tokens_text(type_tokens(api, ty))
}

/// Rust type tokens as text, without the crate paths: `Option<Vec<OutputZone>>`.
pub(super) fn tokens_text(tokens: proc_macro2::TokenStream) -> String {
    tokens
        .to_string()
        .replace("crate :: models :: ", "")
        .replace(":: std :: collections :: ", "")
        .replace(":: serde_json :: ", "")
        .replace("crate :: ", "")
        .replace(" < ", "<")
        .replace(" <", "<")
        .replace(" >", ">")
        .replace(" , ", ", ")
}
