//! Stage 3, media types: which media a body is read or sent as, by one rule.

use super::*;

/// Which media a media type is read as: the one rule for requests and responses alike.
/// `plain/text` (sic) is text; a type without a subtype (`application`) is bytes.
pub fn media_of(media_type: &str) -> Media {
    let essence = media_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    match essence.as_str() {
        "application/json" => Media::Json,
        t if t.ends_with("+json") => Media::Json,
        "application/x-www-form-urlencoded" => Media::Form,
        "multipart/form-data" => Media::Multipart,
        t if t.starts_with("text/") || t.starts_with("plain/") => Media::Text,
        _ => Media::Binary,
    }
}

/// Media a request body may be sent as, most preferred first: JSON where the operation
/// offers it, the alternatives otherwise.
pub(super) const REQUEST_MEDIA: [Media; 5] = [Media::Json, Media::Form, Media::Multipart, Media::Binary, Media::Text];

/// Media a success response is read as, most preferred first.
pub(super) const RESPONSE_MEDIA: [Media; 5] = [Media::Json, Media::Text, Media::Binary, Media::Form, Media::Multipart];

/// The media type of `content` to use, by `preference`.
pub(super) fn pick_media(
    content: &indexmap::IndexMap<String, openapiv3::MediaType>,
    preference: [Media; 5],
) -> Option<(&str, Media, &openapiv3::MediaType)> {
    preference.iter().find_map(|wanted| {
        content
            .iter()
            .find(|(media_type, _)| media_of(media_type) == *wanted)
            .map(|(media_type, content)| (media_type.as_str(), *wanted, content))
    })
}

/// The media besides JSON that take the same body (form, multipart), in that order.
pub(super) fn alternatives(
    content: &indexmap::IndexMap<String, openapiv3::MediaType>,
    media: Media,
    schema: &Option<ReferenceOr<Schema>>,
) -> Vec<Media> {
    if media != Media::Json {
        return Vec::new();
    }
    let same = |other: &openapiv3::MediaType| other.schema.is_some() && &other.schema == schema;
    [Media::Form, Media::Multipart]
        .into_iter()
        .filter(|wanted| content.iter().any(|(m, c)| media_of(m) == *wanted && same(c)))
        .collect()
}

/// The docs of a multipart body: its description, then its parts as the schema lists them.
pub(super) fn multipart_doc(description: Option<&str>, schema: Option<&ReferenceOr<Schema>>) -> Option<String> {
    let mut parts = Vec::new();
    if let Some(ReferenceOr::Item(schema)) = schema {
        let (properties, required) = match &schema.schema_kind {
            SchemaKind::Type(Type::Object(o)) => (&o.properties, &o.required),
            SchemaKind::Any(a) => (&a.properties, &a.required),
            _ => return description.map(str::to_owned),
        };
        for (name, property) in properties {
            let file = serde_json::to_value(property)
                .map(|v| v.to_string().contains("\"binary\""))
                .unwrap_or(false);
            let what = match (file, required.contains(name)) {
                (true, true) => "file, required",
                (true, false) => "file",
                (false, true) => "text, required",
                (false, false) => "text",
            };
            parts.push(format!("`{name}` ({what})"));
        }
    }
    let parts = (!parts.is_empty()).then(|| format!("Parts: {}.", parts.join(", ")));
    match (description, parts) {
        (Some(d), Some(p)) => Some(format!("{d}\n\n{p}")),
        (d, p) => p.or(d.map(str::to_owned)),
    }
}
