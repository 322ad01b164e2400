//! Date and time formats: detected per column from its values, with the
//! day/month order refused when the values cannot tell it.

use polars::prelude::*;
use serde::Serialize;
use std::str::FromStr;

/// The order of day and month in a numeric date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DateOrder {
    /// Year first (ISO 8601 and its relatives): never ambiguous.
    Ymd,
    Dmy,
    Mdy,
    /// The month is a name (Jira's `31/Jan/24`): never ambiguous.
    Named,
}

impl FromStr for DateOrder {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "dmy" => Ok(DateOrder::Dmy),
            "mdy" => Ok(DateOrder::Mdy),
            other => Err(format!("unknown date order `{other}`; expected dmy or mdy")),
        }
    }
}

/// One candidate format, in chrono's strftime syntax.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateFormat {
    pub pattern: &'static str,
    pub order: DateOrder,
}

const fn fmt(pattern: &'static str, order: DateOrder) -> DateFormat {
    DateFormat { pattern, order }
}

use DateOrder::{Dmy, Mdy, Named, Ymd};

/// Every format the tool recognises. Single-digit days, months and hours are
/// accepted by each numeric pattern.
pub const FORMATS: &[DateFormat] = &[
    fmt("%Y-%m-%dT%H:%M:%S%z", Ymd),
    fmt("%Y-%m-%dT%H:%M:%S%.f%z", Ymd),
    fmt("%Y-%m-%dT%H:%M%z", Ymd),
    fmt("%Y-%m-%dT%H:%M:%S", Ymd),
    fmt("%Y-%m-%dT%H:%M:%S%.f", Ymd),
    fmt("%Y-%m-%dT%H:%M", Ymd),
    fmt("%Y-%m-%d %H:%M:%S%z", Ymd),
    fmt("%Y-%m-%d %H:%M:%S%.f%z", Ymd),
    fmt("%Y-%m-%d %H:%M:%S", Ymd),
    fmt("%Y-%m-%d %H:%M:%S%.f", Ymd),
    fmt("%Y-%m-%d %H:%M", Ymd),
    fmt("%Y-%m-%d", Ymd),
    fmt("%Y/%m/%d %H:%M:%S", Ymd),
    fmt("%Y/%m/%d %H:%M", Ymd),
    fmt("%Y/%m/%d", Ymd),
    fmt("%d/%m/%Y %H:%M:%S", Dmy),
    fmt("%d/%m/%Y %H:%M", Dmy),
    fmt("%d/%m/%Y %I:%M:%S %p", Dmy),
    fmt("%d/%m/%Y %I:%M %p", Dmy),
    fmt("%d/%m/%Y", Dmy),
    fmt("%d-%m-%Y %H:%M:%S", Dmy),
    fmt("%d-%m-%Y %H:%M", Dmy),
    fmt("%d-%m-%Y", Dmy),
    fmt("%d.%m.%Y %H:%M:%S", Dmy),
    fmt("%d.%m.%Y %H:%M", Dmy),
    fmt("%d.%m.%Y", Dmy),
    fmt("%d/%m/%y %H:%M", Dmy),
    fmt("%m/%d/%Y %I:%M:%S %p", Mdy),
    fmt("%m/%d/%Y %I:%M %p", Mdy),
    fmt("%m/%d/%Y %H:%M:%S", Mdy),
    fmt("%m/%d/%Y %H:%M", Mdy),
    fmt("%m/%d/%Y", Mdy),
    fmt("%m-%d-%Y %H:%M:%S", Mdy),
    fmt("%m-%d-%Y %H:%M", Mdy),
    fmt("%m-%d-%Y", Mdy),
    fmt("%m/%d/%y %I:%M %p", Mdy),
    fmt("%m/%d/%y %H:%M", Mdy),
    fmt("%d/%b/%y %I:%M %p", Named),
    fmt("%d/%b/%Y %I:%M %p", Named),
    fmt("%d/%b/%y %H:%M", Named),
    fmt("%d/%b/%Y %H:%M", Named),
    fmt("%d %b %Y %H:%M:%S", Named),
    fmt("%d %b %Y %H:%M", Named),
    fmt("%d %b %Y", Named),
    fmt("%d-%b-%Y %H:%M:%S", Named),
    fmt("%d-%b-%Y", Named),
];

/// What detection found for one column.
#[derive(Debug, Clone, PartialEq)]
pub enum Detected {
    /// One or two formats (the second parses what the first cannot, such as
    /// date-only values in a date-time column).
    Formats(Vec<DateFormat>),
    /// Both day/month orders read every sampled value; two examples.
    Ambiguous { first: String, second: String },
    /// No format reads any sampled value.
    Unknown,
    /// The column has no values.
    Empty,
}

