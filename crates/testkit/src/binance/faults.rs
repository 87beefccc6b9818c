//! Failures a test schedules on the fake Binance: each applies to the next N requests that match
//! a method and path, then the server is healthy again, so a test proves an adapter both
//! survives the failure and recovers from it (rule 10: retryable, unknown outcome, fatal).

use std::time::Duration;

use axum::http::Method;

/// One way a request goes wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fault {
    /// 429 with `Retry-After` and a -1003 body; the request is not processed.
    RateLimited { retry_after: Duration },
    /// 418 (IP banned) with `Retry-After` and a -1003 body; the request is not processed.
    Banned { retry_after: Duration },
    /// A 5xx (500, 502, 503, 504) with a -1001 body; the request is not processed.
    ServerError { status: u16 },
    /// The request is processed normally, but the answer waits `delay` first.
    Slow { delay: Duration },
    /// No answer ever comes (until the server is dropped); the request is not processed. The
    /// client has to give up on its own timeout.
    Hang,
    /// The request IS processed (an order is placed), then answered with -1007 "Timeout waiting
    /// for response from backend server. Send status unknown; execution status unknown." and
    /// HTTP `status` (Binance has been seen answering 408; its docs say any 5xx may mean the
    /// same).
    UnknownOutcome { status: u16 },
    /// The request is processed, then answered 200 with its JSON cut in half.
    MalformedJson,
}

impl Fault {
    /// Whether the request still reaches the exchange (and changes its state) under this fault.
    pub fn processes_request(&self) -> bool {
        matches!(
            self,
            Self::Slow { .. } | Self::UnknownOutcome { .. } | Self::MalformedJson
        )
    }
}

/// Which requests a fault applies to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FaultTarget {
    method: Option<Method>,
    path: Option<String>,
}

impl FaultTarget {
    /// Every request.
    pub fn any() -> Self {
        Self::default()
    }

    /// Requests to exactly `path` (e.g. `/api/v3/order`), any method.
    pub fn path(path: &str) -> Self {
        Self {
            method: None,
            path: Some(path.to_owned()),
        }
    }

    /// Narrows the target to one method.
    pub fn method(mut self, method: Method) -> Self {
        self.method = Some(method);
        self
    }

    fn matches(&self, method: &Method, path: &str) -> bool {
        self.method.as_ref().is_none_or(|m| m == method)
            && self.path.as_deref().is_none_or(|p| p == path)
    }
}

#[derive(Debug, Clone)]
struct Rule {
    fault: Fault,
    target: FaultTarget,
    remaining: u32,
}

/// The scheduled faults, applied first-scheduled-first.
#[derive(Debug, Default)]
pub(crate) struct Faults {
    rules: Vec<Rule>,
}

impl Faults {
    pub fn schedule(&mut self, fault: Fault, target: FaultTarget, times: u32) {
        if times > 0 {
            self.rules.push(Rule {
                fault,
                target,
                remaining: times,
            });
        }
    }

    /// The fault for this request, if one is scheduled; uses up one of its repetitions.
    pub fn take(&mut self, method: &Method, path: &str) -> Option<Fault> {
        let index = self
            .rules
            .iter()
            .position(|rule| rule.target.matches(method, path))?;
        let rule = &mut self.rules[index];
        let fault = rule.fault.clone();
        rule.remaining -= 1;
        if rule.remaining == 0 {
            self.rules.remove(index);
        }
        Some(fault)
    }

    pub fn pending(&self) -> u32 {
        self.rules.iter().map(|rule| rule.remaining).sum()
    }

    pub fn clear(&mut self) {
        self.rules.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fault_applies_to_the_next_n_matching_requests_only() {
        let mut faults = Faults::default();
        faults.schedule(
            Fault::ServerError { status: 503 },
            FaultTarget::path("/api/v3/order").method(Method::POST),
            2,
        );
        assert_eq!(
            faults.take(&Method::GET, "/api/v3/order"),
            None,
            "other method"
        );
        assert_eq!(
            faults.take(&Method::POST, "/api/v3/time"),
            None,
            "other path"
        );
        for _ in 0..2 {
            assert_eq!(
                faults.take(&Method::POST, "/api/v3/order"),
                Some(Fault::ServerError { status: 503 })
            );
        }
        assert_eq!(faults.take(&Method::POST, "/api/v3/order"), None, "used up");
        assert_eq!(faults.pending(), 0);
    }
}
