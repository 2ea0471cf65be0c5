use super::scan::cap_nesting;
use super::*;

fn doc(html: &str) -> Document {
    parse(html)
}

fn kinds(d: &Document) -> Vec<(BlockKind, String)> {
    d.blocks
        .iter()
        .map(|b| (b.kind.clone(), d.block_text(b).to_string()))
        .collect()
}

#[test]
fn charset_from_meta_charset_and_http_equiv() {
    assert_eq!(
        charset(b"<html><head><meta charset=\"windows-1252\">").as_deref(),
        Some("windows-1252")
    );
    assert_eq!(charset(b"<META CHARSET=utf-8 >").as_deref(), Some("utf-8"));
    assert_eq!(
        charset(b"<meta http-equiv='Content-Type' content='text/html; charset=ISO-8859-1'>")
            .as_deref(),
        Some("ISO-8859-1")
    );
    assert_eq!(
        charset(b"<meta name=\"x\" content=\"charset=utf-8\">"),
        None
    );
    assert_eq!(charset(b"<p>no meta here</p>"), None);
    // Only the first 2 KB count.
    let mut late = vec![b' '; CHARSET_SCAN];
    late.extend_from_slice(b"<meta charset=\"utf-8\">");
    assert_eq!(charset(&late), None);
    // Never panics on junk.
    assert_eq!(charset(b"<meta"), None);
    assert_eq!(charset(b"<meta charset=\"\">"), None);
}

#[test]
fn sniffing() {
    assert!(looks_like_html(
        "<!DOCTYPE html><html><body>x</body></html>"
    ));
    assert!(looks_like_html(
        "\u{feff}  <!-- saved -->\n<html lang=\"de\">"
    ));
    assert!(looks_like_html("<p>Just a paragraph</p>"));
    assert!(looks_like_html("<article><h1>x</h1></article>"));
    assert!(!looks_like_html("# Markdown\n\n<p>inline html</p>"));
    assert!(!looks_like_html("Plain text that mentions <html> tags."));
    assert!(!looks_like_html(""));
}

#[test]
fn nesting_is_capped_and_shallow_text_is_borrowed() {
    let shallow = "<div><p>a</p></div>";
    assert!(matches!(
        cap_nesting(shallow, 4),
        std::borrow::Cow::Borrowed(_)
    ));
    let deep = format!("{}text{}", "<div>".repeat(10), "</div>".repeat(10));
    let capped = cap_nesting(&deep, 4);
    assert_eq!(
        capped,
        format!("{}text{}", "<div>".repeat(4), "</div>".repeat(4))
    );
    // Unclosed <p> and <li>, void elements and scripts do not count.
    let flat = format!(
        "{}{}<script>{}</script>",
        "<p>x".repeat(50),
        "<br><img src=a>".repeat(50),
        "<div>".repeat(50)
    );
    assert!(matches!(
        cap_nesting(&flat, 4),
        std::borrow::Cow::Borrowed(_)
    ));
}

#[test]
fn inline_styles_links_and_breaks() {
    let d = doc("<html><head><title>T</title></head><body><h1>T</h1>\
        <p>One <em>two</em> <strong>three</strong> <code>four</code> \
        <a href=\"https://example.org/\">five</a>.</p>\
        <p>line one<br>\n line two</p><hr><pre>  fn x() {}\n  y</pre>\
        <p><img src=\"a.png\" alt=\"A cat\"> sits.</p></body></html>");
    let k = kinds(&d);
    assert_eq!(k[0], (BlockKind::Title, "T".to_string()));
    let p = &d.blocks[1];
    let text = d.block_text(p);
    assert_eq!(text, "One two three four five.");
    let styled: Vec<&str> = p.spans.iter().map(|s| &text[s.range.clone()]).collect();
    assert_eq!(styled, ["two", "three", "four", "five"]);
    assert_eq!(p.spans[3].style.link, Some(0));
    assert_eq!(d.meta.links, ["https://example.org/"]);
    assert_eq!(k[2], (BlockKind::Lines, "line one\nline two".to_string()));
    assert_eq!(k[3].0, BlockKind::Rule);
    assert_eq!(k[4], (BlockKind::Code, "  fn x() {}\n  y".to_string()));
    assert_eq!(k[5], (BlockKind::Paragraph, "A cat sits.".to_string()));
    assert!(d.blocks[5].spans[0].style.emphasis);
}

