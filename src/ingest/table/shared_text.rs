//! A text column whose repeated values keep their bytes once. A survey names its unit,
//! department and task on every row: ten million rows of 30-byte names hold 300 MB a column,
//! where a district's few thousand distinct names hold well under a megabyte. polars' string
//! views may point at the same bytes, so the column reads and compares as any other.

use polars::prelude::*;
use polars_arrow::array::{Array, MutableBinaryViewArray, Utf8ViewArray, View};
use polars_arrow::bitmap::MutableBitmap;

/// Distinct values looked up by their text at most: past this many, a new value is stored
/// without being remembered (a column of free text would otherwise hold its values twice).
const MOST_REMEMBERED: usize = 1 << 16;

/// Builds a string column, storing the bytes of each distinct long value once.
pub(super) struct SharedText {
    name: PlSmallStr,
    /// The bytes of the distinct values too long to sit in their views.
    store: MutableBinaryViewArray<str>,
    /// Where each remembered value's bytes are.
    seen: PlHashMap<Box<str>, View>,
    /// The last value appended and its view: rows of one person come together.
    last: Option<(String, View)>,
    views: Vec<View>,
    /// Which rows hold a value, once one does not.
    valid: Option<MutableBitmap>,
    /// The bytes of all the values, as if each were stored.
    bytes: usize,
}

impl SharedText {
    pub(super) fn new(name: &str, capacity: usize) -> Self {
        SharedText {
            name: name.into(),
            store: MutableBinaryViewArray::new(),
            seen: PlHashMap::default(),
            last: None,
            views: Vec::with_capacity(capacity),
            valid: None,
            bytes: 0,
        }
    }

    pub(super) fn append_option(&mut self, value: Option<&str>) {
        match value {
            Some(text) => {
                let view = self.view_of(text);
                self.views.push(view);
                self.bytes += text.len();
                if let Some(valid) = &mut self.valid {
                    valid.push(true);
                }
            }
            None => {
                let valid = self
                    .valid
                    .get_or_insert_with(|| MutableBitmap::from_len_set(self.views.len()));
                valid.push(false);
                self.views.push(View::default());
            }
        }
    }

    /// The view of `text`: in itself when short, else at its stored bytes.
    fn view_of(&mut self, text: &str) -> View {
        if text.len() <= View::MAX_INLINE_SIZE as usize {
            return View::new_inline(text.as_bytes());
        }
        if let Some((last, view)) = &self.last
            && last == text
        {
            return *view;
        }
        let view = match self.seen.get(text) {
            Some(view) => *view,
            None => {
                let view = self.store.push_value_into_buffer(text.as_bytes());
                if self.seen.len() < MOST_REMEMBERED {
                    self.seen.insert(text.into(), view);
                }
                view
            }
        };
        match &mut self.last {
            Some((last, held)) => {
                last.clear();
                last.push_str(text);
                *held = view;
            }
            None => self.last = Some((text.to_owned(), view)),
        }
        view
    }

    pub(super) fn finish(self) -> StringChunked {
        let store = self.store.freeze();
        // SAFETY: each view holds a whole `&str` (valid UTF-8): in itself when short, else as
        // `push_value_into_buffer` placed it, whose buffer index and offset are where `freeze`
        // keeps those bytes; a row without a value has a view of no bytes and no validity.
        // Pushing each view again through the safe API would compare buffers per row.
        let column = unsafe {
            Utf8ViewArray::new_unchecked(
                store.dtype().clone(),
                self.views.into(),
                store.data_buffers().clone(),
                self.valid.map(Into::into),
                Some(self.bytes),
                store.total_buffer_len(),
            )
        };
        StringChunked::with_chunk(self.name, column)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn built(values: &[Option<&str>]) -> StringChunked {
        let mut text = SharedText::new("t", values.len());
        for v in values {
            text.append_option(*v);
        }
        text.finish()
    }

    #[test]
    fn reads_as_the_values_appended() {
        let long = "青川区人口和计划生育服务中心";
        let other = "青川区财政国库支付中心";
        let values = [
            Some(long),
            Some(long),
            None,
            Some("短名"),
            Some(other),
            Some(long),
            Some(""),
            Some(other),
            None,
        ];
        let column = built(&values);
        let plain = StringChunked::new("t".into(), values);
        assert_eq!(column.len(), values.len());
        assert_eq!(column.null_count(), 2);
        assert!(column.equal_missing(&plain).all());
        // The views, buffers and validity pass polars' own checked constructor.
        for a in column.downcast_iter() {
            let (views, buffers, valid) = (a.views().clone(), a.data_buffers().clone(), a.validity().cloned());
            assert!(Utf8ViewArray::try_new(a.dtype().clone(), views, buffers, valid).is_ok());
        }
        assert_eq!(column.iter().collect::<Vec<_>>(), values);
    }

    #[test]
    fn a_repeated_long_value_keeps_its_bytes_once() {
        let long = "青川区人口和计划生育服务中心";
        let others: Vec<String> = (0..1000).map(|i| format!("{long}第{i}科")).collect();
        let mut values: Vec<Option<&str>> = Vec::new();
        for other in &others {
            values.extend([Some(long), Some(other.as_str()), Some(long)]);
        }
        let column = built(&values);
        let bytes: usize = column
            .downcast_iter()
            .map(|a| a.data_buffers().iter().map(|b| b.len()).sum::<usize>())
            .sum();
        let distinct: usize = long.len() + others.iter().map(String::len).sum::<usize>();
        assert_eq!(bytes, distinct);
        assert_eq!(column.iter().collect::<Vec<_>>(), values);
    }

    #[test]
    fn values_past_those_remembered_still_read_back() {
        let values: Vec<String> = (0..MOST_REMEMBERED + 50)
            .map(|i| format!("工作事项编号{i:08}"))
            .collect();
        let mut appended: Vec<Option<&str>> = values.iter().map(|v| Some(v.as_str())).collect();
        appended.extend(values.iter().rev().take(100).map(|v| Some(v.as_str())));
        let column = built(&appended);
        assert_eq!(column.iter().collect::<Vec<_>>(), appended);
    }
}
