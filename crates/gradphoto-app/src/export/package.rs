//! The registry package as a zip, written as it goes (one photo in memory at a time): the
//! photos in the order given, then the manifest as CSV and XLSX (学号, 姓名, 身份证号, file,
//! bytes, quality, sha256) and a short README. Every entry has the same fixed time and
//! permissions, and the workbook a fixed creation date, so the same inputs give the same bytes.
//! The photos are stored (a JPEG does not compress); names that are not ASCII carry the zip's
//! UTF-8 flag.

use std::io::{Seek, Write};

use sha2::{Digest, Sha256};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

/// One photo's manifest row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ManifestRow {
    pub student_no: String,
    pub name: String,
    pub id_number: String,
    pub file: String,
    pub bytes: usize,
    pub quality: u8,
    pub sha256: String,
}

const HEADER: [&str; 7] = [
    "学号",
    "姓名",
    "身份证号",
    "file",
    "bytes",
    "quality",
    "sha256",
];

impl ManifestRow {
    fn cells(&self) -> [String; 7] {
        [
            self.student_no.clone(),
            self.name.clone(),
            self.id_number.clone(),
            self.file.clone(),
            self.bytes.to_string(),
            self.quality.to_string(),
            self.sha256.clone(),
        ]
    }
}

/// The manifest's file names in the package.
pub const MANIFEST_CSV: &str = "manifest.csv";
pub const MANIFEST_XLSX: &str = "manifest.xlsx";
pub const README: &str = "README.txt";

/// A package being written.
#[derive(Debug)]
pub struct Package<W: Write + Seek> {
    zip: ZipWriter<W>,
    rows: Vec<ManifestRow>,
}

fn options() -> SimpleFileOptions {
    SimpleFileOptions::default()
        .compression_method(CompressionMethod::Stored)
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o644)
}

fn failed(e: impl std::fmt::Display) -> String {
    format!("writing the package: {e}")
}

impl<W: Write + Seek> Package<W> {
    pub fn new(out: W) -> Self {
        Self {
            zip: ZipWriter::new(out),
            rows: Vec::new(),
        }
    }

    /// Adds a photo under `row.file`.
    pub fn add_photo(&mut self, jpeg: &[u8], row: ManifestRow) -> Result<(), String> {
        self.zip
            .start_file(row.file.as_str(), options())
            .map_err(failed)?;
        self.zip.write_all(jpeg).map_err(failed)?;
        self.rows.push(row);
        Ok(())
    }

    /// Writes the manifest and `readme` and closes the zip; gives the writer back with the
    /// SHA-256 (hex) of the CSV manifest.
    pub fn finish(mut self, readme: &str) -> Result<(W, String), String> {
        let csv = manifest_csv(&self.rows)?;
        let sha = hex::encode(Sha256::digest(&csv));
        let xlsx = manifest_xlsx(&self.rows).map_err(failed)?;
        for (name, bytes) in [
            (MANIFEST_CSV, csv.as_slice()),
            (MANIFEST_XLSX, xlsx.as_slice()),
            (README, readme.as_bytes()),
        ] {
            self.zip.start_file(name, options()).map_err(failed)?;
            self.zip.write_all(bytes).map_err(failed)?;
        }
        let out = self.zip.finish().map_err(failed)?;
        Ok((out, sha))
    }
}

/// UTF-8 with a byte-order mark, so that Excel opens the Chinese headers right.
fn manifest_csv(rows: &[ManifestRow]) -> Result<Vec<u8>, String> {
    let mut w = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    w.write_record(HEADER).map_err(failed)?;
    for row in rows {
        w.write_record(row.cells()).map_err(failed)?;
    }
    w.into_inner().map_err(failed)
}

fn manifest_xlsx(rows: &[ManifestRow]) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook};
    let mut workbook = Workbook::new();
    // A fixed creation date: otherwise every workbook differs by the second it was written.
    let epoch = ExcelDateTime::from_ymd(2000, 1, 1)?;
    workbook.set_properties(&DocProperties::new().set_creation_datetime(&epoch));
    let sheet = workbook.add_worksheet();
    sheet.set_name("manifest")?;
    let bold = Format::new().set_bold();
    for (c, (title, width)) in HEADER
        .iter()
        .zip([12.0, 10.0, 22.0, 36.0, 8.0, 8.0, 66.0])
        .enumerate()
    {
        let c = c as u16;
        sheet.write_string_with_format(0, c, *title, &bold)?;
        sheet.set_column_width(c, width)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    for (r, row) in rows.iter().enumerate() {
        let r = u32::try_from(r + 1).unwrap_or(u32::MAX);
        for (c, cell) in row.cells().iter().enumerate() {
            sheet.write_string(r, c as u16, cell)?;
        }
    }
    workbook.save_to_buffer()
}
