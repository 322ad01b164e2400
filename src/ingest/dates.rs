//! Date and time formats: detected per column from its values, with the
//! day/month order refused when the values cannot tell it. Month names in
//! Spanish, German, French and Portuguese are read (Jira writes dates in its
//! user's language), Excel serial numbers are read in spreadsheets, and a
//! date outside the plausible range (before 1990, or more than a year after
//! the as-of date) counts as unreadable: a two-digit year read as year 20 is
//! never kept.

use super::months::{self, MonthNames};
use polars::prelude::*;
use serde::Serialize;
use std::fmt;
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

/// The pattern name of Excel serial day numbers (days since 1899-12-30).
pub const EXCEL_SERIAL: &str = "excel serial number";

/// Every format the tool recognises. Single-digit days, months and hours are
/// accepted by each numeric pattern. Two-digit years (`%y`) 00-69 are
/// 2000-2069 and 70-99 are 1970-1999; where `%Y` would read such a year as
/// year 20, the plausible range rejects it, so `%y` wins.
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
    fmt("%Y-%m-%d %I:%M:%S %p", Ymd),
    fmt("%Y-%m-%d", Ymd),
    fmt("%Y/%m/%d %H:%M:%S", Ymd),
    fmt("%Y/%m/%d %H:%M", Ymd),
    fmt("%Y/%m/%d", Ymd),
    fmt("%Y.%m.%d %H:%M:%S", Ymd),
    fmt("%Y.%m.%d", Ymd),
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
    fmt("%d/%m/%y %H:%M:%S", Dmy),
    fmt("%d/%m/%y %H:%M", Dmy),
    fmt("%d/%m/%y %I:%M %p", Dmy),
    fmt("%d/%m/%y", Dmy),
    fmt("%d.%m.%y %H:%M:%S", Dmy),
    fmt("%d.%m.%y %H:%M", Dmy),
    fmt("%d.%m.%y", Dmy),
    fmt("%d-%m-%y %H:%M", Dmy),
    fmt("%d-%m-%y", Dmy),
    fmt("%m/%d/%Y %I:%M:%S %p", Mdy),
    fmt("%m/%d/%Y %I:%M %p", Mdy),
    fmt("%m/%d/%Y %H:%M:%S", Mdy),
    fmt("%m/%d/%Y %H:%M", Mdy),
    fmt("%m/%d/%Y", Mdy),
    fmt("%m-%d-%Y %H:%M:%S", Mdy),
    fmt("%m-%d-%Y %H:%M", Mdy),
    fmt("%m-%d-%Y", Mdy),
    fmt("%m/%d/%y %I:%M:%S %p", Mdy),
    fmt("%m/%d/%y %I:%M %p", Mdy),
    fmt("%m/%d/%y %H:%M:%S", Mdy),
    fmt("%m/%d/%y %H:%M", Mdy),
    fmt("%m/%d/%y", Mdy),
    fmt("%d/%b/%y %I:%M %p", Named),
    fmt("%d/%b/%Y %I:%M %p", Named),
    fmt("%d/%b/%y %H:%M", Named),
    fmt("%d/%b/%Y %H:%M", Named),
    fmt("%d/%b/%y", Named),
    fmt("%d/%b/%Y", Named),
    fmt("%d %b %Y %H:%M:%S", Named),
    fmt("%d %b %Y %H:%M", Named),
    fmt("%d %b %Y", Named),
    fmt("%d %b %y %H:%M", Named),
    fmt("%d-%b-%Y %H:%M:%S", Named),
    fmt("%d-%b-%Y", Named),
    fmt("%d-%b-%y %H:%M", Named),
    fmt("%d-%b-%y", Named),
    fmt("%b %d, %Y %I:%M %p", Named),
    fmt("%b %d, %Y %H:%M", Named),
    fmt("%b %d, %Y", Named),
];

/// Excel's day numbers, offered for columns of spreadsheets only.
const EXCEL_FORMAT: DateFormat = fmt(EXCEL_SERIAL, Ymd);

/// The dates a column may hold: from 1990 to a year after the as-of date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateBounds {
    /// Milliseconds since 1970, inclusive.
    pub min: i64,
    pub max: i64,
}

const MS_PER_DAY: i64 = 86_400_000;
/// 1990-01-01T00:00:00.
const EARLIEST: i64 = 631_152_000_000;

