import Foundation
import Testing

@testable import VigieFeeds

/// RFC 822 / 1123 / 2822 dates and the variants feeds actually publish.
private let rfc822Cases: [(String, String)] = [
    ("Mon, 05 Jan 2004 12:00:00 GMT", "2004-01-05T12:00:00Z"),
    ("Mon, 5 Jan 2004 12:00:00 GMT", "2004-01-05T12:00:00Z"),
    ("5 Jan 2004 12:00:00 GMT", "2004-01-05T12:00:00Z"),
    ("Monday, 05 Jan 2004 12:00:00 GMT", "2004-01-05T12:00:00Z"),
    ("Monday 05 Jan 2004 12:00:00 GMT", "2004-01-05T12:00:00Z"),
    ("Mon 05 January 2004 12:00:00 GMT", "2004-01-05T12:00:00Z"),
    ("mon, 05 JAN 2004 12:00:00 gmt", "2004-01-05T12:00:00Z"),
    ("Mon, 05 Jan 04 12:00:00 GMT", "2004-01-05T12:00:00Z"),
    ("Sun, 06 Nov 94 08:49:37 GMT", "1994-11-06T08:49:37Z"),
    ("Fri, 31 Dec 49 23:59:59 GMT", "2049-12-31T23:59:59Z"),
    ("Sun, 01 Jan 50 00:00:00 GMT", "1950-01-01T00:00:00Z"),
    ("Mon, 05 Jan 2004 12:00 GMT", "2004-01-05T12:00:00Z"),
    ("Mon,05 Jan 2004 12:00:00 GMT", "2004-01-05T12:00:00Z"),
    ("Mon, 05 Jan 2004, 12:00:00 GMT", "2004-01-05T12:00:00Z"),
    ("Mon,,  05  Jan  2004   12:00:00  GMT", "2004-01-05T12:00:00Z"),
    ("Mon, 05Jan2004 12:00:00GMT", "2004-01-05T12:00:00Z"),
    ("Mon, 05 Jan 2004 12:00:00", "2004-01-05T12:00:00Z"),
    ("Mon, 05 Jan 2004", "2004-01-05T00:00:00Z"),
    ("Jan 5, 2004", "2004-01-05T00:00:00Z"),
    ("January 5th, 2004", "2004-01-05T00:00:00Z"),
    ("2004 Jan 05 12:00", "2004-01-05T12:00:00Z"),
    ("Monday, 05-Jan-04 12:00:00 GMT", "2004-01-05T12:00:00Z"),
    ("Mon Jan  5 12:00:00 2004", "2004-01-05T12:00:00Z"),
    ("Mon Jan 05 12:00:00 2004", "2004-01-05T12:00:00Z"),
    ("Monday, January 5, 2004 12:00 PM", "2004-01-05T12:00:00Z"),
    ("5 Jan 2004 3:04 pm", "2004-01-05T15:04:00Z"),
    ("5 Jan 2004 3:04 AM", "2004-01-05T03:04:00Z"),
    ("January 5, 2004 12:30 AM", "2004-01-05T00:30:00Z"),
    ("Jan 5, 2004 11:59:59 pm", "2004-01-05T23:59:59Z"),
    ("Mon, 05 Jan 2004 12:00:60 GMT", "2004-01-05T12:00:59Z"),
    ("\u{00A0}Mon, 05 Jan 2004 12:00:00\u{00A0}GMT\n", "2004-01-05T12:00:00Z"),
    ("\tMon, 05 Jan 2004 12:00:00\u{202F}GMT\t", "2004-01-05T12:00:00Z"),
    ("Mar 5, 2004", "2004-03-05T00:00:00Z"),
    ("Tuesday, December 5, 2023 at 10:00 AM", "2023-12-05T10:00:00Z"),
]

