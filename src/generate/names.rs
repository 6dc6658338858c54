//! People's names: common surnames by their rough frequency, given names from the characters
//! parents pick, unique within a unit (the survey keys people by unit and name).

use super::Sex;
use rand::Rng;
use rand::rngs::StdRng;
use std::collections::HashSet;

/// Surnames with rough weights (per mille of the population).
#[rustfmt::skip]
const SURNAMES: &[(&str, u32)] = &[
    ("王", 72), ("李", 72), ("张", 68), ("刘", 53), ("陈", 45), ("杨", 31), ("黄", 23),
    ("赵", 22), ("吴", 21), ("周", 20), ("徐", 17), ("孙", 15), ("马", 15), ("朱", 14),
    ("胡", 13), ("郭", 12), ("何", 12), ("林", 11), ("高", 11), ("罗", 11), ("郑", 10),
    ("梁", 10), ("谢", 8), ("宋", 8), ("唐", 8), ("许", 7), ("韩", 7), ("冯", 7), ("邓", 7),
    ("曹", 7), ("彭", 7), ("曾", 6), ("肖", 6), ("田", 6), ("董", 6), ("袁", 5), ("潘", 5),
    ("于", 5), ("蒋", 5), ("蔡", 5), ("余", 5), ("杜", 5), ("叶", 5), ("程", 5), ("苏", 4),
    ("魏", 4), ("吕", 4), ("丁", 4), ("任", 4), ("沈", 4), ("姚", 4), ("卢", 4), ("姜", 4),
    ("崔", 3), ("钟", 3), ("谭", 3), ("陆", 3), ("汪", 3), ("范", 3), ("金", 3), ("石", 3),
    ("廖", 3), ("贾", 3), ("夏", 3), ("韦", 3), ("付", 3), ("方", 3), ("白", 3), ("邹", 3),
    ("孟", 3), ("熊", 3), ("秦", 3), ("邱", 3), ("江", 3), ("尹", 3), ("薛", 2), ("闫", 2),
    ("段", 2), ("雷", 2), ("侯", 2), ("龙", 2), ("史", 2), ("陶", 2), ("黎", 2), ("贺", 2),
    ("顾", 2), ("毛", 2), ("郝", 2), ("龚", 2), ("邵", 2), ("万", 2), ("钱", 2), ("严", 2),
    ("覃", 2), ("武", 2), ("戴", 2), ("莫", 2), ("孔", 2), ("向", 2), ("汤", 2), ("欧阳", 1),
    ("上官", 1),
];

const MALE: &[char] = &[
    '伟', '强', '磊', '军', '勇', '杰', '涛', '明', '超', '刚', '平', '辉', '鹏', '华', '飞', '鑫', '波', '斌', '宇',
    '浩', '凯', '健', '俊', '帆', '帅', '旭', '宁', '龙', '林', '阳', '建', '国', '志', '峰', '东', '海', '亮', '成',
    '彬', '毅', '晨', '博', '文', '武', '松', '翔', '洋', '伦', '锋', '坤',
];

const FEMALE: &[char] = &[
    '芳', '娜', '敏', '静', '丽', '艳', '娟', '霞', '秀', '英', '慧', '莉', '燕', '玲', '桂', '红', '梅', '琳', '洁',
    '雪', '婷', '倩', '颖', '晶', '萍', '璐', '琪', '瑶', '佳', '欣', '怡', '丹', '蕾', '薇', '悦', '彤', '月', '茜',
    '婕', '蓉',
];

/// First characters of two-character given names that suit anyone.
const EITHER: &[char] = &[
    '晓', '子', '思', '雨', '文', '佳', '一', '嘉', '春', '海', '新', '永', '金', '玉', '立', '家', '宏', '志', '德',
    '明', '建', '丽', '秋', '晨', '若',
];

fn pick<T: Copy>(rng: &mut StdRng, list: &[T]) -> T {
    list[rng.random_range(0..list.len())]
}

fn surname(rng: &mut StdRng) -> &'static str {
    let total: u32 = SURNAMES.iter().map(|(_, w)| w).sum();
    let mut x = rng.random_range(0..total);
    for (s, w) in SURNAMES {
        if x < *w {
            return s;
        }
        x -= w;
    }
    SURNAMES[0].0
}

/// A new name not yet in `taken` (the unit's names so far), and the person's sex.
pub(crate) fn person(rng: &mut StdRng, taken: &mut HashSet<String>) -> (String, Sex) {
    let sex = if rng.random_bool(0.56) { Sex::Male } else { Sex::Female };
    let chars = match sex {
        Sex::Male => MALE,
        Sex::Female => FEMALE,
    };
    for _ in 0..64 {
        let mut name = String::from(surname(rng));
        if rng.random_bool(0.7) {
            let first = if rng.random_bool(0.4) {
                pick(rng, EITHER)
            } else {
                pick(rng, chars)
            };
            name.push(first);
        }
        name.push(pick(rng, chars));
        if taken.insert(name.clone()) {
            return (name, sex);
        }
    }
    // Offices tell namesakes apart with a number; this only happens in huge units.
    let base = format!("{}{}", surname(rng), pick(rng, chars));
    let mut k = 2;
    loop {
        let name = format!("{base}（{k}）");
        if taken.insert(name.clone()) {
            return (name, sex);
        }
        k += 1;
    }
}
