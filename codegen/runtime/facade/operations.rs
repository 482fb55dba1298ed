//! What every entry of the operation table shares (feature `operation-table`, for this
//! repository's contract tests only): its inputs as JSON, taken apart into typed values,
//! and its answer as JSON again.

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{Map, Value};

/// An entry of the table: calls one operation through the typed API with `inputs`.
pub type Call = fn(crate::Client, Inputs) -> crate::BoxFuture<Result<Reply, Failure>>;

/// An entry's future, its output named for the compiler.
pub fn boxed<F>(future: F) -> crate::BoxFuture<Result<Reply, Failure>>
where
    F: std::future::Future<Output = Result<Reply, Failure>> + Send + 'static,
{
    Box::pin(future)
}

/// Why a call through the table did not give an answer.
#[derive(Debug)]
pub enum Failure {
    /// The inputs do not fit the operation: one is missing, of the wrong type, or not one
    /// the operation takes. A fault of whoever made them, not of the server.
    Inputs(String),
    /// The SDK's own outcome: the request refused before sending, the server's error, a
    /// response that did not decode.
    Call(crate::Error),
    /// The response decoded, and the value it decoded into does not encode.
    Encode(serde_json::Error),
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::Inputs(message) => write!(f, "inputs: {message}"),
            Failure::Call(error) => write!(f, "{error}"),
            Failure::Encode(error) => write!(f, "the decoded response does not encode: {error}"),
        }
    }
}

/// The inputs of one call, by where they go and by their names on the wire:
/// `{"path": {..}, "query": {..}, "header": {..}, "body": .., "encoding": "form",
/// "response": "text"}`.
/// Every input given must be taken: one left over is an error ([`Inputs::finish`]).
#[derive(Debug, Default)]
pub struct Inputs {
    path: Map<String, Value>,
    query: Map<String, Value>,
    header: Map<String, Value>,
    body: Option<Value>,
    encoding: Option<String>,
    response: Option<String>,
}

impl Inputs {
    pub fn from_json(value: Value) -> Result<Inputs, Failure> {
        let Value::Object(mut object) = value else {
            return Err(Failure::Inputs(format!("inputs must be an object, not {value}")));
        };
        let mut part = |name: &str| match object.remove(name) {
            None | Some(Value::Null) => Ok(Map::new()),
            Some(Value::Object(map)) => Ok(map),
            Some(other) => Err(Failure::Inputs(format!("`{name}` must be an object, not {other}"))),
        };
        let (path, query, header) = (part("path")?, part("query")?, part("header")?);
        let body = object.remove("body");
        let mut text = |name: &str| match object.remove(name) {
            None => Ok(None),
            Some(Value::String(text)) => Ok(Some(text)),
            Some(other) => Err(Failure::Inputs(format!("`{name}` must be a string, not {other}"))),
        };
        let (encoding, response) = (text("encoding")?, text("response")?);
        if let Some(key) = object.keys().next() {
            return Err(Failure::Inputs(format!("unknown part of the inputs: `{key}`")));
        }
        Ok(Inputs {
            path,
            query,
            header,
            body,
            encoding,
            response,
        })
    }

    /// The parameter `name` of `location` (`path`, `query`, `header`), decoded; `None` when
    /// not given.
    pub fn param<T: DeserializeOwned>(&mut self, location: &str, name: &str) -> Result<Option<T>, Failure> {
        let part = match location {
            "path" => &mut self.path,
            "query" => &mut self.query,
            _ => &mut self.header,
        };
        part.remove(name)
            .map(|value| decode(&format!("{location}.{name}"), value))
            .transpose()
    }

    /// A parameter the call cannot be made without.
    pub fn required<T: DeserializeOwned>(&mut self, location: &str, name: &str) -> Result<T, Failure> {
        self.param(location, name)?
            .ok_or_else(|| Failure::Inputs(format!("missing {location} parameter `{name}`")))
    }

    /// The JSON (or form) body, decoded into its type.
    pub fn body<T: DeserializeOwned>(&mut self) -> Result<Option<T>, Failure> {
        self.body.take().map(|value| decode("body", value)).transpose()
    }

    /// A body the call cannot be made without.
    pub fn required_body<T: DeserializeOwned>(&mut self) -> Result<T, Failure> {
        self.body()?.ok_or_else(|| Failure::Inputs("missing body".into()))
    }

