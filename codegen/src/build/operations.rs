//! Stage 3, operations: paths, parameters, request bodies and responses, read into the
//! model's operations (the schemas they reach through the schema half in `mod.rs`).

use super::media::{alternatives, multipart_doc, pick_media, REQUEST_MEDIA, RESPONSE_MEDIA};
use super::*;

impl<'a> Builder<'a> {
    /// Schemas no operation reaches are not modelled, but they must still be valid.
    pub(super) fn check_unreferenced_schemas(&mut self) -> Result<()> {
        for (name, json) in std::mem::take(&mut self.schemas) {
            typed::<ReferenceOr<Schema>>(json, &push_pointer("/components/schemas", &name), self.origins)?;
        }
        Ok(())
    }

    pub(super) fn operations(&mut self, paths: Vec<(String, Value)>) -> Result<Vec<Operation>> {
        let mut operations = Vec::new();
        // Where each operationId is used: one used twice identifies neither operation.
        let mut used_at: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (path, item) in &paths {
            for (method, op) in item.as_object().into_iter().flatten() {
                if let Some(id) = op.get("operationId").and_then(Value::as_str) {
                    let pointer = push_pointer(&push_pointer("/paths", path), method);
                    used_at.entry(id.to_string()).or_default().push(pointer);
                }
            }
        }
        for (path, item) in paths {
            let item_pointer = push_pointer("/paths", &path);
            let item: ReferenceOr<openapiv3::PathItem> = typed(item, &item_pointer, self.origins)?;
            let ReferenceOr::Item(item) = item else {
                return Err(self.error(&item_pointer, "path items given by `$ref` are not supported"));
            };
            for (method, op) in item.iter() {
                let pointer = push_pointer(&item_pointer, method);
                let operation_id = self.operation_id(&path, method, op, &pointer, &used_at);
                operations.push(self.operation(&path, method, operation_id, op, &item.parameters, &pointer)?);
            }
        }
        Ok(operations)
    }

    /// The operation's `operationId`; without one, or with one another operation uses too
    /// (so that it names neither: not in `names.yaml`, not for a helper), `METHOD /path`
    /// (`GET /billing/v3/trials`), with a warning.
    fn operation_id(
        &self,
        path: &str,
        method: &str,
        op: &openapiv3::Operation,
        pointer: &str,
        used_at: &BTreeMap<String, Vec<String>>,
    ) -> String {
        let fallback = format!("{} {path}", method.to_ascii_uppercase());
        match &op.operation_id {
            Some(id) if used_at.get(id).is_none_or(|at| at.len() < 2) => id.clone(),
            Some(id) => {
                let others: Vec<&str> = used_at[id].iter().map(String::as_str).filter(|at| *at != pointer).collect();
                let message = format!(
                    "operationId `{id}` is also used at {}: this one is `{fallback}`",
                    others.join(", ")
                );
                self.origins.warn(WarningKind::NoOperationId, pointer, message);
                fallback
            }
            None => {
                let message = format!("no `operationId`: the operation is identified as `{fallback}`");
                self.origins.warn(WarningKind::NoOperationId, pointer, message);
                fallback
            }
        }
    }

