import Foundation
import VigieFetch

/// A receiver's answer to an ``HTTPPost``: its status, header fields and (the start of) its body; and what it means
/// for the delivery.
struct HTTPAnswer: Equatable {
    /// The status code.
    var status: Int
    /// The header fields, names lower-cased; a repeated field keeps its last value.
    var headers: [String: String]
    /// The body, at most ``PostHandle/maxBody`` bytes of it.
    var body: [UInt8]

    /// How much of the body a reason quotes, in characters.
    static let quoteLimit = 200

    /// The delivery's outcome: 2xx delivered; 410 disable; 429 and 503 retry when `Retry-After` says (relative to
    /// `now`); another 4xx permanent; anything else (1xx, 3xx, 5xx) retry with no delay asked. The body quoted in
    /// a reason has each of `secrets` replaced first (before it is cut, so no piece of one is left at the end).
    func outcome(now: Date, hiding secrets: [String] = []) -> DeliveryOutcome {
        let reason = reason(hiding: secrets)
        switch status {
        case 200...299: return .delivered("HTTP \(status)")
        case 410: return .disable(reason)
        case 429, 503: return .retry(after: retryAfter(now: now), reason: reason)
        case 400...499: return .permanent(reason)
        default: return .retry(after: nil, reason: reason)
        }
    }

    /// `HTTP nnn: <the start of the body, whitespace collapsed>`, or `HTTP nnn` for an empty body; each of
    /// `secrets` in the body replaced by `[redacted]`.
    func reason(hiding secrets: [String] = []) -> String {
        let quote = String(decoding: body, as: UTF8.self).redacting(secrets).snippet(limit: Self.quoteLimit)
        return quote.isEmpty ? "HTTP \(status)" : "HTTP \(status): \(quote)"
    }

    /// The delay `Retry-After` asks for, in seconds from `now` (0 for a date already past): delay-seconds or an
    /// HTTP-date; `nil` when the field is absent or neither.
    func retryAfter(now: Date) -> TimeInterval? {
        guard let value = headers["retry-after"]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else {
            return nil
        }
        if value.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) {
            // A number too large for an Int is still "a long time": the most an Int holds.
            return TimeInterval(Int(value) ?? Int.max)
        }
        guard let date = HTTPDate.parse(value, now: now) else { return nil }
        return max(0, date.timeIntervalSince(now))
    }
}
