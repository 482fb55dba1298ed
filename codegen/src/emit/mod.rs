//! Stage 5: turn the named model into the files of the `gcore` crate.
//!
//! Emitted Rust is returned as token streams; `write` formats it and adds the header.
//! Output is split so that one changed schema touches one file: a file per model type and
//! a file per resource.

pub mod docs;
pub mod models;
pub mod resources;

use std::collections::BTreeMap;
use std::path::PathBuf;

use heck::ToSnakeCase;
use proc_macro2::TokenStream;
use quote::quote;

use crate::error::{Error, Result};
use crate::model::Api;
use models::ident;

/// One file of the generated crate, by its path relative to the crate root.
pub enum Content {
    /// Emitted Rust code, formatted by `write`.
    Rust(TokenStream),
    /// A hand-written runtime file, copied verbatim; `source` is its path in this repository.
    Copied { source: &'static str, text: &'static str },
    /// Other emitted text (Cargo.toml).
    Text(String),
}

pub type Files = BTreeMap<PathBuf, Content>;

/// The hand-written runtime that ships inside the generated crate (see `codegen/runtime/`).
const RUNTIME: &[(&str, &str, &str)] = &[
    (
        "README.md",
        "codegen/runtime/README.md",
        include_str!("../../runtime/README.md"),
    ),
    (
        "src/runtime/mod.rs",
        "codegen/runtime/src/mod.rs",
        include_str!("../../runtime/src/mod.rs"),
    ),
    (
        "src/runtime/client.rs",
        "codegen/runtime/src/client.rs",
        include_str!("../../runtime/src/client.rs"),
    ),
    (
        "src/runtime/error.rs",
        "codegen/runtime/src/error.rs",
        include_str!("../../runtime/src/error.rs"),
    ),
    (
        "src/runtime/request.rs",
        "codegen/runtime/src/request.rs",
        include_str!("../../runtime/src/request.rs"),
    ),
    (
        "src/runtime/values.rs",
        "codegen/runtime/src/values.rs",
        include_str!("../../runtime/src/values.rs"),
    ),
];

const CARGO_TOML: &str = include_str!("../../runtime/Cargo.toml.in");

pub fn emit(api: &Api) -> Result<Files> {
    let mut files = Files::new();
    files.insert("Cargo.toml".into(), Content::Text(CARGO_TOML.to_string()));
    for (path, source, text) in RUNTIME {
        files.insert(path.into(), Content::Copied { source, text });
    }
    files.insert("src/lib.rs".into(), Content::Rust(lib_tokens()));
    emit_models(api, &mut files)?;
    emit_resources(api, &mut files);
    Ok(files)
}

fn lib_tokens() -> TokenStream {
    quote! {
        #![doc = include_str!("../README.md")]
        // Required fields are constructor arguments, and some API types have many.
        #![allow(clippy::too_many_arguments)]

        // Emitted files are formatted by prettyplease, not rustfmt: keep `cargo fmt` away
        // so that `generated/` stays exactly what codegen writes.
        #[rustfmt::skip]
        mod runtime;
        pub use runtime::*;

        #[rustfmt::skip]
        pub mod models;
        #[rustfmt::skip]
        pub mod resources;

        /// Re-exported so that users can name `serde_json::Value` fields without a direct dependency.
        pub use serde_json;
    }
}

fn emit_models(api: &Api, files: &mut Files) -> Result<()> {
    let mut modules = Vec::new();
    let mut by_module: BTreeMap<String, String> = BTreeMap::new();
    for def in api.types.values() {
        let module = def.name.to_snake_case();
        if let Some(other) = by_module.insert(module.clone(), def.name.clone()) {
            return Err(Error::at(
                None,
                def.pointer.clone(),
                format!(
                    "types `{other}` and `{}` would share the file `{module}.rs`: rename one in the naming file",
                    def.name
                ),
            ));
        }
        files.insert(
            PathBuf::from(format!("src/models/{module}.rs")),
            Content::Rust(models::model_file(api, def)),
        );
        modules.push((ident(&module), ident(&def.name)));
    }
    modules.sort_by_key(|(module, _)| module.to_string());
    let declarations = modules
        .iter()
        .map(|(module, name)| quote! { mod #module; pub use #module::#name; });
    let mod_rs = quote! {
        //! Every type the API sends or receives, one file each.
        #( #declarations )*
    };
    files.insert("src/models/mod.rs".into(), Content::Rust(mod_rs));
    Ok(())
}

fn emit_resources(api: &Api, files: &mut Files) {
    for (path, node) in resources::tree(api) {
        let (file, tokens) = if path.is_empty() {
            ("src/resources/mod.rs".to_string(), resources::root_tokens(&node))
        } else {
            (
                format!("src/resources/{}.rs", path.join("/")),
                resources::node_tokens(api, &path, &node),
            )
        };
        files.insert(PathBuf::from(file), Content::Rust(tokens));
    }
}
