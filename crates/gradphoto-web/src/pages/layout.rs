//! What the base layout shows around every page: the product name, the campaign's title, the
//! navigation the user's role allows, the language switch and the sign-out button.

use gradphoto_domain::{Campaign, Role};

use crate::auth::CurrentUser;
use crate::context::Ctx;
use crate::i18n::Tr;

#[derive(Debug, Clone)]
pub struct Layout {
    pub title: String,
    pub campaign_title: Option<String>,
    pub user: Option<NavUser>,
    pub nav: Vec<NavItem>,
    /// The current address in the other language (`?lang=` set, the rest of the query kept).
    pub lang_href: String,
}

/// The signed-in user as the header shows them; `csrf` feeds the sign-out form.
#[derive(Debug, Clone)]
pub struct NavUser {
    pub display_name: String,
    pub role_label: String,
    pub csrf: String,
}

#[derive(Debug, Clone)]
pub struct NavItem {
    pub href: &'static str,
    /// Catalogue key of the link's text.
    pub key: &'static str,
    pub active: bool,
}

/// The sections of the site.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Overview,
    Students,
    Import,
    Timetable,
    Classes,
    Desk,
    Stations,
    Board,
    Review,
    Exports,
    Fees,
    Jobs,
}

impl Layout {
    /// A page with no user: the login page, error pages.
    pub fn bare(ctx: &Ctx, title: &str) -> Self {
        Self {
            title: title.to_owned(),
            campaign_title: None,
            user: None,
            nav: Vec::new(),
            lang_href: lang_href(ctx),
        }
    }

    pub fn new(
        ctx: &Ctx,
        current: &CurrentUser,
        campaign: Option<&Campaign>,
        title: &str,
        section: Section,
    ) -> Self {
        let t = Tr::new(ctx.lang);
        let user = &current.user;
        let item = |href, key, s| NavItem {
            href,
            key,
            active: s == section,
        };
        let nav = match user.role {
            Role::Student => vec![item("/", "nav.my_record", Section::Overview)],
            Role::Display => vec![item("/board", "nav.board", Section::Board)],
            Role::Admin => vec![
                item("/", "nav.overview", Section::Overview),
                item("/students", "nav.students", Section::Students),
                item("/import", "nav.import", Section::Import),
                item("/timetable", "nav.timetable", Section::Timetable),
                item("/classes", "nav.classes", Section::Classes),
                item("/desk", "nav.desk", Section::Desk),
                item("/stations", "nav.stations", Section::Stations),
                item("/board", "nav.board", Section::Board),
                item("/review", "nav.review", Section::Review),
                item("/exports", "nav.exports", Section::Exports),
                item("/fees", "nav.fees", Section::Fees),
                item("/jobs", "nav.jobs", Section::Jobs),
            ],
            Role::Operator => vec![
                item("/", "nav.overview", Section::Overview),
                item("/students", "nav.students", Section::Students),
                item("/timetable", "nav.timetable", Section::Timetable),
                item("/classes", "nav.classes", Section::Classes),
                item("/desk", "nav.desk", Section::Desk),
                item("/stations", "nav.stations", Section::Stations),
                item("/board", "nav.board", Section::Board),
                item("/review", "nav.review", Section::Review),
                item("/jobs", "nav.jobs", Section::Jobs),
            ],
            Role::CollegeLead => vec![
                item("/", "nav.overview", Section::Overview),
                item("/students", "nav.students", Section::Students),
                item("/timetable", "nav.timetable", Section::Timetable),
                item("/classes", "nav.classes", Section::Classes),
            ],
            Role::CollegeSecretary => vec![
                item("/", "nav.overview", Section::Overview),
                item("/students", "nav.students", Section::Students),
                item("/timetable", "nav.timetable", Section::Timetable),
                item("/classes", "nav.classes", Section::Classes),
                item("/fees", "nav.fees", Section::Fees),
            ],
        };
        Self {
            title: title.to_owned(),
            campaign_title: campaign.map(|c| c.title.clone()),
            user: Some(NavUser {
                display_name: user.display_name.clone(),
                role_label: t.msg(&user.role.label()).to_owned(),
                csrf: current.csrf_token.clone(),
            }),
            nav,
            lang_href: lang_href(ctx),
        }
    }
}

/// The address asked for, with `lang` set to the other language and everything else kept.
pub(crate) fn lang_href(ctx: &Ctx) -> String {
    let other = Tr::new(ctx.lang).other_lang();
    let (path, query) = ctx
        .path_and_query
        .split_once('?')
        .unwrap_or((ctx.path_and_query.as_str(), ""));
    let mut parts: Vec<&str> = query
        .split('&')
        .filter(|p| !p.is_empty() && !p.starts_with("lang="))
        .collect();
    let lang = format!("lang={other}");
    parts.push(&lang);
    format!("{path}?{}", parts.join("&"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    #[test]
    fn the_language_switch_keeps_the_query() {
        let ctx = |pq: &str, lang| Ctx {
            request_id: String::new(),
            lang,
            path_and_query: pq.to_owned(),
            api: false,
            client: None,
        };
        assert_eq!(
            lang_href(&ctx("/students?q=1&page=2", Lang::Zh)),
            "/students?q=1&page=2&lang=en"
        );
        assert_eq!(
            lang_href(&ctx("/students?lang=en&q=1", Lang::En)),
            "/students?q=1&lang=zh"
        );
        assert_eq!(lang_href(&ctx("/", Lang::Zh)), "/?lang=en");
    }
}