    /// A `multipart/form-data` body from a JSON object: a text part per field (a part per
    /// item of an array, each of the field's name), a string as it is, any other value as
    /// JSON text.
    pub fn multipart(&mut self) -> Result<Option<crate::Multipart>, Failure> {
        let Some(value) = self.body.take() else { return Ok(None) };
        let Value::Object(fields) = value else {
            return Err(Failure::Inputs(format!("a multipart body must be an object, not {value}")));
        };
        let text = |value: Value| match value {
            Value::String(text) => text,
            other => other.to_string(),
        };
        let mut form = crate::Multipart::new();
        for (name, value) in fields {
            match value {
                Value::Array(items) => {
                    for item in items {
                        form = form.text(name.clone(), text(item));
                    }
                }
                other => form = form.text(name, text(other)),
            }
        }
        Ok(Some(form))
    }

    /// A body of bytes, given as a string (its UTF-8 bytes).
    pub fn upload(&mut self) -> Result<Option<Vec<u8>>, Failure> {
        match self.body.take() {
            None => Ok(None),
            Some(Value::String(text)) => Ok(Some(text.into_bytes())),
            Some(other) => Err(Failure::Inputs(format!("a body of bytes is given as a string, not {other}"))),
        }
    }

    /// How to send a body the operation takes in several media: `json` (when not given),
    /// `form` or `multipart`.
    pub fn encoding(&mut self) -> Option<String> {
        self.encoding.take()
    }

    /// Which medium to ask the response in, for an operation whose response comes in
    /// several: `json` (when not given, `send`), `text` (`send_text`) or `bytes` (`send_bytes`).
    pub fn response(&mut self) -> Option<String> {
        self.response.take()
    }

    /// Fails on an input the operation does not take.
    pub fn finish(self) -> Result<(), Failure> {
        let parts = [("path", self.path), ("query", self.query), ("header", self.header)];
        for (location, part) in parts {
            if let Some(name) = part.keys().next() {
                return Err(Failure::Inputs(format!(
                    "the operation takes no {location} parameter `{name}`"
                )));
            }
        }
        match (self.body, self.encoding, self.response) {
            (Some(_), _, _) => Err(Failure::Inputs("the operation takes no body".into())),
            (_, Some(encoding), _) => Err(Failure::Inputs(format!(
                "the operation takes its body in one encoding, not `{encoding}`"
            ))),
            (_, _, Some(response)) => Err(Failure::Inputs(format!(
                "the operation answers in one medium, not `{response}`"
            ))),
            (None, None, None) => Ok(()),
        }
    }
}

fn decode<T: DeserializeOwned>(what: &str, value: Value) -> Result<T, Failure> {
    serde_path_to_error::deserialize(value).map_err(|e| Failure::Inputs(format!("{what} at `{}`: {}", e.path(), e.inner())))
}

/// A call's answer: the body as received and the decoded value encoded again.
#[derive(Clone, Debug)]
pub struct Reply {
    pub status: u16,
    /// The body as received, when it is JSON.
    pub body: Option<Value>,
    /// The decoded value encoded again (`null` for an operation without a response body,
    /// a string for text, an array of numbers for bytes).
    pub encoded: Value,
    /// Whether an enum in the decoded value holds a value its type does not list.
    pub has_unknown_values: bool,
}

impl Reply {
    /// The reply of a call sent with `send_with_response`.
    pub fn of<T: Serialize + DeserializeOwned>(result: Result<crate::ApiResponse<T>, crate::Error>) -> Result<Reply, Failure> {
        let response = result.map_err(Failure::Call)?;
        let body = response.json().ok();
        // Decoded again here, between two readings of this thread's count of unknown enum
        // values: the call's own decode ran on whichever thread polled it.
        let has_unknown_values = body.as_ref().is_some_and(|body| {
            let before = crate::runtime::unknown_values_made();
            let again = serde_json::from_value::<T>(body.clone());
            again.is_ok() && crate::runtime::unknown_values_made() != before
        });
        let encoded = serde_json::to_value(response.value()).map_err(Failure::Encode)?;
        Ok(Reply {
            status: response.status().as_u16(),
            body,
            encoded,
            has_unknown_values,
        })
    }
}
