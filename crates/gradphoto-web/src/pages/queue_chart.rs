//! The chart of a shooting day's queue, drawn on the server as SVG: the queue length minute by
//! minute as simulated (mean over the runs) and, where the day has been shot, as measured from
//! its tickets; the slots as bands with their start; each slot's overrun as a red bar from its
//! end. No script: the page reads the same without JavaScript and prints.

use askama::Template;
use gradphoto_app::planning::MeasuredDay;
use gradphoto_plan::{DaySeries, SlotFigures};

/// Overruns shorter than this many minutes are not marked (the mean of many runs is rarely
/// exactly 0).
const OVERRUN_SHOWN_MIN: f64 = 0.1;

const WIDTH: f64 = 880.0;
const HEIGHT: f64 = 240.0;
const LEFT: f64 = 44.0;
const RIGHT: f64 = 12.0;
const TOP: f64 = 22.0;
const BOTTOM: f64 = 26.0;

/// The words on a chart, in the reader's language.
pub struct ChartText<'a> {
    /// What the chart shows, for screen readers (`aria-label`).
    pub title: &'a str,
    pub simulated: &'a str,
    pub measured: &'a str,
    /// `+{} 分钟` / `+{} min`: an overrun's label.
    pub overrun: &'a str,
}

#[derive(Template)]
#[template(path = "queue_chart.svg", escape = "html")]
struct Chart<'a> {
    text: &'a ChartText<'a>,
    width: f64,
    height: f64,
    left: f64,
    right: f64,
    top: f64,
    bottom: f64,
    bands: Vec<Band>,
    overruns: Vec<Overrun>,
    x_ticks: Vec<Tick>,
    y_ticks: Vec<Tick>,
    simulated: String,
    measured: Option<String>,
}

struct Band {
    x: f64,
    width: f64,
    label: String,
    shaded: bool,
}

struct Overrun {
    x: f64,
    width: f64,
    label: String,
}

struct Tick {
    at: f64,
    label: String,
}

/// The SVG of one day. `slots` are the day's slots' figures, in their order.
pub fn day_chart(
    sim: &DaySeries,
    measured: Option<&MeasuredDay>,
    slots: &[&SlotFigures],
    text: &ChartText<'_>,
) -> String {
    let sim_end = sim.start_min as f64 + sim.queue_len.len() as f64;
    let mut from = sim.start_min as f64;
    let mut to = sim_end;
    if let Some(m) = measured {
        from = from.min(m.start_min as f64);
        to = to.max(m.start_min as f64 + m.queue_len.len() as f64);
    }
    for s in slots {
        from = from.min(s.start_min as f64);
        to = to.max(s.end_min as f64 + s.overrun_min);
    }
    // Whole quarters of an hour either side, so the hour ticks fall inside.
    let from = (from / 15.0).floor() * 15.0;
    let to = ((to / 15.0).ceil() * 15.0).max(from + 15.0);
    let peak = sim
        .queue_len
        .iter()
        .copied()
        .chain(
            measured
                .iter()
                .flat_map(|m| m.queue_len.iter().map(|&n| f64::from(n))),
        )
        .fold(0.0, f64::max);
    let y_max = nice_ceiling(peak);

    let plot_w = WIDTH - LEFT - RIGHT;
    let plot_h = HEIGHT - TOP - BOTTOM;
    let x = |minute: f64| LEFT + (minute - from) / (to - from) * plot_w;
    let y = |len: f64| TOP + plot_h - len / y_max * plot_h;

    let bands = slots
        .iter()
        .enumerate()
        .map(|(i, s)| Band {
            x: x(s.start_min as f64),
            width: x(s.end_min as f64) - x(s.start_min as f64),
            label: clock(s.start_min),
            shaded: i % 2 == 0,
        })
        .collect();
    let overruns = slots
        .iter()
        .filter(|s| s.overrun_min >= OVERRUN_SHOWN_MIN)
        .map(|s| Overrun {
            x: x(s.end_min as f64),
            width: (x(s.end_min as f64 + s.overrun_min) - x(s.end_min as f64)).max(2.0),
            label: text
                .overrun
                .replacen("{}", &format!("{:.1}", s.overrun_min), 1),
        })
        .collect();
    let first_hour = (from / 60.0).ceil() as u32;
    let last_hour = (to / 60.0).floor() as u32;
    let x_ticks = (first_hour..=last_hour)
        .map(|h| Tick {
            at: x(f64::from(h * 60)),
            label: format!("{h}:00"),
        })
        .collect();
    let y_ticks = (0..=4)
        .map(|i| {
            let v = y_max * f64::from(i) / 4.0;
            Tick {
                at: y(v),
                label: trim_number(v),
            }
        })
        .collect();
    let simulated = polyline(
        sim.queue_len
            .iter()
            .enumerate()
            .map(|(i, &n)| (x(sim.start_min as f64 + i as f64 + 0.5), y(n))),
    );
    let measured = measured.map(|m| {
        polyline(
            m.queue_len
                .iter()
                .enumerate()
                .map(|(i, &n)| (x(m.start_min as f64 + i as f64 + 0.5), y(f64::from(n)))),
        )
    });
    let chart = Chart {
        text,
        width: WIDTH,
        height: HEIGHT,
        left: LEFT,
        right: RIGHT,
        top: TOP,
        bottom: BOTTOM,
        bands,
        overruns,
        x_ticks,
        y_ticks,
        simulated,
        measured,
    };
    // The template only formats numbers and escaped text: it cannot fail.
    chart.render().unwrap_or_default()
}

