//! A [`Report`] as users read it: text for the terminal, and `CHANGELOG.md` entries.

use std::fmt::Write as _;

use super::{Change, Report, Severity};

/// The report as readable text.
pub fn text(report: &Report) -> String {
    let mut out = String::new();
    let versions = match (&report.old_version, &report.new_version) {
        (Some(a), Some(b)) => format!(" ({a} → {b})"),
        _ => String::new(),
    };
    let _ = writeln!(
        out,
        "API changes{versions}: {} breaking, {} compatible",
        report.breaking, report.compatible
    );
    for severity in [Severity::Breaking, Severity::Compatible] {
        let changes: Vec<&Change> = report.changes.iter().filter(|c| c.severity == severity).collect();
        if changes.is_empty() {
            continue;
        }
        let title = match severity {
            Severity::Breaking => "\nbreaking (major version):",
            Severity::Compatible => "\ncompatible (minor version):",
        };
        let _ = writeln!(out, "{title}");
        for change in changes {
            let _ = writeln!(out, "  {}: {} [{}]", change.item, change.detail, change.rule);
        }
    }
    out
}

/// The report as a CHANGELOG entry for the generated crate. The version bump follows
/// semver: while the SDK is 0.x, breaking changes take a new minor version and the others a
/// patch; from 1.0, a major and a minor.
pub fn changelog(report: &Report) -> String {
    let mut out = String::new();
    let version = report.new_version.as_deref().unwrap_or("unreleased");
    let bump = if report.has_breaking() {
        "breaking: a new minor version while the SDK is 0.x, a major from 1.0"
    } else {
        "compatible: a new patch version while the SDK is 0.x, a minor from 1.0"
    };
    let _ = writeln!(out, "## Spec {version}\n");
    let _ = writeln!(
        out,
        "Generated from Gcore's {} spec {version}{}. Version bump: **{bump}**.",
        report.title,
        report
            .old_version
            .as_ref()
            .map(|v| format!(" (previously {v})"))
            .unwrap_or_default()
    );
    for (severity, title) in [
        (Severity::Breaking, "Breaking changes"),
        (Severity::Compatible, "Other changes"),
    ] {
        let changes: Vec<&Change> = report.changes.iter().filter(|c| c.severity == severity).collect();
        if changes.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n### {title}\n");
        for change in changes {
            let _ = writeln!(out, "- `{}`: {}", change.item, change.detail);
        }
    }
    out
}

/// Adds the report's changelog entry to `file` above its earlier entries (the first `## `
/// heading), below its title and introduction; a file that does not exist yet is created
/// with a title.
pub fn extend_changelog(file: &std::path::Path, report: &Report) -> crate::error::Result<()> {
    let cannot = |what: &str, e: std::io::Error| crate::error::Error::plain(format!("cannot {what} {}: {e}", file.display()));
    let existing = match std::fs::read_to_string(file) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => "# Changelog\n\n".to_string(),
        Err(e) => return Err(cannot("read", e)),
    };
    let entry = changelog(report);
    let at = existing
        .match_indices("\n## ")
        .next()
        .map(|(i, _)| i + 1)
        .unwrap_or(existing.len());
    let (head, rest) = existing.split_at(at);
    let separator = if head.ends_with("\n\n") || head.is_empty() { "" } else { "\n" };
    let text = format!("{head}{separator}{entry}{}{rest}", if rest.is_empty() { "" } else { "\n" });
    std::fs::write(file, text).map_err(|e| cannot("write", e))
}
