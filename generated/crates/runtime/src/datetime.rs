// @generated: copied verbatim by codegen from codegen/runtime/src/datetime.rs.
// Do not edit here: edit that file, then run `cargo run -p codegen`.

//! `format: date-time` values.
//!
//! The Gcore API writes timestamps in several shapes: RFC 3339 with an offset
//! (`2023-08-22T11:21:00Z`), without one (`2019-12-31T23:59:59`), and with a space instead
//! of the `T` (`2019-12-31 23:59:59`). [`DateTime`] accepts all of them, keeps the text
//! exactly as received (so encoding it again changes nothing), and exposes what it means.

use std::fmt;
use std::str::FromStr;

use chrono::{FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A timestamp as the API wrote it, and what it means.
///
/// Values without an offset are kept as local date and time ([`naive`](Self::naive));
/// [`assume_utc`](Self::assume_utc) reads them as UTC, which is what the Gcore API means by them.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct DateTime {
    text: String,
    naive: NaiveDateTime,
    offset: Option<FixedOffset>,
}

/// A text that is not a date-time in any shape the API uses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateTimeError {
    text: String,
}

impl fmt::Display for DateTimeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:?} is not a date-time (expected YYYY-MM-DD[T ]hh:mm[:ss[.fff]][Z|±hh:mm])",
            self.text
        )
    }
}

impl std::error::Error for DateTimeError {}

impl DateTime {
    /// Parses any of the shapes the API writes.
    pub fn parse(text: &str) -> Result<DateTime, DateTimeError> {
        let error = || DateTimeError { text: text.to_owned() };
        let (date, rest) = text.split_at_checked(10).ok_or_else(error)?;
        let date = NaiveDate::parse_from_str(date, "%Y-%m-%d").map_err(|_| error())?;
        let rest = rest.strip_prefix(['T', 't', ' ']).ok_or_else(error)?;
        let (time, offset) = split_offset(rest).ok_or_else(error)?;
        let time = NaiveTime::parse_from_str(time, "%H:%M:%S%.f")
            .or_else(|_| NaiveTime::parse_from_str(time, "%H:%M"))
            .map_err(|_| error())?;
        Ok(DateTime {
            text: text.to_owned(),
            naive: date.and_time(time),
            offset,
        })
    }

    /// The text exactly as received (or as built).
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The date and time as written, without the offset.
    pub fn naive(&self) -> NaiveDateTime {
        self.naive
    }

    /// The offset, when the text has one.
    pub fn offset(&self) -> Option<FixedOffset> {
        self.offset
    }

    /// The instant, when the text says which one (it has an offset).
    pub fn instant(&self) -> Option<chrono::DateTime<FixedOffset>> {
        let offset = self.offset?;
        offset.from_local_datetime(&self.naive).single()
    }

    /// The instant, reading a value without an offset as UTC.
    pub fn assume_utc(&self) -> chrono::DateTime<Utc> {
        match self.instant() {
            Some(instant) => instant.with_timezone(&Utc),
            None => Utc.from_utc_datetime(&self.naive),
        }
    }
}

/// Splits `hh:mm:ss.fff+02:00` into the time and its offset (`Z`, `±hh:mm`, `±hhmm`, `±hh`).
fn split_offset(rest: &str) -> Option<(&str, Option<FixedOffset>)> {
    if let Some(time) = rest.strip_suffix(['Z', 'z']) {
        return Some((time, FixedOffset::east_opt(0)));
    }
    let Some(at) = rest.rfind(['+', '-']) else {
        return Some((rest, None));
    };
    let (time, offset) = rest.split_at(at);
    let sign = if offset.starts_with('-') { -1 } else { 1 };
    let digits: String = offset[1..].chars().filter(|c| *c != ':').collect();
    if !digits.chars().all(|c| c.is_ascii_digit()) || !matches!(digits.len(), 2 | 4) {
        return None;
    }
    let hours: i32 = digits[..2].parse().ok()?;
    let minutes: i32 = if digits.len() == 4 { digits[2..].parse().ok()? } else { 0 };
    if minutes >= 60 {
        return None;
    }
    Some((time, Some(FixedOffset::east_opt(sign * (hours * 3600 + minutes * 60))?)))
}

