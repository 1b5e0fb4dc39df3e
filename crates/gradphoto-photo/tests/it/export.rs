//! The registry's file cut from a camera original: the engine's proposed crop, the profile's
//! pixels and density, a baseline JPEG inside the size window; judged again as a final file it
//! passes, its head inside the bands the crop aimed for. The original is stored sideways (EXIF
//! 6), as a camera held upright stores it, and comes out upright.

use gradphoto_photo::decode::{self, Limits};
use gradphoto_photo::export::{
    Outcome, Profile, print_image, print_image_kept, print_pixels, render, render_kept,
};
use gradphoto_photo::face::Rect;
use gradphoto_photo::fixtures;
use gradphoto_photo::{ModeChoice, Status};

/// The crop the judge proposes for `bytes`, in upright original pixels.
fn proposed_crop(bytes: &[u8]) -> Rect {
    let verdict = super::judge(ModeChoice::Original)
        .judge_bytes(bytes)
        .unwrap_or_else(|e| panic!("{e}"));
    let crop = verdict
        .crop
        .unwrap_or_else(|| panic!("no crop: {:?}", verdict.reason));
    assert!(crop.possible, "{:?}", crop.problems);
    let r = crop.geometry.region;
    let s = verdict.work_scale;
    Rect {
        x: r.x / s,
        y: r.y / s,
        w: r.w / s,
        h: r.h / s,
    }
}

#[test]
fn the_registry_file_meets_the_spec_and_passes_as_a_final_file() {
    let bytes = super::sideways_jpeg();
    let crop = proposed_crop(&bytes);
    let profile = Profile::built_in("chsi-2017").unwrap_or_else(|e| panic!("{e}"));
    let Outcome::Fitted(r) =
        render(&bytes, crop, &profile, &Limits::default()).unwrap_or_else(|e| panic!("{e}"))
    else {
        panic!("did not fit");
    };
    assert!((60..=95).contains(&r.quality));
    let info = decode::decode(&r.jpeg, &Limits::default())
        .unwrap_or_else(|e| panic!("{e}"))
        .info;
    assert_eq!((info.width, info.height, info.orientation), (480, 640, 1));
    assert!(info.baseline);
    assert_eq!(info.dpi, Some(300.0));
    assert_eq!(info.colour, decode::ColourType::Rgb8);
    assert!(
        (20 * 1024..=40 * 1024).contains(&r.jpeg.len()),
        "{}",
        r.jpeg.len()
    );

    let again = super::judge(ModeChoice::Final)
        .judge_bytes(&r.jpeg)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_ne!(again.overall, Status::Fail, "{:?}", again.reason);
    for id in [
        "file.format",
        "file.dimensions",
        "file.colour",
        "file.size",
        "file.quality",
        "file.density",
    ] {
        let rule = again.result(id).unwrap_or_else(|| panic!("no rule {id}"));
        assert_eq!(rule.status, Status::Pass, "{id}: {:?}", rule.reason);
    }
    let g = again
        .as_shot
        .unwrap_or_else(|| panic!("no face in the final file"));
    let bands = super::judge(ModeChoice::Final).pack().bands();
    let inside = |v: f32, (lo, hi): (f32, f32)| v >= lo - 3.0 && v <= hi + 3.0;
    assert!(
        inside(g.hair_top, bands.hair_top),
        "hair top {}",
        g.hair_top
    );
    assert!(
        inside(g.eye_line, bands.eye_line),
        "eye line {}",
        g.eye_line
    );
    assert!(
        inside(g.face_width, bands.face_width),
        "face width {}",
        g.face_width
    );
}

#[test]
fn the_archive_profile_is_another_file_not_other_code() {
    let bytes = super::sideways_jpeg();
    let profile = Profile::built_in("school-archive").unwrap_or_else(|e| panic!("{e}"));
    let out = render(&bytes, proposed_crop(&bytes), &profile, &Limits::default())
        .unwrap_or_else(|e| panic!("{e}"));
    let Outcome::Fitted(r) = out else {
        panic!("{out:?}")
    };
    let info = decode::decode(&r.jpeg, &Limits::default())
        .unwrap_or_else(|e| panic!("{e}"))
        .info;
    assert_eq!((info.width, info.height), (720, 960));
    assert!((profile.min_bytes..=profile.max_bytes).contains(&r.jpeg.len()));
}

#[test]
fn a_flat_photo_that_cannot_reach_the_window_is_not_forced() {
    let flat = fixtures::jpeg(
        &image::RgbImage::from_pixel(1200, 1600, image::Rgb([100, 197, 255])),
        90,
        72,
    );
    let crop = Rect {
        x: 0.0,
        y: 0.0,
        w: 1200.0,
        h: 1600.0,
    };
    let profile = Profile::built_in("chsi-2017").unwrap_or_else(|e| panic!("{e}"));
    match render(&flat, crop, &profile, &Limits::default()) {
        Ok(Outcome::NoFit(why)) => {
            assert!(
                why.zh.contains("20 KB") && why.en.contains("20 KB"),
                "{why:?}"
            )
        }
        other => panic!("{other:?}"),
    }
    // Not a photo at all: refused as the judge refuses it.
    assert!(render(b"not a photo", crop, &profile, &Limits::default()).is_err());
}

#[test]
fn the_files_cut_from_the_ingest_decode_are_the_files_cut_from_the_original() {
    let bytes = super::sideways_jpeg();
    let crop = proposed_crop(&bytes);
    let limits = Limits::default();
    let profile = Profile::built_in("chsi-2017").unwrap_or_else(|e| panic!("{e}"));
    let kept = gradphoto_photo::prepare(&bytes, &limits)
        .unwrap_or_else(|e| panic!("{e}"))
        .kept
        .upright();
    let from_kept = render_kept(&kept, crop, &profile)
        .unwrap_or_else(|e| panic!("{e}"))
        .unwrap_or_else(|| panic!("the ingest decode is the registry file's decode"));
    let from_original = render(&bytes, crop, &profile, &limits).unwrap_or_else(|e| panic!("{e}"));
    assert!(matches!(from_kept, Outcome::Fitted(_)), "{from_kept:?}");
    assert_eq!(from_kept, from_original, "byte for byte");

    let size = print_pixels(35.0, 49.0, 300);
    let print = print_image_kept(&kept, crop, size, 300)
        .unwrap_or_else(|e| panic!("{e}"))
        .unwrap_or_else(|| panic!("the ingest decode is the print image's decode"));
    let cut = print_image(&bytes, crop, size, 300, &limits).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(print, cut, "byte for byte");

    // A decode at another DCT scale (here the whole file, for a larger working copy) is not
    // used: the file would differ from the one cut from the original.
    let whole = Limits {
        work_long_side: 3200,
        ..Limits::default()
    };
    let full = gradphoto_photo::prepare(&bytes, &whole)
        .unwrap_or_else(|e| panic!("{e}"))
        .kept
        .upright();
    assert_eq!(full.decoded.image.dimensions(), (2400, 3200));
    assert_eq!(render_kept(&full, crop, &profile).ok(), Some(None));
    assert_eq!(print_image_kept(&full, crop, size, 300).ok(), Some(None));
}
