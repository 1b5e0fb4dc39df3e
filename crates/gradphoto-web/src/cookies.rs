//! Reading the `Cookie` header and writing `Set-Cookie` values: the few cookies gradphoto sets
//! (session, login form token, language) do not need a cookie-jar library.

use axum::http::{HeaderMap, header};

/// The value of the first cookie called `name`.
pub fn get<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.trim_matches('"'))
}

#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub http_only: bool,
    pub secure: bool,
    /// `None`: a session cookie, gone when the browser closes.
    pub max_age_secs: Option<i64>,
}

/// A `Set-Cookie` value, always `Path=/` and `SameSite=Lax`. Values are tokens and codes made
/// here, never text from a request, so they need no quoting.
pub fn build(name: &str, value: &str, opts: Options) -> String {
    let mut s = format!("{name}={value}; Path=/; SameSite=Lax");
    if let Some(age) = opts.max_age_secs {
        s.push_str(&format!("; Max-Age={age}"));
    }
    if opts.http_only {
        s.push_str("; HttpOnly");
    }
    if opts.secure {
        s.push_str("; Secure");
    }
    s
}

/// A `Set-Cookie` value that makes the browser drop the cookie.
pub fn clear(name: &str, secure: bool) -> String {
    build(
        name,
        "",
        Options {
            http_only: true,
            secure,
            max_age_secs: Some(0),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn reads_among_several() {
        let mut h = HeaderMap::new();
        h.insert(
            header::COOKIE,
            HeaderValue::from_static("a=1; gp_session=abc; lang=en"),
        );
        assert_eq!(get(&h, "gp_session"), Some("abc"));
        assert_eq!(get(&h, "lang"), Some("en"));
        assert_eq!(get(&h, "missing"), None);
    }

    #[test]
    fn attributes() {
        let c = build(
            "gp_session",
            "t",
            Options {
                http_only: true,
                secure: true,
                max_age_secs: None,
            },
        );
        assert_eq!(c, "gp_session=t; Path=/; SameSite=Lax; HttpOnly; Secure");
    }
}
