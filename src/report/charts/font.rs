//! The charts' font: DejaVu Sans, embedded in the binary and registered with
//! plotters once, so text renders the same everywhere without a system font
//! library (`assets/fonts/LICENSE` has its license).

use crate::error::{Error, Result};
use plotters::style::{FontStyle, register_font};
use std::sync::OnceLock;

/// The family name every chart asks for.
pub(crate) const FAMILY: &str = "sans-serif";

const REGULAR: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans.ttf");
const BOLD: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans-Bold.ttf");

static REGISTERED: OnceLock<std::result::Result<(), String>> = OnceLock::new();

/// Registers the embedded fonts on first use; later calls return the first outcome.
pub(crate) fn ensure_registered() -> Result<()> {
    REGISTERED
        .get_or_init(|| {
            register_font(FAMILY, FontStyle::Normal, REGULAR)
                .map_err(|_| "the embedded DejaVuSans.ttf is not a usable font".to_string())?;
            register_font(FAMILY, FontStyle::Bold, BOLD)
                .map_err(|_| "the embedded DejaVuSans-Bold.ttf is not a usable font".to_string())
        })
        .clone()
        .map_err(|message| Error::Chart {
            name: "font".into(),
            message,
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registers_and_is_idempotent() {
        assert!(ensure_registered().is_ok());
        assert!(ensure_registered().is_ok());
    }
}