/// An expression parsing a string column with `format` into naive
/// milliseconds; values with an offset are converted to UTC.
pub fn parse_expr(input: Expr, pattern: &str) -> Expr {
    let options = StrptimeOptions {
        format: Some(pattern.into()),
        strict: false,
        exact: true,
        cache: true,
    };
    let text = input.str().strip_chars(lit(NULL));
    if pattern.ends_with("%z") {
        text.str()
            .replace(lit(r"([0-9])Z$"), lit("${1}+00:00"), false)
            .str()
            .to_datetime(Some(TimeUnit::Milliseconds), None, options, lit("raise"))
            .dt()
            .replace_time_zone(None, lit("raise"), NonExistent::Raise)
    } else {
        text.str()
            .to_datetime(Some(TimeUnit::Milliseconds), None, options, lit("raise"))
    }
}

/// The parse of a column with one or two formats: the first that reads a value wins.
pub fn parse_with(input: Expr, patterns: &[String]) -> Expr {
    let parsed: Vec<Expr> = patterns
        .iter()
        .map(|p| parse_expr(input.clone(), p))
        .collect();
    match parsed.len() {
        0 => lit(NULL).cast(DataType::Datetime(TimeUnit::Milliseconds, None)),
        1 => parsed.into_iter().next().unwrap_or_else(|| lit(NULL)),
        _ => coalesce(&parsed),
    }
}

/// Detects the format of a sample of non-null values. `order` resolves an
/// ambiguous day/month order (from the user, or from another column of the file).
pub fn detect(sample: &Series, order: Option<DateOrder>) -> PolarsResult<Detected> {
    let sample = sample.drop_nulls();
    if sample.is_empty() {
        return Ok(Detected::Empty);
    }
    let counts = count_parsed(&sample, FORMATS)?;
    let best = counts.iter().copied().max().unwrap_or(0);
    if best == 0 {
        return Ok(Detected::Unknown);
    }
    let at_best: Vec<DateFormat> = FORMATS
        .iter()
        .zip(&counts)
        .filter(|(_, c)| **c == best)
        .map(|(f, _)| *f)
        .collect();
    let has = |o: DateOrder| at_best.iter().any(|f| f.order == o);
    let primary = if has(Dmy) && has(Mdy) {
        match order {
            Some(o @ (Dmy | Mdy)) => pick(&at_best, o),
            _ => {
                let (first, second) = two_examples(&sample);
                return Ok(Detected::Ambiguous { first, second });
            }
        }
    } else {
        at_best[0]
    };
    let mut formats = vec![primary];
    if best < sample.len() {
        // A second format for what the first leaves unread, keeping the same day/month order.
        let unread = unread_by(&sample, primary)?;
        let second = count_parsed(&unread, FORMATS)?;
        let compatible = |f: &DateFormat| match primary.order {
            Dmy => f.order != Mdy,
            Mdy => f.order != Dmy,
            _ => order.is_none_or(|o| f.order != other_order(o)),
        };
        if let Some((f, _)) = FORMATS
            .iter()
            .zip(&second)
            .filter(|(f, c)| **c > 0 && compatible(f) && **f != primary)
            .max_by_key(|(_, c)| **c)
        {
            formats.push(*f);
        }
    }
    Ok(Detected::Formats(formats))
}

fn other_order(o: DateOrder) -> DateOrder {
    match o {
        Dmy => Mdy,
        Mdy => Dmy,
        x => x,
    }
}

fn pick(candidates: &[DateFormat], order: DateOrder) -> DateFormat {
    candidates
        .iter()
        .copied()
        .find(|f| f.order == order)
        .unwrap_or(candidates[0])
}

fn count_parsed(sample: &Series, formats: &[DateFormat]) -> PolarsResult<Vec<usize>> {
    let frame = DataFrame::new_infer_height(vec![sample.clone().with_name("v".into()).into()])?;
    let exprs: Vec<Expr> = formats
        .iter()
        .enumerate()
        .map(|(i, f)| {
            parse_expr(col("v"), f.pattern)
                .is_not_null()
                .sum()
                .cast(DataType::UInt64)
                .alias(format!("f{i}"))
        })
        .collect();
    let out = frame.lazy().select(exprs).collect()?;
    out.columns()
        .iter()
        .map(|c| Ok(c.u64()?.get(0).unwrap_or(0) as usize))
        .collect()
}

