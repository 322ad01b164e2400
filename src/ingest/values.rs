//! Normalisation of coded values (priority, channel, change outcome and type,
//! booleans, ticket type, survey scores and roles) onto the canonical sets.
//! Each rule is a plain function of one value; a value no rule knows gives
//! `None` and is listed as unknown, never guessed.

use crate::canonical::ValueKind;

/// A canonical value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Canonical {
    Text(String),
    Int(i64),
    Bool(bool),
}

/// The canonical value of `raw` for a field of kind `kind`, if a built-in rule knows it.
pub fn normalise(kind: ValueKind, raw: &str) -> Option<Canonical> {
    let v = raw.trim().to_lowercase();
    if v.is_empty() {
        return None;
    }
    match kind {
        ValueKind::Priority => priority(&v).map(Canonical::Int),
        ValueKind::Score => score(&v).map(Canonical::Int),
        ValueKind::Bool => boolean(&v).map(Canonical::Bool),
        ValueKind::Channel => channel(&v).map(text),
        ValueKind::Outcome => outcome(&v).map(text),
        ValueKind::TicketType => ticket_type(&v).map(text),
        ValueKind::ChangeType => change_type(&v).map(text),
        ValueKind::Role => role(&v).map(text),
        ValueKind::Text | ValueKind::Timestamp | ValueKind::Count | ValueKind::Duration => {
            Some(Canonical::Text(raw.to_string()))
        }
    }
}

/// Parses a user-supplied canonical value (from a mapping file) for a field kind.
pub fn parse_canonical(kind: ValueKind, value: &str) -> Result<Canonical, String> {
    let v = value.trim().to_lowercase();
    let allowed: &[&str] = match kind {
        ValueKind::Priority | ValueKind::Score => {
            return v
                .parse::<i64>()
                .ok()
                .filter(|n| (1..=5).contains(n))
                .map(Canonical::Int)
                .ok_or_else(|| format!("`{value}` is not a whole number from 1 to 5"));
        }
        ValueKind::Bool => {
            return boolean(&v)
                .map(Canonical::Bool)
                .ok_or_else(|| format!("`{value}` is not true or false"));
        }
        ValueKind::Channel => CHANNELS,
        ValueKind::Outcome => OUTCOMES,
        ValueKind::TicketType => TICKET_TYPES,
        ValueKind::ChangeType => CHANGE_TYPES,
        ValueKind::Role => ROLES,
        ValueKind::Text | ValueKind::Timestamp | ValueKind::Count | ValueKind::Duration => {
            return Err("this field takes no value map".into());
        }
    };
    allowed
        .iter()
        .find(|a| **a == v)
        .map(|a| text(a))
        .ok_or_else(|| format!("`{value}` is not one of {}", allowed.join(", ")))
}

/// The canonical values of a coded field, as a mapping file writes them.
pub fn allowed(kind: ValueKind) -> &'static [&'static str] {
    match kind {
        ValueKind::Priority | ValueKind::Score => &["1", "2", "3", "4", "5"],
        ValueKind::Bool => &["true", "false"],
        ValueKind::Channel => CHANNELS,
        ValueKind::Outcome => OUTCOMES,
        ValueKind::TicketType => TICKET_TYPES,
        ValueKind::ChangeType => CHANGE_TYPES,
        ValueKind::Role => ROLES,
        ValueKind::Text | ValueKind::Timestamp | ValueKind::Count | ValueKind::Duration => &[],
    }
}

/// The canonical value closest in spelling to an unknown one, for a mapping
/// file to offer (commented out: a spelling is no proof of meaning).
pub fn closest_canonical(kind: ValueKind, value: &str) -> Option<&'static str> {
    if matches!(kind, ValueKind::Priority | ValueKind::Score) {
        return None;
    }
    let v = value.trim().to_lowercase();
    allowed(kind)
        .iter()
        .map(|a| (strsim::jaro_winkler(&v, &a.replace('_', " ")), *a))
        .max_by(|x, y| x.0.total_cmp(&y.0))
        .filter(|(score, _)| *score >= 0.8)
        .map(|(_, a)| a)
}

