//! Labels as the enriched tables write them: each label column gets
//! categories of its own, holding only its values, sorted. The Parquet
//! writer stores a categorical as a dictionary column and takes its
//! category numbers as they are, where a text column has every row's text
//! hashed again to build the dictionary (writing the 1 M incidents took
//! 0.56-0.65 s with labels as text, 0.34-0.41 s so). Categories of its own
//! keep the dictionary to the column's values; sorting them makes the file
//! the same whatever order the scan met the values in.

use polars::prelude::*;

/// Namespace of the categories the enriched tables are written with (the
/// Parquet file records it, with the name, for polars readers).
const NAMESPACE: &str = "itsm-evidence";

/// `column` (a categorical of `table`) with categories of its own: its
/// distinct values, each first passed through `rename` (a pseudonym, e-mail
/// addresses replaced, or the value itself), sorted; values that `rename`
/// makes equal share one category. Nulls stay null.
pub fn with_own_categories(
    column: &Column,
    table: &str,
    rename: impl Fn(&str) -> String,
) -> PolarsResult<Column> {
    if column.null_count() == column.len() {
        return Ok(Column::full_null(
            column.name().clone(),
            column.len(),
            &DataType::String,
        ));
    }
    let series = column.as_materialized_series();
    let rows = series.to_physical_repr().cast(&IDX_DTYPE)?;
    let rows = rows.idx()?;
    let codes = Series::new(PlSmallStr::EMPTY, distinct_codes(rows)?);
    let texts =
        Series::from_cats_and_dtype(&codes, column.dtype(), true)?.cast(&DataType::String)?;
    // `codes` holds no null, so the texts line up with it.
    let renamed: Vec<String> = texts
        .str()?
        .iter()
        .map(|v| rename(v.unwrap_or_default()))
        .collect();

    // The name is the column's, so that the same input gives the same file;
    // polars hands out the live categories of that name if some still
    // exist, and those may hold other values: then the labels go as text.
    let name = format!("{table}.{}", column.name());
    let categories = Categories::new(name.into(), NAMESPACE.into(), CategoricalPhysical::U32);
    let mapping = categories.mapping();
    if mapping.num_cats_upper_bound() != 0 {
        return column.cast(&DataType::String);
    }
    // The values enter the categories in sorted order, each once; every
    // old category number indexes its new one, so that the rows take one
    // gather, no hash.
    let codes = codes.idx()?;
    let places = codes.max().map_or(0, |largest| largest as usize + 1);
    let mut place: Vec<Option<IdxSize>> = vec![None; places];
    let mut order: Vec<(&str, IdxSize)> = renamed
        .iter()
        .map(String::as_str)
        .zip(codes.into_no_null_iter())
        .collect();
    order.sort_unstable();
    let mut previous: Option<(&str, IdxSize)> = None;
    for (text, code) in order {
        let number = match previous {
            Some((last, number)) if last == text => number,
            _ => mapping.insert_cat(text)? as IdxSize,
        };
        previous = Some((text, number));
        place[code as usize] = Some(number);
    }
    let place: IdxCa = place.into_iter().collect();
    let numbers = place.take(rows)?.into_series();
    let labels =
        Series::from_cats_and_dtype(&numbers, &DataType::from_categories(categories), true)?;
    Ok(labels.with_name(column.name().clone()).into_column())
}

/// The category numbers `rows` holds, ascending: marked in a table as
/// long as the largest number, a pass over the numbers without hashing
/// them (a hash set took 5-40 ms a column at 1 M rows).
fn distinct_codes(rows: &IdxCa) -> PolarsResult<Vec<IdxSize>> {
    let places = rows.max().map_or(0, |largest| largest as usize + 1);
    let mut seen = vec![false; places];
    for chunk in rows.downcast_iter() {
        match chunk.validity() {
            None => chunk.values().iter().for_each(|c| seen[*c as usize] = true),
            Some(valid) => chunk
                .values()
                .iter()
                .zip(valid.iter())
                .filter(|(_, valid)| *valid)
                .for_each(|(c, _)| seen[*c as usize] = true),
        }
    }
    Ok((0..places)
        .filter(|c| seen[*c])
        .map(|c| c as IdxSize)
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::canonical::label_dtype;

    fn labels(values: &[Option<&str>]) -> Column {
        Series::new("label".into(), values)
            .cast(&label_dtype())
            .expect("categorical")
            .into_column()
    }

    fn texts(column: &Column) -> Vec<Option<String>> {
        let text = column.cast(&DataType::String).expect("text");
        text.str()
            .expect("str")
            .iter()
            .map(|v| v.map(str::to_string))
            .collect()
    }

    /// The values of `column`'s categories, in category-number order.
    fn categories(column: &Column) -> Vec<String> {
        let DataType::Categorical(categories, _) = column.dtype() else {
            panic!("not a categorical: {:?}", column.dtype());
        };
        assert!(!categories.is_global());
        let mapping = categories.mapping();
        (0..mapping.num_cats_upper_bound())
            .filter_map(|i| mapping.cat_to_str(i as CatSize).map(str::to_string))
            .collect()
    }

    #[test]
    fn values_and_nulls_are_kept_and_the_categories_are_sorted() {
        let column = labels(&[Some("zeta"), None, Some("alpha"), Some("zeta"), Some("mu")]);
        let written = with_own_categories(&column, "sorted", str::to_string).expect("labels");
        assert_eq!(written.name().as_str(), "label");
        assert_eq!(texts(&written), texts(&column));
        assert_eq!(categories(&written), ["alpha", "mu", "zeta"]);
    }

    #[test]
    fn the_categories_do_not_depend_on_the_order_values_were_met() {
        let a = labels(&[Some("b-first"), Some("a-second")]);
        let b = labels(&[Some("a-second"), Some("b-first")]);
        let a = with_own_categories(&a, "order-a", str::to_string).expect("a");
        let b = with_own_categories(&b, "order-b", str::to_string).expect("b");
        assert_eq!(categories(&a), ["a-second", "b-first"]);
        assert_eq!(categories(&a), categories(&b));
    }

    #[test]
    fn values_renamed_alike_share_one_category() {
        let column = labels(&[Some("Ada"), Some("ADA"), None, Some("Alan")]);
        let written =
            with_own_categories(&column, "renamed", |v| v.to_lowercase()).expect("labels");
        assert_eq!(categories(&written), ["ada", "alan"]);
        assert_eq!(
            texts(&written),
            [
                Some("ada".into()),
                Some("ada".into()),
                None,
                Some("alan".into())
            ]
        );
    }

    #[test]
    fn a_column_without_values_stays_all_null() {
        let column = labels(&[None, None]);
        let written = with_own_categories(&column, "empty", str::to_string).expect("labels");
        assert_eq!(texts(&written), [None, None]);
        assert_eq!(written.dtype(), &DataType::String);
    }

    #[test]
    fn categories_of_the_same_name_still_in_use_leave_the_labels_as_text() {
        let column = labels(&[Some("x"), Some("y")]);
        let first = with_own_categories(&column, "twice", str::to_string).expect("first");
        let second = with_own_categories(&column, "twice", str::to_string).expect("second");
        assert_eq!(second.dtype(), &DataType::String);
        assert_eq!(texts(&second), texts(&first));
    }
}
