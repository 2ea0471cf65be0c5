//! Engine benchmarks: decode, parse, layout and paging on generated 4 MB inputs.
//!
//! Run with `cargo bench --bench engine` (or `scripts/bench-engine.sh` for a summary). The
//! inputs are generated here, deterministically, and written to disk only when asked (see
//! `main`):
//!
//! - `prose`: ~4 MB of English-like text, sentences in paragraphs of 80–200 words separated by
//!   blank lines, one line per paragraph (real common English words, so language detection and
//!   hyphenation engage);
//! - `wrapped`: the same text hard-wrapped at 70 columns, as books from Project Gutenberg are
//!   (the plain-text parser has to unwrap it);
//! - `one_line`: ~4 MB of the same words on a single line with no newline at all;
//! - `markdown`: ~4 MB of Markdown made of the same words: a title, `##`/`###` sections,
//!   paragraphs hard-wrapped at 80 columns with emphasis, strong text, inline code and links,
//!   bullet and numbered lists, block quotes (`open`, `open_to_first_page` and `parse_prefix`
//!   only).
//!
//! The targets these measure against are in DESIGN.md, "Speed": the first page must not wait
//! for the whole document, a page turn is under 2 ms of work, a resize under 50 ms, peak memory
//! under 4x the file plus 30 MB. Divan's allocation profiler is on, so every benchmark also
//! reports allocations and the peak bytes live ("max alloc") per iteration; counting them
//! costs a few nanoseconds per allocation, included in the times.

#[path = "../tests/common/pathological.rs"]
mod pathological;
#[path = "../tests/common/rng.rs"]
#[allow(dead_code)]
mod rng;
#[path = "../tests/common/words.rs"]
mod words;
#[path = "../tests/common/zip.rs"]
#[allow(dead_code)]
mod zip;

use divan::counter::BytesCount;
use divan::{AllocProfiler, Bencher, black_box};
use folio::document::{Document, TextPos};
use folio::format::Format;
use folio::layout::{Layout, LayoutOptions, Line};
use rng::Lcg;
use std::fmt;
use std::sync::{Arc, LazyLock};

#[global_allocator]
static ALLOC: AllocProfiler = AllocProfiler::system();

fn main() {
    // `FOLIO_BENCH_INPUTS=DIR` also writes the inputs there (prose.txt, wrapped.txt,
    // one_line.txt, markdown.md), for measuring the binary on them (scripts/bench-engine.sh
    // does).
    if let Some(dir) = std::env::var_os("FOLIO_BENCH_INPUTS") {
        let dir = std::path::PathBuf::from(dir);
        for input in OPEN_INPUTS {
            let ext = match input.format() {
                Format::Markdown => "md",
                Format::Html => "html",
                Format::Epub => "epub",
                Format::Plain => "txt",
            };
            let path = dir.join(format!("{input}.{ext}"));
            if let Err(err) = std::fs::write(&path, input.bytes()) {
                panic!("cannot write {}: {err}", path.display());
            }
        }
    }
    divan::main();
}

/// Size of each generated input.
const SIZE: usize = 4 * 1024 * 1024;

/// The reader's usual view: an 80x24 terminal with a status line, 72-column measure.
const VIEW: LayoutOptions = LayoutOptions {
    width: 80,
    height: 23,
    measure: 72,
    hyphenate: true,
    justify: false,
    link_marks: true,
};

/// The usual view with full justification.
const JUSTIFIED: LayoutOptions = LayoutOptions {
    justify: true,
    ..VIEW
};

/// The view after the terminal grew to 100x40 (the measure stays the reader's preference).
const RESIZED: LayoutOptions = LayoutOptions {
    width: 100,
    height: 40,
    measure: 72,
    hyphenate: true,
    justify: false,
    link_marks: true,
};

/// `page_turn_cold` turns onto pages `COLD_PAGE..COLD_PAGE + COLD_PAGES`, one per iteration, so
/// the pages that need a new piece of the document wrapped are among those measured.
const COLD_PAGE: usize = 100;
const COLD_PAGES: usize = 32;

