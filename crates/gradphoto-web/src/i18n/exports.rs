//! The registry package: the exports page and an export job's result.

crate::i18n::catalogue! {
    "nav.exports" => "导出", "Export";
    "exports.title" => "导出学信网照片包", "Registry package";
    "exports.hint" => "按导出规格为每名选中的学生生成照片（像素、分辨率、文件大小），附清单（CSV、XLSX）和说明，打包为 zip。未导出的学生逐一列出原因。", "A photo per chosen student made to the profile (pixels, density, file size), with a manifest (CSV, XLSX) and a README, as a zip. Every student left out is listed with the reason.";
    "exports.profile" => "导出规格", "Profile";
    "exports.require_proof" => "只导出已校对确认当前照片的学生", "Only students who confirmed their current photo";
    "exports.classes" => "只导出这些班级（班级代码，逗号分隔；留空为全部）", "Only these classes (class codes, comma-separated; empty for all)";
    "exports.since" => "只含此批之后有变化的学生", "Only the students changed since";
    "exports.since_none" => "全部（不限）", "everyone (no earlier batch)";
    "exports.start" => "开始导出", "Start the export";
    "exports.batches" => "已导出的批次", "Packages made";
    "exports.empty" => "还没有导出过。", "No package yet.";
    "exports.batch" => "批次", "Batch";
    "exports.students" => "学生数", "Students";
    "exports.left_out" => "未导出", "Left out";
    "exports.bytes" => "大小", "Size";
    "exports.at" => "时间", "When";
    "exports.download" => "下载", "Download";
    "exports.result" => "导出结果", "The package";
    "exports.exported" => "导出照片", "Photos";
    "exports.unchanged" => "与上一批相同", "Unchanged since the earlier batch";
    "exports.reason" => "原因", "Reason";
}
