//! The operation table, for this repository's contract tests only (feature
//! `operation-table`): `gcore::__operations::call(product, operation_id)` gives a function
//! that takes an operation's inputs as JSON, decodes them into the typed parameters and
//! body, makes the call through the typed API a user would write
//! (`client.cloud().inference().deployments().get(..)`), and returns the answer as JSON.
//! So a test can call any operation without a line written for it, through the generated
//! encoders, validators and decoders.

use std::collections::BTreeMap;
use std::sync::Arc;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::facade::ProductEntry;
use super::features::{group_path, Features};
use super::rust::{ident, type_tokens_in};
use super::Deferred;
use crate::model::{Api, Body, Media, Operation, Param, ParamLocation};
use crate::naming::crates as names;

/// `src/__operations.rs`: the table of every product, by product name.
pub fn root_tokens(products: &[ProductEntry]) -> TokenStream {
    let arms = products.iter().map(|p| {
        let (name, module) = (&p.name, ident(&p.name));
        quote! { #name => crate::#module::__operations::call(operation_id), }
    });
    quote! {
        //! Calling any operation by product and operationId, with its inputs as JSON, for the
        //! repository's contract tests.

        mod support;
        pub use support::*;

        /// The call of `operation_id` in `product`; `None` when there is no such operation, or
        /// its resource group's feature is off.
        pub fn call(product: &str, operation_id: &str) -> Option<Call> {
            match product {
                #( #arms )*
                _ => None,
            }
        }
    }
}

/// `src/<product>/__operations.rs`: a lookup per resource group, each a part of its own (one
/// `match` over every operation of a large product would be the largest item to format).
pub fn parts<'a>(api: &'a Api, features: &Arc<Features>) -> Vec<Deferred<'a>> {
    let mut groups: BTreeMap<&String, Vec<&'a Operation>> = BTreeMap::new();
    for op in &api.operations {
        groups.entry(&features.groups[&group_path(op)]).or_default().push(op);
    }
    let lookups: Vec<String> = groups.keys().map(|feature| feature.to_string()).collect();
    let mut parts: Vec<Deferred<'a>> = vec![Box::new(move || product_tokens(&lookups))];
    for (feature, ops) in groups {
        let feature = feature.clone();
        parts.push(Box::new(move || group_tokens(api, &feature, &ops)));
    }
    parts
}