#[derive(Debug, Clone, Copy)]
enum Input {
    Prose,
    Wrapped,
    OneLine,
    Markdown,
}

impl fmt::Display for Input {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Input::Prose => "prose",
            Input::Wrapped => "wrapped",
            Input::OneLine => "one_line",
            Input::Markdown => "markdown",
        })
    }
}

const INPUTS: [Input; 3] = [Input::Prose, Input::Wrapped, Input::OneLine];

/// The inputs of the benchmarks that open a file: the plain ones and Markdown.
const OPEN_INPUTS: [Input; 4] = [
    Input::Prose,
    Input::Wrapped,
    Input::OneLine,
    Input::Markdown,
];

/// What `parse_prefix` is asked for: about the first 64 KB (many screens of text).
const PREFIX_BYTES: usize = 64 * 1024;

/// A small vocabulary of common English words, a few of them long enough to be hyphenated at
/// a 72-column measure.
static WORDS: LazyLock<Vec<&str>> = LazyLock::new(|| {
    words::words(
        "the of and a to in is was that it for on with as his her they at by this had from but \
         not what all were when we there can an your which their said each she how will other \
         about many then them these would water harbour clock morning winter keeper river village \
         letter evening stone light garden window remembered afterwards particularly \
         understanding circumstances extraordinary responsibility nevertheless neighbourhood \
         conversation independently accompanying unquestionably characteristic",
    )
});

/// English-like text of at least `size` bytes. Paragraphs of 80–200 words are separated by
/// `separator` ("\n\n" for prose, " " for a single line).
fn generate(size: usize, separator: &str) -> Vec<u8> {
    let mut rng = Lcg(0x5eed_f011_0000_0001);
    let mut out = String::with_capacity(size + 4096);
    while out.len() < size {
        if !out.is_empty() {
            out.push_str(separator);
        }
        let words = rng.range(80, 200);
        let mut in_sentence = 0;
        let mut sentence_len = rng.range(6, 20);
        for i in 0..words {
            let word = WORDS[rng.range(0, WORDS.len() as u64 - 1)];
            if i > 0 {
                out.push(' ');
            }
            if in_sentence == 0 {
                words::push_capitalised(&mut out, word);
            } else {
                out.push_str(word);
            }
            in_sentence += 1;
            if in_sentence == sentence_len || i + 1 == words {
                out.push('.');
                in_sentence = 0;
                sentence_len = rng.range(6, 20);
            } else if rng.range(0, 9) == 0 {
                out.push(',');
            }
        }
    }
    if separator.contains('\n') {
        out.push('\n');
    }
    out.into_bytes()
}

/// Hard-wraps every line of `text` at `columns` (greedy, on spaces; all text is ASCII).
fn hard_wrap(text: &[u8], columns: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len() + text.len() / columns);
    for line in text.split(|&b| b == b'\n') {
        let mut len = 0;
        for word in line.split(|&b| b == b' ').filter(|w| !w.is_empty()) {
            if len > 0 && len + 1 + word.len() > columns {
                out.push(b'\n');
                len = 0;
            } else if len > 0 {
                out.push(b' ');
                len += 1;
            }
            out.extend_from_slice(word);
            len += word.len();
        }
        out.push(b'\n');
    }
    out.pop();
    out
}

/// One sentence-ish run of `words` words from the vocabulary, with inline Markdown now and then
/// (emphasis, strong text, inline code, links) when `markdown` is set.
fn words_into(out: &mut String, rng: &mut Lcg, words: usize, markdown: bool) {
    for i in 0..words {
        let word = WORDS[rng.range(0, WORDS.len() as u64 - 1)];
        if i > 0 {
            out.push(' ');
        }
        let styled = if markdown { rng.range(0, 49) } else { 49 };
        match styled {
            0 => {
                out.push('*');
                out.push_str(word);
                out.push('*');
            }
            1 => {
                out.push_str("**");
                out.push_str(word);
                out.push_str("**");
            }
            2 => {
                out.push('`');
                out.push_str(word);
                out.push('`');
            }
            3 => {
                let n = rng.range(1, 999);
                out.push_str(&format!("[{word}](https://example.org/{word}/{n})"));
            }
            _ => out.push_str(word),
        }
    }
}

