//! Who goes into a package: by default every student whose current photo is accepted and whose
//! newest proofreading answer confirms that photo; the office may drop the proofreading
//! condition or keep to some classes. Every student left out is kept with the reason.

use gradphoto_domain::Msg;
use gradphoto_domain::proof::ProofState;
use gradphoto_store::{CurrentPhoto, ExportCandidate};
use serde::{Deserialize, Serialize};

/// What the office chose.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Selection {
    /// Only students who confirmed their current photo (正确).
    pub require_proof: bool,
    /// Only these class codes; all classes when empty.
    #[serde(default)]
    pub classes: Vec<String>,
}

impl Default for Selection {
    fn default() -> Self {
        Self {
            require_proof: true,
            classes: Vec::new(),
        }
    }
}

impl Selection {
    /// Whether the student's class is chosen at all (a student of another class is neither
    /// exported nor listed as left out).
    pub fn covers(&self, c: &ExportCandidate) -> bool {
        self.classes.is_empty() || self.classes.contains(&c.class_code)
    }

    /// The student's photo to export, or why they are left out.
    pub fn photo<'a>(&self, c: &'a ExportCandidate) -> Result<&'a CurrentPhoto, Msg> {
        let Some(photo) = &c.photo else {
            return Err(Msg::new("还没有采集到照片", "no photo accepted yet"));
        };
        if self.require_proof {
            match c.proof {
                None => {
                    return Err(Msg::new(
                        "学生还没有校对确认",
                        "the student has not proofread yet",
                    ));
                }
                Some((ProofState::Disputed, _)) => {
                    return Err(Msg::new(
                        "学生校对时提出有误，尚未处理",
                        "the student disputed the photo or data, not settled yet",
                    ));
                }
                Some((ProofState::Confirmed, on)) if on != Some(photo.photo_id) => {
                    return Err(Msg::new(
                        "学生确认的是之前的照片，需对当前照片重新校对",
                        "the student confirmed an earlier photo and must proofread the current one",
                    ));
                }
                Some((ProofState::Confirmed, _)) => {}
            }
        }
        Ok(photo)
    }
}