fn product_tokens(features: &[String]) -> TokenStream {
    let lookups = features.iter().map(|feature| {
        let lookup = lookup_ident(feature);
        quote! { #[cfg(feature = #feature)] #lookup, }
    });
    quote! {
        //! The product's operations by operationId, for the repository's contract tests
        //! (`crate::__operations`).

        #[allow(unused_imports)] // with no group on, no entry uses them
        use crate::__operations::{Call, Failure, Inputs, Reply};

        /// The call of `operation_id`; `None` when there is none, or its group is off.
        pub fn call(operation_id: &str) -> Option<Call> {
            let lookups: &[fn(&str) -> Option<Call>] = &[#(#lookups)*];
            lookups.iter().find_map(|lookup| lookup(operation_id))
        }
    }
}

fn lookup_ident(feature: &str) -> proc_macro2::Ident {
    format_ident!("{}", names::feature_module(feature))
}

/// The operations of one resource group, by operationId.
fn group_tokens(api: &Api, feature: &str, ops: &[&Operation]) -> TokenStream {
    let lookup = lookup_ident(feature);
    let arms = ops.iter().map(|op| {
        let id = &op.operation_id;
        let body = call_tokens(api, op);
        let binding = (!op.params.is_empty() || op.body.is_some()).then(|| quote! { mut });
        quote! {
            #id => |client: crate::Client, #binding inputs: Inputs| crate::__operations::boxed(async move { #body }),
        }
    });
    quote! {
        #[cfg(feature = #feature)]
        fn #lookup(operation_id: &str) -> Option<Call> {
            let call: Call = match operation_id {
                #(#arms)*
                _ => return None,
            };
            Some(call)
        }
    }
}

/// The body of one entry: the typed call, made as a user makes it (arguments, then a
/// setter per optional input given), sent, and its answer as JSON.
fn call_tokens(api: &Api, op: &Operation) -> TokenStream {
    let models = quote! { super::models };
    let mut arguments = Vec::new();
    let mut setters = Vec::new();
    for param in &op.params {
        let (location, wire) = (location(param), &param.wire_name);
        let ty = type_tokens_in(api, &param.ty, &models);
        if super::resources::is_argument(param) {
            arguments.push(quote! { inputs.required::<#ty>(#location, #wire)? });
        } else {
            let setter = ident(&param.ident);
            setters.push(quote! {
                if let Some(value) = inputs.param::<#ty>(#location, #wire)? {
                    request = request.#setter(value);
                }
            });
        }
    }
    if let Some(body) = &op.body {
        let value = body_value(api, body, &models);
        match body.required {
            true => arguments.push(quote! { #value.ok_or_else(|| Failure::Inputs("missing body".into()))? }),
            false => setters.push(quote! {
                if let Some(value) = #value {
                    request = request.body(value);
                }
            }),
        }
        if !body.alternatives.is_empty() {
            setters.push(encoding_tokens(body));
        }
    }
    let chain = op.rust.resource.iter().map(|segment| ident(segment));
    let method = ident(&op.rust.method);
    let binding = (!setters.is_empty()).then(|| quote! { mut });
    let send = send_tokens(op);
    quote! {
        let #binding request = client #(.#chain())* .#method(#(#arguments),*);
        #(#setters)*
        #send
    }
}

/// Sends the request, in the response medium the inputs name where the operation answers
/// in several (`send_text`, `send_bytes`).
fn send_tokens(op: &Operation) -> TokenStream {
    if op.response_alternatives.is_empty() {
        return quote! {
            inputs.finish()?;
            Reply::of(request.send_with_response().await)
        };
    }
    let arms = op.response_alternatives.iter().map(|alternative| {
        let name = alternative.name();
        let send = format_ident!("send_{name}_with_response");
        quote! { Some(#name) => Reply::of(request.#send().await), }
    });
    quote! {
        let response = inputs.response();
        inputs.finish()?;
        match response.as_deref() {
            None | Some("json") => Reply::of(request.send_with_response().await),
            #(#arms)*
            Some(other) => Err(Failure::Inputs(format!("the operation answers in no `{other}` medium"))),
        }
    }
}

fn location(param: &Param) -> &'static str {
    match param.location {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
    }
}

/// The body from the inputs, as the call takes it (an `Option`).
fn body_value(api: &Api, body: &Body, models: &TokenStream) -> TokenStream {
    match body.media {
        Media::Json | Media::Text | Media::Form => {
            let ty = type_tokens_in(api, &body.ty, models);
            quote! { inputs.body::<#ty>()? }
        }
        Media::Multipart => quote! { inputs.multipart()? },
        Media::Binary => quote! { inputs.upload()? },
    }
}

/// The encoding of a body the operation takes in several media, as the inputs name it.
fn encoding_tokens(body: &Body) -> TokenStream {
    let arms = body.alternatives.iter().filter_map(|media| match media {
        Media::Form => Some(quote! { Some("form") => request = request.as_form(), }),
        Media::Multipart => Some(quote! { Some("multipart") => request = request.as_multipart(), }),
        // JSON is the default; text and bytes are never another encoding of a JSON body.
        Media::Json | Media::Text | Media::Binary => None,
    });
    quote! {
        match inputs.encoding().as_deref() {
            None | Some("json") => {}
            #(#arms)*
            Some(other) => return Err(Failure::Inputs(format!("the operation takes no `{other}` encoding"))),
        }
    }
}
