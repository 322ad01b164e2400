//! `inspect --suggest-mapping`: a mapping file (docs/ingest.md) for one
//! export, ready to edit. What was found is written as it was found, so the
//! file reproduces today's reading; what was not found and the closest
//! canonical values of unknown codes are written commented out, to be
//! checked and uncommented by the user.

use crate::ingest::columns::MatchedBy;
use crate::ingest::suggest::Suggestion;
use std::fmt::Write;

/// A TOML string literal (also used for keys that are not bare).
fn quoted(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

fn how(by: MatchedBy) -> &'static str {
    match by {
        MatchedBy::User => "given by you",
        MatchedBy::Profile => "a name the profile knows",
        MatchedBy::Meaning => "found by its name; check it",
        MatchedBy::Values => "found by its values; check it",
    }
}

/// Writes the suggested mapping file.
pub fn render(s: &Suggestion) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# Mapping for {}", s.path);
    let _ = writeln!(
        out,
        "# written by `itsm-evidence inspect --suggest-mapping`."
    );
    let _ = writeln!(out, "# kind: {} ({})", s.kind, s.kind_reason);
    let _ = writeln!(out, "# profile: {} ({})", s.profile, s.profile_reason);
    let _ = writeln!(
        out,
        "# Edit what is wrong, uncomment what is right, then read the export with\n#   itsm-evidence inspect FILE --mapping THIS.toml"
    );
    if let Some(problem) = &s.problem {
        let _ = writeln!(out, "#\n# This export cannot be read as it is: {problem}");
    }
    let _ = writeln!(out, "\nkind = {}", quoted(s.kind.name()));
    let _ = writeln!(out, "profile = {}", quoted(s.profile));
    let order = if s.problem.is_some() { "" } else { "# " };
    let _ = writeln!(
        out,
        "{order}date_order = \"dmy\"    # or \"mdy\": only for numeric dates the values cannot settle"
    );

    let _ = writeln!(out, "\n[columns]\n# canonical field = \"source column\"");
    for f in &s.found {
        let line = format!("{} = {}", f.field, quoted(&f.column));
        let _ = writeln!(out, "{line:<48} # {}", how(f.by));
    }
    for n in &s.not_found {
        let required = if n.spec.required { "REQUIRED; " } else { "" };
        let what = format!("{required}{}", n.spec.meaning);
        match n.candidates.first() {
            Some(first) => {
                let line = format!("# {} = {}", n.spec.name, quoted(first));
                let _ = writeln!(
                    out,
                    "{line:<48} # {what}; candidates: {}",
                    n.candidates.join(", ")
                );
            }
            None => {
                let line = format!("# {} = \"\"", n.spec.name);
                let _ = writeln!(out, "{line:<48} # {what}; no candidate column");
            }
        }
    }

    let mut field = String::new();
    for u in &s.unknown_values {
        if u.field != field {
            field = u.field.clone();
            let _ = writeln!(
                out,
                "\n[values.{}]\n# source value = canonical value, one of: {}",
                field, u.allowed
            );
        }
        let guess = u.closest.unwrap_or("");
        let line = format!("# {} = {}", quoted(&u.value), quoted(guess));
        let _ = writeln!(
            out,
            "{line:<56} # {} rows; closest by spelling, not by meaning",
            u.rows
        );
    }

    if !s.date_formats.is_empty() {
        let _ = writeln!(
            out,
            "\n[dates]\n# canonical field = chrono format (https://docs.rs/chrono/latest/chrono/format/strftime/); detected:"
        );
        for (field, format) in &s.date_formats {
            let line = format!("# {field} = {}", quoted(format));
            let _ = writeln!(out, "{line}");
        }
    }
    out
}
