import Foundation

/// Parses the dates found in feeds, and formats dates for feeds and HTTP headers.
///
/// Understands RFC 822/1123/2822 and their real-world variants (optional day names, 2-digit years, missing seconds,
/// stray commas and spaces, named, numeric and "GMT+2" zones, "(comments)", RFC 850 "05-Jan-04"), asctime, AM/PM
/// times, RFC 3339/W3CDTF/ISO 8601 (extended and basic, any precision), "2004/01/05", "05.01.2004", and French,
/// German and Spanish month and day names with or without accents.
///
/// Parsing reads the UTF-8 bytes once, without `DateFormatter`, `Calendar` or regular expressions, and is pure: it
/// never reads the clock or the local time zone. What a caller must know:
/// - A missing time is midnight and a missing zone is UTC. Military zone letters other than "Z" are read as UTC:
///   RFC 822 defined their signs backwards and feeds disagree on them (RFC 1123 §5.2.14).
/// - Parenthesised comments are ignored, so a trailing "(PST)" never sets the zone. When a date has two zones the
///   first wins, except that "GMT+2" and "UTC-05:00" read as one zone.
/// - Two-digit years follow RFC 2822: 00–49 are 20xx, 50–99 are 19xx. Years before 1000 give nil.
/// - Numeric dates are read only as year-month-day (with "-" or "/"), YYYYMMDD, or day.month.year (with "."):
///   "05/01/2004" means different days to different writers and gives nil. A date with a month name needs a day,
///   the month and a year.
/// - A leap second (":60") becomes ":59"; fractions of a second are kept to the millisecond.
/// - Bare numbers (Unix timestamps included), relative words ("now", "yesterday") and unknown words give nil.
public enum DateParser {
    /// Returns the instant `text` denotes, or nil when it is not a date this parser understands.
    ///
    /// Surrounding whitespace, including no-break spaces, is ignored. The type's documentation lists the accepted
    /// forms and the defaults for a missing time or zone.
    public static func parse(_ text: String) -> Date? {
        if let date = text.utf8.withContiguousStorageIfAvailable({ parse(bytes: $0) }) {
            return date
        }
        var contiguous = text
        contiguous.makeContiguousUTF8()
        return contiguous.utf8.withContiguousStorageIfAvailable({ parse(bytes: $0) }) ?? nil
    }

    /// Formats `date` as RFC 3339 in UTC with whole seconds, e.g. "2023-12-05T10:00:00Z".
    ///
    /// Fractions of a second are truncated toward the past; dates outside the years 0001–9999 are clamped to them.
    public static func rfc3339(_ date: Date) -> String {
        let utc = UTCFields(date)
        var text: [UInt8] = []
        text.reserveCapacity(20)
        append(utc.year, digits: 4, to: &text)
        text.append(UInt8(ascii: "-"))
        append(utc.month, digits: 2, to: &text)
        text.append(UInt8(ascii: "-"))
        append(utc.day, digits: 2, to: &text)
        text.append(UInt8(ascii: "T"))
        appendClock(utc.secondOfDay, to: &text)
        text.append(UInt8(ascii: "Z"))
        return String(decoding: text, as: UTF8.self)
    }

    /// Days from 1970-01-01 to the given proleptic Gregorian date (negative before it).
    ///
    /// Howard Hinnant's `days_from_civil`; valid for any year, with `month` in 1...12 and `day` in 1...31.
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The proleptic Gregorian date `days` after 1970-01-01; the inverse of `daysFromCivil`.
    static func civilFromDays(_ days: Int) -> (year: Int, month: Int, day: Int) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// The number of days in `month` (1...12) of `year` in the Gregorian calendar.
    static func daysInMonth(_ month: Int, year: Int) -> Int {
        switch month {
        case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Expands a 2-digit year by the RFC 2822 rule: 00–49 are 20xx, 50–99 are 19xx.
    static func expandTwoDigitYear(_ year: Int) -> Int {
        year < 50 ? 2_000 + year : 1_900 + year
    }

    private static func parse(bytes: UnsafeBufferPointer<UInt8>) -> Date? {
        var scanner = FieldScanner(bytes)
        return scanner.scan() ? scanner.instant() : nil
    }

    /// Appends `value` in decimal, zero-padded to `digits`.
    private static func append(_ value: Int, digits: Int, to text: inout [UInt8]) {
        var divisor = 1
        for _ in 1..<digits { divisor *= 10 }
        while divisor > 0 {
            text.append(UInt8(ascii: "0") + UInt8(value / divisor % 10))
            divisor /= 10
        }
    }

    /// Appends "HH:MM:SS" for the second of the day `seconds`.
    private static func appendClock(_ seconds: Int, to text: inout [UInt8]) {
        append(seconds / 3_600, digits: 2, to: &text)
        text.append(UInt8(ascii: ":"))
        append(seconds / 60 % 60, digits: 2, to: &text)
        text.append(UInt8(ascii: ":"))
        append(seconds % 60, digits: 2, to: &text)
    }

    /// The UTC calendar fields of a date, truncated to the second and clamped to the years 0001–9999.
    private struct UTCFields {
        var year: Int
        var month: Int
        var day: Int
        var secondOfDay: Int

        init(_ date: Date) {
            let interval = date.timeIntervalSince1970
            let floored = interval.isNaN ? 0 : interval.rounded(.down)
            let seconds = Int(Swift.min(Swift.max(floored, -62_135_596_800), 253_402_300_799))
            let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
            (year, month, day) = DateParser.civilFromDays(days)
            secondOfDay = seconds - days * 86_400
        }
    }
}
