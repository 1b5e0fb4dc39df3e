//! Who may see which students: the one place that turns a user's role and colleges into a
//! roster scope, shared by the pages and the API so the two can never disagree.

use gradphoto_domain::{CollegeId, Msg, Role, StudentId, User};
use gradphoto_store::StudentView;

use crate::AppState;
use crate::auth::{ROSTER_ROLES, not_your_student, require};
use crate::error::WebError;

/// The colleges a user is limited to, `None` for everyone else.
pub(crate) fn scope_of(user: &User) -> Option<Vec<CollegeId>> {
    user.role.is_college_scoped().then(|| user.colleges.clone())
}

pub(crate) fn parse_college(raw: &str) -> Result<Option<CollegeId>, WebError> {
    match raw.trim() {
        "" => Ok(None),
        s => s.parse().map(|id| Some(CollegeId(id))).map_err(|_| {
            WebError::BadRequest(Msg::new(
                format!("学院编号“{s}”无效"),
                format!("college id \"{s}\" is not valid"),
            ))
        }),
    }
}

/// Loads a student the user may see: staff within their colleges, a student only themself.
/// Returns the student and whether the full ID number may be shown.
pub(crate) async fn visible_student(
    state: &AppState,
    user: &User,
    raw_id: &str,
) -> Result<(StudentView, bool), WebError> {
    let missing = || {
        WebError::NotFound(Msg::new(
            format!("没有编号为 {raw_id} 的学生"),
            format!("there is no student with id {raw_id}"),
        ))
    };
    let id = StudentId(raw_id.trim().parse().map_err(|_| missing())?);
    if user.role == Role::Student {
        if user.student_id != Some(id) {
            return Err(not_your_student());
        }
    } else {
        require(user, &ROSTER_ROLES)?;
    }
    let view = state.app.repo.student(id).await?.ok_or_else(missing)?;
    let own = user.student_id == Some(id);
    if !own && !user.may_see_college(view.college_id) {
        return Err(not_your_student());
    }
    Ok((view, own || user.role == Role::Admin))
}