/// Zones after "Mon, 05 Jan 2004 12:00:00 ", with the instant they give.
private let zoneCases: [(String, String)] = [
    ("UT", "2004-01-05T12:00:00Z"), ("GMT", "2004-01-05T12:00:00Z"), ("UTC", "2004-01-05T12:00:00Z"),
    ("Z", "2004-01-05T12:00:00Z"),
    ("EST", "2004-01-05T17:00:00Z"), ("EDT", "2004-01-05T16:00:00Z"),
    ("CST", "2004-01-05T18:00:00Z"), ("CDT", "2004-01-05T17:00:00Z"),
    ("MST", "2004-01-05T19:00:00Z"), ("MDT", "2004-01-05T18:00:00Z"),
    ("PST", "2004-01-05T20:00:00Z"), ("PDT", "2004-01-05T19:00:00Z"),
    ("CET", "2004-01-05T11:00:00Z"), ("CEST", "2004-01-05T10:00:00Z"),
    ("BST", "2004-01-05T11:00:00Z"), ("MET", "2004-01-05T11:00:00Z"), ("MEST", "2004-01-05T10:00:00Z"),
    ("EET", "2004-01-05T10:00:00Z"), ("EEST", "2004-01-05T09:00:00Z"),
    ("WET", "2004-01-05T12:00:00Z"), ("WEST", "2004-01-05T11:00:00Z"),
    ("JST", "2004-01-05T03:00:00Z"), ("KST", "2004-01-05T03:00:00Z"), ("IST", "2004-01-05T06:30:00Z"),
    ("HKT", "2004-01-05T04:00:00Z"), ("SGT", "2004-01-05T04:00:00Z"),
    ("AEST", "2004-01-05T02:00:00Z"), ("AEDT", "2004-01-05T01:00:00Z"),
    ("NZST", "2004-01-05T00:00:00Z"), ("NZDT", "2004-01-04T23:00:00Z"),
    ("+0200", "2004-01-05T10:00:00Z"), ("-05:00", "2004-01-05T17:00:00Z"), ("+2", "2004-01-05T10:00:00Z"),
    ("+0530", "2004-01-05T06:30:00Z"), ("-0000", "2004-01-05T12:00:00Z"),
    ("GMT+2", "2004-01-05T10:00:00Z"), ("GMT+02:00", "2004-01-05T10:00:00Z"), ("UTC-5", "2004-01-05T17:00:00Z"),
    ("GMT -0500", "2004-01-05T17:00:00Z"),
    ("A", "2004-01-05T12:00:00Z"), ("N", "2004-01-05T12:00:00Z"), ("y", "2004-01-05T12:00:00Z"),
]

/// RFC 3339, W3CDTF and ISO 8601, extended and basic, and the numeric forms close to them.
private let isoCases: [(String, String)] = [
    ("2004", "2004-01-01T00:00:00Z"),
    ("2004-01", "2004-01-01T00:00:00Z"),
    ("2004-01-05", "2004-01-05T00:00:00Z"),
    ("2004-01-05T12:00Z", "2004-01-05T12:00:00Z"),
    ("2004-01-05T12:00:00Z", "2004-01-05T12:00:00Z"),
    ("2004-01-05t12:00:00z", "2004-01-05T12:00:00Z"),
    ("2004-01-05T12:00:00.5Z", "2004-01-05T12:00:00Z"),
    ("2004-01-05T12:00:00.999999999Z", "2004-01-05T12:00:00Z"),
    ("2004-01-05T12:00:00+01:00", "2004-01-05T11:00:00Z"),
    ("2004-01-05T12:00:00-0500", "2004-01-05T17:00:00Z"),
    ("2004-01-05T12:00:00+05", "2004-01-05T07:00:00Z"),
    ("2004-01-05T12:00+01:00", "2004-01-05T11:00:00Z"),
    ("2004-01-05T12:00:00 UTC", "2004-01-05T12:00:00Z"),
    ("2004-01-05 12:00:00Z", "2004-01-05T12:00:00Z"),
    ("2004-01-05 12:00:00 +0000", "2004-01-05T12:00:00Z"),
    ("2004-01-05 12:00:00", "2004-01-05T12:00:00Z"),
    ("  2004-01-05T12:00:00Z  ", "2004-01-05T12:00:00Z"),
    ("20040105T120000Z", "2004-01-05T12:00:00Z"),
    ("20040105T1200Z", "2004-01-05T12:00:00Z"),
    ("20040105T120000.250+0100", "2004-01-05T11:00:00Z"),
    ("20040105", "2004-01-05T00:00:00Z"),
    ("2004/01/05 12:00", "2004-01-05T12:00:00Z"),
    ("2004/1/5", "2004-01-05T00:00:00Z"),
    ("2004-01-05T23:59:60Z", "2004-01-05T23:59:59Z"),
    ("2004-01-05T00:30:00+01:00", "2004-01-04T23:30:00Z"),
    ("1999-12-31T23:30:00-01:00", "2000-01-01T00:30:00Z"),
    ("2004-01-05T12:00:00+14:00", "2004-01-04T22:00:00Z"),
    ("1969-07-20T20:17:40Z", "1969-07-20T20:17:40Z"),
    ("1000-01-01T00:00:00Z", "1000-01-01T00:00:00Z"),
    ("9999-12-31T23:59:59Z", "9999-12-31T23:59:59Z"),
    ("2024-02-29", "2024-02-29T00:00:00Z"),
    ("2000-02-29", "2000-02-29T00:00:00Z"),
]

