//! Value types the generated models are made of.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A request field that can be left out, sent as `null`, or sent with a value — three
/// different things to the API (deployment `timeout`: left out means the default of 120 s,
/// `null` means never scale down).
///
/// `From<T>` makes the common case short: `.timeout(300)` sets a value, `.timeout(Maybe::Null)`
/// sends `null`, and not calling the setter leaves the field out.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub enum Maybe<T> {
    /// Not sent at all: the API applies its default.
    #[default]
    Absent,
    /// Sent as JSON `null`.
    Null,
    /// Sent with this value.
    Value(T),
}

impl<T> Maybe<T> {
    /// Whether the field is left out (used by serde to skip it).
    pub fn is_absent(&self) -> bool {
        matches!(self, Maybe::Absent)
    }

    /// The value, if there is one.
    pub fn as_value(&self) -> Option<&T> {
        match self {
            Maybe::Value(value) => Some(value),
            _ => None,
        }
    }

    /// A `Maybe` of a reference to the value.
    pub fn as_ref(&self) -> Maybe<&T> {
        match self {
            Maybe::Absent => Maybe::Absent,
            Maybe::Null => Maybe::Null,
            Maybe::Value(value) => Maybe::Value(value),
        }
    }

    /// Maps the value, keeping absent and null as they are.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Maybe<U> {
        match self {
            Maybe::Absent => Maybe::Absent,
            Maybe::Null => Maybe::Null,
            Maybe::Value(value) => Maybe::Value(f(value)),
        }
    }

    /// The value, if there is one, by value.
    pub fn into_value(self) -> Option<T> {
        match self {
            Maybe::Value(value) => Some(value),
            _ => None,
        }
    }
}

impl<T> From<Maybe<T>> for Option<T> {
    /// `Absent` and `Null` both become `None`.
    fn from(value: Maybe<T>) -> Self {
        value.into_value()
    }
}

impl<T> From<T> for Maybe<T> {
    fn from(value: T) -> Self {
        Maybe::Value(value)
    }
}

impl From<&str> for Maybe<String> {
    fn from(value: &str) -> Self {
        Maybe::Value(value.to_owned())
    }
}

impl<T: Serialize> Serialize for Maybe<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            // Only reached outside a generated struct (which leaves `Absent` out); null is the closest.
            Maybe::Absent | Maybe::Null => serializer.serialize_none(),
            Maybe::Value(value) => value.serialize(serializer),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Maybe<T> {
    /// A field present as `null` is `Null`; a missing field never reaches here and is
    /// `Absent` through its `Default`.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(match Option::<T>::deserialize(deserializer)? {
            Some(value) => Maybe::Value(value),
            None => Maybe::Null,
        })
    }
}

/// An enum value this version of the SDK does not know, exactly as the API sent it.
///
/// Only decoding a response creates one, so code cannot pass an unknown value off as one
/// the API sent: parsing text (`"ACTIV".parse::<Status>()`) fails with a [`ParseEnumError`]
/// instead. It is sent back unchanged when the value is encoded again. (It has no
/// constructor: the generated enums, in other crates, make theirs through
/// `runtime::WireEnum`, hidden with the rest of what only generated code calls.)
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnknownValue(String);

thread_local! {
    /// How many unknown enum values this thread has made: an untagged union reads it around
    /// each variant it tries, to prefer a variant whose enums know every value.
    static UNKNOWN_VALUES_MADE: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// The catch-all value of a generated enum decoded from the wire (see `string_enum!`).
pub fn unknown_value(value: &str) -> UnknownValue {
    UNKNOWN_VALUES_MADE.with(|made| made.set(made.get().wrapping_add(1)));
    UnknownValue(value.to_owned())
}

/// How many unknown enum values this thread has decoded so far: the difference across a
/// decode says whether it read any value as unknown (the tests' round-trips ask).
pub fn unknown_values_made() -> usize {
    UNKNOWN_VALUES_MADE.with(std::cell::Cell::get)
}

/// How a generated enum reads a value received from the API: leniently, a value it does
/// not know becomes its catch-all. (`FromStr`, for text from user code, is strict.)
pub trait WireEnum: Sized {
    /// The variant for `value`, or the catch-all holding it.
    fn from_wire(value: &str) -> Self;
}

/// Text parsed as a generated enum (`str::parse`) that is none of the values the enum
/// knows: a typo, or a value newer than this SDK, which only a response can carry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseEnumError {
    type_name: &'static str,
    value: String,
    known: &'static [&'static str],
}