    fn operation(
        &mut self,
        path: &str,
        method: &str,
        operation_id: String,
        op: &openapiv3::Operation,
        shared_params: &[ReferenceOr<Parameter>],
        pointer: &str,
    ) -> Result<Operation> {
        let method = parse_method(method).ok_or_else(|| self.error(pointer, format!("unsupported method `{method}`")))?;
        let mut params: Vec<Param> = Vec::new();
        for (i, param) in op.parameters.iter().enumerate() {
            let param_pointer = push_pointer(&push_pointer(pointer, "parameters"), &i.to_string());
            params.extend(self.param(param, &operation_id, &param_pointer)?);
        }
        // Parameters of the path item apply unless the operation redefines them.
        let item_pointer = pointer.rsplit_once('/').map_or("", |(item, _)| item).to_string();
        for (i, param) in shared_params.iter().enumerate() {
            let param_pointer = push_pointer(&push_pointer(&item_pointer, "parameters"), &i.to_string());
            if let Some(param) = self.param(param, &operation_id, &param_pointer)? {
                let redefined = params
                    .iter()
                    .any(|p| p.wire_name == param.wire_name && p.location == param.location);
                if !redefined {
                    params.push(param);
                }
            }
        }
        self.complete_path_params(path, &mut params, pointer);
        let body = match &op.request_body {
            Some(body) => Some(self.body(body, &operation_id, &push_pointer(pointer, "requestBody"))?),
            None => None,
        };
        let success = self.success_response(op, &operation_id, &push_pointer(pointer, "responses"))?;
        // JSON is what the client asks for, unless told otherwise here or by the caller
        // (an `Accept` parameter).
        let asks = params
            .iter()
            .any(|p| p.location == ParamLocation::Header && p.wire_name.eq_ignore_ascii_case("accept"));
        let (response, response_media, accept, response_alternatives) = match success {
            Some(Success {
                ty,
                media: Media::Json,
                alternatives,
                ..
            }) => (Some(ty), Media::Json, None, alternatives),
            Some(Success {
                ty,
                media,
                media_type,
                alternatives,
            }) => (Some(ty), media, (!asks).then_some(media_type), alternatives),
            None => (None, Media::Json, None, Vec::new()),
        };
        let errors = self.declared_errors(op, &operation_id, &push_pointer(pointer, "responses"))?;
        let authenticated = op
            .security
            .as_ref()
            .is_some_and(|reqs| reqs.iter().any(|req| !req.is_empty()));
        Ok(Operation {
            operation_id,
            method,
            path: path.to_string(),
            pointer: pointer.to_string(),
            summary: op.summary.clone(),
            description: op.description.clone(),
            deprecated: op.deprecated,
            params,
            body,
            response,
            response_media,
            accept,
            response_alternatives,
            errors,
            authenticated,
            pagination: None,
            starts_tasks: None,
            feature: String::new(),
            rust: OperationName::default(),
        })
    }

