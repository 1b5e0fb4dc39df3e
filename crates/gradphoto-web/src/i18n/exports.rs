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
    "prints.title" => "打印二寸像片", "Two-inch prints";
    "prints.hint" => "为每名已采集照片的学生排版二寸像片（从原片裁切，300 dpi），带裁切线和姓名、学号、班级标注，按班级和拍摄序号排列，每班前有封面页。", "Every photographed student's two-inch prints (cut from the original, 300 dpi) with cut marks and a label of name, student number and class, by class and ticket number, a cover page per class.";
    "prints.sheet" => "相纸", "Sheet";
    "prints.sheet.6inch" => "6 寸（102 × 152 mm，每张 8 张二寸）", "6-inch (102 × 152 mm, eight prints)";
    "prints.sheet.5inch" => "5 寸（89 × 127 mm，每张 4 张二寸）", "5-inch (89 × 127 mm, four prints)";
    "prints.sheet.a4" => "A4（每页多名学生）", "A4 (several students a page)";
    "prints.size" => "二寸尺寸", "Print size";
    "prints.start" => "生成打印文件", "Make the print file";
    "prints.result" => "打印文件", "The print file";
    "prints.counts" => "{} 名学生，{} 个班", "{} students in {} classes";
    "prints.pages" => "共 {} 页", "{} pages";
}
