//! The command line: global options and one subcommand per job.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// gradphoto — 毕业生图像信息采集: roster, timetable, check-in, capture, judging, proofreading,
/// registry export.
#[derive(Debug, Parser)]
#[command(name = "gradphoto", version)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Args)]
pub struct Global {
    /// Database URL: sqlite://PATH (default: gradphoto.db in the data directory) or
    /// postgres://USER@HOST/DB.
    #[arg(long, global = true, env = "GRADPHOTO_DATABASE_URL")]
    pub database_url: Option<String>,
    /// Directory for the SQLite file and photos (default: ./data).
    #[arg(long, global = true, env = "GRADPHOTO_DATA_DIR")]
    pub data_dir: Option<PathBuf>,
    /// Where photos are kept: a folder path, file:///PATH or s3://BUCKET?endpoint=…
    /// (default: blobs in the data directory).
    #[arg(long, global = true, env = "GRADPHOTO_BLOB_URL")]
    pub blob_url: Option<String>,
    /// A TOML config file; its keys are those of these options (database_url, data_dir,
    /// blob_url, hot_folders, listen, secure_cookies, session_hours, max_upload_mb,
    /// job_heartbeat_secs, job_stale_secs).
    #[arg(long, global = true, env = "GRADPHOTO_CONFIG")]
    pub config: Option<PathBuf>,
    /// Print machine-readable JSON instead of text.
    #[arg(long, global = true)]
    pub json: bool,
    /// Language of messages: zh (default) or en.
    #[arg(long, global = true, default_value = "zh", value_parser = ["zh", "en"])]
    pub lang: String,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the web interface and API, watch the stations' hot folders and run jobs.
    Serve(ServeArgs),
    /// Run jobs only (batch judging, exports), beside or apart from the servers.
    Worker,
    /// Follow the jobs that workers run.
    #[command(subcommand)]
    Jobs(JobsCommand),
    /// Seed a data directory with the campaign of the 2022-10-10 notice and serve it.
    Demo(DemoArgs),
    /// Import data from files.
    #[command(subcommand)]
    Import(ImportCommand),
    /// Manage users.
    #[command(subcommand)]
    User(UserCommand),
    /// Manage campaigns.
    #[command(subcommand)]
    Campaign(CampaignCommand),
    /// Manage venues, their capture stations and desk devices.
    #[command(subcommand)]
    Venue(VenueCommand),
    /// The shooting timetable: show, publish, move classes and slots, the check-in policy.
    #[command(subcommand)]
    Timetable(TimetableCommand),
    /// Simulate each shooting day of a venue's working timetable: queue length, waits and how
    /// far each slot overruns, over many seeded runs.
    Simulate(SimulateArgs),
    /// Propose a timetable with a lower worst wait (pinned classes stay), beside the current one.
    Plan(PlanArgs),
    /// Judge photos against a registry rule pack (files or directories, recursively).
    Check(CheckArgs),
    /// What the campaign produces: the registry package.
    #[command(subcommand)]
    Export(ExportCommand),
}

#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// The registry package of the current campaign as a zip: one file per student to the
    /// profile, with a manifest (CSV, XLSX) and a README; the students left out are listed.
    Registry {
        /// A profile that ships with the build (chsi-2017, school-archive) or a profile file
        /// (.toml).
        #[arg(long, default_value = "chsi-2017")]
        profile: String,
        /// Where to write the zip.
        #[arg(long)]
        out: PathBuf,
        /// Only the students changed since this earlier package (its batch number).
        #[arg(long)]
        since: Option<i64>,
        /// Also students who have not confirmed their photo in proofreading.
        #[arg(long)]
        without_proof: bool,
        /// Only these classes (class codes, comma-separated).
        #[arg(long, value_delimiter = ',')]
        classes: Vec<String>,
    },
    /// The print sheets of the current campaign as a PDF: every photographed student's
    /// two-inch prints with cut marks and a label, by class and ticket number, a cover page
    /// per class.
    Prints {
        /// Where to write the PDF.
        #[arg(long)]
        out: PathBuf,
        /// The sheet: 6inch (eight prints, 4 × 2), 5inch (four), a4 (many students a page).
        #[arg(long, default_value = "6inch")]
        sheet: String,
        /// The print size in mm: 35x49, 35x45, 35x53 or 33x48.
        #[arg(long, default_value = "35x49")]
        size: String,
        /// Prints per student (default: the campaign's).
        #[arg(long)]
        copies: Option<u32>,
        /// Resolution of the print images, 300 or more.
        #[arg(long, default_value_t = 300)]
        dpi: u16,
        /// Only these classes (class codes, comma-separated).
        #[arg(long, value_delimiter = ',')]
        classes: Vec<String>,
    },
}