    /// A parameter, its reference followed, with the pointer of its definition.
    fn param_item<'p>(&self, param: &'p ReferenceOr<Parameter>, pointer: &str) -> Result<(&'p Parameter, String)>
    where
        'a: 'p,
    {
        match param {
            ReferenceOr::Item(param) => Ok((param, pointer.to_string())),
            ReferenceOr::Reference { reference } => {
                let name = reference.strip_prefix("#/components/parameters/").unwrap_or(reference);
                let found = self.openapi.components.as_ref().and_then(|c| c.parameters.get(name));
                match found {
                    Some(ReferenceOr::Item(param)) => Ok((param, push_pointer("/components/parameters", name))),
                    _ => Err(self.error(pointer, format!("unresolved parameter reference `{reference}`"))),
                }
            }
        }
    }

    fn param(&mut self, param: &ReferenceOr<Parameter>, operation_id: &str, pointer: &str) -> Result<Option<Param>> {
        let (param, pointer) = self.param_item(param, pointer)?;
        let (data, location, style) = match param {
            Parameter::Path { parameter_data, .. } => (parameter_data, ParamLocation::Path, None),
            Parameter::Query {
                parameter_data, style, ..
            } => (parameter_data, ParamLocation::Query, Some(style.clone())),
            Parameter::Header { parameter_data, .. } => (parameter_data, ParamLocation::Header, None),
            Parameter::Cookie { .. } => {
                self.origins.warn(
                    WarningKind::IgnoredKeyword,
                    &pointer,
                    "a cookie parameter: not sent (set it with `RequestOptions::header(\"cookie\", ..)`)",
                );
                return Ok(None);
            }
        };
        let hint = NameHint {
            owner: Owner::Operation(operation_id.to_string()),
            role: data.name.clone(),
        };
        // A parameter carrying JSON has the JSON's type and is sent as JSON text: said in its
        // schema (`contentMediaType: application/json` + `contentSchema`) or by `content`.
        let (schema, schema_pointer, content) = match &data.format {
            ParameterSchemaOrContent::Schema(schema) => {
                let schema_pointer = push_pointer(&pointer, "schema");
                let content = self.json_content(schema, &schema_pointer)?;
                (schema, schema_pointer, content)
            }
            ParameterSchemaOrContent::Content(content) => {
                let Some((media_type, schema)) = content.iter().find_map(|(m, c)| c.schema.as_ref().map(|s| (m, s))) else {
                    return Err(self.error(&pointer, "a parameter's `content` needs a schema"));
                };
                let schema_pointer = push_pointer(&push_pointer(&push_pointer(&pointer, "content"), media_type), "schema");
                let content = (media_of(media_type) == Media::Json).then(|| (schema.clone(), schema_pointer.clone()));
                (schema, schema_pointer, content)
            }
        };
        let shape = match &content {
            Some((content, content_pointer)) => self.resolve(content, content_pointer, &hint)?,
            None => self.resolve(schema, &schema_pointer, &hint)?,
        };
        let content = content.map(|(content, _)| content);
        let encoding = query_encoding(
            content.is_some(),
            style,
            data.explode,
            || self.is_object(&shape.ty),
            &shape.ty,
        );
        let docs = param_docs(data, schema, content.as_ref());
        // The client's defaults are integers; a scope parameter of another type is sent as given.
        let client_default = match location {
            ParamLocation::Path if shape.ty == TypeRef::Integer => self.scope.get(&data.name).map(|scope| scope.default),
            ParamLocation::Path | ParamLocation::Query | ParamLocation::Header => None,
        };
        Ok(Some(Param {
            wire_name: data.name.clone(),
            ident: String::new(),
            location,
            ty: shape.ty,
            required: data.required || location == ParamLocation::Path,
            docs,
            client_default,
            encoding,
            checks: Vec::new(),
        }))
    }

    /// The JSON a string parameter's schema says it carries (`contentMediaType:
    /// application/json` + `contentSchema`), with its pointer.
    fn json_content(&self, schema: &ReferenceOr<Schema>, schema_pointer: &str) -> Result<Option<(ReferenceOr<Schema>, String)>> {
        let ReferenceOr::Item(s) = schema else { return Ok(None) };
        let extensions = &s.schema_data.extensions;
        let is_json = extensions
            .get("x-contentMediaType")
            .and_then(Value::as_str)
            .is_some_and(|m| media_of(m) == Media::Json);
        let Some(content) = extensions.get("x-contentSchema").filter(|_| is_json) else {
            return Ok(None);
        };
        let content_pointer = push_pointer(schema_pointer, "contentSchema");
        let content: ReferenceOr<Schema> = serde_json::from_value(content.clone())
            .map_err(|e| self.error(&content_pointer, format!("not a schema openapiv3 can read: {e}")))?;
        Ok(Some((content, content_pointer)))
    }

    fn body(&mut self, body: &ReferenceOr<RequestBody>, operation_id: &str, pointer: &str) -> Result<Body> {
        let body = match body {
            ReferenceOr::Item(body) => body,
            ReferenceOr::Reference { reference } => {
                let name = reference.strip_prefix("#/components/requestBodies/").unwrap_or(reference);
                match self.openapi.components.as_ref().and_then(|c| c.request_bodies.get(name)) {
                    Some(ReferenceOr::Item(body)) => body,
                    _ => return Err(self.error(pointer, format!("unresolved request body reference `{reference}`"))),
                }
            }
        };
        let content_pointer = push_pointer(pointer, "content");
        let Some((media_type, media, content)) = pick_media(&body.content, REQUEST_MEDIA) else {
            return Err(self.error(pointer, "a request body needs at least one media type"));
        };
        self.check_media_type(media_type, &push_pointer(&content_pointer, media_type));
        let schema_pointer = push_pointer(&push_pointer(&content_pointer, media_type), "schema");
        let hint = NameHint {
            owner: Owner::Operation(operation_id.to_string()),
            role: "Body".into(),
        };
        let mut docs = Docs {
            description: body.description.clone(),
            ..Docs::default()
        };
        let ty = match (media, &content.schema) {
            (Media::Binary, _) => TypeRef::Bytes,
            (Media::Multipart, schema) => {
                docs.description = multipart_doc(body.description.as_deref(), schema.as_ref());
                TypeRef::Multipart
            }
            (_, Some(schema)) => self.resolve(schema, &schema_pointer, &hint)?.ty,
            (_, None) => TypeRef::Json,
        };
        // Only an object has fields; any other shape of body has none.
        let has_required_fields = match ty.named(false).and_then(|key| self.types.get(key)).map(|t| &t.kind) {
            Some(TypeKind::Struct(s)) => s.fields.iter().any(|f| f.required),
            Some(TypeKind::Enum(_) | TypeKind::Union(_) | TypeKind::Alias(_)) | None => false,
        };
        Ok(Body {
            ty,
            media,
            alternatives: alternatives(&body.content, media, &content.schema),
            required: body.required || has_required_fields,
            docs,
            checks: Vec::new(),
        })
    }

    /// A malformed media type (`plain/text`, `application`) is read by the rule of
    /// [`media_of`], with a warning.
    fn check_media_type(&self, media_type: &str, pointer: &str) {
        if !media_type.contains('/') || media_type.starts_with("plain/") {
            let media = media_of(media_type);
            self.origins.warn(
                WarningKind::MediaType,
                pointer,
                format!("`{media_type}` is not a media type; read as {media:?}"),
            );
        }
    }

    /// The first 2xx response in status order decides what a call returns: its type, how
    /// it is read, and its media type as the spec writes it.
    fn success_response(&mut self, op: &openapiv3::Operation, operation_id: &str, pointer: &str) -> Result<Option<Success>> {
        let mut successes: Vec<(&StatusCode, &ReferenceOr<Response>)> =
            op.responses.responses.iter().filter(|(code, _)| is_success(code)).collect();
        successes.sort_by_key(|(code, _)| (*code).clone());
        let Some((code, response)) = successes.first() else {
            return Ok(None);
        };
        let response_pointer = push_pointer(pointer, &code.to_string());
        let response = self.response_item(response, &response_pointer)?;
        if response.content.is_empty() {
            return Ok(None);
        }
        // HTTP sends no body with 204 and 205 (RFC 9110 §15.3.5-6), whatever the spec says.
        if matches!(code, StatusCode::Code(204 | 205)) {
            self.origins.warn(
                WarningKind::NoContentBody,
                &push_pointer(&response_pointer, "content"),
                format!("a `{code}` response has no body in HTTP: the call returns `()`"),
            );
            return Ok(None);
        }
        let content_pointer = push_pointer(&response_pointer, "content");
        let Some((media_type, media, content)) = pick_media(&response.content, RESPONSE_MEDIA) else {
            return Ok(None);
        };
        self.check_media_type(media_type, &push_pointer(&content_pointer, media_type));
        let ty = match (media, &content.schema) {
            (Media::Text, _) => TypeRef::String,
            (Media::Json, Some(schema)) => self.response_body(schema, &response_pointer, media_type, operation_id, "Response")?,
            (Media::Json, None) => TypeRef::Json,
            (Media::Binary | Media::Form | Media::Multipart, _) => TypeRef::Bytes,
        };
        // The other media it comes in, each read by a method of its own: text and bytes,
        // the first media type of each as the spec lists them.
        let alternatives = [Media::Text, Media::Binary]
            .into_iter()
            .filter(|other| *other != media)
            .filter_map(|other| {
                let (media_type, _) = response.content.iter().find(|(m, _)| media_of(m) == other)?;
                self.check_media_type(media_type, &push_pointer(&content_pointer, media_type));
                Some(ResponseAlternative {
                    media: other,
                    media_type: media_type.clone(),
                })
            })
            .collect();
        Ok(Some(Success {
            ty,
            media,
            media_type: media_type.to_string(),
            alternatives,
        }))
    }

    /// The type of a response body's schema; an inline one is named `{operation}{role}`.
    fn response_body(
        &mut self,
        schema: &ReferenceOr<Schema>,
        response_pointer: &str,
        media_type: &str,
        operation_id: &str,
        role: &str,
    ) -> Result<TypeRef> {
        let schema_pointer = push_pointer(
            &push_pointer(&push_pointer(response_pointer, "content"), media_type),
            "schema",
        );
        let hint = NameHint {
            owner: Owner::Operation(operation_id.to_string()),
            role: role.to_string(),
        };
        let shape = self.resolve(schema, &schema_pointer, &hint)?;
        Ok(nullable_if(shape.ty, shape.nullable))
    }

    fn response_item<'r>(&self, response: &'r ReferenceOr<Response>, pointer: &str) -> Result<&'r Response>
    where
        'a: 'r,
    {
        match response {
            ReferenceOr::Item(response) => Ok(response),
            ReferenceOr::Reference { reference } => {
                let name = reference.strip_prefix("#/components/responses/").unwrap_or(reference);
                match self.openapi.components.as_ref().and_then(|c| c.responses.get(name)) {
                    Some(ReferenceOr::Item(response)) => Ok(response),
                    _ => Err(self.error(pointer, format!("unresolved response reference `{reference}`"))),
                }
            }
        }
    }

    /// Every non-2xx response, `default` last. A body that is not JSON is documented, not
    /// typed: error pages from proxies are often HTML, and the call must not fail to build.
    fn declared_errors(&mut self, op: &openapiv3::Operation, operation_id: &str, pointer: &str) -> Result<Vec<DeclaredError>> {
        let mut declared: Vec<(String, &ReferenceOr<Response>)> = op
            .responses
            .responses
            .iter()
            .filter(|(code, _)| !is_success(code))
            .map(|(code, response)| (code.to_string(), response))
            .collect();
        declared.sort_by(|a, b| a.0.cmp(&b.0));
        declared.extend(op.responses.default.iter().map(|response| ("default".to_string(), response)));
        let mut errors = Vec::new();
        for (status, response) in declared {
            let response_pointer = push_pointer(pointer, &status);
            let response = self.response_item(response, &response_pointer)?;
            let body = match json_schema(&response.content) {
                Some((media_type, schema)) => {
                    let role = format!("Error{}", status.to_ascii_uppercase());
                    Some(self.response_body(schema, &response_pointer, media_type, operation_id, &role)?)
                }
                None => None,
            };
            let description = Some(response.description.trim().to_string()).filter(|d| !d.is_empty());
            errors.push(DeclaredError {
                status,
                description,
                body,
            });
        }
        Ok(errors)
    }

    /// Every `{name}` in the path template needs a path parameter, and vice versa. The
    /// spec's omissions are mended with a warning: an undeclared `{name}` becomes a required
    /// string parameter, and a path parameter the template lacks is dropped.
    fn complete_path_params(&self, path: &str, params: &mut Vec<Param>, pointer: &str) {
        let in_template: Vec<&str> = path
            .split('{')
            .skip(1)
            .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
            .collect();
        let declared = |params: &[Param], name: &str| {
            params
                .iter()
                .any(|p| p.location == ParamLocation::Path && p.wire_name == name)
        };
        for name in &in_template {
            if !declared(params, name) {
                self.origins.warn(
                    WarningKind::IgnoredKeyword,
                    pointer,
                    format!("the path has `{{{name}}}` but declares no such parameter: it is taken as a required string"),
                );
                params.push(Param {
                    wire_name: name.to_string(),
                    ident: String::new(),
                    location: ParamLocation::Path,
                    ty: TypeRef::String,
                    required: true,
                    docs: Docs::default(),
                    client_default: None,
                    encoding: ParamEncoding::Plain,
                    checks: Vec::new(),
                });
            }
        }
        params.retain(|p| {
            let stray = p.location == ParamLocation::Path && !in_template.contains(&p.wire_name.as_str());
            if stray {
                self.origins.warn(
                    WarningKind::IgnoredKeyword,
                    pointer,
                    format!("path parameter `{}` is not in the path: it is not sent", p.wire_name),
                );
            }
            !stray
        });
    }
}

