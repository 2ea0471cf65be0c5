use super::*;
use crate::format::Format;

fn dump(doc: &Document) {
    for q in find(doc) {
        println!("{:?} {:?} {:?}", q.paragraph, q.speaker, &doc.text[q.range.clone()]);
    }
}

#[test]
fn dump_samples() {
    for (f, name) in [(Format::Plain, "zeitung.txt"), (Format::Markdown, "essay.md"), (Format::Plain, "hardwrapped.txt")] {
        let text = std::fs::read_to_string(format!("{}/assets/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap();
        println!("== {name}");
        dump(&f.parse(&text));
    }
}