/// The smallest of 1, 2, 5, 10, 20, 50, … (and 4, the fewest ticks) at or above `v`.
fn nice_ceiling(v: f64) -> f64 {
    if v <= 4.0 {
        return 4.0;
    }
    let scale = 10f64.powf(v.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * scale)
        .find(|&c| c >= v)
        .unwrap_or(10.0 * scale)
}

fn trim_number(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.1}")
    }
}

fn polyline(points: impl Iterator<Item = (f64, f64)>) -> String {
    points
        .map(|(x, y)| format!("{x:.1},{y:.1}"))
        .collect::<Vec<_>>()
        .join(" ")
}

fn clock(minute: u32) -> String {
    format!("{}:{:02}", minute / 60, minute % 60)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use chrono::NaiveDate;

    use super::*;

    fn slot(start_min: u32, end_min: u32, overrun_min: f64) -> SlotFigures {
        SlotFigures {
            key: 1,
            date: NaiveDate::from_ymd_opt(2022, 10, 20).unwrap(),
            start_min,
            end_min,
            students: 100,
            peak_queue: 10.0,
            wait_p50_s: 60.0,
            wait_p90_s: 120.0,
            wait_mean_s: 70.0,
            checkin_p90_s: 10.0,
            overrun_min,
        }
    }

    const TEXT: ChartText<'static> = ChartText {
        title: "queue <day>",
        simulated: "simulated",
        measured: "measured",
        overrun: "+{} min",
    };

    #[test]
    fn a_day_is_drawn_with_its_slots_its_overrun_and_both_lines() {
        let sim = DaySeries {
            date: NaiveDate::from_ymd_opt(2022, 10, 20).unwrap(),
            start_min: 8 * 60 + 30,
            queue_len: vec![0.0, 3.0, 7.5, 12.0, 2.0],
        };
        let measured = MeasuredDay {
            date: sim.date,
            start_min: 8 * 60 + 40,
            queue_len: vec![1, 4, 9],
            tickets: 9,
        };
        let (a, b) = (slot(540, 600, 0.0), slot(600, 660, 6.5));
        let svg = day_chart(&sim, Some(&measured), &[&a, &b], &TEXT);
        assert!(svg.starts_with("<svg"), "{svg}");
        // The title is escaped, both lines are drawn, one point per minute.
        assert!(svg.contains("queue &#60;day&#62;") || svg.contains("queue &lt;day&gt;"));
        let lines: Vec<&str> = svg
            .split("points=\"")
            .skip(1)
            .map(|s| s.split('"').next().unwrap())
            .collect();
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].split(' ').count(), 5);
        assert_eq!(lines[1].split(' ').count(), 3);
        // Two bands labelled with their start; one overrun, after the second slot's end.
        assert!(svg.contains(">9:00<") && svg.contains(">10:00<"));
        assert_eq!(svg.matches("class=\"overrun\"").count(), 1);
        assert!(svg.contains("+6.5 min"));
        // The y axis reaches the next round number above the peak of 12.
        assert!(svg.contains(">20<"), "{svg}");
    }

    #[test]
    fn without_a_measured_day_or_an_overrun_only_the_simulation_shows() {
        let sim = DaySeries {
            date: NaiveDate::from_ymd_opt(2022, 10, 20).unwrap(),
            start_min: 540,
            queue_len: vec![0.0; 30],
        };
        let a = slot(540, 600, 0.05);
        let svg = day_chart(&sim, None, &[&a], &TEXT);
        assert_eq!(svg.matches("points=\"").count(), 1);
        assert_eq!(svg.matches("class=\"overrun\"").count(), 0);
        assert!(!svg.contains("measured"));
    }

    #[test]
    fn round_ceilings() {
        assert_eq!(nice_ceiling(0.0), 4.0);
        assert_eq!(nice_ceiling(12.0), 20.0);
        assert_eq!(nice_ceiling(50.0), 50.0);
        assert_eq!(nice_ceiling(51.0), 100.0);
        assert_eq!(nice_ceiling(140.0), 200.0);
    }
}
