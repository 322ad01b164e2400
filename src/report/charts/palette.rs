//! Colours: the Okabe–Ito palette, which stays distinguishable for the common
//! forms of colour blindness, plus the greys of text, axes and grid.

use plotters::style::RGBColor;

pub(crate) const ORANGE: RGBColor = RGBColor(0xE6, 0x9F, 0x00);
pub(crate) const SKY_BLUE: RGBColor = RGBColor(0x56, 0xB4, 0xE9);
pub(crate) const BLUISH_GREEN: RGBColor = RGBColor(0x00, 0x9E, 0x73);
pub(crate) const YELLOW: RGBColor = RGBColor(0xF0, 0xE4, 0x42);
pub(crate) const BLUE: RGBColor = RGBColor(0x00, 0x72, 0xB2);
pub(crate) const VERMILLION: RGBColor = RGBColor(0xD5, 0x5E, 0x00);
pub(crate) const REDDISH_PURPLE: RGBColor = RGBColor(0xCC, 0x79, 0xA7);
pub(crate) const BLACK: RGBColor = RGBColor(0x00, 0x00, 0x00);

/// Text and axis lines.
pub(crate) const INK: RGBColor = RGBColor(0x22, 0x22, 0x22);
/// Secondary text (notes, "no data").
pub(crate) const MUTED: RGBColor = RGBColor(0x66, 0x66, 0x66);
/// Grid lines.
pub(crate) const GRID: RGBColor = RGBColor(0xDD, 0xDD, 0xDD);
/// Neutral fills (an evidence range, the level bands' labels).
pub(crate) const GREY: RGBColor = RGBColor(0x99, 0x99, 0x99);
pub(crate) const WHITE: RGBColor = RGBColor(0xFF, 0xFF, 0xFF);

/// Categorical colours in the order series take them. Yellow comes last: on
/// white it is the hardest to read.
pub(crate) const SERIES: [RGBColor; 8] = [
    BLUE,
    ORANGE,
    BLUISH_GREEN,
    VERMILLION,
    SKY_BLUE,
    REDDISH_PURPLE,
    BLACK,
    YELLOW,
];

/// The colour of the `i`-th series; past eight it wraps around.
pub(crate) fn series(i: usize) -> RGBColor {
    SERIES[i % SERIES.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn series_colours_are_distinct_and_wrap() {
        for (i, a) in SERIES.iter().enumerate() {
            for b in &SERIES[i + 1..] {
                assert_ne!((a.0, a.1, a.2), (b.0, b.1, b.2));
            }
        }
        let (a, b) = (series(0), series(8));
        assert_eq!((a.0, a.1, a.2), (b.0, b.1, b.2));
    }
}