/// What the simulation assumes: the venue's desks and stations, the students' arrival and the
/// shots' times. Defaults: the notice's venue as expected.
#[derive(Debug, Clone, Args)]
pub struct SimOptions {
    /// The venue (default: the campaign's only venue).
    #[arg(long)]
    pub venue: Option<String>,
    /// Capture stations (default: the venue's).
    #[arg(long)]
    pub stations: Option<u32>,
    /// Check-in desks.
    #[arg(long, default_value_t = 2)]
    pub desks: u32,
    /// Monte Carlo runs.
    #[arg(long, default_value_t = 1000)]
    pub runs: u32,
    /// Mean seconds per shot.
    #[arg(long, env = "GRADPHOTO_SIM_SERVICE_MEAN_S", default_value_t = 20.0)]
    pub service_mean: f64,
    /// 90th percentile of seconds per shot (equal to the mean: every shot takes the mean).
    #[arg(long, env = "GRADPHOTO_SIM_SERVICE_P90_S", default_value_t = 30.0)]
    pub service_p90: f64,
    /// Seconds per check-in at a desk.
    #[arg(long, default_value_t = 8.0)]
    pub desk_seconds: f64,
    /// Standard deviation of a class's arrival, minutes.
    #[arg(long, default_value_t = 5.0)]
    pub spread: f64,
    /// Share of shots retaken (0-1).
    #[arg(long, default_value_t = 0.05)]
    pub retakes: f64,
    /// Share of students who do not come (0-1).
    #[arg(long, default_value_t = 0.02)]
    pub no_shows: f64,
    #[arg(long, default_value_t = 20221020)]
    pub seed: u64,
}

#[derive(Debug, Args)]
pub struct SimulateArgs {
    #[command(flatten)]
    pub sim: SimOptions,
}

#[derive(Debug, Args)]
pub struct PlanArgs {
    #[command(flatten)]
    pub sim: SimOptions,
    /// No slot's 90th percentile wait should pass this many seconds.
    #[arg(long)]
    pub max_p90_wait: Option<f64>,
    /// Let the planner split a college's classes over slots that are not adjacent.
    #[arg(long)]
    pub split_colleges: bool,
    /// Write the proposal as the venue's working timetable (publish it afterwards).
    #[arg(long)]
    pub apply: bool,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on (default 127.0.0.1:8080).
    #[arg(long, env = "GRADPHOTO_LISTEN")]
    pub listen: Option<String>,
    /// What this process does: the web (pages and API), capture (the stations' hot folders),
    /// jobs (a worker). Default: all three.
    #[arg(long, value_delimiter = ',', default_value = "web,capture,jobs")]
    pub roles: Vec<ProcessRole>,
}

/// One of the things a `serve` process can do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ProcessRole {
    Web,
    Capture,
    Jobs,
}

