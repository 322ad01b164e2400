//! The generic layout: canonical field names and values, ISO 8601 dates.

use super::{Ctx, Layout};
use crate::error::Result;
use crate::generate::organisation::GROUPS;
use crate::generate::rows::*;
use crate::generate::writer::Sink;

pub struct Generic;

fn channel(c: Channel) -> &'static str {
    match c {
        Channel::Phone => "phone",
        Channel::Email => "email",
        Channel::WalkIn => "walk_in",
        Channel::Chat => "chat",
        Channel::Portal => "portal",
        Channel::VirtualAgent => "virtual_agent",
        Channel::Event => "monitoring",
    }
}

fn level(v: u8) -> &'static str {
    match v {
        1 => "high",
        2 => "medium",
        _ => "low",
    }
}

fn boolean(b: Option<bool>) -> Option<&'static str> {
    b.map(|b| if b { "true" } else { "false" })
}

fn digit(p: u8) -> &'static str {
    ["1", "2", "3", "4", "5"][(p.clamp(1, 5) - 1) as usize]
}

impl Layout for Generic {
    fn incident_header(&self) -> &'static [&'static str] {
        &[
            "id",
            "ticket_type",
            "opened_at",
            "resolved_at",
            "closed_at",
            "updated_at",
            "state",
            "priority",
            "impact",
            "urgency",
            "category",
            "channel",
            "assignment_group",
            "resolver",
            "ci",
            "reassignment_count",
            "reopen_count",
            "sla_met",
            "problem_id",
            "caused_by_change",
            "knowledge_used",
        ]
    }

    fn incident(&self, r: &IncidentRow, c: &Ctx, o: &mut Sink) -> Result<()> {
        o.code("INC", r.seq, c.incident_width)?;
        o.text("incident")?;
        o.date(Some(r.opened))?;
        o.date(r.resolved)?;
        o.date(r.closed)?;
        o.date(Some(r.updated))?;
        o.text(match r.state {
            IncidentState::New => "new",
            IncidentState::InProgress => "in_progress",
            IncidentState::OnHold => "on_hold",
            IncidentState::Resolved => "resolved",
            IncidentState::Closed => "closed",
            IncidentState::Cancelled => "cancelled",
        })?;
        o.text(digit(r.priority))?;
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
        match r.problem {
            Some(p) => o.code("PRB", p as u64, 7)?,
            None => o.text("")?,
        }
        match r.caused_by {
            Some(ch) => o.code("CHG", ch, c.change_width)?,
            None => o.text("")?,
        }
        o.opt(boolean(r.knowledge))?;
        o.end()
    }

    fn request_header(&self) -> &'static [&'static str] {
        &[
            "id",
            "ticket_type",
            "opened_at",
            "closed_at",
            "updated_at",
            "state",
            "priority",
            "category",
            "channel",
            "assignment_group",
        ]
    }

    fn request(&self, r: &RequestRow, c: &Ctx, o: &mut Sink) -> Result<()> {
        o.code("REQ", r.seq, c.request_width)?;
        o.text("request")?;
        o.date(Some(r.opened))?;
        o.date(r.closed)?;
        o.date(Some(r.updated))?;
        o.text(match r.state {
            RequestState::Open => "new",
            RequestState::InProgress => "in_progress",
            RequestState::Closed => "closed",
        })?;
        o.text(digit(r.priority))?;
        o.text(r.item)?;
        o.text(channel(r.channel))?;
        o.text(GROUPS[r.group as usize].0)?;
        o.end()
    }

    fn change_header(&self) -> &'static [&'static str] {
        &[
            "id",
            "opened_at",
            "type",
            "risk",
            "state",
            "outcome",
            "planned_start",
            "planned_end",
            "actual_start",
            "actual_end",
            "closed_at",
            "ci",
            "assignment_group",
        ]
    }

    fn change(&self, r: &ChangeRow, c: &Ctx, o: &mut Sink) -> Result<()> {
        o.code("CHG", r.seq, c.change_width)?;
        o.date(Some(r.opened))?;
        o.text(match r.kind {
            ChangeType::Standard => "standard",
            ChangeType::Normal => "normal",
            ChangeType::Emergency => "emergency",
        })?;
        o.text(match r.risk {
            Risk::Low => "low",
            Risk::Moderate => "moderate",
            Risk::High => "high",
        })?;
        o.text(match r.state {
            ChangeState::New => "new",
            ChangeState::Assess => "assess",
            ChangeState::Implement => "implement",
            ChangeState::Review => "review",
            ChangeState::Closed => "closed",
            ChangeState::Cancelled => "cancelled",
        })?;
        o.opt(r.outcome.map(|x| match x {
            Outcome::Successful => "successful",
            Outcome::SuccessfulWithIssues => "successful_with_issues",
            Outcome::Unsuccessful => "unsuccessful",
            Outcome::BackedOut => "backed_out",
            Outcome::Cancelled => "cancelled",
        }))?;
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
            "id",
            "class",
            "status",
            "install_status",
            "owner",
            "support_group",
            "updated_at",
            "discovered_at",
            "criticality",
            "environment",
        ])
    }

    fn ci(&self, r: &CiRow, c: &Ctx, o: &mut Sink) -> Result<()> {
        o.text(&c.org.cis[r.index as usize].name)?;
        o.text(r.class.label())?;
        let (status, install) = match r.status {
            OperationalStatus::Operational => ("operational", "installed"),
            OperationalStatus::NonOperational => ("non_operational", "in_maintenance"),
            OperationalStatus::Retired => ("retired", "retired"),
        };
        o.text(status)?;
        o.text(install)?;
        o.opt(r.owner.map(|i| c.org.owners[i as usize].as_str()))?;
        o.opt(r.support_group.map(|g| GROUPS[g as usize].0))?;
        o.date(Some(r.updated))?;
        o.date(r.discovered)?;
        o.text(digit(r.criticality))?;
        o.opt(r.environment.map(|e| match e {
            "Production" => "production",
            "Test" => "test",
            _ => "development",
        }))?;
        o.end()
    }
}
