//! Task and activity names keyed once each: a survey or a volumes table runs to a million rows
//! over a few hundred names, and a name's key (width, case and spaces aside) is the same every
//! time. Names of one key share one index.

use std::collections::HashMap;

/// A name's key: width, case and spaces do not count.
pub fn key(name: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    name.nfkc()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The keys of the names met so far, each with an index of its own.
#[derive(Default)]
pub struct Keys<'a> {
    of_name: HashMap<&'a str, usize, foldhash::fast::RandomState>,
    of_key: HashMap<String, usize>,
    keys: Vec<String>,
}

impl<'a> Keys<'a> {
    /// The index of `name`'s key; a new key gets the next index.
    pub fn index(&mut self, name: &'a str) -> usize {
        if let Some(&i) = self.of_name.get(name) {
            return i;
        }
        let k = key(name);
        let next = self.keys.len();
        let i = *self.of_key.entry(k.clone()).or_insert(next);
        if i == next {
            self.keys.push(k);
        }
        self.of_name.insert(name, i);
        i
    }

    /// The key of index `i`.
    pub fn key(&self, i: usize) -> &str {
        &self.keys[i]
    }
}
