//! How generated structs become JSON objects and back: one generic routine per direction,
//! given the struct's fields as a tuple.
//!
//! Why not `#[derive(Serialize, Deserialize)]`: a derive writes a field enum, a visitor and
//! a sequence path for every struct, and type-checking that code was two thirds of the time
//! `cargo check` spent on a generated crate. Here a struct names its fields once per
//! direction — `decode_object::<D, (Required<String>, Defaulted<Option<i64>>)>(.., &["name",
//! "size"])` and `encode_object(.., (Always("name", &self.name), IfSet("size", &self.size)))`
//! — and the work is written once, below, for tuples of up to 16 fields. Longer structs pass
//! tuples of such tuples.

use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::values::Maybe;

// ---------------------------------------------------------------------------------------
// Decoding

/// A field that must be present: decoding fails with "missing field" without it. Only
/// named as a type, in the tuple given to [`decode_object`].
pub struct Required<T>(PhantomData<T>);

/// A field that may be missing, which then takes its `Default` (`None`, `Absent`, empty).
pub struct Defaulted<T>(PhantomData<T>);

/// Fields to decode: one field, or a tuple of them. Field names come in a slice, in the
/// same order.
pub trait Slots<'de> {
    /// The decoded values, shaped like `Self`.
    type Values;
    /// What holds the values while the object is read.
    type Storage;
    /// How many fields.
    const WIDTH: usize;
    fn storage() -> Self::Storage;
    /// Decodes the next value into field `index`.
    fn fill<A: MapAccess<'de>>(
        storage: &mut Self::Storage,
        index: usize,
        names: &[&'static str],
        map: &mut A,
    ) -> Result<(), A::Error>;
    fn finish<E: de::Error>(storage: Self::Storage, names: &[&'static str]) -> Result<Self::Values, E>;
}

fn fill_once<'de, T: Deserialize<'de>, A: MapAccess<'de>>(
    value: &mut Option<T>,
    names: &[&'static str],
    map: &mut A,
) -> Result<(), A::Error> {
    if value.is_some() {
        return Err(de::Error::duplicate_field(first(names)));
    }
    *value = Some(map.next_value()?);
    Ok(())
}

fn first(names: &[&'static str]) -> &'static str {
    names.first().copied().unwrap_or_default()
}

impl<'de, T: Deserialize<'de>> Slots<'de> for Required<T> {
    type Values = T;
    type Storage = Option<T>;
    const WIDTH: usize = 1;

    fn storage() -> Option<T> {
        None
    }

    fn fill<A: MapAccess<'de>>(storage: &mut Option<T>, _: usize, names: &[&'static str], map: &mut A) -> Result<(), A::Error> {
        fill_once(storage, names, map)
    }

    fn finish<E: de::Error>(storage: Option<T>, names: &[&'static str]) -> Result<T, E> {
        storage.ok_or_else(|| E::missing_field(first(names)))
    }
}

impl<'de, T: Deserialize<'de> + Default> Slots<'de> for Defaulted<T> {
    type Values = T;
    type Storage = Option<T>;
    const WIDTH: usize = 1;

    fn storage() -> Option<T> {
        None
    }

    fn fill<A: MapAccess<'de>>(storage: &mut Option<T>, _: usize, names: &[&'static str], map: &mut A) -> Result<(), A::Error> {
        fill_once(storage, names, map)
    }

    fn finish<E: de::Error>(storage: Option<T>, _: &[&'static str]) -> Result<T, E> {
        Ok(storage.unwrap_or_default())
    }
}

/// A struct without fields.
impl<'de> Slots<'de> for () {
    type Values = ();
    type Storage = ();
    const WIDTH: usize = 0;

    fn storage() {}

    fn fill<A: MapAccess<'de>>(_: &mut (), _: usize, _: &[&'static str], map: &mut A) -> Result<(), A::Error> {
        map.next_value::<IgnoredAny>().map(drop) // not reached: no index names a field
    }

    fn finish<E: de::Error>(_: (), _: &[&'static str]) -> Result<(), E> {
        Ok(())
    }
}