impl ParseEnumError {
    /// The error for `value`, which is none of `known`, the values of `type_name`.
    #[doc(hidden)]
    pub fn new(type_name: &'static str, value: &str, known: &'static [&'static str]) -> Self {
        ParseEnumError {
            type_name,
            value: value.to_owned(),
            known,
        }
    }

    /// The text that was parsed.
    pub fn value(&self) -> &str {
        &self.value
    }

    /// The enum's name (`InferenceInstanceStatusV3`).
    pub fn type_name(&self) -> &'static str {
        self.type_name
    }

    /// The values the enum knows, as the API spells them, in the spec's order.
    pub fn known(&self) -> &'static [&'static str] {
        self.known
    }
}

impl fmt::Display for ParseEnumError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?} is not a value of {}; it is one of ", self.value, self.type_name)?;
        for (i, known) in self.known.iter().enumerate() {
            let separator = match i {
                0 => "",
                _ if i + 1 == self.known.len() => " or ",
                _ => ", ",
            };
            write!(f, "{separator}{known:?}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ParseEnumError {}

impl UnknownValue {
    /// The raw value.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for UnknownValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What `Debug` prints in place of a secret (`writeOnly` and `password` fields): whether it
/// is set shows through `Option`/`Maybe` around it, the value never does.
#[allow(dead_code)] // used when the spec has secrets
pub struct Redacted;

impl fmt::Debug for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// Decodes one variant of a tagged union from the whole value (tag included), keeping the
/// path of what failed in the message.
#[allow(dead_code)] // used when the spec has tagged unions
pub fn decode_variant<T: serde::de::DeserializeOwned, E: serde::de::Error>(value: serde_json::Value) -> Result<T, E> {
    serde_path_to_error::deserialize(value).map_err(|e| E::custom(format_args!("at `{}`: {}", e.path(), e.inner())))
}

/// Decodes an untagged union: the first variant (in the spec's order) that holds every field
/// of the value and knows each of its enum values; or else the one that drops the fewest
/// fields, then reads the fewest enum values as unknown (an unknown value is kept, a dropped
/// field is lost). serde's `untagged` takes the first variant that decodes at all, and a
/// variant whose fields are all optional decodes any object, dropping what a later variant
/// would have kept; a string enum decodes any string.
#[allow(dead_code)] // used when the spec has untagged unions
pub fn decode_untagged<'de, D, U>(deserializer: D, name: &str, variants: &[UnionVariant<U>]) -> Result<U, D::Error>
where
    D: Deserializer<'de>,
{
    let value = <serde_json::Value as serde::Deserialize>::deserialize(deserializer)?;
    // The variants tried and set aside made unknown values too: the count is set to what
    // the chosen one holds, so that it counts the unknown values of what was decoded.
    let start = unknown_values_made();
    let chosen = |(decoded, misses): (U, Misses)| {
        UNKNOWN_VALUES_MADE.with(|made| made.set(start.wrapping_add(misses.unknown_values)));
        decoded
    };
    let mut best: Option<(U, Misses)> = None;
    for variant in variants {
        let Some((decoded, misses)) = variant(&value) else {
            continue;
        };
        if misses.dropped_fields == 0 && misses.unknown_values == 0 {
            return Ok(chosen((decoded, misses)));
        }
        if best.as_ref().is_none_or(|(_, fewest)| misses < *fewest) {
            best = Some((decoded, misses));
        }
    }
    best.map(chosen)
        .ok_or_else(|| serde::de::Error::custom(format_args!("data did not match any variant of untagged enum {name}")))
}

/// One variant of an untagged union `U`, tried on a value ([`union_variant`]).
pub type UnionVariant<U> = fn(&serde_json::Value) -> Option<(U, Misses)>;

/// What a variant of an untagged union does not hold of a value, worst first.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Misses {
    dropped_fields: usize,
    unknown_values: usize,
}

/// One variant of an untagged union ([`decode_untagged`]): the value decoded as `T` and
/// wrapped, with what `T` misses of it; `None` when it does not decode.
#[allow(dead_code)] // used when the spec has untagged unions
pub fn union_variant<T, U>(value: &serde_json::Value, wrap: fn(T) -> U) -> Option<(U, Misses)>
where
    T: serde::de::DeserializeOwned + serde::Serialize,
{
    let before = unknown_values_made();
    let decoded = T::deserialize(value).ok()?;
    let unknown_values = unknown_values_made().wrapping_sub(before);
    let dropped_fields = match serde_json::to_value(&decoded) {
        Ok(encoded) => crate::request::count_unknown(value, &encoded),
        Err(_) => usize::MAX,
    };
    Some((
        wrap(decoded),
        Misses {
            dropped_fields,
            unknown_values,
        },
    ))
}

/// Decodes a JSON string through [`WireEnum`], reading it in place. (`Cow<str>`'s own
/// `Deserialize` copies every string into a `String` first.)
#[allow(dead_code)] // used when the spec has enums
pub fn decode_str<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: WireEnum,
{
    struct Parse<T>(std::marker::PhantomData<T>);

    impl<T: WireEnum> serde::de::Visitor<'_> for Parse<T> {
        type Value = T;

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a string")
        }

        fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<T, E> {
            Ok(T::from_wire(value))
        }
    }

    deserializer.deserialize_str(Parse(std::marker::PhantomData))
}

