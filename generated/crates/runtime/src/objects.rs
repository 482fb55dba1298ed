// @generated: copied verbatim by codegen from codegen/runtime/src/objects.rs.
// Do not edit here: edit that file, then run `cargo run -p codegen`.

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

/// Fields to decode: one field, or a tuple of them. Fields are known by their index (names
/// stay with the caller, which only needs them for error messages), so that the per-key work
/// is a comparison of indices.
pub trait Slots<'de> {
    /// The decoded values, shaped like `Self`.
    type Values;
    /// What holds the values while the object is read.
    type Storage;
    /// How many fields.
    const WIDTH: usize;
    fn storage() -> Self::Storage;
    /// Decodes the next value into field `index`; `Seen::Twice` if it already had one.
    fn fill<A: MapAccess<'de>>(storage: &mut Self::Storage, index: usize, map: &mut A) -> Result<Seen, A::Error>;
    /// The values, or the index of a required field that is missing.
    fn finish(storage: Self::Storage) -> Result<Self::Values, usize>;
}

/// Whether a field was met for the first time.
#[derive(PartialEq)]
pub enum Seen {
    Once,
    Twice,
}

#[inline]
fn fill_once<'de, T: Deserialize<'de>, A: MapAccess<'de>>(value: &mut Option<T>, map: &mut A) -> Result<Seen, A::Error> {
    if value.is_some() {
        return Ok(Seen::Twice);
    }
    *value = Some(map.next_value()?);
    Ok(Seen::Once)
}

impl<'de, T: Deserialize<'de>> Slots<'de> for Required<T> {
    type Values = T;
    type Storage = Option<T>;
    const WIDTH: usize = 1;

    #[inline]
    fn storage() -> Option<T> {
        None
    }

    #[inline]
    fn fill<A: MapAccess<'de>>(storage: &mut Option<T>, _: usize, map: &mut A) -> Result<Seen, A::Error> {
        fill_once(storage, map)
    }

    #[inline]
    fn finish(storage: Option<T>) -> Result<T, usize> {
        storage.ok_or(0)
    }
}

impl<'de, T: Deserialize<'de> + Default> Slots<'de> for Defaulted<T> {
    type Values = T;
    type Storage = Option<T>;
    const WIDTH: usize = 1;

    #[inline]
    fn storage() -> Option<T> {
        None
    }

    #[inline]
    fn fill<A: MapAccess<'de>>(storage: &mut Option<T>, _: usize, map: &mut A) -> Result<Seen, A::Error> {
        fill_once(storage, map)
    }

    #[inline]
    fn finish(storage: Option<T>) -> Result<T, usize> {
        Ok(storage.unwrap_or_default())
    }
}

/// A struct without fields.
impl<'de> Slots<'de> for () {
    type Values = ();
    type Storage = ();
    const WIDTH: usize = 0;

    fn storage() {}

    fn fill<A: MapAccess<'de>>(_: &mut (), _: usize, map: &mut A) -> Result<Seen, A::Error> {
        map.next_value::<IgnoredAny>().map(|_| Seen::Once) // not reached: no index names a field
    }

    fn finish(_: ()) -> Result<(), usize> {
        Ok(())
    }
}

macro_rules! tuple_slots {
    ($($slot:ident $index:tt),+) => {
        impl<'de, $($slot: Slots<'de>),+> Slots<'de> for ($($slot,)+) {
            type Values = ($($slot::Values,)+);
            type Storage = ($($slot::Storage,)+);
            const WIDTH: usize = 0 $(+ $slot::WIDTH)+;

            #[inline]
            fn storage() -> Self::Storage {
                ($($slot::storage(),)+)
            }

            #[inline]
            #[allow(unused_assignments)]
            fn fill<A: MapAccess<'de>>(storage: &mut Self::Storage, mut index: usize, map: &mut A) -> Result<Seen, A::Error> {
                $(
                    if index < $slot::WIDTH {
                        return $slot::fill(&mut storage.$index, index, map);
                    }
                    index -= $slot::WIDTH;
                )+
                map.next_value::<IgnoredAny>().map(|_| Seen::Once) // not reached: every index names a field
            }

            #[inline]
            #[allow(unused_assignments)]
            fn finish(storage: Self::Storage) -> Result<Self::Values, usize> {
                let mut before = 0;
                Ok(($({
                    let value = $slot::finish(storage.$index).map_err(|missing| before + missing)?;
                    before += $slot::WIDTH;
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
#[inline]
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
#[inline]
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
    /// What is kept of an undeclared property's name: nothing, or the name.
    type Name;
    fn name(name: &str) -> Self::Name;
    fn take<A: MapAccess<'de>>(&mut self, name: Self::Name, map: &mut A) -> Result<(), A::Error>;
}

impl<'de> Rest<'de> for () {
    type Name = ();

    #[inline]
    fn name(_: &str) {}

    fn take<A: MapAccess<'de>>(&mut self, _: (), map: &mut A) -> Result<(), A::Error> {
        map.next_value::<IgnoredAny>().map(drop)
    }
}

impl<'de, V: Deserialize<'de>> Rest<'de> for BTreeMap<String, V> {
    type Name = String;

    fn name(name: &str) -> String {
        name.to_owned()
    }

    fn take<A: MapAccess<'de>>(&mut self, name: String, map: &mut A) -> Result<(), A::Error> {
        let value = map.next_value()?;
        self.insert(name, value);
        Ok(())
    }
}

struct ObjectVisitor<S, R> {
    type_name: &'static str,
    names: &'static [&'static str],
    marker: PhantomData<fn() -> (S, R)>,
}

