//! People who log in, and what their role lets them do.

use serde::Serialize;

use crate::{CollegeId, Msg, StudentId, UserId};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// 教务处: runs the campaign.
    Admin,
    /// 学院领队: sees their colleges' classes and students.
    CollegeLead,
    /// 学院教务员: records fees for their colleges.
    CollegeSecretary,
    /// Collection crew: check-in desk, capture stations, review.
    Operator,
    /// A graduate.
    Student,
    /// A screen at the venue showing the queue board.
    Display,
}

impl Role {
    pub const ALL: [Role; 6] = [
        Role::Admin,
        Role::CollegeLead,
        Role::CollegeSecretary,
        Role::Operator,
        Role::Student,
        Role::Display,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::CollegeLead => "college_lead",
            Role::CollegeSecretary => "college_secretary",
            Role::Operator => "operator",
            Role::Student => "student",
            Role::Display => "display",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, Msg> {
        Role::ALL
            .into_iter()
            .find(|r| r.code() == raw.trim())
            .ok_or_else(|| {
                Msg::new(
                    format!("角色“{raw}”无效，可选：admin, college_lead, college_secretary, operator, student, display"),
                    format!("role \"{raw}\" is not valid; one of admin, college_lead, college_secretary, operator, student, display"),
                )
            })
    }

    pub fn label(self) -> Msg {
        match self {
            Role::Admin => Msg::new("教务处管理员", "administrator"),
            Role::CollegeLead => Msg::new("学院领队", "college lead"),
            Role::CollegeSecretary => Msg::new("学院教务员", "college secretary"),
            Role::Operator => Msg::new("采集人员", "operator"),
            Role::Student => Msg::new("毕业生", "student"),
            Role::Display => Msg::new("现场大屏", "venue display"),
        }
    }

    /// Roles whose college scope limits what they see.
    pub fn is_college_scoped(self) -> bool {
        matches!(self, Role::CollegeLead | Role::CollegeSecretary)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct User {
    pub id: UserId,
    pub login: String,
    pub display_name: String,
    pub role: Role,
    /// For college leads and secretaries: the colleges they may see.
    pub colleges: Vec<CollegeId>,
    /// For students: the roster entry they are.
    pub student_id: Option<StudentId>,
}

impl User {
    /// Whether this user may see the roster entries of a college (None: no college on the roster).
    pub fn may_see_college(&self, college: Option<CollegeId>) -> bool {
        match self.role {
            Role::Admin | Role::Operator => true,
            Role::CollegeLead | Role::CollegeSecretary => {
                college.is_some_and(|c| self.colleges.contains(&c))
            }
            Role::Student | Role::Display => false,
        }
    }

    /// Whether this user may open the roster at all.
    pub fn may_list_roster(&self) -> bool {
        !matches!(self.role, Role::Student | Role::Display)
    }
}

/// A login name: 2 to 64 ASCII letters, digits, `.`, `_`, `-`.
pub fn parse_login(raw: &str) -> Result<String, Msg> {
    let s = raw.trim();
    let ok = (2..=64).contains(&s.len())
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "._-".contains(c));
    if ok {
        Ok(s.to_owned())
    } else {
        Err(Msg::new(
            format!("用户名“{s}”应为 2 到 64 位字母、数字或 . _ -"),
            format!("login \"{s}\" should be 2 to 64 letters, digits or . _ -"),
        ))
    }
}

/// Passwords: at least 8 characters.
pub fn check_password(raw: &str) -> Result<(), Msg> {
    if raw.chars().count() >= 8 {
        Ok(())
    } else {
        Err(Msg::new(
            "密码至少 8 个字符",
            "a password needs at least 8 characters",
        ))
    }
}
