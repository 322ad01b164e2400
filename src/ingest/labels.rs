//! Labels (teams, CIs, states, ...) are read as categories. As with all
//! text, surrounding spaces are trimmed and a blank value is no value; for a
//! label that is checked on its distinct values, and the rows are rewritten
//! only when some value needs it, which exports seldom do.

use super::canonicalise::raw_name;
use super::columns::MappedField;
use crate::canonical::label_dtype;
use polars::prelude::*;

/// The canonical value of a mapped label, from its raw column in `scanned`.
pub fn label_expr(scanned: &DataFrame, m: &MappedField) -> PolarsResult<Expr> {
    let name = raw_name(m.spec.name);
    let column = scanned.column(&name)?;
    let raw = col(name.as_str());
    if !matches!(column.dtype(), DataType::Categorical(_, _)) {
        // Read as text: the column also feeds a field of another kind.
        return Ok(tidied(raw).cast(label_dtype()));
    }
    let distinct = column
        .as_materialized_series()
        .unique()?
        .drop_nulls()
        .cast(&DataType::String)?;
    let untidy = distinct
        .str()?
        .iter()
        .flatten()
        .any(|v| v.trim() != v || v.is_empty());
    Ok(match untidy {
        true => tidied(raw.cast(DataType::String)).cast(label_dtype()),
        false => raw,
    })
}

/// Text trimmed, blank text no value.
fn tidied(text: Expr) -> Expr {
    let stripped = text.str().strip_chars(lit(NULL));
    when(stripped.clone().eq(lit("")))
        .then(lit(NULL).cast(DataType::String))
        .otherwise(stripped)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::canonical::{TableKind, fields_of};
    use crate::ingest::columns::MatchedBy;

    fn labels(values: &[Option<&str>]) -> Vec<Option<String>> {
        let spec = *fields_of(TableKind::Incidents)
            .iter()
            .find(|f| f.name == "assignment_group")
            .expect("field");
        let m = MappedField {
            spec,
            column: 0,
            by: MatchedBy::Profile,
        };
        let raw = Series::new("raw:assignment_group".into(), values)
            .cast(&label_dtype())
            .expect("categories");
        let scanned = DataFrame::new_infer_height(vec![raw.into()]).expect("frame");
        let expr = label_expr(&scanned, &m).expect("expr");
        let out = scanned
            .lazy()
            .select([expr.alias("v")])
            .collect()
            .expect("collect");
        let column = out.column("v").expect("v");
        assert!(matches!(column.dtype(), DataType::Categorical(_, _)));
        let text = column.cast(&DataType::String).expect("text");
        text.str()
            .expect("str")
            .iter()
            .map(|v| v.map(str::to_string))
            .collect()
    }

    #[test]
    fn tidy_labels_are_kept_as_they_are() {
        assert_eq!(
            labels(&[Some("Network"), None, Some("Service Desk")]),
            vec![Some("Network".into()), None, Some("Service Desk".into())]
        );
    }

    #[test]
    fn labels_are_trimmed_and_blank_ones_are_no_value() {
        assert_eq!(
            labels(&[Some(" Network "), Some("   "), Some("Network"), None]),
            vec![Some("Network".into()), None, Some("Network".into()), None]
        );
    }
}
