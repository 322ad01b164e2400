//! Tests on the text of labels (a ticket's state, a CI's status). Labels are
//! categories, so a test runs once per distinct value, and the rows are
//! matched by membership rather than by their text one by one.

use super::context::internal;
use crate::error::Result;
use polars::prelude::*;

/// True on the rows whose label `name` in `frame` passes `test`; false on
/// the others and on rows with no value.
pub fn label_matches(frame: &DataFrame, name: &str, test: impl Fn(&str) -> bool) -> Result<Expr> {
    let column = frame.column(name).map_err(internal)?;
    let distinct = column
        .as_materialized_series()
        .unique()
        .map_err(internal)?
        .drop_nulls();
    let texts = distinct.cast(&DataType::String).map_err(internal)?;
    let passing: BooleanChunked = texts
        .str()
        .map_err(internal)?
        .iter()
        .map(|v| v.is_some_and(&test))
        .collect();
    let matching = distinct.filter(&passing).map_err(internal)?;
    Ok(col(name)
        .is_in(lit(matching).implode(false), false)
        .fill_null(lit(false)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::canonical::label_dtype;

    #[test]
    fn rows_match_by_the_text_of_their_label() {
        let states = Series::new(
            "state".into(),
            [
                Some("Closed"),
                Some("Reopened"),
                None,
                Some("In progress"),
                Some("reopened"),
            ],
        )
        .cast(&label_dtype())
        .expect("categories");
        let frame = DataFrame::new_infer_height(vec![states.into()]).expect("frame");
        let reopened =
            label_matches(&frame, "state", |s| s.to_lowercase().contains("reopen")).expect("expr");
        let out = frame
            .lazy()
            .select([reopened.alias("m")])
            .collect()
            .expect("collect");
        let flags: Vec<Option<bool>> = out
            .column("m")
            .expect("m")
            .bool()
            .expect("bool")
            .iter()
            .collect();
        assert_eq!(
            flags,
            vec![
                Some(false),
                Some(true),
                Some(false),
                Some(false),
                Some(true)
            ]
        );
    }
}
