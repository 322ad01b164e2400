//! ServiceNow list exports (raw field names, display values for choices,
//! `YYYY-MM-DD HH:MM:SS` dates).

use super::{Ctx, Layout};
use crate::error::Result;
use crate::generate::organisation::GROUPS;
use crate::generate::rows::*;
use crate::generate::writer::Sink;

pub struct ServiceNow;

pub fn priority(p: u8) -> &'static str {
    match p {
        1 => "1 - Critical",
        2 => "2 - High",
        3 => "3 - Moderate",
        4 => "4 - Low",
        _ => "5 - Planning",
    }
}

fn level(v: u8) -> &'static str {
    match v {
        1 => "1 - High",
        2 => "2 - Medium",
        _ => "3 - Low",
    }
}

fn channel(c: Channel) -> &'static str {
    match c {
        Channel::Phone => "Phone",
        Channel::Email => "Email",
        Channel::WalkIn => "Walk-in",
        Channel::Chat => "Chat",
        Channel::Portal => "Self-service",
        Channel::VirtualAgent => "Virtual Agent",
        Channel::Event => "Event",
    }
}

fn boolean(b: Option<bool>) -> Option<&'static str> {
    b.map(|b| if b { "true" } else { "false" })
}

fn outcome(o: Outcome) -> &'static str {
    match o {
        Outcome::Successful => "Successful",
        Outcome::SuccessfulWithIssues => "Successful with issues",
        Outcome::Unsuccessful => "Unsuccessful",
        Outcome::BackedOut => "Backed Out",
        Outcome::Cancelled => "Cancelled",
    }
}

fn risk(r: Risk) -> &'static str {
    match r {
        Risk::Low => "Low",
        Risk::Moderate => "Moderate",
        Risk::High => "High",
    }
}

pub fn change_type(t: ChangeType) -> &'static str {
    match t {
        ChangeType::Standard => "Standard",
        ChangeType::Normal => "Normal",
        ChangeType::Emergency => "Emergency",
    }
}

