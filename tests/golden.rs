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
            assert!(
                out.lines().all(|l| width(l) <= usize::from(columns)),
                "{} at {columns}",
                sample.file
            );
            let name = sample.file.replace('.', "_");
            insta::assert_snapshot!(format!("{name}_{columns}"), out);
        }
    }
}