/// How a query parameter is written, by its `style` and `explode` (OpenAPI 3.1 §4.8.12.4):
/// JSON text when it carries JSON; an object as its fields, or `deepObject`; a list repeated
/// (`form`, exploded, the default) or joined.
pub(super) fn query_encoding(
    json: bool,
    style: Option<openapiv3::QueryStyle>,
    explode: Option<bool>,
    is_object: impl FnOnce() -> bool,
    ty: &TypeRef,
) -> ParamEncoding {
    use openapiv3::QueryStyle;
    let Some(style) = style else {
        return ParamEncoding::Plain; // path and header parameters
    };
    let list = matches!(ty, TypeRef::Array(_)) || matches!(ty, TypeRef::Nullable(inner) if matches!(**inner, TypeRef::Array(_)));
    match (json, style, explode) {
        (true, ..) => ParamEncoding::Json,
        (_, QueryStyle::DeepObject, _) => match is_object() {
            true => ParamEncoding::DeepObject,
            false => ParamEncoding::Plain,
        },
        (_, QueryStyle::SpaceDelimited, _) if list => ParamEncoding::Joined(' '),
        (_, QueryStyle::PipeDelimited, _) if list => ParamEncoding::Joined('|'),
        (_, QueryStyle::Form, Some(false)) if list => ParamEncoding::Joined(','),
        _ if is_object() => ParamEncoding::Fields,
        _ => ParamEncoding::Plain,
    }
}

