//! Undo and redo of edits: the values before each edit, and the values undone.

/// How many edits can be undone.
const DEPTH: usize = 100;

#[derive(Debug, Clone)]
pub struct History<T> {
    undo: Vec<T>,
    redo: Vec<T>,
}

impl<T> Default for History<T> {
    fn default() -> History<T> {
        History {
            undo: Vec::new(),
            redo: Vec::new(),
        }
    }
}

impl<T> History<T> {
    /// An edit changed the values from `before`: it can be undone; what was undone before it
    /// can no longer be redone.
    pub fn record(&mut self, before: T) {
        self.undo.push(before);
        if self.undo.len() > DEPTH {
            self.undo.remove(0);
        }
        self.redo.clear();
    }

    /// The values before the last edit, taking `current` to redo.
    pub fn undo(&mut self, current: T) -> Option<T> {
        let before = self.undo.pop()?;
        self.redo.push(current);
        Some(before)
    }

    /// The values last undone, taking `current` to undo again.
    pub fn redo(&mut self, current: T) -> Option<T> {
        let after = self.redo.pop()?;
        self.undo.push(current);
        Some(after)
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn undo_and_redo_walk_the_edits_and_a_new_edit_drops_the_redo() {
        let mut h = History::default();
        assert_eq!(h.undo(0), None);
        h.record(1); // 1 → 2
        h.record(2); // 2 → 3
        assert_eq!(h.undo(3), Some(2));
        assert_eq!(h.undo(2), Some(1));
        assert!(!h.can_undo());
        assert_eq!(h.redo(1), Some(2));
        h.record(2); // 2 → 5: the undone 3 is gone
        assert!(!h.can_redo());
        assert_eq!(h.undo(5), Some(2));
        for i in 0..(DEPTH + 10) {
            h.record(i);
        }
        let mut n = 0;
        while h.undo(0).is_some() {
            n += 1;
        }
        assert_eq!(n, DEPTH);
    }
}