impl Layout for ServiceNow {
    fn incident_header(&self) -> &'static [&'static str] {
        &[
            "number",
            "opened_at",
            "resolved_at",
            "closed_at",
            "incident_state",
            "priority",
            "impact",
            "urgency",
            "category",
            "contact_type",
            "assignment_group",
            "resolved_by",
            "cmdb_ci",
            "reassignment_count",
            "reopen_count",
            "made_sla",
            "knowledge",
            "problem_id",
            "caused_by",
            "sys_updated_on",
        ]
    }

    fn incident(&self, r: &IncidentRow, c: &Ctx, o: &mut Sink) -> Result<()> {
        o.code("INC", r.seq, c.incident_width)?;
        o.date(Some(r.opened))?;
        o.date(r.resolved)?;
        o.date(r.closed)?;
        o.text(match r.state {
            IncidentState::New => "New",
            IncidentState::InProgress => "In Progress",
            IncidentState::OnHold => "On Hold",
            IncidentState::Resolved => "Resolved",
            IncidentState::Closed => "Closed",
            IncidentState::Cancelled => "Canceled",
        })?;
        o.text(priority(r.priority))?;
        o.text(level(r.impact))?;
        o.text(level(r.urgency))?;
        o.text(r.category)?;
        o.text(channel(r.channel))?;
        o.text(GROUPS[r.group as usize].0)?;
        o.opt(
            r.resolver
                .map(|i| c.org.resolvers[i as usize].name.as_str()),
        )?;
        o.opt(r.ci.map(|i| c.org.cis[i as usize].name.as_str()))?;
        o.number(r.reassignment.map(u64::from))?;
        o.number(r.reopen.map(u64::from))?;
        o.opt(boolean(r.sla_met))?;
        o.opt(boolean(r.knowledge))?;
        match r.problem {
            Some(p) => o.code("PRB", p as u64, 7)?,
            None => o.text("")?,
        }
        match r.caused_by {
            Some(ch) => o.code("CHG", ch, c.change_width)?,
            None => o.text("")?,
        }
        o.date(Some(r.updated))?;
        o.end()
    }

    fn request_header(&self) -> &'static [&'static str] {
        &[
            "number",
            "request",
            "sys_class_name",
            "cat_item",
            "opened_at",
            "closed_at",
            "state",
            "stage",
            "priority",
            "contact_type",
            "assignment_group",
            "sys_updated_on",
        ]
    }

    fn request(&self, r: &RequestRow, c: &Ctx, o: &mut Sink) -> Result<()> {
        o.code("RITM", r.seq, c.request_width)?;
        o.code("REQ", r.seq, c.request_width)?;
        o.text("sc_req_item")?;
        o.text(r.item)?;
        o.date(Some(r.opened))?;
        o.date(r.closed)?;
        let (state, stage) = match r.state {
            RequestState::Open => ("Open", "Waiting for Approval"),
            RequestState::InProgress => ("Work in Progress", "Fulfillment"),
            RequestState::Closed => ("Closed Complete", "Completed"),
        };
        o.text(state)?;
        o.text(stage)?;
        o.text(priority(r.priority))?;
        o.text(channel(r.channel))?;
        o.text(GROUPS[r.group as usize].0)?;
        o.date(Some(r.updated))?;
        o.end()
    }

    fn change_header(&self) -> &'static [&'static str] {
        &[
            "number",
            "opened_at",
            "type",
            "risk",
            "state",
            "close_code",
            "start_date",
            "end_date",
            "work_start",
            "work_end",
            "closed_at",
            "cmdb_ci",
            "assignment_group",
        ]
    }

    fn change(&self, r: &ChangeRow, c: &Ctx, o: &mut Sink) -> Result<()> {
        o.code("CHG", r.seq, c.change_width)?;
        o.date(Some(r.opened))?;
        o.text(change_type(r.kind))?;
        o.text(risk(r.risk))?;
        o.text(match r.state {
            ChangeState::New => "New",
            ChangeState::Assess => "Assess",
            ChangeState::Implement => "Implement",
            ChangeState::Review => "Review",
            ChangeState::Closed => "Closed",
            ChangeState::Cancelled => "Canceled",
        })?;
        o.opt(r.outcome.map(outcome))?;
        o.date(r.planned_start)?;
        o.date(r.planned_end)?;
        o.date(r.actual_start)?;
        o.date(r.actual_end)?;
        o.date(r.closed)?;
        o.opt(r.ci.map(|i| c.org.cis[i as usize].name.as_str()))?;
        o.text(GROUPS[r.group as usize].0)?;
        o.end()
    }

    fn ci_header(&self) -> Option<&'static [&'static str]> {
        Some(&[
            "name",
            "sys_class_name",
            "operational_status",
            "install_status",
            "owned_by",
            "support_group",
            "sys_updated_on",
            "last_discovered",
            "business_criticality",
            "environment",
        ])
    }

    fn ci(&self, r: &CiRow, c: &Ctx, o: &mut Sink) -> Result<()> {
        o.text(&c.org.cis[r.index as usize].name)?;
        o.text(r.class.table())?;
        let (status, install) = match r.status {
            OperationalStatus::Operational => ("Operational", "Installed"),
            OperationalStatus::NonOperational => ("Non-Operational", "In Maintenance"),
            OperationalStatus::Retired => ("Retired", "Retired"),
        };
        o.text(status)?;
        o.text(install)?;
        o.opt(r.owner.map(|i| c.org.owners[i as usize].as_str()))?;
        o.opt(r.support_group.map(|g| GROUPS[g as usize].0))?;
        o.date(Some(r.updated))?;
        o.date(r.discovered)?;
        o.text(match r.criticality {
            1 => "1 - most critical",
            2 => "2 - somewhat critical",
            3 => "3 - less critical",
            _ => "4 - not critical",
        })?;
        o.opt(r.environment)?;
        o.end()
    }
}