pub(super) fn is_success(code: &StatusCode) -> bool {
    match code {
        StatusCode::Code(c) => (200..300).contains(c),
        StatusCode::Range(r) => *r == 2,
    }
}

pub(super) fn json_schema(content: &indexmap::IndexMap<String, openapiv3::MediaType>) -> Option<(&str, &ReferenceOr<Schema>)> {
    content
        .iter()
        .find(|(media_type, _)| media_type.as_str() == "application/json" || media_type.ends_with("+json"))
        .and_then(|(media_type, m)| m.schema.as_ref().map(|s| (media_type.as_str(), s)))
}

pub(super) fn parse_method(method: &str) -> Option<Method> {
    Some(match method {
        "get" => Method::Get,
        "put" => Method::Put,
        "post" => Method::Post,
        "delete" => Method::Delete,
        "patch" => Method::Patch,
        "head" => Method::Head,
        "options" => Method::Options,
        "trace" => Method::Trace,
        _ => return None,
    })
}

/// A parameter's docs and rules: its schema's, with the parameter's own description and
/// deprecation.
fn param_docs(data: &openapiv3::ParameterData, schema: &ReferenceOr<Schema>, content: Option<&ReferenceOr<Schema>>) -> Docs {
    let mut docs = match schema {
        ReferenceOr::Item(schema) => docs_of(schema),
        ReferenceOr::Reference { .. } => Docs::default(),
    };
    // The parameter is text carrying JSON: the rules of what it carries are the JSON's.
    if let Some(ReferenceOr::Item(content)) = content {
        let carried = docs_of(content).constraints;
        let rules = &mut docs.constraints;
        (rules.items, rules.keys, rules.values) = (carried.items, carried.keys, carried.values);
    }
    if data.description.is_some() {
        docs.description = data.description.clone();
    }
    // `deprecated` may be said of the parameter or of its schema.
    docs.deprecated |= data.deprecated.unwrap_or(false);
    docs
}