pub const CHANNELS: &[&str] = &[
    "self_service",
    "chat",
    "phone",
    "email",
    "walk_in",
    "monitoring",
    "other",
];
pub const OUTCOMES: &[&str] = &[
    "successful",
    "successful_with_issues",
    "unsuccessful",
    "backed_out",
    "cancelled",
    "unknown",
];
pub const TICKET_TYPES: &[&str] = &["incident", "request", "change", "other"];
pub const CHANGE_TYPES: &[&str] = &["standard", "normal", "emergency"];
pub const ROLES: &[&str] = &["leadership", "practitioner"];

fn text(s: &str) -> Canonical {
    Canonical::Text(s.to_string())
}

fn leading_digit(v: &str) -> Option<i64> {
    let mut chars = v.chars();
    let first = chars.next()?.to_digit(10)?;
    match chars.next() {
        None => Some(first as i64),
        Some(c) if !c.is_ascii_digit() && c != '.' => Some(first as i64),
        Some('.') if chars.all(|c| c == '0') => Some(first as i64),
        _ => None,
    }
}

fn priority(v: &str) -> Option<i64> {
    if let Some(n) = leading_digit(v) {
        return (1..=5).contains(&n).then_some(n);
    }
    if let Some(rest) = v.strip_prefix('p') {
        return leading_digit(rest).filter(|n| (1..=5).contains(n));
    }
    // English, then Jira's default names in Spanish, German, French and Portuguese.
    match v {
        "critical" | "highest" | "urgent" | "blocker" | "very high" | "máxima" | "höchste"
        | "la plus haute" | "mais alta" => Some(1),
        "high" | "major" | "alta" | "hoch" | "haute" => Some(2),
        "medium" | "moderate" | "normal" | "media" | "mittel" | "moyenne" | "média" => Some(3),
        "low" | "minor" | "baja" | "niedrig" | "basse" | "baixa" => Some(4),
        "lowest" | "planning" | "trivial" | "very low" | "mínima" | "niedrigste"
        | "la plus basse" | "mais baixa" => Some(5),
        _ => None,
    }
}

fn score(v: &str) -> Option<i64> {
    if let Some(n) = leading_digit(v) {
        return (1..=5).contains(&n).then_some(n);
    }
    match v {
        "strongly disagree" => Some(1),
        "disagree" => Some(2),
        "neutral" | "neither agree nor disagree" => Some(3),
        "agree" => Some(4),
        "strongly agree" => Some(5),
        _ => None,
    }
}

fn boolean(v: &str) -> Option<bool> {
    match v {
        "true" | "yes" | "y" | "1" | "t" => Some(true),
        "false" | "no" | "n" | "0" | "f" => Some(false),
        _ => None,
    }
}

fn channel(v: &str) -> Option<&'static str> {
    let v = v.replace(['-', '_'], " ");
    Some(match v.as_str() {
        "self service"
        | "selfservice"
        | "portal"
        | "service portal"
        | "self service portal"
        | "customer portal"
        | "web"
        | "web form"
        | "web portal"
        | "virtual agent"
        | "chatbot"
        | "chat bot"
        | "app"
        | "mobile app"
        | "mobile"
        | "employee center"
        | "kiosk" => "self_service",
        "chat" | "live chat" | "live agent chat" | "teams" | "instant message" | "im" => "chat",
        "phone" | "telephone" | "call" | "ivr" | "voice" | "phone call" | "hotline" => "phone",
        "email" | "e mail" | "mail" => "email",
        "walk in" | "walkin" | "walk up" | "walkup" | "in person" | "desk visit" => "walk_in",
        "monitoring" | "event" | "alert" | "integration" | "api" | "system" | "automated"
        | "auto" | "event management" | "monitoring event" => "monitoring",
        "other" | "direct opening" | "fax" | "letter" | "social" | "social media" => "other",
        _ => return None,
    })
}