macro_rules! tuple_slots {
    ($($slot:ident $index:tt),+) => {
        impl<'de, $($slot: Slots<'de>),+> Slots<'de> for ($($slot,)+) {
            type Values = ($($slot::Values,)+);
            type Storage = ($($slot::Storage,)+);
            const WIDTH: usize = 0 $(+ $slot::WIDTH)+;

            fn storage() -> Self::Storage {
                ($($slot::storage(),)+)
            }

            #[allow(unused_assignments)]
            fn fill<A: MapAccess<'de>>(
                storage: &mut Self::Storage,
                mut index: usize,
                mut names: &[&'static str],
                map: &mut A,
            ) -> Result<(), A::Error> {
                $(
                    if index < $slot::WIDTH {
                        return $slot::fill(&mut storage.$index, index, names, map);
                    }
                    index -= $slot::WIDTH;
                    names = names.get($slot::WIDTH..).unwrap_or_default();
                )+
                map.next_value::<IgnoredAny>().map(drop) // not reached: every index names a field
            }

            #[allow(unused_assignments)]
            fn finish<E: de::Error>(storage: Self::Storage, mut names: &[&'static str]) -> Result<Self::Values, E> {
                Ok(($({
                    let value = $slot::finish(storage.$index, names)?;
                    names = names.get($slot::WIDTH..).unwrap_or_default();
                    value
                },)+))
            }
        }
    };
}

/// Calls `$mac!` with every prefix of the list: `T0 0`, then `T0 0, T1 1`, and so on.
macro_rules! for_each_arity {
    ($mac:ident: $($rest:tt)*) => {
        for_each_arity!(@ $mac [] $($rest)*);
    };
    (@ $mac:ident [$($done:tt)*] $name:ident $index:tt $(, $($rest:tt)*)?) => {
        $mac!($($done)* $name $index);
        for_each_arity!(@ $mac [$($done)* $name $index,] $($($rest)*)?);
    };
    (@ $mac:ident [$($done:tt)*]) => {};
}

for_each_arity!(tuple_slots: T0 0, T1 1, T2 2, T3 3, T4 4, T5 5, T6 6, T7 7, T8 8, T9 9, T10 10, T11 11, T12 12, T13 13, T14 14, T15 15);

/// Decodes a JSON object into the values of the fields `S`, named by `names` in the same
/// order; properties the struct does not declare are skipped (they are what a newer API
/// adds). `type_name` is the struct's, for error messages.
pub fn decode_object<'de, D: Deserializer<'de>, S: Slots<'de>>(
    deserializer: D,
    type_name: &'static str,
    names: &'static [&'static str],
) -> Result<S::Values, D::Error> {
    let visitor = ObjectVisitor::<S, ()> {
        type_name,
        names,
        marker: PhantomData,
    };
    deserializer.deserialize_map(visitor).map(|(values, ())| values)
}

/// [`decode_object`] for schemas that allow undeclared properties (`additionalProperties`):
/// they are kept, by name.
pub fn decode_object_and_rest<'de, D: Deserializer<'de>, S: Slots<'de>, V: Deserialize<'de>>(
    deserializer: D,
    type_name: &'static str,
    names: &'static [&'static str],
) -> Result<(S::Values, Properties<V>), D::Error> {
    let visitor = ObjectVisitor::<S, Properties<V>> {
        type_name,
        names,
        marker: PhantomData,
    };
    deserializer.deserialize_map(visitor)
}

/// Properties by name.
pub type Properties<V> = BTreeMap<String, V>;

/// Where undeclared properties go.
trait Rest<'de>: Default {
    /// Whether their names are kept (so a key must be copied out of the input).
    const KEEPS: bool;
    fn take<A: MapAccess<'de>>(&mut self, name: Option<String>, map: &mut A) -> Result<(), A::Error>;
}

impl<'de> Rest<'de> for () {
    const KEEPS: bool = false;

    fn take<A: MapAccess<'de>>(&mut self, _: Option<String>, map: &mut A) -> Result<(), A::Error> {
        map.next_value::<IgnoredAny>().map(drop)
    }
}

impl<'de, V: Deserialize<'de>> Rest<'de> for BTreeMap<String, V> {
    const KEEPS: bool = true;

    fn take<A: MapAccess<'de>>(&mut self, name: Option<String>, map: &mut A) -> Result<(), A::Error> {
        let value = map.next_value()?;
        self.insert(name.unwrap_or_default(), value);
        Ok(())
    }
}

struct ObjectVisitor<S, R> {
    type_name: &'static str,
    names: &'static [&'static str],
    marker: PhantomData<fn() -> (S, R)>,
}

impl<'de, S: Slots<'de>, R: Rest<'de>> Visitor<'de> for ObjectVisitor<S, R> {
    type Value = (S::Values, R);

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "struct {}", self.type_name)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut storage = S::storage();
        let mut rest = R::default();
        let mut next = 0;
        while let Some(key) = map.next_key_seed(KeySeed {
            names: self.names,
            keep: R::KEEPS,
            next,
        })? {
            match key {
                Key::Field(index) => {
                    next = index + 1;
                    S::fill(&mut storage, index, self.names, &mut map)?
                }
                Key::Other(name) => rest.take(name, &mut map)?,
            }
        }
        Ok((S::finish(storage, self.names)?, rest))
    }
}

