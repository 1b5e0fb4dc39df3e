//! The review queue and a student's review page.

crate::i18n::catalogue! {
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
}