#[derive(Debug, Subcommand)]
pub enum JobsCommand {
    /// The newest jobs with their state and progress.
    List {
        /// How many.
        #[arg(long, default_value_t = 20)]
        limit: i64,
    },
    /// One job; with --follow, a progress bar until it ends.
    Show {
        id: i64,
        #[arg(long)]
        follow: bool,
    },
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Port to serve on.
    #[arg(long, default_value_t = 8080)]
    pub port: u16,
    /// Seed and exit instead of serving.
    #[arg(long)]
    pub no_serve: bool,
}

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Import a roster (花名册) from .xlsx or .csv (UTF-8 or GBK). All or nothing.
    Roster {
        /// The roster file.
        file: PathBuf,
        /// Validate and show what would change, without writing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Import a venue's timetable: the notice's 附件一 as text (UTF-8 or GBK), or a .csv/.xlsx
    /// sheet with the columns 日期, 开始, 结束 (or 时间) and 班级. All or nothing; it replaces the
    /// venue's working timetable, which `gradphoto timetable publish` then publishes.
    Timetable {
        /// The timetable file.
        file: PathBuf,
        /// Check and show the slots, without writing.
        #[arg(long)]
        dry_run: bool,
        /// The venue (default: the campaign's only venue).
        #[arg(long)]
        venue: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum TimetableCommand {
    /// The working timetable of each venue, or a published version.
    Show {
        /// A published version's number (default: the working timetable).
        #[arg(long)]
        version: Option<i64>,
    },
    /// Publish the working timetable as the next numbered version, with the changes since
    /// the previous one.
    Publish,
    /// The published versions.
    Versions,
    /// Move a class to the slot that starts at DATE TIME (e.g. 2022-10-21 9:00).
    MoveClass {
        class: String,
        date: String,
        time: String,
        #[arg(long)]
        venue: Option<String>,
    },
    /// Move the slot that starts at DATE TIME to NEW_DATE NEW_TIME-END (e.g. 2022-10-21
    /// 14:00-15:00), its classes with it.
    MoveSlot {
        date: String,
        time: String,
        new_date: String,
        new_time: String,
        #[arg(long)]
        venue: Option<String>,
    },
    /// Pin a class to its slot (the planner leaves it there); --unpin to release it.
    Pin {
        class: String,
        #[arg(long)]
        unpin: bool,
    },
    /// Set the check-in policy: how early and late the desk accepts a class, and whether
    /// outside that it warns or refuses.
    Policy {
        /// Minutes students are told to arrive before their slot.
        #[arg(long, default_value_t = 15)]
        arrive_early: u32,
        /// The desk accepts a class from this many minutes before its slot starts.
        #[arg(long, default_value_t = 30)]
        early: u32,
        /// …until this many minutes after it ends.
        #[arg(long, default_value_t = 0)]
        late: u32,
        /// warn or refuse.
        #[arg(long, default_value = "warn")]
        outside: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create a user. Without --password a random one is generated and printed.
    Add {
        /// Login name (2-64 letters, digits, . _ -).
        #[arg(long)]
        login: String,
        /// admin, college_lead, college_secretary, operator or student.
        #[arg(long)]
        role: String,
        /// Display name (default: the login).
        #[arg(long)]
        name: Option<String>,
        /// Password (at least 8 characters); read from GRADPHOTO_PASSWORD if set.
        #[arg(long, env = "GRADPHOTO_PASSWORD", hide_env_values = true)]
        password: Option<String>,
        /// A college the user may see (college roles); repeat for several.
        #[arg(long = "college")]
        colleges: Vec<String>,
        /// The student's 学号 (student role).
        #[arg(long)]
        student_no: Option<String>,
    },
    /// List users.
    List,
}

#[derive(Debug, Subcommand)]
pub enum CampaignCommand {
    /// Create a campaign; the newest campaign is the current one.
    Create {
        /// Graduating cohort, e.g. 2023 for 2023届.
        #[arg(long)]
        cohort: i32,
        /// Title (default: "<cohort>届毕业生图像信息采集").
        #[arg(long)]
        title: Option<String>,
        /// Collection fee per student in yuan (default 15).
        #[arg(long)]
        fee_yuan: Option<String>,
        /// Two-inch prints per student (default 8).
        #[arg(long)]
        prints: Option<i64>,
    },
    /// List campaigns.
    List,
    /// Set the current campaign's shooting days (e.g. 2022-10-20 2022-10-21); with none,
    /// show them.
    Days { days: Vec<String> },
    /// Set the current campaign's proof window: students proofread from OPENS to CLOSES
    /// (e.g. 2022-11-01 2022-11-30); `--close` ends it; with neither, show it.
    ProofWindow {
        opens: Option<String>,
        closes: Option<String>,
        #[arg(long, conflicts_with_all = ["opens", "closes"])]
        close: bool,
    },
    /// How the current campaign's students sign in: `proof-code` (the code on their check-in
    /// slip; always accepted) or `id-and-birth` (also the last six characters of the ID number
    /// with the birth date); with none, show it.
    StudentSignIn { method: Option<String> },
}

#[derive(Debug, Subcommand)]
pub enum VenueCommand {
    /// Add a venue to the current campaign, with numbered capture stations.
    Add {
        /// The venue's name, e.g. 大学生事务中心.
        name: String,
        /// How many capture stations (机位) to create: "1号机位", "2号机位", …
        #[arg(long, default_value_t = 1)]
        stations: u32,
    },
    /// Add a capture station to a venue.
    AddStation {
        /// The venue's name.
        #[arg(long)]
        venue: String,
        /// The station's name, e.g. 4号机位.
        name: String,
    },
    /// Register a desk device (card reader bridge) and print its token, shown only once.
    AddDevice {
        /// The venue's name.
        #[arg(long)]
        venue: String,
        /// The device's name, e.g. 1号读卡器.
        name: String,
    },
    /// List venues and their stations.
    List,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Photos (.jpg, .jpeg, .png) or directories to search recursively.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// The rule pack.
    #[arg(long, default_value = "chsi-2017")]
    pub rules: String,
    /// Write an HTML report with every photo annotated, sortable by rule.
    #[arg(long)]
    pub report: Option<PathBuf>,
    /// Judge every photo as the final registry file (default: only 480 × 640 ones; others are
    /// camera originals judged on the crop the export would make).
    #[arg(long = "final", conflicts_with = "original")]
    pub final_file: bool,
    /// Judge every photo as a camera original.
    #[arg(long)]
    pub original: bool,
    /// Worker threads (default: one per core).
    #[arg(long)]
    pub jobs: Option<usize>,
    /// Queue the check as a job on the configured database for a worker (`gradphoto serve` or
    /// `gradphoto worker`, which must see the same paths) and follow its progress.
    #[arg(long, conflicts_with = "report")]
    pub queue: bool,
}