impl DateBounds {
    /// From 1990-01-01 to a year after `as_of` (milliseconds since 1970).
    pub fn up_to(as_of: i64) -> Self {
        DateBounds {
            min: EARLIEST,
            max: as_of + 366 * MS_PER_DAY,
        }
    }

    /// Up to a year after today, for runs without `--as-of`.
    pub fn from_clock() -> Self {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_millis() as i64)
            .unwrap_or(EARLIEST);
        Self::up_to(now)
    }
}

/// What detection settled for one column: one or two formats (the second
/// reads what the first cannot, such as date-only values in a date-time
/// column), and the language of its month names when they are not English.
#[derive(Debug, Clone, PartialEq)]
pub struct ColumnFormat {
    pub patterns: Vec<String>,
    pub months: Option<&'static MonthNames>,
    /// The column has values but no format reads them.
    pub unreadable: bool,
}

impl ColumnFormat {
    pub fn user(pattern: &str) -> Self {
        ColumnFormat {
            patterns: vec![pattern.to_string()],
            months: None,
            unreadable: false,
        }
    }

    /// No pattern: for a column without values, or with values no format reads.
    pub fn none(unreadable: bool) -> Self {
        ColumnFormat {
            patterns: Vec::new(),
            months: None,
            unreadable,
        }
    }
}

impl fmt::Display for ColumnFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.patterns.is_empty() {
            return f.write_str(if self.unreadable {
                "(no known format)"
            } else {
                "(no values)"
            });
        }
        f.write_str(&self.patterns.join(" | "))?;
        if let Some(m) = self.months {
            write!(f, " ({} month names)", m.language)?;
        }
        Ok(())
    }
}

/// What detection found for one column.
#[derive(Debug, Clone, PartialEq)]
pub enum Detected {
    Formats(ColumnFormat, DateOrder),
    /// Both day/month orders read every sampled value; two examples.
    Ambiguous {
        first: String,
        second: String,
    },
    /// No format reads any sampled value.
    Unknown,
    /// The column has no values.
    Empty,
}

/// What detection may use besides the values.
#[derive(Debug, Clone, Copy)]
pub struct DetectOptions {
    pub order: Option<DateOrder>,
    pub bounds: DateBounds,
    /// Excel serial day numbers are offered (the column comes from a spreadsheet).
    pub spreadsheet: bool,
}

fn datetime() -> DataType {
    DataType::Datetime(TimeUnit::Milliseconds, None)
}

/// An expression parsing a string column with one pattern into naive
/// milliseconds; values with an offset are converted to UTC, and dates
/// outside `bounds` are null.
pub fn parse_expr(input: Expr, pattern: &str, bounds: DateBounds) -> Expr {
    within_bounds(parse_unbounded(input, pattern), bounds)
}

