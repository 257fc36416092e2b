import Foundation
import Testing

@testable import VigieDeliver

@Suite struct HTTPAnswerTests {
    private func answer(_ status: Int, retryAfter: String?) -> HTTPAnswer {
        HTTPAnswer(status: status, headers: retryAfter.map { ["retry-after": $0] } ?? [:], body: [])
    }

    @Test(
        arguments: [
            ("120", 120.0),
            (" 0 ", 0),
            ("Sun, 01 Mar 2026 10:05:00 GMT", 300),
            ("Sunday, 01-Mar-26 11:00:00 GMT", 3600),
            ("Sun Mar  1 10:00:30 2026", 30),
            ("Sun, 01 Mar 2026 09:00:00 GMT", 0),
            ("99999999999999999999999", Double(Int.max)),
        ] as [(String, Double)])
    func retryAfterIsDelaySecondsOrAnHTTPDateFromNow(value: String, seconds: Double) {
        #expect(answer(503, retryAfter: value).retryAfter(now: Sample.now) == seconds)
    }

    @Test(arguments: ["-5", "1.5", "soon", "", "Sun, 01 Mar 2026 10:05:00 UTC", "+5"])
    func anythingElseAsksNoDelay(value: String) {
        #expect(answer(429, retryAfter: value).retryAfter(now: Sample.now) == nil)
    }

    @Test func anEmptyBodyMakesAShortReason() {
        #expect(answer(404, retryAfter: nil).outcome(now: Sample.now) == .permanent("HTTP 404"))
        #expect(answer(410, retryAfter: nil).outcome(now: Sample.now) == .disable("HTTP 410"))
        #expect(answer(429, retryAfter: "60").outcome(now: Sample.now) == .retry(after: 60, reason: "HTTP 429"))
        #expect(answer(101, retryAfter: nil).outcome(now: Sample.now) == .retry(after: nil, reason: "HTTP 101"))
    }
}
