//! Runs poppler's command-line tools (Debian `poppler-utils`) on a PDF: `pdftotext` to read the
//! text back as a reader's viewer would, `pdftoppm` to rasterise a page, `pdfimages` to list the
//! images with their resolution. They are required, not
//! optional: without them these tests would check nothing, so a missing tool fails the test.

use std::process::{Command, Output};

/// Runs `tool ARGS FILE [OUT]` on `pdf` and returns what it wrote to stdout.
fn run(tool: &str, args: &[&str], pdf: &[u8], out: Option<&str>) -> Vec<u8> {
    let dir = match tempfile::tempdir() {
        Ok(dir) => dir,
        Err(e) => panic!("cannot make a temporary directory: {e}"),
    };
    let path = dir.path().join("notice.pdf");
    if let Err(e) = std::fs::write(&path, pdf) {
        panic!("cannot write {}: {e}", path.display());
    }
    let output: Output = match Command::new(tool).args(args).arg(&path).args(out).output() {
        Ok(output) => output,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => panic!(
            "{tool} is not installed: run scripts/setup-test-services (it installs Debian's \
             poppler-utils)"
        ),
        Err(e) => panic!("cannot run {tool}: {e}"),
    };
    assert!(
        output.status.success(),
        "{tool} {args:?} failed on the PDF: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output.stdout
}

/// The text of every page, in order (pdftotext separates pages with a form feed), laid out.
pub fn pages_text(pdf: &[u8]) -> Vec<String> {
    text_of_pages(pdf, "-layout")
}

/// The text of every page with `pdftotext -raw` (content order: turned labels stay whole).
pub fn pages_text_raw(pdf: &[u8]) -> Vec<String> {
    text_of_pages(pdf, "-raw")
}

fn text_of_pages(pdf: &[u8], mode: &str) -> Vec<String> {
    let text = String::from_utf8_lossy(&run("pdftotext", &[mode, "-enc", "UTF-8"], pdf, Some("-")))
        .into_owned();
    let mut pages: Vec<String> = text.split('\u{c}').map(str::to_owned).collect();
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    pages
}

/// Page 1 as a PNG at `dpi`.
pub fn first_page_png(pdf: &[u8], dpi: u32) -> Vec<u8> {
    let dpi = dpi.to_string();
    let args = [
        "-r",
        dpi.as_str(),
        "-png",
        "-f",
        "1",
        "-l",
        "1",
        "-singlefile",
    ];
    // Without a file prefix pdftoppm writes the image to stdout.
    run("pdftoppm", &args, pdf, None)
}

/// Every image placement `pdfimages -list` reports: its encoding and its x and y resolution
/// at the size it is drawn.
pub fn image_list(pdf: &[u8]) -> Vec<(String, u32, u32)> {
    let out = String::from_utf8_lossy(&run("pdfimages", &["-list"], pdf, None)).into_owned();
    out.lines()
        .skip(2)
        .map(|line| {
            let cols: Vec<&str> = line.split_whitespace().collect();
            // page num type width height color comp bpc enc interp object ID x-ppi y-ppi …
            let ppi = |i: usize| cols[i].parse::<u32>().unwrap_or(0);
            (cols[8].to_owned(), ppi(12), ppi(13))
        })
        .collect()
}
