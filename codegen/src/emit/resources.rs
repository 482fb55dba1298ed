//! Emits the resource tree: one file per resource (`client.cloud().inference()` is
//! `resources/cloud/inference.rs`), holding its accessor struct, the accessors of its
//! sub-resources, and one request builder per operation.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::crates::Group;
use super::docs;
use super::features::{Features, GROUP_DEPTH};
use super::models::{check_tokens, ident, type_tokens};
use super::rust::argument;
use super::workflows::{and_poll_tokens, stream_tokens, TaskPoller};
use crate::model::*;
use crate::naming::{request_type, resource_type};

/// A node of the resource tree, identified by its path (`["cloud", "inference"]`).
#[derive(Default)]
pub struct Node<'a> {
    pub children: BTreeSet<String>,
    pub operations: Vec<&'a Operation>,
}

pub fn tree(api: &Api) -> BTreeMap<Vec<String>, Node<'_>> {
    let mut nodes: BTreeMap<Vec<String>, Node> = BTreeMap::new();
    nodes.entry(Vec::new()).or_default();
    for op in &api.operations {
        let resource = &op.rust.resource;
        for depth in 0..resource.len() {
            nodes
                .entry(resource[..depth].to_vec())
                .or_default()
                .children
                .insert(resource[depth].clone());
        }
        nodes.entry(resource.clone()).or_default().operations.push(op);
    }
    nodes
}

/// The root module, in the `gcore` crate: `Client` gets one accessor per top-level resource.
pub fn root_tokens(node: &Node) -> TokenStream {
    let modules = node.children.iter().map(|c| ident(c));
    let accessors = node
        .children
        .iter()
        .map(|child| accessor(child, quote! { self.inner.clone() }));
    quote! {
        //! The resource tree: `client.cloud().inference().deployments().get(..)`.
        #( pub mod #modules; )*
        impl crate::Client {
            #( #accessors )*
        }
    }
}

/// A top-level resource (`client.cloud()`), in the `gcore` crate: its children are the
/// resource groups, each re-exported from its crate when its feature is on.
pub fn facade_node_tokens(path: &[String], node: &Node, features: &Features, groups: &BTreeMap<String, Group>) -> TokenStream {
    let name = ident(&resource_type(path.last().expect("only the root has an empty path")));
    let dotted = format!("client.{}()", path.join("()."));
    let doc = docs::attrs(&[format!("Operations under {}.", docs::code(&dotted))]);
    let (mut cfgs, mut uses, mut accessors) = (Vec::new(), Vec::new(), Vec::new());
    for child in &node.children {
        let mut child_path = path.to_vec();
        child_path.push(child.clone());
        let feature = &features.groups[&child_path];
        let krate = groups[feature].crate_ident();
        let modules = child_path.iter().map(|segment| ident(segment));
        cfgs.push(quote! { #[cfg(feature = #feature)] });
        uses.push(quote! { pub use ::#krate::resources::#(#modules)::*; });
        accessors.push(accessor(child, quote! { self.client.clone() }));
    }
    quote! {
        #( #cfgs #uses )*

        #doc
        #[derive(Clone, Debug)]
        pub struct #name {
            #[allow(dead_code)] // with no resource group on, nothing reads it
            client: ::gcore_runtime::Client,
        }

        impl #name {
            pub(crate) fn new(client: ::gcore_runtime::Client) -> Self {
                Self { client }
            }
            #( #cfgs #accessors )*
        }
    }
}

fn accessor(child: &str, client: TokenStream) -> TokenStream {
    let module = ident(child);
    let ty = ident(&resource_type(child));
    let doc = docs::attrs(&[format!("The {} resource.", docs::code(child))]);
    quote! {
        #doc
        pub fn #module(&self) -> #module::#ty {
            #module::#ty::new(#client)
        }
    }
}

/// A resource in the crate of its group. The group's own resource (`client.cloud().inference()`)
/// is made by `gcore`, another crate, so its constructor is public, if hidden.
pub fn node_tokens(api: &Api, path: &[String], node: &Node, poller: Option<&TaskPoller>) -> TokenStream {
    let name = ident(&resource_type(path.last().expect("only the root has an empty path")));
    let dotted = format!("client.{}()", path.join("()."));
    let doc = docs::attrs(&[format!("Operations under {}.", docs::code(&dotted))]);
    let modules = node.children.iter().map(|c| ident(c));
    let accessors = node
        .children
        .iter()
        .map(|child| accessor(child, quote! { self.client.clone() }));
    let starters = node.operations.iter().map(|op| starter(api, op));
    let builders = node.operations.iter().map(|op| builder(api, op, poller));
    let new = if path.len() == GROUP_DEPTH {
        quote! {
            /// For the `gcore` crate, which puts this resource on its client.
            #[doc(hidden)]
            pub fn new(client: crate::Client) -> Self {
                Self { client }
            }
        }
    } else {
        quote! {
            pub(crate) fn new(client: crate::Client) -> Self {
                Self { client }
            }
        }
    };
    let imports = (!node.operations.is_empty()).then(|| quote! { use crate::runtime::BoxFuture; });
    quote! {
        #( pub mod #modules; )*

        #imports

        #doc
        #[derive(Clone, Debug)]
        pub struct #name {
            client: crate::Client,
        }

        impl #name {
            #new
            /// The client, for hand-written helpers beside the generated code.
            #[allow(dead_code)]
            pub(crate) fn inner_client(&self) -> &crate::Client {
                &self.client
            }
            #( #accessors )*
            #( #starters )*
        }

        #( #builders )*
    }
}

