//! Task and activity names keyed once each: a survey or a volumes table runs to a million rows
//! over a few hundred names, and a name's key (width, case and spaces aside) is the same every
//! time. Names of one key share one index.

use std::collections::{HashMap, HashSet};

/// A map with a fast hash, for names hashed once per row of a survey or a volumes table.
pub type FastMap<K, V> = HashMap<K, V, foldhash::fast::RandomState>;
/// A set with the same fast hash.
pub type FastSet<K> = HashSet<K, foldhash::fast::RandomState>;

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
    of_name: FastMap<&'a str, usize>,
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

    /// The index of key `key`, if a name met so far has it.
    pub fn find(&self, key: &str) -> Option<usize> {
        self.of_key.get(key).copied()
    }

    /// The key of index `i`.
    pub fn key(&self, i: usize) -> &str {
        &self.keys[i]
    }
}
