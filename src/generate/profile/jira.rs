//! Jira Service Management "CSV (all fields)" exports: system columns,
//! `Custom field (...)` columns, `17/Jul/25 10:44 AM` dates (minutes only).
//! Jira has no CMDB export the ingest reads, and no reassignment, SLA-met,
//! knowledge, problem or caused-by columns.

use super::{Ctx, Layout, summary};
use crate::error::Result;
use crate::generate::organisation::GROUPS;
use crate::generate::rows::*;
use crate::generate::writer::Sink;

pub struct Jira;

fn priority(p: u8) -> &'static str {
    match p {
        1 => "Highest",
        2 => "High",
        3 => "Medium",
        4 => "Low",
        _ => "Lowest",
    }
}

fn channel(c: Channel) -> &'static str {
    match c {
        Channel::Phone => "Phone",
        Channel::Email => "Email",
        Channel::WalkIn => "Walk-in",
        Channel::Chat => "Chat",
        Channel::Portal => "Portal",
        Channel::VirtualAgent => "Virtual agent",
        Channel::Event => "API",
    }
}

const ISSUE_ID_BASE: u64 = 10_000;

impl Layout for Jira {
    fn incident_header(&self) -> &'static [&'static str] {
        &[
            "Summary",
            "Issue key",
            "Issue id",
            "Issue Type",
            "Status",
            "Project key",
            "Priority",
            "Created",
            "Updated",
            "Resolved",
            "Assignee",
            "Custom field (Team)",
            "Custom field (Request channel type)",
            "Custom field (Request Type)",
            "Custom field (Asset)",
            "Custom field (Reopen Counter)",
        ]
    }

    fn incident(&self, r: &IncidentRow, c: &Ctx, o: &mut Sink) -> Result<()> {
        o.text(summary(r.category, r.seq))?;
        o.code("IT-", r.seq, 1)?;
        o.number(Some(ISSUE_ID_BASE + r.seq))?;
        o.text("Incident")?;
        o.text(match r.state {
            IncidentState::New => "Open",
            IncidentState::InProgress => "In Progress",
            IncidentState::OnHold => "Pending",
            IncidentState::Resolved => "Resolved",
            IncidentState::Closed => "Closed",
            IncidentState::Cancelled => "Canceled",
        })?;
        o.text("IT")?;
        o.text(priority(r.priority))?;
        o.date(Some(r.opened))?;
        o.date(Some(r.updated))?;
        o.date(r.resolved)?;
        o.opt(
            r.resolver
                .map(|i| c.org.resolvers[i as usize].name.as_str()),
        )?;
        o.text(GROUPS[r.group as usize].0)?;
        o.text(channel(r.channel))?;
        o.text(r.category)?;
        o.opt(r.ci.map(|i| c.org.cis[i as usize].name.as_str()))?;
        o.number(r.reopen.map(u64::from))?;
        o.end()
    }

    fn request_header(&self) -> &'static [&'static str] {
        &[
            "Summary",
            "Issue key",
            "Issue id",
            "Issue Type",
            "Status",
            "Project key",
            "Priority",
            "Created",
            "Updated",
            "Resolved",
            "Custom field (Team)",
            "Custom field (Request channel type)",
            "Custom field (Request Type)",
        ]
    }

    fn request(&self, r: &RequestRow, c: &Ctx, o: &mut Sink) -> Result<()> {
        let _ = c;
        o.text(r.item)?;
        o.code("SR-", r.seq, 1)?;
        o.number(Some(ISSUE_ID_BASE * 100 + r.seq))?;
        o.text("Service Request")?;
        o.text(match r.state {
            RequestState::Open => "Waiting for support",
            RequestState::InProgress => "In Progress",
            RequestState::Closed => "Resolved",
        })?;
        o.text("SR")?;
        o.text(priority(r.priority))?;
        o.date(Some(r.opened))?;
        o.date(Some(r.updated))?;
        o.date(r.closed)?;
        o.text(GROUPS[r.group as usize].0)?;
        o.text(channel(r.channel))?;
        o.text(r.item)?;
        o.end()
    }

    fn change_header(&self) -> &'static [&'static str] {
        &[
            "Summary",
            "Issue key",
            "Issue id",
            "Issue Type",
            "Status",
            "Project key",
            "Created",
            "Resolved",
            "Resolution",
            "Custom field (Change type)",
            "Custom field (Change risk)",
            "Custom field (Planned start)",
            "Custom field (Planned end)",
            "Custom field (Actual start)",
            "Custom field (Actual end)",
            "Custom field (Asset)",
            "Custom field (Team)",
        ]
    }

    fn change(&self, r: &ChangeRow, c: &Ctx, o: &mut Sink) -> Result<()> {
        o.text(match r.kind {
            ChangeType::Standard => "Standard change from catalogue",
            ChangeType::Normal => "Planned maintenance",
            ChangeType::Emergency => "Emergency fix",
        })?;
        o.code("CHG-", r.seq, 1)?;
        o.number(Some(ISSUE_ID_BASE * 10_000 + r.seq))?;
        o.text("Change")?;
        o.text(match r.state {
            ChangeState::New | ChangeState::Assess => "Planning",
            ChangeState::Implement => "Implementing",
            ChangeState::Review => "Peer review",
            ChangeState::Closed => "Completed",
            ChangeState::Cancelled => "Canceled",
        })?;
        o.text("CHG")?;
        o.date(Some(r.opened))?;
        o.date(r.closed)?;
        o.opt(r.outcome.map(|x| match x {
            Outcome::Successful => "Done",
            Outcome::SuccessfulWithIssues => "Completed with issues",
            Outcome::Unsuccessful => "Failed",
            Outcome::BackedOut => "Backed out",
            Outcome::Cancelled => "Won't Do",
        }))?;
        o.text(super::servicenow::change_type(r.kind))?;
        o.text(match r.risk {
            Risk::Low => "Low",
            Risk::Moderate => "Medium",
            Risk::High => "High",
        })?;
        o.date(r.planned_start)?;
        o.date(r.planned_end)?;
        o.date(r.actual_start)?;
        o.date(r.actual_end)?;
        o.opt(r.ci.map(|i| c.org.cis[i as usize].name.as_str()))?;
        o.text(GROUPS[r.group as usize].0)?;
        o.end()
    }

    fn ci_header(&self) -> Option<&'static [&'static str]> {
        None
    }

    fn ci(&self, _: &CiRow, _: &Ctx, _: &mut Sink) -> Result<()> {
        Ok(())
    }
}
