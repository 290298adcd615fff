//! Integer percentages that add up: the largest-remainder (Hamilton) method.
//!
//! Charts show whole percentages, and the parts of a 100% bar must sum to exactly 100.
//! Rounding each part on its own can give 99 or 101; this method floors every part and hands
//! the missing points to the parts with the largest remainders. Ties go to the earlier part,
//! so the result is deterministic.

/// Whole percentages for `values` (counts or weighted counts) that sum to exactly 100, or all
/// zeros when the values sum to zero.
pub fn largest_remainder(values: &[f64]) -> Vec<u32> {
    apportion(values, 100)
}

/// Splits `total` whole units over `values` in proportion, by largest remainder.
pub fn apportion(values: &[f64], total: u32) -> Vec<u32> {
    let sum: f64 = values.iter().filter(|v| v.is_finite() && **v > 0.0).sum();
    if sum <= 0.0 {
        return vec![0; values.len()];
    }
    let quotas: Vec<f64> = values
        .iter()
        .map(|&v| {
            if v.is_finite() && v > 0.0 {
                v / sum * f64::from(total)
            } else {
                0.0
            }
        })
        .collect();
    let mut parts: Vec<u32> = quotas.iter().map(|q| q.floor() as u32).collect();
    let given: u32 = parts.iter().sum();
    let mut order: Vec<usize> = (0..values.len()).collect();
    // Largest remainder first; among equal remainders the earlier part.
    crate::sort::stable_by(&mut order, |&a, &b| {
        let ra = quotas[a] - quotas[a].floor();
        let rb = quotas[b] - quotas[b].floor();
        rb.total_cmp(&ra).then(a.cmp(&b))
    });
    for &i in order.iter().take(total.saturating_sub(given) as usize) {
        parts[i] += 1;
    }
    parts
}

/// A share rounded half up to a whole percentage, as printed reports do for a single figure.
pub fn percent_half_up(numerator: f64, base: f64) -> u32 {
    if base <= 0.0 {
        return 0;
    }
    (numerator / base * 100.0 + 0.5 + 1e-9).floor() as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_that_round_to_101_are_brought_back_to_100() {
        // Each rounds up on its own: 33.5 + 33.5 + 33.0 = 100 but round() gives 34 + 34 + 33.
        assert_eq!(largest_remainder(&[33.5, 33.5, 33.0]), vec![34, 33, 33]);
        assert_eq!(largest_remainder(&[1.0, 1.0, 1.0]), vec![34, 33, 33]);
    }

    #[test]
    fn exact_shares_stay_exact_and_zero_bases_give_zeros() {
        assert_eq!(largest_remainder(&[25.0, 50.0, 25.0]), vec![25, 50, 25]);
        assert_eq!(largest_remainder(&[0.0, 0.0]), vec![0, 0]);
        assert_eq!(largest_remainder(&[]), Vec::<u32>::new());
    }

    #[test]
    fn the_largest_remainders_get_the_missing_points() {
        // 1601 respondents: 1000 / 400 / 201 → 62.46 / 24.98 / 12.55 → floors 62+24+12 = 98.
        assert_eq!(largest_remainder(&[1000.0, 400.0, 201.0]), vec![62, 25, 13]);
    }

    #[test]
    fn half_up_rounding_of_single_figures() {
        assert_eq!(percent_half_up(1457.0, 1601.0), 91);
        assert_eq!(percent_half_up(1.0, 8.0), 13);
        assert_eq!(percent_half_up(5.0, 0.0), 0);
    }
}
