//! The interface's languages: Chinese (zh-CN) first, English available.
//!
//! The language comes from the `lang` cookie, which `?lang=en` / `?lang=zh` on any page sets.
//! Every piece of interface text lives in one catalogue below, each key with its Chinese and
//! its English; the macro makes an entry without both impossible to write, and a test checks
//! that every key the templates and the code ask for exists.

use std::fmt::Display;

use gradphoto_domain::Msg;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    /// `zh` or `en`, as in the cookie and in [`Msg::get`].
    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }

    pub fn parse(raw: &str) -> Option<Lang> {
        match raw.trim().to_ascii_lowercase().as_str() {
            "zh" | "zh-cn" | "cn" => Some(Lang::Zh),
            "en" | "en-us" | "en-gb" => Some(Lang::En),
            _ => None,
        }
    }
}

/// Looks up interface text in one language; every template holds one as `t`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Tr {
    lang: Lang,
}

impl Tr {
    pub fn new(lang: Lang) -> Self {
        Self { lang }
    }

    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// The `lang` attribute of the page.
    pub fn html_lang(&self) -> &'static str {
        match self.lang {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    /// The code of the language the switch in the header leads to.
    pub fn other_lang(&self) -> &'static str {
        match self.lang {
            Lang::Zh => "en",
            Lang::En => "zh",
        }
    }

    /// The text of `key`. A key missing from the catalogue shows as itself (and is logged),
    /// never as an empty page; the catalogue test keeps that from happening.
    pub fn s(&self, key: &str) -> &'static str {
        match entry(key) {
            Some((zh, en)) => match self.lang {
                Lang::Zh => zh,
                Lang::En => en,
            },
            None => {
                tracing::warn!(key, "interface text missing from the catalogue");
                "?"
            }
        }
    }

    /// The text of `key` with its `{}` replaced by `a`.
    pub fn f(&self, key: &str, a: impl Display) -> String {
        self.s(key).replacen("{}", &a.to_string(), 1)
    }

    /// The text of `key` with its two `{}` replaced by `a` and `b`, in order.
    pub fn f2(&self, key: &str, a: impl Display, b: impl Display) -> String {
        self.f(key, a).replacen("{}", &b.to_string(), 1)
    }

    /// A bilingual message in this language.
    pub fn msg<'a>(&self, msg: &'a Msg) -> &'a str {
        msg.get(self.lang.code())
    }
}

macro_rules! catalogue {
    ($($key:literal => $zh:literal, $en:literal;)*) => {
        /// Every key of the catalogue.
        pub const KEYS: &[&str] = &[$($key),*];

        /// The Chinese and English of a key.
        pub fn entry(key: &str) -> Option<(&'static str, &'static str)> {
            match key {
                $($key => Some(($zh, $en)),)*
                _ => None,
            }
        }
    };
}

