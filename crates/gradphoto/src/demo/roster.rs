//! A generated roster for the demo: about 30 students per class of the notice, with plausible
//! names, valid resident ID numbers of Jiangxi addresses, and majors by college. Seeded, so every
//! demo has the same students.

use std::collections::HashSet;

use gradphoto_domain::id_number::check_char;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use super::notice::{SCHOOL_CODE, class_codes};

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾",
    "肖", "田", "董", "袁", "潘", "于", "蒋", "蔡", "余", "杜", "叶", "程", "魏", "苏", "吕", "丁",
    "任", "熊", "欧阳", "司马",
];
const GIVEN: &[&str] = &[
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明",
    "超", "秀", "霞", "平", "刚", "桂", "文", "华", "鑫", "宇", "浩", "欣", "怡", "佳", "子", "涵",
    "梓", "轩", "博", "雨", "思", "萱", "晨", "阳", "睿", "琪", "嘉", "一", "诺", "晓", "婷", "俊",
    "凯", "昊", "天", "瑶", "慧", "颖", "斌", "志", "建", "海", "彤", "玥", "毅", "航", "翔", "蕾",
];
const ETHNICITIES: &[&str] = &[
    "汉族",
    "汉族",
    "汉族",
    "汉族",
    "汉族",
    "汉族",
    "回族",
    "畲族",
    "苗族",
    "土家族",
];
/// 南昌 东湖区, 西湖区, 青云谱区, 新建区, 景德镇 珠山区, 萍乡 安源区, 九江 濂溪区, 赣州 章贡区,
/// 吉安 吉州区, 宜春 袁州区, 抚州 临川区, 上饶 信州区.
const ADDRESSES: &[&str] = &[
    "360102", "360103", "360104", "360112", "360203", "360302", "360402", "360702", "360802",
    "360902", "361002", "361102",
];

/// College and major of a class, from the class code's college digits (`19` + `CC` + …).
fn college_and_major(class: &str) -> (&'static str, &'static str, &'static str) {
    if class.starts_with('D') {
        return ("继续教育学院", "080202", "机械设计制造及其自动化");
    }
    match class.get(2..4).unwrap_or("") {
        "01" => ("材料科学与工程学院", "080401", "材料科学与工程"),
        "02" => ("环境与化学工程学院", "081302", "制药工程"),
        "03" => ("航空制造工程学院", "080202", "机械设计制造及其自动化"),
        "04" => ("信息工程学院", "080701", "电子信息工程"),
        "05" => ("飞行器工程学院", "082001", "航空航天工程"),
        "06" => ("测试与光电工程学院", "080301", "测控技术与仪器"),
        "07" => ("经济管理学院", "120201K", "工商管理"),
        "08" => ("外国语学院", "050201", "英语"),
        "09" => ("土木建筑学院", "081001", "土木工程"),
        "10" => ("数学与信息科学学院", "070101", "数学与应用数学"),
        "11" => ("软件学院", "080902", "软件工程"),
        "12" => ("艺术与设计学院", "130502", "视觉传达设计"),
        "14" => ("体育学院", "040201", "社会体育指导与管理"),
        "15" => ("音乐学院", "130202", "音乐学"),
        "16" => ("文法学院", "030101K", "法学"),
        "20" => ("通航学院", "081805K", "飞行技术"),
        "22" => ("国际教育学院", "080906", "数字媒体技术"),
        _ => ("未来技术学院", "080717T", "人工智能"),
    }
}

/// The columns of the generated roster, as a university office names them.
pub const HEADER: [&str; 15] = [
    "学号",
    "姓名",
    "性别",
    "民族",
    "出生日期",
    "身份证号",
    "学院",
    "专业代码",
    "专业名称",
    "班级",
    "层次",
    "学制",
    "入学日期",
    "预计毕业日期",
    "院校代码",
];

