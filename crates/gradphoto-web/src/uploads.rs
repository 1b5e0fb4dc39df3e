//! Roster and timetable files that were uploaded and checked, kept in memory until the admin
//! confirms them.
//!
//! The bytes stay on the server between the check and the confirmation, so what is written is
//! exactly what was checked, and the browser does not send the file twice. An upload belongs
//! to the user who sent it and expires after [`PENDING_TTL_MINUTES`]. (Held in this process:
//! behind a load balancer with several processes, the confirmation needs sticky sessions until
//! pending uploads move to the blob store.)

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use chrono::{DateTime, Duration, Utc};
use gradphoto_domain::{CampaignId, UserId, VenueId};

use gradphoto_app::Random;
use gradphoto_app::accounts::new_token;

pub const PENDING_TTL_MINUTES: i64 = 30;
/// Uploads one user may have waiting; older ones are dropped first.
const MAX_PER_USER: usize = 3;

/// What an upload is, so that each confirmation takes only its own kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UploadKind {
    Roster,
    /// A timetable for this venue.
    Timetable(VenueId),
}

#[derive(Debug, Clone)]
pub struct PendingUpload {
    pub user_id: UserId,
    pub campaign: CampaignId,
    pub kind: UploadKind,
    pub file_name: String,
    pub bytes: Arc<Vec<u8>>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Default)]
pub struct PendingUploads {
    inner: Mutex<HashMap<String, PendingUpload>>,
}

impl PendingUploads {
    fn expired(p: &PendingUpload, now: DateTime<Utc>) -> bool {
        now - p.created_at >= Duration::minutes(PENDING_TTL_MINUTES)
    }

    /// Keeps an upload and returns its id (random, unguessable).
    pub fn insert(&self, upload: PendingUpload, now: DateTime<Utc>, random: &dyn Random) -> String {
        let mut map = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        map.retain(|_, p| !Self::expired(p, now));
        let mut mine: Vec<(String, DateTime<Utc>)> = map
            .iter()
            .filter(|(_, p)| p.user_id == upload.user_id)
            .map(|(id, p)| (id.clone(), p.created_at))
            .collect();
        if mine.len() >= MAX_PER_USER {
            mine.sort_by_key(|(_, at)| *at);
            for (id, _) in mine.iter().take(mine.len() + 1 - MAX_PER_USER) {
                map.remove(id);
            }
        }
        let id = new_token(random);
        map.insert(id.clone(), upload);
        id
    }

    /// The upload with this id, if it belongs to `user` and has not expired.
    pub fn get(&self, id: &str, user: UserId, now: DateTime<Utc>) -> Option<PendingUpload> {
        let map = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        map.get(id)
            .filter(|p| p.user_id == user && !Self::expired(p, now))
            .cloned()
    }

    pub fn remove(&self, id: &str) {
        let mut map = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        map.remove(id);
    }

    pub fn len(&self) -> usize {
        self.inner
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;
    use gradphoto_app::SeededRandom;

    use super::*;

    fn t0() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2022, 10, 20, 1, 0, 0)
            .single()
            .unwrap_or_default()
    }

    fn upload(user: i64, at: DateTime<Utc>) -> PendingUpload {
        PendingUpload {
            user_id: UserId(user),
            campaign: CampaignId(1),
            kind: UploadKind::Roster,
            file_name: "r.xlsx".into(),
            bytes: Arc::new(vec![1, 2, 3]),
            created_at: at,
        }
    }

    #[test]
    fn owned_and_expiring() {
        let store = PendingUploads::default();
        let t0 = t0();
        let id = store.insert(upload(1, t0), t0, &SeededRandom::new(1));
        assert!(store.get(&id, UserId(1), t0).is_some());
        assert!(
            store.get(&id, UserId(2), t0).is_none(),
            "another user's upload"
        );
        let later = t0 + Duration::minutes(PENDING_TTL_MINUTES);
        assert!(store.get(&id, UserId(1), later).is_none(), "expired");
    }

    #[test]
    fn few_per_user() {
        let store = PendingUploads::default();
        let t0 = t0();
        let random = SeededRandom::new(1);
        let first = store.insert(upload(1, t0), t0, &random);
        for i in 1..=MAX_PER_USER as i64 {
            let t = t0 + Duration::seconds(i);
            store.insert(upload(1, t), t, &random);
        }
        assert_eq!(store.len(), MAX_PER_USER);
        assert!(store.get(&first, UserId(1), t0).is_none(), "oldest dropped");
    }
}