fn outcome(v: &str) -> Option<&'static str> {
    let v = v
        .replace(['-', '_', '/', ',', '(', ')'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let exact = match v.as_str() {
        // ServiceNow's close codes (raw and label), Jira resolutions.
        "successful" | "success" | "succeeded" | "completed" | "complete" | "implemented"
        | "done" | "fixed" | "closed successful" | "closed complete" => Some("successful"),
        "successful with issues"
        | "successful issues"
        | "completed with issues"
        | "partially successful"
        | "closed with issues" => Some("successful_with_issues"),
        "unsuccessful"
        | "failed"
        | "fail"
        | "failure"
        | "closed unsuccessful"
        | "closed incomplete" => Some("unsuccessful"),
        "backed out" | "backout" | "back out" | "rolled back" | "rollback" | "roll back"
        | "reverted" => Some("backed_out"),
        "cancelled" | "canceled" | "withdrawn" | "rejected" | "declined" | "won't do"
        | "wont do" | "closed cancelled" | "closed skipped" => Some("cancelled"),
        "unknown" => Some("unknown"),
        _ => None,
    };
    if exact.is_some() {
        return exact;
    }
    // Custom completion codes (`Change Unsuccessful-Rolled Back`, `Partial
    // Change Completed`) by their words, the strongest verdict first: a
    // change not performed, backed out, failed or partly done, done with
    // impact, done.
    let has = |words: &[&str]| words.iter().any(|w| v.contains(w));
    if has(&[
        "cancel",
        "withdrawn",
        "not performed",
        "will not be",
        "abandon",
    ]) {
        Some("cancelled")
    } else if has(&[
        "rolled back",
        "roll back",
        "rollback",
        "backed out",
        "back out",
        "backout",
        "revert",
    ]) {
        Some("backed_out")
    } else if has(&[
        "unsuccessful",
        "failed",
        "failure",
        "not successful",
        "not completed",
        "incomplete",
        "not implemented",
        "partial",
    ]) {
        Some("unsuccessful")
    } else if has(&[
        "with issues",
        "unexpected impact",
        "with impact",
        "with errors",
        "with problems",
    ]) {
        Some("successful_with_issues")
    } else if has(&[
        "successful",
        "success",
        "completed",
        "complete",
        "implemented",
    ]) {
        Some("successful")
    } else {
        None
    }
}

fn ticket_type(v: &str) -> Option<&'static str> {
    use crate::canonical::TableKind;
    if let Some(kind) = super::detect::kind_of_type(v) {
        return match kind {
            TableKind::Incidents => Some("incident"),
            TableKind::Requests => Some("request"),
            TableKind::Changes => Some("change"),
            _ => Some("other"),
        };
    }
    // Work items of Jira Software projects, in English and in Jira's
    // Spanish, German, French and Portuguese defaults: kept as tickets of
    // type other (bugs are incidents, see `kind_of_type`).
    match v {
        "problem" | "task" | "sub-task" | "subtask" | "story" | "epic" | "test"
        | "test execution" | "improvement" | "new feature" | "other" | "[system] problem"
        | "spike" | "feature" | "initiative" | "tarea" | "subtarea" | "historia" | "épica"
        | "aufgabe" | "unteraufgabe" | "tâche" | "sous-tâche" | "tarefa" | "subtarefa"
        | "história" | "épico" | "problema" | "problème" => Some("other"),
        _ => None,
    }
}

fn change_type(v: &str) -> Option<&'static str> {
    let v = v.replace(['-', '_'], " ");
    Some(match v.as_str() {
        "standard" | "standard change" | "pre approved" | "preapproved" => "standard",
        "normal" | "normal change" => "normal",
        "emergency" | "emergency change" | "urgent" => "emergency",
        _ => return None,
    })
}

