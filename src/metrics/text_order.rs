//! Ordering rows by a text column and, within each value, by another
//! column: one sort by the other column alone, the rows gathered per text
//! value in that order, the distinct values sorted and the rows laid out
//! again. A sort by text and time together sorted a million incidents by CI
//! in 0.64 s; the repeat search over 1.4 M tickets took 0.98 s that way and
//! 0.50 s this way (polars' query profile).

use polars::prelude::*;

/// The `columns` of `frame` (with `key`) ordered by the text column `key`,
/// nulls last, and within each key by `within` (one of `columns`), ties in
/// the rows' order.
pub fn sorted_by_text_then(
    frame: LazyFrame,
    key: &str,
    within: &str,
    columns: &[&str],
) -> LazyFrame {
    let mut selected = vec![col(key)];
    selected.extend(columns.iter().map(|c| col(*c)));
    frame
        .select(selected)
        .sort(
            [within],
            SortMultipleOptions::default().with_maintain_order(true),
        )
        .group_by_stable([col(key)])
        .agg(columns.iter().map(|c| col(*c)).collect::<Vec<_>>())
        .sort([key], SortMultipleOptions::default().with_nulls_last(true))
        .explode(
            by_name(columns.iter().copied(), true, false),
            ExplodeOptions {
                empty_as_null: false,
                keep_nulls: true,
            },
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_come_by_text_then_by_the_other_column_ties_in_row_order() {
        let frame = df!(
            "t" => [Some("b"), None, Some("a"), Some("b"), Some("a"), Some("b")],
            "x" => [3, 1, 2, 1, 2, 1],
            "row" => [0u32, 1, 2, 3, 4, 5]
        )
        .expect("frame");
        let out = sorted_by_text_then(frame.lazy(), "t", "x", &["x", "row"])
            .collect()
            .expect("sorted");
        let texts: Vec<Option<&str>> = out
            .column("t")
            .expect("t")
            .str()
            .expect("str")
            .iter()
            .collect();
        let rows: Vec<Option<u32>> = out
            .column("row")
            .expect("row")
            .u32()
            .expect("u32")
            .iter()
            .collect();
        assert_eq!(
            texts,
            vec![Some("a"), Some("a"), Some("b"), Some("b"), Some("b"), None]
        );
        assert_eq!(
            rows,
            vec![Some(2), Some(4), Some(3), Some(5), Some(0), Some(1)]
        );
    }
}
