//! The organisation's standing parts: assignment groups, the resolvers in them
//! (who join, leave, and how much of the work each takes), and the configuration
//! items tickets and changes are raised against.

use super::calendar::{DAY, Ts};
use super::knobs::Knobs;
use super::names::NamePool;
use super::rng::{Alias, Draw};

/// Assignment groups and their share of the resolvers.
pub const GROUPS: &[(&str, f64)] = &[
    ("Service Desk", 0.25),
    ("End User Computing", 0.10),
    ("Windows Server", 0.08),
    ("Linux Server", 0.08),
    ("Database Administration", 0.06),
    ("Network Operations", 0.08),
    ("Storage & Backup", 0.04),
    ("Application Support - ERP", 0.08),
    ("Application Support - Web", 0.08),
    ("Identity & Access", 0.05),
    ("Cloud Platform", 0.06),
    ("Security Operations", 0.04),
];
pub const SERVICE_DESK: u16 = 0;
pub const END_USER: u16 = 1;
pub const IDENTITY: u16 = 9;
/// The group whose reopen rate `outlier_team_reopen_factor` multiplies
/// (Database Administration: a mid-sized team, about 5 % of incidents).
pub const OUTLIER_GROUP: u16 = 4;

const SITES: &[&str] = &["LON", "NYC", "FRA", "SIN", "MAD"];
const APPS: &[&str] = &[
    "PAYROLL",
    "SAP-ERP",
    "INTRANET",
    "CRM",
    "HR-PORTAL",
    "BILLING",
    "DWH",
    "VPN",
    "EMAIL",
    "SHAREPOINT",
    "CITRIX",
    "WEBSHOP",
    "TREASURY",
    "DMS",
    "PLM",
    "SERVICE-PORTAL",
];

/// What a configuration item is; decides its class name, team and load.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CiClass {
    Computer,
    WinServer,
    LinuxServer,
    Application,
    Database,
    Network,
    Storage,
}

impl CiClass {
    const ALL: [CiClass; 7] = [
        CiClass::Computer,
        CiClass::WinServer,
        CiClass::LinuxServer,
        CiClass::Application,
        CiClass::Database,
        CiClass::Network,
        CiClass::Storage,
    ];

    fn share(self) -> f64 {
        match self {
            CiClass::Computer => 0.40,
            CiClass::WinServer => 0.15,
            CiClass::LinuxServer => 0.15,
            CiClass::Application => 0.12,
            CiClass::Database => 0.07,
            CiClass::Network => 0.08,
            CiClass::Storage => 0.03,
        }
    }

    /// Relative incident load of one CI of the class.
    fn incident_factor(self) -> f64 {
        match self {
            CiClass::Computer => 0.8,
            CiClass::WinServer | CiClass::LinuxServer => 1.0,
            CiClass::Application => 2.0,
            CiClass::Database => 1.2,
            CiClass::Network => 1.5,
            CiClass::Storage => 0.8,
        }
    }

    /// Relative change load of one CI of the class.
    fn change_factor(self) -> f64 {
        match self {
            CiClass::Computer => 0.03,
            CiClass::WinServer | CiClass::LinuxServer => 1.0,
            CiClass::Application => 1.6,
            CiClass::Database => 1.0,
            CiClass::Network => 1.0,
            CiClass::Storage => 0.6,
        }
    }