catalogue! {
    "app.name" => "毕业生图像信息采集", "Graduate image collection";
    "app.footer" => "毕业生图像信息采集系统 · 数据仅用于学历学位图像采集", "Graduate image collection · data used only for diploma and degree photos";
    "lang.other" => "English", "中文";

    "nav.overview" => "概览", "Overview";
    "nav.students" => "花名册", "Roster";
    "nav.import" => "导入花名册", "Import roster";
    "nav.timetable" => "时间安排", "Timetable";
    "nav.classes" => "各班进度", "Classes";
    "nav.my_record" => "我的信息", "My record";
    "nav.desk" => "签到台", "Check-in desk";
    "nav.stations" => "机位", "Stations";
    "nav.board" => "叫号大屏", "Queue board";
    "nav.review" => "复核", "Review";
    "nav.jobs" => "后台任务", "Jobs";
    "nav.logout" => "退出登录", "Sign out";

    "error.title" => "出错了", "Something went wrong";
    "error.request_id" => "请求编号：", "Request id: ";
    "error.home" => "返回首页", "Back to the home page";

    "login.title" => "登录", "Sign in";
    "login.login" => "用户名", "Login";
    "login.password" => "密码", "Password";
    "login.submit" => "登录", "Sign in";
    "login.failed" => "用户名或密码错误，请检查后重试", "Wrong login or password. Check them and try again";
    "login.student_title" => "学生：用校对码登录", "Students: sign in with your proof code";
    "login.student_no" => "学号", "Student number";
    "login.proof_code" => "校对码", "Proof code";
    "login.student_hint" => "校对码印在签到时的取号单上（8 位字母和数字）。遗失请到签到台找工作人员。", "The proof code is printed on the slip you got at check-in (8 letters and digits). Lost it? Ask the staff at the check-in desk.";
    "login.student_failed" => "学号、校对码（或身份证号后六位与出生日期）不正确，请核对后重试", "Wrong student number, proof code (or ID number ending and birth date): check them and try again";
    "login.id_title" => "没有取号单？用身份证号后六位和出生日期登录", "No slip? Sign in with the end of your ID number and your birth date";
    "login.id_last_six" => "身份证号后六位", "Last six characters of your ID number";
    "login.birth_date" => "出生日期", "Birth date";
    "login.staff_title" => "工作人员", "Staff";
    "login.hint" => "账号由教务处分配。忘记密码请联系教务处重置。", "Accounts are given out by the academic affairs office; ask them to reset a forgotten password.";

    "campaign.none" => "尚未创建采集活动", "No campaign yet";
    "campaign.none_admin" => "请在下方创建本届的采集活动，或在服务器上运行以下命令：", "Create this year's campaign below, or run this command on the server:";
    "campaign.none_other" => "教务处还没有创建本届的采集活动，请稍后再来。", "The academic affairs office has not created this year's campaign yet. Please come back later.";
    "campaign.create" => "创建采集活动", "Create the campaign";
    "campaign.cohort" => "届别（毕业年份）", "Cohort (graduation year)";
    "campaign.title_field" => "名称", "Title";
    "campaign.title_hint" => "留空则为“某某届毕业生图像信息采集”", "Leave empty for the usual title";
    "campaign.fee_yuan" => "采集费（元/人）", "Fee (yuan per student)";
    "campaign.prints" => "每人像片数", "Prints per student";
    "campaign.submit" => "创建", "Create";

    "overview.title" => "概览", "Overview";
    "overview.cohort" => "届别", "Cohort";
    "overview.cohort_value" => "{}届", "class of {}";
    "overview.fee" => "采集费", "Fee";
    "overview.fee_value" => "{} 元/人", "{} yuan per student";
    "overview.prints" => "像片", "Prints";
    "overview.prints_value" => "每人 {} 张", "{} per student";
    "overview.total_students" => "学生人数", "Students";
    "overview.by_college" => "各学院人数", "Students per college";
    "overview.by_class" => "各班级人数", "Students per class";
    "overview.no_college" => "（未填学院）", "(no college)";
    "overview.scope_note" => "仅显示您负责的学院。", "Only the colleges you are responsible for are shown.";
    "overview.empty" => "花名册中还没有学生。", "The roster has no students yet.";

    "col.college" => "学院", "College";
    "col.classes" => "班级数", "Classes";
    "col.students" => "人数", "Students";
    "col.class" => "班级", "Class";
    "col.student_no" => "学号", "Student no.";
    "col.name" => "姓名", "Name";
    "col.sex" => "性别", "Sex";
    "col.major" => "专业", "Major";
    "col.id_number" => "身份证号", "ID number";
    "col.row" => "行", "Row";
    "col.column" => "列", "Column";
    "col.value" => "值", "Value";
    "col.problem" => "问题", "Problem";
    "col.field" => "字段", "Field";
    "col.before" => "原值", "Before";
    "col.after" => "新值", "After";

    "students.title" => "花名册", "Roster";
    "students.search" => "搜索", "Search";
    "students.search_placeholder" => "学号、姓名或身份证号", "Student no., name or ID number";
    "students.college_all" => "全部学院", "All colleges";
    "students.class_all" => "全部班级", "All classes";
    "students.filter" => "查询", "Search";
    "students.total" => "共 {} 名学生", "{} students";
    "students.page" => "第 {} 页，共 {} 页", "Page {} of {}";
    "students.prev" => "上一页", "Previous";
    "students.next" => "下一页", "Next";
    "students.none" => "没有符合条件的学生。", "No student matches.";

    "student.title" => "学生信息", "Student";
    "student.back" => "返回花名册", "Back to the roster";

    "me.title" => "我的信息", "My record";
    "me.reveal_id" => "显示完整身份证号", "Show the whole ID number";
    "me.not_linked" => "您的账号还没有关联花名册中的学生。请联系学院教务员或教务处。", "Your account is not linked to a student on the roster yet. Please contact your college secretary or the academic affairs office.";
    "me.hint" => "如信息有误，请联系学院教务员更正。", "If anything is wrong, ask your college secretary to correct it.";
    "me.slot_title" => "拍摄时间", "When you are photographed";
    "me.arrive_early" => "请提前 {} 分钟到达，不得提前、滞后。", "Please arrive {} minutes early; do not come earlier or later.";
    "me.no_slot" => "已发布的时间安排中没有您的班级 {}，请联系学院领队。", "Your class {} is not in the published timetable: please ask your college lead.";
    "me.retake_title" => "需要重拍", "A retake is needed";
    "me.retake_hint" => "学校已安排为你重拍。下次到拍摄现场签到时，你会优先拍摄，无需重新排队。", "The office has arranged a retake for you. At your next check-in at the venue you go first, with no need to queue again.";
    "me.retake_reason" => "原因：", "Reason: ";
    "me.replies_title" => "学校的回复", "Replies from the office";
    "me.not_published" => "尚未发布拍摄时间。", "The shooting times have not been published yet.";
    "myqueue.title" => "今天的排队", "Today's queue";
    "myqueue.number" => "您的拍摄序号：{} 号", "Your number: {}";
    "myqueue.ahead" => "前面还有 {} 人", "{} ahead of you";
    "myqueue.about" => "，约 {} 分钟", ", about {} min";
    "myqueue.next" => "下一个就是您，请在候拍区等候叫号", "You are next: wait by the stations";
    "myqueue.called" => "已叫到您的号，请到 {}", "Your number has been called: go to {}";
    "myqueue.called_somewhere" => "已叫到您的号，请看叫号大屏", "Your number has been called: see the board";
    "myqueue.done" => "今天已拍摄完成", "You have been photographed today";
    "myqueue.skipped" => "已过号：请到签到台找工作人员", "Your number was passed: ask at the check-in desk";
    "rules.title" => "拍摄要求：什么样的照片合格", "What passes: the registry's photo rules";
    "rules.hint" => "下面的照片由检测系统标注：绿色为合格的项目，红色为不合格的项目。这些都是你自己当天可以注意的地方；距离、位置、背景和灯光由工作人员负责。", "The engine drew on these photos: green where a rule passes, red where it fails. They are what you can see to yourself on the day; distance, position, background and light are the staff's.";
    "rules.pass" => "合格", "Passes";
    "rules.fail" => "不合格", "Fails";
    "rules.good" => "正面免冠，双眼睁开，闭嘴，表情自然，露出眉毛和耳朵，穿深色有领上衣。", "Facing the camera, bareheaded, eyes open, mouth closed, a natural look, eyebrows and ears showing, a dark collared top.";
    "rules.top" => "上衣与蓝色背景同色：请穿非蓝色、有领的深色上衣。", "A top the colour of the blue background: wear a dark collared top that is not blue.";
    "rules.tinted" => "有色或变色镜片挡住眼睛：请戴无色镜片，或摘下眼镜。", "Tinted or photochromic lenses hide the eyes: wear clear lenses, or take the glasses off.";
    "rules.glare" => "镜片反光遮住眼睛：请戴防反光镜片，或摘下眼镜。", "Glare on the lenses hides the eyes: wear anti-glare lenses, or take the glasses off.";
    "rules.hair" => "刘海遮住眉毛：请把头发梳到眉毛以上、耳朵后面。", "A fringe over the eyebrows: comb the hair above the eyebrows and behind the ears.";
    "rules.eyes" => "闭眼：拍摄时请睁大眼睛，看镜头。", "Eyes closed: keep your eyes open and look at the lens.";
    "rules.mouth" => "张嘴：请闭上嘴，表情自然。", "Mouth open: close your mouth, with a natural look.";
    "rehearsal.title" => "试拍：看看当天会不会有问题", "Dress rehearsal: will anything fail on the day?";
    "rehearsal.hint" => "用手机前置摄像头自拍一张（或选一张近照），系统马上告诉你当天拍摄时可能不合格、而你自己可以改的地方：上衣颜色、有色眼镜、反光、刘海、眼睛和嘴。照片不会保存。自拍的距离、位置和背后的墙不作判断，当天由工作人员调整。", "Take a selfie with your phone's front camera (or pick a recent photo): you learn at once what might fail on the day that you can change yourself — the colour of your top, tinted lenses, glare, a fringe, eyes and mouth. The photo is not kept. A selfie's distance, position and the wall behind are not judged: the staff set those on the day.";
    "rehearsal.file" => "自拍照片", "Your selfie";
    "rehearsal.submit" => "试拍检查", "Check it";
    "rehearsal.camera" => "打开前置摄像头", "Open the front camera";
    "rehearsal.shoot" => "拍照并检查", "Take it and check";
    "rehearsal.ok" => "没有发现需要你改的地方。当天请穿同样的衣服，按时到达。", "Nothing for you to change. Wear the same on the day and arrive on time.";
    "rehearsal.found" => "拍摄当天请注意：", "For the day:";
    "rehearsal.fails" => "会不合格", "would fail";
    "rehearsal.warns" => "可能有问题", "might be a problem";
    "rehearsal.again" => "再拍一张", "Try another";
    "rehearsal.not_kept" => "这张照片没有保存。", "This photo was not kept.";
    "proof.title" => "校对照片和信息", "Check your photo and data";
    "proof.no_photo" => "还没有你的照片。拍摄并通过审核后，照片会显示在这里。", "There is no photo of you yet. Once it is taken and accepted, it shows here.";
    "proof.photo_alt" => "我的采集照片", "My photo";
    "proof.not_open" => "校对尚未开放，请留意学院通知。", "Proofreading is not open yet: watch for your college's notice.";
    "proof.window" => "校对时间：{} 至 {}", "Proofreading: {} to {}";
    "proof.closed" => "现在不在校对时间内，以下内容只读。", "Proofreading is not open now: what follows is read-only.";
    "proof.state" => "我的校对结果：", "My answer: ";
    "proof.unseen" => "尚未校对", "not checked yet";
    "proof.confirmed" => "正确", "correct";
    "proof.disputed" => "有误（等待处理）", "wrong (waiting for the office)";
    "proof.locked" => "已确认并锁定，不再更改。如确有错误，请联系学院或教务处。", "Confirmed and locked: no more changes. If something is wrong, ask your college or the office.";
    "proof.correct_title" => "照片和信息都正确", "Photo and data are correct";
    "proof.lock" => "确认不再更改（锁定后不能再修改）", "No further changes (cannot be undone)";
    "proof.correct" => "正确", "Correct";
    "proof.wrong_title" => "有误", "Something is wrong";
    "proof.kind" => "哪里有误", "What is wrong";
    "proof.kind.not_my_photo" => "照片不是本人", "The photo is not of me";
    "proof.kind.photo_quality" => "照片质量有问题", "The photo's quality";
    "proof.kind.field" => "某一项信息有误", "A field of my data";
    "proof.field" => "有误的信息项", "The field";
    "proof.proposed" => "正确内容", "What it should be";
    "proof.comment" => "说明（可选）", "Comment (optional)";
    "proof.wrong" => "提交有误", "Report it";
    "proof.frames" => "现场拍下的全部照片（{} 张）", "Every frame taken of you ({})";
    "proof.current" => "当前照片", "current photo";
    "proof.history" => "校对记录", "My answers";
    "proof.saved" => "已提交，谢谢。", "Sent, thank you.";

    "timetable.title" => "拍摄时间安排", "Shooting timetable";
    "timetable.versions" => "已发布的版本", "Published versions";
    "timetable.none_published" => "尚未发布拍摄时间安排。", "No timetable has been published yet.";
    "timetable.version" => "版本", "Version";
    "timetable.version_n" => "第 {} 版", "Version {}";
    "timetable.latest" => "最新", "latest";
    "timetable.published_at" => "发布时间", "Published";
    "timetable.published_by" => "发布人", "By";
    "timetable.working" => "工作时间表（未发布）", "Working timetable (not published)";
    "timetable.working_hint" => "这里的修改只有发布新版本后才会让学院和签到台看到。", "Changes here reach the colleges and the desk only when a new version is published.";
    "timetable.days" => "拍摄日期：", "Shooting days: ";
    "timetable.no_slots" => "该地点还没有时段。请导入时间安排。", "This venue has no slots yet: import a timetable.";
    "timetable.slot" => "时段", "Slot";
    "timetable.pinned" => "（固定）", "(pinned)";
    "timetable.publish" => "发布新版本", "Publish a new version";
    "timetable.publish_hint" => "把上面的工作时间表发布为下一版（发布后不可修改），并列出与上一版相比的变更。", "Publishes the working timetable above as the next version (never edited afterwards) with the changes since the last one.";
    "timetable.publish_button" => "发布", "Publish";
    "timetable.import" => "导入时间安排", "Import a timetable";
    "timetable.import_hint" => "上传通知附件一的文本（.txt），或含日期、开始、结束、班级列的表格（.csv、.xlsx）。系统先逐行检查，确认后才会替换该地点的工作时间表。", "Upload 附件一 of the notice as text (.txt), or a sheet with date, start, end and class columns (.csv, .xlsx). Every line is checked first; the venue's working timetable is replaced only when you confirm.";
    "timetable.file" => "时间安排文件", "Timetable file";
    "timetable.move" => "调整班级时段", "Move a class";
    "timetable.move_button" => "移入该时段", "Move it there";
    "timetable.days_title" => "设置拍摄日期", "Shooting days";
    "timetable.days_button" => "保存", "Save";
    "timetable.import_done" => "时间安排已导入", "Timetable imported";
    "timetable.import_applied" => "已写入工作时间表：{} 个时段，{} 个班级。发布后学院和签到台才会看到。", "Written to the working timetable: {} slots, {} classes. The colleges and the desk see it once it is published.";
    "timetable.format_notice" => "通知附件一文本", "notice text (附件一)";
    "timetable.format_sheet" => "表格", "sheet";
    "timetable.line" => "行", "Line";
    "timetable.line_n" => "第 {} 行", "Line {}";
    "timetable.read_slots" => "读到 {} 个时段，{} 个班级", "{} slots with {} classes read";
    "timetable.confirm_hint" => "确认后将用以上时段替换该地点的工作时间表（会再检查一次）。", "Confirming replaces the venue's working timetable with the slots above (after checking once more).";
    "timetable.back" => "返回时间安排", "Back to the timetable";
    "timetable.newer" => "这不是最新版本。最新的是：", "This is not the latest version. The latest is";
    "timetable.pdf" => "下载 PDF 通知", "Download the PDF notice";
    "timetable.changes" => "变更", "Changes";
    "timetable.changes_since" => "与第 {} 版相比的变更", "Changes since version {}";
    "timetable.changes_scoped" => "仅显示与您负责的学院有关的变更。", "Only the changes for the colleges you are responsible for are shown.";
    "timetable.first_version" => "这是第一版，没有更早的版本可比较。", "This is the first version: there is nothing earlier to compare with.";
    "timetable.no_changes" => "没有变更。", "No changes.";

    "sim.title" => "排队模拟", "Queue simulation";
    "sim.hint" => "按工作时间表模拟每个拍摄日：班级在时段开始前集中到达，经签到台取号，在同一队列中等待各机位叫号。图中蓝线为多次模拟的平均排队人数，橙色虚线为已拍摄日按号票时间实测的排队人数，红色为时段超时。", "Simulates each shooting day of the working timetable: classes arrive together before their slot, take a number at the desks and wait in one queue for the stations. Blue: the queue length, mean of the runs; dashed orange: the queue as measured from the tickets of a day that has been shot; red: slots running over.";
    "sim.stations" => "机位数", "Stations";
    "sim.desks" => "签到台数", "Desks";
    "sim.service_mean" => "每张平均秒数", "Mean s per shot";
    "sim.service_p90" => "每张 P90 秒数", "P90 s per shot";
    "sim.desk_seconds" => "每人签到秒数", "s per check-in";
    "sim.spread" => "到达分散（分钟）", "Arrival spread (min)";
    "sim.retakes" => "重拍率 %", "Retakes %";
    "sim.no_shows" => "缺席率 %", "No-shows %";
    "sim.runs" => "模拟次数", "Runs";
    "sim.seed" => "随机种子", "Seed";
    "sim.early_note" => "班级按通知提前 {} 分钟到达（签到规则中设置）。", "Classes arrive {} minutes early, as the check-in policy tells them.";
    "sim.run" => "模拟", "Simulate";
    "sim.summary" => "{} 名学生，模拟 {} 次", "{} students, {} runs";
    "sim.worst_p90" => "最长时段的 P90 等待：", "Worst slot's p90 wait: ";
    "sim.measured_note" => "实测：该日 {} 张号票，按取号与叫号时间计算。", "Measured: the day's {} tickets, from their issue and call times.";
    "sim.peak_queue" => "最长队列", "Peak queue";
    "sim.wait_p50" => "等待中位数", "Median wait";
    "sim.wait_p90" => "P90 等待", "P90 wait";
    "sim.checkin_p90" => "签到 P90", "Check-in p90";
    "sim.overrun" => "超时", "Overrun";
    "sim.overrun_min" => "+{} 分钟", "+{} min";
    "sim.on_time" => "按时结束", "ends in time";
    "sim.chart_title" => "{}的排队人数", "Queue length on {}";
    "sim.simulated" => "排队人数：模拟（平均）", "queue length, simulated (mean)";
    "sim.measured" => "排队人数：实测", "queue length, measured";

    "plan.title" => "时间安排优化方案", "Timetable planner";
    "plan.hint" => "在现有时段之间调整班级，使等待最久的时段的 P90 等待尽量短；固定的班级不动，默认同一学院的班级保持相邻。方案与当前安排用同一随机种子模拟对比。", "Moves classes between the existing slots so that the slot with the longest waits waits less; pinned classes stay and, by default, a college's classes stay in adjacent slots. The proposal and the current timetable are simulated with the same seed.";
    "plan.max_p90_wait" => "P90 等待上限（秒）", "Max p90 wait (s)";
    "plan.split_colleges" => "允许同一学院的班级分在不相邻的时段", "Let a college's classes go to slots that are not adjacent";
    "plan.run" => "生成方案", "Propose";
    "plan.max_not_met" => "注意：方案中仍有时段的 P90 等待超过上限。", "Note: some slot's p90 wait is still over the limit.";
    "plan.current" => "当前安排", "Current";
    "plan.proposed" => "建议方案", "Proposed";
    "plan.no_better" => "没有找到更好的安排，维持当前时间安排。", "No better timetable found: the current one stays.";
    "plan.moves" => "需调整 {} 个班级", "{} classes move";
    "plan.from" => "原时段", "From";
    "plan.to" => "新时段", "To";
    "plan.apply_hint" => "应用后方案写入工作时间表（草稿），发布新版本后学院和签到台才会看到。若时间安排在此期间被修改，将不会写入。", "Applying writes the proposal to the working timetable (a draft): the colleges and the desk see it once a new version is published. Nothing is written if the timetable changed meanwhile.";
    "plan.apply" => "应用为工作时间表", "Apply to the working timetable";
    "timetable.simulate" => "排队模拟", "Queue simulation";

    "classes.title" => "各班拍摄进度", "Classes on the day";
    "classes.by_version" => "时段按", "Slots by ";
    "classes.live_hint" => "人数实时更新。", "the counts update live.";
    "classes.slot" => "拍摄时段", "Slot";
    "classes.venue" => "地点", "Venue";
    "classes.stage" => "状态", "Status";
    "classes.stage.upcoming" => "未开始", "upcoming";
    "classes.stage.now" => "进行中", "now";
    "classes.stage.ended" => "已结束", "ended";
    "classes.no_slot" => "未安排", "no slot";
    "classes.expected" => "应到", "Expected";
    "classes.checked_in" => "已签到", "Checked in";
    "classes.photographed" => "已拍摄", "Photographed";
    "classes.not_come" => "未到", "Not come";
    "classes.total" => "合计", "Total";
    "classes.confirmed" => "已校对正确", "Confirmed";
    "classes.disputed" => "校对有误", "Disputed";
    "classes.not_proofread" => "未校对", "Not proofread";
    "classes.not_proofread_title" => "还没有校对的学生", "Students who have not proofread";
    "classes.not_proofread_hint" => "还没有对照片和信息作出“正确”或“有误”答复的学生，请提醒他们在校对截止前完成。", "Students who have not yet answered \"correct\" or \"wrong\" on their photo and data: remind them before the proof window closes.";
    "classes.export_not_proofread" => "导出未校对学生 (XLSX)", "Export them (XLSX)";
    "classes.not_come_title" => "时段已结束仍未到的学生", "Not come after their slot ended";
    "classes.not_come_hint" => "拍摄时段已经结束、但一直没有签到的学生。", "Students whose class's slot has ended and who never checked in.";
    "classes.export" => "导出未到学生 (XLSX)", "Export them (XLSX)";
    "classes.nobody_missing" => "没有时段已结束仍未到的学生。", "Nobody whose slot has ended is missing.";

    "import.title" => "导入花名册", "Import the roster";
    "import.intro" => "上传学校导出的花名册（.xlsx、.xls 或 .csv）。系统先逐行检查，确认后才会写入。", "Upload the roster as exported by the university (.xlsx, .xls or .csv). Every row is checked first; nothing is written until you confirm.";
    "import.columns_hint" => "必需的列：学号、姓名、班级。可选：性别、民族、出生日期、身份证号、考生号、学院、专业代码、专业名称、层次、学制、学习形式、入学日期、预计毕业日期、院校代码。", "Required columns: 学号 (student no.), 姓名 (name), 班级 (class). Optional: sex, ethnicity, birth date, ID number, exam number, college, major code, major, level, length of study, mode of study, enrolment date, graduation date, school code.";
    "import.file" => "花名册文件", "Roster file";
    "import.size_limit" => "文件不超过 {} MB。", "At most {} MB.";
    "import.check" => "上传并检查", "Upload and check";
    "import.report_title" => "检查结果", "Check result";
    "import.result_title" => "导入完成", "Import done";
    "import.file_name" => "文件：", "File: ";
    "import.rows" => "有效行数", "Valid rows";
    "import.new" => "新增学生", "New students";
    "import.updated" => "更新学生", "Updated students";
    "import.unchanged" => "无变化", "Unchanged";
    "import.colleges_created" => "新建学院", "New colleges";
    "import.classes_created" => "新建班级", "New classes";
    "import.problems" => "问题列表", "Problems";
    "import.problems_count" => "发现 {} 个问题，未写入任何数据。请修改文件后重新上传。", "{} problems found. Nothing was written. Fix the file and upload it again.";
    "import.no_problems" => "检查通过，没有发现问题。", "The check passed: no problems found.";
    "import.nothing_to_do" => "文件与花名册一致，无需导入。", "The file matches the roster: there is nothing to import.";
    "import.changes" => "变更明细", "Changes";
    "import.row_n" => "第 {} 行", "Row {}";
    "import.whole_file" => "整个文件", "Whole file";
    "import.confirm_hint" => "确认后将按以上结果写入花名册（会再检查一次）。", "Confirming writes the changes above to the roster (after checking once more).";
    "import.confirm" => "确认导入", "Confirm import";
    "import.expires_note" => "上传的文件保留 30 分钟，过期请重新上传。", "The upload is kept for 30 minutes; after that, upload it again.";
    "import.applied" => "已写入花名册：新增 {} 名，更新 {} 名。", "Written to the roster: {} new, {} updated.";
    "import.view_roster" => "查看花名册", "View the roster";
    "import.again" => "重新上传", "Upload the file again";
    "import.another" => "导入另一个文件", "Import another file";
    "import.expired" => "上传的文件已过期或不存在，请重新上传。", "The upload has expired or does not exist. Upload the file again.";

    "desk.title" => "签到台", "Check-in desk";
    "desk.no_venue" => "尚未设置拍摄地点。请管理员在服务器上运行 gradphoto venue add 和 gradphoto station add。", "No venue is set up yet. An administrator must run gradphoto venue add and gradphoto station add on the server.";
    "desk.noscript" => "签到台需要启用 JavaScript。", "The check-in desk needs JavaScript.";
    "desk.offline" => "无法连接服务器，本次未发号。", "Cannot reach the server: no number was issued.";
    "desk.offline_hint" => "请检查网络后按回车重新提交，输入框中的内容已保留。", "Check the network and press Enter to try again; the input is kept.";
    "desk.server_error" => "服务器返回了意外的应答（HTTP {}），本次未发号。", "The server gave an unexpected answer (HTTP {}): no number was issued.";
    "desk.venue" => "拍摄地点", "Venue";
    "desk.credential" => "刷身份证、扫学信网采集码，或输入学号后按回车", "Swipe the ID card, scan the CHSI code, or type the student number, then press Enter";
    "desk.submit" => "签到取号", "Check in";
    "desk.ticket_title" => "拍摄序号", "Shooting number";
    "desk.class" => "班级", "Class";
    "desk.name" => "姓名", "Name";
    "desk.proof" => "校对码", "Proof code";
    "desk.proof_hint" => "校对码只显示这一次，请妥善保管，之后登录核对照片和信息时使用。", "The proof code is shown only this once: keep it to check your photo and data later.";
    "desk.proof_not_shown" => "校对码已在首次取号时给出，不再显示。", "The proof code was given at the first check-in and is not shown again.";
    "desk.wait_hint" => "请留意大屏叫号，到叫号的机位拍摄。", "Watch the board and go to the station that calls your number.";
    "desk.print" => "打印小票", "Print the receipt";
    "desk.existing_title" => "该生今天已有拍摄序号", "Already checked in today";
    "desk.reissue_reason" => "补发原因", "Reason for a new number";
    "desk.reissue_placeholder" => "例如：小票丢失", "e.g. receipt lost";
    "desk.slot" => "拍摄时段", "Slot";
    "desk.notdue_title" => "该生的班级不在拍摄时段内", "This student's class is not due now";
    "desk.override_reason" => "如确需现在拍摄，请填写原因（将记入日志）", "To shoot now anyway, give a reason (it is logged)";
    "desk.override_placeholder" => "例如：学院统一调整时间", "e.g. the college moved its time";
    "desk.override" => "放行并发号", "Let through and issue a number";
    "desk.reissue" => "作废原号并补发新号", "Void it and issue a new number";
    "desk.mismatch_title" => "姓名不一致", "The names differ";
    "desk.card_name" => "身份证上的姓名", "Name on the card";
    "desk.roster_name" => "花名册中的姓名", "Name on the roster";
    "desk.acknowledge" => "已核对本人，确认发号", "I checked the person: issue the number";
    "desk.cancel" => "取消", "Cancel";
    "desk.link_title" => "关联学信网采集码", "Link the CHSI collection code";
    "desk.link_search" => "姓名或学号", "Name or student number";
    "desk.search" => "查找", "Search";
    "desk.link" => "关联并发号", "Link and check in";
    "desk.no_match" => "没有找到符合的学生。", "No student matches.";

    "stations.title" => "机位", "Capture stations";
    "stations.pick" => "选择您所在的机位：", "Choose your station:";
    "stations.none" => "该地点还没有机位。请管理员在服务器上运行 gradphoto station add。", "This venue has no stations yet. An administrator must run gradphoto station add on the server.";

    "station.called" => "当前叫号", "Now called";
    "station.free" => "本机位空闲。", "This station is free.";
    "station.call_next" => "叫下一位", "Call the next number";
    "station.finish" => "完成", "Finish";
    "station.skip" => "过号", "Skip (absent)";
    "station.retake_current" => "重拍（放回队首）", "Retake (back to the head)";
    "station.confirm_hint" => "请核对本人：姓名、班级与证件照片一致后再拍摄。", "Check the person: name, class and card photo must match before shooting.";
    "station.credential" => "签到方式", "Checked in with";
    "station.chip_photo" => "证件照片", "Card photo";
    "station.no_chip_photo" => "无证件照片（未用读卡器签到）", "No card photo (not checked in with a card reader)";
    "station.last_done" => "刚完成：第 {} 号", "Just finished: number {}";
    "station.retake_last" => "重拍第 {} 号", "Retake number {}";
    "station.queue" => "队列", "Queue";
    "station.waiting" => "等候 {} 人", "{} waiting";
    "station.recall_list" => "过号名单", "Recall list";
    "station.recall_empty" => "没有过号的学生。", "Nobody was skipped.";
    "station.recall" => "重新叫号", "Call again";
    "station.out_of_order" => "不按顺序叫号", "Call out of order";
    "station.out_of_order_hint" => "仅用于特殊情况（如行动不便）；原因会记入操作日志。", "Only for special cases (such as limited mobility); the reason is logged.";
    "station.pick_ticket" => "号码", "Number";
    "station.or_credential" => "或刷该生证件、输入学号", "or swipe the student's card, or type the student number";
    "station.credential_field" => "刷该生证件或输入学号", "Swipe the student's card or type the student number";
    "station.reason" => "原因（必填）", "Reason (required)";
    "station.call" => "叫号", "Call";
    "station.retake" => "补拍", "Retake";
    "station.retake_hint" => "把已完成的号放回队首重新拍摄。", "Put a finished number back at the head of the queue to shoot it again.";
    "station.updated" => "队列已有变化。", "The queue has changed.";
    "station.reload" => "刷新", "Reload";

    "board.title" => "叫号大屏", "Queue board";
    "board.pick" => "选择拍摄地点", "Choose the venue";
    "board.now" => "正在拍摄", "Now shooting";
    "board.idle" => "空闲", "Free";
    "board.next" => "请准备", "Next";
    "board.none" => "暂无", "None";
    "board.waiting" => "等候人数", "Waiting";
    "board.wait" => "预计等候", "Estimated wait";
    "board.minutes" => "约 {} 分钟", "about {} min";
    "board.no_estimate" => "暂无估计", "not known yet";
    "board.recall" => "过号（请到机位报到）", "Skipped (report to a station)";
    "board.fullscreen" => "全屏", "Full screen";
    "board.stale" => "连接中断，显示的可能不是最新", "Connection lost: this may not be up to date";

    "frames.title" => "照片", "Photos";
    "frames.for_number" => "第 {} 号", "number {}";
    "frames.capture_off" => "本服务器未配置照片存储，无法接收照片。", "This server has no photo storage configured: no photos can be received.";
    "frames.none_yet" => "还没有收到照片：拍摄后照片会自动出现在这里（相机热文件夹），也可以上传。", "No photo yet: shots appear here by themselves (camera hot folder), or upload one.";
    "frames.photo" => "照片", "Photo";
    "frames.accept" => "采用并叫下一位", "Accept and call the next";
    "frames.reject" => "要求重拍", "Ask for a retake";
    "frames.drop_hint" => "把照片拖到这里，或选择文件上传（JPEG、PNG）。", "Drop a photo here, or choose a file to upload (JPEG, PNG).";
    "frames.upload" => "上传", "Upload";
    "frames.uploading" => "正在上传…", "Uploading…";
    "frames.uploaded" => "已收到照片", "Photo received";
    "frames.camera" => "使用电脑摄像头补拍", "Make-up shot with this computer's camera";
    "frames.camera_hint" => "仅用于补拍；正式拍摄请用相机。", "For make-up shots only; use the camera for the real shoot.";
    "frames.camera_start" => "打开摄像头", "Open the camera";
    "frames.camera_shoot" => "拍照", "Take the photo";
    "frames.camera_denied" => "无法打开摄像头（未授权或没有摄像头）。", "The camera cannot be opened (permission denied or no camera).";
    "frames.call_first" => "先叫号，再拍摄：照片只会绑定到本机位已叫的号。", "Call a number first: photos are bound only to the number this station has called.";
    "frames.hot_folder" => "相机热文件夹：", "Camera hot folder:";
    "frames.orphans" => "无主照片 {} 张", "{} orphan photos";
    "frames.confirm_fail" => "这张照片检测不合格，确定仍要采用吗？", "This photo fails the checks. Accept it anyway?";
    "frames.network_error" => "无法连接服务器，照片未上传。", "The server cannot be reached: the photo was not uploaded.";
    "frame.title" => "照片", "Photo";
    "frame.pass" => "合格", "Pass";
    "frame.warn" => "注意", "Check";
    "frame.fail" => "不合格", "Fail";
    "frame.accept" => "采用为该生照片", "Accept as the student's photo";
    "frame.skip" => "未测", "Not measured";
    "frame.unjudged" => "未判定", "Not judged";
    "frame.original" => "原图", "Original";
    "frame.student" => "学生", "Student";
    "frame.orphan" => "无主（未绑定）", "Orphan (not bound)";
    "frame.station" => "机位", "Station";
    "frame.arrived" => "收到时间", "Arrived";
    "frame.verdict" => "检测结果", "Verdict";
    "frame.decided_reason" => "处理原因", "Reason";
    "frame.rules" => "逐项检测", "Rule by rule";
    "frame.rule" => "规则", "Rule";
    "frame.status" => "结果", "Result";
    "frame.measured" => "测量值", "Measured";
    "frame.range" => "要求", "Required";
    "orphans.title" => "无主照片", "Orphan photos";

    "review.title" => "复核", "Review";
    "review.hint" => "导出前需要处理的所有问题：学生提出有误、未通过检测仍被采用的照片、无主照片、待重拍。问题解决后自动离开此列表。", "Every problem to settle before the export: disputes, photos accepted although they failed or warned, orphan frames, retakes asked for. An item leaves the list once its cause is gone.";
    "review.all" => "全部", "All";
    "review.college" => "学院", "College";
    "review.class" => "班级", "Class";
    "review.filter" => "筛选", "Filter";
    "review.empty" => "没有待处理的问题。", "Nothing to review.";
    "review.kind" => "问题", "Problem";
    "review.at" => "时间", "When";
    "review.note" => "说明", "Note";
    "review.record" => "花名册信息", "Roster record";
    "review.current_photo" => "当前照片", "Current photo";
    "review.no_photo" => "还没有采用的照片。", "No photo accepted yet.";
    "review.proof" => "校对", "Proofreading";
    "review.reply" => "回复学生", "Reply to the student";
    "review.reply_body" => "回复内容（学生在自己的页面上看到）", "Reply (the student sees it on their page)";
    "review.send" => "发送", "Send";
    "review.retake" => "安排重拍", "Ask for a retake";
    "review.retake_hint" => "学生下次签到时得到优先号，并在自己的页面上看到。", "The student's next check-in gets a priority ticket, and their page says so.";
    "review.retake_waiting" => "等待签到", "waiting for check-in";
    "review.retake_ticketed" => "已取优先号", "priority ticket issued";
    "review.reason" => "原因", "Reason";
    "review.correct" => "更正花名册信息", "Correct the roster";
    "review.correct_hint" => "按导入花名册的规则检查，修改前后记入审计日志。", "Checked as a roster import checks it; before and after go into the audit log.";
    "review.field" => "信息项", "Field";
    "review.value" => "正确内容", "Correct value";
    "review.save" => "保存更正", "Save the correction";
    "review.frames" => "照片", "Frames";
    "review.current" => "当前照片", "current photo";
    "review.rebind" => "换绑到学号", "Rebind to student number";
    "review.rebind_button" => "换绑", "Rebind";
    "review.override" => "推翻检测结果", "Override the verdict";
    "review.override_hint" => "检测结果本身不会改动；推翻的人和原因记入审计日志。", "The verdict itself is not changed; who overrode it and why go into the audit log.";
    "review.overridden" => "已推翻：", "Overridden: ";
    "review.retakes" => "重拍", "Retakes";
    "review.replies" => "回复", "Replies";
    "review.history" => "完整记录", "Whole history";
    "review.action" => "操作", "Action";
    "review.subject" => "对象", "Subject";
    "review.before" => "修改前", "Before";
    "review.after" => "修改后", "After";
    "review.by" => "操作人", "By";
    "orphans.hint" => "机位未叫号时收到的照片。请绑定到对应学生今天的号码，或丢弃；原因会记入操作日志。", "Photos a station received with no number called. Bind each to the right student's ticket of today, or discard it; the reason is logged.";
    "orphans.empty" => "没有无主照片。", "No orphan photos.";
    "orphans.bind" => "绑定", "Bind";
    "orphans.rebind" => "改绑到其他号", "Bind to another ticket";
    "orphans.discard" => "丢弃", "Discard";
    "orphans.discard_reason" => "原因", "Reason";
    "photos.title" => "照片记录", "Photo history";
    "photos.current" => "当前照片", "Current photo";
    "photos.none" => "还没有采用的照片。", "No photo accepted yet.";
    "photos.accepted" => "{} 采用", "accepted {}";
    "photos.superseded" => "已被替换", "Superseded";
    "photos.frames" => "全部照片", "All frames";

    "jobs.title" => "后台任务", "Jobs";
    "jobs.hint" => "耗时的工作（批量检查、导出）由工作进程在后台执行；进程中断时，任务会由其他进程接手重做。", "Long work (batch judging, exports) runs in the background on a worker process; if that process stops, another one takes the job over and does it again.";
    "jobs.empty" => "还没有任务。", "No jobs yet.";
    "jobs.job" => "任务", "Job";
    "jobs.kind" => "类型", "Kind";
    "jobs.state" => "状态", "State";
    "jobs.progress" => "进度", "Progress";
    "jobs.created_by" => "发起人", "Asked by";
    "jobs.created_at" => "时间", "When";
    "jobs.attempts" => "尝试次数", "attempts";
    "jobs.state.queued" => "排队中", "Queued";
    "jobs.state.running" => "进行中", "Running";
    "jobs.state.done" => "已完成", "Done";
    "jobs.state.failed" => "失败", "Failed";
    "jobs.batch.title" => "检查结果", "Verdicts";
    "jobs.batch.photos" => "照片", "Photos";
    "jobs.batch.pass" => "合格", "pass";
    "jobs.batch.warn" => "需注意", "warnings";
    "jobs.batch.fail" => "不合格", "fail";
    "jobs.batch.error" => "无法读取", "unreadable";

    "value.none" => "—", "—";
    "sex.male" => "男", "male";
    "sex.female" => "女", "female";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_has_both_languages() {
        let mut seen = std::collections::HashSet::new();
        for key in KEYS {
            assert!(seen.insert(key), "{key} is listed twice");
            let (zh, en) = entry(key).unwrap_or_default();
            assert!(!zh.trim().is_empty(), "{key} has no Chinese");
            assert!(!en.trim().is_empty(), "{key} has no English");
            assert_eq!(
                zh.matches("{}").count(),
                en.matches("{}").count(),
                "{key}: both languages need the same placeholders"
            );
        }
    }

    #[test]
    fn formatting() {
        let zh = Tr::new(Lang::Zh);
        let en = Tr::new(Lang::En);
        assert_eq!(zh.f("import.row_n", 14), "第 14 行");
        assert_eq!(en.f("import.row_n", 14), "Row 14");
        assert_eq!(en.f2("students.page", 2, 5), "Page 2 of 5");
    }
}
