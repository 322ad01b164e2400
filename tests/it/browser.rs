//! The report renders in a real headless browser (Debian's chromium) with no
//! console errors and a screenshot that is not blank, and its summary and
//! perception gap print on one A4 page. CI installs chromium (.ci/run);
//! elsewhere the tests say they were skipped when chromium is absent.

use std::path::{Path, PathBuf};
use std::process::Command;

pub fn chromium() -> Option<PathBuf> {
    [
        "/usr/bin/chromium",
        "/usr/bin/chromium-browser",
        "/usr/bin/google-chrome",
    ]
    .iter()
    .map(PathBuf::from)
    .find(|p| p.exists())
}

/// Headless chromium with a throw-away profile, no network of its own and
/// its console on stderr.
pub fn headless(browser: &Path, profile: &Path) -> Command {
    let mut command = Command::new(browser);
    command.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--enable-logging=stderr",
        "--v=0",
    ]);
    command.arg(format!("--user-data-dir={}", profile.display()));
    command
}

/// Distinct colours in a PNG's pixels, counted up to a limit.
fn distinct_colours(png_path: &Path, limit: usize) -> usize {
    let decoder = png::Decoder::new(std::io::BufReader::new(
        std::fs::File::open(png_path).expect("png"),
    ));
    let mut reader = decoder.read_info().expect("png header");
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).expect("png frame");
    let channels = info.color_type.samples();
    let mut seen = std::collections::HashSet::new();
    for px in buf[..info.buffer_size()].chunks(channels) {
        seen.insert(px.to_vec());
        if seen.len() >= limit {
            break;
        }
    }
    seen.len()
}

/// Chromium, or `None` after saying the test is skipped (never on CI).
fn chromium_or_skip() -> Option<PathBuf> {
    let browser = chromium();
    if browser.is_none() {
        assert!(
            std::env::var("CI").is_err(),
            "CI must have chromium (.ci/run installs it)"
        );
        eprintln!("skipped: no chromium on this machine (apt-get install chromium)");
    }
    browser
}

#[test]
fn summary_and_perception_gap_print_on_one_a4_page() {
    let Some(browser) = chromium_or_skip() else {
        return;
    };
    let dir = tempfile::tempdir().expect("dir");
    let report = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("reports/sample/index.html");
    let html = std::fs::read_to_string(&report).expect("report");
    // The page up to the end of its first section: summary and perception gap.
    let end = html.find("</section>").expect("the page-one section") + "</section>".len();
    let page_one = dir.path().join("page-one.html");
    std::fs::write(&page_one, format!("{}\n</body>\n</html>\n", &html[..end])).expect("write");
    let pdf = dir.path().join("page-one.pdf");
    let out = headless(&browser, &dir.path().join("profile"))
        .args([
            "--no-pdf-header-footer",
            &format!("--print-to-pdf={}", pdf.display()),
            &format!("file://{}", page_one.display()),
        ])
        .output()
        .expect("chromium runs");
    let bytes = std::fs::read(&pdf).unwrap_or_else(|e| {
        panic!(
            "no PDF ({e}); chromium said:\n{}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    // Each page is an object of `/Type /Page` (the page tree is `/Pages`).
    let pages = bytes
        .windows(11)
        .enumerate()
        .filter(|(i, w)| *w == b"/Type /Page" && bytes.get(i + 11).is_some_and(|c| *c != b's'))
        .count();
    assert!(html[..end].contains("id=\"perception-gap\""));
    assert!(html[..end].contains("id=\"chart-maturity-gap\""));
    assert_eq!(
        pages, 1,
        "the summary and the perception gap take {pages} A4 pages"
    );
    // The rest of the report follows on the next page, and the section ends
    // before the first long table.
    assert!(html[end..].contains("id=\"where-to-start\""));
}

#[test]
fn report_renders_in_headless_chromium() {
    let Some(browser) = chromium_or_skip() else {
        return;
    };
    let dir = tempfile::tempdir().expect("dir");
    let report = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("reports/sample/index.html");
    let shot = dir.path().join("shot.png");
    let profile = dir.path().join("profile");
    let out = headless(&browser, &profile)
        .args([
            "--window-size=1280,2400",
            &format!("--screenshot={}", shot.display()),
            &format!("file://{}", report.display()),
        ])
        .output()
        .expect("chromium runs");
    let log = String::from_utf8_lossy(&out.stderr);
    let console_errors: Vec<&str> = log
        .lines()
        .filter(|l| l.contains("CONSOLE") && (l.contains("ERROR") || l.contains("Uncaught")))
        .collect();
    assert!(
        console_errors.is_empty(),
        "console errors:\n{}",
        console_errors.join("\n")
    );
    assert!(shot.exists(), "no screenshot; chromium said:\n{log}");
    let colours = distinct_colours(&shot, 64);
    assert!(
        colours >= 16,
        "the screenshot is nearly blank ({colours} colours)"
    );
}