/// A property name, looked up among the fields while it is still borrowed from the input,
/// so that a declared name is never copied.
enum Key {
    Field(usize),
    /// Undeclared: its name, if it is kept.
    Other(Option<String>),
}

struct KeySeed {
    names: &'static [&'static str],
    keep: bool,
    /// Where the search starts: after the field seen last. Objects mostly list their
    /// properties in the schema's order, so the first name compared is usually the one.
    next: usize,
}

impl KeySeed {
    #[inline]
    fn key(self, name: &str) -> Key {
        let next = self.next.min(self.names.len());
        let (before, after) = self.names.split_at(next);
        let found = match after.iter().position(|declared| *declared == name) {
            Some(index) => Some(next + index),
            None => before.iter().position(|declared| *declared == name),
        };
        match found {
            Some(index) => Key::Field(index),
            None => Key::Other(self.keep.then(|| name.to_owned())),
        }
    }
}

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Key;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Key, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl<'de> Visitor<'de> for KeySeed {
    type Value = Key;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a property name")
    }

    fn visit_str<E: de::Error>(self, name: &str) -> Result<Key, E> {
        Ok(self.key(name))
    }

    fn visit_bytes<E: de::Error>(self, name: &[u8]) -> Result<Key, E> {
        match std::str::from_utf8(name) {
            Ok(name) => Ok(self.key(name)),
            Err(_) => Err(E::invalid_value(de::Unexpected::Bytes(name), &self)),
        }
    }
}

// ---------------------------------------------------------------------------------------
// Encoding

/// A field that is always sent (`null` included, for a required nullable field).
pub struct Always<'a, T>(pub &'static str, pub &'a T);

/// A field that is left out while unset (`None`, `Maybe::Absent`).
pub struct IfSet<'a, T>(pub &'static str, pub &'a T);

/// Properties the schema does not declare (`additionalProperties`), sent after the others.
pub struct Undeclared<'a, V>(pub &'a BTreeMap<String, V>);

/// Whether an optional field has nothing to send.
pub trait Unset {
    fn is_unset(&self) -> bool;
}

impl<T> Unset for Option<T> {
    fn is_unset(&self) -> bool {
        self.is_none()
    }
}

impl<T> Unset for Maybe<T> {
    fn is_unset(&self) -> bool {
        self.is_absent()
    }
}

/// Fields to encode: one field, or a tuple of them.
pub trait Fields {
    /// How many properties they send.
    fn sent(&self) -> usize;
    fn encode<M: SerializeMap>(&self, map: &mut M) -> Result<(), M::Error>;
}

impl<T: Serialize> Fields for Always<'_, T> {
    fn sent(&self) -> usize {
        1
    }

    fn encode<M: SerializeMap>(&self, map: &mut M) -> Result<(), M::Error> {
        map.serialize_entry(self.0, self.1)
    }
}

impl<T: Serialize + Unset> Fields for IfSet<'_, T> {
    fn sent(&self) -> usize {
        usize::from(!self.1.is_unset())
    }

    fn encode<M: SerializeMap>(&self, map: &mut M) -> Result<(), M::Error> {
        if self.1.is_unset() {
            return Ok(());
        }
        map.serialize_entry(self.0, self.1)
    }
}

impl<V: Serialize> Fields for Undeclared<'_, V> {
    fn sent(&self) -> usize {
        self.0.len()
    }

    fn encode<M: SerializeMap>(&self, map: &mut M) -> Result<(), M::Error> {
        self.0.iter().try_for_each(|(name, value)| map.serialize_entry(name, value))
    }
}

/// A struct without fields.
impl Fields for () {
    fn sent(&self) -> usize {
        0
    }

    fn encode<M: SerializeMap>(&self, _: &mut M) -> Result<(), M::Error> {
        Ok(())
    }
}

macro_rules! tuple_fields {
    ($($field:ident $index:tt),+) => {
        impl<$($field: Fields),+> Fields for ($($field,)+) {
            fn sent(&self) -> usize {
                0 $(+ self.$index.sent())+
            }

            fn encode<M: SerializeMap>(&self, map: &mut M) -> Result<(), M::Error> {
                $(self.$index.encode(map)?;)+
                Ok(())
            }
        }
    };
}

for_each_arity!(tuple_fields: T0 0, T1 1, T2 2, T3 3, T4 4, T5 5, T6 6, T7 7, T8 8, T9 9, T10 10, T11 11, T12 12, T13 13, T14 14, T15 15);

/// Encodes a struct as one JSON object: its fields in the order given.
pub fn encode_object<S: Serializer, F: Fields>(serializer: S, fields: F) -> Result<S::Ok, S::Error> {
    let mut map = serializer.serialize_map(Some(fields.sent()))?;
    fields.encode(&mut map)?;
    map.end()
}