#[test]
fn lists_quotes_and_tables() {
    let d = doc("<body><h1>Lists</h1><ul><li>a<ul><li>b</li></ul></li></ul>\
        <ol start=\"3\"><li>c</li><li>d</li></ol><blockquote><p>q</p></blockquote>\
        <table><tr><th>Name</th><th>Age</th></tr><tr><td>Ann</td><td>31</td></tr></table></body>");
    let marks: Vec<Option<String>> = d
        .blocks
        .iter()
        .map(|b| b.list.as_ref().and_then(|l| l.marker.clone()))
        .collect();
    assert_eq!(
        marks,
        [
            None,
            Some("•".into()),
            Some("◦".into()),
            Some("3.".into()),
            Some("4.".into()),
            None,
            None
        ]
    );
    assert_eq!(d.blocks[2].list.as_ref().map(|l| l.depth), Some(2));
    assert_eq!(d.blocks[5].quote_depth, 1);
    assert_eq!(d.block_text(&d.blocks[6]), "Name | Age\nAnn  | 31");
    assert_eq!(d.blocks[6].kind, BlockKind::Table);
}

#[test]
fn entities_cannot_bring_back_controls() {
    let d = doc("<body><p>bell&#7; esc&#27;[31m red &#x202e;rtl &#x9b;x</p></body>");
    assert!(
        !d.text.chars().any(crate::decode::is_forbidden),
        "{:?}",
        d.text
    );
    assert!(d.text.contains("red"));
}

#[test]
fn title_from_metadata_when_the_page_has_no_h1() {
    let d = doc("<html lang=\"de\"><head><title>Ein Titel</title></head>\
        <body><p>Text.</p></body></html>");
    assert_eq!(d.meta.title.as_deref(), Some("Ein Titel"));
    assert_eq!(d.meta.language.as_deref(), Some("de"));
    assert_eq!(kinds(&d)[0], (BlockKind::Title, "Ein Titel".to_string()));
}

#[test]
fn empty_page_says_so() {
    let d = doc("");
    assert!(d.meta.notices.iter().any(|n| n == EMPTY_NOTICE));
}

#[test]
fn short_dates() {
    assert_eq!(short_date("2024-03-05T08:00:00Z"), "2024-03-05");
    assert_eq!(short_date("5 March 2024"), "5 March 2024");
    assert_eq!(short_date("2024"), "2024");
}

#[test]
fn a_line_break_between_cjk_characters_joins_them_without_a_space() {
    let d = doc("<html><head><title>说明</title></head><body><h1>说明</h1>\
        <p>这份手册介绍系统的安\n   装过程和常见的几项\r\n任务，<em>第一\n章</em>\n先读。</p>\
        <p>初めてのかたは、まず設定\nの方法を読んでください。</p>\
        <p>처음 사용하는 사람을\n위한 안내서입니다.</p>\
        <p>我们使用\nRust 编写，written in\n中文，两个 空格 留着。</p></body></html>");
    let k = kinds(&d);
    assert_eq!(k[0], (BlockKind::Title, "说明".to_string()));
    let p = &d.blocks[1];
    let text = d.block_text(p);
    assert_eq!(
        text,
        "这份手册介绍系统的安装过程和常见的几项任务，第一章先读。"
    );
    let styled: Vec<&str> = p.spans.iter().map(|s| &text[s.range.clone()]).collect();
    assert_eq!(styled, ["第一章"]);
    assert_eq!(k[2].1, "初めてのかたは、まず設定の方法を読んでください。");
    assert_eq!(k[3].1, "처음 사용하는 사람을 위한 안내서입니다.");
    assert_eq!(
        k[4].1,
        "我们使用 Rust 编写，written in 中文，两个 空格 留着。"
    );
}

/// Regression (issue 14): a line break right before a tag, between two CJK characters, left a
/// space (`一 份`): the whitespace at the end of a text node was written before the next
/// node's first character was known. Hangul and Latin keep the space, as does a real space.
#[test]
fn a_line_break_before_a_tag_between_cjk_characters_joins_them() {
    let d = doc("<html><head><title>说明</title></head><body><h1>说明</h1>\
        <p>这是中文句子\n<b>继续</b>写下去。这是一\n  <a href='x.html'>份</a>手册，\
        还有一<i> \n</i>些。</p>\
        <p>처음 사용하는\n<b>사람을</b> 위한 안내서입니다.</p>\
        <p>Written in\n<b>bold</b> and 中\n<i>Latin</i> text.</p>\
        <p>两个 <b>空格</b> 留着。</p></body></html>");
    let k = kinds(&d);
    let styled = |i: usize| -> Vec<String> {
        let text = d.block_text(&d.blocks[i]);
        let spans = &d.blocks[i].spans;
        spans
            .iter()
            .map(|s| text[s.range.clone()].to_string())
            .collect()
    };
    assert_eq!(k[1].1, "这是中文句子继续写下去。这是一份手册，还有一些。");
    assert_eq!(styled(1), ["继续", "份"]);
    assert_eq!(k[2].1, "처음 사용하는 사람을 위한 안내서입니다.");
    assert_eq!(styled(2), ["사람을"]);
    assert_eq!(k[3].1, "Written in bold and 中 Latin text.");
    assert_eq!(styled(3), ["bold", "Latin"]);
    assert_eq!(k[4].1, "两个 空格 留着。");
    assert_eq!(styled(4), ["空格"]);
}