fn builder_name(op: &Operation) -> proc_macro2::Ident {
    format_ident!("{}", request_type(&op.rust))
}

/// Parameters the caller must pass as arguments: path parameters without a client default.
pub(crate) fn is_argument(param: &Param) -> bool {
    param.required && param.client_default.is_none()
}

fn operation_docs(api: &Api, op: &Operation) -> Vec<String> {
    let mut paragraphs = Vec::new();
    if let Some(summary) = &op.summary {
        paragraphs.push(docs::markdown(summary));
    }
    if let Some(description) = op.description.as_ref().filter(|d| Some(*d) != op.summary.as_ref()) {
        paragraphs.push(docs::markdown(description));
    }
    if op.deprecated {
        paragraphs.push("**Deprecated** by the API.".into());
    }
    paragraphs.push(format!(
        "{} (operation {})",
        docs::code(&format!("{} {}", op.method.as_str(), op.path)),
        docs::code(&op.operation_id)
    ));
    if !op.errors.is_empty() {
        paragraphs.push(errors_doc(api, op));
    }
    paragraphs
}

/// The declared error responses as a list, each body type linked: the typed side of
/// `Error::Api`, whose `body_as` decodes into it.
fn errors_doc(api: &Api, op: &Operation) -> String {
    let mut text = String::from("Errors the API declares, returned as [`Error::Api`](crate::Error::Api):");
    for error in &op.errors {
        text.push_str(&format!("\n- {}", docs::code(&error.status)));
        if let Some(description) = &error.description {
            text.push_str(&format!(": {}", docs::markdown(description).replace('\n', " ")));
        }
        if let Some(body) = &error.body {
            text.push_str(&format!(
                "; its body decodes into {} with [`ApiError::body_as`](crate::ApiError::body_as)",
                type_doc(api, body)
            ));
        }
    }
    text
}

/// A type as documentation text: a link for a generated type, code otherwise.
fn type_doc(api: &Api, ty: &TypeRef) -> String {
    match ty {
        TypeRef::Named(key) => {
            let name = &api.types[key].name;
            format!("[`{name}`](crate::models::{name})")
        }
        TypeRef::Nullable(inner) => format!("{} (or `null`)", type_doc(api, inner)),
        other => docs::code(&type_tokens(api, other).to_string().replace(' ', "")),
    }
}

