//! Each discipline's evidence level, its range and the perception gap,
//! before and after.

use super::DisciplineChange;
use super::read::Assessment;

pub fn changes(before: &Assessment, after: &Assessment) -> Vec<DisciplineChange> {
    let mut names: Vec<&str> = before.disciplines.iter().map(|d| d.name.as_str()).collect();
    for d in &after.disciplines {
        if !names.contains(&d.name.as_str()) {
            names.push(&d.name);
        }
    }
    names
        .into_iter()
        .map(|name| {
            let b = before.disciplines.iter().find(|d| d.name == name);
            let a = after.disciplines.iter().find(|d| d.name == name);
            DisciplineChange {
                discipline: name.to_string(),
                evidence_level_before: b.and_then(|d| d.level),
                evidence_level_after: a.and_then(|d| d.level),
                evidence_range_before: b.and_then(|d| d.range),
                evidence_range_after: a.and_then(|d| d.range),
                perception_gap_before: b.and_then(|d| d.gap),
                perception_gap_after: a.and_then(|d| d.gap),
            }
        })
        .collect()
}
