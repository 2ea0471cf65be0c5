//! Golden plain-text output: each sample reflowed to 40 and 72 columns, as `folio --width N
//! FILE | cat` prints it. Kept as insta snapshots and reviewed by eye; a change to parsing or
//! layout shows up here as a readable diff.

use folio::layout::width;
use folio::samples::SAMPLES;
use folio::textout;
use std::sync::Arc;

#[test]
fn every_sample_at_40_and_72_columns() {
    for sample in SAMPLES {
        let doc = Arc::new(sample.document());
        for columns in [40u16, 72] {
            let out = textout::to_string(Arc::clone(&doc), columns);
            // The `Links:` list at the end keeps each target whole, on one line.
            let text = out.split("\nLinks:\n").next().unwrap_or_default();
            assert!(
                text.lines().all(|l| width(l) <= usize::from(columns)),
                "{} at {columns}",
                sample.file
            );
            let name = sample.file.replace('.', "_");
            insta::assert_snapshot!(format!("{name}_{columns}"), out);
        }
    }
}

/// The plain-text shapes of issue 14 (`tests/fixtures/plain/`): verses, a licence, a manual,
/// Chinese and Korean, at 40 and 72 columns.
#[test]
fn plain_text_shapes_at_40_and_72_columns() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/plain");
    for name in [
        "verses.txt",
        "verse-references.txt",
        "licence.txt",
        "manual.txt",
        "chinese.txt",
        "korean.txt",
    ] {
        let text =
            std::fs::read_to_string(dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        let doc = Arc::new(folio::format::Format::Plain.parse(&text));
        for columns in [40u16, 72] {
            let out = textout::to_string(Arc::clone(&doc), columns);
            // Only table and code lines, printed whole, may be wider than the column.
            for line in out.lines().filter(|l| width(l) > usize::from(columns)) {
                assert!(text.contains(line.trim()), "{name} at {columns}: {line:?}");
            }
            let stem = name.replace(['.', '-'], "_");
            insta::assert_snapshot!(format!("plain_{stem}_{columns}"), out);
        }
    }
}