impl<S, R> ObjectVisitor<S, R> {
    fn name(&self, index: usize) -> &'static str {
        self.names.get(index).copied().unwrap_or_default()
    }
}

impl<'de, S: Slots<'de>, R: Rest<'de>> Visitor<'de> for ObjectVisitor<S, R> {
    type Value = (S::Values, R);

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "struct {}", self.type_name)
    }

    #[inline]
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut storage = S::storage();
        let mut rest = R::default();
        let mut next = 0;
        while let Some(key) = map.next_key_seed(KeySeed::<S, R> {
            names: self.names,
            next,
            marker: PhantomData,
        })? {
            match key {
                Key::Field(index) => {
                    let index = index as usize;
                    next = index + 1;
                    if S::fill(&mut storage, index, &mut map)? == Seen::Twice {
                        return Err(de::Error::duplicate_field(self.name(index)));
                    }
                }
                Key::Other(name) => rest.take(name, &mut map)?,
            }
        }
        match S::finish(storage) {
            Ok(values) => Ok((values, rest)),
            Err(missing) => Err(de::Error::missing_field(self.name(missing))),
        }
    }
}

/// A property name, looked up among the fields while it is still borrowed from the input,
/// so that a declared name is never copied. Small on purpose (an index, not a `usize`, and
/// no name unless one is kept): it is returned once per property.
enum Key<N> {
    Field(u32),
    /// Undeclared: what is kept of its name.
    Other(N),
}

/// Generic over the struct's fields, although it only reads `names`: so that each struct
/// gets its own copy of the deserializer's key-reading code, which the optimizer then
/// inlines into that struct's loop over the object's properties.
struct KeySeed<S, R> {
    names: &'static [&'static str],
    /// Where the search starts: after the field seen last. Objects often list their
    /// properties in the schema's order, so the first name compared is then the one.
    next: usize,
    marker: PhantomData<fn() -> (S, R)>,
}

impl<'de, S, R: Rest<'de>> KeySeed<S, R> {
    #[inline]
    fn key(self, name: &str) -> Key<R::Name> {
        let next = self.next.min(self.names.len());
        let (before, after) = self.names.split_at(next);
        let found = match after.iter().position(|declared| same(declared, name)) {
            Some(index) => Some(next + index),
            None => before.iter().position(|declared| same(declared, name)),
        };
        match found {
            Some(index) => Key::Field(index as u32),
            None => Key::Other(R::name(name)),
        }
    }
}

/// `a == b`, without a call to `memcmp` and without a loop over the last bytes: property
/// names are short, and the derive this replaces compared them inline against constants.
/// Lengths of 8 and more compare whole words, the last one overlapping the one before;
/// shorter ones compare two overlapping halves.
#[inline]
fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let n = a.len();
    if n != b.len() {
        return false;
    }
    match n {
        0 => true,
        1 => a[0] == b[0],
        2..=3 => u16_at(a, 0) == u16_at(b, 0) && u16_at(a, n - 2) == u16_at(b, n - 2),
        4..=7 => u32_at(a, 0) == u32_at(b, 0) && u32_at(a, n - 4) == u32_at(b, n - 4),
        _ => (0..n - 8).step_by(8).all(|i| u64_at(a, i) == u64_at(b, i)) && u64_at(a, n - 8) == u64_at(b, n - 8),
    }
}

macro_rules! word_at {
    ($name:ident, $word:ty) => {
        #[inline]
        fn $name(bytes: &[u8], at: usize) -> $word {
            let mut word = [0; std::mem::size_of::<$word>()];
            word.copy_from_slice(&bytes[at..at + std::mem::size_of::<$word>()]);
            <$word>::from_ne_bytes(word)
        }
    };
}

word_at!(u16_at, u16);
word_at!(u32_at, u32);
word_at!(u64_at, u64);

impl<'de, S, R: Rest<'de>> DeserializeSeed<'de> for KeySeed<S, R> {
    type Value = Key<R::Name>;

    #[inline]
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl<'de, S, R: Rest<'de>> Visitor<'de> for KeySeed<S, R> {
    type Value = Key<R::Name>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a property name")
    }

    #[inline]
    fn visit_str<E: de::Error>(self, name: &str) -> Result<Self::Value, E> {
        Ok(self.key(name))
    }

    fn visit_bytes<E: de::Error>(self, name: &[u8]) -> Result<Self::Value, E> {
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

#[cfg(test)]
mod tests {
    use super::same;

    #[test]
    fn names_compare_equal_exactly_when_their_bytes_do() {
        let text = "abcdefghijklmnopqrstuvwxyz_0123456789";
        for length in 0..=text.len() {
            let name = &text[..length];
            assert!(same(name, name), "{name:?}");
            assert!(!same(name, &text[..length.saturating_sub(1)]) || length == 0);
            for at in 0..length {
                let mut other = name.as_bytes().to_vec();
                other[at] = b'#';
                let other = String::from_utf8(other).unwrap();
                assert!(!same(name, &other), "{name:?} against {other:?}");
            }
        }
    }
}
