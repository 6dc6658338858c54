//! Parameters inlined as literals, each with a comment naming it, so the statements carry the
//! figures they were made with.

/// `x` as a DOUBLE literal in both dialects, named. Scientific notation is a double in DuckDB
/// and Spark alike (a plain `0.6` is a decimal), and Rust writes the shortest digits that read
/// back as the same double: the engine computes with the very value satlas used.
pub(super) fn num(x: f64, name: &str) -> String {
    debug_assert!(x.is_finite() && !name.contains("*/"));
    format!("{x:e} /* {name} */")
}

/// A code (band, period) as a string literal: codes are plain ASCII words.
pub(super) fn code(c: &str) -> String {
    debug_assert!(c.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'));
    format!("'{c}'")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doubles_read_back_exactly() {
        for x in [1840.0, 0.6, 0.1, 49.6, 1.0 / 3.0, 0.0, 1e-7, 2208.0000000000005] {
            let text = num(x, "x");
            let digits = text.split(' ').next().unwrap();
            assert!(digits.contains('e'), "{text}");
            assert_eq!(digits.parse::<f64>().unwrap().to_bits(), x.to_bits(), "{text}");
        }
    }
}
