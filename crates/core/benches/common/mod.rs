//! The seeded generator the benches share with `scripts/xorshift.py`, so the Python reference
//! timings (TA-Lib, backtesting.py) run on the very same series.

/// The seed of every series the benches generate.
pub const SEED: u64 = 0x9E37_79B9_7F4A_7C15;

/// xorshift64 (13, 7, 17).
pub struct XorShift(pub u64);

impl XorShift {
    /// Uniform in [0, 1) from the top 53 bits.
    pub fn uniform(&mut self) -> f64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        (x >> 11) as f64 * (1.0 / 9_007_199_254_740_992.0)
    }
}
