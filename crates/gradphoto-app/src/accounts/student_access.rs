//! How a student signs in without a password: their 学号 and the proof code printed on their
//! check-in ticket (校对码). The database keeps only the codes' hashes, one per ticket; any of
//! the student's tickets' codes lets them in, since the code is shown once, at the first
//! check-in. The first sign-in makes the student's account (role student, tied to the roster
//! entry, no password that could ever match).

use gradphoto_domain::{CampaignId, Role, StudentNo, User};
use gradphoto_store::{Actor, NewUser, StoreError};
use sha2::{Digest, Sha256};

use super::tokens::same_secret;
use crate::App;
use crate::error::Result;

/// A proof code as typed: spaces and dashes dropped, letters upper-cased.
pub fn normalize_proof_code(raw: &str) -> String {
    raw.chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .flat_map(char::to_uppercase)
        .collect()
}

/// The student of `campaign` with this 学号 whose ticket carried this proof code, with their
/// account; `None` when either is wrong (the caller says so without telling which).
pub async fn by_proof_code(
    app: &App,
    campaign: CampaignId,
    student_no: &str,
    proof_code: &str,
) -> Result<Option<User>> {
    let Ok(no) = StudentNo::parse(student_no) else {
        return Ok(None);
    };
    let code = normalize_proof_code(proof_code);
    if code.is_empty() {
        return Ok(None);
    }
    let Some(student) = app.repo.student_by_no(campaign, &no).await? else {
        return Ok(None);
    };
    let id = student.student.id;
    let hash = hex::encode(Sha256::digest(code.as_bytes()));
    let hashes = app.repo.student_proof_hashes(id).await?;
    if !hashes.iter().any(|h| same_secret(h, &hash)) {
        return Ok(None);
    }
    if let Some(user) = app.repo.student_user(id).await? {
        return Ok(Some(user));
    }
    let new = NewUser {
        login: format!("student-{campaign}-{}", no.as_str()),
        display_name: student.student.record.name.clone(),
        // Not a hash any password verifies against: a student's way in is the proof code.
        password_hash: "!proof-code".to_owned(),
        role: Role::Student,
        colleges: Vec::new(),
        student_id: Some(id),
    };
    let actor = Actor::system(&format!("student:{}", no.as_str()));
    match app.repo.create_user(&new, &actor, app.now()).await {
        Ok(user) => Ok(Some(user)),
        // Two first sign-ins at once: the other one made the account.
        Err(StoreError::Rejected(_)) => Ok(app.repo.student_user(id).await?),
        Err(e) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_read_as_printed() {
        assert_eq!(normalize_proof_code(" abcd-2345 "), "ABCD2345");
        assert_eq!(normalize_proof_code("AB CD 23 45"), "ABCD2345");
    }
}