/// The method on the resource that starts a request: required inputs are its arguments.
fn starter(api: &Api, op: &Operation) -> TokenStream {
    let method = ident(&op.rust.method);
    let builder = builder_name(op);
    let mut doc = docs::attrs(&operation_docs(api, op));
    if op.deprecated {
        doc.extend(quote! { #[deprecated(note = "deprecated by the Gcore API")] });
    }
    let mut args = Vec::new();
    let mut inits = Vec::new();
    for param in &op.params {
        let field = ident(&param.ident);
        if is_argument(param) {
            let (arg, converts) = argument(&param.ty, type_tokens(api, &param.ty));
            args.push(quote! { #field: #arg });
            inits.push(match converts {
                true => quote! { #field: #field.into() },
                false => quote! { #field },
            });
        } else {
            inits.push(quote! { #field: None });
        }
    }
    if let Some(body) = &op.body {
        if body.required {
            let (_, arg, converts) = body_input(api, body);
            args.push(quote! { body: #arg });
            inits.push(if converts {
                quote! { body: body.into() }
            } else {
                quote! { body }
            });
        } else {
            inits.push(quote! { body: None });
        }
        if !body.alternatives.is_empty() {
            inits.push(quote! { encoding: crate::runtime::Encoding::Json });
        }
    }
    quote! {
        #doc
        pub fn #method(&self, #(#args),*) -> #builder {
            #builder {
                client: self.client.clone(),
                #(#inits,)*
                options: crate::RequestOptions::default(),
            }
        }
    }
}

fn builder(api: &Api, op: &Operation, poller: Option<&TaskPoller>) -> TokenStream {
    let name = builder_name(op);
    let output = match &op.response {
        Some(ty) => type_tokens(api, ty),
        None => quote! { () },
    };
    let (mut fields, mut setters) = param_inputs(api, op);
    if let Some(body) = &op.body {
        let (body_fields, body_setters) = body_inputs(api, body);
        fields.extend(body_fields);
        setters.extend(body_setters);
    }
    let request = request_body(api, op);
    let read = response_reader(op);
    let stream = stream_tokens(api, op);
    let streaming = send_streaming_tokens(op);
    let alternatives = op
        .response_alternatives
        .iter()
        .map(|alternative| send_as_tokens(api, alternative));
    let and_poll = poller.and_then(|poller| and_poll_tokens(op, poller));
    let call = op.rust.dotted();
    let operation_id = &op.operation_id;
    let doc = docs::attrs(&[format!(
        "A request for {}: set optional inputs with its methods, then `.await` it (or call [`send`](Self::send)).",
        docs::code(&call)
    )]);
    quote! {
        #doc
        #[derive(Clone, Debug)]
        #[must_use = "a request does nothing until it is awaited"]
        pub struct #name {
            client: crate::Client,
            #(#fields,)*
            options: crate::RequestOptions,
        }

        impl #name {
            const OPERATION: crate::Operation = crate::Operation::new(#call, #operation_id);

            #(#setters)*

            /// Per-call options: timeout, retries, extra headers and query parameters.
            pub fn options(mut self, options: crate::RequestOptions) -> Self {
                self.options = options;
                self
            }

            /// Checks the inputs against the spec, sends the request and decodes the response.
            pub fn send(self) -> BoxFuture<Result<#output, crate::Error>> {
                let request = self.http_request();
                crate::runtime::send_for_value(self.client, Self::OPERATION, request, self.options, #read)
            }

            /// Like [`send`](Self::send), and keeps the status, headers and raw body.
            pub fn send_with_response(self) -> BoxFuture<Result<crate::ApiResponse<#output>, crate::Error>> {
                let request = self.http_request();
                crate::runtime::send(self.client, Self::OPERATION, request, self.options, #read)
            }

            #streaming

            #(#alternatives)*

            /// The HTTP request this describes, its inputs checked against the spec.
            fn http_request(&self) -> Result<crate::runtime::Request, crate::Error> {
                #request
            }

            #stream

            #and_poll
        }

        impl ::std::future::IntoFuture for #name {
            type Output = Result<#output, crate::Error>;
            type IntoFuture = BoxFuture<Self::Output>;

            fn into_future(self) -> Self::IntoFuture {
                self.send()
            }
        }
    }
}

/// How the response is read: sending is generic runtime code (emit/mod.rs, "Compile time"),
/// given the reader of the operation's response media.
fn response_reader(op: &Operation) -> TokenStream {
    match (&op.response, op.response_media) {
        (None, _) => quote! { crate::runtime::Response::empty },
        (Some(_), Media::Json) => quote! { crate::runtime::Response::decode },
        (Some(_), Media::Text) => quote! { crate::runtime::Response::text },
        (Some(_), Media::Binary | Media::Form | Media::Multipart) => quote! { crate::runtime::Response::bytes },
    }
}

/// `send_text()` or `send_bytes()`, and their `_with_response` forms: the response in
/// another medium the operation offers, asked for with `Accept`.
fn send_as_tokens(api: &Api, alternative: &ResponseAlternative) -> TokenStream {
    let (ty, read) = match alternative.media {
        Media::Text => (TypeRef::String, quote! { crate::runtime::Response::text }),
        _ => (TypeRef::Bytes, quote! { crate::runtime::Response::bytes }),
    };
    let ty = type_tokens(api, &ty);
    let media_type = &alternative.media_type;
    let name = format!("send_{}", alternative.name());
    let send = format_ident!("{name}");
    let with_response = format_ident!("{name}_with_response");
    let doc = docs::attrs(&[format!(
        "Like [`send`](Self::send), asking for {} (`Accept`, unless the call sets one) and returning the body as {}.",
        docs::code(media_type),
        alternative.name()
    )]);
    let doc_with_response = docs::attrs(&[format!(
        "Like [`{name}`](Self::{name}), and keeps the status, headers and raw body."
    )]);
    quote! {
        #doc
        pub fn #send(self) -> BoxFuture<Result<#ty, crate::Error>> {
            let request = self.http_request().map(|mut request| {
                request.accept(#media_type);
                request
            });
            crate::runtime::send_for_value(self.client, Self::OPERATION, request, self.options, #read)
        }

        #doc_with_response
        pub fn #with_response(self) -> BoxFuture<Result<crate::ApiResponse<#ty>, crate::Error>> {
            let request = self.http_request().map(|mut request| {
                request.accept(#media_type);
                request
            });
            crate::runtime::send(self.client, Self::OPERATION, request, self.options, #read)
        }
    }
}

/// `send_streaming()`: a body of bytes may be too large to hold, so it can be taken as it
/// arrives.
fn send_streaming_tokens(op: &Operation) -> Option<TokenStream> {
    (op.response.is_some() && op.response_media == Media::Binary).then(|| {
        quote! {
            /// Like [`send`](Self::send), and hands the body over as it arrives instead of
            /// holding it whole (for large downloads).
            pub fn send_streaming(self) -> BoxFuture<Result<crate::ByteStream, crate::Error>> {
                let request = self.http_request();
                crate::runtime::send_streaming(self.client, Self::OPERATION, request, self.options)
            }
        }
    })
}

/// The builder's fields and setters for the operation's parameters: an argument is a field,
/// any other parameter an optional field with a setter of its name.
fn param_inputs(api: &Api, op: &Operation) -> (Vec<TokenStream>, Vec<TokenStream>) {
    let mut fields = Vec::new();
    let mut setters = Vec::new();
    for param in &op.params {
        let field = ident(&param.ident);
        let ty = type_tokens(api, &param.ty);
        if is_argument(param) {
            fields.push(quote! { #field: #ty });
            continue;
        }
        fields.push(quote! { #field: Option<#ty> });
        let mut paragraphs = docs::describe(&param.docs, &param.wire_name);
        // The variable comes from the product settings (`scope` in product.yaml).
        let env = api.product.scope.get(&param.wire_name).map(|scope| scope.env.as_str());
        let default = match param.client_default {
            Some(ClientDefault::ProjectId) => Some(("project", "project_id")),
            Some(ClientDefault::RegionId) => Some(("region", "region_id")),
            None => None,
        };
        if let (Some((what, setter)), Some(env)) = (default, env) {
            paragraphs.push(format!(
                "Defaults to the client's {what} (`ClientBuilder::{setter}`, `{env}`)."
            ));
        }
        let mut doc = docs::attrs(&paragraphs);
        if param.docs.deprecated {
            let note = docs::deprecation_note(&param.docs);
            doc.extend(quote! { #[deprecated(note = #note)] });
        }
        let (arg, converts) = argument(&param.ty, ty);
        let value = match converts {
            true => quote! { value.into() },
            false => quote! { value },
        };
        setters.push(quote! {
            #doc
            pub fn #field(mut self, value: #arg) -> Self {
                self.#field = Some(#value);
                self
            }
        });
    }
    (fields, setters)
}

/// The builder's fields and setters for a request body: the body (a setter when it is
/// optional) and, when the operation takes other encodings too, the encoding's setters.
fn body_inputs(api: &Api, body: &Body) -> (Vec<TokenStream>, Vec<TokenStream>) {
    let mut fields = Vec::new();
    let mut setters = Vec::new();
    for media in &body.alternatives {
        let (setter, variant, what) = match media {
            Media::Form => (
                quote! { as_form },
                quote! { Form },
                "form-encoded (`application/x-www-form-urlencoded`)",
            ),
            Media::Multipart => (
                quote! { as_multipart },
                quote! { Multipart },
                "as `multipart/form-data` text parts",
            ),
            // `build/media.rs` offers only form and multipart as another encoding of a
            // JSON body: JSON is the default, text and bytes are bodies of their own.
            Media::Json | Media::Text | Media::Binary => continue,
        };
        let doc = format!(" Sends the body {what}, which the operation also takes, instead of JSON.");
        setters.push(quote! {
            #[doc = #doc]
            pub fn #setter(mut self) -> Self {
                self.encoding = crate::runtime::Encoding::#variant;
                self
            }
        });
    }
    if !body.alternatives.is_empty() {
        fields.push(quote! { encoding: crate::runtime::Encoding });
    }
    let (ty, arg, converts) = body_input(api, body);
    let convert = if converts {
        quote! { value.into() }
    } else {
        quote! { value }
    };
    if body.required {
        fields.push(quote! { body: #ty });
    } else {
        fields.push(quote! { body: Option<#ty> });
        setters.push(quote! {
            /// The request body.
            pub fn body(mut self, value: #arg) -> Self {
                self.body = Some(#convert);
                self
            }
        });
    }
    (fields, setters)
}

/// Checks of the parameters' constraints, run before the request is built.
fn param_checks(op: &Operation) -> Vec<TokenStream> {
    let mut checks = Vec::new();
    for param in &op.params {
        let field = ident(&param.ident);
        let wire = &param.wire_name;
        let rules = check_tokens(&param.checks, quote! { value });
        if rules.is_empty() {
            continue;
        }
        let body = quote! { let path = crate::FieldPath::Root(#wire); #(#rules)* };
        // A parameter the client fills in is a local of `send` by then.
        checks.push(if param.client_default.is_some() {
            quote! { { let value = &#field; #body } }
        } else if is_argument(param) {
            quote! { { let value = &self.#field; #body } }
        } else {
            quote! { if let Some(value) = &self.#field { #body } }
        });
    }
    checks
}

/// Checks of the body: the rules of the alias it may be (a map whose keys have rules), and
/// those of the structs inside it.
fn body_checks(api: &Api, body: &Body) -> Option<TokenStream> {
    let rules = check_tokens(&body.checks, quote! { body });
    let nested = api.validates(&body.ty).then(|| quote! { crate::Validate::validate(body)?; });
    if rules.is_empty() {
        return nested.map(|nested| match body.required {
            true => quote! { crate::Validate::validate(&self.body)?; },
            false => quote! { if let Some(body) = &self.body { #nested } },
        });
    }
    let checks = quote! { let path = crate::FieldPath::Root("body"); #(#rules)* #nested };
    Some(match body.required {
        true => quote! { { let body = &self.body; #checks } },
        false => quote! { if let Some(body) = &self.body { #checks } },
    })
}

/// A request body's field type, the argument type its setter or method takes, and whether
/// the argument is converted (`.into()`) into the field: bytes are a `gcore::Upload` (bytes
/// or a file), taken as anything that converts into one.
fn body_input(api: &Api, body: &Body) -> (TokenStream, TokenStream, bool) {
    match body.media {
        Media::Binary => (quote! { crate::Upload }, quote! { impl Into<crate::Upload> }, true),
        Media::Json | Media::Text | Media::Form | Media::Multipart => {
            let ty = type_tokens(api, &body.ty);
            (ty.clone(), ty, false)
        }
    }
}

/// The body of `http_request()`: client defaults, checks, path, query and body.
fn request_body(api: &Api, op: &Operation) -> TokenStream {
    let mut statements = Vec::new();
    for param in op.params.iter().filter(|p| p.client_default.is_some()) {
        let field = ident(&param.ident);
        let resolve = match param.client_default {
            Some(ClientDefault::ProjectId) => quote! { resolve_project_id },
            Some(ClientDefault::RegionId) => quote! { resolve_region_id },
            None => unreachable!(),
        };
        statements.push(quote! { let #field = self.client.#resolve(self.#field)?; });
    }
    // Checks can be turned off per client and per call (`validate_requests`).
    let mut checks = param_checks(op);
    checks.extend(op.body.as_ref().and_then(|body| body_checks(api, body)));
    if !checks.is_empty() {
        statements.push(quote! { if self.client.validates(&self.options) { #(#checks)* } });
    }
    let path = path_tokens(op);
    statements.push(quote! { let path = #path; });
    let method = format_ident!("{}", op.method.as_str());
    let template = &op.path;
    let has_query = op.params.iter().any(|p| p.location != ParamLocation::Path);
    let mutable = (!op.authenticated || has_query || op.body.is_some() || op.accept.is_some()).then(|| quote! { mut });
    statements.push(quote! {
        let #mutable request = crate::runtime::Request::new(::reqwest::Method::#method, Self::OPERATION, #template, path);
    });
    if !op.authenticated {
        statements.push(quote! { request.without_auth(); });
    }
    if let Some(media_type) = &op.accept {
        statements.push(quote! { request.accept(#media_type); });
    }
    statements.extend(
        op.params
            .iter()
            .filter(|p| p.location != ParamLocation::Path)
            .map(query_statement),
    );
    statements.extend(op.body.as_ref().map(body_statement));
    statements.push(quote! { Ok(request) });
    quote! { #(#statements)* }
}

/// Adds a query or header parameter to the request, when set.
fn query_statement(param: &Param) -> TokenStream {
    let field = ident(&param.ident);
    let wire = &param.wire_name;
    let add = match (param.location, param.encoding) {
        (ParamLocation::Header, _) => quote! { request.header(#wire, value); },
        (_, ParamEncoding::Json) => quote! { request.query_json(#wire, value)?; },
        (_, ParamEncoding::Fields) => quote! { request.query_object(#wire, value, false)?; },
        (_, ParamEncoding::DeepObject) => quote! { request.query_object(#wire, value, true)?; },
        (_, ParamEncoding::Joined(separator)) => {
            let separator = separator.to_string();
            quote! { request.query_joined(#wire, value, #separator); }
        }
        (_, ParamEncoding::Plain) => quote! { request.query(#wire, value); },
    };
    if is_argument(param) {
        quote! { { let value = &self.#field; #add } }
    } else {
        quote! {
            if let Some(value) = &self.#field {
                #add
            }
        }
    }
}

/// Puts the body on the request, by the media type `build` picked for it.
fn body_statement(body: &Body) -> TokenStream {
    let send = |value: TokenStream| match body.media {
        // JSON by default; the other media the operation takes the same body as, if asked.
        Media::Json | Media::Text if !body.alternatives.is_empty() => quote! {
            match self.encoding {
                crate::runtime::Encoding::Json => request.json(#value)?,
                crate::runtime::Encoding::Form => request.form(#value)?,
                crate::runtime::Encoding::Multipart => request.multipart_fields(#value)?,
            }
        },
        Media::Json | Media::Text => quote! { request.json(#value)?; },
        Media::Form => quote! { request.form(#value)?; },
        Media::Multipart => quote! { request.multipart(#value); },
        Media::Binary => quote! { request.upload(#value); },
    };
    if body.required {
        send(quote! { &self.body })
    } else {
        let send = send(quote! { body });
        quote! {
            if let Some(body) = &self.body {
                #send
            }
        }
    }
}

/// `/cloud/v1/tasks/{task_id}` → `["/cloud/v1/tasks/", path_segment("task_id", ..)?.as_str()].concat()`
/// (plainer for the compiler than `format!`).
fn path_tokens(op: &Operation) -> TokenStream {
    let mut parts = Vec::new();
    let mut rest = op.path.as_str();
    while let Some(start) = rest.find('{') {
        let end = rest[start..].find('}').map(|e| start + e).unwrap_or(rest.len() - 1);
        if start > 0 {
            let text = &rest[..start];
            parts.push(quote! { #text });
        }
        let wire = &rest[start + 1..end];
        let param = op
            .params
            .iter()
            .find(|p| p.location == ParamLocation::Path && p.wire_name == wire)
            .expect("build checked path params");
        let field = ident(&param.ident);
        let value = if param.client_default.is_some() {
            quote! { &#field }
        } else {
            quote! { &self.#field }
        };
        parts.push(quote! { crate::runtime::path_segment(#wire, #value)?.as_str() });
        rest = &rest[end + 1..];
    }
    if parts.is_empty() {
        let path = &op.path;
        return quote! { String::from(#path) };
    }
    if !rest.is_empty() {
        parts.push(quote! { #rest });
    }
    quote! { [#(#parts),*].concat() }
}