    /// ServiceNow `sys_class_name`.
    pub fn table(self) -> &'static str {
        match self {
            CiClass::Computer => "cmdb_ci_computer",
            CiClass::WinServer => "cmdb_ci_win_server",
            CiClass::LinuxServer => "cmdb_ci_linux_server",
            CiClass::Application => "cmdb_ci_appl",
            CiClass::Database => "cmdb_ci_db_mssql_instance",
            CiClass::Network => "cmdb_ci_netgear",
            CiClass::Storage => "cmdb_ci_storage_device",
        }
    }

    /// The class as a person names it.
    pub fn label(self) -> &'static str {
        match self {
            CiClass::Computer => "Computer",
            CiClass::WinServer => "Windows Server",
            CiClass::LinuxServer => "Linux Server",
            CiClass::Application => "Application",
            CiClass::Database => "Database Instance",
            CiClass::Network => "Network Gear",
            CiClass::Storage => "Storage Device",
        }
    }

    /// The team that supports CIs of the class.
    pub fn group(self, draw: &mut Draw) -> u16 {
        match self {
            CiClass::Computer => END_USER,
            CiClass::WinServer => {
                if draw.chance(0.2) {
                    10
                } else {
                    2
                }
            }
            CiClass::LinuxServer => {
                if draw.chance(0.3) {
                    10
                } else {
                    3
                }
            }
            CiClass::Application => {
                if draw.chance(0.5) {
                    7
                } else {
                    8
                }
            }
            CiClass::Database => 4,
            CiClass::Network => {
                if draw.chance(0.15) {
                    11
                } else {
                    5
                }
            }
            CiClass::Storage => 6,
        }
    }

    /// Incident categories typical of the class.
    pub fn categories(self) -> &'static [&'static str] {
        match self {
            CiClass::Computer => &["Hardware", "Software"],
            CiClass::WinServer | CiClass::LinuxServer | CiClass::Storage => {
                &["Hardware", "Software", "Performance"]
            }
            CiClass::Application => &["Software", "Performance", "Inquiry / Help"],
            CiClass::Database => &["Database", "Performance"],
            CiClass::Network => &["Network"],
        }
    }

    /// Whether discovery finds CIs of the class (and sets `last_discovered`).
    pub fn discovered(self) -> bool {
        !matches!(self, CiClass::Application)
    }

    pub fn has_environment(self) -> bool {
        !matches!(self, CiClass::Computer)
    }
}

/// One configuration item. CIs with `in_cmdb == false` are named by tickets
/// but missing from the CMDB export.
#[derive(Debug, Clone)]
pub struct Ci {
    pub name: String,
    pub class: CiClass,
    pub group: u16,
    pub in_cmdb: bool,
    pub noisy: bool,
}

/// A person who resolves incidents, active from `join` until `leave`.
#[derive(Debug, Clone)]
pub struct Resolver {
    pub name: String,
    pub group: u16,
    pub join: Ts,
    pub leave: Ts,
    pub weight: f64,
}

impl Resolver {
    pub fn active(&self, t: Ts) -> bool {
        self.join <= t && t < self.leave
    }
}

/// Groups, people and CIs.
pub struct Org {
    pub resolvers: Vec<Resolver>,
    members: Vec<Vec<u32>>,
    cumulative: Vec<Vec<f64>>,
    pub cis: Vec<Ci>,
    pub cmdb_count: usize,
    pub incident_ci: Alias,
    pub change_ci: Alias,
    pub owners: Vec<String>,
}

/// The number of resolvers at the start: the knob, or about sqrt(incidents) / 2,
/// never fewer than one per group.
pub fn resolver_count(knobs: &Knobs) -> usize {
    let auto = (0.5 * libm::sqrt(knobs.incidents as f64)).round() as u64;
    let wanted = if knobs.resolvers == 0 {
        auto.clamp(12, 5000)
    } else {
        knobs.resolvers
    };
    (wanted as usize).max(GROUPS.len())
}

impl Org {
    pub fn new(knobs: &Knobs, start: Ts, end: Ts, draw: &mut Draw) -> Org {
        let mut names = NamePool::new(draw);
        let (resolvers, members) = resolvers(knobs, start, end, draw, &mut names);
        let cumulative = members
            .iter()
            .map(|m| {
                let mut acc = 0.0;
                m.iter()
                    .map(|&r| {
                        acc += resolvers[r as usize].weight;
                        acc
                    })
                    .collect()
            })
            .collect();
        let (cis, cmdb_count, incident_ci, change_ci) = cis(knobs, draw);
        let owner_count = (cmdb_count / 40).clamp(5, 2000);
        let owners = (0..owner_count).map(|_| names.next()).collect();
        Org {
            resolvers,
            members,
            cumulative,
            cis,
            cmdb_count,
            incident_ci,
            change_ci,
            owners,
        }
    }

    /// A resolver of `group` active at `t`, drawn by weight (the few who take
    /// most of the work weigh more).
    pub fn pick_resolver(&self, group: u16, t: Ts, draw: &mut Draw) -> u32 {
        let members = &self.members[group as usize];
        let cumulative = &self.cumulative[group as usize];
        let total = cumulative.last().copied().unwrap_or(0.0);
        for _ in 0..8 {
            let x = draw.unit() * total;
            let i = cumulative
                .partition_point(|c| *c <= x)
                .min(members.len() - 1);
            let r = members[i];
            if self.resolvers[r as usize].active(t) {
                return r;
            }
        }
        let active: Vec<u32> = members
            .iter()
            .copied()
            .filter(|&r| self.resolvers[r as usize].active(t))
            .collect();
        if active.is_empty() {
            return members[0];
        }
        let weights: Vec<f64> = active
            .iter()
            .map(|&r| self.resolvers[r as usize].weight)
            .collect();
        active[draw.weighted(&weights)]
    }
}

