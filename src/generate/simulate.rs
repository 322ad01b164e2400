//! The simulation loop: day by day, the changes raised, the requests and the
//! incidents (everyday load plus what earlier days planted), each written as
//! soon as it is made and counted for the truth. Nothing per row is kept
//! beyond what the truth's counters need.

use super::GenerateOptions;
use super::calendar::{DAY, Ts};
use super::changes::Changes;
use super::cmdb;
use super::event_log;
use super::organisation::{GROUPS, Org, resolver_count};
use super::profile::{Ctx, Profile};
use super::rng::{Draw, Stream};
use super::survey;
use super::tickets::{Cause, Planned, Tickets};
use super::truth::{Organisation, Truth, TruthDoc};
use super::world::{World, allocate};
use super::writer::{Sink, Written, width_for};
use crate::error::Result;
use std::cmp::Reverse;
use std::collections::BinaryHeap;

pub fn simulate(options: &GenerateOptions) -> Result<(Vec<Written>, TruthDoc)> {
    let knobs = &options.knobs;
    let profile: Profile = options.profile;
    let layout = profile.layout();
    let style = profile.date_style();
    let seed = options.seed;
    let dir = options.out.as_path();

    let world = World::new(knobs, style)?;
    let org = Org::new(
        knobs,
        world.start,
        world.end,
        &mut Draw::new(seed, Stream::Organisation),
    );
    let ctx = Ctx {
        org: &org,
        incident_width: width_for(knobs.incidents, 7),
        request_width: width_for(knobs.request_count(), 7),
        change_width: width_for(knobs.changes, 7),
    };
    let last_day = world.day_start(world.days - 1);
    let mut truth = Truth::new(
        profile,
        org.cis.len(),
        org.resolvers.len(),
        last_day,
        world.end,
    );
    let mut files = Vec::new();

    // The CMDB, as it stands at the export.
    if let Some(header) = layout.ci_header() {
        let mut sink = Sink::create(dir, "cmdb_ci.csv", "cis", header, style)?;
        let mut draw = Draw::new(seed, Stream::Cmdb);
        for row in cmdb::rows(knobs, &org, world.end, &mut draw) {
            layout.ci(&row, &ctx, &mut sink)?;
            truth.ci(&row);
        }
        files.push(sink.finish()?);
    }

    // How many of each fall on each day. Incidents span the whole window (at
    // least one on its first and last day, so that the window is the span of
    // the incident export); requests and changes fall strictly inside it.
    let mut calendar = Draw::new(seed, Stream::Calendar);
    let days = world.days;
    let ticket_weights = world.ticket_weights();
    let mut incident_days = allocate(knobs.incidents, &ticket_weights, 0, days, &mut calendar);
    for edge in [0, days - 1] {
        if incident_days[edge] > 0 {
            continue;
        }
        // Taken from the busiest day that can spare one (an edge day keeps its own).
        let spare = |d: usize| {
            let keep = if d == 0 || d == days - 1 { 1 } else { 0 };
            incident_days[d].saturating_sub(keep)
        };
        if let Some(donor) = (0..days)
            .filter(|&d| spare(d) > 0)
            .max_by_key(|&d| (incident_days[d], Reverse(d)))
        {
            incident_days[donor] -= 1;
            incident_days[edge] += 1;
        }
    }
    let request_days = allocate(
        knobs.request_count(),
        &ticket_weights,
        1,
        days - 1,
        &mut calendar,
    );
    let change_days = allocate(
        knobs.changes,
        &world.change_weights(),
        1,
        days - 1,
        &mut calendar,
    );

    let mut incidents_out = Sink::create(
        dir,
        "incidents.csv",
        "incidents",
        layout.incident_header(),
        style,
    )?;
    let mut requests_out = match knobs.request_count() {
        0 => None,
        _ => Some(Sink::create(
            dir,
            "requests.csv",
            "requests",
            layout.request_header(),
            style,
        )?),
    };
    let mut changes_out = match knobs.changes {
        0 => None,
        _ => Some(Sink::create(
            dir,
            "changes.csv",
            "changes",
            layout.change_header(),
            style,
        )?),
    };

    let mut tickets = Tickets::new(knobs, &org, &world);
    let mut changes = Changes::new(knobs, &org, &world);
    let mut incident_draw = Draw::new(seed, Stream::Incidents);
    let mut request_draw = Draw::new(seed, Stream::Requests);
    let mut change_draw = Draw::new(seed, Stream::Changes);
    let mut pending: BinaryHeap<Reverse<Planned>> = BinaryHeap::new();
    let mut planned_seq = 0u64;
    let mut caused: Vec<(Ts, Cause)> = Vec::new();
    let mut debt = 0u64;
    let mut today: Vec<Planned> = Vec::new();
    let mut times: Vec<Ts> = Vec::new();

    for day in 0..days {
        let day_end = world.day_start(day) + DAY;

        // Changes raised today, in time order.
        if let Some(out) = changes_out.as_mut() {
            times.clear();
            times.extend((0..change_days[day]).map(|_| world.office_time(day, &mut change_draw)));
            times.sort_unstable();
            for &t in &times {
                let row = changes.change(t, &mut change_draw, &mut caused);
                layout.change(&row, &ctx, out)?;
                truth.change(&row)?;
                plan(&mut pending, &mut planned_seq, &mut caused);
            }
        }

        // Requests raised today.
        if let Some(out) = requests_out.as_mut() {
            times.clear();
            times.extend((0..request_days[day]).map(|_| world.ticket_time(day, &mut request_draw)));
            times.sort_unstable();
            for &t in &times {
                let row = tickets.request(t, &mut request_draw);
                layout.request(&row, &ctx, out)?;
                truth.request(&row);
            }
        }

        // Incidents: what earlier days planted for today, then the everyday load.
        today.clear();
        while let Some(Reverse(p)) = pending.peek().copied() {
            if p.at >= day_end {
                break;
            }
            pending.pop();
            today.push(p);
        }
        let wanted = incident_days[day];
        let planted = today.len() as u64 + debt;
        let mut background = wanted.saturating_sub(planted);
        debt = planted.saturating_sub(wanted);
        if (day == 0 || day == days - 1) && wanted > 0 && background == 0 {
            // The window's first and last days always have an everyday incident.
            background = 1;
        }
        for _ in 0..background {
            let at = world.ticket_time(day, &mut incident_draw);
            planned_seq += 1;
            today.push(Planned {
                at,
                seq: planned_seq,
                cause: Cause::Background,
            });
        }
        today.sort_unstable();
        for p in &today {
            let mut row = tickets.incident(p, &mut incident_draw, &mut caused);
            profile.restrict(&mut row);
            if options.event_log {
                for earlier in event_log::earlier_versions(&row) {
                    layout.incident(&earlier, &ctx, &mut incidents_out)?;
                }
            }
            layout.incident(&row, &ctx, &mut incidents_out)?;
            truth.incident(&row)?;
            plan(&mut pending, &mut planned_seq, &mut caused);
        }
    }

    files.push(incidents_out.finish()?);
    if let Some(out) = requests_out {
        files.push(out.finish()?);
    }
    if let Some(out) = changes_out {
        files.push(out.finish()?);
    }

    let survey = survey::write(
        dir,
        knobs,
        world.end,
        &mut Draw::new(seed, Stream::Survey),
        &truth.realised_percent(),
    )?;
    truth.survey(survey.tally, survey.latest);
    files.extend(survey.files);

    let organisation = Organisation {
        assignment_groups: GROUPS.len(),
        resolvers_at_start: resolver_count(knobs),
        resolvers_joined: org.resolvers.len() - resolver_count(knobs),
        cis_in_cmdb: org.cmdb_count,
        cis_missing_from_cmdb: org.cis.len() - org.cmdb_count,
        noisy_cis: org
            .cis
            .iter()
            .filter(|c| c.noisy)
            .map(|c| c.name.clone())
            .collect(),
    };
    let doc = truth.finish(seed, knobs, organisation, files.clone())?;
    Ok((files, doc))
}

/// Queues the incidents just planted, in the order they were planted.
fn plan(pending: &mut BinaryHeap<Reverse<Planned>>, seq: &mut u64, caused: &mut Vec<(Ts, Cause)>) {
    for (at, cause) in caused.drain(..) {
        *seq += 1;
        pending.push(Reverse(Planned {
            at,
            seq: *seq,
            cause,
        }));
    }
}