/// The demo roster's rows (cells in [`HEADER`] order): `per_class` students for every class of
/// the timetable, each with a distinct valid ID number.
pub fn roster_rows(per_class: usize, seed: u64) -> Vec<[String; 15]> {
    let mut rng = StdRng::seed_from_u64(seed);
    let mut ids = HashSet::new();
    let width = if per_class < 100 { 2 } else { 4 };
    let classes = class_codes();
    let mut rows = Vec::with_capacity(per_class * classes.len());
    for class in &classes {
        let class = class.as_str();
        let (college, major_code, major) = college_and_major(class);
        let (level, years, enrolled) = if class.starts_with('D') || class.starts_with("20") {
            ("专升本", "2", "2021-09-01")
        } else {
            ("本科", "4", "2019-09-01")
        };
        for i in 1..=per_class {
            let surname = SURNAMES[rng.random_range(0..SURNAMES.len())];
            let mut name = surname.to_owned();
            for _ in 0..rng.random_range(1..=2) {
                name.push_str(GIVEN[rng.random_range(0..GIVEN.len())]);
            }
            let male = rng.random_bool(0.5);
            let (birth, id_number) = loop {
                let (year, month, day) = (
                    rng.random_range(1999..=2002),
                    rng.random_range(1..=12),
                    rng.random_range(1..=28),
                );
                let address = ADDRESSES[rng.random_range(0..ADDRESSES.len())];
                // The sequence's last digit is odd for men and even for women.
                let seq =
                    rng.random_range(0..100) * 10 + 2 * rng.random_range(0..5) + u32::from(male);
                let first17 = format!("{address}{year:04}{month:02}{day:02}{seq:03}");
                let check = check_char(&first17).unwrap_or('X');
                let id = format!("{first17}{check}");
                if ids.insert(id.clone()) {
                    break (format!("{year:04}-{month:02}-{day:02}"), id);
                }
            };
            let ethnicity = ETHNICITIES[rng.random_range(0..ETHNICITIES.len())];
            rows.push([
                format!("{class}{i:0width$}"),
                name,
                if male { "男" } else { "女" }.to_owned(),
                ethnicity.to_owned(),
                birth,
                id_number,
                college.to_owned(),
                major_code.to_owned(),
                major.to_owned(),
                class.to_owned(),
                level.to_owned(),
                years.to_owned(),
                enrolled.to_owned(),
                "2023-06-30".to_owned(),
                SCHOOL_CODE.to_owned(),
            ]);
        }
    }
    rows
}

/// The demo roster as a UTF-8 CSV file, the way a university office would export it.
pub fn roster_csv(per_class: usize, seed: u64) -> String {
    let mut csv = HEADER.join(",");
    csv.push('\n');
    for row in roster_rows(per_class, seed) {
        csv.push_str(&row.join(","));
        csv.push('\n');
    }
    csv
}

/// What a card-reader service returns for a student of [`roster_rows`] (fields as common reader
/// services name them; national-rules §3), for the desk's bridge and its benchmarks.
pub fn card_reader_json(row: &[String; 15]) -> serde_json::Value {
    serde_json::json!({
        "certNumber": row[5],
        "partyName": row[1],
        "gender": row[2],
        "nation": row[3].trim_end_matches('族'),
        "bornDay": row[4].replace('-', ""),
        "certAddress": "江西省南昌市东湖区",
        "certOrg": "南昌市公安局东湖分局",
        "effDate": "20190901",
        "expDate": "20290901",
        "certType": "0",
    })
}

/// The college of a class in the demo roster.
pub fn college_of(class: &str) -> &'static str {
    college_and_major(class).0
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use gradphoto_domain::IdNumber;

    #[test]
    fn generated_roster_is_valid_and_stable() {
        let csv = roster_csv(30, 2023);
        assert_eq!(csv, roster_csv(30, 2023));
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines.len(), 1 + 171 * 30);
        for line in &lines[1..] {
            let cells: Vec<&str> = line.split(',').collect();
            let id = IdNumber::parse(cells[5]).unwrap();
            assert_eq!(id.sex().unwrap().as_str(), cells[2]);
            assert_eq!(
                id.birth_date().unwrap().format("%Y-%m-%d").to_string(),
                cells[4]
            );
        }
    }
}