/// Offset pagination, recognised by its shape: a GET with integer `limit` and `offset`
/// query parameters whose response is an object with an integer `count` and a `results` list.
pub(super) fn pagination(types: &BTreeMap<TypeKey, TypeDef>, op: &Operation) -> Option<Pagination> {
    let has_query_int = |name: &str| {
        op.params
            .iter()
            .any(|p| p.location == ParamLocation::Query && p.wire_name == name && p.ty == TypeRef::Integer)
    };
    if op.method != Method::Get || !has_query_int("limit") || !has_query_int("offset") {
        return None;
    }
    let Some(TypeRef::Named(page)) = &op.response else {
        return None;
    };
    let Some(TypeKind::Struct(s)) = types.get(page).map(|t| &t.kind) else {
        return None;
    };
    let field = |name: &str| s.fields.iter().find(|f| f.wire_name == name);
    let count = field("count")?;
    let TypeRef::Array(item) = &field("results")?.ty else {
        return None;
    };
    (count.ty == TypeRef::Integer).then(|| Pagination {
        page: page.clone(),
        item: (**item).clone(),
    })
}

/// What a call returns: the first 2xx response's type, the medium it is read in and its
/// media type as the spec writes it, and the other media it comes in.
struct Success {
    ty: TypeRef,
    media: Media,
    media_type: String,
    alternatives: Vec<ResponseAlternative>,
}
