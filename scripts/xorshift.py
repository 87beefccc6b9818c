"""The xorshift64 (13, 7, 17) generator the Rust benchmarks use (crates/core/benches/common), so
the Python reference scripts time TA-Lib and backtesting.py on the very same series."""

SEED = 0x9E3779B97F4A7C15
MASK = (1 << 64) - 1


def uniform_source(state=SEED):
    """A function returning uniform doubles in [0, 1) from the top 53 bits, as the Rust does."""

    def uniform():
        nonlocal state
        x = state
        x ^= (x << 13) & MASK
        x ^= x >> 7
        x ^= (x << 17) & MASK
        state = x
        return (x >> 11) * (1.0 / 9007199254740992.0)

    return uniform
