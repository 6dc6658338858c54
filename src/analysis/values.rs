//! A column's values in one slice, read by row place: what the loops over a survey's million
//! rows read, with no call through a pointer and no chunk boundary per value.

use polars::prelude::*;
use std::borrow::Cow;

/// A numeric column in one chunk.
pub(super) struct Dense<'a, T: PolarsNumericType>(Cow<'a, ChunkedArray<T>>);

impl<'a, T: PolarsNumericType> Dense<'a, T> {
    pub fn new(ca: &'a ChunkedArray<T>) -> Self {
        Dense(ca.rechunk())
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// The values (anything where unknown), and whether the value at a place is known.
    pub fn parts(&self) -> (&[T::Native], impl Fn(usize) -> bool + '_) {
        let array = self.0.downcast_iter().next();
        let values = array.map(|a| a.values().as_slice()).unwrap_or(&[]);
        let validity = array.and_then(|a| a.validity());
        (values, move |i| validity.is_none_or(|v| v.get_bit(i)))
    }

    /// The value at `i`, `None` where unknown; a caller reading many rows takes [`Self::parts`].
    pub fn get(&self, i: usize) -> Option<T::Native> {
        let (values, known) = self.parts();
        known(i).then(|| values[i])
    }
}

/// `a > b` as polars compares numbers: NaN above every other number and equal to itself. The
/// hand-made passes over rows decide as the queries they replaced did.
#[inline]
pub(super) fn above(a: f64, b: f64) -> bool {
    match (a.is_nan(), b.is_nan()) {
        (true, false) => true,
        (_, true) => false,
        (false, false) => a > b,
    }
}

/// The order of numbers as polars sorts them: NaN above every other number, -0 equal to 0.
pub(super) fn number_order(a: f64, b: f64) -> std::cmp::Ordering {
    match (a.is_nan(), b.is_nan()) {
        (true, true) => std::cmp::Ordering::Equal,
        (true, false) => std::cmp::Ordering::Greater,
        (false, true) => std::cmp::Ordering::Less,
        (false, false) => a.partial_cmp(&b).unwrap_or(std::cmp::Ordering::Equal),
    }
}

/// Whether each row of `column` is known, in one chunk.
pub(super) struct Known(BooleanChunked);

impl Known {
    pub fn new(column: &Column) -> Self {
        Known(column.is_not_null().rechunk().into_owned())
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether the value at a place is known.
    pub fn at(&self) -> impl Fn(usize) -> bool + '_ {
        let bits = self.0.downcast_iter().next().map(|a| a.values());
        move |i| bits.is_some_and(|b| b.get_bit(i))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_read_across_chunks_by_place() {
        let mut a = Float64Chunked::from_slice_options("a".into(), &[Some(1.0), None]);
        a.append(&Float64Chunked::from_slice_options("a".into(), &[Some(3.0)]))
            .unwrap();
        assert_eq!(a.chunks().len(), 2);
        let dense = Dense::new(&a);
        assert_eq!(
            (0..3).map(|i| dense.get(i)).collect::<Vec<_>>(),
            [Some(1.0), None, Some(3.0)]
        );
        let known = Known::new(&a.into_column());
        assert_eq!((0..3).map(known.at()).collect::<Vec<_>>(), [true, false, true]);
    }

    #[test]
    fn nan_is_above_every_number_as_in_polars() {
        assert!(above(f64::NAN, f64::INFINITY) && !above(f64::NAN, f64::NAN) && !above(1.0, f64::NAN));
        assert!(above(2.0, 1.0) && !above(1.0, 1.0));
        let nan = -(f64::INFINITY - f64::INFINITY);
        assert_eq!(number_order(nan, f64::INFINITY), std::cmp::Ordering::Greater);
        assert_eq!(number_order(-0.0, 0.0), std::cmp::Ordering::Equal);
        // As the queries these passes replaced compared.
        let s = Float64Chunked::from_slice("a".into(), &[f64::NAN, 1.0]);
        assert_eq!(s.gt(0.5).iter().collect::<Vec<_>>(), [Some(true), Some(true)]);
    }

    #[test]
    fn an_empty_column_has_no_values() {
        let a = Float64Chunked::from_slice("a".into(), &[]);
        assert_eq!(Dense::new(&a).len(), 0);
        assert_eq!(Dense::new(&a).parts().0.len(), 0);
    }
}