fn resolvers(
    knobs: &Knobs,
    start: Ts,
    end: Ts,
    draw: &mut Draw,
    names: &mut NamePool,
) -> (Vec<Resolver>, Vec<Vec<u32>>) {
    let n = resolver_count(knobs);
    let span = end - start;
    let group_weights: Vec<f64> = GROUPS.iter().map(|g| g.1).collect();
    let mut group_of: Vec<u16> = (0..GROUPS.len() as u16).collect();
    while group_of.len() < n {
        group_of.push(draw.weighted(&group_weights) as u16);
    }
    let heroes = n.div_ceil(10);
    let c = knobs.resolution_concentration;
    let hero_weight = if heroes < n {
        (c / (1.0 - c)) * (n - heroes) as f64 / heroes as f64
    } else {
        1.0
    };
    // Heroes: a seeded choice of `heroes` people.
    let mut order: Vec<usize> = (0..n).collect();
    for i in (1..n).rev() {
        let j = draw.below(i as u64 + 1) as usize;
        order.swap(i, j);
    }
    let mut is_hero = vec![false; n];
    for &i in order.iter().take(heroes) {
        is_hero[i] = true;
    }
    let leave_chance =
        (knobs.resolver_churn * n as f64 / (n - GROUPS.len()).max(1) as f64).min(1.0);
    let mut people = Vec::with_capacity(n + n / 3);
    let mut members: Vec<Vec<u32>> = vec![Vec::new(); GROUPS.len()];
    for (i, &group) in group_of.iter().enumerate() {
        // The first person of each group stays, so that every group can always resolve.
        let anchor = i < GROUPS.len();
        // Anchors never leave, so the others leave a little more often.
        let leaves = !anchor && draw.chance(leave_chance);
        let leave = if leaves {
            start + (span as f64 * (0.3 + 0.4 * draw.unit())) as Ts
        } else {
            Ts::MAX
        };
        let weight = if is_hero[i] { hero_weight } else { 1.0 } * (0.7 + 0.6 * draw.unit());
        members[group as usize].push(people.len() as u32);
        people.push(Resolver {
            name: names.next(),
            group,
            join: start - 400 * DAY,
            leave,
            weight,
        });
        if leaves {
            // Someone joins to replace them a few weeks later.
            let join = leave + draw.range(7 * DAY, 45 * DAY);
            members[group as usize].push(people.len() as u32);
            people.push(Resolver {
                name: names.next(),
                group,
                join,
                leave: Ts::MAX,
                weight: 0.7 + 0.6 * draw.unit(),
            });
        }
    }
    (people, members)
}

/// Name makers, one counter per class so names never repeat.
struct CiNamer {
    counters: [u32; 7],
}

impl CiNamer {
    fn name(&mut self, class: CiClass, draw: &mut Draw) -> String {
        let slot = CiClass::ALL.iter().position(|c| *c == class).unwrap_or(0);
        self.counters[slot] += 1;
        let n = self.counters[slot];
        let site = *draw.pick(SITES);
        match class {
            CiClass::Computer => {
                let kind = if draw.chance(0.75) { "LT" } else { "DT" };
                format!("{kind}-{:06}", 100_000 + n)
            }
            CiClass::WinServer => format!("{site}WS{n:04}"),
            CiClass::LinuxServer => format!("{}lx{n:04}", site.to_ascii_lowercase()),
            CiClass::Application => {
                let app = APPS[(n as usize - 1) % APPS.len()];
                let env = *draw.pick(&["PRD", "PRD", "TST", "DEV"]);
                format!("{app}-{env}{:02}", (n as usize - 1) / APPS.len() + 1)
            }
            CiClass::Database => format!("SQL{site}{n:04}"),
            CiClass::Network => {
                let kind = *draw.pick(&["core-sw", "fw", "rtr", "wlc"]);
                format!("{}-{kind}{n:03}", site.to_ascii_lowercase())
            }
            CiClass::Storage => format!("SAN-{site}-{n:03}"),
        }
    }
}

