//! The tool reads and writes local files only and opens no network
//! connection. A path written as a URL (`https://...`, `s3://...`,
//! `file://...`) is refused before anything opens it: some readers below
//! the tool would otherwise fetch it.

/// The scheme of a path written as a URL (`https` in `https://host/x.csv`).
pub fn url_scheme(path: &str) -> Option<&str> {
    let (scheme, _) = path.split_once("://")?;
    let mut chars = scheme.chars();
    let first = chars.next()?;
    (first.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
    .then_some(scheme)
}

/// Why a path is refused, when it is a URL.
pub fn refuse_url(path: &str) -> Option<String> {
    url_scheme(path).map(|scheme| {
        format!(
            "`{path}` is a {scheme} URL; itsm-evidence reads local files only and opens no \
             network connection: download the file and give its path"
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_told_from_paths() {
        for url in [
            "https://example.org/incidents.csv",
            "http://10.0.0.1/x",
            "s3://bucket/key.parquet",
            "file:///tmp/x.csv",
            "HF://datasets/x",
            "git+ssh://host/repo",
        ] {
            assert!(url_scheme(url).is_some(), "{url}");
            assert!(refuse_url(url).is_some_and(|m| m.contains("local files only")));
        }
        for path in [
            "incidents.csv",
            "/tmp/a b/é.csv",
            "C:\\exports\\x.csv",
            "./://odd",
            "reports/sample",
            "",
        ] {
            assert_eq!(url_scheme(path), None, "{path}");
        }
    }
}
