//! Desk devices (card readers, scanners with a small bridge program) and how they prove who
//! they are: a per-device bearer token, random, shown once when the device is registered
//! (`gradphoto venue add-device`), stored only as its SHA-256 like a session token (see
//! `gradphoto_app::accounts::tokens`). A device may do one thing: check students in at its
//! own venue.

use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use gradphoto_domain::{Device, Msg, Venue};
use gradphoto_store::Actor;

use gradphoto_app::accounts::tokens::{DEVICE_TOKEN_PREFIX, token_hash};

use super::{CurrentUser, DESK_ROLES, require};
use crate::AppState;
use crate::error::WebError;
use crate::venues::venue;

/// Who is checking a student in: a registered desk device (with its venue), or a signed-in
/// operator or admin.
#[derive(Debug, Clone)]
pub enum Caller {
    Device(Device, Venue),
    Staff(CurrentUser),
}

/// How long a device's token lookup is trusted. A reader posts a check-in every few seconds all
/// day; looking its token and venue up each time was a third of the check-in's database work.
/// Devices are never deleted while the server runs, so the only staleness is a venue moved to
/// another campaign, which this bounds.
const DEVICE_CACHE_TTL: Duration = Duration::from_secs(30);

/// Devices recently seen, by token hash.
#[derive(Debug, Default)]
pub struct DeviceCache {
    entries: Mutex<HashMap<String, (Device, Venue, Instant)>>,
}

impl DeviceCache {
    fn get(&self, hash: &str) -> Option<(Device, Venue)> {
        let entries = self.entries.lock().ok()?;
        let (device, venue, at) = entries.get(hash)?;
        (at.elapsed() < DEVICE_CACHE_TTL).then(|| (device.clone(), venue.clone()))
    }

    fn put(&self, hash: String, device: &Device, venue: &Venue) {
        if let Ok(mut entries) = self.entries.lock() {
            entries.retain(|_, (_, _, at)| at.elapsed() < DEVICE_CACHE_TTL);
            entries.insert(hash, (device.clone(), venue.clone(), Instant::now()));
        }
    }
}

impl Caller {
    /// The audit actor: the user, or `device:<id>:<name>` for a device.
    pub fn actor(&self, request_id: &str) -> Actor {
        match self {
            Caller::Staff(current) => Actor::user(&current.user, Some(request_id.to_owned())),
            Caller::Device(device, _) => Actor {
                user_id: None,
                label: format!("device:{}:{}", device.id, device.name),
                request_id: Some(request_id.to_owned()),
            },
        }
    }
}

fn bearer(parts: &Parts) -> Option<&str> {
    parts
        .headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = WebError;

    /// A device token names its device or nothing (401); anything else must be a session of
    /// an operator or admin (401 without one, 403 for other roles, and the CSRF header when
    /// it is the cookie).
    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        if let Some(token) = bearer(parts).filter(|t| t.starts_with(DEVICE_TOKEN_PREFIX)) {
            let hash = token_hash(token);
            if let Some((device, venue)) = state.devices.get(&hash) {
                return Ok(Caller::Device(device, venue));
            }
            let Some(device) = state.app.repo.device_by_token(&hash).await? else {
                return Err(WebError::Unauthenticated);
            };
            let venue = venue(state, device.venue_id).await.map_err(|_| {
                WebError::Forbidden(Msg::new(
                    "该设备所属的拍摄地点不在当前采集活动中：请重新登记设备",
                    "This device's venue is not part of the current campaign: register the device again",
                ))
            })?;
            state.devices.put(hash, &device, &venue);
            return Ok(Caller::Device(device, venue));
        }
        let current = CurrentUser::from_request_parts(parts, state).await?;
        require(&current.user, &DESK_ROLES)?;
        Ok(Caller::Staff(current))
    }
}