#[allow(clippy::type_complexity)]
fn cis(knobs: &Knobs, draw: &mut Draw) -> (Vec<Ci>, usize, Alias, Alias) {
    let k = knobs.cis as usize;
    let ghosts = ((k as f64 * 0.04).round() as usize).max(1);
    let shares: Vec<f64> = CiClass::ALL.iter().map(|c| c.share()).collect();
    let mut namer = CiNamer { counters: [0; 7] };
    let mut cis = Vec::with_capacity(k + ghosts);
    let mut incident_w = Vec::with_capacity(k + ghosts);
    let mut change_w = Vec::with_capacity(k + ghosts);
    for i in 0..k + ghosts {
        let class = CiClass::ALL[draw.weighted(&shares)];
        let group = class.group(draw);
        cis.push(Ci {
            name: namer.name(class, draw),
            class,
            group,
            in_cmdb: i < k,
            noisy: false,
        });
        incident_w.push(class.incident_factor() * draw.lognormal(1.0, 0.8));
        change_w.push(class.change_factor() * draw.lognormal(1.0, 0.8));
    }
    // A few noisy CIs (never end-user computers) carry a planted share of the load.
    let noisy_wanted = if knobs.noisy_ci_share > 0.0 {
        ((k as f64 * knobs.noisy_ci_share).round() as usize).max(1)
    } else {
        0
    };
    let candidates: Vec<usize> = (0..k)
        .filter(|&i| cis[i].class != CiClass::Computer)
        .collect();
    let mut noisy = Vec::new();
    if !candidates.is_empty() {
        for _ in 0..noisy_wanted.min(candidates.len()) {
            let mut pick = candidates[draw.below(candidates.len() as u64) as usize];
            while cis[pick].noisy {
                pick = candidates[draw.below(candidates.len() as u64) as usize];
            }
            cis[pick].noisy = true;
            noisy.push(pick);
        }
    }
    let quiet_total: f64 = (0..k)
        .filter(|&i| !cis[i].noisy)
        .map(|i| incident_w[i])
        .sum();
    if !noisy.is_empty() && knobs.noisy_ci_load < 1.0 {
        let each =
            quiet_total * knobs.noisy_ci_load / (1.0 - knobs.noisy_ci_load) / noisy.len() as f64;
        for &i in &noisy {
            incident_w[i] = each;
        }
    }
    // CIs missing from the CMDB take a planted share of the references.
    let scale_ghosts = |w: &mut [f64], share: f64| {
        let known: f64 = w[..k].iter().sum();
        let ghost_total: f64 = w[k..].iter().sum();
        let target = if share < 1.0 {
            known * share / (1.0 - share)
        } else {
            known
        };
        for g in &mut w[k..] {
            *g = if ghost_total > 0.0 {
                *g * target / ghost_total
            } else {
                0.0
            };
        }
    };
    scale_ghosts(&mut incident_w, knobs.unknown_ci_share);
    scale_ghosts(&mut change_w, knobs.unknown_ci_share / 2.0);
    let incident_ci = Alias::new(&incident_w);
    let change_ci = Alias::new(&change_w);
    (cis, k, incident_ci, change_ci)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::rng::Stream;
    use std::collections::BTreeSet;

    fn org() -> Org {
        let knobs = Knobs {
            incidents: 10_000,
            cis: 500,
            ..Knobs::default()
        };
        Org::new(
            &knobs,
            0,
            365 * DAY,
            &mut Draw::new(4, Stream::Organisation),
        )
    }

    #[test]
    fn names_are_unique_and_groups_staffed() {
        let o = org();
        let names: BTreeSet<&str> = o.cis.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names.len(), o.cis.len());
        let people: BTreeSet<&str> = o.resolvers.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(people.len(), o.resolvers.len());
        for g in 0..GROUPS.len() as u16 {
            assert!(
                o.resolvers
                    .iter()
                    .any(|r| r.group == g && r.leave == Ts::MAX)
            );
        }
        assert!(o.cis.iter().any(|c| c.noisy));
        assert!(o.cis.iter().any(|c| !c.in_cmdb));
    }

    #[test]
    fn picked_resolvers_are_active_and_in_the_group() {
        let o = org();
        let mut d = Draw::new(2, Stream::Incidents);
        for t in (0..365).map(|d| d * DAY) {
            for g in 0..GROUPS.len() as u16 {
                let r = &o.resolvers[o.pick_resolver(g, t, &mut d) as usize];
                assert_eq!(r.group, g);
                assert!(r.active(t));
            }
        }
    }
}
