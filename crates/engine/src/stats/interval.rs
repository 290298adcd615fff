//! Confidence intervals for percentages: the Wilson score interval.
//!
//! Wilson (1927) keeps the interval inside 0–100% and behaves well for small bases and for
//! shares near 0 or 100%, where the textbook normal ("Wald") interval fails. For weighted data
//! the base is Kish's effective sample size `(Σw)² / Σw²` of the respondents in the base, with
//! the weighted share: the usual design-effect approximation, exact for equal weights.

use statrs::distribution::{ContinuousCDF, Normal};

/// The normal quantile for a two-sided interval of `level` (e.g. 0.95 → 1.959964).
pub fn z_for(level: f64) -> f64 {
    let normal = Normal::standard();
    normal.inverse_cdf(0.5 + level / 2.0)
}

/// The Wilson score interval for a share `p` (0–1) on a base of `n` (effective) respondents,
/// with normal quantile `z`; `(0, 0)` when the base is empty.
pub fn wilson(p: f64, n: f64, z: f64) -> (f64, f64) {
    if n.is_nan() || n <= 0.0 || !p.is_finite() {
        return (0.0, 0.0);
    }
    let p = p.clamp(0.0, 1.0);
    let z2 = z * z;
    let denominator = 1.0 + z2 / n;
    let centre = (p + z2 / (2.0 * n)) / denominator;
    let half = z * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt() / denominator;
    // At p = 0 (or 1) the bound is exactly 0 (or 1); keep it so rather than a rounding error.
    let low = if p == 0.0 {
        0.0
    } else {
        (centre - half).max(0.0)
    };
    let high = if p == 1.0 {
        1.0
    } else {
        (centre + half).min(1.0)
    };
    (low, high)
}

/// The 95% Wilson interval as percentages (0–100).
pub fn wilson95_percent(p: f64, n: f64) -> (f64, f64) {
    let (low, high) = wilson(p, n, z_for(0.95));
    (low * 100.0, high * 100.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_interval_stays_within_zero_and_one_at_the_extremes() {
        let (low, high) = wilson(0.0, 10.0, z_for(0.95));
        assert_eq!(low, 0.0);
        assert!(high > 0.2 && high < 0.35);
        let (low, high) = wilson(1.0, 10.0, z_for(0.95));
        assert!(low > 0.65 && low < 0.8);
        assert_eq!(high, 1.0);
        assert_eq!(wilson(0.5, 0.0, 1.96), (0.0, 0.0));
    }

    #[test]
    fn the_95_percent_quantile_is_the_familiar_one() {
        assert!((z_for(0.95) - 1.959_963_984_540_054).abs() < 1e-9);
    }
}