/// Broken forms seen in real feeds that still name one instant.
private let brokenCases: [(String, String)] = [
    ("Mon, 5 Jan 2004 12:00:00 GMT GMT", "2004-01-05T12:00:00Z"),
    ("Mon, 5 Jan 2004 12:00:00 (PST)", "2004-01-05T12:00:00Z"),
    ("Sun, 23 Feb 2020 10:00:00 +0000 (UTC)", "2020-02-23T10:00:00Z"),
    ("Mon, 5 Jan 2004 12:00:00 -0800 (PST)", "2004-01-05T20:00:00Z"),
    ("Mon, 5 Jan 2004 12:00:00 GMT (Pacific (nested) time)", "2004-01-05T12:00:00Z"),
    ("Mon, 5 Jan 2004 12:00:00 +0100 CET", "2004-01-05T11:00:00Z"),
    ("Mon, 5 Jan 2004 12:00:00 EST +0100", "2004-01-05T17:00:00Z"),
    ("05.01.2004 12:00", "2004-01-05T12:00:00Z"),
    ("5.1.2004", "2004-01-05T00:00:00Z"),
    ("05.01.04", "2004-01-05T00:00:00Z"),
]

/// French, German and Spanish names, with and without accents, abbreviated with and without dots.
private let foreignCases: [(String, String)] = [
    ("lun., 05 janv. 2004 12:00:00 +0100", "2004-01-05T11:00:00Z"),
    ("mardi 5 décembre 2023 10:00", "2023-12-05T10:00:00Z"),
    ("5 décembre 2023", "2023-12-05T00:00:00Z"),
    ("5 decembre 2023", "2023-12-05T00:00:00Z"),
    ("MARDI 5 DÉCEMBRE 2023", "2023-12-05T00:00:00Z"),
    ("1er décembre 2023", "2023-12-01T00:00:00Z"),
    ("jeudi 1er février 2024 à 14:00", "2024-02-01T14:00:00Z"),
    ("12 févr. 2024", "2024-02-12T00:00:00Z"),
    ("14 juil. 2023 08:30", "2023-07-14T08:30:00Z"),
    ("15 août 2023", "2023-08-15T00:00:00Z"),
    ("25 déc. 2023", "2023-12-25T00:00:00Z"),
    ("Di, 05 Dez 2023 10:00:00 +0100", "2023-12-05T09:00:00Z"),
    ("Dienstag, 5. Dezember 2023 10:00", "2023-12-05T10:00:00Z"),
    ("5. März 2024", "2024-03-05T00:00:00Z"),
    ("Do, 14 Mär 2024 08:00:00 +0100", "2024-03-14T07:00:00Z"),
    ("Di, 31 Okt 2023 10:00:00 MEZ", "2023-10-31T09:00:00Z"),
    ("1. Mai 2024", "2024-05-01T00:00:00Z"),
    ("Mittwoch, 6. Dez. 2023 um 10:00 Uhr", "2023-12-06T10:00:00Z"),
    ("am 6. Dezember 2023", "2023-12-06T00:00:00Z"),
    ("mar, 05 dic 2023 10:00:00 +0100", "2023-12-05T09:00:00Z"),
    ("martes, 5 de diciembre de 2023 10:00", "2023-12-05T10:00:00Z"),
    ("Mié, 06 Dic 2023", "2023-12-06T00:00:00Z"),
    ("lunes, 1 de enero de 2024", "2024-01-01T00:00:00Z"),
    ("mié, 10 abr 2024 10:00:00 +0200", "2024-04-10T08:00:00Z"),
    ("15 ago 2023", "2023-08-15T00:00:00Z"),
    ("sábado, 2 de marzo de 2024 18:30", "2024-03-02T18:30:00Z"),
]

/// Texts that are not dates, or name a day or time that does not exist.
private let invalidCases: [String] = [
    "", "   ", "yesterday", "now", "N/A", "12345", "0", "1073304000", "1073304000123",
    "Monday", "12:00", "5 Jan", "Jan 2004", "05/01/2004", "01/05/2004", "2004.01.05",
    "2004-13-01", "2004-00-10", "2004-01-32", "2004-01-00", "2023-02-29", "1900-02-29", "2100-02-29",
    "2004-04-31", "Mon, 32 Jan 2004 12:00:00 GMT", "30 Feb 2024", "Mon, 13 Foo 2004 12:00:00 GMT",
    "2004-01-05T25:00:00Z", "2004-01-05T24:00:00Z", "2004-01-05T12:60:00Z", "2004-01-05T12:00:61Z",
    "2004-01-05T12:5:00Z", "2004-01-05T", "2004-01-05-05:00", "2004-01-05T12:00:00+25:00",
    "0999-01-01", "Mon, 05 Jan 0999 12:00 GMT", "Mon, 05 Jan 999 12:00 GMT",
    "5 Jan 2004 13:00 PM", "5 Jan 2004 0:30 am", "Mon, 05 Jan 2004 12:00:00 GMT extra",
    "2004-01-05T12:00:00Zjunk", "Jan 5 2004 12:00 12:00", "5 Jan 2004 Feb", "-2004-01-05", "05-01-2004",
    "Mon, 05 Jan 2004 12:00:00 Europe/Paris", "3 days ago", "20040105T1200.5Z",
]