/// The value read by `pattern`, whatever its date.
fn parse_unbounded(input: Expr, pattern: &str) -> Expr {
    let text = input.str().strip_chars(lit(NULL));
    if pattern == EXCEL_SERIAL {
        let days = text.cast(DataType::Float64);
        return ((days - lit(25_569.0)) * lit(MS_PER_DAY as f64))
            .round(0, RoundMode::HalfAwayFromZero)
            .cast(DataType::Int64)
            .cast(datetime());
    }
    let options = StrptimeOptions {
        format: Some(pattern.into()),
        strict: false,
        exact: true,
        // Timestamps are nearly all distinct: a cache of parsed values
        // costs more than it saves.
        cache: false,
    };
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

/// Null where a parsed date falls outside `bounds`. `parsed` appears twice:
/// give it a column, not a parse, or the parse runs twice.
pub fn within_bounds(parsed: Expr, bounds: DateBounds) -> Expr {
    let ms = parsed.clone().cast(DataType::Int64);
    when(ms.clone().lt(lit(bounds.min)).or(ms.gt(lit(bounds.max))))
        .then(lit(NULL).cast(datetime()))
        .otherwise(parsed)
}

/// The parse of a column in two steps, so that each value is parsed once:
/// the text read with its format, then (over the parsed column `parsed`)
/// the dates outside `bounds` dropped. A column read by several patterns
/// bounds each pattern's dates before the next pattern is tried, in one step.
pub fn parse_steps(
    input: Expr,
    format: &ColumnFormat,
    bounds: DateBounds,
    parsed: Expr,
) -> (Expr, Option<Expr>) {
    match format.patterns.as_slice() {
        [pattern] => {
            let input = match format.months {
                Some(names) => months::to_english(input, names),
                None => input,
            };
            (
                parse_unbounded(input, pattern),
                Some(within_bounds(parsed, bounds)),
            )
        }
        _ => (parse_with(input, format, bounds), None),
    }
}

/// The parse of a column with its detected format: month names put into
/// English first, then the first pattern that reads a value wins.
pub fn parse_with(input: Expr, format: &ColumnFormat, bounds: DateBounds) -> Expr {
    let input = match format.months {
        Some(names) => months::to_english(input, names),
        None => input,
    };
    let parsed: Vec<Expr> = format
        .patterns
        .iter()
        .map(|p| parse_expr(input.clone(), p, bounds))
        .collect();
    match parsed.len() {
        0 => lit(NULL).cast(datetime()),
        1 => parsed.into_iter().next().unwrap_or_else(|| lit(NULL)),
        _ => coalesce(&parsed),
    }
}

/// Detects the format of a sample of non-null values. `order` resolves an
/// ambiguous day/month order (from the user, or from another column of the
/// file). Month names in another language are tried when English formats
/// read fewer than half the values.
pub fn detect(sample: &Series, options: DetectOptions) -> PolarsResult<Detected> {
    Ok(detect_counted(sample, options)?.0)
}

/// Detection, with the number of sampled values the detected formats read.
pub fn detect_counted(sample: &Series, options: DetectOptions) -> PolarsResult<(Detected, usize)> {
    let sample = sample.drop_nulls();
    if sample.is_empty() {
        return Ok((Detected::Empty, 0));
    }
    let candidates: Vec<DateFormat> = FORMATS
        .iter()
        .copied()
        .chain(options.spreadsheet.then_some(EXCEL_FORMAT))
        .collect();
    let mut best = detect_in(&sample, &candidates, None, options)?;
    let read = |d: &Option<(Detected, usize)>| d.as_ref().map_or(0, |(_, n)| *n);
    if read(&best) * 2 < sample.len() && has_letters(&sample)? {
        for names in months::LANGUAGES {
            let translated = detect_in(&sample, &candidates, Some(names), options)?;
            if read(&translated) > read(&best) {
                best = translated;
            }
        }
    }
    Ok(best.unwrap_or((Detected::Unknown, 0)))
}

fn has_letters(sample: &Series) -> PolarsResult<bool> {
    Ok(sample
        .str()?
        .iter()
        .flatten()
        .take(50)
        .any(|v| v.chars().filter(|c| c.is_alphabetic()).count() >= 3))
}

/// Detection with one language of month names; the count is the values read.
fn detect_in(
    sample: &Series,
    candidates: &[DateFormat],
    names: Option<&'static MonthNames>,
    options: DetectOptions,
) -> PolarsResult<Option<(Detected, usize)>> {
    let sample = match names {
        Some(n) => translate(sample, n)?,
        None => sample.clone(),
    };
    // Every format is tried on a spread probe of the values first; only
    // those that read some of it are counted over the whole sample.
    let step = sample.len().div_ceil(PROBE).max(1);
    let probe = spread(&sample, step)?;
    let probed = count_parsed(&probe, candidates, options.bounds)?;
    let live: Vec<DateFormat> = candidates
        .iter()
        .zip(&probed)
        .filter(|(_, n)| **n > 0)
        .map(|(f, _)| *f)
        .collect();
    if live.is_empty() {
        return Ok(None);
    }
    let counts = if step == 1 {
        probed.into_iter().filter(|n| *n > 0).collect()
    } else {
        count_parsed(&sample, &live, options.bounds)?
    };
    let best = counts.iter().copied().max().unwrap_or(0);
    if best == 0 {
        return Ok(None);
    }
    let at_best: Vec<DateFormat> = live
        .iter()
        .zip(&counts)
        .filter(|(_, c)| **c == best)
        .map(|(f, _)| *f)
        .collect();
    let has = |o: DateOrder| at_best.iter().any(|f| f.order == o);
    let primary = if has(Dmy) && has(Mdy) {
        match options.order {
            Some(o @ (Dmy | Mdy)) => pick(&at_best, o),
            _ => {
                let (first, second) = two_examples(&sample);
                return Ok(Some((Detected::Ambiguous { first, second }, best)));
            }
        }
    } else {
        at_best[0]
    };
    let mut patterns = vec![primary.pattern.to_string()];
    let mut read = best;
    if best < sample.len() {
        // A second format for what the first leaves unread, keeping the same day/month order.
        // The candidates are ranked on a probe of the unread values, and
        // only the best is counted over all of them.
        let unread = unread_by(&sample, primary, options.bounds)?;
        let unread_probe = spread(&unread, unread.len().div_ceil(PROBE).max(1))?;
        let second = count_parsed(&unread_probe, candidates, options.bounds)?;
        let compatible = |f: &DateFormat| match primary.order {
            Dmy => f.order != Mdy,
            Mdy => f.order != Dmy,
            _ => options.order.is_none_or(|o| f.order != other_order(o)),
        };
        if let Some((f, _)) = candidates
            .iter()
            .zip(&second)
            .filter(|(f, c)| **c > 0 && compatible(f) && **f != primary)
            .max_by_key(|(_, c)| **c)
        {
            patterns.push(f.pattern.to_string());
            read += count_parsed(&unread, &[*f], options.bounds)?[0];
        }
    }
    Ok(Some((
        Detected::Formats(
            ColumnFormat {
                patterns,
                months: names,
                unreadable: false,
            },
            primary.order,
        ),
        read,
    )))
}

/// Values tried against every format before the whole sample is counted.
const PROBE: usize = 250;

/// Every `step`-th value.
fn spread(sample: &Series, step: usize) -> PolarsResult<Series> {
    if step <= 1 {
        return Ok(sample.clone());
    }
    let frame = DataFrame::new_infer_height(vec![sample.clone().with_name("v".into()).into()])?;
    let out = frame
        .lazy()
        .select([col("v").gather_every(step, 0)])
        .collect()?;
    Ok(out.column("v")?.as_materialized_series().clone())
}

fn translate(sample: &Series, names: &'static MonthNames) -> PolarsResult<Series> {
    let frame = DataFrame::new_infer_height(vec![sample.clone().with_name("v".into()).into()])?;
    let out = frame
        .lazy()
        .select([months::to_english(col("v"), names)])
        .collect()?;
    Ok(out.column("v")?.as_materialized_series().clone())
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

fn count_parsed(
    sample: &Series,
    formats: &[DateFormat],
    bounds: DateBounds,
) -> PolarsResult<Vec<usize>> {
    let frame = DataFrame::new_infer_height(vec![sample.clone().with_name("v".into()).into()])?;
    // Parsed first and bounded after, so that each value is parsed once
    // per format.
    let parsed: Vec<Expr> = formats
        .iter()
        .enumerate()
        .map(|(i, f)| parse_unbounded(col("v"), f.pattern).alias(format!("f{i}")))
        .collect();
    let counts: Vec<Expr> = (0..formats.len())
        .map(|i| {
            let name = format!("f{i}");
            within_bounds(col(name.as_str()), bounds)
                .is_not_null()
                .sum()
                .cast(DataType::UInt64)
                .alias(name)
        })
        .collect();
    let out = frame.lazy().with_columns(parsed).select(counts).collect()?;
    out.columns()
        .iter()
        .map(|c| Ok(c.u64()?.get(0).unwrap_or(0) as usize))
        .collect()
}

fn unread_by(sample: &Series, format: DateFormat, bounds: DateBounds) -> PolarsResult<Series> {
    let frame = DataFrame::new_infer_height(vec![sample.clone().with_name("v".into()).into()])?;
    let out = frame
        .lazy()
        .filter(parse_expr(col("v"), format.pattern, bounds).is_null())
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

    /// As of 2026-01-01.
    const AS_OF: i64 = 1_767_225_600_000;

    fn series(values: &[&str]) -> Series {
        Series::new("v".into(), values)
    }

    fn options(order: Option<DateOrder>) -> DetectOptions {
        DetectOptions {
            order,
            bounds: DateBounds::up_to(AS_OF),
            spreadsheet: false,
        }
    }

    fn detected(values: &[&str], order: Option<DateOrder>) -> Detected {
        detect(&series(values), options(order)).expect("detect")
    }

    fn format_of(d: &Detected) -> ColumnFormat {
        match d {
            Detected::Formats(f, _) => f.clone(),
            other => panic!("expected formats, got {other:?}"),
        }
    }

    fn patterns(d: &Detected) -> Vec<String> {
        format_of(d).patterns
    }

    /// The values parsed with what detection found, as `YYYY-MM-DD HH:MM`.
    fn read(values: &[&str], opts: DetectOptions) -> Vec<Option<String>> {
        let format = format_of(&detect(&series(values), opts).expect("detect"));
        let frame = DataFrame::new_infer_height(vec![series(values).into()]).expect("frame");
        let out = frame
            .lazy()
            .select([parse_with(col("v"), &format, opts.bounds)
                .dt()
                .to_string("%Y-%m-%d %H:%M")
                .alias("v")])
            .collect()
            .expect("parse");
        out.column("v")
            .expect("v")
            .str()
            .expect("str")
            .iter()
            .map(|v| v.map(str::to_string))
            .collect()
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
    fn two_digit_years_land_in_this_century() {
        // `%Y` would read `1/13/20` as the year 20: the plausible range
        // leaves that reading out, so `%y` wins.
        let values = ["1/13/20 1:18", "12/31/19 23:05", "2/1/20 6:27"];
        assert_eq!(patterns(&detected(&values, None)), vec!["%m/%d/%y %H:%M"]);
        assert_eq!(
            read(&values, options(None)),
            vec![
                Some("2020-01-13 01:18".into()),
                Some("2019-12-31 23:05".into()),
                Some("2020-02-01 06:27".into())
            ]
        );
    }

    #[test]
    fn dates_outside_the_plausible_range_are_unreadable() {
        let values = [
            "2024-01-01 10:00:00",
            "0024-05-01 10:00:00",
            "1985-05-01 10:00:00",
            "2031-01-01 00:00:00",
        ];
        assert_eq!(
            read(&values, options(None)),
            vec![Some("2024-01-01 10:00".into()), None, None, None]
        );
    }

    #[test]
    fn month_names_of_other_languages_are_read() {
        for (values, language) in [
            (
                vec!["19/ene/26 12:47 PM", "17/sept/25 10:44 a.\u{a0}m."],
                "Spanish",
            ),
            (vec!["17/Sept./25 10:44 AM", "03/März/25 3:05 PM"], "German"),
            (vec!["03/févr./25 3:05 PM", "9/août/25 1:00 AM"], "French"),
            (
                vec!["17/set./25 10:44 AM", "2/out/25 8:00 AM"],
                "Portuguese",
            ),
        ] {
            let d = detected(&values, None);
            let f = format_of(&d);
            assert_eq!(f.months.map(|m| m.language), Some(language), "{values:?}");
            assert!(
                read(&values, options(None)).iter().all(Option::is_some),
                "{values:?}"
            );
        }
        assert_eq!(
            read(&["19/ene/26 12:47 PM"], options(None)),
            vec![Some("2026-01-19 12:47".into())]
        );
    }

    #[test]
    fn excel_serials_are_dates_in_spreadsheets_only() {
        let values = ["45943.5", "45944.25"];
        let spreadsheet = DetectOptions {
            spreadsheet: true,
            ..options(None)
        };
        assert_eq!(
            read(&values, spreadsheet),
            vec![
                Some("2025-10-13 12:00".into()),
                Some("2025-10-14 06:00".into())
            ]
        );
        assert_eq!(detected(&values, None), Detected::Unknown);
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
        assert_eq!(
            read(
                &["2024-01-01T10:00:00+02:00", "2024-01-01T10:00:00Z"],
                options(None)
            ),
            vec![
                Some("2024-01-01 08:00".into()),
                Some("2024-01-01 10:00".into())
            ]
        );
    }

    #[test]
    fn garbage_is_unknown_and_nulls_are_empty() {
        assert_eq!(detected(&["soon", "later"], None), Detected::Unknown);
        let empty = Series::new("v".into(), [None::<&str>, None]);
        assert_eq!(
            detect(&empty, options(None)).expect("detect"),
            Detected::Empty
        );
    }
}
