//! Opening an export: its bytes made readable (`source`), its header and
//! first rows (`sniff`, or a Parquet schema), and what it is: the profile of
//! the tool that wrote it and the kind of table it holds. Loading and
//! suggesting a mapping both start here.

use super::columns::Evidence;
use super::dates::DetectOptions;
use super::detect::{self, KindChoice, ProfileChoice};
use super::header::Header;
use super::overrides::Overrides;
use super::profiles;
use super::scan;
use super::sniff::{self, Sniffed};
use super::source::{self, PreparedSource, SourceFormat};
use crate::error::{Error, Result};
use std::path::Path;

/// An export opened and recognised, not yet scanned.
pub struct Opened {
    pub source: PreparedSource,
    pub sniffed: Sniffed,
    pub header: Header,
    pub profile: ProfileChoice,
    pub kind: KindChoice,
}

impl Opened {
    /// What column resolution looks at besides the names.
    pub fn evidence(&self, overrides: &Overrides) -> Evidence<'_> {
        Evidence {
            header: &self.header,
            sample: &self.sniffed.sample,
            dates: DetectOptions {
                order: overrides.date_order,
                bounds: overrides.date_bounds(),
                spreadsheet: self.source.format.is_spreadsheet(),
            },
        }
    }
}

/// Opens an export and recognises its profile and kind.
pub fn open(path: &Path, overrides: &Overrides) -> Result<Opened> {
    let source = source::prepare(path, &overrides.source_options())?;
    let sniffed = layout(&source)?;
    let header = Header::new(sniffed.header.clone());
    let profile = choose_profile(&header, &sniffed, overrides)?;
    let kind = choose_kind(&profile, &header, &sniffed, overrides);
    Ok(Opened {
        source,
        sniffed,
        header,
        profile,
        kind,
    })
}

/// The header and first rows of a prepared export.
pub fn layout(source: &PreparedSource) -> Result<Sniffed> {
    match source.format {
        SourceFormat::Parquet => scan::parquet_layout(source),
        _ => sniff::sniff(&source.readable, &source.original),
    }
}

fn choose_profile(
    header: &Header,
    sniffed: &Sniffed,
    overrides: &Overrides,
) -> Result<ProfileChoice> {
    match &overrides.profile {
        None => Ok(detect::detect_profile(header, &sniffed.sample)),
        Some(name) => {
            let profile = profiles::by_name(name).map_err(Error::Usage)?;
            Ok(ProfileChoice {
                profile,
                score: 0,
                reason: "chosen with --profile".into(),
            })
        }
    }
}

fn choose_kind(
    profile: &ProfileChoice,
    header: &Header,
    sniffed: &Sniffed,
    overrides: &Overrides,
) -> KindChoice {
    match overrides.kind {
        Some(kind) => KindChoice {
            kind,
            reason: "chosen with --kind".into(),
        },
        None => detect::detect_kind(profile.profile, header, &sniffed.sample),
    }
}