/// A value that can be sent as a query parameter.
pub trait QueryValue {
    /// Appends `name=value` pairs (several for lists).
    fn append_to(&self, name: &str, pairs: &mut Vec<(String, String)>);
}

macro_rules! display_query_value {
    ($($ty:ty),*) => {$(
        impl QueryValue for $ty {
            fn append_to(&self, name: &str, pairs: &mut Vec<(String, String)>) {
                pairs.push((name.to_owned(), self.to_string()));
            }
        }
    )*};
}
display_query_value!(i64, f64, bool, String, str);

impl<T: QueryValue + ?Sized> QueryValue for &T {
    fn append_to(&self, name: &str, pairs: &mut Vec<(String, String)>) {
        (**self).append_to(name, pairs)
    }
}

/// A null value (a nullable parameter set to `None`) is not sent.
impl<T: QueryValue> QueryValue for Option<T> {
    fn append_to(&self, name: &str, pairs: &mut Vec<(String, String)>) {
        if let Some(value) = self {
            value.append_to(name, pairs);
        }
    }
}

impl<T: QueryValue> QueryValue for Vec<T> {
    fn append_to(&self, name: &str, pairs: &mut Vec<(String, String)>) {
        for item in self {
            item.append_to(name, pairs);
        }
    }
}

/// Any JSON value as the `form` style writes it: a list repeats the name, null is not sent,
/// an object (which that style cannot write) is JSON text.
impl QueryValue for serde_json::Value {
    fn append_to(&self, name: &str, pairs: &mut Vec<(String, String)>) {
        use serde_json::Value;
        let text = match self {
            Value::Null => return,
            Value::Array(items) => return items.iter().for_each(|item| item.append_to(name, pairs)),
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        pairs.push((name.to_owned(), text));
    }
}

/// Implements the wire behaviour of a generated string enum: `as_str`, `FromStr`,
/// `Display`, serde, and query encoding. Unknown values decode into the catch-all variant;
/// parsing text that is none of the known values is an error.
#[doc(hidden)]
#[macro_export]
macro_rules! string_enum {
    ($name:ident, $unknown:ident, { $($variant:ident => $wire:literal,)* }) => {
        impl $name {
            /// Every value this version of the SDK knows, in spec order.
            pub const KNOWN: &'static [$name] = &[$($name::$variant),*];

            /// The value exactly as the API spells it.
            pub fn as_str(&self) -> &str {
                match self {
                    $($name::$variant => $wire,)*
                    $name::$unknown(value) => value.as_str(),
                }
            }

            /// Whether this is a value the SDK does not know.
            pub fn is_unknown(&self) -> bool {
                matches!(self, $name::$unknown(_))
            }
        }

        impl $crate::runtime::WireEnum for $name {
            fn from_wire(value: &str) -> Self {
                match value {
                    $($wire => $name::$variant,)*
                    other => $name::$unknown($crate::runtime::unknown_value(other)),
                }
            }
        }

        /// Parses one of the values this version of the SDK knows, as the API spells it;
        /// any other text is an error naming the known values.
        impl ::std::str::FromStr for $name {
            type Err = $crate::ParseEnumError;

            fn from_str(value: &str) -> Result<Self, Self::Err> {
                match value {
                    $($wire => Ok($name::$variant),)*
                    other => Err($crate::ParseEnumError::new(stringify!($name), other, &[$($wire),*])),
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                $crate::runtime::decode_str(deserializer)
            }
        }

        impl $crate::QueryValue for $name {
            fn append_to(&self, name: &str, pairs: &mut Vec<(String, String)>) {
                pairs.push((name.to_owned(), self.as_str().to_owned()));
            }
        }
    };
}