fn unread_by(sample: &Series, format: DateFormat) -> PolarsResult<Series> {
    let frame = DataFrame::new_infer_height(vec![sample.clone().with_name("v".into()).into()])?;
    let out = frame
        .lazy()
        .filter(parse_expr(col("v"), format.pattern).is_null())
        .collect()?;
    Ok(out.column("v")?.as_materialized_series().clone())
}

fn two_examples(sample: &Series) -> (String, String) {
    let values: Vec<String> = sample
        .str()
        .map(|ca| ca.iter().flatten().map(str::to_string).collect())
        .unwrap_or_default();
    let first = values.first().cloned().unwrap_or_default();
    let second = values
        .iter()
        .find(|v| **v != first)
        .cloned()
        .unwrap_or_else(|| first.clone());
    (first, second)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn series(values: &[&str]) -> Series {
        Series::new("v".into(), values)
    }

    fn detected(values: &[&str], order: Option<DateOrder>) -> Detected {
        detect(&series(values), order).expect("detect")
    }

    fn patterns(d: &Detected) -> Vec<&'static str> {
        match d {
            Detected::Formats(f) => f.iter().map(|f| f.pattern).collect(),
            other => panic!("expected formats, got {other:?}"),
        }
    }

    #[test]
    fn day_first_unpadded_is_detected() {
        let d = detected(
            &["29/2/2016 01:16", "5/3/2016 12:00", "1/3/2016 09:05"],
            None,
        );
        assert_eq!(patterns(&d), vec!["%d/%m/%Y %H:%M"]);
    }

    #[test]
    fn ambiguous_order_is_refused_then_resolved() {
        let values = ["1/2/2016 01:16", "3/4/2016 12:00"];
        assert!(matches!(
            detected(&values, None),
            Detected::Ambiguous { .. }
        ));
        assert_eq!(
            patterns(&detected(&values, Some(Dmy))),
            vec!["%d/%m/%Y %H:%M"]
        );
        assert_eq!(
            patterns(&detected(&values, Some(Mdy))),
            vec!["%m/%d/%Y %H:%M"]
        );
    }

    #[test]
    fn month_first_with_am_pm() {
        let d = detected(&["12/31/2023 11:05:00 PM", "1/2/2024 9:00:00 AM"], None);
        assert_eq!(patterns(&d), vec!["%m/%d/%Y %I:%M:%S %p"]);
    }

    #[test]
    fn jira_dates() {
        let d = detected(
            &[
                "17/Jul/25 10:44 AM",
                "14/Jul/25 6:46 AM",
                "02/Mar/26 3:02 PM",
            ],
            None,
        );
        assert_eq!(patterns(&d), vec!["%d/%b/%y %I:%M %p"]);
    }

    #[test]
    fn mixed_date_and_date_time_gets_two_formats() {
        let d = detected(
            &["2023-08-04 1:00:00", "2023-08-05 13:00:00", "2018-07-27"],
            None,
        );
        assert_eq!(patterns(&d), vec!["%Y-%m-%d %H:%M:%S", "%Y-%m-%d"]);
    }

    #[test]
    fn offsets_are_converted_to_utc_and_naive_kept_naive() {
        let frame = DataFrame::new_infer_height(vec![
            series(&["2024-01-01T10:00:00+02:00", "2024-01-01T10:00:00Z"]).into(),
        ])
        .expect("frame");
        let fmt = match detected(&["2024-01-01T10:00:00+02:00", "2024-01-01T10:00:00Z"], None) {
            Detected::Formats(f) => f.iter().map(|f| f.pattern.to_string()).collect::<Vec<_>>(),
            other => panic!("{other:?}"),
        };
        let out = frame
            .lazy()
            .select([parse_with(col("v"), &fmt).dt().to_string("%Y-%m-%d %H:%M")])
            .collect()
            .expect("parse");
        let text: Vec<Option<&str>> = out
            .column("v")
            .expect("v")
            .str()
            .expect("str")
            .iter()
            .collect();
        assert_eq!(
            text,
            vec![Some("2024-01-01 08:00"), Some("2024-01-01 10:00")]
        );
    }

    #[test]
    fn garbage_is_unknown_and_nulls_are_empty() {
        assert_eq!(detected(&["soon", "later"], None), Detected::Unknown);
        let empty = Series::new("v".into(), [None::<&str>, None]);
        assert_eq!(detect(&empty, None).expect("detect"), Detected::Empty);
    }
}
