//! How a student signs in without a password: their 学号 and the proof code printed on their
//! check-in ticket (校对码), or, where the campaign chooses it, their 学号 with the last six
//! characters of their ID number and their birth date
//! ([`gradphoto_domain::student_sign_in`]). The database keeps only the proof codes' hashes,
//! one per ticket; any of the student's tickets' codes lets them in, since the code is shown
//! once, at the first check-in. The first sign-in makes the student's account (role student,
//! tied to the roster entry, no password that could ever match).

use chrono::NaiveDate;
use gradphoto_domain::student_sign_in::{StudentSignIn, id_and_birth_match};
use gradphoto_domain::{CampaignId, Role, StudentNo, User};
use gradphoto_store::{Actor, NewUser, StoreError, StudentView};
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
    account_of(app, campaign, &student).await.map(Some)
}

/// The student of `campaign` with this 学号 whose ID number ends in `last_six` and who was born
/// on `birth`, with their account; `None` when anything is wrong or the campaign does not let
/// students in this way.
pub async fn by_id_and_birth(
    app: &App,
    campaign: CampaignId,
    student_no: &str,
    last_six: &str,
    birth: NaiveDate,
) -> Result<Option<User>> {
    if app.repo.student_sign_in(campaign).await? != StudentSignIn::IdAndBirth {
        return Ok(None);
    }
    let Ok(no) = StudentNo::parse(student_no) else {
        return Ok(None);
    };
    let Some(student) = app.repo.student_by_no(campaign, &no).await? else {
        return Ok(None);
    };
    if !id_and_birth_match(&student.student.record, last_six, birth) {
        return Ok(None);
    }
    account_of(app, campaign, &student).await.map(Some)
}

/// What a student proves who they are with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StudentSecret {
    /// The proof code on their ticket.
    ProofCode(String),
    /// The last six characters of their ID number and their birth date, where the campaign
    /// allows it.
    IdAndBirth { last_six: String, birth: NaiveDate },
}

/// The student of `campaign` with this 学号 that the secret proves, with their account.
pub async fn sign_in(
    app: &App,
    campaign: CampaignId,
    student_no: &str,
    secret: &StudentSecret,
) -> Result<Option<User>> {
    match secret {
        StudentSecret::ProofCode(code) => by_proof_code(app, campaign, student_no, code).await,
        StudentSecret::IdAndBirth { last_six, birth } => {
            by_id_and_birth(app, campaign, student_no, last_six, *birth).await
        }
    }
}

/// The campaign students sign in to: the current one; `None` before there is any.
pub async fn campaign_to_sign_in(app: &App) -> Result<Option<CampaignId>> {
    Ok(app.repo.current_campaign().await?.map(|c| c.id))
}

/// How the current campaign's students sign in (the default when there is no campaign yet),
/// for the sign-in page.
pub async fn current_method(app: &App) -> Result<StudentSignIn> {
    match campaign_to_sign_in(app).await? {
        Some(campaign) => method(app, campaign).await,
        None => Ok(StudentSignIn::default()),
    }
}

/// How the campaign's students sign in.
pub async fn method(app: &App, campaign: CampaignId) -> Result<StudentSignIn> {
    Ok(app.repo.student_sign_in(campaign).await?)
}

/// Sets how the campaign's students sign in (audited).
pub async fn set_method(
    app: &App,
    campaign: CampaignId,
    method: StudentSignIn,
    actor: &Actor,
) -> Result<()> {
    Ok(app
        .repo
        .set_student_sign_in(campaign, method, actor, app.now())
        .await?)
}

/// The student's account, made at their first sign-in.
async fn account_of(app: &App, campaign: CampaignId, student: &StudentView) -> Result<User> {
    let id = student.student.id;
    if let Some(user) = app.repo.student_user(id).await? {
        return Ok(user);
    }
    let no = &student.student.record.student_no;
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
        Ok(user) => Ok(user),
        // Two first sign-ins at once: the other one made the account.
        Err(StoreError::Rejected(msg)) => app
            .repo
            .student_user(id)
            .await?
            .ok_or(StoreError::Rejected(msg).into()),
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