/// Markdown of at least `size` bytes: a title, then sections (`##`, sometimes `###`) of
/// paragraphs hard-wrapped at 80 columns, with a list (bullets or numbers, some items nested)
/// or a block quote now and then.
fn generate_markdown(size: usize) -> Vec<u8> {
    let mut rng = Lcg(0x5eed_f011_0000_0002);
    let mut out = String::with_capacity(size + 4096);
    out.push_str("# The Keeper of the Harbour Clock\n\n*By Ann Lee*\n\n");
    let mut section = 0;
    while out.len() < size {
        section += 1;
        let level = if rng.range(0, 3) == 0 { "###" } else { "##" };
        out.push_str(&format!("{level} Section {section}: the "));
        let words = rng.range(1, 4);
        words_into(&mut out, &mut rng, words, false);
        out.push_str("\n\n");
        for _ in 0..rng.range(2, 6) {
            let mut para = String::new();
            let words = rng.range(40, 160);
            words_into(&mut para, &mut rng, words, true);
            para.push('.');
            let wrapped = hard_wrap(para.as_bytes(), 80);
            out.push_str(&String::from_utf8_lossy(&wrapped));
            out.push_str("\n\n");
        }
        match rng.range(0, 3) {
            0 => {
                let numbered = rng.range(0, 1) == 0;
                for item in 1..=rng.range(3, 7) {
                    let nested = item > 1 && rng.range(0, 4) == 0;
                    let marker = if numbered {
                        format!("{item}.")
                    } else {
                        "-".to_string()
                    };
                    let indent = if nested { "   " } else { "" };
                    let marker = if nested { "-".to_string() } else { marker };
                    out.push_str(&format!("{indent}{marker} "));
                    let words = rng.range(3, 14);
                    words_into(&mut out, &mut rng, words, true);
                    out.push('\n');
                }
                out.push('\n');
            }
            1 => {
                let mut para = String::new();
                let words = rng.range(20, 60);
                words_into(&mut para, &mut rng, words, true);
                para.push('.');
                let wrapped = hard_wrap(para.as_bytes(), 76);
                for line in String::from_utf8_lossy(&wrapped).lines() {
                    out.push_str("> ");
                    out.push_str(line);
                    out.push('\n');
                }
                out.push('\n');
            }
            _ => {}
        }
    }
    out.into_bytes()
}

static PROSE: LazyLock<Vec<u8>> = LazyLock::new(|| generate(SIZE, "\n\n"));
static WRAPPED: LazyLock<Vec<u8>> = LazyLock::new(|| hard_wrap(&PROSE, 70));
static ONE_LINE: LazyLock<Vec<u8>> = LazyLock::new(|| generate(SIZE, " "));
static MARKDOWN: LazyLock<Vec<u8>> = LazyLock::new(|| generate_markdown(SIZE));

fn parse(bytes: &[u8], format: Format) -> Arc<Document> {
    match folio::open::open_bytes(bytes, format, None) {
        Ok(doc) => Arc::new(doc),
        Err(err) => panic!("generated input does not open: {err}"),
    }
}

static PROSE_DOC: LazyLock<Arc<Document>> = LazyLock::new(|| parse(&PROSE, Format::Plain));
static WRAPPED_DOC: LazyLock<Arc<Document>> = LazyLock::new(|| parse(&WRAPPED, Format::Plain));
static ONE_LINE_DOC: LazyLock<Arc<Document>> = LazyLock::new(|| parse(&ONE_LINE, Format::Plain));
static MARKDOWN_DOC: LazyLock<Arc<Document>> = LazyLock::new(|| parse(&MARKDOWN, Format::Markdown));

