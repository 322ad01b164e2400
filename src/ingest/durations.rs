//! Lengths of time as exports write them, read into whole seconds: plain
//! seconds (`calendar_stc`, `3600`), clock form (`1:02:03`, `2 03:00:00`),
//! ServiceNow's stored form of a duration (`1970-01-02 03:00:00`, a date
//! counted from the epoch), its display form (`1 Day 2 Hours 3 Minutes`) and
//! ISO 8601 (`P1DT2H`, `PT45M`).

use polars::prelude::*;

fn number(e: Expr) -> Expr {
    e.cast(DataType::Float64)
}

/// The `group`-th capture of `pattern`, as a number (null where it does not match).
fn capture(text: &Expr, pattern: &str, group: usize) -> Expr {
    number(text.clone().str().extract(lit(pattern), group))
}

/// Sum of parts in seconds where at least one part matched.
fn sum_of(parts: &[(Expr, f64)]) -> Expr {
    let any = parts
        .iter()
        .map(|(e, _)| e.clone().is_not_null())
        .reduce(|a, b| a.or(b))
        .unwrap_or(lit(false));
    let total = parts
        .iter()
        .map(|(e, unit)| e.clone().fill_null(lit(0.0)) * lit(*unit))
        .reduce(|a, b| a + b)
        .unwrap_or(lit(0.0));
    when(any)
        .then(total)
        .otherwise(lit(NULL).cast(DataType::Float64))
}

/// An expression reading a text column of durations into whole seconds
/// (Int64); what no form reads is null.
pub fn seconds_expr(input: Expr) -> Expr {
    let text = input.str().strip_chars(lit(NULL));
    let plain = capture(&text, r"^(\d+(?:\.\d+)?)$", 1);
    let clock = {
        let p = r"^(?:(\d+)[ .])?(\d+):(\d{1,2})(?::(\d{1,2}(?:\.\d+)?))?$";
        let days = capture(&text, p, 1);
        let hours = capture(&text, p, 2);
        when(hours.clone().is_not_null())
            .then(sum_of(&[
                (days, 86_400.0),
                (hours, 3_600.0),
                (capture(&text, p, 3), 60.0),
                (capture(&text, p, 4), 1.0),
            ]))
            .otherwise(lit(NULL).cast(DataType::Float64))
    };
    let epoch = {
        let p = r"^1970-01-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})";
        let day = capture(&text, p, 1);
        when(day.clone().is_not_null())
            .then(
                (day - lit(1.0)) * lit(86_400.0)
                    + capture(&text, p, 2) * lit(3_600.0)
                    + capture(&text, p, 3) * lit(60.0)
                    + capture(&text, p, 4),
            )
            .otherwise(lit(NULL).cast(DataType::Float64))
    };
    let words = {
        let lower = text.clone().str().to_lowercase();
        let unit = |pattern: &str| capture(&lower, pattern, 1);
        let only_words = lower
            .clone()
            .str()
            .contains(
                lit(r"^(\d+(\.\d+)?\s*(days?|d|hours?|hrs?|h|minutes?|mins?|m|seconds?|secs?|s)[\s,]*)+$"),
                false,
            )
            .fill_null(lit(false));
        when(only_words)
            .then(sum_of(&[
                (unit(r"(\d+(?:\.\d+)?)\s*d(?:ays?)?\b"), 86_400.0),
                (unit(r"(\d+(?:\.\d+)?)\s*h(?:ours?|rs?)?\b"), 3_600.0),
                (unit(r"(\d+(?:\.\d+)?)\s*m(?:inutes?|ins?)?\b"), 60.0),
                (unit(r"(\d+(?:\.\d+)?)\s*s(?:econds?|ecs?)?\b"), 1.0),
            ]))
            .otherwise(lit(NULL).cast(DataType::Float64))
    };
    let iso = {
        let p = r"^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$";
        let upper = text.clone().str().to_uppercase();
        let matched = upper
            .clone()
            .str()
            .contains(lit(r"^P(\d+D)?(T(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$"), false)
            .fill_null(lit(false))
            .and(upper.clone().str().len_chars().gt(lit(1)));
        when(matched)
            .then(sum_of(&[
                (capture(&upper, p, 1), 86_400.0),
                (capture(&upper, p, 2), 3_600.0),
                (capture(&upper, p, 3), 60.0),
                (capture(&upper, p, 4), 1.0),
            ]))
            .otherwise(lit(NULL).cast(DataType::Float64))
    };
    coalesce(&[plain, clock, epoch, words, iso])
        .round(0, RoundMode::HalfAwayFromZero)
        .cast(DataType::Int64)
}

/// How many of `values` read as durations.
pub fn count_readable(values: &[&str]) -> usize {
    if values.is_empty() {
        return 0;
    }
    let frame =
        match DataFrame::new_infer_height(vec![Series::new("v".into(), values.to_vec()).into()]) {
            Ok(f) => f,
            Err(_) => return 0,
        };
    frame
        .lazy()
        .select([seconds_expr(col("v")).is_not_null().sum().alias("n")])
        .collect()
        .ok()
        .and_then(|out| {
            out.column("n")
                .ok()?
                .cast(&DataType::UInt64)
                .ok()?
                .u64()
                .ok()?
                .get(0)
        })
        .unwrap_or(0) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(values: &[&str]) -> Vec<Option<i64>> {
        let frame =
            DataFrame::new_infer_height(vec![Series::new("v".into(), values.to_vec()).into()])
                .expect("frame");
        let out = frame
            .lazy()
            .select([seconds_expr(col("v"))])
            .collect()
            .expect("parse");
        out.column("v")
            .expect("v")
            .i64()
            .expect("i64")
            .iter()
            .collect()
    }

    #[test]
    fn every_form_reads_to_seconds() {
        assert_eq!(
            read(&[
                "3600",
                "90.4",
                "1:02:03",
                "26:00:00",
                "2 03:00:00",
                "1970-01-02 03:00:00",
                "1 Day 2 Hours 3 Minutes",
                "45 Minutes",
                "2h 30m",
                "PT45M",
                "P1DT2H",
            ]),
            vec![
                Some(3600),
                Some(90),
                Some(3723),
                Some(93_600),
                Some(183_600),
                Some(97_200),
                Some(93_780),
                Some(2_700),
                Some(9_000),
                Some(2_700),
                Some(93_600),
            ]
        );
    }

    #[test]
    fn what_is_not_a_duration_is_null() {
        assert_eq!(
            read(&["soon", "P", "2024-03-01 10:00:00", "-5", "1 Day and a bit"]),
            vec![None, None, None, None, None]
        );
        assert_eq!(count_readable(&["1:00:00", "later", "60"]), 2);
    }
}
