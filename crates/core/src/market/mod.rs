//! Markets as Pilothouse sees them, whatever the venue: symbols, candle intervals, candles, the
//! trading rules of a symbol (tick size, step size, minimum notional), orders and their fills,
//! balances and positions — and the two ports every venue adapter implements, [`MarketData`]
//! and [`Execution`].
//!
//! Money is `rust_decimal::Decimal` throughout (design rule 3): prices, quantities, balances and
//! fees are exact, and stored and sent as text. Venue formats (Binance's arrays and enums) stay
//! inside their adapters and are mapped to these types by explicit `match`.

mod account;
mod bar;
mod budget;
mod candle;
mod error;
mod filters;
mod journal;
mod order;
mod outage;
mod ports;
mod replay;
mod symbol;

pub use account::{
    Account, AccountInput, AccountSpec, ConnectionReport, MAX_ACCOUNT_NAME, PaperSpec,
};
pub use bar::Bar;
pub use budget::VenueBudget;
pub use candle::{Candle, Interval, KlineRange, MAX_KLINES};
pub use error::ExchangeError;
pub use filters::SymbolFilters;
pub use journal::{OrderInput, OrderQuery, OrderRecord, ReconcileChange};
pub use order::{
    AccountPermissions, Balance, ClientOrderId, Fill, OrderKind, OrderReport, OrderRequest,
    OrderStatus, Position, Side,
};
pub use outage::MarketOutage;
pub use ports::{Execution, MarketData};
pub use replay::{ReplayTimeline, parse_candle_csv};
pub use symbol::{Symbol, SymbolInfo, Venue};