impl Input {
    fn bytes(self) -> &'static [u8] {
        match self {
            Input::Prose => &PROSE,
            Input::Wrapped => &WRAPPED,
            Input::OneLine => &ONE_LINE,
            Input::Markdown => &MARKDOWN,
        }
    }

    fn format(self) -> Format {
        match self {
            Input::Markdown => Format::Markdown,
            _ => Format::Plain,
        }
    }

    fn doc(self) -> Arc<Document> {
        match self {
            Input::Prose => Arc::clone(&PROSE_DOC),
            Input::Wrapped => Arc::clone(&WRAPPED_DOC),
            Input::OneLine => Arc::clone(&ONE_LINE_DOC),
            Input::Markdown => Arc::clone(&MARKDOWN_DOC),
        }
    }

    /// A saved position `num / den` of the way through the document's text.
    fn at(self, num: usize, den: usize) -> TextPos {
        let doc = self.doc();
        let mut pos = doc.text.len() / den * num;
        while !doc.text.is_char_boundary(pos) {
            pos -= 1;
        }
        TextPos(pos)
    }
}

fn page_len(page: Option<&[Line]>) -> usize {
    page.map_or(0, <[Line]>::len)
}

/// Bytes -> clean UTF-8 text.
#[divan::bench(args = INPUTS, sample_count = 30)]
fn decode(bencher: Bencher, input: Input) {
    let bytes = input.bytes();
    bencher
        .counter(BytesCount::new(bytes.len()))
        .bench(|| folio::decode::decode(black_box(bytes)));
}

/// Decode and parse: the whole of opening a file, short of reading it.
#[divan::bench(args = OPEN_INPUTS, sample_count = 30)]
fn open(bencher: Bencher, input: Input) {
    let bytes = input.bytes();
    let format = input.format();
    bencher
        .counter(BytesCount::new(bytes.len()))
        .bench(|| folio::open::open_bytes(black_box(bytes), format, None));
}

/// The quick document of the beginning (about `PREFIX_BYTES`) that is shown while the whole
/// is parsed, from decoded text: must not depend on the document's size. `one_line` has no
/// paragraph break to cut at, so it gets `None` (the whole is parsed) after a short scan.
#[divan::bench(args = OPEN_INPUTS, sample_count = 100)]
fn parse_prefix(bencher: Bencher, input: Input) {
    let text = match folio::decode::decode(input.bytes()) {
        Ok(decoded) => decoded.text,
        Err(err) => panic!("generated input does not decode: {err}"),
    };
    let format = input.format();
    bencher.bench(|| format.parse_prefix(black_box(&text), PREFIX_BYTES));
}

/// First page of an already parsed document: must not depend on the document's size.
#[divan::bench(args = INPUTS)]
fn first_page(bencher: Bencher, input: Input) {
    let doc = input.doc();
    bencher
        .with_inputs(|| Arc::clone(&doc))
        .bench_local_values(|doc| {
            let mut layout = Layout::new(doc, VIEW);
            let n = page_len(layout.page(0));
            // Returned so the layout is dropped outside the timing.
            (layout, n)
        });
}

/// What a reader waits for: decode, parse and lay out the first page.
#[divan::bench(args = OPEN_INPUTS, sample_count = 30)]
fn open_to_first_page(bencher: Bencher, input: Input) {
    let bytes = input.bytes();
    let format = input.format();
    bencher.bench_local(|| {
        let doc = parse(black_box(bytes), format);
        let mut layout = Layout::new(doc, VIEW);
        let n = page_len(layout.page(0));
        (layout, n)
    });
}

/// A fresh layout with `options` laying out every page.
fn every_page(bencher: Bencher, input: Input, options: LayoutOptions) {
    let doc = input.doc();
    bencher
        .with_inputs(|| Layout::new(Arc::clone(&doc), options))
        .bench_local_refs(|layout| layout.page_count());
}

/// Laying out every page (what idle-time layout does in total).
#[divan::bench(args = INPUTS, sample_count = 10)]
fn whole_layout(bencher: Bencher, input: Input) {
    every_page(bencher, input, VIEW);
}

/// `whole_layout` with full justification: what stretching the lines adds.
#[divan::bench(args = INPUTS, sample_count = 10)]
fn whole_layout_justified(bencher: Bencher, input: Input) {
    every_page(bencher, input, JUSTIFIED);
}