fn role(v: &str) -> Option<&'static str> {
    Some(match v {
        "leadership" | "leader" | "it leadership" | "cio" | "cto" | "manager" | "management"
        | "director" | "it director" | "head of it" | "executive" | "vp" | "it manager" => {
            "leadership"
        }
        "practitioner"
        | "engineer"
        | "analyst"
        | "service desk"
        | "technician"
        | "agent"
        | "developer"
        | "administrator"
        | "admin"
        | "support"
        | "staff"
        | "operator"
        | "service desk analyst"
        | "service desk agent"
        | "support engineer"
        | "system administrator" => "practitioner",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(kind: ValueKind, raw: &str) -> Option<Canonical> {
        normalise(kind, raw)
    }

    #[test]
    fn priorities_in_every_spelling() {
        for (raw, want) in [
            ("1 - Critical", 1),
            ("P1", 1),
            ("Critical", 1),
            ("Highest", 1),
            ("1", 1),
            ("2 - High", 2),
            ("High", 2),
            ("3 - Moderate", 3),
            ("Medium", 3),
            ("p4", 4),
            ("5 - Planning", 5),
            ("Lowest", 5),
            ("3.0", 3),
        ] {
            assert_eq!(
                n(ValueKind::Priority, raw),
                Some(Canonical::Int(want)),
                "{raw}"
            );
        }
        for raw in ["None", "6", "12", "P0", ""] {
            assert_eq!(n(ValueKind::Priority, raw), None, "{raw}");
        }
    }

    #[test]
    fn channels_map_onto_classes() {
        for (raw, want) in [
            ("Self service", "self_service"),
            ("Self-service", "self_service"),
            ("Virtual Agent", "self_service"),
            ("Phone", "phone"),
            ("IVR", "phone"),
            ("Email", "email"),
            ("Walk-in", "walk_in"),
            ("Chat", "chat"),
            ("Event", "monitoring"),
            ("Direct opening", "other"),
        ] {
            assert_eq!(n(ValueKind::Channel, raw), Some(text(want)), "{raw}");
        }
        assert_eq!(n(ValueKind::Channel, "Carrier pigeon"), None);
    }

    #[test]
    fn booleans_in_every_spelling() {
        for raw in ["true", "TRUE", "Yes", "y", "1"] {
            assert_eq!(
                n(ValueKind::Bool, raw),
                Some(Canonical::Bool(true)),
                "{raw}"
            );
        }
        for raw in ["false", "No", "N", "0"] {
            assert_eq!(
                n(ValueKind::Bool, raw),
                Some(Canonical::Bool(false)),
                "{raw}"
            );
        }
        assert_eq!(n(ValueKind::Bool, "maybe"), None);
    }

    #[test]
    fn outcomes_and_change_types() {
        assert_eq!(
            n(ValueKind::Outcome, "Backed Out"),
            Some(text("backed_out"))
        );
        assert_eq!(
            n(ValueKind::Outcome, "Unsuccessful"),
            Some(text("unsuccessful"))
        );
        assert_eq!(
            n(ValueKind::Outcome, "Successful with issues"),
            Some(text("successful_with_issues"))
        );
        assert_eq!(n(ValueKind::Outcome, "In review"), None);
        assert_eq!(
            n(ValueKind::ChangeType, "Pre-approved"),
            Some(text("standard"))
        );
        assert_eq!(n(ValueKind::ChangeType, "Comprehensive"), None);
    }

    #[test]
    fn custom_completion_codes_read_by_their_words() {
        for (raw, want) in [
            ("All Changes Completed", "successful"),
            ("Partial Change Completed", "unsuccessful"),
            (
                "Change Completed-Unexpected Impact",
                "successful_with_issues",
            ),
            ("Change Unsuccessful-Rolled Back", "backed_out"),
            ("Change Cancelled - Will Not Be Performed", "cancelled"),
            ("successful_issues", "successful_with_issues"),
            ("Closed Skipped", "cancelled"),
        ] {
            assert_eq!(n(ValueKind::Outcome, raw), Some(text(want)), "{raw}");
        }
    }

    #[test]
    fn scores_and_roles() {
        assert_eq!(
            n(ValueKind::Score, "Strongly agree"),
            Some(Canonical::Int(5))
        );
        assert_eq!(n(ValueKind::Score, "1 - Initial"), Some(Canonical::Int(1)));
        assert_eq!(n(ValueKind::Score, "7"), None);
        assert_eq!(n(ValueKind::Role, "CIO"), Some(text("leadership")));
        assert_eq!(
            n(ValueKind::Role, "Service desk"),
            Some(text("practitioner"))
        );
    }

    #[test]
    fn job_titles_of_real_surveys_map_to_roles() {
        for raw in ["IT manager", "Head of IT", "IT director"] {
            assert_eq!(n(ValueKind::Role, raw), Some(text("leadership")), "{raw}");
        }
        for raw in [
            "Service desk analyst",
            "Service Desk Agent",
            "Support engineer",
            "System administrator",
        ] {
            assert_eq!(n(ValueKind::Role, raw), Some(text("practitioner")), "{raw}");
        }
        assert_eq!(n(ValueKind::Role, "Astronaut"), None);
    }

    #[test]
    fn user_values_are_checked() {
        assert_eq!(
            parse_canonical(ValueKind::Outcome, "Cancelled"),
            Ok(text("cancelled"))
        );
        assert!(parse_canonical(ValueKind::Outcome, "meh").is_err());
        assert!(parse_canonical(ValueKind::Priority, "9").is_err());
    }
}
