//! The HTML report of `gradphoto check --report`: one self-contained page with each photo's
//! annotated preview, its verdict and every rule's value and range; a selector sorts the photos
//! by any rule (failures first).

use base64::Engine;
use gradphoto_photo::{RulePack, Status};

use super::{Checked, Outcome};

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn rank(s: Status) -> u8 {
    match s {
        Status::Fail => 3,
        Status::Warn => 2,
        Status::Skip => 1,
        Status::Pass => 0,
    }
}

pub fn render(pack: &RulePack, results: &[Checked]) -> String {
    let mut h = String::new();
    h.push_str("<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>照片检查报告</title><style>");
    h.push_str("body{font-family:sans-serif;margin:1em;background:#f6f6f6}.photo{display:flex;gap:1em;background:#fff;margin:.6em 0;padding:.6em;border-left:6px solid #2a2}.photo.fail{border-color:#d22}.photo.warn{border-color:#e90}.photo img{max-height:320px}table{border-collapse:collapse;font-size:13px}td,th{padding:2px 6px;border-bottom:1px solid #eee;text-align:left}.st-fail{color:#d22;font-weight:bold}.st-warn{color:#c70}.st-pass{color:#2a2}.st-skip{color:#999}");
    h.push_str("</style></head><body>");
    h.push_str(&format!("<h1>照片检查报告 · {}</h1>", esc(&pack.zh)));
    let fails = results.iter().filter(|c| c.failed()).count();
    h.push_str(&format!(
        "<p>共 {} 张，不合格 {fails} 张。</p>",
        results.len()
    ));
    h.push_str(
        "<label>按规则排序（不合格在前）：<select id=\"sort\"><option value=\"\">文件名</option>",
    );
    for r in &pack.rule {
        h.push_str(&format!(
            "<option value=\"{}\">{} · {}</option>",
            esc(&r.id),
            esc(&r.id),
            esc(&r.zh)
        ));
    }
    h.push_str("</select></label><div id=\"photos\">");
    for (i, c) in results.iter().enumerate() {
        let path = esc(&c.path.display().to_string());
        match &c.outcome {
            Outcome::Verdict(v) => {
                let class = match v.overall {
                    Status::Fail => "fail",
                    Status::Warn => "warn",
                    _ => "pass",
                };
                let ranks: Vec<String> = v
                    .results
                    .iter()
                    .map(|r| {
                        format!(
                            "data-r-{}=\"{}\"",
                            esc(&r.id.replace('.', "-")),
                            rank(r.status)
                        )
                    })
                    .collect();
                h.push_str(&format!(
                    "<div class=\"photo {class}\" data-i=\"{i}\" {}>",
                    ranks.join(" ")
                ));
                if let Some(p) = &c.preview {
                    let b64 = base64::engine::general_purpose::STANDARD.encode(p);
                    h.push_str(&format!(
                        "<img alt=\"{path}\" src=\"data:image/jpeg;base64,{b64}\">"
                    ));
                }
                h.push_str(&format!(
                    "<div><h3>{path}</h3><p class=\"st-{class}\">{} — {}</p><table><tr><th>规则</th><th>结果</th><th>测量值</th><th>要求</th><th>说明</th></tr>",
                    v.overall.zh(),
                    esc(&v.reason.zh)
                ));
                for r in &v.results {
                    let st = r.status.en();
                    h.push_str(&format!(
                        "<tr><td title=\"{}\">{}</td><td class=\"st-{st}\">{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                        esc(&r.id),
                        esc(&r.title.zh),
                        r.status.zh(),
                        esc(&r.shown),
                        esc(&r.range),
                        esc(r.reason.as_ref().map_or("", |m| m.zh.as_str()))
                    ));
                }
                h.push_str("</table></div></div>");
            }
            Outcome::Error(m) => {
                h.push_str(&format!(
                    "<div class=\"photo fail\" data-i=\"{i}\" data-error=\"1\"><div><h3>{path}</h3><p class=\"st-fail\">无法检查：{}</p></div></div>",
                    esc(&m.zh)
                ));
            }
        }
    }
    h.push_str("</div><script>");
    h.push_str("document.getElementById('sort').addEventListener('change',function(){var k=this.value.replace(/\\./g,'-');var box=document.getElementById('photos');var items=Array.prototype.slice.call(box.children);items.sort(function(a,b){if(!k)return a.dataset.i-b.dataset.i;var ra=a.dataset.error?4:+(a.getAttribute('data-r-'+k)||0),rb=b.dataset.error?4:+(b.getAttribute('data-r-'+k)||0);return rb-ra||a.dataset.i-b.dataset.i;});items.forEach(function(e){box.appendChild(e);});});");
    h.push_str("</script></body></html>");
    h
}