/// A page turn when every page is known: two cache hits (the layout keeps the lines of the
/// pages around the last one asked for; the first ask, before the timing, wraps them again).
#[divan::bench(args = INPUTS)]
fn page_turn(bencher: Bencher, input: Input) {
    let mut layout = Layout::new(input.doc(), VIEW);
    let n = layout.page_count() / 2;
    layout.page(n);
    bencher.bench_local(|| {
        page_len(layout.page(black_box(n))) + page_len(layout.page(black_box(n + 1)))
    });
}

/// A jump to a page whose lines were let go (every page known, the last one asked for far
/// away): the page, and the pages either side of it, are wrapped again from the nearest
/// restart point before them. Alternates between a third and two thirds of the book.
#[divan::bench(args = INPUTS, sample_count = 200)]
fn page_jump(bencher: Bencher, input: Input) {
    let mut layout = Layout::new(input.doc(), VIEW);
    let pages = layout.page_count();
    let mut turn = 0;
    bencher.bench_local(|| {
        turn += 1;
        let n = if turn % 2 == 0 {
            pages / 3
        } else {
            2 * pages / 3
        };
        page_len(layout.page(black_box(n)))
    });
}

/// A page turn onto a page not laid out yet: page k after pages up to k - 1 were laid out (the
/// incremental cost of one more page). k cycles through `COLD_PAGES` pages: most turns find
/// their lines already wrapped with the previous piece, some wrap the next piece (a paragraph,
/// or a 16 KB chunk of a huge one): the slowest time is that case, the mean the amortised cost.
#[divan::bench(args = INPUTS, sample_count = 200)]
fn page_turn_cold(bencher: Bencher, input: Input) {
    let doc = input.doc();
    let mut turn = 0;
    bencher
        .with_inputs(|| {
            let k = COLD_PAGE + turn % COLD_PAGES;
            turn += 1;
            let mut layout = Layout::new(Arc::clone(&doc), VIEW);
            layout.page(k - 1);
            (layout, k)
        })
        .bench_local_refs(|(layout, k)| page_len(layout.page(*k)));
}

/// A fresh layout with `options` finding the page of the position `num / den` of the way
/// through the document.
fn page_of(bencher: Bencher, input: Input, options: LayoutOptions, (num, den): (usize, usize)) {
    let doc = input.doc();
    let pos = input.at(num, den);
    bencher
        .with_inputs(|| Layout::new(Arc::clone(&doc), options))
        .bench_local_refs(|layout| layout.page_of(black_box(pos)));
}

/// Opening at a saved position halfway through: a fresh layout finds its page.
#[divan::bench(args = INPUTS, sample_count = 20)]
fn page_of_middle(bencher: Bencher, input: Input) {
    page_of(bencher, input, VIEW, (1, 2));
}

/// A resize while reading in the middle: a fresh layout at the new size finds the page that
/// shows the reader's position.
#[divan::bench(args = INPUTS, sample_count = 20)]
fn resize(bencher: Bencher, input: Input) {
    page_of(bencher, input, RESIZED, (1, 2));
}

/// The same near the end of the book (19/20 of the way): the worst case of a resize while the
/// layout starts from the top.
#[divan::bench(args = INPUTS, sample_count = 20)]
fn resize_near_end(bencher: Bencher, input: Input) {
    page_of(bencher, input, RESIZED, (19, 20));
}

/// A generated ~1 MB web page: navigation, a cookie box and a sidebar around an article of
/// paragraphs with emphasis and links.
fn generate_page(size: usize) -> String {
    let mut body = String::new();
    let mut i = 0u32;
    while body.len() < size {
        i += 1;
        body.push_str(&format!(
            "<p>Paragraph {i} of the page tells of the <em>harbour</em> and its clocks, with a \
             <a href=\"/p/{i}\">link</a> and enough words to look like running text in a \
             long article about tides, mills and the people who keep them going.</p>\n"
        ));
        if i.is_multiple_of(40) {
            body.push_str(&format!("<h2>Section {}</h2>\n", i / 40));
        }
    }
    format!(
        "<!doctype html><html lang=\"en\"><head><title>A Long Page</title></head><body>\
         <nav><a href=\"/\">Home</a><a href=\"/news\">News</a></nav>\
         <div class=\"cookie-banner\">We use cookies. Accept?</div>\
         <article><h1>A Long Page</h1>{body}</article>\
         <aside><h3>Most read</h3><ul><li>Elsewhere</li></ul></aside>\
         <footer>Imprint</footer></body></html>"
    )
}