@Suite struct DateParserTests {
    @Test(arguments: rfc822Cases)
    func parsesRFC822Variants(text: String, expected: String) {
        #expect(DateParser.parse(text).map(DateParser.rfc3339) == expected)
    }

    @Test(arguments: zoneCases)
    func appliesZone(zone: String, expected: String) {
        let date = DateParser.parse("Mon, 05 Jan 2004 12:00:00 \(zone)")
        #expect(date.map(DateParser.rfc3339) == expected)
    }

    @Test(arguments: isoCases)
    func parsesISO8601Forms(text: String, expected: String) {
        #expect(DateParser.parse(text).map(DateParser.rfc3339) == expected)
    }

    @Test(arguments: brokenCases)
    func toleratesBrokenForms(text: String, expected: String) {
        #expect(DateParser.parse(text).map(DateParser.rfc3339) == expected)
    }

    @Test(arguments: foreignCases)
    func parsesFrenchGermanAndSpanishNames(text: String, expected: String) {
        #expect(DateParser.parse(text).map(DateParser.rfc3339) == expected)
    }

    @Test(arguments: invalidCases)
    func rejectsNonDates(text: String) {
        #expect(DateParser.parse(text) == nil)
    }

    @Test func keepsMilliseconds() throws {
        let date = try #require(DateParser.parse("2004-01-05T12:00:00.123456Z"))
        #expect((date.timeIntervalSince1970 * 1_000).rounded() == 1_073_304_000_123)
        let comma = try #require(DateParser.parse("2004-01-05T12:00:00,5+01:00"))
        #expect((comma.timeIntervalSince1970 * 1_000).rounded() == 1_073_300_400_500)
    }

    @Test(arguments: [
        (1_701_770_400.0, "2023-12-05T10:00:00Z"),
        (1_701_770_400.999, "2023-12-05T10:00:00Z"),
        (0, "1970-01-01T00:00:00Z"),
        (-1, "1969-12-31T23:59:59Z"),
        (-0.5, "1969-12-31T23:59:59Z"),
        (951_782_400, "2000-02-29T00:00:00Z"),
        (253_402_300_799, "9999-12-31T23:59:59Z"),
        (1e15, "9999-12-31T23:59:59Z"),
        (-1e15, "0001-01-01T00:00:00Z"),
    ])
    func formatsInUTC(interval: Double, rfc3339: String) {
        #expect(DateParser.rfc3339(Date(timeIntervalSince1970: interval)) == rfc3339)
    }

    @Test(arguments: [
        (1_701_770_400.0, "Tue, 05 Dec 2023 10:00:00 GMT"),
        (0, "Thu, 01 Jan 1970 00:00:00 GMT"),
        (-1, "Wed, 31 Dec 1969 23:59:59 GMT"),
        (951_782_400, "Tue, 29 Feb 2000 00:00:00 GMT"),
        (253_402_300_799, "Fri, 31 Dec 9999 23:59:59 GMT"),
    ])
    func parsesIMFFixdates(interval: Double, text: String) {
        #expect(DateParser.parse(text) == Date(timeIntervalSince1970: interval))
    }

    @Test(arguments: [-2_208_988_800.0, -1, 0, 951_782_400, 1_073_304_000, 1_701_770_400, 4_102_444_799])
    func rfc3339RoundTrips(interval: Double) {
        let date = Date(timeIntervalSince1970: interval)
        #expect(DateParser.parse(DateParser.rfc3339(date)) == date)
    }

    @Test func civilConversionsAreInverse() {
        for days in stride(from: -800_000, through: 3_000_000, by: 997) {
            let civil = DateParser.civilFromDays(days)
            #expect(DateParser.daysFromCivil(year: civil.year, month: civil.month, day: civil.day) == days)
        }
        #expect(DateParser.daysFromCivil(year: 1970, month: 1, day: 1) == 0)
        #expect(DateParser.daysFromCivil(year: 2000, month: 3, day: 1) == 11_017)
    }
}
