//! The records as they are written, independent of any tool's spelling. A
//! profile turns each into its columns; the truth is computed from the same
//! records, so it describes exactly what the files hold.

use super::calendar::Ts;
use super::organisation::CiClass;

/// How a ticket was raised, as the source tool distinguishes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channel {
    Phone,
    Email,
    WalkIn,
    Chat,
    Portal,
    VirtualAgent,
    Event,
}

impl Channel {
    /// The canonical channel class (`docs/schema.md`).
    pub fn class(self) -> &'static str {
        match self {
            Channel::Phone => "phone",
            Channel::Email => "email",
            Channel::WalkIn => "walk_in",
            Channel::Chat => "chat",
            Channel::Portal | Channel::VirtualAgent => "self_service",
            Channel::Event => "monitoring",
        }
    }

    pub fn is_self_service(self) -> bool {
        matches!(self, Channel::Portal | Channel::VirtualAgent)
    }

    /// Raised by a person (everything but monitoring).
    pub fn by_person(self) -> bool {
        self != Channel::Event
    }
}

/// The canonical channel classes, in reporting order.
pub const CHANNEL_CLASSES: [&str; 6] = [
    "self_service",
    "chat",
    "phone",
    "email",
    "walk_in",
    "monitoring",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IncidentState {
    New,
    InProgress,
    OnHold,
    Resolved,
    Closed,
    Cancelled,
}

/// One incident as written. `None` is an empty cell (or a column the profile lacks).
#[derive(Debug, Clone)]
pub struct IncidentRow {
    pub seq: u64,
    pub opened: Ts,
    pub resolved: Option<Ts>,
    pub closed: Option<Ts>,
    pub updated: Ts,
    pub state: IncidentState,
    pub priority: u8,
    pub impact: u8,
    pub urgency: u8,
    pub category: &'static str,
    pub channel: Channel,
    pub group: u16,
    pub resolver: Option<u32>,
    pub ci: Option<u32>,
    pub reassignment: Option<u32>,
    pub reopen: Option<u32>,
    pub sla_met: Option<bool>,
    pub knowledge: Option<bool>,
    pub problem: Option<u32>,
    /// The change (its sequence number) named as the cause.
    pub caused_by: Option<u64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequestState {
    Open,
    InProgress,
    Closed,
}

/// One service request (requested item) as written.
#[derive(Debug, Clone)]
pub struct RequestRow {
    pub seq: u64,
    pub opened: Ts,
    pub closed: Option<Ts>,
    pub updated: Ts,
    pub state: RequestState,
    pub priority: u8,
    pub channel: Channel,
    pub group: u16,
    pub item: &'static str,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeType {
    Standard,
    Normal,
    Emergency,
}

/// The close code of a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Successful,
    SuccessfulWithIssues,
    Unsuccessful,
    BackedOut,
    Cancelled,
}

impl Outcome {
    /// Failed in the sense of `change.failure_rate`.
    pub fn failed(self) -> bool {
        matches!(self, Outcome::Unsuccessful | Outcome::BackedOut)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeState {
    New,
    Assess,
    Implement,
    Review,
    Closed,
    Cancelled,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Risk {
    Low,
    Moderate,
    High,
}

/// One change request as written.
#[derive(Debug, Clone)]
pub struct ChangeRow {
    pub seq: u64,
    pub opened: Ts,
    pub planned_start: Option<Ts>,
    pub planned_end: Option<Ts>,
    pub actual_start: Option<Ts>,
    pub actual_end: Option<Ts>,
    pub closed: Option<Ts>,
    pub kind: ChangeType,
    pub risk: Risk,
    pub outcome: Option<Outcome>,
    pub state: ChangeState,
    pub ci: Option<u32>,
    pub group: u16,
}

impl ChangeRow {
    /// Implemented and not cancelled: counted by the change failure rate.
    pub fn completed(&self) -> bool {
        self.actual_end.is_some() && self.outcome != Some(Outcome::Cancelled)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OperationalStatus {
    Operational,
    NonOperational,
    Retired,
}

/// One configuration item of the CMDB export.
#[derive(Debug, Clone)]
pub struct CiRow {
    pub index: u32,
    pub class: CiClass,
    pub status: OperationalStatus,
    pub owner: Option<u32>,
    pub support_group: Option<u16>,
    pub updated: Ts,
    pub discovered: Option<Ts>,
    /// 1 (most critical) .. 4.
    pub criticality: u8,
    pub environment: Option<&'static str>,
}