/// Extracting the article from a 1 MB web page (Readability and the conversion to blocks).
#[divan::bench(sample_count = 10)]
fn html_extract(bencher: Bencher) {
    let page = generate_page(1_000_000);
    bencher.bench_local(|| folio::format::html::parse(black_box(&page)));
}

/// A generated ~1 MB Chinese docs page: a related-links bar, nested sections of paragraphs
/// with fullwidth punctuation and links, a sidebar and a footer. Extraction pads CJK text for
/// Readability (issue 15), which this measures.
fn generate_cjk_page(size: usize) -> String {
    let mut body = String::new();
    let mut i = 0u32;
    while body.len() < size {
        i += 1;
        if i.is_multiple_of(30) {
            body.push_str(&format!(
                "</section><section id=\"s{i}\"><h2>第{i}节</h2>\n"
            ));
        }
        body.push_str(&format!(
            "<p>第{i}段说明港口的钟表、潮汐和磨坊，并附有<a href=\"/p/{i}\">链接</a>；\
             灯塔把一次运行分成三个阶段：读取、整理和发送，每个阶段都可以单独配置，\
             也可以单独测试，这样在排查问题时就不必一次面对整个系统。</p>\n"
        ));
    }
    format!(
        "<!doctype html><html lang=\"zh-CN\"><head><title>长文 — 灯塔文档</title></head><body>\
         <div class=\"related\" role=\"navigation\"><a href=\"index.html\">灯塔文档</a></div>\
         <div class=\"body\" role=\"main\"><section id=\"top\"><h1>长文</h1>{body}</section></div>\
         <div class=\"sphinxsidebar\"><h3>目录</h3><ul><li><a href=\"#\">长文</a></li></ul></div>\
         <div class=\"footer\">版权所有</div></body></html>"
    )
}

/// Extracting the article from a 1 MB Chinese page (padding, Readability, conversion).
#[divan::bench(sample_count = 10)]
fn html_extract_cjk(bencher: Bencher) {
    let page = generate_cjk_page(1_000_000);
    bencher.bench_local(|| folio::format::html::parse(black_box(&page)));
}

// ---------------------------------------------------------------------------------------------
// Hostile inputs: the speed the hardening tests used to assert on wall-clock time in debug
// builds. The tests keep what they check; how fast is measured here.

/// Refusing an EPUB whose member declares 3 GB: from the directory, before unpacking anything
/// (was `declared_zip_bomb_is_refused_at_once` in tests/epub.rs: under 1 s).
#[divan::bench]
fn epub_zip_bomb_refused(bencher: Bencher) {
    let bytes = zip::declared_zip_bomb();
    bencher.bench(|| folio::format::epub::parse(black_box(&bytes)).is_err());
}

/// Pages of 100,000 nested `<div>`s and of 30,000 unclosed quoted lists (were
/// `hundred_thousand_nested_divs_do_not_overflow` in tests/html.rs: under 5 s and 10 s).
#[divan::bench(args = ["100k divs", "30k quoted lists"], sample_count = 5)]
fn html_deep_nesting(bencher: Bencher, page: &str) {
    let page = match page {
        "100k divs" => pathological::nested_divs(100_000),
        _ => pathological::unclosed_quoted_lists(30_000),
    };
    bencher.bench(|| folio::format::html::parse(black_box(&page)));
}

/// One pathological nesting case at one depth: the parse of depth n should take at most about
/// twice that of n / 2 (`scripts/nesting.sh` asserts it on a release build; a debug
/// `cargo test` only checks that the deepest parses).
#[derive(Clone, Copy)]
struct Nesting {
    format: Format,
    case: usize,
    depth: usize,
}

