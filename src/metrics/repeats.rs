//! The repeat search: for every ticket, the latest earlier time on the same
//! key (the CI, or the CI and category), and whether it falls within the
//! repeat window.

use super::context::{MS_PER_DAY, internal};
use super::packed_order::Packing;
use super::text_order::{grouped_by_label_then, sorted_by_text_then};
use crate::error::Result;
use polars::prelude::*;

const ORDER: &str = "__order";
/// In the sorted rows: equal exactly where the key is.
const GROUP: &str = "__group";
/// In the sorted rows: the row's time in milliseconds.
const TIME: &str = "__time";

/// `all` with `__key`, `__previous` and `is_repeat` added. `__previous` is
/// the latest time strictly before the row's own on the same key, so that
/// ties are not repeats of each other. One sort by key and time finds it:
/// the first row of each run of equal (key, time) takes the time before it,
/// the rest of the run take the same. Only the key, the time and the row's
/// place are sorted; the flags are scattered back to the rows' places.
pub fn repeat_flags(all: &DataFrame, key: Expr, window_days: u32) -> Result<DataFrame> {
    let keyed = all
        .clone()
        .lazy()
        .select([key.alias("__key"), col("opened_at")])
        .collect()
        .map_err(internal)?;
    let flags = sorted_by_key_and_time(&keyed)?
        .with_column(previous_time().alias("__previous"))
        .select([
            col(ORDER),
            col("__previous"),
            (col(TIME) - col("__previous"))
                .lt_eq(lit(window_days as i64 * MS_PER_DAY))
                .and(col(GROUP).is_not_null())
                .fill_null(lit(false))
                .alias("is_repeat"),
        ])
        .collect()
        .map_err(internal)?;
    let (previous, is_repeat) = in_row_order(&flags, keyed.height())?;
    let previous = previous
        .cast(&DataType::Datetime(TimeUnit::Milliseconds, None))
        .map_err(internal)?;
    all.hstack(&[
        keyed.column("__key").map_err(internal)?.clone(),
        previous.into(),
        is_repeat.into(),
    ])
    .map_err(internal)
}

/// `__order` (the row's place in `keyed`), `__group` and `__time`, ordered
/// by key and time. A label key with times that fit is sorted as one packed
/// integer; otherwise by the key's number or text, then time.
fn sorted_by_key_and_time(keyed: &DataFrame) -> Result<LazyFrame> {
    let rows = keyed.clone().lazy().with_row_index(ORDER, None);
    let unstable = SortMultipleOptions::default().with_nulls_last(true);
    if let Some(packing) = Packing::of(keyed, "__key", "opened_at")? {
        const PACKED: &str = "__packed";
        return Ok(rows
            .select([
                col(ORDER),
                packing.packed("__key", "opened_at").alias(PACKED),
            ])
            .sort([PACKED], unstable)
            .select([
                col(ORDER),
                packing.number(col(PACKED)).alias(GROUP),
                packing.millis(col(PACKED)).alias(TIME),
            ]));
    }
    let by_key = match keyed.column("__key").map(|k| k.dtype().is_categorical()) {
        Ok(true) => grouped_by_label_then(rows, "__key", "opened_at"),
        _ => sorted_by_text_then(rows, "__key", "opened_at", &[ORDER, "opened_at"]),
    };
    Ok(by_key.select([
        col(ORDER),
        col("__key").alias(GROUP),
        col("opened_at").cast(DataType::Int64).alias(TIME),
    ]))
}

/// Over rows sorted by key and time: the latest time before the row's own
/// on the same key, null when there is none.
fn previous_time() -> Expr {
    // Marks a run's first row with no earlier time on its key.
    const NONE_EARLIER: i64 = i64::MIN;
    let before = col(TIME).shift(lit(1));
    let same_key = col(GROUP)
        .eq(col(GROUP).shift(lit(1)))
        .fill_null(lit(false));
    let starts_run = same_key
        .clone()
        .and(before.clone().eq(col(TIME)).fill_null(lit(false)))
        .not();
    let previous = when(starts_run)
        .then(when(same_key).then(before).otherwise(lit(NONE_EARLIER)))
        .otherwise(lit(NULL).cast(DataType::Int64))
        .fill_null_with_strategy(FillNullStrategy::Forward(None));
    when(previous.clone().eq(lit(NONE_EARLIER)))
        .then(lit(NULL).cast(DataType::Int64))
        .otherwise(previous)
}

