//! What the simulation and planner pages are asked to assume, from their query string: the
//! venue, its stations and desks, the students' arrival, the shots' times, retakes and
//! no-shows (as percentages), the runs and the seed; for the planner, the wait not to exceed
//! and whether a college's classes may be split. A field left empty takes the venue's default
//! ([`default_params`]); a field that does not read names itself and says what it takes.

use std::str::FromStr;

use gradphoto_app::planning::{check, default_params};
use gradphoto_domain::{Msg, Venue};
use gradphoto_plan::{Constraints, SimParams};
use serde::Deserialize;

use crate::AppState;
use crate::error::WebError;

/// Monte Carlo runs when the page is not told: enough for steady 90th percentiles, about a
/// second for the notice's whole campaign.
pub const DEFAULT_RUNS: u32 = 1000;

/// The query as it comes: text, so that what does not read gets our message, not the
/// framework's.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct SimQuery {
    venue: Option<String>,
    stations: Option<String>,
    desks: Option<String>,
    runs: Option<String>,
    service_mean: Option<String>,
    service_p90: Option<String>,
    desk_seconds: Option<String>,
    spread: Option<String>,
    retakes: Option<String>,
    no_shows: Option<String>,
    seed: Option<String>,
    max_p90_wait: Option<String>,
    split_colleges: Option<String>,
}

/// The request read: what to simulate, and how.
#[derive(Debug, Clone)]
pub(crate) struct SimForm {
    pub venue: Venue,
    pub params: SimParams,
    pub runs: u32,
    pub constraints: Constraints,
}

impl SimForm {
    /// Reads the query against the campaign's venues (no venue given: the first).
    pub async fn read(
        state: &AppState,
        venues: &[Venue],
        q: &SimQuery,
    ) -> Result<SimForm, WebError> {
        let venue = match given(&q.venue) {
            None => venues.first().cloned().ok_or_else(|| WebError::Invalid {
                field: "venue",
                msg: Msg::new(
                    "还没有拍摄地点：请先用 gradphoto venue add 添加",
                    "there is no venue yet: add one with gradphoto venue add",
                ),
            })?,
            Some(raw) => venues
                .iter()
                .find(|v| v.id.0.to_string() == raw)
                .cloned()
                .ok_or_else(|| WebError::Invalid {
                    field: "venue",
                    msg: Msg::new(
                        format!("没有编号为 {raw} 的拍摄地点"),
                        format!("there is no venue with id {raw}"),
                    ),
                })?,
        };
        let d = default_params(&state.app, &venue).await?;
        let params = SimParams {
            stations: number(&q.stations, "stations", "机位数", "stations")?.unwrap_or(d.stations),
            desks: number(&q.desks, "desks", "签到台数", "desks")?.unwrap_or(d.desks),
            service_mean_s: number(
                &q.service_mean,
                "service_mean",
                "每张平均秒数",
                "mean seconds per shot",
            )?
            .unwrap_or(d.service_mean_s),
            service_p90_s: number(
                &q.service_p90,
                "service_p90",
                "每张 P90 秒数",
                "p90 seconds per shot",
            )?
            .unwrap_or(d.service_p90_s),
            desk_service_s: number(
                &q.desk_seconds,
                "desk_seconds",
                "每人签到秒数",
                "seconds per check-in",
            )?
            .unwrap_or(d.desk_service_s),
            arrival_spread_min: number(
                &q.spread,
                "spread",
                "到达分散（分钟）",
                "arrival spread (minutes)",
            )?
            .unwrap_or(d.arrival_spread_min),
            retake_rate: percent(&q.retakes, "retakes", "重拍率", "retake rate")?
                .unwrap_or(d.retake_rate),
            no_show_rate: percent(&q.no_shows, "no_shows", "缺席率", "no-show rate")?
                .unwrap_or(d.no_show_rate),
            seed: number(&q.seed, "seed", "随机种子", "seed")?.unwrap_or(d.seed),
            ..d
        };
        let runs = number(&q.runs, "runs", "模拟次数", "runs")?.unwrap_or(DEFAULT_RUNS);
        check(&params, runs)?;
        let max_p90_wait_s = number::<f64>(
            &q.max_p90_wait,
            "max_p90_wait",
            "P90 等待上限（秒）",
            "p90 wait limit (seconds)",
        )?;
        if let Some(max) = max_p90_wait_s
            && (max.is_nan() || max <= 0.0)
        {
            return Err(WebError::Invalid {
                field: "max_p90_wait",
                msg: Msg::new(
                    "P90 等待上限应为正的秒数，或留空",
                    "the p90 wait limit must be a positive number of seconds, or empty",
                ),
            });
        }
        Ok(SimForm {
            venue,
            params,
            runs,
            constraints: Constraints {
                max_p90_wait_s,
                keep_colleges_adjacent: given(&q.split_colleges).is_none(),
            },
        })
    }

    /// The query string that asks for this again (the planner's link to the simulation, the
    /// simulation's to the planner).
    pub fn query(&self) -> String {
        let p = &self.params;
        let mut q = format!(
            "venue={}&stations={}&desks={}&runs={}&service_mean={}&service_p90={}&desk_seconds={}&spread={}&retakes={}&no_shows={}&seed={}",
            self.venue.id.0,
            p.stations,
            p.desks,
            self.runs,
            p.service_mean_s,
            p.service_p90_s,
            p.desk_service_s,
            p.arrival_spread_min,
            as_percent(p.retake_rate),
            as_percent(p.no_show_rate),
            p.seed,
        );
        if let Some(max) = self.constraints.max_p90_wait_s {
            q.push_str(&format!("&max_p90_wait={max}"));
        }
        if !self.constraints.keep_colleges_adjacent {
            q.push_str("&split_colleges=1");
        }
        q
    }

    pub fn retakes_percent(&self) -> String {
        as_percent(self.params.retake_rate)
    }

    pub fn no_shows_percent(&self) -> String {
        as_percent(self.params.no_show_rate)
    }
}

fn as_percent(share: f64) -> String {
    let p = (share * 1000.0).round() / 10.0;
    if p.fract() == 0.0 {
        format!("{p:.0}")
    } else {
        format!("{p:.1}")
    }
}

/// The trimmed value of a field, `None` when absent or blank.
fn given(raw: &Option<String>) -> Option<&str> {
    raw.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

fn number<T: FromStr>(
    raw: &Option<String>,
    field: &'static str,
    zh: &str,
    en: &str,
) -> Result<Option<T>, WebError> {
    let Some(text) = given(raw) else {
        return Ok(None);
    };
    text.parse().map(Some).map_err(|_| WebError::Invalid {
        field,
        msg: Msg::new(
            format!("“{zh}”应为数字，而不是“{text}”"),
            format!("{en} must be a number, not \"{text}\""),
        ),
    })
}

/// A percentage field (0 to 100) as a share (0 to 1).
fn percent(
    raw: &Option<String>,
    field: &'static str,
    zh: &str,
    en: &str,
) -> Result<Option<f64>, WebError> {
    match number::<f64>(raw, field, zh, en)? {
        None => Ok(None),
        Some(p) if (0.0..=100.0).contains(&p) => Ok(Some(p / 100.0)),
        Some(p) => Err(WebError::Invalid {
            field,
            msg: Msg::new(
                format!("“{zh}”是百分比，应在 0 到 100 之间，而不是 {p}"),
                format!("{en} is a percentage, from 0 to 100, not {p}"),
            ),
        }),
    }
}
