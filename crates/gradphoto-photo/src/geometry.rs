//! The two views of a photo's geometry in the registry's 480 × 640 frame: as shot (the whole
//! photo scaled to 480 wide), and after the 3:4 crop the export would make, which this module
//! proposes: the crop that puts the top of the hair, the eye line and the face width inside
//! their bands, or says why none can.

use gradphoto_domain::Msg;
use serde::Serialize;

use crate::face::Rect;
use crate::measure::FaceMeasures;

/// The bands a crop aims for, from the rule pack.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bands {
    pub width: f32,
    pub height: f32,
    pub hair_top: (f32, f32),
    pub eye_line: (f32, f32),
    pub face_width: (f32, f32),
}

/// Where the head sits in one view, in the view's pixels (480 wide).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Geometry {
    /// The region of the working copy this view shows.
    pub region: Rect,
    /// View pixels per working-copy pixel.
    pub scale: f32,
    pub hair_top: f32,
    pub eye_line: f32,
    pub face_width: f32,
    /// Face centre minus frame centre (positive: right of centre).
    pub centre_offset: f32,
    pub hair_cut_off: bool,
}

impl Geometry {
    fn of(face: &FaceMeasures, region: Rect, view_width: f32) -> Self {
        let s = view_width / region.w.max(1e-3);
        Geometry {
            region,
            scale: s,
            hair_top: (face.hair_top_y - region.y) * s,
            eye_line: (face.eye_line_y - region.y) * s,
            face_width: face.face_width * s,
            centre_offset: (face.centre_x - region.x) * s - view_width / 2.0,
            hair_cut_off: face.hair_cut_off || face.hair_top_y < region.y - 0.5,
        }
    }

    /// The whole photo, scaled to the frame's width.
    pub fn as_shot(face: &FaceMeasures, work_w: u32, work_h: u32, bands: &Bands) -> Self {
        let region = Rect {
            x: 0.0,
            y: 0.0,
            w: work_w as f32,
            h: work_h as f32,
        };
        Self::of(face, region, bands.width)
    }
}

/// The crop the export would make, and whether it meets the bands.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CropProposal {
    pub geometry: Geometry,
    /// The crop's width in original pixels: under the frame's width it must be enlarged.
    pub source_width: f32,
    /// Whether the crop lies inside the photo and meets every band.
    pub possible: bool,
    /// Why not, when it is not.
    pub problems: Vec<Msg>,
}

/// Proposes the 3:4 crop. `work_scale` is working-copy pixels per original pixel.
pub fn propose_crop(
    face: &FaceMeasures,
    work_w: u32,
    work_h: u32,
    work_scale: f32,
    b: &Bands,
) -> CropProposal {
    let (w, h) = (work_w as f32, work_h as f32);
    let d = (face.eye_line_y - face.hair_top_y).max(1.0);
    let fw = face.face_width.max(1.0);
    // Output pixels per working pixel: aim at the middle of the face-width band, within what
    // lets both the hair top and the eye line fit their bands.
    let lo = (b.face_width.0 / fw).max((b.eye_line.0 - b.hair_top.1) / d);
    let hi = (b.face_width.1 / fw).min((b.eye_line.1 - b.hair_top.0) / d);
    let target = (b.face_width.0 + b.face_width.1) / 2.0 / fw;
    let mut problems = Vec::new();
    let s = if lo <= hi {
        target.clamp(lo, hi)
    } else {
        problems.push(Msg::new(
            "头发高度与脸宽的比例无法同时满足头顶、眼线和脸宽的范围",
            "the hair height and face width cannot both fit their bands",
        ));
        target
    };
    // Eye line: as central in its band as the hair top allows.
    let e_lo = b.eye_line.0.max(b.hair_top.0 + d * s);
    let e_hi = b.eye_line.1.min(b.hair_top.1 + d * s);
    let e = if e_lo <= e_hi {
        (e_lo + e_hi) / 2.0
    } else {
        (b.eye_line.0 + b.eye_line.1) / 2.0
    };
    let (cw, ch) = (b.width / s, b.height / s);
    let mut region = Rect {
        x: face.centre_x - cw / 2.0,
        y: face.eye_line_y - e / s,
        w: cw,
        h: ch,
    };
    if cw > w + 0.5 || ch > h + 0.5 {
        problems.push(Msg::new(
            "人像在画面中太大，无法裁出 3:4 的照片：请把相机拉远",
            "the head is too large in the frame for a 3:4 crop: move the camera back",
        ));
    } else {
        // Up to half a pixel larger than the frame is taken as the frame: clamp into [0, 0].
        let (x0, y0) = (
            region.x.clamp(0.0, (w - cw).max(0.0)),
            region.y.clamp(0.0, (h - ch).max(0.0)),
        );
        if (x0 - region.x).abs() > 0.5 || (y0 - region.y).abs() > 0.5 {
            region.x = x0;
            region.y = y0;
        }
    }
    if face.hair_cut_off {
        problems.push(Msg::new(
            "原片中头顶被裁切",
            "the top of the head is cut off in the original",
        ));
    }
    let geometry = Geometry::of(face, region, b.width);
    let inside = |v: f32, (lo, hi): (f32, f32)| v >= lo - 0.5 && v <= hi + 0.5;
    if problems.is_empty()
        && !(inside(geometry.hair_top, b.hair_top)
            && inside(geometry.eye_line, b.eye_line)
            && inside(geometry.face_width, b.face_width))
    {
        problems.push(Msg::new(
            "人像太靠近画面边缘，裁剪后头顶或眼线超出范围",
            "the head is too close to the edge of the frame: after cropping the hair top or eye line is out of its band",
        ));
    }
    CropProposal {
        source_width: cw / work_scale.max(1e-6),
        possible: problems.is_empty(),
        problems,
        geometry,
    }
}