/// `__previous` and `is_repeat` of the sorted `flags` put back in the rows'
/// order: each value written to the place its `__order` names (every place
/// once), where sorting by `__order` again would sort all the rows a second
/// time.
fn in_row_order(flags: &DataFrame, height: usize) -> Result<(Series, Series)> {
    let order = flags
        .column(ORDER)
        .and_then(|c| c.idx())
        .map_err(internal)?
        .rechunk();
    let places = order.cont_slice().map_err(internal)?;
    let previous = flags
        .column("__previous")
        .and_then(|c| c.i64())
        .map_err(internal)?;
    let is_repeat = flags
        .column("is_repeat")
        .and_then(|c| c.bool())
        .map_err(internal)?;
    let mut previous_in_order = Int64Chunked::full_null("__previous".into(), height);
    let previous_in_order = (&mut previous_in_order)
        .scatter(places, previous.iter())
        .map_err(internal)?;
    let mut repeat_in_order = BooleanChunked::full("is_repeat".into(), false, height);
    let repeat_in_order = (&mut repeat_in_order)
        .scatter(places, is_repeat.iter())
        .map_err(internal)?;
    Ok((previous_in_order, repeat_in_order))
}

#[cfg(test)]
mod tests {
    use super::super::packed_order::labelled_times;
    use super::*;

    /// The repeat flags of `ci` as labels (packed with the time, and by the
    /// category numbers when the times span too much to pack) and as text
    /// (texts gathered): the same for every row.
    #[test]
    fn repeats_on_labels_and_on_text_are_the_same() {
        let day = MS_PER_DAY;
        let cis = [
            Some("b"),
            None,
            Some("a"),
            Some("b"),
            Some("a"),
            Some("b"),
            Some("c"),
            Some("a"),
        ];
        // Two of b's incidents open at the same time (a tie: no repeat), a's
        // third comes after the window, c stands alone.
        let opened: Vec<i64> = [10, 11, 0, 10, 5, 12, 3, 50]
            .iter()
            .map(|d| d * day)
            .collect();
        let frame_of = |opened: Vec<i64>| labelled_times("ci", &cis, "opened_at", &opened);
        let flags = |frame: &DataFrame, key: Expr| -> (Vec<Option<bool>>, Vec<Option<i64>>) {
            let out = repeat_flags(frame, key, 30).expect("flags");
            let repeat = out.column("is_repeat").expect("is_repeat");
            let previous = out
                .column("__previous")
                .expect("previous")
                .cast(&DataType::Int64)
                .expect("ms");
            (
                repeat.bool().expect("bool").iter().collect(),
                previous.i64().expect("i64").iter().collect(),
            )
        };
        let frame = frame_of(opened.clone());
        assert!(
            Packing::of(&frame, "ci", "opened_at")
                .expect("bounds")
                .is_some()
        );
        let on_labels = flags(&frame, col("ci"));
        let on_text = flags(&frame, col("ci").cast(DataType::String));
        assert_eq!(on_labels, on_text);
        let expected = [false, false, false, false, true, true, false, false];
        assert_eq!(on_labels.0, expected.map(Some).to_vec());
        let day_of = |d: i64| Some(d * day);
        assert_eq!(
            on_labels.1,
            vec![
                None,
                None,
                None,
                None,
                day_of(0),
                day_of(10),
                None,
                day_of(5)
            ]
        );
        // A row far in the past leaves no room to pack: the flags of the
        // other rows stay as they were.
        let mut far = opened;
        far[1] = i64::MIN + 1;
        let far = frame_of(far);
        assert!(
            Packing::of(&far, "ci", "opened_at")
                .expect("bounds")
                .is_none()
        );
        assert_eq!(flags(&far, col("ci")), on_labels);
    }
}
