//! Jira Cloud, Server and Service Management "CSV (all fields)" exports:
//! fixed system columns, `Custom field (...)` columns, and one repeated column
//! per value of a multi-value field (the first one is used). A Jira user
//! whose interface speaks Spanish, German, French or Portuguese gets the
//! system columns translated (`Clave de incidencia`, `Vorgangsschlüssel`,
//! `Clé de ticket`, `Chave do item`); the names below are those seen in real
//! exports. Custom-field prefixes are translated in `header::match_key`.

use super::{AliasTable, Profile};

/// Issue key: en, es, de, fr, pt.
const ISSUE_KEY: &[&str] = &[
    "Issue key",
    "Clave de incidencia",
    "Vorgangsschlüssel",
    "Clé de ticket",
    "Chave do item",
];
/// The columns naming each row's issue type.
pub const ISSUE_TYPE: &[&str] = &[
    "Issue Type",
    "Tipo de Incidencia",
    "Vorgangstyp",
    "Type de ticket",
    "Tipo de item",
];
const CREATED: &[&str] = &[
    "Created",
    "Creada",
    "Erstellt",
    "Criado",
    "Création",
    "Créé",
];
const RESOLVED: &[&str] = &["Resolved", "Resuelta", "Gelöst", "Résolu", "Resolvido"];
const UPDATED: &[&str] = &[
    "Updated",
    "Actualizada",
    "Aktualisiert",
    "Mis à jour",
    "Mise à jour",
    "Atualizado",
];
const STATUS: &[&str] = &["Status", "Estado", "État", "Statut", "Situação"];
const PRIORITY: &[&str] = &[
    "Priority",
    "Prioridad",
    "Priorität",
    "Priorité",
    "Prioridade",
];
const RESOLUTION: &[&str] = &[
    "Resolution",
    "Resolución",
    "Lösung",
    "Résolution",
    "Resolução",
];
const ASSIGNEE: &[&str] = &[
    "Assignee",
    "Persona asignada",
    "Zugewiesene Person",
    "Bearbeiter",
    "Personne assignée",
    "Responsável",
    "Responsable",
];

const TICKETS: AliasTable = &[
    ("id", ISSUE_KEY),
    ("ticket_type", ISSUE_TYPE),
    ("opened_at", CREATED),
    ("resolved_at", RESOLVED),
    ("updated_at", UPDATED),
    ("state", STATUS),
    ("priority", PRIORITY),
    (
        "category",
        &["Custom field (Request Type)", "Component/s", "Components"],
    ),
    (
        "channel",
        &[
            "Custom field (Source)",
            "Custom field (Channel)",
            "Custom field (Request channel type)",
        ],
    ),
    ("assignment_group", &["Custom field (Team)", "Team"]),
    ("resolver", ASSIGNEE),
    (
        "ci",
        &[
            "Custom field (Asset)",
            "Custom field (Assets)",
            "Custom field (Configuration item)",
        ],
    ),
    ("service", &["Custom field (Affected services)"]),
    ("reopen_count", &["Custom field (Reopen Counter)"]),
];

const CHANGES: AliasTable = &[
    ("id", ISSUE_KEY),
    ("opened_at", CREATED),
    (
        "planned_start",
        &[
            "Custom field (Planned start)",
            "Custom field (Change start date)",
        ],
    ),
    (
        "planned_end",
        &[
            "Custom field (Planned end)",
            "Custom field (Change completion date)",
        ],
    ),
    ("actual_start", &["Custom field (Actual start)"]),
    ("actual_end", &["Custom field (Actual end)"]),
    ("closed_at", RESOLVED),
    ("type", &["Custom field (Change type)"]),
    ("risk", &["Custom field (Change risk)"]),
    ("outcome", RESOLUTION),
    ("state", STATUS),
    ("priority", PRIORITY),
    (
        "ci",
        &["Custom field (Asset)", "Custom field (Configuration item)"],
    ),
    ("assignment_group", &["Custom field (Team)", "Team"]),
];

const NONE: AliasTable = &[];

pub const JIRA: Profile = Profile {
    name: "jira",
    tool: "Jira CSV export",
    signature: &[
        "Issue key",
        "Issue id",
        "Issue Type",
        "Project key",
        "Project name",
        "Summary",
        "Reporter",
        "Status Category",
        "Sprint",
        "Watchers",
        "Clave de incidencia",
        "ID de la incidencia",
        "Tipo de Incidencia",
        "Clave del proyecto",
        "Nombre del proyecto",
        "Resumen",
        "Informador",
        "Categoría de estado",
        "Vorgangsschlüssel",
        "Vorgangstyp",
        "Projektschlüssel",
        "Zusammenfassung",
        "Statuskategorie",
        "Clé de ticket",
        "Type de ticket",
        "Rapporteur",
        "Chave do item",
        "ID do Item",
        "Chave do projeto",
        "Resumo",
    ],
    signature_prefixes: &["Custom field (", "Inward issue link", "Outward issue link"],
    event_log: false,
    tickets: TICKETS,
    changes: CHANGES,
    cis: NONE,
    survey: NONE,
    interactions: NONE,
};
