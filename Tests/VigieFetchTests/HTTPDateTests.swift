import Foundation
import Testing

@testable import VigieFetch

/// HTTP-dates as RFC 9110 §5.6.7 defines them: the three forms, and nothing else.
@Suite struct HTTPDateTests {
    /// 1994-11-06 08:49:37 UTC, the RFC's example.
    static let example = Date(timeIntervalSince1970: 784_111_777)
    static let now = Date(timeIntervalSince1970: 1_764_806_400)  // 2025-12-04 00:00:00 UTC

    @Test(arguments: [
        "Sun, 06 Nov 1994 08:49:37 GMT",  // IMF-fixdate
        "Sunday, 06-Nov-94 08:49:37 GMT",  // obsolete RFC 850
        "Sun Nov  6 08:49:37 1994",  // obsolete asctime
        "Sun Nov 06 08:49:37 1994",  // asctime with a zero-padded day
    ])
    func theThreeFormsOfTheRFCExampleAreOneInstant(text: String) {
        #expect(HTTPDate.parse(text, now: Self.now) == Self.example)
    }

    @Test(arguments: [
        ("Thu, 01 Jan 1970 00:00:00 GMT", 0.0),
        ("Tue, 29 Feb 2000 23:59:59 GMT", 951_868_799),
        ("Fri, 31 Dec 9999 23:59:59 GMT", 253_402_300_799),
        ("Wed, 31 Dec 2025 23:59:60 GMT", 1_767_225_600),  // a leap second is the next minute's first
    ])
    func imfFixdates(text: String, seconds: Double) {
        #expect(HTTPDate.parse(text, now: Self.now) == Date(timeIntervalSince1970: seconds))
    }

    /// A two-digit year more than 50 years in the future is the most recent past year with those digits.
    @Test(arguments: [
        ("Thursday, 04-Dec-75 00:00:00 GMT", 2075),  // 50 years ahead to the day: still this century
        ("Friday, 04-Dec-75 00:00:01 GMT", 1975),  // a second more than 50 years ahead
        ("Monday, 01-Jan-99 00:00:00 GMT", 1999),
        ("Tuesday, 01-Jan-30 00:00:00 GMT", 2030),
        ("Saturday, 01-Jan-00 00:00:00 GMT", 2000),
    ])
    func rfc850YearsArePlacedAroundNow(text: String, year: Int) throws {
        let date = try #require(HTTPDate.parse(text, now: Self.now))
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        #expect(calendar.component(.year, from: date) == year)
    }

    @Test(arguments: [
        "",
        "120",
        "Sun, 06 Nov 1994 08:49:37",  // no GMT
        "Sun, 06 Nov 1994 08:49:37 UTC",  // only GMT
        "Sun, 06 Nov 1994 08:49:37 gmt",  // case-sensitive
        "sun, 06 Nov 1994 08:49:37 GMT",
        "Sun, 06 nov 1994 08:49:37 GMT",
        "Sun, 6 Nov 1994 08:49:37 GMT",  // IMF-fixdate days have two digits
        "Sun, 06 Nov 94 08:49:37 GMT",  // and years four
        "Sun,  06 Nov 1994 08:49:37 GMT",
        " Sun, 06 Nov 1994 08:49:37 GMT",
        "Sun, 06 Nov 1994 08:49:37 GMT ",
        "Sun, 06 Nov 1994 08:49 GMT",
        "Sun, 06 Nov 1994 8:49:37 GMT",
        "Sun, 06 Nov 1994 08:49:37 +0000",  // RFC 5322, not HTTP
        "Sun, 06 Nov 1994 08:49:37 GMT+1",
        "Sunday, 06 Nov 1994 08:49:37 GMT",
        "Sun, 06-Nov-94 08:49:37 GMT",  // RFC 850 needs the long day name
        "Sunday, 06-Nov-1994 08:49:37 GMT",
        "Sun Nov 6 08:49:37 1994",  // asctime pads the day to two characters
        "Sun Nov  6 08:49:37 1994 GMT",
        "1994-11-06T08:49:37Z",  // ISO 8601
        "Sun, 31 Nov 1994 08:49:37 GMT",  // no such day
        "Tue, 29 Feb 2100 00:00:00 GMT",  // 2100 is not a leap year
        "Sun, 00 Nov 1994 08:49:37 GMT",
        "Sun, 06 Nov 1994 24:00:00 GMT",
        "Sun, 06 Nov 1994 08:60:00 GMT",
        "Sun, 06 Nov 1994 08:49:61 GMT",
        "Sun, 06 Nov 1994 08:49:37 GMTX",
        "Sun, ０6 Nov 1994 08:49:37 GMT",  // non-ASCII digits
    ])
    func anythingElseIsRejected(text: String) {
        #expect(HTTPDate.parse(text, now: Self.now) == nil)
    }

    @Test func daysAndDatesRoundTripOverFourCenturies() {
        for days in stride(from: -146_097, through: 146_097 * 2, by: 97) {
            let date = HTTPDate.civil(days)
            #expect(HTTPDate.daysSinceEpoch(year: date.year, month: date.month, day: date.day) == days)
        }
    }
}
