//! Calendar arithmetic and date formatting on naive timestamps (seconds since
//! 1970-01-01 00:00:00, no time zone), written by hand so that the output does
//! not depend on a platform's locale or time zone.

pub type Ts = i64;

pub const MINUTE: Ts = 60;
pub const HOUR: Ts = 3600;
pub const DAY: Ts = 86_400;

/// How a tool writes a date and time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateStyle {
    /// `2025-03-07 14:05:09` (ServiceNow list exports).
    Space,
    /// `2025-03-07T14:05:09` (ISO 8601).
    T,
    /// `07/Mar/25 2:05 PM` (Jira CSV exports; minutes only).
    Jira,
    /// `2025/03/07 14:05:09` (spreadsheet exports of forms).
    Slash,
}

impl DateStyle {
    /// The smallest step the style can show: timestamps are drawn on it so
    /// that what is written is exactly what was simulated.
    pub fn quantum(self) -> Ts {
        match self {
            DateStyle::Jira => MINUTE,
            _ => 1,
        }
    }
}

/// Days since 1970-01-01 of a civil date (proleptic Gregorian).
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = m as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date (year, month, day) of a day number.
pub fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// 0 = Monday .. 6 = Sunday.
pub fn weekday(day: i64) -> u32 {
    (day + 3).rem_euclid(7) as u32
}

/// The first day of the month `months` after (year, month).
pub fn add_months(y: i64, m: u32, months: u32) -> (i64, u32) {
    let index = y * 12 + (m as i64 - 1) + months as i64;
    (index.div_euclid(12), (index.rem_euclid(12) + 1) as u32)
}

/// A `YYYY-MM-DD` date as its day number.
pub fn parse_date(text: &str) -> Option<i64> {
    let mut parts = text.trim().splitn(3, '-');
    let y: i64 = parts.next()?.parse().ok()?;
    let m: u32 = parts.next()?.parse().ok()?;
    let d: u32 = parts.next()?.parse().ok()?;
    if !(1..=12).contains(&m) || d == 0 || !(1000..=9999).contains(&y) {
        return None;
    }
    let day = days_from_civil(y, m, d);
    (civil_from_days(day) == (y, m, d)).then_some(day)
}

/// Calendar month of a timestamp as a sortable key (year * 12 + month - 1).
pub fn month_key(ts: Ts) -> i64 {
    let (y, m, _) = civil_from_days(ts.div_euclid(DAY));
    y * 12 + m as i64 - 1
}

/// `YYYY-MM` of a month key.
pub fn month_label(key: i64) -> String {
    format!("{:04}-{:02}", key.div_euclid(12), key.rem_euclid(12) + 1)
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

fn push2(out: &mut String, n: u32) {
    out.push((b'0' + (n / 10 % 10) as u8) as char);
    out.push((b'0' + (n % 10) as u8) as char);
}

fn push4(out: &mut String, n: i64) {
    let n = n.rem_euclid(10_000) as u32;
    push2(out, n / 100);
    push2(out, n % 100);
}

/// Appends `ts` written in `style` to `out`.
pub fn format_into(out: &mut String, ts: Ts, style: DateStyle) {
    let day = ts.div_euclid(DAY);
    let secs = ts.rem_euclid(DAY) as u32;
    let (y, m, d) = civil_from_days(day);
    let (hh, mm, ss) = (secs / 3600, secs / 60 % 60, secs % 60);
    match style {
        DateStyle::Space | DateStyle::T | DateStyle::Slash => {
            let (date_sep, mid) = match style {
                DateStyle::Space => ('-', ' '),
                DateStyle::T => ('-', 'T'),
                _ => ('/', ' '),
            };
            push4(out, y);
            out.push(date_sep);
            push2(out, m);
            out.push(date_sep);
            push2(out, d);
            out.push(mid);
            push2(out, hh);
            out.push(':');
            push2(out, mm);
            out.push(':');
            push2(out, ss);
        }
        DateStyle::Jira => {
            push2(out, d);
            out.push('/');
            out.push_str(MONTHS[(m - 1) as usize]);
            out.push('/');
            push2(out, (y.rem_euclid(100)) as u32);
            out.push(' ');
            let h12 = match hh % 12 {
                0 => 12,
                h => h,
            };
            if h12 >= 10 {
                out.push('1');
            }
            out.push((b'0' + (h12 % 10) as u8) as char);
            out.push(':');
            push2(out, mm);
            out.push_str(if hh < 12 { " AM" } else { " PM" });
        }
    }
}

pub fn format(ts: Ts, style: DateStyle) -> String {
    let mut s = String::with_capacity(20);
    format_into(&mut s, ts, style);
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(y: i64, m: u32, d: u32, h: i64, mi: i64, s: i64) -> Ts {
        days_from_civil(y, m, d) * DAY + h * HOUR + mi * MINUTE + s
    }

    #[test]
    fn civil_round_trip() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        for day in -1000..30_000 {
            let (y, m, d) = civil_from_days(day);
            assert_eq!(days_from_civil(y, m, d), day);
        }
        assert_eq!(weekday(days_from_civil(2025, 1, 6)), 0);
        assert_eq!(weekday(days_from_civil(2025, 1, 5)), 6);
    }

    #[test]
    fn dates_are_written_like_the_tools() {
        let t = ts(2025, 7, 17, 10, 44, 9);
        assert_eq!(format(t, DateStyle::Space), "2025-07-17 10:44:09");
        assert_eq!(format(t, DateStyle::T), "2025-07-17T10:44:09");
        assert_eq!(format(t, DateStyle::Slash), "2025/07/17 10:44:09");
        assert_eq!(format(t, DateStyle::Jira), "17/Jul/25 10:44 AM");
        assert_eq!(
            format(ts(2026, 3, 2, 15, 2, 0), DateStyle::Jira),
            "02/Mar/26 3:02 PM"
        );
        assert_eq!(
            format(ts(2024, 12, 31, 0, 5, 0), DateStyle::Jira),
            "31/Dec/24 12:05 AM"
        );
        assert_eq!(
            format(ts(2024, 12, 31, 12, 0, 0), DateStyle::Jira),
            "31/Dec/24 12:00 PM"
        );
    }

    #[test]
    fn months_and_parsing() {
        assert_eq!(add_months(2024, 11, 3), (2025, 2));
        assert_eq!(add_months(2025, 1, 0), (2025, 1));
        assert_eq!(parse_date("2025-02-28"), Some(days_from_civil(2025, 2, 28)));
        assert_eq!(parse_date("2025-02-29"), None);
        assert_eq!(parse_date("25-01-01"), None);
        let key = month_key(ts(2025, 2, 28, 23, 59, 59));
        assert_eq!(month_label(key), "2025-02");
    }
}
