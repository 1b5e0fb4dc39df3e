//! Indices into MediaPipe's 468-point face mesh for the features the rules measure. "Left"
//! and "right" here are the image's, not the subject's: the subject's right eye is on the
//! image's left.

/// Named landmark indices.
pub mod idx {
    /// Top of the forehead on the face oval (the mesh stops at the hairline).
    pub const FOREHEAD: usize = 10;
    pub const CHIN: usize = 152;
    /// The face oval at cheekbone height, image left and right: face width is measured here.
    pub const CHEEK_L: usize = 234;
    pub const CHEEK_R: usize = 454;
    pub const NOSE_TIP: usize = 1;
    /// Eye on the image left: outer and inner corners, upper and lower lid middles.
    pub const EYE_L: [usize; 4] = [33, 133, 159, 145];
    /// Eye on the image right: inner and outer corners, upper and lower lid middles.
    pub const EYE_R: [usize; 4] = [362, 263, 386, 374];
    /// Inner lips, upper and lower; mouth corners.
    pub const LIP_UPPER: usize = 13;
    pub const LIP_LOWER: usize = 14;
    pub const MOUTH_L: usize = 61;
    pub const MOUTH_R: usize = 291;
    /// Upper edge of the eyebrows, image left and right.
    /// (The inner three points: the outer ends reach the temples, where hair is normal.)
    pub const BROW_L: [usize; 3] = [105, 66, 107];
    pub const BROW_R: [usize; 3] = [336, 296, 334];
    /// Cheek centres below the eyes, for skin colour.
    pub const CHEEK_SKIN_L: usize = 205;
    pub const CHEEK_SKIN_R: usize = 425;
    /// Jaw corners, image left and right.
    pub const JAW_L: usize = 172;
    pub const JAW_R: usize = 397;
}