impl<Tz: TimeZone> From<chrono::DateTime<Tz>> for DateTime
where
    Tz::Offset: fmt::Display,
{
    /// An instant, written as RFC 3339 (`2023-08-22T11:21:00Z`).
    fn from(instant: chrono::DateTime<Tz>) -> Self {
        let fixed = instant.fixed_offset();
        DateTime {
            text: fixed.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true),
            naive: fixed.naive_local(),
            offset: Some(*fixed.offset()),
        }
    }
}

impl From<NaiveDateTime> for DateTime {
    /// A date and time without offset, written as `2019-12-31T23:59:59`.
    fn from(naive: NaiveDateTime) -> Self {
        DateTime {
            text: naive.format("%Y-%m-%dT%H:%M:%S%.f").to_string(),
            naive,
            offset: None,
        }
    }
}

impl FromStr for DateTime {
    type Err = DateTimeError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        DateTime::parse(text)
    }
}

impl fmt::Display for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl Serialize for DateTime {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

impl<'de> Deserialize<'de> for DateTime {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        DateTime::parse(&text).map_err(serde::de::Error::custom)
    }
}

impl super::values::QueryValue for DateTime {
    fn append_to(&self, name: &str, pairs: &mut Vec<(String, String)>) {
        pairs.push((name.to_owned(), self.text.clone()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shape_the_spec_uses_parses_and_keeps_its_text() {
        for text in [
            "2019-12-31T23:59:59",
            "2019-12-31 23:59:59",
            "2023-08-22T11:21:00Z",
            "2023-08-22T11:21:00.123456+02:00",
            "2023-08-22t11:21:00-0530",
            "2023-08-22T11:21+01",
        ] {
            let value = DateTime::parse(text).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(value.as_str(), text);
            assert_eq!(serde_json::to_value(&value).unwrap(), serde_json::json!(text));
        }
    }

    #[test]
    fn meaning_is_kept() {
        let naive = DateTime::parse("2019-12-31 23:59:59").unwrap();
        assert_eq!(naive.offset(), None);
        assert_eq!(naive.instant(), None);
        assert_eq!(naive.naive().to_string(), "2019-12-31 23:59:59");
        assert_eq!(naive.assume_utc().to_rfc3339(), "2019-12-31T23:59:59+00:00");

        let zoned = DateTime::parse("2023-08-22T11:21:00.5-05:30").unwrap();
        assert_eq!(zoned.offset().map(|o| o.local_minus_utc()), Some(-(5 * 3600 + 30 * 60)));
        assert_eq!(zoned.assume_utc().to_rfc3339(), "2023-08-22T16:51:00.500+00:00");
    }

    #[test]
    fn built_values_are_rfc_3339() {
        let instant = Utc.with_ymd_and_hms(2023, 8, 22, 11, 21, 0).unwrap();
        assert_eq!(DateTime::from(instant).as_str(), "2023-08-22T11:21:00Z");
        let naive = NaiveDate::from_ymd_opt(2019, 12, 31)
            .unwrap()
            .and_hms_opt(23, 59, 59)
            .unwrap();
        assert_eq!(DateTime::from(naive).as_str(), "2019-12-31T23:59:59");
    }

    #[test]
    fn garbage_is_an_error() {
        for text in [
            "",
            "yesterday",
            "2019-12-31",
            "2019-13-01T00:00:00",
            "2019-12-31T25:00:00",
            "2019-12-31T10:00:00+1",
        ] {
            assert!(DateTime::parse(text).is_err(), "{text:?}");
        }
        let error = serde_json::from_str::<DateTime>("\"soon\"").unwrap_err();
        assert!(error.to_string().contains("not a date-time"), "{error}");
    }
}
