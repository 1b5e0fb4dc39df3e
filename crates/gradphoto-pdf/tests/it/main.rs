//! Integration tests of `gradphoto-pdf`: the timetable of 附件一 and the print sheets rendered
//! and read back with poppler, as a person opening the PDF would see it.

mod notice;
mod poppler;
mod prints;
mod timetable;
