//! What the campaign exists to produce: the registry package (the files the registries
//! import, [`registry`]), from the students chosen ([`selection`]), named by the profile
//! ([`naming`]), written as a zip with its manifest ([`package`]); and the two-inch print
//! sheets every student paid for ([`prints`]). Both read the files kept beside each original
//! ([`kept`]), cut ahead in the background when the frame was judged ([`ahead`]).

pub mod ahead;
pub mod kept;
pub mod naming;
mod ordered;
pub mod package;
pub mod prints;
pub mod registry;
pub mod selection;

use gradphoto_domain::{Campaign, Msg};
pub use gradphoto_photo::export::Profile;
use gradphoto_store::{Actor, BlobKey, ExportBatch};

pub use registry::{LeftOut, Params, Summary};
pub use selection::Selection;

use crate::App;
use crate::error::{AppError, Result};

/// What the exports page shows: the current campaign and its packages, newest first.
#[derive(Debug, Clone)]
pub struct Overview {
    pub campaign: Option<Campaign>,
    pub batches: Vec<ExportBatch>,
}

/// The current campaign, or a clear refusal (an export of nothing).
pub(crate) async fn current_campaign(app: &App) -> Result<Campaign> {
    app.repo.current_campaign().await?.ok_or_else(|| {
        AppError::NotFound(Msg::new("还没有创建采集活动", "there is no campaign yet"))
    })
}

/// The current campaign's packages.
pub async fn overview(app: &App) -> Result<Overview> {
    let campaign = app.repo.current_campaign().await?;
    let batches = match &campaign {
        None => Vec::new(),
        Some(c) => app.repo.export_batches(c.id).await?,
    };
    Ok(Overview { campaign, batches })
}

/// A package's file name and bytes, for a download.
pub async fn batch_file(app: &App, id: i64) -> Result<(String, bytes::Bytes)> {
    let missing = || {
        AppError::NotFound(Msg::new(
            format!("没有编号为 {id} 的导出批次"),
            format!("there is no export batch {id}"),
        ))
    };
    let batch = app.repo.export_batch(id).await?.ok_or_else(missing)?;
    let campaign = app
        .repo
        .campaign(batch.campaign_id)
        .await?
        .ok_or_else(missing)?;
    let key: BlobKey = batch
        .blob_key
        .parse()
        .map_err(|e| AppError::Internal(format!("blob key: {e}")))?;
    let bytes = app.capture()?.blobs.get(&key).await?;
    Ok((
        registry::file_name(&campaign, &batch.profile, batch.id),
        bytes,
    ))
}

/// The profiles that ship with the build.
pub fn built_in_profiles() -> Vec<Profile> {
    Profile::BUILT_IN
        .iter()
        .filter_map(|id| Profile::built_in(id).ok())
        .collect()
}

/// The profile a person named: one that ships with the build by its id, or a profile file.
pub fn profile(name: &str) -> Result<Profile> {
    let name = name.trim();
    let parsed = if Profile::BUILT_IN.contains(&name) {
        Profile::built_in(name)
    } else if name.ends_with(".toml") {
        let text = std::fs::read_to_string(name).map_err(|e| {
            AppError::invalid(
                "profile",
                Msg::new(
                    format!("无法读取导出规格文件 {name}：{e}"),
                    format!("cannot read the profile file {name}: {e}"),
                ),
            )
        })?;
        Profile::parse(&text)
    } else {
        Profile::built_in(name)
    };
    parsed.map_err(|e| AppError::invalid("profile", e.msg()))
}

/// Starts a registry export as a job.
pub async fn start(app: &App, params: &Params, actor: &Actor) -> Result<gradphoto_store::Job> {
    let value = serde_json::to_value(params).map_err(|e| AppError::Internal(e.to_string()))?;
    crate::jobs::enqueue(app, registry::KIND, value, actor).await
}