impl fmt::Display for Nesting {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = match self.format {
            Format::Markdown => pathological::MARKDOWN_NESTING[self.case].0,
            _ => pathological::HTML_NESTING[self.case].0,
        };
        write!(f, "{name} at {}", self.depth)
    }
}

fn nesting_cases() -> Vec<Nesting> {
    let mut cases = Vec::new();
    for depth in [50_000, 100_000] {
        for case in 0..pathological::MARKDOWN_NESTING.len() {
            cases.push(Nesting {
                format: Format::Markdown,
                case,
                depth,
            });
        }
        for (case, (name, _)) in pathological::HTML_NESTING.iter().enumerate() {
            cases.push(Nesting {
                format: Format::Html,
                case,
                depth: (depth as f64 * pathological::html_share(name)) as usize,
            });
        }
    }
    cases
}

/// Parsing every pathological nesting case at 50,000 and 100,000 deep (the slow HTML one at a
/// quarter of that) (was the time ratio in
/// `pathological_*_parses_in_bounded_time_without_overflow` in tests/hardening_input.rs).
#[divan::bench(args = nesting_cases(), sample_count = 5)]
fn nesting(bencher: Bencher, nesting: Nesting) {
    let text = match nesting.format {
        Format::Markdown => (pathological::MARKDOWN_NESTING[nesting.case].1)(nesting.depth),
        _ => (pathological::HTML_NESTING[nesting.case].1)(nesting.depth),
    };
    bencher.bench(|| nesting.format.parse(black_box(&text)));
}

/// 2,000 letters under 500 combining marks each: decode, parse and draw the first page, and a
/// page turn drawn (were `a_flood_of_combining_marks_renders_fast_and_within_its_cell` in
/// tests/hardening_input.rs: under 3 s and 500 ms).
mod combining_marks {
    use super::{Bencher, Format, black_box, pathological};
    use folio::app::{App, Msg, update};
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use std::sync::Arc;

    fn first_page(text: &str) -> (App, Terminal<TestBackend>) {
        let decoded = folio::decode::decode(text.as_bytes())
            .unwrap_or_else(|e| panic!("the flood does not decode: {e}"));
        let doc = Arc::new(Format::Plain.parse(&decoded.text));
        let app = App::with_document(doc, (80, 24), 72);
        let mut terminal =
            Terminal::new(TestBackend::new(80, 24)).unwrap_or_else(|e| panic!("test backend: {e}"));
        draw(&app, &mut terminal);
        (app, terminal)
    }

    fn draw(app: &App, terminal: &mut Terminal<TestBackend>) {
        terminal
            .draw(|f| f.render_widget(app, f.area()))
            .unwrap_or_else(|e| panic!("draw: {e}"));
    }

    #[divan::bench(sample_count = 10)]
    fn to_first_page(bencher: Bencher) {
        let text = pathological::combining_marks_flood();
        bencher.bench_local(|| first_page(black_box(&text)));
    }

    #[divan::bench(sample_count = 20)]
    fn page_turn(bencher: Bencher) {
        let (mut app, mut terminal) = first_page(&pathological::combining_marks_flood());
        let space = Msg::Key(folio::keymap::Key::char(' '));
        bencher.bench_local(|| {
            update(&mut app, space.clone());
            draw(&app, &mut terminal);
        });
    }
}

/// Quotation finding on the quote floods of 2 to 4 MB (was the ignored test
/// `four_megabytes_quickly` in tests/quotes.rs: under 100 ms each in release).
#[divan::bench(args = quote_flood_names(), sample_count = 10)]
fn quotes_find(bencher: Bencher, name: &str) {
    let text = pathological::quote_floods()
        .into_iter()
        .find(|(n, _)| *n == name)
        .map(|(_, text)| text)
        .unwrap_or_default();
    let doc = Format::Plain.parse(&text);
    bencher.bench(|| folio::quotes::find(black_box(&doc)));
}

fn quote_flood_names() -> Vec<&'static str> {
    pathological::quote_floods()
        .into_iter()
        .map(|(name, _)| name)
        .collect()
}
